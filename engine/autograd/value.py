"""Value: a scalar that remembers how it was computed, and backward() to differentiate through it.

A node is data, not a closure: it stores its op-table entry (``_op``) and its operands in order
(``_a``, and ``_b`` for a binary op), where a plain float stands for a constant operand. Backward
reads the local derivatives from the table, so a graph holds no reference cycles, is freed by
reference counting alone, and pickles.
"""

import gc
import heapq
import itertools
import math
import numbers

from ..messages import keyed
from .ops import OPS, to_float32


def _as_float(data):
    if isinstance(data, numbers.Real):
        return float(data)
    if hasattr(data, "item") and getattr(data, "ndim", None) == 0:  # a 0-d numpy array
        return _as_float(data.item())
    raise keyed(TypeError, "value.not_number", kind=type(data).__name__, value=repr(data))


def _operand(x):
    """A Value stays a Value; a real number becomes a float constant; anything else is not ours."""
    if x.__class__ is float or x.__class__ is Value:
        return x
    if isinstance(x, numbers.Real):
        return float(x)
    return None


class Group:
    """A tensor operation (or a leaf tensor) that scalar Values belong to, for the grouped view.

    ``kind`` names the tensor op (``"sub"``, ``"abs"``, ``"mean"``, ``"cross_entropy"``...) or
    ``"tensor"`` for the elements of a leaf tensor; ``label`` is the variable name, when it has one;
    ``shape`` is the tensor's shape. Each tensor operation makes one Group, shared by every Value it
    creates; Values hold it in ``_group`` (None for plain scalar code). ``float32`` tells that the
    operation computes in float32: ``backward_float32`` differentiates its Values in float32.
    ``seq`` numbers the operations in the order they were made: ``backward_float32`` runs the
    most recent first, as torch's engine does.
    """

    __slots__ = ("kind", "label", "shape", "grad_fn", "float32", "seq")

    def __init__(self, kind, label="", shape=(), grad_fn="", float32=False, seq=0):
        self.kind = kind
        self.label = label
        self.shape = tuple(shape)
        self.grad_fn = grad_fn
        self.float32 = float32
        self.seq = seq

    def __repr__(self):
        return f"Group({self.kind!r}, label={self.label!r}, shape={self.shape})"


class Value:
    """A scalar node of a computation graph: ``.data``, ``.grad``, ``.label``."""

    __slots__ = ("data", "grad", "label", "_op", "_a", "_b", "_group", "_visit")

    def __init__(self, data, label="", _op=None, _a=None, _b=None):
        self.data = data if data.__class__ is float else _as_float(data)
        self.grad = 0.0
        self.label = label
        self._op = _op
        self._a = _a
        self._b = _b
        self._group = None
        self._visit = None  # the mark of the last traversal that reached it (topological_order)

    # --- what the graph view and tests read -------------------------------------------------
    @property
    def op(self):
        """The op-table name of the operation that made this Value ('' for a leaf)."""
        return self._op.name if self._op is not None else ""

    @property
    def parents(self):
        """Operands in order: Values, or floats for constants (``x*x`` lists x twice)."""
        op = self._op
        if op is None:
            return ()
        return (self._a,) if op.arity == 1 else (self._a, self._b)

    @property
    def group(self):
        """The tensor operation this Value was computed by (a Group), or None for scalar code."""
        return self._group

    def local_grads(self):
        """d(self)/d(operand) for each operand, in the order of ``parents``."""
        op = self._op
        if op is None:
            return ()
        xs = [_data(p) for p in self.parents]
        return tuple(d(*xs, self.data) for d in op.grads)

    def __repr__(self):
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data:.4f}, grad={self.grad:.4f}{label})"

    # comparisons read the data, as `if` statements in learners' code expect;
    # __eq__ is deliberately left alone so Values hash by identity
    def __lt__(self, other):
        return self.data < _data(other)

    def __le__(self, other):
        return self.data <= _data(other)

    def __gt__(self, other):
        return self.data > _data(other)

    def __ge__(self, other):
        return self.data >= _data(other)

    def __float__(self):
        return self.data

    def backward(self):
        """Fill ``.grad`` of every node with d(self)/d(node); leaves accumulate across calls."""
        collecting = gc.isenabled()
        if collecting:
            gc.disable()  # the graph holds no cycles, so collector passes here would find nothing
        try:
            _backward(self)
        finally:
            if collecting:
                gc.enable()


