"""Paper that traces its own leaks (issue 21): each printout's copy code is random, logged
with for whom and what, findable from a page, and a copy past its destroy-by date shows up
until marked destroyed."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from organizer.core import printed_copies
from organizer.core.errors import InvalidInput
from organizer.core.vault import Vault

CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def test_a_printout_is_logged_with_an_opaque_code_for_whom_and_what(vault: Vault) -> None:
    copy = printed_copies.record_copy(vault, "call list", printed_for="  Maya   Okafor ",
                                      description="Night shift, 12 people",
                                      destroy_by=dt.date(2026, 12, 11))
    assert CODE.match(copy.copy_code)
    assert "MAYA" not in copy.copy_code.replace("-", "")
    (logged,) = printed_copies.printed_copies(vault)
    assert logged == copy
    assert (logged.printed_for, logged.what, logged.destroy_by) == (
        "Maya Okafor", "Call list", "2026-12-11")


def test_codes_do_not_repeat_and_use_no_misread_letters() -> None:
    codes = {printed_copies.new_copy_code() for _i in range(2000)}
    assert len(codes) == 2000
    assert not any(set(code) & set("ILOU") for code in codes)


def test_a_code_read_off_a_page_finds_its_copy(vault: Vault) -> None:
    copy = printed_copies.record_copy(vault, "wall chart", printed_for="Jo")
    typed = copy.copy_code.lower().replace("-", " ")
    assert printed_copies.find_copy(vault, typed) == copy
    assert printed_copies.find_copy(vault, "ZZZZ-ZZZZ") is None
    assert printed_copies.find_copy(vault, "short") is None


def test_the_copy_mark_names_the_recipient_unless_the_printout_uses_code_names(
    vault: Vault
) -> None:
    copy = printed_copies.record_copy(vault, "prep sheet", printed_for="Maya Okafor")
    day = dt.date.fromisoformat(copy.printed_at[:10])
    shown = f"{day:%b} {day.day}, {day.year}"
    assert printed_copies.copy_mark(copy) == (
        f"Copy {copy.copy_code} · for Maya Okafor · printed {shown}")
    hidden = printed_copies.copy_mark(copy, show_recipient=False)
    assert hidden == f"Copy {copy.copy_code} · printed {shown}"
    assert "Maya" not in hidden


def test_copies_past_destroy_by_are_overdue_until_marked_destroyed(vault: Vault) -> None:
    today = dt.date(2026, 12, 20)
    late = printed_copies.record_copy(vault, "call list", destroy_by=dt.date(2026, 12, 11))
    printed_copies.record_copy(vault, "call list", destroy_by=dt.date(2026, 12, 31))
    printed_copies.record_copy(vault, "wall chart")  # no destroy-by: never overdue
    assert [c.id for c in printed_copies.overdue_copies(vault, today)] == [late.id]
    assert late.is_overdue(today)

    printed_copies.mark_destroyed(vault, late.id)
    assert printed_copies.overdue_copies(vault, today) == []
    printed_copies.mark_destroyed(vault, late.id, destroyed=False)
    assert [c.id for c in printed_copies.overdue_copies(vault, today)] == [late.id]


def test_bad_input_is_one_sentence_and_changes_nothing(vault: Vault) -> None:
    with pytest.raises(InvalidInput, match="too long"):
        printed_copies.record_copy(vault, "call list", printed_for="x" * 201)
    with pytest.raises(InvalidInput, match="no longer in the log"):
        printed_copies.mark_destroyed(vault, "0" * 32)
    assert printed_copies.printed_copies(vault) == []
