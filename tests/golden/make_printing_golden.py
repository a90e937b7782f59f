"""Regenerate printing_golden.json: how real torch prints tensors of many shapes, values, dtypes.

Run from the repository root: ``python -m tests.golden.make_printing_golden``. Each case is a
tensor given as flat data, shape, dtype and requires_grad, optionally passed through one op (so
the print carries a grad_fn); torch prints it with its defaults (float32 default dtype).

Each program is a few float32 steps written once against a torch-like namespace (``tensor``,
``no_grad``, ``SGD``), run on torch and on the engine alike; it returns the lines it prints:
float32 rounding residues, and results printed after their leaves were updated in place.
"""

import json
import math
from pathlib import Path
from types import SimpleNamespace

GOLDEN = Path(__file__).with_name("printing_golden.json")


def _wave(n, spread=0):
    """n deterministic values; with spread, magnitudes vary over 10^-spread .. 10^spread."""
    return [math.sin(i + 1) * 10.0 ** ((i % (2 * spread + 1)) - spread if spread else 0)
            for i in range(n)]


def cases():
    """Tensors worth printing: every branch of torch's formatter and layout."""
    inf, nan = math.inf, math.nan
    out = []

    def add(data, shape=None, dtype="float32", requires_grad=False, op=None):
        shape = [len(data)] if shape is None else shape
        out.append({"data": data, "shape": shape, "dtype": dtype,
                    "requires_grad": requires_grad, "op": op})

    for x in (2 / 3, 2.0, -0.0, 0.0, 1e-5, 1e10, 123456789.0, -1.5, nan, inf, -inf, 0.1, 1e-30):
        add([x], [])
    add([1.0, 2.0, 3.0])
    add([0.3006, -0.6678, 0.3672], [1, 3])
    add([2e-5, 2.0, 500.0])
    add([1e-4, 1.0])
    add([0.0001, 0.1])
    add([1.0, 1000.0])
    add([1.0, 1001.0])
    add([1e8, 1.0])
    add([1.5e8, 2.0])
    add([1.0, nan, inf, -inf])
    add([0.5, nan, -inf])
    add([0.0, 0.0, -0.0])
    add([nan, nan])
    add([123.456, -0.001, 7.0])
    add([1, 2, 5], dtype="int64")
    add([-10, 2, 300], [3, 1], dtype="int64")
    add([1, 0, 1], dtype="bool")
    add([1.0, 2.5], dtype="float64")
    add([0.1, 0.2, 0.3], dtype="float64")
    add([], [0])
    add([], [0, 3])
    add([], [0], dtype="int64")
    add([], [2, 0], dtype="float64")
    add(_wave(6), [2, 3])
    add(_wave(24), [2, 3, 4])
    add(_wave(16), [2, 2, 2, 2])
    add(_wave(30))
    add(_wave(30, 3))
    add(_wave(60, 1), [3, 20])
    add(list(range(40)), dtype="int64")
    add(_wave(2000))
    add(_wave(1001, 2))
    add(_wave(1600), [40, 40])
    add(_wave(1500), [3, 500])
    add(_wave(2000), [10, 10, 20])
    add(list(range(1200)), dtype="int64")
    add(_wave(4), [4], requires_grad=True)
    add([0.5], [], requires_grad=True)
    add(_wave(12), [12], requires_grad=True)
    add(_wave(9, 2), [9], requires_grad=True)
    add(_wave(6), [2, 3], requires_grad=True, op="mul2")
    add(_wave(3), [3], requires_grad=True, op="mean")
    add(_wave(3), [3], requires_grad=True, op="sum")
    add(_wave(10, 1), [10], requires_grad=True, op="mul2")
    add(_wave(11), [11], requires_grad=True, op="exp")
    add([1.0, 2.0], dtype="float64", requires_grad=True)
    add(_wave(8), [8], dtype="float64", requires_grad=True, op="mul2")
    return out


