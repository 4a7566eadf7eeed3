"""Calibrated confidence: map the extractor's raw score per field to the measured chance of being right.

The extractor's scores rank candidates well but are conservative and not comparable across fields. A
table fitted on the generator's train split (`python -m samples.calibrate DIR --out
extraction/calibration.json`) turns a raw score into the share of values with that score that were right,
per field and per source (text layer "pt" vs OCR "px", which fail very differently), and apart for a
value whose shape or basis fails differently (an address on one line, a date whose day and month could
be swapped, a name only the spaCy model voted for). Each bin is smoothed towards the lower of the group's
own rate and the bin's raw score, so a bin with three right values does not jump to 1.0 and a sparse bin
of low raw scores stays low; a group is smoothed towards the rate of its source (OCR fields never borrow
the text layer's accuracy). Then the table is made monotone in the raw score (pool-adjacent-violators),
so a higher raw score never means lower confidence.
"""

from __future__ import annotations

import bisect
import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from models.extraction import Extraction, FieldValue

log = logging.getLogger(__name__)

DEFAULT_PATH = Path(__file__).with_name("calibration.json")
# Upper edges of the raw-score bins; finer near the top, where routing decides.
EDGES: tuple[float, ...] = (0.3, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.96, 1.0)
PRIOR_WEIGHT = 4.0  # pseudo-observations at the group's rate: a sparse bin stays near its group
GROUP_PRIOR_WEIGHT = 10.0  # and a sparse group stays near its parent's rate (field and source only)
MULTI_LINE_FIELDS = frozenset({"vendor_address"})
DATE_FIELDS = frozenset({"issue_date", "due_date"})
IDENTIFIER_FIELDS = frozenset({"invoice_number", "purchase_order"})
SHORT_NUMBER_DIGITS = 5
# "06/02/2026": day and month both fit either place, so the document's date order decides the value.
# the reason extraction gives when an unambiguous date on the page settled the day/month order
EVIDENCED_DATE_ORDER = "unambiguous date"
# An address whose first word is in capitals ("KOMPAS", "KG", "GMBH"): the letters of a logo or the end of
# the company name, not a street (a street line may still be in capitals after a number: "12 HIGH ST").
_STRAY_LEAD = re.compile(r"^(?:[A-ZÄÖÜ]{2,}\.?|e\.K\.|[A-Z]\.[A-Z]\.)(?:\s|$)")
_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-]\d{2,4}\s*$")


@dataclass(frozen=True)
class Observation:
    """One extracted field of the fit set: its raw score, and whether it matched the truth."""

    group: str
    raw: float
    right: bool


@dataclass(frozen=True)
class Calibration:
    edges: tuple[float, ...]
    groups: dict[str, tuple[float, ...]]  # group -> calibrated probability per bin

    def probability(self, group: str, raw: float) -> float | None:
        """From the group's own table, else its parent's (a language the fit set did not have)."""
        table = self.groups.get(group, self.groups.get(_parent(group)))
        if table is None:
            return None
        return table[min(bisect.bisect_left(self.edges, raw), len(table) - 1)]

    def to_json(self) -> dict:
        return {
            "edges": list(self.edges),
            "groups": {g: [round(p, 4) for p in t] for g, t in self.groups.items()},
        }

    @classmethod
    def from_json(cls, data: dict) -> Calibration:
        return cls(tuple(data["edges"]), {g: tuple(t) for g, t in data["groups"].items()})


def group_of(
    name: str, found: FieldValue, language: str | None = None, hints: Mapping[str, str] | None = None
) -> str:
    """The most specific group a field is calibrated in: field, source, and the document's language
    (an extractor's mistakes cluster by language: a label phrase it cuts short in French only)."""
    unit = found.evidence.unit if found.evidence is not None else "none"
    # a value only the spaCy model spoke for, or recalled from a reviewer, is right at its own rate
    basis = f"/{found.basis}" if found.basis else ""
    return f"{name}{_shape(name, found, hints or {})}{basis}|{unit}|{language or 'unknown'}"


def _shape(name: str, found: FieldValue, hints: Mapping[str, str]) -> str:
    if name in MULTI_LINE_FIELDS and "\n" not in found.value:
        return "/one-line"  # an address read as one line has usually lost its street or its town
    if name in MULTI_LINE_FIELDS and _STRAY_LEAD.match(found.value):
        return "/stray-lead"  # "KOMPAS Marktplein 227", "KG\nHafenstraße 90a": a logo or a legal form
    if name in IDENTIFIER_FIELDS and found.value.isdigit() and len(found.value) <= SHORT_NUMBER_DIGITS:
        return "/short-number"  # "6811", "8020": as likely a house number or a customer number
    guessed_order = hints.get("date_order_reason") != EVIDENCED_DATE_ORDER
    if name in DATE_FIELDS and guessed_order and found.evidence and _ambiguous_date(found.evidence.text):
        return "/ambiguous"  # day and month could be swapped, and no other date on the page says which
    return ""


def _ambiguous_date(printed: str) -> bool:
    match = _NUMERIC_DATE.match(printed)
    if match is None:
        return False
    first, second = int(match.group(1)), int(match.group(2))
    return first != second and first <= 12 and second <= 12


