"""Sums in the order torch's CPU kernel adds, so float32 (and float64) digits agree with torch's.

Addition of floats is not associative, so the order torch adds in shows in the last digits of a
sum, and through them in printed losses and gradients. torch's sum kernel (ATen's SumKernel.cpp,
single-threaded) adds a run of numbers as follows:

- ``row_sum``: four partial sums, item ``i`` going into partial ``i % 4`` (the last ``n % 4``
  items into partial 0), each partial summed by ``multi_row_sum``; then the four are added in
  order.
- ``multi_row_sum``: items added one after another into an accumulator that, every
  ``2**level_power`` items (at least 16), is added into the next of four levels, a cascade that
  keeps the rounding error of long sums small; the levels are added together at the end.
- A contiguous run of at least one vector (8 float32 or 4 float64 lanes: 256-bit vectors) is
  summed as vectors by ``row_sum``; the items past the last whole vector are added first, then
  the lanes in order. A shorter run is summed item by item by ``row_sum``.
- Summing over a leading dimension (columns side by side in memory) adds each column down the
  rows: in groups of 4 columns (of 4 vectors when there are enough columns for a vector) by
  ``multi_row_sum``; the columns left over by ``row_sum``.
- Over several dims of any layout, TensorIterator puts the reduced dims first (the smaller
  input stride first), then the kept ones in the reverse of the result's (contiguous) order,
  and merges neighbours that step as one. Its 2-d loop sums down the first dim, as above, for
  each index of the second; these sums are added one by one into the result, which starts at
  +0.0, over the reduced dims after the first (the second fastest, then the third...).

Everything here works on numpy arrays, many sums side by side along trailing axes, in the array's
own dtype. Every accumulator starts at +0.0, as torch's do (a sum of -0.0s is +0.0).
"""

import math

import numpy as np

ILP = 4  # partial sums of row_sum
LEVELS = 4  # cascade levels of multi_row_sum


_LANES = {}


