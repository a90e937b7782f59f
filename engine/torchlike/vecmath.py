"""torch's float32 CPU kernels built on exp and log, bit for bit, in numpy.

torch 2.13's x86-64 CPU build (AVX512 capability) computes these functions of a contiguous
float32 tensor with SLEEF's vectorised code, which is not correctly rounded:
- ``log1p``, ``logsigmoid`` (and its gradient) map 16-lane SLEEF kernels over the data, the last
  partial vector loaded padded, so every element goes through the same code;
- ``sigmoid``, ``softplus`` (and its gradient) run ``cpu_kernel_vec``: the vector code on whole
  blocks of 32 elements (two vectors a step) and scalar code (glibc's ``expf``, ``log1pf``) on
  the ``n % 32`` elements left at the end of each thread's chunk, so the thread count (``threads``,
  torch.get_num_threads()) shows in the digits from 32,768 elements on;
- ``log_softmax`` and ``softmax`` along the last axis (and their gradients) reduce each row with
  ``vec::reduce_all``'s lane order, then SLEEF's exp and log.

SLEEF's algorithms are rewritten here operation by operation in float32 (its AVX512 path, with
the fused multiply-adds it makes), glibc's in float64 (expf) and float32 (log1pf). torch's own
``exp``, ``log``, ``sin``, ``cos`` and ``tanh`` do not run SLEEF on this build: they call Intel
MKL's vector math library (``vmsExp`` ... in its high-accuracy mode), whose algorithms are not
published, so they are not reproduced here. With AVX2 instead of AVX512 torch's vectors have 8
lanes (blocks of 16, other lane orders) and these functions are not checked against it.
"""

import math

import numpy as np

F32 = np.float32
F64 = np.float64
I32 = np.int32
VECTOR = 16  # floats per AVX512 register
GRAIN_SIZE = 32768  # at::internal::GRAIN_SIZE: below it a kernel runs on one thread
BLOCK = 8192  # elements per numpy pass in long arrays
INT_INDEFINITE = np.iinfo(I32).min  # what a float -> int32 conversion gives out of range
_ALL_ONES = np.array(-1, I32).view(F32)  # a NaN with all bits set, as SLEEF and torch make them

# ---------------------------------------------------------------- float32 building blocks


def _fma(a, b, c):
    """a * b + c rounded once to float32 (a fused multiply-add).

    The product of two float32 is exact in float64, so rounding the float64 sum to float32 is
    already right unless that sum was itself rounded onto a float32 midpoint, or lands among
    float32's subnormals; those few are redone with the sum rounded to odd.
    """
    total = np.multiply(a, b, dtype=F64) + c
    out = total.astype(F32)
    bits = total.view(np.int64)
    exponent = bits & _EXP64
    risky = ((bits & _LOW29) == _MIDPOINT) | ((exponent < _TINY32) & (exponent != 0))
    if risky.any():
        where = np.nonzero(risky)
        out[where] = _fma_to_odd(*(np.broadcast_to(v, out.shape)[where] for v in (a, b, c)))
    return out


_LOW29 = np.int64((1 << 29) - 1)  # the float64 bits that rounding to float32 drops
_MIDPOINT = np.int64(1 << 28)
_EXP64 = np.int64(0x7FF << 52)
_TINY32 = np.int64((1023 - 126) << 52)  # below 2**-126 float32 is subnormal


def _fma_to_odd(a, b, c):
    """a * b + c to float32 through a float64 sum rounded to odd (a single correct rounding)."""
    a, b, c = (np.asarray(x, dtype=F32).astype(F64) for x in (a, b, c))
    product = a * b
    total = product + c
    back = total - c
    error = (product - back) + (c - (total - back))  # what the float64 sum lost (TwoSum)
    inexact = np.isfinite(total) & (error != 0) & ((total.view(np.int64) & 1) == 0)
    return np.where(inexact, np.nextafter(total, np.copysign(np.inf, error)), total).astype(F32)


