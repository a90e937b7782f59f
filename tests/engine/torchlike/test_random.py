"""torch's random numbers, bit for bit: the generator's draws against the golden file recorded
with real torch and live against torch, and the snippet language's random functions as a
learner uses them (seeding, reproducing a run, torch's error messages)."""

import contextvars
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import InputError, evaluate
from tests.conftest import require_torch

from .random_cases import CASES, engine_draw, torch_draw

GOLDEN = json.loads((Path(__file__).resolve().parents[2] / "golden" / "random_golden.json")
                    .read_text())


def drawn(case):
    return " ".join(map(str, contextvars.copy_context().run(engine_draw, case)))


def test_the_golden_file_holds_every_case():
    assert sorted(GOLDEN) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_engine_draws_what_torch_drew(name):
    assert drawn(CASES[name]) == GOLDEN[name]


@pytest.mark.torch
@settings(max_examples=60)
@given(seed=st.integers(0, 2**64 - 1), n=st.integers(1, 100),
       kind=st.sampled_from(["rand", "randn", "uniform_", "normal_", "randint", "randperm",
                             "bernoulli_", "exponential_", "multinomial", "multinomial_r"]),
       dtype=st.sampled_from(["float32", "float64"]))
def test_live_draws_are_torch_bit_for_bit(seed, n, kind, dtype):
    torch = require_torch()  # skips without torch, unless REQUIRE_TORCH=1
    call = {"uniform_": (kind, n, dtype, -2.5, 0.75), "normal_": (kind, n, dtype, -1.0, 0.3),
            "randint": (kind, n, "int64", -7, 9), "randperm": (kind, n, "int64"),
            "bernoulli_": (kind, n, dtype, 0.61), "exponential_": (kind, n, dtype, 0.4),
            "multinomial": (kind, n, dtype, max(n // 2, 1), False),
            "multinomial_r": ("multinomial", n, dtype, n + 3, True)}
    case = (seed, [call.get(kind, (kind, n, dtype))])
    assert drawn(case) == " ".join(map(str, torch_draw(torch, case)))


PROGRAM = """import torch
torch.manual_seed(0)
x = torch.randn(3, 4)
print(x)
print(torch.rand(2, dtype=torch.float64))
print(torch.randint(0, 10, (5,)))
print(torch.randint(5, (2, 2)))
print(torch.randperm(6))
w = torch.empty(3, dtype=torch.long).random_(5)
print(w)
g = torch.Generator().manual_seed(7)
print(torch.rand(3, generator=g), g.initial_seed())
print(torch.normal(2.0, 3.0, size=(2, 2)))
print(torch.normal(torch.zeros(2), torch.ones(2) * 2))
print(torch.randn_like(x[0]), torch.rand_like(x[:, 0]))
print(torch.bernoulli(torch.full((2, 3), 0.4)), torch.rand(3).bernoulli())
print(torch.initial_seed())
"""


@pytest.mark.torch
def test_a_seeded_program_prints_what_torch_prints(torch, capsys):
    torch.set_default_dtype(torch.float32)  # as a learner's program runs
    exec(compile(PROGRAM, "<program>", "exec"), {})  # noqa: S102 - our own test program
    assert evaluate(PROGRAM).printed == capsys.readouterr().out.splitlines()


def test_a_docstring_example_draws_a_graph_with_the_random_leaves():
    ev = evaluate("import torch\nimport torch.nn as nn\ntorch.manual_seed(1)\n"
                  "loss = nn.L1Loss()\ninput = torch.randn(3, 5, requires_grad=True)\n"
                  "target = torch.randn(3, 5)\noutput = loss(input, target)\noutput.backward()\n"
                  "print(output)\n")
    # torch 2.13: the same program prints this
    assert ev.printed == ["tensor(1.1970, grad_fn=<MeanBackward0>)"]
    assert not ev.unseeded_draws


def test_without_manual_seed_the_run_reports_its_seed_and_reproduces_with_it():
    source = "import torch\nx = torch.randn(4)\nprint(x, torch.initial_seed())\n"
    first, second = evaluate(source), evaluate(source)
    assert first.unseeded_draws and first.seed != second.seed
    assert first.printed != second.printed
    again = evaluate(source, seed=first.seed)
    assert again.printed == first.printed and again.seed == first.seed
    assert first.printed[0].endswith(f" {first.seed}")


def test_a_seed_given_to_evaluate_is_torchs_default_seed():
    ev = evaluate("import torch\nprint(torch.randn(2))\n", seed=5)
    assert ev.printed == ["tensor([-0.4868, -0.6038])"]  # torch.manual_seed(5); torch.randn(2)
    assert ev.seed == 5 and ev.unseeded_draws
    assert not evaluate("import torch\nprint(torch.zeros(2))\n").unseeded_draws


@pytest.mark.parametrize("call, message", [
    ("torch.rand(3, dtype=torch.int64)", "\"check_uniform_bounds\" not implemented for 'Long'"),
    ("torch.randn(2, dtype=torch.long)", "\"normal_kernel_cpu\" not implemented for 'Long'"),
    ("torch.randint(5, 3, (2,))",
     "random_ expects 'from' to be less than 'to', but got from=5 >= to=3"),
    ("torch.normal(0., -1., (2,))", "normal expects std >= 0.0, but found std -1.0"),
    ("torch.empty(2).uniform_(2, 1)",
     "uniform_ expects to return a [from, to) range, but found from=2.0 > to=1.0"),
    ("torch.manual_seed(2**64)", "Overflow when unpacking long long"),
    ("torch.rand(2, generator=3)", "generator= must be a torch.Generator, got int"),
    ("torch.Generator('cuda')", "this app runs on the CPU"),
    ("torch.normal(0., 1.)", "normal() with numbers for mean and std needs a size"),
    ("torch.empty(2, dtype=torch.long).random_()", "give bounds, as in random_(0, 1000)"),
    ("torch.bernoulli(torch.tensor([1.5]))", "Expected p_in >= 0 && p_in <= 1"),
    ("torch.bernoulli(torch.tensor([1, 0]))",
     "\"bernoulli_tensor_cpu_p_\" not implemented for 'Long'"),
    ("torch.bernoulli(torch.ones(2, requires_grad=True))", "draw from p.detach()"),
])
def test_mistakes_get_torchs_words_in_both_languages(call, message):
    with pytest.raises(InputError) as err:
        evaluate(f"import torch\ny = {call}\n")
    assert err.value.line == 2
    assert message in err.value.message
    assert err.value.message_in("zh") != err.value.message


@pytest.mark.parametrize("call", ["torch.randn(10**9)", "torch.randperm(10**12)",
                                  "torch.rand(10**6, 10**6)", "torch.randint(0, 5, (10**10,))"])
def test_huge_draws_are_refused_before_drawing(call):
    with pytest.raises(InputError) as err:
        evaluate(f"import torch\ny = {call}\n")
    assert err.value.key == "limit.tensor"
