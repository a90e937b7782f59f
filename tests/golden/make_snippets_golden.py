"""Regenerate snippets.json: what real torch prints for each snippet of the corpus.

Run from the repository root: ``python -m tests.golden.make_snippets_golden`` (needs
torch==2.13.0). A "torch" snippet is plain PyTorch code, run as it is with torch's default dtype
(float32), and its printed lines are compared exactly. A "micrograd" snippet is micrograd-style
code (``Value``, ``MLP(..., seed=s)``); here it runs on ``TorchValue``, micrograd's interface on
0-dim float64 torch tensors, with micrograd's own ``nn`` module drawing the weights after
``random.seed(s)``, so its numbers come from torch and are compared to a tolerance.

The corpus is lessons/corpus.py. This is a development tool: it executes that corpus, which is our
own code, never a user's.
"""

import builtins
import contextlib
import io
import json
import random
from pathlib import Path

from engine.autograd.value import METHODS
from lessons.corpus import SNIPPETS
from tests.engine.programs import torch_function

GOLDEN = Path(__file__).with_name("snippets.json")


def torch_value_class(torch):
    """micrograd's Value interface on 0-dim float64 torch tensors."""

    class TorchValue:
        def __init__(self, data, label="", t=None):
            if t is None:
                t = torch.tensor(float(data), dtype=torch.float64, requires_grad=True)
            elif t.requires_grad and not t.is_leaf:
                t.retain_grad()
            self.t = t
            self.label = label

        @property
        def data(self):
            return self.t.item()

        @data.setter
        def data(self, x):
            with torch.no_grad():
                self.t.fill_(float(x))

        @property
        def grad(self):
            g = self.t.grad
            return 0.0 if g is None else g.item()

        @grad.setter
        def grad(self, x):
            self.t.grad = None if x == 0 else torch.tensor(float(x), dtype=torch.float64)

        def backward(self):
            self.t.backward(retain_graph=True)

        def __repr__(self):
            return f"Value(data={self.data}, grad={self.grad})"

        def __lt__(self, other):
            return self.data < float(other)

        def __gt__(self, other):
            return self.data > float(other)

        def __float__(self):
            return self.data

    def lift(x):
        return x.t if isinstance(x, TorchValue) else x

    def binary(fn, reflected=False):
        def method(self, other):
            a, b = (lift(other), self.t) if reflected else (self.t, lift(other))
            return TorchValue(None, t=fn(a, b))
        return method

    def unary(fn):
        return lambda self, *args, **kwargs: TorchValue(None, t=fn(self.t, *args, **kwargs))

    for name, fn in (("add", lambda a, b: a + b), ("sub", lambda a, b: a - b),
                     ("mul", lambda a, b: a * b), ("truediv", lambda a, b: a / b),
                     ("pow", lambda a, b: a ** b)):
        setattr(TorchValue, f"__{name}__", binary(fn))
        setattr(TorchValue, f"__r{name}__", binary(fn, reflected=True))
    TorchValue.__neg__ = unary(lambda t: -t)
    for name in METHODS:  # the op table's Value methods, as torch computes them
        setattr(TorchValue, name, unary(torch_function(torch, name)))
    TorchValue.__abs__ = TorchValue.abs
    return TorchValue


def micrograd_names(torch):
    """Value, MLP, Neuron and Layer for micrograd-style snippets, computing with torch."""
    import micrograd.engine
    import micrograd.nn

    value = torch_value_class(torch)
    micrograd.nn.Value = value  # micrograd's layers then build torch-backed parameters
    micrograd.engine.Value = value

    def seeded(cls):
        def make(*args, seed=None, **kwargs):
            random.seed(seed)
            return cls(*args, **kwargs)
        return make

    return {"Value": value, "MLP": seeded(micrograd.nn.MLP),
            "Neuron": seeded(micrograd.nn.Neuron), "Layer": seeded(micrograd.nn.Layer)}


def run_snippet(torch, kind, source):
    """The lines a snippet prints when run with real torch (float32 default dtype)."""
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float32)
    out = io.StringIO()
    scope = {"__builtins__": builtins}
    import micrograd.engine
    import micrograd.nn

    originals = micrograd.engine.Value, micrograd.nn.Value
    if kind == "micrograd":
        scope.update(micrograd_names(torch))
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(source, f"<{kind} snippet>", "exec"), scope)  # our corpus, not user text
    finally:
        torch.set_default_dtype(previous)
        micrograd.engine.Value, micrograd.nn.Value = originals  # leave micrograd as it was
    return out.getvalue().splitlines()


def main():
    import torch

    entries = [
        {"name": name, "kind": kind, "source": src, "printed": run_snippet(torch, kind, src)}
        for name, kind, src in SNIPPETS
    ]
    GOLDEN.write_text(json.dumps({"torch": torch.__version__, "snippets": entries}, indent=1)
                      + "\n")
    print(f"wrote {len(entries)} snippets to {GOLDEN.name}")


if __name__ == "__main__":
    main()
