"""CI's replay of the fuzzer: the same 10,000 random programs every run, through the sandbox.

Every program ends in a result or an InputError whose message names nothing internal and exists
in both languages; no worker is stopped by a limit. (``python -m tests.fuzzing --runs 1000000``
is the long run; docs/SECURITY.md has its last result.)
"""

from tests.fuzzing import fuzz, program

REPLAY = 10_000


def test_the_programs_are_the_same_every_run():
    assert program(0, 1234) == program(0, 1234) != program(0, 1235)
    assert program(0, 1234) != program(1, 1234)


def test_ten_thousand_programs_end_in_a_result_or_an_input_error():
    report = fuzz(REPLAY, seed=0)
    assert report.runs == REPLAY
    assert report.failures == [] and report.limits == []
    assert sum(report.outcomes.values()) == REPLAY
    assert report.outcomes["result"] > 0 and report.outcomes["input error"] > 0
