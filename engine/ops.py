"""The op table: every scalar operation, its forward and its local derivatives, in one place.

Each entry says how to compute an op's output from its operands' data, and the derivative of
that output with respect to each operand (the "local derivative" that backward multiplies by the
upstream gradient and that the graph view writes on each edge).

Arithmetic follows IEEE 754 as PyTorch does: where plain Python raises (``math.exp(1000)``,
``1 / 0.0``, ``math.log(0)``), these functions return inf or nan instead.
"""

import math
import operator

INF = math.inf
NAN = math.nan


class Op:
    """One scalar operation: name, display symbol, torch's grad_fn name, forward, local derivatives.

    ``forward(*xs)`` takes the operands' floats. ``grads`` holds one formula per operand, as in
    PyTorch's derivatives.yaml: ``grads[i](*xs, out)`` is d(out)/d(operand i).
    """

    __slots__ = ("name", "symbol", "grad_fn", "arity", "forward", "grads", "formula", "d0", "d1")

    def __init__(self, name, symbol, grad_fn, forward, grads, formula):
        self.name = name
        self.symbol = symbol
        self.grad_fn = grad_fn
        self.arity = len(grads)
        self.forward = forward
        self.grads = grads
        self.formula = formula
        self.d0 = grads[0]
        self.d1 = grads[1] if self.arity == 2 else None

    def __repr__(self):
        return f"Op({self.name!r})"

    def __reduce__(self):
        # ops are singletons: a pickled graph refers to the table entry by name
        return (OPS.__getitem__, (self.name,))


# --- IEEE-safe primitives: return inf/nan where Python raises --------------------------------


def div(a, b):
    """a / b with IEEE results for a zero divisor (1/0 = inf, 0/0 = nan)."""
    try:
        return a / b
    except ZeroDivisionError:
        if a != a or a == 0.0:
            return NAN
        return math.copysign(INF, a) * math.copysign(1.0, b)


def _odd_integer(y):
    return y == y and abs(y) != INF and y == int(y) and int(y) % 2 == 1


def power(x, y):
    """x ** y as torch computes it in float64: inf on overflow, nan for a negative base and a fractional exponent."""
    try:
        return math.pow(x, y)
    except OverflowError:
        return -INF if x < 0 and _odd_integer(y) else INF
    except ValueError:
        if x == 0.0:  # 0 ** negative
            return math.copysign(INF, x) if _odd_integer(y) else INF
        return NAN


def exp(x):
    """e ** x, inf on overflow."""
    try:
        return math.exp(x)
    except OverflowError:
        return INF


def log(x):
    """Natural log: log(0) = -inf, log(negative) = nan."""
    try:
        return math.log(x)
    except ValueError:
        return -INF if x == 0.0 else NAN


def sqrt(x):
    """Square root: nan for a negative number."""
    try:
        return math.sqrt(x)
    except ValueError:
        return NAN


def sin(x):
    """Sine: nan at +-inf."""
    try:
        return math.sin(x)
    except ValueError:
        return NAN


def cos(x):
    """Cosine: nan at +-inf."""
    try:
        return math.cos(x)
    except ValueError:
        return NAN


def sigmoid(x):
    """Logistic function 1 / (1 + e^-x), computed without overflow for large |x|."""
    if x >= 0.0:
        return 1.0 / (1.0 + exp(-x))
    e = exp(x)
    return e / (1.0 + e)


def sign(x):
    """Sign as torch.sign: -1, 0 or 1 (0 at 0, nan stays nan)."""
    if x > 0.0:
        return 1.0
    if x < 0.0:
        return -1.0
    return x  # 0.0, -0.0 or nan


def relu(x):
    """max(x, 0), with relu(nan) = nan as torch."""
    return x if x > 0.0 or x != x else 0.0


def mul(a, b):
    """a * b, where inf * 0 is nan as in IEEE (never raises)."""
    return a * b


def _pow_dx(x, y, out):
    # d/dx x**y = y * x**(y-1), taken as 0 where y == 0 (torch masks it)
    return 0.0 if y == 0.0 else y * power(x, y - 1.0)


def _pow_dy(x, y, out):
    # d/dy x**y = x**y * log(x), taken as 0 where x == 0 and y >= 0 (torch masks it)
    return 0.0 if (x == 0.0 and y >= 0.0) else out * log(x)


# --- the table --------------------------------------------------------------------------------

OPS = {
    op.name: op
    for op in (
        # binary: one derivative formula per operand, f(x, y, out)
        Op("add", "+", "AddBackward0", operator.add,
           (lambda x, y, out: 1.0, lambda x, y, out: 1.0), "{0} + {1}"),
        Op("sub", "-", "SubBackward0", operator.sub,
           (lambda x, y, out: 1.0, lambda x, y, out: -1.0), "{0} - {1}"),
        Op("mul", "*", "MulBackward0", mul,
           (lambda x, y, out: y, lambda x, y, out: x), "{0} * {1}"),
        Op("div", "/", "DivBackward0", div,
           (lambda x, y, out: div(1.0, y), lambda x, y, out: -div(div(x, y), y)), "{0} / {1}"),
        Op("pow", "**", "PowBackward0", power, (_pow_dx, _pow_dy), "{0} ** {1}"),
        # unary: f(x, out)
        Op("neg", "-", "NegBackward0", operator.neg,
           (lambda x, out: -1.0,), "-{0}"),
        Op("exp", "exp", "ExpBackward0", exp,
           (lambda x, out: out,), "exp({0})"),  # d/dx e^x = e^x
        Op("log", "log", "LogBackward0", log,
           (lambda x, out: div(1.0, x),), "log({0})"),
        Op("tanh", "tanh", "TanhBackward0", math.tanh,
           (lambda x, out: 1.0 - out * out,), "tanh({0})"),  # d/dx tanh = 1 - tanh^2
        Op("sigmoid", "σ", "SigmoidBackward0", sigmoid,
           (lambda x, out: out * (1.0 - out),), "sigmoid({0})"),  # σ' = σ (1 - σ)
        Op("relu", "relu", "ReluBackward0", relu,
           (lambda x, out: 0.0 if out <= 0.0 else 1.0,), "relu({0})"),  # relu'(0) = 0 as torch
        Op("abs", "abs", "AbsBackward0", abs,
           (lambda x, out: sign(x),), "|{0}|"),  # abs'(0) = 0 as torch
        Op("sqrt", "sqrt", "SqrtBackward0", sqrt,
           (lambda x, out: div(1.0, 2.0 * out),), "sqrt({0})"),  # sqrt'(0) = inf
        Op("sin", "sin", "SinBackward0", sin,
           (lambda x, out: cos(x),), "sin({0})"),
        Op("cos", "cos", "CosBackward0", cos,
           (lambda x, out: -sin(x),), "cos({0})"),
    )
}
