"""Tensor on numpy: torch's tensors at the tensor level, with tensor-level autograd.

A tensor holds a numpy array in torch's dtype: float32 is computed in float32, float64 in
float64, int64 and bool as torch. Each operation that records history makes one ``Node`` (its
``grad_fn``): the op's name, an edge to each input's node (or to the input itself, a leaf), and a
vectorised backward written as torch's derivatives.yaml writes it, so float32 gradients round
where torch's do. ``backward()`` runs the nodes in torch's order (the most recently made first),
adds the gradients meeting at a tensor in the order they arrive, and adds into leaves' ``.grad``.

The arithmetic follows torch's CPU kernels where their order or rounding shows in the digits:
sums in torch's order (``reduction``); ``x ** 2`` and ``x ** 3`` as products; ``2 / x`` as
``x.reciprocal() * 2``; ``linspace`` with fused multiply-adds. Transcendental functions of
float32 are the float64 function of the float32 operand, rounded once, as the scalar level
computes them, so the two levels agree.

Views share their source's array (numpy views), so in-place writes show through them, and every
in-place write bumps a version counter shared by the views: a backward that needs a value
overwritten since raises torch's error.
"""

import heapq
import itertools
import math
import numbers
import operator

import numpy as np

from ..autograd.ops import FLOAT_ONLY, KEEP, OPS, np_sign
from ..messages import keyed
from . import devices, vecmath
from .generator import _fma32
from .printing import format_tensor
from .reduction import running_sum, sum_to, torch_sum
from .sizes import (
    MAX_ELEMENTS,
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
from .tensor import (
    _GRAD_ENABLED,
    _PRINTED_WITHOUT_DTYPE,
    _TORCH_TYPE_NAMES,
    DEFAULT_DTYPE,
    DType,
    GradFn,
    ReturnTypes,
    Size,
    TensorBase,
    _as_dtype,
    _dim_or_axis,
    _empty_nested,
    _flatten_data,
    _infer_shape,
    _norm_dim,
    _promote,
    _scalar_dtype,
    _shape_arg,
    bool_,
    float32,
    float64,
    int64,
)

NP_TYPES = {float32: np.float32, float64: np.float64, int64: np.int64, bool_: np.bool_}
_SEQUENCE = itertools.count()  # creation order of nodes: backward runs the newest first


class Node(GradFn):
    """One recorded operation (a tensor's ``grad_fn``): its edges and its backward.

    ``edges[i]`` is where the gradient of input ``i`` goes: that input's node, the input itself
    when it is a leaf that requires grad, or None. ``backward(g)`` gives one gradient array per
    input (None where none flows), in the input's shape or one it broadcast to.
    """

    __slots__ = ("edges", "backward", "seq", "saved", "retained", "inputs", "rule")

    def __init__(self, name, inputs, backward, saved=(), rule=""):
        self._name = name
        self.inputs = inputs
        self.edges = tuple([
            (t._node or t) if isinstance(t, Tensor) and t._requires_grad else None
            for t in inputs])
        self.backward = backward
        self.seq = next(_SEQUENCE)
        self.saved = tuple([(t, t._version[0]) for t in saved]) if saved else ()
        self.retained = ()  # tensors whose .grad keeps this node's incoming gradient
        self.rule = rule


# --- helpers: dtypes, operands ------------------------------------------------------------------


def _result_dtype(*operands):
    """torch's type promotion: dimensioned tensors, then 0-d tensors, then Python numbers."""
    levels = ([], [], [])
    for x in operands:
        if isinstance(x, Tensor):
            levels[0 if x._a.ndim else 1].append(x.dtype)
        elif x is not None:
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


def _operand(x):
    if isinstance(x, Tensor):
        return x
    if isinstance(x, numbers.Real):
        return x
    return None


def _array(x, dtype):
    """An operand's data as a numpy array (or scalar) of ``dtype``."""
    npt = NP_TYPES[dtype]
    if isinstance(x, Tensor):
        return x._a if x._a.dtype == npt else x._a.astype(npt)
    if dtype is int64 and not isinstance(x, numbers.Integral):
        return npt(math.trunc(x))
    return npt(x)


def dtype_of_array(a):
    """The numpy scalar type of an array's elements."""
    return a.dtype.type


def _f64(a):
    return a.astype(np.float64) if a.dtype != np.float64 else a


def _rounded(values, npt):
    """float64 results rounded once to ``npt`` (what float32 computes for a transcendental)."""
    with np.errstate(all="ignore"):
        return np.asarray(values).astype(npt)


def _spread(shape, g):
    """An array of ``shape`` holding the 0-d gradient ``g`` everywhere (what
    ``np.broadcast_to`` gives, without its cost on every small backward)."""
    out = np.empty(shape, g.dtype)
    out[...] = g
    return out


def _holdable(shape):
    """Refuse a shape numpy cannot describe: its nonzero sizes multiply past an int64 (torch
    holds such a zero-size tensor; an array here cannot)."""
    total = 1
    for n in shape:
        total *= max(n, 1)
    if total > MAX_SIZE // 8:  # the scalar level holds it: run the program there
        raise keyed(ValueError, "level.unoffered", name=f"a tensor of shape {list(shape)}",
                    level="tensor")
    return shape


def _broadcast(a, b):
    """The broadcast shape of two operands, checked as torch checks a new result first."""
    shape, _ = broadcast_size(a, b)
    check_storage(shape)
    return _holdable(shape)


def spans_huge(shape):
    """Refuse a zero-size shape with a dimension past the element bound to kernels that walk a
    dimension (softmax's rows, a loss's classes): the scalar level runs such a program."""
    if 0 in shape and max(shape, default=0) > MAX_ELEMENTS:
        raise keyed(ValueError, "level.unoffered", name=f"a tensor of shape {list(shape)}",
                    level="tensor")


def _bump(t):
    t._version[0] += 1


def _check_saved(node):
    for t, version in node.saved:
        if t._version[0] != version:
            raise keyed(ValueError, "tensor.inplace_saved", name=node.name(),
                        shape=list(t._a.shape), kind=_TORCH_TYPE_NAMES[t.dtype],
                        version=t._version[0], expected=version)


# --- making tensors -----------------------------------------------------------------------------


def _wrap(a, dtype, requires_grad=False):
    """A new leaf holding array ``a`` (of ``dtype``'s numpy type)."""
    t = Tensor.__new__(Tensor)
    t._a = a
    t.dtype = dtype
    t._requires_grad = requires_grad
    t._node = None
    t._grad = None
    t._label = ""
    t._version = [0]
    t._retains_grad = False
    return t


def _leaf(a, dtype, requires_grad=False):
    """A leaf of fresh data, checked against the bounds first."""
    check_numel(a.size)
    check_storage(a.shape)
    if requires_grad and not dtype.is_floating_point:
        raise keyed(ValueError, "tensor.requires_grad_float")
    return _wrap(a, dtype, requires_grad)


def _records(dtype, first, second):
    """Whether an op of two operands records history (``_record``'s test, before any closure
    or saved list is made for it)."""
    return dtype.is_floating_point and (
        isinstance(first, Tensor) and first._requires_grad
        or isinstance(second, Tensor) and second._requires_grad) and _GRAD_ENABLED.get()


def _plain(a, dtype):
    """The result ``a`` of an operation that records no history."""
    if a.size > MAX_ELEMENTS:
        check_numel(a.size)
    return _wrap(a, dtype)


def _record(a, dtype, name, inputs, backward, saved=(), rule=""):
    """The result ``a`` of an operation on ``inputs``, with a node when it records history."""
    if dtype.is_floating_point and _GRAD_ENABLED.get():
        for x in inputs:
            if isinstance(x, Tensor) and x._requires_grad:
                return _recorded(a, dtype, name, tuple(inputs), backward, saved, rule)
    return _plain(a, dtype)


def _recorded(a, dtype, name, inputs, backward, saved=(), rule=""):
    """``_record``'s result when it is known to record history (an input requires grad)."""
    t = _plain(a, dtype)
    t._requires_grad = True
    t._node = Node(name, inputs, backward, saved, rule)
    return t


def _view(src, a, name, backward):
    """A view of ``src`` sharing its array (and its version counter)."""
    t = _record(a, src.dtype, name, (src,), backward)
    t._version = src._version
    return t


# --- the Tensor ---------------------------------------------------------------------------------


class Tensor(TensorBase):
    """A numpy array in torch's dtype, with torch's methods, autograd and printing."""

    __slots__ = ("_a", "dtype", "_requires_grad", "_node", "_grad", "_label", "_version",
                 "_retains_grad", "__weakref__")

    __hash__ = object.__hash__  # == is elementwise, as in torch, so hash by identity

    # --- what other modules read ------------------------------------------------------------
    def numel(self):
        """The number of elements."""
        return int(self._a.size)

    def _flat_numbers(self):
        """The elements, flat (what ``torch.tensor([t, ...])`` reads of this tensor)."""
        return self._a.reshape(-1).tolist()

    @property
    def _shape(self):
        return self._a.shape

    @property
    def shape(self):
        """The shape, a ``Size``."""
        return Size(self._a.shape)

    def size(self, dim=None):
        """The shape, or the length of one dimension."""
        if dim is None:
            return Size(self._a.shape)
        return self._a.shape[_norm_dim(dim, self._a.ndim)]

    def dim(self):
        """The number of dimensions."""
        return self._a.ndim

    @property
    def ndim(self):
        """The number of dimensions."""
        return self._a.ndim

    @property
    def label(self):
        """The variable name this tensor was assigned to ('' if none)."""
        return self._label

    @label.setter
    def label(self, name):
        self._label = name

    def array(self):
        """The numpy array (read by the engine's own modules, never handed to a snippet)."""
        return self._a

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
        return self._node is None

    @property
    def grad_fn(self):
        """The node that made this tensor (None for a leaf)."""
        return self._node

    def requires_grad_(self, requires_grad=True):
        """Start (or stop) recording operations on this leaf, in place; returns self."""
        if self._node is not None:
            if requires_grad:
                return self
            raise keyed(ValueError, "tensor.requires_grad_leaf")
        if requires_grad and not self.dtype.is_floating_point:
            raise keyed(ValueError, "tensor.requires_grad_float")
        self._requires_grad = bool(requires_grad)
        return self

    @property
    def grad(self):
        """The accumulated gradient (a Tensor), or None before a backward reached this tensor."""
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is None:
            self._grad = None
            return
        if not isinstance(value, Tensor):
            raise keyed(TypeError, "attr.grad", kind=type(value).__name__)
        if value._a.shape != self._a.shape:
            raise keyed(ValueError, "tensor.grad_size", got=value.shape, shape=self.shape)
        self._grad = value

    def grad_to_none(self):
        """Forget the gradient (``.grad`` becomes None), as ``zero_grad()`` does."""
        self._grad = None

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
            if self._a.size != 1:
                raise keyed(ValueError, "tensor.backward_scalar")
            seed = np.ones(self._a.shape, self._a.dtype)
        else:
            if not isinstance(gradient, Tensor) or gradient._a.shape != self._a.shape:
                shape = gradient.shape if isinstance(gradient, Tensor) else type(gradient).__name__
                raise keyed(ValueError, "tensor.backward_shape", got=shape, shape=self.shape)
            seed = gradient._a.astype(self._a.dtype)
        _run_backward(self, seed)

    def retain_grad(self):
        """Keep this non-leaf tensor's gradient in ``.grad`` at the next backward."""
        if not self._requires_grad:
            raise keyed(ValueError, "tensor.retain_grad")
        if self._node is not None and not self._retains_grad:
            self._retains_grad = True
            self._node.retained = (*self._node.retained, self)

    def detach(self):
        """A new leaf sharing this tensor's data, without history."""
        t = _wrap(self._a, self.dtype)
        t._version = self._version
        return t

    @property
    def data(self):
        """The data as a tensor without history; in-place updates on it change this tensor."""
        return self.detach()

    @data.setter
    def data(self, other):
        other = _as_tensor(other, self.dtype)
        if other._a.shape != self._a.shape:
            raise keyed(ValueError, "tensor.data_shape", got=other.shape, shape=self.shape)
        self._a = other._a.astype(NP_TYPES[self.dtype])  # torch swaps the storage
        self._version = [0]

    def item(self):
        """The single element as a Python number."""
        if self._a.size != 1:
            raise keyed(ValueError, "tensor.item", n=int(self._a.size))
        return self._a.item()

    def tolist(self):
        """Nested Python lists of the elements (a number for a 0-d tensor)."""
        check_numel(nested_lists(self._a.shape))
        if not self._a.size:
            return _empty_nested(self._a.shape)
        return self._a.tolist()

    # --- printing -------------------------------------------------------------------------------
    def __repr__(self):
        flat = self._a.reshape(-1)
        data = _Flat(flat) if flat.size > 1000 else flat.tolist()
        if not flat.size:
            dtype_suffix = "" if self.dtype is DEFAULT_DTYPE else f"dtype={self.dtype!r}"
        else:
            dtype_suffix = "" if self.dtype in _PRINTED_WITHOUT_DTYPE else f"dtype={self.dtype!r}"
        if self._node is not None:
            grad_suffix = f"grad_fn=<{self._node.name()}>"
        elif self._requires_grad:
            grad_suffix = "requires_grad=True"
        else:
            grad_suffix = ""
        return format_tensor(data, self._a.shape, self.dtype.is_floating_point,
                             dtype_suffix, grad_suffix)

    __str__ = __repr__

    def __format__(self, spec):
        if not self._a.ndim:
            return format(self.item(), spec)
        return super().__format__(spec)

    # --- Python protocol ----------------------------------------------------------------------
    def __len__(self):
        if not self._a.ndim:
            raise keyed(TypeError, "tensor.len_0d")
        return self._a.shape[0]

    def __iter__(self):
        if not self._a.ndim:
            raise keyed(TypeError, "tensor.iter_0d")
        return (self[i] for i in range(self._a.shape[0]))

    def __bool__(self):
        if self._a.size != 1:
            if not self._a.size:
                raise keyed(ValueError, "tensor.bool_empty")
            raise keyed(ValueError, "tensor.bool_many")
        return bool(self._a.reshape(-1)[0])

    def __float__(self):
        return float(self.item())

    def __int__(self):
        return int(self.item())

    def __index__(self):
        if self.dtype.is_floating_point or self._a.size != 1:
            raise keyed(TypeError, "tensor.index_type")
        return int(self._a.reshape(-1)[0])

    # --- shape ops (views) --------------------------------------------------------------------
    def _reshaped(self, shape, name):
        check_dims(len(shape))
        src_shape = self._a.shape
        a = self._a.reshape(shape)
        return _view(self, a, name, lambda g: (g.reshape(src_shape),))

    def reshape(self, *shape):
        """The same elements in a new shape (one size may be -1)."""
        shape = _infer_shape(_shape_arg(shape), self._a.size)
        return self._reshaped(_holdable(shape), "ViewBackward0")

    def view(self, *shape):
        """The same elements in a new shape (one size may be -1)."""
        return self.reshape(*shape)

    def flatten(self, start_dim=0, end_dim=-1):
        """Merge dimensions start_dim..end_dim into one."""
        if not self._a.ndim:
            return self.reshape(1)
        shape = self._a.shape
        s, e = _norm_dim(start_dim, self.dim()), _norm_dim(end_dim, self.dim())
        if s > e:
            raise keyed(ValueError, "tensor.flatten")
        new = shape[:s] + (math.prod(shape[s:e + 1]),) + shape[e + 1:]
        if new == shape:
            return self
        return self._reshaped(new, "ViewBackward0")

    def squeeze(self, dim=None):
        """Drop dimensions of size 1 (all of them, or only ``dim``)."""
        shape = self._a.shape
        if dim is None:
            return self._reshaped(tuple(n for n in shape if n != 1), "SqueezeBackward0")
        dims = dim if isinstance(dim, (tuple, list)) else (dim,)
        dims = {_norm_dim(d, self.dim()) for d in dims}
        new = tuple(n for d, n in enumerate(shape) if not (d in dims and n == 1))
        name = "SqueezeBackward2" if isinstance(dim, (tuple, list)) else "SqueezeBackward1"
        return self._reshaped(new, name)

    def unsqueeze(self, dim):
        """Insert a dimension of size 1 at ``dim``."""
        d = _norm_dim(dim, self.dim() + 1)
        shape = self._a.shape
        return self._reshaped(shape[:d] + (1,) + shape[d:], "UnsqueezeBackward0")

    def permute(self, *dims):
        """Reorder the dimensions."""
        dims = _shape_arg(dims)
        order = [_norm_dim(d, self.dim()) for d in dims]
        if sorted(order) != list(range(self.dim())):
            raise keyed(ValueError, "tensor.permute", dims=list(dims))
        return self._permuted(order, "PermuteBackward0")

    def _permuted(self, order, name):
        inverse = list(np.argsort(order))
        return _view(self, np.transpose(self._a, order), name,
                     lambda g: (np.transpose(g, inverse),))

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
        shape = self._a.shape
        pad = len(sizes) - self.dim()
        target = tuple(shape[d - pad] if n == -1 and d >= pad else n
                       for d, n in enumerate(sizes))
        if pad < 0 or broadcast_shapes(shape, target) != target:
            raise keyed(ValueError, "tensor.expand", shape=list(shape), sizes=list(sizes))
        result_size(target)
        return _view(self, np.broadcast_to(self._a, _holdable(target)), "ExpandBackward0",
                     lambda g: (sum_to(g, shape),))

    # --- indexing -----------------------------------------------------------------------------
    def _key(self, key):
        """``key`` as numpy takes it, checked as torch checks it, and the grad_fn name."""
        if isinstance(key, Tensor) and key.dtype is bool_:
            if key._a.shape != self._a.shape[:key._a.ndim]:
                raise keyed(ValueError, "tensor.mask", mask=list(key._a.shape),
                            shape=list(self._a.shape))
            return key._a, "IndexBackward0"
        key = key if isinstance(key, tuple) else (key,)
        check_dims(len(key) - sum(k is Ellipsis for k in key))
        if sum(k is Ellipsis for k in key) > 1:
            raise keyed(ValueError, "tensor.ellipsis")
        used = sum(k is not None and k is not Ellipsis for k in key)
        if used > self.dim():
            raise keyed(ValueError, "tensor.too_many_indices", n=self.dim())
        out = []
        name = "AliasBackward0"
        d = 0
        shape = self._a.shape
        for k in key:
            if k is None:
                out.append(None)
                name = "UnsqueezeBackward0"
                continue
            if k is Ellipsis:
                out.append(Ellipsis)
                d += self.dim() - used
                continue
            n = shape[d]
            if isinstance(k, Tensor) and not k._a.ndim and not k.dtype.is_floating_point:
                k = int(k._a)
            if isinstance(k, numbers.Integral) and not isinstance(k, bool):
                if not -n <= k < n:
                    raise keyed(ValueError, "tensor.index_range", index=k, dim=d, size=n)
                out.append(int(k))
                name = "SelectBackward0"
            elif isinstance(k, slice):
                start, stop, step = k.indices(n)
                if step <= 0:
                    raise keyed(ValueError, "tensor.slice_step")
                out.append(k)
                if (start, stop, step) != (0, n, 1):
                    name = "SliceBackward0"
            elif isinstance(k, (list, tuple, Tensor)):
                positions = k._a.reshape(-1).tolist() if isinstance(k, Tensor) else list(k)
                for p in positions:
                    if isinstance(p, bool) or not isinstance(p, numbers.Integral):
                        raise keyed(ValueError, "tensor.index_tensor")
                    if not -n <= p < n:
                        raise keyed(ValueError, "tensor.index_range", index=p, dim=d, size=n)
                out.append(k._a if isinstance(k, Tensor) else np.array(positions, np.int64))
                name = "IndexBackward0"
            else:
                raise keyed(TypeError, "tensor.index_kind", value=repr(k))
            d += 1
        if Ellipsis not in [k for k in out if not isinstance(k, np.ndarray)]:
            out.append(Ellipsis)  # numpy then gives a 0-d view, not a number, for x[0]
        advanced = [k for k in out if isinstance(k, np.ndarray)]
        if len(advanced) > 1:
            try:
                np.broadcast_shapes(*(k.shape for k in advanced))
            except ValueError:
                raise keyed(ValueError, "tensor.index_broadcast",
                            shapes=[list(k.shape) for k in advanced]) from None
        return tuple(out), name

    def _planned_shape(self, key):
        """The shape ``self[key]`` has, worked out on an empty array of this shape's strides."""
        probe = np.lib.stride_tricks.as_strided(np.zeros(1, np.int8), self._a.shape,
                                                (0,) * self._a.ndim)
        return probe[key].shape

    def __getitem__(self, key):
        key, name = self._key(key)
        result_size(self._planned_shape(key))
        a = self._a[key]
        shape = self._a.shape
        dtype = self._a.dtype

        def backward(g):
            out = np.zeros(shape, dtype)
            if name == "IndexBackward0":
                np.add.at(out, key, g)
            else:
                out[key] = g
            return (out,)

        if name == "IndexBackward0":  # a copy, not a view
            return _record(np.array(a), self.dtype, name, (self,), backward)
        return _view(self, a, name, backward)

    def __setitem__(self, key, value):
        key, _ = self._key(key)
        value = _as_tensor(value, self.dtype)
        if _result_dtype(self, value).category > self.dtype.category:
            self._cannot_cast(value)
        shape = self._planned_shape(key)
        if broadcast_shapes(value._a.shape, shape) != shape:
            raise keyed(ValueError, "tensor.setitem_shape", got=list(value._a.shape),
                        shape=list(shape))
        self._check_inplace()
        recorded = _GRAD_ENABLED.get() and (self._requires_grad or value._requires_grad)
        before = self._node if recorded else None
        self._a[key] = value._a.astype(self._a.dtype)
        _bump(self)
        if recorded:
            src = value
            vshape = value._a.shape

            def backward(g):
                mine = g.copy()
                mine[key] = 0
                return mine, sum_to(np.broadcast_to(g[key], shape), vshape)

            previous = _wrap(self._a, self.dtype, self._requires_grad)
            previous._node = before
            self._requires_grad = True
            self._node = Node("CopySlices", (previous, src), backward)

    # --- elementwise arithmetic ---------------------------------------------------------------
    def _binary(self, other, name, grad_fn, reflected=False):
        cls = other.__class__
        dtype = self.dtype
        if (cls is float or cls is int) and dtype.is_floating_point:
            # the common cases, without the rules: a Python number takes a float tensor's dtype
            x = self._a
            y = np.array(other, x.dtype)  # (a 0-d array: numpy multiplies by it faster)
            quiet = not self._requires_grad
        elif cls is Tensor and other.dtype is dtype and dtype.is_floating_point:
            x, y = self._a, other._a
            if x.shape != y.shape and not (x.size and not y.ndim or y.size and not x.ndim):
                _broadcast(x.shape, y.shape)  # (a 0-d operand keeps a held shape as it is)
            quiet = not (self._requires_grad or other._requires_grad)
        else:
            quiet = False
            other = _operand(other)
            if other is None:
                return NotImplemented
            dtype = _result_dtype(self, other)
            if name == "div" and not dtype.is_floating_point:
                dtype = DEFAULT_DTYPE  # true division of integers gives floats
            x, y = _array(self, dtype), _array(other, dtype)
            if isinstance(other, Tensor) and other._a.shape != self._a.shape:
                _broadcast(self._a.shape, other._a.shape)
        if reflected:
            x, y = y, x
            first, second = other, self
        else:
            first, second = self, other
        if quiet and name in _FORWARD:  # nothing requires grad: no kernel's history to weigh
            return _plain(np.asarray(_FORWARD[name](x, y)), dtype)
        return _BINARY[name](first, second, x, y, dtype, grad_fn)

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
        other = _operand(other)
        if other is None:
            return NotImplemented
        # torch: other / self is self.reciprocal() * other
        return self.reciprocal() * other if self.dtype.is_floating_point \
            else self.to(DEFAULT_DTYPE).reciprocal() * other

    def __pow__(self, other):
        if other.__class__ is int and self.dtype.is_floating_point:
            # the commonest power (x ** 2): nothing to promote or broadcast, and the kernel
            # reads the exponent itself
            return _pow(self, other, self._a, other, self.dtype, "PowBackward0")
        other = _operand(other)
        if other is None:
            return NotImplemented
        if (self.dtype is int64 and _result_dtype(self, other) is int64
                and np.any(_array(other, int64) < 0)):
            raise keyed(ValueError, "tensor.negative_power")
        return self._binary(other, "pow",
                            "PowBackward1" if isinstance(other, Tensor) else "PowBackward0")

    def __rpow__(self, other):
        return self._binary(other, "pow", "PowBackward2", reflected=True)

    def __neg__(self):
        if self.dtype is bool_:
            raise keyed(ValueError, "tensor.bool_neg")
        return _record(-self._a, self.dtype, "NegBackward0", (self,), lambda g: (-g,),
                       rule="-g")

    def __pos__(self):
        return self

    def __abs__(self):
        return self.abs()

    def add(self, other, *, alpha=1):
        """self + alpha * other."""
        if alpha != 1:
            return _add_scaled(self, other, alpha, "AddBackward0")
        return self + other

    def sub(self, other, *, alpha=1):
        """self - alpha * other."""
        if alpha != 1:
            return _add_scaled(self, other, -alpha, "SubBackward0")
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

    def reciprocal(self):
        """1 / self elementwise."""
        dtype = self.dtype if self.dtype.is_floating_point else DEFAULT_DTYPE
        x = _array(self, dtype)
        with np.errstate(all="ignore"):
            out = np.divide(x.dtype.type(1), x)

        def backward(g):
            with np.errstate(all="ignore"):
                return (-g * (out * out),)  # torch: -grad * (result * result)

        return _record(out, dtype, "ReciprocalBackward0", (self,), backward, rule="-g / x²")

    # comparisons give bool tensors without history
    def _compare(self, other, test):
        other = _operand(other)
        if other is None:
            return NotImplemented
        dtype = _result_dtype(self, other)
        if isinstance(other, Tensor):
            _broadcast(self._a.shape, other._a.shape)
        with np.errstate(invalid="ignore"):
            return _leaf(np.asarray(test(_array(self, dtype), _array(other, dtype))), bool_)

    def __lt__(self, other):
        return self._compare(other, np.less)

    def __le__(self, other):
        return self._compare(other, np.less_equal)

    def __gt__(self, other):
        return self._compare(other, np.greater)

    def __ge__(self, other):
        return self._compare(other, np.greater_equal)

    def __eq__(self, other):
        return self._compare(other, np.equal)

    def __ne__(self, other):
        return self._compare(other, np.not_equal)

    # --- unary math: one method per unary op of the table, generated below the class ---------
    def _unary(self, op):
        if op.dtype == FLOAT_ONLY and not self.dtype.is_floating_point:
            raise keyed(ValueError, "tensor.not_implemented", kernel=f"{op.name}_cpu",
                        dtype=_TORCH_TYPE_NAMES[self.dtype])
        dtype = self.dtype if self.dtype.is_floating_point or op.dtype == KEEP else DEFAULT_DTYPE
        return _UNARY.get(op.name, _table_unary)(self, op, dtype)

    # --- reductions ---------------------------------------------------------------------------
    def _dims(self, dim):
        nd = self._a.ndim
        dims = dim if isinstance(dim, (tuple, list)) else (dim,)
        return tuple(sorted({_norm_dim(d, nd) for d in dims})) if nd else ()

    def sum(self, dim=None, keepdim=False, *, axis=None):
        """Sum of all elements, or along ``dim`` (an int or a tuple of ints; numpy's ``axis``
        names it too)."""
        dim = _dim_or_axis(dim, axis)
        dtype = self.dtype if self.dtype.is_floating_point else int64
        a = self._a if dtype is self.dtype else _array(self, dtype)
        shape = a.shape
        if dim is None:
            out = np.asarray(torch_sum(a))
            if not (self._requires_grad and _GRAD_ENABLED.get()):
                return _plain(out, dtype)
            return _recorded(out, dtype, "SumBackward0", (self,),
                             lambda g: (_spread(shape, g),), rule="g")
        dims = self._dims(dim)
        kept = tuple(1 if d in dims else n for d, n in enumerate(shape))
        result_size(kept)  # before the sum makes it
        out = torch_sum(a, dims)
        if keepdim:
            out = out.reshape(kept)
        return _record(np.asarray(out, a.dtype), dtype, "SumBackward1", (self,),
                       lambda g: (np.broadcast_to(g.reshape(kept), shape),), rule="g")

    def mean(self, dim=None, keepdim=False, *, axis=None):
        """Mean of all elements, or along ``dim`` (or numpy's ``axis``)."""
        dim = _dim_or_axis(dim, axis)
        if not self.dtype.is_floating_point:
            raise keyed(ValueError, "tensor.mean_dtype", dtype=_TORCH_TYPE_NAMES[self.dtype])
        a = self._a
        shape = a.shape
        npt = a.dtype.type
        if dim is None:
            count = a.size
            with np.errstate(all="ignore"):
                out = np.asarray(torch_sum(a) / npt(count), a.dtype)

            def backward(g):
                with np.errstate(all="ignore"):
                    return (np.broadcast_to(g / npt(count), shape),)

            return _record(out, self.dtype, "MeanBackward0", (self,), backward, rule="g / n")
        dims = self._dims(dim)
        count = math.prod(shape[d] for d in dims)
        kept = tuple(1 if d in dims else n for d, n in enumerate(shape))
        result_size(kept)
        with np.errstate(all="ignore"):
            out = np.asarray(torch_sum(a, dims) / npt(count), a.dtype)
        if keepdim:
            out = out.reshape(kept)

        def backward_dim(g):
            with np.errstate(all="ignore"):
                return (np.broadcast_to(g.reshape(kept) / npt(count), shape),)

        return _record(out, self.dtype, "MeanBackward1", (self,), backward_dim, rule="g / n")

    def _extreme(self, dim, keepdim, name):
        pick = np.argmax if name == "max" else np.argmin
        a = self._a
        shape = a.shape
        grad_name = name.capitalize()
        if dim is None:
            if not a.size:
                raise keyed(ValueError, "tensor.reduce_empty", name=name)
            flat = a.reshape(-1)
            nans = np.isnan(flat) if self.dtype.is_floating_point else np.zeros(flat.shape, bool)
            best = flat[np.argmax(nans)] if nans.any() else flat[pick(flat)]
            ties = nans if nans.any() else (flat == best)
            count = int(ties.sum()) if not nans.any() else 1
            if nans.any():
                ties = np.zeros(flat.shape, bool)
                ties[np.argmax(nans)] = True

            def backward(g):
                out = np.zeros(flat.shape, a.dtype)
                out[ties] = g / a.dtype.type(count) if count > 1 else g
                return (out.reshape(shape),)

            return _record(np.asarray(best, a.dtype), self.dtype, f"{grad_name}Backward1",
                           (self,), backward)
        d = _norm_dim(dim, a.ndim)
        if not a.ndim:
            values = self._reshaped((), f"{grad_name}Backward0")
            return ReturnTypes(name, values, _leaf(np.zeros((), np.int64), int64))
        result_size(shape[:d] + shape[d + 1:])
        if shape[d] == 0:
            raise keyed(ValueError, "tensor.reduce_dim_empty", name=name, dim=dim)
        moved = np.moveaxis(a, d, -1)
        if not moved.size:  # no element (another dimension is 0): numpy's take_along_axis would
            # build an index as long as each dimension, 10**18 of them for zeros(1, 10**18, 0)
            idx = np.zeros(moved.shape[:-1], np.int64)
            picked = np.zeros(moved.shape[:-1], a.dtype)
        else:
            if self.dtype.is_floating_point and np.isnan(moved).any():
                nan = np.isnan(moved)
                idx = np.where(nan.any(-1), np.argmax(nan, -1),
                               pick(np.where(nan, 0, moved), -1))
            else:
                idx = pick(moved, -1)
            picked = np.take_along_axis(moved, idx[..., None], -1)[..., 0]
        kept = shape[:d] + (1,) + shape[d + 1:]
        if keepdim:
            picked, idx = picked.reshape(kept), idx.reshape(kept)

        def backward_dim(g):
            out = np.zeros(moved.shape, a.dtype)
            if out.size:
                np.put_along_axis(out, idx.reshape(moved.shape[:-1])[..., None],
                                  g.reshape(moved.shape[:-1])[..., None], -1)
            return (np.moveaxis(out, -1, d),)

        values = _record(np.ascontiguousarray(picked), self.dtype, f"{grad_name}Backward0",
                         (self,), backward_dim)
        return ReturnTypes(name, values, _leaf(idx.astype(np.int64), int64))

    def max(self, dim=None, keepdim=False):
        """The largest element, or (values, indices) along ``dim``."""
        return self._extreme(dim, keepdim, "max")

    def min(self, dim=None, keepdim=False):
        """The smallest element, or (values, indices) along ``dim``."""
        return self._extreme(dim, keepdim, "min")

    def argmax(self, dim=None, keepdim=False):
        """Position of the largest element (flat), or along ``dim``."""
        if dim is None:
            if not self._a.size:
                raise keyed(ValueError, "tensor.reduce_empty", name="argmax")
            return self.reshape(-1).max(0).indices
        return self.max(dim, keepdim).indices

    def argmin(self, dim=None, keepdim=False):
        """Position of the smallest element (flat), or along ``dim``."""
        if dim is None:
            if not self._a.size:
                raise keyed(ValueError, "tensor.reduce_empty", name="argmin")
            return self.reshape(-1).min(0).indices
        return self.min(dim, keepdim).indices

    def _softmax(self, dim, log):
        if not self.dtype.is_floating_point:
            kernel = "log_softmax" if log else "softmax"
            raise keyed(ValueError, "tensor.not_implemented",
                        kernel=f"{kernel}_lastdim_kernel_impl", dtype=_TORCH_TYPE_NAMES[self.dtype])
        d = _norm_dim(dim, self.dim())
        spans_huge(self._a.shape)
        if self.dtype is float32 and self._a.ndim and d == self._a.ndim - 1:
            return self._softmax_last32(log)
        a = self._a if self._a.ndim else self._a.reshape(1)
        npt = a.dtype
        moved = np.moveaxis(a, d if self._a.ndim else 0, -1)
        with np.errstate(all="ignore"):
            shifted = moved - moved.max(-1, keepdims=True) if moved.size else moved
            exps = _rounded(np.exp(_f64(shifted)), npt)
            total = torch_sum(exps, (-1,))[..., None] if moved.size else exps
            if log:
                out = shifted - _rounded(np.log(_f64(total)), npt)
            else:
                out = exps / total
        out = np.moveaxis(out, -1, d if self._a.ndim else 0).reshape(self._a.shape)
        out = np.ascontiguousarray(out)
        axis = d if self._a.ndim else None

        def backward(g):
            with np.errstate(all="ignore"):
                if log:  # torch: g - exp(out) * sum(g)
                    s = _sum_keep(g, axis)
                    return (g - _rounded(np.exp(_f64(out)), npt) * s,)
                s = _sum_keep(g * out, axis)  # torch: out * (g - sum(g * out))
                return (out * (g - s),)

        name = "LogSoftmaxBackward0" if log else "SoftmaxBackward0"
        return _record(out, self.dtype, name, (self,), backward)

    def _softmax_last32(self, log):
        """float32 (log-)softmax along the last dim: torch's vectorised kernel, bit for bit."""
        x = np.ascontiguousarray(self._a)
        out = (vecmath.log_softmax32 if log else vecmath.softmax32)(x)
        back = vecmath.log_softmax_backward32 if log else vecmath.softmax_backward32

        def backward(g):
            return (back(np.ascontiguousarray(g), out),)

        name = "LogSoftmaxBackward0" if log else "SoftmaxBackward0"
        rule = "g - exp(y) · Σg" if log else "y · (g - Σ g·y)"
        return _record(out, float32, name, (self,), backward, rule=rule)

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
        a, b = self._a.shape, other._a.shape
        if not a or not b or len(a) > 2 or len(b) > 2:
            raise keyed(ValueError, "tensor.matmul_dims", a=list(a), b=list(b))
        inner = a[-1]
        if b[0] != inner:
            if len(a) == 1 and len(b) == 1:
                raise keyed(ValueError, "tensor.dot_size", a=inner, b=b[0])
            if len(b) == 1:
                raise keyed(ValueError, "tensor.mv_size", rows=a[0], cols=a[1], n=b[0])
            left = f"{a[0]}x{a[1]}" if len(a) == 2 else f"1x{a[0]}"
            raise keyed(ValueError, "tensor.mm_size", left=left, right=f"{b[0]}x{b[1]}")
        x2 = self._a if len(a) == 2 else self._a.reshape(1, -1)
        y2 = other._a if len(b) == 2 else other._a.reshape(-1, 1)
        check_numel(x2.shape[0] * y2.shape[1])
        out = _mm(x2, y2)
        shape = tuple(n for n, keep in ((x2.shape[0], len(a) == 2), (y2.shape[1], len(b) == 2))
                      if keep)
        grad_fn = {(1, 1): "DotBackward0", (2, 1): "MvBackward0", (1, 2): "SqueezeBackward4",
                   (2, 2): "MmBackward0"}[len(a), len(b)]
        xs, ys = self._a, other._a

        def backward(g):
            g2 = g.reshape(x2.shape[0], y2.shape[1])
            gx = _mm(g2, y2.T).reshape(xs.shape) if self._requires_grad else None
            gy = _mm(x2.T, g2).reshape(ys.shape) if other._requires_grad else None
            return gx, gy

        return _record(out.reshape(shape), self.dtype, grad_fn, (self, other), backward,
                       saved=(self, other), rule="g @ yᵀ, xᵀ @ g")

    def __matmul__(self, other):
        return self.matmul(other)

    def __rmatmul__(self, other):
        return NotImplemented

    # --- copies and conversions ---------------------------------------------------------------
    def clone(self):
        """A copy that keeps the history (gradients flow back to this tensor)."""
        return _record(self._a.copy(), self.dtype, "CloneBackward0", (self,), lambda g: (g,))

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
        if dtype is int64 and self.dtype.is_floating_point:
            bad = ~np.isfinite(self._a)
            if bad.any():
                raise keyed(ValueError, "tensor.float_to_int", value=float(self._a[bad][0]))
            with np.errstate(all="ignore"):
                a = np.trunc(self._a).astype(np.int64)
        else:
            a = self._a.astype(NP_TYPES[dtype])
        src = self._a.dtype
        if dtype.is_floating_point:
            return _record(a, dtype, "ToCopyBackward0", (self,), lambda g: (g.astype(src),))
        return _leaf(a, dtype)

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
        if _GRAD_ENABLED.get() and self._requires_grad and self._node is None:
            raise keyed(ValueError, "tensor.inplace_leaf")

    def _cannot_cast(self, other):
        raise keyed(ValueError, "tensor.cast", result=_TORCH_TYPE_NAMES[_result_dtype(self, other)],
                    dtype=_TORCH_TYPE_NAMES[self.dtype])

    def _take(self, result):
        """Make this tensor hold ``result`` in place: its data written into this array, and its
        history (when it records one) this tensor's, as torch rebases an in-place op."""
        if result._a.shape != self._a.shape:
            raise keyed(ValueError, "tensor.inplace_shape", shape=list(self._a.shape),
                        result=list(result._a.shape))
        self._a[...] = result._a
        _bump(self)
        if result._node is not None:
            self._node = result._node
            self._requires_grad = True
        return self

    def _inplace(self, other, name, grad_fn, alpha=1):
        cls = other.__class__
        dtype = self.dtype
        if alpha == 1 and dtype.is_floating_point and (
                cls is Tensor and other.dtype is dtype or cls is float or cls is int) and not (
                _GRAD_ENABLED.get() and (self._requires_grad or cls is Tensor
                                         and other._requires_grad)):
            # the commonest update (``w -= lr * grad``): nothing to promote, cast or record
            x = self._a
            y = other._a if cls is Tensor else np.array(other, x.dtype)
            if y.shape != x.shape or name not in _FORWARD:
                return self._take(self._binary(other, name, grad_fn))
            x[...] = _FORWARD[name](x, y)  # the operands' shape: the result's, written in
            _bump(self)
            return self
        operand = _operand(other)
        if operand is None:
            return NotImplemented
        self._check_inplace()
        if not (operand.__class__ is Tensor and operand.dtype is self.dtype) \
                and _result_dtype(self, operand).category > self.dtype.category:
            self._cannot_cast(operand)
        if name == "div" and not self.dtype.is_floating_point:
            self._cannot_cast(1.5)
        me = self
        if _GRAD_ENABLED.get() and (self._requires_grad or _needs(operand)):
            # the op's backward keeps its operands' arrays: give it this tensor's values as
            # they are now, not the array the result is about to be written into
            me = _wrap(self._a.copy(), self.dtype, self._requires_grad)
            me._node = self._node
        if alpha != 1:
            result = _add_scaled(me, operand, alpha if name == "add" else -alpha, grad_fn)
        else:
            result = me._binary(operand, name, grad_fn)
        return self._take(result)

    def __iadd__(self, other):
        return self._inplace(other, "add", "AddBackward0")

    def __isub__(self, other):
        return self._inplace(other, "sub", "SubBackward0")

    def __imul__(self, other):
        return self._inplace(other, "mul", "MulBackward0")

    def __itruediv__(self, other):
        return self._inplace(other, "div", "DivBackward0")

    def add_(self, other, *, alpha=1):
        """self += alpha * other."""
        return self._inplace(other, "add", "AddBackward0", alpha)

    def sub_(self, other, *, alpha=1):
        """self -= alpha * other."""
        return self._inplace(other, "sub", "SubBackward0", alpha)

    def mul_(self, other):
        """self *= other."""
        return self.__imul__(other)

    def div_(self, other):
        """self /= other."""
        return self.__itruediv__(other)

    # --- the fused updates of torch.optim (one rounding where torch's kernels fuse) --------
    def _fused(self, arrays, compute, fallback, in_place):
        """``compute(self's array, *operands' arrays)`` in this dtype, as torch's fused kernel;
        with history to record, ``fallback()``: the same sum of ordinary ops."""
        operands = [_operand(a) if not isinstance(a, Tensor) else a for a in arrays]
        for a, o in zip(arrays, operands, strict=True):
            if o is None:
                raise keyed(TypeError, "tensor.operand_type", kind=type(a).__name__)
        recording = _GRAD_ENABLED.get() and (self._requires_grad or any(_needs(o)
                                                                         for o in operands))
        if recording:
            return fallback()
        if in_place:
            self._check_inplace()
        npt = NP_TYPES[self.dtype]
        args = [o._a.astype(npt, copy=False) if isinstance(o, Tensor) else npt(o)
                for o in operands]
        out = np.asarray(compute(self._a, *args))
        if not in_place:
            return _leaf(np.array(out), self.dtype)
        self._a[...] = out
        _bump(self)
        return self

    def addcmul(self, tensor1, tensor2, *, value=1):
        """self + value * tensor1 * tensor2 (torch: value times tensor1, rounded, fused)."""
        return self._fused((tensor1, tensor2, value), _addcmul,
                           lambda: _renamed(self + tensor1 * value * tensor2, "AddcmulBackward0"),
                           in_place=False)

    def addcmul_(self, tensor1, tensor2, *, value=1):
        """self += value * tensor1 * tensor2, in place."""
        return self._fused((tensor1, tensor2, value), _addcmul,
                           lambda: self._inplace(tensor1 * value * tensor2, "add",
                                                 "AddcmulBackward0"), in_place=True)

    def addcdiv_(self, tensor1, tensor2, *, value=1):
        """self += value * tensor1 / tensor2, in place."""
        return self._fused((tensor1, tensor2, value),
                           lambda s, a, b, v: s + (v * a) / b,
                           lambda: self._inplace(tensor1 * value / tensor2, "add",
                                                 "AddcdivBackward0"), in_place=True)

    def lerp_(self, end, weight):
        """self += weight * (end - self), in place, as torch's lerp with a scalar weight."""
        return self._fused((end, weight), _lerp,
                           lambda: self._inplace((end - self) * weight, "add", "LerpBackward0"),
                           in_place=True)

    def maximum(self, other):
        """The larger of each pair of elements (nan if either is nan), without history."""
        return self._fused((other,), np.maximum,
                           lambda: _no_history("maximum"), in_place=False)

    def fill_(self, value):
        """Set every element to ``value``, in place."""
        self._check_inplace()
        self._a[...] = _array(value, self.dtype)
        _bump(self)
        return self

    def zero_(self):
        """Set every element to 0, in place (``w.grad.zero_()``)."""
        return self.fill_(0)


# --- binary kernels: forward in torch's dtype, backward as derivatives.yaml ---------------------


def _needs(t):
    return isinstance(t, Tensor) and t._requires_grad


def _add(first, second, x, y, dtype, grad_fn):
    out = np.asarray(x + y)
    if not _records(dtype, first, second):
        return _plain(out, dtype)
    return _recorded(out, dtype, grad_fn, (first, second), lambda g: (g, g), rule="g, g")


def _sub(first, second, x, y, dtype, grad_fn):
    out = np.asarray(x - y)
    if not _records(dtype, first, second):
        return _plain(out, dtype)
    return _recorded(out, dtype, grad_fn, (first, second), lambda g: (g, -g), rule="g, -g")


def _mul(first, second, x, y, dtype, grad_fn):
    out = np.asarray(x * y)
    if not _records(dtype, first, second):
        return _plain(out, dtype)

    def backward(g):
        return (g * y if _needs(first) else None, g * x if _needs(second) else None)

    # each gradient reads the other operand: saved, to catch an in-place write to it
    saved = ([first] if _needs(second) and isinstance(first, Tensor) else []) + \
        ([second] if _needs(first) and isinstance(second, Tensor) else [])
    return _recorded(out, dtype, grad_fn, (first, second), backward, saved, "g · y, g · x")


def _div(first, second, x, y, dtype, grad_fn):
    out = np.asarray(x / y)

    def backward(g):
        gx = g / y if _needs(first) else None  # torch: grad / other
        gy = -g * ((x / y) / y) if _needs(second) else None  # -grad * self / other²
        return gx, gy

    saved = [second] if isinstance(second, Tensor) else []
    if _needs(second) and isinstance(first, Tensor):
        saved.append(first)
    return _record(out, dtype, grad_fn, (first, second), backward, saved=saved,
                   rule="g / y, -g · x / y²")


def _pow_scalar(x, e):
    """x ** e for a number e, as torch's CPU kernel computes it."""
    if e == 2:  # the commonest: products, which (as ``*``) need no errstate of their own
        return x * x
    if e == 3:
        return x * x * x
    npt = x.dtype.type
    with np.errstate(all="ignore"):
        if e == 0:
            return np.ones_like(x)
        if e == 1:
            return x.copy()
        if e == -2:
            return npt(1) / (x * x)
        if e == 0.5:
            return np.sqrt(x)
        if e == -0.5:
            return npt(1) / np.sqrt(x)
        if e == -1:
            return npt(1) / x
        if not x.dtype.kind == "f":
            return np.power(x, np.int64(e))
        return _rounded(_np_power(_f64(x), float(e)), x.dtype)


def _np_power(x, y):
    return OPS["pow"].np_forward(x, y)


def _pow(first, second, x, y, dtype, grad_fn):
    npt = NP_TYPES[dtype]
    if not isinstance(second, Tensor) and isinstance(first, Tensor):  # tensor ** number
        e = float(second) if dtype.is_floating_point else int(second)
        out = np.asarray(_pow_scalar(x, e))
        if not (_needs(first) and dtype.is_floating_point and _GRAD_ENABLED.get()):
            return _plain(out, dtype)

        def backward(g):
            if e == 0:
                return (np.zeros_like(g), None)
            with np.errstate(all="ignore"):  # torch: grad * (e * x ** (e - 1))
                return (g * (npt(e) * _pow_scalar(x, e - 1)), None)

        return _record(out, dtype, grad_fn, (first, second), backward, saved=(first,),
                       rule="g · e · x^(e-1)")
    if dtype.is_floating_point:
        out = np.asarray(_rounded(_np_power(_f64(np.asarray(x)), _f64(np.asarray(y))), npt))
    else:
        with np.errstate(all="ignore"):
            out = np.asarray(np.power(x, y))

    def backward_tensor(g):
        with np.errstate(all="ignore"):
            gx = gy = None
            # torch's steps, each rounded to the dtype: y * x ** (y - 1) (0 where y is 0), and
            # out * log(x) (0 where x is 0 and y >= 0)
            x64, y64 = _f64(np.asarray(x)), _f64(np.asarray(y))
            if _needs(first):
                d = npt(y) * _rounded(_np_power(x64, y64 - 1.0), npt)
                gx = g * np.where(y64 == 0.0, npt(0), d)
            if _needs(second):
                d = out * _rounded(np.log(x64), npt)
                gy = g * np.where((x64 == 0.0) & (y64 >= 0.0), npt(0), d)
            return gx, gy

    return _record(out, dtype, grad_fn, (first, second), backward_tensor,
                   saved=[t for t in (first, second) if isinstance(t, Tensor)],
                   rule="g · y · x^(y-1), g · x^y · log x")


_BINARY = {"add": _add, "sub": _sub, "mul": _mul, "div": _div, "pow": _pow}
# the forward of the kernels above that is one numpy operator, for operands without history
_FORWARD = {"add": operator.add, "sub": operator.sub, "mul": operator.mul}


def _add_scaled(t, other, alpha, grad_fn):
    """t + alpha * other in one kernel, as torch's add with alpha: a fused multiply-add."""
    other = _as_tensor(other, t.dtype) if not isinstance(other, Tensor) else other
    dtype = _result_dtype(t, other)
    x, y = _array(t, dtype), _array(other, dtype)
    if x.shape != y.shape:
        x, y = np.broadcast_arrays(x, y)
    if dtype is float32:
        out = _fma32(y, np.float32(alpha), x)
    elif dtype is float64:
        out = _fma64_array(y, np.float64(alpha), x)
    else:
        out = x + y * NP_TYPES[dtype](alpha)
    npt = NP_TYPES[dtype]
    return _record(np.asarray(out, npt), dtype, grad_fn, (t, other),
                   lambda g: (g, g * npt(alpha)), rule="g, α · g")


def _split(a):
    """Veltkamp's split of float64s into high and low halves of 26 bits each."""
    c = a * 134217729.0  # 2**27 + 1
    high = c - (c - a)
    return high, a - high


def _fma64_array(a, b, c):
    """Elementwise a * b + c with one rounding, as float64's fused multiply-add: the product
    kept exactly as two floats (Dekker), added to c with the error of that sum kept too."""
    with np.errstate(all="ignore"):
        a, b, c = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(b, np.float64),
                                      np.asarray(c, np.float64))
        p = a * b
        ah, al = _split(a)
        bh, bl = _split(b)
        pe = ((ah * bh - p) + ah * bl + al * bh) + al * bl  # p + pe == a * b exactly
        s = p + c
        v = s - p
        se = (p - (s - v)) + (c - v)  # s + se == p + c exactly
        out = s + (pe + se)
        return np.where(np.isfinite(out), out, p + c)


