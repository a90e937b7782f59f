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
LAYOUTS = ("elementwise", "classes")  # input and target alike; N x C logits and N targets


@dataclass(frozen=True)
class Option:
    """One keyword of a loss: its default (torch's), its range and the widget that sets it.

    kind: "vector" (one number per class or last-dimension entry, or None), "int", "float",
    "choice". ``argument`` is False for a choice about the data rather than the loss call.
    """

    name: str
    kind: str
    default: object
    low: float | None = None
    high: float | None = None
    step: float | None = None
    choices: tuple = ()
    widget: str = "text"  # "text", "number", "slider", "radio"
    argument: bool = True

    def valid(self, value):
        """True when ``value`` is one this option takes (vectors are checked for length later)."""
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
    )
}


@dataclass(frozen=True)
class Argument:
    """A tensor the loss is called with: its name and what it holds (the kind names its help)."""

    name: str
    kind: str  # "values", "probabilities", "logits", "binary_logits", "log_probs", "binary",
    #            "classes" (a class index per row, or class probabilities)


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

SPECS = {
    spec.name: spec
    for spec in (L1, MSE, CROSS_ENTROPY, NLL, BCE, BCE_WITH_LOGITS, HUBER, SMOOTH_L1)
}
LOSS_NAMES = tuple(SPECS)
