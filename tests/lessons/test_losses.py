"""The Losses page's logic: state and links, cell checks, closed forms, formulas and code."""

import json
import math
import subprocess
import sys
import urllib.parse
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons import losses as logic
from lessons.losses import PRESETS, REDUCTIONS, LossState, TableError

CASES = [(name, r) for name in PRESETS for r in REDUCTIONS]


def _state(preset, reduction="mean", **changes):
    return replace(PRESETS[preset], reduction=reduction, **changes)


# --- the tutorial's numbers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "preset, reduction, printed",
    [
        ("tutorial_l1", "mean", "tensor(0.6667)"),
        ("tutorial_l1", "sum", "tensor(2.)"),
        ("tutorial_mse", "mean", "tensor(1.3333)"),
        ("tutorial_mse", "sum", "tensor(4.)"),
        ("tutorial_ce", "mean", "tensor(1.1019)"),
        ("tutorial_ce", "sum", "tensor(1.1019)"),
    ],
)
def test_tutorial_examples_print_what_the_tutorial_shows(preset, reduction, printed):
    assert logic.compute(_state(preset, reduction)).printed == printed


def test_the_page_opens_on_the_tutorials_first_example():
    state = logic.state_from_params({})
    assert state == PRESETS[logic.DEFAULT_PRESET]
    assert (state.loss, state.reduction, state.shape) == ("L1Loss", "mean", (1, 1, 1, 3))
    result = logic.compute(state)
    assert result.printed == "tensor(0.6667)"
    # d/dx mean|x - y| = sign(x - y) / 3 for x = [1, 2, 3], y = [1, 2, 5]
    assert result.grad == [[0.0, 0.0, -1 / 3]]
    assert result.elements == [0.0, 0.0, 2.0]
    assert result.element_labels == ["[0, 0, 0, 0]", "[0, 0, 0, 1]", "[0, 0, 0, 2]"]


# --- against torch ------------------------------------------------------------------------------


def _torch_loss(torch, state, requires_grad=False):
    """The state's loss computed by real torch in float64, and its input tensor."""
    x = torch.tensor(logic.numbers(state.input), requires_grad=requires_grad)
    if state.index_target:
        y = torch.tensor([int(r[0]) for r in state.target])
    else:
        y = torch.tensor(logic.numbers(state.target))
    if state.spec.kind != "classes" and state.shape:
        x_in, y = x.reshape(state.shape), y.reshape(state.shape)
    else:
        x_in = x
    kwargs = {"reduction": state.reduction}
    for name in ("weight", "pos_weight"):
        if state.uses(name) and getattr(state, name) is not None:
            kwargs[name] = torch.tensor(getattr(state, name))
    for name in ("ignore_index", "label_smoothing", "delta", "beta"):
        if state.uses(name):
            kwargs[name] = getattr(state, name)
    module = getattr(torch.nn, state.loss)(**kwargs)
    return x, module(x_in, y)


@pytest.mark.torch
@pytest.mark.parametrize("preset, reduction", CASES)
def test_value_elements_and_gradient_match_torch(torch, preset, reduction):
    state = _state(preset, reduction)
    result = logic.compute(state)
    x, loss = _torch_loss(torch, state, requires_grad=True)
    expected = loss.tolist()
    if reduction == "none":
        assert result.value == pytest.approx(loss.flatten().tolist(), rel=1e-12, abs=1e-12)
    else:
        assert result.value == pytest.approx(expected, rel=1e-12)
    (loss.sum() if reduction == "none" else loss).backward()
    flat = [g for row in result.grad for g in row]
    assert flat == pytest.approx(x.grad.flatten().tolist(), rel=1e-9, abs=1e-12)
    _, per_element = _torch_loss(torch, replace(state, reduction="none"))
    assert result.elements == pytest.approx(per_element.flatten().tolist(), rel=1e-12, abs=1e-12)
    # what the page prints is what torch prints in its default dtype, float32
    torch.set_default_dtype(torch.float32)
    try:
        _, printed = _torch_loss(torch, state)
        assert result.printed == repr(printed)
    finally:
        torch.set_default_dtype(torch.float64)


# --- the closed-form gradient equals autograd ---------------------------------------------------


@pytest.mark.parametrize("preset, reduction", CASES)
def test_closed_form_gradient_equals_autograd_for_every_preset(preset, reduction):
    result = logic.compute(_state(preset, reduction))
    assert logic.max_difference(result.grad, result.closed) < 1e-12


