"""The analysis cache: bounded in bytes, one run per code text however many ask, limits kept
and named in the page's language, transient stops tried again."""

import threading

import pytest
from streamlit.testing.v1 import AppTest

from engine.autograd.graph import trace
from lessons.corpus import PRESETS
from lessons.explore import analyse
from tests.engine.autograd.test_graph import neuron
from ui import caches, sandbox
from ui.caches import CACHE_BYTES, FIGURE_BYTES, ByteBudgetCache, cached_analysis, cached_figure
from ui.i18n import translate
from viz.graph import graph_figure
from viz.spec import spec_bytes

pytestmark = pytest.mark.usefixtures("no_worker_left")


# 6,000 steps of a scalar loop: 18,000 Values, about 60 MB of a worker's memory to analyse
LONG_LOOP = """from micrograd.engine import Value
a = Value(1.0)
for i in range(6000):
    a = a * 1.0001 + 0.001
a.backward()
"""


@pytest.fixture
def fresh(monkeypatch):
    """An empty analysis cache, so each test sees its own runs."""
    cache = ByteBudgetCache(CACHE_BYTES)
    monkeypatch.setattr(caches, "_ANALYSES", cache)
    return cache


def sized(value, size):
    return lambda: (value, size)


def test_the_cache_evicts_the_least_recently_used_by_bytes():
    cache = ByteBudgetCache(budget=100)
    for key in "abc":  # 30 bytes of value and 1 of key each: all three fit in 100
        assert cache.get(key, sized(key.upper(), 30)) == key.upper()
    assert cache.size == 93
    cache.get("a", sized("unused", 30))  # a hit: "a" becomes the most recent
    cache.get("d", sized("D", 30))  # 124 bytes: the least recent, "b", goes
    assert [k for k in "abcd" if k in cache] == ["a", "c", "d"]
    assert cache.size == 93
    cache.get("e", sized("E", 39))  # 40 bytes: "c", then "a" (now least recent) make room
    assert [k for k in "abcde" if k in cache] == ["d", "e"]
    assert cache.size == 71


def test_a_value_larger_than_the_budget_is_returned_not_kept():
    cache = ByteBudgetCache(budget=100)
    cache.get("a", sized("A", 10))
    assert cache.get("huge", sized("H", 500)) == "H"
    assert "huge" not in cache and "a" in cache and cache.size == 11


def test_many_askers_of_one_key_share_one_run():
    cache = ByteBudgetCache(budget=100)
    release = threading.Event()
    calls = []

    def compute():
        calls.append(1)
        release.wait()
        return "value", 10

    results = []
    askers = [threading.Thread(target=lambda: results.append(cache.get("k", compute)))
              for _ in range(8)]
    for asker in askers:
        asker.start()
    release.set()
    for asker in askers:
        asker.join()
    assert results == ["value"] * 8 and len(calls) == 1
    assert cache.computed == 1  # the counter a rerun's test reads


def test_a_failed_run_is_not_kept():
    cache = ByteBudgetCache(budget=100)

    def fail():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        cache.get("k", fail)
    assert "k" not in cache and cache.get("k", sized("V", 1)) == "V"


def test_an_analysis_comes_from_the_sandbox_and_is_kept(fresh):
    code = PRESETS["neuron"]
    first = cached_analysis(code)
    assert repr(first) == repr(analyse(code))
    assert first.printed[0] == "Value(data=0.7071, grad=1.0000, label='o')"
    assert code in fresh and 0 < fresh.size <= CACHE_BYTES
    assert cached_analysis(code) is first


def test_a_memory_stop_is_named_and_kept(fresh, monkeypatch):
    tight = sandbox.Sandbox(sandbox.Settings(limits=sandbox.Limits(memory_mb=16)))
    monkeypatch.setattr(sandbox, "_SANDBOX", tight)
    problem = cached_analysis(LONG_LOOP).problem
    assert problem.key == "sandbox.memory"
    assert translate("en", problem.key, **problem.params).startswith(
        "The code needed more than 16 MB of memory")
    assert LONG_LOOP in fresh

    def never(*_):
        raise AssertionError("a kept stop is not run again")

    monkeypatch.setattr(sandbox, "run", never)
    assert cached_analysis(LONG_LOOP).problem == problem


def test_a_busy_pool_is_said_and_tried_again(fresh, monkeypatch):
    def busy(*_):
        raise sandbox.SandboxError("busy", workers=2)

    monkeypatch.setattr(sandbox, "run", busy)
    problem = cached_analysis(PRESETS["neuron"]).problem
    assert translate("en", problem.key, **problem.params).startswith(
        "The app is busy: all 2 workers")
    assert PRESETS["neuron"] not in fresh


def busy_page():
    """A page whose analysis finds the pool busy, in Chinese."""
    import streamlit as st

    from ui import caches, sandbox

    def busy(*_):
        raise sandbox.SandboxError("busy", workers=2)

    from ui.i18n import LANGUAGE

    st.session_state[LANGUAGE.key("lang")] = "zh"
    sandbox.run = busy
    caches._ANALYSES = caches.ByteBudgetCache(caches.CACHE_BYTES)
    from ui.widgets import error_box

    error_box(caches.cached_analysis("x = 1").problem, "x = 1")


def test_a_stop_speaks_the_page_language(monkeypatch):
    monkeypatch.setattr(sandbox, "run", sandbox.run)  # the page replaces it: put it back after
    monkeypatch.setattr(caches, "_ANALYSES", caches._ANALYSES)
    at = AppTest.from_function(busy_page).run()
    assert not at.exception
    assert at.error[0].value.startswith("应用正忙：全部 2 个工作进程")


def test_a_figure_is_built_once_per_kind_view_language_and_code(monkeypatch):
    cache = ByteBudgetCache(FIGURE_BYTES)
    monkeypatch.setattr(caches, "_FIGURES", cache)
    builds = []

    def build():
        builds.append(1)
        return graph_figure(trace(neuron()))

    first = cached_figure("graph", "scalar", "en", "code", build)
    assert cached_figure("graph", "scalar", "en", "code", build) is first
    assert len(builds) == 1 and cache.computed == 1
    for key in (("stepper", "scalar", "en", "code"), ("graph", "grouped", "en", "code"),
                ("graph", "scalar", "zh", "code"), ("graph", "scalar", "en", "other code")):
        cached_figure(*key, build)
    assert len(builds) == cache.computed == 5
    # kept by the bytes of its JSON, what the page sends
    assert cache.size == 5 * spec_bytes(first) + sum(
        len("\x1f".join(k)) for k in (("graph", "scalar", "en", "code"),
                                      ("stepper", "scalar", "en", "code"),
                                      ("graph", "grouped", "en", "code"),
                                      ("graph", "scalar", "zh", "code"),
                                      ("graph", "scalar", "en", "other code")))
