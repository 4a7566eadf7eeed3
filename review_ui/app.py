"""The review web app: server-rendered pages for clerks and a JSON API over the same views.

`create_app(runtime)` is the only way in; handlers get the runtime through an `Annotated`
dependency (`review_ui.web.RuntimeDep`), so two apps on two runtimes never share state."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from capture.runtime import Runtime
from models.invoices import ReviewError
from review_ui import api, document_views, export_views, queue_views
from review_ui.presentation import label
from review_ui.review import InvalidInput, NotFound
from review_ui.web import STATIC_DIR, TEMPLATES_DIR, render, wants_json, when


def create_app(runtime: Runtime) -> FastAPI:
    # No Swagger page: it loads its scripts from a CDN, and nothing here comes from the internet.
    app = FastAPI(
        title="invoice-capture review", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json"
    )
    app.state.runtime = runtime
    app.state.templates = make_templates()
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (queue_views, document_views, export_views, api):
        app.include_router(module.router)
    add_error_handlers(app)
    return app


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=TEMPLATES_DIR)
    templates.env.filters["when"] = when
    templates.env.filters["label"] = label
    templates.env.globals["status_label"] = lambda status: status.replace("_", " ")
    return templates


def add_error_handlers(app: FastAPI) -> None:
    """Each error maps to one status here: unknown → 404, not allowed now → 409, bad value → 422."""

    @app.exception_handler(NotFound)
    def not_found(request: Request, error: NotFound) -> Response:
        return error_response(request, 404, str(error))

    @app.exception_handler(ReviewError)
    def conflict(request: Request, error: ReviewError) -> Response:
        return error_response(request, 409, str(error))

    @app.exception_handler(InvalidInput)
    def invalid(request: Request, error: InvalidInput) -> Response:
        return JSONResponse({"detail": str(error), "errors": error.errors}, status_code=422)

    @app.exception_handler(HTTPException)
    def http_error(request: Request, error: HTTPException) -> Response:
        return error_response(request, error.status_code, str(error.detail), headers=error.headers)


def error_response(request: Request, status: int, detail: str, *, headers: dict | None = None) -> Response:
    if wants_json(request):
        return JSONResponse({"detail": detail}, status_code=status, headers=headers)
    return render(request, "error.html", {"status_code": status, "detail": detail}, status_code=status)
