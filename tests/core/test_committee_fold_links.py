"""A link to one of two records folded by name (two members' "Pay"): its presence is decided
by the higher stamp among the links to either twin, the same on every member whatever order
the files arrive in and whichever twin's UUID the fold keeps.

Found by test_committee_convergence's name-clash program: Ann and Cy each made "Pay" and
linked the same person to it; Ann then took the person off her "Pay". The removal, stamped
under Ann's UUID, never counted against the link Cy made under the UUID the fold kept where
the fold re-keyed a record (the stamps of its links stayed under the old UUID), but did where
the incoming file named the loser: members ended with and without the link.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from organizer.core import records, workplace_issues
from tests.conftest import VaultTemplate
from tests.core.test_committee_convergence import (
    Committee,
    _shared_person,
    assert_converged,
    committee_in,
    deliver,
    exchange,
    full_round,
    send_to,
)

SMALL, LARGE = "1" * 32, "e" * 32


def _pay(committee: Committee, name: str, issue_id: str, monkeypatch: pytest.MonkeyPatch) -> str:
    with monkeypatch.context() as patch:
        patch.setattr(records, "new_id", lambda: issue_id)
        made = workplace_issues.get_or_add_issue(committee.vault(name), "Pay").id
    assert made == issue_id
    return made


def _links(committee: Committee, person_id: str) -> list[list[tuple[str, str]]]:
    return [
        vault.connection.execute(
            "SELECT person_id, issue_id FROM person_issue WHERE person_id = ?", (person_id,)
        ).fetchall()
        for vault in committee.vaults
    ]


def _tick() -> None:
    time.sleep(0.005)  # stamps carry milliseconds: the next change stamps higher


@pytest.mark.parametrize("schedule", ["bo_hears_ann_first", "bo_hears_cy_first", "direct"])
@pytest.mark.parametrize("unlinked_last", [True, False])
@pytest.mark.parametrize("anns_pay_kept", [True, False])
def test_a_link_removed_from_one_twin_counts_against_the_other_twins_link(
    empty_vault_template: VaultTemplate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    schedule: str, unlinked_last: bool, anns_pay_kept: bool,
) -> None:
    with committee_in(empty_vault_template, tmp_path, 3) as committee:
        person_id = _shared_person(committee)
        ann, cy = committee.vault("Ann"), committee.vault("Cy")
        anns = _pay(committee, "Ann", SMALL if anns_pay_kept else LARGE, monkeypatch)
        cys = _pay(committee, "Cy", LARGE if anns_pay_kept else SMALL, monkeypatch)
        kept = min(anns, cys)
        workplace_issues.add_issue_to_people(ann, [person_id], anns)
        _tick()
        if unlinked_last:
            workplace_issues.add_issue_to_people(cy, [person_id], cys)
            _tick()
            workplace_issues.remove_issue_from_person(ann, person_id, anns)
        else:
            workplace_issues.remove_issue_from_person(ann, person_id, anns)
            _tick()
            workplace_issues.add_issue_to_people(cy, [person_id], cys)
        if schedule == "direct":
            exchange(committee, "Ann", "Cy")
            exchange(committee, "Cy", "Ann")
        else:
            from_ann, from_cy = send_to(committee, "Ann", "Bo"), send_to(committee, "Cy", "Bo")
            first, second = (
                (from_ann, from_cy) if schedule == "bo_hears_ann_first" else (from_cy, from_ann))
            deliver(committee, "Bo", first)
            deliver(committee, "Bo", second)
        full_round(committee)
        full_round(committee)
        assert_converged(committee)
        expected = [] if unlinked_last else [(person_id, kept)]
        assert _links(committee, person_id) == [expected] * 3
