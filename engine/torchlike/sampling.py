"""torch's random tensors: ``torch.rand``, ``randn``, ``randint``, ``randperm``, ``normal``, the
``_like`` forms, the in-place ``uniform_``, ``normal_`` and ``random_``, and the seeding functions.

Every number comes from ``engine.torchlike.generator``, torch's CPU generator bit for bit; a
call without ``generator=`` draws from the evaluation's default generator, which
``torch.manual_seed`` seeds.
"""

import math
import numbers

import numpy as np

from ..messages import keyed
from . import generator as generators
from . import levels, numpy_tensor
from .generator import Generator
from .sizes import result_size
from .tensor import (
    DEFAULT_DTYPE,
    _as_dtype,
    _shape_arg,
    bool_,
    float32,
    float64,
    int64,
)
from .tensor import Tensor as ScalarTensor
from .tensor import TensorBase as Tensor  # a tensor of either level

_NUMPY = {float32: np.float32, float64: np.float64}


def _generator(generator):
    if generator is None:
        return generators.default_generator()
    if not isinstance(generator, Generator):
        raise keyed(TypeError, "random.generator_type", kind=type(generator).__name__)
    return generator


def _size(size):
    shape = _shape_arg(size)
    if any(n < 0 for n in shape):
        raise keyed(ValueError, "tensor.negative_dim", shape=list(shape))
    result_size(shape)
    return shape


_KERNELS = {"uniform": "check_uniform_bounds", "normal": "normal_kernel_cpu"}
_TORCH_TYPE_NAMES = {"int64": "Long", "bool": "Bool"}


def _floating(dtype, kind):
    """The dtype of a draw of ``kind`` ("uniform" or "normal"): floating point only."""
    dtype = _as_dtype(dtype) or DEFAULT_DTYPE
    if not dtype.is_floating_point:
        raise keyed(TypeError, "random.float_only", kernel=_KERNELS[kind],
                    dtype=_TORCH_TYPE_NAMES[dtype.name])
    return dtype


def _number(x, name):
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise keyed(TypeError, "random.number", name=name, kind=type(x).__name__)
    return float(x)


def _integer(x, name):
    if isinstance(x, bool) or not isinstance(x, numbers.Integral):
        raise keyed(TypeError, "random.integer", name=name, kind=type(x).__name__)
    return int(x)


# --- seeding ------------------------------------------------------------------------------

def manual_seed(seed):
    """Seed the default generator (``torch.manual_seed(0)``); returns it."""
    return generators.default_generator().manual_seed(seed)


def initial_seed():
    """The default generator's seed."""
    return generators.default_generator().initial_seed()


def seed():
    """Seed the default generator non-deterministically; returns the seed."""
    return generators.default_generator().seed()


def get_rng_state():
    """The default generator's state, for ``torch.set_rng_state``."""
    return generators.default_generator().get_state()


def set_rng_state(new_state):
    """Restore the default generator's state."""
    generators.default_generator().set_state(new_state)


def new_generator(device="cpu"):
    """``torch.Generator()``: a generator of its own, seeded as torch seeds a new one."""
    if device != "cpu":
        raise keyed(ValueError, "random.device", device=str(device))
    return Generator()


# --- draws --------------------------------------------------------------------------------

def _drawn(numbers_, shape, dtype, requires_grad):
    return levels.leaf(numbers_, shape, dtype, requires_grad)


def rand(*size, generator=None, dtype=None, requires_grad=False):
    """Uniform numbers in [0, 1)."""
    shape, dtype = _size(size), _floating(dtype, "uniform")
    draws = _generator(generator).uniform(math.prod(shape), _NUMPY[dtype])
    return _drawn(draws, shape, dtype, requires_grad)


def randn(*size, generator=None, dtype=None, requires_grad=False):
    """Standard normal numbers."""
    shape, dtype = _size(size), _floating(dtype, "normal")
    draws = _generator(generator).normal(math.prod(shape), _NUMPY[dtype])
    return _drawn(draws, shape, dtype, requires_grad)


def _random_ints(gen, n, low, high, dtype):
    if low >= high:
        raise keyed(ValueError, "random.empty_range", low=low, high=high)
    wide = dtype in (int64, float32, float64)
    return gen.random_below(n, high - low, low, wide)


