"""The load test's protocol visitor (bench/protocol.py) against a real ``streamlit run app.py``:
it opens a code link and gets what torch prints, edits the code, clicks a graph node, picks a
loss and a reduction, trains on Descent, and does a whole load-test round without an error.
No browser: the visitor speaks Streamlit's websocket protocol."""

import asyncio
import base64
import json
import urllib.parse

import numpy as np
import pytest

from bench.load import (
    DESCENT,
    HOSTILE_PASTES,
    MSE_OPTION,
    STEPS_TAKEN,
    ProtocolSession,
    error_boxes,
    first_code,
    graph_node,
    metric,
    printed,
    ringed,
    shared_code,
)
from bench.protocol import Visitor, plotly_array, trace_named, widget_id_key
from tests.browser.conftest import streamlit_server
from tests.conftest import require_torch
from tests.lessons.losses.cases import printed_by_torch

# a tutorial's snippet, and the same loss by another name: the console shows what torch prints
MSE_CODE = """import torch
from torch import nn
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = torch.tensor([1.0, 2.0, 5.0])
loss = nn.MSELoss()(x, y)
loss.backward()
print(loss)
print(x.grad)
"""
L1_CODE = MSE_CODE.replace("MSELoss", "L1Loss")
# the Losses page's tutorial data at the three steps a visitor takes: L1Loss (where it opens),
# MSELoss, MSELoss with reduction="sum"
LOSSES = """import torch
from torch import nn
x, y = torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1.0, 2.0, 5.0])
print(nn.L1Loss()(x, y))
print(nn.MSELoss()(x, y))
print(nn.MSELoss(reduction="sum")(x, y))
"""


def link(code):
    return "?" + urllib.parse.urlencode({"code": code, "lang": "en"}, quote_via=urllib.parse.quote)


def visit(url, steps):
    """Run ``await steps(visitor)`` with a new Visitor of ``url``; always close it."""
    async def main():
        visitor = Visitor(url)
        try:
            return await steps(visitor)
        finally:
            await visitor.close()
    return asyncio.run(main())


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The URL of one ``streamlit run app.py`` for this module's visitors."""
    with streamlit_server(tmp_path_factory.mktemp("streamlit") / "server.log") as (url, _):
        yield url


@pytest.fixture(scope="module")
def by_torch(tmp_path_factory):
    """What real torch prints for MSE_CODE, L1_CODE and LOSSES."""
    require_torch()
    return printed_by_torch(tmp_path_factory.mktemp("torch"), [MSE_CODE, L1_CODE, LOSSES])


# --- without a server -----------------------------------------------------------------------------


def test_plotly_arrays_decode_as_numpy_wrote_them():
    a = np.array([0.5, -3.0, 2.25])
    assert plotly_array({"dtype": "f8", "bdata": base64.b64encode(a.tobytes()).decode()}) \
        == [0.5, -3.0, 2.25]
    m = np.arange(6, dtype=np.int8).reshape(2, 3)
    assert plotly_array({"dtype": "i1", "bdata": base64.b64encode(m.tobytes()).decode(),
                         "shape": "2, 3"}) == [[0, 1, 2], [3, 4, 5]]
    assert plotly_array([1, 2]) == [1, 2] and plotly_array((3,)) == [3]


def test_widget_keys_are_the_end_of_streamlits_ids():
    assert widget_id_key("$$ID-0c4ca7906b91c19224a2bd977563ac28-explore.source") \
        == "explore.source"
    assert widget_id_key("$$ID-14e6840948a41b350719782438cc4e15-None") is None
    assert widget_id_key("$$ID-1234-descent:main-chart") == "descent:main-chart"


# --- against the app ------------------------------------------------------------------------------


def test_a_code_link_shows_what_torch_prints_and_an_edit_shows_the_new_output(app, by_torch):
    async def steps(v):
        opened = await v.open(link(MSE_CODE), until=lambda page: page.text_blocks())
        assert opened.seen is not None
        console = v.page.text_blocks()[0]
        editor = v.page.find("text_area", label="Code")
        edited = await v.set_text(editor, L1_CODE, until=lambda page: page.text_blocks())
        return console, editor.body.value, edited, v.page.text_blocks()[0], v.query

    console, shown, edited, after, query = visit(app, steps)
    assert console == by_torch[0].strip()  # tensor(1.3333, grad_fn=<MseLossBackward0>) ...
    assert shown == MSE_CODE  # the editor holds the link's code
    assert edited.seen is not None and edited.seconds >= edited.seen
    assert after == by_torch[1].strip()
    assert urllib.parse.parse_qs(query)["code"] == [L1_CODE]  # the share link follows the edit


