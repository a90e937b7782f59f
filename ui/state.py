"""Page state: each page's settings, bound to its widgets' session state and the URL's query params.

A link can carry anything, so a page reads it through a function that checks every value and
falls back to a default rather than failing. Within a session, what the learner last chose wins
over the link: widgets keep their values across reruns and while another page is open.
"""

import streamlit as st


def query_param(name):
    """The query param ``name`` (its first value) if the URL has it, else None."""
    try:
        return st.query_params.get(name)
    except Exception:  # noqa: BLE001 - outside a running app there are no query params
        return None


def write_param(name, value):
    """Set the query param ``name`` (removed when empty); True if the URL changed."""
    if value:
        if st.query_params.get(name) == value:
            return False
        st.query_params[name] = value
        return True
    if name in st.query_params:
        del st.query_params[name]
        return True
    return False


class PageState:
    """One page's settings: a widget per name, and the query params a link carries them in.

    ``from_params(params)`` turns a mapping of query params (str -> str) into ``{name: value}``
    for every name, each missing or bad value replaced by its default; it must not fail.
    A page calls ``bind()`` before drawing its widgets (each created with ``**state.widget(name)``)
    and ``publish(params)`` after reading them.
    """

    def __init__(self, page, names, params, from_params):
        self.page = page
        self.names = tuple(names)
        self.params = tuple(params)  # the query params this page owns
        self.from_params = from_params

    def key(self, name):
        """The session-state key of the widget of setting ``name``."""
        return f"{self.page}.{name}"

    def widget(self, name):
        """The keyword arguments of setting ``name``'s widget: its key, and that Streamlit keeps
        its value for the whole session, while it is hidden or another page is open."""
        return {"key": self.key(name), "persist_state": "session"}

    def link(self):
        """This page's query params in the URL, as {param: text}."""
        return {p: v for p in self.params if (v := query_param(p)) is not None}

    def bind(self):
        """Give each widget this session has not seen yet its value from the link.

        Returns the names whose value came from the link (empty on an ordinary rerun).
        """
        unseen = [n for n in self.names if self.key(n) not in st.session_state]
        if unseen:
            self.load({n: v for n, v in self.from_params(self.link()).items() if n in unseen})
        return unseen

    def load(self, values):
        """Put ``{name: value}`` into the widgets (a preset, a callback's new settings)."""
        for name, value in values.items():
            st.session_state[self.key(name)] = value

    def values(self):
        """The widgets' values as {name: value}."""
        return {name: st.session_state[self.key(name)] for name in self.names}

    def publish(self, params):
        """Make the URL carry ``params`` ({param: text}; this page's others are removed).

        Only params whose text changed are written; returns their names.
        """
        return [p for p in self.params if write_param(p, params.get(p, ""))]
