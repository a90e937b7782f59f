"""The Descent page's logic: its settings, their query params, and the runs they describe.

Nothing here draws. The page reads its widgets into ``Settings``; a link carries them as query
params (``to_query`` / ``from_query``: a bad or missing param falls back to its default, never an
error); ``make_runs`` builds the problem and one run per optimizer setting from them.
"""

import math
from dataclasses import dataclass, fields, replace

import numpy as np

from engine.autograd.nn import ACTIVATIONS
from engine.messages import keyed
from lessons.problems import (
    CLASSIFICATION_LOSSES,
    DATASETS,
    FUNCTIONS,
    MODELS,
    OPTIMIZERS,
    REGRESSION_DATA,
    REGRESSION_LOSSES,
    Run,
    classification_problem,
    function_problem,
    regression_problem,
)
from viz import descent as figures

TASKS = ("function", "regression", "classification")
FUNCTION_CHOICES = (*FUNCTIONS, "custom")
# a log slider: 1, 2, 5 per decade from 1e-4 to 100
LEARNING_RATES = tuple(float(f"{m}e{e}") for e in range(-4, 3) for m in (1, 2, 5))[:-2]
WEIGHT_DECAYS = (0.0, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1)
BATCH_SIZES = (0, 1, 4, 8, 16, 32, 64)  # 0: the full batch
MAX_STEPS = 5_000
MAX_EXPR = 300  # characters of a learner's function
MAX_LAYERS, MAX_UNITS = 4, 64
MAX_START = 1e3  # |x0|, |y0|
MAX_SEED = 9_999
N_POINTS = {"regression": 40, "classification": 100}


@dataclass(frozen=True)
class Settings:
    """Everything the page's widgets choose; the defaults are what the page opens with."""

    task: str = "function"
    fn: str = "bowl"
    expr: str = FUNCTIONS["bowl"].expr
    x0: float = FUNCTIONS["bowl"].start[0]
    y0: float = FUNCTIONS["bowl"].start[1]
    data: str = "quadratic"
    model: str = "polynomial"
    degree: int = 3
    reg_loss: str = "mse"
    dataset: str = "moons"
    cls_loss: str = "cross_entropy"
    hidden: str = "16,16"
    act: str = "relu"
    noise: float = 0.1
    opt: str = "sgd"
    lr: float = 0.1
    momentum: float = 0.0
    nesterov: bool = False
    l2: float = 0.0
    batch: int = 0
    steps: int = 100
    seed: int = 0
    compare: bool = False
    opt2: str = "adam"
    lr2: float = 0.1
    momentum2: float = 0.0
    nesterov2: bool = False
    log: bool = False


# what each task opens with: switching task loads these, so every task's default learns
TASK_DEFAULTS = {
    "function": dict(opt="sgd", lr=0.1, momentum=0.0, steps=100, batch=0, lr2=0.1),
    "regression": dict(opt="sgd", lr=0.2, momentum=0.9, steps=300, batch=0, lr2=0.05),
    "classification": dict(opt="sgd", lr=0.05, momentum=0.9, steps=500, batch=0, lr2=0.01),
}

CHOICES = {
    "task": TASKS,
    "fn": FUNCTION_CHOICES,
    "data": REGRESSION_DATA,
    "model": MODELS,
    "reg_loss": REGRESSION_LOSSES,
    "dataset": DATASETS,
    "cls_loss": CLASSIFICATION_LOSSES,
    "act": ACTIVATIONS,
    "opt": OPTIMIZERS,
    "opt2": OPTIMIZERS,
}
BOUNDS = {  # inclusive ranges of the numeric settings
    "x0": (-MAX_START, MAX_START),
    "y0": (-MAX_START, MAX_START),
    "degree": (1, 9),
    "noise": (0.0, 0.5),
    "momentum": (0.0, 0.99),
    "momentum2": (0.0, 0.99),
    "steps": (1, MAX_STEPS),
    "seed": (0, MAX_SEED),
}
DEFAULTS = Settings()


def nearest(value, options):
    """The option closest to ``value`` on a log scale (0 only matches 0)."""
    if value <= 0:
        return min(options)
    positive = [o for o in options if o > 0]
    return min(positive, key=lambda o: abs(math.log(o) - math.log(value)))


