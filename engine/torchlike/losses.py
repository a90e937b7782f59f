"""torch.nn.functional's losses and their nn module classes, built from scalar Values.

The eight classic losses are written out below; twelve more (``COMPOSED``) are composed from
the same scalar ops as torch composes them, bound and checked by their tensor-level kernel's
signature and checks. CTC alone runs on the tensor level only.

Each loss follows torch's definition, options and traps (weighted cross-entropy's mean divides by
the targets' total weight, a mean over only ignored targets is nan, BCE clamps its logs at -100,
BCE with logits stays finite for huge logits), and each result carries torch's ``grad_fn`` name.
The computation is ordinary scalar nodes, so the graph view shows every step; the nodes that
produce the loss itself belong to a Group whose kind is the loss's name (``"l1_loss"``...).
"""

import inspect
import math

import numpy as np

from ..autograd.ops import OPS
from ..autograd.value import FusedLane
from ..messages import keyed
from . import levels, numpy_losses, numpy_tensor
from . import tensor as tensor_module
from .loss_kernels import (
    KERNELS,
    REQUIRED,
    SIGNATURES,
    call_function,
    call_module,
    module_options,
)
from .sizes import MAX_ELEMENTS
from .tensor import (
    _TORCH_TYPE_NAMES,
    Tensor,
    TensorBase,
    _Nodes,
    _result,
    _result_dtype,
    bool_,
    broadcast_shapes,
    float32,
    int64,
)

REDUCTIONS = ("mean", "sum", "none")
IGNORE_INDEX = -100  # torch's default ignore_index


# --- shared checks and reductions ---------------------------------------------------------------


def _reduction(reduction, size_average=None, reduce=None, weighted=False):
    """The reduction name, from the deprecated size_average/reduce pair when either is given."""
    if size_average is not None or reduce is not None:
        size_average = True if size_average is None else size_average
        reduce = True if reduce is None else reduce
        return ("mean" if size_average else "sum") if reduce else "none"
    if reduction not in REDUCTIONS:
        if weighted:
            raise keyed(ValueError, "loss.reduction_mode", value=reduction)
        raise keyed(ValueError, "loss.reduction", value=reduction)
    return reduction


def _module_reduction(reduction, size_average, reduce):
    """What an nn loss stores: a legacy pair resolved now, a reduction name checked when called."""
    if size_average is None and reduce is None:
        return reduction
    return _reduction(reduction, size_average, reduce)


def _tensors(name, **tensors):
    for arg, t in tensors.items():
        if isinstance(t, TensorBase) and not isinstance(t, Tensor):  # a numpy-level tensor
            raise keyed(ValueError, "level.unoffered", name=name, level="tensor")
        if t is not None and not isinstance(t, Tensor):
            raise keyed(TypeError, "loss.not_tensor", name=name, arg=arg, kind=type(t).__name__)


def _needs_float(dtype, kernel):
    """torch's refusal of integer data for a floating-point kernel, with the advice to fix it."""
    if not dtype.is_floating_point:
        raise keyed(ValueError, "tensor.not_implemented", kernel=kernel,
                    dtype=_TORCH_TYPE_NAMES[dtype])


def _as_loss(t, kind, grad_fn):
    """Make the elementwise tensor ``t`` (just built here) the loss itself: its group and name."""
    t._group.kind = kind
    t._group.grad_fn = grad_fn
    if t._grad_fn:
        t._grad_fn = grad_fn
    return t


def _reduce(t, reduction, kind, grad_fn, divisor=None):
    """Elementwise losses ``t`` as they are ('none'), summed, or averaged (over ``divisor``)."""
    if reduction == "none":
        return _as_loss(t, kind, grad_fn)
    nodes = _Nodes()
    total = nodes.sum(t.values())
    if reduction == "mean":
        total = nodes.apply("div", total, float(t.numel() if divisor is None else divisor))
    return _result(nodes, [total], (), t.dtype, grad_fn, (t,), kind)


def _weighted(errors, weight, reduction, kind, mean_by_weight_sum=True):
    """torch's weighted path of l1/mse/huber: errors * weight, then none/sum/mean."""
    if weight._shape != errors._shape:
        raise keyed(ValueError, "loss.weight_size")
    weighted = errors * weight
    if reduction == "none":
        return _as_loss(weighted, kind, "MulBackward0")
    if reduction == "sum":
        return _reduce(weighted, "sum", kind, "SumBackward0")
    if mean_by_weight_sum:  # sum(w * e) / sum(w)
        divisor = math.fsum(v.data for v in weight.values())
        return _reduce(weighted, "mean", kind, "DivBackward0", divisor)
    return _reduce(weighted, "mean", kind, "MeanBackward0")


def _elementwise(nodes, values, like, grad_fn, inputs, kind):
    return _result(nodes, values, like._shape, like.dtype, grad_fn, inputs, kind)


