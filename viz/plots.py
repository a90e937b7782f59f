"""A snippet's matplotlib figure, drawn with plotly: ``plot_figure(plot)`` for each recorded Plot.

Pure builder: it takes one ``engine.snippets.pyplot.Plot`` (plain data: the snippet's traces,
title, labels, legend, grid, limits and scales, colours already resolved as matplotlib resolves
them) and returns a ``go.Figure`` that looks like matplotlib's default style: white, a box
around the axes, no grid unless asked for, a legend only when ``legend()`` was called. The
snippet's words are its own: they are shown as text, never read as markup or LaTeX.
"""

import math

import plotly.graph_objects as go

PX_PER_POINT = 100 / 72  # matplotlib's sizes are in points, at its default 100 dpi
# matplotlib's marker symbols -> plotly's
SYMBOLS = {
    ".": "circle", ",": "square", "o": "circle", "v": "triangle-down", "^": "triangle-up",
    "<": "triangle-left", ">": "triangle-right", "1": "y-down-open", "2": "y-up-open",
    "3": "y-left-open", "4": "y-right-open", "8": "octagon", "s": "square", "p": "pentagon",
    "P": "cross", "*": "star", "h": "hexagon", "H": "hexagon2", "+": "cross-thin-open",
    "x": "x-thin-open", "X": "x", "D": "diamond", "d": "diamond-tall", "|": "line-ns-open",
    "_": "line-ew-open",
}
SMALL_MARKERS = {".": 0.5, ",": 0.2}  # '.' and ',' are points and pixels: smaller than 'o'
DASHES = {"-": "solid", "--": "dash", "-.": "dashdot", ":": "dot"}
# matplotlib's colormap names -> plotly's colour scales
COLORSCALES = {
    "viridis": "Viridis", "plasma": "Plasma", "inferno": "Inferno", "magma": "Magma",
    "cividis": "Cividis", "jet": "Jet", "rainbow": "Rainbow", "coolwarm": "RdBu_r",
    "RdBu": "RdBu", "bwr": "Bluered", "Blues": "Blues", "Reds": "Reds", "Greens": "Greens",
    "Greys": "Greys", "hot": "Hot",
}
# matplotlib's legend places -> plotly's (x, y, xanchor, yanchor), inside the axes
LEGEND_PLACES = {
    "upper right": (0.99, 0.99, "right", "top"), "upper left": (0.01, 0.99, "left", "top"),
    "lower left": (0.01, 0.01, "left", "bottom"), "lower right": (0.99, 0.01, "right", "bottom"),
    "right": (0.99, 0.5, "right", "middle"), "center left": (0.01, 0.5, "left", "middle"),
    "center right": (0.99, 0.5, "right", "middle"),
    "lower center": (0.5, 0.01, "center", "bottom"), "upper center": (0.5, 0.99, "center", "top"),
    "center": (0.5, 0.5, "center", "middle"),
}
LEGEND_PLACES["best"] = LEGEND_PLACES["upper right"]
TEXT_SIZES = {"title": 12.0, "xlabel": 10.0, "ylabel": 10.0, "legend": 10.0}  # points
INK = "#000000"  # matplotlib's axes, ticks and words are black
MIN_HEIGHT, MAX_HEIGHT = 240, 640  # pixels: figsize's height, within what a page column shows
PX_PER_INCH = 75  # a figure is drawn a little smaller than at 100 dpi: it shares a column


