"""`organizer committee`: members swap cards, send and receive update files, through the CLI.

Four real vaults (copies of the suite's template) are set up once for the module, through the
CLI: Ana Reyes, Ben Okafor and Cy Park form the committee (Cy sees the Warehouse only), and
Dee Stone, a stranger, knows Ben's card but is on nobody's roster. Ana has written a file for
Ben and one for Cy, Dee one for Ben. Each test copies the vaults it changes.

Every bad input: exit 1, one sentence on stderr, no traceback, the receiving vault unchanged.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import sqlite3
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyrage
import pytest

from organizer import cli
from organizer.core import campaign, conversations, people
from organizer.core.committee import envelope
from organizer.core.committee.identity import Identity, MemberCard, get_identity
from organizer.core.committee.roster import Member, list_members, remove_member
from organizer.core.vault import Vault
from tests.cli.cli_helpers import PASSPHRASE, Outcome, lines, run_process
from tests.conftest import assert_private, session_template

UPDATE_NAME = re.compile(r"[0-9]+-[0-9]{5}-[0-9a-f]+\.organizer-update")
DUMPED_TABLES = ("person", "one_on_one", "field_stamp", "committee_member", "update_received")
NAMES = {"ana": "Ana Reyes", "ben": "Ben Okafor", "cy": "Cy Park", "dee": "Dee Stone"}


def run(argv: list[str], stdin: str = f"{PASSPHRASE}\n") -> Outcome:
    """`organizer committee ARGV` in this process, standard input from a string (so not a
    terminal). Like tests/cli's run_in_process, without its function-scoped fixtures, so the
    module's fixture can run it too."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdin", io.StringIO(stdin))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(["committee", *argv])
    return Outcome(code, out.getvalue(), err.getvalue())


def ok(argv: list[str]) -> Outcome:
    result = run(argv)
    assert result.code == 0, (argv, result)
    assert result.err == "", result.err
    return result


def card_line(output: str) -> str:
    (line,) = [line for line in output.splitlines() if line.startswith("organizer-member:")]
    return line


