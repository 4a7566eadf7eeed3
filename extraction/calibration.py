"""Calibrated confidence: map the extractor's raw score per field to the measured chance of being right.

The extractor's scores rank candidates well but are conservative and not comparable across fields. A
table fitted on the generator's train split (`python -m samples.calibrate DIR --out
extraction/calibration.json`) turns a raw score into the share of values with that score that were right,
per field and per source (text layer "pt" vs OCR "px", which fail very differently). Bins are smoothed
towards the group's own rate (so a bin with three right values does not jump to 1.0) and then made
monotone in the raw score (pool-adjacent-violators), so a higher raw score never means lower confidence.
"""

from __future__ import annotations

import bisect
import json
import logging
from collections.abc import Iterable
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


def group_of(name: str, found: FieldValue, language: str | None = None) -> str:
    """The most specific group a field is calibrated in: field, source, and the document's language
    (an extractor's mistakes cluster by language: a label phrase it cuts short in French only)."""
    unit = found.evidence.unit if found.evidence is not None else "none"
    # an address read as one line has usually lost its street or its town
    shape = "/one-line" if name in MULTI_LINE_FIELDS and "\n" not in found.value else ""
    return f"{name}{shape}|{unit}|{language or 'unknown'}"


def _parent(group: str) -> str:
    return group.rsplit("|", 1)[0]


def fit(observations: Iterable[Observation], edges: tuple[float, ...] = EDGES) -> Calibration:
    """A table per group and per parent group; each is smoothed towards the rate one level up."""
    seen = list(observations)
    overall = (sum(o.right for o in seen) + 1) / (len(seen) + 2)
    parents: dict[str, list[Observation]] = {}
    children: dict[str, list[Observation]] = {}
    for observation in seen:
        parents.setdefault(_parent(observation.group), []).append(observation)
        children.setdefault(observation.group, []).append(observation)
    groups = {g: _fit_group(obs, edges, overall) for g, obs in parents.items()}
    for group, obs in children.items():
        parent_rate = _rate(parents[_parent(group)], overall)
        groups[group] = _fit_group(obs, edges, parent_rate)
    return Calibration(edges, dict(sorted(groups.items())))


def _rate(observations: list[Observation], prior: float) -> float:
    right = sum(o.right for o in observations)
    return (right + GROUP_PRIOR_WEIGHT * prior) / (len(observations) + GROUP_PRIOR_WEIGHT)


def _fit_group(
    observations: list[Observation], edges: tuple[float, ...], overall: float
) -> tuple[float, ...]:
    right = sum(o.right for o in observations)
    group_rate = (right + GROUP_PRIOR_WEIGHT * overall) / (len(observations) + GROUP_PRIOR_WEIGHT)
    counts = [[0, 0] for _ in edges]  # per bin: right, total
    for o in observations:
        counts[min(bisect.bisect_left(edges, o.raw), len(edges) - 1)][0] += o.right
        counts[min(bisect.bisect_left(edges, o.raw), len(edges) - 1)][1] += 1
    rates = [(r + PRIOR_WEIGHT * group_rate) / (n + PRIOR_WEIGHT) for r, n in counts]
    return tuple(_monotone(rates, [n + PRIOR_WEIGHT for _, n in counts]))


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
        group = group_of(name, found, extraction.language)
        probability = calibration.probability(group, found.confidence)
        fields[name] = found if probability is None else replace(found, confidence=probability)
    return replace(extraction, fields=fields)
