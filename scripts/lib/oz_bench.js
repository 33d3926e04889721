#!/usr/bin/env node
// The peer of the payout planner benchmark: @openzeppelin/merkle-tree building the same EVM
// distribution tree (same leaf encoding and values) and every proof. Prints JSON with the time
// of `StandardMerkleTree.of` + all `getProof` calls and the root.
// Usage: oz_bench.js holders.csv chainId distributor distributionId
'use strict';
const fs = require('fs');
const path = require('path');
const { StandardMerkleTree } = require(path.join(__dirname, '../../node_modules/@openzeppelin/merkle-tree'));

const [file, chainId, distributor, id] = process.argv.slice(2);
const lines = fs.readFileSync(file, 'utf8').trim().split('\n').slice(1);
const values = lines.map((l, i) => {
  const [account, amount] = l.split(',');
  return [chainId, distributor, id, String(i), account, amount];
});
const encoding = ['uint256', 'address', 'uint256', 'uint256', 'address', 'uint256'];
const t0 = process.hrtime.bigint();
const tree = StandardMerkleTree.of(values, encoding);
let proofs = 0;
for (let i = 0; i < values.length; i++) proofs += tree.getProof(i).length;
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
process.stdout.write(JSON.stringify({ ms, root: tree.root, leaves: values.length, proofNodes: proofs }) + '\n');
