"""The scalar level's float32 gradients are torch's, bit for bit.

A float32 node of the scalar graph differentiates with torch's backward formula computed in
float32 (the op table's ``float32_grads``), sums of gradients into it round as torch's do, and a
fused kernel (log_softmax, softmax, binary cross-entropy) is differentiated in one piece as
torch's kernel does. Each program (float32_grad_cases.py) is checked against the golden file
recorded by real torch, and live against torch when it is installed; the tensor level, which
computes in float32 on numpy, is held to the same numbers.
"""

import json
from pathlib import Path

import pytest

import engine
from tests.engine.torchlike.float32_grad_cases import PROGRAMS, bits, leaves

GOLDEN = json.loads((Path(__file__).resolve().parents[2] / "golden" / "float32_grads_golden.json")
                    .read_text(encoding="utf-8"))


def _grads(source, level):
    ev = engine.evaluate(source, level=level)
    return {name: bits(t.grad.reshape(-1).tolist()) for name, t in leaves(ev.names).items()}


def test_the_golden_file_holds_every_program():
    assert set(GOLDEN) == set(PROGRAMS)
    assert all(GOLDEN[name]["source"] == source for name, source in PROGRAMS.items())


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_scalar_level_float32_gradients_are_torch_s(name):
    assert _grads(PROGRAMS[name], "scalar") == GOLDEN[name]["grads"]


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_tensor_level_float32_gradients_are_torch_s(name):
    assert _grads(PROGRAMS[name], "tensor") == GOLDEN[name]["grads"]


@pytest.mark.torch
@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_golden_is_what_torch_computes_now(name, torch):
    from tests.golden.make_float32_grads_golden import torch_grads

    assert torch_grads(PROGRAMS[name]) == GOLDEN[name]["grads"]


def test_the_cross_entropy_gradient_a_rounded_once_float64_misses():
    """torch's float32 d loss / d scores[1][2] of nn.CrossEntropyLoss: -0.2517571747303009, where
    the float64 gradient rounded once to float32 gives -0.2517572045326233."""
    ev = engine.evaluate(PROGRAMS["cross_entropy"], level="scalar")
    assert ev.names["s"].grad.tolist()[1][2] == -0.2517571747303009


def test_float64_gradients_stay_float64():
    source = PROGRAMS["cross_entropy"].replace("requires_grad=True", "dtype=torch.float64, "
                                               "requires_grad=True")
    ev = engine.evaluate(source + "print(s.grad[1, 2].item())\n", level="scalar")
    assert ev.printed == ["-0.25175717631506744"]  # torch's float64 digits
