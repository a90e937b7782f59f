"""Tensor sizes, worked out from shapes before anything is allocated for a result.

Every tensor operation asks here first: the element count of its result (broadcasting, ``cat``,
indexing, reductions), the number of dimensions, and torch's own overflow checks on a new
tensor. Shape arithmetic is O(ndim) and ndim is bounded, so a zero-size tensor with a size of
10**18 costs nothing, and loops over positions run only once the element count is known to be
small. Nothing here depends on how a tensor stores its elements.
"""

import contextvars
import math

from ..messages import keyed

MAX_ELEMENTS = 100_000  # the largest tensor of scalar Values a snippet may create
# the largest tensor on the tensor level, where an element is a number in a numpy array (16 MB
# of float32): "Build the Neural Network"'s nn.Linear(28 * 28, 512) holds 401,408
MAX_ARRAY_ELEMENTS = 4_000_000
MAX_DIMS = 64  # the most dimensions a tensor may have here
MAX_SIZE = 2**63 - 1  # torch's sizes are int64
MAX_WORK = 5_000_000  # the most numbers a kernel may hold beside its result (a padded image)
MAX_PRODUCTS = 1_000_000_000  # the most multiply-adds one convolution may do (a second)
_LIMIT = contextvars.ContextVar("tensor_elements", default=MAX_ELEMENTS)


def set_element_limit(n):
    """The largest tensor of the evaluation running in this context (its level's bound)."""
    _LIMIT.set(n)


def check_numel(n):
    """Refuse a tensor of more elements than the evaluation's level allows."""
    limit = _LIMIT.get()
    if n > limit:
        raise keyed(ValueError, "limit.tensor", limit=limit, n=n)


def check_work(n):
    """Refuse a kernel that would hold or read more than MAX_WORK numbers (before it does)."""
    if n > MAX_WORK:
        raise keyed(ValueError, "limit.work", limit=MAX_WORK, n=n)


def check_products(n):
    """Refuse a convolution of more than MAX_PRODUCTS multiply-adds (before it starts)."""
    if n > MAX_PRODUCTS:
        raise keyed(ValueError, "limit.products", limit=MAX_PRODUCTS, n=n)


def check_dims(ndim):
    """Refuse a tensor of more than MAX_DIMS dimensions."""
    if ndim > MAX_DIMS:
        raise keyed(ValueError, "limit.dims", limit=MAX_DIMS, n=ndim)


def result_size(shape):
    """The element count of a result of ``shape``, refused past the bounds before allocating."""
    check_dims(len(shape))
    for n in shape:
        if n > MAX_SIZE:
            raise keyed(ValueError, "tensor.size_overflow", size=n)
    numel = math.prod(shape)
    check_numel(numel)
    return numel


def check_storage(shape):
    """torch's overflow checks on a new contiguous tensor, which zero-size tensors pass through
    too: its strides fit int64, and the running product of its sizes fits uint64."""
    stride = 1
    for n in reversed(shape[1:]):
        stride *= max(n, 1)
        if stride > MAX_SIZE:
            raise keyed(ValueError, "tensor.stride_overflow")
    size = 1
    for n in shape:
        size *= n
        if size > 2**64 - 1:
            raise keyed(ValueError, "tensor.storage_overflow", sizes=list(shape))


def broadcast_size(*shapes):
    """The broadcast shape of ``shapes`` and its element count, refused before allocating."""
    shape = broadcast_shapes(*shapes)
    return shape, result_size(shape)


def cat_shape(shapes, d):
    """The shape of ``cat`` along dim ``d`` of tensors of ``shapes`` (checked), and its size."""
    first = shapes[0]
    for shape in shapes:
        if len(shape) != len(first) or shape[:d] + shape[d + 1:] != first[:d] + first[d + 1:]:
            raise keyed(ValueError, "tensor.cat_size", dim=d, first=list(first),
                        other=list(shape))
    shape = first[:d] + (sum(s[d] for s in shapes),) + first[d + 1:]
    return shape, result_size(shape)


def nested_lists(shape):
    """How many lists ``tolist`` builds for ``shape`` (the lists of a zero-size tensor too)."""
    count, rows = 0, 1
    for n in shape[:-1]:
        rows *= n
        count += rows
        if not rows or count > MAX_ELEMENTS:
            break
    return count + (1 if shape else 0)


def broadcast_shapes(*shapes):
    """The shape torch's broadcasting gives, or torch's error naming both sizes."""
    out = ()
    for shape in shapes:
        check_dims(len(shape))
        out = _broadcast_pair(out, tuple(shape))
    return out


def _broadcast_pair(a, b):
    ndim = max(len(a), len(b))
    a, b = (1,) * (ndim - len(a)) + a, (1,) * (ndim - len(b)) + b
    out = [0] * ndim
    for d in range(ndim - 1, -1, -1):  # torch compares from the last dimension
        if a[d] != b[d] and 1 not in (a[d], b[d]):
            raise keyed(ValueError, "tensor.broadcast", a=a[d], b=b[d], dim=d)
        out[d] = b[d] if a[d] == 1 else a[d]
    return tuple(out)
