"""The Explore page through Streamlit's AppTest: presets, deep links, errors, languages."""

import json
import pickle
from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from bench.bench_explore import snippet
from lessons.corpus import PRESETS
from lessons.explore import SECTIONS
from tests.engine.torchlike.tensor_programs import POLY_FIT, POLY_FIT_AUTOGRAD
from ui import caches, widgets
from ui.widgets import panel_parts, table_text
from viz.graph import TRACE, value_nodes

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 60
EVERY_SECTION = tuple(SECTIONS.values())  # the params that open the sections below the graph


def run(code=None, sections=EVERY_SECTION, **params):
    """The page as a link opens it: ``code``, the ``sections`` it opens, and other params."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if code is not None:
        at.query_params["code"] = code
    for section in sections:
        at.query_params[section] = "true"
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def load(at, preset):
    at.selectbox(key="preset").set_value(preset).run()
    assert not at.exception, at.exception
    return at


def text_blocks(at):
    """The text of every text block (printed output, formulas) the run drew, in page order."""
    return [text for e in at.get("html") for kind, text in panel_parts(e.proto.body)
            if kind == "block"]


def console(at):
    return text_blocks(at)[0]


def gradcheck_table(at):
    tables = [table_text(e.proto.body) for e in at.get("html")]
    [df] = [pd.DataFrame(rows, columns=headers) for headers, rows in filter(None, tables)
            if "autograd grad" in headers]
    return df


def gradcheck(at):
    """The gradient-check table as {leaf: autograd grad}."""
    df = gradcheck_table(at)
    return dict(zip(df["leaf"], (float(g) for g in df["autograd grad"]), strict=True))


def charts(at):
    return at.get("plotly_chart")


@pytest.fixture(scope="module")
def default_page():
    return run()


def expanders(at):
    """{label: expander} of the page's expanders."""
    return {e.label: e for e in at.get("expander")}


@pytest.mark.parametrize(("lang", "labels"), [
    ("en", ["Step through backprop", "Gradient check", "Export"]),
    ("zh", ["逐步演示反向传播", "梯度检查", "导出"]),
])
def test_the_neuron_opens_with_its_graph_and_the_sections_below_it_closed(lang, labels):
    at = run(sections=(), lang=lang)
    assert not at.exception
    assert "0.7071" in console(at)
    assert len(charts(at)) == 1  # the graph: the step-through is drawn when its section opens
    assert set(labels) <= set(expanders(at))
    assert not at.get("download_button")
    assert not any(table_text(e.proto.body) for e in at.get("html"))  # no gradient check
    at.session_state["show_check"] = True  # the learner opens the gradient check
    at.run()
    [(headers, rows)] = filter(None, (table_text(e.proto.body) for e in at.get("html")))
    assert len(rows) == 5 and len(charts(at)) == 1  # a row per leaf: x1, x2, w1, w2, b
    at.session_state["show_steps"] = True
    at.run()
    assert len(charts(at)) == 2 and not at.exception


@pytest.mark.parametrize("value", ["false", "", "yes", "<b>1</b>", "true" * 1000])
def test_a_link_with_a_bad_section_value_opens_the_page_with_it_closed(value):
    at = run(sections=(), show_steps=value)
    assert not at.exception and not at.error
    assert len(charts(at)) == 1 and "0.7071" in console(at)


def test_the_neuron_opens_every_section_a_link_asks_for(default_page):
    at = default_page
    assert not at.exception
    assert "0.7071" in console(at)
    assert len(charts(at)) == 2  # the graph and the step-through
    assert [b.label for b in at.get("download_button")] == ["Download the graph (JSON)"]
    grads = gradcheck(at)
    assert grads["x1"] == pytest.approx(-1.5) and grads["w1"] == pytest.approx(1.0)
    assert all("pass" in ok for ok in gradcheck_table(at)["check"])


@pytest.mark.parametrize("preset", list(PRESETS))
def test_every_preset_runs_and_draws(default_page, preset):
    at = load(default_page, preset)
    assert at.text_area(key="explore.source").value == PRESETS[preset]
    assert not at.error, [e.value for e in at.error]
    assert charts(at), "no graph drawn"
    assert at.query_params["code"] in (PRESETS[preset], [PRESETS[preset]])  # the link follows


