"""Pure rules for conflict between organisations: episodes, severity and resolution.

Every function takes arrays and frozen rates, draws no random numbers, touches no
Mesa object and returns new arrays (inputs are never modified). Mechanism switches
multiply each causal link's term by 1 or 0 (theory §B(iv); see ``MECHANISMS``).

Each public rule unpacks its rates and switches into plain floats and calls its
``*_core`` (compiled under the ``numba`` engine, see :mod:`collabsim.rules.engine`),
which the conflict phase's core calls directly.
"""

from __future__ import annotations

import numpy as np

from collabsim.arrays import FloatArray
from collabsim.rules.engine import clip01_core, compiled
from collabsim.scenario.mechanisms import MechanismSwitches
from collabsim.scenario.rates import ConflictRates

__all__ = [
    "conflict_pressure",
    "conflict_pressure_core",
    "resolve_conflict",
    "resolve_conflict_core",
]


@compiled
def conflict_pressure_core(  # noqa: PLR0913, PLR0917 - arrays, rates, switches
    cultural_distance: FloatArray,
    competition: FloatArray,
    asymmetry: FloatArray,
    progress: FloatArray,
    shared_vision: FloatArray,
    accountability: FloatArray,
    episode_rate: float,
    cultural: float,
    competition_rate: float,
    asymmetry_rate: float,
    slow_progress: float,
    vision_damping: float,
    accountability_damping: float,
    episode_severity: float,
    task_failure: float,
    sw_cultural: float,
    sw_competition: float,
    sw_asymmetry: float,
    sw_slow_progress: float,
    sw_vision: float,
    sw_accountability: float,
    sw_task_failure: float,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Return (episode chance, episode severity, conflict per task failure).

    Core of :func:`conflict_pressure`.
    """
    drivers = (
        1.0
        + sw_cultural * cultural * cultural_distance
        + sw_competition * competition_rate * competition
        + sw_asymmetry * asymmetry_rate * np.maximum(asymmetry, 0.0)
        + sw_slow_progress * slow_progress * (1.0 - progress)
    )
    damping = 1.0 - sw_vision * (vision_damping * shared_vision)
    chance = clip01_core(episode_rate * drivers * damping)
    held = 1.0 - sw_accountability * (accountability_damping * accountability)
    severity = episode_severity * held
    failure = sw_task_failure * task_failure * held
    return chance, severity, failure


def conflict_pressure(  # noqa: PLR0913 - one argument per conflict driver of §C2
    cultural_distance: FloatArray,
    competition: FloatArray,
    asymmetry: FloatArray,
    progress: FloatArray,
    shared_vision: FloatArray,
    accountability: FloatArray,
    *,
    rates: ConflictRates,
    switches: MechanismSwitches,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Return (episode chance, episode severity, conflict per task failure).

    p = r₀·(1 + c·cd + k·comp + a·asym⁺ + s·(1 − progress))·(1 − v·vision)
    severity = e·(1 − acc·accountability); failure conflict = f·(1 − acc·accountability)

    References:
        theory.md §C2 conflict_AB; RF-1; IPT-13..IPT-18; SF6, SF9, SF10, SF13.
    """
    return conflict_pressure_core(
        cultural_distance,
        competition,
        asymmetry,
        progress,
        shared_vision,
        accountability,
        rates.episode_rate,
        rates.cultural,
        rates.competition,
        rates.asymmetry,
        rates.slow_progress,
        rates.vision_damping,
        rates.accountability_damping,
        rates.episode_severity,
        rates.task_failure,
        switches.on("cultural_mismatch_breeds_conflict"),
        switches.on("competition_breeds_conflict"),
        switches.on("power_asymmetry_breeds_conflict"),
        switches.on("slow_progress_breeds_conflict"),
        switches.on("shared_vision_reduces_conflict"),
        switches.on("accountability_reduces_conflict"),
        switches.on("task_failure_breeds_conflict"),
    )


@compiled
def resolve_conflict_core(  # noqa: PLR0913, PLR0917 - arrays, rates, switch
    conflict: FloatArray,
    added: FloatArray,
    episode: FloatArray,
    constructive: FloatArray,
    constructive_resolution: float,
    destructive_resolution: float,
    constructive_repair: float,
    destructive_damage: float,
    on: float,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Return (conflict', repair quality, damage quality) after resolution.

    Core of :func:`resolve_conflict`.
    """
    raised = clip01_core(conflict + added * (1.0 - conflict))
    neutral = 0.5 * (constructive_resolution + destructive_resolution)
    styled = np.where(
        constructive > 0.5, constructive_resolution, destructive_resolution
    )
    rate = on * styled + (1.0 - on) * neutral
    resolved = rate * raised
    # repair comes from conflict worked through, so more conflict never nets more trust
    repair = on * constructive * constructive_repair * resolved
    damage = on * (1.0 - constructive) * destructive_damage * episode
    return clip01_core(raised - resolved), repair, damage


def resolve_conflict(
    conflict: FloatArray,
    added: FloatArray,
    episode: FloatArray,
    constructive: FloatArray,
    *,
    rates: ConflictRates,
    switches: MechanismSwitches,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Return (conflict', repair quality, damage quality) after resolution.

    Conflict rises by ``added`` (episodes, failures, competitive acts) and is then
    resolved at the constructive or destructive rate. Constructive resolution
    repairs trust in proportion to the conflict resolved this step; a destructively
    handled episode damages trust sharply (and, in the model, faith and progress).

    Args:
        conflict: Conflict per pair, in [0, 1].
        added: Conflict added this step, ≥ 0.
        episode: 1 where a conflict episode occurred this step.
        constructive: 1 for constructive resolution style, 0 for destructive.
        rates: Conflict rates.
        switches: Active mechanisms.

    References:
        theory.md RF-1, RF-2; IPT-19, IPT-20; SF6.
    """
    return resolve_conflict_core(
        conflict,
        added,
        episode,
        constructive,
        rates.constructive_resolution,
        rates.destructive_resolution,
        rates.constructive_repair,
        rates.destructive_damage,
        switches.on("resolution_style_decides_recovery"),
    )
