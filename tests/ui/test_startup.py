"""The server's warm-up: ``streamlit run app.py`` serves app.py's ``st.App``, whose lifespan
imports what the pages import, starts the sandbox and analyses the default example before the
health check answers; a warm-up that fails leaves a server that starts anyway."""

import asyncio
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from streamlit.web.server.app_discovery import discover_asgi_app

from lessons.corpus import DEFAULT_PRESET, PRESETS
from tests.browser.conftest import free_port, serving_process, streamlit_command
from ui import caches, startup
from ui.caches import CACHE_BYTES, ByteBudgetCache

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.usefixtures("no_worker_left")


def test_streamlit_run_serves_app_py_as_an_app():
    found = discover_asgi_app(ROOT / "app.py")
    assert found.is_asgi_app and found.import_string == "app:app"


def test_the_pages_imports_are_read_from_the_pages():
    statements = startup.page_imports()
    assert ("lessons.losses", ("tex",)) in statements  # pages/losses.py: a submodule, by name
    assert ("ui.caches", ("cached_analysis",)) in statements  # pages/explore.py
    assert ("math", ()) in statements  # pages/losses.py


def test_warm_up_imports_the_pages_modules_and_keeps_the_default_analysis(monkeypatch):
    cache = ByteBudgetCache(CACHE_BYTES)
    monkeypatch.setattr(caches, "_ANALYSES", cache)
    startup.warm()
    for module, names in startup.page_imports():
        assert module in sys.modules
        for name in names:  # a submodule named in `from module import name` is imported too
            assert hasattr(sys.modules[module], name)
    assert PRESETS[DEFAULT_PRESET] in cache
    assert cache.computed == 1
    caches.cached_analysis(PRESETS[DEFAULT_PRESET])  # the first visitor finds it
    assert cache.computed == 1


def test_a_failed_warm_up_is_logged_and_the_server_starts_anyway(monkeypatch):
    logged = []

    def fail():
        raise OSError("no fork server here")

    class Log:
        def exception(self, message):
            logged.append(message)

        def info(self, message, *args):
            raise AssertionError("a failed warm-up reported success")

    monkeypatch.setattr(startup, "warm", fail)
    monkeypatch.setattr(startup, "limit_malloc_arenas", lambda: True)  # not this process's
    monkeypatch.setattr(startup, "LOG", Log())

    async def serve():
        async with startup.lifespan(None):
            return "serving"

    served = []  # in a thread of its own: a browser test may have left this one a running loop
    thread = threading.Thread(target=lambda: served.append(asyncio.run(serve())))
    thread.start()
    thread.join()
    assert served == ["serving"]
    assert logged and "warm-up failed" in logged[0]


def test_a_fresh_server_has_warmed_up_when_its_health_check_answers(tmp_path):
    port = free_port()
    log = tmp_path / "server.log"
    with serving_process(streamlit_command("app.py", port), f"http://127.0.0.1:{port}", log,
                         "streamlit") as server:
        assert "warmed up in" in log.read_text()  # logged before the health check answered
        # the sandbox's fork server is running: the first visitor's run does not start it
        children = subprocess.run(["ps", "-o", "args=", "--ppid", str(server.pid)],
                                  capture_output=True, text=True).stdout
        assert "forkserver" in children


ARENAS_USED = """
import ctypes, sys, threading
from ui import startup
if sys.argv[1] == "capped":
    assert startup.limit_malloc_arenas()
start = threading.Barrier(16)
def session():  # a visitor's script run: a thread of its own, allocating at the same time
    start.wait()
    for _ in range(500):
        blocks = [bytes(1000) for _ in range(50)]
threads = [threading.Thread(target=session) for _ in range(16)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
ctypes.CDLL(None).malloc_stats()  # one "Arena N:" block per arena, on stderr
"""


def arenas_used(mode):
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    run = subprocess.run([sys.executable, "-c", ARENAS_USED, mode], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True)
    return sum(line.startswith("Arena ") for line in run.stderr.splitlines())


def test_sessions_threads_share_two_malloc_arenas_once_capped():
    assert arenas_used("capped") <= startup.ARENAS
    assert arenas_used("default") > startup.ARENAS  # glibc's own: up to eight per core


def test_an_arena_cap_from_the_environment_is_left_alone(monkeypatch):
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert not startup.limit_malloc_arenas()
