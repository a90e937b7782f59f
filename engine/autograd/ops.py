"""The op table: every scalar operation, its forward and its local derivatives, in one place.

Each entry says how to compute an op's output from its operands' data, and the derivative of
that output with respect to each operand (the "local derivative" that backward multiplies by the
upstream gradient and that the graph view writes on each edge).

Arithmetic follows IEEE 754 as PyTorch does: where plain Python raises (``math.exp(1000)``,
``1 / 0.0``, ``math.log(0)``), these functions return inf or nan instead.
"""

import inspect
import math
import numbers
import operator
import struct

import numpy as np

from ..messages import keyed

INF = math.inf
NAN = math.nan
FLOAT32 = struct.Struct("f")  # packing a float into 4 bytes rounds it to float32


class Op:
    """One scalar operation: name, display symbol, torch's grad_fn name, forward, local derivatives.

    ``forward(*xs)`` takes the operands' floats. ``grads`` holds one formula per operand, as in
    PyTorch's derivatives.yaml: ``grads[i](*xs, out)`` is d(out)/d(operand i).

    ``np_forward`` and ``np_grads`` are the same formulas over numpy arrays (engine.tape runs a
    whole batch through them), element for element the IEEE results of the scalar versions; a
    grad may return a float that broadcasts. They default to the scalar formulas, which serve
    when those are plain arithmetic. Numpy warns where Python would raise (1/0, log(0),
    overflow): callers silence that with ``np.errstate(all="ignore")``.

    ``gate`` marks a unary op whose local derivative is a gate, 0 or 1, that torch's backward
    applies by selection rather than multiplication (relu): a closed gate passes no gradient at
    all, not even an inf or nan one, where a product would give inf * 0 = nan.

    What the rest of the engine generates from an entry:

    - ``torch``: the torch callable that computes it, for exported code (``torch.exp``,
      ``torch.nn.functional.softplus``); None for an operator, which is written with ``symbol``.
    - ``api``: where torch offers it to user code: ``"Tensor"`` (a method), ``"torch"``,
      ``"F"`` (torch.nn.functional). A unary op with an api is also a ``Value`` method and a
      ``Tensor`` method; snippets may call it where torch offers it.
    - ``dtype``: what an integer tensor gives: ``KEEP`` its dtype (abs), ``FLOAT`` float32 (exp),
      ``FLOAT_ONLY`` torch's refusal (softplus).
    - ``float32(*xs)``: torch's float32 kernel where it rounds between steps; by default a float32
      result is the float64 forward of float32 operands, rounded once.
    - ``float32_grads``: one formula per operand, ``(g, *xs, out) -> gradient``, that backward
      applies at a float32 node: torch's backward formula computed in float32, each step rounded,
      from the upstream gradient and the float32 operands and output. By default it is torch's
      rule for an op without its own: ``g * d`` with the local derivative rounded to float32
      (``g`` itself, or 0, through a gate).
    - ``params``: torch's keyword parameters and their defaults, ``(("beta", 1.0), ...)``; the
      formulas then take their values after the operands (``forward(x, beta)``,
      ``grads[0](x, out, beta)``), and ``bind`` gives the op for other values.
    """

    __slots__ = ("name", "symbol", "grad_fn", "arity", "forward", "grads", "formula", "d0", "d1",
                 "np_forward", "np_grads", "gate", "torch", "api", "dtype", "float32", "params",
                 "args", "float32_grads", "_raw")

    def __init__(self, name, symbol, grad_fn, forward, grads, formula, np_forward=None,
                 np_grads=None, gate=False, *, torch=None, api=(), dtype=None, float32=None,
                 float32_grads=None, params=()):
        self.name = name
        self.symbol = symbol
        self.grad_fn = grad_fn
        self.arity = len(grads)
        self.gate = gate
        self.torch = torch
        self.api = api
        self.dtype = dtype or FLOAT
        self.params = tuple(p for p, _ in params)
        if float32_grads is None:
            float32_grads = tuple(_float32_gate(d) if gate else _float32_product(d)
                                  for d in grads)
        self._raw = (forward, grads, forward if np_forward is None else np_forward,
                     grads if np_grads is None else np_grads, float32, formula, float32_grads)
        defaults = tuple(float(d) for _, d in params)
        self._bind_args(defaults, defaults)

    def _bind_args(self, args, defaults):
        forward, grads, np_forward, np_grads, float32, formula, float32_grads = self._raw
        self.args = args
        if args:  # the formulas get the parameters' values after their operands
            forward, np_forward = _with(forward, args), _with(np_forward, args)
            grads = tuple(_with(d, args) for d in grads)
            np_grads = tuple(_with(d, args) for d in np_grads)
            float32 = float32 and _with(float32, args)
            float32_grads = tuple(_with(d, args) for d in float32_grads)
            given = ", ".join(f"{p}={a:g}" for p, a, d in zip(self.params, args, defaults,
                                                               strict=True) if a != d)
            formula = formula.replace("{0}", "{0}, " + given) if given else formula
        self.forward = forward
        self.grads = grads
        self.np_forward = np_forward
        self.np_grads = np_grads
        self.float32 = float32
        self.float32_grads = float32_grads
        self.formula = formula
        self.d0 = grads[0]
        self.d1 = grads[1] if self.arity == 2 else None

    @property
    def kwargs(self):
        """The parameters' values, by name."""
        return dict(zip(self.params, self.args, strict=True))

    @property
    def signature(self):
        """The signature of this op's method, ``(self, beta=1.0, threshold=20.0)``: what a call
        is checked against before the op binds its parameters."""
        kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
        return inspect.Signature([inspect.Parameter("self", kind)] + [
            inspect.Parameter(name, kind, default=value) for name, value in self.kwargs.items()
        ])

    def bind(self, *args, **kwargs):
        """This op with parameters set as torch's signature takes them (the entry at defaults)."""
        values = OPS[self.name].kwargs
        if len(args) > len(values):
            raise keyed(TypeError, "call.too_many", call=f"{self.name}()", most=len(values) + 1,
                        given=len(args) + 1)
        values.update(zip(self.params, args))
        for key, value in kwargs.items():
            if key not in values:
                raise keyed(TypeError, "call.unexpected_keyword", call=f"{self.name}()", name=key)
            values[key] = value
        for key, value in values.items():
            if not isinstance(value, numbers.Real) or isinstance(value, bool):
                raise keyed(TypeError, "op.param_number", call=f"{self.name}()", name=key,
                            value=repr(value))
        entry = OPS[self.name]
        resolved = tuple(float(v) for v in values.values())
        if resolved == entry.args:
            return entry
        op = object.__new__(Op)
        for slot in Op.__slots__:
            setattr(op, slot, getattr(entry, slot))
        op._bind_args(resolved, entry.args)
        return op

    def __repr__(self):
        return f"Op({self.name!r})"

    def __reduce__(self):
        # ops are singletons: a pickled graph refers to the table entry by name (and parameters)
        return (_op_named, (self.name, self.args))


