// A small wallet for Trainex's escrow contract: consumers and providers sign and send their OWN transactions
// (issue 11: every wei that enters escrow or stake comes from the wallet it is credited to; the exchange's account
// pays gas only). Uses ethers v6 from chain-gateway's npm install.
//
// usage: node scripts/wallet.mjs COMMAND [args] [--chain URL] [--escrow ADDRESS] [--key 0x... | --key-file FILE]
//   address                       the key's checksummed address
//   sign MESSAGE                  EIP-191 personal_sign signature (0x + 65 bytes hex)
//   deposit WEI                   ComputeEscrow.deposit(): WEI from the wallet into its escrow deposit
//   withdraw-deposit WEI          ComputeEscrow.withdrawDeposit(WEI): unlocked deposit back to the wallet
//   stake WEI                     ComputeEscrow.stake(): WEI from the wallet into its provider stake
//   withdraw                      ComputeEscrow.withdraw(): all credits (payments, dividends, refunds) to the wallet
//   balance [ADDRESS]             JSON: wallet balance, escrow deposit, stake, credits (wei, decimal strings)
// The key comes from --key, --key-file or TRAINEX_WALLET_KEY (hex); the chain from --chain, TRAINEX_CHAIN_URL, or
// http://127.0.0.1:$TRAINEX_CHAIN_PORT (8545); the escrow address from --escrow or TRAINEX_ESCROW_ADDRESS (the
// exchange lists it: GET /trainex/api/chain/contracts). Every transaction command prints one JSON line with the
// transaction hash and block. Exit codes: 0 done, 2 usage, 1 refused (the contract's error is named).
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(new URL("../chain-gateway/package.json", import.meta.url));
const { ethers } = require("ethers");

const ESCROW_ABI = [
  "function deposit() payable",
  "function withdrawDeposit(uint256 amount)",
  "function stake() payable",
  "function withdraw()",
  "function depositOf(address consumer) view returns (uint256)",
  "function creditOf(address account) view returns (uint256)",
  "function stakeOf(address provider) view returns (uint256 active, uint256 pending, uint64 unlockAt)",
  "error ZeroAmount()",
  "error InsufficientDeposit(address consumer, uint256 requested, uint256 available)",
  "error NothingToWithdraw(address account)",
  "error TransferFailed(address to, uint256 amount)",
];

function usage(message) {
  if (message) console.error(`wallet: ${message}`);
  console.error("usage: node scripts/wallet.mjs address|sign MESSAGE|deposit WEI|withdraw-deposit WEI|stake WEI|"
    + "withdraw|balance [ADDRESS] [--chain URL] [--escrow ADDRESS] [--key 0x..|--key-file FILE]");
  process.exit(2);
}

const positional = [];
const opts = {};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a.startsWith("--")) {
    if (i + 1 >= argv.length) usage(`${a} needs a value`);
    opts[a.slice(2)] = argv[++i];
  } else {
    positional.push(a);
  }
}
const [command, arg] = positional;
if (!command) usage();

function key() {
  let k = opts.key ?? (opts["key-file"] ? readFileSync(opts["key-file"], "utf8").trim() : process.env.TRAINEX_WALLET_KEY);
  if (!k) usage("no key: give --key, --key-file or TRAINEX_WALLET_KEY");
  if (!k.startsWith("0x")) k = `0x${k}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(k)) usage("the key must be 32 bytes of hex");
  return k;
}

function wei(text) {
  if (!/^[0-9]{1,78}$/.test(text ?? "") || BigInt(text) === 0n) usage(`WEI must be a positive decimal integer, got ${text}`);
  return BigInt(text);
}

function provider() {
  const url = opts.chain ?? process.env.TRAINEX_CHAIN_URL
    ?? `http://127.0.0.1:${process.env.TRAINEX_CHAIN_PORT ?? "8545"}`;
  return new ethers.JsonRpcProvider(url, undefined, { staticNetwork: true, polling: true, pollingInterval: 200 });
}

function escrow(runner) {
  const address = opts.escrow ?? process.env.TRAINEX_ESCROW_ADDRESS;
  if (!address || !ethers.isAddress(address)) usage("no escrow address: give --escrow or TRAINEX_ESCROW_ADDRESS");
  return new ethers.Contract(address, ESCROW_ABI, runner);
}

async function send(label, txPromise) {
  try {
    const tx = await txPromise;
    const receipt = await tx.wait();
    console.log(JSON.stringify({ command: label, from: tx.from, txHash: receipt.hash, block: receipt.blockNumber,
      valueWei: tx.value.toString(), gasUsed: receipt.gasUsed.toString() }));
  } catch (e) {
    const reason = e.revert ? `${e.revert.name}(${e.revert.args.join(", ")})` : (e.shortMessage ?? e.message);
    console.error(`wallet: ${label} refused: ${reason}`);
    process.exit(1);
  }
}

switch (command) {
  case "address":
    console.log(new ethers.Wallet(key()).address);
    break;
  case "sign":
    if (arg === undefined) usage("sign needs a MESSAGE");
    console.log(await new ethers.Wallet(key()).signMessage(arg));
    break;
  case "deposit": {
    const w = new ethers.Wallet(key(), provider());
    await send("deposit", escrow(w).deposit({ value: wei(arg) }));
    break;
  }
  case "withdraw-deposit": {
    const w = new ethers.Wallet(key(), provider());
    await send("withdraw-deposit", escrow(w).withdrawDeposit(wei(arg)));
    break;
  }
  case "stake": {
    const w = new ethers.Wallet(key(), provider());
    await send("stake", escrow(w).stake({ value: wei(arg) }));
    break;
  }
  case "withdraw": {
    const w = new ethers.Wallet(key(), provider());
    await send("withdraw", escrow(w).withdraw());
    break;
  }
  case "balance": {
    const p = provider();
    const who = arg ?? new ethers.Wallet(key()).address;
    if (!ethers.isAddress(who)) usage(`not an address: ${who}`);
    const e = escrow(p);
    const [balance, deposit, credit, stake] = await Promise.all([p.getBalance(who), e.depositOf(who),
      e.creditOf(who), e.stakeOf(who)]);
    console.log(JSON.stringify({ address: ethers.getAddress(who), balanceWei: balance.toString(),
      depositWei: deposit.toString(), creditWei: credit.toString(), stakeActiveWei: stake.active.toString(),
      stakePendingWei: stake.pending.toString() }));
    break;
  }
  default:
    usage(`unknown command ${command}`);
}
process.exit(0);
