"""Inputs for the float32 kernel tests, the same on every machine and numpy version.

They come from Python's ``random.random()`` (whose sequence is stable across versions for a given
seed) and exact float32 arithmetic, so the golden file needs to store only torch's outputs.
"""

import functools
import random

import numpy as np

from engine.torchlike import vecmath

F32 = np.float32

# Values where kernels branch: zeros, infinities, NaNs with payloads, subnormals, the largest
# floats, and the thresholds of exp (-104, 100, log of the float range) and log1p (-1, 1e38).
EDGES = np.array(
    [0.0, -0.0, np.inf, -np.inf, np.nan, -np.nan, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5,
     1e-45, -1e-45, 1.1754942e-38, -1.1754942e-38, 1.1754944e-38, 3.4028235e38, -3.4028235e38,
     1e38, 1.0000001e38, 9.999999e37, 2.6e38, -0.99999994, -1.0000001,
     88.0, 88.72283, 88.72284, -87.33654, -88.0, -100.0, -103.27893, -103.97208, -103.98,
     -104.0, -104.00001, 100.0, 100.00001, 104.0, 20.0, -20.0, 1e-7, -1e-7, 6e-8, -6e-8,
     0.6931472, -0.6931472, 17.0, -17.0, 3.1415927, -3.1415927],
    dtype=F32)
SIGNALLING_NAN = np.array([0x7F800001, 0xFFA00000, 0x7FC12345], dtype=np.uint32).view(F32)

KINDS = ("normal", "wide", "unit", "bits", "edges")


@functools.lru_cache(maxsize=64)
def inputs(kind, n, seed=0):
    """n float32 inputs of a kind (read-only, as the same array is handed out again):
    normal-like, uniform over +-1e4, uniform over (-1, 3), every bit pattern, or the edge values
    (cycled)."""
    values = _inputs(kind, n, seed)
    values.setflags(write=False)
    return values


def _inputs(kind, n, seed):
    rng = random.Random(f"{kind}-{n}-{seed}")
    if kind == "edges":
        values = np.concatenate([EDGES, SIGNALLING_NAN])
        return np.resize(values[rng.sample(range(values.size), values.size)], n)
    if kind == "bits":
        return np.array([rng.getrandbits(32) for _ in range(n)], dtype=np.uint32).view(F32)
    u = np.array([[rng.random() for _ in range(3)] for _ in range(n)]).reshape(n, 3)
    if kind == "normal":  # a sum of three uniforms, scaled to unit variance, times 1, 5 or 30
        scale = np.array([1.0, 5.0, 30.0])[np.arange(n) % 3]
        return ((u.sum(axis=1) - 1.5) * 2.0 * scale).astype(F32)
    if kind == "wide":
        return ((u[:, 0] * 2.0 - 1.0) * 1e4).astype(F32)
    return (u[:, 0] * 4.0 - 1.0).astype(F32)  # "unit": (-1, 3), around log1p's pole


SIZES = (1, 2, 15, 16, 17, 31, 32, 33, 47, 64, 95, 200, 2000)

