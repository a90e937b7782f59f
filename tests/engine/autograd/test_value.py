"""engine.Value: the numbers a learner checks, the issue's edge cases, and torch as the oracle.

Differential tests describe each graph once as a program (tests/engine/programs.py) and run it
on the engine and on torch float64, live when torch is installed and against the committed
golden file (tests/golden/engine_golden.json) always.
"""

import gc
import json
import math
import pickle
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import Value
from engine.autograd.ops import OPS
from engine.autograd.value import topological_order
from tests.engine.programs import (
    EDGE_CASES,
    backward_on,
    close,
    decode,
    forward_each,
    random_program,
    run_engine,
    run_torch,
)

GOLDEN = json.loads(
    (Path(__file__).resolve().parents[2] / "golden" / "engine_golden.json").read_text()
)
LIVE_SEEDS = range(300, 400)  # random graphs checked live only; the golden file holds 0..299
inf, nan = math.inf, math.nan


def same(a, b):
    """Equal as torch would print them: same number, same infinity, or both nan."""
    return a == b or (a != a and b != b)


# --- Karpathy's neuron ------------------------------------------------------------------------


def test_karpathys_neuron():
    x1, x2 = Value(2.0, "x1"), Value(0.0, "x2")
    w1, w2 = Value(-3.0, "w1"), Value(1.0, "w2")
    b = Value(6.8813735870195432, "b")
    o = (x1 * w1 + x2 * w2 + b).tanh()
    o.backward()
    assert round(o.data, 4) == 0.7071
    assert x1.grad == pytest.approx(-1.5)
    assert w1.grad == pytest.approx(1.0)
    assert x2.grad == pytest.approx(0.5)
    assert w2.grad == 0.0


def test_karpathys_neuron_spelled_out_with_exp():
    # the same neuron through tanh(n) = (e^2n - 1) / (e^2n + 1), as in the lecture
    x1, x2, w1, w2 = Value(2.0), Value(0.0), Value(-3.0), Value(1.0)
    n = x1 * w1 + x2 * w2 + 6.8813735870195432
    e = (2 * n).exp()
    o = (e - 1) / (e + 1)
    o.backward()
    assert round(o.data, 4) == 0.7071
    assert (x1.grad, w1.grad, x2.grad, w2.grad) == pytest.approx((-1.5, 1.0, 0.5, 0.0))


# --- backward: accumulation, reuse, depth -------------------------------------------------------


def test_x_times_x_backward_twice_accumulates_like_torch():
    x = Value(3.0)
    y = x * x
    assert y.parents == (x, x)  # two edges, not a set
    y.backward()
    assert x.grad == 6.0
    y.backward()
    assert x.grad == 12.0


def test_deeper_graph_does_not_double_count_intermediates():
    x = Value(3.0)
    a = x * x
    b = a + a  # 2 x^2, db/dx = 4x = 12
    b.backward()
    assert (x.grad, a.grad) == (12.0, 2.0)
    b.backward()
    assert x.grad == 24.0  # the leaf accumulates
    assert a.grad == 2.0  # the intermediate holds the latest call's value


def test_shared_subexpression_gets_every_path():
    x = Value(2.0)
    s = x.sin()
    y = s * s + s.exp() + x  # dy/dx = (2 sin x + e^sin x) cos x + 1
    y.backward()
    expected = (2 * math.sin(2.0) + math.exp(math.sin(2.0))) * math.cos(2.0) + 1
    assert x.grad == pytest.approx(expected, rel=1e-14)


def test_backward_from_a_leaf():
    x = Value(5.0)
    x.backward()
    assert x.grad == 1.0


def test_million_op_chain_backward():
    x = Value(1.0)
    y = x
    for _ in range(500_000):
        y = y * 1.000001 + 0.0  # a mul and an add per step: 1,000,000 ops
    y.backward()
    assert x.grad == pytest.approx(1.000001**500_000, rel=1e-9)
    assert y.data == pytest.approx(1.000001**500_000, rel=1e-9)


