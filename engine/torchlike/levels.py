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
from .tensor import TensorBase

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
