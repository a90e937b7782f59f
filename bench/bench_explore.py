"""The Explore page's pipeline on a small and a large graph: evaluate, trace, layout, figure.

Targets (issue: Explore page): a 100-Value graph end to end in at most 100 ms, a 2,000-Value
graph in at most 1 s. Prints the median of several runs per stage.

    python -m bench.bench_explore
"""

import statistics

import engine
from engine.autograd.graph import grouped, trace
from viz.graph import graph_figure
from viz.layout import layered_layout

from .harness import freeze_setup, repeats, table, timed

TARGETS = {100: 0.100, 2000: 1.0}  # Values in the graph -> seconds allowed end to end


def snippet(values):
    """A running sum of tanh terms: three Values per loop turn (mul, tanh, add)."""
    turns = max(1, (values - 2) // 3)
    return (
        "x = Value(0.5, label='x')\n"
        "acc = Value(0.0, label='acc')\n"
        f"for i in range({turns}):\n"
        "    acc = acc + (x * (0.01 * i)).tanh()\n"
        "acc.backward()\n"
    )


def stages(source):
    """Seconds for each stage of one pass, and the traced graph's size."""
    times = {}
    ev = None

    def evaluate():
        nonlocal ev
        ev = engine.evaluate(source)

    times["evaluate"] = timed(evaluate)
    graph = trace(ev.output, ev.names)
    times["trace"] = timed(lambda: grouped(trace(ev.output, ev.names)))
    layout = layered_layout(graph)
    times["layout"] = timed(lambda: layered_layout(graph))
    times["figure"] = timed(lambda: graph_figure(graph, layout))
    return times, len(graph.values()), len(graph.nodes)


def main():
    """Time each stage on both graphs and print the table."""
    repeat = repeats(__doc__)
    freeze_setup()
    rows = []
    for values, target in TARGETS.items():
        source = snippet(values)
        runs = [stages(source) for _ in range(repeat)]
        medians = {k: statistics.median(r[0][k] for r in runs) for k in runs[0][0]}
        total = sum(medians.values())
        n_values, n_nodes = runs[0][1], runs[0][2]
        rows.append([
            n_values, n_nodes, *(f"{medians[k] * 1000:.1f}" for k in medians),
            f"{total * 1000:.1f}", f"{target * 1000:.0f}", "ok" if total <= target else "SLOW",
        ])
    print(table(
        f"Explore pipeline, median ms of {repeat} runs (each stage pays for its garbage)",
        rows,
        ["Values", "nodes drawn", "evaluate", "trace+group", "layout", "figure", "total",
         "target", ""],
    ))


if __name__ == "__main__":
    main()
