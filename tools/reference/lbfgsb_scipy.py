#!/usr/bin/python3
"""Reference runs of SciPy's L-BFGS-B for Downhill's lbfgsb tests.

Writes tests/Downhill.Tests/Fixtures/lbfgsb.json: for each bounded problem, SciPy's
minimize(method="L-BFGS-B") run (Debian's python3-scipy 1.10: the Fortran L-BFGS-B 3.0 with Morales and Nocedal's
subspace correction), its every iterate (via callback), the final point, f, the evaluation and iteration counts and
the message. Each problem names its function the way Downhill does (a catalog name with a dimension, or an
expression), and computes f and its gradient here with numpy, independently of Downhill.

The problems: the bounds inactive (the minimizer inside); the minimizer on a face, on an edge and in a corner of the
box; one-sided bounds; a start outside the box (SciPy projects it); the chained Rosenbrock function with N = 1000
and bounds that hold some variables below their unconstrained minimizer. Tolerances are SciPy's gtol (the projected
gradient's max norm) and ftol (the relative reduction of f); the tests stop Downhill by the same two rules.

With --speed, times one SciPy run of the bounded N = 1000 Rosenbrock to pgtol 1e-8 (ftol 0) and prints
{"seconds", "nfev", "nit", "f"}: the peer side of `dotnet run -c Release --project bench/Downhill.Bench --
lbfgsb-vs-scipy`, which alternates it with Downhill's run.

With --spread K, runs the same problem from K starts, the k-th nudged by k·1e-12 in x_1 and −k·3e-13 in x_2 (k = 0 is
the fixture's start), and prints {"nfev": [...], "nit": [...]}: over ~5,000 iterations the run is chaotic (a different
rounding in one dot product changes the path after ~100 iterations), so one start's evaluation count is one draw from
a spread of about ±30; the bench compares the two implementations' spreads from the same nudged starts.

Run: /usr/bin/python3 tools/reference/lbfgsb_scipy.py
"""
import json
import os
import sys
import time

import numpy as np
from scipy.optimize import minimize, rosen, rosen_der

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "..", "tests", "Downhill.Tests", "Fixtures", "lbfgsb.json")
INF = float("inf")


def quadratic_face(x):
    # (x - 3)^2 + 2*(y + 0.5)^2 + x*y, minimizer (3.714..., -1.428...) outside [-1, 2] x [-2, 2] across the face
    # x = 2, where the answer is (2, -1).
    f = (x[0] - 3) ** 2 + 2 * (x[1] + 0.5) ** 2 + x[0] * x[1]
    g = np.array([2 * (x[0] - 3) + x[1], 4 * (x[1] + 0.5) + x[0]])
    return f, g


def quadratic_edge(x):
    # (x - 2)^2 + (y + 3)^2 + (z - 0.5)^2 + 0.5*x*y + 0.3*y*z - 0.2*x*z in [-1, 1]^3: x at 1, y at -1, z inside.
    f = ((x[0] - 2) ** 2 + (x[1] + 3) ** 2 + (x[2] - 0.5) ** 2 + 0.5 * x[0] * x[1] + 0.3 * x[1] * x[2]
         - 0.2 * x[0] * x[2])
    g = np.array([2 * (x[0] - 2) + 0.5 * x[1] - 0.2 * x[2],
                  2 * (x[1] + 3) + 0.5 * x[0] + 0.3 * x[2],
                  2 * (x[2] - 0.5) + 0.3 * x[1] - 0.2 * x[0]])
    return f, g


def quadratic_corner(x):
    # (x - 3)^2 + (y - 3)^2 + x*y in [0, 1]^2: the minimizer (2, 2) is outside, the answer is the corner (1, 1).
    f = (x[0] - 3) ** 2 + (x[1] - 3) ** 2 + x[0] * x[1]
    g = np.array([2 * (x[0] - 3) + x[1], 2 * (x[1] - 3) + x[0]])
    return f, g


def himmelblau(x):
    a = x[0] ** 2 + x[1] - 11
    b = x[0] + x[1] ** 2 - 7
    return a * a + b * b, np.array([4 * x[0] * a + 2 * b, 2 * a + 4 * x[1] * b])


def rosenbrock(x):
    return rosen(x), rosen_der(x)


def rosenbrock_1000_bounds():
    # [-1.5, 1.2] for each variable but the last, held to [-1.5, 0.81]: the path meets the box's faces, and at the
    # end x_1000 = 0.81 is active (x_999 is then near 0.9, and the variables before it near 1).
    return [-1.5] * 1000, [1.2] * 999 + [0.81]


