"""The sandbox: results come back as analyse computes them; every limit stops a worker, names
itself in both languages, and leaves a pool that answers the next request."""

import os
import threading
import time

import pytest

from lessons.corpus import PRESETS
from lessons.explore import analyse
from tests.engine.torchlike.tensor_programs import POLY_FIT_AUTOGRAD
from ui.i18n import translate
from ui.sandbox import MAX_RESULT_MB, Limits, Sandbox, SandboxError, Settings

from .sandbox_helpers import big_result, hog_memory, remember, spin

pytestmark = pytest.mark.usefixtures("no_worker_left")

WAIT = 60  # seconds a test waits for a state it expects before failing (never a timing claim)


def wait_for(condition):
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, "the pool never reached the expected state"
        time.sleep(0.01)


@pytest.fixture
def pool():
    return Sandbox(Settings(workers=2, queue=2, limits=Limits(memory_mb=64, cpu_seconds=1,
                                                                wall_seconds=30)))


def stopped(pool, fn, *args):
    with pytest.raises(SandboxError) as info:
        pool.run(fn, *args)
    return info.value


def messages(err):
    return [translate(lang, err.key, **err.params) for lang in ("en", "zh")]


@pytest.mark.parametrize("preset", ["neuron", "cross_entropy", "mlp"])
def test_a_snippet_comes_back_as_analyse_computes_it(preset):
    reply = Sandbox().run(analyse, PRESETS[preset])
    assert repr(reply.value) == repr(analyse(PRESETS[preset]))
    assert reply.size > 0
    if preset == "neuron":
        assert reply.value.printed[0] == "Value(data=0.7071, grad=1.0000, label='o')"
        assert {c.leaf: c.autograd for c in reply.value.checks}["w1"] == pytest.approx(1.0)


def test_a_tensor_level_analysis_crosses_from_the_worker():
    code = POLY_FIT_AUTOGRAD.format(steps=300, every=100, last=99)
    reply = Sandbox().run(analyse, code)
    assert reply.value.level == "tensor" and reply.value.problem is None
    assert repr(reply.value.tensor) == repr(analyse(code).tensor)
    assert reply.size < 1 << 20  # a step's graph, not the loop's: small


def test_nothing_of_one_run_is_left_for_the_next(pool):
    assert pool.run(remember, "one visitor's code").value is None
    assert pool.run(remember, "another visitor's code").value is None


def test_memory_past_the_address_space_limit_is_named(pool):
    err = stopped(pool, hog_memory)
    assert (err.limit, err.key) == ("memory", "sandbox.memory")
    en, zh = messages(err)
    assert "64 MB of memory" in en and "64 MB 的内存" in zh
    assert pool.run(sum, [1, 2]).value == 3


def test_cpu_past_the_cpu_limit_is_named(pool):
    err = stopped(pool, spin)
    assert err.limit == "cpu"
    en, zh = messages(err)
    assert "1 s of CPU time" in en and "CPU 时间超过 1 秒" in zh
    assert pool.run(sum, [1, 2]).value == 3


def test_a_worker_past_the_wall_clock_is_killed():
    # the same limit holds for the next run, which must start a worker within it on a busy
    # machine: half a second was not always enough
    pool = Sandbox(Settings(workers=1, queue=0, limits=Limits(wall_seconds=4.5)))
    err = stopped(pool, time.sleep, 600)
    assert err.limit == "wall"
    en, zh = messages(err)
    assert "after 4.5 s" in en and "4.5 秒" in zh
    assert pool.run(sum, [1, 2]).value == 3


def test_a_result_too_large_to_send_back_is_named(pool):
    big = Sandbox(Settings(limits=Limits(memory_mb=4 * MAX_RESULT_MB)))
    err = stopped(big, big_result)
    assert err.limit == "result"
    assert f"{MAX_RESULT_MB} MB" in messages(err)[0]
    assert pool.run(sum, [1, 2]).value == 3


def test_a_worker_that_dies_is_a_crash_and_is_replaced(pool):
    err = stopped(pool, os._exit, 3)
    assert err.limit == "crash" and err.params == {"code": 3}
    assert "exit code 3" in messages(err)[0]
    assert pool.run(sum, [1, 2]).value == 3


def test_an_exception_of_the_function_comes_back_as_itself(pool):
    with pytest.raises(ValueError, match="invalid literal"):
        pool.run(int, "x")


def test_beyond_the_queue_the_app_is_busy_and_the_queue_is_served():
    pool = Sandbox(Settings(workers=1, queue=1, limits=Limits(wall_seconds=2)))
    outcomes = {}

    def visit(name, fn, *args):
        try:
            outcomes[name] = pool.run(fn, *args).value
        except SandboxError as err:
            outcomes[name] = err.limit

    first = threading.Thread(target=visit, args=("first", time.sleep, 60))
    first.start()
    wait_for(lambda: pool.load() == (1, 0))
    second = threading.Thread(target=visit, args=("second", sum, [1, 2]))
    second.start()
    wait_for(lambda: pool.load() == (1, 1))
    err = stopped(pool, sum, [3, 4])  # one running, one waiting: the third is turned away
    assert err.limit == "busy"
    en, zh = messages(err)
    assert "busy" in en and "正忙" in zh
    first.join(WAIT)
    second.join(WAIT)
    assert outcomes == {"first": "wall", "second": 3}


def test_a_class_running_code_at_the_same_moment_is_served_and_none_is_told_busy():
    pool, outcomes, class_size = Sandbox(), {}, 30
    start = threading.Barrier(class_size)

    def visit(i):
        start.wait()
        try:
            outcomes[i] = pool.run(sum, [i, i]).value
        except SandboxError as err:
            outcomes[i] = err.limit

    visitors = [threading.Thread(target=visit, args=(i,)) for i in range(class_size)]
    for v in visitors:
        v.start()
    for v in visitors:
        v.join(WAIT * 4)
    assert outcomes == {i: 2 * i for i in range(class_size)}


def test_settings_come_from_the_environment():
    settings = Settings.from_env({"SANDBOX_WORKERS": "3", "SANDBOX_QUEUE": "0",
                                  "SANDBOX_MEMORY_MB": "512", "SANDBOX_WALL_SECONDS": "7.5"})
    assert settings == Settings(workers=3, queue=0, limits=Limits(memory_mb=512, cpu_seconds=10,
                                                                  wall_seconds=7.5))
    assert Settings.from_env({}) == Settings()
    with pytest.raises(ValueError, match="SANDBOX_WORKERS"):
        Settings.from_env({"SANDBOX_WORKERS": "0"})
    with pytest.raises(ValueError, match="SANDBOX_CPU_SECONDS"):
        Settings.from_env({"SANDBOX_CPU_SECONDS": "ten"})
