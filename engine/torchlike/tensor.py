"""Tensor: an n-d array of Values with PyTorch's semantics and PyTorch's printing.

A tensor is a flat row-major list of ``Value``s plus a shape. Every element a tensor operation
computes is an ordinary scalar node, so the scalar graph is the graph that computed the numbers;
each such node also records the tensor operation it came from (``Value.group``) for the grouped
view. Data is float64 inside; a float32 tensor prints, and hands out ``item()``/``tolist()``,
what torch's float32 arithmetic gives, worked out when each result is computed. A backward
through float32 tensors differentiates their Values in float32 as torch does
(``backward_float32``), the fused kernels (log_softmax, softmax, the BCE losses) in one piece, and
sums what an operation sends an element it reads several times (a broadcast, a matrix product,
a view that repeats it: expand, indexing) in torch's order before adding it once.

Torch's tensor-level rules sit on top: ``requires_grad``, ``grad_fn`` names, ``.grad`` that is
None until a backward reaches a leaf, type promotion between float32, float64, int64 and bool,
broadcasting, and ``no_grad``. Views (reshape, transpose, indexing...) share their source's Value
objects, so they add no scalar nodes and in-place updates show through them.
"""

import contextvars
import functools
import itertools
import math
import numbers
from array import array
from fractions import Fraction

import numpy as np

from ..autograd.ops import FLOAT_ONLY, KEEP, OPS, POW_TENSOR_EXPONENT, power32
from ..autograd.ops import to_float32 as _float32
from ..autograd.value import FusedLane, Gather, Group, Value, backward_float32
from ..messages import keyed
from . import devices, vecmath
from .printing import THRESHOLD, format_tensor
from .reduction import running_sum, sum_to, torch_sum
from .sizes import (
    MAX_SIZE,
    broadcast_shapes,
    broadcast_size,
    cat_shape,
    check_dims,
    check_numel,
    check_storage,
    nested_lists,
    result_size,
)

# whether operations record history; per context (thread or task), so evaluations never share it
_GRAD_ENABLED = contextvars.ContextVar("grad_enabled", default=True)
_SEQUENCE = itertools.count()  # creation order of tensor operations: backward runs the newest first


class DType:
    """A tensor element type: float32, float64, int64 or bool."""

    __slots__ = ("name", "is_floating_point", "category")

    def __init__(self, name, is_floating_point, category):
        self.name = name
        self.is_floating_point = is_floating_point
        self.category = category  # bool < integer < floating, for type promotion

    def __repr__(self):
        return f"torch.{self.name}"


float32 = DType("float32", True, 2)
float64 = DType("float64", True, 2)
int64 = DType("int64", False, 1)
bool_ = DType("bool", False, 0)
DEFAULT_DTYPE = float32
DTYPES = {
    "float32": float32, "float": float32, "float64": float64, "double": float64,
    "int64": int64, "long": int64, "bool": bool_,
}
_TORCH_TYPE_NAMES = {float32: "Float", float64: "Double", int64: "Long", bool_: "Bool"}
_PRINTED_WITHOUT_DTYPE = (float32, int64, bool_)  # torch's default dtypes omit the suffix


class Size(tuple):
    """A tensor's shape: a tuple that prints as ``torch.Size([2, 3])``."""

    __slots__ = ()

    def __repr__(self):
        return f"torch.Size({list(self)})"

    __str__ = __repr__

    def numel(self):
        """The number of elements a tensor of this shape holds."""
        return math.prod(self)


class GradFn:
    """The name of the backward function torch would attach to a result (``grad_fn``)."""

    __slots__ = ("_name",)

    def __init__(self, name):
        self._name = name

    def name(self):
        """torch's class name for this backward function, e.g. ``MeanBackward0``."""
        return self._name

    def __repr__(self):
        return f"<{self._name} object>"


class no_grad:
    """``with torch.no_grad():``: operations inside record no history (manual parameter updates)."""

    __slots__ = ("_tokens",)

    def __init__(self):
        self._tokens = []

    def __enter__(self):
        self._tokens.append(_GRAD_ENABLED.set(False))
        return self

    def __exit__(self, *exc):
        _GRAD_ENABLED.reset(self._tokens.pop())
        return False


class enable_grad(no_grad):
    """``with torch.enable_grad():``: record history again inside a ``no_grad`` block."""

    __slots__ = ()

    def __enter__(self):
        self._tokens.append(_GRAD_ENABLED.set(True))
        return self


def is_grad_enabled():
    """False inside ``no_grad``."""
    return _GRAD_ENABLED.get()


# --- helpers: dtypes, shapes, indices -----------------------------------------------------------


def _float32_values(values, table):
    """torch's float32 value of each Value's data.

    ``table`` maps Values to ``(data, f)`` pairs recorded when that data was computed or written
    here, ``data`` being the very float object then stored, so an ``is`` test tells whether it
    was assigned since. Data no entry covers is data torch rounds once (a literal, an int). Data
    assigned behind the tensor's back is an update made elsewhere in float64 (an optimizer's
    step): see ``_updated``; the entry then follows it.
    """
    get = table.get
    out = [e[1] if (e := get(v)) is not None and e[0] is v.data else None for v in values]
    if None in out:  # no entry, or a stale one
        for i, v in enumerate(values):
            if out[i] is None:
                e = get(v)
                if e is None:
                    out[i] = _float32(v.data)
                else:
                    e = table[v] = (v.data, _updated(e, v.data))
                    out[i] = e[1]
    return out


def _updated(entry, data):
    """The float32 value torch holds after an update p += step it made in float32 arithmetic.

    An optimizer updates a parameter's data in float64. torch adds the step, rounded to float32,
    to the float32 parameter (``p.add_(grad, alpha=-lr)``), so the parameter drifts from its
    float64 twin by float32 roundings, step by step; rounding the float64 data once instead
    would lose that drift, and float32 results computed from it would show float64's digits.
    """
    old, f = entry
    step = data - old
    return _float32(f + _float32(step)) if math.isfinite(step) else _float32(data)


def _float32_table(nodes, values, inputs):
    """The float32 emulation of an operation's results, computed with them.

    Data is float64 inside; torch's float32 arithmetic rounds after every op, which can land
    on the other side of a printed digit (1.98625) or leave a residue float64 does not
    (2.2737e-13). So each new node is evaluated again from its operands' float32 values and
    rounded, now, while the operands hold the data it was computed from: printed after its
    leaves were updated in place (``w -= lr * w.grad``, ``opt.step()``), a result shows what it
    was.
    """
    known = {}  # float32 values of the inputs' elements, then of the new nodes
    for t in inputs:
        if isinstance(t, Tensor):
            known.update(zip(t._values, _float32_values(t._values, t._f32), strict=True))

    def operand(p):
        return known[p] if p in known else _float32(_data(p))

    made, runs = nodes.made, nodes.runs
    i = 0
    while i < len(made):
        j = runs.get(i)
        if j is None:  # one node
            v = made[i]
            op = v._op
            if op is None:  # a constant
                known[v] = _float32(v.data)
            else:
                forward = op.float32 or op.forward
                known[v] = _float32(forward(operand(v._a)) if op.arity == 1
                                    else forward(operand(v._a), operand(v._b)))
            i += 1
            continue
        # nodes made by one ``map``: evaluated together, and rounded to float32 in one pass by
        # storing them in a float32 array
        run = made[i:j]
        op = run[0]._op
        args = [[operand(v._a) for v in run]]
        if op.arity == 2:
            args.append([operand(v._b) for v in run])
        forward = op.float32 or op.forward
        known.update(zip(run, array("f", map(forward, *args)).tolist(), strict=True))
        i = j
    return {v: (v.data, operand(v)) for v in values}


def _as_dtype(dtype):
    if dtype is None or isinstance(dtype, DType):
        return dtype
    builtin = {float: float64, int: int64, bool: bool_}.get(dtype)
    if builtin is None:
        raise keyed(TypeError, "tensor.dtype", value=repr(dtype))
    return builtin


def _scalar_dtype(x):
    if isinstance(x, bool):
        return bool_
    if isinstance(x, numbers.Integral):
        return int64
    return DEFAULT_DTYPE


def _promote(a, b):
    if a.category != b.category:
        return a if a.category > b.category else b
    return float64 if float64 in (a, b) else a


def _result_dtype(*operands):
    """torch's type promotion: dimensioned tensors, then 0-d tensors, then Python numbers.

    A lower-priority operand only changes the result when it is of a higher category
    (``int_tensor + 1.5`` is float32; ``float32_tensor + 1.5`` stays float32).
    """
    levels = ([], [], [])
    for x in operands:
        if isinstance(x, Tensor):
            levels[0 if x._shape else 1].append(x.dtype)
        else:
            levels[2].append(_scalar_dtype(x))
    result = None
    for dtypes in levels:
        if not dtypes:
            continue
        level = dtypes[0]
        for d in dtypes[1:]:
            level = _promote(level, d)
        if result is None or level.category > result.category:
            result = level
    return result


def _contiguous_strides(shape):
    strides = [1] * len(shape)
    for d in range(len(shape) - 2, -1, -1):
        strides[d] = strides[d + 1] * shape[d + 1]
    return strides


def _gather(shape, strides, offset=0):
    """Flat positions of a strided view, in row-major order of ``shape`` (checked by callers)."""
    if 0 in shape:
        return []
    idx = [offset]
    for n, s in zip(shape, strides, strict=True):
        idx = [i + k * s for i in idx for k in range(n)]
    return idx


def _dim_or_axis(dim, axis):
    """torch takes numpy's ``axis=`` for ``dim=`` in its reductions, but not both at once."""
    if axis is None:
        return dim
    if dim is not None:
        raise keyed(TypeError, "tensor.dim_and_axis")
    return axis


def _norm_dim(dim, ndim):
    if not isinstance(dim, numbers.Integral) or isinstance(dim, bool):
        raise keyed(TypeError, "tensor.dim_type", value=repr(dim))
    lo, hi = (-ndim, ndim - 1) if ndim else (-1, 0)
    if not lo <= dim <= hi:
        raise keyed(ValueError, "tensor.dim_range", lo=lo, hi=hi, dim=dim)
    return dim + ndim if dim < 0 else dim


def _expand_positions(shape, out_shape):
    """Flat positions in a tensor of ``shape`` for each element of its broadcast to out_shape."""
    pad = len(out_shape) - len(shape)
    strides = [0] * pad + _contiguous_strides(shape)
    padded = (1,) * pad + tuple(shape)
    strides = [0 if n == 1 else s for n, s in zip(padded, strides, strict=True)]
    return _gather(out_shape, strides)


