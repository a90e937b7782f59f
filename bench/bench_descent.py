"""The Descent page's speed: 500 training steps of the moons demo, as the page runs them.

    python -m bench.bench_descent            # the training call, then the whole page in AppTest
    python -m bench.bench_descent --quick    # fewer repeats

Target: at most 2 s for the 500 steps inside the page (build the problem, compile the tape,
train, measure). The page row times the rerun of pages/descent.py in AppTest after a click on
Train, which also draws the figures.
"""

import statistics
from pathlib import Path

from bench.harness import compare, repeats, table, timed
from lessons.descent import from_query, make_runs, to_query

TARGET_SECONDS = 2.0
PAGE = str(Path(__file__).parents[1] / "pages" / "descent.py")
MOONS_DEMO = from_query({"task": "classification", "steps": "500"})  # the page's default


def train_moons():
    """What Train does for the moons demo: build, compile, 500 steps, the final measurement."""
    (run,) = make_runs(MOONS_DEMO)
    run.train(MOONS_DEMO.steps)
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
    """Time both and print them as a table against the target."""
    repeat = repeats(__doc__)
    run = train_moons()
    print(
        f"moons demo: loss {run.measure_start()[0]:.4f} -> {run.measure()[0]:.4f}, "
        f"accuracy {run.measure()[1]:.0%}"
    )
    times = compare({"train": train_moons}, repeat=repeat)
    times["page"] = statistics.median(page_train() for _ in range(repeat))
    rows = [
        ("500 steps (problem, tape, train)", f"{times['train'] * 1000:.0f} ms"),
        ("page rerun after a click on Train (AppTest)", f"{times['page'] * 1000:.0f} ms"),
        ("target", f"<= {TARGET_SECONDS * 1000:.0f} ms"),
    ]
    title = f"Descent: moons, MLP(2, [16, 16, 2]), cross-entropy, {MOONS_DEMO.steps} steps"
    print(table(title, rows, ["", "median"]))


if __name__ == "__main__":
    main()
