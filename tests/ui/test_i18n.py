"""The catalogue: every key in both languages, with the same placeholders, used keys all defined."""

import re
import string
from pathlib import Path

import pytest

from engine import InputError, evaluate
from engine.messages import Message
from ui.i18n import CATALOGUE, LANGUAGES, _merge, language_of_locale, translate

ROOT = Path(__file__).resolve().parents[2]


def placeholders(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_key_in_every_language(key):
    texts = CATALOGUE[key]
    for lang in LANGUAGES:
        assert texts.get(lang, "").strip(), f"{key} has no {lang} text"
    assert placeholders(texts["en"]) == placeholders(texts["zh"]), key


def test_chinese_text_is_chinese():
    # a key copied over untranslated would show English on the Chinese page
    untranslated = [k for k, v in CATALOGUE.items()
                    if v["en"] == v["zh"] and re.search(r"[a-z]{4,}", v["en"])
                    and not re.search(r"[\u4e00-\u9fff]", v["zh"])]
    assert len(untranslated) <= len(CATALOGUE) // 10, untranslated


def test_keys_used_in_code_exist():
    used = set()
    for path in [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py")]:
        used |= set(re.findall(r"\bt\(\s*\"([a-z_.]+)\"", path.read_text(encoding="utf-8")))
    assert used, "no t(...) call found"
    assert sorted(used - set(CATALOGUE)) == []


def test_translate_formats_and_picks_the_language():
    assert translate("zh", "nav.explore") == "探索"
    assert translate("en", "error.input", line=3, col=5, message="boom") == (
        "Line 3, column 5: boom"
    )
    assert "第 3 行" in translate("zh", "error.input", line=3, col=5, message="boom")


def test_a_key_defined_twice_is_an_error():
    table = {"k": {"en": "a", "zh": "甲"}}
    with pytest.raises(ValueError, match="twice"):
        _merge(table, table)


def test_engine_messages_render_through_the_same_catalogue():
    # an InputError's key renders in the page's language with t(), like any page text
    with pytest.raises(InputError) as caught:
        evaluate("import torch\nx = torch.ones(2)\nprint(x, dim=1)")
    err = caught.value
    assert translate("en", err.key, **err.params) == err.message == (
        "print() got an unexpected keyword argument 'dim'"
    )
    assert translate("zh", err.key, **err.params) == err.message_in("zh") == (
        "print() 没有名为 'dim' 的关键字参数"
    )


def test_a_message_inside_a_message_renders_in_the_same_language():
    note = Message("gradcheck.nonfinite")
    assert translate("zh", "error.input", line=1, col=2, message=note) == (
        "第 1 行，第 2 列：这里有非有限值（inf 或 nan）：有限差分没有意义"
    )
@pytest.mark.parametrize(
    ("locale", "lang"),
    [("zh-CN", "zh"), ("zh-TW", "zh"), ("zh", "zh"), ("zh_Hans_CN", "zh"), ("ZH-cn", "zh"),
     ("en-US", "en"), ("fr-FR", "en"), ("", "en"), (None, "en"), ("zu", "en")],
)
def test_a_chinese_browser_locale_gives_chinese_and_any_other_english(locale, lang):
    assert language_of_locale(locale) == lang
