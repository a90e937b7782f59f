"""`import random` and `import math` against real Python: the Mersenne Twister's numbers, one
generator per evaluation, and math's functions, each bounded."""

import contextlib
import io
import json
import random
import subprocess
import sys
import threading

import pytest

from engine import InputError, evaluate

PYTHON_SNIPPETS = [
    "import random\nrandom.seed(1337)\nprint(random.random(), random.random())",
    "import random\nrandom.seed(42)\nprint(random.uniform(-1, 1), random.randint(1, 6))\n"
    "print(random.gauss(0, 1), random.gauss(2.0, 0.5), random.normalvariate())",
    "import random\nrandom.seed(0)\nxs = list(range(10))\nrandom.shuffle(xs)\nprint(xs)\n"
    "print(random.choice(xs), random.choice('abc'), random.sample(range(100), 4))\n"
    "print(random.choices([1, 2, 3], weights=[0.2, 0.3, 0.5], k=5), random.randrange(0, 50, 7))",
    "import random\nrandom.seed('a text seed')\nprint(random.expovariate(1.5))\n"
    "random.seed(2.5)\nprint(random.random())",
    "import random as rnd\nfrom random import uniform, seed\nseed(7)\nprint(uniform(0, 10))\n"
    "print([round(rnd.random(), 3) for i in range(3)])",
    "import math\nprint(math.factorial(20), math.comb(10, 3), math.perm(5, 2), math.gcd(12, 18))\n"
    "print(math.lcm(4, 6), math.isqrt(99), math.prod([1.5, 2, 3]), math.fsum([0.1] * 10))\n"
    "print(math.hypot(3, 4), math.dist([0, 0], [1, 1]), math.atan2(1, -1), math.asin(0.5))\n"
    "print(math.acos(0.5), math.sinh(1), math.cosh(1), math.asinh(1), math.acosh(2))\n"
    "print(math.atanh(0.5), math.expm1(1e-10), math.log1p(1e-10), math.erf(0.5), math.erfc(0.5))\n"
    "print(math.gamma(4.5), math.lgamma(4.5), math.degrees(math.pi), math.radians(180))\n"
    "print(math.trunc(-2.7), math.copysign(3, -0.0), math.fmod(7, 3), math.modf(2.5))\n"
    "print(math.frexp(8.0), math.ldexp(0.5, 4), math.remainder(7, 4), math.cbrt(27))\n"
    "print(math.exp2(10), math.isclose(0.1 + 0.2, 0.3), math.nextafter(1, 2), math.ulp(1.0))\n"
    "print(math.pi, math.e, math.tau, math.inf, math.nan)",
]


def python_prints(snippets):
    """What each snippet prints under real Python, run in a process of its own (our texts)."""
    program = (
        "import contextlib, io, json, sys\n"
        "out = []\n"
        "for source in json.loads(sys.stdin.read()):\n"
        "    buffer = io.StringIO()\n"
        "    with contextlib.redirect_stdout(buffer):\n"
        "        exec(source, {})\n"
        "    out.append(buffer.getvalue().splitlines())\n"
        "print(json.dumps(out))\n"
    )
    run = subprocess.run([sys.executable, "-c", program], input=json.dumps(snippets),
                         capture_output=True, text=True, timeout=120, check=True)
    return json.loads(run.stdout)


@pytest.fixture(scope="module")
def expected():
    return dict(zip(PYTHON_SNIPPETS, python_prints(PYTHON_SNIPPETS), strict=True))


@pytest.mark.parametrize("source", PYTHON_SNIPPETS)
def test_random_and_math_print_what_python_prints(source, expected):
    assert evaluate(source).printed == expected[source]


def test_each_evaluation_has_its_own_generator_and_the_process_ones_is_untouched():
    state = random.getstate()
    seeded = "import random\nrandom.seed(5)\nx = random.random()"
    first, second = evaluate(seeded).names["x"], evaluate(seeded).names["x"]
    assert first == second == random.Random(5).random()
    unseeded = "import random\nx = random.random()"
    draws = {evaluate(unseeded).names["x"] for _ in range(5)}
    assert len(draws) == 5 and first not in draws  # seeded anew, never continuing a sequence
    assert random.getstate() == state


UNSEEDED = """\
import random
import numpy as np
import torch
a = random.random()
b = np.random.rand()
x = torch.tensor([a, b, np.random.default_rng().random()], requires_grad=True)
(x * x).sum().backward()
print(x.grad)
"""


