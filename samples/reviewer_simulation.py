"""How much the pipeline learns from reviewers' corrections (the vendor memory, extraction/memory.py).

For each train vendor the simulation makes a run of invoices in order (synthetic, from the generator;
`--kind mixed` makes the first a PDF and the later ones degraded scans, as when a vendor's first invoice
came by e-mail and the next ones by post). Each invoice is decided twice: without memory (the base) and
with the lessons learned so far. After each invoice a reviewer corrects every header field the memory
run got wrong, taking the value from the truth, and each correction becomes a lesson, with the same
replacement rule as the stored memory (models/memory.py): a newer lesson of a field replaces the older
ones of that field for the same vendor and layout; a correction that teaches nothing still forgets them.

The vendor's first invoice has nothing to learn from, so invoices 2..N are compared: header micro-F1,
documents with every scored header field right, auto-approved documents and wrong auto-approvals, the
per-field F1 changes, and how many recalled values (basis "memory") were right or wrong. Scoring is
samples/scoring.py's, as in `invoice-capture evaluate`.

    python -m samples.reviewer_simulation --vendors 100:160 --per-vendor 4 --kind pdf [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from capture.pipeline import Outcome, PipelineOptions, decide, read_document
from extraction.memory import (
    LAYOUT_MATCH,
    MEMORY_BASIS,
    Lesson,
    VendorKeys,
    first_page_fingerprint,
    layout_similarity,
    learn,
    vendor_keys,
)
from models.extraction import HEADER_FIELDS
from models.pagetext import PageText
from samples.generator import content
from samples.generator.generate import _one_page
from samples.generator.layouts import layout
from samples.generator.render_pdf import render_pdf
from samples.generator.scan import scan
from samples.generator.truth import build_truth
from samples.generator.vendors import Vendor, vendor
from samples.scoring import Counts, score_field

KINDS = ("pdf", "mixed")
DEFAULT_SEED = 20000
BASE, MEMORY = "base", "memory"


@dataclass(frozen=True)
class Invoice:
    """One simulated invoice as the pipeline reads it, and the truth of its header fields."""

    pages: list[PageText]
    truth: dict[str, str | None]


@dataclass
class RunTally:
    """What one way of deciding (with or without memory) got on the compared invoices."""

    fields: dict[str, Counts] = field(default_factory=dict)
    documents: int = 0
    all_right: int = 0
    auto_approved: int = 0
    wrong_auto_approved: int = 0

    def micro_f1(self) -> float:
        total = Counts()
        for counts in self.fields.values():
            total.add(counts)
        return total.f1

    def to_json(self) -> dict:
        return {
            "header_micro_f1": round(self.micro_f1(), 4),
            "documents": self.documents,
            "all_right": self.all_right,
            "auto_approved": self.auto_approved,
            "wrong_auto_approved": self.wrong_auto_approved,
            "fields": {
                name: {"tp": c.tp, "fp": c.fp, "fn": c.fn, "f1": round(c.f1, 4)}
                for name, c in sorted(self.fields.items())
            },
        }


@dataclass
class SimulationResult:
    kind: str
    vendors: list[int]
    per_vendor: int
    seed: int
    base: RunTally = field(default_factory=RunTally)
    memory: RunTally = field(default_factory=RunTally)
    recalled_right: Counter[str] = field(default_factory=Counter)
    recalled_wrong: Counter[str] = field(default_factory=Counter)
    corrections: int = 0  # header fields the reviewer corrected, on every invoice
    lessons_learned: int = 0

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "vendors": self.vendors,
            "per_vendor": self.per_vendor,
            "seed": self.seed,
            BASE: self.base.to_json(),
            MEMORY: self.memory.to_json(),
            "recalled_right": dict(sorted(self.recalled_right.items())),
            "recalled_wrong": dict(sorted(self.recalled_wrong.items())),
            "corrections": self.corrections,
            "lessons_learned": self.lessons_learned,
        }


class LessonStore:
    """Lessons in memory, answering as models.memory.StoredMemory does (a `LessonSource`): the lessons
    that may be the vendor's (any key equal), newest first."""

    def __init__(self, lessons: Iterable[Lesson] = ()):
        self._lessons: list[Lesson] = list(lessons)  # newest first

    def __len__(self) -> int:
        return len(self._lessons)

    def lessons_for(self, keys: VendorKeys) -> Sequence[Lesson]:
        return [lesson for lesson in self._lessons if _any_key_equal(lesson.vendor, keys)]

    def remember(
        self,
        name: str,
        value: str | None,
        pages: Sequence[PageText],
        final_values: Mapping[str, str | None],
        *,
        document_id: int,
    ) -> Lesson | None:
        """models.memory.remember_correction's rule: the correction forgets the older lessons of this
        field for the same vendor and layout, then adds its own if it teaches one. (Re-keying a
        document's earlier lessons after a vendor key is corrected is not needed here: the reviewer
        corrects all fields at once, so every lesson is learned with the final keys.)"""
        if not pages:
            return None
        keys = vendor_keys(final_values)
        layout_seen = first_page_fingerprint(pages)
        lesson = learn(name, value, pages, final_values, document_id=document_id)
        self._lessons = [
            old
            for old in self._lessons
            if not (
                old.field == name
                and old.vendor.same_vendor(keys, ignore=name)
                and layout_similarity(old.layout, layout_seen) >= LAYOUT_MATCH
            )
        ]
        if lesson is not None:
            self._lessons.insert(0, lesson)
        return lesson


