"""Regenerate losses_golden.json by running every loss x option combination in real torch.

Run from the repository root: ``python -m tests.golden.make_losses_golden``. Each case records,
from torch in float64, the loss value, its grad_fn name, and the gradient of the (summed) loss
with respect to every element of the input and of a floating-point target; and, from torch in
float32 (its default dtype), the printed result. Error cases record torch's message.
"""

import json
from pathlib import Path

GOLDEN = Path(__file__).with_name("losses_golden.json")

REDUCTIONS = ("mean", "sum", "none")

# regression inputs: some differences below 1 (and below 0.5), some above, one exactly 0
REG_X = [[0.2, -1.5, 3.0], [0.7, 0.0, -2.25]]
REG_Y = [[0.2, 0.5, 1.0], [1.2, -0.4, -2.0]]
REG_W = [[1.0, 2.0, 0.5], [3.0, 1.0, 0.0]]
PROBS = [[0.2, 0.7, 0.9], [0.5, 0.01, 0.999]]
LABELS = [[0.0, 1.0, 1.0], [0.5, 0.0, 1.0]]
EDGE_PROBS = [0.0, 1.0, 0.0, 1.0]  # exact 0 and 1: the log clamp at -100
EDGE_LABELS = [0.0, 1.0, 1.0, 0.0]
LOGITS = [[0.0, -1.5, 3.0], [50.0, -50.0, 1000.0]]
LOGITS_W = [2.0, 1.0, 0.5]  # broadcasts over rows
POS_W = [3.0, 0.5, 1.0]
# logits far in the tails, where torch's gradient is as tiny as sigmoid(-50) or exactly 0; the
# last column's pos_weight 0 on a positive target leaves no loss at all
TAIL_LOGITS = [[-50.0, -30.0, 40.0, 0.5], [-3.0, 30.0, -1000.0, 2.0]]
TAIL_LABELS = [[0.0, 0.0, 1.0, 0.3], [0.7, 1.0, 0.0, 1.0]]
TAIL_POS_W = [0.5, 3.0, 10.0, 0.0]
SCORES = [[0.1, 0.2, 0.3], [1.0, -1.0, 0.0], [2.0, 0.5, -0.5], [0.0, 0.0, 0.0]]
CLASSES = [1, 2, 0, 2]
CLASS_W = [1.0, 2.0, 3.0]
SOFT = [[0.2, 0.3, 0.5], [1.0, 0.0, 0.0], [0.1, 0.1, 0.8], [0.3, 0.3, 0.4]]
SCORES_4D = [[[[0.5, -1.0]], [[0.0, 2.0]], [[1.5, 0.25]]]]  # (1, 3, 1, 2)
CLASSES_3D = [[[1, 0]]]
SCORES_3D = [[[0.5, -1.0], [0.0, 2.0], [1.5, 0.25]]]  # (1, 3, 2)
CLASSES_2D = [[2, 1]]
LOG_PROBS = [[-0.5, -1.2, -2.3], [-0.1, -3.0, -2.5]]
DISTRIBUTION = [[0.5, 0.3, 0.2], [0.05, 0.85, 0.1]]
RATES = [[0.2, 1.5, 3.0], [0.7, 0.0, 2.25]]
COUNTS = [[0.0, 1.0, 4.0], [2.0, 0.0, 1.0]]  # counts above 1 get Stirling's term when full
# torch's target gradient of Stirling's term is nan at a count of 0 (0 log 0), where the scalar
# level's masked term gives 0; the kernel grid checks both levels' input gradients there
POSITIVE_COUNTS = [[0.5, 1.0, 4.0], [2.0, 3.0, 1.0]]
SIGNS = [[1.0, -1.0, -1.0], [1.0, -1.0, 1.0]]
MULTI_LABELS = [[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]]
LABEL_LISTS = [[2, 0, -1], [1, -1, 0], [-1, 1, 2], [0, 1, 2]]  # a -1 ends each list
# pairs to rank: one tie (x1 = x2), so with margin 0 the clamp sits exactly at 0
RANK_X1 = [0.5, -1.0, 2.0, 0.0]
RANK_X2 = [1.0, -1.5, 2.0, 0.3]
RANK_Y = [1.0, -1.0, 1.0, -1.0]
PAIR_Y = [1.0, -1.0]  # CosineEmbeddingLoss: REG_X's rows against REG_Y's
NEGATIVES = [[0.0, 1.0, -1.0], [0.5, 0.5, 0.5]]  # triplets: REG_X anchors, REG_Y positives
# CTC: five steps of four classes' scores (the loss takes their log_softmax), labels to read
STEPS = [[-1.1258, -1.1524, -0.2506, -0.4339], [0.5988, -1.5551, -0.3414, 1.853],
         [0.4681, -0.1577, 1.4437, 0.266], [1.3894, 1.5863, 0.9463, -0.8437],
         [0.9318, 1.259, 2.005, 0.0537]]


