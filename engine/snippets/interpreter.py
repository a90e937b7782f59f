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
import collections
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
from typing import NamedTuple

import numpy as np

from ..autograd.value import Value
from ..messages import Message, keyed, render, torch_error
from ..torchlike import generator, levels, numpy_tensor, sizes
from ..torchlike import modules as torch_nn
from ..torchlike.sizes import MAX_ELEMENTS
from ..torchlike.tensor import Tensor as ScalarTensor
from ..torchlike.tensor import TensorBase as Tensor
from ..torchlike.tensor import enable_grad, is_grad_enabled, no_grad, recorded_by, tensor_of
from . import formatting, namespaces, numpyish, pasted, pyplot, pyrandom, suggest

_ARRAY_TENSOR = numpy_tensor.Tensor
_TENSOR_OPERANDS = frozenset((numpy_tensor.Tensor, float, int))
_SCALAR_CALLS = frozenset(("MLP", "Layer", "Neuron", "module"))  # calls that make Values
_METHOD = namespaces.Method
_NAME, _CONSTANT, _ATTRIBUTE, _STARRED, _BINOP = (ast.Name, ast.Constant, ast.Attribute,
                                                  ast.Starred, ast.BinOp)
_NUMBERS = frozenset((int, float, bool))  # what _footprint counts as 1 without asking
_FLOATS_AND_INTS = frozenset((int, float))  # arithmetic on them needs no guard but the int bound
# the method names namespaces.cost_before charges anything for (it gives 0 for every other)
_COSTED_TENSOR_METHODS = frozenset(namespaces.INPUT_FACTOR) | {
    "MLP", "Layer", "Neuron", "module", "torch_module", "linear", "step", "matmul", "backward"}
_TENSOR_METHODS = {}  # a tensor method's name -> _TensorMethod (the classes never change)


class InputError(ValueError):
    """Code that cannot run here, at ``.line`` and ``.col`` (1-based).

    ``.key`` and ``.params`` name the message in ``engine.messages``; ``.message`` is its English
    text and ``message_in(lang)`` its text in another language. ``.problems`` lists every
    ``(line, col, Message)`` the static check refused, in source order (the first is this one).
    ``.repair`` is the whole source repaired, when the code looks glued together by a web page
    and one repair makes it parse (else None). ``.torch`` is (the class torch raises, its text)
    when torch words this error itself (the message shows it above our explanation), else None.
    """

    def __init__(self, key, line=None, col=None, params=None, problems=(), repair=None):
        self.key = key
        self.params = dict(params or {})
        self.message = render(key, self.params)
        self.torch = torch_error(key, self.params)
        super().__init__(self.message, line, col)
        self.line = line
        self.col = col
        self.problems = tuple(problems)
        self.repair = repair
        self.tensor_work = False  # a Values bound hit by tensor work (the tensor level may fit)
        self.seed = None  # the seed the run that raised it started from

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
    values: int = 200_000  # scalar level: the Values of the graph the page can draw
    elements: int = 400_000_000  # tensor level: the elements of every tensor made, in total
    iterations: int = 100_000
    items: int = 1_000_000  # list and tuple items and string characters built, printing included
    seconds: float = 3.0
    depth: int = 100  # nesting of the syntax tree (statements and expressions)
    calls: int = 40  # functions of the snippet's own calling each other (recursion)
    arrays: int = numpyish.MAX_TOTAL  # numpy array elements created in all


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
    level: str = levels.SCALAR  # where its tensors lived: "scalar" (Values) or "tensor" (numpy)
    plots: tuple = ()  # the figures its matplotlib.pyplot calls drew (pyplot.Plot, plain data)
    scalar_stop: str = ""  # what stopped the scalar rerun (limit.values, limit.tensor,
    # limit.seconds, level.unoffered), "" when it ran
    tensor_run: object = None  # the scalar rerun's: the tensor level's run it was rerun from,
    # whose output and names draw the tensor-level graph of the same code


def evaluate(source, limits=LIMITS, seed=None, level=None):
    """Run a snippet on the engine and return its Evaluation; bad input raises InputError.

    ``level`` is where its tensors live: ``"scalar"`` (Values, the graph the page draws),
    ``"tensor"`` (numpy arrays, programs of any size), or None: both. Then the printed text is
    the tensor level's (torch's float32 arithmetic op by op), and the variables and the output
    are the scalar level's rerun from the same seed, the graph the page draws, while it stays
    within the Values bound; past it, or where the tensor level does not offer a function yet,
    the one level that runs.

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
        echoed = pasted.echoed(tree, form)
        if level is None:
            result, rng = _both(tree, form.code, limits, seed, echoed)
        else:
            result, rng = _run(tree, form.code, limits, seed, level, echoed)
        start_seed = rng.initial_seed()
    except InputError as err:
        raise _placed(_with_close_names(err, tree, form.code), form, source) from None
    result.source = source
    result.seed = start_seed
    return result


def _run(tree, code, limits, seed, level, echoed):
    """One run of a checked tree at ``level``, in a context of its own: its Evaluation and
    torch's default generator (an InputError carries the seed the run started from)."""
    interpreter = _Interpreter(code, limits, echoed, level)
    context = contextvars.copy_context()
    context.run(levels.LEVEL.set, level)
    context.run(sizes.set_element_limit,
                sizes.MAX_ARRAY_ELEMENTS if level == levels.TENSOR else sizes.MAX_ELEMENTS)
    context.run(pyplot.start)  # the figures its `plt` draws, its own
    rng = context.run(generator.start, seed)  # torch's default generator
    # the snippet's `random`, its own, from torch's seed so that the rerun draws the same
    context.run(pyrandom.start, rng.initial_seed())
    # its numpy random state, from torch's seed so that the rerun draws the same, and its arrays
    context.run(numpyish.start, rng.initial_seed(), limits.arrays)
    try:
        result = context.run(_ieee, interpreter.run, tree)
    except InputError as err:
        err.seed = rng.initial_seed()
        raise
    result.level = level
    result.plots = context.run(pyplot.recorded)
    result.unseeded_draws = (rng.unseeded_draws or context.run(pyrandom.unseeded_draws)
                             or context.run(numpyish.unseeded_draws))
    return result, rng


def _both(tree, code, limits, seed, echoed):
    """The tensor level's run for what it prints, the scalar level's rerun for what it drew."""
    try:
        tensor_run, rng = _run(tree, code, limits, seed, levels.TENSOR, echoed)
    except InputError as err:
        if err.key != "level.unoffered":
            raise
        return _run(tree, code, limits, err.seed, levels.SCALAR, echoed)
    try:
        scalar_run, _ = _run(tree, code, limits, rng.initial_seed(), levels.SCALAR, echoed)
    except InputError as err:
        # past the Values bound, out of time on Values (slower than the tensor run that
        # finished), or a function only the tensor level offers: the tensor level's run,
        # saying what stopped the scalar one
        if (err.key == "limit.values" and err.tensor_work) or err.key in (
                "limit.seconds", "level.unoffered", "limit.tensor"):
            tensor_run.scalar_stop = err.key
            return tensor_run, rng
        raise
    scalar_run.printed = tensor_run.printed
    scalar_run.tensor_run = tensor_run
    scalar_run.plots = tensor_run.plots  # drawn from the numbers it printed
    return scalar_run, rng


def _ieee(run, tree):
    """Run with numpy's floating-point warnings off: inf and nan are results here, as in torch."""
    with np.errstate(all="ignore"):
        return run(tree)


def _with_close_names(err, tree, code):
    """The static check's error with a close name for each attribute that nothing offers: a
    member of the module its receiver names (``torch.tensr``), else an attribute of an object."""
    unknown = {m.params["name"] for _, _, m in err.problems if m.key == "check.attribute"}
    if not unknown:
        return err
    lines = code.splitlines()
    objects = namespaces.SUGGESTED_ATTRIBUTES | _LIST_METHODS
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
               ast.Pass, ast.Break, ast.Continue, ast.Import, ast.ImportFrom, ast.Assert,
               ast.While, ast.FunctionDef, ast.Return, ast.ClassDef, ast.Try, ast.Raise,
               ast.Delete, ast.Global, ast.Nonlocal)
_EXPRESSIONS = (ast.BoolOp, ast.BinOp, ast.UnaryOp, ast.IfExp, ast.ListComp, ast.GeneratorExp,
                ast.Compare, ast.Call, ast.Constant, ast.Attribute, ast.Subscript, ast.Starred,
                ast.Name, ast.List, ast.Tuple, ast.Slice, ast.JoinedStr, ast.FormattedValue,
                ast.Dict, ast.Set, ast.DictComp, ast.SetComp, ast.Lambda)
_PARTS = (ast.Load, ast.Store, ast.Del, ast.comprehension, ast.keyword, ast.alias, ast.withitem,
          ast.boolop, ast.cmpop, ast.unaryop, ast.operator, ast.arguments, ast.arg,
          ast.ExceptHandler)
_SUPPORTED = _STATEMENTS + _EXPRESSIONS + _PARTS

# the message key for each construct outside the subset
_UNSUPPORTED = {
    "AsyncFunctionDef": "check.async_def",
    "AsyncFor": "check.async_for",
    "AsyncWith": "check.async_with",
    "TryStar": "check.try_star",
    "AnnAssign": "check.annotation",
    "Match": "check.match",
    "NamedExpr": "check.walrus",
    "Yield": "check.yield",
    "YieldFrom": "check.yield_from",
    "Await": "check.await",
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
_LIST_METHODS = frozenset(("append", "extend", "pop", "insert", "index", "count", "reverse",
                           "sort", "remove", "copy", "clear"))
_TUPLE_METHODS = frozenset(("index", "count"))
_STR_METHODS = frozenset((
    "format", "join", "split", "rsplit", "splitlines", "strip", "lstrip", "rstrip", "upper",
    "lower", "title", "capitalize", "replace", "startswith", "endswith", "find", "count", "index",
    "center", "ljust", "rjust", "zfill", "isdigit", "isalpha", "isspace",
))
_DICT_METHODS = frozenset(("items", "keys", "values", "get", "update", "pop", "setdefault",
                           "copy", "clear"))
_SET_METHODS = frozenset(("add", "update", "discard", "remove", "pop", "copy", "clear", "union",
                          "intersection", "difference"))
_METHODS_OF = types.MappingProxyType({list: _LIST_METHODS, tuple: _TUPLE_METHODS,
                                      str: _STR_METHODS, dict: _DICT_METHODS, set: _SET_METHODS,
                                      collections.OrderedDict: _DICT_METHODS})
_PYTHON_METHODS = frozenset().union(*_METHODS_OF.values())
_EXCEPTION_ATTRIBUTES = frozenset(("args",))
_SCOPES = (ast.FunctionDef, ast.Lambda, ast.ClassDef)  # new scopes, outside any loop
# the special methods a snippet's class may define; every other dunder is refused
_CLASS_DUNDERS = frozenset(("__init__", "__call__", "__repr__", "__str__"))
_GRAD_DECORATORS = frozenset(("no_grad", "enable_grad"))
_VIEWS = (type({}.keys()), type({}.values()), type({}.items()))
_CONTAINERS = (list, tuple, dict, set, frozenset) + _VIEWS


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
    user_attributes = _user_attributes(tree)
    stack = [(tree, 0, False, tree, False)]
    while stack:
        node, depth, in_loop, anchor, in_function = stack.pop()
        if hasattr(node, "lineno"):
            anchor = node  # nodes without a position (comprehension, withitem) use their parent's
        if depth > limits.depth:
            line, col = _position(anchor, lines)
            raise InputError("limit.depth", line, col, {"limit": limits.depth})
        problem = _node_problem(node, in_loop, in_function, user_attributes)
        if problem:
            found.append((*_position(anchor, lines), problem))
            continue
        scope = isinstance(node, _SCOPES)
        for child_field, value in ast.iter_fields(node):
            if child_field in ("annotation", "returns"):
                continue  # annotations are never evaluated here
            children = value if isinstance(value, list) else [value]
            loop = in_loop and not scope or \
                (isinstance(node, (ast.For, ast.While)) and child_field == "body")
            stack.extend((c, depth + 1, loop, anchor, in_function or scope)
                         for c in children if isinstance(c, ast.AST))
    found.extend(_declaration_problems(tree, lines))
    if found:
        found.sort(key=lambda p: p[:2])
        line, col, first = found[0]
        raise InputError(first.key, line, col, first.params, found)


def _declaration_problems(tree, lines):
    """Python's SyntaxErrors of ``global`` and ``nonlocal`` in functions: a parameter declared,
    a name used before its declaration, a ``nonlocal`` no enclosing function binds."""
    found = []
    stack = [(tree, ())]  # a node, and the local names of the functions around it
    while stack:
        node, enclosing = stack.pop()
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, (ast.FunctionDef, ast.Lambda)):
                stack.append((child, enclosing))
                continue
            names = _scope_names(child)
            a = child.args
            params = {p.arg for p in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg]
                      if p}
            seen = {}  # name -> the first place the body uses it, in source order
            for n in _own_nodes(child):
                if isinstance(n, ast.Name):
                    seen.setdefault(n.id, (n.lineno, n.col_offset, n.ctx))
                if not isinstance(n, (ast.Global, ast.Nonlocal)):
                    continue
                word = "global" if isinstance(n, ast.Global) else "nonlocal"
                for name in n.names:
                    where = (n.lineno, n.col_offset)
                    if name in params:
                        problem = Message("check.declared_parameter", {"name": name,
                                                                       "word": word})
                    elif name in seen and seen[name][:2] < where:
                        used = "check.declared_after_assignment" if isinstance(
                            seen[name][2], ast.Store) else "check.declared_after_use"
                        problem = Message(used, {"name": name, "word": word})
                    elif word == "nonlocal" and not any(name in e for e in enclosing):
                        problem = Message("check.nonlocal_binding", {"name": name})
                    else:
                        continue
                    found.append((*_position(n, lines), problem))
            stack.append((child, (*enclosing, names.local)))
    return found


