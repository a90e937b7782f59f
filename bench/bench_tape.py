"""engine.autograd.tape against micrograd 0.1.0 and batched torch tensors on micrograd's moons demo.

    python -m bench.bench_tape            # all rows (the torch row needs torch installed)
    python -m bench.bench_tape --quick    # fewer repeats

The step is micrograd's demo data loss: MLP(2, [16, 16, 1]) on 100 two-moons points, the
max-margin loss relu(1 - y * score) averaged, plus 1e-4 times the sum of squared parameters;
forward and backward. Every timed run includes gc.collect() of its own garbage, for every
contender (see bench.harness).
"""

import random
import time

import numpy as np

from bench.bench_engine import moons
from bench.harness import compare, freeze_setup, optional_torch, repeats, table, timed
from engine import Value
from engine.autograd.nn import MLP
from engine.autograd.optim import SGD
from engine.autograd.tape import Tape

ALPHA = 1e-4  # the demo's L2 weight
SIZES = [16, 16, 1]
SEED = 1337
TRAIN_STEPS = 500
LEARNING_RATE = 0.1


def sample_loss(model):
    """One sample's loss graph: leaves x1, x2 (the point) and y (its label, -1 or +1)."""
    x1, x2, y = Value(0.0, "x1"), Value(0.0, "x2"), Value(0.0, "y")
    score = model([x1, x2])
    # the L2 term sits in every sample's loss, so the mean over samples holds it once
    reg = ALPHA * sum(p * p for p in model.parameters())
    return (1 + -y * score).relu() + reg, [x1, x2, y]


def micrograd_step(model, points, labels):
    """The demo's loss over all points with micrograd, and its backward."""
    from micrograd.engine import Value as MicroValue

    scores = [model(list(map(MicroValue, row))) for row in points]
    losses = [(1 + -yi * si).relu() for yi, si in zip(labels, scores, strict=True)]
    data_loss = sum(losses) * (1.0 / len(losses))
    total = data_loss + ALPHA * sum(p * p for p in model.parameters())
    model.zero_grad()
    total.backward()
    return total.data


def torch_model(torch, model):
    """The MLP's parameters as float64 (weights, bias) tensors per layer, same numbers."""
    layers = []
    for layer in model.layers:
        w = [[p.data for p in n.w] for n in layer.neurons]
        b = [n.b.data for n in layer.neurons]
        layers.append(
            (torch.tensor(w, dtype=torch.float64, requires_grad=True),
             torch.tensor(b, dtype=torch.float64, requires_grad=True))
        )
    return layers


def torch_step(torch, layers, X, y):
    """The same step on batched tensors: (100, 2) points through the layers, then backward."""
    h = X
    for i, (w, b) in enumerate(layers):
        w.grad = b.grad = None
        h = h @ w.T + b
        if i < len(layers) - 1:
            h = h.relu()
    data_loss = (1 - y * h[:, 0]).relu().mean()
    total = data_loss + ALPHA * sum((w * w).sum() + (b * b).sum() for w, b in layers)
    total.backward()
    return total.item()


def train(tape, model, batch, steps=TRAIN_STEPS, lr=LEARNING_RATE):
    """SGD on the tape's mean loss, as the Descent page runs it; returns the losses."""
    params = model.parameters()
    optimizer = SGD(params, lr=lr)
    losses = []
    for _ in range(steps):
        run = tape.run(batch, reduce="mean")
        for p in params:
            p.grad = run.grads[p]
        optimizer.step()
        losses.append(run.loss)
    return losses


def main():
    """Run every benchmark and print the table."""
    repeat = repeats(__doc__)

    from micrograd.nn import MLP as MicroMLP

    torch = optional_torch()
    if torch is not None:
        # one thread, as numpy runs here: on these small arrays torch is no faster with more,
        # and its idle threads spinning on the second core slow down whoever runs next
        torch.set_num_threads(1)

    points, labels = moons()
    batch = np.column_stack([points, labels])
    random.seed(SEED)
    micro = MicroMLP(2, SIZES)
    model = MLP(2, SIZES, seed=SEED)  # the same starting numbers as micro (see engine.autograd.nn)

    start = time.perf_counter()
    loss, inputs = sample_loss(model)
    built = time.perf_counter() - start
    tape = Tape(loss, inputs)
    layers = torch_model(torch, model) if torch is not None else None
    X = torch.tensor(points, dtype=torch.float64) if torch is not None else None
    y = torch.tensor(labels, dtype=torch.float64) if torch is not None else None

    # the losses agree before anything is timed
    ours = tape.run(batch, reduce="mean").loss
    theirs = micrograd_step(micro, points, labels)
    assert abs(ours - theirs) <= 1e-10 * abs(theirs), (ours, theirs)
    if torch is not None:
        assert abs(torch_step(torch, layers, X, y) - ours) <= 1e-10 * abs(ours)

    freeze_setup()
    compile_s = compare({"compile": lambda: Tape(loss, inputs)}, repeat)["compile"]

    t = compare({"micrograd": lambda: micrograd_step(micro, points, labels)}, max(repeat // 2, 2))
    t.update(compare({"tape": lambda: tape.run(batch, reduce="mean")}, 20 * repeat))
    rows = [[f"data-loss step (forward + backward), {len(points)} moons, MLP(2, {SIZES})",
             f"{t['micrograd'] * 1e3:.1f} ms", f"{t['tape'] * 1e3:.3f} ms",
             f"{t['micrograd'] / t['tape']:.0f}x"]]
    print(table("engine.autograd.tape vs micrograd 0.1.0 (medians)", rows,
                ["benchmark", "micrograd", "tape", "speed-up"]))

    if torch is not None:
        t.update(compare({"torch": lambda: torch_step(torch, layers, X, y),
                          "tape": lambda: tape.run(batch, reduce="mean")}, 20 * repeat))
        rows = [["the same step on batched float64 tensors (1 thread)",
                 f"{t['torch'] * 1e3:.3f} ms", f"{t['tape'] * 1e3:.3f} ms",
                 f"{t['tape'] / t['torch']:.2f}x torch's time"]]
        print(table("engine.autograd.tape vs torch (medians)", rows,
                    ["benchmark", "torch", "tape", "tape / torch"]))
    else:
        print("\ntorch is not installed: skipping the comparison with batched torch tensors")

    train_times, losses = [], []
    start_values = [p.data for p in model.parameters()]
    for _ in range(max(repeat // 2, 2)):
        for p, v in zip(model.parameters(), start_values, strict=True):
            p.data = v
        train_times.append(timed(lambda: losses.append(train(tape, model, batch))))
    train_s = sorted(train_times)[len(train_times) // 2]
    rows = [
        ["build one sample's graph (scalar Values)", f"{built * 1e3:.1f} ms", ""],
        [f"compile it: {tape!r}", f"{compile_s * 1e3:.1f} ms", "50 ms"],
        [f"{TRAIN_STEPS} SGD steps (lr {LEARNING_RATE}): loss {losses[-1][0]:.3f} -> "
         f"{losses[-1][-1]:.3f}", f"{train_s:.2f} s", "2 s"],
        [f"the same {TRAIN_STEPS} steps with micrograd (estimated from one step)",
         f"{t['micrograd'] * TRAIN_STEPS:.0f} s", ""],
    ]
    print(table("compile and train (medians)", rows, ["what", "time", "budget"]))


if __name__ == "__main__":
    main()
