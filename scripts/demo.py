#!/usr/bin/env python3
"""The thin main job of Trainex, driven through the public REST API (README: `./trainex demo`).

1. signs in as the demo users (Keycloak, OIDC password grant of the public client trainex-cli),
2. uploads Fashion-MNIST's four IDX files as content-addressed blobs (CIDv1 of their SHA-256; the server re-hashes),
   and registers the training set (60,000 images) and the held-out test set (10,000) as datasets,
3. data market: an initiator requests Fashion-MNIST images with the test set as the oracle's reference; six
   contributors each propose a 10,000-image shard of the training set, one with shuffled labels; three curators
   with curator tokens vote, two through the oracle; the tally accepts the honest shards, rejects the bad one, and
   the accepted ones become registry entries anchored on chain with shares minted to their contributors,
4. places a training order (default model: MLP 784-256-10 given as a DL4J configuration by the exchange),
5. follows the job while a gpu-runner trains it (samples/s, epoch, loss, ETA) and evaluates it on the test set,
6. records the job's usage of its registry entry and pays the data fee as dividends (ledger + chain),
7. prints the test accuracy and writes a JSON report.

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
# the contributor's wallet: hardhat's public dev account #1 (the dev chain funds it); any address works
CONTRIBUTOR_WALLET = os.environ.get("TRAINEX_DEMO_CONTRIBUTOR_WALLET", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8")
DATA_DIR = os.environ.get("TRAINEX_FASHION_MNIST", "/usr/share/datasets/fashion-mnist")
SHARDS = 6
BAD_SHARD = int(os.environ.get("TRAINEX_DEMO_BAD_SHARD", "4"))  # 1-based: the shard whose labels are shuffled
VOTING_SECONDS = int(os.environ.get("TRAINEX_DEMO_VOTING_SECONDS", "20"))
DATA_FEE_WEI = os.environ.get("TRAINEX_DEMO_DATA_FEE_WEI", "1000000000000000")  # 0.001 ETH
TOKEN = 10 ** 18  # CuratorToken base units per token
CURATORS = [("curator", 40, "oracle"), ("curator2", 30, "oracle"), ("curator3", 30, None)]
SIGNER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sign-message.mjs")


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


def register(client, name, prefix, wallet=None):
    images = upload(client, os.path.join(DATA_DIR, f"{prefix}-images-idx3-ubyte.gz"))
    labels = upload(client, os.path.join(DATA_DIR, f"{prefix}-labels-idx1-ubyte.gz"))
    _, existing = client.call("GET", "/api/datasets")
    for d in existing:
        if d["imagesCid"] == images and d["labelsCid"] == labels:
            log(f"  dataset '{d['name']}' already registered: {d['id']} ({d['sampleCount']:,} samples)")
            return d
    body = {"name": name, "imagesCid": images, "labelsCid": labels}
    if wallet:
        body["contributorWallet"] = wallet
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
            log("  the dataset has no registry entry (registered without a contributor wallet)")
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


def follow(client, job_id, timeout_s):
    start, last_line = time.time(), None
    while True:
        _, job = client.call("GET", f"/api/jobs/{job_id}")
        state = job["state"]
        if state == "TRAINING" and job.get("progressSamplesPerSecond"):
            line = (f"  training on {job['runnerId']}: epoch {job['progressEpoch']}, "
                    f"{100 * job['progressFraction']:.0f}%, loss {job['progressLoss']:.3f}, "
                    f"{job['progressSamplesPerSecond']:,.0f} samples/s, ETA {job['progressEtaSeconds']} s")
        else:
            line = f"  job {state.lower()}"
        if line != last_line:
            log(line)
            last_line = line
        if state in ("COMPLETED", "FAILED"):
            return job
        if time.time() - start > timeout_s:
            raise SystemExit(f"[demo] job {job_id} did not finish within {timeout_s} s (state {state}); "
                             "is a runner running? ./trainex status")
        time.sleep(1)


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
    deadline = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=7)
    _, request = initiator.call("POST", "/api/data-requests", body={
        "title": "Fashion-MNIST training images", "description": "28x28 grey clothing images, labels 0-9",
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--report", required=True)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--timeout", type=int, default=1800, help="seconds to wait for the job")
    ap.add_argument("--phase", action="append", default=[], help="NAME=SECONDS measured by the launcher")
    args = ap.parse_args()
    phases = {k: float(v) for k, v in (p.split("=", 1) for p in args.phase)}
    t0 = time.time()

    contributor, consumer, admin = Client("contributor"), Client("consumer"), Client("admin")
    log("uploading and registering Fashion-MNIST as contributor")
    train = register(contributor, "Fashion-MNIST train", "train", CONTRIBUTOR_WALLET)
    test = register(contributor, "Fashion-MNIST t10k (held out)", "t10k")
    phases["upload_and_register"] = time.time() - t0
    market = data_market(admin, test, phases)
    ta = time.time()
    log("the training set as one entry of the open registry (orders name one dataset until the compute market "
        "trains across entries)")
    entry = await_anchoring(contributor, train["id"])
    if entry:
        phases["open_registry_anchoring"] = time.time() - ta
        log(f"  registry entry anchored: Merkle root {entry['merkleRoot']}, chain batch {entry['chainBatchId']}, "
            f"tx {entry['txHash']} in block {entry['blockNumber']}")
        log(f"  {entry['shares']:,} shares minted to {entry['contributorWallet']}: tx {entry['sharesTxHash']} "
            f"in block {entry['sharesBlockNumber']}")

    t1 = time.time()
    _, order = consumer.call("POST", "/api/orders", body={
        "trainDatasetId": train["id"], "testDatasetId": test["id"],
        "epochs": args.epochs, "batchSize": args.batch_size})
    log(f"order {order['id']} placed by consumer: {order['modelName']}, {order['epochs']} epochs, "
        f"batch {order['batchSize']}; job {order['jobId']}")
    job = follow(consumer, order["jobId"], args.timeout)
    # phases from the exchange's own timestamps (queued -> trained -> evaluated) and the runner's wall times
    created, trained, completed = (iso(job.get(k)) for k in ("createdAt", "trainedAt", "completedAt"))
    if created and trained:
        phases["queued_to_trained"] = trained - created
    if trained and completed:
        phases["trained_to_evaluated"] = completed - trained
    if job.get("trainWallMillis") is not None:
        phases["runner_training"] = job["trainWallMillis"] / 1000
    if job.get("evalWallMillis") is not None:
        phases["runner_evaluation"] = job["evalWallMillis"] / 1000
    phases["job_total"] = time.time() - t1
    dividends = None
    if job["state"] == "COMPLETED" and entry:
        td = time.time()
        _, usage = admin.call("POST", "/api/admin/data-usage", body={
            "reference": f"job:{job['id']}", "payer": "consumer:consumer", "dataFeeWei": DATA_FEE_WEI,
            "entries": [{"entryId": entry["id"], "samples": entry["sampleCount"]}]})
        paid = wait_for("the data fee on chain", lambda: next((u for u in admin.call("GET", "/api/admin/data-usage")[1]
                                                              if u["id"] == usage["id"] and u.get("txHash")), None), 120)
        _, earnings = contributor.call("GET", "/api/me/earnings")
        total = sum(int(l["dividendWei"]) for l in paid["lines"])
        dividends = {"usageId": paid["id"], "reference": paid["reference"], "dataFeeWei": paid["dataFeeWei"],
                     "lines": paid["lines"], "sumOfDividendsWei": str(total), "txHash": paid["txHash"],
                     "blockNumber": paid["blockNumber"], "usageDigest": paid["usageDigest"],
                     "contributorEarningsWei": earnings["totalWei"], "contributorLedgerBalanceWei": earnings["ledgerBalance"]}
        phases["dividends"] = time.time() - td
        log(f"data fee {int(paid['dataFeeWei']):,} wei paid as dividends over {len(paid['lines'])} registry "
            f"entr{'y' if len(paid['lines']) == 1 else 'ies'} (sum {total:,} wei): tx {paid['txHash']} in block {paid['blockNumber']}; contributor's ledger balance "
            f"{int(earnings['ledgerBalance']):,} wei")
    phases["demo_total"] = time.time() - t0 + phases.get("setup_total", 0)

    report = {
        "dataset": {"id": train["id"], "name": train["name"], "sampleCount": train["sampleCount"],
                    "imagesCid": train["imagesCid"], "labelsCid": train["labelsCid"]},
        "testDataset": {"id": test["id"], "sampleCount": test["sampleCount"]},
        "registryEntry": None if not entry else {
            "id": entry["id"], "contentDigest": entry["contentDigest"], "contributor": entry["contributorWallet"],
            "shares": entry["shares"], "merkleRoot": entry["merkleRoot"], "chainBatchId": entry["chainBatchId"],
            "txHash": entry["txHash"], "blockNumber": entry["blockNumber"], "merkleProof": entry["merkleProof"],
            "sharesTxHash": entry.get("sharesTxHash"), "sharesBlockNumber": entry.get("sharesBlockNumber")},
        "dataMarket": market,
        "dividends": dividends,
        "orderId": order["id"], "jobId": job.get("id"), "state": job.get("state"),
        "runnerId": job.get("runnerId"), "evaluationRunnerId": job.get("evalRunnerId"),
        "model": order["modelName"], "epochs": job.get("epochsTrained"), "batchSize": order["batchSize"],
        "samplesTrained": job.get("samplesTrained"), "samplesPerSecond": job.get("trainSamplesPerSecond"),
        "trainLoss": job.get("trainLoss"), "testSamples": job.get("testSamples"), "testAccuracy": job.get("testAccuracy"),
        "testLoss": job.get("testLoss"), "modelCid": job.get("modelCid"), "failure": job.get("failure"),
        "wallSeconds": {k: round(v, 1) for k, v in phases.items()},
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.report)), exist_ok=True)
    with open(args.report, "w") as f:
        json.dump(report, f, indent=2)
    if job["state"] != "COMPLETED":
        raise SystemExit(f"[demo] job failed: {job.get('failure')} (report: {args.report})")
    log(f"trained {job['samplesTrained']:,} samples at {job['trainSamplesPerSecond']:,.0f} samples/s on "
        f"{job['runnerId']}; model {job['modelCid']}")
    log(f"TEST ACCURACY {job['testAccuracy']:.4f} on {job['testSamples']:,} held-out images "
        f"(loss {job['testLoss']:.4f})")
    log(f"report written to {args.report}")


if __name__ == "__main__":
    main()