def _fma_like(a, b, c):
    """a * b + c with one rounding, in the dtype of the arrays."""
    a, b, c = np.broadcast_arrays(a, b, c)
    if a.dtype == np.float32:
        return vecmath._fma(a, b, c)
    return _fma64_array(a, b, c)


def _addcmul(s, a, b, v):
    return _fma_like(v * a, b, s)  # torch: the scalar times tensor1, rounded, then fused


def _lerp(s, e, w):
    d = e - s  # torch: s + w d for |w| < 0.5, else e - d (1 - w), each fused
    if abs(w) < 0.5:
        return _fma_like(w, d, s)
    return _fma_like(-d, w.dtype.type(1) - w, e)


def _no_history(name):
    raise keyed(ValueError, "tensor.no_history", name=name)


def _renamed(t, name):
    """``t`` showing torch's grad_fn ``name`` for the fused op it stands for."""
    return with_grad_fn(t, name)


def with_grad_fn(t, name):
    """``t`` showing the backward function ``name`` (nn.Linear's ``AddmmBackward0``); a tensor
    without history is unchanged."""
    if t._node is not None:
        t._node._name = name
    return t


def _sum_keep(g, axis):
    if axis is None:
        return torch_sum(g.reshape(1), (0,)).reshape(g.shape)
    moved = np.moveaxis(g, axis, -1)
    return np.moveaxis(torch_sum(moved, (-1,))[..., None], -1, axis)