def _shape_arg(shape):
    """Accept ``f(2, 3)``, ``f((2, 3))``, ``f([2, 3])`` and ``f(t.shape)``."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = shape[0]
    check_dims(len(shape))
    # an integer tensor of one element counts as its number (torch reads it through __index__)
    shape = [int(n.item()) if isinstance(n, TensorBase) and n.dtype is int64 and n.numel() == 1
             else n for n in shape]
    for n in shape:
        if not isinstance(n, numbers.Integral) or isinstance(n, bool):
            raise keyed(TypeError, "tensor.size_type", value=repr(n))
        if abs(n) > MAX_SIZE:
            raise keyed(ValueError, "tensor.size_overflow", size=n)
    return tuple(int(n) for n in shape)


def _infer_shape(shape, numel):
    """A reshape target with at most one -1, checked against the number of elements."""
    if shape.count(-1) > 1:
        raise keyed(ValueError, "tensor.infer_one")
    known = math.prod(n for n in shape if n != -1)
    if -1 in shape:
        if known == 0 or numel % known:
            raise keyed(ValueError, "tensor.view", shape=list(shape), numel=numel)
        shape = tuple(numel // known if n == -1 else n for n in shape)
    if math.prod(shape) != numel or any(n < 0 for n in shape):
        raise keyed(ValueError, "tensor.view", shape=list(shape), numel=numel)
    return shape


class _Nodes:
    """Makes the scalar nodes of one tensor operation and remembers them, to group them."""

    __slots__ = ("made", "runs")

    def __init__(self):
        self.made = []
        self.runs = {}  # start -> end of each stretch of ``made`` that ``map`` made

    def apply(self, name, a, b=None):
        """A new node for op ``name`` (or an Op) on operands (Values, or floats for constants)."""
        op = OPS[name] if name.__class__ is str else name
        if op.arity == 1:
            v = Value(op.forward(a.data), "", op, a)
        else:
            v = Value(op.forward(_data(a), _data(b)), "", op, a, b)
        self.made.append(v)
        return v

    def map(self, name, xs, ys=None):
        """One node for op ``name`` (or an Op) per operand (or pair), none an operand of another."""
        start = len(self.made)
        if ys is None:
            out = [self.apply(name, x) for x in xs]
        else:
            out = [self.apply(name, x, y) for x, y in zip(xs, ys, strict=True)]
        if out:  # an empty run would hide the nodes made after it from _float32_table
            self.runs[start] = len(self.made)
        return out

    def const(self, x):
        """A constant element (an ignored target's zero loss, an empty sum)."""
        v = Value(float(x))
        self.made.append(v)
        return v

    def chain(self, values):
        """v0 + v1 + ... added left to right; a single element is passed through ``+ 0``."""
        if not values:
            return self.const(0.0)
        total = values[0]
        if len(values) == 1:
            return self.apply("add", total, 0.0)
        for v in values[1:]:
            total = self.apply("add", total, v)
        return total

    def sum(self, values):
        """The sum, added in the order torch's CPU kernel adds a contiguous run of floats.

        The order changes nothing in float64 beyond rounding, but float32 prints (replayed by
        ``_float32_data``) then agree with torch's digits. Under 8 elements torch keeps four
        partial sums (elements 0-3, the rest going into the first); from 8 on it adds rows of
        8 lanes, four rows at a time, then the leftover elements, then the 8 lanes in order.
        """
        n = len(values)
        if n < 5:
            return self.chain(values)
        if n < 8:
            parts = list(values[:4])
            for v in values[4:]:
                parts[0] = self.apply("add", parts[0], v)
            return self.chain(parts)
        rows = [values[i:i + 8] for i in range(0, n - n % 8, 8)]
        k = len(rows) // 4
        parts = [self._lanes_chain([rows[r * 4 + j] for r in range(k)]) for j in range(4)]
        parts = [p for p in parts if p is not None]
        for row in rows[4 * k:]:
            parts = [self._lanes_chain([parts[0], row])] + parts[1:] if parts else [row]
        lanes = self._lanes_chain(parts)
        return self.chain(list(values[len(rows) * 8:]) + lanes)

    def _lanes_chain(self, rows):
        if not rows:
            return None
        total = rows[0]
        for row in rows[1:]:
            total = self.map("add", total, row)
        return total


def _data(x):
    return x.data if x.__class__ is Value else x


def _result(nodes, values, shape, dtype, grad_fn, inputs, kind):
    """The tensor of fresh Values an operation computed, grouped, with torch's autograd flags."""
    check_numel(len(values))
    check_storage(shape)
    enabled = _GRAD_ENABLED.get()
    group = Group(kind, "", shape, grad_fn, dtype is float32, next(_SEQUENCE))
    for v in nodes.made:
        v._group = group
    f32 = _float32_table(nodes, values, inputs) if dtype is float32 else {}
    if not enabled:  # no history under no_grad: the results are constants, as in torch
        for v in values:
            v._op = v._a = v._b = None
    grad_inputs = tuple(t for t in inputs if isinstance(t, Tensor) and t._requires_grad)
    t = Tensor._make(values, shape, dtype)
    t._f32 = f32
    t._group = group
    t._owns_group = True
    if enabled and grad_inputs and dtype.is_floating_point:
        t._requires_grad = True
        t._grad_fn = grad_fn
        t._inputs = grad_inputs
        t._constants = tuple(i for i in inputs if isinstance(i, Tensor) and i.dtype is float32
                             and not i._requires_grad)
    return t


def _view(src, values, shape, grad_fn, inputs=None, back=None, repeats=False):
    """A tensor sharing existing Values (a view, or a selection): no new nodes.

    ``back(g)`` is torch's backward of the view on float32 numpy gradients (g in the view's
    shape, the result in ``src``'s). A float32 view that ``repeats`` an element of ``src`` (an
    expand, an index with repeated positions), or views such a view, keeps its spread: the
    Values its gradients end in and how they are summed for them (see ``_gathers_of``).
    """
    inputs = (src,) if inputs is None else inputs
    t = Tensor._make(values, shape, src.dtype)
    t._f32 = src._f32  # shared, as the Values are: in-place writes through either reach both
    t._group = src._group
    grad_inputs = tuple(i for i in inputs if i._requires_grad)
    if _GRAD_ENABLED.get() and grad_inputs:
        t._requires_grad = True
        t._grad_fn = grad_fn
        t._inputs = grad_inputs
        if back is not None and src.dtype is float32 and (repeats or src._spread is not None):
            if src._spread is None:
                t._spread = (src._values, back)
            else:
                sources, rule = src._spread
                t._spread = (sources, functools.partial(_then, back, rule))
    return t


def _then(first, then, g):
    return then(first(g))


def _scattered(shape, positions, g):
    """A selection's gradient put back at its flat ``positions`` in a tensor of ``shape``, the
    gradients of a repeated position added in the selection's order (torch's index_put_ with
    accumulate=True)."""
    out = np.zeros(math.prod(shape), np.float32)
    np.add.at(out, positions, g.reshape(-1))
    return out.reshape(shape)


def _leaf(datas, shape, dtype, requires_grad=False):
    """A leaf tensor of new constant Values (what ``torch.tensor`` and friends create)."""
    shape = tuple(shape)
    check_numel(len(datas))
    check_storage(shape)
    group = Group("tensor", "", shape, float32=dtype is float32)
    if dtype is int64:
        datas = [float(math.trunc(d)) if math.isfinite(d) else _bad_int(d) for d in datas]
    elif dtype is bool_:
        datas = [1.0 if d else 0.0 for d in datas]
    values = [Value(float(d)) for d in datas]
    for v in values:
        v._group = group
    t = Tensor._make(values, shape, dtype)
    if dtype is float32:  # torch holds the data rounded; a later float64 update shows as stale
        t._f32 = {v: (v.data, _float32(v.data)) for v in values}
    t._group = group
    t._owns_group = True
    if requires_grad:
        t.requires_grad_()
    return t


# unary ops whose float32 values the tensor level takes from torch's vectorised kernels
_VECTOR_KERNELS32 = {"sigmoid": vecmath.sigmoid32, "log1p": vecmath.log1p32,
                     "softplus": vecmath.softplus32}


def _log_softmax_rule(grads, outputs):
    # torch's vectorised kernel along the last dim: g - exp(y) * sum(g), fused
    g, y = np.array([grads], np.float32), np.array([outputs], np.float32)
    return vecmath.log_softmax_backward32(g, y)[0].tolist()


def _softmax_rule(grads, outputs):
    # torch's vectorised kernel along the last dim: (g - sum(g * y)) * y
    g, y = np.array([grads], np.float32), np.array([outputs], np.float32)
    return vecmath.softmax_backward32(g, y)[0].tolist()


def _log_softmax_rule_strided(grads, outputs):
    # along another dim, torch's loop: g - exp(y) * sum(g), each step rounded
    g, y = np.array(grads, np.float32), np.array(outputs, np.float32)
    with np.errstate(all="ignore"):
        exp_y = np.exp(y.astype(np.float64)).astype(np.float32)
        return (g - exp_y * torch_sum(g, (0,))).tolist()


def _softmax_rule_strided(grads, outputs):
    # along another dim, torch's loop: y * (g - sum(g * y)), each step rounded
    g, y = np.array(grads, np.float32), np.array(outputs, np.float32)
    with np.errstate(all="ignore"):
        return (y * (g - torch_sum(g * y, (0,)))).tolist()


_FUSED_RULES = {  # (log?, along the last dim?) -> rule
    (True, True): _log_softmax_rule, (False, True): _softmax_rule,
    (True, False): _log_softmax_rule_strided, (False, False): _softmax_rule_strided,
}


def _summed_to(shape, out_shape, back, grads):
    """Gradients of an operation's outputs (flat, ``out_shape``) summed to the ``shape`` of an
    input it broadcast, then through the input's spread ``back`` (or None), in torch's order:
    what torch adds into the elements the gradients end in."""
    g = np.array(grads, np.float32).reshape(out_shape)
    with np.errstate(all="ignore"):
        g = sum_to(g, shape)
        return (g if back is None else back(g)).reshape(-1).tolist()


def _gathers_of(values, shape, operands):
    """The Gathers of a float32 elementwise operation whose nodes ``values`` (of ``shape``) read
    the elements of ``operands`` (by slot; numbers are no operand) several times: an operand it
    broadcast, or a view that repeats its elements (then the gradients end in the view's
    sources, summed as torch's backward of the view sums them)."""
    return tuple(
        Gather(slot, values, x._values if x._spread is None else x._spread[0],
               functools.partial(_summed_to, x._shape, shape,
                                 None if x._spread is None else x._spread[1]))
        for slot, x in enumerate(operands)
        if isinstance(x, Tensor) and x._requires_grad and (x._shape != shape
                                                            or x._spread is not None))


def _matmul_summed(slot, shape, grads):
    """Gradients of a matrix product's products (flat, (rows, cols, inner)) summed for each
    element of its first operand (slot 0, down the columns) or its second (slot 1, down the
    rows), in the order the tensor level's product adds them."""
    g = np.array(grads, np.float32).reshape(shape)
    with np.errstate(all="ignore"):
        if slot == 0:
            return running_sum(g.transpose(1, 0, 2).copy()).reshape(-1).tolist()
        return running_sum(g).T.reshape(-1).tolist()


def _fused_float32(tensors):
    """The float32 kernels among ``tensors`` that torch differentiates in one piece, (log-)softmax
    row by row and the losses that say so: Group -> FusedLanes (see ``backward_float32``)."""
    fused = {}
    for t in tensors:
        if t._kernel32 is not None:  # a loss kernel's, set where it was made
            groups, lanes = t._kernel32
            for group in groups:
                fused[group] = lanes
            continue
        group = t._group
        if not t._owns_group or group.kind not in ("log_softmax", "softmax") or group in fused:
            continue
        log = group.kind == "log_softmax"
        rows = {}  # a row's outputs share their last node: log(sum), or the sum
        for i, r in enumerate(t._values):
            rows.setdefault(r._b, []).append(i)
        lanes = fused[group] = []
        for row in rows.values():
            outputs = [t._values[i] for i in row]
            last = row[-1] - row[0] == len(row) - 1 and len(t._shape) and \
                len(row) == t._shape[-1]  # a row along the last dim
            # log_softmax's outputs are shifted - log(sum); softmax's exp(shifted) / sum
            inputs = [(r._a if log else r._a._a)._a for r in outputs]
            lanes.append(FusedLane(outputs, inputs, _FUSED_RULES[log, bool(last)]))
    return fused


def _bad_int(d):
    raise keyed(ValueError, "tensor.float_to_int", value=d)


# --- the Tensor ---------------------------------------------------------------------------------


class TensorBase:
    """What every tensor is, whichever level holds its numbers (``isinstance(x, torch.Tensor)``):
    this scalar level's Tensor of Values, and ``numpy_tensor.Tensor``."""

    __slots__ = ()

    def __mod__(self, other):
        from . import levels  # one kernel for both levels

        return levels.remainder(self, other)

    def __rmod__(self, other):
        from . import levels

        return levels.remainder(other, self)

    def norm(self, p="fro", dim=None, keepdim=False, dtype=None):
        """The 2-norm of all the elements, sqrt(sum(x * x)) on this level's sum, with torch's
        grad_fn; torch's own kernel adds the squares in another order, so its last bit can
        differ (a gradient at a zero norm is nan here, 0 in torch)."""
        from . import levels

        if p not in (2, "fro") or dim is not None or keepdim or dtype is not None:
            raise keyed(ValueError, "tensor.norm_options")
        if not self.dtype.is_floating_point:
            names = {"int64": "Long", "bool": "Bool"}  # torch's names of the scalar types
            raise keyed(ValueError, "tensor.norm_dtype", dtype=names[str(self.dtype)[6:]])
        return levels.with_grad_fn((self * self).sum().sqrt(), "LinalgVectorNormBackward0")


class Tensor(TensorBase):
    """An n-d array of Values with torch's methods, autograd flags and printing."""

    __slots__ = ("_values", "_shape", "dtype", "_requires_grad", "_grad_fn", "_inputs", "_group",
                 "_owns_group", "_label", "_grad", "_base", "_grad_of", "_f32", "_retains_grad",
                 "_constants", "_kernel32", "_gathers", "_spread")

    __hash__ = object.__hash__  # == is elementwise, as in torch, so hash by identity

    @classmethod
    def _make(cls, values, shape, dtype):
        check_dims(len(shape))
        t = cls.__new__(cls)
        t._values = values
        t._shape = tuple(shape)
        t.dtype = dtype
        t._requires_grad = False
        t._grad_fn = None
        t._inputs = ()
        t._group = None
        t._owns_group = False
        t._label = ""
        t._grad = None
        t._base = None  # the tensor whose data in-place writes also reach (.data, .detach())
        t._grad_of = None  # the leaf whose gradient this tensor is (writes reach Value.grad)
        t._f32 = {}  # Value -> (data, torch's float32 value of it): see _float32_values
        t._retains_grad = None  # a non-leaf's gradients summed over backwards (retain_grad())
        t._constants = ()  # float32 inputs that need no gradient: backward reads their values
        t._kernel32 = None  # (groups, FusedLanes) of a float32 kernel differentiated in one piece
        t._gathers = ()  # Gathers of the float32 operands its operation reads several times
        t._spread = None  # (sources, back) of a float32 view that repeats elements: see _view
        return t

    # --- what other modules read ------------------------------------------------------------
    def values(self):
        """The element Values, flat and row-major."""
        return self._values

    def numel(self):
        """The number of elements."""
        return len(self._values)

    def _flat_numbers(self):
        """The elements' data, flat (what ``torch.tensor([t, ...])`` reads of this tensor)."""
        return [v.data for v in self._values]

    @property
    def shape(self):
        """The shape, a ``Size``."""
        return Size(self._shape)

    def size(self, dim=None):
        """The shape, or the length of one dimension."""
        if dim is None:
            return Size(self._shape)
        return self._shape[_norm_dim(dim, self.dim())]

    def dim(self):
        """The number of dimensions."""
        return len(self._shape)

    @property
    def ndim(self):
        """The number of dimensions."""
        return len(self._shape)

    @property
    def label(self):
        """The variable name this tensor was assigned to ('' if none)."""
        return self._label

    @label.setter
    def label(self, name):
        self._label = name
        if not self._owns_group:
            return
        self._group.label = name
        single = len(self._values) == 1
        for i, v in enumerate(self._values):
            if not v.label:
                v.label = name if single else f"{name}[{self._index_text(i)}]"

    def _index_text(self, flat):
        idx = []
        for n in reversed(self._shape):
            flat, k = divmod(flat, n)
            idx.append(str(k))
        return ",".join(reversed(idx))

    # --- autograd -----------------------------------------------------------------------------
    @property
    def requires_grad(self):
        """Whether gradients flow to this tensor."""
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, flag):
        self.requires_grad_(flag)

    @property
    def is_leaf(self):
        """True unless an operation that records history made this tensor."""
        return self._grad_fn is None

    @property
    def grad_fn(self):
        """The backward function torch would attach (None for a leaf)."""
        return GradFn(self._grad_fn) if self._grad_fn else None

    def requires_grad_(self, requires_grad=True):
        """Start (or stop) recording operations on this leaf, in place; returns self."""
        if not self.is_leaf:
            if requires_grad:
                return self
            raise keyed(ValueError, "tensor.requires_grad_leaf")
        if requires_grad and not self.dtype.is_floating_point:
            raise keyed(ValueError, "tensor.requires_grad_float")
        if requires_grad:
            for v in self._values:  # a leaf has no history: its elements become leaves too
                v._op = v._a = v._b = None
        self._requires_grad = bool(requires_grad)
        return self

    @property
    def grad(self):
        """The accumulated gradient (a Tensor), or None before a backward reached this leaf."""
        g = self._grad
        if g is not None:  # a float32 leaf's gradient is float32 already (backward_float32)
            kept = self._retains_grad
            g._write(kept if kept is not None else [v.grad for v in self._values])
        return g

    @grad.setter
    def grad(self, value):
        if value is None:
            self.grad_to_none()
            return
        if tuple(value._shape) != self._shape:
            raise keyed(ValueError, "tensor.grad_size", got=value.shape, shape=self.shape)
        for v, d in zip(self._values, value._values, strict=True):
            v.grad = d.data
        self._ensure_grad()

    def grad_to_none(self):
        """Forget the gradient (``.grad`` becomes None), as ``zero_grad()`` does."""
        self._grad = None
        for v in self._values:
            v.grad = 0.0
        if self._retains_grad is not None:
            self._retains_grad = [0.0] * len(self._values)

    def _ensure_grad(self):
        if self._grad is None:
            g = _leaf([v.grad for v in self._values], self._shape, self.dtype)
            g._grad_of = self
            if self._label:
                g._group.label = f"{self._label}.grad"
            self._grad = g

    def backward(self, gradient=None, retain_graph=None, create_graph=False):
        """Fill ``.grad`` of every leaf that requires grad with d(self)/d(leaf), accumulating,
        and of every tensor that called ``retain_grad()``. The engine keeps every graph, so
        ``retain_graph`` changes nothing; a graph of the gradient (``create_graph``) is not
        built here."""
        if create_graph:
            raise keyed(ValueError, "tensor.create_graph")
        if not self._requires_grad:
            raise keyed(ValueError, "tensor.no_grad_fn")
        if gradient is None:
            if len(self._values) != 1:
                raise keyed(ValueError, "tensor.backward_scalar")
            root = self._values[0]
        else:
            if not isinstance(gradient, Tensor) or gradient._shape != self._shape:
                shape = gradient.shape if isinstance(gradient, Tensor) else type(gradient).__name__
                raise keyed(ValueError, "tensor.backward_shape", got=shape, shape=self.shape)
            # seeding each element with its gradient is backward from sum(g_i * y_i)
            nodes = _Nodes()
            seeds = gradient._python() if gradient.dtype is float32 else \
                [g.data for g in gradient._values]
            root = nodes.chain([nodes.apply("mul", v, g)
                                for v, g in zip(self._values, seeds, strict=True)])
        tensors = []
        seen = set()
        stack = [self]
        while stack:
            t = stack.pop()
            if id(t) in seen:
                continue
            seen.add(id(t))
            tensors.append(t)
            stack.extend(t._inputs)
        float32s = [t for t in tensors if t.dtype is float32]
        if float32s:  # torch's float32 gradients: float32 nodes differentiate in float32
            known = {}
            for f in float32s + [c for t in tensors for c in t._constants]:
                known.update(zip(f._values, f._float32s(), strict=True))
            gathers = {t._group: t._gathers for t in float32s if t._gathers}
            backward_float32(root, known, _fused_float32(float32s), gathers)
        else:
            root.backward()
        for t in tensors:
            if t._grad_fn is None:
                t._ensure_grad()
            elif t._retains_grad is not None:  # a non-leaf's Values start each backward at 0
                t._retains_grad = [a + v.grad for a, v in zip(t._retains_grad, t._values,
                                                              strict=True)]
                t._ensure_grad()

    def retain_grad(self):
        """Keep this non-leaf tensor's gradient in ``.grad`` at the next backward."""
        if not self._requires_grad:
            raise keyed(ValueError, "tensor.retain_grad")
        if self._grad_fn is not None and self._retains_grad is None:
            self._retains_grad = [0.0] * len(self._values)

    def detach(self):
        """A new leaf with the same data and no history (in-place writes reach this tensor)."""
        t = self._copy()
        t._base = self
        return t

    def _copy(self):
        """A new leaf holding this tensor's data, and the float32 emulation of it."""
        t = _leaf([v.data for v in self._values], self._shape, self.dtype)
        if self.dtype is float32:
            t._f32 = {v: (v.data, f) for v, f in zip(t._values, self._float32s(), strict=True)}
        return t

    @property
    def data(self):
        """The data as a tensor without history; in-place updates on it change this tensor."""
        return self.detach()

    @data.setter
    def data(self, other):
        other = _as_tensor(other, self.dtype)
        if other._shape != self._shape:
            raise keyed(ValueError, "tensor.data_shape", got=other.shape, shape=self.shape)
        same = self.dtype is float32 and other.dtype is float32
        float32s = other._float32s() if same else None
        self._write([v.data for v in other._values], float32s)

    def item(self):
        """The single element as a Python number (float32 rounding for float32, as torch)."""
        if len(self._values) != 1:
            raise keyed(ValueError, "tensor.item", n=len(self._values))
        return self._python()[0]

    def _python(self):
        """The elements as Python numbers, as torch hands them out for this dtype."""
        if self.dtype is float32:
            return self._float32s()
        if self.dtype is int64:
            return [int(v.data) for v in self._values]
        if self.dtype is bool_:
            return [bool(v.data) for v in self._values]
        return [v.data for v in self._values]

    def _float32s(self):
        """torch's float32 value of each element (see _float32_values)."""
        return _float32_values(self._values, self._f32)

    def tolist(self):
        """Nested Python lists of the elements (a number for a 0-d tensor)."""
        check_numel(nested_lists(self._shape))
        if not self._values:
            return _empty_nested(self._shape)
        flat = self._python()
        for n in reversed(self._shape[1:]):
            flat = [flat[i:i + n] for i in range(0, len(flat), n)]
        return flat[0] if not self._shape else flat

    # --- printing -------------------------------------------------------------------------------
    def __repr__(self):
        # a summarised print shows a few elements: read only those, not every element
        data = _Elements(self, 0, len(self._values)) if len(self._values) > THRESHOLD \
            else self._python()
        if not data:
            dtype_suffix = "" if self.dtype is DEFAULT_DTYPE else f"dtype={self.dtype!r}"
        else:
            dtype_suffix = "" if self.dtype in _PRINTED_WITHOUT_DTYPE else f"dtype={self.dtype!r}"
        if self._grad_fn:
            grad_suffix = f"grad_fn=<{self._grad_fn}>"
        elif self._requires_grad:
            grad_suffix = "requires_grad=True"
        else:
            grad_suffix = ""
        return format_tensor(data, self._shape, self.dtype.is_floating_point,
                             dtype_suffix, grad_suffix)

    __str__ = __repr__

    def __format__(self, spec):
        # torch: a 0-dim tensor formats as its .item(); any other only without a spec, as str()
        if not self._shape:
            return format(self.item(), spec)
        return super().__format__(spec)

    # --- Python protocol ----------------------------------------------------------------------
    def __len__(self):
        if not self._shape:
            raise keyed(TypeError, "tensor.len_0d")
        return self._shape[0]

    def __iter__(self):
        if not self._shape:
            raise keyed(TypeError, "tensor.iter_0d")
        return (self[i] for i in range(self._shape[0]))

    def __bool__(self):
        if len(self._values) != 1:
            if not self._values:
                raise keyed(ValueError, "tensor.bool_empty")
            raise keyed(ValueError, "tensor.bool_many")
        return bool(self._values[0].data)

    def __float__(self):
        return float(self.item())

    def __int__(self):
        return int(self.item())

    def __index__(self):
        if self.dtype.is_floating_point or len(self._values) != 1:
            raise keyed(TypeError, "tensor.index_type")
        return int(self._values[0].data)

    # --- shape ops (views: they share the Values) ---------------------------------------------
    def reshape(self, *shape):
        """The same elements in a new shape (one size may be -1)."""
        shape = _infer_shape(_shape_arg(shape), len(self._values))
        return _view(self, self._values, shape, "ViewBackward0", back=self._reshape_back())

    def _reshape_back(self):
        """The backward of a view that keeps the elements in order: a reshape to this shape."""
        return functools.partial(np.reshape, shape=self._shape) if self._spread else None

    def view(self, *shape):
        """The same elements in a new shape (one size may be -1)."""
        return self.reshape(*shape)

    def flatten(self, start_dim=0, end_dim=-1):
        """Merge dimensions start_dim..end_dim into one."""
        if not self._shape:
            return self.reshape(1)
        s, e = _norm_dim(start_dim, self.dim()), _norm_dim(end_dim, self.dim())
        if s > e:
            raise keyed(ValueError, "tensor.flatten")
        shape = self._shape[:s] + (math.prod(self._shape[s:e + 1]),) + self._shape[e + 1:]
        if shape == self._shape:
            return self
        return _view(self, self._values, shape, "ViewBackward0", back=self._reshape_back())

    def squeeze(self, dim=None):
        """Drop dimensions of size 1 (all of them, or only ``dim``)."""
        if dim is None:
            shape = tuple(n for n in self._shape if n != 1)
            return _view(self, self._values, shape, "SqueezeBackward0",
                         back=self._reshape_back())
        dims = dim if isinstance(dim, (tuple, list)) else (dim,)
        dims = {_norm_dim(d, self.dim()) for d in dims}
        shape = tuple(n for d, n in enumerate(self._shape) if not (d in dims and n == 1))
        name = "SqueezeBackward2" if isinstance(dim, (tuple, list)) else "SqueezeBackward1"
        return _view(self, self._values, shape, name, back=self._reshape_back())

    def unsqueeze(self, dim):
        """Insert a dimension of size 1 at ``dim``."""
        d = _norm_dim(dim, self.dim() + 1)
        shape = self._shape[:d] + (1,) + self._shape[d:]
        return _view(self, self._values, shape, "UnsqueezeBackward0", back=self._reshape_back())

    def permute(self, *dims):
        """Reorder the dimensions."""
        dims = _shape_arg(dims)
        order = [_norm_dim(d, self.dim()) for d in dims]
        if sorted(order) != list(range(self.dim())):
            raise keyed(ValueError, "tensor.permute", dims=list(dims))
        return self._permuted(order, "PermuteBackward0")

    def _permuted(self, order, grad_fn):
        strides = _contiguous_strides(self._shape)
        shape = tuple(self._shape[d] for d in order)
        idx = _gather(shape, [strides[d] for d in order])
        back = functools.partial(np.transpose, axes=np.argsort(order)) if self._spread else None
        return _view(self, [self._values[i] for i in idx], shape, grad_fn, back=back)

    def transpose(self, dim0, dim1):
        """Swap two dimensions."""
        order = list(range(self.dim()))
        a, b = _norm_dim(dim0, self.dim()), _norm_dim(dim1, self.dim())
        order[a], order[b] = order[b], order[a]
        return self._permuted(order, "TransposeBackward0")

    def t(self):
        """Transpose of a tensor with at most 2 dimensions."""
        if self.dim() > 2:
            raise keyed(ValueError, "tensor.t", n=self.dim())
        return self._permuted(list(range(self.dim()))[::-1], "TBackward0")

    @property
    def T(self):
        """All dimensions reversed."""
        return self._permuted(list(range(self.dim()))[::-1], "PermuteBackward0")

    def expand(self, *sizes):
        """A broadcast view of this tensor in a larger shape (-1 keeps a size)."""
        sizes = _shape_arg(sizes)
        pad = len(sizes) - self.dim()
        target = tuple(self._shape[d - pad] if n == -1 and d >= pad else n
                       for d, n in enumerate(sizes))
        if pad < 0 or broadcast_shapes(self._shape, target) != target:
            raise keyed(ValueError, "tensor.expand", shape=list(self._shape), sizes=list(sizes))
        result_size(target)
        idx = _expand_positions(self._shape, target)
        repeats = len(idx) > len(self._values)
        back = functools.partial(sum_to, shape=self._shape) \
            if self.dtype is float32 and (repeats or self._spread is not None) else None
        return _view(self, [self._values[i] for i in idx], target, "ExpandBackward0", back=back,
                     repeats=repeats)

    # --- indexing -----------------------------------------------------------------------------
    def _index_plan(self, key):
        """Flat source positions, result shape and grad_fn name of ``self[key]``."""
        if isinstance(key, Tensor) and key.dtype is bool_:
            if key._shape != self._shape:
                raise keyed(ValueError, "tensor.mask", mask=list(key._shape),
                            shape=list(self._shape))
            idx = [i for i, m in enumerate(key._values) if m.data]
            return idx, (len(idx),), "IndexBackward0"
        key = key if isinstance(key, tuple) else (key,)
        check_dims(len(key) - sum(k is Ellipsis for k in key))  # each index uses or adds a dim
        if sum(k is Ellipsis for k in key) > 1:
            raise keyed(ValueError, "tensor.ellipsis")
        used = sum(k is not None and k is not Ellipsis for k in key)
        if used > self.dim():
            raise keyed(ValueError, "tensor.too_many_indices", n=self.dim())
        if Ellipsis in [k for k in key if not isinstance(k, (Tensor, list))]:
            at = next(i for i, k in enumerate(key) if k is Ellipsis)
            key = key[:at] + (slice(None),) * (self.dim() - used) + key[at + 1:]
        else:
            key = key + (slice(None),) * (self.dim() - used)
        strides = _contiguous_strides(self._shape)
        offset = 0
        axes = []  # per result dim: the list of offset contributions
        advanced = []  # (source dim, positions) of list / integer-tensor indices
        adv_at = None
        grad_fn = "AliasBackward0"
        d = 0
        for k in key:
            if k is None:
                axes.append((range(1), 0))
                grad_fn = "UnsqueezeBackward0"
                continue
            n, s = self._shape[d], strides[d]
            if isinstance(k, Tensor) and not k._shape and not k.dtype.is_floating_point:
                k = int(k._values[0].data)
            if isinstance(k, numbers.Integral) and not isinstance(k, bool):
                if not -n <= k < n:
                    raise keyed(ValueError, "tensor.index_range", index=k, dim=d, size=n)
                offset += (k % n) * s
                grad_fn = "SelectBackward0"
            elif isinstance(k, slice):
                start, stop, step = k.indices(n)
                if step <= 0:
                    raise keyed(ValueError, "tensor.slice_step")
                axes.append((range(start, stop, step), s))  # built once the size is known
                if (start, stop, step) != (0, n, 1):
                    grad_fn = "SliceBackward0"
            elif isinstance(k, (list, tuple, Tensor)):
                if isinstance(k, Tensor) and k.dtype.is_floating_point:
                    raise keyed(ValueError, "tensor.index_tensor")  # positions are integers
                positions = [int(p.data) for p in k._values] if isinstance(k, Tensor) else list(k)
                for p in positions:
                    if isinstance(p, bool) or not isinstance(p, numbers.Integral):
                        raise keyed(ValueError, "tensor.index_tensor")
                    if not -n <= p < n:
                        raise keyed(ValueError, "tensor.index_range", index=p, dim=d, size=n)
                advanced.append((s, [p % n for p in positions]))
                if adv_at is None:
                    adv_at = len(axes)
                    axes.append(None)
            else:
                raise keyed(TypeError, "tensor.index_kind", value=repr(k))
            d += 1
        if advanced:
            length = max(len(p) for _, p in advanced)
            for _, p in advanced:
                if len(p) not in (1, length):
                    raise keyed(ValueError, "tensor.index_broadcast",
                                shapes=[[len(q)] for _, q in advanced])
            axes[adv_at] = (range(length), None)
            grad_fn = "IndexBackward0"
        shape = tuple(len(a[0]) for a in axes)
        if not result_size(shape):
            return [], shape, grad_fn
        idx = [offset]
        for positions, stride in axes:
            if stride is None:  # the advanced indices, broadcast together
                contributions = [sum(s * (p[j] if len(p) > 1 else p[0]) for s, p in advanced)
                                 for j in positions]
            else:
                contributions = [j * stride for j in positions]
            idx = [i + c for i in idx for c in contributions]
        return idx, shape, grad_fn

    def __getitem__(self, key):
        idx, shape, grad_fn = self._index_plan(key)
        repeats = self.dtype is float32 and self._requires_grad and len(set(idx)) < len(idx)
        back = functools.partial(_scattered, self._shape, idx) \
            if repeats or self._spread is not None else None
        return _view(self, [self._values[i] for i in idx], shape, grad_fn, back=back,
                     repeats=repeats)

    def __setitem__(self, key, value):
        idx, shape, _ = self._index_plan(key)
        value = _as_tensor(value, self.dtype)
        if _result_dtype(self, value).category > self.dtype.category:
            self._cannot_cast(value)
        if broadcast_shapes(value._shape, shape) != shape:
            raise keyed(ValueError, "tensor.setitem_shape", got=list(value._shape),
                        shape=list(shape))
        src = value._broadcast_values(shape)
        self._check_inplace()
        float32s = None
        if self.dtype is float32:
            float32s = self._float32s()
            for i, f in zip(idx, _float32_values(src, value._f32), strict=True):
                float32s[i] = f
        if self._updates_data(value):
            data = [v.data for v in self._values]
            for i, v in zip(idx, src, strict=True):
                data[i] = v.data
            self._write(data, float32s)
            return
        # recorded: the written elements are now the value's elements (torch's CopySlices)
        values = list(self._values)
        for i, v in zip(idx, src, strict=True):
            values[i] = v
        self._values = values
        if float32s is not None:
            self._f32 = {v: (v.data, f) for v, f in zip(values, float32s, strict=True)}
        if _GRAD_ENABLED.get() and (self._requires_grad or value._requires_grad):
            self._requires_grad = True
            self._grad_fn = "CopySlices"
            self._inputs = self._inputs + ((value,) if value._requires_grad else ())

    # --- elementwise arithmetic ---------------------------------------------------------------
    def _binary(self, other, name, grad_fn, reflected=False, op=None):
        other = _operand(other)
        if other is None:
            return NotImplemented
        dtype = _result_dtype(self, other)
        if isinstance(other, Tensor):
            shape = broadcast_size(self._shape, other._shape)[0] if other._shape != self._shape \
                else self._shape
            mine = self._broadcast_values(shape)
            theirs = other._broadcast_values(shape)
        else:
            shape = self._shape
            mine = self._values
            theirs = [float(other)] * len(mine)
        if reflected:
            mine, theirs = theirs, mine
        nodes = _Nodes()
        values = nodes.map(op or name, mine, theirs)
        if dtype is int64 and name == "div":
            dtype = DEFAULT_DTYPE  # true division of integers gives floats
        t = _result(nodes, values, shape, dtype, grad_fn, (self, other), name)
        if dtype is float32 and t._requires_grad:  # torch sums what the outputs send an element
            t._gathers = _gathers_of(values, shape, (other, self) if reflected else (self, other))
        return t

    def _broadcast_values(self, shape):
        if self._shape == tuple(shape):
            return self._values
        return [self._values[i] for i in _expand_positions(self._shape, shape)]

    def __add__(self, other):
        return self._binary(other, "add", "AddBackward0")

    def __radd__(self, other):
        return self._binary(other, "add", "AddBackward0", reflected=True)

    def __sub__(self, other):
        return self._binary(other, "sub", "SubBackward0")

    def __rsub__(self, other):
        return self._binary(other, "sub", "RsubBackward1", reflected=True)

    def __mul__(self, other):
        return self._binary(other, "mul", "MulBackward0")

    def __rmul__(self, other):
        return self._binary(other, "mul", "MulBackward0", reflected=True)

    def __truediv__(self, other):
        return self._binary(other, "div", "DivBackward0")

    def __rtruediv__(self, other):
        return self._binary(other, "div", "MulBackward0", reflected=True)

    def __pow__(self, other):
        if _operand(other) is None:
            return NotImplemented
        if (self.dtype is int64 and _result_dtype(self, other) is int64
                and any(_data(v) < 0 for v in _elements(other))):
            raise keyed(ValueError, "tensor.negative_power")
        if isinstance(other, Tensor):
            return self._binary(other, "pow", "PowBackward1", op=POW_TENSOR_EXPONENT)
        t = self._binary(other, "pow", "PowBackward0")
        if self.dtype is float32:  # torch's kernel multiplies for small exponents (x * x * x)
            e = float(_operand(other))
            t._f32 = {v: (v.data, power32(x, e))
                      for v, x in zip(t._values, self._float32s(), strict=True)}
        return t

    def __rpow__(self, other):
        return self._binary(other, "pow", "PowBackward2", reflected=True)

    def __neg__(self):
        if self.dtype is bool_:
            raise keyed(ValueError, "tensor.bool_neg")
        return self._unary(OPS["neg"])

    def __pos__(self):
        return self

    def __abs__(self):
        return self.abs()

    def sub(self, other):
        """self - other."""
        return self - other

    def mul(self, other):
        """self * other."""
        return self * other

    def div(self, other):
        """self / other."""
        return self / other

    def pow(self, exponent):
        """self ** exponent."""
        return self ** exponent

    def neg(self):
        """-self."""
        return -self

    # comparisons give bool tensors without history
    def _compare(self, other, test):
        other = _operand(other)
        if other is None:
            return NotImplemented
        if isinstance(other, Tensor):
            shape, _ = broadcast_size(self._shape, other._shape)
            pairs = zip(self._broadcast_values(shape), other._broadcast_values(shape), strict=True)
            datas = [test(a.data, b.data) for a, b in pairs]
        else:
            shape = self._shape
            datas = [test(a.data, float(other)) for a in self._values]
        return _leaf(datas, shape, bool_)

    def __lt__(self, other):
        return self._compare(other, lambda a, b: a < b)

    def __le__(self, other):
        return self._compare(other, lambda a, b: a <= b)

    def __gt__(self, other):
        return self._compare(other, lambda a, b: a > b)

    def __ge__(self, other):
        return self._compare(other, lambda a, b: a >= b)

    def __eq__(self, other):
        return self._compare(other, lambda a, b: a == b)

    def __ne__(self, other):
        return self._compare(other, lambda a, b: a != b)

    # --- unary math: one method per unary op of the table, generated below the class ---------
    def _unary(self, op):
        if op.dtype == FLOAT_ONLY and not self.dtype.is_floating_point:
            raise keyed(ValueError, "tensor.not_implemented", kernel=f"{op.name}_cpu",
                        dtype=_TORCH_TYPE_NAMES[self.dtype])
        # integer inputs give float32 for transcendental functions, as torch
        dtype = self.dtype if self.dtype.is_floating_point or op.dtype == KEEP else DEFAULT_DTYPE
        nodes = _Nodes()
        values = nodes.map(op, self._values)
        t = _result(nodes, values, self._shape, dtype, op.grad_fn, (self,), op.name)
        if self._spread is not None and t._requires_grad:
            t._gathers = _gathers_of(values, self._shape, (self,))
        kernel = _VECTOR_KERNELS32.get(op.name)
        if kernel is not None and self.dtype is float32 and values:
            # torch's vectorised float32 kernel, whose last bits depend on an element's place
            x = np.array(self._float32s(), np.float32)
            t._f32 = {v: (v.data, f) for v, f in zip(values, kernel(x, **op.kwargs).tolist(),
                                                     strict=True)}
        return t

    # --- reductions ---------------------------------------------------------------------------
    def _lanes(self, dim, keepdim):
        """Groups of flat positions reduced together, the result shape, and whether each group
        is a contiguous run (reduced trailing dims), which torch sums with its vectorised kernel."""
        nd = self.dim()
        dims = dim if isinstance(dim, (tuple, list)) else (dim,)
        dims = sorted({_norm_dim(d, nd) for d in dims}) if nd else []
        strides = _contiguous_strides(self._shape)
        kept = [d for d in range(nd) if d not in dims]
        result_size([self._shape[d] for d in kept])  # one lane per result element
        outer = _gather([self._shape[d] for d in kept], [strides[d] for d in kept])
        inner = _gather([self._shape[d] for d in dims], [strides[d] for d in dims]) \
            if self._values else []
        lanes = [[o + i for i in inner] for o in outer]
        if keepdim:
            shape = tuple(1 if d in dims else n for d, n in enumerate(self._shape))
        else:
            shape = tuple(self._shape[d] for d in kept)
        return lanes, shape, dims == list(range(nd - len(dims), nd))

    def sum(self, dim=None, keepdim=False, *, axis=None):
        """Sum of all elements, or along ``dim`` (an int or a tuple of ints; numpy's ``axis``
        names it too)."""
        dim = _dim_or_axis(dim, axis)
        dtype = self.dtype if self.dtype.is_floating_point else int64
        nodes = _Nodes()
        if dim is None:
            total = nodes.sum(self._values)
            return _result(nodes, [total], (), dtype, "SumBackward0", (self,), "sum")
        lanes, shape, contiguous = self._lanes(dim, keepdim)
        add = nodes.sum if contiguous else nodes.chain
        values = [add([self._values[i] for i in lane]) for lane in lanes]
        return _result(nodes, values, shape, dtype, "SumBackward1", (self,), "sum")

    def mean(self, dim=None, keepdim=False, *, axis=None):
        """Mean of all elements, or along ``dim`` (or numpy's ``axis``)."""
        dim = _dim_or_axis(dim, axis)
        if not self.dtype.is_floating_point:
            raise keyed(ValueError, "tensor.mean_dtype", dtype=_TORCH_TYPE_NAMES[self.dtype])
        nodes = _Nodes()
        if dim is None:
            total = nodes.apply("div", nodes.sum(self._values), float(len(self._values)))
            return _result(nodes, [total], (), self.dtype, "MeanBackward0", (self,), "mean")
        lanes, shape, contiguous = self._lanes(dim, keepdim)
        add = nodes.sum if contiguous else nodes.chain
        values = [nodes.apply("div", add([self._values[i] for i in lane]), float(len(lane)))
                  for lane in lanes]
        return _result(nodes, values, shape, self.dtype, "MeanBackward1", (self,), "mean")

    def _extreme(self, dim, keepdim, better, name):
        grad_name = name.capitalize()
        if dim is None:
            if not self._values:
                raise keyed(ValueError, "tensor.reduce_empty", name=name)
            nans = [v for v in self._values if v.data != v.data]
            best = self._values[0].data
            for v in self._values:
                if better(v.data, best):
                    best = v.data
            ties = nans[:1] or [v for v in self._values if v.data == best]
            if len(ties) == 1:
                return _view(self, ties[:1], (), f"{grad_name}Backward1")
            # torch spreads the gradient evenly over tied extremes: their mean has that gradient
            nodes = _Nodes()
            value = nodes.apply("div", nodes.chain(ties), float(len(ties)))
            return _result(nodes, [value], (), self.dtype, f"{grad_name}Backward1", (self,), name)
        lanes, shape, _ = self._lanes(dim, keepdim)
        if lanes and not lanes[0]:
            raise keyed(ValueError, "tensor.reduce_dim_empty", name=name, dim=dim)
        picks = []
        for lane in lanes:
            best = lane[0]
            for i in lane:
                if better(self._values[i].data, self._values[best].data):
                    best = i
            picks.append((best, lane.index(best)))
        values = _view(self, [self._values[i] for i, _ in picks], shape, f"{grad_name}Backward0")
        indices = _leaf([k for _, k in picks], shape, int64)
        return ReturnTypes(name, values, indices)

    def max(self, dim=None, keepdim=False):
        """The largest element, or (values, indices) along ``dim``."""
        return self._extreme(dim, keepdim, lambda a, b: a > b, "max")

    def min(self, dim=None, keepdim=False):
        """The smallest element, or (values, indices) along ``dim``."""
        return self._extreme(dim, keepdim, lambda a, b: a < b, "min")

    def argmax(self, dim=None, keepdim=False):
        """Position of the largest element (flat), or along ``dim``."""
        if dim is None:
            if not self._values:
                raise keyed(ValueError, "tensor.reduce_empty", name="argmax")
            return _leaf([self.reshape(-1).max(0).indices.item()], (), int64)
        return self.max(dim, keepdim).indices

    def argmin(self, dim=None, keepdim=False):
        """Position of the smallest element (flat), or along ``dim``."""
        if dim is None:
            if not self._values:
                raise keyed(ValueError, "tensor.reduce_empty", name="argmin")
            return _leaf([self.reshape(-1).min(0).indices.item()], (), int64)
        return self.min(dim, keepdim).indices

    def _softmax(self, dim, log):
        if not self.dtype.is_floating_point:
            kernel = "log_softmax" if log else "softmax"
            raise keyed(ValueError, "tensor.not_implemented",
                        kernel=f"{kernel}_lastdim_kernel_impl", dtype=_TORCH_TYPE_NAMES[self.dtype])
        nodes = _Nodes()
        out = [None] * len(self._values)
        _norm_dim(dim, self.dim())
        lanes, _, contiguous = self._lanes(dim, True) if out else ([], None, True)
        add = nodes.sum if contiguous else nodes.chain
        for lane in lanes:
            xs = [self._values[i] for i in lane]
            # subtracting the largest logit keeps exp from overflowing; the result is unchanged
            m = max(x.data for x in xs)
            shifted = nodes.map("sub", xs, [m] * len(xs))
            exps = nodes.map("exp", shifted)
            total = add(exps)
            if log:
                log_total = nodes.apply("log", total)
                results = nodes.map("sub", shifted, [log_total] * len(shifted))
            else:
                results = nodes.map("div", exps, [total] * len(exps))
            for i, r in zip(lane, results, strict=True):
                out[i] = r
        kind, grad_fn = ("log_softmax", "LogSoftmaxBackward0") if log else \
            ("softmax", "SoftmaxBackward0")
        t = _result(nodes, out, self._shape, self.dtype, grad_fn, (self,), kind)
        if self.dtype is float32 and out and self.dim() and _norm_dim(dim, self.dim()) == \
                self.dim() - 1:  # torch's vectorised kernel along the last dim
            x = np.array(self._float32s(), np.float32).reshape(self._shape)
            y = (vecmath.log_softmax32 if log else vecmath.softmax32)(x).reshape(-1).tolist()
            t._f32 = {v: (v.data, f) for v, f in zip(out, y, strict=True)}
        return t

    def softmax(self, dim):
        """exp(x) / sum(exp(x)) along ``dim`` (computed with the max subtracted, as torch)."""
        return self._softmax(dim, log=False)

    def log_softmax(self, dim):
        """x - log(sum(exp(x))) along ``dim``, computed stably."""
        return self._softmax(dim, log=True)

    # --- matrix product -----------------------------------------------------------------------
    def matmul(self, other):
        """Matrix product for 1-D and 2-D tensors (dot, matrix-vector, matrix-matrix)."""
        if not isinstance(other, Tensor):
            raise keyed(TypeError, "tensor.matmul_type", kind=type(other).__name__)
        if self.dtype is not other.dtype:
            raise keyed(ValueError, "tensor.matmul_dtype", a=_TORCH_TYPE_NAMES[self.dtype].lower(),
                        b=_TORCH_TYPE_NAMES[other.dtype].lower())
        a, b = self._shape, other._shape
        if not a or not b or len(a) > 2 or len(b) > 2:
            raise keyed(ValueError, "tensor.matmul_dims", a=list(a), b=list(b))
        rows = a[0] if len(a) == 2 else 1
        inner = a[-1]
        cols = b[1] if len(b) == 2 else 1
        if b[0] != inner:
            if len(a) == 1 and len(b) == 1:
                raise keyed(ValueError, "tensor.dot_size", a=inner, b=b[0])
            if len(b) == 1:
                raise keyed(ValueError, "tensor.mv_size", rows=a[0], cols=a[1], n=b[0])
            left = f"{a[0]}x{a[1]}" if len(a) == 2 else f"1x{a[0]}"
            raise keyed(ValueError, "tensor.mm_size", left=left, right=f"{b[0]}x{b[1]}")
        check_numel(rows * cols)
        nodes = _Nodes()
        values = []
        products = []  # (rows, cols, inner)
        for i in range(rows):
            for j in range(cols):
                row = nodes.map("mul", self._values[i * inner:(i + 1) * inner],
                                other._values[j::cols])
                products += row
                values.append(nodes.chain(row))
        shape = tuple(n for n, keep in ((rows, len(a) == 2), (cols, len(b) == 2)) if keep)
        grad_fn = {(1, 1): "DotBackward0", (2, 1): "MvBackward0", (1, 2): "SqueezeBackward4",
                   (2, 2): "MmBackward0"}[len(a), len(b)]
        t = _result(nodes, values, shape, self.dtype, grad_fn, (self, other), "matmul")
        if self.dtype is float32 and t._requires_grad:  # torch's mm adds each product's
            t._gathers = tuple(  # gradient into an element once, summed in the products' order
                Gather(slot, products, x._values,
                       functools.partial(_matmul_summed, slot, (rows, cols, inner)))
                for slot, (x, reads) in enumerate(((self, cols), (other, rows)))
                if x._requires_grad and reads > 1)
        return t

    def __matmul__(self, other):
        return self.matmul(other)

    def __rmatmul__(self, other):
        return NotImplemented

    # --- copies and conversions ---------------------------------------------------------------
    def clone(self):
        """A copy that keeps the history (gradients flow back to this tensor)."""
        if self._requires_grad:
            return _view(self, list(self._values), self._shape, "CloneBackward0")
        return self._copy()

    def to(self, *args, dtype=None, device=None, copy=False):
        """This tensor in another dtype (itself if nothing changes): ``x.to(torch.float64)``,
        ``x.to('cpu')``, ``x.to(device, dtype)``, ``x.to(other)``. The CPU is the one device."""
        for arg in args:
            if isinstance(arg, Tensor):
                dtype = arg.dtype
            elif isinstance(arg, (str, devices.Device)):
                devices.check(arg)
            else:
                dtype = arg
        devices.check(device)
        if dtype is None:
            return self
        dtype = _as_dtype(dtype)
        if dtype is self.dtype:
            return self
        if dtype.is_floating_point and self._requires_grad:
            t = _view(self, self._values, self._shape, "ToCopyBackward0")
            t.dtype = dtype
            return t
        data = self._float32s() if self.dtype is float32 else [v.data for v in self._values]
        return _leaf(data, self._shape, dtype)  # float32 widens to what it holds

    @property
    def device(self):
        """The CPU, where every tensor here lives."""
        return devices.CPU

    is_cuda = False

    def cpu(self):
        """This tensor (it is on the CPU already)."""
        return self

    def cuda(self, device=None):
        """Refused: this app runs on the CPU."""
        raise keyed(ValueError, "device.gpu", device="cuda")

    def float(self):
        """As float32."""
        return self.to(float32)

    def double(self):
        """As float64."""
        return self.to(float64)

    def long(self):
        """As int64 (fractions truncated toward zero)."""
        return self.to(int64)

    def bool(self):
        """As bool (nonzero is True)."""
        return self.to(bool_)

    # --- in place -----------------------------------------------------------------------------
    def _check_inplace(self):
        if _GRAD_ENABLED.get() and self._requires_grad and self.is_leaf:
            raise keyed(ValueError, "tensor.inplace_leaf")

    def _updates_data(self, other=None):
        """Whether an in-place op may just overwrite data (no history to keep), or must record."""
        if not _GRAD_ENABLED.get():
            return True
        if self._requires_grad or (isinstance(other, Tensor) and other._requires_grad):
            return False
        return all(v._op is None for v in self._values)

    def _write(self, datas, float32s=None):
        """Overwrite the elements' data in place, and the tensors this one aliases.

        ``float32s`` is torch's float32 value of the new data, when an operation computed it;
        without it a float32 element holds its new data rounded once.
        """
        if self.dtype is int64:
            datas = [float(math.trunc(d)) for d in datas]
        for v, d in zip(self._values, datas, strict=True):
            v.data = d
        if self.dtype is float32:
            if float32s is None:
                float32s = [_float32(d) for d in datas]
            self._f32.update(zip(self._values, zip(datas, float32s, strict=True), strict=True))
        if self._base is not None:
            self._base._write(datas, float32s)
        if self._grad_of is not None:
            for v, d in zip(self._grad_of._values, datas, strict=True):
                v.grad = d

    def _cannot_cast(self, other):
        raise keyed(ValueError, "tensor.cast", result=_TORCH_TYPE_NAMES[_result_dtype(self, other)],
                    dtype=_TORCH_TYPE_NAMES[self.dtype])

    def _inplace(self, other, name, grad_fn):
        operand = _operand(other)
        if operand is None:
            return NotImplemented
        self._check_inplace()
        if _result_dtype(self, operand).category > self.dtype.category:
            self._cannot_cast(operand)
        result = self._binary(operand, name, grad_fn)
        if result._shape != self._shape:
            raise keyed(ValueError, "tensor.inplace_shape", shape=list(self._shape),
                        result=list(result._shape))
        if self._updates_data(operand):
            float32s = result._float32s() if self.dtype is float32 else None
            self._write([v.data for v in result._values], float32s)
            return self
        # recorded: this tensor now holds the result's elements and history, as torch rebases it
        self._values = result._values
        self._f32 = result._f32
        self._requires_grad = result._requires_grad
        self._grad_fn = result._grad_fn
        self._inputs = result._inputs
        self._group = result._group
        self._owns_group = True
        self._gathers += result._gathers
        return self

    def __iadd__(self, other):
        return self._inplace(other, "add", "AddBackward0")

    def __isub__(self, other):
        return self._inplace(other, "sub", "SubBackward0")

    def __imul__(self, other):
        return self._inplace(other, "mul", "MulBackward0")

    def __itruediv__(self, other):
        return self._inplace(other, "div", "DivBackward0")

    def sub_(self, other):
        """self -= other."""
        return self.__isub__(other)

    def mul_(self, other):
        """self *= other."""
        return self.__imul__(other)

    def div_(self, other):
        """self /= other."""
        return self.__itruediv__(other)

    def fill_(self, value):
        """Set every element to ``value``, in place."""
        self._check_inplace()
        self._write([float(value)] * len(self._values))
        return self

    def zero_(self):
        """Set every element to 0, in place (``w.grad.zero_()``)."""
        return self.fill_(0.0)

    # --- the optimizers' arithmetic: torch's fused kernels, each element rounded as they round ---
    def _fused(self, operands, rule, compose, in_place):
        """Elementwise ``rule(*numbers, rnd)`` over ``operands`` (tensors and Python numbers),
        or ``compose()`` built of ordinary ops when there is history to record."""
        tensors = [t for t in (self, *operands) if isinstance(t, Tensor)]
        if _GRAD_ENABLED.get() and any(t._requires_grad for t in tensors):
            return compose()
        if not self.dtype.is_floating_point:
            raise keyed(ValueError, "tensor.not_implemented", kernel="fused_cpu",
                        dtype=_TORCH_TYPE_NAMES[self.dtype])
        shape = self._shape
        for t in tensors:
            if t._shape != shape:
                shape = broadcast_size(shape, t._shape)[0]
        if in_place and shape != self._shape:
            raise keyed(ValueError, "tensor.inplace_shape", shape=list(self._shape),
                        result=list(shape))
        f32 = self.dtype is float32
        columns = [_numbers_of(x, shape, f32) for x in (self, *operands)]
        rnd = _float32 if f32 else float
        datas = [rule(*row, rnd) for row in zip(*columns, strict=True)]
        if in_place:
            self._check_inplace()
            self._write(datas, datas if f32 else None)
            return self
        return _leaf(datas, shape, self.dtype)

    def add(self, other, *, alpha=1):
        """self + alpha * other, with one rounding (torch's fused multiply-add)."""
        if alpha == 1:
            return self + other
        return self._fused((other, alpha), lambda s, b, a, rnd: _fma(a, b, s, rnd),
                           lambda: self + other * alpha, in_place=False)

    def add_(self, other, *, alpha=1):
        """self += alpha * other, in place, with one rounding."""
        if alpha == 1:
            return self.__iadd__(other)
        return self._fused((other, alpha), lambda s, b, a, rnd: _fma(a, b, s, rnd),
                           lambda: self._inplace(other * alpha, "add", "AddBackward0"),
                           in_place=True)

    def addcmul(self, tensor1, tensor2, *, value=1):
        """self + value * tensor1 * tensor2 (rounded as torch: (value*t1) fused with t2)."""
        return self._fused((tensor1, tensor2, value), _addcmul,
                           lambda: with_grad_fn(self + tensor1 * value * tensor2,
                                                "AddcmulBackward0"), in_place=False)

    def addcmul_(self, tensor1, tensor2, *, value=1):
        """self += value * tensor1 * tensor2, in place."""
        return self._fused((tensor1, tensor2, value), _addcmul,
                           lambda: self._inplace(tensor1 * value * tensor2, "add",
                                                 "AddcmulBackward0"), in_place=True)

    def addcdiv_(self, tensor1, tensor2, *, value=1):
        """self += value * tensor1 / tensor2, in place."""
        return self._fused((tensor1, tensor2, value),
                           lambda s, a, b, v, rnd: rnd(s + rnd(rnd(v * a) / b)),
                           lambda: self._inplace(tensor1 * value / tensor2, "add",
                                                 "AddcdivBackward0"), in_place=True)

    def lerp_(self, end, weight):
        """self += weight * (end - self), in place, rounded as torch's lerp (a scalar weight)."""
        return self._fused((end, weight), _lerp,
                           lambda: self._inplace((end - self) * weight, "add", "LerpBackward0"),
                           in_place=True)

    def maximum(self, other):
        """The larger of each pair of elements (nan if either is nan), without history."""
        return self._fused((other,), lambda a, b, rnd: a if a > b or a != a else b,
                           lambda: _no_history("maximum"), in_place=False)


