"""Loss kernels against torch: every loss and option on a seeded grid, float32 and float64.

Each case runs the kernel's forward and backward and compares the loss, every gradient and the
grad_fn name with torch's: live when torch is installed, and with the golden file recorded
from torch (tests/golden/make_loss_kernels_golden.py) always. Kernels marked ``exact`` must
agree bit for bit; the others use transcendental steps (log, exp, sqrt) that torch computes
with its own vectorised approximations, and must agree to a few units in the last place of
the array's largest value (TOLERANCE_ULPS).
"""

import inspect
import json
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.messages import MESSAGES
from engine.torchlike import loss_kernels as lk
from tests.conftest import require_torch
from tests.engine.torchlike.loss_kernel_cases import (
    DTYPES,
    bad_cases,
    cases,
    torch_run,
    upstream,
)
from tests.golden import make_loss_kernels_golden as golden

GOLDEN = json.loads(golden.GOLDEN.read_text())
CASES = cases()
BAD = bad_cases()
TOLERANCE_ULPS = 64  # of the largest magnitude in the array; 1.4e-14 relative in float64
TORCH_LOSSES = (
    "l1_loss", "mse_loss", "huber_loss", "smooth_l1_loss", "soft_margin_loss",
    "margin_ranking_loss", "hinge_embedding_loss", "binary_cross_entropy",
    "binary_cross_entropy_with_logits", "kl_div", "poisson_nll_loss", "gaussian_nll_loss",
    "nll_loss", "cross_entropy", "multilabel_soft_margin_loss", "multi_margin_loss",
    "multilabel_margin_loss", "cosine_embedding_loss", "triplet_margin_loss",
    "triplet_margin_with_distance_loss", "ctc_loss",
)


def run_kernel(name, arrays, options):
    """The kernel's loss, one gradient per array, and grad_fn name."""
    kernel = lk.KERNELS[name]
    # a plain number (gaussian_nll_loss's var) has no shape or dtype to check
    shapes = tuple(None if a is None or isinstance(a, float) else np.shape(a) for a in arrays)
    dtypes = tuple(None if a is None or isinstance(a, float) else a.dtype for a in arrays)
    kernel.check(shapes, dtypes, **options)
    out, saved = kernel.forward(*arrays, **options)
    grads = kernel.backward(upstream(np.shape(out), out.dtype), saved)
    return out, grads, kernel.grad_fn(shapes, dtypes, **options)


def assert_agree(ours, theirs, exact, what):
    """Bit for bit (nan where nan, the sign of zero too), or within TOLERANCE_ULPS."""
    theirs = np.asarray(theirs)
    ours = np.asarray(ours)
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape, \
        f"{what}: {ours.dtype}{ours.shape} != {theirs.dtype}{theirs.shape}"
    nan = np.isnan(theirs)
    assert np.array_equal(np.isnan(ours), nan), f"{what}: nan at different places"
    if exact:
        same = (ours == theirs) & (np.signbit(ours) == np.signbit(theirs)) | nan
        assert same.all(), f"{what}: {ours[~same][:4]} != {theirs[~same][:4]}"
        return
    finite = np.isfinite(theirs)
    assert np.array_equal(ours[~finite & ~nan], theirs[~finite & ~nan]), f"{what}: infinities"
    if finite.any():
        scale = float(np.max(np.abs(theirs[finite]))) or 1.0
        err = np.max(np.abs(ours[finite].astype(np.float64) - theirs[finite]))
        assert err <= TOLERANCE_ULPS * np.finfo(theirs.dtype).eps * scale, \
            f"{what}: off by {err / scale / np.finfo(theirs.dtype).eps:.1f} ulps of the largest"


