"""The fuzzer: random programs through ``evaluate``, run in the sandbox's worker processes.

    python -m tests.fuzzing --runs 1000000          # a long run (docs/SECURITY.md has the last)
    python -m tests.fuzzing --runs 10000 --seed 0   # what CI replays (tests/test_fuzzing.py)
    python -m tests.fuzzing --show 1234             # the program number 1234 of seed 0

Program number i of a seed is made by its own ``random.Random``, so any program can be shown
again by its number. The vocabulary (names, attributes, operators, the prelude) is the hostile
corpus's. What must hold for every program: it ends in a result or an InputError (nothing else
escapes), an error names no internal function and exists in both languages, and a worker that a
limit stops says which limit (a SandboxError), never dies silently.
"""

import argparse
import random
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

BATCH = 500  # programs a worker runs before it is replaced
MAX_FAILURES = 20  # failures a batch reports (a bug tends to repeat)


# --- the programs -----------------------------------------------------------------------------

def _vocabulary():
    from tests.engine.snippets import test_hostile as hostile

    return hostile


_ATOMS = ["0.5", "1e308", "-0.0", "10**400", "'s'", "None", "True", "...", "[]", "(1, 2)",
          "[1.0, 2.0]", "{}", "f'{a}'", "1j", "-1", "0", "2", "12", "3.5"]
_KEYWORDS = ["", "dim=1", "reduction='sum'", "requires_grad=True", "dtype=torch.float64",
             "keepdim=True", "generator=None", "device='cpu'"]
_INDEXES = ["0", ":", "1:", "::-1", "0, 1", ":, 0", "None", "..., 0", "-1"]
_TARGETS = ["a", "b", "t", "z", "a, b", "xs[0]", "a.data", "t.grad", "_x"]
# `while` runs now: a loop that ends, so the replay spends its time on programs, not on the
# loop-steps bound (which the hostile corpus checks)
_FIXED = ["t.sum().backward()", "a.backward()", "break", "pass", "n = 3\nwhile n:\n  n -= 1",
          "import os", "from torch import nn", "def f(): pass", "del a", "torch.manual_seed(0)"]


def expression(rng, v, depth=0):
    """A random expression of the vocabulary, at most a few levels deep."""
    if depth >= 3 or rng.random() < 0.3:
        return rng.choice(v.NAMES) if rng.random() < 0.5 else rng.choice(_ATOMS)
    inner = lambda: expression(rng, v, depth + 1)  # noqa: E731 - a grammar reads best as such
    kind = rng.randrange(10)
    if kind == 0:
        return f"({inner()} {rng.choice(v.OPERATORS)} {inner()})"
    if kind == 1:
        return rng.choice(["-", "not ", ""]) + inner()
    if kind == 2:
        return f"{inner()}.{rng.choice(v.ATTRIBUTES)}"
    if kind == 3:
        args = [inner() for _ in range(rng.randrange(4))]
        keyword = rng.choice(_KEYWORDS)
        return f"{inner()}({', '.join(args + ([keyword] if keyword else []))})"
    if kind == 4:
        return f"{inner()}[{inner() if rng.random() < 0.5 else rng.choice(_INDEXES)}]"
    if kind == 5:
        return f"[{', '.join(inner() for _ in range(rng.randrange(4)))}]"
    if kind == 6:
        return f"[{inner()} for i in {inner()}]"
    if kind == 7:
        return f"sum({inner()} for i in {inner()})"
    if kind == 8:
        return f"({inner()} if {inner()} else {inner()})"
    return f"torch.{rng.choice(['randn', 'zeros', 'ones', 'rand', 'tensor', 'eye'])}({inner()})"


def _indent(block):
    return "".join(f"    {line}\n" for line in block.splitlines())


def statement(rng, v, depth=0):
    """A random statement; loops, branches and with-blocks hold a few more."""
    kind = rng.randrange(9 if depth < 2 else 5)
    if kind == 0:
        return f"{rng.choice(_TARGETS)} = {expression(rng, v)}"
    if kind == 1:
        return f"{rng.choice(_TARGETS)} {rng.choice(['+=', '-=', '*=', '/='])} {expression(rng, v)}"
    if kind == 2:
        return f"print({expression(rng, v)})"
    if kind == 3:
        return expression(rng, v)
    if kind == 4:
        return rng.choice(_FIXED)
    body = lambda: "\n".join(statement(rng, v, depth + 1)  # noqa: E731
                             for _ in range(rng.randrange(1, 4)))
    if kind == 5:
        return f"for i in {expression(rng, v)}:\n" + _indent(body())
    if kind == 6:
        return f"if {expression(rng, v)}:\n{_indent(body())}else:\n{_indent(body())}"
    if kind == 7:
        return "with torch.no_grad():\n" + _indent(body())
    return body()


