"""Pure rules for perception of progress and faith (organisation level).

References:
    theory.md §C2 perception_of_progress_A, faith_A; §C4; RF-5, RF-7; IPT-6..IPT-12.
"""

from __future__ import annotations

import numpy as np

from collabsim.arrays import FloatArray
from collabsim.rules.engine import clip01_core, compiled
from collabsim.scenario.mechanisms import MechanismSwitches
from collabsim.scenario.rates import FaithRates, ProgressRates

__all__ = [
    "observed_progress",
    "observed_progress_core",
    "progress_target",
    "progress_target_core",
    "update_faith",
    "update_faith_core",
    "update_progress",
    "update_progress_core",
    "update_signal",
    "update_signal_core",
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
    return observed_progress_core(success_share, ambition, rates.expected_success)


@compiled
def observed_progress_core(
    success_share: FloatArray, ambition: FloatArray, expected_success: float
) -> FloatArray:
    """Achievement relative to ambition. Core of :func:`observed_progress`."""
    return clip01_core(success_share / (expected_success * (0.5 + ambition)))


def update_signal(
    signal: FloatArray, observed: FloatArray, *, rates: ProgressRates
) -> FloatArray:
    """Return the running (exponentially weighted) progress signal, in [0, 1]."""
    return update_signal_core(signal, observed, rates.memory)


@compiled
def update_signal_core(
    signal: FloatArray, observed: FloatArray, memory: float
) -> FloatArray:
    """Running progress signal. Core of :func:`update_signal`."""
    return clip01_core(signal + memory * (observed - signal))


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
    return progress_target_core(
        signal,
        evaluation,
        role_clarity,
        flexibility,
        internal,
        absent,
        ambition,
        rates.visibility,
        rates.evaluation_visibility,
        rates.role_clarity,
        rates.flexibility,
        rates.intra_conflict,
        rates.absent_actors,
        rates.ambition_ceiling,
        switches.on("evaluation_raises_progress"),
        switches.on("effectiveness_feeds_progress"),
        switches.on("role_clarity_raises_progress"),
        switches.on("flexibility_raises_progress"),
        switches.on("intra_conflict_lowers_progress"),
        switches.on("absent_actors_lower_progress"),
        switches.on("unambitious_aims_cap_progress"),
    )


@compiled
def progress_target_core(  # noqa: PLR0913, PLR0917 - arrays, rates, switches
    signal: FloatArray,
    evaluation: FloatArray,
    role_clarity: FloatArray,
    flexibility: FloatArray,
    internal: FloatArray,
    absent: FloatArray,
    ambition: FloatArray,
    visibility: float,
    evaluation_visibility: float,
    role_clarity_rate: float,
    flexibility_rate: float,
    intra_conflict_rate: float,
    absent_actors_rate: float,
    ambition_ceiling: float,
    sw_evaluation: float,
    sw_fed: float,
    sw_role_clarity: float,
    sw_flexibility: float,
    sw_intra_conflict: float,
    sw_absent: float,
    sw_capped: float,
) -> FloatArray:
    """Equilibrium perception of progress. Core of :func:`progress_target`."""
    visible = visibility + sw_evaluation * (evaluation_visibility * evaluation)
    seen = visible * (sw_fed * signal + (1.0 - sw_fed) * 0.5)
    target = (
        seen
        + sw_role_clarity * role_clarity_rate * role_clarity
        + sw_flexibility * flexibility_rate * flexibility
        - sw_intra_conflict * intra_conflict_rate * internal
        - sw_absent * absent_actors_rate * absent
    )
    ceiling = sw_capped * (ambition_ceiling + (1.0 - ambition_ceiling) * ambition)
    return clip01_core(np.minimum(target, ceiling + (1.0 - sw_capped)))


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
    return update_progress_core(
        progress,
        target,
        turnover_share,
        rates.rate,
        rates.turnover_loss,
        switches.on("turnover_lowers_progress"),
    )


@compiled
def update_progress_core(
    progress: FloatArray,
    target: FloatArray,
    turnover_share: FloatArray,
    rate: float,
    turnover_loss: float,
    sw_turnover: float,
) -> FloatArray:
    """Perception of progress after one step. Core of :func:`update_progress`."""
    lost = sw_turnover * turnover_loss * turnover_share
    return clip01_core(progress + rate * (target - progress) - lost)


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
    return update_faith_core(
        faith,
        progress,
        trust,
        leadership,
        rates.progress_rate,
        rates.trust_rate,
        rates.leader_rate,
        switches.on("progress_feeds_faith"),
        switches.on("trust_feeds_faith"),
        switches.on("leadership_builds_faith"),
    )


@compiled
def update_faith_core(  # noqa: PLR0913, PLR0917 - arrays, rates, switches
    faith: FloatArray,
    progress: FloatArray,
    trust: FloatArray,
    leadership: FloatArray,
    progress_rate: float,
    trust_rate: float,
    leader_rate: float,
    sw_progress: float,
    sw_trust: float,
    sw_leadership: float,
) -> FloatArray:
    """Faith in the partnership after one step. Core of :func:`update_faith`."""
    moved = (
        faith
        + sw_progress * progress_rate * (progress - faith)
        + sw_trust * trust_rate * (trust - faith)
        + sw_leadership * leader_rate * (2.0 * leadership - 1.0)
    )
    return clip01_core(moved)
