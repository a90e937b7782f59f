"""The Explore page's model: what a link's code becomes."""

import contextlib
import functools
import io
import json
import pickle

import numpy as np
import pytest

import engine
from engine import InputError, evaluate
from engine.autograd.graph import value_count
from engine.snippets.interpreter import Limits
from lessons.corpus import LOSSES
from lessons.explore import (
    MAX_CODE_CHARS,
    MAX_TRACED_VALUES,
    analyse,
    linked_code,
    pinned,
    seed_of,
)
from tests.engine.torchlike.tensor_programs import POLY_FIT, POLY_FIT_AUTOGRAD


def test_a_link_without_code_opens_the_default():
    assert linked_code(None, "print(1)") == ("print(1)", False)


def test_windows_line_ends_become_newlines():
    assert linked_code("a = 1\r\nprint(a)\r\n", "") == ("a = 1\nprint(a)\n", False)


def test_code_over_the_interpreters_limit_is_cut_to_what_it_accepts():
    code, cut = linked_code("print(1)\n" + "#" * MAX_CODE_CHARS, "")
    assert cut and len(code) == MAX_CODE_CHARS
    assert evaluate(code).printed == ["1"]  # the cut code is within the interpreter's bound
    try:
        evaluate(code + "#")
    except InputError as err:
        assert "characters long" in err.message
    else:
        raise AssertionError("one more character should cross the interpreter's limit")


def test_one_seed_per_code_text_and_pinning_keeps_the_numbers():
    code = "import torch\nimport torch.nn as nn\n# draw\nx = torch.randn(2)\nprint(x)\n"
    first, again = analyse(code), analyse(code)
    assert first.seed == seed_of(code) and first.printed == again.printed
    assert analyse(code + "\n").seed != first.seed
    fixed = pinned(code, first.seed)
    assert fixed.splitlines()[2] == f"torch.manual_seed({first.seed})"
    assert analyse(fixed).printed == first.printed and analyse(fixed).seed is None
    assert pinned("x = torch.rand(1)\n", 3).startswith("import torch\ntorch.manual_seed(3)\nx =")


def test_pinning_seeds_pythons_random_and_numpy_too():
    code = ("import random\nimport numpy as np\nimport torch\n"
            "print(random.random(), np.random.rand(), torch.rand(1))\n")
    first = analyse(code)
    assert first.seed == seed_of(code) and analyse(code).printed == first.printed
    fixed = pinned(code, first.seed)
    assert fixed.splitlines()[3:6] == [f"torch.manual_seed({first.seed})",
                                       f"random.seed({first.seed})",
                                       f"np.random.seed({first.seed % 2**32})"]
    assert analyse(fixed).printed == first.printed and analyse(fixed).seed is None
    aliased = pinned("import torch as t\nimport random as r\nx = r.random()\n", 7)
    assert aliased.splitlines()[2:4] == ["t.manual_seed(7)", "r.seed(7)"]


def test_recorded_tensor_code_has_both_levels_graphs_with_torchs_gradients(torch):
    # the scalar graph of Values, and the grouped view: the tensor level's graph of the run the
    # scalar one was rerun from, with torch's grad_fn names and gradients
    code = LOSSES["cross_entropy_weight"]
    analysis = analyse(code)
    assert analysis.level == "scalar" and analysis.scalar is not None and analysis.has_groups
    graph = analysis.tensor
    assert analysis.layout("grouped") is analysis.tensor_layout
    assert json.loads(analysis.tensor_json)["nodes"] and analysis.json
    names = {n.name: n for n in graph.nodes}
    torch.set_default_dtype(torch.float32)
    env = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(code, env)  # noqa: S102 - our own corpus text
    assert names["loss"].grad_fn == type(env["loss"].grad_fn).__name__
    shown = len(names["scores"].grad)  # a preview: the first elements
    assert shown >= 6 and names["scores"].size == 9
    assert names["scores"].grad == tuple(env["scores"].grad.flatten().tolist()[:shown])
    assert names["scores"].values == tuple(env["scores"].detach().flatten().tolist()[:shown])


def test_micrograd_code_has_no_tensor_graph():
    analysis = analyse("x = Value(2.0)\ny = x * x + x\ny.backward()\nprint(x.grad)")
    assert analysis.tensor is None and not analysis.has_groups and not analysis.tensor_json


def test_a_glued_codes_problem_carries_its_repair():
    problem = analyse("import torch\nx = torch.ones(2)print(x)").problem
    assert problem.key == "input.syntax" and problem.line == 2
    assert problem.repair == "import torch\nx = torch.ones(2)\nprint(x)"
    assert analyse("x = = 1").problem.repair is None


def test_pythons_random_is_seeded_per_code_text_too():
    code = "import random\nprint(random.random(), random.randint(1, 100))\n"
    assert analyse(code).printed == analyse(code).printed
    assert evaluate(code).printed != evaluate(code).printed  # without a seed: Python's own


PLOTTING = ("import torch\nimport matplotlib.pyplot as plt\nx = torch.linspace(0, 1, 5)\n"
            "w = torch.tensor(2.0, requires_grad=True)\nloss = ((w * x - x) ** 2).mean()\n"
            "loss.backward()\nplt.plot(x, (w * x).detach(), label='fit')\nplt.title('fit')\n")


