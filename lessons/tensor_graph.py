"""tensor_graph(output, names) -> TensorGraph: the tensor-level graph below a tensor, as data.

One node per tensor operation (the tensor it made: its grad_fn, shape, dtype, a preview of its
values and of the gradient it keeps, the op's backward rule, and the Python numbers it took as
operands) and one per tensor with no history (a leaf, a parameter, a tensor of data); an edge
runs from each input tensor to the op that used it, carrying that input's part of the rule.

The walk follows each node's ``edges`` (where the gradient went when the op ran), so a tensor
updated in place later does not loop the graph back on itself. It is bounded: the nodes nearest
the output are kept, at most ``limit`` of them, and the rest are counted, up to a bound of their
own. Node ids follow a depth-first walk from the output (inputs before the op, first input
first), never ``id()``, so every run of the same code gives the same ids.
"""

import dataclasses
import json
import math
import numbers
import re
from collections import deque
from dataclasses import dataclass

import numpy as np

from engine.autograd.graph import format_number
from engine.autograd.ops import OPS

OP, TENSOR = "op", "tensor"
MAX_TENSOR_NODES = 300  # nodes kept and drawn: a training step's graph fits many times over
MAX_COUNTED = 100_000  # nodes counted beyond those kept; past this the count says "at least"
PREVIEW = 6  # elements of a tensor (and of its gradient) kept for the hover and the inspector


@dataclass(frozen=True)
class TensorNode:
    """One tensor operation (OP) or one tensor without history (TENSOR)."""

    id: int
    kind: str
    name: str  # the variable name, else the op and a number (``mul2``), else ``tensor3``
    grad_fn: str = ""  # torch's grad_fn name (op nodes)
    op: str = ""  # the op's name (``mul``, ``sum``); '' for a tensor or a number
    shape: tuple = ()
    dtype: str = ""  # torch's name: ``torch.float32``
    size: int = 1
    values: tuple | None = None  # the first PREVIEW elements, flat; None once overwritten in place
    grad: tuple | None = None  # the first PREVIEW elements of the gradient it keeps, else None
    grad_mean: float = math.nan  # the mean of that gradient (its colour in the drawing)
    requires_grad: bool = False
    rule: str = ""  # the op's backward rule: one part per input, ``g · y, g · x``
    arity: int = 0  # the op's operands: edges into it, numbers and inputs left out
    numbers: tuple = ()  # (slot, text) of each Python number it took (``x ** 2``: (1, "2"))
    cut: int = 0  # input tensors of this op left out of the graph (beyond the bound)
    formula: str = ""  # how it was computed, with its inputs' names: ``pow1 = sub1 ** 2``
    flagged: bool = False  # inf or nan among its values or its gradient


@dataclass(frozen=True)
class TensorEdge:
    """Input -> the op that used it, at the input's slot; ``rule`` is d(loss)/d(input)'s part of
    the op's backward rule, '' where no gradient flows (a tensor of data)."""

    src: int
    dst: int
    slot: int
    rule: str = ""
    grad: bool = False
    named: str = ""  # the rule with the names put in: ``Σ(g · x)``
    formula: str = ""  # what it adds to the input's gradient: ``∂loss/∂b += Σ(g · x)``


@dataclass(frozen=True)
class TensorGraph:
    """Nodes in topological order (node i has id i, inputs first), edges, the output's id, and
    how many nodes were left out (``hidden``; ``hidden_more``: there are more than that)."""

    nodes: tuple
    edges: tuple
    root: int
    hidden: int = 0
    hidden_more: bool = False

    def inputs(self, node_id):
        """Edges into a node, in slot order."""
        return sorted((e for e in self.edges if e.dst == node_id), key=lambda e: e.slot)

    @property
    def nonfinite(self):
        """Nodes with inf or nan among their values or gradient."""
        return [n for n in self.nodes if n.flagged]


def _is_tensor(x):
    return hasattr(x, "grad_fn") and hasattr(x, "array")


def _op_name(grad_fn):
    """``MulBackward0`` -> ``mul``; a name without Backward (``CopySlices``) lowercased."""
    base = grad_fn.split("Backward", 1)[0]
    return base.lower()


def _preview(a):
    flat = np.asarray(a).reshape(-1)[:PREVIEW]
    return tuple(flat.tolist())


