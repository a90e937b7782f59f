"""The server's warm-up: ``streamlit run app.py`` serves app.py's ``st.App``, whose lifespan
imports what the pages import, starts the sandbox and analyses the default example before the
health check answers; a warm-up that fails leaves a server that starts anyway."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from streamlit.runtime.memory_session_storage import MemorySessionStorage
from streamlit.runtime.session_manager import SessionInfo
from streamlit.web.server.app_discovery import discover_asgi_app

from bench.protocol import Visitor
from lessons.corpus import DEFAULT_PRESET, PRESETS
from tests.browser.conftest import free_port, serving_process, streamlit_command
from ui import caches, startup
from ui.caches import CACHE_BYTES, ByteBudgetCache

from .own_loop import run_in_own_loop

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

    assert run_in_own_loop(serve) == "serving"
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


class Session:
    """What the storage keeps of a session, and whether it was shut down."""

    def __init__(self, session_id):
        self.id = session_id
        self.shut_down = False

    def shutdown(self):
        self.shut_down = True


def runtime_keeping(storage):
    """A runtime whose session manager keeps closed sessions in ``storage``, as Streamlit's."""
    return SimpleNamespace(_session_mgr=SimpleNamespace(_session_storage=storage,
                                                        _storage_lock=threading.Lock()))


def test_closed_sessions_past_their_ttl_are_shut_down_and_dropped():
    storage = MemorySessionStorage(ttl_seconds=0.5)  # Streamlit's, as the server makes it
    runtime = runtime_keeping(storage)
    left = [Session("left early"), Session("left late")]
    storage.save(SessionInfo(client=None, session=left[0], script_run_count=1))
    assert startup.close_expired_sessions(runtime) == 0  # within its TTL: kept for a reconnect
    time.sleep(0.6)
    storage.save(SessionInfo(client=None, session=left[1], script_run_count=1))
    # Streamlit's storage has dropped the first on this save, silently; nothing shut it down
    assert not left[0].shut_down
    storage.save(SessionInfo(client=None, session=left[0], script_run_count=1))
    time.sleep(0.6)
    assert storage.list() == []  # both expired: no reconnect finds them...
    assert startup.close_expired_sessions(runtime) == 2  # ...and now nothing keeps them
    assert left[0].shut_down and left[1].shut_down
    assert startup.close_expired_sessions(runtime) == 0


def test_a_session_whose_shutdown_fails_leaves_the_others_shut_down():
    class Stuck(Session):
        def shutdown(self):
            raise RuntimeError("stuck")

    storage = MemorySessionStorage(ttl_seconds=0.1)
    sessions = [Session("a"), Stuck("b"), Session("c")]
    for session in sessions:
        storage.save(SessionInfo(client=None, session=session, script_run_count=1))
    time.sleep(0.2)
    assert startup.close_expired_sessions(runtime_keeping(storage)) == 3
    assert sessions[0].shut_down and sessions[2].shut_down


def test_a_streamlit_keeping_sessions_elsewhere_is_left_alone():
    assert startup.close_expired_sessions(SimpleNamespace()) is None
    assert startup.close_expired_sessions(runtime_keeping(SimpleNamespace())) is None


def test_a_server_shuts_down_a_session_its_visitor_left(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "server.log"
    command = [*streamlit_command("app.py", port), "--server.disconnectedSessionTTL", "1"]
    with serving_process(command, url, log, "streamlit"):
        async def visit():
            visitor = Visitor(url)
            await visitor.open("losses")
            await visitor.close()

        run_in_own_loop(visit)
        deadline = time.monotonic() + 60 + startup.TIDY_SECONDS
        while "closed 1 expired session" not in log.read_text():
            assert time.monotonic() < deadline, log.read_text()[-2000:]
            time.sleep(0.5)