NUMBER = st.integers(-30, 30).map(lambda n: str(n / 10))
PROBABILITY = st.integers(1, 99).map(lambda n: str(n / 100))


@st.composite
def states(draw):
    """A random valid state: any loss, reduction and option, small tables."""
    loss = draw(st.sampled_from(logic.LOSS_NAMES))
    spec = logic.SPECS[loss]
    n_rows, n_cols = draw(st.integers(1, 3)), draw(st.integers(1, 4))
    cell = PROBABILITY if loss == "BCELoss" else NUMBER
    inp = tuple(tuple(draw(cell) for _ in range(n_cols)) for _ in range(n_rows))
    fields = {
        "loss": loss,
        "reduction": draw(st.sampled_from(REDUCTIONS)),
        "input": inp,
        "shape": None,
        "weight": None,
        "pos_weight": None,
    }
    kind = draw(st.sampled_from(logic.TARGET_KINDS)) if loss == "CrossEntropyLoss" else "index"
    fields["target_kind"] = kind
    if spec.kind == "classes" and (loss == "NLLLoss" or kind == "index"):
        fields["ignore_index"] = draw(st.sampled_from([logic.IGNORE_INDEX, 0]))
        labels = st.integers(0, n_cols - 1)
        fields["target"] = tuple((str(draw(labels)),) for _ in range(n_rows))
    else:
        fields["target"] = tuple(
            tuple(draw(PROBABILITY) for _ in range(n_cols)) for _ in range(n_rows)
        )
    positive = st.integers(1, 30).map(lambda n: n / 10)
    if "weight" in spec.options and draw(st.booleans()):
        fields["weight"] = tuple(draw(positive) for _ in range(n_cols))
    if "pos_weight" in spec.options and draw(st.booleans()):
        fields["pos_weight"] = tuple(draw(positive) for _ in range(n_cols))
    if "label_smoothing" in spec.options:
        fields["label_smoothing"] = draw(st.sampled_from([0.0, 0.1, 0.5]))
    if "delta" in spec.options:
        fields["delta"] = draw(positive)
    if "beta" in spec.options:
        fields["beta"] = draw(st.sampled_from([0.0, 0.5, 1.0, 2.0]))
    return LossState(**fields)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(states())
def test_closed_form_gradient_equals_autograd_for_any_options(state):
    assert logic.check_state(state) == []
    result = logic.compute(state)
    if any(math.isnan(g) for row in result.grad for g in row):
        # every row ignored: torch's mean is 0/0 and so is every gradient
        assert logic.class_normaliser(state) == 0.0
        return
    scale = max(1.0, max(abs(g) for row in result.grad for g in row))
    assert logic.max_difference(result.grad, result.closed) <= 1e-12 * scale


# --- cells and options a learner types ----------------------------------------------------------


@pytest.mark.parametrize(
    "cell, key",
    [
        ("abc", "losses.err.not_number"),
        ("", "losses.err.empty"),
        ("   ", "losses.err.empty"),
        (None, "losses.err.empty"),
        (float("nan"), "losses.err.empty"),
        ("inf", "losses.err.not_finite"),
        ("1e400", "losses.err.not_finite"),
    ],
)
def test_bad_cells_name_their_row_and_column(cell, key):
    with pytest.raises(TableError) as err:
        logic.parse_table([["1", "2"], ["3", cell]])
    assert err.value.problem.key == key
    assert (err.value.problem.params["row"], err.value.problem.params["col"]) == (2, 2)


def test_cells_keep_the_difference_between_integers_and_floats():
    assert logic.parse_table([[" 1 ", "2.50", "-3", 4.0, "1e-3"]]) == (
        ("1", "2.5", "-3", "4.0", "0.001"),
    )


def test_class_indices_must_be_whole_numbers():
    with pytest.raises(TableError) as err:
        logic.parse_table([["1.5"]], integer=True)
    assert err.value.problem.key == "losses.err.not_index"
    assert err.value.problem.params["value"] == "1.5"
    assert logic.parse_table([["2"], ["-100"]], integer=True) == (("2",), ("-100",))


def _keys(state):
    return [p.key for p in logic.check_state(state)]


def test_a_class_index_out_of_range_says_the_range():
    state = _state("ce_batch", target=(("0",), ("3",), ("2",)))
    (problem,) = logic.check_state(state)
    assert problem.key == "losses.err.class_range"
    assert problem.params == {"row": 2, "value": 3, "c": 3}
    # the ignored class is allowed anywhere
    assert _keys(replace(state, ignore_index=3)) == []


