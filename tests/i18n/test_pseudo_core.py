"""The core's sentences under the pseudo-locale: every error a person can cause (OrganizerError
and the SQLite-error mapping, opening a vault, the forms' refusals), the defaults a new
campaign is made with, and the demo campaign's words come out marked for translation.

Data passed in is written without ASCII letters (`pseudo_support.data`); paths, names and
other data inside a marked sentence are part of that sentence.
"""

from __future__ import annotations

import datetime as dt
import errno
import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlcipher3

from organizer.core import (
    call_lists,
    campaign,
    chart,
    conversations,
    demo,
    follow_ups,
    imports,
    people,
    plans,
    relationships,
    saved_views,
    structure_tests,
    tags,
    workplace_issues,
)
from organizer.core.call_lists import CallListCriteria, CallListOptions, CallResult
from organizer.core.conversations import FollowUpRequest, OneOnOne
from organizer.core.errors import (
    DiskFull,
    InternalError,
    OrganizerError,
    OutOfMemory,
    WrongPassphrase,
)
from organizer.core.passphrase import check_new_passphrase, estimate_strength
from organizer.core.people import Person
from organizer.core.vault import Vault, translate
from tests.i18n.pseudo_support import data, pseudo_fixture, unmarked  # noqa: F401

PASSPHRASE = "correct horse battery staple"
TODAY = dt.date(2026, 5, 1)
_MARKED = re.compile(r"⟦[^⟦⟧]*⟧")


def plain_words(text: str) -> str | None:
    """`unmarked(text)`, after taking out marked messages nested in marked messages (a
    translated team's name inside a translated note), which `unmarked` sees one level of."""
    while True:
        inner = _MARKED.sub(" ", text)
        if inner == text:
            return unmarked(text)
        if "⟦" not in inner:
            return unmarked(inner)
        text = inner


def refusal(action: Callable[[], object]) -> str:
    """The sentence of the OrganizerError `action` raises."""
    with pytest.raises(OrganizerError) as caught:
        action()
    return str(caught.value)


def assert_marked(sentences: dict[str, str]) -> None:
    left = {where: text for where, text in sentences.items() if plain_words(text)}
    assert left == {}, f"not marked for translation: {left}"


@pytest.fixture
def pseudo_vault_path(tmp_path: Path, pseudo: None) -> Path:
    """A new, closed vault created under the pseudo-locale."""
    path = tmp_path / "campaign.vault"
    Vault.create(path, PASSPHRASE, data("Harbour drive")).close()
    return path


@pytest.fixture
def made(pseudo_vault_path: Path) -> Iterator[Vault]:
    vault = Vault.open(pseudo_vault_path, PASSPHRASE)
    try:
        yield vault
    finally:
        vault.close()


# ----- errors.py and the SQLite-error mapping ------------------------------------------------


def _coded(code: int) -> sqlcipher3.Error:
    error = sqlcipher3.DatabaseError("whatever the text says")
    error.sqlite_errorcode = code
    return error


def test_error_classes_and_the_sqlite_mapping_are_marked(pseudo: None) -> None:
    sentences = {
        "wrong passphrase": str(WrongPassphrase()),
        "disk full": str(DiskFull()),
        "out of memory": str(OutOfMemory()),
        "out of memory, named": str(OutOfMemory(data("The import"))),
        "internal": str(InternalError("SQLITE_ERROR in organizer.core.x line 1")),
        "memory error": str(translate(MemoryError())),
        "read-only folder": str(translate(PermissionError(errno.EACCES, "denied"))),
        "disk full errno": str(translate(OSError(errno.ENOSPC, "full"))),
    }
    # CORRUPT, BUSY, NOMEM, READONLY, INTERRUPT, IOERR, FULL, CANTOPEN, CONSTRAINT, NOTADB.
    for code in (11, 5, 6, 7, 8, 9, 10, 13, 14, 19, 26):
        sentences[f"SQLite code {code}"] = str(translate(_coded(code)))
    with pytest.raises(sqlite3.Error) as caught:
        sqlite3.connect(":memory:").execute("SELECT * FROM missing")
    sentences["a bug"] = str(translate(caught.value))
    assert_marked(sentences)


# ----- opening and creating vaults -------------------------------------------------------------


