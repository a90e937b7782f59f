"""The textbook gradient of a loss, d loss / d input, to set beside autograd's.

Each loss gives the derivative of one element (or one row, for class losses) in its
``LossSpec``; this module applies what they share: weights, the reduction and its normaliser.
"""

import math


def log_sum_exp(row):
    """log sum_c e^{x_c} of a list of floats, shifted by the max so large logits do not overflow."""
    m = max(row)
    return m + math.log(sum(math.exp(v - m) for v in row))


def target_mass(state):
    """q[n][c]: how much class c of row n pulls (weighted, smoothed); None for an ignored row.

    Cross-entropy's gradient is softmax * sum(q) - q, NLL's is -q.
    """
    n_classes = len(state.input[0])
    w = state.get("weight") or [1.0] * n_classes
    eps = state.get("label_smoothing")
    q = []
    for row in state.target:
        if state.index_target:
            k = int(row[0])
            if k == state.get("ignore_index"):
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
    if not state.index_target or not state.spec.weighted_mean:
        return float(len(state.input))
    w = state.get("weight")
    kept = [int(row[0]) for row in state.target if int(row[0]) != state.get("ignore_index")]
    return float(sum(w[k] for k in kept)) if w else float(len(kept))


def closed_form_gradient(state):
    """d loss / d input from the textbook formula, in the input table's layout.

    With reduction 'none' it is the gradient of the summed per-element losses.
    """
    if state.spec.closed_form is not None:
        return state.spec.closed_form(state)
    n_rows, n_cols = len(state.input), len(state.input[0])
    if state.classes:
        norm = class_normaliser(state)
        grad = []
        for row, q in zip(state.input, target_mass(state), strict=True):
            if q is None:  # an ignored row contributes nothing
                grad.append([0.0] * n_cols)
            else:
                row_grad = state.spec.gradient([float(c) for c in row], q)
                grad.append([g / norm for g in row_grad])
        return grad
    x, y = state.flat("input"), state.flat("target")
    divisor = {"mean": len(x), "batchmean": state.input_shape[0]}.get(state.reduction, 1)
    scale = 1.0 / divisor
    weighted = state.get("weight") is not None
    flat = []
    for i, (xi, yi) in enumerate(zip(x, y, strict=True)):
        options = state.at(i)
        g = state.spec.gradient(xi, yi, options)
        if weighted:
            g *= options["weight"]
        flat.append(g * scale)
    return [flat[r * n_cols : (r + 1) * n_cols] for r in range(n_rows)]