def _unary_method(op):
    if op.params:
        def method(self, *args, **kwargs):
            return self._unary(op.bind(*args, **kwargs))
    else:
        def method(self):
            return self._unary(op)

    method.__name__ = op.name
    method.__doc__ = f"{op.formula.format('x')} elementwise."
    method.__signature__ = op.signature
    return method


for _op in OPS.values():  # x.exp(), F.softplus(x, beta=2): every unary op torch offers
    if _op.arity == 1 and _op.api:
        setattr(Tensor, _op.name, _unary_method(_op))


def _numbers_of(x, shape, f32):
    """The elements of a tensor (or a Python number, repeated) broadcast to ``shape``, as numbers
    of the dtype's precision (a number rounded to float32 for a float32 computation)."""
    if not isinstance(x, Tensor):
        return [_float32(x) if f32 else float(x)] * math.prod(shape)
    data = x._float32s() if x.dtype is float32 else [v.data for v in x._values]
    if x._shape == tuple(shape):
        return data
    return [data[i] for i in _expand_positions(x._shape, shape)]


def _fma(a, b, c, rnd):
    """a * b + c rounded once by ``rnd``, as a fused multiply-add rounds."""
    if not (math.isfinite(a) and math.isfinite(b) and math.isfinite(c)):
        return rnd(a * b + c)
    exact = Fraction(a) * Fraction(b) + Fraction(c)
    return _round32(exact) if rnd is _float32 else float(exact)


