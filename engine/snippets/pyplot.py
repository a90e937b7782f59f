"""``import matplotlib.pyplot as plt`` for snippets: every call is recorded, nothing is drawn.

This is not matplotlib. A snippet's pyplot calls add to a plain-data description of its figures
(``Plot``s of ``Trace``s), kept per evaluation in a context variable as ``pyrandom`` keeps its
generator; ``evaluate`` hands them to the Evaluation and the Explore page draws them with plotly
(``viz/plots.py``). What a call records follows matplotlib: a format string such as ``'r--'`` is
read as matplotlib reads it, a trace without a colour takes the next colour of matplotlib's
default cycle (lines, and patches such as bars, each with their own), a histogram's counts are
numpy's, as matplotlib's are. ``savefig`` writes nothing anywhere. Every figure, trace, point and
text is bounded.
"""

import contextvars
import functools
import inspect
import math
import numbers
import re
from dataclasses import dataclass, replace

import numpy as np

from ..autograd.value import Value
from ..messages import Message, keyed
from ..torchlike.sizes import MAX_ELEMENTS
from ..torchlike.tensor import TensorBase as Tensor  # a tensor of either level

MAX_FIGURES = 10  # figures one evaluation may make
MAX_TRACES = 50  # lines, scatters, bar sets and histograms in one figure
MAX_TRACE_POINTS = 20_000  # points (or bars, or bins) of one trace
MAX_POINTS = 50_000  # points of all traces of all figures: what the browser is sent
MAX_HIST_VALUES = MAX_ELEMENTS  # numbers one hist() call may count into its bins
MAX_BINS = 1_000
MAX_TEXT = 200  # characters of a title, label or category
MAX_SIZE = 1_000.0  # points: a line width, a marker size or a scatter's area beyond is drawn so

# matplotlib's default colour cycle ('tab10', rcParams['axes.prop_cycle']): C0, C1, ...
CYCLE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
         "#7f7f7f", "#bcbd22", "#17becf")
BASE_COLORS = {"b": "#0000ff", "g": "#008000", "r": "#ff0000", "c": "#00bfbf", "m": "#bf00bf",
               "y": "#bfbf00", "k": "#000000", "w": "#ffffff"}
TABLEAU = {f"tab:{name}": color for name, color in zip(
    ("blue", "orange", "green", "red", "purple", "brown", "pink", "gray", "olive", "cyan"),
    CYCLE, strict=True)} | {"tab:grey": CYCLE[7]}
# the CSS colour names matplotlib knows (its CSS4_COLORS), which plotly draws under the same names
CSS_COLORS = frozenset("""
aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet
brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue
darkcyan darkgoldenrod darkgray darkgrey darkgreen darkkhaki darkmagenta darkolivegreen darkorange
darkorchid darkred darksalmon darkseagreen darkslateblue darkslategray darkslategrey darkturquoise
darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite forestgreen
fuchsia gainsboro ghostwhite gold goldenrod gray grey green greenyellow honeydew hotpink indianred
indigo ivory khaki lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan
lightgoldenrodyellow lightgray lightgrey lightgreen lightpink lightsalmon lightseagreen
lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen
magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen
mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream
mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid
palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum
powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen
seashell sienna silver skyblue slateblue slategray slategrey snow springgreen steelblue tan teal
thistle tomato turquoise violet wheat white whitesmoke yellow yellowgreen
""".split())
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
# matplotlib's line styles (format-string symbols and names) -> the symbol recorded ('' = none)
LINESTYLES = {"-": "-", "--": "--", "-.": "-.", ":": ":", "solid": "-", "dashed": "--",
              "dashdot": "-.", "dotted": ":", "None": "", "none": "", " ": "", "": ""}
# matplotlib's marker symbols (Line2D.markers, the one-character ones)
MARKERS = frozenset(".,ov^<>12348spP*hH+xXDd|_")
# colormaps a scatter's numbers may be drawn through (matplotlib's default is viridis)
CMAPS = frozenset(("viridis", "plasma", "inferno", "magma", "cividis", "jet", "rainbow",
                   "coolwarm", "RdBu", "bwr", "Blues", "Reds", "Greens", "Greys", "hot"))
SCALES = ("linear", "log")
LEGEND_PLACES = ("best", "upper right", "upper left", "lower left", "lower right", "right",
                 "center left", "center right", "lower center", "upper center", "center")
INCH = 100  # pixels per inch of figsize (matplotlib's default dpi)
DEFAULT_SIZE = (6.4, 4.8)  # matplotlib's default figsize, inches


