"""The mapping shows the file as it is: its own column names (Google's "Phone 1 - Value" too),
a few values of each column, Outlook's Office Location as the site, a Team column of shifts
noticed, and the organizing columns recognised by their usual names. Real vault files."""

from __future__ import annotations

from pathlib import Path

import pytest

from organizer.core.importers import prepare, read_file, suggest_mapping
from organizer.core.importers.mapping import IMPORT_FIELDS, recognise, shift_hints
from organizer.core.importers.table import Table
from organizer.core.vault import Vault
from tests.core.import_fixtures import by_name
from tests.core.test_importers import GOOGLE_NEW, OUTLOOK, write


def test_google_contacts_keep_their_own_column_names(vault: Vault, tmp_path: Path) -> None:
    plan = prepare(vault, read_file(write(tmp_path, "contacts.csv", GOOGLE_NEW.encode())))
    assert plan.kind == "google"
    assert list(plan.mapping)[:3] == ["First Name", "Middle Name", "Last Name"]
    assert {h: f for h, f in plan.mapping.items() if f} == {
        "First Name": "first_name", "Last Name": "last_name",
        "Organization Title": "job_title", "Organization Department": "department",
        "Notes": "notes", "E-mail 1 - Value": "personal_email",
        "E-mail 2 - Value": "personal_email", "Phone 1 - Value": "personal_phone",
        "Phone 2 - Value": "personal_phone"}
    assert "Mobile phone" not in plan.mapping  # nothing made up
    assert plan.samples["Phone 1 - Label"] == ["Mobile"]
    # A value labelled Work is a work one, row by row; extra values stay in the notes.
    plan.apply(vault)
    jose = by_name(vault)["José Núñez"]
    assert jose["work_email"] == "jnunez@brightline.example"
    assert "Other personal phone: +1 555-010-2001" in str(jose["notes"])


def test_outlook_office_location_is_the_site(vault: Vault, tmp_path: Path) -> None:
    text = OUTLOOK.replace("Cariste,Logistique,Brightline,,", "Cariste,Logistique,Brightline,"
                                                              "Entrepôt Nord,")
    plan = prepare(vault, read_file(write(tmp_path, "outlook.csv", text.encode("cp1252"))))
    assert plan.kind == "outlook"
    assert plan.mapping["Office Location"] == "site"
    plan.apply(vault)
    assert by_name(vault)["Hélène Château"]["site"] == "Entrepôt Nord"
    assert suggest_mapping(["Office Location"]) == {"Office Location": "site"}


def test_samples_show_a_few_different_values_of_each_column(
    vault: Vault, tmp_path: Path
) -> None:
    text = ("Name,Dept,Notes,Empty\nAna Ruiz,Packing,,\nBo Li,packing,\"a long note that goes "
            "on and on and on\",\nCy Park,Shipping,,\nDee Quinn,Receiving,,\n")
    plan = prepare(vault, read_file(write(tmp_path, "s.csv", text.encode())))
    assert plan.samples == {
        "Name": ["Ana Ruiz", "Bo Li", "Cy Park"],
        "Dept": ["Packing", "Shipping", "Receiving"],  # once each, case aside
        "Notes": ["a long note that goes on and …"],
        "Empty": [],
    }


@pytest.mark.parametrize(("values", "hinted"), [
    (["Nuit", "Jour", "Nuit/Jour"], True),
    (["Day/Night", "Evening", "Day"], True),
    (["turno de noche", "Mañana"], True),
    (["A", "B", "Blue crew"], False),
    (["Platform", "Night crew"], False),
])
def test_a_team_column_that_holds_shifts_gets_a_hint(values: list[str], hinted: bool) -> None:
    table = recognise(Table(["Nom", "Équipe"], [[f"P{i}", v] for i, v in enumerate(values)],
                            list(range(2, 2 + len(values))), "csv"))
    mapping = suggest_mapping(table.headers)
    assert mapping["Équipe"] == "team"
    hints = shift_hints(table, mapping)
    assert bool(hints) is hinted
    if hinted:
        assert hints[0].startswith("The column 'Équipe' goes to Team, but its values look "
                                   "like shifts (")
        assert hints[0].endswith("If it is the shift, choose Shift for it.")
    assert shift_hints(table, {**mapping, "Équipe": "shift"}) == []


def test_the_plan_carries_the_hint(vault: Vault, tmp_path: Path) -> None:
    text = "Nom,Équipe\nHélène Dubois,Nuit\nMarc Petit,Jour\n"
    plan = prepare(vault, read_file(write(tmp_path, "fr.csv", text.encode())))
    assert len(plan.hints) == 1 and "'Nuit', 'Jour'" in plan.hints[0]


@pytest.mark.parametrize(("header", "field"), [
    ("Assessment", "assessment"), ("Support level", "assessment"), ("Evaluación", "assessment"),
    ("Assigned OC member", "assigned_oc_member"), ("Organizer", "assigned_oc_member"),
    ("Organizador", "assigned_oc_member"), ("OC member", "is_oc_member"),
    ("On the OC?", "is_oc_member"), ("Comité", "is_oc_member"),
    ("Organic leader", "is_organic_leader"), ("Líder natural", "is_organic_leader"),
    ("Issues", "issues"), ("Top issue", "issues"), ("Problemas", "issues"),
    ("Last contact", "last_contact_on"), ("Último contacto", "last_contact_on"),
    ("Tags", "tags"), ("Etiquetas", "tags"),
])
def test_organizing_columns_by_their_usual_names(header: str, field: str) -> None:
    assert suggest_mapping([header]) == {header: field}
    assert field in IMPORT_FIELDS


def test_organizer_s_own_export_maps_back() -> None:
    from organizer.core.exporters.csv_export import EXPORT_FIELDS

    headers = [EXPORT_FIELDS[f] for f in ("assessment", "is_oc_member", "is_organic_leader",
                                          "oc_member", "last_contact_on", "tags")]
    assert list(suggest_mapping(headers).values()) == [
        "assessment", "is_oc_member", "is_organic_leader", "assigned_oc_member",
        "last_contact_on", "tags"]
