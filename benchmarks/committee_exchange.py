"""The committee exchange at campaign scale: a first full update and a day's update (50
changes), each written by one member and merged by another.

Run by campaign_scale.py as a child process, on a copy of a cached demo vault:

    python benchmarks/committee_exchange.py VAULT WORKDIR PASSPHRASE

prints one JSON object with the four times in seconds, the file sizes and the counts.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from organizer.core import people  # noqa: E402
from organizer.core.committee import identity, receive, roster, send  # noqa: E402
from organizer.core.conversations import OneOnOne, log_one_on_one  # noqa: E402
from organizer.core.vault import Vault  # noqa: E402

DAY_EDITS = 30
DAY_ONE_ON_ONES = 20
RECEIVER_PASSPHRASE = "benchmark receiver passphrase, not a secret"  # noqa: S105


def _timed(work: object) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()  # type: ignore[operator]
    return time.perf_counter() - started, result


def main(vault_path: Path, work: Path, passphrase: str) -> None:
    sender = Vault.open(vault_path, passphrase)
    receiver = Vault.create(work / "receiver.vault", RECEIVER_PASSPHRASE, "Receiver")
    try:
        ana = identity.ensure_identity(sender, "Ana")
        ben = identity.ensure_identity(receiver, "Ben")
        roster.add_member(sender, ben.card().line())
        roster.add_member(receiver, ana.card().line())
        full_dir, day_dir = work / "full", work / "day"
        full_dir.mkdir()
        day_dir.mkdir()

        full_send, full = _timed(lambda: send.send_updates(sender, full_dir))
        full_merge, merged = _timed(lambda: receive.receive_updates(receiver, [full_dir]))
        # Ben's answer carries his acknowledgement: Ana's next file holds only the day's news.
        answer_dir = work / "answer"
        answer_dir.mkdir()
        send.send_updates(receiver, answer_dir)
        receive.receive_updates(sender, [answer_dir])

        ids = [row[0] for row in sender.connection.execute(
            "SELECT id FROM person ORDER BY rowid LIMIT ?", (DAY_EDITS + DAY_ONE_ON_ONES,))]
        for person_id in ids[:DAY_EDITS]:
            person = people.get_person(sender, person_id)
            person.notes = f"{person.notes} (asked about the petition)"
            people.update_person(sender, person)
        for person_id in ids[DAY_EDITS:]:
            log_one_on_one(sender, OneOnOne(person_id=person_id, agitate="short-staffed again",
                                            ask="sign the petition", answer="yes"))
        day_send, day = _timed(lambda: send.send_updates(sender, day_dir))
        day_merge, day_merged = _timed(lambda: receive.receive_updates(receiver, [day_dir]))
        counts = sender.connection.execute(
            "SELECT (SELECT count(*) FROM person), (SELECT count(*) FROM one_on_one)"
        ).fetchone()
    finally:
        sender.close()
        receiver.close()
    print(json.dumps({
        "full_send": full_send, "full_merge": full_merge,
        "day_send": day_send, "day_merge": day_merge,
        "full_mb": os.path.getsize(full[0].path) / 1_000_000,  # type: ignore[index]
        "day_kb": os.path.getsize(day[0].path) / 1_000,  # type: ignore[index]
        "full_summary": merged[0].sentence(),  # type: ignore[index]
        "day_summary": day_merged[0].sentence(),  # type: ignore[index]
        "size": f"{counts[0]:,} people, {counts[1]:,} one-on-ones",
    }), flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])
