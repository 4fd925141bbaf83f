"""The committee's roster: adding members from their cards, their scope, removing them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pyrage import x25519

from organizer.core import campaign, people
from organizer.core.committee.identity import MemberCard, ensure_identity
from organizer.core.committee.roster import (
    Member,
    active_members,
    add_member,
    confirm_member,
    find_member,
    has_members,
    link_person,
    list_members,
    member_by_sign_key,
    remove_member,
    set_scope,
)
from organizer.core.errors import InvalidInput
from organizer.core.vault import Vault


def card(name: str) -> MemberCard:
    """A member card with fresh keys, as another member's Organizer would make it."""
    age = x25519.Identity.generate()
    sign = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return MemberCard(name, str(age.to_public()), sign)


def roster_rows(vault: Vault) -> tuple[object, ...]:
    """Everything the roster holds, to prove a refusal changed nothing."""
    conn = vault.connection
    return (
        conn.execute("SELECT * FROM committee_member ORDER BY id").fetchall(),
        conn.execute(
            "SELECT * FROM committee_member_department ORDER BY member_id, department_id"
        ).fetchall(),
    )


def refused(vault: Vault, action: Callable[[], object]) -> str:
    """The sentence `action` was refused with; the roster is exactly as it was."""
    before = roster_rows(vault)
    with pytest.raises(InvalidInput) as caught:
        action()
    assert roster_rows(vault) == before
    return str(caught.value)


@pytest.fixture
def departments(vault: Vault) -> dict[str, str]:
    """Three departments, by name to id."""
    return {
        name: campaign.add_list_entry(vault, "department", name).id
        for name in ("Warehouse", "Loading dock", "Office")
    }


def set_acked(vault: Vault, name: str, seq: int) -> None:
    # What the exchange does when a member's update says they have applied my changes.
    with vault.transaction() as conn:
        conn.execute("UPDATE committee_member SET acked_seq = ? WHERE name = ?", (seq, name))


# ----- adding and reading -------------------------------------------------------------------


def test_a_member_added_from_a_card_line(vault: Vault) -> None:
    ann = card("Ann Lee")
    assert not has_members(vault.connection)
    added = add_member(vault, "  " + ann.line() + "\n")
    assert isinstance(added, Member)
    assert (added.name, added.age_public, added.sign_public) == (
        ann.name, ann.age_public, ann.sign_public
    )
    assert added.fingerprint == ann.fingerprint
    assert added.card == ann
    assert not added.confirmed
    assert added.all_departments and added.department_ids == [] == added.department_names
    assert added.active and added.removed_at is None
    assert added.added_at
    assert (added.acked_seq, added.received_seq, added.sent_count) == (0, 0, 0)
    assert added.last_sent_at is None and added.last_received_at is None
    assert added.person_id is None
    assert has_members(vault.connection)
    assert list_members(vault) == [added]
    assert find_member(vault, "ann lee") == added
    assert member_by_sign_key(vault.connection, ann.sign_public) == added


def test_a_member_limited_to_some_departments(
    vault: Vault, departments: dict[str, str]
) -> None:
    added = add_member(vault, card("Bo"), ["warehouse", " LOADING DOCK ", "Warehouse"])
    assert not added.all_departments
    assert added.department_names == ["Warehouse", "Loading dock"]
    assert added.department_ids == [departments["Warehouse"], departments["Loading dock"]]
    assert find_member(vault, "Bo") == added


@pytest.mark.parametrize("scope", [None, [], ["  "]])
def test_no_departments_means_all_of_them(
    vault: Vault, departments: dict[str, str], scope: list[str] | None
) -> None:
    added = add_member(vault, card("Bo"), scope)
    assert added.all_departments and added.department_ids == []


def test_members_are_listed_by_name_in_any_case(vault: Vault) -> None:
    for name in ("carol", "Alice", "bob"):
        add_member(vault, card(name))
    remove_member(vault, "Bob")
    assert [m.name for m in list_members(vault)] == ["Alice", "bob", "carol"]
    assert [m.name for m in list_members(vault, include_removed=False)] == ["Alice", "carol"]
    assert [m.name for m in active_members(vault.connection)] == ["Alice", "carol"]


