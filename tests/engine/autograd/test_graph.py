"""trace(), grouped(), the chain-rule steps and the exports, on graphs built with engine.Value."""

import json
import math

import pytest

from engine import Group, Value, evaluate
from engine.autograd.graph import (
    CONST,
    GROUP,
    LEAF,
    OP,
    OUTPUT_SLOT,
    VALUE,
    chain_rule_steps,
    format_number,
    formula,
    gradient_sum,
    graph_to_json,
    grouped,
    to_pytorch,
    trace,
)
from engine.autograd.ops import OPS
from tests.engine.programs import engine_apply


def neuron():
    """Karpathy's neuron: o = tanh(x1*w1 + x2*w2 + b), o = 0.7071, x1.grad = -1.5."""
    x1, x2 = Value(2.0, "x1"), Value(0.0, "x2")
    w1, w2 = Value(-3.0, "w1"), Value(1.0, "w2")
    b = Value(6.8813735870195432, "b")
    n = x1 * w1 + x2 * w2 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    o.backward()
    return o


def by_name(graph, name):
    [node] = [n for n in graph.nodes if n.name == name]
    return node


def test_neuron_values_grads_and_ops():
    g = trace(neuron())
    assert by_name(g, "o").data == pytest.approx(0.7071067811865476)
    assert by_name(g, "x1").grad == pytest.approx(-1.5)
    assert by_name(g, "w1").grad == pytest.approx(1.0)
    assert by_name(g, "x2").grad == pytest.approx(0.5)
    assert by_name(g, "w2").grad == pytest.approx(0.0)
    kinds = [n.kind for n in g.nodes]
    assert kinds.count(LEAF) == 5 and kinds.count(VALUE) == 5 and kinds.count(OP) == 5
    assert sorted(n.op for n in g.nodes if n.kind == OP) == ["add", "add", "mul", "mul", "tanh"]
    assert g.nodes[g.root].name == "o"


def test_ids_are_topological_and_stable():
    g1, g2 = trace(neuron()), trace(neuron())
    assert [(n.kind, n.name) for n in g1.nodes] == [(n.kind, n.name) for n in g2.nodes]
    assert [n.id for n in g1.nodes] == list(range(len(g1.nodes)))
    assert all(e.src < e.dst for e in g1.edges)  # parents come before children


def test_x_times_x_has_two_edges_with_local_derivatives():
    x = Value(3.0, "x")
    y = x * x
    y.backward()
    g = trace(y)
    op = g.op_of(g.root)
    into_op = [e for e in g.edges if e.dst == op.id]
    assert [e.slot for e in into_op] == [0, 1]
    assert all(e.src == by_name(g, "x").id for e in into_op)
    assert [e.local for e in into_op] == [3.0, 3.0]  # d(x*x)/d(slot) = the other operand
    assert by_name(g, "x").grad == 6.0


def test_constants_are_nodes_and_edges_carry_upstream():
    x = Value(2.0, "x")
    y = (x * 3 + 1).relu()
    y.backward()
    g = trace(y)
    consts = [n for n in g.nodes if n.kind == CONST]
    assert [c.data for c in consts] == [3.0, 1.0]
    mul = next(n for n in g.nodes if n.kind == OP and n.op == "mul")
    [from_x] = [e for e in g.edges if e.dst == mul.id and e.src == by_name(g, "x").id]
    assert from_x.local == 3.0 and from_x.upstream == 1.0 and from_x.flow == 3.0
    assert sum(1 for e in g.edges if e.slot == OUTPUT_SLOT) == 3


def test_trace_leaves_grads_untouched():
    o = neuron()
    n = o.parents[0]
    trace(o)
    assert n.grad == pytest.approx(0.5)  # topological_order would have reset it to 0


def test_names_label_unlabelled_values():
    a = Value(1.0)
    b = a + 2
    b.backward()
    g = trace(b, {"a": a, "total": b, "_hidden": a})
    assert by_name(g, "a").kind == LEAF
    assert g.nodes[g.root].name == "total"


