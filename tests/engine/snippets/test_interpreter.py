"""engine.evaluate: the snippet language, its Evaluation, its errors and its bounds."""

import math

import pytest

import engine
from engine import InputError, Value, evaluate
from engine.snippets.interpreter import Limits
from engine.torchlike.tensor import Tensor, is_grad_enabled, no_grad
from lessons.corpus import MICROGRAD


def error_of(source, **limits):
    with pytest.raises(InputError) as info:
        evaluate(source, Limits(**limits)) if limits else evaluate(source)
    return info.value


# --- the public contract ----------------------------------------------------------------------


def test_exports():
    assert engine.evaluate is evaluate and engine.InputError is InputError
    assert issubclass(InputError, ValueError)
    assert isinstance(evaluate(""), engine.Evaluation)


def test_karpathy_neuron():
    ev = evaluate(MICROGRAD["karpathy_neuron"])
    names = ev.names
    assert names["o"].data == pytest.approx(0.7071, abs=1e-4)
    assert names["x1"].grad == pytest.approx(-1.5)
    assert names["w1"].grad == pytest.approx(1.0)
    assert names["x2"].grad == pytest.approx(0.5)
    assert names["w2"].grad == pytest.approx(0.0)
    assert ev.output is names["o"]


def test_variables_label_their_values_first_name_wins():
    ev = evaluate("a = Value(1.0)\nb = a\nc = a * b\nd = Value(2.0, label='mine')\n")
    assert ev.names["a"].label == "a"  # `b = a` does not relabel
    assert ev.names["c"].label == "c"
    assert ev.names["d"].label == "mine"


def test_list_of_values_is_labelled_by_index():
    ev = evaluate("w = [Value(1.0), Value(2.0)]\n")
    assert [v.label for v in ev.names["w"]] == ["w[0]", "w[1]"]


def test_tensor_label_reaches_its_group_and_elements():
    ev = evaluate("import torch\nx = torch.tensor([1.0, 2.0])\ns = x.sum()\n")
    x, s = ev.names["x"], ev.names["s"]
    assert x.label == "x" and x.values()[0].group.label == "x"
    assert [v.label for v in x.values()] == ["x[0]", "x[1]"]
    assert s.values()[0].label == "s"


def test_output_is_the_last_backward_root():
    ev = evaluate("a = Value(2.0)\nb = a * a\nb.backward()\nc = b + 1\n")
    assert ev.output is ev.names["b"]
    assert ev.names["a"].grad == 4.0


def test_tensor_backward_output_is_its_element():
    ev = evaluate("import torch\nw = torch.tensor([1.0, 2.0], requires_grad=True)\n"
                  "loss = (w * w).sum()\nloss.backward()\nz = w * 3\n")
    assert ev.output is ev.names["loss"].values()[0]
    assert ev.names["w"].grad.tolist() == [2.0, 4.0]


def test_without_backward_the_last_scalar_is_differentiated():
    ev = evaluate("a = Value(3.0)\nb = Value(4.0)\nc = a * b\nk = 5\n")
    assert ev.output is ev.names["c"]
    assert (ev.names["a"].grad, ev.names["b"].grad) == (4.0, 3.0)


def test_without_backward_a_one_element_tensor_is_differentiated():
    ev = evaluate("import torch\nx = torch.tensor([1.0, 2.0])\nm = (x * x).mean()\n")
    assert ev.output is ev.names["m"].values()[0]
    assert [v.grad for v in ev.names["x"].values()] == [1.0, 2.0]


def test_no_scalar_means_no_output():
    ev = evaluate("x = 1.5\nprint(x)\n")
    assert ev.output is None and ev.printed == ["1.5"] and ev.names == {"x": 1.5}


def test_names_hide_imports_and_lines_say_where():
    ev = evaluate("import torch\nfrom torch import nn\nf = nn.L1Loss()\nk = 1\nk = 2\n")
    assert set(ev.names) == {"f", "k"}
    assert ev.lines == {"torch": 1, "nn": 2, "f": 3, "k": 5}
    assert ev.source.startswith("import torch")


# --- printing -----------------------------------------------------------------------------------


def test_print_sep_end_and_python_floats():
    ev = evaluate("print(1, 2.5, 'a', sep='-')\nprint(0.1 + 0.2, end='')\nprint('!', True, None)\n")
    assert ev.printed == ["1-2.5-a", "0.30000000000000004! True None"]


