"""The shortcuts taken for speed give what the long way gives: text-layer characters as pdfplumber's
`page.chars`, a document's layout shared only for the very same page objects, a row's joinable
spans as the gaps say, and no bank or tax identifier lost to the digit pre-check."""

from __future__ import annotations

import dataclasses
import io
import itertools
import random

import pdfplumber
from reportlab.pdfgen import canvas

from capture.text_layer import _page_chars, read_text_layer
from extraction.candidates import _bank_and_tax_ids, _joinable
from extraction.layout import Row, Token, build_layout
from tests.extraction_fixtures import page
from tests.reading_fixtures import invoice_pdf

_WORD_SETTINGS = {"keep_blank_chars": False, "use_text_flow": False, "x_tolerance": 1.5}


def _awkward_pdf() -> bytes:
    """Text inside a form XObject (a container in pdfminer's layout), rotated text, and a MediaBox
    that does not start at the origin: each moves characters in its own way."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(400, 300))
    pdf.beginForm("stamp")
    pdf.drawString(20, 20, "Stamped 2026-03-04")
    pdf.endForm()
    pdf.drawString(50, 250, "Invoice number: INV-77")
    pdf.doForm("stamp")
    pdf.saveState()
    pdf.translate(380, 60)
    pdf.rotate(90)
    pdf.drawString(0, 0, "Sideways text 123")
    pdf.restoreState()
    pdf.showPage()
    pdf.save()
    # Same length, so the cross-reference offsets stay right.
    return out.getvalue().replace(b"/MediaBox [ 0 0 400 300 ]", b"/MediaBox [ 9 7 400 300 ]")


def test_text_layer_characters_are_pdfplumbers_own() -> None:
    for data in (invoice_pdf(), _awkward_pdf()):
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            plumber_page = pdf.pages[0]
            ours = _page_chars(plumber_page)
            theirs = plumber_page.chars
            assert len(ours) == len(theirs) > 20
            for mine, reference in zip(ours, theirs, strict=True):
                assert mine == {key: reference[key] for key in mine}


def test_text_layer_words_match_pdfplumbers_word_extraction() -> None:
    with pdfplumber.open(io.BytesIO(_awkward_pdf())) as pdf:
        expected = [
            (w["text"], (w["x0"], w["top"], w["x1"], w["bottom"]))
            for w in pdf.pages[0].extract_words(**_WORD_SETTINGS)
            if w["text"].strip()
        ]
        words = read_text_layer(pdf, 1).words
    assert sorted((w.text, w.box) for w in words) == sorted(expected)
    assert {"Stamped", "2026-03-04", "INV-77"} <= {w.text for w in words}


def test_layout_is_shared_only_for_the_same_page_objects() -> None:
    pages = [page([(100, [(50, "Invoice number: R-1")]), (130, [(50, "Total 119.00")])])]
    first = build_layout(pages)
    assert build_layout(list(pages)) is first
    copy = dataclasses.replace(pages[0])
    rebuilt = build_layout([copy])
    assert rebuilt is not first
    assert rebuilt == first


def test_layout_cache_forgets_old_documents() -> None:
    pages = [page([(100, [(50, "Invoice number: R-1")])])]
    first = build_layout(pages)
    for top in range(10):
        build_layout([page([(100 + top, [(50, "Other document")])])])
    again = build_layout(pages)
    assert again is not first
    assert again == first


def _row(gaps: list[float]) -> Row:
    tokens, x = [], 0.0
    for gap in [0.0, *gaps]:
        x += gap
        tokens.append(Token("w1", (x, 0.0, x + 10.0, 10.0), 1.0, 1))
        x += 10.0
    return Row(1, 0, tuple(tokens), ((0, len(tokens)),), space=3.0)


def test_row_reach_agrees_with_checking_every_gap() -> None:
    rng = random.Random(20007)
    for _ in range(200):
        row = _row([rng.choice([1.0, 3.0, 9.0, 9.5, 14.0, 40.0]) for _ in range(rng.randint(0, 8))])
        limit = rng.choice([2.0, 9.0, 9.5, 13.9])
        reach = row.reach(limit)
        for start, end in itertools.combinations(range(len(row.tokens) + 1), 2):
            gaps = [row.tokens[i].box[0] - row.tokens[i - 1].box[2] for i in range(start + 1, end)]
            assert (end <= reach[start]) == all(g <= limit for g in gaps)
    row = _row([3.0, 30.0])
    assert _joinable(row, 0, 2) and not _joinable(row, 0, 3) and _joinable(row, 2, 3)


def test_row_digit_counts() -> None:
    row = build_layout([page([(100, [(50, "Ref AB12 x 2026-03-04")])])]).rows[0]
    assert row.digits_before == (0, 0, 2, 2, 10)


def _ids(text: str, **options: float) -> set[tuple[str, str]]:
    rows = build_layout([page([(100, [(50, text)])], **options)]).rows
    return {(c.kind, c.value) for row in rows for c in _bank_and_tax_ids(row)}


def test_identifiers_with_few_digits_are_still_read() -> None:
    assert ("bic", "DEUTDEFF") in _ids("BIC: DEUTDEFF")  # no digit at all
    assert ("bic", "NOLADE21RUE") in _ids("BIC NOLADE21 RUE")  # two words, two digits
    assert ("vat", "DE123456789") in _ids("USt-IdNr. DE 123 456 789")  # four words, nine digits
    spaced_iban = "DE89 3704 0044 0532 0130 00"
    assert ("iban", "DE89370400440532013000") in _ids(spaced_iban)
    # Groups set wider apart than a value's words usually are (a scan): only the IBAN joins them.
    assert ("iban", "DE89370400440532013000") in _ids(spaced_iban, space=1.4)
