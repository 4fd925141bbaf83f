"""The recovery kit: the backup passphrase split among trusted members, so that no single
person (or lost laptop) is the only way into the committee's backups.

The passphrase is encoded as a secret (`encode_passphrase`) and split with SLIP-39, through
its reference implementation (`shamir_mnemonic`): one group, any K of N shares restore it,
fewer reveal nothing. Each share is a list of words from SLIP-39's 1,024-word list with a
checksum built in, so a mistyped word is caught as soon as the share is complete. This module
makes the kit (the PDFs themselves are drawn by organizer.reports.kit_pdf and handed in as
`write_share`), reads shares back word by word with each problem in one plain sentence, and
restores a backup with the passphrase they make through the ordinary `restore_backup`.

A kit made with a new passphrase sets it as the automatic backups' passphrase (the
`backup_passphrase` setting inside the vault): backups made from then on open with the kit;
earlier ones still need the passphrase they were made with. The vault also keeps a note of
the kit (`KIT_SETTING`: when, how many shares, and a check of the passphrase it holds), so
Settings can say whether the kit still opens new backups.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

# Its package imports `constants` and `wordlist` itself,
# so they are reached as attributes below (each submodule import would need its own ignore).
import shamir_mnemonic
from shamir_mnemonic import MnemonicError, Share

from organizer import formats
from organizer.core import campaign, records
from organizer.core.backup.automatic import KEY_PASSPHRASE
from organizer.core.backup.format import BackupWrongPassphrase, CancelHook, ProgressHook
from organizer.core.backup.restore import restore_backup
from organizer.core.errors import OrganizerError, WeakPassphrase
from organizer.core.passphrase import check_new_passphrase, suggest_passphrase, wordlist
from organizer.core.vault import Vault
from organizer.i18n import _, ngettext

MIN_SHARES = 2
MAX_SHARES = 16  # SLIP-39's limit for one group
MIN_THRESHOLD = 2  # one share alone restoring would be N copies of the passphrase
DEFAULT_SHARES = 5
DEFAULT_THRESHOLD = 3
MAX_HOLDER_CHARS = 60
KIT_SETTING = "recovery_kit"
SHARE_FILE_PATTERN = re.compile(r"^kit-share-\d+-of-\d+\.pdf$")

# SLIP-39 parameters: no SLIP-39 passphrase (the shares alone restore), the reference
# implementation's default iteration exponent, one group.
_SLIP39_PASSPHRASE = b""
_ITERATION_EXPONENT = 1

# The secret's two forms (see encode_passphrase).
_WORDS_FORM = 0x01
_TEXT_FORM = 0x02
_WORDS_SECRET_BYTES = 16  # shares of 20 words
_TEXT_SECRET_BYTES = 64  # shares of 59 words
_MAX_WORDS = (_WORDS_SECRET_BYTES - 2) // 2
_MAX_TEXT_BYTES = _TEXT_SECRET_BYTES - 2
_NUMBERING = re.compile(r"^\d+[.):]?$")  # "7", "7." or "7)" copied from the paper


# ----- errors: one plain sentence each ------------------------------------------------------


class RecoveryKitError(OrganizerError):
    """A kit cannot be made, or shares cannot restore; the message says why."""


class UnknownShareWord(RecoveryKitError):
    # The word itself is not repeated: piped in, it may be the line meant for a passphrase.
    def __init__(self, position: int, word_number: int) -> None:
        super().__init__(_(
            "Word {word} of share {share} is not a word a recovery kit uses: check its "
            "spelling against the paper."
        ).format(word=word_number, share=position))
        self.position = position
        self.word_number = word_number


class MistypedShare(RecoveryKitError):
    def __init__(self, position: int) -> None:
        super().__init__(_(
            "Share {share} has a wrong word (its built-in check does not match): compare each "
            "word with the paper, in order, and type it again."
        ).format(share=position))
        self.position = position


class ShareLength(RecoveryKitError):
    def __init__(self, position: int, words: int) -> None:
        if words == 0:
            text = _("Share {share} is empty: type its words as printed, in order.").format(
                share=position)
        else:
            text = ngettext(
                "Share {share} has {n} word, too few for a share: type every word on the "
                "paper, in order.",
                "Share {share} has {n} words, too few for a share: type every word on the "
                "paper, in order.", words).format(share=position, n=words)
        super().__init__(text)
        self.position = position


class NotAKitShare(RecoveryKitError):
    def __init__(self, position: int | None = None) -> None:
        if position is not None:
            text = _("Share {share} is not from an Organizer recovery kit (its words are right, "
                     "but it belongs to some other set of shares).").format(share=position)
        else:
            text = _("These shares are not from an Organizer recovery kit (its words are "
                     "right, but it belongs to some other set of shares).")
        super().__init__(text)
        self.position = position


class ShareFromAnotherKit(RecoveryKitError):
    def __init__(self, position: int, first: int) -> None:
        super().__init__(_(
            "Share {share} is from a different recovery kit than share {first} (all shares of "
            "one kit begin with the same two words): use a share from the same kit."
        ).format(share=position, first=first))
        self.position = position


class RepeatedShare(RecoveryKitError):
    def __init__(self, position: int, earlier: int, number: int) -> None:
        super().__init__(_(
            "Share {share} is the same share as share {earlier} (both are share {number} of "
            "the kit): type another member's share instead."
        ).format(share=position, earlier=earlier, number=number))
        self.position = position


class TooFewShares(RecoveryKitError):
    def __init__(self, given: int, needed: int) -> None:
        if given == 0:
            text = _("No share was given: type the words of each share, one share at a time.")
        else:
            # Translators: {needed} is always 2 or more.
            text = ngettext(
                "This kit needs {needed} different shares to restore, and only {given} was "
                "given.",
                "This kit needs {needed} different shares to restore, and only {given} were "
                "given.", given).format(needed=needed, given=given)
        super().__init__(text)
        self.given = given
        self.needed = needed


class SharesDoNotFit(RecoveryKitError):
    def __init__(self) -> None:
        super().__init__(_(
            "Each share is correct, but together they do not make a passphrase: check that "
            "they all come from the same recovery kit."
        ))


class NoBackupPassphrase(RecoveryKitError):
    def __init__(self) -> None:
        super().__init__(_(
            "This campaign has no backup passphrase yet, so there is none to split: make the "
            "kit with a new passphrase."
        ))


class KitDoesNotOpenBackup(RecoveryKitError):
    def __init__(self) -> None:
        super().__init__(_(
            "The shares are correct, but the passphrase they make does not open this backup: "
            "it was made before the recovery kit, or with another passphrase. Choose a "
            "backup made after the kit, or restore with that backup's own passphrase."
        ))


# ----- the passphrase as a SLIP-39 secret ---------------------------------------------------


@cache
def _eff_index() -> dict[str, int]:
    return {word: index for index, word in enumerate(wordlist())}


def encode_passphrase(passphrase: str) -> bytes:
    """The passphrase as a fixed-length secret for SLIP-39 (which wants 16 bytes or more, of
    even length). Two forms, told apart by the first byte; the rest is zero padding, so the
    shares never give away how long the passphrase is:

    - Words form, 16 bytes (shares of 20 words), for a passphrase of 1 to 7 words from the EFF
      large word list separated by single spaces (what Organizer suggests and the kit makes):
      byte 0 is 0x01, byte 1 the number of words, then each word's index in the list
      (0-based, in the order of resources/eff_large_wordlist.txt: 11111 is 0) as two bytes,
      big-endian.
    - Text form, 64 bytes (shares of 59 words), for any other passphrase of at most 62 bytes
      of UTF-8: byte 0 is 0x02, byte 1 the length in bytes, then the passphrase in UTF-8.

    Without Organizer, `shamir recover` (the shamir-mnemonic package) prints the secret in
    hex, and these two rules give the passphrase back.
    """
    if not passphrase:
        raise WeakPassphrase(_("The backup passphrase is empty, so there is nothing to split."))
    words = passphrase.split(" ")
    index = _eff_index()
    if len(words) <= _MAX_WORDS and all(word in index for word in words):
        body = bytes([_WORDS_FORM, len(words)]) + b"".join(
            index[word].to_bytes(2, "big") for word in words
        )
        return body.ljust(_WORDS_SECRET_BYTES, b"\0")
    data = passphrase.encode("utf-8")
    if len(data) > _MAX_TEXT_BYTES:
        raise RecoveryKitError(_(
            "This backup passphrase is too long to split into a recovery kit (over {limit} "
            "bytes): make the kit with a new passphrase instead."
        ).format(limit=_MAX_TEXT_BYTES))
    return (bytes([_TEXT_FORM, len(data)]) + data).ljust(_TEXT_SECRET_BYTES, b"\0")


def decode_passphrase(secret: bytes) -> str:
    """The passphrase back from `encode_passphrase`'s secret; NotAKitShare for anything else
    (a valid set of SLIP-39 shares made by another program)."""
    if len(secret) == _WORDS_SECRET_BYTES and secret[0] == _WORDS_FORM:
        count = secret[1]
        end = 2 + 2 * count
        if 1 <= count <= _MAX_WORDS and not any(secret[end:]):
            words = wordlist()
            indices = [int.from_bytes(secret[i:i + 2], "big") for i in range(2, end, 2)]
            if all(i < len(words) for i in indices):
                return " ".join(words[i] for i in indices)
    if len(secret) == _TEXT_SECRET_BYTES and secret[0] == _TEXT_FORM:
        length = secret[1]
        end = 2 + length
        if 1 <= length <= _MAX_TEXT_BYTES and not any(secret[end:]):
            with contextlib.suppress(UnicodeDecodeError):
                return secret[2:end].decode("utf-8")
    raise NotAKitShare()


# ----- splitting ------------------------------------------------------------------------------


@dataclass(frozen=True)
class KitShare:
    """One member's share: what one printed page holds."""

    number: int  # 1..count, as printed ("share 2 of 5")
    count: int
    threshold: int
    words: tuple[str, ...]
    holder: str = ""  # who it is for, as typed (may be empty)
    made_on: dt.date = field(default_factory=dt.date.today)

    @property
    def file_name(self) -> str:
        """kit-share-2-of-5.pdf: never a person's or the campaign's name."""
        return f"kit-share-{self.number}-of-{self.count}.pdf"

    @property
    def summary(self) -> str:
        # Translators: printed on a share's page; {threshold} is always 2 or more.
        return _("share {number} of {count}, any {threshold} restore").format(
            number=self.number, count=self.count, threshold=self.threshold)


