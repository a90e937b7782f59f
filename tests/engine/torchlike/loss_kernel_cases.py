"""The seeded grid of loss-kernel cases, shared by the live test and the golden script.

Each case is (id, loss name, arrays in KERNELS[name].arrays order, options); its arrays come
from a generator seeded by its id, so the golden file stores only torch's answers. The
upstream gradient is 0.7 for a reduced loss and (i % 7 + 1) / 8 for element i of an
unreduced one, so every backward is checked with a gradient other than 1.
"""

import math
import zlib

import numpy as np

DTYPES = ("float32", "float64")
REDUCTIONS = ("mean", "sum", "none")


def upstream(shape, dtype):
    """The gradient each case's backward starts from."""
    if shape == ():
        return np.asarray(0.7, dtype)
    n = math.prod(shape)
    return ((np.arange(n) % 7 + 1) / 8).astype(dtype).reshape(shape)


def _cases(dtype):
    f = np.dtype(dtype)

    def normal(rng, shape, scale=1.0):
        return (rng.standard_normal(shape) * scale).astype(f)

    def uniform(rng, shape, low=0.0, high=1.0):
        return rng.uniform(low, high, shape).astype(f)

    def signs(rng, shape):
        return np.where(rng.random(shape) < 0.5, -1.0, 1.0).astype(f)

    for shape in ((3,), (4, 5), (3, 7)):  # 21 elements: vector loop and scalar tail
        for r in REDUCTIONS:
            def pair(rng, shape=shape):
                return [normal(rng, shape), normal(rng, shape)]
            for name in ("l1_loss", "mse_loss"):
                yield name, lambda rng, pair=pair: pair(rng) + [None], {"reduction": r}
                yield name, lambda rng, pair=pair, shape=shape: pair(rng) + [
                    uniform(rng, shape)], {"reduction": r}
            for delta in (1.0, 0.3):
                yield "huber_loss", lambda rng, pair=pair: pair(rng) + [None], \
                    {"reduction": r, "delta": delta}
            yield "huber_loss", lambda rng, pair=pair, shape=shape: pair(rng) + [
                uniform(rng, shape)], {"reduction": r, "delta": 0.7}
            for beta in (1.0, 0.3, 0.0):
                yield "smooth_l1_loss", pair, {"reduction": r, "beta": beta}
            yield "soft_margin_loss", lambda rng, shape=shape: [
                normal(rng, shape, 2), signs(rng, shape)], {"reduction": r}
            for margin in (0.0, 0.3):
                yield "margin_ranking_loss", lambda rng, pair=pair, shape=shape: pair(rng) + [
                    signs(rng, shape)], {"reduction": r, "margin": margin}
            for margin in (1.0, 0.3):
                yield "hinge_embedding_loss", lambda rng, shape=shape: [
                    normal(rng, shape), signs(rng, shape)], {"reduction": r, "margin": margin}
            for weighted in (False, True):
                yield "binary_cross_entropy", lambda rng, shape=shape, w=weighted: [
                    uniform(rng, shape, 0.02, 0.98), uniform(rng, shape),
                    uniform(rng, shape[-1:]) if w else None], {"reduction": r}
                yield "binary_cross_entropy_with_logits", lambda rng, shape=shape, w=weighted: [
                    normal(rng, shape, 3), uniform(rng, shape),
                    uniform(rng, shape) if w else None,
                    uniform(rng, shape[-1:], 0, 3) if w else None], {"reduction": r}
            for red in (r, "batchmean") if r == "mean" else (r,):
                yield "kl_div", lambda rng, shape=shape: [
                    normal(rng, shape), np.where(rng.random(shape) < 0.2, 0, uniform(rng, shape))
                    .astype(f)], {"reduction": red}
                yield "kl_div", pair, {"reduction": red, "log_target": True}
            counts = lambda rng, shape=shape: rng.integers(0, 5, shape).astype(f)  # noqa: E731
            yield "poisson_nll_loss", lambda rng, c=counts, shape=shape: [
                normal(rng, shape), c(rng)], {"reduction": r}
            for full in (False, True):
                yield "poisson_nll_loss", lambda rng, c=counts, shape=shape: [
                    uniform(rng, shape, 0, 3), c(rng)], {"reduction": r, "log_input": False,
                                                         "full": full}
                yield "gaussian_nll_loss", lambda rng, pair=pair, shape=shape: pair(rng) + [
                    uniform(rng, shape, 0.1, 2)], {"reduction": r, "full": full}
            yield "gaussian_nll_loss", lambda rng, pair=pair, shape=shape: pair(rng) + [
                uniform(rng, shape[:-1], 0.1, 2)], {"reduction": r, "eps": 0.5}
            yield "multilabel_soft_margin_loss", lambda rng, shape=shape: [
                normal(rng, shape), (rng.random(shape) < 0.5).astype(f), None], {"reduction": r}
            yield "multilabel_soft_margin_loss", lambda rng, shape=shape: [
                normal(rng, shape), (rng.random(shape) < 0.5).astype(f),
                uniform(rng, shape[-1:])], {"reduction": r}
            if len(shape) <= 2:
                for p, margin in ((1, 1.0), (2, 0.3)):
                    for weighted in (False, True):
                        yield "multi_margin_loss", lambda rng, shape=shape, w=weighted: [
                            normal(rng, shape),
                            rng.integers(0, shape[-1], shape[:-1] or (1,)),
                            uniform(rng, shape[-1:]) if w else None], \
                            {"reduction": r, "p": p, "margin": margin}
                yield "multilabel_margin_loss", lambda rng, shape=shape: [
                    normal(rng, shape), _label_lists(rng, shape)], {"reduction": r}
                for margin in (0.0, -0.3):
                    yield "cosine_embedding_loss", lambda rng, pair=pair, shape=shape: pair(
                        rng) + [signs(rng, shape[:-1])], {"reduction": r, "margin": margin}
            for options in ({}, {"swap": True}, {"p": 1.0}, {"p": 3.0, "margin": 0.5},
                            {"p": 1.5, "eps": 0.0}):
                yield "triplet_margin_loss", lambda rng, shape=shape: [
                    normal(rng, shape) for _ in range(3)], {"reduction": r, **options}
            for options in ({}, {"swap": True, "margin": 2.0}):
                yield "triplet_margin_with_distance_loss", lambda rng, shape=shape: [
                    normal(rng, shape) for _ in range(3)], {"reduction": r, **options}
    for shape in ((5,), (4, 5), (3, 4, 2), (2, 3, 2, 2), (2, 3, 2, 1, 2)):
        c = shape[0] if len(shape) == 1 else shape[1]
        tshape = () if len(shape) == 1 else (shape[0],) + shape[2:]
        for r in REDUCTIONS:
            for ignore in (-100, 1):
                def classes(rng, shape=shape, c=c, tshape=tshape, ignore=ignore, weighted=False):
                    t = rng.integers(0, c, tshape)
                    t = np.where(rng.random(tshape) < 0.25, ignore, t)
                    return [normal(rng, shape), t, uniform(rng, (c,), 0.2, 1.2) if weighted
                            else None]
                for weighted in (False, True):
                    options = {"reduction": r, "ignore_index": ignore}
                    yield "nll_loss", lambda rng, w=weighted, k=classes: k(rng, weighted=w), \
                        options
                    yield "cross_entropy", lambda rng, w=weighted, k=classes: k(
                        rng, weighted=w), options
                yield "cross_entropy", classes, {"reduction": r, "ignore_index": ignore,
                                                 "label_smoothing": 0.1}
            for smoothing in (0.0, 0.2):
                yield "cross_entropy", lambda rng, shape=shape, c=c: [
                    normal(rng, shape), uniform(rng, shape), uniform(rng, (c,), 0.2, 1.2)], \
                    {"reduction": r, "label_smoothing": smoothing}


