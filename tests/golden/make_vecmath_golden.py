"""Regenerate vecmath_golden.json: torch's float32 kernels that engine.torchlike.vecmath rewrites.

Run from the repository root: ``python -m tests.golden.make_vecmath_golden`` (needs
torch==2.13.0 on an x86-64 CPU with AVX512, where torch runs SLEEF's 16-lane kernels). Each case
names a function, a kind of input, a size and a thread count (tests/engine/torchlike/
vecmath_cases.py makes the inputs); up to 64 elements the outputs are stored as the hex of their
bits, larger outputs as the SHA-256 of their bytes.
"""

import hashlib
import json
from pathlib import Path

from tests.engine.torchlike.vecmath_cases import as_hex, golden_cases, inputs, torch_call

GOLDEN = Path(__file__).with_name("vecmath_golden.json")
WHOLE = 64  # outputs up to this size are stored element by element


def recorded(values):
    """What the golden file keeps of an output: its bits, or a hash of them."""
    if values.size <= WHOLE:
        return as_hex(values)
    return "sha256:" + hashlib.sha256(values.tobytes()).hexdigest()


def main():
    import torch

    assert torch.backends.cpu.get_cpu_capability() == "AVX512", "record on an AVX512 machine"
    golden = {}
    for name, (function, kind, n, threads) in golden_cases().items():
        torch.set_num_threads(threads)
        golden[name] = recorded(torch_call(torch, function, inputs(kind, n)))
    GOLDEN.write_text(json.dumps(golden, indent=0, sort_keys=True) + "\n")
    print(f"wrote {len(golden)} cases to {GOLDEN}")


if __name__ == "__main__":
    main()
