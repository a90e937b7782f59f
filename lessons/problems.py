"""Problems for gradient descent (functions, regression, classification) and the training loop.

A problem runs on one of two engines; the training loop (``Run``) does not know which:

- ``"tape"``: one sample's scalar graph, a loss Value built from leaf Values for the sample's
  inputs (the data columns) and for the parameters. ``engine.tape`` compiles that graph once into
  a numpy program over a whole batch, so a training step is one tape run plus one optimizer step
  (``engine.autograd.optim``), not a fresh scalar graph per sample. The graph is traced once with
  the first sample's numbers, so every formula here is written with ops only (relu, abs, exp,
  log), never with Python ``if`` on data: a branch taken while tracing would be baked into the
  program for every other sample.
- ``"tensor"``: the same model as a few float64 tensor-level operations per step
  (``engine.torchlike``: ``X @ W + b`` per layer, torch's loss functions, ``backward()``) and
  torch.optim's updates on the tensor level, from the same initial parameters.

Both give the same loss curve to float64 rounding; ``choose_engine`` picks the faster one for a
problem from the measurements of ``bench.bench_descent``.
"""

import math
import random
from dataclasses import dataclass, field

import numpy as np

from engine.autograd import optim as scalar_optim
from engine.autograd.nn import MLP
from engine.autograd.ops import OPS
from engine.autograd.tape import Tape
from engine.autograd.value import Value, topological_order
from engine.torchlike import levels
from engine.torchlike import numpy_tensor as nt
from engine.torchlike import optim as tensor_optim
from engine.torchlike.numpy_losses import FUNCTIONS as TENSOR_LOSSES
from engine.torchlike.tensor import float64, int64, no_grad

DATASETS = ("moons", "circles", "xor", "spiral", "blobs")
REGRESSION_DATA = ("line", "quadratic", "sine")
MODELS = ("line", "polynomial", "mlp")
REGRESSION_LOSSES = ("mse", "l1", "huber")
CLASSIFICATION_LOSSES = ("cross_entropy", "bce", "hinge")
OPTIMIZERS = ("sgd", "adam")
ENGINES = ("tape", "tensor")

HUBER_DELTA = 1.0  # torch.nn.HuberLoss's default
MAX_FUNCTION_NODES = 2_000  # a learner's expression larger than this is refused, not compiled
DIVERGENCE_FACTOR = 1e6  # a loss this many times its starting value stops the run
SOFTPLUS = OPS["softplus"]
STOP_REASONS = ("nan", "inf", "gradient", "grew", "unbounded")  # why a run can stop early


@dataclass(frozen=True)
class FunctionPreset:
    """A named function of x and y: its expression, a start point and the window to draw."""

    expr: str
    start: tuple
    window: tuple  # ((x_min, x_max), (y_min, y_max))
    minima: tuple = ()  # known minimisers, drawn as stars


FUNCTIONS = {
    "bowl": FunctionPreset("x**2 + y**2", (-2.5, 2.0), ((-3, 3), (-3, 3)), ((0.0, 0.0),)),
    "elongated": FunctionPreset(
        "x**2 + 20*y**2", (-2.5, 1.0), ((-3, 3), (-1.5, 1.5)), ((0.0, 0.0),)
    ),
    "rosenbrock": FunctionPreset(
        "(1 - x)**2 + 100*(y - x**2)**2", (-1.5, 2.0), ((-2, 2), (-1, 3)), ((1.0, 1.0),)
    ),
    "saddle": FunctionPreset("x**2 - y**2", (-2.0, 0.01), ((-3, 3), (-3, 3))),
    "himmelblau": FunctionPreset(
        "(x**2 + y - 11)**2 + (x + y**2 - 7)**2",
        (0.0, 0.0),
        ((-5, 5), (-5, 5)),
        ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848127)),
    ),
}


# --- data -----------------------------------------------------------------------------------