def _edge_cases(dtype):
    """Options and shapes the grid above leaves out: broadcasting, edges, scalar forms."""
    f = np.dtype(dtype)
    for r in REDUCTIONS:
        for name in ("l1_loss", "mse_loss", "smooth_l1_loss", "huber_loss"):
            extra = [] if name == "smooth_l1_loss" else [None]
            yield name, lambda rng, e=extra: [rng.standard_normal((4, 3)).astype(f),
                                              rng.standard_normal((1, 3)).astype(f), *e], \
                {"reduction": r}
        # more rows than a cascade block (16), more columns than four vectors (32)
        for big, small in (((40, 9), (1, 9)), ((20, 33), (33,)), ((3, 70), (3, 1))):
            yield "mse_loss", lambda rng, big=big, small=small: [
                rng.standard_normal(big).astype(f), rng.standard_normal(small).astype(f), None], \
                {"reduction": r}
        yield "binary_cross_entropy", lambda rng: [
            np.array([0.0, 1.0, 0.5, 1e-30, 1 - 1e-7], f), np.array([0.0, 1.0, 1.0, 1.0, 0.0], f),
            None], {"reduction": r}
        yield "binary_cross_entropy_with_logits", lambda rng: [
            np.array([[-50.0, -30.0, 40.0, 0.5], [-3.0, 30.0, -100.0, 2.0]], f),
            np.array([[0.0, 0.0, 1.0, 0.3], [0.7, 1.0, 0.0, 1.0]], f), None,
            np.array([0.5, 3.0, 10.0, 0.0], f)], {"reduction": r}
        yield "poisson_nll_loss", lambda rng: [rng.uniform(0, 2, (3, 4)).astype(f),
                                               rng.integers(0, 6, (3, 4)).astype(f)], \
            {"reduction": r, "log_input": False, "eps": 0.25, "full": True}
        yield "gaussian_nll_loss", lambda rng: [rng.standard_normal((3, 4)).astype(f),
                                                rng.standard_normal((3, 4)).astype(f), 0.5], \
            {"reduction": r}
        yield "gaussian_nll_loss", lambda rng: [rng.standard_normal((3, 4)).astype(f),
                                                rng.standard_normal((3, 4)).astype(f),
                                                rng.uniform(0, 2, (1, 4)).astype(f)], \
            {"reduction": r, "eps": 0.1}
        yield "cosine_embedding_loss", lambda rng: [rng.standard_normal(5).astype(f),
                                                    rng.standard_normal(5).astype(f),
                                                    np.array(-1.0, f)], {"reduction": r}
        yield "multi_margin_loss", lambda rng: [rng.standard_normal(5).astype(f),
                                                np.array([3]), None], {"reduction": r}
        yield "triplet_margin_loss", lambda rng: [rng.standard_normal((3, 4)).astype(f)
                                                  for _ in range(3)], \
            {"reduction": r, "eps": 0.1, "swap": True, "p": 1.0}
        yield "kl_div", lambda rng: [rng.standard_normal(()).astype(f),
                                     rng.uniform(0, 1, ()).astype(f)], {"reduction": "batchmean"}


