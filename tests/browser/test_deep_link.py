"""A shared link to any page must open inside the app's frame, even as the very first request a
freshly started server gets (Streamlit's legacy pages/ router serves that request; see
ui/frame.py), and a browser set to Chinese gets Chinese without a ``lang`` param."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import new_tab, serve_app
from tests.browser.test_pages import LOAD_MS, assert_clean, wait_idle

pytestmark = pytest.mark.browser
LINKS = '[data-testid="stSidebar"] [data-testid="stPageLink"]'


@pytest.mark.parametrize(
    ("path", "shows"),
    [
        ("?lang=zh&code=print(6*7)", "42"),  # Explore runs the linked code
        ("losses?lang=zh", "tensor(0.6667)"),  # the tutorial's L1Loss
        ("descent?lang=zh&task=regression", "初始损失"),  # the regression's metrics
    ],
    ids=["explore", "losses", "descent"],
)
def test_first_request_for_a_deep_link_gets_the_frame(chromium, tmp_path, path, shows):
    with serve_app(tmp_path / "server.log") as url, new_tab(chromium, url) as tab:
        tab.goto(f"{url}/{path}", wait_until="domcontentloaded")
        expect(tab.get_by_text(shows, exact=True).first).to_be_visible(timeout=LOAD_MS)
        # the frame: the language switch, one link per page and no other, no "page not found"
        expect(tab.get_by_text("简体中文").first).to_be_visible(timeout=LOAD_MS)
        titles = ("探索", "损失函数", "梯度下降")  # after each link's icon
        expect(tab.locator(LINKS)).to_have_text([re.compile(f"{t}$") for t in titles])
        wait_idle(tab)
        expect(tab.get_by_text("Page not found")).to_have_count(0)
        assert_clean(tab)


def test_a_chinese_browser_gets_chinese_without_a_lang_param(chromium, app_url):
    with new_tab(chromium, app_url, locale="zh-CN") as tab:
        tab.goto(f"{app_url}/descent", wait_until="domcontentloaded")
        expect(tab.locator("h1").first).to_have_text("梯度下降", timeout=LOAD_MS)
        wait_idle(tab)
        assert "lang=" not in tab.url  # the browser decided; the address stays as it was
        assert_clean(tab)