def compare(name, options, ours, theirs):
    out, grads, grad_fn = ours
    t_out, t_grads, t_grad_fn = theirs
    exact = lk.KERNELS[name].exact(**options)
    assert grad_fn == t_grad_fn
    assert_agree(out, t_out, exact, "loss")
    for array_name, g, t in zip(lk.KERNELS[name].arrays, grads, t_grads, strict=True):
        if t is None:
            assert g is None, f"{array_name}: torch gives no gradient"
            continue
        assert g is not None, f"{array_name}: torch gives a gradient"
        assert_agree(g, t, exact, f"d loss / d {array_name}")


def from_golden(record, arrays):
    dtype = next(np.asarray(a).dtype for a in arrays if a is not None)
    out = np.asarray(record["out"], dtype)
    grads = [None if g is None else np.asarray(g, np.asarray(a).dtype)
             for a, g in zip(arrays, record["grads"], strict=True)]
    return out, grads, record["grad_fn"]


@pytest.mark.parametrize(("case_id", "name", "arrays", "options"), CASES, ids=[c[0] for c in CASES])
def test_kernel_matches_golden(case_id, name, arrays, options):
    compare(name, options, run_kernel(name, arrays, options),
            from_golden(GOLDEN["cases"][case_id], arrays))


@pytest.mark.parametrize(("case_id", "name", "arrays", "options"), CASES, ids=[c[0] for c in CASES])
def test_kernel_matches_live_torch(case_id, name, arrays, options):
    torch = require_torch()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = torch_run(torch, name, arrays, options)
    compare(name, options, run_kernel(name, arrays, options), theirs)


