"""What the sandbox tests send to a worker, and the check that no worker outlives a test.

A worker imports only this module (a test module would bring pytest and streamlit along, on the
worker's CPU time).
"""

import multiprocessing
import os
from pathlib import Path

from ui.sandbox import MAX_RESULT_MB


def hog_memory():
    """Allocate until something says no."""
    blocks = []
    while True:
        blocks.append(bytearray(8 << 20))


def spin():
    """Compute forever."""
    while True:
        pass


_REMEMBERED = None


def remember(value):
    """Keep ``value`` in this module and return what was kept before (by this process)."""
    global _REMEMBERED
    before, _REMEMBERED = _REMEMBERED, value
    return before


def big_result():
    """A result larger than a worker may send back."""
    return bytes((MAX_RESULT_MB + 1) << 20)


def descendants():
    """(pid, command line) of every live process below this one."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            # after the command name in parentheses: the state, then the parent's pid
            state, ppid = stat.rsplit(")", 1)[1].split()[:2]
            if state != "Z":
                parents[int(entry.name)] = (int(ppid), cmdline)
    found, frontier = [], [os.getpid()]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, cmdline) in parents.items():
            if ppid == parent:
                found.append((pid, cmdline))
                frontier.append(pid)
    return found


def assert_no_worker_left(before=()):
    """No worker process is alive: only multiprocessing's own fork server and resource tracker,
    which wait for the next run, and the processes in ``before`` (alive before the tests began:
    a browser test's server, say) may stay."""
    assert multiprocessing.active_children() == []
    before = set(before)
    workers = [(pid, cmd) for pid, cmd in descendants()
               if "from multiprocessing." not in cmd and (pid, cmd) not in before]
    assert workers == []