# --- regression losses --------------------------------------------------------------------------


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean (or sum, or each) of |input - target|."""
    _tensors("l1_loss", input=input, target=target, weight=weight)
    reduction = _reduction(reduction, size_average, reduce, weighted=weight is not None)
    dtype = _result_dtype(input, target)
    if not dtype.is_floating_point and (reduction == "mean" or weight is not None):
        raise keyed(ValueError, "tensor.mean_dtype", dtype=_TORCH_TYPE_NAMES[dtype])
    errors = (input - target).abs()
    if weight is not None:
        return _weighted(errors, weight, reduction, "l1_loss")
    grad_fn = {"none": "AbsBackward0", "mean": "MeanBackward0", "sum": "SumBackward0"}
    return _reduce(errors, reduction, "l1_loss", grad_fn[reduction])


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean (or sum, or each) of (input - target)^2."""
    _tensors("mse_loss", input=input, target=target, weight=weight)
    reduction = _reduction(reduction, size_average, reduce, weighted=weight is not None)
    _needs_float(_result_dtype(input, target), "mse_cpu")
    errors = (input - target) ** 2
    if weight is not None:
        return _weighted(errors, weight, reduction, "mse_loss")
    return _reduce(errors, reduction, "mse_loss", "MseLossBackward0")


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """0.5 d^2 where |d| < delta, else delta (|d| - delta / 2), with d = input - target."""
    _tensors("huber_loss", input=input, target=target, weight=weight)
    reduction = _reduction(reduction, weighted=weight is not None)
    _needs_float(_result_dtype(input, target), "huber_cpu")
    if not delta > 0:
        raise keyed(ValueError, "loss.delta")
    d = input - target
    nodes = _Nodes()
    values = []
    for v in d.values():
        if abs(v.data) < delta:  # quadratic near 0; the two pieces meet with equal slopes
            values.append(nodes.apply("mul", nodes.apply("pow", v, 2.0), 0.5))
        else:
            values.append(nodes.apply(
                "mul", nodes.apply("sub", nodes.apply("abs", v), 0.5 * delta), float(delta)))
    errors = _elementwise(nodes, values, d, "HuberLossBackward0", (d,), "huber_loss")
    if weight is not None:
        return _weighted(errors, weight, reduction, "huber_loss", mean_by_weight_sum=False)
    return _reduce(errors, reduction, "huber_loss", "HuberLossBackward0")


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """0.5 d^2 / beta where |d| < beta, else |d| - beta / 2 (plain L1 when beta is 0)."""
    _tensors("smooth_l1_loss", input=input, target=target)
    reduction = _reduction(reduction, size_average, reduce)
    if beta < 0:
        raise keyed(ValueError, "loss.beta")
    if beta == 0:
        return l1_loss(input, target, reduction=reduction)
    _needs_float(_result_dtype(input, target), "smooth_l1_cpu")
    d = input - target
    nodes = _Nodes()
    values = []
    for v in d.values():
        if abs(v.data) < beta:
            square = nodes.apply("mul", nodes.apply("pow", v, 2.0), 0.5)
            values.append(nodes.apply("div", square, float(beta)))
        else:
            values.append(nodes.apply("sub", nodes.apply("abs", v), 0.5 * beta))
    errors = _elementwise(nodes, values, d, "SmoothL1LossBackward0", (d,), "smooth_l1_loss")
    return _reduce(errors, reduction, "smooth_l1_loss", "SmoothL1LossBackward0")


# --- binary classification ----------------------------------------------------------------------


def _broadcast_data(t, shape, what):
    """The floats of an optional weight tensor broadcast to ``shape`` (None without one)."""
    if t is None:
        return None
    if broadcast_shapes(t._shape, shape) != tuple(shape):
        raise keyed(ValueError, "loss.weight_broadcast", name=what, got=list(t._shape),
                    shape=list(shape))
    return [v.data for v in t._broadcast_values(shape)]


def _kernel32_forward(errors, name, tensors):
    """Each element of the float32 loss ``errors`` as torch's fused kernel ``name`` computes it
    from ``tensors`` (its arrays' tensors); what the kernel saves for its backward (None for
    another dtype)."""
    if errors.dtype is not float32 or not errors.numel():  # an empty loss has nothing to round
        return None
    arrays = [None if t is None else
              np.array(t._python(), np.float32 if t.dtype is float32 else np.float64)
              .reshape(t._shape) for t in tensors]
    out, saved = KERNELS[name].forward(*arrays, reduction="none")
    errors._f32 = {v: (v.data, f) for v, f in zip(errors.values(), out.reshape(-1).tolist(),
                                                  strict=True)}
    return saved


def _kernel32_backward(loss, errors, name, reduction, tensors, saved):
    """The float32 ``loss`` (``errors`` reduced) differentiated in one piece by the kernel's
    backward, each element in its own where unreduced: from the upstream gradient as torch does
    (``grad * (x - y) / ...``, then ``/ n``), not from the mean's share of it."""
    if saved is None:
        return
    kernel = KERNELS[name]
    shape = errors._shape
    needs = [t._requires_grad for t in tensors]
    wanted = [t for t, need in zip(tensors, needs, strict=True) if need]

    def lane(saved):
        def rule(grads, outputs):
            g = np.array(grads, np.float32).reshape(np.shape(saved["x"]) if len(grads) > 1
                                                    else ())
            back = kernel.backward(g, saved)
            return [d for need, b in zip(needs, back, strict=False) if need
                    for d in np.broadcast_to(b, np.shape(saved["x"])).reshape(-1).tolist()]
        return rule

    if reduction != "none":
        saved["reduction"] = reduction
        inputs = [v for t in wanted for v in t.values()]
        loss._kernel32 = ((errors._group, loss._group),
                          [FusedLane(loss.values(), inputs, lane(saved))])
        return
    flat = {k: np.broadcast_to(a, shape).reshape(-1) for k, a in saved.items()
            if isinstance(a, np.ndarray) and a.ndim and broadcast_shapes(a.shape, shape) == shape}
    lanes = []
    for i, v in enumerate(errors.values()):
        element = dict(saved, **{k: a[i:i + 1] for k, a in flat.items()})
        lanes.append(FusedLane([v], [t.values()[i] for t in wanted], lane(element)))
    errors._kernel32 = ((errors._group,), lanes)