def _ctc_cases(dtype):
    """CTC on padded and concatenated targets, one sequence, and an impossible alignment."""
    def log_probs(rng, t, n, c):
        z = rng.standard_normal((t, n, c))
        return (z - np.log(np.exp(z).sum(-1, keepdims=True))).astype(dtype)

    def batch(rng, t=12, n=3, c=5, s=4, concatenated=False, short=False, blank=0):
        lengths = rng.integers(0, s + 1, n)
        lengths[0] = s
        inputs = rng.integers(s, t + 1, n)
        inputs[0] = t
        if short:  # too few steps for the labels: an infinite loss
            inputs[-1], lengths[-1] = 1, s
        labels = rng.integers(1, c, (n, s)) - (blank != 0)  # every class but the blank
        targets = np.concatenate([labels[i, :lengths[i]] for i in range(n)]) \
            if concatenated else labels
        return [log_probs(rng, t, n, c), targets, inputs, lengths]

    for r in REDUCTIONS:
        for concatenated in (False, True):
            yield "ctc_loss", lambda rng, k=concatenated: batch(rng, concatenated=k), \
                {"reduction": r}
        for zero_infinity in (False, True):
            yield "ctc_loss", lambda rng: batch(rng, short=True), \
                {"reduction": r, "zero_infinity": zero_infinity}
        yield "ctc_loss", lambda rng: batch(rng, t=20, n=2, c=6, s=5, blank=5), \
            {"reduction": r, "blank": 5}
    yield "ctc_loss", lambda rng: [log_probs(rng, 8, 1, 4)[:, 0], np.array([1, 2, 2]),
                                   np.array(8), np.array(3)], {"reduction": "none"}


