#!/usr/bin/env python3
"""ONNX operator-coverage models for the @nnll/landscape importer, across opsets.

Writes packages/landscape/test/fixtures/onnx/ops/<name>.onnx plus index.json (input shape, the
ops each file contains). The test runs every file through onnxruntime-node and through the
importer and compares the logits, so no float references are stored here.

* `zoo_opset{9,11,13,17}`: one nn.Module exported by torch.onnx.export at each opset, written the
  way user code often is: input normalisation by constants (Sub / Div), x.view(x.size(0), -1)
  (Shape → Gather → Unsqueeze → Concat → Reshape), F.gelu (erf form), unsqueeze / squeeze,
  dropout in eval mode, a Linear without bias, a mean over H and W feeding a second branch that
  is added back, and a trailing log_softmax.
* `helper_opset20_gelu`, `helper_opset21`: written with onnx.helper — the Gelu op (opset 20),
  MatMul + Add bias with an Identity, Mul / Add by initializer constants, GlobalAveragePool,
  AveragePool with count_include_pad=1, Flatten, a trailing Softmax.

Usage:  /usr/bin/python3 tools/reference/generate_onnx_ops.py [--out DIR]
"""

import argparse
import io
import json
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate as G  # noqa: E402

DEFAULT_OUT = os.path.join(G.REPO_ROOT, "packages", "landscape", "test", "fixtures", "onnx", "ops")


class Zoo(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.conv2 = nn.Conv2d(4, 3, 2, stride=2)
        self.fc = nn.Linear(3 * 3 * 3, 6)
        self.head = nn.Linear(6, 4, bias=False)
        self.aux = nn.Linear(3, 4)
        self.drop = nn.Dropout(0.3)
        self.register_buffer("mu", torch.tensor([0.25, -0.5]).view(1, 2, 1, 1))
        self.register_buffer("sd", torch.tensor([1.5, 0.75]).view(1, 2, 1, 1))

    def forward(self, x):
        x = (x - self.mu) / self.sd
        h = F.gelu(self.bn(self.conv(x)))
        h = F.avg_pool2d(h, 3, 1, padding=1, count_include_pad=False)
        h = F.elu(self.conv2(h), alpha=0.5)  # [N, 3, 3, 3]
        m = h.mean(dim=(2, 3))  # [N, 3]
        h = h * 0.5 + 1.0
        f = h.view(h.size(0), -1)
        f = self.drop(F.leaky_relu(self.fc(f), 0.05))
        f = f.unsqueeze(1).squeeze(1)
        z = torch.sigmoid(self.head(f)) + self.aux(m)
        return F.log_softmax(z, dim=1)


def zoo(opset):
    torch.manual_seed(7)
    model = Zoo().eval()
    with torch.no_grad():
        model.bn.running_mean.uniform_(-0.3, 0.3)
        model.bn.running_var.uniform_(0.5, 1.5)
        model.bn.weight.uniform_(0.5, 1.5)
        model.bn.bias.uniform_(-0.2, 0.2)
    buf = io.BytesIO()
    torch.onnx.export(model, (torch.randn(2, 2, 6, 6),), buf, opset_version=opset, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "N"}, "output": {0: "N"}}, training=torch.onnx.TrainingMode.PRESERVE)
    return buf.getvalue(), [2, 6, 6]


def helper_model(opset):
    rng = np.random.default_rng(opset)
    f = lambda *s: (0.5 * rng.standard_normal(s)).astype(np.float32)  # noqa: E731
    inits = [
        numpy_helper.from_array(f(3, 2, 3, 3), "conv.weight"),
        numpy_helper.from_array(f(3), "conv.bias"),
        numpy_helper.from_array(np.float32([2.0]).reshape(1, 1, 1, 1) if opset == 21 else np.float32(2.0), "two"),
        numpy_helper.from_array(f(1, 3, 1, 1), "shift"),
        numpy_helper.from_array(f(3, 5), "proj.weight"),
        numpy_helper.from_array(f(5), "proj.bias"),
    ]
    nodes = [
        helper.make_node("Conv", ["input", "conv.weight", "conv.bias"], ["c"], pads=[1, 1, 1, 1], name="conv"),
        helper.make_node("Mul", ["c", "two"], ["c2"], name="double"),
        helper.make_node("Add", ["shift", "c2"], ["c3"], name="shift"),
    ]
    if opset >= 20:
        nodes.append(helper.make_node("Gelu", ["c3"], ["a"], name="gelu"))
    else:
        nodes.append(helper.make_node("Softplus", ["c3"], ["a"], name="softplus"))
    nodes += [
        helper.make_node("AveragePool", ["a"], ["p"], kernel_shape=[2, 2], strides=[2, 2], pads=[1, 1, 1, 1], count_include_pad=1, name="avg"),
        helper.make_node("GlobalAveragePool", ["p"], ["g"], name="gap"),
        helper.make_node("Flatten", ["g"], ["flat"], axis=1, name="flatten"),
        helper.make_node("Identity", ["flat"], ["flat2"], name="identity"),
        helper.make_node("MatMul", ["flat2", "proj.weight"], ["mm"], name="proj/MatMul"),
        helper.make_node("Add", ["mm", "proj.bias"], ["logits"], name="proj/Add"),
        helper.make_node("Softmax", ["logits"], ["output"], axis=-1, name="softmax"),
    ]
    graph = helper.make_graph(nodes, "helper", [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 2, 7, 5])],
                              [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["N", 5])], initializer=inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="generate_onnx_ops.py")
    m.ir_version = 8 if opset < 21 else 10
    if opset <= 17:  # the installed onnx (1.12) knows opsets up to 17; onnxruntime checks the rest
        onnx.checker.check_model(m)
    return m.SerializeToString(), [2, 7, 5]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    index = []
    items = [("zoo_opset%d" % o, lambda o=o: zoo(o)) for o in (9, 11, 13, 17)]
    items += [("helper_opset20_gelu", lambda: helper_model(20)), ("helper_opset21", lambda: helper_model(21))]
    for name, make in items:
        data, shape = make()
        with open(os.path.join(args.out, name + ".onnx"), "wb") as fh:
            fh.write(data)
        m = onnx.load_from_string(data)
        ops = sorted({n.op_type for n in m.graph.node})
        index.append({"name": name, "file": name + ".onnx", "input": shape, "opset": m.opset_import[0].version, "ops": ops})
        print("%-22s opset %-2d %s" % (name, m.opset_import[0].version, ",".join(ops)), file=sys.stderr)
    with open(os.path.join(args.out, "index.json"), "w") as fh:
        fh.write(G.to_json({"generator": "tools/reference/generate_onnx_ops.py", "torch": torch.__version__, "onnx": onnx.__version__,
                            "models": index}) + "\n")


if __name__ == "__main__":
    main()
