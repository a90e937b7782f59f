"""Convolution networks against torch: nn.Conv2d, MaxPool2d, AvgPool2d, Embedding, Dropout,
ModuleList and ModuleDict, F.conv2d and friends, and Tensor.bernoulli_(p).

The programs (tests/golden/make_convnets_golden.py) must print what torch printed and what live
torch prints. The kernels are compared with live torch directly: float32 convolutions to a few
float32 ulps (torch sums through oneDNN in an order of its own; here each sum is the correctly
rounded float64 sum), float64 ones to a few float64 ulps, pooling, embeddings and dropout bit for
bit. Sizes are checked before anything is allocated.
"""

import contextlib
import contextvars
import io
import json
import tracemalloc

import numpy as np
import pytest

from engine import InputError, evaluate
from engine.torchlike import conv, generator, levels, sampling
from engine.torchlike import modules as M
from engine.torchlike import numpy_tensor as NT
from engine.torchlike import tensor as T
from tests.conftest import require_torch
from tests.golden import make_convnets_golden as golden
from tests.golden.make_snippets_golden import run_snippet

GOLDEN = json.loads(golden.GOLDEN.read_text(encoding="utf-8"))["programs"]


def in_context(fn, *args):
    """Run ``fn`` with its own default generator, as an evaluation does."""
    return contextvars.copy_context().run(fn, *args)


@pytest.mark.parametrize("name", list(golden.PROGRAMS))
def test_program_prints_as_golden(name):
    assert evaluate(golden.PROGRAMS[name], seed=0).printed == GOLDEN[name]


@pytest.mark.parametrize("name", ["conv2d_forward_backward", "dropout", "embedding"])
def test_program_prints_as_golden_on_the_tensor_level(name):
    assert evaluate(golden.PROGRAMS[name], seed=0, level="tensor").printed == GOLDEN[name]


@pytest.mark.torch
@pytest.mark.parametrize("name", list(golden.PROGRAMS))
def test_golden_is_what_live_torch_prints(name):
    assert run_snippet(require_torch(), "torch", golden.PROGRAMS[name]) == GOLDEN[name]


def test_golden_file_holds_every_program():
    assert set(GOLDEN) == set(golden.PROGRAMS)


def test_the_scalar_level_leaves_convolutions_to_the_tensor_level():
    """It refuses a Conv2d as it is made, before drawing thousands of scalar weights."""
    for name in ("conv2d_forward_backward", "course_network"):
        ev = evaluate(golden.PROGRAMS[name], seed=0)
        assert ev.level == "tensor" and ev.scalar_stop == "level.unoffered"
    with pytest.raises(InputError) as info:
        evaluate(golden.PROGRAMS["pooling"], level="scalar")
    assert info.value.key == "level.unoffered" and info.value.params["name"] == "MaxPool2d"


# --- the kernels, against live torch ---------------------------------------------------------


def _ours(t, requires_grad=True):
    dtype = NT.float64 if str(t.dtype) == "torch.float64" else NT.float32
    return NT.from_array(t.detach().numpy().copy(), dtype, requires_grad)


def _assert_close(ours, theirs, ulps):
    a = ours.array().astype(np.float64)
    b = theirs.detach().numpy().astype(np.float64)
    assert a.shape == b.shape
    eps = np.finfo(theirs.detach().numpy().dtype).eps
    scale = max(np.abs(b).max(initial=0), 1.0)
    assert np.abs(a - b).max(initial=0) <= ulps * eps * scale


CONV_CASES = [
    # batch, channels, h, w, out, kernel, stride, padding, dilation, groups, bias
    (2, 3, 7, 6, 4, (3, 3), 1, 0, 1, 1, True),
    (2, 4, 7, 6, 6, (3, 2), 2, 1, 1, 2, True),
    (1, 2, 9, 9, 2, (3, 3), (2, 1), (1, 2), (2, 1), 2, False),
    (0, 2, 5, 5, 3, (3, 3), 1, "same", 1, 1, True),
    (None, 2, 5, 5, 3, (2, 4), 1, "same", (1, 2), 1, True),
    (3, 3, 8, 8, 5, (5, 5), 1, 2, 1, 1, True),
    (2, 3, 8, 8, 5, (1, 1), 3, "valid", 1, 1, True),
    (1, 1, 1, 1, 1, 1, 1, 0, 1, 1, True),
]