def _nonfinite(a):
    a = np.asarray(a)
    return a.dtype.kind == "f" and not bool(np.isfinite(a).all())


def _rule_parts(rule, n_inputs):
    """The backward rule split into one part per input (None where it does not split so)."""
    if not rule:
        return [None] * n_inputs
    parts = [p.strip() for p in rule.split(", ")] if n_inputs > 1 else [rule]
    if len(parts) == n_inputs:
        return parts
    if len(parts) == 1:  # tensor ** number: the number gets no gradient
        return parts + [None] * (n_inputs - 1)
    return [None] * n_inputs


class _Walk:
    """The bounded walk: keys (an op's Node, a tensor, a number's slot) -> what they hold."""

    def __init__(self, limit):
        self.limit = limit
        self.kept = {}  # key -> [kind, object, tensor, operands: (input key, None) or (None,
        # a number) per slot, None until walked]
        self.seen = set()  # every key met, kept or counted
        self.counted = 0
        self.more = False

    def meet(self, key, kind, obj, tensor):
        """Meet a node; True if it is new and kept (its inputs are walked)."""
        if key in self.kept:
            entry = self.kept[key]
            if tensor is not None and (entry[2] is None or (
                    entry[2].grad_fn is not obj and tensor.grad_fn is obj)):
                entry[2] = tensor  # the op's own tensor, where an earlier input was overwritten
            return False
        if key in self.seen:
            return False
        self.seen.add(key)
        if len(self.kept) < self.limit:
            self.kept[key] = [kind, obj, tensor, None]
            return True
        self.counted += 1
        return False


def _inputs_of(node):
    """(key, kind, object, tensor) for each input of an op's Node, in slot order; a number is
    (None, None, the number, None)."""
    out = []
    for edge, given in zip(node.edges, node.inputs, strict=True):
        if edge is not None and not _is_tensor(edge):  # the node of a tensor with history
            out.append((("op", id(edge)), OP, edge, given))
        elif _is_tensor(given):
            out.append((("tensor", id(given)), TENSOR, given, given))
        else:
            out.append((None, None, given, None))
    return out


def _walk(output, limit):
    walk = _Walk(limit)
    root = ("op", id(output.grad_fn)) if output.grad_fn is not None else ("tensor", id(output))
    walk.meet(root, OP if output.grad_fn is not None else TENSOR, output.grad_fn or output,
              output)
    queue = deque([(root, output.grad_fn)] if output.grad_fn is not None else [])
    counting = deque()
    while queue:
        key, node = queue.popleft()
        inputs = _inputs_of(node)
        walk.kept[key][3] = [(k, None if k else obj) for k, _, obj, _ in inputs]
        for k, kind, obj, tensor in inputs:
            if k is None:
                continue
            fresh = k not in walk.seen
            if walk.meet(k, kind, obj, tensor):
                if kind == OP:
                    queue.append((k, obj))
            elif fresh and kind == OP:  # counted, not kept: what lies below it is counted too
                counting.append(obj)
    _count_rest(walk, counting)
    return walk, root


def _count_rest(walk, frontier):
    """Count the nodes beyond the kept ones, up to MAX_COUNTED (then ``more`` says so)."""
    while frontier:
        if walk.counted >= MAX_COUNTED:
            walk.more = True
            return
        for k, kind, obj, _ in _inputs_of(frontier.popleft()):
            if k is None or k in walk.seen:
                continue
            walk.seen.add(k)
            walk.counted += 1
            if kind == OP:
                frontier.append(obj)


def _topological(walk, root):
    """Kept keys, inputs before the ops that use them, first input first (depth-first)."""
    ids, order = {}, []
    stack = [(root, False)]
    while stack:
        key, done = stack.pop()
        if key in ids:
            continue
        if done:
            ids[key] = len(order)
            order.append(key)
            continue
        stack.append((key, True))
        for k, _ in reversed(walk.kept[key][3] or ()):
            if k in walk.kept and k not in ids:
                stack.append((k, False))
    return ids, order