def _label_lists(rng, shape):
    """Targets of multilabel_margin_loss: class lists ending at the first -1."""
    c = shape[-1]
    rows = np.full((math.prod(shape[:-1]), c), -1, np.int64)
    for row in rows:
        k = rng.integers(0, c + 1)
        row[:k] = rng.permutation(c)[:k]
    return rows.reshape(shape)


def cases():
    """Every case of the grid: (id, name, arrays, options)."""
    out = []
    for dtype in DTYPES:
        grid = [*_cases(dtype), *_edge_cases(dtype), *_ctc_cases(dtype)]
        for i, (name, make, options) in enumerate(grid):
            case_id = f"{name}-{dtype}-{i}"
            rng = np.random.default_rng(zlib.crc32(case_id.encode()))
            arrays = [a if a is None or not isinstance(a, np.ndarray) or a.dtype.kind == "f"
                      else a.astype(np.int64) for a in make(rng)]
            out.append((case_id, name, arrays, dict(options)))
    return out


def bad_cases():
    """Arguments torch refuses: (id, name, arrays, options)."""
    f = np.float32
    x, y = np.zeros((2, 3), f), np.ones((2, 3), f)
    scores, classes = np.zeros((2, 3), f), np.array([0, 2])
    return [
        ("reduction", "mse_loss", [x, y, None], {"reduction": "avg"}),
        ("weighted-reduction", "l1_loss", [x, y, y], {"reduction": "avg"}),
        ("weight-size", "mse_loss", [x, y, np.ones(3, f)], {}),
        ("broadcast", "l1_loss", [x, np.ones((2, 4), f), None], {}),
        ("delta", "huber_loss", [x, y, None], {"delta": 0.0}),
        ("beta", "smooth_l1_loss", [x, y], {"beta": -1.0}),
        ("bce-size", "binary_cross_entropy", [x, np.ones((3, 2), f), None], {}),
        ("bce-range", "binary_cross_entropy", [x + 2, y, None], {}),
        ("logits-size", "binary_cross_entropy_with_logits", [x, np.ones(3, f), None, None], {}),
        ("kl-reduction", "kl_div", [x, y], {"reduction": "avg"}),
        ("poisson-reduction", "poisson_nll_loss", [x, y], {"reduction": "avg"}),
        ("var-negative", "gaussian_nll_loss", [x, y, -y], {}),
        ("var-size", "gaussian_nll_loss", [x, y, np.ones((3, 2), f)], {}),
        ("gaussian-reduction", "gaussian_nll_loss", [x, y, y], {"reduction": "avg"}),
        ("nll-range", "nll_loss", [scores, np.array([0, 3]), None], {}),
        ("nll-batch", "nll_loss", [scores, np.array([0, 1, 2]), None], {}),
        ("nll-weight", "nll_loss", [scores, classes, np.ones(2, f)], {}),
        ("nll-0d", "nll_loss", [np.zeros((), f), np.array(0), None], {}),
        ("ce-smoothing", "cross_entropy", [scores, classes, None], {"label_smoothing": 1.5}),
        ("ce-ignore-probabilities", "cross_entropy", [scores, y, None], {"ignore_index": 1}),
        ("mlsm-reduction", "multilabel_soft_margin_loss", [x, y, None], {"reduction": "avg"}),
        ("mm-p", "multi_margin_loss", [scores, classes, None], {"p": 3}),
        ("mm-range", "multi_margin_loss", [scores, np.array([0, 3]), None], {}),
        ("mm-target", "multi_margin_loss", [scores, np.array([0, 1, 2]), None], {}),
        ("mm-weight", "multi_margin_loss", [scores, classes, np.ones(2, f)], {}),
        ("mlm-target", "multilabel_margin_loss", [scores, np.array([[0, 1]]), None], {}),
        ("mlm-range", "multilabel_margin_loss", [scores, np.array([[0, 5, -1]] * 2)], {}),
        ("cos-dims", "cosine_embedding_loss", [x, y, np.ones((2, 3), f)], {}),
        ("cos-input", "cosine_embedding_loss", [np.zeros(3, f), np.zeros(3, f),
                                                np.ones(2, f)], {}),
        ("triplet-margin", "triplet_margin_loss", [x, x, x], {"margin": 0.0}),
        ("triplet-dims", "triplet_margin_loss", [x, x, np.zeros(3, f)], {}),
        ("triplet-distance-margin", "triplet_margin_with_distance_loss", [x, x, x],
         {"margin": -1.0}),
        ("ranking-dims", "margin_ranking_loss", [x, x, np.ones(3, f)], {}),
        ("ctc-blank", "ctc_loss", [np.zeros((4, 2, 3), f), np.ones((2, 2), np.int64),
                                   np.array([4, 4]), np.array([2, 2])], {"blank": 3}),
        ("ctc-lengths", "ctc_loss", [np.zeros((4, 2, 3), f), np.ones((2, 2), np.int64),
                                     np.array([4, 5]), np.array([2, 2])], {}),
        ("ctc-lengths-size", "ctc_loss", [np.zeros((4, 2, 3), f), np.ones((2, 2), np.int64),
                                          np.array([4]), np.array([2, 2])], {}),
        ("ctc-padded", "ctc_loss", [np.zeros((4, 2, 3), f), np.ones((2, 2), np.int64),
                                    np.array([4, 4]), np.array([3, 2])], {}),
        ("ctc-concatenated", "ctc_loss", [np.zeros((4, 2, 3), f), np.ones(5, np.int64),
                                          np.array([4, 4]), np.array([2, 2])], {}),
    ]


def torch_run(torch, name, arrays, options):
    """torch's answer to one case: loss, grad_fn and every floating array's gradient."""
    from engine.torchlike.loss_kernels import KERNELS

    kernel = KERNELS[name]
    tensors = []
    for a, d in zip(arrays, kernel.differentiable, strict=True):
        if a is None or isinstance(a, float):  # absent, or a plain number (gaussian's var)
            tensors.append(a)
            continue
        t = torch.from_numpy(np.array(a))
        if d and t.dtype.is_floating_point:
            t.requires_grad_()
        tensors.append(t)
    kwargs = dict(zip(kernel.arrays, tensors, strict=True))
    out = getattr(torch.nn.functional, name)(**kwargs, **options)
    g = torch.from_numpy(upstream(tuple(out.shape), out.detach().numpy().dtype))
    if out.requires_grad:
        out.backward(g)
    grads = [t.grad.numpy() if isinstance(t, torch.Tensor) and t.grad is not None else None
             for t in tensors]
    grad_fn = type(out.grad_fn).__name__ if out.grad_fn is not None else None
    return out.detach().numpy(), grads, grad_fn
