#!/usr/bin/env python3
"""Float64 reference fixtures for the @nnll/core-wasm kernel.

Builds a handful of small networks in PyTorch, describes each one in the kernel's program IR
(packages/core-wasm/src/program.ts), and writes one JSON fixture per case to
packages/core-wasm/test/fixtures/<case>.json plus an index.json listing them.

Every fixture stores float32 inputs (parameters, constants, data, probe vectors) and float64
expectations computed from those exact float32 values cast to float64: the mean loss, the
correct count, the gradient, the exact Hessian-vector product (double backprop) and the loss at
a few points of a 2-D slice θ + a·d1 + b·d2.

The expectations are computed by `run_program` below, which executes the program JSON itself
(so the fixture's IR is what gets tested); each case's hand-written nn.Module is evaluated in
float64 as well and the two must agree, which is recorded under `checks`.

Usage:  /usr/bin/python3 tools/reference/generate.py [--out DIR]
Needs:  python3-torch (1.13) and python3-numpy (Debian packages).
"""

import argparse
import base64
import copy
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

SEED = 0
EPSILON_BN = 1e-5
POINT_COEFFS = (-0.5, 0.0, 0.35)
HVP_FD_STEPS = (1e-4, 1e-6)
GRAD_FD_STEPS = (1e-5, 1e-7)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DEFAULT_OUT = os.path.join(REPO_ROOT, "packages", "core-wasm", "test", "fixtures")


# ----------------------------------------------------------------------------------------------
# Encoding


def encode(array, dtype):
    """{"dtype", "shape", "base64"} with little-endian raw bytes, row-major."""
    le = {"float32": "<f4", "float64": "<f8", "int32": "<i4"}[dtype]
    a = np.ascontiguousarray(np.asarray(array), dtype=le)
    return {"dtype": dtype, "shape": list(a.shape), "base64": base64.b64encode(a.tobytes()).decode("ascii")}


def to_json(obj, indent=0, width=160):
    """JSON with small arrays/objects kept on one line (readable programs, compact shapes)."""
    flat = json.dumps(obj, ensure_ascii=False)
    if not isinstance(obj, (dict, list)) or len(flat) + indent <= width or not obj:
        return flat
    pad = " " * (indent + 1)
    if isinstance(obj, list):
        items = [pad + to_json(v, indent + 1, width) for v in obj]
        return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"
    items = [pad + json.dumps(k) + ": " + to_json(v, indent + 1, width) for k, v in obj.items()]
    return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"


def decode(blob):
    if blob is None:
        return None
    le = {"float32": "<f4", "float64": "<f8", "int32": "<i4"}[blob["dtype"]]
    a = np.frombuffer(base64.b64decode(blob["base64"]), dtype=le)
    return a.reshape(blob["shape"])


# ----------------------------------------------------------------------------------------------
# Program IR


class ProgramBuilder:
    """Appends ops in topological order; op i produces value i + 1, value 0 is the input."""

    def __init__(self, input_shape, loss):
        self.input = list(input_shape)
        self.loss = loss
        self.params = []
        self.consts = []
        self.ops = []

    def param(self, name, tensor):
        self.params.append({"name": name, "shape": list(tensor.shape)})
        return name

    def const(self, name, tensor):
        self.consts.append({"name": name, "shape": list(tensor.shape)})
        return name

    def op(self, op_name, inputs, **fields):
        d = {"op": op_name}
        d.update(inputs)
        d["y"] = len(self.ops) + 1
        d.update(fields)
        self.ops.append(d)
        return d["y"]

    def dense(self, x, weight, bias, layout=None):
        fields = {"weight": weight, "bias": bias}
        if layout is not None:
            fields["layout"] = layout
        return self.op("dense", {"x": x}, **fields)

    def conv2d(self, x, weight, bias, stride=None, pad=None):
        fields = {"weight": weight, "bias": bias}
        if stride is not None:
            fields["stride"] = list(stride)
        if pad is not None:
            fields["pad"] = list(pad)
        return self.op("conv2d", {"x": x}, **fields)

    def pool(self, kind, x, kernel, stride=None, pad=None, count_include_pad=None):
        fields = {"kernel": list(kernel)}
        if stride is not None:
            fields["stride"] = list(stride)
        if pad is not None:
            fields["pad"] = list(pad)
        if count_include_pad is not None:
            fields["countIncludePad"] = count_include_pad
        return self.op(kind, {"x": x}, **fields)

    def batchnorm(self, x, prefix):
        return self.op(
            "batchnorm", {"x": x},
            scale=prefix + ".weight", bias=prefix + ".bias",
            mean=prefix + ".running_mean", var=prefix + ".running_var", epsilon=EPSILON_BN,
        )

    def act(self, x, kind, alpha=None):
        fields = {"kind": kind}
        if alpha is not None:
            fields["alpha"] = alpha
        return self.op("activation", {"x": x}, **fields)

    def build(self, output):
        return {
            "input": self.input,
            "params": self.params,
            "consts": self.consts,
            "ops": self.ops,
            "output": output,
            "loss": self.loss,
        }


