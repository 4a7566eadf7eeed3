"""Export batches: the CSV pinned byte for byte, each invoice exported exactly once (also when
two exports race), and the export pages and API."""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from capture.runtime import Runtime
from models.db import transaction
from models.invoices import review_events
from models.tables import Document, Invoice
from review_ui.app import create_app
from review_ui.export_csv import render_csv
from review_ui.exports import create_export
from tests.ui_fixtures import ACME_FIELDS, Sample, add_approved, add_invoice

PUMP = {"description": "Hydraulic pump, 2 kW", "sku": "HP-200", "quantity": "2", "unit": "pcs",
        "unit_price": "350.00", "tax_rate": "19", "amount": "700.00"}  # fmt: skip
PIPE = {"description": 'Pipe 3/4" brass', "sku": "P-34", "quantity": "4", "unit": "m",
        "unit_price": "75.00", "tax_rate": "19", "amount": "300.00", "po_line": "10"}  # fmt: skip
CREDIT_NOTE = {
    "document_type": "credit_note",
    "invoice_number": "CN-7",
    "issue_date": "2026-03-05",
    "vendor_name": "Müller & Söhne KG",
    "vendor_vat_id": "DE999999999",
    "buyer_name": "Northwind Trading Ltd",
    "buyer_vat_id": "GB123456789",
    "currency": "EUR",
    "total_net": "-42.02",
    "total_tax": "-7.98",
    "total": "-50.00",
    "amount_due": "-50.00",
}
ACME_HEAD = (
    "1,1,invoice,INV-2026-0042,2026-03-02,2026-04-01,Acme Industrial GmbH,DE123456789,,"
    "DE89370400440532013000,COBADEFFXXX,Northwind Trading Ltd,,EUR,PO-7781,Net 30,"
    "1000.00,190.00,1190.00,1190.00,"
)
GOLDEN = (
    "batch_id,document_id,document_type,invoice_number,issue_date,due_date,vendor_name,vendor_vat_id,"
    "vendor_tax_id,vendor_iban,vendor_bic,buyer_name,buyer_vat_id,currency,purchase_order,payment_terms,"
    "total_net,total_tax,total,amount_due,line_number,description,sku,quantity,unit,unit_price,tax_rate,"
    "line_amount,po_line\r\n"
    + ACME_HEAD
    + '1,"Hydraulic pump, 2 kW",HP-200,2,pcs,350.00,19,700.00,\r\n'
    + ACME_HEAD
    + '2,"Pipe 3/4"" brass",P-34,4,m,75.00,19,300.00,10\r\n'
    "1,2,credit_note,CN-7,2026-03-05,,Müller & Söhne KG,DE999999999,,,,Northwind Trading Ltd,GB123456789,"
    "EUR,,,-42.02,-7.98,-50.00,-50.00,,,,,,,,,\r\n"
)


def approve_pair(runtime: Runtime) -> tuple[int, int]:
    acme = Sample(fields={**ACME_FIELDS, "total": "1190.00"}, lines=(PUMP, PIPE))
    credit = Sample(filename="cn-7.pdf", content=b"%PDF cn-7", fields=CREDIT_NOTE, lines=(), with_page=False)
    return add_approved(runtime, acme), add_approved(runtime, credit)


def exported_ids(runtime: Runtime) -> dict[int, int | None]:
    with transaction(runtime.sessions) as session:
        return {
            i.document_id: i.export_batch_id for i in session.query(Invoice).order_by(Invoice.document_id)
        }


def test_the_export_file_is_pinned_byte_for_byte(runtime):
    approve_pair(runtime)

    batch = create_export(runtime, actor="anna")

    data = (runtime.settings.data_dir / batch.path).read_bytes()
    assert data.decode("utf-8") == GOLDEN
    assert (batch.invoice_count, batch.row_count) == (2, 3)
    assert batch.sha256 == hashlib.sha256(data).hexdigest()
    assert re.fullmatch(r"export-1-\d{8}T\d{6}\.csv", batch.filename)
    assert batch.path == f"exports/{batch.filename}"


