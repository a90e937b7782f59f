"""viz.descent: the figures hold the numbers they are given, drawn the way a learner reads them."""

import numpy as np
import pytest

from viz.descent import (
    MAX_ZOOM_OUT,
    boundary_figure,
    contour_figure,
    curve_figure,
    fit_figure,
    grid,
    loss_figure,
    view_window,
)


def _by_name(fig, name):
    return [trace for trace in fig.data if trace.name == name]


def test_grid_covers_the_window_row_by_row():
    gx, gy, points = grid(((-1, 1), (0, 4)), resolution=5)
    assert gx.tolist() == [-1, -0.5, 0, 0.5, 1] and gy.tolist() == [0, 1, 2, 3, 4]
    assert points.shape == (25, 2)
    assert points[:5, 1].tolist() == [0] * 5 and points[:5, 0].tolist() == gx.tolist()


def test_view_window_grows_to_show_a_path_but_not_forever():
    window = ((-3, 3), (-3, 3))
    assert view_window(window, [[(0, 0), (1, 1)]]) == ((-3, 3), (-3, 3))
    (x_lo, x_hi), _ = view_window(window, [[(0, 0), (5, 0)]])
    assert x_lo < -5 and x_hi > 5
    (x_lo, x_hi), _ = view_window(window, [[(0, 0), (1e30, 0)], [(float("nan"), 0)]])
    assert x_hi == 3 * MAX_ZOOM_OUT


def test_contour_figure_shows_the_function_and_each_path():
    gx, gy, points = grid(((-2, 2), (-2, 2)), resolution=21)
    z = points[:, 0] ** 2 + 10 * points[:, 1] ** 2
    paths = [("SGD lr=0.1", [(-2, 1), (-1.6, -1), (-1.28, 1)]), ("Adam lr=0.1", [(-2, 1)])]
    fig = contour_figure(gx, gy, z, paths, minima=[(0, 0)])
    contour = fig.data[0]
    assert contour.type == "contour"
    # hover text carries f itself; the colours follow a log-squashed f
    assert contour.text[10][10] == "0" and contour.text[0][0] == "44"
    assert contour.z[0][0] == pytest.approx(np.log1p(44))
    sgd = _by_name(fig, "SGD lr=0.1")[0]
    assert list(sgd.x) == [-2, -1.6, -1.28] and list(sgd.y) == [1, -1, 1]
    assert list(sgd.customdata) == [0, 1, 2]  # hover names the step
    adam = _by_name(fig, "Adam lr=0.1")[0]
    assert sgd.line.color != adam.line.color
    assert _by_name(fig, "minimum")[0].marker.symbol == "star"
    assert fig.layout.xaxis.range == (-2, 2)


def test_contour_of_a_saddle_keeps_the_sign():
    gx, gy, points = grid(((-1, 1), (-1, 1)), resolution=3)
    z = points[:, 0] ** 2 - points[:, 1] ** 2
    fig = contour_figure(gx, gy, z, [])
    assert fig.data[0].z[0][1] < 0 < fig.data[0].z[1][0]


def test_curve_figure_puts_the_steps_on_the_curve():
    gx = np.linspace(-2, 2, 9)
    fig = curve_figure(gx, gx**2, [("SGD lr=0.1", [2.0, 1.6], [4.0, 2.56])])
    assert list(fig.data[0].y) == (gx**2).tolist()
    path = _by_name(fig, "SGD lr=0.1")[0]
    assert list(path.x) == [2.0, 1.6] and list(path.y) == [4.0, 2.56]


def test_fit_figure_draws_data_and_fits_and_keeps_the_data_in_view():
    x, y = np.array([-1.0, 0.0, 1.0]), np.array([1.0, 0.0, 1.0])
    gx = np.linspace(-1, 1, 5)
    fig = fit_figure(x, y, gx, [("a", gx**2), ("b", 1e9 * gx)])
    assert list(fig.data[0].x) == x.tolist() and fig.data[0].mode == "markers"
    assert list(_by_name(fig, "a")[0].y) == (gx**2).tolist()
    lo, hi = fig.layout.yaxis.range
    assert lo < 0 and 1 < hi < 10  # the diverged fit does not flatten the data


def test_boundary_figure_colours_confidence_and_marks_classes_by_shape():
    gx, gy, points = grid(((-1, 1), (-1, 1)), resolution=11)
    confidence = 1 / (1 + np.exp(-5 * points[:, 0]))
    data = np.array([[-0.5, 0.0], [0.5, 0.2], [0.6, -0.3]])
    fig = boundary_figure(data, [0, 1, 1], gx, gy, confidence)
    assert fig.data[0].zmin == 0 and fig.data[0].zmax == 1
    boundary = _by_name(fig, "boundary")[0]
    assert boundary.contours.start == boundary.contours.end == 0.5
    class0, class1 = _by_name(fig, "class 0")[0], _by_name(fig, "class 1")[0]
    assert list(class0.x) == [-0.5] and list(class1.x) == [0.5, 0.6]
    assert class0.marker.symbol != class1.marker.symbol
    assert class0.marker.color != class1.marker.color


def test_loss_figure_overlays_runs_and_adds_accuracy_beside():
    runs = [("A", [4.0, 2.0, 1.0], [0.5, 0.7, 0.9]), ("B", [4.0, 3.0, 2.5], [0.5, 0.6, 0.6])]
    fig = loss_figure(runs, log=True)
    losses = [t for t in fig.data if t.xaxis == "x"]
    accuracies = [t for t in fig.data if t.xaxis == "x2"]
    assert [list(t.y) for t in losses] == [[4.0, 2.0, 1.0], [4.0, 3.0, 2.5]]
    assert [list(t.y) for t in accuracies] == [[0.5, 0.7, 0.9], [0.5, 0.6, 0.6]]
    assert fig.layout.yaxis.type == "log" and fig.layout.yaxis2.tickformat == ".0%"
    assert losses[0].line.color == accuracies[0].line.color != losses[1].line.color


def test_loss_figure_without_accuracy_and_with_negative_losses_stays_linear():
    fig = loss_figure([("saddle", [1.0, -3.0, -20.0], [])], log=True)
    assert len(fig.data) == 1 and list(fig.data[0].x) == [0, 1, 2]
    assert fig.layout.yaxis.type == "linear"
    assert loss_figure([("bowl", [1.0, 0.5], [])], log=False).layout.yaxis.type == "linear"


def test_the_figures_write_the_words_they_are_given():
    zh = {"minimum": "最小值", "data": "数据", "boundary": "决策边界", "class": "类别 {cls}",
          "step": "步"}
    gx, gy, points = grid(((-1, 1), (-1, 1)), resolution=5)
    contour = contour_figure(gx, gy, points[:, 0] ** 2, [("SGD", [(1, 1)])], [(0, 0)], words=zh)
    assert _by_name(contour, "最小值") and not _by_name(contour, "minimum")
    assert _by_name(contour, "SGD")[0].hovertemplate.startswith("步 %{customdata}")
    curve = curve_figure(gx, gx**2, [("SGD", [1.0], [1.0])], words=zh)
    assert _by_name(curve, "SGD")[0].hovertemplate.startswith("步 ")
    fit = fit_figure(gx, gx, gx, [], words=zh)
    assert [t.name for t in fit.data] == ["数据"]
    boundary = boundary_figure([[0, 0], [1, 1]], [0, 1], gx, gy, np.full(25, 0.5), words=zh)
    assert {t.name for t in boundary.data} >= {"决策边界", "类别 0", "类别 1"}
    assert "p(类别 1)" in boundary.data[0].hovertemplate
