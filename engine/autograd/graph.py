"""trace(root) -> Graph: the computation graph behind a Value, as plain data to draw and teach.

A traced graph is a snapshot: numbers are copied out of the Values, so later changes to the
Values (another backward, a finite-difference check) do not change what is drawn. Node ids come
from the traversal order (parents before children, first operand first), never from ``id()``, so
the same code gives the same ids on every run.

The scalar graph has three kinds of node: Values (``"leaf"`` or ``"value"``), constants
(``"const"``: a plain number used as an operand) and one ``"op"`` node per computed Value. An edge
runs from each operand to the op node of the Value it feeds (one edge per operand slot, so ``x*x``
has two), carrying the local derivative d(child)/d(operand) and the upstream gradient
d(root)/d(child); one more edge joins each op node to its Value.
"""

import json
import keyword
import math
from dataclasses import dataclass
from functools import cached_property

from ..messages import Message, render
from .ops import OPS
from .value import Value, topological_order

LEAF, VALUE, CONST, OP, GROUP = "leaf", "value", "const", "op", "group"
OUTPUT_SLOT = -1  # the slot of the edge from an op node to the Value it computes


@dataclass(frozen=True)
class Node:
    """One drawn node: a Value, a constant, an op, or (grouped view) a tensor operation."""

    id: int
    kind: str  # LEAF, VALUE, CONST, OP or GROUP
    name: str  # what the learner calls it: label, variable name, or v<id>
    data: float = math.nan  # nan for op nodes; for a group, its element when it has one
    grad: float = math.nan
    op: str = ""  # the op-table name (values, op nodes); the tensor op's kind (groups)
    symbol: str = ""  # the op's display symbol (op nodes, groups)
    params: tuple = ()  # op nodes: the op's parameters, (name, value) pairs (softplus's beta)
    value: int = -1  # op node: the id of the Value it computes
    group: str = ""  # the name of the tensor this Value is an element of, if any
    tensor_op: str = ""  # the tensor operation that made that tensor ("tensor" for a leaf)
    shape: tuple = ()  # that tensor's shape
    size: int = 1  # groups: how many scalar Values it stands for
    elements: tuple = ()  # groups: (data, grad) of the first few elements, for hover
    flagged: bool = False  # data or gradient is inf or nan (any element, for a group)


@dataclass(frozen=True)
class Edge:
    """Operand -> op node (slot 0 or 1), op node -> its Value (OUTPUT_SLOT), or group -> group."""

    src: int
    dst: int
    slot: int
    local: float = math.nan  # d(child)/d(operand); nan where there is no single number
    upstream: float = math.nan  # d(root)/d(child)
    flow: float = 0.0  # |upstream * local|: how much gradient runs along this edge
    count: int = 1  # grouped view: how many scalar edges it stands for


@dataclass(frozen=True)
class Graph:
    """Nodes in topological order (node i has id i), edges, and the id of the root Value."""

    nodes: tuple
    edges: tuple
    root: int
    grouped: bool = False

    @cached_property
    def _into(self):
        into = [[] for _ in self.nodes]
        for e in self.edges:
            into[e.dst].append(e)
        for es in into:
            es.sort(key=lambda e: e.slot)
        return into

    @cached_property
    def _out_of(self):
        out = [[] for _ in self.nodes]
        for e in self.edges:
            out[e.src].append(e)
        return out

    def values(self):
        """The Value nodes (leaves and computed), in topological order."""
        return [n for n in self.nodes if n.kind in (LEAF, VALUE)]

    def inputs(self, node_id):
        """Edges into a node, operand slots in order (the OUTPUT_SLOT edge first)."""
        return self._into[node_id]

    def op_of(self, value_id):
        """The op node that computes a Value, or None for a leaf."""
        for e in self._into[value_id]:
            if e.slot == OUTPUT_SLOT:
                return self.nodes[e.src]
        return None

    def consumers(self, node_id):
        """(Value node computed from it, edge) for each operand slot it fills, in order."""
        return [
            (self.nodes[self.nodes[e.dst].value], e)
            for e in self._out_of[node_id]
            if e.slot != OUTPUT_SLOT and self.nodes[e.dst].kind == OP
        ]

    @property
    def nonfinite(self):
        """Nodes whose data or gradient is inf or nan."""
        return [n for n in self.nodes if n.flagged]


