"""The losses composed from scalar Values against torch and against the tensor level.

Every case of the loss-kernel grid (tests/engine/torchlike/loss_kernel_cases.py) of a loss the
scalar level composes runs here on scalar Values: float64 losses and gradients must agree with
torch's (the golden file recorded from torch, and live torch) to float64 rounding, float32
losses to float32 rounding, and the grad_fn names exactly. Live torch also checks the printed
float32 text character for character, and snippets print the same on both levels.
"""

import json
import math
import re
import warnings

import numpy as np
import pytest

from engine import evaluate
from engine.torchlike import loss_kernels as lk
from engine.torchlike import losses
from engine.torchlike import tensor as T
from tests.conftest import require_torch
from tests.engine.torchlike.loss_kernel_cases import cases, torch_run, upstream
from tests.golden import make_loss_kernels_golden as golden

GOLDEN = json.loads(golden.GOLDEN.read_text())["cases"]
CASES = [c for c in cases() if c[1] in losses.COMPOSED]
DTYPES = {"float32": T.float32, "float64": T.float64}


def scalar_tensors(name, arrays):
    """The case's arrays as scalar-level tensors (floats that torch differentiates need grad)."""
    out = []
    for a, differentiable in zip(arrays, lk.KERNELS[name].differentiable, strict=True):
        if a is None or isinstance(a, float):
            out.append(a)
        elif a.dtype.kind == "f":
            out.append(T.tensor(a.tolist(), dtype=DTYPES[str(a.dtype)],
                                requires_grad=differentiable))
        else:
            out.append(T.tensor(a.tolist()))
    return out


def run_scalar(name, arrays, options):
    """(loss tensor, its numbers, one gradient per array or None) on the scalar level."""
    tensors = scalar_tensors(name, arrays)
    arguments = dict(zip(lk.KERNELS[name].arrays, tensors, strict=True))
    out = losses.FUNCTIONS[name](**arguments, **options)
    numbers = np.asarray(out.tolist())
    if out.requires_grad:
        g = upstream(tuple(out.shape), np.float64)
        (out * T.tensor(g.tolist(), dtype=out.dtype)).sum().backward()
    grads = [t.grad.tolist() if isinstance(t, T.Tensor) and t.grad is not None else None
             for t in tensors]
    return out, numbers, grads


def assert_close(ours, theirs, rel, what, skip_nan=False):
    ours, theirs = np.asarray(ours, np.float64), np.asarray(theirs, np.float64)
    assert ours.shape == theirs.shape, what
    nan = np.isnan(theirs)
    if skip_nan:  # a target's gradient torch leaves nan (xlogy at 0): not one a learner sees
        ours, theirs = ours[~nan], theirs[~nan]
    else:
        assert np.array_equal(np.isnan(ours), nan), f"{what}: nan at other places"
        ours, theirs = ours[~nan], theirs[~nan]
    if theirs.size:
        scale = max(float(np.max(np.abs(theirs))), 1.0)
        err = float(np.max(np.abs(ours - theirs)))
        assert err <= rel * scale, f"{what}: off by {err} ({ours} != {theirs})"


def check(name, arrays, options, out, grads, grad_fn):
    float64 = any(isinstance(a, np.ndarray) and a.dtype == np.float64 for a in arrays)
    ours, numbers, our_grads = run_scalar(name, arrays, options)
    assert ours.grad_fn.name() == grad_fn
    rel = 1e-12 if float64 else 2e-6
    assert_close(numbers, out, rel, "loss")
    for i, (g, t) in enumerate(zip(our_grads, grads, strict=True)):
        if t is None:
            continue
        if not float64 and i > 0:  # float32 targets' gradients: the inputs' are the lesson
            continue
        assert g is not None, f"argument {i} has no gradient"
        assert_close(g, t, rel, f"d loss / d argument {i}", skip_nan=i > 0)


@pytest.mark.parametrize(("case_id", "name", "arrays", "options"), CASES,
                         ids=[c[0] for c in CASES])
def test_scalar_level_matches_golden(case_id, name, arrays, options):
    record = GOLDEN[case_id]
    check(name, arrays, options, record["out"], record["grads"], record["grad_fn"])


@pytest.mark.parametrize(("case_id", "name", "arrays", "options"), CASES[::5],
                         ids=[c[0] for c in CASES[::5]])
def test_scalar_level_matches_live_torch(case_id, name, arrays, options):
    torch = require_torch()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out, grads, grad_fn = torch_run(torch, name, arrays, options)
    check(name, arrays, options, out.tolist(), [None if g is None else g.tolist() for g in grads],
          grad_fn)


PRINT_CASES = [c for c in CASES if "float32" in c[0] and c[3].get("reduction") != "none"]