def _case(loss, x, y, y_int=False, **kwargs):
    return {"loss": loss, "input": x, "target": y, "target_int": y_int, "kwargs": kwargs}


def _three(loss, x, other, y, **kwargs):
    """A case of a loss of three tensors: input (x1, anchor), other (x2, positive), target."""
    return {**_case(loss, x, y, **kwargs), "other": other}


def cases():
    """Every loss with every option it has, as plain data."""
    out = []
    for r in REDUCTIONS:
        for w in (None, REG_W):
            extra = {} if w is None else {"weight": w}
            out.append(_case("l1_loss", REG_X, REG_Y, reduction=r, **extra))
            out.append(_case("mse_loss", REG_X, REG_Y, reduction=r, **extra))
            for delta in (1.0, 0.5, 2.5):
                out.append(_case("huber_loss", REG_X, REG_Y, reduction=r, delta=delta, **extra))
        out.append(_case("l1_loss", REG_X, [1.0, 0.0, -1.0], reduction=r))  # broadcast target
        out.append(_case("mse_loss", REG_X, [[0.5], [-0.5]], reduction=r))
        for beta in (1.0, 0.5, 2.5, 0.0):
            out.append(_case("smooth_l1_loss", REG_X, REG_Y, reduction=r, beta=beta))
        for w in (None, REG_W, [2.0, 1.0, 0.5]):
            extra = {} if w is None else {"weight": w}
            out.append(_case("binary_cross_entropy", PROBS, LABELS, reduction=r, **extra))
        out.append(_case("binary_cross_entropy", EDGE_PROBS, EDGE_LABELS, reduction=r))
        for w in (None, LOGITS_W):
            for pw in (None, POS_W):
                extra = {} if w is None else {"weight": w}
                if pw is not None:
                    extra["pos_weight"] = pw
                out.append(_case("binary_cross_entropy_with_logits", LOGITS, LABELS,
                                 reduction=r, **extra))
        for w in (None, CLASS_W):
            extra = {} if w is None else {"weight": w}
            for ignore in (None, 2, 1):
                more = dict(extra) if ignore is None else {**extra, "ignore_index": ignore}
                out.append(_case("nll_loss", SCORES, CLASSES, True, reduction=r, **more))
                for ls in (0.0, 0.1):
                    out.append(_case("cross_entropy", SCORES, CLASSES, True, reduction=r,
                                     label_smoothing=ls, **more))
            # every target ignored: the mean is nan
            out.append(_case("nll_loss", SCORES, [-100] * 4, True, reduction=r, **extra))
            out.append(_case("cross_entropy", SCORES, [-100] * 4, True, reduction=r, **extra))
            out.append(_case("cross_entropy", SCORES, [-100] * 4, True, reduction=r,
                             label_smoothing=0.2, **extra))
            for ls in (0.0, 0.25):
                out.append(_case("cross_entropy", SCORES, SOFT, reduction=r,
                                 label_smoothing=ls, **extra))
                out.append(_case("cross_entropy", SCORES[0], SOFT[0], reduction=r,
                                 label_smoothing=ls, **extra))
            out.append(_case("cross_entropy", SCORES[1], 2, True, reduction=r, **extra))
            out.append(_case("nll_loss", SCORES[1], 0, True, reduction=r, **extra))
            out.append(_case("cross_entropy", SCORES_4D, CLASSES_3D, True, reduction=r, **extra))
            out.append(_case("cross_entropy", SCORES_3D, CLASSES_2D, True, reduction=r, **extra))
            out.append(_case("nll_loss", SCORES_3D, CLASSES_2D, True, reduction=r, **extra))
            out.append(_case("cross_entropy", SCORES_4D, SCORES_4D, reduction=r,
                             label_smoothing=0.1, **extra))
    for r in REDUCTIONS:  # appended, so the cases above keep their ids
        out.append(_case("binary_cross_entropy_with_logits", TAIL_LOGITS, TAIL_LABELS,
                         reduction=r, pos_weight=TAIL_POS_W))
    for r in REDUCTIONS:  # the losses the scalar level composes as torch does
        for log_target in (False, True):
            out.append(_case("kl_div", LOG_PROBS, DISTRIBUTION if not log_target else LOG_PROBS,
                             reduction=r, log_target=log_target))
        for log_input, full in ((True, False), (True, True), (False, False), (False, True)):
            rates = REG_X if log_input else RATES
            out.append(_case("poisson_nll_loss", rates, POSITIVE_COUNTS if full else COUNTS,
                             reduction=r, log_input=log_input, full=full))
        out.append(_case("poisson_nll_loss", RATES, COUNTS, reduction=r, log_input=False,
                         eps=0.5))
        for full in (False, True):
            out.append(_case("gaussian_nll_loss", REG_X, REG_Y, reduction=r, var=0.5, full=full))
        out.append(_case("gaussian_nll_loss", REG_X, REG_Y, reduction=r, var=1e-9, eps=0.01))
        for margin in (1.0, 0.5, -0.5):
            out.append(_case("hinge_embedding_loss", REG_X, SIGNS, reduction=r, margin=margin))
        out.append(_case("soft_margin_loss", REG_X, SIGNS, reduction=r))
        for w in (None, [2.0, 1.0, 0.5]):
            extra = {} if w is None else {"weight": w}
            out.append(_case("multilabel_soft_margin_loss", REG_X, MULTI_LABELS, reduction=r,
                             **extra))
            if w is None:
                out.append(_case("multilabel_margin_loss", SCORES, LABEL_LISTS, True,
                                 reduction=r))
            for p, margin in ((1, 1.0), (2, 1.0), (1, 0.25), (2, 2.0)):
                out.append(_case("multi_margin_loss", SCORES, CLASSES, True, reduction=r, p=p,
                                 margin=margin, **extra))
    for r in REDUCTIONS:  # the losses of three tensors, appended after the rest
        for margin in (0.0, 0.5):
            out.append(_three("margin_ranking_loss", RANK_X1, RANK_X2, RANK_Y, reduction=r,
                              margin=margin))
        for margin in (0.0, 0.2, -0.5):
            out.append(_three("cosine_embedding_loss", REG_X, REG_Y, PAIR_Y, reduction=r,
                              margin=margin))
        for p, margin, swap in ((2.0, 2.0, False), (1.0, 1.0, True), (3.0, 2.0, False),
                                (2.0, 4.0, True)):
            out.append(_three("triplet_margin_loss", REG_X, REG_Y, NEGATIVES, reduction=r,
                              margin=margin, p=p, eps=1e-6, swap=swap))
        for margin, swap in ((2.0, False), (2.5, True)):
            out.append(_three("triplet_margin_with_distance_loss", REG_X, REG_Y, NEGATIVES,
                              reduction=r, margin=margin, swap=swap))
    for r in REDUCTIONS:  # CTC of one sequence; the last can read its labels in no alignment
        for labels, blank in (([1, 3, 3], 0), ([2], 0), ([1, 3], 2), ([0, 1, 0], 3)):
            out.append(_case("ctc_loss", STEPS, labels, True, reduction=r, blank=blank))
        for zero in (False, True):
            out.append(_case("ctc_loss", STEPS[:2], [1, 1], True, reduction=r,
                             zero_infinity=zero))
    for log_target in (False, True):  # KLDivLoss's own reduction
        out.append(_case("kl_div", LOG_PROBS, DISTRIBUTION if not log_target else LOG_PROBS,
                         reduction="batchmean", log_target=log_target))
    for i, c in enumerate(out):
        c["id"] = f"{i:03d}-{c['loss']}-" + "-".join(
            f"{k}={'w' if isinstance(v, list) else v}" for k, v in sorted(c["kwargs"].items())
        )
    return out