def randint(*args, low=None, high=None, size=None, generator=None, dtype=None,
            requires_grad=False):
    """Integers in [low, high): ``randint(high, size)`` or ``randint(low, high, size)``, each
    argument positional or by keyword."""
    if low is not None:
        args = (low, *args)
    if high is not None:
        args = (*args, high)
    if size is not None:
        args = (*args, size)
    if len(args) == 2:
        args = (0, *args)
    if len(args) != 3:
        raise keyed(TypeError, "random.randint_args", given=len(args))
    low, high = _integer(args[0], "low"), _integer(args[1], "high")
    shape, dtype = _size((args[2],)), _as_dtype(dtype) or int64
    draws = _random_ints(_generator(generator), math.prod(shape), low, high, dtype)
    return _drawn(draws, shape, dtype, requires_grad)


def randperm(n, generator=None, dtype=None, requires_grad=False):
    """A random permutation of 0..n-1."""
    n = _integer(n, "n")
    if n < 0:
        raise keyed(ValueError, "random.negative_n", n=n)
    shape, dtype = _size((n,)), _as_dtype(dtype) or int64
    return _drawn(_generator(generator).permutation(n), shape, dtype, requires_grad)


def normal(mean=0.0, std=1.0, size=None, generator=None, dtype=None, requires_grad=False):
    """Normal numbers: ``normal(mean, std, size)`` with numbers, or one per element of the
    tensor ``mean`` and/or ``std`` (broadcast together)."""
    gen = _generator(generator)
    if not isinstance(mean, Tensor) and not isinstance(std, Tensor):
        if size is None:
            raise keyed(TypeError, "random.normal_size")
        shape, dtype = _size((size,)), _floating(dtype, "normal")
        mean, std = _number(mean, "mean"), _number(std, "std")
        if std < 0:
            raise keyed(ValueError, "random.negative_std", std=std)
        draws = gen.normal(math.prod(shape), _NUMPY[dtype], mean, std)
        return _drawn(draws, shape, dtype, requires_grad)
    # torch draws standard normals, then multiplies by std and adds mean, each in the dtype
    tensors = [t for t in (mean, std) if isinstance(t, Tensor)]
    out_dtype = tensors[0].dtype
    _floating(out_dtype, "normal")
    means = _array(mean, out_dtype)
    stds = _array(std, out_dtype)
    shape = np.broadcast_shapes(means.shape, stds.shape)
    result_size(shape)
    if (stds < 0).any():
        raise keyed(ValueError, "random.negative_std", std=float(stds.min()))
    draws = gen.normal(math.prod(shape), _NUMPY[out_dtype]).reshape(shape)
    return _drawn((draws * stds + means).ravel(), shape, out_dtype, requires_grad)


def _array(x, dtype):
    if isinstance(x, Tensor):
        return levels.array(x, _NUMPY[dtype])
    return np.asarray(_number(x, "mean or std"), dtype=_NUMPY[dtype])


def bernoulli(input, generator=None):
    """0 or 1 per element, 1 with the element's probability (a uniform draw below it)."""
    if not isinstance(input, Tensor):
        raise keyed(TypeError, "random.bernoulli_input", kind=type(input).__name__)
    if not input.dtype.is_floating_point:
        raise keyed(TypeError, "random.float_only", kernel="bernoulli_tensor_cpu_p_",
                    dtype=_TORCH_TYPE_NAMES[input.dtype.name])
    if input.requires_grad:
        raise keyed(ValueError, "random.bernoulli_grad")
    probabilities = _array(input, input.dtype).ravel()
    if ((probabilities < 0) | (probabilities > 1) | np.isnan(probabilities)).any():
        raise keyed(ValueError, "random.probability")
    draws = _generator(generator).uniform(len(probabilities), _NUMPY[input.dtype])
    return _drawn((draws < probabilities).astype(np.float64), input._shape, input.dtype, False)


def rand_like(input, generator=None, dtype=None, requires_grad=False):
    """``rand`` in the shape (and dtype) of ``input``."""
    return rand(input._shape, generator=generator, dtype=dtype or input.dtype,
                requires_grad=requires_grad)


def randn_like(input, generator=None, dtype=None, requires_grad=False):
    """``randn`` in the shape (and dtype) of ``input``."""
    return randn(input._shape, generator=generator, dtype=dtype or input.dtype,
                 requires_grad=requires_grad)