def residue(ns):
    """float32 arithmetic leaves residues that float64 does not: torch prints them."""
    w = ns.tensor(2.2, requires_grad=True)
    b = ns.tensor(0.4, requires_grad=True)
    r = w * 3.0 + b - 7.0
    loss = r ** 2
    t = ns.tensor([0.1, 0.2])
    return [repr(r), repr(loss), repr(loss.item()), repr(t.sum() - 0.3), repr(t * 3 - 0.3)]


def printed_after_manual_update(ns):
    """Results printed after ``w -= lr * w.grad`` show what they were when computed."""
    w = ns.tensor(2.2, requires_grad=True)
    b = ns.tensor(0.4, requires_grad=True)
    loss = (w * 3.0 + b - 7.0) ** 2
    loss.backward()
    with ns.no_grad():
        w -= 0.1 * w.grad
        b -= 0.1 * b.grad
    w.grad.zero_()
    return [repr(loss), repr(loss.item()), repr(loss.detach()), repr(w), repr(b)]


def printed_after_descent(ns):
    """Each step's loss, printed after the loop, as it was at its step."""
    w = ns.tensor([0.0, 0.0], requires_grad=True)
    x = ns.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    y = ns.tensor([5.0, 11.0, 17.0])
    losses = []
    for _ in range(4):
        loss = ((x @ w - y) ** 2).mean()
        loss.backward()
        with ns.no_grad():
            w -= 0.01 * w.grad
        w.grad.zero_()
        losses.append(loss)
    return [repr(loss) for loss in losses] + [repr(losses[0].item()), repr(w)]


def printed_after_optimizer_step(ns):
    """A loss printed after ``opt.step()`` is the loss of the weights before the step."""
    w = ns.tensor(2.2, requires_grad=True)
    b = ns.tensor(0.4, requires_grad=True)
    opt = ns.SGD([w, b], lr=0.01)
    loss = (w * 3.0 + b - 7.0) ** 2
    loss.backward()
    opt.step()
    first = loss
    opt.zero_grad()
    loss = (w * 3.0 + b - 1.0) ** 2
    loss.backward()
    opt.step()
    return [repr(first), repr(first.item()), repr(loss), repr(w), repr(b)]


PROGRAMS = {f.__name__: f for f in (residue, printed_after_manual_update, printed_after_descent,
                                    printed_after_optimizer_step)}


def torch_namespace(torch):
    """The names the programs use, from torch."""
    return SimpleNamespace(tensor=torch.tensor, no_grad=torch.no_grad, SGD=torch.optim.SGD)


def torch_program(torch, name):
    """The lines a program prints in torch with float32 as the default dtype."""
    default = torch.get_default_dtype()
    torch.set_default_dtype(torch.float32)
    try:
        return PROGRAMS[name](torch_namespace(torch))
    finally:
        torch.set_default_dtype(default)


def make_torch(torch, case):
    """The case's tensor in torch (default dtype float32 must be set by the caller)."""
    t = torch.tensor(case["data"], dtype=getattr(torch, case["dtype"])).reshape(case["shape"])
    if case["requires_grad"]:
        t.requires_grad_()
    op = case["op"]
    if op == "mul2":
        t = t * 2
    elif op == "mean":
        t = t.mean()
    elif op == "sum":
        t = t.sum()
    elif op == "exp":
        t = t.exp()
    return t


def torch_repr(torch, case):
    """torch's repr of the case with float32 as the default dtype."""
    default = torch.get_default_dtype()
    torch.set_default_dtype(torch.float32)
    try:
        return repr(make_torch(torch, case))
    finally:
        torch.set_default_dtype(default)


def main():
    """Write the golden file."""
    import torch

    data = [{**c, "repr": torch_repr(torch, c)} for c in cases()]
    programs = {name: torch_program(torch, name) for name in PROGRAMS}
    GOLDEN.write_text(json.dumps({"torch": torch.__version__, "cases": data,
                                  "programs": programs}, indent=1) + "\n")
    print(f"wrote {len(data)} printing cases and {len(programs)} programs")


if __name__ == "__main__":
    main()
