"""tape: a compiled batch gives the scalar engine's outputs and gradients, per sample."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import Value
from engine import tape as tape_module
from engine.autograd.nn import MLP
from engine.autograd.ops import OPS
from engine.autograd.optim import SGD
from engine.autograd.tape import Tape
from lessons.problems import classification_data
from tests.engine.programs import engine_apply

RTOL = 1e-10


def assert_same(got, want, scale=0.0):
    """Equal to RTOL where finite, and nan, inf and -inf in exactly the same places.

    ``scale`` is the size of the numbers that were added up to make ``want``: where they cancel
    (1 + 1e-16 - 1), the rounding left over is RTOL of them, not of the small result.
    """
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    assert got.shape == want.shape
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want), err_msg="nan positions")
    inf = np.isinf(want)
    np.testing.assert_array_equal(np.isinf(got), inf, err_msg="inf positions")
    np.testing.assert_array_equal(got[inf], want[inf], err_msg="signs of inf")
    finite = np.isfinite(want)
    np.testing.assert_allclose(got[finite], want[finite], rtol=RTOL, atol=RTOL * scale)


def nodes_below(out):
    """Every Value of the graph of ``out``."""
    seen, stack = {out}, [out]
    while stack:
        for p in stack.pop().parents:
            if isinstance(p, Value) and p not in seen:
                seen.add(p)
                stack.append(p)
    return seen


def scalar_reference(build, params, batch, scales=None):
    """Per-sample outputs, and each parameter's gradient summed over the samples, by backward().

    ``scales``, a dict, receives the sizes of what was added up: the nodes' data, and every
    gradient contribution (node grad times local derivative) of every sample.
    """
    for p in params:
        p.grad = 0.0
    outputs, data, flows = [], 0.0, 0.0
    for row in batch:
        out = build([Value(float(x)) for x in row])
        out.backward()  # parameters are leaves: their grads accumulate across samples, as torch's
        outputs.append(out.data)
        for v in nodes_below(out) if scales is not None else ():
            data += abs(v.data) if math.isfinite(v.data) else 0.0
            flows += sum(abs(v.grad * d) for d in v.local_grads() if math.isfinite(v.grad * d))
    if scales is not None:
        scales.update(data=data, flows=flows)
    return np.array(outputs), [p.grad for p in params]


def check_parity(build, params, batch, reduce="sum"):
    """Compile the graph of the first sample, run the batch, compare with the scalar engine."""
    inputs = [Value(float(x)) for x in batch[0]]
    tape = Tape(build(inputs), inputs)
    run = tape.run(batch, reduce=reduce)
    scales = {}
    outputs, grads = scalar_reference(build, params, batch, scales)
    if reduce == "mean":
        grads = [g / len(batch) for g in grads]
        scales["flows"] /= len(batch)
    assert_same(run.outputs, outputs, scales["data"])
    assert_same([run.grads.get(p, 0.0) for p in params], grads, scales["flows"])
    assert_same(tape.forward(batch), outputs, scales["data"])
    return tape, run


# --- random graphs ----------------------------------------------------------------------------

UNARY = sorted(name for name, op in OPS.items() if op.arity == 1)
BINARY = sorted(name for name, op in OPS.items() if op.arity == 2)
CONSTANTS = st.sampled_from([0.0, -0.0, 1.0, -1.0, 2.0, 0.5, 3.0]) | st.floats(-3, 3)
NUMBERS = st.sampled_from([0.0, 1.0, -1.0, 2.0]) | st.floats(-4, 4)


@st.composite
def graphs(draw):
    """A recipe for a small graph: input and parameter leaves, then random ops on what exists.

    Operands are earlier nodes (often the same one twice: x * x) or constants; the output is the
    last node, so every earlier node is a shared subexpression waiting to be used.
    """
    n_inputs = draw(st.integers(1, 3))
    params = [draw(NUMBERS) for _ in range(draw(st.integers(0, 3)))]
    steps = []
    for i in range(draw(st.integers(1, 10))):
        n_nodes = n_inputs + len(params) + i
        a = draw(st.integers(0, n_nodes - 1))
        if draw(st.booleans()):
            steps.append((draw(st.sampled_from(UNARY)), [a]))
        else:
            b = draw(st.integers(0, n_nodes - 1) | CONSTANTS)
            operands = [a, b] if draw(st.booleans()) else [b, a]  # constants on either side
            steps.append((draw(st.sampled_from(BINARY)), operands))
    # most steps should feed the output: tie the last one to a few earlier nodes
    n_nodes = n_inputs + len(params) + len(steps)
    for j in draw(st.lists(st.integers(0, n_nodes - 1), max_size=3)):
        steps.append((draw(st.sampled_from(BINARY)), [n_nodes - 1, j]))
        n_nodes += 1
    batch = draw(
        st.lists(st.lists(NUMBERS, min_size=n_inputs, max_size=n_inputs), min_size=1, max_size=6)
    )
    return params, steps, np.array(batch)


def recipe_builder(params, steps):
    """build(inputs) -> the output Value of the recipe, over the given parameter Values."""

    def build(inputs):
        nodes = list(inputs) + list(params)
        for name, operands in steps:
            args = [nodes[o] if isinstance(o, int) else o for o in operands]
            nodes.append(engine_apply(name, args))
        return nodes[-1]

    return build


@settings(max_examples=150, deadline=None)
@given(graphs(), st.sampled_from(["sum", "mean"]))
def test_random_graphs_match_the_scalar_engine(graph, reduce):
    numbers, steps, batch = graph
    params = [Value(x) for x in numbers]
    check_parity(recipe_builder(params, steps), params, batch, reduce)


# --- the MLP and the demo loss ----------------------------------------------------------------


def moons_loss(model, alpha=1e-4):
    """build(inputs) for micrograd's demo: max-margin loss of one point plus L2 on the model."""

    def build(inputs):
        x1, x2, y = inputs
        reg = alpha * sum(p * p for p in model.parameters())
        return (1 + -y * model([x1, x2])).relu() + reg

    return build


