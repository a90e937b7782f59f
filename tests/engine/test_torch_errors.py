"""Errors torch words itself: each case run in real torch and on the engine gives torch's class
and torch's text, character for character; a snippet that catches it reads the same."""

import contextlib
import io

import pytest

from engine import InputError, evaluate
from engine.messages import TORCH_ERRORS, render

PRELUDE = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"
CASES = [
    # shapes
    ("torch.ones(2, 3) @ torch.ones(4, 5)", "tensor.mm_size"),
    ("torch.ones(2, 3).matmul(torch.ones(4, 5))", "tensor.mm_size"),
    ("x = torch.ones(3, 3)\nw = torch.ones(2, 4)\ny = x @ w.T", "tensor.mm_size"),
    ("torch.ones(2, 3) @ torch.ones(4)", "tensor.mv_size"),
    ("torch.ones(3) @ torch.ones(4)", "tensor.dot_size"),
    ("torch.ones(3) + torch.ones(4)", "tensor.broadcast"),
    ("torch.ones(2, 3) * torch.ones(4)", "tensor.broadcast"),
    ("torch.zeros(5, 2) - torch.zeros(3, 1)", "tensor.broadcast"),
    ("F.mse_loss(torch.ones(3), torch.ones(4))", "tensor.broadcast"),
    ("torch.ones(6).view(4, 2)", "tensor.view"),
    ("torch.ones(2, 3).reshape(5)", "tensor.view"),
    ("torch.ones(3).sum(dim=2)", "tensor.dim_range"),
    ("torch.ones(2, 2).softmax(dim=-3)", "tensor.dim_range"),
    # integer tensors where floating point data is needed
    ("F.binary_cross_entropy(torch.tensor([0.5, 0.2]), torch.tensor([1, 0]))",
     "loss.target_dtype"),
    ("nn.BCELoss()(torch.tensor([0.5]), torch.tensor([1]))", "loss.target_dtype"),
    ("F.mse_loss(torch.tensor([1, 2]), torch.tensor([1, 2]))", "tensor.not_implemented"),
    ("F.cross_entropy(torch.tensor([[1, 2]]), torch.tensor([1]))", "tensor.not_implemented"),
    ("torch.tensor([1, 2]).mean()", "tensor.mean_dtype"),
    ("F.binary_cross_entropy(torch.tensor([1, 0]), torch.tensor([1., 0.]))",
     "loss.target_dtype"),
    ("F.binary_cross_entropy_with_logits(torch.tensor([1., 0.]), torch.tensor([1, 0]))",
     "tensor.cast"),
    ("x = torch.tensor([1, 2])\nx += 0.5", "tensor.cast"),
    ("F.cross_entropy(torch.tensor([[1., 2.]]), torch.tensor([1.]))", "loss.class_dtype"),
    ("F.nll_loss(torch.tensor([[1., 2.]]), torch.tensor([1.]))", "loss.class_dtype"),
    ("F.cross_entropy(torch.tensor([[1., 2.]]), torch.tensor([[0, 1]]))",
     "loss.probability_dtype"),
    ("torch.tensor([1, 2], requires_grad=True)", "tensor.requires_grad_float"),
    # backward
    ("torch.ones(2).sum().backward()", "tensor.no_grad_fn"),
    ("x = torch.ones(2, requires_grad=True)\nwith torch.no_grad():\n    y = (x * 2).sum()\n"
     "y.backward()", "tensor.no_grad_fn"),
    ("(torch.ones(2, requires_grad=True) * 2).backward()", "tensor.backward_scalar"),
    ("w = torch.ones(2, requires_grad=True)\nw -= 0.1", "tensor.inplace_leaf"),
    # convolution networks
    ("F.conv2d(torch.ones(2, 3), torch.ones(1, 1, 2, 2))", "conv.input_dims"),
    ("F.conv2d(torch.ones(1, 3, 5, 5), torch.ones(2, 1, 3, 3))", "conv.channels"),
    ("nn.Conv2d(3, 4, 3)(torch.ones(1, 2, 5, 5))", "conv.channels"),
    ("F.conv2d(torch.ones(1, 1, 2, 2), torch.ones(2, 1, 3, 3))", "conv.kernel_size"),
    ("F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(2, 1, 3, 3), stride=2, padding='same')",
     "conv.same_strided"),
    ("F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(2, 1, 3, 3), padding='foo')",
     "conv.padding_string"),
    ("F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(2, 1, 3, 3), torch.ones(3))", "conv.bias"),
    ("F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(2, 1, 3, 3), stride=0)", "conv.stride"),
    ("F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(2, 1, 3, 3), padding=-1)",
     "conv.negative_padding"),
    ("F.conv2d(torch.ones(1, 1, 3, 3, dtype=torch.float64), torch.ones(1, 1, 2, 2))",
     "conv.dtype"),
    ("nn.Conv2d(4, 3, 3, groups=2)", "conv.module_groups"),
    ("F.max_pool2d(torch.ones(1, 1, 5, 5), 3, padding=2)", "conv.pool_padding"),
    ("F.max_pool2d(torch.ones(1, 1, 2, 2), 3)", "conv.pool_small"),
    ("F.max_pool2d(torch.ones(1, 1, 9, 9), 3, padding=2, dilation=2)",
     "conv.pool_padding_dilated"),
    ("nn.MaxPool2d(2)(torch.ones(5, 5))", "conv.pool_input"),
    ("F.embedding(torch.tensor([5]), torch.ones(3, 2))", "conv.embedding_range"),
    ("nn.Embedding(3, 2)(torch.tensor([1.]))", "conv.embedding_indices"),
    ("F.dropout(torch.ones(3), 1.5)", "conv.dropout_p"),
    ("nn.Dropout(-0.5)", "conv.dropout_p"),
    # random draws
    ("torch.empty(3).exponential_(-1.0)", "random.exponential_lambda"),
    ("torch.multinomial(torch.ones(2, 2, 2), 1)", "random.multinomial_dims"),
    ("torch.multinomial(torch.tensor([1, 2]), 1)", "random.multinomial_float"),
    ("torch.multinomial(torch.ones(3), 0)", "random.multinomial_count"),
    ("torch.multinomial(torch.ones(3), 4)", "random.multinomial_too_many"),
    ("torch.multinomial(torch.tensor([0.5, -0.1]), 1)", "random.multinomial_invalid"),
    ("torch.multinomial(torch.zeros(3), 2)", "random.multinomial_sum"),
    # one number from many
    ("torch.ones(3).item()", "tensor.item"),
    ("if torch.ones(2) > 0:\n    pass", "tensor.bool_many"),
    ("if torch.ones(0):\n    pass", "tensor.bool_empty"),
    ("len(torch.tensor(1.))", "tensor.len_0d"),
    # indexing and shapes
    ("torch.ones(2)[0, 1]", "tensor.too_many_indices"),
    ("torch.ones(2, 3)[1, 5]", "tensor.index_range"),
    ("torch.ones(3)[torch.tensor([0.5])]", "tensor.index_tensor"),
    ("torch.ones(2, 2, 2).t()", "tensor.t"),
    ("torch.ones(2, 3).flatten(1, 0)", "tensor.flatten"),
    ("torch.ones(6).view(-1, -1)", "tensor.infer_one"),
    ("torch.ones(0, 3).max(dim=0)", "tensor.reduce_dim_empty"),
    ("torch.cat([torch.tensor(1.), torch.tensor(2.)])", "tensor.cat_zero_dim"),
    ("torch.cat([])", "tensor.cat_empty"),
    ("torch.stack([])", "tensor.stack_empty"),
    ("torch.tensor([[1, 2], [3]])", "tensor.ragged"),
    ("torch.arange(0, 5, 0)", "tensor.arange_step"),
    ("torch.tensor([2]) ** -1", "tensor.negative_power"),
    ("-torch.tensor([True, False])", "tensor.bool_neg"),
    ("F.cross_entropy(torch.ones(2, 3), torch.tensor([0, 5]))", "loss.class_range"),
    # functions the tutorial corpus brought in
    ("F.one_hot(torch.tensor([1.0]))", "tensor.one_hot_dtype"),
    ("F.one_hot(torch.tensor([-1]))", "tensor.one_hot_negative"),
    ("F.one_hot(torch.zeros(0, dtype=torch.long))", "tensor.one_hot_empty"),
    ("F.one_hot(torch.tensor([3]), 2)", "tensor.one_hot_range"),
    ("torch.tensor([1, 2]) % 0", "tensor.remainder_zero"),
    ("torch.tensor([1, 2]).norm()", "tensor.norm_dtype"),
    ("torch.mul(torch.ones(2, requires_grad=True), 2, out=torch.ones(2))", "tensor.out_grad"),
    # optimizers
    ("torch.optim.SGD([torch.ones(1, requires_grad=True)], lr=-1)", "optim.negative"),
    ("torch.optim.Adam([torch.ones(1, requires_grad=True)], betas=(1.0, 0.9))", "optim.beta"),
]


