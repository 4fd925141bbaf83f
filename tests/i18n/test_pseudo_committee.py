"""Settings › Committee, Send updates…, Receive updates…, their summaries and the core's
refusals, all under the pseudo-locale: every word a person reads was marked for translation.

The names, files and folders here are campaign data written without ASCII letters
(`pseudo_support.data`), so any plain word left on screen is a message nobody marked.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from organizer.core.committee import folder, identity, roster, send
from organizer.core.committee.envelope import UpdateRefused
from organizer.core.committee.folder import FolderExchange
from organizer.core.committee.merge import Received
from organizer.core.committee.receive import receive_file, receive_updates
from organizer.core.errors import OrganizerError
from organizer.core.vault import Vault
from organizer.gui import committee_exchange, messages
from organizer.gui.committee_exchange import (
    ExchangeSummaryDialog,
    FileOutcome,
    FolderStatusLabel,
    ReceiveSummary,
    ReceiveUpdatesDialog,
    SendOutcome,
    SendUpdatesDialog,
)
from organizer.gui.committee_settings import (
    AddMemberDialog,
    CommitteeTab,
    ConfirmMemberDialog,
    ScopeDialog,
    describe_stamp,
)
from organizer.i18n import _
from tests.conftest import VaultTemplate
from tests.gui.vault_fixtures import finish_qt
from tests.i18n.pseudo_support import (  # noqa: F401
    data,
    pseudo_fixture,
    pseudo_template_fixture,
    pseudo_vault_fixture,
    unmarked,
    untranslated,
)

MARIA, BEN, CLEO, DEV = (data(name) for name in ("Maria Lopez", "Ben Okafor", "Cleo Park",
                                                 "Dev Shah"))


@pytest.fixture
def others(empty_vault_template: VaultTemplate, tmp_path: Path) -> Iterator[dict[str, Vault]]:
    """Ben's, Cleo's and Dev's own vaults, each with their identity."""
    vaults = {}
    for number, name in enumerate((BEN, CLEO, DEV)):
        vaults[name] = empty_vault_template.open_copy(tmp_path / f"member{number}")
        identity.ensure_identity(vaults[name], name)
    yield vaults
    finish_qt()
    for vault in vaults.values():
        vault.close()


def _card(vault: Vault) -> str:
    me = identity.get_identity(vault)
    assert me is not None
    return me.card().line()


def _committee(vault: Vault, others: dict[str, Vault]) -> None:
    """Maria (the pseudo vault) with Ben (confirmed, everything), Cleo (one department, not
    confirmed) and Dev (removed) on her roster; Ben has Maria on his."""
    identity.ensure_identity(vault, MARIA)
    roster.add_member(vault, _card(others[BEN]))
    roster.confirm_member(vault, BEN)
    roster.add_member(vault, _card(others[CLEO]), [data("Sales")])
    roster.add_member(vault, _card(others[DEV]))
    roster.remove_member(vault, DEV)
    roster.add_member(others[BEN], _card(vault))


def _renamed(path: Path, name: str) -> Path:
    """An update file under a name without ASCII letters (theirs hold a hex code)."""
    return path.rename(path.with_name(data(name)))


# Qt's own standard buttons (qtbase's catalogue translates them), and the card's format,
# which is the same in every language.
_NOT_MESSAGES = {
    "QPushButton: 'OK' (OK)",
    "QPushButton: 'Cancel' (Cancel)",
    "QPlainTextEdit placeholder: 'organizer-member:1:…' (organizer member)",
}


def _check(*widgets: Any) -> None:
    assert [found for found in untranslated(*widgets) if found not in _NOT_MESSAGES] == []


# ----- Settings › Committee -------------------------------------------------------------------


def test_the_committee_tab_before_my_card_is_set_up(qtbot: Any, pseudo: None,
                                                    pseudo_vault: Vault) -> None:
    tab = CommitteeTab(pseudo_vault)
    qtbot.addWidget(tab)
    tab.show()
    _check(tab)
    said: list[str] = []
    tab.problem.connect(said.append)
    tab.set_up()  # no name given
    assert said and unmarked(said[0]) is None, said