def _mm(x, y):
    """The product of 2-d arrays, each sum added in order from a rounded product (the scalar
    level's order); numpy's matmul beyond a size where that would cost too much."""
    m, k = x.shape
    n = y.shape[1]
    if k == 0:
        return np.zeros((m, n), x.dtype)
    if m * k * n > 4_000_000:
        return np.matmul(x, y)
    with np.errstate(all="ignore"):
        # (k, m, n) in C order, each product rounded, then added down the k products in order
        return running_sum(np.multiply(x.T[:, :, None], y[:, None, :], order="C"))


# --- unary kernels ------------------------------------------------------------------------------


def _table_unary(t, op, dtype):
    """A unary op of the op table: float64 formulas of the float32 operand, rounded once."""
    npt = NP_TYPES[dtype]
    x = _array(t, dtype)
    with np.errstate(all="ignore"):
        if dtype is float32 and op.float32 is not None:
            vector = np.vectorize(op.float32, otypes=[np.float64])
            out = _rounded(vector(x) if x.size else x, npt)
        else:
            out = _rounded(op.np_forward(_f64(x)), npt)
    out = np.asarray(out)

    def backward(g):
        with np.errstate(all="ignore"):
            d = op.np_grads[0](_f64(x), _f64(out))
            if op.gate:
                return (np.where(np.asarray(d) != 0, g, np.zeros_like(g)),)
            return (g * _rounded(np.broadcast_to(d, out.shape), npt),)

    return _record(out, dtype, op.grad_fn, (t,), backward, saved=(t,),
                   rule=f"g · d/dx {op.formula.format('x')}")


