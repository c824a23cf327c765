#!/usr/bin/python3
"""The PyTorch peer of Downhill's Hessian-vector product: the MNIST MLP 784-256-256-10 on the first ROWS training rows.

Run by `dotnet run -c Release --project bench/Downhill.Bench -- hessian-vs-torch`, or alone:
    env -u OPENBLAS_CORETYPE /usr/bin/python3 bench/Downhill.Bench/HessianVectorTorch.py --rows 1000 --threads 2 --reps 20
Prints one JSON object with the median wall and CPU seconds (all threads) of
  - gradient: forward and backward (loss.backward()), what one training step's gradient costs;
  - hvp: one H·v by double backward, whole: forward, backward with create_graph=True, and the backward of g·v
    (torch.autograd.grad(grads, params, grad_outputs=v));
  - hvp_retained: the last part alone, reusing a gradient graph kept across products (retain_graph=True), PyHessian's
    habit when many products share one point.
Model: nn.Sequential(Linear(784,256), ReLU, Linear(256,256), ReLU, Linear(256,10)), torch's default init, mean
cross-entropy; pixels scaled to [0, 1].
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools", "reference"))
from train_torch import read_idx  # noqa: E402  (the IDX reader the training peer uses)


def find_mnist():
    d = os.path.dirname(os.path.abspath(__file__))
    while d != os.path.dirname(d):
        for candidate in (os.path.join(d, "data", "mnist"), os.path.join(d, "shared", "datasets", "mnist")):
            if os.path.exists(os.path.join(candidate, "train-labels-idx1-ubyte.gz")):
                return candidate
        d = os.path.dirname(d)
    raise SystemExit("mnist not found (looked for data/mnist above this script)")


def timed(action, reps):
    walls, cpus = [], []
    action()  # warm-up
    for _ in range(reps):
        start, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return {"wall": float(np.median(walls)), "cpu": float(np.median(cpus))}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=1000)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--reps", type=int, default=20)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    folder = find_mnist()
    x = torch.from_numpy(read_idx(os.path.join(folder, "train-images-idx3-ubyte.gz"))[:a.rows].astype(np.float32) / 255)
    y = torch.from_numpy(read_idx(os.path.join(folder, "train-labels-idx1-ubyte.gz"))[:a.rows].astype(np.int64))
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256), torch.nn.ReLU(),
                                torch.nn.Linear(256, 10))
    params = list(model.parameters())
    loss_fn = torch.nn.CrossEntropyLoss()
    v = [torch.randn_like(q) for q in params]

    def gradient():
        model.zero_grad()
        loss_fn(model(x), y).backward()

    def hvp():
        grads = torch.autograd.grad(loss_fn(model(x), y), params, create_graph=True)
        torch.autograd.grad(grads, params, grad_outputs=v)

    kept = torch.autograd.grad(loss_fn(model(x), y), params, create_graph=True)

    def hvp_retained():
        torch.autograd.grad(kept, params, grad_outputs=v, retain_graph=True)

    result = {"torch": torch.__version__, "threads": a.threads, "rows": a.rows,
              "parameters": sum(q.numel() for q in params),
              "gradient": timed(gradient, a.reps), "hvp": timed(hvp, a.reps), "hvp_retained": timed(hvp_retained, a.reps)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
