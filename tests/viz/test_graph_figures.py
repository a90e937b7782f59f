"""graph_figure, layered_layout and stepper_figure, checked on fig.data and fig.frames."""

import copy
import math
from types import SimpleNamespace

import numpy as np
import plotly.io as pio
import pytest

from engine import Value
from engine.autograd.graph import OP, chain_rule_steps, grouped, trace
from tests.engine.autograd.test_graph import l1_by_hand, neuron
from viz import palette
from viz.graph import EDGE_WIDTHS, TRACE, graph_figure
from viz.layout import depth_layers, layered_layout
from viz.stepper import stepper_figure


def trace_named(fig, name):
    [trace_] = [d for d in fig.data if d.name == name]
    return trace_


def segments(fig):
    """Edges drawn: runs of points between NaN gaps, over every edge width class."""
    total = 0
    for i in range(len(EDGE_WIDTHS)):
        xs = np.asarray(fig.data[TRACE[f"edges-{i}"]].x, dtype=float)
        total += int(np.isnan(xs).sum())  # one gap after each edge
    return total


def value_index(fig, graph, name):
    values = trace_named(fig, "values")
    [node] = [n for n in graph.nodes if n.name == name]
    return list(values.customdata).index(node.id)


def test_neuron_figure_counts_and_labels():
    g = trace(neuron())
    fig = graph_figure(g)
    assert [d.name for d in fig.data] == list(TRACE)
    values = trace_named(fig, "values")
    assert len(values.x) == 10  # 5 leaves and 5 computed Values
    assert len(trace_named(fig, "ops").x) == 5
    assert segments(fig) == len(g.edges) == 14  # 9 operand edges + 5 op -> value edges
    o = value_index(fig, g, "o")
    assert "0.7071" in values.text[o] and "<b>o</b>" in values.text[o]
    x1 = value_index(fig, g, "x1")
    assert "-1.5" in values.text[x1]
    assert "-1.4999999999999993" in values.hovertext[x1]  # hover gives the full number
    assert sorted(trace_named(fig, "ops").text) == ["*", "*", "+", "+", "tanh"]
    labels = trace_named(fig, "edge labels")
    assert len(labels.x) == 9 and "-3" in list(labels.text)  # d(x1*w1)/dx1 = w1 = -3


def test_colour_is_gradient_sign_and_size_is_magnitude():
    g = trace(neuron())
    fig = graph_figure(g)
    values = trace_named(fig, "values")
    x1, w1, w2 = (value_index(fig, g, n) for n in ("x1", "w1", "w2"))
    assert values.marker.color[x1] == palette.NEGATIVE  # -1.5 is the largest |grad|
    assert values.marker.color[w1] == palette.gradient_color(1.0, 1.5)
    assert palette.gradient_color(1.0, 1.5) != palette.gradient_color(-1.0, 1.5)
    assert values.marker.color[w2] == palette.ZERO
    sizes = values.marker.size
    assert sizes[x1] > sizes[w1] > sizes[w2]


def test_x_times_x_draws_two_distinct_edges():
    x = Value(3.0, "x")
    y = x * x
    y.backward()
    g = trace(y)
    layout = layered_layout(g)
    fig = graph_figure(g, layout)
    assert segments(fig) == 3
    first, second = layout.routes[0], layout.routes[1]
    assert first[0] == second[0] and first[-1] == second[-1]
    assert first != second  # the second is bowed, so both can be seen
    assert list(trace_named(fig, "edge labels").text) == ["3", "3"]


def test_edge_width_follows_gradient_flow():
    a, b = Value(1.0, "a"), Value(1.0, "b")
    y = a * 100 + b
    y.backward()
    g = trace(y)
    fig = graph_figure(g)
    widest = fig.data[TRACE[f"edges-{len(EDGE_WIDTHS) - 1}"]]
    thinnest_used = next(fig.data[TRACE[f"edges-{i}"]] for i in range(len(EDGE_WIDTHS))
                         if len(fig.data[TRACE[f"edges-{i}"]].x))
    assert len(widest.x) > 0 and widest.line.width > thinnest_used.line.width or (
        thinnest_used is widest
    )
    a_edge = next(e for e in g.edges if e.src == 0)
    b_edge = next(e for e in g.edges if e.src == next(n.id for n in g.nodes if n.name == "b"))
    assert a_edge.flow == 100 and b_edge.flow == 1


