"""Every torch loss as numpy kernels: checks, forward and backward in torch's dtype and order.

A kernel knows nothing of any Tensor class: it takes numpy arrays already in torch's dtype
(float32 computed in float32, float64 in float64), returns the loss and what its backward needs,
and the backward returns one gradient per array input (None where torch gives none). Where torch
runs one native kernel (``MseLossBackward0``) the forward and backward repeat that kernel's
arithmetic step by step; where torch composes a loss from several ops in ``nn.functional`` or
ATen (l1_loss, kl_div, the embedding losses...) the forward repeats each op's rounding and the
backward repeats autograd's chain, and ``grad_fn`` names the last op. Sums follow torch's CPU
reduction order (``torch_sum``, ``_outer_sum``), so float32 digits agree where they show; torch
splits a sum of 32768 elements or more between threads, which no order here follows.

Transcendental steps (log, exp, sqrt, sigmoid) are computed in float64 and rounded once to
float32, or in float64; torch's vectorised versions (Sleef, and glibc's in scalar loops) are
within an ulp of the true value but not always the nearest, so losses using them agree with
torch to a few ulps, not bit for bit. A kernel's ``exact(**options)`` says whether its float32
and float64 results are torch's bit for bit.
"""

import math

import numpy as np

from ..messages import keyed
from . import libm, reduction, vecmath

REDUCTIONS = ("none", "mean", "sum")
IGNORE_INDEX = -100
F32, F64 = np.dtype(np.float32), np.dtype(np.float64)
_LANES = {F32: 8, F64: 4}  # torch's sum kernel uses 256-bit vectors (AVX2) for both
_VEC = _LANES  # and so do its pointwise kernels
_EPSILON = np.float32(1e-12)  # Loss.cpp's EPSILON, a float


# --- torch's CPU summation order ----------------------------------------------------------------


def _ceil_log2(n):
    return 0 if n <= 1 else (n - 1).bit_length()


def torch_sum(a, axis=None):
    """The sum of all of ``a``, or of each run along ``axis``, in the order torch's CPU sum
    kernel adds it (``reduction.torch_sum``). Exact for runs under torch's parallel grain
    (32768 elements)."""
    a = np.asarray(a)
    return reduction.torch_sum(a, None if axis is None else (axis,))[()]


# --- steps in torch's dtype ---------------------------------------------------------------------


def _scalar(value, like):
    """A Python number as torch converts a scalar operand: to the tensor's dtype."""
    return like.dtype.type(value)


def _wide(fn):
    """A transcendental step: computed in float64, rounded once to the input's dtype."""
    def step(a):
        a = np.asarray(a)
        return fn(a.astype(F64)).astype(a.dtype) if a.dtype == F32 else fn(a)
    return step


_log = _wide(np.log)
_exp = _wide(np.exp)
_log1p = _wide(np.log1p)
_sqrt = _wide(np.sqrt)


_c_log = libm.function("log", _log)  # binary_cross_entropy's kernel calls std::log, std::log1p
_c_log1p = libm.function("log1p", _log1p)


def _sigmoid(x):
    """torch's sigmoid kernel: 1 / (1 + exp(-x)), each step in x's dtype."""
    return x.dtype.type(1) / (x.dtype.type(1) + _exp(-x))


def _log_sigmoid(x):
    """torch's log_sigmoid kernel: min(x, 0) - log1p(exp(-|x|)), each step in x's dtype."""
    return np.minimum(x, x.dtype.type(0)) - _log1p(_exp(-np.abs(x)))


def _xlogy(x, y):
    """x * log(y), 0 where x is 0 (and nan where y is nan), as torch.xlogy."""
    out = x * _log(y)
    return np.where(np.isnan(y), y, np.where(x == 0, x.dtype.type(0), out))


def _sgn(a):
    return np.sign(a).astype(a.dtype)


def _outer_sum(a):
    """Each column of ``a`` (rows, columns) summed down its rows as torch's sum kernel adds a
    reduced outer dimension (``reduction.outer_sum``)."""
    return reduction.outer_sum(a[None])[0] + a.dtype.type(0)


def _sum_to(g, shape):
    """ExpandBackward: a broadcast gradient summed back to the operand's shape, in torch's
    order where the summed dimensions lead (or trail) the kept ones."""
    if g is None or g.shape == tuple(shape):
        return g
    lead = g.ndim - len(shape)
    full = (1,) * lead + tuple(shape)
    summed = [i for i in range(g.ndim) if full[i] == 1 and g.shape[i] != 1]
    kept = math.prod(full)
    if summed == list(range(len(summed))):  # leading: an outer reduction
        return _outer_sum(g.reshape(-1, kept)).reshape(shape)
    if summed == list(range(g.ndim - len(summed), g.ndim)):  # trailing: contiguous runs
        return np.asarray(torch_sum(g.reshape(kept, -1), axis=-1)).reshape(shape)
    return np.sum(g, axis=tuple(summed), dtype=g.dtype).reshape(shape)


# --- reductions -------------------------------------------------------------------------------


def _reduce(loss, reduction):
    """torch's apply_loss_reduction: each loss, their sum, or their mean (sum / count)."""
    if reduction == "none":
        return loss
    total = np.asarray(torch_sum(loss))
    if reduction == "mean":
        with np.errstate(invalid="ignore"):
            total = total / _scalar(loss.size, loss)
    return total


def _unreduce(g, shape, reduction, dtype):
    """MeanBackward0 / SumBackward0: each element's share of the reduced gradient."""
    g = np.asarray(g, dtype)
    if reduction == "mean":
        g = g / dtype.type(math.prod(shape))
    return np.broadcast_to(g, shape)


def _norm(reduction, shape, dtype, scale=1.0):
    """A native backward's ``norm``: scale / numel for 'mean' (in double), in the tensor's dtype."""
    return dtype.type(scale / math.prod(shape) if reduction == "mean" else scale)


def _weighted(errors, weight, reduction, by_weight_sum):
    """nn.functional's weighted path: errors * weight, then none, sum, or a mean."""
    weighted = errors * weight
    saved = {"errors": errors, "weight": weight, "reduction": reduction, "by": by_weight_sum}
    if reduction == "none":
        return weighted, saved
    total = np.asarray(torch_sum(weighted))
    if reduction == "sum":
        return total, saved
    if not by_weight_sum:
        return total / _scalar(weighted.size, weighted), saved
    saved["num"], saved["den"] = total, np.asarray(torch_sum(weight))
    return total / saved["den"], saved


def _weighted_backward(g, saved):
    """(d/d errors, d/d weight) of ``_weighted``, chained as autograd chains its ops."""
    errors, weight = saved["errors"], saved["weight"]
    dtype, reduction = errors.dtype, saved["reduction"]
    g_den = None
    if reduction == "mean" and saved["by"]:  # DivBackward0 of sum(w e) / sum(w)
        num, den = saved["num"], saved["den"]
        g_den = -np.asarray(g, dtype) * ((num / den) / den)
        g = np.asarray(g, dtype) / den
        reduction = "sum"
    g = _unreduce(g, errors.shape, reduction, dtype)
    g_errors, g_weight = g * weight, g * errors  # MulBackward0
    if g_den is not None:
        g_weight = g_weight + np.broadcast_to(g_den, weight.shape)
    return g_errors, g_weight


# --- the catalogue's entry and shared checks ----------------------------------------------------


class LossKernel:
    """One torch loss: its array inputs, checks, forward, backward and the grad_fn torch shows.

    ``arrays`` names the tensor parameters in torch's order (an absent optional one is passed
    as None); ``grad_fn(shapes, dtypes, **options)`` names the result's grad_fn (it changes
    with the reduction where torch composes the loss); ``check(shapes, dtypes, **options)``
    raises torch's refusals that need no data (keyed errors); ``forward(*arrays, **options)``
    gives ``(out, saved)`` and raises the refusals that read data; ``backward(grad_out,
    saved)`` gives one gradient (or None) per array, None wherever ``differentiable`` is False,
    the array is absent or torch gives none (class indices). ``exact(**options)`` says
    whether forward and backward are torch's bit for bit in float32 and float64 with those
    options (no transcendental step, every sum in torch's order).
    """

    __slots__ = ("name", "arrays", "grad_fn", "check", "forward", "backward", "differentiable",
                 "exact")

    def __init__(self, name, arrays, grad_fn, check, forward, backward, differentiable, exact):
        self.name, self.arrays, self.grad_fn, self.check = name, arrays, grad_fn, check
        self.forward, self.backward, self.differentiable = forward, backward, differentiable
        self.exact = exact

    def __repr__(self):
        return f"LossKernel({self.name!r})"


KERNELS = {}
_TYPE_NAMES = {"float32": "Float", "float64": "Double", "int64": "Long", "int32": "Int",
               "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool"}


def _type_name(dtype):
    return _TYPE_NAMES.get(np.dtype(dtype).name, np.dtype(dtype).name)


def _quiet(fn):
    def run(*args, **kwargs):
        with np.errstate(all="ignore"):  # IEEE results, as torch: inf and nan, never a warning
            return fn(*args, **kwargs)
    run.__doc__ = fn.__doc__
    return run


def _register(name, arrays, grad_fn, check, forward, backward, differentiable, exact=False):
    grad_fn = grad_fn if callable(grad_fn) else (lambda shapes, dtypes, _name=grad_fn, **o: _name)
    exact = exact if callable(exact) else (lambda _exact=exact, **options: _exact)
    KERNELS[name] = LossKernel(name, tuple(arrays), grad_fn, check, _quiet(forward),
                               _quiet(backward), tuple(differentiable), exact)


def _by_reduction(none, mean="MeanBackward0", total="SumBackward0"):
    """A grad_fn that is the elementwise op's for 'none', else the reduction's."""
    return lambda shapes, dtypes, reduction="mean", **o: {"none": none, "mean": mean,
                                                          "sum": total}[reduction]


def _check_reduction(reduction, key="loss.reduction"):
    if reduction not in REDUCTIONS:
        raise keyed(ValueError, key, value=reduction)


def _check_float(dtype, kernel):
    if dtype is not None and np.dtype(dtype).kind != "f":
        raise keyed(ValueError, "tensor.not_implemented", kernel=kernel, dtype=_type_name(dtype))


def broadcast_shape(a, b):
    """torch's infer_size: the broadcast shape of two shapes, or its error."""
    n = max(len(a), len(b))
    out = []
    for i in range(n):
        x = a[i - n + len(a)] if i - n + len(a) >= 0 else 1
        y = b[i - n + len(b)] if i - n + len(b) >= 0 else 1
        if x != y and x != 1 and y != 1:
            raise keyed(ValueError, "tensor.broadcast", a=x, b=y, dim=i)
        out.append(y if x == 1 else x)
    return tuple(out)


def _same_size(shapes, key):
    """torch's refusal of a target whose size differs from the input's."""
    if tuple(shapes[1]) != tuple(shapes[0]):
        raise keyed(ValueError, key, target=_size(shapes[1]), input=_size(shapes[0]))


def _size(shape):
    return f"torch.Size([{', '.join(str(n) for n in shape)}])"


# --- regression: l1, mse, huber, smooth l1 ------------------------------------------------------


