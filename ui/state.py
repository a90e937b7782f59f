"""Page state in the URL's query params: read with validation, written only when it changes.

A link can carry anything, so every read checks the value and falls back to a default rather
than failing: a bad ``lang`` is English, an overly long ``code`` is cut to the limit.
"""

import streamlit as st

MAX_CODE_CHARS = 20_000  # the snippet language's own limit on source length


def read_param(name, default, allowed=None):
    """The query param ``name`` if present (and in ``allowed``, when given), else ``default``."""
    try:
        value = st.query_params.get(name)
    except Exception:  # noqa: BLE001 - outside a running app there are no query params
        return default
    if value is None or (allowed is not None and value not in allowed):
        return default
    return value


def write_param(name, value):
    """Set the query param ``name`` (removed when empty), touching the URL only on a change."""
    if value:
        if st.query_params.get(name) != value:
            st.query_params[name] = value
    elif name in st.query_params:
        del st.query_params[name]


def read_code(default, limit=MAX_CODE_CHARS):
    """(code from the ``code`` param or ``default``, whether it had to be cut to ``limit``)."""
    code = read_param("code", None)
    if code is None:
        return default, False
    code = code.replace("\r\n", "\n")
    return code[:limit], len(code) > limit
