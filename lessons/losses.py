"""The Losses page's logic: its state and query params, table validation, formulas and code.

Nothing here draws. The page reads its widgets into a ``LossState``, checks it with
``check_state`` (problems carry catalogue keys, so the page shows them in either language),
computes everything it shows with ``compute`` (the engine's losses and autograd), and writes
the formula, the closed-form gradient and the equivalent PyTorch code from the same state.
"""

import math
import urllib.parse
from dataclasses import dataclass, replace

from engine import losses
from engine.autograd.ops import sigmoid, sign
from engine.torchlike import tensor as tensor_module

from .explore import Problem

LOSS_NAMES = (
    "L1Loss",
    "MSELoss",
    "CrossEntropyLoss",
    "NLLLoss",
    "BCELoss",
    "BCEWithLogitsLoss",
    "HuberLoss",
    "SmoothL1Loss",
)
REDUCTIONS = ("mean", "sum", "none")
DTYPES = ("float32", "float64", "auto")  # auto: no dtype=, so torch infers int64 from integers
TARGET_KINDS = ("index", "probs")
MAX_ROWS = 8
MAX_COLS = 8
MAX_TERMS = 4  # terms written out in a formula before it switches to \cdots
MAX_TEX = 150  # LaTeX characters of a sum written out term by term, beyond it values are shown
IGNORE_INDEX = -100  # torch's default ignore_index


@dataclass(frozen=True)
class LossSpec:
    """What a loss needs: its torch.nn.functional name, its kind of data and its options."""

    name: str
    function: str
    kind: str  # "elementwise" (input and target alike), "classes" (N x C and N), "binary"
    options: tuple = ()


SPECS = {
    spec.name: spec
    for spec in (
        LossSpec("L1Loss", "l1_loss", "elementwise"),
        LossSpec("MSELoss", "mse_loss", "elementwise"),
        LossSpec(
            "CrossEntropyLoss",
            "cross_entropy",
            "classes",
            ("weight", "ignore_index", "label_smoothing", "target_kind"),
        ),
        LossSpec("NLLLoss", "nll_loss", "classes", ("weight", "ignore_index")),
        LossSpec("BCELoss", "binary_cross_entropy", "binary", ("weight",)),
        LossSpec(
            "BCEWithLogitsLoss",
            "binary_cross_entropy_with_logits",
            "binary",
            ("weight", "pos_weight"),
        ),
        LossSpec("HuberLoss", "huber_loss", "elementwise", ("delta",)),
        LossSpec("SmoothL1Loss", "smooth_l1_loss", "elementwise", ("beta",)),
    )
}


@dataclass(frozen=True)
class LossState:
    """Everything the page shows follows from this: the loss, its options and the two tables.

    Tables are tuples of rows of cell texts (``"1"``, ``"0.25"``): the text is kept because
    torch infers int64 from ``1`` and float32 from ``1.0`` when no dtype is given.
    For class-index targets the target table has one column (the class of each row).
    """

    loss: str = "L1Loss"
    reduction: str = "mean"
    input: tuple = (("1", "2", "3"),)
    target: tuple = (("1", "2", "5"),)
    shape: tuple | None = (1, 1, 1, 3)
    dtype: str = "float32"
    weight: tuple | None = None
    ignore_index: int = IGNORE_INDEX
    label_smoothing: float = 0.0
    target_kind: str = "index"
    pos_weight: tuple | None = None
    delta: float = 1.0
    beta: float = 1.0

    @property
    def spec(self):
        """The LossSpec of the chosen loss."""
        return SPECS[self.loss]

    @property
    def index_target(self):
        """True when the target holds one class index per row (CrossEntropy, NLL)."""
        return self.spec.kind == "classes" and (
            self.loss == "NLLLoss" or self.target_kind == "index"
        )

    def uses(self, option):
        """True when the chosen loss takes this option."""
        return option in self.spec.options


def _rows(*rows):
    return tuple(tuple(str(c) for c in row) for row in rows)


PRESETS = {
    "tutorial_l1": LossState(),
    "tutorial_mse": LossState(loss="MSELoss"),
    "tutorial_ce": LossState(
        loss="CrossEntropyLoss",
        input=_rows(("0.1", "0.2", "0.3")),
        target=_rows((1,)),
        shape=None,
    ),
    "ce_batch": LossState(
        loss="CrossEntropyLoss",
        input=_rows(("2.0", "0.5", "-1.0"), ("0.1", "1.5", "0.3"), ("-0.5", "0.2", "2.5")),
        target=_rows((0,), (2,), (2,)),
        shape=None,
        weight=(1.0, 2.0, 0.5),
    ),
    "ce_probs": LossState(
        loss="CrossEntropyLoss",
        input=_rows(("0.1", "0.2", "0.3"), ("1.0", "-1.0", "0.5")),
        target=_rows(("0.1", "0.8", "0.1"), ("0.6", "0.2", "0.2")),
        shape=None,
        target_kind="probs",
    ),
    "nll": LossState(
        loss="NLLLoss",
        input=_rows(("-1.2", "-0.5", "-2.0"), ("-0.3", "-1.8", "-2.5")),
        target=_rows((1,), (0,)),
        shape=None,
    ),
    "bce": LossState(
        loss="BCELoss",
        input=_rows(("0.9", "0.2", "0.6"), ("0.3", "0.7", "0.5")),
        target=_rows(("1.0", "0.0", "1.0"), ("0.0", "1.0", "1.0")),
        shape=None,
    ),
    "bce_logits": LossState(
        loss="BCEWithLogitsLoss",
        input=_rows(("2.0", "-1.0", "0.5"), ("-0.3", "1.2", "-2.0")),
        target=_rows(("1.0", "0.0", "1.0"), ("0.0", "1.0", "1.0")),
        shape=None,
        pos_weight=(1.0, 2.0, 3.0),
    ),
    "huber": LossState(
        loss="HuberLoss",
        input=_rows(("0.5", "2.0", "-1.0"), ("3.0", "0.2", "1.5")),
        target=_rows(("0.0", "0.0", "0.0"), ("1.0", "1.0", "1.0")),
        shape=None,
    ),
    "smooth_l1": LossState(
        loss="SmoothL1Loss",
        input=_rows(("0.5", "2.0", "-1.0"), ("3.0", "0.2", "1.5")),
        target=_rows(("0.0", "0.0", "0.0"), ("1.0", "1.0", "1.0")),
        shape=None,
        beta=0.5,
    ),
}
DEFAULT_PRESET = "tutorial_l1"
# the preset a loss starts from when the learner picks it in the loss selector
LOSS_PRESET = {
    "L1Loss": "tutorial_l1",
    "MSELoss": "tutorial_mse",
    "CrossEntropyLoss": "tutorial_ce",
    "NLLLoss": "nll",
    "BCELoss": "bce",
    "BCEWithLogitsLoss": "bce_logits",
    "HuberLoss": "huber",
    "SmoothL1Loss": "smooth_l1",
}