def test_an_invoice_without_lines_gives_one_row_with_empty_line_columns():
    invoice = Invoice(document_id=9, fields=[], line_items=[])

    text, rows = render_csv([invoice], batch_id=4)

    assert rows == 1
    assert text.splitlines()[1] == "4,9" + "," * 27


def test_each_invoice_is_exported_exactly_once(runtime):
    first, second = approve_pair(runtime)
    waiting = add_invoice(runtime, Sample(filename="c.pdf", content=b"%PDF c"))

    batch = create_export(runtime, actor="anna")
    again = create_export(runtime, actor="anna")

    assert again is None
    assert exported_ids(runtime) == {first: batch.id, second: batch.id, waiting: None}
    with transaction(runtime.sessions) as session:
        assert session.get(Document, first).status == "exported"
        assert review_events(session, document_id=first)[-1].note == f"batch #{batch.id}"
    assert len(list(runtime.settings.exports_dir.glob("*.csv"))) == 1


def test_exports_created_at_the_same_time_never_share_an_invoice(runtime):
    documents = {
        add_approved(runtime, Sample(filename=f"{n}.pdf", content=f"%PDF {n}".encode())) for n in range(6)
    }
    start, batches = threading.Barrier(3), []

    def export() -> None:
        start.wait()
        batches.append(create_export(runtime, actor="race"))

    threads = [threading.Thread(target=export) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    made = [batch for batch in batches if batch is not None]
    in_files = [_document_ids(runtime, batch.path) for batch in made]
    assert len(batches) == 3 and len(made) >= 1
    assert sorted(id_ for ids in in_files for id_ in ids) == sorted(documents)  # each once, none twice
    assert set(exported_ids(runtime).values()) == {batch.id for batch in made}


def _document_ids(runtime: Runtime, path: str) -> list[int]:
    lines = (runtime.settings.data_dir / path).read_text(encoding="utf-8").splitlines()[1:]
    return sorted({int(line.split(",")[1]) for line in lines})


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(runtime), follow_redirects=False) as client:
        yield client


def flash_after(client: TestClient, response) -> str:
    assert response.status_code == 303
    page = BeautifulSoup(client.get(response.headers["location"]).text, "html.parser")
    return page.select_one(".flash").get_text(strip=True)


def test_the_exports_page_creates_lists_and_serves_batches(runtime, client):
    assert (
        flash_after(client, client.post("/exports")) == "Nothing to export: no approved invoice is waiting."
    )
    approve_pair(runtime)
    page = BeautifulSoup(client.get("/exports").text, "html.parser")
    assert page.select_one("#ready-count").get_text() == "2"

    created = client.post("/exports", headers={"X-Reviewer": "anna"})

    assert flash_after(client, created) == "Export #1 created: 2 invoices, 3 rows."
    row = BeautifulSoup(client.get("/exports").text, "html.parser").select_one('tr[data-batch-id="1"]')
    cells = [cell.get_text(strip=True) for cell in row.select("td")]
    assert cells[2:5] == ["anna", "2", "3"]
    download = client.get(row.select_one("a.download")["href"])
    assert download.headers["content-type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="export-1-\d{8}T\d{6}\.csv"', download.headers["content-disposition"]
    )
    assert download.content.decode("utf-8") == GOLDEN


def test_the_export_api(runtime, client):
    assert client.post("/api/exports").json() == {
        "batch_id": None,
        "message": "Nothing to export: no approved invoice is waiting.",
    }
    approve_pair(runtime)

    created = client.post("/api/exports")

    assert created.status_code == 201
    assert created.json() == {"batch_id": 1, "invoices": 2, "rows": 3, "csv_url": "/api/exports/1.csv"}
    assert client.get("/api/exports/1.csv").text == GOLDEN
    assert client.get("/api/exports").json()["batches"][0]["rows"] == 3
    assert client.post("/api/exports").status_code == 200
