"""Backprop Explorer: the entry point (`streamlit run app.py`) and the frame around every page."""

import streamlit as st

from ui.i18n import t
from ui.widgets import language_switch

st.set_page_config(page_title="Backprop Explorer", page_icon="∂", layout="wide")
language_switch()
page = st.navigation([
    st.Page("pages/explore.py", title=t("nav.explore"), icon=":material/account_tree:",
            url_path="", default=True),
    st.Page("pages/losses.py", title=t("nav.losses"), icon=":material/functions:",
            url_path="losses"),
    st.Page("pages/descent.py", title=t("nav.descent"), icon=":material/trending_down:",
            url_path="descent"),
])
st.sidebar.caption(t("sidebar.about"))
page.run()
