"""`invoice-capture evaluate DIR`: run extraction on every document that has a
`.truth.json` beside it and score the results by the rules of `fields.md`."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from capture.errors import CaptureError
from samples.scoring import DocumentScore, Summary, field_matches, score_document

DOCUMENT_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


@dataclass(frozen=True)
class Case:
    document: Path
    truth_path: Path

    @property
    def kind(self) -> str:
        """pdf, scan or photo: from the generator's meta, else from the file type."""
        truth = json.loads(self.truth_path.read_text(encoding="utf-8"))
        kind = truth.get("meta", {}).get("kind")
        if kind:
            return kind
        return "pdf" if self.document.suffix.lower() == ".pdf" else "scan"


def find_cases(directory: Path) -> list[Case]:
    cases = []
    for truth_path in sorted(directory.rglob("*.truth.json")):
        stem = truth_path.name[: -len(".truth.json")]
        documents = [truth_path.with_name(stem + suffix) for suffix in DOCUMENT_SUFFIXES]
        document = next((d for d in documents if d.exists()), None)
        if document is not None:
            cases.append(Case(document, truth_path))
    return cases


def run_case(case: Case, options, cache_dir: Path | None = None) -> dict:
    """Extract one document (in a pool process); a document that cannot be read scores as empty."""
    from capture.pipeline import decide, outcome_to_json, read_document
    from samples.page_cache import read_document_cached

    data = case.document.read_bytes()
    try:
        pages = read_document_cached(data, options, cache_dir) if cache_dir else read_document(data, options)
        return outcome_to_json(decide(pages, options), document=case.document.name)
    except CaptureError as error:
        return {"document": case.document.name, "fields": {}, "lines": [], "error": error.message}


def run_all(
    cases: list[Case], options, *, workers: int, progress: bool = True, cache_dir: Path | None = None
) -> Iterator[tuple[Case, dict]]:
    if workers == 1:
        for case in tqdm(cases, disable=not progress, unit="doc", desc="evaluate"):
            yield case, run_case(case, options, cache_dir)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = pool.map(run_case, cases, [options] * len(cases), [cache_dir] * len(cases))
        yield from tqdm(zip(cases, results, strict=True), total=len(cases), disable=not progress, unit="doc")


# Confidence buckets of the calibration table: is a field with confidence >= 0.9 right 99% of the time?
BUCKETS: tuple[float, ...] = (0.5, 0.8, 0.9, 0.95)
SURE = 0.9  # the routing threshold the table is read against


def bucket_name(confidence: float) -> str:
    lower = max((edge for edge in BUCKETS if confidence >= edge), default=0.0)
    upper = next((edge for edge in BUCKETS if confidence < edge), None)
    return f"[{lower:.2f},{upper:.2f})" if upper is not None else f"[{lower:.2f},1.00]"


@dataclass
class CalibrationTable:
    """Extracted header fields by confidence bucket: how many, and how many right; overall and per field."""

    counts: dict[str, dict[str, list[int]]] = field(
        default_factory=dict
    )  # field|"all" -> bucket -> [n, right]

    def add(self, result: dict, truth: dict) -> None:
        confidences = result.get("confidence", {})
        for name, value in result.get("fields", {}).items():
            if value is None or name not in truth.get("fields", {}) or name not in confidences:
                continue
            right = field_matches(name, value, truth["fields"][name])
            for key in ("all", name):
                cell = self.counts.setdefault(key, {}).setdefault(bucket_name(confidences[name]), [0, 0])
                cell[0], cell[1] = cell[0] + 1, cell[1] + right

    def to_json(self) -> dict:
        return {
            key: {b: {"count": n, "share_right": right / n} for b, (n, right) in sorted(buckets.items())}
            for key, buckets in sorted(self.counts.items())
        }


def format_calibration(table: CalibrationTable) -> list[str]:
    names = [bucket_name(edge) for edge in (0.0, *BUCKETS)]
    rows = [f"{'confidence':<16} " + " ".join(f"{n:>15}" for n in names), "(count / share right)"]
    for key in ["all", *sorted(k for k in table.counts if k != "all")]:
        cells = [table.counts.get(key, {}).get(n) for n in names]
        rows.append(
            f"{key:<16} " + " ".join(f"{c[0]:>7d} {c[1] / c[0]:7.3f}" if c else f"{'':>15}" for c in cells)
        )
    lowers = (0.0, *BUCKETS)
    sure = [
        table.counts.get("all", {}).get(n) for n, lower in zip(names, lowers, strict=True) if lower >= SURE
    ]
    count, right = sum(c[0] for c in sure if c), sum(c[1] for c in sure if c)
    if count:
        rows.append(f"at confidence >= {SURE:.2f}: {count} fields, {right / count:.4f} right (target 0.99)")
    return rows


@dataclass
class Evaluation:
    overall: Summary
    by_kind: dict[str, Summary]
    documents: list[dict]  # per document: name, kind, wrong fields, line counts, error
    calibration: CalibrationTable = field(default_factory=CalibrationTable)

    def to_json(self) -> dict:
        return {
            "overall": self.overall.to_json(),
            "by_kind": {kind: summary.to_json() for kind, summary in sorted(self.by_kind.items())},
            "calibration": self.calibration.to_json(),
            "documents": self.documents,
        }