def classification_data(name, n=100, noise=0.1, seed=0):
    """Two-class 2-D points: (X of shape (n, 2), labels of shape (n,) in {0., 1.}), from a seed."""
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}: choose one of {', '.join(DATASETS)}")
    rng = np.random.default_rng(seed)
    labels = (np.arange(n) % 2).astype(float)  # alternate classes: balanced for any n
    one = labels == 1
    if name == "moons":  # sklearn's make_moons: an upper arc and a lower arc shifted right
        t = rng.uniform(0, np.pi, n)
        points = np.stack(
            [np.where(one, 1 - np.cos(t), np.cos(t)), np.where(one, 0.5 - np.sin(t), np.sin(t))], 1
        )
    elif name == "circles":  # inner circle (class 1) inside an outer ring
        t = rng.uniform(0, 2 * np.pi, n)
        radius = np.where(one, 0.5, 1.0)
        points = np.stack([radius * np.cos(t), radius * np.sin(t)], 1)
    elif name == "xor":  # class 1 where the coordinates have the same sign
        points = rng.uniform(-1, 1, (n, 2))
        labels = (points[:, 0] * points[:, 1] > 0).astype(float)
    elif name == "spiral":  # two interleaved arms, half a turn apart
        t = rng.uniform(0.15, 1.0, n)
        angle = 3 * np.pi * t + np.where(one, np.pi, 0.0)
        points = np.stack([t * np.cos(angle), t * np.sin(angle)], 1)
    else:  # blobs: two Gaussian clouds
        centres = np.where(one[:, None], [1.0, 1.0], [-1.0, -1.0])
        points = centres + rng.normal(0, 0.6, (n, 2))
    return points + rng.normal(0, noise, (n, 2)), labels


def regression_data(name, n=40, noise=0.1, seed=0):
    """Noisy points (x, y) on a line, a parabola or a sine, x in [-1, 1], from a seed."""
    curves = {
        "line": lambda x: 1.5 * x - 0.5,
        "quadratic": lambda x: 2 * x**2 - 1,
        "sine": lambda x: np.sin(np.pi * x),
    }
    if name not in curves:
        raise ValueError(f"unknown data {name!r}: choose one of {', '.join(REGRESSION_DATA)}")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-1, 1, n))
    return x, curves[name](x) + rng.normal(0, noise, n)


# --- losses of one sample, written branch-free (see the module docstring) -----------------


def softplus(u):
    """log(1 + e^u) as one node of the op table's softplus (stable, and its slope at 0 is 1/2)."""
    return Value(SOFTPLUS.forward(u.data), "", SOFTPLUS, u)


def regression_loss(name, prediction, target):
    """One sample's MSE, L1 or Huber loss (torch's formulas, delta = 1)."""
    r = prediction - target
    if name == "mse":
        return r * r
    if name == "l1":
        return r.abs()
    if name == "huber":
        # q = min(|r|, delta); huber = q^2/2 + delta*(|r| - q), which is |r|^2/2 inside the
        # delta band and delta*(|r| - delta/2) outside it
        a = r.abs()
        q = HUBER_DELTA - (HUBER_DELTA - a).relu()
        return 0.5 * q * q + HUBER_DELTA * (a - q)
    raise ValueError(f"unknown loss {name!r}: choose one of {', '.join(REGRESSION_LOSSES)}")


def classification_loss(name, score, label):
    """One sample's cross-entropy, BCE-with-logits or hinge loss; label is 0 or 1.

    ``score`` is the logit of class 1 (for cross-entropy: the difference of the two logits,
    since softmax over two logits depends only on l1 - l0).
    """
    if name == "cross_entropy":
        # -log softmax(l)[label] = softplus(l_other - l_label) = softplus((1 - 2*label) * (l1 - l0))
        return softplus((1 - 2 * label) * score)
    if name == "bce":
        # torch's BCEWithLogits: log(1 + e^z) - label*z
        return softplus(score) - label * score
    if name == "hinge":
        # max(0, 1 - s*z) with the sign s = 2*label - 1 in {-1, +1}
        return (1 - (2 * label - 1) * score).relu()
    raise ValueError(f"unknown loss {name!r}: choose one of {', '.join(CLASSIFICATION_LOSSES)}")


# a sample is classified correctly exactly when its loss is below this: for cross-entropy and
# BCE p(label) > 1/2 <=> loss < log 2; for hinge s*z > 0 <=> loss < 1
CORRECT_BELOW = {"cross_entropy": math.log(2), "bce": math.log(2), "hinge": 1.0}


# --- problems --------------------------------------------------------------------------------