def test_print_values_and_lists():
    ev = evaluate("v = Value(0.5)\nprint(v.data, [1, (2, 3)], 7 // 2, -7 % 3, 2 ** 10)\n")
    assert ev.printed == ["0.5 [1, (2, 3)] 3 2 1024"]
    line = evaluate("print(Value(2.0) * 3)\n").printed[0]
    assert line.startswith("Value(data=6.0000, grad=0.0000")


def test_print_tensors_as_torch():
    ev = evaluate("import torch\nx = torch.tensor([2e-05, 2.0, 500.0])\nprint(x)\n"
                  "print(torch.tensor([1, 2, 5]), torch.tensor(2.))\n")
    assert ev.printed == ["tensor([2.0000e-05, 2.0000e+00, 5.0000e+02])",
                          "tensor([1, 2, 5]) tensor(2.)"]


# --- the language -------------------------------------------------------------------------------


def test_assignment_forms():
    ev = evaluate("a, (b, c) = 1, [2, 3]\nd = e = 4\nxs = [1, 2, 3]\nxs[0] = 9\n"
                  "first, second = xs[:2]\nd += 1\nxs[1] *= 10\n")
    n = ev.names
    assert (n["a"], n["b"], n["c"], n["d"], n["e"]) == (1, 2, 3, 5, 4)
    assert n["xs"] == [9, 20, 3] and (n["first"], n["second"]) == (9, 2)


def test_control_flow():
    source = """\
out = []
for i in range(10):
    if i % 2 == 0:
        continue
    elif i > 7:
        break
    else:
        out.append(i)
flag = 1 < 2 <= 2 and not (4 in out) or False
pick = 'yes' if flag else 'no'
"""
    n = evaluate(source).names
    assert n["out"] == [1, 3, 5, 7] and n["flag"] is True and n["pick"] == "yes"


def test_comprehensions_and_builtins():
    source = """\
xs = [1.0, 2.0, 3.0]
ws = [0.5, -1.0, 2.0]
dot = sum(w * x for w, x in zip(ws, xs))
pairs = [(i, x) for i, x in enumerate(xs) if x > 1]
grid = [a * b for a in range(3) for b in range(2)]
stats = (len(xs), min(xs), max(3, 7, 5), abs(-2), round(2.567, 2), int(3.9), float('1.5'))
more = list(range(3)) + list((4, 5)) + [str(6)]
print(*xs)
"""
    ev = evaluate(source)
    n = ev.names
    assert n["dot"] == 4.5
    assert n["pairs"] == [(1, 2.0), (2, 3.0)]
    assert n["grid"] == [0, 0, 0, 1, 0, 2]
    assert n["stats"] == (3, 1.0, 7, 2, 2.57, 3, 1.5)
    assert n["more"] == [0, 1, 2, 4, 5, "6"]
    assert ev.printed == ["1.0 2.0 3.0"]
    assert "x" not in n and "w" not in n  # comprehension variables stay inside


def test_micrograd_sum_with_start_and_iteration_over_tensors():
    ev = evaluate("import torch\nb = Value(1.0)\nws = [Value(2.0), Value(3.0)]\n"
                  "act = sum((w * 2 for w in ws), b)\nrows = [r.sum().item() for r in "
                  "torch.tensor([[1.0, 2.0], [3.0, 4.0]])]\n")
    assert ev.names["act"].data == 11.0
    assert ev.names["rows"] == [3.0, 7.0]


@pytest.mark.parametrize("imports, call", [
    ("import torch", "torch.nn.L1Loss()"),
    ("import torch.nn as nn", "nn.L1Loss()"),
    ("import torch.nn", "torch.nn.L1Loss()"),
    ("from torch import nn", "nn.L1Loss()"),
    ("from torch.nn import L1Loss, MSELoss", "L1Loss()"),
    ("from torch.nn import L1Loss as L", "L()"),
    ("import torch.nn.functional as F", "F"),
    ("from torch.nn import functional as F", "F"),
    ("import math", "math.sqrt(4.0)"),
    ("from micrograd.engine import Value", "Value(1.0)"),
    ("from micrograd.nn import MLP", "MLP(2, [1], seed=0)"),
    ("import torch.optim as optim", "optim.SGD"),
])
def test_imports(imports, call):
    assert evaluate(f"{imports}\nthing = {call}\n").lines["thing"] == 2


def test_math_namespace():
    ev = evaluate("import math\n"
                  "print(math.exp(0.0), math.log(math.e), math.pi > 3, math.tanh(0))\n")
    assert ev.printed == ["1.0 1.0 True 0.0"]