def test_chain_rule_steps_forward_then_backward():
    g = trace(neuron())
    steps = chain_rule_steps(g)
    forward = [s for s in steps if s.phase == "forward"]
    backward = [s for s in steps if s.phase == "backward"]
    assert [s.node for s in forward] == [n.id for n in g.values()]
    assert forward[-1].text == "o = tanh(n) = tanh(0.8814) = 0.7071"
    assert backward[0].text == "do/do = 1"
    assert "do/dn += do/do * do/dn = 1 * 0.5 = 0.5" in [s.text for s in backward]
    [x1_step] = [s for s in backward if s.node == by_name(g, "x1").id]
    assert x1_step.text.endswith("= 0.5 * -3 = -1.5")
    assert x1_step.grad == pytest.approx(-1.5)
    # backward reaches every Value once per operand slot, parents after their children
    order = {n.id: i for i, n in enumerate(g.values())}
    positions = [order[s.node] for s in backward]
    assert positions[0] == max(order.values())


def test_accumulation_when_a_value_feeds_two_consumers():
    a = Value(3.0, "a")
    b = a * a + a
    b.label = "b"
    b.backward()
    g = trace(b)
    steps = [s for s in chain_rule_steps(g) if s.phase == "backward" and s.node == 0]
    assert len(steps) == 3  # from the add, then from both slots of the product
    assert [s.accumulated for s in steps] == [False, True, True]
    assert steps[-1].grad == 7.0 == a.grad
    assert steps[-1].text.endswith("→  db/da = 4 + 3 = 7")
    assert gradient_sum(g, 0).endswith("= 1 * 3 + 1 * 3 + 1 * 1 = 7")


def test_gradient_sum_of_root_and_leaf():
    g = trace(neuron())
    assert gradient_sum(g, g.root) == "do/do = 1"
    assert gradient_sum(g, by_name(g, "x1").id).endswith("= 0.5 * -3 = -1.5")


def l1_by_hand():
    """input -> sub -> abs -> mean, each tensor operation sharing one Group, as tensors make it."""
    inp = Group("tensor", "input", (3,))
    tgt = Group("tensor", "target", (3,))
    sub, ab, mean = Group("sub", "", (3,)), Group("abs", "", (3,)), Group("mean", "", ())
    xs = [Value(v) for v in (1.0, 2.0, 3.0)]
    ys = [Value(v) for v in (1.0, 2.0, 5.0)]
    for v in xs:
        v._group = inp
    for v in ys:
        v._group = tgt
    diffs = [x - y for x, y in zip(xs, ys, strict=True)]
    for v in diffs:
        v._group = sub
    abss = [d.abs() for d in diffs]
    for v in abss:
        v._group = ab
    s = abss[0] + abss[1]
    s2 = s + abss[2]
    out = s2 / 3
    for v in (s, s2, out):
        v._group = mean
    out.backward()
    return out


def test_grouped_l1_reads_input_sub_abs_mean():
    scalar = trace(l1_by_hand())
    assert sum(1 for n in scalar.nodes if n.kind == LEAF) == 6
    g = grouped(scalar)
    assert all(n.kind == GROUP for n in g.nodes)
    names = {n.id: n.name for n in g.nodes}
    edges = {(names[e.src], names[e.dst]) for e in g.edges}
    assert {("input", "sub1"), ("target", "sub1"), ("sub1", "abs1"), ("abs1", "mean1")} == edges
    ops = {n.name: n.op for n in g.nodes}
    assert ops == {"input": "tensor", "target": "tensor", "sub1": "sub", "abs1": "abs",
                   "mean1": "mean"}
    root = g.nodes[g.root]
    assert root.name == "mean1" and root.size == 3
    inp = next(n for n in g.nodes if n.name == "input")
    assert inp.size == 3 and inp.shape == (3,)
    assert [gr for _, gr in inp.elements] == pytest.approx([0.0, 0.0, -1 / 3])
    assert grouped(g) is g


def test_grouped_keeps_scalar_nodes_without_group():
    g = trace(neuron())
    gg = grouped(g)
    assert [(n.kind, n.name) for n in gg.nodes if n.kind != CONST] == [
        (n.kind, n.name) for n in g.nodes if n.kind != CONST
    ]