def tensor_graph(output, names=None, limit=MAX_TENSOR_NODES):
    """The graph below the tensor ``output``: at most ``limit`` nodes, the rest counted.

    ``names`` (variable name -> object, an evaluation's namespace) names tensors that carry no
    label of their own.
    """
    given = {}
    for name, obj in (names or {}).items():
        if _is_tensor(obj) and not name.startswith("_"):
            given.setdefault(id(obj), name)
    for name, obj in (names or {}).items():  # a module's parameters: ``model.weight``
        if callable(getattr(type(obj), "named_parameters", None)) and not name.startswith("_"):
            for path, parameter in obj.named_parameters():  # (before any loop variable's)
                given.setdefault(("path", id(parameter)), f"{name}.{path}")
    walk, root = _walk(output, limit)
    ids, order = _topological(walk, root)
    taken, counts = set(), {}
    nodes, edges = [], []
    for key in order:
        kind, obj, tensor, operands = walk.kept[key]
        node = _node(ids[key], kind, obj, tensor, given, taken, counts)
        if kind == OP:
            parts = _rule_parts(node.rule, len(operands))
            numbers_, cut = [], 0
            for slot, ((k, number), part, edge) in enumerate(
                    zip(operands, parts, obj.edges, strict=True)):
                if k is None:
                    numbers_.append((slot, _number_text(number)))
                elif k not in ids:
                    cut += 1
                else:
                    flows = edge is not None
                    edges.append(TensorEdge(ids[k], ids[key], slot,
                                            part if flows and part else "", flows))
            node = dataclasses.replace(node, arity=len(operands), numbers=tuple(numbers_),
                                       cut=cut)
        nodes.append(node)
    # the texts name the nodes, so they are written once every node has its name
    graph = TensorGraph(tuple(nodes), tuple(edges), ids[root], walk.counted, walk.more)
    return dataclasses.replace(
        graph,
        nodes=tuple(dataclasses.replace(n, formula=forward_formula(graph, n.id))
                    if n.kind == OP else n for n in nodes),
        edges=tuple(dataclasses.replace(e, named=edge_rule(graph, e),
                                        formula=edge_formula(graph, e)) for e in edges),
    )


def _number_text(x):
    return format_number(float(x)) if isinstance(x, numbers.Real) else str(x)[:20]


def _unique(base, taken, counts):
    """``base`` if no node has that name yet, else ``base·2``, ``base·3`` ..."""
    name = base
    while name in taken:
        counts[base] = counts.get(base, 1) + 1
        name = f"{base}·{counts[base]}"
    taken.add(name)
    return name


def _numbered(base, taken, counts):
    """``base1``, ``base2`` ...: a name for an unnamed op or tensor."""
    k = counts.get(("#", base), 0)
    while True:
        k += 1
        name = f"{base}{k}"
        if name not in taken:
            counts[("#", base)] = k
            taken.add(name)
            return name


def _node(node_id, kind, obj, tensor, given, taken, counts):
    # the tensor an op made, unless it was overwritten in place since (then only its shape and
    # dtype, which an in-place write keeps, are known, and its name is the newer op's)
    current = kind != OP or tensor.grad_fn is obj
    label = (given.get(("path", id(tensor))) or tensor.label or given.get(id(tensor), "")
             if current else "")
    if kind == OP:
        grad_fn = obj.name()
        op = _op_name(grad_fn)
        name = _unique(label, taken, counts) if label else _numbered(op, taken, counts)
        fields = {"grad_fn": grad_fn, "op": op, "rule": obj.rule or "", "requires_grad": True}
    else:
        name = _unique(label, taken, counts) if label else _numbered("tensor", taken, counts)
        fields = {"requires_grad": bool(tensor.requires_grad)}
    a = tensor.array()
    grad = tensor.grad
    g = grad.array() if grad is not None and current else None
    return TensorNode(
        node_id, kind, name, shape=tuple(a.shape), dtype=repr(tensor.dtype), size=int(a.size),
        values=_preview(a) if current else None,
        grad=_preview(g) if g is not None else None,
        grad_mean=float(np.mean(g, dtype=np.float64)) if g is not None and g.size else math.nan,
        flagged=current and (_nonfinite(a) or (g is not None and _nonfinite(g))),
        **fields,
    )


# --- text: the backward rule as a formula ---------------------------------------------------

_TOKEN = re.compile(r"(?<![A-Za-z0-9_])(d/d)?([xyen])(?![A-Za-z0-9_])")


