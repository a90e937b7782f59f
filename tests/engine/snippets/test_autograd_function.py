"""torch.autograd.Function subclasses: static forward/backward with ctx, run through ``apply``.

PyTorch's LegendrePolynomial3 example runs in float64 against live torch (its float32 form is
in the corpus); the gradients a snippet's backward sends down are checked against the engine's
own derivatives of the same maths; and ctx and the class hand out nothing of the interpreter.
"""

import math
import re

import pytest

from engine import InputError, evaluate
from lessons.corpus import NN
from tests.conftest import require_torch
from tests.golden.make_snippets_golden import run_snippet

NUMBER = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?")
LEGENDRE64 = NN["tutorial_autograd_function"].replace("dtype = torch.float\n",
                                                       "dtype = torch.double\n")


def _numbers(lines):
    return [float(x) for line in lines for x in NUMBER.findall(line)]


@pytest.mark.torch
def test_legendre_example_in_float64_gives_torchs_numbers():
    assert "dtype = torch.double" in LEGENDRE64
    ours = evaluate(LEGENDRE64).printed
    theirs = run_snippet(require_torch(), "torch", LEGENDRE64)
    assert [NUMBER.sub("#", line) for line in ours] == [NUMBER.sub("#", line) for line in theirs]
    for a, b in zip(_numbers(ours), _numbers(theirs), strict=True):
        # a and c end at rounding noise (about 1e-19) in both; every other number agrees
        assert math.isclose(a, b, rel_tol=1e-12) or max(abs(a), abs(b)) < 1e-15, (a, b)
    assert "grad_fn=<LegendrePolynomial3Backward>)" in ours[-1]


CUBE = """\
import torch

class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, scale):
        ctx.save_for_backward(x)
        ctx.scale = scale
        return scale * x ** 3

    @staticmethod
    def backward(ctx, grad_output):
        x, = ctx.saved_tensors
        return grad_output * ctx.scale * 3 * x ** 2, None

x = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64, requires_grad=True)
w = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64, requires_grad=True)
h = Cube.apply(x * w, 2.0)
loss = (Cube.apply(h, 0.5) + h).sum()
loss.backward()
"""


def test_backward_sends_the_snippets_gradients_down_the_graph():
    custom = evaluate(CUBE + "print(h.grad_fn.name(), Cube.apply(x.detach(), 1.0))\n")
    plain = evaluate(CUBE.replace("Cube.apply(x * w, 2.0)", "2.0 * (x * w) ** 3")
                     .replace("Cube.apply(h, 0.5)", "0.5 * h ** 3"))
    for name in ("x", "w"):
        got = custom.names[name].grad.tolist()
        expected = plain.names[name].grad.tolist()
        assert got == pytest.approx(expected, rel=1e-12)
    assert custom.names["loss"].item() == pytest.approx(plain.names["loss"].item(), rel=1e-12)
    assert custom.printed == ["CubeBackward tensor([ 0.1250, -1.0000,  8.0000], "
                              "dtype=torch.float64)"]


def test_a_second_backward_accumulates_as_torch_does():
    ev = evaluate(CUBE + "loss = Cube.apply(x, 1.0).sum()\nloss.backward()\n")
    once = evaluate(CUBE)
    for a, b, x in zip(ev.names["x"].grad.tolist(), once.names["x"].grad.tolist(),
                       [0.5, -1.0, 2.0], strict=True):
        assert a == pytest.approx(b + 3 * x * x, rel=1e-12)


@pytest.mark.parametrize("code, key", [
    ("ctx_of = Cube.apply(x, 1.0)\nclass Bad(torch.autograd.Function):\n"
     "    @staticmethod\n    def forward(ctx, x):\n        ctx.save_for_backward(3)\n"
     "        return x\n    @staticmethod\n    def backward(ctx, g):\n        return g\n"
     "Bad.apply(x)", "function.save_tensor"),
    ("class Half(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, x):\n"
     "        return x * 2\nHalf.apply(x)", "function.methods"),
    ("class Two(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, x):\n"
     "        return x * 2\n    @staticmethod\n    def backward(ctx, g):\n        return g, g\n"
     "Two.apply(x).sum().backward()", "function.grad_count"),
    ("@staticmethod\ndef f(x):\n    return x", "check.decorator"),
])
def test_function_mistakes_are_explained(code, key):
    with pytest.raises(InputError) as info:
        evaluate(CUBE + code)
    assert info.value.key == key


@pytest.mark.parametrize("attribute", ["ctx.attrs", "ctx.saved", "ctx.__class__",
                                       "Cube.apply.func", "Cube.apply.obj", "Cube.__dict__",
                                       "ctx.save_for_backward.func"])
def test_ctx_and_the_class_hand_out_nothing_of_the_interpreter(attribute):
    code = (CUBE.replace("        ctx.scale = scale\n", "        ctx.scale = scale\n"
                         "        global_ctx.append(ctx)\n")
            .replace("class Cube", "global_ctx = []\n\nclass Cube")
            + f"ctx = global_ctx[0]\nprint({attribute})\n")
    with pytest.raises(InputError) as info:
        evaluate(code)
    assert info.value.key in ("check.attribute", "check.underscore_attribute", "attr.missing")
    assert "_Context" not in info.value.message and "_Builtin" not in info.value.message


def test_ctx_prints_as_torchs():
    code = CUBE.replace("        ctx.scale = scale\n", "        ctx.scale = scale\n"
                        "        print(ctx)\n")
    assert evaluate(code).printed[0].startswith("<torch.autograd.function.FunctionCtx object")
