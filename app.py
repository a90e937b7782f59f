"""Backprop Explorer: the entry point (`streamlit run app.py`), routing each URL to its page.

Each page draws the frame (links, language switch) itself: see ui/frame.py for why.
"""

from ui.frame import navigation

navigation().run()
