#!/usr/bin/python3
"""PyTorch baseline for bench/runner-throughput.sh: the reference MLP 784-256-10 on Fashion-MNIST, 1 thread.

Same model and training as the runner's DL4J reference (gpu-runner ReferenceModels.mlp784x256x10):
Linear(784,256) + ReLU + Linear(256,10), softmax cross-entropy (mean over the minibatch), Adam lr 1e-3
(betas 0.9/0.999, eps 1e-8), Xavier-normal weights (DL4J WeightInit.XAVIER: N(0, 2/(fan_in+fan_out))),
zero biases, float32; pixels / 255, data read from the same IDX .gz files. Per batch size: fresh model with
the same seed, one warm-up epoch, then --epochs measured epochs, each = shuffle (randperm) + minibatch
gather + forward/backward/step. Prints one machine-readable line per batch size:
RESULT framework=pytorch batch=B epochs=E samples_per_s=X test_accuracy=A
"""
import argparse
import gzip
import struct
import sys
import time

import numpy as np
import torch
from torch import nn


def read_idx(path, magic_expected):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    if magic != magic_expected:
        sys.exit(f"{path}: magic 0x{magic:08x}, expected 0x{magic_expected:08x}")
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims)
    if arr.size != int(np.prod(shape)):
        sys.exit(f"{path}: {arr.size} bytes of data, header says {shape}")
    return arr.reshape(shape)


def load(data_dir, prefix):
    x = read_idx(f"{data_dir}/{prefix}-images-idx3-ubyte.gz", 0x00000803)
    y = read_idx(f"{data_dir}/{prefix}-labels-idx1-ubyte.gz", 0x00000801)
    x = torch.from_numpy(x.reshape(x.shape[0], -1).astype(np.float32) / 255.0)
    y = torch.from_numpy(y.astype(np.int64))
    return x, y


def model(seed):
    torch.manual_seed(seed)
    m = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    for layer in m:
        if isinstance(layer, nn.Linear):
            nn.init.xavier_normal_(layer.weight)
            nn.init.zeros_(layer.bias)
    return m


def epoch(m, opt, loss_fn, x, y, batch, gen):
    n = x.shape[0]
    perm = torch.randperm(n, generator=gen)
    last = float("nan")
    for i in range(0, n, batch):
        idx = perm[i:i + batch]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(m(x[idx]), y[idx])
        loss.backward()
        opt.step()
        last = loss.item()
    return last


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--batch-sizes", default="128,512")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    t0 = time.perf_counter()
    x, y = load(a.data_dir, "train")
    xt, yt = load(a.data_dir, "t10k")
    print(f"pytorch: loaded {x.shape[0]} train + {xt.shape[0]} test samples in {time.perf_counter() - t0:.1f} s; "
          f"torch {torch.__version__}, {torch.get_num_threads()} thread(s)", flush=True)
    for batch in [int(b) for b in a.batch_sizes.split(",")]:
        m = model(a.seed)
        opt = torch.optim.Adam(m.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
        loss_fn = nn.CrossEntropyLoss()
        gen = torch.Generator().manual_seed(a.seed)
        epoch(m, opt, loss_fn, x, y, batch, gen)  # warm-up
        total = 0.0
        for e in range(1, a.epochs + 1):
            s = time.perf_counter()
            loss = epoch(m, opt, loss_fn, x, y, batch, gen)
            dt = time.perf_counter() - s
            total += dt
            print(f"pytorch batch {batch} epoch {e}: {x.shape[0] / dt:.0f} samples/s, loss {loss:.4f}", flush=True)
        with torch.no_grad():
            acc = (m(xt).argmax(dim=1) == yt).float().mean().item()
        print(f"RESULT framework=pytorch batch={batch} epochs={a.epochs} "
              f"samples_per_s={x.shape[0] * a.epochs / total:.0f} test_accuracy={acc:.4f}", flush=True)


if __name__ == "__main__":
    main()
