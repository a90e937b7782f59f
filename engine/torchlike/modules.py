"""``torch.nn``'s modules: Module, Parameter, Linear, Sequential and the activations.

Written against the Tensor's public operations only, so they run on whichever Tensor the engine
has. A Module registers the Parameters and Modules assigned to it in assignment order, as
torch's ``__setattr__`` does, which fixes the order of ``parameters()``, ``state_dict()`` and
``print(model)``. Initialisation draws from the generator in torch's order, so
``torch.manual_seed(0); nn.Linear(3, 2).weight`` holds torch's numbers.
"""

import collections
import math
import numbers

from ..messages import keyed
from . import conv, init, levels, losses, numpy_losses, numpy_tensor, sampling
from . import tensor as tensor_module
from .levels import with_grad_fn
from .tensor import _TORCH_TYPE_NAMES
from .tensor import TensorBase as Tensor  # a tensor of either level


def _is_module(x):
    """A module of torch.nn: ours, or a loss module (a module without parameters)."""
    return isinstance(x, (Module, losses._Loss))


def _kind(x):
    """What torch calls the type of ``x`` in its errors (``torch.FloatTensor`` for a tensor)."""
    if isinstance(x, Tensor):
        return f"torch.{_TORCH_TYPE_NAMES[x.dtype]}Tensor"
    return type(x).__name__


