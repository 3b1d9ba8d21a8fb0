"""Walk the shipped lesson end to end in Chromium, behind an access token, with a
screenshot checked at each step."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from tests_paths import REPO
from ui_server import ARGS, CHROMIUM, open_page, press, serve, wait_for_end

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
from collabsim.viz.lesson import load_lesson  # noqa: E402

LESSON = REPO / "lessons" / "trust_faith_confidence.toml"
TOKEN = "classtest7"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    log = tmp_path_factory.mktemp("ui") / "server.log"
    with serve(log, "--lesson", str(LESSON), env={"COLLABSIM_UI_TOKEN": TOKEN}) as up:
        yield up


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def test_a_page_without_the_token_gets_no_model(server, browser):
    for address in (server.url, server.url + "?token=wrong"):
        page = open_page(browser, address, wait_for_board=False)
        page.get_by_text("This page needs the class access code").wait_for()
        assert page.locator(".collabsim-board").count() == 0
        page.close()
    assert "session 1 opened" not in server.text()


def _check_screenshot(path, page, heading: str) -> None:
    image = Image.open(path).convert("RGB")
    colours = image.getcolors(1 << 20)
    assert len(colours) > 100, "screenshot looks blank"
    # the step's heading is on screen (in the viewport, not scrolled away)
    box = page.locator(".collabsim-lesson h3", has_text=heading).bounding_box()
    assert box is not None
    assert 0 <= box["y"] < image.height
    # and so are the drawn charts: the board's canvas is not empty
    painted = page.locator(".collabsim-trends canvas").first.evaluate(
        """c => {
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 200) n++;
          return n;
        }"""
    )
    assert painted > 500


def test_the_lesson_walks_through_end_to_end(server, browser, tmp_path):
    lesson = load_lesson(LESSON)
    page = open_page(browser, f"{server.url}?token={TOKEN}&speed=0")
    page.locator(".collabsim-lesson", has_text=lesson.title).wait_for()
    total = len(lesson.steps)
    for index, (step, setup) in enumerate(
        zip(lesson.steps, lesson.setups(), strict=True)
    ):
        heading = f"Step {index + 1} of {total}: {step.title}"
        page.locator(".collabsim-lesson h3", has_text=heading).wait_for()
        page.locator(".collabsim-guide h3").wait_for()
        guide = page.inner_text(".collabsim-guide h3").lower()
        assert guide == setup.preset.replace("_", " ")
        sides = page.locator(".collabsim-readout th")
        if setup.compare != "none":
            sides.filter(has_text="B: ").first.wait_for()
        press(page, "▶")
        wait_for_end(page)
        shot = tmp_path / f"step-{index + 1}.png"
        page.screenshot(path=shot)
        _check_screenshot(shot, page, heading)
        query = parse_qs(urlsplit(page.url).query)
        assert query.get("token") == [TOKEN]
        if index + 1 < total:
            page.get_by_role("button", name="Next step").click()
            page.wait_for_url(re.compile(rf"step={index + 2}\b"))
    assert page.get_by_role("button", name="Next step").is_disabled()
    page.get_by_role("button", name="Previous step").click()
    page.locator(".collabsim-lesson h3", has_text=f"Step {total - 1} of").wait_for()
    assert not page.errors, page.errors
    page.close()
