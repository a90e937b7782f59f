"""The error box in a real browser: a Chinese page explains the code's problems in Chinese, each
with its line. The screenshot lands in tests/browser/screenshots/."""

import urllib.parse

import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_pages import assert_clean, open_page

pytestmark = pytest.mark.browser
CODE = "x = Value(1.0)\ntry:\n    x = x + 1\nexcept ValueError:\n    pass\ndel x\nglobal y\n"


def test_a_chinese_page_lists_every_unsupported_construct_in_chinese(page):
    page.set_viewport_size({"width": 1400, "height": 1200})
    query = urllib.parse.urlencode({"code": CODE, "lang": "zh"}, quote_via=urllib.parse.quote)
    open_page(page, f"?{query}", '[data-testid="stAlertContentError"]')
    page.wait_for_selector("textarea", state="visible")
    page.wait_for_timeout(1000)
    assert_clean(page)
    box = page.locator('[data-testid="stAlertContentError"]').first.inner_text()
    assert box.startswith("第 2 行，第 1 列：这里不支持 try")
    for line in ("第 2 行，第 1 列", "第 6 行，第 1 列", "第 7 行，第 1 列"):
        assert line in box
    assert "not supported" not in box
    page.screenshot(path=str(SCREENSHOTS / "explore_error_zh.png"))