@pytest.mark.torch
@pytest.mark.filterwarnings("ignore:Using padding='same'")
@pytest.mark.parametrize("case", CONV_CASES)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_conv2d_forward_and_gradients_match_torch(case, dtype):
    torch = require_torch()
    n, c, h, w, o, k, s, p, d, g, bias = case
    tdtype = getattr(torch, dtype)
    torch.manual_seed(hash(case) % 1000)
    shape = (c, h, w) if n is None else (n, c, h, w)
    x = torch.randn(*shape, dtype=tdtype, requires_grad=True)
    weight = torch.randn(o, c // g, *((k, k) if isinstance(k, int) else k), dtype=tdtype,
                         requires_grad=True)
    b = torch.randn(o, dtype=tdtype, requires_grad=True) if bias else None
    y = torch.nn.functional.conv2d(x, weight, b, s, p, d, g)
    seed = torch.randn(y.shape, dtype=tdtype)
    (y * seed).sum().backward()
    xs, ws = _ours(x), _ours(weight)
    bs = _ours(b) if bias else None
    ys = conv.conv2d(xs, ws, bs, s, p, d, g)
    (ys * _ours(seed, False)).sum().backward()
    assert ys.grad_fn.name() == y.grad_fn.name()
    ulps = 16 if dtype == "float32" else 64  # torch's sums run in an order of their own
    _assert_close(ys, y, ulps)
    _assert_close(xs.grad, x.grad, ulps)
    _assert_close(ws.grad, weight.grad, ulps)
    if bias:
        _assert_close(bs.grad, b.grad, ulps)


POOL_CASES = [
    ((2, 3, 7, 6), 2, None, 0, 1, False),
    ((2, 3, 7, 6), 3, 2, 1, 1, True),
    ((3, 7, 7), (2, 3), 1, 1, 2, False),
    ((1, 2, 5, 5), 3, 2, 0, 1, True),
    ((1, 1, 6, 5), (3, 2), (2, 3), (1, 1), 1, True),
]


@pytest.mark.torch
@pytest.mark.parametrize("case", POOL_CASES)
def test_max_pool2d_matches_torch_bit_for_bit(case):
    torch = require_torch()
    shape, k, s, p, d, ceil = case
    torch.manual_seed(3)
    x = torch.randn(*shape, dtype=torch.float32).round(decimals=1).requires_grad_()  # ties
    y, idx = torch.nn.functional.max_pool2d(x, k, s, p, d, ceil_mode=ceil, return_indices=True)
    seed = torch.randn(y.shape, dtype=torch.float32)
    (y * seed).sum().backward()
    xs = _ours(x)
    ys, idx_s = conv.max_pool2d(xs, k, s, p, d, ceil, return_indices=True)
    (ys * _ours(seed, False)).sum().backward()
    assert ys.grad_fn.name() == y.grad_fn.name()
    assert ys.array().tolist() == y.tolist() and idx_s.array().tolist() == idx.tolist()
    assert xs.grad.array().tolist() == x.grad.tolist()


@pytest.mark.torch
@pytest.mark.parametrize("case", POOL_CASES)
@pytest.mark.parametrize("count_include_pad", [True, False])
@pytest.mark.parametrize("divisor_override", [None, 3])
def test_avg_pool2d_matches_torch(case, count_include_pad, divisor_override):
    torch = require_torch()
    shape, k, s, p, _, ceil = case
    torch.manual_seed(4)
    x = torch.randn(*shape, dtype=torch.float32, requires_grad=True)
    y = torch.nn.functional.avg_pool2d(x, k, s, p, ceil, count_include_pad, divisor_override)
    seed = torch.randn(y.shape, dtype=torch.float32)
    (y * seed).sum().backward()
    xs = _ours(x)
    ys = conv.avg_pool2d(xs, k, s, p, ceil, count_include_pad, divisor_override)
    (ys * _ours(seed, False)).sum().backward()
    assert ys.grad_fn.name() == y.grad_fn.name()
    assert ys.array().tolist() == y.tolist()  # each window summed in torch's order
    # overlapping windows add their shares into one input in another order: a few ulps
    _assert_close(xs.grad, x.grad, 4)


