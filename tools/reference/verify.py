#!/usr/bin/env python3
"""Re-reads the fixtures written by generate.py and checks them.

For every case listed in index.json:
  * decodes all base64 arrays and checks their shapes against the program and `n`;
  * re-evaluates the program with a plain NumPy implementation written from the op
    definitions in packages/core-wasm/src/program.ts (no PyTorch) and compares loss,
    correct count and the 2-D slice losses with the stored float64 expectations;
  * recomputes gradient and H·v with generate.run_program (PyTorch, float64) from the decoded
    arrays, which checks the encoding round trip of every stored array.

Usage:  /usr/bin/python3 tools/reference/verify.py [--dir DIR]
Exits non-zero on the first mismatch.
"""

import argparse
import json
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate as gen  # noqa: E402

REL_TOL = 1e-10


def split(flat, specs):
    out, off = {}, 0
    for s in specs:
        n = gen.size_of(s["shape"])
        out[s["name"]] = flat[off:off + n].reshape(s["shape"])
        off += n
    assert off == flat.size, (off, flat.size)
    return out


def pad4(x, pad, value=0.0):
    t, l, b, r = pad
    return np.pad(x, ((0, 0), (0, 0), (t, b), (l, r)), constant_values=value)


def windows(xp, kh, kw, sh, sw, ho, wo):
    """Yields the strided [N, C, ho, wo] slice for each kernel offset."""
    for p in range(kh):
        for q in range(kw):
            yield p, q, xp[:, :, p:p + sh * (ho - 1) + 1:sh, q:q + sw * (wo - 1) + 1:sw]


def out_size(n, k, s, p0, p1):
    return (n + p0 + p1 - k) // s + 1


_erf = np.vectorize(math.erf)


def activation(x, kind, alpha):
    if kind == "relu":
        return np.where(x > 0, x, 0.0)
    if kind == "leaky-relu":
        return np.where(x > 0, x, (0.01 if alpha is None else alpha) * x)
    if kind == "elu":
        return np.where(x > 0, x, (1.0 if alpha is None else alpha) * np.expm1(np.minimum(x, 0.0)))
    if kind == "sigmoid":
        return 1.0 / (1.0 + np.exp(-x))
    if kind == "tanh":
        return np.tanh(x)
    if kind == "softplus":
        return np.logaddexp(0.0, x)
    if kind == "gelu":
        return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))
    raise ValueError(kind)


def forward_numpy(program, theta, consts, x):
    P = split(theta, program["params"])
    C = split(consts, program.get("consts") or [])
    N = x.shape[0]
    vals = [x]
    for op in program["ops"]:
        k = op["op"]
        if k == "dense":
            W = P[op["weight"]]
            v = vals[op["x"]]
            y = v @ W.T if op.get("layout", "out-in") == "out-in" else v @ W
            if op.get("bias") is not None:
                y = y + P[op["bias"]]
        elif k == "conv2d":
            W = P[op["weight"]]
            O, Ci, kh, kw = W.shape
            sh, sw = op.get("stride", [1, 1])
            pad = op.get("pad", [0, 0, 0, 0])
            v = vals[op["x"]]
            ho = out_size(v.shape[2], kh, sh, pad[0], pad[2])
            wo = out_size(v.shape[3], kw, sw, pad[1], pad[3])
            y = np.zeros((N, O, ho, wo))
            for p, q, sl in windows(pad4(v, pad), kh, kw, sh, sw, ho, wo):
                y += np.einsum("nchw,oc->nohw", sl, W[:, :, p, q])
            if op.get("bias") is not None:
                y += P[op["bias"]].reshape(1, O, 1, 1)
        elif k in ("maxpool", "avgpool"):
            kh, kw = op["kernel"]
            sh, sw = op.get("stride", op["kernel"])
            pad = op.get("pad", [0, 0, 0, 0])
            v = vals[op["x"]]
            ho = out_size(v.shape[2], kh, sh, pad[0], pad[2])
            wo = out_size(v.shape[3], kw, sw, pad[1], pad[3])
            if k == "maxpool":
                y = np.full((N, v.shape[1], ho, wo), -np.inf)
                for _, _, sl in windows(pad4(v, pad, -np.inf), kh, kw, sh, sw, ho, wo):
                    y = np.maximum(y, sl)
            else:
                s = np.zeros((N, v.shape[1], ho, wo))
                cnt = np.zeros((1, 1, ho, wo))
                ones = pad4(np.ones((1, 1) + v.shape[2:]), pad)
                for (_, _, sl), (_, _, m) in zip(windows(pad4(v, pad), kh, kw, sh, sw, ho, wo),
                                                  windows(ones, kh, kw, sh, sw, ho, wo)):
                    s += sl
                    cnt += m
                y = s / (kh * kw) if op.get("countIncludePad", True) else s / cnt
        elif k == "global-avgpool":
            y = vals[op["x"]].mean(axis=(2, 3))
        elif k == "reshape":
            v = vals[op["x"]]
            y = v.reshape([N] + list(op.get("shape") or [v[0].size]))
        elif k == "batchnorm":
            v = vals[op["x"]]
            bs = (1, -1) + (1,) * (v.ndim - 2)
            y = (P[op["scale"]].reshape(bs) * (v - C[op["mean"]].reshape(bs))
                 / np.sqrt(C[op["var"]].reshape(bs) + op.get("epsilon", 1e-5)) + P[op["bias"]].reshape(bs))
        elif k == "add":
            y = vals[op["a"]] + vals[op["b"]]
        elif k == "activation":
            y = activation(vals[op["x"]], op["kind"], op.get("alpha"))
        else:
            raise ValueError(k)
        vals.append(y)
    return vals[program["output"]]