def _exp(t, op, dtype):
    npt = NP_TYPES[dtype]
    x = _array(t, dtype)
    out = np.asarray(_rounded(np.exp(_f64(x)), npt))

    def backward(g):
        with np.errstate(all="ignore"):
            return (g * out,)  # torch: grad * result

    return _record(out, dtype, op.grad_fn, (t,), backward, rule="g · exp(x)")


def _tanh(t, op, dtype):
    npt = NP_TYPES[dtype]
    x = _array(t, dtype)
    out = np.asarray(_rounded(np.tanh(_f64(x)), npt))

    def backward(g):
        with np.errstate(all="ignore"):
            return (g * (npt(1) - out * out),)  # torch: grad * (1 - y²)

    return _record(out, dtype, op.grad_fn, (t,), backward, rule="g · (1 - tanh²)")


def _sigmoid(t, op, dtype):
    npt = NP_TYPES[dtype]
    x = _array(t, dtype)
    if dtype is float32:  # torch's kernel: SLEEF's exp on whole vectors, glibc's on the tail
        out = vecmath.sigmoid32(np.ascontiguousarray(x))
    else:
        out = np.asarray(_rounded(OPS["sigmoid"].np_forward(_f64(x)), npt))

    def backward(g):
        with np.errstate(all="ignore"):
            return (g * (npt(1) - out) * out,)  # torch: grad * (1 - y) * y, left to right

    return _record(out, dtype, op.grad_fn, (t,), backward, rule="g · (1 - σ) · σ")


