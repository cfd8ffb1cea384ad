#!/usr/bin/env python3
"""The thin main job of Trainex, driven through the public REST API (README: `./trainex demo`).

1. signs in as the demo users (Keycloak, OIDC password grant of the public client trainex-cli),
2. uploads Fashion-MNIST's held-out test set (10,000 images) as content-addressed blobs (CIDv1 of their SHA-256;
   the server re-hashes) and registers it as a dataset,
3. data market: an initiator requests Fashion-MNIST images with the test set as the oracle's reference; six
   contributors each propose a 10,000-image shard of the training set, one with shuffled labels; three curators
   with curator tokens vote, two through the oracle; the tally accepts the honest shards, rejects the bad one, and
   the accepted ones become registry entries anchored on chain with shares minted to their contributors,
4. compute market: two providers link payout wallets, stake through the escrow contract and bid their three
   runners' capacity at different prices,
5. a consumer orders the default MLP (784-256-10) on the accepted registry entries as FedAvg rounds, with conditions
   that need all three runners; the order book fills the bids cheapest first and the price is locked in escrow,
6. follows the rounds (per-runner progress, the global model's accuracy per round),
7. waits for the settlement: the escrow is verified on chain, and after the challenge period released to the
   providers (accepted work at the matched prices), the shareholders (data fee as dividends) and the consumer
   (refund); checks the bill sums to the lock, prints the test accuracy and writes a JSON report.

Only the Python standard library is used. Settings come from the environment the launcher exports.
"""
import argparse
import base64
import datetime
import hashlib
import json
import gzip
import os
import random
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

EXCHANGE = os.environ.get("TRAINEX_EXCHANGE_URL", "http://127.0.0.1:8080/trainex")
TOKEN_URL = os.environ.get("TRAINEX_OIDC_TOKEN_URL",
                           "http://127.0.0.1:8180/realms/trainex/protocol/openid-connect/token")
PASSWORD = os.environ.get("TRAINEX_DEMO_PASSWORD", "demo")
DATA_DIR = os.environ.get("TRAINEX_FASHION_MNIST", "/usr/share/datasets/fashion-mnist")
SHARDS = 6
BAD_SHARD = int(os.environ.get("TRAINEX_DEMO_BAD_SHARD", "4"))  # 1-based: the shard whose labels are shuffled
VOTING_SECONDS = int(os.environ.get("TRAINEX_DEMO_VOTING_SECONDS", "20"))
TOKEN = 10 ** 18  # CuratorToken base units per token
CURATORS = [("curator", 40, "oracle"), ("curator2", 30, "oracle"), ("curator3", 30, None)]
SIGNER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sign-message.mjs")
TARGET_ACCURACY = 0.85  # issue 5, "Done when": the model reaches test accuracy >= 0.85


def log(msg):
    print(f"[demo] {msg}", flush=True)


def cid_of(data: bytes) -> str:
    """CIDv1, raw codec, sha2-256 multihash, multibase base32 lower case (what IPFS gives a raw leaf)."""
    raw = bytes([0x01, 0x55, 0x12, 0x20]) + hashlib.sha256(data).digest()
    return "b" + base64.b32encode(raw).decode().lower().rstrip("=")


class Client:
    def __init__(self, user):
        self.user = user
        self.token = None
        self.expires = 0

    def _token(self):
        if time.time() < self.expires - 30:
            return self.token
        form = urllib.parse.urlencode({"grant_type": "password", "client_id": "trainex-cli",
                                       "username": self.user, "password": PASSWORD}).encode()
        try:
            with urllib.request.urlopen(urllib.request.Request(TOKEN_URL, data=form), timeout=30) as r:
                body = json.load(r)
        except urllib.error.HTTPError as e:
            sys.exit(f"[demo] cannot sign in as {self.user}: HTTP {e.code} {e.read().decode()[:200]}")
        self.token, self.expires = body["access_token"], time.time() + body.get("expires_in", 60)
        return self.token

    def call(self, method, path, body=None, data=None, ok=(200, 201)):
        headers = {"Authorization": "Bearer " + self._token(), "Accept": "application/json"}
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        elif data is not None:
            headers["Content-Type"] = "application/octet-stream"
        req = urllib.request.Request(EXCHANGE + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=600) as r:
                return r.status, json.load(r)
        except urllib.error.HTTPError as e:
            detail = e.read().decode(errors="replace")
            if e.code in ok:
                return e.code, json.loads(detail or "null")
            raise SystemExit(f"[demo] {method} {path} failed: HTTP {e.code} {detail[:500]}")


