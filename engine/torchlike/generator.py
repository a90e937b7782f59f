"""torch's CPU random number generator, bit for bit: the Mersenne Twister and its transforms.

torch draws every random number of a CPU tensor from one MT19937 per generator, seeded with the
low 32 bits of its seed. A float32 uniform takes 24 bits of one 32-bit draw, a float64 uniform
53 bits of two. Normal numbers come from the Box–Muller transform in two ways:
- fewer than 16 elements, or not float32/float64 contiguous: one pair of float64 uniforms gives
  two normals, the second kept for the next draw (``next_double_normal_sample``);
- from 16 elements on: the uniforms are drawn first, then transformed 16 at a time (8 radii and 8
  angles); float32 uses the vectorised kernel's polynomial log, sine and cosine (cephes, as
  ``avx_mathfun.h`` writes them, with the fused multiply-adds the compiler makes of them), which
  are reproduced here step by step in float32.

Here the numbers are numpy arrays; ``engine.torchlike.sampling`` makes tensors of them. Python's
own ``random.Random`` runs the twister: it is MT19937 too, given torch's seeding as its state.
"""

import contextvars
import math
import numbers
import os
import random
from fractions import Fraction

import numpy as np

from ..messages import keyed
from . import vecmath

F32 = np.float32
MT_WORDS = 624
DEFAULT_SEED = 67280421310721  # what torch.Generator() starts from
_TWO_PI32 = F32(2.0 * math.pi)


def _mt_state(seed):
    """MT19937 seeded as torch seeds it (init_genrand with the seed's low 32 bits)."""
    mt = [seed & 0xFFFFFFFF]
    for i in range(1, MT_WORDS):
        prev = mt[-1]
        mt.append((1812433253 * (prev ^ (prev >> 30)) + i) & 0xFFFFFFFF)
    twister = random.Random()
    twister.setstate((3, (*mt, MT_WORDS), None))
    return twister


def _as_seed(seed):
    """torch's seed argument: a number whose int is in [-2**63, 2**64), negative ones taken
    modulo 2**64 (``manual_seed(1.5)`` is ``manual_seed(1)``, as in torch)."""
    if not isinstance(seed, numbers.Real) or not math.isfinite(seed):
        raise keyed(TypeError, "random.seed_type", kind=type(seed).__name__)
    seed = int(seed)
    if not -(1 << 63) <= seed < (1 << 64):
        raise keyed(ValueError, "random.seed_range")
    return seed % (1 << 64)


