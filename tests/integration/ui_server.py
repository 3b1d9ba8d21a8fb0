"""Start ``collabsim ui`` for browser tests and drive its pages (helpers, no tests)."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests_paths import REPO

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Generous: the machine is shared, and the first start may compile the engine.
START_TIMEOUT = 240
WAIT_MS = 60_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """A running ``collabsim ui`` and its log."""

    def __init__(self, process: subprocess.Popen[bytes], url: str, log: Path) -> None:
        self.process = process
        self.url = url
        self.log = log

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for_log(self, pattern: str, timeout: float = 60) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if found := re.search(pattern, self.text()):
                return found
            time.sleep(0.2)
        pytest.fail(f"{pattern!r} not in the server log:\n{self.text()[-3000:]}")


@contextlib.contextmanager
def serve(
    log: Path, *options: str, env: dict[str, str] | None = None
) -> Iterator[Server]:
    """Run ``python -m collabsim ui`` on a free port until the block ends."""
    port = free_port()
    environment = {**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "collabsim", "ui", "--port", str(port), *options],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=environment,
            cwd=REPO,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_serving(url, process, log)
        yield Server(process, url, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"collabsim ui exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    pytest.fail(f"collabsim ui did not start in {START_TIMEOUT} s:\n{log.read_text()}")


def open_page(browser, url: str, *, wait_for_board: bool = True):
    """A new page at ``url`` that records errors; waits for the board's first frame."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: page.errors.append(msg.text) if msg.type == "error" else None,
    )
    page.set_default_timeout(WAIT_MS)
    page.goto(url)
    if wait_for_board:
        wait_for_week(page, 0, at_least=True)
    return page


def board(page):
    return page.locator(".collabsim-board")


def week(page) -> int:
    return int(board(page).get_attribute("data-week") or 0)


def wait_for_week(page, value: int, *, at_least: bool = False) -> None:
    """Until the board has drawn a frame of week ``value`` (or later)."""
    test = ">=" if at_least else "=="
    page.wait_for_function(
        "([w]) => { const b = document.querySelector('.collabsim-board');"
        " return b && Number(b.dataset.frames) > 0"
        f" && Number(b.dataset.week) {test} w; }}",
        arg=[value],
        timeout=WAIT_MS,
    )


def wait_for_end(page) -> None:
    """Until the run has finished and its last week is drawn."""
    page.locator(".v-alert", has_text="Run finished").wait_for()
    page.locator(
        ".collabsim-step", has_text=re.compile(r"^\w+ (\d+) of \1$")
    ).wait_for()


def press(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()


def choose(page, label: str, option: str) -> None:
    page.locator(".v-select", has_text=label).first.click()
    page.locator(
        ".menuable__content__active .v-list-item", has_text=option
    ).first.click()


def readout(page, metric: str) -> list[str]:
    row = page.locator(".collabsim-readout tr", has_text=metric)
    return row.locator("td").all_inner_texts()[1:]
