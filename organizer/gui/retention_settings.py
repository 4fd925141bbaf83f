"""Settings › Retention: what the campaign no longer needs is erased (organizer.core.retention).

Four rules, each off until ticked, each with its period. The tab shows, as the rules are
changed, exactly what they would erase today (read in the background, newest request wins).
Nothing is written here: the settings dialog saves the rules with Save, and when a rule
changed and any is on, it first asks with the preview's own sentences (Cancel is the
default). Once confirmed, the rules are kept with `confirmed=True`, what they list is erased
at once (`erase_task`, a VaultWrite), and they run again each time the campaign is unlocked
(organizer.gui.app). Turning every rule off is saved without asking.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from organizer.core import retention
from organizer.core.retention import LIMITS, RetentionPreview, RetentionRules
from organizer.core.vault import Vault
from organizer.gui import messages
from organizer.gui.unlock import describe_error
from organizer.gui.workers import LatestRead, Progress, VaultWrite
from organizer.i18n import _

# Each rule's period when it is first ticked.
DEFAULTS = {"one_on_one_months": 12, "left_days": 90, "draft_days": 30, "call_result_days": 180}


@dataclass(frozen=True)
class _RuleTexts:
    check: str  # the checkbox, before the spin box
    suffix: str  # after the number, in the spin box (leading space)
    spin_name: str  # the spin box's accessible name
    note: str = ""  # under the rule


def _rule_texts(name: str) -> _RuleTexts:
    """Each rule's words, whole (translated when shown)."""
    if name == "one_on_one_months":
        return _RuleTexts(
            # Translators: followed by a number of months in a box: "... older than [12] months".
            _("Erase the words of one-on-ones older than"),
            # Translators: after the number in a spin box, "12 months" (keep the leading space).
            _(" months"),
            _("One-on-ones lose their words after this many months"),
            _("The date, the OC member, the assessments and the commitment stay."),
        )
    if name == "left_days":
        return _RuleTexts(
            # Translators: followed by a number of days in a box: "... more than [90] days ago".
            _("Erase people who left the company more than"),
            # Translators: after the number in a spin box, "90 days ago" (keep the leading
            # space).
            _(" days ago"),
            _("People who left are erased after this many days"),
        )
    if name == "draft_days":
        return _RuleTexts(
            # Translators: followed by a number of days in a box: "... older than [30] days".
            _("Erase drafts older than"),
            _(" days"),
            _("Drafts are erased after this many days"),
        )
    return _RuleTexts(
        # Translators: followed by a number of days in a box: "... older than [180] days".
        _("Erase call-list results older than"),
        _(" days"),
        _("Call-list results are erased after this many days"),
    )


def confirmation_question(found: RetentionPreview) -> tuple[str, str]:
    """(question, detail) asked before rules are turned on: the preview's own sentences."""
    if found.empty:
        return (_("Turn on these rules? Nothing is old enough to erase today; from now on "
                  "they run each time this campaign is unlocked."),
                _("Erased text cannot be brought back, except from an older backup."))
    return (_("Erase this now, and again each time this campaign is unlocked?"),
            "\n".join(found.sentences()) + "\n\n"
            + _("Erased text cannot be brought back, except from an older backup."))


