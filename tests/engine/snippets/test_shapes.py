"""Shapes with zeros, huge dimensions and many dimensions, through every shape-taking function of
the snippet language: each program ends in a result or an InputError, within a bound on the work
done (counted, not timed) and on memory, and zero-size results print what torch prints."""

import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine
from engine import InputError, evaluate
from engine.snippets.interpreter import Limits
from tests.golden.make_snippets_golden import run_snippet

ENGINE_DIR = str(Path(engine.__file__).parent)
WORK_BOUND = 3_000_000  # lines of engine code one generated program may run
MEMORY_BOUND = 100 * 2**20  # bytes allocated at the peak of one program
# the time bound is set far away, so that a program that ends ends by a counter
NO_TIME_BOUND = Limits(seconds=600.0)


class _WorkBoundHit(BaseException):
    """Raised from the tracer: not an Exception, so nothing in the engine can swallow it."""


def _run_counted(source):
    """Evaluate ``source``, counting the engine lines it runs; (Evaluation or InputError, peak)."""
    lines = 0

    def local(frame, event, arg):
        nonlocal lines
        if event == "line":
            lines += 1
            if lines > WORK_BOUND:
                raise _WorkBoundHit(source)
        return local

    def tracer(frame, event, arg):
        return local if frame.f_code.co_filename.startswith(ENGINE_DIR) else None

    tracemalloc.start()
    sys.settrace(tracer)
    try:
        try:
            outcome = evaluate(source, NO_TIME_BOUND)
        except InputError as err:
            outcome = err
    finally:
        sys.settrace(None)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return outcome, peak


# --- generated programs ---------------------------------------------------------------------------

HUGE = 10**18


@st.composite
def shapes(draw, like=None):
    """A shape: few dimensions or up to a few past 64; small sizes, and mostly a zero-size tensor
    with a huge size. ``like``: mostly a shape that broadcasts with that one."""
    if like is not None and draw(st.integers(0, 3)):
        return [n if draw(st.booleans()) else 1 for n in like][draw(st.integers(0, 1)):]
    ndim = draw(st.one_of(st.integers(1, 4), st.integers(0, 4), st.integers(60, 66)))
    sizes = st.sampled_from([1, 1, 1, 2, 3, 0]) if ndim < 10 else st.sampled_from([1] * 12 + [2, 0])
    shape = draw(st.lists(sizes, min_size=ndim, max_size=ndim))
    if ndim >= 2 and draw(st.integers(0, 3)):  # zero elements, and a huge size before or after
        huge_at, zero_at = draw(st.permutations(range(ndim)))[:2]
        shape[huge_at] = draw(st.sampled_from([HUGE, HUGE, 2**62, 2**63 - 1]))
        shape[zero_at] = 0
    elif ndim and not draw(st.integers(0, 4)):  # a tensor too big to make
        shape[draw(st.integers(0, ndim - 1))] = HUGE
    return shape


MAKERS = ["torch.zeros({s})", "torch.ones({s})", "torch.full({s}, 2.0)", "torch.empty({s})",
          "torch.zeros({s}, requires_grad=True)", "torch.zeros({s}, dtype=torch.int64)",
          "torch.rand({s})", "torch.randn({s}, dtype=torch.float64)", "torch.Tensor(*{s})"]
INDICES = ["0", "-1", "::2", "1:", "None", "..., None", "None, ::3", "[0, 0]", ":, [0]", "..."]
OPERATIONS = [
    "y = x.reshape({b})", "y = x.view({b})", "y = x.reshape(-1)", "y = x.expand({b})",
    "y = torch.cat([x, z], {d})", "y = torch.cat([x] * 3, {d})", "y = torch.stack([x, z], {d})",
    "y = x.sum()", "y = x.sum({d})", "y = x.sum({d}, keepdim=True)", "y = x.mean({d})",
    "y = x.max({d})", "y = x.argmax({d})", "y = x.softmax({d})", "y = x.log_softmax({d})",
    "y = x[{k}]", "x[{k}] = 1.0", "y = x @ z", "y = x + z", "y = x * z", "y = x - 1",
    "y = x < z", "y = x.exp()", "print(x)", "print(x, z)", "y = x.tolist()", "y = str([x, z])",
    "y = x.T", "y = x.t()", "y = x.transpose(0, -1)", "y = x.permute({perm})",
    "y = x.unsqueeze({d})", "y = x.squeeze()", "y = x.squeeze({d})", "y = x.flatten()",
    "y = x.clone()", "y = x.detach()", "y = torch.zeros_like(x)", "y = torch.full_like(x, 3)",
    "y = torch.broadcast_shapes({a}, {b})", "y = len(x)", "y = x.numel()", "y = x.size({d})",
]


@st.composite
def programs(draw):
    """A program: make x (shape a) and z (shape b), then run three shape-taking operations."""
    a = draw(shapes())
    b = draw(shapes(like=a))
    maker = draw(st.sampled_from(MAKERS))
    operations = [draw(st.sampled_from(OPERATIONS)).format(
        a=a, b=b, d=draw(st.integers(-3, 3)), k=draw(st.sampled_from(INDICES)),
        perm=list(range(len(a)))[::-1],
    ) for _ in range(3)]
    return "\n".join(["import torch", "x = " + maker.format(s=a), "z = " + maker.format(s=b),
                      *operations, "print(x.shape)"])


