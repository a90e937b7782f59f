"""The small pieces the public tutorial corpus was missing, each against live torch on both
levels: ``F.one_hot``, ``%`` of tensors, ``randint``'s keywords, ``linspace`` of one step,
``.norm()``, a one-element integer tensor as a size, ``torch.add/sub/mul/div`` and ``out=``
of ``torch.matmul`` and ``torch.mul``, ``nn.LinearCrossEntropyLoss``, ``plt.subplot``, and the
memory ``t.numpy()`` and ``torch.from_numpy`` share (with ``np.add(..., out=)``).
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
    "norm": """\
import torch
torch.manual_seed(0)
x = torch.randn(3, requires_grad=True)
n = x.norm()
print(n, torch.norm(x), x.norm(p=2), x.data.norm(), x.double().norm('fro'))
n.backward()
print(x.grad)
y = x * 2
while y.data.norm() < 1000:
    y = y * 2
print(y)
""",
    "tensor_sizes": """\
import torch
torch.manual_seed(0)
n = torch.tensor([2, 3]).sum()
print(torch.randint(0, 5, (n,)), torch.zeros(n, torch.tensor([2])).shape)
print(torch.randn((torch.tensor(2), 1)).shape)
""",
    "out_and_arithmetic_functions": """\
import torch
torch.manual_seed(0)
tensor = torch.ones(4, 4)
tensor[:,1] = 0
y3 = torch.rand_like(tensor)
r = torch.matmul(tensor, tensor.T, out=y3)
z3 = torch.rand_like(tensor)
torch.mul(tensor, tensor, out=z3)
print(y3, z3, r is y3)
print(torch.mul(input=tensor, other=2.0, out=z3))
print(torch.matmul(torch.ones(3), torch.ones(3), out=torch.zeros(())))
x = torch.tensor([1.0, 2.0], requires_grad=True)
print(torch.add(x, 1), torch.sub(x, x), torch.div(x, 2), torch.mul(x, x), torch.add(x, x, alpha=2))
""",
    "linear_cross_entropy_loss": """\
import torch
import torch.nn as nn
torch.manual_seed(1)
loss = nn.LinearCrossEntropyLoss(5, 10, out_features=(4, 3), bias=True, label_smoothing=0.1)
print(loss)
x = torch.randn(2, 5, requires_grad=True)
t = torch.randint(0, 10, (2, 4, 3))
out = loss(x, t)
out.backward()
print(out, x.grad, loss.linear.weight.grad[:2, :3])
l2 = nn.LinearCrossEntropyLoss(3, 4, reduction='sum')
y = torch.randn(6, 3)
print(l2(y, torch.tensor([0, 1, 2, 3, 0, 1])), l2)
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
    "torch.mul(torch.ones(2), 2, out=torch.ones(2, requires_grad=True))":
        "RuntimeError: mul(): functions with out=... arguments don't support automatic "
        "differentiation, but one of the arguments requires grad.",
    "torch.mul(torch.ones(2, requires_grad=True), 2, out=torch.ones(2))":
        "RuntimeError: mul(): functions with out=... arguments don't support automatic "
        "differentiation, but one of the arguments requires grad.",
    "torch.tensor([1, 2]).norm()": "RuntimeError: linalg.vector_norm: Expected a floating point "
                                   "or complex tensor as input. Got Long",
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


@pytest.mark.torch
def test_norm_is_within_an_ulp_of_torchs(torch):
    """torch's norm kernel adds the squares in its own lanes; the engine's sum(x * x) is at most
    one float32 step away from it."""
    import numpy as np

    torch.set_num_threads(1)
    for n in (1, 2, 3, 5, 8, 13, 16, 17, 40, 100, 1000):
        for seed in range(5):
            torch.manual_seed(seed)
            want = np.float32(torch.randn(n, dtype=torch.float32).norm().item())
            code = f"import torch\ntorch.manual_seed({seed})\nprint(torch.randn({n}).norm().item())"
            for level in ("scalar", "tensor"):
                got = np.float32(float(engine.evaluate(code, level=level).printed[0]))
                assert abs(int(got.view(np.int32)) - int(want.view(np.int32))) <= 1, (n, seed)


