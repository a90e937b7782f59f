"""tensor: torch's semantics for values, gradients, grad_fn names, dtypes and errors."""

import math
import threading
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import Value, optim, topological_order
from engine.autograd.ops import OPS
from engine.torchlike import tensor as T
from tests.conftest import require_torch
from tests.engine.programs import torch_function

# our engine under torch's names, so one lambda runs on both
OURS = SimpleNamespace(**T.TORCH_FUNCTIONS, float32=T.float32, float64=T.float64, int64=T.int64)

X = [[0.5, -1.25, 2.0], [3.0, 0.25, -0.75]]
Y = [[1.5, 0.5, -2.0], [0.0, 4.0, 1.0]]
ROW = [2.0, -1.0, 0.5]

# the same code runs on torch tensors and ours: each lambda takes (x, y, row) tensors
EXPRESSIONS = {
    "add": lambda x, y, r: x + y,
    "broadcast-row": lambda x, y, r: x * r - 1,
    "rsub-rdiv": lambda x, y, r: (2 - x) / (3 / (y + 10)),
    "pow": lambda x, y, r: (x ** 2 + 2 ** x) * y,
    "pow-tensor": lambda x, y, r: (y + 5) ** (x / 4),
    "unary": lambda x, y, r: x.exp() + x.sigmoid() - x.tanh() * x.relu() + x.abs().sqrt()
    + x.sin() * x.cos(),
    "log": lambda x, y, r: (x * x + 1).log(),
    "sum": lambda x, y, r: (x * y).sum(),
    "sum-dim": lambda x, y, r: (x * y).sum(dim=0),
    "sum-keepdim": lambda x, y, r: (x * y).sum(1, keepdim=True) * y,
    "mean": lambda x, y, r: (x - y).abs().mean(),
    "mean-dim": lambda x, y, r: x.mean(dim=-1),
    "max": lambda x, y, r: x.max() * y.min(),
    "max-dim": lambda x, y, r: x.max(dim=1).values * 3,
    "min-dim": lambda x, y, r: x.min(0)[0] + x.min(0).values,
    "softmax": lambda x, y, r: x.softmax(dim=1) * y,
    "softmax-0": lambda x, y, r: x.softmax(0),
    "log-softmax": lambda x, y, r: x.log_softmax(1) * y,
    "mm": lambda x, y, r: x @ y.T,
    "mv": lambda x, y, r: x @ r,
    "vm": lambda x, y, r: r[:2] @ x,
    "dot": lambda x, y, r: r @ r,
    "reshape": lambda x, y, r: x.reshape(3, 2) * y.view(3, -1),
    "flatten": lambda x, y, r: x.flatten() * 2,
    "squeeze": lambda x, y, r: x.unsqueeze(0).squeeze() + y.unsqueeze(2).squeeze(-1),
    "transpose": lambda x, y, r: x.transpose(0, 1) * y.t(),
    "permute": lambda x, y, r: x.reshape(1, 2, 3).permute(2, 0, 1) * 2,
    "index": lambda x, y, r: x[0] * y[1, 2] + x[:, 1].sum(),
    "slice": lambda x, y, r: x[:, 1:] * y[-1, ::2],
    "advanced": lambda x, y, r: x[[0, 1, 1], [2, 0, 1]] * 2,
    "ellipsis-none": lambda x, y, r: x[..., None] * 2,
    "mask": lambda x, y, r: x[x > 0] * 2,
    "clone": lambda x, y, r: x.clone() * 2,
    "expand": lambda x, y, r: r.expand(2, 3) * x,
    "neg-div": lambda x, y, r: -x / (y + 5),
}


def both(torch, dtype_name="float64"):
    """(x, y, row) as torch tensors and as ours, all requiring grad."""
    theirs = [torch.tensor(d, dtype=getattr(torch, dtype_name), requires_grad=True)
              for d in (X, Y, ROW)]
    ours = [T.tensor(d, dtype=T.DTYPES[dtype_name], requires_grad=True) for d in (X, Y, ROW)]
    return theirs, ours


def close(a, b):
    a, b = flat(a), flat(b)
    return len(a) == len(b) and all(
        (math.isnan(p) and math.isnan(q)) or math.isclose(p, q, rel_tol=1e-10, abs_tol=1e-12)
        for p, q in zip(a, b, strict=True))


def flat(x):
    if isinstance(x, list):
        return [v for item in x for v in flat(item)]
    return [x]