# --- problems: what is wrong with a table or an option, as a catalogue key and its arguments ---


class TableError(ValueError):
    """A cell of a table that is not what the loss needs."""

    def __init__(self, key, **params):
        super().__init__(key)
        self.problem = Problem(key, params)


# --- numbers and cells --------------------------------------------------------------------------


def _is_digits(text):
    # ASCII only: str.isdigit() also accepts '¹' and other digits int() refuses
    return text.isascii() and text.isdigit()


def _is_int_text(text):
    return _is_digits(text[1:] if text[:1] in "+-" else text)


def parse_cell(value, row, col, integer=False):
    """A table cell as normalised number text; TableError for text, empty or non-finite cells."""
    where = {"row": row + 1, "col": col + 1}
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise TableError("losses.err.empty", **where)
    text = str(value).strip()
    if not text:
        raise TableError("losses.err.empty", **where)
    if _is_int_text(text) and len(text) <= 18:
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


def format_number(x):
    """A float as short cell text: ``1``, ``0.25``, ``-0.3333``."""
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.6g}"


def _shape_of(state):
    """The input tensor's shape: the reshape if one is set, else the table's."""
    if state.spec.kind == "classes":
        return (len(state.input), len(state.input[0]))
    if state.shape:
        return tuple(state.shape)
    return (len(state.input), len(state.input[0]))


def _vector_length(state):
    """How long weight and pos_weight must be: the number of classes, or the last dimension."""
    return _shape_of(state)[-1]


def check_state(state):
    """Every problem with a state (shapes, class indices, ranges, option lengths); [] when none."""
    problems = []
    spec = state.spec
    n_rows, n_cols = len(state.input), len(state.input[0])
    t_rows = len(state.target)
    t_cols = len(state.target[0]) if state.target else 0
    if state.index_target:
        if t_rows != n_rows or t_cols != 1:
            problems.append(Problem("losses.err.index_shape", {"n": n_rows}))
        else:
            for r, (cell,) in enumerate(state.target):
                k = int(float(cell))
                if k != state.ignore_index and not 0 <= k < n_cols:
                    problems.append(
                        Problem("losses.err.class_range", {"row": r + 1, "value": k, "c": n_cols})
                    )
    elif (t_rows, t_cols) != (n_rows, n_cols):
        problems.append(
            Problem(
                "losses.err.target_shape",
                {"input": f"{n_rows} x {n_cols}", "target": f"{t_rows} x {t_cols}"},
            )
        )
    if spec.kind != "classes" and state.shape:
        if math.prod(state.shape) != n_rows * n_cols:
            problems.append(
                Problem(
                    "losses.err.reshape",
                    {"shape": _shape_text(state.shape), "n": n_rows * n_cols},
                )
            )
    if state.loss == "BCELoss":
        for r, row in enumerate(state.input):
            for c, cell in enumerate(row):
                if not 0.0 <= float(cell) <= 1.0:
                    problems.append(
                        Problem("losses.err.probability", {"row": r + 1, "col": c + 1})
                    )
    for option in ("weight", "pos_weight"):
        vector = getattr(state, option)
        if state.uses(option) and vector is not None and not problems:
            if len(vector) != _vector_length(state):
                problems.append(
                    Problem(
                        "losses.err.vector_length",
                        {"name": option, "n": _vector_length(state), "got": len(vector)},
                    )
                )
    if state.uses("label_smoothing") and not 0.0 <= state.label_smoothing <= 1.0:
        problems.append(Problem("losses.err.smoothing", {}))
    if state.uses("delta") and not state.delta > 0.0:
        problems.append(Problem("losses.err.delta", {}))
    if state.uses("beta") and not state.beta >= 0.0:
        problems.append(Problem("losses.err.beta", {}))
    return problems


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


def resize_table(table, n_rows, n_cols, fill="0"):
    """The table cut or padded (with ``fill``) to n_rows x n_cols."""
    rows = [list(row[:n_cols]) + [fill] * (n_cols - len(row)) for row in table[:n_rows]]
    rows += [[fill] * n_cols for _ in range(n_rows - len(rows))]
    return tuple(tuple(row) for row in rows)


def switch_loss(state, loss):
    """The state for another loss: its preset's data and options, keeping the reduction."""
    if loss == state.loss:
        return state
    return replace(PRESETS[LOSS_PRESET[loss]], reduction=state.reduction)


