// Hardhat 2 dev chain for Trainex's contract tests and benchmarks (no plugins). Contracts are NOT compiled by
// hardhat: src/main/js/compile.mjs compiles them with solcjs (npm `solc`) in the Maven build, and the tests drive
// them from Java through the generated web3j wrappers.
// Start it bound to loopback only: `node_modules/.bin/hardhat node --hostname 127.0.0.1 --port <port>`
// (the tests' HardhatNode extension does this on a free port).
/** @type import('hardhat/config').HardhatUserConfig */
module.exports = {
  // same compiler as package.json's `solc`; only used if someone runs `hardhat compile` (it would download it)
  solidity: "0.8.30",
  paths: {
    sources: "./src/main/solidity",
    cache: "./target/hardhat/cache",
    artifacts: "./target/hardhat/artifacts",
  },
  networks: {
    hardhat: {
      chainId: 31337,
      hardfork: "cancun", // the contracts are compiled for evmVersion "cancun"
      mining: { auto: true }, // automine: one block per transaction, receipts at once
    },
  },
};
