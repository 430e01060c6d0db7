"""Fuzzing: a few hundred seeded mutations of the samples through validate and render, no traceback.

The long run (tens of thousands of cases) is recorded in docs/robustness.md.
"""

from __future__ import annotations

import pytest

from fuzz_outlines import Runner, cases, mutate


def test_mutations_are_varied_and_repeatable():
    import random

    a = [t for _, t in cases(50, seed=7)]
    b = [t for _, t in cases(50, seed=7)]
    assert a == b  # the same seed gives the same cases
    assert len(set(a)) == 50
    assert mutate("title: x\n", random.Random(1)) != "title: x\n"


def test_a_good_share_of_cases_carry_a_storm_of_markup():
    # runs of unclosed *, ** and ___ once froze validate for hours (issue 9): about a third of the
    # cases carry one, some of them thousands of marks long
    import re

    texts = [t for _, t in cases(300, seed=3)]
    storms = [max((len(m) for m in re.findall(r"[*_\\]{2,}[*_\\a-z ${}.]{20,}", t)), default=0) for t in texts]
    assert sum(n > 0 for n in storms) >= 60
    assert max(storms) >= 2000


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_mutated_outlines_never_give_a_traceback(seed):
    runner = Runner(draw_every=2)
    findings = {}
    for name, text in cases(120, seed):
        found = runner.run(text)
        if found:
            findings[name] = found
    assert findings == {}
    counts = runner.counts
    # both roads were taken: some mutations are refused with positions, some load and are drawn
    assert counts["refused"] >= 20 and counts["loaded"] >= 10 and counts["drawn"] >= 5, counts
