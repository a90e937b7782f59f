"""``import numpy as np`` for snippets: a bounded subset computed and printed by numpy itself.

The snippet never holds a numpy array: it holds an ``NDArray``, which keeps a real array out of
reach and offers an allow-listed set of attributes. Every array a snippet can make has its size
worked out from shapes before numpy allocates it (creation, broadcasting, ``@``, ``dot``,
indexing, ``concatenate``), is refused past ``sizes.MAX_ELEMENTS`` elements, and is charged to
the evaluation's budget of array elements. Only float64, float32, int64 and bool arrays exist.
Random numbers are numpy's own, drawn from a ``RandomState`` of the evaluation running (a
context variable ``evaluate`` sets afresh), never from numpy's process-wide state; ``default_rng``
makes a Generator of its own. numpy scalars (``np.float64(1.5)``) reach the snippet as they are:
immutable numbers without an attribute the allow-lists offer beyond a few.
"""

import contextvars
import math
import numbers
import operator

import numpy as np

from ..messages import keyed
from ..torchlike import levels, numpy_tensor
from ..torchlike import tensor as tensor_module
from ..torchlike.sizes import MAX_DIMS, MAX_ELEMENTS
from ..torchlike.tensor import TensorBase as Tensor

MAX_TOTAL = 2_000_000  # array elements an evaluation may create in all (about 16 MB)
_DTYPES = {"float64": np.float64, "float32": np.float32, "int64": np.int64, "bool": np.bool_}
_ALLOWED = frozenset(np.dtype(t) for t in _DTYPES.values())
_PYTHON_TYPES = {float: np.float64, int: np.int64, bool: np.bool_}
_DTYPE_NAMES = _DTYPES | {"float": np.float64, "int": np.int64, "double": np.float64}
# torch's dtype of each numpy dtype, and back (both ways a copy, see to_tensor and from_tensor)
_TORCH_OF = {np.dtype(t): tensor_module.DTYPES[name] for name, t in _DTYPES.items()}
_NUMPY_OF = {torch_dtype: numpy_dtype for numpy_dtype, torch_dtype in _TORCH_OF.items()}


# numpy imports np.random when first asked for it: ask now, so that an evaluation imports nothing
_RANDOM_STATE = np.random.RandomState


class _State:
    __slots__ = ("_random", "made", "limit", "seeded", "unseeded_draws")

    def __init__(self, seed, limit):
        self._random = _RANDOM_STATE(None if seed is None else seed % 2**32)
        self.made = 0
        self.limit = limit
        self.seeded = False
        self.unseeded_draws = False  # drew before the snippet seeded np.random

    @property
    def random(self):
        """The random state, for a draw (one before the snippet seeded it is remembered)."""
        self.unseeded_draws = self.unseeded_draws or not self.seeded
        return self._random

    def seed(self, seed):
        self._random.seed(seed)
        self.seeded = True


_STATE = contextvars.ContextVar("numpy_state", default=None)


def start(seed=None, limit=MAX_TOTAL):
    """Give the evaluation running in this context its own numpy random state (seeded from the
    OS, or from ``seed``, the page's seed for a code text) and a fresh array-element budget."""
    _STATE.set(_State(seed, limit))


def unseeded_draws():
    """Whether the snippet drew from ``np.random`` before it seeded it."""
    return _state().unseeded_draws


def _state():
    state = _STATE.get()
    if state is None:
        state = _State(None, MAX_TOTAL)
        _STATE.set(state)
    return state


# --- sizes, worked out before numpy allocates -------------------------------------------------


def _count(shape):
    """The element count of an array of ``shape``, refused past the bounds. A size of 0 counts
    as 1 in the bound: a reduction of ``zeros((10**9, 0))`` would make 10**9 elements."""
    if len(shape) > MAX_DIMS:
        raise keyed(ValueError, "ndarray.dims", limit=MAX_DIMS, n=len(shape))
    n = math.prod(max(d, 1) for d in shape)
    if n > MAX_ELEMENTS:
        raise keyed(ValueError, "ndarray.too_large", limit=MAX_ELEMENTS, n=n)
    return math.prod(shape)


def _charge(n):
    state = _state()
    state.made += n
    if state.made > state.limit:
        raise keyed(ValueError, "ndarray.budget", limit=state.limit)


def _int(x, what):
    if isinstance(x, (numbers.Integral, np.integer)) and not isinstance(x, (bool, np.bool_)):
        return int(x)
    raise keyed(TypeError, "ndarray.integer", what=what, kind=_kind(x))


def _shape(size, what="size"):
    """A shape argument (an int or a tuple of ints, as numpy takes them), checked and counted."""
    dims = tuple(size) if isinstance(size, (tuple, list)) else (size,)
    if len(dims) > MAX_DIMS:
        raise keyed(ValueError, "ndarray.dims", limit=MAX_DIMS, n=len(dims))
    dims = tuple(_int(n, what) for n in dims)
    _count(tuple(max(n, 0) for n in dims))  # numpy refuses a negative size itself
    return dims


def _broadcast(*shapes):
    """numpy's broadcast shape of ``shapes``, or None when they do not fit (numpy then raises
    its own error, before it allocates anything)."""
    try:
        return np.broadcast_shapes(*shapes)
    except ValueError:
        return None


