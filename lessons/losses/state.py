"""The Losses page's state: what a learner typed, checked, and carried in the page's link.

The page reads its widgets into a ``LossState`` and checks it with ``check_state``; problems
carry string keys, so the page shows them in either language. Options live in the state by
name (``state.get("delta")``), as the catalogue lists them, so a new option needs no new field.
"""

import math
import urllib.parse
from dataclasses import dataclass, replace

from lessons.explore import Problem

from .catalogue import OPTIONS, SPECS

DTYPES = ("float32", "float64", "auto")  # auto: no dtype=, so torch infers int64 from integers
MAX_ROWS = 8
MAX_COLS = 8
TABLE_PARAMS = ("loss", "reduction", "input", "other", "target", "shape", "dtype")
PARAMS = (*TABLE_PARAMS, *OPTIONS)  # every query param of the page


@dataclass(frozen=True)
class LossState:
    """Everything the page shows follows from this: the loss, its options and its tables.

    Tables are tuples of rows of cell texts (``"1"``, ``"0.25"``): the text is kept because
    torch infers int64 from ``1`` and float32 from ``1.0`` when no dtype is given.
    For class-index targets the target table has one column (the class of each row).
    ``other`` is the middle table of a loss of three (input2, or the positive examples); the
    last table is ``target`` whatever the loss calls it (a triplet's negatives).
    ``options`` holds (name, value) for the loss's options away from torch's defaults.
    """

    loss: str = "L1Loss"
    reduction: str = "mean"
    input: tuple = (("1", "2", "3"),)
    target: tuple = (("1", "2", "5"),)
    shape: tuple | None = (1, 1, 1, 3)
    dtype: str = "float32"
    options: tuple = ()
    other: tuple = ()

    @property
    def spec(self):
        """The LossSpec of the chosen loss."""
        return SPECS[self.loss]

    @property
    def classes(self):
        """True for a loss on N x C scores with one loss per row (CrossEntropy, NLL...)."""
        return self.spec.layout in ("classes", "rows")

    @property
    def rowwise(self):
        """True for a loss with one loss per row of its tables (no reshape)."""
        return self.spec.layout != "elementwise"

    @property
    def tables(self):
        """The names of the state's tables the loss takes, in call order."""
        return tuple(argument.table for argument in self.spec.inputs)

    @property
    def integer_target(self):
        """True when the target holds class indices (one per row, or lists of them)."""
        return self.index_target or self.spec.inputs[-1].integer

    @property
    def index_target(self):
        """True when the target holds one class index per row."""
        return self.spec.layout == "classes" and self.get("target_kind") == "index"

    def uses(self, option):
        """True when the chosen loss takes this option."""
        return option in self.spec.options

    def get(self, option):
        """The option's value: the one set, else torch's default (also for options not taken)."""
        return dict(self.options).get(option, OPTIONS[option].default)

    def with_options(self, **values):
        """The state with these options set; those the loss does not take are dropped."""
        merged = dict(self.options) | values
        kept = tuple(
            (name, merged[name])
            for name in self.spec.options
            if name in merged and merged[name] != OPTIONS[name].default
        )
        return replace(self, options=kept)

    @property
    def input_shape(self):
        """The input tensor's shape: the reshape if one is set, else the table's."""
        if self.shape and not self.rowwise:
            return tuple(self.shape)
        return (len(self.input), len(self.input[0]))

    @property
    def vector_length(self):
        """How long a vector option must be: the number of classes, or the last dimension."""
        return self.input_shape[-1]

    def flat(self, table):
        """The numbers of one of the state's tables (``input``, ``target``...), row by row."""
        return [float(c) for row in getattr(self, table) for c in row]

    def at(self, i):
        """The options at flat element i: vectors give their entry along the last dimension."""
        values = {}
        for name in self.spec.options:
            value = self.get(name)
            if OPTIONS[name].kind == "vector" and value is not None:
                value = value[i % self.vector_length]
            values[name] = value
        return values


def _example_state(spec, example):
    state = LossState(spec.name, "mean", example.input, example.target, example.shape,
                      other=example.other)
    return state.with_options(**dict(example.options))


PRESETS = {ex.key: _example_state(spec, ex) for spec in SPECS.values() for ex in spec.examples}
DEFAULT_PRESET = "tutorial_l1"


def start(loss):
    """The state a loss starts from: its first example."""
    return PRESETS[SPECS[loss].examples[0].key]


