#!/usr/bin/env python3
"""PyTorch CPU peers for the landscape benchmark, the way the Python tools do it.

  surface   loss-landscape's plot_surface.py: for every grid point copy θ + a·d1 + b·d2 into the
            parameters in place and run a full no-grad forward over the data set.
  hessian   PyHessian's eigenvalues(): power iteration with deflation for the top-k eigenvalues,
            an exact HVP by double backprop per iteration, at most --max-iter iterations each,
            stopping when the eigenvalue estimate changes by less than --tol relatively.

Model: 784-256-256-10 ReLU MLP (nn.Linear) with the parameters read from --params (raw float32,
PyTorch order: fc1.weight, fc1.bias, ...), data from --data / --labels (raw float32 N×784, int32 N),
directions from --d1 / --d2 (raw float32, parameter order). Prints one JSON object on stdout.
Timed from the start of the process (imports included) to the end of the computation; the
caller also measures whole-process wall-clock.
"""
import argparse
import os
import sys
import time

T0 = time.perf_counter()
ap = argparse.ArgumentParser()
ap.add_argument("task", choices=["surface", "hessian"])
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--params", required=True)
ap.add_argument("--data", required=True)
ap.add_argument("--labels", required=True)
ap.add_argument("--n", type=int, default=10000)
ap.add_argument("--d1")
ap.add_argument("--d2")
ap.add_argument("--grid", type=int, default=11)
ap.add_argument("--top-k", type=int, default=5)
ap.add_argument("--max-iter", type=int, default=100)
ap.add_argument("--tol", type=float, default=1e-3)
ap.add_argument("--seed", type=int, default=0)
A = ap.parse_args()
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(A.threads)

import json  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(A.threads)
torch.manual_seed(A.seed)
model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
params = list(model.parameters())
flat = torch.from_numpy(np.fromfile(A.params, dtype="<f4"))
with torch.no_grad():
    o = 0
    for p in params:
        p.copy_(flat[o:o + p.numel()].view_as(p))
        o += p.numel()
x = torch.from_numpy(np.fromfile(A.data, dtype="<f4", count=A.n * 784).reshape(A.n, 784))
y = torch.from_numpy(np.fromfile(A.labels, dtype="<i4", count=A.n).astype(np.int64))
result = {"torch": torch.__version__, "threads": A.threads, "task": A.task}

if A.task == "surface":
    d1 = torch.from_numpy(np.fromfile(A.d1, dtype="<f4"))
    d2 = torch.from_numpy(np.fromfile(A.d2, dtype="<f4"))
    theta = [p.detach().clone() for p in params]
    dirs = []
    o = 0
    for p in params:
        dirs.append((d1[o:o + p.numel()].view_as(p), d2[o:o + p.numel()].view_as(p)))
        o += p.numel()
    coords = np.linspace(-1, 1, A.grid)
    losses = np.zeros((A.grid, A.grid))
    t1 = time.perf_counter()
    with torch.no_grad():
        for i, a in enumerate(coords):
            for j, b in enumerate(coords):
                for p, t, (u, v) in zip(params, theta, dirs):
                    p.copy_(t + float(a) * u + float(b) * v)
                losses[i, j] = F.cross_entropy(model(x), y).item()
    result["compute_s"] = time.perf_counter() - t1
    result["loss_center"] = float(losses[A.grid // 2, A.grid // 2])
    result["loss_corner"] = float(losses[0, 0])
else:
    def hvp(v):
        loss = F.cross_entropy(model(x), y)
        grads = torch.autograd.grad(loss, params, create_graph=True)
        hv = torch.autograd.grad(grads, params, grad_outputs=v)
        return [h.detach() for h in hv]

    def dot(a, b):
        return sum(float((u * w).sum()) for u, w in zip(a, b))

    def normalize(v):
        s = dot(v, v) ** 0.5
        return [u / (s + 1e-6) for u in v]

    def orthonormal(v, basis):
        for b in basis:
            c = dot(v, b)
            v = [u - c * w for u, w in zip(v, b)]
        return normalize(v)

    t1 = time.perf_counter()
    eigenvalues, eigenvectors, hvps = [], [], 0
    for _ in range(A.top_k):
        v = normalize([torch.randn_like(p) for p in params])
        eig = None
        for _ in range(A.max_iter):
            v = orthonormal(v, eigenvectors)
            hv = hvp(v)
            hvps += 1
            tmp = dot(hv, v)
            v = normalize(hv)
            if eig is not None and abs(eig - tmp) / (abs(eig) + 1e-6) < A.tol:
                eig = tmp
                break
            eig = tmp
        eigenvalues.append(eig)
        eigenvectors.append(v)
    result["compute_s"] = time.perf_counter() - t1
    result["eigenvalues"] = eigenvalues
    result["hvps"] = hvps
result["process_s"] = time.perf_counter() - T0
print(json.dumps(result))
