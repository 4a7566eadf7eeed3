"""The synthetic invoice generator: API shape, determinism, arithmetic, identifiers, splits, images."""

from __future__ import annotations

import io
import json
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import pytest
from PIL import Image
from schwifty import BIC, IBAN
from stdnum import get_cc_module
from stdnum.de import stnr
from stdnum.eu import vat as eu_vat
from stdnum.fr import siren
from stdnum.us import ein

from samples.generator import GeneratedInvoice, generate_one, generate_set
from samples.generator.layouts import layout_ids
from samples.generator.vendors import all_vendors

HEADER_FIELDS = {
    *("document_type", "invoice_number", "issue_date", "due_date", "currency", "purchase_order"),
    *("payment_terms", "vendor_name", "vendor_vat_id", "vendor_tax_id", "vendor_address", "vendor_iban"),
    *("vendor_bic", "buyer_name", "buyer_vat_id", "total_net", "total_tax", "total", "amount_due"),
}
LINE_FIELDS = {"description", "sku", "quantity", "unit", "unit_price", "tax_rate", "amount", "po_line"}


@cache
def pdfs(split: str = "train", count: int = 60) -> tuple[GeneratedInvoice, ...]:
    return tuple(generate_one(seed, split=split, kind="pdf") for seed in range(count))


@cache
def image(seed: int, kind: str) -> GeneratedInvoice:
    return generate_one(seed, kind=kind)


def test_generate_one_returns_a_pdf_in_the_fields_md_shape():
    invoice = pdfs()[0]
    assert invoice.suffix == ".pdf" and invoice.data.startswith(b"%PDF")
    assert invoice.truth["document"] == invoice.name + ".pdf"
    assert set(invoice.truth) == {"document", "fields", "lines", "meta"}
    assert set(invoice.truth["fields"]) <= HEADER_FIELDS
    assert all(set(line) <= LINE_FIELDS for line in invoice.truth["lines"])
    assert {"layout_id", "locale", "vendor_id", "split", "kind", "degradations"} <= set(invoice.truth["meta"])


def test_purchase_order_is_always_in_truth_and_null_when_absent():
    orders = [doc.truth["fields"]["purchase_order"] for doc in pdfs()]
    assert None in orders and any(orders)


@pytest.mark.parametrize("kind", ["pdf", "scan", "photo"])
def test_same_seed_gives_same_bytes_and_truth(kind):
    first, second = generate_one(11, kind=kind), generate_one(11, kind=kind)
    assert first.data == second.data
    assert first.truth == second.truth
    assert generate_one(12, kind=kind).data != first.data


def test_scan_shows_the_same_invoice_as_the_pdf_of_its_seed():
    pdf, scan = generate_one(3, kind="pdf"), image(3, "scan")
    assert scan.truth["fields"]["invoice_number"] == pdf.truth["fields"]["invoice_number"]
    assert scan.truth["lines"] == pdf.truth["lines"][: len(scan.truth["lines"])]


def _decimal(value: str) -> Decimal:
    return Decimal(value)


@pytest.mark.parametrize("split", ["train", "heldout"])
def test_arithmetic_is_exact(split):
    for doc in pdfs(split, 40):
        fields, lines = doc.truth["fields"], doc.truth["lines"]
        for line in lines:
            expected = (_decimal(line["quantity"]) * _decimal(line["unit_price"])).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
            assert _decimal(line["amount"]) == expected, (doc.name, line)
        assert sum(_decimal(line["amount"]) for line in lines) == _decimal(fields["total_net"]), doc.name
        if "total_tax" in fields:
            assert _decimal(fields["total_net"]) + _decimal(fields["total_tax"]) == _decimal(fields["total"])
        if "amount_due" in fields:
            assert abs(_decimal(fields["amount_due"])) <= abs(_decimal(fields["total"]))
        negative = _decimal(fields["total"]) < 0
        assert negative == (fields["document_type"] == "credit_note"), doc.name


def test_several_tax_rates_discounts_and_shipping_occur():
    docs = pdfs("train", 60)
    assert any(len({line.get("tax_rate") for line in d.truth["lines"]} - {None}) > 1 for d in docs)
    assert any(
        Decimal(line["amount"]) < 0
        for d in docs
        for line in d.truth["lines"]
        if d.truth["fields"]["document_type"] == "invoice"
    )
    assert any(len(d.truth["lines"]) >= 20 for d in docs)


def _valid_vat(vat_id: str) -> bool:
    if vat_id.startswith("CHE"):
        return get_cc_module("ch", "vat").is_valid(vat_id)
    return eu_vat.is_valid(vat_id) or get_cc_module("gb", "vat").is_valid(vat_id)


def _valid_tax_id(tax_id: str, locale: str) -> bool:
    return {"de-DE": stnr.is_valid, "fr-FR": siren.is_valid, "en-US": ein.is_valid}[locale](tax_id)