def _data(x):
    return x.data if x.__class__ is Value else x


def _backward(root):
    order = topological_order(root, backward=True)
    if root._op is None:
        root.grad += 1.0
    else:
        root.grad = 1.0
    for v in reversed(order):
        op = v._op
        if op is None:
            continue
        g = v.grad
        a = v._a
        b = v._b
        if b is None:  # unary
            d = op.d0(a.data, v.data)
            if d or not op.gate:  # a closed gate (relu off) stops even an inf or nan gradient
                a.grad += g * d
        elif a.__class__ is Value:
            if b.__class__ is Value:
                x, y, out = a.data, b.data, v.data
                a.grad += g * op.d0(x, y, out)
                b.grad += g * op.d1(x, y, out)
            else:
                a.grad += g * op.d0(a.data, b, v.data)
        else:
            b.grad += g * op.d1(a, b.data, v.data)


class FusedLane:
    """Outputs of one fused kernel that every one of its ``inputs`` reaches (a softmax's row), and
    ``rule(grads, outputs)``: the inputs' float32 gradients from the outputs' gradients and
    float32 values, as torch's kernel computes them."""

    __slots__ = ("outputs", "inputs", "rule")

    def __init__(self, outputs, inputs, rule):
        self.outputs = tuple(outputs)
        self.inputs = tuple(inputs)
        self.rule = rule


class Gather:
    """Operand ``slot`` (0 or 1) of the nodes ``outputs`` of a float32 tensor operation that
    reads each of the elements ``inputs`` several times (a broadcast, a matrix product), and
    ``rule(grads)``: each input's gradient from the gradients the outputs send it (in the
    outputs' order), summed as torch's kernel sums them."""

    __slots__ = ("slot", "outputs", "inputs", "rule")

    def __init__(self, slot, outputs, inputs, rule):
        self.slot = slot
        self.outputs = outputs
        self.inputs = inputs
        self.rule = rule


def backward_float32(root, known, fused=None, gathers=None):
    """``root.backward()`` where Values of float32 groups are float32 nodes, as torch computes them.

    A float32 node's gradient is taken with its op's ``float32_grads`` (torch's formula, each step
    rounded to float32) from the float32 values of its operands and its output, and every sum of
    gradients into a float32 node is rounded to float32 as it is added. ``known`` maps Values to
    torch's float32 value of their data where the caller knows it (a float32 tensor's elements);
    other Values of float32 groups are evaluated again in float32 from their operands. A leaf
    adds the gradient this backward computed to the one it had, as torch's AccumulateGrad does.
    Other Values are differentiated as ``backward`` does.

    ``fused`` maps a Group to the FusedLanes whose kernel torch differentiates in one piece
    (log_softmax): the group's own nodes are then not differentiated one by one; each lane's
    rule gives its inputs' gradients once the gradients of all its outputs are in.

    ``gathers`` maps a Group to the Gathers of the operands it reads several times: torch
    computes the operation's gradient for the whole broadcast shape (or the whole product) and
    adds one sum into each input element, so what the nodes send such an operand is held until
    all of them have run, then summed by the Gather's rule and added once.
    """
    collecting = gc.isenabled()
    if collecting:
        gc.disable()
    try:
        _backward_float32(root, known, fused or {}, gathers or {})
    finally:
        if collecting:
            gc.enable()


def _float32_of(x, f32):
    if x.__class__ is Value:
        f = f32.get(x)
        return to_float32(x.data) if f is None else f
    return to_float32(x)


