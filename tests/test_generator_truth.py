"""Ground truth of born-digital invoices must match what the PDF's own text layer says.

The PDF is read with pdfplumber and its tokens are normalised here, independently of the
generator's formatting code: numbers are parsed with the locale's decimal separator, dates are
matched against every way the locale writes them. If truth and print ever diverge, this fails.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from functools import cache

import pdfplumber
import pytest

from samples.generator import generate_one

DECIMAL_SEP = {"en-US": ".", "en-GB": ".", "de-DE": ",", "fr-FR": ",", "nl-NL": ",", "de-CH": "."}
MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
}
CURRENCY_SIGNS = {"EUR": ("EUR", "€"), "USD": ("USD", "$"), "GBP": ("GBP", "£"), "CHF": ("CHF",)}
_NUMBER = re.compile(r"-?\d[\d.,']*")


SLOTS = [*range(18), "multi-page", "credit_note"]  # every layout, a long invoice, a credit note


@cache
def sample_pdfs() -> dict:
    """The first generated PDF that fills each slot, searching both splits."""
    chosen: dict[object, object] = {}
    for split in ("train", "heldout"):
        for seed in range(160):
            invoice = generate_one(seed, split=split, kind="pdf")
            meta = invoice.truth["meta"]
            chosen.setdefault(meta["layout_id"], invoice)
            if meta["pages"] > 1:
                chosen.setdefault("multi-page", invoice)
            if invoice.truth["fields"]["document_type"] == "credit_note":
                chosen.setdefault("credit_note", invoice)
            if split == "train" and all(k in chosen for k in SLOTS if not isinstance(k, int) or k < 12):
                break
    return chosen


def _words(pdf_bytes: bytes) -> list[list[dict]]:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return [page.extract_words(x_tolerance=1.5, keep_blank_chars=False) for page in pdf.pages]


def _join_groups(words: list[dict]) -> list[dict]:
    """'1 234,56' prints as two words; rejoin digit groups split by a single space (column gaps are wider)."""
    merged: list[dict] = []
    for word in words:
        prev = merged[-1] if merged else None
        if prev and _is_group_pair(prev, word):
            merged[-1] = {**prev, "text": prev["text"] + word["text"], "x1": word["x1"]}
        else:
            merged.append(dict(word))
    return merged


def _is_group_pair(prev: dict, word: dict) -> bool:
    digits = re.fullmatch(r"-?\d{1,3}", prev["text"]) or re.fullmatch(r"-?\d{1,3}(\d{3})+", prev["text"])
    group = re.match(r"\d{3}(,\d+)?$", word["text"])
    same_line = abs(prev["top"] - word["top"]) < 1
    # One space is at most 0.6 em (Courier); table columns are further apart than that.
    one_space = 0 < word["x0"] - prev["x1"] < 0.65 * (word["bottom"] - word["top"])
    return bool(digits and group and same_line and one_space)


def _lines(words: list[dict]) -> list[str]:
    """Words grouped into printed lines by their top coordinate."""
    rows: dict[int, list[dict]] = {}
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        rows.setdefault(round(word["top"]), []).append(word)
    return [" ".join(w["text"] for w in row) for row in rows.values()]


def _numbers(text: str, decimal_sep: str) -> set[Decimal]:
    for sign in ("€", "$", "£", "CHF", "EUR", "USD", "GBP", "%"):
        text = text.replace(sign, "")  # '-£274.18' must keep its minus next to the digits
    values = set()
    for token in _NUMBER.findall(text):
        token = token.rstrip(".,'")
        group = "." if decimal_sep == "," else ","
        cleaned = token.replace(group, "").replace("'", "").replace(decimal_sep, ".")
        try:
            values.add(Decimal(cleaned))
        except ArithmeticError:
            continue
    return values


def _date_forms(day: dt.date, locale: str) -> set[str]:
    names = MONTHS[locale[:2]].split()
    month = names[day.month - 1]
    d, m, y = day.day, day.month, day.year
    forms = {f"{d:02d}.{m:02d}.{y}", f"{d:02d}-{m:02d}-{y}", f"{d} {month} {y}", f"{d} {month[:3]} {y}",
             f"{d}. {month} {y}", day.isoformat()}  # fmt: skip
    if locale == "en-US":
        return {f"{m:02d}/{d:02d}/{y}", f"{month} {d}, {y}", f"{month[:3]} {d}, {y}"}
    return forms | {f"{d:02d}/{m:02d}/{y}"}


def _squash(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(
    scope="module", params=SLOTS, ids=lambda slot: f"layout{slot}" if isinstance(slot, int) else slot
)
def document(request):
    invoice = sample_pdfs()[request.param]
    pages = [_join_groups(words) for words in _words(invoice.data)]
    lines = [line for page in pages for line in _lines(page)]
    return invoice, lines


def test_samples_cover_every_layout_and_a_long_and_a_credit_invoice():
    assert set(sample_pdfs()) == set(SLOTS)


def test_header_values_are_printed(document):
    invoice, lines = document
    fields, locale = invoice.truth["fields"], invoice.truth["meta"]["locale"]
    text = "\n".join(lines)
    numbers = _numbers(text, DECIMAL_SEP[locale])
    for name in ("total_net", "total_tax", "total", "amount_due"):
        if name in fields:
            assert Decimal(fields[name]) in numbers, f"{invoice.name}: {name}={fields[name]} not printed"
    for name in ("issue_date", "due_date"):
        if name in fields:
            forms = _date_forms(dt.date.fromisoformat(fields[name]), locale)
            assert any(form in text for form in forms), f"{invoice.name}: {name}={fields[name]} not printed"
    for name in ("invoice_number", "purchase_order", "vendor_name", "buyer_name", "payment_terms"):
        if fields.get(name):
            assert fields[name] in text, f"{invoice.name}: {name}={fields[name]!r} not printed"
    for name in ("vendor_vat_id", "vendor_tax_id", "vendor_iban", "vendor_bic", "buyer_vat_id"):
        if name in fields:
            assert fields[name] in _squash(text), f"{invoice.name}: {name}={fields[name]!r} not printed"
    for address_line in fields["vendor_address"].split("\n"):
        assert address_line in text
    assert any(sign in text for sign in CURRENCY_SIGNS[fields["currency"]])


def test_every_line_is_printed_on_one_row(document):
    invoice, lines = document
    decimal_sep = DECIMAL_SEP[invoice.truth["meta"]["locale"]]
    rows = [(line, _numbers(line, decimal_sep)) for line in lines]
    for truth_line in invoice.truth["lines"]:
        wanted = {Decimal(truth_line["amount"]), Decimal(truth_line["quantity"])}
        if "unit_price" in truth_line:
            wanted.add(Decimal(truth_line["unit_price"]))
        first_word = truth_line["description"].split()[0]
        matches = [line for line, numbers in rows if wanted <= numbers and first_word in line]
        assert matches, f"{invoice.name}: no printed row for {truth_line}"


def test_descriptions_are_printed_word_for_word(document):
    invoice, lines = document
    printed = " ".join(lines).split()
    for truth_line in invoice.truth["lines"]:
        position = 0
        for word in truth_line["description"].split():
            assert word in printed[position:], f"{invoice.name}: {word!r} of {truth_line['description']!r}"
            position = printed.index(word, position) + 1
