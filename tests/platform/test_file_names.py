"""Every file name Organizer makes is valid on Windows too: none of the characters Windows
forbids, no trailing dot or space, no reserved device name (CON, NUL, COM1…)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from organizer.core.backup.automatic import automatic_backup_name
from organizer.core.backup.format import PARTIAL_MARK
from organizer.core.committee.send import SUFFIX
from organizer.core.vault import lock_file_for
from organizer.gui.call_lists_page import suggested_pdf_name
from organizer.gui.chart_page import suggested_chart_pdf_name
from organizer.gui.new_campaign_dialog import default_vault_path
from organizer.gui.person_page import suggested_prep_sheet_name

# https://learn.microsoft.com/windows/win32/fileio/naming-a-file
FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\..*)?$", re.IGNORECASE)
WHEN = dt.datetime(2026, 12, 5, 23, 59, 58, tzinfo=dt.UTC)


def assert_windows_safe(name: str) -> None:
    assert FORBIDDEN.search(name) is None, name
    assert RESERVED.match(name) is None, name
    assert not name.endswith((".", " ")), name


@pytest.mark.parametrize("name", [
    automatic_backup_name("5f0c5a8e-6d0b-4e9e-9a51-0c3f6f5d1b2a", WHEN),
    suggested_pdf_name(WHEN.date()),
    suggested_chart_pdf_name(WHEN.date()),
    suggested_prep_sheet_name(WHEN.date()),
    lock_file_for(Path("campaign.vault")).name,
    f".campaign.age{PARTIAL_MARK}0123456789ab",
    f"12345-00001-0123456789ab{SUFFIX}",
])
def test_names_organizer_makes_are_valid_on_windows(name: str) -> None:
    assert_windows_safe(name)


def test_the_default_vault_name_is_valid_on_windows() -> None:
    assert_windows_safe(default_vault_path().name)
