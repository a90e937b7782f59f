"""The Losses page's figures, checked on fig.data: what each bar, cell and curve shows."""

import math

from viz.losses import (
    element_losses_figure,
    gradient_heatmap,
    logit_sweep_figure,
    mean_sum_figure,
    softmax_figure,
    weighting_figure,
)
from viz.palette import DIVERGING, NEUTRAL, POSITIVE

SWEEP_LABELS = {
    "loss": "loss",
    "lse": "log-sum-exp",
    "neg_target": "-x[class]",
    "grad": "gradient",
    "x": "x[0]",
    "loss_axis": "loss",
    "grad_axis": "d loss / d x[0]",
}


def test_gradient_heatmap_shows_every_cell_with_its_value_on_a_scale_centred_on_zero():
    grad = [[0.0, 0.0, -1 / 3], [0.5, -0.25, 2.0]]
    fig = gradient_heatmap(grad, "grad", col_labels=["a", "b", "c"])
    (heat,) = fig.data
    assert [list(r) for r in heat.z] == grad
    assert [list(r) for r in heat.text] == [["0", "0", "-0.3333"], ["0.5", "-0.25", "2"]]
    assert list(heat.x) == ["a", "b", "c"]
    # symmetric around zero, so the sign of a gradient is its colour
    assert heat.zmin == -2.0 and heat.zmax == 2.0 and heat.zmid == 0.0
    assert [list(c) for c in heat.colorscale] == [list(c) for c in DIVERGING]
    assert fig.layout.title.text == "grad"


def test_gradient_heatmap_of_all_zeros_still_has_a_scale():
    (heat,) = gradient_heatmap([[0.0, 0.0]], "zero").data
    assert heat.zmin == -1.0 and heat.zmax == 1.0


def test_element_losses_figure_has_one_bar_per_element():
    fig = element_losses_figure([0.0, 0.0, 2.0], ["[0]", "[1]", "[2]"], "per element")
    (bars,) = fig.data
    assert list(bars.x) == ["[0]", "[1]", "[2]"]
    assert list(bars.y) == [0.0, 0.0, 2.0]
    assert list(bars.text) == ["0", "0", "2"]


def test_logit_sweep_draws_loss_parts_and_gradient_on_shared_x():
    sweep = {
        "x": [-1.0, 0.0, 1.0],
        "loss": [1.5, 1.1, 0.8],
        "lse": [1.3, 1.4, 1.6],
        "neg_target": [0.2, -0.3, -0.8],
        "grad": [-0.8, -0.6, -0.3],
    }
    fig = logit_sweep_figure(sweep, 0.2, SWEEP_LABELS)
    names = [trace.name for trace in fig.data]
    assert names == ["loss", "log-sum-exp", "-x[class]", "gradient"]
    for trace in fig.data:
        assert list(trace.x) == sweep["x"]
    assert list(fig.data[3].y) == sweep["grad"]
    # the gradient sits in the lower panel, the loss in the upper one
    assert fig.data[0].yaxis == "y" and fig.data[3].yaxis == "y2"
    marks = [s for s in fig.layout.shapes if s.x0 == 0.2 and s.x1 == 0.2]
    assert len(marks) == 2


def test_softmax_figure_marks_the_target_class():
    fig = softmax_figure([0.3, 0.33, 0.37], 1, "softmax", "class")
    (bars,) = fig.data
    assert list(bars.x) == ["class 0", "class 1", "class 2"]
    assert list(bars.marker.color) == [NEUTRAL, POSITIVE, NEUTRAL]
    assert list(bars.text) == ["0.300", "0.330", "0.370"]


def test_mean_sum_figure_has_a_curve_per_reduction():
    labels = {"mean": "mean", "sum": "sum", "x": "N", "y": "|grad|"}
    fig = mean_sum_figure([3, 6, 9], [1 / 3, 1 / 6, 1 / 9], [1.0, 1.0, 1.0], 6, labels)
    mean, total = fig.data
    assert (mean.name, total.name) == ("mean", "sum")
    assert list(mean.y) == [1 / 3, 1 / 6, 1 / 9] and list(total.y) == [1.0, 1.0, 1.0]
    assert any(s.x0 == 6 for s in fig.layout.shapes)


def test_weighting_figure_leaves_ignored_rows_empty_and_skips_a_nan_mean():
    rows = [("n=0", 1.2), ("n=1", None), ("n=2", 0.4)]
    means = {"torch": 0.8, "plain": 0.5333, "all ignored": math.nan}
    fig = weighting_figure(rows, means, {"ignored": "ignored", "bars": "loss"})
    (bars,) = fig.data
    assert list(bars.y) == [1.2, 0.0, 0.4]
    assert list(bars.text) == ["1.2", "ignored", "0.4"]
    assert list(bars.marker.color) == [POSITIVE, NEUTRAL, POSITIVE]
    lines = sorted(s.y0 for s in fig.layout.shapes)
    assert lines == [0.5333, 0.8]
