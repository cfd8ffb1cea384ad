#!/usr/bin/env python3
"""The thin main job of Trainex, driven through the public REST API (README: `./trainex demo`).

1. signs in as the demo contributor and consumer (Keycloak, OIDC password grant of the public client trainex-cli),
2. uploads Fashion-MNIST's four IDX files as content-addressed blobs (CIDv1 of their SHA-256; the server re-hashes),
3. registers the training set (60,000 images) and the held-out test set (10,000) as datasets,
4. places a training order (default model: MLP 784-256-10 given as a DL4J configuration by the exchange),
5. follows the job while a gpu-runner trains it (samples/s, epoch, loss, ETA) and evaluates it on the test set,
6. prints the test accuracy and writes a JSON report.

Only the Python standard library is used. Settings come from the environment the launcher exports.
"""
import argparse
import base64
import datetime
import hashlib
import json
import os
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

    contributor, consumer = Client("contributor"), Client("consumer")
    log("uploading and registering Fashion-MNIST as contributor")
    train = register(contributor, "Fashion-MNIST train", "train", CONTRIBUTOR_WALLET)
    test = register(contributor, "Fashion-MNIST t10k (held out)", "t10k")
    phases["upload_and_register"] = time.time() - t0
    ta = time.time()
    entry = await_anchoring(contributor, train["id"])
    if entry:
        phases["registry_anchoring"] = time.time() - ta
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
