"""Pasted forms: doctest prompts, notebook cells and glued statements, against Python's own
doctest parser and REPL (compile(..., "single")), with real torch where the code uses it."""

import builtins
import contextlib
import doctest
import io
import pickle

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from engine import InputError, evaluate
from engine.snippets import pasted

PARSER = doctest.DocTestParser()


def repl_lines(text, torch=None):
    """What the REPL prints for a doctest text's examples: each compiled as doctest does."""
    previous = torch.get_default_dtype() if torch else None
    if torch:
        torch.set_default_dtype(torch.float32)
    scope = {"__builtins__": builtins}
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            for example in PARSER.get_examples(text):
                # our own test texts, never user text
                exec(compile(example.source, "<doctest>", "single"), scope)
    finally:
        if torch:
            torch.set_default_dtype(previous)
    return out.getvalue().splitlines()


def cell_lines(text):
    """What a notebook cell shows: its printed text, then its last expression's repr."""
    import ast

    tree = ast.parse(text)
    scope = {"__builtins__": builtins}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        body, last = tree.body[:-1], tree.body[-1]
        exec(compile(ast.Module(body, []), "<cell>", "exec"), scope)
        if isinstance(last, ast.Expr) and not text.rstrip().endswith(";"):
            value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), scope)
            if value is not None:
                print(repr(value))
        else:
            exec(compile(ast.Module([last], []), "<cell>", "exec"), scope)
    return out.getvalue().splitlines()


PYTHON_DOCTESTS = [
    # `_` is the last value the REPL echoed
    ">>> 2 + 3\n5\n>>> _ * 10\n50\n>>> _\n50\n>>> x = 7\n>>> _ + x\n57\n",
    ">>> [1, 2]\n[1, 2]\n>>> None\n>>> print(_)\n[1, 2]\n>>> _.append(3)\n>>> _\n[1, 2, 3]\n",
    ">>> for i in range(3):\n...     i * 2\n...\n0\n2\n4\n>>> _ + 1\n5\n",
    ">>> import math\n>>> math.sqrt(16)\n4.0\n>>> round(_ / 3, 2)\n1.33\n>>> _ = 'mine'\n"
    ">>> 1\n1\n>>> _\n'mine'\n",
    ">>> x = [1, 2]\n>>> x\n[1, 2]\n>>> 'a' + 'b'\n'ab'\n",
    ">>> for i in range(3):\n...     i * 0.5\n...\n0.0\n0.5\n1.0\n>>> None\n>>> 1 < 2\nTrue\n",
    "Some prose first.\n\n    >>> print('hi'); 3\n    hi\n    3\n"
    "    >>> (1, 'two')\n    (1, 'two')\n",
    ">>> xs = [1.5, 2.5]\n>>> if sum(xs) > 3:\n...     max(xs)\n... else:\n...     min(xs)\n2.5\n",
    ">>> x = 3\n>>> x\n3\n>>> print(x); x * 2; None\n3\n6\n>>> 'it''s'\n'its'\n",
]


@pytest.mark.parametrize("text", PYTHON_DOCTESTS)
def test_doctest_text_echoes_what_the_repl_prints(text):
    runner = doctest.DocTestRunner()
    runner.run(PARSER.get_doctest(text, {}, "pasted", None, 0), out=lambda s: None)
    assert runner.failures == 0  # the text is a passing doctest: its outputs are the REPL's
    assert evaluate(text).printed == repl_lines(text)


TORCH_DOCTESTS = [
    # nn.L1Loss's docstring example, on tensors written out (as the tutorial writes them)
    """    Examples::

        >>> import torch
        >>> from torch import nn
        >>> loss = nn.L1Loss()
        >>> input = torch.tensor([[0.5, -1.0], [2.0, 0.25]], requires_grad=True)
        >>> target = torch.tensor([[1.0, 0.0], [1.5, 1.0]])
        >>> output = loss(input, target)
        >>> output.backward()
        >>> output
        tensor(0.6875, grad_fn=<MeanBackward0>)
        >>> input.grad
        tensor([[-0.2500, -0.2500],
                [ 0.2500, -0.2500]])
""",
    """>>> import torch
>>> import torch.nn as nn
>>> loss = nn.CrossEntropyLoss()
>>> input = torch.tensor([[1.0, 2.0, 0.5], [0.1, 0.2, 3.0]], requires_grad=True)
>>> target = torch.tensor([1, 2])
>>> loss(input, target)
>>> loss(input, target).item()
>>> input.shape
>>> input.dtype
>>> nn.MSELoss(reduction='sum')
>>> torch.nn.functional.mse_loss(input, torch.zeros(2, 3))
""",
    """>>> import torch
>>> x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
>>> y = (x ** 2).sum()
>>> y.backward()
>>> x.grad
>>> with torch.no_grad():
...     x * 2
...
>>> [x.grad[i].item() for i in range(3)]
""",
]


