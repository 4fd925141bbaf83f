"""`organizer backup kit` and `organizer backup restore --shares`: the recovery kit on the
command line, on real vaults and backups. The pages are read back with pypdf; shares are typed
one per line on standard input, or word by word (`type_shares`, what a terminal gets). And
`backup export --automatic-passphrase`, which makes a backup the kit opens."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
import shamir_mnemonic
from PySide6.QtWidgets import QApplication

from organizer.cli_backup import type_shares
from organizer.core import backup, campaign, people
from organizer.core.backup import AGE_HEADER, KEY_PASSPHRASE, kit
from organizer.core.people import Person
from organizer.core.vault import Vault
from tests.cli.cli_helpers import Outcome, run_in_process, run_process
from tests.conftest import PASSPHRASE, VaultTemplate

CAMPAIGN = "Quillfeather Warehouse Drive"
NEW_PASSPHRASE = "granite otter lemonade harbor"
PERSON = "Ines Walkout-Marker"
AUTOMATIC = "the automatic backups passphrase"


def page_text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


def page_words(path: Path) -> str:
    """The share's words as numbered on its page, in order, as one typed line."""
    found = {int(n): w for n, w in re.findall(r"\b(\d{1,2})\. ([a-z]+)\b", page_text(path))}
    return " ".join(found[n] for n in sorted(found))


@pytest.fixture
def named_vault(qapp: QApplication, vault_path: Path, empty_vault_template: VaultTemplate
                ) -> Path:
    """The test's vault, renamed to a campaign name no page may show, with one person.

    `qapp` first: the kit's pages need a QGuiApplication, and one made by the command itself
    would be the worker's for good, leaving later GUI tests without a QApplication."""
    with Vault.open_with_key(vault_path, empty_vault_template.raw_key) as vault:
        campaign.rename_campaign(vault, CAMPAIGN)
        people.add_person(vault, Person(name=PERSON))
    return vault_path


def kit_args(vault: Path, out: Path, shares: int = 5, threshold: int = 3) -> list[str]:
    return ["backup", "kit", str(vault), "--shares", str(shares), "--threshold",
            str(threshold), "--out", str(out), "--page-size", "A4"]


def fake_backup(folder: Path) -> Path:
    """Passes the cheap checks (an age file): bad shares are refused before decrypting."""
    path = folder / "backup.age"
    path.write_bytes(AGE_HEADER + b"-> scrypt not really\n")
    return path


# ----- backup kit -----------------------------------------------------------------------------


def test_kit_writes_a_page_per_share_with_its_words_and_never_the_campaign_s_name(
    named_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], empty_vault_template: VaultTemplate,
) -> None:
    out = tmp_path / "kit"
    out.mkdir()
    result = run_in_process(kit_args(named_vault, out), f"{PASSPHRASE}\nMaya Chen\n\nBen Ortiz\n",
                            monkeypatch, capsys)
    assert result.code == 0, result.err
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"kit-share-{n}-of-5.pdf" for n in range(1, 6)]
    texts = [page_text(out / name) for name in names]
    for number, text in enumerate(texts, start=1):
        assert f"Share {number} of 5, any 3 restore" in text
        assert CAMPAIGN not in text and "Quillfeather" not in text and PERSON not in text
        assert len(page_words(out / names[number - 1]).split()) == 20
    assert "For: Maya Chen" in texts[0] and "For: Ben Ortiz" in texts[2]
    assert "Maya" not in texts[1] + texts[3] + texts[4]
    assert "new backup passphrase" in result.out and "delete the files" in result.out
    assert CAMPAIGN not in result.out + result.err

    typed = [page_words(out / names[n]) for n in (4, 1, 2)]
    with Vault.open_with_key(named_vault, empty_vault_template.raw_key) as vault:
        stored = campaign.setting(vault, KEY_PASSPHRASE)
        assert kit.recover_passphrase(typed) == stored
        status = kit.kit_status(vault)
        assert status is not None and status.current and status.threshold == 3