def _check_broadcast(*shapes):
    """Refuse a broadcast result past the bounds."""
    shape = _broadcast(*shapes)
    if shape is not None:
        _count(shape)


def _kind(x):
    from .namespaces import type_name  # namespaces builds `numpy` from this module

    return type_name(x)


# --- the array ------------------------------------------------------------------------------


def _dtype(dtype):
    """A dtype argument: np.float64/float32/int64/bool_, float/int/bool, or their names."""
    if dtype is None:
        return None
    if isinstance(dtype, ScalarType):
        return dtype.dtype
    if isinstance(dtype, NumpyDType):
        return dtype.dtype
    if isinstance(dtype, type) and dtype in _PYTHON_TYPES:
        return np.dtype(_PYTHON_TYPES[dtype])
    if isinstance(dtype, str) and dtype in _DTYPE_NAMES:
        return np.dtype(_DTYPE_NAMES[dtype])
    raise keyed(TypeError, "ndarray.dtype", dtype=repr(dtype) if isinstance(dtype, str)
                else _kind(dtype))


def _wrap(raw):
    """numpy's result as a snippet sees it: an array wrapped and charged, a scalar as it is."""
    if isinstance(raw, np.ndarray):
        if raw.dtype not in _ALLOWED:
            raise keyed(TypeError, "ndarray.dtype", dtype=str(raw.dtype))
        _charge(_count(raw.shape))
        return NDArray(raw)
    if isinstance(raw, np.generic) and raw.dtype not in _ALLOWED:
        raise keyed(TypeError, "ndarray.dtype", dtype=str(raw.dtype))
    return raw


def _leaves(data):
    """The elements nested lists of numbers, arrays and tensors make, refused past the bounds
    before numpy reads them. A list can hold the same list many times, so the walk stops as
    soon as the elements, or the lists walked, pass the bound."""
    n = walked = 0
    stack = [(data, 0)]
    while stack:
        x, depth = stack.pop()
        if depth > MAX_DIMS:
            raise keyed(ValueError, "ndarray.dims", limit=MAX_DIMS, n=depth)
        if isinstance(x, (list, tuple)):
            walked += len(x)
            stack.extend((item, depth + 1) for item in x)
        elif isinstance(x, range):
            n += len(x)
        elif isinstance(x, NDArray):
            n += x._a.size
        elif isinstance(x, Tensor):
            n += x.numel()
        elif isinstance(x, (numbers.Real, np.generic)):
            n += 1
        else:
            raise keyed(TypeError, "ndarray.data", kind=_kind(x))
        if n > MAX_ELEMENTS:
            raise keyed(ValueError, "ndarray.too_large", limit=MAX_ELEMENTS,
                        n=max(n, _regular_size(data)))
        if walked > 2 * MAX_ELEMENTS:
            raise keyed(ValueError, "limit.argument", limit=MAX_ELEMENTS)
    return n


def _walk(data):
    """Everything nested lists hold (lists the interpreter has bounded; at most MAX_DIMS deep)."""
    stack = [(data, 0)]
    while stack:
        x, depth = stack.pop()
        if isinstance(x, (list, tuple)) and depth <= MAX_DIMS:
            stack.extend((item, depth + 1) for item in x)
        else:
            yield x


def _regular_size(data):
    """The elements nested lists make when every list is as long as the first at its depth."""
    n = 1
    for _ in range(MAX_DIMS + 1):
        if isinstance(data, NDArray):
            return n * data._a.size
        if not isinstance(data, (list, tuple, range)) or not len(data):
            return n
        n, data = n * len(data), data[0]
    return n


def _plain(data):
    """Nested lists with the arrays and tensors in them as numpy arrays (sizes already known)."""
    if isinstance(data, NDArray):
        return data._a
    if isinstance(data, Tensor):
        return from_tensor(data)._a
    if isinstance(data, (list, tuple)):
        return [_plain(x) for x in data]
    return list(data) if isinstance(data, range) else data


def _raw(x, dtype=None):
    """A numpy array (or scalar) of array-like ``x``, its size checked and charged."""
    if isinstance(x, NDArray) and dtype is None:
        return x._a
    if isinstance(x, (numbers.Real, np.generic)) and dtype is None:
        return x  # a Python number stays weak in numpy's promotion (float32 + 1.5 is float32)
    _count((_leaves(x),))
    with np.errstate(all="ignore"):
        raw = np.asarray(_plain(x), dtype=dtype)
    if raw.dtype not in _ALLOWED:
        raise keyed(TypeError, "ndarray.dtype", dtype=str(raw.dtype))
    if raw is not getattr(x, "_a", None):
        _charge(raw.size)
    return raw


def _operand(x):
    """The other side of an operator as numpy would take it, or None (NotImplemented)."""
    if isinstance(x, (NDArray, np.generic, numbers.Real, list, tuple)):
        return _raw(x)
    return None


def _binary(fn, a, b):
    """``fn(a, b)`` of two raw operands, the broadcast size checked first."""
    _check_broadcast(np.shape(a), np.shape(b))
    with np.errstate(all="ignore"):
        return _wrap(fn(a, b))