@pytest.mark.torch
@pytest.mark.parametrize("name", list(EXPRESSIONS))
def test_expression_matches_torch_values_grads_and_grad_fn(torch, name):
    f = EXPRESSIONS[name]
    theirs, ours = both(torch)
    expected, got = f(*theirs), f(*ours)
    assert got.shape == tuple(expected.shape)
    assert got.grad_fn.name() == type(expected.grad_fn).__name__
    assert close(got.tolist(), expected.tolist())
    expected.sum().backward()
    got.sum().backward()
    for t, o in zip(theirs, ours, strict=True):
        if t.grad is None:
            assert o.grad is None
        else:
            assert close(o.grad.tolist(), t.grad.tolist())


@pytest.mark.torch
@pytest.mark.parametrize("name", list(EXPRESSIONS))
def test_expression_prints_as_torch_in_float32(torch, name):
    f = EXPRESSIONS[name]
    torch.set_default_dtype(torch.float32)
    try:
        theirs, ours = both(torch, "float32")
        assert repr(f(*ours)) == repr(f(*theirs))
    finally:
        torch.set_default_dtype(torch.float64)


@pytest.mark.torch
@settings(max_examples=60, deadline=None)
@given(a=st.lists(st.integers(1, 3), max_size=3), b=st.lists(st.integers(1, 3), max_size=3),
       op=st.sampled_from(["add", "sub", "mul", "div"]))
def test_broadcasting_follows_torch(a, b, op):
    torch = require_torch()
    pairs = [(torch.arange(1.0, math.prod(s) + 1).reshape(s),
              T.arange(1.0, math.prod(s) + 1, dtype=T.float64).reshape(s)) for s in (a, b)]
    (ta, oa), (tb, ob) = pairs
    try:
        expected = getattr(ta, op)(tb)
    except RuntimeError as e:
        with pytest.raises(ValueError) as err:
            getattr(oa, op)(ob)
        assert str(e) in str(err.value)
        return
    got = getattr(oa, op)(ob)
    assert got.shape == tuple(expected.shape)
    assert close(got.tolist(), expected.tolist())


# --- creation and dtypes -------------------------------------------------------------------------


@pytest.mark.torch
@pytest.mark.parametrize("make", [
    lambda m: m.tensor([1, 2, 5]),
    lambda m: m.tensor([[1.0, 2.0]], dtype=m.float64),
    lambda m: m.tensor(True),
    lambda m: m.tensor([1, 2]) / 2,
    lambda m: m.tensor([1, 2]) + 1.5,
    lambda m: m.tensor([1, 2]) * m.tensor(1.5, dtype=m.float64),
    lambda m: m.tensor([1.0, 2.0]) + m.tensor(1.5, dtype=m.float64),
    lambda m: m.tensor([1.0, 2.0], dtype=m.float64) + m.tensor([1.0, 2.0]),
    lambda m: m.tensor([3, 1]).max(),
    lambda m: m.tensor([3, 1]).sum(),
    lambda m: m.tensor([1, 2]).exp(),
    lambda m: m.tensor([1.0, 2.0]) > 1,
    lambda m: m.zeros(2, 3),
    lambda m: m.ones((2,), dtype=m.int64),
    lambda m: m.full((2, 2), 7),
    lambda m: m.full((2,), 0.5),
    lambda m: m.arange(5),
    lambda m: m.arange(0, 1, 0.25),
    lambda m: m.arange(1, 2.5, 0.5, dtype=m.float64),
    lambda m: m.linspace(0, 1, 5),
    lambda m: m.linspace(-3, 7, 11),
    lambda m: m.zeros_like(m.tensor([[1, 2]])),
    lambda m: m.ones_like(m.tensor([1.0]), requires_grad=True),
    lambda m: m.tensor([[1.0, 2.0], [3.0, 4.0]]).max(dim=1),
    lambda m: m.tensor([0.1, 0.2, 0.3]).argmax(),
    lambda m: m.stack([m.tensor([1.0, 2.0]), m.tensor([3.0, 4.0])], dim=1),
    lambda m: m.cat([m.tensor([[1.0, 2.0]]), m.tensor([[3.0, 4.0]])]),
    lambda m: m.tensor([2.5, -1.5]).long(),
    lambda m: m.tensor([1, 0]).float(),
    lambda m: m.tensor([0.1]).double(),
    lambda m: m.zeros(2, 3).shape,
    lambda m: m.tensor(1.0).shape,
], ids=lambda f: "")
def test_creation_and_promotion_print_as_torch(torch, make):
    torch.set_default_dtype(torch.float32)
    try:
        assert repr(make(OURS)) == repr(make(torch))
    finally:
        torch.set_default_dtype(torch.float64)


