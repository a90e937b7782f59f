"""``import matplotlib.pyplot as plt``: calls are recorded as plain data on the Evaluation, read
as matplotlib reads them (format strings, the colour cycles, numpy's histogram), bounded, and
refused with a message naming what is not offered."""

import math
import pickle
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import InputError, evaluate
from engine.snippets import pyplot
from engine.snippets.pyplot import CYCLE, Plot, Trace
from tests.conftest import require_torch

IMPORT = "import torch\nimport matplotlib.pyplot as plt\n"


def plots(code):
    return evaluate(IMPORT + code).plots


def error(code):
    with pytest.raises(InputError) as caught:
        evaluate(IMPORT + code)
    return caught.value


# --- importing ------------------------------------------------------------------------------------


@pytest.mark.parametrize("imports", [
    "import matplotlib.pyplot as plt",
    "from matplotlib import pyplot as plt",
    "import matplotlib.pyplot\nplt = matplotlib.pyplot",
    "import matplotlib\nplt = matplotlib.pyplot",
    "from matplotlib.pyplot import plot, title\nclass P:\n    pass\nplt = P()\n"
    "plt.plot = plot\nplt.title = title",
])
def test_the_usual_imports_reach_pyplot(imports):
    ev = evaluate(imports + "\nplt.plot([1, 2, 3])\nplt.title('t')")
    assert [p.title for p in ev.plots] == ["t"]
    assert ev.plots[0].traces[0].y == (1.0, 2.0, 3.0)


def test_plt_without_its_import_says_which_import():
    with pytest.raises(InputError) as caught:
        evaluate("plt.plot([1])")
    assert caught.value.key == "run.undefined_plt"
    assert "import matplotlib.pyplot as plt" in caught.value.message


# --- plot: data, format strings, keywords, the colour cycle ---------------------------------------


def test_y_alone_is_drawn_against_its_index():
    (fig,) = plots("plt.plot([3, 1, 2])")
    (line,) = fig.traces
    assert (line.kind, line.x, line.y) == ("line", (0.0, 1.0, 2.0), (3.0, 1.0, 2.0))


def test_lists_tuples_ranges_and_tensors_give_the_same_numbers():
    (fig,) = plots("x = torch.linspace(0, 1, 5)\nplt.plot(x, x * x)\n"
                   "plt.plot((0, 0.25, 0.5, 0.75, 1), [0, 0.0625, 0.25, 0.5625, 1])\n"
                   "plt.plot(range(5), torch.arange(5))")
    a, b, c = fig.traces
    xs = np.linspace(0, 1, 5, dtype=np.float32)
    assert a.x == tuple(float(v) for v in xs)
    assert a.y == tuple(float(v) for v in xs * xs)
    assert b.y == (0.0, 0.0625, 0.25, 0.5625, 1.0)
    assert c.x == c.y == (0.0, 1.0, 2.0, 3.0, 4.0)


def test_a_list_of_scalar_tensors_is_a_list_of_numbers():
    (fig,) = plots("losses = []\nfor i in range(3):\n    losses.append(torch.tensor(i * 0.5))\n"
                   "plt.plot(losses)")
    assert fig.traces[0].y == (0.0, 0.5, 1.0)


def test_a_tensor_that_requires_grad_is_refused_with_torchs_words():
    err = error("w = torch.ones(3, requires_grad=True)\nplt.plot(w * 2)")
    assert err.key == "plot.requires_grad"
    assert err.line == 4
    assert "Can't call numpy() on Tensor that requires grad" in err.message
    assert "detach()" in err.message_in("zh")
    (fig,) = plots("w = torch.ones(3, requires_grad=True)\nplt.plot((w * 2).detach())")
    assert fig.traces[0].y == (2.0, 2.0, 2.0)


def test_micrograd_values_are_refused_with_their_data_suggested():
    err = error("plt.plot([Value(1.0), Value(2.0)])")
    assert err.key == "plot.value"
    (fig,) = plots("vs = [Value(1.0), Value(2.0)]\nplt.plot([v.data for v in vs])")
    assert fig.traces[0].y == (1.0, 2.0)


