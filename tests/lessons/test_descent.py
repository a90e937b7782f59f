"""lessons.descent: settings to and from a link, bad params, the runs the settings make."""

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.descent import (
    DEFAULTS,
    LEARNING_RATES,
    TASK_DEFAULTS,
    Settings,
    checked,
    for_function,
    for_task,
    from_query,
    make_runs,
    nearest,
    parse_hidden,
    problem_key,
    run_label,
    run_labels,
    to_query,
)


def test_a_link_without_params_opens_the_defaults_and_defaults_make_no_params():
    assert from_query({}) == DEFAULTS
    assert to_query(DEFAULTS) == {}


def test_a_link_round_trips():
    chosen = Settings(
        task="regression",
        data="sine",
        model="mlp",
        hidden="8,4",
        act="tanh",
        reg_loss="huber",
        opt="adam",
        lr=0.02,
        l2=1e-4,
        batch=8,
        steps=1234,
        seed=7,
        compare=True,
        opt2="sgd",
        lr2=0.5,
        momentum2=0.5,
        nesterov2=True,
        log=True,
        noise=0.25,
    )
    query = to_query(chosen)
    assert query["lr"] == "0.02" and query["compare"] == "1" and query["hidden"] == "8,4"
    assert from_query(query) == chosen


def test_a_task_opens_with_its_own_optimizer_defaults():
    opened = from_query({"task": "classification"})
    assert opened.momentum == TASK_DEFAULTS["classification"]["momentum"] == 0.9
    assert to_query(opened) == {"task": "classification"}
    assert for_task(DEFAULTS, "regression").steps == TASK_DEFAULTS["regression"]["steps"]


def test_a_preset_brings_its_expression_and_start():
    chosen = for_function(DEFAULTS, "himmelblau")
    assert chosen.expr.startswith("(x**2 + y - 11)**2") and (chosen.x0, chosen.y0) == (0, 0)
    assert to_query(chosen) == {"fn": "himmelblau"}
    assert for_function(chosen, "custom").expr == chosen.expr


@pytest.mark.parametrize(
    "params",
    [
        {"task": "nonsense"},
        {"lr": "abc"},
        {"lr": "nan"},
        {"steps": "0"},
        {"steps": "5001"},
        {"steps": "1e400"},
        {"seed": "-1"},
        {"x0": "inf"},
        {"momentum": "1.5"},
        {"batch": "3"},
        {"hidden": "16,0"},
        {"hidden": "1,2,3,4,5"},
        {"expr": "x" * 301},
        {"compare": "maybe"},
        {"fn": "__class__"},
        {"opt": "lbfgs"},
    ],
)
def test_a_bad_param_falls_back_to_its_default(params):
    assert from_query(params) == DEFAULTS


def test_one_bad_param_does_not_spoil_the_others():
    opened = from_query({"task": "regression", "lr": "oops", "steps": "42"})
    assert opened.task == "regression" and opened.steps == 42
    assert opened.lr == TASK_DEFAULTS["regression"]["lr"]


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from([f for f in Settings.__dataclass_fields__]), st.text()))
def test_any_params_give_valid_settings(params):
    opened = from_query(params)
    assert opened.lr in LEARNING_RATES and 1 <= opened.steps <= 5000
    parse_hidden(opened.hidden)


def test_learning_rates_snap_to_the_log_slider():
    assert nearest(0.03, LEARNING_RATES) == 0.02 and nearest(0.04, LEARNING_RATES) == 0.05
    assert nearest(1e9, LEARNING_RATES) == 100 and nearest(1e-9, LEARNING_RATES) == 1e-4
    assert LEARNING_RATES[:3] == (1e-4, 2e-4, 5e-4) and 0.1 in LEARNING_RATES


def test_parse_hidden():
    assert parse_hidden(" 16, 8 ") == (16, 8) and parse_hidden("4;4") == (4, 4)
    assert parse_hidden("16,") == (16,)
    for bad in ["", "a", "0", "65", "1,1,1,1,1", "-3", "2.5", "¹", "16, ²"]:
        with pytest.raises(ValueError):
            parse_hidden(bad)


def test_problem_key_ignores_what_does_not_change_the_runs():
    assert problem_key(replace(DEFAULTS, steps=7, log=True)) == problem_key(DEFAULTS)
    assert problem_key(replace(DEFAULTS, lr2=5.0)) == problem_key(DEFAULTS)  # not comparing
    assert problem_key(replace(DEFAULTS, compare=True, lr2=5.0)) != problem_key(
        replace(DEFAULTS, compare=True)
    )
    assert problem_key(replace(DEFAULTS, lr=0.2)) != problem_key(DEFAULTS)


def test_make_runs_compares_two_optimizers_from_the_same_start():
    chosen = replace(
        from_query({"task": "classification"}), compare=True, opt2="adam", lr2=0.01, hidden="4"
    )
    first, second = make_runs(chosen)
    assert first.problem is not second.problem
    assert first.start == second.start
    assert type(first.optimizer).__name__ == "SGD" and type(second.optimizer).__name__ == "Adam"
    assert second.optimizer.lr == 0.01


def test_labels():
    assert run_label("sgd", 0.1) == "SGD lr=0.1"
    assert run_label("sgd", 0.05, 0.9, True) == "SGD+nesterov 0.9 lr=0.05"
    assert run_label("adam", 0.001) == "Adam lr=0.001"
    compare = from_query({"task": "classification", "compare": "1", "lr2": "0.01"})
    assert run_labels(compare) == ["SGD+momentum 0.9 lr=0.05", "Adam lr=0.01"]
    assert run_labels(DEFAULTS) == ["SGD lr=0.1"]


def test_a_bad_hidden_text_is_replaced_by_the_default_and_explained():
    bad = replace(DEFAULTS, task="classification", hidden="16, lots")
    usable, error = checked(bad)
    assert usable == replace(bad, hidden=DEFAULTS.hidden) and error.key == "hidden.sizes"
    assert "layer sizes" in str(error)
    assert checked(replace(bad, hidden="8, 4")) == (replace(bad, hidden="8, 4"), None)


def test_every_string_in_both_languages_with_the_same_blanks():
    import string

    from ui.strings.descent import STRINGS

    blanks = lambda text: {f for _, f, _, _ in string.Formatter().parse(text) if f}
    for key, texts in STRINGS.items():
        assert texts.get("en") and texts.get("zh"), key
        assert blanks(texts["en"]) == blanks(texts["zh"]), key


def test_every_choice_and_stop_reason_has_a_name():
    from lessons.descent import FUNCTION_CHOICES, TASKS
    from lessons.problems import (
        CLASSIFICATION_LOSSES,
        DATASETS,
        MODELS,
        REGRESSION_DATA,
        REGRESSION_LOSSES,
        STOP_REASONS,
    )
    from ui.strings.descent import STRINGS

    wanted = [f"descent.task.{v}" for v in TASKS] + [f"descent.fn.{v}" for v in FUNCTION_CHOICES]
    wanted += [f"descent.data.{v}" for v in REGRESSION_DATA]
    wanted += [f"descent.model.{v}" for v in MODELS]
    wanted += [f"descent.loss.{v}" for v in REGRESSION_LOSSES + CLASSIFICATION_LOSSES]
    wanted += [f"descent.dataset.{v}" for v in DATASETS]
    wanted += [f"descent.stopped.{r}" for r in STOP_REASONS]
    assert [k for k in wanted if k not in STRINGS] == []