def parse_hidden(text):
    """ "16, 16" -> (16, 16): 1 to MAX_LAYERS layers of 1 to MAX_UNITS units, else ValueError."""
    parts = [p.strip() for p in str(text).replace(";", ",").split(",") if p.strip()]
    if not 1 <= len(parts) <= MAX_LAYERS or not all(p.isascii() and p.isdigit() for p in parts):
        raise keyed(ValueError, "hidden.sizes", most=MAX_LAYERS)
    sizes = tuple(int(p) for p in parts)
    if not all(1 <= s <= MAX_UNITS for s in sizes):
        raise keyed(ValueError, "hidden.units", most=MAX_UNITS)
    return sizes


def _parse(name, raw, default):
    """One query param's value, or the default when it is missing or makes no sense."""
    if raw is None:
        return default
    try:
        if name in CHOICES:
            return raw if raw in CHOICES[name] else default
        if isinstance(default, bool):
            return {"1": True, "true": True, "0": False, "false": False}[raw.lower()]
        if name in ("lr", "lr2", "l2"):
            value = float(raw)
            if not math.isfinite(value):
                return default
            return nearest(value, WEIGHT_DECAYS if name == "l2" else LEARNING_RATES)
        if name == "batch":
            return int(raw) if int(raw) in BATCH_SIZES else default
        if name == "hidden":
            return ",".join(map(str, parse_hidden(raw)))
        if name == "expr":
            return raw if len(raw) <= MAX_EXPR and "\n" not in raw else default
        value = type(default)(float(raw)) if isinstance(default, int) else float(raw)
        lo, hi = BOUNDS[name]
        return value if math.isfinite(value) and lo <= value <= hi else default
    except (ValueError, KeyError, OverflowError):
        return default


def from_query(params):
    """Settings from query params (a mapping of str to str); each bad value falls back alone."""
    task = _parse("task", params.get("task"), DEFAULTS.task)
    base = replace(DEFAULTS, task=task, **TASK_DEFAULTS[task])
    if params.get("fn") in FUNCTIONS:  # a preset brings its expression and start
        preset = FUNCTIONS[params["fn"]]
        base = replace(
            base, fn=params["fn"], expr=preset.expr, x0=preset.start[0], y0=preset.start[1]
        )
    return replace(
        base,
        **{
            f.name: _parse(f.name, params.get(f.name), getattr(base, f.name))
            for f in fields(Settings)
            if f.name != "task"
        },
    )


def _text(value):
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def to_query(settings):
    """The query params of the settings that differ from what a link without them opens with."""
    # a task brings its optimizer defaults and a preset its expression and start: the other
    # fields are compared with what the task and preset alone open with
    base = from_query({"task": settings.task, "fn": settings.fn})
    return {
        f.name: _text(getattr(settings, f.name))
        for f in fields(Settings)
        if getattr(settings, f.name)
        != getattr(DEFAULTS if f.name in ("task", "fn") else base, f.name)
    }


def for_task(settings, task):
    """The settings with another task and that task's optimizer defaults."""
    return replace(settings, task=task, **TASK_DEFAULTS[task])


def for_function(settings, fn):
    """The settings with a function preset's expression and start ('custom' keeps them)."""
    if fn not in FUNCTIONS:
        return replace(settings, fn="custom")
    preset = FUNCTIONS[fn]
    return replace(settings, fn=fn, expr=preset.expr, x0=preset.start[0], y0=preset.start[1])


def problem_key(settings):
    """What the runs depend on: changing any of it makes the current runs stale."""
    skip = {"steps", "log"}
    if not settings.compare:
        skip |= {"opt2", "lr2", "momentum2", "nesterov2"}
    return tuple(
        (f.name, getattr(settings, f.name)) for f in fields(Settings) if f.name not in skip
    )


def make_problem(settings):
    """The problem the settings describe (raises engine.InputError for a bad expression)."""
    if settings.task == "function":
        return function_problem(settings.expr, (settings.x0, settings.y0))
    if settings.task == "regression":
        return regression_problem(
            settings.data,
            settings.model,
            settings.reg_loss,
            degree=settings.degree,
            hidden=parse_hidden(settings.hidden),
            activation=settings.act,
            n=N_POINTS["regression"],
            noise=settings.noise,
            seed=settings.seed,
        )
    return classification_problem(
        settings.dataset,
        parse_hidden(settings.hidden),
        settings.act,
        settings.cls_loss,
        n=N_POINTS["classification"],
        noise=settings.noise,
        seed=settings.seed,
    )


