"""The engine's message catalogue: every key the code names exists, in both languages, alike.

Keys are found by parsing engine/ and lessons/, so a new raise naming a missing key fails here,
and so does a raise that writes a sentence instead of naming a key.
"""

import ast
import re
import string
from pathlib import Path

import pytest

from engine.messages import MESSAGES, TORCH_ERRORS, Message, keyed, render
from ui.i18n import CATALOGUE

ROOT = Path(__file__).resolve().parents[2]
ENGINE = sorted((ROOT / "engine").rglob("*.py"))
LESSONS = sorted((ROOT / "lessons").rglob("*.py"))
KEY = re.compile(r"^[a-z_]+(\.[a-z_0-9]+)+$")
ENGINE_PREFIXES = {key.split(".")[0] for key in MESSAGES}
# calls that name a message key, and the position of the key among their arguments
KEYED_CALLS = {"InputError": 0, "refuse": 0, "Message": 0, "Problem": 0, "TableError": 0,
               "keyed": 1}
# raises that may keep a sentence: they report misuse of the Python API, never a learner's code
# (a tape is compiled by the Descent page; its problems are chosen from its lists)
INTERNAL_RAISES = {"engine/autograd/tape.py", "lessons/problems.py"}


def placeholders(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in KEYED_CALLS:
                yield node, KEYED_CALLS[name]


def keys_named(path):
    """(key, needs the engine's catalogue): every message key a module names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for call, position in _calls(tree):
        if len(call.args) <= position:
            continue
        arg = call.args[position]
        name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
        eager = name in ("InputError", "keyed", "refuse") or path.is_relative_to(ROOT / "engine")
        for node in ast.walk(arg):  # a constant, or the fallback of a table lookup
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add((node.value, eager))
    for node in ast.walk(tree):  # tables of keys (an unsupported construct -> its message)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and KEY.match(node.value) and node.value.split(".")[0] in ENGINE_PREFIXES:
            found.add((node.value, True))
    return found


USED = {key for path in ENGINE + LESSONS for key in keys_named(path)}


def test_the_parser_finds_the_keys():
    assert len(USED) > 200
    assert ("check.try_star", True) in USED and ("call.unexpected_keyword", True) in USED
    assert ("losses.err.no_data", False) in USED


@pytest.mark.parametrize("key, eager", sorted(USED))
def test_every_key_named_in_code_exists(key, eager):
    # keys rendered when the error is raised (str(err) is English) live in the engine's own
    # catalogue; the page models' other keys may live in the pages' strings
    assert key in (MESSAGES if eager else CATALOGUE), key


def test_every_message_is_named_somewhere():
    unused = set(MESSAGES) - {key for key, _ in USED}
    assert unused == set()


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_in_both_languages_with_the_same_placeholders(key):
    texts = MESSAGES[key]
    assert set(texts) == {"en", "zh"}
    assert texts["en"].strip() and texts["zh"].strip()
    assert placeholders(texts["en"]) == placeholders(texts["zh"]), key
    torch_words = placeholders(TORCH_ERRORS[key][1]) if key in TORCH_ERRORS else set()
    # 1 fits every format spec used
    sample = dict.fromkeys(placeholders(texts["en"]) | torch_words, 1)
    assert render(key, sample, "en") and render(key, sample, "zh")


def test_chinese_messages_are_chinese():
    # only a pure formula may read the same in both languages
    same = [k for k, v in MESSAGES.items() if not re.search(r"[\u4e00-\u9fff]", v["zh"])]
    assert same == ["chain.forward"]


@pytest.mark.parametrize("path", ENGINE + LESSONS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_raise_writes_a_sentence(path):
    # a learner's error names a key (keyed, InputError, TableError); a sentence would be English
    relative = str(path.relative_to(ROOT))
    if relative in INTERNAL_RAISES:
        return
    sentences = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            if any(isinstance(a, (ast.JoinedStr, ast.BinOp)) or
                   isinstance(a, ast.Constant) and isinstance(a.value, str) and " " in a.value
                   for a in node.exc.args):
                sentences.append(node.lineno)
    assert sentences == [], f"{relative}: lines {sentences}"


def test_keyed_errors_read_in_english_and_carry_their_key():
    err = keyed(ValueError, "tensor.dim_type", value="x")
    assert isinstance(err, ValueError)
    assert str(err) == "dim must be an integer, got x"
    assert (err.key, err.params, err.torch) == ("tensor.dim_type", {"value": "x"}, None)
    assert "dim 必须是整数" in render(err.key, err.params, "zh")


def test_an_error_torch_words_itself_reads_torchs_class_and_words_above_the_explanation():
    err = keyed(ValueError, "tensor.view", shape=[3], numel=4)
    assert err.torch == ("RuntimeError", "shape '[3]' is invalid for input of size 4")
    assert str(err).startswith("RuntimeError: shape '[3]' is invalid for input of size 4\n\n"
                               "the new shape [3] must hold")
    zh = render(err.key, err.params, "zh")
    assert zh.startswith("RuntimeError: shape '[3]' is invalid for input of size 4\n\n新形状 [3]")


@pytest.mark.parametrize("key", sorted(TORCH_ERRORS))
def test_every_error_torch_words_has_an_explanation_that_does_not_repeat_it(key):
    kind, text = TORCH_ERRORS[key]
    assert kind in ("RuntimeError", "IndexError", "NotImplementedError", "ValueError",
                    "TypeError")
    sample = dict.fromkeys(placeholders(text) | placeholders(MESSAGES[key]["en"]), 1)
    said = text.format(**sample)
    for lang in ("en", "zh"):
        explanation = MESSAGES[key][lang].format(**sample)
        assert said not in explanation and "torch：" not in explanation


def test_a_message_renders_its_nested_messages_in_its_language():
    outer = Message("run.assert_message", {"text": Message("check.match")})
    assert outer.text() == ("assertion failed: `match` is not supported here: use `if` / `elif` / "
                            "`else`")
    assert outer.text("zh") == "断言失败：这里不支持 `match`：请用 `if` / `elif` / `else`"