def test_a_two_dimensional_y_is_a_line_per_column():
    (fig,) = plots("x = torch.tensor([0., 1., 2.])\ny = torch.stack([x, 2 * x], 1)\n"
                   "plt.plot(x, y)")
    assert [t.y for t in fig.traces] == [(0.0, 1.0, 2.0), (0.0, 2.0, 4.0)]
    assert [t.color for t in fig.traces] == list(CYCLE[:2])


def test_a_column_tensor_is_one_line():
    (fig,) = plots("x = torch.linspace(0, 1, 4).unsqueeze(1)\nplt.plot(x, 3 * x)")
    (line,) = fig.traces
    assert len(line.x) == 4 and line.y[-1] == pytest.approx(3.0)


# the table in matplotlib's documentation of plot(): (linestyle, marker, colour) of a fmt string
FORMATS = {
    "r-": ("-", "", "#ff0000"), "bo": ("", "o", "#0000ff"), "g--": ("--", "", "#008000"),
    "k": ("-", "", "#000000"), "ro-": ("-", "o", "#ff0000"), ".b": ("", ".", "#0000ff"),
    "-.": ("-.", "", None), ":": (":", "", None), "^": ("", "^", None),
    "C2--": ("--", "", CYCLE[2]), "1": ("", "1", None), "0.5": ("-", "", "#808080"),
    "red": ("-", "", "red"), "x:m": (":", "x", "#bf00bf"), "D": ("", "D", None),
}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_format_strings_read_as_matplotlib_reads_them(fmt):
    (fig,) = plots(f"plt.plot([1, 2], [3, 4], {fmt!r})")
    line = fig.traces[0]
    linestyle, marker, colour = FORMATS[fmt]
    assert (line.linestyle, line.marker) == (linestyle, marker)
    assert line.color == (colour or CYCLE[0])


@pytest.mark.parametrize("fmt, key", [("rz", "plot.format_char"), ("--:", "plot.format_twice"),
                                      ("ox", "plot.format_twice"), ("rg", "plot.format_twice"),
                                      ("Cx", "plot.format_cycle")])
def test_bad_format_strings_say_what_is_wrong(fmt, key):
    err = error(f"plt.plot([1, 2], {fmt!r})")
    assert err.key == key
    assert repr(fmt) in err.message


def test_several_groups_in_one_call():
    (fig,) = plots("plt.plot([0, 1], [0, 1], 'r-', [0, 1], [1, 0], [0, 1], [2, 2], 'o')")
    assert [(t.y, t.color, t.linestyle, t.marker) for t in fig.traces] == [
        ((0.0, 1.0), "#ff0000", "-", ""),
        ((1.0, 0.0), CYCLE[0], "-", ""),
        ((2.0, 2.0), CYCLE[1], "", "o"),
    ]


def test_keywords_win_over_the_format_string():
    (fig,) = plots("plt.plot([1, 2], 'r--', color='tab:green', linestyle=':', marker='s', "
                   "linewidth=3, markersize=4, alpha=0.5, label='fit')")
    line = fig.traces[0]
    assert (line.color, line.linestyle, line.marker) == (CYCLE[2], ":", "s")
    assert (line.linewidth, line.markersize, line.alpha, line.label) == (3.0, 4.0, 0.5, "fit")


def test_aliases_and_their_conflicts():
    (fig,) = plots("plt.plot([1, 2], c='k', ls='--', lw=2, ms=3)")
    line = fig.traces[0]
    assert (line.color, line.linestyle, line.linewidth, line.markersize) == (
        "#000000", "--", 2.0, 3.0)
    assert error("plt.plot([1, 2], c='k', color='r')").key == "plot.aliases"


def test_an_explicit_colour_does_not_advance_the_cycle():
    # matplotlib's _getdefaults: the cycle moves only for a line that takes its colour from it
    (fig,) = plots("plt.plot([1])\nplt.plot([2], 'k')\nplt.plot([3])\nplt.plot([4], color='C7')"
                   "\nplt.plot([5])")
    assert [t.color for t in fig.traces] == [CYCLE[0], "#000000", CYCLE[1], CYCLE[7], CYCLE[2]]