def upload(client, path):
    with open(path, "rb") as f:
        data = f.read()
    cid = cid_of(data)
    status, info = client.call("PUT", "/api/blobs/" + cid, data=data)
    log(f"  {os.path.basename(path)}: {len(data):,} bytes -> {cid} ({'stored' if status == 201 else 'already stored'})")
    return cid


def register(client, name, prefix):
    images = upload(client, os.path.join(DATA_DIR, f"{prefix}-images-idx3-ubyte.gz"))
    labels = upload(client, os.path.join(DATA_DIR, f"{prefix}-labels-idx1-ubyte.gz"))
    _, existing = client.call("GET", "/api/datasets")
    for d in existing:
        if d["imagesCid"] == images and d["labelsCid"] == labels:
            log(f"  dataset '{d['name']}' already registered: {d['id']} ({d['sampleCount']:,} samples)")
            return d
    # registering never enters the registry (issue 11): data enters it through curation below
    body = {"name": name, "imagesCid": images, "labelsCid": labels}
    _, d = client.call("POST", "/api/datasets", body=body)
    log(f"  registered '{name}': {d['id']} ({d['sampleCount']:,} samples, {d['rows']}x{d['columns']}, "
        f"{d['classes']} classes)")
    return d


def iso(value):
    """Seconds since the epoch of an ISO-8601 instant from the API, or None."""
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp() if value else None


def await_anchoring(client, dataset_id, timeout_s=120):
    """The dataset's registry entry once its Merkle batch is confirmed on chain."""
    start, said = time.time(), False
    while True:
        status, entry = client.call("GET", f"/api/registry/datasets/{dataset_id}", ok=(200, 404))
        if status == 404:
            log("  the dataset has no registry entry (only curation or an admin enters data in the registry)")
            return None
        if entry["state"] == "ANCHORED" and entry.get("sharesTxHash"):
            return entry
        if not said:
            log(f"  registry entry {entry['id']} {entry['state'].lower()}: waiting for the chain gateway")
            said = True
        if time.time() - start > timeout_s:
            raise SystemExit(f"[demo] registry entry not anchored within {timeout_s} s (state {entry['state']}); "
                             "see GET /api/admin/chain-requests and var/logs/wildfly/server.log")
        time.sleep(0.5)


def demo_key(name):
    """A deterministic demo private key (never use such keys for real funds)."""
    return "0x" + hashlib.sha256(f"trainex-demo-key:{name}".encode()).hexdigest()


def node(*args):
    try:
        return subprocess.run(["node", SIGNER, *args], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as e:
        raise SystemExit(f"[demo] cannot sign with {SIGNER} (is chain-gateway built, with its npm modules?): {e}")


def wallet_of(name):
    return node("--address", demo_key(name))


WALLET_TOOL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wallet.mjs")
# The wallets that PAY (issue 11: every wei in escrow or stake comes from the wallet it is credited to): hardhat's
# public dev accounts #3, #4 and #5, funded on the dev chain (never use these keys for real funds). On another chain
# set TRAINEX_DEMO_CONSUMER_KEY, TRAINEX_DEMO_PROVIDER_KEY and TRAINEX_DEMO_PROVIDER2_KEY to keys of funded wallets.
PAYING_KEYS = {
    "consumer": os.environ.get("TRAINEX_DEMO_CONSUMER_KEY",
                               "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6"),
    "provider": os.environ.get("TRAINEX_DEMO_PROVIDER_KEY",
                               "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a"),
    "provider2": os.environ.get("TRAINEX_DEMO_PROVIDER2_KEY",
                                "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba"),
}


def wallet(user, *args, escrow=None):
    """Runs scripts/wallet.mjs with `user`'s paying key: the wallet signs and sends its own transactions."""
    cmd = ["node", WALLET_TOOL, *args, "--key", PAYING_KEYS[user]]
    if escrow:
        cmd += ["--escrow", escrow]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"[demo] wallet {' '.join(args[:1])} of {user} failed: {r.stderr.strip() or r.stdout.strip()}")
    out = r.stdout.strip()
    return json.loads(out) if out.startswith("{") else out


