"""`import numpy as np` against real numpy: its numbers, its printing and its errors, with every
array sized before it is made, one random state per evaluation, and the bridges to tensors."""

import contextlib
import io
import threading
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import InputError, evaluate
from engine.snippets import interpreter
from tests.engine.snippets.test_random_math import python_prints

_N = "import numpy as np\n"
NUMPY_SNIPPETS = [
    _N + "a = np.array([[1, 2], [3, 4]])\n"
    "print(a[0], a[:, 1], a[a > 1], a[[0, 1], [1, 0]], a[..., 0], a[None, 1].shape)\n"
    "a[0, 0] = 10\na[a > 3] = 0\na[:, 1] = [7, 8]\n"
    "print(a, a.dtype, a.shape, a.ndim, a.size, a.dtype == np.int64, a.dtype == 'float64')",
    _N + "x = np.array([1.0, 2.0, 3.0], dtype=np.float32)\n"
    "print(x * 2, x / 3, x.astype(np.float64) / 3, (x ** 2).sum(), x.mean(), x + 0.1)\n"
    "print(repr(x.sum()), repr(x.max()), repr(x.argmax()), x.tolist(), x[0].item(), repr(x))",
    _N + "np.random.seed(42)\nprint(np.random.rand(2, 3))\n"
    "print(np.random.randint(0, 10, size=5), np.random.randint(3))\n"
    "print(np.random.uniform(-1, 1, 3), np.random.normal(0, 2, (2, 2)), np.random.normal())\n"
    "p = np.random.permutation(6)\n"
    "print(p, np.random.choice(5, 3), np.random.choice([1.5, 2.5, 3.5], size=2, replace=False))\n"
    "l = [1, 2, 3, 4, 5]\nnp.random.shuffle(l)\nb = np.arange(6)\nnp.random.shuffle(b)\n"
    "print(l, b, np.random.permutation(b), np.random.choice(4, 2, p=[0.1, 0.2, 0.3, 0.4]))\n"
    "print(np.random.randn(), np.random.rand(), np.random.uniform(np.zeros(2), 2.0))",
    _N + "rng = np.random.default_rng(0)\n"
    "print(rng.random(3), rng.normal(size=2), rng.integers(0, 10, size=4), rng.integers(5))\n"
    "print(rng.normal(1.0, 0.5), rng.random(), rng.integers(1, 6, size=(2, 2), endpoint=True))",
    _N + "a = np.eye(3)\nb = np.ones((3, 2))\nv = np.arange(3.0)\n"
    "print(a @ b, np.dot(a, b), np.matmul(b.T, a), a.dot(b), v @ a, a @ v, v @ v, np.dot(2, v))\n"
    "print(np.concatenate([a, a], axis=1).shape, np.stack([b, b]).shape, np.stack([v, v], 1))\n"
    "print(np.concatenate(([1, 2], np.array([3]))), np.eye(2, 3, 1), np.eye(2, dtype=int))\n"
    "print(np.where(a > 0, 1, -1), np.where(np.array([0, 3, 0, 4])), np.where(v > 1, v, 0.5))\n"
    "print(np.ones((2, 2, 3)) @ np.ones((3, 2)), np.dot(np.ones((2, 2, 3)), np.ones((3, 4))))",
    _N + "x = np.linspace(-np.pi, np.pi, 7)\n"
    "print(np.sin(x), np.cos(x), np.exp(x), np.tanh(x), np.abs(x), np.square(x))\n"
    "print(np.sqrt(np.abs(x)), np.log(np.abs(x) + 1), np.round(x, 2), np.clip(x, -1, 1))\n"
    "print(np.maximum(x, 0), np.minimum(x, 0), np.power(x, 2), np.std(x), np.var(x, ddof=1))\n"
    "print(np.sum(x), np.mean(x), np.max(x), np.min(x), np.argmax(x), np.argmin(x))\n"
    "print(np.allclose(x, x + 1e-10), np.zeros_like(x), np.ones_like(x, dtype=int))\n"
    "print(np.log(0.0), np.sqrt(-1.0), np.log(np.zeros(2)), np.exp(1000.0), np.e, np.pi)",
    _N + "a = np.arange(12).reshape(3, 4)\n"
    "print(a.sum(axis=0), a.sum(axis=1, keepdims=True), a.max(axis=1), a.argmax(axis=0))\n"
    "print(a.flatten(), a.T.shape, a.reshape(-1, 6), np.full((2, 2), 7.5), np.arange(0, 1, 0.25))\n"
    "for row in a:\n    print(row, len(row), row.min(), row.std(), row.var())\n"
    "print(len(a), 3 in a, 100 in a, a.mean(axis=(0, 1)), a.any(), a.all(), a.copy()[0])\n"
    "print(np.arange(5), np.arange(2, 5), np.arange(5, 0, -2), np.arange(3, dtype=np.float32))\n"
    "print(np.zeros(3), np.zeros((2, 2), dtype=np.int64), np.ones(2, dtype=bool), np.ones(()))",
    _N + "a = np.array([1.5, 2.5])\n"
    "print(a.sum(), repr(a.sum()), f'{a.sum():.3f}', float(a.sum()), np.float64(2.5))\n"
    "print(repr(np.float32(0.1)), repr(np.int64(3)), np.float32(2) / 3, np.float64(1) / 0)\n"
    "print(np.float64(1.5) * a, 2 * a, a - 1, 1 - a, a / 0, -a, a // 1, a % 1, 2 ** a)\n"
    "print(np.int64(3) * [1, 2], np.float64(1.5) + [1, 2], np.int64(1) < (1, 2))\n"
    "b = a\nb += 1\nb *= 2\nprint(a, b is a, a == b, a != 3, a >= 5, a < [6, 6])\n"
    "print(f'{a}', str(a), repr(a[0]), a[0] + a[1], max(a), sum(a), list(a), abs(-a))",
    _N + "print(np.array([1, 2]) + np.array([[1], [2]]), np.array(5), repr(np.array(5)))\n"
    "x = np.zeros((2, 3))\nx[:, 0] = [1, 2]\nx[1] = 7\nprint(x, x.mean(), x.tolist())\n"
    "print(repr(np.array([], dtype=np.float64)), np.zeros((0, 3)), np.array([[1.0, 2.0]]).T)\n"
    "print(np.array([True, False]), np.array([1, 2.5]), np.array([[1, 2], [3, 4]], dtype=float))\n"
    "print(np.asarray([1, 2]), np.array(np.arange(3)), np.float32(np.arange(2)))\n"
    "print(np.array(range(4)), np.zeros(2, dtype='float'), np.zeros((3, 0)).sum(axis=0))",
    _N + "np.random.seed(0)\nx = np.random.randn(1500)\nprint(x)\nprint(x.reshape(30, 50))\n"
    "print(np.array([1e-8, 1.0]), np.array([1e20, 1.0]), np.array([0.1, 100000.0]))\n"
    "print(np.float64(1e20), np.float64(1e-5), repr(np.float64(1e16)), np.array([np.nan, np.inf]))",
    "from numpy import array, exp, random\nrandom.seed(3)\n"
    "print(exp(array([0.0, 1.0])), random.rand(2))",
    "import numpy\nimport numpy.random\nprint(numpy.zeros(2), numpy.random.seed(1), "
    "numpy.float64, numpy.random.rand())",
]


