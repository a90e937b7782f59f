"""Examples of the catalogue at every reduction, with options changed by name."""

import json
import subprocess
import sys
from dataclasses import replace

from lessons.losses.catalogue import OPTIONS
from lessons.losses.state import PRESETS, numbers

CASES = [(name, r) for name, state in PRESETS.items() for r in state.spec.reductions]
_RUNNER = """
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


def printed_by_torch(tmp_path, programs):
    """Run each program in real torch, one after another in one process: what each prints, or
    ``refused: ...`` where torch raised."""
    paths = []
    for i, program in enumerate(programs):
        paths.append(tmp_path / f"program_{i}.py")
        paths[-1].write_text(program)
    run = subprocess.run([sys.executable, "-c", _RUNNER, *map(str, paths)], capture_output=True,
                         text=True, check=True)
    return json.loads(run.stdout)


def torch_loss(torch, state, requires_grad=False):
    """The state's loss computed by real torch in float64, and its input tensor (the first)."""
    x = torch.tensor(numbers(state.input), requires_grad=requires_grad)
    if state.spec.layout == "sequence":  # the scores' log_softmax against one row of labels
        labels = torch.tensor([int(c) for c in state.target[0]])
        lengths = (len(state.input),), (len(state.target[0]),)
        return x, _module(torch, state)(x.log_softmax(1), labels, *lengths)
    if state.spec.layout == "triples":
        tensors = [torch.tensor([row[0] for row in numbers(getattr(state, a.table))])
                   if a.column else torch.tensor(numbers(getattr(state, a.table)))
                   for a in state.spec.inputs]
        x = tensors[0].requires_grad_(requires_grad)
        return x, _module(torch, state)(*tensors)
    if state.index_target:
        y = torch.tensor([int(r[0]) for r in state.target])
    elif state.integer_target:
        y = torch.tensor([[int(c) for c in r] for r in state.target])
    else:
        y = torch.tensor(numbers(state.target))
    if not state.classes and state.shape:
        x_in, y = x.reshape(state.shape), y.reshape(state.shape)
    else:
        x_in = x
    _, call = _keywords(torch, state)
    return x, _module(torch, state)(x_in, y, **call)


def _keywords(torch, state):
    """The torch module's keywords and the call's, for every option the catalogue gives it."""
    kwargs, call = {"reduction": state.reduction}, {}
    for name in state.spec.options:  # every option the catalogue gives the loss, by torch's name
        option, value = OPTIONS[name], state.get(name)
        if not option.argument or (option.kind == "vector" and value is None):
            continue
        value = torch.tensor(value) if option.kind == "vector" else value
        (call if option.call else kwargs)[option.torch_name] = value
    return kwargs, call


def _module(torch, state):
    return getattr(torch.nn, state.loss)(**_keywords(torch, state)[0])