@dataclass(frozen=True)
class Trace:
    """One recorded line, scatter, bar set or histogram, as plain data.

    ``x`` and ``y`` are tuples of floats (``x`` may hold category names); a histogram's ``x``
    holds its bin edges and ``y`` its counts. ``color`` is what plotly draws (``'#rrggbb'``, a
    CSS name or ``'rgba(...)'``), or a tuple of one per point; ``values`` are a scatter's numbers
    drawn through ``cmap``. ``linestyle`` is ``'-'``, ``'--'``, ``'-.'``, ``':'`` or ``''`` (no
    line), ``marker`` a matplotlib marker symbol or ``''``; sizes are in points, as matplotlib's.
    """

    kind: str  # "line", "scatter", "bar" or "hist"
    x: tuple
    y: tuple
    label: str | None = None
    color: object = None
    values: tuple = ()
    cmap: str | None = None
    linestyle: str = "-"
    marker: str = ""
    linewidth: float = 1.5
    markersize: float = 6.0  # a line's marker: points across; a scatter's: points squared
    sizes: tuple = ()  # a scatter's sizes per point (points squared), when given as a list
    alpha: float | None = None
    width: tuple = ()  # bars: one width per bar
    base: tuple = ()  # bars: one bottom per bar


@dataclass(frozen=True)
class Plot:
    """One recorded figure (with its one axes), as plain data."""

    traces: tuple = ()
    title: str = ""
    xlabel: str = ""
    ylabel: str = ""
    text_sizes: tuple = ()  # (("title", points), ("xlabel", points)...) where a fontsize was given
    legend: bool = False
    legend_loc: str = "best"
    grid: tuple = (False, False)  # x, y
    xlim: tuple = (None, None)
    ylim: tuple = (None, None)
    xscale: str = "linear"
    yscale: str = "linear"
    size: tuple = DEFAULT_SIZE  # inches, as figsize


# --- the recording: one per evaluation ------------------------------------------------------------


class _Recording:
    """The figures of one evaluation, the current one, and the points recorded so far."""

    __slots__ = ("figures", "current", "points", "cells")

    def __init__(self):
        self.figures = []
        self.current = None
        self.points = 0
        self.cells = {}  # subplot index -> its figure, for the grid subplot() is filling

    def charge(self, n):
        if n > MAX_TRACE_POINTS:
            raise keyed(ValueError, "plot.too_many_points", n=n, limit=MAX_TRACE_POINTS)
        if self.points + n > MAX_POINTS:
            raise keyed(ValueError, "plot.too_many_total", limit=MAX_POINTS)
        self.points += n

    def new_figure(self, size=DEFAULT_SIZE, num=None):
        if len(self.figures) >= MAX_FIGURES:
            raise keyed(ValueError, "plot.too_many_figures", limit=MAX_FIGURES)
        fig = Figure(self, num if num is not None else len(self.figures) + 1, size)
        self.figures.append(fig)
        self.current = fig
        return fig

    def figure(self):
        return self.current if self.current is not None else self.new_figure()


_RECORDING = contextvars.ContextVar("pyplot_recording", default=None)


def start():
    """Give the evaluation running in this context an empty recording."""
    _RECORDING.set(_Recording())


def _recording():
    recording = _RECORDING.get()
    if recording is None:
        recording = _Recording()
        _RECORDING.set(recording)
    return recording


def recorded():
    """The figures the evaluation running drew, as a tuple of Plots (empty figures left out)."""
    recording = _RECORDING.get()
    if recording is None:
        return ()
    return tuple(fig.axes.plot_data() for fig in recording.figures if fig.axes.traces)


# --- checking what a call was given ---------------------------------------------------------------


def _kind(x):
    from .namespaces import type_name  # namespaces builds its `plt` from this module

    return type_name(x)


def _text(value, what):
    """A title, label or category as matplotlib shows it (numbers too), bounded in length."""
    if isinstance(value, bool) or not isinstance(value, (str, numbers.Real)) \
            or isinstance(value, Value):
        raise keyed(TypeError, "plot.text", what=what, kind=_kind(value))
    text = value if isinstance(value, str) else str(value)
    if len(text) > MAX_TEXT:
        raise keyed(ValueError, "plot.text_long", n=len(text), limit=MAX_TEXT)
    return text


def _number(value, what, least=None):
    """A real number argument (a one-element tensor too)."""
    if isinstance(value, Tensor) and value.numel() == 1:
        value = _tensor_values(value)[0]
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or isinstance(value, Value):
        raise keyed(TypeError, "plot.number", what=what, kind=_kind(value))
    value = float(value)
    if least is not None and not value >= least:
        raise keyed(ValueError, "plot.number_range", what=what, value=value, least=least)
    return value


