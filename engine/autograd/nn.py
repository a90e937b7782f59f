"""A micrograd-style multilayer perceptron on Values: Neuron, Layer, MLP.

The interface is micrograd's (``model(x)``, ``parameters()``, ``zero_grad()``), with a choice of
activation and a seed for reproducible initialisation. Weights start uniform in [-1, 1] and biases
at 0, drawn in micrograd's order, so ``MLP(2, [16, 16, 1], seed=s)`` holds the same numbers as
micrograd's ``MLP(2, [16, 16, 1])`` after ``random.seed(s)``.
"""

import numbers
import random

from ..messages import keyed
from .ops import OPS
from .value import Value, _operand

ACTIVATIONS = ("tanh", "relu", "sigmoid")  # the op-table entries a neuron can apply
_NEURON_NAMES = {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid"}
_ADD = OPS["add"]
_MUL = OPS["mul"]


def _rng(seed):
    # an int or None seeds a private generator; a Random is passed on (an MLP's layers share one)
    return seed if isinstance(seed, random.Random) else random.Random(seed)


def _size(name, n):
    """A layer size: a whole number of at least 0 (micrograd's ``range(n)`` would take less)."""
    if not isinstance(n, numbers.Integral) or isinstance(n, bool) or n < 0:
        raise keyed(ValueError, "model.size", name=name, value=repr(n))
    return int(n)


def _inputs(x):
    """The inputs as Values or float constants (a number stays a constant, as in ``w * 2.0``)."""
    xs = [x] if x.__class__ is Value or isinstance(x, numbers.Real) else list(x)
    for i, xi in enumerate(xs):
        if xi.__class__ is not Value:
            xs[i] = _operand(xi)
            if xs[i] is None:
                raise keyed(TypeError, "model.input_type", kind=type(xi).__name__, value=repr(xi))
    return xs


class Module:
    """Base class: anything with parameters."""

    def zero_grad(self):
        """Set every parameter's gradient to 0."""
        for p in self.parameters():
            p.grad = 0.0

    def parameters(self):
        """The trainable Values, in a fixed order."""
        return []


class Neuron(Module):
    """One neuron: act(w . x + b), or the plain sum when ``nonlin`` is false."""

    def __init__(self, nin, nonlin=True, activation="relu", seed=None):
        if activation not in ACTIVATIONS:
            raise keyed(ValueError, "model.activation", choices=", ".join(ACTIVATIONS),
                        value=repr(activation))
        rng = _rng(seed)
        self.w = [Value(rng.uniform(-1, 1)) for _ in range(_size("nin", nin))]
        self.b = Value(0.0)
        self.nonlin = nonlin
        self.activation = activation

    def __call__(self, x):
        return self._forward(_inputs(x))

    def _forward(self, xs):
        if len(xs) != len(self.w):
            raise keyed(ValueError, "model.inputs", n=len(self.w), got=len(xs))
        # b + w0*x0 + w1*x1 + ..., built as micrograd's sum(..., b) builds it: one mul and one
        # add node per input, no node for a starting 0. Nodes are made directly (the data is the
        # op's float arithmetic, which never raises) to skip the operator dispatch.
        act = self.b
        for w, xi in zip(self.w, xs, strict=True):
            if xi.__class__ is Value:
                m = Value(w.data * xi.data, "", _MUL, w, xi)
            else:
                m = Value(w.data * xi, "", _MUL, w, xi)
            act = Value(act.data + m.data, "", _ADD, act, m)
        if not self.nonlin:
            return act
        return getattr(act, self.activation)()

    def parameters(self):
        """The weights, then the bias."""
        return self.w + [self.b]

    def __repr__(self):
        kind = _NEURON_NAMES[self.activation] if self.nonlin else "Linear"
        return f"{kind}Neuron({len(self.w)})"


class Layer(Module):
    """``nout`` neurons reading the same inputs."""

    def __init__(self, nin, nout, nonlin=True, activation="relu", seed=None):
        rng = _rng(seed)
        _size("nin", nin)
        self.neurons = [Neuron(nin, nonlin, activation, rng) for _ in range(_size("nout", nout))]

    def __call__(self, x):
        out = self._forward(_inputs(x))
        return out[0] if len(out) == 1 else out

    def _forward(self, xs):
        return [n._forward(xs) for n in self.neurons]

    def parameters(self):
        """Every neuron's parameters, neuron by neuron."""
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self):
        return f"Layer of [{', '.join(str(n) for n in self.neurons)}]"


class MLP(Module):
    """Layers of sizes ``nouts`` on ``nin`` inputs; hidden layers apply ``activation``."""

    def __init__(self, nin, nouts, activation="relu", seed=None):
        rng = _rng(seed)
        sizes = [_size("nin", nin)] + [_size("nouts", n) for n in nouts]
        self.layers = [
            Layer(sizes[i], sizes[i + 1], i != len(nouts) - 1, activation, rng)
            for i in range(len(nouts))
        ]

    def __call__(self, x):
        xs = _inputs(x)
        for layer in self.layers:
            xs = layer._forward(xs)
        return xs[0] if len(xs) == 1 else xs

    def parameters(self):
        """Every layer's parameters, layer by layer."""
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self):
        return f"MLP of [{', '.join(str(layer) for layer in self.layers)}]"
