"""Keeping less: what the campaign no longer needs is erased, so it cannot be seized.

Per campaign, off by default, each rule on its own (Settings › Retention, `organizer vault
retention`):
- the free text of one-on-ones older than N months (date, OC member, assessments and the
  commitment stay: the campaign's history, without what was said);
- people who left the company more than N days ago (erased whole, with a tombstone);
- drafts older than N days;
- call-list results (call attempts) older than N days.

`preview` lists exactly what `apply` will erase; `apply` erases that, in one transaction,
through the same paths as deleting by hand: secure_delete overwrites freed pages, FTS5's
secure-delete drops the words from the search index, the committee's triggers write the
tombstones and stamps that carry the erasure to every member, and the WAL is checkpointed.
It runs on unlock once the organizer has confirmed the rules the first time.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field, replace

from organizer.core import campaign, people
from organizer.core.errors import InvalidInput
from organizer.core.vault import Vault
from organizer.i18n import _, ngettext

SETTING = "retention"
# The one-on-one fields that hold what was said; the rest of a one-on-one stays.
FREE_TEXT = ("agitate", "educate", "inoculate", "organize", "uplift", "ask", "answer",
             "next_step", "notes")
LIMITS = {"one_on_one_months": (1, 120), "left_days": (1, 3650), "draft_days": (1, 3650),
          "call_result_days": (1, 3650)}


@dataclass(frozen=True)
class RetentionRules:
    """None: the rule is off. `confirmed`: the organizer has seen a preview and agreed to
    these rules running on every unlock."""

    one_on_one_months: int | None = None
    left_days: int | None = None
    draft_days: int | None = None
    call_result_days: int | None = None
    confirmed: bool = False

    @property
    def any_on(self) -> bool:
        return any(getattr(self, name) is not None for name in LIMITS)

    def checked(self) -> RetentionRules:
        for name, (low, high) in LIMITS.items():
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                      or not low <= value <= high):
                raise InvalidInput(_("Each retention period must be a whole number from "
                                     "{low} to {high}.").format(low=low, high=high))
        return self


def rules(vault: Vault) -> RetentionRules:
    """This campaign's rules (all off until someone turns one on)."""
    text = campaign.setting(vault, SETTING)
    try:
        data = json.loads(text) if text else {}
        if not isinstance(data, dict):
            return RetentionRules()
        found = RetentionRules(**{k: v for k, v in data.items()
                                  if k in RetentionRules.__dataclass_fields__})
        return found.checked()
    except (ValueError, TypeError, InvalidInput):
        return RetentionRules()


def set_rules(vault: Vault, new: RetentionRules) -> None:
    """Keep `new` for this campaign; `confirmed` only once the organizer has agreed to its
    preview (the app asks whenever a rule changes)."""
    campaign.set_setting(vault, SETTING, json.dumps(asdict(new.checked()), sort_keys=True))


def confirm(vault: Vault) -> None:
    """The organizer saw the preview and agreed: the rules run on every unlock."""
    set_rules(vault, replace(rules(vault), confirmed=True))


@dataclass
class RetentionPreview:
    """What the rules erase today: the ids, by rule."""

    rules: RetentionRules
    one_on_ones: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    call_results: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.one_on_ones or self.people or self.drafts or self.call_results)

    def sentences(self) -> list[str]:
        """"41 one-on-one notes older than 12 months", one line per rule that erases."""
        lines = []
        r = self.rules
        if self.one_on_ones and r.one_on_one_months:
            lines.append(ngettext(
                "{n} one-on-one note older than {months} months",
                "{n} one-on-one notes older than {months} months",
                len(self.one_on_ones)).format(n=len(self.one_on_ones),
                                              months=r.one_on_one_months))
        if self.people and r.left_days:
            lines.append(ngettext(
                "{n} person who left more than {days} days ago",
                "{n} people who left more than {days} days ago",
                len(self.people)).format(n=len(self.people), days=r.left_days))
        if self.drafts and r.draft_days:
            lines.append(ngettext(
                "{n} draft older than {days} days", "{n} drafts older than {days} days",
                len(self.drafts)).format(n=len(self.drafts), days=r.draft_days))
        if self.call_results and r.call_result_days:
            lines.append(ngettext(
                "{n} call-list result older than {days} days",
                "{n} call-list results older than {days} days",
                len(self.call_results)).format(n=len(self.call_results),
                                               days=r.call_result_days))
        return lines

    def summary(self) -> str:
        """"This will erase: …" or "Nothing to erase today."."""
        if self.empty:
            return _("Nothing to erase today.")
        return _("This will erase: {list}.").format(list="; ".join(self.sentences()))


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the month's last day when it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def preview(vault: Vault, which: RetentionRules | None = None,
            today: dt.date | None = None) -> RetentionPreview:
    """Exactly what `apply` would erase today under `which` (the campaign's rules)."""
    which = which or rules(vault)
    today = today or dt.date.today()
    conn = vault.connection
    found = RetentionPreview(rules=which)
    if which.one_on_one_months:
        cutoff = months_before(today, which.one_on_one_months).isoformat()
        has_text = " OR ".join(f"{name} <> ''" for name in FREE_TEXT)
        found.one_on_ones = [str(r[0]) for r in conn.execute(
            f"SELECT id FROM one_on_one WHERE held_on < ? AND ({has_text}) ORDER BY held_on, id",
            (cutoff,))]
    if which.left_days:
        cutoff = (today - dt.timedelta(days=which.left_days)).isoformat()
        found.people = [str(r[0]) for r in conn.execute(
            "SELECT id FROM person WHERE left_company_on IS NOT NULL AND left_company_on < ? "
            "ORDER BY left_company_on, id", (cutoff,))]
    if which.draft_days:
        cutoff = (today - dt.timedelta(days=which.draft_days)).isoformat()
        found.drafts = [str(r[0]) for r in conn.execute(
            "SELECT id FROM draft WHERE updated_at < ? ORDER BY updated_at, id", (cutoff,))]
    if which.call_result_days:
        cutoff = (today - dt.timedelta(days=which.call_result_days)).isoformat()
        found.call_results = [str(r[0]) for r in conn.execute(
            "SELECT id FROM call_attempt WHERE called_at < ? ORDER BY called_at, id",
            (cutoff,))]
    return found


def _chunks(ids: list[str], size: int = 500) -> list[list[str]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)]


def apply(vault: Vault, which: RetentionRules | None = None,
          today: dt.date | None = None) -> RetentionPreview:
    """Erase what `preview` lists, in one transaction; returns what was erased."""
    erased = preview(vault, which, today)
    if erased.empty:
        return erased
    blank = ", ".join(f"{name} = ''" for name in FREE_TEXT)
    with vault.transaction() as conn:
        for chunk in _chunks(erased.one_on_ones):
            marks = ",".join("?" * len(chunk))
            conn.execute(f"UPDATE one_on_one SET {blank} WHERE id IN ({marks})", chunk)
        people.erase_people(conn, erased.people)
        for table, ids in (("draft", erased.drafts), ("call_attempt", erased.call_results)):
            for chunk in _chunks(ids):
                marks = ",".join("?" * len(chunk))
                conn.execute(f"DELETE FROM {table} WHERE id IN ({marks})", chunk)
    vault.checkpoint()
    return erased


def run_on_unlock(vault: Vault, today: dt.date | None = None) -> RetentionPreview | None:
    """Apply the campaign's confirmed rules (None when they are off or not yet confirmed)."""
    current = rules(vault)
    if not current.any_on or not current.confirmed:
        return None
    return apply(vault, current, today)
