"""A pasted tutorial that plots its result: "Learning PyTorch with Examples" fits a cubic to
sin(x) and plots the fit over the data with matplotlib; the Explore page draws that figure as a
plotly chart under the printed output, with the snippet's own title, labels and legend. The
screenshot lands in tests/browser/screenshots/explore_plot.png."""

import pytest
from playwright.sync_api import expect

from engine import evaluate
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_isolation_browser import CODE, open_explore, submit
from tests.browser.test_pages import LOAD_MS, assert_clean, wait_for_figures, wait_idle

pytestmark = pytest.mark.browser
TITLE = "A cubic fitted to sin(x)"
# the tutorial's "PyTorch: Tensors and autograd", shortened to fit the page's bounds (100 points
# and 30 steps instead of 2,000 of each), with the plot its readers add at the end
FIT = f"""import torch
import math
import matplotlib.pyplot as plt

dtype = torch.float
device = torch.device("cpu")

x = torch.linspace(-math.pi, math.pi, 100, device=device, dtype=dtype)
y = torch.sin(x)

torch.manual_seed(0)
a = torch.randn((), device=device, dtype=dtype, requires_grad=True)
b = torch.randn((), device=device, dtype=dtype, requires_grad=True)
c = torch.randn((), device=device, dtype=dtype, requires_grad=True)
d = torch.randn((), device=device, dtype=dtype, requires_grad=True)

learning_rate = 2e-5
for t in range(30):
    y_pred = a + b * x + c * x ** 2 + d * x ** 3
    loss = (y_pred - y).pow(2).sum()
    if t % 10 == 9:
        print(t, loss.item())
    loss.backward()
    with torch.no_grad():
        a -= learning_rate * a.grad
        b -= learning_rate * b.grad
        c -= learning_rate * c.grad
        d -= learning_rate * d.grad
        a.grad = None
        b.grad = None
        c.grad = None
        d.grad = None

print(f'Result: y = {{a.item()}} + {{b.item()}} x + {{c.item()}} x^2 + {{d.item()}} x^3')
plt.plot(x, y, label='sin(x)')
plt.plot(x, y_pred.detach(), 'r--', label='fit')
plt.title('{TITLE}')
plt.xlabel('x')
plt.legend()
plt.show()
"""


def test_a_pasted_tutorial_plot_is_drawn_with_its_title_and_legend(page):
    page.set_viewport_size({"width": 1400, "height": 1400})
    open_explore(page, "en")
    submit(page, FIT)
    printed = evaluate(FIT).printed
    expect(page.locator(CODE).filter(has_text=printed[-1])).to_have_count(1, timeout=LOAD_MS)
    chart = page.locator('[data-testid="stPlotlyChart"]').filter(
        has=page.locator(".gtitle", has_text=TITLE))
    expect(chart).to_have_count(1, timeout=LOAD_MS)
    expect(chart.locator(".legendtext")).to_have_text(["sin(x)", "fit"], timeout=LOAD_MS)
    expect(chart.locator(".xtitle")).to_have_text("x")
    expect(chart.locator(".scatterlayer .trace")).to_have_count(2)
    expect(page.get_by_text("Charts", exact=True)).to_be_visible()
    wait_idle(page)
    wait_for_figures(page)
    assert_clean(page)
    chart.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "explore_plot.png"))
