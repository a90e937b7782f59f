"""The numbers the Losses page shows: the tutorial's, and every example's against torch."""

from dataclasses import replace

import pytest

from lessons.losses.compute import compute
from lessons.losses.state import DEFAULT_PRESET, PRESETS, state_from_params
from tests.lessons.losses.cases import CASES, example_state, torch_loss

# --- the tutorial's numbers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "preset, reduction, printed",
    [
        ("tutorial_l1", "mean", "tensor(0.6667)"),
        ("tutorial_l1", "sum", "tensor(2.)"),
        ("tutorial_mse", "mean", "tensor(1.3333)"),
        ("tutorial_mse", "sum", "tensor(4.)"),
        ("tutorial_ce", "mean", "tensor(1.1019)"),
        ("tutorial_ce", "sum", "tensor(1.1019)"),
    ],
)
def test_tutorial_examples_print_what_the_tutorial_shows(preset, reduction, printed):
    assert compute(example_state(preset, reduction)).printed == printed


def test_the_page_opens_on_the_tutorials_first_example():
    state = state_from_params({})
    assert state == PRESETS[DEFAULT_PRESET]
    assert (state.loss, state.reduction, state.shape) == ("L1Loss", "mean", (1, 1, 1, 3))
    result = compute(state)
    assert result.printed == "tensor(0.6667)"
    # d/dx mean|x - y| = sign(x - y) / 3 for x = [1, 2, 3], y = [1, 2, 5]
    assert result.grad == [[0.0, 0.0, -1 / 3]]
    assert result.elements == [0.0, 0.0, 2.0]
    assert result.element_labels == ["[0, 0, 0, 0]", "[0, 0, 0, 1]", "[0, 0, 0, 2]"]


# --- against torch ------------------------------------------------------------------------------




@pytest.mark.torch
@pytest.mark.parametrize("preset, reduction", CASES)
def test_value_elements_and_gradient_match_torch(torch, preset, reduction):
    state = example_state(preset, reduction)
    result = compute(state)
    x, loss = torch_loss(torch, state, requires_grad=True)
    expected = loss.tolist()
    if reduction == "none":
        assert result.value == pytest.approx(loss.flatten().tolist(), rel=1e-12, abs=1e-12)
    else:
        assert result.value == pytest.approx(expected, rel=1e-12)
    (loss.sum() if reduction == "none" else loss).backward()
    flat = [g for row in result.grad for g in row]
    assert flat == pytest.approx(x.grad.flatten().tolist(), rel=1e-9, abs=1e-12)
    _, per_element = torch_loss(torch, replace(state, reduction="none"))
    assert result.elements == pytest.approx(per_element.flatten().tolist(), rel=1e-12, abs=1e-12)
    # what the page prints is what torch prints in its default dtype, float32
    torch.set_default_dtype(torch.float32)
    try:
        _, printed = torch_loss(torch, state)
        assert result.printed == repr(printed)
    finally:
        torch.set_default_dtype(torch.float64)


def test_integer_data_is_refused_with_the_tutorials_advice():
    state = example_state("tutorial_l1", dtype="auto")
    with pytest.raises(ValueError, match="floating point"):
        compute(state)
    # floats typed as floats are float32 even without a dtype
    floats = example_state("tutorial_l1", dtype="auto", input=(("1.0", "2.0", "3.0"),),
                    target=(("1.0", "2.0", "5.0"),))
    assert compute(floats).printed == "tensor(0.6667)"
