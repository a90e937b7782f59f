"""The Descent page in Chromium: it loads cleanly, Train makes the loss fall, figures are drawn.

Screenshots land in tests/browser/screenshots/; the trained moons are copied to docs/descent.png.
"""

import shutil

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ROOT, SCREENSHOTS
from tests.browser.test_pages import LOAD_MS, assert_clean, open_page, wait_for_figures, wait_idle

pytestmark = pytest.mark.browser


def metric_value(page, label):
    """The value box of the first metric with this label."""
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]')


def metric(page, label):
    """The text of the value of the first metric with this label."""
    return metric_value(page, label).inner_text()


def train(page):
    """Click Train and wait until the page shows the steps taken."""
    page.locator(".st-key-train button:visible").click()
    expect(metric_value(page, "steps taken")).not_to_have_text("0", timeout=LOAD_MS)
    wait_idle(page)


@pytest.mark.parametrize(
    "task, query, figures",
    [
        ("classification", "task=classification", 2),  # the boundary, loss and accuracy
        ("function", "task=function&fn=rosenbrock&opt=adam&lr=0.05&steps=400", 2),
        ("regression", "task=regression&compare=1", 2),  # two fits in one figure
    ],
)
def test_train_on_the_descent_page(page, task, query, figures):
    open_page(page, f"descent?{query}", ".st-key-train button:visible")
    expect(page.locator('[data-testid="stPageLink"]').filter(has_text="Descent")).to_have_count(1)
    assert_clean(page)
    start = float(metric(page, "loss at start"))
    train(page)
    assert_clean(page)
    assert float(metric(page, "loss now")) <= start / 2
    # the rerun's old figures linger a moment after its new ones appear
    expect(page.locator(".js-plotly-plot")).to_have_count(figures, timeout=LOAD_MS)
    shot = SCREENSHOTS / f"descent_{task}.png"
    page.mouse.move(0, 0)  # no tooltip in the picture
    page.set_viewport_size({"width": 1400, "height": 1900})  # the page scrolls inside the app
    expect(page.locator(".js-plotly-plot")).to_have_count(figures, timeout=LOAD_MS)
    wait_for_figures(page)
    page.screenshot(path=str(shot))
    if task == "classification":
        docs = ROOT / "docs"
        docs.mkdir(exist_ok=True)
        shutil.copyfile(shot, docs / "descent.png")


def test_divergence_is_explained_in_the_browser(page):
    open_page(page, "descent?lr=100", ".st-key-train button:visible")
    train(page)
    assert_clean(page)
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="learning rate too large")
    assert alert.count() == 1
