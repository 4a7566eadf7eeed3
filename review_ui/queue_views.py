"""The review queue, uploads and the reviewer's name."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import UploadFile as StarletteUploadFile

from capture.intake import IntakeResult, clean_filename
from capture.runtime import Runtime
from models.db import transaction
from review_ui.contexts import queue_context
from review_ui.review import receive_files
from review_ui.web import FormDep, RuntimeDep, local_path, redirect, remember_reviewer, respond

router = APIRouter()
Uploads = Annotated[list[UploadFile], File(description="one or more invoice files")]


def load_queue(runtime: Runtime, status: str | None) -> dict:
    try:
        with transaction(runtime.sessions) as session:
            return queue_context(session, status=status or None)
    except ValueError as error:
        raise HTTPException(400, str(error)) from None


@router.get("/")
@router.get("/api/documents")
def queue(request: Request, runtime: RuntimeDep, status: str | None = None) -> Response:
    return respond(request, "queue.html", load_queue(runtime, status))


@router.get("/queue/rows")
def queue_rows(request: Request, runtime: RuntimeDep, status: str | None = None) -> Response:
    """The live part of the queue page, fetched every few seconds by queue.js."""
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "_queue.html", load_queue(runtime, status))


@router.post("/documents")
def upload(runtime: RuntimeDep, form: FormDep) -> Response:
    """The upload form; a browser sends an empty, nameless part when no file was chosen."""
    parts = [part for part in form.getlist("file") if isinstance(part, StarletteUploadFile)]
    chosen = [(part.filename or "", part.file.read()) for part in parts]
    chosen = [(name, data) for name, data in chosen if name or data]
    if not chosen:
        return redirect("/", "Choose one or more files to upload.", kind="error")
    results = receive_files(runtime, chosen, source="upload")
    return redirect("/", received_message(results, [name for name, _ in chosen]))


@router.post("/api/documents", status_code=201)
def api_upload(runtime: RuntimeDep, file: Uploads) -> JSONResponse:
    results = receive_files(
        runtime, [(upload.filename or "", upload.file.read()) for upload in file], source="api"
    )
    body = [
        {"document_id": r.document_id, "status": r.status, "duplicate_of": r.duplicate_of, "queued": r.queued}
        for r in results
    ]
    return JSONResponse(body, status_code=201)


def received_message(results: list[IntakeResult], filenames: list[str]) -> str:
    """The flash after an upload: '2 files received: #7 acme.pdf, #8 scan.jpg (duplicate of #3)'."""
    parts = []
    for result, filename in zip(results, filenames, strict=True):
        note = f" (duplicate of #{result.duplicate_of})" if result.duplicate_of else ""
        if not result.duplicate_of and not result.queued:
            note = " (waiting for the job queue)"
        parts.append(f"#{result.document_id} {clean_filename(filename)}{note}")
    noun = "file" if len(results) == 1 else "files"
    return f"{len(results)} {noun} received: {', '.join(parts)}"


@router.post("/reviewer")
def set_reviewer(
    name: Annotated[str, Form()] = "", back_to: Annotated[str, Form(alias="next")] = "/"
) -> Response:
    """The "reviewing as" name, kept in a cookie; every review event carries it."""
    response = redirect(local_path(back_to))
    remember_reviewer(response, name)
    return response