def fit_tables(state, n_rows, n_cols):
    """The state with its tables resized to n_rows x n_cols (n_cols classes for class losses)."""
    inp = resize_table(state.input, n_rows, n_cols, "0.0")
    if state.index_target:
        target = resize_table(state.target, n_rows, 1, "0")
    else:
        target = resize_table(state.target, n_rows, n_cols, "0.0")
    weight = state.weight
    pos_weight = state.pos_weight
    if weight is not None and len(weight) != n_cols:
        weight = None
    if pos_weight is not None and len(pos_weight) != n_cols:
        pos_weight = None
    return replace(
        state, input=inp, target=target, shape=None, weight=weight, pos_weight=pos_weight
    )


def set_target_kind(state, kind):
    """The state with class-index targets turned into probabilities (one-hot) or back (argmax)."""
    if kind == state.target_kind or state.loss != "CrossEntropyLoss":
        return replace(state, target_kind=kind)
    n_cols = len(state.input[0])
    if kind == "probs":
        target = tuple(
            tuple("1.0" if c == int(row[0]) else "0.0" for c in range(n_cols))
            for row in state.target
        )
    else:
        target = tuple(
            (str(max(range(n_cols), key=lambda c, row=row: float(row[c]))),)
            for row in state.target
        )
    return replace(state, target_kind=kind, target=target)


# --- query params -------------------------------------------------------------------------------

PARAMS = (
    "loss", "reduction", "input", "target", "shape", "dtype", "weight", "ignore_index",
    "label_smoothing", "target_kind", "pos_weight", "delta", "beta",
)  # fmt: skip


def _table_text(table):
    return ";".join(",".join(row) for row in table)


def _vector_text(vector):
    return ",".join(format_number(v) for v in vector)


def _shape_text(shape):
    return ", ".join(str(n) for n in shape)


def state_to_params(state):
    """The query params that reproduce a state (options at torch's defaults are left out)."""
    params = {
        "loss": state.loss,
        "reduction": state.reduction,
        "input": _table_text(state.input),
        "target": _table_text(state.target),
        "dtype": state.dtype,
    }
    if state.spec.kind != "classes" and state.shape:
        params["shape"] = ",".join(str(n) for n in state.shape)
    if state.uses("weight") and state.weight is not None:
        params["weight"] = _vector_text(state.weight)
    if state.uses("pos_weight") and state.pos_weight is not None:
        params["pos_weight"] = _vector_text(state.pos_weight)
    if state.uses("ignore_index") and state.ignore_index != IGNORE_INDEX:
        params["ignore_index"] = str(state.ignore_index)
    if state.uses("label_smoothing") and state.label_smoothing:
        params["label_smoothing"] = format_number(state.label_smoothing)
    if state.uses("target_kind") and state.target_kind != "index":
        params["target_kind"] = state.target_kind
    if state.uses("delta") and state.delta != 1.0:
        params["delta"] = format_number(state.delta)
    if state.uses("beta") and state.beta != 1.0:
        params["beta"] = format_number(state.beta)
    return params


def _param_table(text, integer=False):
    rows = [row.split(",") for row in text.split(";")]
    if len(rows) > MAX_ROWS or any(len(row) != len(rows[0]) or len(row) > MAX_COLS for row in rows):
        raise TableError("losses.err.no_data")
    return parse_table(rows, integer)


def _param_float(params, name, default, ok):
    try:
        value = float(params[name])
    except (KeyError, ValueError):
        return default
    return value if math.isfinite(value) and ok(value) else default


def state_from_params(params):
    """The state a link describes; anything missing or malformed falls back to a default."""
    loss = params.get("loss")
    if loss not in SPECS:
        return PRESETS[DEFAULT_PRESET]
    base = PRESETS[LOSS_PRESET[loss]]
    fields = {"loss": loss}
    if params.get("reduction") in REDUCTIONS:
        fields["reduction"] = params["reduction"]
    if params.get("dtype") in DTYPES:
        fields["dtype"] = params["dtype"]
    spec = SPECS[loss]
    if "target_kind" in spec.options and params.get("target_kind") in TARGET_KINDS:
        fields["target_kind"] = params["target_kind"]
    fields["label_smoothing"] = _param_float(params, "label_smoothing", 0.0, lambda v: 0 <= v <= 1)
    fields["delta"] = _param_float(params, "delta", base.delta, lambda v: v > 0)
    fields["beta"] = _param_float(params, "beta", base.beta, lambda v: v >= 0)
    try:
        ignore_index = int(params.get("ignore_index", IGNORE_INDEX))
    except ValueError:
        ignore_index = IGNORE_INDEX
    if abs(ignore_index) <= 1_000_000:
        fields["ignore_index"] = ignore_index
    state = replace(base, **fields)
    try:
        candidate = replace(
            state,
            input=_param_table(params["input"]),
            target=_param_table(params["target"], integer=state.index_target),
            shape=parse_shape(params.get("shape", "")) if spec.kind != "classes" else None,
            weight=parse_vector(params.get("weight", "")),
            pos_weight=parse_vector(params.get("pos_weight", "")),
        )
    except (KeyError, TableError):
        candidate = None
    if candidate is None or check_state(candidate):
        # the tables do not fit: keep the options, take the loss's own data
        fields.pop("target_kind", None)
        return replace(base, **fields)
    return candidate


def explore_link(code, lang=None):
    """The Explore page's address ("/") with the code in its ``code`` query param, URL-encoded."""
    query = {"code": code}
    if lang:
        query["lang"] = lang
    return "/?" + urllib.parse.urlencode(query, quote_via=urllib.parse.quote)