@dataclass(frozen=True)
class RecoveryKit:
    """A passphrase and its shares. `new_passphrase`: made for the kit, so it becomes the
    automatic backups' passphrase when the kit is adopted."""

    passphrase: str = field(repr=False)
    shares: tuple[KitShare, ...]
    new_passphrase: bool
    made_on: dt.date

    @property
    def count(self) -> int:
        return len(self.shares)

    @property
    def threshold(self) -> int:
        return self.shares[0].threshold


def check_kit_size(count: int, threshold: int) -> None:
    """Refuse a kit SLIP-39 cannot make, or one where a single share would be enough."""
    if not MIN_SHARES <= count <= MAX_SHARES:
        raise RecoveryKitError(_(
            "A recovery kit has {fewest} to {most} shares, not {count}."
        ).format(fewest=MIN_SHARES, most=MAX_SHARES, count=count))
    if not MIN_THRESHOLD <= threshold <= count:
        raise RecoveryKitError(_(
            "The number of shares that restore must be from {fewest} to the number of shares "
            "({count}), not {threshold}."
        ).format(fewest=MIN_THRESHOLD, count=count, threshold=threshold))


def split_passphrase(
    passphrase: str,
    count: int,
    threshold: int,
    holders: Sequence[str] = (),
    made_on: dt.date | None = None,
) -> tuple[KitShare, ...]:
    """`count` shares of which any `threshold` give the passphrase back (SLIP-39, one group)."""
    check_kit_size(count, threshold)
    names = clean_holders(holders, count)
    day = made_on or dt.date.today()
    secret = encode_passphrase(passphrase)
    groups = shamir_mnemonic.generate_mnemonics(
        1, [(threshold, count)], secret, _SLIP39_PASSPHRASE,
        iteration_exponent=_ITERATION_EXPONENT,
    )
    return tuple(
        KitShare(number, count, threshold, tuple(mnemonic.split()), names[number - 1], day)
        for number, mnemonic in enumerate(groups[0], start=1)
    )