SHAPE_FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.data_too_large])


@SHAPE_FUZZ
@given(programs())
def test_every_shape_ends_in_a_result_or_an_input_error_within_bounds(source):
    outcome, peak = _run_counted(source)
    assert peak < MEMORY_BOUND, (source, peak)
    if isinstance(outcome, InputError):
        assert outcome.key != "limit.seconds", source  # a counter or a shape check fired first
        assert outcome.line >= 1 and outcome.message_in("zh")
    else:
        assert outcome.printed, source


def test_the_work_counter_can_fire():
    # the counter the fuzz test relies on stops a program that does too much work
    with pytest.raises(_WorkBoundHit):
        _run_counted("import torch\nfor i in range(100000):\n    x = torch.zeros(10, 10)")


# --- zero-size tensors with huge dimensions are valid, and print as torch prints them ------------

ZERO_SIZE_PROGRAMS = [
    "t = torch.zeros(10**18, 0)\nprint(t, t.shape, t.numel())",
    "t = torch.zeros(10**18, 0)\nprint(torch.cat([t, t], 1).shape, torch.stack([t, t]).shape)",
    "t = torch.zeros(10**18, 0)\nprint(t.T.shape, t.sum(0), t.mean(0), t.sum())",
    "t = torch.zeros(10**18, 0)\nprint(t[::2].shape, t[5:7, None].shape, t[..., None].shape)",
    "t = torch.zeros(10**18, 0)\nprint((t + 1).shape, (t * t).shape, (t < 1).shape)",
    "t = torch.zeros(10**18, 1, 0)\nu = torch.zeros(1, 5, 0)\nprint((t + u).shape, t + u)",
    "t = torch.zeros(0, 1, 10**18)\nu = torch.zeros(0, 10**18, 1)\nprint((t + u).shape)",
    "t = torch.zeros(10**18, 1, 0)\nu = torch.zeros(1, 10**18, 0)\nprint((t + u).shape)",
    "t = torch.zeros(0, 10**9, 10**10)",
    "t = torch.zeros(0, 10**9, 10**9)\nprint(torch.cat([t, t], 2).shape)",
    "t = torch.zeros(1, 0)\nprint(t.expand(10**18, 0).shape, t.expand(10**18, -1).shape)",
    "t = torch.zeros(0)\nprint(t.reshape(10**18, 0, 10**18).shape, t.view(-1, 10**18).shape)",
    "t = torch.zeros(10**18, 0)\nprint(t.softmax(1).shape, t.max(0), t.permute(1, 0).shape)",
    "t = torch.zeros(1, 10**18, 0, requires_grad=True)\ny = t.max(0)\ny.values.sum().backward()\n"
    "print(y, t.min(1).indices.shape, t.grad.shape)",
    "a = torch.zeros(0, 10**18)\nb = torch.zeros(10**18, 0)\nprint(a @ b, (b.T @ b.T.T).shape)",
    "a = torch.zeros(5, 0)\nb = torch.zeros(0, 3)\nprint(a @ b)",
    "print(torch.eye(10**18, 0), torch.eye(0, 10**18).shape, torch.empty(10**18, 0).shape)",
    "torch.manual_seed(0)\nprint(torch.randn(10**18, 0), torch.rand(0, 10**18).shape, "
    "torch.Tensor(10**18, 0).shape, torch.randint(0, 5, (10**18, 0)).shape)",
    "print(torch.zeros(3, 0).tolist(), torch.zeros(2, 3, 0).tolist(), torch.zeros(0, 4).tolist())",
    "print(torch.zeros(4, 0, 3).sum(1), torch.zeros(0, 3).sum(0), torch.ones(2, 0).sum(1))",
    "import torch.nn.functional as F\nx = torch.zeros(10**18, 0)\nprint(F.mse_loss(x, x), "
    "F.l1_loss(x, x, reduction='sum'), F.binary_cross_entropy(x, x, reduction='sum'))",
    "import torch.nn.functional as F\nx = torch.zeros(0, 10**18)\n"
    "print(F.cross_entropy(x, torch.zeros(0, dtype=torch.int64)), F.softmax(x, 1).shape)",
    "import torch.nn.functional as F\nx = torch.zeros(0, 3, requires_grad=True)\n"
    "loss = F.cross_entropy(x, torch.zeros(0, dtype=torch.int64))\nloss.backward()\n"
    "print(loss, x.grad, F.nll_loss(torch.zeros(0, 3, 2), torch.zeros(0, 2, dtype=torch.int64), "
    "reduction='none'))",
    "t = torch.ones([1] * 64)\nprint(t.shape, t.sum(), t.tolist() == t.tolist())",
    "t = torch.arange(1200).reshape(12, 100) / 7\nprint(t, t.double()[:2, :3], t.long())",
]


@pytest.mark.parametrize("body", ZERO_SIZE_PROGRAMS)
def test_zero_size_and_many_dim_programs_print_what_torch_prints(torch, body):
    source = "import torch\n" + body
    try:
        expected = run_snippet(torch, "torch", source)
    except RuntimeError as err:  # torch's overflow checks: the same error, in torch's words
        with pytest.raises(InputError) as info:
            evaluate(source, NO_TIME_BOUND)
        assert info.value.message == str(err)
    else:
        assert evaluate(source, NO_TIME_BOUND).printed == expected