def _in_torch(torch, code):
    """What real torch raises for our own case text: (its class's name, its text)."""
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float32)  # torch's default, which the snippets assume
    try:
        exec(compile(PRELUDE + code, "<case>", "exec"), {})  # noqa: S102 - our own test text
    except Exception as exc:  # noqa: BLE001 - the error is what the case is about
        return type(exc).__name__, str(exc)
    finally:
        torch.set_default_dtype(previous)
    raise AssertionError(f"torch runs {code!r}")


def _printed_by_python(torch, code):
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float32)
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, "<case>", "exec"), {})  # noqa: S102 - our own test text
    finally:
        torch.set_default_dtype(previous)
    return out.getvalue().splitlines()


def _caught(code):
    body = "".join(f"    {line}\n" for line in code.splitlines())
    return PRELUDE + f"try:\n{body}except Exception as e:\n    print(repr(e))\n    print(e)\n"


@pytest.mark.parametrize("code, key", CASES, ids=[f"{i:02d}-{k}" for i, (_, k) in
                                                  enumerate(CASES)])
def test_the_engine_raises_torchs_class_and_words(torch, code, key):
    said = _in_torch(torch, code)
    with pytest.raises(InputError) as info:
        evaluate(PRELUDE + code)
    err = info.value
    assert (err.key, err.torch) == (key, said)
    # the learner reads torch's words first, then what to do, in either language
    for lang in ("en", "zh"):
        message = err.message_in(lang)
        assert message.startswith(f"{said[0]}: {said[1]}\n\n")
        assert message.endswith(render(key, err.params, lang).split("\n\n", 1)[1])
    assert err.message_in("zh") != err.message_in("en")


