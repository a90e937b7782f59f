"""Did you mean: a mistyped name, attribute or keyword names the closest one, in both languages,
and for names the same one Python's own traceback suggests."""

import subprocess
import sys

import pytest

from engine import InputError, evaluate
from engine.snippets import namespaces
from engine.snippets.suggest import MAX_CANDIDATES, closest, respelled


def python_suggestion(code):
    """The name Python suggests for the NameError ``code`` raises (our own test text), as its
    traceback prints it."""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=False)
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("NameError"), run.stderr
    return last.split("Did you mean: '")[1].split("'")[0]


@pytest.mark.parametrize(("code", "name"), [
    ("loss_fn = 1\nprint(los_fn)", "los_fn"),
    ("print(lenn([1]))", "lenn"),
    ("learning_rate = 0.1\nw = 2.0\nw = w - learing_rate * 0.5", "learing_rate"),
    ("total = 0\nfor step in range(3):\n    total = total + stepp", "stepp"),
    ("xs = [1, 2]\nys = [x * 2 for x in xss]", "xss"),
])
def test_an_undefined_name_suggests_what_python_suggests(code, name):
    with pytest.raises(InputError) as info:
        evaluate(code)
    err = info.value
    close = python_suggestion(code)
    assert err.key == "run.undefined_close"
    assert err.message == f"name '{name}' is not defined; did you mean '{close}'?"
    assert err.message_in("zh") == f"名字 '{name}' 没有定义；你是不是想写 '{close}'？"


@pytest.mark.parametrize(("code", "key", "message"), [
    ("import torch\nx = torch.tensr([1.0])", "check.attribute_close",
     "`.tensr` is not available here; did you mean `.tensor`?"),
    ("import torch\nx = torch.ones(2)\ng = x.gard", "check.attribute_close",
     "`.gard` is not available here; did you mean `.grad`?"),
    ("import torch\nx = torch.ones(2, requires_gard=True)", "call.unexpected_keyword_close",
     "torch.ones() got an unexpected keyword argument 'requires_gard'; did you mean "
     "'requires_grad'?"),
    ("import torch\nx = torch.ones(2)\ns = x.sum(dimm=0)", "call.unexpected_keyword_close",
     "x.sum() got an unexpected keyword argument 'dimm'; did you mean 'dim'?"),
    ("import torch.nn as nn\nf = nn.L1loss()", "check.attribute_close",
     "`.L1loss` is not available here; did you mean `.L1Loss`?"),
    ("import torch.nn.functional as F\nf = F.L1Loss()", "attr.module_member_close",
     "torch.nn.functional.L1Loss is not available here; did you mean "
     "torch.nn.functional.l1_loss?"),
    ("import torch\nx = torch.einsum(3)", "check.attribute",
     "`.einsum` is not available here"),  # torch offers nothing close
    ("x = nn.Transformer()", "check.attribute",
     "`.Transformer` is not available here"),  # nn. as a docstring writes it, without its import
    ("import torch\nx = torch.acos(torch.ones(1))", "attr.module_member",
     "torch.acos is not available here; torch offers: " + ", ".join(
         sorted(namespaces.TORCH.members))),  # a real name elsewhere is no typo of torch.cos
    ("import torch\nx = torch.ones(2)\nd = x.layers", "attr.missing",
     "Tensor has no attribute 'layers' here"),
    ("x = Value(2.0)\ny = x.tanhh()", "check.attribute_close",
     "`.tanhh` is not available here; did you mean `.tanh`?"),
    ("m = MLP(2, [1], seed=0)\nl = m.Layers", "check.attribute_close",
     "`.Layers` is not available here; did you mean `.layers`?"),
])
def test_a_mistyped_attribute_or_keyword_suggests_the_close_name(code, key, message):
    with pytest.raises(InputError) as info:
        evaluate(code)
    assert (info.value.key, info.value.message) == (key, message)
    assert "你是不是想写" in info.value.message_in("zh") or not key.endswith("_close")


def test_a_name_like_nothing_defined_gets_no_suggestion():
    with pytest.raises(InputError) as info:
        evaluate("x = 1\nprint(qqqqq)")
    assert info.value.key == "run.undefined"
    with pytest.raises(InputError) as info:
        evaluate("import torch\nx = torch.ones(2)\nx.nrm()")
    assert info.value.key in ("check.attribute", "check.attribute_close")


def test_closest_is_bounded_in_names_and_length():
    assert closest("a" * 65, ["a" * 64]) is None
    assert closest("loss", ["_loss", "loss"]) is None  # private names and the name itself
    many = [f"name{i}" for i in range(MAX_CANDIDATES + 10)]
    assert closest(f"name{MAX_CANDIDATES + 5}x", many) != f"name{MAX_CANDIDATES + 5}"
    assert closest("los_fn", ["loss_fn", "lr"]) == "loss_fn"
    assert respelled("huber_loss", ["HuberLoss", "L1Loss"]) == "HuberLoss"
    assert respelled("acos", ["cos"]) is None


def test_every_listed_attribute_gets_its_own_close_name():
    with pytest.raises(InputError) as info:
        evaluate("import torch\nx = torch.tensr([1.0])\ny = x.gard\nz = torch.nn.MSEloss")
    listed = [(line, col, m.key, m.params.get("close")) for line, col, m in info.value.problems]
    assert listed == [
        (2, 5, "check.attribute_close", "tensor"),
        (3, 5, "check.attribute_close", "grad"),
        (4, 5, "check.attribute_close", "MSELoss"),  # among torch.nn's members
    ]
    assert info.value.message_in("zh") == "这里没有 `.tensr`；你是不是想写 `.tensor`？"
