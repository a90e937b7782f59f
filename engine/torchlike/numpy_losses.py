"""torch's losses on the tensor level: ``F.<loss>`` from the kernels of ``loss_kernels``.

Each function binds its arguments as torch's signature takes them (the deprecated
``size_average``/``reduce`` pair resolved as torch resolves it), checks them as torch does,
runs the kernel's forward on the tensors' arrays and records one node whose backward is the
kernel's, under torch's ``grad_fn`` name for those options.
"""

import inspect
import numbers

import numpy as np

from ..messages import keyed
from .loss_kernels import KERNELS, REQUIRED, SIGNATURES, call_function
from .numpy_tensor import NP_TYPES, Tensor, _record, spans_huge
from .tensor import TensorBase

_DTYPES = {np.dtype(npt): dtype for dtype, npt in NP_TYPES.items()}
_LENGTHS = ("input_lengths", "target_lengths")  # CTC takes these as lists of ints too


def _array_of(name, arg, value):
    if value is None:
        return None
    if isinstance(value, Tensor):
        return value.array()
    if isinstance(value, TensorBase):  # a scalar-level tensor: not this level's
        raise keyed(ValueError, "level.unoffered", name=name, level="tensor")
    if arg == "var" and isinstance(value, float):  # gaussian_nll_loss: one variance for all
        return value
    if arg in _LENGTHS and isinstance(value, (list, tuple)) and all(
            isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in value):
        return np.asarray(value, np.int64)
    raise keyed(TypeError, "loss.not_tensor", name=name, arg=arg, kind=type(value).__name__)


def apply(name, arrays, options):
    """The loss ``name`` of ``arrays`` (tensors, lists of lengths or None) with ``options``."""
    kernel = KERNELS[name]
    data = [_array_of(name, arg, value) for arg, value in zip(kernel.arrays, arrays, strict=True)]
    shapes = [None if a is None or isinstance(a, float) else a.shape for a in data]
    for shape in shapes:
        if shape is not None:
            spans_huge(shape)
    dtypes = [None if a is None or isinstance(a, float) else a.dtype for a in data]
    kernel.check(shapes, dtypes, **options)
    out, saved = kernel.forward(*data, **options)
    out = np.asarray(out)

    def backward(g):
        return tuple(kernel.backward(g, saved))

    return _record(out, _DTYPES[out.dtype], kernel.grad_fn(shapes, dtypes, **options),
                   tuple(arrays), backward, rule=f"{name} backward")


def _signature(sig):
    """torch's signature of ``F.<name>``, which the interpreter checks a call against."""
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return inspect.Signature([
        inspect.Parameter(param, kinds[i >= sig.keyword_from],
                          default=inspect.Parameter.empty if default is REQUIRED else default)
        for i, (param, default) in enumerate(sig.params)])


def _function(name):
    def loss(*args, **kwargs):
        arrays, options = call_function(name, args, kwargs)
        return apply(name, arrays, options)

    loss.__name__ = name
    loss.__doc__ = f"torch.nn.functional.{name} on the tensor level."
    loss.__signature__ = _signature(SIGNATURES[name])
    return loss


FUNCTIONS = {name: _function(name) for name in SIGNATURES}
