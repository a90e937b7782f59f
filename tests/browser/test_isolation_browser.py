"""Two visitors at once: one runs a bomb (code past a worker's memory limit), the other edits
code and sees its result; the bomb's visitor is told which limit stopped it, in their language,
each sees only their own run, and the server stays up for both."""

import urllib.request

import pytest
from playwright.sync_api import expect

from engine import evaluate
from tests.browser.conftest import new_tab, streamlit_server
from tests.browser.test_pages import LOAD_MS, assert_clean, wait_idle
from ui.i18n import translate

pytestmark = pytest.mark.browser
MEMORY_MB = 32  # the neuron's analysis takes a few MB; the bomb's 18,000 Values about 60
CODE = "pre.text-block"  # Explore's printed output and formulas
ERROR_BOX = '[data-testid="stAlertContentError"]'
BOMB = "a = Value(1.0)\nfor i in range(6000):\n    a = a * 1.0001 + 0.001\na.backward()\n"


def neuron(x1):
    """Karpathy's neuron with input ``x1``, printing its output and x1's gradient."""
    return (f"x1 = Value({x1})\nw1 = Value(-3.0)\nb = Value(6.8813735870195432)\n"
            "o = (x1 * w1 + b).tanh()\no.backward()\nprint(o.data, x1.grad)\n")


def shows_output(tab, source):
    """Wait until the console shows what the engine prints for ``source``."""
    printed = "\n".join(evaluate(source).printed)
    expect(tab.locator(CODE).filter(has_text=printed)).to_have_count(1, timeout=LOAD_MS)


def submit(tab, source):
    """Type ``source`` into the editor and apply it (Ctrl+Enter), without waiting for the run."""
    editor = tab.locator("textarea").first
    editor.fill(source)
    editor.press("Control+Enter")


def open_explore(tab, lang):
    tab.goto(f"{tab.app_url}/?lang={lang}", wait_until="domcontentloaded")
    tab.locator(".js-plotly-plot").first.wait_for(timeout=LOAD_MS)
    wait_idle(tab)


def test_a_bomb_costs_one_worker_while_another_visitor_keeps_working(chromium, tmp_path):
    env = {"SANDBOX_MEMORY_MB": str(MEMORY_MB)}
    with streamlit_server(tmp_path / "server.log", env) as (url, server), \
            new_tab(chromium, url) as bomber, new_tab(chromium, url) as student:
        open_explore(bomber, "zh")
        open_explore(student, "en")

        submit(bomber, BOMB)
        submit(student, neuron(2.0))  # while the bomb runs (or has just been stopped)
        shows_output(student, neuron(2.0))

        stop = translate("zh", "sandbox.memory", mb=MEMORY_MB)
        expect(bomber.locator(ERROR_BOX)).to_have_text(stop, timeout=LOAD_MS)
        assert stop.startswith(f"这段代码需要超过 {MEMORY_MB} MB 的内存")
        wait_idle(bomber)
        assert_clean(bomber)
        # each saw only their own run
        expect(student.locator(ERROR_BOX)).to_have_count(0)
        student_output = "\n".join(evaluate(neuron(2.0)).printed)
        expect(bomber.locator(CODE).filter(has_text=student_output)).to_have_count(0)

        # after the bomb: the server is up, and the same visitor's next edit is answered
        assert server.poll() is None
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=30) as health:
            assert health.status == 200
        submit(student, neuron(0.5))
        shows_output(student, neuron(0.5))
        wait_idle(student)
        assert_clean(student)
        # and the bomber can run code again too
        submit(bomber, neuron(1.5))
        shows_output(bomber, neuron(1.5))
        expect(bomber.locator(ERROR_BOX)).to_have_count(0, timeout=LOAD_MS)
