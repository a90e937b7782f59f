"""The Losses page in a real browser: it opens on the tutorial's L1Loss, switching to
CrossEntropyLoss shows the tutorial's value, a link reproduces a state, a loss of each group
opens by its link in English and Chinese; screenshots are saved."""

import re
import shutil
import urllib.parse
from dataclasses import replace

import pytest
from playwright.sync_api import expect

from lessons.losses.catalogue import EXPLORE_ONLY, SPECS
from lessons.losses.state import start, state_to_params
from tests.browser.conftest import ROOT, SCREENSHOTS
from tests.browser.test_pages import LOAD_MS, assert_clean, open_page, wait_for_figures, wait_idle
from tests.conftest import require_torch
from tests.lessons.losses.cases import printed_by_torch, torch_loss
from ui.i18n import CATALOGUE

pytestmark = pytest.mark.browser
CODE = '[data-testid="stCode"]'
CONSOLE = "pre.text-block"  # the Explore page's printed output


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

    choose(page, "Loss", "Classification · CrossEntropyLoss")
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
    href = page.locator('[data-testid="stLinkButton"] a').first.get_attribute("href")
    url = urllib.parse.urlsplit(href)
    assert url.path == "/"
    (code,) = urllib.parse.parse_qs(url.query)["code"]
    assert "loss_fn = MSELoss(reduction='sum')" in code
    assert_clean(page)
    # the Explore page runs it and prints the same value
    page.goto(f"{page.app_url}{href}", wait_until="domcontentloaded")
    page.locator(CONSOLE).filter(has_text="tensor(4.)").first.wait_for(timeout=LOAD_MS)
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


# a loss of each group the catalogue grew, opened by its first example's link
NEW = ("KLDivLoss", "HingeEmbeddingLoss", "MultiMarginLoss")


def group_word(group, lang):
    """A group's name as the page writes it."""
    return CATALOGUE[f"losses.group.{group}"][lang]


def torch_printed(state):
    """What torch prints for a state's loss, in its default dtype float32."""
    torch = require_torch()
    torch.set_default_dtype(torch.float32)
    try:
        return repr(torch_loss(torch, state)[1])
    finally:
        torch.set_default_dtype(torch.float64)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("loss", NEW)
def test_a_loss_of_each_new_group_opens_by_its_link(page, loss, lang):
    state = start(loss)
    expected = torch_printed(state)
    query = urllib.parse.urlencode(state_to_params(state) | {"lang": lang})
    open_page(page, f"losses?{query}", CODE)
    expect(page.locator(CODE).first).to_have_text(expected, timeout=LOAD_MS)
    # the picker lists the loss under its group, in the page's language
    label = f"{group_word(SPECS[loss].group, lang)} · {loss}"
    page.get_by_role("combobox", name=CATALOGUE["losses.loss"][lang], exact=True).click()
    expect(page.get_by_role("option", name=label, exact=True)).to_be_visible(timeout=LOAD_MS)
    page.keyboard.press("Escape")
    wait_idle(page)
    assert_clean(page)
    screenshot(page, f"losses_{loss}_{lang}.png")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("loss", ["MarginRankingLoss", "TripletMarginLoss"])
def test_a_loss_of_three_tables_shows_them_and_torchs_value(page, loss, lang):
    state = start(loss)
    query = urllib.parse.urlencode(state_to_params(state) | {"lang": lang})
    open_page(page, f"losses?{query}", CODE)
    expect(page.locator(CODE).first).to_have_text(torch_printed(state), timeout=LOAD_MS)
    for argument in SPECS[loss].inputs:  # a heading and a data editor per table
        expect(page.get_by_text(CATALOGUE[f"losses.{argument.name}"][lang], exact=True)
               ).to_be_visible(timeout=LOAD_MS)
    editors = page.locator('[class*="st-key-losses-"] [data-testid="stDataFrame"]')
    expect(editors).to_have_count(3, timeout=LOAD_MS)
    assert_clean(page)
    screenshot(page, f"losses_{loss}_{lang}.png")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ctc_on_the_page_prints_torchs_value_and_draws_its_tensor_graph(page, lang):
    state = start("CTCLoss")
    query = urllib.parse.urlencode(state_to_params(state) | {"lang": lang})
    open_page(page, f"losses?{query}", CODE)
    expect(page.locator(CODE).first).to_have_text(torch_printed(state), timeout=LOAD_MS)
    # no scalar level for CTC: the tensor level's graph, its log_softmax and the loss
    graph = page.locator(".js-plotly-plot").filter(has_text="LogSoftmaxBackward0")
    expect(graph).to_have_count(1, timeout=LOAD_MS)
    assert_clean(page)
    screenshot(page, f"losses_CTCLoss_{lang}.png")


def test_kl_div_takes_batchmean_as_torch_does(page):
    state = replace(start("KLDivLoss"), reduction="batchmean")
    open_page(page, "losses?" + urllib.parse.urlencode(state_to_params(state)), CODE)
    expect(page.locator(CODE).first).to_have_text(torch_printed(state), timeout=LOAD_MS)
    expect(page.get_by_role("radio", name="batchmean")).to_be_checked()
    # another loss does not offer it, and keeps the page's value torch's
    choose(page, "Loss", f"{group_word('regression', 'en')} · MSELoss")
    expect(page.get_by_role("radio", name="batchmean")).to_have_count(0)
    expect(page.locator(CODE).first).to_have_text(torch_printed(start("MSELoss")),
                                                  timeout=LOAD_MS)
    assert_clean(page)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ctc_opens_its_example_on_explore_and_prints_torchs_value(page, lang, tmp_path):
    require_torch()
    (expected,) = printed_by_torch(tmp_path, [EXPLORE_ONLY["CTCLoss"][1]])
    open_page(page, f"losses?lang={lang}", CODE)
    link = page.locator('[data-testid="stLinkButton"] a').filter(has_text="CTCLoss")
    link.wait_for(state="attached", timeout=LOAD_MS)
    href = link.get_attribute("href")
    page.goto(f"{page.app_url}{href}", wait_until="domcontentloaded")
    printed = expected.splitlines()[0]
    page.locator(CONSOLE).filter(has_text=printed).first.wait_for(timeout=LOAD_MS)
    wait_idle(page)
    assert_clean(page)
    screenshot(page, f"losses_ctc_explore_{lang}.png")
