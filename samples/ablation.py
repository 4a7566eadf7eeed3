"""What each cleanup step is worth: word accuracy and key-field recall with and without it.

    python -m samples.ablation DIR [--limit N]

DIR holds generated scans or photos with their truth files. The generator makes the same
invoice for a seed as PDF and as image, so the PDF's text layer is the reference for the
words OCR should find (bag-of-words recall, case-folded, edge punctuation stripped). Key-field
recall is the share of the truth's key header values the extractor gets right.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from capture.cleanup import DEFAULT_CLEANUP, CleanupOptions
from capture.document_file import open_document
from capture.pipeline import PipelineOptions, decide, outcome_to_json
from capture.reading import read_page
from models.pagetext import PageText
from samples.generator.generate import generate_one
from samples.scoring import field_matches

KEY_FIELDS = ("invoice_number", "issue_date", "due_date", "total_net", "total_tax", "total", "amount_due")

_EDGE_PUNCTUATION = ".,:;()[]{}'\"|!?*"


@dataclass(frozen=True)
class Variant:
    name: str
    cleanup: CleanupOptions


@dataclass(frozen=True)
class CaseResult:
    words_found: int
    words_expected: int
    fields_right: int
    fields_scored: int
    seconds: float


@dataclass(frozen=True)
class VariantRow:
    name: str
    word_accuracy: float
    key_field_recall: float
    seconds_per_page: float


def variants(default: CleanupOptions = DEFAULT_CLEANUP) -> list[Variant]:
    """The pipeline's defaults, then each optional step flipped on its own."""
    flips = [("perspective", not default.perspective), ("flatten_light", not default.flatten_light)]
    flips += [("sharpen", not default.sharpen)]
    flips += [("denoise", not default.denoise), ("binarise", not default.binarise)]
    flips += [("reread_missed", not default.reread_missed), ("guess_turn", not default.guess_turn)]
    rows = [Variant("defaults", default)]
    for step, value in flips:
        rows.append(
            Variant(f"{step} {'on' if value else 'off'}", dataclasses.replace(default, **{step: value}))
        )
    rows.append(Variant("photo at own dpi", dataclasses.replace(default, photo_dpi=None)))
    rows.append(Variant("photo upscale free", dataclasses.replace(default, photo_max_upscale=None)))
    rows.append(
        Variant(
            "all off",
            CleanupOptions(perspective=False, flatten_light=False, sharpen=False, reread_missed=False),
        )
    )
    return rows


def normalised_words(pages: Iterable[PageText]) -> Counter[str]:
    """The pages' words as a bag, case-folded, without punctuation at their edges."""
    words = (word.text.strip(_EDGE_PUNCTUATION).casefold() for page in pages for word in page.words)
    return Counter(word for word in words if word)


def word_recall(found: Counter[str], expected: Counter[str]) -> tuple[int, int]:
    """How many of the expected words (with repeats) were found, and how many were expected."""
    return sum((found & expected).values()), sum(expected.values())


def key_fields_right(result: dict, truth: dict) -> tuple[int, int]:
    """Right key header values and the number scored (truth values that are not null)."""
    scored = [name for name in KEY_FIELDS if truth["fields"].get(name) is not None]
    right = sum(field_matches(name, result["fields"].get(name), truth["fields"][name]) for name in scored)
    return right, len(scored)


def reference_words(truth: dict) -> Counter[str]:
    """The words of the born-digital twin's first page (scans and photos show one page)."""
    meta = truth["meta"]
    twin = generate_one(meta["seed"], split=meta["split"], kind="pdf")
    with open_document(twin.data) as source:
        return normalised_words([source.text_layer(1)])


def run_case(document: Path, truth: dict, expected: Counter[str], variant: Variant) -> CaseResult:
    options = PipelineOptions()
    started = time.perf_counter()
    with open_document(document.read_bytes()) as source:
        pages = [
            read_page(source, number, languages=options.languages, cleanup=variant.cleanup).text
            for number in range(1, source.page_count + 1)
        ]
    seconds = time.perf_counter() - started
    found, total = word_recall(normalised_words(pages), expected)
    result = outcome_to_json(decide(pages, options), document=document.name)
    right, scored = key_fields_right(result, truth)
    return CaseResult(found, total, right, scored, seconds)


def summarise(name: str, results: Sequence[CaseResult]) -> VariantRow:
    def share(part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    return VariantRow(
        name=name,
        word_accuracy=share(sum(r.words_found for r in results), sum(r.words_expected for r in results)),
        key_field_recall=share(sum(r.fields_right for r in results), sum(r.fields_scored for r in results)),
        seconds_per_page=sum(r.seconds for r in results) / max(1, len(results)),
    )


def format_table(rows: Sequence[VariantRow]) -> str:
    lines = [f"{'variant':<18} {'word acc':>9} {'key recall':>11} {'s/page':>7}", "-" * 48]
    lines += [
        f"{r.name:<18} {r.word_accuracy:>9.3f} {r.key_field_recall:>11.3f} {r.seconds_per_page:>7.2f}"
        for r in rows
    ]
    return "\n".join(lines)


def find_images(directory: Path, limit: int | None) -> list[tuple[Path, dict]]:
    """Image documents with a truth that names the generator seed, in name order."""
    cases = []
    for truth_path in sorted(directory.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        document = directory / truth["document"]
        if document.suffix.lower() != ".pdf" and "seed" in truth.get("meta", {}):
            cases.append((document, truth))
    return cases[:limit]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m samples.ablation", description=__doc__.split("\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="read at most this many documents")
    parser.add_argument("--only", nargs="*", default=None, help="variant names to run (default: all)")
    args = parser.parse_args(argv)
    cases = find_images(args.directory, args.limit)
    if not cases:
        print(f"no generated scans or photos with truth in {args.directory}", file=sys.stderr)
        return 1
    references = [reference_words(truth) for _, truth in cases]
    rows = []
    for variant in variants():
        if args.only and variant.name not in args.only:
            continue
        results = [
            run_case(doc, truth, ref, variant) for (doc, truth), ref in zip(cases, references, strict=True)
        ]
        rows.append(summarise(variant.name, results))
        print(format_table(rows[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    print(f"documents: {len(cases)}\n")
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
