"""Page parts that change only on a user's action: guide, lesson, sharing, notices.

What changes every frame is drawn by the board (:mod:`collabsim.viz.board`); these
components re-render only when the setup, the lesson step or the view changes.
Everything is served by the Solara server itself (no CDN).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import segno
import solara

from collabsim.viz.lesson import Lesson
from collabsim.viz.levers import preset_question, what_to_look_for
from collabsim.viz.uimodel import UIModel

__all__ = [
    "PROJECTOR_CSS",
    "AccessDenied",
    "Guide",
    "LessonPanel",
    "ServerFull",
    "SharePanel",
]

#: Large type and high contrast for a projector.
PROJECTOR_CSS = """
.v-application, .v-application .v-card, .v-application .v-sheet {
  font-size: 20px !important; color: #000 !important; background: #fff !important;
}
.v-application .v-label, .v-application .v-select__selection,
.v-application input, .v-application .v-btn {
  font-size: 18px !important; color: #000 !important;
}
.collabsim-guide h3, .collabsim-lesson h3 { font-size: 28px !important; }
.collabsim-guide p, .collabsim-lesson p {
  font-size: 22px !important; line-height: 1.35;
}
"""


def _html(markup: str, css: str) -> None:
    # plain HTML, not solara.Markdown: its math renderer would come from a CDN
    solara.HTML(tag="div", unsafe_innerHTML=markup, classes=[css])


@solara.component
def Guide(model: UIModel, notes: list[str]) -> None:
    """Preset, its question, what to look for, and any fallbacks taken."""
    title = model.preset.replace("_", " ").capitalize()
    question = preset_question(model.preset)
    parts = [f"<h3>{escape(title)}</h3>"]
    if question:
        parts.append(f"<p><b>Question.</b> {escape(question)}</p>")
    parts += [
        f"<p><b>What to look for.</b> {escape(what_to_look_for(model.preset))}</p>",
        (
            "<p><i>Choose a preset or move a control in the sidebar, then press "
            "<b>Reset</b> to apply it; <b>Step</b> or <b>&#9654;</b> to run.</i></p>"
        ),
    ]
    _html("".join(parts), "collabsim-guide")
    for note in [*notes, *model.notes]:
        solara.Warning(note)


@solara.component
def LessonPanel(lesson: Lesson, step: int, on_step: Callable[[int], None]) -> None:
    """The lesson's current step: title, question, what to look for, and navigation."""
    current = lesson.steps[step]
    total = len(lesson.steps)
    _html(
        f"<div class='collabsim-lesson-title'>{escape(lesson.title)}</div>"
        f"<h3>Step {step + 1} of {total}: {escape(current.title)}</h3>"
        f"<p><b>Question.</b> {escape(current.question)}</p>"
        f"<p><b>What to look for.</b> {escape(current.look_for)}</p>",
        "collabsim-lesson",
    )
    with solara.Row():
        solara.Button(
            "Previous step",
            on_click=lambda: on_step(step - 1),
            disabled=step == 0,
            outlined=True,
        )
        solara.Button(
            "Next step",
            on_click=lambda: on_step(step + 1),
            disabled=step + 1 >= total,
            color="primary",
        )


@solara.component
def SharePanel(url: str) -> None:
    """The address of this exact setup, to copy or to scan."""
    show_qr = solara.use_reactive(value=False)
    solara.InputText("Address of this setup", value=url, disabled=False)
    solara.Checkbox(label="Show as QR code", value=show_qr)
    if show_qr.value:
        svg = segno.make(url, error="m").svg_inline(scale=4, border=2)
        _html(svg, "collabsim-qr")


@solara.component
def ServerFull(limit: int) -> None:
    """Shown instead of a model when the server already runs its limit."""
    _html(
        "<h3>This server is busy</h3>"
        f"<p>All {limit} places for a simulation are taken. Close a tab you no "
        "longer need, wait a minute and reload this page, or ask your teacher to "
        "start the server with a higher <code>--max-sessions</code>.</p>",
        "collabsim-full",
    )


@solara.component
def AccessDenied() -> None:
    """Shown instead of a model when the class access token is missing or wrong."""
    _html(
        "<h3>This page needs the class access code</h3>"
        "<p>Open the address your teacher shows (or scan the QR code): it ends "
        "with <code>?token=...</code>.</p>",
        "collabsim-denied",
    )
