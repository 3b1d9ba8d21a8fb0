"""The collabsim teaching page: Mesa's SolaraViz controls around our own views.

Run it with ``collabsim ui`` (or ``solara run collabsim.viz.app``). SolaraViz gives
the sidebar: Step, play/pause, Reset, and one control per :class:`UIModel` keyword
(presets, side by side, levers, mechanism switches). The main area is
:func:`collabsim.viz.components.MainView`, laid out without Mesa's draggable grid,
whose script would come from a CDN.
"""

from __future__ import annotations

import solara
from mesa.visualization import SolaraViz

from collabsim.viz.components import MainView
from collabsim.viz.levers import model_params
from collabsim.viz.uimodel import COMPARISONS, UIModel

__all__ = ["Page", "page"]

TITLE = "collabsim: trust, confidence and faith in collaboration"


@solara.component
def Page() -> None:
    """One model per browser session; SolaraViz replaces it on Reset."""
    initial = solara.use_memo(UIModel, [])
    model = solara.use_reactive(initial)
    SolaraViz(
        model,
        components=[],
        model_params=model_params(list(COMPARISONS)),
        name=TITLE,
        play_interval=150,
    )
    MainView(model.value)


page = Page
