"""The page's state: cells and options a learner types, its checks, its changes and its link."""

import urllib.parse
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.losses.catalogue import LOSS_NAMES
from lessons.losses.code import pytorch_code
from lessons.losses.compute import compute
from lessons.losses.state import (
    PARAMS,
    PRESETS,
    TableError,
    check_state,
    explore_link,
    fit_tables,
    fit_target,
    parse_cell,
    parse_shape,
    parse_table,
    parse_vector,
    read_option,
    set_option,
    state_from_params,
    state_to_params,
    switch_loss,
)
from tests.lessons.losses.cases import CASES, example_state

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
        parse_table([["1", "2"], ["3", cell]])
    assert err.value.problem.key == key
    assert (err.value.problem.params["row"], err.value.problem.params["col"]) == (2, 2)


def test_cells_keep_the_difference_between_integers_and_floats():
    assert parse_table([[" 1 ", "2.50", "-3", 4.0, "1e-3"]]) == (
        ("1", "2.5", "-3", "4.0", "0.001"),
    )


def test_class_indices_must_be_whole_numbers():
    with pytest.raises(TableError) as err:
        parse_table([["1.5"]], integer=True)
    assert err.value.problem.key == "losses.err.not_index"
    assert err.value.problem.params["value"] == "1.5"
    assert parse_table([["2"], ["-100"]], integer=True) == (("2",), ("-100",))


def _keys(state):
    return [p.key for p in check_state(state)]


def test_a_class_index_out_of_range_says_the_range():
    state = example_state("ce_batch", target=(("0",), ("3",), ("2",)))
    (problem,) = check_state(state)
    assert problem.key == "losses.err.class_range"
    assert problem.params == {"row": 2, "value": 3, "c": 3}
    # the ignored class is allowed anywhere
    assert _keys(state.with_options(ignore_index=3)) == []


def test_shape_problems():
    assert _keys(example_state("tutorial_l1", shape=(2, 2))) == ["losses.err.reshape"]
    assert _keys(example_state("huber", target=(("0", "0", "0"),))) == ["losses.err.target_shape"]
    assert _keys(example_state("ce_batch", target=(("0",),))) == ["losses.err.index_shape"]
    assert _keys(example_state("ce_batch", weight=(1.0, 2.0))) == ["losses.err.vector_length"]
    assert _keys(example_state("bce", input=(("1.5", "0.2", "0.6"), ("0.3", "0.7", "0.5")))) == [
        "losses.err.probability"
    ]
    assert _keys(example_state("huber", delta=0.0)) == ["losses.err.range"]
    assert _keys(example_state("ce_batch", label_smoothing=1.5)) == ["losses.err.range"]


def test_vectors_and_shapes_parse_or_say_why_not():
    assert parse_vector(" 1, 2,0.5 ") == (1.0, 2.0, 0.5)
    assert parse_vector("[1, 2]") == (1.0, 2.0)
    assert parse_vector("") is None
    assert parse_shape("(1, 1, 1, 3)") == (1, 1, 1, 3)
    assert parse_shape("3,") == (3,)
    assert parse_shape(" ") is None
    for bad, parse in (("1, a", parse_vector), ("1, nan", parse_vector),
                       ("2, -1", parse_shape), ("0", parse_shape)):
        with pytest.raises(TableError):
            parse(bad)


def test_resizing_and_switching_keep_tables_consistent():
    state = fit_tables(PRESETS["ce_batch"], 4, 2)
    assert len(state.input) == 4 and all(len(r) == 2 for r in state.input)
    assert len(state.target) == 4 and all(len(r) == 1 for r in state.target)
    assert state.get("weight") is None  # three class weights no longer fit two classes
    state = set_option(PRESETS["tutorial_ce"], "target_kind", "probs")
    assert state.target == (("0.0", "1.0", "0.0"),)
    assert compute(state).printed == "tensor(1.1019)"
    assert set_option(state, "target_kind", "index").target == (("1",),)
    switched = switch_loss(example_state("tutorial_l1", "sum"), "HuberLoss")
    assert (switched.loss, switched.reduction) == ("HuberLoss", "sum")
    assert check_state(switched) == []