def _points(value, what):
    """A size in points (a line width, a marker size, a scatter's area), at least 0."""
    return min(_number(value, what, 0), MAX_SIZE)


def _alpha(value):
    if value is None:
        return None
    alpha = _number(value, "alpha")
    if not 0 <= alpha <= 1:
        raise keyed(ValueError, "plot.alpha", value=value)
    return alpha


def color(spec):
    """A matplotlib colour as plotly draws it: '#rrggbb', a CSS name or 'rgba(r, g, b, a)'."""
    if isinstance(spec, str):
        if len(spec) <= 40:
            lower = spec.lower()
            if spec in BASE_COLORS:
                return BASE_COLORS[spec]
            if lower in CSS_COLORS:
                return lower
            if lower in TABLEAU:
                return TABLEAU[lower]
            cn = re.fullmatch(r"C(\d+)", spec)
            if cn:
                return CYCLE[int(cn[1]) % len(CYCLE)]
            if _HEX.fullmatch(spec):
                return lower
            try:
                gray = float(spec)  # matplotlib's grey levels: '0.5'
            except ValueError:
                gray = None
            if gray is not None and 0 <= gray <= 1:
                level = round(gray * 255)
                return f"#{level:02x}{level:02x}{level:02x}"
        raise keyed(ValueError, "plot.color", color=spec[:40])
    if isinstance(spec, tuple) and len(spec) in (3, 4) \
            and all(isinstance(c, numbers.Real) and not isinstance(c, bool) for c in spec) \
            and all(0 <= c <= 1 for c in spec):
        r, g, b = (round(c * 255) for c in spec[:3])
        a = spec[3] if len(spec) == 4 else 1
        return f"rgba({r}, {g}, {b}, {a:g})"
    raise keyed(ValueError, "plot.color", color=_kind(spec) if not isinstance(spec, tuple)
                else str(spec)[:40])


_PARTS = {"linestyle": Message("plot.part.linestyle"), "marker": Message("plot.part.marker"),
          "color": Message("plot.part.color")}


def parse_format(fmt):
    """(linestyle, marker, color) of a format string as matplotlib reads it; None where the
    format string says nothing (then the keywords and the defaults decide)."""
    if len(fmt) > 40:
        raise keyed(ValueError, "plot.format_char", fmt=fmt[:40], char=fmt[40])
    if fmt not in ("0", "1"):  # '1' is the tri_down marker, not a grey level
        try:
            return None, None, color(fmt)  # a colour alone: a solid line of that colour
        except ValueError:
            pass
    linestyle = marker = spec = None
    i = 0
    while i < len(fmt):
        c = fmt[i]
        if fmt[i:i + 2] in ("--", "-."):
            part, linestyle, i = ("linestyle" if linestyle else None), fmt[i:i + 2], i + 2
        elif c in "-:":
            part, linestyle, i = ("linestyle" if linestyle else None), c, i + 1
        elif c in MARKERS:
            part, marker, i = ("marker" if marker else None), c, i + 1
        elif c in BASE_COLORS:
            part, spec, i = ("color" if spec else None), BASE_COLORS[c], i + 1
        elif c == "C":
            cn = re.match(r"C\d+", fmt[i:])
            if not cn:
                raise keyed(ValueError, "plot.format_cycle", fmt=fmt)
            part, spec, i = None, color(cn[0]), i + len(cn[0])
        else:
            raise keyed(ValueError, "plot.format_char", fmt=fmt, char=c)
        if part:
            raise keyed(ValueError, "plot.format_twice", fmt=fmt, part=_PARTS[part])
    if linestyle is None and marker is None:
        linestyle = "-"
    return linestyle or "", marker or "", spec


def _linestyle(value):
    if not isinstance(value, str) or value not in LINESTYLES:
        raise keyed(ValueError, "plot.linestyle", value=str(value)[:40])
    return LINESTYLES[value]


def _marker(value):
    if value in (None, "None", "none", "", " "):
        return ""
    if not (isinstance(value, str) and value in MARKERS):
        raise keyed(ValueError, "plot.marker", value=str(value)[:40])
    return value


def _tensor_values(t):
    """A tensor's numbers, as matplotlib reads a tensor (through numpy: never one with grad)."""
    if t.requires_grad:
        raise keyed(RuntimeError, "plot.requires_grad")
    return t.detach().reshape(-1).tolist()


def _scalar(x, func):
    """One number of the data (a one-element tensor too), as a float."""
    if isinstance(x, Tensor) and x.numel() == 1:
        return float(_tensor_values(x)[0])
    if isinstance(x, Value):
        raise keyed(TypeError, "plot.value", func=func)
    if isinstance(x, bool) or isinstance(x, numbers.Real):
        return float(x)
    raise keyed(TypeError, "plot.data", func=func, kind=_kind(x))


