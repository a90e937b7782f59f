"""ops: every entry of the op table, by iterating the table (a new op is covered at once).

- each local derivative against finite differences at random points of the op's smooth domain;
- each op's output and derivatives on a grid of IEEE special values (0, -0.0, subnormals, huge
  numbers, inf, nan) against torch: live, and from the golden file without torch;
- the table's own consistency, and Value's operators and methods pointing at it.
"""

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import Value
from engine.autograd.ops import OPS
from tests.engine.programs import close, decode, grid, torch_op

GOLDEN_OPS = json.loads(
    (Path(__file__).resolve().parents[2] / "golden" / "engine_golden.json").read_text()
)["ops"]

# Where each op is smooth, per operand: (low, high, both signs?). Unlisted ops use DEFAULT;
# every domain also keeps 1e-3 away from 0 (relu and abs have kinks there), beyond the stencil.
DEFAULT = (1e-3, 5.0, True)
DOMAINS = {
    "log": [(0.05, 10.0, False)],
    "sqrt": [(0.05, 10.0, False)],
    "pow": [(0.1, 5.0, False), (1e-3, 3.0, True)],
    "div": [DEFAULT, (0.5, 5.0, True)],
    "bce": [(0.01, 0.99, False), (1e-3, 1.0, False)],
}


def _operand(low, high, signed):
    magnitude = st.floats(low, high, allow_nan=False, allow_infinity=False)
    if not signed:
        return magnitude
    return st.tuples(magnitude, st.booleans()).map(lambda t: -t[0] if t[1] else t[0])


def _numeric_derivative(f, xs, i):
    """d f / d xs[i] by the five-point stencil, with a step relative to the operand."""
    h = 1e-4 * max(abs(xs[i]), 0.1)

    def at(k):
        shifted = list(xs)
        shifted[i] = xs[i] + k * h
        return f(*shifted)

    return (at(-2) - 8 * at(-1) + 8 * at(1) - at(2)) / (12 * h)


@pytest.mark.parametrize("name", sorted(OPS))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_local_derivatives_match_finite_differences(name, data):
    op = OPS[name]
    domains = DOMAINS.get(name, [DEFAULT] * op.arity)
    xs = [data.draw(_operand(*d), label=f"operand {i}") for i, d in enumerate(domains)]
    out = op.forward(*xs)
    for i, d in enumerate(op.grads):
        analytic = d(*xs, out)
        numeric = _numeric_derivative(op.forward, xs, i)
        assert analytic == pytest.approx(numeric, rel=1e-7, abs=1e-7), (
            f"d {name} / d operand {i} at {xs}: table {analytic!r}, finite differences {numeric!r}"
        )


# --- IEEE special values against torch ----------------------------------------------------------


def _assert_same_as_torch(name, xs, theirs):
    op = OPS[name]
    out = op.forward(*xs)
    ours = [out] + [d(*xs, out) for d in op.grads]
    what = ["output"] + [f"d/d operand {i}" for i in range(op.arity)]
    for label, a, b in zip(what, ours, theirs, strict=True):
        assert close(a, b), f"{name}{tuple(xs)} {label}: engine {a!r}, torch {b!r}"
        if a == 0.0:  # torch prints -0. for a negative zero
            assert math.copysign(1, a) == math.copysign(1, b), f"{name}{tuple(xs)} {label} sign"


@pytest.mark.parametrize("name", sorted(OPS))
def test_special_values_match_torch_golden(name):
    assert name in GOLDEN_OPS, (
        f"op {name!r} has no golden entry: add its torch counterpart to "
        "tests/engine/programs.py (torch_apply) and run python -m tests.golden.make_engine_golden"
    )
    for row in GOLDEN_OPS[name]:
        xs = [decode(x) for x in row["args"]]
        if row["torch"] is None:  # torch raises here (a probability outside [0, 1]); we do not
            out = OPS[name].forward(*xs)
            assert isinstance(out, float)
            continue
        _assert_same_as_torch(name, xs, [decode(x) for x in row["torch"]])


@pytest.mark.torch
@pytest.mark.parametrize("name", sorted(OPS))
def test_special_values_match_live_torch(torch, name):
    for xs in grid(name):
        theirs = torch_op(torch, name, xs)
        if theirs is not None:
            _assert_same_as_torch(name, xs, theirs)


# --- the table itself ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(OPS))
def test_entry_is_complete(name):
    op = OPS[name]
    assert op.name == name
    assert op.arity in (1, 2) and len(op.grads) == op.arity
    assert op.symbol and op.grad_fn.endswith("Backward0")
    placeholders = ["{0}", "{1}"][: op.arity]
    assert all(p in op.formula for p in placeholders) and "{2}" not in op.formula


METHODS = {"add": "__add__", "sub": "__sub__", "mul": "__mul__", "div": "__truediv__",
           "pow": "__pow__", "neg": "__neg__"}


@pytest.mark.parametrize(
    "name", [n for n in sorted(OPS) if n in METHODS or (OPS[n].arity == 1 and hasattr(Value, n))]
)
def test_value_operator_builds_the_table_entry(name):
    op = OPS[name]
    a, b = Value(0.7), Value(1.9)
    out = getattr(a, METHODS.get(name, name))(*([b] if op.arity == 2 else []))
    assert out._op is op and out.op == name
    assert out.parents == ((a, b) if op.arity == 2 else (a,))
    xs = (0.7, 1.9)[: op.arity]
    assert out.data == op.forward(*xs)
    assert out.local_grads() == tuple(d(*xs, out.data) for d in op.grads)


def test_every_method_of_the_issue_is_an_op():
    for name in ("exp", "log", "tanh", "sigmoid", "relu", "abs", "sqrt", "sin", "cos"):
        assert Value(0.5).__getattribute__(name)().op == name
