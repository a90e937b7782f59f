"""The Descent page's speed: each problem trained on the tape and on the tensor level.

    python -m bench.bench_descent            # both engines per problem, then the page in AppTest
    python -m bench.bench_descent --quick    # fewer repeats

A problem row times what Train does on each engine (build the problem, compile the tape where
there is one, take the steps, measure the loss and accuracy), medians of interleaved runs, each
run paying for its own garbage collection; `lessons.problems.choose_engine` holds the rule these
figures gave, and the last column says what it picks. The moons demo rows time the page's
default, 500 steps, against the target of 2 s; the page row reruns pages/descent.py in AppTest
after a click on Train, which also draws the figures.
"""

import functools
import statistics
from pathlib import Path

import numpy as np

from bench.harness import compare, freeze_setup, repeats, table, timed
from lessons.descent import from_query, make_runs, to_query
from lessons.problems import Run, choose_engine, classification_problem, regression_problem

TARGET_SECONDS = 2.0
PAGE = str(Path(__file__).parents[1] / "pages" / "descent.py")
MOONS_DEMO = from_query({"task": "classification", "steps": "500"})  # the page's default
STEPS = 100  # per problem row: enough that the steps, not the set-up, decide

# (row label, kind, the problem's arguments, Run's arguments): the page's models from the
# smallest to the largest it allows (hidden layers up to 4 x 64), full batch and minibatches
PROBLEMS = [
    ("line, MSE", "regression", dict(model="line", loss="mse"), dict(lr=0.2, momentum=0.9)),
    ("polynomial 3, MSE", "regression", dict(model="polynomial", degree=3),
     dict(lr=0.2, momentum=0.9)),
    ("polynomial 9, Huber", "regression", dict(model="polynomial", degree=9, loss="huber"),
     dict(lr=0.2, momentum=0.9)),
    ("MLP 1-4-1, MSE", "regression", dict(model="mlp", hidden=(4,)), dict(lr=0.2, momentum=0.9)),
    ("MLP 1-16-16-1, MSE", "regression", dict(model="mlp", hidden=(16, 16)),
     dict(lr=0.05, momentum=0.9)),
    ("MLP 2-4-2, cross-entropy", "classification", dict(hidden=(4,), loss="cross_entropy"),
     dict(lr=0.05, momentum=0.9)),
    ("MLP 2-16-16-2, cross-entropy", "classification", dict(loss="cross_entropy"),
     dict(lr=0.05, momentum=0.9)),
    ("MLP 2-16-16-2, minibatch 8, Adam", "classification", dict(loss="cross_entropy"),
     dict(optimizer="adam", lr=0.01, batch_size=8)),
    ("MLP 2-32-32-1, hinge", "classification", dict(hidden=(32, 32), loss="hinge"),
     dict(lr=0.05, momentum=0.9)),
    ("MLP 2-64-64-2, cross-entropy", "classification", dict(hidden=(64, 64)),
     dict(lr=0.05, momentum=0.9)),
    ("MLP 2-64x4-2, cross-entropy", "classification", dict(hidden=(64, 64, 64, 64)),
     dict(lr=0.01, momentum=0.9)),
]


def _problem(kind, arguments, engine):
    if kind == "regression":
        return regression_problem(**dict(dict(data="sine", n=40), **arguments), engine=engine)
    arguments = dict(dict(data="moons", activation="relu", n=100), **arguments)
    return classification_problem(**arguments, engine=engine)


def train(kind, arguments, settings, engine, steps=STEPS):
    """What Train does on ``engine``: build the problem, take the steps, measure."""
    run = Run(_problem(kind, arguments, engine), **settings)
    run.train(steps)
    run.measure()
    return run


def train_moons(engine=None):
    """What Train does for the moons demo (on the chosen engine by default), 500 steps."""
    settings = MOONS_DEMO
    (run,) = make_runs(settings) if engine is None else [
        Run(classification_problem("moons", (16, 16), "relu", "cross_entropy", engine=engine),
            lr=settings.lr, momentum=settings.momentum)]
    run.train(settings.steps)
    run.measure()
    return run


def page_train():
    """Seconds of the Descent page's rerun after a click on Train, at the moons demo (AppTest)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(PAGE, default_timeout=30)
    for key, value in to_query(MOONS_DEMO).items():
        at.query_params[key] = value
    at.run()  # opening the page is not timed: its first run builds and draws the untrained model
    seconds = timed(lambda: at.button(key="train").click().run())
    assert not at.exception, at.exception
    assert int(next(m.value for m in at.metric if m.label == "steps taken")) == MOONS_DEMO.steps
    return seconds


def main():
    """Time both engines per problem, then the moons demo and the page, and print the tables."""
    repeat = repeats(__doc__)
    freeze_setup()
    rows = []
    for label, kind, arguments, settings in PROBLEMS:
        # the same curve on both, all the steps taken, or the row means nothing
        curves = [train(kind, arguments, settings, engine) for engine in ("tape", "tensor")]
        assert all(run.stopped is None for run in curves), label
        assert np.allclose(curves[0].losses, curves[1].losses, rtol=1e-8), label
        times = compare({engine: functools.partial(train, kind, arguments, settings, engine)
                         for engine in ("tape", "tensor")}, repeat=repeat)
        faster = min(times, key=times.get)
        picked = choose_engine(kind, arguments.get("model", "mlp"))
        rows.append((label, f"{times['tape'] * 1000:.0f} ms", f"{times['tensor'] * 1000:.0f} ms",
                     f"{times['tape'] / times['tensor']:.2f}", faster, picked))
    print(table(f"Descent: build, {STEPS} steps and a measurement, per engine (median of "
                f"{repeat})", rows, ["problem", "tape", "tensor", "tape / tensor", "faster",
                                     "picked"]))

    run = train_moons()
    print(f"\nmoons demo: loss {run.measure_start()[0]:.4f} -> {run.measure()[0]:.4f}, "
          f"accuracy {run.measure()[1]:.0%}, on the {run.problem.engine}")
    times = compare({"tape": lambda: train_moons("tape"), "tensor": lambda: train_moons("tensor")},
                    repeat=repeat)
    times["page"] = statistics.median(page_train() for _ in range(repeat))
    rows = [
        ("500 steps on the tape (problem, tape, train)", f"{times['tape'] * 1000:.0f} ms"),
        ("500 steps on the tensor level", f"{times['tensor'] * 1000:.0f} ms"),
        ("page rerun after a click on Train (AppTest)", f"{times['page'] * 1000:.0f} ms"),
        ("target", f"<= {TARGET_SECONDS * 1000:.0f} ms"),
    ]
    title = f"Descent: moons, MLP(2, [16, 16, 2]), cross-entropy, {MOONS_DEMO.steps} steps"
    print(table(title, rows, ["", "median"]))


if __name__ == "__main__":
    main()
