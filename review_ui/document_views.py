"""The invoice page: page images beside the fields, corrections, approve and reject."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, Response
from starlette.datastructures import FormData

from capture.runtime import Runtime
from models.db import transaction
from models.documents import get_document, get_page
from models.extraction import HEADER_FIELDS
from models.invoices import ReviewError
from review_ui.contexts import document_context
from review_ui.presentation import html_extras
from review_ui.review import InvalidInput, LineKey, NotFound, line_input_name, reject_document, save_review
from review_ui.web import FormDep, Reviewer, RuntimeDep, data_file, download, redirect, respond

router = APIRouter()


def load_document(runtime: Runtime, document_id: int) -> dict:
    with transaction(runtime.sessions) as session:
        return document_context(
            session, document_id=document_id, confidence_threshold=runtime.settings.confidence_threshold
        )


@router.get("/documents/{document_id:int}")
@router.get("/api/documents/{document_id:int}")
def document(request: Request, runtime: RuntimeDep, document_id: int) -> Response:
    return respond(request, "document.html", load_document(runtime, document_id), extras=html_extras)


@router.post("/documents/{document_id:int}")
def review(
    request: Request,
    runtime: RuntimeDep,
    reviewer: Reviewer,
    document_id: int,
    form: FormDep,
) -> Response:
    """Save the form; with action=approve, save it and approve in the same transaction."""
    fields, lines = review_input(form)
    approving = form.get("action") == "approve"
    try:
        changed = save_review(
            runtime,
            document_id=document_id,
            actor=reviewer,
            fields=fields,
            lines=lines,
            then_approve=approving,
        )
    except InvalidInput as invalid:
        return form_with_errors(request, runtime, document_id, form, invalid)
    except ReviewError as error:
        return redirect(f"/documents/{document_id}", str(error), kind="error")
    if approving:
        return redirect("/", f"Approved #{document_id}{_saved_note(changed)}.")
    return redirect(f"/documents/{document_id}", f"Saved #{document_id}{_saved_note(changed)}.")


def _saved_note(changed: int) -> str:
    if not changed:
        return " (no changes)"
    return f" with {changed} correction{'s' if changed != 1 else ''}"


def review_input(form: FormData) -> tuple[dict[str, str], dict[LineKey, str]]:
    """Header fields by their names, line cells as line-<position>-<field>; other keys ignored."""
    fields = {name: str(form[name]) for name in HEADER_FIELDS if name in form}
    lines: dict[LineKey, str] = {}
    for key, value in form.multi_items():
        parts = key.split("-", 2)
        if len(parts) == 3 and parts[0] == "line" and parts[1].isdigit():
            lines[(int(parts[1]), parts[2])] = str(value)
    return fields, lines


def form_with_errors(
    request: Request, runtime: Runtime, document_id: int, form: FormData, invalid: InvalidInput
) -> Response:
    """The page again with what was typed and a message beside each value that is wrong."""
    context = load_document(runtime, document_id)
    fields, lines = review_input(form)
    typed = {
        **fields,
        **{line_input_name(position, name): value for (position, name), value in lines.items()},
    }
    count = len(invalid.errors)
    context["form_error"] = f"Nothing was saved: {count} value{'s' if count != 1 else ''} to fix."
    return respond(
        request,
        "document.html",
        context,
        extras=lambda c: html_extras(c, typed=typed, errors=invalid.errors),
        status_code=422,
    )


@router.post("/documents/{document_id:int}/reject")
def reject(
    runtime: RuntimeDep, reviewer: Reviewer, document_id: int, note: Annotated[str, Form()] = ""
) -> Response:
    if not note.strip():
        return redirect(f"/documents/{document_id}", "Say why the invoice is rejected.", kind="error")
    try:
        reject_document(runtime, document_id=document_id, actor=reviewer, note=note)
    except ReviewError as error:
        return redirect(f"/documents/{document_id}", str(error), kind="error")
    return redirect("/", f"Rejected #{document_id}: {' '.join(note.split())}")


@router.get("/documents/{document_id:int}/pages/{number:int}.png")
def page_image(runtime: RuntimeDep, document_id: int, number: int) -> Response:
    with transaction(runtime.sessions) as session:
        page = get_page(session, document_id=document_id, number=number)
        if page is None:
            raise NotFound(f"document #{document_id} has no page {number}")
        relpath = page.image_path
    return FileResponse(
        data_file(runtime, relpath, what=f"page {number} of #{document_id}"), media_type="image/png"
    )


@router.get("/documents/{document_id:int}/original")
def original(runtime: RuntimeDep, document_id: int) -> Response:
    with transaction(runtime.sessions) as session:
        found = get_document(session, document_id=document_id)
        if found is None:
            raise NotFound(f"document #{document_id} does not exist")
        relpath, filename, media_type = found.stored_path, found.filename, found.media_type
    path = data_file(runtime, relpath, what=f"the original of #{document_id}")
    return download(path, filename=filename, media_type=media_type or "application/octet-stream")
