"""One browser page's simulation: its model, its play loop, and the frames it sends.

A :class:`PlaySession` owns one :class:`~collabsim.viz.uimodel.UIModel` and one
thread. The thread steps the model at the chosen speed and, independently, sends the
page a frame of new data at most every :data:`MIN_FRAME_INTERVAL` seconds, and only
once the page has acknowledged the previous frame: a slow page gets fewer frames,
never a queue of them, and steps are never held up by drawing. If the page stops
acknowledging for :data:`STALL_AFTER` seconds (the tab closed, the laptop slept), the
loop stalls and uses no CPU until an acknowledgement comes back; closing the session
(when the page's kernel closes) ends the thread and drops the model.

Nothing here imports Solara: the page and the benchmark drive the same class.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from collabsim.viz.frames import FrameBuilder
from collabsim.viz.uimodel import UIModel

__all__ = [
    "MIN_FRAME_INTERVAL",
    "STALL_AFTER",
    "PlaySession",
    "SessionStatus",
    "Sink",
]

log = logging.getLogger(__name__)

#: Fastest frame rate: 10 frames per second.
MIN_FRAME_INTERVAL = 0.1
#: Slowest frame rate the adaptive interval may reach.
MAX_FRAME_INTERVAL = 1.0
#: Seconds without an acknowledged frame after which the play loop stalls.
STALL_AFTER = 5.0
#: Longest stretch of stepping between two looks at the frame clock (fast speeds).
_BATCH_SECONDS = 0.02
#: Frame interval as a multiple of the time it took to build and send a frame.
_COST_FACTOR = 10.0
#: Most steps one pass of the loop catches up on (slow speeds, busy machine).
_MAX_STEPS = 50


class Sink(Protocol):
    """Where a session sends what the page draws (the board widget)."""

    def show_layout(self, layout: dict[str, Any]) -> None:
        """Start a new run: axes, sides, network nodes."""

    def show_frame(self, frame: dict[str, Any]) -> None:
        """Add a frame of new data."""


@dataclass(frozen=True, slots=True)
class SessionStatus:
    """What the controls show: playing, finished, stalled (no page answering)."""

    playing: bool = False
    finished: bool = False
    stalled: bool = False


class PlaySession:
    """The play loop of one page.

    Args:
        number: Session number on this server (for logs and the page).
        on_close: Called once with this session when it closes.
        summary: A line about the server for each frame (sessions open, playing).
    """

    def __init__(
        self,
        number: int,
        *,
        on_close: Callable[[PlaySession], None],
        summary: Callable[[], str],
    ) -> None:
        self.number = number
        self._on_close = on_close
        self._summary = summary
        self._cond = threading.Condition()
        self._sink: Sink | None = None
        self._on_status: Callable[[SessionStatus], None] | None = None
        self.model: UIModel | None = None
        self._builder: FrameBuilder | None = None
        self._runs = 0
        self._layout_due = False
        self._speed = 20.0
        self._status = SessionStatus()
        self._notified = SessionStatus()
        self._step_requests = 0
        self._next_step_at = 0.0
        self._next_frame_at = 0.0
        self._interval = MIN_FRAME_INTERVAL
        self._seq = 0
        self._in_flight: int | None = None
        self._sent_at = 0.0
        self._closed = False
        #: Steps taken and frames sent over the session's life (for benchmarks).
        self.steps = 0
        self.frames = 0
        self._thread = threading.Thread(
            target=self._loop, name=f"collabsim-session-{number}", daemon=True
        )
        self._thread.start()

    # -- commands (any thread) -------------------------------------------------
    def attach(
        self, sink: Sink, on_status: Callable[[SessionStatus], None] | None = None
    ) -> None:
        """Send frames to ``sink``; report status changes to ``on_status``."""
        with self._cond:
            self._sink = sink
            self._on_status = on_status
            self._layout_due = self.model is not None
            self._in_flight = None
            self._cond.notify()

    def load(self, model: UIModel) -> None:
        """Show ``model`` from its start (a Reset); playing stops."""
        with self._cond:
            self.model = model
            self._runs += 1
            self._builder = None
            self._layout_due = True
            self._in_flight = None
            self._step_requests = 0
            self._status = SessionStatus(finished=not model.running)
            self._cond.notify()
        self._notify()

    def play(self) -> None:
        """Run at the chosen speed until the model's last step."""
        with self._cond:
            if self.model is not None and self.model.running:
                if self._status.stalled:  # the frame in flight is lost: send anew
                    self._in_flight = None
                self._next_step_at = time.monotonic()
                self._status = SessionStatus(playing=True)
                self._cond.notify()
        self._notify()

    def pause(self) -> None:
        """Stop stepping (the page keeps what it shows)."""
        with self._cond:
            self._status = SessionStatus(finished=self._status.finished)
            self._cond.notify()
        self._notify()

    def step_once(self) -> None:
        """Take one step (when paused)."""
        with self._cond:
            self._step_requests += 1
            self._cond.notify()

    def set_speed(self, steps_per_second: float) -> None:
        """Steps per second while playing; 0 means as fast as the machine allows."""
        with self._cond:
            self._speed = max(0.0, float(steps_per_second))
            self._next_step_at = time.monotonic()
            self._cond.notify()

    def ack(self, run: int, seq: int) -> None:
        """The page drew frame ``seq`` of run ``run``."""
        with self._cond:
            if self._builder is None or run != self._builder.run:
                return
            if seq == self._in_flight:
                self._in_flight = None
            if self._status.stalled:
                log.info("session %d: page answering again", self.number)
                self._status = SessionStatus(playing=True)
                self._next_step_at = time.monotonic()
            self._cond.notify()
        self._notify()

    def resync(self, run: int) -> None:
        """The page missed a frame: send the whole run again."""
        with self._cond:
            if self._builder is not None and run == self._builder.run:
                self._builder.rewind()
                self._in_flight = None
                self._cond.notify()

    def close(self) -> None:
        """End the play loop and drop the model (the page has gone)."""
        with self._cond:
            if self._closed:
                return
            self._closed = True
            self._cond.notify()
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout=5.0)
        with self._cond:
            self.model = None
            self._builder = None
            self._sink = None
            self._on_status = None
        self._on_close(self)

    # -- state ----------------------------------------------------------------
    @property
    def status(self) -> SessionStatus:
        """Playing, finished or stalled."""
        return self._status

    @property
    def waiting_for_page(self) -> bool:
        """Whether a frame sent has not been acknowledged yet."""
        return self._in_flight is not None

    @property
    def caught_up(self) -> bool:
        """Whether the page has been sent, and has acknowledged, every step taken."""
        builder = self._builder
        return (
            builder is not None and builder.pending <= 0 and not self.waiting_for_page
        )

    @property
    def closed(self) -> bool:
        """Whether the session has ended."""
        return self._closed

    def _notify(self) -> None:
        """Tell the page about a status change (never while holding the lock)."""
        with self._cond:
            status, callback = self._status, self._on_status
            if status == self._notified:
                return
            self._notified = status
        if callback is not None:
            callback(status)

    # -- the thread ------------------------------------------------------------
    def _loop(self) -> None:
        while True:
            with self._cond:
                if self._closed:
                    break
                timeout = self._sleep(time.monotonic())
                if timeout is None or timeout > 0:
                    self._cond.wait(timeout)
                if self._closed:
                    break
                job = self._take_job(time.monotonic())
            if job is not None:
                try:
                    self._run(job)
                except Exception:
                    log.exception("session %d: play loop failed", self.number)
                    with self._cond:
                        self._status = SessionStatus()
            self._notify()
        log.info("session %d: play loop ended", self.number)

    def _sleep(self, now: float) -> float | None:
        """Seconds until there is work; ``None``: until a command comes."""
        if self._sink is None or self.model is None:
            return None
        if self._layout_due or self._step_requests:
            return 0.0
        waits: list[float] = []
        if self._status.playing:
            waits.append(0.0 if self._speed == 0 else self._next_step_at - now)
        if self._in_flight is not None:
            if self._status.playing:  # to notice a page that stopped answering
                waits.append(self._sent_at + STALL_AFTER - now)
        elif self._builder is not None and self._builder.pending > 0:
            waits.append(self._next_frame_at - now)
        return max(0.0, min(waits)) if waits else None

    def _take_job(self, now: float) -> _Job | None:
        """Decide, under the lock, what the thread does next."""
        sink, model = self._sink, self.model
        if sink is None or model is None:
            return None
        layout = self._layout_due
        self._layout_due = False
        steps = 0
        if self._status.playing and self._speed > 0:
            period = 1.0 / self._speed
            self._next_step_at = max(self._next_step_at, now - 10 * period)
            while self._next_step_at <= now and steps < _MAX_STEPS:
                steps += 1
                self._next_step_at += period
        elif self._status.playing:
            steps = -1  # as many as fit in one batch
        elif self._step_requests:
            steps = min(self._step_requests, _MAX_STEPS)
            self._next_frame_at = now  # show a manual step at once
        self._step_requests = 0
        return _Job(sink, model, self._runs, layout=layout, steps=steps)

    def _run(self, job: _Job) -> None:
        """Do a job outside the lock: build the layout, step, send a frame."""
        if job.layout:
            fresh = FrameBuilder(job.model, job.run)
            job.sink.show_layout(fresh.layout)
            with self._cond:
                if job.run != self._runs:
                    return
                self._builder = fresh
                self._in_flight = None
                self._next_frame_at = 0.0
        taken = _take_steps(job.model, job.steps)
        with self._cond:
            self.steps += taken
            if job.run == self._runs and not job.model.running:
                self._status = SessionStatus(finished=True)
            seq = self._frame_due(time.monotonic(), job.run)
            builder = self._builder
        if seq is None or builder is None:
            return
        started = time.perf_counter()
        status = f"Session {self.number}. {self._summary()}"
        job.sink.show_frame(builder.frame(seq, status=status))
        cost = time.perf_counter() - started
        with self._cond:
            self._interval = min(
                MAX_FRAME_INTERVAL, max(MIN_FRAME_INTERVAL, _COST_FACTOR * cost)
            )
            self._next_frame_at = self._sent_at + self._interval

    def _frame_due(self, now: float, run: int) -> int | None:
        """The number of the frame to send now, if one is due (under the lock)."""
        builder = self._builder
        if builder is None or builder.run != run or self._layout_due:
            return None
        if self._in_flight is not None:
            if now - self._sent_at >= STALL_AFTER and self._status.playing:
                log.info("session %d: page not answering; play stalls", self.number)
                self._status = SessionStatus(stalled=True)
            return None
        if (builder.pending <= 0 and builder.sent > 0) or now < self._next_frame_at:
            return None
        self._seq += 1
        self._in_flight = self._seq
        self._sent_at = now
        self.frames += 1
        return self._seq


@dataclass(frozen=True, slots=True)
class _Job:
    sink: Sink
    model: UIModel
    run: int
    layout: bool
    steps: int  # -1: a batch of _BATCH_SECONDS at full speed


def _take_steps(model: UIModel, steps: int) -> int:
    taken = 0
    if steps < 0:
        end = time.monotonic() + _BATCH_SECONDS
        while model.running and time.monotonic() < end:
            model.step()
            taken += 1
        return taken
    for _ in range(steps):
        if not model.running:
            break
        model.step()
        taken += 1
    return taken