def _add_indent(text, spaces):
    """Indent every line of ``text`` but the first (torch's ``_addindent``)."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    return lines[0] + "\n" + "\n".join(" " * spaces + line for line in lines[1:])


class Parameter(tensor_module.Tensor):
    """``nn.Parameter(data, requires_grad=True)``: a tensor a Module registers as its parameter.

    It shares ``data``'s elements, as torch's does, and prints as torch prints one. On the
    tensor level it is a ``TensorParameter`` (the same, over a numpy array).
    """

    __slots__ = ()

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            data = levels.zeros(0)
        if not isinstance(data, Tensor):
            raise keyed(TypeError, "nn.parameter_data", kind=type(data).__name__)
        p = data.detach()
        p.__class__ = TensorParameter if isinstance(p, numpy_tensor.Tensor) else cls
        return p.requires_grad_(requires_grad)

    def __init__(self, data=None, requires_grad=True):
        pass

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    __str__ = __repr__


class TensorParameter(numpy_tensor.Tensor):
    """``nn.Parameter`` on the tensor level."""

    __slots__ = ()

    def __init__(self, data=None, requires_grad=True):
        pass

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    __str__ = __repr__


PARAMETERS = (Parameter, TensorParameter)


class Module:
    """``nn.Module``: parameters and submodules registered by assignment, ``forward`` by call."""

    def __init__(self):
        object.__setattr__(self, "_parameters", {})
        object.__setattr__(self, "_modules", {})
        object.__setattr__(self, "training", True)

    # --- registration ---------------------------------------------------------------------------
    def __setattr__(self, name, value):
        params = self.__dict__.get("_parameters")
        if isinstance(value, PARAMETERS) or _is_module(value):
            if params is None:
                kind = "parameters" if isinstance(value, PARAMETERS) else "module"
                raise keyed(AttributeError, "nn.before_init", kind=kind)
            self.__dict__.pop(name, None)
            params.pop(name, None)
            self._modules.pop(name, None)
            (params if isinstance(value, PARAMETERS) else self._modules)[name] = value
            return
        if params is not None and name in params:
            if value is not None:
                raise keyed(TypeError, "nn.assign_parameter", kind=_kind(value), name=name)
            params[name] = None
            return
        if params is not None and name in self._modules:
            if value is not None:
                raise keyed(TypeError, "nn.assign_module", kind=type(value).__name__, name=name)
            self._modules[name] = None
            return
        object.__setattr__(self, name, value)

    def __getattr__(self, name):
        # reached only when ordinary lookup fails: the registered parameters and submodules
        d = self.__dict__
        for table in ("_parameters", "_modules"):
            if name in d.get(table, ()):
                return d[table][name]
        raise AttributeError(name)

    def add_module(self, name, module):
        """Register ``module`` under ``name`` (what an assignment does)."""
        if module is not None and not _is_module(module):
            raise keyed(TypeError, "nn.not_module", kind=type(module).__name__)
        self._modules[str(name)] = module

    def register_parameter(self, name, param):
        """Register ``param`` (a Parameter or None) under ``name``."""
        if param is not None and not isinstance(param, PARAMETERS):
            raise keyed(TypeError, "nn.assign_parameter", kind=_kind(param), name=name)
        self._parameters[name] = param

    # --- calling ---------------------------------------------------------------------------
    def forward(self, *args, **kwargs):
        """What calling the module computes (each module defines it)."""
        raise keyed(NotImplementedError, "nn.no_forward", name=self._get_name())

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    # --- walking ---------------------------------------------------------------------------------
    def named_modules(self, memo=None, prefix=""):
        """(name, module) of this module and every module below it, each once, depth first."""
        memo = set() if memo is None else memo
        if id(self) in memo:
            return
        memo.add(id(self))
        yield prefix, self
        for name, module in self._modules.items():
            if module is None:
                continue
            path = f"{prefix}.{name}" if prefix else name
            if isinstance(module, Module):
                yield from module.named_modules(memo, path)
            elif id(module) not in memo:
                memo.add(id(module))
                yield path, module

    def modules(self):
        """This module and every module below it."""
        for _, module in self.named_modules():
            yield module

    def named_children(self):
        """(name, module) of the direct submodules."""
        seen = set()
        for name, module in self._modules.items():
            if module is not None and id(module) not in seen:
                seen.add(id(module))
                yield name, module

    def children(self):
        """The direct submodules."""
        for _, module in self.named_children():
            yield module

    def named_parameters(self, prefix="", recurse=True, remove_duplicate=True):
        """(name, parameter) of every parameter, in registration order (``0.weight``...)."""
        seen = set()
        modules = self.named_modules(prefix=prefix) if recurse else [(prefix, self)]
        for path, module in modules:
            for name, p in getattr(module, "_parameters", {}).items():
                if p is None or (remove_duplicate and id(p) in seen):
                    continue
                seen.add(id(p))
                yield (f"{path}.{name}" if path else name), p

    def parameters(self, recurse=True):
        """Every parameter, in registration order (what an optimizer takes)."""
        for _, p in self.named_parameters(recurse=recurse):
            yield p

    def state_dict(self):
        """An OrderedDict of each parameter's name and data (detached: a copy to read)."""
        return collections.OrderedDict(
            (name, p.detach()) for name, p in self.named_parameters(remove_duplicate=False))

    # --- modes and gradients -----------------------------------------------------------------
    def train(self, mode=True):
        """Set training mode here and below (dropout and batch norm would read it); self."""
        if not isinstance(mode, bool):
            raise keyed(ValueError, "nn.train_mode", kind=type(mode).__name__)
        for module in self.modules():
            if isinstance(module, Module):
                object.__setattr__(module, "training", mode)
        return self

    def eval(self):
        """Evaluation mode: ``train(False)``; returns self."""
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        """Set requires_grad of every parameter; returns self."""
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none=True):
        """Forget every parameter's gradient (None), or zero it with ``set_to_none=False``."""
        for p in self.parameters():
            if p.grad is None:
                continue
            if set_to_none:
                p.grad = None
            else:
                p.grad.zero_()

    # --- dtype ---------------------------------------------------------------------------------
    def _convert(self, dtype):
        for module in self.modules():
            params = getattr(module, "_parameters", {})
            for name, p in params.items():
                if p is not None and p.dtype is not dtype:
                    params[name] = Parameter(p.detach().to(dtype), p.requires_grad)
        return self

    def double(self):
        """Parameters in float64; returns self."""
        return self._convert(tensor_module.float64)

    def float(self):
        """Parameters in float32; returns self."""
        return self._convert(tensor_module.float32)

    def to(self, *args, dtype=None, device=None):
        """``model.to(torch.float64)``, ``model.to('cpu')``: parameters converted; self."""
        for arg in args:
            if isinstance(arg, tensor_module.DType):
                dtype = arg
            else:
                levels.zeros(0).to(arg)  # the device check of tensors
        if device is not None:
            levels.zeros(0).to(device)
        return self._convert(dtype) if dtype is not None else self

    # --- printing ------------------------------------------------------------------------------
    def _get_name(self):
        return type(self).__name__

    def extra_repr(self):
        """The arguments shown inside the parentheses of ``print(model)``."""
        return ""

    def __repr__(self):
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [f"({name}): {_add_indent(repr(module), 2)}"
                       for name, module in self._modules.items()]
        lines = extra_lines + child_lines
        text = self._get_name() + "("
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                text += extra_lines[0]
            else:
                text += "\n  " + "\n  ".join(lines) + "\n"
        return text + ")"