def _rint_i32(x):
    """cvtps2dq: round half to even to int32; NaN and out of range give INT_MIN."""
    r = np.rint(x)
    ok = np.abs(r) < F32(2.0**31)
    return np.where(ok, np.where(ok, r, 0).astype(I32), I32(INT_INDEFINITE))


def _pow2i(q):
    """2**q built from its exponent bits (SLEEF's vpow2i; int32 arithmetic wraps)."""
    return ((q + I32(0x7F)) << I32(23)).view(F32)


def _ldexp2(d, q):
    """d * 2**q in two steps, so that q down to -252 still reaches subnormals."""
    half = q >> I32(1)
    return d * _pow2i(half) * _pow2i(q - half)


def _getexp(x):
    """vgetexpps: floor(log2(|x|)) as a float, subnormals included; 0 -> -inf, inf -> inf."""
    _, e = np.frexp(x)
    e = (e - 1).astype(F32)
    e = np.where(x == 0, F32(-np.inf), e)
    e = np.where(np.isinf(x), F32(np.inf), e)
    return np.where(np.isnan(x), x, e)


def _getmant(x):
    """vgetmantps (interval [0.75, 1.5)): x's significand, halved when it is 1.5 or more."""
    m, _ = np.frexp(x)
    m = np.abs(m) * F32(2)
    return np.where(m >= F32(1.5), m * F32(0.5), m)


# Double-float arithmetic (SLEEF's df.h, FMA variants): a value is a pair (hi, lo).


def _df_add_ff(x, y):
    s = x + y
    return s, (x - s) + y


def _df_add2_ff(x, y):
    s = x + y
    v = s - x
    return s, (x - (s - v)) + (y - v)


def _df_add_dd(x, y):
    s = x[0] + y[0]
    return s, (((x[0] - s) + y[0]) + x[1]) + y[1]


def _df_add_df(x, y):
    s = x[0] + y
    return s, ((x[0] - s) + y) + x[1]


def _df_mul_df(x, y):
    s = x[0] * y
    return s, _fma(x[1], y, _fma(x[0], y, -s))


def _df_div(n, d):
    t = F32(1) / d[0]
    s = n[0] * t
    u = _fma(t, n[0], -s)
    v = _fma(-d[1], t, _fma(-d[0], t, F32(1)))
    return s, _fma(s, v, _fma(n[1], t, u))


_LN2_DF = (F32(0.69314718246459960938), F32(-1.904654323148236017e-09))


def _log_core(x, e):
    """log(2) * e + 2 atanh(x), the last step of SLEEF's logf_u1 and log1pf (x a pair)."""
    x2 = x[0] * x[0]
    t = _fma(F32(0.3027294874), x2, F32(0.3996108174))
    t = _fma(t, x2, F32(0.6666694880))
    s = _df_mul_df(_LN2_DF, e)
    s = _df_add_dd(s, (x[0] * F32(2), x[1] * F32(2)))
    s = _df_add_df(s, x2 * x[0] * t)
    return s[0] + s[1]


# ---------------------------------------------------------------- SLEEF kernels


def _sleef_expf(d):
    """Sleef_expf16_u10 (xexpf): exp(d) = 2**q * exp(s), s = d - q log 2 in two steps."""
    q = _rint_i32(d * F32(1.442695040888963407359924681001892137426645954152985934135449406931))
    qf = q.astype(F32)
    s = _fma(qf, F32(-0.693145751953125), d)
    s = _fma(qf, F32(-1.428606765330187045e-06), s)
    u = F32(0.000198527617612853646278381)
    for c in (0.00139304355252534151077271, 0.00833336077630519866943359,
              0.0416664853692054748535156, 0.166666671633720397949219, 0.5):
        u = _fma(u, s, F32(c))
    u = F32(1) + _fma(s * s, u, s)
    u = _ldexp2(u, q)
    u = np.where(d < F32(-104), F32(0), u)
    return np.where(F32(100) < d, F32(np.inf), u)


