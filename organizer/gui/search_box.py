"""The global search box: names and the text of notes and one-on-ones, as you type.

Results drop down below the box in a list that never takes the keyboard focus, so typing goes
on while results change; Up/Down move through them, Enter or a click opens the hit, Esc
closes the list (and a second Esc clears the box).
"""

from __future__ import annotations

import html

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFocusEvent,
    QKeyEvent,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QFrame,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from organizer.core import search
from organizer.core.search import HIGHLIGHT_END, HIGHLIGHT_START, SearchHit
from organizer.core.vault import Vault
from organizer.gui.workers import LatestRead
from organizer.i18n import N_, _

TYPING_PAUSE_MS = 150
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
HTML_ROLE = Qt.ItemDataRole.UserRole + 2
MAX_VISIBLE_ROWS = 8

# What a hit is, by its kind (the stored value), as shown: _(KIND_LABELS[kind]).
KIND_LABELS = {"person": N_("Person"), "one-on-one": N_("One-on-one"),
               "follow-up": N_("Follow-up")}


def kind_label(kind: str) -> str:
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def hit_html(hit: SearchHit) -> str:
    """The hit as two lines of rich text, matched words in bold."""
    snippet = html.escape(hit.snippet.replace("\n", " "))
    snippet = snippet.replace(HIGHLIGHT_START, "<b>").replace(HIGHLIGHT_END, "</b>")
    kind = kind_label(hit.kind)
    return f"<b>{html.escape(hit.person)}</b> &nbsp;·&nbsp; {kind}<br>{snippet}"


def hit_plain_text(hit: SearchHit) -> str:
    snippet = hit.snippet.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "")
    # Translators: a search result read aloud: who, what kind of record, the words found.
    return _("{person}, {kind}: {snippet}").format(
        person=hit.person, kind=kind_label(hit.kind), snippet=snippet)


class _HitDelegate(QStyledItemDelegate):
    """Draws a hit's rich text with the palette's colours (selected or not)."""

    def _document(self, option: QStyleOptionViewItem, text: str) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setHtml(text)
        document.setTextWidth(-1)  # one line each; the painter clips what does not fit
        return document

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = index.data(HTML_ROLE) or html.escape(str(index.data() or ""))
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        document = self._document(opt, text)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        rect = opt.rect
        painter.save()
        painter.translate(rect.topLeft() + QPoint(6, 3))
        painter.setClipRect(0, 0, rect.width() - 6, rect.height() - 3)
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        # Two lines, whatever the width: the list's height must not depend on wrapping.
        return QSize(300, row_height(option.fontMetrics.lineSpacing()))


def row_height(line_spacing: int) -> int:
    return 2 * line_spacing + 10