@dataclass(frozen=True)
class World:
    folder: Path
    raw_key: str
    vaults: dict[str, Path]  # closed and never changed after setup: copy before use
    cards: dict[str, str]
    fingerprints: dict[str, str]
    identities: dict[str, Identity]
    outputs: dict[str, Outcome]
    from_ana: Path  # Ana's folder: one file for Ben, one for Cy
    to_ben: Path  # Ana's file for Ben
    to_cy: Path
    dee_to_ben: Path
    people: dict[str, str]  # Ana's people, name to id
    template: Path  # a vault with no committee identity

    def copy(self, name: str, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{name}.vault"
        shutil.copyfile(self.vaults[name], target)
        os.chmod(target, 0o600)
        return target

    def fresh(self, folder: Path) -> Path:
        """A vault with no committee identity yet."""
        target = folder / "fresh.vault"
        shutil.copyfile(self.template, target)
        return target

    def open(self, path: Path) -> Vault:
        return Vault.open_with_key(path, self.raw_key)

    def dump(self, path: Path) -> dict[str, list[tuple[object, ...]]]:
        """What a refused file must leave as it was."""
        with self.open(path) as vault:
            return {
                table: vault.connection.execute(
                    f"SELECT * FROM {table} ORDER BY 1, 2"
                ).fetchall()
                for table in DUMPED_TABLES
            }

    def members(self, path: Path) -> dict[str, Member]:
        with self.open(path) as vault:
            return {member.name: member for member in list_members(vault)}


def _fill_ana(vault: Vault) -> dict[str, str]:
    warehouse = campaign.add_list_entry(vault, "department", "Warehouse").id
    office = campaign.add_list_entry(vault, "department", "Office").id
    rosa = people.add_person(vault, people.Person(name="Rosa Diaz", department_id=warehouse))
    omar = people.add_person(vault, people.Person(name="Omar Haddad", department_id=office))
    conversations.log_one_on_one(
        vault, conversations.OneOnOne(person_id=rosa.id, agitate="The heat on the dock")
    )
    conversations.log_one_on_one(
        vault,
        conversations.OneOnOne(person_id=rosa.id, notes="Only for me", is_private=True),
    )
    return {"Rosa Diaz": rosa.id, "Omar Haddad": omar.id}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    os.umask(0o077)
    folder = tmp_path_factory.mktemp("committee")
    with pytest.MonkeyPatch.context() as patch:
        # As tests/conftest.py's private_dirs, which is function-scoped.
        for variable in ("ORGANIZER_DATA_DIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME",
                         "XDG_CACHE_HOME"):
            patch.setenv(variable, str(folder / variable.lower()))
        yield _make_world(tmp_path_factory, folder)


def _make_world(tmp_path_factory: pytest.TempPathFactory, folder: Path) -> World:
    template = session_template(tmp_path_factory)
    vaults = {name: template.copy_to(folder, f"{name}.vault") for name in NAMES}
    outputs: dict[str, Outcome] = {}
    for name, full_name in NAMES.items():
        outputs[f"me-{name}"] = ok(["me", str(vaults[name]), "--name", full_name])
    cards = {name: card_line(outputs[f"me-{name}"].out) for name in NAMES}
    fingerprints = {}
    for name in NAMES:
        lines = outputs[f"me-{name}"].out.splitlines()
        fingerprints[name] = lines[lines.index("Your fingerprint:") + 1]
    with Vault.open_with_key(vaults["ana"], template.raw_key) as vault:
        people_ids = _fill_ana(vault)

    # Ben's card arrives as a saved message: the card line among other lines.
    ben_card = folder / "ben-card.txt"
    ben_card.write_text(f"Hi Ana, here is my card:\n\n{cards['ben']}\n\nBen\n", encoding="utf-8")
    outputs["add-ben"] = ok(["add", str(vaults["ana"]), f"@{ben_card}"])
    outputs["add-cy"] = ok(["add", str(vaults["ana"]), cards["cy"], "--departments", "Warehouse"])
    outputs["confirm-ben"] = ok(["confirm", str(vaults["ana"]), NAMES["ben"]])
    ok(["add", str(vaults["ben"]), cards["ana"]])
    ok(["add", str(vaults["cy"]), cards["ana"]])
    ok(["add", str(vaults["dee"]), cards["ben"]])

    from_ana, from_dee = folder / "from-ana", folder / "from-dee"
    from_ana.mkdir()
    from_dee.mkdir()
    outputs["send-ana"] = ok(["send", str(vaults["ana"]), str(from_ana)])
    ok(["send", str(vaults["dee"]), str(from_dee)])

    identities = {}
    for name in ("ana", "ben"):
        with Vault.open_with_key(vaults[name], template.raw_key) as vault:
            found = get_identity(vault)
            assert found is not None
            identities[name] = found
    sent = {  # "For Ben Okafor (...): ..., in NAME"
        line[len("For "): line.index(" (")]: from_ana / line.rsplit(" ", 1)[1]
        for line in outputs["send-ana"].out.splitlines()
        if line.startswith("For ")
    }
    (dee_to_ben,) = from_dee.iterdir()
    return World(
        folder=folder, raw_key=template.raw_key, vaults=vaults, cards=cards,
        fingerprints=fingerprints, identities=identities, outputs=outputs, from_ana=from_ana,
        to_ben=sent[NAMES["ben"]], to_cy=sent[NAMES["cy"]], dee_to_ben=dee_to_ben,
        people=people_ids, template=template.path,
    )


def names_of_people(world: World, path: Path) -> set[str]:
    with world.open(path) as vault:
        return {row[0] for row in vault.connection.execute("SELECT name FROM person")}


# ----- cards and the roster -------------------------------------------------------------------


def test_me_prints_the_card_and_the_fingerprint_to_read_aloud(world: World) -> None:
    out = world.outputs["me-ana"].out
    assert out.startswith("Made your committee identity as Ana Reyes.")
    assert world.cards["ana"] == world.identities["ana"].card().line()
    assert world.fingerprints["ana"] == world.identities["ana"].fingerprint
    assert "read your fingerprint aloud" in out


def test_me_renames_and_keeps_the_keys(world: World, tmp_path: Path) -> None:
    ana = world.copy("ana", tmp_path)
    again = ok(["me", str(ana)])
    assert card_line(again.out) == world.cards["ana"]
    renamed = ok(["me", str(ana), "--name", "Ana R."])
    assert "Your committee name is now Ana R." in renamed.out
    assert card_line(renamed.out) != world.cards["ana"]
    assert world.fingerprints["ana"] in renamed.out


def test_me_needs_a_name_the_first_time(world: World, tmp_path: Path) -> None:
    fresh = world.fresh(tmp_path)
    result = run(["me", str(fresh)])
    result.assert_one_sentence_error()
    assert "Give your name" in result.err


def test_cards_were_exchanged_and_scoped(world: World) -> None:
    add_ben = world.outputs["add-ben"].out
    assert "Added Ben Okafor" in add_ben
    assert world.fingerprints["ben"] in add_ben
    assert "compare this with theirs, in person or on a call" in add_ben.lower()
    anas = world.members(world.vaults["ana"])
    assert set(anas) == {"Ben Okafor", "Cy Park"}
    assert anas["Ben Okafor"].confirmed and anas["Ben Okafor"].all_departments
    assert anas["Ben Okafor"].fingerprint == world.fingerprints["ben"]
    assert not anas["Cy Park"].confirmed
    assert anas["Cy Park"].department_names == ["Warehouse"]
    assert set(world.members(world.vaults["ben"])) == {"Ana Reyes"}


def test_list_shows_scope_fingerprint_confirmation_and_dates(world: World) -> None:
    out = ok(["list", str(world.vaults["ana"])]).out
    assert f"You: Ana Reyes, fingerprint {world.fingerprints['ana']}" in out
    ben, cy = out.split("\n\nBen Okafor\n")[1].split("\n\nCy Park\n")
    assert "sees: all departments" in ben and "confirmed: yes" in ben
    assert f"fingerprint: {world.fingerprints['ben']}" in ben
    assert re.search(r"last sent: \d{4}-\d\d-\d\d \d\d:\d\d UTC", ben)
    assert "last received: never" in ben and "removed: no" in ben
    assert "sees: Warehouse" in cy and "confirmed: no" in cy


def test_remove_says_what_it_does_and_does_not_do(world: World, tmp_path: Path) -> None:
    ana = world.copy("ana", tmp_path)
    out = ok(["remove", str(ana), "cy park"]).out
    assert "their later files are refused; files already sent cannot be unsent" in out
    listed = ok(["list", str(ana)]).out
    assert "Cy Park (removed)" in listed
    assert re.search(r"removed: \d{4}-\d\d-\d\d", listed)
    again = run(["remove", str(ana), "Cy Park"])
    again.assert_one_sentence_error()
    assert "already removed" in again.err


def test_confirm_marks_a_member(world: World, tmp_path: Path) -> None:
    ana = world.copy("ana", tmp_path)
    assert "Confirmed Cy Park" in ok(["confirm", str(ana), "Cy Park"]).out
    assert world.members(ana)["Cy Park"].confirmed
    unknown = run(["confirm", str(ana), "Nobody"])
    unknown.assert_one_sentence_error()


def _bad_card(world: World) -> str:
    return "organizer-member:1:QW5h:age1notakey:AAAA"


def _keys_of_another(world: World) -> str:
    ben = world.identities["ben"]
    return MemberCard("Benjamin O.", ben.age_public, ben.sign_public).line()


def _not_a_card_at_all(world: World) -> str:
    return "hello Ana, add me please"


def _my_own_card(world: World) -> str:
    return world.cards["ana"]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (_bad_card, "damaged"),
        (_not_a_card_at_all, "not an Organizer member card"),
        (_keys_of_another, "already on the roster under that name"),
        (_my_own_card, "That is your own card"),
    ],
)
def test_a_bad_card_is_refused(
    make: Callable[[World], str], expected: str, world: World, tmp_path: Path
) -> None:
    ana = world.copy("ana", tmp_path)
    before = world.dump(ana)
    result = run(["add", str(ana), make(world)])
    result.assert_one_sentence_error()
    assert expected in result.err
    assert world.dump(ana) == before


