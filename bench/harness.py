"""Side-by-side timing: medians of interleaved runs, each paying for collecting its own garbage."""

import argparse
import gc
import statistics
import time


def repeats(doc, full=7, quick=3):
    """How many runs to take medians of: ``full``, or ``quick`` with --quick on the command line."""
    parser = argparse.ArgumentParser(description=doc.strip().splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"{quick} runs instead of {full}")
    return quick if parser.parse_known_args()[0].quick else full


def optional_torch():
    """The torch module for side-by-side rows, or None where it is not installed."""
    try:
        import torch
    except ImportError:
        return None
    return torch


def freeze_setup():
    """Keep what imports and set-up made out of every timed gc.collect(): it is nobody's garbage.

    Without this, each full collection walks torch's many import-time objects, adding the same
    tens of milliseconds to every contender's run.
    """
    gc.collect()
    gc.freeze()


def timed(fn):
    """Seconds for one call of fn(), including a gc.collect() of whatever the call left behind."""
    gc.collect()
    start = time.perf_counter()
    result = fn()
    del result
    gc.collect()
    return time.perf_counter() - start


def compare(contenders, repeat=7):
    """Median seconds per contender, runs interleaved so a drifting machine load hits all alike."""
    times = {name: [] for name in contenders}
    for _ in range(repeat):
        for name, fn in contenders.items():
            times[name].append(timed(fn))
    return {name: statistics.median(ts) for name, ts in times.items()}


def table(title, rows, headers):
    """A plain-text table, as the README shows it."""
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"
    out = [f"\n{title}", line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(r) for r in rows]
    return "\n".join(out)