@pytest.mark.parametrize(
    ("preset", "printed"),
    [("l1", "tensor(0.6667) tensor(2.)"), ("mse", "tensor(1.3333) tensor(4.)"),
     ("cross_entropy", "tensor(1.1019) tensor(1.1019)")],
)
def test_tutorial_presets_print_what_torch_prints(default_page, preset, printed):
    assert console(load(default_page, preset)).splitlines()[0] == printed


def test_l1_groups_into_input_sub_abs_mean(default_page):
    at = load(default_page, "l1")
    assert at.radio(key="graph_zoom").value == "scalar"  # small: every Value first
    at.radio(key="graph_zoom").set_value("grouped").run()
    assert not at.exception
    names = [o for o in at.selectbox(key="graph_pick_grouped").options]
    assert any("input" in n for n in names) and any("target" in n for n in names)


def test_the_grouped_view_of_recorded_tensor_code_is_the_tensor_levels_graph(default_page):
    # nn.Linear trained: the scalar graph of Values, and beside it the tensor level's graph of
    # the same run, one node per op with torch's grad_fn, its inspector and its JSON
    at = load(default_page, "linear_training")
    at.radio(key="graph_zoom").set_value("grouped").run()
    assert not at.exception
    options = at.selectbox(key="graph_tensor_pick").options
    assert "loss · MseLossBackward0" in options and "addmm1 · AddmmBackward0" in options
    at.selectbox(key="graph_tensor_pick").set_value(options.index("loss · MseLossBackward0"))
    at.run()
    assert any("MseLossBackward0" in m.value for m in at.markdown)
    assert charts(at)


def test_accumulation_preset_sums_both_consumers(default_page):
    at = load(default_page, "accumulate")
    assert console(at) == "12.0 7.0"  # b = a*a + a at 3; db/da = 2a + 1
    assert gradcheck(at)["a"] == pytest.approx(7.0)


def test_softmax_by_hand_gradient_is_softmax_minus_onehot(default_page):
    at = load(default_page, "softmax")
    logits = np.array([2.0, 1.0, 0.1])
    p = np.exp(logits) / np.exp(logits).sum()
    expected = p - np.eye(3)[0]
    grads = gradcheck(at)
    got = [grads[k] for k in sorted(k for k in grads if k.startswith("logits"))]
    assert got == pytest.approx(expected, abs=1e-6)


def test_mlp_preset_loss_matches_the_maths(default_page):
    at = load(default_page, "mlp")
    x = np.array([1.0, -2.0])
    w1 = np.array([[0.5, -0.3], [0.8, 0.1], [-0.6, 0.4]])
    b1 = np.array([0.1, -0.1, 0.2])
    w2 = np.array([0.7, -0.5, 0.3])
    pred = np.tanh(w1 @ x + b1) @ w2 + 0.05
    loss = (pred - 0.5) ** 2
    assert f"tensor({loss:.4f}" in console(at)


def test_optim_loop_moves_w_towards_5(default_page):
    at = load(default_page, "optim")
    lines = console(at).splitlines()
    assert len(lines) == 5
    w = float(lines[-1].split()[-1])
    assert w == pytest.approx(5 - 3 * 0.8**5, abs=1e-5)  # each step keeps 80% of the distance


def test_a_deep_link_opens_with_its_code():
    at = run("a = Value(2.0, label='a')\nb = a * a\nb.backward()\nprint(a.grad)\n")
    assert not at.exception
    assert console(at) == "4.0"
    assert at.text_area(key="explore.source").value.startswith("a = Value(2.0")


def test_a_broken_snippet_shows_the_error_box_with_its_line():
    at = run("x = Value(1.0)\ny = x +* 2\n")
    assert not at.exception
    [box] = at.error
    assert "Line 2" in box.value and "y = x +* 2" in box.value and "^" in box.value
    assert not charts(at)


def test_inf_and_nan_raise_a_warning():
    at = run("x = Value(-1.0, label='x')\ny = x.sqrt()\ny.backward()\n")
    assert not at.exception
    assert any("inf or nan" in w.value for w in at.warning)