@pytest.mark.parametrize("name", ["mse_loss", "huber_loss", "smooth_l1_loss"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_target_equal_to_its_input_gets_torchs_positive_zero(name, dtype):
    # torch's target gradient is the backward kernel of (target, input): where the two are
    # equal, target - input is +0, and so is the gradient (the negated input gradient is -0)
    x = np.array([[0.5, 1.0, -2.0]], dtype)
    y = np.array([[0.5, 2.0, -2.0]], dtype)
    arrays = (x, y, None)[:len(lk.KERNELS[name].arrays)]  # smooth l1 takes no weight
    _, (g_input, g_target, *_), _ = run_kernel(name, arrays, {"reduction": "mean"})
    assert [np.signbit(v) for v in g_target[0]] == [False, False, False]
    assert g_target[0, 0] == 0 and g_target[0, 1] > 0 and g_input[0, 1] < 0


def test_grid_covers_every_loss_and_dtype():
    covered = {(name, str(next(np.asarray(a).dtype for a in arrays if a is not None)))
               for _, name, arrays, _ in CASES}
    assert covered == {(n, d) for n in TORCH_LOSSES for d in ("float32", "float64")}
    assert set(GOLDEN["cases"]) == {c[0] for c in CASES}


@pytest.mark.parametrize(("case_id", "name", "arrays", "options"), BAD, ids=[c[0] for c in BAD])
def test_bad_arguments_raise_keyed_errors_where_torch_raises(case_id, name, arrays, options):
    assert GOLDEN["errors"][case_id] is not None  # torch raised when the golden was recorded
    with pytest.raises((ValueError, TypeError)) as info:
        run_kernel(name, arrays, options)
    assert info.value.key in MESSAGES
    assert set(MESSAGES[info.value.key]) >= {"en", "zh"}


def test_bad_arguments_raise_in_live_torch():
    torch = require_torch()
    for _, name, arrays, options in BAD:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pytest.raises((RuntimeError, ValueError, TypeError, IndexError)):
                torch_run(torch, name, arrays, options)


def test_distance_function_is_refused_with_a_message():
    x = np.zeros((2, 3), np.float32)
    shapes, dtypes = (x.shape,) * 3, (x.dtype,) * 3
    with pytest.raises(ValueError) as info:
        lk.KERNELS["triplet_margin_with_distance_loss"].check(
            shapes, dtypes, distance_function=object())
    assert info.value.key == "loss.distance_function"


# --- torch's summation order ------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_torch_sum_matches_golden(dtype):
    for n, a in golden.sum_runs(dtype).items():
        expected = np.asarray(GOLDEN["sums"][dtype][str(n)], dtype)
        assert lk.torch_sum(a) == expected, n


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_torch_sum_matches_live_torch_for_every_length_to_3000(dtype):
    torch = require_torch()
    rng = np.random.default_rng(7)
    data = (rng.standard_normal(3000) * 10).astype(dtype)
    for n in range(1, 3001):
        a = data[:n]
        assert lk.torch_sum(a) == torch.from_numpy(a).sum().numpy(), n
    rows = (rng.standard_normal((5, 777)) * 10).astype(dtype)  # each row a contiguous run
    assert np.array_equal(lk.torch_sum(rows, axis=-1), torch.from_numpy(rows).sum(-1).numpy())


def test_torch_sum_order_shows_in_float32_digits():
    # a plain left-to-right sum gives other digits: the order is what is being tested
    a = golden.sum_runs("float32")[1000]
    assert lk.torch_sum(a) == np.float32(GOLDEN["sums"]["float32"]["1000"])
    assert lk.torch_sum(a) != np.cumsum(a, dtype=np.float32)[-1]


# --- signatures -------------------------------------------------------------------------------


def test_every_signature_has_a_kernel():
    assert set(lk.SIGNATURES) == set(lk.KERNELS) == set(TORCH_LOSSES)


def _torch_params(fn, skip_self=False):
    params = list(inspect.signature(fn).parameters.values())[1 if skip_self else 0:]
    keyword_from = next((i for i, p in enumerate(params) if p.kind is p.KEYWORD_ONLY),
                        len(params))
    return [(p.name, lk.REQUIRED if p.default is p.empty else p.default) for p in params], \
        keyword_from


@pytest.mark.parametrize("name", TORCH_LOSSES)
def test_signature_matches_torch(name):
    torch = require_torch()
    sig = lk.SIGNATURES[name]
    params, keyword_from = _torch_params(getattr(torch.nn.functional, name))
    assert list(sig.params) == params
    assert sig.keyword_from == keyword_from
    module = getattr(torch.nn, sig.module)
    params, keyword_from = _torch_params(module.__init__, skip_self=True)
    assert list(sig.module_params) == params
    assert sig.module_keyword_from == keyword_from
    assert list(sig.forward) == list(inspect.signature(module.forward).parameters)[1:]


def test_legacy_pair_resolves_as_torch():
    x, y = np.zeros(3, np.float32), np.ones(3, np.float32)
    expected = {(None, None): "mean", (True, True): "mean", (False, None): "sum",
                (None, False): "none", (False, False): "none", (True, False): "none"}
    for (size_average, reduce), reduction in expected.items():
        kwargs = {} if (size_average, reduce) == (None, None) else {
            "size_average": size_average, "reduce": reduce}
        arrays, options = lk.call_function("mse_loss", (x, y), kwargs)
        assert options["reduction"] == reduction
        assert arrays[:2] == (x, y) and arrays[2] is None
    assert lk.module_options("l1_loss", (), {"reduce": False}) == {"reduction": "none"}


def test_calls_bind_as_torch():
    x, y = np.zeros(3, np.float32), np.ones(3, np.float32)
    arrays, options = lk.call_function("huber_loss", (x, y, "sum", 0.5), {})
    assert options == {"reduction": "sum", "delta": 0.5}
    arrays, options = lk.call_module("poisson_nll_loss", lk.module_options(
        "poisson_nll_loss", (False,), {}), (), {"log_input": x, "target": y})
    assert arrays == (x, y) and options["log_input"] is False
    for args, kwargs, key in [((x, y, "mean", 1.0, None, 5), {}, "call.too_many"),
                              ((x,), {}, "call.missing"),
                              ((x, y), {"margin": 1.0}, "call.unexpected_keyword"),
                              ((x, y, "sum"), {"reduction": "sum"}, "call.duplicate")]:
        with pytest.raises(TypeError) as info:
            lk.call_function("huber_loss", args, kwargs)
        assert info.value.key == key
    with pytest.raises(TypeError) as info:  # keyword-only after the three tensors
        lk.call_function("triplet_margin_with_distance_loss", (x, x, x, None), {})
    assert info.value.key == "call.too_many"


def test_kernels_stand_alone():
    # numpy, math, the C math library and the message catalogue only: no Tensor class, no
    # scalar engine
    import ast
    from pathlib import Path

    tree = ast.parse(Path(lk.__file__).read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add("." * node.level + (node.module or ""))
    assert imported == {"math", "numpy", "..messages", "."}  # from . import libm


# --- random shapes: the exact kernels stay exact ---------------------------------------------


def _random_case(name, dtype, shape, reduction, seed):
    """Arrays and options of one exact loss on a random shape."""
    rng = np.random.default_rng(seed)
    f = np.dtype(dtype)
    x = (rng.standard_normal(shape) * 3).astype(f)
    options = {"reduction": reduction}
    if name in ("l1_loss", "mse_loss", "huber_loss"):
        weight = rng.random(shape).astype(f) if seed % 2 else None
        if name == "huber_loss":
            options["delta"] = float(rng.choice([1.0, 0.3, 2.5]))
        return [x, rng.standard_normal(shape).astype(f), weight], options
    if name == "smooth_l1_loss":
        options["beta"] = float(rng.choice([1.0, 0.3, 0.0]))
        return [x, rng.standard_normal(shape).astype(f)], options
    if name == "margin_ranking_loss":
        options["margin"] = float(rng.choice([0.0, 0.5]))
        return [x, rng.standard_normal(shape).astype(f),
                np.where(rng.random(shape) < 0.5, -1.0, 1.0).astype(f)], options
    if name.startswith("triplet"):
        options.update(swap=bool(seed % 2), margin=float(rng.choice([1.0, 0.3])))
        return [x, (rng.standard_normal(shape) * 3).astype(f),
                (rng.standard_normal(shape) * 3).astype(f)], options
    if name == "hinge_embedding_loss":
        return [x, np.where(rng.random(shape) < 0.5, -1.0, 1.0).astype(f)], options
    rows = x.reshape(-1, shape[-1])  # the class losses: (N, C)
    c = rows.shape[1]
    if name == "nll_loss":
        target = rng.integers(0, c, rows.shape[0])
        options["ignore_index"] = int(rng.integers(-1, c))
        return [rows, target, rng.random(c).astype(f) if seed % 2 else None], options
    if name == "multi_margin_loss":
        options.update(p=int(rng.choice([1, 2])), margin=float(rng.choice([1.0, 0.4])))
        return [rows, rng.integers(0, c, rows.shape[0]),
                rng.random(c).astype(f) if seed % 2 else None], options
    target = np.full(rows.shape, -1, np.int64)
    for row in target:
        k = rng.integers(0, c + 1)
        row[:k] = rng.permutation(c)[:k]
    return [rows, target], options


@settings(max_examples=80, deadline=None)
@given(name=st.sampled_from(sorted(n for n in TORCH_LOSSES if lk.KERNELS[n].exact())),
       # under 32768 elements: torch splits longer sums between its threads
       dtype=st.sampled_from(DTYPES), shape=st.lists(st.integers(1, 30), min_size=1,
                                                     max_size=3).map(tuple),
       reduction=st.sampled_from(["mean", "sum", "none"]), seed=st.integers(0, 2**31))
def test_exact_kernels_match_torch_on_random_shapes(name, dtype, shape, reduction, seed):
    torch = require_torch()
    arrays, options = _random_case(name, dtype, shape, reduction, seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = torch_run(torch, name, arrays, options)
    compare(name, options, run_kernel(name, arrays, options), theirs)
