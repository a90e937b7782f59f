"""Everything the Explore page shows that depends only on the code text, computed in one place.

``analyse(source)`` runs the snippet, traces the graph from the Value backward ran from, groups
it, lays out both views, writes the step-through and the exports and checks every gradient, and
keeps the figures its ``matplotlib.pyplot`` calls recorded. A program whose scalar graph would
pass the Values bound runs on the tensor level instead: then the graph is the tensor-level one
(one node per tensor operation), with no step-through and no gradient check, which need the
scalar graph. The result is plain data (no Values, no tensors), so it crosses from the
sandbox's worker and the UI can cache it per code text.
"""

import ast
import hashlib
from dataclasses import dataclass, field

import engine
from engine.autograd.gradcheck import gradcheck
from engine.autograd.graph import (
    chain_rule_steps,
    graph_to_json,
    grouped,
    to_pytorch,
    trace,
    value_count,
)
from engine.snippets.interpreter import LIMITS
from viz.layout import layered_layout

from .tensor_graph import tensor_graph, tensor_graph_to_json

MAX_CODE_CHARS = LIMITS.source_chars  # what a link can carry: the snippet language's own limit
MAX_STEP_VALUES = 150  # the step-through is a teaching tool: beyond this its frames are noise
MAX_TRACED_VALUES = 20_000  # beyond this no graph is built: it would take seconds per rerun
MAX_DRAWN_NODES = 8_000  # a view with more nodes is not laid out or sent to the browser
MAX_GRADCHECK_WORK = 400_000  # leaves x nodes: each leaf re-runs the forward pass twice
MAX_SCALAR_VALUES = LIMITS.values  # past this many Values a program runs on the tensor level
# the query params that open the page's sections below the graph (each "true" when open)
SECTIONS = {"steps": "show_steps", "check": "show_check", "export": "show_export"}
# Analysis.tensor_reason for the bound that stopped evaluate's scalar rerun
TENSOR_REASONS = {"limit.values": "values", "limit.seconds": "time",
                  "level.unoffered": "unoffered", "limit.tensor": "values"}


@dataclass(frozen=True)
class CheckRow:
    """One leaf's gradient check, as plain data."""

    leaf: str
    value: float
    autograd: float
    numeric: float
    rel_error: float
    ok: bool
    note: object  # an engine.messages.Message, or None


@dataclass(frozen=True)
class Problem:
    """What a page's error box shows: a message key and its parameters, in either language.

    ``line`` and ``col`` (1-based; 0 when the problem is about no line of code) place it, and
    ``listed`` holds every ``(line, col, Message)`` the code's check found, this one first;
    ``repair`` the whole code repaired, when its statements look glued together (else None).
    """

    key: str
    params: dict = field(default_factory=dict)
    line: int = 0
    col: int = 0
    listed: tuple = ()
    repair: str | None = None

    @classmethod
    def from_error(cls, err):
        """The Problem an exception describes: an InputError, an engine error, or a crash."""
        if isinstance(err, engine.InputError):
            return cls(err.key, err.params, err.line or 0, err.col or 0, err.problems,
                       err.repair)
        if hasattr(err, "key"):  # the engine's keyed errors (a loss refusing integer data)
            return cls(err.key, err.params)
        return cls("error.internal", {"kind": type(err).__name__, "message": str(err)})


@dataclass(frozen=True)
class Analysis:
    """What the Explore page draws for one code text."""

    printed: tuple = ()
    problem: Problem | None = None
    scalar: object = None  # engine.autograd.graph.Graph, or None when the code computed no Value
    grouped: object = None
    scalar_layout: object = None
    grouped_layout: object = None
    steps: tuple = ()  # empty when the graph is too large to step through
    checks: tuple | None = None  # None when the graph is too large to check
    torch_code: str = ""
    json: str = ""
    untraced: int = 0  # the number of Values, when there were too many to build the graph
    seed: int | None = None  # the seed torch's generator started from, when the code drew
    # random numbers before seeding them itself (else None: nothing to pin)
    plots: tuple = ()  # the code's matplotlib figures (engine.snippets.pyplot.Plot, plain data)
    level: str = "scalar"  # "tensor": the code ran on the tensor level; tensor_reason says why:
    # "values" (its scalar graph passed MAX_SCALAR_VALUES), "count" (it has ``untraced`` Values,
    # more than MAX_TRACED_VALUES), "time" (the scalar level ran out of time) or "unoffered"
    # (the scalar level lacks a function the code calls)
    tensor_reason: str = ""
    tensor: object = None  # lessons.tensor_graph.TensorGraph of the tensor level's run (on
    # the tensor level, or beside the scalar graph as its grouped view), else None
    tensor_layout: object = None
    tensor_json: str = ""  # the tensor graph as JSON, beside the scalar graph's

    def layout(self, zoom):
        """The layout of the scalar or grouped view, or None when that view is too large to draw.
        The grouped view is the tensor level's graph where the code ran there too."""
        if zoom == "grouped":
            return self.tensor_layout if self.tensor is not None else self.grouped_layout
        return self.scalar_layout

    @property
    def has_groups(self):
        """Whether any Value belongs to a tensor (else the grouped view is the scalar one)."""
        return self.scalar is not None and (
            self.tensor is not None or any(n.group for n in self.scalar.nodes))


def linked_code(text, default):
    """(the code a link's ``code`` param carries, or ``default``; whether it was cut to fit)."""
    if text is None:
        return default, False
    text = text.replace("\r\n", "\n")
    return text[:MAX_CODE_CHARS], len(text) > MAX_CODE_CHARS