def test_the_committee_tab_with_members_and_a_folder(qtbot: Any, pseudo: None,
                                                     pseudo_vault: Vault, others: dict[str, Vault],
                                                     tmp_path: Path) -> None:
    _committee(pseudo_vault, others)
    outbox = tmp_path / data("outbox")
    outbox.mkdir()
    send.send_updates(pseudo_vault, outbox)  # "Last sent: today at …"
    shared = tmp_path / "shared"
    shared.mkdir()
    folder.set_shared_folder(pseudo_vault, shared)
    tab = CommitteeTab(pseudo_vault)
    qtbot.addWidget(tab)
    tab.show()
    tab.folder_path.setText("")  # the path itself is data with ASCII letters in it
    _check(tab)

    tab.members.select_member(DEV)  # removed: the hint says so
    assert tab.select_hint.text()
    _check(tab)
    tab.members.select_member(BEN)
    tab.copy_card()
    tab.my_name.setText(data("Maria L"))
    tab.rename()
    assert tab.renamed_note.isVisibleTo(tab) and tab.copied.isVisibleTo(tab)
    _check(tab)

    shutil.rmtree(shared)  # the disk was pulled out
    tab.refresh()
    assert tab.folder_missing.isVisibleTo(tab)
    assert unmarked(tab.folder_missing.text().replace(str(shared), "")) is None
    tab.folder_missing.setText(tab.folder_missing.text().replace(str(shared), ""))
    tab.folder_path.setText("")
    _check(tab)

    messages.answer_next(False)
    tab.members.select_member(CLEO)
    tab.remove_selected()
    [asked] = messages.seam.seen[-1:]
    messages.seam.reset()
    assert unmarked(asked.text) is None and unmarked(asked.detail) is None, asked


def test_the_add_member_dialog_in_each_state(qtbot: Any, pseudo: None, pseudo_vault: Vault,
                                             others: dict[str, Vault]) -> None:
    identity.ensure_identity(pseudo_vault, MARIA)
    dialog = AddMemberDialog(pseudo_vault)
    qtbot.addWidget(dialog)
    dialog.show()
    _check(dialog)
    dialog.paste("organizer-member:1:broken")  # the card's own text is not a message
    assert dialog.card_problem.isVisibleTo(dialog)
    assert unmarked(dialog.card_problem.text()) is None
    dialog.card_text.clear()
    dialog.paste(_card(others[BEN]))
    assert dialog.found.isVisibleTo(dialog)
    _check(dialog)
    dialog.scope.set_chosen([])  # only these, none ticked
    dialog.accept_button.click()
    assert dialog.error.isVisibleTo(dialog)
    _check(dialog)
    dialog.scope.set_chosen([data("Sales")])
    _check(dialog)
    dialog.card_text.clear()
    dialog.paste(_card(pseudo_vault))  # my own card
    dialog.accept_button.click()
    assert dialog.error.isVisibleTo(dialog)
    _check(dialog)
    dialog.hide()


def test_the_confirm_and_scope_dialogs(qtbot: Any, pseudo: None, pseudo_vault: Vault,
                                       others: dict[str, Vault]) -> None:
    _committee(pseudo_vault, others)
    cleo = roster.find_member(pseudo_vault, CLEO)
    for dialog in (ConfirmMemberDialog(pseudo_vault, cleo), ScopeDialog(pseudo_vault, cleo)):
        qtbot.addWidget(dialog)
        dialog.show()
        _check(dialog)
        dialog.hide()
    scoping = ScopeDialog(pseudo_vault, roster.find_member(pseudo_vault, BEN))
    qtbot.addWidget(scoping)
    scoping.show()
    _check(scoping)
    scoping.scope.set_chosen([data("Sales"), data("Infrastructure")])
    _check(scoping)
    scoping.hide()


# ----- sending and receiving ------------------------------------------------------------------