@pytest.fixture(scope="module")
def expected():
    return dict(zip(NUMPY_SNIPPETS, python_prints(NUMPY_SNIPPETS), strict=True))


@pytest.mark.parametrize("source", NUMPY_SNIPPETS, ids=range(len(NUMPY_SNIPPETS)))
def test_numpy_prints_what_numpy_prints(source, expected):
    assert evaluate(source).printed == expected[source]


def _real(source):
    """What our own generated program prints under real numpy (never a visitor's text)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), np.errstate(all="ignore"):
        exec(source, {})
    return out.getvalue().splitlines()


def _same_outcome(source):
    try:
        want = _real(source)
    except Exception as exc:  # noqa: BLE001 - numpy's error, which ours must quote
        with pytest.raises(InputError) as info:
            evaluate(source)
        assert info.value.params.get("detail") == str(exc), (source, info.value.message)
        return
    assert evaluate(source).printed == want, source


_SHAPES = [(), (1,), (3,), (2, 1), (2, 3), (1, 3), (4,), (3, 2), (2, 1, 3)]
_DTYPES = ["np.float64", "np.float32", "np.int64"]
_OPS = ["+", "-", "*", "/", "//", "%", "<", ">=", "==", "@"]


@st.composite
def _operand(draw):
    shape = draw(st.sampled_from(_SHAPES))
    n = int(np.prod(shape))
    numbers = draw(st.lists(st.integers(-4, 4) | st.sampled_from([0.5, -1.25, 2.0]),
                            min_size=n, max_size=n))
    data = np.array(numbers, dtype=float).reshape(shape).tolist()
    kind = draw(st.sampled_from(["array", "array", "scalar", "python", "list"]))
    dtype = draw(st.sampled_from(_DTYPES))
    if kind == "python" or (kind == "scalar" and not shape):
        return repr(numbers[0] if numbers else 1.5)
    if kind == "scalar":
        return f"{dtype}({numbers[0] if numbers else 2})"
    if kind == "list" and shape:
        return repr(data)
    return f"np.array({data!r}, dtype={dtype})"


@settings(max_examples=120)
@given(st.lists(st.tuples(_operand(), st.sampled_from(_OPS), _operand()), min_size=1,
                max_size=4),
       st.sampled_from(["sum()", "mean()", "max()", "T", "shape", "dtype", "tolist()", "ndim"]))
def test_random_arithmetic_and_broadcasting_match_numpy(lines, method):
    body = [f"r = {a} {op} {b}\nprint(repr(r), r, np.asarray(r).{method})"
            for a, op, b in lines]
    _same_outcome(_N + "\n".join(body))


def test_the_echo_shows_numpy_2_reprs():
    ev = evaluate(">>> import numpy as np\n>>> a = np.array([1.5, 2.0])\n>>> a.sum()\n"
                  ">>> a\n>>> a.dtype\n>>> np.float32(0.25)\n>>> a.shape\n>>> np.float64")
    want = [repr(np.float64(3.5)), repr(np.array([1.5, 2.0])), repr(np.dtype("float64")),
            repr(np.float32(0.25)), "(2,)", "<class 'numpy.float64'>"]
    assert ev.printed == want


def test_numpy_errors_quote_numpy():
    for source in (
        "np.ones(3) + np.ones(4)", "np.ones(3) @ np.ones(4)", "np.zeros(6).reshape(4, 2)",
        "np.arange(3)[5]", "bool(np.ones(2))", "np.array([[1, 2], [3]])",
        "np.zeros(3, dtype=np.int64)[0:2] += 0.5", "np.random.seed(-1)",
        "np.max(np.zeros(0))", "np.random.choice(3, 5, replace=False)", "len(np.float64(1))",
        "np.arange(0, 5, 0)", "np.ones(2)[1.5]",
    ):
        _same_outcome(_N + source)


def test_evaluation_names_hold_arrays_the_page_can_read():
    ev = evaluate(_N + "a = np.arange(4.0).reshape(2, 2)\ns = a.sum()")
    assert ev.names["a"].tolist() == [[0.0, 1.0], [2.0, 3.0]] and ev.names["s"] == 6.0


# --- one random state per evaluation, never numpy's global one ------------------------------


def test_each_evaluation_has_its_own_random_state_and_numpys_is_untouched():
    np.random.seed(123)
    state = np.random.get_state()
    seeded = _N + "np.random.seed(5)\nx = np.random.rand()"
    first, second = evaluate(seeded).names["x"], evaluate(seeded).names["x"]
    assert first == second == np.random.RandomState(5).rand()
    draws = {evaluate(_N + "x = np.random.rand()").names["x"] for _ in range(5)}
    assert len(draws) == 5 and first not in draws
    assert evaluate(_N + "x = np.random.rand()", seed=7).names["x"] == \
        evaluate(_N + "x = np.random.rand()", seed=7).names["x"]  # the page's reruns agree
    after = np.random.get_state()
    assert after[0] == state[0] and (after[1] == state[1]).all() and after[2:] == state[2:]


def test_the_scalar_rerun_draws_the_numbers_the_tensor_run_printed():
    ev = evaluate(_N + "import torch\nx = torch.tensor(np.random.rand(3))\nprint(x.tolist())")
    assert ev.printed == [str(ev.names["x"].tolist())]


def test_evaluations_in_threads_do_not_share_a_random_state():
    source = _N + "np.random.seed(11)\nxs = [np.random.rand() for i in range(200)]"
    want = np.random.RandomState(11).rand(200).tolist()
    results = []

    def run():
        results.append(evaluate(source).names["xs"])

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [want] * 4


# --- bounds: sized before numpy allocates, each a message in both languages -----------------

BOUNDS = [
    ("np.zeros(10**12)", "ndarray.too_large"),
    ("np.ones((10**6, 10**6))", "ndarray.too_large"),
    ("np.zeros((10**5, 1)) + np.zeros((1, 10**5))", "ndarray.too_large"),
    ("np.zeros((10**5, 1)) < np.zeros((1, 10**5))", "ndarray.too_large"),
    ("np.arange(0, 1e12)", "ndarray.too_large"),
    ("np.linspace(0, 1, 10**9)", "ndarray.too_large"),
    ("np.full((10**9,), 1.0)", "ndarray.too_large"),
    ("np.eye(10**6)", "ndarray.too_large"),
    ("np.random.rand(10**6, 10**6)", "ndarray.too_large"),
    ("np.random.normal(0, 1, size=10**10)", "ndarray.too_large"),
    ("np.random.uniform(np.zeros((1000, 1)), np.zeros(1000))", "ndarray.too_large"),
    ("np.random.permutation(10**12)", "ndarray.too_large"),
    ("np.random.choice(10**12, 3, replace=False)", "ndarray.too_large"),
    ("np.random.default_rng(0).random((10**6, 10**6))", "ndarray.too_large"),
    ("np.ones(10**5) @ np.ones((10**5, 10**5))", "ndarray.too_large"),
    ("np.ones((10**5, 1)) @ np.ones((1, 10**5))", "ndarray.too_large"),
    ("np.dot(np.ones((1000, 1)), np.ones((1, 1000)))", "ndarray.too_large"),
    ("a = np.zeros((1, 100000))\nb = a[np.zeros(100000, dtype=np.int64)]", "ndarray.too_large"),
    ("a = np.zeros(1000)\ni = np.zeros((1000, 1), dtype=np.int64)\nb = a[i, None][:, [0] * 1000]",
     "ndarray.too_large"),
    ("a = np.zeros(1000)\nb = a[np.arange(1000)[:, None] + np.arange(1000)]", "ndarray.too_large"),
    ("np.where(np.ones((1000, 1)), np.ones(1000), 0)", "ndarray.too_large"),
    ("np.clip(np.ones((1000, 1)), 0, np.ones(1000))", "ndarray.too_large"),
    ("np.maximum(np.ones((1000, 1)), np.ones(1000))", "ndarray.too_large"),
    ("np.allclose(np.ones((1000, 1)), np.ones(1000))", "ndarray.too_large"),
    ("np.zeros((1,) * 65)", "ndarray.dims"),
    ("np.zeros(1).reshape([1] * 65)", "ndarray.dims"),
    ("x = 1.0\nfor i in range(65):\n    x = [x]\na = np.array(x)", "ndarray.dims"),
    ("a = np.zeros(100000)\nb = np.array([a] * 2)", "limit.argument"),
    ("a = np.zeros(50000)\nb = np.array([a, a, a])", "ndarray.too_large"),
    ("a = np.zeros(50000)\nb = np.concatenate([a, a, a])", "ndarray.too_large"),
    ("a = np.zeros(300)\nb = np.zeros((300, 1))\nfor i in range(100):\n    c = a + b",
     "ndarray.budget"),
    ("xs = []\nfor i in range(100):\n    xs.append(np.zeros(100000))", "ndarray.budget"),
    ("a = np.zeros(100000)\nfor i in range(100):\n    b = a.T", "ndarray.budget"),
    ("e = [[]] * 1000\ne2 = [e] * 1000\nb = np.zeros(3) + [e2] * 1000", "limit.argument"),
    ("row = [0.0] * 1000\nb = np.zeros(3) + [row] * 1000", "ndarray.too_large"),
    ("a = np.zeros((10**7, 0)).sum(axis=1)", "ndarray.too_large"),
    ("a = np.zeros(0).reshape(10**9, 0)", "ndarray.too_large"),
    ("xs = [0] * np.int64(10**9)", "limit.items"),
    ("s = 'ab' * np.int64(10**9)", "limit.items"),
    ("a = np.array(['a'])", "ndarray.data"),
    ("a = np.array([print])", "ndarray.data"),
    ("a = np.array([1], dtype='O')", "ndarray.dtype"),
    ("a = np.zeros(3, dtype='U3')", "ndarray.dtype"),
    ("a = np.zeros(3).astype('uint8')", "ndarray.dtype"),
    ("a = np.array([1], dtype=str)", "ndarray.dtype"),
    ("a = np.zeros(3)\na[0] = 'x'", "ndarray.data"),
    ("np.random.shuffle((1, 2))", "ndarray.shuffle"),
    ("np.zeros(2.5)", "ndarray.integer"),
    ("np.arange('a')", "ndarray.number"),
]


@pytest.mark.parametrize("source, key", BOUNDS, ids=[f"{i:02d}-{k}" for i, (_, k) in
                                                      enumerate(BOUNDS)])
def test_sizes_are_refused_before_numpy_allocates(source, key):
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as info:
            evaluate(_N + source, interpreter.Limits(seconds=120.0))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert info.value.key == key, info.value.message
    assert info.value.message_in("en") != info.value.message_in("zh")
    assert peak < 100 * 2**20


def test_the_array_budget_is_a_limit_of_the_evaluation():
    source = _N + "for i in range(10):\n    a = np.zeros(1000)"
    evaluate(source)
    with pytest.raises(InputError) as info:
        evaluate(source, interpreter.Limits(arrays=5000))
    assert info.value.key == "ndarray.budget" and info.value.line == 3


def test_python_types_name_numpy_dtypes():
    ev = evaluate(_N + "a = np.zeros(2, dtype=int)\nb = np.ones(2).astype(bool)\n"
                  "c = np.array([1, 2], dtype=float)\nprint(a.dtype, b.dtype, c.dtype)\n"
                  "print(isinstance(a[0], np.int64), isinstance(1.5, np.float64))")
    assert ev.printed == ["int64 bool float64", "True False"]


# --- bridges to torch --------------------------------------------------------------------

_BRIDGES = [
    "import numpy as np\nimport torch\na = np.array([[1.0, 2.0], [3.0, 4.0]])\n"
    "t = torch.from_numpy(a)\nprint(t, t.dtype)\n"
    "print(torch.tensor(a), torch.as_tensor(a), torch.tensor(a, dtype=torch.float32))\n"
    "print(torch.tensor(np.arange(3)), torch.from_numpy(np.ones(2, dtype=np.float32)))\n"
    "print(torch.tensor(np.array([True, False])), torch.tensor(np.float64(1.5)))\n"
    "print(torch.tensor(np.zeros((0, 3))).shape, torch.as_tensor([1.5, 2.0]))\n"
    "print(torch.tensor([np.float64(1.5), 2.0]), torch.tensor([np.float32(0.5), 1.0]))\n"
    "print(torch.tensor([np.arange(2.0), np.ones(2)]), torch.tensor([np.int64(1), 2]))",
    "import numpy as np\nimport torch\nx = torch.tensor([1.5, 2.5], requires_grad=True)\n"
    "y = x * 2\nprint(y.detach().numpy(), x.detach().numpy().dtype, torch.ones(2, 3).numpy())\n"
    "print(repr(torch.zeros(2, dtype=torch.int64).numpy()), torch.ones(0, 2).numpy().shape)\n"
    "print(repr(torch.tensor(0.1).numpy()), repr(torch.tensor([0.1]).double().numpy()))\n"
    "w = torch.tensor(np.random.default_rng(0).normal(size=3), requires_grad=True)\n"
    "loss = (w ** 2).sum()\nloss.backward()\nprint(w.grad.numpy(), loss.item())",
    "import torch\nx = torch.tensor([1.5, 2.5], requires_grad=True)\nx.numpy()",
    "import torch\nimport numpy as np\ntorch.from_numpy([1, 2])",
]


@pytest.mark.torch
@pytest.mark.parametrize("source", _BRIDGES, ids=range(len(_BRIDGES)))
def test_bridges_print_what_torch_prints(torch, source):
    del torch  # the real one runs in a process of its own, with torch's default dtype
    program = (
        "import contextlib, io, traceback\nout = io.StringIO()\n"
        "try:\n    with contextlib.redirect_stdout(out):\n"
        f"        exec({source!r}, {{}})\n"
        "except Exception as exc:\n    print('raised', exc)\nprint(out.getvalue(), end='')\n"
    )
    (want,) = python_prints([program])
    for level in ("tensor", "scalar"):  # the bridges make and read tensors of either level
        if want and want[0].startswith("raised "):
            with pytest.raises(InputError) as info:
                evaluate(source, level=level)
            assert info.value.message == want[0].removeprefix("raised ")
            assert info.value.message_in("zh") != info.value.message
        else:
            assert evaluate(source, level=level).printed == want, level
