"""Pure rules for perception of progress and faith (organisation level).

References:
    theory.md §C2 perception_of_progress_A, faith_A; §C4; RF-5, RF-7; IPT-6..IPT-12.
"""

from __future__ import annotations

import numpy as np

from collabsim.fields import FloatArray, clip01
from collabsim.mechanisms import MechanismSwitches
from collabsim.rates import FaithRates, ProgressRates

__all__ = [
    "observed_progress",
    "progress_target",
    "update_faith",
    "update_progress",
    "update_signal",
]


def observed_progress(
    success_share: FloatArray, ambition: FloatArray, *, rates: ProgressRates
) -> FloatArray:
    """Return progress as achievement relative to ambition, in [0, 1].

    observed = success_share / (expected·(½ + ambition)): the same successes count
    for less progress when the partnership aims higher.

    References:
        theory.md §C4 PoP ("observed_progress is effectiveness relative to ambition").
    """
    return clip01(success_share / (rates.expected_success * (0.5 + ambition)))


def update_signal(
    signal: FloatArray, observed: FloatArray, *, rates: ProgressRates
) -> FloatArray:
    """Return the running (exponentially weighted) progress signal, in [0, 1]."""
    return clip01(signal + rates.memory * (observed - signal))


def progress_target(  # noqa: PLR0913 - one argument per driver of §C2 PoP
    signal: FloatArray,
    evaluation: FloatArray,
    role_clarity: FloatArray,
    flexibility: FloatArray,
    strains: tuple[FloatArray, FloatArray],
    ambition: FloatArray,
    *,
    rates: ProgressRates,
    switches: MechanismSwitches,
) -> FloatArray:
    """Return the progress an organisation would perceive at equilibrium.

    target = vis·signal + r·role_clarity + f·flexibility − i·internal − a·absent,
    capped at c + (1 − c)·ambition; vis = v₀ + v_e·evaluation.

    Args:
        signal: Running success of the organisation's joint acts, in [0, 1].
        evaluation: 1 where the partnership evaluates, else 0.
        role_clarity: Role clarity, in [0, 1].
        flexibility: Organisational flexibility, in [0, 1].
        strains: (internal conflict, share of absent actors), each in [0, 1].
        ambition: Ambition of the organisation's partnerships, in [0, 1].
        rates: Progress rates.
        switches: Active mechanisms.

    References:
        theory.md §C4 PoP; IPT-6, IPT-7, IPT-8, IPT-9, IPT-11, IPT-12; SF4.
    """
    internal, absent = strains
    visible = rates.visibility + switches.on("evaluation_raises_progress") * (
        rates.evaluation_visibility * evaluation
    )
    fed = switches.on("effectiveness_feeds_progress")
    seen = visible * (fed * signal + (1.0 - fed) * 0.5)
    target = (
        seen
        + switches.on("role_clarity_raises_progress")
        * rates.role_clarity
        * role_clarity
        + switches.on("flexibility_raises_progress") * rates.flexibility * flexibility
        - switches.on("intra_conflict_lowers_progress")
        * rates.intra_conflict
        * internal
        - switches.on("absent_actors_lower_progress") * rates.absent_actors * absent
    )
    capped = switches.on("unambitious_aims_cap_progress")
    ceiling = capped * (
        rates.ambition_ceiling + (1.0 - rates.ambition_ceiling) * ambition
    )
    return clip01(np.minimum(target, ceiling + (1.0 - capped)))


def update_progress(
    progress: FloatArray,
    target: FloatArray,
    turnover_share: FloatArray,
    *,
    rates: ProgressRates,
    switches: MechanismSwitches,
) -> FloatArray:
    """Return perception of progress after one step.

    PoP' = PoP + κ·(target − PoP) − τ·turnover_share

    References:
        theory.md §C4 PoP; IPT-10 (workforce instability).
    """
    lost = (
        switches.on("turnover_lowers_progress") * rates.turnover_loss * turnover_share
    )
    return clip01(progress + rates.rate * (target - progress) - lost)


def update_faith(
    faith: FloatArray,
    progress: FloatArray,
    trust: FloatArray,
    leadership: FloatArray,
    *,
    rates: FaithRates,
    switches: MechanismSwitches,
) -> FloatArray:
    """Return faith in the partnership after one step.

    faith' = faith + λ·(PoP − faith) + μ·(trust − faith) + l·(2·leadership − 1), λ > μ.

    Args:
        faith: Faith per organisation, in [0, 1].
        progress: Perception of progress, in [0, 1].
        trust: The organisation's mean trust in its partners, in [0, 1].
        leadership: Leader enthusiasm and persuasiveness (½ is neutral), in [0, 1].
        rates: Faith rates.
        switches: Active mechanisms.

    References:
        theory.md §C4 Faith; RF-5; IPT-19, IPT-20; RC-9; SF4, SF20.
    """
    moved = (
        faith
        + switches.on("progress_feeds_faith") * rates.progress_rate * (progress - faith)
        + switches.on("trust_feeds_faith") * rates.trust_rate * (trust - faith)
        + switches.on("leadership_builds_faith")
        * rates.leader_rate
        * (2.0 * leadership - 1.0)
    )
    return clip01(moved)
