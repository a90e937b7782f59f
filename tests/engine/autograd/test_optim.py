"""optim: torch.optim's trajectories to 1e-9 over 100 steps, its checks, its zero_grad."""

import json
import math
from pathlib import Path

import pytest

from engine import Value
from engine.autograd.optim import SGD, Adam
from engine.torchlike.tensor import float64, tensor
from tests.engine.optim_problem import (
    CONFIGS,
    STEPS,
    TENSOR_JOINS,
    config_id,
    engine_trajectory,
    torch_trajectory,
)

GOLDEN = json.loads(
    (Path(__file__).resolve().parents[2] / "golden" / "engine_optim_golden.json").read_text()
)["trajectories"]


def _kwargs(stored):
    return {k: tuple(v) if k == "betas" else v for k, v in stored.items()}


def assert_same_path(ours, theirs):
    """Every parameter after every step within 1e-9 (relative to max(1, |value|))."""
    assert len(ours) == len(theirs) == STEPS
    for step, (a_row, b_row) in enumerate(zip(ours, theirs, strict=True)):
        for k, (a, b) in enumerate(zip(a_row, b_row, strict=True)):
            assert abs(a - b) <= 1e-9 * max(1.0, abs(b)), f"step {step + 1}, parameter {k}"


@pytest.mark.parametrize("entry", GOLDEN, ids=lambda e: config_id(e["optimizer"], e["kwargs"]))
def test_trajectory_matches_torch_golden(entry):
    kwargs = _kwargs(entry["kwargs"])
    assert_same_path(engine_trajectory(entry["optimizer"], kwargs), entry["path"])


@pytest.mark.torch
@pytest.mark.parametrize(("name", "kwargs"), CONFIGS, ids=[config_id(*c) for c in CONFIGS])
def test_trajectory_matches_live_torch(torch, name, kwargs):
    assert_same_path(engine_trajectory(name, kwargs), torch_trajectory(torch, name, kwargs))


def test_golden_covers_every_configuration():
    stored = [(e["optimizer"], _kwargs(e["kwargs"])) for e in GOLDEN]
    assert stored == [(n, dict(k)) for n, k in CONFIGS]


def test_tensor_without_gradient_is_not_stepped():
    # the tensor joins the loss at step TENSOR_JOINS: until then it keeps its starting values
    path = engine_trajectory("Adam", {"lr": 0.05})
    assert path[TENSOR_JOINS - 1][3:] == [0.5, -0.4]
    assert path[TENSOR_JOINS][3:] != [0.5, -0.4]


def test_adam_first_step_moves_each_parameter_by_lr():
    # m_hat / sqrt(v_hat) = g / |g| at step 1, so every parameter moves lr against its gradient
    x, y = Value(1.0), Value(-2.0)
    opt = Adam([x, y], lr=0.1)
    (x * 3.0 + y * y).backward()  # grads 3 and -4
    opt.step()
    assert x.data == pytest.approx(0.9, rel=1e-7)
    assert y.data == pytest.approx(-1.9, rel=1e-7)


def test_sgd_step_by_hand():
    # momentum 0.9, dampening 0.5: b1 = g1, b2 = 0.9 b1 + 0.5 g2
    x = Value(1.0)
    opt = SGD([x], lr=0.1, momentum=0.9, dampening=0.5)
    x.grad = 2.0
    opt.step()
    assert x.data == pytest.approx(1.0 - 0.1 * 2.0)
    opt.zero_grad()
    x.grad = 4.0
    opt.step()
    assert x.data == pytest.approx(0.8 - 0.1 * (0.9 * 2.0 + 0.5 * 4.0))


def test_state_belongs_to_the_optimizer():
    # two optimizers over two copies step identically: no state is shared between them
    xs, ys = [Value(1.0), Value(2.0)], [Value(1.0), Value(2.0)]
    a, b = Adam(xs, lr=0.1), Adam(ys, lr=0.1)
    for _ in range(3):
        for opt, (p, q) in ((a, xs), (b, ys)):
            opt.zero_grad()
            (p * q).backward()
            opt.step()
    assert [v.data for v in xs] == [v.data for v in ys]