def test_a_loss_of_three_tables_resizes_each_and_names_a_table_that_does_not_fit():
    ranking = fit_tables(PRESETS["margin_ranking"], 5, 4)  # one number per row, whatever D
    assert [len(t) for t in (ranking.input, ranking.other, ranking.target)] == [5, 5, 5]
    assert {len(row) for t in (ranking.input, ranking.other, ranking.target) for row in t} == {1}
    assert ranking.target[4] == ("1.0",)  # a new pair is ranked x1 first, not left at 0
    assert check_state(ranking) == []
    cosine = fit_tables(PRESETS["cosine_embedding"], 2, 3)
    assert (len(cosine.other), len(cosine.other[0]), len(cosine.target[0])) == (2, 3, 1)
    triplet = PRESETS["triplet_margin"]
    bad = state_from_params(state_to_params(triplet) | {"other": "1,2;3,4"})
    assert bad.other == triplet.other  # a link whose tables do not fit shows the example
    problems = check_state(replace(triplet, other=(("1", "2"),)))
    assert [(p.key, p.params["name"], p.params["want"], p.params["got"]) for p in problems] == [
        ("losses.err.table_shape", "positive", "3 x 4", "1 x 2")]


def test_a_sequence_s_labels_are_classes_other_than_the_blank_and_keep_their_own_length():
    ctc = PRESETS["ctc"]  # 5 steps of 4 classes reading 1, 3, 3
    longer = fit_target(ctc, 5)
    assert longer.target == (("1", "3", "3", "1", "1"),) and check_state(longer) == []
    assert fit_tables(ctc, 7, 4).target == ctc.target  # more steps, the same labels
    narrower = fit_tables(ctc, 5, 3)  # class 3 is gone
    assert [(p.key, p.params["col"], p.params["value"]) for p in check_state(narrower)] == [
        ("losses.err.sequence_label", 2, 3), ("losses.err.sequence_label", 3, 3)]
    assert [p.key for p in check_state(set_option(ctc, "blank", 3))] == [
        "losses.err.sequence_label", "losses.err.sequence_label"]
    assert [p.key for p in check_state(set_option(ctc, "blank", 7))] == ["losses.err.blank_range"]
    assert fit_target(set_option(ctc, "blank", 1), 4).target == (("1", "3", "3", "0"),)
    # too few steps to read 1, 3, 3 (the repeat needs a blank between): torch's inf, or 0
    short = fit_tables(ctc, 3, 4)
    assert compute(short).printed == "tensor(inf)"
    assert compute(set_option(short, "zero_infinity", True)).printed == "tensor(0.)"


def test_batchmean_is_kl_div_s_alone():
    kl = example_state("kl_div", "batchmean")
    assert compute(kl).printed == "tensor(0.5355)"  # torch's print of the sum over 3 rows
    assert state_from_params(state_to_params(kl)) == kl
    assert state_from_params(state_to_params(kl) | {"loss": "MSELoss"}).reduction == "mean"
    switched = switch_loss(kl, "MSELoss")
    assert (switched.loss, switched.reduction) == ("MSELoss", "mean")
    assert switch_loss(example_state("kl_div", "sum"), "MSELoss").reduction == "sum"


# --- links --------------------------------------------------------------------------------------


@pytest.mark.parametrize("preset, reduction", CASES)
def test_a_link_reproduces_the_state(preset, reduction):
    state = example_state(preset, reduction)
    params = state_to_params(state)
    assert set(params) <= set(PARAMS)
    assert state_from_params(params) == state


def test_options_round_trip_through_a_link():
    state = example_state("ce_batch", "sum", ignore_index=1, label_smoothing=0.25, dtype="float64")
    assert state_from_params(state_to_params(state)) == state
    huber = example_state("huber", delta=0.5, shape=(3, 2))
    assert state_from_params(state_to_params(huber)) == huber


