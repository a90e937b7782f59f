"""lessons.problems: data, branch-free losses against torch, problems and the training loop."""

import math

import numpy as np
import pytest

from engine import Value
from lessons.problems import (
    CLASSIFICATION_LOSSES,
    DATASETS,
    FUNCTIONS,
    REGRESSION_DATA,
    Run,
    classification_data,
    classification_loss,
    classification_problem,
    function_problem,
    regression_data,
    regression_loss,
    regression_problem,
)

# --- data ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", DATASETS)
def test_classification_data_is_two_classes_and_reproducible(name):
    points, labels = classification_data(name, n=60, noise=0.1, seed=3)
    assert points.shape == (60, 2) and labels.shape == (60,)
    assert set(np.unique(labels)) == {0.0, 1.0}
    again, _ = classification_data(name, n=60, noise=0.1, seed=3)
    other, _ = classification_data(name, n=60, noise=0.1, seed=4)
    assert np.array_equal(points, again)
    assert not np.allclose(points, other)


def test_moons_without_noise_lie_on_their_arcs():
    points, labels = classification_data("moons", n=50, noise=0.0, seed=0)
    upper, lower = points[labels == 0], points[labels == 1]
    assert np.allclose(np.hypot(upper[:, 0], upper[:, 1]), 1) and (upper[:, 1] >= 0).all()
    assert np.allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1)
    assert (lower[:, 1] <= 0.5).all()


def test_circles_and_xor_without_noise_follow_their_rule():
    points, labels = classification_data("circles", n=40, noise=0.0)
    radius = np.hypot(points[:, 0], points[:, 1])
    assert np.allclose(radius, np.where(labels == 1, 0.5, 1.0))
    points, labels = classification_data("xor", n=40, noise=0.0)
    assert np.array_equal(labels == 1, points[:, 0] * points[:, 1] > 0)


def test_unknown_names_are_refused():
    with pytest.raises(ValueError, match="moons"):
        classification_data("swiss roll")
    with pytest.raises(ValueError, match="sine"):
        regression_data("cubic")


@pytest.mark.parametrize("name", REGRESSION_DATA)
def test_regression_data(name):
    x, y = regression_data(name, n=30, noise=0.0, seed=1)
    assert x.shape == y.shape == (30,)
    assert (np.diff(x) >= 0).all() and x.min() >= -1 and x.max() <= 1
    expected = {"line": 1.5 * x - 0.5, "quadratic": 2 * x**2 - 1, "sine": np.sin(np.pi * x)}
    assert np.allclose(y, expected[name])


# --- losses against torch (value and gradient, at and around the kinks) ------------------------

RESIDUALS = [-3.0, -1.0, -0.4, 0.0, 0.3, 1.0, 2.5]


@pytest.mark.parametrize("name", ["mse", "l1", "huber"])
def test_regression_losses_match_torch(torch, name):
    functional = {
        "mse": torch.nn.functional.mse_loss,
        "l1": torch.nn.functional.l1_loss,
        "huber": torch.nn.functional.huber_loss,
    }[name]
    for r in RESIDUALS:
        prediction = Value(0.5 + r)
        loss = regression_loss(name, prediction, Value(0.5))
        loss.backward()
        tp = torch.tensor(0.5 + r, requires_grad=True)
        expected = functional(tp, torch.tensor(0.5))
        expected.backward()
        assert loss.data == pytest.approx(expected.item(), rel=1e-12, abs=1e-15), r
        assert prediction.grad == pytest.approx(tp.grad.item(), rel=1e-12, abs=1e-15), r


LOGITS = [-800.0, -30.0, -2.0, -0.5, 0.0, 0.7, 3.0, 40.0, 800.0]


@pytest.mark.parametrize("label", [0.0, 1.0])
def test_cross_entropy_of_two_logits_matches_torch(torch, label):
    for l0, l1 in [(0.1, 0.2), (-1.5, 2.0), (3.0, -4.0), (0.0, 0.0), (500.0, -500.0)]:
        a, b = Value(l0), Value(l1)
        loss = classification_loss("cross_entropy", b - a, Value(label))
        loss.backward()
        logits = torch.tensor([[l0, l1]], requires_grad=True)
        expected = torch.nn.functional.cross_entropy(logits, torch.tensor([int(label)]))
        expected.backward()
        assert loss.data == pytest.approx(expected.item(), rel=1e-12, abs=1e-300)
        assert [a.grad, b.grad] == pytest.approx(logits.grad[0].tolist(), rel=1e-9, abs=1e-15)


@pytest.mark.parametrize("label", [0.0, 1.0])
def test_bce_and_hinge_match_torch(torch, label):
    for z in LOGITS:
        score = Value(z)
        bce = classification_loss("bce", score, Value(label))
        bce.backward()
        tz = torch.tensor(z, requires_grad=True)
        expected = torch.nn.functional.binary_cross_entropy_with_logits(tz, torch.tensor(label))
        expected.backward()
        # torch's (1 - y) x + softplus(-x) loses digits to cancellation where the loss is
        # tiny (about 1e-13 at x = -30, label 0); softplus(x) - y x does not
        assert bce.data == pytest.approx(expected.item(), rel=1e-12, abs=1e-12), z
        assert score.grad == pytest.approx(tz.grad.item(), rel=1e-9, abs=1e-15), z

        score = Value(z)
        hinge = classification_loss("hinge", score, Value(label))
        hinge.backward()
        tz = torch.tensor(z, requires_grad=True)
        expected = torch.relu(1 - (2 * label - 1) * tz)
        expected.backward()
        assert (hinge.data, score.grad) == (expected.item(), tz.grad.item()), z