def _sleef_logf_u1(d):
    """Sleef_logf16_u10 (xlogf_u1, AVX512 path) for d > 0, inf and NaN."""
    e = _getexp(d * F32(1.0 / 0.75))
    e = np.where(e == F32(np.inf), F32(128), e)
    m = _getmant(d)
    r = _log_core(_df_div(_df_add2_ff(F32(-1), m), _df_add2_ff(F32(1), m)), e)
    return np.where(d == F32(np.inf), d, r)


def _sleef_log1pf(d):
    """Sleef_log1pf16_u10 (xlog1pf, AVX512 path)."""
    dp1 = d + F32(1)
    e = _getexp(dp1 * F32(1.0 / 0.75))
    e = np.where(e == F32(np.inf), F32(128), e)
    t = (F32(1).view(I32) + ((-_rint_i32(e)) << I32(23))).view(F32)
    m = _fma(d, t, t - F32(1))
    r = _log_core(_df_div((m, np.zeros_like(m)), _df_add_ff(F32(2), m)), e)
    big = ~(d <= F32(1.0e38))  # past SLEEF's LOG1PF_BOUND (0x1.2ced32p+126), and NaN
    if big.any():
        r = np.where(big, _sleef_logf_u1(np.where(big, d, F32(1))), r)
    r = np.where(F32(-1) > d, _ALL_ONES, r)
    r = np.where(d == F32(-1), F32(-np.inf), r)
    return np.where((d == 0) & np.signbit(d), F32(-0.0), r)


# ---------------------------------------------------------------- glibc's scalar expf


def _exp2_table(bits=5):
    """2**(i/32) rounded to float64, minus i << 47 in its bits (glibc's exp2f table)."""
    n = 1 << bits
    extra = 64
    table = []
    for i in range(n):
        root = 2 ** (i + n * (52 + extra))  # 2**(i/32) * 2**(52 + extra), taken as a 32nd root
        for _ in range(bits):
            root = math.isqrt(root)  # the floor of floors is the floor of the root
        mantissa = (root + (1 << (extra - 1))) >> extra  # the floor is never a tie: round up
        table.append(((1023 << 52) + mantissa - (1 << 52)) - (i << (52 - bits)))
    return np.array(table, dtype=np.uint64)



_EXP2F_TABLE = _exp2_table()
_EXPF_SHIFT = F64(float.fromhex("1.8p52"))  # adding it rounds to an integer in the low bits
_EXPF_INVLN2 = F64(float.fromhex("1.71547652B82FEp0") * 32)  # 32 / log(2)
_EXPF_POLY = tuple(F64(float.fromhex(c) / 32**k) for c, k in (
    ("1.C6AF84B912394p-5", 3), ("1.EBFCE50FAC4F3p-3", 2), ("1.62E42FF0C52D6p-1", 1)))


def _fma64(a, b, c):
    """a * b + c rounded once in float64 (Dekker's exact product, then rounding to odd), for
    products of at least 2**-969 in magnitude or 0: below, the product's low half is not a
    float64 (expf's arguments are far from there)."""
    split = F64(134217729.0)  # 2**27 + 1 splits a double into two 26-bit halves
    ah = a * split - (a * split - a)
    bh = b * split - (b * split - b)
    al, bl = a - ah, b - bh
    ph = a * b
    pl = ((ah * bh - ph) + ah * bl + al * bh) + al * bl
    th = c + ph
    v = th - c
    tl = (c - (th - v)) + (ph - v)
    odd = tl + pl
    back = odd - tl
    error = (tl - (odd - back)) + (pl - back)
    fix = (error != 0) & ((odd.view(np.int64) & 1) == 0)
    odd = np.where(fix, np.nextafter(odd, np.copysign(np.inf, error)), odd)
    return th + odd


def _plain64(a, b, c):
    return a * b + c


