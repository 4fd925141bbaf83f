"""A scripted session of the real app, run by test_no_sockets.py as a child process under
strace: unlock, a person's page, a one-on-one, the call-list preview, Save PDF, an import,
a backup, lock. Everything a person does in a week except the explicit Print action.

    python tests/network/gui_session.py FOLDER
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

PASSPHRASE = "correct horse battery staple"
BACKUP_PASSPHRASE = "violet anchor meadow lantern"


def pump(app: object, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.01)


def wait_for(app: object, done: object, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not done():  # type: ignore[operator]
        if time.monotonic() > end:
            raise TimeoutError("the session step did not finish")
        pump(app, 0.05)


def main(folder: Path) -> int:
    from PySide6.QtWidgets import QApplication

    from organizer.core import backup, conversations, importers, paths
    from organizer.core.conversations import OneOnOne
    from organizer.core.demo import create_demo_vault
    from organizer.gui import call_lists_page, print_preview
    from organizer.gui.app import AppController, keep_qt_settings_private, prepare_application
    from organizer.gui.main_window import CALL_LISTS
    from organizer.gui.print_preview import PreviewDialog
    from organizer.platform import harden_process

    harden_process()
    app = QApplication([sys.argv[0]])
    prepare_application(app)
    keep_qt_settings_private(folder / "qt")
    paths.data_dir()
    vault_path = folder / "session.vault"
    create_demo_vault(vault_path, PASSPHRASE, people=60, seed=2).close()

    controller = AppController()
    controller.start()
    pump(app)
    from organizer.core.vault import Vault

    controller.open_vault(Vault.open(vault_path, PASSPHRASE))
    window = controller.main_window
    assert window is not None and controller.vault is not None
    vault = controller.vault
    pump(app)

    person_id = vault.connection.execute("SELECT id FROM person LIMIT 1").fetchone()[0]
    window.show_person(person_id)
    pump(app)
    dialog = window.new_one_on_one(person_id)
    pump(app)
    dialog.reject()
    conversations.log_one_on_one(vault, OneOnOne(person_id=person_id, ask="Sign the letter?",
                                                 issue_names=["Pay"]))
    pump(app)

    shown: list[int] = []

    def preview(parent: object, pages: list, title: str = "") -> bool:
        preview_dialog = PreviewDialog(pages, title)
        preview_dialog.show()
        pump(app)
        shown.append(len(pages))
        preview_dialog.close()
        return False

    print_preview.show_preview = preview  # type: ignore[assignment]
    window.show_section(CALL_LISTS)
    pump(app)
    page = window.call_lists_page
    page.preview()  # type: ignore[attr-defined]
    assert shown, "the preview was shown"
    pdf = folder / "calls.pdf"
    call_lists_page.choose_pdf_path = lambda _parent, _name: pdf  # type: ignore[assignment]
    page.save_pdf()  # type: ignore[attr-defined]
    wait_for(app, pdf.exists)
    pump(app)

    roster = folder / "roster.csv"
    roster.write_text("Name,Personal phone,Department\nAda Quill,+1 206 555 0100,Ops\n"
                      "Bo Reyes,+1 206 555 0101,Ops\n", encoding="utf-8")
    plan = importers.prepare(vault, importers.read_file(roster))
    plan.apply(vault)
    pump(app)

    backup.export_backup(vault, folder / "session-backup.age", BACKUP_PASSPHRASE)
    pump(app)

    controller.lock()
    wait_for(app, lambda: controller.vault is None)
    pump(app)
    controller.shutdown()
    pump(app)
    print(f"session done on {dt.date.today().isoformat()}: {shown[0]} preview pages")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