def escrow_address(client):
    chain_id = int(os.environ.get("TRAINEX_CHAIN_ID", "31337"))
    for c in client.call("GET", "/api/chain/contracts")[1]:
        if c["name"] == "ComputeEscrow" and int(c["chainId"]) == chain_id:
            return c["address"]
    raise SystemExit("[demo] ComputeEscrow is not deployed yet (GET /api/chain/contracts)")


def idx_shards(bad_shard):
    """Fashion-MNIST's training set cut into SHARDS gzip IDX pairs; shard `bad_shard` gets shuffled labels."""
    with gzip.open(os.path.join(DATA_DIR, "train-images-idx3-ubyte.gz")) as f:
        images = f.read()
    with gzip.open(os.path.join(DATA_DIR, "train-labels-idx1-ubyte.gz")) as f:
        labels = f.read()
    n, rows, cols = (int.from_bytes(images[i:i + 4], "big") for i in (4, 8, 12))
    size, per = rows * cols, n // SHARDS
    out = []
    for k in range(SHARDS):
        img = images[16 + k * per * size:16 + (k + 1) * per * size]
        lab = bytearray(labels[8 + k * per:8 + (k + 1) * per])
        if k + 1 == bad_shard:
            random.Random(7).shuffle(lab)
        out.append((gzip.compress((0x803).to_bytes(4, "big") + per.to_bytes(4, "big") + rows.to_bytes(4, "big")
                                  + cols.to_bytes(4, "big") + img, mtime=0),
                    gzip.compress((0x801).to_bytes(4, "big") + per.to_bytes(4, "big") + bytes(lab), mtime=0)))
    return out


def put_blob(client, data):
    cid = cid_of(data)
    client.call("PUT", "/api/blobs/" + cid, data=data)
    return cid


def wait_for(what, probe, timeout_s, every=0.5):
    start = time.time()
    while True:
        value = probe()
        if value:
            return value
        if time.time() - start > timeout_s:
            raise SystemExit(f"[demo] {what} did not happen within {timeout_s} s")
        time.sleep(every)


DEMO_REQUEST_TITLE = "Fashion-MNIST training images"


def earlier_market(initiator):
    """The data market of an earlier demo run on this state, if it decided every shard: proposing the same shards
    again would be refused (their samples duplicate accepted registry data), so the run reuses its entries."""
    _, requests = initiator.call("GET", "/api/data-requests")
    for r in requests:  # newest first
        if r["title"] != DEMO_REQUEST_TITLE or r["proposals"] != SHARDS:
            continue
        _, props = initiator.call("GET", f"/api/data-requests/{r['id']}/proposals")
        if any(p["state"] == "SUBMITTED" for p in props) or not any(p["state"] == "ACCEPTED" for p in props):
            continue
        log(f"  an earlier demo run decided request {r['id']}: its shards are accepted registry data, so proposing "
            f"them again would be refused as duplicates; reusing its {sum(p['state'] == 'ACCEPTED' for p in props)} "
            f"entries")
        proposals = [{"shard": k, "user": p["contributor"], "wallet": p["contributorWallet"], "id": p["id"],
                      "state": p["state"], "oracleVote": p["oracleVote"], "oracleAgreement": p["oracleAgreement"],
                      "decision": p["decisionNote"], "sampleCount": p["sampleCount"], "datasetId": p.get("datasetId"),
                      "reusedFromAnEarlierRun": True} for k, p in enumerate(props, start=1)]
        accepted = sum(p["state"] == "ACCEPTED" for p in proposals)
        return {"requestId": r["id"], "proposals": proposals, "accepted": accepted, "rejected": SHARDS - accepted,
                "reusedFromAnEarlierRun": True}
    return None


