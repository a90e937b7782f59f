"""The teaching panels' numbers: mean versus sum, cross-entropy's parts, class weights."""

import math
from dataclasses import replace

import pytest

from lessons.losses.state import PRESETS
from lessons.losses.teaching import (
    logit_sweep,
    mean_vs_sum,
    softmax,
    sweep_range,
    sweep_source,
    weighting_breakdown,
    weighting_source,
)

# --- the teaching panels ------------------------------------------------------------------------


def test_mean_gradient_shrinks_as_one_over_n_and_sum_gradient_does_not():
    series = mean_vs_sum(PRESETS["tutorial_l1"])
    assert series["element"] == (0, 2)  # |3 - 5| is the only element with a gradient
    assert series["sizes"] == [3, 6, 9, 12, 15]
    assert series["sum"] == [1.0] * 5
    assert series["mean"] == pytest.approx([1 / n for n in series["sizes"]])
    assert series["mean_loss"] == pytest.approx([2 / 3] * 5)
    assert series["sum_loss"] == pytest.approx([2.0 * k for k in range(1, 6)])


def test_logit_sweep_is_the_sum_of_its_two_parts_and_its_gradient_is_softmax_minus_onehot():
    logits, label = sweep_source(PRESETS["tutorial_l1"])
    assert (logits, label) == ([0.1, 0.2, 0.3], 1)
    for j in (0, 1):
        sweep = logit_sweep(logits, label, j, steps=11)
        for x, loss, lse, neg, grad in zip(sweep["x"], sweep["loss"], sweep["lse"],
                                           sweep["neg_target"], sweep["grad"], strict=True):
            assert loss == pytest.approx(lse + neg, rel=1e-12)
            row = list(logits)
            row[j] = x
            assert grad == pytest.approx(softmax(row)[j] - (j == label), abs=1e-12)
    assert sweep_range(logits) == (-6.0, 6.0)


def test_weighted_mean_divides_by_the_weights_of_the_rows_kept():
    state = PRESETS["ce_batch"]
    info = weighting_breakdown(state)
    assert info["denominator"] == 1.0 + 0.5 + 0.5
    assert info["mean"] == pytest.approx(info["sum"] / info["denominator"], rel=1e-12)
    ignored = weighting_breakdown(state.with_options(ignore_index=2))
    assert [v is None for _, v in ignored["rows"]] == [False, True, True]
    assert ignored["denominator"] == 1.0
    assert math.isnan(weighting_breakdown(replace(state.with_options(ignore_index=2),
                                                        target=(("2",),) * 3))["mean"])
    assert weighting_source(PRESETS["tutorial_l1"]) == PRESETS["ce_batch"]
