"""ops: every entry of the op table, by iterating the table (a new op is covered at once).

- each local derivative against finite differences at random points of the op's smooth domain;
- each op's output and derivatives on a grid of IEEE special values (0, -0.0, subnormals, huge
  numbers, inf, nan), with its parameters at their defaults and at other values, against torch:
  live, and from the golden file without torch;
- the table's own consistency, and the surface it generates: Value's operators and methods,
  Tensor's methods, the snippets' torch / torch.nn.functional / Tensor allow-lists.
"""

import json
import math
import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import Value
from engine.autograd.ops import FLOAT_ONLY, KEEP, OPS
from engine.snippets import namespaces
from engine.torchlike import tensor as T
from tests.engine.programs import (
    close,
    decode,
    grid,
    parameter_sets,
    torch_function,
    torch_op,
)

GOLDEN_OPS = json.loads(
    (Path(__file__).resolve().parents[2] / "golden" / "engine_golden.json").read_text()
)["ops"]

# Where each op is smooth, per operand: (low, high, both signs?). Unlisted ops use DEFAULT, and
# are checked where they are defined; every domain keeps 1e-3 away from 0 (relu and abs have
# kinks there), beyond the stencil.
DEFAULT = (1e-3, 5.0, True)
DOMAINS = {
    "log": [(0.05, 10.0, False)],
    "log1p": [(1e-3, 0.9, True)],  # as log's: 0.1 from the pole at -1, where steps lose digits
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


def _assert_same_as_torch(name, xs, theirs, kwargs):
    op = OPS[name].bind(**kwargs)
    out = op.forward(*xs)
    ours = [out] + [d(*xs, out) for d in op.grads]
    what = ["output"] + [f"d/d operand {i}" for i in range(op.arity)]
    for label, a, b in zip(what, ours, theirs, strict=True):
        assert close(a, b), f"{name}{tuple(xs)} {kwargs} {label}: engine {a!r}, torch {b!r}"
        if a == 0.0:  # torch prints -0. for a negative zero
            assert math.copysign(1, a) == math.copysign(1, b), f"{name}{tuple(xs)} {label} sign"


@pytest.mark.parametrize("name", sorted(OPS))
def test_special_values_match_torch_golden(name):
    assert name in GOLDEN_OPS, (
        f"op {name!r} has no golden entry: add its torch counterpart to "
        "tests/engine/programs.py (torch_apply) and run python -m tests.golden.make_engine_golden"
    )
    assert {str(k) for k in parameter_sets(name)} == {str(r["kwargs"]) for r in GOLDEN_OPS[name]}
    for row in GOLDEN_OPS[name]:
        xs = [decode(x) for x in row["args"]]
        if row["torch"] is None:  # torch raises here (a probability outside [0, 1]); we do not
            out = OPS[name].forward(*xs)
            assert isinstance(out, float)
            continue
        _assert_same_as_torch(name, xs, [decode(x) for x in row["torch"]], row["kwargs"])


@pytest.mark.torch
@pytest.mark.parametrize("name", sorted(OPS))
def test_special_values_match_live_torch(torch, name):
    for kwargs in parameter_sets(name):
        for xs in grid(name):
            theirs = torch_op(torch, name, xs, kwargs)
            if theirs is not None:
                _assert_same_as_torch(name, xs, theirs, kwargs)


# --- the table itself ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(OPS))
def test_entry_is_complete(name):
    op = OPS[name]
    assert op.name == name
    assert op.arity in (1, 2) and len(op.grads) == op.arity
    assert op.symbol and op.grad_fn.endswith("Backward0")
    placeholders = ["{0}", "{1}"][: op.arity]
    assert all(p in op.formula for p in placeholders) and "{2}" not in op.formula


OPERATORS = {"add": "__add__", "sub": "__sub__", "mul": "__mul__", "div": "__truediv__",
             "pow": "__pow__", "neg": "__neg__"}
UNARY = [name for name in sorted(OPS) if OPS[name].arity == 1 and OPS[name].api]


@pytest.mark.parametrize("name", sorted(OPS))
def test_entry_names_its_torch_counterpart(name):
    op = OPS[name]
    # an operator is written with its symbol; every other op exports as a torch function
    assert set(op.api) <= {"Tensor", "torch", "F"}
    assert (op.torch is None) == (name in OPERATORS)


@pytest.mark.parametrize("name", [n for n in sorted(OPS) if n in OPERATORS or n in UNARY])
def test_value_operator_or_method_builds_the_table_entry(name):
    op = OPS[name]
    a, b = Value(0.7), Value(1.9)
    method = getattr(a, OPERATORS.get(name, name), None)
    assert method is not None, f"Value has no method for op {name!r}"
    out = method(*([b] if op.arity == 2 else []))
    assert out._op is op and out.op == name
    assert out.parents == ((a, b) if op.arity == 2 else (a,))
    xs = (0.7, 1.9)[: op.arity]
    assert out.data == op.forward(*xs)
    assert out.local_grads() == tuple(d(*xs, out.data) for d in op.grads)


@pytest.mark.parametrize("name", UNARY)
@pytest.mark.parametrize("kwargs", [{}, "other"])
def test_value_method_takes_torchs_parameters(name, kwargs):
    op = OPS[name]
    if kwargs == "other":
        if not op.params:
            return
        kwargs = dict.fromkeys(op.params, 2.0)
    x = Value(1.5)
    out = getattr(x, name)(**kwargs)
    bound = op.bind(**kwargs)
    assert out.op == name and out._op.args == bound.args
    assert out.data == bound.forward(1.5)
    out.backward()
    assert x.grad == bound.d0(1.5, out.data)


@pytest.mark.parametrize("name", UNARY)
def test_tensor_method_computes_each_element_with_the_entry(name):
    op = OPS[name]
    method = getattr(T.Tensor, name, None)
    assert method is not None, f"Tensor has no method for op {name!r}"
    data = [-1.5, 0.0, 0.5, 2.0]
    x = T.tensor(data, dtype=T.float64, requires_grad=True)
    y = method(x)
    assert y.dtype is T.float64 and y.grad_fn.name() == op.grad_fn
    outs = [op.forward(d) for d in data]
    assert y.tolist() == pytest.approx(outs, nan_ok=True, rel=0, abs=0)
    y.sum().backward()
    grads = [op.d0(d, out) for d, out in zip(data, outs, strict=True)]
    assert x.grad.tolist() == pytest.approx(grads, nan_ok=True, rel=0, abs=0)


@pytest.mark.parametrize("name", UNARY)
def test_integer_tensors_follow_the_entrys_dtype_rule(name):
    op = OPS[name]
    x = T.tensor([2, 0, 3])
    if op.dtype == FLOAT_ONLY:
        with pytest.raises(ValueError, match=f"{name}_cpu.* not implemented for 'Long'"):
            getattr(x, name)()
        return
    y = getattr(x, name)()
    assert y.dtype is (T.int64 if op.dtype == KEEP else T.float32)


@pytest.mark.parametrize("name", UNARY)
def test_snippets_reach_the_op_where_torch_offers_it(name):
    op = OPS[name]
    torch_names = namespaces.TORCH.members
    functional = namespaces.FUNCTIONAL.members
    tensor_names = namespaces.READABLE[T.Tensor]
    function_name = op.torch.rsplit(".", 1)[-1]
    assert name in namespaces.READABLE[Value]
    assert (function_name in torch_names) == ("torch" in op.api)
    assert (function_name in functional) == ("F" in op.api)
    assert (name in tensor_names) == ("Tensor" in op.api)


@pytest.mark.torch
@pytest.mark.parametrize("name", sorted(OPS))
def test_entry_says_where_torch_offers_it(torch, name):
    op = OPS[name]
    if op.torch is None:
        return
    torch_function(torch, name)  # the exported name exists
    if not op.api:  # not for user code (a loss's building block)
        return
    function_name = op.torch.rsplit(".", 1)[-1]
    assert hasattr(torch, function_name) == ("torch" in op.api)
    assert hasattr(torch.Tensor, name) == ("Tensor" in op.api)
    assert hasattr(torch.nn.functional, function_name) == ("F" in op.api)


@pytest.mark.parametrize("name", [n for n in UNARY if OPS[n].params])
def test_an_op_with_other_parameters_pickles_with_them(name):
    kwargs = dict.fromkeys(OPS[name].params, 2.0)
    x = Value(1.5)
    y = getattr(x, name)(**kwargs)
    copy = pickle.loads(pickle.dumps(y))
    assert copy._op.kwargs == kwargs and copy.data == y.data
    assert copy.local_grads() == y.local_grads()
    assert pickle.loads(pickle.dumps(getattr(x, name)()))._op is OPS[name]  # the entry itself


@pytest.mark.parametrize("name", [n for n in UNARY if OPS[n].params])
def test_parameters_are_taken_and_checked_as_torchs_signature_takes_them(name):
    x = Value(1.0)
    params = OPS[name].params
    by_position = getattr(x, name)(*[2.0] * len(params))
    assert by_position._op.kwargs == dict.fromkeys(params, 2.0)
    with pytest.raises(TypeError, match="unexpected keyword argument 'slope'"):
        getattr(x, name)(slope=0.2)
    with pytest.raises(TypeError, match=f"{params[0]} must be a number"):
        getattr(x, name)(**{params[0]: "2"})