def _log1p(t, op, dtype):
    npt = NP_TYPES[dtype]
    x = _array(t, dtype)
    if dtype is float32:
        out = vecmath.log1p32(np.ascontiguousarray(x))
    else:
        out = np.asarray(_rounded(np.log1p(_f64(x)), npt))

    def backward(g):
        with np.errstate(all="ignore"):
            return (g / (x + npt(1)),)  # torch: grad / (self + 1)

    return _record(out, dtype, op.grad_fn, (t,), backward, saved=(t,), rule="g / (1 + x)")


def _softplus(t, op, dtype):
    if dtype is not float32:
        return _table_unary(t, op, dtype)
    x = np.ascontiguousarray(_array(t, dtype))
    beta, threshold = op.kwargs["beta"], op.kwargs["threshold"]
    out = vecmath.softplus32(x, beta, threshold)

    def backward(g):
        return (vecmath.softplus_backward32(np.ascontiguousarray(g), x, beta, threshold),)

    return _record(out, dtype, op.grad_fn, (t,), backward, saved=(t,),
                   rule="g · e^(βx) / (e^(βx) + 1)")


def _relu(t, op, dtype):
    x = _array(t, dtype)
    out = np.asarray(np.where(x < 0, x.dtype.type(0), x)) if x.dtype.kind != "b" else x.copy()

    def backward(g):
        return (np.where(out <= 0, np.zeros_like(g), g),)  # torch: threshold_backward

    return _record(out, dtype, op.grad_fn, (t,), backward, rule="g · [x > 0]")