def test_unseeded_random_and_numpy_draw_the_same_on_both_levels_of_a_run():
    # the scalar rerun draws Python's and numpy's numbers again: they start from torch's seed
    # of the run, so the graph's leaves are the numbers the printed text was computed from
    ev = evaluate(UNSEEDED)
    grad = [2 * v for v in ev.names["x"].tolist()]
    assert ev.level == "scalar" and ev.unseeded_draws
    assert ev.printed == [str(evaluate(f"import torch\nprint(torch.tensor({grad}))").printed[0])]
    assert ev.names["a"] == random.Random(ev.seed).random()
    again = evaluate(UNSEEDED, seed=ev.seed)
    assert again.printed == ev.printed and again.names["a"] == ev.names["a"]
    assert evaluate(UNSEEDED).names["a"] != ev.names["a"]  # unseeded: a fresh seed each run


@pytest.mark.parametrize("source", [
    "import random\nrandom.seed(1)\nprint(random.random())",
    "import numpy as np\nnp.random.seed(1)\nprint(np.random.rand())",
    "import torch\ntorch.manual_seed(1)\nprint(torch.rand(1))",
    "import random\nprint(1)",
])
def test_seeded_or_no_draws_are_not_unseeded(source):
    assert not evaluate(source).unseeded_draws


@pytest.mark.parametrize("source", [
    "import random\nprint(random.random())",
    "import random\nprint(random.choice([1, 2, 3]))",
    "import numpy as np\nprint(np.random.randn(2))",
    "from micrograd.nn import MLP\nm = MLP(2, [2, 1])\nprint(len(m.parameters()))",
])
def test_draws_before_seeding_are_unseeded(source):
    assert evaluate(source).unseeded_draws


def test_evaluations_in_threads_do_not_share_a_generator():
    results = {}

    def run(seed):
        source = f"import random\nrandom.seed({seed})\nxs = [random.random() for i in range(2000)]"
        results[seed] = evaluate(source).names["xs"]

    threads = [threading.Thread(target=run, args=(s,)) for s in (1, 2, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rng = random.Random(1)
    assert results[1] == [rng.random() for _ in range(2000)]
    rng = random.Random(2)
    assert results[2] == [rng.random() for _ in range(2000)]


def test_micrograds_demo_seed_gives_micrograds_weights():
    micrograd = pytest.importorskip("micrograd.nn")
    ev = evaluate("import random\nrandom.seed(1337)\nmodel = MLP(2, [16, 16, 1])\n"
                  "n = Neuron(3)\nw = [p.data for p in model.parameters() + n.parameters()]")
    state = random.getstate()
    try:
        random.seed(1337)
        theirs = micrograd.MLP(2, [16, 16, 1]).parameters() + micrograd.Neuron(3).parameters()
    finally:
        random.setstate(state)
    assert ev.names["w"] == [p.data for p in theirs]
    assert evaluate("m = MLP(2, [1], seed=3)\nw = m.parameters()[0].data").names["w"] == \
        evaluate("import random\nrandom.seed(99)\nm = MLP(2, [1], seed=3)\n"
                 "w = m.parameters()[0].data").names["w"]  # an explicit seed wins


@pytest.mark.parametrize(("source", "key"), [
    ("import math\nx = math.factorial(171)", "limit.int"),
    ("import math\nx = math.comb(100000, 3)", "limit.int"),
    ("import math\nx = math.perm(2000)", "limit.int"),
    ("import math\nx = math.prod([2 ** 1000, 2 ** 30])", "limit.int"),
    ("import math\nx = math.prod([Value(1.0)])", "math.real_numbers"),
    ("import math\nx = math.lcm(*range(1, 2000))", "limit.int"),
    ("import random\nrandom.shuffle((1, 2))", "random.shuffle"),
    ("import random\nx = random.choice(5)", "random.sequence"),
    ("import random\nx = random.choices([1], k=10 ** 9)", "random.too_many"),
    ("import random\nx = random.sample(range(10 ** 9), 3)", "limit.argument"),
    ("x = random.random()", "run.undefined_random"),
])
def test_bounds_and_misuse_are_refused_in_both_languages(source, key):
    with pytest.raises(InputError) as info:
        evaluate(source)
    assert info.value.key == key
    assert info.value.message_in("zh") != info.value.message


def test_randoms_errors_are_pythons():
    with pytest.raises(InputError) as info:
        evaluate("import random\nx = random.randint(5, 1)")
    try:
        random.Random().randint(5, 1)
    except ValueError as err:
        assert info.value.params["detail"] == str(err)


MICROGRAD_DEMO = """\
import random
random.seed(1337)
from micrograd.engine import Value
from micrograd.nn import Neuron, Layer, MLP
model = MLP(2, [16, 16, 1]) # 2-layer neural network
print(model)
print("number of parameters", len(model.parameters()))
out = model([Value(0.5), Value(-1.0)])
print(out.data)
"""


def test_micrograds_demo_prints_what_micrograd_prints():
    pytest.importorskip("micrograd.nn")
    state = random.getstate()
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(MICROGRAD_DEMO, {})  # our own text, run by real Python on real micrograd
    finally:
        random.setstate(state)
    assert evaluate(MICROGRAD_DEMO).printed == out.getvalue().splitlines()
