"""Figures of the Descent page: a function's contour with the steps taken, a fit, a decision
boundary, and the loss falling. Pure builders: arrays in, ``go.Figure`` out."""

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import palette

MAX_ZOOM_OUT = 10.0  # a run that leaves the window widens the view, at most this many times
FEW_STEPS = 50  # curves this short mark each step, so a single Step shows a point
# The words the figures write in legends and hover boxes; a page passes its own language's.
WORDS = {"minimum": "minimum", "data": "data", "boundary": "boundary", "class": "class {cls}",
         "step": "step"}


def _layout(fig, title="", height=420):
    # the title sits above the legend, which sits above the plot: neither covers the other
    fig.update_layout(
        height=height,
        title=dict(text=title, x=0, xanchor="left", y=0.98, yanchor="top", font=dict(size=15)),
        margin=dict(l=10, r=10, t=80 if title else 40, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0),
        template="plotly_white",
    )
    return fig


def view_window(window, paths=()):
    """The drawing window widened to show every path's points, but at most MAX_ZOOM_OUT times."""
    out = []
    for axis, (lo, hi) in enumerate(window):
        centre, half = (lo + hi) / 2, (hi - lo) / 2
        values = [p[axis] for path in paths for p in path if np.isfinite(p[axis])]
        if values:
            reach = max(abs(v - centre) for v in values) * 1.05
            half = min(max(half, reach), half * MAX_ZOOM_OUT)
        out.append((centre - half, centre + half))
    return tuple(out)


def grid(window, resolution=80):
    """Two axes and the (resolution^2, 2) points of a grid over a 2-D window."""
    gx = np.linspace(*window[0], resolution)
    gy = np.linspace(*window[1], resolution)
    xx, yy = np.meshgrid(gx, gy)
    return gx, gy, np.column_stack([xx.ravel(), yy.ravel()])


def _on_grid(values, gx, gy):
    """Values of a grid's points as the (len(gy), len(gx)) array a contour takes."""
    return np.asarray(values, dtype=float).reshape(len(gy), len(gx))


def _contour(gx, gy, z, **style):
    """A contour of z over the grid, without a colour bar."""
    return go.Contour(x=gx, y=gy, z=z, showscale=False, **style)


def _squash(z):
    # sign(z) * log(1 + |z|): the level sets of steep functions (Rosenbrock) stay visible
    with np.errstate(invalid="ignore", over="ignore"):
        return np.sign(z) * np.log1p(np.abs(z))


def _path_traces(fig, label, xs, ys, colour, words):
    """A run's steps: a white halo (visible on any colour), the path, its start and its end."""
    few = len(xs) <= FEW_STEPS
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            showlegend=False,
            hoverinfo="skip",
            line=dict(color="white", width=5),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines+markers" if few else "lines",
            name=label,
            line=dict(color=colour, width=2.5),
            marker=dict(color=colour, size=5),
            hovertemplate=f"{words['step']} %{{customdata}}<br>(%{{x:.4g}}, %{{y:.4g}})"
            f"<extra>{label}</extra>",
            customdata=np.arange(len(xs)),
        )
    )
    ends = dict(width=1.5, color="white")
    fig.add_trace(
        go.Scatter(
            x=[xs[0], xs[-1]],
            y=[ys[0], ys[-1]],
            mode="markers",
            showlegend=False,
            hoverinfo="skip",
            marker=dict(color=colour, size=[10, 14], symbol=["circle", "x"], line=ends),
        )
    )


def contour_figure(gx, gy, z, paths, minima=(), axis_names=("x", "y"), title="", words=WORDS):
    """Contours of f over the grid (z of shape (len(gy), len(gx))) and each run's path of steps.

    ``paths`` is a list of (label, points) with points a sequence of (x, y), the start first.
    """
    z = _on_grid(z, gx, gy)
    fig = go.Figure()
    fig.add_trace(
        _contour(
            gx,
            gy,
            _squash(z),
            text=np.vectorize(lambda v: f"{v:.4g}")(z),
            colorscale=palette.SEQUENTIAL,
            ncontours=30,
            name="f",
            contours=dict(coloring="heatmap", showlines=True),
            line=dict(width=0.5, color="rgba(255,255,255,0.5)"),
            hovertemplate="(%{x:.3g}, %{y:.3g})<br>f = %{text}<extra></extra>",
        )
    )
    if minima:
        mx, my = zip(*minima, strict=True)
        fig.add_trace(
            go.Scatter(
                x=mx,
                y=my,
                mode="markers",
                name=words["minimum"],
                hoverinfo="skip",
                marker=dict(
                    symbol="star", size=14, color="white", line=dict(width=1, color=palette.INK)
                ),
            )
        )
    for i, (label, points) in enumerate(paths):
        pts = np.asarray(points, dtype=float).reshape(-1, 2)
        _path_traces(fig, label, pts[:, 0], pts[:, 1], palette.series(i), words)
    _layout(fig, title=title, height=480)
    fig.update_xaxes(title=axis_names[0], range=[gx[0], gx[-1]])
    fig.update_yaxes(title=axis_names[1], range=[gy[0], gy[-1]])
    return fig


