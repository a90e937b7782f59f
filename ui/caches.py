"""Caches of page models, kept per input text so reruns that change nothing recompute nothing."""

import streamlit as st

from lessons.explore import analyse

CACHE_ENTRIES = 64


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def cached_analysis(source):
    """analyse(source), kept per code text."""
    return analyse(source)