# --- the closed-form gradient -------------------------------------------------------------------


def _flat(table):
    return [float(c) for row in table for c in row]


def log_sum_exp(row):
    """log sum_c e^{x_c} of a list of floats, shifted by the max so large logits do not overflow."""
    m = max(row)
    return m + math.log(sum(math.exp(v - m) for v in row))


def _class_weights(state):
    return list(state.weight) if state.uses("weight") and state.weight else None


def _target_mass(state):
    """q[n][c]: how much class c of row n pulls (weighted, smoothed); grad = p * sum(q) - q."""
    x = numbers(state.input)
    n_classes = len(x[0])
    w = _class_weights(state) or [1.0] * n_classes
    eps = state.label_smoothing if state.uses("label_smoothing") else 0.0
    q = []
    for row in state.target:
        if state.index_target:
            k = int(row[0])
            if k == state.ignore_index:
                q.append(None)
                continue
            q.append(
                [(1 - eps) * w[k] * (c == k) + eps / n_classes * w[c] for c in range(n_classes)]
            )
        else:
            y = [float(v) for v in row]
            q.append([w[c] * ((1 - eps) * y[c] + eps / n_classes) for c in range(n_classes)])
    return q


def class_normaliser(state):
    """What a class loss's mean divides by: the targets' summed weights, or the row count."""
    if state.reduction != "mean":
        return 1.0
    if not state.index_target:
        return float(len(state.input))
    w = _class_weights(state)
    kept = [int(row[0]) for row in state.target if int(row[0]) != state.ignore_index]
    return float(sum(w[k] for k in kept)) if w else float(len(kept))


def closed_form_gradient(state):
    """d loss / d input from the textbook formula, in the input table's layout.

    With reduction 'none' it is the gradient of the summed per-element losses.
    """
    n_rows, n_cols = len(state.input), len(state.input[0])
    if state.spec.kind == "classes":
        x = numbers(state.input)
        norm = class_normaliser(state)
        grad = []
        for row, q in zip(x, _target_mass(state), strict=True):
            if q is None:  # an ignored row contributes nothing
                grad.append([0.0] * n_cols)
            elif state.loss == "NLLLoss":
                grad.append([-qc / norm for qc in q])  # d(-w x_t)/dx_c = -w [c = t]
            else:
                lse = log_sum_exp(row)
                p = [math.exp(v - lse) for v in row]
                total = sum(q)
                grad.append([(pc * total - qc) / norm for pc, qc in zip(p, q, strict=True)])
        return grad
    x, y = _flat(state.input), _flat(state.target)
    scale = 1.0 / len(x) if state.reduction == "mean" else 1.0
    last = _vector_length(state)
    w = state.weight if state.uses("weight") and state.weight else None
    pw = state.pos_weight if state.uses("pos_weight") and state.pos_weight else None
    flat = []
    for i, (xi, yi) in enumerate(zip(x, y, strict=True)):
        d = xi - yi
        if state.loss == "L1Loss":
            g = sign(d)
        elif state.loss == "MSELoss":
            g = 2.0 * d
        elif state.loss == "HuberLoss":
            g = d if abs(d) < state.delta else state.delta * sign(d)
        elif state.loss == "SmoothL1Loss":
            g = d / state.beta if abs(d) < state.beta else sign(d)
        elif state.loss == "BCELoss":
            # torch guards the division with max(x (1 - x), 1e-12)
            g = d / max(xi * (1.0 - xi), 1e-12)
        else:  # BCEWithLogitsLoss
            p = pw[i % last] if pw else 1.0
            g = (p * yi + 1.0 - yi) * sigmoid(xi) - p * yi
        if w:
            g *= w[i % last]
        flat.append(g * scale)
    return [flat[r * n_cols : (r + 1) * n_cols] for r in range(n_rows)]


# --- formulas, with symbols and with the numbers ------------------------------------------------


def tex_number(x):
    """A float for LaTeX with 4 significant digits: ``2.5``, ``1.2 \\times 10^{-5}``."""
    if math.isnan(x):
        return r"\mathrm{nan}"
    if math.isinf(x):
        return r"\infty" if x > 0 else r"-\infty"
    text = f"{x:.4g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


def _p(x):
    # a number written after an operator: negative numbers get parentheses
    return f"({tex_number(x)})" if x < 0 else tex_number(x)


def _elide(items, limit=MAX_TERMS):
    return items if len(items) <= limit else [*items[: limit - 1], r"\cdots", items[-1]]


def _sum_tex(items, sep=" + "):
    return sep.join(_elide(items))


def _has_weight(state):
    return state.uses("weight") and state.weight is not None


def _smoothing(state):
    return state.label_smoothing if state.uses("label_smoothing") else 0.0


ELEMENT_FORMULAS = {
    "L1Loss": r"\ell_i = |x_i - y_i|",
    "MSELoss": r"\ell_i = (x_i - y_i)^2",
    "HuberLoss": r"\ell_i = \begin{cases} \tfrac{1}{2}(x_i - y_i)^2 & |x_i - y_i| < \delta \\"
    r" \delta\,(|x_i - y_i| - \tfrac{1}{2}\delta) & \text{otherwise} \end{cases}",
    "SmoothL1Loss": r"\ell_i = \begin{cases} \tfrac{1}{2}(x_i - y_i)^2/\beta & |x_i - y_i| < \beta"
    r" \\ |x_i - y_i| - \tfrac{1}{2}\beta & \text{otherwise} \end{cases}",
    "BCELoss": r"\ell_i = -{w}\big[y_i \log x_i + (1 - y_i) \log(1 - x_i)\big]",
    "BCEWithLogitsLoss": r"\ell_i = -{w}\big[{p}y_i \log \sigma(x_i)"
    r" + (1 - y_i) \log(1 - \sigma(x_i))\big]",
    "NLLLoss": r"\ell_n = -{w}x_{n,y_n}",
}