def test_lines_and_patches_have_a_cycle_each():
    (fig,) = plots("plt.plot([1])\nplt.scatter([1], [2])\nplt.bar([1], [2])\nplt.plot([2])")
    assert [t.color for t in fig.traces] == [CYCLE[0], CYCLE[0], CYCLE[1], CYCLE[1]]


def test_the_cycle_wraps_after_ten_colours():
    (fig,) = plots("for i in range(12):\n    plt.plot([i])")
    assert [t.color for t in fig.traces] == list(CYCLE) + list(CYCLE[:2])


@pytest.mark.parametrize("spec, drawn", [
    ("'red'", "red"), ("'Red'", "red"), ("'#FF8800'", "#ff8800"), ("'#f80'", "#f80"),
    ("'tab:orange'", CYCLE[1]), ("'C11'", CYCLE[1]), ("'0.25'", "#404040"),
    ("(1, 0.5, 0)", "rgba(255, 128, 0, 1)"), ("(0, 0, 1, 0.5)", "rgba(0, 0, 255, 0.5)"),
])
def test_colours_as_matplotlib_names_them(spec, drawn):
    (fig,) = plots(f"plt.plot([1, 2], color={spec})")
    assert fig.traces[0].color == drawn


@pytest.mark.parametrize("spec", ["'reddish'", "'#12345'", "'1.5'", "(2, 0, 0)", "5",
                                  "'javascript:alert(1)'"])
def test_colours_matplotlib_refuses(spec):
    assert error(f"plt.plot([1, 2], color={spec})").key == "plot.color"


def test_x_and_y_of_different_lengths_say_matplotlibs_words():
    err = error("plt.plot([1, 2, 3], [1, 2])")
    assert err.key == "plot.lengths"
    assert err.message == "x and y must have same first dimension, but have shapes (3,) and (2,)"


@pytest.mark.parametrize("data, key", [
    ("torch.zeros(2, 2, 2)", "plot.dims"), ("[[1, 2], [3]]", "plot.ragged"),
    ("'abc'", "plot.data"), ("[1, 'a']", "plot.data"), ("{1: 2}", "plot.data"),
    ("[[[1]]]", "plot.dims"), ("[None]", "plot.data"),
])
def test_data_that_is_not_numbers(data, key):
    assert error(f"plt.plot({data})").key == key


def test_category_names_on_x():
    (fig,) = plots("plt.plot(['mon', 'tue'], [3, 4])\nplt.bar(['a', 'b', 'c'], [1, 2, 3])")
    assert fig.traces[0].x == ("mon", "tue")
    assert fig.traces[1].x == ("a", "b", "c")


def test_infinite_and_nan_points_are_recorded_as_they_are():
    (fig,) = plots("plt.plot([1, float('inf'), float('nan')])")
    y = fig.traces[0].y
    assert y[0] == 1 and math.isinf(y[1]) and math.isnan(y[2])


def test_an_empty_list_is_an_empty_line():
    (fig,) = plots("plt.plot([])")
    assert fig.traces[0].x == fig.traces[0].y == ()


# --- scatter, bar, hist ---------------------------------------------------------------------------


def test_scatter_with_numbers_for_colours_and_a_size():
    (fig,) = plots("x = torch.tensor([[0., 1.], [2., 3.], [4., 5.]])\n"
                   "plt.scatter(x[:, 0], x[:, 1], c=[0, 1, 0], s=20, cmap='jet', marker='x')")
    (points,) = fig.traces
    assert (points.kind, points.x, points.y) == ("scatter", (0.0, 2.0, 4.0), (1.0, 3.0, 5.0))
    assert (points.values, points.cmap, points.color) == ((0.0, 1.0, 0.0), "jet", None)
    assert (points.markersize, points.marker, points.linestyle) == (20.0, "x", "")


def test_scatter_defaults_sizes_and_colour_lists():
    (fig,) = plots("plt.scatter([1, 2], [3, 4])\n"
                   "plt.scatter([1, 2], [3, 4], s=[10, 40], c=['r', 'blue'])")
    first, second = fig.traces
    assert (first.marker, first.markersize, first.color, first.values) == ("o", 36.0, CYCLE[0],
                                                                           ())
    assert second.sizes == (10.0, 40.0) and second.color == ("#ff0000", "blue")
    assert error("plt.scatter([1, 2], [3])").key == "plot.same_size"
    assert error("plt.scatter([1, 2], [3, 4], c=[1, 2, 3])").key == "plot.length"
    assert error("plt.scatter([1], [3], cmap='nope', c=[1])").key == "plot.cmap"


