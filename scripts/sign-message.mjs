// Signs a text as an EIP-191 "personal_sign" message with a private key, as a wallet would, and prints the
// 65-byte signature r || s || v (v = 27/28) as 0x hex. Used by the demo to link curator wallets.
// Usage: node scripts/sign-message.mjs <private key, 0x + 64 hex> <message>
//        node scripts/sign-message.mjs --address <private key>   prints the key's checksummed (EIP-55) address
// Uses ethereum-cryptography (secp256k1 + keccak-256) from chain-gateway's npm install.
import { createRequire } from "node:module";

const require = createRequire(new URL("../chain-gateway/package.json", import.meta.url));
const { secp256k1 } = require("ethereum-cryptography/secp256k1");
const { keccak256 } = require("ethereum-cryptography/keccak");

const args = process.argv.slice(2);
if (args[0] === "--address") {
  const pub = secp256k1.getPublicKey(Buffer.from((args[1] ?? "").replace(/^0x/, ""), "hex"), false).slice(1);
  const lower = Buffer.from(keccak256(pub).slice(12)).toString("hex");
  const hash = Buffer.from(keccak256(new TextEncoder().encode(lower))).toString("hex");
  const sum = [...lower].map((c, i) => (parseInt(hash[i], 16) >= 8 ? c.toUpperCase() : c)).join("");
  console.log(`0x${sum}`);
  process.exit(0);
}
const [key, message] = args;
if (!/^0x[0-9a-fA-F]{64}$/.test(key ?? "") || message === undefined) {
  console.error("usage: node scripts/sign-message.mjs <0x private key> <message>");
  process.exit(2);
}
const text = new TextEncoder().encode(message);
const prefix = new TextEncoder().encode(`\x19Ethereum Signed Message:\n${text.length}`);
const digest = keccak256(new Uint8Array([...prefix, ...text]));
const sig = secp256k1.sign(digest, Buffer.from(key.slice(2), "hex"));
const hex = (n) => n.toString(16).padStart(64, "0");
console.log(`0x${hex(sig.r)}${hex(sig.s)}${(27 + sig.recovery).toString(16)}`);