def _operator(fn, reflected=False):
    def method(self, other):
        other = _operand(other)
        if other is None:
            return NotImplemented
        return _binary(fn, other, self._a) if reflected else _binary(fn, self._a, other)

    return method


def _in_place(fn):
    def method(self, other):
        other = _operand(other)
        if other is None:
            return NotImplemented
        _check_broadcast(self._a.shape, np.shape(other))
        with np.errstate(all="ignore"):
            fn(self._a, other, out=self._a, casting="same_kind")
        return self

    return method


def _matmul_shape(a, b):
    """The shape of ``a @ b`` (None when the inner sizes differ: numpy raises without
    allocating)."""
    if not a or not b:
        return None  # numpy's own error, raised before it allocates
    left = (1,) + a if len(a) == 1 else a
    right = b + (1,) if len(b) == 1 else b
    batch = _broadcast(left[:-2], right[:-2])
    if left[-1] != right[-2] or batch is None:
        return None
    shape = batch + (left[-2], right[-1])
    if len(a) == 1:
        shape = shape[:-2] + shape[-1:]
    if len(b) == 1:
        shape = shape[:-1]
    return shape


def _matmul(a, b):
    shape = _matmul_shape(np.shape(a), np.shape(b))
    if shape is not None:
        _count(shape)
    with np.errstate(all="ignore"):
        return _wrap(np.matmul(a, b))


def _index_part(k):
    """One part of an index as numpy takes it: arrays, lists and tensors as numpy arrays (an
    empty list indexes nothing); a number, a slice, None or ... as it is, for numpy to check."""
    if isinstance(k, (NDArray, list, tuple, Tensor)):
        raw = _raw(k)
        return raw.astype(np.int64) if raw.dtype.kind == "f" and not raw.size else raw
    if isinstance(k, (numbers.Number, slice, str, np.generic)) or k is None or k is Ellipsis:
        return k
    raise keyed(TypeError, "ndarray.data", kind=_kind(k))


def _index(shape, key):
    """The checked index, with the size of what it selects refused past the bounds first."""
    parts = tuple(_index_part(k) for k in (key if isinstance(key, tuple) else (key,)))
    arrays = [p for p in parts if isinstance(p, np.ndarray)]
    if not arrays:
        return parts  # basic indexing: a view, never larger than the array
    # advanced indexing: the index arrays broadcast (a mask counts its True entries), and every
    # dimension they do not index is kept whole or sliced
    index_shapes = [(int(np.count_nonzero(p)),) if p.dtype == np.bool_ else p.shape
                    for p in arrays]
    used = sum(p.ndim if isinstance(p, np.ndarray) and p.dtype == np.bool_ else 1
               for p in parts if p is not None and p is not Ellipsis)
    ellipsis = any(p is Ellipsis for p in parts)
    kept = [] if ellipsis else list(shape[used:])
    dim = 0
    for p in parts:
        if isinstance(p, slice) and not all(isinstance(n, (int, np.integer, type(None)))
                                            for n in (p.start, p.stop, p.step)):
            return parts  # numpy says what a slice takes
        if p is Ellipsis:
            kept.extend(shape[dim:len(shape) - (used - dim)])
            dim = len(shape) - (used - dim)
        elif isinstance(p, slice) and dim < len(shape):
            kept.append(len(range(*p.indices(shape[dim]))))
            dim += 1
        elif p is not None:
            dim += p.ndim if isinstance(p, np.ndarray) and p.dtype == np.bool_ else 1
    selected = _broadcast(*index_shapes)
    if selected is not None:
        _count(selected + tuple(kept))
    return parts


class NumpyDType:
    """A numpy dtype as the snippet sees it: ``dtype('float64')``, equal to ``np.float64``."""

    __slots__ = ("dtype",)

    def __init__(self, dtype):
        self.dtype = np.dtype(dtype)

    def __repr__(self):
        return repr(self.dtype)

    def __str__(self):
        return str(self.dtype)

    def __eq__(self, other):
        try:
            return self.dtype == _dtype(other)
        except TypeError:
            return False

    def __hash__(self):
        return hash(self.dtype)


class ScalarType:
    """``np.float64``, ``np.float32``, ``np.int64``: a dtype, and a constructor of its scalars."""

    __slots__ = ("dtype",)

    def __init__(self, scalar):
        self.dtype = np.dtype(scalar)

    def __repr__(self):
        return f"<class 'numpy.{self.dtype.name}'>"

    def __call__(self, value=0):
        if isinstance(value, (NDArray, list, tuple)):
            return _wrap(_raw(value).astype(self.dtype))
        if not isinstance(value, (numbers.Real, np.generic)):
            raise keyed(TypeError, "ndarray.data", kind=_kind(value))
        with np.errstate(all="ignore"):
            return self.dtype.type(value)


