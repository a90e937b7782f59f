"""``torch.nn.init``: filling a weight in place with torch's numbers (the draws are
``engine.torchlike.sampling``'s, so a seeded program gets torch's weights bit for bit)."""

import math
import numbers

from ..messages import keyed
from . import sampling
from .tensor import TensorBase as Tensor
from .tensor import no_grad

_LINEAR = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
           "conv_transpose3d", "sigmoid")


def calculate_gain(nonlinearity, param=None):
    """The gain torch recommends for a nonlinearity (``relu``: sqrt 2, ``tanh``: 5/3...)."""
    if nonlinearity in _LINEAR:
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, numbers.Real) and not isinstance(param, bool):
            slope = param
        else:
            raise keyed(ValueError, "init.slope", value=repr(param))
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise keyed(ValueError, "init.nonlinearity", name=repr(nonlinearity))


def _tensor(tensor):
    if not isinstance(tensor, Tensor):
        raise keyed(TypeError, "init.tensor", kind=type(tensor).__name__)
    return tensor


def _fans(tensor):
    shape = _tensor(tensor)._shape
    if len(shape) < 2:
        raise keyed(ValueError, "init.fans")
    receptive = math.prod(shape[2:])
    return shape[1] * receptive, shape[0] * receptive


def _fan(tensor, mode):
    if mode not in ("fan_in", "fan_out"):
        raise keyed(ValueError, "init.mode", mode=repr(mode))
    fan_in, fan_out = _fans(tensor)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(tensor, a=0.0, b=1.0, generator=None):
    """Fill with uniform numbers in [a, b)."""
    with no_grad():
        return sampling.uniform_(_tensor(tensor), a, b, generator=generator)


def normal_(tensor, mean=0.0, std=1.0, generator=None):
    """Fill with normal numbers."""
    with no_grad():
        return sampling.normal_(_tensor(tensor), mean, std, generator=generator)


def constant_(tensor, val):
    """Fill with ``val``."""
    with no_grad():
        return _tensor(tensor).fill_(val)


def ones_(tensor):
    """Fill with ones."""
    return constant_(tensor, 1.0)


def zeros_(tensor):
    """Fill with zeros."""
    return constant_(tensor, 0.0)


def xavier_uniform_(tensor, gain=1.0, generator=None):
    """Glorot: uniform in ±gain·sqrt(6 / (fan_in + fan_out))."""
    fan_in, fan_out = _fans(tensor)
    bound = math.sqrt(3.0) * (gain * math.sqrt(2.0 / float(fan_in + fan_out)))
    return uniform_(tensor, -bound, bound, generator)


def xavier_normal_(tensor, gain=1.0, generator=None):
    """Glorot: normal with std gain·sqrt(2 / (fan_in + fan_out))."""
    fan_in, fan_out = _fans(tensor)
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / float(fan_in + fan_out)), generator)


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """He: uniform in ±gain·sqrt(3 / fan) (what nn.Linear's weight starts from, with a=sqrt 5)."""
    if 0 in _tensor(tensor)._shape:
        return tensor
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """He: normal with std gain / sqrt(fan)."""
    if 0 in _tensor(tensor)._shape:
        return tensor
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    return normal_(tensor, 0, std, generator)


FUNCTIONS = {
    "calculate_gain": calculate_gain, "uniform_": uniform_, "normal_": normal_,
    "constant_": constant_, "ones_": ones_, "zeros_": zeros_, "xavier_uniform_": xavier_uniform_,
    "xavier_normal_": xavier_normal_, "kaiming_uniform_": kaiming_uniform_,
    "kaiming_normal_": kaiming_normal_,
}
