"""The review UI over a real database: the queue, the invoice page, corrections, approve and
reject, uploads, and the JSON API answering from the same views. HTML is read with a parser."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from capture.runtime import Runtime
from extraction import validate
from models.db import transaction
from models.extraction import HEADER_FIELDS
from models.invoices import findings_to_json, get_invoice, invoice_as_extraction, review_events
from models.tables import Document
from review_ui.app import create_app
from tests.ui_fixtures import IMAGE_SCALE, Sample, add_arrival, add_failed, add_invoice, draw_invoice


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(runtime), follow_redirects=False) as client:
        yield client


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def flash_after(client: TestClient, response) -> str:
    assert response.status_code == 303, response.text
    page = client.get(response.headers["location"])
    return soup(page).select_one(".flash").get_text(strip=True)


def events(runtime: Runtime, document_id: int) -> list[tuple]:
    with transaction(runtime.sessions) as session:
        found = review_events(session, document_id=document_id)
        return [(e.action, e.actor, e.field, e.old_value, e.new_value, e.note) for e in found]


def status_of(runtime: Runtime, document_id: int) -> str:
    with transaction(runtime.sessions) as session:
        return session.get(Document, document_id).status


def form_values(page: BeautifulSoup) -> dict[str, str]:
    """What the browser would post for the review form as rendered."""
    form = page.select_one("form#review-form")
    values = {node["name"]: node.get("value", "") for node in form.select("input[name]")}
    values.update({node["name"]: node.get_text() for node in form.select("textarea[name]")})
    for select in form.select("select[name]"):
        chosen = select.select_one("option[selected]")
        values[select["name"]] = chosen["value"] if chosen else ""
    return values


def test_queue_lists_documents_newest_first_with_status_and_reasons(runtime, client):
    review_id = add_invoice(runtime)
    failed_id = add_failed(
        runtime, filename="locked.pdf", code="password_protected", reason="PDF is password-protected"
    )
    duplicate_id = add_arrival(runtime, filename="acme copy.pdf", content=b"%PDF acme-0042.pdf")

    page = soup(client.get("/"))

    rows = page.select("table.queue tbody tr[data-document-id]")
    assert [int(row["data-document-id"]) for row in rows] == [duplicate_id, failed_id, review_id]
    by_id = {int(row["data-document-id"]): row for row in rows}
    review = by_id[review_id]
    assert review.select_one(".status .badge").get_text(strip=True) == "needs review"
    assert review.select_one(".vendor").get_text(strip=True) == "Acme Industrial GmbH"
    assert review.select_one(".invoice-number").get_text(strip=True) == "INV-2026-0042"
    assert review.select_one(".total").get_text(" ", strip=True) == "1109.00 EUR"
    assert [r.get_text() for r in review.select(".reason")] == list(Sample().reasons)
    assert by_id[failed_id].select_one(".badge-failed") is not None
    assert by_id[failed_id].select_one(".reason").get_text() == "PDF is password-protected"
    assert f"exact duplicate of document #{review_id}" in by_id[duplicate_id].select_one(".reason").get_text()
    assert by_id[review_id].select_one("td.file a")["href"] == f"/documents/{review_id}"


def test_queue_counts_each_status_and_filters_by_one(runtime, client):
    add_invoice(runtime)
    add_failed(runtime, filename="locked.pdf", code="password_protected", reason="PDF is password-protected")

    page = soup(client.get("/?status=failed"))

    counts = {
        chip["data-status"]: chip.select_one(".count").get_text() for chip in page.select("a[data-status]")
    }
    assert counts["needs_review"] == "1" and counts["failed"] == "1" and counts["approved"] == "0"
    assert page.select_one("a.chip.active")["data-status"] == "failed"
    assert [
        row.select_one("td.file").get_text(strip=True) for row in page.select("tbody tr[data-document-id]")
    ] == ["locked.pdf"]
    fragment = soup(client.get("/queue/rows?status=failed"))
    assert len(fragment.select("tbody tr[data-document-id]")) == 1 and fragment.select_one("html") is None
    api = client.get("/api/documents", params={"status": "needs_review"}).json()
    assert [d["filename"] for d in api["documents"]] == ["acme-0042.pdf"]
    assert api["counts"]["failed"] == 1
    assert client.get("/api/documents?status=lost").status_code == 400


def test_invoice_page_shows_page_image_fields_confidence_and_evidence_boxes(runtime, client):
    document_id = add_invoice(runtime)
    _, boxes = draw_invoice(Sample())

    page = soup(client.get(f"/documents/{document_id}"))

    assert page.select_one(".viewer img.page-image")["src"] == f"/documents/{document_id}/pages/1.png"
    form = page.select_one("form#review-form")
    for name in HEADER_FIELDS:
        assert form.select_one(f'[name="{name}"]') is not None, name
    assert form.select_one('input[name="invoice_number"]')["value"] == "INV-2026-0042"
    assert form.select_one('textarea[name="vendor_address"]').get_text() == "Hafenstraße 12\n20457 Hamburg"
    assert form.select_one('input[name="buyer_vat_id"]')["value"] == ""  # empty, there to fill
    total = form.select_one('.field[data-field="total"]')
    assert "low" in total["class"] and "flagged" in total["class"]
    assert total.select_one(".pct").get_text() == "41%"
    assert "low" not in form.select_one('.field[data-field="invoice_number"]')["class"]
    assert "missing" not in form.select_one('.field[data-field="buyer_vat_id"]')["class"]
    rect = page.select_one('svg.boxes rect[data-target="total"]')
    x0, y0, x1, y1 = boxes["total"]
    assert float(rect["x"]) == pytest.approx(x0 * IMAGE_SCALE, abs=0.1)
    assert float(rect["y"]) == pytest.approx(y0 * IMAGE_SCALE, abs=0.1)
    assert float(rect["width"]) == pytest.approx((x1 - x0) * IMAGE_SCALE, abs=0.2)
    assert float(rect["height"]) == pytest.approx((y1 - y0) * IMAGE_SCALE, abs=0.2)
    assert page.select_one('svg.boxes rect[data-target="line-2"]') is not None
    assert [r.get_text(strip=True) for r in page.select(".issues li.reason")] == list(Sample().reasons)
    assert "1109.00" in page.select_one(".issues li.finding").get_text()
    assert page.select_one("button#approve") is not None
    cells = [cell["value"] for cell in page.select('tr[data-line="1"] input')]
    assert cells[:3] == ["Hydraulic pump, 2 kW", "HP-200", "2"]


def test_page_image_and_original_are_served(runtime, client):
    document_id = add_invoice(runtime, Sample(content=b"%PDF-1.7 the original bytes"))

    image = client.get(f"/documents/{document_id}/pages/1.png")
    original = client.get(f"/documents/{document_id}/original")

    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")
    assert original.content == b"%PDF-1.7 the original bytes"
    assert original.headers["content-disposition"].startswith("attachment")


def test_correcting_a_field_records_old_and_new_value_and_the_reviewer(runtime, client):
    document_id = add_invoice(runtime)
    client.post("/reviewer", data={"name": "Anna Weiß", "next": "/"})
    values = form_values(soup(client.get(f"/documents/{document_id}")))

    response = client.post(
        f"/documents/{document_id}", data={**values, "total": "1.190,00", "action": "save"}
    )

    assert flash_after(client, response) == f"Saved #{document_id} with 1 correction."
    assert events(runtime, document_id) == [("correct", "Anna Weiß", "total", "1109.00", "1190.00", None)]
    with transaction(runtime.sessions) as session:
        invoice = get_invoice(session, document_id=document_id)
        assert invoice.field_map()["total"].value == "1190.00"
        assert invoice.findings == findings_to_json(validate(invoice_as_extraction(invoice)))
    page = soup(client.get(f"/documents/{document_id}"))
    history = page.select_one(".history tbody tr.event-correct").get_text(" ", strip=True)
    assert "Anna Weiß" in history and "1109.00" in history and "1190.00" in history
    assert "reviewed" in page.select_one('.field[data-field="total"]')["class"]


def test_submitting_the_form_untouched_changes_nothing(runtime, client):
    document_id = add_invoice(runtime)
    values = form_values(soup(client.get(f"/documents/{document_id}")))

    response = client.post(f"/documents/{document_id}", data={**values, "action": "save"})

    assert flash_after(client, response) == f"Saved #{document_id} (no changes)."
    assert events(runtime, document_id) == []


def test_a_garbage_amount_is_explained_next_to_the_field_and_nothing_is_saved(runtime, client):
    document_id = add_invoice(runtime)
    values = form_values(soup(client.get(f"/documents/{document_id}")))

    response = client.post(
        f"/documents/{document_id}",
        data={
            **values,
            "total": "12abc",
            "due_date": "01.04.2026",
            "vendor_name": "ACME",
            "action": "approve",
        },
    )

    assert response.status_code == 422
    page = soup(response)
    assert "Nothing was saved" in page.select_one(".form-error").get_text()
    assert "not an amount" in page.select_one('.field[data-field="total"] .error').get_text()
    assert "YYYY-MM-DD" in page.select_one('.field[data-field="due_date"] .error').get_text()
    assert page.select_one('input[name="total"]')["value"] == "12abc"  # what was typed stays
    assert page.select_one('input[name="vendor_name"]')["value"] == "ACME"
    assert events(runtime, document_id) == [] and status_of(runtime, document_id) == "needs_review"


def test_line_items_can_be_corrected(runtime, client):
    document_id = add_invoice(runtime)
    values = form_values(soup(client.get(f"/documents/{document_id}")))

    client.post(f"/documents/{document_id}", data={**values, "line-2-amount": "300,50", "action": "save"})

    assert events(runtime, document_id) == [
        ("correct", "reviewer", "line 2 amount", "300.00", "300.50", None)
    ]


def test_approve_saves_the_form_then_approves_and_twice_is_a_conflict(runtime, client):
    document_id = add_invoice(runtime)
    values = form_values(soup(client.get(f"/documents/{document_id}")))

    response = client.post(
        f"/documents/{document_id}", data={**values, "total": "1190.00", "action": "approve"}
    )

    assert flash_after(client, response) == f"Approved #{document_id} with 1 correction."
    assert status_of(runtime, document_id) == "approved"
    assert [e[0] for e in events(runtime, document_id)] == ["correct", "approve"]
    again = client.post(f"/api/documents/{document_id}/approve")
    assert again.status_code == 409
    assert again.json()["detail"] == f"document #{document_id} is approved, not waiting for review"
    by_form = client.post(f"/documents/{document_id}", data={"action": "approve"})
    assert "not waiting for review" in flash_after(client, by_form)


def test_reject_needs_a_note_and_records_it(runtime, client):
    document_id = add_invoice(runtime)

    empty = client.post(f"/documents/{document_id}/reject", data={"note": "  "})
    assert "Say why" in flash_after(client, empty)
    response = client.post(f"/documents/{document_id}/reject", data={"note": "not addressed to us"})

    assert flash_after(client, response) == f"Rejected #{document_id}: not addressed to us"
    assert status_of(runtime, document_id) == "rejected"
    assert events(runtime, document_id)[-1] == ("reject", "reviewer", None, None, None, "not addressed to us")
    page = soup(client.get(f"/documents/{document_id}"))
    assert "not addressed to us" in page.select_one(".status-reason").get_text()
    assert page.select_one("button#approve") is None


def test_a_failed_document_shows_its_reason_and_offers_the_original(runtime, client):
    document_id = add_failed(
        runtime, filename="locked.pdf", code="password_protected", reason="PDF is password-protected"
    )

    page = soup(client.get(f"/documents/{document_id}"))

    assert "PDF is password-protected" in page.select_one(".status-reason").get_text()
    assert page.select_one(f'a[href="/documents/{document_id}/original"]') is not None
    assert page.select_one("form#review-form") is None


def test_upload_by_form_records_each_file_and_recognises_duplicates(runtime, client):
    files = [
        ("file", ("acme.pdf", b"%PDF one", "application/pdf")),
        ("file", ("scan.jpg", b"\xff\xd8 two", "image/jpeg")),
    ]

    first = client.post("/documents", files=files)
    assert flash_after(client, first) == "2 files received: #1 acme.pdf, #2 scan.jpg"
    again = client.post("/documents", files=[("file", ("acme (1).pdf", b"%PDF one", "application/pdf"))])

    assert flash_after(client, again) == "1 file received: #3 acme (1).pdf (duplicate of #1)"
    assert [status_of(runtime, n) for n in (1, 2, 3)] == ["received", "received", "rejected"]


def test_the_upload_form_sent_without_a_file_asks_for_one(runtime, client):
    boundary = "b0undary"
    body = (  # what a browser sends when no file was chosen: an empty part with filename=""
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename=""\r\n'
        f"Content-Type: application/octet-stream\r\n\r\n\r\n--{boundary}--\r\n"
    )
    response = client.post(
        "/documents",
        content=body.encode(),
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )

    assert flash_after(client, response) == "Choose one or more files to upload."
    assert client.get("/api/documents").json()["total"] == 0


def test_api_upload_records_every_file_even_an_empty_one(runtime, client):
    response = client.post(
        "/api/documents",
        files=[
            ("file", ("a.pdf", b"%PDF a", "application/pdf")),
            ("file", ("empty.pdf", b"", "application/pdf")),
        ],
    )
    duplicate = client.post("/api/documents", files={"file": ("a-again.pdf", b"%PDF a", "application/pdf")})

    assert response.status_code == 201
    assert response.json() == [
        {"document_id": 1, "status": "received", "duplicate_of": None, "queued": True},
        {"document_id": 2, "status": "received", "duplicate_of": None, "queued": True},
    ]
    assert duplicate.json() == [{"document_id": 3, "status": "rejected", "duplicate_of": 1, "queued": False}]


def test_api_document_detail_has_values_confidence_evidence_lines_and_history(runtime, client):
    document_id = add_invoice(runtime)

    body = client.get(f"/api/documents/{document_id}").json()

    assert body["status"] == "needs_review" and body["status_reason"] is None
    assert set(HEADER_FIELDS) <= set(body["fields"]) and body["fields"]["total"] == "1109.00"
    assert body["fields"]["buyer_vat_id"] is None
    assert body["confidence"]["total"] == 0.41
    assert body["evidence"]["total"]["page"] == 1 and body["evidence"]["total"]["unit"] == "pt"
    assert body["lines"][1]["amount"] == "300.00" and body["lines"][1]["line_number"] == 2
    assert body["findings"][0]["code"] == "totals_mismatch"
    assert body["review_reasons"] == list(Sample().reasons)
    assert body["history"] == []


def test_api_corrections_name_the_reviewer_and_refuse_unknown_or_bad_values(runtime, client):
    document_id = add_invoice(runtime)
    url = f"/api/documents/{document_id}/fields"

    ok = client.post(
        url, json={"total": "1,190.00", "buyer_vat_id": "gb 123 4567 89"}, headers={"X-Reviewer": "bot"}
    )
    unknown = client.post(url, json={"totl": "1"})
    garbage = client.post(url, json={"issue_date": "yesterday"})

    assert ok.status_code == 200 and ok.json()["changed"] == 2
    assert ok.json()["fields"]["buyer_vat_id"] == "GB123456789"
    assert {e[1] for e in events(runtime, document_id)} == {"bot"}
    assert unknown.status_code == 422 and "totl" in unknown.json()["errors"]
    assert garbage.status_code == 422 and "YYYY-MM-DD" in garbage.json()["errors"]["issue_date"]


def test_api_approve_and_reject(runtime, client):
    first, second = add_invoice(runtime), add_invoice(runtime, Sample(filename="b.pdf", content=b"%PDF b"))

    approved = client.post(f"/api/documents/{first}/approve", headers={"X-Reviewer": "carl"})
    rejected = client.post(f"/api/documents/{second}/reject", json={"note": "duplicate of INV-1"})
    no_note = client.post(f"/api/documents/{first}/reject", json={"note": ""})

    assert approved.json()["status"] == "approved" and approved.json()["decided_by"] == "carl"
    assert (
        rejected.json()["status"] == "rejected" and rejected.json()["status_reason"] == "duplicate of INV-1"
    )
    assert no_note.status_code == 422
    assert client.post(f"/api/documents/{second}/approve").status_code == 409


def test_unknown_ids_are_404(runtime, client):
    document_id = add_invoice(runtime)

    assert client.get("/documents/999").status_code == 404
    assert "does not exist" in soup(client.get("/documents/999")).select_one(".detail").get_text()
    assert client.get("/api/documents/999").json() == {"detail": "document #999 does not exist"}
    assert client.post("/api/documents/999/approve").status_code == 404
    assert client.post("/documents/999", data={"action": "save"}).status_code == 404
    assert client.post("/api/documents/999/fields", json={"total": "1"}).status_code == 404
    assert client.get(f"/documents/{document_id}/pages/2.png").status_code == 404
    assert client.get("/documents/999/original").status_code == 404
    assert client.get("/exports/999.csv").status_code == 404
    assert client.get("/api/exports/999.csv").json() == {"detail": "export #999 does not exist"}