def test_layers_run_left_to_right():
    g = trace(neuron())
    layout = layered_layout(g)
    for e in g.edges:
        assert layout.x[e.src] < layout.x[e.dst]
    layers = depth_layers(g)
    assert layers[g.root] == max(layers)


def test_no_two_nodes_share_a_place():
    # igraph's Sugiyama puts the two leaves 1 and 2 of op 3 in one place, beside leaf 0, moved
    # to a later layer (the tensor graph of a cubic fit: a + b * x + ...)
    edges = [(1, 3), (2, 3), (0, 4), (3, 4), (5, 7), (6, 7), (4, 8), (7, 8), (9, 11), (10, 11),
             (8, 12), (11, 12), (12, 14), (13, 14), (14, 15), (15, 16)]
    g = SimpleNamespace(nodes=range(17), edges=[SimpleNamespace(src=u, dst=v) for u, v in edges])
    layout = layered_layout(g)
    places = list(zip(layout.x, layout.y, strict=True))
    assert len(set(places)) == len(places)
    for e, route in zip(g.edges, layout.routes, strict=True):  # routes still join their nodes
        assert route[0] == places[e.src] and route[-1] == places[e.dst]


def test_nan_and_inf_are_flagged_on_the_graph():
    x = Value(-1.0, "x")
    y = x.sqrt() + x.log()
    y.backward()
    g = trace(y)
    flags = trace_named(graph_figure(g), "flags")
    assert len(flags.x) == len(g.nonfinite) > 0
    assert set(flags.text) == {"nan"}
    assert flags.marker.color == palette.FLAG


def test_highlight_rings_the_given_node():
    g = trace(neuron())
    layout = layered_layout(g)
    fig = graph_figure(g, layout, highlight=0)
    ring = trace_named(fig, "highlight")
    assert (ring.x[0], ring.y[0]) == (layout.x[0], layout.y[0])
    assert len(trace_named(graph_figure(g, layout), "highlight").x) == 0


def test_grouped_figure_shows_one_node_per_tensor_operation():
    g = grouped(trace(l1_by_hand()))
    fig = graph_figure(g)
    values = trace_named(fig, "values")
    assert len(values.x) == 5
    assert values.marker.symbol == "square"
    assert any("input" in t for t in values.text)
    assert segments(fig) == 4


def jump(fig, i, start=None):
    """The traces as plotly.js draws them after a jump to frame ``i`` from ``start`` (the figure
    as sent, without it): as Plots.computeFrame does, the frames along i's chain of baseframes
    are merged root first (objects key by key, arrays and numbers replaced), and the result onto
    the traces it names."""
    frames = {f.name: f for f in fig.frames}
    chain, name = [], str(i)
    while name is not None:
        chain.append(frames[name])
        name = frames[name].baseframe
    data = copy.deepcopy(start) if start else [t.to_plotly_json() for t in fig.data]
    for frame in reversed(chain):
        for index, change in zip(frame.traces, frame.data, strict=True):
            _merge(data[index], change.to_plotly_json())
    return data


def _merge(into, change):
    for key, value in change.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def node_states(fig, data):
    """Per value node, (opacity, colour, text) as drawn: its own trace over the template's."""
    defaults = fig.layout.template.data.scatter[0].marker
    return [(t.get("marker", {}).get("opacity", defaults.opacity),
             t.get("marker", {}).get("color", defaults.color), (t.get("text") or [""])[0])
            for t in data[len(TRACE):]]


def test_stepper_has_one_frame_per_step_with_controls():
    g = trace(neuron())
    steps = chain_rule_steps(g)
    fig = stepper_figure(g, steps)
    assert len(fig.frames) == len(steps) == 10 + 1 + 9
    assert len(fig.layout.sliders[0].steps) == len(steps)
    assert [b.label for b in fig.layout.updatemenus[0].buttons] == ["▶ Play", "❚❚ Pause"]
    assert fig.frames[0].layout.title.text.endswith("x1 = 2")
    last = fig.frames[-1]
    assert last.layout.title.text.endswith(steps[-1].text)
    # each frame after the first sends what its step changes: one node and the ring
    assert [f.baseframe for f in fig.frames[1:]] == [f.name for f in fig.frames[:-1]]
    for frame in fig.frames[1:]:
        assert len(frame.data) == 2 and frame.traces[-1] == TRACE["highlight"]
    assert len(node_states(fig, jump(fig, 0))) == len(g.values()) == 10