def test_shape_problems():
    assert _keys(_state("tutorial_l1", shape=(2, 2))) == ["losses.err.reshape"]
    assert _keys(_state("huber", target=(("0", "0", "0"),))) == ["losses.err.target_shape"]
    assert _keys(_state("ce_batch", target=(("0",),))) == ["losses.err.index_shape"]
    assert _keys(_state("ce_batch", weight=(1.0, 2.0))) == ["losses.err.vector_length"]
    assert _keys(_state("bce", input=(("1.5", "0.2", "0.6"), ("0.3", "0.7", "0.5")))) == [
        "losses.err.probability"
    ]
    assert _keys(_state("huber", delta=0.0)) == ["losses.err.delta"]
    assert _keys(_state("ce_batch", label_smoothing=1.5)) == ["losses.err.smoothing"]


def test_vectors_and_shapes_parse_or_say_why_not():
    assert logic.parse_vector(" 1, 2,0.5 ") == (1.0, 2.0, 0.5)
    assert logic.parse_vector("[1, 2]") == (1.0, 2.0)
    assert logic.parse_vector("") is None
    assert logic.parse_shape("(1, 1, 1, 3)") == (1, 1, 1, 3)
    assert logic.parse_shape("3,") == (3,)
    assert logic.parse_shape(" ") is None
    for bad, parse in (("1, a", logic.parse_vector), ("1, nan", logic.parse_vector),
                       ("2, -1", logic.parse_shape), ("0", logic.parse_shape)):
        with pytest.raises(TableError):
            parse(bad)


def test_integer_data_is_refused_with_the_tutorials_advice():
    state = _state("tutorial_l1", dtype="auto")
    with pytest.raises(ValueError, match="floating point"):
        logic.compute(state)
    # floats typed as floats are float32 even without a dtype
    floats = _state("tutorial_l1", dtype="auto", input=(("1.0", "2.0", "3.0"),),
                    target=(("1.0", "2.0", "5.0"),))
    assert logic.compute(floats).printed == "tensor(0.6667)"


def test_resizing_and_switching_keep_tables_consistent():
    state = logic.fit_tables(PRESETS["ce_batch"], 4, 2)
    assert len(state.input) == 4 and all(len(r) == 2 for r in state.input)
    assert len(state.target) == 4 and all(len(r) == 1 for r in state.target)
    assert state.weight is None  # three class weights no longer fit two classes
    state = logic.set_target_kind(PRESETS["tutorial_ce"], "probs")
    assert state.target == (("0.0", "1.0", "0.0"),)
    assert logic.compute(state).printed == "tensor(1.1019)"
    assert logic.set_target_kind(state, "index").target == (("1",),)
    switched = logic.switch_loss(_state("tutorial_l1", "sum"), "HuberLoss")
    assert (switched.loss, switched.reduction) == ("HuberLoss", "sum")
    assert logic.check_state(switched) == []


# --- links --------------------------------------------------------------------------------------


@pytest.mark.parametrize("preset, reduction", CASES)
def test_a_link_reproduces_the_state(preset, reduction):
    state = _state(preset, reduction)
    params = logic.state_to_params(state)
    assert set(params) <= set(logic.PARAMS)
    assert logic.state_from_params(params) == state


def test_options_round_trip_through_a_link():
    state = _state("ce_batch", "sum", ignore_index=1, label_smoothing=0.25, dtype="float64")
    assert logic.state_from_params(logic.state_to_params(state)) == state
    huber = _state("huber", delta=0.5, shape=(3, 2))
    assert logic.state_from_params(logic.state_to_params(huber)) == huber


def test_bad_params_fall_back_to_defaults():
    assert logic.state_from_params({"loss": "Nope"}) == PRESETS["tutorial_l1"]
    # a bad table keeps the loss and reduction and takes the loss's own example data
    state = logic.state_from_params(
        {"loss": "MSELoss", "reduction": "sum", "input": "1,x", "target": "1,2"}
    )
    assert state == _state("tutorial_mse", "sum")
    state = logic.state_from_params(
        {"loss": "CrossEntropyLoss", "input": "0.1,0.2", "target": "7", "reduction": "max"}
    )
    assert state == PRESETS["tutorial_ce"]
    state = logic.state_from_params({"loss": "HuberLoss", "delta": "-1", "beta": "x"})
    assert state.delta == 1.0


