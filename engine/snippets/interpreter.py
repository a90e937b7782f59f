"""evaluate(source): run the Python subset learners paste, on the engine, without running Python.

The source is parsed with ``ast.parse`` and this module walks the nodes itself: user text is never
compiled, evaluated or executed. A first pass refuses every construct outside the subset (with
the line, and what to write instead) before anything runs; the second pass interprets. Names
reach only what ``namespaces`` exposes, and every evaluation is bounded in characters, Values
created, loop iterations, items built, tensor size and wall time. All state lives on one
``_Interpreter`` per call, and the run happens in a copy of the caller's context, so the
``no_grad`` flag, the snippet's ``random`` generator and everything else stay with the
evaluation. Code pasted in other forms (a doctest's prompts, a notebook cell, statements a web
page glued together) is read by ``pasted`` first; errors keep the learner's lines and columns.
"""

import ast
import contextvars
import functools
import inspect
import itertools
import math
import numbers
import operator
import re
import time
import types
from dataclasses import dataclass, field

from ..autograd.value import Value
from ..messages import Message, keyed, render
from ..torchlike import generator
from ..torchlike.sizes import MAX_ELEMENTS
from ..torchlike.tensor import Tensor, enable_grad
from . import namespaces, pasted, pyrandom, suggest


class InputError(ValueError):
    """Code that cannot run here, at ``.line`` and ``.col`` (1-based).

    ``.key`` and ``.params`` name the message in ``engine.messages``; ``.message`` is its English
    text and ``message_in(lang)`` its text in another language. ``.problems`` lists every
    ``(line, col, Message)`` the static check refused, in source order (the first is this one).
    ``.repair`` is the whole source repaired, when the code looks glued together by a web page
    and one repair makes it parse (else None).
    """

    def __init__(self, key, line=None, col=None, params=None, problems=(), repair=None):
        self.key = key
        self.params = dict(params or {})
        self.message = render(key, self.params)
        super().__init__(self.message, line, col)
        self.line = line
        self.col = col
        self.problems = tuple(problems)
        self.repair = repair

    def __reduce__(self):
        return InputError, (self.key, self.line, self.col, self.params, self.problems,
                            self.repair)

    def __str__(self):
        return f"line {self.line}: {self.message}" if self.line else self.message

    def message_in(self, lang):
        """The message in ``lang`` (``en`` or ``zh``)."""
        return render(self.key, self.params, lang)


@dataclass(frozen=True)
class Limits:
    """The bounds of one evaluation (tensors: ``sizes.MAX_ELEMENTS`` and ``sizes.MAX_DIMS``)."""

    source_chars: int = 20_000
    values: int = 200_000
    iterations: int = 100_000
    items: int = 1_000_000  # list and tuple items and string characters built, printing included
    seconds: float = 3.0
    depth: int = 100  # nesting of the syntax tree (statements and expressions)


LIMITS = Limits()
MAX_INT_BITS = 1024  # integers stay exact up to about 1e308, the range of a float
MAX_ROUND_DIGITS = 400
MAX_INT_TEXT = 400  # characters int() reads: 1e308 has 309 digits


@dataclass
class Evaluation:
    """What a snippet did: its printed lines, its variables, and the Value backward ran from."""

    source: str
    printed: list = field(default_factory=list)
    names: dict = field(default_factory=dict)
    output: Value | None = None
    lines: dict = field(default_factory=dict)  # variable name -> line of its last assignment
    seed: int | None = None  # the seed torch's default generator started from
    unseeded_draws: bool = False  # random numbers were drawn before the snippet seeded them


def evaluate(source, limits=LIMITS, seed=None):
    """Run a snippet on the engine and return its Evaluation; bad input raises InputError.

    Expression statements are echoed into ``printed`` as Python shows them: each one of a
    doctest (``>>> `` prompts), else a final one, as a notebook cell does. torch's default
    generator starts from ``seed``, or from a fresh non-deterministic seed as torch's does in a
    new process; the Evaluation says which, and whether the snippet drew random numbers before
    seeding them itself.
    """
    if not isinstance(source, str):
        raise InputError("input.not_text", 1, 1, {"kind": type(source).__name__})
    if len(source) > limits.source_chars:
        line = source.count("\n", 0, limits.source_chars) + 1
        raise InputError("limit.chars", line, 1, {"n": len(source), "limit": limits.source_chars})
    form = pasted.unprompt(source)
    tree = None
    try:
        tree = _parse(form.code)
        _check_tree(tree, form.code, limits)
        interpreter = _Interpreter(form.code, limits, pasted.echoed(tree, form))
        context = contextvars.copy_context()
        context.run(pyrandom.start)  # the snippet's `random`, its own and unseeded
        rng = context.run(generator.start, seed)  # torch's default generator
        start_seed = rng.initial_seed()
        result = context.run(interpreter.run, tree)
    except InputError as err:
        raise _placed(_with_close_names(err, tree, form.code), form, source) from None
    result.source = source
    result.seed = start_seed
    result.unseeded_draws = rng.unseeded_draws
    return result


def _with_close_names(err, tree, code):
    """The static check's error with a close name for each attribute that nothing offers: a
    member of the module its receiver names (``torch.tensr``), else an attribute of an object."""
    unknown = {m.params["name"] for _, _, m in err.problems if m.key == "check.attribute"}
    if not unknown:
        return err
    lines = code.splitlines()
    objects = frozenset().union(*namespaces.READABLE.values()) | _LIST_METHODS
    close = {(*_position(node, lines), node.attr): name for node, name in
             suggest.attribute_suggestions(tree, unknown, _CONVENTIONAL, objects)}
    problems = []
    for line, col, m in err.problems:
        name = close.get((line, col, m.params.get("name"))) if m.key == "check.attribute" else None
        problems.append((line, col, Message("check.attribute_close", {**m.params, "close": name})
                         if name else m))
    first = problems[0][2]
    return InputError(first.key, err.line, err.col, first.params, problems, err.repair)


