#!/usr/bin/python3
"""Reference trajectories of torch.optim's first-order optimizers for Downhill's replay tests.

Run with Debian's python3-torch (1.13):  /usr/bin/python3 tools/reference/first_order.py
Writes tests/Downhill.Tests/Fixtures/first_order.json.

Every optimizer, with each of its options, takes STEPS steps from a fixed start on each test function, in float64
and in float32. Gradients are computed by hand in numpy in the parameters' own dtype, one rounded operation at a
time, in the order the C# test uses, so both sides feed the optimizer the same bits. Each case records the spec
(Downhill's syntax), the function, whether the objective is negated (for maximize: maximizing -f minimizes f), the
start and every iterate.
"""
import json
import os

import numpy as np
import torch

from test_functions import FUNCTIONS, gradient, spec_text

STEPS = 40
STEPS_WIDE = 20  # the 37-dimensional quadratic exercises SIMD bodies and scalar tails; fewer steps keep the file small

# Per optimizer: learning rate per function family, then the option sets to cover (each a dict of Downhill keys).
OPTIMIZERS = {
    "sgd": ({"rosenbrock": 1e-3, "quadratic": 2e-2}, [
        {}, {"momentum": 0.9}, {"momentum": 0.9, "dampening": 0.5}, {"momentum": 0.9, "nesterov": True},
        {"weight_decay": 0.1}, {"momentum": 0.5, "weight_decay": 0.1, "nesterov": True}, {"maximize": True},
        {"momentum": 0.9, "maximize": True}]),
    "adagrad": ({"rosenbrock": 0.1, "quadratic": 0.1}, [
        {}, {"lr_decay": 0.05}, {"weight_decay": 0.1}, {"initial_accumulator_value": 0.5}, {"eps": 1e-3},
        {"maximize": True}]),
    "rmsprop": ({"rosenbrock": 1e-2, "quadratic": 1e-2}, [
        {}, {"alpha": 0.9}, {"eps": 1e-3}, {"weight_decay": 0.1}, {"momentum": 0.9}, {"centered": True},
        {"centered": True, "momentum": 0.5}, {"maximize": True}]),
    "adadelta": ({"rosenbrock": 1.0, "quadratic": 1.0}, [
        {}, {"rho": 0.5}, {"eps": 1e-3}, {"weight_decay": 0.1}, {"maximize": True}]),
    "adam": ({"rosenbrock": 2e-2, "quadratic": 5e-2}, [
        {}, {"beta1": 0.5, "beta2": 0.9}, {"eps": 1e-3}, {"weight_decay": 0.1}, {"amsgrad": True},
        {"amsgrad": True, "weight_decay": 0.1}, {"maximize": True}]),
    "adamw": ({"rosenbrock": 2e-2, "quadratic": 5e-2}, [
        {}, {"weight_decay": 0.0}, {"weight_decay": 0.5}, {"amsgrad": True}, {"beta1": 0.5, "beta2": 0.9},
        {"maximize": True}]),
    "nadam": ({"rosenbrock": 2e-2, "quadratic": 5e-2}, [
        {}, {"momentum_decay": 0.05}, {"weight_decay": 0.1}, {"beta1": 0.5, "beta2": 0.9}, {"eps": 1e-3}]),
    "radam": ({"rosenbrock": 1e-3, "quadratic": 5e-2}, [
        {}, {"beta2": 0.9}, {"beta2": 0.5}, {"weight_decay": 0.1}, {"eps": 1e-3}]),
    "adamax": ({"rosenbrock": 2e-2, "quadratic": 5e-2}, [
        {}, {"beta1": 0.5, "beta2": 0.9}, {"eps": 1e-2}, {"weight_decay": 0.1}, {"maximize": True}]),
}

TORCH = {"sgd": torch.optim.SGD, "adagrad": torch.optim.Adagrad, "rmsprop": torch.optim.RMSprop,
         "adadelta": torch.optim.Adadelta, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW,
         "nadam": torch.optim.NAdam, "radam": torch.optim.RAdam, "adamax": torch.optim.Adamax}


def torch_kwargs(settings):
    kwargs = {k: v for k, v in settings.items() if k not in ("beta1", "beta2")}
    if "beta1" in settings or "beta2" in settings:
        kwargs["betas"] = (settings.get("beta1", 0.9), settings.get("beta2", 0.999))
    kwargs["foreach"] = False  # the single-tensor code path, which Downhill follows
    return kwargs


def trajectory(name, settings, function, dtype):
    dt = np.float64 if dtype == torch.float64 else np.float32
    negate = bool(settings.get("maximize", False))
    x = torch.tensor(FUNCTIONS[function]["start"], dtype=dtype, requires_grad=True)
    optimizer = TORCH[name]([x], **torch_kwargs(settings))
    iterates = [x.detach().numpy().copy()]
    steps = STEPS_WIDE if function == "quadratic37" else STEPS
    for _ in range(steps):
        g = gradient(function, x.detach().numpy().astype(dt), dt)
        if negate:
            g = -g
        x.grad = torch.from_numpy(g)
        optimizer.step()
        iterates.append(x.detach().numpy().copy())
        assert np.all(np.isfinite(iterates[-1])), (name, settings, function)
    return [[float(v) for v in it] for it in iterates]


def main():
    assert torch.get_default_dtype() == torch.float32  # NAdam's mu_product follows it
    cases = []
    for name, (rates, variants) in OPTIMIZERS.items():
        for function in FUNCTIONS:
            wide = function == "quadratic37"
            for variant in variants[:1] if wide else variants:
                settings = {"lr": rates["rosenbrock" if function == "rosenbrock" else "quadratic"], **variant}
                for dtype, label in ((torch.float64, "float64"), (torch.float32, "float32")):
                    cases.append({"spec": spec_text(name, settings), "function": function,
                                  "negate": bool(settings.get("maximize", False)), "dtype": label,
                                  "iterates": trajectory(name, settings, function, dtype)})
    document = {
        "generator": "tools/reference/first_order.py",
        "torch": torch.__version__,
        "functions": {k: {kk: vv for kk, vv in v.items()} for k, v in FUNCTIONS.items()},
        "cases": cases,
    }
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.path.join(root, "tests", "Downhill.Tests", "Fixtures", "first_order.json")
    with open(path, "w") as f:
        json.dump(document, f, separators=(",", ":"))
        f.write("\n")
    print(f"{len(cases)} cases -> {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
