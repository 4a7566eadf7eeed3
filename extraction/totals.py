"""Choosing net, tax, total and amount due together, so that net + tax = total can settle doubts.

Each amount field gets scored candidates from its labels; then every combination of the best few is
tried, and a combination that adds up wins over a slightly better-labelled one that does not. A row that
adds up by itself ("Total  24.99  5.00  29.99") is one more source of candidates.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from decimal import Decimal

from extraction.candidates import Candidate
from extraction.labels import LabelHit
from extraction.layout import Layout, Row
from extraction.neighbourhood import Link, links_for

TOLERANCE = Decimal("0.02")
_KEEP = 5  # candidates per field that take part in the combination search
_CONSISTENT_BONUS = 1.0
_IN_ITEM_ROW = 0.2  # a value inside the line-item table is rarely a document total
_ROW_SUM_LABELLED = 0.75
_ROW_SUM_BARE = 0.5
_TRIPLE = ("total_net", "total_tax", "total")
_DUE_AS_TOTAL = 0.7


@dataclass(frozen=True)
class AmountChoice:
    link: Link
    confidence: float


def choose_totals(
    layout: Layout,
    hits: dict[int, list[LabelHit]],
    candidates: dict[int, list[Candidate]],
    item_rows: frozenset[int],
) -> dict[str, AmountChoice]:
    scored = {
        field: _best_per_candidate(_scored_links(field, layout, hits, candidates, item_rows))
        for field in (*_TRIPLE, "amount_due")
    }
    for field, links in _row_sums(layout, hits, candidates, item_rows).items():
        scored[field] = _best_per_candidate(scored[field] + links)
    triple, consistent = _best_combination(scored)
    chosen = {field: AmountChoice(link, _confidence(link, consistent)) for field, link in triple.items()}
    if scored["amount_due"]:
        due = scored["amount_due"][0]
        agrees = "total" in chosen and chosen["total"].link.candidate.decimal == due.candidate.decimal
        chosen["amount_due"] = AmountChoice(due, _confidence(due, agrees))
    return {field: choice for field, choice in chosen.items() if choice.confidence >= 0.2}


def _scored_links(field, layout, hits, candidates, item_rows) -> list[Link]:
    links = links_for(field, ("amount",), layout, hits, candidates)
    if field == "total":
        # "Net à payer", "Amount due": what is to be paid is the total unless a total says otherwise.
        due = links_for("amount_due", ("amount",), layout, hits, candidates)
        links += [replace(link, field="total", score=link.score * _DUE_AS_TOTAL) for link in due]
    if field in ("total", "total_net", "amount_due"):
        links = [link for link in links if link.candidate.decimal != 0]
    # "Terms: Net 45", "Reglement: 60 jours net": a "net" inside payment terms labels no amount.
    links = [link for link in links if not _in_terms(link, hits)]
    largest = max((abs(link.candidate.decimal) for link in links), default=Decimal(1)) or Decimal(1)
    rescored = []
    for link in links:
        row = layout.rows[link.candidate.row]
        score = link.score * _reading(link.candidate) * _position_prior(layout, row)
        if row.number in item_rows:
            score *= _IN_ITEM_ROW
        if field == "total":
            score *= 0.85 + 0.15 * float(abs(link.candidate.decimal) / largest)
        rescored.append(replace(link, score=score))
    return rescored


def _in_terms(link: Link, hits: dict[int, list[LabelHit]]) -> bool:
    if link.label is None:
        return False
    return any(
        h.end <= link.label.start and h.quality("payment_terms") > 0 and not h.labels(link.field)
        for h in hits[link.label.row]
    )


def _reading(candidate: Candidate) -> float:
    return candidate.clean * candidate.confidence


def _position_prior(layout: Layout, row: Row) -> float:
    """Totals close an invoice: later on the last pages scores a little higher."""
    pages = len(layout.frames)
    position = (row.page - 1 + layout.relative_y(row)) / pages
    return 0.8 + 0.2 * position


def _best_per_candidate(links: list[Link]) -> list[Link]:
    best: dict[tuple[int, int], Link] = {}
    for link in links:
        key = (link.candidate.row, link.candidate.start)
        if key not in best or link.score > best[key].score:
            best[key] = link
    return sorted(best.values(), key=lambda link: -link.score)[:_KEEP]


def _row_sums(layout, hits, candidates, item_rows) -> dict[str, list[Link]]:
    """Rows whose consecutive amounts a, b, c satisfy a + b = c: net, tax and total side by side."""
    found: dict[str, list[Link]] = {field: [] for field in _TRIPLE}
    for row in layout.rows:
        amounts = [c for c in candidates[row.number] if c.kind == "amount"]
        labelled = any(h.quality("total") > 0 or h.quality("total_net") > 0 for h in hits[row.number])
        base = _ROW_SUM_LABELLED if labelled else _ROW_SUM_BARE
        if row.number in item_rows:
            base *= _IN_ITEM_ROW
        label = hits[row.number][0] if hits[row.number] else None
        for net, tax, total in zip(amounts, amounts[1:], amounts[2:], strict=False):
            if total.decimal != 0 and abs(net.decimal + tax.decimal - total.decimal) <= TOLERANCE:
                prior = _position_prior(layout, row)
                for field, candidate in zip(_TRIPLE, (net, tax, total), strict=True):
                    found[field].append(Link(field, candidate, label, base * prior * _reading(candidate)))
    return found


def _best_combination(scored: dict[str, list[Link]]) -> tuple[dict[str, Link], bool]:
    best: tuple[float, dict[str, Link], bool] = (0.0, {}, False)
    options = [[*scored[field], None] for field in _TRIPLE]
    for net, tax, total in itertools.product(*options):
        picked = {f: link for f, link in zip(_TRIPLE, (net, tax, total), strict=True) if link is not None}
        if not _plausible(picked):
            continue
        score = sum(link.score for link in picked.values())
        consistent = len(picked) == 3 and _adds_up(net, tax, total)
        if consistent:
            score += _CONSISTENT_BONUS
        elif len(picked) == 3:
            weakest = min(link.score for link in picked.values())
            score -= weakest if weakest < 0.7 else 0.5 * weakest
        if score > best[0]:
            best = (score, picked, consistent)
    return best[1], best[2]


def _plausible(picked: dict[str, Link]) -> bool:
    """One printed amount fills one field; tax and net are never larger than the total."""
    positions = [(link.candidate.row, link.candidate.start) for link in picked.values()]
    if len(set(positions)) != len(positions):
        return False
    total = picked.get("total")
    if total is None:
        return True
    return all(
        abs(picked[f].candidate.decimal) <= abs(total.candidate.decimal) for f in picked if f != "total"
    )


def _adds_up(net: Link, tax: Link, total: Link) -> bool:
    return abs(net.candidate.decimal + tax.candidate.decimal - total.candidate.decimal) <= TOLERANCE


def _confidence(link: Link, confirmed: bool) -> float:
    """An amount an arithmetic check confirms is nearly certain; one without it keeps its own score."""
    base = min(link.score, 1.0)
    return 1.0 - (1.0 - base) * 0.2 if confirmed else base * 0.9
