"""The tensor-level graph in a real browser: "Learning PyTorch with Examples"' autograd cubic fit,
pasted into Explore, prints torch's losses and draws one node per tensor operation; a click on an
op shows its backward rule, in English and in Chinese. Screenshots land in
tests/browser/screenshots/."""

import contextlib
import io

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_chinese_browser import chinese_sentences_left
from tests.browser.test_pages import (
    LOAD_MS,
    assert_clean,
    open_page,
    plot_point,
    wait_for_figures,
    wait_idle,
)
from tests.engine.torchlike.tensor_programs import POLY_FIT_AUTOGRAD

pytestmark = pytest.mark.browser
CODE = POLY_FIT_AUTOGRAD.format(steps=300, every=100, last=99)
CODES = "pre.text-block"  # Explore's printed output and formulas
NOTE = {"en": "ran on the tensor level", "zh": "在张量层级上运行"}
RULE = {"en": "Backward rule", "zh": "反向传播规则"}


def torch_printed(code):
    """What real torch prints for ``code`` (a tutorial program of the test corpus), in its
    default dtype, float32, whatever another test set."""
    torch = pytest.importorskip("torch")
    out, default = io.StringIO(), torch.get_default_dtype()
    torch.set_default_dtype(torch.float32)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, "<tutorial>", "exec"), {})  # noqa: S102 - the test's own code
    finally:
        torch.set_default_dtype(default)
    return out.getvalue().splitlines()


def paste(page, code):
    """Replace the editor's code with ``code`` as a learner pastes it, and run it."""
    editor = page.locator("textarea").first
    editor.click()
    editor.press("Control+a")
    editor.fill(code)
    editor.press("Control+Enter")


def ops_text(page):
    return page.evaluate(
        "() => { const gd = document.querySelector('.js-plotly-plot');"
        " const ops = gd && gd.data.find(t => t.name === 'ops'); return ops ? ops.text : null; }")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_autograd_cubic_fit_draws_its_tensor_graph(page, lang):
    printed = torch_printed(CODE)
    page.set_viewport_size({"width": 1400, "height": 1700})
    open_page(page, f"?lang={lang}", ".js-plotly-plot")
    paste(page, CODE)
    console = page.locator(CODES).first
    expect(console).to_contain_text(printed[2], timeout=LOAD_MS)  # the loss at step 299
    assert console.inner_text().strip().splitlines() == printed  # every line as torch prints it
    note = page.locator('[data-testid="stAlertContentInfo"]').filter(has_text=NOTE[lang])
    expect(note.first).to_be_visible(timeout=LOAD_MS)
    page.wait_for_function(
        "() => { const gd = document.querySelector('.js-plotly-plot');"
        " const ops = gd && gd.data.find(t => t.name === 'ops');"
        " return ops && ops.text.some(s => s.includes('SumBackward0')); }", timeout=LOAD_MS)
    wait_idle(page)
    wait_for_figures(page)
    ops = ops_text(page)
    assert any(s.startswith("<b>loss</b><br>SumBackward0") for s in ops)
    assert any(s.startswith("<b>y_pred</b><br>AddBackward0<br>[2000]") for s in ops)
    assert sum("MulBackward0" in s for s in ops) == 3  # b * x, c * x ** 2, d * x ** 3
    # the inspector opens on the output: loss = sum(pow1), and its rule
    expect(page.locator(CODES).filter(has_text="loss = sum(pow1)").first).to_be_visible(
        timeout=LOAD_MS)
    expect(page.get_by_text(RULE[lang], exact=True).first).to_be_visible()
    if lang == "zh":
        assert chinese_sentences_left(page, "explore_tensor_graph_zh.png") == []
    else:
        page.screenshot(path=str(SCREENSHOTS / "explore_tensor_graph.png"))
    # a click on b * x shows its backward rule as a formula, b's gradient summed over x's 2000
    mul = next(i for i, s in enumerate(ops) if s.startswith("<b>mul1</b>"))
    x, y = plot_point(page, 0, "ops", mul)
    page.mouse.click(x, y)
    formula = page.locator(CODES).filter(has_text="∂loss/∂b += Σ(g · x)")
    expect(formula.first).to_be_visible(timeout=LOAD_MS)
    wait_idle(page)
    assert page.locator(CODES).filter(has_text="mul1 = b * x").count() >= 1
    assert_clean(page)
    page.screenshot(path=str(SCREENSHOTS / f"explore_tensor_inspector_{lang}.png"))


GROUPED = {"en": "Grouped: one node per tensor operation", "zh": "分组：每个张量运算一个节点"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_grouped_view_of_a_small_training_loop_is_its_tensor_graph(page, lang):
    # small enough for the scalar graph of Values; its grouped view is the tensor level's graph
    # of the same run, with torch's grad_fn names
    from lessons.corpus import PRESETS

    code = PRESETS["linear_training"]
    printed = torch_printed(code)
    page.set_viewport_size({"width": 1400, "height": 1700})
    open_page(page, f"?lang={lang}", ".js-plotly-plot")
    paste(page, code)
    console = page.locator(CODES).first
    expect(console).to_contain_text(printed[-1], timeout=LOAD_MS)
    assert console.inner_text().strip().splitlines() == printed
    page.get_by_text(GROUPED[lang], exact=True).click()
    page.wait_for_function(
        "() => { const gd = document.querySelector('.js-plotly-plot');"
        " const ops = gd && gd.data.find(t => t.name === 'ops');"
        " return ops && ops.text.some(s => s.includes('MseLossBackward0')); }", timeout=LOAD_MS)
    wait_idle(page)
    wait_for_figures(page)
    ops = ops_text(page)
    assert any(s.startswith("<b>loss</b><br>MseLossBackward0") for s in ops)
    assert any("AddmmBackward0" in s for s in ops)
    expect(page.get_by_text(RULE[lang], exact=True).first).to_be_visible(timeout=LOAD_MS)
    assert_clean(page)
    page.screenshot(path=str(SCREENSHOTS / f"explore_grouped_tensor_{lang}.png"))
