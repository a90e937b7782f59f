"""Examples of the catalogue at every reduction, with options changed by name."""

from dataclasses import replace

from engine.losses import REDUCTIONS

from lessons.losses.catalogue import OPTIONS
from lessons.losses.state import PRESETS

CASES = [(name, r) for name in PRESETS for r in REDUCTIONS]


def example_state(preset, reduction="mean", **changes):
    """An example at a reduction, with fields (``input``, ``shape``...) and options changed."""
    options = {name: changes.pop(name) for name in list(changes) if name in OPTIONS}
    return replace(PRESETS[preset], reduction=reduction, **changes).with_options(**options)