def test_finding_someone_not_on_the_roster(vault: Vault) -> None:
    add_member(vault, card("Ann"))
    with pytest.raises(InvalidInput) as caught:
        find_member(vault, "Zed")
    assert str(caught.value) == "No committee member is called Zed."
    assert member_by_sign_key(vault.connection, card("Zed").sign_public) is None


def test_members_can_be_added_before_i_have_an_identity(vault: Vault) -> None:
    add_member(vault, card("Ann"))
    ensure_identity(vault, "Me")
    add_member(vault, card("Bo"))
    assert [m.name for m in list_members(vault)] == ["Ann", "Bo"]


# ----- refusals -----------------------------------------------------------------------------


def test_an_unknown_department_is_named(vault: Vault, departments: dict[str, str]) -> None:
    add_member(vault, card("Ann"))
    message = refused(vault, lambda: add_member(vault, card("Bo"), ["Warehouse", "Kitchen"]))
    assert "There is no department called Kitchen" in message


def test_my_own_card_is_refused(vault: Vault) -> None:
    me = ensure_identity(vault, "Me")
    message = refused(vault, lambda: add_member(vault, me.card().line()))
    assert message.startswith("That is your own card")
    # Under another name, or with only one of my keys, it is still mine.
    other = card("Someone")
    for mine in (
        MemberCard("Someone", me.age_public, me.sign_public),
        MemberCard("Someone", me.age_public, other.sign_public),
        MemberCard("Someone", other.age_public, me.sign_public),
    ):
        assert refused(vault, lambda c=mine: add_member(vault, c)).startswith(
            "That is your own card"
        )


def test_keys_already_on_the_roster_under_another_name(vault: Vault) -> None:
    ann = card("Ann")
    add_member(vault, ann)
    other = card("x")
    for clash in (
        MemberCard("Annie", ann.age_public, ann.sign_public),
        MemberCard("Annie", ann.age_public, other.sign_public),
        MemberCard("Annie", other.age_public, ann.sign_public),
    ):
        message = refused(vault, lambda c=clash: add_member(vault, c))
        assert message.startswith("This card has the keys of Ann,")


def test_a_name_already_used_with_other_keys(vault: Vault) -> None:
    add_member(vault, card("Ann"))
    message = refused(vault, lambda: add_member(vault, card("ANN")))
    assert message.startswith("Another member is already called Ann, with different keys")


def test_the_same_card_twice(vault: Vault) -> None:
    ann = card("Ann")
    add_member(vault, ann)
    assert refused(vault, lambda: add_member(vault, ann.line())) == "Ann is already on the roster."


def test_a_removed_member_is_not_added_back_silently(vault: Vault) -> None:
    ann = card("Ann")
    add_member(vault, ann)
    remove_member(vault, "Ann")
    message = refused(vault, lambda: add_member(vault, ann))
    assert "removed from the committee" in message


def test_a_removed_card_does_not_keep_the_name_from_the_real_member(vault: Vault) -> None:
    forged = card("Ann")
    add_member(vault, forged)
    removed = remove_member(vault, "Ann")

    real = add_member(vault, card("Ann"))

    assert real.name == "Ann" and real.active
    renamed = [m for m in list_members(vault) if not m.active]
    assert [m.name for m in renamed] == [f"Ann (removed {str(removed.removed_at)[:10]})"]
    assert "removed from the committee" in refused(vault, lambda: add_member(vault, forged))


def test_a_bad_card_is_refused_before_anything_is_written(vault: Vault) -> None:
    add_member(vault, card("Ann"))
    assert "not an Organizer member card" in refused(vault, lambda: add_member(vault, "hello"))
    broken = MemberCard("Bo", "age1notakey", card("Bo").sign_public)
    assert "its keys do not read correctly" in refused(vault, lambda: add_member(vault, broken))


# ----- removing, confirming, linking ---------------------------------------------------------


