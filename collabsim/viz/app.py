"""The collabsim teaching page.

Run it with ``collabsim ui`` (which starts ``solara run collabsim.viz.app`` with its
settings, :mod:`collabsim.viz.config`). Each browser page gets one
:class:`~collabsim.viz.session.PlaySession` (model and play loop), closed when the
page's kernel closes; the live charts are drawn in the browser from small frames
(:mod:`collabsim.viz.board`). The sidebar edits the setup, which Reset applies and
writes into the address; an address read back selects only shipped presets and
declared levers (:mod:`collabsim.viz.setups`).

Mesa's ``SolaraViz`` is not used: it re-renders every component on every step, its
play loop goes on after the browser has gone, and its API differs between the Mesa
versions we support. The model itself is Mesa's (:class:`UIModel`).
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from dataclasses import replace
from urllib.parse import parse_qs

import solara

from collabsim.viz.board import Board, BoardWidget
from collabsim.viz.components import (
    PROJECTOR_CSS,
    AccessDenied,
    Guide,
    LessonPanel,
    ServerFull,
    SharePanel,
)
from collabsim.viz.config import ServerConfig
from collabsim.viz.controls import PlayControls, SetupControls
from collabsim.viz.lesson import Lesson, load_lesson
from collabsim.viz.registry import SessionRegistry
from collabsim.viz.session import PlaySession, SessionStatus
from collabsim.viz.setups import (
    PageState,
    Setup,
    build_model,
    parse_query,
    to_query,
)
from collabsim.viz.uimodel import UIModel

__all__ = ["CONFIG", "REGISTRY", "Page", "page"]

TITLE = "collabsim: trust, confidence and faith in collaboration"
#: How this server was started (read once, from the launcher's environment).
CONFIG = ServerConfig.from_environment()
#: The sessions of this server.
REGISTRY = SessionRegistry(CONFIG.max_sessions)
LESSON: Lesson | None = load_lesson(CONFIG.lesson) if CONFIG.lesson else None

# an entry point: sessions opening, stalling and closing go to the server's log
_log = logging.getLogger("collabsim.viz")
if not _log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(name)s: %(message)s"))
    _log.addHandler(_handler)
    _log.setLevel(logging.INFO)


def _token_ok(search: str | None) -> bool:
    if CONFIG.token is None:
        return True
    given = parse_qs(search or "").get("token", [""])[0]
    return hmac.compare_digest(given.encode(), CONFIG.token.encode())


@solara.component
def Page() -> None:
    """Gate (token, session limit), then one session per page."""
    solara.Title(TITLE)
    router = solara.use_router()
    search = solara.use_memo(lambda: router.search, [])
    allowed = _token_ok(search)
    session = solara.use_memo(lambda: REGISTRY.open() if allowed else None, [])

    def close_with_page() -> Callable[[], None] | None:
        return session.close if session is not None else None

    solara.use_effect(close_with_page, [])
    if not allowed:
        AccessDenied()
    elif session is None:
        ServerFull(REGISTRY.limit)
    else:
        Classroom(session, search)


def _initial(search: str | None) -> tuple[PageState, list[str]]:
    state, notes = parse_query(search)
    if LESSON is not None:
        step = min(state.step, len(LESSON.steps) - 1)
        if "preset" not in parse_qs(search or ""):
            state = replace(state, setup=LESSON.setups()[step])
        state = replace(state, step=step)
    return state, notes


class _Actions:
    """What the page's buttons do to its session, state and address."""

    def __init__(
        self,
        session: PlaySession,
        state: solara.Reactive[PageState],
        pending: solara.Reactive[Setup],
        model: solara.Reactive[UIModel],
    ) -> None:
        self.session = session
        self.state = state
        self.pending = pending
        self.model = model
        self.router = solara.use_router()

    def _push(self) -> None:
        self.router.push(f"/?{_query(self.state.value)}")

    def apply(self, new: PageState) -> None:
        built = build_model(new.setup)
        self.session.load(built)
        self.model.set(built)
        self.state.set(new)
        self.pending.set(new.setup)
        self._push()

    def reset(self) -> None:
        self.apply(replace(self.state.value, setup=self.pending.value))

    def go_to_step(self, step: int) -> None:
        if LESSON is not None and 0 <= step < len(LESSON.steps):
            self.apply(
                replace(self.state.value, setup=LESSON.setups()[step], step=step)
            )

    def set_speed(self, speed: int) -> None:
        self.session.set_speed(speed)
        self.state.set(replace(self.state.value, speed=speed))
        self._push()

    def set_projector(self, on: bool) -> None:  # noqa: FBT001 - Solara passes it so
        self.state.set(replace(self.state.value, projector=on))
        self._push()


@solara.component
def Classroom(session: PlaySession, search: str | None) -> None:
    """Controls, lesson, board and guide of one session."""
    initial, url_notes = solara.use_memo(lambda: _initial(search), [])
    state = solara.use_reactive(initial)
    pending = solara.use_reactive(initial.setup)
    model = solara.use_reactive(solara.use_memo(lambda: build_model(initial.setup), []))
    status = solara.use_reactive(SessionStatus())
    actions = _Actions(session, state, pending, model)

    def start() -> None:
        session.set_speed(initial.speed)
        session.load(model.value)

    solara.use_effect(start, [])

    def connect(widget: BoardWidget | None) -> None:
        if widget is not None:
            widget.on_ack = session.ack
            widget.on_resync = session.resync
            session.attach(widget, status.set)

    now = state.value
    if now.projector:
        solara.Style(PROJECTOR_CSS)
    with solara.Sidebar():
        with solara.Card("Run", margin=0):
            PlayControls(
                session,
                status,
                now.speed,
                on_reset=actions.reset,
                on_speed=actions.set_speed,
            )
        with solara.Card("Setup (Reset applies it)", margin=0):
            SetupControls(pending)
        with solara.Card("Share and show", margin=0):
            solara.Switch(
                label="Projector mode",
                value=now.projector,
                on_value=actions.set_projector,
            )
            SharePanel(_share_url(now))
    if LESSON is not None:
        with solara.Card(margin=0, classes=["collabsim-lesson-card"]):
            LessonPanel(LESSON, now.step, actions.go_to_step)
    with solara.Card(margin=0):
        Board(
            projector=now.projector,
            title=model.value.preset.replace("_", " "),
            on_widget=connect,
        )
    with solara.Card(margin=0):
        Guide(model.value, url_notes)


def _query(state: PageState) -> str:
    extra = {"token": CONFIG.token} if CONFIG.token else None
    return to_query(state, extra=extra)


def _share_url(state: PageState) -> str:
    base = (CONFIG.url or "/").rstrip("/")
    return f"{base}/?{_query(state)}"


page = Page
