"""Figures of the Losses page: gradient heatmaps, per-element losses, the logit sweep, softmax.

Pure builders: they take numbers and the words to write on the axes (already translated) and
return a ``go.Figure``; they never call streamlit.
"""

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from viz.palette import DIVERGING, NEGATIVE, NEUTRAL, POSITIVE

MARGIN = {"l": 10, "r": 10, "t": 40, "b": 10}


def short_number(x):
    """A number in 4 significant digits, as figures and their captions write it."""
    return f"{x:.4g}"


def gradient_heatmap(grad, title, row_labels=None, col_labels=None, labels=("row", "column")):
    """A heatmap of a 2-D table of gradients, centred on 0, every cell labelled with its value.

    ``labels`` names the row and column axes.
    """
    n_rows, n_cols = len(grad), len(grad[0])
    rows = row_labels or [str(r) for r in range(n_rows)]
    cols = col_labels or [str(c) for c in range(n_cols)]
    largest = max((abs(v) for row in grad for v in row if v == v), default=0.0) or 1.0
    fig = go.Figure(
        go.Heatmap(
            z=grad,
            x=cols,
            y=rows,
            text=[[short_number(v) for v in row] for row in grad],
            texttemplate="%{text}",
            hovertemplate="%{y}, %{x}: %{z:.6g}<extra></extra>",
            colorscale=DIVERGING,
            zmin=-largest,
            zmax=largest,
            zmid=0.0,
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    fig.update_layout(
        title=title,
        margin=MARGIN,
        height=120 + 48 * n_rows,
        yaxis={"autorange": "reversed", "type": "category", "title": labels[0]},
        xaxis={"type": "category", "title": labels[1]},
    )
    return fig


def element_losses_figure(values, labels, title):
    """A bar per element (or row) of the loss with reduction='none', its value written on it."""
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=values,
            text=[short_number(v) for v in values],
            textposition="auto",
            marker_color=POSITIVE,
            hovertemplate="%{x}: %{y:.6g}<extra></extra>",
        )
    )
    fig.update_layout(title=title, margin=MARGIN, height=280, xaxis={"type": "category"})
    return fig


def logit_sweep_figure(sweep, current, labels):
    """Loss, its two parts and the gradient as one logit moves; a dotted line at its value now.

    ``sweep`` has lists ``x``, ``loss``, ``lse``, ``neg_target`` and ``grad``; ``labels`` names
    the traces and axes: keys ``loss lse neg_target grad x loss_axis grad_axis``.
    """
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    curves = (
        ("loss", POSITIVE, "solid", 1),
        ("lse", NEUTRAL, "dash", 1),
        ("neg_target", NEGATIVE, "dot", 1),
        ("grad", NEGATIVE, "solid", 2),
    )
    for key, colour, dash, row in curves:
        fig.add_trace(
            go.Scatter(
                x=sweep["x"],
                y=sweep[key],
                name=labels[key],
                mode="lines",
                line={"color": colour, "dash": dash, "width": 3 if key in ("loss", "grad") else 2},
            ),
            row=row,
            col=1,
        )
    for row in (1, 2):
        fig.add_vline(x=current, line={"dash": "dot", "color": "grey"}, row=row, col=1)
    fig.add_hline(y=0.0, line={"color": "lightgrey"}, row=2, col=1)
    fig.update_yaxes(title_text=labels["loss_axis"], row=1, col=1)
    fig.update_yaxes(title_text=labels["grad_axis"], row=2, col=1)
    fig.update_xaxes(title_text=labels["x"], row=2, col=1)
    fig.update_layout(margin=MARGIN, height=460, legend={"orientation": "h", "y": 1.08})
    return fig


def softmax_figure(probabilities, target, title, class_label):
    """Softmax probabilities as bars, the target class in the positive colour."""
    names = [f"{class_label} {c}" for c in range(len(probabilities))]
    colours = [POSITIVE if c == target else NEUTRAL for c in range(len(probabilities))]
    fig = go.Figure(
        go.Bar(
            x=names,
            y=probabilities,
            marker_color=colours,
            text=[f"{p:.3f}" for p in probabilities],
            textposition="auto",
            hovertemplate="%{x}: %{y:.6f}<extra></extra>",
        )
    )
    fig.update_layout(title=title, margin=MARGIN, height=280, yaxis={"range": [0, 1]})
    return fig


def mean_sum_figure(sizes, mean_grads, sum_grads, current, labels):
    """|d loss / d x[0]| against the number of elements N, for reduction mean and sum."""
    fig = go.Figure()
    for key, values, colour in (("mean", mean_grads, POSITIVE), ("sum", sum_grads, NEGATIVE)):
        fig.add_trace(
            go.Scatter(
                x=sizes,
                y=values,
                name=labels[key],
                mode="lines+markers",
                line={"color": colour},
            )
        )
    fig.add_vline(x=current, line={"dash": "dot", "color": "grey"})
    fig.update_layout(
        margin=MARGIN,
        height=320,
        xaxis={"title": labels["x"], "dtick": 1},
        yaxis={"title": labels["y"], "rangemode": "tozero"},
        legend={"orientation": "h", "y": 1.12},
    )
    return fig


def weighting_figure(rows, means, labels):
    """Each row's weighted loss as a bar (ignored rows empty) and the two means as lines.

    ``rows`` is a list of (name, weighted loss or None when ignored); ``means`` maps a label to
    a value drawn as a horizontal line.
    """
    names = [name for name, _ in rows]
    values = [0.0 if v is None else v for _, v in rows]
    text = [labels["ignored"] if v is None else short_number(v) for _, v in rows]
    colours = [NEUTRAL if v is None else POSITIVE for _, v in rows]
    fig = go.Figure(
        go.Bar(
            x=names,
            y=values,
            text=text,
            textposition="auto",
            marker_color=colours,
            name=labels["bars"],
            hovertemplate="%{x}: %{y:.6g}<extra></extra>",
        )
    )
    dashes = ("dash", "dot", "dashdot")
    for (name, value), dash in zip(means.items(), dashes, strict=False):
        if value == value:  # nan (every row ignored) has no line to draw
            fig.add_hline(
                y=value,
                line={"dash": dash, "color": NEGATIVE},
                annotation_text=f"{name} = {short_number(value)}",
                annotation_position="top left",
            )
    fig.update_layout(margin=MARGIN, height=320, xaxis={"type": "category"}, showlegend=False)
    return fig