def test_tensor_infers_int64_and_float32_like_torch():
    assert T.tensor([1, 2, 5]).dtype is T.int64
    assert T.tensor([1, 2.0]).dtype is T.float32
    assert T.tensor([True, False]).dtype is T.bool_
    assert repr(T.tensor([1, 2, 5])) == "tensor([1, 2, 5])"


def test_ragged_data_is_refused_like_torch():
    with pytest.raises(ValueError, match=r"expected sequence of length 2 at dim 1 \(got 3\)"):
        T.tensor([[1, 2], [3, 4, 5]])


def test_item_and_tolist_hand_out_float32_values_like_torch():
    assert T.tensor(0.1).item() == 0.10000000149011612
    assert T.tensor([0.1], dtype=T.float64).tolist() == [0.1]
    assert T.tensor([[1, 2]]).tolist() == [[1, 2]]


def test_float32_small_powers_multiply_as_torch():
    """torch's float32 x ** 3 is x * x * x, rounded at each product: at the fourth of 100 points
    from -pi to pi it is torch's -25.703535079956055, where the cube rounded once gives
    -25.703536987304688."""
    x = T.linspace(-math.pi, math.pi, 100)
    assert (x ** 3)[3].item() == -25.703535079956055
    assert (x ** 3).tolist() == (x * x * x).tolist()


def test_size_prints_like_torch():
    t = T.zeros(1, 1, 1, 3)
    assert repr(t.shape) == "torch.Size([1, 1, 1, 3])"
    assert t.size() == (1, 1, 1, 3) and t.size(-1) == 3 and t.dim() == 4 and t.numel() == 3


def test_tensors_are_bounded_in_size():
    with pytest.raises(ValueError, match="100,000 elements"):
        T.zeros(1000, 1000)
    big = T.ones(400)
    with pytest.raises(ValueError, match="100,000 elements"):
        big.reshape(400, 1) * big  # the broadcast result would be 160,000 elements


def test_shape_mismatch_names_both_sizes():
    with pytest.raises(ValueError, match=r"size of tensor a \(3\) must match the size of tensor "
                                         r"b \(4\) at non-singleton dimension 0"):
        T.ones(3) + T.ones(4)
    with pytest.raises(ValueError, match=r"mat1 and mat2 shapes cannot be multiplied \(2x3 and "
                                         r"2x3\)"):
        T.ones(2, 3) @ T.ones(2, 3)
    with pytest.raises(ValueError, match=r"shape '\[4, -1\]' is invalid for input of size 6"):
        T.ones(6).reshape(4, -1)
    with pytest.raises(ValueError, match="index 3 is out of bounds for dimension 0 with size 3"):
        T.ones(3)[3]


# --- autograd -----------------------------------------------------------------------------------


def test_grad_is_none_until_backward_and_accumulates():
    w = T.tensor([0.5, -1.0], requires_grad=True)
    x = T.tensor([2.0, 3.0])
    assert w.grad is None and x.grad is None
    (w * x).sum().backward()
    assert w.grad.tolist() == [2.0, 3.0]
    assert x.grad is None  # x does not require grad
    (w * x).sum().backward()
    assert w.grad.tolist() == [4.0, 6.0]  # leaves accumulate, as torch
    w.grad.zero_()
    assert w.grad.tolist() == [0.0, 0.0]
    (w * w).sum().backward()
    assert w.grad.tolist() == [1.0, -2.0]  # zero_() reached the accumulator
    w.grad_to_none()
    assert w.grad is None


def test_backward_needs_one_element_and_a_graph():
    w = T.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(ValueError, match="grad can be implicitly created only for scalar outputs"):
        (w * 2).backward()
    with pytest.raises(ValueError, match="does not require grad and does not have a grad_fn"):
        T.tensor([1.0]).sum().backward()
    y = w * 3
    y.backward(T.tensor([1.0, 10.0]))
    assert w.grad.tolist() == [3.0, 30.0]
    assert y.grad is None  # not a leaf


def test_results_report_grad_fn_and_leaves_requires_grad():
    w = T.tensor([1.0, 2.0], requires_grad=True)
    assert repr(w) == "tensor([1., 2.], requires_grad=True)"
    assert repr(w.mean()) == "tensor(1.5000, grad_fn=<MeanBackward0>)"
    assert repr((w - 1).abs()) == "tensor([0., 1.], grad_fn=<AbsBackward0>)"
    assert w.is_leaf and not (w * 1).is_leaf
    assert repr(w.detach()) == "tensor([1., 2.])"
    assert (T.tensor([1.0]) * 2).grad_fn is None