def columns(data, func, limit=MAX_TRACE_POINTS, categories=False):
    """The data of a call as matplotlib reads an array of at most 2 dimensions: a list of
    columns (each a list of floats, or of category names where ``categories`` allows them),
    and the number of rows. Sizes are checked before anything is converted."""
    if isinstance(data, Tensor):
        if data.dim() > 2:
            raise keyed(ValueError, "plot.dims", func=func, ndim=data.dim())
        n = data.shape[0] if data.dim() else 1
        if data.numel() > limit:
            raise keyed(ValueError, "plot.too_many_points", n=data.numel(), limit=limit)
        flat = [float(v) for v in _tensor_values(data)]
        if data.dim() < 2:
            return [flat], n
        width = data.shape[1]
        return [flat[j::width] for j in range(width)], n
    if isinstance(data, (list, tuple, range)):
        if len(data) > limit:
            raise keyed(ValueError, "plot.too_many_points", n=len(data), limit=limit)
        if categories and data and all(isinstance(x, str) for x in data):
            return [[_text(x, "category") for x in data]], len(data)
        rows = [_row(x, func) for x in data]
        widths = {len(r) for r in rows if r is not None}
        if not widths:
            return [[_scalar(x, func) for x in data]], len(data)
        if None in rows or len(widths) > 1:
            raise keyed(ValueError, "plot.ragged", func=func)
        width = widths.pop()
        if width * len(rows) > limit:
            raise keyed(ValueError, "plot.too_many_points", n=width * len(rows), limit=limit)
        return [[_scalar(r[j], func) for r in rows] for j in range(width)], len(rows)
    return [[_scalar(data, func)]], 1


def _row(x, func):
    """A row of a 2-d list (a list, tuple or 1-d tensor), or None for a number."""
    if isinstance(x, (list, tuple)):
        if any(isinstance(v, (list, tuple)) or isinstance(v, Tensor) and v.dim() > 0 for v in x):
            raise keyed(ValueError, "plot.dims", func=func, ndim=3)
        return x
    if isinstance(x, Tensor) and x.dim() > 0:
        if x.dim() > 1:
            raise keyed(ValueError, "plot.dims", func=func, ndim=x.dim() + 1)
        return _tensor_values(x)
    return None


def _flat(data, func, limit=MAX_TRACE_POINTS, categories=False):
    """The data as one list of numbers (scatter and hist flatten theirs, as matplotlib does)."""
    cols, n = columns(data, func, limit, categories)
    if len(cols) == 1:
        return cols[0]
    return [v for row in zip(*cols, strict=True) for v in row] if n else []


def _per_point(value, n, what, func):
    """A number or a list of one number per point (sizes, widths, bottoms)."""
    if isinstance(value, (list, tuple, range, Tensor)):
        values = _flat(value, func)
        if len(values) != n:
            raise keyed(ValueError, "plot.length", what=what, n=len(values), points=n)
        return tuple(values)
    return (_number(value, what),) * n


def _colors(value, n, func):
    """One colour, or a colour per point: (color, values) where ``values`` are numbers to draw
    through a colormap (matplotlib's ``c=`` of numbers)."""
    if isinstance(value, str) or isinstance(value, tuple) and len(value) in (3, 4) \
            and all(isinstance(v, numbers.Real) for v in value) and n != len(value):
        return color(value), ()
    if isinstance(value, (list, tuple, Tensor, range)):
        if isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value):
            if len(value) != n:
                raise keyed(ValueError, "plot.length", what="color", n=len(value), points=n)
            return tuple(color(v) for v in value), ()
        values = _flat(value, func)
        if len(values) != n:
            raise keyed(ValueError, "plot.length", what="c", n=len(values), points=n)
        return None, tuple(values)
    return color(value), ()


def _one_of(color_value, c_value):
    if color_value is not None and c_value is not None:
        raise keyed(TypeError, "plot.aliases", first="color", second="c")
    return color_value if color_value is not None else c_value


def _limits(args, low, high, names):
    """xlim/ylim's arguments: (low, high), ((low, high),) or keywords."""
    if len(args) == 1 and isinstance(args[0], (list, tuple)):
        args = tuple(args[0])
    if len(args) > 2:
        raise keyed(TypeError, "plot.limits", names=names)
    if args:
        if low is not None or high is not None:
            raise keyed(TypeError, "plot.limits", names=names)
        low, high = (tuple(args) + (None,))[:2]
    limits = tuple(None if v is None else _number(v, names) for v in (low, high))
    if not all(v is None or math.isfinite(v) for v in limits):
        raise keyed(ValueError, "plot.limits_finite")
    return limits


