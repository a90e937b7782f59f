"""Run user-driven work in a worker process with operating-system limits, a few at a time.

Streamlit runs every visitor's script in a thread of one server process, so a snippet that
computes for a minute or allocates a gigabyte would stall or sink every visitor at once. Here
each run gets a fresh process forked from multiprocessing's fork server (which imported the
engine once, so a worker starts in milliseconds and inherits none of the server's threads). The
worker sets its own limits before it runs anything: address space (``RLIMIT_AS``), CPU time
(``RLIMIT_CPU``) and no core files; the parent kills it when it overruns the wall clock. A fresh
process per run means the CPU limit is per run, nothing of one visitor's run is left in the
process that serves the next, and a worker that died leaves nothing to repair.

At most ``workers`` runs at once and ``queue`` waiting for one: a visitor beyond that, or one who
waited longer than the runs ahead could take, is told the app is busy. Every way a run can stop
short is a ``SandboxError`` whose ``key`` and ``params`` name the limit for ``ui.i18n.t``.
"""

import math
import multiprocessing
import os
import pickle
import resource
import signal
import sys
import threading
import types
from dataclasses import dataclass
from typing import NamedTuple

MB = 1 << 20
MAX_RESULT_MB = 32  # the largest result a worker may send back (an 18,000-Value graph is ~12 MB)
# what the fork server imports once, so that a worker starts with it: the page models that run
# in workers (a function from elsewhere still runs, after its import)
PRELOAD = ("lessons.explore",)
# one BLAS thread per worker: the workers are the parallelism, and a BLAS thread pool sized for
# the host's cores would spend a worker's address space on thread stacks and buffers
SINGLE_THREADED = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


@dataclass(frozen=True)
class Limits:
    """What one run may use: address space beyond the worker's start, CPU and wall seconds."""

    # all the snippet language's own bounds allow fits in 192 MB (an 18,000-Value analysis takes
    # about 60); two workers, the server and the analysis cache together fit in 1 GB
    memory_mb: int = 192
    cpu_seconds: int = 10
    wall_seconds: float = 20.0


@dataclass(frozen=True)
class Settings:
    """The pool's size, its queue and the limits of each run; ``from_env`` reads the host's."""

    workers: int = 2
    # a class of 30 pressing Ctrl+Enter within the same seconds waits its turn instead of being
    # told the app is busy (a waiting run holds a thread the session has anyway, and no worker)
    queue: int = 32
    limits: Limits = Limits()

    @classmethod
    def from_env(cls, environ=os.environ):
        """Settings from SANDBOX_WORKERS, SANDBOX_QUEUE, SANDBOX_MEMORY_MB, SANDBOX_CPU_SECONDS
        and SANDBOX_WALL_SECONDS, each defaulting to the value above."""
        d, lim = cls(), Limits()
        return cls(
            workers=_env_number(environ, "SANDBOX_WORKERS", d.workers, int, 1),
            queue=_env_number(environ, "SANDBOX_QUEUE", d.queue, int, 0),
            limits=Limits(
                memory_mb=_env_number(environ, "SANDBOX_MEMORY_MB", lim.memory_mb, int, 16),
                cpu_seconds=_env_number(environ, "SANDBOX_CPU_SECONDS", lim.cpu_seconds, int, 1),
                wall_seconds=_env_number(environ, "SANDBOX_WALL_SECONDS", lim.wall_seconds,
                                         float, 0.1),
            ),
        )


def _env_number(environ, name, default, kind, least):
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a number") from None
    if not value >= least:
        raise ValueError(f"{name}={raw!r} is below {least}")
    return value


class SandboxError(Exception):
    """A run stopped short: ``limit`` is memory, cpu, wall, busy, result or crash.

    ``key`` (``sandbox.<limit>``) and ``params`` are the message for ``ui.i18n.t``.
    """

    def __init__(self, limit, **params):
        super().__init__(limit, params)
        self.limit = limit
        self.params = params

    @property
    def key(self):
        return f"sandbox.{self.limit}"

    def __str__(self):
        return f"{self.limit} {self.params}"


class Reply(NamedTuple):
    """What a run returned, and the size in bytes of its pickled reply."""

    value: object
    size: int


