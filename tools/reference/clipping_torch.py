#!/usr/bin/python3
"""Reference trajectories of torch.optim optimizers with clipped gradients and with steps clamped to a box.

Run with Debian's python3-torch (1.13):  /usr/bin/python3 tools/reference/clipping_torch.py
Writes tests/Downhill.Tests/Fixtures/clipping.json.

Each step does what a torch user writes: set x.grad (computed by hand in numpy as first_order.py does, one rounded
operation at a time in the order the C# test objective uses), clip it with torch.nn.utils.clip_grad_norm_ or
clip_grad_value_ when the case says so, optimizer.step(), then clamp x into the box (x.clamp_(low, high)) when the
case has one. Each case records the spec (Downhill's syntax), the clipping, the box, every iterate and whether each
step was clipped (the norm's factor below 1, or a component clamped), all in float64.
"""
import json
import os

import numpy as np
import torch

from first_order import FUNCTIONS, TORCH, gradient, spec_text, torch_kwargs

STEPS = 40
INF = float("inf")

CASES = [
    # (optimizer, settings, function, clipping, box)
    ("sgd", {"lr": 1e-3}, "rosenbrock", {"norm": 10.0, "norm_type": 2.0}, None),
    ("sgd", {"lr": 1e-3, "momentum": 0.9}, "rosenbrock", {"norm": 5.0, "norm_type": INF}, None),
    ("adam", {"lr": 0.05}, "rosenbrock", {"norm": 1.0, "norm_type": 1.0}, None),
    ("rmsprop", {"lr": 1e-2}, "rosenbrock", {"value": 5.0}, None),
    ("sgd", {"lr": 2e-2, "momentum": 0.9, "nesterov": True}, "quadratic4", {"value": 0.1}, None),
    ("adagrad", {"lr": 0.1}, "quadratic37", {"norm": 0.5, "norm_type": 2.0}, None),
    ("sgd", {"lr": 1e-3}, "rosenbrock", None, ([-1.5, -0.5], [0.8, 0.7])),
    ("sgd", {"lr": 1e-3, "momentum": 0.9}, "rosenbrock", None, ([-1.1, 0.95], [INF, 1.5])),
    ("adam", {"lr": 0.05}, "rosenbrock", {"norm": 10.0, "norm_type": 2.0}, ([-1.5, -0.5], [0.8, 0.7])),
    ("adadelta", {"lr": 1.0}, "quadratic4", None, ([0.2, -2.0, -0.1, -1.0], [2.0, -0.5, 1.0, 1.0])),
]


def clipped_norm(x, clip):
    total = torch.nn.utils.clip_grad_norm_([x], clip["norm"], norm_type=clip["norm_type"])
    return bool(clip["norm"] / (float(total) + 1e-6) < 1.0)


def clipped_value(x, clip):
    before = x.grad.clone()
    torch.nn.utils.clip_grad_value_([x], clip["value"])
    return bool(torch.any(before != x.grad))


def trajectory(name, settings, function, clip, box):
    x = torch.tensor(FUNCTIONS[function]["start"], dtype=torch.float64, requires_grad=True)
    optimizer = TORCH[name]([x], **torch_kwargs(settings))
    low = high = None
    if box is not None:
        low, high = torch.tensor(box[0], dtype=torch.float64), torch.tensor(box[1], dtype=torch.float64)
        with torch.no_grad():
            x.clamp_(low, high)
    iterates, clipped = [x.detach().numpy().copy()], []
    for _ in range(STEPS):
        x.grad = torch.from_numpy(gradient(function, x.detach().numpy().astype(np.float64), np.float64))
        if clip is None:
            clipped.append(False)
        elif "norm" in clip:
            clipped.append(clipped_norm(x, clip))
        else:
            clipped.append(clipped_value(x, clip))
        optimizer.step()
        if box is not None:
            with torch.no_grad():
                x.clamp_(low, high)
        iterates.append(x.detach().numpy().copy())
    return [[float(v) for v in it] for it in iterates], clipped


def finite_or_text(value):
    """JSON has no infinity: write it as "inf" / "-inf"."""
    if isinstance(value, dict):
        return {k: finite_or_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite_or_text(v) for v in value]
    if isinstance(value, float) and np.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def main():
    cases = []
    for name, settings, function, clip, box in CASES:
        iterates, clipped = trajectory(name, settings, function, clip, box)
        cases.append({"spec": spec_text(name, settings), "function": function, "clip": clip,
                      "lower": None if box is None else box[0], "upper": None if box is None else box[1],
                      "iterates": iterates, "clipped": clipped})
    document = {"generator": "tools/reference/clipping_torch.py", "torch": torch.__version__,
                "functions": {k: {kk: vv for kk, vv in v.items()} for k, v in FUNCTIONS.items()}, "cases": cases}
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.path.join(root, "tests", "Downhill.Tests", "Fixtures", "clipping.json")
    with open(path, "w") as f:
        json.dump(finite_or_text(document), f, indent=1, allow_nan=False)
        f.write("\n")
    for c in cases:
        print(f"{c['spec']:45} {c['function']:12} clipped {sum(c['clipped']):2}/{STEPS}  end {c['iterates'][-1][:2]}")
    print(f"{len(cases)} cases -> {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
