"""Constructors learners meet in older tutorials and lecture notes: ``torch.Tensor([...])``,
``torch.FloatTensor``, ``torch.LongTensor``, ``torch.autograd.Variable``, and ``torch.eye``.

``torch.Tensor(2, 3)`` hands out uninitialised memory in torch; here it holds zeros (what torch
shows there is whatever the memory held, and a program that prints it prints noise).
"""

import math
import numbers

from ..messages import keyed
from .levels import leaf as _leaf
from .levels import tensor_ as tensor
from .sizes import result_size
from .tensor import (
    DEFAULT_DTYPE,
    _as_dtype,
    bool_,
    float32,
    float64,
    int64,
)
from .tensor import TensorBase as Tensor


def _legacy(dtype, name):
    def construct(*args):
        if len(args) == 1 and isinstance(args[0], Tensor):
            return args[0]  # torch.Tensor(t) is t itself
        if len(args) == 1 and isinstance(args[0], (list, tuple)):
            return tensor(args[0], dtype=dtype)
        if all(isinstance(n, numbers.Integral) and not isinstance(n, bool) for n in args):
            if any(n < 0 for n in args):
                raise keyed(ValueError, "tensor.negative_dim", shape=list(args))
            result_size(args)
            shape = tuple(args) if args else (0,)
            return _leaf([0.0] * math.prod(shape), shape, dtype)
        raise keyed(TypeError, "tensor.legacy_args", name=name)

    construct.__name__ = name
    construct.__doc__ = f"``torch.{name}(data)`` or ``torch.{name}(*size)``, as {dtype.name}."
    return construct


LEGACY = {
    "Tensor": _legacy(DEFAULT_DTYPE, "Tensor"),
    "FloatTensor": _legacy(float32, "FloatTensor"),
    "DoubleTensor": _legacy(float64, "DoubleTensor"),
    "LongTensor": _legacy(int64, "LongTensor"),
    "BoolTensor": _legacy(bool_, "BoolTensor"),
}


def variable(data, requires_grad=False):
    """``torch.autograd.Variable(t, requires_grad=...)``: since torch 0.4 simply a tensor."""
    if not isinstance(data, Tensor):
        raise keyed(TypeError, "tensor.variable_data", kind=type(data).__name__)
    out = data.detach()
    return out.requires_grad_() if requires_grad else out


def eye(n, m=None, dtype=None, requires_grad=False):
    """The n x m identity matrix (n x n without m)."""
    m = n if m is None else m
    for x in (n, m):
        if not isinstance(x, numbers.Integral) or isinstance(x, bool):
            raise keyed(TypeError, "tensor.size_type", value=repr(x))
        if x < 0:
            raise keyed(ValueError, "tensor.negative_dim", shape=[n, m])
    result_size((n, m))
    # no rows are walked for a zero-size result (torch.eye(10**18, 0) is valid)
    datas = [1.0 if i == j else 0.0 for i in range(n) for j in range(m)] if n * m else []
    return _leaf(datas, (n, m), _as_dtype(dtype) or DEFAULT_DTYPE, requires_grad)
