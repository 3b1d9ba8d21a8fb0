"""The play loop without a browser: frames append, are paced by acknowledgements,
stall when the page stops answering, and a closed session frees its model."""

from __future__ import annotations

import math
import threading
import time

import pytest

pytest.importorskip("solara")

from collabsim.viz import session as session_module
from collabsim.viz.frames import TRENDS
from collabsim.viz.registry import SessionRegistry
from collabsim.viz.setups import Setup, build_model

WAIT = 60.0  # generous: the machine is shared


class FakePage:
    """A page that keeps what it is sent and acknowledges (or not)."""

    def __init__(self, *, answer: bool = True) -> None:
        self.answer = answer
        self.session = None
        self.layouts: list[dict] = []
        self.frames: list[dict] = []
        self.times: list[float] = []
        self.changed = threading.Event()

    def show_layout(self, layout):
        self.layouts.append(layout)
        self.changed.set()

    def show_frame(self, frame):
        self.frames.append(frame)
        self.times.append(time.monotonic())
        if self.answer:
            self.session.ack(frame["run"], frame["seq"])
        self.changed.set()


def _until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.01)


@pytest.fixture
def registry():
    registry = SessionRegistry(limit=3)
    yield registry
    for session in registry.sessions():
        session.close()


def _open(registry, page, setup=None, speed=0):
    session = registry.open()
    page.session = session
    session.attach(page)
    session.set_speed(speed)
    session.load(build_model(setup or Setup()))
    return session


def test_frames_append_only_new_points_and_add_up_to_the_run(registry):
    page = FakePage()
    session = _open(registry, page, Setup(compare="governance"))
    model = session.model
    session.play()
    _until(lambda: session.status.finished and page.frames[-1]["week"] == 156, "end")
    _until(lambda: session.frames == len(page.frames), "last frame")
    sides, panels = len(model.sides), len(TRENDS)
    assert page.layouts[-1]["sides"][1].startswith("B: governance")
    received = [[] for _ in range(sides * panels)]
    for frame in page.frames:
        for series, points in zip(received, frame["series"], strict=True):
            assert frame["start"] == len(series)  # no gap, no overlap
            series.extend(points)
    for s, side in enumerate(model.sides):
        for i, name in enumerate(TRENDS):
            expected = side.datacollector.model_vars[name]
            got = received[s * panels + i]
            assert len(got) == len(expected) == 157
            assert got == pytest.approx(
                [None if math.isnan(v) else round(v, 4) for v in expected], abs=1e-9
            )
    # at full speed, 157 points arrive in far fewer frames, at most ten a second
    assert len(page.frames) < 157
    gaps = [b - a for a, b in zip(page.times, page.times[1:], strict=False)]
    assert min(gaps) >= session_module.MIN_FRAME_INTERVAL * 0.9


def test_a_page_that_stops_answering_stalls_the_play_loop(registry, monkeypatch):
    monkeypatch.setattr(session_module, "STALL_AFTER", 0.5)
    page = FakePage(answer=False)
    session = _open(registry, page, Setup(preset="generated_network"), speed=20)
    session.play()
    _until(lambda: session.status.stalled, "stall")
    assert len(page.frames) == 1  # one frame in flight, never a queue
    steps = session.steps
    time.sleep(0.5)
    assert session.steps == steps  # no stepping while stalled
    assert not session.status.playing
    # the page answers again: play resumes
    frame = page.frames[-1]
    session.ack(frame["run"], frame["seq"])
    _until(lambda: session.steps > steps, "resume")
    _until(lambda: session.status.stalled, "stall again")
    # the frame in flight was lost (a reconnect): play sends a new one at once
    frames = len(page.frames)
    session.play()
    _until(lambda: len(page.frames) > frames, "a new frame")
    assert session.status.playing


def test_a_paused_session_waiting_for_a_gone_page_uses_no_cpu(registry, monkeypatch):
    monkeypatch.setattr(session_module, "STALL_AFTER", 0.2)
    page = FakePage(answer=False)
    session = _open(registry, page)
    session.step_once()
    _until(lambda: session.waiting_for_page, "a frame in flight")
    time.sleep(0.3)  # past the stall time, but not playing
    started = time.process_time()
    time.sleep(1.0)
    assert time.process_time() - started < 0.3  # the loop sleeps, it does not spin


def test_a_lost_frame_is_resent_from_the_start(registry):
    page = FakePage()
    session = _open(registry, page)
    for _ in range(3):
        session.step_once()
    _until(lambda: page.frames and page.frames[-1]["week"] == 3, "three steps")
    session.resync(page.frames[-1]["run"])
    session.step_once()
    _until(lambda: page.frames[-1]["week"] == 4, "resent frame")
    assert page.frames[-1]["start"] == 0
    assert len(page.frames[-1]["series"][0]) == 5
    assert page.frames[-1]["network"] is not None


def test_play_never_runs_faster_than_the_speed(registry):
    page = FakePage()
    session = _open(registry, page, speed=20)
    started = time.monotonic()
    session.play()
    time.sleep(1.0)
    session.pause()
    elapsed = time.monotonic() - started
    assert 0 < session.steps <= 20 * elapsed + 11  # 10 periods of catch-up at most


def test_closing_ends_the_loop_and_frees_the_model_and_the_slot(registry):
    pages = [FakePage() for _ in range(3)]
    sessions = [_open(registry, page, speed=5) for page in pages]
    assert registry.open() is None  # the limit
    assert registry.summary().startswith("3 of 3 sessions open")
    for session in sessions:
        session.play()
    _until(lambda: registry.playing_count() == 3, "three playing")
    sessions[0].close()
    names = {thread.name for thread in threading.enumerate()}
    assert f"collabsim-session-{sessions[0].number}" not in names
    assert f"collabsim-session-{sessions[1].number}" in names
    assert sessions[0].model is None
    assert registry.open_count == 2
    assert registry.playing_count() == 2
    steps = sessions[0].steps
    time.sleep(0.3)
    assert sessions[0].steps == steps
    assert registry.open() is not None  # the slot is free again