def data_market(admin, reference, phases):
    """Request -> 6 proposals -> curators + oracle -> tally -> registry entries anchored, shares minted."""
    t0 = time.time()
    log("data market: curators link wallets, receive curator tokens and choose how to vote")
    curators = []
    for user, tokens, delegate in CURATORS:
        c = Client(user)
        wallet = wallet_of(user)
        _, me = c.call("GET", "/api/curators/me")
        if me.get("wallet") != wallet:
            message = f"Trainex: link wallet {wallet} to curator account {user}"
            _, me = c.call("POST", "/api/curators/me/wallet",
                           body={"wallet": wallet, "signature": node(demo_key(user), message)})
        power = int(me.get("votingPower") or 0)
        if power < tokens * TOKEN:
            admin.call("POST", "/api/admin/curator-tokens", body={"holder": wallet, "amount": str(tokens * TOKEN - power)})
        c.call("PUT", "/api/curators/me/delegation", body={"delegate": delegate})
        curators.append((c, wallet, tokens, delegate))
    for c, wallet, tokens, delegate in curators:
        wait_for(f"the curator tokens of {c.user}",
                 lambda: int(c.call("GET", "/api/curators/me")[1].get("votingPower") or 0) >= tokens * TOKEN, 120)
        log(f"  {c.user}: wallet {wallet}, {tokens} TXCUR, "
            + ("votes through the oracle" if delegate == "oracle" else "votes itself"))
    initiator = Client("initiator")
    earlier = earlier_market(initiator)
    if earlier:
        return earlier
    deadline = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=7)
    _, request = initiator.call("POST", "/api/data-requests", body={
        "title": DEMO_REQUEST_TITLE, "description": "28x28 grey clothing images, labels 0-9",
        "imageRows": 28, "imageColumns": 28, "labels": list(range(10)), "targetSamples": 60000,
        "voteThreshold": 0.5, "quorum": 0.5, "votingPeriodSeconds": VOTING_SECONDS,
        "deadline": deadline.isoformat().replace("+00:00", "Z"),
        "referenceDatasetId": reference["id"], "oracleThreshold": 0.5})
    log(f"  request {request['id']}: threshold 50 %, quorum 50 %, voting {VOTING_SECONDS} s, oracle reference "
        f"'{reference['name']}'")
    log(f"  six contributors propose 10,000-image shards; shard {BAD_SHARD} has shuffled labels")
    proposals = []
    for k, (images, labels) in enumerate(idx_shards(BAD_SHARD), start=1):
        user = "contributor" if k == 1 else f"contributor{k}"
        c = Client(user)
        wallet = wallet_of(user)
        _, p = c.call("POST", f"/api/data-requests/{request['id']}/proposals", body={
            "contributorWallet": wallet, "imagesCid": put_blob(c, images), "labelsCid": put_blob(c, labels),
            "license": "MIT"})
        proposals.append({"shard": k, "user": user, "wallet": wallet, "id": p["id"], "shuffled": k == BAD_SHARD})
    phases["data_market_setup"] = time.time() - t0
    t1 = time.time()

    def proposal(p):
        return admin.call("GET", f"/api/data-proposals/{p['id']}")[1]

    wait_for("the votes to open", lambda: all(proposal(p).get("snapshotBlock") for p in proposals), 60)
    voter = curators[2][0]
    for p in proposals[:2]:
        voter.call("POST", f"/api/data-proposals/{p['id']}/votes", body={"support": True})
        log(f"  {voter.user} votes yes on shard {p['shard']}")
    log(f"  waiting for the oracle and the end of the voting period ({VOTING_SECONDS} s)")
    wait_for("the tally", lambda: all(proposal(p)["state"] != "SUBMITTED" for p in proposals),
             VOTING_SECONDS + 900, every=1)
    phases["curation"] = time.time() - t1
    t2 = time.time()
    for p in proposals:
        v = proposal(p)
        p.update({"state": v["state"], "oracleVote": v["oracleVote"], "oracleAgreement": v["oracleAgreement"],
                  "yesVotes": v["yesVotes"], "noVotes": v["noVotes"], "decision": v["decisionNote"],
                  "sampleCount": v["sampleCount"], "datasetId": v.get("datasetId"),
                  "secondsToDecision": round(iso(v["decidedAt"]) - iso(v["createdAt"]), 1)})
        agreement = "n/a" if v["oracleAgreement"] is None else f"{v['oracleAgreement']:.3f}"
        log(f"  shard {p['shard']}{' (shuffled)' if p['shuffled'] else ''}: oracle {v['oracleVote']} "
            f"(agreement {agreement}), {v['state']}: {v['decisionNote']}")
    for p in proposals:
        if p["state"] == "ACCEPTED":
            entry = await_anchoring(admin, p["datasetId"])
            tally = wait_for("the tally on chain", lambda: proposal(p).get("tallyTxHash") and proposal(p), 120)
            p["registryEntry"] = {k: entry[k] for k in ("id", "contentDigest", "shares", "merkleRoot", "chainBatchId",
                                                        "txHash", "blockNumber", "sharesTxHash")}
            p["tally"] = {"txHash": tally["tallyTxHash"], "block": tally["tallyBlock"],
                          "ballotsRoot": tally["ballotsRoot"]}
            earlier = iso(entry["createdAt"]) < iso(proposal(p)["createdAt"])
            p["registryEntry"]["enteredInAnEarlierRun"] = earlier
            log(f"  shard {p['shard']}: entry {entry['id']} anchored (root {entry['merkleRoot'][:12]}..., tx "
                f"{entry['txHash'][:12]}...), {entry['shares']:,} shares to {p['wallet']}; tally tx "
                f"{tally['tallyTxHash'][:12]}..."
                + (" [the same data was entered by an earlier demo run; its anchoring is that run's, and a dev "
                   "chain restarted since no longer holds it]" if earlier else ""))
        else:
            tally = wait_for("the tally on chain", lambda: proposal(p).get("tallyTxHash") and proposal(p), 120)
            p["tally"] = {"txHash": tally["tallyTxHash"], "block": tally["tallyBlock"],
                          "ballotsRoot": tally["ballotsRoot"]}
    phases["registry_anchoring"] = time.time() - t2
    accepted = [p for p in proposals if p["state"] == "ACCEPTED"]
    log(f"data market: {len(accepted)} of {SHARDS} shards accepted and anchored, "
        f"{SHARDS - len(accepted)} rejected, in {time.time() - t0:.0f} s")
    return {"requestId": request["id"], "proposals": proposals, "accepted": len(accepted),
            "rejected": SHARDS - len(accepted)}