def size_of(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def split_flat(flat, specs):
    out = {}
    offset = 0
    for s in specs:
        n = size_of(s["shape"])
        out[s["name"]] = flat[offset:offset + n].view(s["shape"])
        offset += n
    assert offset == flat.numel(), (offset, flat.numel())
    return out


def _sum_pool(x, kernel, stride, pad):
    """Window sums over a zero-padded input, pad = [top, left, bottom, right]."""
    t, l, b, r = pad
    xp = F.pad(x, (l, r, t, b))
    return F.avg_pool2d(xp, kernel, stride, padding=0) * (kernel[0] * kernel[1])


def _activation(x, kind, alpha):
    if kind == "relu":
        return F.relu(x)
    if kind == "leaky-relu":
        return F.leaky_relu(x, 0.01 if alpha is None else alpha)
    if kind == "elu":
        return F.elu(x, 1.0 if alpha is None else alpha)
    if kind == "sigmoid":
        return torch.sigmoid(x)
    if kind == "tanh":
        return torch.tanh(x)
    if kind == "softplus":
        return torch.log1p(torch.exp(-x.abs())) + F.relu(x)
    if kind == "gelu":
        return F.gelu(x)
    raise ValueError("unknown activation " + kind)


def run_program(program, theta, consts, x):
    """Executes the program on a batch x [N, *input]; theta/consts are flat 1-D tensors."""
    P = split_flat(theta, program["params"])
    C = split_flat(consts, program.get("consts") or [])
    N = x.shape[0]
    values = [x]
    for i, op in enumerate(program["ops"]):
        assert op["y"] == i + 1, "op %d must produce value %d" % (i, i + 1)
        kind = op["op"]
        if kind == "dense":
            v = values[op["x"]]
            W = P[op["weight"]]
            if op.get("layout", "out-in") == "out-in":
                y = v @ W.t()
            else:
                y = v @ W
            if op.get("bias") is not None:
                y = y + P[op["bias"]]
        elif kind == "conv2d":
            t, l, b, r = op.get("pad", [0, 0, 0, 0])
            v = F.pad(values[op["x"]], (l, r, t, b))
            bias = P[op["bias"]] if op.get("bias") is not None else None
            y = F.conv2d(v, P[op["weight"]], bias, stride=tuple(op.get("stride", [1, 1])))
        elif kind == "maxpool":
            t, l, b, r = op.get("pad", [0, 0, 0, 0])
            v = F.pad(values[op["x"]], (l, r, t, b), value=-math.inf)
            y = F.max_pool2d(v, tuple(op["kernel"]), tuple(op.get("stride", op["kernel"])))
        elif kind == "avgpool":
            kernel = tuple(op["kernel"])
            stride = tuple(op.get("stride", op["kernel"]))
            pad = op.get("pad", [0, 0, 0, 0])
            s = _sum_pool(values[op["x"]], kernel, stride, pad)
            if op.get("countIncludePad", True):
                y = s / (kernel[0] * kernel[1])
            else:
                ones = torch.ones((1, 1) + tuple(values[op["x"]].shape[2:]), dtype=s.dtype)
                y = s / _sum_pool(ones, kernel, stride, pad)
        elif kind == "global-avgpool":
            y = values[op["x"]].mean(dim=(2, 3))
        elif kind == "reshape":
            v = values[op["x"]]
            shape = op.get("shape") or [size_of(v.shape[1:])]
            y = v.reshape([N] + list(shape))
        elif kind == "batchnorm":
            v = values[op["x"]]
            bshape = [1, -1] + [1] * (v.dim() - 2)
            mean = C[op["mean"]].view(bshape)
            var = C[op["var"]].view(bshape)
            scale = P[op["scale"]].view(bshape)
            shift = P[op["bias"]].view(bshape)
            y = scale * (v - mean) / torch.sqrt(var + op.get("epsilon", EPSILON_BN)) + shift
        elif kind == "add":
            y = values[op["a"]] + values[op["b"]]
        elif kind == "activation":
            y = _activation(values[op["x"]], op["kind"], op.get("alpha"))
        else:
            raise ValueError("unsupported op " + kind)
        values.append(y)
    return values[program["output"]]


def loss_of(program, out, labels, targets):
    if program["loss"] == "cross-entropy":
        return F.cross_entropy(out, labels, reduction="mean")
    return F.mse_loss(out, targets, reduction="mean")


def correct_of(program, out, labels):
    if program["loss"] != "cross-entropy":
        return None
    return int((out.argmax(dim=1) == labels).sum().item())


def min_margin(program, out):
    """Smallest gap between the top two logits over the batch (how safe an exact argmax is)."""
    if program["loss"] != "cross-entropy":
        return None
    top = out.detach().topk(2, dim=1).values
    return float((top[:, 0] - top[:, 1]).min().item())


# ----------------------------------------------------------------------------------------------
# Cases


class Case:
    def __init__(self, name, description, model, program, x, labels=None, targets=None, forward=None):
        self.name = name
        self.description = description
        self.model = model
        self.program = program
        self.x = x
        self.labels = labels
        self.targets = targets
        self.forward = forward or (lambda m, xb: m(xb))


def train(model, forward, x, labels, targets, steps, lr, loss_kind, weight_decay=0.0):
    """Full-batch Adam in float32. BatchNorm layers stay in eval mode (fixed running stats).

    With weight_decay > 0 the optimum is that of the L2-regularised loss, so the fixture's
    (unregularised) loss sits near a minimum with a small but non-zero gradient.
    """
    model.eval()
    opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    for _ in range(steps):
        opt.zero_grad()
        out = forward(model, x)
        if loss_kind == "cross-entropy":
            loss = F.cross_entropy(out, labels)
        else:
            loss = F.mse_loss(out, targets)
        loss.backward()
        opt.step()
    model.eval()


def init_batchnorm_stats(model, forward, x, rng_t):
    """Running stats from one train-mode pass over the data, then perturbed, plus random affine."""
    bns = [m for m in model.modules() if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d))]
    for bn in bns:
        bn.momentum = None  # cumulative average: one pass gives the batch statistics
        bn.reset_running_stats()
    model.train()
    with torch.no_grad():
        forward(model, x)
    model.eval()
    with torch.no_grad():
        for bn in bns:
            c = bn.num_features
            bn.running_mean.add_(0.3 * torch.randn(c, generator=rng_t))
            bn.running_var.mul_(0.6 + 0.9 * torch.rand(c, generator=rng_t))
            bn.weight.copy_(0.6 + 0.8 * torch.rand(c, generator=rng_t))
            bn.bias.copy_(0.2 * torch.randn(c, generator=rng_t))
            bn.momentum = 0.1