def test_topological_order_lists_parents_first_once():
    x, w = Value(1.0), Value(2.0)
    h = x * w
    out = h + h.relu()
    order = topological_order(out)
    assert len(order) == len(set(map(id, order))) == 5
    position = {id(v): i for i, v in enumerate(order)}
    for v in order:
        for p in v.parents:
            if isinstance(p, Value):
                assert position[id(p)] < position[id(v)]
    assert order[-1] is out


# --- the edge cases, as a learner writes them ------------------------------------------


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: Value(1000).exp(), inf),
        (lambda: Value(0).log(), -inf),
        (lambda: Value(-1).log(), nan),
        (lambda: 1 / Value(0), inf),
        (lambda: -1 / Value(0), -inf),
        (lambda: Value(0) / Value(0), nan),
        (lambda: Value(-1).sqrt(), nan),
        (lambda: Value(-8) ** (1 / 3), nan),
        (lambda: Value(10) ** 400, inf),
        (lambda: Value(-10) ** 401, -inf),
        (lambda: Value(-1000).sigmoid(), 0.0),
        (lambda: Value(1000).sigmoid(), 1.0),
        (lambda: Value(-1000).exp(), 0.0),
        (lambda: Value(0) ** -1, inf),
        (lambda: Value(inf).sin(), nan),
        (lambda: Value(inf) * 0, nan),
    ],
    ids=[
        "exp(1000)", "log(0)", "log(-1)", "1/0", "-1/0", "0/0", "sqrt(-1)", "(-8)**(1/3)",
        "10**400", "(-10)**401", "sigmoid(-1000)", "sigmoid(1000)", "exp(-1000)", "0**-1",
        "sin(inf)", "inf*0",
    ],
)
def test_ieee_results_where_python_raises(make, expected):
    out = make()
    assert same(out.data, expected)
    out.backward()  # and backward does not raise either


@pytest.mark.parametrize(
    ("make", "expected_grad"),
    [
        (lambda x: x.relu(), 0.0),  # relu'(0) = 0
        (lambda x: x.abs(), 0.0),  # abs'(0) = 0
        (lambda x: x.sqrt(), inf),  # sqrt'(0) = inf
        (lambda x: x**0, 0.0),  # d/dx x**0 = 0, even at 0
        (lambda x: x**0.5, inf),
        (lambda x: x**2, 0.0),
    ],
    ids=["relu", "abs", "sqrt", "x**0", "x**0.5", "x**2"],
)
def test_derivatives_at_zero_as_torch(make, expected_grad):
    x = Value(0.0)
    make(x).backward()
    assert x.grad == expected_grad


def test_relu_that_is_off_stops_an_infinite_gradient():
    # log(relu(x)) at x = -1: log'(0) = inf, and torch's relu backward passes nothing where
    # the unit is off, so x.grad is 0 rather than inf * 0 = nan
    x = Value(-1.0)
    y = x.relu().log()
    y.backward()
    assert y.data == -inf
    assert x.grad == 0.0


def test_constant_on_the_left():
    a = Value(4.0)
    for out, value, grad in [
        (2 - a, -2.0, -1.0),
        (10 / a, 2.5, -10 / 16),
        (2**a, 16.0, 16 * math.log(2)),
        (3 + a, 7.0, 1.0),
        (3 * a, 12.0, 3.0),
    ]:
        a.grad = 0.0
        out.backward()
        assert out.data == value
        assert a.grad == pytest.approx(grad, rel=1e-15)
        assert out.parents[1] is a and isinstance(out.parents[0], float)


def test_value_to_a_value_power():
    x, y = Value(2.0), Value(3.0)
    z = x**y
    z.backward()
    assert z.data == 8.0
    assert x.grad == 12.0  # y x^(y-1)
    assert y.grad == pytest.approx(8 * math.log(2), rel=1e-15)  # x^y log x


SPECIALS = st.sampled_from([0.0, -0.0, 1.0, -1.0, 0.5, 1e-310, 1e308, -1e308, inf, -inf, nan])
NUMBERS = st.one_of(SPECIALS, st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 5))