def _size(name, n):
    if not isinstance(n, numbers.Integral) or isinstance(n, bool) or n < 0:
        raise keyed(ValueError, "nn.size", name=name, value=repr(n))
    return int(n)


class Linear(Module):
    """``nn.Linear(in_features, out_features, bias=True)``: y = x W^T + b."""

    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        self.in_features = _size("in_features", in_features)
        self.out_features = _size("out_features", out_features)
        if device is not None:
            levels.zeros(0).to(device)  # the device check of tensors: the CPU only
        self.weight = Parameter(levels.zeros(self.out_features, self.in_features, dtype=dtype))
        if bias:
            self.bias = Parameter(levels.zeros(self.out_features, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        """torch's initialisation: kaiming_uniform_(a=sqrt 5) for the weight, then the bias
        uniform in ±1/sqrt(in_features)."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in = self.in_features
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        """input @ weight.T + bias."""
        return linear(input, self.weight, self.bias)

    def extra_repr(self):
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"bias={self.bias is not None}")


class LinearCrossEntropyLoss(Module):
    """``nn.LinearCrossEntropyLoss(in_features, num_classes, *, out_features=())``: the cross
    entropy of ``target`` and the logits a Linear (no bias by default) makes of ``input``, its
    weight held flat as (num_classes * prod(out_features), in_features), as torch holds it; the
    logits take the shape (N, num_classes, *out_features) for the K-dimensional loss."""

    def __init__(self, in_features, num_classes, *, out_features=(), bias=False, device=None,
                 dtype=None, reduction="mean", weight=None, ignore_index=None,
                 label_smoothing=0.0, options=None):
        super().__init__()
        if options is not None:
            raise keyed(ValueError, "nn.lce_options")
        num_classes = _size("num_classes", num_classes)
        out_features = tuple(_size("out_features", n) for n in out_features)
        if weight is not None and tuple(weight.shape) != (num_classes,):
            raise keyed(ValueError, "nn.lce_weight", shape=list(weight.shape), n=num_classes)
        if not 0.0 <= label_smoothing <= 1.0:
            raise keyed(ValueError, "nn.lce_smoothing", value=label_smoothing)
        self.num_classes, self.out_features = num_classes, out_features
        self.reduction, self.loss_weight = reduction, weight
        self.ignore_index, self.label_smoothing = ignore_index, label_smoothing
        self.linear = Linear(in_features, math.prod(out_features, start=num_classes), bias=bias,
                             device=device, dtype=dtype)

    def forward(self, input, target):
        """cross_entropy(linear(input) shaped (N, C, *out_features), target)."""
        logits = self.linear(input)
        logits = logits.reshape(*input.shape[:-1], self.num_classes, *self.out_features)
        return _cross_entropy(logits, target, weight=self.loss_weight, reduction=self.reduction,
                              ignore_index=-100 if self.ignore_index is None
                              else self.ignore_index, label_smoothing=self.label_smoothing)

    def extra_repr(self):
        return (f"in_features={self.linear.in_features}, num_classes={self.num_classes}, "
                f"out_features={self.out_features}, bias={self.linear.bias is not None}, "
                f"reduction={self.reduction}, ignore_index={self.ignore_index}, "
                f"label_smoothing={self.label_smoothing}, options=None")


_cross_entropy = levels.by_level(losses.FUNCTIONS["cross_entropy"],
                                 numpy_losses.FUNCTIONS["cross_entropy"])


def linear(input, weight, bias=None):
    """``F.linear``: input @ weight.T + bias, with torch's ``grad_fn`` for each input shape."""
    if not isinstance(input, Tensor):
        raise keyed(TypeError, "nn.linear_input", kind=type(input).__name__)
    if input.dim() > 2:
        rows = input.reshape(-1, input.shape[-1])
        out = rows.matmul(weight.t())
        if bias is None:
            return with_grad_fn(out.reshape(*input.shape[:-1], out.shape[-1]),
                                "UnsafeViewBackward0")
        return (out + bias).reshape(*input.shape[:-1], out.shape[-1])
    out = input.matmul(weight.t())
    if bias is None:
        return out
    return with_grad_fn(out + bias, "AddmmBackward0" if input.dim() == 2 else "ViewBackward0")


class Sequential(Module):
    """``nn.Sequential(*modules)``: each module's output is the next one's input."""

    def __init__(self, *args):
        super().__init__()
        if len(args) == 1 and isinstance(args[0], collections.OrderedDict):
            for name, module in args[0].items():
                self.add_module(name, module)
        else:
            for i, module in enumerate(args):
                self.add_module(str(i), module)

    def forward(self, input):
        """Run the modules in order."""
        for module in self._modules.values():
            input = module(input)
        return input

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(list(self._modules.values()))

    def __getitem__(self, index):
        modules = list(self._modules.items())
        if isinstance(index, slice):
            return Sequential(collections.OrderedDict(modules[index]))
        if not isinstance(index, numbers.Integral) or isinstance(index, bool):
            raise keyed(TypeError, "nn.sequential_index", kind=type(index).__name__)
        if not -len(modules) <= index < len(modules):
            raise keyed(IndexError, "nn.sequential_range", index=index)
        return modules[index][1]

    def append(self, module):
        """Add ``module`` at the end; returns self."""
        self.add_module(str(len(self)), module)
        return self


class Identity(Module):
    """``nn.Identity()``: returns its input."""

    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input):
        """The input itself."""
        return input


class Flatten(Module):
    """``nn.Flatten(start_dim=1, end_dim=-1)``: one dimension per sample."""

    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input):
        """input.flatten(start_dim, end_dim)."""
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self):
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class _Activation(Module):
    """An elementwise activation module without options beyond ``inplace``."""

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class ReLU(_Activation):
    """``nn.ReLU()``: max(0, x)."""

    def forward(self, input):
        """relu(input)."""
        return input.relu()


