"""Pure rules of co-production with service users: engagement, alignment, agreement.

A process of stochastic stages, each moved by events whose enabling conditions are
levers of the partnership (theory P5, the EAA framework):

* **engagement** grows towards what intentions and assets allow;
* engaged partners hold dialogue **sessions**, more often when they trust each
  other (at zero trust, half as often as at full trust); a session **aligns**
  them only if divergent views were heard *and* it was documented;
* **reflections** on the records (interpretation) build **understanding**, in
  proportion to how aligned the records are;
* reflections turn understanding into **agreement**.

The order of the stages is not imposed: it comes from these conditions. Without
documentation or divergent views nothing aligns, so nothing is understood or agreed.
Each outcome decays slowly without reinforcement (the process is iterative).

References:
    docs/theory.md §A5, §C6 Masterson; P5 (EAA framework).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from collabsim.arrays import FloatArray
from collabsim.rules.engine import clip01_core, compiled, event_counts, repeated_keep
from collabsim.scenario.mechanisms import Link
from collabsim.scenario.rates import CoProductionRates

__all__ = ["Eaa", "coproduction_effects", "update_coproduction"]


class Eaa(NamedTuple):
    """Co-production state per partnership, each in [0, 1]."""

    engagement: FloatArray
    alignment: FloatArray
    understanding: FloatArray
    agreement: FloatArray


#: Co-production levers per partnership: intentions, assets, dialogue, divergent
#: views, documentation, interpretation.
Levers = tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]


@compiled
def update_coproduction(  # noqa: PLR0913, PLR0917 - state, levers, trust, draws, rates
    eaa: Eaa,
    levers: Levers,
    trust: FloatArray,
    draws: tuple[FloatArray, FloatArray],
    parts: FloatArray,
    rates: CoProductionRates,
    on: FloatArray,
) -> Eaa:
    """Return the co-production state after one step.

    ``draws`` are the uniforms of the step's sub-intervals (shape (k, n) each): one
    set decides aligning sessions, the other reflections; ``parts`` is the number
    of sub-intervals of each partnership's step (its uniforms beyond them are 1, so
    they count no event).

    References:
        docs/theory.md §A5, §C6 Masterson; P5 EAA framework.
    """
    engagement, alignment, understanding, agreement = eaa
    intentions, assets, dialogue, divergent, documentation, interpretation = levers
    u_sessions, u_reflections = draws
    engaged = engagement + rates.engagement_rate * (intentions * assets - engagement)
    enabled = on[Link.trust_enables_dialogue]
    # trust enables dialogue: at zero trust half as many sessions as at full trust
    talks = (
        rates.session_rate * dialogue * engaged * (1.0 - 0.5 * enabled * (1.0 - trust))
    )
    records = on[Link.documentation_enables_alignment]
    heard = on[Link.divergent_views_enable_alignment]
    aligning = (
        talks
        * (records * documentation + 1.0 - records)
        * (heard * divergent + 1.0 - heard)
    )
    sessions = event_counts(clip01_core(aligning / parts), u_sessions)
    reflections = event_counts(
        clip01_core(rates.reflection_rate * interpretation / parts), u_reflections
    )
    aligned = 1.0 - (1.0 - alignment) * repeated_keep(
        (1.0 - rates.alignment_gain) * np.ones(sessions.shape[0]), sessions
    )
    grounded = on[Link.alignment_grounds_understanding]
    basis = grounded * aligned + 1.0 - grounded
    understood = 1.0 - (1.0 - understanding) * repeated_keep(
        1.0 - rates.understanding_gain * basis, reflections
    )
    agreeing = on[Link.understanding_enables_agreement]
    agreed = 1.0 - (1.0 - agreement) * repeated_keep(
        1.0 - rates.agreement_gain * (agreeing * understood + 1.0 - agreeing),
        reflections,
    )
    keep = 1.0 - rates.decay
    return Eaa(
        clip01_core(engaged),
        clip01_core(aligned * keep),
        clip01_core(understood * keep),
        clip01_core(agreed * keep),
    )


@compiled
def coproduction_effects(
    shared_vision: FloatArray,
    role_clarity: FloatArray,
    alignment: FloatArray,
    agreement: FloatArray,
    rates: CoProductionRates,
    on: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """Return (shared vision, role clarity) raised by co-production outcomes.

    vision' = vision + v·agreement; clarity' = clarity + r·alignment (clipped).

    References:
        docs/theory.md §C6 Masterson ("agreement can feed shared_vision; alignment
        can feed role_clarity").
    """
    feeds = on[Link.agreement_feeds_vision]
    vision = clip01_core(shared_vision + feeds * rates.vision_weight * agreement)
    clarity = clip01_core(role_clarity + feeds * rates.role_weight * alignment)
    return vision, clarity