def argument_help(state, argument):
    """The string key that says what an input of the loss holds."""
    kind = argument.kind
    if kind == "classes":
        kind = "index" if state.index_target else "probs"
    return f"losses.{argument.name}.help.{kind}"


# --- problems: what is wrong with a table or an option, as a string key and its arguments ---


class TableError(ValueError):
    """A cell of a table (or an option's text) that is not what the loss needs."""

    def __init__(self, key, **params):
        super().__init__(key)
        self.problem = Problem(key, params)


# --- numbers and cells --------------------------------------------------------------------------


def _is_digits(text):
    # ASCII only: str.isdigit() also accepts '¹' and other digits int() refuses
    return text.isascii() and text.isdigit()


def is_int_text(text):
    """True for an integer literal such as ``-3`` (torch infers int64 from it)."""
    return _is_digits(text[1:] if text[:1] in "+-" else text)


def parse_cell(value, row, col, integer=False):
    """A table cell as normalised number text; TableError for text, empty or non-finite cells."""
    where = {"row": row + 1, "col": col + 1}
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise TableError("losses.err.empty", **where)
    text = str(value).strip()
    if not text:
        raise TableError("losses.err.empty", **where)
    if is_int_text(text) and len(text) <= 18:
        return str(int(text))
    try:
        number = float(text)
    except ValueError:
        raise TableError("losses.err.not_number", value=text, **where) from None
    if integer:
        raise TableError("losses.err.not_index", value=text, **where)
    if not math.isfinite(number):
        raise TableError("losses.err.not_finite", value=text, **where)
    return repr(number)


def parse_table(rows, integer=False):
    """Rows of cells (strings, numbers or None from the data editor) as a table of number texts."""
    table = tuple(
        tuple(parse_cell(v, r, c, integer) for c, v in enumerate(row)) for r, row in enumerate(rows)
    )
    if not table or not table[0]:
        raise TableError("losses.err.no_data")
    return table


def numbers(table):
    """A table of number texts as rows of floats."""
    return [[float(c) for c in row] for row in table]


def number_text(x):
    """A float as the shortest text that reads back as the same float: ``1``, ``0.25``."""
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(float(x))


def vector_text(vector, sep=","):
    """A vector option as text (``1,2,0.5``); None gives ''."""
    return sep.join(number_text(v) for v in vector) if vector is not None else ""


def shape_text(shape, sep=", "):
    """A shape as text (``1, 1, 1, 3``); None gives ''."""
    return sep.join(str(n) for n in shape) if shape else ""


def parse_vector(text):
    """A comma-separated list of numbers (``"1, 2, 0.5"``) as a tuple of floats; '' gives None."""
    text = text.strip().strip("[]()").strip()
    if not text:
        return None
    try:
        vector = tuple(float(part) for part in text.split(","))
    except ValueError:
        raise TableError("losses.err.vector", value=text) from None
    if not all(math.isfinite(v) for v in vector):
        raise TableError("losses.err.vector", value=text)
    return vector


def parse_shape(text):
    """A shape such as ``"1, 1, 1, 3"`` as a tuple of positive ints; '' gives None."""
    text = text.strip().strip("[]()").strip().rstrip(",")
    if not text:
        return None
    parts = [p.strip() for p in text.split(",")]
    if len(parts) > 6 or not all(_is_digits(p) and 0 < int(p) <= 10_000 for p in parts):
        raise TableError("losses.err.shape", value=text)
    return tuple(int(p) for p in parts)


# --- checks -------------------------------------------------------------------------------------