def _own_nodes(func):
    """The nodes of a function's own scope, in source order (not those of nested scopes)."""
    nodes = []
    stack = list(reversed(func.body)) if isinstance(func.body, list) else [func.body]
    while stack:
        n = stack.pop()
        nodes.append(n)
        if not isinstance(n, (ast.FunctionDef, ast.Lambda, ast.ClassDef, ast.ListComp,
                              ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            stack.extend(reversed(list(ast.iter_child_nodes(n))))
    return sorted((n for n in nodes if hasattr(n, "lineno")),
                  key=lambda n: (n.lineno, n.col_offset))


def _user_attributes(tree):
    """The attribute names the snippet defines itself: ``self.x = ...``, its classes' members."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.ClassDef):
            for stmt in node.body:
                if isinstance(stmt, ast.FunctionDef):
                    names.add(stmt.name)
                elif isinstance(stmt, ast.Assign):
                    names.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
    return frozenset(names)


def _node_problem(node, in_loop, in_function=False, user_attributes=frozenset()):
    """What is wrong with one node (a Message), or None."""
    if not isinstance(node, _SUPPORTED):
        kind = type(node).__name__
        return Message(_UNSUPPORTED.get(kind, "check.unsupported"), {"kind": kind})
    if isinstance(node, ast.Name):
        if node.id == "__name__":  # `if __name__ == '__main__':`, read only
            return None if isinstance(node.ctx, ast.Load) else \
                Message("check.underscore_name", {"name": node.id})
        return _name_problem(node.id)
    if isinstance(node, ast.Attribute):
        if node.attr == "__init__" and _is_super_call(node.value):
            return None  # super().__init__(), the one dunder a snippet calls
        if node.attr == "__name__" and isinstance(node.ctx, ast.Load):
            return None  # the name of a class or function, a string
        if node.attr in user_attributes and not node.attr.startswith("_"):
            return None
        return _attribute_problem(node.attr)
    if isinstance(node, ast.ClassDef):
        return _class_problem(node)
    if isinstance(node, (ast.BinOp, ast.AugAssign)) and type(node.op) not in _OPERATORS:
        return Message("check.operator", {"op": _SYMBOLS[type(node.op)]})
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Invert):
        return Message("check.invert")
    if isinstance(node, ast.Constant):
        return _constant_problem(node.value)
    if isinstance(node, ast.keyword):
        return _name_problem(node.arg or "")
    if isinstance(node, ast.ExceptHandler):
        return _name_problem(node.name or "")
    if isinstance(node, ast.Nonlocal) and not in_function:
        return Message("check.nonlocal_module")
    if isinstance(node, (ast.Global, ast.Nonlocal)):
        return next(filter(None, map(_name_problem, node.names)), None)
    if isinstance(node, ast.arg):
        return _name_problem(node.arg)
    if isinstance(node, ast.FunctionDef):
        if not all(_is_grad_decorator(d) or _is_staticmethod(d) for d in node.decorator_list):
            return Message("check.decorator")
        return None if node.name in _CLASS_DUNDERS else _name_problem(node.name)
    if isinstance(node, ast.Return) and not in_function:
        return Message("check.outside_function", {"word": "return"})
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return _import_problem(node)
    if isinstance(node, ast.alias):
        return _name_problem(node.asname or "") or _name_problem(node.name.split(".")[-1])
    if isinstance(node, (ast.For, ast.While)) and node.orelse:
        return Message("check.for_else", {"word": "for" if isinstance(node, ast.For) else "while"})
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


def _is_super_call(node):
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
        and node.func.id == "super"


def _class_problem(node):
    """What a class statement may not do: several bases, keywords, decorators, other dunders."""
    if node.decorator_list:
        return Message("check.decorator")
    if node.keywords:
        return Message("check.class_keywords")
    if len(node.bases) > 1:
        return Message("check.class_bases")
    for stmt in node.body:
        if isinstance(stmt, ast.FunctionDef):
            if stmt.name.startswith("__") and stmt.name.endswith("__") \
                    and stmt.name not in _CLASS_DUNDERS:
                return Message("check.dunder", {"name": stmt.name})
        elif isinstance(stmt, ast.Assign):
            if not all(isinstance(t, ast.Name) for t in stmt.targets):
                return Message("check.class_body")
        elif not isinstance(stmt, ast.Pass) and not (
                isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)):
            return Message("check.class_body")
    return _name_problem(node.name)


def _is_staticmethod(node):
    """``@staticmethod``, which a class's methods may carry (torch.autograd.Function's do)."""
    return isinstance(node, ast.Name) and node.id == "staticmethod"


def _is_grad_decorator(node):
    """``@torch.no_grad()`` (or ``no_grad``, ``enable_grad``, with or without the call)."""
    if isinstance(node, ast.Call) and not node.args and not node.keywords:
        node = node.func
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
    return name in _GRAD_DECORATORS


def _attribute_problem(attr):
    if attr.startswith("_"):
        return Message("check.underscore_attribute", {"name": attr})
    if attr not in namespaces.ALL_ATTRIBUTES and attr not in _PYTHON_METHODS \
            and attr not in _EXCEPTION_ATTRIBUTES:
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


class _Return(Exception):
    """`return` inside a function body (the static check keeps it inside functions)."""

    def __init__(self, value):
        super().__init__()
        self.value = value


class _Raised(InputError):
    """An exception of the snippet in flight: ``.value`` is the snippet's exception object.

    Uncaught, it ends the run as the plain InputError it also is (its key says what happened,
    at its line), which never carries the object out of the evaluation.
    """

    def __init__(self, value, key, line, col, params=None):
        super().__init__(key, line, col, params)
        self.value = value


class _Locals(dict):
    """A call's variables; ``names`` are all the names its body binds (Python's local names),
    ``declared`` the function's _ScopeNames (its ``global`` and ``nonlocal`` names)."""

    __slots__ = ("names", "declared")


class _Function:
    """A function the snippet defined (``def`` or ``lambda``): its code, defaults and closure.

    The interpreter runs its body; nothing here is a Python function, and a snippet reads none of
    these slots (attribute access on it is refused).
    """

    __slots__ = ("name", "node", "params", "defaults", "closure", "local_names", "context",
                 "owner", "static")

    def __init__(self, name, node, params, defaults, closure, local_names, context=None):
        self.name = name
        self.node = node
        self.params = params
        self.defaults = defaults
        self.closure = closure
        self.local_names = local_names
        self.context = context
        self.owner = None  # the _Class whose body defined it (for super())
        self.static = False  # a @staticmethod: called through an object, it takes no self

    def __repr__(self):
        return f"<function {self.name}>"


class _Class:
    """A class the snippet defined: its name, its one base (a _Class or None) and its members.

    Its methods are _Functions run by the interpreter; text for ``print`` comes from the
    snippet's own ``__repr__``/``__str__`` through the interpreter that made the class.
    Python's exception classes are _Classes too (``builtin``), one set per evaluation;
    ``exception`` says whether the class derives from BaseException.
    """

    __slots__ = ("name", "base", "members", "interpreter", "module", "function", "builtin",
                 "exception")

    def __init__(self, name, base, members, interpreter, module=False, function=False,
                 builtin=False):
        self.name = name
        self.base = base
        self.members = members
        self.interpreter = interpreter
        self.module = module or (base is not None and base.module)  # derives from nn.Module
        # derives from torch.autograd.Function
        self.function = function or (base is not None and base.function)
        self.builtin = builtin
        self.exception = builtin or base is not None and base.exception

    def find(self, name):
        """The member ``name`` of this class or its bases, or None."""
        cls = self
        while cls is not None:
            if name in cls.members:
                return cls.members[name]
            cls = cls.base
        return None

    def inherits(self, other):
        cls = self
        while cls is not None:
            if cls is other:
                return True
            cls = cls.base
        return False

    def __repr__(self):
        return f"<class '{self.name}'>" if self.builtin else f"<class '__main__.{self.name}'>"


class _Instance:
    """An object of a snippet's class: its class and its own attributes.

    An exception also holds its ``args`` (a tuple; None for other objects) and, when the
    engine raised it, the ``origin`` the run ends with if nothing catches it: (key, params,
    line, col).
    """

    __slots__ = ("cls", "attrs", "args", "origin")

    def __init__(self, cls, args=None):
        self.cls = cls
        self.attrs = {}
        self.args = args
        self.origin = None

    def __repr__(self):
        return self.cls.interpreter.instance_text(self, "__repr__")

    def __str__(self):
        return self.cls.interpreter.instance_text(self, "__str__")


class _ModuleInstance(_Instance, torch_nn.Module):
    """An object of a snippet's class derived from ``nn.Module``: the engine's Module (so
    containers, ``parameters()`` and ``print`` treat it as torch does) whose ``forward`` and
    text are the snippet's, run by the interpreter. Its Module state starts at
    ``super().__init__()``, as in torch."""

    def __init__(self, cls):
        super().__init__(cls)

    def _get_name(self):
        return self.cls.name

    def forward(self, *args, **kwargs):
        interpreter = self.cls.interpreter
        method = self.cls.find("forward")
        if method is None:
            raise keyed(NotImplementedError, "nn.no_forward", name=self.cls.name)
        return interpreter.call(_BoundMethod(method, self), list(args), kwargs, interpreter.node)

    def __repr__(self):
        if "_modules" not in self.__dict__:  # before super().__init__()
            return f"<__main__.{self.cls.name} object>"
        if self.cls.find("__repr__") is None:
            return torch_nn.Module.__repr__(self)
        return self.cls.interpreter.instance_text(self, "__repr__")

    def __str__(self):
        if self.cls.find("__str__") is None:
            return repr(self)
        return self.cls.interpreter.instance_text(self, "__str__")


