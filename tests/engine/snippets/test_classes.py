"""Classes: __init__, methods, attributes, single inheritance with super(), __call__, __repr__
and __str__, as real Python runs them; every other dunder refused, nothing of Python reachable."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import InputError, evaluate
from engine.snippets.interpreter import Limits
from lessons.corpus import MICROGRAD
from tests.engine.snippets.test_formatting import python_printed


def error_of(source, **limits):
    with pytest.raises(InputError) as info:
        evaluate(source, Limits(**limits)) if limits else evaluate(source)
    return info.value


PROGRAMS = [
    "class Counter:\n    start = 10\n    step = start // 5\n\n"
    "    def __init__(self, n=0):\n        self.n = n + Counter.start\n\n"
    "    def bump(self, by=1):\n        self.n += by * self.step\n        return self\n\n"
    "c = Counter()\nc.bump().bump(by=3)\n"
    "print(c.n, Counter.start, Counter.step, Counter, isinstance(c, Counter), "
    "isinstance(1, Counter))",
    "class Animal:\n    def __init__(self, name):\n        self.name = name\n\n"
    "    def speak(self):\n"
    "        return f'{self.name} makes a sound'\n\n    def __repr__(self):\n"
    "        return f'Animal({self.name!r})'\n\n"
    "class Dog(Animal):\n    def __init__(self, name, tricks=()):\n        super().__init__(name)\n"
    "        self.tricks = list(tricks)\n\n    def speak(self):\n"
    "        return super().speak() + ' (woof)'\n\n    def __str__(self):\n"
    "        return 'Dog ' + self.name\n\n"
    "d = Dog('rex', ['sit'])\na = Animal('cat')\nprint(d.speak(), a.speak(), d.tricks)\n"
    "print(d, a, [d, a], f'{d} {d!r} {a}', str(a), repr(d))\n"
    "print(isinstance(d, Animal), isinstance(a, Dog), isinstance(d, (int, Dog)))",
    "class Affine:\n    def __init__(self, w, b):\n        self.w = w\n        self.b = b\n\n"
    "    def __call__(self, x):\n        return self.w * x + self.b\n\n"
    "f = Affine(2, 1)\ng = Affine(w=-1, b=0)\nprint(f(3), g(f(3)), [f(x) for x in range(3)])",
    "class Stack(object):\n    def __init__(self):\n        self.items = []\n\n"
    "    def push(self, *xs):\n        for x in xs:\n            self.items.append(x)\n\n"
    "    def pop(self):\n        return self.items.pop()\n\n"
    "s = Stack()\ns.push(1, 2, 3)\nprint(s.pop(), s.items, len(s.items))\n"
    "push = s.push\npush(9)\nprint(s.items)",
    "class Base:\n    def __init__(self):\n        super().__init__()\n"
    "        self.ready = True\n\n"
    "class Mid(Base):\n    pass\n\nclass Leaf(Mid):\n    def __init__(self, x):\n"
    "        super().__init__()\n        self.x = x\n\nleaf = Leaf(5)\nprint(leaf.ready, leaf.x)",
]


@pytest.mark.parametrize("source", PROGRAMS)
def test_classes_print_what_python_prints(source):
    assert evaluate(source).printed == python_printed(source)




def test_karpathys_classes_train_as_in_his_lecture():
    # torch's numbers for the same code are in the golden corpus (test_snippets.py)
    ev = evaluate(MICROGRAD["karpathy_classes"])
    losses = [float(line.split()[1]) for line in ev.printed]
    assert len(losses) == 5 and losses[-1] < losses[0]
    assert all(line.endswith(" 41") for line in ev.printed)
    assert ev.output is ev.names["loss"]


@pytest.mark.parametrize("source, words", [
    ("class A:\n    def __add__(self, o):\n        return 1", "special method `__add__`"),
    ("class A:\n    def __getattr__(self, n):\n        return 1", "`__getattr__`"),
    ("class A(metaclass=B):\n    pass", "metaclass"),
    ("class A(B, C):\n    pass", "at most one base class"),
    ("@dataclass\nclass A:\n    pass", "decorators are not supported"),
    ("class A:\n    for i in range(3):\n        pass", "methods (`def`) and class attributes"),
    ("import torch.nn as nn\nclass A(nn.MSELoss):\n    pass", "not from function"),
    ("class A:\n    def __init__(self):\n        return 3\nA()", "__init__() should return None"),
    ("class A:\n    def __repr__(self):\n        return 3\nprint(A())", "returned non-string"),
    ("class A:\n    pass\nA(1)", "A() takes no positional arguments"),
    ("class A:\n    def __init__(self, x):\n        self.x = x\nA()",
     "missing required argument 'x'"),
    ("class A:\n    def m(self):\n        return 1\nA().m(2)", "takes at most 1 positional"),
    ("class A:\n    pass\nb = A()\nb.y = 1\nA().y", "A has no attribute 'y'"),
    ("class A:\n    pass\nA()(1)", "not callable"),
    ("class A:\n    pass\nA() + 1", "unsupported operand"),
    ("def f():\n    return super()\nf()", "super(): no arguments"),
])
def test_class_mistakes_are_told(source, words):
    err = error_of(source)
    assert words in err.message, err.message
    assert err.message_in("zh") != err.message


def test_a_repr_that_recurses_is_bounded():
    err = error_of("class A:\n    def __repr__(self):\n        return repr(self)\nprint(A())\n")
    assert err.key == "limit.calls"


def test_objects_count_against_the_items_bound():
    source = "class A:\n    pass\nxs = []\nfor i in range(3000):\n    a = A()\n    a.x = i\n"
    assert error_of(source, items=2000).key == "limit.items"


def test_objects_print_plainly_once_the_run_is_over():
    ev = evaluate("class A:\n    def __repr__(self):\n        return 'mine'\na = A()\nprint(a)\n")
    assert ev.printed == ["mine"]
    assert repr(ev.names["a"]) == "<__main__.A object>"  # no snippet code runs after evaluate


def test_dunder_and_base_messages_in_both_languages():
    err = error_of("class A:\n    def __add__(self, o):\n        return 1\n")
    assert (err.line, err.key) == (1, "check.dunder")
    assert "__add__" in err.message_in("zh") and "__init__" in err.message_in("zh")
    err = error_of("import torch.nn as nn\nclass Net(nn.MSELoss):\n    pass\n")
    assert (err.line, err.col, err.key) == (2, 11, "run.class_base")
    assert "继承" in err.message_in("zh")


# --- property: random classes against real Python ---------------------------------------------

OPS = st.sampled_from(["+", "-", "*", "//", "%"])
SMALL = st.integers(-3, 7)


@st.composite
def class_programs(draw):
    op1, op2, op3 = (draw(OPS) for _ in range(3))
    a, b, c, k = (draw(SMALL) for _ in range(4))
    override = draw(st.booleans())
    calls_super = draw(st.booleans())
    lines = [
        "class Base:",
        f"    scale = {k}",
        "",
        f"    def __init__(self, x, y={b}):",
        "        self.x = x",
        "        self.y = y",
        "",
        "    def value(self):",
        f"        return self.x {op1} self.y",
        "",
        "    def __call__(self, z):",
        f"        return self.value() {op2} z + self.scale",
        "",
        "    def __repr__(self):",
        "        return f'{type_name}({self.x}, {self.y})'",
        "",
        "",
        "class Child(Base):",
        f"    def __init__(self, x, extra={c}):",
        "        super().__init__(x, extra)" if calls_super else "        self.x = x",
        "        self.extra = extra",
        "",
    ]
    if override:
        lines += ["    def value(self):",
                  f"        return (super().value() if hasattr_y else 0) {op3} self.extra"]
    lines += [
        "",
        f"objs = [Base({a}), Base({a}, y={b}), Child({b}), Child({a}, extra={k})]",
        "for o in objs:",
        "    try_value = o.value()",
        f"    print(o, try_value, o({c}), isinstance(o, Child), isinstance(o, Base))",
        "Base.scale = Base.scale + 1",
        "print([o(1) for o in objs], Child.scale, f'{objs[0]!r:>20}|{str(objs[2])}')",
    ]
    source = "\n".join(lines) + "\n"
    source = source.replace("{type_name}", "Obj").replace(
        "hasattr_y", "True" if calls_super else "False")
    return source


@settings(max_examples=100)
@given(class_programs())
def test_random_class_programs_match_python(source):
    try:
        expected = python_printed(source)
    except (ArithmeticError, AttributeError, TypeError):
        with pytest.raises(InputError):
            evaluate(source)
    else:
        assert evaluate(source).printed == expected
