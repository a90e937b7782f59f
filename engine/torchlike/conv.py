"""Convolution, pooling and embedding kernels on the tensor level: ``F.conv2d``, ``F.max_pool2d``,
``F.avg_pool2d`` and ``F.embedding``, forward and backward vectorised with numpy.

Every size is worked out from the shapes and checked against the bounds before anything is
allocated: the result's elements (``sizes.result_size``), the padded image and the windows a
kernel holds or reads (``sizes.check_work``), and a convolution's multiply-adds
(``sizes.check_products``). A convolution is one matrix product per kernel tap, so nothing the
size of the unfolded windows is ever made.

Rounding: torch's float32 convolution sums through oneDNN in an order of its own (blocked,
vectorised). Here each sum is taken in float64 and rounded once to float32, the float32 number
nearest the exact sum; torch's can differ from it by a few float32 ulps (about 1e-7 relative),
which shows in the 4 printed digits only near a rounding boundary. float64 sums differ from
torch's by a few float64 ulps. Max pooling and embeddings copy numbers and are exact; average
pooling sums each window in float32 in torch's order (row by row), and its backward spreads
``g / divisor`` in float32 as torch does.
"""

import numbers

import numpy as np

from ..messages import keyed
from .numpy_tensor import NP_TYPES, Tensor, _record, from_array
from .sizes import check_products, check_work, result_size
from .tensor import _TORCH_TYPE_NAMES, float32, float64, int64


