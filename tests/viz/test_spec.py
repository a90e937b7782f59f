"""figure_spec, with_highlight and SpecFigure: a figure sent again as data, the ring moved."""

import json

import plotly.io as pio

from engine.autograd.graph import chain_rule_steps, trace
from tests.engine.autograd.test_graph import neuron
from viz.graph import TRACE, graph_figure
from viz.layout import layered_layout
from viz.spec import SpecFigure, figure_spec, spec_bytes, with_highlight
from viz.stepper import stepper_figure


def as_json(spec):
    return json.loads(pio.to_json(spec, validate=False))


def test_a_spec_is_the_figure_less_the_types_of_frame_updates():
    g = trace(neuron())
    fig = stepper_figure(g, chain_rule_steps(g))
    spec = figure_spec(fig)
    full = as_json(fig)
    assert all(d["type"] == "scatter" for d in full["frames"][3]["data"])
    for frame in full["frames"]:
        for update in frame["data"]:
            del update["type"]
    assert as_json(spec) == full
    assert all(t["type"] == "scatter" for t in as_json(spec)["data"])  # traces keep theirs


def plain(x):
    """Whether ``x`` is JSON's data all the way down (what orjson takes in one call)."""
    if isinstance(x, dict):
        return all(isinstance(k, str) and plain(v) for k, v in x.items())
    if isinstance(x, list):
        return all(plain(v) for v in x)
    return x is None or isinstance(x, str | int | float | bool)


def test_a_spec_is_plain_data():
    g = trace(neuron())
    for fig in (graph_figure(g), stepper_figure(g, chain_rule_steps(g))):
        assert not plain(fig.to_dict())  # plotly keeps text in numpy arrays
        assert plain(figure_spec(fig))


def test_moving_the_ring_is_drawing_the_figure_with_that_highlight():
    g = trace(neuron())
    layout = layered_layout(g)
    spec = figure_spec(graph_figure(g, layout))
    before = pio.to_json(spec, validate=False)
    for node in (0, g.root):
        moved = with_highlight(spec, layout.x[node], layout.y[node])
        assert pio.to_json(moved, validate=False) == pio.to_json(
            figure_spec(graph_figure(g, layout, highlight=node)), validate=False)
        assert moved["data"][TRACE["values"]] is spec["data"][TRACE["values"]]  # shared
    assert pio.to_json(spec, validate=False) == before  # the kept spec is unchanged


def test_a_spec_figure_is_sent_as_its_spec():
    g = trace(neuron())
    spec = figure_spec(graph_figure(g))
    fig = SpecFigure(spec)
    assert fig.to_dict() is spec
    assert pio.to_json(fig, validate=False) == pio.to_json(spec, validate=False)
    assert spec_bytes(spec) == len(pio.to_json(spec, validate=False))
