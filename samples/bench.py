"""`invoice-capture bench DIR`: how fast each stage is, per page, for born-digital and
scanned pages; bare tesseract on the same uncleaned page images as the reference (and, for a
phone photo, also on its flattened page); and documents per minute end to end
(inbox → watcher → Redis → RQ workers → routed)."""

from __future__ import annotations

import functools
import os
import resource
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

import cv2
from tqdm import tqdm

from capture.cleanup import clean_page
from capture.errors import CaptureError
from capture.pipeline import PipelineOptions, open_source
from capture.reading import cleaned_dpi, read_page
from capture.step_clock import StepClock
from extraction import extract_fields, route, validate
from extraction.calibration import Calibration, calibrate, load_calibration
from extraction.validate import apply_findings
from models.pagetext import PageText
from samples.evaluate import DOCUMENT_SUFFIXES

STAGES = ("cleanup", "read", "extract", "validate")
PAGE_KINDS = ("born-digital", "scanned", "photographed")
FLATTENED = "tesseract on the flattened page"


@dataclass
class PageTiming:
    kind: str  # born-digital | scanned | photographed (a scan whose cleanup flattened a photo)
    seconds: dict[str, float] = field(default_factory=dict)  # stage -> seconds for this page
    bare_tesseract: float | None = None
    bare_tesseract_peak_kb: int = 0
    # A photo's second reference: tesseract alone on the page as cleanup flattened it. Bare
    # tesseract on the raw photo finds about half the words, so that ratio mixes the pipeline's
    # overhead with the extra text a flattened page gives to read; this one is the overhead.
    flattened_tesseract: float | None = None

    @property
    def pipeline(self) -> float:
        return sum(self.seconds.values())


def find_documents(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.suffix.lower() in DOCUMENT_SUFFIXES and p.is_file())


def time_document(path: Path, options: PipelineOptions, work_dir: Path) -> list[PageTiming]:
    """Each stage of one document timed on its own; extract and validate are shared out per page.
    Extract and validate run as capture.pipeline.decide runs them: calibrated, with the pages checked."""
    timings, pages = [], []
    with open_source(path.read_bytes(), options) as source:
        for number in range(1, source.page_count + 1):
            timing, page_text = _time_page(source, number, options, work_dir)
            timings.append(timing)
            pages.append(page_text)
    calibration = _calibration()  # loaded once, as the pipeline does, so its file read is not timed
    started = time.perf_counter()
    extraction = calibrate(extract_fields(pages), calibration)
    extracted = time.perf_counter()
    # As capture.pipeline.decide (without reviewers' memory): the checks read the pages too.
    findings = validate(extraction, pages)
    route(apply_findings(extraction, findings), findings, threshold=options.confidence_threshold)
    validated = time.perf_counter()
    for timing in timings:
        timing.seconds["extract"] = (extracted - started) / len(timings)
        timing.seconds["validate"] = (validated - extracted) / len(timings)
    return timings


@functools.cache
def _calibration() -> Calibration | None:
    return load_calibration()


def _time_page(source, number: int, options: PipelineOptions, work_dir: Path) -> tuple[PageTiming, PageText]:
    """The pipeline's own read_page, its steps clocked; scanned pages also by bare tesseract, and
    photographed ones by bare tesseract on their flattened page too."""
    clock = StepClock()
    page = read_page(source, number, languages=options.languages, dpi=options.dpi, clock=clock)
    timing = PageTiming(_page_kind(page.text), {s: clock.seconds.get(s, 0.0) for s in STAGES[:2]})
    if page.text.source == "ocr":
        uncleaned = source.render(number, options.dpi, grayscale=True)
        timing.bare_tesseract, timing.bare_tesseract_peak_kb = bare_tesseract(uncleaned, options, work_dir)
        if timing.kind == "photographed":
            timing.flattened_tesseract = _flattened_tesseract(uncleaned, options, work_dir)
    return timing, page.text


def _flattened_tesseract(photo, options: PipelineOptions, work_dir: Path) -> float:
    """Seconds of bare tesseract on a photo's page flattened as the pipeline flattens it
    (the flattening itself not counted), told the page's true resolution as the pipeline tells it."""
    flattened = clean_page(photo, detect_orientation=False, min_orientation_confidence=0.0)
    dpi = round(cleaned_dpi(flattened, options.dpi))
    return bare_tesseract(flattened.image, options, work_dir, dpi=dpi)[0]


def _page_kind(text: PageText) -> str:
    if text.source != "ocr":
        return "born-digital"
    photographed = "perspective" in str(text.cleanup.get("steps", "")).split(",")
    return "photographed" if photographed else "scanned"


