#!/usr/bin/env python3
"""PyTorch CPU peer for the core-wasm MLP benchmark.

784-256-256-10 ReLU MLP (nn.Linear, float32, seeded), whole data set as one batch of N:

  forward     cross-entropy loss (mean) under torch.no_grad()
  gradient    zero grads, forward, loss.backward()
  hvp         exact H·v by double backprop (PyHessian style): grads with create_graph=True,
              then torch.autograd.grad(Σ grads·v)
  surface121  11×11 loss surface the loss-landscape way: for each point copy θ + a·d1 + b·d2
              into the parameters in place and run a full no-grad forward (total time)

Each timing is the median over --repeats runs after one warm-up (the surface uses
--surface-repeats, default 1, after the forward warm-up). Prints one JSON object on stdout;
details go to stderr.

  /usr/bin/python3 packages/core-wasm/bench/torch_mlp.py --threads 1 --data random --n 10000 --repeats 7
  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 packages/core-wasm/bench/torch_mlp.py --threads 2 \\
      --data x.f32 --labels y.i32 --n 10000

--data is a raw little-endian float32 file holding at least N×784 values (row-major, one sample
per row) and --labels a raw little-endian int32 file with at least N labels in 0..9; with
--data random (the default) the inputs are uniform in [0, 1) with uniform random labels.

Threads: torch.set_num_threads(N) only sizes ATen's OpenMP pool. Debian's python3-torch does its
GEMMs in the system OpenBLAS (pthreads build), which ignores it and by default uses every core, so
OPENBLAS_NUM_THREADS / OMP_NUM_THREADS / MKL_NUM_THREADS are set to N before torch is imported
and openblas_set_num_threads(N) is called as well.
"""

import argparse
import ctypes
import ctypes.util
import json
import os
import statistics
import sys
import time


def parse_args():
    ap = argparse.ArgumentParser(description="PyTorch CPU timings for the 784-256-256-10 MLP")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--data", default="random", help="raw float32 N×784 file, or 'random'")
    ap.add_argument("--labels", default=None, help="raw int32 label file (with --data PATH)")
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--surface-repeats", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    return ap.parse_args()


ARGS = parse_args()
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = str(ARGS.threads)

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

SIZES = (784, 256, 256, 10)
GRID = 11


def build_model(seed):
    torch.manual_seed(seed)
    layers = []
    for i in range(len(SIZES) - 1):
        layers.append(nn.Linear(SIZES[i], SIZES[i + 1]))
        if i + 2 < len(SIZES):
            layers.append(nn.ReLU())
    return nn.Sequential(*layers).float()


def load_data(args):
    n, d = args.n, SIZES[0]
    if args.data == "random":
        g = torch.Generator().manual_seed(args.seed + 1)
        x = torch.rand(n, d, generator=g, dtype=torch.float32)
        y = torch.randint(0, SIZES[-1], (n,), generator=g, dtype=torch.int64)
        return x, y, "random"
    if not args.labels:
        sys.exit("--labels is required with a --data file")
    raw = np.fromfile(args.data, dtype="<f4")
    if raw.size % d != 0:
        sys.exit("%s: %d floats is not a multiple of %d" % (args.data, raw.size, d))
    if raw.size // d < n:
        sys.exit("%s holds %d samples, --n asks for %d" % (args.data, raw.size // d, n))
    labels = np.fromfile(args.labels, dtype="<i4")
    if labels.size < n:
        sys.exit("%s holds %d labels, --n asks for %d" % (args.labels, labels.size, n))
    x = torch.from_numpy(raw[: n * d].reshape(n, d).astype(np.float32))
    y = torch.from_numpy(labels[:n].astype(np.int64))
    if int(y.min()) < 0 or int(y.max()) >= SIZES[-1]:
        sys.exit("labels must be in 0..%d" % (SIZES[-1] - 1))
    return x, y, args.data


def limit_blas_threads(n):
    """Pins OpenBLAS (if loaded) to n threads; returns its thread count or None."""
    for name in ("libopenblas.so.0", ctypes.util.find_library("openblas")):
        if not name:
            continue
        try:
            lib = ctypes.CDLL(name)
            lib.openblas_set_num_threads(ctypes.c_int(n))
            return int(lib.openblas_get_num_threads())
        except (OSError, AttributeError):
            continue
    return None


def timed(fn, repeats, warmup=1):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times), times


def main():
    args = ARGS
    torch.set_num_threads(args.threads)
    blas_threads = limit_blas_threads(args.threads)
    model = build_model(args.seed)
    x, y, source = load_data(args)
    params = list(model.parameters())

    g = torch.Generator().manual_seed(args.seed + 2)
    v = [torch.randn(p.shape, generator=g, dtype=torch.float32) for p in params]
    d1 = [torch.randn(p.shape, generator=g, dtype=torch.float32) for p in params]
    d2 = [torch.randn(p.shape, generator=g, dtype=torch.float32) for p in params]
    theta = [p.detach().clone() for p in params]

    results = {}

    def forward():
        with torch.no_grad():
            results["loss"] = float(F.cross_entropy(model(x), y))

    def gradient():
        model.zero_grad(set_to_none=False)
        loss = F.cross_entropy(model(x), y)
        loss.backward()

    def hvp():
        loss = F.cross_entropy(model(x), y)
        grads = torch.autograd.grad(loss, params, create_graph=True)
        gv = sum((gi * vi).sum() for gi, vi in zip(grads, v))
        hv = torch.autograd.grad(gv, params)
        results["vhv"] = float(sum((h * vi).sum() for h, vi in zip(hv, v)))

    coeffs = np.linspace(-1.0, 1.0, GRID)

    def surface():
        losses = []
        with torch.no_grad():
            for a in coeffs:
                for b in coeffs:
                    for p, t0, u, w in zip(params, theta, d1, d2):
                        p.copy_(t0)
                        p.add_(u, alpha=float(a))
                        p.add_(w, alpha=float(b))
                    losses.append(float(F.cross_entropy(model(x), y)))
            for p, t0 in zip(params, theta):
                p.copy_(t0)
        results["surface_min"] = min(losses)

    forward_ms, forward_all = timed(forward, args.repeats)
    gradient_ms, gradient_all = timed(gradient, args.repeats)
    hvp_ms, hvp_all = timed(hvp, args.repeats)
    surface_ms, surface_all = timed(surface, args.surface_repeats, warmup=0)

    print("data=%s n=%d torch_threads=%d openblas_threads=%s loss=%.6f vHv=%.6g surface_min=%.6f" % (
        source, args.n, torch.get_num_threads(), blas_threads, results["loss"], results["vhv"],
        results["surface_min"]), file=sys.stderr)
    for name, ts in (("forward", forward_all), ("gradient", gradient_all), ("hvp", hvp_all),
                     ("surface121", surface_all)):
        print("  %-10s %s ms" % (name, " ".join("%.2f" % t for t in ts)), file=sys.stderr)

    print(json.dumps({
        "torch": torch.__version__,
        "threads": args.threads,
        "n": args.n,
        "forward_ms": round(forward_ms, 3),
        "gradient_ms": round(gradient_ms, 3),
        "hvp_ms": round(hvp_ms, 3),
        "surface121_ms": round(surface_ms, 3),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),
    }))


if __name__ == "__main__":
    main()