@dataclass
class Problem:
    """What every problem has, on either engine: its data, parameter names and loss.

    Each engine's problem (``TapeProblem``, ``TensorProblem``) adds what ``Run`` and the page
    call: ``evaluate(rows)`` (each sample's loss and the mean's gradients, a float per name),
    ``predict(points)``, ``values()``/``set_values(numbers)`` in the order of ``names``, and
    ``optimizer(**settings)``/``update(optimizer, grads)`` for a step.
    """

    kind: str  # "function", "regression" or "classification"
    data: np.ndarray  # (n, columns): the inputs, then the target (none for a function)
    names: list  # a readable name per parameter, in the order of values() and the gradients
    loss_name: str = ""
    correct_below: float = None  # classification: the per-sample loss threshold of a right answer

    def confidence(self, points):
        """Classification: how sure the model is of class 1 at each point, from 0 to 1."""
        z = self.predict(points)
        if self.loss_name == "hinge":  # no probabilities: the margin band -1..1 spans the range
            return np.clip((z + 1) / 2, 0.0, 1.0)
        with np.errstate(over="ignore"):
            return 1 / (1 + np.exp(-z))  # sigmoid of the class-1 logit


@dataclass
class TapeProblem(Problem):
    """One sample's loss graph of Values, compiled into a tape over the batch."""

    engine = "tape"
    loss: Value = None  # one sample's loss (for a function: the function itself)
    inputs: list = field(default_factory=list)  # leaf Values a data row fills in, column order
    params: list = field(default_factory=list)  # the leaf Values descent updates
    score: Value = None  # the model's output for a sample (regression: the prediction)
    score_inputs: list = field(default_factory=list)
    _tapes: dict = field(default_factory=dict, repr=False)

    def tape(self, which):
        """The compiled tape of ``"loss"`` or ``"score"`` (compiled on first use)."""
        if which not in self._tapes:
            if which == "loss":
                self._tapes[which] = Tape(self.loss, self.inputs)
            else:
                self._tapes[which] = Tape(self.score, self.score_inputs)
        return self._tapes[which]

    def evaluate(self, rows=None):
        """Each sample's loss over the data rows (all by default) and the gradients of their
        mean, at the current parameters."""
        batch = self.data if rows is None else self.data[rows]
        run = self.tape("loss").run(batch, reduce="mean")
        grads = run.grads
        return run.outputs, [grads.get(p, 0.0) for p in self.params]

    def predict(self, points):
        """The model's output for each row of ``points`` (shape (B, len(score_inputs)))."""
        batch = np.asarray(points, dtype=float).reshape(len(points), -1)
        return self.tape("score").forward(batch)

    def values(self):
        """The parameters' current numbers."""
        return [p.data for p in self.params]

    def set_values(self, numbers):
        """Put numbers into the parameters (a reset, or a point of a trajectory)."""
        for p, x in zip(self.params, numbers, strict=True):
            p.data = float(x)

    def optimizer(self, **settings):
        """engine.autograd.optim's optimizer of the settings over the parameter Values."""
        return make_optimizer(self.params, library=scalar_optim, **settings)

    def update(self, optimizer, grads):
        """One optimizer step from the gradients evaluate() gave."""
        for p, g in zip(self.params, grads, strict=True):
            p.grad = g
        optimizer.step()


def _powers(x, order):
    """Columns 1, x, x^2, ..., x^order, each power by one more multiplication (as the tape)."""
    columns = [np.ones_like(x)]
    for _ in range(order):
        columns.append(x if len(columns) == 1 else columns[-1] * x)
    return np.stack(columns, 1)