def formula_tex(state):
    """The loss's definition for the chosen options, in symbols: [per element, reduction]."""
    if state.loss == "CrossEntropyLoss":
        lse = r"\log \sum_k e^{x_{n,k}}"
        if not state.index_target:
            w = "w_c " if _has_weight(state) else ""
            y = r"\big((1-\varepsilon) y_{n,c} + \tfrac{\varepsilon}{C}\big)" if _smoothing(
                state
            ) else "y_{n,c}"
            element = rf"\ell_n = \sum_c {w}{y}\big({lse} - x_{{n,c}}\big)"
        else:
            w = "w_{y_n}" if _has_weight(state) else ""
            element = rf"\ell_n = {w}\big({lse} - x_{{n,y_n}}\big)"
            if _smoothing(state):
                wc = "w_c" if _has_weight(state) else ""
                element = (
                    rf"\ell_n = (1-\varepsilon)\,{w}\big({lse} - x_{{n,y_n}}\big)"
                    rf" + \frac{{\varepsilon}}{{C}} \sum_c {wc}\big({lse} - x_{{n,c}}\big)"
                )
    else:
        weight = _has_weight(state)
        w = {"BCELoss": "w_i", "BCEWithLogitsLoss": "w_i", "NLLLoss": "w_{y_n}"}.get(state.loss)
        pos = state.uses("pos_weight") and state.pos_weight is not None
        element = ELEMENT_FORMULAS[state.loss].replace("{w}", w + r"\," if weight else "")
        element = element.replace("{p}", r"p_i\," if pos else "")
    return [element, _reduction_tex(state)]


def _reduction_tex(state):
    i = "n" if state.spec.kind == "classes" else "i"
    if state.reduction == "sum":
        return rf"\ell = \sum_{i} \ell_{i}"
    if state.reduction == "none":
        return r"\ell = (\ell_1, \dots, \ell_N)"
    if state.index_target and _has_weight(state):
        return r"\ell = \frac{\sum_n \ell_n}{\sum_{n:\, y_n \neq \mathrm{ignore}} w_{y_n}}"
    if state.index_target and state.uses("ignore_index"):
        return r"\ell = \frac{1}{N_{\mathrm{kept}}} \sum_n \ell_n"
    return rf"\ell = \frac{{1}}{{N}} \sum_{i} \ell_{i}"


def _lse_tex(row):
    return r"\log(" + _sum_tex([f"e^{{{tex_number(v)}}}" for v in row]) + ")"


def _class_terms(state):
    x = numbers(state.input)
    n_classes = len(x[0])
    w = _class_weights(state)
    eps = _smoothing(state)
    terms = []
    for row, target in zip(x, state.target, strict=True):
        if state.index_target:
            k = int(target[0])
            if k == state.ignore_index:
                terms.append(r"0_{\,\mathrm{ignored}}")
                continue
            wk = f"{tex_number(w[k])} \\cdot " if w else ""
            if state.loss == "NLLLoss":
                terms.append(f"-{wk}{_p(row[k])}")
                continue
            lse = _lse_tex(row) if len(x) == 1 else tex_number(log_sum_exp(row))
            term = f"{wk}({lse} - {_p(row[k])})"
            if eps:
                lse_n = tex_number(log_sum_exp(row))
                smooth = _sum_tex(
                    [
                        (f"{tex_number(w[c])}" if w else "") + f"({lse_n} - {_p(row[c])})"
                        for c in range(n_classes)
                    ]
                )
                term = (
                    f"{tex_number(1 - eps)} \\cdot {term}"
                    f" + \\tfrac{{{tex_number(eps)}}}{{{n_classes}}}\\big({smooth}\\big)"
                )
            terms.append(term)
        else:
            lse_n = tex_number(log_sum_exp(row))
            parts = []
            for c in range(n_classes):
                yc = (1 - eps) * float(target[c]) + eps / n_classes
                wc = (w[c] if w else 1.0) * yc
                if wc:
                    parts.append(f"{tex_number(wc)}({lse_n} - {_p(row[c])})")
            terms.append(_sum_tex(parts) if parts else "0")
    return terms


def _element_terms(state):
    x, y = _flat(state.input), _flat(state.target)
    last = _vector_length(state)
    terms = []
    for i, (xi, yi) in enumerate(zip(x, y, strict=True)):
        d = f"{tex_number(xi)} - {_p(yi)}"
        if state.loss == "L1Loss":
            term = f"|{d}|"
        elif state.loss == "MSELoss":
            term = f"({d})^2"
        elif state.loss == "HuberLoss":
            delta = tex_number(state.delta)
            quadratic = abs(xi - yi) < state.delta
            term = rf"\tfrac{{1}}{{2}}({d})^2" if quadratic else rf"{delta}(|{d}| - {delta}/2)"
        elif state.loss == "SmoothL1Loss":
            beta = tex_number(state.beta)
            quadratic = abs(xi - yi) < state.beta
            term = rf"\tfrac{{1}}{{2}}({d})^2/{beta}" if quadratic else rf"|{d}| - {beta}/2"
        elif state.loss == "BCELoss":
            term = rf"-[{_p(yi)}\log {_p(xi)} + (1 - {_p(yi)})\log(1 - {_p(xi)})]"
        else:
            pos = state.pos_weight[i % last] if state.pos_weight else None
            pw = f"{tex_number(pos)} \\cdot " if pos is not None else ""
            term = (
                rf"-[{pw}{_p(yi)}\log\sigma({tex_number(xi)})"
                rf" + (1 - {_p(yi)})\log(1 - \sigma({tex_number(xi)}))]"
            )
        if _has_weight(state):
            term = f"{tex_number(state.weight[i % last])} \\cdot {term}"
        terms.append(term)
    return terms


