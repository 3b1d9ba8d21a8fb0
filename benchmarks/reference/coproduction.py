"""Co-production with service users (phase 6): the EAA cycle of theory P5.

A process of stochastic stages whose enabling conditions are levers of the
partnership: engagement grows towards what intentions and assets allow; engaged
partners hold dialogue sessions (at zero trust half as often as at full trust); a
session aligns them only if it was documented and divergent views were heard;
reflections on the records build understanding (in proportion to alignment) and
then agreement. Agreement feeds shared vision, alignment role clarity.
"""

from __future__ import annotations

import math

from benchmarks.reference.formulas import clip


def effects(vision, clarity, alignment, agreement, r, on):
    """Return (shared vision, role clarity) raised by agreement and alignment."""
    feeds = on("agreement_feeds_vision")
    return (
        clip(vision + feeds * r.vision_weight * agreement),
        clip(clarity + feeds * r.role_weight * alignment),
    )


def aligning_rate(engaged, cp, trust, r, on):
    """Expected aligning sessions per step: documented, with divergent views heard."""
    enabled = on("trust_enables_dialogue")
    # at zero trust half as many sessions as at full trust
    talks = (
        r.session_rate * cp.dialogue * engaged * (1.0 - 0.5 * enabled * (1.0 - trust))
    )
    records = on("documentation_enables_alignment")
    heard = on("divergent_views_enable_alignment")
    return (
        talks
        * (records * cp.documentation + 1.0 - records)
        * (heard * cp.divergent_views + 1.0 - heard)
    )


def cycle(p, engaged, sessions, reflections, r, on):
    """Move partnership ``p`` by the step's sessions and reflections (in place)."""
    aligned = 1.0 - (1.0 - p.alignment) * (1.0 - r.alignment_gain) ** sessions
    grounded = on("alignment_grounds_understanding")
    basis = grounded * aligned + 1.0 - grounded
    kept = (1.0 - r.understanding_gain * basis) ** reflections
    understood = 1.0 - (1.0 - p.understanding) * kept
    agreeing = on("understanding_enables_agreement")
    gain = r.agreement_gain * (agreeing * understood + 1.0 - agreeing)
    agreed = 1.0 - (1.0 - p.agreement) * (1.0 - gain) ** reflections
    decayed = 1.0 - r.decay
    p.engagement = clip(engaged)
    p.alignment = clip(aligned * decayed)
    p.understanding = clip(understood * decayed)
    p.agreement = clip(agreed * decayed)


def run(model):
    """One EAA cycle of each active co-producing partnership.

    Sessions and reflections are events over the step's sub-intervals.
    """
    r, on, rnd = model.rates.coproduction, model.on, model.random
    parts = max(1, math.ceil(max(r.session_rate, r.reflection_rate)))
    for p in model.partnerships:
        cp = p.spec.co_production
        if not (cp.enabled and p.active):
            continue
        mine = [pair.trust for pair in model.pairs if pair.partnership is p]
        trust = sum(mine) / len(mine) if mine else 0.5
        engaged = p.engagement + r.engagement_rate * (
            cp.intentions * cp.assets - p.engagement
        )
        aligning = clip(aligning_rate(engaged, cp, trust, r, on) / parts)
        reflecting = clip(r.reflection_rate * cp.interpretation / parts)
        sessions = sum(rnd.random() < aligning for _ in range(parts))
        reflections = sum(rnd.random() < reflecting for _ in range(parts))
        cycle(p, engaged, sessions, reflections, r, on)