class NDArray:
    """A numpy array a snippet holds: the allow-listed attributes of ``numpy.ndarray``."""

    __slots__ = ("_a",)
    __array_ufunc__ = None  # numpy scalars defer to these operators (`np.float64(2) * a`)
    __hash__ = None

    def __init__(self, raw):
        self._a = raw

    # --- printing: numpy's own ---------------------------------------------------------------
    def __repr__(self):
        return repr(self._a)

    def __str__(self):
        return str(self._a)

    def __format__(self, spec):
        return format(self._a, spec)

    # --- what it is --------------------------------------------------------------------------
    @property
    def shape(self):
        return tuple(int(n) for n in self._a.shape)

    @property
    def dtype(self):
        return NumpyDType(self._a.dtype)

    @property
    def ndim(self):
        return self._a.ndim

    @property
    def size(self):
        return int(self._a.size)

    @property
    def T(self):
        return _wrap(self._a.T)

    def __len__(self):
        return len(self._a)

    def __iter__(self):
        if not self._a.ndim:
            iter(self._a)  # numpy's error
        return (self[i] for i in range(len(self._a)))

    def __bool__(self):
        return bool(self._a)

    def __float__(self):
        return float(self._a)

    def __int__(self):
        return int(self._a)

    def __index__(self):
        return operator.index(self._a)

    def __contains__(self, x):
        other = _operand(x)
        if other is None:
            return False
        _check_broadcast(self._a.shape, np.shape(other))
        return bool(np.any(self._a == other))

    # --- indexing ----------------------------------------------------------------------------
    def __getitem__(self, key):
        return _wrap(self._a[_index(self._a.shape, key)])

    def __setitem__(self, key, value):
        index = _index(self._a.shape, key)
        raw = _operand(value)
        if raw is None:
            raise keyed(TypeError, "ndarray.data", kind=_kind(value))
        with np.errstate(all="ignore"):
            self._a[index] = raw

    # --- arithmetic and comparisons, broadcast --------------------------------------------------
    __add__ = _operator(np.add)
    __radd__ = _operator(np.add, reflected=True)
    __sub__ = _operator(np.subtract)
    __rsub__ = _operator(np.subtract, reflected=True)
    __mul__ = _operator(np.multiply)
    __rmul__ = _operator(np.multiply, reflected=True)
    __truediv__ = _operator(np.true_divide)
    __rtruediv__ = _operator(np.true_divide, reflected=True)
    __floordiv__ = _operator(np.floor_divide)
    __rfloordiv__ = _operator(np.floor_divide, reflected=True)
    __mod__ = _operator(np.remainder)
    __rmod__ = _operator(np.remainder, reflected=True)
    __pow__ = _operator(np.power)
    __rpow__ = _operator(np.power, reflected=True)
    __iadd__ = _in_place(np.add)
    __isub__ = _in_place(np.subtract)
    __imul__ = _in_place(np.multiply)
    __itruediv__ = _in_place(np.true_divide)
    __eq__ = _operator(np.equal)
    __ne__ = _operator(np.not_equal)
    __lt__ = _operator(np.less)
    __le__ = _operator(np.less_equal)
    __gt__ = _operator(np.greater)
    __ge__ = _operator(np.greater_equal)

    def __matmul__(self, other):
        other = _operand(other)
        return NotImplemented if other is None else _matmul(self._a, other)

    def __rmatmul__(self, other):
        other = _operand(other)
        return NotImplemented if other is None else _matmul(other, self._a)

    def __neg__(self):
        return _wrap(-self._a)

    def __pos__(self):
        return _wrap(+self._a)

    def __abs__(self):
        return _wrap(np.abs(self._a))

    # --- methods -------------------------------------------------------------------------------
    def reshape(self, *shape):
        """a.reshape(2, 3) or a.reshape((2, 3)), one size may be -1."""
        dims = shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
        if len(dims) > MAX_DIMS:
            raise keyed(ValueError, "ndarray.dims", limit=MAX_DIMS, n=len(dims))
        return _wrap(self._a.reshape(tuple(_int(n, "shape") for n in dims)))

    def sum(self, axis=None, keepdims=False):
        return _reduce(np.sum, self, axis, keepdims)

    def mean(self, axis=None, keepdims=False):
        return _reduce(np.mean, self, axis, keepdims)

    def std(self, axis=None, ddof=0, keepdims=False):
        return _reduce(np.std, self, axis, keepdims, ddof=ddof)

    def var(self, axis=None, ddof=0, keepdims=False):
        return _reduce(np.var, self, axis, keepdims, ddof=ddof)

    def max(self, axis=None, keepdims=False):
        return _reduce(np.max, self, axis, keepdims)

    def min(self, axis=None, keepdims=False):
        return _reduce(np.min, self, axis, keepdims)

    def argmax(self, axis=None):
        return _reduce(np.argmax, self, axis)

    def argmin(self, axis=None):
        return _reduce(np.argmin, self, axis)

    def any(self, axis=None):
        return _reduce(np.any, self, axis)

    def all(self, axis=None):
        return _reduce(np.all, self, axis)

    def astype(self, dtype):
        return _wrap(self._a.astype(_dtype(dtype)))

    def copy(self):
        return _wrap(self._a.copy())

    def flatten(self):
        return _wrap(self._a.flatten())

    def tolist(self):
        return self._a.tolist()

    def item(self, *args):
        return self._a.item(*(_int(i, "index") for i in args))

    def dot(self, b):
        return dot(self, b)


