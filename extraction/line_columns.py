"""Table header rows: which column each header word names, and where its column lies.

A header row names at least three kinds of column, one of them a price or amount. Words joined by a slash
name one column; a header printed on two rows takes its upper words over the columns they stand above.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from spacy.matcher.levenshtein import levenshtein

from extraction.labels import LabelHit, compact
from extraction.layout import Layout, Row
from extraction.vocabulary import VOCABULARY

# Column kinds in the order a tie between two readings of one header word is settled.
_KINDS = (
    "amount",
    "unit_price",
    "quantity",
    "tax_rate",
    "description",
    "sku",
    "unit",
    "discount",
    "position",
    "po_line",
)
# Header words the shared label vocabulary lacks, read only in a row that is already a table header: short
# forms ("Mg." is Menge) and words too ambiguous elsewhere on a page ("Tarief" is also a tax tariff).
_HEADER_WORDS = {
    "mg": "quantity",
    "mng": "quantity",
    "anz": "quantity",
    "aant": "quantity",
    "einzelpr": "unit_price",
    "tarief": "unit_price",
    "beschrijving": "description",
    "taxable": "tax_rate",
    "bestpos": "po_line",
    "orderregel": "po_line",
    "poregel": "po_line",
    "poline": "po_line",
    "poitem": "po_line",
    "eenh": "unit",
}
# Words that make a position or item header name the buyer's order line ("PO line", "Ihre Pos.", "Ligne cde"):
# printed just before or just after it, or on the header row above it.
_PO_BEFORE = frozenset({"po", "order", "ihre", "best", "customer"})
_PO_AFTER = frozenset({"cde", "commande"})
# Characters a header word may carry glued on from a neighbouring label ("%Quantité" under "TVA").
_GLUED_MARKS = "%#"
# Header words are read with one or two letters wrong only where OCR read them, as a text layer spells right.
_FUZZY_BELOW_CONFIDENCE = 0.99
# Header words joined by these print one column ("Product / Service", "Beschreibung / Description").
_HEADER_JOINERS = frozenset({"/", "&", "|", "+", "-"})
_HEADER_GAP = 1.5  # row heights between the two rows of one header


@dataclass(frozen=True)
class Column:
    kind: str
    x0: float
    x1: float


def find_headers(layout: Layout, hits: dict[int, list[LabelHit]]) -> list[tuple[Row, list[Column]]]:
    found = []
    for row in layout.rows:
        above = layout.rows[row.number - 1] if row.number > 0 else None
        if above is not None and not _header_above(above, row):
            above = None
        columns = _columns(row, hits[row.number], fuzzy=True, above=above)
        if above is not None:
            upper = [_phrase_wide(above, c) for c in _columns(above, hits[above.number], fuzzy=True)]
            # A header row above this one is the header; this is its 2nd row. Each row alone may name too
            # few columns ("Prijs per | Bedrag excl." over "# Beschrijving | Aant. | eenheid | btw").
            if not _names_a_table(upper) and upper and columns:
                columns = _two_row_columns(upper, columns)
        if _names_a_table(columns):
            found.append((row, columns))
    return found


def _names_a_table(columns: list[Column]) -> bool:
    kinds = {c.kind for c in columns}
    return (
        len(kinds) >= 3
        and bool(kinds & {"amount", "unit_price"})
        and bool(kinds & {"description", "quantity"})
    )


def _header_above(above: Row, row: Row) -> bool:
    return above.page == row.page and row.top - above.bottom <= _HEADER_GAP * row.height


def _phrase_wide(row: Row, column: Column) -> Column:
    """A header word widened to its whole phrase ("Bedrag" to "Bedrag excl."), to find what it stands over."""
    for start, end in row.segments:
        x0, _, x1, _ = row.box(start, end)
        if x0 <= column.x0 and column.x1 <= x1:
            return Column(column.kind, x0, x1)
    return column


def _two_row_columns(upper: list[Column], lower: list[Column]) -> list[Column]:
    """A header printed on two rows ("Bedrag excl." over "btw"): the upper words name the column they
    stand over; upper words over no lower column add one."""
    columns = list(lower)
    for top in upper:
        under = [i for i, c in enumerate(columns) if min(top.x1, c.x1) - max(top.x0, c.x0) > 0]
        for index in under:
            column = columns[index]
            columns[index] = Column(top.kind, min(top.x0, column.x0), max(top.x1, column.x1))
        if not under:
            columns.append(top)
    return _settle_duplicates(sorted(columns, key=lambda c: c.x0))


def _columns(
    row: Row, row_hits: list[LabelHit], *, fuzzy: bool = False, above: Row | None = None
) -> list[Column]:
    columns: list[Column] = []
    previous_end = -1
    for hit in row_hits:
        kinds = [(f.removeprefix("col:"), q * hit.match) for f, q in hit.fields if f.startswith("col:")]
        if not kinds:
            continue
        kind = max(kinds, key=lambda kq: (kq[1], -_KINDS.index(kq[0])))[0]
        if _names_order_line(row, hit.start, hit.end, kind):
            kind = "po_line"
        x0, _, x1, _ = row.box(hit.start, hit.end)
        one_word = hit.end - hit.start == 1 and row.tokens[hit.start].confidence >= _FUZZY_BELOW_CONFIDENCE
        glued = _glued_label_columns(row.tokens[hit.start].text, (x0, 0, x1, 0)) if fuzzy and one_word else []
        if glued:
            columns += glued  # one word of a text layer that runs labels together: "itemTaxableQuantity"
            previous_end = hit.end
            continue
        columns.append(Column(kind, x0, x1))
        if len(columns) >= 2 and _item_code(row, columns[-2:], previous_end, hit.start):
            columns[-2:] = [Column("sku", columns[-2].x0, columns[-1].x1)]
        elif len(columns) >= 2 and (
            _joined(row, previous_end, hit.start)
            or _price_per_unit(row, columns[-2:], previous_end, hit.start)
        ):
            columns[-2:] = [_merged(columns[-2], columns[-1])]
        previous_end = hit.end
    columns += _unlabelled_columns(row, row_hits, fuzzy=fuzzy)
    if above is not None:
        columns = [split for c in columns for split in _under_order_marker(above, row, c)]
    return _settle_duplicates(sorted(columns, key=lambda c: c.x0))


def _names_order_line(row: Row, start: int, end: int, kind: str) -> bool:
    """ "PO line", "Ihre Pos.", "Ligne cde": a position or item header beside an order word."""
    if kind not in ("position", "description"):
        return False
    first, last = row.segment_of(start)
    before = compact(row.tokens[start - 1].text) if start > first else ""
    after = compact(row.tokens[end].text) if end < last else ""
    return before in _PO_BEFORE or after in _PO_AFTER


def _under_order_marker(above: Row, row: Row, column: Column) -> list[Column]:
    """A header printed on two rows with "PO" above "item" names the order line, not the description. Where
    "PO" stands over the first word of a longer phrase ("item Description"), only that word is the order
    line's header and the rest keeps its column."""
    if column.kind not in ("description", "position", "sku"):
        return [column]
    markers = [
        t.box
        for t in above.tokens
        if compact(t.text) in _PO_BEFORE and min(t.box[2], column.x1) - max(t.box[0], column.x0) > 0
    ]
    if not markers:
        return [column]
    words = [t.box for t in row.tokens if t.box[0] >= column.x0 - 0.5 and t.box[2] <= column.x1 + 0.5]
    if len(words) >= 2 and all(m[2] < words[1][0] for m in markers):
        first, second = words[0], words[1]
        return [Column("po_line", first[0], first[2]), Column(column.kind, second[0], column.x1)]
    return [Column("po_line", column.x0, column.x1)]