def test_vault_open_and_create_refusals_are_marked(pseudo_vault_path: Path,
                                                   tmp_path: Path) -> None:
    folder = tmp_path / data("folder")
    folder.mkdir()
    empty = tmp_path / "empty.vault"
    empty.write_bytes(b"")
    plain = tmp_path / "plain.vault"
    sqlite3.connect(plain).execute("CREATE TABLE t (x)").connection.commit()
    truncated = tmp_path / "truncated.vault"
    truncated.write_bytes(pseudo_vault_path.read_bytes()[:5000])
    with Vault.open(pseudo_vault_path, PASSPHRASE) as vault:
        in_use = refusal(lambda: Vault.open(pseudo_vault_path, PASSPHRASE))
        weak_new = refusal(lambda: vault.change_passphrase(PASSPHRASE, "short"))
        wrong_current = refusal(lambda: vault.change_passphrase("not it at all", PASSPHRASE))
    locked = Vault.open(pseudo_vault_path, PASSPHRASE)
    locked.close()
    assert_marked({
        "wrong passphrase": refusal(lambda: Vault.open(pseudo_vault_path, "wrong passphrase")),
        "empty passphrase": refusal(lambda: Vault.open(pseudo_vault_path, "")),
        "missing": refusal(lambda: Vault.open(tmp_path / "nothing.vault", PASSPHRASE)),
        "folder": refusal(lambda: Vault.open(folder, PASSPHRASE)),
        "empty": refusal(lambda: Vault.open(empty, PASSPHRASE)),
        "plain SQLite": refusal(lambda: Vault.open(plain, PASSPHRASE)),
        "truncated": refusal(lambda: Vault.open(truncated, PASSPHRASE)),
        "in use": in_use,
        "weak new": weak_new,
        "wrong current": wrong_current,
        "locked": refusal(lambda: locked.connection),
        "missing folder": refusal(lambda: Vault.create(tmp_path / "no" / "x.vault", PASSPHRASE,
                                                       data("Drive"))),
        "exists": refusal(lambda: Vault.create(pseudo_vault_path, PASSPHRASE, data("Drive"))),
    })


def test_passphrase_refusals_and_hints_are_marked(pseudo: None) -> None:
    sentences = {
        "empty": refusal(lambda: check_new_passphrase("")),
        "short": refusal(lambda: check_new_passphrase("abc")),
        "guessable": refusal(lambda: check_new_passphrase("password1234")),
    }
    for typed in ("abc", "aaaaaaaaaaaaaaaaaaaa", "password1234x", "maple quartz",
                  "correct horse battery staple", "river violin mango sleepy tulip cobalt"):
        hint = estimate_strength(typed)
        sentences[f"label of {typed}"] = hint.label
        sentences[f"advice of {typed}"] = hint.advice
    assert_marked(sentences)


# ----- defaults a new campaign is made with ----------------------------------------------------


def test_a_new_campaigns_defaults_are_in_its_language(made: Vault) -> None:
    structure_tests.add_default_ladder(made)
    texts = {f"level {level.score}": level.label for level in campaign.assessment_scale(made)}
    texts |= {f"threshold {t.percent:g}": t.label for t in campaign.thresholds(made)}
    texts |= {f"rung {t.ladder_position}": t.name for t in structure_tests.structure_tests(made)}
    assert_marked(texts)


def test_a_campaign_created_without_a_name_gets_one_in_its_language(tmp_path: Path,
                                                                    pseudo: None) -> None:
    with Vault.create(tmp_path / "x.vault", PASSPHRASE, "  ") as vault:
        assert plain_words(campaign.campaign_name(vault)) is None


# ----- the forms' refusals -----------------------------------------------------------------------


def _seeded(vault: Vault) -> dict[str, str]:
    oc = people.add_person(vault, Person(name=data("Maya Okafor"), is_oc_member=True))
    ravi = people.add_person(vault, Person(name=data("Ravi Kumar"), assigned_oc_member_id=oc.id))
    plan = plans.add_plan(vault, data("Deliver the letter"))
    test = structure_tests.add_structure_test(vault, data("Petition"), 51)
    listed = call_lists.save_call_list(vault, data("Calls"), CallListCriteria(),
                                       CallListOptions(), [ravi.id])
    return {"oc": oc.id, "ravi": ravi.id, "plan": plan, "test": test, "list": listed}


