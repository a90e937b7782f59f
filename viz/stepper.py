"""stepper_figure(graph, steps): forward and backward pass as plotly frames, played client-side.

Frame i shows the graph after step i: forward steps reveal values in topological order, backward
steps fill gradients in reverse order, each with the current node ringed and its chain-rule line
as the title. A slider and Play/Pause buttons drive the frames on the client, so stepping never
reruns the page.

Each frame sends only what its step changes. Every value node is a one-point trace of its own
(after the graph's traces, in value_nodes order); a frame restyles the one node its step is
about, moves the ring and sets the title, and names the frame before it as its ``baseframe``.
plotly.js merges a frame with its chain of base frames before drawing it, so a jump along the
slider to step i draws what steps 0..i did, and frame 0, the root of every chain, sets every
node, so a jump back forgets later steps. The figure is about the size of the graph's, not the
graph's times the number of steps.
"""

import plotly.graph_objects as go

from . import palette
from .graph import (
    LABELS,
    MIN_SIZE,
    SHOW_TEXT_MAX,
    TRACE,
    TRACE_NAMES,
    graph_traces,
    node_style,
    style_figure,
    value_nodes,
)
from .layout import layered_layout

FRAME_MS = 900  # how long Play shows each step
CONTROLS = {"play": "▶ Play", "pause": "❚❚ Pause", "step": "step "}
UNKNOWN = {"color": palette.UNKNOWN, "size": MIN_SIZE, "opacity": 0.3}  # not reached yet
# what every node's trace shares, said once in the figure's template instead of once a node;
# the graph's own traces set each of these themselves
NODE_DEFAULTS = {
    "mode": "markers+text", "hoverinfo": "skip", "textposition": "bottom center",
    "textfont": {"size": 11, "color": palette.INK},
    "marker": {"symbol": "circle", "line": {"width": 1.5, "color": palette.OUTLINE}} | UNKNOWN,
}
# a slider step applies its frame at once (the ring then glides there, plotly's default
# transition); a step that comes while one is drawn replaces it
JUMP = {"frame": {"duration": 0}, "mode": "immediate"}


def step_states(graph, steps):
    """Per step: (revealed node ids or None for all, gradients known so far)."""
    revealed = set()
    grads = {}
    states = []
    for s in steps:
        if s.phase == "forward":
            revealed.add(s.node)
            states.append((frozenset(revealed), {}))
        else:
            grads[s.node] = s.grad
            states.append((None, dict(grads)))
    return states


def node_traces(values, layout, style):
    """One single-point trace per value node, styled as ``style`` (node_style's answer) says
    where that differs from the template's unknown node."""
    unknown = [[u] * len(values) for u in (None, *UNKNOWN.values())]  # as node_style says it
    return [go.Scatter(x=[layout.x[n.id]], y=[layout.y[n.id]], **node_change(style, k, unknown))
            for k, n in enumerate(values)]


def node_change(style, k, before=None):
    """The k-th node's attributes in ``style`` (node_style's answer), as a frame carries them:
    all of them, or only those that differ from ``before`` (node_style's answer too)."""
    text, colours, sizes, opacity = style
    marker = {"color": colours[k], "size": round(sizes[k], 1), "opacity": opacity[k]}
    if before is not None:
        was = {"color": before[1][k], "size": round(before[2][k], 1), "opacity": before[3][k]}
        marker = {key: v for key, v in marker.items() if was[key] != v}
    change = {"marker": marker} if marker else {}
    if text[k] and (before is None or before[0][k] != text[k]):
        change["text"] = [text[k]]
    return change


def stepper_figure(graph, steps, layout=None, labels=LABELS, controls=CONTROLS, texts=None):
    """The step-through as a figure with one frame per step, a slider and Play/Pause.

    ``texts`` are the steps' chain-rule lines in the page's language (English without them).
    """
    texts = texts or [s.text for s in steps]
    layout = layout or layered_layout(graph)
    show_text = len(graph.nodes) <= SHOW_TEXT_MAX
    values = value_nodes(graph)
    first_node = len(TRACE_NAMES)  # the trace of values[i] is first_node + i
    scale = palette.gradient_scale(s.grad for s in steps if s.phase == "backward")
    states = step_states(graph, steps)
    # before any step nothing is known (without steps, everything is)
    styles = [node_style(values, {}, set() if steps else None, scale, show_text, labels)]
    frames = []
    for i, (step, (revealed, grads)) in enumerate(zip(steps, states, strict=True)):
        before = styles[-1]
        styles.append(node_style(values, grads, revealed, scale, show_text, labels))
        changed = range(len(values)) if i == 0 else [
            k for k in range(len(values)) if _differs(before, styles[-1], k)]
        frames.append(go.Frame(
            name=str(i), baseframe=str(i - 1) if i else None,
            data=[go.Scatter(node_change(styles[-1], k, None if i == 0 else before))
                  for k in changed]
            + [go.Scatter(x=[layout.x[step.node]], y=[layout.y[step.node]])],
            traces=[first_node + k for k in changed] + [TRACE["highlight"]],
            layout={"title": {"text": _title(step, texts[i])}},
        ))
    shown = styles[1] if steps else styles[0]
    highlight = steps[0].node if steps else None
    traces = graph_traces(graph, layout, shown, highlight, labels, hover=False)
    # the nodes' own traces draw the values; this one stays, empty, so every index holds
    traces[TRACE["values"]] = go.Scatter(name="values", x=[], y=[], mode="markers",
                                         hoverinfo="skip")
    if not show_text:  # without hover or text the edge labels' diamonds say nothing
        traces[TRACE["edge labels"]] = go.Scatter(name="edge labels", x=[], y=[],
                                                  mode="markers", hoverinfo="skip")
    traces += node_traces(values, layout, shown)
    fig = go.Figure(data=traces, frames=frames)
    style_figure(fig, layout, _title(steps[0], texts[0]) if steps else "")
    defaults = NODE_DEFAULTS | {"marker": NODE_DEFAULTS["marker"] | {
        "symbol": "square" if graph.grouped else "circle"}}
    fig.update_layout(
        template={"data": {"scatter": [defaults]}},
        margin={"t": 70, "b": 90}, height=fig.layout.height + 160,  # room for the controls
        updatemenus=[{
            "type": "buttons", "direction": "left", "x": 0.0, "y": -0.02, "xanchor": "left",
            "yanchor": "top", "showactive": False, "pad": {"t": 30, "r": 10},
            "buttons": [
                {"label": controls["play"], "method": "animate",
                 "args": [None, {"frame": {"duration": FRAME_MS, "redraw": True},
                                 "fromcurrent": True, "transition": {"duration": 0}}]},
                {"label": controls["pause"], "method": "animate",
                 "args": [[None], {"frame": {"duration": 0, "redraw": False},
                                   "mode": "immediate", "transition": {"duration": 0}}]},
            ],
        }],
        sliders=[{
            "active": 0, "x": 0.16, "len": 0.84, "y": -0.02, "yanchor": "top",
            "pad": {"t": 20}, "currentvalue": {"prefix": controls["step"], "visible": True},
            "steps": [{"label": str(i + 1), "method": "animate", "args": [[str(i)], JUMP]}
                      for i in range(len(frames))],
        }],
    )
    return fig


def _differs(before, after, k):
    return any(a[k] != b[k] for a, b in zip(before, after, strict=True))


def _title(step, text):
    # the slider's current value says which step this is
    return f"{'→' if step.phase == 'forward' else '←'} {text}"