@dataclass(frozen=True)
class Step:
    """One step of the step-through: the node it is about and the chain-rule line for it.

    ``grad`` is the node's running gradient after a backward step (nan on forward steps).
    """

    phase: str  # "forward" or "backward"
    node: int
    message: Message  # the chain-rule line, rendered in the page's language
    grad: float = math.nan
    accumulated: bool = False  # a backward step that adds to a gradient already there

    @property
    def text(self):
        """The chain-rule line in English."""
        return render(self.message.key, self.message.params)


def format_number(x):
    """A number as a learner reads it: up to 4 decimals, no trailing zeros, inf/nan spelled out."""
    if x != x:
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0:
        return "0"
    if 1e-4 <= abs(x) < 1e6:
        text = f"{x:.4f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "0") else text
    return f"{x:.4e}"


def full_number(x):
    """A number with every significant digit (hover, inspector)."""
    return repr(float(x))


# --- trace -----------------------------------------------------------------------------------


def _flagged(*xs):
    return not all(math.isfinite(x) for x in xs)


def trace(root, names=None):
    """The scalar graph of everything ``root`` depends on, without touching any Value.

    ``names`` (variable name -> object, e.g. an evaluation's namespace) names unlabelled Values.
    """
    given = {}
    for name, obj in (names or {}).items():
        if isinstance(obj, Value) and not name.startswith("_"):
            given.setdefault(obj, name)
    order = topological_order(root)
    ids = {}
    nodes = []
    edges = []
    group_names = {}
    group_counts = {}

    def add(**kw):
        nodes.append(Node(id=len(nodes), **kw))
        return len(nodes) - 1

    for v in order:
        grp = v.group
        tensor = {}
        if grp is not None:
            if grp not in group_names:
                group_names[grp] = _group_name(grp, group_names.values())
                group_counts[grp] = 0
            tensor = {"group": group_names[grp], "tensor_op": grp.kind, "shape": grp.shape}
        flagged = _flagged(v.data, v.grad)
        if v._op is None:
            name = _value_name(v, given, grp, group_names, group_counts, len(nodes))
            ids[v] = add(kind=LEAF, name=name, data=v.data, grad=v.grad, flagged=flagged, **tensor)
            continue
        slots = []
        for p in v.parents:
            if isinstance(p, Value):
                slots.append(ids[p])
            else:
                slots.append(add(kind=CONST, name=format_number(p), data=p, grad=math.nan,
                                 flagged=_flagged(p)))
        op_id = add(kind=OP, name=v._op.symbol, op=v.op, symbol=v._op.symbol,
                    params=tuple(v._op.kwargs.items()), value=len(nodes) + 1)
        name = _value_name(v, given, grp, group_names, group_counts, len(nodes))
        vid = add(kind=VALUE, name=name, data=v.data, grad=v.grad, op=v.op,
                  symbol=v._op.symbol, flagged=flagged, **tensor)
        ids[v] = vid
        for slot, (src, local) in enumerate(zip(slots, v.local_grads(), strict=True)):
            edges.append(Edge(src, op_id, slot, local, v.grad, _flow(v.grad, local)))
        edges.append(Edge(op_id, vid, OUTPUT_SLOT, 1.0, v.grad, _flow(v.grad, 1.0)))
    return Graph(tuple(nodes), tuple(edges), ids[root])


def _flow(upstream, local):
    f = abs(upstream * local)
    return f if f == f else math.inf  # nan flow (inf * 0) still deserves attention


def _group_name(grp, taken):
    """The tensor's variable name, else its op and a number; unique within the graph."""
    base = grp.label or grp.kind
    taken = set(taken)
    if grp.label and base not in taken:
        return base
    k = 1
    while f"{base}{k}" in taken:
        k += 1
    return f"{base}{k}"


def _value_name(v, given, grp, group_names, group_counts, next_id):
    if v.label:
        return v.label
    if v in given:
        return given[v]
    if grp is not None:
        # a step inside a tensor operation (a running sum, an unnamed element): numbered in
        # traversal order, with a mark that cannot be read as an index into the tensor
        k = group_counts[grp] + 1
        group_counts[grp] = k
        return f"{group_names[grp]}·{k}"
    return f"v{next_id}"


def value_count(root):
    """How many Values ``root`` depends on (itself included): what tracing it would walk."""
    return len(topological_order(root))


# --- grouped view ----------------------------------------------------------------------------

MAX_GROUP_ELEMENTS = 6  # elements listed in a group's hover