@pytest.mark.parametrize(("shares", "threshold", "says"), [
    (1, 1, "2 to 16 shares"), (17, 3, "2 to 16 shares"), (5, 1, "from 2 to the number"),
    (3, 4, "from 2 to the number"),
])
def test_kit_refuses_sizes_before_asking_anything(
    named_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], shares: int, threshold: int, says: str,
) -> None:
    result = run_in_process(kit_args(named_vault, tmp_path, shares, threshold), "", monkeypatch,
                            capsys)
    result.assert_one_sentence_error()
    assert says in result.err
    assert not list(tmp_path.glob("kit-share-*"))


def test_kit_refuses_a_folder_with_another_kit_and_current_without_a_passphrase(
    named_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "kit"
    out.mkdir()
    result = run_in_process([*kit_args(named_vault, out), "--current"], f"{PASSPHRASE}\n",
                            monkeypatch, capsys)
    result.assert_one_sentence_error()
    assert "no backup passphrase yet" in result.err
    (out / "kit-share-2-of-3.pdf").write_bytes(b"%PDF an older kit")
    result = run_in_process(kit_args(named_vault, out), "", monkeypatch, capsys)
    result.assert_one_sentence_error()
    assert "already holds a recovery kit's pages" in result.err
    assert [p.name for p in out.iterdir()] == ["kit-share-2-of-3.pdf"]


# ----- restore --shares: every bad input, nothing written ---------------------------------------


KIT_PASSPHRASE = "abacus yearbook canopy drizzle unusable pony"


def shares_of(count: int = 5, threshold: int = 3) -> list[str]:
    return [" ".join(s.words) for s in kit.split_passphrase(KIT_PASSPHRASE, count, threshold)]


def mistyped(share: str, index: int = 4) -> str:
    """The share with one word swapped for another word of the list."""
    words = share.split()
    words[index] = next(w for w in shamir_mnemonic.wordlist.WORDLIST if w != words[index])
    return " ".join(words)


def misspelt(share: str, index: int) -> str:
    """The share with one word that is on no list."""
    words = share.split()
    words[index] = "walkout"
    return " ".join(words)


# What is piped in (shares of one kit, `o` another kit's), and what the error must say.
BAD_SHARES: dict[str, tuple[object, str]] = {
    "an unknown word": (
        lambda s, o: [s[0], misspelt(s[1], 3), s[2], NEW_PASSPHRASE],
        "Word 4 of share 2 is not a word a recovery kit uses"),
    "a mistyped word": (lambda s, o: [s[0], s[1], mistyped(s[2]), NEW_PASSPHRASE],
                        "Share 3 has a wrong word"),
    "a share of another kit": (lambda s, o: [s[0], o[1], s[2], NEW_PASSPHRASE],
                               "Share 2 is from a different recovery kit than share 1"),
    "the same share twice": (lambda s, o: [s[3], s[1], s[3], NEW_PASSPHRASE],
                             "Share 3 is the same share as share 1"),
    "too few shares": (lambda s, o: [s[0], s[1]],
                       "This kit needs 3 different shares to restore, and only 2 were given."),
    "too few shares, then the passphrase": (
        lambda s, o: [s[0], s[1], NEW_PASSPHRASE],
        "Share 3 is missing (its line does not begin with a recovery-kit word)"),
}


@pytest.mark.parametrize("case", sorted(BAD_SHARES))
def test_restore_with_bad_shares_says_so_in_one_sentence_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    case: str,
) -> None:
    make, says = BAD_SHARES[case]
    assert callable(make)
    lines = make(shares_of(), shares_of())
    backup_file = fake_backup(tmp_path)
    target = tmp_path / "restored.vault"
    stdin = "".join(f"{line}\n" for line in lines)
    before = sorted(tmp_path.iterdir())
    result = run_in_process(["backup", "restore", str(backup_file), str(target), "--shares"],
                            stdin, monkeypatch, capsys)
    result.assert_one_sentence_error()
    assert says in result.err
    assert NEW_PASSPHRASE.split()[0] not in result.err
    assert sorted(tmp_path.iterdir()) == before


# ----- typed word by word (a terminal) ------------------------------------------------------


