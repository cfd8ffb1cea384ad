// Reference side of MerkleTreeCrossCheckTest: reads {"values": [[requestId, contentDigest, contributor,
// sampleCount, shares], ...]} (hex strings and decimal strings) on stdin, builds OpenZeppelin's
// StandardMerkleTree with the DataRegistry leaf types, prints {"root": "0x..", "proofs": [[...], ...]}
// (proof i belongs to value i).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { StandardMerkleTree } = require('@openzeppelin/merkle-tree');

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const { values } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const tree = StandardMerkleTree.of(values, ['bytes32', 'bytes32', 'address', 'uint64', 'uint256']);
const proofs = values.map((_, i) => tree.getProof(i));
process.stdout.write(JSON.stringify({ root: tree.root, proofs }));