def _placed(err, form, source):
    """The error at the learner's own columns, with a repair when the code looks glued."""
    repair = err.repair
    if err.key == "input.syntax" and not form.doctest:
        repair = pasted.repair_glued(source, {name: tuple(module.members)
                                              for name, module in namespaces.MODULES.items()})
    if not form.doctest and repair is err.repair:
        return err
    problems = [(line, form.column(line, col), m) for line, col, m in err.problems]
    return InputError(err.key, err.line, form.column(err.line, err.col), err.params, problems,
                      repair)


# --- parsing and the static check ---------------------------------------------------------------


def _parse(source):
    if "\x00" in source:
        line = source.count("\n", 0, source.index("\x00")) + 1
        raise InputError("input.null", line, 1)
    try:
        return ast.parse(source, mode="exec")
    except SyntaxError as err:
        raise InputError("input.syntax", err.lineno or 1, err.offset or 1,
                         {"detail": err.msg}) from None
    except (RecursionError, MemoryError):
        raise InputError("limit.parser", 1, 1) from None
    except (ValueError, UnicodeError) as err:
        raise InputError("input.unreadable", 1, 1, {"detail": str(err)}) from None


# every node type the interpreter walks; anything else is refused before the code runs
_STATEMENTS = (ast.Module, ast.Expr, ast.Assign, ast.AugAssign, ast.For, ast.If, ast.With,
               ast.Pass, ast.Break, ast.Continue, ast.Import, ast.ImportFrom, ast.Assert)
_EXPRESSIONS = (ast.BoolOp, ast.BinOp, ast.UnaryOp, ast.IfExp, ast.ListComp, ast.GeneratorExp,
                ast.Compare, ast.Call, ast.Constant, ast.Attribute, ast.Subscript, ast.Starred,
                ast.Name, ast.List, ast.Tuple, ast.Slice)
_PARTS = (ast.Load, ast.Store, ast.comprehension, ast.keyword, ast.alias, ast.withitem,
          ast.boolop, ast.cmpop, ast.unaryop, ast.operator)
_SUPPORTED = _STATEMENTS + _EXPRESSIONS + _PARTS

# the message key for each construct outside the subset
_UNSUPPORTED = {
    "FunctionDef": "check.def",
    "AsyncFunctionDef": "check.async_def",
    "Lambda": "check.lambda",
    "ClassDef": "check.class",
    "While": "check.while",
    "AsyncFor": "check.async_for",
    "AsyncWith": "check.async_with",
    "Try": "check.try",
    "TryStar": "check.try",
    "Raise": "check.raise",
    "Global": "check.global",
    "Nonlocal": "check.nonlocal",
    "Delete": "check.del",
    "Return": "check.return",
    "AnnAssign": "check.annotation",
    "Match": "check.match",
    "JoinedStr": "check.fstring",
    "FormattedValue": "check.fstring",
    "NamedExpr": "check.walrus",
    "Yield": "check.yield",
    "YieldFrom": "check.yield_from",
    "Await": "check.await",
    "Dict": "check.dict",
    "DictComp": "check.dict",
    "Set": "check.set",
    "SetComp": "check.set_comp",
    "Del": "check.del",
}
_OPERATORS = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
    ast.Pow: operator.pow, ast.MatMult: operator.matmul,
}
_IN_PLACE = {
    ast.Add: operator.iadd, ast.Sub: operator.isub, ast.Mult: operator.imul,
    ast.Div: operator.itruediv, ast.FloorDiv: operator.ifloordiv, ast.Mod: operator.imod,
    ast.Pow: operator.ipow, ast.MatMult: operator.imatmul,
}
_SYMBOLS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
            ast.Mod: "%", ast.Pow: "**", ast.MatMult: "@", ast.LShift: "<<", ast.RShift: ">>",
            ast.BitOr: "|", ast.BitXor: "^", ast.BitAnd: "&"}
_COMPARE = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge, ast.Is: operator.is_, ast.IsNot: operator.is_not,
    ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
}
_LIST_METHODS = frozenset(("append", "extend", "pop", "insert", "index", "count", "reverse"))
_TUPLE_METHODS = frozenset(("index", "count"))


def _position(node, source_lines):
    """1-based line and column of a node (ast counts columns in UTF-8 bytes from 0)."""
    line = getattr(node, "lineno", None) or 1
    offset = getattr(node, "col_offset", 0) or 0
    text = source_lines[line - 1] if 0 < line <= len(source_lines) else ""
    col = len(text.encode("utf-8")[:offset].decode("utf-8", "ignore")) + 1
    return line, col


def _name_problem(name):
    if name.startswith("_") and name != "_":
        return Message("check.underscore_name", {"name": name})
    return None


def _check_tree(tree, source, limits):
    """Refuse, before running anything, every construct outside the subset.

    The error is the first problem in source order and lists them all; a refused construct's
    inside is not checked further (a refused ``def`` says nothing of its ``return``).
    """
    lines = source.splitlines()
    found = []
    stack = [(tree, 0, False, tree)]
    while stack:
        node, depth, in_loop, anchor = stack.pop()
        if hasattr(node, "lineno"):
            anchor = node  # nodes without a position (comprehension, withitem) use their parent's
        if depth > limits.depth:
            line, col = _position(anchor, lines)
            raise InputError("limit.depth", line, col, {"limit": limits.depth})
        problem = _node_problem(node, in_loop)
        if problem:
            found.append((*_position(anchor, lines), problem))
            continue
        for child_field, value in ast.iter_fields(node):
            children = value if isinstance(value, list) else [value]
            loop = in_loop or (isinstance(node, ast.For) and child_field == "body")
            stack.extend((c, depth + 1, loop, anchor) for c in children if isinstance(c, ast.AST))
    if found:
        found.sort(key=lambda p: p[:2])
        line, col, first = found[0]
        raise InputError(first.key, line, col, first.params, found)