def _pointwise_check(kernel, weighted_mean_key="loss.reduction_mode"):
    def check(shapes, dtypes, reduction="mean", **options):
        weight = shapes[2] if len(shapes) > 2 else None
        _check_reduction(reduction, weighted_mean_key if weight is not None else "loss.reduction")
        broadcast_shape(shapes[0], shapes[1])
        if weight is not None and tuple(weight) != tuple(shapes[0]):
            raise keyed(ValueError, "loss.weight_size")
        if kernel:
            _check_float(np.result_type(dtypes[0], dtypes[1]), kernel)
        if options.get("delta", 1.0) <= 0:
            raise keyed(ValueError, "loss.delta")
        if options.get("beta", 0.0) < 0:
            raise keyed(ValueError, "loss.beta")
    return check


def _weighted_grad_fn(plain, mean="DivBackward0"):
    def grad_fn(shapes, dtypes, reduction="mean", **options):
        if len(shapes) > 2 and shapes[2] is not None:
            return {"none": "MulBackward0", "sum": "SumBackward0", "mean": mean}[reduction]
        return plain(shapes, dtypes, reduction=reduction, **options)
    return grad_fn


def _l1_check(shapes, dtypes, reduction="mean", **options):
    _pointwise_check(None)(shapes, dtypes, reduction)
    if np.dtype(np.result_type(dtypes[0], dtypes[1])).kind != "f" and (
            reduction == "mean" or (len(shapes) > 2 and shapes[2] is not None)):
        raise keyed(ValueError, "tensor.mean_dtype",
                    dtype=_type_name(np.result_type(dtypes[0], dtypes[1])))


def _l1_forward(x, y, weight=None, reduction="mean"):
    d = np.subtract(*np.broadcast_arrays(x, y))
    errors = np.abs(d)
    saved = {"d": d, "shapes": (np.shape(x), np.shape(y)), "reduction": reduction}
    if weight is None:
        return _reduce(errors, reduction), saved
    out, saved["weighted"] = _weighted(errors, weight, reduction, True)
    return out, saved


def _l1_backward(g, saved):
    d = saved["d"]
    g_weight = None
    if "weighted" in saved:
        g_errors, g_weight = _weighted_backward(g, saved["weighted"])
    else:
        g_errors = _unreduce(g, d.shape, saved["reduction"], d.dtype)
    g_d = g_errors * _sgn(d)  # AbsBackward0: grad * sgn(d)
    sx, sy = saved["shapes"]
    return _sum_to(g_d, sx), _sum_to(-g_d, sy), g_weight


_register("l1_loss", ("input", "target", "weight"),
          _weighted_grad_fn(_by_reduction("AbsBackward0")), _l1_check, _l1_forward,
          _l1_backward, (True, True, True), exact=True)


def _mse_forward(x, y, weight=None, reduction="mean"):
    xb, yb = np.broadcast_arrays(x, y)
    d = xb - yb
    errors = d * d
    saved = {"d": d, "shapes": (np.shape(x), np.shape(y)), "reduction": reduction}
    if weight is None:
        return _reduce(errors, reduction), saved
    out, saved["weighted"] = _weighted(errors, weight, reduction, True)
    return out, saved


def _mse_backward(g, saved):
    d = saved["d"]
    sx, sy = saved["shapes"]
    if "weighted" in saved:  # pow(d, 2) * w: PowBackward0 is grad * (2 d)
        g_errors, g_weight = _weighted_backward(g, saved["weighted"])
        g_d = g_errors * (d.dtype.type(2) * d)
        return _sum_to(g_d, sx), _sum_to(-g_d, sy), g_weight
    # mse_loss_backward: norm * (input - target) * grad, norm = 2 (/ numel for 'mean'); the
    # target's is the same kernel with the two swapped: target - input, which is 0 - d (a +0
    # where they are equal, where -d would be -0)
    norm = _norm(saved["reduction"], d.shape, d.dtype, 2.0)
    g = np.asarray(g, d.dtype)
    return _sum_to(norm * d * g, sx), _sum_to(norm * (d.dtype.type(0) - d) * g, sy), None


_register("mse_loss", ("input", "target", "weight"),
          _weighted_grad_fn(lambda shapes, dtypes, **o: "MseLossBackward0"),
          _pointwise_check("mse_cpu"), _mse_forward, _mse_backward, (True, True, True), exact=True)


def _piecewise_forward(quadratic, linear, param):
    def forward(x, y, weight=None, reduction="mean", **options):
        xb, yb = np.broadcast_arrays(x, y)
        d = xb - yb
        z = np.abs(d)
        p = _scalar(options.get(param, 1.0), d)  # both default to 1
        errors = np.where(z < p, quadratic(z, p), linear(z, p))
        saved = {"d": d, "shapes": (np.shape(x), np.shape(y)), "reduction": reduction, "p": p,
                 "p64": float(options.get(param, 1.0))}
        if weight is None:
            return _reduce(errors, reduction), saved
        out, saved["weighted"] = _weighted(errors, weight, reduction, False)
        return out, saved
    return forward


def _vector_or_scalar(vec, scalar):
    """A pointwise kernel's result: its vectorised formula on the elements the vector loop covers
    (pairs of 512-bit vectors), its scalar formula on the rest, as cpu_kernel_vec runs them."""
    flat_vec, flat_scalar = vec.reshape(-1), scalar.reshape(-1)
    n = flat_vec.size
    head = n - n % (2 * _VEC[vec.dtype])
    return np.concatenate([flat_vec[:head], flat_scalar[head:]]).reshape(vec.shape)


def _piecewise_backward(vec_slope, scalar_grad):
    """huber's and smooth l1's backward kernels: the slope of the outside (+-1 or +-p) or the
    inside, times norm and grad, in each loop's order."""
    def backward(g, saved):
        d, p = saved["d"], saved["p"]
        sx, sy = saved["shapes"]
        g_weight = None
        if "weighted" in saved:  # errors * w, then a plain mean: the kernel sees a full grad
            g, g_weight = _weighted_backward(g, saved["weighted"])
            norm = d.dtype.type(1)
        else:
            norm = _norm(saved["reduction"], d.shape, d.dtype)
        g = np.broadcast_to(np.asarray(g, d.dtype), d.shape)

        def kernel(diff):  # the backward kernel of (a, b), diff = a - b
            sign = np.where(diff > 0, diff.dtype.type(1), diff.dtype.type(-1))
            vec = norm * vec_slope(diff, sign, p) * g
            return _vector_or_scalar(vec, scalar_grad(diff, norm, g, saved["p64"]))

        # the target's is the kernel of (target, input): target - input is 0 - d exactly
        return _sum_to(kernel(d), sx), _sum_to(kernel(d.dtype.type(0) - d), sy), g_weight
    return backward


def _times_double(a, p, divide=False):
    """a * p (or a / p) where the scalar loop computes it in double: its delta, beta are C++
    doubles, so the product is rounded once, to a's dtype."""
    wide = a.astype(F64)
    return ((wide / float(p)) if divide else (wide * float(p))).astype(a.dtype)


def _half(p):
    return p.dtype.type(0.5)


# huber: 0.5 z^2 inside delta, delta (z - delta / 2) outside; d/dd = norm * grad * delta outside
_register("huber_loss", ("input", "target", "weight"),
          _weighted_grad_fn(lambda shapes, dtypes, **o: "HuberLossBackward0", mean="MeanBackward0"),
          _pointwise_check("huber_cpu"),
          _piecewise_forward(lambda z, p: _half(p) * z * z, lambda z, p: p * (z - _half(p) * p),
                             "delta"),
          _piecewise_backward(
              lambda d, sign, p: np.where(np.abs(d) >= p, sign * p, d),
              lambda d, n, g, p: np.where(d <= -p, _times_double(-n * g, p),
                                          np.where(d >= p, _times_double(n * g, p), n * d * g))),
          (True, True, True), exact=True)

# smooth l1: 0.5 z^2 / beta inside beta, z - beta / 2 outside; d/dd = norm * grad outside
_smooth_l1_forward = _piecewise_forward(lambda z, p: _half(p) * z * z / p,
                                        lambda z, p: z - _half(p) * p, "beta")
_smooth_l1_backward = _piecewise_backward(
    lambda d, sign, p: np.where(np.abs(d) >= p, sign, d / p),
    lambda d, n, g, p: np.where(d <= -p, -n * g,
                                np.where(d >= p, n * g, _times_double(n * d * g, p, divide=True))))


def _smooth_l1_grad_fn(shapes, dtypes, reduction="mean", beta=1.0):
    if beta == 0:  # torch runs l1_loss instead
        return KERNELS["l1_loss"].grad_fn(shapes[:2], dtypes[:2], reduction=reduction)
    return "SmoothL1LossBackward0"


def _smooth_l1_forward_or_l1(x, y, reduction="mean", beta=1.0):
    if beta == 0:
        return _l1_forward(x, y, None, reduction)
    return _smooth_l1_forward(x, y, None, reduction, beta=beta)


def _smooth_l1_backward_or_l1(g, saved):
    if "p" not in saved:
        return _l1_backward(g, saved)[:2]
    return _smooth_l1_backward(g, saved)[:2]


_register("smooth_l1_loss", ("input", "target"), _smooth_l1_grad_fn,
          _pointwise_check("smooth_l1_cpu"), _smooth_l1_forward_or_l1,
          _smooth_l1_backward_or_l1, (True, True), exact=True)


# --- margins: soft margin, margin ranking, hinge embedding --------------------------------------


def _reduction_check(kernel=None, key="loss.reduction"):
    def check(shapes, dtypes, reduction="mean", **options):
        _check_reduction(reduction, key)
        if kernel:
            _check_float(dtypes[0], kernel)
    return check


def _soft_margin_forward(x, y, reduction="mean"):
    """log(1 + exp(-y x)), as torch's in-place chain neg, mul, exp, add 1, log."""
    loss = _log(_exp(-x * y) + x.dtype.type(1))
    return _reduce(loss, reduction), {"x": x, "y": y, "reduction": reduction}


def _soft_margin_backward(g, saved):
    x, y = saved["x"], saved["y"]
    norm = _norm(saved["reduction"], x.shape, x.dtype)
    z = _exp(-y * x)
    # -norm y z / (1 + z) * grad, in soft_margin_loss_backward's order
    g_x = (y * z) * -norm / (z + x.dtype.type(1)) * np.asarray(g, x.dtype)
    return g_x, None


_register("soft_margin_loss", ("input", "target"), "SoftMarginLossBackward0",
          _reduction_check("exp_vml_cpu"), _soft_margin_forward, _soft_margin_backward,
          (True, False))


def _margin_ranking_check(shapes, dtypes, reduction="mean", **options):
    _check_reduction(reduction)
    if not len(shapes[0]) == len(shapes[1]) == len(shapes[2]):
        raise keyed(ValueError, "loss.ranking_dims", input1=_size(shapes[0]),
                    input2=_size(shapes[1]), target=_size(shapes[2]))
    broadcast_shape(broadcast_shape(shapes[0], shapes[1]), shapes[2])


def _margin_ranking_forward(x1, x2, y, margin=0.0, reduction="mean"):
    """max(0, -y (x1 - x2) + margin)."""
    d = x1 - x2
    s = -y * d + _scalar(margin, d)
    loss = np.maximum(s, d.dtype.type(0))
    saved = {"d": d, "y": y, "s": s, "reduction": reduction,
             "shapes": (x1.shape, x2.shape, y.shape)}
    return _reduce(loss, reduction), saved


