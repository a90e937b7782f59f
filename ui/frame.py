"""Keep every page inside app.py's frame (navigation, sidebar, page config), deep links included."""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def inside_app():
    """Re-run a server's first request through app.py when Streamlit ran the page script alone.

    With a ``pages/`` folder beside ``app.py``, Streamlit takes the app for an old-style multipage
    app until ``st.navigation`` has run once, so the first request after a start (say a shared
    link to /losses) runs that page script alone: no navigation, no language switch. Telling
    Streamlit that this app navigates with ``st.navigation`` and running again fixes the request.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