def moons_batch(n=100, seed=0):
    points, labels = classification_data("moons", n=n, seed=seed)
    return np.column_stack([points, 2 * labels - 1])  # labels -1 / +1 for the max-margin loss


def test_mlp_demo_loss_matches_the_scalar_engine_and_adds_sums_in_its_order():
    model = MLP(2, [16, 16, 1], seed=3)
    batch = moons_batch(20)
    tape, run = check_parity(moons_loss(model), model.parameters(), batch, reduce="mean")
    outputs, _ = scalar_reference(moons_loss(model), model.parameters(), batch)
    # sums are added left to right as the scalar engine adds them: the outputs are the same floats
    np.testing.assert_array_equal(run.outputs, outputs)
    assert run.loss == pytest.approx(outputs.mean(), rel=1e-12)
    assert set(run.grads) == set(model.parameters())
    # what makes it fast: a handful of array steps instead of ~1,600 scalar nodes per sample
    assert tape.num_nodes > 1500 and tape.num_steps <= 20


@pytest.mark.parametrize("width", [1, 2, 3])
@pytest.mark.parametrize("samples", [1, 2, 5])
def test_long_sums_keep_the_scalar_order_where_rounding_depends_on_it(width, samples):
    # ((1e16 + 1) - 1e16) + 1 + ... : adding in any other order gives another float
    w = [Value(1.0) for _ in range(width)]

    def build(inputs):
        (x,) = inputs
        outs = []
        for k, wk in enumerate(w):
            s = 1e16 * x
            for i in range(12):
                s = s + wk if i % 2 == 0 else s - 1e16 * x + 0.5 * k
            outs.append(s)
        return sum(outs[1:], outs[0])

    batch = np.array([[1.0], [3.0], [-2.0], [0.5], [1e-3]])[:samples]
    _, run = check_parity(build, w, batch)
    np.testing.assert_array_equal(run.outputs, scalar_reference(build, w, batch)[0])


# --- behaviour a caller relies on -------------------------------------------------------------


def test_parameters_are_read_afresh_at_each_run():
    x, w, b = Value(0.0, "x"), Value(2.0, "w"), Value(1.0, "b")
    tape = Tape((w * x + b).tanh(), [x])
    assert tape.parameters == [w, b] or tape.parameters == [b, w]
    batch = np.array([[0.5], [-1.0]])
    first = tape.run(batch)
    w.data = -3.0  # as an optimizer step does
    second = tape.run(batch)
    np.testing.assert_allclose(second.outputs, np.tanh(-3.0 * batch[:, 0] + 1.0), rtol=1e-15)
    assert not np.allclose(first.outputs, second.outputs)
    # d/dw sum tanh(w x + b) = sum (1 - tanh^2) x
    t = np.tanh(-3.0 * batch[:, 0] + 1.0)
    assert second.grads[w] == pytest.approx(np.sum((1 - t * t) * batch[:, 0]), rel=1e-12)


def test_a_loss_of_parameters_only_counts_once_per_sample():
    x, w = Value(0.0), Value(3.0)
    tape = Tape(w * w, [x])  # no input reaches the output
    run = tape.run(np.zeros((4, 1)))
    np.testing.assert_array_equal(run.outputs, [9.0] * 4)
    assert run.grads[w] == 4 * 6.0  # d/dw of 4 copies of w^2
    assert tape.run(np.zeros((4, 1)), reduce="mean").grads[w] == 6.0


def test_an_input_as_output_and_unused_inputs():
    x, y = Value(0.0), Value(0.0)
    run = Tape(x, [x, y]).run(np.array([[1.0, 2.0], [3.0, 4.0]]))
    np.testing.assert_array_equal(run.outputs, [1.0, 3.0])
    assert run.grads == {}


