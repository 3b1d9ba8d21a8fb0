"""Drive the teaching page in headless Chromium: setup in the address, concurrent pages,
closing a page stops its simulation, the session limit, PNG export, projector mode."""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from ui_server import (
    ARGS,
    CHROMIUM,
    choose,
    open_page,
    press,
    readout,
    serve,
    wait_for_end,
    wait_for_week,
    week,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian chromium at /usr/bin/chromium (make browser installs it)",
    ),
]

pytest.importorskip("solara")
sync_api = pytest.importorskip("playwright.sync_api")
Image = pytest.importorskip("PIL.Image")

TRUST = "Mean tie trust (0-1)"
LIMIT = 3


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    log = tmp_path_factory.mktemp("ui") / "server.log"
    with serve(log, "--max-sessions", str(LIMIT)) as running:
        assert f"open {running.url}" in running.text()
        yield running


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def _no_errors(page) -> None:
    text = page.inner_text("body")
    assert "Traceback" not in text
    assert not page.errors, page.errors


def _session(page) -> int:
    page.locator(".collabsim-server", has_text="Session").wait_for()
    found = re.search(r"Session (\d+)\.", page.inner_text(".collabsim-server"))
    assert found
    return int(found.group(1))


def test_setup_steps_reset_side_by_side_and_the_address(server, browser, tmp_path):
    page = open_page(browser, server.url)
    number = _session(page)
    choose(page, "Preset", "history_of_success")
    press(page, "Reset")
    page.locator(".collabsim-guide h3", has_text="History of success").wait_for()
    before = readout(page, TRUST)
    for step in (1, 2, 3):
        press(page, "Step")
        wait_for_week(page, step)
    assert readout(page, TRUST) != before
    page.screenshot(path=tmp_path / "1-stepped.png")
    press(page, "Reset")
    wait_for_week(page, 0)
    assert readout(page, TRUST) == before
    # side by side on the same seed; the setup lands in the address
    choose(page, "Side by side", "governance")
    page.get_by_label("Seed").fill("7")
    page.get_by_label("Seed").press("Enter")
    press(page, "Reset")
    page.locator(".collabsim-readout th", has_text="B: governance").wait_for()
    page.wait_for_url(re.compile(r"compare=governance"))
    query = parse_qs(urlsplit(page.url).query)
    assert query["preset"] == ["history_of_success"]
    assert _session(page) == number  # Reset and the new address keep the session
    assert query["seed"] == ["7"]
    # the same address in another page gives the same setup and the same numbers
    press(page, "Step")
    wait_for_week(page, 1)
    shared = open_page(browser, page.url)
    shared.locator(".collabsim-readout th", has_text="B: governance").wait_for()
    shared.locator(".collabsim-guide h3", has_text="History of success").wait_for()
    press(shared, "Step")
    wait_for_week(shared, 1)
    assert readout(shared, TRUST) == readout(page, TRUST)
    assert len(readout(page, TRUST)) == 2
    for each in (page, shared):
        _no_errors(each)
        each.close()


def test_a_path_in_the_address_is_refused(server, browser):
    page = open_page(browser, server.url + "?preset=../../etc/passwd&seed=5")
    page.get_by_text("is not a shipped preset").wait_for()
    page.locator(".collabsim-guide h3", has_text="Voluntary baseline").wait_for()
    assert "root:" not in page.inner_text("body")
    page.close()


def test_concurrent_pages_play_and_a_closed_page_stops(server, browser):
    pages = [open_page(browser, server.url + "?speed=5") for _ in range(LIMIT)]
    numbers = [_session(page) for page in pages]
    for page in pages:
        press(page, "▶")
    for page in pages:
        wait_for_week(page, 3, at_least=True)
    # one more page than the limit gets the friendly message, not a model
    extra = open_page(browser, server.url, wait_for_board=False)
    extra.get_by_text("This server is busy").wait_for()
    assert extra.locator(".collabsim-board").count() == 0
    extra.close()
    # closing a page ends its session's play loop; the others play on
    closing = pages.pop(0)
    closing.close()
    server.wait_for_log(rf"session {numbers[0]}: play loop ended", timeout=90)
    server.wait_for_log(rf"session {numbers[0]} closed")
    for page in pages:
        now = week(page)
        wait_for_week(page, now + 2, at_least=True)
        _no_errors(page)
    for page in pages:
        page.close()


def test_png_export_and_projector_mode(server, browser, tmp_path):
    page = open_page(browser, server.url + "?preset=integrated_care_system&speed=0")
    press(page, "▶")
    wait_for_end(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Save charts as PNG").click()
    path = tmp_path / "charts.png"
    download.value.save_as(path)
    assert download.value.suggested_filename == "collabsim-week-156.png"
    image = Image.open(io.BytesIO(path.read_bytes()))
    assert image.format == "PNG"
    assert image.width >= 800
    assert image.height >= 800
    assert len(image.convert("RGB").getcolors(1 << 20)) > 50  # charts, not a blank
    # projector mode: large type, kept in the address
    normal = page.locator(".collabsim-guide p").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    page.get_by_text("Projector mode", exact=True).click()
    page.locator(".collabsim-projector").wait_for()
    page.wait_for_url(re.compile(r"projector=1"))
    large = page.locator(".collabsim-guide p").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert large >= 20 > normal
    page.screenshot(path=tmp_path / "projector.png")
    _no_errors(page)
    page.close()
