#!/usr/bin/env python3
"""Training samples/s of ONE federated job on 1, 2 and 3 gpu-runners (issue 5 item 8).

Usage (from the repository root, with the stack up: `./trainex up`):

    python3 bench/training-scaling.py [--runners 1,2,3] [--epochs 2] [--batch-size 128]

For each fleet size N it starts N fresh runner processes (`./trainex runner`, provider "provider", a region of
their own so no other bid interferes), stakes and bids them, orders one FedAvg round of the reference MLP on the
Fashion-MNIST training set (60,000 images) with a minimum capacity that needs all N runners, and measures end to end
on the client: order placed -> every chunk accepted (dispatch, model download, training, upload, result recorded).
It prints sample-steps / wall seconds per fleet size and the speed-up against one runner, then stops the runners.
Runners claim their measured capacity at start (the probe), so chunks are sized by what each really does.
On the 2-core machine the runners share two cores with WildFly, PostgreSQL, Keycloak and the chain.
"""
import argparse
import datetime
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
import demo  # noqa: E402  (the demo's REST client and helpers)

HOME = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runners", default="1,2,3")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=128)
    args = ap.parse_args()
    sizes = [int(x) for x in args.runners.split(",")]
    admin, provider, consumer = demo.Client("admin"), demo.Client("provider"), demo.Client("consumer")
    wallet = demo.wallet_of("provider")
    provider.call("POST", "/api/providers/me/stake", body={
        "wallet": wallet, "signature": demo.node(demo.demo_key("provider"),
                                                 f"Trainex provider provider is paid at wallet {wallet}"),
        "amountWei": "2000000000000000"})
    train = demo.register(admin, "Fashion-MNIST train (bench)", "train")
    test = demo.register(admin, "Fashion-MNIST t10k (bench)", "t10k")
    stamp = str(int(time.time()))
    results = []
    for n in sizes:
        region = f"bench-{stamp}-{n}"
        ids = [f"bench-{stamp}-{n}-{k}" for k in range(1, n + 1)]
        logs = [open(os.path.join(HOME, "var", "logs", f"{i}.log"), "w") for i in ids]
        procs = [subprocess.Popen([os.path.join(HOME, "trainex"), "runner", "--runner-id", i, "--provider", "provider",
                                   "--region", region], stdout=log, stderr=subprocess.STDOUT) for i, log in zip(ids, logs)]
        try:
            def active():
                rs = [r for r in admin.call("GET", "/api/runners")[1] if r["id"] in ids and r["state"] == "ACTIVE"]
                return rs if len(rs) == n else None
            runners = demo.wait_for(f"{n} runner(s)", active, 180)
            until = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)).isoformat()
            cap = 0
            for r in runners:
                _, b = provider.call("POST", "/api/bids", body={"runnerIds": [r["id"]], "pricePerKiloSampleStepWei": "1000",
                                                               "validUntil": until.replace("+00:00", "Z")})
                cap += b["capacity"]
            t0 = time.time()
            _, order = consumer.call("POST", "/api/orders", body={
                "trainDatasetId": train["id"], "testDatasetId": test["id"], "epochs": args.epochs, "rounds": 1,
                "batchSize": args.batch_size, "minCapacitySamplesPerSecond": cap, "maxDurationSeconds": 36000,
                "maxPriceWei": "1000000000000000", "consumerWallet": demo.CONSUMER_WALLET, "regions": [region]})
            if order["state"] == "AWAITING_BIDS":
                raise SystemExit(f"order did not match: {order['matchNote']}")

            def trained():
                job = consumer.call("GET", f"/api/jobs/{order['jobId']}")[1]
                if job["state"] == "FAILED":
                    raise SystemExit(f"job failed: {job['failure']}")
                return job if job["roundHistory"] and job["roundHistory"][0]["state"] != "TRAINING" else None
            job = demo.wait_for("the round", trained, 1800, every=0.2)
            wall = time.time() - t0
            steps = sum(c["sampleSteps"] for c in job["chunks"] if c["state"] == "DONE")
            per_runner = {c["runnerId"]: c["samplesPerSecond"] for c in job["chunks"] if c["state"] == "DONE"}
            results.append((n, steps, wall, steps / wall, cap, per_runner))
            print(f"{n} runner(s): {steps:,} sample-steps in {wall:.1f} s = {steps / wall:,.0f} samples/s end to end "
                  f"(claimed capacity {cap:,}; runner-side samples/s {', '.join(f'{v:,.0f}' for v in per_runner.values())})",
                  flush=True)
            demo.wait_for("the job", lambda: consumer.call("GET", f"/api/jobs/{order['jobId']}")[1]["state"]
                          in ("COMPLETED", "FAILED"), 600)
        finally:
            for p in procs:
                p.terminate()
            for p in procs:
                p.wait(60)
    base = results[0][3]
    print("\nrunners | sample-steps | wall s | samples/s | speed-up vs 1")
    for n, steps, wall, sps, cap, _ in results:
        print(f"{n:7d} | {steps:12,} | {wall:6.1f} | {sps:9,.0f} | {sps / base:5.2f}x")
    print(f"machine: {os.cpu_count()} cores, load {open('/proc/loadavg').read().split()[:3]}")


if __name__ == "__main__":
    main()
