"""Tensor printing, character for character as PyTorch prints (its _tensor_str.py defaults).

A tensor reaches this module as a flat row-major list of Python numbers plus its shape: floats
(already rounded to float32 when the tensor is float32, since torch prints what it stores), ints
or bools. The rules below follow torch's formatter: one width for every element, integer mode
(``2.``) when every finite element is a whole number, scientific notation when the finite nonzero
magnitudes span more than 1000x or leave [1e-4, 1e8], summarisation beyond 1000 elements, and line
wrapping at 80 columns.
"""

import math

PRECISION = 4
THRESHOLD = 1000  # more elements than this are summarised with "..."
EDGEITEMS = 3  # elements kept at each end of a summarised dimension
LINEWIDTH = 80
PREFIX = "tensor("


def _numel(shape):
    return math.prod(shape)


class _Block:
    """A row-major view of nested data: ``row(i)`` is the i-th sub-block along dim 0."""

    __slots__ = ("data", "shape")

    def __init__(self, data, shape):
        self.data = data
        self.shape = shape

    def row(self, i):
        inner = _numel(self.shape[1:])
        return _Block(self.data[i * inner:(i + 1) * inner], self.shape[1:])


def _summarized_values(block):
    """The elements a summarised print shows (torch's get_summarized_data), in any order."""
    shape = block.shape
    if not shape:
        return list(block.data)
    n = shape[0]
    keep = range(n) if n <= 2 * EDGEITEMS else [*range(EDGEITEMS), *range(n - EDGEITEMS, n)]
    if len(shape) == 1:
        return [block.data[i] for i in keep]
    values = []
    for i in keep:
        values.extend(_summarized_values(block.row(i)))
    return values


class _Formatter:
    """One common width and style for every element of a tensor, as torch's _Formatter."""

    def __init__(self, values, floating):
        self.floating = floating
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1
        if not floating:
            self.max_width = max((len(str(v)) for v in values), default=1)
            return
        finite = [v for v in values if math.isfinite(v) and v != 0.0]
        if not finite:
            return
        magnitudes = [abs(v) for v in finite]
        lo, hi = min(magnitudes), max(magnitudes)
        self.int_mode = all(v == math.ceil(v) for v in finite)
        self.sci_mode = hi / lo > 1000.0 or hi > 1.0e8 or lo < 1.0e-4
        if self.sci_mode:
            width = max(len(f"{v:.{PRECISION}e}") for v in finite)
        elif self.int_mode:
            width = max(len(f"{v:.0f}") + 1 for v in finite)  # + 1 for the trailing "."
        else:
            width = max(len(f"{v:.{PRECISION}f}") for v in finite)
        self.max_width = max(self.max_width, width)

    def format(self, value):
        """One element, right-aligned to the common width."""
        if not self.floating:
            text = str(value)
        elif self.sci_mode:
            text = f"{value:{self.max_width}.{PRECISION}e}"
        elif self.int_mode:
            text = f"{value:.0f}"
            if math.isfinite(value):
                text += "."
        else:
            text = f"{value:.{PRECISION}f}"
        return " " * (self.max_width - len(text)) + text


def _vector_str(block, indent, summarize, fmt):
    element_length = fmt.max_width + 2  # ", " between elements
    per_line = max(1, (LINEWIDTH - indent) // element_length)
    data = block.data
    if summarize and len(data) > 2 * EDGEITEMS:
        items = (
            [fmt.format(v) for v in data[:EDGEITEMS]]
            + [" ..."]
            + [fmt.format(v) for v in data[-EDGEITEMS:]]
        )
    else:
        items = [fmt.format(v) for v in data]
    lines = [", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _nested_str(block, indent, summarize, fmt):
    dim = len(block.shape)
    if dim == 0:
        return fmt.format(block.data[0])
    if dim == 1:
        return _vector_str(block, indent, summarize, fmt)
    n = block.shape[0]
    if summarize and n > 2 * EDGEITEMS:
        rows = [*range(EDGEITEMS), None, *range(n - EDGEITEMS, n)]
    else:
        rows = range(n)
    slices = [
        "..." if i is None else _nested_str(block.row(i), indent + 1, summarize, fmt)
        for i in rows
    ]
    return "[" + ("," + "\n" * (dim - 1) + " " * (indent + 1)).join(slices) + "]"


def _add_suffixes(text, suffixes, indent):
    parts = [text]
    # torch measures the last line this way (one more than its length when there is no newline)
    last_line_len = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        if last_line_len + len(suffix) + 2 > LINEWIDTH:
            parts.append(",\n" + " " * indent + suffix)
            last_line_len = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            last_line_len += len(suffix) + 2
    parts.append(")")
    return "".join(parts)


def format_tensor(data, shape, floating, dtype_suffix="", grad_suffix=""):
    """torch's repr of a tensor from its flat data, shape, floating-point flag and suffixes.

    ``dtype_suffix`` is e.g. ``"dtype=torch.float64"`` (empty for a default dtype);
    ``grad_suffix`` is ``"requires_grad=True"``, ``"grad_fn=<MeanBackward0>"`` or empty.
    """
    indent = len(PREFIX)
    suffixes = []
    if not data:
        if len(shape) != 1:
            suffixes.append(f"size={tuple(shape)}")
        body = "[]"
    else:
        block = _Block(data, tuple(shape))
        summarize = len(data) > THRESHOLD
        values = _summarized_values(block) if summarize else data
        body = _nested_str(block, indent, summarize, _Formatter(values, floating))
    if dtype_suffix:
        suffixes.append(dtype_suffix)
    if grad_suffix:
        suffixes.append(grad_suffix)
    return _add_suffixes(PREFIX + body, suffixes, indent)