def loss_numpy(program, z, labels, targets):
    if program["loss"] == "mse":
        return float(np.mean((z - targets) ** 2)), None
    m = z.max(axis=1, keepdims=True)
    lse = (m + np.log(np.exp(z - m).sum(axis=1, keepdims=True)))[:, 0]
    loss = float(np.mean(lse - z[np.arange(len(labels)), labels]))
    return loss, int((z.argmax(axis=1) == labels).sum())


def close(a, b, what, tol=REL_TOL):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    err = float(np.max(np.abs(a - b)) / max(float(np.max(np.abs(b))), 1e-300))
    if not err <= tol:
        raise AssertionError("%s: relative error %.3e > %.1e" % (what, err, tol))
    return err


def verify(path):
    import torch

    f = json.load(open(path))
    prog = f["program"]
    name = f["case"]
    theta32 = gen.decode(f["params"])
    consts32 = gen.decode(f["consts"])
    x32 = gen.decode(f["x"])
    labels = gen.decode(f["labels"])
    targets = gen.decode(f["targets"])
    P = f["param_count"]
    N = f["n"]
    assert theta32.dtype == np.float32 and theta32.shape == (P,)
    assert P == sum(gen.size_of(s["shape"]) for s in prog["params"])
    assert consts32.shape == (sum(gen.size_of(s["shape"]) for s in prog["consts"]),)
    assert x32.shape == tuple([N] + prog["input"]), x32.shape
    assert (labels is None) == (prog["loss"] == "mse") and (targets is None) == (prog["loss"] == "cross-entropy")
    if labels is not None:
        assert labels.dtype == np.int32 and labels.shape == (N,)
    for key in ("vector", "d1", "d2"):
        assert f[key]["dtype"] == "float32" and f[key]["shape"] == [P]
    exp = f["expected"]
    for key in ("grad", "hvp"):
        assert exp[key]["dtype"] == "float64" and exp[key]["shape"] == [P]
    assert [0, 0] in f["points"] or [0.0, 0.0] in f["points"]

    theta = theta32.astype(np.float64)
    consts = consts32.astype(np.float64)
    x = x32.astype(np.float64)
    tg = targets.astype(np.float64) if targets is not None else None
    lb = labels.astype(np.int64) if labels is not None else None

    # Independent NumPy forward
    loss, correct = loss_numpy(prog, forward_numpy(prog, theta, consts, x), lb, tg)
    close(loss, exp["loss"], name + " loss")
    assert correct == exp["correct"], (name, correct, exp["correct"])
    d1 = gen.decode(f["d1"]).astype(np.float64)
    d2 = gen.decode(f["d2"]).astype(np.float64)
    worst = 0.0
    for (a, b), pl, pc in zip(f["points"], exp["points_loss"], exp["points_correct"]):
        l2, c2 = loss_numpy(prog, forward_numpy(prog, theta + a * d1 + b * d2, consts, x), lb, tg)
        worst = max(worst, close(l2, pl, "%s point (%g, %g)" % (name, a, b)))
        assert c2 == pc, (name, a, b, c2, pc)

    # Gradient and H·v from the decoded arrays
    t = torch.tensor(theta, requires_grad=True)
    out = gen.run_program(prog, t, torch.tensor(consts), torch.tensor(x))
    lt = gen.loss_of(prog, out, torch.tensor(lb) if lb is not None else None,
                     torch.tensor(tg) if tg is not None else None)
    (g,) = torch.autograd.grad(lt, t, create_graph=True)
    v = torch.tensor(gen.decode(f["vector"]).astype(np.float64))
    (hv,) = torch.autograd.grad(g @ v, t)
    close(g.detach().numpy(), gen.decode(exp["grad"]), name + " grad", 1e-12)
    close(hv.numpy(), gen.decode(exp["hvp"]), name + " hvp", 1e-12)
    print("%-26s ok  loss=%.12g (numpy rel err %.1e, points %.1e)  correct=%s" % (
        name, exp["loss"], abs(loss - exp["loss"]) / abs(exp["loss"]), worst, exp["correct"]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default=gen.DEFAULT_OUT)
    args = ap.parse_args()
    index = json.load(open(os.path.join(args.dir, "index.json")))
    for c in index["cases"]:
        verify(os.path.join(args.dir, c["file"]))
        assert os.path.getsize(os.path.join(args.dir, c["file"])) < 200 * 1024


if __name__ == "__main__":
    main()