class _BoundMethod:
    """``obj.method``: a snippet's function with its first argument bound."""

    __slots__ = ("func", "obj")

    def __init__(self, func, obj):
        self.func = func
        self.obj = obj

    def __repr__(self):
        owner = self.obj if self.obj.__class__ is _Class else self.obj.cls
        return f"<bound method {owner.name}.{self.func.name}>"


class _Context:
    """The ``ctx`` of a torch.autograd.Function: what forward saves for backward, and any
    attribute the snippet sets on it."""

    __slots__ = ("saved", "attrs")

    def __init__(self):
        self.saved = ()
        self.attrs = {}

    def __repr__(self):
        return "<torch.autograd.function.FunctionCtx object>"


class _Super:
    """``super()``: the members of a class's base, bound to the object."""

    __slots__ = ("cls", "obj")

    def __init__(self, cls, obj):
        self.cls = cls
        self.obj = obj

    def __repr__(self):
        return "<super object>"


class _ExceptionInit:
    """``super().__init__`` in a snippet's exception class: sets the exception's ``args``."""

    __slots__ = ("obj",)

    def __init__(self, obj):
        self.obj = obj

    def __repr__(self):
        return "<method-wrapper '__init__'>"


class _Builtin:
    """A built-in function of the snippet language, implemented by the interpreter."""

    __slots__ = ("name", "method")

    def __init__(self, name, method):
        self.name = name
        self.method = method

    def __repr__(self):
        if self.name in _TYPES:
            return f"<class '{self.name}'>"  # int, float, list...: classes, as Python shows them
        return f"<built-in function {self.name}>"


class _ListMethod(namespaces.Method):
    """A method of a list or tuple (``xs.append``), run by the interpreter under its bounds."""

    __slots__ = ()

    def __repr__(self):
        return f"<built-in method {self.name} of {type(self.obj).__name__} object>"


def _among(x, items):
    """Whether ``x`` is one of ``items`` itself (``in`` would compare tensors elementwise)."""
    for item in items:
        if item is x:
            return True
    return False


def _is_int(x):
    return isinstance(x, int) and not isinstance(x, bool)


def _count(x):
    """An integer tensor used where Python takes an int (``[0] * n``, ``round(x, n)``) as the int
    it stands for, so the bounds on ints apply to it; anything else unchanged."""
    if isinstance(x, Tensor) and not x.dtype.is_floating_point and x.numel() == 1:
        return operator.index(x)
    if isinstance(x, np.integer):
        return int(x)
    return x


def _sequence(x):
    return isinstance(x, (str, list, tuple))


def _members(x):
    # a dict's keys and values; any other container's items
    return itertools.chain(x.keys(), x.values()) if isinstance(x, dict) else iter(x)


def _footprint(x, limit):
    """Items in x, counting a nested list or tuple every time it appears (stops past ``limit``).

    A list can hold the same list many times (``[row] * 1000``), so what printing or comparing
    it costs is this count, not its length; cycles (a list inside itself) count once. Dicts,
    sets and a dict's views count the same way; a string counts its characters, a tensor its
    elements, a model its neurons (``namespaces.size_of``).
    """
    if isinstance(x, str):
        return len(x)
    if not isinstance(x, _CONTAINERS):
        return namespaces.size_of(x)
    total = 1
    path = {id(x)}
    stack = [(x, _members(x))]
    while stack:
        container, items = stack[-1]
        for item in items:
            total += 1 if isinstance(item, (list, tuple)) else namespaces.size_of(item)
            if total > limit:
                return total
            if isinstance(item, _CONTAINERS) and item and id(item) not in path:
                path.add(id(item))
                stack.append((item, _members(item)))
                break
        else:
            stack.pop()
            path.discard(id(container))
    return total


