"""File ▸ Export people…: the people of the current filter (or the selected ones) to a CSV
file, with the fields the user ticks. Asks first, plainly, because the file is not encrypted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core.errors import OrganizerError
from organizer.core.exporters.csv_export import (
    DEFAULT_FIELDS,
    EXPORT_FIELDS,
    NOT_ENCRYPTED_WARNING,
    export_people,
)
from organizer.core.people import PeopleFilter, count_people
from organizer.core.vault import Vault
from organizer.gui import messages
from organizer.i18n import _, ngettext


class ExportDialog(QDialog):
    def __init__(
        self,
        vault: Vault,
        parent: QWidget | None = None,
        *,
        people_filter: PeopleFilter | None = None,
        ids: list[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export people"))
        self.vault = vault
        self.people_filter = people_filter or PeopleFilter()
        self.ids = ids
        self.written = 0
        how_many = len(ids) if ids is not None else count_people(vault, self.people_filter)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(ngettext(
            "Export {n} person to a CSV file. Fields:",
            "Export {n} people to a CSV file. Fields:", how_many).format(
                n=formats.number(how_many))))
        grid = QGridLayout()
        self.boxes: dict[str, QCheckBox] = {}
        for i, (key, label) in enumerate(EXPORT_FIELDS.items()):
            box = QCheckBox(_(label))
            box.setChecked(key in DEFAULT_FIELDS)
            self.boxes[key] = box
            grid.addWidget(box, i // 2, i % 2)
        layout.addLayout(grid)
        warning = QLabel(_(NOT_ENCRYPTED_WARNING))
        warning.setWordWrap(True)
        layout.addWidget(warning)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Export…"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.choose_and_export)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def fields(self) -> list[str]:
        return [key for key, box in self.boxes.items() if box.isChecked()]

    def choose_and_export(self) -> None:
        from organizer.gui.start_screen import choose_save_path

        if not self.fields():
            messages.warn(self, _("Tick at least one field to export."))
            return
        if not messages.confirm(self, _(NOT_ENCRYPTED_WARNING),
                                confirm_label=_("Export anyway")):
            return
        target = choose_save_path(self, Path.home() / _("people.csv"), _("Export people to"),
                                  [_("CSV files (*.csv)"), _("All files (*)")], ".csv")
        if target is None:
            return
        self.export_to(target)

    def export_to(self, target: Path) -> bool:
        try:
            self.written = export_people(self.vault, target, people_filter=self.people_filter,
                                         ids=self.ids, fields=self.fields())
        except (OrganizerError, OSError) as error:
            messages.warn(self, _("Nothing was exported: {error}").format(error=error))
            return False
        messages.inform(
            self, ngettext("Exported {n} person to {file}.", "Exported {n} people to {file}.",
                           self.written).format(n=formats.number(self.written),
                                                file=target.name),
            _("Delete the file when you no longer need it: it is not encrypted."))
        self.accept()
        return True


def run(window: Any) -> None:
    """The File menu's action: the selected people, else the people page's filter."""
    page = getattr(window, "people_page", None)
    ids = page.selected_ids() if page is not None else []
    people_filter = page.current_filter() if page is not None else None
    dialog = ExportDialog(window.vault, window, people_filter=people_filter,
                          ids=ids if len(ids) > 1 else None)
    dialog.exec()
    dialog.deleteLater()