def randint_like(input, low=0, high=None, generator=None, dtype=None, requires_grad=False):
    """``randint`` in the shape (and dtype) of ``input``: ``randint_like(x, high)`` or
    ``randint_like(x, low, high)``."""
    if high is None:
        low, high = 0, low
    return randint(low, high, input._shape, generator=generator, dtype=dtype or input.dtype,
                   requires_grad=requires_grad)


def empty(*size, dtype=None, requires_grad=False):
    """``torch.empty``: torch leaves the memory as it finds it; here it holds zeros."""
    shape = _size(size)
    return levels.leaf(np.zeros(math.prod(shape)), shape, _as_dtype(dtype) or DEFAULT_DTYPE,
                       requires_grad)


# --- in place -----------------------------------------------------------------------------

def _fill(tensor, draws):
    return levels.write(tensor, draws)


def uniform_(self, a=0.0, b=1.0, generator=None):
    """Fill with uniform numbers in [a, b)."""
    a, b = _number(a, "from"), _number(b, "to")
    if a > b:
        raise keyed(ValueError, "random.uniform_range", low=a, high=b)
    dtype = _floating(self.dtype, "uniform")
    return _fill(self, _generator(generator).uniform(self.numel(), _NUMPY[dtype], a, b))


def normal_(self, mean=0.0, std=1.0, generator=None):
    """Fill with normal numbers."""
    mean, std = _number(mean, "mean"), _number(std, "std")
    if std < 0:
        raise keyed(ValueError, "random.negative_std", std=std)
    dtype = _floating(self.dtype, "normal")
    return _fill(self, _generator(generator).normal(self.numel(), _NUMPY[dtype], mean, std))


def random_(self, low=None, high=None, generator=None):
    """Fill with integers: ``random_(high)`` in [0, high), ``random_(low, high)``, and without
    bounds from 0 to the largest integer the dtype holds exactly."""
    if low is None:
        if self.dtype is int64:  # up to 2**63: more than a float64 element holds exactly
            raise keyed(ValueError, "random.int64_unbounded")
        return _fill(self, _generator(generator).random_bits(self.numel(), self.dtype.name))
    if high is None:
        low, high = 0, low
    low, high = _integer(low, "from"), _integer(high, "to")
    if self.dtype is bool_ and not 0 <= low < high <= 2:
        raise keyed(ValueError, "random.empty_range", low=low, high=high)
    return _fill(self, _random_ints(_generator(generator), self.numel(), low, high, self.dtype))


def bernoulli_(self, p=0.5, generator=None):
    """Fill with 0 or 1, 1 with probability ``p``: a number p draws a float64 uniform per
    element (53 bits of a 64-bit draw) and compares it with p, as torch's CPU kernel does away
    from Intel's MKL; a tensor p draws as ``torch.bernoulli`` does."""
    if isinstance(p, Tensor):
        if p.requires_grad:
            raise keyed(ValueError, "random.bernoulli_grad")
        probabilities = np.broadcast_to(_array(p, p.dtype), self._shape).ravel()
        if ((probabilities < 0) | (probabilities > 1) | np.isnan(probabilities)).any():
            raise keyed(ValueError, "random.probability")
        npt = np.float64 if p.dtype is float64 else np.float32
        draws = _generator(generator).uniform(len(probabilities), npt)
        return _fill(self, (draws < probabilities).astype(np.float64))
    p = _number(p, "p")
    if not 0 <= p <= 1:
        raise keyed(ValueError, "random.probability")
    draws = _generator(generator).uniform(self.numel(), np.float64)
    return _fill(self, (draws < p).astype(np.float64))


def _exponentials(gen, n, lambd):
    """torch's CPU exponential draws in float64: -1/lambd * log1p(-u), u a 53-bit uniform (the
    C library's log1p, which Python's math.log1p calls too)."""
    scale = -1.0 / lambd
    return np.array([scale * math.log1p(-u) for u in gen.uniform(n, np.float64).tolist()],
                    dtype=np.float64)


