"""The tensor-level graph as data: one node per tensor op, named, shaped and ruled as torch's own
graph is, bounded however long the history behind it."""

import dataclasses
import json
import math
import pickle

import numpy as np
import pytest

import lessons.tensor_graph as tg
from engine import evaluate
from engine.snippets.interpreter import LIMITS
from lessons.tensor_graph import (
    OP,
    TENSOR,
    backward_lines,
    forward_formula,
    tensor_graph,
    tensor_graph_to_json,
    upstream,
)
from tests.engine.torchlike.tensor_programs import POLY_FIT_AUTOGRAD


def poly_fit(steps):
    return POLY_FIT_AUTOGRAD.format(steps=steps, every=1, last=0)


def graph_of(code, seconds=LIMITS.seconds, **kw):
    ev = evaluate(code, level="tensor", limits=dataclasses.replace(LIMITS, seconds=seconds))
    return tensor_graph(ev.output, ev.names, **kw), ev


def named(graph, name):
    [node] = [n for n in graph.nodes if n.name == name]
    return node


def torch_run(code):
    """The names a program leaves, run by real torch (in its default dtype, float32, whatever
    another test set)."""
    torch = pytest.importorskip("torch")
    names, default = {}, torch.get_default_dtype()
    torch.set_default_dtype(torch.float32)
    try:
        exec(compile(code, "<program>", "exec"), {"torch": torch}, names)  # noqa: S102 - ours
    finally:
        torch.set_default_dtype(default)
    return names


def torch_grad_fns(root):
    """Every grad_fn name below a torch tensor, each node once (AccumulateGrad is a leaf)."""
    seen, names, stack = set(), [], [root.grad_fn]
    while stack:
        fn = stack.pop()
        if fn is None or fn in seen:
            continue
        seen.add(fn)
        if type(fn).__name__ != "AccumulateGrad":
            names.append(type(fn).__name__)
        stack.extend(f for f, _ in fn.next_functions)
    return sorted(names)


def test_the_cubic_fit_has_one_node_per_tensor_op_named_as_torch_names_them():
    code = poly_fit(3)
    graph, ev = graph_of(code)
    theirs = torch_run(code)
    ops = [n for n in graph.nodes if n.kind == OP]
    assert sorted(n.grad_fn for n in ops) == torch_grad_fns(theirs["loss"])
    root = graph.nodes[graph.root]
    assert (root.name, root.grad_fn, root.shape, root.dtype) == ("loss", "SumBackward0", (),
                                                                 "torch.float32")
    y_pred = named(graph, "y_pred")
    assert (y_pred.grad_fn, y_pred.shape, y_pred.size) == ("AddBackward0", (2000,), 2000)
    # values as torch holds them, float32 digits and all
    assert list(y_pred.values) == theirs["y_pred"].detach().reshape(-1)[:tg.PREVIEW].tolist()
    assert root.values == (theirs["loss"].item(),)
    for leaf in "abcd":
        node = named(graph, leaf)
        assert node.kind == TENSOR and node.requires_grad and node.shape == ()
        assert node.values == (theirs[leaf].item(),)
        assert node.grad is None  # the loop sets .grad to None after each step, as torch
    x = named(graph, "x")
    assert not x.requires_grad and x.size == 2000
    # every node's inputs come before it, and the output is last
    assert all(e.src < e.dst for e in graph.edges) and graph.root == len(graph.nodes) - 1


def test_a_2000_step_loops_graph_is_its_last_step():
    graph, _ = graph_of(poly_fit(3))
    # the time bound is the machine's business: this one may be busy
    longer, ev = graph_of(poly_fit(2000).replace("print(t, loss.item())", "pass"), seconds=120)
    assert ev.level == "tensor"
    assert [(n.kind, n.name, n.grad_fn, n.shape) for n in longer.nodes] == \
        [(n.kind, n.name, n.grad_fn, n.shape) for n in graph.nodes]
    assert longer.hidden == 0


