"""The update rules of collabsim, written out plainly for one tie, pair or organisation.

Each function here is the scalar twin of a pure kernel in ``collabsim.rules.trust``,
``collabsim.rules.acts``, ``collabsim.rules.perception``, ``collabsim.rules.comb`` or
``collabsim.rules.contexts`` (same equation, same order of terms). ``on`` is a mechanism
switch lookup returning 1.0 or 0.0, as ``MechanismSwitches.on``.
"""

from __future__ import annotations

import math


def clip(x, lo=0.0, hi=1.0):
    return lo if x < lo else hi if x > hi else x


# --- contexts ------------------------------------------------------------------
def tie_baseline(cross, asymmetry, history, r, on):
    base = (
        r.initial
        + on("history_raises_initial_trust") * r.history_boost * history
        - on("latent_distrust") * r.latent_distrust * cross
        - on("power_asymmetry_lowers_trust") * r.asymmetry_distrust * max(asymmetry, 0.0)
    )
    return clip(base)


def cultural_distance(ca, cb, cross, gap):
    return clip(abs(ca - cb) + gap * cross)


def power_asymmetry(p_self, p_partner, s_self, s_partner):
    return clip(p_partner - p_self + 0.2 * math.tanh(math.log(s_partner / s_self)), -1.0, 1.0)


def external_pressure(slack, regulation, competition, partner_scrutiny):
    return (1.0 - slack + regulation + competition + partner_scrutiny) / 4.0


def effective_ambition(ambition, pair_trust, r, on):
    return clip(ambition + on("trust_raises_ambition") * r.ambition_trust_gain * (pair_trust - 0.5))


# --- dynamics ------------------------------------------------------------------
def contact_probability(conn, distance, time, access, figure, r, on):
    c = 1.0 + on("connectivity_raises_contact") * (conn - 0.5)
    d = 1.0 - on("distance_reduces_contact") * r.distance_penalty * distance
    t = 1.0 + on("protected_time_raises_contact") * (r.protected_time_boost * time)
    f = 1.0 + on("central_figure_sustains_contact") * (r.central_figure_boost * figure)
    return clip(r.base_rate * c * d * t * f * access)


def interaction_quality(relational, technical, vulnerability, r, on):
    base = (
        r.positive_quality
        + on("relational_strategies_build_trust") * r.relational_boost * relational
        + on("technical_strategies_build_trust") * r.technical_boost * technical
    )
    leader = 1.0 + on("leadership_builds_trust") * r.leader_boost * (vulnerability - 0.5)
    return max(base * leader, 0.0)


def negative_probability(culture_gap, r, on):
    return clip(r.negative_rate + on("cultural_mismatch_spoils_contact") * r.cultural_negative_weight * culture_gap)


def update_trust(trust, baseline, positive, negative, conflict, contact, r, on):
    gained = min(r.gain * positive, 1.0) * (1.0 - trust)
    lost = min(r.loss * negative, 1.0) * trust
    eroded = on("conflict_erodes_trust") * r.conflict_erosion * conflict * trust
    drift = on("trust_decays_without_contact") * (r.decay * (1.0 - contact) * (trust - baseline))
    return clip(trust + gained - lost - eroded - drift)


def update_acquaintance(acq, contact, r):
    gained = r.acquaintance_gain * contact * (1.0 - acq)
    lost = r.acquaintance_decay * (1.0 - contact) * acq
    return clip(acq + gained - lost)


def conflict_pressure(culture_gap, competition, asymmetry, progress, vision, accountability, r, on):
    drivers = (
        1.0
        + on("cultural_mismatch_breeds_conflict") * r.cultural * culture_gap
        + on("competition_breeds_conflict") * r.competition * competition
        + on("power_asymmetry_breeds_conflict") * r.asymmetry * max(asymmetry, 0.0)
        + on("slow_progress_breeds_conflict") * r.slow_progress * (1.0 - progress)
    )
    damping = 1.0 - on("shared_vision_reduces_conflict") * (r.vision_damping * vision)
    chance = clip(r.episode_rate * drivers * damping)
    held = 1.0 - on("accountability_reduces_conflict") * (r.accountability_damping * accountability)
    return chance, r.episode_severity * held, on("task_failure_breeds_conflict") * r.task_failure * held


def resolve_conflict(conflict, added, episode, constructive, r, on):
    s = on("resolution_style_decides_recovery")
    raised = clip(conflict + added * (1.0 - conflict))
    neutral = 0.5 * (r.constructive_resolution + r.destructive_resolution)
    styled = r.constructive_resolution if constructive > 0.5 else r.destructive_resolution
    resolved = (s * styled + (1.0 - s) * neutral) * raised
    repair = s * constructive * r.constructive_repair * resolved
    damage = s * (1.0 - constructive) * r.destructive_damage * episode
    return clip(raised - resolved), repair, damage


def confidence_target(strength, accountability, mandated, persuasiveness, r, on):
    enforcement = r.enforcement_floor + (1.0 - r.enforcement_floor) * accountability
    contract = on("contracts_build_confidence") * (r.contract_weight * strength * enforcement)
    mandate = on("mandate_builds_confidence") * r.mandate_level * mandated
    leader = on("leadership_builds_confidence") * r.leader_boost * (persuasiveness - 0.5)
    obliged = max(contract, mandate)
    return clip(obliged + (leader if obliged > 0.0 else 0.0))