@settings(max_examples=150, deadline=None)
@given(x=NUMBERS, y=NUMBERS, name=st.sampled_from(sorted(OPS)))
def test_no_arithmetic_raises(x, y, name):
    a, b = Value(x), Value(y)
    if name in ("add", "sub", "mul", "div", "pow"):
        symbol = OPS[name].symbol
        outs = [_apply(symbol, a, b), _apply(symbol, a, y), _apply(symbol, x, b)]
    elif OPS[name].arity == 1 and hasattr(Value, name):
        outs = [getattr(a, name)()]
    else:  # an op the tensors and losses build from the table
        op = OPS[name]
        xs = (a.data, b.data)[: op.arity]
        outs = [Value(op.forward(*xs), "", op, *(a, b)[: op.arity])]
    for out in outs:
        assert isinstance(out.data, float)
        out.backward()
        out.local_grads()


def _apply(symbol, left, right):
    return {
        "+": lambda: left + right,
        "-": lambda: left - right,
        "*": lambda: left * right,
        "/": lambda: left / right,
        "**": lambda: left**right,
    }[symbol]()


def test_value_of_a_string_says_what_is_expected():
    with pytest.raises(TypeError, match="real number"):
        Value("a")


def test_arithmetic_with_a_string_is_a_type_error():
    with pytest.raises(TypeError):
        Value(1.0) + "a"


# --- graphs are plain data: pickle, no reference cycles ---------------------------------------


def test_a_graph_pickles_and_backward_runs_on_the_copy():
    x, w = Value(2.0, "x"), Value(-1.5, "w")
    out = (x * w + x * x).tanh()
    copy = pickle.loads(pickle.dumps(out))
    copy.backward()
    out.backward()
    x2, w2 = copy.parents[0].parents[0].parents
    assert (x2.label, w2.label) == ("x", "w")
    assert (x2.grad, w2.grad) == (x.grad, w.grad)
    assert copy.op == "tanh" and copy.data == out.data


def _leaves_outlive_their_graph(value_type):
    """Whether a dropped graph still holds references to its leaves (it sits in reference cycles).

    Reference counting alone frees an acyclic graph the moment it is dropped, and the leaves'
    reference counts fall back to what they were; nodes in reference cycles stay alive, holding
    on to the leaves, until the cycle collector runs (switched off here for this thread).
    """
    gc.disable()
    try:
        x = [value_type(0.1 * i) for i in range(50)]
        counts = lambda: [sys.getrefcount(leaf) for leaf in x]
        before = counts()
        loss = x[0] * 1.0
        for i in range(1, 50):
            loss = loss + (x[i] * x[i - 1]) ** 2 + x[i].relu()
        loss.backward()
        del loss
        return counts() != before
    finally:
        gc.enable()


def test_a_dropped_graph_is_freed_without_the_cycle_collector():
    assert not _leaves_outlive_their_graph(Value)


def test_the_cycle_check_sees_micrograd_closures():
    # the check above can fail: micrograd's backward closures make reference cycles
    micrograd = pytest.importorskip("micrograd.engine")
    assert _leaves_outlive_their_graph(micrograd.Value)


# --- differential: every program against torch's values ---------------------------------------