def test_manual_gradient_descent_under_no_grad_updates_leaves_in_place():
    w = T.tensor([1.0, -2.0], requires_grad=True)
    first_value = w.values()[0]
    loss = (w * w).sum()
    loss.backward()
    with T.no_grad():
        w -= 0.25 * w.grad
        assert not T.is_grad_enabled()
    assert T.is_grad_enabled()
    assert w.tolist() == [0.5, -1.0]
    assert w.values()[0] is first_value and first_value.data == 0.5  # same Value, new data
    assert w.requires_grad and w.is_leaf
    with pytest.raises(ValueError, match="a leaf Variable that requires grad is being used in an "
                                         "in-place operation."):
        w += 1


def float32_loss():
    """A float32 result whose float32 digits differ from its float64 data rounded once."""
    w = T.tensor(2.2, requires_grad=True)
    b = T.tensor(0.4, requires_grad=True)
    return w, b, (w * 3.0 + b - 7.0) ** 2  # torch: 2.2737e-13; float64 rounded: 7.8886e-31


@pytest.mark.parametrize("update", [
    "sub", "sgd", "adam", "data", "fill", "setitem", "detached",
])
def test_a_result_prints_what_it_was_after_its_leaves_change(update):
    w, b, loss = float32_loss()
    before = [repr(loss), loss.item(), loss.tolist(), repr(loss.detach()), repr(loss.clone())]
    assert before[0] == "tensor(2.2737e-13, grad_fn=<PowBackward0>)"
    loss.backward()
    lr = 1e13  # the gradient is as small as the residue
    if update in ("sgd", "adam"):
        opt = (optim.SGD if update == "sgd" else optim.Adam)([w, b], lr=lr)
        opt.step()
    else:
        with T.no_grad():
            if update == "sub":
                w -= lr * w.grad
            elif update == "data":
                w.data = T.tensor(1.0)
            elif update == "fill":
                b.fill_(3.0)
            elif update == "setitem":
                w[...] = 5.0
            else:
                w.detach().add_(1.0)
    assert repr((w * 3.0 + b - 7.0) ** 2) != before[0]  # the leaves did change
    after = [repr(loss), loss.item(), loss.tolist(), repr(loss.detach()), repr(loss.clone())]
    assert after == before


def test_no_grad_results_have_no_history():
    w = T.tensor([1.0], requires_grad=True)
    with T.no_grad():
        y = w * 2
    assert not y.requires_grad and y.grad_fn is None
    assert y.values()[0].op == ""  # a constant, so later graphs do not reach back into w


def test_no_grad_is_per_thread_context():
    seen = []
    with T.no_grad():
        worker = threading.Thread(target=lambda: seen.append(T.is_grad_enabled()))
        worker.start()
        worker.join()
    assert seen == [True]


def test_in_place_on_a_result_records_the_operation():
    w = T.tensor([1.0, 2.0], requires_grad=True)
    y = w * 2
    y += w
    assert repr(y) == "tensor([3., 6.], grad_fn=<AddBackward0>)"
    y.sum().backward()
    assert w.grad.tolist() == [3.0, 3.0]


def test_data_and_detach_share_updates_with_the_tensor():
    w = T.tensor([1.0, 2.0], requires_grad=True)
    d = w.data
    d -= 1
    assert w.tolist() == [0.0, 1.0]
    w.data = T.tensor([5.0, 6.0])
    assert w.tolist() == [5.0, 6.0]


def test_requires_grad_only_for_floats():
    with pytest.raises(ValueError, match="Only Tensors of floating point"):
        T.tensor([1, 2], requires_grad=True)


def test_max_ties_share_the_gradient_like_torch():
    x = T.tensor([1.0, 3.0, 3.0], requires_grad=True)
    x.max().backward()
    assert x.grad.tolist() == [0.0, 0.5, 0.5]
    x = T.tensor([[1.0, 3.0, 3.0]], requires_grad=True)
    x.max(dim=1).values.sum().backward()
    assert x.grad.tolist() == [[0.0, 1.0, 0.0]]


def test_softmax_is_stable_for_huge_logits():
    x = T.tensor([1000.0, 1000.0, -1000.0], dtype=T.float64)
    assert x.softmax(0).tolist() == [0.5, 0.5, 0.0]
    assert x.log_softmax(0).tolist()[0] == pytest.approx(-math.log(2))


# --- groups and labels for the graph view -------------------------------------------------------


