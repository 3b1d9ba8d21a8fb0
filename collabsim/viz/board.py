"""The board: live charts, network, values and D'Amour table, drawn in the browser.

:class:`BoardWidget` is a Vue template (``board.vue``) that draws with ECharts,
served by the Solara server itself from ``solara-assets`` (no CDN, so a lecture room
without internet works). The server sends it a layout once per run and then small
frames of new points (:mod:`collabsim.viz.frames`); the widget appends them, draws
at most once per animation frame, and acknowledges each frame, which is what paces
the server (:mod:`collabsim.viz.session`). Its "Save charts as PNG" button renders
the charts and network to one PNG in the browser.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipyvuetify
import solara
import traitlets

__all__ = ["Board", "BoardWidget"]


class BoardWidget(ipyvuetify.VuetifyTemplate):
    """The board's widget; a :class:`~collabsim.viz.session.Sink` for a session."""

    template_file = (__file__, "board.vue")

    #: The run's layout (``layout`` is taken by ipywidgets).
    plan = traitlets.Dict(default_value={}).tag(sync=True)
    frame = traitlets.Dict(default_value={}).tag(sync=True)
    projector = traitlets.Bool(default_value=False).tag(sync=True)
    title = traitlets.Unicode(default_value="collabsim").tag(sync=True)
    cdn = traitlets.Unicode(None, allow_none=True).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.on_ack: Callable[[int, int], None] | None = None
        self.on_resync: Callable[[int], None] | None = None

    @traitlets.default("cdn")
    def _cdn(self) -> str | None:
        import solara.settings

        if not solara.settings.assets.proxy:
            return str(solara.settings.assets.cdn)
        return None

    def show_layout(self, layout: dict[str, Any]) -> None:
        """Start a new run (called from the session's thread)."""
        self.plan = layout

    def show_frame(self, frame: dict[str, Any]) -> None:
        """Send a frame of new data (called from the session's thread)."""
        self.frame = frame

    def vue_ack(self, data: dict[str, Any]) -> None:
        """The browser drew a frame."""
        if self.on_ack is not None:
            self.on_ack(int(data["run"]), int(data["seq"]))

    def vue_resync(self, data: dict[str, Any]) -> None:
        """The browser missed a frame and asks for the whole run."""
        if self.on_resync is not None:
            self.on_resync(int(data["run"]))


@solara.component
def Board(
    *,
    projector: bool,
    title: str,
    on_widget: Callable[[BoardWidget | None], None],
) -> solara.Element:
    """The board element.

    ``on_widget`` gets its widget once mounted, and ``None`` when it goes.
    """
    element = BoardWidget.element(projector=projector, title=title)

    def connect() -> Callable[[], None]:
        widget = solara.get_widget(element)
        on_widget(widget)
        return lambda: on_widget(None)

    solara.use_effect(connect, [])
    return element