def test_people_and_campaign_refusals_are_marked(made: Vault) -> None:
    ids = _seeded(made)
    refusals: dict[str, Callable[[], object]] = {
        "no name": lambda: people.add_person(made, Person(name=" ")),
        "bad date": lambda: people.add_person(made, Person(name=data("Jo"), start_date="x")),
        "not an OC member": lambda: people.add_person(
            made, Person(name=data("Jo"), assigned_oc_member_id=ids["ravi"])),
        "own OC member": lambda: people.update_person(
            made, Person(name=data("Maya"), id=ids["oc"], is_oc_member=True,
                         assigned_oc_member_id=ids["oc"])),
        "gone": lambda: people.get_person(made, "0" * 32),
        "assessment": lambda: people.record_assessment(made, ids["ravi"], 7),
        "basis": lambda: people.record_assessment(made, ids["ravi"], 2, basis="x"),
        "bulk assign": lambda: people.assign_oc_member(made, [ids["oc"]], ids["ravi"]),
        "range": lambda: people.assessment_range(0, 9),
        "campaign name": lambda: campaign.rename_campaign(made, " "),
        "level": lambda: campaign.set_assessment_level(made, 9, data("x"), "#000000"),
        "level label": lambda: campaign.set_assessment_level(made, 2, " ", "#000000"),
        "colour": lambda: campaign.set_assessment_level(made, 2, data("x"), "red"),
        "no thresholds": lambda: campaign.set_thresholds(made, []),
        "threshold blank": lambda: campaign.set_thresholds(made, [(" ", data("x"))]),
        "threshold text": lambda: campaign.set_thresholds(made, [("many", data("x"))]),
        "threshold range": lambda: campaign.set_thresholds(made, [(120, data("x"))]),
        "threshold twice": lambda: campaign.set_thresholds(made, [(51, ""), (51.0, "")]),
        "auto-lock": lambda: campaign.set_auto_lock_minutes(made, 999),
        "clipboard": lambda: campaign.set_clipboard_clear_seconds(made, 1),
        "not contacted": lambda: campaign.set_not_contacted_days(made, 0),
        "one-on-one who": lambda: conversations.log_one_on_one(made, OneOnOne(person_id="")),
        "one-on-one date": lambda: conversations.log_one_on_one(
            made, OneOnOne(person_id=ids["ravi"], held_on="x")),
        "one-on-one channel": lambda: conversations.log_one_on_one(
            made, OneOnOne(person_id=ids["ravi"], channel="x")),
        "one-on-one score": lambda: conversations.log_one_on_one(
            made, OneOnOne(person_id=ids["ravi"], assessment_after=9)),
        "one-on-one follow-up": lambda: conversations.log_one_on_one(
            made, OneOnOne(person_id=ids["ravi"]), follow_up=FollowUpRequest(due_on="x")),
        "one-on-one gone": lambda: conversations.get_one_on_one(made, "0" * 32),
        "follow-up date": lambda: follow_ups.add_follow_up(made, ids["ravi"], "x"),
        "relationship kind": lambda: relationships.add_relationship(
            made, ids["ravi"], ids["oc"], "x"),
        "relationship self": lambda: relationships.add_relationship(made, ids["oc"], ids["oc"]),
        "issue": lambda: workplace_issues.get_or_add_issue(made, " "),
        "tag": lambda: tags.add_tag(made, " "),
        "tag comma": lambda: tags.add_tag(made, data("a, b")),
        "tag length": lambda: tags.add_tag(made, data("x") * 500),
        "tag control": lambda: tags.add_tag(made, data("a") + "\x07"),
        "view json": lambda: saved_views.filter_from_json("x"),
        "view key": lambda: saved_views.filter_from_json('{"x": 1}'),
        "view value": lambda: saved_views.filter_from_json('{"department_ids": 1}'),
        "view name": lambda: saved_views.save_view(made, " ", people.PeopleFilter()),
        "import": lambda: imports.get_import(made, "0" * 32),
    }
    for kind in campaign.LIST_KINDS:
        refusals[f"{kind} name"] = lambda kind=kind: campaign.add_list_entry(made, kind, " ")
        first = campaign.add_list_entry(made, kind, data("One")).id
        campaign.add_list_entry(made, kind, data("Two"))
        refusals[f"{kind} clash"] = lambda kind=kind, first=first: campaign.rename_list_entry(
            made, kind, first, data("Two"))
    relationships.add_relationship(made, ids["ravi"], ids["oc"])
    refusals["relationship twice"] = lambda: relationships.add_relationship(
        made, ids["ravi"], ids["oc"])
    assert_marked({where: refusal(action) for where, action in refusals.items()})


