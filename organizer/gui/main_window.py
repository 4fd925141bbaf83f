"""The main window of an unlocked vault: navigation, global search, pages, menus.

The window is built for one open vault and thrown away on lock, so no person's data can
outlive the key in a widget or model.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from organizer.core import campaign
from organizer.core.vault import Vault

WINDOW_TITLE = "Organizer"  # never the campaign's name: other apps can read window titles


class MainWindow(QMainWindow):
    """Signals ask the app controller (organizer.gui.app) to act; it owns the vault's life."""

    lock_requested = Signal()
    settings_requested = Signal()
    close_vault_requested = Signal()

    def __init__(self, vault: Vault, *, demo: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.vault = vault
        self.demo = demo
        self.setWindowTitle(WINDOW_TITLE)
        self.setObjectName("main-window")

        central = QWidget(self)
        outer = QVBoxLayout(central)
        if demo:
            banner = QLabel(
                "Demo campaign: every person here is made up. Nothing you type is kept "
                "after you close Organizer."
            )
            banner.setObjectName("demo-banner")
            banner.setStyleSheet("background:#fff3cd;color:#664d03;padding:6px;")
            outer.addWidget(banner)
        row = QHBoxLayout()
        self.navigation = QListWidget(self)
        self.navigation.setAccessibleName("Sections")
        for name in ("Today", "People", "Chart", "Plans", "Call lists"):
            self.navigation.addItem(name)
        self.navigation.setMaximumWidth(160)
        self.pages = QStackedWidget(self)
        for name in ("Today", "People", "Chart", "Plans", "Call lists"):
            page = QLabel(f"{name}", self)
            page.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.pages.addWidget(page)
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.navigation.setCurrentRow(0)
        row.addWidget(self.navigation)
        row.addWidget(self.pages, 1)
        outer.addLayout(row)
        self.setCentralWidget(central)

        self.campaign_label = QLabel(campaign.campaign_name(vault))
        self.statusBar().addPermanentWidget(self.campaign_label)
        self._build_menus()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        lock = QAction("&Lock", self)
        lock.setShortcut(QKeySequence("Ctrl+L"))
        lock.triggered.connect(self.lock_requested)
        file_menu.addAction(lock)
        self.lock_action = lock
        close = QAction("&Close vault", self)
        close.triggered.connect(self.close_vault_requested)
        file_menu.addAction(close)
        settings = QAction("&Settings…", self)
        settings.setShortcut(QKeySequence.StandardKey.Preferences)
        settings.triggered.connect(self.settings_requested)
        file_menu.addAction(settings)