def _same_dtype_target(input, target):
    if target.dtype is not input.dtype:
        raise keyed(ValueError, "loss.target_dtype", got=_TORCH_TYPE_NAMES[target.dtype],
                    expected=_TORCH_TYPE_NAMES[input.dtype])


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None,
                         reduction="mean"):
    """-w (y log x + (1 - y) log(1 - x)) for probabilities x, logs clamped at -100 as torch."""
    _tensors("binary_cross_entropy", input=input, target=target, weight=weight)
    reduction = _reduction(reduction, size_average, reduce)
    if target._shape != input._shape:
        raise keyed(ValueError, "loss.bce_size", target=target.shape, input=input.shape)
    _same_dtype_target(input, target)  # torch checks the dtypes agree first
    _needs_float(input.dtype, "binary_cross_entropy")
    if any(not 0.0 <= v.data <= 1.0 for v in input.values()):
        raise keyed(ValueError, "loss.bce_range")
    weights = _broadcast_data(weight, input._shape, "weight")
    nodes = _Nodes()
    values = [nodes.apply("bce", x, y) for x, y in zip(input.values(), target.values(),
                                                       strict=True)]
    if weights is not None:
        values = [nodes.apply("mul", v, w) for v, w in zip(values, weights, strict=True)]
    grad_fn = "BinaryCrossEntropyBackward0"
    kind = "binary_cross_entropy"
    errors = _elementwise(nodes, values, input, grad_fn, (input, target), kind)
    saved = _kernel32_forward(errors, kind, (input, target, weight))
    loss = _reduce(errors, reduction, kind, grad_fn)  # a weighted mean is still a plain mean
    _kernel32_backward(loss, errors, kind, reduction, (input, target), saved)
    return loss


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None,
                                     reduction="mean", pos_weight=None):
    """BCE of sigmoid(x) computed from the logits x: (1 - y) x + (1 + (p - 1) y) softplus(-x)."""
    name = "binary_cross_entropy_with_logits"
    _tensors(name, input=input, target=target, weight=weight, pos_weight=pos_weight)
    reduction = _reduction(reduction, size_average, reduce)
    if target._shape != input._shape:
        raise keyed(ValueError, "loss.logits_size", target=target.shape, input=input.shape)
    _needs_float(input.dtype, "log_sigmoid_cpu")
    if target.dtype is not input.dtype and not target.dtype.is_floating_point \
            and target.dtype is not bool_:
        # torch computes the loss in the target's dtype, which cannot hold it
        raise keyed(ValueError, "tensor.cast", result=_TORCH_TYPE_NAMES[input.dtype],
                    dtype=_TORCH_TYPE_NAMES[target.dtype])
    _same_dtype_target(input, target)
    weights = _broadcast_data(weight, input._shape, "weight")
    pos_weights = _broadcast_data(pos_weight, input._shape, "pos_weight")
    nodes = _Nodes()
    values = []
    for i, (x, y) in enumerate(zip(input.values(), target.values(), strict=True)):
        if pos_weights is None:
            loss = nodes.apply("bce_logits", x, y)
        else:
            # torch's (1 - y) x + s softplus(-x), s = 1 + (p - 1) y = (1 - y) + p y, is
            # s * bce_logits(x, q) for q = p y / s, the positive term's share. Its d/dx is
            # s (sigmoid(x) - q), torch's s sigmoid(x) - p y in one piece: a gradient as tiny as
            # sigmoid(-50) survives, where the two terms' derivatives (1 - y) - s sigmoid(-x)
            # would cancel to 0. For y = 0 and y = 1 (q = 0, q = 1) the forward is torch's own.
            positive = nodes.apply("mul", y, pos_weights[i])
            scale = nodes.apply("add", nodes.apply("sub", 1.0, y), positive)
            # s = 0 (pos_weight 0 on a positive target): no loss whatever q is; q = 0 leaves
            # d/dy = -softplus(x), torch's target gradient there
            share = nodes.apply("div", positive, scale) if scale.data != 0.0 else 0.0
            loss = nodes.apply("mul", scale, nodes.apply("bce_logits", x, share))
        if weights is not None:
            loss = nodes.apply("mul", loss, weights[i])
        values.append(loss)
    grad_fn = "BinaryCrossEntropyWithLogitsBackward0"
    errors = _elementwise(nodes, values, input, grad_fn, (input, target), name)
    saved = _kernel32_forward(errors, name, (input, target, weight, pos_weight))
    loss = _reduce(errors, reduction, name, grad_fn)
    _kernel32_backward(loss, errors, name, reduction, (input, target), saved)
    return loss


# --- multi-class classification -----------------------------------------------------------------


def _class_layout(input, target):
    """(N, C, S, output shape): batch, classes, spatial positions per sample, per-target shape."""
    shape = input._shape
    if input.dim() == 0:
        raise keyed(ValueError, "loss.input_0d")
    if input.dim() == 1:
        n, c, s, out = 1, shape[0], 1, ()
        expected = ()
    else:
        n, c, s, out = shape[0], shape[1], math.prod(shape[2:]), (shape[0],) + shape[2:]
        expected = out
    if target._shape != expected:
        if input.dim() <= 2 and target.dim() > 1:
            raise keyed(ValueError, "loss.multi_target")
        if input.dim() == 2 and target.dim() == 1:
            raise keyed(ValueError, "loss.batch_size", n=n, got=target._shape[0])
        raise keyed(ValueError, "loss.target_size", expected=list(expected),
                    got=list(target._shape), shape=list(shape))
    return n, c, s, out


def _class_weights(weight, c):
    if weight is None:
        # one per class; only an empty input can have more classes than a tensor holds, and an
        # empty input reads no weight (torch.zeros(0, 10**18) is a valid input)
        return [1.0] * c if c <= MAX_ELEMENTS else []
    if weight.dim() != 1 or weight.numel() != c:
        raise keyed(ValueError, "loss.class_weight", c=c, shape=list(weight._shape))
    return [v.data for v in weight.values()]