def _round32(q):
    """The float32 nearest to the exact number ``q`` (ties to even), rounding only once."""
    x = float(q)
    f = _float32(x)
    if x == f or x == q or not math.isfinite(f):
        return f
    # rounding twice (to float64, then float32) errs only when x lies halfway between floats
    g = float(np.nextafter(np.float32(f), np.float32(math.copysign(math.inf, x - f))))
    if (f + g) / 2 != x:
        return f
    return max(f, g) if q > x else min(f, g)


def _addcmul(s, a, b, v, rnd):
    # torch: the scalar times tensor1, rounded, then fused with tensor2 and self
    return _fma(rnd(v * a), b, s, rnd)


def _lerp(s, e, w, rnd):
    # torch: s + w (e - s) for |w| < 0.5, else e - (e - s)(1 - w), each a fused multiply-add
    d = rnd(e - s)
    return _fma(w, d, s, rnd) if abs(w) < 0.5 else _fma(-d, rnd(1 - w), e, rnd)


def _no_history(name):
    raise keyed(ValueError, "tensor.no_history", name=name)


def with_grad_fn(t, name):
    """``t`` showing the backward function ``name`` (torch's fused kernels name the result
    after themselves: nn.Linear's ``AddmmBackward0``); a tensor without history is unchanged."""
    if t._grad_fn:
        t._grad_fn = name
        if t._owns_group:
            t._group.grad_fn = name
    return t


