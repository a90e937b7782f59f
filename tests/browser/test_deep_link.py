"""A shared link to a page other than "/" must open inside the app's frame, even as the very
first request a freshly started server gets (Streamlit would otherwise run the page alone)."""

import pytest

from tests.browser.conftest import serve_app
from tests.browser.test_pages import LOAD_MS, assert_clean, wait_idle

pytestmark = pytest.mark.browser


def test_first_request_for_a_deep_link_gets_navigation_and_language_switch(
    chromium, tmp_path
):
    with serve_app(tmp_path / "server.log") as url:
        context = chromium.new_context(viewport={"width": 1400, "height": 1000})
        tab = context.new_page()
        tab.js_errors = []
        tab.on("pageerror", lambda err: tab.js_errors.append(str(err)))
        try:
            tab.goto(f"{url}/losses?lang=zh", wait_until="domcontentloaded")
            # the language switch is drawn by app.py only: wait for it, then for the run to end
            tab.get_by_text("简体中文").first.wait_for(timeout=LOAD_MS)
            wait_idle(tab)
            links = tab.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()
            assert len(links) == 3  # Explore, Losses, Descent: not a link per file in pages/
            assert not any("app" == text.strip() for text in links)
            assert tab.get_by_text("tensor(0.6667)").count() >= 1
            assert_clean(tab)
        finally:
            context.close()
