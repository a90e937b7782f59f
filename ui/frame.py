"""The frame around every page: page config, the page links, the language switch, the about line.

Every page draws it first, with ``frame()``, and app.py only routes (``navigation()``). The
reason is Streamlit's legacy ``pages/`` directory: with a ``pages/`` folder beside app.py, a
freshly started server answers a link to /losses by running ``pages/losses.py`` alone, until
app.py's ``st.navigation`` has run once in any session. A page that draws its own frame looks the
same either way, and the links below, not Streamlit's menu (hidden in .streamlit/config.toml, so
the legacy router shows no menu either), lead to the other pages.
"""

from pathlib import Path

import streamlit as st

from .i18n import t
from .widgets import language_switch, text_style

ROOT = Path(__file__).resolve().parents[1]
PAGES = (  # file, URL path ("" is the home page), title key, icon
    ("pages/explore.py", "", "nav.explore", ":material/account_tree:"),
    ("pages/losses.py", "losses", "nav.losses", ":material/functions:"),
    ("pages/descent.py", "descent", "nav.descent", ":material/trending_down:"),
)


def pages():
    """The app's pages, titled in the current language."""
    return [
        st.Page(ROOT / path, title=t(title), icon=icon, url_path=url, default=not url)
        for path, url, title, icon in PAGES
    ]


def navigation():
    """The page this run shows (app.py runs it); the menu is the frame's links."""
    return st.navigation(pages(), position="hidden")


def frame():
    """Page config, the links to every page, the language switch and the about line."""
    st.set_page_config(page_title=t("app.title"), page_icon="∂", layout="wide")
    text_style()
    for page in pages():
        st.sidebar.page_link(page)
    language_switch()
    st.sidebar.caption(t("sidebar.about"))