def _operands(graph, node_id):
    """What each operand slot of an op holds: an input's name, a number, or … (left out)."""
    node = graph.nodes[node_id]
    held = ["…"] * node.arity
    for slot, text in node.numbers:
        held[slot] = text
    for e in graph.inputs(node_id):
        held[e.slot] = graph.nodes[e.src].name
    return held


def _placeholders(graph, node_id):
    """Each placeholder of the op's rule -> the name (or number) it stands for: ``x`` and ``y``
    the operands (``e`` a number exponent), ``n`` the elements a mean divides by."""
    node = graph.nodes[node_id]
    held = _operands(graph, node_id)
    names = dict(zip(("x", "y") if len(held) <= 2 else (f"x{i}" for i in range(len(held))),
                     held, strict=False))
    if node.grad_fn == "PowBackward0" and "y" in names:  # tensor ** number
        names["e"] = names.pop("y")
    ins = graph.inputs(node_id)
    if node.op == "mean" and ins:
        names["n"] = str(graph.nodes[ins[0].src].size // max(node.size, 1))
    return names


def _named(rule, names):
    def put(m):
        name = names.get(m.group(2))
        if name is None:
            return m.group(0)
        return f"{m.group(1) or ''}{name}"

    return _TOKEN.sub(put, rule)


def forward_formula(graph, node_id):
    """How the op computed its tensor, with its inputs' names: ``mul1 = b * x``."""
    node = graph.nodes[node_id]
    args = _operands(graph, node_id)
    entry = OPS.get(node.op)
    if entry is not None and entry.arity == len(args):
        text = entry.formula.format(*args)
    else:
        text = f"{node.op}({', '.join(args)})"
    return f"{node.name} = {text}"


def edge_rule(graph, edge):
    """What the op's backward gives this input, with names: ``Σ(g · x)`` (Σ: summed down to
    the input's shape, where it broadcast); '' where no gradient flows."""
    if not edge.grad or not edge.rule:
        return ""
    rule = _named(edge.rule, _placeholders(graph, edge.dst))
    return f"Σ({rule})" if graph.nodes[edge.src].size < graph.nodes[edge.dst].size else rule


def edge_formula(graph, edge):
    """What the op's backward adds to its input's gradient: ``∂loss/∂b += Σ(g · x)``; '' where
    no gradient flows."""
    rule = edge_rule(graph, edge)
    if not rule:
        return ""
    return f"∂{graph.nodes[graph.root].name}/∂{graph.nodes[edge.src].name} += {rule}"


def backward_lines(graph, node_id):
    """The op's backward rule, one line per input the gradient flows to."""
    return [e.formula for e in graph.inputs(node_id) if e.formula]


def upstream(graph, node_id):
    """``∂loss/∂y_pred``: what the rule's ``g`` is (``∂loss/∂loss = 1`` at the output)."""
    d = f"∂{graph.nodes[graph.root].name}/∂{graph.nodes[node_id].name}"
    return f"{d} = 1" if node_id == graph.root and graph.nodes[node_id].size == 1 else d


# --- export ---------------------------------------------------------------------------------


def _json_number(x):
    if isinstance(x, float) and not math.isfinite(x):
        return str(x)  # JSON has no inf/nan: "inf", "-inf", "nan"
    return x


def _json_list(xs):
    return None if xs is None else [_json_number(x) for x in xs]


def tensor_graph_to_json(graph):
    """The graph as a JSON document (inf and nan as strings)."""
    doc = {
        "level": "tensor",
        "root": graph.root,
        "hidden": graph.hidden,
        "hidden_more": graph.hidden_more,
        "nodes": [
            {"id": n.id, "kind": n.kind, "name": n.name, "grad_fn": n.grad_fn, "op": n.op,
             "shape": list(n.shape), "dtype": n.dtype, "size": n.size,
             "values": _json_list(n.values), "grad": _json_list(n.grad),
             "requires_grad": n.requires_grad, "rule": n.rule, "formula": n.formula,
             "numbers": [list(pair) for pair in n.numbers], "cut": n.cut}
            for n in graph.nodes
        ],
        "edges": [{"src": e.src, "dst": e.dst, "slot": e.slot, "rule": e.rule, "grad": e.grad,
                   "formula": e.formula} for e in graph.edges],
    }
    return json.dumps(doc, indent=1, ensure_ascii=False)
