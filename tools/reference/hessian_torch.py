#!/usr/bin/python3
"""Reference Hessians of small networks' training losses, for Downhill's exact Hessian-vector products.

Writes tests/Downhill.Tests/Fixtures/hessian.json: for each case a model as Downhill names it (linear, logistic,
softmax, mlp:W[:activation]), its rows (features and targets, float32-representable), a point θ (float64) and
torch.autograd.functional.hessian of the mean training loss at θ, in float64, with the loss and its gradient.

θ is flat in Downhill's order: layer by layer, the weight stored [inputs, outputs] row-major (the transpose of
torch's nn.Linear.weight), then the bias; the network here is written directly in that layout (x @ W + b), with
torch's own activations (relu, leaky_relu slope 0.01, tanh, sigmoid, exact gelu) and losses (cross_entropy,
binary_cross_entropy_with_logits, mse_loss, mean reduction). torch's double backward is the independent oracle:
Downhill's H·v is forward-over-reverse, written separately.

Run: /usr/bin/python3 tools/reference/hessian_torch.py   (Debian's python3-torch 1.13)
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "..", "tests", "Downhill.Tests", "Fixtures", "hessian.json")

ACTIVATIONS = {
    "relu": F.relu,
    "leaky-relu": lambda z: F.leaky_relu(z, 0.01),
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "gelu": F.gelu,
}

# (model spec, features, classes (0: regression), rows, seed); every case has at most 100 parameters.
CASES = [
    ("mlp:6:relu", 4, 3, 9, 1),
    ("mlp:6:leaky-relu", 4, 3, 9, 2),
    ("mlp:6:tanh", 4, 3, 9, 3),
    ("mlp:6:sigmoid", 4, 3, 9, 4),
    ("mlp:6:gelu", 4, 3, 9, 5),
    ("mlp:4,3:tanh", 3, 3, 8, 6),
    ("mlp:5:gelu", 3, 0, 7, 7),
    ("mlp:5:sigmoid", 4, 2, 10, 8),
    ("softmax", 5, 4, 12, 9),
    ("logistic", 6, 2, 11, 10),
    ("linear", 5, 0, 9, 11),
]


def layer_sizes(spec, features, classes):
    outputs = classes if classes > 0 else 1
    if spec in ("linear", "softmax"):
        return [features, outputs], None
    if spec == "logistic":
        return [features, 1], None
    parts = spec.split(":")
    widths = [int(w) for w in parts[1].split(",")]
    activation = parts[2] if len(parts) > 2 else "relu"
    return [features] + widths + [outputs], activation


def loss_name(spec, classes):
    if spec == "logistic":
        return "bce"
    return "cross-entropy" if classes > 0 else "mse"


def network_loss(theta, sizes, activation, loss, x, y):
    at, h = 0, x
    for layer in range(len(sizes) - 1):
        k, n = sizes[layer], sizes[layer + 1]
        w = theta[at:at + k * n].reshape(k, n)
        at += k * n
        b = theta[at:at + n]
        at += n
        h = h @ w + b
        if layer < len(sizes) - 2:
            h = ACTIVATIONS[activation](h)
    if loss == "cross-entropy":
        return F.cross_entropy(h, y.long())
    if loss == "bce":
        return F.binary_cross_entropy_with_logits(h[:, 0], y)
    return F.mse_loss(h[:, 0], y)


def case(spec, features, classes, rows, seed):
    rng = np.random.default_rng(seed)
    sizes, activation = layer_sizes(spec, features, classes)
    count = sum(sizes[i] * sizes[i + 1] + sizes[i + 1] for i in range(len(sizes) - 1))
    assert count <= 100, (spec, count)
    x = rng.standard_normal((rows, features)).astype(np.float32)
    if classes > 0:
        y = (np.arange(rows) % classes).astype(np.float32)
        rng.shuffle(y)
    else:
        y = rng.standard_normal(rows).astype(np.float32)
    theta = rng.standard_normal(count) * 0.7
    loss = loss_name(spec, classes)
    xt, yt = torch.tensor(x.astype(np.float64)), torch.tensor(y.astype(np.float64))

    def f(t):
        return network_loss(t, sizes, activation, loss, xt, yt)

    point = torch.tensor(theta, requires_grad=True)
    value = f(point)
    (gradient,) = torch.autograd.grad(value, point)
    hessian = torch.autograd.functional.hessian(f, torch.tensor(theta))
    return {
        "model": spec, "loss": loss, "features": features, "classes": classes, "rows": rows,
        "x": [float(v) for v in x.ravel()], "y": [float(v) for v in y],
        "theta": theta.tolist(), "value": float(value), "gradient": gradient.tolist(),
        "hessian": hessian.reshape(-1).tolist(),
    }


def main():
    cases = [case(*c) for c in CASES]
    document = {"torch": torch.__version__, "cases": cases}
    with open(FIXTURE, "w") as out:
        json.dump(document, out, separators=(",", ":"))
        out.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.normpath(FIXTURE)}")


if __name__ == "__main__":
    main()