def _parent(group: str) -> str:
    return group.rsplit("|", 1)[0]


def _source(group: str) -> str:
    return group.split("|")[1]


def fit(observations: Iterable[Observation], edges: tuple[float, ...] = EDGES) -> Calibration:
    """A table per parent group (field and source) and per group (and language).

    A parent's bin is smoothed towards the lower of the parent's rate (itself smoothed towards all fields
    of its source) and the bin's raw score. A group's bin is smoothed towards the parent's value for that
    bin, capped by the group's own rate: a language that goes wrong more often stays lower even where it
    has no data of its own."""
    seen = list(observations)
    by_source: dict[str, list[Observation]] = {}
    parents: dict[str, list[Observation]] = {}
    children: dict[str, list[Observation]] = {}
    for observation in seen:
        by_source.setdefault(_source(observation.group), []).append(observation)
        parents.setdefault(_parent(observation.group), []).append(observation)
        children.setdefault(observation.group, []).append(observation)
    source_rates = {s: (sum(o.right for o in obs) + 1) / (len(obs) + 2) for s, obs in by_source.items()}
    groups: dict[str, tuple[float, ...]] = {}
    for parent, obs in parents.items():
        rate = _rate(obs, source_rates[_source(parent)])
        groups[parent] = _fit_bins(_bin_counts(obs, edges), [min(rate, edge) for edge in edges])
    for group, obs in children.items():
        parent = _parent(group)
        if len(obs) == len(parents[parent]):
            groups[group] = groups[parent]  # the only language: smoothing again would count its data twice
            continue
        rate = _rate(obs, _rate(parents[parent], source_rates[_source(group)]))
        groups[group] = _fit_bins(_bin_counts(obs, edges), [min(rate, p) for p in groups[parent]])
    return Calibration(edges, dict(sorted(groups.items())))


def _rate(observations: list[Observation], prior: float) -> float:
    right = sum(o.right for o in observations)
    return (right + GROUP_PRIOR_WEIGHT * prior) / (len(observations) + GROUP_PRIOR_WEIGHT)


def _bin_counts(observations: list[Observation], edges: tuple[float, ...]) -> list[tuple[int, int]]:
    counts = [[0, 0] for _ in edges]  # per bin: right, total
    for o in observations:
        cell = counts[min(bisect.bisect_left(edges, o.raw), len(edges) - 1)]
        cell[0], cell[1] = cell[0] + o.right, cell[1] + 1
    return [(right, total) for right, total in counts]


def _fit_bins(counts: list[tuple[int, int]], priors: list[float]) -> tuple[float, ...]:
    """Each measured bin smoothed towards its prior, made monotone; the empty bins filled in after."""
    seen = [i for i, (_, n) in enumerate(counts) if n]
    if not seen:
        return tuple(priors)
    rates = [(counts[i][0] + PRIOR_WEIGHT * priors[i]) / (counts[i][1] + PRIOR_WEIGHT) for i in seen]
    fitted = dict(zip(seen, _monotone(rates, [counts[i][1] + PRIOR_WEIGHT for i in seen]), strict=True))
    return tuple(_fill_empty_bins(fitted, priors))


def _fill_empty_bins(fitted: dict[int, float], priors: list[float]) -> list[float]:
    """A bin without fit data takes the value of the nearest bin below that has some (never more than a
    value measured lower down); below the lowest measured bin, its prior, capped by that bin's value."""
    lowest = min(fitted)
    table: list[float] = []
    for index, prior in enumerate(priors):
        if index in fitted:
            table.append(fitted[index])
        elif index < lowest:
            table.append(min(prior, fitted[lowest]))
        else:
            table.append(table[-1])
    return table


def _monotone(values: list[float], weights: list[float]) -> list[float]:
    """Pool adjacent violators: the closest non-decreasing sequence, weighted by evidence."""
    blocks: list[list[float]] = []  # value, weight, size
    for value, weight in zip(values, weights, strict=True):
        blocks.append([value, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            v2, w2, s2 = blocks.pop()
            v1, w1, s1 = blocks.pop()
            blocks.append([(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, s1 + s2])
    return [value for value, _, size in blocks for _ in range(int(size))]


def load_calibration(path: Path = DEFAULT_PATH) -> Calibration | None:
    """The shipped table, or None (with a warning) when there is none: raw scores are conservative, so
    running without a table only sends more invoices to review; it never approves more."""
    try:
        return Calibration.from_json(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        log.warning("no calibration table at %s: using raw confidences (more invoices go to review)", path)
        return None


def calibrate(extraction: Extraction, calibration: Calibration | None) -> Extraction:
    """The same extraction with each field's confidence replaced by its calibrated probability."""
    if calibration is None:
        return extraction
    fields = {}
    for name, found in extraction.fields.items():
        group = group_of(name, found, extraction.language, extraction.locale_hints)
        probability = calibration.probability(group, found.confidence)
        fields[name] = found if probability is None else replace(found, confidence=probability)
    return replace(extraction, fields=fields)