def test_the_shared_link_prints_the_engines_output_and_a_click_rings_a_node(app):
    async def steps(v):
        await v.open(link(shared_code()))
        console = v.page.text_blocks()
        chart = v.page.find("plotly_chart")
        rings = []
        for name in ("x1", "w1"):
            curve, index, point = graph_node(v.page.find("plotly_chart"), name)
            run = await v.select_point(v.page.find("plotly_chart"), curve, index,
                                       until=lambda page, p=point: ringed(page, *p))
            picked = v.page.find("selectbox", key="graph_pick_scalar")
            rings.append((run.seen is not None, ringed(v.page, *point), picked.body.raw_value))
        return console, chart, rings

    console, chart, rings = visit(app, steps)
    assert printed(shared_code()) in console
    _, values = trace_named(chart.figure(), "values")
    assert any(text.startswith("<b>x1</b>") for text in values["text"])
    # the ring moved onto each node, and the inspector's picker names it with its value
    assert [(seen, on) for seen, on, _ in rings] == [(True, True), (True, True)]
    assert rings[0][2].startswith("x1 = 2") and rings[1][2].startswith("w1 = -3")


def test_on_losses_a_visitor_picks_mse_and_sum_and_gets_torchs_values(app, by_torch):
    async def steps(v):
        await v.open(link(shared_code()))
        await v.go_to("losses")
        values = [first_code(v.page)]
        await v.choose(v.page.find("selectbox", label="Loss"), MSE_OPTION)
        values.append(first_code(v.page))
        await v.choose(v.page.find("radio", option="sum"), "sum")
        values.append(first_code(v.page))
        return values, v.query

    values, query = visit(app, steps)
    assert values == by_torch[2].splitlines()  # tensor(0.6667), tensor(1.3333), tensor(4.)
    params = urllib.parse.parse_qs(query)
    assert params["loss"] == ["MSELoss"] and params["reduction"] == ["sum"]


def test_on_descent_the_train_button_takes_the_links_steps(app):
    async def steps(v):
        await v.open(DESCENT)
        before = metric(v.page, STEPS_TAKEN)
        run = await v.click(v.page.find("button", key="train"),
                            until=lambda page: metric(page, STEPS_TAKEN) == "500")
        return before, run.seen, metric(v.page, STEPS_TAKEN), v.page.all("exception")

    before, seen, after, exceptions = visit(app, steps)
    assert (before, after) == ("0", "500") and seen is not None and not exceptions


def test_hostile_pastes_each_get_an_error_box_and_the_shared_link_opens_after(app):
    async def steps(v):
        await v.open(link(shared_code()))
        boxes = []
        for snippet in HOSTILE_PASTES[:3]:
            await v.set_text(v.page.find("text_area", key="explore.source"), snippet)
            boxes.append(error_boxes(v.page))
        await v.open(link(shared_code()))
        return boxes, v.page.text_blocks(), v.page.all("exception")

    boxes, console, exceptions = visit(app, steps)
    assert all(len(b) == 1 for b in boxes) and not exceptions
    assert printed(shared_code()) in console


def test_two_visitors_see_their_own_code(app):
    async def steps(a):
        b = Visitor(app)
        try:
            await a.open(link(MSE_CODE))
            await b.open(link(L1_CODE))
            await a.rerun()  # a rerun of the first visitor's page after the second's
            return a.page.find("text_area", label="Code").body.value, \
                b.page.find("text_area", label="Code").body.value, a.session_id != b.session_id
        finally:
            await b.close()

    assert visit(app, steps) == (MSE_CODE, L1_CODE, True)


def test_a_protocol_session_does_a_whole_round_without_an_error(app):
    """bench.load's round, spoken over the protocol: every action is timed once (twice for
    the node clicks), with a hostile paste (session 0 is one of the hostile fifth)."""
    times, errors, finished = {}, [], {}

    def record(action, seconds, error=None):
        if error is None:
            times.setdefault(action, []).append(seconds)
        else:
            errors.append((action, error))

    session = ProtocolSession(0, app, deadline=0, record=record,
                              hostile_pastes=iter(HOSTILE_PASTES),
                              finished=lambda a, s: finished.setdefault(a, []).append(s))
    asyncio.run(session.run())
    assert errors == []
    assert session.rounds == 1
    counts = {a: len(s) for a, s in times.items() if not a.startswith("limit stop")}
    assert counts == {"open link": 1, "edit code": 1, "click a node": 2, "hostile snippet": 1,
                      "open Losses": 1, "pick a loss": 1, "pick a reduction": 1,
                      "open Descent": 1, "train 500 steps": 1}
    assert {a: len(s) for a, s in finished.items()} == counts
    assert json.dumps(times)  # plain numbers, as the report prints them
