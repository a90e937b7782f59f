"""The Losses page in Streamlit's AppTest: the tutorial's numbers, every loss x reduction against
losses and torch's golden values, bad cells, links, the teaching panels, both languages."""

import json
import re
import urllib.parse
from functools import cache
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from engine import losses
from engine.torchlike import numpy_tensor
from engine.torchlike import tensor as et
from lessons.losses.catalogue import EXPLORE_ONLY, LOSS_NAMES, OPTIONS, SPECS
from lessons.losses.compute import compute, loss_tensor
from lessons.losses.state import (
    PRESETS,
    numbers,
    state_from_params,
    state_to_params,
    vector_text,
)

ROOT = Path(__file__).parents[2]
PAGE = str(ROOT / "pages" / "losses.py")
GOLDEN = ROOT / "tests" / "golden" / "losses_golden.json"
CLASS_OF = {spec.function: name for name, spec in SPECS.items()}


def _page(**params):
    at = AppTest.from_file(PAGE, default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def _ok(at):
    assert not at.exception, [e.value for e in at.exception]


def _shown(at):
    """The loss as the page prints it: the first code block, under "Value"."""
    return at.code[0].value


def _errors(at):
    """The page's error messages, without the floating-point panel's (it shows one on purpose)."""
    lesson = {id(e.proto) for tab in at.tabs for e in tab.error}
    return "\n".join(e.value for e in at.error if id(e.proto) not in lesson)


# --- the tutorial -------------------------------------------------------------------------------


def test_default_view_is_the_tutorials_first_example():
    at = _page()
    _ok(at)
    assert _shown(at) == "tensor(0.6667)"
    assert not _errors(at)
    assert at.selectbox(key="losses.loss").value == "L1Loss"
    assert at.radio(key="losses.reduction").value == "mean"
    latex = [e.value for e in at.latex]
    assert any(r"|3 - 5|" in tex and "0.6667" in tex for tex in latex)
    assert any(r"\operatorname{sign}" in tex for tex in latex)
    assert any("closed form equals autograd" in s.value for s in at.success)
    # the state is in the URL
    assert at.query_params["loss"] == "L1Loss"
    assert at.query_params["shape"] == "1,1,1,3"


def test_the_code_and_the_explore_link_carry_the_same_program():
    at = _page()
    code = at.code[1].value
    assert "input = torch.reshape(input, (1, 1, 1, 3))" in code
    button, *elsewhere = at.get("link_button")
    url = urllib.parse.urlsplit(button.proto.url)
    assert url.path == "/"
    assert urllib.parse.parse_qs(url.query)["code"] == [code + "\n"]


def test_the_larger_examples_open_on_explore():
    at = _page()
    _, *buttons = at.get("link_button")
    assert len(buttons) == len(EXPLORE_ONLY)
    for button, (name, (_, code)) in zip(buttons, EXPLORE_ONLY.items(), strict=True):
        assert name in button.proto.label
        url = urllib.parse.urlsplit(button.proto.url)
        assert urllib.parse.parse_qs(url.query)["code"] == [code]


def test_ctc_s_target_length_and_blank_change_its_labels_and_its_value():
    at = _page(**state_to_params(PRESETS["ctc"]))
    _ok(at)
    assert _shown(at) == "tensor(2.2176)"  # torch's, as the golden file records it
    at.number_input(key="losses.target_length").set_value(2).run()
    _ok(at)
    assert at.query_params["target"] == "1,3"
    assert _shown(at) == "tensor(2.8198)"  # torch: ctc_loss(x.log_softmax(1), [1, 3], (5,), (2,))
    at.number_input(key="losses.blank").set_value(3).run()  # label 3 is the blank now
    _ok(at)
    assert "Label 2 is 3" in _errors(at) and _shown(at) == "tensor(2.8198)"  # the last good


@pytest.mark.parametrize(
    "widget, value, printed",
    [
        ("loss", "CrossEntropyLoss", "tensor(1.1019)"),
        ("loss", "MSELoss", "tensor(1.3333)"),
        ("reduction", "sum", "tensor(2.)"),
        ("preset", "tutorial_mse", "tensor(1.3333)"),
        ("preset", "tutorial_ce", "tensor(1.1019)"),
    ],
)
def test_switching_shows_the_tutorials_other_numbers(widget, value, printed):
    at = _page()
    element = at.radio(key=f"losses.{widget}") if widget == "reduction" else at.selectbox(
        key=f"losses.{widget}")
    element.set_value(value).run()
    _ok(at)
    assert _shown(at) == printed
    if widget == "loss" and value == "CrossEntropyLoss":
        assert at.query_params["loss"] == "CrossEntropyLoss"
        assert at.query_params["target"] == "1"


def test_cross_entropy_sum_of_one_row_is_its_mean():
    at = _page(loss="CrossEntropyLoss", reduction="sum", input="0.1,0.2,0.3", target="1")
    _ok(at)
    assert _shown(at) == "tensor(1.1019)"


# --- every loss x reduction against losses and torch's golden values ---------------------


def _cell(x):
    return repr(float(x))


def _column(values):
    return ";".join(_cell(v) for v in values)


def _page_params(case):
    """Query params showing a golden case on the page, or None when the page cannot show it."""
    loss = CLASS_OF[case["loss"]]
    spec = SPECS[loss]
    x, y, kwargs = case["input"], case["target"], dict(case["kwargs"])
    params = {"loss": loss, "reduction": kwargs.pop("reduction", "mean"), "dtype": "float32"}
    if spec.layout == "sequence":  # T x C scores and one row of labels
        params["input"] = ";".join(",".join(_cell(v) for v in row) for row in x)
        params["target"] = ",".join(str(int(v)) for v in y)
    elif spec.layout == "triples":  # a column is a 1-D tensor, a table a 2-D one
        for argument, data in zip(spec.inputs, (x, case["other"], y), strict=True):
            if argument.column != (not isinstance(data[0], list)):
                return None
            params[argument.table] = _column(data) if argument.column else ";".join(
                _column(row).replace(";", ",") for row in data)
    else:
        if not x or not isinstance(x[0], list):  # 1-D input: one row, reshaped back to 1-D
            if spec.layout == "classes" or len(y) != len(x) or isinstance(y[0], list):
                return None
            x, y, params["shape"] = [x], [y], str(len(x))
        if any(isinstance(v, list) for row in x for v in row):
            return None  # more than two dimensions
        params["input"] = ";".join(",".join(_cell(v) for v in row) for row in x)
        if spec.layout == "classes" and case["target_int"]:
            if isinstance(y[0], list):
                return None
            params["target"] = ";".join(str(int(v)) for v in y)
        else:
            if not isinstance(y[0], list) or [len(r) for r in y] != [len(r) for r in x]:
                return None
            cell = (lambda v: str(int(v))) if case["target_int"] else _cell
            params["target"] = ";".join(",".join(cell(v) for v in row) for row in y)
            if spec.layout == "classes":
                params["target_kind"] = "probs"
    by_torch_name = {OPTIONS[name].torch_name: name for name in spec.options}
    for torch_name, value in kwargs.items():
        if torch_name not in by_torch_name:
            return None
        if isinstance(value, list):
            if any(isinstance(v, list) for v in value):
                return None
            value = ",".join(_cell(v) for v in value)
        params[by_torch_name[torch_name]] = str(value)
    return params


@cache
def _golden_cases():
    """One golden case per loss x reduction the page can show, the one with the most options."""
    chosen = {}
    for case in json.loads(GOLDEN.read_text())["cases"]:
        if "printed" not in case:
            continue
        params = _page_params(case)
        if params is None:
            continue
        slot = (params["loss"], params["reduction"])
        if slot not in chosen or len(params) > len(chosen[slot][1]):
            chosen[slot] = (case, params)
    return chosen


def _engine_printed(params):
    """What losses prints for these params, called directly (not through the page)."""
    state = state_from_params(params)
    # the link was taken as it is, not replaced by a default
    for name in state.tables:
        table = [[float(v) for v in row.split(",")] for row in params[name].split(";")]
        assert numbers(getattr(state, name)) == table
    assert (state.loss, state.reduction) == (params["loss"], params["reduction"])
    _, _, loss = loss_tensor(state)  # CTC's on the tensor level, the others' on the scalar one
    expected = numpy_tensor.Tensor if state.spec.layout == "sequence" else et.Tensor
    assert isinstance(loss, expected)
    return repr(loss), state


@pytest.mark.parametrize("loss, reduction",
                         [(loss, r) for loss in LOSS_NAMES for r in SPECS[loss].reductions])
def test_every_loss_and_reduction_shows_engine_and_torch_value(loss, reduction):
    cases = _golden_cases()
    assert (loss, reduction) in cases, f"no golden case the page can show for {loss} {reduction}"
    case, params = cases[(loss, reduction)]
    at = _page(**params)
    _ok(at)
    assert not _errors(at)
    shown = _shown(at)
    # torch's golden print carries grad_fn (its leaves required grad); the page prints the loss
    # as the tutorial does, of leaves that do not
    golden = re.sub(r",\s*grad_fn=<\w+>\)$", ")", case["printed"])
    assert shown == golden
    printed, state = _engine_printed(params)
    assert shown == printed
    # and the number itself, to float64 precision, against torch's golden value
    result = compute(state)
    values = result.elements if reduction == "none" else [result.value]
    expected = case["value"] if isinstance(case["value"], list) else [case["value"]]
    flat = []
    stack = list(expected)
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack[:0] = item
        else:
            flat.append(item)
    assert values == pytest.approx(flat, rel=1e-9, abs=1e-12, nan_ok=True)
    # the page's own gradient agrees with torch's
    grads = [g for row in result.grad for g in row]
    assert grads == pytest.approx(case["input_grad"], rel=1e-9, abs=1e-12, nan_ok=True)


# --- bad cells keep the last good state ---------------------------------------------------------


def _edit(at, table, cells):
    """Seed the data editor's edit state, as a learner typing into cells would."""
    version = at.session_state["losses:version"]
    at.session_state[f"losses.{table}_{version}"] = {
        "edited_rows": {row: {col: value} for (row, col), value in cells.items()},
        "added_rows": [],
        "deleted_rows": [],
    }
    return at.run()


def test_a_text_cell_shows_a_message_and_keeps_the_last_good_value():
    at = _page()
    _edit(at, "input", {(0, "2"): "abc"})
    _ok(at)
    assert "Row 1, column 3: “abc” is not a number." in _errors(at)
    assert "last valid input" in _errors(at)
    assert _shown(at) == "tensor(0.6667)"
    assert at.query_params["input"] == "1,2,3"


def test_a_good_edit_changes_the_value_and_the_link():
    at = _page()
    _edit(at, "input", {(0, "2"): "7"})
    _ok(at)
    assert not _errors(at)
    assert _shown(at) == "tensor(0.6667)"  # |7 - 5| / 3 = |3 - 5| / 3
    _edit(at, "input", {(0, "2"): "8"})
    assert _shown(at) == "tensor(1.)"
    assert at.query_params["input"] == "1,2,8"


def test_an_empty_cell_and_an_out_of_range_class_say_so():
    at = _page(loss="CrossEntropyLoss", input="0.1,0.2,0.3", target="1")
    _edit(at, "target", {(0, "y"): "3"})
    assert "class index 3 is out of range" in _errors(at)
    assert _shown(at) == "tensor(1.1019)"
    _edit(at, "target", {(0, "y"): "1.5"})
    assert "must be a whole number" in _errors(at)
    _edit(at, "target", {(0, "y"): None})
    assert "is empty" in _errors(at)
    _ok(at)


def test_integer_data_shows_the_engines_advice():
    at = _page()
    at.selectbox(key="losses.dtype").set_value("auto").run()
    _ok(at)
    assert "floating point" in _errors(at)
    assert _shown(at) == "tensor(0.6667)"


@pytest.mark.parametrize(
    "params",
    [
        {"loss": "Nope"},
        {"loss": "CrossEntropyLoss", "input": "1,2;3", "target": "x"},
        {"loss": "BCELoss", "input": "2,3", "target": "1,0", "reduction": "avg"},
        {"loss": "HuberLoss", "delta": "-3", "shape": "9,9"},
        {"loss": "NLLLoss", "weight": "1,2,3,4,5", "ignore_index": "zz"},
        {"input": "1e999"},
    ],
)
def test_bad_params_fall_back_without_an_error(params):
    at = _page(**params)
    _ok(at)
    assert not _errors(at)
    assert _shown(at).startswith("tensor(")


# --- the rest of the page -----------------------------------------------------------------------


def test_every_option_widget_appears_only_for_its_loss():
    at = _page(loss="CrossEntropyLoss", input="0.1,0.2,0.3", target="1")
    keys = {w.key for w in at.text_input} | {w.key for w in at.number_input} | {
        w.key for w in at.slider} | {w.key for w in at.radio}
    assert {"losses.weight", "losses.ignore_index", "losses.label_smoothing",
            "losses.target_kind"} <= keys
    assert not {"losses.pos_weight", "losses.delta", "losses.beta", "losses.shape"} & keys
    at = _page(loss="BCEWithLogitsLoss")
    keys = {w.key for w in at.text_input}
    assert {"losses.weight", "losses.pos_weight", "losses.shape"} <= keys


@pytest.mark.parametrize("spec", SPECS.values(), ids=list(SPECS))
def test_each_loss_shows_exactly_the_option_widgets_of_its_spec(spec):
    at = _page(loss=spec.name)
    _ok(at)
    assert not _errors(at)
    widgets = [*at.text_input, *at.number_input, *at.slider, *at.radio, *at.toggle]
    shown = {w.key.removeprefix("losses.") for w in widgets} & {*OPTIONS, "shape"}
    assert shown == set(spec.options) | ({"shape"} if spec.layout == "elementwise" else set())
    for name in spec.options:  # each opens on the value the loss's first example has
        widget = next(w for w in widgets if w.key == f"losses.{name}")
        value = PRESETS[spec.examples[0].key].get(name)
        assert widget.value == (vector_text(value, ", ") if OPTIONS[name].kind == "vector"
                                else value)


def test_options_change_the_value():
    at = _page(loss="CrossEntropyLoss", input="0.1,0.2,0.3", target="1")
    at.slider(key="losses.label_smoothing").set_value(0.5).run()
    _ok(at)
    assert at.query_params["label_smoothing"] == "0.5"
    expected = losses.cross_entropy(et.tensor([[0.1, 0.2, 0.3]]), et.tensor([1]),
                                    label_smoothing=0.5)
    assert _shown(at) == repr(expected)
    at.radio(key="losses.target_kind").set_value("probs").run()
    _ok(at)
    assert at.query_params["target"] == "0.0,1.0,0.0"
    assert _shown(at) == repr(expected)


def test_graph_opens_grouped_and_the_teaching_panels_answer():
    at = _page()
    _ok(at)
    assert at.radio(key="losses_graph_zoom").value == "grouped"
    text = "\n".join(m.value for m in at.markdown)
    # mean versus sum: repeated twice, the mean gradient is a sixth, the sum's stays 1
    assert "N = 6" in text and "0.1667 with 'mean', 1 with 'sum' (ratio 6)" in text
    # cross-entropy parts for the tutorial's logits: 1.302 + (-0.2) = 1.102
    assert "log Σ exp(x) = 1.302, -x[1] = -0.2, loss = 1.302 + (-0.2) = 1.102" in text
    # weights 1, 2, 0.5 on targets 0, 2, 2: the mean divides by 1 + 0.5 + 0.5 = 2
    assert "divided by 2 (the weights of the rows kept)" in text
    # integers: the snippet language's error, and with the dtype the tutorial's value
    assert "floating point" in "\n".join(e.value for e in at.tabs[3].error)
    at.toggle(key="losses.float_dtype").set_value(True).run()
    _ok(at)
    assert any(c.value.startswith("tensor(0.6667)") for c in at.code)


def test_ignoring_every_row_gives_nan_and_says_why():
    at = _page()
    at.selectbox(key="losses.teach_ignore_3").set_value(2).run()
    text = "\n".join(m.value for m in at.markdown)
    assert "divided by 1 (the weights of the rows kept)" in text
    at = _page(loss="NLLLoss", input="-1.2,-0.5;-0.3,-1.8", target="1;1")
    at.selectbox(key="losses.teach_ignore_2").set_value(1).run()
    _ok(at)
    assert any("nan" in w.value for w in at.warning)


def test_chinese():
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["lang"] = "zh"
    # a learner's bad cell, seeded before the first run (the editors' first version is 1)
    at.session_state["losses.input_1"] = {
        "edited_rows": {0: {"0": "x"}}, "added_rows": [], "deleted_rows": []
    }
    at.run()
    _ok(at)
    assert at.title[0].value == "损失函数"
    assert _shown(at) == "tensor(0.6667)"
    assert "第 1 行第 1 列：“x” 不是数字。" in _errors(at)
    assert at.subheader[0].value == "损失值"