class Generator:
    """A torch.Generator: its seed, its twister and its kept normal sample."""

    def __init__(self, seed=DEFAULT_SEED):
        self.manual_seed(seed)
        self.unseeded_draws = False  # drew numbers its user had not seeded (see ``start``)

    def manual_seed(self, seed):
        """Seed this generator (and forget a kept normal sample); returns it, as torch does."""
        self._seed = _as_seed(seed)
        self._twister = _mt_state(self._seed)
        self._next_normal = None
        self.seeded = True
        return self

    def initial_seed(self):
        """The seed this generator was last seeded with."""
        return self._seed

    def seed(self):
        """Seed with a fresh non-deterministic seed and return it."""
        seed = int.from_bytes(os.urandom(8), "little")
        self.manual_seed(seed)
        self.seeded = False
        return seed

    def get_state(self):
        """An opaque copy of the state, for ``set_state``."""
        return _State((self._seed, self._twister.getstate(), self._next_normal))

    def set_state(self, state):
        """Restore a state from ``get_state``."""
        if not isinstance(state, _State):
            raise keyed(TypeError, "random.state_type", kind=type(state).__name__)
        self._seed, twister, self._next_normal = state.data
        self._twister.setstate(twister)
        return self

    # --- raw draws -------------------------------------------------------------------------

    def words(self, n):
        """The next n 32-bit outputs of the twister, in order."""
        self.unseeded_draws = self.unseeded_draws or not self.seeded
        if n == 0:
            return np.zeros(0, dtype=np.uint64)
        raw = self._twister.getrandbits(32 * n).to_bytes(4 * n, "little")
        return np.frombuffer(raw, dtype="<u4").astype(np.uint64)

    def words64(self, n):
        """n 64-bit draws, each made of two 32-bit outputs (the first is the high half)."""
        w = self.words(2 * n)
        return (w[0::2] << np.uint64(32)) | w[1::2]

    # --- distributions (numpy arrays of the given dtype) -----------------------------------

    def uniform(self, n, dtype, low=0.0, high=1.0):
        """torch's uniform_(low, high): 24 bits per float32, 53 per float64, then
        ``x * (high - low) + low`` as one fused multiply-add in the dtype."""
        if dtype == np.float64:
            x = (self.words64(n) & np.uint64((1 << 53) - 1)).astype(np.float64) * 2.0**-53
            if (low, high) == (0.0, 1.0):
                return x
            return np.array([_fma64(v, high - low, low) for v in x.tolist()], dtype=np.float64)
        x = (self.words(n) & np.uint64((1 << 24) - 1)).astype(F32) * F32(2.0**-24)
        if (low, high) == (0.0, 1.0):
            return x
        low32, high32 = F32(low), F32(high)
        return _fma32(x, F32(high32 - low32), np.full(n, low32, dtype=F32))

    def normal(self, n, dtype, mean=0.0, std=1.0):
        """torch's normal_(mean, std) of an n-element contiguous tensor."""
        if n >= 16 and dtype in (np.float32, np.float64):
            return self._normal_fill(n, dtype, mean, std)
        return np.array([self._normal_pair(mean, std) for _ in range(n)], dtype=dtype)

    def _normal_pair(self, mean, std):
        """One float64 normal by Box–Muller; the pair's other half is kept for the next call."""
        if self._next_normal is not None:
            value, self._next_normal = self._next_normal, None
        else:
            u1, u2 = self.uniform(2, np.float64).tolist()
            radius = math.sqrt(-2.0 * math.log1p(-u2))
            theta = 2.0 * math.pi * u1
            self._next_normal = radius * math.sin(theta)
            value = radius * math.cos(theta)
        return _fma64(value, std, mean)

    def _normal_fill(self, n, dtype, mean, std):
        data = self.uniform(n, dtype)
        for i in range(0, n - 15, 16):
            data[i:i + 16] = _box_muller16(data[i:i + 16], dtype, mean, std)
        if n % 16:  # the last 16, drawn again and transformed again
            data[n - 16:] = _box_muller16(self.uniform(16, dtype), dtype, mean, std)
        return data

    def random_bits(self, n, kind):
        """torch's random_() without bounds: [0, 2**24] for float32, [0, 2**53] for float64,
        [0, 2**63) for int64, 0 or 1 for bool."""
        if kind == "bool":
            return [d & 1 for d in self.words(n).tolist()]
        if kind == "float32":
            return [d % ((1 << 24) + 1) for d in self.words(n).tolist()]
        span = (1 << 53) + 1 if kind == "float64" else 1 << 63
        return [d % span for d in self.words64(n).tolist()]

    def random_below(self, n, span, base, dtype_is_wide):
        """torch's random_(from, to): ``draw % span + base``, a 64-bit draw when the span needs
        it (and the dtype is int64, float32 or float64), else a 32-bit one."""
        draws = self.words64(n) if span >= 1 << 32 and dtype_is_wide else self.words(n)
        return [int(d) % span + base for d in draws.tolist()]

    def permutation(self, n):
        """torch.randperm(n) on the CPU: a Fisher–Yates shuffle of 0..n-1 from the front."""
        out = list(range(n))
        if n < 2:
            return out
        draws = self.words(n - 1).tolist()
        for i in range(n - 1):
            z = draws[i] % (n - i)
            out[i], out[i + z] = out[i + z], out[i]
        return out

    def __repr__(self):
        return "<torch._C.Generator object>"


class _State:
    """A generator's state, opaque to a snippet."""

    __slots__ = ("data",)

    def __init__(self, data):
        self.data = data

    def __repr__(self):
        return "<generator state>"


def _fma64(a, b, c):
    """a * b + c rounded once, as a fused multiply-add in float64 (exact through fractions)."""
    if b == 1.0 and c == 0.0:
        return a
    if not (math.isfinite(a) and math.isfinite(b) and math.isfinite(c)):
        return a * b + c
    return float(Fraction(a) * Fraction(b) + Fraction(c))


def _fma32(a, b, c):
    """Elementwise a * b + c rounded once to float32, as a float32 fused multiply-add
    (``vecmath._fma``: the float64 sum, redone rounded to odd where rounding it twice could
    differ)."""
    a, b, c = (np.asarray(x, dtype=F32) for x in (a, b, c))
    if not (a.ndim or b.ndim or c.ndim):  # 0-d operands give numpy scalars, not arrays
        return _fma32(a.reshape(1), b, c).reshape(())
    with np.errstate(invalid="ignore", over="ignore"):  # inf in, inf (or nan) out
        return vecmath._fma(a, b, c)