@dataclass
class TensorProblem(Problem):
    """The same model as float64 tensor-level operations over the batch: ``h @ W + b`` per
    layer, an activation between layers, torch's loss with ``reduction="none"``, then ``mean``.

    Parameters are micrograd's order flattened: neuron by neuron, its weights then its bias
    (``W`` is (inputs, outputs), so neuron j's weights are ``W[:, j]``).
    """

    engine = "tensor"
    weights: list = field(default_factory=list)  # one (inputs, outputs) tensor per layer
    biases: list = field(default_factory=list)  # one (outputs,) tensor per layer, or None
    activation: str = "relu"  # between layers, not after the last
    degree: int = 0  # a polynomial's: the inputs are the powers of x up to it
    _full: tuple = field(default=None, repr=False)  # the whole data set's input tensors

    @property
    def params(self):
        """The tensors descent updates, layer by layer: weights, then bias."""
        return [p for w, b in zip(self.weights, self.biases, strict=True)
                for p in (w, b) if p is not None]

    def _inputs(self, points):
        points = np.asarray(points, dtype=float).reshape(len(points), -1)
        return _powers(points[:, 0], self.degree) if self.degree else points

    def _forward(self, x):
        h = x
        last = len(self.weights) - 1
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            h = h @ w if b is None else h @ w + b
            if i < last:
                h = getattr(h, self.activation)()
        return h

    def _score(self, out):
        # the class-1 logit: for cross-entropy the difference of the two logits, as the tape's
        return out[:, 1] - out[:, 0] if self.loss_name == "cross_entropy" else out[:, 0]

    def _losses(self, out, target):
        """Each sample's loss, a tensor of shape (B,)."""
        name = self.loss_name
        if name == "cross_entropy":
            return TENSOR_LOSSES["cross_entropy"](out, target, reduction="none")
        z = out[:, 0]
        if name == "hinge":  # max(0, 1 - s*z), s = 2*label - 1
            return (1 - (2 * target - 1) * z).relu()
        if name == "bce":
            return TENSOR_LOSSES["binary_cross_entropy_with_logits"](z, target, reduction="none")
        if name == "huber":
            return TENSOR_LOSSES["huber_loss"](z, target, reduction="none", delta=HUBER_DELTA)
        return TENSOR_LOSSES[{"mse": "mse_loss", "l1": "l1_loss"}[name]](
            z, target, reduction="none")

    def _batch(self, rows):
        if rows is None and self._full is not None:
            return self._full
        data = self.data if rows is None else self.data[rows]
        labels = data[:, -1]
        target = nt.from_array(labels, int64 if self.loss_name == "cross_entropy" else float64)
        batch = nt.from_array(self._inputs(data[:, :-1]), float64), target
        if rows is None:
            self._full = batch
        return batch

    def evaluate(self, rows=None):
        """Each sample's loss over the data rows (all by default) and the gradients of their
        mean, at the current parameters (left in the parameters' ``.grad`` for update())."""
        x, target = self._batch(rows)
        losses = self._losses(self._forward(x), target)
        params = self.params
        for p in params:
            p.grad = None
        losses.mean().backward()
        grads = [p.grad.array() if p.grad is not None else np.zeros_like(p.array())
                 for p in params]
        return losses.array(), self._flat(grads)

    def _flat(self, arrays):
        """Per-layer arrays (weights, then bias where there is one) in micrograd's order."""
        arrays = iter(arrays)
        blocks = []
        for b in self.biases:
            w = next(arrays)
            blocks.append(w.T if b is None else np.column_stack([w.T, next(arrays)]))
        return np.concatenate([block.ravel() for block in blocks]).tolist()

    def predict(self, points):
        """The model's output for each row of ``points`` (shape (B, inputs))."""
        with no_grad():
            out = self._forward(nt.from_array(self._inputs(points), float64))
        return self._score(out).array().copy()

    def values(self):
        """The parameters' current numbers."""
        return self._flat([p.array() for p in self.params])

    def set_values(self, numbers):
        """Put numbers into the parameters (a reset, or a point of a trajectory)."""
        numbers = np.asarray(numbers, dtype=float)
        start = 0
        for w, b in zip(self.weights, self.biases, strict=True):
            nin, nout = w.shape
            width = nin + (b is not None)
            block = numbers[start : start + nout * width].reshape(nout, width)
            start += nout * width
            w.array()[...] = block[:, :nin].T
            if b is not None:
                b.array()[...] = block[:, nin]
        if start != len(numbers):
            raise ValueError(f"{len(numbers)} numbers for {start} parameters")

    def optimizer(self, **settings):
        """torch.optim's optimizer of the settings (the tensor level's) over the tensors."""
        return make_optimizer(self.params, library=tensor_optim, **settings)

    def update(self, optimizer, grads):
        """One optimizer step from the gradients the last evaluate() left in ``.grad``."""
        token = levels.LEVEL.set(levels.TENSOR)  # its state tensors are made on this level
        try:
            optimizer.step()
        finally:
            levels.LEVEL.reset(token)


