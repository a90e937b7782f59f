"""Error boxes through Streamlit's AppTest: the engine's messages in the page's language."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 60
TWO_PROBLEMS = "x = Value(1.0)\nmatch x:\n    case 1:\n        x = x + 1\ny = yield x\n"


def run(code, lang=None):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["code"] = code
    if lang:
        at.query_params["lang"] = lang
    return at.run()


def test_the_error_box_speaks_chinese_and_lists_every_unsupported_construct():
    at = run(TWO_PROBLEMS, lang="zh")
    assert not at.exception
    [box] = at.error
    assert box.value.startswith("第 2 行，第 1 列：这里不支持 `match`")
    assert "match x:\n^" in box.value  # the line quoted, a caret under the column
    assert "按出现顺序列出" in box.value
    assert "- 第 2 行，第 1 列：这里不支持 `match`" in box.value
    assert "- 第 5 行，第 5 列：这里不支持 `yield`" in box.value
    assert "not supported" not in box.value


def test_the_error_box_in_english_names_the_call_as_written():
    at = run("import torch\nx = torch.ones(2)\nprint(x, dim=1)\n")
    assert not at.exception
    [box] = at.error
    assert box.value.startswith("Line 3, column 1: print() got an unexpected keyword argument "
                                "'dim'")
    assert "in order" not in box.value  # a single problem is not listed again


def test_a_runtime_error_from_torch_is_explained_in_chinese_with_torchs_words_quoted():
    at = run("import torch\na = torch.ones(2, 3)\nb = torch.ones(4)\nc = a + b\n", lang="zh")
    [box] = at.error
    assert "无法广播" in box.value
    # torch's class and words first, as torch prints them, then what to do, in Chinese
    assert box.value.startswith("第 4 行，第 5 列：RuntimeError: The size of tensor a (3) must "
                                "match the size of tensor b (4) at non-singleton dimension 1\n\n"
                                "两个张量的形状无法广播")
