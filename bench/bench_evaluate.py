"""evaluate() on the tutorial's three snippets: median time per snippet, against the 20 ms target.

    python -m bench.bench_evaluate            # 21 runs per snippet
    python -m bench.bench_evaluate --quick    # 5 runs per snippet
"""


from bench.harness import compare, repeats, table
from engine import evaluate
from lessons.corpus import TUTORIAL

TARGET_MS = 20.0


def main():
    """Time each tutorial snippet and print a table; the exit status says whether all met it."""
    repeat = repeats(__doc__, full=21, quick=5)
    medians = compare({name: (lambda src=src: evaluate(src)) for name, src in TUTORIAL.items()},
                      repeat=repeat)
    rows = [(name, f"{seconds * 1000:.2f}", "yes" if seconds * 1000 <= TARGET_MS else "NO")
            for name, seconds in medians.items()]
    print(table(f"evaluate(): median of {repeat} runs (target {TARGET_MS:g} ms)", rows,
                ("snippet", "ms", "within target")))
    return 0 if all(seconds * 1000 <= TARGET_MS for seconds in medians.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