def test_plan_structure_test_and_call_list_refusals_are_marked(made: Vault) -> None:
    ids = _seeded(made)
    gone = "0" * 32
    refusals: dict[str, Callable[[], object]] = {
        "plan title": lambda: plans.add_plan(made, " "),
        "plan date": lambda: plans.add_plan(made, data("x"), due_on="soon"),
        "plan status": lambda: plans.add_plan(made, data("x"), status="x"),
        "plan gone": lambda: plans.get_plan(made, gone),
        "step text": lambda: plans.add_step(made, ids["plan"], " "),
        "step date": lambda: plans.add_step(made, ids["plan"], data("x"), due_on="soon"),
        "step owner": lambda: plans.add_step(made, ids["plan"], data("x"), owner_id=ids["ravi"]),
        "step owner gone": lambda: plans.add_step(made, ids["plan"], data("x"), owner_id=gone),
        "step gone": lambda: plans.mark_step_done(made, gone),
        "test name": lambda: structure_tests.add_structure_test(made, " ", 50),
        "test target": lambda: structure_tests.add_structure_test(made, data("x"), 0),
        "test target text": lambda: structure_tests.add_structure_test(made, data("x"), "x"),
        "test date": lambda: structure_tests.add_structure_test(made, data("x"), 50,
                                                                planned_on="x"),
        "test scope": lambda: structure_tests.add_structure_test(made, data("x"), 50,
                                                                 shift_id=gone),
        "test status": lambda: structure_tests.set_participation(made, ids["test"], [], "x"),
        "test gone": lambda: structure_tests.get_structure_test(made, gone),
        "list name": lambda: call_lists.save_call_list(made, " ", CallListCriteria(),
                                                       CallListOptions(), []),
        "list twice": lambda: call_lists.save_call_list(
            made, data("x"), CallListCriteria(), CallListOptions(), [ids["ravi"]] * 2),
        "list gone person": lambda: call_lists.save_call_list(
            made, data("x"), CallListCriteria(), CallListOptions(), [gone]),
        "list gone": lambda: call_lists.open_call_list(made, gone),
        "names style": lambda: CallListOptions(name_style="x").validate(),
        "column": lambda: CallListOptions(columns=("x",)).validate(),
        "assessment style": lambda: CallListOptions(assessment_style="x").validate(),
        "page size": lambda: CallListOptions(page_size="x").validate(),
        "days": lambda: call_lists.build_call_list(
            made, CallListCriteria(not_contacted_days=-1)),
        "status": lambda: call_lists.build_call_list(made, CallListCriteria(
            structure_test_id=ids["test"], participation_statuses=frozenset({"x"}))),
        "no outcome": lambda: call_lists.record_results(
            made, ids["list"], [CallResult(ids["ravi"], note=data("x"))], None, TODAY),
        "outcome": lambda: call_lists.record_results(
            made, ids["list"], [CallResult(ids["ravi"], outcome="x")], None, TODAY),
        "two results": lambda: call_lists.record_results(
            made, ids["list"], [CallResult(ids["ravi"], outcome="reached")] * 2, None, TODAY),
        "not on list": lambda: call_lists.record_results(
            made, ids["list"], [CallResult(ids["oc"], outcome="reached")], None, TODAY),
        "caller": lambda: call_lists.record_results(
            made, ids["list"], [CallResult(ids["ravi"], outcome="reached")], gone, TODAY),
        "results list gone": lambda: call_lists.record_results(
            made, gone, [CallResult(ids["ravi"], outcome="reached")], None, TODAY),
    }
    assert_marked({where: refusal(action) for where, action in refusals.items()})