def flip_labels(rng, y, K, frac):
    """Moves a fraction of the labels to a different random class (keeps the minimum loss away from 0)."""
    y = y.copy()
    idx = rng.choice(len(y), int(round(frac * len(y))), replace=False)
    y[idx] = (y[idx] + rng.integers(1, K, len(idx))) % K
    return y


class MLP(nn.Module):
    def __init__(self, sizes, act):
        super().__init__()
        self.act = act
        self.layers = len(sizes) - 1
        for i in range(self.layers):
            setattr(self, "fc%d" % (i + 1), nn.Linear(sizes[i], sizes[i + 1]))

    def forward(self, x):
        for i in range(self.layers):
            x = getattr(self, "fc%d" % (i + 1))(x)
            if i + 1 < self.layers:
                x = self.act(x)
        return x


def mlp_program(model, sizes, loss, act_kind, alpha=None, write_layout=True):
    pb = ProgramBuilder([sizes[0]], loss)
    v = 0
    n = len(sizes) - 1
    for i in range(n):
        name = "fc%d" % (i + 1)
        lin = getattr(model, name)
        w = pb.param(name + ".weight", lin.weight)
        b = pb.param(name + ".bias", lin.bias)
        v = pb.dense(v, w, b, "out-in" if write_layout else None)
        if i + 1 < n:
            v = pb.act(v, act_kind, alpha)
    return pb.build(v)


def case_mlp_tanh(seed):
    rng = np.random.default_rng(seed)
    n_per, K = 50, 3
    xs, ys = [], []
    for k in range(K):
        r = np.linspace(0.15, 1.0, n_per)
        t = 4.0 * r + 2.0 * math.pi * k / K + 0.5 * rng.standard_normal(n_per)
        xs.append(np.stack([r * np.sin(t), r * np.cos(t)], axis=1))
        ys.append(np.full(n_per, k))
    perm = rng.permutation(n_per * K)
    x = torch.tensor(np.concatenate(xs)[perm], dtype=torch.float32)
    y = torch.tensor(np.concatenate(ys)[perm], dtype=torch.int64)
    sizes = [2, 16, 16, 3]
    model = MLP(sizes, torch.tanh)
    steps = 300
    train(model, lambda m, xb: m(xb), x, y, None, steps, 0.01, "cross-entropy", weight_decay=0.01)
    program = mlp_program(model, sizes, "cross-entropy", "tanh")
    return Case("mlp_tanh", "2-16-16-3 tanh MLP on 3-class 2-D spirals, trained %d full-batch Adam steps "
                "(lr 1e-2, L2 1e-2)" % steps,
                model, program, x, labels=y)


