"""About Organizer: versions, licences (ours and what we ship), and the security model."""

from __future__ import annotations

from html import escape

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from organizer import __version__
from organizer.i18n import N_, _

SECURITY_MODEL = (
    N_("Each campaign is one file encrypted with SQLCipher (AES-256); without the passphrase "
       "it is unreadable."),
    N_("Organizer never uses the network: no server, no account, no updates, no telemetry."),
    N_("It locks itself when idle, when the screen locks and before sleep; a lost laptop "
       "gives away only ciphertext."),
)


def about_html() -> str:
    model = "".join(f"<li>{escape(_(line))}</li>" for line in SECURITY_MODEL)
    licences = (
        _("Organizer: GNU General Public License, version 3 or later (GPL-3.0-or-later)."),
        _("Qt and PySide6: GNU Lesser General Public License, version 3 (LGPLv3)."),
        _("SQLCipher: BSD-style licence, Zetetic LLC."),
        _("Suggested passphrases use the EFF Large Wordlist for Passphrases by Joseph "
          "Bonneau and the Electronic Frontier Foundation (2016), unmodified, under the "
          "Creative Commons Attribution 3.0 United States licence (CC BY 3.0 US)."),
    )
    return (
        # Translators: {version} is Organizer's version number ("1.2.0").
        "<h2>" + escape(_("Organizer {version}").format(version=__version__)) + "</h2>"
        "<p>" + escape(_("An offline, encrypted notebook for workplace organizing "
                         "committees.")) + "</p>"
        "<h3>" + escape(_("How your notes are kept safe")) + f"</h3><ul>{model}</ul>"
        "<h3>" + escape(_("Versions")) + "</h3>"
        # Translators: the versions of the libraries Organizer is built on.
        "<p>" + escape(_("Qt {qt}, PySide6 {pyside}").format(
            qt=qVersion(), pyside=PySide6.__version__)) + "</p>"
        "<h3>" + escape(_("Licences")) + "</h3><ul>"
        + "".join(f"<li>{escape(line)}</li>" for line in licences)
        + "</ul>"
    )


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About Organizer"))
        self.setObjectName("about-dialog")
        text = QLabel(about_html())
        text.setObjectName("about-text")
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                     | Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setAccessibleName(_("About Organizer"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)


def show_about(parent: QWidget | None) -> AboutDialog:
    """Open the About box (not blocking) and return it."""
    dialog = AboutDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
