"""Did you mean: the name closest to one a learner mistyped (``los_fn`` -> ``loss_fn``)."""

import difflib

MAX_NAME = 64  # longer names are not compared (difflib's cost grows with both lengths)
MAX_CANDIDATES = 5_000  # names compared at most: a snippet can define many


def closest(name, candidates):
    """The candidate most like ``name`` (difflib's ratio at least 0.6), or None."""
    if not isinstance(name, str) or not name or len(name) > MAX_NAME:
        return None
    pool = []
    for candidate in candidates:
        if isinstance(candidate, str) and candidate != name and len(candidate) <= MAX_NAME \
                and not candidate.startswith("_"):
            pool.append(candidate)
            if len(pool) >= MAX_CANDIDATES:
                break
    found = difflib.get_close_matches(name, sorted(set(pool)), n=1)
    return found[0] if found else None
