"""The one-on-one prep sheet on paper, read back with pypdf, from real vaults built by
tests/core/test_call_lists.py's `make_campaign`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from organizer.core.vault import Vault
from organizer.reports import call_list_pdf
from organizer.reports import prep_sheet_pdf as prep
from tests.conftest import assert_private
from tests.core.test_call_lists import Campaign, campaign_vault


@pytest.fixture
def filled(
    qapp: QApplication, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Vault, Campaign]]:
    vault, c = campaign_vault(tmp_path / "filled", tmp_path_factory)
    try:
        yield vault, c
    finally:
        vault.close()


def test_the_prep_sheet_is_still_importable_from_the_call_list_module(
    filled: tuple[Vault, Campaign], tmp_path: Path
) -> None:
    vault, c = filled
    path = tmp_path / "prep.pdf"
    assert call_list_pdf.render_prep_sheet_pdf(vault, c["Ravi"], path) == 1
    assert_private(path)
    assert call_list_pdf.PrepSheet is prep.PrepSheet