class _Interpreter:
    """One evaluation: the variables, the printed text, the counters of every bound."""

    def __init__(self, source, limits, echoed=frozenset(), level=levels.SCALAR):
        self.source = source
        self.level = level
        self.echoed = echoed  # ids of the expression statements whose values are shown
        self.source_lines = source.splitlines()
        self.limits = limits
        self.deadline = time.perf_counter() + limits.seconds
        # what a new tensor's elements count against (bound_error)
        self.element_bound = limits.elements if level == levels.TENSOR else limits.values
        self.names = {}
        self.scopes = []  # comprehension variables, innermost last
        self.assigned_at = {}
        self.text = []
        self.values_made = 0
        self.scalar_made = 0  # of which micrograd-style Values (Value, MLP)
        self.iterations = 0
        self.items = 0
        self.output = None
        self.backward_called = False
        self.last_scalar = None
        self.node = None  # the statement running, for errors raised outside any expression
        self.call_depth = 0  # calls of the snippet's own functions in progress
        self.frames = []  # (function, its scope) of each call in progress, innermost last
        self.finished = False  # after the run, objects of the snippet's classes print plainly
        self.bound_names = {}  # function node -> the names its body binds
        self.functions = []  # (outputs, ctx, backward, args) of each autograd.Function applied
        self.exceptions = _exception_classes(self)  # Python's exception classes, this run's own
        self.handling = []  # the exceptions whose `except` blocks are running, innermost last
        self.shown = []  # the last value the REPL echoed, once there is one: `_` reads it

    # --- running and finishing -------------------------------------------------------------------
    def run(self, tree):
        """Interpret the module and return its Evaluation."""
        try:
            with enable_grad():  # a snippet starts recording, whatever context its caller is in
                self.block(tree.body)
                self.finish()
        except _Raised as raised:  # nothing caught it: the error, without the object
            raise self.uncaught(raised) from None
        except InputError:
            raise
        except Exception as exc:  # noqa: BLE001 - nothing but InputError leaves evaluate
            raise self.error(exc, self.node) from None
        finally:
            self.finished = True
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
        if self.level == levels.TENSOR:  # no scalar graph to draw the gradients on
            self.output = root if isinstance(root, Tensor) else None
            return
        if isinstance(root, Tensor):
            root = root.values()[0]
        root.backward()
        if self.functions:
            self.function_backwards(self.node)
        self.output = root

    # --- errors and bounds ---------------------------------------------------------------------
    def error(self, exc, node):
        """An InputError at ``node`` for an exception raised while running it.

        What Python or torch would raise becomes an exception the snippet can catch (a _Raised
        holding Python's or torch's class and text); the bounds never do.
        """
        if isinstance(exc, InputError):
            return exc
        if isinstance(exc, RecursionError) and self.call_depth:
            return self.refuse("limit.calls", node, limit=self.limits.calls)
        line, col = _position(node, self.source_lines) if node is not None else (1, 1)
        key, params = _describe(exc)
        caught_as = _python_exception(exc, key, params)
        if caught_as is None:
            return InputError(key, line, col, params)
        return self.raised(*caught_as, key, line, col, params)

    def refuse(self, key, node, **params):
        """An InputError at ``node`` saying ``key`` (catchable when Python raises it too)."""
        line, col = _position(node, self.source_lines)
        if key in _CATCHABLE:
            kind, text_key = _CATCHABLE[key]
            return self.raised(kind, (render(text_key or key, params),), key, line, col, params)
        return InputError(key, line, col, params)

    def raised(self, kind, args, key, line, col, params):
        """A _Raised of a new exception of Python's class ``kind``, ending in ``key`` uncaught."""
        value = _Instance(self.exceptions[kind], tuple(args))
        value.origin = (key, params, line, col)
        return _Raised(value, key, line, col, params)

    def uncaught(self, raised):
        """The InputError an exception nothing caught ends the run with, at its line."""
        key, params, line, col = raised.value.origin
        if key is not None:
            return InputError(key, line, col, params)
        try:
            text = self.instance_text(raised.value, "__str__")
        except InputError:  # its own __str__ failed: Python prints this instead
            text = "<exception str() failed>"
        key = "run.raised" if text else "run.raised_empty"
        return InputError(key, line, col, {**params, "text": _shortened(text)})

    def tick(self, node):
        """Check the wall-time bound."""
        if time.perf_counter() > self.deadline:
            raise self.refuse("limit.seconds", node, limit=self.limits.seconds)

    def charge_values(self, n, node, scalar=False):
        """Count ``n`` Values created against the Values bound. ``scalar`` marks Values of
        micrograd-style code (``Value``, ``MLP``); the others are tensors' elements, which on the
        tensor level count against the elements bound instead."""
        if scalar:
            self.scalar_made += n
        if self.level == levels.TENSOR:
            if scalar and self.scalar_made > self.limits.values:
                raise self.refuse("limit.values", node, limit=self.limits.values)
            if not scalar:
                self.values_made += n
                if self.values_made > self.limits.elements:
                    raise self.refuse("limit.elements", node, limit=self.limits.elements)
            return
        self.values_made += n
        if self.values_made > self.limits.values:
            raise self.bound_error(node)

    def bound_error(self, node):
        """The error for ``values_made`` past ``element_bound``, the bound a new tensor's
        elements count against (``charge_values``'s count for them, which the commonest
        operations make in place: ``self.values_made += n``, then this past the bound)."""
        if self.level == levels.TENSOR:
            return self.refuse("limit.elements", node, limit=self.limits.elements)
        err = self.refuse("limit.values", node, limit=self.limits.values)
        err.tensor_work = self.values_made > self.scalar_made  # a rerun on tensors may fit
        return err

    def charge_built(self, x, node):
        """Count the items (or characters) of a new list, tuple or string against the bound.

        Only the new container's own slots are memory; what its nested lists would cost to print
        or compare is checked when that happens (check_footprint).
        """
        self.charge_items(len(x) if isinstance(x, (str, list, tuple, dict, set)) else 1, node)

    def check_footprint(self, x, node):
        """Refuse to print or compare what is larger than what is left of the items bound."""
        room = self.limits.items - self.items
        if (1 if x.__class__ in _NUMBERS else _footprint(x, room)) > room:
            raise self.items_error(node)

    def charge_items(self, n, node):
        """Count ``n`` list items or characters built against the items bound."""
        self.items += n
        if self.items > self.limits.items:
            raise self.items_error(node)

    def items_error(self, node):
        """The items bound, hit at ``node``."""
        return self.refuse("limit.items", node, limit=self.limits.items)

    def count_step(self, node, n=1):
        """``n`` loop steps against the loop-steps and time bounds."""
        self.iterations += n
        if self.iterations > self.limits.iterations:
            raise self.refuse("limit.iterations", node, limit=self.limits.iterations)
        self.tick(node)

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
            if time.perf_counter() > self.deadline:  # tick's test, in place
                self.tick(stmt)
            _STATEMENT_RUNNERS[type(stmt)](self, stmt)

    def stmt_expr(self, node):
        value = self.eval(node.value)
        if value is not None and id(node) in self.echoed:
            self.text.append(self.to_repr(value, node) + "\n")
            self.shown = [value]  # `_`, as the REPL's display hook keeps it

    def stmt_assign(self, node):
        value = self.eval(node.value)
        for target in node.targets:
            if target.__class__ is _NAME:  # assign's commonest target, bound in place
                self.bind(target.id, value, target, label=True)
            else:
                self.assign(target, value, label=True)

    def stmt_augassign(self, node):
        target = node.target
        if target.__class__ is _NAME:
            current = self.lookup(target.id, target)
        elif isinstance(target, ast.Attribute):
            obj = self.eval(target.value)
            current = self.attribute(obj, target.attr, target)
        else:
            obj, key = self.eval(target.value), self.eval(target.slice)
            current = self.subscript(obj, key, target)
        value = self.arith(type(node.op), current, self.eval(node.value), node, in_place=True)
        if target.__class__ is _NAME:
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

    def stmt_while(self, node):
        while self.truth(self.eval(node.test), node.test):
            self.count_step(node)
            try:
                self.block(node.body)
            except _Break:
                break
            except _Continue:
                continue

    def stmt_functiondef(self, node):
        context = None
        for decorator in node.decorator_list:  # the static check allows only the grad modes
            if _is_staticmethod(decorator):  # and @staticmethod, inside a class only
                raise self.refuse("check.decorator", decorator)
            value = self.eval(decorator)
            if isinstance(value, namespaces.Function):
                value = self.call(value, [], {}, decorator)
            if not namespaces.is_no_grad_context(value):
                raise self.refuse("check.decorator", decorator)
            context = context or type(value)
        self.bind(node.name, self.function(node, node.name, context), node)

    def expr_lambda(self, node):
        return self.function(node, "<lambda>")

    def function(self, node, name, context=None):
        """A _Function for a def or lambda node: its defaults evaluated now, as Python does."""
        a = node.args
        positional = a.posonlyargs + a.args
        defaults = {p.arg: self.eval(d) for p, d in zip(positional[::-1], a.defaults[::-1])}
        defaults |= {p.arg: self.eval(d) for p, d in zip(a.kwonlyargs, a.kw_defaults) if d}
        if node not in self.bound_names:
            self.bound_names[node] = _scope_names(node)
        return _Function(name, node, _parameters_of(a, defaults), defaults, tuple(self.scopes),
                         self.bound_names[node], context)

    def stmt_classdef(self, node):
        base, module, function = None, False, False
        if node.bases and not (isinstance(node.bases[0], ast.Name) and node.bases[0].id == "object"
                               and self.is_unbound("object")):
            base = self.eval(node.bases[0])
            if isinstance(base, namespaces.Function) and base.fn is torch_nn.Module:
                base, module = None, True
            elif base is namespaces.AUTOGRAD_FUNCTION:
                base, function = None, True
            elif isinstance(base, namespaces.Function) \
                    and namespaces.instance_class(base) is not None \
                    and issubclass(namespaces.instance_class(base), torch_nn.Module):
                raise self.refuse("nn.module_base", node.bases[0], name=base.qualname)
            elif base.__class__ is not _Class:
                raise self.refuse("run.class_base", node.bases[0], kind=_kind(base))
        cls = _Class(node.name, base, {}, self, module, function)
        for stmt in node.body:  # the static check keeps to defs, assignments, docstrings, pass
            self.node = stmt
            if isinstance(stmt, ast.FunctionDef):
                self.tick(stmt)
                method = self.function(stmt, stmt.name)
                method.owner = cls
                method.static = any(map(_is_staticmethod, stmt.decorator_list))
                if any(not _is_staticmethod(d) for d in stmt.decorator_list):
                    raise self.refuse("check.decorator", stmt)
                cls.members[stmt.name] = method
            elif isinstance(stmt, ast.Assign):
                self.scopes.append(cls.members)  # later members may read earlier ones
                try:
                    value = self.eval(stmt.value)
                finally:
                    self.scopes.pop()
                for target in stmt.targets:
                    cls.members[target.id] = value
            self.charge_items(1, stmt)
        self.bind(node.name, cls, node)

    def is_unbound(self, name):
        return all(name not in scope for scope in self.scopes) and name not in self.names

    def instantiate(self, cls, args, kwargs, node):
        """``cls(*args, **kwargs)``: a new object, its ``__init__`` run on it.

        An exception keeps the arguments it was made with as its ``args``, as Python's
        BaseException does, until its ``super().__init__(...)`` sets them.
        """
        self.charge_items(1, node)
        init = cls.find("__init__")
        if cls.exception and init is None and kwargs:
            raise self.refuse("run.exception_keywords", node, name=cls.name)
        obj = _ModuleInstance(cls) if cls.module else \
            _Instance(cls, tuple(args) if cls.exception else None)
        if init is not None:
            result = self.call(init, [obj, *args], kwargs, node)
            if result is not None:
                raise self.refuse("run.init_result", node, kind=_kind(result))
        return obj

    def instance_text(self, obj, name):
        """str() or repr() of an object of a snippet's class: its own method's text, if any."""
        method = obj.cls.find(name) or \
            (obj.cls.find("__repr__") if name == "__str__" and obj.args is None else None)
        if method is None or self.finished:
            if obj.args is not None:
                return self.exception_text(obj, name, self.node)
            return f"<__main__.{obj.cls.name} object>"
        node = self.node
        text = self.call(method, [obj], {}, node)
        if not isinstance(text, str):
            raise self.refuse("run.text_result", node, name=name, kind=_kind(text))
        return text

    def builtin_super(self, node, *args):
        if args:
            if len(args) != 2 or args[0].__class__ is not _Class \
                    or not (isinstance(args[1], _Instance) and args[1].cls.inherits(args[0])):
                raise keyed(TypeError, "run.super_arguments")
            return _Super(args[0], args[1])
        func, scope = self.frames[-1] if self.frames else (None, None)
        first = (func.node.args.posonlyargs + func.node.args.args)[:1] if func else []
        if func is None or func.owner is None or not first or first[0].arg not in scope:
            raise keyed(RuntimeError, "run.super_outside")
        return _Super(func.owner, scope[first[0].arg])

    def object_init(self, node):
        """``object.__init__``: what ``super().__init__()`` reaches past the last base."""

    def module_init(self, node, obj):
        """``nn.Module.__init__``: the object's parameter and submodule tables start empty."""
        torch_nn.Module.__init__(obj)

    def stmt_return(self, node):
        raise _Return(self.eval(node.value) if node.value is not None else None)

    def call_function(self, func, args, kwargs, node):
        """Run a snippet's own function: a new scope over its closure, a step of the budget."""
        self.count_step(node)
        if self.call_depth >= self.limits.calls:
            raise self.refuse("limit.calls", node, limit=self.limits.calls)
        scope = _Locals(func.defaults)
        scope.names, scope.declared = func.local_names.local, func.local_names
        a = func.node.args
        positional = [p.arg for p in a.posonlyargs + a.args]
        scope.update(zip(positional, args))
        if a.vararg:
            scope[a.vararg.arg] = tuple(args[len(positional):])
        extra = {k: v for k, v in kwargs.items() if k not in func.params.keywords}
        scope.update((k, v) for k, v in kwargs.items() if k in func.params.keywords)
        if a.kwarg:
            self.charge_built(extra, node)
            scope[a.kwarg.arg] = extra
        saved, statement = self.scopes, self.node
        self.scopes = [*func.closure, scope]
        self.frames.append((func, scope))
        self.call_depth += 1
        context = func.context() if func.context else None
        try:
            if context:
                context.__enter__()
            if isinstance(func.node, ast.Lambda):
                return self.eval(func.node.body)
            try:
                self.block(func.node.body)
            except _Return as done:
                return done.value
            return None
        except InputError:
            raise
        except Exception as exc:  # noqa: BLE001 - reported at the line of the body that raised
            raise self.error(exc, self.node if self.node is not statement else node) from None
        finally:
            if context:
                context.__exit__(None, None, None)
            self.call_depth -= 1
            self.frames.pop()
            self.scopes, self.node = saved, statement

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
            line, col = _position(node, self.source_lines)
            if node.msg:
                message = self.eval(node.msg)
                raise self.raised("AssertionError", (message,), "run.assert_message", line, col,
                                  {"text": _shortened(self.to_text(message, node))})
            raise self.raised("AssertionError", (), "run.assert", line, col, {})

    # --- exceptions ----------------------------------------------------------------------------
    def stmt_try(self, node):
        """try / except / else / finally, as Python runs them; the bounds pass through untouched.

        ``finally`` runs when the block ends, or leaves by an exception of the snippet, break,
        continue or return; never after a bound (a ``return`` in it could swallow the bound).
        """
        try:
            self.try_handlers(node)
        except (_Raised, _Break, _Continue, _Return):
            self.block(node.finalbody)
            raise
        self.block(node.finalbody)

    def try_handlers(self, node):
        try:
            self.block(node.body)
        except _Raised as raised:
            handler, value = self.handler_for(raised.value, node), raised.value
            if handler is None:
                raise
        else:
            self.block(node.orelse)
            return
        self.handle(handler, value)

    def handler_for(self, value, node):
        """The first ``except`` clause of ``node`` that catches ``value``, or None."""
        for handler in node.handlers:
            if handler.type is None:
                return handler
            self.node = handler
            classes = self.eval(handler.type)
            for cls in classes if isinstance(classes, tuple) else (classes,):
                if cls.__class__ is not _Class or not cls.exception:
                    raise self.refuse("run.except_class", handler.type)
                if value.cls.inherits(cls):
                    return handler
        return None

    def handle(self, handler, value):
        """Run an ``except`` block on ``value``; its ``as`` name is unbound after it, as in
        Python."""
        if handler.name:
            self.bind(handler.name, value, handler)
        self.handling.append(value)
        try:
            self.block(handler.body)
        finally:
            self.handling.pop()
            if handler.name:
                self.unbind(handler.name)

    def stmt_raise(self, node):
        if node.exc is None:
            if not self.handling:
                raise self.refuse("run.reraise", node)
            raise self.throw(self.handling[-1], node)
        value = self.eval(node.exc)
        if node.cause is not None:
            cause = self.eval(node.cause)
            if cause is not None and not self.is_exception(cause):
                raise self.refuse("run.raise_cause", node.cause)
        if value.__class__ is _Class and value.exception:
            value = self.instantiate(value, [], {}, node)
        if not self.is_exception(value) or value.__class__ is _Class:
            raise self.refuse("run.raise_type", node.exc)
        raise self.throw(value, node)

    def throw(self, value, node):
        """A _Raised for ``value`` raised at ``node``; raised again, it keeps the line where it
        was first raised, as Python's traceback does."""
        if value.origin is None:
            # the key is None: its text is read if nothing catches it, as Python prints it then
            value.origin = (None, {"kind": value.cls.name}, *_position(node, self.source_lines))
        key, params, line, col = value.origin
        return _Raised(value, key or "run.raised_empty", line, col, params)

    def is_exception(self, x):
        """Whether ``x`` is an exception object or class of the snippet."""
        return x.__class__ is _Instance and x.args is not None \
            or x.__class__ is _Class and x.exception

    def exception_text(self, obj, name, node):
        """str() or repr() of an exception, as BaseException (and KeyError) write them."""
        args = obj.args

        def text(x, convert=str):
            return convert(x) if self.finished else self.to_text(x, node, convert)

        if name == "__repr__":
            return obj.cls.name + (f"({text(args[0], repr)})" if len(args) == 1
                                   else text(args, repr))
        if len(args) == 1:
            return text(args[0], repr if obj.cls.inherits(self.exceptions["KeyError"]) else str)
        return text(args, repr) if args else ""

    # --- names and assignment ------------------------------------------------------------------
    def lookup(self, name, node):
        """The value a name stands for: comprehension variable, variable, then built-in."""
        if not self.scopes and name in self.names:  # module-level code, a variable: the commonest
            return self.names[name]
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
            if scope.__class__ is _Locals:
                if name in scope.names:
                    raise self.refuse("run.unbound_local", node, name=name)
                if name in scope.declared.globals:
                    break
        if name in self.names:
            return self.names[name]
        if name == "_" and self.shown:
            return self.shown[0]
        if name == "__name__":
            return "__main__"  # a snippet runs as a script does
        if name in _BUILTINS:
            return _BUILTINS[name]
        if name in self.exceptions:
            return self.exceptions[name]
        if name in namespaces.MICROGRAD_NAMES:
            return namespaces.MICROGRAD_NAMES[name]
        raise self.undefined(name, node)

    def undefined(self, name, node):
        """The error for a name that is not defined: the import it needs, or the name it is
        closest to."""
        if name in _IMPORT_HINTS:
            return self.refuse(_IMPORT_HINTS[name], node, name=name)
        visible = itertools.chain(*self.scopes, self.names, _BUILTINS, self.exceptions,
                                  namespaces.MICROGRAD_NAMES)
        close = suggest.closest(name, visible)
        if close:
            return self.refuse("run.undefined_close", node, name=name, close=close)
        return self.refuse("run.undefined", node, name=name)

    def bind(self, name, value, node, label=False):
        """Set a variable; a fresh Value or tensor takes the name as its label."""
        scope = self.scope_of(name) if self.scopes else None
        if scope is not None:
            scope[name] = value
            return
        self.names[name] = value
        self.assigned_at[name] = node.lineno
        if not label:
            return
        if value.__class__ is _ARRAY_TENSOR:  # the commonest: what the branch below does
            if not value._label:
                value._label = name
            if value._a.size == 1:
                self.last_scalar = value
        elif isinstance(value, Value):
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

    def scope_of(self, name):
        """The scope where assigning ``name`` binds it: the innermost, the enclosing function's
        for a ``nonlocal`` name, or None for the module's variables (a ``global`` name)."""
        if not self.scopes:
            return None
        scope = self.scopes[-1]
        if scope.__class__ is not _Locals or name in scope.names:
            return scope
        if name in scope.declared.globals:
            return None
        if name in scope.declared.nonlocals:  # the static check found the function binding it
            return next(s for s in reversed(self.scopes[:-1])
                        if s.__class__ is _Locals and name in s.names)
        return scope

    def unbind(self, name, node=None):
        """Forget a variable: ``del name``, or an ``except ... as`` name after its block."""
        scope = self.scope_of(name)
        table = self.names if scope is None else scope
        if name in table:
            del table[name]
            if scope is None:
                self.assigned_at.pop(name, None)
        elif node is not None:
            if scope.__class__ is _Locals:
                raise self.refuse("run.unbound_local", node, name=name)
            raise self.refuse("run.undefined", node, name=name)

    def stmt_delete(self, node):
        for target in node.targets:
            self.delete(target)

    def delete(self, target):
        """``del`` of a name, a tuple of targets, an item or an attribute, as Python does."""
        if isinstance(target, ast.Name):
            self.unbind(target.id, target)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for t in target.elts:
                self.delete(t)
        elif isinstance(target, ast.Attribute):
            obj = self.eval(target.value)
            if obj.__class__ is _Instance and target.attr in obj.attrs:
                del obj.attrs[target.attr]
            elif obj.__class__ is _Class and obj.builtin:
                raise self.refuse("run.immutable_type", target, name=target.attr, kind=obj.name)
            elif obj.__class__ is _Class and target.attr in obj.members:
                del obj.members[target.attr]
            elif obj.__class__ in (_Instance, _Class):
                raise self.refuse("run.del_missing" if obj.__class__ is _Instance
                                  else "run.del_missing_class", target, kind=_kind(obj)
                                  if obj.__class__ is _Instance else obj.name, name=target.attr)
            else:
                raise self.refuse("run.del_attribute", target, kind=_kind(obj),
                                  name=target.attr)
        else:
            obj, key = self.eval(target.value), self.eval(target.slice)
            if not isinstance(obj, (list, dict)):
                raise self.refuse("run.del_item", target, kind=_kind(obj))
            try:
                del obj[key]
            except Exception as exc:  # noqa: BLE001 - Python's KeyError or IndexError
                raise self.error(exc, target) from None

    def stmt_global(self, node):
        pass  # the function's _ScopeNames hold what it declares

    def stmt_nonlocal(self, node):
        pass

    def assign(self, target, value, label):
        """Assign to a name, a tuple of targets, an attribute or an item."""
        if target.__class__ is _NAME:
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
        if obj.__class__ is _Context:
            if name in ("saved_tensors", "save_for_backward"):
                raise self.refuse("attr.read_only", node, kind="FunctionCtx", name=name)
            if name not in obj.attrs:
                self.charge_items(1, node)
            obj.attrs[name] = value
            return
        if obj.__class__ is _ModuleInstance and (
                isinstance(value, torch_nn.PARAMETERS) or torch_nn._is_module(value)
                or name in obj.__dict__.get("_parameters", ()) or
                name in obj.__dict__.get("_modules", ())):
            try:  # registered in assignment order, as torch's Module.__setattr__ does
                torch_nn.Module.__setattr__(obj, name, value)
            except Exception as exc:  # noqa: BLE001 - reported at the line
                raise self.error(exc, node) from None
            obj.attrs.pop(name, None)
            self.charge_items(1, node)
            return
        if obj.__class__ is _Instance and name == "args" and obj.args is not None:
            obj.args = tuple(self.builtin_list(node, value))
            return
        if obj.__class__ is _Class and obj.builtin:
            raise self.refuse("run.immutable_type", node, name=name, kind=obj.name)
        if isinstance(obj, _Instance) or obj.__class__ is _Class:
            table = obj.attrs if isinstance(obj, _Instance) else obj.members
            if name not in table:
                self.charge_items(1, node)
            table[name] = value
            return
        try:
            namespaces.set_attribute(obj, name, value)
        except Exception as exc:  # noqa: BLE001 - reported at the line
            raise self.error(exc, node) from None

    def set_item(self, obj, key, value, node):
        if isinstance(obj, dict):
            try:
                if key not in obj:
                    self.charge_items(1, node)
                obj[key] = value
            except TypeError as exc:  # an unhashable key
                raise self.error(exc, node) from None
            return
        if not isinstance(obj, (list, Tensor, numpyish.NDArray)):
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

    def expr_dict(self, node):
        out = {}
        for key, value in zip(node.keys, node.values, strict=True):
            if key is None:  # {**other}
                self.dict_update(out, self.eval(value), {}, value)
            else:
                self.set_item(out, self.eval(key), self.eval(value), node)
        return out

    def expr_set(self, node):
        items = self.elements(node.elts)
        self.charge_built(items, node)
        return self.hashed(set, items, node)

    def hashed(self, kind, items, node):
        """A set or dict of ``items`` (their keys hashed), Python's error for an unhashable one."""
        try:
            return kind(items)
        except TypeError as exc:
            raise self.error(exc, node) from None

    def elements(self, nodes):
        out = []
        for n in nodes:
            if isinstance(n, ast.Starred):
                out.extend(self.steps(self.eval(n.value), n))
            else:
                out.append(self.eval(n))
        return out

    def expr_binop(self, node):
        # a name or a constant operand read in place: what expr_name and expr_constant give (a
        # module-level variable straight from the names, lookup's commonest case)
        left, right = node.left, node.right
        names = self.names if not self.scopes else {}
        if left.__class__ is _NAME:
            a = names[left.id] if left.id in names else self.lookup(left.id, left)
        elif left.__class__ is _BINOP:  # a + b * x: the operations nest
            a = self.expr_binop(left)
        else:
            a = left.value if left.__class__ is _CONSTANT else self.eval(left)
        if right.__class__ is _NAME:
            b = names[right.id] if right.id in names else self.lookup(right.id, right)
        elif right.__class__ is _BINOP:
            b = self.expr_binop(right)
        else:
            b = right.value if right.__class__ is _CONSTANT else self.eval(right)
        return self.arith(node.op.__class__, a, b, node)

    def arith(self, op, a, b, node, in_place=False):
        """``a op b`` with the number, string and list sizes bounded first."""
        ca, cb = a.__class__, b.__class__
        if (ca is _ARRAY_TENSOR and cb in _TENSOR_OPERANDS
                or cb is _ARRAY_TENSOR and ca in _TENSOR_OPERANDS) and op is not ast.MatMult:
            # tensor arithmetic, the common case: nothing to convert or guard (see guard_arith)
            fn = _IN_PLACE[op] if in_place and ca is _ARRAY_TENSOR else _OPERATORS[op]
            try:
                result = fn(a, b)
            except Exception as exc:  # noqa: BLE001 - reported at the operator
                raise self.error(exc, node) from None
            if result.__class__ is _ARRAY_TENSOR:
                if in_place or (result is not a and result is not b):
                    self.values_made += result._a.size
                    if self.values_made > self.element_bound:
                        raise self.bound_error(node)
            else:
                self.count_result(result, (a, b), node, in_place)
            return result
        if ca in _FLOATS_AND_INTS and cb in _FLOATS_AND_INTS and op is not ast.Pow \
                and op is not ast.MatMult:
            # Python numbers (a loop counter's `t % 100`): only an integer's size to bound
            try:
                result = _OPERATORS[op](a, b)
            except Exception as exc:  # noqa: BLE001 - reported at the operator
                raise self.error(exc, node) from None
            if result.__class__ is int and result.bit_length() > MAX_INT_BITS:
                raise self.refuse("limit.int", node)
            return result
        if op is not ast.MatMult:  # numpy scalars have no `@`: Python's error stays
            a, b = self.numpy_operands(op is ast.Mult, a, b, node)
        self.guard_arith(op, a, b, node)
        if op is ast.MatMult:
            self.charge_values(namespaces.matmul_cost(a, b), node)
        if op is ast.Mod and isinstance(a, str):
            return self.percent(a, b, node)
        fn = _IN_PLACE[op] if in_place and isinstance(a, (Tensor, numpyish.NDArray)) \
            else _OPERATORS[op]
        try:
            result = fn(a, b)
        except Exception as exc:  # noqa: BLE001 - reported at the operator
            raise self.error(exc, node) from None
        self.count_result(result, (a, b), node, in_place)
        return result

    def numpy_operands(self, is_mult, a, b, node):
        """The operands as numpy sees them beside a numpy scalar (a list is an array)."""
        if not (isinstance(a, np.generic) or isinstance(b, np.generic)):
            return a, b
        try:
            return numpyish.operands(is_mult, a, b)
        except Exception as exc:  # noqa: BLE001 - reported at the operator
            raise self.error(exc, node) from None

    def guard_arith(self, op, a, b, node):
        if a.__class__ is Value or b.__class__ is Value or (
                a.__class__ in _TENSOR_OPERANDS and b.__class__ in _TENSOR_OPERANDS
                and (a.__class__ is _ARRAY_TENSOR or b.__class__ is _ARRAY_TENSOR)):
            return  # scalar autograd, tensor arithmetic: nothing here can grow without bound
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
            self.charge_values(1, node, scalar=True)
        elif result.__class__ is _ARRAY_TENSOR:
            if in_place or all(result is not x for x in operands):
                self.charge_values(result.array().size, node)
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
            if left.__class__ not in _FLOATS_AND_INTS or right.__class__ not in _FLOATS_AND_INTS:
                left, right = self.numpy_operands(False, left, right, node)
            self.check_footprint(left, node)
            if not (isinstance(op, (ast.In, ast.NotIn)) and isinstance(right, (dict, set))):
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
        if obj.__class__ is _ARRAY_TENSOR:  # the commonest receiver, none of the cases below
            try:
                value = namespaces.get_attribute(obj, name)
            except Exception as exc:  # noqa: BLE001 - reported at the attribute
                raise self.error(exc, node) from None
            if name == "data":
                self.charge_values(namespaces.fresh_elements(obj, name), node)
            if value is not None and value.__class__ is not _METHOD \
                    and value.__class__ is not _ARRAY_TENSOR:
                self.charge_items(namespaces.view_slots(value, (obj,)), node)
            return value
        if name == "__name__":
            return self.name_of(obj, node)
        if name in _METHODS_OF.get(type(obj), ()):
            return _ListMethod(obj, name)
        if obj.__class__ in (_Instance, _ModuleInstance, _Class, _Super):
            return self.member(obj, name, node)
        if obj.__class__ is _Context:
            return self.context_member(obj, name, node)
        if isinstance(obj, (_Builtin, _ListMethod, _Function, _BoundMethod, _ExceptionInit)):
            raise self.refuse("attr.missing", node, kind=_kind(obj), name=name)
        try:
            value = namespaces.get_attribute(obj, name)
        except Exception as exc:  # noqa: BLE001 - reported at the attribute
            raise self.error(exc, node) from None
        self.charge_values(namespaces.fresh_elements(obj, name), node)
        self.charge_items(namespaces.view_slots(value, (obj,)), node)
        return value

    def name_of(self, obj, node):
        """``obj.__name__``: the name of a class or a function, nothing else's."""
        if obj.__class__ is _Class or obj.__class__ is _Function:
            return obj.name
        if obj.__class__ is _Builtin or isinstance(obj, namespaces.Function):
            return obj.name
        raise self.refuse("attr.missing", node, kind=_kind(obj), name="__name__")

    def member(self, obj, name, node):
        """An attribute of a snippet's object, class or ``super()``; methods come bound."""
        if isinstance(obj, _Instance) and name in obj.attrs:
            return obj.attrs[name]
        if obj.__class__ is _Instance and name == "args" and obj.args is not None:
            return obj.args
        cls = obj.cls.base if obj.__class__ is _Super else \
            obj.cls if isinstance(obj, _Instance) else obj
        value = cls.find(name) if cls is not None else None
        if value is None and name == "apply" and cls is not None and cls.function:
            return _BoundMethod(_APPLY, cls)
        if value is None:
            if obj.__class__ is _Super and name == "__init__":
                if obj.cls.module and obj.cls.base is None:
                    return _BoundMethod(_MODULE_INIT, obj.obj)
                return _ExceptionInit(obj.obj) if obj.obj.args is not None else _OBJECT_INIT
            if obj.__class__ is _ModuleInstance:
                return self.module_member(obj, name, node)
            raise self.refuse("attr.missing", node, kind=_kind(obj), name=name)
        if value.__class__ is _Function and obj.__class__ is not _Class and not value.static:
            return _BoundMethod(value, obj.obj if obj.__class__ is _Super else obj)
        return value

    def context_member(self, ctx, name, node):
        """``ctx.save_for_backward``, ``ctx.saved_tensors``, or what the snippet set on ctx."""
        if name == "save_for_backward":
            return _BoundMethod(_SAVE_FOR_BACKWARD, ctx)
        if name == "saved_tensors":
            return ctx.saved
        if name in ctx.attrs:
            return ctx.attrs[name]
        raise self.refuse("attr.missing", node, kind="FunctionCtx", name=name)

    def save_for_backward(self, node, ctx, *tensors):
        """``ctx.save_for_backward(*tensors)``: kept for backward as ``ctx.saved_tensors``."""
        for t in tensors:
            if t is not None and not isinstance(t, Tensor):
                raise keyed(TypeError, "function.save_tensor", kind=_kind(t))
        ctx.saved = tensors

    def function_apply(self, node, cls, *args, **kwargs):
        """``MyFunction.apply(*args)``: the snippet's static forward, run without recording;
        its result then records the snippet's backward, run after each backward() reaches it
        (a torch.autograd.Function)."""
        if levels.current() == levels.TENSOR:
            raise keyed(ValueError, "level.unoffered", name="torch.autograd.Function",
                        level="tensor")
        forward, backward = cls.find("forward"), cls.find("backward")
        if forward is None or backward is None:
            raise keyed(NotImplementedError, "function.methods", name=cls.name)
        ctx = _Context()
        with no_grad():
            result = self.call(forward, [ctx, *args], kwargs, node)
        inputs = tuple(a for a in args if isinstance(a, Tensor) and a.requires_grad)
        if not (inputs and is_grad_enabled()):
            return result
        outputs = result if isinstance(result, tuple) else (result,)
        if not all(isinstance(t, Tensor) for t in outputs):
            raise keyed(TypeError, "function.output", name=cls.name)
        for t in outputs:
            recorded_by(t, f"{cls.name}Backward", inputs)
        self.functions.append((outputs, ctx, backward, args))
        return result

    def function_backwards(self, node):
        """Run the backward of every torch.autograd.Function a backward() reached, latest
        first: its outputs' gradients in, its inputs' gradients sent on down the graph."""
        for outputs, ctx, backward, args in reversed(self.functions):
            grads = [[v.grad for v in t.values()] for t in outputs]
            if not any(g for gs in grads for g in gs):
                continue  # this backward() did not reach it
            for t in outputs:
                for v in t.values():
                    v.grad = 0.0
            grad_outputs = [tensor_of(gs, t) for gs, t in zip(grads, outputs, strict=True)]
            with no_grad():
                result = self.call(backward, [ctx, *grad_outputs], {}, node)
            results = result if isinstance(result, tuple) else (result,)
            if len(results) != len(args):
                raise keyed(RuntimeError, "function.grad_count", n=len(args), got=len(results))
            for arg, grad in zip(args, results, strict=True):
                if isinstance(arg, Tensor) and arg.requires_grad and grad is not None:
                    self.charge_values(2 * arg.numel(), node)
                    arg.backward(grad)

    def module_member(self, obj, name, node):
        """A registered parameter or submodule of a snippet's module, else what nn.Module
        offers (``parameters``, ``zero_grad``...), through the allow-list."""
        for table in ("_parameters", "_modules"):
            if name in obj.__dict__.get(table, ()):
                return obj.__dict__[table][name]
        try:
            return namespaces.get_attribute(obj, name)
        except Exception as exc:  # noqa: BLE001 - reported at the attribute
            raise self.error(exc, node) from None

    def expr_subscript(self, node):
        return self.subscript(self.eval(node.value), self.eval(node.slice), node)

    def subscript(self, obj, key, node):
        if not isinstance(obj, (list, tuple, str, range, Tensor, dict, *torch_nn.INDEXABLE,
                                numpyish.NDArray)):
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

    def expr_setcomp(self, node):
        return self.comprehension(node, set())

    def expr_dictcomp(self, node):
        return self.comprehension(node, {})

    def comprehension(self, node, out=None):
        out = [] if out is None else out
        self.scopes.append({})
        try:
            self.generate(node, 0, out)
        finally:
            self.scopes.pop()
        self.charge_built(out, node)
        return out

    def generate(self, node, level, out):
        if level == len(node.generators):
            if isinstance(out, list):
                out.append(self.eval(node.elt))
            elif isinstance(out, dict):
                self.set_item(out, self.eval(node.key), self.eval(node.value), node)
            else:
                self.set_add(out, self.eval(node.elt), node)
            return
        gen = node.generators[level]
        for x in self.steps(self.eval(gen.iter), gen.iter):
            self.assign(gen.target, x, label=False)
            if all(self.truth(self.eval(cond), cond) for cond in gen.ifs):
                self.generate(node, level + 1, out)

    # --- calls -------------------------------------------------------------------------------
    def expr_call(self, node):
        callee = node.func
        if callee.__class__ is _ATTRIBUTE:
            obj = self.eval(callee.value)
            if obj.__class__ is _ARRAY_TENSOR and callee.attr in _TENSOR_METHODS \
                    and not node.keywords and _STARRED not in map(type, node.args):
                # a tensor's method called before (so allowed) with plain arguments, the
                # commonest call: what ``attribute``, the general path below and ``call`` do
                # for it, without asking what else it might be
                args = [self.eval(a) for a in node.args] if node.args else []
                if time.perf_counter() > self.deadline:  # tick's test, in place
                    self.tick(node)
                return self.tensor_method(_METHOD(obj, callee.attr), args, {}, node)
            func = self.attribute(obj, callee.attr, callee)
        else:
            func = self.eval(callee)
        args = []
        for a in node.args:
            if isinstance(a, ast.Starred):
                args.extend(self.steps(self.eval(a.value), a))
            else:
                args.append(self.eval(a))
        kwargs = {}
        for k in node.keywords:
            value = self.eval(k.value)
            if k.arg is not None:
                pairs = ((k.arg, value),)
            elif isinstance(value, dict):
                pairs = value.items()
            else:
                raise self.refuse("run.double_star", k.value, call=_spelling(node.func),
                                  kind=_kind(value))
            for key, item in pairs:
                if not isinstance(key, str):
                    raise self.refuse("run.keywords_strings", k.value)
                if key in kwargs:
                    raise self.refuse("call.duplicate", k.value, call=_spelling(node.func),
                                      name=key)
                kwargs[key] = item
        return self.call(func, args, kwargs, node)

    def call(self, func, args, kwargs, node):
        """Call a built-in, an engine function or method, a loss or a model, under the bounds."""
        self.tick(node)
        if func.__class__ is _METHOD and func.obj.__class__ is _ARRAY_TENSOR:
            return self.tensor_method(func, args, kwargs, node)
        if isinstance(func, _Instance):
            method = func.cls.find("__call__")
            if method is None and func.__class__ is _ModuleInstance:
                method = func.cls.find("forward")  # nn.Module's __call__ runs forward
                if method is None:
                    raise self.refuse("nn.no_forward", node, name=func.cls.name)
            if method is None:
                raise self.refuse("run.not_callable", node, kind=_kind(func))
            func = _BoundMethod(method, func)
        if func.__class__ is _BoundMethod:
            func, args = func.func, [func.obj, *args]
        if func.__class__ is _ExceptionInit:
            if kwargs:
                raise self.refuse("run.exception_keywords", node, name=func.obj.cls.name)
            func.obj.args = tuple(args)
            return None
        problem = _argument_problem(_signature_of(func), args, kwargs)
        if problem:
            raise self.refuse(problem.key, node, call=_spelling(node.func), **problem.params)
        if func.__class__ is _Class:
            return self.instantiate(func, args, kwargs, node)
        if func.__class__ is _Function:
            return self.call_function(func, args, kwargs, node)
        try:
            if isinstance(func, _Builtin):
                return func.method(self, node, *args, **kwargs)
            if isinstance(func, _ListMethod):
                return self.list_method(func, args, kwargs, node)
            name = namespaces.callable_name(func)
            if name is None:
                raise self.refuse("run.not_callable", node, kind=_kind(func))
            self.check_arguments(args, kwargs, node)
            if namespaces.is_numpy(func):  # `dtype=float` names Python's float, as numpy reads it
                args = [_python_type(a) for a in args]
                kwargs = {k: _python_type(v) for k, v in kwargs.items()}
            self.charge_values(namespaces.cost_before(name, func, args, kwargs), node,
                               scalar=name in _SCALAR_CALLS
                               or getattr(func, "obj", None).__class__ is Value)
            result = namespaces.call(func, args, kwargs)
            if result is not None and result.__class__ not in _NUMBERS or name == "tolist":
                self.charge_values(namespaces.cost_after(name, func, args, result), node,
                                   scalar=result.__class__ is Value)
                self.charge_items(namespaces.items_after(name, func, args, result), node)
        except (InputError, _Break, _Continue):
            raise
        except Exception as exc:  # noqa: BLE001 - engine errors are the learner's to read
            raise self.error(exc, node) from None
        if name == "backward":
            self.note_backward(func.obj, args, kwargs)
        return result

    def tensor_method(self, func, args, kwargs, node):
        """``call`` of a tensor's method (the commonest call), the same checks and charges
        without asking what else the callable might be."""
        name = func.name
        method = _TENSOR_METHODS.get(name)
        if method is None:
            params = _signature_of(func)
            method = _TENSOR_METHODS[name] = _TensorMethod(
                params, params is None or not (params.least or params.required),
                name in _COSTED_TENSOR_METHODS, namespaces.method_function(func.obj, name))
        if args or kwargs or not method.bare:
            problem = _argument_problem(method.params, args, kwargs)
            if problem:
                raise self.refuse(problem.key, node, call=_spelling(node.func), **problem.params)
        try:
            if args or kwargs:
                self.check_arguments(args, kwargs, node)
            if method.costed:
                self.charge_values(namespaces.cost_before(name, func, args, kwargs), node,
                                   scalar=name in _SCALAR_CALLS)
            result = method.function(func.obj, *args, **kwargs) if kwargs else \
                method.function(func.obj, *args)
            if result.__class__ is _ARRAY_TENSOR and name != "tolist":
                # cost_after: a new tensor's elements; items_after: none (no list, no Values)
                if result is not func.obj and not (args and _among(result, args)):
                    self.values_made += result._a.size
                    if self.values_made > self.element_bound:
                        raise self.bound_error(node)
            elif result.__class__ not in _NUMBERS or name == "tolist":  # (``.item()``: nothing)
                self.charge_values(namespaces.cost_after(name, func, args, result), node,
                                   scalar=result.__class__ is Value)
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
            if a.__class__ in _NUMBERS:  # the commonest argument, nothing to walk
                continue
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
        if self.functions:
            self.function_backwards(self.node)
        if isinstance(root, Value):
            self.output = root
        elif not args and not kwargs and root.numel() == 1:
            self.output = root.values()[0] if self.level == levels.SCALAR else root

    def list_method(self, method, args, kwargs, node):
        obj, name = method.obj, method.name
        if isinstance(obj, str):
            return self.str_method(obj, name, args, kwargs, node)
        if isinstance(obj, dict):
            return self.dict_method(obj, name, args, kwargs, node)
        if isinstance(obj, set):
            return self.set_method(obj, name, args, node)
        if name == "extend":
            added = list(self.steps(args[0], node))
            self.charge_built(added, node)
            obj.extend(added)
            return None
        if name == "sort":
            obj[:] = self.sorted_items(obj, node, **kwargs)
            return None
        if name in ("append", "insert"):
            self.charge_items(1, node)
        elif name in ("index", "count", "remove"):
            self.check_footprint(obj, node)
        elif name == "copy":
            self.charge_built(obj, node)
        return getattr(obj, name)(*args)

    def dict_method(self, obj, name, args, kwargs, node):
        """A method of a dict: what it adds is charged to the items bound."""
        if name == "update":
            if len(args) > 1 or not args and not kwargs:
                return obj.update(*args)  # Python's error, or nothing to add
            return self.dict_update(obj, args[0] if args else {}, kwargs, node)
        if name == "setdefault" and args:
            self.set_item(obj, args[0], obj.get(args[0], args[1] if len(args) > 1 else None),
                          node)
            return obj[args[0]]
        if name == "copy":
            self.charge_built(obj, node)
        return getattr(obj, name)(*args)

    def dict_update(self, obj, other, kwargs, node):
        pairs = dict(other) if isinstance(other, dict) else list(self.steps(other, node))
        self.charge_items(len(pairs) + len(kwargs), node)
        obj.update(pairs, **kwargs)

    def set_method(self, obj, name, args, node):
        """A method of a set: what it adds or builds is charged to the items bound."""
        if name == "add":
            return self.set_add(obj, args[0], node)
        if name in ("update", "union", "intersection", "difference"):
            others = [list(self.steps(a, node)) for a in args]
            self.charge_items(sum(map(len, others)), node)
            result = getattr(obj, name)(*others)
            if result is not None:
                self.charge_built(result, node)
            return result
        if name == "copy":
            self.charge_built(obj, node)
        return getattr(obj, name)(*args)

    def set_add(self, obj, x, node):
        try:
            if x not in obj:
                self.charge_items(1, node)
                obj.add(x)
        except TypeError as exc:  # an unhashable item
            raise self.error(exc, node) from None

    def sorted_items(self, iterable, node, key=None, reverse=False):
        """The items in order, compared as Python compares them (their keys, if ``key``)."""
        items = list(self.steps(iterable, node))
        self.charge_built(items, node)
        keys = items if key is None else [self.call(key, [x], {}, node) for x in items]
        if not all(isinstance(k, (int, float, str)) for k in keys):
            # comparing engine objects or containers runs Python code: count the comparisons
            self.count_step(node, len(keys) * len(keys).bit_length())
            for k in keys:
                self.check_footprint(k, node)
        order = sorted(range(len(items)), key=keys.__getitem__, reverse=reverse)
        return [items[i] for i in order]

    # --- text --------------------------------------------------------------------------------
    def to_text(self, x, node, convert=str):
        """str(x) as print shows it (or repr, ascii), charged to the items bound."""
        self.check_footprint(x, node)
        text = convert(x)
        self.charge_items(len(text), node)
        return text

    def expr_joinedstr(self, node):
        return "".join(self.eval(part) for part in node.values)

    def expr_formattedvalue(self, node):
        spec = self.eval(node.format_spec) if node.format_spec is not None else ""
        conversion = chr(node.conversion) if node.conversion > 0 else None
        return self.format_field(self.eval(node.value), conversion, spec, node)

    def format_field(self, value, conversion, spec, node):
        """format(value, spec) after ``!s``, ``!r`` or ``!a``: Python's text, bounded first."""
        if conversion:
            convert = _CONVERSIONS.get(conversion)
            if convert is None:
                raise self.refuse("run.format_conversion", node, conversion=conversion)
            value = self.to_text(value, node, convert)
        try:
            formatting.check_spec(spec)
            if spec and type(value).__format__ is object.__format__:
                raise keyed(TypeError, "run.format_spec_type", kind=_kind(value))
            self.check_footprint(value, node)
            text = format(value, spec)
        except (InputError, _Break, _Continue):
            raise
        except Exception as exc:  # noqa: BLE001 - Python's own message, at the field
            raise self.error(exc, node) from None
        self.charge_items(len(text), node)
        return text

    def format_template(self, template, args, kwargs, node, counter=None, depth=0):
        """``template.format(*args, **kwargs)``: each field resolved through the checked paths."""
        counter = [0] if counter is None else counter
        out = []
        try:
            for literal, field, conversion, spec in formatting.template_fields(template):
                out.append(literal)
                if field is None:
                    continue
                first, rest = field
                key = formatting.numbering(counter, first)
                value = self.format_argument(key, args, kwargs, node)
                for is_attribute, part in rest:
                    if is_attribute and part.startswith("_"):
                        raise self.refuse("check.underscore_attribute", node, name=part)
                    value = self.attribute(value, part, node) if is_attribute else \
                        self.subscript(value, part, node)
                if "{" in spec:
                    if depth >= formatting.MAX_TEMPLATE_DEPTH - 1:
                        raise keyed(ValueError, "run.format_depth")
                    spec = self.format_template(spec, args, kwargs, node, counter, depth + 1)
                out.append(self.format_field(value, conversion, spec, node))
        except (InputError, _Break, _Continue):
            raise
        except Exception as exc:  # noqa: BLE001 - Python's own message, at the call
            raise self.error(exc, node) from None
        text = "".join(out)
        self.charge_items(len(text), node)
        return text

    def format_argument(self, key, args, kwargs, node):
        if isinstance(key, int):
            if key >= len(args):
                raise keyed(IndexError, "run.format_index", index=key)
            return args[key]
        if key not in kwargs:
            raise keyed(KeyError, "run.format_key", name=key)
        return kwargs[key]

    def percent(self, template, args, node):
        """``template % args``, printf-style, with the widths and the text bounded first."""
        self.check_footprint(args, node)
        try:
            formatting.check_percent(template, args)
            text = template % args
        except Exception as exc:  # noqa: BLE001 - Python's own message, at the operator
            raise self.error(exc, node) from None
        self.charge_items(len(text), node)
        return text

    def str_method(self, obj, name, args, kwargs, node):
        """A method of a string, bounded in what it builds (charged before it is built)."""
        if name == "format":
            return self.format_template(obj, args, kwargs, node)
        if name == "join":
            items = list(self.steps(args[0], node))
            if all(isinstance(x, str) for x in items):
                self.charge_items(sum(map(len, items)) + len(obj) * max(len(items) - 1, 0), node)
            return obj.join(items)
        if name == "replace" and len(args) >= 2 and all(isinstance(a, str) for a in args[:2]):
            old, new = args[:2]
            n = obj.count(old) if old else len(obj) + 1
            if len(args) > 2 and _is_int(args[2]) and args[2] >= 0:
                n = min(n, args[2])
            self.charge_items(len(obj) + n * max(len(new) - len(old), 0), node)
        elif name in ("center", "ljust", "rjust", "zfill") and args and _is_int(args[0]):
            self.charge_items(max(args[0], 0), node)
        result = getattr(obj, name)(*args, **kwargs)
        if isinstance(result, (str, list)):
            self.charge_built(result, node)
        return result

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

    def extreme(self, node, args, better, name, key):
        items = list(self.steps(args[0], node)) if len(args) == 1 else list(args)
        if not items:
            raise keyed(ValueError, "run.empty_extreme", name=name)
        keys = items if key is None else [self.call(key, [x], {}, node) for x in items]
        self.check_footprint(keys, node)  # once: comparing walks at most this much
        best = 0
        for i in range(1, len(items)):
            if self.truth(better(keys[i], keys[best]), node):
                best = i
        return items[best]

    def builtin_max(self, node, *args, key=None):
        return self.extreme(node, args, operator.gt, "max", key)

    def builtin_min(self, node, *args, key=None):
        return self.extreme(node, args, operator.lt, "min", key)

    def builtin_sorted(self, node, iterable, /, *, key=None, reverse=False):
        return self.sorted_items(iterable, node, key, reverse)

    def builtin_reversed(self, node, sequence, /):
        out = list(self.steps(reversed(sequence), node))
        self.charge_built(out, node)
        return out

    def builtin_any(self, node, iterable, /):
        return any(self.truth(x, node) for x in self.steps(iterable, node))

    def builtin_all(self, node, iterable, /):
        return all(self.truth(x, node) for x in self.steps(iterable, node))

    def builtin_dict(self, node, iterable=(), /, **kwargs):
        out = {}
        self.dict_update(out, iterable, kwargs, node)
        return out

    def builtin_set(self, node, iterable=(), /):
        items = list(self.steps(iterable, node))
        self.charge_built(items, node)
        return self.hashed(set, items, node)

    def builtin_type(self, node, obj, /):
        """type(obj): the class of a snippet's object, a Python value or a tensor, as the
        snippet names it (so `type(e).__name__` and `type(x) == torch.Tensor` work)."""
        if obj.__class__ is _Instance or obj.__class__ is _ModuleInstance:
            return obj.cls
        if type(obj).__name__ in _TYPES and _TYPES[type(obj).__name__] is type(obj):
            return _BUILTINS[type(obj).__name__]
        if type(obj) is numpy_tensor.Tensor or type(obj) is ScalarTensor:
            return namespaces.TORCH.members["Tensor"]
        raise self.refuse("run.type_not_offered", node, kind=_kind(obj))

    def builtin_isinstance(self, node, obj, class_or_tuple, /):
        classes = _classes(class_or_tuple)
        return any(isinstance(obj, _Instance) and obj.cls.inherits(c) if c.__class__ is _Class
                   else isinstance(obj, c) for c in (classes if isinstance(classes, tuple)
                                                     else (classes,)))

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

    def builtin_repr(self, node, obj, /):
        return self.to_text(obj, node, repr)

    def builtin_format(self, node, value, format_spec=""):
        if not isinstance(format_spec, str):
            raise keyed(TypeError, "run.format_spec", kind=_kind(format_spec))
        return self.format_field(value, None, format_spec, node)

    def builtin_round(self, node, x, ndigits=None):
        ndigits = _count(ndigits)
        if ndigits is not None and _is_int(ndigits) and abs(ndigits) > MAX_ROUND_DIGITS:
            raise keyed(ValueError, "limit.round_digits", limit=MAX_ROUND_DIGITS)
        return round(x) if ndigits is None else round(x, ndigits)