def test_micrograd_model_training_lowers_the_loss():
    source = """\
model = MLP(3, [4, 4, 1], seed=3)
xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
ys = [1.0, -1.0, -1.0, 1.0]
losses = []
for k in range(10):
    ypred = [model(x) for x in xs]
    loss = sum((yout - ygt) ** 2 for ygt, yout in zip(ys, ypred))
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= 0.05 * p.grad
    losses.append(loss.data)
"""
    losses = evaluate(source).names["losses"]
    assert len(losses) == 10 and losses[-1] < losses[0]


def test_no_grad_block_updates_leaf_in_place():
    source = """\
import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
loss = (w * w).sum()
loss.backward()
with torch.no_grad():
    w -= 0.25 * w.grad
    inside = torch.is_grad_enabled()
    y = w * 2
after = torch.is_grad_enabled()
"""
    n = evaluate(source).names
    assert n["w"].tolist() == [0.5, 1.0] and n["w"].is_leaf and n["w"].requires_grad
    assert n["inside"] is False and n["after"] is True
    assert not n["y"].requires_grad


def test_grad_mode_never_leaks_to_or_from_the_caller():
    with no_grad():
        ev = evaluate("import torch\nw = torch.tensor([1.0], requires_grad=True)\ny = w * 2\n")
        assert ev.names["y"].requires_grad
        assert not is_grad_enabled()
    with pytest.raises(InputError):
        evaluate("import torch\nwith torch.no_grad():\n    x = 1 / 0\n")
    assert is_grad_enabled()


def test_value_attributes_can_be_set():
    ev = evaluate("v = Value(1.0)\nv.data = 3\nv.grad = 0.5\nv.label = 'seven'\nv.data += 1\n"
                  "last = Value(0.0)\n")  # backward runs from `last`, leaving v.grad alone
    v = ev.names["v"]
    assert (v.data, v.grad, v.label) == (4.0, 0.5, "seven")
    assert isinstance(v.data, float)


def test_optimizer_on_tensors():
    source = """\
import torch
w = torch.tensor([2.0], requires_grad=True)
opt = torch.optim.SGD([w], lr=0.25)
for i in range(3):
    opt.zero_grad()
    loss = (w ** 2).sum()
    loss.backward()
    opt.step()
"""
    # w <- w - 0.25 * 2w = w / 2, three times
    assert evaluate(source).names["w"].tolist() == [0.25]


# --- errors -------------------------------------------------------------------------------------


def test_unsupported_construct_names_itself_and_its_line():
    err = error_of("x = 1\ny = 2\nmatch x:\n    case 1:\n        x += 1\n")
    assert (err.line, err.col) == (3, 1)
    assert "`match` is not supported" in err.message
    assert str(err).startswith("line 3: ")


def test_the_first_problem_in_source_order_is_reported_and_all_are_listed():
    source = "x = 1\nmatch x:\n    case 1:\n        pass\ny = [1]\ny = yield 1\nf = (z := 1)\n"
    err = error_of(source)
    assert (err.line, err.col, err.key) == (2, 1, "check.match")
    assert [(line, col, m.key) for line, col, m in err.problems] == [
        (2, 1, "check.match"), (6, 5, "check.yield"), (7, 6, "check.walrus"),
    ]
    assert err.problems[1][2].text("zh") == "这里不支持 `yield`：请改为构建一个列表"


def test_a_refused_construct_is_one_problem_not_one_per_part():
    err = error_of("match x:\n    case 1:\n        def f(x):\n            return 1\n"
                   "y = (z := 1)\n")
    assert [(line, m.key) for line, _, m in err.problems] == [(1, "check.match"),
                                                              (5, "check.walrus")]


def test_every_missing_member_of_an_import_is_named():
    err = error_of("from torch.nn import MSELoss, GRU, LSTM, Transformer\n")
    assert "torch.nn.GRU, torch.nn.LSTM, torch.nn.Transformer" in err.message
    assert "MSELoss" in err.message  # in what torch.nn offers


def test_an_input_error_says_itself_in_chinese_and_survives_pickling():
    import pickle

    err = error_of("import torch\nx = torch.ones(2)\nx.item()\n")
    assert err.message.startswith("RuntimeError: a Tensor with 2 elements cannot be converted to "
                                  "Scalar\n\n.item() reads a tensor of one element")
    assert err.message_in("zh").startswith("RuntimeError: a Tensor with 2 elements")
    assert "这个张量有 2 个元素" in err.message_in("zh")
    assert err.torch == ("RuntimeError", "a Tensor with 2 elements cannot be converted to Scalar")
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.key, copy.params, copy.line, copy.col, str(copy)) == (
        err.key, err.params, err.line, err.col, str(err))


