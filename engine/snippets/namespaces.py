"""What a snippet can reach: the torch, torch.nn, torch.optim, math, random, numpy,
micrograd and matplotlib.pyplot namespaces.

Nothing is imported at run time: each namespace is a fixed, read-only table of the engine's own
functions and classes, and every engine type has an allow-list of the attributes a snippet may
read or set. The interpreter asks this module, and only this module, what a name, an attribute
or a call means, and what a call costs in Values, so that the Values bound can be kept without
counting inside the engine.
"""

import functools
import inspect
import math
import numbers
import types

import numpy as np

from ..autograd import nn, optim
from ..autograd.ops import OPS
from ..autograd.value import METHODS, Value
from ..messages import keyed
from ..torchlike import (
    constructors,
    devices,
    init,
    levels,
    losses,
    numpy_losses,
    numpy_tensor,
    sampling,
    sizes,
)
from ..torchlike import modules as torch_nn
from ..torchlike import optim as torch_optim
from ..torchlike import tensor as tensor_module
from ..torchlike.generator import Generator
from ..torchlike.tensor import (
    TORCH_FUNCTIONS,
    DType,
    GradFn,
    ReturnTypes,
    Size,
    TensorBase,
    enable_grad,
    no_grad,
)
from . import numpyish, pyplot, pyrandom, suggest

Tensor = TensorBase  # a tensor of either level: what isinstance checks and allow-lists name


class Namespace:
    """A read-only module-like table of names: ``torch``, ``torch.nn``, ``math``..."""

    __slots__ = ("name", "members")

    def __init__(self, name, members):
        self.name = name
        self.members = types.MappingProxyType(dict(members))

    def __repr__(self):
        return f"<module '{self.name}'>"


class Function:
    """An engine function or class a snippet may call, under the name the cost model knows it by."""

    __slots__ = ("name", "qualname", "fn")

    def __init__(self, qualname, fn, name=None):
        self.qualname = qualname
        self.name = name or qualname.rsplit(".", 1)[-1]
        self.fn = fn

    def __repr__(self):
        # a class (Value, MLP, nn.L1Loss, torch's legacy tensor classes) shows as Python shows one
        if isinstance(self.fn, type) or inspect.unwrap(self.fn) in constructors.LEGACY.values():
            return f"<class '{self.qualname}'>"
        return f"<built-in function {self.name}>"


class Method:
    """A method of an engine object, bound to it (what ``x.sum`` evaluates to)."""

    __slots__ = ("obj", "name")

    def __init__(self, obj, name):
        self.obj = obj
        self.name = name

    def __repr__(self):
        return f"<built-in method {self.name} of {type_name(self.obj)} object>"


def _functions(prefix, table):
    return {name: Function(f"{prefix}.{name}", fn) for name, fn in table.items()}


def _value(data, label=""):
    """micrograd's ``Value(data, label='')`` (a node's op and operands are the engine's own)."""
    if not isinstance(label, str):
        raise keyed(TypeError, "attr.label", kind=type(label).__name__)
    return Value(data, label)


# the op table's unary ops that torch offers in torch.nn.functional (F.relu, F.softplus)
OP_FUNCTIONS = {
    op.torch.rsplit(".", 1)[-1]: levels.by_level(getattr(tensor_module.Tensor, op.name),
                                                 getattr(numpy_tensor.Tensor, op.name))
    for op in OPS.values() if "F" in op.api
}
FUNCTIONAL = Namespace(
    "torch.nn.functional",
    _functions("torch.nn.functional", {
        name: levels.by_level(losses.FUNCTIONS.get(name), fn)
        for name, fn in numpy_losses.FUNCTIONS.items()
    } | {
        name: fn for name, fn in torch_nn.FUNCTIONS.items()
    } | OP_FUNCTIONS | {"softmax": levels.softmax, "log_softmax": levels.log_softmax,
                        "one_hot": levels.one_hot}),
)
INIT = Namespace("torch.nn.init", _functions("torch.nn.init", init.FUNCTIONS))
NN = Namespace(
    "torch.nn",
    _functions("torch.nn", losses.MODULES | torch_nn.MODULES)
    | {"functional": FUNCTIONAL, "init": INIT},
)


def _optimizer(cls, scalar_cls=None):
    """A torch.optim class that hands micrograd Values to the scalar engine's optimizer."""

    @functools.wraps(cls)
    def make(params, *args, **kwargs):
        if scalar_cls is not None and not isinstance(params, (Tensor, dict, str)):
            if isinstance(params, Value):
                return scalar_cls(params, *args, **kwargs)  # refused there: wrap it in a list
            try:
                params = list(params)
            except TypeError:
                pass  # the optimizer says what it takes
            else:
                if any(isinstance(p, Value) for p in params):
                    return scalar_cls(params, *args, **kwargs)
        return cls(params, *args, **kwargs)

    make.classes = (cls,) if scalar_cls is None else (cls, scalar_cls)  # what isinstance tests
    return make


