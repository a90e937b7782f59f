"""The CPU is the one device: device arguments are taken and checked, a GPU is refused with a
message naming the CPU, and older tutorials' constructors and aliases work as in torch."""

import pytest

from engine import InputError, evaluate


def printed(code):
    return evaluate("import torch\n" + code).printed


@pytest.mark.parametrize("call", [
    "torch.ones(2, device='cuda')", "torch.zeros(2).to('cuda')", "torch.ones(2).cuda()",
    "torch.device('cuda')", "torch.randn(2, device='mps')", "torch.tensor([1.0], device='cuda:0')",
])
def test_a_gpu_is_refused_naming_the_cpu_in_both_languages(call):
    with pytest.raises(InputError) as err:
        evaluate(f"import torch\nx = {call}\n")
    assert err.value.line == 2 and err.value.key == "device.gpu"
    assert "this app runs on the CPU" in err.value.message
    assert "本应用只在 CPU 上运行" in err.value.message_in("zh")


def test_cpu_code_runs_as_on_a_machine_without_a_gpu():
    assert printed("d = 'cuda' if torch.cuda.is_available() else 'cpu'\n"
                   "x = torch.ones(2, device=d).to(d)\nprint(d, x.device, x.is_cuda, x.cpu())\n"
                   "print(torch.device('cpu'), torch.cuda.device_count())\n") == [
        "cpu cpu False tensor([1., 1.])", "cpu 0"]
    assert printed("print([torch.device('cpu')])\n") == ["[device(type='cpu')]"]


def test_an_unknown_device_or_a_legacy_mistake_is_explained():
    with pytest.raises(InputError) as err:
        evaluate("import torch\nx = torch.ones(2, device='gpu')\n")
    assert err.value.key == "device.unknown"
    with pytest.raises(InputError) as err:
        evaluate("import torch\nx = torch.Tensor('abc')\n")
    assert err.value.key == "tensor.legacy_args" and "torch.Tensor([1.0, 2.0])" in str(err.value)
    with pytest.raises(InputError) as err:
        evaluate("import torch\nx = torch.ones(2).sum(dim=0, axis=0)\n")
    assert err.value.key == "tensor.dim_and_axis"


def test_legacy_constructors_and_variable():
    assert printed("print(torch.Tensor(), torch.Tensor(2, 3).shape, torch.DoubleTensor([1]))\n"
                   "v = torch.autograd.Variable(torch.ones(2), requires_grad=True)\n"
                   "print(v, v.is_leaf)\n") == [
        "tensor([]) torch.Size([2, 3]) tensor([1.], dtype=torch.float64)",
        "tensor([1., 1.], requires_grad=True) True"]


@pytest.mark.parametrize("call, key", [
    ("nn.init.xavier_uniform_(torch.empty(3))", "init.fans"),
    ("nn.init.kaiming_uniform_(torch.empty(2, 2), mode='fan_up')", "init.mode"),
    ("nn.init.calculate_gain('swish')", "init.nonlinearity"),
    ("nn.init.uniform_([1.0, 2.0])", "init.tensor"),
])
def test_nn_init_mistakes_are_torchs(call, key):
    with pytest.raises(InputError) as err:
        evaluate(f"import torch\nimport torch.nn as nn\nx = {call}\n")
    assert err.value.key == key and err.value.line == 3
