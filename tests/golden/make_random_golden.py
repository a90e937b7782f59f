"""Regenerate random_golden.json: the numbers torch's CPU generator draws, bit for bit.

Run from the repository root: ``python -m tests.golden.make_random_golden`` (needs
torch==2.13.0). Each case is a seed and a sequence of calls; its numbers are stored, one line a
case, as the hex of their IEEE bits (floats) or as integers, so the comparison is exact.
"""

import json
from pathlib import Path

from tests.engine.torchlike.random_cases import CASES, torch_draw

GOLDEN = Path(__file__).with_name("random_golden.json")


def main():
    import torch

    torch.set_num_threads(1)
    golden = {name: " ".join(map(str, torch_draw(torch, case))) for name, case in CASES.items()}
    GOLDEN.write_text(json.dumps(golden, indent=0, sort_keys=True) + "\n")
    print(f"wrote {len(CASES)} cases to {GOLDEN}")


if __name__ == "__main__":
    main()
