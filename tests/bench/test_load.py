"""The load test's own parts (the run itself is ``python -m bench.load``, outside pytest): its
percentiles, the code its sessions type and expect, and how it reads a server's memory."""

import subprocess
import sys
import textwrap

import pytest

from bench.load import (
    HOSTILE_EVERY,
    HOSTILE_PASTES,
    Sampler,
    browser_numbers,
    edited_code,
    nginx_config,
    percentile,
    printed,
    reaches_the_browser,
    sessions_per_replica,
    shared_code,
)
from engine import InputError, evaluate
from lessons.explore import MAX_CODE_CHARS
from tests.engine.snippets.test_hostile import HOSTILE


def test_percentiles_are_nearest_rank():
    times = [float(i) for i in range(20, 0, -1)]
    assert percentile(times, 50) == 10.0
    assert percentile(times, 95) == 19.0
    assert percentile(times, 100) == 20.0
    assert percentile([3.0], 95) == 3.0


def test_browser_sessions_are_spread_over_the_class_and_default_to_all():
    assert browser_numbers(30, 5) == {0, 6, 12, 18, 24}
    assert browser_numbers(5) == browser_numbers(5, 5) == {0, 1, 2, 3, 4}
    assert browser_numbers(30, 0) == set()
    assert len(browser_numbers(7, 3)) == 3 and browser_numbers(7, 3) <= set(range(7))
    # one in five sessions pastes hostile code, whichever kind it is: 6 of 30
    assert sum(1 for i in range(30) if i % HOSTILE_EVERY == 0) == 6


def test_each_edit_prints_its_own_output():
    outputs = {printed(edited_code(v)) for v in (1.0, 1.01, 1.0001)}
    assert len(outputs) == 3
    assert printed(shared_code()) not in outputs
    assert edited_code(1.5).replace("Value(1.5", "Value(2.0", 1) == shared_code()


def test_hostile_pastes_are_the_corpus_a_text_area_can_hold_and_each_is_refused():
    assert len(HOSTILE_PASTES) >= 0.9 * len(HOSTILE)
    assert not reaches_the_browser("x = 1\x00") and not reaches_the_browser("x = '\udcff'")
    assert not reaches_the_browser("x = 1\n" * MAX_CODE_CHARS)
    for source in HOSTILE_PASTES[:10]:
        with pytest.raises(InputError):
            evaluate(source)


# a process that starts a child that starts a grandchild holding 64 MB (as the server starts
# multiprocessing's fork server, which starts the workers); the grandchild's pid comes up the
# chain when it is ready
LEVEL = textwrap.dedent("""
    import os, subprocess, sys
    depth, me = int(sys.argv[1]), sys.argv[2]
    if depth:
        below = subprocess.Popen([sys.executable, "-c", me, str(depth - 1), me], text=True,
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        line = below.stdout.readline()
    else:
        block = bytearray(64 << 20)
        block[::4096] = b"x" * len(block[::4096])  # touched, so resident
        line = str(os.getpid())
    print(line.strip(), flush=True)
    sys.stdin.read()
    if depth:
        below.stdin.close()
        below.wait()
""")


def test_the_sampler_adds_up_the_server_and_everything_below_it():
    server = subprocess.Popen([sys.executable, "-c", LEVEL, "2", LEVEL], text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        worker = int(server.stdout.readline())
        sampler = Sampler(server.pid)
        alone, total = sampler.sample()
        assert 0 < alone < 64 << 20 <= total - alone
        assert sampler.workers == {worker}  # a child of the server's child
        assert (sampler.server_peak, sampler.tree_peak) == (alone, total)
    finally:
        server.stdin.close()
        server.wait(timeout=60)
    assert Sampler(server.pid).sample() == (0, 0)  # gone


def test_nginx_config_routes_every_replica_with_a_sticky_cookie(tmp_path):
    urls = ["http://127.0.0.1:8601", "http://127.0.0.1:8602"]
    conf = nginx_config(tmp_path, 9000, urls)
    assert "@" not in conf.replace("$", "")  # every word filled in
    assert "listen 127.0.0.1:9000;" in conf
    assert [line.strip() for line in conf.splitlines() if line.strip().startswith("server 1")] \
        == ["server 127.0.0.1:8601;", "server 127.0.0.1:8602;"]
    assert "hash $route_key consistent;" in conf and "Set-Cookie $route_cookie" in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf  # websockets pass
    assert f"pid {tmp_path}/nginx.pid;" in conf


def test_sessions_per_replica_counts_each_visitors_cookie_once(tmp_path):
    log = tmp_path / "access.log"
    log.write_text("- 127.0.0.1:1 200\n"  # a health check: no cookie yet
                   "a 127.0.0.1:1 200\na 127.0.0.1:1 101\nb 127.0.0.1:2 200\n"
                   "c 127.0.0.1:1 200\nd - 502\n")
    assert sessions_per_replica(log) == {"127.0.0.1:1": 2, "127.0.0.1:2": 1}