def _expf_steps(xd, fma):
    """glibc's expf in float64 up to its last rounding: 2**(k/32) from the table times a cubic
    in r, where x * 32 / log(2) = k + r; ``fma`` is fused (as glibc's FMA build) or not."""
    kd = fma(_EXPF_INVLN2, xd, _EXPF_SHIFT)
    ki = kd.view(np.uint64)
    kd = kd - _EXPF_SHIFT
    r = fma(_EXPF_INVLN2, xd, -kd)
    s = (_EXP2F_TABLE[ki % np.uint64(32)] + (ki << np.uint64(47))).view(F64)
    z = fma(_EXPF_POLY[0], r, _EXPF_POLY[1])
    y = fma(_EXPF_POLY[2], r, F64(1))
    return fma(z, r * r, y) * s, r


def _glibc_expf(x):
    """glibc's expf (x86-64, FMA variant), as torch's scalar loops call it.

    Without fused operations the float64 result moves by at most a few dozen units in its last
    place, so it rounds to the same float32 unless it lies that close to a float32 midpoint (or
    r to +-1/2, where k is chosen): those few, and subnormal results, are redone exactly.
    """
    x = np.asarray(x, dtype=F32)
    xd = x.astype(F64)
    y, r = _expf_steps(xd, _plain64)
    near = np.abs((y.view(np.int64) & _LOW29) - _MIDPOINT) < 4096
    risky = near | (np.abs(np.abs(r) - 0.5) < 2.0**-30) | (x < F32(-87.5))
    if risky.any():
        y[risky] = _expf_steps(xd[risky], _fma64)[0]
    y = y.astype(F32)
    # past log(2**-149), glibc returns 0x1.4p-75f squared, which rounds to 2**-149
    y = np.where(x < F32(float.fromhex("-1.9D1D9Ep6")), F32(2.0**-149), y)
    y = np.where(x < F32(float.fromhex("-1.9FE368P6")), F32(0), y)  # past log(2**-150)
    y = np.where(x > F32(float.fromhex("1.62E42EP6")), F32(np.inf), y)  # past log(2**128)
    return np.where(np.isnan(x), x + x, y)


_LOG1PF_LP = tuple(F32(c) for c in (6.6666668653e-01, 4.0000000596e-01, 2.8571429849e-01,
                                     2.2222198546e-01, 1.8183572590e-01, 1.5313838422e-01,
                                     1.4798198640e-01))
_LN2_HI = F32(6.9313812256e-01)  # log(2) split so that k * _LN2_HI is exact
_LN2_LO = F32(9.0580006145e-06)


def _glibc_log1pf(x):
    """glibc's log1pf (fdlibm's, in float32): log(1 + x) = k log(2) + log(1 + f), with
    1 + x = 2**k (1 + f) and a correction c for what 1 + x lost; then 2 atanh(f / (2 + f))."""
    x = np.asarray(x, dtype=F32)
    hx = x.view(I32)
    ax = hx & I32(0x7FFFFFFF)
    small = (hx > 0) & (hx < I32(0x3ED413D7)) | (hx < 0) & (hx <= I32(-0x416A09E1))
    # k != 0: scale 1 + x (or x itself past 2**53, where 1 + x is x) into [sqrt(2)/2, sqrt(2))
    huge = hx >= I32(0x5A000000)
    u = np.where(huge, x, F32(1) + x)
    k = (u.view(I32) >> I32(23)) - I32(127)
    c = np.where(k > 0, F32(1) - (u - x), x - (u - F32(1))) / u
    c = np.where(huge, F32(0), c)
    hu = u.view(I32) & I32(0x007FFFFF)
    low = hu < I32(0x3504F7)
    k = np.where(low, k, k + 1)
    u = np.where(low, hu | I32(0x3F800000), hu | I32(0x3F000000)).view(F32)
    hu = np.where(low, hu, (I32(0x00800000) - hu) >> I32(2))
    f = np.where(small, x, u - F32(1))
    k = np.where(small, I32(0), k)
    hu = np.where(small, I32(1), hu)
    kf = k.astype(F32)
    hfsq = F32(0.5) * f * f
    s = f / (F32(2) + f)
    z = s * s
    r = _LOG1PF_LP[6]
    for lp in reversed(_LOG1PF_LP[:6]):
        r = lp + z * r
    r = z * r
    out = np.where(k == 0, f - (hfsq - s * (hfsq + r)),
                   kf * _LN2_HI - ((hfsq - (s * (hfsq + r) + (kf * _LN2_LO + c))) - f))
    # hu == 0: f is a power of two's neighbour, |f| < 2**-20, a shorter series
    r = hfsq * (F32(1) - F32(0.66666666666666666) * f)
    tiny_f = np.where(k == 0, f - r, kf * _LN2_HI - ((r - (kf * _LN2_LO + c)) - f))
    tiny_f = np.where(f == 0, np.where(k == 0, F32(0), kf * _LN2_HI + (c + kf * _LN2_LO)), tiny_f)
    out = np.where(hu == 0, tiny_f, out)
    # |x| < 2**-29: x - x * x / 2, or x itself below 2**-54
    out = np.where(ax < I32(0x31000000), np.where(ax < I32(0x24800000), x, x - x * x * F32(0.5)),
                   out)
    out = np.where(hx >= I32(0x7F800000), x + x, out)  # +inf, and NaN with its sign bit clear
    invalid = (hx < 0) & (ax >= I32(0x3F800000))  # x <= -1, -inf and NaN with the sign bit set
    nan = (x - x) / (x - x)  # the default NaN, or x's own
    return np.where(invalid, np.where(x == F32(-1), F32(-np.inf), nan), out)