def _pair(value, name):
    """An int or a pair of ints as (h, w); torch's error for a list of another length."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value), int(value)
    if isinstance(value, (tuple, list)) and all(
            isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in value):
        if len(value) == 1:
            return int(value[0]), int(value[0])
        if len(value) == 2:
            return int(value[0]), int(value[1])
    raise keyed(ValueError, "conv.pair", name=name, value=repr(value))


def _batched(input, name):
    """``input`` as a 4-d array (a 3-d one gains a batch of 1), and whether it was unbatched."""
    if not isinstance(input, Tensor):
        raise keyed(TypeError, "conv.input", name=name, kind=type(input).__name__)
    if input.dim() == 3:
        return input._a[None], True
    if input.dim() == 4:
        return input._a, False
    if name != "conv2d":
        raise keyed(ValueError, "conv.pool_input")
    raise keyed(ValueError, "conv.input_dims", size=list(input.shape))


def _windows(x, kernel, stride, dilation, out_hw):
    """A read-only view (N, C, Ho, Wo, kh, kw) of the windows of the padded 4-d array ``x``."""
    n, c, _, _ = x.shape
    s0, s1, s2, s3 = x.strides
    shape = (n, c, out_hw[0], out_hw[1], kernel[0], kernel[1])
    strides = (s0, s1, s2 * stride[0], s3 * stride[1], s2 * dilation[0], s3 * dilation[1])
    return np.lib.stride_tricks.as_strided(x, shape, strides, writeable=False)


def _out_size(size, pad, kernel, stride, dilation):
    return (size + pad - dilation * (kernel - 1) - 1) // stride + 1


# --- convolution ---------------------------------------------------------------------------------


def _conv_padding(padding, kernel, stride, dilation):
    """((top, bottom), (left, right)) for an int, a pair, 'valid' or 'same'."""
    if isinstance(padding, str):
        if padding == "valid":
            return (0, 0), (0, 0)
        if padding != "same":
            raise keyed(ValueError, "conv.padding_string", value=padding)
        if stride != (1, 1):
            raise keyed(ValueError, "conv.same_strided")
        pads = []
        for k, d in zip(kernel, dilation, strict=True):
            total = d * (k - 1)
            pads.append((total // 2, total - total // 2))  # torch pads the extra one after
        return tuple(pads)
    ph, pw = _pair(padding, "padding")
    if ph < 0 or pw < 0:
        raise keyed(ValueError, "conv.negative_padding")
    return (ph, ph), (pw, pw)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """``F.conv2d``: the 2-d cross-correlation of a (N, C, H, W) or (C, H, W) input with
    weight (O, C/groups, kh, kw), plus bias (O,); grad_fn ``ConvolutionBackward0`` (an
    unbatched input goes through unsqueeze(0) and squeeze(0) around it, as in torch)."""
    x, unbatched = _batched(input, "conv2d")
    if unbatched:
        out = conv2d(input.unsqueeze(0), weight, bias, stride, padding, dilation, groups)
        return out.squeeze(0)
    if not isinstance(weight, Tensor) or weight.dim() != 4:
        size = list(weight.shape) if isinstance(weight, Tensor) else type(weight).__name__
        raise keyed(ValueError, "conv.weight_dims", size=size)
    stride, dilation = _pair(stride, "stride"), _pair(dilation, "dilation")
    if min(stride) <= 0:
        raise keyed(ValueError, "conv.stride")
    if min(dilation) <= 0:
        raise keyed(ValueError, "conv.dilation")
    if not isinstance(groups, numbers.Integral) or isinstance(groups, bool) or groups <= 0:
        raise keyed(ValueError, "conv.groups", value=repr(groups))
    w = weight._a
    o, cg, kh, kw = w.shape
    if o % groups:
        raise keyed(ValueError, "conv.groups_weight", groups=groups, size=list(w.shape))
    n, c, h, wd = x.shape
    if c != cg * groups:
        raise keyed(ValueError, "conv.channels", groups=groups, weight=list(w.shape),
                    input=list(input.shape), expected=cg * groups, got=c)
    if bias is not None and (not isinstance(bias, Tensor) or bias.shape != (o,)):
        raise keyed(ValueError, "conv.bias", weight=list(w.shape),
                    size=list(bias.shape) if isinstance(bias, Tensor) else [], n=o)
    for t in (weight, bias):
        if t is not None and t.dtype is not input.dtype:
            raise keyed(ValueError, "conv.dtype", expected=_TORCH_TYPE_NAMES[input.dtype],
                        got=_TORCH_TYPE_NAMES[t.dtype])
    if input.dtype not in (float32, float64):
        raise keyed(ValueError, "conv.float", kind=_TORCH_TYPE_NAMES[input.dtype])
    (pt, pb), (pl, pr) = _conv_padding(padding, (kh, kw), stride, dilation)
    ho = _out_size(h, pt + pb, kh, stride[0], dilation[0])
    wo = _out_size(wd, pl + pr, kw, stride[1], dilation[1])
    if ho <= 0 or wo <= 0:
        raise keyed(ValueError, "conv.kernel_size", h=h + pt + pb, w=wd + pl + pr,
                    kh=dilation[0] * (kh - 1) + 1, kw=dilation[1] * (kw - 1) + 1)
    out_shape = (n, o, ho, wo)
    result_size(out_shape)
    check_work(n * c * (h + pt + pb) * (wd + pl + pr))  # the padded image
    check_products(n * o * ho * wo * cg * kh * kw)
    npt = NP_TYPES[input.dtype]
    padded = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (pt, pb), (pl, pr)))
    og = o // groups
    w64 = w.astype(np.float64).reshape(groups, og, cg, kh, kw)
    offsets = [(i, j) for i in range(kh) for j in range(kw)]
    # each tap's (G, Og, Cg) matrix, contiguous so that numpy's matmul hands it to BLAS
    w_taps = {(i, j): np.ascontiguousarray(w64[..., i, j]) for i, j in offsets}

    def tap(i, j):
        """The (N, C, Ho, Wo) slice of the padded input that kernel tap (i, j) multiplies."""
        r0, c0 = i * dilation[0], j * dilation[1]
        return (slice(None), slice(None), slice(r0, r0 + stride[0] * (ho - 1) + 1, stride[0]),
                slice(c0, c0 + stride[1] * (wo - 1) + 1, stride[1]))

    def taps(i, j):
        return padded[tap(i, j)].reshape(n, groups, cg, ho * wo)

    # one matrix product per kernel tap, all in float64, each sum rounded once at the end
    out = np.zeros((n, groups, og, ho * wo))
    for i, j in offsets:
        out += np.matmul(w_taps[i, j][None], taps(i, j))
    out = out.reshape(out_shape)
    if bias is not None:
        out = out + bias._a.astype(np.float64)[:, None, None]
    out = out.astype(npt)
    inputs = (input, weight) if bias is None else (input, weight, bias)

    def backward(g):
        g64 = g.reshape(out_shape).astype(np.float64)
        gg = g64.reshape(n, groups, og, ho * wo)
        gx = gw = gb = None
        if input._requires_grad:
            acc = np.zeros(padded.shape)
            for i, j in offsets:
                back = np.matmul(np.ascontiguousarray(w_taps[i, j].transpose(0, 2, 1))[None], gg)
                acc[tap(i, j)] += back.reshape(n, c, ho, wo)
            gx = acc[:, :, pt:pt + h, pl:pl + wd].astype(npt).reshape(input.shape)
        if weight._requires_grad:
            # channels first, so each tap is a (C, N*L) matrix: 2-d BLAS products only
            gw = np.zeros(w64.shape)
            rows = gg.transpose(1, 2, 0, 3).reshape(groups, og, n * ho * wo)
            by_channel = padded.transpose(1, 0, 2, 3)
            for i, j in offsets:
                cols = by_channel[(slice(None),) + tap(i, j)[1:]].reshape(groups, cg, -1)
                for k in range(groups):
                    gw[k, :, :, i, j] = rows[k] @ cols[k].T
            gw = gw.reshape(w.shape).astype(npt)
        if bias is not None and bias._requires_grad:
            gb = g64.sum(axis=(0, 2, 3)).astype(npt)
        return (gx, gw) if bias is None else (gx, gw, gb)

    rule = "g ⋆ flipped W, x ⋆ g" + (", Σ g over batch and pixels" if bias is not None else "")
    return _record(out, input.dtype, "ConvolutionBackward0", inputs, backward,
                   saved=(input, weight), rule=rule)


# --- pooling -------------------------------------------------------------------------------------


def _pool_size(size, pad, kernel, stride, dilation, ceil_mode):
    """torch's pooling_output_shape."""
    span = size + 2 * pad - dilation * (kernel - 1) - 1 + (stride - 1 if ceil_mode else 0)
    out = span // stride + 1
    if ceil_mode and (out - 1) * stride >= size + pad:
        out -= 1
    return out