_CONVERSIONS = {"s": str, "r": repr, "a": ascii}
_SNIPPET_KINDS = {_Class: "type", _BoundMethod: "method", _Super: "super",
                  _Context: "FunctionCtx", _ExceptionInit: "method-wrapper"}
_TYPES = types.MappingProxyType({"int": int, "float": float, "str": str, "bool": bool,
                                 "list": list, "tuple": tuple, "dict": dict, "set": set})


def _classes(info):
    """The Python classes ``isinstance`` tests for a name (or tuple of names) a snippet reaches."""
    if isinstance(info, tuple):
        return tuple(itertools.chain.from_iterable(
            c if isinstance(c, tuple) else (c,) for c in map(_classes, info)))
    if isinstance(info, _Builtin) and info.name in _TYPES:
        return _TYPES[info.name]
    if info.__class__ is _Class:
        return info
    cls = namespaces.instance_class(info)
    if cls is None:
        raise keyed(TypeError, "run.isinstance_type", kind=_kind(info))
    return cls


class _ScopeNames(NamedTuple):
    """A function's names as Python decides them: its locals, and those it declares
    ``global`` or ``nonlocal`` (never local)."""

    local: frozenset
    globals: frozenset
    nonlocals: frozenset


def _scope_names(node):
    """The names a function's parameters and body bind, and those its body declares.

    Nested functions, classes and comprehensions are scopes of their own: only a nested def's
    or class's name is bound here.
    """
    a = node.args
    names = {p.arg for p in a.posonlyargs + a.args + a.kwonlyargs}
    names |= {p.arg for p in (a.vararg, a.kwarg) if p}
    declared = {ast.Global: set(), ast.Nonlocal: set()}
    stack = [node.body] if isinstance(node, ast.Lambda) else list(node.body)
    while stack:
        n = stack.pop()
        if isinstance(n, ast.FunctionDef):
            names.add(n.name)
            stack.extend(n.decorator_list + n.args.defaults + [d for d in n.args.kw_defaults if d])
            continue
        if isinstance(n, ast.ClassDef):
            names.add(n.name)
            stack.extend(n.bases)
            continue
        if isinstance(n, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            continue
        if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)):
            names.add(n.id)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            names.update(a.asname or a.name.split(".")[0] for a in n.names)
        elif isinstance(n, ast.ExceptHandler) and n.name:
            names.add(n.name)
        elif isinstance(n, (ast.Global, ast.Nonlocal)):
            declared[type(n)].update(n.names)
        stack.extend(ast.iter_child_nodes(n))
    globals_, nonlocals = frozenset(declared[ast.Global]), frozenset(declared[ast.Nonlocal])
    return _ScopeNames(frozenset(names) - globals_ - nonlocals, globals_, nonlocals)