def lanes(dtype):
    """The items of one 256-bit vector of torch's sum kernel for this numpy dtype."""
    width = _LANES.get(dtype)
    if width is None:
        width = _LANES[dtype] = max(32 // np.dtype(dtype).itemsize, 1)
    return width


def _ceil_log2(n):
    return 0 if n <= 1 else (n - 1).bit_length()


def _running(acc, rows):
    """``acc + rows[0] + rows[1] + ...``, added one after another (a loop: numpy's own
    reductions may add in pairs)."""
    for row in rows:
        acc = acc + row
    return acc


def _scan(rows):
    """``0 + rows[0] + rows[1] + ...`` down axis 0, ``+ 0`` making a sum of -0.0s +0.0, as an
    accumulator that starts at +0.0 gives.

    Where the rows' last axis is contiguous and longer than one, numpy's reduce down axis 0 adds
    the rows one after another (``_vector_sum`` says why); else (a single column would be summed
    pairwise) numpy's accumulate, a sequential scan, runs along a contiguous last axis.
    """
    if rows.ndim > 1 and rows.shape[-1] > 1 and rows.strides[-1] == rows.itemsize:
        return np.add.reduce(rows, axis=0) + rows.dtype.type(0)
    lined = np.ascontiguousarray(rows.transpose(*range(1, rows.ndim), 0))
    return np.add.accumulate(lined, axis=-1)[..., -1] + rows.dtype.type(0)


def multi_row_sum(rows):
    """torch's multi_row_sum down axis 0 of ``rows`` (every other axis summed side by side).

    The level-0 accumulator is emptied into level 1 after every ``step`` rows, so each block
    of ``step`` rows is summed from zero on its own: all blocks at once here (the last one
    padded with zeros, which change no sum that starts from +0.0), then the cascade.
    """
    size = rows.shape[0]
    rest = rows.shape[1:]
    power = max(4, _ceil_log2(size) // LEVELS)
    step, mask = 1 << power, (1 << power) - 1
    whole = size // step
    blocks = -(-size // step)
    if blocks * step != size:
        rows = np.concatenate([rows, np.zeros((blocks * step - size, *rest), rows.dtype)])
    sums = _scan(rows.reshape(blocks, step, *rest).swapaxes(0, 1))
    tail = sums[whole] if whole < blocks else np.zeros(rest, rows.dtype)
    if whole < step:  # level 1 never fills: it is the running sum of the whole blocks
        if not whole:
            return tail
        level1 = _scan(sums[:whole])
        return tail + level1
    zero = np.zeros(rest, rows.dtype)
    acc = [zero] * LEVELS
    i = 0
    for b in range(whole):
        i += step
        acc[1] = acc[1] + sums[b]
        for j in range(2, LEVELS):
            if i & (mask << ((j - 1) * power)):
                break
            acc[j] = acc[j] + acc[j - 1]
            acc[j - 1] = zero
    total = tail
    for j in range(1, LEVELS):
        total = total + acc[j]
    return total


def row_sum(items):
    """torch's row_sum down axis 0 of ``items``: four interleaved partial sums, then added."""
    size = items.shape[0]
    whole = size // ILP
    if whole:
        parts = multi_row_sum(items[:whole * ILP].reshape(whole, ILP, *items.shape[1:]))
        first = _running(parts[0], items[whole * ILP:])
        return _running(first, parts[1:])
    return _running(np.zeros(items.shape[1:], items.dtype), items)


def _vector_sum(a, width):
    """One sum of a 1-d ``a`` of at least one vector whose 4-vector rows fill under 16 blocks of
    16 (``inner_sum``'s order, in a few numpy calls): each column of the rows is added down
    blocks of 16 rows, the blocks added in turn, the leftover vectors into the first of the four
    partials, the partials together, then the leftover items and the lanes one by one.

    numpy adds item by item into the result when it sums along an axis that is not the fast
    axis in memory (its pairwise summation is only along the fast axis), so ``np.add.reduce``
    down the rows of a block of columns is that order. Each column starts from its first item
    rather than +0.0, and padding adds +0.0s: a signed zero changes only a sum that is zero, and
    the ``+ 0`` at the end makes that +0.0, as torch's accumulators (which start at +0.0) give.
    """
    a = np.ascontiguousarray(a)  # rows of it must lie along numpy's fast axis, never stride 0
    n = a.shape[0]
    vectors = n // width
    group = ILP * width
    rows = vectors // ILP
    used = rows * group
    end = vectors * width
    if rows:
        block = 16  # multi_row_sum's step while its level 1 never fills (rows < 256)
        blocks = -(-rows // block)
        if blocks * block != rows:
            padded = np.zeros(blocks * block * group, a.dtype)
            padded[:used] = a[:used]
        else:
            padded = a[:used]
        sums = np.add.reduce(padded.reshape(blocks, block, group), axis=1)
        # the partial block plus the whole ones added in turn: the same as the whole ones
        # added in turn, then the partial one (x + y is y + x)
        parts = np.add.reduce(sums, axis=0) if blocks > 1 else sums[0]
        if used < end:  # the leftover vectors go into the first partial, before the others
            chain = np.concatenate([parts[:width], a[used:end], parts[width:]])
        else:
            chain = parts
    else:
        chain = a[:end]
    lanes_sum = np.add.reduce(chain.reshape(-1, width), axis=0)
    last = np.concatenate([a[end:], lanes_sum]) if end < n else lanes_sum
    total = np.add.accumulate(last)[-1:]
    if total[0] == 0:
        total += 0  # +0.0 for a sum of -0.0s
    return total.reshape(())


def inner_sum(a):
    """Sums of the last axis of ``a`` (a contiguous run per sum), as torch adds them."""
    n = a.shape[-1]
    width = lanes(a.dtype)
    if a.ndim == 1 and width <= n < 256 * ILP * width:
        return _vector_sum(a, width)
    items = a.transpose(a.ndim - 1, *range(a.ndim - 1)) if a.ndim > 1 else a
    if n < width:
        return row_sum(items)
    vectors = n // width
    body = items[:vectors * width].reshape(vectors, width, *items.shape[1:])
    lanes_sum = row_sum(body)  # (width, ...)
    last = np.concatenate([items[vectors * width:], lanes_sum])
    if a.ndim == 1:  # one sum: its last few additions on numpy scalars, cheaper than arrays
        total = a.dtype.type(0)
        for x in last:
            total = total + x
        return np.asarray(total)
    return _running(np.zeros(items.shape[1:], a.dtype), last)


def _should_swap(out_strides, in_strides, shape, d0, d1):
    """TensorIterator's comparison of two dims (1: ``d1`` iterates faster than ``d0``, -1: not,
    0: no say): reduced dims (output stride 0) first, then the output's strides, then the
    input's, the smaller dim first on a tie of strides."""
    if (out_strides[d0] == 0) != (out_strides[d1] == 0):
        return 1 if out_strides[d1] == 0 else -1
    for strides in (out_strides, in_strides):
        s0, s1 = strides[d0], strides[d1]
        if s0 == 0 or s1 == 0:
            continue
        if s0 != s1:
            return -1 if s0 < s1 else 1
        if shape[d0] > shape[d1]:
            return 1
    return 0


def _iteration_dims(shape, strides, reduced):
    """torch's TensorIterator for a sum into a contiguous result: the dims sorted fastest first
    (insertion sort of reorder_dimensions), then adjacent ones merged where both the input and
    the result step through them as one (coalesce_dimensions). (size, input stride, reduced)
    per dim, fastest first."""
    nd = len(shape)
    out_strides = [0] * nd
    step = 1
    for d in reversed(range(nd)):
        if not reduced[d]:
            out_strides[d], step = step, step * shape[d]
    perm = list(range(nd))[::-1]
    for i in range(1, nd):
        d1 = i
        for d0 in range(i - 1, -1, -1):
            order = _should_swap(out_strides, strides, shape, perm[d0], perm[d1])
            if order > 0:
                perm[d0], perm[d1] = perm[d1], perm[d0]
                d1 = d0
            elif order < 0:
                break
    dims = []
    for d in perm:
        size, stride, out = shape[d], strides[d], out_strides[d]
        if dims:
            psize, pstride, pout = dims[-1]
            if psize * pstride == stride and psize * pout == out:
                dims[-1] = (psize * size, pstride, pout)
                continue
        dims.append((size, stride, out))
    return [(size, stride, out == 0) for size, stride, out in dims]


def _loop_sums(x, strides, width):
    """The sums down axis 0 of ``x`` that one call of torch's 2-d reduction loop makes, for
    each index of its last axis, the loop's second dim (and of the axes between, side by
    side); ``strides`` are the input's along these two dims. A contiguous axis 0 of at least a
    vector is summed as ``inner_sum``; else, where the second dim is the one along which it
    loads vectors (or scalars, the first dim not the faster), that dim in groups of 4 vectors
    (4 items) by ``multi_row_sum`` and the rest by ``row_sum``; else each by ``row_sum``."""
    size0, size1 = x.shape[0], x.shape[-1]
    if strides[0] == 1 and size0 >= width:
        return inner_sum(np.moveaxis(x, 0, -1))
    if strides[1] == 1 and size1 >= width:
        grouped = size1 - size1 % (ILP * width)
    elif strides[0] < strides[1]:
        grouped = 0
    else:
        grouped = size1 - size1 % ILP
    if grouped == size1:
        return multi_row_sum(x)
    if not grouped:
        return row_sum(x)
    out = np.empty(x.shape[1:], x.dtype)
    out[..., :grouped] = multi_row_sum(x[..., :grouped])
    out[..., grouped:] = row_sum(x[..., grouped:])
    return out


def _strided_sum(a, axes):
    """``a`` (no size-1 axes) summed over ``axes`` as torch's TensorIterator runs the sum: its
    dims in iteration order, the 2-d loop's sums over the first two, each added in turn into
    the result (which starts at +0.0) over the reduced dims after the first, the faster first."""
    if any(s <= 0 or s % a.itemsize for s in a.strides):
        a = np.ascontiguousarray(a)  # numpy's flips and broadcasts: torch's copies are dense
    strides = [s // a.itemsize for s in a.strides]
    dims = _iteration_dims(a.shape, strides, [d in axes for d in range(a.ndim)])
    if len(dims) == 1:
        dims.append((1, 0, True))
    dims = [dims[0], *dims[2:], dims[1]]  # the loop's second dim last, as _loop_sums takes it
    x = np.lib.stride_tricks.as_strided(a, [size for size, _, _ in dims],
                                        [s * a.itemsize for _, s, _ in dims], writeable=False)
    sums = _loop_sums(x, (dims[0][1], dims[-1][1]), lanes(a.dtype))
    order = [len(dims) - 2, *range(len(dims) - 2)]  # the axes of sums in iteration order
    added = [i for i in order if dims[i + 1][2]]
    kept = [i for i in order if not dims[i + 1][2]]
    rows = sums.transpose(added[::-1] + kept)
    if added:
        out = _scan(rows.reshape(-1, *rows.shape[len(added):]))
    else:
        out = rows + a.dtype.type(0)
    return out.transpose(*range(out.ndim)[::-1])  # kept dims iterate in reverse of the result's


_ONE_AXIS = ((0,), (-1,))


def torch_sum(a, axes=None):
    """``a`` summed over ``axes`` (a tuple of axes, in any order; None or all of them for a full
    sum) in torch's order, the result shaped as torch's with keepdim=False. A contiguous run
    of the reduced axes, and a contiguous array reduced over a block of axes, take short cuts
    (``inner_sum``, ``outer_sum``); anything else follows torch's iteration over the array's
    strides (``_strided_sum``)."""
    nd = a.ndim
    if nd == 1 and (axes is None or axes in _ONE_AXIS) and a.flags.c_contiguous:
        return inner_sum(a) if a.size else np.zeros((), a.dtype)  # a vector's sum: one run
    if axes is None:
        axes = tuple(range(nd))
    axes = tuple(sorted({ax % nd for ax in axes})) if nd else ()
    if nd == 2 and axes and a.flags.f_contiguous and not a.flags.c_contiguous:
        return torch_sum(a.T, tuple(1 - d for d in axes))  # a transposed matrix: memory order
    kept_shape = tuple(n for d, n in enumerate(a.shape) if d not in axes)
    if not axes:
        return a.copy()
    if len(axes) == nd and a.flags.c_contiguous:  # a full sum: one run
        return inner_sum(a.reshape(-1)) if a.size else np.zeros((), a.dtype)
    if 0 in a.shape:
        return np.zeros(kept_shape, a.dtype)
    # size-1 axes change no order: drop them, then see where the reduced ones lie
    live = [d for d in range(nd) if a.shape[d] != 1]
    reduced = [d in axes for d in live]
    flat = a.reshape([a.shape[d] for d in live])
    if not any(reduced):
        return flat.reshape(kept_shape).copy()
    first = reduced.index(True)
    last = len(reduced) - 1 - reduced[::-1].index(True)
    if not (flat.flags.c_contiguous and all(reduced[first:last + 1])):
        axes = tuple(i for i, r in enumerate(reduced) if r)
        return _strided_sum(flat, axes).reshape(kept_shape)
    sizes = flat.shape
    outer = math.prod(sizes[:first])
    inner = math.prod(sizes[last + 1:])
    if outer == 1 and inner == 1:  # one contiguous run: a vector's sum
        return inner_sum(flat.reshape(-1)).reshape(kept_shape)
    block = flat.reshape(outer, -1, inner)
    if inner == 1:
        return inner_sum(block[:, :, 0]).reshape(kept_shape)
    return outer_sum(block).reshape(kept_shape)


def outer_sum(a):
    """Sums down axis 1 of a contiguous 3-d ``a`` (outer, rows, columns): for each outer index,
    the columns side by side in memory, each added down the rows (``_loop_sums``)."""
    return _loop_sums(np.moveaxis(a, 1, 0), (a.shape[2], 1), lanes(a.dtype))


def sum_to(g, shape):
    """A gradient summed down to the shape of the input it broadcast from (torch's sum_to)."""
    shape = tuple(shape)
    if g.shape == shape:
        return g
    lead = g.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        lead + d for d, n in enumerate(shape) if n == 1 and g.shape[lead + d] != 1)
    return torch_sum(g, axes).reshape(shape)


def running_sum(items):
    """Sums down axis 0 of a C-ordered ``items``, added one after another from the first item:
    the order this engine's matrix product adds its products in (on both levels)."""
    if items.shape[0] == 1:
        return items[0]
    if items[0].size > 1:  # numpy adds item by item down an axis that is not the fast one
        return np.add.reduce(items, axis=0)
    return np.add.accumulate(items, axis=0)[-1]  # one sum: a reduce would add pairwise
