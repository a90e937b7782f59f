"""Expression programs: one description of a scalar graph, run by the engine and by torch.

A program is a list of steps, each building one node: ``["leaf", x]`` makes a leaf, and
``[op, operand, ...]`` applies an op-table entry, where an int operand refers to an earlier node
and a float (or "inf", "-inf", "nan") is a constant. The last node is the output. Both runners
build the graph as user code would (operators, reflected operators for a constant on the left,
methods), then run backward from the output and report every node's value and gradient.

Used by the engine's differential tests and by ``tests/golden/make_engine_golden.py``, which
stores torch's results so the comparisons also run without torch.
"""

import math
import operator
import random

from engine import Value
from engine.autograd.ops import OPS

OPERATORS = {
    "add": operator.add,
    "sub": operator.sub,
    "mul": operator.mul,
    "div": operator.truediv,
    "pow": operator.pow,
    "neg": operator.neg,
}


def encode(x):
    """A float as JSON can hold it: finite floats as numbers, inf and nan as strings."""
    return x if math.isfinite(x) else repr(x)


def decode(x):
    """The float ``encode`` stored."""
    return float(x)


def _operand(nodes, arg):
    return nodes[arg] if isinstance(arg, int) else decode(arg)


def engine_apply(name, args, kwargs=None):
    """Apply op ``name`` to Values and floats the way user code does, or from the table."""
    kwargs = kwargs or {}
    if name in OPERATORS:
        return OPERATORS[name](*args)
    op = OPS[name].bind(**kwargs)
    if op.arity == 1 and op.api:  # a Value method: x.exp(), x.softplus(beta=2)
        return getattr(args[0], name)(**kwargs)
    # ops user code cannot call (the losses' building blocks) are built from the table entry
    xs = [a.data if isinstance(a, Value) else a for a in args]
    return Value(op.forward(*xs), "", op, *args)


def torch_function(torch, name):
    """The torch function the op table names for op ``name`` (torch.exp, F.softplus...)."""
    f = torch
    for part in OPS[name].torch.split(".")[1:]:
        f = getattr(f, part)
    return f


def torch_apply(torch, name, args, kwargs=None):
    """Apply op ``name`` to 0-dim tensors and floats with torch's own functions."""
    if name in OPERATORS:
        return OPERATORS[name](*args)
    tensors = [a if isinstance(a, torch.Tensor) else torch.tensor(a, dtype=torch.float64)
               for a in args]
    kwargs = dict(kwargs or {})
    if OPS[name].torch.startswith("torch.nn.functional.binary_"):
        kwargs["reduction"] = "none"  # a mean of one -0.0 loss would be +0.0
    return torch_function(torch, name)(*tensors, **kwargs)


def build_engine(program):
    """The program's nodes as Values (the last one is the output)."""
    nodes = []
    for name, *args in program:
        if name == "leaf":
            nodes.append(Value(decode(args[0])))
        else:
            nodes.append(engine_apply(name, [_operand(nodes, a) for a in args]))
    return nodes


def run_engine(program, backward_calls=1):
    """Build the program with Values; return (values, grads) of every node after backward."""
    nodes = build_engine(program)
    for _ in range(backward_calls):
        nodes[-1].backward()
    return [v.data for v in nodes], [v.grad for v in nodes]


def forward_each(program, values):
    """Each op node's forward computed from ``values`` of its operands (leaves copied).

    Fed torch's values, this checks every op on torch's exact inputs, without the rounding of
    earlier nodes (a last-bit difference that exp, say, would amplify) getting in the way.
    """
    out = []
    for name, *args in program:
        if name == "leaf":
            out.append(decode(args[0]))
        else:
            xs = [values[a] if isinstance(a, int) else decode(a) for a in args]
            out.append(OPS[name].forward(*xs))
    return out


def backward_on(program, values):
    """The engine's gradients of every node, with each node's data set to ``values`` first.

    Fed torch's forward values, this checks every local derivative and the chain rule on
    torch's exact numbers. Also returns, per node, the sum of the magnitudes of the terms that
    were added into its gradient: the scale cancellation errors are measured against.
    """
    nodes = build_engine(program)
    for v, x in zip(nodes, values, strict=True):
        v.data = x
    nodes[-1].backward()
    terms = [0.0] * len(nodes)
    index = {id(v): i for i, v in enumerate(nodes)}
    for v in nodes:
        for p, d in zip(v.parents, v.local_grads(), strict=True):
            if isinstance(p, Value):
                terms[index[id(p)]] += abs(v.grad * d)
    terms[-1] = 1.0
    return [v.grad for v in nodes], terms