def function_problem(expr, start=(0.0, 0.0)):
    """f(x, y) written in the snippet language, as a problem; x and y start at ``start``.

    Raises ``engine.InputError`` (column counted in ``expr``) when the expression is not valid.
    """
    from engine import InputError, evaluate

    prefix = "f = "
    if "\n" in expr or "\r" in expr:
        raise InputError("expr.one_line", 1, 1)
    source = f"x = Value({float(start[0])!r}); y = Value({float(start[1])!r})\n{prefix}{expr}\n"
    try:
        ev = evaluate(source)
    except InputError as err:
        def in_expr(line, col):  # a place in the source -> the same place in ``expr``
            return (1, max(1, (col or 1) - len(prefix))) if line == 2 else (line, col)

        listed = [(*in_expr(line, col), m) for line, col, m in err.problems]
        raise InputError(err.key, *in_expr(err.line, err.col), err.params, listed) from None
    f, x, y = ev.names.get("f"), ev.names["x"], ev.names["y"]
    if not isinstance(f, Value):
        raise InputError("expr.not_number", 1, 1)
    nodes = topological_order(f)
    if len(nodes) > MAX_FUNCTION_NODES:
        raise InputError("expr.too_long", 1, 1, {"n": len(nodes), "limit": MAX_FUNCTION_NODES})
    leaves = {id(v) for v in nodes if not v.op}
    params = [v for v in (x, y) if id(v) in leaves]
    if not params:
        raise InputError("expr.no_variable", 1, 1)
    for v in params:
        v.grad = 0.0
    return TapeProblem(
        kind="function",
        loss=f,
        inputs=[],
        data=np.zeros((1, 0)),
        params=params,
        names=["x" if v is x else "y" for v in params],
        score=f,
        score_inputs=params,
    )


def _mlp(nin, sizes, activation, seed):
    """An engine MLP, its parameters, and names like L2.n3.w1 in the order of parameters()."""
    model = MLP(nin, list(sizes), activation=activation, seed=seed)
    names = []
    for i, layer in enumerate(model.layers, 1):
        for j, neuron in enumerate(layer.neurons, 1):
            names += [f"L{i}.n{j}.w{k}" for k in range(1, len(neuron.w) + 1)] + [f"L{i}.n{j}.b"]
    params = model.parameters()
    if len(names) != len(params):  # a model that orders its parameters differently
        names = [f"p{i}" for i in range(1, len(params) + 1)]
    return model, params, names


def _tensor_mlp(net, activation):
    """(weights, biases) tensors holding an engine MLP's numbers: W[k, j] is neuron j's w_k."""
    weights, biases = [], []
    for layer in net.layers:
        w = [[v.data for v in neuron.w] for neuron in layer.neurons]  # (outputs, inputs)
        weights.append(nt.from_array(np.array(w).reshape(len(w), -1).T, float64, True))
        biases.append(nt.from_array(np.array([n.b.data for n in layer.neurons]), float64, True))
    return weights, biases


def regression_problem(
    data="quadratic",
    model="polynomial",
    loss="mse",
    degree=3,
    hidden=(16, 16),
    activation="tanh",
    n=40,
    noise=0.1,
    seed=0,
    engine=None,
):
    """Fit noisy points by a line, a polynomial of ``degree`` or an MLP, under MSE, L1 or Huber.

    ``engine`` is "tape" or "tensor"; by default ``choose_engine`` picks it.
    """
    if model not in MODELS:
        raise ValueError(f"unknown model {model!r}: choose one of {', '.join(MODELS)}")
    if loss not in REGRESSION_LOSSES:
        raise ValueError(f"unknown loss {loss!r}: choose one of {', '.join(REGRESSION_LOSSES)}")
    engine = _engine(engine, "regression", model)
    xs, ys = regression_data(data, n, noise, seed)
    order = 1 if model == "line" else int(degree)
    if model == "mlp":
        net, params, names = _mlp(1, [*hidden, 1], activation, seed)
    else:
        rnd = random.Random(seed)
        params = [Value(rnd.uniform(-1, 1), f"w{k}") for k in range(order + 1)]
        names = [p.label for p in params]
    common = dict(kind="regression", data=np.stack([xs, ys], 1), names=names, loss_name=loss)
    if engine == "tensor":
        if model == "mlp":
            weights, biases = _tensor_mlp(net, activation)
            return TensorProblem(**common, weights=weights, biases=biases, activation=activation)
        w = nt.from_array(np.array([[p.data] for p in params]), float64, True)
        return TensorProblem(**common, weights=[w], biases=[None], degree=order)
    x, target = Value(xs[0], "x"), Value(ys[0], "y")
    if model == "mlp":
        prediction = net([x])
    else:
        prediction, power = params[0], None
        for w in params[1:]:  # w0 + w1*x + w2*x^2 + ..., powers by repeated multiplication
            power = x if power is None else power * x
            prediction = prediction + w * power
    return TapeProblem(
        **common,
        loss=regression_loss(loss, prediction, target),
        inputs=[x, target],
        params=params,
        score=prediction,
        score_inputs=[x],
    )