def substituted_tex(state, value, elements):
    """The loss with the numbers filled in: LaTeX lines ending in its value.

    A short sum is written out term by term. A long one shows its first term worked out, then
    the reduction over the per-element values ``elements`` (the loss with reduction 'none').
    """
    classes = state.spec.kind == "classes"
    terms = _class_terms(state) if classes else _element_terms(state)
    lines = []
    if len(terms) > 1 and len(_sum_tex(terms)) > MAX_TEX:
        first = next((k for k, term in enumerate(terms) if "ignored" not in term), 0)
        i = "n" if classes else "i"
        lines.append(
            rf"\ell_{{{i}={first}}} = {terms[first]} = {tex_number(elements[first])}"
        )
        terms = [tex_number(v) for v in elements]
        if state.reduction == "none":
            return [*lines, rf"\ell = \big({_sum_tex(terms, ', ')}\big)"]
    if state.reduction == "none":
        values = ", ".join(_elide([tex_number(v) for v in value]))
        return [*lines, rf"\ell = \big({_sum_tex(terms, ', ')}\big) = ({values})"]
    total = _sum_tex(terms)
    if state.reduction == "sum":
        body = total
    elif classes:
        norm = class_normaliser(state)
        if state.index_target and _has_weight(state):
            kept = [int(r[0]) for r in state.target if int(r[0]) != state.ignore_index]
            weights = _sum_tex([tex_number(state.weight[k]) for k in kept]) or "0"
            body = rf"\frac{{{total}}}{{{weights}}}"
        else:
            body = rf"\frac{{1}}{{{tex_number(norm)}}}\big({total}\big)"
    else:
        body = rf"\frac{{1}}{{{len(elements)}}}\big({total}\big)"
    return [*lines, rf"\ell = {body} = {tex_number(value)}"]


def gradient_tex(state):
    """The closed form of d loss / d input for the chosen options (one LaTeX line)."""
    if state.spec.kind == "classes":
        norm = {"mean": "W", "sum": "", "none": ""}[state.reduction]
        if state.loss == "NLLLoss":
            body = r"-w_{y_n}\,[c = y_n]" if _has_weight(state) else r"-[c = y_n]"
        elif not _has_weight(state) and not _smoothing(state) and state.index_target:
            body = r"\operatorname{softmax}(x_n)_c - [c = y_n]"
        else:
            body = r"\operatorname{softmax}(x_n)_c \sum_k q_{n,k} - q_{n,c}"
        lhs = r"\frac{\partial \ell}{\partial x_{n,c}} = "
        if state.reduction == "mean":
            if state.index_target and (_has_weight(state) or state.uses("ignore_index")):
                norm = r"W = \textstyle\sum_{n \text{ kept}} w_{y_n}" if _has_weight(
                    state
                ) else r"W = N_{\mathrm{kept}}"
            else:
                norm = "W = N"
            tex = lhs + rf"\frac{{{body}}}{{W}},\quad {norm}"
        else:
            tex = lhs + body
        if "q_{n" in body:
            q = (
                r"q_{n,c} = (1-\varepsilon)\,w_c [c = y_n] + \tfrac{\varepsilon}{C} w_c"
                if state.index_target
                else r"q_{n,c} = w_c\big((1-\varepsilon) y_{n,c} + \tfrac{\varepsilon}{C}\big)"
            )
            tex += r",\quad " + q
        return tex
    d = "x_i - y_i"
    body = {
        "L1Loss": rf"\operatorname{{sign}}({d})",
        "MSELoss": rf"2({d})",
        "HuberLoss": rf"\begin{{cases}} {d} & |{d}| < \delta \\"
        rf" \delta\,\operatorname{{sign}}({d}) & \text{{otherwise}} \end{{cases}}",
        "SmoothL1Loss": rf"\begin{{cases}} ({d})/\beta & |{d}| < \beta \\"
        rf" \operatorname{{sign}}({d}) & \text{{otherwise}} \end{{cases}}",
        "BCELoss": r"\frac{x_i - y_i}{x_i(1 - x_i)}",
        "BCEWithLogitsLoss": r"(p_i y_i + 1 - y_i)\,\sigma(x_i) - p_i y_i"
        if state.pos_weight is not None
        else r"\sigma(x_i) - y_i",
    }[state.loss]
    if _has_weight(state):
        body = rf"w_i \left({body}\right)"
    lhs = r"\frac{\partial \ell}{\partial x_i} = "
    if state.reduction == "mean":
        body = body if body.startswith("w_i") else rf"\left({body}\right)"
        return lhs + r"\frac{1}{N}" + body + rf",\quad N = {math.prod(_shape_of(state))}"
    return lhs + body


# --- the equivalent PyTorch code ----------------------------------------------------------------


def _list_literal(table):
    rows = ["[" + ", ".join(row) + "]" for row in table]
    return "[" + ", ".join(rows) + "]"


def _dtype_arg(state):
    return "" if state.dtype == "auto" else f", dtype=torch.{state.dtype}"


def _vector_literal(vector, state):
    values = ", ".join(repr(float(v)) for v in vector)
    return f"torch.tensor([{values}]{_dtype_arg(state)})"


