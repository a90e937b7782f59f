"""graph_figure(graph): the computation graph as a plotly figure, laid out left to right.

Value nodes carry their name, data and grad; op nodes show the op's symbol; each operand edge has
a marker at its middle labelled with the local derivative. A node's colour is the sign of its
gradient on the diverging palette and its size grows with |grad|; an edge's width grows with the
gradient flowing along it, |upstream x local|. inf and nan are marked with a red x and the word.
Every edge of one width class is one line trace, segments separated by a gap (NaN, sent to
the browser as null).
"""

import math

import numpy as np
import plotly.graph_objects as go

from engine.autograd.graph import (
    CONST,
    GROUP,
    LEAF,
    OP,
    OUTPUT_SLOT,
    VALUE,
    format_number,
    forward_text,
)

from . import palette
from .layout import layered_layout

EDGE_WIDTHS = (1.0, 2.5, 4.5, 7.0)  # edge width classes, by |upstream x local| / the largest
TRACE_NAMES = tuple(f"edges-{i}" for i in range(len(EDGE_WIDTHS))) + (
    "edge labels", "ops", "constants", "values", "flags", "highlight",
)
TRACE = {name: i for i, name in enumerate(TRACE_NAMES)}  # a trace's index in fig.data
SHOW_TEXT_MAX = 150  # above this many nodes, text moves into the hover only
MIN_SIZE, SIZE_RANGE = 16.0, 22.0  # value marker diameter: MIN_SIZE + SIZE_RANGE * sqrt(|g|/max)
# opacity and outline said explicitly: the step-through's template sets other defaults (its
# value nodes')
SOLID = {"opacity": 1, "line": {"width": 0}}
SCREEN = np.float32  # the type of coordinates nobody reads back: edges, edge labels, ops
LABELS = {"data": "data", "grad": "grad", "local": "local derivative", "upstream": "upstream grad",
          "flow": "gradient flow", "shape": "shape", "elements": "elements", "edges": "edges"}


def value_nodes(graph):
    """The nodes drawn in the 'values' trace: leaves, computed values and groups, in id order."""
    return [n for n in graph.nodes if n.kind in (LEAF, VALUE, GROUP)]


def node_style(nodes, grads, revealed, scale, show_text, labels=LABELS):
    """Text, colour, size and opacity of value nodes, for a figure or one step-through frame.

    ``grads`` maps node id -> the gradient to show (missing: not known yet); ``revealed`` is the
    set of node ids whose data is known (None: all of them).
    """
    text, colours, sizes, opacity = [], [], [], []
    for n in nodes:
        known = revealed is None or n.id in revealed
        g = grads.get(n.id)
        data = _data_text(n) if known else "?"
        grad = format_number(g) if g is not None else "?"
        text.append(f"<b>{n.name}</b><br>{data}<br>∇ {grad}" if show_text else "")
        if g is None:
            colours.append(palette.UNKNOWN)
            sizes.append(MIN_SIZE)
        else:
            colours.append(palette.gradient_color(g, scale))
            rel = abs(g) / scale if scale > 0 and math.isfinite(g) else (1.0 if g != 0 else 0.0)
            sizes.append(MIN_SIZE + SIZE_RANGE * math.sqrt(min(rel, 1.0)))
        opacity.append(1.0 if known else 0.3)
    return text, colours, sizes, opacity


def _data_text(n):
    if n.kind == GROUP:
        shape = "×".join(str(s) for s in n.shape) or "scalar"
        if n.size == 1:
            return f"{n.op} = {format_number(n.data)}"
        return f"{n.op} [{shape}]"
    return format_number(n.data)


def _hover(graph, n, labels):
    if n.kind == GROUP:
        lines = [f"<b>{n.name}</b> ({n.op})", f"{labels['shape']}: {tuple(n.shape)}"]
        lines += [f"[{i}] {labels['data']} = {d!r}, {labels['grad']} = {g!r}"
                  for i, (d, g) in enumerate(n.elements)]
        if n.size > len(n.elements):
            lines.append(f"… {n.size} {labels['elements']}")
        return "<br>".join(lines)
    lines = [f"<b>{n.name}</b>", f"{labels['data']} = {n.data!r}", f"{labels['grad']} = {n.grad!r}"]
    if n.kind == VALUE and not graph.grouped:
        lines.append(forward_text(graph, n.id))
    return "<br>".join(lines)


def _edge_hover(graph, e, labels):
    src, child = graph.nodes[e.src], _child(graph, e)
    head = f"{src.name} → {child.name}"
    if e.count > 1:
        return f"{head}<br>{e.count} {labels['edges']}<br>{labels['flow']} = {e.flow!r}"
    return (f"{head}<br>{labels['local']} d{child.name}/d{src.name} = {e.local!r}"
            f"<br>{labels['upstream']} = {e.upstream!r}<br>{labels['flow']} = {e.flow!r}")