@pytest.mark.parametrize(("case_id", "name", "arrays", "options"), PRINT_CASES,
                         ids=[c[0] for c in PRINT_CASES])
def test_float32_loss_prints_as_torch_prints_it(case_id, name, arrays, options):
    torch = require_torch()
    tensors = [a if a is None or isinstance(a, float) else torch.from_numpy(np.array(a))
               for a in arrays]
    tensors[0].requires_grad_()
    torch.set_default_dtype(torch.float32)  # torch names no dtype of its default's tensors
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = getattr(torch.nn.functional, name)(
                **dict(zip(lk.KERNELS[name].arrays, tensors, strict=True)), **options)
        theirs = repr(theirs)
    finally:
        torch.set_default_dtype(torch.float64)
    ours, _, _ = run_scalar(name, arrays, options)
    assert repr(ours) == theirs


DOCSTRING_SNIPPETS = {
    "KLDivLoss": "kl_loss = nn.KLDivLoss(reduction='batchmean')\n"
    "input = F.log_softmax(torch.randn(3, 5, requires_grad=True), dim=1)\n"
    "target = F.softmax(torch.rand(3, 5), dim=1)\n"
    "output = kl_loss(input, target)\nprint(output)\n"
    "log_target = F.log_softmax(torch.rand(3, 5), dim=1)\n"
    "print(nn.KLDivLoss(reduction='batchmean', log_target=True)(input, log_target))",
    "PoissonNLLLoss": "loss = nn.PoissonNLLLoss()\n"
    "log_input = torch.randn(5, 2, requires_grad=True)\ntarget = torch.randn(5, 2)\n"
    "output = loss(log_input, target)\noutput.backward()\nprint(output)\nprint(log_input.grad)",
    "GaussianNLLLoss": "loss = nn.GaussianNLLLoss()\n"
    "input = torch.randn(5, 2, requires_grad=True)\ntarget = torch.randn(5, 2)\n"
    "var = torch.ones(5, 2, requires_grad=True)\noutput = loss(input, target, var)\n"
    "output.backward()\nprint(output)\nprint(var.grad)\n"
    "print(F.gaussian_nll_loss(input, target, torch.ones(5, 1), full=True))",
    "HingeEmbeddingLoss": "x = torch.randn(2, 3, requires_grad=True)\n"
    "y = torch.tensor([[1.0, -1.0, 1.0], [-1.0, -1.0, 1.0]])\n"
    "loss = nn.HingeEmbeddingLoss(margin=0.5)(x, y)\nloss.backward()\nprint(loss)\nprint(x.grad)",
    "SoftMarginLoss": "x = torch.randn(2, 3, requires_grad=True)\n"
    "y = torch.tensor([[1.0, -1.0, 1.0], [-1.0, -1.0, 1.0]])\n"
    "loss = F.soft_margin_loss(x, y, reduction='sum')\nloss.backward()\nprint(loss)\nprint(x.grad)",
    "MultiLabelSoftMarginLoss": "x = torch.randn(2, 4, requires_grad=True)\n"
    "y = torch.tensor([[1.0, 0.0, 0.0, 1.0], [0.0, 1.0, 0.0, 0.0]])\n"
    "loss = nn.MultiLabelSoftMarginLoss(weight=torch.tensor([1.0, 2.0, 0.5, 1.0]))(x, y)\n"
    "loss.backward()\nprint(loss)\nprint(x.grad)",
    "MultiLabelMarginLoss": "loss = nn.MultiLabelMarginLoss()\n"
    "x = torch.FloatTensor([[0.1, 0.2, 0.4, 0.8]])\ny = torch.LongTensor([[3, 0, -1, 1]])\n"
    "print(loss(x, y))\nx.requires_grad_()\nloss(x, y).backward()\nprint(x.grad)",
    "MultiMarginLoss": "loss = nn.MultiMarginLoss()\n"
    "x = torch.tensor([[0.1, 0.2, 0.4, 0.8]], requires_grad=True)\ny = torch.tensor([3])\n"
    "print(loss(x, y))\nprint(nn.MultiMarginLoss(p=2, margin=0.5, weight=torch.rand(4))(x, y))",
    "MarginRankingLoss": "loss = nn.MarginRankingLoss()\n"
    "input1 = torch.randn(3, requires_grad=True)\ninput2 = torch.randn(3, requires_grad=True)\n"
    "target = torch.randn(3).sign()\noutput = loss(input1, input2, target)\n"
    "output.backward()\nprint(output)\nprint(input1.grad)\nprint(input2.grad)",
    "CosineEmbeddingLoss": "loss = nn.CosineEmbeddingLoss(margin=0.2)\n"
    "input1 = torch.randn(3, 5, requires_grad=True)\ninput2 = torch.randn(3, 5)\n"
    "target = torch.tensor([1.0, -1.0, -1.0])\noutput = loss(input1, input2, target)\n"
    "output.backward()\nprint(output)\nprint(input1.grad)",
    "TripletMarginLoss": "triplet_loss = nn.TripletMarginLoss(margin=1.0, p=2, eps=1e-7)\n"
    "anchor = torch.randn(4, 8, requires_grad=True)\n"
    "positive = torch.randn(4, 8, requires_grad=True)\n"
    "negative = torch.randn(4, 8, requires_grad=True)\n"
    "output = triplet_loss(anchor, positive, negative)\noutput.backward()\nprint(output)\n"
    "print(F.triplet_margin_loss(anchor, positive, negative, p=1, swap=True))",
    "TripletMarginWithDistanceLoss": "anchor = torch.randn(4, 8, requires_grad=True)\n"
    "positive = torch.randn(4, 8, requires_grad=True)\n"
    "negative = torch.randn(4, 8, requires_grad=True)\n"
    "triplet_loss = nn.TripletMarginWithDistanceLoss(swap=True, margin=2.0)\n"
    "output = triplet_loss(anchor, positive, negative)\noutput.backward()\nprint(output)\n"
    "print(anchor.grad[0])",
}