class RetentionTab(QWidget):
    """The campaign's retention rules, as ticked and typed; saved by the settings dialog."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.saved_rules = retention.rules(vault)
        self.preview: RetentionPreview | None = None  # the newest shown
        self._reads = LatestRead(vault, self)
        self._reads.failed.connect(self._preview_failed)
        self.checks: dict[str, QCheckBox] = {}
        self.periods: dict[str, QSpinBox] = {}

        intro = QLabel(_("Keeping less: what the campaign no longer needs can be erased, so "
                         "it is no longer there for anyone to take. Every rule is off until "
                         "you turn it on."))
        intro.setWordWrap(True)
        grid = QGridLayout()
        row = 0
        for name, (low, high) in LIMITS.items():
            texts = _rule_texts(name)
            value = getattr(self.saved_rules, name)
            check = QCheckBox(texts.check)
            check.setChecked(value is not None)
            period = QSpinBox()
            period.setRange(low, high)
            period.setSuffix(texts.suffix)
            period.setAccessibleName(texts.spin_name)
            period.setValue(value if value is not None else DEFAULTS[name])
            period.setEnabled(value is not None)
            period.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            check.toggled.connect(period.setEnabled)
            check.toggled.connect(self._changed)
            period.valueChanged.connect(self._changed)
            self.checks[name] = check
            self.periods[name] = period
            grid.addWidget(check, row, 0)
            grid.addWidget(period, row, 1)
            row += 1
            if texts.note:
                note = QLabel(texts.note)
                note.setWordWrap(True)
                note.setIndent(24)
                grid.addWidget(note, row, 0, 1, 3)
                row += 1
        grid.setColumnStretch(2, 1)

        self.preview_label = QLabel()
        self.preview_label.setObjectName("retention-preview")
        self.preview_label.setWordWrap(True)
        self.preview_label.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_label.setAccessibleName(_("What the rules erase today"))
        when = QLabel(_("The rules run each time this campaign is unlocked. Erased text cannot "
                        "be brought back, except from an older backup."))
        when.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.preview_label)
        layout.addWidget(when)
        layout.addStretch(1)
        self._changed()

    # ----- the rules as shown -----------------------------------------------------------------

    def chosen(self) -> RetentionRules:
        """The rules as ticked and typed (not confirmed)."""
        values: dict[str, int | None] = {}
        for name, check in self.checks.items():
            period = self.periods[name]
            period.interpretText()
            values[name] = period.value() if check.isChecked() else None
        return RetentionRules(
            one_on_one_months=values["one_on_one_months"], left_days=values["left_days"],
            draft_days=values["draft_days"], call_result_days=values["call_result_days"])

    def set_rule(self, name: str, value: int | None) -> None:
        """Tick a rule with its period, or untick it (None): what clicking and typing do."""
        self.checks[name].setChecked(value is not None)
        if value is not None:
            self.periods[name].setValue(value)

    @Slot()
    def _changed(self) -> None:
        chosen = self.chosen()
        if not chosen.any_on:
            self._reads.cancel()
            self.preview = None
            self.preview_label.setText(_("Every rule is off: nothing is erased."))
            return
        self._reads.request(partial(retention.preview, which=chosen), self._show_preview)

    def _show_preview(self, found: object) -> None:
        assert isinstance(found, RetentionPreview)
        self.preview = found
        self.preview_label.setText(found.summary())

    def _preview_failed(self, error: object) -> None:
        self.preview = None
        self.preview_label.setText(describe_error(error))

    def preview_for(self, rules: RetentionRules) -> RetentionPreview:
        """What `rules` erase today: the preview shown when it is for these rules."""
        shown = self.preview
        if shown is not None and replace(shown.rules, confirmed=False) == replace(
                rules, confirmed=False):
            return shown
        return retention.preview(self.vault, replace(rules, confirmed=False))

    # ----- saving (by the settings dialog) ----------------------------------------------------

    def pending(self) -> RetentionRules | None:
        """The rules Save keeps (confirmed when any is on), or None when nothing changed."""
        chosen = self.chosen()
        unchanged = chosen == replace(self.saved_rules, confirmed=False)
        if unchanged and (self.saved_rules.confirmed or not chosen.any_on):
            return None
        return replace(chosen, confirmed=chosen.any_on)

    def confirm(self, rules: RetentionRules) -> bool:
        """Ask before rules that erase are kept: the preview's sentences, Cancel the
        default. Turning every rule off needs no question."""
        if not rules.any_on:
            return True
        question, detail = confirmation_question(self.preview_for(rules))
        return messages.confirm(self, question, detail=detail,
                                confirm_label=_("Save and erase"))

    def change(self) -> tuple[Callable[[], None], Callable[[], None]] | None:
        """(apply, undo) that keep the rules, or None when nothing changed."""
        rules = self.pending()
        if rules is None:
            return None
        old = self.saved_rules
        return (partial(retention.set_rules, self.vault, rules),
                partial(retention.set_rules, self.vault, old))

    def saved(self) -> RetentionRules | None:
        """After Save kept them: the rules to apply now (None when there is nothing to)."""
        rules = self.pending()
        self.saved_rules = retention.rules(self.vault)
        return rules if rules is not None and rules.any_on else None

    def erase_task(self, rules: RetentionRules, parent: QWidget | None = None) -> VaultWrite:
        """Erase now what `rules` list, in the background (not started)."""
        def erase(own: Vault, _progress: Progress) -> RetentionPreview:
            return retention.apply(own, rules)

        return VaultWrite(
            self.vault, erase, parent=parent,
            label=_("Erasing what this campaign no longer needs…"),
            undone_note=_("Nothing was erased: the rules run again the next time this "
                          "campaign is unlocked."))
