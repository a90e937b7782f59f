"""The scalar engine against micrograd 0.1.0 and torch 0-dim tensors, side by side in one process.

    python -m bench.bench_engine            # all benchmarks (torch rows need torch installed)
    python -m bench.bench_engine --quick    # fewer repeats

Every timed run includes gc.collect() of its own garbage, for every contender: micrograd's
closures make reference cycles that only the cycle collector frees, and that cost is real.
"""

import random
import sys
import tracemalloc

import numpy as np

from bench.harness import compare, freeze_setup, optional_torch, repeats, table
from engine import Value
from engine.autograd.nn import MLP

sys.setrecursionlimit(100_000)  # micrograd's recursive topological sort needs it on long chains

CHAIN = 10_000  # iterations of y = (y*1.0001 + 0.001).relu(), three ops each


def chain(value_type, n):
    """Forward and backward through n iterations of y = (y*1.0001 + 0.001).relu()."""
    x = value_type(0.5)
    y = x
    for _ in range(n):
        y = (y * 1.0001 + 0.001).relu()
    y.backward()
    return x


def torch_chain(torch, n):
    """The same chain on torch 0-dim float64 tensors."""
    x = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
    y = x
    for _ in range(n):
        y = (y * 1.0001 + 0.001).relu()
    y.backward()
    return x


def moons(n=100, noise=0.1, seed=1):
    """Two interleaving half circles, labels -1/+1, as micrograd's demo uses (sklearn-free)."""
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, np.pi, n)
    upper = np.arange(n) % 2 == 0
    x = np.where(upper, np.cos(t), 1 - np.cos(t))
    y = np.where(upper, np.sin(t), 0.5 - np.sin(t))
    points = np.stack([x, y], axis=1) + rng.normal(0, noise, (n, 2))
    return points.tolist(), np.where(upper, 1.0, -1.0).tolist()


def training_step(value_type, model, points, labels, alpha=1e-4, lr=0.05):
    """micrograd's demo step, written as its users write it: max-margin loss + L2, backward, SGD."""
    inputs = [list(map(value_type, row)) for row in points]
    scores = list(map(model, inputs))
    losses = [(1 + -yi * si).relu() for yi, si in zip(labels, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = alpha * sum(p * p for p in model.parameters())
    total = data_loss + reg_loss
    model.zero_grad()
    total.backward()
    for p in model.parameters():
        p.data -= lr * p.grad
    return total


def bytes_per_node(n_ops=100_000):
    """Traced memory held by an n-op chain after forward and backward, per node."""
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    x = Value(0.5)
    y = x
    for i in range(n_ops):
        y = y * 1.0001 if i % 3 == 0 else (y + 0.001 if i % 3 == 1 else y.relu())
    y.backward()
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del x, y
    return held / (n_ops + 1)


def main():
    """Run every benchmark and print the tables."""
    repeat = repeats(__doc__)

    from micrograd.engine import Value as MicroValue
    from micrograd.nn import MLP as MicroMLP

    torch = optional_torch()
    freeze_setup()

    rows = []
    t = compare(
        {
            "micrograd": lambda: chain(MicroValue, CHAIN),
            "engine": lambda: chain(Value, CHAIN),
        },
        repeat,
    )
    rows.append([f"chain of {3 * CHAIN:,} ops, forward + backward",
                 f"{t['micrograd'] * 1e3:.1f} ms", f"{t['engine'] * 1e3:.1f} ms",
                 f"{t['micrograd'] / t['engine']:.1f}x"])

    points, labels = moons()
    random.seed(1337)
    micro_model = MicroMLP(2, [16, 16, 1])
    model = MLP(2, [16, 16, 1], seed=1337)
    t = compare(
        {
            "micrograd": lambda: training_step(MicroValue, micro_model, points, labels),
            "engine": lambda: training_step(Value, model, points, labels),
        },
        repeat,
    )
    rows.append(["micrograd demo step: MLP(2,[16,16,1]), 100 moons, loss + backward + SGD",
                 f"{t['micrograd'] * 1e3:.1f} ms", f"{t['engine'] * 1e3:.1f} ms",
                 f"{t['micrograd'] / t['engine']:.1f}x"])
    print(table("engine vs micrograd 0.1.0 (medians)", rows,
                ["benchmark", "micrograd", "engine", "speed-up"]))

    print(f"\nmemory: {bytes_per_node():.0f} bytes per node on a 100,000-op chain "
          "(forward + backward, tracemalloc)")

    if torch is None:
        print("\ntorch is not installed: skipping the comparison with torch 0-dim tensors")
        return
    n = 1_000_000 // 3
    t = compare({"torch": lambda: torch_chain(torch, n), "engine": lambda: chain(Value, n)}, 3)
    print(table("engine vs torch 0-dim float64 tensors (medians)",
                [[f"chain of {3 * n:,} ops, forward + backward", f"{t['torch']:.2f} s",
                  f"{t['engine']:.2f} s", f"{t['torch'] / t['engine']:.1f}x"]],
                ["benchmark", "torch", "engine", "speed-up"]))


if __name__ == "__main__":
    main()
