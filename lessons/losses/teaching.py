"""The Losses page's teaching panels: mean versus sum, cross-entropy's two parts, class weights
and ignore_index, and the tutorial's integer-data trap."""

import math
from dataclasses import replace

from engine import losses
from engine.torchlike import tensor as tensor_module

from .closed_form import class_normaliser, log_sum_exp
from .code import pytorch_code
from .compute import compute, loss_tensor
from .state import PRESETS

MAX_REPEATS = 5


def repeat_rows(state, k):
    """The state with its data repeated k times (k times as many rows, same mean loss)."""
    return replace(state, input=state.input * k, other=state.other * k,
                   target=state.target * k, shape=None)


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
    per_copy = len(state.input) if state.rowwise else len(flat)
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
        ignored = int(target[0]) == state.get("ignore_index")
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
    if state.index_target and state.spec.weighted_mean:
        return state
    return replace(PRESETS["ce_batch"], reduction="mean")


def integer_snippet(with_dtype):
    """The tutorial's L1Loss code, with or without ``dtype=torch.float32``."""
    return pytorch_code(replace(PRESETS["tutorial_l1"], dtype="float32" if with_dtype else "auto"))