@pytest.mark.parametrize("code, key", CASES, ids=[f"{i:02d}-{k}" for i, (_, k) in
                                                  enumerate(CASES)])
def test_a_snippet_that_catches_it_reads_what_torch_raises(torch, code, key):
    source = _caught(code)
    assert evaluate(source).printed == _printed_by_python(torch, source)


TENSOR_LEVEL_ONLY = {  # errors of convolutions and pooling, which the scalar level refuses
    "conv.input_dims", "conv.channels", "conv.kernel_size", "conv.same_strided",
    "conv.padding_string", "conv.bias", "conv.stride", "conv.negative_padding", "conv.dtype",
    "conv.module_groups", "conv.pool_padding", "conv.pool_small", "conv.pool_padding_dilated",
    "conv.pool_input",
}


@pytest.mark.parametrize("level", ["scalar", "tensor"])
@pytest.mark.parametrize("code, key", CASES, ids=[f"{i:02d}-{k}" for i, (_, k) in
                                                  enumerate(CASES)])
def test_each_level_raises_torchs_class_and_words(torch, code, key, level):
    with pytest.raises(InputError) as info:
        evaluate(PRELUDE + code, level=level)
    if level == "scalar" and key in TENSOR_LEVEL_ONLY:
        # convolutions and pooling run on the tensor level alone: the scalar level says so
        assert info.value.key == "level.unoffered"
        return
    assert (info.value.key, info.value.torch) == (key, _in_torch(torch, code))


def test_every_error_torch_words_has_a_case():
    assert {key for _, key in CASES} == set(TORCH_ERRORS)