def _reduce(fn, a, axis=None, keepdims=None, **kwargs):
    """A reduction of array-like ``a`` (its result is never larger than ``a``)."""
    if axis is not None:
        axis = tuple(_int(d, "axis") for d in axis) if isinstance(axis, (tuple, list)) \
            else _int(axis, "axis")
    if keepdims is not None:
        kwargs["keepdims"] = bool(keepdims)
    if "ddof" in kwargs and not isinstance(kwargs["ddof"], (numbers.Real, np.generic)):
        raise keyed(TypeError, "ndarray.data", kind=_kind(kwargs["ddof"]))
    with np.errstate(all="ignore"):
        return _wrap(fn(_raw(a), axis=axis, **kwargs))


def _unary(fn):
    def call(x, /):
        with np.errstate(all="ignore"):
            return _wrap(fn(_raw(x)))

    call.__name__ = fn.__name__
    call.__doc__ = f"np.{fn.__name__}(x), elementwise."
    return call


def _ufunc2(fn):
    def call(x1, x2, /):
        return _binary(fn, _raw(x1), _raw(x2))

    call.__name__ = fn.__name__
    call.__doc__ = f"np.{fn.__name__}(x1, x2), broadcast."
    return call


def _ufunc2_out(fn):
    def call(x1, x2, /, out=None):
        a, b = _raw(x1), _raw(x2)
        if out is None:
            return _binary(fn, a, b)
        if not isinstance(out, NDArray):
            raise keyed(TypeError, "ndarray.out", kind=_kind(out))
        _check_broadcast(np.shape(a), np.shape(b))
        if _broadcast(np.shape(a), np.shape(b), out._a.shape) != out._a.shape:
            raise keyed(ValueError, "ndarray.out_shape", shape=list(out._a.shape))
        if np.result_type(a, b) != out._a.dtype and not np.can_cast(
                np.result_type(a, b), out._a.dtype, casting="same_kind"):
            raise keyed(TypeError, "ndarray.out_cast", dtype=str(out._a.dtype))
        with np.errstate(all="ignore"):
            fn(a, b, out=out._a, casting="same_kind")
        return out

    call.__name__ = fn.__name__
    call.__doc__ = f"np.{fn.__name__}(x1, x2, out=None), broadcast; written into out if given."
    return call


# --- creation -------------------------------------------------------------------------------


def array(object, dtype=None):
    """np.array(object, dtype=None): a new array of numbers, lists, arrays or tensors."""
    raw = _raw(object, _dtype(dtype))
    if isinstance(object, NDArray) and raw is object._a:
        return _wrap(raw.copy())
    return _wrap(raw if isinstance(raw, np.ndarray) else np.array(raw, dtype=_dtype(dtype)))


def asarray(a, dtype=None):
    """np.asarray(a, dtype=None): ``a`` itself when it is already such an array."""
    if isinstance(a, NDArray) and (dtype is None or _dtype(dtype) == a._a.dtype):
        return a
    raw = _raw(a, _dtype(dtype))
    return _wrap(raw if isinstance(raw, np.ndarray) else np.array(raw))


def _filled(shape, value, dtype):
    return _wrap(np.full(_shape(shape, "shape"), value, dtype=dtype))


def zeros(shape, dtype=float):
    """np.zeros(shape, dtype=float)."""
    return _filled(shape, 0, _dtype(dtype))


def ones(shape, dtype=None):
    """np.ones(shape, dtype=None)."""
    return _filled(shape, 1, _dtype(dtype) or np.dtype(np.float64))


def full(shape, fill_value, dtype=None):
    """np.full(shape, fill_value, dtype=None)."""
    if not isinstance(fill_value, (numbers.Real, np.generic)):
        raise keyed(TypeError, "ndarray.data", kind=_kind(fill_value))
    return _filled(shape, fill_value, _dtype(dtype) or np.asarray(fill_value).dtype)


def zeros_like(a, dtype=None):
    """np.zeros_like(a, dtype=None)."""
    raw = _raw(a)
    return _wrap(np.zeros_like(raw, dtype=_dtype(dtype)))


def ones_like(a, dtype=None):
    """np.ones_like(a, dtype=None)."""
    raw = _raw(a)
    return _wrap(np.ones_like(raw, dtype=_dtype(dtype)))


def _real(x, what):
    if isinstance(x, (numbers.Real, np.generic)) and not isinstance(x, np.bool_):
        return x
    raise keyed(TypeError, "ndarray.number", what=what, kind=_kind(x))


def arange(start, stop=None, step=None, dtype=None):
    """np.arange([start,] stop[, step], dtype=None), its length worked out first."""
    if stop is None:
        start, stop = 0, start
    step = 1 if step is None else step
    for x, what in ((start, "start"), (stop, "stop"), (step, "step")):
        _real(x, what)
    length = (float(stop) - float(start)) / float(step) if step else math.inf
    if math.isfinite(length):  # else numpy says what is wrong, before it allocates
        _count((max(math.ceil(length), 0),))
    with np.errstate(all="ignore"):
        return _wrap(np.arange(start, stop, step, dtype=_dtype(dtype)))


