"""A shared folder between members: each pass writes my news and merges what is new for me,
leaves the others' files alone and never deletes anything."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from organizer.core import people
from organizer.core.committee import folder
from organizer.core.errors import InvalidInput
from organizer.core.vault import Vault
from tests.conftest import VaultTemplate, committee_of


@pytest.fixture
def trio(tmp_path: Path, empty_vault_template: VaultTemplate) -> Iterator[list[Vault]]:
    vaults = committee_of(empty_vault_template, tmp_path, ("Ana", "Ben", "Cy"))
    yield vaults
    for vault in vaults:
        vault.close()


def _names(vault: Vault) -> set[str]:
    return {str(r[0]) for r in vault.connection.execute("SELECT name FROM person")}


def test_members_sharing_a_folder_end_with_the_same_people(
    trio: list[Vault], tmp_path: Path
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    ana, ben, cy = trio
    for vault, name in ((ana, "Carla"), (ben, "Dev"), (cy, "Eli")):
        folder.set_shared_folder(vault, shared)
        people.add_person(vault, people.Person(name=name))

    for _ in range(2):
        for vault in trio:
            folder.exchange_with_folder(vault)

    assert _names(ana) == _names(ben) == _names(cy) == {"Carla", "Dev", "Eli"}


def test_a_pass_with_nothing_new_writes_nothing_and_opens_nothing(
    trio: list[Vault], tmp_path: Path
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    ana, ben, _cy = trio
    people.add_person(ana, people.Person(name="Carla"))
    first = folder.exchange_with_folder(ana, shared)
    assert len(first.sent) == 2
    folder.exchange_with_folder(ben, shared)  # Carla arrives; Ben's first files go out
    answered = folder.exchange_with_folder(ana, shared)  # Ben's file to Ana: nothing new
    assert len(answered.received) == 1 and answered.sent == []
    files = sorted(p.name for p in shared.iterdir())

    again = folder.exchange_with_folder(ana, shared)

    assert again.sent == [] and again.received == []
    assert sorted(p.name for p in shared.iterdir()) == files  # nothing deleted either


def test_a_refused_file_is_reported_and_the_rest_still_apply(
    trio: list[Vault], tmp_path: Path
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    ana, ben, _cy = trio
    people.add_person(ana, people.Person(name="Carla"))
    folder.exchange_with_folder(ana, shared)
    (shared / "00000-00001-000000000000.organizer-update").write_bytes(b"not an update")

    result = folder.exchange_with_folder(ben, shared)

    assert [name for name, _why in result.refused] == ["00000-00001-000000000000.organizer-update"]
    assert "is not an Organizer update file" in result.refused[0][1]
    assert "Carla" in _names(ben)
    assert "1 refused" in result.sentence()


def test_a_missing_folder_is_one_sentence(trio: list[Vault], tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="does not exist"):
        folder.set_shared_folder(trio[0], tmp_path / "nowhere")
    with pytest.raises(InvalidInput, match="no shared folder"):
        folder.exchange_with_folder(trio[0])
