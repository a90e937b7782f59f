"""torch's float32 sigmoid, log1p, softplus, logsigmoid, log_softmax and softmax (and the
gradients of the last four), bit for bit: against the golden file recorded with real torch, and live
against torch on every size from 1 to 200, 2000 and 10**5, on one and several threads; and the
fused multiply-adds they are built of against exact fractions."""

import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from engine.torchlike.vecmath import (
    _fma,
    _fma64,
    log1p32,
    log_sigmoid32,
    log_sigmoid_backward32,
    log_softmax32,
    log_softmax_backward32,
    sigmoid32,
    softmax32,
    softmax_backward32,
    softplus32,
    softplus_backward32,
)
from tests.golden.make_vecmath_golden import recorded

from .vecmath_cases import (
    EDGES,
    FUNCTIONS,
    KINDS,
    THREADED,
    as_hex,
    engine_call,
    golden_cases,
    inputs,
    torch_call,
)

GOLDEN = json.loads((Path(__file__).resolve().parents[2] / "golden" / "vecmath_golden.json")
                    .read_text())
CASES = golden_cases()


def test_the_golden_file_holds_every_case():
    assert sorted(GOLDEN) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_kernels_give_what_torch_gave(name):
    function, kind, n, threads = CASES[name]
    assert recorded(engine_call(function, inputs(kind, n), threads)) == GOLDEN[name]


def test_the_golden_file_holds_values_a_correctly_rounded_sigmoid_misses():
    # torch's vectorised exp is not correctly rounded: some sigmoid digits differ from the
    # float64 function rounded once, and the engine must print torch's
    x = inputs("normal", 64)
    exact = (1.0 / (1.0 + np.exp(-x.astype(np.float64)))).astype(np.float32)
    assert GOLDEN["sigmoid-normal-64"] != recorded(exact)
    assert GOLDEN["sigmoid-normal-64"] == recorded(sigmoid32(x))


@pytest.mark.parametrize("function", [sigmoid32, log1p32, softplus32, log_sigmoid32])
def test_shape_is_kept_and_elements_are_taken_in_memory_order(function):
    x = inputs("normal", 2000)
    assert function(x.reshape(40, 50)).shape == (40, 50)
    assert as_hex(function(x.reshape(4, 10, 50))) == as_hex(function(x))


def test_special_values():
    x = np.array([0.0, -0.0, np.inf, -np.inf, -1.0, -2.0, 1e-45, 200.0, -200.0], np.float32)
    log1p = log1p32(x)
    assert as_hex(log1p[:5]) == "00000000 80000000 7f800000 ffffffff ff800000"
    assert np.isnan(log1p[5]) and log1p[6] == 0.0  # SLEEF's log1p flushes the smallest subnormal
    for lead in (0, 23):  # in the scalar tail, in the vector body
        sig = sigmoid32(np.concatenate([np.ones(lead, np.float32), x]))[lead:].tolist()
        assert sig[:4] + sig[6:] == [0.5, 0.5, 1.0, 0.0, 0.5, 1.0, 0.0]
        assert sig[4:6] == [pytest.approx(0.26894142), pytest.approx(0.11920292)]
        soft = softplus32(np.concatenate([np.ones(lead, np.float32), x]))[lead:].tolist()
        assert soft[2:4] + soft[7:] == [np.inf, 0.0, 200.0, 0.0]
    assert log_sigmoid32(x)[[2, 3, 7]].tolist() == [0.0, -np.inf, 0.0]


@pytest.mark.parametrize("function", [sigmoid32, log1p32, softplus32, log_sigmoid32])
def test_empty_and_zero_dimensional_arrays(function):
    assert function(np.zeros((0, 5), np.float32)).shape == (0, 5)
    scalar = function(np.array(0.25, np.float32))
    assert scalar.shape == () and scalar == function(np.full(3, 0.25, np.float32))[0]


def test_softmax_along_the_last_axis():
    x = inputs("normal", 2000).reshape(4, 5, 100)
    rows = x.reshape(20, 100)
    assert as_hex(softmax32(x)) == as_hex(np.concatenate([softmax32(r) for r in rows]))
    assert as_hex(log_softmax32(x[0, 0])) == as_hex(log_softmax32(rows[:1])[0])
    # a zero-dimensional tensor is one row of one element, as torch treats it
    assert log_softmax32(np.array(3.5, np.float32)) == 0.0
    assert softmax32(np.array(3.5, np.float32)) == 1.0
    assert softmax32(np.zeros((3, 0), np.float32)).shape == (3, 0)
    probabilities = softmax32(x).astype(np.float64).sum(axis=-1)
    assert np.allclose(probabilities, 1.0, atol=1e-6)


def test_softmax_gradients_need_one_shape():
    with pytest.raises(ValueError):
        softmax_backward32(np.ones((2, 3), np.float32), np.ones((3, 2), np.float32))
    grad, output = inputs("normal", 60).reshape(3, 4, 5), softmax32(inputs("unit", 60))
    assert log_softmax_backward32(grad, output.reshape(3, 4, 5)).shape == (3, 4, 5)


@pytest.mark.parametrize("function", [softplus_backward32, log_sigmoid_backward32])
def test_gradients_keep_the_shape(function):
    x, grad = inputs("normal", 2000), inputs("unit", 2000)
    assert function(grad.reshape(40, 50), x.reshape(40, 50)).shape == (40, 50)
    assert as_hex(function(grad.reshape(8, 250), x.reshape(8, 250))) == as_hex(function(grad, x))


