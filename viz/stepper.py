"""stepper_figure(graph, steps): forward and backward pass as plotly frames, played client-side.

Frame i shows the graph after step i: forward steps reveal values in topological order, backward
steps fill gradients in reverse order, each with the current node ringed and its chain-rule line
as the title. A slider and Play/Pause buttons drive the frames on the client, so stepping never
reruns the page.
"""

import plotly.graph_objects as go

from . import palette
from .graph import (
    LABELS,
    SHOW_TEXT_MAX,
    TRACE,
    graph_traces,
    node_style,
    style_figure,
    value_nodes,
)
from .layout import layered_layout

FRAME_MS = 900  # how long Play shows each step
CONTROLS = {"play": "▶ Play", "pause": "❚❚ Pause", "step": "step "}


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


def stepper_figure(graph, steps, layout=None, labels=LABELS, controls=CONTROLS, texts=None):
    """The step-through as a figure with one frame per step, a slider and Play/Pause.

    ``texts`` are the steps' chain-rule lines in the page's language (English without them).
    """
    texts = texts or [s.text for s in steps]
    layout = layout or layered_layout(graph)
    show_text = len(graph.nodes) <= SHOW_TEXT_MAX
    values = value_nodes(graph)
    scale = palette.gradient_scale(s.grad for s in steps if s.phase == "backward")
    frames = []
    styles = []
    for i, (step, (revealed, grads)) in enumerate(zip(steps, step_states(graph, steps),
                                                      strict=True)):
        styles.append(node_style(values, grads, revealed, scale, show_text, labels))
        text, colours, sizes, opacity = styles[-1]
        frames.append(go.Frame(
            name=str(i),
            data=[
                go.Scatter(text=text, marker={"color": colours, "size": sizes,
                                              "opacity": opacity}),
                go.Scatter(x=[layout.x[step.node]], y=[layout.y[step.node]]),
            ],
            traces=[TRACE["values"], TRACE["highlight"]],
            layout={"title": {"text": _title(i, len(steps), step, texts[i])}},
        ))
    first = styles[0] if styles else node_style(values, {}, None, scale, show_text, labels)
    highlight = steps[0].node if steps else None
    fig = go.Figure(data=graph_traces(graph, layout, first, highlight, labels), frames=frames)
    style_figure(fig, layout, _title(0, len(steps), steps[0], texts[0]) if steps else "")
    fig.update_layout(
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
            "steps": [
                {"label": str(i + 1), "method": "animate",
                 "args": [[str(i)], {"frame": {"duration": 0, "redraw": True},
                                     "mode": "immediate", "transition": {"duration": 0}}]}
                for i in range(len(frames))
            ],
        }],
    )
    return fig


def _title(i, total, step, text):
    arrow = "→" if step.phase == "forward" else "←"
    return f"{arrow} {i + 1}/{total}: {text}"