PARAM_TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["1,2,3", "1;2", "0", "-100", "1e9", "nan", "1,1,1,3", "probs", "sum"]),
)


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries(
    {"loss": st.sampled_from([*logic.LOSS_NAMES, "x"])},
    optional={name: PARAM_TEXT for name in logic.PARAMS if name != "loss"},
))
def test_any_link_gives_a_state_the_page_can_show(params):
    state = logic.state_from_params(params)
    assert logic.check_state(state) == []


def test_explore_link_carries_the_code_url_encoded():
    code = logic.pytorch_code(PRESETS["tutorial_ce"])
    link = logic.explore_link(code)
    parts = urllib.parse.urlsplit(link)
    assert parts.path == "/"
    assert " " not in link and "\n" not in link
    assert urllib.parse.parse_qs(parts.query) == {"code": [code]}
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(logic.explore_link(code, "zh")).query)[
        "lang"
    ] == ["zh"]


# --- formulas -----------------------------------------------------------------------------------


def test_formula_substitutes_the_numbers():
    state = PRESETS["tutorial_l1"]
    assert logic.formula_tex(state) == [
        r"\ell_i = |x_i - y_i|",
        r"\ell = \frac{1}{N} \sum_i \ell_i",
    ]
    assert logic.substituted_tex(state, 2 / 3, [0.0, 0.0, 2.0]) == [
        r"\ell = \frac{1}{3}\big(|1 - 1| + |2 - 2| + |3 - 5|\big) = 0.6667"
    ]
    ce = PRESETS["tutorial_ce"]
    assert logic.substituted_tex(ce, 1.1019, [1.1019]) == [
        r"\ell = \frac{1}{1}\big((\log(e^{0.1} + e^{0.2} + e^{0.3}) - 0.2)\big) = 1.102"
    ]
    assert "sign" in logic.gradient_tex(state) and "N = 3" in logic.gradient_tex(state)


def test_weighted_mean_formula_divides_by_the_targets_weights():
    state = PRESETS["ce_batch"]  # targets 0, 2, 2 with weights 1, 2, 0.5
    (tex,) = logic.substituted_tex(state, 0.5, [0.2, 0.3, 0.05])
    assert tex.endswith(r"}{1 + 0.5 + 0.5} = 0.5")
    assert r"\sum_{n:\, y_n \neq \mathrm{ignore}} w_{y_n}" in logic.formula_tex(state)[1]


def test_long_formulas_show_the_first_term_then_the_values():
    state = replace(PRESETS["ce_batch"], label_smoothing=0.1, ignore_index=0)
    result = logic.compute(state)
    first, total = logic.substituted_tex(state, result.value, result.elements)
    # row 0 is ignored, so the worked-out term is row 1's
    assert first.startswith(r"\ell_{n=1} = 0.9 \cdot 0.5 \cdot (") and first.endswith("= 0.8542")
    assert total == r"\ell = \frac{0 + 0.8542 + 0.3326}{0.5 + 0.5} = 1.187"
    assert result.printed == "tensor(1.1868)"


def test_long_sums_are_elided():
    state = logic.fit_tables(PRESETS["tutorial_mse"], 2, 4)
    (tex,) = logic.substituted_tex(replace(state, reduction="sum"), 0.0, [0.0] * 8)
    assert tex.count("^2") == logic.MAX_TERMS and r"\cdots" in tex


def test_tex_number():
    assert logic.tex_number(0.5) == "0.5"
    assert logic.tex_number(1.23456e-7) == r"1.235 \times 10^{-7}"
    assert logic.tex_number(math.inf) == r"\infty"
    assert logic.tex_number(math.nan) == r"\mathrm{nan}"


@pytest.mark.parametrize("preset, reduction", CASES)
def test_every_formula_is_written(preset, reduction):
    state = _state(preset, reduction)
    result = logic.compute(state)
    lines = logic.formula_tex(state) + logic.substituted_tex(state, result.value, result.elements)
    for tex in [*lines, logic.gradient_tex(state)]:
        assert tex.count("{") == tex.count("}")
        assert "{w}" not in tex and "{p}" not in tex


# --- the PyTorch code ---------------------------------------------------------------------------


def test_code_of_the_first_example_is_the_tutorials():
    code = logic.pytorch_code(PRESETS["tutorial_l1"])
    assert code.startswith(
        "import torch\n"
        "from torch.nn import L1Loss\n"
        "\n"
        "input = torch.tensor([1, 2, 3], dtype=torch.float32)\n"
        "target = torch.tensor([1, 2, 5], dtype=torch.float32)\n"
        "input = torch.reshape(input, (1, 1, 1, 3))\n"
        "target = torch.reshape(target, (1, 1, 1, 3))\n"
        "loss_fn = L1Loss(reduction='mean')\n"
        "loss = loss_fn(input, target)\n"
        "print(loss)\n"
    )
    assert "torch.tensor([1, 2, 3])\n" in logic.integer_snippet(False)
    assert "dtype=torch.float32" in logic.integer_snippet(True)


