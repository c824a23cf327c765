"""The test functions the first-order reference scripts share, and their gradients in numpy.

Gradients are computed in the parameters' own dtype, one rounded operation at a time, in the order Downhill's replay
tests use (tests/Downhill.Tests/Optimizers/ReferenceFixture.cs), so both sides feed an optimizer the same bits.
"""
import numpy as np

FUNCTIONS = {
    "rosenbrock": {"start": [-1.2, 1.0]},
    "quadratic4": {"start": [1.0, -1.0, 0.5, -0.25], "curvatures": [0.5, 2.0, 8.0, 32.0]},
    "quadratic37": {"start": [((-1) ** i) * (0.25 + i / 36) for i in range(37)],
                    "curvatures": [0.5 * 1.1 ** i for i in range(37)]},
}


def gradient(function, x, dt):
    if function == "rosenbrock":
        one, two, c200, c400 = dt(1), dt(2), dt(200), dt(400)
        a, b = x[0], x[1]
        t = b - a * a
        return np.array([-two * (one - a) - c400 * a * t, c200 * t], dtype=dt)
    d = np.array(FUNCTIONS[function]["curvatures"], dtype=dt)
    return d * x


def spec_text(name, settings):
    """Downhill's spec for an optimizer with these settings: name:key=value,…"""
    def fmt(v):
        return ("true" if v else "false") if isinstance(v, bool) else repr(v)
    return name + ":" + ",".join(f"{k}={fmt(v)}" for k, v in settings.items())
