"""Tensor printing against torch: the committed golden file and live torch on random tensors."""

import json
import math
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import optim
from engine.torchlike import tensor as T
from engine.torchlike.printing import format_tensor
from tests.conftest import require_torch
from tests.golden import make_printing_golden as golden

GOLDEN = json.loads(golden.GOLDEN.read_text())
CASES = GOLDEN["cases"]
PROGRAMS = GOLDEN["programs"]
OURS = SimpleNamespace(tensor=T.tensor, no_grad=T.no_grad, SGD=optim.SGD)


def make_ours(case):
    """The golden case's tensor in our engine."""
    dtype = T.DTYPES[case["dtype"]]
    if case["data"]:
        t = T.tensor(case["data"], dtype=dtype).reshape(case["shape"])
    else:
        t = T.zeros(*case["shape"], dtype=dtype)
    if case["requires_grad"]:
        t.requires_grad_()
    op = case["op"]
    if op == "mul2":
        t = t * 2
    elif op in ("mean", "sum", "exp"):
        t = getattr(t, op)()
    return t


def case_id(case):
    return f"{case['dtype']}-{'x'.join(map(str, case['shape'])) or 'scalar'}-{case['op']}"


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_prints_as_golden(case):
    assert repr(make_ours(case)) == case["repr"]


def test_golden_covers_the_formatter_branches():
    reprs = [c["repr"] for c in CASES]
    assert any("e-05" in r for r in reprs)  # scientific notation
    assert any("..." in r for r in reprs)  # summarisation
    assert any("\n       grad_fn" in r or "\n       requires_grad" in r for r in reprs)  # wrapped
    assert any("dtype=torch.float64" in r for r in reprs)
    assert any("size=(0, 3)" in r for r in reprs)


@pytest.mark.torch
@pytest.mark.parametrize("case", CASES[::5], ids=[case_id(c) for c in CASES[::5]])
def test_prints_as_live_torch(torch, case):
    assert repr(make_ours(case)) == golden.torch_repr(torch, case)


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_program_prints_as_golden(name):
    assert golden.PROGRAMS[name](OURS) == PROGRAMS[name]


@pytest.mark.torch
@pytest.mark.parametrize("name", list(golden.PROGRAMS))
def test_program_prints_as_live_torch(torch, name):
    assert golden.PROGRAMS[name](OURS) == golden.torch_program(torch, name)


def test_programs_show_float32_residues_and_results_printed_after_updates():
    assert set(PROGRAMS) == set(golden.PROGRAMS)
    # float64 would print (w * 3 + b - 7) ** 2 at w = 2.2, b = 0.4 as 7.8886e-31
    assert PROGRAMS["residue"][1] == "tensor(2.2737e-13, grad_fn=<PowBackward0>)"
    assert PROGRAMS["printed_after_manual_update"][0] == PROGRAMS["residue"][1]
    assert PROGRAMS["printed_after_optimizer_step"][0] == PROGRAMS["residue"][1]
    assert PROGRAMS["printed_after_descent"][0] == "tensor(145., grad_fn=<MeanBackward0>)"


# random tensors: magnitudes spread so integer mode, fixed and scientific notation all occur
finite = st.one_of(
    st.integers(-300, 300).map(float),
    st.floats(-1e3, 1e3, allow_nan=False),
    st.floats(-1e-3, 1e-3, allow_nan=False),
    st.floats(-1e12, 1e12, allow_nan=False),
)
special = st.sampled_from([math.inf, -math.inf, math.nan, 0.0, -0.0])
elements = st.one_of(finite, finite, finite, special)
shapes = st.lists(st.integers(1, 5), min_size=0, max_size=3)


@pytest.mark.torch
@settings(max_examples=150, deadline=None)
@given(shape=shapes, data=st.data(), dtype=st.sampled_from(["float32", "float64", "int64"]),
       requires_grad=st.booleans())
def test_random_tensors_print_as_torch(shape, data, dtype, requires_grad):
    torch = require_torch()
    n = math.prod(shape)
    if dtype == "int64":
        values = data.draw(st.lists(st.integers(-10**6, 10**6), min_size=n, max_size=n))
    else:
        values = data.draw(st.lists(elements, min_size=n, max_size=n))
    case = {"data": values, "shape": shape, "dtype": dtype,
            "requires_grad": requires_grad and dtype != "int64", "op": None}
    assert repr(make_ours(case)) == golden.torch_repr(torch, case)


def test_format_tensor_wraps_long_rows_at_80_columns():
    text = format_tensor([float(i) + 0.5 for i in range(20)], (20,), True)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert text.startswith("tensor([ 0.5000,  1.5000,")
    assert text.splitlines()[1].startswith("        ")  # continuation under the first element


def test_format_tensor_integer_mode_and_empty():
    assert format_tensor([1.0, 2.0], (2,), True) == "tensor([1., 2.])"
    assert format_tensor([], (0,), True) == "tensor([])"
    assert format_tensor([1, 2, 5], (3,), False) == "tensor([1, 2, 5])"