def case_mlp_relu(seed):
    rng = np.random.default_rng(seed)
    N, D, K = 130, 10, 4
    centers = 0.6 * rng.standard_normal((K, D))
    y_np = rng.integers(0, K, N)
    x_np = centers[y_np] + rng.standard_normal((N, D))
    y_np = flip_labels(rng, y_np, K, 0.1)
    x = torch.tensor(x_np, dtype=torch.float32)
    y = torch.tensor(y_np, dtype=torch.int64)
    sizes = [10, 24, 24, 4]
    model = MLP(sizes, F.relu)
    steps = 300
    train(model, lambda m, xb: m(xb), x, y, None, steps, 0.01, "cross-entropy", weight_decay=0.03)
    # "layout" left out on purpose: the default must be "out-in".
    program = mlp_program(model, sizes, "cross-entropy", "relu", write_layout=False)
    return Case("mlp_relu", "10-24-24-4 ReLU MLP on 4 Gaussian blobs in 10-D, trained %d full-batch Adam steps "
                "(lr 1e-2, L2 3e-2); dense ops omit \"layout\", i.e. the out-in default" % steps, model, program, x, labels=y)


def smooth_templates(rng, K, C, H, W, width=1.5):
    """K smooth random C×H×W images (white noise blurred with a Gaussian)."""
    noise = torch.tensor(rng.standard_normal((K, C, H + 6, W + 6)), dtype=torch.float32)
    g = torch.arange(-3, 4, dtype=torch.float32)
    g = torch.exp(-0.5 * (g / width) ** 2)
    kern = (g[:, None] * g[None, :])
    kern = (kern / kern.sum()).expand(C, 1, 7, 7).contiguous()
    t = F.conv2d(noise, kern, groups=C)
    return t / t.flatten(1).std(dim=1).view(K, 1, 1, 1)


def image_data(rng, N, K, C, H, W, noise, label_noise=0.1):
    """Class templates plus white noise; a fraction of the labels is then reassigned at random."""
    templates = smooth_templates(rng, K, C, H, W)
    y_np = rng.integers(0, K, N)
    x = templates[torch.tensor(y_np)] + noise * torch.tensor(rng.standard_normal((N, C, H, W)), dtype=torch.float32)
    y_np = flip_labels(rng, y_np, K, label_noise)
    return x.contiguous(), torch.tensor(y_np, dtype=torch.int64)


class CnnMaxpool(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1)
        self.conv2 = nn.Conv2d(4, 6, 3)
        self.fc = nn.Linear(6 * 3 * 3, 5)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.relu(self.conv2(x))
        return self.fc(x.flatten(1))


def case_cnn_maxpool(seed):
    rng = np.random.default_rng(seed)
    x, y = image_data(rng, 110, 5, 1, 10, 10, noise=2.0)
    model = CnnMaxpool()
    steps = 60
    train(model, lambda m, xb: m(xb), x, y, None, steps, 0.003, "cross-entropy")
    pb = ProgramBuilder([1, 10, 10], "cross-entropy")
    v = pb.conv2d(0, pb.param("conv1.weight", model.conv1.weight), pb.param("conv1.bias", model.conv1.bias),
                  stride=[1, 1], pad=[1, 1, 1, 1])
    v = pb.act(v, "relu")
    v = pb.pool("maxpool", v, [2, 2])  # stride defaults to the kernel
    # stride / pad omitted: defaults [1, 1] / zeros
    v = pb.conv2d(v, pb.param("conv2.weight", model.conv2.weight), pb.param("conv2.bias", model.conv2.bias))
    v = pb.act(v, "relu")
    v = pb.op("reshape", {"x": v})
    v = pb.dense(v, pb.param("fc.weight", model.fc.weight), pb.param("fc.bias", model.fc.bias), "out-in")
    return Case("cnn_maxpool", "[1,10,10] → conv 1→4 3×3 pad 1, ReLU, maxpool 2×2 → conv 4→6 3×3, ReLU → flatten → "
                "dense 54→5; 5 blurred-template classes, briefly trained (%d full-batch Adam steps, lr 3e-3); "
                "the second conv and the pool rely on the default stride/pad" % steps,
                model, pb.build(v), x, labels=y)