def test_edges_carry_the_rule_for_the_inputs_gradient_flows_to():
    graph, _ = graph_of(poly_fit(2))
    mul1 = named(graph, "mul1")
    assert mul1.rule == "g · y, g · x"
    into = graph.inputs(mul1.id)
    assert [(graph.nodes[e.src].name, e.grad, e.rule) for e in into] == [
        ("b", True, "g · y"), ("x", False, "")]  # x requires no grad: no rule on its edge
    assert forward_formula(graph, mul1.id) == "mul1 = b * x"
    assert backward_lines(graph, mul1.id) == ["∂loss/∂b += Σ(g · x)"]  # b broadcast: summed
    assert upstream(graph, mul1.id) == "∂loss/∂mul1"
    pow1 = named(graph, "pow1")
    assert (pow1.grad_fn, pow1.arity, pow1.numbers) == ("PowBackward0", 2, ((1, "2"),))
    assert forward_formula(graph, pow1.id) == pow1.formula == "pow1 = sub1 ** 2"
    assert backward_lines(graph, pow1.id) == ["∂loss/∂sub1 += g · 2 · sub1^(2-1)"]
    sub1 = named(graph, "sub1")
    assert backward_lines(graph, sub1.id) == ["∂loss/∂y_pred += g"]  # y is data: no gradient
    assert backward_lines(graph, graph.root) == ["∂loss/∂pow1 += g"]  # a sum spreads g back


def test_a_mean_names_what_it_divides_by_and_kept_gradients_show():
    graph, ev = graph_of("import torch\nx = torch.tensor([1.0, 2.0, 3.0, 6.0], requires_grad=True)"
                         "\nh = x.exp()\nh.retain_grad()\nm = h.mean()\nm.backward()\n")
    m, h, x = (named(graph, k) for k in ("m", "h", "x"))
    assert backward_lines(graph, m.id) == ["∂m/∂h += g / 4"]
    assert backward_lines(graph, h.id) == ["∂m/∂x += g · exp(x)"]
    assert h.grad == tuple(ev.names["h"].grad.tolist())  # retained: 1/4 each
    assert x.grad == pytest.approx(tuple(np.exp([1.0, 2.0, 3.0, 6.0]) / 4), rel=1e-6)
    assert x.grad_mean == pytest.approx(float(np.mean(np.exp([1.0, 2.0, 3.0, 6.0]) / 4)))


def test_a_tensor_updated_in_place_does_not_loop_the_graph():
    graph, ev = graph_of("import torch\nx = torch.ones(3, requires_grad=True)\nh = x * 2\n"
                         "h += 1\nh.sum().backward()\n")
    names = [(n.kind, n.grad_fn) for n in graph.nodes]
    assert names == [(TENSOR, ""), (OP, "MulBackward0"), (OP, "AddBackward0"),
                     (OP, "SumBackward0")]
    mul, add = graph.nodes[1], graph.nodes[2]
    assert add.name == "h" and add.values == (3.0, 3.0, 3.0)
    assert mul.name == "mul1"  # the name went to the tensor h holds now
    assert (mul.formula, add.formula) == ("mul1 = x * 2", "h = mul1 + 1")


def test_an_op_whose_tensor_was_overwritten_since_keeps_its_shape_only():
    graph, ev = graph_of("import torch\nx = torch.ones(3, requires_grad=True)\nh = x * 2\n"
                         "y = h + 3\nh += 1\ny.sum().backward()\n")
    mul = graph.nodes[1]
    assert (mul.grad_fn, mul.name, mul.shape, mul.values) == ("MulBackward0", "mul1", (3,), None)
    assert ev.names["h"].tolist() == [3.0, 3.0, 3.0]  # h is another op's tensor now
    assert named(graph, "y").values == (5.0, 5.0, 5.0)


