// Reference side of MerkleTreeCrossCheckTest: reads {"values": [[...], ...], "types": [...]} on stdin, builds
// OpenZeppelin's StandardMerkleTree, prints {"root": "0x..", "proofs": [[...], ...]} (proof i belongs to value i).
// "types" defaults to the DataRegistry leaf types ["bytes32","bytes32","address","uint64","uint256"] (values:
// [requestId, contentDigest, contributor, sampleCount, shares] as hex and decimal strings); CurationVoting's
// ballots use ["address","bool","uint256"] (values: [holder, support (JSON boolean), weight (decimal string)]).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { StandardMerkleTree } = require('@openzeppelin/merkle-tree');

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const { values, types } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const tree = StandardMerkleTree.of(values, types ?? ['bytes32', 'bytes32', 'address', 'uint64', 'uint256']);
const proofs = values.map((_, i) => tree.getProof(i));
process.stdout.write(JSON.stringify({ root: tree.root, proofs }));
