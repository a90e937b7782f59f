"""The Losses page in a real browser: it opens on the tutorial's L1Loss, switching to
CrossEntropyLoss shows the tutorial's value, a link reproduces a state; screenshots are saved."""

import re
import shutil
import urllib.parse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ROOT, SCREENSHOTS
from tests.browser.test_pages import LOAD_MS, assert_clean, open_page, wait_for_figures, wait_idle

pytestmark = pytest.mark.browser
CODE = '[data-testid="stCode"]'


def screenshot(page, name):
    """The whole page: Streamlit scrolls inside its own container, so make the window tall."""
    height = page.evaluate(
        "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight"
    )
    page.set_viewport_size({"width": 1400, "height": min(max(height, 1000), 8000)})
    wait_idle(page)
    wait_for_figures(page)
    page.screenshot(path=str(SCREENSHOTS / name))
    page.set_viewport_size({"width": 1400, "height": 1000})


def choose(page, label, option):
    """Pick ``option`` in the selectbox labelled ``label``."""
    page.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page)


def test_losses_opens_on_the_tutorial_and_switches_to_cross_entropy(page):
    open_page(page, "losses", '[data-testid="stCode"]')
    expect(page.get_by_text("Language").first).to_be_visible()  # the app's frame is there
    expect(page.locator(CODE).first).to_have_text("tensor(0.6667)")
    # elements, two gradients, graph...; and the two data editors
    expect(page.locator(".js-plotly-plot").nth(3)).to_be_attached(timeout=LOAD_MS)
    expect(page.locator('[data-testid="stDataFrame"]').nth(1)).to_be_attached()
    assert_clean(page)
    screenshot(page, "losses.png")
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    shutil.copyfile(SCREENSHOTS / "losses.png", docs / "losses.png")

    choose(page, "Loss", "CrossEntropyLoss")
    expect(page.locator(CODE).first).to_have_text("tensor(1.1019)", timeout=LOAD_MS)
    # the URL now carries the new state, so the link reproduces it
    page.wait_for_url(re.compile("loss=CrossEntropyLoss"), timeout=LOAD_MS)
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
    assert params["loss"] == ["CrossEntropyLoss"]
    assert params["input"] == ["0.1,0.2,0.3"] and params["target"] == ["1"]
    assert_clean(page)
    screenshot(page, "losses_cross_entropy.png")


def test_a_link_reproduces_a_state_and_open_in_explore_carries_the_code(page):
    query = urllib.parse.urlencode(
        {"loss": "MSELoss", "reduction": "sum", "input": "1,2,3", "target": "1,2,5",
         "shape": "1,1,1,3", "dtype": "float32"}
    )
    open_page(page, f"losses?{query}", '[data-testid="stCode"]')
    expect(page.locator(CODE).first).to_have_text("tensor(4.)", timeout=LOAD_MS)
    href = page.locator('[data-testid="stLinkButton"] a').get_attribute("href")
    url = urllib.parse.urlsplit(href)
    assert url.path == "/"
    (code,) = urllib.parse.parse_qs(url.query)["code"]
    assert "loss_fn = MSELoss(reduction='sum')" in code
    assert_clean(page)
    # the Explore page runs it and prints the same value
    page.goto(f"{page.app_url}{href}", wait_until="domcontentloaded")
    page.locator(CODE).filter(has_text="tensor(4.)").first.wait_for(timeout=LOAD_MS)
    wait_idle(page)
    assert_clean(page)


def test_the_state_is_kept_while_another_page_is_open(page):
    query = urllib.parse.urlencode(
        {"loss": "MSELoss", "input": "1,2,3", "target": "1,2,6", "shape": "3"}
    )
    open_page(page, "", "h1")  # the app's frame first, so the sidebar's links exist
    open_page(page, f"losses?{query}", CODE)
    expect(page.locator(CODE).first).to_have_text("tensor(3.)", timeout=LOAD_MS)  # (3 - 6)^2 / 3
    page.get_by_text("sum", exact=True).click()
    page.locator(CODE).first.filter(has_text="tensor(9.)").wait_for(timeout=LOAD_MS)
    wait_idle(page)
    nav = page.get_by_test_id("stSidebar")  # the frame's links to every page
    nav.get_by_role("link", name="Explore").click()
    page.locator(".js-plotly-plot").first.wait_for(timeout=LOAD_MS)
    wait_idle(page)
    nav.get_by_role("link", name="Losses").click()
    page.locator(CODE).first.filter(has_text="tensor(9.)").wait_for(timeout=LOAD_MS)
    wait_idle(page)
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
    assert params["target"] == ["1,2,6"] and params["reduction"] == ["sum"]
    assert_clean(page)
