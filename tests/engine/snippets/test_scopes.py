"""global, nonlocal and del print what real Python prints, and fail with Python's errors."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import InputError, evaluate
from tests.engine.snippets.test_formatting import python_printed

PYTHON = [
    "count = 0\ndef inc():\n    global count\n    count += 1\n    return count\ninc()\n"
    "print(inc(), count)",
    "def make():\n    global made, other\n    made = 5\n    other = made * 2\nmake()\n"
    "print(made, other)",
    "x = 'module'\ndef outer():\n    x = 'outer'\n    def inner():\n        global x\n"
    "        return x\n    return inner()\nprint(outer())",
    "def counter():\n    n = 0\n    def inc(step=1):\n        nonlocal n\n        n += step\n"
    "        return n\n    return inc\nc = counter()\nc()\nc(5)\nprint(c(), counter()())",
    "def outer():\n    a = 1\n    def middle():\n        def inner():\n            nonlocal a\n"
    "            a = a * 10\n        inner()\n        inner()\n    middle()\n    return a\n"
    "print(outer())",
    "history = []\ndef train(steps):\n    global lr\n    for i in range(steps):\n"
    "        history.append(lr)\n        lr = lr / 2\nlr = 1.0\ntrain(3)\nprint(lr, history)",
    "global g\ng = 3\nprint(g)",
    # del of names, items, slices and attributes
    "x = 1\ny = 2\ndel x, y\nx = 3\nprint(x)",
    "d = {'a': 1, 'b': 2, 'c': 3}\ndel d['a']\ndel d['b'], d['c']\nprint(d)",
    "xs = list(range(8))\ndel xs[0]\ndel xs[-1]\ndel xs[1:3]\ndel xs[::2]\nprint(xs)",
    "class A:\n    k = 1\na = A()\na.x = 1\na.y = 2\ndel a.x\nprint(a.y)\ndel A.k\n"
    "a.k = 5\nprint(a.k)",
    "(a, b), c = (1, 2), 3\ndel (a, b), [c]\na = 'again'\nprint(a)",
    "def f():\n    v = 1\n    del v\n    v = 2\n    return v\nprint(f())",
    "x = 1\ndef f():\n    global x\n    del x\nf()\nprint('x' in str([1]), 'deleted')",
    # and the errors, caught as Python's
    "try:\n    del nothing\nexcept NameError as e:\n    print(e)",
    "def f():\n    del v\ntry:\n    f()\nexcept UnboundLocalError as e:\n    print(e)",
    "d = {}\ntry:\n    del d['k']\nexcept KeyError as e:\n    print(repr(e))",
    "xs = [1]\ntry:\n    del xs[3]\nexcept IndexError as e:\n    print(e)",
    "t = (1, 2)\ntry:\n    del t[0]\nexcept TypeError as e:\n    print(e)",
    "class A:\n    pass\na = A()\na.x = 1\ndel a.x\ntry:\n    del a.x\n"
    "except AttributeError as e:\n    print(e)",
    "class A:\n    x = 1\ndel A.x\ntry:\n    del A.x\nexcept AttributeError as e:\n    print(e)",
]


@pytest.mark.parametrize("source", PYTHON)
def test_scopes_and_del_print_what_python_prints(source):
    assert evaluate(source).printed == python_printed(source)


def python_syntax_error(source):
    try:
        compile(source, "<test snippet>", "exec")  # our own test text, to read Python's words
    except SyntaxError as err:
        return err.msg, err.lineno
    raise AssertionError("Python compiles it")


@pytest.mark.parametrize("source", [
    "nonlocal x",
    "def f():\n    nonlocal x",
    "def f(x):\n    global x",
    "def f(x):\n    def g():\n        nonlocal y\n    return g",
    "def f(*args):\n    nonlocal args",
    "def f():\n    x = 1\n    global x",
    "def f():\n    print(x)\n    global x",
    "def f():\n    x = 1\n    def g():\n        x = 2\n        nonlocal x",
    "y = 1\ndef f():\n    nonlocal y",
])
def test_declarations_python_refuses_are_refused_with_its_words(source):
    with pytest.raises(InputError) as info:
        evaluate(source)
    assert (info.value.message, info.value.line) == python_syntax_error(source)
    assert info.value.message_in("zh") != info.value.message


def test_a_deleted_name_is_no_longer_a_variable_of_the_evaluation():
    ev = evaluate("x = 1\ny = 2\ndel x\n")
    assert "x" not in ev.names and ev.names["y"] == 2


@pytest.mark.parametrize("source, key, line", [
    ("x = 1\ndel x\nprint(x)", "run.undefined", 3),
    ("def f():\n    del v\nf()", "run.unbound_local", 2),
    ("t = (1,)\ndel t[0]", "run.del_item", 2),
    ("import torch\nt = torch.ones(2)\ndel t.data", "run.del_attribute", 3),
    ("ValueError.x = 1", "run.immutable_type", 1),
])
def test_an_uncaught_del_error_names_its_line(source, key, line):
    with pytest.raises(InputError) as info:
        evaluate(source)
    assert (info.value.key, info.value.line) == (key, line)


# --- property: random programs of global, nonlocal and del against real Python -------------------

STEPS = st.sampled_from([
    "total += k", "total = total * 2", "count += 1", "del d[k % 3]", "d[k % 3] = k",
    "xs.append(k)", "del xs[0]", "del xs[-1:]", "seen = k", "del seen",
])


@st.composite
def scope_programs(draw):
    body = draw(st.lists(STEPS, min_size=1, max_size=5))
    uses_seen = any("seen" in b for b in body)
    lines = ["total = 1", "count = 0", "d = {0: 'a', 1: 'b', 2: 'c'}", "xs = [0, 1, 2]",
             "def outer(n):", "    count = 0", "    def step(k):", "        global total",
             "        nonlocal count"]
    if uses_seen:
        lines.append("        seen = None")
    lines += [f"        {b}" for b in body]
    lines += ["        return k", "    for k in range(n):", "        try:", "            step(k)",
              "        except (KeyError, IndexError, NameError) as e:",
              "            print('error', repr(e))", "    return count",
              f"print(outer({draw(st.integers(0, 6))}), total, sorted(d.items()), xs)"]
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None)
@given(scope_programs())
def test_random_programs_of_scopes_match_python(source):
    assert evaluate(source).printed == python_printed(source)