def test_bar_heights_widths_bottoms_and_edge_alignment():
    (fig,) = plots("plt.bar([1, 2, 3], [4, 5, 6], width=0.5, bottom=1, align='edge', "
                   "color='g', label='b')")
    (bars,) = fig.traces
    assert bars.x == (1.25, 2.25, 3.25) and bars.y == (4.0, 5.0, 6.0)
    assert bars.width == (0.5,) * 3 and bars.base == (1.0,) * 3
    assert (bars.color, bars.label) == ("#008000", "b")
    assert error("plt.bar([1, 2], [1, 2, 3])").key == "plot.length"


@pytest.mark.parametrize("call, kwargs", [
    ("data", {}),
    ("data, bins=4", {"bins": 4}),
    ("data, bins=[-3, -1, 0, 0.5, 3]", {"bins": [-3, -1, 0, 0.5, 3]}),
    ("data, bins=5, range=(-1, 1)", {"bins": 5, "range": (-1, 1)}),
    ("data, density=True", {"density": True}),
])
def test_hist_counts_are_numpys(call, kwargs):
    (fig,) = plots(f"torch.manual_seed(0)\ndata = torch.randn(500)\nplt.hist({call})")
    (hist,) = fig.traces
    data = np.array(evaluate(IMPORT + "torch.manual_seed(0)\ndata = torch.randn(500)")
                    .names["data"].tolist(), dtype=float)
    counts, edges = np.histogram(data, **({"bins": 10} | kwargs))
    assert hist.kind == "hist"
    assert hist.x == tuple(edges.tolist()) and hist.y == tuple(counts.tolist())


@pytest.mark.parametrize("code, key", [
    ("plt.hist([1, 2], bins=0)", "plot.bins"), ("plt.hist([1, 2], bins=10**6)", "plot.bins"),
    ("plt.hist([1, 2], bins='auto')", "plot.bins"), ("plt.hist([1, 2], bins=[1])", "plot.bins"),
    ("plt.hist([1, 2], bins=[2, 1])", "plot.hist"),
    ("plt.hist([1, float('nan')])", "plot.hist"),
    ("plt.hist(torch.zeros(5, 2))", "plot.hist_datasets"),
])
def test_hist_refusals(code, key):
    assert error(code).key == key


# --- the words, the axes, figures -----------------------------------------------------------------

PYPLOT_WORDS = """
plt.plot(x, y, label='data')
plt.title('Fit', fontsize=14)
plt.xlabel('x')
plt.ylabel(r'$\\sin(x)$')
plt.legend(loc='upper left')
plt.grid(True)
plt.xlim(-1, 2)
plt.ylim(bottom=0)
plt.yscale('log')
"""
AXES_WORDS = """
fig, ax = plt.subplots(figsize=(8, 3))
ax.plot(x, y, label='data')
ax.set_title('Fit', fontsize=14)
ax.set_xlabel('x')
ax.set_ylabel(r'$\\sin(x)$')
ax.legend(loc='upper left')
ax.grid(True)
ax.set_xlim((-1, 2))
ax.set_ylim(bottom=0)
ax.set_yscale('log')
"""


@pytest.mark.parametrize("code", [PYPLOT_WORDS, AXES_WORDS])
def test_titles_labels_legend_grid_limits_and_scales(code):
    (fig,) = plots("x = [0, 1]\ny = [1, 2]\n" + code)
    assert (fig.title, fig.xlabel, fig.ylabel) == ("Fit", "x", "$\\sin(x)$")
    assert dict(fig.text_sizes) == {"title": 14.0}
    assert (fig.legend, fig.legend_loc, fig.grid) == (True, "upper left", (True, True))
    assert (fig.xlim, fig.ylim, fig.yscale) == ((-1.0, 2.0), (0.0, None), "log")
    assert fig.size == ((8.0, 3.0) if "subplots" in code else pyplot.DEFAULT_SIZE)


