"""def and lambda: parameters, defaults, closures, recursion and no_grad, as real Python runs them;
bounded in depth and steps, and closed to the inside of Python."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import InputError, evaluate
from engine.snippets.interpreter import Limits
from tests.engine.snippets.test_formatting import python_printed


def error_of(source, **limits):
    with pytest.raises(InputError) as info:
        evaluate(source, Limits(**limits)) if limits else evaluate(source)
    return info.value


PROGRAMS = [
    "def f(x, y=2, *args, z=3, **kw):\n    return x + y + z + sum(args) + len(kw)\n"
    "print(f(1), f(1, 1, 1, 1, z=0, q=5), f(y=0, x=1), f(*[1, 2, 3], **{'z': 1, 'w': 2}))",
    "def f(a, /, b, *, c):\n    return (a, b, c)\nprint(f(1, 2, c=3), f(1, b=2, c=3))",
    "def show(*args, **kwargs):\n    print(args, kwargs)\nshow()\nshow(1, 'a', k=[1])",
    "def make(n):\n    def add(x):\n        return x + n\n    return add\nadd3 = make(3)\n"
    "print(add3(4), make(10)(1), (lambda a, b=1: a * b)(5), (lambda *a, **k: (a, k))(1, x=2))",
    "def fact(n):\n    return 1 if n <= 1 else n * fact(n - 1)\n"
    "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n"
    "print(fact(20), [fib(i) for i in range(12)])",
    "fs = [lambda: i for i in range(3)]\ngs = [lambda i=i: i for i in range(3)]\n"
    "print([f() for f in fs], [g() for g in gs])",
    "def counter():\n    counts = {'n': 0}\n    def tick():\n        counts['n'] += 1\n"
    "        return counts['n']\n    return tick\nt = counter()\nt()\nt()\nprint(t())",
    "def f(x, acc=[]):\n    acc.append(x)\n    return acc\nf(1)\nprint(f(2))",
    "def first_even(xs):\n    for x in xs:\n        if x % 2 == 0:\n            return x\n"
    "    return None\nprint(first_even([1, 3, 4, 6]), first_even([1]))",
    "def nothing():\n    pass\ndef early():\n    return\nprint(nothing(), early())",
    "x = 10\ndef read():\n    return x\nx = 20\nprint(read())",
    "def outer():\n    y = 1\n    def mid():\n        def inner():\n            return y * 2\n"
    "        return inner()\n    y = 5\n    return mid()\nprint(outer())",
    "square = lambda v: v ** 2\nprint(list(map_ for map_ in [square(2), square(3)]), "
    "sorted([3, -4, 1], key=lambda v: -abs(v)), max([1, -5], key=lambda v: v * v))",
    "def apply(fn, *args, **kwargs):\n    return fn(*args, **kwargs)\n"
    "print(apply(max, 3, 9), apply(sorted, [2, 1], reverse=True), apply(lambda: 'x'))",
    "def mse(pred, target):\n"
    "    return sum((p - t) ** 2 for p, t in zip(pred, target)) / len(pred)\n"
    "print(f'{mse([1.0, 2.0], [1.5, 2.5]):.4f}')",
    "def step(w, grad, lr=0.1):\n    return w - lr * grad\nw = 1.0\nfor i in range(3):\n"
    "    w = step(w, 2 * w)\n    print(f'{i}: {w:.4f}')",
]


@pytest.mark.parametrize("source", PROGRAMS)
def test_functions_print_what_python_prints(source):
    assert evaluate(source).printed == python_printed(source)


@pytest.mark.parametrize("source, python_words", [
    ("def f(x):\n    return x\nf(1, 2)", "takes 1 positional argument but 2 were given"),
    ("def f(x):\n    return x\nf(y=1)", "got an unexpected keyword argument 'y'"),
    ("def f(x):\n    return x\nf()", "missing 1 required positional argument: 'x'"),
    ("def f(x):\n    return x\nf(1, x=2)", "got multiple values for argument 'x'"),
    ("def f(*, k):\n    return k\nf()", "missing 1 required keyword-only argument: 'k'"),
    ("def f(a, /):\n    return a\nf(a=1)", "positional-only arguments passed as keyword arguments"),
    ("def f(**kw):\n    return kw\nf(**{1: 2})", "keywords must be strings"),
    ("def f(**kw):\n    return kw\nf(**[1])", "argument after ** must be a mapping, not list"),
    ("def f(a, b):\n    return a\nf(1, **{'a': 2, 'b': 3})", "got multiple values for"),
    ("x = 1\ndef g():\n    x = x + 1\ng()", "cannot access local variable 'x'"),
    ("def f(x):\n    y = 1 / x\n    return y\nf(0)", "division by zero"),
])
def test_mistakes_are_pythons(source, python_words):
    with pytest.raises(Exception) as python:
        python_printed(source)
    assert python_words in str(python.value)
    err = error_of(source)
    assert err.message_in("zh") != err.message
    words = python_words.split(":")[-1].strip().split(" but ")[0].split(" positional")[0]
    if "argument" not in python_words:
        assert words in err.message


def test_an_error_in_a_body_points_at_the_body():
    err = error_of("def f(x):\n    y = x + 1\n    return y / 0\n\nf(1)\n")
    assert (err.line, err.key) == (3, "run.zero_division")
    err = error_of("g = lambda x: x / 0\ng(1)\n")
    assert err.line == 1


def test_a_call_names_itself_as_written():
    assert error_of("def loss_fn(a, b):\n    return a\nloss_fn(1)").message == (
        "loss_fn() missing required argument 'b'")
    assert error_of("fs = [lambda: 1]\nfs[0](3)").message == (
        "fs[0]() takes no positional arguments (1 given)")


def test_user_functions_build_graphs_and_backward():
    ev = evaluate("import torch\n"
                  "def forward(x, w, b):\n    return (x * w + b).tanh()\n"
                  "w = Value(-3.0)\nb = Value(6.8813735870195432)\n"
                  "o = forward(Value(2.0), w, b)\no.backward()\nprint(f'{w.grad:.4f}')\n"
                  "def mse(p, t):\n    return ((p - t) ** 2).mean()\n"
                  "x = torch.tensor([1.0, 2.0], requires_grad=True)\n"
                  "loss = mse(x * 2, torch.tensor([1.0, 1.0]))\nloss.backward()\n"
                  "print(loss, x.grad)\n")
    assert ev.printed == ["1.0000", "tensor(5., grad_fn=<MeanBackward0>) tensor([2., 6.])"]
    assert ev.output is ev.names["loss"].values()[0]


def test_no_grad_decorator_runs_the_body_without_history():
    ev = evaluate("import torch\n@torch.no_grad()\ndef update(w):\n    w -= 0.5 * w.grad\n"
                  "    return w * 1\n"
                  "w = torch.tensor([1.0], requires_grad=True)\n(w * 3).sum().backward()\n"
                  "print(update(w), torch.is_grad_enabled(), w)")
    assert ev.printed == ["tensor([-0.5000]) True tensor([-0.5000], requires_grad=True)"]


def test_functions_are_shown_as_functions():
    assert evaluate("def f():\n    pass\nprint(f, lambda: 1)").printed == [
        "<function f> <function <lambda>>"]
    assert error_of("def f():\n    pass\nf.data").message == (
        "function has no attribute 'data' here")
    assert error_of("def f():\n    pass\nf + 1").message == (
        "unsupported operand type(s) for +: 'function' and 'int'")


def test_recursion_is_bounded_with_a_message_in_both_languages():
    err = error_of("def f(n):\n    return f(n + 1)\nf(0)\n")
    assert err.key == "limit.calls" and err.line == 2
    assert "40" in err.message and "40" in err.message_in("zh")
    assert evaluate("def f(n):\n    return 0 if n == 0 else f(n - 1)\nprint(f(30))").printed == [
        "0"]
    assert error_of("def f(n):\n    return 0 if n == 0 else f(n - 1)\nf(30)", calls=20).key == (
        "limit.calls")


def test_calls_count_against_the_step_budget():
    source = "def f(n):\n    return f(n - 1) + f(n - 1) if n else 1\nf(12)\n"
    assert evaluate(source, Limits(iterations=9000)).names["f"] is not None
    assert error_of(source, iterations=8000).key == "limit.iterations"


# --- property: random programs of functions against real Python ----------------------------------

OPS = st.sampled_from(["+", "-", "*", "//", "%"])  # ** grows past the integer bound
SMALL = st.integers(-4, 6)
ARGUMENTS = st.lists(st.sampled_from(["1", "2", "-3", "*[4, 5]", "*()"]), max_size=4)
KEYWORDS = st.lists(st.sampled_from(["a=1", "b=2", "c=-1", "d=3", "**{'e': 4}", "**{'a': 5}"]),
                    max_size=3, unique=True)


@st.composite
def programs(draw):
    op1, op2, op3, op4 = (draw(OPS) for _ in range(4))
    b0, c0, n, k, base = (draw(SMALL) for _ in range(5))
    params = draw(st.sampled_from(["a, b=B0", "a, b=B0, *rest", "a, b=B0, *rest, c=C0",
                                   "a, b=B0, *rest, c=C0, **kw", "a, /, b=B0, *, c=C0",
                                   "*rest, **kw", "a=1, b=B0"]))
    params = params.replace("B0", str(b0)).replace("C0", str(c0))
    body = [f"    t = {'a' if 'a' in params else 1} {op1} {'b' if 'b' in params else 2}"]
    if "rest" in params:
        body += ["    for r in rest:", f"        t = t {op2} r"]
    if "c=" in params:
        body += [f"    t = t {op3} c"]
    if "kw" in params:
        body += ["    t = t + len(kw)"]
    calls = [", ".join(draw(ARGUMENTS) + draw(KEYWORDS)) for _ in range(3)]
    depth = draw(st.integers(0, 12))
    lines = [
        f"def f({params}):", *body, "    return t",
        f"g = lambda x, y={k}: x {op4} y",
        "def outer(n):", "    def inner(m):", f"        return m {op1} n", "    return inner",
        "def rec(n):", f"    return {base} if n <= 0 else rec(n - 1) {op2} n",
        *(f"print(f({c}))" for c in calls),
        f"print(g({n}), g(y={k}, x={n}), outer({n})({k}), rec({depth}))",
        f"print(sorted([3, -1, 2, {n}], key=lambda v: (v {op3} {k or 1}, v)))",
    ]
    return "\n".join(lines) + "\n"


def _same_as_python(source):
    try:
        expected = python_printed(source)
    except (ArithmeticError, TypeError, ValueError):
        with pytest.raises(InputError):
            evaluate(source)
    else:
        assert evaluate(source).printed == expected


@settings(max_examples=200)
@given(programs())
def test_random_programs_of_functions_match_python(source):
    _same_as_python(source)
