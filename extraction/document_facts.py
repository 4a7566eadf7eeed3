"""Facts read from the whole document rather than one labelled value: currency, document type, terms."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.matcher.levenshtein import levenshtein

from extraction.candidates import Candidate
from extraction.labels import LabelHit, compact
from extraction.layout import Layout, Row
from extraction.ocr_repair import substitute_all
from extraction.parse_amounts import ISO_CODES, currency_of
from extraction.parse_dates import parse_date
from extraction.tax_ids import country_of_prefix
from extraction.vocabulary import CREDIT_NOTE_WORDS, INVOICE_WORDS

_TERMS_WORDS = re.compile(
    r"(?i)\b(net|netto|days?|tage|jours|dagen|immediately|sofort|upon receipt|à réception|direct|"
    r"prepaid|vooraf|comptant|receipt|réception|ontvangst|erhalt|within|binnen|innerhalb|dans)\b"
)


@dataclass(frozen=True)
class Fact:
    value: str
    confidence: float
    row: int
    start: int
    end: int


def choose_currency(layout: Layout) -> Fact | None:
    """The currency most printed: ISO codes count double, symbols once.

    "$" alone reads as USD but is the one symbol several currencies share, so it alone is less sure.
    """
    votes: Counter[str] = Counter()
    first_seen: dict[str, tuple[int, int]] = {}
    unambiguous: set[str] = set()
    for row in layout.rows:
        for index, token in enumerate(row.tokens):
            for code, weight, sure in _currencies_in(token.text):
                votes[code] += weight
                first_seen.setdefault(code, (row.number, index))
                if sure:
                    unambiguous.add(code)
    if not votes:
        return None
    code, count = votes.most_common(1)[0]
    share = count / sum(votes.values())
    row_number, index = first_seen[code]
    return Fact(code, (0.97 if code in unambiguous else 0.8) * share, row_number, index, index + 1)


def _currencies_in(text: str) -> list[tuple[str, int, bool]]:
    """(ISO code, vote weight, whether the printed form names only this currency) for one word."""
    word = text.strip(".,:;()*")
    if word.upper() in ISO_CODES and word.isupper():
        return [(word.upper(), 2, True)]
    if word.lower() in ("dollars", "euros", "euro"):
        return [(currency_of(word), 2, True)]
    found = []
    for symbol in re.findall(r"US\$|\$|€|£|¥|₹|^Rs\.?(?=\d|$)", text):
        code = currency_of(symbol)
        if code:
            found.append((code, 1, symbol != "$"))
    return found


_TITLE_WORDS = 10  # a letter-spaced title: "R E C H N U N G", "G U T S C H R I F T"
_LABEL_EVIDENCE = 0.6
_INVOICE_LABEL_STEMS = ("invoice", "rechnung", "factuur", "facture", "inv")


def choose_document_type(
    layout: Layout, negative_total: bool, hits: dict[int, list[LabelHit]] | None = None
) -> Fact | None:
    """credit_note when a credit-note word heads a row or a title, invoice when an invoice word does;
    failing a title (OCR may lose it), an invoice-number label that names an invoice ("Rechnungs-Nr.")."""
    best = _document_type_by_title(layout, negative_total)
    if best is None and hits is not None and not negative_total:
        best = _invoice_by_label(layout, hits)
    return best


def _invoice_by_label(layout: Layout, hits: dict[int, list[LabelHit]]) -> Fact | None:
    for row in layout.rows:
        for hit in hits[row.number]:
            if hit.quality("invoice_number") >= 0.9 and compact(row.text(hit.start, hit.end)).startswith(
                _INVOICE_LABEL_STEMS
            ):
                confidence = _LABEL_EVIDENCE * row.confidence(hit.start, hit.end)
                return Fact("invoice", confidence, row.number, hit.start, hit.end)
    return None


def _document_type_by_title(layout: Layout, negative_total: bool) -> Fact | None:
    best: Fact | None = None
    median = sorted(r.height for r in layout.rows)[len(layout.rows) // 2] if layout.rows else 0
    for row in layout.rows:
        for kind, words in (("credit_note", CREDIT_NOTE_WORDS), ("invoice", INVOICE_WORDS)):
            found = _phrase_at(row, words)
            if found is None:
                continue
            start, end = found
            title = row.height > 1.2 * median or (row.page == 1 and layout.relative_y(row) < 0.3)
            if kind == "credit_note" and not (title or start == 0 or negative_total):
                continue  # "avoir" is also a French verb: only a heading or a row's first word counts
            confidence = (0.95 if title else 0.75) if kind == "credit_note" else (0.9 if title else 0.7)
            if negative_total and kind == "credit_note":
                confidence = min(1.0, confidence + 0.05)
            if best is None or _outranks(kind, confidence, best):
                best = Fact(kind, confidence, row.number, start, end)
    return best


def _outranks(kind: str, confidence: float, best: Fact) -> bool:
    if kind != best.value:
        return kind == "credit_note" and confidence >= 0.75
    return confidence > best.confidence


def _phrase_at(row: Row, phrases: str) -> tuple[int, int] | None:
    wanted = {compact(p) for p in phrases.split("|")}
    pieces = [compact(t.text) for t in row.tokens]
    for start in range(len(pieces)):
        text = ""
        for end in range(start, min(len(pieces), start + _TITLE_WORDS)):
            text += pieces[end]
            if text in wanted:
                return start, end + 1
    return None


def choose_payment_terms(layout: Layout, hits: dict[int, list[LabelHit]]) -> Fact | None:
    """The words after a payment-terms label, as printed ("Net 30", "14 Tage netto"); surest label wins."""
    found: list[Fact] = []
    for row in layout.rows:
        for hit in hits[row.number]:
            quality = hit.quality("payment_terms")
            generic = dict(hit.fields).get("payment_terms", 0.0) < 1.0
            if generic and not _ends_with_colon(row, hit):
                continue  # "Payment:" heads terms, "Payment received by …" is a sentence
            if _opens_terms_of(row, hit, hits[row.number]):
                continue  # "Betaling: Betaaltermijn 30 dagen": the terms as printed start with this word
            span = _words_after(row, hit, hits[row.number]) if quality > 0 else None
            if span is None:
                continue
            text = substitute_all(row.text(*span).strip(" :.-"), _FRENCH_REPAIRS)
            if layout.frames[row.page].unit == "px":
                text = _repair_terms_words(text)
            if _reads_as_terms(text):
                # No check can confirm terms: a sure label over clean words is as good as it gets.
                found.append(Fact(text, 0.92 * quality * row.confidence(*span), row.number, *span))
    return max(found, key=lambda fact: fact.confidence, default=None)


def _opens_terms_of(row: Row, hit: LabelHit, row_hits: list[LabelHit]) -> bool:
    """A terms word right after a terms label with a colon is the first word of the terms it heads."""
    return any(
        other.end <= hit.start
        and other.quality("payment_terms") > 0
        and _ends_with_colon(row, other)
        and not any(c.isalnum() for c in row.text(other.end, hit.start))
        for other in row_hits
        if other is not hit
    )


# OCR drops the accent of "à", reads it as "4" or puts the wrong accent on it ("ä"):
# "Paiement a 45 jours", "Réglement 4 45 jours".
_FRENCH_REPAIRS = (
    (re.compile(r"(?<=\s)[a4äáâ](?=\s+(\d+\s+jours|r[ée]ception|compter|[ée]ch[ée]ance|date)\b)"), "à"),
    (re.compile(r"\bR[eéè]g[l1iI]ement\b"), "Règlement"),  # and its l read as an i: "Régiement"
)


# The long words payment terms are written with: one OCR slip in them ("30 Tage netio") is undone.
_TERMS_VOCABULARY = frozenset(
    [
        "netto",
        "tagen",
        "jours",
        "dagen",
        "immediately",
        "sofort",
        "receipt",
        "réception",
        "ontvangst",
        "within",
        "binnen",
        "innerhalb",
        "paiement",
        "payable",
        "zahlbar",
        "betaling",
        "factuurdatum",
        "rechnungsdatum",
        "facture",
        "invoice",
        "skonto",
        "abzug",
        "rechnungserhalt",
        "comptant",
        "vooraf",
        "prepaid",
        "échéance",
    ]
)
_TERMS_MIN_LENGTH = 5


def _repair_terms_words(text: str) -> str:
    """Terms read by OCR, each long word one slip away from a terms word put right."""
    words = []
    for word in text.split(" "):
        lower = word.lower()
        if len(lower) >= _TERMS_MIN_LENGTH and lower.isalpha() and lower not in _TERMS_VOCABULARY:
            near = [
                w
                for w in _TERMS_VOCABULARY
                if abs(len(w) - len(lower)) <= 1 and levenshtein(w, lower, 1) <= 1
            ]
            if len(near) == 1:
                word = near[0].capitalize() if word[:1].isupper() else near[0]
        words.append(word)
    return " ".join(words)


def _field_quality(hit: LabelHit) -> float:
    """How surely a label names a header field; table column names ("Netto", "Net") do not count."""
    return max((q for f, q in hit.fields if not f.startswith("col:")), default=0.0) * hit.match


def _ends_with_colon(row: Row, hit: LabelHit) -> bool:
    following = row.tokens[hit.end].text if hit.end < len(row.tokens) else ""
    return row.tokens[hit.end - 1].text.endswith(":") or following.startswith(":")


def _reads_as_terms(text: str) -> bool:
    """Terms say a period or a manner ("30 days net", "due on receipt"); a bare date is a due date."""
    if not text or parse_date(text) is not None:
        return False
    return bool(re.search(r"\d", text) or _TERMS_WORDS.search(text))


def _words_after(row: Row, hit: LabelHit, row_hits: list[LabelHit]) -> tuple[int, int] | None:
    """The rest of the label's phrase, or the next phrase when the label stands alone in its column."""
    _seg_start, seg_end = row.segment_of(hit.start)
    start, end = hit.end, seg_end
    while start < end and not any(c.isalnum() for c in row.tokens[start].text):
        start += 1
    if start >= end:
        later = [s for s in row.segments if s[0] >= seg_end]
        if not later:
            return None
        start, end = later[0]
    # A label closing the phrase heads no value of its own: "Règlement à 10 jours date de facture".
    stop = next(
        (h.start for h in row_hits if start < h.start and h.end < end and _field_quality(h) >= 0.9),
        end,
    )
    return (start, stop) if stop > start else None