# ---------------------------------------------------------------- public functions


def _flat(a):
    """a's elements in memory order; only float32 (the engine's own calls, no learner's input)."""
    a = np.asarray(a)
    if a.dtype != F32:
        raise TypeError(a.dtype)
    return np.ascontiguousarray(a).reshape(-1)


def _chunks(n, threads):
    """The ranges at::parallel_for gives each thread (one range below GRAIN_SIZE)."""
    if n < GRAIN_SIZE or threads <= 1:
        return [(0, n)]
    tasks = min(threads, -(-n // GRAIN_SIZE))
    size = -(-n // tasks)
    return [(begin, min(n, begin + size)) for begin in range(0, n, size)]


def _body_end(begin, end):
    """Where cpu_kernel_vec's vector loop stops: it takes two vectors a step, the rest is scalar."""
    return begin + (end - begin) // (2 * VECTOR) * (2 * VECTOR)


def _nan_through(x, out, flip_sign):
    """A NaN input comes out quieted (and negated where the kernel computes -x first)."""
    nan = np.isnan(x)
    if nan.any():
        bits = x.view(np.uint32) | np.uint32(0x00400000)
        if flip_sign:
            bits = bits ^ np.uint32(0x80000000)
        out = np.where(nan, bits.view(F32), out)
    return out


def _blockwise(kernel, *xs):
    """An elementwise kernel over equally long arrays, BLOCK elements at a time, so that its
    temporaries stay in cache."""
    n = xs[0].size
    if n <= BLOCK:
        return kernel(*xs)
    out = np.empty(n, F32)
    for start in range(0, n, BLOCK):
        part = slice(start, start + BLOCK)
        out[part] = kernel(*(x[part] for x in xs))
    return out


def _cpu_kernel_vec(vector, scalar, threads, *xs):
    """torch's cpu_kernel_vec: each thread's chunk through ``vector`` two vectors at a time, and
    the elements left over at its end through ``scalar``."""
    n = xs[0].size
    out = np.empty(n, F32)
    for begin, end in _chunks(n, threads):
        body = _body_end(begin, end)
        if body > begin:
            out[begin:body] = _blockwise(vector, *(x[begin:body] for x in xs))
        if end > body:
            out[body:end] = scalar(*(x[body:end] for x in xs))
    return out


def sigmoid32(a, threads=1):
    """torch.sigmoid of a contiguous float32 tensor, bit for bit, run on ``threads`` threads."""
    x = _flat(a)
    with np.errstate(all="ignore"):
        out = _cpu_kernel_vec(lambda v: F32(1) / (_sleef_expf(F32(0) - v) + F32(1)),
                              lambda v: F32(1) / (F32(1) + _glibc_expf(-v)), threads, x)
        out = _nan_through(x, out, flip_sign=True)
    return out.reshape(np.shape(a))


def log1p32(a):
    """torch.log1p of a contiguous float32 tensor, bit for bit."""
    x = _flat(a)
    with np.errstate(all="ignore"):
        out = _nan_through(x, _blockwise(_sleef_log1pf, x), flip_sign=False)
    return out.reshape(np.shape(a))


def softplus32(a, beta=1.0, threshold=20.0, threads=1):
    """torch.nn.functional.softplus of a contiguous float32 tensor, bit for bit: x where
    beta * x > threshold, else log1p(exp(beta * x)) / beta (SLEEF's, glibc's in the tails)."""
    x = _flat(a)
    beta, threshold = F32(beta), F32(threshold)

    def softplus(exp, log1p):
        def kernel(v):
            z = v * beta
            return np.where(z > threshold, v, log1p(exp(z)) / beta)
        return kernel

    with np.errstate(all="ignore"):
        out = _cpu_kernel_vec(softplus(_sleef_expf, _sleef_log1pf),
                              softplus(_glibc_expf, _glibc_log1pf), threads, x)
    return out.reshape(np.shape(a))


def _log_sigmoid(x):
    low = np.where(x < 0, x, F32(0))
    out = low - _sleef_log1pf(_sleef_expf(-np.abs(x)))
    # torch's vectorised minimum turns NaN into all bits set
    return np.where(np.isnan(x), _ALL_ONES, out)


def log_sigmoid32(a):
    """torch.nn.functional.logsigmoid of a contiguous float32 tensor, bit for bit:
    min(x, 0) - log1p(exp(-|x|)), every element through SLEEF (no scalar tail)."""
    x = _flat(a)
    with np.errstate(all="ignore"):
        out = _blockwise(_log_sigmoid, x)
    return out.reshape(np.shape(a))


def softplus_backward32(grad, a, beta=1.0, threshold=20.0, threads=1):
    """torch's softplus_backward for contiguous float32 tensors of one shape, bit for bit:
    grad where beta * a > threshold, else grad * z / (z + 1) with z = exp(beta * a)."""
    g, x = _flat(grad), _flat(a)
    beta, threshold = F32(beta), F32(threshold)

    def softplus_backward(exp):
        def kernel(g, x):
            z = exp(x * beta)
            return np.where(x * beta > threshold, g, g * z / (z + F32(1)))
        return kernel

    with np.errstate(all="ignore"):
        out = _cpu_kernel_vec(softplus_backward(_sleef_expf), softplus_backward(_glibc_expf),
                              threads, g, x)
    return out.reshape(np.shape(a))


def _log_sigmoid_backward(g, x):
    buffer = _sleef_expf(-np.abs(x))  # what torch's forward kept: exp(-|x|)
    negative = x < 0
    max_deriv = np.where(negative, F32(1), F32(0))
    sign = np.where(negative, F32(1), F32(-1))
    return (max_deriv - sign * (buffer / (F32(1) + buffer))) * g


def log_sigmoid_backward32(grad, a):
    """torch's log_sigmoid_backward for contiguous float32 tensors of one shape, bit for bit:
    grad * (1 - sigmoid(a)) from the buffer exp(-|a|) its forward kept."""
    g, x = _flat(grad), _flat(a)
    with np.errstate(all="ignore"):
        out = _blockwise(_log_sigmoid_backward, g, x)
    return out.reshape(np.shape(a))



def _nan_first(a, b, result):
    """result, except that where a or b is NaN it is a's NaN (else b's), quieted: what an x86
    instruction gives, which numpy's loops may not keep for an operation that commutes."""
    nan = np.isnan(a) | np.isnan(b)
    if not nan.any():
        return result
    a, b = np.broadcast_arrays(a, b)
    quiet = np.where(np.isnan(a), a, b).view(np.uint32) | np.uint32(0x00400000)
    return np.where(nan, quiet.view(F32), result)


def _add(a, b):
    return _nan_first(a, b, a + b)


def _vec_maximum(a, b):
    """vec::maximum: the larger, b when they are equal (max(-0.0, 0.0) is 0.0), and a NaN with
    all bits set when either is NaN."""
    return np.where(np.isnan(a) | np.isnan(b), _ALL_ONES, np.where(a > b, a, b))


def _reduce_rows(v, combine, last=None):
    """torch's vec::reduce_all along each row of v: lane after lane below one vector; else a
    vector of 16 lanes accumulated vector by vector (a partial last vector into its first lanes,
    through ``last(lanes, start)`` where given), then folded in halves (lanes i and i + 8, i and
    i + 4, i and i + 2, 0 and 1)."""
    n = v.shape[1]
    if n < VECTOR:
        acc = v[:, 0]
        for i in range(1, n):
            acc = combine(acc, v[:, i])
        return acc
    full = n // VECTOR * VECTOR
    acc = v[:, :VECTOR].copy()
    for start in range(VECTOR, full, VECTOR):
        acc = combine(acc, v[:, start:start + VECTOR])
    if n > full:
        lanes = acc[:, :n - full]
        acc[:, :n - full] = last(lanes, full) if last else combine(lanes, v[:, full:])
    width = VECTOR
    while width > 1:
        width //= 2
        acc = combine(acc[:, :width], acc[:, width:2 * width])
    return acc[:, 0]


def _last_axis_rows(a):
    x = _flat(a)
    n = np.shape(a)[-1] if np.ndim(a) else 1
    return x.reshape(-1, n) if x.size else x.reshape(0, max(n, 1))


def log_softmax32(a):
    """torch.log_softmax(a, dim=-1) of a contiguous float32 tensor, bit for bit: each row's
    maximum and sum of exp(x - max) reduced as torch's vectorised kernel does, then
    (x - max) - log(sum), with SLEEF's exp and log."""
    rows = _last_axis_rows(a)
    with np.errstate(all="ignore"):
        shifted = rows - _reduce_rows(rows, _vec_maximum)[:, None]
        total = _reduce_rows(_sleef_expf(shifted), _add)
        out = shifted - _sleef_logf_u1(total)[:, None]
    return out.reshape(np.shape(a))


def softmax32(a):
    """torch.softmax(a, dim=-1) of a contiguous float32 tensor, bit for bit: each exp(x - max)
    times the reciprocal of their row sum, reduced as torch's vectorised kernel does. A row with a
    NaN is all NaN, as in torch, but which NaN (its payload bits) may differ: torch's compiler
    picks the operand order of its additions."""
    rows = _last_axis_rows(a)
    with np.errstate(all="ignore"):
        exps = _sleef_expf(rows - _reduce_rows(rows, _vec_maximum)[:, None])
        out = exps * (F32(1) / _reduce_rows(exps, _add))[:, None]
    return out.reshape(np.shape(a))


def _grad_rows(grad, output):
    g, y = _last_axis_rows(grad), _last_axis_rows(output)
    if g.shape != y.shape:
        raise ValueError(g.shape, y.shape)
    return g, y


def log_softmax_backward32(grad, output):
    """torch's log_softmax backward along the last axis (contiguous float32, one shape), bit for
    bit, from log_softmax's output: grad - exp(output) * sum(grad), fused as torch's build does."""
    g, y = _grad_rows(grad, output)
    with np.errstate(all="ignore"):
        total = np.broadcast_to(_reduce_rows(g, _add)[:, None], g.shape)
        out = _fma(-_sleef_expf(y), total, g)
    return out.reshape(np.shape(grad))


def softmax_backward32(grad, output):
    """torch's softmax backward along the last axis (contiguous float32, one shape), bit for bit,
    from softmax's output: (grad - sum(grad * output)) * output. The sum's partial last vector is
    added with a fused multiply-add, as torch's build does."""
    g, y = _grad_rows(grad, output)

    def last(lanes, start):
        return _fma(g[:, start:], y[:, start:], lanes)

    with np.errstate(all="ignore"):
        total = _reduce_rows(g * y, _add, last)
        out = (g - total[:, None]) * y
    return out.reshape(np.shape(grad))
