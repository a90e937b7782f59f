"""The text formats of the snippet language: f-strings, ``str.format`` and ``%``, bounded.

Python's own ``format`` does the formatting, so digits, padding and rounding are Python's (and a
0-dim tensor formats as its ``.item()``, as torch does). What this module adds is the parsing
that comes first: every width and precision a template asks for is read before anything is
built, so ``f'{x:>1000000000}'`` or ``'%*d' % (10**9, 1)`` is refused instead of allocated, and
a ``str.format`` field names its argument without ever reaching an attribute Python would look
up itself (the interpreter resolves ``{0.data}`` and ``{0[1]}`` through its own checks).
"""

import _string
import re
import string

from ..messages import keyed

MAX_FORMAT_WIDTH = 10_000  # characters one field may pad or round to
MAX_TEMPLATE_DEPTH = 2  # str.format's nesting of fields inside specs, as Python's
_NUMBER = re.compile(r"\d+")
# printf-style conversions: %(key)flags width .precision length type
_PERCENT = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?(?P<flags>[-+ #0]*)(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d*))?"
    r"[hlL]?(?P<type>.?)", re.S
)


def check_spec(spec):
    """Refuse a format spec whose width or precision is past MAX_FORMAT_WIDTH."""
    for digits in _NUMBER.findall(spec):
        if len(digits) > 6 or int(digits) > MAX_FORMAT_WIDTH:
            raise keyed(ValueError, "limit.format_width", limit=MAX_FORMAT_WIDTH)


def check_percent(template, args):
    """Refuse a ``%`` template whose widths or precisions (``*`` ones included) are too large."""
    values = args if isinstance(args, tuple) else (args,)
    position = 0
    for match in _PERCENT.finditer(template):
        if match["type"] == "%" and not match["key"] and match.group(0) == "%%":
            continue
        for part in (match["width"], match["precision"]):
            if part == "*":
                size = values[position] if position < len(values) else 0
                position += 1
                if isinstance(size, int) and abs(size) > MAX_FORMAT_WIDTH:
                    raise keyed(ValueError, "limit.format_width", limit=MAX_FORMAT_WIDTH)
            elif part:
                check_spec(part)
        position += 1


def template_fields(template):
    """``(literal, field, conversion, spec)`` of a ``str.format`` template, as Python parses it.

    ``field`` is None after the last literal, else ``(first, rest)``: the argument's index or
    name, and the ``(is_attribute, name)`` steps after it.
    """
    for literal, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            yield literal, None, None, ""
            continue
        first, rest = _string.formatter_field_name_split(name)
        yield literal, (first, list(rest)), conversion, spec


def numbering(counter, first):
    """The argument a field names: ``{}`` takes the next index, as Python numbers fields.

    ``counter`` is a one-item list shared by a template and its nested specs; False once a
    field was numbered by hand (Python refuses to mix the two).
    """
    if first == "":
        if counter[0] is False:
            raise keyed(ValueError, "run.format_manual_then_automatic")
        counter[0] += 1
        return counter[0] - 1
    if isinstance(first, int):
        if counter[0]:
            raise keyed(ValueError, "run.format_automatic_then_manual")
        counter[0] = False
    return first
