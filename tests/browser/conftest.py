"""The browser fixtures: `streamlit run app.py` on a free local port, and Debian's Chromium.

Both are session-scoped: one server and one browser for every browser test. Without Chromium the
tests skip, unless REQUIRE_BROWSER=1 (CI), where they fail instead.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
STARTUP_SECONDS = 60


def _missing(reason):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


def free_port():
    """A TCP port on 127.0.0.1 that is free now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def chromium():
    """A headless Debian Chromium driven by Playwright (never Playwright's own browser build)."""
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        _missing("Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install playwright)")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
            args=CHROMIUM_ARGS,
        )
        try:
            yield browser
        finally:
            browser.close()


def answers(url, timeout=2):
    """Whether ``url``'s Streamlit health check (``/_stcore/health``) answers 200 now."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def serving_process(command, url, log, what, env=None, seconds=STARTUP_SECONDS):
    """Start ``command`` (its output into the file ``log``) and wait until ``url`` answers its
    health check; yield the process; always stop it. RuntimeError, with the log, if it stops or
    does not answer within ``seconds``."""
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                   env={**os.environ, **(env or {})})
    try:
        deadline = time.monotonic() + seconds
        while not answers(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not start:\n"
                                   f"{Path(log).read_text(errors='replace')}")
            time.sleep(0.25)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def streamlit_command(script, port):
    """`streamlit run script` headless on 127.0.0.1:``port``."""
    return [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
            "--server.address", "127.0.0.1", "--server.port", str(port),
            "--browser.gatherUsageStats", "false"]


@contextlib.contextmanager
def streamlit_server(log, env=None):
    """Run `streamlit run app.py` on a free local port, with ``env`` added to the environment;
    yield (its URL, its process); always stop it. RuntimeError if it does not start."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with serving_process(streamlit_command("app.py", port), url, log, "streamlit", env) as server:
        yield url, server


@contextlib.contextmanager
def serve_app(log, env=None):
    """Run `streamlit run app.py` on a free local port; yield its URL; always stop it."""
    with streamlit_server(log, env) as (url, _):
        yield url


@pytest.fixture(scope="session")
def app_url(chromium, tmp_path_factory):
    """The URL of the app server shared by this test session."""
    with serve_app(tmp_path_factory.mktemp("streamlit") / "server.log") as url:
        yield url


@contextlib.contextmanager
def new_tab(chromium, app_url, **options):
    """A fresh tab (1400 x 1000, plus context ``options``) recording JavaScript errors in
    ``tab.js_errors``; ``tab.app_url`` is the server's URL."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, **options)
    tab = context.new_page()
    tab.js_errors = []
    tab.on("pageerror", lambda err: tab.js_errors.append(str(err)))
    tab.app_url = app_url
    SCREENSHOTS.mkdir(exist_ok=True)
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def page(chromium, app_url):
    """A fresh tab on the shared server."""
    with new_tab(chromium, app_url) as tab:
        yield tab