class Sigmoid(Module):
    """``nn.Sigmoid()``: 1 / (1 + exp(-x))."""

    def forward(self, input):
        """sigmoid(input)."""
        return input.sigmoid()


class Tanh(Module):
    """``nn.Tanh()``."""

    def forward(self, input):
        """tanh(input)."""
        return input.tanh()


class LeakyReLU(Module):
    """``nn.LeakyReLU(negative_slope=0.01)``: x, or negative_slope * x below 0."""

    def __init__(self, negative_slope=0.01, inplace=False):
        super().__init__()
        self.negative_slope = negative_slope
        self.inplace = inplace

    def forward(self, input):
        """leaky_relu(input, negative_slope)."""
        return input.leaky_relu(self.negative_slope)

    def extra_repr(self):
        return f"negative_slope={self.negative_slope}" + (", inplace=True" if self.inplace else "")


class Softplus(Module):
    """``nn.Softplus(beta=1.0, threshold=20.0)``: log(1 + exp(beta x)) / beta."""

    def __init__(self, beta=1.0, threshold=20.0):
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def forward(self, input):
        """softplus(input, beta, threshold)."""
        return input.softplus(self.beta, self.threshold)

    def extra_repr(self):
        return f"beta={self.beta}, threshold={self.threshold}"


class Softmax(Module):
    """``nn.Softmax(dim=None)``: exp(x) / sum(exp(x)) along ``dim``."""

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        """softmax(input, dim)."""
        return levels.softmax(input, self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"


class LogSoftmax(Softmax):
    """``nn.LogSoftmax(dim=None)``: x - log(sum(exp(x))) along ``dim``."""

    def forward(self, input):
        """log_softmax(input, dim)."""
        return levels.log_softmax(input, self.dim)


# --- convolution networks ------------------------------------------------------------------------


def _tensor_level_only(name):
    """Refuse at once on the scalar level: its forward is the tensor level's alone, and drawing
    thousands of scalar weights first would only delay the tensor level's run."""
    if levels.current() == levels.SCALAR:
        raise keyed(ValueError, "level.unoffered", name=name, level=levels.SCALAR)


def _positive_pair(value, name):
    return value if isinstance(value, str) else conv._pair(value, name)


class Conv2d(Module):
    """``nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1,
    groups=1, bias=True)``: a 2-d convolution (tensor level only)."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1,
                 groups=1, bias=True, padding_mode="zeros", device=None, dtype=None):
        _tensor_level_only("Conv2d")
        super().__init__()
        self.in_channels = _size("in_channels", in_channels)
        self.out_channels = _size("out_channels", out_channels)
        if not isinstance(groups, numbers.Integral) or isinstance(groups, bool) or groups <= 0:
            raise keyed(ValueError, "conv.groups", value=repr(groups))
        for name, n in (("in_channels", self.in_channels), ("out_channels", self.out_channels)):
            if n % groups:
                raise keyed(ValueError, "conv.module_groups", name=name)
        self.kernel_size = conv._pair(kernel_size, "kernel_size")
        self.stride = conv._pair(stride, "stride")
        if isinstance(padding, str):
            if padding not in ("same", "valid"):
                raise keyed(ValueError, "conv.padding_string", value=padding)
            if padding == "same" and self.stride != (1, 1):
                raise keyed(ValueError, "conv.same_strided")
        self.padding = _positive_pair(padding, "padding")
        self.dilation = conv._pair(dilation, "dilation")
        self.groups = int(groups)
        if padding_mode != "zeros":
            raise keyed(ValueError, "level.unoffered", name=f"padding_mode={padding_mode!r}",
                        level=levels.current())
        self.padding_mode = padding_mode
        if device is not None:
            levels.zeros(0).to(device)
        self.weight = Parameter(levels.zeros(self.out_channels, self.in_channels // self.groups,
                                             *self.kernel_size, dtype=dtype))
        if bias:
            self.bias = Parameter(levels.zeros(self.out_channels, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        """torch's initialisation: kaiming_uniform_(a=sqrt 5) for the weight, then the bias
        uniform in ±1/sqrt(fan_in), fan_in = in_channels / groups * kernel area."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in = self.in_channels // self.groups * math.prod(self.kernel_size)
            if fan_in != 0:
                bound = 1 / math.sqrt(fan_in)
                init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        """conv2d(input, weight, bias, ...)."""
        return conv2d(input, self.weight, self.bias, self.stride, self.padding, self.dilation,
                      self.groups)

    def extra_repr(self):
        s = (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
             f"stride={self.stride}")
        if self.padding != (0, 0):
            s += f", padding={self.padding}"
        if self.dilation != (1, 1):
            s += f", dilation={self.dilation}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        return s


class MaxPool2d(Module):
    """``nn.MaxPool2d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False,
    ceil_mode=False)``: the largest number of each window."""

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False,
                 ceil_mode=False):
        _tensor_level_only("MaxPool2d")
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.dilation = dilation
        self.return_indices = return_indices
        self.ceil_mode = ceil_mode

    def forward(self, input):
        """max_pool2d(input, ...)."""
        return max_pool2d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                          ceil_mode=self.ceil_mode, return_indices=self.return_indices)

    def extra_repr(self):
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, ceil_mode={self.ceil_mode}")


