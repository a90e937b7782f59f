"""The numbers the Losses page shows, all computed by the engine: the loss as torch prints it,
its per-element values and autograd's gradient beside the closed form."""

import math
from dataclasses import dataclass

from engine import losses
from engine.torchlike import tensor as tensor_module

from .catalogue import OPTIONS
from .closed_form import closed_form_gradient
from .state import is_int_text


@dataclass(frozen=True)
class LossResult:
    """What the page shows for a state, all computed by the engine."""

    printed: str  # the loss as PyTorch prints it, e.g. "tensor(0.6667)"
    value: object  # the loss: a float, or a list of floats with reduction 'none'
    elements: list  # the loss with reduction 'none', flat
    element_labels: list  # "[0, 0, 0, 1]" per element, or "n=0" for class losses
    grad: list  # d loss / d input from autograd, in the table's layout
    closed: list  # the same from the closed form
    root: object  # the Value backward ran from (the loss, or its sum for 'none')
    tensors: dict  # name -> Tensor: input, target, loss (for the graph's labels)


def _literal(cell):
    # torch infers the dtype from Python literals: 1 is an int, 1.0 a float
    return int(cell) if is_int_text(cell) else float(cell)


def _make_tensors(state):
    dtype = None if state.dtype == "auto" else tensor_module.DTYPES[state.dtype]
    nested_input = [[_literal(c) for c in row] for row in state.input]
    if state.index_target:
        target = tensor_module.tensor([int(row[0]) for row in state.target])
    elif state.integer_target:
        target = tensor_module.tensor([[int(c) for c in row] for row in state.target])
    else:
        target = tensor_module.tensor(
            [[_literal(c) for c in row] for row in state.target], dtype=dtype
        )
    inp = tensor_module.tensor(nested_input, dtype=dtype)
    if not state.classes and state.shape:
        inp = tensor_module.tensor([v for row in nested_input for v in row], dtype=dtype)
        inp = inp.reshape(*state.shape)
        target = target.reshape(*state.shape)
    return inp, target


def _keywords(state, dtype):
    kwargs = {}
    for name in state.spec.options:
        option, value = OPTIONS[name], state.get(name)
        if not option.argument:
            continue
        if option.kind == "vector":
            if value is not None:
                kwargs[option.torch_name] = tensor_module.tensor(list(value), dtype=dtype)
        else:  # a float option as a float (torch takes only a float var, not an int)
            kwargs[option.torch_name] = float(value) if option.kind == "float" else value
    return kwargs


def loss_tensor(state, reduction=None, requires_grad=False):
    """(input, target, loss) as engine Tensors; the loss from engine.losses, with every option."""
    inp, target = _make_tensors(state)
    if requires_grad:
        inp.requires_grad_()
    inp.label, target.label = "input", "target"
    function = getattr(losses, state.spec.function)
    dtype = inp.dtype if inp.dtype.is_floating_point else None
    loss = function(inp, target, reduction=reduction or state.reduction, **_keywords(state, dtype))
    loss.label = "loss"
    return inp, target, loss


def _element_labels(state, shape):
    if state.classes:
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
    # the page's table shows the gradient in full, next to its closed form: the scalar core's
    # float64 backward; input.grad then holds what torch's backward gives (float32 for float32)
    total.values()[0].backward()
    n_cols = len(state.input[0])
    grads = [v.grad for v in inp.values()]
    inp.grad_to_none()
    total.backward()
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