def clean_holders(holders: Sequence[str], count: int) -> list[str]:
    """One name per share ("" for none), each on one line and at most MAX_HOLDER_CHARS."""
    if len(holders) > count:
        raise RecoveryKitError(_(
            "{names} names were given for {count} shares: at most one name a share."
        ).format(names=len(holders), count=count))
    names = [" ".join(str(name).split()) for name in holders]
    for name in names:
        if len(name) > MAX_HOLDER_CHARS:
            raise RecoveryKitError(_(
                'A name on a share is at most {limit} characters: shorten "{name}…".'
            ).format(limit=MAX_HOLDER_CHARS, name=name[:20]))
    return names + [""] * (count - len(names))


# ----- reading shares back ------------------------------------------------------------------


@cache
def _slip39_words() -> tuple[frozenset[str], dict[str, str]]:
    words = shamir_mnemonic.wordlist.WORDLIST
    # SLIP-39's words differ in their first four letters, so four letters are enough.
    return frozenset(words), {word[:4]: word for word in words}


def share_word(typed: str) -> str | None:
    """The list word `typed` stands for: itself, or the one word that starts with it when
    four or more letters were typed; None when there is none."""
    token = typed.strip().lower()
    known, by_prefix = _slip39_words()
    if token in known:
        return token
    if len(token) >= 4:
        candidate = by_prefix.get(token[:4])
        if candidate is not None and candidate.startswith(token):
            return candidate
    return None