def _abs(t, op, dtype):
    x = _array(t, dtype)
    out = np.asarray(np.abs(x))

    def backward(g):
        return (g * np_sign(x).astype(g.dtype),)

    return _record(out, dtype, op.grad_fn, (t,), backward, saved=(t,), rule="g · sign(x)")


def _sqrt(t, op, dtype):
    npt = NP_TYPES[dtype]
    x = _array(t, dtype)
    with np.errstate(all="ignore"):
        out = np.asarray(np.sqrt(x))

    def backward(g):
        with np.errstate(all="ignore"):
            return (g / (npt(2) * out),)  # torch: grad / (2 * result)

    return _record(out, dtype, op.grad_fn, (t,), backward, rule="g / (2 √x)")


def _square(t, op, dtype):
    return t ** 2


_UNARY = {"exp": _exp, "tanh": _tanh, "sigmoid": _sigmoid, "relu": _relu, "abs": _abs,
          "sqrt": _sqrt, "square": _square, "log1p": _log1p, "softplus": _softplus}


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


# --- backward -----------------------------------------------------------------------------------


def _accumulate(t, g):
    """Add ``g`` into leaf ``t``'s ``.grad`` (a new tensor the first time, then in place)."""
    g = np.asarray(g, t._a.dtype)
    if t._grad is None:
        t._grad = _wrap(np.array(g, copy=True).reshape(t._a.shape), t.dtype)
    else:
        with np.errstate(all="ignore"):
            t._grad._a += g
        _bump(t._grad)