def _unlabelled_columns(row: Row, row_hits: list[LabelHit], *, fuzzy: bool) -> list[Column]:
    """Header words the label matcher left: short forms, OCR misreadings ("Oty", "Anzahi") and two words
    read as one ("PriceTaxable"), which split their box by character count."""
    covered = {i for hit in row_hits for i in range(hit.start, hit.end)}
    columns = []
    for index, token in enumerate(row.tokens):
        if index in covered:
            continue
        word = compact(token.text)
        fuzzy_word = fuzzy and token.confidence < _FUZZY_BELOW_CONFIDENCE
        kind = _HEADER_WORDS.get(word) or (_misread_header_word(word) if fuzzy_word else None)
        x0, _, x1, _ = token.box
        if kind is not None:
            columns.append(Column(kind, x0, x1))
            continue
        if fuzzy and not fuzzy_word:
            # A text layer runs two labels together where they touch ("itemTaxableQuantity").
            columns += _glued_label_columns(token.text, token.box)
            continue
        for left, right in _glued_header_words(word) if fuzzy_word else []:
            cut = x0 + (x1 - x0) * len(left[0]) / len(word)
            pair = [Column(left[1], x0, cut), Column(right[1], cut, x1)]
            # "Preis/Einheit" is one column; "PriceTaxable" two that OCR read without their gap.
            columns += [_merged(*pair)] if "/" in token.text else pair
            break
    return columns


def _glued_label_columns(text: str, box) -> list[Column]:
    """Columns of header labels printed so close that the text layer made one word of them: each part a
    whole known header word ("AnzahlPreis/Einheit": quantity, then "Preis/Einheit" as one column); the
    box is shared out by character count."""
    word = compact(text)
    pieces = _split_known(word)
    if len(pieces) < 2:
        return []
    slash_at = {len(compact(text[: i + 1])) for i, ch in enumerate(text) if ch == "/"}
    x0, _, x1, _ = box
    columns: list[Column] = []
    position, joined = 0, False
    for piece, kind in pieces:
        left = x0 + (x1 - x0) * position / len(word)
        position += len(piece)
        right = x0 + (x1 - x0) * position / len(word)
        if kind is not None:
            column = Column(kind, left, right)
            if joined and columns:
                columns[-1] = _merged(columns[-1], column)
            else:
                columns.append(column)
        joined = position in slash_at
    return columns