def _with(f, args):
    return lambda *xs: f(*xs, *args)


def _float32_product(d):
    # torch's rule for an op without its own: g times the local derivative rounded to float32
    return lambda g, *xs: to_float32(g * to_float32(d(*xs)))


def _float32_gate(d):
    return lambda g, *xs: g if d(*xs) else 0.0  # a gate selects the gradient, or nothing


def _op_named(name, args=()):
    return OPS[name].bind(*args)


KEEP, FLOAT, FLOAT_ONLY = "keep", "float", "float only"  # dtype rules for integer input


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
    """x ** y as torch computes it: inf on overflow, nan for a negative base and a fraction."""
    try:
        return math.pow(x, y)
    except OverflowError:
        return -INF if x < 0 and _odd_integer(y) else INF
    except ValueError:
        if x == 0.0:  # 0 ** negative
            return math.copysign(INF, x) if _odd_integer(y) else INF
        return NAN


def _np_power(x, y):
    """``power`` elementwise. numpy's power gives nan for -inf to a fraction, where C's pow (and
    torch's, and ``power``) gives inf for a positive fraction and 0 for a negative one."""
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        out = np.power(x, y)
        fraction = np.isneginf(x) & (np.asarray(y) != np.floor(y)) & np.isfinite(y)
        return np.where(fraction, np.where(np.asarray(y) > 0, INF, 0.0), out)


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
    """Sign as torch.sign: -1, 0 or 1, and 0 at -0.0 and at nan (so abs'(nan) = 0 as torch)."""
    if x > 0.0:
        return 1.0
    if x < 0.0:
        return -1.0
    return 0.0


