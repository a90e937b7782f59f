"""try / except / else / finally, raise and assert print what real Python prints; an uncaught
exception ends the run at its line, in both languages; the bounds are never caught."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import InputError, evaluate
from tests.engine.snippets.test_formatting import python_printed

PYTHON = [
    # the clauses, in every order Python runs them
    "try:\n    x = 1 / 0\nexcept ZeroDivisionError as e:\n    print('caught', e, repr(e), e.args)\n"
    "else:\n    print('else')\nfinally:\n    print('finally')",
    "try:\n    x = 1\nexcept ValueError:\n    print('no')\nelse:\n    print('else', x)\n"
    "finally:\n    print('finally')",
    "try:\n    raise ValueError('bad', 2)\nexcept (TypeError, ValueError) as e:\n"
    "    print(e, repr(e), e.args, isinstance(e, Exception), isinstance(e, TypeError))",
    "try:\n    raise TypeError\nexcept:\n    print('bare except')",
    "try:\n    raise KeyError('k')\nexcept IndexError:\n    print('index')\n"
    "except LookupError as e:\n    print('lookup', e, repr(e))\nexcept Exception:\n"
    "    print('exception')",
    # Python's own errors, caught with Python's text
    "d = {'a': 1}\ntry:\n    d['k']\nexcept KeyError as e:\n    print(e, repr(e), e.args)",
    "try:\n    [1, 2][5]\nexcept IndexError as e:\n    print(e)",
    "try:\n    int('x')\nexcept ValueError as e:\n    print(e)",
    "try:\n    1 % 0\nexcept ArithmeticError as e:\n    print('arith', e)",
    "try:\n    undefined_name\nexcept NameError as e:\n    print(e)",
    "try:\n    a, b = [1, 2, 3]\nexcept ValueError as e:\n    print(e)",
    "try:\n    len(5)\nexcept TypeError as e:\n    print('type error')",
    # the snippet's own exception classes
    "class MyError(ValueError):\n    def __init__(self, v):\n"
    "        super().__init__(f'value {v}')\n        self.v = v\ntry:\n    raise MyError(3)\n"
    "except ValueError as e:\n"
    "    print(e, e.v, e.args, repr(e), isinstance(e, MyError))",
    "class Quiet(Exception):\n    pass\ntry:\n    raise Quiet\nexcept Quiet as e:\n"
    "    print(repr(e), str(e) == '', e.args)",
    "class Keep(Exception):\n    def __init__(self, a, b):\n        self.total = a + b\n"
    "e = Keep(1, 2)\nprint(e.args, e.total, e, repr(e))",
    "class Shout(Exception):\n    def __str__(self):\n        return 'LOUD'\n"
    "try:\n    raise Shout('quiet')\nexcept Exception as e:\n    print(e, repr(e), e.args)",
    "class E(Exception):\n    pass\nclass F(E):\n    pass\ntry:\n    raise F('x')\nexcept E as e:\n"
    "    print('E caught', e)",
    "e = ValueError('a', [1, 2])\ne.args = ['b']\nprint(e.args, e, repr(ValueError()), "
    "repr(KeyError('a', 'b')), str(KeyError('k')))",
    "print(ValueError, isinstance(ZeroDivisionError(), ArithmeticError))",
    # re-raise, raise from, nesting
    "try:\n    try:\n        raise KeyError('a')\n    except KeyError:\n        print('inner')\n"
    "        raise\nexcept Exception as e:\n    print('outer', repr(e))",
    "try:\n    try:\n        1 / 0\n    except ZeroDivisionError as e:\n"
    "        raise ValueError('wrapped') from e\nexcept ValueError as e:\n    print(e)",
    "try:\n    raise RuntimeError('a') from None\nexcept RuntimeError as e:\n    print(e)",
    "def check(x):\n    if x < 0:\n        raise ValueError(f'negative: {x}')\n    return x\n"
    "for v in [1, -2, 3]:\n    try:\n        print(check(v))\n    except ValueError as e:\n"
    "        print('error:', e)",
    "try:\n    raise NotImplementedError('later')\nexcept RuntimeError as e:\n    print(repr(e))",
    "try:\n    raise StopIteration\nexcept StopIteration:\n    print('stop')",
    # finally and the ways out of a block
    "def f():\n    try:\n        return 'body'\n    finally:\n        print('finally runs')\n"
    "print(f())",
    "def f():\n    try:\n        1 / 0\n    finally:\n        return 'swallowed'\nprint(f())",
    "for i in range(4):\n    try:\n        if i == 1:\n            continue\n        if i == 3:\n"
    "            break\n        print(i)\n    finally:\n        print('finally', i)",
    "try:\n    try:\n        1 / 0\n    finally:\n        print('inner finally')\n"
    "except ZeroDivisionError:\n    print('outer')",
    "try:\n    try:\n        raise ValueError('first')\n    finally:\n"
    "        raise TypeError('second')\nexcept Exception as e:\n    print(repr(e))",
    # assert
    "try:\n    assert 1 == 2, 'nope'\nexcept AssertionError as e:\n    print('A', e, e.args)",
    "try:\n    assert False\nexcept AssertionError as e:\n    print(repr(e))",
    "try:\n    assert [], ['a', 1]\nexcept AssertionError as e:\n    print(e.args)",
]


@pytest.mark.parametrize("source", PYTHON)
def test_exceptions_print_what_python_prints(source):
    assert evaluate(source).printed == python_printed(source)


def _nested(n):
    """n try blocks inside each other, the innermost raising, each with except and finally."""
    lines = [f"{'    ' * i}try:" for i in range(n)] + ["    " * n + "raise ValueError('deep')"]
    for i in reversed(range(n)):
        lines += [f"{'    ' * i}except KeyError:", f"{'    ' * (i + 1)}print('no', {i})",
                  f"{'    ' * i}finally:", f"{'    ' * (i + 1)}print('finally', {i})"]
    return "try:\n" + "".join(f"    {line}\n" for line in lines) + \
        "except ValueError as e:\n    print('caught', e)\n"


def test_deeply_nested_try_blocks_unwind_as_python_does():
    source = _nested(9)  # Python compiles at most 20 nested blocks
    assert evaluate(source).printed == python_printed(source)


def test_a_doctest_echoes_an_exception_as_python_does():
    assert evaluate(">>> ValueError('x', 1)\n>>> KeyError\n").printed == [
        "ValueError('x', 1)", "<class 'KeyError'>"]


def error_of(source):
    with pytest.raises(InputError) as info:
        evaluate(source)
    return info.value


@pytest.mark.parametrize("source, key, line, en, zh", [
    ("x = 1\nraise ValueError('bad')", "run.raised", 2, "ValueError: bad (raised and not caught)",
     "抛出了 ValueError：bad（没有被 except 捕获）"),
    ("raise KeyError", "run.raised_empty", 1, "KeyError (raised and not caught)",
     "抛出了 KeyError（没有被 except 捕获）"),
    ("class Oops(Exception):\n    pass\n\ndef f():\n    raise Oops('in f')\nf()", "run.raised", 5,
     "Oops: in f (raised and not caught)", "抛出了 Oops：in f（没有被 except 捕获）"),
    ("try:\n    raise ValueError('a')\nexcept ValueError:\n    raise", "run.raised", 2,
     "ValueError: a (raised and not caught)", "抛出了 ValueError：a（没有被 except 捕获）"),
    ("raise", "run.reraise", 1, "No active exception to reraise", "没有正在处理的异常"),
    ("raise 5", "run.raise_type", 1, "exceptions must derive from BaseException", "只能抛出异常"),
    ("try:\n    1 / 0\nexcept 5:\n    pass", "run.except_class", 3,
     "catching classes that do not inherit from BaseException is not allowed", "只能写异常类"),
    ("x = ValueError(a=1)", "run.exception_keywords", 1,
     "ValueError() takes no keyword arguments", "不接受关键字参数"),
    ("assert 1 > 2, 'too small'", "run.assert_message", 1, "assertion failed: too small",
     "断言失败：too small"),
])
def test_an_uncaught_exception_ends_the_run_at_its_line_in_both_languages(source, key, line, en,
                                                                             zh):
    err = error_of(source)
    assert (err.key, err.line) == (key, line)
    assert err.message == en
    assert zh in err.message_in("zh")


def test_an_uncaught_exception_quotes_at_most_300_characters_of_its_text():
    err = error_of("raise ValueError('x' * 100000)")
    assert err.params["text"] == "x" * 300 + "…"
    assert error_of("assert False, 'y' * 5000").params["text"] == "y" * 300 + "…"


def test_a_caught_engine_error_caught_again_keeps_its_own_message_and_line():
    err = error_of("d = {}\ntry:\n    d['k']\nexcept KeyError:\n    raise")
    assert (err.key, err.line) == ("run.python", 3)


def test_the_as_name_is_unbound_after_the_except_block():
    err = error_of("try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    pass\nprint(e)")
    assert (err.key, err.line) == ("run.undefined", 5)


def test_an_exception_object_is_no_python_object():
    ev = evaluate("try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    keep = e\n")
    keep = ev.names["keep"]
    assert not isinstance(keep, BaseException)
    assert keep.args == ("division by zero",)


# --- property: random programs of exceptions against real Python ----------------------------------

RAISES = st.sampled_from([
    "raise ValueError('v')", "raise KeyError('k')", "raise IndexError", "raise MyError(n)",
    "x = 1 / (n - n)", "x = [1][n + 5]", "x = {}['missing']", "x = int('nan' + str(n))",
    "assert n < 0, n", "pass", "n += 1", "raise TypeError(n, 'two')", "x = undefined",
])
CATCHES = st.sampled_from([
    "ValueError", "KeyError", "LookupError", "(IndexError, KeyError)", "ArithmeticError",
    "MyError", "Exception", "AssertionError", "NameError", "", "TypeError",
])
ENDINGS = st.sampled_from(["pass", "print('handled', n)", "raise", "n -= 1",
                           "raise RuntimeError('again')"])


@st.composite
def exception_programs(draw):
    lines = ["class MyError(Exception):", "    pass", "n = 0", "def step(n):"]
    depth = draw(st.integers(1, 3))
    indent = "    "
    for _ in range(depth):
        lines.append(f"{indent}try:")
        lines.append(f"{indent}    {draw(RAISES)}")
        indent += "    "
    for level in range(depth):
        pad = "    " * (depth - level)
        catch = draw(CATCHES)
        lines.append(f"{pad}except {catch}{' as e' if catch else ''}:")
        lines.append(f"{pad}    print('caught', {'repr(e)' if catch else 'n'})")
        lines.append(f"{pad}    {draw(ENDINGS)}")
        if draw(st.booleans()):
            lines.append(f"{pad}else:")
            lines.append(f"{pad}    print('else', n)")
        if draw(st.booleans()):
            lines.append(f"{pad}finally:")
            lines.append(f"{pad}    print('finally', n)")
    lines.append("    return n")
    lines += ["for i in range(3):", "    try:", "        print(step(i))",
              "    except Exception as e:", "        print('top', repr(e))"]
    return "\n".join(lines) + "\n"


@settings(max_examples=200, deadline=None)
@given(exception_programs())
def test_random_programs_of_exceptions_match_python(source):
    assert evaluate(source).printed == python_printed(source)


BODY = st.sampled_from([
    "if i % 3 == 0:\n    continue", "if i == 4:\n    break", "total += i", "raise ValueError(i)",
    "total += 10 // (i - 2)", "raise KeyError(i)", "assert i != 1, 'one'", "pass",
])
HANDLER = st.sampled_from(["pass", "total -= 1", "continue", "break", "raise",
                           "raise ValueError('from handler')"])
FINALLY = st.sampled_from(["pass", "total += 100", "continue", "break"])


def _block(lines, pad):
    return [pad + line for text in lines for line in text.split("\n")]


@st.composite
def loop_programs(draw):
    lines = ["total = 0", "def run():", "    global total", "    for i in range(6):",
             "        try:"]
    lines += _block(draw(st.lists(BODY, min_size=1, max_size=4)), " " * 12)
    lines += ["        except (ValueError, ZeroDivisionError, AssertionError) as e:",
              "            print('caught', i, repr(e))",
              *_block([draw(HANDLER)], " " * 12)]
    if draw(st.booleans()):
        lines += ["        else:", "            print('else', i)"]
    if draw(st.booleans()):
        lines += ["        finally:", "            print('finally', i, total)",
                  *_block([draw(FINALLY)], " " * 12)]
    lines += ["    return total", "try:", "    print(run())", "except Exception as e:",
              "    print('escaped', repr(e))", "print(total)"]
    return "\n".join(lines) + "\n"


@settings(max_examples=200, deadline=None)
@given(loop_programs())
def test_random_loops_through_try_blocks_match_python(source):
    assert evaluate(source).printed == python_printed(source)
