"""The JSON API's actions; its GETs are the page handlers' (same context, JSON answer)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse

from review_ui.document_views import load_document
from review_ui.review import reject_document, save_review
from review_ui.web import Reviewer, RuntimeDep

router = APIRouter(prefix="/api")
FieldValues = Annotated[dict[str, str | int | float | None], Body(examples=[{"total": "1190.00"}])]


@router.post("/documents/{document_id:int}/fields")
def correct_fields(
    runtime: RuntimeDep, reviewer: Reviewer, document_id: int, values: FieldValues
) -> JSONResponse:
    fields = {name: None if value is None else str(value) for name, value in values.items()}
    changed = save_review(runtime, document_id=document_id, actor=reviewer, fields=fields)
    return JSONResponse({"changed": changed, **load_document(runtime, document_id)})


@router.post("/documents/{document_id:int}/approve")
def approve(runtime: RuntimeDep, reviewer: Reviewer, document_id: int) -> JSONResponse:
    save_review(runtime, document_id=document_id, actor=reviewer, fields={}, then_approve=True)
    return JSONResponse(load_document(runtime, document_id))


@router.post("/documents/{document_id:int}/reject")
def reject(
    runtime: RuntimeDep, reviewer: Reviewer, document_id: int, note: Annotated[str, Body(embed=True)]
) -> JSONResponse:
    if not note.strip():
        return JSONResponse({"detail": "a note saying why is required to reject"}, status_code=422)
    reject_document(runtime, document_id=document_id, actor=reviewer, note=note)
    return JSONResponse(load_document(runtime, document_id))