_EIN_LOST_HYPHEN = re.compile(r"\d{2}\s+\d{7}")


def choose_tax_id(layout: Layout, hits: dict[int, list[LabelHit]]) -> Fact | None:
    """A registration number after its label ("Steuer-Nr. 044 241 601 03", "SIRET 53084813400017")."""
    for row in layout.rows:
        for hit in hits[row.number]:
            quality = hit.quality("vendor_tax_id")
            span = _words_after(row, hit, hits[row.number]) if quality > 0 else None
            if span is None:
                continue
            start, end = span
            while end > start and not re.search(r"\d", row.tokens[end - 1].text):
                end -= 1
            printed = row.text(start, end)
            # A US employer id whose hyphen OCR lost ("26 5820881") is still written "26-5820881".
            number = f"{printed[:2]}-{printed[-7:]}" if _EIN_LOST_HYPHEN.fullmatch(printed) else printed
            number = re.sub(r"[\s.:]", "", number)
            all_numbers = all(re.search(r"\d", t.text) for t in row.tokens[start:end])
            if end > start and all_numbers and sum(c.isdigit() for c in number) >= 6 and len(number) <= 20:
                return Fact(number, 0.9 * quality * row.confidence(start, end), row.number, start, end)
    return None


_US_ADDRESS_RE = re.compile(r"\b[A-Z][a-z]+,\s[A-Z]{2}\s\d{5}(-\d{4})?\b")
_LETTER_ASPECT = 11 / 8.5


