#!/usr/bin/env node
// Writes tests/vectors/payout/fixtures/evm_oz_standard_v1.json: a distribution tree built by
// @openzeppelin/merkle-tree itself, for the forge test that proves the EVM distributor accepts
// such trees unchanged. The distributor address is where that test deploys it (forge's
// deterministic test deployer, first CREATE); the test fails if that ever differs.
'use strict';
const fs = require('fs');
const path = require('path');
const { StandardMerkleTree } = require(path.join(__dirname, '../../node_modules/@openzeppelin/merkle-tree'));

const chainId = 31337;
const distributor = '0x5615dEB798BB3E4dFa0139dFa1b3D433Cc23b72f';
const id = 1;
const encoding = ['uint256', 'address', 'uint256', 'uint256', 'address', 'uint256'];
const claims = [];
for (let i = 0; i < 10; i++) {
  const account = '0x' + (0xb000 + i).toString(16).padStart(40, '0');
  claims.push([String(chainId), distributor, String(id), String(i), account, String(1000 * (i + 1))]);
}
const tree = StandardMerkleTree.of(claims, encoding);
const out = {
  description: 'Built by @openzeppelin/merkle-tree ' +
    require(path.join(__dirname, '../../node_modules/@openzeppelin/merkle-tree/package.json')).version +
    ' (scripts/lib/gen_payout_oz_fixture.js); claimed unchanged by the EVM distributor.',
  encoding,
  chainId,
  distributor,
  id,
  root: tree.root,
  total: String(claims.reduce((s, c) => s + BigInt(c[5]), 0n)),
  accounts: claims.map(c => c[4]),
  amounts: claims.map(c => c[5]),
  proofs: claims.map((_, i) => tree.getProof(i)),
};
fs.writeFileSync(path.join(__dirname, '../../tests/vectors/payout/fixtures/evm_oz_standard_v1.json'),
  JSON.stringify(out, null, 1) + '\n');
