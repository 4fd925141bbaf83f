"""The first thing an organizer sees: the campaigns on this computer and how to start one.

Vaults are listed by file name only. Nothing inside a vault can be read before it is
unlocked, and the screen shows nothing that is not already visible in the file manager.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QDir, Qt, QUrl, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from organizer.core import paths
from organizer.gui import theme
from organizer.i18n import N_, _

EMPTY_TEXT = N_(  # the line break keeps the command whole
    "No campaigns yet. Start one with New campaign…,\n"
    "or try the demo: organizer --demo"
)
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
VAULT_FILTERS = [N_("Organizer campaigns (*.vault)"), N_("All files (*)")]

# Qt's own file dialog, not the platform's: GTK's and Windows' dialogs add chosen files to the
# desktop's "recently used" list, which would show campaign file names to anyone at the desk.
# Qt's dialog records only what `_forget_where_we_were` resets, in settings that the app
# keeps in a private throwaway folder (see app.keep_qt_settings_private).
USE_PLATFORM_FILE_DIALOG = False


# ----- file dialogs: one seam for the whole app -------------------------------------------


def choose_open_path(
    parent: QWidget | None,
    caption: str | None = None,
    filters: list[str] | None = None,
    folder: Path | None = None,
) -> Path | None:
    """Ask for an existing file (a vault unless `filters` say otherwise); None if cancelled."""
    dialog = _file_dialog(parent, caption or _("Open a campaign"),
                          folder or paths.data_dir(), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _run_file_dialog(dialog)


def choose_save_path(
    parent: QWidget | None,
    suggested: Path,
    caption: str | None = None,
    filters: list[str] | None = None,
    suffix: str = paths.VAULT_SUFFIX,
) -> Path | None:
    """Ask where to write a new file (a vault by default), starting from `suggested`."""
    dialog = _file_dialog(parent, caption or _("Save the campaign as"), suggested.parent,
                          filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix(suffix.lstrip("."))
    dialog.selectFile(suggested.name)
    return _run_file_dialog(dialog)


def choose_folder(
    parent: QWidget | None, start: Path | None = None, caption: str | None = None
) -> Path | None:
    """Ask for an existing folder (say, a USB stick); None when the user cancels."""
    dialog = _file_dialog(parent, caption or _("Choose a folder"), start or Path.home(),
                          [_("Folders (*)")])
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return _run_file_dialog(dialog)


def _file_dialog(
    parent: QWidget | None, caption: str, folder: Path, filters: list[str] | None = None
) -> QFileDialog:
    dialog = QFileDialog(parent, caption, str(folder))
    dialog.setObjectName("file-dialog")
    if not USE_PLATFORM_FILE_DIALOG:
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    # Translators: file dialog filters: keep the (*.vault) pattern as it is.
    dialog.setNameFilters(filters or [_(name) for name in VAULT_FILTERS])
    dialog.setHistory([])
    return dialog


def _run_file_dialog(dialog: QFileDialog) -> Path | None:
    sidebar = [QUrl(url) for url in dialog.sidebarUrls()]
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        chosen = dialog.selectedFiles()
    finally:
        _forget_where_we_were(dialog, sidebar)
        # Delete now, so Qt writes its settings with the values just reset, not later.
        shiboken6.delete(dialog)
    return Path(chosen[0]) if accepted and chosen else None


def _forget_where_we_were(dialog: QFileDialog, sidebar: list[QUrl]) -> None:
    """Qt's dialog saves its history, last folder and sidebar when deleted: reset them."""
    dialog.setHistory([])
    dialog.setSidebarUrls(sidebar)
    dialog.setDirectory(QDir.homePath())  # also what Qt remembers as "last visited"
    dialog.setHistory([])


