"""Finite differences against autograd: every leaf's gradient, checked numerically.

For each leaf x the output depends on, the numeric gradient is the central difference
(f(x + eps) - f(x - eps)) / (2 eps), where f re-runs the graph's forward pass from the op table
(the user's code is not run again). Where the one-sided differences disagree the function has a
kink at that point (relu or abs at 0) and the row says so; inf and nan are reported, not raised.
When ``gradcheck`` returns, every Value holds its data as before, every leaf its grad as before,
and every intermediate d(output)/d(node), as after ``output.backward()``.
"""

import dataclasses
import math

from ..messages import Message
from .value import Value, _data, topological_order

KINK_TOLERANCE = 1e-3  # one-sided slopes further apart than this (relative) mark a kink


@dataclasses.dataclass(frozen=True, slots=True)
class GradcheckRow:
    """One leaf's check: autograd's gradient against the central difference."""

    leaf: Value
    label: str
    value: float
    autograd: float
    numeric: float
    rel_error: float
    ok: bool
    note: Message | None = None  # why the difference may mislead here (a kink, inf, precision)


def rerun_forward(order):
    """Recompute each non-leaf's data from its operands along ``order``; return the last one's."""
    for v in order:
        op = v._op
        if op is None:
            continue
        if v._b is None:
            v.data = op.forward(_data(v._a))
        else:
            v.data = op.forward(_data(v._a), _data(v._b))
    return order[-1].data


def relative_error(a, b):
    """|a - b| / max(|a|, |b|); 0 if equal, inf beside a different infinity, nan with a nan."""
    if a == b:
        return 0.0
    diff = abs(a - b)
    if diff == math.inf or diff != diff:
        return diff
    return diff / max(abs(a), abs(b))


def gradcheck(output, eps=1e-6, atol=1e-5, rtol=1e-3):
    """One GradcheckRow per leaf Value ``output`` depends on, in graph order.

    ``ok`` is torch.allclose's test, |autograd - numeric| <= atol + rtol * |numeric| (torch's
    gradcheck defaults); equal infinities count as close, nan never does.
    """
    order = topological_order(output)
    saved_data = [v.data for v in order]
    leaves = [v for v in order if v._op is None]
    saved_grads = [leaf.grad for leaf in leaves]
    try:
        for leaf in leaves:
            leaf.grad = 0.0
        output.backward()
        autograd = [leaf.grad for leaf in leaves]
        f0 = output.data
        rows = []
        for leaf, grad in zip(leaves, autograd, strict=True):
            x = leaf.data
            leaf.data = x + eps
            f_plus = rerun_forward(order)
            leaf.data = x - eps
            f_minus = rerun_forward(order)
            leaf.data = x
            rows.append(_row(leaf, x, grad, f0, f_plus, f_minus, eps, atol, rtol))
    finally:
        for v, data in zip(order, saved_data, strict=True):
            v.data = data
        for leaf, grad in zip(leaves, saved_grads, strict=True):
            leaf.grad = grad
    return rows


def _row(leaf, x, grad, f0, f_plus, f_minus, eps, atol, rtol):
    numeric = (f_plus - f_minus) / (2.0 * eps)
    ok = grad == numeric or abs(grad - numeric) <= atol + rtol * abs(numeric)
    return GradcheckRow(leaf, leaf.label, x, grad, numeric, relative_error(grad, numeric), ok,
                        _note(x, grad, f0, f_plus, f_minus, eps))


def _note(x, grad, f0, f_plus, f_minus, eps):
    if not all(map(math.isfinite, (f0, f_plus, f_minus, grad))):
        return Message("gradcheck.nonfinite")
    if x + eps == x or x - eps == x:
        return Message("gradcheck.precision", {"eps": eps, "x": x})
    right = (f_plus - f0) / eps
    left = (f0 - f_minus) / eps
    if abs(right - left) > KINK_TOLERANCE * max(1.0, abs(right), abs(left)):
        return Message("gradcheck.kink", {"left": left, "right": right})
    return None
