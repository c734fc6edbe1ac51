#!/usr/bin/env python3
"""Float64 reference fixtures for the ONNX importer of @nnll/landscape.

Takes the reference networks of generate.py (same modules, data and training), exports each one
with torch.onnx.export (opset 13, dynamic batch dimension) and writes, per case, to
packages/landscape/test/fixtures/onnx/<case>/:

  model.onnx      the exported model; its float initializers are named as the module's parameters
  modelB.onnx     (pairs only) a second, independently trained model of the same architecture
  expected.json   data, probe vectors, directions and float64 references (see README.md)

The flat parameter vector follows the contract: float initializers of the ONNX file except
BatchNormalization running statistics, in initializer order, each row-major. The script reads the
order back from the written file (onnx package) and permutes the program of generate.py to it, so
every reference is computed in exactly the importer's order.

References (float64, from the float32 values stored in the ONNX file and in expected.json):
loss, accuracy, gradient, exact H·v (double backprop), the full Hessian's eigenvalues and trace
(every case here has at most 1000 parameters), 11×11 loss surfaces along two Gaussian directions
as given and filter-normalised (Li et al. 2018, biases and BatchNorm parameters ignored), and for
the pair case the linear interpolation A → B on t = linspace(-0.5, 1.5, 21) with its barrier.

Usage:  /usr/bin/python3 tools/reference/generate_onnx.py [--out DIR]
Needs:  python3-torch (1.13), python3-numpy and the onnx Python package.
"""

import argparse
import copy
import io
import json
import os
import sys

import numpy as np
import onnx
import onnx.numpy_helper
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate as G  # noqa: E402

OPSET = 13
GRID = np.linspace(-1.0, 1.0, 11)
INTERP_T = np.linspace(-0.5, 1.5, 21)
DEFAULT_OUT = os.path.join(G.REPO_ROOT, "packages", "landscape", "test", "fixtures", "onnx")

# Cases of generate.py exported here, and the one trained twice for the interpolation pair.
CASES = ["mlp_tanh", "mlp_relu", "cnn_maxpool", "resnet_bn", "mlp_sigmoid_mse", "mlp_inout_leaky_softplus", "cnn_misc"]
PAIR = "mlp_tanh"
# cnn_misc is exported without constant folding: its bias-free Linear stays Transpose(fc.weight) →
# MatMul (folding would store the transposed weight under a generated name), and its F.pad keeps
# the Shape/Gather/ConstantOfShape/Concat/Slice/Transpose/Cast chain torch emits for the pads,
# which the importer has to fold itself.
CONSTANT_FOLDING = {"cnn_misc": False}


def export(model, x, fold=True):
    """torch.onnx.export to bytes: opset 13, input `input` / output `output`, dynamic batch.

    training=PRESERVE keeps eval-mode BatchNormalization as its own node: the default (EVAL)
    runs the eval peephole, which folds BN into the preceding Conv and renames the weights.
    """
    buf = io.BytesIO()
    model.eval()
    torch.onnx.export(
        model, (x[:2],), buf, opset_version=OPSET, input_names=["input"], output_names=["output"],
        dynamic_axes={"input": {0: "N"}, "output": {0: "N"}}, training=torch.onnx.TrainingMode.PRESERVE,
        do_constant_folding=fold,
    )
    return buf.getvalue()


def onnx_parameters(onnx_bytes):
    """[(name, float32 array)] of the parameters, in initializer order, and the BN statistics."""
    m = onnx.load_from_string(onnx_bytes)
    stats = set()
    for node in m.graph.node:
        if node.op_type == "BatchNormalization":
            stats.update(node.input[3:5])
    params, consts = [], []
    for t in m.graph.initializer:
        a = onnx.numpy_helper.to_array(t)
        if a.dtype != np.float32:
            continue
        (consts if t.name in stats else params).append((t.name, a))
    ops = sorted({n.op_type for n in m.graph.node})
    return params, consts, ops


