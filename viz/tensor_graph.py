"""tensor_graph_figure(graph): the tensor-level graph as a plotly figure, laid out left to right.

``graph`` is plain data (lessons.tensor_graph builds it): nodes with ``kind``, ``name``,
``grad_fn``, ``shape``, ``values``, ``grad``, ``grad_mean`` and ``formula``; edges with ``src``,
``dst``, ``grad`` and the rule's text, ``named`` and ``formula``.

One circle per tensor operation (its name, torch's grad_fn, its shape or its one value), one
square per tensor without history (a parameter is outlined, coloured by the sign of the mean of
its gradient when it keeps one; a tensor of data is grey). Edges that carry gradient are solid,
those that carry none (from data) dotted; the marker at an edge's middle holds what the op's
backward gives that input (``Σ(g · x)``). inf and nan are marked with a red x. Every trace a
click can pick carries the node ids in ``customdata``.
"""

import math

import numpy as np
import plotly.graph_objects as go

from engine.autograd.graph import format_number

from . import palette
from .graph import style_figure
from .layout import layered_layout

OP, TENSOR = "op", "tensor"  # the node kinds of lessons.tensor_graph
TRACE_NAMES = ("edges", "data edges", "edge labels", "ops", "tensors", "flags", "highlight")
TRACE = {name: i for i, name in enumerate(TRACE_NAMES)}  # a trace's index in fig.data
SHOW_TEXT_MAX = 60  # above this many nodes, text moves into the hover only
LABELS = {"data": "data", "grad": "grad", "shape": "shape", "dtype": "dtype",
          "elements": "elements", "rule": "backward"}


def shape_text(node):
    """``[2000]``, ``[3×4]``, or the one value of a 0-d tensor (``= 1.5``)."""
    if not node.shape and node.values:
        return f"= {format_number(node.values[0])}"
    return "[" + "×".join(str(n) for n in node.shape) + "]"


def preview_text(numbers, size):
    """The first elements, with ``…`` when the tensor holds more."""
    text = ", ".join(format_number(float(x)) for x in numbers)
    return f"[{text}{', …' if size > len(numbers) else ''}]" if size != 1 or len(numbers) != 1 \
        else text


def _label(node):
    if node.kind == OP:
        return f"<b>{node.name}</b><br>{node.grad_fn}<br>{shape_text(node)}"
    return f"<b>{node.name}</b><br>{shape_text(node)}"


def _hover(graph, node, labels):
    lines = [f"<b>{node.name}</b>" + (f" ({node.grad_fn})" if node.grad_fn else "")]
    if node.formula:
        lines.append(node.formula)
    lines.append(f"{labels['shape']}: {list(node.shape)} · {labels['dtype']}: {node.dtype}")
    if node.values is not None:
        lines.append(f"{labels['data']}: {preview_text(node.values, node.size)}")
    if node.grad is not None:
        lines.append(f"{labels['grad']}: {preview_text(node.grad, node.size)}")
    if node.kind == OP:
        lines += [f"{labels['rule']}: {e.formula}" for e in graph.inputs(node.id) if e.formula]
    return "<br>".join(lines)


def _colour(node, scale):
    if node.kind == OP:
        return palette.OP
    if not node.requires_grad:
        return palette.CONSTANT
    if math.isnan(node.grad_mean):
        return palette.UNKNOWN
    return palette.gradient_color(node.grad_mean, scale)


def tensor_graph_figure(graph, layout=None, highlight=None, labels=LABELS, title=""):
    """The tensor graph as a figure; ``highlight`` is a node id to ring (the inspected node)."""
    layout = layout or layered_layout(graph)
    show_text = len(graph.nodes) <= SHOW_TEXT_MAX
    traces = []
    for name, flows, dash, width in (("edges", True, "solid", 2.0),
                                     ("data edges", False, "dot", 1.2)):
        xs, ys = [], []
        for e, route in zip(graph.edges, layout.routes, strict=True):
            if e.grad != flows:
                continue
            for x, y in route:
                xs.append(x)
                ys.append(y)
            xs.append(None)
            ys.append(None)
        traces.append(go.Scatter(x=_floats(xs), y=_floats(ys), mode="lines", name=name,
                                 hoverinfo="skip",
                                 line={"color": palette.EDGE, "width": width, "dash": dash}))
    ruled = [(e, route) for e, route in zip(graph.edges, layout.routes, strict=True)
             if e.formula]
    mids = [_midpoint(route) for _, route in ruled]
    traces.append(go.Scatter(
        x=_floats(x for x, _ in mids), y=_floats(y for _, y in mids), name="edge labels",
        **_text([e.named for e, _ in ruled] if show_text else None, "top center", 10,
                palette.OUTLINE),
        marker={"symbol": "diamond", "size": 7, "color": palette.EDGE, "opacity": 1},
        hovertext=_strings(e.formula for e, _ in ruled), hoverinfo="text",
    ))
    grads = [n.grad_mean for n in graph.nodes if n.kind == TENSOR and not math.isnan(n.grad_mean)]
    scale = palette.gradient_scale(grads)
    for name, kind, symbol, size in (("ops", OP, "circle", 30), ("tensors", TENSOR, "square", 26)):
        nodes = [n for n in graph.nodes if n.kind == kind]
        traces.append(go.Scatter(
            **_xy(layout, nodes), name=name,
            **_text([_label(n) for n in nodes] if show_text else None, "bottom center", 11,
                    palette.INK),
            customdata=np.array([n.id for n in nodes], dtype=int),
            marker={"symbol": symbol, "size": size, "opacity": 1,
                    "color": [_colour(n, scale) for n in nodes],
                    "line": {"color": palette.OUTLINE,
                             "width": [2.5 if n.requires_grad and kind == TENSOR else 1
                                       for n in nodes]}},
            hovertext=_strings(_hover(graph, n, labels) for n in nodes), hoverinfo="text",
        ))
    flagged = graph.nonfinite
    traces.append(go.Scatter(
        **_xy(layout, flagged), name="flags",
        **_text(["inf/nan"] * len(flagged), "top right", 12, palette.FLAG),
        marker={"symbol": "x", "size": 14, "color": palette.FLAG, "opacity": 1},
        hoverinfo="skip",
    ))
    ring = [highlight] if highlight is not None else []
    traces.append(go.Scatter(
        x=[layout.x[i] for i in ring], y=[layout.y[i] for i in ring], mode="markers",
        name="highlight", hoverinfo="skip",
        marker={"symbol": "circle-open", "size": 40, "color": palette.HIGHLIGHT, "opacity": 1,
                "line": {"width": 3, "color": palette.HIGHLIGHT}},
    ))
    fig = go.Figure(data=traces)
    style_figure(fig, layout, title)
    return fig


def _midpoint(route):
    k = len(route) // 2
    if len(route) % 2:
        return route[k]
    (x0, y0), (x1, y1) = route[k - 1], route[k]
    return ((x0 + x1) / 2, (y0 + y1) / 2)


def _text(text, position, size, colour):
    if text is None:
        return {"mode": "markers"}
    return {"mode": "markers+text", "text": _strings(text), "textposition": position,
            "textfont": {"size": size, "color": colour}}


def _floats(xs):
    return np.array([math.nan if x is None else x for x in xs], dtype=float)


def _strings(xs):
    return np.array(list(xs), dtype=object)


def _xy(layout, nodes):
    return {"x": _floats(layout.x[n.id] for n in nodes),
            "y": _floats(layout.y[n.id] for n in nodes)}
