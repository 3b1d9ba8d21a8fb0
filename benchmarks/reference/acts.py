"""Phases 2-3: organisation-pair trust, confidence and risk threshold; joint acts.

Each active directed pair considers a random number of joint acts in a step: the
step is split into ``ceil(acts per step)`` sub-intervals, each holding an act with
the same chance. An act is done by one professional of each organisation, chosen in
proportion to their commitment among the present staff of its role (weighted by
the share of the step each post is filled); an act nobody is in post to do on
either side does not happen. It goes ahead through the gate (or, for frontline case
work, the knowledge-based trust of two professionals who know each other) or on
faith, then succeeds or fails. Its outcome is kept on the pair and its reverse until
the tie phase, where it reaches every tie of both directions.
"""

from __future__ import annotations

import math

from benchmarks.reference import formulas as f


def obligation_level(model, pair):
    """Confidence the obligations in force justify (contract, mandate, leader)."""
    p = pair.partnership
    return f.confidence_target(
        p.contract if p is not None else 0.0,
        pair.accountability(),
        p.mandate if p is not None else 0.0,
        pair.b.leader.persuasiveness,
        model.rates.confidence,
        model.on,
    )


def update_gate(model, pair):
    """Phase 2: pair trust from its ties, confidence, pressure, risk threshold."""
    r, on = model.rates, model.on
    weighted = sum(t.source.weight * t.trust for t in pair.ties)
    mean = weighted / sum(t.source.weight for t in pair.ties)
    pair.trust = f.organisation_trust(mean, pair.cross_sector, r.trust, on)
    target = obligation_level(model, pair)
    pair.confidence = f.update_confidence(
        pair.confidence, target, pair.breaches, pair.accountability(), r.confidence, on
    )
    a, b = pair.a, pair.b
    pair.pressure = f.external_pressure(
        a.financial_slack, a.regulatory_pressure, a.competing(), b.regulatory_pressure
    )
    pair.threshold = f.risk_threshold(
        pair.trust, pair.confidence, pair.pressure, r.threshold, on
    )


def joint_acts(model, pair):
    """Phase 3: this step's joint acts of ``pair.a`` with ``pair.b``."""
    r, rnd = model.rates.behaviour, model.random
    parts = max(1, math.ceil(r.acts_per_week))  # acts_per_week is already per step
    chance = r.acts_per_week / parts
    for _ in range(parts):
        if rnd.random() < chance:
            joint_act(model, pair)


def choose_doer(model, org, case_work):
    """One present professional of the act's role, in proportion to commitment.

    Frontline case work falls to frontline staff (to senior staff where an
    organisation has none), other acts to the leader and boundary spanners. None if
    every post of the role is vacant.
    """
    staff = org.frontline if case_work and org.frontline else org.senior
    weights = [f.work_weight(p.commitment, p.presence(), model.on) for p in staff]
    total = sum(weights)
    if total <= 0.0:
        return None
    u = model.random.random() * total
    chosen = None
    for prof, weight in zip(staff, weights, strict=True):
        if weight > 0.0:
            chosen = prof
            u -= weight
            if u < 0.0:
                break
    return chosen


def joint_act(model, pair):
    """One joint act: its kind, risk, doers, decision, outcome and what it leaves.

    An act with no one in post to do it on either side did not happen: it is neither
    collaborative nor competitive and is not counted.
    """
    r, on, rnd = model.rates.behaviour, model.on, model.random
    p = pair.partnership
    frontline = rnd.random() < r.frontline_share
    # a quick-win plan keeps a partnership's first weeks to low-risk, visible acts
    planned = bool(p.spec.quick_wins) and model.t - p.started_at < r.quick_win_weeks
    ambition = f.effective_ambition(p.spec.ambition, pair.trust, r, on)
    low_only = frontline or planned
    risk = f.act_risk(rnd.random(), ambition, low_only, r)
    mine = choose_doer(model, pair.a, frontline)
    theirs = choose_doer(model, pair.b, frontline)
    if mine is None or theirs is None:
        return
    personal = None
    tie = mine.tie_to[theirs]
    if frontline and tie.acquaintance >= model.rates.trust.knowing:
        # two professionals who know each other: their own, knowledge-based trust
        personal = model.rates.threshold.trust_weight * tie.trust
    uptake = f.uptake_chance(mine.motivation, r, on)
    collaborative, carried = f.choose_act(
        risk,
        pair.threshold,
        personal,
        pair.a.faith,
        uptake,
        rnd.random(),
        rnd.random(),
        r,
        on,
    )
    success = failure = False
    if collaborative:
        capability = 0.5 * (mine.capability + theirs.capability)
        success = rnd.random() < f.success_chance(capability, risk, r, on)
        failure = not success
    quick = success and planned and risk <= r.low_risk_cutoff
    value = f.act_value(success, risk, on)
    p.effectiveness[min(int(rnd.random() * 6), 5)] += value
    _leave_marks(model, pair, risk, success, failure, quick)
    if failure:
        mine.failures += 1
        theirs.failures += 1
    pair.n_acts += 1
    pair.n_collab += collaborative
    pair.n_competitive += not collaborative
    pair.n_failure += failure
    pair.a.tried += 1
    pair.a.achieved += value
    model.acts.append((risk, collaborative, carried, failure, quick))


def _leave_marks(model, pair, risk, success, failure, quick):
    """Joint work reaches both directions: success builds trust, failure costs it."""
    r, on = model.rates.trust, model.on
    stake = 0.5 + risk
    if success:
        technical = pair.lever("technical_strategies")
        keep = f.keep(r.gain, f.success_quality(stake, technical, quick, r, on))
        pair.keep_room *= keep
        pair.reverse.keep_room *= keep
    if failure:
        keep = f.keep(r.loss, f.failure_quality(stake, r, on))
        pair.keep_trust *= keep
        pair.reverse.keep_trust *= keep
