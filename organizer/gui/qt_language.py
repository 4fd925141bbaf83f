"""Qt's own words in the chosen language: the standard buttons and dialogs (qtbase's
catalogue, shipped with Qt), and QLocale for the date pickers. Organizer's messages come from
organizer.i18n, which chose the language before any window was made."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from organizer import i18n

_installed: list[QTranslator] = []


def use_chosen_language(app: QCoreApplication) -> bool:
    """Load qtbase's catalogue for i18n's language and make its locale Qt's default; False
    when Qt has no catalogue for it (English needs none)."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    code = i18n.language()
    QLocale.setDefault(QLocale(i18n.locale_name() if code != i18n.PSEUDO else "en"))
    if code in (i18n.SOURCE_LANGUAGE, i18n.PSEUDO):
        return False
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(f"qtbase_{code}", folder):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True
