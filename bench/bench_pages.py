"""What the Explore page sends and how long a rerun takes, on a 100- and a 2,000-Value graph.

For each snippet: the JSON size of every figure the page sends (what ``st.plotly_chart`` puts
in its message), and the server time of a rerun after clicking a node (AppTest, the analysis
and figure caches warm: the time of ``AppTest.run``, which includes AppTest's polling for the
script's end and its reading of the page, so the script's own time is less). Targets (issue
13): at 100 Values all figure JSON at most 150 KB and a rerun at most 100 ms; at 2,000 Values
1 MB and 300 ms.

    python -m bench.bench_pages
"""

import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from lessons.explore import SECTIONS, analyse
from viz.graph import value_nodes

from .bench_explore import snippet
from .harness import repeats, table

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TARGETS = {100: (150_000, 0.100), 2000: (1_000_000, 0.300)}  # Values -> (JSON bytes, seconds)
PICK = "graph_pick_scalar"  # the inspector's node choice, which a click on the graph sets


def open_page(source):
    """The Explore page opened on ``source`` with every section open (a link carrying both: the
    most the page sends), run once."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["code"] = source
    for section in SECTIONS.values():
        at.query_params[section] = "true"
    return at.run()


def figure_sizes(at):
    """The JSON size in bytes of every figure on the page, in page order."""
    return [len(chart.proto.spec) for chart in at.get("plotly_chart")]


def click_reruns(at, nodes, repeat):
    """Seconds of each rerun after picking another of ``nodes``, as a click on the graph does."""
    times = []
    for i in range(repeat):
        at.selectbox(key=PICK).set_value(nodes[(i + 1) % len(nodes)])
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return times


def measure(values, repeat):
    """(figure sizes, rerun seconds) for the bench snippet of about ``values`` Values."""
    source = snippet(values)
    at = open_page(source)
    assert not at.exception, at.exception
    at.run()  # a second run: every cache is warm
    nodes = [n.id for n in value_nodes(analyse(source).scalar)]
    return figure_sizes(at), click_reruns(at, nodes, repeat)


def main():
    """Measure both snippets and print the table."""
    repeat = repeats(__doc__, full=9, quick=3)
    rows = []
    for values, (max_bytes, max_seconds) in TARGETS.items():
        sizes, times = measure(values, repeat)
        total, rerun = sum(sizes), statistics.median(times)
        rows.append([
            values, " + ".join(f"{s / 1000:.1f}" for s in sizes), f"{total / 1000:.1f}",
            f"{max_bytes / 1000:.0f}", f"{rerun * 1000:.0f}", f"{max(times) * 1000:.0f}",
            f"{max_seconds * 1000:.0f}",
            "ok" if total <= max_bytes and rerun <= max_seconds else "OVER",
        ])
    print(table(
        f"Explore page: figure JSON and a rerun after clicking a node (median of {repeat})",
        rows,
        ["Values", "figures (KB)", "total KB", "target KB", "rerun ms", "slowest ms",
         "target ms", ""],
    ))


if __name__ == "__main__":
    main()