def _class_targets(input, target, ignore_index):
    """Per target position: the flat position of each class's score, and the class (or None)."""
    n, c, s, out = _class_layout(input, target)
    if target.dtype is not int64:
        raise keyed(ValueError, "loss.class_dtype", dtype=_TORCH_TYPE_NAMES[target.dtype])
    rows = []
    for e, v in enumerate(target.values()):
        k = int(v.data)
        if k == ignore_index:
            rows.append((None, None))
            continue
        if not 0 <= k < c:
            raise keyed(ValueError, "loss.class_range", k=k, last=c - 1, c=c,
                        ignore_index=ignore_index)
        base = (e // s) * c * s + e % s  # position of class 0 for sample e // s, place e % s
        rows.append(([base + j * s for j in range(c)], k))
    return rows, c, out


def _nll_grad_fn(input, reduction):
    if input.dim() <= 2:
        return "NllLossBackward0"
    # torch runs 3-D and higher inputs through the 2-D kernel, viewing back when unreduced
    return "ViewBackward0" if reduction == "none" and input.dim() != 4 else "NllLoss2DBackward0"


def _nll(logp, rows, weights, reduction, out_shape, grad_fn, kind):
    """-w[y] logp[y] per target (0 where ignored); the mean divides by the targets' total weight."""
    nodes = _Nodes()
    values = []
    total_weight = []
    scores = logp.values()
    for positions, k in rows:
        if positions is None:
            values.append(nodes.const(0.0))
            continue
        loss = nodes.apply("neg", scores[positions[k]])
        if weights[k] != 1.0:
            loss = nodes.apply("mul", loss, weights[k])
        values.append(loss)
        total_weight.append(weights[k])
    if reduction == "none":
        return _result(nodes, values, out_shape, logp.dtype, grad_fn, (logp,), kind)
    kept = [v for v, (positions, _) in zip(values, rows, strict=True) if positions is not None]
    total = nodes.chain(kept)  # torch's NLL kernel adds the targets' losses one by one
    if reduction == "mean":  # all targets ignored: 0 / 0 = nan, as torch
        total = nodes.apply("div", total, math.fsum(total_weight))
    t = _result(nodes, [total], (), logp.dtype, grad_fn, (logp,), kind)
    if logp.dtype is float32 and logp.numel():
        _nll_kernel32(t, logp, rows, weights, reduction, out_shape)
    return t


def _nll_kernel32(t, logp, rows, weights, reduction, out_shape):
    """The float32 reduced NLL ``t`` as torch's kernel gives it, which adds the targets' losses
    in a cascade and divides by their weights' float32 sum: its value from the kernel's forward,
    and the loss differentiated in one piece by the kernel's backward."""
    kernel = KERNELS["nll_loss"]
    x = np.array(logp._float32s(), np.float32).reshape(logp._shape)
    target = np.array([IGNORE_INDEX if positions is None else k for positions, k in rows],
                      np.int64).reshape(out_shape)
    weight = None if all(w == 1.0 for w in weights) else np.array(weights, np.float32)
    out, saved = kernel.forward(x, target, weight, reduction=reduction, ignore_index=IGNORE_INDEX)
    total = t.values()[0]
    t._f32 = {total: (total.data, float(out))}

    def rule(grads, outputs):
        return kernel.backward(np.float32(grads[0]), saved)[0].reshape(-1).tolist()

    t._kernel32 = ((t._group,), [FusedLane([total], logp.values(), rule)])


def nll_loss(input, target, weight=None, size_average=None, ignore_index=IGNORE_INDEX,
             reduce=None, reduction="mean"):
    """Negative log-likelihood of class indices, given log-probabilities (N, C, ...)."""
    _tensors("nll_loss", input=input, target=target, weight=weight)
    reduction = _reduction(reduction, size_average, reduce)
    _needs_float(input.dtype, "nll_loss_out_frame")
    rows, c, out = _class_targets(input, target, ignore_index)
    weights = _class_weights(weight, c)
    return _nll(input, rows, weights, reduction, out, _nll_grad_fn(input, reduction), "nll_loss")


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=IGNORE_INDEX,
                  reduce=None, reduction="mean", label_smoothing=0.0):
    """log_softmax over the classes, then NLL of class indices or cross-entropy of probabilities."""
    name = "cross_entropy"
    _tensors(name, input=input, target=target, weight=weight)
    reduction = _reduction(reduction, size_average, reduce)
    if not 0.0 <= label_smoothing <= 1.0:
        raise keyed(ValueError, "loss.smoothing", value=label_smoothing)
    _needs_float(input.dtype, "log_softmax_lastdim_kernel_impl")
    class_dim = 0 if input.dim() == 1 else 1
    if target._shape == input._shape:
        return _cross_entropy_probabilities(input, target, weight, ignore_index, reduction,
                                            label_smoothing, class_dim)
    rows, c, out = _class_targets(input, target, ignore_index)
    weights = _class_weights(weight, c)
    logp = input.log_softmax(class_dim)
    if label_smoothing == 0.0:
        return _nll(logp, rows, weights, reduction, out, _nll_grad_fn(input, reduction), name)
    nll = _nll(logp, rows, weights, reduction, out, _nll_grad_fn(input, reduction), "nll_loss")
    # label smoothing mixes in the uniform distribution: (1 - e) nll + (e / C) * smooth, where
    # smooth = -sum_c w_c logp_c per target (0 where ignored), reduced like the nll
    nodes = _Nodes()
    scores = logp.values()
    smooth = []
    for positions, _ in rows:
        if positions is None:
            smooth.append(nodes.const(0.0))
            continue
        terms = [scores[p] if w == 1.0 else nodes.apply("mul", scores[p], w)
                 for p, w in zip(positions, weights, strict=True)]
        smooth.append(nodes.apply("neg", nodes.sum(terms)))
    if reduction != "none":
        total = nodes.sum(smooth)
        if reduction == "mean":
            kept = [weights[k] for positions, k in rows if positions is not None]
            total = nodes.apply("div", total, math.fsum(kept))
        smooth = [total]
    values = [
        nodes.apply("add", nodes.apply("mul", a, 1.0 - label_smoothing),
                    nodes.apply("mul", b, label_smoothing / c))
        for a, b in zip(nll.values(), smooth, strict=True)
    ]
    return _result(nodes, values, nll._shape, input.dtype, "AddBackward0", (nll, logp), name)


