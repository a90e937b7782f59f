"""Formulas in LaTeX: the loss in symbols for its options, with the numbers, and its gradient.

Each loss writes its own terms (its ``LossSpec``); this module writes what all of them share:
numbers, elided sums, weights, the reduction and the mean's normaliser.
"""

import math

from .closed_form import class_normaliser

MAX_TERMS = 4  # terms written out in a formula before it switches to \cdots
MAX_TEX = 150  # LaTeX characters of a sum written out term by term, beyond it values are shown


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


def operand(x):
    """A number written after an operator: negative numbers get parentheses."""
    return f"({tex_number(x)})" if x < 0 else tex_number(x)


def _elide(items, limit=MAX_TERMS):
    return items if len(items) <= limit else [*items[: limit - 1], r"\cdots", items[-1]]


def sum_tex(items, sep=" + "):
    """Terms joined by ``sep``, the middle ones elided beyond MAX_TERMS."""
    return sep.join(_elide(items))


def factor(state, symbol):
    """``symbol\\,`` when the loss has a weight set, else nothing (a formula's weight factor)."""
    return symbol + r"\," if state.get("weight") is not None else ""


def formula_tex(state):
    """The loss's definition for the chosen options, in symbols: [per element, reduction]."""
    return [state.spec.formula(state), _reduction_tex(state)]


def _reduction_tex(state):
    if state.spec.layout == "sequence":  # one sequence; its mean divides by the target length
        if state.reduction == "mean":
            return rf"\ell_{{\text{{mean}}}} = \frac{{\ell}}{{S}},\quad S = {len(state.target[0])}"
        return r"\ell_{\text{" + state.reduction + r"}} = \ell"
    i = "n" if state.rowwise else "i"
    if state.reduction == "batchmean":
        return rf"\ell = \frac{{1}}{{B}} \sum_{i} \ell_{i},\quad B = {state.input_shape[0]}"
    if state.reduction == "sum":
        return rf"\ell = \sum_{i} \ell_{i}"
    if state.reduction == "none":
        return r"\ell = (\ell_1, \dots, \ell_N)"
    if state.index_target and state.spec.weighted_mean and state.get("weight") is not None:
        return r"\ell = \frac{\sum_n \ell_n}{\sum_{n:\, y_n \neq \mathrm{ignore}} w_{y_n}}"
    if state.index_target and state.uses("ignore_index"):
        return r"\ell = \frac{1}{N_{\mathrm{kept}}} \sum_n \ell_n"
    return rf"\ell = \frac{{1}}{{N}} \sum_{i} \ell_{i}"


def _class_terms(state):
    rows = [[float(c) for c in row] for row in state.input]
    terms = []
    for row, target in zip(rows, state.target, strict=True):
        if state.index_target and int(target[0]) == state.get("ignore_index"):
            terms.append(r"0_{\,\mathrm{ignored}}")
        else:
            terms.append(state.spec.term(state, row, target, len(rows) == 1))
    return terms


def _element_terms(state):
    weight = state.get("weight")
    terms = []
    for i, (x, y) in enumerate(zip(state.flat("input"), state.flat("target"), strict=True)):
        options = state.at(i)
        term = state.spec.term(x, y, options)
        if weight is not None:
            term = f"{tex_number(options['weight'])} \\cdot {term}"
        terms.append(term)
    return terms


