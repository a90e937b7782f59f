"""The Descent page's two engines: the tape and the tensor level train the same models alike,
and both as torch does (live float64 torch, and its golden file for runs without torch)."""

import json

import numpy as np
import pytest

from lessons.problems import (
    ENGINES,
    Run,
    TapeProblem,
    TensorProblem,
    choose_engine,
    classification_problem,
    regression_problem,
)
from tests.golden import make_descent_golden as golden

CASES = list(golden.CASES)
TOLERANCE = dict(rtol=1e-9, atol=1e-12)  # float64 rounding, carried over 50 steps


def _train(case, engine):
    problem = golden.problem(golden.CASES[case], engine)
    return Run(problem, **golden.run_settings(golden.CASES[case])).train(golden.STEPS)


@pytest.fixture(scope="module")
def recorded():
    return json.loads(golden.GOLDEN.read_text())


def test_the_golden_file_covers_every_case(recorded):
    assert recorded["steps"] == golden.STEPS
    assert sorted(recorded["cases"]) == sorted(CASES)
    kinds = {(c["kind"], c["model"], c["loss"], c["opt"]) for c in golden.CASES.values()}
    assert len(kinds) == 3 * 3 * 4 + 3 * 4  # model x loss x optimizer, and the three losses


@pytest.mark.parametrize("case", CASES)
def test_tape_and_tensor_level_train_alike_and_as_torch(case, recorded):
    tape, tensor = _train(case, "tape"), _train(case, "tensor")
    assert isinstance(tape.problem, TapeProblem) and isinstance(tensor.problem, TensorProblem)
    assert tape.stopped is None and tensor.stopped is None
    assert tape.start == tensor.start  # the same initial parameters, to the bit
    assert len(tape.losses) == len(tensor.losses) == golden.STEPS
    assert np.allclose(tensor.losses, tape.losses, **TOLERANCE)
    assert np.allclose(tensor.problem.values(), tape.problem.values(), **TOLERANCE)
    expected = recorded["cases"][case]
    for run in (tape, tensor):
        assert np.allclose(run.losses, expected["losses"], **TOLERANCE)
        assert np.allclose(run.problem.values(), expected["values"], **TOLERANCE)
    # training moved the parameters: the comparison is of a trajectory, not of a start
    assert not np.allclose(tape.problem.values(), tape.start, rtol=1e-3)


@pytest.mark.parametrize("case", CASES)
def test_both_engines_match_live_torch(torch, case):
    losses, values = golden.torch_run(torch, golden.CASES[case])
    for engine in ENGINES:
        run = _train(case, engine)
        assert np.allclose(run.losses, losses, **TOLERANCE), engine
        assert np.allclose(run.problem.values(), values, **TOLERANCE), engine


def test_the_step_report_is_the_same_on_both_engines():
    reports = [
        Run(golden.problem(golden.CASES["classification-hinge-adam"], engine), "adam",
            lr=0.05, batch_size=6, seed=1).step()
        for engine in ENGINES
    ]
    tape, tensor = reports
    assert tape.names == tensor.names and len(tape.names) == 21  # 2-5-1: 15 + 6
    assert tape.before == tensor.before
    assert np.allclose(tensor.grads, tape.grads, **TOLERANCE)
    assert np.allclose(tensor.after, tape.after, **TOLERANCE)
    assert tensor.loss == pytest.approx(tape.loss, rel=1e-12)


@pytest.mark.parametrize("loss", ["cross_entropy", "bce", "hinge"])
def test_predictions_and_confidence_agree(loss):
    problems = [classification_problem("xor", (6, 3), "tanh", loss, n=20, seed=2, engine=e)
                for e in ENGINES]
    points = np.random.default_rng(0).uniform(-1.5, 1.5, (50, 2))
    tape, tensor = (p.predict(points) for p in problems)
    assert tape.shape == tensor.shape == (50,)
    assert np.allclose(tensor, tape, **TOLERANCE)
    assert np.allclose(problems[1].confidence(points), problems[0].confidence(points),
                       **TOLERANCE)


@pytest.mark.parametrize("model", ["line", "polynomial", "mlp"])
def test_regression_fits_agree_and_set_values_round_trips(model):
    problems = [regression_problem("quadratic", model, "huber", degree=5, hidden=(3, 2),
                                   activation="sigmoid", n=12, seed=7, engine=e)
                for e in ENGINES]
    tape, tensor = problems
    xs = np.linspace(-1.1, 1.1, 9)[:, None]
    assert np.allclose(tensor.predict(xs), tape.predict(xs), **TOLERANCE)
    moved = [v + 0.01 * i for i, v in enumerate(tape.values())]
    for problem in problems:
        problem.set_values(moved)
        assert problem.values() == moved
    assert np.allclose(tensor.evaluate()[0], tape.evaluate()[0], **TOLERANCE)
    assert np.allclose(tensor.evaluate()[1], tape.evaluate()[1], **TOLERANCE)


def test_an_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="tape, tensor"):
        regression_problem(engine="gpu")


# --- the rule bench_descent's measurements gave: which engine each problem trains on ----------


@pytest.mark.parametrize("kind, model", [("function", "mlp"), ("regression", "line"),
                                         ("regression", "polynomial"), ("regression", "mlp"),
                                         ("classification", "mlp")])
def test_the_rule_picks_the_tape_for_every_problem_the_page_offers(kind, model):
    assert choose_engine(kind, model) == "tape"


def test_the_page_trains_on_the_engine_the_rule_picks():
    from dataclasses import replace

    from lessons.descent import DEFAULTS, for_task, make_runs

    settings = [for_task(DEFAULTS, task) for task in ("function", "regression", "classification")]
    settings += [replace(settings[1], model=model, hidden="64,64,64,64")
                 for model in ("line", "mlp")]
    settings += [replace(settings[2], hidden="64,64,64,64", compare=True)]
    for s in settings:
        for run in make_runs(s):
            model = s.model if s.task == "regression" else "mlp"
            assert run.problem.engine == choose_engine(s.task, model) == "tape", s


def test_the_rule_refuses_what_the_page_does_not_offer():
    with pytest.raises(ValueError, match="kind"):
        choose_engine("images")
    with pytest.raises(ValueError, match="line, polynomial, mlp"):
        choose_engine("regression", "cnn")


def test_the_page_figures_draw_a_tensor_level_run_as_a_tape_run():
    from lessons.descent import boundary_figure, fit_figure

    def trained(build, engine):
        return Run(build(engine), "sgd", lr=0.05, momentum=0.9).train(20)

    regression = lambda e: regression_problem("sine", "mlp", hidden=(5,), n=15, engine=e)
    fits = [fit_figure([trained(regression, e)], ["run"]) for e in ENGINES]
    classification = lambda e: classification_problem("spiral", (6,), loss="bce", n=20, engine=e)
    boundaries = [boundary_figure(trained(classification, e)) for e in ENGINES]
    for tape, tensor in (fits, boundaries):
        assert len(tape.data) == len(tensor.data)
        for a, b in zip(tape.data, tensor.data, strict=True):
            for axis in ("x", "y", "z"):
                left, right = getattr(a, axis, None), getattr(b, axis, None)
                if left is None:
                    assert right is None
                else:
                    assert np.allclose(np.asarray(right, float), np.asarray(left, float),
                                       **TOLERANCE), axis