def test_float32_only():
    with pytest.raises(TypeError):
        sigmoid32(np.zeros(3))


def assert_torch_bits(torch, function, x, threads=1):
    expected = torch_call(torch, function, x)
    got = engine_call(function, x, threads)
    differ = np.nonzero(expected.view(np.uint32) != got.view(np.uint32))[0]
    assert differ.size == 0, (function, x.size, x.reshape(-1)[differ[:5]], expected[differ[:5]],
                              got[differ[:5]])


@pytest.mark.torch
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_live_every_size_up_to_200(torch, function, kind):
    torch.set_num_threads(1)
    for n in range(1, 201):
        assert_torch_bits(torch, function, inputs(kind, n, seed=7))


@pytest.mark.torch
@pytest.mark.parametrize("n", [2000, 10**5])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_live_large(torch, function, kind, n):
    torch.set_num_threads(1)
    assert_torch_bits(torch, function, inputs(kind, n, seed=11))


@pytest.mark.torch
@pytest.mark.parametrize("threads", [2, 3])
@pytest.mark.parametrize("n", [32768, 32769, 65537, 10**5 + 3])
@pytest.mark.parametrize("function", THREADED)
def test_live_on_several_threads(torch, function, threads, n):
    # each thread's chunk ends in its own scalar tail, so the thread count shows in the digits
    previous = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        assert_torch_bits(torch, function, inputs("normal", n, seed=threads), threads=threads)
    finally:
        torch.set_num_threads(previous)


@pytest.mark.torch
def test_live_edges_everywhere_in_a_vector(torch):
    torch.set_num_threads(1)
    for shift in range(32):
        x = np.roll(np.resize(EDGES, 64 + 7), shift)
        for function in FUNCTIONS:
            assert_torch_bits(torch, function, x)


def exact_fma32(a, b, c):
    """a * b + c rounded once to float32, through exact fractions (ties to even)."""
    with np.errstate(all="ignore"):
        if not all(np.isfinite([a, b, c])):
            return np.float32(np.float64(a) * np.float64(b) + np.float64(c))
        exact = Fraction(float(a)) * Fraction(float(b)) + Fraction(float(c))
        if exact == 0:  # the sign of an exact zero follows IEEE's rules, as in float64
            return np.float32(np.float64(a) * np.float64(b) + np.float64(c))
        guess = np.float32(float(exact))
        if not np.isfinite(guess):
            return guess
        candidates = [np.nextafter(guess, np.float32(-np.inf)), guess,
                      np.nextafter(guess, np.float32(np.inf))]
    candidates = [f for f in candidates if np.isfinite(f)]
    return min(candidates, key=lambda f: (abs(Fraction(float(f)) - exact),
                                          int(np.array(f).view(np.uint32)) & 1))


FLOATS32 = st.floats(width=32, allow_nan=False)


@given(a=FLOATS32, b=FLOATS32, c=FLOATS32)
def test_fused_multiply_add_rounds_once(a, b, c):
    a, b, c = np.float32(a), np.float32(b), np.float32(c)
    with np.errstate(all="ignore"):
        got = _fma(np.array([a]), np.array([b]), np.array([c]))[0]
    assert np.array(got).view(np.uint32) == np.array(exact_fma32(a, b, c)).view(np.uint32) \
        or (np.isnan(got) and np.isnan(exact_fma32(a, b, c)))


@pytest.mark.parametrize("a, b, c", [
    (4097, 4099, 1e-30), (4097, 4099, -1e-30), (4097, 4099, 0.0), (4097, 4097, 1e-30),
    (1.5, 2.0**-125, 2.0**-150), (1.5, 2.0**-127, 2.0**-149), (-3.0, 2.0**-128, -2.0**-149),
    (2.0**-70, 2.0**-70, 0.0), (1.0000001, 1.0000001, -1.0000002)])
def test_fused_multiply_add_where_double_rounding_would_go_wrong(a, b, c):
    # 4097 * 4099 is an odd 25-bit integer: a float32 midpoint the float64 sum lands on exactly
    a, b, c = np.float32(a), np.float32(b), np.float32(c)
    got = _fma(np.array([a]), np.array([b]), np.array([c]))[0]
    assert np.array(got).view(np.uint32) == np.array(exact_fma32(a, b, c)).view(np.uint32)


MODERATE64 = st.floats(-1e150, 1e150) | st.floats(-1e-6, 1e-6)


@given(a=MODERATE64, b=MODERATE64, c=MODERATE64)
@example(a=3e-146, b=1e-146, c=1e-300)  # a product just above the bound
def test_float64_fused_multiply_add_rounds_once(a, b, c):
    # glibc's expf is built with fused multiply-adds; away from overflow they are emulated
    # exactly, and so are they away from products whose low half would be subnormal
    assume(a * b == 0 or abs(a * b) >= 2.0**-969)
    exact = Fraction(a) * Fraction(b) + Fraction(c)
    got = _fma64(np.array([a]), np.array([b]), np.array([c]))[0]
    assert got == float(exact) or exact == 0


def test_float64_fused_multiply_add_on_a_midpoint():
    a, b = 2.0**26 + 1, 2.0**27 + 3  # an odd 54-bit product: a float64 midpoint
    for c in (1e-300, -1e-300, 0.0):
        got = _fma64(np.array([a]), np.array([b]), np.array([c]))[0]
        assert got == float(Fraction(a) * Fraction(b) + Fraction(c))
