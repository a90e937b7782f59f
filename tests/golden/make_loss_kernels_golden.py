"""Regenerate loss_kernels_golden.json from real torch: every case of the loss-kernel grid.

Run from the repository root: ``python -m tests.golden.make_loss_kernels_golden``. For each
case of ``tests/engine/torchlike/loss_kernel_cases.py`` it records torch's loss, grad_fn and
the gradient of every floating array (the arrays themselves come from a generator seeded by
the case's id); for each refused call, that torch raised; and torch.sum of seeded float32
and float64 runs of many lengths. float32 numbers are written with their shortest float32
digits, which read back to the same float32.
"""

import json
from pathlib import Path

import numpy as np

from tests.engine.torchlike.loss_kernel_cases import bad_cases, cases, torch_run

GOLDEN = Path(__file__).with_name("loss_kernels_golden.json")
SUM_LENGTHS = list(range(1, 130)) + [255, 256, 257, 511, 512, 513, 1000, 2047, 2048, 2049, 3000]


def plain(a):
    """An array as nested lists of numbers (None stays None)."""
    if a is None:
        return None
    a = np.asarray(a)
    if a.dtype == np.float32:
        return np.vectorize(lambda v: float(str(v)), otypes=[object])(a).tolist() \
            if a.ndim else float(str(a[()]))
    return a.tolist()


def sum_runs(dtype):
    """The seeded runs torch.sum is recorded on, by length."""
    rng = np.random.default_rng(20260)
    return {n: (rng.standard_normal(n) * 10).astype(dtype) for n in SUM_LENGTHS}


def main():
    import torch

    record = {"torch": torch.__version__, "cases": {}, "errors": {}, "sums": {}}
    for case_id, name, arrays, options in cases():
        out, grads, grad_fn = torch_run(torch, name, arrays, options)
        record["cases"][case_id] = {"out": plain(out), "grads": [plain(g) for g in grads],
                                    "grad_fn": grad_fn}
    for case_id, name, arrays, options in bad_cases():
        try:
            torch_run(torch, name, arrays, options)
        except (RuntimeError, ValueError, TypeError, IndexError) as exc:
            record["errors"][case_id] = type(exc).__name__
        else:
            record["errors"][case_id] = None
    for dtype in ("float32", "float64"):
        record["sums"][dtype] = {
            str(n): plain(torch.from_numpy(a).sum().numpy()) for n, a in sum_runs(dtype).items()}
    GOLDEN.write_text(json.dumps(record, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
