"""The error box in a real browser: a Chinese page explains the code's problems in Chinese, each
with its line. The screenshot lands in tests/browser/screenshots/."""

import urllib.parse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_pages import LOAD_MS, assert_clean, open_page, wait_idle

pytestmark = pytest.mark.browser
CODE = "x = Value(1.0)\nmatch x:\n    case 1:\n        x = x + 1\ny = yield x\nz = (w := 1)\n"


def test_a_chinese_page_lists_every_unsupported_construct_in_chinese(page):
    page.set_viewport_size({"width": 1400, "height": 1200})
    query = urllib.parse.urlencode({"code": CODE, "lang": "zh"}, quote_via=urllib.parse.quote)
    open_page(page, f"?{query}", '[data-testid="stAlertContentError"]')
    page.wait_for_selector("textarea", state="visible")
    page.wait_for_timeout(1000)
    assert_clean(page)
    box = page.locator('[data-testid="stAlertContentError"]').first.inner_text()
    assert box.startswith("第 2 行，第 1 列：这里不支持 match")
    for line in ("第 2 行，第 1 列", "第 5 行，第 5 列", "第 6 行，第 6 列"):
        assert line in box
    assert "not supported" not in box
    page.screenshot(path=str(SCREENSHOTS / "explore_error_zh.png"))


GLUED = ("import torch\nfrom torch.nn import L1Lossinput=torch.tensor([1., 2, 3])"
         "target=torch.tensor([1., 2, 5])\nloss=L1Loss()result=loss(input,target)print(result)")


def test_glued_code_is_repaired_with_one_click(page):
    page.set_viewport_size({"width": 1400, "height": 1200})
    query = urllib.parse.urlencode({"code": GLUED, "lang": "en"}, quote_via=urllib.parse.quote)
    open_page(page, f"?{query}", '[data-testid="stAlertContentError"]')
    button = page.get_by_role("button", name="Use this code")
    button.wait_for(state="visible", timeout=LOAD_MS)
    assert "look glued together" in page.locator('[data-testid="stAlertContentInfo"]').first \
        .inner_text()
    page.screenshot(path=str(SCREENSHOTS / "explore_repair.png"))
    button.click()
    page.get_by_text("tensor(0.6667)").first.wait_for(state="visible", timeout=LOAD_MS)
    wait_idle(page)
    # the error box goes when the run that printed the output ends (Streamlit then removes the
    # elements the run did not draw again)
    expect(page.locator('[data-testid="stAlertContentError"]')).to_have_count(0, timeout=LOAD_MS)
    editor = page.locator("textarea").first.input_value()
    assert editor.startswith("import torch\nfrom torch.nn import L1Loss\ninput=")
    page.wait_for_function("() => decodeURIComponent(location.search).includes('L1Loss\\ninput')",
                           timeout=LOAD_MS)
    assert_clean(page)


def test_an_error_torch_raises_shows_torchs_class_and_words_then_what_to_do(page):
    code = "import torch\nx = torch.ones(2, 3)\nw = torch.ones(4, 5)\ny = x @ w\n"
    query = urllib.parse.urlencode({"code": code, "lang": "en"}, quote_via=urllib.parse.quote)
    open_page(page, f"?{query}", '[data-testid="stAlertContentError"]')
    assert_clean(page)
    box = page.locator('[data-testid="stAlertContentError"]').first.inner_text()
    assert box.startswith("Line 4, column 5: RuntimeError: mat1 and mat2 shapes cannot be "
                          "multiplied (2x3 and 4x5)")
    assert "a matrix product needs the first matrix's columns to equal the second's rows" in box