def looks_american(layout: Layout) -> bool:
    """US Letter paper, or a US address ("Boston, MA 02121"): a US document, whatever its currency."""
    return on_letter_paper(layout) or any(_US_ADDRESS_RE.search(row.text()) for row in layout.rows)


def on_letter_paper(layout: Layout) -> bool:
    return any(abs(f.height / f.width - _LETTER_ASPECT) < 0.02 for f in layout.frames.values() if f.width)


# A decimal comma after a digit, at the end of an amount: "1.234,56", "5,07 €", "€ 12,50".
_DECIMAL_COMMA_RE = re.compile(r"^[^\d,]{0,3}\d{1,3}(?:[.\u202f\u00a0 ]?\d{3})*,\d{2}[^\d,]{0,3}$")
_DECIMAL_COMMA_MIN = 2


def writes_decimal_comma(layout: Layout) -> bool:
    """Amounts written "1.234,56": a continental European vendor (UK and US vendors write 1,234.56)."""
    found = sum(1 for row in layout.rows for t in row.tokens if _DECIMAL_COMMA_RE.match(t.text))
    return found >= _DECIMAL_COMMA_MIN


def vendor_countries(
    bank_and_tax_ids: dict[int, list[Candidate]], hits: dict[int, list[LabelHit]]
) -> frozenset[str]:
    """Countries of the checksum-valid IBANs and VAT ids on the page that are not labelled the buyer's.

    An IBAN is the vendor's account; a VAT id in a row that names the buyer's VAT id is the buyer's."""
    found: set[str] = set()
    for row_number, candidates in bank_and_tax_ids.items():
        buyers_row = any(hit.labels("buyer_vat_id") for hit in hits.get(row_number, ()))
        for candidate in candidates:
            if candidate.clean < _CHECKED or (candidate.kind == "vat" and buyers_row):
                continue
            if candidate.kind in ("iban", "vat"):
                found.add(country_of_prefix(candidate.value[:2]))
    return frozenset(found)


_CHECKED = 0.9  # a checksum confirmed the value (a repaired one included)