def reorder_program(program, params, consts):
    """The program of generate.py with params / consts listed in ONNX initializer order."""
    p = copy.deepcopy(program)
    by_name = {s["name"]: s for s in p["params"]}
    names = [n for n, _ in params]
    assert set(names) == set(by_name), ("ONNX parameters differ from the module's", set(names) ^ set(by_name))
    p["params"] = [by_name[n] for n in names]
    for (n, a) in params:
        assert list(a.shape) == list(by_name[n]["shape"]), (n, a.shape, by_name[n]["shape"])
    cby = {s["name"]: s for s in p.get("consts") or []}
    assert set(n for n, _ in consts) == set(cby), "BatchNorm statistics differ"
    p["consts"] = [cby[n] for n, _ in consts]
    return p


def as_stored(program):
    """The program with float attributes rounded to float32, as the ONNX file stores them
    (LeakyRelu / Elu alpha, BatchNormalization epsilon): references use exactly those values."""
    p = copy.deepcopy(program)
    for op in p["ops"]:
        if op["op"] == "activation" and op.get("alpha") is not None:
            op["alpha"] = float(np.float32(op["alpha"]))
        if op["op"] == "batchnorm":
            op["epsilon"] = float(np.float32(op.get("epsilon", G.EPSILON_BN)))
    return p


def unit_axes(program):
    """Output-unit axis of each parameter for filter normalisation (None: direction 0)."""
    axes = {s["name"]: (0 if len(s["shape"]) > 1 else None) for s in program["params"]}
    for op in program["ops"]:
        if op["op"] == "dense" and op.get("layout") == "in-out":
            axes[op["weight"]] = 1
    return axes


def filter_normalize(d, theta, program):
    """Li et al. 2018: per output unit d ← d·‖w‖/(‖d‖+1e-10); tensors with ≤ 1 dimension get 0."""
    axes = unit_axes(program)
    out = np.zeros_like(d)
    off = 0
    for s in program["params"]:
        n = G.size_of(s["shape"])
        ax = axes[s["name"]]
        if ax is not None:
            w = theta[off:off + n].reshape(s["shape"])
            dd = d[off:off + n].reshape(s["shape"])
            w_m = np.moveaxis(w, ax, 0).reshape(w.shape[ax], -1)
            d_m = np.moveaxis(dd, ax, 0).reshape(dd.shape[ax], -1)
            scale = np.linalg.norm(w_m, axis=1) / (np.linalg.norm(d_m, axis=1) + 1e-10)
            r = d_m * scale[:, None]
            shp = list(np.moveaxis(dd, ax, 0).shape)
            out[off:off + n] = np.moveaxis(r.reshape(shp), 0, ax).reshape(-1)
        off += n
    return out


class Evaluator:
    def __init__(self, program, consts32, x, labels, targets):
        self.program = program
        self.c64 = torch.tensor(consts32, dtype=torch.float64)
        self.x64 = x.double()
        self.labels = labels
        self.t64 = targets.double() if targets is not None else None

    def out(self, theta):
        return G.run_program(self.program, theta, self.c64, self.x64)

    def loss(self, theta):
        return G.loss_of(self.program, self.out(theta), self.labels, self.t64)

    def loss_acc(self, theta64):
        with torch.no_grad():
            o = self.out(theta64)
            loss = float(G.loss_of(self.program, o, self.labels, self.t64))
            c = G.correct_of(self.program, o, self.labels)
        return loss, (None if c is None else c / o.shape[0])


def hessian(ev, theta64):
    P = theta64.numel()
    t = theta64.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(ev.loss(t), t, create_graph=True)
    H = torch.zeros(P, P, dtype=torch.float64)
    for i in range(P):
        (row,) = torch.autograd.grad(g[i], t, retain_graph=True)
        H[i] = row
    return H


def surface(ev, theta64, d1, d2):
    loss = np.zeros((len(GRID), len(GRID)))
    acc = np.zeros_like(loss)
    for i, a in enumerate(GRID):
        for j, b in enumerate(GRID):
            loss[i, j], acc_ij = ev.loss_acc(theta64 + float(a) * d1 + float(b) * d2)
            acc[i, j] = np.nan if acc_ij is None else acc_ij
    return loss, (None if np.isnan(acc).all() else acc)