@pytest.mark.parametrize("name", CLASSIFICATION_LOSSES)
def test_a_loss_below_the_threshold_means_the_right_class(name):
    from lessons.problems import CORRECT_BELOW

    for z in [-5.0, -0.2, 0.3, 4.0]:
        for label in (0.0, 1.0):
            loss = classification_loss(name, Value(z), Value(label)).data
            assert (loss < CORRECT_BELOW[name]) == ((z > 0) == (label == 1)), (z, label)


# --- problems: the tape's mean loss and gradients are what the maths says ----------------------


def test_line_regression_loss_and_gradient_are_the_closed_form():
    problem = regression_problem("line", model="line", loss="mse", n=25, noise=0.2, seed=2)
    x, y = problem.data[:, 0], problem.data[:, 1]
    b, w = problem.values()
    outputs, grads = problem.evaluate()
    residual = b + w * x - y
    assert np.mean(outputs) == pytest.approx(np.mean(residual**2), rel=1e-12)
    # d/db mean(r^2) = 2 mean(r); d/dw = 2 mean(r x)
    assert grads == pytest.approx([2 * residual.mean(), 2 * (residual * x).mean()], rel=1e-10)
    assert problem.names == ["w0", "w1"]


def test_polynomial_prediction_is_the_polynomial():
    problem = regression_problem("sine", model="polynomial", degree=4, seed=5)
    coefficients = problem.values()
    xs = np.linspace(-1, 1, 7)
    expected = sum(c * xs**k for k, c in enumerate(coefficients))
    assert problem.predict(xs[:, None]) == pytest.approx(expected, rel=1e-12)


def _torch_mlp_loss(torch, problem, hidden, loss):
    """The problem's mean loss and gradients, recomputed by torch from the same weights."""
    values = dict(zip(problem.names, problem.values(), strict=True))
    sizes = [2, *hidden, 2 if loss == "cross_entropy" else 1]
    layers = []
    for i in range(1, len(sizes)):
        w = [
            [values[f"L{i}.n{j}.w{k}"] for k in range(1, sizes[i - 1] + 1)]
            for j in range(1, sizes[i] + 1)
        ]
        b = [values[f"L{i}.n{j}.b"] for j in range(1, sizes[i] + 1)]
        layers.append((torch.tensor(w, requires_grad=True), torch.tensor(b, requires_grad=True)))
    h = torch.tensor(problem.data[:, :2])
    labels = torch.tensor(problem.data[:, 2])
    for i, (w, b) in enumerate(layers):
        h = h @ w.T + b
        if i < len(layers) - 1:
            h = torch.tanh(h)
    if loss == "cross_entropy":
        out = torch.nn.functional.cross_entropy(h, labels.long())
    elif loss == "bce":
        out = torch.nn.functional.binary_cross_entropy_with_logits(h[:, 0], labels)
    else:
        out = torch.relu(1 - (2 * labels - 1) * h[:, 0]).mean()
    out.backward()
    grads = {}
    for i, (w, b) in enumerate(layers, 1):
        for j in range(w.shape[0]):
            for k in range(w.shape[1]):
                grads[f"L{i}.n{j + 1}.w{k + 1}"] = w.grad[j, k].item()
            grads[f"L{i}.n{j + 1}.b"] = b.grad[j].item()
    return out.item(), [grads[name] for name in problem.names]


@pytest.mark.parametrize("loss", CLASSIFICATION_LOSSES)
def test_classification_problem_matches_a_torch_mlp(torch, loss):
    problem = classification_problem("circles", hidden=(5,), activation="tanh", loss=loss, n=30)
    outputs, grads = problem.evaluate()
    expected_loss, expected_grads = _torch_mlp_loss(torch, problem, (5,), loss)
    assert np.mean(outputs) == pytest.approx(expected_loss, rel=1e-10)
    assert grads == pytest.approx(expected_grads, rel=1e-9, abs=1e-14)


# --- functions written by the learner ----------------------------------------------------------


def test_function_problem_reads_the_expression():
    problem = function_problem("x**2 + 3*y", start=(3.0, 4.0))
    assert problem.names == ["x", "y"]
    outputs, grads = problem.evaluate()
    assert outputs.tolist() == [21.0] and grads == [6.0, 3.0]
    values = problem.predict([[1.0, 1.0], [2.0, -1.0]])
    assert values.tolist() == [4.0, 1.0]