def evaluate(
    cases: list[Case], options, *, workers: int, progress: bool = True, cache_dir: Path | None = None
) -> Evaluation:
    overall, by_kind, documents, table = Summary(), {}, [], CalibrationTable()
    for case, result in run_all(cases, options, workers=workers, progress=progress, cache_dir=cache_dir):
        truth = json.loads(case.truth_path.read_text(encoding="utf-8"))
        score = score_document(result, truth)
        overall.add(score)
        by_kind.setdefault(case.kind, Summary()).add(score)
        documents.append(_document_row(case, score, result, truth))
        table.add(result, truth)
    return Evaluation(overall, by_kind, documents, table)


def _document_row(case: Case, score: DocumentScore, result: dict, truth: dict) -> dict:
    return {
        "document": case.document.name,
        "kind": case.kind,
        "wrong": {
            name: {"predicted": result.get("fields", {}).get(name), "truth": truth["fields"].get(name)}
            for name in score.wrong_fields
        },
        "lines": None
        if score.lines is None
        else {"tp": score.lines.tp, "fp": score.lines.fp, "fn": score.lines.fn},
        "auto_approved": score.auto_approved,
        "error": result.get("error"),
    }


def format_report(evaluation: Evaluation, *, against: dict | None = None) -> str:
    overall = evaluation.overall
    out = [f"documents: {overall.documents}", ""]
    header = f"{'field':<16} {'P':>6} {'R':>6} {'F1':>6}   {'tp':>5} {'fp':>5} {'fn':>5}"
    out.append(header + ("   ΔF1 vs earlier" if against else ""))
    out.append("-" * len(header))
    earlier = (against or {}).get("overall", {}).get("fields", {})
    for name, counts in sorted(overall.per_field.items()):
        line = f"{name:<16} {counts.precision:6.3f} {counts.recall:6.3f} {counts.f1:6.3f}   "
        line += f"{counts.tp:5d} {counts.fp:5d} {counts.fn:5d}"
        if name in earlier:
            line += f"   {counts.f1 - earlier[name]['f1']:+.3f}"
        out.append(line)
    out.append("")
    out += _headline_rows(evaluation, against)
    out += _wrong_approval_rows(evaluation)
    out += ["", *format_calibration(evaluation.calibration)]
    return "\n".join(out)


def _wrong_approval_rows(evaluation: Evaluation) -> list[str]:
    """Each auto-approved document with a wrong header field: what was extracted and what is true."""
    wrong = [d for d in evaluation.documents if d["auto_approved"] and d["wrong"]]
    rows = ["", "wrong auto-approvals:" if wrong else "wrong auto-approvals: none"]
    for document in wrong:
        for name, values in document["wrong"].items():
            rows.append(
                f"  {document['document']} {name}: {values['predicted']!r} (truth {values['truth']!r})"
            )
    return rows


def _headline_rows(evaluation: Evaluation, against: dict | None) -> list[str]:
    columns = f"{'set':<10} {'docs':>5} {'header F1':>10} {'all right':>10} {'line F1':>8} {'STP':>6}"
    rows = [columns + f" {'wrong auto':>11}"]
    groups = [("all", evaluation.overall), *sorted(evaluation.by_kind.items())]
    for name, s in groups:
        rows.append(
            f"{name:<10} {s.documents:5d} {s.header.f1:10.3f} {s.share_all_right:10.3f} {s.lines.f1:8.3f} "
            f"{s.straight_through_rate:6.3f} {s.wrong_auto_approved:5d} ({s.wrong_auto_approval_rate:.3f})"
        )
    if against:
        before = against["overall"]
        now = evaluation.overall
        rows.append(
            f"{'Δ earlier':<10} {'':5} {now.header.f1 - before['header_micro_f1']:+10.3f} "
            f"{now.share_all_right - before['share_all_header_right']:+10.3f} "
            f"{now.lines.f1 - before['line_f1']:+8.3f} "
            f"{now.straight_through_rate - before['straight_through_rate']:+6.3f}"
        )
    rows.append("STP = share auto-approved; wrong auto = auto-approved documents with any wrong header field")
    return rows


def main(args) -> int:
    from capture.pipeline import PipelineOptions
    from capture.settings import load_settings

    directory = Path(args.directory)
    cases = find_cases(directory)
    if not cases:
        print(f"no documents with a .truth.json found under {directory}", file=sys.stderr)
        return 2
    options = PipelineOptions.from_settings(load_settings())
    workers = args.workers or os.cpu_count() or 1
    cache_dir = Path(args.read_cache) if args.read_cache else None
    evaluation = evaluate(cases, options, workers=workers, progress=not args.quiet, cache_dir=cache_dir)
    against = json.loads(Path(args.against).read_text()) if args.against else None
    numbers = json.dumps(evaluation.to_json(), indent=2, ensure_ascii=False) + "\n"
    if args.json == "-":
        sys.stdout.write(numbers)
        return 0
    print(format_report(evaluation, against=against))
    if args.json:
        Path(args.json).write_text(numbers, encoding="utf-8")
        print(f"numbers written to {args.json}", file=sys.stderr)
    return 0