def linspace(start, stop, num=50, endpoint=True, dtype=None):
    """np.linspace(start, stop, num=50, endpoint=True, dtype=None)."""
    _real(start, "start")
    _real(stop, "stop")
    num = _int(num, "num")
    if num >= 0:
        _count((num,))
    with np.errstate(all="ignore"):
        return _wrap(np.linspace(start, stop, num, endpoint=bool(endpoint), dtype=_dtype(dtype)))


def eye(N, M=None, k=0, dtype=float):
    """np.eye(N, M=None, k=0, dtype=float)."""
    n = _int(N, "N")
    m = n if M is None else _int(M, "M")
    _shape((n, m), "N")
    return _wrap(np.eye(n, m, _int(k, "k"), dtype=_dtype(dtype)))


# --- combining ------------------------------------------------------------------------------


def _parts(arrays):
    if not isinstance(arrays, (list, tuple, NDArray)):
        raise keyed(TypeError, "ndarray.data", kind=_kind(arrays))
    _count((_leaves(list(arrays)),))
    return [_raw(x) for x in arrays]


def concatenate(arrays, axis=0):
    """np.concatenate(arrays, axis=0)."""
    parts = _parts(arrays)
    return _wrap(np.concatenate(parts, axis=None if axis is None else _int(axis, "axis")))


def stack(arrays, axis=0):
    """np.stack(arrays, axis=0)."""
    parts = _parts(arrays)
    return _wrap(np.stack(parts, axis=_int(axis, "axis")))


def where(condition, x=None, y=None):
    """np.where(condition, x, y), broadcast; with the condition alone, the indices of its
    non-zero elements."""
    cond = _raw(condition)
    if x is None and y is None:
        return tuple(_wrap(i) for i in np.nonzero(cond))
    if x is None or y is None:
        return np.where(cond, x)  # numpy's error: both or neither
    x, y = _raw(x), _raw(y)
    _check_broadcast(np.shape(cond), np.shape(x), np.shape(y))
    return _wrap(np.where(cond, x, y))


def dot(a, b):
    """np.dot(a, b): a product of scalars, an inner product, a matrix product, or a sum over
    the last axis of a and the second-to-last of b."""
    a, b = _raw(a), _raw(b)
    sa, sb = np.shape(a), np.shape(b)
    if not sa or not sb:
        return _binary(np.multiply, a, b)
    if len(sb) <= 2:
        return _matmul(a, b) if len(sa) <= 2 else _dot_nd(a, b)
    return _dot_nd(a, b)


def _dot_nd(a, b):
    sa, sb = np.shape(a), np.shape(b)
    inner = sb[-2] if len(sb) > 1 else sb[0]
    if sa[-1] == inner:
        _count(sa[:-1] + sb[:-2] + sb[-1:] if len(sb) > 1 else sa[:-1])
    with np.errstate(all="ignore"):
        return _wrap(np.dot(a, b))


def matmul(x1, x2, /):
    """np.matmul(x1, x2), the ``@`` operator."""
    return _matmul(_raw(x1), _raw(x2))


def clip(a, a_min=None, a_max=None):
    """np.clip(a, a_min, a_max)."""
    a = _raw(a)
    a_min, a_max = (None if v is None else _raw(v) for v in (a_min, a_max))
    _check_broadcast(np.shape(a), *(np.shape(v) for v in (a_min, a_max) if v is not None))
    with np.errstate(all="ignore"):
        return _wrap(np.clip(a, a_min, a_max))


def round_(a, decimals=0):
    """np.round(a, decimals=0): halves to even, as numpy rounds."""
    with np.errstate(all="ignore"):
        return _wrap(np.round(_raw(a), _int(decimals, "decimals")))


def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """np.allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)."""
    a, b = _raw(a), _raw(b)
    _check_broadcast(np.shape(a), np.shape(b))
    with np.errstate(all="ignore"):
        return bool(np.allclose(a, b, _real(rtol, "rtol"), _real(atol, "atol"),
                                bool(equal_nan)))


def _reduction(fn, **extra):
    def call(a, axis=None, keepdims=False):
        return _reduce(fn, a, axis, keepdims)

    def call_ddof(a, axis=None, ddof=0, keepdims=False):
        return _reduce(fn, a, axis, keepdims, ddof=ddof)

    def call_arg(a, axis=None):
        return _reduce(fn, a, axis)

    chosen = call_ddof if "ddof" in extra else call_arg if "arg" in extra else call
    chosen.__name__ = fn.__name__
    chosen.__doc__ = f"np.{fn.__name__}, as numpy reduces."
    return chosen


# --- random numbers: numpy's, from the evaluation's own state ---------------------------------


def _size(size):
    return None if size is None else _shape(size)


def _drawn(draw, size, params=()):
    """Draws of a distribution whose parameters (numbers or arrays) broadcast, or of ``size``."""
    raws = [_raw(v) for v in params]
    if size is None:
        _check_broadcast(*(np.shape(r) for r in raws))
    return _wrap(draw(*raws, size=_size(size)))