def classification_problem(
    data="moons", hidden=(16, 16), activation="relu", loss="hinge", n=100, noise=0.1, seed=0,
    engine=None,
):
    """Separate a 2-D dataset's two classes with an MLP trained by cross-entropy, BCE or hinge.

    ``engine`` is "tape" or "tensor"; by default ``choose_engine`` picks it.
    """
    if loss not in CLASSIFICATION_LOSSES:
        raise ValueError(
            f"unknown loss {loss!r}: choose one of {', '.join(CLASSIFICATION_LOSSES)}")
    engine = _engine(engine, "classification", "mlp")
    points, labels = classification_data(data, n, noise, seed)
    # cross-entropy takes two logits, as nn.CrossEntropyLoss does; the others one
    net, params, names = _mlp(2, [*hidden, 2 if loss == "cross_entropy" else 1], activation, seed)
    common = dict(
        kind="classification",
        data=np.column_stack([points, labels]),
        names=names,
        loss_name=loss,
        correct_below=CORRECT_BELOW[loss],
    )
    if engine == "tensor":
        weights, biases = _tensor_mlp(net, activation)
        return TensorProblem(**common, weights=weights, biases=biases, activation=activation)
    x1, x2, label = Value(points[0, 0], "x1"), Value(points[0, 1], "x2"), Value(labels[0], "label")
    if loss == "cross_entropy":
        l0, l1 = net([x1, x2])
        score = l1 - l0
    else:
        score = net([x1, x2])
    return TapeProblem(
        **common,
        loss=classification_loss(loss, score, label),
        inputs=[x1, x2, label],
        params=params,
        score=score,
        score_inputs=[x1, x2],
    )


def choose_engine(kind, model="mlp"):
    """The engine that trains a problem faster: the tape, for every problem the page offers.

    ``python -m bench.bench_descent`` times both engines on the page's models, from a line to an
    MLP of 4 hidden layers of 64 units (README, "Descent's two engines"): the tape took 0.2 to
    0.7 of the tensor level's time, and tied with it on a polynomial of degree 9, the page's
    largest. On the page's 40 or 100 points the tensor level's fixed costs per step dominate: its
    float64 matrix product adds each sum's products in sequence (the scalar level's order) through
    a (batch, inputs, outputs) array, and torch's optimizer updates run one tensor operation at a
    time. A learner's function (``kind`` "function") has no tensor form at all.
    """
    if kind not in ("function", "regression", "classification"):
        raise ValueError(f"unknown kind of problem {kind!r}")
    if model not in MODELS:
        raise ValueError(f"unknown model {model!r}: choose one of {', '.join(MODELS)}")
    return "tape"


def _engine(engine, kind, model):
    if engine is None:
        return choose_engine(kind, model)
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    return engine


# --- training ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Divergence:
    """Why a run stopped early: ``reason`` is one of STOP_REASONS."""

    step: int
    reason: str
    loss: float


@dataclass(frozen=True)
class StepReport:
    """One step, as the Step button shows it: the loss, the gradient and the update it made."""

    step: int
    loss: float
    names: list
    before: list
    grads: list
    after: list

    @property
    def updates(self):
        """The change of each parameter: after - before."""
        return [a - b for a, b in zip(self.after, self.before, strict=True)]


def make_optimizer(
    params,
    optimizer="sgd",
    lr=0.1,
    momentum=0.0,
    nesterov=False,
    weight_decay=0.0,
    library=scalar_optim,
):
    """SGD (momentum, nesterov) or Adam of ``library`` (engine.autograd.optim for Values,
    engine.torchlike.optim for tensors); L2 enters as torch's weight_decay."""
    if optimizer == "adam":
        return library.Adam(params, lr=lr, weight_decay=weight_decay)
    if optimizer == "sgd":
        # torch refuses nesterov without momentum; without momentum nesterov changes nothing
        nesterov = bool(nesterov) and momentum > 0
        return library.SGD(
            params, lr=lr, momentum=momentum, nesterov=nesterov, weight_decay=weight_decay
        )
    raise ValueError(f"unknown optimizer {optimizer!r}: choose one of {', '.join(OPTIMIZERS)}")


