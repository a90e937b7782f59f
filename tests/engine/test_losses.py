"""engine.losses against torch: the golden file (every loss x option), live torch, the tutorial."""

import json
import math

import pytest

from engine import losses, topological_order
from engine import tensor as T
from tests.golden import make_losses_golden as golden

GOLDEN = json.loads(golden.GOLDEN.read_text())
CASES = GOLDEN["cases"]
ERRORS = GOLDEN["errors"]


def run_ours(case, dtype=T.float64):
    """(result, input, target) of a golden case in our engine."""
    x = T.tensor(case["input"], dtype=T.int64 if case.get("input_int") else dtype)
    y = T.tensor(case["target"], dtype=T.int64 if case.get("target_int") else dtype)
    if x.dtype.is_floating_point:
        x.requires_grad_()
    if y.dtype.is_floating_point:
        y.requires_grad_()
    kwargs = {
        k: T.tensor(v, dtype=dtype) if k in ("weight", "pos_weight") else v
        for k, v in case["kwargs"].items()
    }
    return getattr(losses, case["loss"])(x, y, **kwargs), x, y


def flat(x):
    if isinstance(x, list):
        return [v for item in x for v in flat(item)]
    return [x]


def assert_close(ours, theirs, what):
    assert len(ours) == len(theirs), what
    for a, b in zip(ours, theirs, strict=True):
        if math.isnan(b):
            assert math.isnan(a), f"{what}: {a} != nan"
        elif math.isinf(b):
            assert a == b, f"{what}: {a} != {b}"
        else:
            assert math.isclose(a, b, rel_tol=1e-10, abs_tol=1e-12), f"{what}: {a} != {b}"