def run_torch(torch, program, backward_calls=1):
    """Build the program with float64 0-dim tensors; return (values, grads) after backward.

    Non-leaf gradients are retained; a node the output does not depend on has gradient 0.
    """
    nodes = []
    for name, *args in program:
        if name == "leaf":
            nodes.append(torch.tensor(decode(args[0]), dtype=torch.float64, requires_grad=True))
        else:
            node = torch_apply(torch, name, [_operand(nodes, a) for a in args])
            node.retain_grad()
            nodes.append(node)
    for _ in range(backward_calls):
        nodes[-1].backward(retain_graph=True)
    grads = [0.0 if t.grad is None else t.grad.item() for t in nodes]
    return [t.item() for t in nodes], grads


def close(ours, theirs, rel=1e-12):
    """Equal, both nan, or within ``rel`` of each other (relative to the larger magnitude)."""
    if ours == theirs or (ours != ours and theirs != theirs):
        return True
    return abs(ours - theirs) <= rel * max(abs(ours), abs(theirs))


# --- the edge cases, each a small program ------------------------------------------

EDGE_CASES = {
    "exp(1000) = inf": [["leaf", 1000.0], ["exp", 0]],
    "exp(-1000) = 0": [["leaf", -1000.0], ["exp", 0]],
    "log(0) = -inf": [["leaf", 0.0], ["log", 0]],
    "log(-0.0) = -inf": [["leaf", -0.0], ["log", 0]],
    "log(-1) = nan": [["leaf", -1.0], ["log", 0]],
    "log(inf) = inf": [["leaf", "inf"], ["log", 0]],
    "1 / Value(0) = inf": [["leaf", 0.0], ["div", 1.0, 0]],
    "1 / Value(-0.0) = -inf": [["leaf", -0.0], ["div", 1.0, 0]],
    "Value(0) / Value(0) = nan": [["leaf", 0.0], ["leaf", 0.0], ["div", 0, 1]],
    "Value(2) / Value(0) = inf": [["leaf", 2.0], ["leaf", 0.0], ["div", 0, 1]],
    "sqrt(-1) = nan": [["leaf", -1.0], ["sqrt", 0]],
    "sqrt(0), sqrt'(0) = inf": [["leaf", 0.0], ["sqrt", 0]],
    "Value(-8) ** (1/3) = nan": [["leaf", -8.0], ["pow", 0, 1 / 3]],
    "Value(-8) ** 3": [["leaf", -8.0], ["pow", 0, 3.0]],
    "Value(10) ** 400 = inf": [["leaf", 10.0], ["pow", 0, 400.0]],
    "Value(-10) ** 401 = -inf": [["leaf", -10.0], ["pow", 0, 401.0]],
    "Value(0) ** -1 = inf": [["leaf", 0.0], ["pow", 0, -1.0]],
    "Value(0) ** 0.5": [["leaf", 0.0], ["pow", 0, 0.5]],
    "d/dx x**0 = 0 at 0": [["leaf", 0.0], ["pow", 0, 0.0]],
    "d/dx x**0 = 0 at 2": [["leaf", 2.0], ["pow", 0, 0.0]],
    "Value ** Value": [["leaf", 2.0], ["leaf", 3.0], ["pow", 0, 1]],
    "Value(0) ** Value(2)": [["leaf", 0.0], ["leaf", 2.0], ["pow", 0, 1]],
    "Value(0) ** Value(0)": [["leaf", 0.0], ["leaf", 0.0], ["pow", 0, 1]],
    "Value(0) ** Value(-1)": [["leaf", 0.0], ["leaf", -1.0], ["pow", 0, 1]],
    "Value(-2) ** Value(2)": [["leaf", -2.0], ["leaf", 2.0], ["pow", 0, 1]],
    "Value(-8) ** Value(1/3)": [["leaf", -8.0], ["leaf", 1 / 3], ["pow", 0, 1]],
    "2 - a": [["leaf", 5.0], ["sub", 2.0, 0]],
    "10 / a": [["leaf", 4.0], ["div", 10.0, 0]],
    "10 / a at 0": [["leaf", 0.0], ["div", 10.0, 0]],
    "2 ** a": [["leaf", 3.0], ["pow", 2.0, 0]],
    "0 ** a": [["leaf", 3.0], ["pow", 0.0, 0]],
    "sigmoid(-1000) = 0": [["leaf", -1000.0], ["sigmoid", 0]],
    "sigmoid(1000) = 1": [["leaf", 1000.0], ["sigmoid", 0]],
    "tanh(1000) = 1": [["leaf", 1000.0], ["tanh", 0]],
    "relu'(0) = 0": [["leaf", 0.0], ["relu", 0]],
    "relu(-0.0)": [["leaf", -0.0], ["relu", 0]],
    "abs'(0) = 0": [["leaf", 0.0], ["abs", 0]],
    "abs'(-0.0)": [["leaf", -0.0], ["abs", 0]],
    "abs'(nan) = 0": [["leaf", "nan"], ["abs", 0]],
    "log(relu(x)) at -1: relu off stops the inf": [["leaf", -1.0], ["relu", 0], ["log", 1]],
    "relu(x / x) at 0 = nan": [["leaf", 0.0], ["div", 0, 0], ["relu", 1]],
    "sqrt(x * x) at 0: inf * 0 = nan": [["leaf", 0.0], ["mul", 0, 0], ["sqrt", 1]],
    "sin(inf) = nan": [["leaf", "inf"], ["sin", 0]],
    "cos(-inf) = nan": [["leaf", "-inf"], ["cos", 0]],
    "inf * 0 = nan": [["leaf", "inf"], ["leaf", 0.0], ["mul", 0, 1]],
    "inf - inf = nan": [["leaf", "inf"], ["sub", 0, 0]],
    "nan propagates": [["leaf", "nan"], ["leaf", 1.0], ["mul", 0, 1], ["add", 2, 1]],
    "x * x has two edges": [["leaf", 3.0], ["mul", 0, 0]],
    "exp(x) * 0 at x = 1000": [["leaf", 1000.0], ["exp", 0], ["mul", 1, 0.0]],
    "Karpathy's neuron": [
        ["leaf", 2.0], ["leaf", 0.0], ["leaf", -3.0], ["leaf", 1.0], ["leaf", 6.8813735870195432],
        ["mul", 0, 2], ["mul", 1, 3], ["add", 5, 6], ["add", 7, 4], ["tanh", 8],
    ],
}

