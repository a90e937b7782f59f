"""Regenerate descent_golden.json: torch training the Descent page's models, step by step.

Run from the repository root: ``python -m tests.golden.make_descent_golden`` (needs
torch==2.13.0). Each case is one of the page's problems on small data (a model, a loss, an
optimizer setting, the full batch or minibatches); torch trains the same model in float64 from
the problem's initial parameters (micrograd's weights for an MLP), on the same minibatch rows,
with torch.optim's update, and records the loss of every step and the parameters after the
last. The tests compare both of the page's engines with these numbers (and with live torch when
it is installed). This is a development tool: it runs our own cases, never a user's.
"""

import json
from pathlib import Path

import numpy as np

from lessons.problems import classification_problem, regression_problem

GOLDEN = Path(__file__).with_name("descent_golden.json")
STEPS = 50
SEED = 3  # the data's, the initial weights' and the minibatch order's
N = {"regression": 16, "classification": 24}

OPTIMIZERS = {  # Run's settings: the page's optimizer controls, and its batch size
    "sgd": dict(optimizer="sgd", lr=0.1, batch_size=0),
    "momentum": dict(optimizer="sgd", lr=0.05, momentum=0.9, batch_size=4),
    "nesterov": dict(optimizer="sgd", lr=0.05, momentum=0.5, nesterov=True, weight_decay=0.01,
                     batch_size=0),
    "adam": dict(optimizer="adam", lr=0.05, weight_decay=0.001, batch_size=5),
}
CASES = {
    **{
        f"regression-{model}-{loss}-{opt}": dict(kind="regression", model=model, loss=loss,
                                                 opt=opt)
        for model in ("line", "polynomial", "mlp")
        for loss in ("mse", "l1", "huber")
        for opt in OPTIMIZERS
    },
    **{
        f"classification-{loss}-{opt}": dict(kind="classification", model="mlp", loss=loss,
                                             opt=opt)
        for loss in ("cross_entropy", "bce", "hinge")
        for opt in OPTIMIZERS
    },
}


def problem(case, engine):
    """The case's problem on ``engine`` ("tape" or "tensor")."""
    if case["kind"] == "regression":
        return regression_problem("sine", case["model"], case["loss"], degree=3, hidden=(4,),
                                  activation="tanh", n=N["regression"], noise=0.1, seed=SEED,
                                  engine=engine)
    return classification_problem("moons", (5,), "relu", case["loss"], n=N["classification"],
                                  noise=0.1, seed=SEED, engine=engine)


def run_settings(case):
    """Run's keyword arguments for the case (the seed orders the minibatches)."""
    return dict(OPTIMIZERS[case["opt"]], seed=SEED)


def visited_rows(n, batch_size, seed, steps):
    """The rows each step reads: all, or minibatches of a reshuffled order per epoch (the rest
    of an epoch that cannot fill a batch is skipped, as DataLoader(drop_last=True))."""
    if batch_size <= 0 or batch_size >= n:
        return [np.arange(n)] * steps
    rng = np.random.default_rng(seed)
    order, pos, rows = None, n, []
    for _ in range(steps):
        if pos + batch_size > n:
            order, pos = rng.permutation(n), 0
        rows.append(order[pos : pos + batch_size])
        pos += batch_size
    return rows


def _torch_model(torch, case, names, values):
    """The model's parameter tensors from named starting values, and its forward function."""
    start = dict(zip(names, values, strict=True))
    if case["model"] in ("line", "polynomial"):
        order = len(names) - 1
        w = torch.tensor([start[f"w{k}"] for k in range(order + 1)], requires_grad=True)

        def forward(x):  # w0 + w1*x + ... + wk*x^k
            powers = torch.stack([x[:, 0] ** k for k in range(order + 1)], 1)
            return powers @ w

        return [w], forward
    layers = []
    i = 1
    while f"L{i}.n1.b" in start:
        nout = sum(1 for name in names if name.startswith(f"L{i}.") and name.endswith(".b"))
        nin = sum(1 for name in names if name.startswith(f"L{i}.n1.w"))
        w = [[start[f"L{i}.n{j}.w{k}"] for j in range(1, nout + 1)] for k in range(1, nin + 1)]
        b = [start[f"L{i}.n{j}.b"] for j in range(1, nout + 1)]
        layers.append((torch.tensor(w, requires_grad=True), torch.tensor(b, requires_grad=True)))
        i += 1
    act = {"regression": torch.tanh, "classification": torch.relu}[case["kind"]]

    def forward(x):
        h = x
        for index, (w, b) in enumerate(layers):
            h = h @ w + b
            if index < len(layers) - 1:
                h = act(h)
        return h if h.shape[1] == 2 else h[:, 0]

    return [p for layer in layers for p in layer], forward


def _torch_loss(torch, name, out, target):
    F = torch.nn.functional
    if name == "cross_entropy":
        return F.cross_entropy(out, target.long())
    if name == "bce":
        return F.binary_cross_entropy_with_logits(out, target)
    if name == "hinge":
        return torch.relu(1 - (2 * target - 1) * out).mean()
    if name == "huber":
        return F.huber_loss(out, target, delta=1.0)
    return {"mse": F.mse_loss, "l1": F.l1_loss}[name](out, target)


def _flat_values(params, names):
    """The parameters in the problems' order of names (neuron by neuron: weights, bias)."""
    if len(params) == 1:
        return params[0].tolist()
    out = []
    for w, b in zip(params[::2], params[1::2], strict=True):
        for j in range(w.shape[1]):
            out += w[:, j].tolist() + [b[j].item()]
    assert len(out) == len(names)
    return out


def torch_run(torch, case):
    """torch's training of the case in float64: each step's loss and the final parameters."""
    torch.set_default_dtype(torch.float64)
    start = problem(case, "tape")
    params, forward = _torch_model(torch, case, start.names, start.values())
    settings = dict(OPTIMIZERS[case["opt"]])
    batch_size = settings.pop("batch_size")
    kind = settings.pop("optimizer")
    if kind == "adam":
        opt = torch.optim.Adam(params, **settings)
    else:
        opt = torch.optim.SGD(params, **settings)
    data = torch.tensor(start.data)
    losses = []
    for rows in visited_rows(len(start.data), batch_size, SEED, STEPS):
        batch = data[torch.as_tensor(rows)]
        opt.zero_grad()
        loss = _torch_loss(torch, case["loss"], forward(batch[:, :-1]), batch[:, -1])
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses, _flat_values([p.detach() for p in params], start.names)


def main():
    import torch

    torch.set_num_threads(1)
    golden = {}
    for name, case in CASES.items():
        losses, values = torch_run(torch, case)
        golden[name] = {"losses": losses, "values": values}
    GOLDEN.write_text(json.dumps({"torch": torch.__version__, "steps": STEPS, "cases": golden},
                                 indent=1) + "\n")
    print(f"wrote {len(golden)} cases to {GOLDEN.name}")


if __name__ == "__main__":
    main()