def _scale(value):
    if value not in SCALES:
        raise keyed(ValueError, "plot.scale", value=str(value)[:40], offers=", ".join(SCALES))
    return value


# --- what the snippet holds: a figure and its one axes --------------------------------------------


class Axes:
    """The one axes of a recorded figure: its methods record what they draw, and return None."""

    __slots__ = ("_recording", "traces", "_title", "_xlabel", "_ylabel", "_sizes", "_legend",
                 "_legend_loc", "_grid", "_xlim", "_ylim", "_xscale", "_yscale", "_lines",
                 "_patches", "_figure")

    def __init__(self, recording, figure):
        self._recording = recording
        self._figure = figure
        self.traces = []
        self._title = self._xlabel = self._ylabel = ""
        self._sizes = {}
        self._legend = False
        self._legend_loc = "best"
        self._grid = (False, False)
        self._xlim = self._ylim = (None, None)
        self._xscale = self._yscale = "linear"
        self._lines = self._patches = 0  # how far each of matplotlib's colour cycles has gone

    def __repr__(self):
        return f"<Axes: title={{'center': {self._title!r}}}>" if self._title else "<Axes: >"

    def plot_data(self):
        """This axes as a Plot (plain data)."""
        return Plot(tuple(self.traces), self._title, self._xlabel, self._ylabel,
                    tuple(sorted(self._sizes.items())), self._legend, self._legend_loc,
                    self._grid, self._xlim, self._ylim, self._xscale, self._yscale,
                    self._figure.size)

    def _add(self, trace, points):
        if len(self.traces) >= MAX_TRACES:
            raise keyed(ValueError, "plot.too_many_traces", limit=MAX_TRACES)
        self._recording.charge(points)
        self.traces.append(trace)

    def _next_line_color(self):
        self._lines += 1
        return CYCLE[(self._lines - 1) % len(CYCLE)]

    def _next_patch_color(self):
        self._patches += 1
        return CYCLE[(self._patches - 1) % len(CYCLE)]

    # --- drawing ---------------------------------------------------------------------------------
    def plot(self, *args, label=None, color=None, c=None, linestyle=None, ls=None, marker=None,
             linewidth=None, lw=None, markersize=None, ms=None, alpha=None):
        """plot([x], y, [fmt], ...): lines and markers, as matplotlib's plot."""
        kw = {"label": None if label is None else _text(label, "label"),
              "color": _one_of(color, c), "linestyle": _one_of_alias(linestyle, ls, "linestyle",
                                                                        "ls"),
              "marker": marker, "linewidth": _one_of_alias(linewidth, lw, "linewidth", "lw"),
              "markersize": _one_of_alias(markersize, ms, "markersize", "ms"),
              "alpha": _alpha(alpha)}
        groups = []
        while args:  # (x, y), (y,), each with its format string, as matplotlib takes them apart
            this, args = args[:2], args[2:]
            if args and isinstance(args[0], str):
                this, args = this + (args[0],), args[1:]
            groups.append(this)
        for group in groups:
            self._plot_group(group, kw)

    def _plot_group(self, group, kw):
        fmt = (None, None, None)
        if len(group) > 1 and isinstance(group[-1], str):
            *xy, text = group
            fmt = parse_format(text)
        else:
            xy = list(group)
        if len(xy) == 2:
            xs, nx = columns(xy[0], "plot", categories=True)
            ys, ny = columns(xy[1], "plot")
            if nx != ny:
                raise keyed(ValueError, "plot.lengths", nx=nx, ny=ny)
        else:
            ys, ny = columns(xy[0], "plot")
            xs = [[float(i) for i in range(ny)]]
        if len(xs) > 1 and len(ys) > 1 and len(xs) != len(ys):
            raise keyed(ValueError, "plot.columns", nx=len(xs), ny=len(ys))
        linestyle = _linestyle(kw["linestyle"]) if kw["linestyle"] is not None \
            else fmt[0] if fmt[0] is not None else "-"
        marker = _marker(kw["marker"]) if kw["marker"] is not None else fmt[1] or ""
        for j in range(max(len(xs), len(ys))):
            spec = kw["color"] if kw["color"] is not None else fmt[2]
            drawn = color(spec) if spec is not None and spec is not fmt[2] else spec
            x, y = xs[j % len(xs)], ys[j % len(ys)]
            self._add(Trace(
                "line", tuple(x), tuple(y), kw["label"],
                drawn if drawn is not None else self._next_line_color(),
                linestyle=linestyle, marker=marker,
                linewidth=1.5 if kw["linewidth"] is None else _points(kw["linewidth"],
                                                                      "linewidth"),
                markersize=6.0 if kw["markersize"] is None else _points(kw["markersize"],
                                                                        "markersize"),
                alpha=kw["alpha"]), len(y))

    def semilogy(self, *args, **kwargs):
        """plot(...) with a logarithmic y axis."""
        self.plot(*args, **kwargs)
        self._yscale = "log"

    def scatter(self, x, y, s=None, c=None, marker=None, cmap=None, alpha=None, label=None,
                color=None):
        """scatter(x, y, s=None, c=None, marker='o', ...): markers, as matplotlib's scatter."""
        xs = _flat(x, "scatter")
        ys = _flat(y, "scatter")
        if len(xs) != len(ys):
            raise keyed(ValueError, "plot.same_size")
        n = len(xs)
        spec = _one_of(color, c)
        if spec is None:
            drawn, values = self._next_patch_color(), ()
        else:
            drawn, values = _colors(spec, n, "scatter")
        if cmap is not None and cmap not in CMAPS:
            raise keyed(ValueError, "plot.cmap", name=str(cmap)[:40],
                        offers=", ".join(sorted(CMAPS)))
        sizes = () if s is None or not isinstance(s, (list, tuple, range, Tensor)) \
            else tuple(min(v, MAX_SIZE) if v >= 0 else 0.0  # matplotlib draws no marker for
                       for v in _per_point(s, n, "s", "scatter"))  # a negative or nan area
        self._add(Trace(
            "scatter", tuple(xs), tuple(ys), None if label is None else _text(label, "label"),
            drawn, values, (cmap or "viridis") if values else None, linestyle="",
            marker=_marker("o" if marker is None else marker),
            markersize=36.0 if s is None or sizes else _points(s, "s"), sizes=sizes,
            alpha=_alpha(alpha)), n)

    def bar(self, x, height, width=0.8, bottom=None, *, align="center", color=None,
            label=None, alpha=None):
        """bar(x, height, width=0.8, bottom=None, align='center', ...): bars."""
        xs = _flat(x, "bar", categories=True)
        heights = _flat(height, "bar")
        if len(xs) == 1 and len(heights) > 1:
            xs = xs * len(heights)
        elif len(heights) == 1 and len(xs) > 1:
            heights = heights * len(xs)
        if len(xs) != len(heights):
            raise keyed(ValueError, "plot.length", what="height", n=len(heights),
                        points=len(xs))
        n = len(xs)
        widths = _per_point(width, n, "width", "bar")
        bases = _per_point(0 if bottom is None else bottom, n, "bottom", "bar")
        if align not in ("center", "edge"):
            raise keyed(ValueError, "plot.align", value=str(align)[:40])
        if align == "edge" and all(isinstance(v, float) for v in xs):
            xs = [v + w / 2 for v, w in zip(xs, widths, strict=True)]
        drawn = self._next_patch_color() if color is None else _colors(color, n, "bar")[0]
        if drawn is None:  # numbers: bars take colours, not a colormap's values
            raise keyed(ValueError, "plot.color", color=str(color)[:40])
        self._add(Trace("bar", tuple(xs), tuple(heights),
                        None if label is None else _text(label, "label"), drawn,
                        alpha=_alpha(alpha), width=widths, base=bases), n)

    def hist(self, x, bins=10, range=None, density=False, color=None, label=None, alpha=None):
        """hist(x, bins=10, range=None, density=False, ...): numpy.histogram's counts, as bars."""
        bins = _bins(bins)
        cols, _ = columns(x, "hist", MAX_HIST_VALUES)
        if len(cols) > 1:
            raise keyed(ValueError, "plot.hist_datasets", n=len(cols))
        if range is not None:
            if not (isinstance(range, (list, tuple)) and len(range) == 2):
                raise keyed(TypeError, "plot.hist_range")
            range = tuple(_number(v, "range") for v in range)
        try:
            with np.errstate(all="ignore"):  # numpy's overflow warnings: its error says it all
                counts, edges = np.histogram(np.array(cols[0], dtype=float), bins=bins,
                                             range=range, density=bool(density))
        except ValueError as err:  # numpy's own words: a range of nan, edges not increasing
            raise keyed(ValueError, "plot.hist", detail=str(err)) from None
        drawn = self._next_patch_color() if color is None else _colors(color, 1, "hist")[0]
        self._add(Trace("hist", tuple(float(e) for e in edges),
                        tuple(float(v) for v in counts),
                        None if label is None else _text(label, "label"), drawn,
                        alpha=_alpha(alpha)), len(counts))

    # --- the words and the axes ----------------------------------------------------------------
    def set_title(self, label, fontsize=None):
        """The figure's title."""
        self._title = _text(label, "title")
        self._size("title", fontsize)

    def set_xlabel(self, xlabel, fontsize=None):
        """The x axis's label."""
        self._xlabel = _text(xlabel, "xlabel")
        self._size("xlabel", fontsize)

    def set_ylabel(self, ylabel, fontsize=None):
        """The y axis's label."""
        self._ylabel = _text(ylabel, "ylabel")
        self._size("ylabel", fontsize)

    def _size(self, what, fontsize):
        if fontsize is not None:
            self._sizes[what] = _number(fontsize, "fontsize", 1)

    def legend(self, labels=None, loc=None, fontsize=None):
        """Show the legend of the labelled traces; ``legend(['a', 'b'])`` labels them in order."""
        if labels is not None:
            if not isinstance(labels, (list, tuple)):
                raise keyed(TypeError, "plot.legend_labels", kind=_kind(labels))
            texts = [_text(v, "label") for v in labels[:MAX_TRACES]]
            self.traces[:len(texts)] = [replace(t, label=text)
                                        for t, text in zip(self.traces, texts, strict=False)]
        if loc is not None:
            if loc not in LEGEND_PLACES:
                raise keyed(ValueError, "plot.legend_loc", value=str(loc)[:40],
                            offers=", ".join(LEGEND_PLACES))
            self._legend_loc = loc
        self._size("legend", fontsize)
        self._legend = True

    def grid(self, visible=None, which="major", axis="both"):
        """Grid lines on or off (``grid()`` alone switches them, as matplotlib's)."""
        if axis not in ("both", "x", "y"):
            raise keyed(ValueError, "plot.grid_axis", value=str(axis)[:40])
        on = self._grid
        for i, name in enumerate("xy"):
            if axis in ("both", name):
                on = on[:i] + ((not on[i]) if visible is None else bool(visible),) + on[i + 1:]
        self._grid = on

    def set_xlim(self, *args, left=None, right=None):
        """The x axis's range: (left, right); None keeps that end automatic."""
        self._xlim = _limits(args, left, right, "xlim")

    def set_ylim(self, *args, bottom=None, top=None):
        """The y axis's range: (bottom, top); None keeps that end automatic."""
        self._ylim = _limits(args, bottom, top, "ylim")

    def set_xscale(self, value):
        """'linear' or 'log'."""
        self._xscale = _scale(value)

    def set_yscale(self, value):
        """'linear' or 'log'."""
        self._yscale = _scale(value)