def relu(x):
    """max(x, 0) as torch: relu(nan) = nan and relu(-0.0) = -0.0."""
    return 0.0 if x < 0.0 else x


def _pow_dx(x, y, out):
    # d/dx x**y = y * x**(y-1), taken as 0 where y == 0 (torch masks it)
    return 0.0 if y == 0.0 else y * power(x, y - 1.0)


def _pow_dy(x, y, out):
    # d/dy x**y = x**y * log(x), taken as 0 where x == 0 and y >= 0 (torch masks it)
    return 0.0 if (x == 0.0 and y >= 0.0) else out * log(x)


def power32(x, e):
    """x ** e for float32 x and a number e as torch's CPU kernel: small exponents multiply."""
    f = to_float32
    if e == 0.0:
        return 1.0
    if e == 1.0:
        return x
    if e == 2.0:
        return f(x * x)
    if e == 3.0:
        return f(f(x * x) * x)
    if e == -1.0:
        return f(div(1.0, x))
    if e == -2.0:
        return f(div(1.0, f(x * x)))
    if e == 0.5:
        return f(sqrt(x))
    if e == -0.5:
        return f(div(1.0, f(sqrt(x))))
    return f(power(x, e))


def _pow_dx32(g, x, y, out):
    # torch: grad * (exponent * self ** (exponent - 1)), 0 where the exponent is 0
    return 0.0 if y == 0.0 else to_float32(g * to_float32(y * power32(x, y - 1.0)))


def _pow_dx32_tensor(g, x, y, out):
    # the same with a tensor exponent: torch's power of two tensors, rounded once (its scalar
    # code; a tensor of 32 elements or more goes through SLEEF's powf, not reproduced here)
    f = to_float32
    return 0.0 if y == 0.0 else f(g * f(y * f(power(x, y - 1.0))))


def _pow_dy32(g, x, y, out):
    # torch: grad * (result * log(self)), the log rounded to float32; 0 where self is 0 and the
    # exponent is not negative
    f = to_float32
    return 0.0 if (x == 0.0 and y >= 0.0) else f(g * f(out * f(log(x))))


def _div_dy32(g, x, y, out):
    # torch: -grad * ((self / other) / other)
    f = to_float32
    return f(-g * f(div(f(div(x, y)), y)))


# --- the same over numpy arrays, for engine.tape: twins of the helpers that branch --------------


