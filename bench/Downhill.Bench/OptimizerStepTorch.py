#!/usr/bin/python3
"""torch.optim.Adam and SGD-momentum steps over 10,000,000 float32 parameters on 2 threads: the peer figure for
OptimizerStepBenchmarks. Run with Debian's python3-torch:  /usr/bin/python3 bench/Downhill.Bench/OptimizerStepTorch.py
(OPENBLAS_CORETYPE must be unset.)"""
import time

import torch

torch.set_num_threads(2)
N, STEPS = 10_000_000, 50
for name, make in (("adam", lambda p: torch.optim.Adam([p], lr=1e-3)),
                   ("adam foreach", lambda p: torch.optim.Adam([p], lr=1e-3, foreach=True)),
                   ("sgd momentum", lambda p: torch.optim.SGD([p], lr=1e-3, momentum=0.9))):
    p = torch.rand(N, dtype=torch.float32, requires_grad=True)
    p.grad = torch.rand(N, dtype=torch.float32)
    optimizer = make(p)
    for _ in range(3):
        optimizer.step()
    times = []
    for _ in range(STEPS):
        start = time.perf_counter()
        optimizer.step()
        times.append(time.perf_counter() - start)
    times.sort()
    print(f"torch {torch.__version__} {name}: median {1e3 * times[STEPS // 2]:.2f} ms, best {1e3 * times[0]:.2f} ms "
          f"per step ({torch.get_num_threads()} threads, {N} float32)")