def _margin_ranking_backward(g, saved):
    d, y, s = saved["d"], saved["y"], saved["s"]
    g = _unreduce(g, s.shape, saved["reduction"], s.dtype)
    g_s = np.where(s >= 0, g, s.dtype.type(0))  # ClampMinBackward0: grad where s >= 0
    g_d = g_s * -y
    s1, s2, sy = saved["shapes"]
    return _sum_to(g_d, s1), _sum_to(-g_d, s2), _sum_to(-(g_s * d), sy)


_register("margin_ranking_loss", ("input1", "input2", "target"),
          _by_reduction("ClampMinBackward0"), _margin_ranking_check, _margin_ranking_forward,
          _margin_ranking_backward, (True, True, True), exact=True)


def _hinge_forward(x, y, margin=1.0, reduction="mean"):
    """x where y is 1, max(0, margin - x) where y is -1 (and their sum for any other y)."""
    zero = x.dtype.type(0)
    gap = _scalar(margin, x) - x
    loss = np.where(y != 1, np.maximum(gap, zero), zero) + np.where(y != -1, x, zero)
    saved = {"gap": gap, "y": y, "reduction": reduction, "shape": x.shape}
    return _reduce(loss, reduction), saved


def _hinge_backward(g, saved):
    gap, y = saved["gap"], saved["y"]
    zero = gap.dtype.type(0)
    g = _unreduce(g, np.broadcast_shapes(gap.shape, y.shape), saved["reduction"], gap.dtype)
    g_gap = np.where((y != 1) & (gap >= 0), g, zero)
    return _sum_to(np.where(y != -1, g, zero) + -g_gap, saved["shape"]), None


_register("hinge_embedding_loss", ("input", "target"), _by_reduction("AddBackward0"),
          _reduction_check(), _hinge_forward, _hinge_backward, (True, False), exact=True)


# --- binary classification: BCE, BCE with logits ------------------------------------------------


def _bce_check(shapes, dtypes, reduction="mean", **options):
    _check_reduction(reduction)
    _same_size(shapes, "loss.bce_size")
    if dtypes[1] != dtypes[0]:  # torch checks the dtypes agree before it needs floats
        raise keyed(ValueError, "loss.target_dtype", got=_type_name(dtypes[1]),
                    expected=_type_name(dtypes[0]))
    _check_float(dtypes[0], "binary_cross_entropy")
    if shapes[2] is not None:
        broadcast_shape(shapes[1], shapes[2])


def _bce_forward(x, y, weight=None, reduction="mean"):
    """-(y log x + (1 - y) log1p(-x)), each log clamped at -100, times the weight: torch's
    scalar kernel, whose logs are the C library's."""
    if not np.all((x >= 0) & (x <= 1)):
        raise keyed(ValueError, "loss.bce_range")
    one, floor = x.dtype.type(1), x.dtype.type(-100)
    loss = (y - one) * np.maximum(_c_log1p(-x), floor) - y * np.maximum(_c_log(x), floor)
    if weight is not None:
        loss = loss * weight
    return _reduce(loss, reduction), {"x": x, "y": y, "w": weight, "reduction": reduction}


def _bce_backward(g, saved):
    x, y, w = saved["x"], saved["y"], saved["w"]
    one, n = x.dtype.type(1), x.dtype.type(x.size)
    g = np.broadcast_to(np.asarray(g, x.dtype), x.shape)
    g_x = g * (x - y) / np.maximum((one - x) * x, x.dtype.type(_EPSILON))
    g_y = -_log(x / (one - x)) * g  # -logit(x) * grad
    if w is not None:
        g_x, g_y = g_x * w, g_y * w
    if saved["reduction"] == "mean":
        g_x, g_y = g_x / n, g_y / n
    return g_x, g_y, None


_register("binary_cross_entropy", ("input", "target", "weight"),
          "BinaryCrossEntropyBackward0", _bce_check, _bce_forward, _bce_backward,
          (True, True, False))


def _logits_check(shapes, dtypes, reduction="mean", **options):
    _check_reduction(reduction)
    _same_size(shapes, "loss.logits_size")
    _check_float(dtypes[0], "log_sigmoid_cpu")
    if np.dtype(dtypes[1]).kind in "iu":  # torch computes in the target's dtype: it cannot
        raise keyed(ValueError, "tensor.cast", result=_type_name(dtypes[0]),
                    dtype=_type_name(dtypes[1]))
    for extra in shapes[2:]:
        if extra is not None:
            broadcast_shape(shapes[0], extra)


def _logits_forward(x, y, weight=None, pos_weight=None, reduction="mean"):
    """(1 - y) x - log_sigmoid(x), the log-sigmoid scaled by 1 + (pos_weight - 1) y."""
    one = x.dtype.type(1)
    log_sig = _log_sigmoid(x)
    if pos_weight is not None:
        log_sig = log_sig * ((pos_weight - one) * y + one)
    loss = (one - y) * x - log_sig
    if weight is not None:
        loss = loss * weight
    saved = {"x": x, "y": y, "w": weight, "pw": pos_weight, "reduction": reduction}
    return _reduce(loss, reduction), saved


def _logits_backward(g, saved):
    x, y, w, pw = saved["x"], saved["y"], saved["w"], saved["pw"]
    one = x.dtype.type(1)
    g = np.broadcast_to(np.asarray(g, x.dtype), x.shape)
    if pw is None:
        g_x, g_y = (_sigmoid(x) - y) * g, -x * g
    else:
        t = pw * y
        g_x = ((t + one - y) * _sigmoid(x) - t) * g
        g_y = (_log_sigmoid(-x) - _log_sigmoid(x) * pw) * g
    if w is not None:
        g_x, g_y = g_x * w, g_y * w
    if saved["reduction"] == "mean":
        n = x.dtype.type(x.size)
        g_x, g_y = g_x / n, g_y / n
    return g_x, g_y, None, None


_register("binary_cross_entropy_with_logits", ("input", "target", "weight", "pos_weight"),
          "BinaryCrossEntropyWithLogitsBackward0", _logits_check, _logits_forward,
          _logits_backward, (True, True, False, False))


# --- probabilistic: KL divergence, Poisson and Gaussian NLL --------------------------------------


def _kl_check(shapes, dtypes, reduction="mean", **options):
    if reduction not in REDUCTIONS + ("batchmean",):
        raise keyed(ValueError, "loss.reduction", value=reduction)
    broadcast_shape(shapes[0], shapes[1])
    _check_float(np.result_type(dtypes[0], dtypes[1]), "xlogy_cpu")


def _kl_grad_fn(shapes, dtypes, reduction="mean", log_target=False):
    if reduction == "batchmean":
        return "DivBackward0" if len(shapes[0]) else "SumBackward0"
    return _by_reduction("MulBackward0" if log_target else "SubBackward0")(shapes, dtypes,
                                                                          reduction)


def _kl_forward(x, t, reduction="mean", log_target=False):
    """sum t (log t - x) over the elements: xlogy(t, t) - t x, or exp(t) (t - x) for log t."""
    xb, tb = np.broadcast_arrays(x, t)
    if log_target:
        e = _exp(tb)
        loss = e * (tb - xb)
    else:
        e = None
        loss = _xlogy(tb, tb) - tb * xb
    saved = {"x": xb, "t": tb, "e": e, "reduction": reduction, "shapes": (x.shape, t.shape)}
    if reduction == "batchmean":
        total = np.asarray(torch_sum(loss))
        return (total / _scalar(x.shape[0], total) if x.ndim else total), saved
    return _reduce(loss, reduction), saved


def _kl_backward(g, saved):
    x, t, e = saved["x"], saved["t"], saved["e"]
    reduction = saved["reduction"]
    if reduction == "batchmean":  # DivBackward0, then SumBackward0
        g = np.asarray(g, x.dtype)
        g, reduction = (g / _scalar(x.shape[0], g) if x.ndim else g), "sum"
    g = _unreduce(g, x.shape, reduction, x.dtype)
    if e is not None:  # exp(t) * (t - x)
        g_sub = g * e
        g_t = g * (t - x) * e + g_sub
        g_x = -g_sub
    else:  # xlogy(t, t) - t * x: XlogyBackward0 gives t two terms, MulBackward0 a third
        g_mul = -g
        g_x = g_mul * t
        g_t = g * _xlogy((t != 0).astype(t.dtype), t) + g * t / t + g_mul * x
    sx, st = saved["shapes"]
    return _sum_to(g_x, sx), _sum_to(g_t, st)


_register("kl_div", ("input", "target"), _kl_grad_fn, _kl_check, _kl_forward, _kl_backward,
          (True, True))


def _poisson_grad_fn(shapes, dtypes, reduction="mean", full=False, **options):
    return _by_reduction("AddBackward0" if full else "SubBackward0")(shapes, dtypes, reduction)


def _poisson_forward(x, y, log_input=True, full=False, eps=1e-8, reduction="mean"):
    """exp(x) - y x for a log rate x, else x - y log(x + eps); plus Stirling's term if full."""
    xb, yb = np.broadcast_arrays(x, y)
    saved = {"x": xb, "y": yb, "log_input": log_input, "full": full, "reduction": reduction,
             "shapes": (x.shape, y.shape)}
    if log_input:
        saved["e"] = _exp(xb)
        loss = saved["e"] - yb * xb
    else:
        saved["xe"] = xb + _scalar(eps, xb)
        saved["log"] = _log(saved["xe"])
        loss = xb - yb * saved["log"]
    if full:
        c = _scalar(2 * math.pi, yb) * yb
        stirling = yb * _log(yb) - yb + _scalar(0.5, yb) * _log(c)
        loss = loss + np.where(yb <= 1, yb.dtype.type(0), stirling)
    return _reduce(loss, reduction), saved


def _poisson_backward(g, saved):
    x, y = saved["x"], saved["y"]
    g = _unreduce(g, x.shape, saved["reduction"], x.dtype)
    g_mul = -g
    if saved["log_input"]:
        g_x = g * saved["e"] + g_mul * y
        g_y = g_mul * x
    else:
        g_x = g + g_mul * y / saved["xe"]
        g_y = g_mul * saved["log"]
    if saved["full"]:  # autograd runs the Stirling term's ops first, the latest made first
        g_s = np.where(y <= 1, y.dtype.type(0), g)
        two_pi = _scalar(2 * math.pi, y)
        g_c = g_s * _scalar(0.5, y) / (two_pi * y)
        g_y = (g_c * two_pi + -g_s + g_s * _log(y) + g_s * y / y) + g_y
    sx, sy = saved["shapes"]
    return _sum_to(g_x, sx), _sum_to(g_y, sy)


_register("poisson_nll_loss", ("input", "target"), _poisson_grad_fn,
          _reduction_check(), _poisson_forward, _poisson_backward, (True, True))


def _var_shape(input_shape, var_shape):
    """The shape var takes against the input, as gaussian_nll_loss reshapes or refuses it."""
    if tuple(var_shape) == tuple(input_shape):
        return tuple(var_shape)
    if tuple(input_shape[:-1]) == tuple(var_shape):
        return tuple(var_shape) + (1,)
    if len(input_shape) == len(var_shape) and sum(
            v for i, v in zip(input_shape, var_shape, strict=True) if i != v) == 1:
        return tuple(var_shape)  # one dimension of size 1: the same variance along it
    raise keyed(ValueError, "loss.var_size")