def curve_figure(gx, fx, paths, axis_name="x", title="", words=WORDS):
    """f of one parameter as a curve, and each run's steps (x_k, f(x_k)) on it.

    ``paths`` is a list of (label, xs, fs).
    """
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(x=gx, y=fx, mode="lines", name="f", line=dict(color=palette.NEUTRAL, width=2))
    )
    for i, (label, xs, fs) in enumerate(paths):
        _path_traces(
            fig, label, np.asarray(xs, float), np.asarray(fs, float), palette.series(i), words
        )
    _layout(fig, title=title, height=480)
    fig.update_xaxes(title=axis_name, range=[gx[0], gx[-1]])
    fig.update_yaxes(title="f")
    return fig


def fit_figure(x, y, gx, fits, axis_names=("x", "y"), title="", words=WORDS):
    """The data points and each run's fitted curve over gx; ``fits`` is a list of (label, ys)."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=x,
            y=y,
            mode="markers",
            name=words["data"],
            marker=dict(color=palette.NEUTRAL, size=8, symbol="circle-open", line=dict(width=2)),
        )
    )
    lo, hi = float(np.min(y)), float(np.max(y))
    pad = 0.25 * (hi - lo or 1.0)
    for i, (label, ys) in enumerate(fits):
        fig.add_trace(
            go.Scatter(
                x=gx, y=ys, mode="lines", name=label, line=dict(color=palette.series(i), width=3)
            )
        )
    _layout(fig, title=title)
    fig.update_xaxes(title=axis_names[0])
    # the fit of a diverging run must not squash the data into a line
    fig.update_yaxes(title=axis_names[1], range=[lo - pad, hi + pad])
    return fig


def boundary_figure(points, labels, gx, gy, confidence, title="", words=WORDS):
    """Points of both classes over the model's confidence in class 1, with the 50 % boundary.

    ``confidence`` holds one number in [0, 1] per grid point (shape (len(gy), len(gx))).
    """
    conf = _on_grid(confidence, gx, gy)
    fig = go.Figure()
    fig.add_trace(
        _contour(
            gx,
            gy,
            conf,
            zmin=0,
            zmax=1,
            colorscale=palette.DIVERGING,
            opacity=0.55,
            contours=dict(start=0, end=1, size=0.1),
            line=dict(width=0),
            hovertemplate="(%{x:.2f}, %{y:.2f})<br>p(" + words["class"].format(cls=1)
            + ") = %{z:.2f}<extra></extra>",
        )
    )
    fig.add_trace(
        _contour(
            gx,
            gy,
            conf,
            hoverinfo="skip",
            name=words["boundary"],
            contours=dict(coloring="none", start=0.5, end=0.5, size=1),
            line=dict(width=3, color=palette.INK),
        )
    )
    points = np.asarray(points, dtype=float)
    labels = np.asarray(labels)
    for cls, symbol in ((0, "circle"), (1, "diamond")):
        mask = labels == cls
        fig.add_trace(
            go.Scatter(
                x=points[mask, 0],
                y=points[mask, 1],
                mode="markers",
                name=words["class"].format(cls=cls),
                marker=dict(
                    color=palette.CLASSES[cls],
                    symbol=symbol,
                    size=8,
                    line=dict(width=1, color="white"),
                ),
            )
        )
    _layout(fig, title=title, height=460)
    fig.update_xaxes(title="x1", range=[gx[0], gx[-1]])
    fig.update_yaxes(title="x2", range=[gy[0], gy[-1]])
    return fig


def loss_figure(runs, log=False, titles=("loss", "accuracy"), step_title="step"):
    """Each run's loss over steps (log scale on request) and, when given, its accuracy beside it.

    ``runs`` is a list of (label, losses, accuracies); accuracies may be empty.
    """
    with_accuracy = any(len(acc) for _, _, acc in runs)
    if with_accuracy:
        fig = make_subplots(rows=1, cols=2, subplot_titles=titles, horizontal_spacing=0.1)
    else:
        fig = go.Figure()
    where = dict(row=1, col=1) if with_accuracy else {}
    finite = [v for _, losses, _ in runs for v in losses if np.isfinite(v)]
    # a log axis cannot show zero or negative losses: those runs stay linear
    log = log and bool(finite) and min(finite) > 0
    for i, (label, losses, accuracies) in enumerate(runs):
        colour = palette.series(i)
        steps = np.arange(len(losses))
        fig.add_trace(
            go.Scatter(
                x=steps,
                y=losses,
                mode="lines" if len(losses) > FEW_STEPS else "lines+markers",
                name=label,
                legendgroup=label,
                line=dict(color=colour, width=2),
            ),
            **where,
        )
        if with_accuracy and len(accuracies):
            fig.add_trace(
                go.Scatter(
                    x=np.arange(len(accuracies)),
                    y=accuracies,
                    mode="lines" if len(accuracies) > FEW_STEPS else "lines+markers",
                    name=label,
                    legendgroup=label,
                    showlegend=False,
                    line=dict(color=colour, width=2),
                ),
                row=1,
                col=2,
            )
    _layout(fig, height=340)
    if with_accuracy:  # the legend goes above the subplot titles
        fig.update_layout(legend_y=1.1, margin_t=70)
    fig.update_xaxes(title=step_title)
    if with_accuracy:
        fig.update_yaxes(type="log" if log else "linear", title=titles[0], row=1, col=1)
        fig.update_yaxes(range=[0, 1.02], tickformat=".0%", title=titles[1], row=1, col=2)
    else:
        fig.update_yaxes(type="log" if log else "linear", title=titles[0])
    return fig
