"""What every handler shares: the runtime and the reviewer as `Annotated` dependencies, one
`respond` that renders a view's context as HTML or returns it as JSON, and flash messages
carried across a POST-then-redirect in a short-lived cookie."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated
from urllib.parse import quote, unquote

from fastapi import Depends, HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData

from capture.runtime import Runtime

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"
FLASH_COOKIE = "flash"
REVIEWER_COOKIE = "reviewer"
DEFAULT_REVIEWER = "reviewer"
MAX_REVIEWER = 64


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def clean_reviewer(name: str | None) -> str:
    return " ".join((name or "").split())[:MAX_REVIEWER] or DEFAULT_REVIEWER


def current_reviewer(request: Request) -> str:
    """An API client names itself in X-Reviewer; a browser keeps its name in a cookie."""
    cookie = unquote(request.cookies.get(REVIEWER_COOKIE, ""))
    return clean_reviewer(request.headers.get("x-reviewer") or cookie)


def remember_reviewer(response: Response, name: str) -> None:
    value = quote(clean_reviewer(name), safe="")  # percent-encoded: any name survives the cookie
    response.set_cookie(REVIEWER_COOKIE, value, max_age=365 * 24 * 3600, path="/", samesite="lax")


Reviewer = Annotated[str, Depends(current_reviewer)]


async def form_data(request: Request) -> FormData:
    return await request.form()


FormDep = Annotated[FormData, Depends(form_data)]


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def respond(
    request: Request,
    template: str,
    context: dict,
    *,
    extras: Callable[[dict], dict] | None = None,
    status_code: int = 200,
) -> Response:
    """The same context answers /api/… as JSON and the page as HTML (with page-only extras)."""
    if wants_json(request):
        return JSONResponse(context, status_code=status_code)
    page = {**context, **(extras(context) if extras else {})}
    return render(request, template, page, status_code=status_code)


def render(request: Request, template: str, context: dict, *, status_code: int = 200) -> Response:
    flash = read_flash(request)
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(
        request,
        template,
        {**context, "flash": flash, "reviewer": current_reviewer(request)},
        status_code=status_code,
    )
    if flash:
        response.delete_cookie(FLASH_COOKIE, path="/")
    return response


def redirect(url: str, message: str | None = None, *, kind: str = "success") -> RedirectResponse:
    """303 See Other, so the browser follows with a GET and a reload does not post again."""
    response = RedirectResponse(url, status_code=303)
    if message:
        value = quote(json.dumps({"kind": kind, "text": message}), safe="")
        response.set_cookie(FLASH_COOKIE, value, max_age=60, path="/", httponly=True, samesite="lax")
    return response


def read_flash(request: Request) -> dict | None:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return None
    try:
        flash = json.loads(unquote(raw))
        return {"kind": str(flash["kind"]), "text": str(flash["text"])}
    except (ValueError, KeyError, TypeError):
        return None


def local_path(url: str | None) -> str:
    """Only a path on this site is a redirect target (no open redirect through `next`)."""
    if url and url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return url
    return "/"


def data_file(runtime: Runtime, relpath: str, *, what: str) -> Path:
    """A stored file under the data dir, or 404 when it is gone or the path leaves the dir."""
    root = runtime.settings.data_dir.resolve()
    path = (root / relpath).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise HTTPException(404, f"{what} is not on disk any more")
    return path


def download(path: Path, *, filename: str, media_type: str) -> FileResponse:
    return FileResponse(path, media_type=media_type, filename=filename, content_disposition_type="attachment")


def when(value: str | None) -> str:
    """An ISO time as a clerk reads it (UTC, to the minute)."""
    if not value:
        return ""
    return datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M")
