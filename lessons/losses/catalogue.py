"""The loss catalogue: one ``LossSpec`` per torch loss, and the options they take.

A spec is everything the Losses page knows about a loss: its ``torch.nn.functional`` name, its
group, its inputs and what they hold, its options, its formula and closed-form gradient (LaTeX
and numbers) and its examples. The page's widgets, its link, its generated code and the tests
iterate the catalogue, so adding a loss is one spec here, its function in the engine, and its
strings (``losses.preset.<example key>`` for each example, and new option or input kinds).

Rules of an ``elementwise`` loss work on one element: ``term(x, y, o)`` and ``gradient(x, y, o)``
with ``o`` the options at that element (vectors indexed along the last dimension); the weight
and the reduction are applied by the page. Rules of a ``triples`` loss take the state and a
row, ``term(state, n)``, and give the whole gradient as ``closed_form``. Rules of a ``classes``
loss work on one row of logits: ``term(state, row, target, single)`` and ``gradient(row, q)``
with ``q`` the target's weighted, smoothed mass (see ``closed_form.target_mass``).
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

from engine import losses
from engine.autograd.ops import sigmoid, sign

from .closed_form import log_sum_exp
from .tex import factor, operand, sum_tex, tex_number

GROUPS = ("regression", "classification", "ranking", "probabilistic", "sequence")
# input and target alike; N x C scores and a class per row; N x C scores and N x C targets with
# one loss per row; three tables (two inputs and a target, or anchor, positive and negative) of
# N rows with one loss per row; T x C scores of one sequence and its labels, one loss
LAYOUTS = ("elementwise", "classes", "rows", "triples", "sequence")
TABLES = ("input", "other", "target")  # the state's tables, in call order


@dataclass(frozen=True)
class Option:
    """One keyword of a loss: its default (torch's), its range and the widget that sets it.

    kind: "vector" (one number per class or last-dimension entry, or None), "int", "float",
    "choice", "bool". ``argument`` is False for a choice about the data rather than the loss
    call; ``keyword`` is torch's name for it where two losses give one name two defaults
    (``eps``); ``call`` marks what the loss is called with rather than built with
    (GaussianNLLLoss's ``var``).
    """

    name: str
    kind: str
    default: object
    low: float | None = None
    high: float | None = None
    step: float | None = None
    choices: tuple = ()
    widget: str = "text"  # "text", "number", "slider", "radio", "toggle"
    argument: bool = True
    keyword: str = ""
    call: bool = False
    format: str | None = None  # the number widget's printf format, for tiny values

    @property
    def torch_name(self):
        """The keyword torch takes this option by."""
        return self.keyword or self.name

    def valid(self, value):
        """True when ``value`` is one this option takes (vectors are checked for length later)."""
        if self.kind == "bool":
            return value is True or value is False
        if self.kind == "choice":
            return value in self.choices
        if self.kind in ("int", "float"):
            return self.low <= value <= self.high
        return True


OPTIONS = {
    option.name: option
    for option in (
        Option("weight", "vector", None),
        Option("pos_weight", "vector", None),
        Option("ignore_index", "int", losses.IGNORE_INDEX, -1000, 1000, 1, widget="number"),
        Option("label_smoothing", "float", 0.0, 0.0, 1.0, 0.05, widget="slider"),
        Option("target_kind", "choice", "index", choices=("index", "probs"), widget="radio",
               argument=False),
        Option("delta", "float", 1.0, 0.01, 100.0, 0.25, widget="number"),
        Option("beta", "float", 1.0, 0.0, 100.0, 0.25, widget="number"),
        Option("log_target", "bool", False, widget="toggle"),
        Option("log_input", "bool", True, widget="toggle"),
        Option("full", "bool", False, widget="toggle"),
        Option("eps", "float", 1e-8, 0.0, 1.0, 1e-8, widget="number", format="%.1e"),
        Option("var", "float", 1.0, 0.01, 100.0, 0.25, widget="number", call=True),
        Option("var_eps", "float", 1e-6, 0.0, 1.0, 1e-6, widget="number", keyword="eps",
               format="%.1e"),
        Option("margin", "float", 1.0, -10.0, 10.0, 0.25, widget="number"),
        Option("p", "choice", 1, choices=(1, 2), widget="radio"),
        # the margin of the losses whose default is 0 (MarginRanking, CosineEmbedding)
        Option("margin0", "float", 0.0, -10.0, 10.0, 0.25, widget="number", keyword="margin"),
        # the triplet losses' margin, which torch wants above 0
        Option("triplet_margin", "float", 1.0, 0.05, 10.0, 0.25, widget="number",
               keyword="margin"),
        Option("norm_p", "choice", 2.0, choices=(1.0, 2.0, 3.0), widget="radio", keyword="p"),
        Option("dist_eps", "float", 1e-6, 0.0, 1.0, 1e-6, widget="number", keyword="eps",
               format="%.1e"),
        Option("swap", "bool", False, widget="toggle"),
        Option("blank", "int", 0, 0, 7, 1, widget="number"),
        Option("zero_infinity", "bool", False, widget="toggle"),
    )
}


@dataclass(frozen=True)
class Argument:
    """A tensor the loss is called with: its name and what it holds (the kind names its help).

    ``table`` is the state's table that holds it (one of TABLES; by default its name); a
    ``column`` argument is a table of one column that torch gets as a vector of N numbers.
    """

    name: str
    kind: str  # "values", "probabilities", "logits", "binary_logits", "log_probs", "binary",
    #            "classes" (a class index per row, or class probabilities), "label_lists"...
    table: str = ""
    column: bool = False
    symbol: str = ""  # one entry in LaTeX, for the gradient of a triples loss: a_{n,d}

    def __post_init__(self):
        if not self.table:
            object.__setattr__(self, "table", self.name)

    @property
    def integer(self):
        """True for a table of class indices (a tensor of int64)."""
        return self.kind in ("label_lists", "label_sequence")


@dataclass(frozen=True)
class Example:
    """Data that shows a loss at work; ``key`` names it in the example picker."""

    key: str
    input: tuple
    target: tuple
    shape: tuple | None = None
    options: tuple = ()  # (name, value) pairs
    other: tuple = ()  # the middle table of a loss of three tables


def _cells(rows):
    return tuple(tuple(str(c) for c in row) for row in rows)


def example(key, input, target, shape=None, **options):
    """An Example from rows of numbers (cells keep their text: ``1`` is an int, ``1.0`` a float)."""
    return Example(key, _cells(input), _cells(target), shape, tuple(options.items()))


def triple(key, input, other, target, **options):
    """An Example of a loss of three tables."""
    return Example(key, _cells(input), _cells(target), None, tuple(options.items()),
                   _cells(other))


@dataclass(frozen=True)
class LossSpec:
    """One torch loss, all the page needs of it."""

    name: str  # the torch.nn class, e.g. "MSELoss"
    function: str  # its torch.nn.functional name, e.g. "mse_loss"
    group: str  # one of GROUPS
    layout: str  # one of LAYOUTS
    inputs: tuple  # Arguments, in call order
    options: tuple  # names in OPTIONS, in torch's keyword order
    formula: Callable  # state -> the per-element loss in symbols (LaTeX)
    gradient_tex: Callable  # state -> d l_i / d x_i (or d l_n / d x_{n,c}) in symbols
    term: Callable  # one element (or row) with its numbers (LaTeX)
    gradient: Callable  # one element's (or row's) closed-form derivative
    examples: tuple  # Examples; the first is where the loss starts
    # the whole d loss / d input table (state -> rows), for a loss whose gradient is not one of
    # the shared forms closed_form applies (per element, or CrossEntropy's softmax - q)
    closed_form: Callable | None = None
    weighted_mean: bool = False  # a class-index mean divides by the targets' summed weights
    batchmean: bool = False  # also takes reduction='batchmean' (KLDivLoss)

    @property
    def reductions(self):
        """The reductions the loss takes, torch's order."""
        return (*losses.REDUCTIONS, "batchmean") if self.batchmean else losses.REDUCTIONS


# --- regression: input and target alike ---------------------------------------------------------

_DIFF = "x_i - y_i"
_VALUES = (Argument("input", "values"), Argument("target", "values"))
_ROWS = ([[0.5, 2.0, -1.0], [3.0, 0.2, 1.5]], [[0.0, 0.0, 0.0], [1.0, 1.0, 1.0]])


def _difference(x, y):
    return f"{tex_number(x)} - {operand(y)}"


def _huber_term(x, y, o):
    d, delta = _difference(x, y), tex_number(o["delta"])
    if abs(x - y) < o["delta"]:
        return rf"\tfrac{{1}}{{2}}({d})^2"
    return rf"{delta}(|{d}| - {delta}/2)"


def _smooth_l1_term(x, y, o):
    d, beta = _difference(x, y), tex_number(o["beta"])
    return rf"\tfrac{{1}}{{2}}({d})^2/{beta}" if abs(x - y) < o["beta"] else rf"|{d}| - {beta}/2"


L1 = LossSpec(
    "L1Loss", "l1_loss", "regression", "elementwise", _VALUES, (),
    formula=lambda s: r"\ell_i = |x_i - y_i|",
    gradient_tex=lambda s: rf"\operatorname{{sign}}({_DIFF})",
    term=lambda x, y, o: f"|{_difference(x, y)}|",
    gradient=lambda x, y, o: sign(x - y),
    examples=(example("tutorial_l1", [[1, 2, 3]], [[1, 2, 5]], (1, 1, 1, 3)),),
)
MSE = LossSpec(
    "MSELoss", "mse_loss", "regression", "elementwise", _VALUES, (),
    formula=lambda s: r"\ell_i = (x_i - y_i)^2",
    gradient_tex=lambda s: rf"2({_DIFF})",
    term=lambda x, y, o: f"({_difference(x, y)})^2",
    gradient=lambda x, y, o: 2.0 * (x - y),
    examples=(example("tutorial_mse", [[1, 2, 3]], [[1, 2, 5]], (1, 1, 1, 3)),),
)
HUBER = LossSpec(
    "HuberLoss", "huber_loss", "regression", "elementwise", _VALUES, ("delta",),
    formula=lambda s: r"\ell_i = \begin{cases} \tfrac{1}{2}(x_i - y_i)^2 & |x_i - y_i| < \delta \\"
    r" \delta\,(|x_i - y_i| - \tfrac{1}{2}\delta) & \text{otherwise} \end{cases}",
    gradient_tex=lambda s: rf"\begin{{cases}} {_DIFF} & |{_DIFF}| < \delta \\"
    rf" \delta\,\operatorname{{sign}}({_DIFF}) & \text{{otherwise}} \end{{cases}}",
    term=_huber_term,
    gradient=lambda x, y, o: x - y if abs(x - y) < o["delta"] else o["delta"] * sign(x - y),
    examples=(example("huber", *_ROWS),),
)
SMOOTH_L1 = LossSpec(
    "SmoothL1Loss", "smooth_l1_loss", "regression", "elementwise", _VALUES, ("beta",),
    formula=lambda s: r"\ell_i = \begin{cases} \tfrac{1}{2}(x_i - y_i)^2/\beta & |x_i - y_i| <"
    r" \beta \\ |x_i - y_i| - \tfrac{1}{2}\beta & \text{otherwise} \end{cases}",
    gradient_tex=lambda s: rf"\begin{{cases}} ({_DIFF})/\beta & |{_DIFF}| < \beta \\"
    rf" \operatorname{{sign}}({_DIFF}) & \text{{otherwise}} \end{{cases}}",
    term=_smooth_l1_term,
    gradient=lambda x, y, o: (x - y) / o["beta"] if abs(x - y) < o["beta"] else sign(x - y),
    examples=(example("smooth_l1", *_ROWS, beta=0.5),),
)


# --- classification: N x C scores and a class per row (or class probabilities) ------------------

_LSE = r"\log \sum_k e^{x_{n,k}}"


def _cross_entropy_formula(state):
    eps = state.get("label_smoothing")
    if not state.index_target:
        w = "w_c " if state.get("weight") is not None else ""
        y = r"\big((1-\varepsilon) y_{n,c} + \tfrac{\varepsilon}{C}\big)" if eps else "y_{n,c}"
        return rf"\ell_n = \sum_c {w}{y}\big({_LSE} - x_{{n,c}}\big)"
    w = "w_{y_n}" if state.get("weight") is not None else ""
    if not eps:
        return rf"\ell_n = {w}\big({_LSE} - x_{{n,y_n}}\big)"
    wc = "w_c" if state.get("weight") is not None else ""
    return (
        rf"\ell_n = (1-\varepsilon)\,{w}\big({_LSE} - x_{{n,y_n}}\big)"
        rf" + \frac{{\varepsilon}}{{C}} \sum_c {wc}\big({_LSE} - x_{{n,c}}\big)"
    )


def _cross_entropy_gradient_tex(state):
    plain = state.get("weight") is None and not state.get("label_smoothing")
    if plain and state.index_target:
        return r"\operatorname{softmax}(x_n)_c - [c = y_n]"
    return r"\operatorname{softmax}(x_n)_c \sum_k q_{n,k} - q_{n,c}"


def _cross_entropy_term(state, row, target, single):
    w, eps, n_classes = state.get("weight"), state.get("label_smoothing"), len(row)
    lse_n = tex_number(log_sum_exp(row))
    if not state.index_target:
        parts = []
        for c in range(n_classes):
            wc = (w[c] if w else 1.0) * ((1 - eps) * float(target[c]) + eps / n_classes)
            if wc:
                parts.append(f"{tex_number(wc)}({lse_n} - {operand(row[c])})")
        return sum_tex(parts) if parts else "0"
    k = int(target[0])
    wk = f"{tex_number(w[k])} \\cdot " if w else ""
    lse = r"\log(" + sum_tex([f"e^{{{tex_number(v)}}}" for v in row]) + ")" if single else lse_n
    term = f"{wk}({lse} - {operand(row[k])})"
    if not eps:
        return term
    smooth = sum_tex([
        (tex_number(w[c]) if w else "") + f"({lse_n} - {operand(row[c])})" for c in range(n_classes)
    ])
    scaled = rf"\tfrac{{{tex_number(eps)}}}{{{n_classes}}}\big({smooth}\big)"
    return f"{tex_number(1 - eps)} \\cdot {term} + {scaled}"


def _cross_entropy_gradient(row, q):
    lse = log_sum_exp(row)
    total = sum(q)
    return [math.exp(v - lse) * total - qc for v, qc in zip(row, q, strict=True)]


CROSS_ENTROPY = LossSpec(
    "CrossEntropyLoss", "cross_entropy", "classification", "classes",
    (Argument("input", "logits"), Argument("target", "classes")),
    ("weight", "ignore_index", "label_smoothing", "target_kind"),
    formula=_cross_entropy_formula,
    gradient_tex=_cross_entropy_gradient_tex,
    term=_cross_entropy_term,
    gradient=_cross_entropy_gradient,
    weighted_mean=True,
    examples=(
        example("tutorial_ce", [[0.1, 0.2, 0.3]], [[1]]),
        example("ce_batch", [[2.0, 0.5, -1.0], [0.1, 1.5, 0.3], [-0.5, 0.2, 2.5]],
                [[0], [2], [2]], weight=(1.0, 2.0, 0.5)),
        example("ce_probs", [[0.1, 0.2, 0.3], [1.0, -1.0, 0.5]],
                [[0.1, 0.8, 0.1], [0.6, 0.2, 0.2]], target_kind="probs"),
    ),
)


def _nll_term(state, row, target, single):
    k = int(target[0])
    w = state.get("weight")
    wk = f"{tex_number(w[k])} \\cdot " if w else ""
    return f"-{wk}{operand(row[k])}"


NLL = LossSpec(
    "NLLLoss", "nll_loss", "classification", "classes",
    (Argument("input", "log_probs"), Argument("target", "classes")),
    ("weight", "ignore_index"),
    formula=lambda s: rf"\ell_n = -{factor(s, 'w_{y_n}')}x_{{n,y_n}}",
    gradient_tex=lambda s: rf"-{factor(s, 'w_{y_n}')}[c = y_n]",
    term=_nll_term,
    gradient=lambda row, q: [-qc for qc in q],  # d(-w x_t)/dx_c = -w [c = t]
    weighted_mean=True,
    examples=(example("nll", [[-1.2, -0.5, -2.0], [-0.3, -1.8, -2.5]], [[1], [0]]),),
)

# --- classification: one probability (or logit) per element, targets in [0, 1] ------------------

_BINARY = ([[0.9, 0.2, 0.6], [0.3, 0.7, 0.5]], [[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]])


def _bce_term(x, y, o):
    return rf"-[{operand(y)}\log {operand(x)} + (1 - {operand(y)})\log(1 - {operand(x)})]"


def _bce_with_logits_term(x, y, o):
    p = f"{tex_number(o['pos_weight'])} \\cdot " if o["pos_weight"] is not None else ""
    return (
        rf"-[{p}{operand(y)}\log\sigma({tex_number(x)})"
        rf" + (1 - {operand(y)})\log(1 - \sigma({tex_number(x)}))]"
    )


def _bce_with_logits_gradient(x, y, o):
    p = 1.0 if o["pos_weight"] is None else o["pos_weight"]
    return (p * y + 1.0 - y) * sigmoid(x) - p * y


BCE = LossSpec(
    "BCELoss", "binary_cross_entropy", "classification", "elementwise",
    (Argument("input", "probabilities"), Argument("target", "binary")),
    ("weight",),
    formula=lambda s: rf"\ell_i = -{factor(s, 'w_i')}"
    r"\big[y_i \log x_i + (1 - y_i) \log(1 - x_i)\big]",
    gradient_tex=lambda s: r"\frac{x_i - y_i}{x_i(1 - x_i)}",
    term=_bce_term,
    # torch guards the division with max(x (1 - x), 1e-12)
    gradient=lambda x, y, o: (x - y) / max(x * (1.0 - x), 1e-12),
    examples=(example("bce", *_BINARY),),
)
BCE_WITH_LOGITS = LossSpec(
    "BCEWithLogitsLoss", "binary_cross_entropy_with_logits", "classification", "elementwise",
    (Argument("input", "binary_logits"), Argument("target", "binary")),
    ("weight", "pos_weight"),
    formula=lambda s: rf"\ell_i = -{factor(s, 'w_i')}\big["
    + (r"p_i\," if s.get("pos_weight") is not None else "")
    + r"y_i \log \sigma(x_i) + (1 - y_i) \log(1 - \sigma(x_i))\big]",
    gradient_tex=lambda s: r"(p_i y_i + 1 - y_i)\,\sigma(x_i) - p_i y_i"
    if s.get("pos_weight") is not None
    else r"\sigma(x_i) - y_i",
    term=_bce_with_logits_term,
    gradient=_bce_with_logits_gradient,
    examples=(
        example("bce_logits", [[2.0, -1.0, 0.5], [-0.3, 1.2, -2.0]], _BINARY[1],
                pos_weight=(1.0, 2.0, 3.0)),
    ),
)

# --- probabilistic: log-probabilities, rates and means against what was observed ----------------


def _kl_term(x, y, o):
    if o["log_target"]:
        return rf"e^{{{tex_number(y)}}}({_difference(y, x)})"
    if y == 0:
        return "0"
    return rf"{operand(y)}(\log {operand(y)} - {operand(x)})"


KL_DIV = LossSpec(
    "KLDivLoss", "kl_div", "probabilistic", "elementwise",
    (Argument("input", "log_probs"), Argument("target", "distribution")),
    ("log_target",),
    formula=lambda s: r"\ell_i = e^{y_i}(y_i - x_i)" if s.get("log_target")
    else r"\ell_i = y_i(\log y_i - x_i)\quad(0 \text{ where } y_i = 0)",
    gradient_tex=lambda s: r"-e^{y_i}" if s.get("log_target") else "-y_i",
    term=_kl_term,
    gradient=lambda x, y, o: -math.exp(y) if o["log_target"] else -y,
    batchmean=True,
    examples=(
        # torch.manual_seed(0); F.log_softmax(torch.randn(3, 5), 1); F.softmax(torch.rand(3, 5), 1)
        example("kl_div", [[-0.4913, -2.3257, -4.2111, -1.4639, -3.1168],
                           [-3.0493, -1.2474, -0.8127, -2.37, -2.0541],
                           [-2.3056, -1.527, -2.5657, -0.6084, -2.7802]],
                [[0.2011, 0.2209, 0.1961, 0.1741, 0.2077],
                 [0.2622, 0.2132, 0.2174, 0.1751, 0.132],
                 [0.2389, 0.1376, 0.1529, 0.1696, 0.3009]]),
    ),
)

# torch.manual_seed(0); torch.randn(5, 2) twice: the docstring's input and target
_DOC_5x2 = ([[1.541, -0.2934], [-2.1788, 0.5684], [-1.0845, -1.3986], [0.4033, 0.838],
             [-0.7193, -0.4033]],
            [[-0.5966, 0.182], [-0.8567, 1.1006], [-1.0712, 0.1227], [-0.5663, 0.3731],
             [-0.892, -1.5091]])


def _stirling_tex(s):
    return (r" + \big[y_i \log y_i - y_i + \tfrac{1}{2}\log(2\pi y_i)\big]_{y_i > 1}"
            if s.get("full") else "")


def _poisson_term(x, y, o):
    if o["log_input"]:
        return rf"e^{{{tex_number(x)}}} - {operand(y)} \cdot {operand(x)}"
    return rf"{tex_number(x)} - {operand(y)}\log({tex_number(x)} + {tex_number(o['eps'])})"


POISSON_NLL = LossSpec(
    "PoissonNLLLoss", "poisson_nll_loss", "probabilistic", "elementwise",
    (Argument("input", "rates"), Argument("target", "counts")),
    ("log_input", "full", "eps"),
    formula=lambda s: (r"\ell_i = e^{x_i} - y_i x_i" if s.get("log_input")
                       else r"\ell_i = x_i - y_i \log(x_i + \epsilon)") + _stirling_tex(s),
    gradient_tex=lambda s: r"e^{x_i} - y_i" if s.get("log_input")
    else r"1 - \frac{y_i}{x_i + \epsilon}",
    term=_poisson_term,
    gradient=lambda x, y, o: math.exp(x) - y if o["log_input"] else 1.0 - y / (x + o["eps"]),
    examples=(example("poisson_nll", *_DOC_5x2),),
)


def _variance(o):
    return max(o["var"], o["var_eps"])


GAUSSIAN_NLL = LossSpec(
    "GaussianNLLLoss", "gaussian_nll_loss", "probabilistic", "elementwise",
    (Argument("input", "means"), Argument("target", "values")),
    ("var", "full", "var_eps"),
    formula=lambda s: r"\ell_i = \tfrac{1}{2}\Big(\log \sigma^2 + \frac{(x_i - y_i)^2}{\sigma^2}"
    r"\Big)" + (r" + \tfrac{1}{2}\log 2\pi" if s.get("full") else "")
    + r",\quad \sigma^2 = \max(\mathrm{var}, \epsilon)",
    gradient_tex=lambda s: r"\frac{x_i - y_i}{\sigma^2}",
    term=lambda x, y, o: rf"\tfrac{{1}}{{2}}\Big(\log {tex_number(_variance(o))}"
    rf" + \frac{{({_difference(x, y)})^2}}{{{tex_number(_variance(o))}}}\Big)"
    + (r" + \tfrac{1}{2}\log 2\pi" if o["full"] else ""),
    gradient=lambda x, y, o: (x - y) / _variance(o),
    examples=(example("gaussian_nll", *_DOC_5x2),),
)


# --- margins: a score against a sign, a row of scores against its classes ----------------------

_SIGNS = ([[0.3, -1.2, 2.0], [0.8, 0.1, -0.5]], [[1.0, -1.0, 1.0], [-1.0, -1.0, 1.0]])


def _hinge_term(x, y, o):
    if y == 1:
        return tex_number(x)
    return rf"\max(0, {tex_number(o['margin'])} - {operand(x)})"


def _hinge_gradient(x, y, o):
    slope = 1.0 if y != -1 else 0.0
    if y != 1 and o["margin"] - x >= 0:  # clamp_min passes the gradient at 0 too
        slope -= 1.0
    return slope


HINGE_EMBEDDING = LossSpec(
    "HingeEmbeddingLoss", "hinge_embedding_loss", "ranking", "elementwise",
    (Argument("input", "distances"), Argument("target", "signs")),
    ("margin",),
    formula=lambda s: r"\ell_i = \begin{cases} x_i & y_i = 1 \\ \max(0, \Delta - x_i) & y_i = -1"
    r" \end{cases}",
    gradient_tex=lambda s: r"\begin{cases} 1 & y_i = 1 \\ -[\Delta - x_i \ge 0] & y_i = -1"
    r" \end{cases}",
    term=_hinge_term,
    gradient=_hinge_gradient,
    examples=(example("hinge_embedding", *_SIGNS),),
)
SOFT_MARGIN = LossSpec(
    "SoftMarginLoss", "soft_margin_loss", "classification", "elementwise",
    (Argument("input", "binary_logits"), Argument("target", "signs")),
    (),
    formula=lambda s: r"\ell_i = \log\big(1 + e^{-y_i x_i}\big)",
    gradient_tex=lambda s: r"-y_i\,\sigma(-y_i x_i)",
    term=lambda x, y, o: rf"\log\big(1 + e^{{-{operand(y)} \cdot {operand(x)}}}\big)",
    gradient=lambda x, y, o: -y * sigmoid(-y * x),
    examples=(example("soft_margin", *_SIGNS),),
)


def _row(state, table, n):
    return [float(c) for c in getattr(state, table)[n]]


def _rows_gradient(state, row_gradient):
    """d loss / d input of a loss with one value per row: each row's gradient
    (``row_gradient(state, n)``), over N for the mean."""
    scale = 1.0 / len(state.input) if state.reduction == "mean" else 1.0
    return [[g * scale for g in row_gradient(state, n)] for n in range(len(state.input))]


def _multilabel_soft_row(state, n):
    row, target = _row(state, "input", n), state.target[n]
    w = state.get("weight") or [1.0] * len(row)
    return [w[c] * (sigmoid(x) - float(target[c])) / len(row) for c, x in enumerate(row)]


def _multilabel_soft_term(state, row, target, single):
    w = state.get("weight")
    parts = []
    for c, x in enumerate(row):
        y = float(target[c])
        log_sigmoid = (rf"\log\sigma({tex_number(x)})" if y == 1
                       else rf"\log\sigma({tex_number(-x)})" if y == 0
                       else rf"\big({tex_number(y)}\log\sigma({tex_number(x)}) + "
                       rf"{tex_number(1 - y)}\log\sigma({tex_number(-x)})\big)")
        parts.append((f"{tex_number(w[c])}" if w else "") + log_sigmoid)
    return rf"-\tfrac{{1}}{{{len(row)}}}\big({sum_tex(parts)}\big)"


MULTILABEL_SOFT_MARGIN = LossSpec(
    "MultiLabelSoftMarginLoss", "multilabel_soft_margin_loss", "classification", "rows",
    (Argument("input", "logits"), Argument("target", "labels")),
    ("weight",),
    formula=lambda s: rf"\ell_n = -\frac{{1}}{{C}}\sum_c {factor(s, 'w_c')}\big[y_{{n,c}}"
    r"\log\sigma(x_{n,c}) + (1 - y_{n,c})\log\sigma(-x_{n,c})\big]",
    gradient_tex=lambda s: rf"\frac{{{factor(s, 'w_c')}(\sigma(x_{{n,c}}) - y_{{n,c}})}}{{C}}",
    term=_multilabel_soft_term,
    gradient=None,
    closed_form=lambda s: _rows_gradient(s, _multilabel_soft_row),
    examples=(
        example("multilabel_soft_margin", [[0.5, -1.0, 2.0, 0.1], [1.5, 0.3, -0.7, -2.0]],
                [[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 0.0]]),
    ),
)


def _multi_margin_row(state, n):
    row, target = _row(state, "input", n), state.target[n]
    k, p, margin = int(target[0]), state.get("p"), state.get("margin")
    w = state.get("weight")[k] if state.get("weight") else 1.0
    grad = [0.0] * len(row)
    for c, x in enumerate(row):
        z = margin - row[k] + x
        if c != k and z > 0:  # torch counts z > 0 only
            grad[c] = w * (1.0 if p == 1 else 2.0 * z) / len(row)
            grad[k] -= grad[c]
    return grad


def _multi_margin_term(state, row, target, single):
    k, p, margin = int(target[0]), state.get("p"), tex_number(state.get("margin"))
    w = state.get("weight")
    power = "^2" if p == 2 else ""
    parts = [rf"\max(0, {margin} - {operand(row[k])} + {operand(x)}){power}"
             for c, x in enumerate(row) if c != k]
    wk = f"{tex_number(w[k])} \\cdot " if w else ""
    return rf"\tfrac{{{wk}1}}{{{len(row)}}}\big({sum_tex(parts) or '0'}\big)"


MULTI_MARGIN = LossSpec(
    "MultiMarginLoss", "multi_margin_loss", "classification", "classes",
    (Argument("input", "logits"), Argument("target", "classes")),
    ("p", "margin", "weight"),
    formula=lambda s: rf"\ell_n = \frac{{{factor(s, 'w_{y_n}')}1}}{{C}}\sum_{{c \neq y_n}}"
    r"\max(0, \Delta - x_{n,y_n} + x_{n,c})" + ("^2" if s.get("p") == 2 else ""),
    gradient_tex=lambda s: (
        r"\begin{cases} \frac{" + factor(s, "w_{y_n}")
        + ("2 z_{n,c}" if s.get("p") == 2 else "1")
        + r"}{C}[z_{n,c} > 0] & c \neq y_n \\ -\sum_{k \neq y_n} \frac{\partial \ell}"
        r"{\partial x_{n,k}} & c = y_n \end{cases},\quad z_{n,c} = \Delta - x_{n,y_n} + x_{n,c}"
    ),
    term=_multi_margin_term,
    gradient=None,
    closed_form=lambda s: _rows_gradient(s, _multi_margin_row),
    examples=(example("multi_margin", [[0.1, 0.2, 0.4, 0.8]], [[3]]),),
)


def _multilabel_margin_row(state, n):
    row, target = _row(state, "input", n), state.target[n]
    listed = _listed(target)
    grad = [0.0] * len(row)
    for j in listed:
        for i, x in enumerate(row):
            if i not in listed and 1.0 - row[j] + x > 0:  # torch counts z > 0 only
                grad[i] += 1.0 / len(row)
                grad[j] -= 1.0 / len(row)
    return grad


def _listed(target):
    """The classes a row of multilabel_margin_loss's target lists: those before the first -1."""
    listed = []
    for cell in target:
        if int(cell) < 0:
            break
        listed.append(int(cell))
    return listed


def _multilabel_margin_term(state, row, target, single):
    listed = _listed(target)
    parts = [rf"\max(0, 1 - {operand(row[j])} + {operand(x)})"
             for j in listed for i, x in enumerate(row) if i not in listed]
    return rf"\tfrac{{1}}{{{len(row)}}}\big({sum_tex(parts) or '0'}\big)"


MULTILABEL_MARGIN = LossSpec(
    "MultiLabelMarginLoss", "multilabel_margin_loss", "classification", "rows",
    (Argument("input", "logits"), Argument("target", "label_lists")),
    (),
    formula=lambda s: r"\ell_n = \frac{1}{C}\sum_{j \in Y_n}\sum_{i \notin Y_n}"
    r"\max(0, 1 - x_{n,j} + x_{n,i})",
    gradient_tex=lambda s: r"\frac{1}{C}\Big(\sum_{j \in Y_n} [z_{n,j,c} > 0]\,[c \notin Y_n]"
    r" - [c \in Y_n] \sum_{i \notin Y_n} [z_{n,c,i} > 0]\Big),\quad"
    r" z_{n,j,i} = 1 - x_{n,j} + x_{n,i}",
    term=_multilabel_margin_term,
    gradient=None,
    closed_form=lambda s: _rows_gradient(s, _multilabel_margin_row),
    examples=(example("multilabel_margin", [[0.1, 0.2, 0.4, 0.8]], [[3, 0, -1, 1]]),),
)


# --- ranking and embedding: two inputs and a target, or three inputs, one loss per row ---------


def _ranking(state, n):
    """(x1, x2, y, z) of a MarginRankingLoss row, z = -y (x1 - x2) + margin."""
    x1, x2, y = (float(getattr(state, table)[n][0]) for table in TABLES)
    return x1, x2, y, -y * (x1 - x2) + state.get("margin0")


def _ranking_gradient(state, n):
    _, _, y, z = _ranking(state, n)
    return [-y if z >= 0 else 0.0]  # clamp_min passes the gradient at 0 too


def _ranking_term(state, n):
    x1, x2, y, _ = _ranking(state, n)
    sign = {1.0: "-", -1.0: ""}.get(y, rf"-{operand(y)} \cdot ")
    return (rf"\max(0, {sign}({tex_number(x1)} - {operand(x2)})"
            rf" + {operand(state.get('margin0'))})")


_COLUMNS = (Argument("input1", "scores", "input", column=True, symbol="x_{1,n}"),
            Argument("input2", "scores", "other", column=True),
            Argument("target", "order", "target", column=True))
MARGIN_RANKING = LossSpec(
    "MarginRankingLoss", "margin_ranking_loss", "ranking", "triples", _COLUMNS, ("margin0",),
    formula=lambda s: r"\ell_n = \max\big(0, -y_n (x_{1,n} - x_{2,n}) + \Delta\big)",
    gradient_tex=lambda s: r"-y_n\,[z_n \ge 0],\quad z_n = -y_n (x_{1,n} - x_{2,n}) + \Delta",
    term=_ranking_term,
    gradient=None,
    closed_form=lambda s: _rows_gradient(s, _ranking_gradient),
    # torch.manual_seed(2); torch.randn(3) twice, then torch.randn(3).sign(): the docstring's
    examples=(triple("margin_ranking", [[0.3923], [-0.2236], [-0.3195]],
                     [[-1.205], [1.0445], [-0.6332]], [[1.0], [1.0], [-1.0]]),),
)


def _cosine(state, n):
    """(x1, x2, |x1|^2 + eps, |x2|^2 + eps, cos) of a row, as torch's Loss.cpp computes them."""
    a, b = _row(state, "input", n), _row(state, "other", n)
    m1 = sum(v * v for v in a) + losses.COSINE_EPSILON
    m2 = sum(v * v for v in b) + losses.COSINE_EPSILON
    return a, b, m1, m2, sum(u * v for u, v in zip(a, b, strict=True)) / math.sqrt(m1 * m2)


def _cosine_gradient(state, n):
    a, b, m1, m2, cos = _cosine(state, n)
    y = float(state.target[n][0])
    # d cos / d x1 = x2 / sqrt(m1 m2) - cos x1 / m1
    d_cos = [v / math.sqrt(m1 * m2) - cos * u / m1 for u, v in zip(a, b, strict=True)]
    if y == 1:
        return [-g for g in d_cos]
    if y == -1 and cos - state.get("margin0") >= 0:
        return d_cos
    return [0.0] * len(a)


def _cosine_term(state, n):
    cos = tex_number(_cosine(state, n)[4])
    y = float(state.target[n][0])
    if y == 1:
        return f"1 - {cos}"
    if y == -1:
        return rf"\max(0, {cos} - {operand(state.get('margin0'))})"
    return "0"


COSINE_EMBEDDING = LossSpec(
    "CosineEmbeddingLoss", "cosine_embedding_loss", "ranking", "triples",
    (Argument("input1", "embeddings", "input", symbol="x_{1,n,d}"),
     Argument("input2", "embeddings", "other"),
     Argument("target", "similar", "target", column=True)),
    ("margin0",),
    formula=lambda s: r"\ell_n = \begin{cases} 1 - \cos(x_{1,n}, x_{2,n}) & y_n = 1 \\"
    r" \max\big(0, \cos(x_{1,n}, x_{2,n}) - \Delta\big) & y_n = -1 \end{cases},\quad"
    r" \cos(a, b) = \frac{a \cdot b}{\sqrt{(\|a\|^2 + \epsilon)(\|b\|^2 + \epsilon)}}",
    gradient_tex=lambda s: r"\begin{cases} -g_{n,d} & y_n = 1 \\ g_{n,d}\,[\cos_n - \Delta \ge 0]"
    r" & y_n = -1 \end{cases},\quad g_{n,d} = \frac{x_{2,n,d}}{\sqrt{m_1 m_2}}"
    r" - \cos_n \frac{x_{1,n,d}}{m_1},\quad m_k = \|x_{k,n}\|^2 + \epsilon",
    term=_cosine_term,
    gradient=None,
    closed_form=lambda s: _rows_gradient(s, _cosine_gradient),
    # torch.manual_seed(0); torch.randn(3, 5) twice, as the docstring makes its inputs
    examples=(triple(
        "cosine_embedding",
        [[1.541, -0.2934, -2.1788, 0.5684, -1.0845], [-1.3986, 0.4033, 0.838, -0.7193, -0.4033],
         [-0.5966, 0.182, -0.8567, 1.1006, -1.0712]],
        [[0.1227, -0.5663, 0.3731, -0.892, -1.5091], [0.3704, 1.4565, 0.9398, 0.7748, 0.1919],
         [1.2638, -1.2904, -0.7911, -0.0209, -0.7185]],
        [[1.0], [-1.0], [-1.0]], margin0=0.2),),
)


def _distance(u, v, p, eps):
    """(||u - v + eps||_p, its gradient in u): torch.pairwise_distance and norm's backward."""
    d = [a - b + eps for a, b in zip(u, v, strict=True)]
    if p == 2:
        norm = math.sqrt(sum(x * x for x in d))
    else:
        norm = sum(abs(x) ** p for x in d) ** (1.0 / p)
    if norm == 0:  # torch's norm backward gives 0 there
        return norm, [0.0] * len(d)
    # d ||d||_p / d d_k = sign(d_k) |d_k|^(p-1) / ||d||_p^(p-1)
    return norm, [sign(x) * abs(x) ** (p - 1) / norm ** (p - 1) for x in d]


def _triplet_options(state):
    """(margin, p, eps, swap): TripletMarginWithDistanceLoss's distance is p = 2, eps = 1e-6."""
    margin, swap = state.get("triplet_margin"), state.get("swap")
    if state.uses("norm_p"):
        return margin, state.get("norm_p"), state.get("dist_eps"), swap
    return margin, 2.0, 1e-6, swap


def _triplet(state, n):
    """(d(a, p), d(a, n) or the swap's minimum, z, d margin / d anchor) of a row."""
    margin, p, eps, swap = _triplet_options(state)
    a, pos, neg = (_row(state, table, n) for table in TABLES)
    d_pos, g_pos = _distance(a, pos, p, eps)
    d_neg, g_neg = _distance(a, neg, p, eps)
    share = 1.0  # how much of d_neg's gradient reaches the anchor
    if swap:
        d_swap = _distance(pos, neg, p, eps)[0]  # no anchor in it
        share = 0.5 if d_swap == d_neg else 1.0 if d_neg < d_swap else 0.0  # minimum's rule
        d_neg = min(d_neg, d_swap)
    z = margin + d_pos - d_neg
    return d_pos, d_neg, z, [gp - share * gn for gp, gn in zip(g_pos, g_neg, strict=True)]


def _triplet_gradient(state, n):
    _, _, z, grad = _triplet(state, n)
    return grad if z >= 0 else [0.0] * len(grad)


def _triplet_term(state, n):
    d_pos, d_neg, _, _ = _triplet(state, n)
    return (rf"\max(0, {tex_number(state.get('triplet_margin'))} + {tex_number(d_pos)}"
            rf" - {operand(d_neg)})")


def _triplet_formula(state):
    d_neg = (r"\min\big(d(a_n, n_n), d(p_n, n_n)\big)" if state.get("swap")
             else r"d(a_n, n_n)")
    norm, eps = ("_p", r"\epsilon") if state.uses("norm_p") else ("_2", r"10^{-6}")
    return (rf"\ell_n = \max\big(0, \Delta + d(a_n, p_n) - {d_neg}\big),\quad"
            rf" d(u, v) = \|u - v + {eps}\|{norm}")


def _triplet_gradient_tex(state):
    d_neg = r"s_n\,\frac{\partial d(a_n, n_n)}{\partial a_{n,d}}" if state.get("swap") else (
        r"\frac{\partial d(a_n, n_n)}{\partial a_{n,d}}")
    share = (r",\quad s_n = [d(a_n, n_n) < d(p_n, n_n)] + \tfrac{1}{2}[\,=\,]"
             if state.get("swap") else "")
    return (r"[z_n \ge 0]\Big(\frac{\partial d(a_n, p_n)}{\partial a_{n,d}} - " + d_neg
            + r"\Big),\quad z_n = \Delta + d(a_n, p_n) - d(a_n, n_n)"
            r",\quad \frac{\partial \|v\|_p}{\partial v_d} = "
            r"\frac{\operatorname{sign}(v_d)|v_d|^{p-1}}{\|v\|_p^{p-1}}" + share)


_TRIPLET_TABLES = (Argument("anchor", "anchors", "input", symbol="a_{n,d}"),
                   Argument("positive", "positives", "other"),
                   Argument("negative", "negatives", "target"))
# torch.manual_seed(0); torch.randn(3, 4) three times: the docstring's anchor, positive, negative
_TRIPLETS = (
    [[1.541, -0.2934, -2.1788, 0.5684], [-1.0845, -1.3986, 0.4033, 0.838],
     [-0.7193, -0.4033, -0.5966, 0.182]],
    [[-0.8567, 1.1006, -1.0712, 0.1227], [-0.5663, 0.3731, -0.892, -1.5091],
     [0.3704, 1.4565, 0.9398, 0.7748]],
    [[0.1919, 1.2638, -1.2904, -0.7911], [-0.0209, -0.7185, 0.5186, -1.3125],
     [0.192, 0.5428, -2.2188, 0.259]],
)
TRIPLET_MARGIN = LossSpec(
    "TripletMarginLoss", "triplet_margin_loss", "ranking", "triples", _TRIPLET_TABLES,
    ("triplet_margin", "norm_p", "dist_eps", "swap"),
    formula=_triplet_formula,
    gradient_tex=_triplet_gradient_tex,
    term=_triplet_term,
    gradient=None,
    closed_form=lambda s: _rows_gradient(s, _triplet_gradient),
    examples=(triple("triplet_margin", *_TRIPLETS),),
)
TRIPLET_WITH_DISTANCE = LossSpec(
    "TripletMarginWithDistanceLoss", "triplet_margin_with_distance_loss", "ranking", "triples",
    _TRIPLET_TABLES, ("triplet_margin", "swap"),
    formula=_triplet_formula,
    gradient_tex=_triplet_gradient_tex,
    term=_triplet_term,
    gradient=None,
    closed_form=lambda s: _rows_gradient(s, _triplet_gradient),
    examples=(triple("triplet_distance", *_TRIPLETS, swap=True),),
)


# --- sequences: a T x C table of scores, one row per time step, and the labels it should read ---


def _log_add(a, b):
    """log(e^a + e^b), -inf where both are."""
    if a == -math.inf:
        return b
    hi, lo = max(a, b), min(a, b)
    return hi + math.log1p(math.exp(lo - hi))


def _ctc(state):
    """(log p(y | x), the log-softmax rows, gamma) by the forward-backward recursion, in float64.

    The labels are extended with blanks (b, y1, b, y2, ..., b); alpha sums the alignments of the
    first t steps that end at position s, beta those of the steps from t on that start there;
    gamma[t][c] is the probability that an alignment reads class c at step t.
    """
    rows = [[float(c) for c in row] for row in state.input]
    log_p = [[v - log_sum_exp(row) for v in row] for row in rows]
    blank = state.get("blank")
    ext = [blank]
    for cell in state.target[0]:
        ext += [int(cell), blank]
    n_steps, n_ext = len(rows), len(ext)

    def skip(s):  # a label may follow the one two back unless they are equal or blank
        return s >= 2 and ext[s] != blank and ext[s] != ext[s - 2]

    alpha = [[-math.inf] * n_ext for _ in range(n_steps)]
    alpha[0][0] = log_p[0][ext[0]]
    alpha[0][1] = log_p[0][ext[1]]
    for t in range(1, n_steps):
        for s in range(n_ext):
            a = alpha[t - 1][s]
            if s >= 1:
                a = _log_add(a, alpha[t - 1][s - 1])
            if skip(s):
                a = _log_add(a, alpha[t - 1][s - 2])
            alpha[t][s] = a + log_p[t][ext[s]] if a > -math.inf else -math.inf
    beta = [[-math.inf] * n_ext for _ in range(n_steps)]
    beta[-1][-1] = log_p[-1][ext[-1]]
    beta[-1][-2] = log_p[-1][ext[-2]]
    for t in range(n_steps - 2, -1, -1):
        for s in range(n_ext):
            b = beta[t + 1][s]
            if s + 1 < n_ext:
                b = _log_add(b, beta[t + 1][s + 1])
            if s + 2 < n_ext and skip(s + 2):
                b = _log_add(b, beta[t + 1][s + 2])
            beta[t][s] = b + log_p[t][ext[s]] if b > -math.inf else -math.inf
    log_likelihood = _log_add(alpha[-1][-1], alpha[-1][-2])
    gamma = [[0.0] * len(rows[0]) for _ in range(n_steps)]
    for t in range(n_steps):
        for s, c in enumerate(ext):
            both = alpha[t][s] + beta[t][s]  # log_p[t][c] counted twice
            if both > -math.inf:
                gamma[t][c] += math.exp(both - log_p[t][c] - log_likelihood)
    return log_likelihood, log_p, gamma


def _ctc_scale(state):
    """What the loss of the sequence is divided by: its target length for the mean, else 1."""
    return float(len(state.target[0])) if state.reduction == "mean" else 1.0


def _ctc_gradient(state):
    """d loss / d x = softmax(x_t) - gamma_t, over S for the mean (through log_softmax)."""
    log_likelihood, log_p, gamma = _ctc(state)
    if log_likelihood == -math.inf:  # no alignment reads the labels: the loss is infinite
        value = 0.0 if state.get("zero_infinity") else math.nan
        return [[value] * len(row) for row in log_p]
    scale = _ctc_scale(state)
    return [[(math.exp(lp) - g) / scale for lp, g in zip(lp_row, g_row, strict=True)]
            for lp_row, g_row in zip(log_p, gamma, strict=True)]


def _ctc_term(state):
    log_likelihood = _ctc(state)[0]
    if log_likelihood == -math.inf:
        return r"-\log 0" + (r" \to 0" if state.get("zero_infinity") else "")
    return rf"-\log {tex_number(math.exp(log_likelihood))}"


CTC = LossSpec(
    "CTCLoss", "ctc_loss", "sequence", "sequence",
    (Argument("input", "sequence_logits", symbol="x_{t,c}"),
     Argument("target", "label_sequence")),
    ("blank", "zero_infinity"),
    formula=lambda s: r"\ell = -\log p(y \mid x),\quad p(y \mid x) = \sum_{\pi \in "
    r"\mathcal{B}^{-1}(y)} \prod_{t=1}^{T} \operatorname{softmax}(x_t)_{\pi_t}",
    gradient_tex=lambda s: r"\operatorname{softmax}(x_t)_c - \frac{\sum_{s:\, y'_s = c}"
    r" \alpha_t(s)\,\beta_t(s)}{p(y \mid x)\,\operatorname{softmax}(x_t)_c},\quad"
    r" y' = (b, y_1, b, \dots, y_S, b)",
    term=_ctc_term,
    gradient=None,
    closed_form=_ctc_gradient,
    # torch.manual_seed(0); torch.randn(5, 4): five time steps of four classes (0 the blank)
    examples=(example("ctc", [[-1.1258, -1.1524, -0.2506, -0.4339],
                              [0.5988, -1.5551, -0.3414, 1.853], [0.4681, -0.1577, 1.4437, 0.266],
                              [1.3894, 1.5863, 0.9463, -0.8437], [0.9318, 1.259, 2.005, 0.0537]],
                      [[1, 3, 3]]),),
)


SPECS = {
    spec.name: spec
    for spec in (L1, MSE, CROSS_ENTROPY, NLL, BCE, BCE_WITH_LOGITS, HUBER, SMOOTH_L1,
                 SOFT_MARGIN, MULTILABEL_SOFT_MARGIN, MULTILABEL_MARGIN, MULTI_MARGIN,
                 HINGE_EMBEDDING, MARGIN_RANKING, COSINE_EMBEDDING, TRIPLET_MARGIN,
                 TRIPLET_WITH_DISTANCE, KL_DIV, POISSON_NLL, GAUSSIAN_NLL, CTC)
}
LOSS_NAMES = tuple(name for group in GROUPS for name, spec in SPECS.items() if spec.group == group)

def _seeded(seed=0):
    return f"import torch\nimport torch.nn as nn\n\ntorch.manual_seed({seed})\n"

# the docstring examples too large for the page's tables (seeded), for Explore
EXPLORE_ONLY = {
    "CTCLoss": ("sequence", _seeded() + """T = 50      # Input sequence length
C = 20      # Number of classes (including blank)
N = 16      # Batch size
S = 30      # Target sequence length of longest target in batch (padding length)
S_min = 10  # Minimum target length, for demonstration purposes
input = torch.randn(T, N, C).log_softmax(2).detach().requires_grad_()
target = torch.randint(1, C, (N, S), dtype=torch.long)
input_lengths = torch.full(size=(N,), fill_value=T, dtype=torch.long)
target_lengths = torch.randint(S_min, S, (N,), dtype=torch.long)
ctc_loss = nn.CTCLoss()
loss = ctc_loss(input, target, input_lengths, target_lengths)
loss.backward()
print(loss)
"""),
}


def by_group():
    """The page's losses by group, in the picker's order (groups without one left out)."""
    groups = {}
    for name in LOSS_NAMES:
        groups.setdefault(SPECS[name].group, []).append(name)
    return groups