class StartScreen(QWidget):
    """Lists the vaults in the data folder and offers to open, create or restore one."""

    open_requested = Signal(object)  # Path
    open_other_requested = Signal()
    new_campaign_requested = Signal()
    demo_requested = Signal()
    about_requested = Signal()
    restore_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("start-screen")

        # Translators: the app's name. Keep it as it is.
        app_name = _("Organizer")
        title = QLabel(app_name)
        theme.heading(title, 1.8)
        title.setAccessibleName(app_name)
        subtitle = QLabel(_(
            "Notes for your organizing committee, encrypted in one file on this computer. "
            "No server, no account, no network."
        ))
        subtitle.setWordWrap(True)

        list_heading = QLabel(_("&Campaigns on this computer"))
        theme.heading(list_heading, 1.1)
        self.campaigns = QListWidget()
        self.campaigns.setAccessibleName(_("Campaigns on this computer"))
        self.campaigns.setAccessibleDescription(_("Press Enter to open the selected campaign."))
        self.campaigns.itemActivated.connect(self._open_item)
        self.campaigns.currentItemChanged.connect(self._update_buttons)
        list_heading.setBuddy(self.campaigns)

        self.empty_state = QLabel(_(EMPTY_TEXT))
        self.empty_state.setObjectName("empty-state")
        self.empty_state.setWordWrap(True)
        self.empty_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_state.setMinimumHeight(120)
        self.empty_state.setMargin(24)
        self.empty_state.setFrameShape(QFrame.Shape.StyledPanel)
        self.empty_state.setSizePolicy(
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding
        )

        # Translators: a button: open the selected campaign (a verb).
        self.open_button = QPushButton(_("&Open"))
        self.open_button.setAccessibleName(_("Open the selected campaign"))
        self.open_button.clicked.connect(self._open_current)
        self.new_button = QPushButton(_("&New campaign…"))
        self.new_button.setAccessibleName(_("New campaign"))
        self.new_button.clicked.connect(self.new_campaign_requested)
        self.open_other_button = QPushButton(_("Open another &file…"))
        self.open_other_button.setAccessibleName(_("Open another file"))
        self.open_other_button.clicked.connect(self.open_other_requested)
        self.restore_button = QPushButton(_("&Restore from backup…"))
        self.restore_button.setAccessibleName(_("Restore from backup"))
        self.restore_button.setToolTip(
            _("Make a new campaign file from an encrypted backup (.age)")
        )
        self.restore_button.setAccessibleDescription(
            _("Make a new campaign file from an encrypted backup")
        )
        self.restore_button.clicked.connect(self.restore_requested)
        self.demo_button = QPushButton(_("Try the &demo"))
        self.demo_button.setAccessibleName(_("Try the demo"))
        self.demo_button.setToolTip(
            _("A made-up campaign to practise on; it is deleted when you close it")
        )
        self.demo_button.clicked.connect(self.demo_requested)
        self.about_button = QPushButton(_("&About Organizer"))
        self.about_button.setAccessibleName(_("About Organizer"))

        self.about_button.clicked.connect(self.about_requested)

        buttons = QVBoxLayout()
        for button in (self.open_button, self.new_button, self.open_other_button,
                       self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.about_button)

        left = QVBoxLayout()
        left.addWidget(list_heading)
        left.addWidget(self.campaigns, 1)
        left.addWidget(self.empty_state, 1)

        row = QHBoxLayout()
        row.addLayout(left, 1)
        row.addLayout(buttons)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 24)
        outer.addWidget(title)
        outer.addWidget(subtitle)
        outer.addSpacing(12)
        outer.addLayout(row, 1)

        self.setTabOrder(self.campaigns, self.open_button)
        self.setTabOrder(self.open_button, self.new_button)
        self.setTabOrder(self.new_button, self.open_other_button)
        self.setTabOrder(self.open_other_button, self.restore_button)
        self.setTabOrder(self.restore_button, self.demo_button)
        self.setTabOrder(self.demo_button, self.about_button)

    def refresh(self) -> None:
        """Re-read the data folder (newest first) and show the list or the empty state."""
        self.campaigns.clear()
        for path in paths.list_vaults(paths.data_dir(create=False)):
            item = QListWidgetItem(path.stem)
            item.setData(PATH_ROLE, str(path))
            item.setToolTip(path.name)
            self.campaigns.addItem(item)
        has_any = self.campaigns.count() > 0
        self.campaigns.setVisible(has_any)
        self.empty_state.setVisible(not has_any)
        if has_any:
            self.campaigns.setCurrentRow(0)
        self._update_buttons()

    def focus_first(self) -> None:
        """Give the keyboard to the list, or to New campaign when there is nothing to list."""
        if self.campaigns.count():
            self.campaigns.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.new_button.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _update_buttons(self) -> None:
        has_selection = self.campaigns.currentItem() is not None
        self.open_button.setEnabled(has_selection)
        self.open_button.setVisible(self.campaigns.count() > 0)
        self.open_button.setDefault(has_selection)
        self.new_button.setDefault(not has_selection)

    @Slot()
    def _open_current(self) -> None:
        item = self.campaigns.currentItem()
        if item is not None:
            self._open_item(item)

    @Slot(QListWidgetItem)
    def _open_item(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(Path(str(item.data(PATH_ROLE))))