def _log32(x):
    """The vectorised kernel's float32 natural logarithm (cephes), operation by operation."""
    x = np.maximum(x, np.array(0x00800000, dtype=np.int32).view(F32))
    bits = x.view(np.int32)
    exponent = (bits.view(np.uint32) >> 23).astype(np.int32) - 0x7F
    x = ((bits & ~0x7F800000) | np.array(F32(0.5)).view(np.int32)).view(F32)
    e = exponent.astype(F32) + F32(1)
    small = x < F32(0.707106781186547524)
    tmp = np.where(small, x, F32(0))
    x = x - F32(1)
    e = e - np.where(small, F32(1), F32(0))
    x = x + tmp
    z = x * x
    y = np.full_like(x, F32(7.0376836292e-2))
    for p in (-1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1,
              -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1):
        y = _fma32(y, x, F32(p))
    y = y * x
    y = _fma32(y, z, e * F32(-2.12194440e-4))
    y = _fma32(z, F32(-0.5), y)
    return _fma32(e, F32(0.693359375), x + y)


def _sincos32(x):
    """The vectorised kernel's float32 sine and cosine together (cephes), operation by
    operation."""
    sin_negative = np.signbit(x)
    x = np.abs(x)
    j = (x * F32(1.27323954473516)).astype(np.int32)
    j = (j + 1) & ~1
    y = j.astype(F32)
    sin_negative = sin_negative ^ ((j & 4) != 0)
    cos_negative = (~(j - 2) & 4) != 0
    first = (j & 2) == 0  # the sine polynomial gives the sine, the cosine's the cosine
    for dp in (-0.78515625, -2.4187564849853515625e-4, -3.77489497744594108e-8):
        x = _fma32(y, F32(dp), x)
    z = x * x
    cos_poly = _fma32(np.full_like(x, F32(2.443315711809948e-005)), z, F32(-1.388731625493765e-003))
    cos_poly = _fma32(cos_poly, z, F32(4.166664568298827e-002))
    cos_poly = _fma32(cos_poly * z, z, -(z * F32(0.5))) + F32(1)
    sin_poly = _fma32(np.full_like(x, F32(-1.9515295891e-4)), z, F32(8.3321608736e-3))
    sin_poly = _fma32(sin_poly, z, F32(-1.6666654611e-1))
    sin_poly = _fma32(sin_poly * z, x, x)
    sine = np.where(first, sin_poly, cos_poly)
    cosine = np.where(first, cos_poly, sin_poly)
    return np.where(sin_negative, -sine, sine), np.where(cos_negative, -cosine, cosine)


def _box_muller16(u, dtype, mean, std):
    """16 uniforms to 16 normals: radii from the first 8, angles from the last 8."""
    out = np.empty(16, dtype=dtype)
    if dtype == np.float32:
        radius = np.sqrt(F32(-2) * _log32(F32(1) - u[:8]))
        sine, cosine = _sincos32(_TWO_PI32 * u[8:])
        mean32, std32 = np.full(8, F32(mean)), np.full(8, F32(std))
        out[:8] = _fma32(radius * cosine, std32, mean32)
        out[8:] = _fma32(radius * sine, std32, mean32)
        return out
    for j in range(8):
        radius = math.sqrt(-2 * math.log(1 - float(u[j])))
        theta = 2.0 * math.pi * float(u[j + 8])
        out[j] = _fma64(radius * math.cos(theta), std, mean)
        out[j + 8] = _fma64(radius * math.sin(theta), std, mean)
    return out


# --- the default generator of one evaluation ----------------------------------------------

_DEFAULT = contextvars.ContextVar("default_generator")


def default_generator():
    """The generator ``torch.manual_seed`` and the draws without ``generator=`` use."""
    generator = _DEFAULT.get(None)
    if generator is None:  # outside an evaluation: one per context, seeded as torch starts
        generator = Generator()
        generator.seed()
        _DEFAULT.set(generator)
    return generator


def start(seed=None):
    """Give the current context a fresh default generator, seeded with ``seed`` or, as torch
    seeds its own at start-up, with a fresh non-deterministic seed; returns it. Either way the
    snippet has not seeded it itself: ``unseeded_draws`` tells whether it drew before it did."""
    generator = Generator()
    if seed is None:
        generator.seed()
    else:
        generator.manual_seed(seed)
        generator.seeded = False
    _DEFAULT.set(generator)
    return generator