def np_sigmoid(x):
    """sigmoid over an array: both branches of ``sigmoid`` use e = e^-|x|, so neither overflows."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e))


def np_sign(x):
    """sign over an array, as ``sign``: -1, 0 or 1, and 0 at nan (np.sign keeps nan)."""
    return np.where(x > 0.0, 1.0, np.where(x < 0.0, -1.0, 0.0))


def np_relu(x):
    """relu over an array, as ``relu``: relu(nan) = nan, relu(-0.0) = -0.0."""
    return np.where(x < 0.0, 0.0, x)


def _np_pow_dx(x, y, out):
    return np.where(y == 0.0, 0.0, y * np.power(x, y - 1.0))  # as _pow_dx


def _np_pow_dy(x, y, out):
    return np.where((x == 0.0) & (y >= 0.0), 0.0, out * np.log(x))  # as _pow_dy


TENSOR_AND_TORCH = ("Tensor", "torch")  # x.exp() and torch.exp(x)
EVERYWHERE = ("Tensor", "torch", "F")  # also torch.nn.functional.relu(x)

# --- the table --------------------------------------------------------------------------------

OPS = {
    op.name: op
    for op in (
        # binary: one derivative formula per operand, f(x, y, out)
        Op("add", "+", "AddBackward0", operator.add,
           (lambda x, y, out: 1.0, lambda x, y, out: 1.0), "{0} + {1}",
           float32_grads=(lambda g, x, y, out: g, lambda g, x, y, out: g)),
        Op("sub", "-", "SubBackward0", operator.sub,
           (lambda x, y, out: 1.0, lambda x, y, out: -1.0), "{0} - {1}",
           float32_grads=(lambda g, x, y, out: g, lambda g, x, y, out: -g)),
        Op("mul", "*", "MulBackward0", operator.mul,
           (lambda x, y, out: y, lambda x, y, out: x), "{0} * {1}",
           float32_grads=(lambda g, x, y, out: to_float32(g * y),
                          lambda g, x, y, out: to_float32(g * x))),
        Op("div", "/", "DivBackward0", div,
           (lambda x, y, out: div(1.0, y), lambda x, y, out: -div(div(x, y), y)), "{0} / {1}",
           np.divide, (lambda x, y, out: np.divide(1.0, y),
                       lambda x, y, out: -np.divide(np.divide(x, y), y)),
           float32_grads=(lambda g, x, y, out: to_float32(div(g, y)), _div_dy32)),
        Op("pow", "**", "PowBackward0", power, (_pow_dx, _pow_dy), "{0} ** {1}",
           _np_power, (_np_pow_dx, _np_pow_dy),
           float32_grads=(_pow_dx32, _pow_dy32)),
        # unary: f(x, out)
        Op("neg", "-", "NegBackward0", operator.neg,
           (lambda x, out: -1.0,), "-{0}", dtype=KEEP,
           float32_grads=(lambda g, x, out: -g,)),
        Op("exp", "exp", "ExpBackward0", exp,
           (lambda x, out: out,), "exp({0})", np.exp,  # d/dx e^x = e^x
           torch="torch.exp", api=TENSOR_AND_TORCH,
           float32_grads=(lambda g, x, out: to_float32(g * out),)),  # torch: grad * result
        Op("log", "log", "LogBackward0", log,
           (lambda x, out: div(1.0, x),), "log({0})",
           np.log, (lambda x, out: np.divide(1.0, x),), torch="torch.log", api=TENSOR_AND_TORCH),
        Op("tanh", "tanh", "TanhBackward0", math.tanh,
           (lambda x, out: (1.0 - out) * (1.0 + out),), "tanh({0})",  # d/dx tanh = 1 - tanh^2
           np.tanh,  # factored: no cancellation where tanh is near +-1 (torch rounds once there)
           torch="torch.tanh", api=EVERYWHERE,  # torch: grad * (1 - y * y)
           float32_grads=(lambda g, x, out: to_float32(
               g * to_float32(1.0 - to_float32(out * out))),)),
        Op("sigmoid", "σ", "SigmoidBackward0", sigmoid,
           (lambda x, out: out * (1.0 - out),), "sigmoid({0})", np_sigmoid,  # σ' = σ (1 - σ)
           torch="torch.sigmoid", api=EVERYWHERE,  # torch: grad * (1 - y) * y, left to right
           float32_grads=(lambda g, x, out: to_float32(
               to_float32(g * to_float32(1.0 - out)) * out),)),
        Op("relu", "relu", "ReluBackward0", relu,
           (lambda x, out: 0.0 if out <= 0.0 else 1.0,), "relu({0})",  # relu'(0) = 0 as torch
           np_relu, (lambda x, out: np.where(out <= 0.0, 0.0, 1.0),), gate=True,
           torch="torch.relu", api=EVERYWHERE, dtype=KEEP),
        Op("abs", "abs", "AbsBackward0", abs,
           (lambda x, out: sign(x),), "|{0}|",  # abs'(0) = 0 as torch
           np.abs, (lambda x, out: np_sign(x),), torch="torch.abs", api=TENSOR_AND_TORCH,
           dtype=KEEP),
        Op("sqrt", "sqrt", "SqrtBackward0", sqrt,
           (lambda x, out: div(1.0, 2.0 * out),), "sqrt({0})",  # sqrt'(0) = inf
           np.sqrt, (lambda x, out: np.divide(1.0, 2.0 * out),), torch="torch.sqrt",
           api=TENSOR_AND_TORCH,  # torch: grad / (2 * result)
           float32_grads=(lambda g, x, out: to_float32(div(g, to_float32(2.0 * out))),)),
        Op("sin", "sin", "SinBackward0", sin,
           (lambda x, out: cos(x),), "sin({0})", np.sin, (lambda x, out: np.cos(x),),
           torch="torch.sin", api=TENSOR_AND_TORCH),
        Op("cos", "cos", "CosBackward0", cos,
           (lambda x, out: -sin(x),), "cos({0})", np.cos, (lambda x, out: -np.sin(x),),
           torch="torch.cos", api=TENSOR_AND_TORCH),
        # torch.square is x ** 2: PowBackward0, d/dx = 2x
        Op("square", "²", "PowBackward0", lambda x: x * x, (lambda x, out: 2.0 * x,), "{0}²",
           torch="torch.square", api=TENSOR_AND_TORCH, dtype=KEEP),
        # sign' = 0 everywhere, 0 itself included, as torch: no gradient passes, not even nan
        Op("sign", "sign", "SignBackward0", sign, (lambda x, out: 0.0,), "sign({0})",
           np_sign, (lambda x, out: 0.0,), gate=True, torch="torch.sign", api=TENSOR_AND_TORCH,
           dtype=KEEP),
    )
}


# --- ops the losses need, with torch's own forward and backward formulas ----------------------

# torch's floor on x (1 - x) in the BCE gradient: its 1e-12 is declared float, so this is float32's
BCE_EPSILON = 9.999999960041972e-13
BCE_LOG_FLOOR = -100.0  # torch clamps BCE's logs here, so log(0) costs 100 instead of inf


def log1p(x):
    """log(1 + x), accurate for small x: log1p(-1) = -inf, nan below -1."""
    try:
        return math.log1p(x)
    except ValueError:
        return -INF if x == -1.0 else NAN


def log1p_exp(x):
    """log(1 + e^x) in full, without overflow: max(x, 0) + log1p(e^-|x|)."""
    return max(x, 0.0) + log1p(exp(-abs(x))) if x == x else NAN


def bce(x, y):
    """Binary cross-entropy of a probability x against a target y, logs clamped at -100 as torch."""
    return (y - 1.0) * max(log1p(-x), BCE_LOG_FLOOR) - y * max(log(x), BCE_LOG_FLOOR)


def _bce_dx(x, y, out):
    # torch's backward, not the derivative of the clamped forward: (x - y) / max(x (1 - x), eps)
    return div(x - y, max((1.0 - x) * x, BCE_EPSILON))


def _bce_dy(x, y, out):
    # d/dy = log(1 - x) - log(x) = -logit(x), unclamped as torch
    return -log(div(x, 1.0 - x))


def bce_logits(x, y):
    """Binary cross-entropy of sigmoid(x) against y, from the logit: (1 - y) x + log(1 + e^-x)."""
    return (1.0 - y) * x + log1p_exp(-x)


def to_float32(x):
    """The float32 value nearest to x, as torch stores it (inf beyond float32's range)."""
    try:
        return FLOAT32.unpack(FLOAT32.pack(x))[0]
    except OverflowError:
        return math.copysign(INF, x)


def bce_logits_float32(x, y):
    """torch's float32 BCE-with-logits kernel, (1 - y) x - log_sigmoid(x), rounding each step."""
    # float64 rounded once keeps a residue float32 steps do not (x = -30, y = 0: -30 +
    # 30.0000000000000924 is 9.2e-14 in float64 and 0 in float32)
    f = to_float32
    return f(f(f(1.0 - y) * x) + f(log1p_exp(-x)))


def _np_log1p_exp(x):
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))  # as log1p_exp; nan stays nan


