"""The PyTorch program a state stands for, in the tutorial's style: it prints the loss and the
input's gradient, and runs unchanged in torch and in the snippet language."""

from .catalogue import OPTIONS


def _list_literal(table):
    rows = ["[" + ", ".join(row) + "]" for row in table]
    return "[" + ", ".join(rows) + "]"


def _dtype_arg(state):
    return "" if state.dtype == "auto" else f", dtype=torch.{state.dtype}"


def loss_arguments(state):
    """The loss's keyword arguments as source text; options at torch's defaults are left out."""
    args = [f"reduction={state.reduction!r}"]
    for name, value in state.options:
        if not OPTIONS[name].argument or OPTIONS[name].call:
            continue
        if OPTIONS[name].kind == "vector":
            values = ", ".join(repr(float(v)) for v in value)
            value = f"torch.tensor([{values}]{_dtype_arg(state)})"
        else:
            value = repr(value)
        args.append(f"{OPTIONS[name].torch_name}={value}")
    return ", ".join(args)


def call_arguments(state):
    """What the loss is called with beyond input and target (GaussianNLLLoss's ``var``)."""
    return "".join(f", {OPTIONS[name].torch_name}={float(state.get(name))!r}"
                   for name in state.spec.options if OPTIONS[name].call)


def _column_literal(table):
    return "[" + ", ".join(row[0] for row in table) + "]"


def pytorch_code(state):
    """The PyTorch program that computes this loss and its gradient, in the tutorial's style."""
    dtype = _dtype_arg(state)
    lines = ["import torch", f"from torch.nn import {state.loss}", ""]
    names = ("input", "target")
    if state.spec.layout == "triples":
        names = tuple(argument.name for argument in state.spec.inputs)
        for argument in state.spec.inputs:
            table = getattr(state, argument.table)
            literal = _column_literal(table) if argument.column else _list_literal(table)
            lines.append(f"{argument.name} = torch.tensor({literal}{dtype})")
    elif not state.rowwise and state.shape:
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
        elif state.spec.layout == "sequence":  # the labels, and each sequence's length
            lines.append(f"target = torch.tensor([{', '.join(state.target[0])}])")
            names = ("input.log_softmax(1)", "target", f"({len(state.input)},)",
                     f"({len(state.target[0])},)")
        elif state.integer_target:
            lines.append(f"target = torch.tensor({_list_literal(state.target)})")
        else:
            lines.append(f"target = torch.tensor({_list_literal(state.target)}{dtype})")
    backward = "loss.sum().backward()" if state.reduction == "none" else "loss.backward()"
    call = f"loss = loss_fn({', '.join(names)}{call_arguments(state)})"
    lines += [
        f"loss_fn = {state.loss}({loss_arguments(state)})",
        call,
        "print(loss)",
        "",
        f"{names[0].split('.')[0]}.requires_grad_()",
        call,
        backward,
        f"print({names[0].split('.')[0]}.grad)",
    ]
    return "\n".join(lines) + "\n"