def seed(seed=None):
    """np.random.seed(seed): reseed the evaluation's numpy random state."""
    if seed is not None:
        seed = _raw(seed) if isinstance(seed, (list, tuple, NDArray)) else _int(seed, "seed")
    _state().seed(seed)


def rand(*dims):
    """np.random.rand(d0, d1, ...): uniform floats in [0, 1)."""
    return _wrap(_state().random.rand(*_shape(dims, "dimension")))


def randn(*dims):
    """np.random.randn(d0, d1, ...): standard normal floats."""
    return _wrap(_state().random.randn(*_shape(dims, "dimension")))


def randint(low, high=None, size=None):
    """np.random.randint(low, high=None, size=None): int64s in [low, high)."""
    low = _int(low, "low")
    high = None if high is None else _int(high, "high")
    return _wrap(_state().random.randint(low, high, size=_size(size)))


def uniform(low=0.0, high=1.0, size=None):
    """np.random.uniform(low=0.0, high=1.0, size=None)."""
    return _drawn(_state().random.uniform, size, (low, high))


def normal(loc=0.0, scale=1.0, size=None):
    """np.random.normal(loc=0.0, scale=1.0, size=None)."""
    return _drawn(_state().random.normal, size, (loc, scale))


def shuffle(x):
    """np.random.shuffle(x): shuffle an array (along its first axis) or a list, in place."""
    if isinstance(x, NDArray):
        _state().random.shuffle(x._a)
    elif isinstance(x, list):
        _count((len(x),))
        _state().random.shuffle(x)
    else:
        raise keyed(TypeError, "ndarray.shuffle", kind=_kind(x))


def permutation(x):
    """np.random.permutation(x): a shuffled ``arange(x)``, or a shuffled copy of an array."""
    if isinstance(x, (numbers.Integral, np.integer)):
        return _wrap(_state().random.permutation(_shape(x)[0]))
    return _wrap(_state().random.permutation(_raw(x)))


def choice(a, size=None, replace=True, p=None):
    """np.random.choice(a, size=None, replace=True, p=None)."""
    if isinstance(a, (numbers.Integral, np.integer)):
        a = _int(a, "a")
        if not replace or p is not None:
            _count((a,))
    else:
        a = _raw(a)
    return _wrap(_state().random.choice(a, _size(size), bool(replace),
                                        None if p is None else _raw(p)))


def default_rng(seed=None):
    """np.random.default_rng(seed=None): a Generator of the snippet's own. Without a seed it
    starts from one drawn from the evaluation's random state, so a rerun draws the same."""
    if seed is None:
        seed = int(_state().random.randint(2**63, dtype=np.int64))
    return NumpyGenerator(seed)


class NumpyGenerator:
    """``np.random.default_rng(seed)``: numpy's Generator (PCG64), a snippet's own."""

    __slots__ = ("_rng",)

    def __init__(self, seed=None):
        if seed is not None:
            seed = _int(seed, "seed")
        self._rng = np.random.default_rng(seed)

    def __repr__(self):
        return "Generator(PCG64)"

    def random(self, size=None):
        """rng.random(size=None): floats in [0, 1)."""
        return _wrap(self._rng.random(_size(size)))

    def normal(self, loc=0.0, scale=1.0, size=None):
        """rng.normal(loc=0.0, scale=1.0, size=None)."""
        return _drawn(self._rng.normal, size, (loc, scale))

    def integers(self, low, high=None, size=None, endpoint=False):
        """rng.integers(low, high=None, size=None, endpoint=False)."""
        low = _int(low, "low")
        high = None if high is None else _int(high, "high")
        return _wrap(self._rng.integers(low, high, _size(size), endpoint=bool(endpoint)))


# --- numpy scalars: the few attributes a snippet reads of them ---------------------------------


def scalar_item(x, /):
    """``np.float64(1.5).item()``: the Python number."""
    return x.item()


def scalar_astype(x, dtype, /):
    """``x.astype(np.float32)``."""
    return _dtype(dtype).type(x)


SCALAR_METHODS = {"item": scalar_item, "tolist": scalar_item, "astype": scalar_astype}
SCALAR_PROPERTIES = {
    "dtype": lambda x: NumpyDType(x.dtype), "shape": lambda x: (), "ndim": lambda x: 0,
    "size": lambda x: 1,
}


def operands(is_mult, a, b):
    """The operands of ``a op b`` as numpy would see them when one is a numpy scalar: a list
    beside it is an array (but ``np.int64(2) * [1]`` repeats the list, as Python does), and a
    tensor or Value beside it sees a Python number."""
    if isinstance(a, np.generic):
        b, a = _beside(b, a, is_mult)
    elif isinstance(b, np.generic):
        a, b = _beside(a, b, is_mult)
    return a, b


def _beside(other, scalar, is_mult):
    if is_mult and isinstance(other, (str, list, tuple)):  # a repeat count, or Python's error
        return other, int(scalar) if isinstance(scalar, np.integer) else scalar
    if isinstance(other, (NDArray, np.generic, numbers.Real, str)):
        return other, scalar
    if isinstance(other, (list, tuple)):
        return _wrap(_raw(other)), scalar
    return other, scalar.item()


# --- bridges to the tensors -------------------------------------------------------------------