def _np_bce_logits(x, y):
    return (1.0 - y) * x + _np_log1p_exp(-x)  # as bce_logits


def _np_bce(x, y):
    floor = BCE_LOG_FLOOR  # np.maximum keeps nan, as max(nan, floor) does
    return (y - 1.0) * np.maximum(np.log1p(-x), floor) - y * np.maximum(np.log(x), floor)


def _np_bce_dx(x, y, out):
    return np.divide(x - y, np.maximum((1.0 - x) * x, BCE_EPSILON))  # as _bce_dx


def _np_bce_dy(x, y, out):
    return -np.log(np.divide(x, 1.0 - x))  # as _bce_dy




def softplus(x, beta, threshold):
    """torch's F.softplus: log(1 + e^(beta x)) / beta, and x itself where beta x > threshold."""
    return x if x * beta > threshold else div(log1p(exp(x * beta)), beta)


def _softplus_dx(x, out, beta, threshold):
    # d/dx = e^(beta x) / (e^(beta x) + 1), and 1 above the threshold, as torch's backward
    if x * beta > threshold:
        return 1.0
    z = exp(x * beta)
    return div(z, z + 1.0)


def _np_softplus(x, beta, threshold):
    return np.where(x * beta > threshold, x, np.divide(np.log1p(np.exp(x * beta)), beta))


