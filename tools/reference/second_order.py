#!/usr/bin/python3
"""Reference values for Downhill's second-order and quasi-Newton methods.

Writes tests/Downhill.Tests/Fixtures/second_order.json:
  - lbfgs: torch.optim.LBFGS trajectories in float64, one step() with max_iter=1 per iteration (the optimizer's state
    persists between calls, so each call is exactly one iteration of torch's loop). Downhill's lbfgs follows torch's
    algorithm (two-loop recursion, torch's strong-Wolfe search), so the iterates must agree to rounding.
  - newton: pure Newton iterates computed with numpy.linalg.solve (an independent implementation of the textbook step).
  - bfgs: SciPy's BFGS on 2-D Rosenbrock, its evaluation count and iterates (via callback). Downhill's bfgs is SciPy's
    algorithm with the same Moré–Thuente line search, so the iterates agree to rounding (the inverse-Hessian update is
    written in expanded form, not SciPy's matrix products, so they drift apart by ~1e-9 over 32 iterations).

With --speed, also times SciPy's L-BFGS-B (and torch's LBFGS) on the chained Rosenbrock, N = 1000, to ‖∇f‖∞ ≤ 1e-8,
for the benchmark notes.

Run: /usr/bin/python3 tools/reference/second_order.py [--speed]   (Debian's python3-torch 1.13, python3-scipy 1.10)
"""
import json
import os
import sys
import time

import numpy as np
import torch
from scipy.optimize import minimize, rosen, rosen_der, rosen_hess

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "..", "tests", "Downhill.Tests", "Fixtures", "second_order.json")


def rosenbrock_torch(x):
    return (100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2).sum()


def quadratic_torch(x):
    # f = ½ Σ aᵢxᵢ², curvatures 1, 10, 100 (DiagonalQuadratic in the tests).
    a = torch.tensor([1.0, 10.0, 100.0])
    return 0.5 * (a * x * x).sum()


FUNCTIONS = {"rosenbrock": rosenbrock_torch, "quadratic": quadratic_torch}


def torch_lbfgs(function, start, steps, lr=1.0, history_size=10, line_search="strong_wolfe"):
    x = torch.tensor(start, requires_grad=True)
    optimizer = torch.optim.LBFGS([x], lr=lr, max_iter=1, max_eval=10**9, tolerance_grad=0.0, tolerance_change=0.0,
                                  history_size=history_size,
                                  line_search_fn=None if line_search == "none" else line_search)
    f = FUNCTIONS[function]

    def closure():
        optimizer.zero_grad()
        value = f(x)
        value.backward()
        return value

    points, values = [list(start)], [float(f(x))]
    for _ in range(steps):
        optimizer.step(closure)
        with torch.no_grad():
            points.append(x.detach().tolist())
            values.append(float(f(x)))
    return {"function": function, "start": list(start), "spec": f"lbfgs:lr={lr},history_size={history_size},line_search={line_search}",
            "x": points, "f": values}


def numpy_newton(start, steps):
    x = np.array(start, dtype=float)
    points, values = [x.tolist()], [float(rosen(x))]
    for _ in range(steps):
        x = x - np.linalg.solve(rosen_hess(x), rosen_der(x))
        points.append(x.tolist())
        values.append(float(rosen(x)))
    return {"function": "rosenbrock", "start": list(start), "spec": "newton", "x": points, "f": values}


def scipy_bfgs():
    iterates = [[-1.2, 1.0]]
    result = minimize(rosen, iterates[0], jac=rosen_der, method="BFGS", options={"gtol": 1e-5},
                      callback=lambda xk: iterates.append(xk.tolist()))
    return {"function": "rosenbrock", "start": [-1.2, 1.0], "gtol": 1e-5, "nfev": int(result.nfev),
            "njev": int(result.njev), "nit": int(result.nit), "x": iterates,
            "final_grad_norm": float(np.linalg.norm(rosen_der(result.x)))}


def speed():
    n = 1000
    x0 = np.array([-1.2, 1.0] * (n // 2))
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        r = minimize(rosen, x0, jac=rosen_der, method="L-BFGS-B",
                     options=dict(gtol=1e-8, ftol=0, maxiter=100000, maxfun=100000, maxcor=10))
        runs.append(time.perf_counter() - t)
    print(f"scipy L-BFGS-B  N={n}: nfev={r.nfev} nit={r.nit} |g|inf={np.abs(rosen_der(r.x)).max():.2e} "
          f"time best={min(runs):.3f}s median={sorted(runs)[2]:.3f}s")
    x = torch.tensor(x0, requires_grad=True)
    optimizer = torch.optim.LBFGS([x], lr=1, max_iter=100000, max_eval=10**7, tolerance_grad=1e-8,
                                  tolerance_change=0, history_size=10, line_search_fn="strong_wolfe")
    count = [0]

    def closure():
        optimizer.zero_grad()
        count[0] += 1
        value = rosenbrock_torch(x)
        value.backward()
        return value

    t = time.perf_counter()
    optimizer.step(closure)
    elapsed = time.perf_counter() - t
    print(f"torch LBFGS     N={n}: evaluations={count[0]} iterations={optimizer.state[x]['n_iter']} "
          f"|g|inf={x.grad.abs().max().item():.2e} time={elapsed:.3f}s")


def main():
    if "--speed" in sys.argv:
        speed()
        return
    fixture = {
        "lbfgs": [
            torch_lbfgs("rosenbrock", [-1.2, 1.0], 40),
            torch_lbfgs("rosenbrock", [-1.2, 1.0, -1.2, 1.0, -1.2, 1.0], 40, history_size=3),
            torch_lbfgs("quadratic", [1.0, 1.0, 1.0], 12, lr=0.5),
            torch_lbfgs("quadratic", [1.0, -2.0, 0.5], 15, lr=0.01, line_search="none"),
        ],
        "newton": [numpy_newton([-1.2, 1.0], 7)],
        "bfgs": scipy_bfgs(),
    }
    with open(FIXTURE, "w") as out:
        json.dump(fixture, out, indent=1)
        out.write("\n")
    print(f"wrote {os.path.relpath(FIXTURE)}")


if __name__ == "__main__":
    main()