def _gaussian_check(shapes, dtypes, full=False, eps=1e-6, reduction="mean"):
    if shapes[2] is not None:
        _var_shape(shapes[0], shapes[2])
    if reduction not in REDUCTIONS:
        raise keyed(ValueError, "loss.not_valid", value=reduction)


def _gaussian_grad_fn(shapes, dtypes, reduction="mean", full=False, **options):
    return _by_reduction("AddBackward0" if full else "MulBackward0")(shapes, dtypes, reduction)


def _gaussian_forward(x, y, var, full=False, eps=1e-6, reduction="mean"):
    """(log(max(var, eps)) + (x - y)^2 / max(var, eps)) / 2, plus log(2 pi) / 2 if full.

    ``var`` is an array, or a Python float (then a constant variance, with no gradient; its
    shape and dtype are None for ``check``)."""
    constant = isinstance(var, float)
    if constant:
        if var < 0:
            raise keyed(ValueError, "loss.var_negative")
        var = np.full(np.shape(x), var, x.dtype)
    elif np.any(var < 0):
        raise keyed(ValueError, "loss.var_negative")
    var_shape = var.shape
    v = np.maximum(var.reshape(_var_shape(x.shape, var.shape)), _scalar(eps, var))
    d = x - y
    sq = d * d
    half = d.dtype.type(0.5)
    loss = half * (_log(v) + sq / v)
    if full:
        loss = loss + _scalar(0.5 * math.log(2 * math.pi), loss)
    saved = {"d": d, "sq": sq, "v": v, "reduction": reduction, "constant": constant,
             "shapes": (x.shape, y.shape, var_shape), "loss_shape": loss.shape}
    return _reduce(loss, reduction), saved


def _gaussian_backward(g, saved):
    d, sq, v = saved["d"], saved["sq"], saved["v"]
    g = _unreduce(g, saved["loss_shape"], saved["reduction"], d.dtype)
    g_a = g * d.dtype.type(0.5)
    g_sq = g_a / v
    g_d = g_sq * (d.dtype.type(2) * d)  # PowBackward0: grad * 2 d
    g_v = g_a / v + -g_a * ((sq / v) / v)  # LogBackward0 and DivBackward0's divisor term
    sx, sy, sv = saved["shapes"]
    g_var = None if saved["constant"] else _sum_to(g_v, v.shape).reshape(sv)
    return _sum_to(g_d, sx), _sum_to(-g_d, sy), g_var


_register("gaussian_nll_loss", ("input", "target", "var"), _gaussian_grad_fn, _gaussian_check,
          _gaussian_forward, _gaussian_backward, (True, True, True))


# --- multi-class: NLL, cross-entropy --------------------------------------------------------------


def _class_layout(shapes):
    """(N, C, S, per-target shape) of (C,), (N, C) or (N, C, d1, ...) scores, target checked."""
    shape, target = tuple(shapes[0]), tuple(shapes[1])
    if len(shape) == 0:
        raise keyed(ValueError, "loss.input_0d")
    if len(shape) == 1:
        n, c, s, out = 1, shape[0], 1, ()
    else:
        n, c, s, out = shape[0], shape[1], math.prod(shape[2:]), (shape[0],) + shape[2:]
    if target != out:
        if len(shape) <= 2 and len(target) > 1:
            raise keyed(ValueError, "loss.multi_target")
        if len(shape) >= 2 and len(target) >= 1 and target[0] != n:
            raise keyed(ValueError, "loss.batch_size", n=n, got=target[0])
        raise keyed(ValueError, "loss.target_size", expected=list(out), got=list(target),
                    shape=list(shape))
    return n, c, s, out


def _class_weight_check(weight_shape, c):
    if weight_shape is not None and (len(weight_shape) != 1 or weight_shape[0] != c):
        raise keyed(ValueError, "loss.class_weight", c=c, shape=list(weight_shape))


def _nll_check(shapes, dtypes, reduction="mean", ignore_index=IGNORE_INDEX):
    _check_reduction(reduction)
    _check_float(dtypes[0], "nll_loss_out_frame")
    _, c, _, _ = _class_layout(shapes)
    if np.dtype(dtypes[1]) != np.int64:
        raise keyed(ValueError, "loss.class_dtype", dtype=_type_name(dtypes[1]))
    _class_weight_check(shapes[2], c)


def _nll_grad_fn(shapes, dtypes, reduction="mean", **options):
    nd = len(shapes[0])
    if nd <= 2:
        return "NllLossBackward0"
    # torch runs 3-D and higher inputs through the 2-D kernel, viewing back when unreduced
    return "ViewBackward0" if reduction == "none" and nd != 4 else "NllLoss2DBackward0"