@pytest.mark.torch
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_binary_cross_entropy_is_torchs_bit_for_bit(dtype, torch):
    """Its kernel calls the C library's log and log1p: the tensor level calls them too."""
    code = f"""\
import torch
import torch.nn.functional as F
torch.manual_seed(5)
p = torch.rand(3000, dtype=torch.{dtype})
t = (torch.rand(3000) > 0.5).to(torch.{dtype})
t[:5] = torch.tensor([0.0, 1.0, 0.25, 1.0, 0.0])
p[:5] = torch.tensor([0.0, 1.0, 0.5, 1e-30, 1.0])
loss = F.binary_cross_entropy(p, t, reduction='none')
mean = F.binary_cross_entropy(p, t)
"""
    from tests.golden.make_tensor_golden import one_thread

    scope = {}
    with one_thread(torch):  # and torch's default dtype, float32, as a snippet has it
        exec(code, scope)  # noqa: S102 - our test's own code, in real torch
    ev = engine.evaluate(code, level="tensor")
    assert ev.names["loss"].tolist() == scope["loss"].tolist()
    assert ev.names["mean"].item() == scope["mean"].item()


def test_out_of_another_shape_or_not_a_tensor_is_refused():
    for out, key in (("torch.ones(3)", "tensor.out_shape"), ("torch.ones(2).long()",
                     "tensor.out_shape"), ("3", "tensor.out_type")):
        with pytest.raises(engine.InputError) as info:
            engine.evaluate(f"import torch\ntorch.mul(torch.ones(2), 2, out={out})")
        assert info.value.key == key


SHARED_NUMPY = """\
import torch
t = torch.ones(5)
n = t.numpy()
t.add_(1)
print(f"t: {t}")
print(f"n: {n}")
n[0] = 7
print(t, t[1:3].numpy(), torch.ones(2, dtype=torch.long).numpy(), torch.tensor(True).numpy())
v = t[2:4]
m = v.numpy()
t.mul_(2)
print(m)
"""


FROM_NUMPY = """\
import torch
import numpy as np
n = np.ones(5)
t = torch.from_numpy(n)
np.add(n, 1, out=n)
print(f"t: {t}")
print(f"n: {n}")
t.mul_(3)
print(n, np.add(n, n), np.multiply(2, n), np.subtract(n, 1.5), np.divide(n, 4))
m = np.zeros((2, 3), dtype=np.float32)
u = torch.from_numpy(m)
np.add(m, np.array([1.0, 2.0, 3.0]), out=m)
print(u, u.dtype, torch.from_numpy(np.arange(3)))
"""


@pytest.mark.torch
def test_from_numpy_shares_the_arrays_memory_as_in_torch(torch):
    """The Tensors tutorial's other bridge: np.add(n, 1, out=n) shows in torch.from_numpy(n)."""
    expected = run_in_torch(FROM_NUMPY)
    assert expected[0] == "t: tensor([2., 2., 2., 2., 2.], dtype=torch.float64)"
    assert engine.evaluate(FROM_NUMPY).printed == expected
    for bad, key in (("np.add(np.ones(2), 1, out=np.ones(3))", "ndarray.out_shape"),
                     ("np.add(np.ones(2), 1.5, out=np.ones(2, dtype=np.int64))",
                      "ndarray.out_cast"),
                     ("np.add(np.ones(2), 1, out=[0, 0])", "ndarray.out")):
        with pytest.raises(engine.InputError) as info:
            engine.evaluate("import numpy as np\n" + bad)
        assert info.value.key == key


@pytest.mark.torch
def test_numpy_of_a_tensor_shares_its_memory_as_in_torch(torch):
    """The Tensors tutorial's bridge: t.add_(1) shows in t.numpy() (the tensor level, which
    prints; the scalar level's elements are Values, and its array is a copy)."""
    expected = run_in_torch(SHARED_NUMPY)
    assert expected[1] == "n: [2. 2. 2. 2. 2.]"
    assert engine.evaluate(SHARED_NUMPY).printed == expected
    assert engine.evaluate(SHARED_NUMPY, level="tensor").printed == expected


def test_subplot_draws_each_cell_as_a_chart_of_its_own():
    ev = engine.evaluate("""\
import matplotlib.pyplot as plt
plt.subplot(2, 1, 1)
plt.plot([1, 2, 3])
plt.subplot(212)
plt.plot([3, 2, 1], 'r--')
plt.subplot(2, 1, 1)
plt.title('first')
plt.show()
plt.plot([0, 1])
""")
    assert len(ev.plots) == 3
    assert ev.plots[0].title == "first" and ev.plots[1].title != "first"
    assert [len(plot.traces) for plot in ev.plots] == [1, 1, 1]
    for bad in ("plt.subplot(2, 1, 3)", "plt.subplot(2, 1)", "plt.subplot(1000)"):
        with pytest.raises(engine.InputError) as info:
            engine.evaluate("import matplotlib.pyplot as plt\n" + bad)
        assert info.value.key == "plot.subplot"
