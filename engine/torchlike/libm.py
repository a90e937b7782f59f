"""The C math library, as torch's scalar CPU kernels call it.

A kernel that torch runs element by element without vectorising (``cpu_kernel``, as
binary_cross_entropy's) calls ``std::log`` and friends, that is the C library's ``logf`` for a
float32 and ``log`` for a float64, which are not always correctly rounded; calling the same
functions gives torch's last bits. Where no C math library can be loaded, the float64 function
rounded once stands in.
"""

import ctypes
import ctypes.util

import numpy as np

F32, F64 = np.dtype(np.float32), np.dtype(np.float64)


def _load():
    path = ctypes.util.find_library("m")
    try:
        return ctypes.CDLL(path) if path else None
    except OSError:
        return None


LIBRARY = _load()


def function(name, fallback):
    """The C library's ``name`` elementwise in the input's dtype (``namef`` for float32), or
    ``fallback`` (an elementwise numpy function) without a C library or for other dtypes."""
    if LIBRARY is None:
        return fallback
    by_dtype = {}
    for dtype, symbol, ctype in ((F32, name + "f", ctypes.c_float), (F64, name, ctypes.c_double)):
        fn = getattr(LIBRARY, symbol)
        fn.restype, fn.argtypes = ctype, [ctype]
        by_dtype[dtype] = np.frompyfunc(fn, 1, 1)

    def step(a):
        a = np.asarray(a)
        if a.dtype not in by_dtype:
            return fallback(a)
        return np.asarray(by_dtype[a.dtype](a), dtype=a.dtype).reshape(a.shape)

    return step