def test_a_function_of_parameters_with_no_inputs_at_all():
    # the Descent page's "minimise a function": x and y are parameters, a batch has no columns
    x, y = Value(1.0), Value(-2.0)
    run = Tape(x**2 + 20 * y**2, []).run(np.zeros((1, 0)))
    assert run.outputs.tolist() == [81.0]
    assert run.grads == {x: 2.0, y: -80.0}


def test_batches_larger_than_a_chunk_give_the_same_numbers(monkeypatch):
    model = MLP(2, [4, 1], seed=0)
    build = moons_loss(model)
    batch = moons_batch(10)
    inputs = [Value(0.0) for _ in range(3)]
    tape = Tape(build(inputs), inputs)
    whole = tape.run(batch)
    monkeypatch.setattr(tape_module, "MAX_CHUNK", 3)
    chunked = tape.run(batch)
    np.testing.assert_array_equal(chunked.outputs, whole.outputs)
    assert_same([chunked.grads[p] for p in model.parameters()],
                [whole.grads[p] for p in model.parameters()])
    np.testing.assert_array_equal(tape.forward(batch), whole.outputs)


def test_ieee_results_instead_of_errors():
    x = Value(1.0)
    out = (x.log() + 1 / x + x.sqrt()).exp()
    run = Tape(out, [x]).run(np.array([[0.0], [-1.0], [1000.0], [np.inf]]))
    outputs, _ = scalar_reference(lambda i: (i[0].log() + 1 / i[0] + i[0].sqrt()).exp(), [],
                                  [[0.0], [-1.0], [1000.0], [np.inf]])
    assert_same(run.outputs, outputs)
    assert math.isnan(run.outputs[0]) and math.isnan(run.outputs[1])  # log(0) + 1/0 = -inf + inf


def test_bad_arguments_are_explained():
    x, w = Value(1.0), Value(2.0)
    y = x * w
    with pytest.raises(ValueError, match="leaf"):
        Tape(y, [y])
    with pytest.raises(ValueError, match="twice"):
        Tape(y, [x, x])
    with pytest.raises(TypeError, match="Value"):
        Tape(3.0, [x])
    tape = Tape(y, [x])
    with pytest.raises(ValueError, match=r"shape \(samples, 1\)"):
        tape.run(np.zeros((3, 2)))
    with pytest.raises(ValueError, match="empty"):
        tape.run(np.zeros((0, 1)))
    with pytest.raises(ValueError, match="reduce"):
        tape.run(np.zeros((3, 1)), reduce="max")


def test_the_graph_is_left_as_it_was():
    x, w = Value(2.0), Value(3.0)
    y = (x * w).relu()
    y.backward()
    before = (x.grad, w.grad, y.grad)
    Tape(y, [x]).run(np.array([[1.0]]))
    assert (x.grad, w.grad, y.grad) == before


# --- the op table's numpy forms ---------------------------------------------------------------

SPECIAL = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.5, 1e-300, 30.0, -30.0, 710.0, -710.0,
           1e308, math.inf, -math.inf, math.nan]


@pytest.mark.parametrize("name", sorted(OPS))
def test_numpy_forms_give_the_scalar_results(name):
    op = OPS[name]
    columns = np.array(np.meshgrid(*[SPECIAL] * op.arity)).reshape(op.arity, -1)
    scalar_out = [op.forward(*xs) for xs in columns.T.tolist()]
    with np.errstate(all="ignore"):
        out = op.np_forward(*columns)
        assert_same(out, scalar_out)
        zeros = np.signbit(np.asarray(scalar_out)) & (np.asarray(scalar_out) == 0)
        np.testing.assert_array_equal(np.signbit(out) & (out == 0), zeros, err_msg="-0.0")
        for grad, np_grad in zip(op.grads, op.np_grads, strict=True):
            want = [grad(*xs, o) for xs, o in zip(columns.T.tolist(), scalar_out, strict=True)]
            assert_same(np.broadcast_to(np_grad(*columns, out), out.shape), want)


# --- training ---------------------------------------------------------------------------------


def test_sgd_through_the_tape_more_than_halves_the_moons_loss():
    model = MLP(2, [16, 16, 1], seed=1337)
    inputs = [Value(0.0) for _ in range(3)]
    tape = Tape(moons_loss(model)(inputs), inputs)
    batch = moons_batch(100, seed=1)
    params = model.parameters()
    optimizer = SGD(params, lr=0.1)
    losses = []
    for _ in range(200):
        run = tape.run(batch, reduce="mean")
        for p in params:
            p.grad = run.grads[p]
        optimizer.step()
        losses.append(run.loss)
    assert losses[-1] < losses[0] / 2
    # the tape's loss is the demo's loss: check the last one against the scalar engine
    outputs, _ = scalar_reference(moons_loss(model), params, batch)
    assert tape.run(batch, reduce="mean").loss == pytest.approx(outputs.mean(), rel=1e-12)