def test_the_codes_figures_travel_with_its_analysis_as_plain_data():
    analysis = analyse(PLOTTING)
    assert analysis.problem is None and analysis.scalar is not None
    (plot,) = analysis.plots
    assert plot.title == "fit" and plot.traces[0].label == "fit"
    assert plot.traces[0].y == (0.0, 0.5, 1.0, 1.5, 2.0)
    assert pickle.loads(pickle.dumps(analysis)).plots == analysis.plots


def test_figures_are_kept_without_a_graph_and_dropped_with_an_error():
    no_value = analyse("import matplotlib.pyplot as plt\nplt.bar(['a', 'b'], [1, 2])")
    assert no_value.scalar is None and len(no_value.plots) == 1
    failed = analyse("import matplotlib.pyplot as plt\nplt.plot([1])\nplt.imshow([[1]])")
    assert failed.problem.key == "plot.not_offered" and failed.plots == ()


# --- the tensor level ---------------------------------------------------------------------------

CUBIC_FIT = POLY_FIT_AUTOGRAD.format(steps=300, every=100, last=99)


def torch_printed(code):
    """What real torch prints for ``code`` (a tutorial program of the test corpus), in its
    default dtype, float32, whatever another test set."""
    torch = pytest.importorskip("torch")
    out, default = io.StringIO(), torch.get_default_dtype()
    torch.set_default_dtype(torch.float32)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, "<tutorial>", "exec"), {})  # noqa: S102 - the test's own code
    finally:
        torch.set_default_dtype(default)
    return out.getvalue().splitlines()


def test_a_program_past_the_scalar_bounds_gets_the_tensor_graph():
    a = analyse(CUBIC_FIT)
    assert a.problem is None and a.level == "tensor"
    # past the Values bound, or out of time before reaching it on a busy machine
    assert a.tensor_reason in ("values", "time") and a.untraced == 0
    assert list(a.printed) == torch_printed(CUBIC_FIT)
    root = a.tensor.nodes[a.tensor.root]
    assert (root.name, root.grad_fn, root.values) == ("loss", "SumBackward0", (1532.3486328125,))
    assert len(a.tensor_layout.x) == len(a.tensor.nodes)
    assert a.scalar is None and a.steps == () and a.checks is None  # they need the scalar graph
    assert json.loads(a.json)["nodes"][a.tensor.root]["grad_fn"] == "SumBackward0"
    assert repr(pickle.loads(pickle.dumps(a))) == repr(a)  # plain data: it leaves the sandbox
    assert not any(isinstance(x, np.ndarray) for n in a.tensor.nodes for x in vars(n).values())


def test_a_graph_past_the_tracing_bound_is_counted_and_drawn_on_the_tensor_level(monkeypatch):
    code = POLY_FIT_AUTOGRAD.format(steps=3, every=1, last=0)
    # time to count on a busy machine: past the time bound the reason would be "time"
    roomy = Limits(seconds=120)
    monkeypatch.setattr(engine, "evaluate", functools.partial(engine.evaluate, limits=roomy))
    ev = evaluate(code, roomy, level="scalar")
    a = analyse(code)
    assert a.level == "tensor" and a.tensor_reason == "count"
    assert a.untraced == value_count(ev.output) > MAX_TRACED_VALUES
    assert list(a.printed) == torch_printed(code)  # the tensor level's digits are torch's
    assert {n.grad_fn for n in a.tensor.nodes} >= {"SumBackward0", "PowBackward0"}


def test_code_out_of_time_on_values_runs_on_the_tensor_level(monkeypatch):
    from engine.snippets import interpreter

    run = interpreter._run

    def slow_values(tree, code, limits, seed, level, echoed):
        if level == "scalar":
            raise InputError("limit.seconds", 3, 1, {"limit": 3.0})
        return run(tree, code, limits, seed, level, echoed)

    monkeypatch.setattr(interpreter, "_run", slow_values)
    code = "import torch\nx = torch.ones(3, requires_grad=True)\ny = (x * 2).sum()\ny.backward()\n"
    a = analyse(code)
    assert (a.level, a.tensor_reason) == ("tensor", "time")
    assert [n.grad_fn for n in a.tensor.nodes if n.grad_fn] == ["MulBackward0", "SumBackward0"]


def test_values_past_the_bound_keep_their_scalar_graph_and_no_graph_says_so():
    values = ("import torch\nfrom micrograd.engine import Value\n"
              "x = torch.zeros(300, 300, requires_grad=True)\ny = (x * 2).sum()\ny.backward()\n"
              "v = Value(2.0)\nw = v * 3\nw.backward()\n")
    a = analyse(values)
    assert a.level == "scalar" and [n.name for n in a.scalar.values()] == ["v", "w"]
    a = analyse("import torch\nx = torch.ones(300, 300) * 2 + 1\nprint(x.sum())\n")
    assert (a.level, a.tensor, a.printed) == ("tensor", None, ("tensor(270000.)",))
    raw = POLY_FIT.format(steps=300, every=100, last=99)  # hand-written gradients: no history
    a = analyse(raw)
    assert (a.level, a.tensor, a.json) == ("tensor", None, "")
    assert list(a.printed) == torch_printed(raw)
