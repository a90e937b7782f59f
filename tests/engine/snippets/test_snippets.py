"""The snippet corpus: evaluate(...).printed against what real torch printed (snippets.json).

torch snippets must print exactly torch's lines; micrograd-style snippets print the same text
with numbers equal to a tolerance (torch adds in a different order, so the last bits differ).
With torch installed, the golden file is also checked against live torch.
"""

import json
import math
import re
from pathlib import Path

import pytest

import engine
from lessons.corpus import SNIPPETS
from tests.golden.make_snippets_golden import run_snippet

GOLDEN = json.loads(
    (Path(__file__).resolve().parents[2] / "golden" / "snippets.json").read_text(encoding="utf-8")
)
ENTRIES = {e["name"]: e for e in GOLDEN["snippets"]}
NUMBER = re.compile(r"-?(?:\d+\.\d*|\.\d+|\d+)(?:e[-+]?\d+)?|nan|-?inf")
LABEL = re.compile(r", label='[^']*'")

# Snippets that show a bug in the engine below the interpreter; strict, so a fix turns them red
# until the mark is removed.
_MKL_SIN = ("torch.sin of a float32 vector runs Intel MKL's vector math, whose last bits are not "
            "reproduced here (its algorithm is not published)")
_AVX512_SQRT = ("torch's float32 sqrt on this AVX512 CPU is not correctly rounded, and RMSprop "
                "divides by one")
ENGINE_BUGS = {
    "tutorial_nn_module": _MKL_SIN + ": y = sin(x) differs in the last bit at a few of the 100 "
    "points, so the first loss printed in full is 80.31122589111328 against torch's "
    "80.31121826171875",
    "tutorial_autograd_function": "torch.autograd.Function runs on the scalar level, whose float32 "
    "gradients are float64 ones rounded once, and y = sin(x): " + _MKL_SIN + "; the losses "
    "printed in full differ from the 7th digit; in float64 the example gives torch's numbers "
    "(test_autograd_function.py)",
    "tutorial_nn_optim": _AVX512_SQRT + ": the loss of step 19 printed in full reads "
    "127.1173095703125 against torch's 127.1173324584961",
}


def _params():
    return [pytest.param(name, marks=pytest.mark.xfail(reason=ENGINE_BUGS[name], strict=True))
            if name in ENGINE_BUGS else name for name in ENTRIES]


def test_corpus_is_large_and_matches_the_generator():
    assert len(ENTRIES) >= 40
    assert [(n, k, s) for n, k, s in SNIPPETS] == [
        (e["name"], e["kind"], e["source"]) for e in GOLDEN["snippets"]
    ]


def _numbers_and_text(line):
    line = LABEL.sub("", line)
    return [float(x) for x in NUMBER.findall(line)], NUMBER.sub("#", line)


def _same_numbers(got, expected):
    return len(got) == len(expected) and all(
        math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12) or (a != a and b != b)
        for a, b in zip(got, expected, strict=True)
    )


@pytest.mark.parametrize("name", _params())
def test_snippet_prints_what_torch_prints(name):
    entry = ENTRIES[name]
    printed = engine.evaluate(entry["source"]).printed
    if entry["kind"] == "torch":
        assert printed == entry["printed"]
        return
    assert len(printed) == len(entry["printed"])
    for got, expected in zip(printed, entry["printed"], strict=True):
        got_numbers, got_text = _numbers_and_text(got)
        expected_numbers, expected_text = _numbers_and_text(expected)
        assert got_text == expected_text
        assert _same_numbers(got_numbers, expected_numbers), (got, expected)


def test_tutorial_snippets_print_the_issue_lines():
    expected = {
        "tutorial_l1": ["tensor(0.6667) tensor(2.)"],
        "tutorial_mse": ["tensor(1.3333) tensor(4.)"],
        "tutorial_cross_entropy": ["tensor(1.1019) tensor(1.1019)"],
    }
    for name, lines in expected.items():
        assert engine.evaluate(ENTRIES[name]["source"]).printed == lines


@pytest.mark.torch
@pytest.mark.parametrize("name", list(ENTRIES))
def test_golden_file_matches_live_torch(torch, name):
    entry = ENTRIES[name]
    assert run_snippet(torch, entry["kind"], entry["source"]) == entry["printed"]