def test_grid_alone_switches_and_takes_an_axis():
    (fig,) = plots("plt.plot([1])\nplt.grid()\nplt.grid(axis='x')")
    assert fig.grid == (False, True)


def test_legend_with_labels_names_the_traces_in_order():
    (fig,) = plots("plt.plot([1])\nplt.plot([2])\nplt.legend(['train', 'test'])")
    assert [t.label for t in fig.traces] == ["train", "test"]


def test_show_ends_a_figure_and_figure_starts_one():
    figs = plots("plt.plot([1])\nplt.title('a')\nplt.show()\nplt.plot([2])\nplt.title('b')\n"
                 "plt.figure(figsize=(4, 2))\nplt.plot([3])\nplt.figure()\nplt.figure(2)\n"
                 "plt.plot([4])")
    assert [(f.title, [t.y for t in f.traces]) for f in figs] == [
        ("a", [(1.0,)]), ("b", [(2.0,), (4.0,)]), ("", [(3.0,)])]
    assert figs[2].size == (4.0, 2.0)


def test_empty_figures_are_left_out_and_plot_returns_none():
    ev = evaluate(IMPORT + "fig = plt.figure()\nr = plt.plot([1])\nplt.close()\nplt.figure()\n"
                           "print(r, fig)")
    assert ev.printed == ["None Figure(640x480)"]
    assert len(ev.plots) == 1


def test_subplots_with_more_than_one_axes_is_refused():
    err = error("fig, axes = plt.subplots(1, 2)")
    assert err.key == "plot.subplots"
    assert "plt.subplots()" in err.message_in("zh")


def test_savefig_records_nothing_and_writes_nothing(tmp_path):
    target = tmp_path / "out.png"
    ev = evaluate(IMPORT + f"plt.plot([1, 2])\nplt.savefig({str(target)!r}, dpi=300)\n"
                           "fig, ax = plt.subplots()\nfig.savefig('/etc/passwd')\n"
                           "plt.savefig('/etc/passwd')\nplt.tight_layout()\nplt.show()")
    assert not target.exists()
    assert [len(f.traces) for f in ev.plots] == [1]


@pytest.mark.parametrize("name", ["imshow", "axvline", "axhline", "fill_between", "errorbar",
                                  "pie", "text", "xticks", "colorbar"])
def test_what_is_not_offered_is_named(name):
    err = error(f"plt.{name}()")
    assert err.key == "plot.not_offered"
    assert f"matplotlib.pyplot.{name}" in err.message and "scatter" in err.message
    assert f"matplotlib.pyplot.{name}" in err.message_in("zh")


def test_an_axes_method_not_offered_is_named():
    err = error("fig, ax = plt.subplots()\nax.imshow([[1]])")
    assert err.key == "plot.not_offered"
    assert "Axes.imshow" in err.message and "set_title" in err.message


def test_a_misspelt_function_suggests_the_close_one():
    err = error("plt.scater([1], [2])")
    assert err.key == "check.attribute_close" and err.params["close"] == "scatter"


def test_an_unknown_keyword_is_named_as_python_would():
    err = error("plt.plot([1], zorder=2)")
    assert err.key == "call.unexpected_keyword"
    assert err.message == "plt.plot() got an unexpected keyword argument 'zorder'"


@pytest.mark.parametrize("code, key", [
    ("plt.title(print)", "plot.text"), ("plt.title(Value(1.0))", "plot.text"),
    ("plt.xlim(1, 2, 3)", "plot.limits"), ("plt.xlim('a', 2)", "plot.number"),
    ("plt.yscale('symlog')", "plot.scale"), ("plt.legend(loc='middle')", "plot.legend_loc"),
    ("plt.ylim(0, float('inf'))", "plot.limits_finite"),
    ("plt.plot([1], alpha=2)", "plot.alpha"), ("plt.plot([1], linestyle='wavy')",
                                               "plot.linestyle"),
    ("plt.plot([1], marker='q')", "plot.marker"),
    ("plt.figure(figsize=3)", "plot.figsize"), ("plt.plot([1], linewidth=-1)",
                                                "plot.number_range"),
    ("plt.scatter([1], [1], s=-1)", "plot.number_range"),
])
def test_arguments_matplotlib_would_refuse(code, key):
    assert error(code).key == key