@pytest.mark.parametrize("source, words", [
    ("@property\ndef f(x):\n    return x\n", "decorators are not supported"),
    ("return 1\n", "'return' outside function"),
    ("def f():\n    break\n", "'break' outside loop"),
    ("for i in range(2):\n    def f():\n        continue\n", "'continue' outside loop"),
    ("class A(metaclass=M):\n    pass\n", "`metaclass=...`"),
    ("try:\n    x = 1\nexcept* Exception:\n    pass\n", "`except*`"),
    ("for i in range(2):\n    pass\nelse:\n    pass\n", "for ... else"),
    ("while False:\n    pass\nelse:\n    pass\n", "while ... else"),
    ("a, *b = [1, 2, 3]\n", "starred assignment"),
    ("x = 1 << 3\n", "`<<`"),
    ("x: int = 3\n", "annotations"),
    ("break\n", "'break' outside loop"),
])
def test_unsupported_constructs(source, words):
    assert words in error_of(source).message


def test_syntax_error_keeps_pythons_message_and_position():
    err = error_of("x = 1\ny = (2 +\n")
    try:
        compile("x = 1\ny = (2 +\n", "<snippet>", "exec")  # our own text, for Python's message
    except SyntaxError as py:
        assert (err.message, err.line, err.col) == (py.msg, py.lineno, py.offset)


def test_undefined_name_says_which():
    err = error_of("a = 1\nb = a + c\n")
    assert err.message == "name 'c' is not defined" and (err.line, err.col) == (2, 9)
    assert "import torch" in error_of("x = torch.tensor([1.0])\n").message


def test_engine_errors_point_at_the_call():
    err = error_of("import torch\na = torch.ones(2, 3)\nb = torch.ones(4)\nc = 1 + (a + b)\n")
    assert (err.line, err.col) == (4, 10)
    assert "(3)" in err.message and "(4)" in err.message  # both sizes
    err = error_of("import torch\nimport torch.nn.functional as F\n"
                   "x = torch.tensor([[0.1, 0.2, 0.3]])\nF.cross_entropy(x, torch.tensor([3]))\n")
    assert err.line == 4 and "3" in err.message and "out of bounds" in err.message
    err = error_of("import torch\nfrom torch.nn import L1Loss\n"
                   "print(L1Loss()(torch.tensor([1, 2]), torch.tensor([1, 3])))\n")
    assert err.line == 3 and "dtype=torch.float32" in err.message


def test_python_errors_become_input_errors():
    assert "by zero" in error_of("x = 1\ny = x // 0\n").message
    assert "index out of range" in error_of("xs = [1]\nxs[3]\n").message
    assert "unsupported operand" in error_of("Value(1.0) + [1]\n").message
    assert "not callable" in error_of("x = 3\nx(1)\n").message
    assert "no attribute 'foo'" not in error_of("v = Value(1.0)\nv.grad_fn\n").message
    err = error_of("v = Value(1.0)\nv.shape\n")
    assert "Value has no attribute 'shape'" in err.message and err.line == 2
    assert "too many values to unpack" in error_of("a, b = [1, 2, 3]\n").message
    assert "assertion failed: bad" in error_of("assert 1 > 2, 'bad'\n").message


def test_columns_count_characters_not_bytes():
    err = error_of("s = 'ééé'; y = undefined_name\n")
    assert err.col == 16  # 18 in UTF-8 bytes


def test_non_text_source():
    assert "must be text" in error_of(b"x = 1").message  # type: ignore[arg-type]


# --- bounds -------------------------------------------------------------------------------------


def test_source_bound():
    err = error_of("x = 1\n" * 5000)
    assert "at most 20,000" in err.message and err.line == 3334


def test_values_bound():
    err = error_of("x = Value(1.0)\nfor i in range(30):\n    for j in range(30):\n"
                   "        x = x * 1.0\n", values=500)
    assert "500 Values" in err.message and err.line == 4
    assert "Values" in error_of("m = MLP(1000, [1000])\n").message