def bare_tesseract(
    image, options: PipelineOptions, work_dir: Path, *, dpi: int | None = None
) -> tuple[float, int]:
    """The reference: the tesseract binary alone on a page image (the uncleaned page, or a photo's
    flattened page with its own `dpi`), same languages and dpi otherwise, single-threaded as the
    pipeline runs it. Returns (seconds, peak resident kB)."""
    path = work_dir / "page.png"
    cv2.imwrite(str(path), image, [cv2.IMWRITE_PNG_COMPRESSION, 1])
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    dpi = dpi or options.dpi
    command = ["tesseract", str(path), "stdout", "-l", options.languages, "--dpi", str(dpi), "tsv"]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_kb = 0
    while process.poll() is None:
        peak_kb = max(peak_kb, _high_water_kb(process.pid))
        time.sleep(0.02)
    return time.perf_counter() - started, peak_kb


def _high_water_kb(pid: int) -> int:
    """The process's peak resident memory so far (Linux VmHWM), 0 once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    line = next((line for line in status.splitlines() if line.startswith("VmHWM:")), "VmHWM: 0 kB")
    return int(line.split()[1])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def stage_report(timings: list[PageTiming]) -> list[str]:
    rows = [f"{'pages':<13} {'stage':<10} {'median s':>9} {'p95 s':>8} {'pages/s':>8}"]
    for kind in PAGE_KINDS:
        group = [t for t in timings if t.kind == kind]
        if not group:
            continue
        for stage in (*STAGES, "pipeline"):
            values = [t.pipeline if stage == "pipeline" else t.seconds[stage] for t in group]
            mean = statistics.fmean(values)
            rate = f"{1 / mean:8.1f}" if stage == "pipeline" and mean > 0 else f"{'':8}"
            median, p95 = statistics.median(values), percentile(values, 0.95)
            rows.append(f"{kind:<13} {stage:<10} {median:9.3f} {p95:8.3f} {rate}")
        rows.append(f"{kind:<13} {'count':<10} {len(group):9d}")
    read_by_ocr = [t for t in timings if t.bare_tesseract is not None]
    if read_by_ocr:
        rows.append("")
        for kind in PAGE_KINDS[1:]:
            rows.extend(_ratio_row(f"{kind} pages", [t for t in read_by_ocr if t.kind == kind]))
        rows.extend(_ratio_row("all OCR'd pages", read_by_ocr))
        photos = [t for t in read_by_ocr if t.flattened_tesseract is not None]
        # What the pipeline adds to reading a photo, apart from the extra text flattening gives to read.
        rows.extend(_ratio_row("photographed pages", photos, attrgetter("flattened_tesseract"), FLATTENED))
    return rows


def _ratio_row(
    label: str,
    timings: list[PageTiming],
    reference: Callable[[PageTiming], float | None] = attrgetter("bare_tesseract"),
    reference_name: str = "bare tesseract",
) -> list[str]:
    """Pipeline time over the reference's time, summed over the pages (so long pages weigh more)."""
    if not timings:
        return []
    pipeline, against = sum(t.pipeline for t in timings), sum(reference(t) or 0.0 for t in timings)
    pages = len(timings)
    return [
        f"{label} ({pages}): pipeline {pipeline / pages:.3f} s/page, {reference_name} {against / pages:.3f} "
        f"s/page: pipeline time / {reference_name} time = {pipeline / against:.2f}"
    ]


def peak_memory_mb(timings: list[PageTiming]) -> tuple[float, float]:
    """Peak resident memory of this process and of the largest bare tesseract run, in MB.
    (RUSAGE_CHILDREN would not do: Linux carries the parent's peak across fork and exec.)"""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return own, max((t.bare_tesseract_peak_kb for t in timings), default=0) / 1024


def time_all(documents: list[Path], options: PipelineOptions, *, progress: bool) -> Iterator[PageTiming]:
    with tempfile.TemporaryDirectory(prefix="bench-") as work:
        for path in tqdm(documents, disable=not progress, unit="doc", desc="stages"):
            try:
                yield from time_document(path, options, Path(work))
            except CaptureError as error:
                tqdm.write(f"{path.name}: skipped ({error.message})")


def main(args) -> int:
    from capture.settings import load_settings
    from samples.throughput import throughput_report

    documents = find_documents(Path(args.directory))
    if args.limit:
        documents = documents[: args.limit]
    if not documents:
        print(f"no documents under {args.directory}")
        return 2
    options = PipelineOptions.from_settings(load_settings())
    print(f"bench on {len(documents)} documents from {args.directory}, {os.cpu_count()} cores")
    timings = list(time_all(documents, options, progress=not args.quiet))
    print("\n".join(stage_report(timings)))
    own, child = peak_memory_mb(timings)
    print(
        f"peak memory: {own:.0f} MB (pipeline process, tesseract aside), {child:.0f} MB (tesseract, one page)"
    )
    if not args.no_end_to_end:
        print()
        print("\n".join(throughput_report(documents, max_workers=args.workers, progress=not args.quiet)))
    return 0
