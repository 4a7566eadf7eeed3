"""The public entry points: one invoice in memory, or a set written to disk in parallel."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import content
from .layouts import layout
from .photo import photo
from .render_pdf import RenderedPdf, render_pdf
from .scan import Raster, scan
from .truth import build_truth
from .vendors import VENDORS_PER_SPLIT, vendor

KINDS = ("pdf", "scan", "photo")
_MIXED_WEIGHTS = (50, 38, 12)  # born-digital, scanned, photographed: roughly what an AP inbox sees
_SCAN_MAX_LINES = 25  # a scan is one image, so its invoice must fit on one page


@dataclass(frozen=True)
class GeneratedInvoice:
    name: str  # file stem: the document is name + suffix, its truth name + ".truth.json"
    data: bytes
    suffix: str  # .pdf | .png | .jpg
    truth: dict

    @property
    def filename(self) -> str:
        return self.name + self.suffix


def _check_args(split: str, kind: str) -> None:
    if split not in VENDORS_PER_SPLIT:
        raise ValueError(f"split must be one of {sorted(VENDORS_PER_SPLIT)}, not {split!r}")
    if kind not in (*KINDS, "mixed"):
        raise ValueError(f"kind must be one of {[*KINDS, 'mixed']}, not {kind!r}")


def _resolve_kind(seed: int, split: str, kind: str) -> str:
    if kind != "mixed":
        return kind
    return random.Random(f"kind/{split}/{seed}").choices(KINDS, weights=_MIXED_WEIGHTS)[0]


def _one_page(invoice: content.Invoice) -> tuple[content.Invoice, RenderedPdf]:
    """Drop trailing lines until the invoice fits one page (scans and photos are single images)."""
    lay = layout(invoice.vendor.layout_id)
    invoice = content.shortened(invoice, min(len(invoice.lines), _SCAN_MAX_LINES))
    rendered = render_pdf(invoice, lay)
    while rendered.pages > 1 and len(invoice.lines) > 1:
        invoice = content.shortened(invoice, len(invoice.lines) - 1)
        rendered = render_pdf(invoice, lay)
    return invoice, rendered


def generate_one(seed: int, *, split: str = "train", kind: str = "pdf") -> GeneratedInvoice:
    """One synthetic invoice, fully determined by (seed, split, kind)."""
    _check_args(split, kind)
    kind = _resolve_kind(seed, split, kind)
    # The invoice content depends on seed and split only, so the scan of seed s shows the
    # same invoice as the PDF of seed s (shortened to one page if need be).
    rng = random.Random(f"invoice/{split}/{seed}")
    seller = vendor(split, rng.randrange(VENDORS_PER_SPLIT[split]))
    invoice = content.compose(seller, rng)
    name = f"syn-{split}-{seed}-{kind}"
    meta = {
        "generator": 1, "seed": seed, "split": split, "kind": kind, "vendor_id": seller.vendor_id,
        "layout_id": seller.layout_id, "layout": layout(seller.layout_id).name, "locale": seller.locale.code,
    }  # fmt: skip
    if kind == "pdf":
        rendered = render_pdf(invoice, layout(seller.layout_id))
        meta |= {"pages": rendered.pages, "page_size_pt": list(rendered.page_size), "degradations": []}
        return GeneratedInvoice(
            name, rendered.data, ".pdf", build_truth(name + ".pdf", invoice, rendered, meta)
        )
    invoice, rendered = _one_page(invoice)
    degrade = scan if kind == "scan" else photo
    image_rng = random.Random(f"{kind}/{split}/{seed}")
    image = degrade(
        rendered.data, rendered.key_boxes.get(1, []), seller.locale.language, invoice.issue_date, image_rng
    )
    meta |= _image_meta(rendered, image)
    return GeneratedInvoice(
        name, image.data, image.suffix, build_truth(name + image.suffix, invoice, rendered, meta)
    )


def _image_meta(rendered: RenderedPdf, image: Raster) -> dict:
    return {
        "pages": 1,
        "page_size_pt": list(rendered.page_size),
        "dpi": image.dpi,
        "image_size": list(image.size),
        "degradations": list(image.degradations),
    }


def write(invoice: GeneratedInvoice, out_dir: Path) -> Path:
    document = out_dir / invoice.filename
    document.write_bytes(invoice.data)
    truth = json.dumps(invoice.truth, ensure_ascii=False, indent=1, sort_keys=False)
    (out_dir / f"{invoice.name}.truth.json").write_text(truth + "\n", encoding="utf-8")
    return document


def _generate_and_write(job: tuple[str, int, str, str]) -> str:
    out_dir, seed, split, kind = job
    return str(write(generate_one(seed, split=split, kind=kind), Path(out_dir)))


def document_seeds(seed: int, count: int) -> list[int]:
    """Per-document seeds of a set: distinct within the set and stable for a given set seed."""
    return [seed * 1_000_000 + index for index in range(count)]


def generate_set(out_dir: Path, *, count: int, seed: int, split: str = "train", kind: str = "mixed",
                 workers: int | None = None, progress: bool = False) -> list[Path]:  # fmt: skip
    """Writes `count` documents and their NAME.truth.json into out_dir; returns the document paths
    in index order. The same arguments always produce the same files, whatever `workers` is."""
    _check_args(split, kind)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = [(str(out_dir), s, split, kind) for s in document_seeds(seed, count)]
    workers = workers or os.cpu_count() or 1
    if workers == 1 or count <= 1:
        results = map(_generate_and_write, jobs)
        return [Path(p) for p in _progress(results, count, progress)]
    # spawn, not fork: pdfium and tqdm's monitor thread do not survive a fork reliably.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(workers, count), mp_context=context) as pool:
        results = pool.map(_generate_and_write, jobs, chunksize=max(1, min(8, count // (workers * 4))))
        return [Path(p) for p in _progress(results, count, progress)]


def _progress(results, count: int, enabled: bool):
    if not enabled:
        return list(results)
    from tqdm import tqdm

    return list(tqdm(results, total=count, unit="doc", desc="generating invoices"))
