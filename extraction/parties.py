"""Who sends the invoice and who receives it: vendor name and address, buyer name.

There is rarely a label for the vendor, so candidates (the first line of each address block, names with a
legal form, values after "Sold by" / "Titulaire du compte") are scored on evidence that the name is the
sender's: a legal form, a place at the top, the name in the page's web or mail domain, repetition in the
legal footer. Anything inside a block labelled "Bill to" / "Rechnungsempfänger" / "Facturé à" counts
against it and for the buyer. The trained spaCy pipeline (`extraction/spacy/`) adds one more signal: its
VENDOR / BUYER entities vote for or against a candidate, and break ties between buyer candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.matcher.levenshtein import levenshtein

from extraction.labels import LabelHit, compact
from extraction.layout import Layout, Row
from extraction.parties_text import (
    LEGAL_FORM_RE,
    REGISTRY_RE,
    SEPARATORS,
    address_after_separator,
    has_separator,
    is_address_line,
    is_attention_line,
    is_contact_line,
    is_legal_form_only,
    name_before_legal_form,
    names_a_bank,
    repair_postcode_line,
    tidy_ocr_address_line,
    trim_name,
)
from extraction.spacy.predict import predict_entities
from extraction.spacy.text import RowSpan

_MIN_VENDOR_SCORE = 0.3
_SAME_PARTY_MIN_LENGTH = 6  # shorter names are too alike to forgive slips in
_OCR_HEIGHT_RATIO = 1.8  # the most two OCR'd lines of one block may differ in box height
_MIN_BUYER_SCORE = 0.3


@dataclass(frozen=True)
class Span:
    row: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class PartyChoice:
    value: str
    confidence: float
    spans: tuple[Span, ...]
    basis: str = ""  # "model" when only the trained model's vote made this the choice


_MODEL_FEATURES = ("model_vendor", "model_buyer")
_MODEL_ONLY_CONFIDENCE = 0.35  # a name only the model speaks for is right far less often than not


def choose_parties(
    layout: Layout, hits: dict[int, list[LabelHit]], *, use_ner: bool = True
) -> dict[str, PartyChoice]:
    """`use_ner=False` leaves the trained model out, so its contribution can be measured."""
    predicted = predict_entities(layout) if use_ner else []
    blocks = _blocks(layout)
    buyer_spans = _labelled_spans(layout, hits, blocks, "buyer_name")
    buyer_keys = {(s.row, s.start) for block in buyer_spans for s in block}
    domains = _domains(layout)
    labelled = _labelled_spans(layout, hits, blocks, "vendor_name")
    names: dict[str, list[tuple[dict[str, float], Span, list[Span]]]] = {}
    for span, block in _name_candidates(layout, hits, blocks, labelled):
        features = _vendor_features(layout, hits, span, block, buyer_keys, domains)
        features |= _model_features(span, predicted)
        names.setdefault(_name_key(span.text), []).append((features, span, block))
    ranked = sorted((_merged(occurrences) for occurrences in names.values()), key=lambda item: -item[0])
    # The layout says buyer and only the model says vendor: no evidence for either reading wins.
    ranked = [r for r in ranked if not (_model_only(r[3]) and r[3].get("buyer_block"))]
    chosen: dict[str, PartyChoice] = {}
    if ranked and ranked[0][0] >= _MIN_VENDOR_SCORE:
        score, span, occurrences, features = ranked[0]
        margin = 0.85 if len(ranked) > 1 and ranked[1][0] > 0.85 * score else 1.0
        confidence = _vendor_confidence(score) * margin * _reading(layout, span)
        basis = "model" if _model_only(features) else ""
        if basis:
            confidence = min(confidence, _MODEL_ONLY_CONFIDENCE * _reading(layout, span))
        chosen["vendor_name"] = PartyChoice(span.text, confidence, (span,), basis)
        # The name may be printed without its address (a footer); another printing of it may have one.
        # The most complete printing of the address: a header may wrap it, a footer cut it short.
        addresses = [_address_after(layout, s, block) for s, block in occurrences]
        # Of equally complete printings, the one OCR read most surely (a small return line reads worse).
        address = max(addresses, key=lambda a: (_address_lines(a), _address_reading(layout, a)), default=[])
        factor = 0.95
        if not address:
            address, factor = _predicted_address(layout, span, predicted), 0.8
        if address:
            text = "\n".join(s.text for s in address)
            if _read_by_ocr(layout, address[0]):
                text = _voted_address(layout, address, [a for a in addresses if a and a is not address])
                text = "\n".join(tidy_ocr_address_line(line) for line in text.split("\n"))
            chosen["vendor_address"] = PartyChoice(text, factor * confidence, tuple(address), basis)
    buyer = _buyer(layout, hits, buyer_spans, blocks, chosen.get("vendor_name"), predicted)
    if buyer is not None:
        chosen["buyer_name"] = buyer
    return chosen


def _vendor_confidence(score: float) -> float:
    """Evidence score to confidence: a bare top-of-page name (0.3) is a guess, a name with a legal form,
    its domain and its footer (1.0 and more) is near certain."""
    return min(0.97, 0.45 + 0.55 * score)


def _reading(layout: Layout, span: Span) -> float:
    return layout.rows[span.row].confidence(span.start, span.end)


def _name_key(text: str) -> str:
    return compact(LEGAL_FORM_RE.sub("", text)) or compact(text)


def _model_only(features: dict[str, float]) -> bool:
    """Without the model's vote the name would not reach the bar: the printed evidence is too thin."""
    printed = sum(v for name, v in features.items() if name not in _MODEL_FEATURES)
    return printed < _MIN_VENDOR_SCORE and features.get("model_vendor", 0.0) > 0


