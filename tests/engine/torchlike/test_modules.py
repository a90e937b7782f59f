"""torch.nn's modules against torch: initialisation, forward, printing, parameters, gradients.

The module programs (tests/golden/make_modules_golden.py) must print what torch printed (the
golden file) and what live torch prints; the engine-level tests compare each module's numbers
with torch's directly, and ``class Net(nn.Module)`` is checked in the snippet language,
including that its objects never hand out the interpreter's own.
"""

import contextvars
import json

import pytest

from engine import InputError, evaluate
from engine.torchlike import generator, losses
from engine.torchlike import modules as M
from engine.torchlike import tensor as T
from tests.conftest import require_torch
from tests.golden import make_modules_golden as golden
from tests.golden.make_snippets_golden import run_snippet

GOLDEN = json.loads(golden.GOLDEN.read_text(encoding="utf-8"))["programs"]


def in_context(fn, *args):
    """Run ``fn`` with its own default generator, as an evaluation does."""
    return contextvars.copy_context().run(fn, *args)


@pytest.mark.parametrize("name", list(golden.MODULE_PROGRAMS))
def test_program_prints_as_golden(name):
    assert evaluate(golden.PROGRAMS[name], seed=0).printed == GOLDEN[name]


@pytest.mark.torch
@pytest.mark.parametrize("name", list(golden.MODULE_PROGRAMS))
def test_golden_is_what_live_torch_prints(name):
    assert run_snippet(require_torch(), "torch", golden.PROGRAMS[name]) == GOLDEN[name]


def test_golden_file_holds_every_program():
    assert set(GOLDEN) == set(golden.PROGRAMS)


# --- engine level, against live torch ------------------------------------------------------------


@pytest.mark.torch
@pytest.mark.parametrize("seed", [0, 1, 42, 2**31 + 5])
def test_linear_draws_torchs_weights_bit_for_bit(seed):
    torch = require_torch()
    sizes = [(1, 1), (3, 2), (2, 16), (16, 16), (17, 3), (100, 1), (5, 40)]
    for dtype, tdtype in ((T.float32, torch.float32), (T.float64, torch.float64)):
        def ours(dtype):
            generator.start(seed)
            return [(m.weight.tolist(), m.bias.tolist())
                    for m in [M.Linear(i, o, dtype=dtype) for i, o in sizes]]

        torch.manual_seed(seed)
        theirs = [(m.weight.tolist(), m.bias.tolist())
                  for m in [torch.nn.Linear(i, o, dtype=tdtype) for i, o in sizes]]
        assert in_context(ours, dtype) == theirs


def _modules(nn, float32):
    return [nn.Linear(3, 4, dtype=float32), nn.ReLU(), nn.LeakyReLU(0.1), nn.Sigmoid(), nn.Tanh(),
            nn.Softplus(beta=0.5, threshold=3), nn.Softmax(dim=-1), nn.LogSoftmax(dim=0),
            nn.Identity(), nn.Flatten(0)]


def _flat(t):
    return t.detach().reshape(-1).tolist()


@pytest.mark.torch
@pytest.mark.parametrize("index", range(10))
@pytest.mark.parametrize("shape", [(3,), (2, 3), (2, 5, 3)])
def test_module_forward_and_gradients_match_torch(index, shape):
    torch = require_torch()
    torch.manual_seed(index)
    m_torch = _modules(torch.nn, torch.float32)[index]
    x_torch = (torch.randn(*shape, dtype=torch.float64) * 3).requires_grad_()
    if isinstance(m_torch, torch.nn.Linear):
        m_torch.double()

    def ours():
        generator.start(index)
        m = _modules(M, T.float32)[index].double()
        x = T.tensor(x_torch.tolist(), dtype=T.float64, requires_grad=True)
        y = m(x)
        (y * T.tensor(weights.tolist(), dtype=T.float64)).sum().backward()
        return (repr(m), _flat(y), _flat(x.grad),
                [_flat(p.grad) for p in m.parameters()])

    y_torch = m_torch(x_torch)
    weights = torch.linspace(-1, 2, y_torch.numel(), dtype=torch.float64).reshape(y_torch.shape)
    (y_torch * weights).sum().backward()
    text, y, grad, param_grads = in_context(ours)
    assert text == repr(m_torch)
    assert y == pytest.approx(_flat(y_torch), rel=1e-12, abs=1e-15)
    assert grad == pytest.approx(_flat(x_torch.grad), rel=1e-12, abs=1e-15)
    for ours_grad, p in zip(param_grads, m_torch.parameters(), strict=True):
        assert ours_grad == pytest.approx(_flat(p.grad), rel=1e-12, abs=1e-15)


@pytest.mark.torch
def test_nested_print_and_names_match_torch():
    torch = require_torch()
    nn = torch.nn

    def build(nn, loss_module, float32):
        return nn.Sequential(nn.Sequential(nn.Linear(2, 3, dtype=float32), nn.Tanh()),
                             nn.Flatten(),
                             nn.Sequential(nn.Sequential(nn.Linear(3, 1, bias=False,
                                                                   dtype=float32))),
                             loss_module)

    def ours_built():
        generator.start(3)
        return build(M, losses.MSELoss(), T.float32)

    ours = in_context(ours_built)
    torch.manual_seed(3)
    theirs = build(nn, nn.MSELoss(), torch.float32)
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float32)  # as a program prints it
    try:
        state = str(theirs.state_dict())
    finally:
        torch.set_default_dtype(previous)
    assert repr(ours) == repr(theirs)
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert [n for n, _ in ours.named_modules()] == [n for n, _ in theirs.named_modules()]
    assert str(ours.state_dict()) == state