def _split_known(word: str) -> list[tuple[str, str | None]]:
    """`word` cut into known header words of three letters or more (and glued-on marks), or []."""
    known = _column_words()
    best: dict[int, list[tuple[str, str | None]]] = {0: []}
    for start in range(len(word)):
        if start not in best:
            continue
        if word[start] in _GLUED_MARKS:
            best.setdefault(start + 1, best[start] + [(word[start], None)])
        for end in range(start + 3, len(word) + 1):
            kind = known.get(word[start:end])
            if kind is not None and end not in best:
                best[end] = best[start] + [(word[start:end], kind)]
    return best.get(len(word), [])


@cache
def _column_words() -> dict[str, str]:
    """One-word column headers of the shared vocabulary, compacted, with the column they name."""
    words: dict[str, str] = {}
    for field, per_language in VOCABULARY.items():
        if field.startswith("col:"):
            for phrases in per_language.values():
                for phrase in phrases.split("|"):
                    word = compact(phrase.lstrip("~?"))
                    if len(word) >= 2 and " " not in phrase.strip():
                        words.setdefault(word, field.removeprefix("col:"))
    return words | _HEADER_WORDS


# Pure functions of one OCR'd word, asked for every header-row word of every table row
# candidate: remembered, since the same words come back on every invoice of a layout.
_WORD_MEMORY = 4096


@lru_cache(maxsize=_WORD_MEMORY)
def _misread_header_word(word: str) -> str | None:
    """A header word with one letter misread: OCR reads "Qty" as "Oty", "Anzahl" as "Anzahi"."""
    if len(word) < 3 or word.isdigit():
        return None
    allowed = 1 if len(word) < 8 else 2
    found = {
        kind
        for known, kind in _column_words().items()
        if len(known) >= 3
        and abs(len(known) - len(word)) <= allowed
        and levenshtein(word, known, allowed) <= allowed
    }
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=_WORD_MEMORY)
def _glued_header_words(word: str) -> tuple[tuple[tuple[str, str], tuple[str, str]], ...]:
    """Two header words read as one: the left one whole, the right one whole or its start ("mwstsatz")."""
    known = _column_words()
    found = []
    for cut in range(3, len(word) - 2):
        left, right = word[:cut], word[cut:]
        if left not in known:
            continue
        right_kind = known.get(right) or next(
            (k for w, k in known.items() if len(w) >= 4 and right.startswith(w)), None
        )
        if right_kind is not None:
            found.append(((left, known[left]), (right, right_kind)))
    return tuple(found)


def _joined(row: Row, previous_end: int, start: int) -> bool:
    """Two header words with only a joiner between them ("Product / Service") name one column."""
    between = [t.text for t in row.tokens[previous_end:start]]
    glued = row.tokens[previous_end - 1].text.endswith("/") or row.tokens[start].text.startswith("/")
    return (len(between) == 1 and between[0] in _HEADER_JOINERS) or (not between and glued)


def _price_per_unit(row: Row, pair: list[Column], previous_end: int, start: int) -> bool:
    """ "Prix unit.", "Unit Price" printed as one phrase name the price column, not a unit column too."""
    adjacent = previous_end == start and row.segment_of(previous_end - 1) == row.segment_of(start)
    return adjacent and {c.kind for c in pair} == {"unit", "unit_price"}


def _item_code(row: Row, pair: list[Column], previous_end: int, start: int) -> bool:
    """ "Item code", "Article no." printed as one phrase name the item-number column, not the description."""
    adjacent = previous_end == start and row.segment_of(previous_end - 1) == row.segment_of(start)
    return adjacent and [c.kind for c in pair] == ["description", "sku"]


def _merged(left: Column, right: Column) -> Column:
    kind = min((left.kind, right.kind), key=_KINDS.index)  # "Product / Service" is a description
    return Column(kind, left.x0, right.x1)


def _settle_duplicates(columns: list[Column]) -> list[Column]:
    """Two description columns: the left one holds item numbers. Two amount columns: the right one wins.

    Any other kind printed twice keeps its first column ("Tax %" then "Tax" amount).
    """
    settled: list[Column] = []
    for index, column in enumerate(columns):
        later_same = any(c.kind == column.kind for c in columns[index + 1 :])
        if column.kind == "description" and later_same:
            column = Column("sku", column.x0, column.x1)
        elif later_same if column.kind == "amount" else any(c.kind == column.kind for c in settled):
            column = Column("other", column.x0, column.x1)
        settled.append(column)
    return settled


def is_header(row: Row, hits) -> bool:
    return len({c.kind for c in _columns(row, hits[row.number])}) >= 3
