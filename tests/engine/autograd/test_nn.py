"""engine.autograd.nn: micrograd's interface and numbers, torch's gradients, reproducible seeds."""

import random

import pytest

from engine import Value
from engine.autograd.nn import ACTIVATIONS, MLP, Layer, Neuron
from engine.autograd.optim import SGD
from engine.autograd.value import topological_order


def test_mlp_shapes_and_parameter_count():
    model = MLP(3, [4, 4, 1], seed=0)
    assert len(model.parameters()) == (3 + 1) * 4 + (4 + 1) * 4 + (4 + 1) * 1
    assert isinstance(model([1.0, 2.0, 3.0]), Value)
    out = MLP(3, [4, 2], seed=0)([1.0, 2.0, 3.0])
    assert isinstance(out, list) and len(out) == 2 and all(isinstance(o, Value) for o in out)


def test_a_hidden_layer_of_one_neuron_feeds_the_next():
    out = MLP(2, [1, 3], seed=0)([0.5, -1.0])
    assert len(out) == 3


def test_repr_reads_like_micrograd():
    assert repr(MLP(2, [3, 1], seed=0)) == (
        "MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2)], "
        "Layer of [LinearNeuron(3)]]"
    )
    assert repr(Neuron(2, activation="tanh", seed=0)) == "TanhNeuron(2)"
    assert repr(Layer(2, 1, activation="sigmoid", seed=0)) == "Layer of [SigmoidNeuron(2)]"


def test_seed_reproduces_and_leaves_global_random_alone():
    state = random.getstate()
    a = [p.data for p in MLP(2, [8, 1], seed=7).parameters()]
    b = [p.data for p in MLP(2, [8, 1], seed=7).parameters()]
    c = [p.data for p in MLP(2, [8, 1], seed=8).parameters()]
    assert random.getstate() == state
    assert a == b and a != c
    assert all(-1 <= x <= 1 for x in a)


def test_without_a_seed_two_models_differ():
    a = [p.data for p in MLP(2, [8, 1]).parameters()]
    b = [p.data for p in MLP(2, [8, 1]).parameters()]
    assert a != b


def test_biases_start_at_zero_weights_uniform():
    neuron = Neuron(500, seed=1)
    assert neuron.b.data == 0.0
    assert min(w.data for w in neuron.w) < -0.9 and max(w.data for w in neuron.w) > 0.9


def test_unknown_activation_says_which_exist():
    with pytest.raises(ValueError, match="tanh, relu, sigmoid"):
        MLP(2, [3, 1], activation="gelu")


def test_wrong_number_of_inputs_is_a_clear_error():
    with pytest.raises(ValueError, match="takes 2 inputs, got 3"):
        MLP(2, [3, 1], seed=0)([1.0, 2.0, 3.0])


def test_non_number_input_is_a_type_error():
    with pytest.raises(TypeError, match="number or a Value"):
        MLP(2, [1], seed=0)(["a", 1.0])


def test_zero_grad_resets_every_parameter():
    model = MLP(2, [4, 1], seed=3)
    model([1.0, -2.0]).backward()
    assert any(p.grad != 0.0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


def test_neuron_builds_one_mul_and_one_add_per_input():
    neuron = Neuron(3, seed=0)
    x = [Value(1.0), Value(2.0), Value(-1.0)]
    out = neuron(x)
    ops = [v.op for v in topological_order(out) if v.op]
    assert sorted(ops) == ["add"] * 3 + ["mul"] * 3 + ["relu"]
    expected = sum((w.data * xi.data for w, xi in zip(neuron.w, x, strict=True)), 0.0)
    assert out.data == max(0.0, expected)


def test_number_inputs_stay_constants():
    neuron = Neuron(2, nonlin=False, seed=0)
    out = neuron([2, 3.5])
    leaves = [v for v in topological_order(out) if not v.op]
    assert set(map(id, leaves)) == set(map(id, neuron.parameters()))
    out.backward()
    assert [w.grad for w in neuron.w] == [2.0, 3.5]
    assert neuron.b.grad == 1.0


# --- against micrograd: same seed, same numbers ----------------------------------------------


def test_same_weights_outputs_and_grads_as_micrograd():
    micrograd = pytest.importorskip("micrograd.nn")
    random.seed(1337)
    theirs = micrograd.MLP(2, [16, 16, 1])
    ours = MLP(2, [16, 16, 1], seed=1337)
    assert [p.data for p in ours.parameters()] == [p.data for p in theirs.parameters()]
    for x in ([0.5, -1.0], [2.0, 0.25], [-0.3, -0.7]):
        a, b = ours(x), theirs(x)
        assert a.data == b.data
        a.backward()
        b.backward()
    # the same sums, added in a different order by the two backward passes
    theirs_grads = [p.grad for p in theirs.parameters()]
    assert [p.grad for p in ours.parameters()] == pytest.approx(theirs_grads, rel=1e-13)


# --- against torch: the same network built from the same weights -------------------------------


@pytest.mark.torch
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_output_and_gradients_match_torch(torch, activation):
    model = MLP(3, [5, 4, 2], activation=activation, seed=11)
    x = [0.3, -1.2, 2.0]
    out = model(x)
    loss = out[0] * out[0] + out[1].exp()
    loss.backward()

    act = getattr(torch, activation)
    h = torch.tensor(x)
    weights = []
    for i, layer in enumerate(model.layers):
        w = torch.tensor([[p.data for p in n.w] for n in layer.neurons], requires_grad=True)
        b = torch.tensor([n.b.data for n in layer.neurons], requires_grad=True)
        weights.append((w, b))
        h = w @ h + b
        if i < len(model.layers) - 1:
            h = act(h)
    torch_loss = h[0] * h[0] + h[1].exp()
    torch_loss.backward()

    assert loss.data == pytest.approx(torch_loss.item(), rel=1e-12)
    for layer, (w, b) in zip(model.layers, weights, strict=True):
        for n, w_row, b_grad in zip(layer.neurons, w.grad.tolist(), b.grad.tolist(), strict=True):
            assert [p.grad for p in n.w] == pytest.approx(w_row, rel=1e-12, abs=1e-15)
            assert n.b.grad == pytest.approx(b_grad, rel=1e-12, abs=1e-15)


# --- it learns -------------------------------------------------------------------------------


def test_mlp_learns_xor():
    model = MLP(2, [8, 1], activation="tanh", seed=2)
    data = [([0.0, 0.0], -1.0), ([0.0, 1.0], 1.0), ([1.0, 0.0], 1.0), ([1.0, 1.0], -1.0)]
    opt = SGD(model.parameters(), lr=0.1, momentum=0.9)
    for _ in range(200):
        opt.zero_grad()
        loss = sum(((model(x) - y) ** 2 for x, y in data), Value(0.0))
        loss.backward()
        opt.step()
    assert loss.data < 0.01
    assert [model(x).data > 0 for x, _ in data] == [False, True, True, False]