def _merged(occurrences) -> tuple[float, Span, list[tuple[Span, list[Span]]], dict[str, float]]:
    """One name printed in several places gathers the evidence of all: label here, legal footer there.

    Signals add up once each (their best value over the occurrences); the occurrence shown as evidence
    is the one that scores best on its own. All occurrences come back, best first.
    """
    merged: dict[str, float] = {}
    for features, _, _ in occurrences:
        for name, value in features.items():
            merged[name] = (
                max(merged.get(name, value), value) if value > 0 else min(merged.get(name, 0), value)
            )
    ordered = sorted(occurrences, key=lambda item: -sum(item[0].values()))
    return sum(merged.values()), ordered[0][1], [(span, block) for _, span, block in ordered], merged


def _segments(layout: Layout) -> list[Span]:
    return [Span(row.number, a, b, row.text(a, b)) for row in layout.rows for a, b in row.segments]


def _blocks(layout: Layout) -> list[list[Span]]:
    """Left-aligned runs of phrases printed at line spacing: address blocks and the like."""
    blocks: list[list[Span]] = []
    spans = sorted(_segments(layout), key=lambda s: (layout.rows[s.row].page, _box(layout, s)[1]))
    tallest = _tallest_span_per_page(layout, spans)
    open_blocks: list[list[Span]] = []  # the blocks a later line may still continue, in creation order
    for span in spans:
        page, top = layout.rows[span.row].page, _box(layout, span)[1]
        # Lines come top down: a block ending further above than any line spacing on the page (or on an
        # earlier page) can take no more lines, so it is not looked at again.
        reach = _BLOCK_REACH_HEIGHTS * tallest[page]
        open_blocks = [
            b
            for b in open_blocks
            if layout.rows[b[-1].row].page == page and top - _box(layout, b[-1])[3] <= reach
        ]
        # Of the blocks this line could continue, the one whose last line is nearest above it: a line
        # never continues a block across another block's line.
        homes = [b for b in open_blocks if _continues(layout, b[-1], span)]
        home = max(homes, key=lambda b: _box(layout, b[-1])[3], default=None)
        if home is None:
            blocks.append([span])
            open_blocks.append(blocks[-1])
        else:
            home.append(span)
    return blocks