@pytest.mark.torch
@pytest.mark.parametrize("text", TORCH_DOCTESTS)
def test_torch_doctest_text_echoes_what_the_repl_prints_with_torch(torch, text):
    expected = repl_lines(text, torch)
    assert expected  # the examples echo something
    assert evaluate(text).printed == expected


def _code_lines(text):
    # doctest leaves out examples that are only a comment
    return [line for line in text.split("\n") if line.strip() and not line.startswith("#")]


@pytest.mark.torch
def test_the_prompts_of_torchs_loss_docstrings_leave_the_code_doctest_finds(torch):
    checked = 0
    for name in dir(torch.nn):
        doc = getattr(getattr(torch.nn, name), "__doc__", None) or ""
        if not name.endswith("Loss") or ">>>" not in doc:
            continue
        form = pasted.unprompt(doc)
        assert form.doctest
        assert len(form.code.split("\n")) == len(doc.split("\n"))  # every line keeps its number
        sources = "".join(e.source for e in PARSER.get_examples(doc))
        assert _code_lines(form.code) == _code_lines(sources)
        checked += 1
    assert checked >= 15


def test_prompts_inside_a_string_of_code_that_parses_are_left_alone():
    text = 's = """\n>>> x = 1\n"""\nprint(s)'
    assert not pasted.unprompt(text).doctest
    assert evaluate(text).printed == ["", ">>> x = 1", ""]


def test_an_error_in_a_doctest_names_the_pasted_line_and_column():
    text = "Example:\n\n    >>> x = 1\n    >>> y = x +* 2\n    3\n"
    with pytest.raises(InputError) as info:
        evaluate(text)
    err = info.value
    assert err.key == "input.syntax"
    assert err.line == 4 and text.split("\n")[3][err.col - 1] == "*"
    text = ">>> import torch\n>>> t = torch.ones(2)\n>>> t + torch.ones(3)\n"
    with pytest.raises(InputError) as info:
        evaluate(text)
    assert (info.value.line, info.value.col) == (3, 5)  # the `t` after the prompt


def test_a_refused_construct_in_a_doctest_is_placed_after_the_prompt():
    with pytest.raises(InputError) as info:
        evaluate(">>> x = 1\n>>> match x:\n...     case 1:\n...         pass\n")
    assert (info.value.line, info.value.col) == (2, 5)
    assert info.value.problems[0][:2] == (2, 5)


NOTEBOOK_CELLS = [
    "x = 3\nx * 2",
    "x = 3\nx * 2;",
    "xs = [1, 2]\nxs\nlen(xs)",
    "print('a')",
    "s = 'text'\ns",
    "t = (1, 2.5, 'x')\nt",
    "x = 1\nNone",
    "for i in range(2):\n    i\n",
    "x = 1.0\nx / 3  # a comment",
]


@pytest.mark.parametrize("text", NOTEBOOK_CELLS)
def test_a_notebook_cell_shows_its_last_expression(text):
    assert evaluate(text).printed == cell_lines(text)


@pytest.mark.torch
def test_a_notebook_cell_ending_in_a_tensor_shows_torchs_repr(torch):
    text = "import torch\nx = torch.tensor([0.5, 1.5], requires_grad=True)\n(x * 3).mean()"
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float32)
    try:
        expected = cell_lines(text)
    finally:
        torch.set_default_dtype(previous)
    assert evaluate(text).printed == expected == ["tensor(3., grad_fn=<MeanBackward0>)"]


# --- glued statements ---------------------------------------------------------------------------