def test_nonfinite_values_are_flagged():
    x = Value(0.0, "x")
    y = x.log() * 2
    y.backward()
    g = trace(y)
    flagged = {n.name for n in g.nonfinite}
    assert "x" in flagged  # log(0) = -inf, and its gradient inf
    assert not by_name(g, "x").grad < math.inf


def test_graph_to_json_round_trips_with_inf_as_text():
    x = Value(0.0, "x")
    y = x.log()
    y.backward()
    doc = json.loads(graph_to_json(trace(y)))
    assert [n["name"] for n in doc["nodes"] if n["kind"] == "leaf"] == ["x"]
    assert doc["nodes"][doc["root"]]["data"] == "-inf"
    assert len(doc["edges"]) == 2


def test_to_pytorch_runs_in_torch_with_the_same_numbers(torch):
    g = trace(neuron())
    code = to_pytorch(g)
    assert "torch.tanh(n)" in code
    namespace = {}
    exec(code.replace("print(", "(lambda *a: None)("), namespace)  # noqa: S102 - our own output
    assert namespace["x1"].grad.item() == pytest.approx(-1.5)
    assert namespace["o"].item() == pytest.approx(0.7071067811865476)


@pytest.mark.parametrize("name", sorted(OPS))
def test_every_op_is_drawn_with_its_symbol_and_local_derivative(name):
    op = OPS[name]
    kwargs = dict.fromkeys(op.params, 2.0)
    x = Value(0.3, "x")
    y = engine_apply(name, [x, 0.25][: op.arity], kwargs)
    y.label = "y"
    y.backward()
    g = trace(y)
    (op_node,) = [n for n in g.nodes if n.kind == OP]
    assert op_node.name == op.symbol and dict(op_node.params) == kwargs
    local = {e.slot: e.local for e in g.inputs(op_node.id)}
    bound = op.bind(**kwargs)
    assert local[0] == bound.d0(*(0.3, 0.25)[: op.arity], y.data)
    assert formula(g, g.root) == bound.formula.format(*["x", "0.25"][: op.arity])


@pytest.mark.torch
@pytest.mark.parametrize("name", sorted(OPS))
@pytest.mark.parametrize("other_parameters", [False, True])
def test_every_op_exports_to_code_torch_runs_to_the_same_numbers(torch, name, other_parameters):
    op = OPS[name]
    if other_parameters and not op.params:
        return
    kwargs = dict.fromkeys(op.params, 2.0) if other_parameters else {}
    # a leaf, and a constant operand for a binary op; bce takes a probability
    x = Value(0.3 if name == "bce" else 1.3, "x")
    y = engine_apply(name, [x, 0.25][: op.arity], kwargs)
    y.label = "y"
    y.backward()
    code = to_pytorch(trace(y))
    namespace = {}
    exec(code.replace("print(", "(lambda *a: None)("), namespace)  # noqa: S102 - our own output
    assert namespace["y"].item() == pytest.approx(y.data, rel=1e-12)
    assert namespace["x"].grad.item() == pytest.approx(x.grad, rel=1e-12)


def test_to_pytorch_is_empty_for_tensor_code():
    assert to_pytorch(trace(l1_by_hand())) == ""


@pytest.mark.parametrize(
    ("x", "text"),
    [(0.7071067811865476, "0.7071"), (-1.4999999999999993, "-1.5"), (2.0, "2"),
     (6.8813735870195432, "6.8814"), (1e-7, "1.0000e-07"), (math.inf, "inf"),
     (math.nan, "nan"), (-0.0, "0"), (123456789.0, "1.2346e+08")],
)
def test_format_number(x, text):
    assert format_number(x) == text


def test_steps_inside_a_reduction_are_not_named_like_elements_of_the_result():
    ev = evaluate(
        "import torch\n"
        "x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\n"
        "result = x.mean()\n"
        "result.backward()\n"
    )
    names = [n.name for n in trace(ev.output).values()]
    assert "result" in names and {"x[0]", "x[1]", "x[2]"} <= set(names)
    # the 0-d result has no elements to index: its running sums are numbered steps
    assert not any(name.startswith("result[") for name in names)
    assert any(name.startswith("result·") for name in names)