def inspector_panel(at):
    """The inspector's parts, as text_panel drew them (the panel that starts with its formula)."""
    [panel] = [parts for e in at.get("html") if (parts := panel_parts(e.proto.body))
               and parts[0] == ("label", "Formula")]
    return panel


def test_the_console_is_one_panel_under_its_label():
    [panel] = [parts for e in run(sections=()).get("html")
               if (parts := panel_parts(e.proto.body)) and parts[0] == ("label", "Console")]
    assert panel == [("label", "Console"), ("block", "Value(data=0.7071, grad=1.0000, label='o')\n"
                                                     "-1.4999999999999993 0.9999999999999996")]


def test_inspector_shows_the_gradient_as_a_sum_over_consumers(default_page):
    at = load(default_page, "neuron")
    picker = at.selectbox(key="graph_pick_scalar")
    assert picker.options[0] == "x1 = 2"
    picker.set_value(0).run()  # node 0: x1, as a click on it would pick
    codes = text_blocks(at)
    assert any(c.endswith("= 0.5 * -3 = -1.5") for c in codes), codes
    # the inspector is one panel, read top to bottom: each label, its formula or a note
    panel = inspector_panel(at)
    assert [(kind, text.split("\n")[0]) for kind, text in panel] == [
        ("label", "Formula"), ("block", "x1 = 2"),
        ("note", "A leaf: an input or a parameter, not computed from anything."),
        ("label", "Consumers"), ("block", "x1w1 = x1 * w1 = 2 * -3 = -6"),
        ("label", "Gradient: the sum over consumers"),
        ("block", "do/dx1 = do/dx1w1 * dx1w1/dx1 = 0.5 * -3 = -1.5"),
    ]
    root = caches.cached_analysis(PRESETS["neuron"]).scalar.root  # o, the output
    at.selectbox(key="graph_pick_scalar").set_value(root).run()
    assert ("note", "None: this is the output.") in inspector_panel(at)


def test_a_panel_shows_markup_as_text():
    bodies = []
    with mock.patch.object(widgets.st, "html", side_effect=bodies.append):
        widgets.text_panel([("label", "<b>a</b>"), ("block", "x < y & z\n  kept"),
                            ("note", "<script>x</script>")])
    [body] = bodies
    assert "<b>" not in body and "<script>" not in body
    assert panel_parts(body) == [("label", "<b>a</b>"), ("block", "x < y & z\n  kept"),
                                 ("note", "<script>x</script>")]


def test_chinese_from_the_url_and_bad_params_fall_back():
    at = run(lang="zh")
    assert not at.exception
    assert "探索" in at.title[0].value
    at = run(lang="klingon")
    assert not at.exception and at.title[0].value.startswith("Explore")


def test_widgets_keep_working_in_chinese():
    at = run(lang="zh")
    at.selectbox(key="preset").set_value("l1").run()
    at.radio(key="graph_zoom").set_value("grouped").run()
    assert not at.exception
    assert "tensor(0.6667) tensor(2.)" in console(at)
    assert at.radio(key="graph_zoom").value == "grouped"


def test_an_overly_long_code_param_is_cut_with_an_error():
    at = run("x = Value(1.0)\n" + "#" * 25_000)
    assert not at.exception
    assert any("longer than" in e.value for e in at.error)
    assert len(at.text_area(key="explore.source").value) == 20_000


def test_large_tensor_graphs_open_grouped():
    at = run("import torch\nx = torch.ones(400, requires_grad=True)\n"
             "loss = (x * 2).sum()\nloss.backward()\n")
    assert not at.exception
    assert at.radio(key="graph_zoom").value == "grouped"
    assert charts(at)


def test_a_graph_too_large_to_draw_says_so_instead_of_hanging():
    # 3,000 loop steps: 9,001 Values, over the drawing limit but traced
    at = run("x = Value(0.5)\ny = x\nfor i in range(3000):\n    y = (y * 1.0001 + 0.001).relu()\n"
             "y.backward()\nprint(x.grad)")
    assert not at.exception
    assert any("too many to lay out" in i.value for i in at.info)
    assert not charts(at)
    assert console(at).strip()  # what the code printed is still there