def error_cases():
    """Inputs torch refuses; the expected message is torch's."""
    ints, floats = [1, 2, 3], [1.0, 2.0, 5.0]
    return [
        {"id": "l1-int-mean", "loss": "l1_loss", "input": ints, "input_int": True,
         "target": [1, 2, 5], "target_int": True, "kwargs": {}},
        {"id": "mse-int", "loss": "mse_loss", "input": ints, "input_int": True,
         "target": [1, 2, 5], "target_int": True, "kwargs": {}},
        {"id": "huber-int", "loss": "huber_loss", "input": ints, "input_int": True,
         "target": [1, 2, 5], "target_int": True, "kwargs": {}},
        {"id": "smooth-l1-int", "loss": "smooth_l1_loss", "input": ints, "input_int": True,
         "target": [1, 2, 5], "target_int": True, "kwargs": {}},
        {"id": "ce-int", "loss": "cross_entropy", "input": [ints], "input_int": True,
         "target": [1], "target_int": True, "kwargs": {}},
        {"id": "nll-int", "loss": "nll_loss", "input": [ints], "input_int": True,
         "target": [1], "target_int": True, "kwargs": {}},
        {"id": "bce-int", "loss": "binary_cross_entropy", "input": [0, 1], "input_int": True,
         "target": [0, 1], "target_int": True, "kwargs": {}},
        {"id": "bce-int-target", "loss": "binary_cross_entropy", "input": [0.5, 0.2],
         "target": [0, 1], "target_int": True, "kwargs": {}},
        {"id": "bce-range", "loss": "binary_cross_entropy", "input": [1.5], "target": [1.0],
         "kwargs": {}},
        {"id": "bce-size", "loss": "binary_cross_entropy", "input": [0.5, 0.2], "target": [1.0],
         "kwargs": {}},
        {"id": "bcel-size", "loss": "binary_cross_entropy_with_logits", "input": [0.5, 0.2],
         "target": [1.0], "kwargs": {}},
        {"id": "ce-out-of-range", "loss": "cross_entropy", "input": SCORES[:2],
         "target": [1, 3], "target_int": True, "kwargs": {}},
        {"id": "ce-negative-class", "loss": "cross_entropy", "input": SCORES[:2],
         "target": [1, -3], "target_int": True, "kwargs": {}},
        {"id": "ce-float-classes", "loss": "cross_entropy", "input": SCORES[:2],
         "target": [1.0, 2.0], "kwargs": {}},
        {"id": "ce-batch", "loss": "cross_entropy", "input": SCORES[:2],
         "target": [1, 2, 0], "target_int": True, "kwargs": {}},
        {"id": "ce-smoothing", "loss": "cross_entropy", "input": SCORES[:2],
         "target": [1, 2], "target_int": True, "kwargs": {"label_smoothing": 1.5}},
        {"id": "ce-weight-size", "loss": "cross_entropy", "input": SCORES[:2],
         "target": [1, 2], "target_int": True, "kwargs": {"weight": [1.0, 2.0]}},
        {"id": "ce-prob-ignore", "loss": "cross_entropy", "input": SCORES[:2],
         "target": SOFT[:2], "kwargs": {"ignore_index": 1}},
        {"id": "nll-prob-target", "loss": "nll_loss", "input": SCORES[:2],
         "target": SOFT[:2], "kwargs": {}},
        {"id": "l1-shapes", "loss": "l1_loss", "input": [0.5, 0.2], "target": floats,
         "kwargs": {}},
        {"id": "huber-delta", "loss": "huber_loss", "input": floats, "target": floats,
         "kwargs": {"delta": 0.0}},
        {"id": "smooth-l1-beta", "loss": "smooth_l1_loss", "input": floats, "target": floats,
         "kwargs": {"beta": -1.0}},
        {"id": "bad-reduction", "loss": "l1_loss", "input": floats, "target": floats,
         "kwargs": {"reduction": "avg"}},
        {"id": "l1-weight-size", "loss": "l1_loss", "input": floats, "target": floats,
         "kwargs": {"weight": [1.0]}},
    ]