def _parameters_of(a, defaults):
    """The _Parameters of a def or lambda's ``ast.arguments``, as Python checks a call to it."""
    positional = tuple(p.arg for p in a.posonlyargs + a.args)
    required = tuple(name for name in positional + tuple(p.arg for p in a.kwonlyargs)
                     if name not in defaults)
    return _Parameters(
        positional=positional,
        keywords=frozenset(p.arg for p in a.args + a.kwonlyargs),
        required=required,
        varargs=a.vararg is not None,
        varkw=a.kwarg is not None,
        least=sum(1 for name in positional if name in required),
    )


def _kind(x):
    if isinstance(x, _Instance):
        return x.cls.name
    if x.__class__ in _SNIPPET_KINDS:
        return _SNIPPET_KINDS[x.__class__]
    if isinstance(x, (_Builtin, _ListMethod, _Function, namespaces.Function, namespaces.Method)):
        return "function"
    return namespaces.type_name(x)


def _is_library(x):
    return isinstance(x, (namespaces.Namespace, namespaces.Function, _Builtin,
                          numpyish.ScalarType))


def _python_type(x):
    """The Python type a built-in name such as ``float`` stands for; anything else as it is."""
    return _TYPES.get(x.name, x) if isinstance(x, _Builtin) else x


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
MAX_QUOTED = 300  # characters of an exception's text quoted in the message of an uncaught one
# builtins without a signature Python can report
_SIGNATURES = {
    math.log: inspect.Signature([
        inspect.Parameter("x", inspect.Parameter.POSITIONAL_ONLY),
        inspect.Parameter("base", inspect.Parameter.POSITIONAL_ONLY, default=math.e),
    ]),
}


