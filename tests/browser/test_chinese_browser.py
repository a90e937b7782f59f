"""Every page in Chinese: the text a learner reads holds no English sentence.

Code (the editor, code blocks, inline code), formulas, numbers and the data tables' canvases are
left out: they are code and mathematics in either language. The figures' legends and titles are
prose, and are read. What is left, every visible text
node of the page, must not hold a run of three or more English words. (Streamlit's own link for
keyboard users is not drawn until it has the focus, and is left out with what is not drawn.)
"""

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_pages import LOAD_MS, open_page, wait_for_figures, wait_idle

pytestmark = pytest.mark.browser

# Text under these is code or mathematics, not prose.
NOT_PROSE = ", ".join([
    "code", "pre", "textarea", "[data-testid=stCode]", "[data-testid=stCodeBlock]",
    ".katex", ".katex-display", "[data-testid=stDataFrame]", "[data-testid=stTable]", "script",
    "style", "noscript",
])
# Three English words in a row, with the spaces, hyphens or apostrophes between them.
ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[ \-'’]+[A-Za-z]+){2,}")

VISIBLE_TEXT = """(notProse) => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        const text = node.textContent.trim();
        if (!text || !el || el.closest(notProse)) continue;
        if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
        // a link for keyboards only ("Skip to main content") is clipped to a pixel or moved
        // off the page until it has the focus
        const box = el.getBoundingClientRect();
        if (box.width <= 1 || box.height <= 1 || box.right <= 0 || box.bottom <= 0) continue;
        out.push(text);
    }
    return out;
}"""


def english_sentences(texts):
    return sorted({m.group(0) for text in texts for m in ENGLISH.finditer(text)})


def test_the_detector_finds_a_sentence_and_passes_code_and_chinese():
    assert english_sentences(["输入张量 x 的梯度", "tensor(2.5000)", "relu", "x.grad"]) == []
    assert english_sentences(["计算 the gradient of x"]) == ["the gradient of x"]


def chinese_sentences_left(page, shot):
    """Screenshot the page, then return the English sentences among its visible text."""
    page.screenshot(path=str(SCREENSHOTS / shot))
    texts = page.evaluate(VISIBLE_TEXT, NOT_PROSE)
    assert any(re.search(r"[\u4e00-\u9fff]", text) for text in texts), "the page is not in Chinese"
    return english_sentences(texts)


# every page, and the states that draw other words: Explore's sections opened, the regression's
# and classification's legends, the losses that take class indices
# code that draws unseeded random numbers: the console shows the seed and offers to pin it
RANDOM_CODE = quote("import torch\nx = torch.randn(3, requires_grad=True)\n"
                    "y = (x * x).sum()\ny.backward()\nprint(x)\n")
VIEWS = {
    "explore": "",
    "explore_sections": "?show_steps=true&show_check=true&show_export=true",
    "explore_random": f"?code={RANDOM_CODE}",
    "losses": "losses",
    "losses_classes": "losses?loss=CrossEntropyLoss",
    "descent": "descent",
    "descent_regression": "descent?task=regression&compare=1",
    "descent_classification": "descent?task=classification",
}


@pytest.mark.parametrize("name", list(VIEWS))
def test_every_page_in_chinese_has_no_english_sentence(page, name):
    page.set_viewport_size({"width": 1400, "height": 1700})
    path, _, query = VIEWS[name].partition("?")
    open_page(page, f"{path}?lang=zh&{query}", ".js-plotly-plot")
    wait_for_figures(page)
    assert chinese_sentences_left(page, f"{name}_zh.png") == []
    if name == "explore_random":
        expect(page.get_by_text("把种子写进代码")).to_be_visible()


def test_a_trained_run_reports_in_chinese(page):
    page.set_viewport_size({"width": 1400, "height": 1700})
    open_page(page, "descent?lang=zh&task=classification", ".st-key-train button:visible")
    page.locator(".st-key-train button:visible").click()
    expect(page.locator('[data-testid="stMetric"]').filter(has_text="已走步数").first
           .locator('[data-testid="stMetricValue"]')).not_to_have_text("0", timeout=LOAD_MS)
    wait_idle(page)
    wait_for_figures(page)
    assert chinese_sentences_left(page, "descent_trained_zh.png") == []