def grouped(graph):
    """One node per tensor operation or named tensor; Values with no group keep their scalar node.

    Constants fold into the op they feed. An edge joins two groups when any of their elements do,
    with the gradient flows of those scalar edges summed.
    """
    if graph.grouped:
        return graph
    key_of = {}  # scalar node id -> key: ("g", group name) or ("s", node id)
    members = {}  # key -> its scalar nodes, keys in the order of their first node (topological)
    for n in graph.nodes:
        if n.kind == CONST:
            continue
        owner = graph.nodes[n.value] if n.kind == OP else n
        k = ("g", owner.group) if owner.group else ("s", n.id)
        key_of[n.id] = k
        if n.kind != OP or k[0] == "s":
            members.setdefault(k, []).append(n)
    new_id = {k: i for i, k in enumerate(members)}
    nodes = []
    for k, ms in members.items():
        first = ms[0]
        if k[0] == "s":
            value = new_id[key_of[first.value]] if first.kind == OP else -1
            nodes.append(Node(id=new_id[k], kind=first.kind, name=first.name, data=first.data,
                              grad=first.grad, op=first.op, symbol=first.symbol, value=value,
                              flagged=first.flagged))
            continue
        data = first.data if len(ms) == 1 else math.nan
        grad = first.grad if len(ms) == 1 else math.fsum(m.grad for m in ms) / len(ms)
        nodes.append(Node(
            id=new_id[k], kind=GROUP, name=k[1], data=data, grad=grad, op=first.tensor_op,
            symbol=first.tensor_op, group=k[1], tensor_op=first.tensor_op, shape=first.shape,
            size=len(ms), elements=tuple((m.data, m.grad) for m in ms[:MAX_GROUP_ELEMENTS]),
            flagged=any(m.flagged for m in ms),
        ))
    edges = {}
    for e in graph.edges:
        ks, kd = key_of.get(e.src), key_of[e.dst]
        if ks is None or ks == kd:  # a constant, or an edge inside one tensor operation
            continue
        scalar = kd[0] == "s"  # into a scalar op: the slot and the local derivative still hold
        pair = (new_id[ks], new_id[kd], e.slot if scalar else 0)
        old = edges.get(pair)
        if old is None:
            edges[pair] = Edge(*pair, e.local if scalar else math.nan, e.upstream, e.flow)
        else:
            edges[pair] = Edge(*pair, math.nan, math.nan, old.flow + e.flow, old.count + 1)
    return Graph(tuple(nodes), tuple(edges.values()), new_id[key_of[graph.root]], grouped=True)


# --- text: formulas and the chain rule -------------------------------------------------------


def formula(graph, value_id, numbers=False):
    """How a Value was computed: ``x1*w1`` (names) or ``2 * -3`` (numbers); '' for a leaf."""
    op = graph.op_of(value_id)
    if op is None:
        return ""
    parts = []
    for e in graph.inputs(op.id):
        n = graph.nodes[e.src]
        parts.append(format_number(n.data) if numbers or n.kind == CONST else n.name)
    return _op(op).formula.format(*parts)


def _op(node):
    """The op-table entry an op node drew, with its parameters."""
    return OPS[node.op].bind(**dict(node.params))


def forward_text(graph, value_id):
    """``n = x1w1 + b = -6 + 6.8814 = 0.8814``, or ``x1 = 2`` for a leaf."""
    n = graph.nodes[value_id]
    if n.kind == LEAF:
        return f"{n.name} = {format_number(n.data)}"
    return (f"{n.name} = {formula(graph, value_id)} = {formula(graph, value_id, numbers=True)}"
            f" = {format_number(n.data)}")


def _d(root, node):
    return f"d{root}/d{node}"


def chain_rule_steps(graph):
    """The step-through: forward (values in topological order), then backward.

    Backward visits each computed Value in reverse topological order and, for each operand slot,
    adds upstream * local to the operand's gradient:
    ``dL/da += dL/dc * dc/da = 0.5 * 3 = 1.5``; when the operand already had a gradient from
    another consumer the step says so and shows the sum.
    """
    root = graph.nodes[graph.root]
    steps = [Step("forward", n.id, Message("chain.forward", {"formula": forward_text(graph, n.id)}))
             for n in graph.values()]
    running = {root.id: 1.0}
    steps.append(Step("backward", root.id, Message("chain.seed", {"root": root.name}), 1.0))
    for v in reversed(graph.values()):
        op = graph.op_of(v.id)
        if op is None:
            continue
        upstream = running.get(v.id, 0.0)
        for e in graph.inputs(op.id):
            p = graph.nodes[e.src]
            if p.kind == CONST:
                continue
            term = upstream * e.local
            before = running.get(p.id)
            total = term if before is None else before + term
            running[p.id] = total
            params = {"root": root.name, "node": p.name, "value": v.name,
                      "upstream": format_number(upstream), "local": format_number(e.local),
                      "term": format_number(term)}
            if before is None:
                message = Message("chain.term", params)
            else:
                message = Message("chain.sum", params | {"before": format_number(before),
                                                         "total": format_number(total)})
            steps.append(Step("backward", p.id, message, total, before is not None))
    return steps