def update_confidence(confidence, target, breaches, accountability, r, on):
    breach = on("breaches_lower_confidence") * (r.breach_penalty * breaches * (1.0 - accountability))
    return clip(confidence + r.rate * (target - confidence) - breach)


def risk_threshold(trust, confidence, pressure, w, on):
    via_trust = on("trust_raises_threshold") * w.trust_weight * trust
    via_conf = on("confidence_raises_threshold") * (w.confidence_weight * confidence)
    opened = 1.0 - (1.0 - via_trust) * (1.0 - via_conf)
    closed = on("pressure_lowers_threshold") * w.pressure_weight * pressure
    return clip(opened * (1.0 - closed))


# --- behaviour -----------------------------------------------------------------
def act_risk(u, ambition, quick_window, r):
    ceiling = r.low_risk_cutoff if quick_window else r.base_risk + r.ambition_risk * ambition
    return u * clip(ceiling)


def choose_act(risk, threshold, frontline_threshold, faith, u_motivation, u_faith, r, on):
    """Return (collaborative, carried by faith) for one act; frontline_threshold may be None."""
    gate = threshold
    if on("interpersonal_compensation") > 0.0 and frontline_threshold is not None:
        gate = max(threshold, frontline_threshold)
    faith_on = on("faith_drives_behaviour")
    motivated = u_motivation < r.motivation_base + faith_on * r.faith_motivation * faith
    gated = on("threshold_gates_behaviour") > 0.0 and risk <= gate and motivated
    carried = risk <= r.low_risk_cutoff and u_faith < faith_on * r.faith_drive * faith
    return gated or carried, carried and not gated


def act_outcome(collaborative, risk, capability, u, early, r, on):
    chance = clip(r.success_base + r.capability_success * (capability - 0.5) - r.risk_failure * risk)
    success = collaborative and u < chance
    failure = collaborative and not success
    quick = on("quick_wins_build_trust") > 0.0 and success and early and risk <= r.low_risk_cutoff
    value = on("behaviour_builds_effectiveness") * success * (0.5 + risk)
    return success, failure, quick, value


# --- perception ----------------------------------------------------------------
def observed_progress(share, ambition, r):
    return clip(share / (r.expected_success * (0.5 + ambition)))


def update_signal(signal, observed, r):
    return clip(signal + r.memory * (observed - signal))


def progress_target(signal, evaluation, clarity, flexibility, internal, absent, ambition, r, on):
    visible = r.visibility + on("evaluation_raises_progress") * (r.evaluation_visibility * evaluation)
    fed = on("effectiveness_feeds_progress")
    seen = visible * (fed * signal + (1.0 - fed) * 0.5)
    target = (
        seen
        + on("role_clarity_raises_progress") * r.role_clarity * clarity
        + on("flexibility_raises_progress") * r.flexibility * flexibility
        - on("intra_conflict_lowers_progress") * r.intra_conflict * internal
        - on("absent_actors_lower_progress") * r.absent_actors * absent
    )
    capped = on("unambitious_aims_cap_progress")
    ceiling = capped * (r.ambition_ceiling + (1.0 - r.ambition_ceiling) * ambition)
    return clip(min(target, ceiling + (1.0 - capped)))


def update_progress(progress, target, turnover_share, r, on):
    lost = on("turnover_lowers_progress") * r.turnover_loss * turnover_share
    return clip(progress + r.rate * (target - progress) - lost)


def update_faith(faith, progress, trust, leadership, r, on):
    return clip(
        faith
        + on("progress_feeds_faith") * r.progress_rate * (progress - faith)
        + on("trust_feeds_faith") * r.trust_rate * (trust - faith)
        + on("leadership_builds_faith") * r.leader_rate * (2.0 * leadership - 1.0)
    )


# --- measures ------------------------------------------------------------------
def update_comb(prof, tie_trust, failures, r, on):
    """Move one professional's COM-B, commitment and resilience (in place)."""
    trusting = on("trust_builds_comb")
    target = trusting * tie_trust + (1.0 - trusting) * 0.5
    prof.capability = clip(prof.capability + r.rate * (target - prof.capability))
    prof.opportunity = clip(prof.opportunity + r.rate * (target - prof.opportunity))
    prof.motivation = clip(prof.motivation + r.rate * (target - prof.motivation))
    building = on("comb_builds_resilience")
    mean = (prof.capability + prof.opportunity + prof.motivation) / 3.0
    shock = r.shock_loss * (1.0 - prof.resilience) * min(failures, 1.0)
    prof.commitment = clip(
        prof.commitment + building * r.commitment_rate * (mean - prof.commitment) - shock * prof.commitment
    )
    prof.resilience = clip(prof.resilience + building * r.resilience_rate * (prof.commitment - prof.resilience))


def update_coproduction(p, cp, trust, r, on):
    """One EAA cycle of partnership ``p`` with co-production spec ``cp`` (in place)."""
    recorded = on("documentation_enables_alignment") * cp.documentation + (1.0 - on("documentation_enables_alignment"))
    talk = cp.dialogue * p.engagement * trust
    engagement = p.engagement + r.engagement_rate * cp.intentions * cp.assets * (1 - p.engagement)
    alignment = p.alignment + r.alignment_rate * talk * recorded * (1 - p.alignment)
    agreement = p.agreement + r.agreement_rate * cp.interpretation * p.alignment * (1 - p.agreement)
    keep = 1.0 - r.decay
    p.engagement, p.alignment, p.agreement = clip(engagement * keep), clip(alignment * keep), clip(agreement * keep)
