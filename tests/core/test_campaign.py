"""The campaign's own settings: name, assessment scale, thresholds, departments / shifts /
sites, and per-vault app settings, all inside the vault."""

from __future__ import annotations

import pytest

from organizer.core import campaign, people
from organizer.core.campaign import AssessmentLevel
from organizer.core.errors import InvalidInput
from organizer.core.vault import DEFAULT_SCALE, DEFAULT_THRESHOLDS, Vault
from tests.core.domain_fixtures import (
    CAMPAIGN_NAME,
    add,
    count,
)


def test_a_new_vault_has_its_name_and_is_not_a_demo(vault: Vault) -> None:
    assert campaign.campaign_name(vault) == CAMPAIGN_NAME
    assert campaign.is_demo(vault) is False


def test_renaming_the_campaign_strips_and_refuses_blank(vault: Vault) -> None:
    campaign.rename_campaign(vault, "  Acme Tech Workers  ")
    assert campaign.campaign_name(vault) == "Acme Tech Workers"
    with pytest.raises(InvalidInput):
        campaign.rename_campaign(vault, "   ")
    assert campaign.campaign_name(vault) == "Acme Tech Workers"


def test_a_new_vault_has_the_default_one_to_five_scale(vault: Vault) -> None:
    assert campaign.assessment_scale(vault) == [
        AssessmentLevel(1, "Active supporter / leader", "#1a9850"),
        AssessmentLevel(2, "Leaning supportive", "#91cf60"),
        AssessmentLevel(3, "Undecided", "#fee08b"),
        AssessmentLevel(4, "Leaning against", "#fc8d59"),
        AssessmentLevel(5, "Opposed", "#d73027"),
    ]
    assert [(lvl.score, lvl.label) for lvl in campaign.assessment_scale(vault)] == [
        (s, label) for s, label, _ in DEFAULT_SCALE]


def test_a_new_vault_has_the_default_thresholds_in_order(vault: Vault) -> None:
    assert [(t.percent, t.label) for t in campaign.thresholds(vault)] == [
        (30.0, "Showing of interest (NLRB)"), (51.0, "Majority"), (65.0, "Go public"),
        (80.0, "Strength"), (90.0, "Supermajority")]
    assert len(DEFAULT_THRESHOLDS) == 5


def test_a_new_vault_has_the_default_settings(vault: Vault) -> None:
    assert campaign.auto_lock_minutes(vault) == 5
    assert campaign.clipboard_clear_seconds(vault) == 30
    assert campaign.not_contacted_days(vault) == 30
    assert campaign.setting(vault, "auto_lock_minutes") == "5"
    assert campaign.setting(vault, "no such setting") == ""


def test_a_level_of_the_scale_can_be_renamed_and_recoloured(vault: Vault) -> None:
    campaign.set_assessment_level(vault, 3, "  On the fence ", "#ABCDEF")
    assert campaign.assessment_scale(vault)[2] == AssessmentLevel(3, "On the fence", "#abcdef")
    assert campaign.assessment_scale(vault)[1].label == "Leaning supportive"


@pytest.mark.parametrize(
    ("score", "label", "colour"),
    [
        (0, "Zero", "#000000"), (6, "Six", "#000000"), (3, "   ", "#000000"),
        (3, "Fence", "000000"), (3, "Fence", "#00000"), (3, "Fence", "#0000000"),
        (3, "Fence", "#gggggg"), (3, "Fence", "red"), (3, "Fence", "#-12345"),
        (3, "Fence", "#+12345"), (3, "Fence", "#12_345"), (3, "Fence", "# 1234 "),
        (3, "Fence", "#0x1234"),
    ],
)
def test_a_bad_level_label_or_colour_is_refused_and_the_scale_is_unchanged(
    vault: Vault, score: int, label: str, colour: str
) -> None:
    before = campaign.assessment_scale(vault)
    with pytest.raises(InvalidInput):
        campaign.set_assessment_level(vault, score, label, colour)
    assert campaign.assessment_scale(vault) == before


def test_thresholds_are_replaced_as_a_whole_and_listed_in_order(vault: Vault) -> None:
    campaign.set_thresholds(vault, [(65, " Go public "), (100, "Everyone"), (0.5, "First")])
    assert [(t.percent, t.label) for t in campaign.thresholds(vault)] == [
        (0.5, "First"), (65.0, "Go public"), (100.0, "Everyone")]


@pytest.mark.parametrize(("percent", "message"), [
    (0, "A threshold must be more than 0% and at most 100%, not 0%."),
    (-5, "A threshold must be more than 0% and at most 100%, not -5%."),
    (100.01, "A threshold must be more than 0% and at most 100%, not 100.01%."),
    ("250", "A threshold must be more than 0% and at most 100%, not 250%."),
    (float("nan"), "nan is not a percentage."),
    ("half", "'half' is not a percentage."),
    (" ", "Each threshold needs a percentage, like 51."),
    (True, "True is not a percentage."),
    (None, "None is not a percentage."),
])
def test_a_bad_threshold_is_refused_in_one_sentence_and_nothing_changes(
    vault: Vault, percent: object, message: str
) -> None:
    before = campaign.thresholds(vault)
    with pytest.raises(InvalidInput) as refused:
        campaign.set_thresholds(vault, [(50, "Half"), (percent, "Bad")])  # type: ignore[list-item]
    assert str(refused.value) == message
    assert campaign.thresholds(vault) == before