def share_tokens(text: str) -> list[str]:
    """What was typed for one share, as tokens: lower case, numbering ("7." copied from the
    paper) and commas left out."""
    tokens = []
    for raw in text.split():
        token = raw.strip(",;").lower()
        if token and not _NUMBERING.match(token):
            tokens.append(token)
    return tokens


def share_words(text: str, position: int = 1) -> list[str]:
    """Every word of a typed share, each checked against the list (UnknownShareWord names
    the first that is not on it)."""
    words = []
    for number, token in enumerate(share_tokens(text), start=1):
        word = share_word(token)
        if word is None:
            raise UnknownShareWord(position, number)
        words.append(word)
    return words


@dataclass(frozen=True)
class ReadShare:
    """A typed share that passed its checksum: `position` is its place in what was typed."""

    position: int
    words: tuple[str, ...]
    share: Share

    @property
    def number(self) -> int:
        """Its number in the kit, as printed ("share 2 of 5" is 2)."""
        return int(self.share.index) + 1

    @property
    def threshold(self) -> int:
        return int(self.share.member_threshold)

    @property
    def mnemonic(self) -> str:
        return " ".join(self.words)


def read_share(text: str, position: int = 1) -> ReadShare:
    """One typed share, checked: every word on the list, the right length, its checksum."""
    words = share_words(text, position)
    if len(words) < shamir_mnemonic.constants.MIN_MNEMONIC_LENGTH_WORDS:
        raise ShareLength(position, len(words))
    try:
        share = Share.from_mnemonic(" ".join(words))
    except MnemonicError as error:
        raise _share_problem(error, position, len(words)) from None
    if share.group_count != 1 or share.group_threshold != 1:
        raise NotAKitShare(position)  # SLIP-39 groups: never made by Organizer
    return ReadShare(position, tuple(words), share)


def _share_problem(error: MnemonicError, position: int, words: int) -> RecoveryKitError:
    """The reference implementation's messages about one share, as one plain sentence."""
    message = str(error)
    if message.startswith("Invalid mnemonic length"):
        return ShareLength(position, words)
    if message.startswith(("Invalid mnemonic checksum", "Invalid mnemonic padding",
                           "Invalid mnemonic word")):  # (share_words catches unknown words)
        return MistypedShare(position)
    return NotAKitShare(position)  # e.g. a group threshold above the group count


