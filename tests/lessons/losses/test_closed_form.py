"""The closed-form gradient equals autograd, for every example and for any options."""

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons.losses.catalogue import LOSS_NAMES, OPTIONS, SPECS
from lessons.losses.closed_form import class_normaliser
from lessons.losses.compute import compute, max_difference
from lessons.losses.state import LossState, check_state
from tests.lessons.losses.cases import CASES, example_state

# --- the closed-form gradient equals autograd ---------------------------------------------------


@pytest.mark.parametrize("preset, reduction", CASES)
def test_closed_form_gradient_equals_autograd_for_every_preset(preset, reduction):
    result = compute(example_state(preset, reduction))
    assert max_difference(result.grad, result.closed) < 1e-12


NUMBER = st.integers(-30, 30).map(lambda n: str(n / 10))
PROBABILITY = st.integers(1, 99).map(lambda n: str(n / 100))


@st.composite
def states(draw):
    """A random valid state: any loss, reduction and option, small tables."""
    loss = draw(st.sampled_from(LOSS_NAMES))
    spec = SPECS[loss]
    n_rows, n_cols = draw(st.integers(1, 3)), draw(st.integers(1, 4))
    options = {}
    for name in spec.options:  # the switches first: they decide what the data may hold
        if OPTIONS[name].kind == "bool":
            options[name] = draw(st.booleans())
        elif name in ("p", "norm_p"):
            options[name] = draw(st.sampled_from(OPTIONS[name].choices))
    # probabilities, and rates without their log, are at least 0
    rates = loss == "PoissonNLLLoss" and not options.get("log_input", True)
    cell = PROBABILITY if loss == "BCELoss" or rates else NUMBER
    inp = tuple(tuple(draw(cell) for _ in range(n_cols)) for _ in range(n_rows))
    fields = {
        "loss": loss,
        "reduction": draw(st.sampled_from(spec.reductions)),
        "input": inp,
        "shape": None,
    }
    kinds = OPTIONS["target_kind"].choices
    kind = draw(st.sampled_from(kinds)) if loss == "CrossEntropyLoss" else "index"
    options["target_kind"] = kind
    if spec.layout == "sequence":  # T steps of C >= 2 classes, labels none of them the blank
        n_cols = max(n_cols, 2)
        fields["input"] = tuple(tuple(draw(NUMBER) for _ in range(n_cols)) for _ in range(n_rows))
        options["blank"] = draw(st.integers(0, n_cols - 1))
        labels = st.integers(0, n_cols - 1).filter(lambda c: c != options["blank"])
        fields["target"] = (tuple(str(draw(labels)) for _ in range(draw(st.integers(1, 3)))),)
    elif spec.layout == "triples":  # a table per argument: numbers, or signs in a column
        signs = st.sampled_from(["1.0", "-1.0"])
        for argument in spec.inputs:
            width = 1 if argument.column else n_cols
            cells = signs if argument.kind in ("order", "similar") else NUMBER
            fields[argument.table] = tuple(tuple(draw(cells) for _ in range(width))
                                           for _ in range(n_rows))
    elif spec.layout == "classes" and (loss == "NLLLoss" or kind == "index"):
        options["ignore_index"] = draw(st.sampled_from([OPTIONS["ignore_index"].default, 0]))
        labels = st.integers(0, n_cols - 1)
        fields["target"] = tuple((str(draw(labels)),) for _ in range(n_rows))
    elif spec.inputs[-1].integer:  # lists of classes, each ending at its first -1
        labels = st.integers(-1, n_cols - 1)
        fields["target"] = tuple(
            tuple(str(draw(labels)) for _ in range(n_cols)) for _ in range(n_rows)
        )
    else:
        fields["target"] = tuple(
            tuple(draw(PROBABILITY) for _ in range(n_cols)) for _ in range(n_rows)
        )
    positive = st.integers(1, 30).map(lambda n: n / 10)
    if "weight" in spec.options and draw(st.booleans()):
        options["weight"] = tuple(draw(positive) for _ in range(n_cols))
    if "pos_weight" in spec.options and draw(st.booleans()):
        options["pos_weight"] = tuple(draw(positive) for _ in range(n_cols))
    if "label_smoothing" in spec.options:
        options["label_smoothing"] = draw(st.sampled_from([0.0, 0.1, 0.5]))
    if "delta" in spec.options:
        options["delta"] = draw(positive)
    if "beta" in spec.options:
        options["beta"] = draw(st.sampled_from([0.0, 0.5, 1.0, 2.0]))
    for name in ("margin", "margin0", "triplet_margin"):
        if name in spec.options:  # the triplet losses' margin is above 0, as torch wants
            low = OPTIONS[name].low
            options[name] = draw(st.sampled_from([m for m in (-0.5, 0.0, 0.5, 1.0, 2.0)
                                                  if m >= low]))
    if "var" in spec.options:
        options["var"] = draw(positive)
    for name in ("eps", "var_eps", "dist_eps"):
        if name in spec.options:
            options[name] = draw(st.sampled_from([OPTIONS[name].default, 0.1, 1.0]))
    return LossState(**fields).with_options(**options)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(states())
def test_closed_form_gradient_equals_autograd_for_any_options(state):
    assert check_state(state) == []
    result = compute(state)
    if any(math.isnan(g) for row in result.grad for g in row):
        if state.spec.layout == "sequence":  # no alignment reads the labels: the loss is inf
            assert result.elements == [math.inf] and not state.get("zero_infinity")
            assert all(math.isnan(g) for row in result.closed for g in row)
            return
        # every row ignored: torch's mean is 0/0 and so is every gradient
        assert class_normaliser(state) == 0.0
        return
    scale = max(1.0, max(abs(g) for row in result.grad for g in row))
    assert max_difference(result.grad, result.closed) <= 1e-12 * scale