def test_the_graph_is_bounded_and_counts_the_rest():
    code = ("import torch\nw = torch.tensor(1.0001, requires_grad=True)\nh = torch.ones(3)\n"
            "for i in range(1000):\n    h = h * w\nh.sum().backward()\n")
    graph, _ = graph_of(code)
    total = 1 + 1000 + 2  # the sum, 1000 products, w and the ones
    assert len(graph.nodes) == tg.MAX_TENSOR_NODES
    assert graph.hidden == total - tg.MAX_TENSOR_NODES and not graph.hidden_more
    assert graph.nodes[graph.root].grad_fn == "SumBackward0"
    cut = [n for n in graph.nodes if n.cut]
    assert len(cut) == 1 and cut[0].grad_fn == "MulBackward0"  # the edge of what is drawn
    assert all(e.src < e.dst for e in graph.edges)
    small, _ = graph_of(code, limit=10)
    assert len(small.nodes) == 10 and small.hidden == total - 10


def test_counting_stops_at_its_own_bound(monkeypatch):
    monkeypatch.setattr(tg, "MAX_COUNTED", 50)
    graph, _ = graph_of("import torch\nw = torch.tensor(1.0, requires_grad=True)\nh = w\n"
                        "for i in range(500):\n    h = h * 1.5\nh.backward()\n", limit=20)
    assert len(graph.nodes) == 20 and graph.hidden >= 50 and graph.hidden_more


def test_a_leaf_output_is_one_node_and_names_come_from_the_namespace():
    from engine.torchlike import numpy_tensor

    t = numpy_tensor.tensor([1.0, float("nan")], requires_grad=True)
    graph = tensor_graph(t, {"weights": t, "_hidden": t})
    [node] = graph.nodes
    assert (node.kind, node.name, node.values[0]) == (TENSOR, "weights", 1.0)
    assert node.flagged and graph.nonfinite == [node]
    assert tensor_graph(t).nodes[0].name == "tensor1"


def test_the_graph_is_plain_data_and_exports_as_json():
    graph, _ = graph_of("import torch\nx = torch.tensor([1.0, -1.0], requires_grad=True)\n"
                        "y = (x.log() * 2).sum()\ny.backward()\n")
    assert repr(pickle.loads(pickle.dumps(graph))) == repr(graph)  # nan != nan: compare text
    doc = json.loads(tensor_graph_to_json(graph))
    assert doc["level"] == "tensor" and doc["root"] == graph.root
    assert [n["grad_fn"] for n in doc["nodes"]] == [n.grad_fn for n in graph.nodes]
    log = next(n for n in doc["nodes"] if n["grad_fn"] == "LogBackward0")
    assert log["values"][1] == "nan" and log["shape"] == [2]  # JSON has no nan
    x = next(n for n in doc["nodes"] if n["name"] == "x")
    assert x["grad"] == [1.0 * 2, -1.0 * 2]  # d/dx 2 log x = 2 / x
    assert [e["formula"] for e in doc["edges"] if e["formula"]] == [
        "∂y/∂x += g · d/dx log(x)", "∂y/∂log1 += g · 2", "∂y/∂mul1 += g"]
    assert math.isnan(graph.nodes[log["id"]].values[1])


def test_a_modules_parameters_are_named_by_their_path_before_any_loop_variable():
    code = ("import torch\nimport torch.nn as nn\ntorch.manual_seed(0)\n"
            "model = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1))\n"
            "x = torch.ones(4, 2)\nloss = model(x).pow(2).mean()\nloss.backward()\n"
            "for param in model.parameters():\n    total = param.sum()\n")
    graph, _ = graph_of(code)
    names = [n.name for n in graph.nodes if n.kind == TENSOR]
    assert names == ["x", "model.0.weight", "model.0.bias", "model.2.weight", "model.2.bias"]
    torch_names = torch_run(code)
    assert named(graph, "model.2.weight").grad == tuple(
        torch_names["model"][2].weight.grad.flatten().tolist())