def check_state(state):
    """Every problem with a state (shapes, class indices, ranges, option values); [] when none."""
    problems = []
    n_rows, n_cols = len(state.input), len(state.input[0])
    t_rows = len(state.target)
    t_cols = len(state.target[0]) if state.target else 0
    if state.index_target:
        if t_rows != n_rows or t_cols != 1:
            problems.append(Problem("losses.err.index_shape", {"n": n_rows}))
        else:
            for r, (cell,) in enumerate(state.target):
                k = int(float(cell))
                if k != state.get("ignore_index") and not 0 <= k < n_cols:
                    problems.append(
                        Problem("losses.err.class_range", {"row": r + 1, "value": k, "c": n_cols})
                    )
    elif state.spec.layout == "triples":
        problems += _triple_shapes(state)
    elif state.spec.layout == "sequence":
        problems += _sequence_labels(state)
    elif (t_rows, t_cols) != (n_rows, n_cols):
        problems.append(
            Problem(
                "losses.err.target_shape",
                {"input": f"{n_rows} x {n_cols}", "target": f"{t_rows} x {t_cols}"},
            )
        )
    if not state.rowwise and state.shape and math.prod(state.shape) != n_rows * n_cols:
        problems.append(
            Problem("losses.err.reshape", {"shape": shape_text(state.shape), "n": n_rows * n_cols})
        )
    for argument in state.spec.inputs:
        if argument.kind == "probabilities":
            for r, row in enumerate(getattr(state, argument.table)):
                for c, cell in enumerate(row):
                    if not 0.0 <= float(cell) <= 1.0:
                        problems.append(
                            Problem("losses.err.probability", {"row": r + 1, "col": c + 1})
                        )
    for name in state.spec.options:
        option, value = OPTIONS[name], state.get(name)
        if option.kind == "vector":
            if value is not None and not problems and len(value) != state.vector_length:
                problems.append(
                    Problem(
                        "losses.err.vector_length",
                        {"name": name, "n": state.vector_length, "got": len(value)},
                    )
                )
        elif not option.valid(value):
            problems.append(
                Problem("losses.err.range", {"name": name, "low": option.low, "high": option.high})
            )
    return problems


def _table_size(table):
    return f"{len(table)} x {len(table[0]) if table else 0}"


def _triple_shapes(state):
    """A loss of three tables: each has the input's rows, and its columns (or one column)."""
    n_rows, n_cols = len(state.input), len(state.input[0])
    problems = []
    for argument in state.spec.inputs:
        table = getattr(state, argument.table)
        want = f"{n_rows} x {1 if argument.column else n_cols}"
        if _table_size(table) != want:
            problems.append(Problem("losses.err.table_shape",
                                    {"name": argument.name, "want": want,
                                     "got": _table_size(table)}))
    return problems


def _sequence_labels(state):
    """CTC's target: one row of classes of the input's C, none of them the blank."""
    n_classes, blank = len(state.input[0]), state.get("blank")
    if len(state.target) != 1:
        return [Problem("losses.err.sequence_rows", {"rows": len(state.target)})]
    if blank >= n_classes:
        return [Problem("losses.err.blank_range", {"blank": blank, "c": n_classes})]
    return [Problem("losses.err.sequence_label", {"col": col + 1, "value": int(cell),
                                                  "c": n_classes, "blank": blank})
            for col, cell in enumerate(state.target[0])
            if not 0 <= int(cell) < n_classes or int(cell) == blank]


# --- changes the page's controls make -----------------------------------------------------------


def resize_table(table, n_rows, n_cols, fill="0"):
    """The table cut or padded (with ``fill``) to n_rows x n_cols."""
    rows = [list(row[:n_cols]) + [fill] * (n_cols - len(row)) for row in table[:n_rows]]
    rows += [[fill] * n_cols for _ in range(n_rows - len(rows))]
    return tuple(tuple(row) for row in rows)


def switch_loss(state, loss):
    """The state for another loss: its first example's data and options, keeping the reduction
    where the loss takes it (only KLDivLoss takes 'batchmean')."""
    if loss == state.loss:
        return state
    new = start(loss)
    return replace(new, reduction=state.reduction if state.reduction in new.spec.reductions
                   else new.reduction)


FILL = {"order": "1.0", "similar": "1.0"}  # a new row of a table of signs: 1, not 0


def fit_tables(state, n_rows, n_cols):
    """The state with its tables resized to n_rows x n_cols (n_cols classes for class losses,
    one column for a column argument). Vector options that no longer fit are dropped.
    """
    if state.spec.layout == "triples":
        tables = {a.table: resize_table(getattr(state, a.table), n_rows,
                                        1 if a.column else n_cols, FILL.get(a.kind, "0.0"))
                  for a in state.spec.inputs}
        return replace(state, shape=None, **tables)
    inp = resize_table(state.input, n_rows, n_cols, "0.0")
    if state.spec.layout == "sequence":  # T steps of C classes; the labels are their own length
        return replace(state, input=inp, shape=None)
    if state.index_target:
        target = resize_table(state.target, n_rows, 1, "0")
    elif state.integer_target:  # -1 ends a list of labels
        target = resize_table(state.target, n_rows, n_cols, "-1")
    else:
        target = resize_table(state.target, n_rows, n_cols, "0.0")
    unfit = {
        name: None
        for name, value in state.options
        if OPTIONS[name].kind == "vector" and len(value) != n_cols
    }
    return replace(state, input=inp, target=target, shape=None).with_options(**unfit)