def loss_arguments(state):
    """The loss's keyword arguments as source text; options at torch's defaults are left out."""
    args = [f"reduction={state.reduction!r}"]
    if _has_weight(state):
        args.append(f"weight={_vector_literal(state.weight, state)}")
    if state.uses("pos_weight") and state.pos_weight is not None:
        args.append(f"pos_weight={_vector_literal(state.pos_weight, state)}")
    if state.uses("ignore_index") and state.ignore_index != IGNORE_INDEX:
        args.append(f"ignore_index={state.ignore_index}")
    if _smoothing(state):
        args.append(f"label_smoothing={state.label_smoothing!r}")
    if state.uses("delta") and state.delta != 1.0:
        args.append(f"delta={state.delta!r}")
    if state.uses("beta") and state.beta != 1.0:
        args.append(f"beta={state.beta!r}")
    return ", ".join(args)


def pytorch_code(state):
    """The PyTorch program that computes this loss and its gradient, in the tutorial's style."""
    dtype = _dtype_arg(state)
    lines = ["import torch", f"from torch.nn import {state.loss}", ""]
    if state.spec.kind != "classes" and state.shape:
        flat_input = "[" + ", ".join(c for row in state.input for c in row) + "]"
        flat_target = "[" + ", ".join(c for row in state.target for c in row) + "]"
        shape = "(" + ", ".join(str(n) for n in state.shape) + ("," * (len(state.shape) == 1)) + ")"
        lines += [
            f"input = torch.tensor({flat_input}{dtype})",
            f"target = torch.tensor({flat_target}{dtype})",
            f"input = torch.reshape(input, {shape})",
            f"target = torch.reshape(target, {shape})",
        ]
    else:
        lines.append(f"input = torch.tensor({_list_literal(state.input)}{dtype})")
        if state.index_target:
            classes = ", ".join(row[0] for row in state.target)
            lines.append(f"target = torch.tensor([{classes}])")
        else:
            lines.append(f"target = torch.tensor({_list_literal(state.target)}{dtype})")
    backward = "loss.sum().backward()" if state.reduction == "none" else "loss.backward()"
    lines += [
        f"loss_fn = {state.loss}({loss_arguments(state)})",
        "loss = loss_fn(input, target)",
        "print(loss)",
        "",
        "input.requires_grad_()",
        "loss = loss_fn(input, target)",
        backward,
        "print(input.grad)",
    ]
    return "\n".join(lines) + "\n"


# --- computing: the engine's losses and autograd ------------------------------------------------


@dataclass(frozen=True)
class LossResult:
    """What the page shows for a state, all computed by the engine."""

    printed: str  # the loss as PyTorch prints it, e.g. "tensor(0.6667)"
    value: object  # the loss: a float, or a list of floats with reduction 'none'
    elements: list  # the loss with reduction 'none', flat
    element_labels: list  # "[0, 0, 0, 1]" per element, or "row 0" for class losses
    grad: list  # d loss / d input from autograd, in the table's layout
    closed: list  # the same from the closed form
    root: object  # the Value backward ran from (the loss, or its sum for 'none')
    tensors: dict  # name -> Tensor: input, target, loss (for the graph's labels)


def _literal(cell):
    # torch infers the dtype from Python literals: 1 is an int, 1.0 a float
    return int(cell) if _is_int_text(cell) else float(cell)


def _make_tensors(state):
    dtype = None if state.dtype == "auto" else tensor_module.DTYPES[state.dtype]
    nested_input = [[_literal(c) for c in row] for row in state.input]
    if state.index_target:
        target = tensor_module.tensor([int(row[0]) for row in state.target])
    else:
        target = tensor_module.tensor(
            [[_literal(c) for c in row] for row in state.target], dtype=dtype
        )
    inp = tensor_module.tensor(nested_input, dtype=dtype)
    if state.spec.kind != "classes" and state.shape:
        inp = tensor_module.tensor([v for row in nested_input for v in row], dtype=dtype)
        inp = inp.reshape(*state.shape)
        target = target.reshape(*state.shape)
    return inp, target


def _options(state, dtype):
    kwargs = {}
    if _has_weight(state):
        kwargs["weight"] = tensor_module.tensor(list(state.weight), dtype=dtype)
    if state.uses("pos_weight") and state.pos_weight is not None:
        kwargs["pos_weight"] = tensor_module.tensor(list(state.pos_weight), dtype=dtype)
    for name in ("ignore_index", "label_smoothing", "delta", "beta"):
        if state.uses(name):
            kwargs[name] = getattr(state, name)
    return kwargs


def loss_tensor(state, reduction=None, requires_grad=False):
    """(input, target, loss) as engine Tensors; the loss from engine.losses, with every option."""
    inp, target = _make_tensors(state)
    if requires_grad:
        inp.requires_grad_()
    inp.label, target.label = "input", "target"
    function = getattr(losses, state.spec.function)
    dtype = inp.dtype if inp.dtype.is_floating_point else None
    loss = function(inp, target, reduction=reduction or state.reduction, **_options(state, dtype))
    loss.label = "loss"
    return inp, target, loss


def _element_labels(state, shape):
    if state.spec.kind == "classes":
        return [f"n={n}" for n in range(len(state.input))]
    labels = []
    for i in range(math.prod(shape)):
        index = []
        for n in reversed(shape):
            index.append(i % n)
            i //= n
        labels.append("[" + ", ".join(str(k) for k in reversed(index)) + "]")
    return labels