def _backward_float32(root, known, fused, gathers):
    order = topological_order(root, backward=True)
    if root._op is None:
        root.grad += 1.0
        return
    f32 = dict(known)
    for v in order:  # operands first: each float32 node's value from its operands' float32 values
        group = v._group
        if v in f32 or group is None or not group.float32:
            continue
        op = v._op
        if op is None:
            f32[v] = to_float32(v.data)
            continue
        forward = op.float32 or op.forward
        f32[v] = to_float32(forward(_float32_of(v._a, f32)) if op.arity == 1 else
                            forward(_float32_of(v._a, f32), _float32_of(v._b, f32)))
    before = {}
    for v in order:
        if v._op is None:
            before[v] = v.grad
            v.grad = 0.0
    lane_of = {}  # output of a fused lane -> [lane, outputs in the graph not reached yet]
    for lanes in fused.values():
        for lane in lanes:
            entry = [lane, 0]
            for o in lane.outputs:
                lane_of[o] = entry
    in_graph = set()
    for v in order:
        entry = lane_of.get(v)
        if entry is not None:
            entry[1] += 1
            in_graph.add(v)
    gathered = {}  # a gathering node -> (its group's state, its place among the outputs)
    for gs in gathers.values():
        # the group's nodes in the graph yet to run, and {slot: gradients they send}
        state = [0, {gather.slot: [0.0] * len(gather.outputs) for gather in gs}, gs]
        for gather in gs:
            gathered.update(zip(gather.outputs, zip(itertools.repeat(state),
                                                    range(len(gather.outputs)))))
    for v in order:
        entry = gathered.get(v)
        if entry is not None:
            entry[0][0] += 1
    # torch's engine runs a node once every node that feeds it gradient has run, the most
    # recently made first: that order decides how the sums of float32 gradients round
    index = {v: i for i, v in enumerate(order)}
    pending = dict.fromkeys(order, 0)  # consumers yet to run
    for v in order:
        if v._op is not None:
            for p in (v._a, v._b):
                if p.__class__ is Value:
                    pending[p] += 1

    def ready(v):
        group = v._group
        return (-math.inf if group is None else -group.seq, -index[v], v)

    root.grad = 1.0
    heap = [ready(root)]
    while heap:
        v = heapq.heappop(heap)[2]
        op = v._op
        if op is None:
            continue
        state = gathered.get(v) if gathered else None
        if state is not None:
            state, place = state
            operands = [p for k, p in enumerate((v._a, v._b)) if k not in state[1]]
        else:  # a gathered operand waits for its group's sum (below)
            operands = (v._a, v._b)
        for p in operands:
            if p.__class__ is Value:
                pending[p] -= 1
                if pending[p] == 0:
                    heapq.heappush(heap, ready(p))
        if fused and v._group in fused:
            entry = lane_of.get(v)
            if entry is not None:
                entry[1] -= 1
                if entry[1] == 0:  # every output's consumers are done: the lane's rule runs
                    lane = entry[0]
                    grads = lane.rule([o.grad if o in in_graph else 0.0
                                       for o in lane.outputs],
                                      [_float32_of(o, f32) for o in lane.outputs])
                    for p, d in zip(lane.inputs, grads, strict=True):
                        p.grad = to_float32(p.grad + d) if p in f32 else p.grad + d
            continue
        g = v.grad
        a = v._a
        b = v._b
        out = f32.get(v)
        if out is None:  # a float64 node
            xs = (_data(a),) if b is None else (_data(a), _data(b))
            if b is None and op.gate:
                grads = (g if op.d0(*xs, v.data) else 0.0,)
            else:
                grads = tuple(g * d(*xs, v.data) for d in op.grads)
        else:
            xs = (_float32_of(a, f32),) if b is None else (_float32_of(a, f32),
                                                          _float32_of(b, f32))
            grads = tuple(d(g, *xs, out) for d in op.float32_grads)
        if state is None:
            for p, d in zip((a,) if b is None else (a, b), grads):
                if p.__class__ is Value:
                    p.grad = to_float32(p.grad + d) if p in f32 else p.grad + d
            continue
        held = state[1]  # what it sends a gathered operand is held for the group's sum
        for k, (p, d) in enumerate(zip((a, b), grads)):
            if k in held:
                held[k][place] = d
            elif p.__class__ is Value:
                p.grad = to_float32(p.grad + d) if p in f32 else p.grad + d
        state[0] -= 1
        if state[0] == 0:  # every node of the group has run: the gathered sums go in once
            for gather in state[2]:
                _add_gathered(gather, held[gather.slot], f32, index, pending, heap, ready)
    for v, old in before.items():
        v.grad = to_float32(old + v.grad) if v in f32 else old + v.grad