def _run_backward(root, seed):
    """Run the graph below ``root`` from gradient ``seed``, in torch's engine order."""
    start = root._node
    if start is None:
        _accumulate(root, seed)
        return
    # dependencies: how many edges lead into each node (or leaf) reachable from the root
    deps = {}
    stack = [start]
    seen = {id(start)}
    while stack:
        node = stack.pop()
        for target in node.edges:
            if target is None:
                continue
            key = id(target)
            deps[key] = deps.get(key, 0) + 1
            if key not in seen:
                seen.add(key)
                if target.__class__ is Node:
                    stack.append(target)
    buffers = {id(start): seed}
    ready = [(-start.seq, start)]  # a node's seq is its own: the nodes themselves never compare
    while ready:
        node = heapq.heappop(ready)[1]
        g = buffers.pop(id(node))
        for t in node.retained:
            if t._grad is None:
                t._grad = _wrap(np.array(g, copy=True), t.dtype)
            else:
                t._grad._a += g
        if node.saved:
            _check_saved(node)
        grads = node.backward(g)
        for x, target, gi in zip(node.inputs, node.edges, grads, strict=True):
            if target is None or gi is None:
                continue
            gi = np.asarray(gi)
            a = x._a
            if gi.shape != a.shape:
                gi = sum_to(gi, a.shape)
            if gi.dtype != a.dtype:
                gi = gi.astype(a.dtype)
            key = id(target)
            if key in buffers:
                with np.errstate(all="ignore"):
                    buffers[key] = buffers[key] + gi
            else:
                buffers[key] = gi
            left = deps[key] - 1
            deps[key] = left
            if not left:
                if target.__class__ is Node:
                    heapq.heappush(ready, (-target.seq, target))
                else:
                    _accumulate(target, buffers.pop(key))