@pytest.mark.torch
@pytest.mark.parametrize("padding_idx", [None, 0, 3])
def test_embedding_matches_torch_bit_for_bit(padding_idx):
    torch = require_torch()
    torch.manual_seed(5)
    weight = torch.randn(6, 4, dtype=torch.float32, requires_grad=True)
    idx = torch.randint(0, 6, (5, 7))
    y = torch.nn.functional.embedding(idx, weight, padding_idx)
    seed = torch.randn(y.shape, dtype=torch.float32)
    (y * seed).sum().backward()
    ws = _ours(weight)
    ys = conv.embedding(NT.from_array(idx.numpy().copy(), NT.int64), ws, padding_idx)
    (ys * _ours(seed, False)).sum().backward()
    assert ys.grad_fn.name() == y.grad_fn.name()
    assert ys.array().tolist() == y.tolist()
    assert ws.grad.array().tolist() == weight.grad.tolist()  # added in the indices' order


@pytest.mark.torch
@pytest.mark.parametrize("seed", [0, 1, 42, 2**31 + 5])
def test_conv2d_and_embedding_draw_torchs_weights_bit_for_bit(seed):
    torch = require_torch()
    shapes = [(1, 2, 3), (3, 32, 5), (4, 6, (3, 2)), (2, 3, 1)]
    embeddings = [(10, 3, None), (7, 4, 2), (5, 20, -1)]

    def ours():
        generator.start(seed)
        levels.LEVEL.set(levels.TENSOR)  # Conv2d is the tensor level's alone
        convs = [M.Conv2d(i, o, k, dtype=T.float32) for i, o, k in shapes]
        grouped = M.Conv2d(4, 6, 3, groups=2, dtype=T.float64)
        embs = [M.Embedding(n, d, padding_idx=p) for n, d, p in embeddings]
        return ([(m.weight.tolist(), m.bias.tolist()) for m in convs],
                grouped.weight.tolist(), [m.weight.tolist() for m in embs])

    torch.manual_seed(seed)
    convs = [torch.nn.Conv2d(i, o, k, dtype=torch.float32) for i, o, k in shapes]
    grouped = torch.nn.Conv2d(4, 6, 3, groups=2, dtype=torch.float64)
    embs = [torch.nn.Embedding(n, d, padding_idx=p, dtype=torch.float32)
            for n, d, p in embeddings]
    theirs = ([(m.weight.tolist(), m.bias.tolist()) for m in convs], grouped.weight.tolist(),
              [m.weight.tolist() for m in embs])
    assert in_context(ours) == theirs


@pytest.mark.torch
@pytest.mark.parametrize("seed", [0, 3, 2**32 - 1])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_bernoulli_with_a_number_draws_torchs_bits(seed, dtype):
    """On a CPU without Intel's MKL path (this AMD machine; see the README) torch compares a
    float64 uniform draw with p per element."""
    torch = require_torch()
    ps = [0.0, 0.1, 0.3, 0.5, 0.77, 1.0]
    sizes = list(range(1, 101, 7)) + [100]

    def ours():
        generator.start(seed)
        out = []
        for n in sizes:
            for p in ps:
                t = NT.zeros(n, dtype=getattr(NT, dtype))
                out.append(sampling.bernoulli_(t, p).tolist())
        return out

    torch.manual_seed(seed)
    theirs = [torch.zeros(n, dtype=getattr(torch, dtype)).bernoulli_(p).tolist()
              for n in sizes for p in ps]
    assert in_context(ours) == theirs


@pytest.mark.torch
@pytest.mark.parametrize("seed", [0, 7])
@pytest.mark.parametrize("p", [0.1, 0.5, 0.9])
def test_dropout_matches_torch_bit_for_bit(seed, p):
    torch = require_torch()
    shapes = [(1,), (5,), (3, 7), (2, 3, 11), (100,)]

    inputs = [torch.linspace(-2, 3, int(np.prod(shape))).float().reshape(shape)
              for shape in shapes]

    def ours():
        generator.start(seed)
        out = []
        for x in inputs:
            x = _ours(x)
            y = M.dropout(x, p)
            y.sum().backward()
            out.append((y.tolist(), x.grad.tolist(), y.grad_fn.name()))
        return out

    torch.manual_seed(seed)
    theirs = []
    for x in inputs:
        x = x.clone().requires_grad_()
        y = torch.nn.functional.dropout(x, p)
        y.sum().backward()
        theirs.append((y.tolist(), x.grad.tolist(), y.grad_fn.name()))
    got = in_context(ours)
    for (ours_y, ours_g, ours_name), (y, g, name) in zip(got, theirs, strict=True):
        assert (ours_y, ours_g, ours_name) == (y, g, name)


