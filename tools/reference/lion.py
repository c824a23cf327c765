#!/usr/bin/python3
"""Reference trajectories of Lion (Chen et al., 2023, "Symbolic Discovery of Optimization Algorithms") for Downhill.

torch 1.13 has no Lion, so this implements the paper's update (its Algorithm 2, decoupled weight decay) in numpy, in
float64 and in float32. Run:  /usr/bin/python3 tools/reference/lion.py
Writes tests/Downhill.Tests/Fixtures/lion.json, in first_order.json's layout.

One step, g the gradient (negated when maximizing), every operation rounded to the parameters' dtype:
    c = beta1*m + (1-beta1)*g           two products, each rounded, then their sum rounded (no fused multiply-add)
    theta = theta * (1 - lr*wd)         one rounded product; the scalar 1 - lr*wd computed in float64, then rounded
    theta = theta - lr*sign(c)          lr*sign(c) is exact (+-lr or 0), so one rounded subtraction; sign(0) = 0
    m = beta2*m + (1-beta2)*g           as c
The scalars beta1, 1-beta1, beta2, 1-beta2, lr and 1-lr*wd are computed in float64 and rounded once to the dtype,
as Downhill rounds them, so both sides perform the same IEEE operations on the same bits.
"""
import json
import os

import numpy as np

from test_functions import FUNCTIONS, gradient, spec_text

STEPS = 40
STEPS_WIDE = 20

RATES = {"rosenbrock": 1e-2, "quadratic": 2e-2}
VARIANTS = [{}, {"beta1": 0.5, "beta2": 0.9}, {"beta1": 0.0}, {"beta2": 1.0}, {"weight_decay": 0.5},
            {"weight_decay": 0.1, "beta1": 0.95, "beta2": 0.98}, {"maximize": True}]


def lion_step(theta, m, g, lr, beta1, beta2, weight_decay, maximize, dt):
    if maximize:
        g = -g
    c = dt(beta1) * m + dt(1 - beta1) * g
    if weight_decay != 0:
        theta = theta * dt(1 - lr * weight_decay)
    theta = theta - dt(lr) * np.sign(c)
    m = dt(beta2) * m + dt(1 - beta2) * g
    return theta, m


def trajectory(settings, function, dt):
    lr = settings["lr"]
    beta1, beta2 = settings.get("beta1", 0.9), settings.get("beta2", 0.99)
    weight_decay, maximize = settings.get("weight_decay", 0.0), settings.get("maximize", False)
    theta = np.array(FUNCTIONS[function]["start"], dtype=dt)
    m = np.zeros_like(theta)
    iterates = [theta.copy()]
    for _ in range(STEPS_WIDE if function == "quadratic37" else STEPS):
        # A maximizing case climbs -f: it is fed -∇f, and Lion's maximize negates that back.
        g = gradient(function, theta, dt)
        if maximize:
            g = -g
        theta, m = lion_step(theta, m, g, lr, beta1, beta2, weight_decay, maximize, dt)
        assert theta.dtype == dt and m.dtype == dt
        iterates.append(theta.copy())
        assert np.all(np.isfinite(iterates[-1])), (settings, function)
    return [[float(v) for v in it] for it in iterates]


def main():
    cases = []
    for function in FUNCTIONS:
        wide = function == "quadratic37"
        for variant in VARIANTS[:1] if wide else VARIANTS:
            settings = {"lr": RATES["rosenbrock" if function == "rosenbrock" else "quadratic"], **variant}
            for dt, label in ((np.float64, "float64"), (np.float32, "float32")):
                cases.append({"spec": spec_text("lion", settings), "function": function,
                              "negate": bool(settings.get("maximize", False)), "dtype": label,
                              "iterates": trajectory(settings, function, dt)})
    document = {
        "generator": "tools/reference/lion.py",
        "numpy": np.__version__,
        "functions": FUNCTIONS,
        "cases": cases,
    }
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.path.join(root, "tests", "Downhill.Tests", "Fixtures", "lion.json")
    with open(path, "w") as f:
        json.dump(document, f, separators=(",", ":"))
        f.write("\n")
    print(f"{len(cases)} cases -> {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
