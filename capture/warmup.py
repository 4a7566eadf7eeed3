"""Loading, in a worker before it takes any job, what the stages otherwise load on first use.

RQ forks a fresh work horse for every job, and a work horse forgets what it loaded. The stages
load their tables lazily (GeoNames towns, the bank registry, the NER model, the calibration, the
regular expressions), so without this every job paid for them again: 0.4 s on a born-digital
invoice, whose pages take 0.09 s to read and extract, and 1.4 s on a scan (measured with a job
forked from a worker that had only the NER model loaded). Running the real stages once on a
small built-in invoice loads exactly what they use, and the forks inherit it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from capture.errors import CaptureError
from capture.pipeline import PipelineOptions, decide
from capture.tesseract import available_languages
from models.pagetext import PageText, TextSource, Word

log = logging.getLogger(__name__)

# A short German invoice, made up here, with every kind of value the checks look at: vendor and
# buyer addresses with towns, a VAT id, dates, line items, totals with tax, and bank details.
_SAMPLE_INVOICE = (
    "Nordlicht Buerobedarf GmbH",
    "Hauptstraße 12",
    "01067 Dresden",
    "USt-IdNr. DE136695976",
    "",
    "Rechnung an:",
    "Beispiel Handel AG",
    "Ringstraße 3",
    "80331 München",
    "",
    "RECHNUNG",
    "Rechnungsnummer:  RE-2024-0042",
    "Rechnungsdatum:   15.03.2024",
    "Fällig am:        14.04.2024",
    "",
    "Pos  Beschreibung        Menge  Einzelpreis   Betrag",
    "1    Druckerpapier A4       10         4,50    45,00",
    "2    Toner schwarz           1        55,00    55,00",
    "",
    "                            Nettobetrag      100,00",
    "                            MwSt 19%          19,00",
    "                            Gesamtbetrag EUR 119,00",
    "",
    "IBAN DE89 3704 0044 0532 0130 00   BIC COBADEFFXXX",
)

# Where the sample's characters sit: a monospaced grid on an A4 page in 300-dpi pixels.
_CHAR_WIDTH_PX = 30.0
_LINE_HEIGHT_PX = 60.0
_MARGIN_PX = 200.0
_A4_PX = (2480.0, 3508.0)


def warm_up(options: PipelineOptions) -> float:
    """Run extraction, validation and routing once on the sample invoice, as OCR'd and as a
    text layer (the checks differ), and ask tesseract its languages. Returns the seconds it took.

    A failure is logged, not raised: a worker that could not warm up still processes documents,
    each of which then reports its own error."""
    started = time.perf_counter()
    try:
        for source in ("ocr", "text-layer"):
            decide([sample_page(source)], options)
    except Exception:
        log.exception("warming up the extraction stages failed; each job will load what it needs")
    try:
        available_languages()
    except CaptureError as error:  # told now, at start, rather than first by a failed scan
        log.warning("%s: scans and photos will fail until it is installed", error.message)
    return time.perf_counter() - started


def sample_page(source: TextSource) -> PageText:
    """The sample invoice as one page of words, each at its place on the character grid."""
    words = tuple(_grid_words(_SAMPLE_INVOICE))
    width, height = _A4_PX
    return PageText(
        page=1,
        width=width,
        height=height,
        unit="px",
        source=source,
        words=words,
        dpi=300.0 if source == "ocr" else None,
    )


def _grid_words(lines: Sequence[str]) -> list[Word]:
    words: list[Word] = []
    for row, line in enumerate(lines):
        top = _MARGIN_PX + row * _LINE_HEIGHT_PX
        column = 0
        for token in line.split(" "):
            if token:
                left = _MARGIN_PX + column * _CHAR_WIDTH_PX
                box = (left, top, left + len(token) * _CHAR_WIDTH_PX, top + _LINE_HEIGHT_PX * 0.6)
                words.append(Word(text=token, box=box, confidence=0.96, block=0, line=row))
            column += len(token) + 1
    return words
