"""tensor_graph_figure: one marker per tensor op, tensor and number, edges solid where gradient
flows and dotted where it does not, the backward rule on each edge, the ring where it is put."""

import math

import plotly.io as pio
import pytest

from engine import evaluate
from lessons.tensor_graph import tensor_graph
from viz import palette
from viz.layout import layered_layout
from viz.spec import figure_spec, with_highlight
from viz.tensor_graph import SHOW_TEXT_MAX, TRACE, preview_text, shape_text, tensor_graph_figure

CODE = """\
import torch
w = torch.tensor([0.5, -2.0], requires_grad=True)
b = torch.tensor(1.0, requires_grad=True)
x = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
y = x * w + b
loss = (y ** 2).mean()
loss.backward()
"""


@pytest.fixture(scope="module")
def graph():
    ev = evaluate(CODE, level="tensor")
    return tensor_graph(ev.output, ev.names)


def trace_named(fig, name):
    [t] = [t for t in fig.data if t.name == name]
    return t


def segments(t):
    return sum(1 for v in t.x if v is None or (isinstance(v, float) and math.isnan(v)))


def test_every_node_is_drawn_once_with_its_name_grad_fn_and_shape(graph):
    fig = tensor_graph_figure(graph)
    assert [t.name for t in fig.data] == list(TRACE)
    ops, tensors = (trace_named(fig, k) for k in ("ops", "tensors"))
    drawn = [*ops.customdata, *tensors.customdata]
    assert sorted(int(i) for i in drawn) == [n.id for n in graph.nodes]
    by_id = {int(i): text for i, text in zip(ops.customdata, ops.text, strict=True)}
    y = next(n for n in graph.nodes if n.name == "y")
    assert by_id[y.id] == "<b>y</b><br>AddBackward0<br>[3×2]"
    loss = graph.nodes[graph.root]
    assert by_id[loss.id] == f"<b>loss</b><br>MeanBackward0<br>= {loss.values[0]:.4f}".rstrip("0")
    hover = ops.hovertext[list(ops.customdata).index(loss.id - 1)]
    assert hover.startswith("<b>pow1</b> (PowBackward0)<br>pow1 = y ** 2<br>")  # its number too


def test_edges_are_solid_where_gradient_flows_and_carry_the_rule(graph):
    fig = tensor_graph_figure(graph)
    flowing = [e for e in graph.edges if e.grad]
    assert segments(trace_named(fig, "edges")) == len(flowing)
    assert segments(trace_named(fig, "data edges")) == len(graph.edges) - len(flowing) == 1  # x
    assert trace_named(fig, "data edges").line.dash == "dot"
    labels = trace_named(fig, "edge labels")
    assert list(labels.hovertext) == [e.formula for e in flowing if e.formula]
    assert "∂loss/∂w += Σ(g · x)" in labels.hovertext  # w broadcast over x's rows: summed
    assert "Σ(g · x)" in labels.text


def test_parameters_are_coloured_by_their_gradients_sign(graph):
    fig = tensor_graph_figure(graph)
    tensors = trace_named(fig, "tensors")
    colour = dict(zip((graph.nodes[int(i)].name for i in tensors.customdata),
                      tensors.marker.color, strict=True))
    w, b = (next(n for n in graph.nodes if n.name == k) for k in ("w", "b"))
    scale = max(abs(w.grad_mean), abs(b.grad_mean))
    assert colour["w"] == palette.gradient_color(w.grad_mean, scale)
    assert colour["b"] == palette.gradient_color(b.grad_mean, scale)
    assert colour["x"] == palette.CONSTANT  # data: no gradient
    hover = tensors.hovertext[list(tensors.customdata).index(w.id)]
    assert f"grad: {preview_text(w.grad, 2)}" in hover and "torch.float32" in hover


def test_the_ring_moves_without_rebuilding(graph):
    layout = layered_layout(graph)
    spec = figure_spec(tensor_graph_figure(graph, layout))
    for node in (0, graph.root):
        moved = with_highlight(spec, layout.x[node], layout.y[node])
        assert pio.to_json(moved, validate=False) == pio.to_json(
            figure_spec(tensor_graph_figure(graph, layout, highlight=node)), validate=False)
        assert moved["data"][TRACE["ops"]] is spec["data"][TRACE["ops"]]


def test_nan_is_flagged_and_large_graphs_keep_text_in_the_hover():
    ev = evaluate("import torch\nw = torch.tensor([-1.0, 40.0], requires_grad=True)\n"
                  "h = w\nfor i in range(40):\n    h = h * 1.01 - 0.1\n"
                  "loss = h.log().sum()\nloss.backward()\n", level="tensor")
    g = tensor_graph(ev.output, ev.names)
    assert len(g.nodes) > SHOW_TEXT_MAX
    fig = tensor_graph_figure(g)
    assert trace_named(fig, "ops").mode == "markers" and trace_named(fig, "ops").text is None
    assert all(trace_named(fig, "ops").hovertext)
    flags = trace_named(fig, "flags")
    assert len(flags.x) == len(g.nonfinite) >= 1  # log of a negative: nan


def test_shapes_and_previews_read_as_a_learner_writes_them():
    class Node:
        shape, values = (), (2.5,)

    assert shape_text(Node) == "= 2.5"
    Node.shape = (3, 4)
    assert shape_text(Node) == "[3×4]"
    assert preview_text((1.0, 0.5), 2) == "[1, 0.5]"
    assert preview_text((1.0, 0.5), 12) == "[1, 0.5, …]"
    assert preview_text((float("inf"),), 1) == "inf"
