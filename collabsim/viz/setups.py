"""A page setup (preset, levers, seed, side by side) and its query string.

The page keeps its whole setup in the URL, so a teacher can send a class the exact
configuration: ``/?preset=mandated_baseline&compare=governance&seed=7``. Reading a
query string accepts only the names of shipped presets, the declared levers and
mechanism switches, the side-by-side choices and a few view settings; anything else
is refused with a note for the page, and no value is ever used as a path.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode

from collabsim.viz.levers import (
    DEFAULT_PRESET,
    DEFAULT_SEED,
    LEVERS,
    MECHANISM_SWITCHES,
    Lever,
    presets,
)
from collabsim.viz.uimodel import COMPARISONS, UIModel

__all__ = [
    "DEFAULT_SPEED",
    "SPEEDS",
    "PageState",
    "Setup",
    "build_model",
    "coerce_lever",
    "parse_query",
    "to_query",
]

#: Play speeds offered, in steps per second; 0 means as fast as the machine allows.
SPEEDS = (1, 2, 5, 10, 20, 50, 100, 0)
DEFAULT_SPEED = 20
_LEVERS = {lever.name: lever for lever in LEVERS}
_MAX_VALUE = 200  # longest query value read (all switches off is ~110)
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True, slots=True)
class Setup:
    """What builds a model: everything a Reset applies.

    Attributes:
        preset: Name of a shipped preset.
        compare: A key of :data:`collabsim.viz.uimodel.COMPARISONS`.
        seed: Seed of the run (both sides share it).
        cross_sector: Sector mix: ``None`` as the preset has it.
        levers: Lever name to value for the levers changed from the preset's.
        off: Mechanism switches turned off.
    """

    preset: str = DEFAULT_PRESET
    compare: str = "none"
    seed: int = DEFAULT_SEED
    cross_sector: bool | None = None
    levers: Mapping[str, Any] = field(default_factory=dict)
    off: frozenset[str] = frozenset()

    def model_kwargs(self) -> dict[str, Any]:
        """Keywords of :class:`UIModel` for this setup."""
        kwargs: dict[str, Any] = {
            "preset": self.preset,
            "compare": self.compare,
            "rng": self.seed,
            "cross_sector": self.cross_sector,
        }
        kwargs.update({name: self.levers.get(name) for name in _LEVERS})
        kwargs.update({name: name not in self.off for name in MECHANISM_SWITCHES})
        return kwargs

    def with_lever(self, name: str, value: Any) -> Setup:
        """This setup with one lever set (``None`` clears it)."""
        levers = {k: v for k, v in self.levers.items() if k != name}
        if value is not None:
            levers[name] = value
        return replace(self, levers=levers)


@dataclass(frozen=True, slots=True)
class PageState:
    """A setup plus the view settings that also travel in the URL.

    Attributes:
        setup: What builds the model.
        speed: Play speed in steps per second (0: as fast as possible).
        projector: Large type and high contrast.
        step: Lesson step shown (0-based), if a lesson is loaded.
    """

    setup: Setup = Setup()
    speed: int = DEFAULT_SPEED
    projector: bool = False
    step: int = 0


def build_model(setup: Setup) -> UIModel:
    """The UI model of ``setup``."""
    return UIModel(**setup.model_kwargs())


def coerce_lever(lever: Lever, raw: Any) -> Any:
    """``raw`` (text or value) as a valid value of ``lever``.

    Raises:
        ValueError: If it is not one of the lever's choices, not a number in its
            range, or not a yes/no.
    """
    info = lever.info
    text = str(raw).strip().lower()
    if info.kind == "choice":
        if text not in info.choices:
            msg = f"{lever.name} must be one of {', '.join(info.choices)}"
            raise ValueError(msg)
        return text
    if info.kind == "bool":
        if isinstance(raw, bool):
            return raw
        if text in _TRUE | _FALSE:
            return text in _TRUE
        msg = f"{lever.name} must be true or false"
        raise ValueError(msg)
    try:
        value = float(raw)
    except (TypeError, ValueError):
        msg = f"{lever.name} must be a number"
        raise ValueError(msg) from None
    low, high = info.low, info.high
    if not math.isfinite(value) or (low is not None and value < low):
        msg = f"{lever.name} must be between {low} and {high}"
        raise ValueError(msg)
    if high is not None and value > high:
        msg = f"{lever.name} must be between {low} and {high}"
        raise ValueError(msg)
    return value


def _flag(key: str, text: str) -> bool:
    if text.lower() in _TRUE | _FALSE:
        return text.lower() in _TRUE
    msg = f"{key} must be 0 or 1"
    raise ValueError(msg)


def _integer(key: str, text: str, low: int, high: int) -> int:
    if not text.lstrip("-").isdigit() or not low <= int(text) <= high:
        msg = f"{key} must be a whole number from {low} to {high}"
        raise ValueError(msg)
    return int(text)


def _preset(state: PageState, text: str) -> PageState:
    if text not in presets():
        msg = f"{text!r} is not a shipped preset"
        raise ValueError(msg)
    return replace(state, setup=replace(state.setup, preset=text))


def _compare(state: PageState, text: str) -> PageState:
    if text not in COMPARISONS:
        msg = f"compare must be one of {', '.join(COMPARISONS)}"
        raise ValueError(msg)
    return replace(state, setup=replace(state.setup, compare=text))


def _seed(state: PageState, text: str) -> PageState:
    seed = _integer("seed", text, 0, 2**32 - 1)
    return replace(state, setup=replace(state.setup, seed=seed))


def _cross_sector(state: PageState, text: str) -> PageState:
    mix = _flag("cross_sector", text)
    return replace(state, setup=replace(state.setup, cross_sector=mix))


def _off(state: PageState, text: str) -> PageState:
    names = {name for name in text.split(",") if name}
    if unknown := names - set(MECHANISM_SWITCHES):
        msg = f"unknown mechanism switch {sorted(unknown)[0]!r}"
        raise ValueError(msg)
    return replace(state, setup=replace(state.setup, off=frozenset(names)))


def _speed(state: PageState, text: str) -> PageState:
    speed = _integer("speed", text, 0, 1000)
    if speed not in SPEEDS:
        msg = f"speed must be one of {', '.join(map(str, SPEEDS))}"
        raise ValueError(msg)
    return replace(state, speed=speed)


def _projector(state: PageState, text: str) -> PageState:
    return replace(state, projector=_flag("projector", text))


def _step(state: PageState, text: str) -> PageState:
    return replace(state, step=_integer("step", text, 1, 99) - 1)


#: The settings a query string may hold, besides the levers, and their readers.
_READERS: dict[str, Callable[[PageState, str], PageState]] = {
    "preset": _preset,
    "compare": _compare,
    "seed": _seed,
    "cross_sector": _cross_sector,
    "off": _off,
    "speed": _speed,
    "projector": _projector,
    "step": _step,
}


def _read(state: PageState, key: str, text: str) -> PageState:
    if key in _READERS:
        return _READERS[key](state, text)
    if key in _LEVERS:
        value = coerce_lever(_LEVERS[key], text)
        return replace(state, setup=state.setup.with_lever(key, value))
    msg = f"unknown setting {key!r}"
    raise ValueError(msg)


def parse_query(
    search: str | None, *, ignore: frozenset[str] = frozenset({"token"})
) -> tuple[PageState, list[str]]:
    """Read a page state from a query string.

    Args:
        search: The query string, without ``?`` (``None`` or empty: defaults).
        ignore: Keys read elsewhere (the access token).

    Returns:
        The state, and one note per setting refused (the default is used instead).
    """
    state = PageState()
    notes: list[str] = []
    for key, text in parse_qsl(search or "", keep_blank_values=True):
        if key in ignore:
            continue
        if len(text) > _MAX_VALUE or len(key) > _MAX_VALUE:
            notes.append(f"Ignored an over-long setting {key[:20]!r}.")
            continue
        try:
            state = _read(state, key, text.strip())
        except ValueError as exc:
            notes.append(f"Ignored {key}={text[:40]!r} in the address: {exc}.")
    return state, notes


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def to_query(state: PageState, *, extra: Mapping[str, str] | None = None) -> str:
    """The query string of ``state`` (settings at their defaults left out).

    Args:
        state: What to encode.
        extra: Further pairs put first (the access token).
    """
    setup = state.setup
    pairs: list[tuple[str, str]] = list((extra or {}).items())
    pairs.append(("preset", setup.preset))
    if setup.compare != "none":
        pairs.append(("compare", setup.compare))
    pairs.append(("seed", str(setup.seed)))
    if setup.cross_sector is not None:
        pairs.append(("cross_sector", _text(setup.cross_sector)))
    pairs += [(n, _text(setup.levers[n])) for n in _LEVERS if n in setup.levers]
    if setup.off:
        pairs.append(("off", ",".join(sorted(setup.off))))
    if state.speed != DEFAULT_SPEED:
        pairs.append(("speed", str(state.speed)))
    if state.projector:
        pairs.append(("projector", "1"))
    if state.step:
        pairs.append(("step", str(state.step + 1)))
    return urlencode(pairs, safe=",")