def test_a_graph_too_large_to_trace_keeps_the_console():
    at = run("x = Value(0.5)\ny = x\nfor i in range(20000):\n    y = y * 1.0001 + 0.001\n"
             "y.backward()\nprint('done')")
    assert not at.exception
    assert any("40,001 Values" in i.value for i in at.info)
    assert "done" in console(at)


def test_the_code_stays_while_another_page_is_open():
    at = run("a = Value(3.0)\nprint(a * a)\n")
    at.text_area(key="explore.source").input("print(6 * 7)\n").run()
    at.switch_page("pages/descent.py").run()
    assert not at.exception and not at.text_area
    at.switch_page("pages/explore.py").run()
    assert at.text_area(key="explore.source").value == "print(6 * 7)\n"
    assert console(at) == "42"
    assert at.query_params["code"] in ("print(6 * 7)\n", ["print(6 * 7)\n"])


RANDOM = "import torch\nx = torch.randn(3, requires_grad=True)\ny = (x * x).sum()\n" \
    "y.backward()\nprint(x)\n"


def test_unseeded_random_numbers_show_their_seed_and_pinning_keeps_them():
    at = run(RANDOM)
    assert not at.exception
    before = console(at)
    [note] = [c.value for c in at.caption if "seed" in c.value]
    seed = int(note.split("seed ")[1].split(":")[0])
    assert console(run(RANDOM)) == before  # one seed per code text: the same numbers again
    at.button(key="pin_seed").click().run()
    assert not at.exception
    code = at.text_area(key="explore.source").value
    assert code.splitlines()[:2] == ["import torch", f"torch.manual_seed({seed})"]
    assert console(at) == before
    assert not at.button  # seeded by the code now: nothing to pin
    table = gradcheck_table(at)  # d(sum x^2)/dx = 2x, for the numbers drawn
    assert list(table["leaf"]) == ["x[0]", "x[1]", "x[2]"]
    assert np.allclose(table["autograd grad"].astype(float), 2 * table["value"].astype(float))


def test_seeded_code_offers_no_pin():
    at = run("import torch\ntorch.manual_seed(0)\nprint(torch.rand(2))\n")
    assert console(at) == "tensor([0.4963, 0.7682])"
    assert not [c for c in at.caption if "seed" in c.value]


def test_numpy_code_prints_numpys_text_and_draws_its_torch_graph():
    at = run("import numpy as np\nimport torch\na = np.array([1.5, -2.0])\nprint(a, a.sum())\n"
             "x = torch.from_numpy(a).requires_grad_()\ny = (x * x).sum()\ny.backward()\n"
             "print(x.grad.numpy())\n")
    assert not at.exception and not at.error
    assert console(at) == f"{np.array([1.5, -2.0])} {np.float64(-0.5)}\n{np.array([3.0, -4.0])}"
    assert charts(at)


GLUED = ("import torch\nfrom torch.nn import L1Lossinput=torch.tensor([1., 2, 3])"
         "target=torch.tensor([1., 2, 5])\nloss=L1Loss()result=loss(input,target)print(result)")


@pytest.mark.parametrize(("lang", "words", "button"), [
    ("en", "look glued together", "Use this code"),
    ("zh", "粘在了一起", "使用这段代码"),
])
def test_glued_code_gets_a_repair_that_one_click_applies(lang, words, button):
    at = run(GLUED, lang=lang)
    assert not at.exception
    [box] = at.error
    assert "Line 2" in box.value or "第 2 行" in box.value
    assert [i for i in at.info if words in i.value]
    repaired = at.code[0].value
    assert repaired.startswith("import torch\nfrom torch.nn import L1Loss\ninput=")
    assert at.button(key="repair").label == button
    at.button(key="repair").click().run()
    assert not at.exception and not at.error
    assert at.text_area(key="explore.source").value == repaired
    assert console(at) == "tensor(0.6667)"
    assert at.query_params["code"] == repaired


def test_an_error_without_a_repair_offers_no_button():
    at = run("x = = 1")
    assert at.error and not [b for b in at.button if b.key == "repair"]


