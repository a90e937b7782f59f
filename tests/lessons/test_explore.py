"""The Explore page's model: what a link's code becomes."""

import pickle

from engine import InputError, evaluate
from lessons.explore import MAX_CODE_CHARS, analyse, linked_code, pinned, seed_of


def test_a_link_without_code_opens_the_default():
    assert linked_code(None, "print(1)") == ("print(1)", False)


def test_windows_line_ends_become_newlines():
    assert linked_code("a = 1\r\nprint(a)\r\n", "") == ("a = 1\nprint(a)\n", False)


def test_code_over_the_interpreters_limit_is_cut_to_what_it_accepts():
    code, cut = linked_code("print(1)\n" + "#" * MAX_CODE_CHARS, "")
    assert cut and len(code) == MAX_CODE_CHARS
    assert evaluate(code).printed == ["1"]  # the cut code is within the interpreter's bound
    try:
        evaluate(code + "#")
    except InputError as err:
        assert "characters long" in err.message
    else:
        raise AssertionError("one more character should cross the interpreter's limit")


def test_one_seed_per_code_text_and_pinning_keeps_the_numbers():
    code = "import torch\nimport torch.nn as nn\n# draw\nx = torch.randn(2)\nprint(x)\n"
    first, again = analyse(code), analyse(code)
    assert first.seed == seed_of(code) and first.printed == again.printed
    assert analyse(code + "\n").seed != first.seed
    fixed = pinned(code, first.seed)
    assert fixed.splitlines()[2] == f"torch.manual_seed({first.seed})"
    assert analyse(fixed).printed == first.printed and analyse(fixed).seed is None
    assert pinned("x = torch.rand(1)\n", 3).startswith("import torch\ntorch.manual_seed(3)\nx =")


def test_a_glued_codes_problem_carries_its_repair():
    problem = analyse("import torch\nx = torch.ones(2)print(x)").problem
    assert problem.key == "input.syntax" and problem.line == 2
    assert problem.repair == "import torch\nx = torch.ones(2)\nprint(x)"
    assert analyse("x = = 1").problem.repair is None


def test_pythons_random_is_seeded_per_code_text_too():
    code = "import random\nprint(random.random(), random.randint(1, 100))\n"
    assert analyse(code).printed == analyse(code).printed
    assert evaluate(code).printed != evaluate(code).printed  # without a seed: Python's own


PLOTTING = ("import torch\nimport matplotlib.pyplot as plt\nx = torch.linspace(0, 1, 5)\n"
            "w = torch.tensor(2.0, requires_grad=True)\nloss = ((w * x - x) ** 2).mean()\n"
            "loss.backward()\nplt.plot(x, (w * x).detach(), label='fit')\nplt.title('fit')\n")


def test_the_codes_figures_travel_with_its_analysis_as_plain_data():
    analysis = analyse(PLOTTING)
    assert analysis.problem is None and analysis.scalar is not None
    (plot,) = analysis.plots
    assert plot.title == "fit" and plot.traces[0].label == "fit"
    assert plot.traces[0].y == (0.0, 0.5, 1.0, 1.5, 2.0)
    assert pickle.loads(pickle.dumps(analysis)).plots == analysis.plots


def test_figures_are_kept_without_a_graph_and_dropped_with_an_error():
    no_value = analyse("import matplotlib.pyplot as plt\nplt.bar(['a', 'b'], [1, 2])")
    assert no_value.scalar is None and len(no_value.plots) == 1
    failed = analyse("import matplotlib.pyplot as plt\nplt.plot([1])\nplt.imshow([[1]])")
    assert failed.problem.key == "plot.not_offered" and failed.plots == ()