def optimizers(settings):
    """One optimizer setting per run: the first, and the second when comparing."""
    first = dict(
        optimizer=settings.opt,
        lr=settings.lr,
        momentum=settings.momentum,
        nesterov=settings.nesterov,
    )
    if not settings.compare:
        return [first]
    return [
        first,
        dict(
            optimizer=settings.opt2,
            lr=settings.lr2,
            momentum=settings.momentum2,
            nesterov=settings.nesterov2,
        ),
    ]


def make_runs(settings):
    """One Run per optimizer setting, each on its own copy of the same problem (same start)."""
    return [
        Run(
            make_problem(settings),
            weight_decay=settings.l2,
            batch_size=settings.batch,
            seed=settings.seed,
            **opt,
        )
        for opt in optimizers(settings)
    ]


def checked(settings):
    """(the settings, made usable; the keyed error of a hidden-layer text that does not parse, or
    None).

    A bad hidden-layer text is replaced by the default one, so the page keeps drawing.
    """
    try:
        parse_hidden(settings.hidden)
    except ValueError as err:
        return replace(settings, hidden=DEFAULTS.hidden), err
    return settings, None


def run_labels(settings):
    """Each run's short name for legends and captions."""
    return [
        run_label(o["optimizer"], o["lr"], o["momentum"], o["nesterov"])
        for o in optimizers(settings)
    ]


def run_label(opt, lr, momentum=0.0, nesterov=False):
    """A run's short name for legends: 'SGD lr=0.1', 'SGD+momentum 0.9 lr=0.1', 'Adam lr=0.01'."""
    if opt == "adam":
        name = "Adam"
    elif momentum > 0:
        name = f"SGD+{'nesterov' if nesterov else 'momentum'} {momentum:g}"
    else:
        name = "SGD"
    return f"{name} lr={lr:g}"


# --- what to draw of the runs --------------------------------------------------------------

DEFAULT_WINDOW = ((-3.0, 3.0), (-3.0, 3.0))  # a learner's own function
REGRESSION_GRID = 200
BOUNDARY_GRID = 60


def function_figure(settings, runs, labels, title="", words=figures.WORDS):
    """Contours (two parameters) or a curve (one) of the function, with each run's steps."""
    problem = runs[0].problem
    preset = FUNCTIONS.get(settings.fn)
    window = preset.window if preset else DEFAULT_WINDOW
    if len(problem.names) == 2:
        window = figures.view_window(window, [run.trajectory for run in runs])
        gx, gy, points = figures.grid(window)
        minima = preset.minima if preset else ()
        paths = list(zip(labels, (run.trajectory for run in runs), strict=True))
        return figures.contour_figure(
            gx, gy, problem.predict(points), paths, minima, axis_names=problem.names, title=title,
            words=words,
        )
    axis = 0 if problem.names == ["x"] else 1
    ((lo, hi),) = figures.view_window((window[axis],), [run.trajectory for run in runs])
    gx = np.linspace(lo, hi, REGRESSION_GRID)
    paths = []
    for label, run in zip(labels, runs, strict=True):
        xs = np.array([p[0] for p in run.trajectory])
        paths.append((label, xs, problem.predict(xs[:, None])))
    return figures.curve_figure(
        gx, problem.predict(gx[:, None]), paths, problem.names[0], title, words=words
    )


def fit_figure(runs, labels, title="", words=figures.WORDS):
    """The regression data and each run's current fit."""
    data = runs[0].problem.data
    gx = np.linspace(-1.1, 1.1, REGRESSION_GRID)
    fits = [
        (label, run.problem.predict(gx[:, None])) for label, run in zip(labels, runs, strict=True)
    ]
    return figures.fit_figure(data[:, 0], data[:, 1], gx, fits, title=title, words=words)


def boundary_figure(run, title="", words=figures.WORDS):
    """A classification run's decision boundary over its data."""
    data = run.problem.data
    lo, hi = data[:, :2].min(axis=0), data[:, :2].max(axis=0)
    pad = 0.15 * (hi - lo)
    window = ((lo[0] - pad[0], hi[0] + pad[0]), (lo[1] - pad[1], hi[1] + pad[1]))
    gx, gy, points = figures.grid(window, BOUNDARY_GRID)
    return figures.boundary_figure(
        data[:, :2], data[:, 2], gx, gy, run.problem.confidence(points), title=title, words=words
    )
