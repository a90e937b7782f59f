"""The numbers the Losses page shows, all computed by the engine: the loss as torch prints it,
its per-element values and autograd's gradient beside the closed form."""

import math
from dataclasses import dataclass, replace

from engine import losses
from engine.torchlike import numpy_losses, numpy_tensor
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
    root: object  # the Value backward ran from (the loss, or its sum for 'none'); None for a
    # loss computed on the tensor level (CTC)
    tensors: dict  # name -> Tensor: input, target, loss (for the graph's labels)


def _literal(cell):
    # torch infers the dtype from Python literals: 1 is an int, 1.0 a float
    return int(cell) if is_int_text(cell) else float(cell)


def _module(state):
    """The engine level a loss runs on: the scalar level (Values, the page's graph of every
    number), or the tensor level for CTC, which the scalar level does not offer."""
    return numpy_tensor if state.spec.layout == "sequence" else tensor_module


def _make_tensors(state):
    """One engine Tensor per table the loss takes, in call order."""
    module = _module(state)
    dtype = None if state.dtype == "auto" else tensor_module.DTYPES[state.dtype]
    if state.spec.layout == "triples":
        return [module.tensor(_nested(getattr(state, a.table), a.column), dtype=dtype)
                for a in state.spec.inputs]
    nested_input = _nested(state.input)
    if state.index_target:
        target = module.tensor(_nested(state.target, column=True))
    elif state.spec.layout == "sequence":  # one row of labels: a 1-D tensor
        target = module.tensor(_nested(state.target)[0])
    elif state.integer_target:
        target = module.tensor(_nested(state.target))
    else:
        target = module.tensor(_nested(state.target), dtype=dtype)
    inp = module.tensor(nested_input, dtype=dtype)
    if not state.rowwise and state.shape:
        inp = module.tensor([v for row in nested_input for v in row], dtype=dtype)
        inp = inp.reshape(*state.shape)
        target = target.reshape(*state.shape)
    return [inp, target]


def _nested(table, column=False):
    """A table as nested Python numbers; a column as a flat list (one number per row)."""
    rows = [[_literal(c) for c in row] for row in table]
    return [row[0] for row in rows] if column else rows


def _keywords(state, dtype):
    kwargs = {}
    for name in state.spec.options:
        option, value = OPTIONS[name], state.get(name)
        if not option.argument:
            continue
        if option.kind == "vector":
            if value is not None:
                kwargs[option.torch_name] = _module(state).tensor(list(value), dtype=dtype)
        else:  # a float option as a float (torch takes only a float var, not an int)
            kwargs[option.torch_name] = float(value) if option.kind == "float" else value
    return kwargs


def sequence_lengths(state):
    """CTC's input and target lengths of the page's one sequence: (T,) and (S,)."""
    return (len(state.input),), (len(state.target[0]),)


def loss_tensor(state, reduction=None, requires_grad=False):
    """(input, target, loss) as engine Tensors; the loss from engine.losses, with every option.

    The input is the first table the loss takes (input1, the anchors, CTC's scores before their
    log_softmax), the target the last.
    """
    tensors = _make_tensors(state)
    inp, target = tensors[0], tensors[-1]
    if requires_grad:
        inp.requires_grad_()
    for tensor, argument in zip(tensors, state.spec.inputs, strict=True):
        tensor.label = argument.name
    dtype = inp.dtype if inp.dtype.is_floating_point else None
    options = {"reduction": reduction or state.reduction, **_keywords(state, dtype)}
    if state.spec.layout == "sequence":
        loss = numpy_losses.FUNCTIONS[state.spec.function](
            inp.log_softmax(1), target, *sequence_lengths(state), **options)
    else:
        loss = getattr(losses, state.spec.function)(*tensors, **options)
    loss.label = "loss"
    return inp, target, loss


def _element_labels(state, shape):
    if state.spec.layout == "sequence":
        return ["n=0"]
    if state.rowwise:
        return [f"n={n}" for n in range(len(state.input))]
    labels = []
    for i in range(math.prod(shape)):
        index = []
        for n in reversed(shape):
            index.append(i % n)
            i //= n
        labels.append("[" + ", ".join(str(k) for k in reversed(index)) + "]")
    return labels


def _flat(nested):
    return [v for item in nested for v in _flat(item)] if isinstance(nested, list) else [nested]


def _backward(state, loss):
    (loss.sum() if state.reduction == "none" else loss).backward()


def compute(state):
    """Everything the page shows for a state; the engine's ValueError/TypeError pass through.

    The loss is printed in the data's dtype; its numbers, and autograd's gradient beside the
    closed form, are float64 whatever the dtype (a float32 gradient is rounded at every step,
    as torch's is; the tables' numbers are the same in both dtypes).
    """
    _, _, shown = loss_tensor(state)
    inp, target, loss = loss_tensor(state, requires_grad=True)
    _backward(state, loss)
    exact = replace(state, dtype="float64") if state.dtype == "float32" else state
    exact_input, exact_loss = inp, loss
    if exact is not state:
        exact_input, _, exact_loss = loss_tensor(exact, requires_grad=True)
        _backward(exact, exact_loss)
    _, _, per_element = loss_tensor(exact, reduction="none")
    elements = _flat(per_element.tolist())
    n_cols = len(state.input[0])
    grads = _flat(exact_input.grad.tolist())
    root = exact_loss.sum() if state.reduction == "none" else exact_loss
    return LossResult(
        printed=repr(shown),
        value=elements if state.reduction == "none" else exact_loss.item(),
        elements=elements,
        element_labels=_element_labels(state, tuple(inp.shape)),
        grad=[grads[r : r + n_cols] for r in range(0, len(grads), n_cols)],
        closed=closed_form_gradient(state),
        root=root.values()[0] if hasattr(root, "values") else None,
        tensors={"input": inp, "target": target, "loss": loss},
    )


def max_difference(a, b):
    """The largest |a - b| over two tables of the same layout (nan if either has a nan)."""
    diffs = [abs(x - y) for ra, rb in zip(a, b, strict=True) for x, y in zip(ra, rb, strict=True)]
    return math.nan if any(d != d for d in diffs) else max(diffs)
