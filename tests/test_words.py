"""Counts in words take the right form: one supporter, two supporters, no "(s)"."""

from __future__ import annotations

import pytest

from organizer.core.people import PeopleCounts
from organizer.gui.main_window import describe_counts
from organizer.words import count


@pytest.mark.parametrize(("number", "text"), [
    (0, "0 supporters"), (1, "1 supporter"), (2, "2 supporters"), (1204, "1,204 supporters"),
])
def test_a_count_takes_the_form_of_its_number(number: int, text: str) -> None:
    assert count(number, "supporter", "supporters") == text


def test_the_status_bar_says_one_person_and_one_supporter() -> None:
    counts = PeopleCounts(people=1, oc_members=1, assigned=0, assessed=1, supporters=1,
                          organic_leaders=0)
    assert describe_counts(counts) == (
        "1 person · 1 on the OC · coverage 0% · 1 assessed · 1 supporter")