def test_a_pasted_docstring_example_echoes_and_draws_its_graph():
    doctest_text = (
        "Examples::\n\n"
        "    >>> import torch\n"
        "    >>> loss = torch.nn.L1Loss()\n"
        "    >>> input = torch.tensor([1., 2., 3.], requires_grad=True)\n"
        "    >>> target = torch.tensor([1., 2., 5.])\n"
        "    >>> output = loss(input, target)\n"
        "    >>> output.backward()\n"
        "    >>> output\n"
        "    tensor(0.6667, grad_fn=<MeanBackward0>)\n"
    )
    at = run(doctest_text)
    assert not at.exception and not at.error
    assert console(at) == "tensor(0.6667, grad_fn=<MeanBackward0>)"
    assert gradcheck(at)  # the graph backward ran through is drawn and checked


# --- a light page: what it sends, and what a click costs ---------------------------------------


@pytest.mark.parametrize(("values", "charts_drawn", "budget"),
                         [(100, 2, 150_000), (2000, 1, 1_000_000)])
def test_the_figures_fit_their_budget(values, charts_drawn, budget):
    # the bench's snippets (bench/bench_pages.py times them); 2,000 Values have no step-through
    at = run(snippet(values))
    assert not at.exception
    sizes = [len(chart.proto.spec) for chart in charts(at)]
    assert len(sizes) == charts_drawn and sum(sizes) <= budget, sizes
    too_big = [i.value for i in at.info if i.value.startswith("The step-through is drawn for")]
    assert bool(too_big) == (charts_drawn == 1), too_big  # its section says why it has none


def ring(at):
    """(x, y) of the graph's highlight ring, as the page sent it."""
    spec = json.loads(charts(at)[0].proto.spec)
    highlight = spec["data"][TRACE["highlight"]]
    return highlight["x"], highlight["y"]


def test_a_click_moves_the_ring_and_rebuilds_nothing():
    source = snippet(100)
    at = run(source)
    analysis = caches.cached_analysis(source)
    built = caches._ANALYSES.computed, caches._FIGURES.computed
    graph_before, stepper_before = (chart.proto.spec for chart in charts(at))
    layout = analysis.scalar_layout
    assert ring(at) == ([layout.x[analysis.scalar.root]], [layout.y[analysis.scalar.root]])
    picker = at.selectbox(key="graph_pick_scalar")
    # AppTest picks an option by its text: nodes whose text no other node has
    unique = [n.id for n in value_nodes(analysis.scalar)
              if picker.options.count(picker.format_func(n.id)) == 1]
    assert len(unique) >= 3
    for node in unique[:3]:  # a click on the graph picks the node as the inspector does
        at.selectbox(key="graph_pick_scalar").set_value(node).run()
        assert not at.exception
        assert ring(at) == ([layout.x[node]], [layout.y[node]])
    assert (caches._ANALYSES.computed, caches._FIGURES.computed) == built
    graph_after, stepper_after = (chart.proto.spec for chart in charts(at))
    assert stepper_after == stepper_before and graph_after != graph_before


def test_session_state_holds_widget_values_not_graphs():
    source = snippet(100)
    at = run(source)
    at.selectbox(key="graph_pick_scalar").set_value(0).run()
    state = {key: at.session_state[key] for key in at.session_state}
    assert set(state) == {"app.lang", "preset", "explore.source", "graph_pick_scalar",
                          "graph_chart_scalar", *SECTIONS.values()}
    assert len(pickle.dumps(state)) < len(source) + 1000


PLOTTING = ("import torch\nimport matplotlib.pyplot as plt\nx = torch.linspace(0, 1, 5)\n"
            "y = x ** 2\nloss = y.sum()\nprint(loss)\nplt.plot(x, y, 'o-', label='x squared')\n"
            "plt.title('Squares <b>&</b>')\nplt.legend()\nplt.show()\n"
            "plt.hist(x, bins=2)\n")


