"""Code in the forms people paste it: doctest prompts, notebook cells, statements a web page glued.

``unprompt`` turns a docstring example (``>>> ``/``... `` prompts, the expected output between
examples) into the code it runs, line for line, so positions still name the learner's lines;
``echoed`` picks the expression statements whose values the REPL or a notebook would show; and
``repair_glued`` splits statements that a scraped page ran together
(``from torch.nn import L1Lossinput=...``), only where exactly one split makes the code parse.
Everything here reads text and ``ast`` trees; nothing is compiled or run.
"""

import ast
from dataclasses import dataclass

PS1 = ">>>"
PS2 = "..."
# names after which a glued import line is split: what `import` and `as` usually bind
IMPORT_ALIASES = frozenset(("torch", "nn", "F", "optim", "math", "random", "np", "plt"))
# words that may follow a closing bracket, outside any bracket, inside one statement
# (`f(x) if c else y`, `with f() as g`); `for` there can only start the next statement
CONTINUING = frozenset(("if", "else", "in", "is", "not", "and", "or", "as"))
STRING_PREFIXES = frozenset(("r", "u", "b", "f", "br", "rb", "fr", "rf"))
MAX_REPAIR_PARSES = 60  # parses one repair may try (each up to the source-length bound)
MAX_SPLITS_PER_LINE = 16  # places on one line a split is tried at


@dataclass(frozen=True)
class Pasted:
    """The code to parse, and what was taken off the start of each of its lines."""

    code: str
    shifts: tuple = ()  # per line (0-based), characters removed before the code (the prompt)
    doctest: bool = False

    def column(self, line, col):
        """The learner's column for a 1-based ``line`` and ``col`` of ``code``."""
        if line and col and 0 < line <= len(self.shifts):
            return col + self.shifts[line - 1]
        return col


def _prompted(line):
    """The code after a ``>>>`` or ``...`` prompt and the characters before it, else None."""
    text = line.lstrip(" \t")
    for prompt in (PS1, PS2):
        if text.startswith(prompt) and (len(text) == 3 or text[3] in " \t"):
            cut = len(line) - len(text) + min(len(text), 4)
            return prompt, line[cut:], cut
    return None


def unprompt(source):
    """``source`` with doctest prompts removed and output lines blanked (line numbers kept).

    Without any ``>>> `` line, or when the source parses as it is (its prompts are inside a
    string), the source is returned as it is. As in doctest, an example is a ``>>>`` line and
    the ``...`` lines right after it; every other line is the output doctest would compare (or
    prose), and becomes an empty line.
    """
    lines = source.split("\n")
    found = [_prompted(line) for line in lines]
    if not any(f and f[0] == PS1 for f in found) or _error_line(source, [1]) is None:
        return Pasted(source)
    code, shifts = [], []
    in_example = False
    for found_line in found:
        if found_line and (found_line[0] == PS1 or in_example):
            code.append(found_line[1])
            shifts.append(found_line[2])
            in_example = True
        else:
            code.append("")
            shifts.append(0)
            in_example = False
    return Pasted("\n".join(code), tuple(shifts), doctest=True)


# --- what the REPL and a notebook show --------------------------------------------------------


def echoed(tree, pasted):
    """The ``ast.Expr`` statements whose values are shown: ids of the nodes.

    The REPL (and doctest, which compiles each example as the REPL does) shows every expression
    statement of the interactive code, in loops and branches too, but not inside a function or
    class body; a notebook cell shows its last statement when it is an expression not ending in
    ``;``.
    """
    if pasted.doctest:
        out = set()
        stack = list(tree.body)
        while stack:
            node = stack.pop()
            if isinstance(node, ast.Expr):
                out.add(id(node))
            elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                stack.extend(child for child in ast.iter_child_nodes(node)
                             if isinstance(child, ast.stmt) or hasattr(child, "body"))
        return frozenset(out)
    last = tree.body[-1] if tree.body else None
    if isinstance(last, ast.Expr) and not _silenced(last, pasted.code):
        return frozenset((id(last),))
    return frozenset()


