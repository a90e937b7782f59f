"""backward's keywords and retain_grad, as torch has them: retain_graph is taken (the engine
keeps every graph), a retained non-leaf sums its gradients over backwards, create_graph is
refused with a message."""

import pytest

from engine import InputError, evaluate

PROGRAM = """import torch
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x * 2
y.retain_grad()
z = (y * y).sum()
z.backward(retain_graph=True)
print(y.grad, x.grad)
w = x.exp()
print(w.grad)
z2 = (w * y).mean()
z2.backward(retain_graph=True)
print(x.grad, y.grad)
y.grad = None
(y ** 3).sum().backward()
print(y.grad)
"""


def test_retained_gradients_are_torchs():
    # torch 2.13 prints these lines for PROGRAM
    assert evaluate(PROGRAM).printed == [
        "tensor([ 4.,  8., 12.]) tensor([ 8., 16., 24.])",
        "None",
        "tensor([11.6244, 30.7781, 77.5614]) tensor([ 4.9061, 10.4630, 18.6952])",
        "tensor([ 12.,  48., 108.])",
    ]


@pytest.mark.torch
def test_the_program_prints_what_torch_prints(torch, capsys):
    torch.set_default_dtype(torch.float32)
    exec(compile(PROGRAM, "<program>", "exec"), {})  # noqa: S102 - our own test program
    assert evaluate(PROGRAM).printed == capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("code, key", [
    ("y = (x * x).sum()\ny.backward(create_graph=True)", "tensor.create_graph"),
    ("torch.ones(2).retain_grad()", "tensor.retain_grad"),
])
def test_what_is_not_here_says_so(code, key):
    with pytest.raises(InputError) as err:
        evaluate("import torch\nx = torch.ones(2, requires_grad=True)\n" + code + "\n")
    assert err.value.key == key and err.value.message_in("zh") != err.value.message
