"""Regenerate tutorials.json: what real torch prints and leaves for each snippet of the public
tutorial corpus (lessons/tutorials).

Run from the repository root: ``python -m tests.golden.make_tutorials_golden`` (needs
torch==2.13.0 and micrograd). torch runs on one thread with its default dtype, as the other
golden scripts run it. A snippet runs as a learner pastes it: a docstring example (``>>> ``
prompts) through the REPL, each statement compiled as the REPL compiles it so every expression
statement is echoed, and other code as a notebook cell, whose last bare expression is shown.
``micrograd`` is the real micrograd. Recorded per snippet: the printed lines, the error torch
raised if it raised one (such a snippet does not run in CPU torch), and the final state of every
named tensor, module parameter and micrograd Value (``snapshot``). This is a development tool:
it executes the corpus, public code we chose, never a user's.
"""

import ast
import builtins
import contextlib
import io
import json
import math
import random
import re
import sys
import types
from pathlib import Path

from lessons.tutorials import TUTORIALS
from tests.golden.make_tensor_golden import one_thread

GOLDEN = Path(__file__).with_name("tutorials.json")
PROMPT = re.compile(r"^\s*(>>>|\.\.\.)(?: |$)")
WHOLE = 64  # tensors up to this many elements are recorded element by element
HEAD = 8  # larger ones by their sum, their sum of magnitudes and their first elements


def doctest_code(code):
    """The code of a docstring example: prompted lines without prompts, other lines blank."""
    lines = []
    for line in code.split("\n"):
        match = PROMPT.match(line)
        lines.append(line[match.end():] if match else "")
    return "\n".join(lines)


def is_doctest(code):
    """Whether ``code`` is a docstring example (it has ``>>>`` prompts)."""
    return any(line.lstrip().startswith(">>>") for line in code.split("\n"))


def _run(code, scope):
    """Run ``code`` as the REPL (doctest) or a notebook cell runs it."""
    if is_doctest(code):
        for statement in ast.parse(doctest_code(code)).body:
            tree = ast.Interactive(body=[statement])
            exec(compile(tree, "<doctest>", "single"), scope)  # noqa: S102 - our corpus
        return
    tree = ast.parse(code)
    last = tree.body[-1] if tree.body else None
    shown = isinstance(last, ast.Expr) and not code.rstrip().endswith(";")
    body = ast.Module(body=tree.body[:-1] if shown else tree.body, type_ignores=[])
    exec(compile(body, "<cell>", "exec"), scope)  # noqa: S102 - our corpus
    if shown:
        value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), scope)  # noqa: S307
        if value is not None:
            print(repr(value))


def flat(values):
    """A nested list's numbers in order."""
    if isinstance(values, list):
        return [x for v in values for x in flat(v)]
    return [values]


def tensor_record(values, grad):
    """A tensor's values and gradient (nested lists, or None), as the golden file keeps them."""
    record = {}
    for key, data in (("values", values), ("grad", grad)):
        if data is None:
            record[key] = None
            continue
        numbers = flat(data)
        if len(numbers) <= WHOLE:
            record[key] = numbers
        else:
            record[key] = {"n": len(numbers), "sum": math.fsum(numbers),
                           "abs_sum": math.fsum(abs(x) for x in numbers), "head": numbers[:HEAD]}
    return record


def snapshot(names, tensor_type, module_type, value_type):
    """Every named tensor, module parameter and Value: name -> record (see tensor_record)."""
    out = {}
    for name, obj in names.items():
        if name.startswith("_"):
            continue
        if isinstance(obj, tensor_type):
            grad = obj.grad if obj.is_leaf else None
            out[name] = {"dtype": str(obj.dtype), "shape": list(obj.shape),
                         **tensor_record(obj.tolist(), None if grad is None else grad.tolist())}
        elif isinstance(obj, module_type):
            for pname, p in obj.named_parameters():
                grad = None if p.grad is None else p.grad.tolist()
                out[f"{name}.{pname}"] = {"dtype": str(p.dtype), "shape": list(p.shape),
                                          **tensor_record(p.tolist(), grad)}
        elif isinstance(obj, value_type):
            out[name] = {"data": obj.data, "grad": obj.grad}
    return out


def pyplot_recorder():
    """Without matplotlib, a ``matplotlib.pyplot`` whose functions draw and print nothing."""
    pyplot = types.ModuleType("matplotlib.pyplot")

    def draw(name):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: None

    pyplot.__getattr__ = draw
    package = types.ModuleType("matplotlib")
    package.pyplot = pyplot
    return {"matplotlib": package, "matplotlib.pyplot": pyplot}


def _has_matplotlib():
    try:
        import matplotlib.pyplot  # noqa: F401
    except ImportError:
        return False
    return True


def run_tutorial(torch, code):
    """What real torch prints and leaves for one snippet, and the error it raised (or None)."""
    import micrograd.engine

    out, error = io.StringIO(), None
    scope = {"__builtins__": builtins, "__name__": "__main__"}
    state = random.getstate()
    modules = dict(sys.modules)
    if "import matplotlib" in code and not _has_matplotlib():
        sys.modules.update(pyplot_recorder())  # plots print nothing either way
    with one_thread(torch), contextlib.redirect_stdout(out):
        torch.manual_seed(0)  # only the draws of a snippet that seeds nothing depend on it
        try:
            _run(code, scope)
        except Exception as exc:  # noqa: BLE001 - torch's own error is what is recorded
            error = f"{type(exc).__name__}: {exc}"
    random.setstate(state)
    for name in set(sys.modules) - set(modules):
        if name.startswith("matplotlib"):
            del sys.modules[name]
    return {"printed": out.getvalue().splitlines(), "error": error,
            "names": snapshot(scope, torch.Tensor, torch.nn.Module, micrograd.engine.Value)}


def main():
    import torch

    entries = {}
    for key, tutorial in TUTORIALS.items():
        entries[key] = {"source": tutorial.source, "code": tutorial.code,
                        **run_tutorial(torch, tutorial.code)}
        print(key, entries[key]["error"] or "", flush=True)
    GOLDEN.write_text(json.dumps({"torch": torch.__version__, "tutorials": entries}, indent=1,
                                 ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(entries)} snippets to {GOLDEN.name}")


if __name__ == "__main__":
    main()