def check_case(case, record):
    result, x, y = run_ours(case)
    assert result.grad_fn.name() == record["grad_fn"]
    assert_close(flat(result.tolist()), flat(record["value"]), "value")
    result.sum().backward()
    assert_close(flat(x.grad.tolist()), record["input_grad"], "d loss / d input")
    if record["target_grad"] is not None:
        assert_close(flat(y.grad.tolist()), record["target_grad"], "d loss / d target")
    printed, _, _ = run_ours(case, T.float32)
    assert repr(printed) == record["printed"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_matches_golden(case):
    check_case(case, case)


@pytest.mark.torch
@pytest.mark.filterwarnings("ignore:Using a target size")
@pytest.mark.parametrize("case", CASES[::7], ids=[c["id"] for c in CASES[::7]])
def test_matches_live_torch(torch, case):
    check_case(case, golden.torch_record(torch, case))


@pytest.mark.parametrize("case", ERRORS, ids=[c["id"] for c in ERRORS])
def test_refuses_what_torch_refuses_with_its_words(case):
    with pytest.raises(ValueError) as err:
        run_ours(case, T.float32)
    assert case["message"] in str(err.value)


def test_golden_covers_every_loss_and_option():
    seen = {(c["loss"], k) for c in CASES for k in c["kwargs"]}
    for loss in losses.FUNCTIONS:
        assert (loss, "reduction") in seen
    for option in [("cross_entropy", "weight"), ("cross_entropy", "ignore_index"),
                   ("cross_entropy", "label_smoothing"), ("nll_loss", "weight"),
                   ("nll_loss", "ignore_index"), ("binary_cross_entropy", "weight"),
                   ("binary_cross_entropy_with_logits", "pos_weight"),
                   ("binary_cross_entropy_with_logits", "weight"), ("huber_loss", "delta"),
                   ("smooth_l1_loss", "beta"), ("l1_loss", "weight"), ("mse_loss", "weight")]:
        assert option in seen
    assert any(c["loss"] == "cross_entropy" and c["target_int"] is False for c in CASES)


# --- the tutorial's three examples ---------------------------------------------------------------


def reshaped(data):
    return T.tensor(data, dtype=T.float32).reshape(1, 1, 1, 3)


def test_tutorial_l1loss_prints_like_torch():
    x, y = reshaped([1, 2, 3]), reshaped([1, 2, 5])
    printed = f"{losses.L1Loss()(x, y)!r} {losses.L1Loss(reduction='sum')(x, y)!r}"
    assert printed == "tensor(0.6667) tensor(2.)"


def test_tutorial_mseloss_prints_like_torch():
    x, y = reshaped([1, 2, 3]), reshaped([1, 2, 5])
    printed = f"{losses.MSELoss()(x, y)!r} {losses.MSELoss(reduction='sum')(x, y)!r}"
    assert printed == "tensor(1.3333) tensor(4.)"


def test_tutorial_cross_entropy_prints_like_torch():
    x, y = T.tensor([[0.1, 0.2, 0.3]]), T.tensor([1])
    mean = losses.CrossEntropyLoss()(x, y)
    total = losses.CrossEntropyLoss(reduction="sum")(x, y)
    assert f"{mean!r} {total!r}" == "tensor(1.1019) tensor(1.1019)"


def test_cross_entropy_gradient_is_softmax_minus_one_hot():
    x = T.tensor([[0.1, 0.2, 0.3]], requires_grad=True)
    loss = losses.CrossEntropyLoss()(x, T.tensor([1]))
    loss.backward()
    assert repr(x.grad) == "tensor([[ 0.3006, -0.6678,  0.3672]])"
    assert repr(loss) == "tensor(1.1019, grad_fn=<NllLossBackward0>)"


# --- graph structure and groups ------------------------------------------------------------------


def test_l1_loss_graph_reads_sub_abs_loss_with_loss_group():
    x = reshaped([1, 2, 3]).requires_grad_()
    loss = losses.L1Loss()(x, reshaped([1, 2, 5]))
    root = loss.values()[0]
    assert root.group.kind == "l1_loss"
    assert root.group.grad_fn == "MeanBackward0"
    kinds = {v.group.kind for v in topological_order(root) if v.group is not None}
    assert kinds == {"tensor", "sub", "abs", "l1_loss"}
    loss.backward()
    assert x.grad.reshape(-1).tolist()[:2] == [0.0, 0.0]  # abs'(0) = 0 where input == target
    assert math.isclose(x.grad.reshape(-1).tolist()[2], -1 / 3, rel_tol=1e-6)


def test_loss_modules_repr_like_torch_and_check_reduction_when_called():
    assert repr(losses.CrossEntropyLoss(reduction="sum")) == "CrossEntropyLoss()"
    loss = losses.L1Loss(reduction="avg")
    with pytest.raises(ValueError, match="avg is not a valid value for reduction"):
        loss(T.tensor([1.0]), T.tensor([2.0]))


def test_legacy_size_average_and_reduce_pick_the_reduction():
    x, y = T.tensor([1.0, 2.0]), T.tensor([0.0, 0.0])
    assert losses.L1Loss(size_average=False)(x, y).item() == 3.0
    assert losses.L1Loss(reduce=False)(x, y).tolist() == [1.0, 2.0]


def test_bce_with_logits_is_finite_for_huge_logits():
    x = T.tensor([1000.0, -1000.0], dtype=T.float64, requires_grad=True)
    loss = losses.binary_cross_entropy_with_logits(x, T.tensor([0.0, 1.0], dtype=T.float64))
    assert loss.item() == 1000.0
    loss.backward()
    assert x.grad.tolist() == [0.5, -0.5]


def test_integer_tensor_advice_names_the_fix():
    with pytest.raises(ValueError, match=r"dtype=torch\.float32"):
        losses.MSELoss()(T.tensor([1, 2, 3]), T.tensor([1, 2, 5]))


def test_out_of_range_class_says_the_range():
    with pytest.raises(ValueError, match="range 0 to 2 for 3 classes"):
        losses.cross_entropy(T.tensor([[0.1, 0.2, 0.3]]), T.tensor([3]))


def test_loss_under_no_grad_has_no_grad_fn():
    x = T.tensor([0.5, 0.25], requires_grad=True)
    with T.no_grad():
        loss = losses.mse_loss(x, T.tensor([0.0, 0.0]))
    assert repr(loss) == "tensor(0.1562)"
    assert loss.values()[0].op == ""
