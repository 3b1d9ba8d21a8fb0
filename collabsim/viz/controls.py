"""Sidebar controls: play, step, speed, and the setup a Reset applies.

Every setup control edits a pending :class:`~collabsim.viz.setups.Setup`; Reset
builds the model from it and writes it into the page's address. Lever controls show
the preset's own value until moved; ranges and choices come from the schema.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import Any

import solara

from collabsim.errors import CollabsimError
from collabsim.scenario.mechanisms import MECHANISMS
from collabsim.scenario.scenario import Scenario, load_scenario
from collabsim.viz.levers import (
    LEVERS,
    MECHANISM_SWITCHES,
    SLIDER_STEPS,
    Lever,
    lever_value,
    preset_path,
    presets,
    reference_spec,
)
from collabsim.viz.session import PlaySession, SessionStatus
from collabsim.viz.setups import SPEEDS, Setup
from collabsim.viz.uimodel import COMPARISONS

__all__ = ["PlayControls", "SetupControls"]

_SECTOR_MIX = {"as the preset has it": None, "same sector": False, "cross-sector": True}


def _speed_label(speed: int) -> str:
    return "as fast as possible" if speed == 0 else f"{speed} steps per second"


@lru_cache(maxsize=32)
def _preset_spec(stem: str) -> Scenario:
    try:
        return load_scenario(preset_path(stem))
    except (KeyError, CollabsimError):
        return reference_spec()


@solara.component
def PlayControls(
    session: PlaySession,
    status: solara.Reactive[SessionStatus],
    speed: int,
    *,
    on_reset: Callable[[], None],
    on_speed: Callable[[int], None],
) -> None:
    """Reset, play/pause and Step; the speed; what the run is doing."""
    now = status.value
    with solara.Row(justify="space-between"):
        solara.Button(label="Reset", color="primary", on_click=on_reset)
        solara.Button(
            label="❚❚" if now.playing else "▶",
            color="primary",
            on_click=session.pause if now.playing else session.play,
            disabled=now.finished,
        )
        solara.Button(
            label="Step",
            color="primary",
            on_click=session.step_once,
            disabled=now.playing or now.finished,
        )
    labels = {_speed_label(s): s for s in SPEEDS}
    solara.Select(
        label="Speed",
        value=_speed_label(speed),
        values=list(labels),
        on_value=lambda label: on_speed(labels[label]),
    )
    if now.stalled:
        solara.Warning("Paused: this page stopped answering. Press ▶ to go on.")
    elif now.finished:
        solara.Info("Run finished. Press Reset to run it again.")


def _lever_control(lever: Lever, value: Any, on_value: Callable[[Any], None]) -> None:
    info = lever.info
    if info.kind == "choice":
        solara.Select(
            label=lever.label,
            value=str(value),
            values=list(info.choices),
            on_value=on_value,
        )
    elif info.kind == "bool":
        solara.Checkbox(label=lever.label, value=bool(value), on_value=on_value)
    elif info.low is not None and info.high is not None:
        solara.SliderFloat(
            label=lever.label,
            value=float(value),
            min=info.low,
            max=info.high,
            step=(info.high - info.low) / SLIDER_STEPS,
            on_value=on_value,
        )


def _setter(pending: solara.Reactive[Setup], name: str) -> Callable[[Any], None]:
    def set_lever(value: Any) -> None:
        pending.set(pending.value.with_lever(name, value))

    return set_lever


@solara.component
def SetupControls(pending: solara.Reactive[Setup]) -> None:
    """Preset, side by side, seed, sector mix, levers and mechanism switches."""
    setup = pending.value

    def change(**fields: Any) -> None:
        pending.set(replace(pending.value, **fields))

    def set_seed(text: str) -> None:
        if text.strip().isdigit():
            change(seed=int(text.strip()))

    def preset_chosen(stem: str) -> None:
        pending.set(Setup(preset=stem, seed=pending.value.seed))

    solara.Select(
        label="Preset",
        value=setup.preset,
        values=list(presets()),
        on_value=preset_chosen,
    )
    solara.Select(
        label="Side by side: B differs in",
        value=setup.compare,
        values=list(COMPARISONS),
        on_value=lambda v: change(compare=v),
    )
    solara.InputText(
        "Seed", value=str(setup.seed), on_value=set_seed, continuous_update=False
    )
    mix = {v: k for k, v in _SECTOR_MIX.items()}[setup.cross_sector]
    solara.Select(
        label="Sector mix",
        value=mix,
        values=list(_SECTOR_MIX),
        on_value=lambda label: change(cross_sector=_SECTOR_MIX[label]),
    )
    spec = _preset_spec(setup.preset)
    with solara.Details("Levers (every partnership)", expand=False):
        for lever in LEVERS:
            value = setup.levers.get(lever.name, lever_value(spec, lever))
            _lever_control(lever, value, _setter(pending, lever.name))
        if setup.levers:
            solara.Button(
                "Back to the preset's levers",
                text=True,
                on_click=lambda: change(levers={}),
            )
    with solara.Details("Mechanisms", expand=False):
        for name in MECHANISM_SWITCHES:
            solara.Checkbox(
                label=f"Mechanism: {MECHANISMS[name].link}",
                value=name not in setup.off,
                on_value=lambda on, name=name: change(
                    off=pending.value.off - {name} if on else pending.value.off | {name}
                ),
            )