def assert_matches(program, torch_values, torch_grads):
    """The engine agrees with torch on ``program``, checked three ways.

    1. Each op's forward at torch's operand values, to 1e-12 relative.
    2. The chain rule at each node from torch's values and upstream gradients, to 1e-12 of the
       sum of the terms' magnitudes there (terms that cancel leave only their rounding), or of
       the largest such sum (a local derivative that cancels, sigmoid(x) - y, leaves its own).
    3. The whole run end to end: the same inf and nan positions, finite values and gradients
       to 1e-12 relative; a gradient that cancels to rounding may differ by 1e-12 times the
       largest term of the backward pass.
    """
    ours = forward_each(program, torch_values)
    for i, (a, b) in enumerate(zip(ours, torch_values, strict=True)):
        assert close(a, b), f"forward of node {i} {program[i]}: engine {a!r}, torch {b!r}"

    expected, scale = _chain_rule(program, torch_values, torch_grads)
    largest = max((t for t in scale if math.isfinite(t)), default=1.0)
    for i, (a, b) in enumerate(zip(expected, torch_grads, strict=True)):
        ok = same(a, b) or abs(a - b) <= 1e-12 * max(abs(a), abs(b), scale[i], largest)
        assert ok, f"chain rule at node {i} {program[i]}: engine {a!r}, torch {b!r}"

    values, grads = run_engine(program)
    _, terms = backward_on(program, values)
    floor = 1e-12 * max((t for t in terms if math.isfinite(t)), default=1.0)
    for kind, ours_, theirs in (("value", values, torch_values), ("grad", grads, torch_grads)):
        for i, (a, b) in enumerate(zip(ours_, theirs, strict=True)):
            message = f"{kind} of node {i} {program[i]}: engine {a!r}, torch {b!r}"
            if not (math.isfinite(a) and math.isfinite(b)):
                assert same(a, b), message
            else:
                slack = floor if kind == "grad" else 0.0
                assert abs(a - b) <= max(1e-12 * max(abs(a), abs(b)), slack), message


def _chain_rule(program, values, grads):
    """Each node's gradient as the engine's chain rule forms it from torch's numbers."""
    expected = [0.0] * len(program)
    scale = [0.0] * len(program)
    for j, (name, *args) in enumerate(program):
        if name == "leaf":
            continue
        op = OPS[name]
        xs = [values[a] if isinstance(a, int) else decode(a) for a in args]
        for k, a in enumerate(args):
            if isinstance(a, int):
                d = op.grads[k](*xs, values[j])
                if d == 0.0 and op.gate:
                    continue
                expected[a] += grads[j] * d
                scale[a] += abs(grads[j] * d)
    expected[-1] = scale[-1] = 1.0
    return expected, scale


def _decoded(entry):
    return [decode(x) for x in entry["values"]], [decode(x) for x in entry["grads"]]


@pytest.mark.parametrize("entry", GOLDEN["edge_cases"], ids=lambda e: e["name"])
def test_edge_case_matches_torch_golden(entry):
    assert_matches(entry["program"], *_decoded(entry))


@pytest.mark.torch
@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_edge_case_matches_live_torch(torch, name):
    program = EDGE_CASES[name]
    values, grads = run_torch(torch, program)
    assert_matches(program, values, grads)
    ours_values, ours_grads = run_engine(program)
    for a, b in zip(ours_values + ours_grads, values + grads, strict=True):
        if a == 0.0:  # torch prints -0. for a negative zero: the sign must agree too
            assert math.copysign(1.0, a) == math.copysign(1.0, b)


@pytest.mark.parametrize("entry", GOLDEN["random"], ids=lambda e: e["name"])
def test_random_graph_matches_torch_golden(entry):
    assert_matches(entry["program"], *_decoded(entry))


@pytest.mark.torch
@pytest.mark.parametrize("seed", LIVE_SEEDS)
def test_random_graph_matches_live_torch(torch, seed):
    program = random_program(seed)
    assert_matches(program, *run_torch(torch, program))


@pytest.mark.torch
def test_golden_file_is_current(torch):
    # the stored programs are what the generator makes today, and torch still gives those numbers
    assert [e["program"] for e in GOLDEN["random"][:20]] == [
        json.loads(json.dumps(random_program(s))) for s in range(20)
    ]
    for entry in GOLDEN["edge_cases"][:10] + GOLDEN["random"][:10]:
        values, grads = run_torch(torch, entry["program"])
        assert all(map(same, values + grads, [decode(x) for x in entry["values"] + entry["grads"]]))


@pytest.mark.torch
def test_backward_twice_accumulates_leaves_as_torch(torch):
    program = EDGE_CASES["Karpathy's neuron"]
    _, grads = run_torch(torch, program, backward_calls=2)
    _, ours = run_engine(program, backward_calls=2)
    leaves = [i for i, step in enumerate(program) if step[0] == "leaf"]
    assert [ours[i] for i in leaves] == pytest.approx([grads[i] for i in leaves], rel=1e-12)
    assert ours[1] == pytest.approx(2 * 0.5)  # x2.grad, doubled