class AvgPool2d(Module):
    """``nn.AvgPool2d(kernel_size, stride=None, padding=0, ceil_mode=False,
    count_include_pad=True, divisor_override=None)``: the mean of each window."""

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False,
                 count_include_pad=True, divisor_override=None):
        _tensor_level_only("AvgPool2d")
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad
        self.divisor_override = divisor_override

    def forward(self, input):
        """avg_pool2d(input, ...)."""
        return avg_pool2d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                          self.count_include_pad, self.divisor_override)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


def _embedding_scalar(input, weight, padding_idx=None, max_norm=None, norm_type=2.0,
                      scale_grad_by_freq=False, sparse=False):
    """F.embedding on the scalar level: the rows indexed, without padding_idx's gradient rule."""
    if padding_idx is not None or max_norm is not None or scale_grad_by_freq or sparse:
        raise keyed(ValueError, "level.unoffered", name="embedding's padding_idx",
                    level="scalar")
    if not isinstance(input, Tensor) or not isinstance(weight, Tensor):
        raise keyed(TypeError, "conv.input", name="embedding",
                    kind=type(input if not isinstance(input, Tensor) else weight).__name__)
    if input.dtype is not tensor_module.int64:
        raise keyed(ValueError, "conv.embedding_indices", kind=_TORCH_TYPE_NAMES[input.dtype])
    if weight.dim() != 2:
        raise keyed(ValueError, "conv.embedding_weight", n=weight.dim())
    rows = weight.shape[0]
    if any(not 0 <= i < rows for i in input.reshape(-1).tolist()):
        raise keyed(IndexError, "conv.embedding_range")
    return with_grad_fn(weight[input], "EmbeddingBackward0")