class GlobalSearchBox(QLineEdit):
    """Emits `hit_chosen(SearchHit)` when the user opens a result."""

    hit_chosen = Signal(object)

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.setPlaceholderText(_("Search names, notes and one-on-ones  (Ctrl+K)"))
        self.setAccessibleName(_("Search"))
        self.setAccessibleDescription(_(
            "Search people's names and the text of notes and one-on-ones. "
            "Use the arrow keys to choose a result and Enter to open it."
        ))
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(260)
        self._hits: list[SearchHit] = []
        self._reads = LatestRead(vault, self)
        self._open_when_found = False  # Enter came before the results
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.run_search)
        self.textChanged.connect(self._typed)
        self._results: QListWidget | None = None

    # ----- results list -------------------------------------------------------------------

    @property
    def results(self) -> QListWidget:
        """The drop-down list, made on first use as a child of the window (so it can overlap
        the pages), never focused."""
        if self._results is None:
            results = QListWidget(self.window())
            results.setObjectName("search-results")
            results.setAccessibleName(_("Search results"))
            results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            results.setFrameShape(QFrame.Shape.StyledPanel)
            results.setItemDelegate(_HitDelegate(results))
            results.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
            results.setWordWrap(True)
            results.itemClicked.connect(self._open_item)
            results.hide()
            self._results = results
            self.window().installEventFilter(self)
        return self._results

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._results is not None and event.type() in (
            QEvent.Type.Resize, QEvent.Type.Move
        ) and self._results.isVisible():
            self._place_results()
        return False

    def _place_results(self) -> None:
        results = self.results
        window = self.window()
        top_left = self.mapTo(window, QPoint(0, self.height() + 2))
        width = max(self.width(), 520)
        left = min(top_left.x(), max(0, window.width() - width - 8))
        shown = min(max(results.count(), 1), MAX_VISIBLE_ROWS)
        rows = shown * row_height(results.fontMetrics().lineSpacing())
        height = min(rows + 2 * results.frameWidth() + 4, window.height() - top_left.y() - 8)
        results.setGeometry(left, top_left.y(), width, max(40, height))
        results.raise_()

    def hide_results(self) -> None:
        if self._results is not None:
            self._results.hide()

    # ----- searching ----------------------------------------------------------------------

    def _typed(self, text: str) -> None:
        self._open_when_found = False
        if not text.strip():
            self._timer.stop()
            self._reads.cancel()
            self._hits = []
            self.hide_results()
            return
        self._timer.start()

    def run_search(self) -> None:
        """Search now for the box's text (the typing pause calls this)."""
        self._timer.stop()
        text = self.text()
        if not text.strip():
            self.hide_results()
            return

        def work(vault: Vault) -> list[SearchHit]:
            return search.search(vault, text, limit=30)

        self._reads.request(work, lambda hits: self._show_hits(text, hits))

    @property
    def searching(self) -> bool:
        """A search is running (in the thread pool); its hits show when it ends."""
        return self._reads.busy

    def _show_hits(self, text: str, hits: list[SearchHit]) -> None:
        if text != self.text():
            return  # the user typed on meanwhile; the next search is coming
        open_now, self._open_when_found = self._open_when_found, False
        self._hits = hits
        results = self.results
        results.clear()
        if not hits:
            item = QListWidgetItem(_("Nothing matches “{text}”.").format(text=text.strip()))

            item.setFlags(Qt.ItemFlag.NoItemFlags)
            results.addItem(item)
        for hit in hits:
            item = QListWidgetItem(hit_plain_text(hit))
            item.setData(HIT_ROLE, hit)
            item.setData(HTML_ROLE, hit_html(hit))
            results.addItem(item)
        if hits:
            results.setCurrentRow(0)
        results.show()
        self._place_results()
        if open_now and hits:
            self._open_current()

    @property
    def hits(self) -> list[SearchHit]:
        return list(self._hits)

    # ----- keys ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        visible = self._results is not None and self._results.isVisible()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and visible and self._hits:
            results = self.results
            step = 1 if key == Qt.Key.Key_Down else -1
            row = max(0, min(results.count() - 1, results.currentRow() + step))
            results.setCurrentRow(row)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._timer.isActive():
                self.run_search()  # Enter before the pause: search now, open when found
            if self._reads.busy:
                self._open_when_found = True
            else:
                self._open_current()
            return
        if key == Qt.Key.Key_Escape:
            if visible:
                self.hide_results()
            elif self.text():
                self.clear()
            else:
                super().keyPressEvent(event)
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        # A click on a result arrives before the list hides: hide a moment later.
        QTimer.singleShot(150, self._hide_if_unfocused)

    def _hide_if_unfocused(self) -> None:
        if not self.hasFocus():
            self.hide_results()

    def _open_current(self) -> None:
        if self._results is not None and self._results.isVisible():
            item = self._results.currentItem()
            if item is not None:
                self._open_item(item)

    def _open_item(self, item: QListWidgetItem) -> None:
        hit = item.data(HIT_ROLE)
        if not isinstance(hit, SearchHit):
            return
        self.hide_results()
        self.hit_chosen.emit(hit)
