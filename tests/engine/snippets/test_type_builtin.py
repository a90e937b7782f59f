"""type(x), a class's or function's __name__, and the script's __name__: what Python and torch
print, and nothing of the interpreter's own objects reached through them."""

import contextlib
import io

import pytest

from engine import InputError, evaluate
from tests.engine.snippets.test_formatting import python_printed

PYTHON = [
    "try:\n    1 / 0\nexcept Exception as e:\n    print(type(e).__name__, type(e), e)",
    "try:\n    [][1]\nexcept (KeyError, IndexError) as e:\n"
    "    print(f'{type(e).__name__}: {e}')",
    "print(type(3), type(2.5), type('a'), type(True), type([1]), type((1,)), type({}), type({1}))",
    "print(type(3).__name__, int.__name__, type(3) is int, type(3) == float, type(3)('7') + 1)",
    "print(int, float, str, bool, list, tuple, dict, set)",
    "class A:\n    pass\nclass B(A):\n    pass\nb = B()\n"
    "print(type(b), type(b).__name__, type(b) is B, type(b) is A, isinstance(b, type(b)))",
    "class MyError(ValueError):\n    pass\ntry:\n    raise MyError('x')\nexcept ValueError as e:\n"
    "    print(type(e).__name__, type(e) is MyError, repr(e))",
    "def step(x):\n    return x\nprint(step.__name__, print.__name__, len.__name__)",
    "print(__name__)\nif __name__ == '__main__':\n    print('run as a script')",
    "e = type(ValueError('v'))('w')\nprint(repr(e))",
]


@pytest.mark.parametrize("source", PYTHON)
def test_type_and_names_print_what_python_prints(source):
    assert evaluate(source).printed == python_printed(source)


TORCH = [
    "import torch\nx = torch.ones(2)\nprint(type(x), type(x).__name__, type(x) == torch.Tensor)",
    "import torch\nprint(torch.Tensor, torch.FloatTensor, torch.LongTensor)",
    "import torch\nw = torch.tensor([1.0], requires_grad=True)\ny = w * 2\ny.backward()\n"
    "print(type(y), type(w.grad), type(y.item()), type(y.tolist()))",
    "import torch\ntry:\n    torch.ones(2) @ torch.ones(3)\nexcept RuntimeError as e:\n"
    "    print(type(e).__name__, type(e))",
]


@pytest.mark.parametrize("source", TORCH)
def test_type_of_tensors_prints_what_torch_prints(source, torch):
    torch.set_default_dtype(torch.float32)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "<test snippet>", "exec"), {"__name__": "__main__"})  # noqa: S102
    assert evaluate(source).printed == out.getvalue().splitlines()


@pytest.mark.parametrize("source, key", [
    ("print(type(None))", "run.type_not_offered"),
    ("import torch\nprint(type(torch.nn.Parameter(torch.ones(1))))", "run.type_not_offered"),
    ("import torch\nprint(type(torch.nn.Linear(2, 1)))", "run.type_not_offered"),
    ("class A:\n    pass\nprint(type(A))", "run.type_not_offered"),
    ("print(type(type(1)))", "run.type_not_offered"),
    ("print(type('A', (), {}))", "call.too_many"),
    ("__name__ = 'x'", "check.underscore_name"),
    ("class A:\n    pass\nprint(A().__name__)", "attr.missing"),
    ("import torch\nprint(torch.ones(1).__name__)", "attr.missing"),
    ("print(type(1).__dict__)", "check.underscore_attribute"),
    ("print(type(1).__subclasses__())", "check.underscore_attribute"),
])
def test_type_reaches_nothing_else(source, key):
    with pytest.raises(InputError) as info:
        evaluate(source)
    assert info.value.key == key
    assert info.value.message_in("zh") != info.value.message


def test_type_of_a_parameter_names_it_in_the_learners_words():
    with pytest.raises(InputError) as info:
        evaluate("import torch\np = torch.nn.Parameter(torch.ones(1))\nprint(type(p))")
    assert "type() of a Parameter" in info.value.message and info.value.line == 3
