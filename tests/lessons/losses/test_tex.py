"""Formulas: in symbols for the chosen options, with the numbers, and the gradient."""

import math
from dataclasses import replace

import pytest

from lessons.losses.compute import compute
from lessons.losses.state import PRESETS, fit_tables
from lessons.losses.tex import MAX_TERMS, formula_tex, gradient_tex, substituted_tex, tex_number
from tests.lessons.losses.cases import CASES, example_state

# --- formulas -----------------------------------------------------------------------------------


def test_formula_substitutes_the_numbers():
    state = PRESETS["tutorial_l1"]
    assert formula_tex(state) == [
        r"\ell_i = |x_i - y_i|",
        r"\ell = \frac{1}{N} \sum_i \ell_i",
    ]
    assert substituted_tex(state, 2 / 3, [0.0, 0.0, 2.0]) == [
        r"\ell = \frac{1}{3}\big(|1 - 1| + |2 - 2| + |3 - 5|\big) = 0.6667"
    ]
    ce = PRESETS["tutorial_ce"]
    assert substituted_tex(ce, 1.1019, [1.1019]) == [
        r"\ell = \frac{1}{1}\big((\log(e^{0.1} + e^{0.2} + e^{0.3}) - 0.2)\big) = 1.102"
    ]
    assert "sign" in gradient_tex(state) and "N = 3" in gradient_tex(state)


def test_weighted_mean_formula_divides_by_the_targets_weights():
    state = PRESETS["ce_batch"]  # targets 0, 2, 2 with weights 1, 2, 0.5
    (tex,) = substituted_tex(state, 0.5, [0.2, 0.3, 0.05])
    assert tex.endswith(r"}{1 + 0.5 + 0.5} = 0.5")
    assert r"\sum_{n:\, y_n \neq \mathrm{ignore}} w_{y_n}" in formula_tex(state)[1]


def test_long_formulas_show_the_first_term_then_the_values():
    state = PRESETS["ce_batch"].with_options(label_smoothing=0.1, ignore_index=0)
    result = compute(state)
    first, total = substituted_tex(state, result.value, result.elements)
    # row 0 is ignored, so the worked-out term is row 1's
    assert first.startswith(r"\ell_{n=1} = 0.9 \cdot 0.5 \cdot (") and first.endswith("= 0.8542")
    assert total == r"\ell = \frac{0 + 0.8542 + 0.3326}{0.5 + 0.5} = 1.187"
    assert result.printed == "tensor(1.1868)"


def test_long_sums_are_elided():
    state = fit_tables(PRESETS["tutorial_mse"], 2, 4)
    (tex,) = substituted_tex(replace(state, reduction="sum"), 0.0, [0.0] * 8)
    assert tex.count("^2") == MAX_TERMS and r"\cdots" in tex


def test_tex_number():
    assert tex_number(0.5) == "0.5"
    assert tex_number(1.23456e-7) == r"1.235 \times 10^{-7}"
    assert tex_number(math.inf) == r"\infty"
    assert tex_number(math.nan) == r"\mathrm{nan}"


@pytest.mark.parametrize("preset, reduction", CASES)
def test_every_formula_is_written(preset, reduction):
    state = example_state(preset, reduction)
    result = compute(state)
    lines = formula_tex(state) + substituted_tex(state, result.value, result.elements)
    for tex in [*lines, gradient_tex(state)]:
        assert tex.count("{") == tex.count("}")
        assert "{w}" not in tex and "{p}" not in tex