def program(seed, number):
    """Program ``number`` of ``seed``: the hostile corpus's prelude and a few statements."""
    v = _vocabulary()
    rng = random.Random(f"{seed}:{number}")
    return v.PRELUDE + "\n".join(statement(rng, v) for _ in range(rng.randrange(1, 7))) + "\n"


# --- running them -------------------------------------------------------------------------

def run_batch(seed, start, count):
    """In a worker: evaluate programs start .. start + count - 1; (outcome counts, failures)."""
    from engine import InputError, evaluate
    from engine.snippets import interpreter

    internal = _vocabulary().INTERNAL_NAMES
    outcomes, failures = Counter(), []
    for number in range(start, start + count):
        source = program(seed, number)
        try:
            evaluate(source, interpreter.Limits(seconds=1.0))
        except InputError as err:
            outcomes["input error"] += 1
            leaked = [n for n in internal if n in err.message]
            if leaked or not err.message_in("zh"):
                failures.append((number, f"message {err.message!r} names {leaked}"))
        except Exception as exc:  # noqa: BLE001 - the fuzzer's finding
            failures.append((number, f"{type(exc).__name__}: {exc}"))
        else:
            outcomes["result"] += 1
        if len(failures) >= MAX_FAILURES:
            break
    return outcomes, failures


@dataclass
class Report:
    """What a fuzz run found."""

    runs: int = 0
    outcomes: Counter = field(default_factory=Counter)
    failures: list = field(default_factory=list)  # (program number, what happened)
    limits: list = field(default_factory=list)  # (first program of a batch, the limit's message)
    seconds: float = 0.0


def fuzz(runs, seed=0, batch=BATCH, workers=2, progress=None):
    """Run programs 0 .. runs - 1 of ``seed`` through a sandbox of ``workers`` workers."""
    from tests import fuzzing  # run_batch by its module's name, also when run as __main__
    from ui.sandbox import Limits, Sandbox, SandboxError, Settings

    # a batch of BATCH programs, each bounded to 1 s of evaluation, has this much wall time
    limits = Limits(memory_mb=1024, cpu_seconds=int(batch * 1.2) + 60,
                    wall_seconds=batch * 1.2 + 60)
    pool = Sandbox(Settings(workers=workers, queue=workers, limits=limits))
    report, started = Report(), time.monotonic()

    def one(start):
        count = min(batch, runs - start)
        try:
            return start, count, pool.run(fuzzing.run_batch, seed, start, count).value, None
        except SandboxError as err:
            return start, count, None, err.message_in("en")

    with ThreadPoolExecutor(workers) as threads:
        for start, count, result, stopped in threads.map(one, range(0, runs, batch)):
            report.runs += count
            if stopped is not None:
                report.limits.append((start, stopped))
            else:
                outcomes, failures = result
                report.outcomes.update(outcomes)
                report.failures += failures
            if progress:
                progress(report)
    report.seconds = time.monotonic() - started
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch", type=int, default=BATCH)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--show", type=int, help="print one program of the seed and stop")
    args = parser.parse_args(argv)
    if args.show is not None:
        print(program(args.seed, args.show), end="")
        return 0

    shown = []

    def progress(report):
        for number, what in report.failures[len(shown):]:  # each failure as soon as it is found
            print(f"  program {number}: {what}", flush=True)
            shown.append(number)
        if report.runs % 50_000 < args.batch:
            print(f"  {report.runs:,} programs, {len(report.failures)} failures", flush=True)

    report = fuzz(args.runs, args.seed, args.batch, args.workers, progress)
    print(f"{report.runs:,} programs of seed {args.seed} in {report.seconds:.0f} s: "
          f"{report.outcomes['result']:,} results, {report.outcomes['input error']:,} "
          f"InputErrors, {len(report.limits)} batches stopped by a limit, "
          f"{len(report.failures)} failures")
    for start, message in report.limits:
        print(f"  batch from program {start}: {message}")
    return 1 if report.failures or report.limits else 0


if __name__ == "__main__":
    sys.exit(main())
