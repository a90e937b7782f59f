"""The random draws compared with torch: each a seed and a sequence of calls on one generator.

A case's calls run in order on one freshly seeded generator, so the kept second normal of
Box–Muller and the order of draws are checked too. ``torch_draw`` makes them with real torch,
``engine_draw`` with the engine; both give a list of ints, or of the hex of float bits.
"""

import struct

SEEDS = (0, 1, 42, 1337, 2**32 + 5, 2**63 + 11)
SIZES = (1, 2, 3, 7, 15, 16, 17, 31, 32, 33, 64, 100)
DTYPES = ("float32", "float64")


def _cases():
    cases = {}
    for seed in SEEDS:
        for n in SIZES:
            for dtype in DTYPES:
                cases[f"rand-{seed}-{n}-{dtype}"] = (seed, [("rand", n, dtype)])
                cases[f"randn-{seed}-{n}-{dtype}"] = (seed, [("randn", n, dtype)])
                cases[f"uniform-{seed}-{n}-{dtype}"] = (seed, [("uniform_", n, dtype, -0.37, 0.61)])
                cases[f"normal-{seed}-{n}-{dtype}"] = (seed, [("normal_", n, dtype, 0.3, 2.7)])
            cases[f"randint-{seed}-{n}"] = (seed, [("randint", n, "int64", 3, 17)])
            cases[f"randint64-{seed}-{n}"] = (seed, [("randint", n, "int64", -5, 2**40)])
            cases[f"randperm-{seed}-{n}"] = (seed, [("randperm", n, "int64")])
            cases[f"random-{seed}-{n}"] = (seed, [
                ("random_", n, "float32"), ("random_", n, "float64"), ("random_", n, "int64", 1000),
            ])
    for seed in SEEDS[:3]:
        for dtype in DTYPES:
            cases[f"bernoulli-{seed}-{dtype}"] = (seed, [("bernoulli", 40, dtype, 0.3),
                                                         ("rand", 3, dtype)])
    for seed in SEEDS[:4]:
        for n in SIZES:
            for dtype in DTYPES:
                cases[f"bernoulli_-{seed}-{n}-{dtype}"] = (seed, [("bernoulli_", n, dtype, 0.37),
                                                                  ("bernoulli_", n, dtype, 0.9)])
                cases[f"exponential-{seed}-{n}-{dtype}"] = (seed, [("exponential_", n, dtype),
                                                                   ("exponential_", n, dtype, 2.5)])
                cases[f"multinomial-{seed}-{n}-{dtype}"] = (seed, [
                    ("multinomial", n, dtype, min(n, 3), False),
                    ("multinomial", n, dtype, 1, True),
                    ("multinomial", n, dtype, 7, True)])
    cases["kept-normal"] = (9, [("randn", 3, "float32"), ("randn", 5, "float32"),
                                ("randn", 20, "float32"), ("randn", 1, "float64")])
    cases["mixed"] = (4, [("randn", 1, "float32"), ("rand", 2, "float32"), ("randn", 1, "float32")])
    cases["randperm-large"] = (3, [("randperm", 5000, "int64")])
    cases["randn-large"] = (3, [("randn", 2000, "float32"), ("randn", 1000, "float64")])
    return cases


CASES = _cases()


def _bits(x, dtype):
    if dtype == "float32":
        return struct.pack(">f", x).hex()
    if dtype == "float64":
        return struct.pack(">d", x).hex()
    return int(x)


def _draw(ns, dtypes, case):
    """Run a case's calls on ``ns``, torch or the engine's functions of the same names."""
    seed, calls = case
    ns.manual_seed(seed)
    out = []
    for name, n, dtype, *args in calls:
        dt = dtypes[dtype]
        if name in ("rand", "randn"):
            t = getattr(ns, name)(n, dtype=dt)
        elif name == "randint":
            t = ns.randint(args[0], args[1], (n,), dtype=dt)
        elif name == "randperm":
            t = ns.randperm(n, dtype=dt)
        elif name == "multinomial":  # from weights drawn first, 2 rows of n
            weights = ns.rand(2, n, dtype=dt)
            out += [int(i) for row in ns.multinomial(weights, *args).tolist() for i in row]
            continue
        elif name == "bernoulli":
            t = ns.bernoulli(ns.empty(n, dtype=dt).fill_(args[0]))
        else:
            t = getattr(ns.empty(n, dtype=dt), name)(*args)
        out += [_bits(x, dtype) for x in t.tolist()]
    return out


def torch_draw(torch, case):
    """What real torch draws for a case."""
    return _draw(torch, {name: getattr(torch, name) for name in DTYPES + ("int64",)}, case)


def engine_draw(case):
    """What the engine draws for a case, through the same torch-like functions, on a fresh
    default generator."""
    from engine.torchlike import generator, sampling, tensor

    generator.start(None)
    return _draw(sampling, tensor.DTYPES, case)
