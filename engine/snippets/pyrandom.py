"""``import random`` for snippets: Python's own Mersenne Twister, one generator per evaluation.

The snippet never holds the generator: its ``random.*`` functions are these wrappers, which
draw from the ``random.Random`` of the evaluation running (a context variable that
``evaluate`` sets afresh, seeded from the system as Python seeds it), never from the
process-wide one. Sizes a call may build are bounded.
"""

import contextvars
import random
from collections.abc import Sequence

from ..messages import keyed
from ..torchlike.sizes import MAX_ELEMENTS
from ..torchlike.tensor import TensorBase as Tensor

_GENERATOR = contextvars.ContextVar("random_generator", default=None)
MAX_DRAWN = MAX_ELEMENTS  # items choices(), sample() and shuffle() may handle in one call


class _Random(random.Random):
    """Python's generator, remembering whether the snippet drew from it before seeding it."""

    seeded = False
    unseeded_draws = False


def start(seed=None):
    """Give the evaluation running in this context a fresh generator: seeded from the OS as
    Python seeds one, or with ``seed`` (the seed of torch's generator in the run, so that a
    rerun of the same code draws the same numbers). Either way the snippet has not seeded it."""
    _GENERATOR.set(_Random(seed))


def generator():
    """The generator of the evaluation running (a fresh one outside any evaluation)."""
    rng = _GENERATOR.get()
    if rng is None:
        rng = _Random()
        _GENERATOR.set(rng)
    return rng


def drawing():
    rng = generator()
    rng.unseeded_draws = rng.unseeded_draws or not rng.seeded
    return rng


def unseeded_draws():
    """Whether the snippet drew numbers from ``random`` before it seeded it."""
    return generator().unseeded_draws


def _kind(x):
    from .namespaces import type_name  # namespaces builds its `random` from this module

    return type_name(x)


def _sequence(seq, name):
    if not isinstance(seq, (Sequence, Tensor)):
        raise keyed(TypeError, "random.sequence", name=name, kind=_kind(seq))
    if len(seq) > MAX_DRAWN:
        raise keyed(ValueError, "random.too_many", name=name, limit=MAX_DRAWN)
    return seq


def seed(a=None):
    """random.seed(a): Python's seeding (int, float, str or None)."""
    rng = generator()
    rng.seed(a)
    rng.seeded = True


def random_():
    """random.random(): a float in [0, 1)."""
    return drawing().random()


def uniform(a, b):
    """random.uniform(a, b)."""
    return drawing().uniform(a, b)


def randint(a, b):
    """random.randint(a, b): an int in [a, b]."""
    return drawing().randint(a, b)


def randrange(start, stop=None, step=1):
    """random.randrange(start, stop, step)."""
    return drawing().randrange(start, stop, step)


def gauss(mu=0.0, sigma=1.0):
    """random.gauss(mu, sigma)."""
    return drawing().gauss(mu, sigma)


def normalvariate(mu=0.0, sigma=1.0):
    """random.normalvariate(mu, sigma)."""
    return drawing().normalvariate(mu, sigma)


def expovariate(lambd):
    """random.expovariate(lambd)."""
    return drawing().expovariate(lambd)


def choice(seq):
    """random.choice(seq): one item of a list, tuple, string, range or tensor."""
    return drawing().choice(_sequence(seq, "choice"))


def choices(population, weights=None, *, cum_weights=None, k=1):
    """random.choices(population, weights, cum_weights=..., k=...): k items, with replacement."""
    _sequence(population, "choices")
    if isinstance(k, int) and k > MAX_DRAWN:
        raise keyed(ValueError, "random.too_many", name="choices", limit=MAX_DRAWN)
    return drawing().choices(population, weights, cum_weights=cum_weights, k=k)


def sample(population, k):
    """random.sample(population, k): k distinct items."""
    return drawing().sample(_sequence(population, "sample"), k)


def shuffle(x):
    """random.shuffle(x): shuffle a list in place."""
    if not isinstance(x, list):
        raise keyed(TypeError, "random.shuffle", kind=_kind(x))
    drawing().shuffle(_sequence(x, "shuffle"))


FUNCTIONS = {
    "seed": seed, "random": random_, "uniform": uniform, "randint": randint,
    "randrange": randrange, "gauss": gauss, "normalvariate": normalvariate,
    "expovariate": expovariate, "choice": choice, "choices": choices, "sample": sample,
    "shuffle": shuffle,
}