def _any_key_equal(first: VendorKeys, second: VendorKeys) -> bool:
    pairs = ((first.vat, second.vat), (first.iban, second.iban), (first.name, second.name))
    return any(mine and mine == theirs for mine, theirs in pairs)


# --- invoices ------------------------------------------------------------------------------------------


def invoice_kind(kind: str, position: int) -> str:
    """What the invoice at this position of a vendor's run is: mixed runs start with a PDF."""
    return "scan" if kind == "mixed" and position > 0 else "pdf"


def make_invoice(seller: Vendor, position: int, kind: str, seed: int, options: PipelineOptions) -> Invoice:
    rng = random.Random(f"reviewer-simulation/{seed}/{seller.vendor_id}/{position}")
    composed = content.compose(seller, rng)
    if kind == "pdf":
        rendered = render_pdf(composed, layout(seller.layout_id))
        return Invoice(read_document(rendered.data, options), _header_truth("x.pdf", composed, rendered))
    # A scan is one image: the generator's own (private) helper shortens the invoice to one page, as
    # `generate_one` does for its scans; there is no public route for a given vendor.
    composed, rendered = _one_page(composed)
    scan_rng = random.Random(f"reviewer-simulation/scan/{seed}/{seller.vendor_id}/{position}")
    image = scan(
        rendered.data, rendered.key_boxes.get(1, []), seller.locale.language, composed.issue_date, scan_rng
    )
    return Invoice(read_document(image.data, options), _header_truth("x" + image.suffix, composed, rendered))


def _header_truth(name: str, composed: content.Invoice, rendered) -> dict[str, str | None]:
    return build_truth(name, composed, rendered, {})["fields"]


# --- scoring -------------------------------------------------------------------------------------------


def _value(outcome: Outcome, name: str) -> str | None:
    found = outcome.extraction.fields.get(name)
    return found.value if found is not None else None


def wrong_fields(outcome: Outcome, truth: Mapping[str, str | None]) -> list[str]:
    """The scored header fields the outcome got wrong (a wrong value, a miss or a value where none is)."""
    wrong = []
    for name in HEADER_FIELDS:
        counts = score_field(name, _value(outcome, name), truth)
        if counts is not None and (counts.fp or counts.fn):
            wrong.append(name)
    return wrong


def tally(run: RunTally, outcome: Outcome, truth: Mapping[str, str | None]) -> None:
    all_right = True
    for name in HEADER_FIELDS:
        counts = score_field(name, _value(outcome, name), truth)
        if counts is None:
            continue
        run.fields.setdefault(name, Counts()).add(counts)
        all_right = all_right and not (counts.fp or counts.fn)
    run.documents += 1
    run.all_right += all_right
    run.auto_approved += outcome.decision.auto_approve
    run.wrong_auto_approved += outcome.decision.auto_approve and not all_right


def count_recalls(result: SimulationResult, outcome: Outcome, truth: Mapping[str, str | None]) -> None:
    """Recalled values (basis "memory") that are right, and those that are not (also when the truth
    does not score the field: the memory then read something it should not have)."""
    for name, found in outcome.extraction.fields.items():
        if found.basis != MEMORY_BASIS:
            continue
        counts = score_field(name, found.value, truth)
        if counts is not None and counts.tp:
            result.recalled_right[name] += 1
        else:
            result.recalled_wrong[name] += 1


# --- the simulation ------------------------------------------------------------------------------------


def review(store: LessonStore, outcome: Outcome, invoice: Invoice, document_id: int) -> tuple[int, int]:
    """The reviewer corrects every wrong header field to the truth; returns (corrections, lessons)."""
    wrong = wrong_fields(outcome, invoice.truth)
    final = {name: invoice.truth.get(name, _value(outcome, name)) for name in HEADER_FIELDS}
    lessons = 0
    for name in wrong:
        lesson = store.remember(name, invoice.truth.get(name), invoice.pages, final, document_id=document_id)
        lessons += lesson is not None
    return len(wrong), lessons