def test_each_tensor_op_groups_its_values():
    x = T.tensor([1.0, 2.0, 3.0])
    y = (x * 2).sum()
    leaf_group = x.values()[0].group
    assert leaf_group.kind == "tensor" and all(v.group is leaf_group for v in x.values())
    root = y.values()[0]
    assert root.group.kind == "sum" and root.group.grad_fn == "SumBackward0"
    products = [p for p in root.parents if isinstance(p, Value)]
    assert products and all(p.group is root.group or p.group.kind in ("mul", "sum")
                            for p in products)
    view = x.reshape(3, 1)
    assert view.values()[0] is x.values()[0]  # views add no nodes


def test_label_names_the_group_and_the_elements():
    x = T.tensor([[1.0, 2.0]])
    x.label = "x"
    assert x.values()[0].group.label == "x"
    assert [v.label for v in x.values()] == ["x[0,0]", "x[0,1]"]
    loss = x.sum()
    loss.label = "loss"
    assert loss.values()[0].label == "loss"
    x.reshape(2).label = "other"  # a view does not rename the tensor it shows
    assert x.values()[0].group.label == "x"


def test_a_reductions_running_sums_carry_no_element_label():
    x = T.tensor([[float(i) for i in range(9)], [1.0] * 9], requires_grad=True)
    total, rows = x.mean(), x.sum(dim=1)
    total.label, rows.label = "total", "rows"
    assert [v.label for v in total.values()] == ["total"]
    assert [v.label for v in rows.values()] == ["rows[0]", "rows[1]"]
    for result in (total, rows):
        group = result.values()[0].group
        steps = [v for root in result.values() for v in topological_order(root)
                 if v.group is group and v not in result.values()]
        assert len(steps) >= 8  # the running sums (9 elements: lanes, then the lanes added)
        assert all(v.label == "" for v in steps)  # not total[0], rows[3]: they are no elements


def assign_rows(m):
    """Item assignment on a plain tensor and on a result, then a backward through it."""
    x = m.zeros(2, 3)
    x[0] = 5
    x[1, 1:] = m.tensor([1.0, 2.0])
    w = m.tensor([1.0, 2.0], requires_grad=True)
    y = w * 1
    y[0] = 7.0
    y.sum().backward()
    return [repr(x), repr(y), repr(w.grad)]


@pytest.mark.torch
def test_item_assignment_matches_torch(torch):
    torch.set_default_dtype(torch.float32)
    try:
        assert assign_rows(OURS) == assign_rows(torch)
    finally:
        torch.set_default_dtype(torch.float64)


# --- every unary op of the table, as torch offers it ---------------------------------------------

UNARY = [name for name in sorted(OPS) if OPS[name].arity == 1 and OPS[name].api]
# both sides of 0 and of softplus's threshold, tiny and large magnitudes, exact zeros
UNARY_DATA = [-30.0, -3.7, -1.25, -0.3, -0.0, 0.0, 1e-3, 0.3, 0.7, 1.0, 2.5, 9.99, 20.0, 25.0,
              40.0, 88.5]


def _parameter_sets(name):
    params = OPS[name].params
    return [{}] + ([dict.fromkeys(params, 2.0)] if params else [])


@pytest.mark.torch
@pytest.mark.parametrize("name", UNARY)
@pytest.mark.parametrize("dtype_name", ["float32", "float64"])
def test_every_unary_op_prints_and_differentiates_as_torch(torch, name, dtype_name):
    torch.set_default_dtype(torch.float32)  # what torch prints a dtype suffix for
    try:
        _check_unary_op(torch, name, dtype_name)
    finally:
        torch.set_default_dtype(torch.float64)


def _check_unary_op(torch, name, dtype_name):
    for kwargs in _parameter_sets(name):
        theirs = torch.tensor(UNARY_DATA, dtype=getattr(torch, dtype_name), requires_grad=True)
        ours = T.tensor(UNARY_DATA, dtype=T.DTYPES[dtype_name], requires_grad=True)
        expected = torch_function(torch, name)(theirs, **kwargs)
        got = getattr(ours, name)(**kwargs)
        assert repr(got) == repr(expected), kwargs
        if dtype_name == "float32":
            # .item()'s digits: torch's vectorised float32 exp, sin... may be a bit or two off
            # the correctly rounded value; gradients are float64 rounded once (see grad)
            assert got.tolist() == pytest.approx(expected.tolist(), rel=2.0 ** -21, nan_ok=True)
            continue
        assert close(got.tolist(), expected.tolist()), kwargs
        expected.sum().backward()
        got.sum().backward()
        assert close(ours.grad.tolist(), theirs.grad.tolist()), kwargs