def test_stepper_reveals_forward_then_fills_grads():
    g = trace(neuron())
    steps = chain_rule_steps(g)
    fig = stepper_figure(g, steps)
    first, last_forward, end = (node_states(fig, jump(fig, i)) for i in (0, 9, len(steps) - 1))
    assert sum(o == 1.0 for o, _, _ in first) == 1  # only x1 computed so far
    assert node_states(fig, [t.to_plotly_json() for t in fig.data]) == first  # as first drawn
    assert all(o == 1.0 for o, _, _ in last_forward)
    assert all(c == palette.UNKNOWN for _, c, _ in last_forward)  # no grads yet
    assert palette.UNKNOWN not in [c for _, c, _ in end]
    assert all("?" not in text for _, _, text in end)
    # a jump back along the slider forgets the later steps
    assert node_states(fig, jump(fig, 0, start=jump(fig, len(steps) - 1))) == first
    assert node_states(fig, jump(fig, 9, start=jump(fig, 15))) == last_forward
    # the highlight moves with the steps
    rings = {(jump(fig, i)[TRACE["highlight"]]["x"][0], jump(fig, i)[TRACE["highlight"]]["y"][0])
             for i in range(len(steps))}
    assert len(rings) > 1


def test_stepper_frames_carry_changes_not_the_graph():
    # about 90 Values and 200 steps: each step sends its change, so the figure grows by a few
    # hundred bytes a step, not by the graph's size (tens of kilobytes)
    g = trace(chain(120))
    steps = chain_rule_steps(g)
    small = len(pio.to_json(stepper_figure(g, steps[:10]), validate=False))
    full = len(pio.to_json(stepper_figure(g, steps), validate=False))
    assert (full - small) / (len(steps) - 10) < 500


def test_stepper_controls_are_translatable():
    g = trace(neuron())
    fig = stepper_figure(g, chain_rule_steps(g),
                         controls={"play": "▶ 播放", "pause": "❚❚ 暂停", "step": "步骤 "})
    assert fig.layout.updatemenus[0].buttons[0].label == "▶ 播放"
    assert fig.layout.sliders[0].currentvalue.prefix == "步骤 "


def chain(n):
    """A graph of about n Values: a running sum of tanh(w_i * x) terms."""
    x = Value(0.5, "x")
    acc = Value(0.0, "acc")
    for i in range(n // 4):
        acc = acc + (Value(0.01 * i) * x).tanh()
    acc.backward()
    return acc


@pytest.mark.parametrize("n", [2000])
def test_large_graph_draws_every_value(n):
    # how fast is bench/bench_explore.py's job; here: every Value of a large graph is drawn
    g = trace(chain(n))
    fig = graph_figure(g)
    assert len(trace_named(fig, "values").x) == len(g.values()) >= n * 0.9


def test_palette_is_diverging_and_flags_nonfinite():
    assert palette.gradient_color(-2, 2) == palette.NEGATIVE
    assert palette.gradient_color(2, 2) == palette.POSITIVE
    assert palette.gradient_color(0, 2) == palette.ZERO
    assert palette.gradient_color(math.nan, 2) == palette.FLAG
    assert palette.gradient_color(5, 0) == palette.ZERO
    assert [c for _, c in palette.DIVERGING] == [palette.NEGATIVE, palette.NEGATIVE_LIGHT,
                                                 palette.ZERO, palette.POSITIVE_LIGHT,
                                                 palette.POSITIVE]


def test_op_clicks_pick_the_value_they_compute():
    g = trace(neuron())
    ops = trace_named(graph_figure(g), "ops")
    op_nodes = [n for n in g.nodes if n.kind == OP]
    assert list(ops.customdata) == [n.value for n in op_nodes]