def compute(state):
    """Everything the page shows for a state; the engine's ValueError/TypeError pass through."""
    _, _, shown = loss_tensor(state)
    _, _, per_element = loss_tensor(state, reduction="none")
    inp, target, loss = loss_tensor(state, requires_grad=True)
    total = loss.sum() if state.reduction == "none" else loss
    total.backward()
    n_cols = len(state.input[0])
    grads = [v.grad for v in inp.values()]
    elements = [v.data for v in per_element.values()]
    value = elements if state.reduction == "none" else shown.values()[0].data
    return LossResult(
        printed=repr(shown),
        value=value,
        elements=elements,
        element_labels=_element_labels(state, tuple(inp.shape)),
        grad=[grads[r : r + n_cols] for r in range(0, len(grads), n_cols)],
        closed=closed_form_gradient(state),
        root=total.values()[0],
        tensors={"input": inp, "target": target, "loss": loss},
    )


def max_difference(a, b):
    """The largest |a - b| over two tables of the same layout (nan if either has a nan)."""
    diffs = [abs(x - y) for ra, rb in zip(a, b, strict=True) for x, y in zip(ra, rb, strict=True)]
    return math.nan if any(d != d for d in diffs) else max(diffs)


# --- the teaching panels ------------------------------------------------------------------------

MAX_REPEATS = 5


def repeat_rows(state, k):
    """The state with its data repeated k times (k times as many rows, same mean loss)."""
    return replace(state, input=state.input * k, target=state.target * k, shape=None)


def mean_vs_sum(state, repeats=MAX_REPEATS):
    """How the gradient of one input element changes with N under 'mean' and 'sum'.

    The data is repeated k = 1..repeats times; the element followed is the one with the
    largest gradient. Returns sizes N, |grad| for mean and for sum, losses, and the element.
    """
    base = replace(state, reduction="sum", shape=None)
    first = compute(base)
    flat = [g for row in first.grad for g in row]
    element = max(range(len(flat)), key=lambda i: abs(flat[i]))
    n_cols = len(state.input[0])
    per_copy = len(state.input) if state.spec.kind == "classes" else len(flat)
    rows = {"sizes": [], "mean": [], "sum": [], "mean_loss": [], "sum_loss": []}
    for k in range(1, repeats + 1):
        rows["sizes"].append(per_copy * k)
        for reduction in ("mean", "sum"):
            result = compute(replace(repeat_rows(base, k), reduction=reduction))
            rows[reduction].append(abs(result.grad[element // n_cols][element % n_cols]))
            rows[f"{reduction}_loss"].append(result.value)
    rows["element"] = (element // n_cols, element % n_cols)
    return rows


def sweep_source(state):
    """The cross-entropy panel's (logits, target class): the page's first row, or the tutorial's."""
    if state.loss == "CrossEntropyLoss" and state.index_target:
        for row, target in zip(state.input, state.target, strict=True):
            k = int(target[0])
            if 0 <= k < len(row):
                return [float(c) for c in row], k
    tutorial = PRESETS["tutorial_ce"]
    return [float(c) for c in tutorial.input[0]], int(tutorial.target[0][0])


def softmax(logits):
    """Softmax of a list of floats (shifted by the max, so large logits do not overflow)."""
    lse = log_sum_exp(logits)
    return [math.exp(v - lse) for v in logits]


def sweep_range(logits):
    """The interval a logit sweeps: at least [-6, 6], and 3 beyond every logit."""
    return min(-6.0, min(logits) - 3.0), max(6.0, max(logits) + 3.0)


def logit_sweep(logits, target, j, steps=61):
    """Cross-entropy and d loss / d logit j as logit j sweeps its range (engine autograd).

    Also its two parts from the tutorial: log-sum-exp, and -x[class].
    """
    lo, hi = sweep_range(logits)
    out = {"x": [], "loss": [], "lse": [], "neg_target": [], "grad": []}
    labels = tensor_module.tensor([target])
    for s in range(steps):
        x_j = lo + (hi - lo) * s / (steps - 1)
        row = list(logits)
        row[j] = x_j
        x = tensor_module.tensor([row], dtype=tensor_module.float64, requires_grad=True)
        loss = losses.cross_entropy(x, labels)
        loss.backward()
        out["x"].append(x_j)
        out["loss"].append(loss.values()[0].data)
        out["grad"].append(x.values()[j].grad)
        out["lse"].append(log_sum_exp(row))
        out["neg_target"].append(-row[target])
    return out


def weighting_breakdown(state):
    """Per-row weighted losses (None when ignored) and the means torch and a plain average give.

    For CrossEntropy/NLL with class-index targets: torch's mean divides the summed weighted
    losses by the summed weights of the rows kept, not by the number of rows.
    """
    _, _, per_row = loss_tensor(replace(state, reduction="none"))
    _, _, mean = loss_tensor(replace(state, reduction="mean"))
    rows = []
    for n, (target, value) in enumerate(zip(state.target, per_row.values(), strict=True)):
        ignored = int(target[0]) == state.ignore_index
        rows.append((f"n={n}", None if ignored else value.data))
    kept = [v for _, v in rows if v is not None]
    return {
        "rows": rows,
        "sum": sum(kept),
        "denominator": class_normaliser(replace(state, reduction="mean")),
        "mean": mean.values()[0].data,
        "plain": sum(kept) / len(rows),
    }


def weighting_source(state):
    """The class-index data for the weight and ignore_index panel: the page's, or a preset's."""
    if state.index_target:
        return state
    return replace(PRESETS["ce_batch"], reduction="mean")


def integer_snippet(with_dtype):
    """The tutorial's L1Loss code, with or without ``dtype=torch.float32``."""
    return pytorch_code(replace(PRESETS["tutorial_l1"], dtype="float32" if with_dtype else "auto"))
