"""Export batches: the list, creating one, downloading its CSV file."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from models.db import transaction
from models.exports import get_batch
from review_ui.contexts import exports_context
from review_ui.exports import create_export
from review_ui.review import NotFound
from review_ui.web import Reviewer, RuntimeDep, data_file, download, redirect, respond

router = APIRouter()
NOTHING_TO_EXPORT = "Nothing to export: no approved invoice is waiting."


@router.get("/exports")
@router.get("/api/exports")
def exports(request: Request, runtime: RuntimeDep) -> Response:
    with transaction(runtime.sessions) as session:
        context = exports_context(session)
    return respond(request, "exports.html", context)


@router.post("/exports")
def create(runtime: RuntimeDep, reviewer: Reviewer) -> Response:
    batch = create_export(runtime, actor=reviewer)
    if batch is None:
        return redirect("/exports", NOTHING_TO_EXPORT, kind="info")
    invoices = f"{batch.invoice_count} invoice{'s' if batch.invoice_count != 1 else ''}"
    return redirect("/exports", f"Export #{batch.id} created: {invoices}, {batch.row_count} rows.")


@router.post("/api/exports")
def api_create(runtime: RuntimeDep, reviewer: Reviewer) -> JSONResponse:
    batch = create_export(runtime, actor=reviewer)
    if batch is None:
        return JSONResponse({"batch_id": None, "message": NOTHING_TO_EXPORT})
    body = {
        "batch_id": batch.id,
        "invoices": batch.invoice_count,
        "rows": batch.row_count,
        "csv_url": f"/api/exports/{batch.id}.csv",
    }
    return JSONResponse(body, status_code=201)


@router.get("/exports/{batch_id:int}.csv")
@router.get("/api/exports/{batch_id:int}.csv")
def batch_csv(runtime: RuntimeDep, batch_id: int) -> Response:
    with transaction(runtime.sessions) as session:
        batch = get_batch(session, batch_id=batch_id)
        if batch is None:
            raise NotFound(f"export #{batch_id} does not exist")
        relpath, filename = batch.path, batch.filename
    path = data_file(runtime, relpath, what=f"the file of export #{batch_id}")
    return download(path, filename=filename, media_type="text/csv; charset=utf-8")
