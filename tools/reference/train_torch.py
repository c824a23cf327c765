#!/usr/bin/python3
"""The PyTorch peer of `downhill train`: the same MLP on MNIST or Fashion-MNIST, timed per epoch.

Run with Debian's torch 1.13 (libopenblas0-openmp) and OPENBLAS_CORETYPE unset, which otherwise slows OpenBLAS:
    env -u OPENBLAS_CORETYPE /usr/bin/python3 tools/reference/train_torch.py --data mnist --epochs 1 --threads 2
Prints one JSON object: per-epoch training seconds (wall and CPU of all threads) and samples per second, and the test
loss and accuracy.
Model: Linear(784,W1) relu … Linear(Wk,10) (torch's default init), Adam(lr), cross-entropy, batches of B rows in a
fresh random order each epoch (torch.randperm) — what `downhill train --model mlp:W1,…,Wk -o adam:lr=… --batch B` does.
"""
import argparse
import gzip
import json
import os
import struct
import time

import numpy as np
import torch


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    if magic == 0x803:
        rows, cols = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(count, rows * cols)
    return np.frombuffer(data, dtype=np.uint8, offset=8)


def find_data(name, data_dir):
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [data_dir, os.environ.get("DOWNHILL_DATA")]
    d = here
    while d != os.path.dirname(d):
        d = os.path.dirname(d)
        candidates.append(os.path.join(d, "shared", "datasets"))
    for c in candidates:
        if c and os.path.exists(os.path.join(c, name, "train-images-idx3-ubyte.gz")):
            return os.path.join(c, name)
    raise SystemExit(f"{name} not found; give --data-dir")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="mnist")
    p.add_argument("--data-dir")
    p.add_argument("--hidden", default="256,256")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--normalize", action="store_true",
                   help="(x - mean)/std with the training pixels' mean and std, torchvision's Normalize((0.1307,), (0.3081,)) on MNIST")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    folder = find_data(a.data, a.data_dir)
    x = torch.from_numpy(read_idx(os.path.join(folder, "train-images-idx3-ubyte.gz")).astype(np.float32) / 255)
    y = torch.from_numpy(read_idx(os.path.join(folder, "train-labels-idx1-ubyte.gz")).astype(np.int64))
    xt = torch.from_numpy(read_idx(os.path.join(folder, "t10k-images-idx3-ubyte.gz")).astype(np.float32) / 255)
    yt = torch.from_numpy(read_idx(os.path.join(folder, "t10k-labels-idx1-ubyte.gz")).astype(np.int64))
    if a.normalize:
        mean, std = x.mean(), x.std()
        x, xt = (x - mean) / std, (xt - mean) / std
    layers, width = [], x.shape[1]
    for w in map(int, a.hidden.split(",")):
        layers += [torch.nn.Linear(width, w), torch.nn.ReLU()]
        width = w
    model = torch.nn.Sequential(*layers, torch.nn.Linear(width, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=a.lr)
    loss_fn = torch.nn.CrossEntropyLoss()
    epochs = []
    for epoch in range(a.epochs):
        start, cpu_start = time.perf_counter(), time.process_time()
        order = torch.randperm(len(x))
        total, correct = 0.0, 0
        for i in range(0, len(x), a.batch):
            idx = order[i:i + a.batch]
            xb, yb = x[idx], y[idx]
            optimizer.zero_grad()
            out = model(xb)
            loss = loss_fn(out, yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx)
            correct += (out.argmax(1) == yb).sum().item()
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
        epochs.append({"epoch": epoch + 1, "trainLoss": total / len(x), "trainAccuracy": correct / len(x),
                       "seconds": seconds, "cpuSeconds": cpu_seconds, "samplesPerSecond": len(x) / seconds})
    with torch.no_grad():
        out = model(xt)
        test = {"loss": loss_fn(out, yt).item(), "accuracy": (out.argmax(1) == yt).float().mean().item()}
    print(json.dumps({"torch": torch.__version__, "threads": a.threads, "epochs": epochs, "test": test}))


if __name__ == "__main__":
    main()
