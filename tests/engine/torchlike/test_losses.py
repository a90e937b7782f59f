"""losses against torch: the golden file (every loss x option), live torch, the tutorial."""

import json
import math

import pytest

from engine import losses, topological_order
from engine.torchlike import numpy_losses, numpy_tensor
from engine.torchlike import tensor as T
from tests.golden import make_losses_golden as golden

GOLDEN = json.loads(golden.GOLDEN.read_text())
CASES = GOLDEN["cases"]
ERRORS = GOLDEN["errors"]


def run_ours(case, dtype=T.float64):
    """(result, input, target) of a golden case in our engine (CTC on the tensor level: the
    scalar level does not offer it)."""
    if case["loss"] == "ctc_loss":
        x = numpy_tensor.tensor(case["input"], dtype=dtype, requires_grad=True)
        y = numpy_tensor.tensor(case["target"])
        lengths = (len(case["input"]),), (len(case["target"]),)
        ctc = numpy_losses.FUNCTIONS["ctc_loss"]
        return ctc(x.log_softmax(-1), y, *lengths, **case["kwargs"]), x, y
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
    between = [T.tensor(case["other"], dtype=dtype)] if "other" in case else []
    return getattr(losses, case["loss"])(x, *between, y, **kwargs), x, y


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
        if loss not in losses.COMPOSED:  # those run on the kernel grid (test_composed_losses)
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


# BCE with logits and pos_weight p: torch's loss (1 - y) x + s softplus(-x), s = 1 + (p - 1) y,
# and its gradients s sigmoid(x) - p y (logit) and p softplus(-x) - softplus(x) (target). Where
# a formula's terms cancel, torch's own float64 result is only good to ~1e-16 times the terms,
# so each value is held to 1e-10 relative plus 1e-14 of its terms' size: a tiny gradient with
# nothing cancelling (sigmoid(-50) at y = 0) must come out to 1e-10 relative.
TAIL_X = [-1000.0, -50.0, -30.0, -3.0, -0.5, 0.0, 0.5, 3.0, 30.0, 50.0, 1000.0]
TAIL_Y = [0.0, 1.0, 0.3, 0.5, 0.9]
TAIL_P = [3.0, 0.5, 1.0, 0.1, 10.0]


def softplus(z):
    return max(z, 0.0) + math.log1p(math.exp(-abs(z)))


def sigmoid(z):
    return math.exp(-softplus(-z))


def bce_logits_terms(x, y, p):
    """The size of the terms torch adds for the loss, its logit and its target gradient."""
    s = 1.0 + (p - 1.0) * y
    return (abs((1.0 - y) * x) + abs(s) * softplus(-x), abs(s) * sigmoid(x) + abs(p * y),
            softplus(x) + abs(p) * softplus(-x))


def assert_as_torch(ours, theirs, terms, what):
    for a, b, size in zip(ours, theirs, terms, strict=True):
        assert abs(a - b) <= 1e-10 * abs(b) + 1e-14 * size, f"{what}: {a} != {b}"


def bce_logits_pos_weight(x, y, p):
    """Each element's BCE-with-logits loss and its gradients, in float64."""
    xs = T.tensor(x, dtype=T.float64, requires_grad=True)
    ys = T.tensor(y, dtype=T.float64, requires_grad=True)
    loss = losses.binary_cross_entropy_with_logits(
        xs, ys, pos_weight=T.tensor(p, dtype=T.float64), reduction="none")
    loss.sum().backward()
    return loss.tolist(), xs.grad.tolist(), ys.grad.tolist()


def test_bce_with_logits_pos_weight_keeps_tiny_gradients_as_golden():
    tails = [c for c in CASES if c["loss"] == "binary_cross_entropy_with_logits"
             and c["input"] == golden.TAIL_LOGITS]
    assert {c["kwargs"]["reduction"] for c in tails} == set(golden.REDUCTIONS)
    for case in tails:
        x, y = flat(case["input"]), flat(case["target"])
        p = golden.TAIL_POS_W * (len(x) // len(golden.TAIL_POS_W))
        result, xs, _ = run_ours(case)
        result.sum().backward()
        scale = {"mean": 1.0 / len(x), "sum": 1.0, "none": 1.0}[case["kwargs"]["reduction"]]
        terms = [scale * bce_logits_terms(*e)[1] for e in zip(x, y, p, strict=True)]
        assert_as_torch(flat(xs.grad.tolist()), case["input_grad"], terms, "d loss / d input")
    # torch's gradient at logit -50, target 0, averaged over 8: sigmoid(-50) / 8, not 0
    mean = next(c for c in tails if c["kwargs"]["reduction"] == "mean")
    assert math.isclose(mean["input_grad"][0], sigmoid(-50.0) / 8, rel_tol=1e-12)


def test_bce_with_logits_pos_weight_of_zero_on_a_positive_target_is_no_loss():
    value, dx, dy = bce_logits_pos_weight([3.0, -0.5], [1.0, 1.0], [0.0, 0.0])
    assert value == [0.0, 0.0] and dx == [0.0, 0.0]
    # torch's log_sigmoid(-x) - p log_sigmoid(x), not nan
    assert all(math.isclose(g, -softplus(x), rel_tol=1e-12) for g, x in zip(dy, [3.0, -0.5]))


def test_bce_with_logits_pos_weight_prints_the_tiny_gradient_like_torch():
    z = T.tensor([[0.0, -1.5, 3.0], [50.0, -50.0, 1000.0]], requires_grad=True)
    t = T.tensor([[0.0, 1.0, 1.0], [0.5, 0.0, 1.0]])
    losses.BCEWithLogitsLoss(pos_weight=T.tensor([3.0, 0.5, 1.0]))(z, t).backward()
    assert repr(z.grad) == ("tensor([[ 8.3333e-02, -6.8131e-02, -7.9043e-03],\n"
                            "        [ 8.3333e-02,  3.2146e-23,  0.0000e+00]])")


@pytest.mark.torch
def test_bce_with_logits_pos_weight_matches_live_torch_in_the_tails(torch):
    grid = [(x, y, p) for x in TAIL_X for y in TAIL_Y for p in TAIL_P]
    x, y, p = (list(c) for c in zip(*grid, strict=True))
    tx = torch.tensor(x, requires_grad=True)
    ty = torch.tensor(y, requires_grad=True)
    expected = torch.nn.functional.binary_cross_entropy_with_logits(
        tx, ty, pos_weight=torch.tensor(p), reduction="none")
    expected.sum().backward()
    value, dx, dy = bce_logits_pos_weight(x, y, p)
    terms = list(zip(*(bce_logits_terms(*e) for e in grid), strict=True))
    assert_as_torch(value, expected.tolist(), terms[0], "loss")
    assert_as_torch(dx, tx.grad.tolist(), terms[1], "d loss / d logit")
    assert_as_torch(dy, ty.grad.tolist(), terms[2], "d loss / d target")


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