def run_torch(torch, case, dtype, target_grad=True):
    """(result, input tensor, target tensor) of one case in torch with the given float dtype
    (a loss of three tensors gets the case's ``other`` between them, with no gradient kept)."""
    import torch.nn.functional as F

    x = torch.tensor(case["input"], dtype=torch.int64 if case.get("input_int") else dtype)
    y = torch.tensor(case["target"], dtype=torch.int64 if case.get("target_int") else dtype)
    if x.is_floating_point():
        x.requires_grad_()
    if y.is_floating_point() and target_grad:
        y.requires_grad_()
    kwargs = {
        k: torch.tensor(v, dtype=dtype) if k in ("weight", "pos_weight") else v
        for k, v in case["kwargs"].items()
    }
    if case["loss"] == "gaussian_nll_loss":  # var is a call argument, here one number
        return F.gaussian_nll_loss(x, y, kwargs.pop("var"), **kwargs), x, y
    if case["loss"] == "ctc_loss":  # the scores' log_softmax, the sequence's two lengths
        lengths = (len(case["input"]),), (len(case["target"]),)
        return F.ctc_loss(x.log_softmax(-1), y, *lengths, **kwargs), x, y
    between = [torch.tensor(case["other"], dtype=dtype)] if "other" in case else []
    return getattr(F, case["loss"])(x, *between, y, **kwargs), x, y