def test_a_bad_card_file_is_refused_before_the_passphrase(
    world: World, tmp_path: Path
) -> None:
    ana = world.copy("ana", tmp_path)
    before = world.dump(ana)
    (tmp_path / "two.txt").write_text(f"{world.cards['ben']}\n{world.cards['cy']}\n")
    (tmp_path / "binary.txt").write_bytes(b"\xff\xfe\x00garbage")
    for argument, expected in [
        (f"@{tmp_path / 'missing.txt'}", "cannot read"),
        (f"@{tmp_path / 'two.txt'}", "more than one member card"),
        (f"@{tmp_path / 'binary.txt'}", "does not hold an Organizer member card"),
    ]:
        result = run(["add", str(ana), argument], stdin="")  # no passphrase needed
        result.assert_one_sentence_error()
        assert expected in result.err
    unknown = run(["add", str(ana), world.cards["dee"], "--departments", "Warehouse,Attic"])
    unknown.assert_one_sentence_error()
    assert "no department called Attic" in unknown.err
    assert world.dump(ana) == before


# ----- sending --------------------------------------------------------------------------------


def test_send_writes_one_private_file_per_member_and_nothing_else(world: World) -> None:
    out = world.outputs["send-ana"].out
    assert "For Ben Okafor (everything they may see): 2 people, 1 one-on-one" in out
    assert "For Cy Park (everything they may see): 1 person, 1 one-on-one" in out
    # Cy's fingerprint was never confirmed: the note says so, Ben's (confirmed) has none.
    assert "Note: Cy Park's fingerprint is not confirmed yet" in out
    assert "Ben Okafor's fingerprint" not in out
    names = sorted(os.listdir(world.from_ana))  # hidden files too
    assert names == sorted([world.to_ben.name, world.to_cy.name])
    for name in names:
        assert UPDATE_NAME.fullmatch(name), name
        assert_private(world.from_ana / name)
    assert [p.name for p in (world.folder / "from-dee").iterdir()] == [world.dee_to_ben.name]
    last_sent = world.members(world.vaults["ana"])["Ben Okafor"].last_sent_at
    assert last_sent is not None


