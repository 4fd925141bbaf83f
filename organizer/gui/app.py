"""The application's life: start screen → unlock (or create) → main window → lock → unlock.

`AppController` owns the open vault and the one main window built for it. Locking closes
the vault (dropping its key), destroys the main window with every model and widget that held
a name or a note, clears our clipboard text, and shows the unlock page for the same file.
Nothing about a campaign is kept between those states except the vault's path.

Qt keeps a little state of its own (its file dialog's visited folders in QtProject.conf);
`keep_qt_settings_private` sends all of it to a throwaway folder deleted on quit. Organizer
itself uses no QSettings: every setting lives encrypted in the vault.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QSocketNotifier, QThreadPool, QTimer, Slot
from PySide6.QtGui import QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core import campaign, paths, retention, secrets, temp_folders
from organizer.core.backup import (
    DAILY,
    BackupManifest,
    auto_backup_settings,
    clean_partial_backups,
    clean_restore_leftovers,
    run_automatic_backup,
)
from organizer.core.errors import OrganizerError
from organizer.core.passphrase import suggest_passphrase
from organizer.core.vault import Vault
from organizer.gui import messages, panic_key_setting
from organizer.gui.about_dialog import show_about
from organizer.gui.backup_dialogs import BackupNowDialog, RestoreDialog, choose_backup_file
from organizer.gui.clipboard import SecureClipboard
from organizer.gui.locking import DesktopLockWatcher, IdleWatcher, PanicKey
from organizer.gui.main_window import MainWindow, Place
from organizer.gui.new_campaign_dialog import NewCampaignDialog
from organizer.gui.qt_language import use_chosen_language
from organizer.gui.settings_dialog import SettingsDialog
from organizer.gui.start_screen import StartScreen, choose_open_path
from organizer.gui.unlock import Unlocked, UnlockPage, describe_error
from organizer.gui.window_privacy import CapturePrivacy
from organizer.gui.workers import (
    Progress,
    Task,
    VaultWrite,
    stop_vault_tasks,
    vault_writes_running,
)
from organizer.i18n import N_, _, ngettext
from organizer.platform import harden_process

APP_NAME = "Organizer"
# Translators: the app's name, the window's title. Keep it as it is.
WINDOW_TITLE = N_("Organizer")  # never a campaign's name: other programs can read window titles
DEMO_PEOPLE = 300
DEMO_SEED = 1  # the same made-up campaign every time, so "in the demo, Ravi…" means something
DEMO_FILE = "demo.vault"
BACKUP_CHECK_MS = 3_600_000  # the daily automatic backup: checked every hour
FIRST_BACKUP_CHECK_MS = 60_000  # and once a minute after a campaign opens
QUIT_BACKUP_SECONDS = 30.0  # on quit, an automatic backup still running after this is dropped
LOCK_REASONS = {  # DesktopLockWatcher's reasons, as the unlock page says them
    "screen locked": N_("Locked because the screen locked."),
    "going to sleep": N_("Locked before the computer went to sleep."),
    "session locked": N_("Locked because the session locked."),
    "screen asleep": N_("Locked because the screen went to sleep."),
}


def keep_qt_settings_private(folder: Path) -> None:
    """Send Qt's own user settings (file dialog history, custom colours) to `folder`.

    Effective where Qt's settings are files (Linux, BSD). On Windows and macOS Qt writes
    them to the registry / a plist regardless; there the file dialog seam
    (start_screen.choose_*_path) resets what the dialog would remember before it is saved.
    """
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for kind in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(folder))
        QSettings.setPath(kind, QSettings.Scope.SystemScope, str(folder))


def quit_on_termination_signals(app: QApplication) -> None:
    """Logging out or Ctrl+C sends a signal: quit through Qt, so the vault is closed, the
    clipboard cleared and the demo deleted as on File > Quit, instead of dying mid-way.

    Python runs signal handlers only between bytecodes, and Qt's loop runs in C++: the
    wakeup pipe makes the loop call back into Python as soon as a signal arrives.
    """
    def request_quit(_signal_number: int, _frame: object) -> None:
        app.quit()

    for name in ("SIGTERM", "SIGINT", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, request_quit)
    if sys.platform == "win32":
        return
    read_end, write_end = os.pipe()
    os.set_blocking(read_end, False)
    os.set_blocking(write_end, False)
    signal.set_wakeup_fd(write_end)
    notifier = QSocketNotifier(read_end, QSocketNotifier.Type.Read, app)

    def drain() -> None:
        with contextlib.suppress(OSError):
            os.read(read_end, 64)

    notifier.activated.connect(drain)


def prepare_application(app: QApplication) -> None:
    """Names and desktop integration; nothing here reads or writes QSettings."""
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("organizer")
    use_chosen_language(app)
    # The window icon, in every size we ship; a missing icons folder just means Qt's default.
    icon = QIcon()
    for png in sorted((paths.resources_dir() / "icons").glob("organizer-*.png")):
        icon.addFile(str(png))
    if not icon.isNull():
        app.setWindowIcon(icon)


class ShellWindow(QWidget):
    """The window shown while no vault is open: start screen, unlock page, demo progress."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(_(WINDOW_TITLE))
        self.setObjectName("shell-window")
        self.start_screen = StartScreen()
        self.unlock_page = UnlockPage()
        self.busy_page = QWidget()
        busy_layout = QVBoxLayout(self.busy_page)
        self.busy_label = QLabel()
        self.busy_label.setWordWrap(True)
        busy_layout.addStretch(1)
        busy_layout.addWidget(self.busy_label)
        busy_layout.addStretch(1)
        self.pages = QStackedWidget()
        for page in (self.start_screen, self.unlock_page, self.busy_page):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.resize(760, 520)

    def show_page(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        self.show()
        self.raise_()
        self.activateWindow()


class AppController(QObject):
    """Owns the vault's life in the app. One controller, one window at a time."""

    def __init__(
        self,
        *,
        demo: bool = False,
        idle_timeout_ms: int | None = None,
        watch_desktop: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.demo = demo
        self.vault: Vault | None = None
        self.main_window: MainWindow | None = None
        self.clipboard = SecureClipboard(self)
        self.keychain_available = False
        self._idle_timeout_override = idle_timeout_ms
        self._demo_folder: Path | None = None
        self._demo_passphrase: str | None = None
        self._stopped = False
        self._place: tuple[Path, Place] | None = None

        # Before any window shows: each is kept out of screen capture from its first frame.
        self.capture = CapturePrivacy(parent=self)
        # The panic key (Ctrl+Shift+L unless changed in Settings › Safety) locks at once from
        # anywhere, dialogs and previews included.
        self.panic = PanicKey(self)
        self.panic.pressed.connect(self._panic_locked)
        self.idle = IdleWatcher(parent=self)
        self.idle.idle.connect(self._idle_locked)
        self.desktop: DesktopLockWatcher | None = None
        if watch_desktop:
            self.desktop = DesktopLockWatcher.for_this_desktop(self)
            self.desktop.lock_requested.connect(self._desktop_locked)

        self.shell = ShellWindow()
        if self.desktop is not None:
            self.desktop.watch_window(self.shell)
        start = self.shell.start_screen
        start.open_requested.connect(self.show_unlock)
        start.open_other_requested.connect(self.open_other_file)
        start.new_campaign_requested.connect(self.new_campaign)
        start.demo_requested.connect(self.start_demo)
        start.about_requested.connect(self.show_about)
        start.restore_requested.connect(self.restore_from_backup)
        self.shell.unlock_page.unlocked.connect(self._unlocked)
        self.shell.unlock_page.back_requested.connect(self.show_start)
        self.settings_dialog: SettingsDialog | None = None
        # Automatic backups: a timer for the daily one; lock and close wait for a running one.
        self.backup_timer = QTimer(self)
        self.backup_timer.setSingleShot(True)
        self.backup_timer.timeout.connect(self.daily_backup)
        self.backup_task: Task | None = None
        quit_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Quit), self.shell)
        quit_shortcut.activated.connect(self.shell.close)

    # ----- states ---------------------------------------------------------------------------

    def start(self) -> None:
        """Show the first screen (or make the demo), and ask the keychain in the background."""
        if not self.demo:
            task = Task(lambda _p: secrets.keychain_available(), parent=self.shell)
            task.succeeded.connect(self._keychain_probed)
            task.start()
        if self.demo:
            self.start_demo()
        else:
            self.show_start()
        Task(lambda _p: _clean_data_folder(), parent=self.shell).start()

    @Slot()
    def show_start(self) -> None:
        self.shell.start_screen.refresh()
        self.shell.show_page(self.shell.start_screen)
        self.shell.start_screen.focus_first()

    @Slot(object)
    def show_unlock(self, path: object, why: str = "") -> None:
        assert isinstance(path, Path)
        demo_passphrase = self._demo_passphrase if self._is_demo_vault(path) else None
        self.shell.unlock_page.set_vault(
            path,
            keychain_available=self.keychain_available,
            demo_passphrase=demo_passphrase,
            why_locked=why,
        )
        self.shell.show_page(self.shell.unlock_page)
        self.shell.unlock_page.focus_passphrase()

    def open_vault(self, vault: Vault, *, demo: bool = False) -> None:
        """Build the main window for an unlocked vault and start watching for idleness."""
        self.vault = vault
        window = MainWindow(vault, demo=demo)
        # MainWindow's constructor is fixed; it copies personal details through this.
        window.clipboard = self.clipboard
        window.lock_requested.connect(self.lock)
        window.settings_requested.connect(self.open_settings)
        window.close_vault_requested.connect(self.close_vault)
        window.about_requested.connect(self.show_about)
        window.backup_requested.connect(self.back_up_now)
        self.main_window = window
        self._clean_backup_folder(vault)
        self.backup_timer.start(FIRST_BACKUP_CHECK_MS)
        self._apply_idle_timeout()
        self._apply_capture_setting()
        self.idle.start()
        window.show()
        window.raise_()
        window.activateWindow()
        self.shell.hide()
        place, self._place = self._place, None
        if place is not None and place[0] == vault.path:
            window.return_to(place[1])
        # The shared folder (if the campaign has one) is kept in step while it is unlocked.
        window.folder_sync.start()

    @Slot()
    def lock(self, why: str = "") -> None:
        """Close the vault, drop every window and model that showed its data, ask again.

        At once, whatever is running: reads and imports are cancelled and rolled back, and
        with automatic backups on, the backup is made afterwards in a worker that holds
        only the vault's path and key (its encryption in a child process), never a window.
        """
        if self.vault is None:
            return
        self._stop_folder_sync()
        # Reads and writes on the vault go first (cancelled, interrupted, rolled back): the
        # backup and the window's drafts write, and would wait for an import's write lock.
        why = " ".join([why or _("Locked."), *stop_vault_tasks(self.vault)])
        self._backup_then(lambda: self._lock_now(why), _("Backing up before locking…"))

    def _lock_now(self, why: str) -> None:
        if self.vault is None:
            return
        path = self.vault.path
        if self.main_window is not None:
            # Unlocking this vault again returns here (ids only, in memory).
            self._place = (path, self.main_window.place())
        self._tear_down()
        if not self._stopped:
            self.show_unlock(path, why)

    @Slot()
    def close_vault(self) -> None:
        """Close the campaign and go back to the start screen (the demo is deleted)."""
        if self.vault is None:
            return
        self._stop_folder_sync()
        stop_vault_tasks(self.vault)
        self._backup_then(self._close_now, _("Backing up before closing…"))

    def _close_now(self) -> None:
        if self.vault is None:
            return
        self._tear_down()
        if self._demo_folder is not None:
            self._delete_demo()
        self.show_start()

    @Slot()
    def shutdown(self) -> None:
        """On quit: back up if due, close the vault, clear our clipboard text, delete the demo."""
        self._stopped = True
        self._stop_folder_sync()
        if self.vault is not None:
            stop_vault_tasks(self.vault)
        self._backup_on_quit()
        self._tear_down()
        QThreadPool.globalInstance().waitForDone(10_000)
        self._delete_demo()
        if self.desktop is not None:
            self.desktop.stop()
        self.capture.stop()
        self.panic.stop()
        self.shell.hide()
        self.shell.deleteLater()

    def _tear_down(self) -> None:
        # Whatever path led here: every read and write on the vault is cancelled, and has
        # rolled back and closed its connection, before the window and the vault go.
        self._stop_folder_sync()
        if self.vault is not None:
            stop_vault_tasks(self.vault)
        self.idle.stop()
        self.backup_timer.stop()
        Task.cancel_all(sparing=self.backup_task)  # PDFs, keychain calls: stop at their next check
        window, self.main_window = self.main_window, None
        if window is not None:
            window.hide()  # first, while the vault is open: the window keeps drafts on hide
        self._close_dialogs()
        if window is not None:
            with contextlib.suppress(RuntimeError):
                window.lock_requested.disconnect(self.lock)
                window.settings_requested.disconnect(self.open_settings)
                window.close_vault_requested.disconnect(self.close_vault)
                window.about_requested.disconnect(self.show_about)
                window.backup_requested.disconnect(self.back_up_now)
            window.deleteLater()  # children (models, views, dialogs) go with it
        vault, self.vault = self.vault, None
        if vault is not None:
            stop_vault_tasks(vault)  # any a closing dialog's last word started
            vault.close()
        self._apply_capture_setting()
        self.clipboard.clear_everything_ours()
        QTimer.singleShot(0, gc.collect)

    def _stop_folder_sync(self) -> None:
        """No shared-folder pass may start again, and a running one has rolled back (its
        timers would otherwise start a pass on a vault about to close)."""
        if self.main_window is not None:
            self.main_window.folder_sync.stop()

    def _close_dialogs(self) -> None:
        """Dismiss menus and dialogs over the main window before it goes."""
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()
            if QApplication.activePopupWidget() is popup:
                break
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.done(QDialog.DialogCode.Rejected)

    # ----- backups --------------------------------------------------------------------------

    def _backup_then(self, then: Callable[[], None], label: str) -> None:
        """`then` (lock or close) at once, and the automatic backup, if one is due, after it
        in a worker that holds only the vault's path and key: no window waits for it, and
        it never shows one. (A backup already running goes on the same way.)"""
        vault = self.vault
        if vault is None:
            return
        holder = None
        if self.backup_task is None:
            try:
                if auto_backup_settings(vault).enabled:
                    holder = vault.key_holder()
            except OrganizerError:
                holder = None
        then()
        if holder is not None:
            self._start_backup(holder, label, min_interval=None)

    @Slot()
    def daily_backup(self) -> None:
        """The timer's check: an automatic backup when the last one is a day old and the
        campaign changed since. Quiet: a line in the status bar, no dialog."""
        self.backup_timer.start(BACKUP_CHECK_MS)
        vault = self.vault
        if vault is None or self.backup_task is not None or vault_writes_running():
            return  # an import holds the write lock: the next hourly check will do
        try:
            if not auto_backup_settings(vault).enabled:
                return
        except OrganizerError:
            return
        self._start_backup(vault.key_holder(), _("Making the daily backup…"),
                           min_interval=DAILY)

    def _start_backup(
        self, holder: Vault, label: str, *, min_interval: dt.timedelta | None
    ) -> None:
        """The automatic backup in a worker, on `holder` (`Vault.key_holder`: connections
        of its own, the key dropped when done). Quiet: a line in the status bar while the
        window is there, never a dialog; the outcome is recorded for Today."""
        interval = min_interval

        def work(progress: Progress) -> BackupManifest | None:
            def report(fraction: float) -> None:
                progress.report(round(fraction * 100), 100, label)

            try:
                return run_automatic_backup(
                    holder, min_interval=interval, progress=report,
                    cancelled=lambda: progress.cancelled,
                )
            finally:
                holder.close()

        window = self.main_window
        if window is not None:
            window.statusBar().showMessage(label, 30_000)
        task = Task(work, parent=None, label=label, cancellable=True,
                    progress_delay_ms=24 * 3_600_000)
        task.finished.connect(self._backup_finished)
        self.backup_task = task
        task.start()

    @Slot()
    def _backup_finished(self) -> None:
        # A failure is recorded in the vault by run_automatic_backup; Today shows it.
        self.backup_task = None
        window = self.main_window
        if window is not None:
            window.statusBar().clearMessage()
            window.today_page.refresh_backup_status()

    def _backup_on_quit(self) -> None:
        """Quitting with changes since the last backup: make it now (the window is going)."""
        task, self.backup_task = self.backup_task, None
        if task is not None:
            task.wait(QUIT_BACKUP_SECONDS)
            return
        vault = self.vault
        if vault is None:
            return
        deadline = time.monotonic() + QUIT_BACKUP_SECONDS
        with contextlib.suppress(OrganizerError):
            if auto_backup_settings(vault).enabled:
                run_automatic_backup(
                    vault, cancelled=lambda: time.monotonic() > deadline,
                    # Quitting waits for the lock to note it no longer than its own deadline.
                    record_wait_ms=int(max(0.0, deadline - time.monotonic()) * 1000))

    def _clean_backup_folder(self, vault: Vault) -> None:
        """Remove what a killed export left in the automatic-backup folder (in a worker:
        the folder may be on a slow USB stick)."""
        try:
            folder = auto_backup_settings(vault).folder
        except OrganizerError:
            return
        if folder is not None:
            Task(lambda _p: clean_partial_backups(folder), parent=self.main_window).start()

    @Slot()
    def back_up_now(self) -> None:
        vault, window = self.vault, self.main_window
        if vault is None or window is None:
            return
        dialog = BackupNowDialog(vault, window)
        dialog.backed_up.connect(lambda _m: window.today_page.refresh_backup_status())
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    @Slot()
    def restore_from_backup(self) -> None:
        """Start screen: choose a backup, then make a new vault from it and open it."""
        chosen = choose_backup_file(self.shell)
        if chosen is None:
            return
        dialog = RestoreDialog(chosen, self.shell)
        dialog.restored.connect(self._campaign_created)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    # ----- opening and creating -------------------------------------------------------------

    @Slot()
    def open_other_file(self) -> None:
        path = choose_open_path(self.shell)
        if path is not None:
            self.show_unlock(path)

    @Slot()
    def new_campaign(self) -> None:
        dialog = NewCampaignDialog(self.shell)
        dialog.created.connect(self._campaign_created)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    @Slot(object)
    def _campaign_created(self, vault: object) -> None:
        assert isinstance(vault, Vault)
        self.open_vault(vault)

    @Slot(object)
    def _unlocked(self, result: object) -> None:
        assert isinstance(result, Unlocked)
        self.open_vault(result.vault, demo=self._is_demo_vault(result.vault.path))
        self._keep_less()
        if result.keychain_problem:
            messages.warn(self.main_window, result.keychain_problem)

    def _keep_less(self) -> None:
        """Settings › Retention: once confirmed, its rules erase what the campaign no longer
        needs each time it is unlocked, in the background; the status bar says what went."""
        vault, window = self.vault, self.main_window
        if vault is None or window is None:
            return
        try:
            rules = retention.rules(vault)
        except OrganizerError:
            return
        if not (rules.any_on and rules.confirmed):
            return

        def erase(own: Vault, _progress: Progress) -> retention.RetentionPreview | None:
            return retention.run_on_unlock(own)

        task = VaultWrite(
            vault, erase, parent=window,
            label=_("Erasing what this campaign no longer needs…"),
            undone_note=_("Nothing was erased: the rules run again the next time this "
                          "campaign is unlocked."))
        task.outcome.connect(self._kept_less)
        task.start()

    @Slot(object, object, object)
    def _kept_less(self, task: object, erased: object, error: object) -> None:
        window = self.main_window
        if window is None or (isinstance(task, VaultWrite) and task.stopped_by_app):
            return  # a lock or a close stopped it: the unlock page says so
        if error is not None:
            messages.warn(window, _("Nothing was erased: {problem}").format(
                problem=describe_error(error)))
            return
        if not isinstance(erased, retention.RetentionPreview) or erased.empty:
            return
        window.statusBar().showMessage(_("Retention erased: {list}.").format(
            list="; ".join(erased.sentences())), 60_000)
        window._data_changed(None)  # the pages in view read again; the others when shown

    @Slot(object)
    def _keychain_probed(self, available: object) -> None:
        self.keychain_available = bool(available)
        self.shell.unlock_page.set_keychain_available(self.keychain_available)

    @Slot()
    def _panic_locked(self) -> None:
        # Translators: {key} is the panic key in use, as this platform writes it
        # ("Ctrl+Shift+L", "⇧⌘L").
        self.lock(_("Locked at once ({key}).").format(
            key=panic_key_setting.native(self.panic.key)))

    @Slot(str)
    def _desktop_locked(self, reason: str) -> None:
        self.lock(_(LOCK_REASONS[reason]) if reason in LOCK_REASONS else _("Locked."))

    @Slot()
    def _idle_locked(self) -> None:
        minutes = round(self.idle.timeout_ms / 60_000)
        self.lock(
            ngettext("Locked after {n} minute without use.",
                     "Locked after {n} minutes without use.", minutes
                     ).format(n=formats.number(minutes))
            if minutes >= 1 else _("Locked after a while without use.")
        )

    # ----- settings and about ---------------------------------------------------------------

    @Slot()
    def open_settings(self) -> None:
        if self.vault is None or self.main_window is None:
            return
        dialog = SettingsDialog(
            self.vault,
            keychain_available=self.keychain_available and not self._is_demo_vault(
                self.vault.path
            ),
            parent=self.main_window,
        )
        dialog.saved.connect(self._apply_idle_timeout)
        dialog.saved.connect(self._apply_capture_setting)
        dialog.saved.connect(self.main_window.settings_saved)
        dialog.finished.connect(self._settings_closed)
        dialog.open()
        self.settings_dialog = dialog

    @Slot()
    def _settings_closed(self) -> None:
        dialog, self.settings_dialog = self.settings_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        # Settings › Committee saves the shared folder at once, without Save: look again.
        if self.main_window is not None:
            self.main_window.folder_sync.folder_setting_changed()

    @Slot()
    def show_about(self) -> None:
        show_about(self.main_window or self.shell)

    @Slot()
    @Slot()
    def _apply_capture_setting(self) -> None:
        """The open campaign's choice; with no campaign open, the safe default (hidden)."""
        self.capture.set_hidden(
            self.vault is None or campaign.hide_from_capture(self.vault)
        )

    def _apply_idle_timeout(self) -> None:
        if self._idle_timeout_override is not None:
            self.idle.set_timeout_ms(self._idle_timeout_override)
        elif self.vault is not None:
            self.idle.set_timeout_ms(campaign.auto_lock_minutes(self.vault) * 60_000)

    # ----- the demo -------------------------------------------------------------------------

    @Slot()
    def start_demo(self) -> None:
        """Make a fresh made-up campaign in a private temporary folder, in a worker."""
        if self.vault is not None or self._demo_folder is not None:
            return
        folder = temp_folders.private_folder(temp_folders.DEMO_PREFIX)  # 0700
        self._demo_folder = folder
        self._demo_passphrase = passphrase = suggest_passphrase()
        path = folder / DEMO_FILE
        self.shell.busy_label.setText(
            ngettext("Making up a demo campaign with {n} coworker. "
                     "Everyone in it is fictional.",
                     "Making up a demo campaign with {n} coworkers. "
                     "Everyone in it is fictional.", DEMO_PEOPLE
                     ).format(n=formats.number(DEMO_PEOPLE))
        )
        self.shell.show_page(self.shell.busy_page)

        def make(_progress: Progress) -> Vault:
            from organizer.core.demo import create_demo_vault

            return create_demo_vault(path, passphrase, people=DEMO_PEOPLE, seed=DEMO_SEED)

        task = Task(make, parent=self.shell, label=_("Making up a demo campaign…"))
        task.succeeded.connect(self._demo_ready)
        task.failed.connect(self._demo_failed)
        task.start()

    @Slot(object)
    def _demo_ready(self, vault: object) -> None:
        assert isinstance(vault, Vault)
        if self._stopped:
            vault.close()
            return
        self.open_vault(vault, demo=True)

    @Slot(object)
    def _demo_failed(self, error: object) -> None:
        self._delete_demo()
        self.show_start()
        messages.warn(self.shell, _("The demo could not be made. {error}").format(
            error=describe_error(error)))


    def _is_demo_vault(self, path: Path) -> bool:
        return self._demo_folder is not None and path.parent == self._demo_folder

    def _delete_demo(self) -> None:
        folder, self._demo_folder = self._demo_folder, None
        self._demo_passphrase = None
        if folder is not None:
            temp_folders.remove_folder(folder)


def _clean_data_folder() -> None:
    """What killed exports and restores left in the vaults' folder (the lock on a file still
    being written keeps it)."""
    folder = paths.data_dir(create=False)
    clean_partial_backups(folder)
    clean_restore_leftovers(folder)


def run_app(demo: bool = False, argv: list[str] | None = None) -> int:
    """Start the desktop app (`organizer`, or `organizer --demo`); returns the exit code."""
    harden_process()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(
        argv if argv is not None else sys.argv[:1]
    )
    prepare_application(app)
    quit_on_termination_signals(app)
    # What a killed Organizer left in the temporary folder (Qt's settings, a demo) goes first.
    temp_folders.remove_abandoned()
    qt_settings = temp_folders.private_folder(temp_folders.QT_SETTINGS_PREFIX)
    keep_qt_settings_private(qt_settings)
    paths.data_dir()  # 0700, before anything lists or writes vaults
    controller = AppController(demo=demo)
    app.aboutToQuit.connect(controller.shutdown)
    controller.start()
    try:
        return int(app.exec())
    finally:
        temp_folders.remove_folder(qt_settings)