def test_bad_params_fall_back_to_defaults():
    assert state_from_params({"loss": "Nope"}) == PRESETS["tutorial_l1"]
    # a bad table keeps the loss and reduction and takes the loss's own example data
    state = state_from_params(
        {"loss": "MSELoss", "reduction": "sum", "input": "1,x", "target": "1,2"}
    )
    assert state == example_state("tutorial_mse", "sum")
    state = state_from_params(
        {"loss": "CrossEntropyLoss", "input": "0.1,0.2", "target": "7", "reduction": "max"}
    )
    assert state == PRESETS["tutorial_ce"]
    state = state_from_params({"loss": "HuberLoss", "delta": "-1", "beta": "x"})
    assert state.get("delta") == 1.0


PARAM_TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["1,2,3", "1;2", "0", "-100", "1e9", "nan", "1,1,1,3", "probs", "sum"]),
)


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries(
    {"loss": st.sampled_from([*LOSS_NAMES, "x"])},
    optional={name: PARAM_TEXT for name in PARAMS if name != "loss"},
))
def test_any_link_gives_a_state_the_page_can_show(params):
    state = state_from_params(params)
    assert check_state(state) == []


def test_explore_link_carries_the_code_url_encoded():
    code = pytorch_code(PRESETS["tutorial_ce"])
    link = explore_link(code)
    parts = urllib.parse.urlsplit(link)
    assert parts.path == "/"
    assert " " not in link and "\n" not in link
    assert urllib.parse.parse_qs(parts.query) == {"code": [code]}
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(explore_link(code, "zh")).query)[
        "lang"
    ] == ["zh"]


@pytest.mark.parametrize("text", ["¹", "²3", "1, ¹, 3"])
def test_unicode_digits_are_refused_like_any_other_text(text):
    with pytest.raises(TableError):
        parse_shape(text)
    with pytest.raises(TableError):
        parse_cell(text, 0, 0)


# --- options by name ----------------------------------------------------------------------------


def test_options_are_kept_by_name_and_torchs_defaults_are_not_stored():
    state = PRESETS["ce_batch"]
    assert state.get("weight") == (1.0, 2.0, 0.5)
    assert state.get("ignore_index") == -100 and state.get("label_smoothing") == 0.0
    assert state.get("delta") == 1.0  # an option the loss does not take reads as torch's default
    changed = state.with_options(label_smoothing=0.2, delta=3.0)
    assert changed.options == (("weight", (1.0, 2.0, 0.5)), ("label_smoothing", 0.2))
    # setting an option back to its default gives the state it came from
    assert changed.with_options(label_smoothing=0.0) == state
    assert changed.at(4) == {"weight": 2.0, "ignore_index": -100, "label_smoothing": 0.2,
                             "target_kind": "index"}


def test_an_option_out_of_its_range_says_the_range():
    (problem,) = check_state(example_state("ce_batch", ignore_index=5000))
    assert problem.key == "losses.err.range"
    assert problem.params == {"name": "ignore_index", "low": -1000, "high": 1000}


@pytest.mark.parametrize(
    "name, text, value",
    [("delta", "0.5", 0.5), ("delta", "0", None), ("delta", "nan", None), ("delta", "x", None),
     ("ignore_index", "-3", -3), ("ignore_index", "1.5", None), ("ignore_index", "5000", None),
     ("weight", "1,2", (1.0, 2.0)), ("weight", "1,x", None), ("target_kind", "probs", "probs"),
     ("target_kind", "max", None), ("label_smoothing", "", None)],
)
def test_a_link_option_is_read_only_when_the_option_takes_it(name, text, value):
    assert read_option(name, text) == value


def test_link_numbers_read_back_exactly():
    state = example_state("ce_batch", weight=(1 / 3, 2.0, 0.1), label_smoothing=1 / 7)
    params = state_to_params(state)
    assert params["weight"] == "0.3333333333333333,2,0.1"
    assert state_from_params(params) == state
