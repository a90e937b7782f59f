"""A snippet's matplotlib figure as a plotly figure, checked on fig.data and fig.layout: the
snippet is run by the engine, so these are the figures the page draws for that code."""

import math

import numpy as np
import plotly.io as pio
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import InputError, evaluate
from engine.snippets.pyplot import CYCLE
from viz.plots import PX_PER_POINT, plot_figure, shown_text

IMPORT = "import torch\nimport math\nimport matplotlib.pyplot as plt\n"


def figures(code):
    return [plot_figure(p) for p in evaluate(IMPORT + code).plots]


FIT = """
x = torch.linspace(-math.pi, math.pi, 100)
y = torch.sin(x)
a, b = torch.zeros((), requires_grad=True), torch.zeros((), requires_grad=True)
c, d = torch.zeros((), requires_grad=True), torch.zeros((), requires_grad=True)
for t in range(20):
    y_pred = a + b * x + c * x ** 2 + d * x ** 3
    loss = (y_pred - y).pow(2).sum()
    loss.backward()
    with torch.no_grad():
        for p in (a, b, c, d):
            p -= 1e-6 * p.grad
            p.grad = None
plt.plot(x, y, label='sin(x)')
plt.plot(x, y_pred.detach(), 'r--', label='fit')
plt.title('Fitting sin(x) with a cubic')
plt.xlabel('x')
plt.ylabel('y')
plt.legend()
plt.show()
"""


def test_the_tutorials_fit_and_data_as_two_lines_with_the_users_words():
    (fig,) = figures(FIT)
    data, fit = fig.data
    assert (data.type, data.mode, data.name, data.showlegend) == ("scatter", "lines", "sin(x)",
                                                                 True)
    assert data.line.color == CYCLE[0] and data.line.dash == "solid"
    assert (fit.name, fit.line.color, fit.line.dash) == ("fit", "#ff0000", "dash")
    xs = np.linspace(-math.pi, math.pi, 100, dtype=np.float32)
    assert np.allclose(data.x, xs) and np.allclose(data.y, np.sin(xs), atol=1e-6)
    assert len(fit.y) == 100
    assert fig.layout.title.text == "Fitting sin(x) with a cubic"
    assert (fig.layout.xaxis.title.text, fig.layout.yaxis.title.text) == ("x", "y")
    assert fig.layout.showlegend is True


def test_a_figure_looks_like_matplotlibs_default():
    (fig,) = figures("plt.plot([1, 2])")
    line = fig.data[0]
    assert line.line.width == pytest.approx(1.5 * PX_PER_POINT)  # lines.linewidth: 1.5 pt
    assert fig.layout.showlegend is False and line.showlegend is False
    for axis in (fig.layout.xaxis, fig.layout.yaxis):
        assert axis.showgrid is False and axis.mirror is True and axis.ticks == "outside"
    assert fig.layout.height == round(4.8 * 75)


def test_markers_and_line_styles():
    (fig,) = figures("plt.plot([1, 2], 'go')\nplt.plot([1, 2], 'k^:', markersize=10)\n"
                     "plt.plot([1, 2], '-.')\nplt.plot([1, 2], 'x')")
    dots, triangles, dashdot, crosses = fig.data
    assert (dots.mode, dots.marker.symbol, dots.marker.color) == ("markers", "circle", "#008000")
    assert (triangles.mode, triangles.marker.symbol, triangles.line.dash) == (
        "lines+markers", "triangle-up", "dot")
    assert triangles.marker.size == pytest.approx(10 * PX_PER_POINT)
    assert (dashdot.mode, dashdot.line.dash, dashdot.line.color) == ("lines", "dashdot", CYCLE[0])
    assert (crosses.marker.symbol, crosses.marker.color) == ("x-thin-open", CYCLE[1])


def test_colours_follow_matplotlibs_cycle():
    (fig,) = figures("for k in range(11):\n    plt.plot([k, k + 1])")
    assert [t.line.color for t in fig.data] == list(CYCLE) + [CYCLE[0]]
    assert CYCLE[:3] == ("#1f77b4", "#ff7f0e", "#2ca02c")  # matplotlib's tab10, C0 to C2


def test_scatter_with_a_colormap_and_sizes():
    (fig,) = figures("plt.scatter([0, 1, 2], [2, 1, 0], c=[0, 1, 2], cmap='jet')\n"
                     "plt.scatter([0], [0], s=[100], color='red', alpha=0.5)")
    mapped, sized = fig.data
    assert mapped.mode == "markers" and list(mapped.marker.color) == [0.0, 1.0, 2.0]
    assert mapped.marker.colorscale[0][1] == "rgb(0,0,131)"  # plotly's Jet, as matplotlib's jet
    assert mapped.marker.size == pytest.approx(6 * PX_PER_POINT)  # s=36 points squared
    assert list(sized.marker.size) == [pytest.approx(10 * PX_PER_POINT)]
    assert (sized.marker.color, sized.opacity) == ("red", 0.5)


def test_bars_and_a_histogram():
    (fig,) = figures("plt.bar(['a', 'b'], [3, 4], color=['r', 'g'])\n"
                     "plt.hist([0, 1, 1, 2, 2, 2], bins=3)")
    bars, hist = fig.data
    assert (bars.type, list(bars.x), list(bars.y)) == ("bar", ["a", "b"], [3.0, 4.0])
    assert list(bars.marker.color) == ["#ff0000", "#008000"]
    assert list(bars.width) == [0.8, 0.8] and list(bars.base) == [0.0, 0.0]
    counts, edges = np.histogram([0, 1, 1, 2, 2, 2], bins=3)
    assert list(hist.y) == counts.tolist()
    assert np.allclose(hist.x, (edges[:-1] + edges[1:]) / 2)
    assert np.allclose(hist.width, np.diff(edges))
    assert hist.marker.color == CYCLE[0]  # the bars had colours of their own: the cycle waited


