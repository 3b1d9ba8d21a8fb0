"""Phase 5: meetings of tied professionals, and the trust and acquaintance they build.

A step of ``dt`` weeks is split into ``ceil(dt)`` sub-intervals; two tied
professionals meet in each with a chance set by their pair's levers and their
access. A meeting is mutual: one draw decides it for the tie and its reverse, and it
goes well or badly. Every tie then moves by all of its step's events, one kind
after the other: its good meetings and the pair's joint successes and repair, its
bad meetings and the pair's failures and damage, conflict, then drift towards the
baseline over the share of the step without a meeting.
"""

from __future__ import annotations

import math

from benchmarks.reference import formulas as f


def run(model):
    """Draw every tie's meetings, then update trust and acquaintance.

    Returns the step's (meetings, bad meetings), counted on directed ties.
    """
    rt, rc, on, rnd = model.rates.trust, model.rates.contact, model.on, model.random
    parts = max(1, math.ceil(model.dt))
    reach = {
        prof: f.access(
            prof.role == "frontline", prof.presence(), prof.opportunity, rc, on
        )
        for org in model.orgs
        for prof in org.professionals
    }
    spoilt = f.keep(rt.loss, rt.positive_quality)  # a bad meeting, as big as a good one
    meetings = bad_meetings = 0
    for pair in model.links:  # one direction of each link; its reverse goes along
        p = pair.partnership
        figures = p.figure_presence() if p is not None else 0.0
        propensity = f.contact_propensity(
            pair.lever("connectivity"),
            pair.lever("distance"),
            pair.lever("protected_time"),
            figures,
            rc,
            on,
        )
        p_bad = f.negative_probability(pair.culture_gap, rt, on)
        vulnerability = 0.5 * (
            pair.a.leader.vulnerability + pair.b.leader.vulnerability
        )
        quality = f.interaction_quality(
            pair.lever("relational_strategies"),
            pair.lever("technical_strategies"),
            vulnerability,
            rt,
            on,
        )
        good_keep = f.keep(rt.gain, quality)
        for tie in pair.ties:
            good = bad = 0
            if pair.active:
                chance = f.clip(
                    propensity / parts * reach[tie.source] * reach[tie.target]
                )
                for _ in range(parts):
                    if rnd.random() < chance:
                        if rnd.random() < p_bad:
                            bad += 1
                        else:
                            good += 1
            for t in (tie, tie.reverse):
                _update_tie(t, good, bad, parts, (good_keep, spoilt), rt, on)
            meetings += 2 * (good + bad)
            bad_meetings += 2 * bad
    return meetings, bad_meetings


def _update_tie(  # noqa: PLR0917 - a tie and its step's events
    tie, good, bad, parts, keeps, r, on
):
    good_keep, bad_keep = keeps
    d = tie.pair
    keep_room = good_keep**good * d.keep_room * f.keep(r.gain, d.repair)
    keep_trust = bad_keep**bad * d.keep_trust * f.keep(r.loss, d.damage)
    met = good + bad
    contacted = met / parts  # at most one meeting per sub-interval
    tie.trust = f.update_trust(
        tie.trust, d.baseline, keep_room, keep_trust, d.conflict, contacted, r, on
    )
    tie.acquaintance = f.update_acquaintance(tie.acquaintance, met, parts, r)
