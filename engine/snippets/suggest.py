"""Did you mean: the name closest to one a learner mistyped (``los_fn`` -> ``loss_fn``)."""

import ast
import difflib

MAX_NAME = 64  # longer names are not compared (difflib's cost grows with both lengths)
MAX_CANDIDATES = 5_000  # names compared at most: a snippet can define many
CUTOFF = 0.7  # difflib's similarity a suggestion needs ('gard' -> 'grad' is 0.75)


def closest(name, candidates):
    """The candidate most like ``name`` (difflib's ratio at least ``CUTOFF``), or None."""
    if not isinstance(name, str) or not name or len(name) > MAX_NAME:
        return None
    pool = []
    for candidate in candidates:
        if isinstance(candidate, str) and candidate != name and len(candidate) <= MAX_NAME \
                and not candidate.startswith("_"):
            pool.append(candidate)
            if len(pool) >= MAX_CANDIDATES:
                break
    found = difflib.get_close_matches(name, sorted(set(pool)), n=1, cutoff=CUTOFF)
    return found[0] if found else None


def respelled(name, candidates):
    """The candidate that is ``name`` in another case or with other underscores, or None.

    For a name that exists elsewhere (``nn.huber_loss`` is ``F.huber_loss``): it is no typo,
    so only the same word spelled as this module spells it (``nn.HuberLoss``) is suggested.
    """
    if not isinstance(name, str) or len(name) > MAX_NAME:
        return None
    key = name.lower().replace("_", "")
    found = sorted(c for c in candidates if isinstance(c, str) and c != name
                   and not c.startswith("_") and c.lower().replace("_", "") == key)
    return found[0] if found else None


def attribute_suggestions(tree, unknown, modules, attributes):
    """(node, close name) for each attribute node named in ``unknown``.

    The close name is a member of the module the receiver names when the code imported it
    (``import torch`` ... ``torch.tensr``: torch's members), else one of ``attributes``.
    ``modules`` maps an importable name to its namespace (anything with ``.members``).
    """
    bound = _imported(tree, modules)
    namespaces = {id(ns) for ns in modules.values()}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in unknown:
            module = _module_of(node.value, bound, modules, namespaces)
            close = closest(node.attr, module.members if module is not None else attributes)
            if close:
                yield node, close


def _imported(tree, modules):
    """{name: namespace} for every name an import binds to a module."""
    bound = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.name if alias.asname else alias.name.split(".")[0]
                if name in modules:
                    bound[alias.asname or name] = modules[name]
        elif isinstance(node, ast.ImportFrom) and node.module in modules:
            members = modules[node.module].members
            for alias in node.names:
                if alias.name in members:
                    bound[alias.asname or alias.name] = members[alias.name]
    return bound


def _module_of(node, bound, modules, namespaces):
    """The namespace an expression names (``torch``, ``torch.nn``), or None."""
    if isinstance(node, ast.Name):  # a module used without its import is still that module
        found = bound.get(node.id, modules.get(node.id))
    elif isinstance(node, ast.Attribute):
        outer = _module_of(node.value, bound, modules, namespaces)
        found = outer.members.get(node.attr) if outer is not None else None
    else:
        return None
    return found if id(found) in namespaces else None