# --- printing a large tensor --------------------------------------------------------------------


class _Flat:
    """A flat array's elements as Python numbers, each converted when it is read (a summarised
    print reads only a few)."""

    __slots__ = ("a",)

    def __init__(self, a):
        self.a = a

    def __len__(self):
        return self.a.size

    def __getitem__(self, k):
        if isinstance(k, slice):
            return _Flat(self.a[k])
        return self.a[k].item()

    def __iter__(self):
        return iter(self.a.tolist())


# --- creation -----------------------------------------------------------------------------------


def _as_tensor(x, dtype=None):
    return x if isinstance(x, Tensor) else tensor(x, dtype=dtype)


def _from_numbers(flat, shape, dtype):
    npt = NP_TYPES[dtype]
    if dtype is int64:
        for d in flat:
            if not isinstance(d, numbers.Integral) and not math.isfinite(d):
                raise keyed(ValueError, "tensor.float_to_int", value=d)
        flat = [int(d) if isinstance(d, numbers.Integral) else math.trunc(d) for d in flat]
    elif dtype is bool_:
        flat = [bool(d) for d in flat]
    else:
        flat = [float(d) for d in flat]
    with np.errstate(all="ignore"):
        return np.array(flat, npt).reshape(shape)


def tensor(data, dtype=None, requires_grad=False):
    """A new leaf tensor from a number or nested lists (int data gives int64, floats float32)."""
    flat, shape, inferred = _flatten_data(data)
    check_numel(len(flat))
    dtype = _as_dtype(dtype) or inferred or DEFAULT_DTYPE
    return _leaf(_from_numbers(flat, shape, dtype), dtype, requires_grad)


def sharing(a, dtype):
    """A leaf over numpy array ``a`` itself, of ``dtype``'s numpy type, not a copy: what
    ``torch.from_numpy`` gives, so that a change to either shows in the other."""
    return _leaf(a, dtype)


def from_array(a, dtype, requires_grad=False):
    """A leaf holding numpy array ``a`` (rounded to ``dtype``): how samplers make tensors."""
    return _leaf(np.asarray(a).astype(NP_TYPES[dtype]), dtype, requires_grad)


def _filled(shape, value, dtype, requires_grad):
    shape = _shape_arg(shape)
    if any(n < 0 for n in shape):
        raise keyed(ValueError, "tensor.negative_dim", shape=list(shape))
    result_size(shape)
    check_storage(shape)
    return _leaf(np.full(_holdable(shape), _array(value, dtype)), dtype, requires_grad)


def zeros(*size, dtype=None, requires_grad=False):
    """A tensor of zeros."""
    return _filled(size, 0, _as_dtype(dtype) or DEFAULT_DTYPE, requires_grad)


def ones(*size, dtype=None, requires_grad=False):
    """A tensor of ones."""
    return _filled(size, 1, _as_dtype(dtype) or DEFAULT_DTYPE, requires_grad)


def full(size, fill_value, dtype=None, requires_grad=False):
    """A tensor with every element ``fill_value`` (dtype from the value, as torch)."""
    dtype = _as_dtype(dtype) or _scalar_dtype(fill_value)
    return _filled((size,), fill_value, dtype, requires_grad)


def zeros_like(input, dtype=None, requires_grad=False):
    """Zeros in the shape (and dtype) of ``input``."""
    return _filled(input._a.shape, 0, _as_dtype(dtype) or input.dtype, requires_grad)


def ones_like(input, dtype=None, requires_grad=False):
    """Ones in the shape (and dtype) of ``input``."""
    return _filled(input._a.shape, 1, _as_dtype(dtype) or input.dtype, requires_grad)


def full_like(input, fill_value, dtype=None, requires_grad=False):
    """``fill_value`` in the shape (and dtype) of ``input``."""
    return _filled(input._a.shape, fill_value, _as_dtype(dtype) or input.dtype, requires_grad)


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
    i = np.arange(count, dtype=np.float64 if not ints else np.int64)
    values = start + i * step  # torch computes in double (acc type) for float32 and float64
    return _leaf(np.asarray(values).astype(NP_TYPES[dtype]), dtype, requires_grad)


def linspace(start, end, steps, dtype=None, requires_grad=False):
    """``steps`` evenly spaced values from start to end inclusive, as torch's kernel makes them:
    the first half fused multiply-adds from the start, the second half from the end."""
    if steps < 0:
        raise keyed(ValueError, "tensor.linspace_steps")
    check_numel(steps)
    if steps == 1:  # torch fills a single step with the start
        end = start
    dtype = _as_dtype(dtype) or DEFAULT_DTYPE
    npt = NP_TYPES[dtype]
    if not dtype.is_floating_point:
        step = (end - start) / (steps - 1) if steps > 1 else 0.0
        half = steps // 2
        values = [start + i * step if i < half else end - (steps - 1 - i) * step
                  for i in range(steps)]
        return _leaf(np.trunc(np.array(values, np.float64)).astype(npt), dtype, requires_grad)
    s, e = npt(start), npt(end)
    step = (e - s) / npt(steps - 1) if steps > 1 else npt(0)
    half = steps // 2
    i = np.arange(steps)
    low, high = i[:half].astype(npt), (steps - 1 - i[half:]).astype(npt)
    if dtype is float32:
        first = _fma32(np.full(half, step), low, np.full(half, s))
        second = _fma32(np.full(steps - half, -step), high, np.full(steps - half, e))
    else:
        first = _fma64_array(step, low, s)
        second = _fma64_array(-step, high, e)
    return _leaf(np.concatenate([first, second]).astype(npt), dtype, requires_grad)


def is_tensor(obj):
    """Whether obj is a Tensor."""
    return isinstance(obj, Tensor)


def stack(tensors, dim=0):
    """Join same-shape tensors along a new dimension."""
    tensors = list(tensors)
    if not tensors:
        raise keyed(ValueError, "tensor.stack_empty")
    shape = tensors[0]._a.shape
    for t in tensors:
        if t._a.shape != shape:
            raise keyed(ValueError, "tensor.stack_size", first=list(shape),
                        other=list(t._a.shape))
    d = _norm_dim(dim, len(shape) + 1)
    result_size(shape[:d] + (len(tensors),) + shape[d:])
    return _join(tensors, d, "StackBackward0", stacked=True)


def cat(tensors, dim=0):
    """Join tensors along an existing dimension."""
    tensors = list(tensors)
    if not tensors:
        raise keyed(ValueError, "tensor.cat_empty")
    for i, t in enumerate(tensors):
        if not t.dim():
            raise keyed(ValueError, "tensor.cat_zero_dim", position=i)
    d = _norm_dim(dim, tensors[0].dim())
    shape, _ = cat_shape([t._a.shape for t in tensors], d)
    check_storage(shape)
    return _join(tensors, d, "CatBackward0", stacked=False)


def _join(tensors, d, name, stacked):
    dtype = _result_dtype(*tensors)
    arrays = [_array(t, dtype) for t in tensors]
    out = np.stack(arrays, d) if stacked else np.concatenate(arrays, d)
    sizes = [1 if stacked else a.shape[d] for a in arrays]
    bounds = np.cumsum([0] + sizes)

    def backward(g):
        parts = []
        for t, lo, hi in zip(tensors, bounds[:-1], bounds[1:], strict=True):
            piece = np.take(g, range(lo, hi), axis=d)
            parts.append(piece.reshape(t._a.shape).astype(t._a.dtype, copy=False))
        return tuple(parts)

    return _record(out, dtype, name, tuple(tensors), backward)


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


MAX_SIZE = MAX_SIZE  # re-exported for callers that check sizes before creating
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

DType = DType  # the dtypes are the scalar level's objects: torch.float32 is one object