def _grad(t):
    return None if t.grad is None else t.grad.reshape(-1).tolist()


def torch_record(torch, case):
    """What torch computes for one case: value, grad_fn, gradients, float32 print."""
    try:
        result, x, y = run_torch(torch, case, torch.float64)
        result.sum().backward()
    except RuntimeError:  # torch has no derivative for this target
        result, x, y = run_torch(torch, case, torch.float64, target_grad=False)
        result.sum().backward()
    record = {"value": result.tolist(), "grad_fn": type(result.grad_fn).__name__,
              "input_grad": _grad(x), "target_grad": _grad(y)}
    default = torch.get_default_dtype()
    torch.set_default_dtype(torch.float32)
    try:
        record["printed"] = repr(run_torch(torch, case, torch.float32, target_grad=False)[0])
    finally:
        torch.set_default_dtype(default)
    return record


def torch_error(torch, case):
    """torch's message for a case it refuses."""
    try:
        run_torch(torch, case, torch.float32)
    except (RuntimeError, ValueError, IndexError, NotImplementedError) as e:
        return str(e)
    raise AssertionError(f"torch accepted {case['id']}")


def main():
    """Write the golden file."""
    import torch

    data = {
        "torch": torch.__version__,
        "cases": [{**c, **torch_record(torch, c)} for c in cases()],
        "errors": [{**c, "message": torch_error(torch, c)} for c in error_cases()],
    }
    GOLDEN.write_text(json.dumps(data, indent=1, allow_nan=True) + "\n")
    print(f"wrote {len(data['cases'])} cases and {len(data['errors'])} error cases")


if __name__ == "__main__":
    main()