def _one_of_alias(value, alias, name, alias_name):
    if value is not None and alias is not None:
        raise keyed(TypeError, "plot.aliases", first=name, second=alias_name)
    return value if value is not None else alias


def _bins(bins):
    """hist's bins: a count, or the edges (increasing, which numpy checks)."""
    if isinstance(bins, (list, tuple, range, Tensor)):
        edges = _flat(bins, "hist", MAX_BINS + 1)
        if len(edges) < 2:
            raise keyed(ValueError, "plot.bins", limit=MAX_BINS)
        return edges
    if isinstance(bins, bool) or not isinstance(bins, numbers.Integral) \
            or not 1 <= bins <= MAX_BINS:
        raise keyed(ValueError, "plot.bins", limit=MAX_BINS)
    return int(bins)


class Figure:
    """A recorded figure: its size and its one axes."""

    __slots__ = ("_recording", "number", "size", "axes")

    def __init__(self, recording, number, size=DEFAULT_SIZE):
        self._recording = recording
        self.number = number
        self.size = size
        self.axes = Axes(recording, self)

    def __repr__(self):
        w, h = self.size
        return f"Figure({round(w * INCH)}x{round(h * INCH)})"

    def gca(self):
        """The figure's one axes."""
        return self.axes

    def savefig(self, *args, **kwargs):
        """Records nothing and writes nothing: the figure is on the page already."""

    def show(self, *args, **kwargs):
        """Nothing to do: every figure is shown under the printed output."""

    def tight_layout(self, *args, **kwargs):
        """Nothing to do: the charts lay themselves out."""


