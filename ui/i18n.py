"""The one catalogue of user-visible text, in English and 简体中文, and t(key) to read it.

The language is the query param ``lang`` (``en`` or ``zh``), switched in the sidebar; the
sidebar's widget keeps it in session state while pages change.
"""

import streamlit as st

from .state import read_param
from .strings import common, descent, explore, losses

LANGUAGES = ("en", "zh")
LANGUAGE_NAMES = {"en": "English", "zh": "简体中文"}
DEFAULT_LANGUAGE = "en"
LANGUAGE_KEY = "lang"  # the query param, and the sidebar widget's session-state key


def _merge(*modules):
    """key -> {language: text} from every strings module; a key defined twice is an error."""
    merged = {}
    for module in modules:
        for key, texts in module.STRINGS.items():
            if key in merged:
                raise ValueError(f"text key {key!r} is defined twice")
            merged[key] = texts
    return merged


CATALOGUE = _merge(common, explore, losses, descent)


def translate(lang, key, **fmt):
    """The text for ``key`` in ``lang`` (English where a translation is missing), formatted."""
    texts = CATALOGUE[key]
    text = texts.get(lang) or texts[DEFAULT_LANGUAGE]
    return text.format(**fmt) if fmt else text


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