def substituted_tex(state, value, elements):
    """The loss with the numbers filled in: LaTeX lines ending in its value.

    A short sum is written out term by term. A long one shows its first term worked out, then
    the reduction over the per-element values ``elements`` (the loss with reduction 'none').
    """
    if state.spec.layout == "sequence":
        term = state.spec.term(state)
        if state.reduction == "mean":
            term = rf"\frac{{1}}{{{len(state.target[0])}}}\big({term}\big)"
        total = elements[0] if state.reduction == "none" else value  # one sequence, one loss
        return [rf"\ell = {term} = {tex_number(total)}"]
    if state.spec.layout == "triples":
        terms = [state.spec.term(state, n) for n in range(len(state.input))]
    else:
        terms = _class_terms(state) if state.classes else _element_terms(state)
    lines = []
    if len(terms) > 1 and len(sum_tex(terms)) > MAX_TEX:
        first = next((k for k, term in enumerate(terms) if "ignored" not in term), 0)
        i = "n" if state.rowwise else "i"
        lines.append(rf"\ell_{{{i}={first}}} = {terms[first]} = {tex_number(elements[first])}")
        terms = [tex_number(v) for v in elements]
        if state.reduction == "none":
            return [*lines, rf"\ell = \big({sum_tex(terms, ', ')}\big)"]
    if state.reduction == "none":
        values = ", ".join(_elide([tex_number(v) for v in value]))
        return [*lines, rf"\ell = \big({sum_tex(terms, ', ')}\big) = ({values})"]
    total = sum_tex(terms)
    if state.reduction == "sum":
        body = total
    elif state.reduction == "batchmean":
        body = rf"\frac{{1}}{{{state.input_shape[0]}}}\big({total}\big)"
    elif state.classes:
        if state.index_target and state.spec.weighted_mean and state.get("weight") is not None:
            weight = state.get("weight")
            kept = [int(r[0]) for r in state.target if int(r[0]) != state.get("ignore_index")]
            weights = sum_tex([tex_number(weight[k]) for k in kept]) or "0"
            body = rf"\frac{{{total}}}{{{weights}}}"
        else:
            body = rf"\frac{{1}}{{{tex_number(class_normaliser(state))}}}\big({total}\big)"
    else:
        body = rf"\frac{{1}}{{{len(elements)}}}\big({total}\big)"
    return [*lines, rf"\ell = {body} = {tex_number(value)}"]


def gradient_tex(state):
    """The closed form of d loss / d input for the chosen options (one LaTeX line)."""
    body = state.spec.gradient_tex(state)
    weighted = state.get("weight") is not None
    if state.spec.layout in ("triples", "sequence"):
        lhs = rf"\frac{{\partial \ell}}{{\partial {state.spec.inputs[0].symbol}}} = "
        if state.reduction != "mean":
            return lhs + body
        # the mean's divisor before the gradient itself, the definitions after it
        n, size = (("S", len(state.target[0])) if state.spec.layout == "sequence"
                   else ("N", len(state.input)))
        gradient, *definitions = body.split(r",\quad ")
        return lhs + r",\quad ".join([rf"\frac{{1}}{{{n}}}\Big({gradient}\Big)",
                                       *definitions, f"{n} = {size}"])
    if state.classes:
        lhs = r"\frac{\partial \ell}{\partial x_{n,c}} = "
        if state.reduction != "mean":
            tex = lhs + body
        else:
            if state.index_target and state.spec.weighted_mean and weighted:
                norm = r"W = \textstyle\sum_{n \text{ kept}} w_{y_n}"
            elif state.index_target and state.uses("ignore_index"):
                norm = r"W = N_{\mathrm{kept}}"
            else:
                norm = "W = N"
            tex = lhs + rf"\frac{{{body}}}{{W}},\quad {norm}"
        if "q_{n" in body:
            q = (
                r"q_{n,c} = (1-\varepsilon)\,w_c [c = y_n] + \tfrac{\varepsilon}{C} w_c"
                if state.index_target
                else r"q_{n,c} = w_c\big((1-\varepsilon) y_{n,c} + \tfrac{\varepsilon}{C}\big)"
            )
            tex += r",\quad " + q
        return tex
    if weighted:
        body = rf"w_i \left({body}\right)"
    lhs = r"\frac{\partial \ell}{\partial x_i} = "
    if state.reduction in ("mean", "batchmean"):
        body = body if weighted else rf"\left({body}\right)"
        n, size = (("B", state.input_shape[0]) if state.reduction == "batchmean"
                   else ("N", math.prod(state.input_shape)))
        return lhs + rf"\frac{{1}}{{{n}}}" + body + rf",\quad {n} = {size}"
    return lhs + body