def test_the_send_and_receive_dialogs(qtbot: Any, pseudo: None, pseudo_vault: Vault,
                                      others: dict[str, Vault]) -> None:
    _committee(pseudo_vault, others)
    sending = SendUpdatesDialog(pseudo_vault)
    receiving = ReceiveUpdatesDialog()
    for dialog in (sending, receiving):
        qtbot.addWidget(dialog)
        dialog.show()
    _check(sending, receiving)
    assert unmarked(committee_exchange.exchange_problem(pseudo_vault) or "") is None
    sending.hide()
    receiving.hide()


def test_the_send_summary(qtbot: Any, pseudo: None, pseudo_vault: Vault,
                          others: dict[str, Vault], tmp_path: Path) -> None:
    _committee(pseudo_vault, others)
    sent = send.send_updates(pseudo_vault, tmp_path)
    sent = [replace(file, path=_renamed(file.path, f"parcel {n}")) for n, file in enumerate(sent)]
    dialog = SendUpdatesDialog(pseudo_vault)
    qtbot.addWidget(dialog)
    dialog.folder = Path(data("stick"))  # shown in the heading
    dialog.show()
    dialog._summary(SendOutcome(sent=sent, not_reached=[DEV]))
    [summary] = dialog.findChildren(ExchangeSummaryDialog)
    _check(summary)
    summary.hide()
    dialog._summary(SendOutcome())  # nothing written
    summaries = dialog.findChildren(ExchangeSummaryDialog)
    _check(*summaries)
    for shown in summaries:
        shown.hide()


def test_the_receive_summary(qtbot: Any, pseudo: None, pseudo_vault: Vault,
                             others: dict[str, Vault], tmp_path: Path) -> None:
    _committee(pseudo_vault, others)
    me = identity.get_identity(pseudo_vault)
    assert me is not None
    [from_ben] = send.send_updates(others[BEN], tmp_path)
    good = _renamed(from_ben.path, "parcel")
    received = receive_file(pseudo_vault, me, good)
    again = receive_file(pseudo_vault, me, good)
    bad = tmp_path / data("junk")
    bad.write_bytes(b"not an update at all")
    try:
        receive_file(pseudo_vault, me, bad)
    except UpdateRefused as error:
        refusal = str(error)
    summary = ReceiveSummary(
        outcomes=[
            FileOutcome(good.name, received.sentence(), applied=True, conflicts=2),
            FileOutcome(good.name, again.sentence()),
            FileOutcome(bad.name, refusal, refused=True),
        ],
        not_reached=[data("later")], skipped_others=2,
    )
    dialog = ExchangeSummaryDialog(
        pseudo_vault, "", summary.heading(), summary.lines(), intro=summary.intro(),
        conflicts=summary.conflicts)
    dialog.setWindowTitle(_("Updates received"))
    qtbot.addWidget(dialog)
    dialog.show()
    _check(dialog)
    dialog.hide()
    for empty in (ReceiveSummary(), ReceiveSummary(skipped_others=1)):
        assert unmarked(empty.heading()) is None


def test_the_shared_folder_summary_and_status_line(qtbot: Any, pseudo: None,
                                                   pseudo_vault: Vault) -> None:
    result = FolderExchange(
        Path(data("shared")),
        received=[Received(Path(data("parcel")), sender=BEN, added={"one_on_one": 1},
                           changed={"person": 2}, erased=1, conflicts=1, out_of_scope=3)],
        refused=[(data("junk"), _("Nothing was received."))],
    )
    status = FolderStatusLabel()
    qtbot.addWidget(status)
    status.show_status(committee_exchange.exchange_status(result, dt.datetime(2026, 12, 4, 15, 5)),
                       "\n".join(line.text for line in committee_exchange.exchange_lines(result)))
    _check(status)
    for line in committee_exchange.exchange_lines(FolderExchange(Path(data("shared")))):
        assert unmarked(line.text) is None, line.text