def seed_of(source):
    """The seed the page starts torch's generator from for a code text: one per text, so every
    run of the same code (a rerun, another visitor) draws the same numbers."""
    return int.from_bytes(hashlib.sha256(source.encode("utf-8", "replace")).digest()[:8], "little")


def _imported_modules(line):
    """{module: name} for a plain ``import a, b as c`` line (nothing for any other line)."""
    try:
        tree = ast.parse(line.strip())
    except SyntaxError:
        return {}
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Import):
        return {}
    return {alias.name: alias.asname or alias.name for alias in tree.body[0].names}


def pinned(source, seed):
    """``source`` with ``torch.manual_seed(seed)`` after its leading imports, and the seeds of
    the ``random`` and ``numpy`` it imports (a run starts them from torch's seed): the same
    numbers, now written in the code."""
    lines = source.split("\n")
    at, modules = 0, {}
    for i, line in enumerate(lines):
        text = line.strip()
        if text.startswith(("import ", "from ")):
            at = i + 1
            modules.update(_imported_modules(text))
        elif text and not text.startswith("#"):
            break
    added = [] if "torch" in modules else ["import torch"]
    added.append(f"{modules.get('torch', 'torch')}.manual_seed({seed})")
    if "random" in modules:
        added.append(f"{modules['random']}.seed({seed})")
    if "numpy" in modules:
        added.append(f"{modules['numpy']}.random.seed({seed % 2**32})")
    return "\n".join(lines[:at] + added + lines[at:])


def analyse(source):
    """Run ``source`` and compute everything drawn from it; errors become a Problem, never raise."""
    try:
        ev = engine.evaluate(source, seed=seed_of(source))
    except Exception as err:  # noqa: BLE001 - the page shows a message, never a traceback
        return Analysis(problem=Problem.from_error(err))
    if ev.level == "tensor" and not isinstance(ev.output, engine.Value):  # (a Value's graph is
        # the scalar one on either level)
        return _tensor_analysis(ev, TENSOR_REASONS.get(ev.scalar_stop, "values"))
    printed = tuple(ev.printed)
    seed = ev.seed if ev.unseeded_draws else None
    if ev.output is None:
        return Analysis(printed=printed, seed=seed, plots=ev.plots)
    count = value_count(ev.output)
    if count > MAX_TRACED_VALUES:  # too many Values to draw: the tensor level's graph, if any
        rerun = _on_tensor_level(source, ev.seed)
        if rerun is not None:
            return _tensor_analysis(rerun, "count", untraced=count)
        return Analysis(printed=printed, untraced=count, seed=seed, plots=ev.plots)
    scalar = trace(ev.output, ev.names)
    group_view = grouped(scalar)
    values = scalar.values()
    drawable = len(scalar.nodes) <= MAX_DRAWN_NODES
    steps = tuple(chain_rule_steps(scalar)) if len(values) <= MAX_STEP_VALUES else ()
    leaves = sum(1 for n in values if n.kind == "leaf")
    checks = None
    if leaves * len(values) <= MAX_GRADCHECK_WORK:
        checks = tuple(_row(r) for r in gradcheck(ev.output))
    return Analysis(
        **_tensor_view(ev.tensor_run),
        printed=printed,
        scalar=scalar,
        grouped=group_view,
        scalar_layout=layered_layout(scalar) if drawable else None,
        grouped_layout=layered_layout(group_view) if len(group_view.nodes) <= MAX_DRAWN_NODES
        else None,
        steps=steps,
        checks=checks,
        torch_code=to_pytorch(scalar),
        json=graph_to_json(scalar) if drawable else "",
        seed=seed,
        plots=ev.plots,
    )


def _on_tensor_level(source, seed):
    """The same run on the tensor level, from the same seed; None where that draws no tensor
    graph (the graph is of Values, or the tensor level refuses the code)."""
    try:
        ev = engine.evaluate(source, seed=seed, level="tensor")
    except Exception:  # noqa: BLE001 - the scalar run's outcome stands
        return None
    return ev if ev.output is not None and not isinstance(ev.output, engine.Value) else None


def _tensor_analysis(ev, reason, untraced=0):
    """The Analysis of a run on the tensor level: its tensor graph, laid out, and its export.

    ``reason`` says why the scalar graph is not drawn (see Analysis.tensor_reason); ``untraced``
    is the number of Values of the scalar graph, when a scalar run counted them.
    """
    seed = ev.seed if ev.unseeded_draws else None
    common = {"printed": tuple(ev.printed), "seed": seed, "level": "tensor",
              "tensor_reason": reason, "untraced": untraced, "plots": ev.plots}
    if ev.output is None or ev.output.grad_fn is None:  # no operation recorded: no graph
        return Analysis(**common)
    graph = tensor_graph(ev.output, ev.names)
    return Analysis(**common, tensor=graph, tensor_layout=layered_layout(graph),
                    json=tensor_graph_to_json(graph))


def _tensor_view(run):
    """The tensor level's graph of the run the scalar one was rerun from (the grouped view),
    or nothing where that run recorded no operation."""
    if run is None or run.output is None or isinstance(run.output, engine.Value) \
            or run.output.grad_fn is None:
        return {}
    graph = tensor_graph(run.output, run.names)
    return {"tensor": graph, "tensor_layout": layered_layout(graph),
            "tensor_json": tensor_graph_to_json(graph)}


def _row(r):
    return CheckRow(r.label, r.value, r.autograd, r.numeric, r.rel_error, bool(r.ok), r.note)