def exponential_(self, lambd=1.0, generator=None):
    """Fill with exponential numbers of rate ``lambd`` (each drawn in float64, then rounded)."""
    lambd = _number(lambd, "lambd")
    if not (lambd > 0 and math.isfinite(lambd)):
        raise keyed(ValueError, "random.exponential_lambda", value=f"{lambd:g}")
    if not self.dtype.is_floating_point:
        raise keyed(TypeError, "random.float_only", kernel="exponential_cpu",
                    dtype=_TORCH_TYPE_NAMES[self.dtype.name])
    draws = _exponentials(_generator(generator), self.numel(), lambd)
    return _fill(self, draws.astype(_NUMPY[self.dtype]))


def multinomial(input, num_samples, replacement=False, generator=None):
    """Indices drawn from each row of weights, as torch's CPU kernel draws them: without
    replacement (or one sample) the largest weight / Exp(1) draw (a Gumbel top-k); with
    replacement a 53-bit uniform per sample looked up in the row's normalised running sum."""
    if not isinstance(input, Tensor):
        raise keyed(TypeError, "random.bernoulli_input", kind=type(input).__name__)
    if input.dim() not in (1, 2):
        raise keyed(ValueError, "random.multinomial_dims")
    if not input.dtype.is_floating_point:
        raise keyed(ValueError, "random.multinomial_float", dtype=_TORCH_TYPE_NAMES.get(
            input.dtype.name, input.dtype.name))
    k = _integer(num_samples, "num_samples")
    if k <= 0:
        raise keyed(ValueError, "random.multinomial_count")
    n = input._shape[-1]
    if not replacement and k > n:
        raise keyed(ValueError, "random.multinomial_too_many")
    shape = input._shape[:-1] + (k,)
    result_size(shape)
    npt = _NUMPY[input.dtype]
    rows = _array(input, input.dtype).reshape(-1, n)
    gen = _generator(generator)
    if not replacement or k == 1:
        if not np.isfinite(rows).all() or (rows < 0).any():
            raise keyed(ValueError, "random.multinomial_invalid")
        if (rows.sum(axis=1, dtype=np.float64) == 0).any():
            raise keyed(ValueError, "random.multinomial_sum")
        q = _exponentials(gen, rows.size, 1.0).astype(npt).reshape(rows.shape)
        with np.errstate(all="ignore"):
            ratio = (rows / q).astype(npt)
        # torch's argmax takes the first largest; its topk puts larger first, ties by index
        picks = np.argsort(-ratio, axis=1, kind="stable")[:, :k]
    else:
        if (rows < 0).any() or not np.isfinite(rows).all():
            raise keyed(ValueError, "random.multinomial_invalid")
        running = np.cumsum(rows, axis=1, dtype=npt)  # added left to right, in the dtype
        if (running[:, -1] <= 0).any():
            raise keyed(ValueError, "random.multinomial_sum")
        with np.errstate(all="ignore"):
            running = (running / running[:, -1:]).astype(npt)
        running[:, -1] = 1
        u = gen.uniform(rows.shape[0] * k, np.float64).reshape(rows.shape[0], k)
        picks = np.stack([np.searchsorted(running[i].astype(np.float64), u[i], side="left")
                          for i in range(rows.shape[0])])
    return levels.leaf(picks.ravel(), shape, int64, False)


IN_PLACE = {"uniform_": uniform_, "normal_": normal_, "random_": random_,
            "bernoulli_": bernoulli_, "exponential_": exponential_}
for _class in (ScalarTensor, numpy_tensor.Tensor):
    _class.bernoulli = bernoulli
    _class.multinomial = multinomial
    for _name, _method in IN_PLACE.items():
        setattr(_class, _name, _method)

# the functions that make a tensor (and so take device=, as torch's factories do)
FACTORIES = ("rand", "randn", "randint", "randperm", "normal", "rand_like", "randn_like",
             "randint_like", "empty")
# torch.<name> for the snippet language's torch namespace
FUNCTIONS = {
    "manual_seed": manual_seed, "initial_seed": initial_seed, "seed": seed,
    "get_rng_state": get_rng_state, "set_rng_state": set_rng_state, "Generator": new_generator,
    "rand": rand, "randn": randn, "randint": randint, "randperm": randperm, "normal": normal,
    "rand_like": rand_like, "randn_like": randn_like, "randint_like": randint_like,
    "empty": empty, "bernoulli": bernoulli, "multinomial": multinomial,
}
