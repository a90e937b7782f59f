"""The generated PyTorch program: the tutorial's code, every option, and torch runs it."""


import pytest

import engine
from lessons.losses.code import pytorch_code
from lessons.losses.compute import compute
from lessons.losses.state import PRESETS
from lessons.losses.teaching import integer_snippet
from tests.lessons.losses.cases import CASES, example_state, printed_by_torch

# --- the PyTorch code ---------------------------------------------------------------------------


def test_code_of_the_first_example_is_the_tutorials():
    code = pytorch_code(PRESETS["tutorial_l1"])
    assert code.startswith(
        "import torch\n"
        "from torch.nn import L1Loss\n"
        "\n"
        "input = torch.tensor([1, 2, 3], dtype=torch.float32)\n"
        "target = torch.tensor([1, 2, 5], dtype=torch.float32)\n"
        "input = torch.reshape(input, (1, 1, 1, 3))\n"
        "target = torch.reshape(target, (1, 1, 1, 3))\n"
        "loss_fn = L1Loss(reduction='mean')\n"
        "loss = loss_fn(input, target)\n"
        "print(loss)\n"
    )
    assert "torch.tensor([1, 2, 3])\n" in integer_snippet(False)
    assert "dtype=torch.float32" in integer_snippet(True)


def test_code_writes_every_option():
    state = example_state("ce_batch", "none", ignore_index=2, label_smoothing=0.1)
    code = pytorch_code(state)
    assert (
        "loss_fn = CrossEntropyLoss(reduction='none', weight=torch.tensor([1.0, 2.0, 0.5], "
        "dtype=torch.float32), ignore_index=2, label_smoothing=0.1)"
    ) in code
    assert "target = torch.tensor([0, 2, 2])" in code
    assert "loss.sum().backward()" in code


@pytest.mark.torch
def test_the_code_runs_in_torch_and_prints_what_the_page_shows(torch, tmp_path):
    """Every preset x reduction's program, run by real torch: its output is the engine's."""
    states = [example_state(p, r) for p, r in CASES]
    outputs = printed_by_torch(tmp_path, map(pytorch_code, states))
    for state, output in zip(states, outputs, strict=True):
        assert output.startswith(compute(state).printed + "\n"), state
        assert output.splitlines() == engine.evaluate(pytorch_code(state)).printed, state
