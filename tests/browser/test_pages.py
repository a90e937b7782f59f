"""The app in a real browser: every page loads cleanly, a click opens the inspector, the
step-through's slider moves the highlighted node. Screenshots land in tests/browser/screenshots/."""

import shutil

import pytest

from tests.browser.conftest import ROOT, SCREENSHOTS
from viz.graph import TRACE

pytestmark = pytest.mark.browser
LOAD_MS = 120_000  # generous: the machine may be busy
PAGES = {"explore": "", "losses": "losses", "descent": "descent",
         "explore-sections": "?show_steps=true&show_check=true&show_export=true"}


def open_page(page, path, ready):
    """Go to a page and wait until ``ready`` is visible and the script run has finished."""
    page.goto(f"{page.app_url}/{path}", wait_until="domcontentloaded")
    page.wait_for_selector(ready, state="visible", timeout=LOAD_MS)
    wait_idle(page)


def wait_idle(page):
    """Wait for Streamlit's script run to end (the status widget says 'Running' meanwhile).

    What a test then asserts, it waits for too: the last message may still be drawing.
    """
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText"
        ".includes('Running')",
        timeout=LOAD_MS,
    )


def wait_for_figures(page):
    """Wait until every plotly chart on the page has drawn its figure (for a screenshot)."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
        ".every(chart => chart.querySelector('.main-svg'))",
        timeout=LOAD_MS,
    )


def assert_clean(page):
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.js_errors == []


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_loads_without_errors(page, name):
    page.set_viewport_size({"width": 1400, "height": 1700})  # the page's scroller is inside
    open_page(page, PAGES[name], ".js-plotly-plot")
    wait_for_figures(page)
    assert_clean(page)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    if name == "explore":
        docs = ROOT / "docs"
        docs.mkdir(exist_ok=True)
        shutil.copyfile(SCREENSHOTS / "explore.png", docs / "explore.png")


@pytest.mark.parametrize("name", list(PAGES))
def test_the_charts_code_is_asked_for_once_before_the_page_connects(page, name):
    asked = []  # ui/preload.py: the chart's code loads with the page, not after its elements
    page.on("request", lambda r: "/static/js/PlotlyChart." in r.url and asked.append("chart"))
    page.on("websocket", lambda ws: asked.append("websocket"))
    open_page(page, PAGES[name], ".js-plotly-plot")
    wait_for_figures(page)
    assert asked == ["chart", "websocket"]  # fetched once: Streamlit's own import finds it
    assert_clean(page)


def plot_point(page, plot_index, trace_name, point_index):
    """Page coordinates of one point of one trace of the ``plot_index``-th plotly chart."""
    return page.evaluate(
        """([plotIndex, traceName, pointIndex]) => {
            const gd = document.querySelectorAll('.js-plotly-plot')[plotIndex];
            const trace = gd._fullData.find(t => t.name === traceName);
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
            const box = gd.querySelector('.nsewdrag').getBoundingClientRect();
            return [box.left + xa.l2p(trace.x[pointIndex]), box.top + ya.l2p(trace.y[pointIndex])];
        }""",
        [plot_index, trace_name, point_index],
    )


def test_clicking_a_node_opens_the_inspector(page):
    open_page(page, "", ".js-plotly-plot")
    wait_for_figures(page)
    names = page.evaluate(
        "() => document.querySelectorAll('.js-plotly-plot')[0].data"
        ".find(t => t.name === 'values').text"
    )
    x1 = next(i for i, text in enumerate(names) if text.startswith("<b>x1</b>"))
    codes = "pre.text-block"  # the printed output and the inspector's formulas
    assert page.locator(codes).filter(has_text="-1.5").count() == 0  # the output comes first
    x, y = plot_point(page, 0, "values", x1)
    page.mouse.click(x, y)
    # do/dx1 as the sum over its one consumer, numbers filled in
    page.locator(codes).filter(has_text="= 0.5 * -3 = -1.5").wait_for(timeout=LOAD_MS)
    wait_idle(page)
    assert page.locator(codes).filter(has_text="x1 = 2").count() >= 1  # its formula
    assert_clean(page)
    page.screenshot(path=str(SCREENSHOTS / "explore-inspector.png"))


def test_the_step_through_opens_on_a_click_and_the_link_keeps_it_open(page):
    open_page(page, "", ".js-plotly-plot")
    wait_for_figures(page)
    assert page.locator(".js-plotly-plot").count() == 1  # the graph; the sections are closed
    page.get_by_text("Step through backprop", exact=True).click()
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length === 2",
                           timeout=LOAD_MS)
    page.wait_for_function("() => location.search.includes('show_steps=true')", timeout=LOAD_MS)
    link = page.url
    page.goto("about:blank")
    page.goto(link, wait_until="domcontentloaded")  # the link opens it again
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length === 2",
                           timeout=LOAD_MS)
    assert_clean(page)


def test_moving_the_step_slider_moves_the_highlight(page):
    open_page(page, "?show_steps=true", ".js-plotly-plot")
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 2",
                           timeout=LOAD_MS)
    stepper = page.locator(".js-plotly-plot").nth(1)
    stepper.scroll_into_view_if_needed()
    ring = (
        "() => { const gd = document.querySelectorAll('.js-plotly-plot')[1];"
        f" const t = gd.data[{TRACE['highlight']}]; return [t.x[0], t.y[0]]; }}"
    )
    before = page.evaluate(ring)
    rail = stepper.locator(".slider-rail-rect")
    box = rail.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.7, box["y"] + box["height"] / 2)
    page.wait_for_function(f"(before) => {{ const now = ({ring})();"
                           " return now[0] !== before[0] || now[1] !== before[1]; }",
                           arg=before, timeout=10_000)
    title = page.evaluate("() => document.querySelectorAll('.js-plotly-plot')[1]"
                          "._fullLayout.title.text")
    assert "d" in title and "/" in title  # a chain-rule line is written for the new step
    assert_clean(page)
    stepper.screenshot(path=str(SCREENSHOTS / "explore-stepper.png"))