# Snippets whose gradients torch prints with a -0. where a clamp or a where() sends a zero
# gradient through a negative factor: the scalar level's gradients accumulate from +0, so it
# prints 0. there. Their losses must print exactly; their gradients up to the sign of zero.
SIGNED_ZEROS = {"MarginRankingLoss", "CosineEmbeddingLoss"}


def _unsigned(lines):
    return [re.sub(r"\s+", " ", re.sub(r"-(0\.0*)(?=[,\]\s]|$)", r"\1", line)) for line in lines]


def assert_prints(loss, ours, theirs):
    if loss in SIGNED_ZEROS:
        assert ours[0] == theirs[0]
        ours, theirs = _unsigned(ours), _unsigned(theirs)
    assert ours == theirs


def _program(body):
    return ("import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"
            "torch.manual_seed(0)\n" + body + "\n")


@pytest.mark.parametrize("loss", DOCSTRING_SNIPPETS)
def test_snippet_prints_the_same_on_both_levels(loss):
    source = _program(DOCSTRING_SNIPPETS[loss])
    scalar = evaluate(source, level="scalar")
    assert_prints(loss, scalar.printed, evaluate(source, level="tensor").printed)
    assert scalar.printed[0].startswith("tensor(")


@pytest.mark.parametrize("loss", DOCSTRING_SNIPPETS)
def test_snippet_prints_what_torch_prints(loss):
    torch = require_torch()
    printed = []
    namespace = {"torch": torch, "nn": torch.nn, "F": torch.nn.functional,
                 "print": lambda *a: printed.append(" ".join(str(x) for x in a))}
    torch.set_default_dtype(torch.float32)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(compile(_program(DOCSTRING_SNIPPETS[loss]), loss, "exec"), namespace)  # ours
    finally:
        torch.set_default_dtype(torch.float64)
    ours = evaluate(_program(DOCSTRING_SNIPPETS[loss]), level="scalar").printed
    assert_prints(loss, ours, "\n".join(printed).split("\n"))


def test_the_grid_covers_every_composed_loss_reduction_and_dtype():
    covered = {(name, options.get("reduction"), "float32" in case_id)
               for case_id, name, _, options in CASES}
    for name in losses.COMPOSED:
        for reduction in ("mean", "sum", "none"):
            assert {(name, reduction, True), (name, reduction, False)} <= covered


def test_the_scalar_graph_groups_the_composed_loss_under_its_name():
    x = T.tensor([0.5, -1.0], requires_grad=True)
    y = T.tensor([1.0, -1.0])
    loss = losses.FUNCTIONS["hinge_embedding_loss"](x, y)
    assert loss.values()[0]._group.kind == "hinge_embedding_loss"
    loss.backward()
    assert x.grad.tolist() == [0.5, -0.5]  # y = 1: d x / d x; y = -1: d(1 - x) / d x


def test_a_tiny_variance_is_clamped_but_still_gets_its_gradient():
    x, y = T.tensor([1.0], dtype=T.float64), T.tensor([0.0], dtype=T.float64)
    var = T.tensor([0.0], dtype=T.float64, requires_grad=True)
    loss = losses.FUNCTIONS["gaussian_nll_loss"](x, y, var, eps=0.5)
    assert math.isclose(loss.item(), 0.5 * (math.log(0.5) + 2.0))
    loss.backward()
    # d/dvar of (log v + d^2 / v) / 2 at the clamped v = 0.5, passed through the clamp as 1
    assert math.isclose(var.grad.item(), 0.5 / 0.5 - 0.5 / 0.25)