def test_grid_limits_scales_and_legend_place():
    (fig,) = figures("plt.semilogy([1, 10, 100], label='loss')\nplt.grid(True)\n"
                     "plt.xlim(0, 2)\nplt.ylim(1, 1000)\nplt.legend(loc='lower left')")
    assert fig.layout.yaxis.type == "log" and fig.layout.xaxis.type == "linear"
    assert fig.layout.xaxis.showgrid and fig.layout.yaxis.showgrid
    assert tuple(fig.layout.xaxis.range) == (0.0, 2.0)
    assert tuple(fig.layout.yaxis.range) == pytest.approx((0.0, 3.0))  # log10 of the limits
    assert (fig.layout.legend.xanchor, fig.layout.legend.yanchor) == ("left", "bottom")


def test_one_open_limit_keeps_the_other_end_automatic():
    (fig,) = figures("plt.plot([1, 2])\nplt.ylim(bottom=0)")
    assert tuple(fig.layout.yaxis.range) == (0.0, None)
    assert fig.layout.yaxis.autorange == "max"


def test_inf_and_nan_are_gaps():
    (fig,) = figures("plt.plot([1, float('inf'), 3, float('nan')])")
    assert list(fig.data[0].y) == [1.0, None, 3.0, None]
    pio.to_json(fig)  # plotly can send it


def test_sizes_matplotlib_would_not_draw_are_not_drawn():
    (fig,) = figures("nan, inf = float('nan'), float('inf')\n"
                     "plt.bar([1, 2, 3], [1, 2, 3], width=[inf, -0.5, 0.3], bottom=[0, 0, nan])\n"
                     "plt.scatter([1, 2], [1, 2], s=[-1, nan])\nplt.plot([1], linewidth=inf)")
    bars, points, line = fig.data
    assert list(bars.y) == [None, 2.0, None] and list(bars.width) == [0.0, 0.5, 0.0]
    assert list(points.marker.size) == [0.0, 0.0]
    assert line.line.width == pytest.approx(1000 * PX_PER_POINT)  # bounded
    assert "NaN" not in pio.to_json(fig) and "Infinity" not in pio.to_json(fig)


def test_the_users_words_are_shown_as_text_never_as_markup():
    (fig,) = figures("plt.plot([1], label='<b>x</b> & y')\n"
                     "plt.title('<a href=\"javascript:alert(1)\">click</a>')\n"
                     "plt.ylabel(r'$\\sin(x)$')\nplt.bar(['<img>'], [1])")
    assert fig.layout.title.text == '&lt;a href="javascript:alert(1)"&gt;click&lt;/a&gt;'
    assert fig.data[0].name == "&lt;b&gt;x&lt;/b&gt; &amp; y"
    assert fig.layout.yaxis.title.text == "&#36;\\sin(x)&#36;"
    assert list(fig.data[1].x) == ["&lt;img&gt;"]
    assert "<" not in shown_text("<script>") and ">" not in shown_text("<script>")


def test_a_label_starting_with_an_underscore_is_not_in_the_legend():
    (fig,) = figures("plt.plot([1], label='_hidden')\nplt.plot([2], label='shown')\n"
                     "plt.legend()")
    assert [t.showlegend for t in fig.data] == [False, True]


def test_each_figure_is_its_own_chart_with_its_size():
    figs = figures("plt.figure(figsize=(10, 2))\nplt.plot([1])\nplt.title('a')\n"
                   "fig, ax = plt.subplots(figsize=(4, 8))\nax.plot([2])\nax.set_title('b')")
    assert [f.layout.title.text for f in figs] == ["a", "b"]
    assert [f.layout.height for f in figs] == [240, 600]


# any program of pyplot calls: an InputError, or figures plotly can draw and send
CALLS = ("plot", "scatter", "bar", "hist", "semilogy", "title", "xlabel", "legend", "grid",
         "xlim", "yscale", "figure", "subplots", "show", "close", "savefig", "imshow")
ARGUMENTS = ("[1, 2, 3]", "[3, 1]", "torch.zeros(3)", "torch.ones(2, 2)", "'r--'", "'o'",
             "None", "'label'", "5", "-1", "0.5", "float('nan')", "1e308", "(1, 2)",
             "[float('inf'), -1, 0]", "-1e308",
             "[[1, 2], [3, 4]]", "torch.ones(2, requires_grad=True)", "['a', 'b', 'c']",
             "'x' * 300", "'log'", "{}", "True")
KEYWORDS = ("label", "color", "c", "s", "bins", "alpha", "marker", "linestyle", "width",
            "loc", "figsize", "cmap", "range", "density")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(
    st.sampled_from(CALLS),
    st.lists(st.sampled_from(ARGUMENTS), max_size=3),
    st.dictionaries(st.sampled_from(KEYWORDS), st.sampled_from(ARGUMENTS), max_size=2),
), min_size=1, max_size=6))
def test_any_program_of_pyplot_calls_is_refused_or_drawn(calls):
    code = "\n".join(
        f"plt.{name}({', '.join(list(args) + [f'{k}={v}' for k, v in kwargs.items()])})"
        for name, args, kwargs in calls)
    try:
        recorded = evaluate(IMPORT + code).plots
    except InputError:
        return
    for plot in recorded:
        pio.to_json(plot_figure(plot), validate=True)
