"""The two levels a snippet's tensors can live on, and the factories that make them on either.

- ``"scalar"``: ``tensor.Tensor``, an array of micrograd-style Values: every element is a node
  of the scalar graph, which the Explore page draws, bounded by the Values a drawing can hold.
- ``"tensor"``: ``numpy_tensor.Tensor``, a numpy array with tensor-level autograd, for programs
  of any size (a 2,000-step training loop on 2,000 points).

The level of one evaluation is a context variable the interpreter sets; a function that makes
a tensor from nothing (``torch.zeros``, ``torch.randn``) asks it here, and a method of a tensor
runs on the tensor's own level. Both levels give the same printed text, tensors and gradients.
"""

import contextvars
import functools

import numpy as np

from . import numpy_tensor, tensor
from .sizes import check_numel
from .tensor import TensorBase, int64

SCALAR, TENSOR = "scalar", "tensor"
LEVEL = contextvars.ContextVar("tensor_level", default=SCALAR)


def current():
    """The level this evaluation's tensors live on."""
    return LEVEL.get()


def module():
    """The tensor module of the current level (``tensor`` or ``numpy_tensor``)."""
    return numpy_tensor if LEVEL.get() == TENSOR else tensor


def by_level(scalar_fn, tensor_fn):
    """One function that runs ``scalar_fn`` or ``tensor_fn`` by the current level (with the
    scalar one's name and signature; None where a level does not offer it)."""
    offered = scalar_fn or tensor_fn

    @functools.wraps(offered)
    def call(*args, **kwargs):
        fn = tensor_fn if LEVEL.get() == TENSOR else scalar_fn
        if fn is None:
            raise _unoffered(offered)
        return fn(*args, **kwargs)

    return call


def _unoffered(fn):
    from ..messages import keyed

    level = "tensor" if LEVEL.get() == TENSOR else "scalar"
    return keyed(ValueError, "level.unoffered", name=getattr(fn, "__name__", "?"), level=level)


def is_tensor(x):
    """Whether ``x`` is a tensor of either level."""
    return isinstance(x, TensorBase)


def leaf(numbers, shape, dtype, requires_grad=False):
    """A new leaf tensor on the current level from an array (or list) of numbers."""
    if LEVEL.get() == TENSOR:
        a = np.asarray(numbers, dtype=np.float64 if dtype.is_floating_point else None)
        return numpy_tensor.from_array(a.reshape(shape), dtype, requires_grad)
    return tensor._leaf(np.asarray(numbers).tolist(), shape, dtype, requires_grad)


def array(t, npt):
    """A tensor's numbers as a numpy array of type ``npt``, in its shape."""
    if isinstance(t, numpy_tensor.Tensor):
        return t.array().astype(npt)
    return np.asarray([v.data for v in t.values()], dtype=npt).reshape(t.shape)


def write(t, numbers):
    """Overwrite a tensor's elements in place with ``numbers`` (flat, row-major)."""
    t._check_inplace()
    if isinstance(t, numpy_tensor.Tensor):
        a = t.array()
        a[...] = np.asarray(numbers).reshape(a.shape).astype(a.dtype)
        t._version[0] += 1
        return t
    t._write(np.asarray(numbers, dtype=np.float64).tolist())
    return t


def with_grad_fn(t, name):
    """``t`` showing torch's grad_fn ``name`` (a fused kernel's), on either level."""
    if isinstance(t, numpy_tensor.Tensor):
        return numpy_tensor.with_grad_fn(t, name)
    return tensor.with_grad_fn(t, name)


def _paired(name):
    return by_level(getattr(tensor, name), getattr(numpy_tensor, name))


tensor_ = _paired("tensor")
zeros = _paired("zeros")
ones = _paired("ones")
full = _paired("full")
zeros_like = _paired("zeros_like")
ones_like = _paired("ones_like")
full_like = _paired("full_like")
arange = _paired("arange")
linspace = _paired("linspace")
stack = _paired("stack")
cat = _paired("cat")
softmax = _paired("softmax")
log_softmax = _paired("log_softmax")


def one_hot(tensor, num_classes=-1):
    """``F.one_hot``: int64 class indices -> int64 rows of zeros with a one at the index, one
    more dimension of ``num_classes`` (one more than the largest index when -1)."""
    from ..messages import keyed

    if not is_tensor(tensor) or tensor.dtype is not int64:
        raise keyed(RuntimeError, "tensor.one_hot_dtype")
    indices = array(tensor, np.int64).reshape(-1)
    if indices.size and indices.min() < 0:
        raise keyed(RuntimeError, "tensor.one_hot_negative")
    if num_classes == -1:
        if not indices.size:
            raise keyed(RuntimeError, "tensor.one_hot_empty")
        num_classes = int(indices.max()) + 1
    if indices.size and indices.max() >= num_classes:
        raise keyed(RuntimeError, "tensor.one_hot_range")
    shape = (*tensor.shape, num_classes)
    check_numel(indices.size * num_classes)
    rows = np.zeros((indices.size, num_classes), dtype=np.int64)
    rows[np.arange(indices.size), indices] = 1
    return leaf(rows.reshape(-1), shape, int64)


def remainder(a, b):
    """``a % b`` with a tensor on either side, as torch's remainder: the remainder takes the
    divisor's sign (Python's ``%``), computed in the promoted dtype from an exact ``fmod``.
    It records no history, so a tensor that requires grad is refused."""
    from ..messages import keyed

    operands = (a, b)
    if not all(is_tensor(x) or isinstance(x, (bool, int, float)) for x in operands):
        return NotImplemented
    if tensor.is_grad_enabled() and any(is_tensor(x) and x.requires_grad for x in operands):
        raise keyed(ValueError, "tensor.remainder_grad")
    on_tensor_level = any(isinstance(x, numpy_tensor.Tensor) for x in operands)
    dtype = (numpy_tensor if on_tensor_level else tensor)._result_dtype(a, b)
    npt = numpy_tensor.NP_TYPES[dtype]
    x, y = (array(t, npt) if is_tensor(t) else np.asarray(t, dtype=npt) for t in operands)
    shape = tuple(int(n) for n in np.broadcast_shapes(
        *(tuple(t.shape) if is_tensor(t) else () for t in operands)))
    check_numel(int(np.prod(shape)))
    x, y = np.broadcast_to(x, shape), np.broadcast_to(y, shape)
    if dtype.is_floating_point:
        with np.errstate(invalid="ignore"):
            mod = np.fmod(x, y)
        mod = np.where((mod != 0) & ((y < 0) != (mod < 0)), mod + y, mod).astype(npt)
    else:
        if (y == 0).any():
            raise keyed(ZeroDivisionError, "tensor.remainder_zero")
        mod = np.remainder(x, y)
    token = LEVEL.set(TENSOR if on_tensor_level else SCALAR)
    try:
        return leaf(mod.reshape(-1), shape, dtype)
    finally:
        LEVEL.reset(token)
