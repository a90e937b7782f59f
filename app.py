"""Backprop Explorer: the entry point (`streamlit run app.py`), routing each URL to its page.

Each page draws the frame (links, language switch) itself: see ui/frame.py for why.
"""

from ui.sandbox import sandbox

# on a fresh server, the fork server imports the page models while this process imports the pages
sandbox().warm_up()

from ui.frame import navigation  # noqa: E402 - after the fork server's start, to overlap it

navigation().run()
