#!/usr/bin/python3
"""Critical points of Downhill's fixed-dimension catalog functions, to full double precision.

Method: vectorized float Newton from a dense grid of starts over each function's bounds (numpy), then each distinct
point polished by Newton in 50-digit arithmetic (mpmath) and classified by the signs of its Hessian's eigenvalues.
Prints C# KnownPoint literals for src/Downhill/Functions/Catalog/KnownPointsData.cs.
Run: /usr/bin/python3 tools/reference/critical_points.py
"""
import numpy as np
import sympy as sp
import mpmath as mp

mp.mp.dps = 50
x, y = sp.symbols('x y')

# name: (expression, variables, bounds, which kinds to keep: 'all' or 'minima')
FUNCTIONS = {
    'parabola': (3*x**2 - 3*x + 4, [x], [(-1, 2)], 'all'),
    'xcos': (x*sp.cos(sp.pi*x), [x], [(-1, 2)], 'all'),
    'xcos-noisy': (x*sp.cos(sp.pi*x) + sp.Rational(1, 5)*sp.cos(5*sp.pi*x), [x], [(-1, 2)], 'all'),
    'peaks': (3*(1-x)**2*sp.exp(-x**2 - (y+1)**2) - 10*(x/5 - x**3 - y**5)*sp.exp(-x**2 - y**2)
              - sp.Rational(1, 3)*sp.exp(-(x+1)**2 - y**2), [x, y], [(-3, 3), (-3, 3)], 'all'),
    'himmelblau': ((x**2 + y - 11)**2 + (x + y**2 - 7)**2, [x, y], [(-5, 5), (-5, 5)], 'all'),
    'beale': ((sp.Rational(3, 2) - x + x*y)**2 + (sp.Rational(9, 4) - x + x*y**2)**2
              + (sp.Rational(21, 8) - x + x*y**3)**2, [x, y], [(-4.5, 4.5), (-4.5, 4.5)], 'minima'),
    'booth': ((x + 2*y - 7)**2 + (2*x + y - 5)**2, [x, y], [(-10, 10), (-10, 10)], 'all'),
    'matyas': (sp.Rational(26, 100)*(x**2 + y**2) - sp.Rational(48, 100)*x*y, [x, y], [(-10, 10), (-10, 10)], 'all'),
    'three-hump-camel': (2*x**2 - sp.Rational(105, 100)*x**4 + x**6/6 + x*y + y**2, [x, y], [(-5, 5), (-5, 5)], 'all'),
    'six-hump-camel': ((4 - sp.Rational(21, 10)*x**2 + x**4/3)*x**2 + x*y + (-4 + 4*y**2)*y**2, [x, y],
                       [(-3, 3), (-2, 2)], 'all'),
    'goldstein-price': ((1 + (x + y + 1)**2*(19 - 14*x + 3*x**2 - 14*y + 6*x*y + 3*y**2))
                        * (30 + (2*x - 3*y)**2*(18 - 32*x + 12*x**2 + 48*y - 36*x*y + 27*y**2)),
                        [x, y], [(-2, 2), (-2, 2)], 'minima'),
}


def clean(v):
    """Newton lands on 1e-50 where the answer is 0: print 0."""
    return 0.0 if abs(v) < 1e-30 else v


def critical_points(expr, vs, bounds, grid=80):
    n = len(vs)
    grad = [sp.diff(expr, v) for v in vs]
    hess = [[sp.diff(g, v) for v in vs] for g in grad]
    fg = sp.lambdify(vs, grad, 'numpy')
    fh = sp.lambdify(vs, hess, 'numpy')
    axes = [np.linspace(lo, hi, grid) for lo, hi in bounds]
    pts = np.stack([a.ravel() for a in np.meshgrid(*axes, indexing='ij')], axis=1)
    for _ in range(60):
        g = np.array([np.broadcast_to(c, pts.shape[0]) for c in fg(*pts.T)]).T
        h = np.array([[np.broadcast_to(c, pts.shape[0]) for c in row] for row in fh(*pts.T)]).transpose(2, 0, 1)
        with np.errstate(all='ignore'):
            step = np.linalg.solve(h + 1e-300, g[..., None])[..., 0] if n > 1 else (g / h[:, :, 0])
        step = np.nan_to_num(step, nan=0.0, posinf=0.0, neginf=0.0)
        pts = pts - np.clip(step, -1, 1)
    g = np.array([np.broadcast_to(c, pts.shape[0]) for c in fg(*pts.T)]).T
    ok = np.all(np.isfinite(pts), axis=1) & (np.linalg.norm(g, axis=1) < 1e-6)
    inside = np.all([(pts[:, i] >= lo - 1e-9) & (pts[:, i] <= hi + 1e-9) for i, (lo, hi) in enumerate(bounds)], axis=0)
    found = []
    for p in pts[ok & inside]:
        if all(np.max(np.abs(p - q)) > 1e-5 for q in found):
            found.append(p)
    mg = sp.lambdify(vs, grad, 'mpmath')
    mh = sp.lambdify(vs, hess, 'mpmath')
    mf = sp.lambdify(vs, expr, 'mpmath')
    out = []
    for p in found:
        v = mp.matrix([mp.mpf(float(c)) for c in p])
        for _ in range(100):
            g = mp.matrix(mg(*v))
            if mp.norm(g) < mp.mpf(10) ** -45:
                break
            v = v - mp.lu_solve(mp.matrix(mh(*v)), g)
        eig = mp.eig(mp.matrix(mh(*v)))[0] if n > 1 else [mh(*v)[0][0]]
        eig = [float(mp.re(e)) for e in eig]
        scale = max(1.0, max(abs(e) for e in eig))
        if any(abs(e) < 1e-10 * scale for e in eig):
            kind = 'Degenerate'
        elif all(e > 0 for e in eig):
            kind = 'LocalMinimum'
        elif all(e < 0 for e in eig):
            kind = 'Maximum'
        else:
            kind = 'Saddle'
        out.append(([clean(float(c)) for c in v], clean(float(mf(*v))), kind))
    minima = [p for p in out if p[2] == 'LocalMinimum']
    if minima:
        best = min(p[1] for p in minima)
        out = [(c, f, 'GlobalMinimum' if k == 'LocalMinimum' and abs(f - best) <= 1e-12 * max(1, abs(best)) else k)
               for c, f, k in out]
    order = {'GlobalMinimum': 0, 'LocalMinimum': 1, 'Maximum': 2, 'Saddle': 3, 'Degenerate': 4}
    return sorted(out, key=lambda p: (order[p[2]], p[0]))


def styblinski_tang():
    t = mp.findroot(lambda u: 2*u**3 - 16*u + mp.mpf(5)/2, -2.9)
    print(f'    // Styblinski-Tang: x* = {float(t)!r} in every coordinate, f = {float((t**4 - 16*t**2 + 5*t)/2)!r} per coordinate')


def main():
    styblinski_tang()
    for name, (expr, vs, bounds, keep) in FUNCTIONS.items():
        pts = critical_points(expr, vs, bounds)
        if keep == 'minima':
            pts = [p for p in pts if p[2] in ('GlobalMinimum', 'LocalMinimum')]
        print(f'        ["{name}"] =')
        print('        [')
        for c, f, k in pts:
            xs = ', '.join(repr(v) for v in c)
            print(f'            new([{xs}], {f!r}, PointKind.{k}),')
        print('        ],')


if __name__ == '__main__':
    main()
