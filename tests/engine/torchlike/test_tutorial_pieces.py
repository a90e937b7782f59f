"""The small pieces the public tutorial corpus was missing, each against live torch on both
levels: ``F.one_hot``, ``%`` of tensors, ``randint``'s keywords, ``linspace`` of one step.
(The corpus itself, lessons/tutorials, is held to torch's goldens in tests/lessons.)"""

import pytest

import engine
from tests.golden.make_tensor_golden import run_in_torch

PROGRAMS = {
    "one_hot": """\
import torch
import torch.nn.functional as F
print(F.one_hot(torch.arange(0, 5) % 3))
print(F.one_hot(torch.arange(0, 5) % 3, num_classes=5))
print(F.one_hot(torch.arange(0, 6).view(3,2) % 3))
print(F.one_hot(torch.tensor(2), 4), F.one_hot(torch.zeros(0, dtype=torch.long), 3).shape)
""",
    "remainder": """\
import torch
a = torch.tensor([-3.5, -2.0, 0.0, 2.0, 7.25, -0.0])
print(a % 2, a % -1.5, 5 % torch.tensor([3, -3, 2]))
print(torch.tensor([-7, 7]) % torch.tensor([[2], [-2]]), (torch.arange(6) % 4).dtype)
print(torch.tensor([-3, 4]) % 2.5)
print(torch.tensor(7.0, dtype=torch.float64) % torch.tensor([0.1, 0.3]))
print(a % torch.tensor([0.0]), 7.5 % torch.tensor(2), torch.tensor([1e30, -1e-30]) % 3)
""",
    "randint_keywords": """\
import torch
torch.manual_seed(0)
print(torch.randint(low=1, high=20, size=(3, 4), dtype=torch.long))
print(torch.randint(high=5, size=(3,)), torch.randint(2, high=9, size=(2,)))
""",
    "linspace_one_step": """\
import torch
print(torch.linspace(start=-10, end=10, steps=1), torch.linspace(3, 4, 1, dtype=torch.int64))
print(torch.linspace(2.5, 7, 1, dtype=torch.float64), torch.linspace(1, 0, 1).shape)
""",
}

ERRORS = {  # torch's words for each (class and text), checked against torch too
    "F.one_hot(torch.tensor([1.0]))":
        "RuntimeError: one_hot is only applicable to index tensor of type LongTensor.",
    "F.one_hot(torch.tensor([-1]))": "RuntimeError: Class values must be non-negative.",
    "F.one_hot(torch.tensor([3]), 2)":
        "RuntimeError: Class values must be smaller than num_classes.",
    "F.one_hot(torch.zeros(0, dtype=torch.long))":
        "RuntimeError: Can not infer total number of classes from empty tensor.",
    "torch.tensor([1, 2]) % 0": "RuntimeError: ZeroDivisionError",
}
_HEAD = "import torch\nimport torch.nn.functional as F\n"


@pytest.mark.torch
@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_prints_what_torch_prints_on_both_levels(name, torch):
    expected = run_in_torch(PROGRAMS[name])
    for level in ("scalar", "tensor"):
        assert engine.evaluate(PROGRAMS[name], level=level).printed == expected, level


@pytest.mark.parametrize("code", sorted(ERRORS))
def test_errors_in_torchs_words(code):
    for level in ("scalar", "tensor"):
        with pytest.raises(engine.InputError) as info:
            engine.evaluate(_HEAD + code, level=level)
        assert info.value.message_in("en").startswith(ERRORS[code] + "\n")
        assert info.value.message_in("zh").startswith(ERRORS[code] + "\n")


@pytest.mark.torch
@pytest.mark.parametrize("code", sorted(ERRORS))
def test_torch_raises_those_words(code, torch):
    import torch.nn.functional as F

    with pytest.raises(Exception) as info:
        eval(code, {"torch": torch, "F": F})  # noqa: S307 - our test's own code
    assert f"{type(info.value).__name__}: {info.value}" == ERRORS[code]


def test_remainder_of_a_tensor_that_requires_grad_is_refused():
    with pytest.raises(engine.InputError) as info:
        engine.evaluate("import torch\nx = torch.tensor([1.5], requires_grad=True)\ny = x % 1")
    assert info.value.key == "tensor.remainder_grad"
    assert "%" in info.value.message_in("zh")
    code = ("import torch\nx = torch.tensor([1.5], requires_grad=True)\n"
            "with torch.no_grad():\n    print(x % 1)")
    assert engine.evaluate(code).printed == ["tensor([0.5000])"]