# _continues never joins lines further apart than this many times the taller line's height.
_BLOCK_REACH_HEIGHTS = 1.5


def _tallest_span_per_page(layout: Layout, spans: list[Span]) -> dict[int, float]:
    tallest: dict[int, float] = {}
    for span in spans:
        box, page = _box(layout, span), layout.rows[span.row].page
        tallest[page] = max(tallest.get(page, 0.0), box[3] - box[1])
    return tallest


def _box(layout: Layout, span: Span):
    return layout.rows[span.row].box(span.start, span.end)


def _continues(layout: Layout, last: Span, span: Span) -> bool:
    """The next line of a block: same left edge, same type size, at line spacing."""
    previous, row = layout.rows[last.row], layout.rows[span.row]
    if previous.page != row.page or last.row == span.row:
        return False
    (px0, ptop, _, pbottom), (x0, top, _, bottom) = _box(layout, last), _box(layout, span)
    heights = sorted((pbottom - ptop, bottom - top))
    # A line's box is at least as tall as its words, so lines this far apart are no block at any
    # type size; most pairs end here, before the words' heights are looked at.
    if not -0.2 * heights[1] <= top - pbottom <= _BLOCK_REACH_HEIGHTS * heights[1]:
        return False
    # OCR boxes hug the glyphs: a line without descenders ("178 Commercial Road") looks lower than one with
    # them ("Crown Group plc"), and line spacing wider than between a text layer's font-size boxes. A
    # photo's skew makes a long line's box taller than its words: their own heights tell the type size.
    by_ocr = layout.frames[row.page].unit == "px"
    if by_ocr:
        heights = sorted((_word_height(previous, last), _word_height(row, span)))
    if heights[1] > (_OCR_HEIGHT_RATIO if by_ocr else 1.5) * heights[0]:
        return False
    spacing = 1.5 if by_ocr else 1.0
    if not -0.2 * heights[1] <= top - pbottom <= spacing * heights[1]:
        return False
    if abs(px0 - x0) <= 0.8 * heights[1]:
        return True
    # A right-aligned or centred letterhead: same right edge or same middle, words rather than
    # a column of figures.
    px1, x1 = _box(layout, last)[2], _box(layout, span)[2]
    aligned = abs(px1 - x1) <= 0.8 * heights[1] or abs((px0 + px1) - (x0 + x1)) / 2 <= 0.8 * heights[1]
    return aligned and _worded(last.text) and _worded(span.text)