@pytest.mark.parametrize("lang, heading", [("en", "Charts"), ("zh", "图表")])
def test_the_codes_charts_are_drawn_under_its_output(lang, heading):
    at = run(PLOTTING, lang=lang)
    assert not at.exception
    assert "tensor(1.8750)" in console(at)
    assert any(heading in m.value for m in at.markdown)
    specs = [json.loads(chart.proto.spec) for chart in charts(at)]
    users = [s for s in specs if s["layout"].get("template", {}).get("layout", {})
             .get("plot_bgcolor") == "white"]
    assert len(users) == 2  # the two figures, then the graph and the step-through
    first, second = users
    assert first["layout"]["title"]["text"] == "Squares &lt;b&gt;&amp;&lt;/b&gt;"
    assert first["data"][0]["name"] == "x squared" and first["data"][0]["mode"] == "lines+markers"
    assert second["data"][0]["type"] == "bar" and list(second["data"][0]["y"]) == [2, 3]
    assert len(specs) == 4 and specs[:2] == users


# --- the tensor level ---------------------------------------------------------------------------

CUBIC_FIT = POLY_FIT_AUTOGRAD.format(steps=300, every=100, last=99)


@pytest.mark.parametrize(("lang", "note", "rule"), [
    ("en", "ran on the tensor level", "Backward rule"), ("zh", "在张量层级上运行", "反向传播规则")])
def test_a_program_past_the_scalar_bounds_draws_its_tensor_graph(lang, note, rule):
    at = run(CUBIC_FIT, lang=lang)
    assert not at.exception and not at.error
    assert console(at).splitlines()[2].startswith("299 ")  # the loop ran to its end
    assert any(note in i.value for i in at.info)
    [chart] = charts(at)  # the tensor graph; no step-through
    spec = json.loads(chart.proto.spec)
    ops = next(d for d in spec["data"] if d["name"] == "ops")
    assert any(text.startswith("<b>loss</b><br>SumBackward0") for text in ops["text"])
    assert rule in [m.value.strip("*") for m in at.markdown]
    codes = text_blocks(at)
    assert "loss = sum(pow1)" in codes and "g = ∂loss/∂loss = 1\n∂loss/∂pow1 += g" in codes
    analysis = caches.cached_analysis(CUBIC_FIT)
    mul1 = next(n.id for n in analysis.tensor.nodes if n.name == "mul1")
    at.selectbox(key="tensor_graph_pick").set_value(mul1).run()
    assert "g = ∂loss/∂mul1\n∂loss/∂b += Σ(g · x)" in text_blocks(at)
    spec = json.loads(charts(at)[0].proto.spec)
    ring = next(d for d in spec["data"] if d["name"] == "highlight")
    layout = analysis.tensor_layout
    assert (ring["x"], ring["y"]) == ([layout.x[mul1]], [layout.y[mul1]])
    assert [b.label for b in at.get("download_button")]  # the JSON export


@pytest.mark.parametrize("code", [
    "import torch\nx = torch.ones(300, 300) * 2 + 1\nprint(x.sum())\n",  # no result at all
    POLY_FIT.format(steps=300, every=100, last=99),  # gradients by hand: no history
])
def test_a_tensor_program_with_no_graph_says_so(code):
    at = run(code)
    assert not at.exception and console(at)
    assert any("ran on the tensor level" in i.value for i in at.info)
    assert any("the code's result records no graph" in i.value for i in at.info)
    assert not charts(at)


def test_the_console_keeps_every_space_and_shows_markup_as_text():
    code = 'print("  <b>x</b> &amp; <script>alert(1)</script>")\nprint("")\nprint("   a  b")\n'
    at = run(code)
    assert not at.exception and not at.error
    assert console(at) == '  <b>x</b> &amp; <script>alert(1)</script>\n\n   a  b'
    [body] = [e.proto.body for e in at.get("html")
              if ("block", console(at)) in panel_parts(e.proto.body)]
    assert "<b>" not in body and "<script>" not in body  # escaped: the browser shows the text
    assert "&lt;b&gt;x&lt;/b&gt; &amp;amp;" in body


def test_the_gradient_check_table_shows_a_leafs_name_as_text():
    at = run("a = Value(2.0, label='<i>a</i>')\nb = a * a\nb.backward()\n")
    assert not at.exception and not at.error
    table = gradcheck_table(at)
    assert table["autograd grad"].tolist() == ["4"]  # d(a*a)/da = 2a
    [body] = [e.proto.body for e in at.get("html") if "autograd grad" in e.proto.body]
    assert "<i>" not in body
