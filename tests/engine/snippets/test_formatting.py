"""f-strings, str.format, % and format(): the printed text is Python's (and torch's), bounded."""

import contextlib
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import InputError, evaluate
from engine.snippets.formatting import MAX_FORMAT_WIDTH


def python_printed(source):
    """What real Python prints for a snippet of these tests (our own text, run as Python)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "<test snippet>", "exec"), {"__name__": "__main__"})  # noqa: S102
    lines = out.getvalue().split("\n")  # lines as Evaluation.printed cuts them: at "\n" only
    return lines[:-1] if lines[-1] == "" else lines


def error_of(source):
    with pytest.raises(InputError) as info:
        evaluate(source)
    return info.value


PYTHON = [
    "x = 3.14159\nprint(f'{x:.3f} {x:>10.2f}|{x!r}|{x=}|{x:+.2e}|{x:%}')",
    "n = 1234567\nprint(f'{n:,} {n:_} {n:>12,} {n:x} {n:#o} {n:08d} {-n:=+12}')",
    "w = 8\np = 3\nx = 2 / 3\nprint(f'{x:{w}.{p}f}|{x:>{w}}|{\"ab\":*^{w}}')",
    "xs = [1, 2.5, 'a']\nprint(f'{xs} {xs!r:>20} {xs!s:<20}|', f'{None}', f'{True:>6}')",
    "s = 'héllo'\nprint(f'{s!a} {s!r} {s:.2} {s:>8}|{s:^9}|')",
    "print('{:.4f} {} {name:>5}'.format(1 / 3, 'a', name='b'))",
    "print('{0} {1} {0} {x[1]}'.format(1, 2, x=[7, 8]))",
    "print('{:{}.{}f}'.format(3.14159, 10, 2), '{{literal}}'.format())",
    "print('{0!r:>10}|{0!s}'.format('q'))",
    "print('%.3f %5d %s %r %-6s| %x %e %%' % (1 / 3, 42, 'hi', 'hi', 'ab', 255, 12345.678))",
    "print('%*d|%-*.*f|' % (5, 42, 9, 2, 3.14159))",
    "print('%s' % [1, 2], '%d%%' % 50, 'loss: %s' % 0.5)",
    "s = 'epoch %d'\ns %= 3\nprint(s, format(3.5, '08.3f'), format(12), format('x', '>3'))",
    "total = 0\nfor i in range(3):\n    total += i\n"
    "    print(f'step {i + 1:>2}/{3}: {total / 3:.4f}')",
]


@pytest.mark.parametrize("source", PYTHON)
def test_formatting_prints_what_python_prints(source):
    assert evaluate(source).printed == python_printed(source)


PYTHON_ERRORS = [
    "print('{}{0}'.format(1, 2))",
    "print('{0}{}'.format(1, 2))",
    "print('{2}'.format(1))",
    "print('{a}'.format(b=1))",
    "print(f'{[1]:>4}')",
    "print(f'{3:q}')",
    "print('%d' % 'x')",
    "print('%d %d' % (1,))",
    "print('%d' % (1, 2))",
    "print('{:{:{}}}'.format(1, 2, 3, 4))",
    "print('{')",
    "print('{'.format(1))",
    "print(format(1, 2))",
    "print('{!x}'.format(1))",
]


@pytest.mark.parametrize("source", PYTHON_ERRORS)
def test_formatting_mistakes_are_pythons(source):
    try:
        python_printed(source)
    except Exception as exc:  # noqa: BLE001 - Python's message is the expected text
        expected = str(exc).strip("'")
    else:
        expected = None
    if expected is None:
        assert evaluate(source).printed == python_printed(source)
        return
    err = error_of(source)
    assert expected in err.message and err.line == 1
    assert err.message_in("zh") != err.message


@pytest.mark.torch
def test_tensors_format_as_torch(torch):
    source = """\
