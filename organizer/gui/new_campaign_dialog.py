"""Start a campaign: its name, a passphrase typed twice (or a suggested one), and where the
encrypted file goes. The vault is created in a worker; problems show as one sentence inline.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from organizer.core import paths
from organizer.core.vault import Vault
from organizer.gui.passphrase_fields import PassphrasePair, TaskDialog, fill_suggestion
from organizer.gui.start_screen import choose_save_path
from organizer.gui.workers import Task
from organizer.i18n import N_, _

FILE_NAME_NOTE = N_(
    "Anyone who looks at your files can see the file name, so it does not name the "
    "campaign; the campaign's name is kept inside, encrypted."
)


def default_vault_path(folder: Path | None = None) -> Path:
    """data_dir()/campaign.vault, with -2, -3... when that file already exists.

    Never the campaign's name: a file name is readable by anyone who sees the disk, a
    backup listing or a "recent files" menu. The name lives inside, encrypted.
    """
    folder = folder or paths.data_dir()
    candidate = folder / f"campaign{paths.VAULT_SUFFIX}"
    number = 2
    while candidate.exists():
        candidate = folder / f"campaign-{number}{paths.VAULT_SUFFIX}"
        number += 1
    return candidate


class NewCampaignDialog(TaskDialog):
    """Emits `created(Vault)` with the new, open vault, then closes."""

    cancel_stops_the_task = False  # a half-made vault file must not be left behind

    created = Signal(object)  # Vault

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New campaign"))
        self.setObjectName("new-campaign-dialog")
        self.setModal(True)
        self.vault: Vault | None = None
        self._path_edited_by_hand = False

        self.name = QLineEdit()
        self.name.setAccessibleName(_("Campaign name"))
        self.name.setPlaceholderText(_("e.g. Tech workers at Acme"))
        self.name.textEdited.connect(self._name_changed)

        self.suggest_button = QPushButton(_("Su&ggest a passphrase"))
        self.suggest_button.setAccessibleName(_("Suggest a passphrase"))
        self.suggest_button.clicked.connect(self.suggest)
        self.suggestion = QLabel()
        self.suggestion.setObjectName("suggestion")
        self.suggestion.setWordWrap(True)
        self.suggestion.setTextFormat(Qt.TextFormat.RichText)
        self.suggestion.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.suggestion.setAccessibleName(_("Suggested passphrase"))
        self.suggestion.hide()

        self.location = QLineEdit(str(default_vault_path()))
        self.location.setAccessibleName(_("Where to save the campaign file"))
        self.location.textEdited.connect(self._location_edited)
        self.browse_button = QPushButton(_("&Browse…"))
        self.browse_button.setAccessibleName(_("Choose where to save the campaign file"))
        self.browse_button.clicked.connect(self.browse)
        location_row = QHBoxLayout()
        location_row.addWidget(self.location, 1)
        location_row.addWidget(self.browse_button)
        location_note = QLabel(_(FILE_NAME_NOTE))
        location_note.setWordWrap(True)

        form = QFormLayout()
        form.addRow(_("Campaign &name"), self.name)
        self.pair = PassphrasePair(_("Passphrase"), self, form=form)
        self.pair.edited.connect(self._passphrase_edited)
        # The fields by their own names too: tests and _set_busy reach them directly.
        self.passphrase, self.again = self.pair.passphrase, self.pair.again
        self.strength = self.pair.strength
        suggest_row = QHBoxLayout()
        suggest_row.addWidget(self.suggest_button)
        suggest_row.addStretch(1)
        form.addRow("", suggest_row)
        form.addRow("", self.suggestion)
        location_label = QLabel(_("&Save to"))
        location_label.setBuddy(self.location)
        form.addRow(location_label, location_row)
        form.addRow("", location_note)

        self.buttons = QDialogButtonBox()
        self.create_button = self.buttons.addButton(
            _("&Create"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setAccessibleName(_("Create"))
        self.create_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.create_campaign)
        self.buttons.rejected.connect(self.reject)

        intro = QLabel(_(
            "A campaign is one encrypted file. Choose a passphrase you can remember: "
            "there is no way to recover it."
        ))
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(620)

    # ----- live feedback --------------------------------------------------------------------

    @Slot(str)
    def _name_changed(self, name: str) -> None:
        self._clear_error()

    @Slot(str)
    def _location_edited(self, _text: str) -> None:
        self._path_edited_by_hand = True
        self._clear_error()

    @Slot()
    def _passphrase_edited(self) -> None:
        self._clear_error()
        if not self.suggestion.isHidden():
            self.suggestion.hide()
            self.adjustSize()

    @Slot()
    def suggest(self) -> None:
        """Fill both fields with six random words and show them, with advice."""
        fill_suggestion(self.pair, self.suggestion, _("Your passphrase"))
        self._clear_error()
        self.adjustSize()

    @Slot()
    def browse(self) -> None:
        chosen = choose_save_path(self, Path(self.location.text() or default_vault_path()))
        if chosen is not None:
            self.location.setText(str(chosen))
            self._path_edited_by_hand = True

    def chosen_path(self) -> Path:
        path = Path(self.location.text().strip()).expanduser()
        if path.suffix != paths.VAULT_SUFFIX:
            path = path.with_name(path.name + paths.VAULT_SUFFIX)
        return path

    def problem(self) -> str:
        """The first thing in the way of creating the vault, as one sentence; "" if none."""
        if not self.name.text().strip():
            return _("Give the campaign a name (it is stored encrypted, inside the file).")
        problem = self.pair.problem()
        if problem:
            return problem
        if not self.location.text().strip():
            return _("Choose where to save the campaign file.")
        path = self.chosen_path()
        if not path.parent.is_dir():
            # Translators: {folder} is a folder's path.
            return _("The folder {folder} does not exist. Choose an existing folder.").format(
                folder=path.parent)
        if path.exists():
            return _("A file already exists at {path}. Choose another name.").format(path=path)
        return ""

    @Slot()
    def create_campaign(self) -> None:
        """Check the form, then create the vault in a worker."""
        if self._task is not None:
            return
        problem = self.problem()
        if problem:
            self.show_error(problem)
            return
        path = self.chosen_path()
        name = self.name.text().strip()
        passphrase = self.passphrase.text()
        self._set_busy(True)
        task = Task(
            lambda _p: Vault.create(path, passphrase, name),
            parent=self,
            label=_("Creating the campaign…"),
        )
        task.succeeded.connect(self._created)
        task.failed.connect(self._failed)
        task.finished.connect(self._finished)
        self._task = task
        task.start()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.name, self.passphrase, self.again, self.location,
                       self.browse_button, self.suggest_button, self.create_button,
                       self.cancel_button):
            widget.setEnabled(not busy)

    @Slot(object)
    def _created(self, vault: object) -> None:
        assert isinstance(vault, Vault)
        self.vault = vault
        self.passphrase.clear()
        self.again.clear()
        self.suggestion.clear()
        self.created.emit(vault)
        self.accept()