class Sandbox:
    """A bounded pool of worker processes: ``run(fn, *args)`` computes ``fn(*args)`` in one."""

    def __init__(self, settings=Settings()):
        self.settings = settings
        # a waiting run gets a worker within the time the runs ahead of it may take (one wall
        # limit per round of the queue, and one round to spare); past that the pool is busy
        self._queue_wait = settings.limits.wall_seconds * (2 + settings.queue // settings.workers)
        self._slots = threading.Semaphore(settings.workers)
        self._lock = threading.Lock()
        self._running = 0
        self._waiting = 0
        self._context = None

    def load(self):
        """(runs in a worker now, runs waiting for one)."""
        with self._lock:
            return self._running, self._waiting

    def run(self, fn, *args):
        """``Reply(fn(*args), its pickled size)`` from a worker; SandboxError if a limit stops it.

        ``fn`` must be a module-level function and ``args`` and the result picklable: they
        cross to the worker and back as pickled data. An exception ``fn`` raises is re-raised.
        """
        workers, queue = self.settings.workers, self.settings.queue
        with self._lock:
            if self._running + self._waiting >= workers + queue:
                raise SandboxError("busy", workers=workers)
            self._waiting += 1
        try:
            got = self._slots.acquire(timeout=self._queue_wait)
        finally:
            with self._lock:
                self._waiting -= 1
                self._running += got
        if not got:
            raise SandboxError("busy", workers=workers)
        try:
            (status, value), size = self._in_worker(fn, args)
        finally:
            with self._lock:
                self._running -= 1
            self._slots.release()
        if status == "raised":
            raise value
        return Reply(value, size)

    def _start(self, fn, args):
        with self._lock:
            if self._context is None:
                for name in SINGLE_THREADED:
                    os.environ.setdefault(name, "1")
                self._context = multiprocessing.get_context("forkserver")
                self._context.set_forkserver_preload(list(PRELOAD))
        receive, send = self._context.Pipe(duplex=False)
        worker = self._context.Process(target=_work, args=(send, self.settings.limits, fn, args),
                                       daemon=True, name="sandbox-worker")
        try:
            _start_without_main(worker)
        except BaseException:
            receive.close()
            raise
        finally:
            send.close()  # the worker holds its own end: EOF here means it is gone
        return worker, receive

    def _in_worker(self, fn, args):
        limits = self.settings.limits
        worker, receive = self._start(fn, args)
        try:
            if not receive.poll(limits.wall_seconds):
                raise SandboxError("wall", seconds=_number(limits.wall_seconds))
            try:
                data = receive.recv_bytes(MAX_RESULT_MB * MB)
            except EOFError:  # it died without a word
                worker.join(limits.wall_seconds)
                if worker.exitcode == -signal.SIGXCPU:
                    raise SandboxError("cpu", seconds=limits.cpu_seconds) from None
                raise SandboxError("crash", code=worker.exitcode) from None
            except OSError:  # the message was longer than the limit
                raise SandboxError("result", mb=MAX_RESULT_MB) from None
        finally:
            receive.close()
            if worker.is_alive():
                worker.kill()
            worker.join()
            worker.close()
        reply = pickle.loads(data)
        if reply[0] == "memory":
            raise SandboxError("memory", mb=limits.memory_mb)
        return reply, len(data)


_PLAIN_MAIN = types.ModuleType("__main__")
_MAIN_LOCK = threading.Lock()


def _start_without_main(worker):
    """Start ``worker`` without the main module.

    A new process re-runs the file of ``sys.modules["__main__"]`` before its target, and while
    Streamlit runs a page that module is the app's script: each worker would run the app. With
    a main module that has no file, it runs only its target. (A script starting in another
    thread within these few lines sets its own main module, which is left in place.)
    """
    with _MAIN_LOCK:
        main = sys.modules["__main__"]
        sys.modules["__main__"] = _PLAIN_MAIN
        try:
            worker.start()
        finally:
            if sys.modules["__main__"] is _PLAIN_MAIN:
                sys.modules["__main__"] = main


def _number(x):
    return int(x) if float(x).is_integer() else x


def _mapped_bytes():
    """The address space this process has mapped now (Linux), None where it cannot be read."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[0]) * resource.getpagesize()
    except OSError:
        return None


def _limit(limits):
    """Cap this process: address space and CPU seconds beyond what it has used, no core file."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = math.ceil(usage.ru_utime + usage.ru_stime) + limits.cpu_seconds
    # past the soft limit the kernel sends SIGXCPU, which ends the process (we install no
    # handler); the hard limit a second later is the SIGKILL behind it
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    mapped = _mapped_bytes()
    if mapped is not None:  # elsewhere than Linux, the CPU and wall limits alone hold
        cap = mapped + limits.memory_mb * MB
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _work(send, limits, fn, args):
    """The worker: limit itself, run ``fn(*args)`` and send back one pickled reply."""
    # made before the limit: a run that used up its memory leaves no room to make it later
    reply = pickle.dumps(("memory", None))
    _limit(limits)
    try:
        reply = pickle.dumps(("ok", fn(*args)), protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        pass  # leaving this block frees what the run held; the reply is made
    except Exception as err:  # noqa: BLE001 - the caller re-raises it
        try:
            reply = pickle.dumps(("raised", err))
        except Exception:  # noqa: BLE001 - an exception that does not pickle, as text
            reply = pickle.dumps(("raised", RuntimeError(f"{type(err).__name__}: {err}")))
    send.send_bytes(reply)
    send.close()


_SANDBOX = None
_SANDBOX_LOCK = threading.Lock()


def sandbox():
    """This server's one pool (every visitor shares its workers), made on first use."""
    global _SANDBOX
    with _SANDBOX_LOCK:
        if _SANDBOX is None:
            _SANDBOX = Sandbox(Settings.from_env())
        return _SANDBOX


def run(fn, *args):
    """``Reply(fn(*args), size)`` from this server's pool: how pages run user-driven work."""
    return sandbox().run(fn, *args)