import torch
t = torch.tensor(2.5, dtype=torch.float32)
u = torch.tensor(1 / 3, dtype=torch.float32)
i = torch.tensor(7)
v = torch.tensor([1.0, 2.0], dtype=torch.float32)
w = torch.tensor([0.5], dtype=torch.float32, requires_grad=True)
loss = (w * 3).sum()
print(f'{t:.3f}|{t}|{t!r}|{t:>8}|{u}|{u:.6f}|{i:>4d}|{i}|{v}|{v!r}|{loss}|{loss.item():.4f}')
print('{} {:.2f} {}'.format(u, u, v), '%.4f %s %d' % (u, v, i))
print('%s|%r|%d' % (loss, t, t), f'{w.grad}')
"""
    torch.set_default_dtype(torch.float32)  # as a tutorial runs (the fixture sets float64)
    try:
        expected = python_printed(source)
    finally:
        torch.set_default_dtype(torch.float64)
    assert evaluate(source).printed == expected


def test_a_tensor_with_elements_refuses_a_spec_as_torch_does():
    err = error_of("import torch\nv = torch.tensor([1.0, 2.0])\nprint(f'{v:.2f}')\n")
    assert err.message == "unsupported format string passed to Tensor.__format__" and err.line == 3


def test_values_format_as_micrograd_values():
    assert evaluate("v = Value(2.0)\nprint(f'{v.data:.2f} {v.grad}')").printed == ["2.00 0.0"]
    assert error_of("v = Value(2.0)\nprint(f'{v:.2f}')").message == (
        "unsupported format string passed to Value.__format__")
    assert evaluate("v = Value(2.0)\nprint('{0.data:.1f}'.format(v))").printed == ["2.0"]


@pytest.mark.parametrize("source", [
    "print('{0.__class__}'.format(1))",
    "print('{0.__class__.__mro__}'.format(Value(1.0)))",
    "print('{0.real}'.format(1))",
    "import torch\nprint('{0.nn.__dict__}'.format(torch))",
])
def test_format_fields_reach_only_what_attributes_reach(source):
    assert error_of(source).key in ("check.underscore_attribute", "attr.missing")


@pytest.mark.parametrize("source", [
    "print(f'{1:>1000000000}')",
    "x = 1.5\nprint(f'{x:.100000f}')",
    "print(f'{1:{10**9}}')",
    "print('{:>1000000000}'.format(1))",
    "print('{:{}}'.format(1, 10**9))",
    "print('%*d' % (10**9, 1))",
    "print('%.*f' % (10**9, 1.5))",
    "print('%1000000000d' % 1)",
    "print(format(1, '99999999999999999999999999'))",
])
def test_huge_widths_are_refused_before_anything_is_built(source):
    err = error_of(source)
    assert err.key == "limit.format_width"
    assert f"{MAX_FORMAT_WIDTH:,}" in err.message and "宽度" in err.message_in("zh")


def test_formatted_text_counts_against_the_items_bound():
    source = "for i in range(300):\n    s = f'{i:>9000}'\n"
    assert error_of(source).key == "limit.items"


# --- property: random specs against Python's format ----------------------------------------------

FILLS = st.sampled_from(["", "*", "0", " ", "x", "-"])
SPECS = st.builds(
    lambda fill, align, sign, alt, zero, width, group, precision, kind:
    (fill + align if align else "") + sign + alt + zero + width + group + precision + kind,
    FILLS, st.sampled_from(["", "<", ">", "^", "="]), st.sampled_from(["", "+", "-", " "]),
    st.sampled_from(["", "#"]), st.sampled_from(["", "0"]),
    st.one_of(st.just(""), st.integers(0, 40).map(str)), st.sampled_from(["", ",", "_"]),
    st.one_of(st.just(""), st.integers(0, 20).map(lambda p: f".{p}")),
    st.sampled_from(["", "d", "f", "F", "e", "E", "g", "G", "%", "x", "X", "o", "b", "n", "s",
                     "c"]),
)
NUMBERS = st.one_of(
    st.integers(-10**12, 10**12), st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=5),
)


def _literal(x):
    return f"float({repr(x)!r})" if isinstance(x, float) else repr(x)


def _same_as_python(source):
    try:
        expected = python_printed(source)
    except (ValueError, TypeError, OverflowError):
        with pytest.raises(InputError):
            evaluate(source)
    else:
        assert evaluate(source).printed == expected


@settings(max_examples=300)
@given(NUMBERS, SPECS)
def test_fstring_specs_match_python(x, spec):
    _same_as_python(f"x = {_literal(x)}\nprint(f'{{x:{spec}}}', '{{:{spec}}}'.format(x))")


@settings(max_examples=200)
@given(NUMBERS, st.sampled_from(["s", "r", "a"]), SPECS)
def test_conversions_then_specs_match_python(x, conversion, spec):
    _same_as_python(f"x = {_literal(x)}\nprint(f'{{x!{conversion}:{spec}}}')")


@settings(max_examples=200)
@given(NUMBERS, st.sampled_from(["", "-", "+", " ", "0", "#", "-0"]),
       st.one_of(st.just(""), st.integers(0, 30).map(str)),
       st.one_of(st.just(""), st.integers(0, 15).map(lambda p: f".{p}")),
       st.sampled_from("dioxXeEfFgGcrsa"))
def test_percent_formats_match_python(x, flags, width, precision, kind):
    _same_as_python(f"x = {_literal(x)}\nprint('%{flags}{width}{precision}{kind}' % (x,))")