def test_the_same_percentage_twice_is_refused(vault: Vault) -> None:
    before = campaign.thresholds(vault)
    with pytest.raises(InvalidInput) as refused:
        campaign.set_thresholds(vault, [(51, "Majority"), (65, "Go public"), (51.0, "Half")])
    assert str(refused.value) == "51% is there twice; give each threshold its own percentage."
    assert campaign.thresholds(vault) == before


def test_no_thresholds_at_all_is_refused(vault: Vault) -> None:
    with pytest.raises(InvalidInput, match="at least one threshold"):
        campaign.set_thresholds(vault, [])
    assert len(campaign.thresholds(vault)) == 5


def test_typed_percentages_and_blank_labels_are_accepted(vault: Vault) -> None:
    campaign.set_thresholds(vault, [(" 60 % ", "  Strong   majority "), ("45.5", "")])
    assert [(t.percent, t.label) for t in campaign.thresholds(vault)] == [
        (45.5, ""), (60.0, "Strong majority")]


@pytest.mark.parametrize("kind", campaign.LIST_KINDS)
def test_list_entries_are_added_in_order_and_found_again_whatever_the_case(
    vault: Vault, kind: campaign.ListKind
) -> None:
    first = campaign.add_list_entry(vault, kind, "  Infra ")
    second = campaign.add_list_entry(vault, kind, "Sales")
    assert (first.name, first.position, second.position) == ("Infra", 1, 2)
    assert campaign.add_list_entry(vault, kind, "INFRA") == first
    assert campaign.list_entries(vault, kind) == [first, second]
    with pytest.raises(InvalidInput, match="needs a name"):
        campaign.add_list_entry(vault, kind, "  ")


@pytest.mark.parametrize("kind", campaign.LIST_KINDS)
def test_a_list_entry_can_be_renamed_but_not_onto_another(
    vault: Vault, kind: campaign.ListKind
) -> None:
    infra = campaign.add_list_entry(vault, kind, "Infra")
    campaign.add_list_entry(vault, kind, "Sales")
    campaign.rename_list_entry(vault, kind, infra.id, " Infrastructure ")
    # Only the case changes: that is allowed.
    campaign.rename_list_entry(vault, kind, infra.id, "INFRASTRUCTURE")
    with pytest.raises(InvalidInput, match="already"):
        campaign.rename_list_entry(vault, kind, infra.id, "sales")
    with pytest.raises(InvalidInput, match="needs a name"):
        campaign.rename_list_entry(vault, kind, infra.id, "")
    assert [e.name for e in campaign.list_entries(vault, kind)] == ["INFRASTRUCTURE", "Sales"]


@pytest.mark.parametrize("kind", campaign.LIST_KINDS)
def test_removing_a_list_entry_reports_its_people_and_leaves_them_blank(
    vault: Vault, kind: campaign.ListKind
) -> None:
    infra = campaign.add_list_entry(vault, kind, "Infra")
    sales = campaign.add_list_entry(vault, kind, "Sales")
    ravi = add(vault, "Ravi", **{f"{kind}_id": infra.id})
    tom = add(vault, "Tom", **{f"{kind}_id": infra.id})
    ana = add(vault, "Ana", **{f"{kind}_id": sales.id})
    assert campaign.remove_list_entry(vault, kind, infra.id) == 2
    assert campaign.list_entries(vault, kind) == [sales]
    assert getattr(people.get_person(vault, ravi.id), f"{kind}_id") is None
    assert getattr(people.get_person(vault, tom.id), f"{kind}_id") is None
    assert getattr(people.get_person(vault, ana.id), f"{kind}_id") == sales.id
    assert count(vault, "person") == 3
    assert campaign.remove_list_entry(vault, kind, sales.id) == 1


def test_an_unknown_list_is_a_programming_error(vault: Vault) -> None:
    with pytest.raises(ValueError, match="unknown list"):
        campaign.list_entries(vault, "person")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("setter", "getter", "good", "bad"),
    [
        (campaign.set_auto_lock_minutes, campaign.auto_lock_minutes, [0, 1, 240], [-1, 241]),
        (campaign.set_clipboard_clear_seconds, campaign.clipboard_clear_seconds, [5, 600],
         [4, 601, 0]),
        (campaign.set_not_contacted_days, campaign.not_contacted_days, [1, 3650], [0, 3651]),
    ],
    ids=["auto lock", "clipboard", "not contacted"],
)
def test_settings_accept_their_range_and_refuse_outside_it(
    vault: Vault, setter: object, getter: object, good: list[int], bad: list[int]
) -> None:
    for value in good:
        setter(vault, value)  # type: ignore[operator]
        assert getter(vault) == value  # type: ignore[operator]
    for value in bad:
        with pytest.raises(InvalidInput):
            setter(vault, value)  # type: ignore[operator]
        assert getter(vault) == good[-1]  # type: ignore[operator]


@pytest.mark.parametrize("stored", ["9999", "-3", "five", ""])
def test_a_stored_setting_out_of_range_or_not_a_number_falls_back_to_the_default(
    vault: Vault, stored: str
) -> None:
    campaign.set_setting(vault, "auto_lock_minutes", stored)
    assert campaign.setting(vault, "auto_lock_minutes") == stored
    assert campaign.auto_lock_minutes(vault) == 5


def test_setting_a_value_twice_keeps_one_row(vault: Vault) -> None:
    campaign.set_setting(vault, "theme", "dark")
    campaign.set_setting(vault, "theme", "light")
    assert campaign.setting(vault, "theme") == "light"
    assert count(vault, "app_setting", "key = 'theme'") == 1
