"""The loss catalogue: one ``LossSpec`` per torch loss, and the options they take.

A spec is everything the Losses page knows about a loss: its ``torch.nn.functional`` name, its
group, its inputs and what they hold, its options, its formula and closed-form gradient (LaTeX
and numbers) and its examples. The page's widgets, its link, its generated code and the tests
iterate the catalogue, so adding a loss is one spec here, its function in the engine, and its
strings (``losses.preset.<example key>`` for each example, and new option or input kinds).

Rules of an ``elementwise`` loss work on one element: ``term(x, y, o)`` and ``gradient(x, y, o)``
with ``o`` the options at that element (vectors indexed along the last dimension); the weight
and the reduction are applied by the page. Rules of a ``classes`` loss work on one row of
logits: ``term(state, row, target, single)`` and ``gradient(row, q)`` with ``q`` the target's
weighted, smoothed mass (see ``closed_form.target_mass``).
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
# one loss per row
LAYOUTS = ("elementwise", "classes", "rows")


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
    )
}


@dataclass(frozen=True)
class Argument:
    """A tensor the loss is called with: its name and what it holds (the kind names its help)."""

    name: str
    kind: str  # "values", "probabilities", "logits", "binary_logits", "log_probs", "binary",
    #            "classes" (a class index per row, or class probabilities), "label_lists"...

    @property
    def integer(self):
        """True for a table of class indices (a tensor of int64)."""
        return self.kind == "label_lists"


@dataclass(frozen=True)
class Example:
    """Data that shows a loss at work; ``key`` names it in the example picker."""

    key: str
    input: tuple
    target: tuple
    shape: tuple | None = None
    options: tuple = ()  # (name, value) pairs


def example(key, input, target, shape=None, **options):
    """An Example from rows of numbers (cells keep their text: ``1`` is an int, ``1.0`` a float)."""
    table = lambda rows: tuple(tuple(str(c) for c in row) for row in rows)
    return Example(key, table(input), table(target), shape, tuple(options.items()))


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


def _rows_gradient(state, row_gradient, norm):
    """d loss / d input of a loss with one value per row: each row's gradient over ``norm``."""
    scale = 1.0 / norm if state.reduction == "mean" else 1.0
    return [[g * scale for g in row_gradient(state, [float(c) for c in row], target)]
            for row, target in zip(state.input, state.target, strict=True)]


def _multilabel_soft_row(state, row, target):
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
    closed_form=lambda s: _rows_gradient(s, _multilabel_soft_row, len(s.input)),
    examples=(
        example("multilabel_soft_margin", [[0.5, -1.0, 2.0, 0.1], [1.5, 0.3, -0.7, -2.0]],
                [[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 0.0]]),
    ),
)


def _multi_margin_row(state, row, target):
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
    closed_form=lambda s: _rows_gradient(s, _multi_margin_row, len(s.input)),
    examples=(example("multi_margin", [[0.1, 0.2, 0.4, 0.8]], [[3]]),),
)


def _multilabel_margin_row(state, row, target):
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
    closed_form=lambda s: _rows_gradient(s, _multilabel_margin_row, len(s.input)),
    examples=(example("multilabel_margin", [[0.1, 0.2, 0.4, 0.8]], [[3, 0, -1, 1]]),),
)


SPECS = {
    spec.name: spec
    for spec in (L1, MSE, CROSS_ENTROPY, NLL, BCE, BCE_WITH_LOGITS, HUBER, SMOOTH_L1,
                 SOFT_MARGIN, MULTILABEL_SOFT_MARGIN, MULTILABEL_MARGIN, MULTI_MARGIN,
                 HINGE_EMBEDDING, KL_DIV,
                 POISSON_NLL, GAUSSIAN_NLL)
}
LOSS_NAMES = tuple(name for group in GROUPS for name, spec in SPECS.items() if spec.group == group)

def _seeded(seed=0):
    return f"import torch\nimport torch.nn as nn\n\ntorch.manual_seed({seed})\n"

# torch's other losses, which take three inputs or sequences that the page's two tables cannot
# hold: their docstring examples (seeded, smaller where the docstring's are large), for Explore
EXPLORE_ONLY = {
    "MarginRankingLoss": ("ranking", _seeded(2) + """loss = nn.MarginRankingLoss()
input1 = torch.randn(3, requires_grad=True)
input2 = torch.randn(3, requires_grad=True)
target = torch.randn(3).sign()
output = loss(input1, input2, target)
output.backward()
print(output)
print(input1.grad)
"""),
    "CosineEmbeddingLoss": ("ranking", _seeded() + """loss = nn.CosineEmbeddingLoss(margin=0.2)
input1 = torch.randn(3, 5, requires_grad=True)
input2 = torch.randn(3, 5)
target = torch.tensor([1.0, -1.0, -1.0])
output = loss(input1, input2, target)
output.backward()
print(output)
print(input1.grad)
"""),
    "TripletMarginLoss": ("ranking", _seeded() + """\
triplet_loss = nn.TripletMarginLoss(margin=1.0, p=2, eps=1e-7)
anchor = torch.randn(4, 8, requires_grad=True)
positive = torch.randn(4, 8, requires_grad=True)
negative = torch.randn(4, 8, requires_grad=True)
output = triplet_loss(anchor, positive, negative)
output.backward()
print(output)
print(anchor.grad)
"""),
    "TripletMarginWithDistanceLoss": ("ranking", _seeded() + """\
anchor = torch.randn(4, 8, requires_grad=True)
positive = torch.randn(4, 8, requires_grad=True)
negative = torch.randn(4, 8, requires_grad=True)
triplet_loss = nn.TripletMarginWithDistanceLoss(swap=True)
output = triplet_loss(anchor, positive, negative)
output.backward()
print(output)
"""),
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