PROBLEMS = [
    # name, Downhill function, dimension, numpy function, start, lower, upper, gtol, ftol
    ("inactive", "rosenbrock", 2, rosenbrock, [-1.2, 1.0], [-2, -2], [2, 2], 1e-5, 2.2204460492503131e-09),
    ("inactive-tight", "rosenbrock", 2, rosenbrock, [-1.2, 1.0], [-2, -2], [2, 2], 1e-10, 0.0),
    ("face-rosenbrock", "rosenbrock", 2, rosenbrock, [-1.2, 1.0], [-2, -2], [0.5, 2], 1e-8, 0.0),
    ("face", "(x - 3)^2 + 2*(y + 0.5)^2 + x*y", 2, quadratic_face, [0.0, 0.0], [-1, -2], [2, 2], 1e-8, 0.0),
    ("edge", "(x - 2)^2 + (y + 3)^2 + (z - 0.5)^2 + 0.5*x*y + 0.3*y*z - 0.2*x*z", 3, quadratic_edge,
     [0.0, 0.0, 0.0], [-1, -1, -1], [1, 1, 1], 1e-8, 0.0),
    ("corner", "(x - 3)^2 + (y - 3)^2 + x*y", 2, quadratic_corner, [0.5, 0.2], [0, 0], [1, 1], 1e-8, 0.0),
    ("himmelblau-face", "himmelblau", 2, himmelblau, [0.0, 0.0], [-1, -1], [2.5, 3], 1e-5, 2.2204460492503131e-09),
    ("one-sided", "rosenbrock", 2, rosenbrock, [2.0, 2.0], [1.5, -INF], [INF, INF], 1e-8, 0.0),
    ("start-outside", "himmelblau", 2, himmelblau, [5.0, -4.0], [-1, -1], [4, 1], 1e-8, 0.0),
    ("rosenbrock-1000", "rosenbrock", 1000, rosenbrock, [-1.2, 1.0] * 500, *rosenbrock_1000_bounds(), 1e-8, 0.0),
]


def scipy_run(function, start, lower, upper, gtol, ftol):
    bounds = list(zip(lower, upper))
    iterates = []
    result = minimize(lambda x: function(x)[0], np.array(start, dtype=float), jac=lambda x: function(x)[1],
                      method="L-BFGS-B", bounds=bounds,
                      options=dict(gtol=gtol, ftol=ftol, maxcor=10, maxls=20, maxiter=15000, maxfun=15000),
                      callback=lambda xk: iterates.append(xk.tolist()))
    return result, iterates


def record(name, text, dimension, function, start, lower, upper, gtol, ftol):
    result, iterates = scipy_run(function, start, lower, upper, gtol, ftol)
    keep = dimension <= 10
    return {
        "name": name, "function": text, "dimension": dimension, "start": list(start),
        "lower": [None if v == -INF else v for v in lower], "upper": [None if v == INF else v for v in upper],
        "gtol": gtol, "ftol": ftol,
        "x": result.x.tolist(), "f": float(result.fun), "nfev": int(result.nfev), "njev": int(result.njev),
        "nit": int(result.nit), "message": result.message,
        "iterates": iterates if keep else [],
    }


def speed():
    """
    One timed run of the bounded N = 1000 problem to pgtol 1e-8 (ftol 0), printed as one JSON object. The objective
    returns f and its gradient together (jac=True), one rosen and one rosen_der per point as Downhill evaluates, and no
    callback records iterates: only SciPy's own work is timed.
    """
    _, _, _, function, start, lower, upper, _, _ = PROBLEMS[-1]
    options = dict(gtol=1e-8, ftol=0.0, maxcor=10, maxls=20, maxiter=15000, maxfun=15000)
    t = time.perf_counter()
    result = minimize(function, np.array(start, dtype=float), jac=True, method="L-BFGS-B", bounds=list(zip(lower, upper)),
                      options=options)
    elapsed = time.perf_counter() - t
    print(json.dumps({"seconds": elapsed, "nfev": int(result.nfev), "nit": int(result.nit), "f": float(result.fun)}))


def nudged_start(k):
    """The k-th start of --spread: the fixture's start nudged far below any tolerance."""
    start = np.array(PROBLEMS[-1][4], dtype=float)
    start[0] += k * 1e-12
    start[1] -= k * 3e-13
    return start


def spread(count):
    """Evaluation and iteration counts of the bounded N = 1000 problem from `count` nudged starts, as one JSON object."""
    _, _, _, function, _, lower, upper, _, _ = PROBLEMS[-1]
    options = dict(gtol=1e-8, ftol=0.0, maxcor=10, maxls=20, maxiter=15000, maxfun=15000)
    nfev, nit = [], []
    for k in range(count):
        result = minimize(function, nudged_start(k), jac=True, method="L-BFGS-B", bounds=list(zip(lower, upper)),
                          options=options)
        nfev.append(int(result.nfev))
        nit.append(int(result.nit))
    print(json.dumps({"nfev": nfev, "nit": nit}))


def main():
    if "--speed" in sys.argv:
        speed()
        return
    if "--spread" in sys.argv:
        spread(int(sys.argv[sys.argv.index("--spread") + 1]))
        return
    import scipy
    fixture = {"scipy": scipy.__version__, "problems": [record(*p) for p in PROBLEMS]}
    with open(FIXTURE, "w") as out:
        json.dump(fixture, out, indent=1)
        out.write("\n")
    for p in fixture["problems"]:
        print(f"{p['name']:16} nit={p['nit']:4} nfev={p['nfev']:4} f={p['f']:.17g} {p['message']}")
    print(f"wrote {os.path.relpath(FIXTURE)}")


if __name__ == "__main__":
    main()