# name -> (torch's function, its keyword arguments, vecmath's function); a vecmath function named
# *_backward32 is the gradient of torch's function, taken with autograd on the torch side
FUNCTIONS = {
    "sigmoid": ("torch.sigmoid", {}, "sigmoid32"),
    "log1p": ("torch.log1p", {}, "log1p32"),
    "softplus": ("torch.nn.functional.softplus", {}, "softplus32"),
    "softplus_beta": ("torch.nn.functional.softplus", {"beta": 0.3, "threshold": 5.5},
                      "softplus32"),
    "log_sigmoid": ("torch.nn.functional.logsigmoid", {}, "log_sigmoid32"),
    "softplus_backward": ("torch.nn.functional.softplus", {"beta": 2.0, "threshold": 10.0},
                          "softplus_backward32"),
    "log_sigmoid_backward": ("torch.nn.functional.logsigmoid", {}, "log_sigmoid_backward32"),
    "log_softmax": ("torch.log_softmax", {"dim": -1}, "log_softmax32"),
    "softmax": ("torch.softmax", {"dim": -1}, "softmax32"),
    "log_softmax_backward": ("torch.log_softmax", {"dim": -1}, "log_softmax_backward32"),
    "softmax_backward": ("torch.softmax", {"dim": -1}, "softmax_backward32"),
}
# these run cpu_kernel_vec: a scalar tail in every thread's chunk
THREADED = ("sigmoid", "softplus", "softplus_beta", "softplus_backward")
# these work along the last axis: their inputs are cut into rows (see row_length)
ROWS = ("log_softmax", "softmax", "log_softmax_backward", "softmax_backward")
# gradients computed from the forward's output (vecmath's, itself checked against torch's)
FROM_OUTPUT = {"log_softmax_backward": "log_softmax32", "softmax_backward": "softmax32"}
# their NaNs are compared as NaNs: which NaN torch gives depends on its compiler's choice of
# operand order in additions (softmax_backward's input is softmax's output)
ANY_NAN = ("softmax", "softmax_backward", "log_softmax_backward")


def row_length(n):
    """How a case of n elements is cut into rows: up to 64 one row, else rows of a divisor."""
    return next((d for d in (1000, 100, 40, 19) if n > 64 and n % d == 0), n)


def comparable(function, values):
    """The outputs as compared: flat, NaNs made one NaN for the functions in ANY_NAN."""
    values = np.asarray(values, dtype=F32).reshape(-1)
    if function in ANY_NAN:
        values = np.where(np.isnan(values), F32(np.nan), values)
    return values


def is_backward(function):
    return FUNCTIONS[function][2].endswith("_backward32")


def gradient_for(x):
    """The gradient flowing into a backward case: normal numbers, in x's shape."""
    return inputs("normal", x.size, seed=1).reshape(x.shape)


def torch_call(torch, function, x):
    """What torch computes for a case's function of a float32 numpy array."""
    path, kwargs, _ = FUNCTIONS[function]
    if function in ROWS:
        x = x.reshape(-1, row_length(x.size))
    call = torch
    for name in path.split(".")[1:]:
        call = getattr(call, name)
    if not is_backward(function):
        return comparable(function, call(torch.from_numpy(x.copy()), **kwargs).numpy())
    leaf = torch.from_numpy(x.copy()).requires_grad_()
    call(leaf, **kwargs).backward(torch.from_numpy(gradient_for(x).copy()))
    return comparable(function, leaf.grad.numpy())


def engine_call(function, x, threads=1):
    """What engine.torchlike.vecmath computes for the same case."""
    _, kwargs, name = FUNCTIONS[function]
    kwargs = {key: value for key, value in kwargs.items() if key != "dim"}
    if function in THREADED:
        kwargs["threads"] = threads
    if function in ROWS:
        x = x.reshape(-1, row_length(x.size))
    if function in FROM_OUTPUT:
        x = getattr(vecmath, FROM_OUTPUT[function])(x)
    args = (gradient_for(x), x) if is_backward(function) else (x,)
    return comparable(function, getattr(vecmath, name)(*args, **kwargs))


def golden_cases():
    """name -> (function, kind, size, threads): small cases stored whole, large ones hashed."""
    cases = {}
    for function in FUNCTIONS:
        for kind in KINDS:
            for n in SIZES:
                cases[f"{function}-{kind}-{n}"] = (function, kind, n, 1)
        cases[f"{function}-normal-100000"] = (function, "normal", 100_000, 1)
    # past the grain size each thread runs its own chunk, with its own scalar tail
    for function in THREADED:
        cases[f"{function}-normal-32769-threads2"] = (function, "normal", 32769, 2)
        cases[f"{function}-edges-100001-threads3"] = (function, "edges", 100_001, 3)
    return cases


def as_hex(values):
    """float32 values as the hex of their bits, space separated."""
    return " ".join(f"{v:08x}" for v in np.asarray(values, dtype=F32).reshape(-1).view(np.uint32))