def _np_softplus_dx(x, out, beta, threshold):
    z = np.exp(x * beta)
    return np.where(x * beta > threshold, 1.0, np.divide(z, z + 1.0))


def _softplus_float32(x, beta, threshold):
    # torch's float32 kernel: beta and threshold as float32, each step rounded
    f = to_float32
    b, z = f(beta), f(x * f(beta))
    return x if z > f(threshold) else f(f(log1p(f(exp(z)))) / b)


def _softplus_dx32(g, x, out, beta, threshold):
    # torch's float32 softplus_backward: grad where beta x > threshold, else grad * z / (z + 1)
    f = to_float32
    z = f(x * f(beta))
    if z > f(threshold):
        return g
    e = f(exp(z))
    return f(div(f(g * e), f(e + 1.0)))


def _variant(op, **slots):
    """``op`` with some slots replaced: the same op to labels, exports and pickles."""
    v = object.__new__(Op)
    for slot in Op.__slots__:
        setattr(v, slot, slots.get(slot, getattr(op, slot)))
    return v


# x ** y where y is a tensor's element: torch computes the power of two tensors, which rounds
# x ** (y - 1) once where a number exponent multiplies (x * x * x); only float32 shows it
POW_TENSOR_EXPONENT = _variant(OPS["pow"], float32_grads=(_pow_dx32_tensor, _pow_dy32))


OPS["softplus"] = Op("softplus", "softplus", "SoftplusBackward0", softplus, (_softplus_dx,),
                     "softplus({0})", _np_softplus, (_np_softplus_dx,),
                     torch="torch.nn.functional.softplus", api=("F",), dtype=FLOAT_ONLY,
                     float32=_softplus_float32, float32_grads=(_softplus_dx32,),
                     params=(("beta", 1.0), ("threshold", 20.0)))
OPS["log1p"] = Op("log1p", "log1p", "Log1PBackward0", log1p,
                  (lambda x, out: div(1.0, x + 1.0),), "log(1 + {0})",  # d/dx = 1 / (1 + x)
                  np.log1p, (lambda x, out: np.divide(1.0, x + 1.0),), torch="torch.log1p",
                  api=TENSOR_AND_TORCH,  # torch: grad / (self + 1)
                  float32_grads=(lambda g, x, out: to_float32(div(g, to_float32(x + 1.0))),))
# torch's F.leaky_relu: x where x > 0, else negative_slope * x; its slope at 0 is negative_slope
OPS["leaky_relu"] = Op(
    "leaky_relu", "leaky_relu", "LeakyReluBackward0",
    lambda x, slope: x if x > 0.0 else x * slope,
    (lambda x, out, slope: 1.0 if x > 0.0 else slope,), "leaky_relu({0})",
    lambda x, slope: np.where(x > 0.0, x, x * slope),
    (lambda x, out, slope: np.where(x > 0.0, 1.0, slope),),
    torch="torch.nn.functional.leaky_relu", api=("F",), dtype=FLOAT_ONLY,
    float32=lambda x, slope: x if x > 0.0 else x * to_float32(slope),  # torch's float32 slope
    params=(("negative_slope", 0.01),),
)
OPS["bce"] = Op("bce", "bce", "BinaryCrossEntropyBackward0", bce, (_bce_dx, _bce_dy),
                "bce({0}, {1})", _np_bce, (_np_bce_dx, _np_bce_dy),
                torch="torch.nn.functional.binary_cross_entropy")
# d/dx = sigmoid(x) - y in one piece, as torch's backward: summing the two terms' derivatives
# (1 - y) - sigmoid(-x) would cancel to 0 where sigmoid(x) is tiny (x = -50)
OPS["bce_logits"] = Op("bce_logits", "bce_logits", "BinaryCrossEntropyWithLogitsBackward0",
                       bce_logits,
                       (lambda x, y, out: sigmoid(x) - y, lambda x, y, out: -x),
                       "bce_logits({0}, {1})", _np_bce_logits,
                       (lambda x, y, out: np_sigmoid(x) - y, lambda x, y, out: -x),
                       torch="torch.nn.functional.binary_cross_entropy_with_logits",
                       float32=bce_logits_float32)