class Embedding(Module):
    """``nn.Embedding(num_embeddings, embedding_dim, padding_idx=None)``: a table of rows,
    looked up by index; its weight starts as normal_(0, 1), padding_idx's row zero."""

    def __init__(self, num_embeddings, embedding_dim, padding_idx=None, max_norm=None,
                 norm_type=2.0, scale_grad_by_freq=False, sparse=False, _weight=None,
                 _freeze=False, device=None, dtype=None):
        super().__init__()
        self.num_embeddings = _size("num_embeddings", num_embeddings)
        self.embedding_dim = _size("embedding_dim", embedding_dim)
        if padding_idx is not None:
            if not -self.num_embeddings <= padding_idx < self.num_embeddings:
                raise keyed(ValueError, "nn.padding_idx")
            if padding_idx < 0:
                padding_idx += self.num_embeddings
        self.padding_idx = padding_idx
        if max_norm is not None or scale_grad_by_freq or sparse or _weight is not None:
            raise keyed(ValueError, "level.unoffered", name="Embedding's max_norm, "
                        "scale_grad_by_freq, sparse and _weight", level=levels.current())
        self.max_norm = max_norm
        self.norm_type = norm_type
        self.scale_grad_by_freq = scale_grad_by_freq
        self.sparse = sparse
        if device is not None:
            levels.zeros(0).to(device)
        self.weight = Parameter(levels.zeros(self.num_embeddings, self.embedding_dim,
                                             dtype=dtype))
        self.reset_parameters()

    def reset_parameters(self):
        """torch's initialisation: normal_(0, 1), then padding_idx's row zero."""
        init.normal_(self.weight)
        if self.padding_idx is not None:
            with tensor_module.no_grad():
                self.weight[self.padding_idx].fill_(0)

    def forward(self, input):
        """embedding(input, weight, padding_idx)."""
        return embedding(input, self.weight, self.padding_idx)

    def extra_repr(self):
        s = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.padding_idx is not None:
            s += f", padding_idx={self.padding_idx}"
        return s


def _dropout_p(p):
    if isinstance(p, bool) or not isinstance(p, numbers.Real) or not 0 <= p <= 1:
        raise keyed(ValueError, "conv.dropout_p", p=p)
    return p


def dropout(input, p=0.5, training=True, inplace=False):
    """``F.dropout``: in training, each element zeroed with probability p (torch's
    ``bernoulli_(1 - p)`` draws) and the rest scaled by 1 / (1 - p); grad_fn MulBackward0."""
    _dropout_p(p)
    if not isinstance(input, Tensor):
        raise keyed(TypeError, "conv.input", name="dropout", kind=type(input).__name__)
    if not training or p == 0 or input.numel() == 0:
        return input
    level = numpy_tensor if isinstance(input, numpy_tensor.Tensor) else tensor_module
    if p == 1:
        zero = level.zeros((), dtype=input.dtype)
        return input.mul_(zero) if inplace else input * zero
    noise = sampling.bernoulli_(level.zeros_like(input), 1 - p)
    noise.div_(1 - p)
    return input.mul_(noise) if inplace else input * noise


class Dropout(Module):
    """``nn.Dropout(p=0.5, inplace=False)``: dropout while training, the input itself in
    eval mode."""

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        self.p = _dropout_p(p)
        self.inplace = inplace

    def forward(self, input):
        """dropout(input, p, training)."""
        return dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self):
        return f"p={self.p}, inplace={self.inplace}"


class ModuleList(Module):
    """``nn.ModuleList(modules)``: submodules held in a list, registered as 0, 1, 2..."""

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.extend(modules)

    def _index(self, index):
        if not isinstance(index, numbers.Integral) or isinstance(index, bool):
            raise keyed(TypeError, "nn.sequential_index", kind=type(index).__name__)
        n = len(self._modules)
        if not -n <= index < n:
            raise keyed(IndexError, "nn.sequential_range", index=index)
        return index % n

    def __getitem__(self, index):
        if isinstance(index, slice):
            return ModuleList(list(self._modules.values())[index])
        return list(self._modules.values())[self._index(index)]

    def __setitem__(self, index, module):
        self.add_module(str(self._index(index)), module)

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(list(self._modules.values()))

    def append(self, module):
        """Add ``module`` at the end; returns self."""
        self.add_module(str(len(self)), module)
        return self

    def extend(self, modules):
        """Add each of ``modules`` at the end; returns self."""
        for module in list(modules):
            self.append(module)
        return self

    def insert(self, index, module):
        """Put ``module`` before ``index``."""
        items = list(self._modules.values())
        items.insert(index, module)
        self._modules.clear()
        for i, m in enumerate(items):
            self.add_module(str(i), m)

    def forward(self, *args, **kwargs):
        """A ModuleList is not called: its modules are."""
        raise keyed(NotImplementedError, "nn.no_forward", name=self._get_name())

    def __repr__(self):
        # torch prints a run of equal modules once: (0-2): 3 x Linear(...)
        reprs = [repr(m) for m in self._modules.values()]
        if not reprs:
            return self._get_name() + "()"
        runs = []
        for i, r in enumerate(reprs):
            if runs and runs[-1][2] == r:
                runs[-1][1] = i
            else:
                runs.append([i, i, r])
        lines = []
        for start, end, r in runs:
            text = f"({start}): {r}" if start == end else \
                f"({start}-{end}): {end - start + 1} x {r}"
            lines.append(_add_indent(text, 2))
        return self._get_name() + "(\n  " + "\n  ".join(lines) + "\n)"


