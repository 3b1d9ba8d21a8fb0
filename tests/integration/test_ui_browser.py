"""Drive the teaching page in headless Chromium: preset, step, reset, side by side."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian chromium at /usr/bin/chromium (make browser installs it)",
    ),
]

pytest.importorskip("solara")
sync_api = pytest.importorskip("playwright.sync_api")

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TRUST = "Mean tie trust (0-1)"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_serving(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"collabsim ui exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    pytest.fail(f"collabsim ui did not start in 60 s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    port = _free_port()
    log = tmp_path_factory.mktemp("ui") / "server.log"
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "collabsim", "ui", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_serving(url, server, log)
        assert f"open {url}" in log.read_text()
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture
def page(server_url):
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.errors = []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.on(
            "console",
            lambda msg: page.errors.append(msg.text) if msg.type == "error" else None,
        )
        page.set_default_timeout(30_000)
        page.goto(server_url)
        page.locator(".collabsim-readout").wait_for(timeout=90_000)  # first render
        yield page
        browser.close()


def _trust(page) -> float:
    row = page.locator(".collabsim-readout tr", has_text=TRUST)
    return float(row.locator("td").nth(1).inner_text())


def _choose(page, label: str, option: str) -> None:
    page.locator(".v-select", has_text=label).click()
    page.locator(
        ".menuable__content__active .v-list-item", has_text=option
    ).first.click()


def _press(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()


def _wait_for_week(page, week: int) -> None:
    page.locator(".collabsim-step", has_text=re.compile(rf"^Week {week} of")).wait_for()


def test_teaching_page(page, tmp_path):
    # a preset
    _choose(page, "Preset", "history_of_success")
    _press(page, "Reset")
    page.locator(".collabsim-guide h3", has_text="History of success").wait_for()
    page.screenshot(path=tmp_path / "1-preset.png")
    # steps change the plotted values
    before = _trust(page)
    for week in (1, 2, 3):
        _press(page, "Step")
        _wait_for_week(page, week)
    assert _trust(page) != before
    page.screenshot(path=tmp_path / "2-stepped.png")
    # reset starts again
    _press(page, "Reset")
    _wait_for_week(page, 0)
    assert _trust(page) == before
    # side by side: voluntary vs mandated on the same seed
    _choose(page, "Side by side", "governance")
    _press(page, "Reset")
    page.locator(".collabsim-readout th", has_text="B: governance").wait_for()
    for week in (1, 2):
        _press(page, "Step")
        _wait_for_week(page, week)
    page.screenshot(path=tmp_path / "3-side-by-side.png")
    # no Python error reached the page or the console
    text = page.inner_text("body")
    assert "Traceback" not in text
    assert "error in step" not in text
    assert not page.errors, page.errors
    # usable at a projector's 1280x720: controls and plots on screen, no sideways scroll
    for locator in (
        page.get_by_role("button", name="Step", exact=True),
        page.get_by_role("button", name="Reset", exact=True),
        page.locator(".v-card", has_text="Trends").first,
    ):
        box = locator.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + min(box["width"], 200) <= 1280
        assert 0 <= box["y"] < 720
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280
    # the network view and D'Amour table further down
    page.locator(".collabsim-damour").scroll_into_view_if_needed()
    page.screenshot(path=tmp_path / "4-network-damour.png")
    print(f"screenshots in {tmp_path}")