def gradient_sum(graph, value_id):
    """A Value's gradient as the sum over its consumers, with numbers filled in.

    ``dL/da = dL/dc * dc/da + dL/dd * dd/da = 0.5 * 3 + 1 * 1 = 2.5``.
    """
    n = graph.nodes[value_id]
    root = graph.nodes[graph.root]
    if value_id == graph.root:
        return f"{_d(root.name, n.name)} = 1"
    consumers = graph.consumers(value_id)
    if not consumers:
        return f"{_d(root.name, n.name)} = 0"
    symbolic = " + ".join(f"{_d(root.name, c.name)} * {_d(c.name, n.name)}" for c, _ in consumers)
    numeric = " + ".join(
        f"{format_number(e.upstream)} * {format_number(e.local)}" for _, e in consumers
    )
    total = math.fsum(e.upstream * e.local for _, e in consumers)
    return f"{_d(root.name, n.name)} = {symbolic} = {numeric} = {format_number(total)}"


# --- export ----------------------------------------------------------------------------------


def _json_number(x):
    return x if math.isfinite(x) else str(x)  # JSON has no inf/nan: "inf", "-inf", "nan"


def graph_to_json(graph):
    """The graph as a JSON document (inf and nan as strings)."""
    doc = {
        "root": graph.root,
        "grouped": graph.grouped,
        "nodes": [
            {k: (_json_number(v) if isinstance(v, float) else v) for k, v in {
                "id": n.id, "kind": n.kind, "name": n.name, "data": n.data, "grad": n.grad,
                "op": n.op, "group": n.group, "shape": list(n.shape), "size": n.size,
            }.items()}
            for n in graph.nodes
        ],
        "edges": [
            {"src": e.src, "dst": e.dst, "slot": e.slot, "local": _json_number(e.local),
             "upstream": _json_number(e.upstream), "count": e.count}
            for e in graph.edges
        ],
    }
    return json.dumps(doc, indent=1, ensure_ascii=False)


def to_pytorch(graph):
    """Equivalent PyTorch code for a scalar (micrograd-style) graph, or '' for a grouped one."""
    if graph.grouped or any(n.group for n in graph.nodes):
        return ""
    used = {"torch"}
    var = {}
    for n in graph.values():
        name = n.name
        if not name.isidentifier() or keyword.iskeyword(name) or name in used:
            name = f"v{n.id}"
        used.add(name)
        var[n.id] = name
    lines = ["import torch", ""]
    for n in graph.values():
        if n.kind == LEAF:
            lines.append(f"{var[n.id]} = torch.tensor({_literal(n.data)}, dtype=torch.float64,"
                         f" requires_grad=True)")
            continue
        op = graph.op_of(n.id)
        lines.append(f"{var[n.id]} = {_torch_expression(graph, op, var)}")
        lines.append(f"{var[n.id]}.retain_grad()  # torch keeps .grad of leaves only otherwise")
    root = var[graph.root]
    lines += ["", f"{root}.backward()", ""]
    lines += [f"print({var[n.id]!r}, {var[n.id]}.item(), {var[n.id]}.grad.item())"
              for n in graph.values()]
    return "\n".join(lines) + "\n"


def _torch_expression(graph, op_node, var):
    """The torch expression an op node computes: its torch function, or its operator."""
    entry = _op(op_node)
    operands = [graph.nodes[e.src] for e in graph.inputs(op_node.id)]
    if entry.torch is None:  # an operator: -x, x + y
        args = [var[n.id] if n.kind != CONST else _literal(n.data) for n in operands]
        return f"-{args[0]}" if entry.arity == 1 else f"{args[0]} {entry.symbol} {args[1]}"
    # a torch function takes tensors, constants included
    args = [
        var[n.id] if n.kind != CONST else f"torch.tensor({_literal(n.data)}, dtype=torch.float64)"
        for n in operands
    ]
    args += [f"{name}={_literal(value)}" for name, value in op_node.params]
    return f"{entry.torch}({', '.join(args)})"


def _literal(x):
    """A float as Python source: ``float('inf')`` where repr would give a bare inf or nan."""
    return repr(x) if math.isfinite(x) else f"float('{x!r}')"