def shown_text(text):
    """The snippet's text as plotly shows it literally: no HTML tags, no entities, no LaTeX."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("$", "&#36;"))


def _finite(values):
    """Numbers as plotly draws them: inf and nan are gaps, as matplotlib leaves them out."""
    return [v if isinstance(v, str) else (v if math.isfinite(v) else None) for v in values]


def _categories(values):
    return [shown_text(v) if isinstance(v, str) else v for v in values]


def _px(points):
    return points * PX_PER_POINT


def _line(trace):
    mode = "+".join(m for m, on in (("lines", trace.linestyle), ("markers", trace.marker)) if on)
    marker_px = _px(trace.markersize) * SMALL_MARKERS.get(trace.marker, 1.0)
    return go.Scatter(
        x=_categories(_finite(trace.x)), y=_finite(trace.y), mode=mode or "lines",
        line={"color": trace.color, "width": _px(trace.linewidth),
              "dash": DASHES.get(trace.linestyle, "solid")},
        marker={"symbol": SYMBOLS.get(trace.marker, "circle"), "size": marker_px,
                "color": trace.color},
        opacity=trace.alpha,
    )


def _scatter(trace):
    # a scatter's size is an area in points squared: the marker is its square root across
    sizes = [_px(math.sqrt(s)) for s in trace.sizes] if trace.sizes \
        else _px(math.sqrt(trace.markersize)) * SMALL_MARKERS.get(trace.marker, 1.0)
    marker = {"symbol": SYMBOLS.get(trace.marker, "circle"), "size": sizes}
    if trace.values:
        marker |= {"color": _finite(trace.values), "showscale": False,
                   "colorscale": COLORSCALES.get(trace.cmap, "Viridis")}
    else:
        marker["color"] = list(trace.color) if isinstance(trace.color, tuple) else trace.color
    return go.Scatter(x=_finite(trace.x), y=_finite(trace.y), mode="markers", marker=marker,
                      opacity=trace.alpha)


def _bar(trace):
    color = list(trace.color) if isinstance(trace.color, tuple) else trace.color
    # a bar with an infinite or nan width or bottom is not drawn; a negative width (centred on
    # x) covers what its positive width covers
    drawn = [math.isfinite(w) and math.isfinite(b) for w, b in zip(trace.width, trace.base,
                                                                    strict=True)]
    return go.Bar(x=_categories(_finite(trace.x)),
                  y=[y if ok else None for y, ok in zip(_finite(trace.y), drawn, strict=True)],
                  width=[abs(w) if ok else 0.0 for w, ok in zip(trace.width, drawn, strict=True)],
                  base=[b if ok else 0.0 for b, ok in zip(trace.base, drawn, strict=True)],
                  marker={"color": color}, opacity=trace.alpha)


def _hist(trace):
    # numpy's bins: each bar from one edge to the next, its height the count
    edges = trace.x
    centres = [(a + b) / 2 for a, b in zip(edges, edges[1:], strict=False)]
    widths = [b - a for a, b in zip(edges, edges[1:], strict=False)]
    return go.Bar(x=centres, y=_finite(trace.y), width=widths, marker={"color": trace.color},
                  opacity=trace.alpha)


BUILDERS = {"line": _line, "scatter": _scatter, "bar": _bar, "hist": _hist}


def _axis(label, size, grid, limits, scale):
    axis = {
        "title": {"text": shown_text(label), "font": {"size": _px(size), "color": INK}},
        "showline": True, "mirror": True, "linecolor": INK, "ticks": "outside",
        "tickcolor": INK, "showgrid": grid, "gridcolor": "#b0b0b0", "zeroline": False,
        "type": scale,
    }
    low, high = limits
    if low is not None or high is not None:
        if scale == "log":  # plotly's log axis ranges are in powers of ten
            low, high = (math.log10(v) if v is not None and v > 0 else None for v in (low, high))
        axis["range"] = [low, high]
        if low is None or high is None:
            axis["autorange"] = "min" if low is None else "max"
    return axis


def plot_figure(plot):
    """One recorded figure as a plotly figure: its traces, words, legend, grid, limits, scales."""
    sizes = TEXT_SIZES | dict(plot.text_sizes)
    fig = go.Figure()
    for trace in plot.traces:
        drawn = BUILDERS[trace.kind](trace)
        drawn.name = shown_text(trace.label) if trace.label else ""
        # matplotlib's legend lists only what has a label (one that starts with '_' is hidden)
        drawn.showlegend = bool(trace.label) and not trace.label.startswith("_")
        fig.add_trace(drawn)
    x, y, xanchor, yanchor = LEGEND_PLACES[plot.legend_loc]
    fig.update_layout(
        template="simple_white",
        title={"text": shown_text(plot.title), "x": 0.5, "xanchor": "center",
               "font": {"size": _px(sizes["title"]), "color": INK}},
        xaxis=_axis(plot.xlabel, sizes["xlabel"], plot.grid[0], plot.xlim, plot.xscale),
        yaxis=_axis(plot.ylabel, sizes["ylabel"], plot.grid[1], plot.ylim, plot.yscale),
        showlegend=plot.legend,
        legend={"x": x, "y": y, "xanchor": xanchor, "yanchor": yanchor,
                "bgcolor": "rgba(255, 255, 255, 0.8)", "bordercolor": "#cccccc",
                "borderwidth": 1, "font": {"size": _px(sizes["legend"])}},
        barmode="overlay", bargap=0,
        height=round(min(max(plot.size[1] * PX_PER_INCH, MIN_HEIGHT), MAX_HEIGHT)),
        margin={"l": 10, "r": 10, "t": 50 if plot.title else 20, "b": 10},
    )
    return fig
