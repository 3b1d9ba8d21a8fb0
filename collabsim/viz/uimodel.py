"""The UI model: a flat keyword-only constructor, one keyword per control of the page.

Every control is one keyword here (never ``scenario``, never ``**kwargs``, house
style §B.12), so a page setup, a query string and a lesson step all build a model the
same way. Any combination of values builds a model: an invalid choice or a preset
that fails to load falls back to the preset as shipped, then to the default preset,
and the reason is shown on the page.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mesa import DataCollector

from collabsim.errors import CollabsimError
from collabsim.model.collaboration import CollaborationModel
from collabsim.scenario.scenario import Scenario, load_scenario, with_overrides
from collabsim.viz.levers import (
    DEFAULT_PRESET,
    DEFAULT_SEED,
    MECHANISM_SWITCHES,
    is_cross_sector,
    lever_overrides,
    preset_path,
    presets,
    reference_spec,
    sector_overrides,
)

__all__ = ["COMPARISONS", "Comparison", "Side", "UIModel"]


def _context_values(spec: Scenario, field: str) -> list[object]:
    if spec.network is not None:
        return [getattr(spec.network.context, field)]
    return [getattr(p, field) for p in spec.partnerships]


def _context_paths(spec: Scenario, field: str) -> list[str]:
    if spec.network is not None:
        return [f"network.context.{field}"]
    return [f"partnerships.{i}.{field}" for i in range(len(spec.partnerships))]


@dataclass(frozen=True, slots=True)
class Comparison:
    """A side-by-side choice: B is A with one thing changed.

    Attributes:
        label: Shown in the page's legend.
        overrides: Turns A's spec into B's.
        describe: The compared setting in words, for either spec.
    """

    label: str
    overrides: Callable[[Scenario], dict[str, object]]
    describe: Callable[[Scenario], str]


def _flip_field(field: str, choices: tuple[object, object]) -> Comparison:
    def overrides(spec: Scenario) -> dict[str, object]:
        paths = _context_paths(spec, field)
        values = _context_values(spec, field)
        return {
            path: choices[1] if value == choices[0] else choices[0]
            for path, value in zip(paths, values, strict=True)
        }

    def describe(spec: Scenario) -> str:
        shown = dict.fromkeys(str(v) for v in _context_values(spec, field))
        return f"{field.replace('_', ' ')} {'/'.join(shown)}"

    return Comparison(field.replace("_", " "), overrides, describe)


def _sector_mix() -> Comparison:
    return Comparison(
        "sector mix",
        lambda spec: sector_overrides(spec, cross_sector=not is_cross_sector(spec)),
        lambda spec: "cross-sector" if is_cross_sector(spec) else "same sector",
    )


def _mechanism(name: str) -> Comparison:
    def overrides(spec: Scenario) -> dict[str, object]:
        return {"mechanisms.disabled": sorted(set(spec.mechanisms.disabled) ^ {name})}

    def describe(spec: Scenario) -> str:
        return f"{name} {'off' if name in spec.mechanisms.disabled else 'on'}"

    return Comparison(f"mechanism {name}", overrides, describe)


#: Side-by-side choices by name; ``"none"`` runs A alone.
COMPARISONS: dict[str, Comparison | None] = {
    "none": None,
    "governance": _flip_field("governance", ("mandated", "voluntary")),
    "resolution_style": _flip_field(
        "resolution_style", ("constructive", "destructive")
    ),
    "sector_mix": _sector_mix(),
    "evaluation": _flip_field("evaluation", (True, False)),
    **{name: _mechanism(name) for name in MECHANISM_SWITCHES},
}


@dataclass(frozen=True, slots=True)
class Side:
    """One configuration shown on the page: its model and its collected metrics."""

    label: str
    model: CollaborationModel
    datacollector: DataCollector


def _seed(rng: int | str | None, notes: list[str]) -> int:
    if isinstance(rng, int):
        return rng
    text = "" if rng is None else str(rng).strip()
    if text.lstrip("-").isdecimal():  # "²".isdigit() is True, int("²") fails
        return int(text)
    notes.append(f"Seed {text!r} is not a whole number; using {DEFAULT_SEED}.")
    return DEFAULT_SEED


class UIModel(CollaborationModel):
    """A :class:`CollaborationModel` built from flat UI controls, with an optional twin.

    Lever keywords default to ``None``, meaning the preset's own value; a value given
    is set on every partnership. ``cross_sector`` is likewise ``None`` for the
    preset's sectors. Mechanism switches turned off are added to the preset's
    disabled mechanisms. With ``compare`` set, a second model (B)
    runs on the same seed with one thing changed, and steps with this one (A).

    Attributes:
        preset: Preset actually loaded.
        sides: ``(A,)`` or ``(A, B)`` with their DataCollectors.
        notes: Messages for the page (fallbacks taken, bad input).
        lock: Held while stepping, so that the page never reads half a step.
    """

    def __init__(  # noqa: PLR0913 - SolaraViz passes every control as a keyword
        self,
        *,
        preset: str | None = None,
        compare: str = "none",
        rng: int | str | None = DEFAULT_SEED,
        cross_sector: bool | None = None,
        governance: str | None = None,
        resolution_style: str | None = None,
        contract_strength: float | None = None,
        turnover_rate: float | None = None,
        protected_time: float | None = None,
        evaluation: bool | None = None,
        leadership_vulnerability: float | None = None,
        leadership_distributed: float | None = None,
        faith_drives_behaviour: bool = True,
        confidence_raises_threshold: bool = True,
        trust_raises_threshold: bool = True,
        interpersonal_compensation: bool = True,
    ) -> None:
        self.notes: list[str] = []
        seed = _seed(rng, self.notes)
        values = {
            "governance": governance,
            "resolution_style": resolution_style,
            "contract_strength": contract_strength,
            "turnover_rate": turnover_rate,
            "protected_time": protected_time,
            "evaluation": evaluation,
            "leadership_vulnerability": leadership_vulnerability,
            "leadership_distributed": leadership_distributed,
        }
        switches = {
            "faith_drives_behaviour": faith_drives_behaviour,
            "confidence_raises_threshold": confidence_raises_threshold,
            "trust_raises_threshold": trust_raises_threshold,
            "interpersonal_compensation": interpersonal_compensation,
        }
        levers = {name: value for name, value in values.items() if value is not None}
        self.preset, spec = self._build_spec(
            preset, levers, switches, cross_sector=cross_sector
        )
        super().__init__(spec, rng=seed)
        self.lock = threading.Lock()
        self.running = self.t < spec.n_steps
        comparison = COMPARISONS.get(compare)
        # each model keeps a Mesa DataCollector of every step metric, filled from
        # its observer's row as it steps (no metric computed twice)
        sides = [Side("A", self, super().datacollector)]
        twin = None if comparison is None else self._twin(comparison, seed)
        if comparison is not None and twin is not None:
            sides = [
                Side(f"A: {comparison.describe(spec)}", self, sides[0].datacollector),
                Side(f"B: {comparison.describe(twin.spec)}", twin, twin.datacollector),
            ]
        self.sides = tuple(sides)

    @property
    def datacollector(self) -> DataCollector:
        """Metrics of configuration A (Mesa's plot components read this)."""
        return self.sides[0].datacollector

    def _build_spec(
        self,
        preset: str | None,
        levers: dict[str, Any],
        switches: dict[str, bool],
        *,
        cross_sector: bool | None,
    ) -> tuple[str, Scenario]:
        shipped = presets()
        stem = preset or DEFAULT_PRESET
        if stem not in shipped:
            self.notes.append(f"{stem!r} is not a shipped preset.")
        for candidate in dict.fromkeys((stem, DEFAULT_PRESET, *shipped)):
            if candidate not in shipped:
                continue
            try:
                base = load_scenario(preset_path(candidate))
            except CollabsimError as exc:
                self.notes.append(f"Preset {candidate!r} did not load: {exc}")
                continue
            disabled = set(base.mechanisms.disabled)
            disabled |= {name for name, on in switches.items() if not on}
            overrides: dict[str, object] = {"mechanisms.disabled": sorted(disabled)}
            overrides |= lever_overrides(base, levers, cross_sector=cross_sector)
            try:
                return candidate, with_overrides(base, overrides)
            except CollabsimError as exc:
                self.notes.append(
                    f"Levers not applied ({exc}); running the preset as shipped."
                )
                return candidate, base
        self.notes.append(
            "No preset could be loaded; showing a two-organisation default."
        )
        return "schema defaults", reference_spec()

    def _twin(self, comparison: Comparison, seed: int) -> CollaborationModel | None:
        try:
            twin_spec = with_overrides(self.spec, comparison.overrides(self.spec))
            return CollaborationModel(twin_spec, rng=seed)
        except CollabsimError as exc:
            self.notes.append(f"Side by side not possible here: {exc}")
            return None

    def step(self) -> None:
        """Advance A (and B) by one step and collect their metrics."""
        if not self.running:
            return
        with self.lock:
            super().step()
            for side in self.sides[1:]:
                side.model.step()
            self.running = self.t < self.spec.n_steps