PROVIDERS = [("provider", "provider"), ("provider2", "provider2")]
STAKE_WEI = "2000000000000000"  # 0.002 ETH per provider, above TRAINEX_MIN_STAKE_WEI
# the consumer's escrow lock: 8 rounds x 3 epochs on 50,000 samples are 1.2M sample-steps, at most 6x10^15 wei at the
# demo's dearest bid (5x10^12 per 1,000), plus room for the 10 % data fee
MAX_PRICE_WEI = os.environ.get("TRAINEX_DEMO_MAX_PRICE_WEI", "8000000000000000")
# bid prices in wei per 1,000 sample-steps: provider2's runner is cheapest, then provider's two runners
PRICES = [3_000_000_000_000, 4_000_000_000_000, 5_000_000_000_000]


def stake_and_bid(admin, phases):
    """Two providers stake from their own wallets, link them (EIP-191) and bid their runners' capacity."""
    t0 = time.time()
    log("compute market: providers stake from their own wallets and bid their runners' capacity")
    escrow = escrow_address(admin)
    clients = {}
    for user, _ in PROVIDERS:
        c = Client(user)
        address = wallet(user, "address")
        before = wallet(user, "balance", escrow=escrow)
        if int(before["stakeActiveWei"]) < int(STAKE_WEI):
            tx = wallet(user, "stake", str(int(STAKE_WEI) - int(before["stakeActiveWei"])), escrow=escrow)
            log(f"  {user}: wallet {address} staked {int(tx['valueWei']):,} wei itself: tx {tx['txHash']}")
        message = f"Trainex provider {user} is paid at wallet {address}"
        _, acct = c.call("POST", "/api/providers/me/stake", body={
            "wallet": address, "signature": wallet(user, "sign", message)})
        log(f"  {user}: payout wallet {address} linked, {int(acct['stakedWei']):,} wei staked (read from the chain)")
        clients[user] = c

    def live_runners():
        out = {}
        for r in admin.call("GET", "/api/runners")[1]:
            if r["state"] == "ACTIVE" and r["provider"] in clients and (time.time() - iso(r["lastHeartbeat"])) < 10:
                out.setdefault(r["provider"], []).append(r)
        return out if sum(len(v) for v in out.values()) >= 3 and len(out) == 2 else None

    runners = wait_for("three live runners of two providers (./trainex status)", live_runners, 180)
    ordered = sorted(runners["provider2"], key=lambda r: r["id"])[:1] + sorted(runners["provider"], key=lambda r: r["id"])[:2]
    # a repeated demo run replaces its earlier bids on these runners rather than offering their capacity twice
    mine = {r["id"] for r in ordered}
    for b in admin.call("GET", "/api/bids")[1]:
        if set(b["runnerIds"]) & mine:
            clients[b["provider"]].call("DELETE", f"/api/bids/{b['id']}")
            log(f"  cancelled the earlier bid {b['id']} on {', '.join(b['runnerIds'])}")
    bids = []
    until = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)).isoformat().replace("+00:00", "Z")
    for r, price in zip(ordered, PRICES):
        _, b = clients[r["provider"]].call("POST", "/api/bids", body={
            "runnerIds": [r["id"]], "pricePerKiloSampleStepWei": str(price), "validUntil": until})
        bids.append({"bidId": b["id"], "provider": r["provider"], "runnerId": r["id"],
                     "capacitySamplesPerSecond": b["capacity"], "priceWeiPerKiloSampleStep": str(price),
                     "runnerMeasuredCapacity": r["claimedCapacity"]})
        log(f"  {r['provider']} bids runner {r['id']}: {b['capacity']:,} samples/s "
            f"(measured on join) at {price:,} wei per 1,000 sample-steps")
    phases["stake_and_bid"] = time.time() - t0
    return bids


