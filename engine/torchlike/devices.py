"""Devices: this app computes on the CPU, and says so when code asks for another device.

Tutorial code names devices everywhere (``device='cpu'``, ``x.to(device)``, ``torch.device(...)``,
``torch.cuda.is_available()``, ``torch.accelerator.current_accelerator()``). Here the CPU is the
one device: every ``device=`` argument is checked and then has nothing to do, ``.to`` takes a
device as well as a dtype (``Tensor.to``), and a GPU device is refused with a message that
names the CPU.
"""

import functools
import inspect

from ..messages import keyed

_GPUS = ("cuda", "mps", "xpu", "xla", "meta", "hip", "mtia", "privateuseone")


class Device:
    """A torch.device; here always the CPU."""

    __slots__ = ("type", "index")

    def __init__(self, type="cpu", index=None):
        self.type = type
        self.index = index

    def __repr__(self):
        return f"device(type='{self.type}')" if self.index is None else \
            f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        if isinstance(other, str):
            return str(self) == other
        return isinstance(other, Device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self):
        return hash((self.type, self.index))


CPU = Device()


def device(type="cpu", index=None):
    """``torch.device('cpu')``; a GPU device is refused (this app runs on the CPU)."""
    return check(type if index is None else f"{type}:{index}") or CPU


def check(where):
    """Accept None, "cpu", "cpu:0" or the CPU device; refuse anything else, clearly."""
    if where is None or isinstance(where, Device):
        return where
    if not isinstance(where, str):
        raise keyed(TypeError, "device.type", kind=type(where).__name__)
    kind, _, index = where.partition(":")
    if kind == "cpu" and index in ("", "0"):
        return CPU if not index else Device("cpu", 0)
    if kind in _GPUS:
        raise keyed(ValueError, "device.gpu", device=where)
    raise keyed(ValueError, "device.unknown", device=where)


def on_device(fn):
    """``fn`` that also takes ``device=`` (checked, then set aside), as torch's factories do."""
    @functools.wraps(fn)
    def call(*args, device=None, **kwargs):
        check(device)
        return fn(*args, **kwargs)

    signature = inspect.signature(fn)
    keyword = inspect.Parameter("device", inspect.Parameter.KEYWORD_ONLY, default=None)
    params = list(signature.parameters.values())
    at = next((i for i, p in enumerate(params) if p.kind == p.VAR_KEYWORD), len(params))
    call.__signature__ = signature.replace(parameters=params[:at] + [keyword] + params[at:])
    return call


# torch.cuda and torch.accelerator, as a machine without a GPU answers them
CUDA_FUNCTIONS = {"is_available": lambda: False, "device_count": lambda: 0}
ACCELERATOR_FUNCTIONS = {"is_available": lambda: False, "current_accelerator": lambda: None}


def set_default_device(device):
    """``torch.set_default_device('cpu')``: the CPU is already the default."""
    check(device)