def test_code_writes_every_option():
    state = _state("ce_batch", "none", ignore_index=2, label_smoothing=0.1)
    code = logic.pytorch_code(state)
    assert (
        "loss_fn = CrossEntropyLoss(reduction='none', weight=torch.tensor([1.0, 2.0, 0.5], "
        "dtype=torch.float32), ignore_index=2, label_smoothing=0.1)"
    ) in code
    assert "target = torch.tensor([0, 2, 2])" in code
    assert "loss.sum().backward()" in code


RUNNER = """
import contextlib, io, json, runpy, sys
outputs = []
for path in sys.argv[1:]:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        runpy.run_path(path)
    outputs.append(buffer.getvalue())
print(json.dumps(outputs))
"""


@pytest.mark.torch
def test_the_code_runs_in_torch_and_prints_what_the_page_shows(torch, tmp_path):
    """Every preset x reduction's program, run by real torch: its output is the engine's."""
    states = [_state(p, r) for p, r in CASES]
    paths = []
    for i, state in enumerate(states):
        paths.append(tmp_path / f"program_{i}.py")
        paths[-1].write_text(logic.pytorch_code(state))
    run = subprocess.run([sys.executable, "-c", RUNNER, *map(str, paths)], capture_output=True,
                         text=True, check=True)
    for state, output in zip(states, json.loads(run.stdout), strict=True):
        result = logic.compute(state)
        grad = result.tensors["input"].grad
        assert output == f"{result.printed}\n{grad!r}\n", state


# --- the teaching panels ------------------------------------------------------------------------


def test_mean_gradient_shrinks_as_one_over_n_and_sum_gradient_does_not():
    series = logic.mean_vs_sum(PRESETS["tutorial_l1"])
    assert series["element"] == (0, 2)  # |3 - 5| is the only element with a gradient
    assert series["sizes"] == [3, 6, 9, 12, 15]
    assert series["sum"] == [1.0] * 5
    assert series["mean"] == pytest.approx([1 / n for n in series["sizes"]])
    assert series["mean_loss"] == pytest.approx([2 / 3] * 5)
    assert series["sum_loss"] == pytest.approx([2.0 * k for k in range(1, 6)])


def test_logit_sweep_is_the_sum_of_its_two_parts_and_its_gradient_is_softmax_minus_onehot():
    logits, label = logic.sweep_source(PRESETS["tutorial_l1"])
    assert (logits, label) == ([0.1, 0.2, 0.3], 1)
    for j in (0, 1):
        sweep = logic.logit_sweep(logits, label, j, steps=11)
        for x, loss, lse, neg, grad in zip(sweep["x"], sweep["loss"], sweep["lse"],
                                           sweep["neg_target"], sweep["grad"], strict=True):
            assert loss == pytest.approx(lse + neg, rel=1e-12)
            row = list(logits)
            row[j] = x
            assert grad == pytest.approx(logic.softmax(row)[j] - (j == label), abs=1e-12)
    assert logic.sweep_range(logits) == (-6.0, 6.0)


def test_weighted_mean_divides_by_the_weights_of_the_rows_kept():
    state = PRESETS["ce_batch"]
    info = logic.weighting_breakdown(state)
    assert info["denominator"] == 1.0 + 0.5 + 0.5
    assert info["mean"] == pytest.approx(info["sum"] / info["denominator"], rel=1e-12)
    ignored = logic.weighting_breakdown(replace(state, ignore_index=2))
    assert [v is None for _, v in ignored["rows"]] == [False, True, True]
    assert ignored["denominator"] == 1.0
    assert math.isnan(logic.weighting_breakdown(replace(state, ignore_index=2,
                                                        target=(("2",),) * 3))["mean"])
    assert logic.weighting_source(PRESETS["tutorial_l1"]) == PRESETS["ce_batch"]


@pytest.mark.parametrize("text", ["¹", "²3", "1, ¹, 3"])
def test_unicode_digits_are_refused_like_any_other_text(text):
    with pytest.raises(TableError):
        logic.parse_shape(text)
    with pytest.raises(TableError):
        logic.parse_cell(text, 0, 0)