def _shortened(text):
    """A text the snippet made, cut to what an error message quotes of it."""
    return text if len(text) <= MAX_QUOTED else text[:MAX_QUOTED] + "…"


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
    if cls is _ListMethod:
        return _signature(getattr(type(func.obj), func.name), 1)
    if cls is namespaces.Method:
        return _signature(namespaces.method_function(func.obj, func.name), 1)
    if cls is namespaces.Function:
        return _signature(func.fn)
    if cls is _Builtin:
        return _signature(func.method, 2)
    if cls is _Function:
        return func.params
    if cls is _Class:
        init = func.find("__init__")
        if init is None:
            return None if func.exception else _NO_PARAMETERS  # an exception takes any args
        return _without_self(init.params)
    if cls is _BoundMethod:
        return _without_self(func.func.params)
    if namespaces.callable_name(func) is not None:  # a loss or a model
        return _signature(type(func).__call__, 1)
    return None


def _without_self(params):
    """The parameters of a method called through its object (the first one is bound)."""
    if not params.positional:
        return params
    first = params.positional[0]
    return _Parameters(
        positional=params.positional[1:],
        keywords=params.keywords - {first},
        required=tuple(n for n in params.required if n != first),
        varargs=params.varargs,
        varkw=params.varkw,
        least=max(params.least - 1, 0),
    )