def fund_consumer(consumer, admin, max_price_wei):
    """The consumer links its wallet (EIP-191) and deposits the order's price into escrow from that wallet itself."""
    escrow = escrow_address(admin)
    address = wallet("consumer", "address")
    _, acct = consumer.call("POST", "/api/consumers/me/wallet", body={
        "wallet": address, "signature": wallet("consumer", "sign", f"Trainex consumer consumer pays from wallet {address}")})
    missing = max_price_wei - int(acct["availableWei"])
    if missing > 0:
        tx = wallet("consumer", "deposit", str(missing), escrow=escrow)
        log(f"consumer: wallet {address} deposits {missing:,} wei into the escrow contract itself: tx {tx['txHash']}")
    _, acct = consumer.call("GET", "/api/consumers/me")
    log(f"consumer: wallet {address} has {int(acct['availableWei']):,} wei available in its escrow deposit")
    return address


def follow_federated(client, job_id, timeout_s):
    """Prints each round's per-runner progress and the global model's accuracy until the job ends."""
    start, last = time.time(), None
    while True:
        _, job = client.call("GET", f"/api/jobs/{job_id}")
        per_runner = {}
        for c in job.get("chunks", []):
            if c["round"] == job.get("progressEpoch") and c["state"] in ("LEASED", "DONE"):
                done, total = per_runner.get(c["runnerId"], (0, 0))
                per_runner[c["runnerId"]] = (done + c["samplesDone"], total + c["samplesTotal"])
        rounds = job.get("roundHistory", [])
        evaluated = [f"r{r['round']} {r['testAccuracy']:.3f}" for r in rounds if r.get("testAccuracy") is not None]
        line = (f"  {job['state'].lower()}, round {job.get('progressEpoch')}/{job['rounds']}: "
                + ", ".join(f"{rid.split('-')[-1]} {100 * d / max(t, 1):.0f}%" for rid, (d, t) in sorted(per_runner.items()))
                + (f"; accuracy {', '.join(evaluated)}" if evaluated else ""))
        if line != last:
            log(line)
            last = line
        if job["state"] in ("COMPLETED", "FAILED"):
            return job
        if time.time() - start > timeout_s:
            raise SystemExit(f"[demo] job {job_id} did not finish within {timeout_s} s (state {job['state']}); "
                             "are the runners running? ./trainex status")
        time.sleep(1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--report", required=True)
    # test accuracy on the dev stack (2026-11-22): 8 rounds x 3 local epochs at batch 64 0.869; 6 rounds x 3 at
    # batch 64 0.854-0.860; 6 x 2 at batch 128 0.850-0.861; 8 x 2 at batch 64 0.857. The target is 0.85.
    ap.add_argument("--epochs", type=int, default=3, help="local epochs per FedAvg round")
    ap.add_argument("--rounds", type=int, default=8, help="FedAvg rounds")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--timeout", type=int, default=1800, help="seconds to wait for the job")
    ap.add_argument("--phase", action="append", default=[], help="NAME=SECONDS measured by the launcher")
    args = ap.parse_args()
    phases = {k: float(v) for k, v in (p.split("=", 1) for p in args.phase)}
    t0 = time.time()

    contributor, consumer, admin = Client("contributor"), Client("consumer"), Client("admin")
    log("uploading and registering the Fashion-MNIST test set (the oracle's reference and the held-out set)")
    test = register(contributor, "Fashion-MNIST t10k (held out)", "t10k")
    phases["upload_and_register"] = time.time() - t0
    market = data_market(admin, test, phases)
    accepted = [p for p in market["proposals"] if p["state"] == "ACCEPTED"]
    if not accepted:
        raise SystemExit("[demo] no shard was accepted: nothing to train on")
    bids = stake_and_bid(admin, phases)

    # the order: the accepted registry entries, FedAvg rounds, conditions that need all three runners
    capacities = [b["capacitySamplesPerSecond"] for b in bids]
    min_capacity = sum(capacities) - capacities[-1] // 2  # the dearest bid is filled in part
    t1 = time.time()
    consumer_wallet = fund_consumer(consumer, admin, int(MAX_PRICE_WEI))
    _, order = consumer.call("POST", "/api/orders", body={
        "trainDatasetId": accepted[0]["datasetId"], "trainDatasetIds": [p["datasetId"] for p in accepted[1:]],
        "testDatasetId": test["id"], "epochs": args.epochs, "rounds": args.rounds, "batchSize": args.batch_size,
        "minCapacitySamplesPerSecond": min_capacity, "maxDurationSeconds": 3600, "maxPriceWei": MAX_PRICE_WEI,
        "consumerWallet": consumer_wallet})
    log(f"order {order['id']}: {order['modelName']} on {len(accepted)} registry entries, {order['rounds']} FedAvg "
        f"rounds x {order['epochs']} local epochs ({order['sampleSteps']:,} sample-steps), at least "
        f"{min_capacity:,} samples/s, at most {int(MAX_PRICE_WEI):,} wei; {order['state']}: {order['matchNote']}")
    if order["state"] == "AWAITING_BIDS":
        raise SystemExit(f"[demo] the order did not match: {order['matchNote']}")
    _, match = consumer.call("GET", f"/api/orders/{order['id']}/match")
    for f in match["fills"]:
        log(f"  fill: {f['provider']} {','.join(f['runnerIds'])}: {f['capacity']:,} samples/s, "
            f"{f['sampleSteps']:,} sample-steps at {int(f['pricePerKiloSampleStepWei']):,} wei = {int(f['costWei']):,} wei")
    locked = wait_for("the escrow lock on chain", lambda: (lambda o: o.get("escrowTxHash") and o)(
        consumer.call("GET", f"/api/orders/{order['id']}")[1]), 120)
    log(f"  {int(MAX_PRICE_WEI):,} wei locked in escrow: tx {locked['escrowTxHash']}")
    job = follow_federated(consumer, order["jobId"], args.timeout)
    phases["job_total"] = time.time() - t1
    if job["state"] != "COMPLETED":
        raise SystemExit(f"[demo] job failed: {job.get('failure')}")
    for r in job["roundHistory"]:
        log(f"  round {r['round']}: {r['chunks']} chunks, train loss {r['trainLoss']:.4f}, test accuracy "
            f"{r['testAccuracy']:.4f}, test loss {r['testLoss']:.4f}")

    td = time.time()
    log("settlement: work accepted; the escrow is verified on chain, then released after the challenge period")
    bill = wait_for("the escrow release", lambda: (lambda b: b["state"] == "RELEASED" and b)(
        consumer.call("GET", f"/api/orders/{order['id']}/bill")[1]), 300, every=1)
    phases["settlement"] = time.time() - td
    work = {}
    for c in job["chunks"]:
        w = work.setdefault(c["runnerId"], {"runnerId": c["runnerId"], "provider": c["provider"], "chunksDone": 0,
                                            "sampleSteps": 0, "paymentWei": 0, "attemptsNotPaid": 0})
        if c["state"] == "DONE":
            w["chunksDone"] += 1
            w["sampleSteps"] += c["sampleSteps"]
            w["paymentWei"] += int(c["paymentWei"])
        else:
            w["attemptsNotPaid"] += 1
    for w in work.values():
        w["paymentWei"] = str(w["paymentWei"])
        log(f"  runner {w['runnerId']} ({w['provider']}): {w['chunksDone']} chunks, {w['sampleSteps']:,} "
            f"sample-steps, {int(w['paymentWei']):,} wei")
    total = sum(int(l["amountWei"]) for l in bill["lines"])
    for l in bill["lines"]:
        log(f"  {l['kind']:<8} {l['party'][:36]:<36} {int(l['amountWei']):>22,} wei  {l['note'] or ''}")
    log(f"  locked {int(bill['lockedWei']):,} = providers {int(bill['providersWei']):,} + dividends "
        f"{int(bill['dataFeeWei']):,} + refund {int(bill['refundWei']):,} wei "
        f"({'balanced' if total == int(bill['lockedWei']) else 'NOT BALANCED'}); release tx {bill['releaseTxHash']}")
    _, earnings = contributor.call("GET", "/api/me/earnings")
    phases["demo_total"] = time.time() - t0 + phases.get("setup_total", 0)

    report = {
        "testDataset": {"id": test["id"], "sampleCount": test["sampleCount"]},
        "dataMarket": market,
        "computeMarket": {
            "bids": bids,
            "order": {k: order[k] for k in ("id", "modelName", "epochs", "rounds", "batchSize", "sampleSteps",
                                            "minCapacitySamplesPerSecond", "maxPriceWei", "trainDatasetIds",
                                            "dataFeeBps", "consumerWallet")},
            "escrowLockTx": locked["escrowTxHash"],
            "match": match,
            "perRunnerWork": list(work.values()),
            "rounds": job["roundHistory"],
            "bill": bill,
            "billSumWei": str(total),
            "billSumsToLock": total == int(bill["lockedWei"]),
            "contributorEarningsWei": earnings["totalWei"],
        },
        "orderId": order["id"], "jobId": job["id"], "state": job["state"], "model": order["modelName"],
        "samplesTrained": job.get("samplesTrained"), "testSamples": job.get("testSamples"),
        "testAccuracy": job.get("testAccuracy"), "testLoss": job.get("testLoss"), "modelCid": job.get("modelCid"),
        "wallSeconds": {k: round(v, 1) for k, v in phases.items()},
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.report)), exist_ok=True)
    with open(args.report, "w") as f:
        json.dump(report, f, indent=2)
    if total != int(bill["lockedWei"]):
        raise SystemExit(f"[demo] the bill does not sum to the lock (report: {args.report})")
    log(f"TEST ACCURACY {job['testAccuracy']:.4f} on {job['testSamples']:,} held-out images after "
        f"{job['rounds']} FedAvg rounds across {len(work)} runners (loss {job['testLoss']:.4f}); model {job['modelCid']}")
    if job["testAccuracy"] < TARGET_ACCURACY:
        log(f"WARNING: below the target test accuracy of {TARGET_ACCURACY} (issue 5); try more --rounds or --epochs")
    log(f"report written to {args.report}")


if __name__ == "__main__":
    main()
