"""From opening a link to the first drawn graph, in Chromium, next to a one-chart page.

Each page is served by its own ``streamlit run`` on this machine and opened in a fresh browser
context (nothing cached, as a new visitor): the time from ``goto`` to the first plotly chart
drawn (its SVG in the page), and to every chart on the page drawn. "Cold" is the first visitor
right after ``streamlit run`` (once its health check answers), "warm" a visitor after that. The
one-chart page is ``bench/one_chart.py``; the goal (issue 13) is at most 1.2 times its time,
warm and cold.

    python -m bench.bench_open            # needs Debian's chromium and playwright
    python -m bench.bench_open --phases   # where a warm visit's time goes, page by page

``--phases`` serves both pages at once and times warm visits, interleaved: when the websocket
opens, when the browser asks for plotly's chunk (the code of Streamlit's plotly element) and when
it has arrived, when the first chart is drawn, and how many JavaScript files the visit asked for.
"""

import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.conftest import free_port, serving_process, streamlit_command

from .harness import repeats, table

CHROMIUM = "/usr/bin/chromium"
PAGES = {"one chart": "bench/one_chart.py", "Explore": "app.py"}
DRAWN = ("() => [...document.querySelectorAll('.js-plotly-plot')]"
         ".filter(p => p.querySelector('.main-svg')).length")
WAIT_S = 180


@contextlib.contextmanager
def serve(script):
    """``streamlit run script`` on a free port until it answers its health check; its URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp, serving_process(
            streamlit_command(script, port), url, Path(tmp) / "server.log", "streamlit",
            seconds=WAIT_S):
        yield url


def open_link(browser, url):
    """Seconds from opening ``url`` in a fresh context to the first chart drawn, and to all."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_function(f"() => ({DRAWN})() >= 1", timeout=WAIT_S * 1000, polling=20)
        first = time.perf_counter() - start
        # every chart the page sends, drawn (the script run has ended when the status says so)
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
            f" && ({DRAWN})() === document.querySelectorAll('.js-plotly-plot').length",
            timeout=WAIT_S * 1000, polling=20)
        return first, time.perf_counter() - start
    finally:
        context.close()


PLOTLY_CHUNK = "/static/js/PlotlyChart."
PHASES = ("websocket open", "plotly chunk asked", "plotly chunk arrived", "first chart drawn")


def visit_phases(browser, url):
    """{phase: seconds from ``goto``} of one visit to ``url`` in a fresh context."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    times = {}
    start = time.perf_counter()

    def mark(phase):
        times.setdefault(phase, time.perf_counter() - start)

    page.on("websocket", lambda ws: mark(PHASES[0]))
    page.on("request", lambda r: PLOTLY_CHUNK in r.url and mark(PHASES[1]))
    page.on("requestfinished", lambda r: PLOTLY_CHUNK in r.url and mark(PHASES[2]))
    scripts = []
    page.on("request", lambda r: r.url.endswith(".js") and scripts.append(r.url))
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_function(f"() => ({DRAWN})() >= 1", timeout=WAIT_S * 1000, polling=20)
        mark(PHASES[3])
        times["JavaScript files"] = len(scripts)
        return times
    finally:
        context.close()


def phases(browser, repeat):
    """Print the median time of each phase of a warm visit to each page."""
    visits = {name: [] for name in PAGES}
    with contextlib.ExitStack() as stack:
        urls = {name: stack.enter_context(serve(script)) for name, script in PAGES.items()}
        for url in urls.values():
            visit_phases(browser, url)  # the server's first visitor: warm from here on
        for _ in range(repeat):
            for name, url in urls.items():
                visits[name].append(visit_phases(browser, url))
    columns = (*PHASES, "JavaScript files")
    rows = [[name] + [f"{statistics.median(v[c] for v in runs if c in v):.2f}" for c in columns]
            for name, runs in visits.items()]
    print(table(f"A warm visit: seconds from opening the link (and the JavaScript files it "
                f"loads), median of {repeat} runs", rows, ["page", *columns]))


def measure(browser, script, repeat):
    """(cold runs, warm runs): each a (first chart, all charts) pair of seconds."""
    cold, warm = [], []
    for _ in range(repeat):
        with serve(script) as url:
            cold.append(open_link(browser, url))
            warm.append(open_link(browser, url))
            warm.append(open_link(browser, url))
    return cold, warm


def main():
    """Open both pages cold and warm, interleaved, and print the table."""
    repeat = repeats(__doc__, full=5, quick=2)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--headless", "--no-sandbox", "--disable-gpu"])
        if "--phases" in sys.argv:
            phases(browser, 2 * repeat)
            browser.close()
            return
        runs = {name: ([], []) for name in PAGES}
        for _ in range(repeat):
            for name, script in PAGES.items():
                cold, warm = measure(browser, script, 1)
                runs[name][0].extend(cold)
                runs[name][1].extend(warm)
        browser.close()
    reference = {kind: statistics.median(r[0] for r in runs["one chart"][i])
                 for i, kind in enumerate(("cold", "warm"))}
    rows = []
    for name, (cold, warm) in runs.items():
        for kind, pairs in (("cold", cold), ("warm", warm)):
            first = statistics.median(r[0] for r in pairs)
            every = statistics.median(r[1] for r in pairs)
            rows.append([name, kind, f"{first:.2f}", f"{every:.2f}",
                         f"{first / reference[kind]:.2f}x", len(pairs)])
    print(table(f"Opening a link: seconds to the first chart drawn, median of {repeat}+ runs",
                rows, ["page", "server", "first chart s", "all charts s", "vs one chart", "runs"]))


if __name__ == "__main__":
    main()