def test_zero_grad_sets_value_grads_to_zero_and_tensor_grads_to_none():
    x = Value(1.0)
    t = tensor([1.0, 2.0], dtype=float64, requires_grad=True)
    (t * t).sum().backward()
    (x * 2.0).backward()
    assert t.grad is not None and x.grad == 2.0
    opt = SGD([x, t], lr=0.1)
    opt.zero_grad()
    assert x.grad == 0.0 and t.grad is None
    assert [v.grad for v in t.values()] == [0.0, 0.0]


def test_step_reads_element_gradients_of_a_tensor():
    t = tensor([1.0, -3.0], dtype=float64, requires_grad=True)
    (t * t).sum().backward()  # grad 2t
    SGD([t], lr=0.25).step()
    assert [v.data for v in t.values()] == [0.5, -1.5]


def test_nan_gradient_propagates_like_torch():
    x = Value(1.0)
    x.grad = math.nan
    opt = Adam([x], amsgrad=True)
    opt.step()
    assert math.isnan(x.data)


# --- torch's argument checks, as clear ValueErrors ---------------------------------------------


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: SGD(p, lr=-0.1), "Invalid learning rate: -0.1"),
        (lambda p: SGD(p, lr=0.1, momentum=-0.5), "Invalid momentum value: -0.5"),
        (lambda p: SGD(p, lr=0.1, weight_decay=-1), "Invalid weight_decay value: -1"),
        (lambda p: SGD(p, lr=0.1, nesterov=True), "Nesterov momentum requires a momentum"),
        (lambda p: SGD(p, lr=0.1, momentum=0.9, dampening=0.1, nesterov=True),
         "zero dampening"),
        (lambda p: SGD(p, lr=math.nan), "Invalid learning rate"),
        (lambda p: Adam(p, lr=-1e-3), "Invalid learning rate: -0.001"),
        (lambda p: Adam(p, eps=-1e-8), "Invalid epsilon value"),
        (lambda p: Adam(p, betas=(1.0, 0.999)), "Invalid beta parameter at index 0: 1.0"),
        (lambda p: Adam(p, betas=(0.9, -0.1)), "Invalid beta parameter at index 1: -0.1"),
        (lambda p: Adam(p, weight_decay=-0.1), "Invalid weight_decay value"),
        (lambda p: Adam([]), "empty parameter list"),
        (lambda p: SGD(p + p, lr=0.1), "more than once"),
    ],
)
def test_invalid_arguments_raise_value_errors(make, message):
    with pytest.raises(ValueError, match=message):
        make([Value(1.0)])


@pytest.mark.torch
def test_torch_rejects_the_same_arguments(torch):
    # the messages above are torch's own: check the oracle still says so
    p = [torch.zeros((), requires_grad=True)]
    for make, message in [
        (lambda: torch.optim.SGD(p, lr=-0.1), "Invalid learning rate: -0.1"),
        (lambda: torch.optim.SGD(p, lr=0.1, nesterov=True), "Nesterov momentum requires"),
        (lambda: torch.optim.Adam(p, betas=(1.0, 0.999)), "Invalid beta parameter at index 0"),
        (lambda: torch.optim.Adam([]), "empty parameter list"),
    ]:
        with pytest.raises(ValueError, match=message):
            make()


def test_a_single_value_is_not_a_parameter_list():
    with pytest.raises(TypeError, match="wrap it in a list"):
        SGD(Value(1.0), lr=0.1)


def test_a_non_parameter_is_a_type_error():
    with pytest.raises(TypeError, match="a Value or a tensor, got float"):
        SGD([Value(1.0), 2.0], lr=0.1)