def test_values_bound_counts_tensor_work():
    # on the scalar level; without a level, such a program reruns on the tensor level
    with pytest.raises(InputError) as info:
        evaluate("import torch\na = torch.ones(100, 100)\nb = a @ a\n", level="scalar")
    assert "200,000 Values" in info.value.message and info.value.line == 3
    with pytest.raises(InputError) as info:
        evaluate("import torch\nx = torch.ones(2000)\ny = x + 1\nz = y.sum() * 2\n",
                 Limits(values=5_000), level="scalar")
    assert "5,000 Values" in info.value.message and info.value.line == 4  # 2000 + 2000 + 2000
    ev = evaluate("import torch\na = torch.ones(100, 100)\nb = a @ a\nprint(b[0, :3])\n")
    assert ev.level == "tensor" and ev.printed == ["tensor([100., 100., 100.])"]
    assert ev.scalar_stop == "limit.values"  # what the page says for the graph it cannot draw


def test_a_scalar_rerun_out_of_time_leaves_the_tensor_run(monkeypatch):
    # Values are slower than tensors: a program the tensor level ran may take the scalar level
    # past the time bound (on a busy machine, before its Values reach theirs)
    from engine.snippets import interpreter

    run = interpreter._run

    def slow_values(tree, code, limits, seed, level, echoed):
        if level == "scalar":
            raise InputError("limit.seconds", 3, 1, {"limit": limits.seconds})
        return run(tree, code, limits, seed, level, echoed)

    monkeypatch.setattr(interpreter, "_run", slow_values)
    code = "import torch\nx = torch.ones(3, requires_grad=True)\ny = (x * 2).sum()\nprint(y)\n"
    ev = evaluate(code)
    assert (ev.level, ev.scalar_stop) == ("tensor", "limit.seconds")
    assert ev.printed == ["tensor(6., grad_fn=<SumBackward0>)"]
    with pytest.raises(InputError) as info:  # the scalar level asked for: its own bound
        evaluate(code, level="scalar")
    assert info.value.key == "limit.seconds"


def test_iterations_bound():
    err = error_of("for i in range(100):\n    xs = [j for j in range(200)]\n", iterations=5_000)
    assert "5,000 loop steps" in err.message and err.line == 2
    assert "100,000 loop steps" in error_of("for i in range(10**9):\n    pass\n").message


def test_items_bound():
    assert "list items" in error_of("s = 'ab' * 10**7\n").message
    assert "list items" in error_of("xs = [0]\nfor i in range(40):\n    xs = xs + xs\n").message


def test_tensor_bound():
    # a tensor of Values on the scalar level; of numbers in an array on the tensor level
    err = error_of("import torch\nt = torch.zeros(2000, 2001)\n")
    assert "4,000,000 elements" in err.message and err.line == 2
    assert "4,002,000" in err.message
    with pytest.raises(InputError) as info:
        evaluate("import torch\nt = torch.zeros(400, 400)\n", level="scalar")
    assert "100,000 elements" in info.value.message and info.value.line == 2


def test_a_tensor_past_the_scalar_bound_runs_on_the_tensor_level_alone():
    ev = evaluate("import torch\nt = torch.ones(784, 512, requires_grad=True)\n"
                  "loss = (t * 2).sum()\nloss.backward()\nprint(loss, t.grad.shape)\n")
    assert ev.printed == ["tensor(802816., grad_fn=<SumBackward0>) torch.Size([784, 512])"]
    assert ev.level == "tensor" and ev.scalar_stop == "limit.tensor"


def test_time_bound():
    err = error_of("big = [0] * 100000\nfor i in range(100000):\n    found = 5 in big\n",
                   seconds=0.2)
    assert "0.2 seconds" in err.message


def test_depth_bound():
    err = error_of("x = " + "-" * 150 + "1\n")
    assert "nested more than 100 levels" in err.message


def test_integers_stay_bounded():
    assert "too large" in error_of("x = 9**9**9\n").message
    assert "too large" in error_of("x = 3\nfor i in range(20):\n    x = x * x\n").message
    assert evaluate("x = 2 ** 1000\n").names["x"] == 2 ** 1000
    assert math.isinf(evaluate("x = 2.0 ** 10 * 1e308\n").names["x"])


def test_value_ops_stay_ieee():
    n = evaluate("v = Value(1000.0).exp()\nz = Value(1.0) / 0\n").names
    assert math.isinf(n["v"].data) and math.isinf(n["z"].data)


def test_results_are_engine_objects():
    n = evaluate("import torch\nt = torch.tensor([1.0])\nv = Value(1.0)\n").names
    assert isinstance(n["t"], Tensor) and isinstance(n["v"], Value)
