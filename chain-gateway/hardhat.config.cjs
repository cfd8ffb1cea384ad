// Hardhat 2 dev chain for Trainex's contract tests and benchmarks (no plugins: contracts are compiled by
// src/main/js/compile.mjs with solcjs, and driven from Java through web3j).
// Always start it bound to loopback: `npx hardhat node --hostname 127.0.0.1 --port <port>`.
/** @type import('hardhat/config').HardhatUserConfig */
module.exports = {
  solidity: "0.8.30",
  networks: {
    hardhat: {
      chainId: 31337,
      hardfork: "cancun",
      // automine: each transaction is mined in its own block, so receipts come back at once
      mining: { auto: true },
      allowUnlimitedContractSize: false,
    },
  },
};