# --- the recording is plain data, and its own per evaluation --------------------------------------


def test_the_recording_is_plain_picklable_data():
    ev = evaluate(IMPORT + "plt.plot([1, 2], 'r--', label='a')\nplt.hist([1, 2, 2])\n"
                           "plt.scatter([1], [2], c=[0.5])\nplt.title('t')")
    assert isinstance(ev.plots, tuple) and all(isinstance(p, Plot) for p in ev.plots)
    assert all(isinstance(t, Trace) for p in ev.plots for t in p.traces)
    assert pickle.loads(pickle.dumps(ev.plots)) == ev.plots


def test_each_evaluation_has_its_own_figures():
    assert len(evaluate(IMPORT + "plt.plot([1])").plots) == 1
    assert evaluate(IMPORT + "plt.title('no data')").plots == ()
    assert evaluate("x = 1").plots == ()
    ev = evaluate(IMPORT + "plt.plot([2])")
    assert [t.y for t in ev.plots[0].traces] == [(2.0,)]


def test_an_error_after_plotting_is_an_error():
    err = error("plt.plot([1])\nplt.show()\n1 / 0")
    assert err.line == 5


# --- hostile --------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", [
    "plt.__dict__", "plt.plot.__globals__", "fig, ax = plt.subplots()\nax.__class__",
    "fig, ax = plt.subplots()\nax.traces", "fig, ax = plt.subplots()\nax._recording",
    "fig = plt.figure()\nfig.axes", "fig = plt.figure()\nfig._recording",
    "import matplotlib\nmatplotlib.__file__", "import matplotlib.backends",
    "from matplotlib import rcParams", "plt.savefig.__code__",
    "fig, ax = plt.subplots()\nax.plot.__self__",
])
def test_escapes_are_refused(code):
    with pytest.raises(InputError):
        evaluate(IMPORT + code)


def test_an_axes_prints_as_matplotlibs_and_gives_nothing_away():
    ev = evaluate(IMPORT + "fig, ax = plt.subplots()\nax.set_title('t')\nprint(ax, fig)\n"
                           "print(ax.plot, plt.plot)")
    assert ev.printed[0] == "<Axes: title={'center': 't'}> Figure(640x480)"
    assert "engine" not in ev.printed[1] and "pyplot" not in ev.printed[1]


def _bounded(code):
    """The code's error, after checking it took under 100 MB."""
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as caught:
            evaluate(IMPORT + code)
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < 100 << 20
    return caught.value


@pytest.mark.parametrize("code, key", [
    ("plt.plot(list(range(30000)))", "plot.too_many_points"),
    ("plt.plot(range(10**9))", "limit.argument"),
    ("x = [0.5] * 25000\nplt.scatter(x, x)", "plot.too_many_points"),
    ("x = [0.5] * 20000\nfor i in range(3):\n    plt.plot(x)", "plot.too_many_total"),
    ("for i in range(100):\n    plt.figure()", "plot.too_many_figures"),
    ("for i in range(100):\n    plt.plot([i])", "plot.too_many_traces"),
    ("plt.title('x' * 10**5)", "plot.text_long"),
    ("plt.plot([1], label='x' * 10**5)", "plot.text_long"),
    ("plt.bar(['x' * 1000], [1])", "plot.text_long"),
    ("plt.hist([0.5] * 25000, bins=10**9)", "plot.bins"),
    ("plt.hist([0.5] * 150000)", "plot.too_many_points"),
])
def test_resource_bombs_are_bounded(code, key):
    assert _bounded(code).key == key


def test_a_tensor_is_measured_before_it_is_read():
    err = error("plt.plot(torch.zeros(20001))")
    assert (err.key, err.params["n"]) == ("plot.too_many_points", 20001)
    assert error("plt.plot(torch.zeros(2, 2, 2))").params["ndim"] == 3


def test_a_huge_figsize_is_kept_within_reason():
    (fig,) = plots("plt.figure(figsize=(1e300, 1e-300))\nplt.plot([1])")
    assert fig.size == (50.0, 0.5)


# --- properties ----------------------------------------------------------------------------------

FORMAT_ALPHABET = "-.:ov^<>1234spP*hH+xXDd|_bgrcmykwC059z "


