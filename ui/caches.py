"""Caches of page models, kept per input text so reruns that change nothing recompute nothing.

The caches shared between visitors are content-addressed: the same code text gives the same
analysis, and the same figures in one language, whoever sends it, so a visitor finds only what
their own text would compute. They are bounded in bytes (an 18,000-Value analysis pickles to
about 12 MB), not in entries. Session state keeps only widget values: a rerun finds the
analysis and its figures here, by the code text.
"""

import pickle
import threading
from collections import OrderedDict
from concurrent.futures import Future

from lessons.explore import Analysis, Problem, analyse
from viz.spec import figure_spec, spec_bytes

from . import sandbox

# pickled bytes of the analyses kept, all visitors together; unpickled, an analysis takes about
# four times its pickled size, so this is about 130 MB of the server's memory
CACHE_BYTES = 32 << 20
# JSON bytes of the figures kept (a 2,000-Value graph is under 1 MB); in memory a spec takes
# about twice its JSON, numbers staying in numpy arrays
FIGURE_BYTES = 16 << 20
# limits a code text reaches again on every run: the stop is kept like a result; a wall-clock
# stop, a busy pool or a crash can depend on the load of the moment, and is tried again
LASTING_STOPS = ("memory", "cpu", "result")


class ByteBudgetCache:
    """A least-recently-used map whose entries' sizes add up to at most ``budget`` bytes.

    ``get(key, compute)`` runs ``compute()``, which returns (value, size in bytes), once for a
    missing key, however many threads ask for it at the same time (a class opening the same
    link gets one run, not thirty).
    """

    def __init__(self, budget):
        self.budget = budget
        self._entries = OrderedDict()  # key -> (value, size in bytes), oldest first
        self._pending = {}  # key -> Future of the run in progress
        self._lock = threading.Lock()
        self.size = 0
        self.computed = 0  # how many times compute() ran: what a rerun should not add to

    def __contains__(self, key):
        with self._lock:
            return key in self._entries

    def get(self, key, compute):
        """The value kept for ``key``, else ``compute()``'s (kept when it fits the budget)."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key][0]
            pending = self._pending.get(key)
            computing = pending is None
            if computing:
                pending = self._pending[key] = Future()
                self.computed += 1
        if not computing:
            return pending.result()
        try:
            value, size = compute()
        except BaseException as err:
            with self._lock:
                del self._pending[key]
            pending.set_exception(err)
            raise
        size += len(key)  # the key is kept too (one byte a character is close enough)
        with self._lock:
            del self._pending[key]
            if size <= self.budget:
                self._entries[key] = (value, size)
                self.size += size
                while self.size > self.budget:
                    _, (_, dropped) = self._entries.popitem(last=False)
                    self.size -= dropped
        pending.set_result(value)
        return value


_ANALYSES = ByteBudgetCache(CACHE_BYTES)
_FIGURES = ByteBudgetCache(FIGURE_BYTES)


def _analysis_or_stop(source):
    """(analyse(source) from a worker, or the SandboxError of a limit the code reaches every
    time; its size in bytes)."""
    try:
        return sandbox.run(analyse, source)
    except sandbox.SandboxError as stop:
        if stop.limit in LASTING_STOPS:
            return stop, len(pickle.dumps(stop))
        raise


def cached_analysis(source):
    """analyse(source), computed in a sandboxed worker and kept per code text.

    A run stopped by a limit is an Analysis whose problem names the limit, in this page's
    language.
    """
    try:
        outcome = _ANALYSES.get(source, lambda: _analysis_or_stop(source))
    except sandbox.SandboxError as stop:
        outcome = stop
    if isinstance(outcome, Analysis):
        return outcome
    return Analysis(problem=Problem(outcome.key, outcome.params))


def cached_figure(kind, view, lang, source, build):
    """figure_spec(build()), built once per figure kind, view, language and code text.

    An analysis is a function of its code text, so its figures are too; ``build`` runs only
    when the figure is not kept (a rerun that changes no input finds it).
    """
    def compute():
        spec = figure_spec(build())
        return spec, spec_bytes(spec)

    return _FIGURES.get("\x1f".join((kind, view, lang, source)), compute)