def test_zero_grad_sets_none_by_default():
    lin = in_context(M.Linear, 2, 1)
    lin(T.ones(2)).sum().backward()
    assert lin.weight.grad.tolist() == [[1.0, 1.0]]
    lin.zero_grad(set_to_none=False)
    assert lin.weight.grad.tolist() == [[0.0, 0.0]]
    lin.zero_grad()
    assert lin.weight.grad is None and lin.bias.grad is None


def test_assignment_registers_in_order_and_refuses_torchs_mistakes():
    m = M.Module()
    m.b = M.Parameter(T.zeros(1))
    m.a = in_context(M.Linear, 1, 1)
    m.c = M.Parameter(T.ones(2))
    m.plain = T.zeros(3)  # a tensor, not a Parameter: an attribute only
    assert [n for n, _ in m.named_parameters()] == ["b", "c", "a.weight", "a.bias"]
    with pytest.raises(TypeError) as info:
        m.b = T.zeros(1)
    assert str(info.value).startswith("cannot assign 'torch.FloatTensor' as parameter 'b'")
    m.b = None
    assert [n for n, _ in m.named_parameters()] == ["c", "a.weight", "a.bias"]


def test_parameter_prints_and_shares_its_data():
    data = T.tensor([1.0, 2.0])
    p = M.Parameter(data)
    assert repr(p) == "Parameter containing:\ntensor([1., 2.], requires_grad=True)"
    assert isinstance(p, T.Tensor) and p.is_leaf and p.requires_grad
    with T.no_grad():
        p.mul_(3)
    assert data.tolist() == [3.0, 6.0]  # torch's Parameter shares its tensor's storage


# --- class Net(nn.Module) in the snippet language -------------------------------------------------

NET = """\
import torch
import torch.nn as nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(2, 3)
        self.out = nn.Linear(3, 1)
        self.steps = 0

    def forward(self, x):
        self.steps += 1
        return self.out(self.hidden(x).relu())

torch.manual_seed(0)
net = Net()
"""


def test_net_class_registers_calls_and_prints_as_torch():
    source = NET + """\
y = net(torch.ones(4, 2))
print(net)
print(y)
print([n for n, p in net.named_parameters()], net.steps, isinstance(net, nn.Module))
wrapped = nn.Sequential(net, nn.Sigmoid())
print(wrapped(torch.ones(1, 2)), net.steps)
print(wrapped)
"""
    expected = run_snippet(require_torch(), "torch", source)
    assert evaluate(source, seed=0).printed == expected


@pytest.mark.parametrize("code, key", [
    ("class A(nn.Module):\n    def __init__(self):\n        self.l = nn.Linear(1, 1)\nA()",
     "nn.before_init"),
    ("class A(nn.Module):\n    pass\nA()(1)", "nn.no_forward"),
    ("class A(nn.Linear):\n    pass", "nn.module_base"),
    ("net.hidden = 3", "nn.assign_module"),
    ("net.out.weight = torch.zeros(1, 3)", "attr.read_only"),
])
def test_module_mistakes_say_what_torch_says(code, key):
    source = (NET if code.startswith("net") else "import torch\nimport torch.nn as nn\n") + code
    with pytest.raises(InputError) as info:
        evaluate(source)
    assert info.value.key == key


@pytest.mark.parametrize("attribute", ["cls", "attrs", "interpreter", "training.__class__",
                                       "forward.func", "parameters.obj", "_modules", "__dict__",
                                       "hidden._parameters"])
def test_a_module_object_hands_out_nothing_of_the_interpreter(attribute):
    with pytest.raises(InputError) as info:
        evaluate(NET + f"x = net.{attribute}\n")
    assert "interpreter" not in info.value.message.lower() or attribute == "interpreter"
    assert info.value.key in ("check.attribute", "check.underscore_attribute", "attr.missing")



# --- levels: modules and optimizers run on both; autograd.Function on the scalar level only ---


@pytest.mark.parametrize("code, printed", [
    ("print(nn.Linear(2, 1))", "Linear(in_features=2, out_features=1, bias=True)"),
    ("print(nn.Parameter(torch.ones(2)))", "Parameter containing:"),
    ("p = torch.ones(1, requires_grad=True)\np.grad = torch.ones(1)\n"
     "opt = torch.optim.SGD([p], lr=0.5)\nopt.step()\nprint(p)",
     "tensor([0.5000], requires_grad=True)"),
    ("print(torch.ones(2).addcmul_(torch.ones(2), torch.ones(2), value=2))", "tensor([3., 3.])"),
])
def test_the_tensor_level_runs_modules_and_optimizers(code, printed):
    source = "import torch\nimport torch.nn as nn\n" + code + "\n"
    tensor_run = evaluate(source, level="tensor")
    assert tensor_run.printed[0] == printed
    assert evaluate(source, level="scalar").printed == tensor_run.printed


@pytest.mark.parametrize("code, name", [
    ("class F(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, x):\n"
     "        return x\n    @staticmethod\n    def backward(ctx, g):\n        return g\n"
     "F.apply(torch.ones(1, requires_grad=True))", "torch.autograd.Function"),
])
def test_the_tensor_level_names_what_it_does_not_offer_yet(code, name):
    source = "import torch\nimport torch.nn as nn\n" + code + "\n"
    with pytest.raises(InputError) as info:
        evaluate(source, level="tensor")
    assert info.value.key == "level.unoffered" and info.value.params["name"] == name
    evaluate(source)  # both levels: the scalar level runs it


def test_a_module_program_prints_the_same_through_both_levels():
    source = golden.PROGRAMS["sequential_print_and_walk"]
    assert evaluate(source, seed=0, level="scalar").printed == GOLDEN["sequential_print_and_walk"]
    assert evaluate(source, seed=0).printed == GOLDEN["sequential_print_and_walk"]