LR_SCHEDULER = Namespace("torch.optim.lr_scheduler",
                         _functions("torch.optim.lr_scheduler", torch_optim.SCHEDULERS))
OPTIM = Namespace("torch.optim", _functions("torch.optim", {
    name: _optimizer(cls, {"SGD": optim.SGD, "Adam": optim.Adam}.get(name))
    for name, cls in torch_optim.OPTIMIZERS.items()
}) | {"lr_scheduler": LR_SCHEDULER})


def _input_first(fn):
    """A Tensor method as torch.<name> takes its tensor as ``input`` (``torch.matmul(input=a,
    other=b)``); anything else as it is."""
    signature = inspect.signature(fn)
    params = list(signature.parameters.values())
    if not params or params[0].name != "self":
        return fn

    @functools.wraps(fn)
    def call(*args, **kwargs):
        if "input" in kwargs:
            args = (kwargs.pop("input"), *args)
        return fn(*args, **kwargs)

    call.__signature__ = signature.replace(parameters=[params[0].replace(name="input"),
                                                       *params[1:]])
    return call


def _with_out(fn):
    """``fn`` taking torch's ``out=``: the result is written into that tensor, which is returned
    (one of the result's shape and dtype; none of the tensors may require grad, as in torch)."""
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def call(*args, out=None, **kwargs):
        result = fn(*args, **kwargs)
        if out is None:
            return result
        if not levels.is_tensor(out):
            raise keyed(TypeError, "tensor.out_type", kind=type(out).__name__)
        inputs = (out, *args, *kwargs.values())
        if tensor_module.is_grad_enabled() and any(
                levels.is_tensor(t) and t.requires_grad for t in inputs):
            raise keyed(ValueError, "tensor.out_grad", name=fn.__name__)
        if tuple(out.shape) != tuple(result.shape) or out.dtype is not result.dtype:
            raise keyed(ValueError, "tensor.out_shape", shape=list(result.shape),
                        dtype=str(result.dtype), out_shape=list(out.shape),
                        out_dtype=str(out.dtype))
        return levels.write(out, levels.array(result, numpy_tensor.NP_TYPES[out.dtype]).reshape(-1))

    call.__signature__ = signature.replace(parameters=[
        *signature.parameters.values(),
        inspect.Parameter("out", inspect.Parameter.KEYWORD_ONLY, default=None)])
    return call


def _numpy_aware(fn):
    """torch.tensor(data, ...) that also takes a numpy array or scalar (its dtype kept)."""
    @functools.wraps(fn)
    def call(data, *args, **kwargs):
        if numpyish.torch_data(data):
            return numpyish.to_tensor(data, *args, **kwargs)
        data, dtype = numpyish.torch_lists(data)
        if dtype is not None and not args and kwargs.get("dtype") is None:
            kwargs["dtype"] = dtype
        return fn(data, *args, **kwargs)

    return call


def _as_tensor(data, dtype=None):
    """torch.as_tensor(data, dtype=None): a tensor as it is, else a new one of the data."""
    if isinstance(data, Tensor):
        return data if dtype is None or dtype is data.dtype else data.to(dtype)
    if numpyish.torch_data(data):
        return numpyish.to_tensor(data, dtype)
    return levels.module().tensor(data, dtype=dtype)


# torch's factories take device= (checked: the CPU is the one device here)
_FACTORIES = ("tensor", "zeros", "ones", "full", "zeros_like", "ones_like", "full_like", "arange",
              "linspace")
class AutogradFunction:
    """``torch.autograd.Function``: a snippet's class derives from it (``forward`` and
    ``backward`` as static methods, called through ``MyFunction.apply``)."""


AUTOGRAD_FUNCTION = Function("torch.autograd.Function", AutogradFunction)
AUTOGRAD = Namespace("torch.autograd", _functions("torch.autograd", {
    "Variable": constructors.variable}) | {"Function": AUTOGRAD_FUNCTION})
CUDA = Namespace("torch.cuda", _functions("torch.cuda", devices.CUDA_FUNCTIONS))
ACCELERATOR = Namespace("torch.accelerator",
                        _functions("torch.accelerator", devices.ACCELERATOR_FUNCTIONS))