GLUED_TUTORIAL = (
    "import torch\n"
    "from torch.nn import L1Lossinput=torch.tensor([1, 2, 3], dtype=torch.float32)"
    "target=torch.tensor([1, 2, 5], dtype=torch.float32)\n"
    "loss=L1Loss()result=loss(input,target)print(result)"
)
UNGLUED_TUTORIAL = (
    "import torch\n"
    "from torch.nn import L1Loss\n"
    "input=torch.tensor([1, 2, 3], dtype=torch.float32)\n"
    "target=torch.tensor([1, 2, 5], dtype=torch.float32)\n"
    "loss=L1Loss()\n"
    "result=loss(input,target)\n"
    "print(result)"
)


def test_the_tutorial_pages_glued_code_gets_a_repair_that_runs():
    with pytest.raises(InputError) as info:
        evaluate(GLUED_TUTORIAL)
    err = info.value
    assert err.key == "input.syntax" and err.line == 2
    assert err.repair == UNGLUED_TUTORIAL
    assert evaluate(err.repair).printed == ["tensor(0.6667)"]
    assert pickle.loads(pickle.dumps(err)).repair == UNGLUED_TUTORIAL


@pytest.mark.parametrize(("glued", "repaired"), [
    ("import torchx = torch.ones(2)", "import torch\nx = torch.ones(2)"),
    ("import torch.nn as nnloss_fn = nn.MSELoss()",
     "import torch.nn as nn\nloss_fn = nn.MSELoss()"),
    ("x = [1, 2]y = 'a'z = 3", "x = [1, 2]\ny = 'a'\nz = 3"),
    ("for i in range(2):\n    a = abs(i)b = a", "for i in range(2):\n    a = abs(i)\n    b = a"),
    ("lr = 0.01epochs = 5", "lr = 0.01\nepochs = 5"),
    ("print('a')print('b')", "print('a')\nprint('b')"),
    ("print(x)for i in range(2):print(i)", "print(x)\nfor i in range(2):print(i)"),
    ("y = [f(x)for x in xs]z = 1", "y = [f(x)for x in xs]\nz = 1"),
])
def test_glued_statements_are_split_where_one_place_makes_the_code_parse(glued, repaired):
    with pytest.raises(InputError) as info:
        evaluate(glued)
    assert info.value.repair == repaired


@pytest.mark.parametrize("source", [
    "x = 1e5y = 2",  # after 1 or after 1e5: both parse, so no guess
    "from math import tanhx = 1",  # tan + hx, or tanh + x
    "x = = 1",  # not glued at all
    "x = (1,\ny = 2",  # an open bracket, not a glue
    "for i in range(2) print(i)",
])
def test_no_repair_is_offered_when_the_guess_is_ambiguous_or_does_not_parse(source):
    with pytest.raises(InputError) as info:
        evaluate(source)
    assert info.value.key == "input.syntax" and info.value.repair is None


def test_doctest_text_and_code_that_parses_get_no_repair():
    with pytest.raises(InputError) as info:
        evaluate(">>> x = 1y = 2\n")
    assert info.value.repair is None
    with pytest.raises(InputError) as info:
        evaluate("x = undefined_name")
    assert info.value.repair is None
    assert pasted.repair_glued("x = 1\n", {}) is None


def test_a_long_glued_line_gives_up_within_its_parse_budget():
    text = "f()" * 6000
    assert pasted.repair_glued(text, {}) is None  # 5,999 glues: more than the parses allowed
    assert pasted.repair_glued("x = 1\n" + "(" * 5000 + "y", {}) is None


# --- random programs: the REPL's echo and a notebook's, against Python's own ------------------

_ATOMS = st.sampled_from(["a", "b", "c", "0", "3", "-2", "2.5", "'x'", "None", "True", "[]",
                          "(1, 'y')", "[1, 2]"])
_EXPRS = st.recursive(
    _ATOMS,
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "*", "==", "<"]), inner)
        .map(lambda p: f"({p[0]} {p[1]} {p[2]})"),
        st.lists(inner, max_size=3).map(lambda xs: f"[{', '.join(xs)}]"),
        inner.map(lambda e: f"len([{e}])"),
    ),
    max_leaves=5,
)
_STATEMENTS = st.one_of(
    st.tuples(st.sampled_from("abc"), _EXPRS).map(lambda p: f"{p[0]} = {p[1]}"),
    _EXPRS,
    _EXPRS.map(lambda e: f"print({e})"),
    st.tuples(_EXPRS, _EXPRS).map(lambda p: f"for i in range(2):\n    {p[0]}\n    {p[1]}"),
)
_PROGRAMS = st.lists(_STATEMENTS, min_size=1, max_size=5).map(
    lambda ss: ["a = 1", "b = 'text'", "c = [0.5]"] + ss)


