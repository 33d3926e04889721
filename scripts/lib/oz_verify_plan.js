#!/usr/bin/env node
// Loads a Tokenrail EVM plan with @openzeppelin/merkle-tree's StandardMerkleTree.load (which
// validates the whole tree) and checks that its root and every proof equal the plan's own.
// Prints `ok <claims>`; exits non-zero on any difference.
'use strict';
const fs = require('fs');
const path = require('path');
const { StandardMerkleTree } = require(path.join(__dirname, '../../node_modules/@openzeppelin/merkle-tree'));

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const tree = StandardMerkleTree.load(plan);
if (tree.root !== plan.tokenrail.root) {
  console.error(`root ${tree.root} != plan ${plan.tokenrail.root}`);
  process.exit(1);
}
plan.tokenrail.claims.forEach((c, i) => {
  const proof = tree.getProof(i);
  if (JSON.stringify(proof) !== JSON.stringify(c.proof)) {
    console.error(`proof ${i} differs`);
    process.exit(1);
  }
});
console.log(`ok ${plan.tokenrail.claims.length}`);