def _add_gathered(gather, grads, f32, index, pending, heap, ready):
    """Adds each broadcast input's summed gradient once; its consumers in the group are done."""
    for p, d in zip(gather.inputs, gather.rule(grads), strict=True):
        if p in index:
            p.grad = to_float32(p.grad + d) if p in f32 else p.grad + d
    for o in gather.outputs:
        p = o._b if gather.slot else o._a
        if o in index and p.__class__ is Value:
            pending[p] -= 1
            if pending[p] == 0:
                heapq.heappush(heap, ready(p))


def topological_order(root, backward=False):
    """Every Value that ``root`` depends on, parents before children, without recursion.

    A node's first operand and what it depends on come before its second (the graph's ids).
    For ``backward`` the second comes first, so that walked in reverse the first operand's
    branch comes first, which agrees with torch's engine on more graphs: the order decides how
    a sum of gradients rounds. The gradient of every intermediate is then reset to 0 on the way
    (backward refills it).
    """
    # Nodes are marked in their own memory (which the walk reads anyway) rather than kept in a
    # set, so a million-node graph does not pay for a million-entry hash table. The marks are
    # tokens unique to this traversal: OPEN once a node is expanded, DONE once it is emitted.
    opened, done = object(), object()
    order = []
    emit = order.append
    stack = [root]
    pop, push = stack.pop, stack.append
    # An expanded node stays on the stack below its parents and is emitted when it surfaces
    # again; a node pushed twice before its expansion is skipped the second time.
    while stack:
        v = pop()
        mark = v._visit
        if mark is done:
            continue
        if mark is opened:
            v._visit = done
            emit(v)
            continue
        if v._op is None:
            v._visit = done
            emit(v)
            continue
        v._visit = opened
        push(v)
        a = v._a
        b = v._b
        if backward:
            v.grad = 0.0
            if a.__class__ is Value and a._visit is not done:
                push(a)
            if b.__class__ is Value and b._visit is not done:
                push(b)
            continue
        # pushed second, the first operand is expanded first
        if b.__class__ is Value and b._visit is not done:
            push(b)
        if a.__class__ is Value and a._visit is not done:
            push(a)
    return order


# --- operators and methods: generated from the op table ---------------------------------------


def _binary(name, reflected=False):
    op = OPS[name]
    f = op.forward

    def method(self, other):
        if other.__class__ is not Value:
            other = _operand(other)
            if other is None:
                return NotImplemented
        a, b = (other, self) if reflected else (self, other)
        return Value(f(_data(a), _data(b)), "", op, a, b)

    method.__name__ = f"__{'r' if reflected else ''}{name}__"
    method.__doc__ = op.formula.format("a", "b") if not reflected else op.formula.format("b", "a")
    return method


def _unary(op):
    f = op.forward
    if op.params:
        def method(self, *args, **kwargs):
            bound = op.bind(*args, **kwargs) if args or kwargs else op
            return Value(bound.forward(self.data), "", bound, self)
    else:
        def method(self):
            return Value(f(self.data), "", op, self)

    method.__name__ = op.name
    method.__doc__ = op.formula.format("x")
    method.__signature__ = op.signature
    return method


def _fast(name):
    # the hottest ops spell out their fast paths (Value with Value, Value with float)
    op = OPS[name]
    f = op.forward
    slow = _binary(name)

    def method(self, other):
        if other.__class__ is Value:
            return Value(f(self.data, other.data), "", op, self, other)
        if other.__class__ is float:
            return Value(f(self.data, other), "", op, self, other)
        return slow(self, other)

    method.__name__ = slow.__name__
    method.__doc__ = slow.__doc__
    return method


Value.__add__ = _fast("add")
Value.__radd__ = _binary("add", reflected=True)
Value.__sub__ = _binary("sub")
Value.__rsub__ = _binary("sub", reflected=True)
Value.__mul__ = _fast("mul")
Value.__rmul__ = _binary("mul", reflected=True)
Value.__truediv__ = _binary("div")
Value.__rtruediv__ = _binary("div", reflected=True)
Value.__pow__ = _binary("pow")
Value.__rpow__ = _binary("pow", reflected=True)
Value.__neg__ = _unary(OPS["neg"])
METHODS = tuple(op.name for op in OPS.values() if op.arity == 1 and op.api)
for _name in METHODS:  # x.exp(), x.relu(), x.softplus(beta=2): every unary op torch offers
    setattr(Value, _name, _unary(OPS[_name]))
Value.__abs__ = Value.abs