def test_times_shown_for_the_roster(pseudo: None) -> None:
    today = dt.date.today()
    for day in (today, today - dt.timedelta(days=1), today - dt.timedelta(days=40)):
        stamp = dt.datetime.combine(day, dt.time(12, 5)).astimezone(dt.UTC).isoformat()
        assert unmarked(describe_stamp(stamp, today)) is None, describe_stamp(stamp, today)
    assert unmarked(describe_stamp(None)) is None


# ----- the core's refusals ---------------------------------------------------------------------


def _refusal(call: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(OrganizerError) as caught:
        call(*args, **kwargs)
    return str(caught.value)


def test_refusing_bad_update_files(pseudo: None, pseudo_vault: Vault,
                                   others: dict[str, Vault], tmp_path: Path) -> None:
    identity.ensure_identity(pseudo_vault, MARIA)
    me = identity.get_identity(pseudo_vault)
    assert me is not None
    roster.add_member(others[BEN], _card(pseudo_vault))
    roster.add_member(others[BEN], _card(others[CLEO]))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for_me, for_cleo = sorted(send.send_updates(others[BEN], inbox),
                              key=lambda sent: sent.member != MARIA)
    assert unmarked(for_me.sentence().replace(for_me.path.name, "")) is None

    junk = tmp_path / data("junk")
    junk.write_bytes(b"age-encryption.org/v1\n-> X25519 nonsense\n--- nonsense\n")
    cut = tmp_path / data("cut short")
    cut.write_bytes(for_me.path.read_bytes()[:200])
    stranger = _renamed(for_me.path, "from a stranger")
    other = _renamed(for_cleo.path, "for cleo")
    plain = tmp_path / data("plain")
    plain.write_bytes(b"hello")
    sentences = [_refusal(receive_file, pseudo_vault, me, path)
                 for path in (plain, junk, cut, stranger, other)]
    roster.add_member(pseudo_vault, _card(others[BEN]))
    roster.remove_member(pseudo_vault, BEN)
    sentences.append(_refusal(receive_file, pseudo_vault, me, stranger))
    sentences.append(_refusal(receive_updates, pseudo_vault, [tmp_path / data("gone")]))
    for sentence in sentences:
        assert unmarked(sentence) is None, sentence


def test_refusing_cards_members_and_folders(pseudo: None, pseudo_vault: Vault,
                                            others: dict[str, Vault], tmp_path: Path) -> None:
    sentences = [
        _refusal(folder.exchange_with_folder, pseudo_vault),
        _refusal(receive_updates, pseudo_vault, []),
        _refusal(identity.ensure_identity, pseudo_vault),
        _refusal(identity.ensure_identity, pseudo_vault, " "),
        _refusal(identity.parse_card, "organizer-member:1:abc"),
        _refusal(identity.parse_card, "organizer-member:9:abc"),
        _refusal(identity.parse_card, "nonsense"),
        _refusal(identity.card_line_in, f"{_card(others[BEN])}\n{_card(others[CLEO])}"),
    ]
    identity.ensure_identity(pseudo_vault, MARIA)
    roster.add_member(pseudo_vault, _card(others[BEN]))
    campaign_departments = [data("Nowhere")]
    sentences += [
        _refusal(roster.add_member, pseudo_vault, _card(pseudo_vault)),
        _refusal(roster.add_member, pseudo_vault, _card(others[BEN])),
        _refusal(roster.add_member, pseudo_vault, _card(others[CLEO]), campaign_departments),
        _refusal(roster.find_member, pseudo_vault, DEV),
        _refusal(send.send_updates, pseudo_vault, tmp_path, [DEV]),
        _refusal(send.send_updates, pseudo_vault, tmp_path / data("gone")),
    ]
    roster.remove_member(pseudo_vault, BEN)
    sentences += [
        _refusal(roster.remove_member, pseudo_vault, BEN),
        _refusal(send.send_updates, pseudo_vault, tmp_path),
    ]
    for sentence in sentences:
        # Paths are data with ASCII letters in them (the temporary folder's).
        assert unmarked(sentence.replace(str(tmp_path), "")) is None, sentence
