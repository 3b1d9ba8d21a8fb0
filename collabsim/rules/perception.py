"""Pure rules for perception of progress and faith (organisation level).

Every rule takes arrays, the packed rates of its group (a NamedTuple read by field
name, see :meth:`collabsim.scenario.fields.Spec.packed`) and the packed mechanism
switches ``on`` (read as ``on[Link.<mechanism>]``), draws no random numbers and
returns new arrays. A switch multiplies its causal link's term by 1 or 0 (theory
§B(iv); ``MECHANISMS``).

References:
    docs/theory.md §C2 perception_of_progress_A, faith_A; §C4; RF-5, RF-7;
    IPT-6..IPT-12.
"""

from __future__ import annotations

import numpy as np

from collabsim.arrays import FloatArray
from collabsim.rules.engine import clip01_core, compiled
from collabsim.scenario.mechanisms import Link
from collabsim.scenario.rates import FaithRates, ProgressRates

__all__ = [
    "observed_progress",
    "progress_target",
    "update_faith",
    "update_progress",
    "update_signal",
]


@compiled
def observed_progress(
    value_per_act: FloatArray, ambition: FloatArray, rates: ProgressRates
) -> FloatArray:
    """Return observed progress: effectiveness achieved relative to ambition, in [0, 1].

    observed = value_per_act / (expected·(½ + ambition)), where ``value_per_act`` is
    the running mean effectiveness of the organisation's joint acts (0 for a
    competitive or failed act): the same achievement counts for less progress when
    the partnership aims higher.

    References:
        docs/theory.md §C4 PoP ("observed_progress is effectiveness relative to
        ambition"); IPT-7.
    """
    return clip01_core(value_per_act / (rates.expected_value * (0.5 + ambition)))


@compiled
def update_signal(
    signal: FloatArray, observed: FloatArray, rates: ProgressRates
) -> FloatArray:
    """Return the running (exponentially weighted) record of effectiveness per act."""
    return signal + rates.memory * (observed - signal)


@compiled
def progress_target(  # noqa: PLR0913, PLR0917 - one argument per driver of §C2 PoP
    observed: FloatArray,
    evaluation: FloatArray,
    role_clarity: FloatArray,
    flexibility: FloatArray,
    strains: tuple[FloatArray, FloatArray],
    ambition: FloatArray,
    rates: ProgressRates,
    on: FloatArray,
) -> FloatArray:
    """Return the progress an organisation would perceive at equilibrium.

    seen = vis·observed + (1 − vis)·prior, vis = v₀ + v_e·evaluation:
    without evaluation, perception leans on the prior belief; with it, perception
    tracks observed effectiveness, up where there is progress and down where there
    is none (theory events table, Evaluation; IPT-11).
    target = seen + r·role_clarity + f·flexibility − i·internal − a·absent, capped
    at c + (1 − c)·ambition. ``role_clarity`` is that of a contract in force;
    ``strains`` are the organisation's internal conflict and absent actors.

    References:
        docs/theory.md §C4 PoP; IPT-6, IPT-7, IPT-8, IPT-9, IPT-11, IPT-12; SF4.
    """
    internal, absent = strains
    fed = on[Link.effectiveness_feeds_progress]
    capped = on[Link.unambitious_aims_cap_progress]
    prior = rates.initial
    visible = np.minimum(
        rates.visibility
        + on[Link.evaluation_informs_progress]
        * (rates.evaluation_visibility * evaluation),
        1.0,
    )
    observed_or_prior = fed * observed + (1.0 - fed) * prior
    seen = visible * observed_or_prior + (1.0 - visible) * prior
    target = (
        seen
        + on[Link.role_clarity_raises_progress] * rates.role_clarity * role_clarity
        + on[Link.flexibility_raises_progress] * rates.flexibility * flexibility
        - on[Link.intra_conflict_lowers_progress] * rates.intra_conflict * internal
        - on[Link.absent_actors_lower_progress] * rates.absent_actors * absent
    )
    ceiling = capped * (
        rates.ambition_ceiling + (1.0 - rates.ambition_ceiling) * ambition
    )
    return clip01_core(np.minimum(target, ceiling + (1.0 - capped)))


@compiled
def update_progress(
    progress: FloatArray,
    target: FloatArray,
    turnover_share: FloatArray,
    rates: ProgressRates,
    on: FloatArray,
) -> FloatArray:
    """Return perception of progress after one step.

    PoP' = PoP + κ·(target − PoP) − τ·turnover_share

    References:
        docs/theory.md §C4 PoP; IPT-10 (workforce instability).
    """
    lost = on[Link.turnover_lowers_progress] * rates.turnover_loss * turnover_share
    return clip01_core(progress + rates.rate * (target - progress) - lost)


@compiled
def update_faith(
    faith: FloatArray,
    progress: FloatArray,
    trust: FloatArray,
    leadership: FloatArray,
    rates: FaithRates,
    on: FloatArray,
) -> FloatArray:
    """Return faith in the partnership after one step.

    faith₁ = faith + λ·(PoP − faith); faith₂ = faith₁ + μ·(trust − faith₁);
    faith' = faith₂ + l·(2·leadership − 1), λ > μ (each pull applied in turn).

    References:
        docs/theory.md §C4 Faith; RF-5; IPT-19, IPT-20; RC-9; SF4, SF20.
    """
    pulled = faith + on[Link.progress_feeds_faith] * rates.progress_rate * (
        progress - faith
    )
    trusting = pulled + on[Link.trust_feeds_faith] * rates.trust_rate * (trust - pulled)
    led = (
        on[Link.leadership_builds_faith] * rates.leader_rate * (2.0 * leadership - 1.0)
    )
    return clip01_core(trusting + led)