def test_identifiers_pass_their_checksums():
    checked = set()
    for doc in pdfs("train", 60) + pdfs("heldout", 20):
        fields, locale = doc.truth["fields"], doc.truth["meta"]["locale"]
        for name in ("vendor_vat_id", "buyer_vat_id"):
            if name in fields:
                assert _valid_vat(fields[name]), (doc.name, name, fields[name])
                checked.add(name)
        if "vendor_iban" in fields:
            iban = IBAN(fields["vendor_iban"], validate_bban=True)
            bic = BIC(fields["vendor_bic"])
            # The printed BIC may name a branch; it must belong to the IBAN's bank.
            assert (bic.country_code, bic.bank_code) == (iban.bic.country_code, iban.bic.bank_code), doc.name
            checked.add("vendor_iban")
        if "vendor_tax_id" in fields:
            assert _valid_tax_id(fields["vendor_tax_id"], locale), (doc.name, fields["vendor_tax_id"])
            checked.add("vendor_tax_id")
    assert checked == {"vendor_vat_id", "buyer_vat_id", "vendor_iban", "vendor_tax_id"}


def test_train_and_heldout_share_no_layout_and_no_vendor():
    assert not set(layout_ids("train")) & set(layout_ids("heldout"))
    assert len(layout_ids("train")) + len(layout_ids("heldout")) >= 15
    train_names = {v.party.name for v in all_vendors("train")}
    heldout_names = {v.party.name for v in all_vendors("heldout")}
    assert not train_names & heldout_names
    train_docs, heldout_docs = pdfs("train", 60), pdfs("heldout", 20)
    assert not {d.truth["meta"]["layout_id"] for d in train_docs} & {
        d.truth["meta"]["layout_id"] for d in heldout_docs
    }
    assert not {d.truth["fields"]["vendor_name"] for d in train_docs} & {
        d.truth["fields"]["vendor_name"] for d in heldout_docs
    }


def test_locales_cover_the_required_set():
    locales = {d.truth["meta"]["locale"] for d in pdfs("train", 60)}
    assert {"en-US", "en-GB", "de-DE", "fr-FR", "nl-NL"} <= locales


@pytest.mark.parametrize("seed", [1, 2, 5, 8])
def test_scan_is_an_image_of_the_page_at_its_dpi(seed):
    doc = image(seed, "scan")
    meta = doc.truth["meta"]
    picture = Image.open(io.BytesIO(doc.data))
    assert picture.format == {".png": "PNG", ".jpg": "JPEG"}[doc.suffix]
    assert doc.truth["document"].endswith(doc.suffix)
    width_pt, height_pt = meta["page_size_pt"]
    expected = (round(width_pt * meta["dpi"] / 72), round(height_pt * meta["dpi"] / 72))
    turned = any(d["type"] == "turn" and d["degrees"] in (90, 270) for d in meta["degradations"])
    assert picture.size in {expected, expected[::-1]} if turned else {expected}
    assert round(picture.info["dpi"][0]) == meta["dpi"]
    assert meta["pages"] == 1


def test_photo_is_a_jpeg_with_the_page_inside_a_larger_frame():
    doc = image(4, "photo")
    picture = Image.open(io.BytesIO(doc.data))
    assert picture.format == "JPEG" and doc.suffix == ".jpg" and picture.mode == "RGB"
    width_pt, _ = doc.truth["meta"]["page_size_pt"]
    assert picture.size[0] > width_pt * doc.truth["meta"]["dpi"] / 72
    assert "perspective" in {d["type"] for d in doc.truth["meta"]["degradations"]}


def test_generate_set_writes_documents_and_truth_identically_in_parallel(tmp_path):
    serial = generate_set(tmp_path / "a", count=4, seed=5, kind="mixed", workers=1)
    parallel = generate_set(tmp_path / "b", count=4, seed=5, kind="mixed", workers=2)
    assert [p.name for p in serial] == [p.name for p in parallel]
    for a, b in zip(serial, parallel, strict=True):
        assert a.read_bytes() == b.read_bytes()
        truth = a.with_name(a.name.removesuffix(a.suffix) + ".truth.json")
        assert truth.exists() and truth.read_bytes() == b.with_name(truth.name).read_bytes()


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        generate_one(1, split="test")
    with pytest.raises(ValueError):
        generate_one(1, kind="fax")


FROZEN = Path(__file__).resolve().parents[1] / "samples" / "frozen"


def test_frozen_set_is_complete_and_mixed():
    documents = [p for p in FROZEN.iterdir() if p.suffix in (".pdf", ".png", ".jpg")]
    assert 35 <= len(documents) <= 45
    assert sum(p.stat().st_size for p in FROZEN.iterdir()) < 15e6
    kinds, splits = set(), set()
    for document in documents:
        truth = json.loads(
            document.with_name(document.name.removesuffix(document.suffix) + ".truth.json").read_text()
        )
        assert truth["document"] == document.name
        kinds.add(truth["meta"]["kind"])
        splits.add(truth["meta"]["split"])
    assert kinds == {"pdf", "scan", "photo"} and splits == {"train", "heldout"}


@pytest.mark.parametrize("name", ["syn-train-2026000000-pdf", "syn-heldout-2126000000-pdf"])
def test_frozen_pdfs_match_the_generator(name):
    """If this fails after a generator change, rerun `python -m samples.generator.freeze`."""
    seed, split = int(name.split("-")[2]), name.split("-")[1]
    invoice = generate_one(seed, split=split, kind="pdf")
    assert (FROZEN / f"{name}.pdf").read_bytes() == invoice.data
    assert json.loads((FROZEN / f"{name}.truth.json").read_text()) == invoice.truth
