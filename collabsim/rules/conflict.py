"""Pure rules for conflict between organisations: episodes, severity and resolution.

Every rule takes arrays, the packed rates of its group (a NamedTuple read by field
name, see :meth:`collabsim.scenario.fields.Spec.packed`) and the packed mechanism
switches ``on`` (read as ``on[Link.<mechanism>]``), draws no random numbers and
returns new arrays. A switch multiplies its causal link's term by 1 or 0 (theory
§B(iv); ``MECHANISMS``).
"""

from __future__ import annotations

import numpy as np

from collabsim.arrays import FloatArray
from collabsim.rules.engine import clip01_core, compiled
from collabsim.scenario.mechanisms import Link
from collabsim.scenario.rates import ConflictRates

__all__ = ["added_conflict", "conflict_pressure", "resolve_conflict"]


@compiled
def conflict_pressure(  # noqa: PLR0913, PLR0917 - one argument per conflict driver
    cultural_distance: FloatArray,
    competition: FloatArray,
    asymmetry: FloatArray,
    progress: FloatArray,
    shared_vision: FloatArray,
    accountability: FloatArray,
    rates: ConflictRates,
    on: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Return (expected episodes, episode severity, conflict per task failure).

    p = r₀·(1 + c·cd + k·comp + a·asym⁺ + s·(1 − progress))·(1 − v·vision)
    severity = e·(1 − acc·accountability); failure conflict = f·(1 − acc·accountability)

    References:
        docs/theory.md §C2 conflict_AB; RF-1; IPT-13..IPT-18; SF6, SF9, SF10, SF13.
    """
    drivers = (
        1.0
        + on[Link.cultural_mismatch_breeds_conflict]
        * rates.cultural
        * cultural_distance
        + on[Link.competition_breeds_conflict] * rates.competition * competition
        + on[Link.power_asymmetry_breeds_conflict]
        * rates.asymmetry
        * np.maximum(asymmetry, 0.0)
        + on[Link.slow_progress_breeds_conflict]
        * rates.slow_progress
        * (1.0 - progress)
    )
    damping = 1.0 - on[Link.shared_vision_reduces_conflict] * (
        rates.vision_damping * shared_vision
    )
    chance = np.maximum(rates.episode_rate * drivers * damping, 0.0)
    held = 1.0 - on[Link.accountability_reduces_conflict] * (
        rates.accountability_damping * accountability
    )
    severity = rates.episode_severity * held
    failure = on[Link.task_failure_breeds_conflict] * rates.task_failure * held
    return chance, severity, failure


@compiled
def added_conflict(  # noqa: PLR0913, PLR0917 - the step's sources of conflict
    episode: FloatArray,
    severity: FloatArray,
    failures: FloatArray,
    per_failure: FloatArray,
    competitive: FloatArray,
    rates: ConflictRates,
    on: FloatArray,
) -> FloatArray:
    """Return the conflict a step adds to each directed pair, before resolution.

    An episode adds its severity; each joint failure adds ``per_failure``; each of
    the partner's competitive acts adds a little (theory §B(v) competition).

    References:
        docs/theory.md §C3 ConflictEpisode, TaskFailure; IPT-18; RC-3.
    """
    added: FloatArray = (
        episode * severity
        + failures * per_failure
        + on[Link.competitive_acts_breed_conflict] * rates.competitive_act * competitive
    )
    return added


@compiled
def resolve_conflict(
    conflict: FloatArray,
    added: FloatArray,
    damaging: FloatArray,
    constructive: FloatArray,
    rates: ConflictRates,
    on: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Return (conflict', repair quality, damage quality) after one step.

    Conflict rises by ``added`` (episodes, failures, competitive acts) and is
    resolved at the constructive or destructive rate. New conflict arrives, on
    average, in the middle of the step: half a step of resolution, then the rise
    (saturating at 1), then the other half (so a month resolves like its weeks
    would, and more conflict at the start never leaves less at the end).
    Constructive resolution repairs trust in proportion to the conflict resolved;
    destructively handled episodes
    (``damaging``: their number) damage trust sharply (and, in the model, faith and
    progress).

    Args:
        conflict: Conflict per pair, in [0, 1].
        added: Conflict added this step, ≥ 0.
        damaging: Episodes this step (their count).
        constructive: 1 for constructive resolution style, 0 for destructive.
        rates: Conflict rates (packed, per step).
        on: Mechanism switches (packed; index with ``Link``).

    References:
        docs/theory.md RF-1, RF-2; IPT-19, IPT-20; SF6.
    """
    styled_on = on[Link.resolution_style_decides_recovery]
    neutral = 0.5 * (rates.constructive_resolution + rates.destructive_resolution)
    styled = np.where(
        constructive > 0.5, rates.constructive_resolution, rates.destructive_resolution
    )
    rate = styled_on * styled + (1.0 - styled_on) * neutral
    keep = np.sqrt(1.0 - rate)  # what half a step of resolution leaves
    # the step's new conflict arrives, on average, in its middle
    middle = conflict * keep
    risen = np.minimum(added, 1.0) * (1.0 - middle)
    resolved = conflict + risen - (middle + risen) * keep
    # repair comes from the conflict worked through, in proportion to it
    repair = styled_on * constructive * rates.constructive_repair * resolved
    damage = styled_on * (1.0 - constructive) * rates.destructive_damage * damaging
    return clip01_core((middle + risen) * keep), repair, damage