def test_removing_a_member(vault: Vault) -> None:
    ann = card("Ann")
    add_member(vault, ann)
    removed = remove_member(vault, "ann")
    assert not removed.active and removed.removed_at is not None
    # Still on the roster, and still recognised by their key, so their later files are refused.
    assert member_by_sign_key(vault.connection, ann.sign_public) == removed
    assert has_members(vault.connection)
    assert active_members(vault.connection) == []
    assert refused(vault, lambda: remove_member(vault, "Ann")) == (
        "Ann was already removed from the committee."
    )
    assert "No committee member is called Bo" in refused(vault, lambda: remove_member(vault, "Bo"))


def test_confirming_a_fingerprint(vault: Vault) -> None:
    add_member(vault, card("Ann"))
    assert confirm_member(vault, "ANN").confirmed
    assert find_member(vault, "Ann").confirmed
    assert not confirm_member(vault, "Ann", False).confirmed
    assert not find_member(vault, "Ann").confirmed
    assert "No committee member" in refused(vault, lambda: confirm_member(vault, "Bo"))


def test_linking_a_member_to_their_person_record(vault: Vault) -> None:
    add_member(vault, card("Ann"))
    ann = people.add_person(vault, people.Person(name="Ann Lee"))
    assert link_person(vault, "Ann", ann.id).person_id == ann.id
    assert find_member(vault, "Ann").person_id == ann.id
    message = refused(vault, lambda: link_person(vault, "Ann", "0" * 32))
    assert "no longer in the vault" in message
    assert link_person(vault, "Ann", None).person_id is None


# ----- scope --------------------------------------------------------------------------------


def test_a_new_scope_means_a_full_update_next_time(
    vault: Vault, departments: dict[str, str]
) -> None:
    add_member(vault, card("Ann"))
    set_acked(vault, "Ann", 7)

    narrowed = set_scope(vault, "Ann", ["Warehouse"])
    assert not narrowed.all_departments
    assert narrowed.department_ids == [departments["Warehouse"]]
    assert narrowed.acked_seq == 0
    set_acked(vault, "Ann", 7)

    widened = set_scope(vault, "Ann", ["Warehouse", "Office"])
    assert widened.department_names == ["Warehouse", "Office"]
    assert widened.acked_seq == 0
    set_acked(vault, "Ann", 7)

    everything = set_scope(vault, "Ann", None)
    assert everything.all_departments and everything.department_ids == []
    assert everything.acked_seq == 0
    assert find_member(vault, "Ann") == everything


@pytest.mark.parametrize(
    "first, again",
    [
        (None, []),
        ([], None),
        (["Warehouse", "Office"], ["office", "WAREHOUSE"]),
        (["Office"], ["Office", "office"]),
    ],
)
def test_the_same_scope_again_changes_nothing(
    vault: Vault, departments: dict[str, str], first: list[str] | None, again: list[str] | None
) -> None:
    add_member(vault, card("Ann"))
    set_scope(vault, "Ann", first)
    set_acked(vault, "Ann", 7)
    before = roster_rows(vault)
    assert set_scope(vault, "Ann", again).acked_seq == 7
    assert roster_rows(vault) == before


def test_a_scope_with_an_unknown_department_is_refused(
    vault: Vault, departments: dict[str, str]
) -> None:
    add_member(vault, card("Ann"), ["Office"])
    set_acked(vault, "Ann", 7)
    message = refused(vault, lambda: set_scope(vault, "Ann", ["Warehouse", "Kitchen"]))
    assert "There is no department called Kitchen" in message
    assert "No committee member is called Bo" in refused(
        vault, lambda: set_scope(vault, "Bo", None)
    )


def test_a_removed_department_narrows_a_scope_and_never_widens_it(
    vault: Vault, departments: dict[str, str]
) -> None:
    add_member(vault, card("Ann"), ["Office"])
    campaign.remove_list_entry(vault, "department", departments["Office"])
    ann = find_member(vault, "Ann")
    # Need-to-know: with their one department gone they see nothing, not everything.
    assert not ann.all_departments and ann.department_ids == []