def _cross_entropy_probabilities(input, target, weight, ignore_index, reduction,
                                 label_smoothing, class_dim):
    if not target.dtype.is_floating_point:
        raise keyed(ValueError, "loss.probability_dtype", dtype=_TORCH_TYPE_NAMES[target.dtype])
    if ignore_index >= 0:
        raise keyed(ValueError, "loss.ignore_probabilities")
    shape = input._shape
    c = shape[class_dim]
    weights = _class_weights(weight, c)
    s = math.prod(shape[2:]) if input.dim() > 1 else 1
    logp = input.log_softmax(class_dim)
    nodes = _Nodes()
    probs = target.values()
    if label_smoothing > 0.0:  # the target moves towards uniform: t (1 - e) + e / C
        probs = [nodes.apply("add", nodes.apply("mul", t, 1.0 - label_smoothing),
                             label_smoothing / c) for t in probs]
    # per element logp * t * w, summed over the classes of each target position
    products = []
    for i, (lp, t) in enumerate(zip(logp.values(), probs, strict=True)):
        term = nodes.apply("mul", lp, t)
        w = weights[(i // s) % c]
        products.append(term if weight is None else nodes.apply("mul", term, w))
    if reduction == "none":
        n = shape[0] if input.dim() > 1 else 1
        values = []
        for e in range(n * s):
            base = (e // s) * c * s + e % s
            lane = [products[base + j * s] for j in range(c)]
            values.append(nodes.apply("neg", nodes.sum(lane)))
        out = shape[:class_dim] + shape[class_dim + 1:]
        return _result(nodes, values, out, input.dtype, "NegBackward0", (logp, target),
                       "cross_entropy")
    total = nodes.apply("neg", nodes.sum(products))
    grad_fn = "NegBackward0"
    if reduction == "mean":  # over target positions (numel / C), whatever the weights
        total = nodes.apply("div", total, input.numel() / c if input.numel() else math.nan)
        grad_fn = "DivBackward1"
    return _result(nodes, [total], (), input.dtype, grad_fn, (logp, target), "cross_entropy")


# --- losses composed as torch composes them (its kernels, bound and checked as torch does) -----


def _np_dtype(t):
    return None if t is None or isinstance(t, float) else numpy_tensor.NP_TYPES[t.dtype]


def _shape(t):
    return None if t is None or isinstance(t, float) else t._shape


def _per_element(t, kind, grad_fn, fn, inputs=None, others=()):
    """A new tensor of ``fn(nodes, element, *other elements)`` over ``t``'s elements (the
    ``others`` broadcast to ``t``'s shape)."""
    nodes = _Nodes()
    lanes = [o._broadcast_values(t._shape) for o in others]
    values = [fn(nodes, v, *rest) for v, *rest in zip(t.values(), *lanes, strict=True)]
    return _elementwise(nodes, values, t, grad_fn, inputs or (t, *others), kind)


def _reduced(loss, reduction, kind, unreduced):
    """The composed loss reduced; ``unreduced`` is torch's grad_fn name for 'none'."""
    grad_fn = {"mean": "MeanBackward0", "sum": "SumBackward0"}.get(reduction, unreduced)
    return _reduce(loss, reduction, kind, grad_fn)


def _xlogy_self(nodes, t):
    # torch's xlogy(t, t): 0 where t is 0, else t log t
    return nodes.const(0.0) if t.data == 0.0 else nodes.apply("mul", t, nodes.apply("log", t))


def _kl_div(input, target, reduction="mean", log_target=False):
    """sum t (log t - x): exp(t) (t - x) for a log target, else xlogy(t, t) - t x (Loss.cpp)."""
    kind = "kl_div"
    if log_target:
        loss = target.exp() * (target - input)
    else:
        loss = _per_element(target, kind, "XlogyBackward0", _xlogy_self) - target * input
    if reduction != "batchmean":
        return _reduced(loss, reduction, kind, "MulBackward0" if log_target else "SubBackward0")
    total = _reduce(loss, "sum", kind, "SumBackward0")
    if input.dim() == 0:  # functional.py divides by the batch size only with a batch dimension
        return total
    return _as_loss(total / input._shape[0], kind, "DivBackward0")


def _stirling(nodes, y):
    # y log y - y + log(2 pi y) / 2 where y > 1, else 0 (masked_fill(target <= 1, 0))
    if not y.data > 1.0:
        return nodes.const(0.0)
    log_y = nodes.apply("mul", y, nodes.apply("log", y))
    half_log = nodes.apply("mul", 0.5, nodes.apply("log", nodes.apply("mul", 2 * math.pi, y)))
    return nodes.apply("add", nodes.apply("sub", log_y, y), half_log)


def _poisson_nll_loss(input, target, log_input=True, full=False, eps=1e-8, reduction="mean"):
    """exp(x) - y x for a log rate x, else x - y log(x + eps); plus Stirling's term if full."""
    kind = "poisson_nll_loss"
    if log_input:
        loss = input.exp() - target * input
    else:
        loss = input - target * (input + eps).log()
    if full:
        stirling = _per_element(target, kind, "MaskedFillBackward0", _stirling)
        loss = loss + stirling
    return _reduced(loss, reduction, kind, "AddBackward0" if full else "SubBackward0")


def _clamped_variance(var, eps):
    """var.clone() clamped at eps under no_grad: torch's gradient still reaches var as 1."""
    def clamp(nodes, v):
        if v.data >= eps:
            return nodes.apply("add", v, 0.0)
        return nodes.apply("add", v, eps - v.data)  # the value eps, the derivative 1
    return _per_element(var, "gaussian_nll_loss", "CloneBackward0", clamp)


def _gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    """(log(max(var, eps)) + (x - y)^2 / max(var, eps)) / 2, plus log(2 pi) / 2 if full."""
    kind = "gaussian_nll_loss"
    if isinstance(var, float):
        if var < 0:
            raise keyed(ValueError, "loss.var_negative")
        var = tensor_module.full(input._shape, var, dtype=input.dtype)
    elif any(v.data < 0 for v in var.values()):
        raise keyed(ValueError, "loss.var_negative")
    if var._shape != input._shape and input._shape[:-1] == var._shape:
        var = var.unsqueeze(-1)
    v = _clamped_variance(var, eps)
    loss = 0.5 * (v.log() + (input - target) ** 2 / v)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduced(loss, reduction, kind, "AddBackward0" if full else "MulBackward0")


def _hinge_element(margin):
    def element(nodes, x, y):
        # where(y != 1, clamp_min(margin - x, 0), 0) + where(y != -1, x, 0); clamp_min passes
        # the gradient where margin - x >= 0, as torch
        gap = 0.0
        if y.data != 1.0:
            gap = nodes.apply("sub", margin, x)
            if not gap.data >= 0.0:
                gap = nodes.const(0.0)
        return nodes.apply("add", gap, x if y.data != -1.0 else 0.0)
    return element


def _hinge_embedding_loss(input, target, margin=1.0, reduction="mean"):
    """x where y is 1, max(0, margin - x) where y is -1 (Loss.cpp)."""
    kind = "hinge_embedding_loss"
    shape = broadcast_shapes(input._shape, target._shape)
    x = input if input._shape == shape else input.expand(*shape)
    loss = _per_element(x, kind, "AddBackward0", _hinge_element(float(margin)),
                        (input, target), (target,))
    return _reduced(loss, reduction, kind, "AddBackward0")


def _soft_margin_element(nodes, x, y):
    # log(1 + exp(-x y)): torch's chain neg, mul, exp, add 1, log
    z = nodes.apply("exp", nodes.apply("mul", nodes.apply("neg", x), y))
    return nodes.apply("log", nodes.apply("add", z, 1.0))


def _soft_margin_loss(input, target, reduction="mean"):
    """log(1 + exp(-y x)), averaged (or summed) over the elements."""
    kind, grad_fn = "soft_margin_loss", "SoftMarginLossBackward0"
    loss = _per_element(input, kind, grad_fn, _soft_margin_element, (input, target), (target,))
    return _reduce(loss, reduction, kind, grad_fn)


_SOFTPLUS = OPS["softplus"].bind(beta=1.0, threshold=20.0)


def _log_sigmoid(nodes, x):
    # log sigmoid(x) = -softplus(-x)
    return nodes.apply("neg", nodes.apply(_SOFTPLUS, nodes.apply("neg", x)))


def _multilabel_soft_element(nodes, x, y):
    # -(y log sigmoid(x) + (1 - y) log sigmoid(-x))
    positive = nodes.apply("mul", y, _log_sigmoid(nodes, x))
    negative = nodes.apply("mul", nodes.apply("sub", 1.0, y),
                           _log_sigmoid(nodes, nodes.apply("neg", x)))
    return nodes.apply("neg", nodes.apply("add", positive, negative))


def _multilabel_soft_margin_loss(input, target, weight=None, reduction="mean"):
    """The mean over the classes of BCE with logits, then the reduction (functional.py)."""
    kind = "multilabel_soft_margin_loss"
    loss = _per_element(input, kind, "NegBackward0", _multilabel_soft_element, (input, target),
                        (target,))
    if weight is not None:
        loss = loss * weight
    class_dim = input.dim() - 1
    per_sample = loss.sum(dim=class_dim) / input._shape[class_dim]
    return _reduced(per_sample, reduction, kind, "DivBackward0")


def _clamp_min(nodes, v):
    # clamp_min(v, 0): v itself where v >= 0 (its gradient passes there, at 0 too), else 0
    return v if v.data >= 0.0 else nodes.const(0.0)


def _margin_ranking_loss(input1, input2, target, margin=0.0, reduction="mean"):
    """max(0, -y (x1 - x2) + margin) (Loss.cpp)."""
    kind = "margin_ranking_loss"
    s = -target * (input1 - input2) + float(margin)
    loss = _per_element(s, kind, "ClampMinBackward0", _clamp_min)
    return _reduced(loss, reduction, kind, "ClampMinBackward0")


def _multi_margin_frame(nodes, row, k, p, margin, weight):
    """sum over the classes i != k of max(0, margin - x[k] + x[i])^p (times w[k]), over C."""
    shifted = nodes.apply("sub", float(margin), row[k])
    terms = []
    for i, x in enumerate(row):
        if i == k:
            continue
        z = nodes.apply("add", shifted, x)
        if not z.data > 0.0:  # torch counts z > 0 only
            continue
        h = z if p == 1 else nodes.apply("mul", z, z)
        terms.append(h if weight is None else nodes.apply("mul", h, weight[k]))
    return nodes.apply("div", nodes.chain(terms), float(len(row)))


def _frames_reduced(nodes, frames, per_frame, shape, reduction, dtype, grad_fn, inputs, kind):
    """Frame losses as they are ('none' with a batch), else summed (or averaged) over frames."""
    if per_frame:
        return _result(nodes, frames, shape, dtype, grad_fn, inputs, kind)
    total = nodes.chain(frames)
    if reduction == "mean":
        total = nodes.apply("div", total, float(len(frames)))
    return _result(nodes, [total], (), dtype, grad_fn, inputs, kind)


def _multi_margin_loss(input, target, weight=None, p=1, margin=1.0, reduction="mean"):
    """The multi-class hinge loss of each frame (a row of scores and its class)."""
    kind = "multi_margin_loss"
    c = input._shape[-1] if input.dim() else 1
    scores = input.values()
    classes = [int(v.data) for v in target.values()]
    if any(not 0 <= k < c for k in classes):
        raise keyed(ValueError, "loss.margin_range")
    weights = None if weight is None else [v.data for v in weight.values()]
    nodes = _Nodes()
    frames = [_multi_margin_frame(nodes, scores[n * c:(n + 1) * c], k, p, margin, weights)
              for n, k in enumerate(classes)]
    per_frame = reduction == "none" and target.dim() > 0
    return _frames_reduced(nodes, frames, per_frame, (len(frames),), reduction, input.dtype,
                           "MultiMarginLossBackward0", (input,), kind)


def _multilabel_margin_frame(nodes, row, labels):
    """sum over the listed classes j and the other classes i of max(0, 1 - x[j] + x[i]), over C."""
    listed = []
    for k in labels:
        if k < 0:  # the list ends at the first -1
            break
        listed.append(k)
    terms = []
    for j in listed:
        shifted = nodes.apply("sub", 1.0, row[j])
        for i, x in enumerate(row):
            if i in listed:
                continue
            z = nodes.apply("add", shifted, x)
            if z.data > 0.0:
                terms.append(z)
    return nodes.apply("div", nodes.chain(terms), float(len(row)))


def _multilabel_margin_loss(input, target, reduction="mean"):
    """The multi-label hinge loss of each frame: every listed class against every other."""
    kind = "multilabel_margin_loss"
    c = input._shape[-1] if input.dim() else 1
    scores = input.values()
    labels = [int(v.data) for v in target.values()]
    if any(not -1 <= k < c for k in labels):
        raise keyed(ValueError, "loss.margin_range")
    nodes = _Nodes()
    frames = [_multilabel_margin_frame(nodes, scores[n:n + c], labels[n:n + c])
              for n in range(0, len(scores), c)]
    per_frame = reduction == "none" and input.dim() > 1
    return _frames_reduced(nodes, frames, per_frame, (len(frames),), reduction, input.dtype,
                           "MultilabelMarginLossBackward0", (input,), kind)


def _cosine_element(margin):
    def element(nodes, cos, y):
        # where(y == 1, 1 - cos, 0) + where(y == -1, clamp_min(cos - margin, 0), 0)
        pos = nodes.apply("sub", 1.0, cos) if y.data == 1.0 else 0.0
        neg = 0.0
        if y.data == -1.0:
            neg = nodes.apply("sub", cos, margin)
            if not neg.data >= 0.0:
                neg = nodes.const(0.0)
        return nodes.apply("add", pos, neg)
    return element


def _cosine_embedding_loss(input1, input2, target, margin=0.0, reduction="mean"):
    """1 - cos(x1, x2) where y is 1, max(0, cos(x1, x2) - margin) where y is -1 (Loss.cpp)."""
    kind = "cosine_embedding_loss"
    prod = (input1 * input2).sum(-1)
    mag1 = (input1 * input1).sum(-1) + COSINE_EPSILON
    mag2 = (input2 * input2).sum(-1) + COSINE_EPSILON
    cos = prod / (mag1 * mag2).sqrt()
    loss = _per_element(cos, kind, "AddBackward0", _cosine_element(float(margin)),
                        (cos, target), (target,))
    return _reduced(loss, reduction, kind, "AddBackward0")


COSINE_EPSILON = 9.999999960041972e-13  # Loss.cpp's EPSILON, a float


def _pairwise_distance(a, b, p, eps):
    """torch.pairwise_distance: the p-norm of a - b + eps along the last dimension."""
    d = (a - b) + float(eps)
    nodes = _Nodes()
    n = d._shape[-1] if d.dim() else 1
    values = d.values()
    norms = []
    for start in range(0, len(values), n):
        row = values[start:start + n]
        if p == 2:
            norms.append(nodes.apply("sqrt", nodes.sum([nodes.apply("mul", v, v) for v in row])))
        elif p == 1:
            norms.append(nodes.sum([nodes.apply("abs", v) for v in row]))
        else:
            powers = [nodes.apply("pow", nodes.apply("abs", v), float(p)) for v in row]
            norms.append(nodes.apply("pow", nodes.sum(powers), 1.0 / p))
    return _result(nodes, norms, d._shape[:-1], d.dtype, "NormBackward1", (d,), "norm")


def _minimum(nodes, a, b):
    # torch.minimum: the smaller; a tie shares the gradient between the two
    if a.data == b.data:
        return nodes.apply("mul", nodes.apply("add", a, b), 0.5)
    return a if a.data < b.data else b


def _triplet(anchor, positive, negative, margin, p, eps, swap, reduction, kind):
    d_pos = _pairwise_distance(anchor, positive, p, eps)
    d_neg = _pairwise_distance(anchor, negative, p, eps)
    if swap:
        d_swap = _pairwise_distance(positive, negative, p, eps)
        d_neg = _per_element(d_neg, kind, "MinimumBackward0", _minimum, (d_neg, d_swap),
                             (d_swap,))
    s = (float(margin) + d_pos) - d_neg
    loss = _per_element(s, kind, "ClampMinBackward0", _clamp_min)
    return _reduced(loss, reduction, kind, "ClampMinBackward0")


def _triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2.0, eps=1e-6, swap=False,
                         reduction="mean"):
    """max(0, margin + d(a, p) - d(a, n)), d(a, n) the smaller of it and d(p, n) if swap."""
    return _triplet(anchor, positive, negative, margin, p, eps, swap, reduction,
                    "triplet_margin_loss")


def _triplet_margin_with_distance_loss(anchor, positive, negative, distance_function=None,
                                       margin=1.0, swap=False, reduction="mean"):
    """triplet_margin_loss with torch.pairwise_distance (p = 2, eps = 1e-6) as the distance."""
    return _triplet(anchor, positive, negative, margin, 2.0, 1e-6, swap, reduction,
                    "triplet_margin_with_distance_loss")


COMPOSED = {
    "kl_div": _kl_div,
    "poisson_nll_loss": _poisson_nll_loss,
    "gaussian_nll_loss": _gaussian_nll_loss,
    "hinge_embedding_loss": _hinge_embedding_loss,
    "soft_margin_loss": _soft_margin_loss,
    "multilabel_soft_margin_loss": _multilabel_soft_margin_loss,
    "multi_margin_loss": _multi_margin_loss,
    "multilabel_margin_loss": _multilabel_margin_loss,
    "margin_ranking_loss": _margin_ranking_loss,
    "cosine_embedding_loss": _cosine_embedding_loss,
    "triplet_margin_loss": _triplet_margin_loss,
    "triplet_margin_with_distance_loss": _triplet_margin_with_distance_loss,
}


def _composed_call(name, arrays, options):
    """Loss ``name`` of scalar-level tensors, checked as torch's kernel checks them."""
    kernel = KERNELS[name]
    _tensors(name, **{arg: t for arg, t in zip(kernel.arrays, arrays, strict=True)
                      if not isinstance(t, float)})
    kernel.check(tuple(_shape(t) for t in arrays), tuple(_np_dtype(t) for t in arrays),
                 **options)
    return COMPOSED[name](*arrays, **options)


def _composed_function(name):
    def loss(*args, **kwargs):
        arrays, options = call_function(name, args, kwargs)
        return _composed_call(name, arrays, options)

    loss.__name__ = loss.__qualname__ = name
    loss.__doc__ = COMPOSED[name].__doc__
    loss.__signature__ = inspect.signature(numpy_losses.FUNCTIONS[name])
    return loss


# --- nn module classes --------------------------------------------------------------------------


class _Loss:
    """A callable loss module: ``loss_fn(input, target)``, options fixed at construction."""

    def __call__(self, input, target):
        return self.forward(input, target)

    def __repr__(self):
        return f"{type(self).__name__}()"


class L1Loss(_Loss):
    """nn.L1Loss: mean absolute error."""

    def __init__(self, size_average=None, reduce=None, reduction="mean"):
        self.reduction = _module_reduction(reduction, size_average, reduce)

    def forward(self, input, target):
        """The loss of input against target."""
        return _LEVELED["l1_loss"](input, target, reduction=self.reduction)


class MSELoss(_Loss):
    """nn.MSELoss: mean squared error."""

    def __init__(self, size_average=None, reduce=None, reduction="mean"):
        self.reduction = _module_reduction(reduction, size_average, reduce)

    def forward(self, input, target):
        """The loss of input against target."""
        return _LEVELED["mse_loss"](input, target, reduction=self.reduction)


class CrossEntropyLoss(_Loss):
    """nn.CrossEntropyLoss: log_softmax then negative log-likelihood (or soft targets)."""

    def __init__(self, weight=None, size_average=None, ignore_index=IGNORE_INDEX, reduce=None,
                 reduction="mean", label_smoothing=0.0):
        self.weight = weight
        self.ignore_index = ignore_index
        self.reduction = _module_reduction(reduction, size_average, reduce)
        self.label_smoothing = label_smoothing

    def forward(self, input, target):
        """The loss of input (logits) against target (class indices or probabilities)."""
        return _LEVELED["cross_entropy"](input, target, weight=self.weight,
                                         ignore_index=self.ignore_index,
                                         reduction=self.reduction,
                                         label_smoothing=self.label_smoothing)


class NLLLoss(_Loss):
    """nn.NLLLoss: negative log-likelihood of class indices given log-probabilities."""

    def __init__(self, weight=None, size_average=None, ignore_index=IGNORE_INDEX, reduce=None,
                 reduction="mean"):
        self.weight = weight
        self.ignore_index = ignore_index
        self.reduction = _module_reduction(reduction, size_average, reduce)

    def forward(self, input, target):
        """The loss of input (log-probabilities) against target (class indices)."""
        return _LEVELED["nll_loss"](input, target, weight=self.weight,
                                    ignore_index=self.ignore_index, reduction=self.reduction)


class BCELoss(_Loss):
    """nn.BCELoss: binary cross-entropy of probabilities."""

    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean"):
        self.weight = weight
        self.reduction = _module_reduction(reduction, size_average, reduce)

    def forward(self, input, target):
        """The loss of input (probabilities) against target."""
        return _LEVELED["binary_cross_entropy"](input, target, weight=self.weight,
                                                reduction=self.reduction)


class BCEWithLogitsLoss(_Loss):
    """nn.BCEWithLogitsLoss: sigmoid and binary cross-entropy in one stable step."""

    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean",
                 pos_weight=None):
        self.weight = weight
        self.pos_weight = pos_weight
        self.reduction = _module_reduction(reduction, size_average, reduce)

    def forward(self, input, target):
        """The loss of input (logits) against target."""
        return _LEVELED["binary_cross_entropy_with_logits"](input, target, weight=self.weight,
                                                reduction=self.reduction,
                                                pos_weight=self.pos_weight)


class HuberLoss(_Loss):
    """nn.HuberLoss: squared error near 0, delta-scaled absolute error beyond delta."""

    def __init__(self, reduction="mean", delta=1.0):
        self.reduction = reduction
        self.delta = delta

    def forward(self, input, target):
        """The loss of input against target."""
        return _LEVELED["huber_loss"](input, target, reduction=self.reduction, delta=self.delta)


class SmoothL1Loss(_Loss):
    """nn.SmoothL1Loss: squared error / beta near 0, absolute error beyond beta."""

    def __init__(self, size_average=None, reduce=None, reduction="mean", beta=1.0):
        self.reduction = _module_reduction(reduction, size_average, reduce)
        self.beta = beta

    def forward(self, input, target):
        """The loss of input against target."""
        return _LEVELED["smooth_l1_loss"](input, target, reduction=self.reduction, beta=self.beta)


FUNCTIONS = {
    "l1_loss": l1_loss, "mse_loss": mse_loss, "cross_entropy": cross_entropy,
    "nll_loss": nll_loss, "binary_cross_entropy": binary_cross_entropy,
    "binary_cross_entropy_with_logits": binary_cross_entropy_with_logits,
    "huber_loss": huber_loss, "smooth_l1_loss": smooth_l1_loss,
} | {name: _composed_function(name) for name in COMPOSED}
# the functions as a snippet calls them: on the scalar level these, on the tensor level torch's
# kernels (loss_kernels through numpy_losses), which also offer the losses this level lacks
_LEVELED = {name: levels.by_level(FUNCTIONS.get(name), fn)
            for name, fn in numpy_losses.FUNCTIONS.items()}


class _KernelLoss(_Loss):
    """An nn loss module torch offers that only the tensor level computes here: its options
    bound as torch's constructor binds them, its forward torch's kernel."""

    _function = ""

    def __init__(self, *args, **kwargs):
        self._options = module_options(self._function, args, kwargs)
        for name, value in self._options.items():
            setattr(self, name, value)

    def _forward(self, *args, **kwargs):
        """The loss of the inputs, as torch's module computes it."""
        scalar = levels.current() != levels.TENSOR
        if scalar and self._function not in COMPOSED:
            raise keyed(ValueError, "level.unoffered", name=type(self).__name__,
                        level="scalar")
        arrays, options = call_module(self._function, self._options, args, kwargs)
        if scalar:
            return _composed_call(self._function, arrays, options)
        return numpy_losses.apply(self._function, arrays, options)


def _parameters(params, keyword_from):
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return [inspect.Parameter(name, kinds[i >= keyword_from],
                              default=inspect.Parameter.empty if default is REQUIRED else default)
            for i, (name, default) in enumerate(params)]


def _kernel_module(sig):
    """The nn module class of one loss, with torch's signatures for its constructor and call."""
    def __init__(self, *args, **kwargs):
        _KernelLoss.__init__(self, *args, **kwargs)

    def __call__(self, *args, **kwargs):
        return self._forward(*args, **kwargs)

    self_param = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    __init__.__signature__ = inspect.Signature(
        self_param + _parameters(sig.module_params, sig.module_keyword_from))
    __call__.__signature__ = inspect.Signature(
        self_param + _parameters(tuple((f, REQUIRED) for f in sig.forward), len(sig.forward)))
    return type(sig.module, (_KernelLoss,), {
        "_function": sig.function, "__doc__": f"nn.{sig.module} (torch's kernel).",
        "__init__": __init__, "__call__": __call__, "forward": __call__})


_SCALAR_MODULES = (L1Loss, MSELoss, CrossEntropyLoss, NLLLoss, BCELoss, BCEWithLogitsLoss,
                   HuberLoss, SmoothL1Loss)
MODULES = {cls.__name__: cls for cls in _SCALAR_MODULES} | {
    sig.module: _kernel_module(sig) for sig in SIGNATURES.values()
    if sig.module not in {c.__name__ for c in _SCALAR_MODULES}
}
# the composed losses and every module class by torch's names too (``losses.kl_div``,
# ``losses.KLDivLoss``), as the eight written out above are
globals().update({name: FUNCTIONS[name] for name in COMPOSED})
globals().update({name: cls for name, cls in MODULES.items() if name not in globals()})