def test_words_the_core_makes_for_screens_are_marked(made: Vault) -> None:
    ids = _seeded(made)
    loner = people.add_person(made, Person(name=data("Sam Lee")))
    relationships.add_relationship(made, ids["ravi"], loner.id, "influences")
    per_organizer = call_lists.build_call_list(
        made, options=CallListOptions(per_organizer=True, assessment_style="label"))
    wall = chart.wall_chart(made)
    texts = {
        "unit": chart.majority_tracker(made).unit.name,
        "no department": wall.rows[-1].name,
        "no shift": wall.columns[-1].name,
        "scope": structure_tests.ladder(made)[0].scope,
        **{f"section {n}": s.title for n, s in enumerate(per_organizer.sections)},
        **{f"assessment {n}": r.assessment for n, r in enumerate(per_organizer.sections[0].rows)},
        **{f"relationship {r.other_person}": r.describe()
           for who in (ids["ravi"], loner.id)
           for r in relationships.relationships_for(made, who)},
        **{f"cell {key}": cell.ratio_warning for key, cell in wall.cells.items()
           if cell.ratio_warning},
    }
    call_lists.record_results(made, ids["list"], [CallResult(ids["ravi"], outcome="call back",
                                                             note=data("after six"))],
                              None, TODAY)
    texts["call back"] = follow_ups.due_follow_ups(made, dt.date(2100, 1, 1))[0].description
    assert_marked(texts)


# ----- the demo campaign ------------------------------------------------------------------------


def _demo_texts(vault: Vault) -> dict[str, str]:
    """Every text the demo wrote that a person reads (job titles are the company's own)."""
    queries = {
        "campaign": "SELECT name FROM campaign",
        "department": "SELECT name FROM department",
        "shift": "SELECT name FROM shift",
        "site": "SELECT name FROM site",
        "issue": "SELECT name || ' ' || description FROM workplace_issue",
        "person": "SELECT team || ' ' || language || ' ' || notes FROM person",
        "one-on-one": "SELECT agitate || ' ' || educate || ' ' || inoculate || ' ' || organize "
                      "|| ' ' || uplift || ' ' || ask || ' ' || answer || ' ' || commitment "
                      "|| ' ' || next_step || ' ' || notes FROM one_on_one",
        "assessment": "SELECT note FROM assessment",
        "follow-up": "SELECT description FROM follow_up",
        "relationship": "SELECT note FROM relationship",
        "plan": "SELECT title || ' ' || goal FROM action_plan",
        "step": "SELECT description FROM action_step",
        "structure test": "SELECT name || ' ' || description FROM structure_test",
        "call": "SELECT commitment || ' ' || note FROM call_attempt",
    }
    texts: dict[str, str] = {}
    for kind, sql in queries.items():
        rows = [str(row[0]) for row in vault.connection.execute(sql).fetchall()]
        assert rows, f"the demo wrote no {kind}"
        texts |= {f"{kind} {n}": text for n, text in enumerate(rows)}
    return texts


def _first_names() -> re.Pattern[str]:
    """Person names stay as they are in every language: the demo's first names (in {first}
    and {oc}) and the company's name are data inside its sentences."""
    names = {name for group in demo._NAME_GROUPS for name in group[1]} | {demo.COMPANY}
    return re.compile("|".join(rf"\b{re.escape(n)}\b" for n in sorted(names, key=len,
                                                                         reverse=True)))


def test_the_demo_campaign_is_written_in_the_language_in_use(tmp_path: Path,
                                                           pseudo: None) -> None:
    vault = demo.create_demo_vault(tmp_path / "demo.vault", PASSPHRASE, people=60, seed=3,
                                   today=TODAY)
    try:
        texts = _demo_texts(vault)
    finally:
        vault.close()
    names = _first_names()
    assert_marked({where: names.sub(" ", text) for where, text in texts.items()})
    one_on_ones = [text for where, text in texts.items() if where.startswith("one-on-one")]
    assert all(text.strip() for text in one_on_ones)


def test_a_demo_into_a_vault_named_in_english_takes_the_language_in_use(
        tmp_path: Path, pseudo: None) -> None:
    with Vault.create(tmp_path / "demo.vault", PASSPHRASE, demo.CAMPAIGN_NAME,
                      is_demo=True) as vault:
        demo.generate_demo(vault, people=5, seed=1, today=TODAY)
        assert plain_words(campaign.campaign_name(vault)) is None


def test_demo_refusals_are_marked(made: Vault) -> None:
    _seeded(made)
    assert_marked({
        "not empty": refusal(lambda: demo.generate_demo(made, people=5)),
        "cancelled": str(demo.DemoCancelled()),
    })