class ModuleDict(Module):
    """``nn.ModuleDict(modules)``: submodules held by name, in insertion order."""

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.update(modules)

    def __getitem__(self, key):
        if key not in self._modules:
            raise KeyError(key)
        return self._modules[key]

    def __setitem__(self, key, module):
        self.add_module(key, module)

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(list(self._modules))

    def __contains__(self, key):
        return key in self._modules

    def keys(self):
        """The names."""
        return list(self._modules)

    def values(self):
        """The modules."""
        return list(self._modules.values())

    def items(self):
        """(name, module) pairs."""
        return list(self._modules.items())

    def update(self, modules):
        """Add the (name, module) pairs of a dict or a list of pairs."""
        pairs = modules.items() if isinstance(modules, dict) else modules
        for key, module in pairs:
            self.add_module(key, module)

    def forward(self, *args, **kwargs):
        """A ModuleDict is not called: its modules are."""
        raise keyed(NotImplementedError, "nn.no_forward", name=self._get_name())


conv2d = levels.by_level(None, conv.conv2d)
max_pool2d = levels.by_level(None, conv.max_pool2d)
avg_pool2d = levels.by_level(None, conv.avg_pool2d)
embedding = levels.by_level(_embedding_scalar, conv.embedding)


MODULES = {
    cls.__name__: cls
    for cls in (Module, Parameter, Linear, Sequential, Identity, Flatten, ReLU, Sigmoid, Tanh,
                LeakyReLU, Softplus, Softmax, LogSoftmax, Conv2d, MaxPool2d, AvgPool2d, Embedding,
                Dropout, ModuleList, ModuleDict, LinearCrossEntropyLoss)
}
FUNCTIONS = {"linear": linear, "conv2d": conv2d, "max_pool2d": max_pool2d,
             "avg_pool2d": avg_pool2d, "embedding": embedding, "dropout": dropout}
# the modules a snippet may index (model[0])
INDEXABLE = (Sequential, ModuleList, ModuleDict)
# what a snippet may read of each module (beyond Module's own)
ATTRIBUTES = {
    Module: ("parameters", "named_parameters", "children", "named_children", "modules",
             "named_modules", "state_dict", "zero_grad", "train", "eval", "training",
             "requires_grad_", "forward", "add_module", "register_parameter", "double", "float",
             "to", "extra_repr"),
    Linear: ("weight", "bias", "in_features", "out_features", "reset_parameters"),
    Sequential: ("append",),
    Flatten: ("start_dim", "end_dim"),
    _Activation: ("inplace",),
    LeakyReLU: ("negative_slope", "inplace"),
    Softplus: ("beta", "threshold"),
    Softmax: ("dim",),
    Conv2d: ("weight", "bias", "in_channels", "out_channels", "kernel_size", "stride", "padding",
             "dilation", "groups", "padding_mode", "reset_parameters"),
    MaxPool2d: ("kernel_size", "stride", "padding", "dilation", "ceil_mode", "return_indices"),
    AvgPool2d: ("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad",
                "divisor_override"),
    Embedding: ("weight", "num_embeddings", "embedding_dim", "padding_idx", "reset_parameters"),
    Dropout: ("p", "inplace"),
    LinearCrossEntropyLoss: ("linear", "num_classes", "out_features", "reduction",
                             "ignore_index", "label_smoothing"),
    ModuleList: ("append", "extend", "insert"),
    ModuleDict: ("keys", "values", "items", "update"),
}
