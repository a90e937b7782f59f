"""engine.torchlike.vecmath's bit-exact float32 kernels against torch's own, one thread.

    python -m bench.bench_vecmath            # all rows (the torch column needs torch installed)
    python -m bench.bench_vecmath --quick    # fewer repeats

Each row times one function of a float32 array of 1, 2,000 or 100,000 normal numbers (log_softmax
on rows of 10, as a 10-class cross entropy has them): the numpy rewrite of torch's kernels
(SLEEF's vector code, glibc's scalar tail), torch itself, and the float64 function rounded once
to float32 (fast, but not torch's digits).
"""

import numpy as np

from bench.harness import compare, freeze_setup, optional_torch, repeats, table
from engine.torchlike import vecmath

SIZES = (1, 2000, 100_000)


def rounded_once(x):
    """The float64 functions, rounded once to float32: what the engine computed before."""
    x = x.astype(np.float64)
    return {"sigmoid": lambda: (1 / (1 + np.exp(-x))).astype(np.float32),
            "log1p": lambda: np.log1p(x).astype(np.float32),
            "softplus": lambda: np.logaddexp(0, x).astype(np.float32),
            "logsigmoid": lambda: (-np.logaddexp(0, -x)).astype(np.float32),
            "log_softmax": lambda: (x - np.logaddexp.reduce(x, axis=-1, keepdims=True))
            .astype(np.float32)}


def main():
    repeat = repeats(__doc__)
    torch = optional_torch()
    if torch is not None:
        torch.set_num_threads(1)
    freeze_setup()
    ours = {"sigmoid": vecmath.sigmoid32, "log1p": vecmath.log1p32,
            "softplus": vecmath.softplus32, "logsigmoid": vecmath.log_sigmoid32,
            "log_softmax": vecmath.log_softmax32}
    rows = []
    for n in SIZES:
        flat = np.random.default_rng(n).standard_normal(n).astype(np.float32)
        for name, function in ours.items():
            x = flat.reshape(-1, 10) if name == "log_softmax" and n % 10 == 0 else flat
            plain = rounded_once(x)
            contenders = {"vecmath": lambda f=function, x=x: f(x), "float64": plain[name]}
            if torch is not None:
                t = torch.from_numpy(x)
                call = {"sigmoid": torch.sigmoid, "log1p": torch.log1p,
                        "softplus": torch.nn.functional.softplus,
                        "logsigmoid": torch.nn.functional.logsigmoid,
                        "log_softmax": lambda t: torch.log_softmax(t, -1)}[name]
                contenders["torch"] = lambda c=call, t=t: c(t)
            times = compare(contenders, repeat)
            rows.append([name, n, *(f"{times[k] * 1e3:.3f}" if k in times else "-"
                                    for k in ("vecmath", "torch", "float64"))])
    print(table("float32 kernels, milliseconds per call (median)", rows,
                ["function", "elements", "vecmath", "torch", "float64 rounded once"]))


if __name__ == "__main__":
    main()
