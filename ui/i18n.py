"""The one catalogue of user-visible text, in English and 简体中文, and t(key) to read it.

The catalogue is the pages' strings plus the engine's messages (``engine.messages``), so an
InputError's key, a gradient-check note or a chain-rule step renders here like any page text.
The language is the query param ``lang`` (``en`` or ``zh``), switched in the sidebar; the
sidebar's widget keeps it in session state while pages change.
"""

import streamlit as st

from engine.messages import MESSAGES, render

from .state import read_param
from .strings import common, descent, explore, losses

LANGUAGES = ("en", "zh")
LANGUAGE_NAMES = {"en": "English", "zh": "简体中文"}
DEFAULT_LANGUAGE = "en"
LANGUAGE_KEY = "lang"  # the query param, and the sidebar widget's session-state key


def _merge(*tables):
    """key -> {language: text} from every table of strings; a key defined twice is an error."""
    merged = {}
    for table in tables:
        for key, texts in table.items():
            if key in merged:
                raise ValueError(f"text key {key!r} is defined twice")
            merged[key] = texts
    return merged


CATALOGUE = _merge(common.STRINGS, explore.STRINGS, losses.STRINGS, descent.STRINGS, MESSAGES)


def translate(lang, key, **fmt):
    """The text for ``key`` in ``lang`` (English where a translation is missing), formatted.

    A parameter that is itself an ``engine.messages.Message`` is rendered in ``lang`` too.
    """
    return render(key, fmt, lang, CATALOGUE)


def current_language():
    """The language of this run: the sidebar's choice, else the URL's, else English."""
    lang = st.session_state.get(LANGUAGE_KEY)
    if lang in LANGUAGES:
        return lang
    return read_param(LANGUAGE_KEY, DEFAULT_LANGUAGE, LANGUAGES)


def t(key, **fmt):
    """The text for ``key`` in the current language."""
    return translate(current_language(), key, **fmt)


def labels(prefix, choices):
    """A widget's format_func: each choice's text under ``prefix``, looked up now, in this run.

    (A lambda would look the text up whenever Streamlit calls it, which AppTest does after the
    run, outside the language of the page.)
    """
    return {c: t(f"{prefix}.{c}") for c in choices}.get
