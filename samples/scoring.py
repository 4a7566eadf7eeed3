"""Scoring a result against ground truth, exactly by the rules of `fields.md`.

- A field missing from the truth's `fields` is not scored; a field whose truth is null
  must not be extracted (a value there is a false positive).
- Dates and decimals compare by value; identifiers after removing white space and
  case-folding; names and addresses after case-folding, removing punctuation and
  collapsing white space, and a name also counts at token-set similarity ≥ 0.9.
- Lines: a predicted line matches a true line when amount and quantity are equal and
  the descriptions are similar (token-set ≥ 0.8).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from rapidfuzz import fuzz

from models.extraction import HEADER_FIELDS

DATE_FIELDS = frozenset({"issue_date", "due_date"})
DECIMAL_FIELDS = frozenset({"total_net", "total_tax", "total", "amount_due"})
NAME_FIELDS = frozenset({"vendor_name", "buyer_name"})
TEXT_FIELDS = frozenset({"vendor_address", "payment_terms"})  # compared like names, without fuzziness
# Everything else in the header is an identifier or a code: document_type, invoice_number,
# currency, purchase_order, VAT and tax ids, IBAN, BIC.
NAME_SIMILARITY = 90.0
DESCRIPTION_SIMILARITY = 80.0


def normalise_identifier(value: str) -> str:
    return "".join(value.split()).casefold()


def normalise_text(value: str) -> str:
    folded = unicodedata.normalize("NFKC", value).casefold()
    without_punctuation = "".join(" " if unicodedata.category(ch).startswith("P") else ch for ch in folded)
    return " ".join(without_punctuation.split())


def as_decimal(value: object) -> Decimal | None:
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None


def as_date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def token_set_similarity(a: str, b: str) -> float:
    return fuzz.token_set_ratio(normalise_text(a), normalise_text(b))


def field_matches(name: str, predicted: object, truth: object) -> bool:
    """Whether a predicted header value counts as the true one under the field's rule."""
    if predicted is None or truth is None:
        return predicted is None and truth is None
    if name in DATE_FIELDS:
        return as_date(predicted) is not None and as_date(predicted) == as_date(truth)
    if name in DECIMAL_FIELDS:
        return as_decimal(predicted) is not None and as_decimal(predicted) == as_decimal(truth)
    if name in NAME_FIELDS:
        p, t = normalise_text(str(predicted)), normalise_text(str(truth))
        return p == t or token_set_similarity(p, t) >= NAME_SIMILARITY
    if name in TEXT_FIELDS:
        return normalise_text(str(predicted)) == normalise_text(str(truth))
    return normalise_identifier(str(predicted)) == normalise_identifier(str(truth))


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_field(name: str, predicted: object, truth_fields: Mapping[str, object]) -> Counts | None:
    """TP/FP/FN of one field on one document; None when the truth does not score it."""
    if name not in truth_fields:
        return None
    truth = truth_fields[name]
    predicted = None if predicted in (None, "") else predicted
    if truth is None:
        return Counts(fp=1 if predicted is not None else 0)
    if predicted is None:
        return Counts(fn=1)
    if field_matches(name, predicted, truth):
        return Counts(tp=1)
    return Counts(fp=1, fn=1)  # a wrong value is both a false positive and a miss


def line_matches(predicted: Mapping[str, object], truth: Mapping[str, object]) -> bool:
    for key in ("amount", "quantity"):
        p, t = as_decimal(predicted.get(key)), as_decimal(truth.get(key))
        if p is None or t is None or p != t:
            return False
    return token_set_similarity(str(predicted.get("description", "")), str(truth.get("description", ""))) >= (
        DESCRIPTION_SIMILARITY
    )


def score_lines(predicted: Iterable[Mapping], truth: Iterable[Mapping]) -> Counts:
    """Greedy one-to-one matching in document order: each true line is used once."""
    remaining = list(truth)
    counts = Counts()
    for line in predicted:
        match = next((i for i, t in enumerate(remaining) if line_matches(line, t)), None)
        if match is None:
            counts.fp += 1
        else:
            counts.tp += 1
            remaining.pop(match)
    counts.fn += len(remaining)
    return counts


@dataclass
class DocumentScore:
    document: str
    fields: dict[str, Counts]
    wrong_fields: list[str]  # scored header fields not exactly right
    lines: Counts | None  # None when the truth has no `lines`
    auto_approved: bool

    @property
    def all_header_right(self) -> bool:
        return not self.wrong_fields


def score_document(result: Mapping, truth: Mapping) -> DocumentScore:
    truth_fields = truth.get("fields", {})
    predicted = result.get("fields", {})
    fields: dict[str, Counts] = {}
    wrong = []
    for name in HEADER_FIELDS:
        counts = score_field(name, predicted.get(name), truth_fields)
        if counts is None:
            continue
        fields[name] = counts
        if counts.fp or counts.fn:
            wrong.append(name)
    lines = score_lines(result.get("lines", []), truth["lines"]) if "lines" in truth else None
    auto = bool(result.get("route", {}).get("auto_approve", False))
    return DocumentScore(truth.get("document", ""), fields, wrong, lines, auto)


@dataclass
class Summary:
    documents: int = 0
    per_field: dict[str, Counts] = field(default_factory=dict)
    header: Counts = field(default_factory=Counts)
    lines: Counts = field(default_factory=Counts)
    all_right: int = 0
    auto_approved: int = 0
    wrong_auto_approved: int = 0

    def add(self, score: DocumentScore) -> None:
        self.documents += 1
        for name, counts in score.fields.items():
            self.per_field.setdefault(name, Counts()).add(counts)
            self.header.add(counts)
        if score.lines is not None:
            self.lines.add(score.lines)
        self.all_right += score.all_header_right
        self.auto_approved += score.auto_approved
        self.wrong_auto_approved += score.auto_approved and not score.all_header_right

    @property
    def share_all_right(self) -> float:
        return self.all_right / self.documents if self.documents else 0.0

    @property
    def straight_through_rate(self) -> float:
        return self.auto_approved / self.documents if self.documents else 0.0

    @property
    def wrong_auto_approval_rate(self) -> float:
        """Share of auto-approved documents with any wrong header field (must be near zero)."""
        return self.wrong_auto_approved / self.auto_approved if self.auto_approved else 0.0

    def to_json(self) -> dict:
        def counts(c: Counts) -> dict:
            return {
                "tp": c.tp,
                "fp": c.fp,
                "fn": c.fn,
                "precision": c.precision,
                "recall": c.recall,
                "f1": c.f1,
            }

        return {
            "documents": self.documents,
            "header_micro_f1": self.header.f1,
            "header": counts(self.header),
            "share_all_header_right": self.share_all_right,
            "line_f1": self.lines.f1,
            "lines": counts(self.lines),
            "straight_through_rate": self.straight_through_rate,
            "auto_approved": self.auto_approved,
            "wrong_auto_approved": self.wrong_auto_approved,
            "wrong_auto_approval_rate": self.wrong_auto_approval_rate,
            "fields": {name: counts(c) for name, c in sorted(self.per_field.items())},
        }


def summarise(scores: Iterable[DocumentScore]) -> Summary:
    summary = Summary()
    for score in scores:
        summary.add(score)
    return summary