def check_share_joins(earlier: Sequence[ReadShare], share: ReadShare) -> None:
    """Refuse a share that does not go with those already read: from another kit (another
    identifier, threshold or length), or the same share again."""
    if not earlier:
        return
    first = earlier[0]
    if (share.share.group_parameters() != first.share.group_parameters()
            or len(share.words) != len(first.words)):
        raise ShareFromAnotherKit(share.position, first.position)
    for other in earlier:
        if other.share.index == share.share.index:
            raise RepeatedShare(share.position, other.position, share.number)


def read_shares(texts: Iterable[str]) -> list[ReadShare]:
    """Every typed share checked, alone and against the ones before it; each is named by its
    place in `texts` ("share 2"), and blank ones are left out."""
    read: list[ReadShare] = []
    for position, text in enumerate(texts, start=1):
        if not share_tokens(text):
            continue
        share = read_share(text, position)
        check_share_joins(read, share)
        read.append(share)
    return read


def recover_secret(texts: Iterable[str], *, slip39_passphrase: bytes = _SLIP39_PASSPHRASE
                   ) -> bytes:
    """The secret that K typed shares of one kit make (the first K are used).

    `slip39_passphrase` is SLIP-39's own optional passphrase: a kit uses none; the published
    test vectors use "TREZOR"."""
    read = read_shares(texts)
    if not read:
        raise TooFewShares(0, MIN_THRESHOLD)
    needed = read[0].threshold
    if len(read) < needed:
        raise TooFewShares(len(read), needed)
    try:
        return bytes(shamir_mnemonic.combine_mnemonics(
            [share.mnemonic for share in read[:needed]], slip39_passphrase
        ))
    except MnemonicError:
        raise SharesDoNotFit() from None


def recover_passphrase(texts: Iterable[str]) -> str:
    """The backup passphrase that K typed shares of one kit make."""
    return decode_passphrase(recover_secret(texts))


def restore_with_shares(
    path: Path | str,
    share_texts: Sequence[str],
    new_vault_path: Path | str,
    new_vault_passphrase: str,
    *,
    progress: ProgressHook | None = None,
    cancelled: CancelHook | None = None,
) -> Vault:
    """`restore_backup` with the passphrase the shares make: all or nothing, like it."""
    check_new_passphrase(new_vault_passphrase)
    passphrase = recover_passphrase(share_texts)
    try:
        return restore_backup(path, passphrase, new_vault_path, new_vault_passphrase,
                              progress=progress, cancelled=cancelled)
    except BackupWrongPassphrase:
        raise KitDoesNotOpenBackup() from None


# ----- making a kit --------------------------------------------------------------------------


def current_backup_passphrase(vault: Vault) -> str:
    return campaign.setting(vault, KEY_PASSPHRASE)


def new_kit(
    vault: Vault,
    count: int,
    threshold: int,
    *,
    holders: Sequence[str] = (),
    reuse_current: bool = False,
    made_on: dt.date | None = None,
) -> RecoveryKit:
    """A kit for this campaign's backups: of a new random passphrase (six words, like every
    suggestion), or, with `reuse_current`, of the automatic backups' passphrase."""
    check_kit_size(count, threshold)
    clean_holders(holders, count)  # before the work
    if reuse_current:
        passphrase = current_backup_passphrase(vault)
        if not passphrase:
            raise NoBackupPassphrase()
    else:
        passphrase = _new_passphrase()
    day = made_on or dt.date.today()
    shares = split_passphrase(passphrase, count, threshold, holders, day)
    return RecoveryKit(passphrase, shares, not reuse_current, day)


def _new_passphrase() -> str:
    while True:  # six random words pass all but a vanishing fraction of the time
        suggestion = suggest_passphrase()
        try:
            check_new_passphrase(suggestion)
        except WeakPassphrase:
            continue
        return suggestion