class Typist:
    """Answers prompts from a script, and keeps what was said."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = list(answers)
        self.said: list[str] = []

    def ask(self, prompt: str) -> str:
        self.said.append(prompt)
        if not self.answers:
            raise EOFError
        return self.answers.pop(0)

    def say(self, text: str) -> None:
        self.said.append(text)


def test_word_by_word_a_wrong_word_is_said_at_once_and_only_that_share_is_retyped() -> None:
    shares = shares_of(count=3, threshold=2)
    first, second = shares[0].split(), shares[2].split()
    wrong_second = mistyped(shares[2], 7).split()
    script = (
        first[:3] + ["walkout"] + [w[:4] for w in first[3:]]  # an unknown word, retyped
        + wrong_second  # a whole share with a wrong word: caught at its last word
        + second
    )
    typist = Typist(script)
    typed = type_shares(typist.ask, typist.say)
    assert kit.recover_passphrase(typed) == KIT_PASSPHRASE
    said = "\n".join(typist.said)
    assert "That is not a word a recovery kit uses: type word 4 again." in said
    assert "Share 1 is correct: share 1 of its kit, any 2 restore." in said
    assert ("Share 2 has a wrong word (its built-in check does not match): compare each word "
            "with the paper, in order, and type it again. Type share 2 again from its first "
            "word.") in said
    assert "Share 2 (of the 2 needed):" in said
    assert "walkout" not in said  # a word typed is never repeated back


def test_word_by_word_an_empty_line_ends_a_share_that_is_short_or_wrong() -> None:
    shares = shares_of(count=3, threshold=2)
    first = shares[1].split()
    typist = Typist([*first[:10], "", *mistyped(shares[1], 2).split(), "", *first,
                     *shares[1].split()])  # then the same share again: refused
    with pytest.raises(kit.TooFewShares):
        type_shares(typist.ask, typist.say)  # the script ends before a second share
    said = "\n".join(typist.said)
    assert "Share 1 has 10 words, too few for a share" in said
    assert "Share 1 has a wrong word" in said
    assert "Share 1 is correct: share 2 of its kit" in said
    assert "Share 2 is the same share as share 1" in said


# ----- the whole way, in real processes ------------------------------------------------------


@pytest.mark.slow
def test_restore_with_shares_restores_a_real_backup_made_with_the_kit_s_passphrase(
    named_vault: Path, tmp_path: Path
) -> None:
    out = tmp_path / "kit"
    out.mkdir()
    made = run_process(kit_args(named_vault, out, 4, 2), f"{PASSPHRASE}\n")
    assert made.code == 0, made.err
    backup_file = tmp_path / "campaign.age"
    exported = run_process(["backup", "export", str(named_vault), str(backup_file),
                            "--automatic-passphrase"], f"{PASSPHRASE}\n")
    assert exported.code == 0, exported.err
    typed = [page_words(out / "kit-share-4-of-4.pdf"), page_words(out / "kit-share-2-of-4.pdf")]
    target = tmp_path / "restored.vault"
    restored: Outcome = run_process(
        ["backup", "restore", str(backup_file), str(target), "--shares"],
        "".join(f"{line}\n" for line in typed) + f"{NEW_PASSPHRASE}\n",
    )
    assert restored.code == 0, restored.err
    assert "people: 1" in restored.out
    with Vault.open(target, NEW_PASSPHRASE) as vault:
        assert campaign.campaign_name(vault) == CAMPAIGN
        assert people.count_people(vault) == 1


# ----- backup export --automatic-passphrase ----------------------------------------------------


def test_export_with_the_automatic_passphrase_needs_one_to_be_set(
    named_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "campaign.age"
    result = run_in_process(["backup", "export", str(named_vault), str(target),
                             "--automatic-passphrase"], f"{PASSPHRASE}\n", monkeypatch, capsys)
    result.assert_one_sentence_error()
    assert "no automatic-backup passphrase yet" in result.err
    assert not target.exists()


@pytest.mark.slow
def test_export_with_the_automatic_passphrase_uses_the_one_in_the_vault(
    named_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], empty_vault_template: VaultTemplate,
) -> None:
    with Vault.open_with_key(named_vault, empty_vault_template.raw_key) as vault:
        backup.set_auto_backup_settings(vault, folder=None, passphrase=AUTOMATIC)
    target = tmp_path / "campaign.age"
    result = run_in_process(["backup", "export", str(named_vault), str(target),
                             "--automatic-passphrase"], f"{PASSPHRASE}\n", monkeypatch, capsys)
    assert result.code == 0, result.err
    assert backup.verify_backup(target, AUTOMATIC).counts["person"] == 1