def compute(case, seed, onnx_bytes, pair_bytes):
    params, consts, ops = onnx_parameters(onnx_bytes)
    program = reorder_program(case.program, params, consts)
    theta32 = np.concatenate([a.reshape(-1) for _, a in params]).astype(np.float32)
    consts32 = np.concatenate([a.reshape(-1) for _, a in consts]).astype(np.float32) if consts else np.zeros(0, np.float32)
    P = theta32.size
    gen = torch.Generator().manual_seed(seed + 5000)
    vector32 = torch.randn(P, generator=gen).numpy()
    d1_32 = torch.randn(P, generator=gen).numpy()
    d2_32 = torch.randn(P, generator=gen).numpy()

    theta64 = torch.tensor(theta32, dtype=torch.float64)
    module_ev = Evaluator(program, consts32, case.x, case.labels, case.targets)
    program = as_stored(program)
    ev = Evaluator(program, consts32, case.x, case.labels, case.targets)

    # The float64 module run on the ONNX file's weights must agree with the program (checks the
    # export did not change the network).
    m64 = copy.deepcopy(case.model).double().eval()
    sd = m64.state_dict()
    for n, a in params + consts:
        assert np.array_equal(sd[n].numpy().astype(np.float32), a), n
    module_diff = float((case.forward(m64, ev.x64) - module_ev.out(theta64)).abs().max())
    assert module_diff < 1e-10, (case.name, module_diff)

    t = theta64.clone().requires_grad_(True)
    loss = ev.loss(t)
    (g,) = torch.autograd.grad(loss, t, create_graph=True)
    v64 = torch.tensor(vector32, dtype=torch.float64)
    (hv,) = torch.autograd.grad(g @ v64, t)
    g = g.detach()
    loss_v, accuracy = ev.loss_acc(theta64)

    H = hessian(ev, theta64)
    sym_err = float((H - H.t()).abs().max() / H.abs().max())
    H = 0.5 * (H + H.t())
    eig = np.linalg.eigvalsh(H.numpy())[::-1].copy()  # descending
    hv_full = float(torch.linalg.norm(H @ v64 - hv) / torch.linalg.norm(hv))

    d1f = filter_normalize(d1_32.astype(np.float64), theta32.astype(np.float64), program)
    d2f = filter_normalize(d2_32.astype(np.float64), theta32.astype(np.float64), program)
    s_none, a_none = surface(ev, theta64, torch.tensor(d1_32, dtype=torch.float64), torch.tensor(d2_32, dtype=torch.float64))
    s_filt, a_filt = surface(ev, theta64, torch.tensor(d1f), torch.tensor(d2f))

    N = case.x.shape[0]
    ce = program["loss"] == "cross-entropy"
    out = {
        "case": case.name,
        "description": case.description,
        "task": "classification" if ce else "regression",
        "loss_kind": program["loss"],
        "n": N,
        "param_count": P,
        "const_count": int(consts32.size),
        "params": [{"name": n, "shape": list(a.shape)} for n, a in params],
        "consts": [{"name": n, "shape": list(a.shape)} for n, a in consts],
        "unit_axes": unit_axes(program),
        "onnx_ops": ops,
        "program": program,
        "theta": G.encode(theta32, "float32"),
        "x": G.encode(case.x.numpy(), "float32"),
        "labels": G.encode(case.labels.numpy(), "int32") if ce else None,
        "targets": G.encode(case.targets.numpy(), "float32") if not ce else None,
        "vector": G.encode(vector32, "float32"),
        "d1": G.encode(d1_32, "float32"),
        "d2": G.encode(d2_32, "float32"),
        "expected": {
            "loss": loss_v,
            "accuracy": accuracy,
            "grad": G.encode(g.numpy(), "float64"),
            "grad_norm": float(torch.linalg.norm(g)),
            "hv": G.encode(hv.numpy(), "float64"),
            "hv_norm": float(torch.linalg.norm(hv)),
            "eigenvalues": G.encode(eig, "float64"),
            "trace": float(torch.trace(H)),
            "d1_filter": G.encode(d1f, "float64"),
            "d2_filter": G.encode(d2f, "float64"),
            "surface_grid": GRID.tolist(),
            "surface_none": s_none.tolist(),
            "surface_none_accuracy": a_none.tolist() if a_none is not None else None,
            "surface_filter": s_filt.tolist(),
            "surface_filter_accuracy": a_filt.tolist() if a_filt is not None else None,
        },
        "checks": {
            "module_vs_program_max_abs": module_diff,
            "hessian_asymmetry": sym_err,
            "hv_vs_full_hessian_rel_l2": hv_full,
            "trace_vs_eigen_sum": abs(float(torch.trace(H)) - float(eig.sum())),
            "surface_centre_vs_loss": abs(float(s_none[5, 5]) - loss_v),
            "min_logit_margin": G.min_margin(program, ev.out(theta64).detach()),
        },
    }
    if pair_bytes is not None:
        pb, _, _ = onnx_parameters(pair_bytes)
        assert [n for n, _ in pb] == [n for n, _ in params]
        thetaB32 = np.concatenate([a.reshape(-1) for _, a in pb]).astype(np.float32)
        A = theta64
        B = torch.tensor(thetaB32, dtype=torch.float64)
        losses, accs = [], []
        for tt in INTERP_T:
            l, a = ev.loss_acc((1 - float(tt)) * A + float(tt) * B)
            losses.append(l)
            accs.append(a)
        lA, lB = ev.loss_acc(A)[0], ev.loss_acc(B)[0]
        inside = [(tt, l) for tt, l in zip(INTERP_T, losses) if 0 <= tt <= 1]
        barrier = max(l - ((1 - tt) * lA + tt * lB) for tt, l in inside)
        out["interpolation"] = {
            "thetaB": G.encode(thetaB32, "float32"),
            "t": INTERP_T.tolist(),
            "loss": losses,
            "accuracy": accs,
            "barrier": barrier,
            "lossB": lB,
        }
    out["meta"] = {"torch": torch.__version__, "numpy": np.__version__, "onnx": onnx.__version__, "opset": OPSET,
                   "seed": seed, "generator": "tools/reference/generate_onnx.py"}
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT, help="output directory (default: %(default)s)")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    makers = dict(G.CASES)
    index = []
    for name in CASES:
        i = [n for n, _ in G.CASES].index(name)
        seed = G.SEED + 100 * i  # the seed generate.py uses for this case: same data, same model
        torch.manual_seed(seed)
        np.random.seed(seed)
        case = makers[name](seed)
        fold = CONSTANT_FOLDING.get(name, True)
        onnx_bytes = export(case.model, case.x, fold)
        pair_bytes = None
        if name == PAIR:
            torch.manual_seed(seed + 7)
            np.random.seed(seed + 7)
            other = makers[name](seed)  # same data (numpy seed), different torch init
            assert torch.equal(other.x, case.x)
            pair_bytes = export(other.model, other.x, fold)
        fixture = compute(case, seed, onnx_bytes, pair_bytes)
        folder = os.path.join(args.out, name)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "model.onnx"), "wb") as f:
            f.write(onnx_bytes)
        if pair_bytes is not None:
            with open(os.path.join(folder, "modelB.onnx"), "wb") as f:
                f.write(pair_bytes)
        with open(os.path.join(folder, "expected.json"), "w") as f:
            f.write(G.to_json(fixture) + "\n")
        e = fixture["expected"]
        eig = G.decode(e["eigenvalues"])
        print("%-26s n=%-4d P=%-4d loss=%.6f ops=%s eig=[%.4g .. %.4g] checks=%s" % (
            name, fixture["n"], fixture["param_count"], e["loss"], ",".join(fixture["onnx_ops"]), eig[0], eig[-1],
            json.dumps(fixture["checks"])), file=sys.stderr)
        index.append({"case": name, "n": fixture["n"], "param_count": fixture["param_count"], "loss_kind": fixture["loss_kind"],
                      "onnx_ops": fixture["onnx_ops"], "pair": pair_bytes is not None})
    with open(os.path.join(args.out, "index.json"), "w") as f:
        f.write(G.to_json({"generator": "tools/reference/generate_onnx.py", "opset": OPSET, "torch": torch.__version__,
                           "cases": index}) + "\n")


if __name__ == "__main__":
    main()