def simulate_vendor(
    result: SimulationResult, vendor_index: int, options: PipelineOptions, store: LessonStore | None = None
) -> None:
    """One vendor's run of invoices, added to `result`; `store` may start with lessons (tests)."""
    seller = vendor("train", vendor_index)
    store = store if store is not None else LessonStore()
    for position in range(result.per_vendor):
        invoice = make_invoice(seller, position, invoice_kind(result.kind, position), result.seed, options)
        base = decide(invoice.pages, options)
        remembered = decide(invoice.pages, options, memory=store)
        if position > 0:  # the first invoice has nothing to learn from: both runs are the same
            tally(result.base, base, invoice.truth)
            tally(result.memory, remembered, invoice.truth)
            count_recalls(result, remembered, invoice.truth)
        corrections, lessons = review(store, remembered, invoice, vendor_index * 1000 + position)
        result.corrections += corrections
        result.lessons_learned += lessons


def simulate(
    vendor_indices: Sequence[int],
    *,
    per_vendor: int,
    kind: str,
    seed: int = DEFAULT_SEED,
    options: PipelineOptions | None = None,
    progress: Callable[[str], None] | None = None,
) -> SimulationResult:
    options = options or PipelineOptions()
    result = SimulationResult(kind=kind, vendors=list(vendor_indices), per_vendor=per_vendor, seed=seed)
    for done, vendor_index in enumerate(vendor_indices, start=1):
        simulate_vendor(result, vendor_index, options)
        if progress is not None:
            progress(
                f"vendor {vendor_index} ({done}/{len(vendor_indices)}): header micro-F1 so far "
                f"{result.base.micro_f1():.4f} -> {result.memory.micro_f1():.4f}, "
                f"{result.lessons_learned} lessons"
            )
    return result


# --- the report ----------------------------------------------------------------------------------------


def _run_line(label: str, run: RunTally) -> str:
    return (
        f"  {label:<8} header micro-F1 {run.micro_f1():.4f}   all fields right "
        f"{run.all_right}/{run.documents}   auto-approved {run.auto_approved}   "
        f"wrong auto-approvals {run.wrong_auto_approved}"
    )


def format_report(result: SimulationResult) -> str:
    first, last = min(result.vendors, default=0), max(result.vendors, default=0)
    lines = [
        f"Reviewer simulation: {len(result.vendors)} train vendors ({first}..{last}), "
        f"{result.per_vendor} invoices each, kind {result.kind}, seed {result.seed}",
        f"Compared: invoices 2..{result.per_vendor} of each vendor ({result.base.documents} documents)",
        _run_line(BASE, result.base),
        _run_line(MEMORY, result.memory),
        f"  reviewer corrections {result.corrections} (on all invoices), "
        f"lessons learned {result.lessons_learned}",
        "Per field F1 where it changed (base -> memory):",
    ]
    changed = False
    for name in HEADER_FIELDS:
        base, memory = result.base.fields.get(name), result.memory.fields.get(name)
        if base is None or memory is None or (base.tp, base.fp, base.fn) == (memory.tp, memory.fp, memory.fn):
            continue
        changed = True
        lines.append(
            f"  {name:<16} {base.f1:.3f} -> {memory.f1:.3f}   "
            f"(fp {base.fp}->{memory.fp}, fn {base.fn}->{memory.fn})"
        )
    if not changed:
        lines.append("  (none)")
    lines.append("Recalled values (right / wrong):")
    recalled = sorted(set(result.recalled_right) | set(result.recalled_wrong))
    for name in recalled:
        lines.append(f"  {name:<16} {result.recalled_right[name]:>4} / {result.recalled_wrong[name]}")
    if not recalled:
        lines.append("  (none)")
    return "\n".join(lines)


def parse_vendors(text: str) -> list[int]:
    """`FIRST:END` (END excluded) or one index."""
    first, _, end = text.partition(":")
    return list(range(int(first), int(end))) if end else [int(first)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m samples.reviewer_simulation", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--vendors", type=parse_vendors, default=parse_vendors("100:160"), help="train vendors FIRST:END"
    )
    parser.add_argument("--per-vendor", type=int, default=4, help="invoices per vendor (at least 2)")
    parser.add_argument("--kind", choices=KINDS, default="pdf")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--json", type=Path, help="also write the result as JSON here")
    args = parser.parse_args(argv)
    if args.per_vendor < 2:
        parser.error("--per-vendor must be at least 2: the first invoice is only learned from")
    result = simulate(
        args.vendors,
        per_vendor=args.per_vendor,
        kind=args.kind,
        seed=args.seed,
        progress=lambda line: print(line, file=sys.stderr, flush=True),
    )
    print(format_report(result))
    if args.json:
        args.json.write_text(json.dumps(result.to_json(), indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
