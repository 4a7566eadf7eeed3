"""The stage list, in process: read every page, then extract → validate → route.

`invoice-capture extract`, the tests and the RQ job (`capture.jobs`) all run these
same functions; only the job adds persistence around them."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from capture.document_file import SourceDocument, open_document
from capture.reading import ReadPage, read_page
from extraction import extract_fields, route, validate
from extraction.calibration import Calibration, calibrate, load_calibration
from extraction.memory import LessonSource, Recall, apply_recalls, extraction_keys, recall
from extraction.validate import apply_findings
from models.extraction import Extraction, Finding, RoutingDecision, extraction_to_json
from models.pagetext import PageText

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PipelineOptions:
    languages: str = "eng+deu+fra"
    dpi: int = 300
    confidence_threshold: float = 0.90
    max_pages: int = 200
    max_image_pixels: int = 12000
    ocr_timeout_seconds: float = 120

    @classmethod
    def from_settings(cls, settings) -> PipelineOptions:
        return cls(
            languages=settings.ocr_languages,
            confidence_threshold=settings.confidence_threshold,
            max_pages=settings.max_pages,
            max_image_pixels=settings.max_image_pixels,
            ocr_timeout_seconds=settings.ocr_timeout_seconds,
        )


@dataclass(frozen=True)
class TimedPage:
    page: ReadPage
    seconds: float


@dataclass(frozen=True)
class Outcome:
    extraction: Extraction
    findings: tuple[Finding, ...]
    decision: RoutingDecision


def open_source(data: bytes, options: PipelineOptions) -> SourceDocument:
    return open_document(data, max_pages=options.max_pages, max_image_pixels=options.max_image_pixels)


def read_pages(
    source: SourceDocument, options: PipelineOptions, *, skip: frozenset[int] = frozenset()
) -> Iterator[TimedPage]:
    """Read each page not in `skip` (pages an earlier, interrupted run already stored)."""
    for number in range(1, source.page_count + 1):
        if number in skip:
            continue
        started = time.perf_counter()
        page = read_page(
            source,
            number,
            languages=options.languages,
            dpi=options.dpi,
            ocr_timeout_s=options.ocr_timeout_seconds,
        )
        yield TimedPage(page, time.perf_counter() - started)


@functools.cache
def _calibration() -> Calibration | None:
    return load_calibration()


def decide(
    pages: Sequence[PageText], options: PipelineOptions, memory: LessonSource | None = None
) -> Outcome:
    # Calibrate first: validation and routing compare confidences against a threshold that must mean
    # "right this often", which the extractor's raw scores do not.
    extraction = calibrate(extract_fields(pages), _calibration())
    # Reviewers' corrections of this vendor's layout come next, so the checks still judge what they recall.
    recalls = _recall(extraction, pages, memory)
    extraction = apply_recalls(extraction, recalls)
    findings = validate(extraction, pages)
    extraction = apply_findings(extraction, findings)
    decision = route(extraction, findings, threshold=options.confidence_threshold)
    if recalls and not decision.auto_approve:
        notes = tuple(r.note() for r in recalls)
        decision = RoutingDecision(auto_approve=False, reasons=decision.reasons + notes)
    return Outcome(extraction, findings, decision)


def _recall(
    extraction: Extraction, pages: Sequence[PageText], memory: LessonSource | None
) -> tuple[Recall, ...]:
    if memory is None:
        return ()
    keys = extraction_keys(extraction)
    if keys.is_empty():
        return ()
    try:
        return recall(extraction, pages, memory.lessons_for(keys))
    except Exception:  # the memory only adds to the extractor: without it the document is still processed
        log.exception("recalling reviewers' corrections failed; extracting without them")
        return ()


def read_document(data: bytes, options: PipelineOptions) -> list[PageText]:
    """The words of every page of one file, in memory."""
    with open_source(data, options) as source:
        return [timed.page.text for timed in read_pages(source, options)]


def process_bytes(data: bytes, options: PipelineOptions) -> tuple[Outcome, list[PageText]]:
    """The whole pipeline for one file, in memory."""
    pages = read_document(data, options)
    return decide(pages, options), pages


def outcome_to_json(outcome: Outcome, *, document: str) -> dict:
    return extraction_to_json(
        outcome.extraction, document=document, findings=outcome.findings, decision=outcome.decision
    )
