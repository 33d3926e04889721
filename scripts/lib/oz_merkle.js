#!/usr/bin/env node
// Reference: builds an OpenZeppelin StandardMerkleTree from a JSON file
// {"encoding": [...types], "values": [[...], ...]} and prints
// {"root": "0x…", "proofs": [[…], …]} with proofs in value order.
'use strict';
const fs = require('fs');
const path = require('path');
const { StandardMerkleTree } = require(path.join(__dirname, '../../node_modules/@openzeppelin/merkle-tree'));

const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const tree = StandardMerkleTree.of(input.values, input.encoding);
const proofs = input.values.map((_, i) => tree.getProof(i));
process.stdout.write(JSON.stringify({ root: tree.root, proofs }));