def recorded_by(t, grad_fn, inputs):
    """Mark ``t``, computed without history, as the result of an operation whose backward runs
    elsewhere (a torch.autograd.Function's): it requires grad, shows ``grad_fn`` and leads back
    to ``inputs``. Its elements stay leaves of the scalar graph, where gradients collect."""
    t._requires_grad = True
    t._grad_fn = grad_fn
    t._inputs = tuple(inputs)
    return t


def tensor_of(grads, like):
    """A tensor of the numbers ``grads`` in the shape and dtype of ``like`` (a gradient)."""
    return _leaf(grads, like._shape, like.dtype)


class _Elements:
    """A stretch of a tensor's elements as Python numbers, each converted when it is read."""

    __slots__ = ("_tensor", "_start", "_stop")

    def __init__(self, tensor, start, stop):
        self._tensor, self._start, self._stop = tensor, start, stop

    def __len__(self):
        return self._stop - self._start

    def __getitem__(self, k):
        if isinstance(k, slice):
            start, stop, _ = k.indices(len(self))
            return _Elements(self._tensor, self._start + start, self._start + max(start, stop))
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError(k)
        t = self._tensor
        one = Tensor._make([t._values[self._start + k]], (), t.dtype)
        one._f32 = t._f32
        return one._python()[0]