def _word_height(row: Row, span: Span) -> float:
    heights = sorted(t.box[3] - t.box[1] for t in row.tokens[span.start : span.end])
    return heights[len(heights) // 2]


def _worded(text: str) -> bool:
    return sum(c.isalpha() for c in text) >= 3


def _labelled_spans(layout, hits, blocks, field: str) -> list[list[Span]]:
    """Phrases a label of `field` points at: the rest of its row, or the block that starts under it."""
    found = []
    for row in layout.rows:
        for hit in hits[row.number]:
            if hit.quality(field) <= 0:
                continue
            seg_start, seg_end = row.segment_of(hit.start)
            alone = hit.start == seg_start and all(not c.isalnum() for c in row.text(hit.end, seg_end))
            if hit.quality(field) < 0.6 and not alone:
                continue  # "An", "To", "Aan" label a block only as a heading of their own
            if hit.end < seg_end:
                found.append([Span(row.number, hit.end, seg_end, row.text(hit.end, seg_end))])
            below = _block_under(layout, row, hit, blocks)
            if below:
                found.append(below)
    return found


def _block_under(layout: Layout, row: Row, hit: LabelHit, blocks: list[list[Span]]) -> list[Span]:
    """The rest of the block whose phrase starts right under the label ("Bill to" / name / street)."""
    x0, label_top, x1, bottom = row.box(hit.start, hit.end)
    # A photo's rows may overlap a little: the first line under the label can start above its bottom.
    overlap = 0.4 * (bottom - label_top)
    under: list[tuple[float, list[Span]]] = []
    for block in blocks:
        for index, span in enumerate(block):
            sx0, top, _, _ = _box(layout, span)
            same_page = span.row != row.number and layout.rows[span.row].page == row.page
            if same_page and -overlap <= top - bottom <= 2.5 * row.height and x0 - row.height <= sx0 <= x1:
                under.append((top, block[index:]))
                break
    return min(under, key=lambda item: item[0])[1] if under else []


def _name_candidates(layout, hits, blocks, labelled):
    """(phrase, its block) pairs that could be a party's name."""
    seen: set[tuple[int, int]] = set()
    for block, first_only in [(b, True) for b in blocks] + [(b, False) for b in labelled]:
        for index, span in enumerate(block[:2] if not first_only else block):
            name = trim_name(layout.rows[span.row], span.start, span.end, hits[span.row])
            if name is None or (first_only and index > 0 and not LEGAL_FORM_RE.search(name.text)):
                continue
            if (name.row, name.start) not in seen:
                seen.add((name.row, name.start))
                yield Span(name.row, name.start, name.end, name.text), block[index:]
            if not first_only:
                break  # under a label, the first name-like phrase is the name
    for row in layout.rows:
        for name in name_before_legal_form(row, hits[row.number]):
            if (name.row, name.start) not in seen:
                seen.add((name.row, name.start))
                yield Span(name.row, name.start, name.end, name.text), [name]


def _vendor_features(layout, hits, span: Span, block: list[Span], buyer_keys, domains) -> dict[str, float]:
    """Evidence that a phrase is the sender's name, each signal with its weight."""
    row = layout.rows[span.row]
    legal_form = LEGAL_FORM_RE.search(span.text)
    features = {
        "legal_form": 0.3 if legal_form and legal_form.start() > 0 else 0.0,
        # "Sarl au capital de 10 000 €" describes the company, it does not name it.
        "registry_text": -0.4 if REGISTRY_RE.search(span.text) else 0.0,
        "form_row": -0.15 if len(row.segments) >= 3 else 0.0,  # a table header or a form row
        "top": 0.2 if row.page == 1 and layout.relative_y(row) < 0.25 else 0.0,
        "large": 0.1 if row.height > 1.3 * _median_height(layout, row.page) else 0.0,
        "domain": 0.25 if _in_domain(span.text, domains) else 0.0,
        "repeated": 0.15 if _repeated(layout, span) else 0.0,
        "address_follows": 0.1
        if len(block) > 1 and any(is_address_line(s.text) for s in block[1:4])
        else 0.0,
        "legal_footer": 0.2 if _near_registry_text(layout, row) else 0.0,
        "vendor_label": 0.45 if _after_label(layout, hits, span, "vendor_name") else 0.0,
        "buyer_block": -0.6
        if (span.row, span.start) in buyer_keys or _in_buyer_block(span, buyer_keys)
        else 0.0,
        "address_like": -0.3 if is_address_line(span.text) else 0.0,
        "bank_name": -0.5 if names_a_bank(row.text(0, span.start), span.text) else 0.0,
    }
    return {name: value for name, value in features.items() if value}


def _model_features(span: Span, predicted: list[RowSpan]) -> dict[str, float]:
    """The trained model's vote: a name it marks VENDOR gains, one it marks BUYER loses."""
    features = {}
    if _predicted_as(span, predicted, "VENDOR"):
        features["model_vendor"] = 0.3
    if _predicted_as(span, predicted, "BUYER"):
        features["model_buyer"] = -0.3
    return features


def _predicted_as(span: Span, predicted: list[RowSpan], label: str) -> bool:
    return any(
        p.label == label and p.row == span.row and p.start < span.end and span.start < p.end
        for p in predicted
    )


def _predicted_address(layout: Layout, vendor: Span, predicted: list[RowSpan]) -> list[Span]:
    """The model's ADDRESS lines printed with the vendor's name (within a few rows of it on its page):
    taken only when the printed layout gave no address, as the model reads addresses it cannot place."""
    row = layout.rows[vendor.row]
    lines = [
        _within_segment(layout, p)
        for p in predicted
        if p.label == "ADDRESS" and layout.rows[p.row].page == row.page and 0 <= p.row - vendor.row <= 6
    ]
    return _address_part(sorted(lines, key=lambda line: (line.row, line.start)))


def _name_tail(text: str) -> bool:
    """A name's last words ending in a legal form ("Services LLC"), printed where its address begins."""
    return bool(LEGAL_FORM_RE.search(text)) and not is_address_line(text)


def _address_part(lines: list[Span]) -> list[Span]:
    """The lines that are address: not the name's wrapped last line ("Services LLC") before the street,
    nothing from the first contact line (phone, mail, bank) on, no trailing line that is no address."""
    kept: list[Span] = []
    for line in lines:
        if _contact_or_registry(line.text):
            break
        if not kept and _name_tail(line.text):
            continue
        kept.append(line)
    return _ending_in_address(kept)


def _contact_or_registry(text: str) -> bool:
    """Phone, mail, bank or registration details: where an address block ends."""
    return is_contact_line(text) or bool(REGISTRY_RE.search(text))


def _ending_in_address(lines: list[Span]) -> list[Span]:
    """The lines without the trailing ones that are no address line."""
    while lines and not is_address_line(lines[-1].text):
        lines = lines[:-1]
    return lines


def _within_segment(layout: Layout, predicted: RowSpan) -> Span:
    """An address line does not cross a wide gap: a logo left of it or a title right of it is not in it."""
    row = layout.rows[predicted.row]
    start, end = max(
        ((max(a, predicted.start), min(b, predicted.end)) for a, b in row.segments),
        key=lambda part: part[1] - part[0],
    )
    return Span(row.number, start, end, row.text(start, end))


def _median_height(layout: Layout, page: int) -> float:
    heights = sorted(row.height for row in layout.page_rows(page))
    return heights[len(heights) // 2]


def _domains(layout: Layout) -> set[str]:
    found = set()
    for row in layout.rows:
        for token in row.tokens:
            for match in re.finditer(r"(?:www\.|@|https?://)([\w\-.]+)\.[a-z]{2,4}\b", token.text.lower()):
                found.update(compact(part) for part in match.group(1).split(".") if len(part) >= 4)
    return found - {"mail", "gmail", "email", "outlook", "hotmail", "yahoo", "example", "info"}


def _in_domain(text: str, domains: set[str]) -> bool:
    """ "Azure Interior" and azure-interior.com, "Free" and free.fr: the sender's own domain."""
    name = compact(LEGAL_FORM_RE.sub("", text))
    words = {compact(w) for w in text.split()}
    return bool(name) and any(
        d == name or d in words or (name in d and len(name) >= 0.8 * len(d)) for d in domains
    )


def _repeated(layout: Layout, span: Span) -> bool:
    key = compact(LEGAL_FORM_RE.sub("", span.text))
    if len(key) < 4:
        return False
    return any(key in compact(row.text()) for row in layout.rows if row.number != span.row)


def _near_registry_text(layout: Layout, row: Row) -> bool:
    """The sender's legal footer: capital, register number, registered office on or next to the row."""
    neighbours = layout.rows[max(0, row.number - 1) : row.number + 2]
    return any(r.page == row.page and REGISTRY_RE.search(r.text()) for r in neighbours)


def _after_label(layout, hits, span: Span, field: str) -> bool:
    row = layout.rows[span.row]
    if any(h.quality(field) > 0 and h.end <= span.start for h in hits[row.number]):
        return True
    above = [r for r in layout.rows[max(0, row.number - 2) : row.number] if r.page == row.page]
    x0 = row.tokens[span.start].box[0]
    for other in above:
        for hit in hits[other.number]:
            hx0, _, hx1, _ = other.box(hit.start, hit.end)
            if hit.quality(field) > 0 and hx0 - row.height <= x0 <= hx1:
                return True
    return False


def _in_buyer_block(span: Span, buyer_keys) -> bool:
    return any(row == span.row and start <= span.start for row, start in buyer_keys)


def _address_after(layout: Layout, span: Span, block: list[Span]) -> list[Span]:
    """The address printed with the name: the rest of a return-address line, or the block's next lines
    up to the first contact line (phone, mail, bank), without trailing lines that are no address."""
    row = layout.rows[span.row]
    _, seg_end = row.segment_of(span.start)
    if seg_end < len(row.tokens) and row.tokens[seg_end].text in SEPARATORS and seg_end == span.end:
        seg_end = row.segment_of(seg_end)[1]  # OCR's wide gap before the " - " of a return-address line
    inline = address_after_separator(row, span.end, seg_end)
    while inline and _name_tail(inline[0]):
        inline = inline[1:]  # "Prairie Cleaning | Services Corp. - 3216 Main Street": OCR split the name
    if inline:
        return [Span(span.row, span.end, seg_end, "\n".join(repair_postcode_line(line) for line in inline))]
    lines: list[Span] = []
    for line in [s for s in block if s.row != span.row][:5]:
        if _contact_or_registry(line.text):
            break
        if not lines and is_legal_form_only(line.text):
            continue  # "Becker & Schneider GmbH & Co." / "KG": the name's last word, not the address
        if not lines and _name_tail(line.text):
            break  # another company's name: the block is the buyer's, under the sender's return line
        lines.append(line)
    return _ending_in_address([replace(s, text=repair_postcode_line(s.text)) for s in lines])


def _address_lines(address: list[Span]) -> int:
    return sum(is_address_line(line) for s in address for line in s.text.split("\n"))


def _read_by_ocr(layout: Layout, span: Span) -> bool:
    return layout.frames[layout.rows[span.row].page].unit == "px"


_Word = tuple[str, float]  # a word of an address line and OCR's confidence in it


def _address_words(layout: Layout, address: list[Span]) -> list[list[_Word]]:
    """The address's lines as words with their OCR confidence (the span's lowest where words and tokens
    do not pair up, as on a return-address line split at its separators)."""
    lines: list[list[_Word]] = []
    for span in address:
        row = layout.rows[span.row]
        tokens = [t for t in row.tokens[span.start : span.end] if t.text not in SEPARATORS]
        words = [w for line in span.text.split("\n") for w in line.split()]
        paired = len(tokens) == len(words)
        confidences = iter([t.confidence for t in tokens] if paired else [])
        fallback = row.confidence(span.start, span.end)
        lines += [[(w, next(confidences, fallback)) for w in line.split()] for line in span.text.split("\n")]
    return lines


def _voted_address(layout: Layout, address: list[Span], others: list[list[Span]]) -> str:
    """The address with each word taken from the printing OCR read it most surely in: the letterhead's
    "Bidg" and the footer's "Bldg" are one word, and OCR's confidence says which reading to keep."""
    other_lines = [line for other in others for line in _address_words(layout, other)]
    voted = []
    for line in _address_words(layout, address):
        words = list(line)
        for other in other_lines:
            if _same_line(line, other):
                words = [max(pair, key=lambda w: w[1]) for pair in zip(words, other, strict=True)]
        voted.append(" ".join(w for w, _ in words))
    return "\n".join(voted)


def _same_line(line: list[_Word], other: list[_Word]) -> bool:
    """Two readings of one printed line: as many words, each the same or a slip or two apart."""
    if len(line) != len(other):
        return False
    differing = [(a, b) for (a, _), (b, _) in zip(line, other, strict=True) if a != b]
    if len(differing) > max(1, len(line) // 2):
        return False
    return all(levenshtein(a, b, 2) <= min(2, len(a) // 3) for a, b in differing)


def _address_reading(layout: Layout, address: list[Span]) -> float:
    """The mean OCR confidence of an address's words (a text layer's are all 1.0)."""
    confidences = [t.confidence for s in address for t in layout.rows[s.row].tokens[s.start : s.end]]
    return sum(confidences) / len(confidences) if confidences else 0.0


def _buyer(layout, hits, buyer_spans, blocks, vendor: PartyChoice | None, predicted) -> PartyChoice | None:
    """The name a buyer label points at (the one the model marks BUYER if labels point at several);
    failing that, the first other address block near the top."""
    vendor_key = _name_key(vendor.value) if vendor else None
    labelled = [_first_name(layout, hits, block[:3], vendor_key) for block in buyer_spans]
    names = [name for name in labelled if name is not None]
    if names:
        confirmed = [name for name in names if _predicted_as(name, predicted, "BUYER")]
        name = (confirmed or names)[0]
        return PartyChoice(_strip_attention(name.text), 0.9 * _reading(layout, name), (name,))
    for block in blocks:
        row = layout.rows[block[0].row]
        if row.page != 1 or layout.relative_y(row) > 0.5:
            continue
        # The block may open with the sender's return-address line; the recipient's name follows it.
        for index, span in enumerate(block[:2]):
            if index == 1 and _street_only(layout, block[0]):
                break  # a block opening with a street is the vendor's letterhead, not a return line
            name = _buyer_name(layout, hits, span, vendor_key)
            if name is not None:
                address = block[index + 1 : index + 4]
                if any(_same_party(s.text, vendor_key) for s in address):
                    break  # the sender's letterhead under a logo's letters: its name is under this one
                if len(address) >= 2 and any(is_address_line(s.text) for s in address):
                    return PartyChoice(name.text, 0.6 * _reading(layout, name), (name,))
                break
    return None


def _same_party(text: str, vendor_key: str | None) -> bool:
    """The vendor's name, read again with an OCR slip or two ("Bernand & Fils", "Severn Group pic")."""
    if not vendor_key:
        return False
    key = _name_key(text)
    if key == vendor_key:
        return True
    if min(len(key), len(vendor_key)) < _SAME_PARTY_MIN_LENGTH:
        return False
    return key.startswith(vendor_key) or vendor_key.startswith(key) or levenshtein(key, vendor_key, 2) <= 2


def _street_only(layout: Layout, span: Span) -> bool:
    row = layout.rows[span.row]
    return is_address_line(span.text) and not has_separator(row, span.start, span.end)


def _first_name(layout, hits, spans: list[Span], vendor_key: str | None) -> Span | None:
    return next((n for n in (_buyer_name(layout, hits, s, vendor_key) for s in spans) if n is not None), None)


def _buyer_name(layout, hits, span: Span, vendor_key: str | None) -> Span | None:
    trimmed = trim_name(layout.rows[span.row], span.start, span.end, hits[span.row])
    if trimmed is None or is_address_line(trimmed.text) or _same_party(trimmed.text, vendor_key):
        return None
    if is_attention_line(trimmed.text) or is_attention_line(layout.rows[span.row].text(span.start, span.end)):
        return None  # "Attn: Accounts Payable", "z. Hd. Kreditorenbuchhaltung": the name is above it
    return Span(trimmed.row, trimmed.start, trimmed.end, trimmed.text)


def _strip_attention(text: str) -> str:
    return re.sub(r"^(attn|attention|z\.? ?hd\.?|t\.a\.v\.|à l'attention de)\s*:?\s*", "", text, flags=re.I)