def _pool_setup(input, kernel_size, stride, padding, dilation, ceil_mode, name):
    x, unbatched = _batched(input, name)
    if 0 in x.shape[1:]:
        raise keyed(ValueError, "conv.pool_input")
    kernel = _pair(kernel_size, "kernel_size")
    stride = kernel if stride is None or stride == [] or stride == () else _pair(stride, "stride")
    padding, dilation = _pair(padding, "padding"), _pair(dilation, "dilation")
    if min(kernel) <= 0 or min(stride) <= 0 or min(dilation) <= 0:
        raise keyed(ValueError, "conv.pool_positive")
    # torch's two checks of the same rule: at most half the (undilated) kernel
    if dilation != (1, 1) and (padding[0] > kernel[0] // 2 or padding[1] > kernel[1] // 2):
        raise keyed(ValueError, "conv.pool_padding_dilated", ph=padding[0], pw=padding[1],
                    kh=kernel[0], kw=kernel[1])
    for p, k in zip(padding, kernel, strict=True):
        if p < 0 or p > k // 2:
            raise keyed(ValueError, "conv.pool_padding", pad=p, kernel=k, dilation=1)
    n, c, h, w = x.shape
    ho = _pool_size(h, padding[0], kernel[0], stride[0], dilation[0], ceil_mode)
    wo = _pool_size(w, padding[1], kernel[1], stride[1], dilation[1], ceil_mode)
    if ho < 1 or wo < 1:
        raise keyed(ValueError, "conv.pool_small", c=c, h=h, w=w, ho=ho, wo=wo)
    result_size((n, c, ho, wo))
    check_work(n * c * ho * wo * kernel[0] * kernel[1])  # the windows it reads
    need_h = (ho - 1) * stride[0] + dilation[0] * (kernel[0] - 1) + 1
    need_w = (wo - 1) * stride[1] + dilation[1] * (kernel[1] - 1) + 1
    check_work(n * c * max(need_h, h + padding[0]) * max(need_w, w + padding[1]))  # padded
    return x, unbatched, kernel, stride, padding, dilation, (ho, wo)


def _pool_padded(x, padding, stride, dilation, kernel, out_hw, fill):
    """``x`` padded with ``fill`` wide enough for every window (ceil_mode may reach past it)."""
    n, c, h, w = x.shape
    need_h = (out_hw[0] - 1) * stride[0] + dilation[0] * (kernel[0] - 1) + 1
    need_w = (out_hw[1] - 1) * stride[1] + dilation[1] * (kernel[1] - 1) + 1
    bottom = max(need_h - h - padding[0], 0)
    right = max(need_w - w - padding[1], 0)
    return np.pad(x, ((0, 0), (0, 0), (padding[0], bottom), (padding[1], right)),
                  constant_values=fill)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    """``F.max_pool2d``: the largest number of each window (the first one on a tie; NaN wins);
    grad_fn ``MaxPool2DWithIndicesBackward0``, the gradient going to that number."""
    x, unbatched, kernel, stride, padding, dilation, (ho, wo) = _pool_setup(
        input, kernel_size, stride, padding, dilation, ceil_mode, "max_pool2d")
    if input.dtype is not float32 and input.dtype is not float64 and input.dtype is not int64:
        raise keyed(ValueError, "conv.float", kind=_TORCH_TYPE_NAMES[input.dtype])
    n, c, h, w = x.shape
    low = -np.inf if input.dtype is not int64 else np.iinfo(np.int64).min
    padded = _pool_padded(x, padding, stride, dilation, kernel, (ho, wo), low)
    rows = np.arange(padded.shape[2]) - padding[0]
    cols_ = np.arange(padded.shape[3]) - padding[1]
    flat = (rows[:, None] * w + cols_[None, :]).astype(np.int64)  # index into the input's H*W
    win = _windows(padded, kernel, stride, dilation, (ho, wo)).reshape(n, c, ho, wo, -1)
    where = _windows(np.broadcast_to(flat, (1, 1) + flat.shape), kernel, stride, dilation,
                     (ho, wo)).reshape(1, 1, ho, wo, -1)
    # the first maximum in row-major order, a NaN before anything else (torch's scan)
    nan = np.isnan(win) if input.dtype is not int64 else np.zeros(win.shape, bool)
    pick = np.where(nan.any(axis=-1), nan.argmax(axis=-1), win.argmax(axis=-1))
    values = np.take_along_axis(win, pick[..., None], -1)[..., 0]
    indices = np.take_along_axis(np.broadcast_to(where, win.shape), pick[..., None], -1)[..., 0]
    values = values.astype(x.dtype)

    def backward(g):
        gx = np.zeros((n, c, h * w), g.dtype)
        gi = g.reshape(n, c, ho * wo)
        idx = indices.reshape(n, c, ho * wo)
        for b in range(n):  # np.add.at in order: a number picked twice gets both, in order
            for ch in range(c):
                np.add.at(gx[b, ch], idx[b, ch], gi[b, ch])
        return (gx.reshape(input.shape),)

    out = _record(values[0] if unbatched else values, input.dtype,
                  "MaxPool2DWithIndicesBackward0", (input,), backward, rule="g at the argmax")
    if return_indices:
        return out, from_array(indices[0] if unbatched else indices, int64)
    return out


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None):
    """``F.avg_pool2d``: the mean of each window, summed in float32 row by row as torch does;
    grad_fn ``AvgPool2DBackward0``."""
    x, unbatched, kernel, stride, padding, _, (ho, wo) = _pool_setup(
        input, kernel_size, stride, padding, 1, ceil_mode, "avg_pool2d")
    if input.dtype not in (float32, float64):
        raise keyed(ValueError, "conv.float", kind=_TORCH_TYPE_NAMES[input.dtype])
    if divisor_override is not None and (not isinstance(divisor_override, numbers.Integral)
                                         or divisor_override == 0):
        raise keyed(ValueError, "conv.divisor")
    n, c, h, w = x.shape
    npt = x.dtype.type
    kh, kw = kernel
    # each window's rows [h0, h1) and columns [w0, w1), as torch clips them
    h0 = np.arange(ho) * stride[0] - padding[0]
    w0 = np.arange(wo) * stride[1] - padding[1]
    h1 = np.minimum(h0 + kh, h + padding[0])
    w1 = np.minimum(w0 + kw, w + padding[1])
    pool = (h1 - h0)[:, None] * (w1 - w0)[None, :]
    h0c, w0c = np.maximum(h0, 0), np.maximum(w0, 0)
    h1c, w1c = np.minimum(h1, h), np.minimum(w1, w)
    if divisor_override is not None:
        divisor = np.full((ho, wo), divisor_override)
    elif count_include_pad:
        divisor = pool
    else:
        divisor = (h1c - h0c)[:, None] * (w1c - w0c)[None, :]
    divisor = divisor.astype(npt)
    padded = _pool_padded(x, padding, stride, (1, 1), kernel, (ho, wo), 0)
    win = _windows(padded, kernel, stride, (1, 1), (ho, wo))
    rows = h0[:, None] + np.arange(kh)[None, :]  # (ho, kh)
    cols_ = w0[:, None] + np.arange(kw)[None, :]
    inside_r = (rows >= h0c[:, None]) & (rows < h1c[:, None])
    inside_c = (cols_ >= w0c[:, None]) & (cols_ < w1c[:, None])
    total = np.zeros((n, c, ho, wo), npt)
    for i in range(kh):
        for j in range(kw):
            inside = inside_r[:, i][:, None] & inside_c[:, j][None, :]
            total = np.where(inside, total + win[..., i, j], total)
    with np.errstate(all="ignore"):
        out = (total / divisor).astype(npt)

    def backward(g):
        share = (g.reshape(n, c, ho, wo) / divisor).astype(npt)
        acc = np.zeros(padded.shape, npt)
        for oh in range(ho):  # torch's order: output positions row by row
            for ow in range(wo):
                r0, c0 = h0c[oh] - h0[oh], w0c[ow] - w0[ow]
                r1, c1 = h1c[oh] - h0[oh], w1c[ow] - w0[ow]
                top, left = h0[oh] + padding[0], w0[ow] + padding[1]
                acc[:, :, top + r0:top + r1, left + c0:left + c1] += share[:, :, oh, ow,
                                                                           None, None]
        gx = acc[:, :, padding[0]:padding[0] + h, padding[1]:padding[1] + w]
        return (gx.reshape(input.shape),)

    return _record(out[0] if unbatched else out, input.dtype, "AvgPool2DBackward0", (input,),
                   backward, rule="g / divisor over each window")