class ReturnTypes(tuple):
    """(values, indices), as ``torch.return_types.max`` prints and unpacks."""

    def __new__(cls, name, values, indices):
        t = super().__new__(cls, (values, indices))
        t.name = name
        return t

    @property
    def values(self):
        """The extreme values."""
        return self[0]

    @property
    def indices(self):
        """Where they are, as int64 positions."""
        return self[1]

    def __repr__(self):
        return f"torch.return_types.{self.name}(\nvalues={self[0]!r},\nindices={self[1]!r})"


def _empty_nested(shape):
    """``tolist`` of a zero-size tensor: nested lists down to its first zero size."""
    return [_empty_nested(shape[1:]) for _ in range(shape[0])] if shape[0] else []


def _elements(x):
    return x._values if isinstance(x, Tensor) else [x]


def _operand(x):
    """A Tensor stays a Tensor, a real number becomes a number; anything else is not ours."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, numbers.Real):
        return x
    return None


def _as_tensor(x, dtype=None):
    return x if isinstance(x, Tensor) else tensor(x, dtype=dtype)


# --- creation -----------------------------------------------------------------------------------


def _flatten_data(data, depth=0):
    """Flat numbers, shape and inferred dtype of nested lists/tuples of numbers or tensors."""
    if isinstance(data, TensorBase):  # a tensor of either level: its numbers as it holds them
        return data._flat_numbers(), tuple(data.shape), data.dtype
    if isinstance(data, (list, tuple)):
        check_dims(depth + 1)
        if not data:
            return [], (0,), None
        parts = [_flatten_data(x, depth + 1) for x in data]
        inner = parts[0][1]
        for _, shape, _ in parts:
            if shape != inner:
                if not inner or not shape:
                    raise keyed(ValueError, "tensor.ragged_number", dim=depth + 1)
                raise keyed(ValueError, "tensor.ragged", n=inner[0], dim=depth + 1, got=shape[0])
        flat = [x for p in parts for x in p[0]]
        dtype = None
        for _, _, d in parts:
            if d is not None:
                dtype = d if dtype is None else _promote(dtype, d)
        return flat, (len(data),) + inner, dtype
    if isinstance(data, numbers.Real):
        return [data], (), _scalar_dtype(data)  # as given: each level converts it
    raise keyed(TypeError, "tensor.data_type", kind=type(data).__name__)


def tensor(data, dtype=None, requires_grad=False):
    """A new leaf tensor from a number or nested lists (int data gives int64, floats float32)."""
    flat, shape, inferred = _flatten_data(data)
    check_numel(len(flat))
    dtype = _as_dtype(dtype) or inferred or DEFAULT_DTYPE
    return _leaf(flat, shape, dtype, requires_grad)


def _filled(shape, value, dtype, requires_grad):
    shape = _shape_arg(shape)
    if any(n < 0 for n in shape):
        raise keyed(ValueError, "tensor.negative_dim", shape=list(shape))
    check_numel(math.prod(shape))
    return _leaf([value] * math.prod(shape), shape, dtype, requires_grad)


def zeros(*size, dtype=None, requires_grad=False):
    """A tensor of zeros."""
    return _filled(size, 0.0, _as_dtype(dtype) or DEFAULT_DTYPE, requires_grad)


def ones(*size, dtype=None, requires_grad=False):
    """A tensor of ones."""
    return _filled(size, 1.0, _as_dtype(dtype) or DEFAULT_DTYPE, requires_grad)


def full(size, fill_value, dtype=None, requires_grad=False):
    """A tensor with every element ``fill_value`` (dtype from the value, as torch)."""
    dtype = _as_dtype(dtype) or _scalar_dtype(fill_value)
    return _filled((size,), fill_value, dtype, requires_grad)


def zeros_like(input, dtype=None, requires_grad=False):
    """Zeros in the shape (and dtype) of ``input``."""
    return _filled(input._shape, 0.0, _as_dtype(dtype) or input.dtype, requires_grad)


def ones_like(input, dtype=None, requires_grad=False):
    """Ones in the shape (and dtype) of ``input``."""
    return _filled(input._shape, 1.0, _as_dtype(dtype) or input.dtype, requires_grad)


def full_like(input, fill_value, dtype=None, requires_grad=False):
    """``fill_value`` in the shape (and dtype) of ``input``."""
    return _filled(input._shape, fill_value, _as_dtype(dtype) or input.dtype, requires_grad)


def arange(start, end=None, step=1, dtype=None, requires_grad=False):
    """start, start + step, ... up to (not including) end; int64 when all arguments are ints."""
    if end is None:
        start, end = 0, start
    if step == 0:
        raise keyed(ValueError, "tensor.arange_step")
    count = math.ceil((end - start) / step)
    if count < 0:
        raise keyed(ValueError, "tensor.arange_sign")
    check_numel(count)
    ints = all(isinstance(x, numbers.Integral) for x in (start, end, step))
    dtype = _as_dtype(dtype) or (int64 if ints else DEFAULT_DTYPE)
    return _leaf([start + i * step for i in range(count)], (count,), dtype, requires_grad)


def linspace(start, end, steps, dtype=None, requires_grad=False):
    """``steps`` evenly spaced values from start to end inclusive."""
    if steps < 0:
        raise keyed(ValueError, "tensor.linspace_steps")
    check_numel(steps)
    if steps == 1:  # torch fills a single step with the start
        end = start
    dtype = _as_dtype(dtype) or DEFAULT_DTYPE
    if dtype is float32:  # torch's float32 kernel, whose fused multiply-adds the tensor level has
        from . import numpy_tensor

        datas = numpy_tensor.linspace(start, end, steps, dtype=float32).tolist()
        return _leaf(datas, (steps,), dtype, requires_grad)
    step = (end - start) / (steps - 1) if steps > 1 else 0.0
    # torch fills the first half from the start and the second half from the end
    half = steps // 2
    datas = [start + i * step if i < half else end - (steps - 1 - i) * step
             for i in range(steps)]
    return _leaf(datas, (steps,), dtype, requires_grad)


def is_tensor(obj):
    """Whether obj is a Tensor."""
    return isinstance(obj, Tensor)


def stack(tensors, dim=0):
    """Join same-shape tensors along a new dimension."""
    tensors = list(tensors)
    if not tensors:
        raise keyed(ValueError, "tensor.stack_empty")
    shape = tensors[0]._shape
    for t in tensors:
        if t._shape != shape:
            raise keyed(ValueError, "tensor.stack_size", first=list(shape), other=list(t._shape))
    d = _norm_dim(dim, len(shape) + 1)
    result_size(shape[:d] + (len(tensors),) + shape[d:])
    return cat([t.unsqueeze(d) for t in tensors], d, grad_fn="StackBackward0", inputs=tensors)


def cat(tensors, dim=0, grad_fn="CatBackward0", inputs=None):
    """Join tensors along an existing dimension."""
    tensors = list(tensors)
    if not tensors:
        raise keyed(ValueError, "tensor.cat_empty")
    first = tensors[0]
    for i, t in enumerate(tensors):
        if not t.dim():
            raise keyed(ValueError, "tensor.cat_zero_dim", position=i)
    d = _norm_dim(dim, first.dim())
    shape, numel = cat_shape([t._shape for t in tensors], d)
    check_storage(shape)
    values = []
    parts = [t for t in tensors if t._values]  # each gives at least one element per outer row
    outer = math.prod(first._shape[:d]) if numel else 0
    for o in range(outer):
        for t in parts:
            chunk = len(t._values) // outer
            values.extend(t._values[o * chunk:(o + 1) * chunk])
    dtype = _result_dtype(*tensors)
    inputs = tensors if inputs is None else list(inputs)
    t = _view(first, values, shape, grad_fn, inputs=tuple(inputs))
    t.dtype = dtype
    t._group = None
    t._f32 = {v: s._f32[v] for s in tensors for v in s._values if v in s._f32}
    return t


def softmax(input, dim=None):
    """Softmax along ``dim`` (without dim: torch's legacy choice, 0 for 0-, 1- and 3-D input)."""
    if dim is None:
        dim = 0 if input.dim() in (0, 1, 3) else 1
    return input.softmax(dim)


def log_softmax(input, dim=None):
    """Log-softmax along ``dim`` (without dim: torch's legacy choice)."""
    if dim is None:
        dim = 0 if input.dim() in (0, 1, 3) else 1
    return input.log_softmax(dim)


# torch.<name>(tensor, ...) forms of the methods, for the snippet language's torch namespace
TORCH_FUNCTIONS = {
    name: getattr(Tensor, name)
    for name in (
        "reshape", "flatten", "squeeze", "unsqueeze", "transpose", "permute", "sum", "mean",
        "max", "min", "argmax", "argmin", "matmul", "numel", "clone", "detach", "norm", "add",
        "sub", "mul", "div",
    )
} | {
    op.torch.removeprefix("torch."): getattr(Tensor, op.name)
    for op in OPS.values() if "torch" in op.api
} | {
    "tensor": tensor, "zeros": zeros, "ones": ones, "full": full, "zeros_like": zeros_like,
    "ones_like": ones_like, "full_like": full_like, "arange": arange, "linspace": linspace,
    "is_tensor": is_tensor, "stack": stack, "cat": cat, "softmax": softmax,
    "log_softmax": log_softmax, "broadcast_shapes": broadcast_shapes,
}
