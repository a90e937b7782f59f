"""Examples of the catalogue at every reduction, with options changed by name."""

from dataclasses import replace

from engine.losses import REDUCTIONS

from lessons.losses.catalogue import OPTIONS
from lessons.losses.state import PRESETS

CASES = [(name, r) for name in PRESETS for r in REDUCTIONS]
# runs programs in real torch, one after another: what each prints, or why torch refused it
RUNNER = """
import contextlib, io, json, runpy, sys
outputs = []
for path in sys.argv[1:]:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        try:
            runpy.run_path(path)
        except (ValueError, RuntimeError) as err:
            print("refused:", err)
    outputs.append(buffer.getvalue())
print(json.dumps(outputs))
"""


def example_state(preset, reduction="mean", **changes):
    """An example at a reduction, with fields (``input``, ``shape``...) and options changed."""
    options = {name: changes.pop(name) for name in list(changes) if name in OPTIONS}
    return replace(PRESETS[preset], reduction=reduction, **changes).with_options(**options)
