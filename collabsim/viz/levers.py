"""Presets and levers of the teaching UI, all read from the schema and the files.

Ranges, defaults, units and descriptions of every slider come from
:func:`collabsim.scenario.params.parameter_table`; mechanism switches are names of
:data:`collabsim.scenario.mechanisms.MECHANISMS`; presets are the shipped
``scenarios/*.toml`` with the question from each file's opening comment, found by one
function, :func:`preset_files`. Nothing here repeats a value declared in the schema.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from collabsim.scenario.params import ParamInfo, parameter_info
from collabsim.scenario.parts import OrganisationSpec, PartnershipSpec, Sector
from collabsim.scenario.scenario import Scenario

__all__ = [
    "DEFAULT_PRESET",
    "DEFAULT_SEED",
    "LEVERS",
    "MECHANISM_SWITCHES",
    "Lever",
    "is_cross_sector",
    "lever_overrides",
    "lever_value",
    "preset_files",
    "preset_path",
    "preset_question",
    "presets",
    "reference_spec",
    "scenario_dir",
    "sector_overrides",
    "what_to_look_for",
]

DEFAULT_SEED = 42
DEFAULT_PRESET = "voluntary_baseline"
#: Mechanism switches shown in the UI (the causal links teachers ask about most).
MECHANISM_SWITCHES = (
    "faith_drives_behaviour",
    "confidence_raises_threshold",
    "trust_raises_threshold",
    "interpersonal_compensation",
)
#: Slider positions between a float lever's low and high.
SLIDER_STEPS = 100


@dataclass(frozen=True, slots=True)
class Lever:
    """A partnership lever: a keyword of the UI model and its partnership field.

    Attributes:
        name: Keyword argument of :class:`collabsim.viz.uimodel.UIModel`.
        field: Dotted path inside a partnership (or a network's ``context``).
    """

    name: str
    field: str

    @property
    def info(self) -> ParamInfo:
        """Schema range, default, unit and description of this lever."""
        return _info(self.field)

    @property
    def label(self) -> str:
        """Slider label: the field in words, with its unit."""
        words = self.field.replace(".", " ").replace("_", " ")
        text = words[0].upper() + words[1:]
        info = self.info
        if info.kind == "float" and info.unit and info.unit != "share":
            return f"{text} ({info.unit})"
        return text


LEVERS: tuple[Lever, ...] = (
    Lever("governance", "governance"),
    Lever("resolution_style", "resolution_style"),
    Lever("contract_strength", "contract.strength"),
    Lever("turnover_rate", "turnover_rate"),
    Lever("protected_time", "protected_time"),
    Lever("evaluation", "evaluation"),
    Lever("leadership_vulnerability", "leadership.vulnerability"),
    Lever("leadership_distributed", "leadership.distributed"),
)


@cache
def _info(field: str) -> ParamInfo:
    return parameter_info(reference_spec(), f"partnerships.*.{field}")


@cache
def reference_spec() -> Scenario:
    """Two organisations in one partnership, every value at its schema default."""
    return Scenario(
        name="schema_defaults",
        organisations=(OrganisationSpec(id="a"), OrganisationSpec(id="b")),
        partnerships=(PartnershipSpec(id="p", members=("a", "b")),),
    )


def scenario_dir() -> Path:
    """Folder of the shipped scenarios (``COLLABSIM_SCENARIOS`` overrides it).

    The shipped folder is found in the installed wheel or the source checkout
    (:func:`collabsim.shipped.shipped_dir`).
    """
    configured = os.environ.get("COLLABSIM_SCENARIOS")
    if configured:
        return Path(configured)
    from collabsim.shipped import SCENARIOS, shipped_dir

    return shipped_dir(SCENARIOS)


def preset_files() -> dict[str, Path]:
    """The shipped presets by name, the default first: the one place that finds them.

    A preset is only ever looked up by one of these names, never by a path given
    from outside (a query string, a lesson file).
    """
    files = {p.stem: p for p in sorted(scenario_dir().glob("*.toml"))}
    if DEFAULT_PRESET in files:
        files = {DEFAULT_PRESET: files.pop(DEFAULT_PRESET), **files}
    return files


def presets() -> tuple[str, ...]:
    """Names of the shipped presets, the default preset first."""
    return tuple(preset_files())


def preset_path(stem: str) -> Path:
    """File of the shipped preset ``stem``.

    Raises:
        KeyError: If ``stem`` is not the name of a shipped preset.
    """
    return preset_files()[stem]


def preset_question(stem: str) -> str:
    """The question a preset answers, from its file's opening comment."""
    from collabsim.shipped import file_question

    try:
        path = preset_path(stem)
    except KeyError:
        return ""
    return file_question(path)


# What to watch on the page for each preset; the file's question is the fallback.
_LOOK_FOR = {
    "voluntary_baseline": "The reference run. Trust and faith have to be built by "
    "contact while confidence stays low (no contract, no mandate): watch how long "
    "the risk threshold takes to open and collaboration to pick up. Then compare "
    "'governance' side by side.",
    "mandated_baseline": "The mandate sets a confidence floor. Watch whether the risk "
    "threshold and the collaboration rate rise earlier than in the voluntary "
    "baseline, and what happens to faith (ownership).",
    "contract_low_trust": "Trust starts low but the contract supplies confidence: "
    "watch whether the risk threshold opens, and collaboration starts, before trust "
    "has caught up.",
    "cross_sector_employment": "Compare tie trust (frontline professionals) with "
    "organisation-pair trust, and watch the collaboration rate. Switch off "
    "'interpersonal compensation' to see what frontline trust was carrying.",
    "history_of_success": "Trust starts high: watch how soon the risk threshold and "
    "the collaboration rate rise, compared with the voluntary baseline.",
    "conflict_constructive": "Watch trust dip after conflict episodes and whether it "
    "recovers. Compare 'resolution style' side by side.",
    "conflict_destructive": "Watch whether trust, faith and effectiveness recover "
    "after conflict episodes. Compare 'resolution style' side by side.",
    "high_turnover": "Departing staff take their ties with them: watch trust stall "
    "and faith sag, then lower the turnover slider (apply levers) to compare.",
    "cancer_network_centralisation": "Watch the network view after the system "
    "change: do ties to the resisting units stay low-trust while the hub's other "
    "ties recover?",
    "coproduction_documented": "Watch the D'Amour 'goals' indicator as co-production "
    "agreement feeds the shared vision.",
    "coproduction_undocumented": "Engagement is high but nothing is recorded: watch "
    "whether the D'Amour 'goals' indicator moves at all, compared with the "
    "documented preset.",
    "trust_building_programme": "Relational and technical strategies with early "
    "quick wins: watch how fast trust and the collaboration rate rise compared with "
    "the voluntary baseline.",
    "generated_network": "Thirty organisations in three sectors: watch trust spread "
    "(tie colours) from the well-connected hubs in the network view.",
    "integrated_care_system": "In the network view, compare ties between sectors "
    "(nodes of different colours) with ties within a sector.",
}


def what_to_look_for(stem: str) -> str:
    """A short 'what to look for' text for a preset."""
    if stem in _LOOK_FOR:
        return _LOOK_FOR[stem]
    question = preset_question(stem)
    return f"Question: {question}" if question else "Step the model and watch trust."


def _other_sector(sector: str) -> str:
    return (
        Sector.SOCIAL_CARE.value
        if sector != Sector.SOCIAL_CARE
        else Sector.HEALTH.value
    )


def is_cross_sector(spec: Scenario) -> bool:
    """Whether the organisations of ``spec`` span more than one sector."""
    if spec.network is not None:
        return spec.network.cross_sector_share > 0 and len(spec.network.sectors) > 1
    return len({o.sector for o in spec.organisations}) > 1


def sector_overrides(spec: Scenario, *, cross_sector: bool) -> dict[str, object]:
    """Overrides that put every organisation in the first one's sector.

    With ``cross_sector``, the second half of them go to another sector instead.
    """
    if spec.network is not None:
        first = str(spec.network.sectors[0])
        sectors = [str(s) for s in spec.network.sectors]
        if cross_sector and len(sectors) == 1:
            sectors.append(_other_sector(first))
        return {
            "network.sectors": sectors,
            "network.cross_sector_share": 0.5 if cross_sector else 0.0,
        }
    first = str(spec.organisations[0].sector)
    n = len(spec.organisations)
    return {
        f"organisations.{i}.sector": (
            _other_sector(first) if cross_sector and i >= n // 2 else first
        )
        for i in range(n)
    }


def lever_overrides(
    spec: Scenario, values: dict[str, Any], *, cross_sector: bool | None
) -> dict[str, object]:
    """Dotted-path overrides that set the given levers on every partnership.

    Args:
        spec: The preset the levers apply to.
        values: Lever name to value; a lever missing or ``None`` keeps the preset's
            value; floats are clipped to the schema range.
        cross_sector: Put the second half of the organisations in another sector
            (``True``), all in the first one's (``False``), or as the preset has
            them (``None``).
    """
    prefix = "network.context." if spec.network is not None else "partnerships.*."
    overrides: dict[str, object] = {}
    for lever in LEVERS:
        value = values.get(lever.name)
        if value is None:
            continue
        info = lever.info
        if info.kind == "float" and info.low is not None and info.high is not None:
            value = round(min(max(float(value), info.low), info.high), 6)
        overrides[prefix + lever.field] = value
    if cross_sector is not None:
        overrides.update(sector_overrides(spec, cross_sector=cross_sector))
    return overrides


def lever_value(spec: Scenario, lever: Lever) -> Any:
    """The lever's value in ``spec``.

    That is its network context's, else its first partnership's, else the schema
    default.
    """
    node: Any
    if spec.network is not None:
        node = spec.network.context
    elif spec.partnerships:
        node = spec.partnerships[0]
    else:
        return lever.info.default
    for part in lever.field.split("."):
        node = getattr(node, part)
    return node.value if isinstance(node, Enum) else node