def _midpoint(route):
    k = len(route) // 2
    if len(route) % 2:
        return route[k]
    (x0, y0), (x1, y1) = route[k - 1], route[k]
    return ((x0 + x1) / 2, (y0 + y1) / 2)


def graph_figure(graph, layout=None, highlight=None, labels=LABELS, title=""):
    """The graph as a figure; ``highlight`` is a node id to ring (the inspected node)."""
    layout = layout or layered_layout(graph)
    show_text = len(graph.nodes) <= SHOW_TEXT_MAX
    values = value_nodes(graph)
    grads = {n.id: n.grad for n in values}
    scale = palette.gradient_scale(grads.values())
    style = node_style(values, grads, None, scale, show_text, labels)
    fig = go.Figure(data=graph_traces(graph, layout, style, highlight, labels))
    style_figure(fig, layout, title)
    return fig


def graph_traces(graph, layout, style, highlight=None, labels=LABELS, hover=True):
    """Every trace in TRACE_NAMES order; ``style`` is node_style()'s answer for the values.

    Without ``hover`` nothing answers the mouse (the step-through, whose hover would give away
    what a step has not reached yet).
    """
    show_text = len(graph.nodes) <= SHOW_TEXT_MAX
    flows = [e.flow for e in graph.edges if math.isfinite(e.flow)]
    top = max(flows, default=0.0)
    lines = [([], []) for _ in EDGE_WIDTHS]
    mids_x, mids_y, mids_text, mids = [], [], [], []
    for e, route in zip(graph.edges, layout.routes, strict=True):
        xs, ys = lines[_width_class(e.flow, top)]
        for x, y in _corners(route):
            xs.append(x)
            ys.append(y)
        xs.append(None)
        ys.append(None)
        if e.slot != OUTPUT_SLOT:
            mx, my = _midpoint(route)
            mids_x.append(mx)
            mids_y.append(my)
            mids_text.append(format_number(e.local) if e.count == 1 and show_text else "")
            mids.append(e)
    # numbers go in as numpy arrays: plotly checks a list element by element, an array at once;
    # where they place lines and markers, float32 is as exact as a screen and half the bytes
    traces = [
        go.Scatter(x=_floats(xs, SCREEN), y=_floats(ys, SCREEN), mode="lines", name=f"edges-{i}",
                   hoverinfo="skip", line={"color": palette.EDGE, "width": w})
        for i, ((xs, ys), w) in enumerate(zip(lines, EDGE_WIDTHS, strict=True))
    ]
    traces.append(go.Scatter(
        x=_floats(mids_x, SCREEN), y=_floats(mids_y, SCREEN), name="edge labels",
        **_text(mids_text if show_text else None, "top center", 10, palette.OUTLINE),
        marker={"symbol": "diamond", "size": 6, "color": palette.EDGE, **SOLID},
        **(_edge_hovers(graph, mids, labels) if hover else {"hoverinfo": "skip"}),
    ))
    ops = [n for n in graph.nodes if n.kind == OP]
    traces.append(go.Scatter(
        **_xy(layout, ops, SCREEN), name="ops",
        **_text([n.symbol for n in ops], "middle center", 11, palette.INK),
        customdata=np.array([n.value for n in ops], dtype=int),  # a click picks the op's value
        marker={"symbol": "circle", "size": 24, "color": palette.OP, "opacity": 1,
                "line": {"width": 1, "color": palette.OUTLINE}},
        **_hovers([f"{n.op} ({n.symbol})" for n in ops] if hover else None),
    ))
    consts = [n for n in graph.nodes if n.kind == CONST]
    traces.append(go.Scatter(
        **_xy(layout, consts, SCREEN), name="constants",
        **_text([n.name for n in consts], "middle center", 10, palette.INK),
        customdata=np.array([n.id for n in consts], dtype=int),
        marker={"symbol": "square", "size": 22, "color": palette.CONSTANT, "opacity": 1,
                "line": {"width": 1, "color": palette.EDGE}},
        **_hovers([repr(n.data) for n in consts] if hover else None),
    ))
    values = value_nodes(graph)
    text, colours, sizes, opacity = style
    traces.append(go.Scatter(
        **_xy(layout, values), name="values",
        **_text(text if show_text else None, "bottom center", 11, palette.INK),
        customdata=np.array([n.id for n in values], dtype=int),
        marker={"symbol": "square" if graph.grouped else "circle", "color": colours,
                "size": _floats(sizes), "opacity": _floats(opacity),
                "line": {"width": 1.5, "color": palette.OUTLINE}},
        **_hovers([_hover(graph, n, labels) for n in values] if hover else None),
        unselected={"marker": {"opacity": 0.6}},
    ))
    flagged = graph.nonfinite
    traces.append(go.Scatter(
        **_xy(layout, flagged), name="flags",
        **_text([_flag_word(n) for n in flagged], "top right", 12, palette.FLAG),
        marker={"symbol": "x", "size": 14, "color": palette.FLAG, **SOLID},
        hoverinfo="skip",
    ))
    ring = [highlight] if highlight is not None else []
    traces.append(go.Scatter(  # lists, not arrays: what a click moves is as plain as can be
        x=[layout.x[i] for i in ring], y=[layout.y[i] for i in ring], mode="markers",
        name="highlight", hoverinfo="skip",
        marker={"symbol": "circle-open", "size": 44, "color": palette.HIGHLIGHT, "opacity": 1,
                "line": {"width": 4, "color": palette.HIGHLIGHT}},
    ))
    return traces


