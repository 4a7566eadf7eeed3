"""A clerk's round trip in a real browser (Debian's headless Chromium driven by Playwright):
queue → invoice page → correct → approve → queue → export → download the CSV."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from capture.local_redis import free_port
from capture.runtime import Runtime
from models.db import transaction
from models.invoices import review_events
from review_ui.app import create_app
from tests.ui_fixtures import Sample, add_approved, add_arrival, add_failed, add_invoice

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling home, which this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOT = Path("/tmp/review-page.png")


@pytest.fixture
def server(runtime: Runtime) -> Iterator[str]:
    """The app under uvicorn in a background thread, on the test's database."""
    port = free_port()
    config = uvicorn.Config(
        create_app(runtime), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page():
    if not CHROMIUM.exists():
        pytest.skip("browser test needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
        context.set_default_timeout(10_000)
        yield context.new_page()
        context.close()
        browser.close()


def test_a_clerk_corrects_approves_and_exports_an_invoice(runtime, server, page):
    from playwright.sync_api import expect

    active = re.compile(r"\bactive\b")
    add_approved(runtime, Sample(filename="globex-1187.pdf", content=b"%PDF globex", reasons=()))
    add_failed(
        runtime, filename="scan-0304.pdf", code="password_protected", reason="PDF is password-protected"
    )
    document_id = add_invoice(runtime)

    page.goto(server + "/")
    page.fill("#reviewer-name", "Anna Weiß")
    page.click("form.reviewer button")
    expect(page.locator("#reviewer-name")).to_have_value("Anna Weiß")
    dropped = add_arrival(runtime, filename="just-dropped.pdf", content=b"%PDF new")
    expect(page.locator(f'tr[data-document-id="{dropped}"]')).to_be_visible(
        timeout=10_000
    )  # refreshed by itself
    page.click(f'tr[data-document-id="{document_id}"] td.file a')
    page.wait_for_url(f"{server}/documents/{document_id}")

    image, form = page.locator("img.page-image"), page.locator("form#review-form")
    expect(image).to_be_visible()
    expect(form).to_be_visible()
    assert page.evaluate("document.querySelector('img.page-image').naturalWidth") > 0
    image_box, form_box = image.bounding_box(), form.bounding_box()
    assert image_box["x"] + image_box["width"] <= form_box["x"], "the page image sits left of the fields"
    assert image_box["width"] > 500

    page.focus('input[name="total"]')
    expect(page.locator('rect[data-target="total"]')).to_have_class(active)
    expect(page.locator('rect[data-target="invoice_number"]')).not_to_have_class(active)
    expect(page.locator('.field[data-field="total"]')).to_have_class(re.compile(r"\bfocused\b"))
    page.fill('input[name="total"]', "1.190,00")
    page.screenshot(path=str(SCREENSHOT))

    page.keyboard.press("Control+Enter")  # the approve shortcut saves the form, then approves
    page.wait_for_url(f"{server}/")
    expect(page.locator(".flash")).to_have_text(f"Approved #{document_id} with 1 correction.")
    expect(page.locator(f'tr[data-document-id="{document_id}"] .badge')).to_have_text("approved")

    page.click('nav.mainnav a[href="/exports"]')
    expect(page.locator("#ready-count")).to_have_text("2")
    page.click("form.create-export button")
    expect(page.locator(".flash")).to_have_text("Export #1 created: 2 invoices, 4 rows.")
    with page.expect_download() as download_info:
        page.click('tr[data-batch-id="1"] a.download')
    download = download_info.value

    assert re.fullmatch(r"export-1-\d{8}T\d{6}\.csv", download.suggested_filename)
    rows = Path(download.path()).read_text(encoding="utf-8").splitlines()
    corrected = [row for row in rows if row.startswith(f"1,{document_id},")]
    assert len(corrected) == 2 and all(",1190.00,1190.00," in row for row in corrected)
    with transaction(runtime.sessions) as session:
        actors = {(e.action, e.actor) for e in review_events(session, document_id=document_id)}
    assert actors == {("correct", "Anna Weiß"), ("approve", "Anna Weiß"), ("export", "Anna Weiß")}