def test_function_of_one_parameter():
    problem = function_problem("(x - 1).exp() - x", start=(0.0, 5.0))
    assert problem.names == ["x"]
    _, grads = problem.evaluate()
    assert grads == pytest.approx([math.exp(-1) - 1])


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_every_preset_compiles_and_its_minima_are_stationary(name):
    preset = FUNCTIONS[name]
    problem = function_problem(preset.expr, start=preset.start)
    for point in preset.minima:
        problem.set_values(point)
        _, grads = problem.evaluate()
        assert np.hypot(*grads) < 1e-4, point


def test_bad_expressions_raise_input_errors_at_their_column():
    from engine import InputError

    with pytest.raises(InputError, match="z") as err:
        function_problem("x + z")
    assert (err.value.line, err.value.col) == (1, 5)
    for bad in ["x +", "3", "x\ny", "__import__('os')"]:
        with pytest.raises(InputError):
            function_problem(bad)


def test_a_huge_expression_is_refused():
    from engine import InputError

    with pytest.raises(InputError, match="2,000"):
        function_problem("sum(x * i for i in range(3000))")


# --- the training loop ------------------------------------------------------------------------


def test_one_sgd_step_on_the_bowl_is_minus_lr_times_the_gradient():
    run = Run(function_problem("x**2 + y**2", start=(-2.5, 2.0)), "sgd", lr=0.1)
    report = run.step()
    # grad f = (2x, 2y) = (-5, 4); x <- x - 0.1 * grad
    assert report.loss == pytest.approx(10.25)
    assert report.grads == pytest.approx([-5.0, 4.0])
    assert report.updates == pytest.approx([0.5, -0.4])
    assert run.trajectory == [(-2.5, 2.0), pytest.approx((-2.0, 1.6))]
    assert run.measure()[0] == pytest.approx(4.0 + 2.56)


@pytest.mark.parametrize(
    "optimizer, settings",
    [
        ("sgd", dict(lr=1e-3)),
        ("sgd", dict(lr=5e-4, momentum=0.9, nesterov=True, weight_decay=0.01)),
        ("adam", dict(lr=0.05, weight_decay=0.001)),
    ],
)
def test_rosenbrock_trajectory_matches_torch_optim(torch, optimizer, settings):
    run = Run(function_problem(FUNCTIONS["rosenbrock"].expr, (-1.5, 2.0)), optimizer, **settings)
    run.train(60)
    p = torch.tensor([-1.5, 2.0], requires_grad=True)
    opt = (torch.optim.SGD if optimizer == "sgd" else torch.optim.Adam)([p], **settings)
    expected = [(-1.5, 2.0)]
    for _ in range(60):
        opt.zero_grad()
        ((1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2).backward()
        opt.step()
        expected.append(tuple(p.tolist()))
    assert np.allclose(run.trajectory, expected, rtol=1e-9, atol=1e-12)


def test_a_learning_rate_of_100_on_the_bowl_stops_the_run():
    run = Run(function_problem("x**2 + y**2", start=(-2.5, 2.0)), "sgd", lr=100)
    run.train(5000)
    assert run.stopped is not None and run.stopped.reason == "grew"
    assert run.stopped.step == run.steps_done < 5
    assert run.step() is None  # a stopped run takes no more steps


def test_other_ways_to_stop():
    saddle = Run(function_problem("x**2 - y**2", start=(-2.0, 0.01)), "sgd", lr=0.1)
    assert saddle.train(5000).stopped.reason == "unbounded"
    kink = Run(function_problem("x.sqrt()", start=(0.0, 0.0)), "sgd", lr=0.1)
    assert kink.train(10).stopped.reason == "gradient" and kink.steps_done == 0
    nan = Run(function_problem("x.log()", start=(-1.0, 0.0)), "sgd", lr=0.1)
    assert nan.train(10).stopped.reason == "nan"


def test_reset_and_reproducibility():
    problem = regression_problem("sine", model="mlp", hidden=(8,), seed=4)
    run = Run(problem, "adam", lr=0.01, batch_size=8, seed=1)
    first = list(run.train(30).losses)
    run.reset()
    assert run.steps_done == 0 and problem.values() == list(run.start)
    assert run.train(30).losses == first


def test_mini_batches_visit_every_sample_once_per_epoch():
    problem = regression_problem("line", model="line", n=20)
    seen = []
    evaluate = problem.evaluate
    problem.evaluate = lambda rows=None: (seen.append(rows), evaluate(rows))[1]
    Run(problem, "sgd", lr=0.1, batch_size=5, seed=0).train(8)
    assert all(len(rows) == 5 for rows in seen)
    for epoch in (seen[:4], seen[4:]):
        assert sorted(np.concatenate(epoch).tolist()) == list(range(20))


def test_progress_is_reported():
    calls = []
    on_progress = lambda done, total: calls.append((done, total))
    Run(function_problem("x**2", (1.0, 0.0)), "sgd", lr=0.01).train(120, on_progress, every=50)
    assert calls == [(50, 120), (100, 120), (120, 120)]


def test_default_classification_learns_the_moons():
    problem = classification_problem("moons")
    run = Run(problem, "sgd", lr=0.1, momentum=0.9).train(500)
    start, now = run.measure_start(), run.measure()
    assert run.stopped is None
    assert now[0] < start[0] / 2 and now[1] >= 0.95
    assert len(run.accuracies) == 500