def _text(text, position, size, colour):
    """A markers trace's mode and text; without text (a large graph) no text is sent at all."""
    if text is None:
        return {"mode": "markers"}
    return {"mode": "markers+text", "text": _strings(text), "textposition": position,
            "textfont": {"size": size, "color": colour}}


def _hovers(texts):
    return {"hoverinfo": "skip"} if texts is None else {"hovertext": _strings(texts),
                                                        "hoverinfo": "text"}


def _edge_hovers(graph, edges, labels):
    """The edge labels' hover: one template with each edge's names and numbers filled in, or a
    text per edge where an edge stands for several (a grouped view)."""
    if any(e.count > 1 for e in edges):
        return _hovers([_edge_hover(graph, e, labels) for e in edges])
    # the words once in the template, not once per edge: a third of the bytes on large graphs
    fields = [(graph.nodes[e.src].name, _child(graph, e).name, repr(e.local), repr(e.upstream),
               repr(e.flow)) for e in edges]
    template = (f"%{{customdata[0]}} → %{{customdata[1]}}<br>{labels['local']} "
                "d%{customdata[1]}/d%{customdata[0]} = %{customdata[2]}"
                f"<br>{labels['upstream']} = %{{customdata[3]}}"
                f"<br>{labels['flow']} = %{{customdata[4]}}<extra></extra>")
    return {"customdata": np.array(fields, dtype=object).reshape(len(fields), 5),
            "hovertemplate": template}


def _child(graph, e):
    dst = graph.nodes[e.dst]
    return graph.nodes[dst.value] if dst.kind == OP else dst


def _corners(route):
    """The route's points without those in the middle of a straight run (long edges pass
    through a bend point on every layer they cross, mostly in a line)."""
    kept = [route[0]]
    for i in range(1, len(route) - 1):
        (x0, y0), (x1, y1), (x2, y2) = kept[-1], route[i], route[i + 1]
        if (x1 - x0) * (y2 - y0) != (x2 - x0) * (y1 - y0):
            kept.append(route[i])
    if len(route) > 1:
        kept.append(route[-1])
    return kept


def _floats(xs, dtype=float):
    return np.array([math.nan if x is None else x for x in xs], dtype=dtype)


def _strings(xs):
    return np.array(list(xs), dtype=object)


def _xy(layout, nodes, dtype=float):
    return {"x": _floats((layout.x[n.id] for n in nodes), dtype),
            "y": _floats((layout.y[n.id] for n in nodes), dtype)}


def _flag_word(n):
    xs = [n.data, n.grad] + [v for pair in n.elements for v in pair]
    return "nan" if any(x != x for x in xs) else "inf"


def _width_class(flow, top):
    if not math.isfinite(flow):
        return len(EDGE_WIDTHS) - 1
    if top <= 0 or flow <= 0:
        return 0
    return min(len(EDGE_WIDTHS) - 1, math.ceil((len(EDGE_WIDTHS) - 1) * flow / top))


def style_figure(fig, layout, title):
    """Size, margins and hidden axes shared by the graph and the step-through."""
    per_layer = {}
    for layer in layout.layers:
        per_layer[layer] = per_layer.get(layer, 0) + 1
    height = max(400, min(1500, 110 * max(per_layer.values(), default=1) + 140))
    xs = layout.x or (0.0,)
    ys = layout.y or (0.0,)
    fig.update_layout(
        title={"text": title, "x": 0.01, "font": {"size": 15}},
        showlegend=False, height=height, margin={"l": 10, "r": 10, "t": 60, "b": 10},
        plot_bgcolor="#ffffff", paper_bgcolor="#ffffff", hovermode="closest",
        template="none",  # plotly's default template is 7 KB the app's theme overrides anyway
        dragmode="pan", clickmode="event+select",
        # room around the outermost nodes for their text (below) and the highlight ring
        xaxis={"visible": False, "range": [min(xs) - 0.6, max(xs) + 0.6]},
        yaxis={"visible": False, "range": [min(ys) - 0.75, max(ys) + 0.45]},
    )