def _python_runs(lines):
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # our generated test programs
            exec(compile("\n".join(lines), "<program>", "exec"), {"__builtins__": builtins})
    except Exception:  # noqa: BLE001 - a generated program Python refuses is not compared
        return False
    return True


def _as_doctest(lines):
    out = []
    for stmt in lines:
        first, *rest = stmt.split("\n")
        out.append(f">>> {first}")
        out.extend(f"... {line}" for line in rest)
        if rest:
            out.append("...")
    return "\n".join(out) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_PROGRAMS)
def test_random_doctests_echo_what_the_repl_prints(lines):
    assume(_python_runs(lines))
    text = _as_doctest(lines)
    assert evaluate(text).printed == repl_lines(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_PROGRAMS)
def test_random_cells_show_what_a_notebook_shows(lines):
    assume(_python_runs(lines))
    text = "\n".join(lines)
    assert evaluate(text).printed == cell_lines(text)


# --- torch's own loss docstrings, pasted -------------------------------------------------------

_FIXED = {  # torch.randn(...) of a docstring -> tensors written out, so both sides agree
    "torch.randn(3, 5, requires_grad=True)":
        "torch.tensor([[0.5, -1.25, 2.0, 0.0, -0.5], [1.5, 0.25, -2.0, 3.0, 0.75], "
        "[-0.125, 1.0, 0.5, -1.5, 2.5]], requires_grad=True)",
    "torch.randn(3, 5)":
        "torch.tensor([[0.0, -1.0, 1.5, 0.5, -0.25], [2.0, 0.5, -1.0, 2.5, 0.0], "
        "[0.25, 0.75, -0.5, -2.0, 1.0]])",
}


@pytest.mark.torch
@pytest.mark.parametrize("name", ["L1Loss", "MSELoss", "HuberLoss", "SmoothL1Loss"])
def test_torchs_loss_docstring_pasted_with_its_prompts_prints_what_torch_prints(torch, name):
    doc = getattr(torch.nn, name).__doc__
    for random_call, fixed in _FIXED.items():
        doc = doc.replace(random_call, fixed)
    # the docstring's namespace (torch, nn) first; the example's results echoed after it
    text = ">>> import torch\n>>> from torch import nn\n" + doc + \
        "\n    >>> output\n    >>> input.grad\n"
    expected = repl_lines(text, torch)
    assert expected[0].startswith("tensor(") and "grad_fn" in expected[0]
    assert evaluate(text).printed == expected


@pytest.mark.torch
def test_bce_with_logits_docstring_echoes_torchs_loss(torch):
    doc = torch.nn.BCEWithLogitsLoss.__doc__
    end = doc.index("criterion(output, target)")
    text = ">>> import torch\n" + doc[: doc.index("\n", doc.index("\n", end) + 1)] + "\n"
    expected = repl_lines(text, torch)
    assert expected == ["tensor(0.2014)"]
    assert evaluate(text).printed == expected


@pytest.mark.parametrize("preset", ["l1", "mse", "cross_entropy"])
def test_a_tutorial_scraped_onto_one_line_is_repaired_to_the_tutorial(preset):
    from lessons.corpus import PRESETS

    lines = [line for line in PRESETS[preset].splitlines() if line.strip()]
    glued = lines[0] + "\n" + "".join(lines[1:])  # as the tutorial's web page shows it
    with pytest.raises(InputError) as info:
        evaluate(glued)
    assert info.value.repair == "\n".join(lines)
    assert evaluate(info.value.repair).printed == evaluate(PRESETS[preset]).printed


def test_underscore_is_undefined_until_the_repl_echoes_a_value():
    with pytest.raises(InputError) as info:
        evaluate(">>> x = 1\n>>> _ + 1\n")
    assert (info.value.key, info.value.line) == ("run.undefined", 2)
    with pytest.raises(InputError):
        evaluate("x = 1\nx\n_\n")  # a script (or a cell's other lines) echoes nothing before