@settings(max_examples=300, deadline=None)
@given(st.text(FORMAT_ALPHABET, max_size=6))
def test_any_format_string_is_read_or_refused_with_a_key(fmt):
    try:
        linestyle, marker, colour = pyplot.parse_format(fmt)
    except ValueError as err:
        assert err.key.startswith("plot.format") or err.key == "plot.color"
        return
    if linestyle is None:  # a colour alone, as matplotlib reads 'b' or 'red': a solid line
        assert marker is None and isinstance(colour, str)
        return
    assert linestyle in ("", "-", "--", "-.", ":")
    assert marker == "" or marker in pyplot.MARKERS
    assert linestyle or marker  # matplotlib draws a line when the string names neither
    assert colour is None or isinstance(colour, str)


# --- both tensor levels --------------------------------------------------------------------------

LEVELS_FIT = """
x = torch.linspace(-math.pi, math.pi, {n})
y = torch.sin(x)
a = torch.zeros((), requires_grad=True)
b = torch.zeros((), requires_grad=True)
for t in range({steps}):
    y_pred = a + b * x
    loss = (y_pred - y).pow(2).sum()
    loss.backward()
    with torch.no_grad():
        a -= 1e-4 * a.grad
        b -= 1e-4 * b.grad
        a.grad = None
        b.grad = None
plt.plot(x, y, label='sin(x)')
plt.plot(x, y_pred.detach(), 'r--', label='fit')
plt.hist(y, bins=5)
"""


def test_both_levels_record_the_same_figures():
    # the same figures, numbers aside: the levels' float32 arithmetic is compared elsewhere (the
    # scalar level's linspace is a float32 step from torch's at some points)
    code = IMPORT + "import math\n" + LEVELS_FIT.format(n=50, steps=5)
    scalar, tensor = (evaluate(code, level=level) for level in ("scalar", "tensor"))
    assert (scalar.level, tensor.level) == ("scalar", "tensor")
    (a,), (b,) = scalar.plots, tensor.plots
    assert len(a.traces) == len(b.traces) == 3
    for s_trace, t_trace in zip(a.traces, b.traces, strict=True):
        assert s_trace.x == pytest.approx(t_trace.x, rel=1e-6, abs=1e-6)
        assert s_trace.y == pytest.approx(t_trace.y, rel=1e-6, abs=1e-6)
        assert (s_trace.kind, s_trace.color, s_trace.label) == (t_trace.kind, t_trace.color,
                                                                t_trace.label)
    assert (a.title, a.legend, a.grid) == (b.title, b.legend, b.grid)


def test_tensors_of_the_tensor_level_are_plotted():
    # the tutorial's 2,000 points, past what the scalar level holds
    ev = evaluate(IMPORT + "import math\n" + LEVELS_FIT.format(n=2000, steps=20), level="tensor")
    data, fit, hist = ev.plots[0].traces
    assert len(data.x) == len(fit.y) == 2000 and fit.color == "#ff0000"
    assert sum(hist.y) == 2000


def test_what_is_plotted_is_what_torch_computes():
    torch = require_torch()
    ev = evaluate(IMPORT + "import math\n" + LEVELS_FIT.format(n=2000, steps=20), level="tensor")
    data, fit, _ = ev.plots[0].traces
    x = torch.linspace(-math.pi, math.pi, 2000, dtype=torch.float32)
    a = torch.zeros((), dtype=torch.float32, requires_grad=True)
    b = torch.zeros((), dtype=torch.float32, requires_grad=True)
    for _ in range(20):
        y_pred = a + b * x
        loss = (y_pred - torch.sin(x)).pow(2).sum()
        loss.backward()
        with torch.no_grad():
            a -= 1e-4 * a.grad
            b -= 1e-4 * b.grad
            a.grad = None
            b.grad = None
    assert data.x == tuple(x.tolist())  # exactly torch's float32 numbers
    # sin and the fit within a float32 step (torch's vectorised sin is not always correctly
    # rounded: the engine's differs in the last bit at a few points)
    assert data.y == pytest.approx(torch.sin(x).tolist(), rel=1e-6, abs=1e-7)
    assert fit.y == pytest.approx(y_pred.detach().tolist(), rel=1e-6, abs=1e-6)
