"""namespaces: the namespaces, the attribute allow-lists and the Values cost model."""

import pytest

from engine import losses, nn, optim
from engine.autograd.value import Value
from engine.snippets.namespaces import (
    MODULES,
    TORCH,
    Function,
    Method,
    call,
    callable_name,
    cost_after,
    cost_before,
    get_attribute,
    set_attribute,
)
from engine.torchlike import tensor as T


def _reachable(values):
    seen, stack = set(), list(values)
    while stack:
        v = stack.pop()
        if id(v) in seen:
            continue
        seen.add(id(v))
        stack.extend(p for p in v.parents if isinstance(p, Value))
    return seen


def _elements(x):
    if isinstance(x, T.Tensor):
        return list(x.values())
    if isinstance(x, Value):
        return [x]
    if isinstance(x, (list, tuple)):
        return [v for item in x for v in _elements(item)]
    if isinstance(x, nn.Module):
        return x.parameters()
    return []


def _x():
    return T.tensor([[0.1, -0.2, 0.3, 0.5]] * 6, requires_grad=True)


def _cases():
    x, p = _x(), T.tensor([[0.1, 0.2, 0.3, 0.4]] * 6)
    y, w = T.tensor([1, 0, 3, 2, 1, 0]), T.tensor([1.0, 2.0, 3.0, 4.0])
    model = nn.MLP(4, [5, 3, 1], seed=0)
    ns = MODULES["torch.nn.functional"].members
    return [
        (ns["cross_entropy"], (x, y), {"label_smoothing": 0.1, "weight": w}),
        (ns["cross_entropy"], (x, p.softmax(1)), {"label_smoothing": 0.2, "weight": w}),
        (ns["nll_loss"], (x, y), {}),
        (ns["binary_cross_entropy"], (x.sigmoid(), p), {"weight": w}),
        (ns["binary_cross_entropy_with_logits"], (x, p), {"pos_weight": w, "weight": w}),
        (ns["huber_loss"], (x, p), {"delta": 0.5}),
        (ns["smooth_l1_loss"], (x, p), {"beta": 0.5}),
        (ns["l1_loss"], (x, p), {}),
        (ns["mse_loss"], (x, p), {"reduction": "none"}),
        (losses.CrossEntropyLoss(), (x, y), {}),
        (Method(x, "softmax"), (1,), {}),
        (Method(x, "log_softmax"), (0,), {}),
        (Method(x, "sum"), (), {}),
        (Method(x, "mean"), (1,), {}),
        (Method(x, "max"), (1,), {}),
        (Method(T.tensor([1.0, 1.0, 1.0]), "max"), (), {}),
        (Method(x, "argmax"), (), {}),
        (Method(x, "matmul"), (x.T,), {}),
        (TORCH.members["matmul"], (x, T.tensor([1.0, 2.0, 3.0, 4.0])), {}),
        (Method(x, "exp"), (), {}),
        (Method(x, "pow"), (2,), {}),
        (Method(x * 1, "add_"), (p,), {}),
        (TORCH.members["tensor"], ([[1.0, 2.0], [3.0, 4.0]],), {}),
        (TORCH.members["zeros"], (3, 4), {}),
        (MODULES["torch.nn.functional"].members["relu"], (x,), {}),
        (Method(Value(2.0), "tanh"), (), {}),
        (MODULES["micrograd"].members["nn"].members["MLP"], (4, [5, 3, 1]), {}),
        (model, ([1.0, -2.0, 0.5, 3.0],), {}),
        (model.layers[0], ([1.0, -2.0, 0.5, 3.0],), {}),
        (model.layers[0].neurons[0], ([1.0, -2.0, 0.5, 3.0],), {}),
        (Method(x.sum() * 2, "backward"), (), {}),
        (Method(x * 2, "backward"), (T.ones(6, 4),), {}),
    ]


@pytest.mark.parametrize("case", range(len(_cases())))
def test_cost_model_is_an_upper_bound(case):
    func, args, kwargs = _cases()[case]
    name = callable_name(func)
    receiver = [func.obj] if isinstance(func, Method) else [func]
    before = _reachable([v for a in receiver + list(args) for v in _elements(a)])
    charged = cost_before(name, func, args, kwargs)
    result = call(func, args, kwargs)
    charged += cost_after(name, func, args, result)
    made = len(_reachable(_elements(result)) - before)
    if name == "backward":  # the seed sum of backward(gradient) is kept by no result
        made = 2 * args[0].numel() if args else 0
    assert charged >= made


def test_cost_is_not_wildly_pessimistic_for_elementwise_ops():
    x = _x()
    assert cost_after("exp", Method(x, "exp"), (), x.exp()) == x.numel()
    view = x.reshape(-1)
    assert cost_after("reshape", Method(x, "reshape"), (-1,), view) == 0


def test_attribute_allow_lists():
    v, t = Value(1.0), T.tensor([1.0, 2.0])
    assert get_attribute(v, "data") == 1.0
    assert isinstance(get_attribute(v, "tanh"), Method)
    assert isinstance(get_attribute(t, "shape"), T.Size)
    for obj, name in [(v, "_op"), (v, "parents"), (t, "values"), (t, "_values"), (t, "label"),
                      (T.float32, "name"), (optim.SGD([v]), "lr")]:
        with pytest.raises(AttributeError):
            get_attribute(obj, name)
    with pytest.raises(AttributeError, match="einsum is not available"):
        get_attribute(TORCH, "einsum")


def test_setting_attributes_is_checked():
    v, t = Value(1.0), T.tensor([1.0, 2.0])
    set_attribute(v, "data", 3)
    assert v.data == 3.0 and isinstance(v.data, float)
    with pytest.raises(TypeError):
        set_attribute(v, "grad", "x")
    with pytest.raises(AttributeError):
        set_attribute(t, "dtype", T.int64)
    with pytest.raises(AttributeError):
        set_attribute(TORCH, "tensor", None)


def test_namespaces_are_read_only():
    with pytest.raises(TypeError):
        TORCH.members["tensor"] = None  # type: ignore[index]
    with pytest.raises(TypeError):
        MODULES["os"] = TORCH  # type: ignore[index]
    assert isinstance(TORCH.members["nn"].members["L1Loss"], Function)
