"""Call lists in the core: who is on a list, what reaches the page, saved lists, and recording
what happened on the calls. Real SQLCipher vaults in tmp_path; nothing mocked.

`campaign_vault` (a copy of a vault filled once per session by `make_campaign`), `REAL_NAMES`
and `WORK_PHONE_FRAGMENTS` are shared with tests/reports and tests/cli.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from organizer.core import call_lists as cl
from organizer.core import campaign, conversations, follow_ups, people, records
from organizer.core.errors import InvalidInput
from organizer.core.people import PeopleFilter, PeopleSort, Person
from organizer.core.vault import Vault
from organizer.core.workplace_issues import get_or_add_issue
from tests.conftest import PASSPHRASE as PASSPHRASE
from tests.conftest import derived_template

TODAY = dt.date.today()
CAMPAIGN_NAME = "Brightline workers"  # tests/reports check it never reaches a PDF


def make_vault(folder: Path, factory: pytest.TempPathFactory) -> Vault:
    """A new vault at `folder/c.vault`: a copy of the suite's template vault (tests/conftest.py)
    named CAMPAIGN_NAME, opened with its raw key."""
    template = derived_template(factory, "call-lists", lambda vault: None,
                                campaign_name=CAMPAIGN_NAME)
    return template.open_copy(folder, "c.vault")


@dataclass
class Campaign:
    """Who is who in `make_campaign` (ids by first name)."""

    ids: dict[str, str]
    infra: str
    support: str
    day: str
    night: str
    petition: str  # structure test id

    def __getitem__(self, first_name: str) -> str:
        return self.ids[first_name]


# name, code name, personal phone, work phone, department, shift, organizer, assessment
COWORKERS: tuple[tuple[str, str, str, str, str, str, str | None, int | None], ...] = (
    ("Ravi Menon", "Kestrel", "+1 415 555 0101", "+1 212 555 0199 ext. 4411",
     "infra", "day", "Maya", 2),
    ("Lena Parkinson", "", "+1 415 555 0102; +16285550112", "", "support", "night", "Jon", 3),
    ("Omar Haddad", "Wren", "+1 415 555 0103", "", "infra", "night", None, 4),
    ("Bea Santos", "Plover", "+1 212 555 0177", "+1 (212) 555-0177", "support", "day", "Maya",
     None),
    ("Dev Patelson", "Finch", "+1 415 555 0106", "+1 212 555 0166", "support", "day", "Jon", 1),
    ("Sofia Ruizado", "", "+1 415 555 0105", "", "infra", "day", "Maya", 2),  # left
)
REAL_NAMES = ("Ravi", "Menon", "Lena", "Parkinson", "Omar", "Haddad", "Santos", "Patelson",
              "Sofia", "Ruizado", "Maya", "Okafor", "Jonathan", "Bellweather")
WORK_PHONE_FRAGMENTS = ("212 555 0199", "2125550199", "4411", "0177", "0166")


def make_campaign(vault: Vault) -> Campaign:
    """Two OC members (Maya "Heron", Jonathan "Osprey"), six coworkers (Sofia left), issues,
    one-on-ones, follow-ups and a petition with participation."""
    infra = campaign.add_list_entry(vault, "department", "Infrastructure").id
    support = campaign.add_list_entry(vault, "department", "Support").id
    day = campaign.add_list_entry(vault, "shift", "Day").id
    night = campaign.add_list_entry(vault, "shift", "Night").id
    places = {"infra": infra, "support": support, "day": day, "night": night}
    ids: dict[str, str] = {}
    ids["Maya"] = people.add_person(
        vault, Person(name="Maya Okafor", code_name="Heron", is_oc_member=True,
                      personal_phone="+1 415 555 0190")).id
    ids["Jon"] = people.add_person(
        vault, Person(name="Jonathan Bellweather", code_name="Osprey", is_oc_member=True)).id
    for name, code, phone, work, dept, shift, organizer, score in COWORKERS:
        person = people.add_person(vault, Person(
            name=name, code_name=code, personal_phone=phone, work_phone=work,
            department_id=places[dept], shift_id=places[shift],
            assigned_oc_member_id=ids[organizer] if organizer else None,
        ))
        ids[name.split()[0]] = person.id
        if score is not None:
            people.record_assessment(vault, person.id, score, assessed_by_id=ids["Maya"])
    people.update_person(vault, replace(people.get_person(vault, ids["Sofia"]),
                                        left_company_on="2026-10-01"))
    pay = get_or_add_issue(vault, "Pay").id
    rto = get_or_add_issue(vault, "Return to office").id
    oncall = get_or_add_issue(vault, "On-call load").id
    long_ago = (TODAY - dt.timedelta(days=60)).isoformat()
    recent = (TODAY - dt.timedelta(days=3)).isoformat()
    for held_on, issues in ((long_ago, [pay, rto]), (long_ago, [pay]), (recent, [rto])):
        conversations.log_one_on_one(vault, conversations.OneOnOne(
            person_id=ids["Ravi"], held_on=held_on, oc_member_id=ids["Maya"],
            issue_ids=issues))
    conversations.log_one_on_one(vault, conversations.OneOnOne(
        person_id=ids["Dev"], held_on=recent, oc_member_id=ids["Jon"], issue_ids=[oncall]))
    follow_ups.add_follow_up(vault, ids["Omar"], (TODAY - dt.timedelta(days=1)).isoformat(),
                             "Ask about the letter")
    follow_ups.add_follow_up(vault, ids["Lena"], (TODAY + dt.timedelta(days=10)).isoformat())
    petition = records.new_id()
    stamp = records.now()
    with vault.transaction() as conn:
        conn.execute(
            "INSERT INTO structure_test (id, name, ladder_position, target_percent, "
            "created_at, updated_at) VALUES (?, 'Majority petition', 3, 51, ?, ?)",
            (petition, stamp, stamp))
        for first, status in (("Ravi", "committed"), ("Lena", "did it"), ("Dev", "asked")):
            conn.execute(
                "INSERT INTO participation (id, structure_test_id, person_id, status, "
                "created_at, updated_at) VALUES (?,?,?,?,?,?)",
                (records.new_id(), petition, ids[first], status, stamp, stamp))
    return Campaign(ids, infra, support, day, night, petition)


_FILLED: dict[str, tuple[Path, str, Campaign]] = {}
Filled = tuple[Vault, Campaign]
Sheet = tuple[Vault, Campaign, str]


def campaign_vault(folder: Path, factory: pytest.TempPathFactory) -> Filled:
    """A copy of a vault filled once per session by `make_campaign`, open (same ids)."""
    if "c" not in _FILLED or not _FILLED["c"][0].exists():
        built = make_vault(factory.mktemp("call-list-campaign"), factory)
        try:
            c = make_campaign(built)
            _FILLED["c"] = (built.path, built.raw_key, c)
        finally:
            built.close()
    source, raw_key, c = _FILLED["c"]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "c.vault"
    shutil.copyfile(source, target)
    os.chmod(target, 0o600)
    return Vault.open_with_key(target, raw_key), c


@pytest.fixture
def filled(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Filled]:
    v, c = campaign_vault(tmp_path / "filled", tmp_path_factory)
    try:
        yield v, c
    finally:
        v.close()


def names_of(call_list: cl.CallList) -> list[str]:
    return [row.name for row in call_list.rows]


def count(vault: Vault, table: str, where: str = "1", params: tuple[object, ...] = ()) -> int:
    return int(vault.connection.execute(
        f"SELECT count(*) FROM {table} WHERE {where}", params).fetchone()[0])


def all_counts(vault: Vault) -> dict[str, int]:
    tables = ("call_attempt", "one_on_one", "follow_up", "draft", "assessment", "call_list")
    counts = {t: count(vault, t) for t in tables}
    counts["left"] = count(vault, "person", "left_company_on IS NOT NULL")
    counts["contacted"] = count(vault, "person", "last_contact_on IS NOT NULL")
    return counts


# ----- who is on the list -------------------------------------------------------------------


def test_default_list_is_coworkers_still_there_by_name(filled: Filled) -> None:
    vault, _ = filled
    built = cl.build_call_list(vault)
    # OC members and Sofia (left the company) are not called by default.
    assert names_of(built) == ["Bea Santos", "Dev Patelson", "Lena Parkinson", "Omar Haddad",
                               "Ravi Menon"]
    assert [row.number for row in built.rows] == [1, 2, 3, 4, 5]
    everyone = cl.build_call_list(vault, cl.CallListCriteria(
        include_left_company=True, include_oc_members=True))
    assert len(everyone.rows) == 8
    committee = cl.build_call_list(vault, cl.CallListCriteria(
        people=PeopleFilter(oc_members_only=True)))
    assert names_of(committee) == ["Jonathan Bellweather", "Maya Okafor"]


def test_filters_combine(filled: Filled) -> None:
    vault, c = filled

    def names(**kwargs: object) -> list[str]:
        criteria = cl.CallListCriteria(**kwargs)  # type: ignore[arg-type]
        found = names_of(cl.build_call_list(vault, criteria))
        # The page's live count must agree with the list it would print.
        assert cl.count_call_list(vault, criteria) == len(found)
        return found

    assert names(people=PeopleFilter(department_ids=frozenset({c.infra}))) == [
        "Omar Haddad", "Ravi Menon"]
    assert names(people=PeopleFilter(assessments=frozenset({2, 3}))) == [
        "Lena Parkinson", "Ravi Menon"]
    assert names(people=PeopleFilter(assessments=frozenset({0}))) == ["Bea Santos"]
    assert names(organizer_id=c["Maya"]) == ["Bea Santos", "Ravi Menon"]
    assert names(has_follow_up_due=True) == ["Omar Haddad"]
    # Ravi and Dev were talked with 3 days ago; the others never.
    assert names(not_contacted_days=30) == ["Bea Santos", "Lena Parkinson", "Omar Haddad"]
    assert names(not_contacted_days=3) == ["Bea Santos", "Lena Parkinson", "Omar Haddad"]
    assert names(not_contacted_days=2) == ["Bea Santos", "Dev Patelson", "Lena Parkinson",
                                           "Omar Haddad", "Ravi Menon"]
    # Committed to the petition but not yet signed.
    assert names(structure_test_id=c.petition,
                 participation_statuses=frozenset({"committed"})) == ["Ravi Menon"]
    assert names(structure_test_id=c.petition,
                 participation_statuses=frozenset({"asked", "committed"})) == [
        "Dev Patelson", "Ravi Menon"]
    assert names(structure_test_id=c.petition) == ["Dev Patelson", "Lena Parkinson",
                                                   "Ravi Menon"]
    assert names(structure_test_id=c.petition,
                 participation_statuses=frozenset({cl.NOT_ASKED})) == [
        "Bea Santos", "Omar Haddad"]
    assert names(people=PeopleFilter(shift_ids=frozenset({c.day})),
                 organizer_id=c["Jon"]) == ["Dev Patelson"]
    with pytest.raises(InvalidInput):
        names(structure_test_id=c.petition, participation_statuses=frozenset({"maybe"}))


def test_sort_orders(filled: Filled) -> None:
    vault, _ = filled
    by_assessment = cl.build_call_list(vault, cl.CallListCriteria(sort=PeopleSort.ASSESSMENT))
    # Not assessed last.
    assert names_of(by_assessment) == ["Dev Patelson", "Ravi Menon", "Lena Parkinson",
                                       "Omar Haddad", "Bea Santos"]
    oldest_first = cl.build_call_list(vault, cl.CallListCriteria(sort=PeopleSort.LAST_CONTACT))
    assert names_of(oldest_first)[-2:] == ["Dev Patelson", "Ravi Menon"]


# ----- what reaches the page ----------------------------------------------------------------


def test_name_styles_never_leak_real_names(filled: Filled) -> None:
    vault, _ = filled
    code = cl.build_call_list(
        vault, options=cl.CallListOptions(name_style="code name", per_organizer=True))
    assert [s.title for s in code.sections] == ["Heron's calls", "Osprey's calls", "Unassigned"]
    assert [[r.name for r in s.rows] for s in code.sections] == [
        ["Kestrel", "Plover"], ["Finch", "L.P."], ["Wren"]]
    initials = cl.build_call_list(
        vault, options=cl.CallListOptions(name_style="initials", per_organizer=True))
    assert [s.title for s in initials.sections] == ["J.B.'s calls", "M.O.'s calls",
                                                    "Unassigned"]
    assert names_of(initials) == ["D.P.", "L.P.", "B.S.", "R.M.", "O.H."]
    for built in (code, initials):
        text = repr(built.sections)
        for real in REAL_NAMES:
            assert real not in text
    named = cl.build_call_list(vault, options=cl.CallListOptions(per_organizer=True))
    assert [s.title for s in named.sections] == [
        "Jonathan Bellweather's calls", "Maya Okafor's calls", "Unassigned"]


def test_personal_phones_only(filled: Filled) -> None:
    vault, c = filled
    rows = {r.person_id: r for r in cl.build_call_list(vault).rows}
    assert rows[c["Ravi"]].phones == ("+1 415 555 0101",)
    assert rows[c["Lena"]].phones == ("+1 415 555 0102", "+16285550112")
    # Bea's "personal" number is her work line: it is not printed.
    assert rows[c["Bea"]].phones == ()
    # Every printed field; not the random ids, where four digits can turn up by chance.
    text = repr([{k: v for k, v in dataclasses.asdict(r).items() if not k.endswith("id")}
                 for r in rows.values()])
    for fragment in WORK_PHONE_FRAGMENTS:
        assert fragment not in text


def test_columns_and_assessment_styles(filled: Filled) -> None:
    vault, c = filled
    full = {r.person_id: r for r in cl.build_call_list(vault).rows}
    ravi = full[c["Ravi"]]
    assert (ravi.department, ravi.shift, ravi.assessment) == ("Infrastructure", "Day",
                                                              "Leaning supportive")
    assert ravi.last_contact_on == (TODAY - dt.timedelta(days=3)).isoformat()
    # Pay and Return to office were each raised twice; the latest mention decides.
    assert ravi.main_issue == "Return to office"
    assert full[c["Dev"]].main_issue == "On-call load"
    assert full[c["Bea"]].assessment == "Not assessed"
    codes = {r.person_id: r for r in cl.build_call_list(
        vault, options=cl.CallListOptions(assessment_style="code")).rows}
    assert codes[c["Ravi"]].assessment == "A2"
    assert codes[c["Bea"]].assessment == "A?"
    bare = cl.build_call_list(vault, options=cl.CallListOptions(columns=()))
    for row in bare.rows:
        assert (row.department, row.shift, row.assessment, row.last_contact_on,
                row.main_issue) == ("", "", "", None, "")
    with pytest.raises(InvalidInput):
        cl.build_call_list(vault, options=cl.CallListOptions(columns=("salary",)))
    with pytest.raises(InvalidInput):
        cl.build_call_list(vault, options=cl.CallListOptions(name_style="nickname"))


def test_main_issue_is_the_most_mentioned(filled: Filled) -> None:
    vault, c = filled
    # Ravi: Pay twice and Return to office twice; one more Pay decides it.
    conversations.log_one_on_one(vault, conversations.OneOnOne(
        person_id=c["Ravi"], held_on=(TODAY - dt.timedelta(days=90)).isoformat(),
        issue_ids=[get_or_add_issue(vault, "Pay").id]))
    rows = {r.person_id: r for r in cl.build_call_list(vault).rows}
    assert rows[c["Ravi"]].main_issue == "Pay"
    # A tie goes to the issue mentioned most recently.
    conversations.log_one_on_one(vault, conversations.OneOnOne(
        person_id=c["Ravi"], held_on=TODAY.isoformat(),
        issue_ids=[get_or_add_issue(vault, "Return to office").id]))
    rows = {r.person_id: r for r in cl.build_call_list(vault).rows}
    assert rows[c["Ravi"]].main_issue == "Return to office"


def test_helpers() -> None:
    assert sorted(["Maya", "Łukasz", "Lena", "Émile", "Zoë", "eve"], key=cl.collation_key) == [
        "Émile", "eve", "Lena", "Łukasz", "Maya", "Zoë"]
    assert cl.initials("Maya Okafor") == "M.O."
    assert cl.initials("Ravi K. Menon") == "R.K.M."
    assert cl.initials("  ") == "?"
    assert cl.printed_name("Maya Okafor", "", "code name") == "M.O."
    assert cl.split_phones("+1 415 555 0101 or 0171/123456, 030 1234") == [
        "+1 415 555 0101", "0171/123456", "030 1234"]
    assert cl.same_number("+1 415 555 0101", "(415) 555-0101")
    assert not cl.same_number("+1 415 555 0101", "+1 415 555 0102")
    assert cl.outcome_for_key("1") == "reached"
    assert cl.outcome_for_key("7") == "refused"
    assert cl.outcome_for_key("8") is None
    assert [cl.OUTCOME_KEYS[str(n)] for n in range(1, 8)] == list(cl.OUTCOMES)


@pytest.mark.parametrize(("locale_name", "size"), [
    ("en_US.UTF-8", "Letter"), ("fr_CA", "Letter"), ("es_MX.UTF-8", "Letter"),
    ("fil_PH", "Letter"), ("en_GB.UTF-8", "A4"), ("de_DE@euro", "A4"), ("C.UTF-8", "A4"),
    ("C", "A4"), ("", "A4"), ("en-US", "Letter"),
])
def test_page_size_follows_the_locale(locale_name: str, size: str) -> None:
    assert cl.page_size_for_locale(locale_name) == size
    assert cl.resolve_page_size("auto", locale_name) == size
    assert cl.resolve_page_size("A4", locale_name) == "A4"
    assert cl.resolve_page_size("Letter", locale_name) == "Letter"


def test_page_size_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LC_PAPER", "en_US.UTF-8")
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert cl.page_size_for_locale() == "Letter"
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert cl.page_size_for_locale() == "A4"


# ----- saving and reopening -----------------------------------------------------------------


def test_save_and_reopen_keep_people_and_order(filled: Filled) -> None:
    vault, c = filled
    options = cl.CallListOptions(name_style="code name", per_organizer=True,
                                 printed_for="Maya", destroy_by=dt.date(2026, 12, 1),
                                 columns=("department", "assessment"), page_size="Letter")
    criteria = cl.CallListCriteria(people=PeopleFilter(assessments=frozenset({0, 1, 2, 3})),
                                   sort=PeopleSort.DEPARTMENT)
    built = cl.build_call_list(vault, criteria, options)
    list_id = cl.save_built(vault, built, "  Petition  drive ", printed=True)
    # Reassigning people afterwards must not reorder the printed list.
    people.assign_oc_member(vault, [c["Ravi"], c["Bea"]], c["Jon"])
    people.add_person(vault, Person(name="Newcomer Zed", assigned_oc_member_id=c["Maya"]))
    reopened = cl.open_call_list(vault, list_id)
    assert reopened.id == list_id and reopened.name == "Petition drive"
    assert reopened.person_ids == built.person_ids
    assert [(s.title, len(s.rows)) for s in reopened.sections] == [
        (s.title, len(s.rows)) for s in built.sections]
    assert reopened.options == options
    assert reopened.criteria == criteria
    saved = cl.saved_call_lists(vault)
    assert [(s.id, s.name, s.people) for s in saved] == [(list_id, "Petition drive", 4)]
    assert saved[0].printed_at is not None
    # Deleted people drop out; the others keep their places and sections.
    people.delete_person(vault, c["Ravi"])
    again = cl.open_call_list(vault, list_id)
    assert again.person_ids == [i for i in built.person_ids if i != c["Ravi"]]
    cl.rename_call_list(vault, list_id, "Petition, round 2")
    assert cl.saved_call_lists(vault)[0].name == "Petition, round 2"
    cl.save_results_draft(vault, list_id, [cl.CallResult(c["Bea"], "reached")])
    cl.delete_call_list(vault, list_id)
    assert cl.saved_call_lists(vault) == []
    assert count(vault, "call_list_person") == 0
    assert count(vault, "draft") == 0
    with pytest.raises(InvalidInput):
        cl.open_call_list(vault, list_id)


def test_save_plain_list_and_refusals(filled: Filled) -> None:
    vault, c = filled
    ids = [c["Omar"], c["Ravi"], c["Lena"]]  # any order the caller chose
    list_id = cl.save_call_list(vault, "Manual", cl.CallListCriteria(), cl.CallListOptions(),
                                ids)
    assert cl.open_call_list(vault, list_id).person_ids == ids
    assert cl.saved_call_lists(vault)[0].printed_at is None
    cl.mark_printed(vault, list_id)
    assert cl.saved_call_lists(vault)[0].printed_at is not None
    before = all_counts(vault)
    with pytest.raises(InvalidInput):
        cl.save_call_list(vault, "  ", cl.CallListCriteria(), cl.CallListOptions(), ids)
    with pytest.raises(InvalidInput):
        cl.save_call_list(vault, "Twice", cl.CallListCriteria(), cl.CallListOptions(),
                          [c["Omar"], c["Omar"]])
    with pytest.raises(InvalidInput):
        cl.save_call_list(vault, "Ghost", cl.CallListCriteria(), cl.CallListOptions(),
                          [c["Omar"], records.new_id()])
    assert all_counts(vault) == before


# ----- recording results --------------------------------------------------------------------


@pytest.fixture
def sheet(filled: Filled) -> Sheet:
    """A saved, printed list of the five coworkers: Bea, Dev, Lena, Omar, Ravi."""
    vault, c = filled
    built = cl.build_call_list(vault)
    return vault, c, cl.save_built(vault, built, "Petition drive", printed=True)


def test_each_outcome_does_what_it_says(sheet: Sheet) -> None:
    vault, c, list_id = sheet
    called_on = TODAY - dt.timedelta(days=1)
    before = all_counts(vault)
    ravi_before = people.get_person(vault, c["Ravi"])
    results = [
        cl.CallResult(c["Bea"], "reached"),  # no note: attempt + last contact only
        cl.CallResult(c["Dev"], "reached", commitment="Will sign", note="Keen on on-call pay"),
        cl.CallResult(c["Lena"], "call back", note="After 6pm"),
        cl.CallResult(c["Omar"], "left the company"),
        cl.CallResult(c["Ravi"], "no answer", note="Rang out"),
    ]
    summary = cl.record_results(vault, list_id, results, c["Maya"], called_on)
    assert summary.call_attempts == 5
    assert summary.reached == 2 and summary.one_on_ones == 1
    assert summary.follow_ups == 1 and summary.left_company == 1
    after = all_counts(vault)
    assert after["call_attempt"] == before["call_attempt"] + 5
    assert after["one_on_one"] == before["one_on_one"] + 1
    assert after["follow_up"] == before["follow_up"] + 1
    assert after["left"] == before["left"] + 1
    attempts = vault.connection.execute(
        "SELECT person_id, caller_id, substr(called_at, 1, 10), outcome, commitment, note "
        "FROM call_attempt").fetchall()
    assert sorted(attempts) == sorted([
        (r.person_id, c["Maya"], called_on.isoformat(), r.outcome, r.commitment, r.note)
        for r in results])
    # Reached: last contact moves to the call's date; Bea had none before.
    assert people.get_person(vault, c["Bea"]).last_contact_on == called_on.isoformat()
    assert people.get_person(vault, c["Dev"]).last_contact_on == called_on.isoformat()
    # A note on a reached call is a phone one-on-one by the caller.
    one = vault.connection.execute(
        "SELECT held_on, oc_member_id, channel, commitment, notes, assessment_before "
        "FROM one_on_one WHERE person_id = ? AND channel = 'phone'", (c["Dev"],)).fetchall()
    assert one == [(called_on.isoformat(), c["Maya"], "phone", "Will sign",
                    "Keen on on-call pay", 1)]
    assert count(vault, "one_on_one", "person_id = ?", (c["Bea"],)) == 0
    # Call back: a follow-up for the caller two days after the call.
    lena = follow_ups.follow_ups_for(vault, c["Lena"])
    due = [f for f in lena if f.description.startswith("Call back")]
    assert [(f.due_on, f.owner_id, f.description) for f in due] == [
        ((called_on + dt.timedelta(days=2)).isoformat(), c["Maya"], "Call back: After 6pm")]
    assert people.get_person(vault, c["Lena"]).last_contact_on is None
    # Left the company.
    assert people.get_person(vault, c["Omar"]).left_company_on == called_on.isoformat()
    # No answer: the attempt only; Ravi's last contact is unchanged.
    assert people.get_person(vault, c["Ravi"]).last_contact_on == ravi_before.last_contact_on


def test_remaining_outcomes_and_dates(sheet: Sheet) -> None:
    vault, c, list_id = sheet
    called_on = TODAY - dt.timedelta(days=10)
    ravi_last = people.get_person(vault, c["Ravi"]).last_contact_on
    dev_last = people.get_person(vault, c["Dev"]).last_contact_on
    results = [
        cl.CallResult(c["Bea"], "left message"),
        cl.CallResult(c["Dev"], "wrong number", note="Disconnected"),
        cl.CallResult(c["Lena"], "refused", note="Hung up"),
        cl.CallResult(c["Omar"], "call back", call_back_on=TODAY + dt.timedelta(days=5)),
        # Reached, but earlier than the last one-on-one: last contact stays.
        cl.CallResult(c["Ravi"], "reached"),
    ]
    before = all_counts(vault)
    cl.record_results(vault, list_id, results, None, called_on,
                      call_back_on=TODAY + dt.timedelta(days=1))
    after = all_counts(vault)
    assert after["call_attempt"] - before["call_attempt"] == 5
    assert after["one_on_one"] == before["one_on_one"]  # notes, but no conversation
    assert after["follow_up"] - before["follow_up"] == 1
    assert after["left"] == before["left"]
    assert people.get_person(vault, c["Ravi"]).last_contact_on == ravi_last
    assert people.get_person(vault, c["Dev"]).last_contact_on == dev_last
    for first in ("Bea", "Lena"):
        assert people.get_person(vault, c[first]).last_contact_on is None
    omar = [f for f in follow_ups.follow_ups_for(vault, c["Omar"]) if f.description == "Call back"]
    assert [f.due_on for f in omar] == [(TODAY + dt.timedelta(days=5)).isoformat()]
    # The sheet's call-back date is the default for rows without their own.
    cl.record_results(vault, list_id, [cl.CallResult(c["Bea"], "call back")], None, called_on,
                      call_back_on=TODAY + dt.timedelta(days=1))
    bea = [f for f in follow_ups.follow_ups_for(vault, c["Bea"]) if f.description == "Call back"]
    assert [f.due_on for f in bea] == [(TODAY + dt.timedelta(days=1)).isoformat()]


def test_nothing_is_saved_before_record_results_or_on_a_refusal(
    sheet: Sheet
) -> None:
    vault, c, list_id = sheet
    before = all_counts(vault)
    results = [cl.CallResult(c["Bea"], "reached", note="x"), cl.CallResult(c["Dev"], "refused")]
    # Opening the list and holding results in memory writes nothing.
    cl.open_call_list(vault, list_id)
    assert all_counts(vault) == before
    bad_sheets = [
        [*results, cl.CallResult(c["Lena"], None, note="note without outcome")],
        [*results, cl.CallResult(c["Lena"], "maybe")],
        [*results, cl.CallResult(c["Bea"], "no answer")],  # twice
        [*results, cl.CallResult(c["Maya"], "reached")],  # not on this list
    ]
    for bad in bad_sheets:
        with pytest.raises(InvalidInput):
            cl.record_results(vault, list_id, bad, c["Maya"], TODAY)
        assert all_counts(vault) == before
    with pytest.raises(InvalidInput):
        cl.record_results(vault, list_id, results, records.new_id(), TODAY)
    with pytest.raises(InvalidInput):
        cl.record_results(vault, records.new_id(), results, c["Maya"], TODAY)
    assert all_counts(vault) == before
    # Blank rows are skipped, not refused.
    summary = cl.record_results(vault, list_id, [*results, cl.CallResult(c["Lena"])],
                                c["Maya"], TODAY)
    assert summary.call_attempts == 2


def test_drafts_round_trip_and_go_when_recorded(sheet: Sheet) -> None:
    vault, c, list_id = sheet
    assert cl.results_draft(vault, list_id) is None
    half = [
        cl.CallResult(c["Bea"], "reached", commitment="Sign Friday", note="Ask Dev too"),
        cl.CallResult(c["Dev"], None, note="typing…"),
        cl.CallResult(c["Lena"], "call back", call_back_on=dt.date(2026, 12, 3)),
        cl.CallResult(c["Omar"]),
    ]
    before = all_counts(vault)
    first_id = cl.save_results_draft(vault, list_id, half, caller_id=c["Maya"],
                                     called_on=dt.date(2026, 11, 20))
    after = all_counts(vault)
    assert after["draft"] == before["draft"] + 1
    assert {k: v for k, v in after.items() if k != "draft"} == {
        k: v for k, v in before.items() if k != "draft"}
    draft = cl.results_draft(vault, list_id)
    assert draft is not None
    assert draft.results == half
    assert (draft.caller_id, draft.called_on) == (c["Maya"], dt.date(2026, 11, 20))
    # Saving again replaces the one draft of this list.
    second_id = cl.save_results_draft(vault, list_id, half[:1])
    assert second_id == first_id
    assert count(vault, "draft", "kind = 'call-results'") == 1
    assert cl.results_draft(vault, list_id).results == half[:1]  # type: ignore[union-attr]
    # The draft is stored inside the vault as the draft kind 'call-results'.
    assert count(vault, "draft", "kind = ?", (cl.DRAFT_KIND,)) == 1
    cl.record_results(vault, list_id, half[:1], c["Maya"], TODAY)
    assert cl.results_draft(vault, list_id) is None
    cl.save_results_draft(vault, list_id, half)
    cl.discard_results_draft(vault, list_id)
    assert cl.results_draft(vault, list_id) is None


def test_draft_survives_closing_the_vault(
    sheet: Sheet, tmp_path: Path
) -> None:
    vault, c, list_id = sheet
    cl.save_results_draft(vault, list_id, [cl.CallResult(c["Bea"], "refused", note="n")])
    path, key = vault.path, vault.raw_key
    vault.close()
    with Vault.open_with_key(path, key) as reopened:
        draft = cl.results_draft(reopened, list_id)
        assert draft is not None
        assert draft.results == [cl.CallResult(c["Bea"], "refused", note="n")]


def test_core_module_does_not_import_qt() -> None:
    script = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'PySide6': raise ImportError('Qt in core')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import organizer.core.call_lists\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False, cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.strip() == "ok", done.stderr