TORCH = Namespace(
    "torch",
    _functions("torch", {name: _input_first(levels.by_level(fn, numpy_tensor.TORCH_FUNCTIONS[name]))
                         for name, fn in TORCH_FUNCTIONS.items()} | {
        "no_grad": no_grad, "enable_grad": enable_grad,
        "is_grad_enabled": tensor_module.is_grad_enabled, "device": devices.device,
        "set_default_device": devices.set_default_device,
    } | {name: devices.on_device(levels.by_level(TORCH_FUNCTIONS[name],
                                                 numpy_tensor.TORCH_FUNCTIONS[name]))
         for name in _FACTORIES}
      | {name: devices.on_device(fn) for name, fn in sampling.FUNCTIONS.items()
         if name in sampling.FACTORIES}
      | {name: fn for name, fn in sampling.FUNCTIONS.items() if name not in sampling.FACTORIES}
      | {name: devices.on_device(fn) for name, fn in constructors.LEGACY.items()}
      | {name: _with_out(_input_first(levels.by_level(TORCH_FUNCTIONS[name],
                                                      numpy_tensor.TORCH_FUNCTIONS[name])))
         for name in ("matmul", "mul")}
      | {"eye": devices.on_device(constructors.eye),
         "maximum": levels.by_level(tensor_module.Tensor.maximum,
                                    numpy_tensor.Tensor.maximum),
         "tensor": devices.on_device(_numpy_aware(levels.by_level(
             TORCH_FUNCTIONS["tensor"], numpy_tensor.TORCH_FUNCTIONS["tensor"]))),
         "as_tensor": devices.on_device(_as_tensor), "from_numpy": numpyish.from_numpy})
    | {name: dtype for name, dtype in tensor_module.DTYPES.items()}
    | {"pi": math.pi, "e": math.e, "inf": math.inf, "nan": math.nan}
    | {"nn": NN, "optim": OPTIM, "autograd": AUTOGRAD, "cuda": CUDA, "accelerator": ACCELERATOR},
)
MAX_INT_BITS = 1024  # the interpreter's bound on integers: about 1e308, the range of a float
MAX_COMBINATORIAL = 10_000  # n of math.comb and math.perm (the result is bounded after)


def _bounded_int(result):
    if isinstance(result, int) and result.bit_length() > MAX_INT_BITS:
        raise keyed(OverflowError, "limit.int")
    return result


def _factorial(n, /):
    """math.factorial(n), for the n whose factorial stays below about 1e308 (n <= 170)."""
    if isinstance(n, numbers.Integral) and n > 170:
        raise keyed(OverflowError, "limit.int")
    return math.factorial(n)


def _comb(n, k, /):
    """math.comb(n, k), bounded like every integer here."""
    if isinstance(n, numbers.Integral) and n > MAX_COMBINATORIAL:
        raise keyed(OverflowError, "limit.int")
    return _bounded_int(math.comb(n, k))


def _perm(n, k=None, /):
    """math.perm(n, k), bounded like every integer here."""
    if isinstance(n, numbers.Integral) and n > MAX_COMBINATORIAL:
        raise keyed(OverflowError, "limit.int")
    return _bounded_int(math.perm(n, k))


def _numbers(iterable, name):
    items = list(iterable)
    for x in items:
        if not isinstance(x, (int, float)):
            raise keyed(TypeError, "math.real_numbers", name=name, kind=type_name(x))
    return items


def _prod(iterable, /, *, start=1):
    """math.prod of numbers, the integer product bounded at every step."""
    total = start
    for x in _numbers(iterable, "prod"):
        total = _bounded_int(total * x)
    return total


def _hypot(*coordinates):
    """math.hypot(*coordinates) (a signature the call check can read)."""
    return math.hypot(*coordinates)


def _lcm(*integers):
    """math.lcm, bounded at every step."""
    total = 1
    for n in integers:
        total = _bounded_int(math.lcm(total, n))
    return total if integers else 1


MATH = Namespace(
    "math",
    _functions("math", {
        name: getattr(math, name)
        for name in ("exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "cbrt",
                     "isqrt", "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh",
                     "cosh", "tanh", "asinh", "acosh", "atanh", "dist", "degrees",
                     "radians", "fabs", "floor", "ceil", "trunc", "copysign", "fmod", "modf",
                     "frexp", "ldexp", "remainder", "isnan", "isinf", "isfinite", "isclose",
                     "pow", "erf", "erfc", "gamma", "lgamma", "gcd", "fsum", "nextafter", "ulp")
    } | {"factorial": _factorial, "comb": _comb, "perm": _perm, "prod": _prod, "lcm": _lcm,
       "hypot": _hypot})
    | {"pi": math.pi, "e": math.e, "tau": math.tau, "inf": math.inf, "nan": math.nan},
)
RANDOM = Namespace("random", _functions("random", pyrandom.FUNCTIONS))
NUMPY_RANDOM = Namespace("numpy.random", _functions("numpy.random", numpyish.RANDOM_FUNCTIONS))
NUMPY = Namespace(
    "numpy",
    _functions("numpy", numpyish.FUNCTIONS) | numpyish.SCALAR_TYPES | numpyish.CONSTANTS
    | {"random": NUMPY_RANDOM},
)


