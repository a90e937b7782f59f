"""Backprop Explorer: the entry point (`streamlit run app.py`), routing each URL to its page.

Streamlit runs this file as ``__main__`` for every page a visitor opens; each page draws the
frame (links, language switch) itself: see ui/frame.py for why. Before that, ``streamlit run``
finds ``app`` below and serves it: an ``st.App`` whose lifespan warms the server up before its
first visitor (ui/startup.py) and whose pages load the chart's code with the page (ui/preload.py).
"""

import streamlit as st

if __name__ == "__main__":
    from ui.frame import navigation

    navigation().run()
else:
    from starlette.middleware import Middleware

    from ui.preload import PreloadChart
    from ui.startup import lifespan

    app = st.App(__file__, lifespan=lifespan, middleware=[Middleware(PreloadChart)])
