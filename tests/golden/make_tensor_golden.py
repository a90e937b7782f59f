"""Regenerate tensor_golden.json: what real torch prints for each tensor-level program.

Run from the repository root: ``python -m tests.golden.make_tensor_golden`` (needs
torch==2.13.0). torch runs on one thread, as the engine adds in the order of one thread. The
programs are tests/engine/torchlike/tensor_programs.py, our own code, never a user's.
"""

import contextlib
import io
import json
from pathlib import Path

from tests.engine.torchlike.tensor_programs import PROGRAMS

GOLDEN = Path(__file__).with_name("tensor_golden.json")


@contextlib.contextmanager
def one_thread(torch):
    """torch on one thread with its default dtype (float32), restored afterwards."""
    threads, default = torch.get_num_threads(), torch.get_default_dtype()
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float32)
    try:
        yield
    finally:
        torch.set_num_threads(threads)
        torch.set_default_dtype(default)


def run_in_torch(source):
    """The lines real torch prints for ``source``."""
    import torch

    out = io.StringIO()
    with one_thread(torch), contextlib.redirect_stdout(out):
        exec(compile(source, "<program>", "exec"), {"__name__": "__program__"})  # noqa: S102
    return out.getvalue().splitlines()


def main():
    entries = {name: {"source": source, "printed": run_in_torch(source)}
               for name, source in PROGRAMS.items()}
    GOLDEN.write_text(json.dumps(entries, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(entries)} programs to {GOLDEN.name}")


if __name__ == "__main__":
    main()