# --- the pyplot module: each drawing function draws on the current axes ---------------------------


def _size(figsize):
    if figsize is None:
        return DEFAULT_SIZE
    if not (isinstance(figsize, (list, tuple)) and len(figsize) == 2):
        raise keyed(TypeError, "plot.figsize")
    return tuple(max(min(_number(v, "figsize", 0), 50.0), 0.5) for v in figsize)


def figure(num=None, figsize=None, dpi=None):
    """A new figure, which later calls draw on; ``figure(n)`` again makes figure n current."""
    recording = _recording()
    recording.cells = {}
    if num is not None:
        for fig in recording.figures:
            if fig.number == num:
                recording.current = fig
                return fig
        if not (isinstance(num, int) or isinstance(num, str) and len(num) <= MAX_TEXT):
            raise keyed(TypeError, "plot.figure_num", kind=_kind(num))
    return recording.new_figure(_size(figsize), num)


def subplot(*args):
    """``plt.subplot(nrows, ncols, index)`` or ``plt.subplot(211)``: the axes of that cell of a
    grid. Here each cell is a chart of its own, drawn in order (the page draws one axes per
    figure); ``subplot`` of a cell already made draws on it again."""
    if len(args) == 1 and isinstance(args[0], int) and 111 <= args[0] <= 999:
        args = tuple(int(d) for d in str(args[0]))
    if len(args) != 3 or not all(isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 99
                                 for n in args) or args[2] > args[0] * args[1]:
        raise keyed(ValueError, "plot.subplot", given=", ".join(str(a)[:20] for a in args[:4]))
    recording = _recording()
    index = args[2]
    if index not in recording.cells or recording.cells[index] not in recording.figures:
        recording.cells[index] = recording.new_figure()
    recording.current = recording.cells[index]
    return recording.current.axes


