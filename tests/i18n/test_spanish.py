"""Organizer in Spanish, end to end (issue 18): a command-line error, a call-list PDF read
back with pypdf, and a page of the app, with the real catalogue."""

from __future__ import annotations

import datetime as dt
import io
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from organizer import cli, i18n
from organizer.core import call_lists
from organizer.core.vault import Vault
from organizer.gui.main_window import PEOPLE, TODAY
from organizer.reports import call_list_pdf
from tests.gui.vault_fixtures import (  # noqa: F401
    finish_qt,
    make_window,
    seed_template_fixture,
    vault_fixture,
)

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def spanish(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Spanish as a Spanish-speaking system would ask for it (cli.main reads LANG)."""
    monkeypatch.delenv("ORGANIZER_LANGUAGE", raising=False)
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    i18n.use("es", "es_MX")
    yield
    i18n.use(i18n.SOURCE_LANGUAGE)


def test_a_command_line_error_is_one_spanish_sentence(
    spanish: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "campaña.organizer"
    Vault.create(path, PASSPHRASE, "Campaña").close()
    before = path.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.StringIO("no es la frase\n"))
    capsys.readouterr()
    assert cli.main(["vault", "check", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == ("organizer: La frase de contraseña no es la de esta bóveda (o el archivo "
                   "no es una bóveda de Organizer). Revísala y vuelve a intentarlo.")
    assert path.read_bytes() == before


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join(unicodedata.normalize("NFKC", page.extract_text()).split())
                    for page in pypdf.PdfReader(path).pages)


def test_a_call_list_pdf_in_spanish(qapp: QApplication, spanish: None, vault: Vault,
                                    tmp_path: Path) -> None:
    today = dt.date(2026, 12, 4)
    options = call_lists.CallListOptions(destroy_by=dt.date(2026, 12, 11))
    built = call_lists.build_call_list(vault, options=options, today=today)
    path = tmp_path / "lista.pdf"
    call_list_pdf.render_call_list_pdf(built, path, list_name="Llamadas", printed_on=today)
    text = _pdf_text(path)
    assert "CONFIDENCIAL" in text and "CONFIDENTIAL" not in text
    assert "Impreso el 4 dic 2026" in text
    assert "Destruir antes del 11 dic 2026" in text
    for outcome in ("Contactado", "No contesta", "Dejé mensaje", "Número equivocado"):
        assert outcome in text
    assert "Reached" not in text and "No answer" not in text


def test_today_and_people_in_spanish(qtbot: Any, spanish: None, vault: Vault) -> None:
    window = make_window(qtbot, vault)
    window.show_section(TODAY)
    today = window.current_page()
    qtbot.waitUntil(lambda: today.title.text().startswith("Hoy, "), timeout=5000)
    menus = [action.text().replace("&", "") for action in window.menuBar().actions()]
    assert menus[:2] == ["Archivo", "Editar"]
    window.show_section(PEOPLE)
    model = window.current_page().table.model()
    columns = [model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(model.columnCount())]
    assert "Nombre" in columns and "Evaluación" in columns
    assert "Name" not in columns
    window.hide()
    finish_qt()