class ResnetBN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 4, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(4)
        self.conv2 = nn.Conv2d(4, 4, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(4)
        self.conv3 = nn.Conv2d(4, 4, 3, padding=1, bias=False)
        self.bn3 = nn.BatchNorm2d(4)
        self.fc = nn.Linear(4, 4)

    def forward(self, x):
        h = F.relu(self.bn1(self.conv1(x)))
        r = F.relu(self.bn2(self.conv2(h)))
        r = self.bn3(self.conv3(r))
        h = F.relu(r + h)
        h = F.avg_pool2d(h, 2, 2, padding=1, count_include_pad=True)
        h = h.mean(dim=(2, 3))
        return self.fc(h)


def case_resnet_bn(seed):
    rng = np.random.default_rng(seed)
    rng_t = torch.Generator().manual_seed(seed + 1000)
    x, y = image_data(rng, 77, 4, 3, 8, 8, noise=2.5)
    model = ResnetBN()
    fwd = lambda m, xb: m(xb)
    init_batchnorm_stats(model, fwd, x, rng_t)
    steps = 40
    train(model, fwd, x, y, None, steps, 0.01, "cross-entropy")
    pb = ProgramBuilder([3, 8, 8], "cross-entropy")
    for name in ("conv1.weight", "conv1.bias", "bn1.weight", "bn1.bias", "conv2.weight", "bn2.weight", "bn2.bias",
                 "conv3.weight", "bn3.weight", "bn3.bias", "fc.weight", "fc.bias"):
        pb.param(name, model.state_dict()[name])
    for i in (1, 2, 3):
        for s in ("running_mean", "running_var"):
            pb.const("bn%d.%s" % (i, s), model.state_dict()["bn%d.%s" % (i, s)])
    v = pb.conv2d(0, "conv1.weight", "conv1.bias", stride=[1, 1], pad=[1, 1, 1, 1])
    v = pb.batchnorm(v, "bn1")
    h = pb.act(v, "relu")
    v = pb.conv2d(h, "conv2.weight", None, stride=[1, 1], pad=[1, 1, 1, 1])
    v = pb.batchnorm(v, "bn2")
    v = pb.act(v, "relu")
    v = pb.conv2d(v, "conv3.weight", None, stride=[1, 1], pad=[1, 1, 1, 1])
    v = pb.batchnorm(v, "bn3")
    v = pb.op("add", {"a": v, "b": h})
    v = pb.act(v, "relu")
    v = pb.pool("avgpool", v, [2, 2], stride=[2, 2], pad=[1, 1, 1, 1], count_include_pad=True)
    v = pb.op("global-avgpool", {"x": v})
    v = pb.dense(v, "fc.weight", "fc.bias", "out-in")
    return Case("resnet_bn", "[3,8,8] → conv 3→4 pad 1, BN, ReLU → residual block (conv, BN, ReLU, conv, BN, add, "
                "ReLU; block convs without bias) → avgpool 2×2 stride 2 pad 1 countIncludePad true → global-avgpool → "
                "dense 4→4; eval-mode BatchNorm with perturbed running stats and random affine, lightly trained "
                "(%d Adam steps)" % steps, model, pb.build(v), x, labels=y)


def case_mlp_sigmoid_mse(seed):
    rng = np.random.default_rng(seed)
    N = 90
    x_np = rng.standard_normal((N, 6))
    t_np = np.stack([
        np.sin(x_np[:, 0]) + 0.5 * x_np[:, 1] * x_np[:, 2],
        np.tanh(x_np[:, 3] - x_np[:, 4]) + 0.1 * x_np[:, 5],
    ], axis=1) + 0.05 * rng.standard_normal((N, 2))
    x = torch.tensor(x_np, dtype=torch.float32)
    t = torch.tensor(t_np, dtype=torch.float32)
    sizes = [6, 8, 2]
    model = MLP(sizes, torch.sigmoid)
    program = mlp_program(model, sizes, "mse", "sigmoid")
    return Case("mlp_sigmoid_mse", "6-8-2 MLP, sigmoid hidden layer, linear output, MSE regression onto a smooth "
                "2-D target; PyTorch default init, not trained", model, program, x, targets=t)


class InOutMLP(nn.Module):
    """Weights stored [in, out] and applied as x @ W + b (ONNX MatMul style)."""

    def __init__(self, sizes):
        super().__init__()
        self.n = len(sizes) - 1
        for i in range(self.n):
            bound = 1.0 / math.sqrt(sizes[i])
            w = torch.empty(sizes[i], sizes[i + 1]).uniform_(-bound, bound)
            b = torch.empty(sizes[i + 1]).uniform_(-bound, bound)
            setattr(self, "w%d" % (i + 1), nn.Parameter(w))
            setattr(self, "b%d" % (i + 1), nn.Parameter(b))

    def forward(self, x):
        x = F.leaky_relu(x @ self.w1 + self.b1, 0.1)
        x = F.softplus(x @ self.w2 + self.b2, beta=1.0, threshold=1e30)
        return x @ self.w3 + self.b3


def case_mlp_inout(seed):
    rng = np.random.default_rng(seed)
    N = 123
    x_np = rng.standard_normal((N, 5))
    proj = rng.standard_normal((5, 3))
    score = x_np @ proj + 0.6 * np.stack([x_np[:, 0] ** 2, x_np[:, 1] * x_np[:, 2], -x_np[:, 3] ** 2], axis=1)
    y_np = flip_labels(rng, score.argmax(axis=1), 3, 0.1)
    x = torch.tensor(x_np, dtype=torch.float32)
    y = torch.tensor(y_np, dtype=torch.int64)
    sizes = [5, 12, 10, 3]
    model = InOutMLP(sizes)
    steps = 300
    train(model, lambda m, xb: m(xb), x, y, None, steps, 0.01, "cross-entropy", weight_decay=0.01)
    pb = ProgramBuilder([5], "cross-entropy")
    v = 0
    for i in range(3):
        w = pb.param("w%d" % (i + 1), getattr(model, "w%d" % (i + 1)))
        b = pb.param("b%d" % (i + 1), getattr(model, "b%d" % (i + 1)))
        v = pb.dense(v, w, b, "in-out")
        if i == 0:
            v = pb.act(v, "leaky-relu", 0.1)
        elif i == 1:
            v = pb.act(v, "softplus")
    return Case("mlp_inout_leaky_softplus", "5-12-10-3 MLP with [in,out] weights (x·W + b, layout in-out), "
                "leaky-ReLU (alpha 0.1) then softplus, 3 classes from a nonlinear rule, trained %d full-batch "
                "Adam steps (lr 1e-2, L2 1e-2)" % steps, model, pb.build(v), x, labels=y)


CNN_MISC_PAD = (1, 2, 0, 1)  # top, left, bottom, right


class CnnMisc(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 3, 3, stride=2)
        self.bn = nn.BatchNorm1d(36)
        self.fc = nn.Linear(36, 3, bias=False)

    def forward(self, x):
        t, l, b, r = CNN_MISC_PAD
        x = self.conv(F.pad(x, (l, r, t, b)))
        x = F.elu(x, alpha=0.7)
        x = F.avg_pool2d(x, 3, 1, padding=1, count_include_pad=False)
        x = F.gelu(x)
        x = F.max_pool2d(x, 2, 1)
        x = self.bn(x.flatten(1))
        return self.fc(x)


def case_cnn_misc(seed):
    rng = np.random.default_rng(seed)
    rng_t = torch.Generator().manual_seed(seed + 1000)
    x, y = image_data(rng, 83, 3, 2, 9, 9, noise=2.5)
    model = CnnMisc()
    fwd = lambda m, xb: m(xb)
    init_batchnorm_stats(model, fwd, x, rng_t)
    steps = 50
    train(model, fwd, x, y, None, steps, 0.003, "cross-entropy")
    pb = ProgramBuilder([2, 9, 9], "cross-entropy")
    for name in ("conv.weight", "conv.bias", "bn.weight", "bn.bias", "fc.weight"):
        pb.param(name, model.state_dict()[name])
    pb.const("bn.running_mean", model.bn.running_mean)
    pb.const("bn.running_var", model.bn.running_var)
    v = pb.conv2d(0, "conv.weight", "conv.bias", stride=[2, 2], pad=list(CNN_MISC_PAD))  # → [3, 4, 5]
    v = pb.act(v, "elu", 0.7)
    v = pb.pool("avgpool", v, [3, 3], stride=[1, 1], pad=[1, 1, 1, 1], count_include_pad=False)
    v = pb.act(v, "gelu")
    v = pb.pool("maxpool", v, [2, 2], stride=[1, 1])  # → [3, 3, 4]
    v = pb.op("reshape", {"x": v})
    v = pb.batchnorm(v, "bn")
    v = pb.dense(v, "fc.weight", None, "out-in")
    return Case("cnn_misc", "[2,9,9] → conv 2→3 3×3 stride 2 with asymmetric pad [t1,l2,b0,r1] → ELU(0.7) → avgpool "
                "3×3 stride 1 pad 1 countIncludePad false → GELU → maxpool 2×2 stride 1 → flatten (36) → "
                "BatchNorm1d (eval) → dense 36→3 without bias; lightly trained (%d Adam steps)" % steps,
                model, pb.build(v), x, labels=y)


CASES = [
    ("mlp_tanh", case_mlp_tanh),
    ("mlp_relu", case_mlp_relu),
    ("cnn_maxpool", case_cnn_maxpool),
    ("resnet_bn", case_resnet_bn),
    ("mlp_sigmoid_mse", case_mlp_sigmoid_mse),
    ("mlp_inout_leaky_softplus", case_mlp_inout),
    ("cnn_misc", case_cnn_misc),
]


# ----------------------------------------------------------------------------------------------
# Reference computation


def flat_from_state(model, specs):
    state = model.state_dict()
    return torch.cat([state[s["name"]].detach().reshape(-1) for s in specs])


def non_smooth_ops(program):
    """Op kinds whose derivative jumps somewhere (finite differences may straddle a kink)."""
    found = []
    for op in program["ops"]:
        kind = op["op"]
        if kind == "activation":
            k = op["kind"]
            if k in ("relu", "leaky-relu") or (k == "elu" and op.get("alpha", 1.0) != 1.0):
                kind = k
            else:
                continue
        elif kind != "maxpool":
            continue
        if kind not in found:
            found.append(kind)
    return found


def rel_l2(a, b):
    return float(torch.linalg.norm(a - b) / torch.linalg.norm(b))


def compute_case(case, seed):
    program = case.program
    specs = program["params"]
    cspecs = program["consts"]
    names = {s["name"] for s in specs}
    trainable = {n for n, _ in case.model.named_parameters()}
    assert names == trainable, (names ^ trainable)

    theta32 = flat_from_state(case.model, specs).float().contiguous()
    consts32 = (flat_from_state(case.model, cspecs).float() if cspecs else torch.zeros(0)).contiguous()
    P = theta32.numel()

    gen = torch.Generator().manual_seed(seed + 2000)
    vector32 = torch.randn(P, generator=gen, dtype=torch.float32)
    d1_32 = torch.randn(P, generator=gen, dtype=torch.float32)
    d2_32 = torch.randn(P, generator=gen, dtype=torch.float32)

    x64 = case.x.double()
    labels = case.labels
    targets64 = case.targets.double() if case.targets is not None else None
    c64 = consts32.double()

    def forward(theta):
        return run_program(program, theta, c64, x64)

    def loss_fn(theta):
        return loss_of(program, forward(theta), labels, targets64)

    def grad_fn(theta):
        t = theta.detach().clone().requires_grad_(True)
        (g,) = torch.autograd.grad(loss_fn(t), t)
        return g

    theta64 = theta32.double()
    t = theta64.clone().requires_grad_(True)
    out = forward(t)
    loss = loss_of(program, out, labels, targets64)
    (g,) = torch.autograd.grad(loss, t, create_graph=True)
    v64 = vector32.double()
    (hv,) = torch.autograd.grad(g @ v64, t)
    g = g.detach()
    correct = correct_of(program, out, labels)
    margin = min_margin(program, out)

    # 2-D slice
    points, points_loss, points_correct, points_margin = [], [], [], []
    d1, d2 = d1_32.double(), d2_32.double()
    with torch.no_grad():
        for a in POINT_COEFFS:
            for b in POINT_COEFFS:
                th = theta64 + a * d1 + b * d2
                o = forward(th)
                points.append([a, b])
                points_loss.append(float(loss_of(program, o, labels, targets64)))
                points_correct.append(correct_of(program, o, labels))
                points_margin.append(min_margin(program, o))

    # Finite-difference checks (float64)
    hvp_fd = []
    for h in HVP_FD_STEPS:
        gp = grad_fn(theta64 + h * v64)
        gm = grad_fn(theta64 - h * v64)
        hvp_fd.append({"step": h, "rel_l2_error": rel_l2((gp - gm) / (2 * h), hv)})

    gen_idx = np.random.default_rng(seed + 3000)
    coords = []
    offset = 0
    for s in specs:  # one random coordinate in each parameter tensor
        n = size_of(s["shape"])
        coords.append(int(offset + gen_idx.integers(0, n)))
        offset += n
    grad_fd = []
    with torch.no_grad():
        for h in GRAD_FD_STEPS:
            fds = []
            for i in coords:
                e = torch.zeros(P, dtype=torch.float64)
                e[i] = h
                fds.append((float(loss_fn(theta64 + e)) - float(loss_fn(theta64 - e))) / (2 * h))
            exact = [float(g[i]) for i in coords]
            grad_fd.append({
                "step": h,
                "fd": fds,
                "max_abs_error": max(abs(a - b) for a, b in zip(exact, fds)),
                "max_rel_error": max(abs(a - b) / max(abs(a), abs(b), 1e-12) for a, b in zip(exact, fds)),
            })

    # The hand-written nn.Module in float64 must agree with the program interpreter.
    m64 = copy.deepcopy(case.model).double().eval()
    m_out = case.forward(m64, x64)
    m_loss = loss_of(program, m_out, labels, targets64)
    m_params = dict(m64.named_parameters())
    m_list = [m_params[s["name"]] for s in specs]
    m_grads = torch.autograd.grad(m_loss, m_list)
    m_grad = torch.cat([q.reshape(-1) for q in m_grads])
    module_loss_diff = abs(float(m_loss) - float(loss))
    module_grad_diff = float((m_grad - g).abs().max())
    module_out_diff = float((m_out.detach() - out.detach()).abs().max())
    assert module_out_diff < 1e-10, (case.name, module_out_diff)
    assert module_grad_diff < 1e-10, (case.name, module_grad_diff)

    checks = {
        "hvp_fd": hvp_fd,
        "grad_fd": {
            "coords": coords,
            "grad": [float(g[i]) for i in coords],
            "by_step": grad_fd,
        },
        "module_vs_program": {
            "output_max_abs_diff": module_out_diff,
            "loss_abs_diff": module_loss_diff,
            "grad_max_abs_diff": module_grad_diff,
        },
        "non_smooth_ops": non_smooth_ops(program),
        "min_logit_margin": margin,
        "points_min_logit_margin": points_margin if program["loss"] == "cross-entropy" else None,
        "grad_norm": float(torch.linalg.norm(g)),
        "hvp_norm": float(torch.linalg.norm(hv)),
    }

    N = case.x.shape[0]
    fixture = {
        "case": case.name,
        "description": case.description,
        "program": program,
        "n": N,
        "param_count": P,
        "params": encode(theta32.numpy(), "float32"),
        "consts": encode(consts32.numpy(), "float32"),
        "x": encode(case.x.numpy(), "float32"),
        "labels": encode(case.labels.numpy(), "int32") if case.labels is not None else None,
        "targets": encode(case.targets.numpy(), "float32") if case.targets is not None else None,
        "vector": encode(vector32.numpy(), "float32"),
        "d1": encode(d1_32.numpy(), "float32"),
        "d2": encode(d2_32.numpy(), "float32"),
        "points": points,
        "expected": {
            "loss": float(loss),
            "correct": correct,
            "grad": encode(g.numpy(), "float64"),
            "hvp": encode(hv.numpy(), "float64"),
            "points_loss": points_loss,
            "points_correct": points_correct,
        },
        "checks": checks,
        "meta": {
            "torch": torch.__version__,
            "numpy": np.__version__,
            "seed": seed,
            "generator": "tools/reference/generate.py",
        },
    }
    return fixture


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT, help="output directory (default: %(default)s)")
    args = ap.parse_args(argv)

    torch.set_num_threads(1)  # reductions in a fixed order: byte-identical output run to run
    torch.use_deterministic_algorithms(True)
    os.makedirs(args.out, exist_ok=True)

    index = []
    for i, (name, make) in enumerate(CASES):
        seed = SEED + 100 * i
        torch.manual_seed(seed)
        np.random.seed(seed)
        case = make(seed)
        assert case.name == name
        fixture = compute_case(case, seed)
        path = os.path.join(args.out, name + ".json")
        with open(path, "w") as f:
            f.write(to_json(fixture) + "\n")
        c = fixture["checks"]
        index.append({
            "case": name,
            "file": name + ".json",
            "description": fixture["description"],
            "loss_kind": fixture["program"]["loss"],
            "n": fixture["n"],
            "param_count": fixture["param_count"],
            "const_count": int(fixture["consts"]["shape"][0]),
            "expected_loss": fixture["expected"]["loss"],
            "expected_correct": fixture["expected"]["correct"],
        })
        print("%-26s n=%-4d P=%-5d loss=%.6f correct=%-4s hvp_fd %s  grad_fd %s  %.0f KB" % (
            name, fixture["n"], fixture["param_count"], fixture["expected"]["loss"], fixture["expected"]["correct"],
            " ".join("%.0e:%.1e" % (r["step"], r["rel_l2_error"]) for r in c["hvp_fd"]),
            " ".join("%.0e:%.1e" % (r["step"], r["max_rel_error"]) for r in c["grad_fd"]["by_step"]),
            os.path.getsize(path) / 1024), file=sys.stderr)

    with open(os.path.join(args.out, "index.json"), "w") as f:
        f.write(to_json({
            "generator": "tools/reference/generate.py",
            "torch": torch.__version__,
            "numpy": np.__version__,
            "seed": SEED,
            "cases": index,
        }) + "\n")


if __name__ == "__main__":
    main()
