"""gradcheck: finite differences against autograd; kinks and inf reported; graph intact."""

import math

import pytest

from engine import Value
from engine.autograd.gradcheck import GradcheckRow, gradcheck, relative_error, rerun_forward
from engine.autograd.ops import Op
from engine.autograd.value import topological_order


def _neuron():
    x1, x2 = Value(2.0, "x1"), Value(0.0, "x2")
    w1, w2 = Value(-3.0, "w1"), Value(1.0, "w2")
    b = Value(6.8813735870195432, "b")
    return (x1 * w1 + x2 * w2 + b).tanh(), (x1, x2, w1, w2, b)


def test_one_row_per_leaf_with_both_gradients():
    out, leaves = _neuron()
    rows = gradcheck(out)
    assert {id(r.leaf) for r in rows} == {id(v) for v in leaves}
    by_label = {r.label: r for r in rows}
    assert by_label["x1"].autograd == pytest.approx(-1.5)
    assert by_label["w1"].autograd == pytest.approx(1.0)
    assert by_label["x2"].numeric == pytest.approx(0.5, rel=1e-6)
    assert by_label["w2"].numeric == pytest.approx(0.0, abs=1e-9)
    assert all(r.ok and r.note is None for r in rows)
    assert all(r.rel_error < 1e-6 for r in rows)
    assert by_label["x1"].value == 2.0


def test_rows_follow_graph_order_and_constants_are_not_rows():
    x, y = Value(1.5, "x"), Value(-0.5, "y")
    out = (x * 3.0 + y).exp() * x
    rows = gradcheck(out)
    order = [v for v in topological_order(out) if not v.op]
    assert [r.leaf for r in rows] == order
    assert len(rows) == 2


def test_a_leaf_used_twice_is_one_row_with_the_whole_derivative():
    x = Value(3.0, "x")
    (row,) = gradcheck(x * x)
    assert row.autograd == 6.0
    assert row.numeric == pytest.approx(6.0, rel=1e-8)


def test_relu_at_its_kink_is_reported_not_raised():
    x = Value(0.0, "x")
    (row,) = gradcheck(x.relu())
    assert row.autograd == 0.0  # torch's convention
    assert row.numeric == pytest.approx(0.5)  # (eps - 0) / 2 eps
    assert not row.ok
    assert "kink" in row.note.text() and "0 on the left and 1 on the right" in row.note.text()


def test_abs_at_zero_agrees_but_is_flagged_as_a_kink():
    x = Value(0.0, "x")
    (row,) = gradcheck(x.abs())
    assert row.autograd == 0.0 and row.numeric == 0.0 and row.ok
    assert "kink" in row.note.text()


def test_smooth_points_carry_no_note():
    x = Value(0.3, "x")
    (row,) = gradcheck((x * x).sin() + x.sigmoid() + (x + 1.0).log())
    assert row.ok and row.note is None


def test_non_finite_values_are_reported():
    x = Value(0.0, "x")
    (row,) = gradcheck(x.sqrt())  # sqrt'(0) = inf; sqrt(-eps) = nan
    assert row.autograd == math.inf
    assert math.isnan(row.numeric)
    assert not row.ok and "non-finite" in row.note.text()


def test_log_of_zero_does_not_crash():
    x = Value(0.0, "x")
    (row,) = gradcheck(x.log() * 2.0)
    assert "non-finite" in row.note.text()


def test_a_wrong_derivative_is_caught():
    # an op whose table entry has the wrong derivative (d/dx x^3 written as 2x)
    cube = Op("cube", "cube", "CubeBackward0", lambda x: x**3, (lambda x, out: 2 * x,), "{0}^3")
    x = Value(1.5, "x")
    out = Value(cube.forward(x.data), "", cube, x)
    (row,) = gradcheck(out)
    assert row.autograd == 3.0
    assert row.numeric == pytest.approx(3 * 1.5**2, rel=1e-8)
    assert not row.ok and row.rel_error > 0.1


def test_eps_too_small_for_a_large_value_is_explained():
    x = Value(1e12, "x")
    (row,) = gradcheck(x * 2.0, eps=1e-6)
    assert "precision" in row.note.text()


def test_graph_is_left_as_it_was():
    out, _ = _neuron()
    nodes = topological_order(out)
    out.backward()
    out.backward()  # leaves accumulate: their grads are now twice d(out)/d(leaf)
    before = [(v.data, v.grad) for v in nodes]
    gradcheck(out)
    assert [(v.data, v.grad) for v in nodes] == before


def test_data_is_restored_even_if_a_forward_raises():
    class Boom(Exception):
        pass

    def explode(x):
        raise Boom

    op = Op("boom", "boom", "BoomBackward0", explode, (lambda x, out: 1.0,), "boom({0})")
    x = Value(2.0, "x")
    y = x * 3.0
    out = Value(1.0, "", op, y)
    with pytest.raises(Boom):
        gradcheck(out)
    assert (x.data, y.data, out.data) == (2.0, 6.0, 1.0)


def test_rerun_forward_recomputes_from_changed_leaves():
    x = Value(2.0)
    y = (x * x + 1.0).log()
    order = topological_order(y)
    x.data = 3.0
    assert rerun_forward(order) == pytest.approx(math.log(10.0))
    assert y.data == pytest.approx(math.log(10.0))


def test_relative_error_handles_zero_infinity_and_nan():
    assert relative_error(0.0, 0.0) == 0.0
    assert relative_error(math.inf, math.inf) == 0.0
    assert relative_error(1.0, 1.1) == pytest.approx(0.1 / 1.1)
    assert math.isnan(relative_error(math.nan, 1.0))
    assert relative_error(math.inf, 1.0) == math.inf
    assert relative_error(math.inf, -math.inf) == math.inf


def test_rows_are_immutable_records():
    (row,) = gradcheck(Value(1.0, "x").exp())
    assert isinstance(row, GradcheckRow)
    with pytest.raises(AttributeError):
        row.ok = False
