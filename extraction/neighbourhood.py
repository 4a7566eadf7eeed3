"""Scoring candidates for a field by the label next to them: left of them on the row, or just above them.

A value right after its label scores highest; one further along the row, or under a column header, a
little less; a label for another thing in between ends the search ("Rechnungsnr. 300 Kundennr. 477").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from extraction.candidates import Candidate
from extraction.labels import LabelHit
from extraction.layout import Layout, Row

RIGHT_FIRST = 1.0
RIGHT_LATER = 0.8  # a second value further along the row ("Tax 15% on 112.90   16.94")
RIGHT_LAST = 0.9  # the value closing the row: the column totals are printed in
BELOW = 0.9
BELOW_SECOND_ROW = 0.75
_BELOW_ROWS = 2
_BELOW_REACH = 3.5  # how many label heights below the label a value may start
_STOPPING_QUALITY = 0.6  # a label at least this sure stops the search along a row


@dataclass(frozen=True)
class Link:
    field: str
    candidate: Candidate
    label: LabelHit | None  # None when the value was found by its place alone (a row that adds up)
    score: float  # label quality x relation, later times cleanliness and position


def links_for(
    field: str,
    kinds: Iterable[str],
    layout: Layout,
    hits: dict[int, list[LabelHit]],
    candidates: dict[int, list[Candidate]],
) -> list[Link]:
    """Every (label, candidate) pairing for `field` with its score, best first."""
    kinds = frozenset(kinds)
    links: list[Link] = []
    for row in layout.rows:
        for hit in hits[row.number]:
            quality = hit.quality(field)
            if quality <= 0:
                continue
            right = _right_of(hit, row, hits, candidates, kinds)
            # A label with its value beside it is not a column header: nothing under it is its value;
            # nor is a label word inside a sentence ("… geben Sie die Rechnungsnummer an").
            heads_column = _starts_segment(row, hit)
            below = _below(hit, row, layout, hits, candidates, kinds) if heads_column and not right else []
            for candidate, relation in right + below:
                links.append(Link(field, candidate, hit, quality * relation))
    return sorted(links, key=lambda link: -link.score)


def _starts_segment(row: Row, hit: LabelHit) -> bool:
    """The label opens its phrase; a table rule OCR read as "|" or "[" before it does not count, and a
    label glued to the header before it opens its own column."""
    if hit.glued:
        return True
    seg_start = row.segment_of(hit.start)[0]
    return all(not any(c.isalnum() for c in t.text) for t in row.tokens[seg_start : hit.start])


def _right_of(hit, row, hits, candidates, kinds) -> list[tuple[Candidate, float]]:
    stop = next(
        (other.start for other in hits[row.number] if other.start >= hit.end and _stops(other)),
        len(row.tokens),
    )
    # A value may run into a label word ("CHE-123.456.789 MWST"): it only has to start before the next label.
    found = [c for c in candidates[row.number] if c.kind in kinds and hit.end <= c.start < stop]
    scored = []
    for rank, candidate in enumerate(found):
        relation = RIGHT_FIRST if rank == 0 else RIGHT_LATER**rank
        if rank > 0 and candidate is found[-1] and candidate.end == len(row.tokens):
            relation = RIGHT_LAST
        scored.append((candidate, relation))
    return scored


def _stops(hit: LabelHit) -> bool:
    return max(q for _, q in hit.fields) * hit.match >= _STOPPING_QUALITY and not all(
        f.startswith("col:") for f, _ in hit.fields
    )


def _below(hit, row, layout, hits, candidates, kinds) -> list[tuple[Candidate, float]]:
    """Values in the first row or two under the label, within its column (a header over its value)."""
    x0, top, x1, bottom = row.box(hit.start, hit.end)
    height = bottom - top
    reach = bottom + _BELOW_REACH * height
    tolerance = 0.5 * height
    found: list[tuple[Candidate, float]] = []
    rows_seen = 0
    for below in _rows_under(layout, row, reach):
        # Judged word by word: a taller column beside the label may make whole rows overlap.
        overlapping = [
            i
            for i, t in enumerate(below.tokens)
            if t.box[0] < x1 + tolerance and t.box[2] > x0 - tolerance and t.box[1] >= bottom - 0.3 * height
        ]
        if not overlapping:
            continue
        if any(h.start <= i < h.end and _stops(h) for h in hits[below.number] for i in overlapping):
            break  # another label sits under this one: a header row, not values
        relation = BELOW if rows_seen == 0 else BELOW_SECOND_ROW
        for candidate in candidates[below.number]:
            if candidate.kind in kinds and any(candidate.start <= i < candidate.end for i in overlapping):
                found.append((candidate, relation))
        rows_seen += 1
        if found or rows_seen >= _BELOW_ROWS:
            break
    return found


def _rows_under(layout: Layout, row: Row, reach: float) -> Iterable[Row]:
    for other in layout.rows[row.number + 1 :]:
        if other.page != row.page or other.top > reach:
            return
        yield other