def fit_target(state, length):
    """A sequence loss's labels cut or padded to ``length`` (new labels: the first non-blank)."""
    fill = str(1 if state.get("blank") == 0 else 0)
    return replace(state, target=resize_table(state.target, 1, length, fill))


def set_option(state, name, value):
    """The state with one option changed.

    Changing the target's form turns class indices into probabilities (one-hot) or back (argmax).
    """
    changed = state.with_options(**{name: value})
    if name != "target_kind" or changed.index_target == state.index_target:
        return changed
    n_cols = len(state.input[0])
    if value == "probs":
        target = tuple(
            tuple("1.0" if c == int(row[0]) else "0.0" for c in range(n_cols))
            for row in state.target
        )
    else:
        target = tuple(
            (str(max(range(n_cols), key=lambda c, row=row: float(row[c]))),)
            for row in state.target
        )
    return replace(changed, target=target)


# --- the link: query params ---------------------------------------------------------------------


def _table_text(table):
    return ";".join(",".join(row) for row in table)


def option_text(name, value):
    """An option's value as a query param."""
    kind = OPTIONS[name].kind
    if kind == "vector":
        return vector_text(value)
    return number_text(value) if kind == "float" else str(value)


def read_option(name, text):
    """An option's value from a query param; None when the text is not one the option takes."""
    option = OPTIONS[name]
    try:
        if option.kind == "vector":
            return parse_vector(text)
        if option.kind == "choice":  # a link holds the text of a choice (``p=2``)
            value = next((c for c in option.choices if str(c) == text), None)
        elif option.kind == "bool":
            value = {"True": True, "False": False}.get(text)
        elif option.kind == "int":
            value = int(text) if is_int_text(text.strip()) else None
        else:
            value = float(text)
    except (TableError, ValueError):
        return None
    return value if value is not None and option.valid(value) else None


def state_to_params(state):
    """The query params that reproduce a state (options at torch's defaults are left out)."""
    params = {
        "loss": state.loss,
        "reduction": state.reduction,
        "input": _table_text(state.input),
        "target": _table_text(state.target),
        "dtype": state.dtype,
    }
    if state.other:
        params["other"] = _table_text(state.other)
    if not state.rowwise and state.shape:
        params["shape"] = shape_text(state.shape, ",")
    params |= {name: option_text(name, value) for name, value in state.options}
    return params


def _param_table(text, integer=False):
    rows = [row.split(",") for row in text.split(";")]
    if len(rows) > MAX_ROWS or any(len(row) != len(rows[0]) or len(row) > MAX_COLS for row in rows):
        raise TableError("losses.err.no_data")
    return parse_table(rows, integer)


def state_from_params(params):
    """The state a link describes; anything missing or malformed falls back to a default.

    Options left out of a link are torch's defaults; when the link's tables do not fit, the
    loss's first example is shown with the link's options that are not about the data.
    """
    loss = params.get("loss")
    if loss not in SPECS:
        return PRESETS[DEFAULT_PRESET]
    base = start(loss)
    fields = {}
    if params.get("reduction") in base.spec.reductions:
        fields["reduction"] = params["reduction"]
    if params.get("dtype") in DTYPES:
        fields["dtype"] = params["dtype"]
    options = {}
    for name in base.spec.options:
        value = read_option(name, params.get(name, ""))
        if value is not None:
            options[name] = value
    state = replace(base, options=(), **fields).with_options(**options)
    try:
        candidate = replace(
            state,
            input=_param_table(params["input"]),
            target=_param_table(params["target"], integer=state.integer_target),
            other=_param_table(params["other"]) if "other" in state.tables else (),
            shape=None if state.rowwise else parse_shape(params.get("shape", "")),
        )
    except (KeyError, TableError):
        candidate = None
    if candidate is not None and not check_state(candidate):
        return candidate
    # the tables do not fit: take the loss's own data, with the link's options about the loss
    scalars = {n: v for n, v in options.items() if OPTIONS[n].kind in ("int", "float")}
    fallback = replace(base, **fields).with_options(**scalars)
    return replace(base, **fields) if check_state(fallback) else fallback


def explore_link(code, lang=None):
    """The Explore page's address ("/") with the code in its ``code`` query param, URL-encoded."""
    query = {"code": code}
    if lang:
        query["lang"] = lang
    return "/?" + urllib.parse.urlencode(query, quote_via=urllib.parse.quote)