# --- random expression graphs ---------------------------------------------------------------

CONSTANTS = (2.0, 0.5, -1.5, 3.0, 1e-3, -4.0)
EXPONENTS = (2.0, 3.0, 0.5, -1.0, 0.0, 1.5, -2.0)


def random_program(seed, n_leaves=4, n_ops=14):
    """A seeded random graph over every op in the table, with shared nodes and constants."""
    # shared subexpressions, ``x op x``, constants on either side; at the end every node nothing
    # uses yet is added into the output, so every leaf has a gradient to check
    rng = random.Random(seed)
    program = [["leaf", rng.uniform(-2.0, 2.0)] for _ in range(rng.randint(1, n_leaves))]
    used = set()

    def pick():
        # prefer recent nodes, so graphs grow deep as well as wide
        i = max(0, len(program) - 1 - int(rng.expovariate(0.6)))
        used.add(i)
        return i

    def add(step):
        program.append(step)
        return len(program) - 1

    names = sorted(OPS)
    for _ in range(rng.randint(3, n_ops)):
        name = rng.choice(names)
        if OPS[name].arity == 1:
            add([name, pick()])
        elif name == "bce":
            # torch rejects a probability or target outside [0, 1] (or nan): sigmoids of leaves
            x, y = (add(["sigmoid", add(["leaf", rng.uniform(-3.0, 3.0)])]) for _ in range(2))
            used.update((x - 1, x, y - 1, y))
            add([name, x, y if rng.random() < 0.5 else rng.choice((0.0, 0.25, 1.0))])
        else:
            a = pick()
            roll = rng.random()
            if roll < 0.15:
                b = a  # the same node on both sides: two edges
            elif roll < 0.3:
                b = rng.choice(EXPONENTS if name == "pow" else CONSTANTS)
            elif roll < 0.4:
                a, b = rng.choice(CONSTANTS), a  # a constant on the left: a reflected operator
            else:
                b = pick()
            add([name, a, b])
    out = len(program) - 1
    for i in range(len(program) - 1):
        if i not in used and i != out:
            out = add(["add", out, i])
    return program


# --- every op on a grid of IEEE special values ----------------------------------------------

SPECIAL = (0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, 1e-310, 1e300, -1e300, 800.0, -800.0,
           math.inf, -math.inf, math.nan)


# a parametrized op is also checked with every parameter at each of these (softplus with
# beta = threshold = 2 has its threshold between the grid's 1 and 3)
PARAMETER_VALUES = (2.0, 0.5)


def grid(name):
    """The operand tuples op ``name`` is checked at: every special value, or pair of them."""
    if OPS[name].arity == 1:
        return [(x,) for x in SPECIAL]
    return [(x, y) for x in SPECIAL for y in SPECIAL]


def parameter_sets(name):
    """The keyword arguments op ``name`` is checked with: none, then each PARAMETER_VALUES."""
    params = OPS[name].params
    return [{}] + [dict.fromkeys(params, value) for value in PARAMETER_VALUES if params]


def torch_op(torch, name, xs, kwargs=None):
    """torch's output and its gradient per operand at ``xs``, or None where torch raises."""
    leaves = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in xs]
    try:
        out = torch_apply(torch, name, leaves, kwargs)
    except RuntimeError:  # binary_cross_entropy refuses a probability outside [0, 1]
        return None
    out.backward()
    return [out.item()] + [leaf.grad.item() for leaf in leaves]
