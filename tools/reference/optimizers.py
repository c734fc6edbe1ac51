"""Reference trajectories of torch.optim optimizers and LR schedulers for the training tests.

Run: /usr/bin/python3 tools/reference/optimizers.py
Writes packages/landscape/test/fixtures/optimizers.json: for each optimizer configuration, the
parameters after each of 5 steps fed a fixed sequence of gradients (float64 throughout), and the
learning-rate factor per step of StepLR and CosineAnnealingLR.
"""
import json
import os

import torch

torch.manual_seed(0)
P = 7
theta0 = torch.randn(P, dtype=torch.float64)
grads = [torch.randn(P, dtype=torch.float64) for _ in range(5)]

CONFIGS = [
    ("sgd", torch.optim.SGD, dict(lr=0.1)),
    ("sgd_wd", torch.optim.SGD, dict(lr=0.1, weight_decay=0.05)),
    ("momentum", torch.optim.SGD, dict(lr=0.1, momentum=0.9)),
    ("momentum_dampening", torch.optim.SGD, dict(lr=0.1, momentum=0.8, dampening=0.3)),
    ("nesterov", torch.optim.SGD, dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)),
    ("adam", torch.optim.Adam, dict(lr=0.01)),
    ("adam_wd", torch.optim.Adam, dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
    ("adamw", torch.optim.AdamW, dict(lr=0.01)),
    ("adamw_wd", torch.optim.AdamW, dict(lr=0.01, weight_decay=0.3)),
]

out = {"theta0": theta0.tolist(), "grads": [g.tolist() for g in grads], "optimizers": {}, "schedules": {}}
for name, cls, kw in CONFIGS:
    p = torch.nn.Parameter(theta0.clone())
    opt = cls([p], **kw)
    steps = []
    for g in grads:
        p.grad = g.clone()
        opt.step()
        steps.append(p.detach().tolist())
    out["optimizers"][name] = {"class": cls.__name__, "options": {k: list(v) if isinstance(v, tuple) else v for k, v in kw.items()}, "steps": steps}

def factors(make, n=12):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=1.0)
    sch = make(opt)
    f = []
    for _ in range(n):
        f.append(opt.param_groups[0]["lr"])
        opt.step()
        sch.step()
    return f

out["schedules"]["step_every3_gamma0.5"] = factors(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5))
out["schedules"]["cosine_total10_min0.1"] = factors(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=10, eta_min=0.1))
out["meta"] = {"torch": torch.__version__, "generator": "tools/reference/optimizers.py"}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "packages", "landscape", "test", "fixtures", "optimizers.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path))