def check_kit_folder(folder: Path | str) -> Path:
    """Refuse, before any work, a folder that cannot take the kit's pages, or one that holds
    another kit's (two kits' pages side by side get mixed up)."""
    chosen = Path(folder).expanduser().absolute()
    if not chosen.is_dir():
        raise RecoveryKitError(_("The folder {folder} does not exist. Choose an existing "
                                   "folder.").format(folder=chosen))
    if not os.access(chosen, os.W_OK):
        raise RecoveryKitError(_(
            "Organizer cannot write in {folder} (it is read-only or not yours). Choose another "
            "folder."
        ).format(folder=chosen))
    old = sorted(p.name for p in chosen.iterdir() if SHARE_FILE_PATTERN.match(p.name))
    if old:
        raise RecoveryKitError(_(
            "The folder {folder} already holds a recovery kit's pages ({file}): choose another "
            "folder, or delete those files once they are printed."
        ).format(folder=chosen, file=old[0]))
    return chosen


WriteShare = Callable[[KitShare, Path], object]


def make_kit(
    vault: Vault,
    folder: Path | str,
    count: int,
    threshold: int,
    *,
    write_share: WriteShare,
    holders: Sequence[str] = (),
    reuse_current: bool = False,
    made_on: dt.date | None = None,
) -> tuple[RecoveryKit, list[Path]]:
    """Make a kit and write one page per share into `folder` with `write_share(share, path)`,
    then adopt it (`adopt_kit`). All or nothing: if any page or the vault write fails, the
    pages written are deleted and the vault is unchanged."""
    target = check_kit_folder(folder)
    kit = new_kit(vault, count, threshold, holders=holders, reuse_current=reuse_current,
                  made_on=made_on)
    written: list[Path] = []
    try:
        for share in kit.shares:
            path = target / share.file_name
            write_share(share, path)
            written.append(path)
        adopt_kit(vault, kit)
    except BaseException:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    return kit, written


def adopt_kit(vault: Vault, kit: RecoveryKit) -> None:
    """Note the kit in the vault, and make a new passphrase the automatic backups' one (the
    `backup_passphrase` setting automatic.py reads), in one transaction."""
    values = {KIT_SETTING: json.dumps({
        "made_on": kit.made_on.isoformat(),
        "shares": kit.count,
        "threshold": kit.threshold,
        "check": _passphrase_check(kit.passphrase),
    })}
    if kit.new_passphrase:
        values[KEY_PASSPHRASE] = kit.passphrase
    stamp = records.now()
    with vault.transaction() as conn:
        for key, value in values.items():
            conn.execute(
                "INSERT INTO app_setting (id, key, value, created_at, updated_at) "
                "VALUES (?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
                "updated_at = excluded.updated_at",
                (records.new_id(), key, value, stamp, stamp),
            )


def _passphrase_check(passphrase: str) -> str:
    """Tells whether the backup passphrase is still the kit's. It sits beside the passphrase
    itself, inside the encrypted vault, so it gives nothing away."""
    return hashlib.sha256(b"organizer recovery kit\0" + passphrase.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class KitStatus:
    """The last kit made for this campaign, and whether new backups still open with it."""

    made_on: dt.date
    count: int
    threshold: int
    current: bool  # the automatic backups' passphrase is still the kit's

    def sentence(self) -> str:
        made = formats.short_date(self.made_on)
        if self.current:
            # Translators: {threshold} is always 2 or more; {date} when the kit was made.
            return _("Recovery kit: any {threshold} of {count} shares, made {date}. Backups "
                     "made since then open with it.").format(
                threshold=self.threshold, count=self.count, date=made)
        # Translators: {threshold} is always 2 or more; {date} when the kit was made.
        return _("Recovery kit: any {threshold} of {count} shares, made {date}. The backup "
                 "passphrase has changed since, so the kit opens only backups made before the "
                 "change: make a new kit.").format(
            threshold=self.threshold, count=self.count, date=made)


def kit_status(vault: Vault) -> KitStatus | None:
    """None when no kit was ever made for this campaign."""
    text = campaign.setting(vault, KIT_SETTING)
    if not text:
        return None
    try:
        note = json.loads(text)
        return KitStatus(
            made_on=dt.date.fromisoformat(str(note["made_on"])),
            count=int(note["shares"]),
            threshold=int(note["threshold"]),
            current=note["check"] == _passphrase_check(current_backup_passphrase(vault)),
        )
    except (ValueError, KeyError, TypeError):
        return None
