"""Regenerate float32_grads_golden.json: torch's float32 gradients of each program's leaves.

Run from the repository root: ``python -m tests.golden.make_float32_grads_golden`` (needs
torch==2.13.0). torch runs on one thread with float32 as its default dtype. The programs are
tests/engine/torchlike/float32_grad_cases.py, our own code, never a user's. Each gradient is
stored as the hex of its float32 bits, element by element.
"""

import json
from pathlib import Path

from tests.engine.torchlike.float32_grad_cases import PROGRAMS, bits, leaves
from tests.golden.make_tensor_golden import one_thread

GOLDEN = Path(__file__).with_name("float32_grads_golden.json")


def torch_grads(source):
    """Each leaf's gradient after real torch ran ``source``: name -> hex of the float32 bits."""
    import torch

    namespace = {"__name__": "__program__"}
    with one_thread(torch):
        exec(compile(source, "<program>", "exec"), namespace)  # noqa: S102
    return {name: bits(t.grad.reshape(-1).tolist()) for name, t in leaves(namespace).items()}


def main():
    golden = {name: {"source": source, "grads": torch_grads(source)}
              for name, source in PROGRAMS.items()}
    GOLDEN.write_text(json.dumps(golden, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(golden)} programs to {GOLDEN.name}")


if __name__ == "__main__":
    main()
