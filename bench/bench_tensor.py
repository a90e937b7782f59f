"""The tensor level against torch: "Learning PyTorch with Examples" (a cubic fit of sin(x), 2,000
points, 2,000 steps) with hand-written gradients and with autograd, and a 2-16-16-1
nn.Sequential trained 500 SGD steps on 100 points, through ``evaluate`` (the interpreter
included), side by side with torch on one thread in the same process.

    python -m bench.bench_tensor            # 5 runs each, medians
    python -m bench.bench_tensor --quick    # 3 runs each

Also the peak memory (tracemalloc) of one evaluation.
"""

import contextlib
import io
import tracemalloc

from bench.harness import compare, freeze_setup, optional_torch, repeats, table
from engine import evaluate
from engine.snippets.interpreter import Limits
from lessons.corpus import LEARNING_PYTORCH

TARGET_RATIO = 3.0
# issue 11's network benchmark: a 2-16-16-1 nn.Sequential, 500 SGD steps on 100 points
SEQUENTIAL = """\
import torch
import torch.nn as nn
torch.manual_seed(0)
x = torch.randn(100, 2)
y = (x[:, :1] * x[:, 1:] > 0).float()
model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 1))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.MSELoss()
for step in range(500):
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
print(loss.item())
"""
PROGRAMS = {**LEARNING_PYTORCH, "sequential_2_16_16_1": SEQUENTIAL}
# the seed course's convolution network, forward and backward on 2 images (64 are past the
# bounds): timed beside torch, without a target (torch's oneDNN convolution is its fastest path)
CONVNET = """\
import torch
import torch.nn as nn
torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(3, 32, 5, padding=2), nn.MaxPool2d(2),
                      nn.Conv2d(32, 32, 5, padding=2), nn.MaxPool2d(2),
                      nn.Conv2d(32, 64, 5, padding=2), nn.MaxPool2d(2),
                      nn.Flatten(), nn.Linear(1024, 64), nn.Linear(64, 10))
output = model(torch.ones((2, 3, 32, 32)))
output.sum().backward()
print(output.shape)
"""
MEASURED_ONLY = {"course_convnet_2_images": CONVNET}
ROOMY = Limits(seconds=120)  # the bound under measure here is the time itself


def _torch_run(source):
    def run():
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(source, "<tutorial>", "exec"), {"__name__": "__tutorial__"})  # noqa: S102
    return run


def _peak_mb(source):
    tracemalloc.start()
    evaluate(source, ROOMY, seed=0, level="tensor")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main():
    """Print the table; the exit status says whether every ratio met the target."""
    repeat = repeats(__doc__, full=5, quick=3)
    torch = optional_torch()
    if torch is not None:
        torch.set_num_threads(1)
    freeze_setup()
    rows = []
    ok = True
    for name, source in (PROGRAMS | MEASURED_ONLY).items():
        contenders = {"ours": lambda s=source: evaluate(s, ROOMY, seed=0, level="tensor")}
        if torch is not None:
            contenders["torch"] = _torch_run(source)
        medians = compare(contenders, repeat=repeat)
        ours = medians["ours"]
        ratio = ours / medians["torch"] if torch is not None else float("nan")
        ok = ok and (ratio <= TARGET_RATIO or name in MEASURED_ONLY)
        rows.append((name, f"{ours * 1000:.0f}",
                     f"{medians['torch'] * 1000:.0f}" if torch is not None else "-",
                     f"{ratio:.1f}x", f"{_peak_mb(source):.1f}"))
    print(table(f"evaluate(level='tensor') vs torch (1 thread): medians of {repeat} runs "
                f"(target {TARGET_RATIO:g}x)", rows,
                ("program", "ours ms", "torch ms", "ratio", "peak MB")))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
