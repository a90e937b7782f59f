"""The layers of DESIGN.md: every import of the project's own code points down, never up.

app.py -> pages/ -> ui/ -> lessons/ -> viz/ -> engine (facade) -> snippets -> torchlike -> autograd
-> messages.
A module may import its own layer and any layer below it; streamlit is for ui/, pages/ and app.py.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# lower rank = lower layer; the first prefix that matches a dotted module name decides
LAYERS = (
    ("engine.messages", -1),  # the message catalogue: pure data, below everything
    ("engine.autograd", 0),
    ("engine.torchlike", 1),
    ("engine.snippets", 2),
    ("engine", 3),
    ("viz", 4),
    ("lessons", 5),
    ("ui", 6),
    ("pages", 7),
    ("app", 8),
)
STREAMLIT_FROM = 6  # ui and above


def layer(module):
    """The rank of a dotted module name of ours, or None for a module that is not ours."""
    for prefix, rank in LAYERS:
        if module == prefix or module.startswith(prefix + "."):
            return rank
    return None


def module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path, name):
    """(line, dotted name) of every import in the file of module `name`, relative ones resolved."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            yield node.lineno, base
            for alias in node.names:  # `from engine import losses` imports a module of a layer
                yield node.lineno, f"{base}.{alias.name}"


SOURCES = sorted(
    p for d in ("engine", "lessons", "ui", "viz", "pages") for p in (ROOT / d).rglob("*.py")
) + [ROOT / "app.py"]


def test_every_layer_has_sources():
    ranks = {layer(module_name(p)) for p in SOURCES}
    assert ranks == {rank for _, rank in LAYERS}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_down(path):
    own = layer(module_name(path))
    upward = []
    for line, imported in imported_modules(path, module_name(path)):
        rank = layer(imported)
        if rank is not None and rank > own:
            upward.append(f"line {line}: {imported}")
        if imported.split(".")[0] == "streamlit" and own < STREAMLIT_FROM:
            upward.append(f"line {line}: streamlit below ui/")
    assert not upward, f"{path.relative_to(ROOT)} imports upward: {upward}"


def test_relative_imports_resolve_to_their_layer(tmp_path):
    # the check above must be able to fail: autograd reaching up into snippets is caught
    source = tmp_path / "value.py"
    source.write_text("from ..snippets import interpreter\nfrom .ops import OPS\nimport numpy\n")
    found = list(imported_modules(source, "engine.autograd.value"))
    assert found == [(1, "engine.snippets"), (1, "engine.snippets.interpreter"),
                     (2, "engine.autograd.ops"), (2, "engine.autograd.ops.OPS"), (3, "numpy")]
    assert layer("engine.snippets.interpreter") > layer("engine.autograd.value")
    assert layer("numpy") is None