def _silenced(node, code):
    """Whether a semicolon follows the statement (a notebook then shows nothing)."""
    lines = code.split("\n")
    if not node.end_lineno or node.end_lineno > len(lines):
        return False
    rest = lines[node.end_lineno - 1].encode("utf-8")[node.end_col_offset:]
    return rest.lstrip().startswith(b";")


# --- statements glued together ------------------------------------------------------------------


def repair_glued(source, known):
    """``source`` with glued statements split onto lines of their own, or None.

    ``known`` maps a module's name to the names it offers (``from M import`` lines are split
    after one of them). A line is split at a place where one statement can end and another begin
    (after a closing bracket, a string or a number, or after a known name in an import), and
    only when exactly one such place moves Python's syntax error past that line; the repair is
    returned only when the repaired code parses.
    """
    budget = [MAX_REPAIR_PARSES]
    lines = source.split("\n")
    changed = False
    while True:
        bad = _error_line("\n".join(lines), budget)
        if bad is None:
            return "\n".join(lines) if changed else None
        if bad < 1 or bad > len(lines):
            return None
        text = lines[bad - 1]
        indent = text[: len(text) - len(text.lstrip(" \t"))]
        working = []
        for place in _split_places(text, known)[:MAX_SPLITS_PER_LINE]:
            trial = lines[: bad - 1] + [text[:place].rstrip(), indent + text[place:].lstrip()] \
                + lines[bad:]
            after = _error_line("\n".join(trial), budget)
            if after == -1:
                return None
            if after is None or after > bad:
                working.append(trial)
        if len(working) != 1:
            return None
        lines = working[0]
        changed = True


def _error_line(code, budget):
    """None when ``code`` parses, else the line of its syntax error (-1: cannot tell)."""
    if budget[0] <= 0:
        return -1
    budget[0] -= 1
    try:
        ast.parse(code)
    except SyntaxError as err:
        return err.lineno or -1
    except (RecursionError, MemoryError, ValueError):
        return -1
    return None


def _starts_name(text, i):
    return i < len(text) and (text[i].isalpha() or text[i] == "_")


def _word_at(text, i):
    j = i
    while j < len(text) and (text[j].isalnum() or text[j] == "_"):
        j += 1
    return text[i:j]


def _string_end(text, i):
    """The index after the string literal whose quote is at ``i`` (the line's end if open)."""
    quote = text[i] * 3 if text.startswith(text[i] * 3, i) else text[i]
    j = i + len(quote)
    while j < len(text):
        if text[j] == "\\":
            j += 2
        elif text.startswith(quote, j):
            return j + len(quote)
        else:
            j += 1
    return len(text)


def _import_names(text, known):
    """The names a glued import line may be split after, or None when it is not an import."""
    words = text.split()
    if not words or words[0] not in ("import", "from"):
        return None
    names = set(IMPORT_ALIASES)
    for module in known:
        names.update(module.split("."))
    if words[0] == "from" and len(words) > 1:
        names.update(known.get(words[1], ()))
    return names


def _split_places(text, known):
    """Indexes in ``text`` where one statement may end and the next begin, left to right."""
    imported = _import_names(text, known)
    places = []
    depth = 0
    i = 0
    while i < len(text):
        c = text[i]
        if c == "#":
            break
        if c in "\"'":
            i = _string_end(text, i)
            if depth == 0 and _starts_name(text, i) and _word_at(text, i) not in CONTINUING:
                places.append(i)
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0 and _starts_name(text, i + 1) and \
                    _word_at(text, i + 1) not in CONTINUING:
                places.append(i + 1)
        elif _starts_name(text, i):
            word = _word_at(text, i)
            if text[i + len(word): i + len(word) + 1] in ("'", '"') and \
                    word.lower() in STRING_PREFIXES:
                i += len(word)
                continue
            if imported is not None and depth == 0:
                places.extend(i + len(name) for name in sorted(imported, key=len)
                              if len(name) < len(word) and word.startswith(name)
                              and _starts_name(word, len(name)))
            i += len(word)
            continue
        elif c.isdigit():
            j = i
            while j < len(text) and (text[j].isalnum() or text[j] in "._"):
                if depth == 0 and text[j].isalpha() and text[j - 1].isdigit() and j > i:
                    places.append(j)
                j += 1
            i = j
            continue
        i += 1
    return places