def from_tensor(t):
    """``t.numpy()`` of a tensor that does not require grad, in numpy's dtype: on the tensor
    level the tensor's own memory, as torch shares it (an in-place change to either shows in
    the other); on the scalar level, whose elements are Values, a copy."""
    if t.requires_grad:
        raise keyed(RuntimeError, "ndarray.tensor_grad")
    if isinstance(t, numpy_tensor.Tensor) and t.array().dtype == _NUMPY_OF[t.dtype]:
        return _wrap(t.array())
    raw = np.array(t.tolist(), dtype=_NUMPY_OF[t.dtype]).reshape(tuple(t.shape))
    return _wrap(raw)


def from_numpy(ndarray):
    """``torch.from_numpy(a)``: a tensor of the array's numbers and dtype; on the tensor level
    over the array's own memory, as in torch (a change to either shows in the other), on the
    scalar level, whose elements are Values, a copy."""
    if not isinstance(ndarray, NDArray):
        raise keyed(TypeError, "ndarray.from_numpy", kind=_kind(ndarray))
    raw = ndarray._a
    if levels.current() == levels.TENSOR and raw.dtype in _TORCH_OF and 0 not in raw.shape:
        return numpy_tensor.sharing(raw, _TORCH_OF[raw.dtype])
    return to_tensor(ndarray)


def to_tensor(a, dtype=None, requires_grad=False):
    """A tensor of an array's (or numpy scalar's) numbers, float64 staying float64 as in torch."""
    raw = a._a if isinstance(a, NDArray) else a
    data = raw.tolist()
    if isinstance(a, NDArray) and 0 in raw.shape:
        return levels.module().zeros(tuple(raw.shape), dtype=dtype or _TORCH_OF[raw.dtype],
                                     requires_grad=requires_grad)
    return levels.module().tensor(data, dtype=dtype or _TORCH_OF[raw.dtype],
                                  requires_grad=requires_grad)


def torch_data(data):
    """Whether ``torch.tensor(data)`` gets a numpy array or scalar (converted by to_tensor)."""
    return isinstance(data, (NDArray, np.generic))


def torch_lists(data):
    """Nested lists holding numpy arrays or scalars as plain lists and numbers, with the dtype
    torch infers from them (float64 when a float64 one is among them), or None when they hold
    none; lists of plain numbers are left alone."""
    if not isinstance(data, (list, tuple)):
        return data, None
    found = set()
    arrays = [x for x in _walk(data) if isinstance(x, (NDArray, np.generic))]
    if not arrays:
        return data, None
    _count((sum(x.size for x in arrays),))  # before any is copied: [a] * 1000 is refused

    def plain(x):
        if isinstance(x, (list, tuple)):
            return [plain(item) for item in x]
        if isinstance(x, (NDArray, np.generic)):
            found.add(x.dtype if isinstance(x, np.generic) else x._a.dtype)
            return x.tolist()
        return x

    out = plain(data)
    return out, _TORCH_OF[np.dtype(np.float64)] if np.dtype(np.float64) in found else None


# --- the namespaces ----------------------------------------------------------------------------

SCALAR_TYPES = {name: ScalarType(_DTYPES[name]) for name in ("float32", "float64", "int64")}
FUNCTIONS = {
    "array": array, "asarray": asarray, "zeros": zeros, "ones": ones, "full": full,
    "arange": arange, "linspace": linspace, "eye": eye, "zeros_like": zeros_like,
    "ones_like": ones_like, "concatenate": concatenate, "stack": stack, "where": where,
    "dot": dot, "matmul": matmul, "clip": clip, "round": round_, "allclose": allclose,
    "maximum": _ufunc2(np.maximum), "minimum": _ufunc2(np.minimum), "power": _ufunc2(np.power),
    "sum": _reduction(np.sum), "mean": _reduction(np.mean), "max": _reduction(np.max),
    "min": _reduction(np.min), "std": _reduction(np.std, ddof=True),
    "var": _reduction(np.var, ddof=True), "argmax": _reduction(np.argmax, arg=True),
    "argmin": _reduction(np.argmin, arg=True), "add": _ufunc2_out(np.add),
    "subtract": _ufunc2_out(np.subtract), "multiply": _ufunc2_out(np.multiply),
    "divide": _ufunc2_out(np.divide),
} | {fn.__name__: _unary(fn) for fn in (np.exp, np.log, np.sqrt, np.sin, np.cos, np.tanh,
                                         np.square)} | {"abs": _unary(np.absolute)}
RANDOM_FUNCTIONS = {
    "seed": seed, "rand": rand, "randn": randn, "randint": randint, "uniform": uniform,
    "normal": normal, "shuffle": shuffle, "permutation": permutation, "choice": choice,
    "default_rng": default_rng,
}
CONSTANTS = {"pi": math.pi, "e": math.e, "inf": math.inf, "nan": math.nan}
ARRAY_NAMES = ("shape", "dtype", "ndim", "size", "T", "reshape", "sum", "mean", "std", "var",
               "max", "min", "argmax", "argmin", "any", "all", "astype", "copy", "tolist", "item",
               "flatten", "dot")
GENERATOR_NAMES = ("random", "normal", "integers")