# --- embedding -----------------------------------------------------------------------------------


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0,
              scale_grad_by_freq=False, sparse=False):
    """``F.embedding``: row ``input[i]`` of ``weight`` for each index; grad_fn
    ``EmbeddingBackward0``, each row's gradient added in the indices' order (none to
    ``padding_idx``)."""
    if max_norm is not None or scale_grad_by_freq or sparse:
        raise keyed(ValueError, "level.unoffered", name="embedding's max_norm, "
                    "scale_grad_by_freq and sparse", level="tensor")
    if not isinstance(input, Tensor) or not isinstance(weight, Tensor):
        raise keyed(TypeError, "conv.input", name="embedding",
                    kind=type(input if not isinstance(input, Tensor) else weight).__name__)
    if input.dtype is not int64:
        raise keyed(ValueError, "conv.embedding_indices", kind=_TORCH_TYPE_NAMES[input.dtype])
    if weight.dim() != 2:
        raise keyed(ValueError, "conv.embedding_weight", n=weight.dim())
    rows, dim = weight.shape
    if padding_idx is not None:
        if padding_idx < 0:
            padding_idx += rows
    idx = input._a.reshape(-1)
    if idx.size and (idx.min() < 0 or idx.max() >= rows):
        raise keyed(IndexError, "conv.embedding_range")
    shape = input.shape + (dim,)
    result_size(shape)
    out = weight._a[idx].reshape(shape)

    def backward(g):
        gw = np.zeros(weight._a.shape, g.dtype)
        gr = g.reshape(-1, dim)
        keep = idx != padding_idx if padding_idx is not None else slice(None)
        np.add.at(gw, idx[keep], gr[keep])
        return None, gw

    return _record(out, weight.dtype, "EmbeddingBackward0", (input, weight), backward,
                   rule="none (indices), g added to each row it read")
