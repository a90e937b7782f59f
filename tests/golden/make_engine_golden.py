"""Run torch on the engine's reference cases and write the golden files the tests read.

    python -m tests.golden.make_engine_golden

writes, next to this script:
- ``engine_golden.json``: the issue's edge cases and seeded random expression graphs (every
  node's value and gradient), and every op on a grid of IEEE special values, with its
  parameters at their defaults and at other values (output and gradient per operand);
- ``engine_optim_golden.json``: torch.optim's trajectories on the small problem of
  ``tests/engine/optim_problem.py``.

Floats are stored as JSON numbers, except inf and nan, stored as the strings "inf", "-inf",
"nan". Needs torch==2.13.0.
"""

import json
from pathlib import Path

import torch

from engine.autograd.ops import OPS
from tests.engine import optim_problem
from tests.engine.programs import (
    EDGE_CASES,
    encode,
    grid,
    parameter_sets,
    random_program,
    run_torch,
    torch_op,
)

HERE = Path(__file__).resolve().parent
RANDOM_SEEDS = range(300)


def _encoded(xs):
    return [encode(x) for x in xs]


def _program_entry(name, program):
    values, grads = run_torch(torch, program)
    return {"name": name, "program": program, "values": _encoded(values),
            "grads": _encoded(grads)}


def engine_golden():
    """Edge cases, random graphs and the op grid, as torch computes them."""
    ops = {}
    for name in sorted(OPS):
        rows = []
        for kwargs in parameter_sets(name):
            for xs in grid(name):
                result = torch_op(torch, name, xs, kwargs)
                rows.append({"args": _encoded(xs), "kwargs": kwargs,
                             "torch": None if result is None else _encoded(result)})
        ops[name] = rows
    return {
        "torch": torch.__version__,
        "edge_cases": [_program_entry(name, p) for name, p in EDGE_CASES.items()],
        "random": [_program_entry(f"seed {s}", random_program(s)) for s in RANDOM_SEEDS],
        "ops": ops,
    }


def optim_golden():
    """torch.optim's trajectory for every configuration of the optimizer tests."""
    return {
        "torch": torch.__version__,
        "trajectories": [
            {"optimizer": name, "kwargs": kwargs,
             "path": optim_problem.torch_trajectory(torch, name, kwargs)}
            for name, kwargs in optim_problem.CONFIGS
        ],
    }


def _write(name, data):
    path = HERE / name
    path.write_text(json.dumps(data, indent=None, separators=(",", ":")) + "\n")
    print(f"wrote {path.name} ({path.stat().st_size // 1024} KiB)")


def main():
    """Write both golden files."""
    torch.set_default_dtype(torch.float64)
    _write("engine_golden.json", engine_golden())
    _write("engine_optim_golden.json", optim_golden())


if __name__ == "__main__":
    main()