def _drawing(cls):
    """A micrograd model constructor that, without a seed, draws from the snippet's ``random``
    (so ``random.seed(1337)`` then ``MLP(2, [16, 16, 1])`` holds micrograd's weights)."""
    signature = inspect.signature(cls)

    @functools.wraps(cls)
    def make(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        if bound.arguments.get("seed") is None:
            bound.arguments["seed"] = pyrandom.drawing()
        return cls(*bound.args, **bound.kwargs)

    return make


MICROGRAD_NAMES = {
    "Value": Function("Value", _value),
    "MLP": Function("MLP", _drawing(nn.MLP)),
    "Neuron": Function("Neuron", _drawing(nn.Neuron)),
    "Layer": Function("Layer", _drawing(nn.Layer)),
}
MICROGRAD_ENGINE = Namespace("micrograd.engine", {"Value": MICROGRAD_NAMES["Value"]})
MICROGRAD_NN = Namespace(
    "micrograd.nn", {k: v for k, v in MICROGRAD_NAMES.items() if k != "Value"}
)
MICROGRAD = Namespace("micrograd", {"engine": MICROGRAD_ENGINE, "nn": MICROGRAD_NN})
PYPLOT = Namespace("matplotlib.pyplot", _functions("matplotlib.pyplot", pyplot.FUNCTIONS))
MATPLOTLIB = Namespace("matplotlib", {"pyplot": PYPLOT})

# what `import <module>` and `from <module> import <name>` can reach
MODULES = types.MappingProxyType({
    "torch": TORCH, "torch.nn": NN, "torch.nn.functional": FUNCTIONAL, "torch.optim": OPTIM,
    "torch.nn.init": INIT, "torch.autograd": AUTOGRAD, "torch.optim.lr_scheduler": LR_SCHEDULER,
    "torch.cuda": CUDA,
    "torch.accelerator": ACCELERATOR,
    "math": MATH, "random": RANDOM, "micrograd": MICROGRAD, "micrograd.engine": MICROGRAD_ENGINE,
    "micrograd.nn": MICROGRAD_NN, "matplotlib": MATPLOTLIB, "matplotlib.pyplot": PYPLOT,
    "numpy": NUMPY, "numpy.random": NUMPY_RANDOM,
})

# --- attributes: an allow-list per type; nothing else is ever looked up -------------------------

_VALUE_METHODS = METHODS + ("backward",)
_TENSOR_NAMES = (
    "T", "add", "add_", "argmax", "argmin", "backward", "bool", "clone", "data", "detach", "dim",
    "div", "div_", "double", "dtype", "expand", "fill_", "flatten", "float", "grad", "grad_fn",
    "is_leaf", "item", "log_softmax", "long", "matmul", "max", "mean", "min", "mul", "mul_",
    "ndim", "neg", "numel", "permute", "pow", "requires_grad", "requires_grad_", "reshape",
    "shape", "size", "softmax", "squeeze", "sub", "sub_", "sum", "t", "to", "tolist",
    "transpose", "unsqueeze", "view", "zero_", "device", "cpu", "cuda", "is_cuda", "bernoulli",
    "multinomial",
    "retain_grad", "addcmul", "addcmul_", "addcdiv_", "lerp_", "maximum", "numpy", "norm",
) + tuple(sampling.IN_PLACE) + tuple(op.name for op in OPS.values() if "Tensor" in op.api)
_LOSS_OPTIONS = ("reduction", "weight", "ignore_index", "label_smoothing", "pos_weight", "delta",
                 "beta", "forward", "margin", "p", "eps", "swap", "log_target", "full",
                 "log_input", "blank", "zero_infinity", "distance_function")
READABLE = types.MappingProxyType({
    Value: frozenset(("data", "grad", "label") + _VALUE_METHODS),
    tensor_module.Tensor: frozenset(_TENSOR_NAMES),
    numpy_tensor.Tensor: frozenset(_TENSOR_NAMES),
    Size: frozenset(("numel",)),
    DType: frozenset(("is_floating_point",)),
    GradFn: frozenset(("name",)),
    ReturnTypes: frozenset(("values", "indices")),
    losses._Loss: frozenset(_LOSS_OPTIONS),
    nn.Module: frozenset(("parameters", "zero_grad")),
    nn.Neuron: frozenset(("w", "b", "nonlin", "activation")),
    nn.Layer: frozenset(("neurons",)),
    nn.MLP: frozenset(("layers",)),
    optim.Optimizer: frozenset(("step", "zero_grad", "params")),
    torch_optim.Optimizer: frozenset(("step", "zero_grad", "param_groups", "add_param_group",
                                      "defaults")),
    torch_optim.LRScheduler: frozenset(("step", "get_last_lr", "last_epoch", "optimizer",
                                        "base_lrs", "step_size", "gamma")),
    Generator: frozenset(("manual_seed", "initial_seed", "seed", "get_state", "set_state")),
    devices.Device: frozenset(("type", "index")),
    pyplot.Axes: frozenset(pyplot.AXES_METHODS),
    pyplot.Figure: frozenset(pyplot.FIGURE_METHODS),
    numpyish.NDArray: frozenset(numpyish.ARRAY_NAMES),
    numpyish.NumpyGenerator: frozenset(numpyish.GENERATOR_NAMES),
    np.generic: frozenset(numpyish.SCALAR_METHODS) | frozenset(numpyish.SCALAR_PROPERTIES),
} | {cls: frozenset(names) for cls, names in torch_nn.ATTRIBUTES.items()})
# methods that live outside their object's class: a function of the object, then the arguments
OUTSIDE_METHODS = types.MappingProxyType({
    Tensor: {"numpy": numpyish.from_tensor},
    np.generic: numpyish.SCALAR_METHODS,
})
# names the real library has and this app does not offer: reading one says so, naming it
NOT_OFFERED = types.MappingProxyType({PYPLOT: pyplot.NOT_OFFERED,
                                      pyplot.Axes: pyplot.NOT_OFFERED})
# settable attributes, each with the check its new value must pass
WRITABLE = types.MappingProxyType({
    Value: frozenset(("data", "grad", "label")),
    tensor_module.Tensor: frozenset(("data", "grad", "requires_grad")),
    numpy_tensor.Tensor: frozenset(("data", "grad", "requires_grad")),
})
# what a torch.autograd.Function's class and ctx offer (the interpreter runs them)
FUNCTION_ATTRIBUTES = frozenset(("apply", "save_for_backward", "saved_tensors"))
# the attributes a mistyped one is compared with (a tensor's `x.gard` is closer to `grad` than to
# the chart's `grid`: the chart's names are suggested through `plt.`, the module)
SUGGESTED_ATTRIBUTES = frozenset().union(*(names for cls, names in READABLE.items()
                                           if cls not in (pyplot.Axes, pyplot.Figure)),
                                         FUNCTION_ATTRIBUTES)
ALL_ATTRIBUTES = frozenset().union(*READABLE.values(), *(ns.members for ns in MODULES.values()),
                                   *NOT_OFFERED.values(), FUNCTION_ATTRIBUTES)


_ALLOWED_CACHE = {}  # (table id, class) -> names: the tables are read-only


def _allowed(table, obj):
    key = (id(table), type(obj))
    names = _ALLOWED_CACHE.get(key)
    if names is None:
        names = frozenset()
        for cls in type(obj).__mro__:
            names = names | table.get(cls, frozenset())
        _ALLOWED_CACHE[key] = names
    return names


# what torch and Python call the types whose class names are ours alone
TYPE_NAMES = types.MappingProxyType({
    Namespace: "module", Function: "function", Method: "method", Size: "torch.Size",
    DType: "torch.dtype", GradFn: "grad_fn", ReturnTypes: "torch.return_types",
    Generator: "torch.Generator", devices.Device: "torch.device",
    numpyish.NDArray: "numpy.ndarray", numpyish.NumpyGenerator: "numpy.random.Generator",
    numpyish.NumpyDType: "ndarray.dtype", numpyish.ScalarType: "type",
} | {cls: "Parameter" for cls in torch_nn.PARAMETERS})


def type_name(obj):
    """What torch and Python call the type of ``obj`` (never the name of a class of ours)."""
    if isinstance(obj, np.generic):
        return f"numpy.{type(obj).__name__}"
    return TYPE_NAMES.get(type(obj), type(obj).__name__)


def get_attribute(obj, name):
    """``obj.name`` when the allow-list has it (a Method for methods); else an AttributeError."""
    if isinstance(obj, Namespace):
        if name in obj.members:
            return obj.members[name]
        if name in NOT_OFFERED.get(obj, ()):
            raise keyed(AttributeError, "plot.not_offered", name=f"{obj.name}.{name}",
                        offers=", ".join(sorted(obj.members)))
        close = suggest.respelled(name, obj.members)
        if close:
            raise keyed(AttributeError, "attr.module_member_close", name=f"{obj.name}.{name}",
                        close=f"{obj.name}.{close}")
        raise keyed(AttributeError, "attr.module_member", name=f"{obj.name}.{name}",
                    module=obj.name, offers=", ".join(sorted(obj.members)))
    key = (type(obj), name)
    kind = _ATTRIBUTE_KINDS.get(key)  # what the checks below found before for this type and name
    if kind is not None:  # (the allow-lists and the classes never change)
        return Method(obj, name) if kind else getattr(obj, name)
    if name not in _allowed(READABLE, obj):
        if name in NOT_OFFERED.get(type(obj), ()):
            raise keyed(AttributeError, "plot.not_offered", name=f"{type_name(obj)}.{name}",
                        offers=", ".join(sorted(_allowed(READABLE, obj))))
        raise keyed(AttributeError, "attr.missing", kind=type_name(obj), name=name)
    if isinstance(obj, np.generic) and name in numpyish.SCALAR_PROPERTIES:
        return numpyish.SCALAR_PROPERTIES[name](obj)
    if _outside_method(obj, name) or \
            isinstance(getattr(type(obj), name, None), types.FunctionType):
        if not isinstance(obj, np.generic):
            _ATTRIBUTE_KINDS[key] = True
        return Method(obj, name)
    if isinstance(obj, numpy_tensor.Tensor) and not hasattr(type(obj), name):
        raise keyed(ValueError, "level.unoffered", name=f"Tensor.{name}", level="tensor")
    if not isinstance(obj, np.generic):
        _ATTRIBUTE_KINDS[key] = False
    return getattr(obj, name)


def _outside_method(obj, name):
    for cls in type(obj).__mro__:
        if name in OUTSIDE_METHODS.get(cls, ()):
            return OUTSIDE_METHODS[cls][name]
    return None


_ATTRIBUTE_KINDS = {}  # (type, name) -> True: get_attribute gives a Method; False: the attribute
_METHOD_FUNCTIONS = {}  # (type, name) -> the function method_function found


def method_function(obj, name):
    """The function ``obj.name(...)`` calls, with ``obj`` as its first argument."""
    key = (type(obj), name)
    fn = _METHOD_FUNCTIONS.get(key)
    if fn is None:
        fn = _outside_method(obj, name) or getattr(type(obj), name)
        _METHOD_FUNCTIONS[key] = fn
    return fn


def set_attribute(obj, name, value):
    """``obj.name = value`` for the few settable attributes, with the value checked."""
    if name not in _allowed(WRITABLE, obj):
        raise keyed(AttributeError, "attr.read_only", kind=type_name(obj), name=name)
    if isinstance(obj, Value):
        if name == "label":
            if not isinstance(value, str):
                raise keyed(TypeError, "attr.label", kind=type_name(value))
        elif isinstance(value, numbers.Real):
            value = float(value)
        else:
            raise keyed(TypeError, "attr.value_number", name=name, kind=type_name(value))
    elif name == "requires_grad" and not isinstance(value, bool):
        raise keyed(TypeError, "attr.requires_grad")
    elif name == "grad" and value is not None and not isinstance(value, Tensor):
        raise keyed(TypeError, "attr.grad", kind=type_name(value))
    setattr(obj, name, value)


def instance_class(obj):
    """The class (or classes) `isinstance(x, obj)` tests for when `obj` names one (Value,
    nn.L1Loss, optim.SGD...)."""
    if obj is MICROGRAD_NAMES["Value"]:
        return Value
    if obj is TORCH.members["Tensor"]:  # a legacy constructor that also names the class
        return Tensor
    if isinstance(obj, numpyish.ScalarType):
        return obj.dtype.type
    if isinstance(obj, Function) and hasattr(obj.fn, "classes"):
        return obj.fn.classes  # an optimizer: torch's class, or the scalar engine's for Values
    fn = getattr(obj.fn, "__wrapped__", obj.fn) if isinstance(obj, Function) else None
    return fn if isinstance(fn, type) else None  # MLP's constructor wraps its class


def callable_name(func):
    """The cost model's name for a callable object, or None when it cannot be called."""
    if isinstance(func, Method) and func.name == "forward" and isinstance(func.obj, losses._Loss):
        return "loss"  # loss.forward(x, y) is the loss called
    if isinstance(func, (Function, Method)):
        return func.name
    if isinstance(func, losses._Loss):
        return "loss"
    if isinstance(func, nn.Module):
        return "module"
    if isinstance(func, numpyish.ScalarType):
        return "scalar_type"
    if isinstance(func, torch_nn.Module):
        return "torch_module"
    return None


def is_numpy(func):
    """Whether a callable is numpy's (its dtype arguments may be Python's float, int, bool)."""
    if isinstance(func, Function):
        return func.qualname.startswith("numpy.")
    if isinstance(func, Method):
        return isinstance(func.obj, (numpyish.NDArray, numpyish.NumpyGenerator, np.generic))
    return isinstance(func, numpyish.ScalarType)


def call(func, args, kwargs):
    """Call an engine callable (a Function, a Method, a loss or a model)."""
    if isinstance(func, Function):
        return func.fn(*args, **kwargs)
    if isinstance(func, Method):
        return method_function(func.obj, func.name)(func.obj, *args, **kwargs)
    return func(*args, **kwargs)


# --- the cost model: how many Values a call may create ---------------------------------------

# Values created per element of the tensor inputs, beyond the result's own elements: a reduction
# adds about one node per element, softmax about four, a loss at most ten (BCE with logits and
# both weights; cross-entropy with probabilities and label smoothing: nine), and an in-place op,
# whose result is its input, one per element when it records history.
INPUT_FACTOR = types.MappingProxyType(
    {"sum": 1, "mean": 2, "max": 2, "min": 2, "argmax": 2, "argmin": 2, "softmax": 5,
     "log_softmax": 5, "loss": 12, "add_": 1, "sub_": 1, "mul_": 1, "div_": 1}
    | {name: 12 for name in losses.FUNCTIONS}
)


def _int(x):
    """A size argument as the constructors take it (anything else they refuse: 0 here)."""
    return max(int(x), 0) if isinstance(x, numbers.Integral) and not isinstance(x, bool) else 0


def _neuron_nodes(nin):
    return 2 * _int(nin) + 1  # a mul and an add per input, then the activation


def _model_nodes(model):
    """Values one call of a Neuron, Layer or MLP creates."""
    if isinstance(model, nn.Neuron):
        return _neuron_nodes(len(model.w))
    if isinstance(model, nn.Layer):
        return sum(_neuron_nodes(len(n.w)) for n in model.neurons)
    return sum(_model_nodes(layer) for layer in model.layers)


def _parameter_count(name, args, kwargs):
    """The parameters a Neuron, Layer or MLP constructor will create, from its arguments."""
    nin = _int(args[0] if args else kwargs.get("nin"))
    if name == "Neuron":
        return nin + 1
    if name == "Layer":
        return (nin + 1) * _int(args[1] if len(args) > 1 else kwargs.get("nout"))
    nouts = args[1] if len(args) > 1 else kwargs.get("nouts")
    if not isinstance(nouts, (list, tuple, range)):  # a range is bounded by check_arguments
        return 0
    sizes = [nin] + [_int(n) for n in nouts]
    return sum((a + 1) * b for a, b in zip(sizes, sizes[1:], strict=False))


def _numel(x):
    return x.numel() if isinstance(x, Tensor) else 0


def cost_before(name, func, args, kwargs):
    """Values a call will create, known from its arguments (checked before the call runs)."""
    if name in INPUT_FACTOR:  # work on the inputs: a loss of 10**5 elements is refused unrun
        total = _numel(func.obj) if isinstance(func, Method) else 0
        if args or kwargs:
            total += sum(_numel(a) for a in (*args, *kwargs.values()))
        return INPUT_FACTOR[name] * total
    if name in ("MLP", "Layer", "Neuron"):
        return _parameter_count(name, args, kwargs)
    if name == "module":
        return _model_nodes(func)
    if name == "torch_module":
        return torch_module_nodes(func, args[0] if args else None)
    if name == "linear" and len(args) >= 2:
        return linear_nodes(args[0], args[1])
    if name == "step" and isinstance(func, Method) and isinstance(func.obj, torch_optim.Optimizer):
        # an update makes about a dozen elementwise results per parameter element
        return 12 * sum(_numel(p) for g in func.obj.param_groups for p in g["params"])
    if name == "matmul":
        operands = ((func.obj,) if isinstance(func, Method) else ()) + tuple(args)
        return matmul_cost(*operands[:2]) if len(operands) >= 2 else 0
    if name == "backward" and isinstance(func, Method) and isinstance(func.obj, Tensor):
        gradient = args[0] if args else kwargs.get("gradient")
        return 2 * _numel(gradient)
    return 0


def linear_nodes(x, weight):
    """Values ``F.linear(x, weight, bias)`` creates: the products and sums, then the bias."""
    if not (isinstance(x, Tensor) and isinstance(weight, Tensor)) or not x.dim() \
            or weight.dim() != 2:
        return 0
    rows = x.numel() // max(x.shape[-1], 1)
    return rows * weight.shape[0] * (2 * weight.shape[1] + 1)


def torch_module_nodes(module, x):
    """Values one call of a torch.nn module (a Sequential of them...) creates, followed through
    its layers from the input's size. The snippet's own modules are charged as their code runs."""
    if not isinstance(x, Tensor) or not x.dim():
        return 0
    rows = x.shape[0] if x.dim() > 1 else 1
    width = x.numel() // max(rows, 1)
    total = 0
    for m in module.modules():
        if isinstance(m, torch_nn.Linear):
            total += rows * m.out_features * (2 * m.in_features + 1)
            width = m.out_features
        elif isinstance(m, losses._Loss):
            total += INPUT_FACTOR["loss"] * rows * width
        elif type(m) in torch_nn.MODULES.values() and not isinstance(m, torch_nn.Sequential):
            total += 5 * rows * width  # an activation; softmax makes about five per element
    return total


def matmul_cost(a, b):
    """Values ``a @ b`` creates: a product and a sum node per term of every output element."""
    if not (isinstance(a, Tensor) and isinstance(b, Tensor)) or not a.dim() or not b.dim():
        return 0
    rows = a.shape[0] if a.dim() == 2 else 1
    cols = b.shape[1] if b.dim() == 2 else 1
    return 2 * rows * a.shape[-1] * cols


def cost_after(name, func, args, result):
    """Values a call created, seen from its result: its new elements (the work on its inputs was
    charged before the call)."""
    operands = ((func.obj,) if isinstance(func, Method) else ()) + tuple(args)
    if result.__class__ is Value:
        return 0 if any(result is a for a in operands) else 1
    if isinstance(result, ReturnTypes):
        result = result[1]  # the values are a view; the indices are a new tensor
    if not isinstance(result, Tensor):
        return 0
    if any(result is a for a in operands):
        return 0
    if isinstance(result, numpy_tensor.Tensor):  # the elements it holds, a view's too
        return result.numel()
    # a tensor that owns its Group holds Values this call made; a view shares its source's
    if result._owns_group:
        return result.numel()
    return 0


def view_slots(result, operands):
    """List slots a tensor result holds that are new but not new Values (a transpose, an index,
    a ``cat``, a clone that keeps history): what the items bound charges for it."""
    if isinstance(result, ReturnTypes):
        result = result[0]
    if not isinstance(result, tensor_module.Tensor) or result._owns_group:
        return 0
    slots = result.values()
    if any(isinstance(a, tensor_module.Tensor) and a.values() is slots for a in operands):
        return 0  # a reshape or view shares its source's list
    return len(slots)


def items_after(name, func, args, result):
    """List items and characters a call built that are not Values (views, ``tolist``, the lists
    of ``random``)."""
    operands = ((func.obj,) if isinstance(func, Method) else ()) + tuple(args)
    if name == "tolist" and isinstance(func.obj, Tensor):
        return func.obj.numel() + sizes.nested_lists(func.obj.shape)
    if name == "tolist" and isinstance(func.obj, numpyish.NDArray):
        return func.obj.size + sizes.nested_lists(func.obj.shape)
    return view_slots(result, operands) + items_built(func, result)


def size_of(obj):
    """How many numbers or parts printing, comparing or passing ``obj`` walks (lists aside)."""
    if isinstance(obj, str):
        return len(obj)
    if isinstance(obj, Tensor):
        return max(obj.numel(), 1)
    if isinstance(obj, numpyish.NDArray):
        return max(obj.size, 1)
    if isinstance(obj, ReturnTypes):
        return sum(size_of(t) for t in obj)
    if isinstance(obj, nn.Neuron):
        return 1
    if isinstance(obj, nn.Layer):
        return max(len(obj.neurons), 1)
    if isinstance(obj, nn.MLP):
        return max(sum(size_of(layer) for layer in obj.layers), 1)
    if isinstance(obj, torch_nn.Module):
        return max(sum(1 for _ in obj.modules()), 1)
    return 1


def items_built(func, result):
    """List items a call built that the snippet keeps (``random.choices``, ``random.sample``)."""
    if isinstance(func, Function) and func.qualname.startswith("random.") \
            and isinstance(result, list):
        return len(result)
    return 0


def fresh_elements(obj, name):
    """Values that reading the attribute ``obj.name`` creates (``.data`` is a new leaf)."""
    return obj.numel() if isinstance(obj, Tensor) and name == "data" else 0


def is_no_grad_context(obj):
    """Whether ``with obj:`` is one of the supported contexts (no_grad, enable_grad)."""
    return isinstance(obj, no_grad)