def _cascade(values, positions, count):
    """nll_loss's sum of ``count`` targets' terms (those kept, at ``positions``): an
    eight-level cascade keyed on each kept target's position."""
    power = max(4, _ceil_log2(count) // 8)
    mask = (1 << power) - 1
    dtype = values.dtype.type
    acc = [dtype(0)] * 8
    for v, b in zip(values, positions.tolist(), strict=True):
        acc[0] = acc[0] + v
        for j in range(7):
            if b & (mask << (j * power)):
                break
            acc[j + 1] = acc[j + 1] + acc[j]
            acc[j] = dtype(0)
    total = dtype(0)
    for a in acc:
        total = total + a
    return total


def _nll_scores(x, target, ignore_index):
    """The (N*S) picked log-probabilities, their classes, and which targets count."""
    c = x.shape[0] if x.ndim == 1 else x.shape[1]
    # the spatial size written out: reshape's -1 cannot infer it when there are no rows
    rows = x.reshape(1, c, 1) if x.ndim == 1 else x.reshape(x.shape[0], c,
                                                             math.prod(x.shape[2:]))
    t = target.reshape(rows.shape[0], rows.shape[2])
    kept = t != ignore_index
    if np.any(kept & ((t < 0) | (t >= c))):
        bad = int(t[kept & ((t < 0) | (t >= c))][0])
        raise keyed(ValueError, "loss.class_range", k=bad, last=c - 1, c=c,
                    ignore_index=ignore_index)
    safe = np.where(kept, t, 0)
    picked = np.take_along_axis(rows, safe[:, None, :], axis=1)[:, 0, :]
    return picked.reshape(-1), safe.reshape(-1), kept.reshape(-1), c


def _nll_forward(x, target, weight=None, reduction="mean", ignore_index=IGNORE_INDEX):
    """-w[t] x[t] per target (0 where ignored), summed in nll_loss's cascade, or their mean
    over the kept targets' total weight."""
    picked, t, kept, c = _nll_scores(x, target, ignore_index)
    dtype = x.dtype.type
    w = np.ones(c, x.dtype) if weight is None else weight
    wt = np.where(kept, w[t], dtype(0))
    saved = {"shape": x.shape, "t": t, "kept": kept, "w": wt, "reduction": reduction,
             "weighted": weight is not None, "out": target.shape}
    if reduction == "none":
        return np.where(kept, -picked * wt, dtype(0)).reshape(target.shape), saved
    positions = np.nonzero(kept)[0]
    terms = picked[kept] * wt[kept]
    total = -_cascade(terms, positions, len(kept))
    # torch subtracts each term from the partial sums: 0 - a - b ... is -(0 + a + b ...)
    total_weight = _cascade(wt[kept], positions, len(kept)) if weight is not None \
        else dtype(len(terms))
    saved["total_weight"] = total_weight
    out = total / total_weight if reduction == "mean" else total
    return np.asarray(out + dtype(0), x.dtype), saved


def _nll_backward(g, saved):
    shape, t, kept, w = saved["shape"], saved["t"], saved["kept"], saved["w"]
    dtype = w.dtype.type
    c = shape[0] if len(shape) == 1 else shape[1]
    n = 1 if len(shape) == 1 else shape[0]
    s = math.prod(shape[2:])
    if saved["reduction"] == "none":
        picked = -w * np.asarray(g, w.dtype).reshape(-1)
    else:
        g = dtype(g)
        total = saved["total_weight"]
        picked = w * -(g / total if saved["reduction"] == "mean" else g)
    picked = np.where(kept, picked, dtype(0))
    grad = np.zeros((n, c, s), w.dtype)
    np.put_along_axis(grad, t.reshape(n, 1, s), picked.reshape(n, 1, s), axis=1)
    return grad.reshape(shape), None, None


_register("nll_loss", ("input", "target", "weight"), _nll_grad_fn, _nll_check, _nll_forward,
          _nll_backward, (True, False, False), exact=True)


def _last_axis32(a, axis):
    return a.dtype == np.float32 and a.ndim and axis == a.ndim - 1


def _log_softmax(x, axis):
    """x - max - log(sum(exp(x - max))) along ``axis``, as torch's log_softmax kernel."""
    if _last_axis32(x, axis) and x.size:  # torch's vectorised kernel
        return vecmath.log_softmax32(np.ascontiguousarray(x))
    m = np.max(x, axis=axis, keepdims=True)
    shifted = x - m
    total = np.expand_dims(torch_sum(_exp(shifted), axis=axis), axis)
    return shifted - _log(total)


def _log_softmax_backward(g, out, axis):
    """LogSoftmaxBackward0: grad - exp(out) * sum(grad)."""
    if _last_axis32(out, axis) and out.size:  # torch's vectorised kernel
        g = np.ascontiguousarray(np.broadcast_to(np.asarray(g, out.dtype), out.shape))
        return vecmath.log_softmax_backward32(g, np.ascontiguousarray(out))
    return g - _exp(out) * np.expand_dims(torch_sum(g, axis=axis), axis)


def _ce_check(shapes, dtypes, reduction="mean", ignore_index=IGNORE_INDEX, label_smoothing=0.0):
    _check_reduction(reduction)
    if not 0.0 <= label_smoothing <= 1.0:
        raise keyed(ValueError, "loss.smoothing", value=label_smoothing)
    _check_float(dtypes[0], "log_softmax_lastdim_kernel_impl")
    if tuple(shapes[1]) == tuple(shapes[0]):  # a target of class probabilities
        if np.dtype(dtypes[1]).kind != "f":
            raise keyed(ValueError, "loss.probability_dtype", dtype=_type_name(dtypes[1]))
        if ignore_index >= 0:
            raise keyed(ValueError, "loss.ignore_probabilities")
        _class_weight_check(shapes[2], shapes[0][0 if len(shapes[0]) == 1 else 1])
        return
    _nll_check(shapes, dtypes, reduction, ignore_index)


def _probabilities(shapes, dtypes):
    return tuple(shapes[1]) == tuple(shapes[0]) and np.dtype(dtypes[1]).kind == "f"


def _ce_grad_fn(shapes, dtypes, reduction="mean", label_smoothing=0.0, **options):
    if _probabilities(shapes, dtypes):
        return "DivBackward1" if reduction == "mean" else "NegBackward0"
    if label_smoothing > 0:
        return "AddBackward0"
    return _nll_grad_fn(shapes, dtypes, reduction)


def _weight_view(weight, ndim):
    """A class weight shaped to broadcast along dim 1 (dim 0 for one sample)."""
    return weight if ndim <= 1 else weight.reshape((1, -1) + (1,) * (ndim - 2))


def _ce_forward(x, target, weight=None, reduction="mean", ignore_index=IGNORE_INDEX,
                label_smoothing=0.0):
    """log_softmax over the classes, then NLL of class indices (mixed with the uniform
    distribution by label_smoothing), or cross-entropy against class probabilities."""
    axis = 0 if x.ndim == 1 else 1
    c = x.shape[axis]
    logp = _log_softmax(x, axis)
    dtype = x.dtype.type
    saved = {"logp": logp, "axis": axis, "reduction": reduction, "ls": label_smoothing,
             "weight": weight}
    if target.dtype.kind == "f":  # class probabilities
        t = target
        if label_smoothing > 0:
            t = t * dtype(1 - label_smoothing) + dtype(label_smoothing / c)
        prod = logp * t
        if weight is not None:
            prod = prod * _weight_view(weight, x.ndim)
        saved.update(t=t, probabilities=True)
        if reduction == "none":
            return -_sum_axis(prod, axis), saved
        total = -np.asarray(torch_sum(prod))
        if reduction == "sum":
            return total, saved
        saved["count"] = x.size // c if x.size else 0
        return (total / dtype(saved["count"]) if x.size else np.asarray(np.nan, x.dtype)), saved
    nll, saved["nll"] = _nll_forward(logp, target, weight, reduction, ignore_index)
    if label_smoothing == 0:
        return nll, saved
    # (1 - e) nll + smooth * e / C, smooth = -sum_c w_c logp_c, 0 where ignored
    kept = target != ignore_index
    wv = logp if weight is None else logp * _weight_view(weight, x.ndim)
    smooth = np.where(kept, -_sum_axis(wv, axis), dtype(0))
    saved["kept"] = kept
    if reduction == "mean":
        total = np.asarray(torch_sum(smooth))
        if weight is not None:
            saved["den"] = np.asarray(torch_sum(weight[target[kept]]))
        else:
            saved["den"] = dtype(np.count_nonzero(kept))
        smooth = total / saved["den"]
    elif reduction == "sum":
        smooth = np.asarray(torch_sum(smooth))
    return dtype(1 - label_smoothing) * nll + smooth * dtype(label_smoothing / c), saved


def _sum_axis(a, axis):
    """A sum over one axis: the contiguous run order on the last axis, in order elsewhere."""
    if axis == a.ndim - 1:
        return torch_sum(a, axis=-1)
    return np.cumsum(a, axis=axis, dtype=a.dtype).take(-1, axis=axis)


def _ce_backward(g, saved):
    logp, axis, weight = saved["logp"], saved["axis"], saved["weight"]
    dtype = logp.dtype.type
    ls, c = saved["ls"], logp.shape[axis]
    if saved.get("probabilities"):
        g = np.asarray(g, logp.dtype)
        if saved["reduction"] == "mean":
            g = g / dtype(saved["count"])
        g = -g  # NegBackward0
        if saved["reduction"] == "none":
            g = np.expand_dims(g, axis)
        g = np.broadcast_to(g, logp.shape)  # SumBackward
        if weight is not None:
            g = g * _weight_view(weight, logp.ndim)
        g_logp, g_t = g * saved["t"], g * logp
        if ls > 0:
            g_t = g_t * dtype(1 - ls)
        return _log_softmax_backward(g_logp, logp, axis), g_t, None
    g = np.asarray(g, logp.dtype)
    if ls == 0:
        g_logp = _nll_backward(g, saved["nll"])[0]
        return _log_softmax_backward(g_logp, logp, axis), None, None
    g_nll = g * dtype(1 - ls)  # MulBackward1 of each side of the sum
    g_smooth = g * dtype(ls / c)
    if saved["reduction"] == "mean":
        g_smooth = g_smooth / saved["den"]
    kept = saved["kept"]
    g_smooth = np.where(kept, -np.broadcast_to(g_smooth, kept.shape), dtype(0))
    g_wv = np.broadcast_to(np.expand_dims(g_smooth, axis), logp.shape)
    if weight is not None:
        g_wv = g_wv * _weight_view(weight, logp.ndim)
    g_logp = g_wv + _nll_backward(g_nll, saved["nll"])[0]
    return _log_softmax_backward(g_logp, logp, axis), None, None


_register("cross_entropy", ("input", "target", "weight"), _ce_grad_fn, _ce_check, _ce_forward,
          _ce_backward, (True, True, False))


# --- multi-label and multi-class margins ----------------------------------------------------------


def _multilabel_soft_check(shapes, dtypes, reduction="mean"):
    broadcast_shape(shapes[0], shapes[1])
    if shapes[2] is not None:
        broadcast_shape(shapes[0], shapes[2])
    _check_float(dtypes[0], "log_sigmoid_cpu")
    if reduction not in REDUCTIONS:
        raise keyed(ValueError, "loss.not_valid", value=reduction)


def _log_sigmoid_backward(x, g):
    """log_sigmoid_backward's vectorised kernel: (max_deriv - sign z / (1 + z)) grad."""
    one, zero = x.dtype.type(1), x.dtype.type(0)
    negative = x < zero
    z = _exp(-np.abs(x))
    return (np.where(negative, one, zero) - np.where(negative, one, -one) * (z / (one + z))) * g


def _multilabel_soft_forward(x, y, weight=None, reduction="mean"):
    """-(y log_sigmoid(x) + (1 - y) log_sigmoid(-x)), weighted, averaged over the classes."""
    one = x.dtype.type(1)
    unweighted = loss = -(y * _log_sigmoid(x) + (one - y) * _log_sigmoid(-x))
    if weight is not None:
        loss = loss * weight
    c = x.shape[-1]
    per_sample = torch_sum(loss, axis=-1) / _scalar(c, loss)
    saved = {"x": x, "y": y, "w": weight, "reduction": reduction, "loss_shape": loss.shape,
             "rows": np.shape(per_sample), "unweighted": unweighted,
             "shapes": (x.shape, y.shape, None if weight is None else weight.shape)}
    return _reduce(np.asarray(per_sample), reduction), saved


def _multilabel_soft_backward(g, saved):
    x, y, w = saved["x"], saved["y"], saved["w"]
    one = x.dtype.type(1)
    g = _unreduce(g, saved["rows"], saved["reduction"], x.dtype)
    g = g / _scalar(saved["loss_shape"][-1], g)  # DivBackward0
    g = np.broadcast_to(np.expand_dims(g, -1), saved["loss_shape"])  # SumBackward1
    g_w = None
    if w is not None:
        g_w = _sum_to(g * saved["unweighted"], saved["shapes"][2])
        g = g * w
    g = -g  # NegBackward0
    g_x = _log_sigmoid_backward(x, g * y) + -_log_sigmoid_backward(-x, g * (one - y))
    g_y = g * _log_sigmoid(x) + -(g * _log_sigmoid(-x))
    sx, sy, _ = saved["shapes"]
    return _sum_to(g_x, sx), _sum_to(g_y, sy), g_w


_register("multilabel_soft_margin_loss", ("input", "target", "weight"),
          _by_reduction("DivBackward0"), _multilabel_soft_check, _multilabel_soft_forward,
          _multilabel_soft_backward, (True, True, True))


def _margin_frames(shapes):
    """(frames, classes) of a multi-margin input: (C,), (N, C) or a 0-dim score."""
    shape = tuple(shapes[0])
    if not ((len(shape) == 2 and shape[1] != 0) or (len(shape) == 1 and shape[0] != 0)
            or len(shape) == 0):
        raise keyed(ValueError, "loss.margin_input", shape=list(shape))
    if len(shape) <= 1:
        return 1, (shape[0] if shape else 1)
    return shape[0], shape[1]


def _multi_margin_check(shapes, dtypes, p=1, margin=1.0, reduction="mean"):
    if p not in (1, 2):
        raise keyed(ValueError, "loss.margin_p")
    if shapes[2] is not None and len(shapes[2]) != 1:
        raise keyed(ValueError, "loss.weight_1d")
    _check_reduction(reduction)
    _check_float(dtypes[0], "multi_margin_loss_cpu_kernel")
    n, c = _margin_frames(shapes)
    if len(shapes[1]) > 1 or math.prod(shapes[1]) != n:
        raise keyed(ValueError, "loss.margin_target", n=n, shape=list(shapes[1]))
    if shapes[2] is not None and math.prod(shapes[2]) != c:
        raise keyed(ValueError, "loss.margin_weight", c=c, shape=list(shapes[2]))


def _class_rows(x, target, c):
    rows = x.reshape(-1, c)
    t = target.reshape(-1)
    if np.any((t < 0) | (t >= c)):
        raise keyed(ValueError, "loss.margin_range")
    return rows, t


def _multi_margin_forward(x, target, weight=None, p=1, margin=1.0, reduction="mean"):
    """sum over the other classes of max(0, margin - x[y] + x[i])^p (times w[y]), over C."""
    c = x.shape[-1] if x.ndim else 1
    rows, t = _class_rows(x, target, c)
    dtype = x.dtype.type
    picked = np.take_along_axis(rows, t[:, None], axis=1)
    z = dtype(margin) - picked + rows
    other = np.arange(c)[None, :] != t[:, None]
    h = z if p == 1 else z * z
    if weight is not None:
        h = h * weight[t][:, None]
    h = np.where(other & (z > 0), h, dtype(0))
    per_frame = np.cumsum(h, axis=1, dtype=x.dtype)[:, -1] / dtype(c)
    saved = {"x": x, "z": z, "other": other, "t": t, "w": weight, "p": p,
             "reduction": reduction, "none": reduction == "none" and target.ndim > 0}
    if saved["none"]:
        return per_frame, saved
    # the frames add up in double (acc_type), the mean divides there too
    total = np.cumsum(per_frame.astype(F64))[-1]
    if reduction == "mean":
        total = total / len(per_frame)
    return np.asarray(total, x.dtype), saved


def _multi_margin_backward(g, saved):
    x, z, other, t, w = saved["x"], saved["z"], saved["other"], saved["t"], saved["w"]
    dtype = x.dtype.type
    frames, c = z.shape
    scale = dtype(1.0 / (frames * c) if saved["reduction"] == "mean" else 1.0 / c)
    h = np.broadcast_to(scale, z.shape) if saved["p"] == 1 else dtype(2) * scale * z
    if w is not None:
        h = h * w[t][:, None]
    h = np.where(other & (z > 0), h, dtype(0))
    grad = h.copy()
    # 0 - h1 - h2 ... in order, which is 0 - (h1 + h2 + ...): +0 where nothing is subtracted
    np.put_along_axis(grad, t[:, None], dtype(0) - np.cumsum(h, axis=1, dtype=x.dtype)[:, -1:],
                      axis=1)
    g = np.asarray(g, x.dtype)
    grad = grad * (g.reshape(-1, 1) if saved["none"] else g)
    return grad.reshape(x.shape), None, None


_register("multi_margin_loss", ("input", "target", "weight"), "MultiMarginLossBackward0",
          _multi_margin_check, _multi_margin_forward, _multi_margin_backward,
          (True, False, False), exact=True)


def _multilabel_margin_check(shapes, dtypes, reduction="mean"):
    _check_reduction(reduction)
    _check_float(dtypes[0], "multilabel_margin_loss_forward_out_frame")
    n, c = _margin_frames(shapes)
    shape, target = tuple(shapes[0]), tuple(shapes[1])
    ok = (len(target) <= 1 and math.prod(target) == c) if len(shape) <= 1 \
        else target == (n, c)
    if not ok:
        raise keyed(ValueError, "loss.multilabel_target", target=list(target),
                    shape=list(shape))


def _multilabel_margin_pairs(x, target):
    """Per frame: which classes are targets (those before the first -1), and the margins
    1 - x[j] + x[i] of each target j against each other class i (masked where not counted)."""
    c = x.shape[-1] if x.ndim else 1
    rows, t = x.reshape(-1, c), target.reshape(-1, c)
    if t.size and (t.min() < -1 or t.max() >= c):
        raise keyed(ValueError, "loss.margin_range")
    listed = np.cumprod(t >= 0, axis=1).astype(bool)  # targets end at the first -1
    is_target = np.zeros(rows.shape, bool)
    frames = np.nonzero(listed)[0]
    is_target[frames, t[listed]] = True
    picked = np.take_along_axis(rows, np.where(listed, t, 0), axis=1)  # (frames, dt)
    z = (x.dtype.type(1) - picked)[:, :, None] + rows[:, None, :]  # (frames, dt, d)
    counted = listed[:, :, None] & ~is_target[:, None, :] & (z > 0)
    return z, counted, np.where(listed, t, 0), c


def _multilabel_margin_forward(x, target, reduction="mean"):
    """sum over target j and non-target i of max(0, 1 - x[j] + x[i]), over C, added in double
    within a frame and across frames."""
    z, counted, t, c = _multilabel_margin_pairs(x, target)
    terms = np.where(counted, z, 0).astype(F64).reshape(len(z), -1)
    # each frame's sum is made in double and returned in the input's dtype
    frame_sums = (np.cumsum(terms, axis=1)[:, -1] if terms.shape[1] else np.zeros(len(z))) \
        .astype(x.dtype)
    saved = {"shape": x.shape, "counted": counted, "t": t, "reduction": reduction,
             "none": reduction == "none" and x.ndim > 1}
    if saved["none"]:
        return frame_sums / x.dtype.type(c), saved
    total = np.cumsum(frame_sums.astype(F64))[-1] / c
    if reduction == "mean":
        total = total / len(z)
    return np.asarray(total, x.dtype), saved


def _sequential_multiples(g, counts, dtype):
    """g added to 0 counts times, one by one, in dtype (torch's += g per counted pair)."""
    top = int(counts.max()) if counts.size else 0
    steps = np.concatenate([[dtype.type(0)], np.cumsum(np.full(top, g, dtype), dtype=dtype)])
    return steps[counts]


def _multilabel_margin_backward(g, saved):
    counted, t = saved["counted"], saved["t"]
    frames, _, c = counted.shape
    dtype = np.asarray(g).dtype
    scale = dtype.type(1.0 / (frames * c) if saved["reduction"] == "mean" else 1.0 / c)
    plus = counted.sum(axis=1)  # times each class is a counted non-target
    minus = np.zeros((frames, c), np.int64)
    np.add.at(minus, (np.repeat(np.arange(frames), t.shape[1]), t.reshape(-1)),
              counted.sum(axis=2).reshape(-1))
    grad = _sequential_multiples(scale, plus, dtype) - _sequential_multiples(scale, minus, dtype)
    g = np.asarray(g, dtype)
    grad = grad * (g.reshape(-1, 1) if saved["none"] else g)
    return grad.reshape(saved["shape"]), None


_register("multilabel_margin_loss", ("input", "target"), "MultilabelMarginLossBackward0",
          _multilabel_margin_check, _multilabel_margin_forward, _multilabel_margin_backward,
          (True, False), exact=True)


# --- embeddings: cosine, triplet margins -------------------------------------------------


def _cosine_check(shapes, dtypes, margin=0.0, reduction="mean"):
    _check_reduction(reduction)
    nd = len(shapes[2])
    if nd > 1:
        raise keyed(ValueError, "loss.multi_target")
    if len(shapes[0]) != nd + 1:
        raise keyed(ValueError, "loss.cosine_dims", target=nd, input=nd + 1,
                    a=list(shapes[0]), b=list(shapes[1]))
    broadcast_shape(shapes[0], shapes[1])


def _cosine_forward(x1, x2, y, margin=0.0, reduction="mean"):
    """1 - cos(x1, x2) where y is 1, max(0, cos - margin) where y is -1."""
    eps = _scalar(_EPSILON, x1)
    x1b, x2b = np.broadcast_arrays(x1, x2)
    prod = torch_sum(x1b * x2b, axis=-1)
    mag1 = torch_sum(x1b * x1b, axis=-1) + eps
    mag2 = torch_sum(x2b * x2b, axis=-1) + eps
    denom = np.sqrt(mag1 * mag2)
    cos = prod / denom
    zero = x1.dtype.type(0)
    shifted = cos - _scalar(margin, cos)
    loss = np.where(y == 1, x1.dtype.type(1) - cos, zero) + \
        np.where(y == -1, np.maximum(shifted, zero), zero)
    saved = {"x1": x1b, "x2": x2b, "y": y, "prod": prod, "mag1": mag1, "mag2": mag2,
             "denom": denom, "shifted": shifted, "reduction": reduction,
             "shapes": (x1.shape, x2.shape)}
    return _reduce(np.asarray(loss), reduction), saved


def _cosine_backward(g, saved):
    x1, x2, y = saved["x1"], saved["x2"], saved["y"]
    prod, denom, mag1, mag2 = saved["prod"], saved["denom"], saved["mag1"], saved["mag2"]
    zero = x1.dtype.type(0)
    g = _unreduce(g, np.shape(prod), saved["reduction"], x1.dtype)
    g_pos = np.where(y == 1, g, zero)
    g_neg = np.where((y == -1) & (saved["shifted"] >= 0), g, zero)
    g_cos = -g_pos + g_neg
    g_prod = g_cos / denom
    g_denom = -g_cos * ((prod / denom) / denom)
    g_mags = g_denom / (x1.dtype.type(2) * denom)  # SqrtBackward0: grad / (2 sqrt)
    g_sq1 = np.expand_dims(g_mags * mag2, -1)
    g_sq2 = np.expand_dims(g_mags * mag1, -1)
    g_p = np.expand_dims(g_prod, -1)
    # x * x gives x its gradient twice; the product's MulBackward0 runs after
    g_x1 = (g_sq1 * x1 + g_sq1 * x1) + g_p * x2
    g_x2 = (g_sq2 * x2 + g_sq2 * x2) + g_p * x1
    s1, s2 = saved["shapes"]
    return _sum_to(g_x1, s1), _sum_to(g_x2, s2), None


_register("cosine_embedding_loss", ("input1", "input2", "target"), _by_reduction("AddBackward0"),
          _cosine_check, _cosine_forward, _cosine_backward, (True, True, False))


def _fma_square(acc, v):
    """acc + v * v rounded once, as a fused multiply-add gives it."""
    if acc.dtype == F32:  # v * v is exact in float64; one rounding there, one to float32
        return (acc.astype(F64) + v.astype(F64) ** 2).astype(F32)
    square = v * v  # Dekker's exact product: square + error == v * v
    split = v * 134217729.0
    high = split - (split - v)
    low = v - high
    error = ((high * high - square) + 2 * high * low) + low * low
    total = acc + square  # Knuth's two-sum: total + lost == acc + square
    back = total - acc
    lost = (acc - (total - back)) + (square - back)
    return total + (lost + error)


def _two_norm(d):
    """The 2-norm of each row as torch's last-dimension kernel adds it: squares into one vector
    of lanes, the lanes folded left to right, then (float32) four squares added, then the rest
    by fused multiply-adds; the square root rounded once."""
    lanes = _LANES[d.dtype]
    n = d.shape[-1]
    whole = n - n % lanes
    squares = d * d
    acc = np.zeros(d.shape[:-1] + (lanes,), d.dtype)
    for i in range(0, whole, lanes):
        acc = acc + squares[..., i:i + lanes]
    total = acc[..., 0]
    for j in range(1, lanes):
        total = total + acc[..., j]
    i = whole
    if d.dtype == F32 and n - whole >= 4:
        for i in range(whole, whole + 4):
            total = total + squares[..., i]
        i = whole + 4
    for k in range(i, n):
        total = _fma_square(total, d[..., k])
    return np.sqrt(total)


def _vector_norm(d, p):
    """The p-norm of each row (last axis), as torch.norm(d, p, -1)."""
    a = np.abs(d)
    if p == 2:
        return _two_norm(d)
    if p == 1:
        return torch_sum(a, axis=-1)
    if math.isinf(p):
        return np.max(a, axis=-1) if p > 0 else np.min(a, axis=-1)
    if p == 0:
        return torch_sum((a != 0).astype(d.dtype), axis=-1)
    return _wide(lambda s: s ** (1.0 / p))(torch_sum(_wide(lambda v: v ** p)(a), axis=-1))


def _vector_norm_backward(g, d, norm, p):
    """NormBackward1: d/dd of the row norms, as torch's norm_backward."""
    dtype = d.dtype.type
    g, norm = np.expand_dims(g, -1), np.expand_dims(norm, -1)
    if p == 0:
        return np.zeros_like(d)
    if p == 1:
        return _sgn(d) * g
    if p == 2:
        return g * np.where(norm == 0, dtype(0), d / norm)
    if math.isinf(p):
        mask = (np.abs(d) == norm) | np.isnan(d)
        counts = mask.sum(axis=-1, keepdims=True).astype(d.dtype)
        return _sgn(d) * ((g / counts) * mask.astype(d.dtype))
    def power(v, e):
        return _wide(lambda w: w ** e)(v)

    if p < 1:
        scaled = _sgn(d) * np.where(d == 0, dtype(0), power(np.abs(d), p - 1))
        return scaled * g * power(norm, 1 - p)
    if p < 2:
        scaled = _sgn(d) * power(np.abs(d), p - 1)
    else:
        scaled = d * power(np.abs(d), p - 2)
    return scaled * np.where(norm == 0, dtype(0), g / power(norm, p - 1))


def _pairwise(a, b, p, eps):
    """torch.pairwise_distance: the p-norm of a - b + eps along the last axis."""
    d = (a - b) + _scalar(eps, a)
    return _vector_norm(d, p), d


def _triplet_dims(shapes, key):
    a, p, n = (len(s) for s in shapes[:3])
    if not a == p == n:
        raise keyed(ValueError, key, a=a, p=p, n=n)


def _triplet_check(shapes, dtypes, margin=1.0, p=2.0, eps=1e-6, swap=False, reduction="mean"):
    _check_reduction(reduction)
    if margin <= 0:
        raise keyed(ValueError, "loss.triplet_margin", margin=margin)
    _triplet_dims(shapes, "loss.triplet_dims")
    broadcast_shape(broadcast_shape(shapes[0], shapes[1]), shapes[2])


def _triplet_forward(anchor, positive, negative, margin=1.0, p=2.0, eps=1e-6, swap=False,
                     reduction="mean"):
    """max(0, margin + d(a, p) - d(a, n)), d(a, n) the smaller of it and d(p, n) if swap."""
    d_pos, diff_pos = _pairwise(anchor, positive, p, eps)
    d_neg, diff_neg = _pairwise(anchor, negative, p, eps)
    saved = {"p": p, "pos": (d_pos, diff_pos), "neg": (d_neg, diff_neg), "swap": None,
             "reduction": reduction, "shapes": (anchor.shape, positive.shape, negative.shape)}
    if swap:
        saved["swap"] = _pairwise(positive, negative, p, eps)
        d_neg = np.minimum(d_neg, saved["swap"][0])
    s = (_scalar(margin, d_pos) + d_pos) - d_neg
    saved["s"] = s
    return _reduce(np.maximum(s, s.dtype.type(0)), reduction), saved


def _triplet_backward(g, saved):
    s, p = saved["s"], saved["p"]
    dtype = s.dtype.type
    g = _unreduce(g, np.shape(s), saved["reduction"], s.dtype)
    g_s = np.where(s >= 0, g, dtype(0))  # ClampMinBackward0
    d_pos, diff_pos = saved["pos"]
    d_neg, diff_neg = saved["neg"]
    g_neg = -g_s
    g_pos_diff = _vector_norm_backward(g_s, diff_pos, d_pos, p)
    sa, sp, sn = saved["shapes"]
    g_anchor, g_positive, g_negative = g_pos_diff, -g_pos_diff, None
    if saved["swap"] is not None:  # MinimumBackward0: ties share the gradient
        d_swap, diff_swap = saved["swap"]
        shared = np.where(d_neg == d_swap, g_neg / dtype(2), g_neg)
        g_swap = np.where(d_neg < d_swap, dtype(0), shared)
        g_neg = np.where(d_neg > d_swap, dtype(0), shared)
        g_swap_diff = _vector_norm_backward(g_swap, diff_swap, d_swap, p)
        g_positive = g_positive + g_swap_diff
        g_negative = -g_swap_diff
    g_neg_diff = _vector_norm_backward(g_neg, diff_neg, d_neg, p)
    g_anchor = g_anchor + g_neg_diff
    g_negative = -g_neg_diff if g_negative is None else g_negative + -g_neg_diff
    return _sum_to(g_anchor, sa), _sum_to(g_positive, sp), _sum_to(g_negative, sn)


_register("triplet_margin_loss", ("anchor", "positive", "negative"),
          _by_reduction("ClampMinBackward0"), _triplet_check, _triplet_forward, _triplet_backward,
          (True, True, True), exact=lambda p=2, **options: p == 2)


def _triplet_distance_check(shapes, dtypes, distance_function=None, margin=1.0, swap=False,
                            reduction="mean"):
    if reduction not in REDUCTIONS:
        raise keyed(ValueError, "loss.reduction", value=reduction)
    if margin <= 0:
        raise keyed(ValueError, "loss.triplet_margin", margin=margin)
    _triplet_dims(shapes, "loss.triplet_distance_dims")
    if distance_function is not None:
        raise keyed(ValueError, "loss.distance_function")
    broadcast_shape(broadcast_shape(shapes[0], shapes[1]), shapes[2])


def _triplet_distance_forward(anchor, positive, negative, distance_function=None, margin=1.0,
                              swap=False, reduction="mean"):
    """triplet_margin_loss with torch.pairwise_distance (p = 2, eps = 1e-6) as the distance."""
    return _triplet_forward(anchor, positive, negative, margin, 2.0, 1e-6, swap, reduction)


_register("triplet_margin_with_distance_loss", ("anchor", "positive", "negative"),
          _by_reduction("ClampMinBackward0"), _triplet_distance_check, _triplet_distance_forward,
          _triplet_backward, (True, True, True), exact=True)


# --- signatures: F.<name> and nn.<Name>Loss from one entry ---------------------------------


class Required:
    """The default of a parameter that has none."""

    def __repr__(self):
        return "REQUIRED"


REQUIRED = Required()
_LEGACY = (("size_average", None), ("reduce", None))


class Signature:
    """torch's two spellings of one loss: ``F.<function>(params)`` and
    ``nn.<module>(module_params)(*forward)``; parameters from ``keyword_from`` on (and the
    module's from ``module_keyword_from`` on) are keyword-only."""

    __slots__ = ("function", "params", "keyword_from", "module", "module_params",
                 "module_keyword_from", "forward")

    def __init__(self, function, params, module, module_params, forward, keyword_from=None,
                 module_keyword_from=None):
        self.function, self.params, self.module = function, params, module
        self.module_params, self.forward = module_params, forward
        self.keyword_from = len(params) if keyword_from is None else keyword_from
        self.module_keyword_from = len(module_params) if module_keyword_from is None \
            else module_keyword_from


def _signature(function, params, module, module_params, forward=("input", "target"), **kw):
    return Signature(function, tuple((p, REQUIRED) if isinstance(p, str) else p for p in params),
                     module, tuple(module_params), tuple(forward), **kw)


_RED = ("reduction", "mean")
_W = ("weight", None)
SIGNATURES = {s.function: s for s in (
    _signature("l1_loss", ("input", "target", *_LEGACY, _RED, _W), "L1Loss", (*_LEGACY, _RED)),
    _signature("mse_loss", ("input", "target", *_LEGACY, _RED, _W), "MSELoss", (*_LEGACY, _RED)),
    _signature("huber_loss", ("input", "target", _RED, ("delta", 1.0), _W), "HuberLoss",
               (_RED, ("delta", 1.0))),
    _signature("smooth_l1_loss", ("input", "target", *_LEGACY, _RED, ("beta", 1.0)),
               "SmoothL1Loss", (*_LEGACY, _RED, ("beta", 1.0))),
    _signature("soft_margin_loss", ("input", "target", *_LEGACY, _RED), "SoftMarginLoss",
               (*_LEGACY, _RED)),
    _signature("margin_ranking_loss", ("input1", "input2", "target", ("margin", 0), *_LEGACY,
                                       _RED),
               "MarginRankingLoss", (("margin", 0.0), *_LEGACY, _RED),
               ("input1", "input2", "target")),
    _signature("hinge_embedding_loss", ("input", "target", ("margin", 1.0), *_LEGACY, _RED),
               "HingeEmbeddingLoss", (("margin", 1.0), *_LEGACY, _RED)),
    _signature("binary_cross_entropy", ("input", "target", _W, *_LEGACY, _RED), "BCELoss",
               (_W, *_LEGACY, _RED)),
    _signature("binary_cross_entropy_with_logits",
               ("input", "target", _W, *_LEGACY, _RED, ("pos_weight", None)),
               "BCEWithLogitsLoss", (_W, *_LEGACY, _RED, ("pos_weight", None))),
    _signature("kl_div", ("input", "target", *_LEGACY, _RED, ("log_target", False)),
               "KLDivLoss", (*_LEGACY, _RED, ("log_target", False))),
    _signature("poisson_nll_loss", ("input", "target", ("log_input", True), ("full", False),
                                    _LEGACY[0], ("eps", 1e-8), _LEGACY[1], _RED),
               "PoissonNLLLoss", (("log_input", True), ("full", False), _LEGACY[0],
                                  ("eps", 1e-8), _LEGACY[1], _RED),
               ("log_input", "target")),  # sic: torch names the module's input log_input
    _signature("gaussian_nll_loss", ("input", "target", "var", ("full", False), ("eps", 1e-6),
                                     _RED),
               "GaussianNLLLoss", (("full", False), ("eps", 1e-6), _RED),
               ("input", "target", "var"), module_keyword_from=0),
    _signature("nll_loss", ("input", "target", _W, _LEGACY[0], ("ignore_index", IGNORE_INDEX),
                            _LEGACY[1], _RED),
               "NLLLoss", (_W, _LEGACY[0], ("ignore_index", IGNORE_INDEX), _LEGACY[1], _RED)),
    _signature("cross_entropy", ("input", "target", _W, _LEGACY[0],
                                 ("ignore_index", IGNORE_INDEX), _LEGACY[1], _RED,
                                 ("label_smoothing", 0.0)),
               "CrossEntropyLoss", (_W, _LEGACY[0], ("ignore_index", IGNORE_INDEX), _LEGACY[1],
                                    _RED, ("label_smoothing", 0.0))),
    _signature("multilabel_soft_margin_loss", ("input", "target", _W, *_LEGACY, _RED),
               "MultiLabelSoftMarginLoss", (_W, *_LEGACY, _RED)),
    _signature("multi_margin_loss", ("input", "target", ("p", 1), ("margin", 1.0), _W,
                                     *_LEGACY, _RED),
               "MultiMarginLoss", (("p", 1), ("margin", 1.0), _W, *_LEGACY, _RED)),
    _signature("multilabel_margin_loss", ("input", "target", *_LEGACY, _RED),
               "MultiLabelMarginLoss", (*_LEGACY, _RED)),
    _signature("cosine_embedding_loss", ("input1", "input2", "target", ("margin", 0),
                                         *_LEGACY, _RED),
               "CosineEmbeddingLoss", (("margin", 0.0), *_LEGACY, _RED),
               ("input1", "input2", "target")),
    _signature("triplet_margin_loss", ("anchor", "positive", "negative", ("margin", 1.0),
                                       ("p", 2), ("eps", 1e-6), ("swap", False), *_LEGACY,
                                       _RED),
               "TripletMarginLoss", (("margin", 1.0), ("p", 2.0), ("eps", 1e-6),
                                     ("swap", False), *_LEGACY, _RED),
               ("anchor", "positive", "negative")),
    _signature("triplet_margin_with_distance_loss",
               ("anchor", "positive", "negative", ("distance_function", None), ("margin", 1.0),
                ("swap", False), _RED),
               "TripletMarginWithDistanceLoss",
               (("distance_function", None), ("margin", 1.0), ("swap", False), _RED),
               ("anchor", "positive", "negative"), keyword_from=3, module_keyword_from=0),
    _signature("ctc_loss", ("log_probs", "targets", "input_lengths", "target_lengths",
                            ("blank", 0), _RED, ("zero_infinity", False)),
               "CTCLoss", (("blank", 0), _RED, ("zero_infinity", False)),
               ("log_probs", "targets", "input_lengths", "target_lengths")),
)}


def legacy_reduction(size_average, reduce):
    """torch's reduction for the deprecated pair (None counts as True)."""
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    return ("mean" if size_average else "sum") if reduce else "none"


def bind(params, keyword_from, args, kwargs, call):
    """Values for each of ``params`` from a call's arguments, defaults filled in, with
    Python's refusals (keyed TypeErrors) for too many, unknown, repeated or missing ones."""
    if len(args) > keyword_from:
        raise keyed(TypeError, "call.too_many", call=call, most=keyword_from, given=len(args))
    names = [name for name, _ in params]
    values = dict(zip(names, args))
    for name, value in kwargs.items():
        if name not in names:
            raise keyed(TypeError, "call.unexpected_keyword", call=call, name=name)
        if name in values:
            raise keyed(TypeError, "call.duplicate", call=call, name=name)
        values[name] = value
    for name, default in params:
        if name not in values:
            if default is REQUIRED:
                raise keyed(TypeError, "call.missing", call=call, name=name)
            values[name] = default
    return values


def kernel_call(name, values):
    """(arrays, options) for ``KERNELS[name]`` from every parameter's value, by name: the
    deprecated size_average/reduce pair resolved into ``reduction`` as torch resolves it."""
    values = dict(values)
    legacy = values.pop("size_average", None), values.pop("reduce", None)
    if legacy != (None, None):
        values["reduction"] = legacy_reduction(*legacy)
    kernel = KERNELS[name]
    arrays = tuple(values.pop(a, None) for a in kernel.arrays)
    return arrays, values


def call_function(name, args, kwargs):
    """(arrays, options) of ``F.<name>(*args, **kwargs)``."""
    sig = SIGNATURES[name]
    return kernel_call(name, bind(sig.params, sig.keyword_from, args, kwargs, name + "()"))


def module_options(name, args, kwargs):
    """The options an ``nn.<Module>(*args, **kwargs)`` keeps, legacy pair resolved now."""
    sig = SIGNATURES[name]
    values = bind(sig.module_params, sig.module_keyword_from, args, kwargs, sig.module + "()")
    legacy = values.pop("size_average", None), values.pop("reduce", None)
    if legacy != (None, None):
        values["reduction"] = legacy_reduction(*legacy)
    return values


def call_module(name, options, args, kwargs):
    """(arrays, options) of calling a module built with ``options`` on ``(*args, **kwargs)``."""
    sig = SIGNATURES[name]
    given = bind(tuple((f, REQUIRED) for f in sig.forward), len(sig.forward), args, kwargs,
                 sig.module + ".forward()")
    # the module's forward parameters are the function's leading ones, in order
    values = {param: given[f] for (param, _), f in zip(sig.params, sig.forward, strict=False)}
    values.update(options)
    return kernel_call(name, values)


# --- sequences: CTC ---------------------------------------------------------------------------


def _ctc_layout(shapes, dtypes, blank):
    """(T, N, C) of log_probs (T, N, C), or (T, C) for one sequence, with torch's checks."""
    lp, targets = tuple(shapes[0]), tuple(shapes[1])
    if len(lp) not in (2, 3):
        raise keyed(ValueError, "loss.ctc_dims", dim=len(lp))
    _check_float(dtypes[0], "ctc_loss_cpu")
    if np.dtype(dtypes[1]).kind not in "iu":
        raise keyed(ValueError, "loss.class_dtype", dtype=_type_name(dtypes[1]))
    t, c = lp[0], lp[-1]
    n = lp[1] if len(lp) == 3 else 1
    if not 0 <= blank < c:
        raise keyed(ValueError, "loss.ctc_blank")
    for what, shape, dtype in (("input_lengths", shapes[2], dtypes[2]),
                               ("target_lengths", shapes[3], dtypes[3])):
        if dtype is not None and np.dtype(dtype).kind not in "iu":
            raise keyed(ValueError, "loss.ctc_lengths_dtype", what=what)
        if math.prod(shape) != n:
            raise keyed(ValueError, "loss.ctc_lengths_size", what=what)
    if len(targets) not in (1, 2) or (len(targets) == 2 and targets[0] != n):
        raise keyed(ValueError, "loss.ctc_targets", shape=list(targets), n=n)
    return t, n, c


def _ctc_check(shapes, dtypes, blank=0, reduction="mean", zero_infinity=False):
    _check_reduction(reduction)
    _ctc_layout(shapes, dtypes, blank)


def _ctc_grad_fn(shapes, dtypes, blank=0, reduction="mean", zero_infinity=False):
    if reduction != "none":
        return _by_reduction("")(shapes, dtypes, reduction)
    if len(shapes[0]) == 2:
        return "SqueezeBackward1"
    return "WhereBackward0" if zero_infinity else "CtcLossBackward0"


def _ctc_sequences(targets, input_lengths, target_lengths, t_max, c):
    """Per sample: its input length and its target labels, checked as torch checks them."""
    inputs = np.asarray(input_lengths).reshape(-1).astype(np.int64)
    lengths = np.asarray(target_lengths).reshape(-1).astype(np.int64)
    targets = np.asarray(targets).astype(np.int64)
    for what, values, top in (("input_lengths", inputs, t_max), ("target_lengths", lengths, None)):
        if np.any(values < 0):
            raise keyed(ValueError, "loss.ctc_length_low", what=what, got=int(values.min()))
        if top is not None and np.any(values > top):
            raise keyed(ValueError, "loss.ctc_length_high", what=what, most=top,
                        got=int(values.max()))
    if targets.ndim == 1:  # the targets of all samples one after another
        if targets.shape[0] != int(lengths.sum()):
            raise keyed(ValueError, "loss.ctc_concatenated", got=targets.shape[0],
                        expected=int(lengths.sum()))
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        labels = [targets[o:o + n] for o, n in zip(offsets, lengths, strict=True)]
    else:
        if lengths.size and targets.shape[1] < lengths.max():
            raise keyed(ValueError, "loss.ctc_padded", most=int(lengths.max()),
                        got=targets.shape[1])
        labels = [row[:n] for row, n in zip(targets, lengths, strict=True)]
    if any(np.any((lab < 0) | (lab >= c)) for lab in labels):
        raise keyed(ValueError, "loss.margin_range")
    return list(zip(inputs.tolist(), labels, strict=True))


def _log_add3(a, b, c):
    """log(exp(a - m) + exp(b - m) + exp(c - m)) + m, m the largest (0 if all are -inf)."""
    m = np.maximum(np.maximum(a, b), c)
    m = np.where(m == -np.inf, m.dtype.type(0), m)
    return _log(_exp(a - m) + _exp(b - m) + _exp(c - m)) + m


def _ctc_alpha(lp, blank, labels, length):
    """Forward variables log alpha (length x S) and the sample's negative log-likelihood."""
    dtype = lp.dtype.type
    neginf = dtype(-np.inf)
    if length == 0:
        return None, -dtype(0) if len(labels) == 0 else -neginf  # -log 1 is -0.0 here
    primes = np.full(2 * len(labels) + 1, blank, np.int64)
    primes[1::2] = labels
    s_count = len(primes)
    skip = np.zeros(s_count, bool)
    skip[2:] = primes[2:] != primes[:-2]
    alpha = np.full((length, s_count), neginf, lp.dtype)
    alpha[0, 0] = lp[0, blank]
    if s_count > 1:
        alpha[0, 1] = lp[0, primes[1]]
    for t in range(1, length):
        prev = alpha[t - 1]
        la2, la3 = np.full_like(prev, neginf), np.full_like(prev, neginf)
        la2[1:], la3[2:] = prev[:-1], prev[:-2]
        alpha[t] = _log_add3(prev, la2, np.where(skip, la3, neginf)) + lp[t, primes]
    if len(labels) == 0:
        return (alpha, primes), -alpha[length - 1, 0]
    l1, l2 = alpha[length - 1, -1], alpha[length - 1, -2]
    m = max(l1, l2)
    m = dtype(0) if m == neginf else m
    return (alpha, primes), -(_log(_exp(l1 - m) + _exp(l2 - m)) + m)


def _ctc_forward(log_probs, targets, input_lengths, target_lengths, blank=0, reduction="mean",
                 zero_infinity=False):
    """-log of the total probability of every alignment of each target, as torch's CTC."""
    batched = log_probs.ndim == 3
    lp = log_probs if batched else log_probs[:, None, :]
    t_max, _, c = lp.shape
    samples = _ctc_sequences(targets, input_lengths, target_lengths, t_max, c)
    nll, alphas = [], []
    for b, (length, labels) in enumerate(samples):
        table, loss = _ctc_alpha(lp[:, b, :], blank, labels, length)
        alphas.append(table)
        nll.append(loss)
    res = np.asarray(nll, lp.dtype)
    saved = {"lp": lp, "samples": samples, "alphas": alphas, "nll": res, "blank": blank,
             "reduction": reduction, "zero_infinity": zero_infinity, "batched": batched}
    if zero_infinity:
        res = np.where(res == np.inf, lp.dtype.type(0), res)
    if reduction == "mean":
        lengths = np.maximum(np.asarray([len(lab) for _, lab in samples], lp.dtype), 1)
        saved["lengths"] = lengths
        return _reduce(res / lengths, "mean"), saved
    if reduction == "sum":
        return _reduce(res, "sum"), saved
    return (res if batched else res.reshape(())), saved


def _ctc_sample_grad(lp, blank, labels, length, table, nll, gr, zero_infinity):
    """d loss / d log_probs of one sample: exp(lp) - exp(log(sum alpha beta) + nll - lp)."""
    dtype = lp.dtype.type
    neginf = dtype(-np.inf)
    grad = np.zeros(lp.shape, lp.dtype)
    if length == 0 or (zero_infinity and nll == np.inf):
        return grad
    alpha, primes = table
    s_count = len(primes)
    skip_next = np.zeros(s_count, bool)
    skip_next[:-2] = primes[:-2] != primes[2:]
    beta = np.full((length, s_count), neginf, lp.dtype)  # backward variables, eq. (10)-(11)
    beta[-1, -1] = lp[length - 1, blank]
    if s_count > 1:
        beta[-1, -2] = lp[length - 1, primes[-2]]
    for t in range(length - 2, -1, -1):
        after = beta[t + 1]
        lb2, lb3 = np.full_like(after, neginf), np.full_like(after, neginf)
        lb2[:-1], lb3[:-2] = after[1:], after[2:]
        beta[t] = _log_add3(after, lb2, np.where(skip_next, lb3, neginf)) + lp[t, primes]
    # collected[t, c] "log +=" alpha[t, s] + beta[t, s] over the s of label c, s descending as
    # torch adds them (a -inf term changes nothing, so the last step's row is torch's too)
    products = alpha + beta
    collected = np.full((length, lp.shape[1]), neginf, lp.dtype)
    for s in range(s_count - 1, -1, -1):
        here, new = collected[:, primes[s]], products[:, s]
        m = np.maximum(here, new)
        summed = _log(_exp(here - m) + _exp(new - m)) + m
        collected[:, primes[s]] = np.where(here == neginf, new, summed)
    rows = lp[:length]
    grad[:length] = (_exp(rows) - _exp(collected + nll - rows)) * gr
    return grad


def _ctc_backward(g, saved):
    lp, samples, nll = saved["lp"], saved["samples"], saved["nll"]
    dtype = lp.dtype.type
    reduction = saved["reduction"]
    n = len(samples)
    if reduction == "none":
        g_res = np.asarray(g, lp.dtype).reshape(n)
    else:
        g_res = _unreduce(g, (n,), reduction, lp.dtype)
        if reduction == "mean":  # DivBackward0 by the clamped target lengths
            g_res = g_res / saved["lengths"]
    if saved["zero_infinity"]:  # WhereBackward0
        g_res = np.where(nll == np.inf, dtype(0), g_res)
    grad = np.zeros(lp.shape, lp.dtype)
    for b, ((length, labels), table) in enumerate(zip(samples, saved["alphas"], strict=True)):
        grad[:, b, :] = _ctc_sample_grad(lp[:, b, :], saved["blank"], labels, length, table,
                                         nll[b], g_res[b], saved["zero_infinity"])
    return (grad if saved["batched"] else grad[:, 0, :]), None, None, None


_register("ctc_loss", ("log_probs", "targets", "input_lengths", "target_lengths"),
          _ctc_grad_fn, _ctc_check, _ctc_forward, _ctc_backward, (True, False, False, False))
