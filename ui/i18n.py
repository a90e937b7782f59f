"""The one catalogue of user-visible text, in English and 简体中文, and t(key) to read it.

The catalogue is the pages' strings plus the engine's messages (``engine.messages``), so an
InputError's key, a gradient-check note or a chain-rule step renders here like any page text.
The language is switched in the sidebar and kept in the query param ``lang`` (``en`` or ``zh``)
when it differs from the browser's; a link without ``lang`` opens in the browser's language.
"""

import re

import streamlit as st

from engine.messages import MESSAGES, render

from .state import PageState
from .strings import common, descent, explore, losses

LANGUAGES = ("en", "zh")
LANGUAGE_NAMES = {"en": "English", "zh": "简体中文"}
DEFAULT_LANGUAGE = "en"


def language_of_locale(locale):
    """The app's language for a browser locale: Chinese for zh, zh-CN, zh_TW...; else English."""
    primary = re.split(r"[-_]", locale or "", maxsplit=1)[0].lower()
    return "zh" if primary == "zh" else DEFAULT_LANGUAGE


def browser_language():
    """The language of the visitor's browser (English when it does not say)."""
    return language_of_locale(st.context.locale)


def _language_from_params(params):
    lang = params.get("lang")
    return {"lang": lang if lang in LANGUAGES else browser_language()}


LANGUAGE = PageState("app", ("lang",), ("lang",), _language_from_params)


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
    """The language of this run: the sidebar's choice, else the link's, else the browser's."""
    lang = st.session_state.get(LANGUAGE.key("lang"))
    if lang in LANGUAGES:
        return lang
    return _language_from_params(LANGUAGE.link())["lang"]


def t(key, **fmt):
    """The text for ``key`` in the current language."""
    return translate(current_language(), key, **fmt)


def labels(prefix, choices):
    """A widget's format_func: each choice's text under ``prefix``, looked up now, in this run.

    (A lambda would look the text up whenever Streamlit calls it, which AppTest does after the
    run, outside the language of the page.)
    """
    return {c: t(f"{prefix}.{c}") for c in choices}.get