class Run:
    """Gradient descent on a problem: full-batch or mini-batch steps, the history, divergence."""

    def __init__(
        self,
        problem,
        optimizer="sgd",
        lr=0.1,
        momentum=0.0,
        nesterov=False,
        weight_decay=0.0,
        batch_size=0,
        seed=0,
    ):
        self.problem = problem
        self.settings = dict(
            optimizer=optimizer,
            lr=lr,
            momentum=momentum,
            nesterov=nesterov,
            weight_decay=weight_decay,
        )
        n = len(problem.data)
        self.batch_size = n if batch_size <= 0 or batch_size >= n else int(batch_size)
        self.seed = seed
        self.start = problem.values()
        self._start_measure = None
        self.reset()

    def reset(self):
        """Back to the starting parameters, with a fresh optimizer and an empty history."""
        self.problem.set_values(self.start)
        self.optimizer = self.problem.optimizer(**self.settings)
        self._rng = np.random.default_rng(self.seed)
        self._order, self._pos = np.arange(len(self.problem.data)), len(self.problem.data)
        self.losses, self.accuracies = [], []
        self.trajectory = [tuple(self.start)]
        self.stopped = None
        self._measured = {}

    @property
    def steps_done(self):
        """How many updates have been made."""
        return len(self.losses)

    def _rows(self):
        n = len(self.problem.data)
        if self.batch_size == n:
            return None
        if self._pos + self.batch_size > n:  # a new epoch: reshuffle, as DataLoader(shuffle=True)
            self._order, self._pos = self._rng.permutation(n), 0
        rows = self._order[self._pos : self._pos + self.batch_size]
        self._pos += self.batch_size
        return rows

    def _divergence(self, loss, grads):
        if loss != loss:
            return "nan"
        if loss == math.inf:
            return "inf"
        if not all(map(math.isfinite, grads)):
            return "gradient"
        scale = DIVERGENCE_FACTOR * max(abs(self.losses[0]) if self.losses else abs(loss), 1e-3)
        if loss > scale:
            return "grew"
        if loss == -math.inf or loss < -scale:
            return "unbounded"
        return None

    def step(self):
        """One update; returns its StepReport, or None when the run has stopped (see .stopped)."""
        if self.stopped is not None:
            return None
        outputs, grads = self.problem.evaluate(self._rows())
        loss = float(np.mean(outputs))
        reason = self._divergence(loss, grads)
        if reason is not None:
            self.stopped = Divergence(self.steps_done, reason, loss)
            return None
        before = self.problem.values()
        self.problem.update(self.optimizer, grads)
        after = self.problem.values()
        self.losses.append(loss)
        if self.problem.correct_below is not None:
            self.accuracies.append(float(np.mean(outputs < self.problem.correct_below)))
        if len(after) <= 2:
            self.trajectory.append(tuple(after))
        return StepReport(len(self.losses), loss, self.problem.names, before, grads, after)

    def train(self, steps, on_progress=None, every=50):
        """Take up to ``steps`` steps (fewer on divergence); on_progress(done, steps) at times."""
        for done in range(1, steps + 1):
            if self.step() is None:
                break
            if on_progress is not None and (done % every == 0 or done == steps):
                on_progress(done, steps)
        return self

    def _measure(self):
        outputs, _ = self.problem.evaluate()
        below = self.problem.correct_below
        return float(np.mean(outputs)), None if below is None else float(np.mean(outputs < below))

    def measure(self):
        """(loss, accuracy or None) on all the data at the current parameters."""
        if self._measured.get("step") != self.steps_done:
            self._measured = {"step": self.steps_done, "now": self._measure()}
        return self._measured["now"]

    def measure_start(self):
        """(loss, accuracy or None) on all the data at the starting parameters."""
        if self._start_measure is None:
            current = self.problem.values()
            self.problem.set_values(self.start)
            try:
                self._start_measure = self._measure()
            finally:
                self.problem.set_values(current)
        return self._start_measure