def test_send_to_one_member(world: World, tmp_path: Path) -> None:
    ana = world.copy("ana", tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = ok(["send", str(ana), str(out_dir), "--to", " cy park "])
    assert result.out.startswith("For Cy Park (everything they may see)")
    assert len(os.listdir(out_dir)) == 1


def test_send_refusals_write_nothing(world: World, tmp_path: Path) -> None:
    ana = world.copy("ana", tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    before = world.dump(ana)
    unknown = run(["send", str(ana), str(out_dir), "--to", "Ben Okafor", "--to", "Zed"])
    unknown.assert_one_sentence_error()
    assert "no active committee member is called zed" in unknown.err.lower()
    missing = run(["send", str(ana), str(tmp_path / "nowhere")], stdin="")
    missing.assert_one_sentence_error()
    assert "does not exist" in missing.err
    nobody = run(["send", str(world.fresh(tmp_path)), str(out_dir)])
    nobody.assert_one_sentence_error()
    assert os.listdir(out_dir) == []
    assert world.dump(ana) == before


# ----- receiving ------------------------------------------------------------------------------


def test_ben_receives_everything_but_the_private_one_on_one(
    world: World, tmp_path: Path
) -> None:
    ben = world.copy("ben", tmp_path)
    result = ok(["receive", str(ben), str(world.from_ana)])  # Cy's file is skipped silently
    assert result.out.strip() == (
        "From Ana Reyes: 1 new one-on-one, 2 new people, 0 people changed, "
        "0 conflicts to review."
    )
    assert names_of_people(world, ben) == {"Rosa Diaz", "Omar Haddad"}
    with world.open(ben) as vault:
        talks = vault.connection.execute("SELECT agitate, notes FROM one_on_one").fetchall()
    assert talks == [("The heat on the dock", "")]
    assert world.members(ben)["Ana Reyes"].last_received_at is not None


def test_cy_receives_only_the_warehouse(world: World, tmp_path: Path) -> None:
    cy = world.copy("cy", tmp_path)
    result = ok(["receive", str(cy), str(world.to_cy)])
    assert result.out.startswith("From Ana Reyes: 1 new one-on-one, 1 new person")
    assert names_of_people(world, cy) == {"Rosa Diaz"}


def test_a_folder_with_nothing_for_me(world: World, tmp_path: Path) -> None:
    cy = world.copy("cy", tmp_path)
    folder = tmp_path / "shared"
    folder.mkdir()
    shutil.copy(world.to_ben, folder)
    before = world.dump(cy)
    result = ok(["receive", str(cy), str(folder)])
    assert result.out.strip() == "There were no update files for you."
    assert world.dump(cy) == before


def test_the_same_file_twice_is_skipped(world: World, tmp_path: Path) -> None:
    ben = world.copy("ben", tmp_path)
    ok(["receive", str(ben), str(world.to_ben)])
    before = world.dump(ben)
    again = ok(["receive", str(ben), str(world.to_ben)])
    assert again.out.strip() == f"{world.to_ben.name}: from Ana Reyes, already applied; skipped."
    assert world.dump(ben) == before


def test_changes_travel_back(world: World, tmp_path: Path) -> None:
    ana, ben = world.copy("ana", tmp_path), world.copy("ben", tmp_path)
    ok(["receive", str(ben), str(world.to_ben)])
    with world.open(ben) as vault:
        rosa = people.get_person(vault, world.people["Rosa Diaz"])
        rosa.job_title = "Forklift driver"
        people.update_person(vault, rosa)
    out_dir = tmp_path / "from-ben"
    out_dir.mkdir()
    sent = ok(["send", str(ben), str(out_dir)])
    assert sent.out.startswith("For Ana Reyes (everything they may see): ")
    received = ok(["receive", str(ana), str(out_dir)])
    assert received.out.startswith("From Ben Okafor: 0 new one-on-ones, 1 person changed")
    with world.open(ana) as vault:
        assert people.get_person(vault, world.people["Rosa Diaz"]).job_title == (
            "Forklift driver"
        )
    assert "last received: 20" in ok(["list", str(ana)]).out.split("Ben Okafor")[1]


# ----- refused files --------------------------------------------------------------------------


def _decrypt(world: World, path: Path, recipient: str = "ben") -> bytes:
    return bytes(pyrage.decrypt(path.read_bytes(), [world.identities[recipient].age_identity()]))


def _encrypt(world: World, plaintext: bytes, recipient: str = "ben") -> bytes:
    age = pyrage.x25519.Recipient.from_str(world.identities[recipient].age_public)
    return bytes(pyrage.encrypt(plaintext, [age]))


_HEAD = len(envelope.MAGIC) + len(envelope.ENVELOPE_VERSION) + 32 + 64  # then the database


def _resigned(world: World, edit: Callable[[sqlite3.Connection], None]) -> bytes:
    """Ana's file for Ben with its database edited, then properly signed and encrypted."""
    database = _decrypt(world, world.to_ben)[_HEAD:]
    db = sqlite3.connect(":memory:")
    db.deserialize(database)
    edit(db)
    db.commit()
    edited = db.serialize()
    db.close()
    return envelope.seal(edited, world.identities["ana"], world.identities["ben"].age_public)


def _manifest(key: str, value: str) -> Callable[[sqlite3.Connection], None]:
    def edit(db: sqlite3.Connection) -> None:
        db.execute("UPDATE exchange_manifest SET value = ? WHERE key = ?", (value, key))

    return edit


def _flip(data: bytes, position: int) -> bytes:
    changed = bytearray(data)
    changed[position] ^= 0x01
    return bytes(changed)


# Each returns the refused file's bytes; the receiver is Ben unless the case says otherwise.
def for_another_member(world: World) -> bytes:
    return world.to_ben.read_bytes()  # received by Cy


def from_a_stranger(world: World) -> bytes:
    return world.dee_to_ben.read_bytes()


def from_a_removed_member(world: World) -> bytes:
    return world.to_ben.read_bytes()  # Ben removes Ana first


def bad_signature(world: World) -> bytes:
    plaintext = _decrypt(world, world.to_ben)
    return _encrypt(world, _flip(plaintext, _HEAD + 2000))


def flipped_byte(world: World) -> bytes:
    data = world.to_ben.read_bytes()
    return _flip(data, len(data) // 2)


def truncated(world: World) -> bytes:
    data = world.to_ben.read_bytes()
    return data[: len(data) // 2]


def empty(world: World) -> bytes:
    return b""


def random_bytes(world: World) -> bytes:
    return os.urandom(4096)


def newer_envelope(world: World) -> bytes:
    plaintext = _decrypt(world, world.to_ben)
    magic = len(envelope.MAGIC)
    return _encrypt(world, plaintext[:magic] + b"2\n" + plaintext[magic + 2:])


def newer_format(world: World) -> bytes:
    return _resigned(world, _manifest("format_version", "99"))


def newer_schema(world: World) -> bytes:
    return _resigned(world, _manifest("schema_version", "99"))


def not_a_database(world: World) -> bytes:
    return envelope.seal(
        b"not a database at all " * 100, world.identities["ana"],
        world.identities["ben"].age_public,
    )


def _remove_ana(world: World, vault: Path) -> None:
    with world.open(vault) as opened:
        remove_member(opened, NAMES["ana"])


@dataclass(frozen=True)
class Refusal:
    make: Callable[[World], bytes]
    expected: str
    receiver: str = "ben"
    prepare: Callable[[World, Path], None] | None = None  # on the receiver's vault


REFUSALS = [
    Refusal(for_another_member, "written for another committee member", receiver="cy"),
    Refusal(from_a_stranger, "not on your committee's roster"),
    Refusal(from_a_removed_member, "Ana Reyes, who was removed from the committee",
            prepare=_remove_ana),
    Refusal(bad_signature, "does not carry Ana Reyes's signature"),
    Refusal(flipped_byte, "is damaged"),
    Refusal(truncated, "is damaged"),
    Refusal(empty, "is not an Organizer update file"),
    Refusal(random_bytes, "is not an Organizer update file"),
    Refusal(newer_envelope, "written by a newer version of Organizer"),
    Refusal(newer_format, "written by a newer version of Organizer"),
    Refusal(newer_schema, "written by a newer version of Organizer"),
    Refusal(not_a_database, "does not hold an update"),
]


def refused(world: World, tmp_path: Path, case: Refusal, data: bytes) -> Outcome:
    """Receive `data` (in a file named like an update) into a copy of the receiver's vault:
    one sentence, exit 1, the vault unchanged."""
    vault = world.copy(case.receiver, tmp_path)
    if case.prepare is not None:
        case.prepare(world, vault)
    update = tmp_path / "12345-00001-0123456789ab.organizer-update"
    update.write_bytes(data)
    before = world.dump(vault)
    result = run(["receive", str(vault), str(update)])
    result.assert_one_sentence_error()
    assert update.name in result.err
    assert case.expected in result.err
    assert world.dump(vault) == before
    return result


@pytest.mark.parametrize("case", REFUSALS, ids=[case.make.__name__ for case in REFUSALS])
def test_a_refused_file_changes_nothing(case: Refusal, world: World, tmp_path: Path) -> None:
    refused(world, tmp_path, case, case.make(world))


def test_a_resealed_file_is_accepted(world: World, tmp_path: Path) -> None:
    # The control for the cases above: unpacking and sealing again changes nothing by itself.
    ben = world.copy("ben", tmp_path)
    update = tmp_path / "resealed.organizer-update"
    update.write_bytes(_resigned(world, lambda db: None))
    ok(["receive", str(ben), str(update)])
    assert names_of_people(world, ben) == {"Rosa Diaz", "Omar Haddad"}


@pytest.fixture(scope="module")
def backup_file(world: World) -> Path:
    from organizer.core.backup import export_backup

    target = world.folder / "ana-backup.age"
    with world.open(world.copy("ana", world.folder / "for-backup")) as vault:
        export_backup(vault, target, "a long backup passphrase for the test")
    return target


@pytest.mark.slow
def test_a_backup_is_not_an_update(world: World, backup_file: Path, tmp_path: Path) -> None:
    case = Refusal(lambda _: b"", "is an Organizer backup, not an update file")
    refused(world, tmp_path, case, backup_file.read_bytes())


def test_files_applied_before_a_refused_one_stay_applied(
    world: World, tmp_path: Path
) -> None:
    ben = world.copy("ben", tmp_path)
    bad = tmp_path / "bad.organizer-update"
    bad.write_bytes(os.urandom(512))
    result = run(["receive", str(ben), str(world.to_ben), str(bad)])
    result.assert_one_sentence_error()
    assert result.out.startswith("From Ana Reyes:")
    assert "bad.organizer-update is not an Organizer update file." in result.err
    assert "The file before it was applied and stays applied." in result.err
    assert names_of_people(world, ben) == {"Rosa Diaz", "Omar Haddad"}
    # Two applied (the same update again, under another file id), one already applied.
    another = tmp_path / "another.organizer-update"
    another.write_bytes(_resigned(world, _manifest("file_id", "f" * 32)))
    ben_again = world.copy("ben", tmp_path / "again")
    both = run(["receive", str(ben_again), str(world.to_ben), str(another), str(world.to_ben),
                str(bad)])
    both.assert_one_sentence_error()
    assert len(lines(both.out)) == 3 and "already applied; skipped" in both.out
    assert both.err.strip().endswith("The 2 files before it were applied and stay applied.")
    # Refused first: nothing was applied, so nothing is said about it.
    cy = world.copy("cy", tmp_path)
    first = run(["receive", str(cy), str(bad), str(world.to_cy)])
    first.assert_one_sentence_error()
    assert "applied" not in first.err
    assert names_of_people(world, cy) == set()


def test_receive_refusals_before_any_file(world: World, tmp_path: Path) -> None:
    missing = run(["receive", str(world.vaults["ben"]), str(tmp_path / "nowhere")], stdin="")
    missing.assert_one_sentence_error()
    assert "does not exist" in missing.err
    fresh = world.fresh(tmp_path)
    no_identity = run(["receive", str(fresh), str(world.to_ben)])
    no_identity.assert_one_sentence_error()
    assert "no committee identity yet" in no_identity.err
    wrong = run(["receive", str(world.vaults["ben"]), str(world.to_ben)], "not it\n")
    wrong.assert_one_sentence_error()
    assert "passphrase is wrong" in wrong.err


def test_a_refused_file_as_a_real_process(world: World, tmp_path: Path) -> None:
    ben = world.copy("ben", tmp_path)
    before = world.dump(ben)
    result = run_process(
        ["committee", "receive", str(ben), str(world.dee_to_ben)], f"{PASSPHRASE}\n"
    )
    result.assert_one_sentence_error()
    assert "not on your committee's roster" in result.err
    assert world.dump(ben) == before


@pytest.mark.parametrize("key", ["format_version", "schema_version"])
def test_a_version_that_is_not_a_number_is_refused(
    key: str, world: World, tmp_path: Path
) -> None:
    case = Refusal(lambda _: b"", "organizer-update")  # any one sentence naming the file
    refused(world, tmp_path, case, _resigned(world, _manifest(key, "one")))