_NO_PARAMETERS = _Parameters((), frozenset(), (), False, False, 0)


class _TensorMethod(NamedTuple):
    """What ``tensor_method`` looks up once per method name: the parameters, whether a call
    without arguments fits them, whether the call is charged before it runs, the function."""

    params: _Parameters
    bare: bool
    costed: bool
    function: object


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
    dict(namespaces.TYPE_NAMES) | {_Builtin: "function", _ListMethod: "function",
                                   _Function: "function", _Class: "type", _Instance: "object",
                                   _BoundMethod: "method", _Super: "super",
                                   _ExceptionInit: "method-wrapper"}
)


def _runners(prefix, kinds):
    # each node kind runs by the method named after it: ast.AugAssign by stmt_augassign
    return types.MappingProxyType({
        getattr(ast, kind): getattr(_Interpreter, f"{prefix}_{kind.lower()}") for kind in kinds
    })


_STATEMENT_RUNNERS = _runners("stmt", (
    "Expr", "Assign", "AugAssign", "For", "If", "With", "Pass", "Break", "Continue", "Import",
    "ImportFrom", "Assert", "While", "FunctionDef", "Return", "ClassDef", "Try", "Raise",
    "Delete", "Global", "Nonlocal",
))
_EXPRESSION_RUNNERS = _runners("expr", (
    "Constant", "Name", "List", "Tuple", "BinOp", "UnaryOp", "BoolOp", "IfExp", "Compare",
    "Attribute", "Subscript", "Slice", "Starred", "ListComp", "GeneratorExp", "Call",
    "JoinedStr", "FormattedValue", "Dict", "Set", "DictComp", "SetComp", "Lambda",
))
_BUILTINS = types.MappingProxyType({
    name: _Builtin(name, getattr(_Interpreter, f"builtin_{name}"))
    for name in ("print", "range", "len", "sum", "max", "min", "abs", "zip", "enumerate", "list",
                 "tuple", "float", "int", "bool", "str", "round", "format", "sorted", "reversed",
                 "any", "all", "dict", "set", "isinstance", "repr", "super", "type")
})
_OBJECT_INIT = _Builtin("__init__", _Interpreter.object_init)
_MODULE_INIT = _Builtin("__init__", _Interpreter.module_init)
_APPLY = _Builtin("apply", _Interpreter.function_apply)
_SAVE_FOR_BACKWARD = _Builtin("save_for_backward", _Interpreter.save_for_backward)
# the modules by the names code usually gives them (a docstring's `nn.` without its import)
_CONVENTIONAL = types.MappingProxyType(dict(namespaces.MODULES) | {
    "nn": namespaces.NN, "F": namespaces.FUNCTIONAL, "optim": namespaces.OPTIM,
    "plt": namespaces.PYPLOT,
})
_IMPORT_HINTS = {  # an undefined name that a missing import explains
    "torch": "run.undefined_torch",
    "nn": "run.undefined_nn",
    "F": "run.undefined_f",
    "optim": "run.undefined_optim",
    "math": "run.undefined_math",
    "random": "run.undefined_random",
    "plt": "run.undefined_plt",
    "np": "run.undefined_numpy",
    "numpy": "run.undefined_numpy",
}
# Python's exception classes a snippet can name, each after its base
_EXCEPTION_TREE = (
    ("BaseException", None), ("Exception", "BaseException"),
    ("ArithmeticError", "Exception"), ("ZeroDivisionError", "ArithmeticError"),
    ("OverflowError", "ArithmeticError"), ("LookupError", "Exception"),
    ("KeyError", "LookupError"), ("IndexError", "LookupError"), ("ValueError", "Exception"),
    ("TypeError", "Exception"), ("RuntimeError", "Exception"),
    ("NotImplementedError", "RuntimeError"), ("AssertionError", "Exception"),
    ("StopIteration", "Exception"), ("NameError", "Exception"),
    ("UnboundLocalError", "NameError"), ("AttributeError", "Exception"),
)
_EXCEPTION_NAMES = frozenset(name for name, _ in _EXCEPTION_TREE)
# errors that are the interpreter's own bounds or refusals, or a level that cannot run the code:
# no snippet can catch them
_UNCATCHABLE = ("limit.", "check.", "input.", "level.")
# the interpreter's own refusals that are Python's errors too: key -> (Python's class, the key
# of Python's text when it differs)
_CATCHABLE = types.MappingProxyType({
    "run.undefined": ("NameError", None),
    "run.undefined_close": ("NameError", "run.undefined"),
    **{key: ("NameError", "run.undefined") for key in _IMPORT_HINTS.values()},
    "run.unbound_local": ("UnboundLocalError", None),
    "attr.missing": ("AttributeError", None),
    "run.not_subscriptable": ("TypeError", None),
    "run.not_callable": ("TypeError", None),
    "run.unpack_non_iterable": ("TypeError", None),
    "run.item_assignment": ("TypeError", None),
    "run.del_item": ("TypeError", None),
    "run.immutable_type": ("TypeError", None),
    "run.del_missing": ("AttributeError", None),
    "run.del_missing_class": ("AttributeError", None),
    "run.del_attribute": ("AttributeError", None),
    "run.unpack_too_many": ("ValueError", None),
    "run.unpack_too_few": ("ValueError", None),
    "run.except_class": ("TypeError", None),
    "run.raise_type": ("TypeError", None),
    "run.raise_cause": ("TypeError", None),
    "run.exception_keywords": ("TypeError", None),
    "run.reraise": ("RuntimeError", None),
    **{key: ("TypeError", None) for key in ("call.no_positional", "call.too_many",
                                            "call.unexpected_keyword", "call.duplicate",
                                            "call.missing")},
    "call.unexpected_keyword_close": ("TypeError", "call.unexpected_keyword"),
})


def _exception_classes(interpreter):
    """One evaluation's own copies of Python's exception classes (a snippet may change them)."""
    classes = {}
    for name, base in _EXCEPTION_TREE:
        classes[name] = _Class(name, classes.get(base), {}, interpreter, builtin=True)
    return classes


def _python_exception(exc, key, params):
    """(Python's class name, args) of what ``exc`` is for a snippet that catches it, or None
    for a bound (never caught). torch's errors are torch's class and torch's words."""
    if key.startswith(_UNCATCHABLE) or isinstance(exc, (RecursionError, MemoryError)):
        return None
    kind = next((c.__name__ for c in type(exc).__mro__ if c.__name__ in _EXCEPTION_NAMES),
                "Exception")
    said = torch_error(key, params)
    if said:
        return said[0], (said[1],)  # torch's class and words
    if hasattr(exc, "key"):
        return kind, (render(key, params),)
    if isinstance(exc, KeyError) and len(exc.args) == 1:
        return kind, exc.args  # the key the snippet looked up
    return kind, (_python_text(exc),)