# --- bounds -----------------------------------------------------------------------------------


@pytest.mark.parametrize("source, key", [
    ("x = torch.ones(64, 3, 256, 256)", "limit.tensor"),
    ("x = torch.ones(1, 1, 1, 1)\ny = F.conv2d(x, torch.ones(1, 1, 300, 300), padding=299)",
     "limit.products"),
    ("x = torch.ones(1, 1, 1, 1)\ny = F.conv2d(x, torch.ones(1, 1, 2, 2), padding=(3000, 1000),\n"
     "             dilation=(5000, 2000))", "limit.work"),
    ("x = torch.ones(1, 1, 1, 1)\ny = F.max_pool2d(x, 10**6, stride=10**6, padding=5 * 10**5)",
     "limit.work"),
    ("x = torch.ones(1, 1, 300, 300)\ny = F.conv2d(x, torch.ones(64, 1, 3, 3))",
     "limit.tensor"),
    ("x = torch.ones(1, 1, 300, 300)\ny = F.max_pool2d(x, 30, stride=1)", "limit.work"),
])
def test_a_large_convolution_is_refused_before_allocating(source, key):
    source = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n" + source
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as info:
            evaluate(source, level="tensor")
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert info.value.key == key
    assert peak < 60 * 2**20


def test_the_course_network_within_the_bounds(torch):
    """The seed course's network on its batch of 64 images (a 196,608-element input, 419M
    multiply-adds in its second convolution) runs within the app's bounds; its outputs are
    torch's to a few float32 ulps (see test_conv2d_forward_and_gradients_match_torch)."""
    source = golden.PROGRAMS["course_network"].replace("(2, 3, 32, 32)", "(64, 3, 32, 32)")
    source = source.replace("print(output)\n", "")
    ev = evaluate(source, seed=0)
    assert ev.level == "tensor" and ev.printed[-1] == "torch.Size([64, 10])"
    assert ev.printed[:-1] == GOLDEN["course_network"][:len(ev.printed) - 1]  # print(model)
    torch.set_default_dtype(torch.float32)
    env = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(source, env)  # noqa: S102 - the test's own program
    np.testing.assert_allclose(ev.names["output"].tolist(), env["output"].tolist(), rtol=1e-5,
                               atol=1e-6)


# --- module objects ---------------------------------------------------------------------------


def test_a_module_list_indexes_slices_and_iterates_as_torch():
    source = ("import torch.nn as nn\nlayers = nn.ModuleList([nn.ReLU(), nn.Tanh()])\n"
              "layers.extend([nn.Sigmoid()])\nlayers.insert(0, nn.Identity())\n"
              "print(layers[1:3])\nprint([m for m in layers], len(layers))\n"
              "layers.append(nn.Sigmoid())\nprint(layers)\n")
    assert evaluate(source).printed == [
        "ModuleList(", "  (0): ReLU()", "  (1): Tanh()", ")",
        "[Identity(), ReLU(), Tanh(), Sigmoid()] 4",
        "ModuleList(", "  (0): Identity()", "  (1): ReLU()", "  (2): Tanh()",
        "  (3-4): 2 x Sigmoid()", ")",
    ]


@pytest.mark.parametrize("code, key", [
    ("nn.Conv2d(4, 3, 3, groups=2)", "conv.module_groups"),
    ("nn.Conv2d(4, 4, 3, padding='same', stride=2)", "conv.same_strided"),
    ("nn.Conv2d(4, 4, 3, padding='full')", "conv.padding_string"),
    ("nn.Dropout(1.5)", "conv.dropout_p"),
    ("nn.Embedding(3, 2, padding_idx=3)", "nn.padding_idx"),
    ("nn.Conv2d(1, 1, 3)(torch.ones(1, 1, 2, 2))", "conv.kernel_size"),
    ("nn.ModuleList([nn.ReLU()])[3]", "nn.sequential_range"),
])
def test_module_mistakes_say_what_is_wrong(code, key):
    with pytest.raises(InputError) as info:
        evaluate("import torch\nimport torch.nn as nn\n" + code + "\n")
    assert info.value.key == key
