"""The lifespan of app.py's ``st.App``: what the server does once, before it answers anyone,
and the tidying it keeps doing while it serves.

``streamlit run app.py`` serves app.py's ``st.App``, and an App's lifespan runs before the server
accepts its first connection (the health check answers after it). Without it, the first visitor
of a fresh server would wait for what no later visitor waits for: the pages' imports (pandas,
plotly, the engine), the sandbox's fork server, and the analysis of the page every link without
code opens. Started this way, the server's idle memory is also what it holds with all of that
loaded, before its first visitor.

While it serves, the server also shuts down the sessions Streamlit keeps after their visitor left
(``close_expired_sessions``): without that, a class's sessions stayed in memory after the class.
"""

import ast
import asyncio
import contextlib
import ctypes
import gc
import os
import time

from streamlit.logger import get_logger
from streamlit.runtime import Runtime

from lessons.corpus import DEFAULT_PRESET, PRESETS

from .caches import cached_analysis
from .frame import PAGES, ROOT

LOG = get_logger(__name__)
M_ARENA_MAX = -8  # mallopt's parameter number in glibc's malloc.h
ARENAS = 2
TIDY_SECONDS = 10  # how often expired sessions are looked for


def page_imports():
    """(module, names imported from it) for each import statement at the top of the pages.

    Read from the pages' source: a page file runs only in a visitor's session.
    """
    statements = []
    for path, *_ in PAGES:
        for node in ast.parse((ROOT / path).read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Import):
                statements += [(alias.name, ()) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                statements.append((node.module, tuple(a.name for a in node.names)))
    return statements


def limit_malloc_arenas(arenas=ARENAS):
    """Cap glibc's malloc arenas at ``arenas`` from now on, as ``MALLOC_ARENA_MAX`` does from the
    environment (which is left to decide where a host sets it); whether the cap was set.

    Streamlit runs each visitor's script in a thread of its own, and glibc gives threads arenas
    of their own, up to eight per core, each keeping what it freed: with 30 visitors at once the
    server peaked at 683 MB with the default and 423 MB with two arenas (bench/load.py). Set
    before the first visitor, the cap holds wherever the app runs (Community Cloud included).
    False where the C library has no ``mallopt`` (not glibc).
    """
    if os.environ.get("MALLOC_ARENA_MAX"):
        return False
    mallopt = _c_function("mallopt")
    return mallopt is not None and mallopt(M_ARENA_MAX, arenas) == 1


def _c_function(name):
    """The C library's function ``name`` (glibc's malloc tuning), or None where it has none."""
    return getattr(ctypes.CDLL(None), name, None)


def warm():
    """Import what the pages import, start the sandbox, analyse the default example (kept in
    the analysis cache, where the first visitor's page finds it)."""
    for module, names in page_imports():
        __import__(module, fromlist=names)  # as the statement does: named submodules too
    cached_analysis(PRESETS[DEFAULT_PRESET])


def close_expired_sessions(runtime):
    """Shut down the sessions whose visitors left more than ``server.disconnectedSessionTTL``
    (120 s) ago; how many, or None where this Streamlit keeps them some other way.

    Streamlit keeps a closed session (its state, its page's data) that long so that a visitor
    whose connection blinked gets it back, in a cache that drops expired sessions only when it
    stores the next one, and without shutting them down. After a class, with no new visitor,
    every session of the class stayed. Shut down here as Streamlit's own ``close_session`` does
    it, their memory is freed and given back (84 to 90 MB in two runs of bench/load.py). A
    session whose shutdown fails is logged; the others are shut down all the same.
    """
    manager = getattr(runtime, "_session_mgr", None)
    cache = getattr(getattr(manager, "_session_storage", None), "_cache", None)
    lock = getattr(manager, "_storage_lock", None)
    if not hasattr(cache, "expire") or lock is None:
        return None
    with lock:
        expired = cache.expire()
    for session_id, info in expired:
        try:
            info.session.shutdown()
        except Exception:  # noqa: BLE001 - it is out of the storage: the rest go on
            LOG.exception("shutting down expired session %s failed", session_id)
    if expired:
        gc.collect()  # a session's objects refer to each other
        release_free_memory()
        LOG.info("closed %d expired session%s", len(expired), "s"[len(expired) == 1:])
    return len(expired)


def release_free_memory():
    """Give the pages malloc holds free back to the system (glibc's ``malloc_trim``); whether any
    were given back. Freed memory inside malloc's heaps otherwise stays in the process's RSS."""
    trim = _c_function("malloc_trim")
    return trim is not None and trim(0) == 1


async def keep_tidy(every=TIDY_SECONDS):
    """Every ``every`` seconds, shut down expired sessions (on the event loop, where Streamlit
    closes sessions itself). A failure is logged and tidying goes on."""
    while True:
        await asyncio.sleep(every)
        if not Runtime.exists():
            continue
        try:
            closed = close_expired_sessions(Runtime.instance())
        except Exception:  # noqa: BLE001 - serving goes on; the next round tries again
            LOG.exception("closing expired sessions failed")
            continue
        if closed is None:
            LOG.warning("this Streamlit keeps closed sessions elsewhere: they are not tidied")
            return


@contextlib.asynccontextmanager
async def lifespan(_app):
    """Cap malloc's arenas, then warm up in a thread (the event loop keeps serving Streamlit's
    runtime meanwhile); while the server runs, keep it tidy.

    A warm-up that fails is logged and the server starts anyway: every page does the same work
    on its first run, only later.
    """
    limit_malloc_arenas()
    start = time.perf_counter()
    try:
        await asyncio.to_thread(warm)
    except Exception:  # noqa: BLE001 - the server must start: a page repeats the work itself
        LOG.exception("warm-up failed; pages will do its work on their first run")
    else:
        LOG.info("warmed up in %.1f s", time.perf_counter() - start)
    tidying = asyncio.create_task(keep_tidy())
    try:
        yield
    finally:
        tidying.cancel()