def subplots(nrows=1, ncols=1, *, figsize=None, dpi=None):
    """(figure, axes) of a new figure with one axes: ``fig, ax = plt.subplots()``."""
    if nrows != 1 or ncols != 1:
        raise keyed(ValueError, "plot.subplots", nrows=str(nrows)[:20], ncols=str(ncols)[:20])
    fig = _recording().new_figure(_size(figsize))
    return fig, fig.axes


def gca():
    """The current figure's axes (a new figure's, when there is none)."""
    return _recording().figure().axes


def gcf():
    """The current figure (a new one, when there is none)."""
    return _recording().figure()


def show(*args, **kwargs):
    """Ends the current figure, as a script's show() does: the next drawing starts a new one."""
    _recording().current = None
    _recording().cells = {}


def close(fig=None):
    """Ends the current figure (its drawing stays on the page); the next drawing starts anew."""
    _recording().current = None
    _recording().cells = {}


def savefig(*args, **kwargs):
    """Records nothing and writes nothing: the figure is on the page already."""


def tight_layout(*args, **kwargs):
    """Nothing to do: the charts lay themselves out."""


# pyplot's name -> the Axes method it calls on the current axes (one table makes both)
ON_AXES = {"plot": "plot", "scatter": "scatter", "bar": "bar", "hist": "hist",
           "semilogy": "semilogy", "title": "set_title", "xlabel": "set_xlabel",
           "ylabel": "set_ylabel", "legend": "legend", "grid": "grid", "xlim": "set_xlim",
           "ylim": "set_ylim", "xscale": "set_xscale", "yscale": "set_yscale"}


def _on_current_axes(method):
    unbound = getattr(Axes, method)
    signature = inspect.signature(unbound)

    @functools.wraps(unbound)
    def call(*args, **kwargs):
        return getattr(gca(), method)(*args, **kwargs)

    call.__signature__ = signature.replace(parameters=list(signature.parameters.values())[1:])
    return call


FUNCTIONS = {name: _on_current_axes(method) for name, method in ON_AXES.items()} | {
    "figure": figure, "subplot": subplot, "subplots": subplots, "gca": gca, "gcf": gcf,
    "show": show,
    "close": close, "savefig": savefig, "tight_layout": tight_layout,
}
AXES_METHODS = tuple(ON_AXES.values())
FIGURE_METHODS = ("gca", "savefig", "show", "tight_layout", "number")
# pyplot and Axes names people use that this recording does not offer: the snippet is told so
NOT_OFFERED = frozenset((
    "imshow", "axis", "axhline", "axvline", "hlines", "vlines", "fill_between",
    "fill", "errorbar", "pie", "contour", "contourf", "text", "annotate", "semilogx", "loglog",
    "xticks", "yticks", "colorbar", "step", "stem", "barh", "boxplot", "violinplot",
    "pcolormesh", "quiver", "twinx", "suptitle", "style", "rc", "rcParams", "ion", "ioff",
    "pause", "draw", "clf", "cla", "margins", "stackplot", "polar", "matshow", "hexbin",
    "figtext", "tick_params", "get_cmap", "cm", "setp", "axes", "subplots_adjust",
    "set_xticks", "set_yticks", "set_xticklabels", "set_yticklabels", "set_aspect",
    "set_facecolor", "spines", "add_subplot", "get_xlim", "get_ylim", "twiny", "clabel",
    "plot_surface", "colormaps", "minorticks_on", "locator_params",
))