def _node_problem(node, in_loop):
    """What is wrong with one node (a Message), or None."""
    if not isinstance(node, _SUPPORTED):
        kind = type(node).__name__
        return Message(_UNSUPPORTED.get(kind, "check.unsupported"), {"kind": kind})
    if isinstance(node, ast.Name):
        return _name_problem(node.id)
    if isinstance(node, ast.Attribute):
        return _attribute_problem(node.attr)
    if isinstance(node, (ast.BinOp, ast.AugAssign)) and type(node.op) not in _OPERATORS:
        return Message("check.operator", {"op": _SYMBOLS[type(node.op)]})
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Invert):
        return Message("check.invert")
    if isinstance(node, ast.Constant):
        return _constant_problem(node.value)
    if isinstance(node, ast.keyword):
        if node.arg is None:
            return Message("check.double_star")
        return _name_problem(node.arg)
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return _import_problem(node)
    if isinstance(node, ast.alias):
        return _name_problem(node.asname or "") or _name_problem(node.name.split(".")[-1])
    if isinstance(node, ast.For) and node.orelse:
        return Message("check.for_else")
    if isinstance(node, ast.comprehension) and node.is_async:
        return Message("check.async_for")
    if isinstance(node, (ast.Break, ast.Continue)) and not in_loop:
        return Message("check.outside_loop",
                       {"word": "break" if isinstance(node, ast.Break) else "continue"})
    if isinstance(node, (ast.Assign, ast.For, ast.comprehension)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if any(isinstance(n, ast.Starred) for t in targets for n in ast.walk(t)):
            return Message("check.starred_assign")
    if isinstance(node, ast.With) and any(item.optional_vars for item in node.items):
        return Message("check.with_as")
    return None


def _attribute_problem(attr):
    if attr.startswith("_"):
        return Message("check.underscore_attribute", {"name": attr})
    if attr == "format":
        return Message("check.format")
    if attr not in namespaces.ALL_ATTRIBUTES and attr not in _LIST_METHODS:
        return Message("check.attribute", {"name": attr})
    return None


def _constant_problem(value):
    if isinstance(value, complex):
        return Message("check.complex")
    if isinstance(value, bytes):
        return Message("check.bytes")
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        return Message("check.big_int")
    return None


def _import_problem(node):
    if isinstance(node, ast.Import):
        missing = [alias.name for alias in node.names if alias.name not in namespaces.MODULES]
        if missing:
            return Message("check.import", {"names": ", ".join(missing)})
        return None
    if node.level or node.module not in namespaces.MODULES:
        return Message("check.import_from", {"module": "." * node.level + (node.module or "")})
    members = namespaces.MODULES[node.module].members
    if any(alias.name == "*" for alias in node.names):
        return Message("check.import_star")
    missing = [f"{node.module}.{a.name}" for a in node.names if a.name not in members]
    if missing:
        return Message("check.import_members", {"names": ", ".join(missing),
                                                "module": node.module,
                                                "offers": ", ".join(sorted(members))})
    return None


# --- the interpreter ------------------------------------------------------------------------------


class _Break(Exception):
    """`break` inside a loop body (the static check keeps it inside loops)."""


class _Continue(Exception):
    """`continue` inside a loop body."""


class _Builtin:
    """A built-in function of the snippet language, implemented by the interpreter."""

    __slots__ = ("name", "method")

    def __init__(self, name, method):
        self.name = name
        self.method = method

    def __repr__(self):
        return f"<built-in function {self.name}>"


class _ListMethod(namespaces.Method):
    """A method of a list or tuple (``xs.append``), run by the interpreter under its bounds."""

    __slots__ = ()

    def __repr__(self):
        return f"<built-in method {self.name} of {type(self.obj).__name__} object>"


def _is_int(x):
    return isinstance(x, int) and not isinstance(x, bool)


def _count(x):
    """An integer tensor used where Python takes an int (``[0] * n``, ``round(x, n)``) as the int
    it stands for, so the bounds on ints apply to it; anything else unchanged."""
    if isinstance(x, Tensor) and not x.dtype.is_floating_point and x.numel() == 1:
        return operator.index(x)
    return x


def _sequence(x):
    return isinstance(x, (str, list, tuple))


def _footprint(x, limit):
    """Items in x, counting a nested list or tuple every time it appears (stops past ``limit``).

    A list can hold the same list many times (``[row] * 1000``), so what printing or comparing
    it costs is this count, not its length; cycles (a list inside itself) count once. A string
    counts its characters, a tensor its elements, a model its neurons (``namespaces.size_of``).
    """
    if not isinstance(x, (list, tuple)):
        return namespaces.size_of(x)
    total = 1
    path = {id(x)}
    stack = [(x, iter(x))]
    while stack:
        container, items = stack[-1]
        for item in items:
            total += 1 if isinstance(item, (list, tuple)) else namespaces.size_of(item)
            if total > limit:
                return total
            if isinstance(item, (list, tuple)) and item and id(item) not in path:
                path.add(id(item))
                stack.append((item, iter(item)))
                break
        else:
            stack.pop()
            path.discard(id(container))
    return total


class _Interpreter:
    """One evaluation: the variables, the printed text, the counters of every bound."""

    def __init__(self, source, limits, echoed=frozenset()):
        self.source = source
        self.echoed = echoed  # ids of the expression statements whose values are shown
        self.source_lines = source.splitlines()
        self.limits = limits
        self.deadline = time.perf_counter() + limits.seconds
        self.names = {}
        self.scopes = []  # comprehension variables, innermost last
        self.assigned_at = {}
        self.text = []
        self.values_made = 0
        self.iterations = 0
        self.items = 0
        self.output = None
        self.backward_called = False
        self.last_scalar = None
        self.node = None  # the statement running, for errors raised outside any expression

    # --- running and finishing -------------------------------------------------------------------
    def run(self, tree):
        """Interpret the module and return its Evaluation."""
        try:
            with enable_grad():  # a snippet starts recording, whatever context its caller is in
                self.block(tree.body)
                self.finish()
        except InputError:
            raise
        except Exception as exc:  # noqa: BLE001 - nothing but InputError leaves evaluate
            raise self.error(exc, self.node) from None
        printed = "".join(self.text).split("\n")
        if printed[-1] == "":
            printed.pop()
        names = {k: v for k, v in self.names.items() if not _is_library(v)}
        return Evaluation(self.source, printed, names, self.output, dict(self.assigned_at))

    def finish(self):
        """Without a backward call, run backward from the last scalar assigned, to show grads."""
        if self.backward_called or self.last_scalar is None:
            return
        root = self.last_scalar
        if isinstance(root, Tensor):
            root = root.values()[0]
        root.backward()
        self.output = root

    # --- errors and bounds ---------------------------------------------------------------------
    def error(self, exc, node):
        """An InputError at ``node`` for an exception raised while running it."""
        if isinstance(exc, InputError):
            return exc
        line, col = _position(node, self.source_lines) if node is not None else (1, 1)
        key, params = _describe(exc)
        return InputError(key, line, col, params)

    def refuse(self, key, node, **params):
        """An InputError at ``node`` saying ``key``."""
        line, col = _position(node, self.source_lines)
        return InputError(key, line, col, params)

    def tick(self, node):
        """Check the wall-time bound."""
        if time.perf_counter() > self.deadline:
            raise self.refuse("limit.seconds", node, limit=self.limits.seconds)

    def charge_values(self, n, node):
        """Count ``n`` Values created against the Values bound."""
        self.values_made += n
        if self.values_made > self.limits.values:
            raise self.refuse("limit.values", node, limit=self.limits.values)

    def charge_built(self, x, node):
        """Count the items (or characters) of a new list, tuple or string against the bound.

        Only the new container's own slots are memory; what its nested lists would cost to print
        or compare is checked when that happens (check_footprint).
        """
        self.charge_items(len(x) if _sequence(x) else 1, node)

    def check_footprint(self, x, node):
        """Refuse to print or compare what is larger than what is left of the items bound."""
        room = self.limits.items - self.items
        if _footprint(x, room) > room:
            raise self.items_error(node)

    def charge_items(self, n, node):
        """Count ``n`` list items or characters built against the items bound."""
        self.items += n
        if self.items > self.limits.items:
            raise self.items_error(node)

    def items_error(self, node):
        """The items bound, hit at ``node``."""
        return self.refuse("limit.items", node, limit=self.limits.items)

    def steps(self, iterable, node):
        """Iterate under the loop-iteration and time bounds."""
        try:
            it = iter(iterable)
        except TypeError as exc:
            raise self.error(exc, node) from None
        limit = self.limits.iterations
        for x in it:
            self.iterations += 1
            if self.iterations > limit:
                raise self.refuse("limit.iterations", node, limit=limit)
            self.tick(node)
            yield x

    # --- statements ----------------------------------------------------------------------------
    def block(self, body):
        """Run statements in order."""
        for stmt in body:
            self.node = stmt
            self.tick(stmt)
            _STATEMENT_RUNNERS[type(stmt)](self, stmt)

    def stmt_expr(self, node):
        value = self.eval(node.value)
        if value is not None and id(node) in self.echoed:
            self.text.append(self.to_repr(value, node) + "\n")

    def stmt_assign(self, node):
        value = self.eval(node.value)
        for target in node.targets:
            self.assign(target, value, label=True)

    def stmt_augassign(self, node):
        target = node.target
        if isinstance(target, ast.Name):
            current = self.lookup(target.id, target)
        elif isinstance(target, ast.Attribute):
            obj = self.eval(target.value)
            current = self.attribute(obj, target.attr, target)
        else:
            obj, key = self.eval(target.value), self.eval(target.slice)
            current = self.subscript(obj, key, target)
        value = self.arith(type(node.op), current, self.eval(node.value), node, in_place=True)
        if isinstance(target, ast.Name):
            self.bind(target.id, value, node, label=True)
        elif isinstance(target, ast.Attribute):
            self.set_attribute(obj, target.attr, value, target)
        else:
            self.set_item(obj, key, value, target)

    def stmt_for(self, node):
        iterable = self.eval(node.iter)
        for x in self.steps(iterable, node.iter):
            self.assign(node.target, x, label=False)
            try:
                self.block(node.body)
            except _Break:
                break
            except _Continue:
                continue

    def stmt_if(self, node):
        self.block(node.body if self.truth(self.eval(node.test), node.test) else node.orelse)

    def stmt_with(self, node):
        contexts = []
        try:
            for item in node.items:
                ctx = self.eval(item.context_expr)
                if not namespaces.is_no_grad_context(ctx):
                    raise self.refuse("run.with", item.context_expr)
                ctx.__enter__()
                contexts.append(ctx)
            self.block(node.body)
        finally:
            for ctx in reversed(contexts):
                ctx.__exit__(None, None, None)

    def stmt_pass(self, node):
        pass

    def stmt_break(self, node):
        raise _Break

    def stmt_continue(self, node):
        raise _Continue

    def stmt_import(self, node):
        for alias in node.names:
            if alias.asname:
                self.bind(alias.asname, namespaces.MODULES[alias.name], node)
            else:  # `import torch.nn` binds `torch`, as Python does
                top = alias.name.split(".")[0]
                self.bind(top, namespaces.MODULES[top], node)

    def stmt_importfrom(self, node):
        members = namespaces.MODULES[node.module].members
        for alias in node.names:
            self.bind(alias.asname or alias.name, members[alias.name], node)

    def stmt_assert(self, node):
        if not self.truth(self.eval(node.test), node.test):
            if node.msg:
                raise self.refuse("run.assert_message", node,
                                  text=self.to_text(self.eval(node.msg), node))
            raise self.refuse("run.assert", node)

    # --- names and assignment ------------------------------------------------------------------
    def lookup(self, name, node):
        """The value a name stands for: comprehension variable, variable, then built-in."""
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        if name in self.names:
            return self.names[name]
        if name in _BUILTINS:
            return _BUILTINS[name]
        if name in namespaces.MICROGRAD_NAMES:
            return namespaces.MICROGRAD_NAMES[name]
        raise self.undefined(name, node)

    def undefined(self, name, node):
        """The error for a name that is not defined: the import it needs, or the name it is
        closest to."""
        if name in _IMPORT_HINTS:
            return self.refuse(_IMPORT_HINTS[name], node, name=name)
        visible = itertools.chain(*self.scopes, self.names, _BUILTINS, namespaces.MICROGRAD_NAMES)
        close = suggest.closest(name, visible)
        if close:
            return self.refuse("run.undefined_close", node, name=name, close=close)
        return self.refuse("run.undefined", node, name=name)

    def bind(self, name, value, node, label=False):
        """Set a variable; a fresh Value or tensor takes the name as its label."""
        if self.scopes:
            self.scopes[-1][name] = value
            return
        self.names[name] = value
        self.assigned_at[name] = node.lineno
        if not label:
            return
        if isinstance(value, Value):
            if not value.label:
                value.label = name
            self.last_scalar = value
        elif isinstance(value, Tensor):
            if not value.label:
                value.label = name
            if value.numel() == 1:
                self.last_scalar = value
        elif isinstance(value, list) and len(value) <= MAX_ELEMENTS:
            for i, v in enumerate(value):
                if isinstance(v, Value) and not v.label:
                    v.label = f"{name}[{i}]"

    def assign(self, target, value, label):
        """Assign to a name, a tuple of targets, an attribute or an item."""
        if isinstance(target, ast.Name):
            self.bind(target.id, value, target, label)
        elif isinstance(target, (ast.Tuple, ast.List)):
            parts = self.unpack(value, len(target.elts), target)
            for t, v in zip(target.elts, parts, strict=True):
                self.assign(t, v, label)
        elif isinstance(target, ast.Attribute):
            self.set_attribute(self.eval(target.value), target.attr, value, target)
        else:
            self.set_item(self.eval(target.value), self.eval(target.slice), value, target)

    def unpack(self, value, n, node):
        """Exactly ``n`` items of ``value`` (reading at most one more), or Python's error."""
        try:
            parts = list(itertools.islice(iter(value), n + 1))
        except TypeError:
            raise self.refuse("run.unpack_non_iterable", node, kind=_kind(value)) from None
        if len(parts) > n:
            raise self.refuse("run.unpack_too_many", node, n=n)
        if len(parts) < n:
            raise self.refuse("run.unpack_too_few", node, n=n, got=len(parts))
        return parts

    def set_attribute(self, obj, name, value, node):
        try:
            namespaces.set_attribute(obj, name, value)
        except Exception as exc:  # noqa: BLE001 - reported at the line
            raise self.error(exc, node) from None

    def set_item(self, obj, key, value, node):
        if not isinstance(obj, (list, Tensor)):
            raise self.refuse("run.item_assignment", node, kind=_kind(obj))
        if isinstance(obj, list) and isinstance(key, slice):
            raise self.refuse("run.slice_assignment", node)
        try:
            obj[key] = value
        except Exception as exc:  # noqa: BLE001 - reported at the line
            raise self.error(exc, node) from None

    # --- expressions -------------------------------------------------------------------------
    def eval(self, node):
        """The value of an expression node."""
        return _EXPRESSION_RUNNERS[type(node)](self, node)

    def expr_constant(self, node):
        return node.value

    def expr_name(self, node):
        return self.lookup(node.id, node)

    def expr_list(self, node):
        items = self.elements(node.elts)
        self.charge_built(items, node)
        return items

    def expr_tuple(self, node):
        items = tuple(self.elements(node.elts))
        self.charge_built(items, node)
        return items

    def elements(self, nodes):
        out = []
        for n in nodes:
            if isinstance(n, ast.Starred):
                out.extend(self.steps(self.eval(n.value), n))
            else:
                out.append(self.eval(n))
        return out

    def expr_binop(self, node):
        return self.arith(type(node.op), self.eval(node.left), self.eval(node.right), node)

    def arith(self, op, a, b, node, in_place=False):
        """``a op b`` with the number, string and list sizes bounded first."""
        self.guard_arith(op, a, b, node)
        if op is ast.MatMult:
            self.charge_values(namespaces.matmul_cost(a, b), node)
        fn = _IN_PLACE[op] if in_place and isinstance(a, Tensor) else _OPERATORS[op]
        try:
            result = fn(a, b)
        except Exception as exc:  # noqa: BLE001 - reported at the operator
            raise self.error(exc, node) from None
        self.count_result(result, (a, b), node, in_place)
        return result

    def guard_arith(self, op, a, b, node):
        if op is ast.Mod and isinstance(a, str):
            raise self.refuse("run.percent_format", node)
        if a.__class__ is Value or b.__class__ is Value:
            return  # scalar autograd: float arithmetic, nothing here can grow without bound
        if op is ast.Mult and (_sequence(a) or _sequence(b)):
            a, b = _count(a), _count(b)  # a repeat count may be an int64 tensor
        if op is ast.Pow and _is_int(a) and _is_int(b) and b > 0 and abs(a) > 1 \
                and b * (abs(a).bit_length() - 1) > MAX_INT_BITS:
            raise self.refuse("limit.power", node, a=a, b=b)
        if op is ast.Mult and (_sequence(a) and _is_int(b) or _sequence(b) and _is_int(a)):
            seq, n = (a, b) if _sequence(a) else (b, a)
            self.charge_items(len(seq) * max(n, 0), node)
        elif op is ast.Add and _sequence(a) and _sequence(b):
            self.charge_built(a, node)
            self.charge_built(b, node)

    def count_result(self, result, operands, node, in_place=False):
        """Charge what an operator created, and refuse integers past the bound."""
        if result.__class__ is Value:
            self.charge_values(1, node)
        elif isinstance(result, Tensor):
            fresh = in_place or not any(result is x for x in operands)
            if fresh:
                self.charge_values(result.numel(), node)
        elif _is_int(result) and result.bit_length() > MAX_INT_BITS:
            raise self.refuse("limit.int", node)

    def expr_unaryop(self, node):
        operand = self.eval(node.operand)
        if isinstance(node.op, ast.Not):
            return not self.truth(operand, node)
        fn = operator.neg if isinstance(node.op, ast.USub) else operator.pos
        try:
            result = fn(operand)
        except Exception as exc:  # noqa: BLE001 - reported at the operator
            raise self.error(exc, node) from None
        self.count_result(result, (operand,), node)
        return result

    def truth(self, x, node):
        """bool(x), with a Tensor's 'ambiguous' error reported at the line."""
        try:
            return bool(x)
        except Exception as exc:  # noqa: BLE001 - reported at the line
            raise self.error(exc, node) from None

    def expr_boolop(self, node):
        is_and = isinstance(node.op, ast.And)
        result = None
        for n in node.values:
            result = self.eval(n)
            if self.truth(result, n) != is_and:
                return result
        return result

    def expr_ifexp(self, node):
        return self.eval(node.body if self.truth(self.eval(node.test), node.test) else node.orelse)

    def expr_compare(self, node):
        left = self.eval(node.left)
        result = True
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = self.eval(right_node)
            self.check_footprint(left, node)
            self.check_footprint(right, node)
            try:
                result = _COMPARE[type(op)](left, right)
            except Exception as exc:  # noqa: BLE001 - reported at the comparison
                raise self.error(exc, node) from None
            if len(node.ops) > 1 and not self.truth(result, node):
                return result
            left = right
        return result

    def expr_attribute(self, node):
        return self.attribute(self.eval(node.value), node.attr, node)

    def attribute(self, obj, name, node):
        """``obj.name`` through the allow-lists."""
        if isinstance(obj, list) and name in _LIST_METHODS or \
                isinstance(obj, tuple) and name in _TUPLE_METHODS:
            return _ListMethod(obj, name)
        if isinstance(obj, (_Builtin, _ListMethod)):
            raise self.refuse("attr.missing", node, kind=_kind(obj), name=name)
        try:
            value = namespaces.get_attribute(obj, name)
        except Exception as exc:  # noqa: BLE001 - reported at the attribute
            raise self.error(exc, node) from None
        self.charge_values(namespaces.fresh_elements(obj, name), node)
        self.charge_items(namespaces.view_slots(value, (obj,)), node)
        return value

    def expr_subscript(self, node):
        return self.subscript(self.eval(node.value), self.eval(node.slice), node)

    def subscript(self, obj, key, node):
        if not isinstance(obj, (list, tuple, str, range, Tensor)):
            raise self.refuse("run.not_subscriptable", node, kind=_kind(obj))
        try:
            result = obj[key]
        except Exception as exc:  # noqa: BLE001 - reported at the subscript
            raise self.error(exc, node) from None
        if isinstance(result, (list, tuple, str)) and isinstance(key, slice):
            self.charge_built(result, node)
        self.charge_items(namespaces.view_slots(result, (obj,)), node)
        return result

    def expr_slice(self, node):
        parts = (self.eval(n) if n is not None else None for n in (node.lower, node.upper,
                                                                   node.step))
        return slice(*parts)

    def expr_starred(self, node):
        raise self.refuse("run.starred", node)

    def expr_listcomp(self, node):
        return self.comprehension(node)

    def expr_generatorexp(self, node):
        # evaluated at once into a list: the same result, and bounded like any loop
        return self.comprehension(node)

    def comprehension(self, node):
        out = []
        self.scopes.append({})
        try:
            self.generate(node, 0, out)
        finally:
            self.scopes.pop()
        self.charge_built(out, node)
        return out

    def generate(self, node, level, out):
        if level == len(node.generators):
            out.append(self.eval(node.elt))
            return
        gen = node.generators[level]
        for x in self.steps(self.eval(gen.iter), gen.iter):
            self.assign(gen.target, x, label=False)
            if all(self.truth(self.eval(cond), cond) for cond in gen.ifs):
                self.generate(node, level + 1, out)

    # --- calls -------------------------------------------------------------------------------
    def expr_call(self, node):
        func = self.eval(node.func)
        args = []
        for a in node.args:
            if isinstance(a, ast.Starred):
                args.extend(self.steps(self.eval(a.value), a))
            else:
                args.append(self.eval(a))
        kwargs = {k.arg: self.eval(k.value) for k in node.keywords}
        return self.call(func, args, kwargs, node)

    def call(self, func, args, kwargs, node):
        """Call a built-in, an engine function or method, a loss or a model, under the bounds."""
        self.tick(node)
        problem = _argument_problem(_signature_of(func), args, kwargs)
        if problem:
            raise self.refuse(problem.key, node, call=_spelling(node.func), **problem.params)
        try:
            if isinstance(func, _Builtin):
                return func.method(self, node, *args, **kwargs)
            if isinstance(func, _ListMethod):
                return self.list_method(func, args, kwargs, node)
            name = namespaces.callable_name(func)
            if name is None:
                raise self.refuse("run.not_callable", node, kind=_kind(func))
            self.check_arguments(args, kwargs, node)
            self.charge_values(namespaces.cost_before(name, func, args, kwargs), node)
            result = namespaces.call(func, args, kwargs)
            self.charge_values(namespaces.cost_after(name, func, args, result), node)
            self.charge_items(namespaces.items_after(name, func, args, result), node)
        except (InputError, _Break, _Continue):
            raise
        except Exception as exc:  # noqa: BLE001 - engine errors are the learner's to read
            raise self.error(exc, node) from None
        if name == "backward":
            self.note_backward(func.obj, args, kwargs)
        return result

    def check_arguments(self, args, kwargs, node):
        """Engine functions walk the lists and ranges they get: keep those within tensor size.

        The lists are walked once, all together, and the walk is charged to the items bound,
        so a loop of calls on big lists cannot walk them without bound.
        """
        limit = 2 * MAX_ELEMENTS  # the numbers of a largest tensor, plus the lists holding them
        lists = []
        for a in itertools.chain(args, kwargs.values()):
            if isinstance(a, range) and len(a) > MAX_ELEMENTS:
                raise self.refuse("limit.argument", node, limit=MAX_ELEMENTS)
            if isinstance(a, (list, tuple)):
                lists.append(a)
        if lists:
            walked = _footprint(lists, limit)
            if walked > limit:
                raise self.refuse("limit.argument", node, limit=MAX_ELEMENTS)
            self.charge_items(walked, node)

    def note_backward(self, root, args, kwargs):
        self.backward_called = True
        if isinstance(root, Value):
            self.output = root
        elif not args and not kwargs and root.numel() == 1:
            self.output = root.values()[0]

    def list_method(self, method, args, kwargs, node):
        obj, name = method.obj, method.name
        if name == "extend":
            added = list(self.steps(args[0], node))
            self.charge_built(added, node)
            obj.extend(added)
            return None
        if name in ("append", "insert"):
            self.charge_items(1, node)
        elif name in ("index", "count"):
            self.check_footprint(obj, node)
        return getattr(obj, name)(*args)

    # --- text --------------------------------------------------------------------------------
    def to_text(self, x, node):
        """str(x) as print shows it, charged to the items bound."""
        self.check_footprint(x, node)
        text = str(x)
        self.charge_items(len(text), node)
        return text

    def to_repr(self, x, node):
        """repr(x) as the REPL echoes it, charged to the items bound."""
        self.check_footprint(x, node)
        text = repr(x)
        self.charge_items(len(text), node)
        return text

    # --- built-in functions: each receives the interpreter and the call node -----------------
    def builtin_print(self, node, *args, sep=" ", end="\n", flush=False):
        for what, s in (("sep", sep), ("end", end)):
            if s is not None and not isinstance(s, str):
                raise keyed(TypeError, "run.print_separator", name=what, kind=_kind(s))
        sep = " " if sep is None else sep
        end = "\n" if end is None else end
        self.charge_items(len(sep) * max(len(args) - 1, 0) + len(end), node)
        self.text.append(sep.join(self.to_text(a, node) for a in args) + end)

    def builtin_range(self, node, *args):
        for a in args:
            if not isinstance(a, numbers.Integral):
                raise keyed(TypeError, "run.not_integer", kind=_kind(a))
        return range(*args)

    def builtin_len(self, node, obj):
        return len(obj)

    def builtin_sum(self, node, iterable, start=0):
        total = start
        for x in self.steps(iterable, node):
            total = self.arith(ast.Add, total, x, node)
        return total

    def extreme(self, node, args, better, name):
        items = list(self.steps(args[0], node)) if len(args) == 1 else list(args)
        if not items:
            raise keyed(ValueError, "run.empty_extreme", name=name)
        self.check_footprint(items, node)  # once: comparing walks at most this much
        best = items[0]
        for x in items[1:]:
            if self.truth(better(x, best), node):
                best = x
        return best

    def builtin_max(self, node, *args):
        return self.extreme(node, args, operator.gt, "max")

    def builtin_min(self, node, *args):
        return self.extreme(node, args, operator.lt, "min")

    def builtin_abs(self, node, x):
        result = abs(x)
        self.count_result(result, (x,), node)
        return result

    def builtin_zip(self, node, *iterables):
        # eager, one loop step per tuple; stops at the shortest, as Python's zip
        iters = [iter(x) for x in iterables]
        out = []
        if not iters:
            return out
        for first in self.steps(iters[0], node):
            row = [first]
            for it in iters[1:]:
                try:
                    row.append(next(it))
                except StopIteration:
                    return out
            out.append(tuple(row))
            self.charge_built(out[-1], node)
        return out

    def builtin_enumerate(self, node, iterable, start=0):
        if not _is_int(start):
            raise keyed(TypeError, "run.not_integer", kind=_kind(start))
        out = [(start + i, x) for i, x in enumerate(self.steps(iterable, node))]
        self.charge_built(out, node)
        return out

    def builtin_list(self, node, iterable=()):
        out = list(self.steps(iterable, node))
        self.charge_built(out, node)
        return out

    def builtin_tuple(self, node, iterable=()):
        return tuple(self.builtin_list(node, iterable))

    def builtin_float(self, node, x=0.0):
        return float(x)

    def builtin_int(self, node, x=0):
        if isinstance(x, str) and len(x) > MAX_INT_TEXT:
            raise keyed(ValueError, "limit.int_text", limit=MAX_INT_TEXT)
        result = int(x)
        self.count_result(result, (x,), node)
        return result

    def builtin_bool(self, node, x=False):
        return self.truth(x, node)

    def builtin_str(self, node, x=""):
        return self.to_text(x, node)

    def builtin_round(self, node, x, ndigits=None):
        ndigits = _count(ndigits)
        if ndigits is not None and _is_int(ndigits) and abs(ndigits) > MAX_ROUND_DIGITS:
            raise keyed(ValueError, "limit.round_digits", limit=MAX_ROUND_DIGITS)
        return round(x) if ndigits is None else round(x, ndigits)


def _kind(x):
    if isinstance(x, (_Builtin, _ListMethod, namespaces.Function, namespaces.Method)):
        return "function"
    return namespaces.type_name(x)


def _is_library(x):
    return isinstance(x, (namespaces.Namespace, namespaces.Function, _Builtin))


def _describe(exc):
    """(key, params): a learner's message for an exception raised while running a node."""
    if hasattr(exc, "key"):  # the engine's own errors say what they are
        # a type named below the snippet layer (`not Namespace`) is named as the learner sees it
        shown = {cls.__name__: name for cls, name in _SHOWN_TYPES.items()}
        return exc.key, {k: shown.get(v, v) if isinstance(v, str) else v
                         for k, v in exc.params.items()}
    if isinstance(exc, RecursionError):
        return "limit.recursion", {}
    if isinstance(exc, MemoryError):
        return "limit.memory", {}
    if isinstance(exc, OverflowError):
        return "run.overflow", {"detail": str(exc)}
    if isinstance(exc, ZeroDivisionError):
        return "run.zero_division", {"detail": str(exc)}
    return "run.python", {"detail": _python_text(exc)}


def _python_text(exc):
    """Python's own message, the names of our classes replaced by what the learner sees."""
    text = str(exc) or type(exc).__name__
    for cls, shown in _SHOWN_TYPES.items():  # quoted or not ("not Namespace", "'_Builtin'")
        text = re.sub(rf"\b{re.escape(cls.__name__)}\b", shown, text)
    return text


# --- calls: the arguments checked against the callee's signature, named as the user wrote it --

_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
MAX_SPELLING = 60  # characters of the user's callee quoted in a message
# builtins without a signature Python can report
_SIGNATURES = {
    math.log: inspect.Signature([
        inspect.Parameter("x", inspect.Parameter.POSITIONAL_ONLY),
        inspect.Parameter("base", inspect.Parameter.POSITIONAL_ONLY, default=math.e),
    ]),
}


def _spelling(func_node):
    """The callee as the user wrote it, with its parentheses: ``F.relu()``, ``x.backward()``."""
    text = ast.unparse(func_node)
    if len(text) > MAX_SPELLING:
        text = "…" + text[-MAX_SPELLING:]
    return f"{text}()"


@dataclass(frozen=True)
class _Parameters:
    """What a call must fit, read once from a callable's signature."""

    positional: tuple  # names that take positional arguments, in order
    keywords: frozenset  # names that take keyword arguments
    required: tuple  # names without a default, in order
    varargs: bool  # takes *args
    varkw: bool  # takes **kwargs
    least: int  # positional arguments a call without keywords needs at least


@functools.cache
def _signature(fn, bound=0):
    """fn's parameters without its first ``bound`` (self, or interpreter and node), or None.

    Cached per engine callable: the same few hundred functions, never anything a visitor made.
    """
    try:
        signature = _SIGNATURES.get(fn) or inspect.signature(fn)
    except (TypeError, ValueError):  # a builtin Python cannot describe: it checks its own calls
        return None
    params = list(signature.parameters.values())[bound:]
    kind = inspect.Parameter
    positional = tuple(p.name for p in params if p.kind in _POSITIONAL)
    required = tuple(p.name for p in params if p.default is p.empty
                     and p.kind not in (kind.VAR_POSITIONAL, kind.VAR_KEYWORD))
    return _Parameters(
        positional=positional,
        keywords=frozenset(p.name for p in params
                           if p.kind in (kind.POSITIONAL_OR_KEYWORD, kind.KEYWORD_ONLY)),
        required=required,
        varargs=any(p.kind == kind.VAR_POSITIONAL for p in params),
        varkw=any(p.kind == kind.VAR_KEYWORD for p in params),
        least=sum(1 for name in positional if name in required),
    )


def _signature_of(func):
    """The parameters a snippet's call is checked against, or None for what cannot be called."""
    cls = func.__class__
    if cls is namespaces.Method or cls is _ListMethod:
        return _signature(getattr(type(func.obj), func.name), 1)
    if cls is namespaces.Function:
        return _signature(func.fn)
    if cls is _Builtin:
        return _signature(func.method, 2)
    if namespaces.callable_name(func) is not None:  # a loss or a model
        return _signature(type(func).__call__, 1)
    return None


def _shown(name):
    # a method called as a function (torch.sum(x) is Tensor.sum) names its first argument 'self'
    return "input" if name == "self" else name


def _argument_problem(params, args, kwargs):
    """Why ``args`` and ``kwargs`` do not fit ``params`` (a Message), or None."""
    if params is None:
        return None
    n = len(args)
    if n > len(params.positional) and not params.varargs:
        if not params.positional:
            return Message("call.no_positional", {"given": n})
        return Message("call.too_many", {"most": len(params.positional), "given": n})
    if not kwargs and n >= params.least and len(params.required) == params.least:
        return None  # the common call: enough positional arguments and no keyword needed
    filled = params.positional[:n]
    if kwargs:
        for name in kwargs:
            if name in params.keywords:
                if name in filled:
                    return Message("call.duplicate", {"name": _shown(name)})
            elif not params.varkw:
                close = suggest.closest(name, params.keywords)
                if close:
                    return Message("call.unexpected_keyword_close", {"name": name,
                                                                     "close": close})
                return Message("call.unexpected_keyword", {"name": name})
    for name in params.required:
        if name not in filled and name not in kwargs:
            return Message("call.missing", {"name": _shown(name)})
    return None


_SHOWN_TYPES = types.MappingProxyType(
    dict(namespaces.TYPE_NAMES) | {_Builtin: "function", _ListMethod: "function"}
)


def _runners(prefix, kinds):
    # each node kind runs by the method named after it: ast.AugAssign by stmt_augassign
    return types.MappingProxyType({
        getattr(ast, kind): getattr(_Interpreter, f"{prefix}_{kind.lower()}") for kind in kinds
    })


_STATEMENT_RUNNERS = _runners("stmt", (
    "Expr", "Assign", "AugAssign", "For", "If", "With", "Pass", "Break", "Continue", "Import",
    "ImportFrom", "Assert",
))
_EXPRESSION_RUNNERS = _runners("expr", (
    "Constant", "Name", "List", "Tuple", "BinOp", "UnaryOp", "BoolOp", "IfExp", "Compare",
    "Attribute", "Subscript", "Slice", "Starred", "ListComp", "GeneratorExp", "Call",
))
_BUILTINS = types.MappingProxyType({
    name: _Builtin(name, getattr(_Interpreter, f"builtin_{name}"))
    for name in ("print", "range", "len", "sum", "max", "min", "abs", "zip", "enumerate", "list",
                 "tuple", "float", "int", "bool", "str", "round")
})
# the modules by the names code usually gives them (a docstring's `nn.` without its import)
_CONVENTIONAL = types.MappingProxyType(dict(namespaces.MODULES) | {
    "nn": namespaces.NN, "F": namespaces.FUNCTIONAL, "optim": namespaces.OPTIM,
})
_IMPORT_HINTS = {  # an undefined name that a missing import explains
    "torch": "run.undefined_torch",
    "nn": "run.undefined_nn",
    "F": "run.undefined_f",
    "optim": "run.undefined_optim",
    "math": "run.undefined_math",
    "random": "run.undefined_random",
    "np": "run.undefined_numpy",
    "numpy": "run.undefined_numpy",
}
