"""The update rules of collabsim, written out plainly for one tie, pair or person.

Each function is the scalar twin of a rule in ``collabsim/rules`` (same equation,
same order of terms), for one tie, organisation pair, organisation, professional or
partnership. Rates ``r`` are one group of the scenario's rates already converted
to one step of ``dt`` weeks (``Spec.packed(dt)``: a share per week compounds, a
rate per week is multiplied, weeks become steps); ``on(name)`` is the mechanism
switch, 1.0 or 0.0. No function here draws a random number. The rules of
co-production are in ``coproduction.py``, with its phase.
"""

from __future__ import annotations

import math


def clip(x, lo=0.0, hi=1.0):
    return lo if x < lo else hi if x > hi else x


# --- contexts (rules/contexts.py) ---------------------------------------------------
def cultural_distance(culture_a, culture_b, cross, gap):
    return clip(abs(culture_a - culture_b) + gap * cross)


def power_asymmetry(power_self, power_partner, size_self, size_partner):
    """Asymmetry against an organisation, in [-1, 1] (> 0: it is the weaker)."""
    size_term = 0.2 * math.tanh(math.log(size_partner / size_self))
    return clip(power_partner - power_self + size_term, -1.0, 1.0)


def tie_baseline(cross, asymmetry, history, r, on):
    base = (
        r.initial
        + on("history_raises_initial_trust") * r.history_boost * history
        - on("latent_distrust") * r.latent_distrust * cross
        - on("power_asymmetry_lowers_trust")
        * r.asymmetry_distrust
        * max(asymmetry, 0.0)
    )
    return clip(base)


def external_pressure(slack, regulation, competition, partner_scrutiny):
    return (1.0 - slack + regulation + competition + partner_scrutiny) / 4.0


def effective_ambition(ambition, pair_trust, r, on):
    raised = on("trust_raises_ambition") * r.ambition_trust_gain * (pair_trust - 0.5)
    return clip(ambition + raised)


# --- the gate (rules/gate.py) -------------------------------------------------------
def organisation_trust(tie_mean, cross, r, on):
    """Weighted mean tie trust, less what latent distrust withholds across sectors."""
    return tie_mean * (1.0 - on("latent_distrust") * r.organisational_distrust * cross)


def confidence_target(strength, accountability, mandated, persuasiveness, r, on):
    """Contract and mandate combine by noisy-OR; leadership only adds to obligation."""
    enforcement = r.enforcement_floor + (1.0 - r.enforcement_floor) * accountability
    contract = on("contracts_build_confidence") * (
        r.contract_weight * strength * enforcement
    )
    mandate = on("mandate_builds_confidence") * r.mandate_level * mandated
    leader = (
        on("leadership_builds_confidence") * r.leader_boost * (persuasiveness - 0.5)
    )
    obliged = 1.0 - (1.0 - contract) * (1.0 - mandate)
    return clip(obliged + (leader if obliged > 0.0 else 0.0))


def update_confidence(confidence, target, breaches, accountability, r, on):
    breach = on("breaches_lower_confidence") * (
        r.breach_penalty * breaches * (1.0 - accountability)
    )
    return clip(confidence + r.rate * (target - confidence) - breach)


def risk_threshold(trust, confidence, pressure, w, on):
    via_trust = on("trust_raises_threshold") * w.trust_weight * trust
    via_confidence = (
        on("confidence_raises_threshold") * w.confidence_weight * confidence
    )
    opened = 1.0 - (1.0 - via_trust) * (1.0 - via_confidence)
    closed = on("pressure_lowers_threshold") * w.pressure_weight * pressure
    return clip(opened * (1.0 - closed))


# --- joint acts (rules/acts.py, rules/trust.py) -------------------------------------
def act_risk(u, ambition, low_risk_only, r):
    ceiling = (
        r.low_risk_cutoff if low_risk_only else r.base_risk + r.ambition_risk * ambition
    )
    return u * clip(ceiling)


def work_weight(commitment, present, on):
    """A professional's weight in who does an act of their role (0 if vacant).

    ``present`` is the share of the step the post is filled (:func:`presence`).
    """
    shared = on("commitment_shares_joint_work")
    return float(present) * (shared * commitment + 1.0 - shared)


def uptake_chance(motivation, r, on):
    return clip(
        r.uptake
        + on("motivation_drives_uptake") * r.motivation_uptake * (motivation - 0.5)
    )


def choose_act(  # noqa: PLR0917 - the rule's terms, as in collabsim/rules
    risk, threshold, personal, faith, uptake, u_uptake, u_faith, r, on
):
    """Return (collaborative, carried by faith alone) for one act.

    ``personal`` is the interpersonal threshold of two professionals doing frontline
    case work who know each other (w_T · trust of their tie), or None otherwise.
    """
    low = risk <= r.low_risk_cutoff
    organisational = on("threshold_gates_behaviour") > 0.0 and risk <= threshold
    interpersonal = (
        on("interpersonal_compensation") > 0.0
        and personal is not None
        and low
        and risk <= personal
    )
    gated = (organisational or interpersonal) and u_uptake < uptake
    faithful = low and u_faith < on("faith_drives_behaviour") * r.faith_drive * faith
    return gated or faithful, faithful and not gated


def success_chance(capability, risk, r, on):
    return clip(
        r.success_base
        + on("capability_raises_success") * r.capability_success * (capability - 0.5)
        - r.risk_failure * risk
    )


def act_value(success, risk, on):
    """Effectiveness of an act: a success is worth ½ + its risk."""
    return on("behaviour_builds_effectiveness") * float(success) * (0.5 + risk)


def success_quality(stake, technical, quick, r, on):
    delivered = (
        r.success_quality
        * stake
        * (1.0 + on("technical_strategies_build_trust") * r.delivery_boost * technical)
    )
    return on("success_builds_trust") * delivered + (
        on("quick_wins_build_trust") * r.quick_win_gain * float(quick)
    )


def failure_quality(stake, r, on):
    return on("task_failure_lowers_trust") * r.failure_severity * stake


def keep(rate, quality):
    """Share left by one event of ``quality`` that takes ``rate`` of it (α or β)."""
    return 1.0 - min(rate * quality, 1.0)


# --- contact and tie trust (rules/contact.py, rules/trust.py) -----------------------
def presence(vacant_until, t):
    """Share of the step ending at ``t`` that a post is filled (a vacancy's weeks)."""
    return clip(t - vacant_until)


def contact_propensity(connectivity, distance, protected_time, figures, r, on):
    """Expected meetings per step of two fully accessible professionals of a pair."""
    return (
        r.base_rate
        * (1.0 + on("connectivity_raises_contact") * (connectivity - 0.5))
        * (1.0 - on("distance_reduces_contact") * r.distance_penalty * distance)
        * (
            1.0
            + on("protected_time_raises_contact")
            * r.protected_time_boost
            * protected_time
        )
        * (
            1.0
            + on("central_figure_sustains_contact") * r.central_figure_boost * figures
        )
    )


def access(frontline, present, opportunity, r, on):
    by_role = r.frontline_access if frontline else 1.0
    vacancy = on("vacancy_blocks_contact")
    held = 1.0 - vacancy + vacancy * float(present)
    weight = on("opportunity_raises_contact") * r.opportunity_weight
    return by_role * held * (1.0 - weight + weight * 2.0 * opportunity)


def interaction_quality(relational, technical, vulnerability, r, on):
    base = (
        r.positive_quality
        + on("relational_strategies_build_trust") * r.relational_boost * relational
        + on("technical_strategies_build_trust") * r.technical_boost * technical
    )
    leader = 1.0 + on("leadership_builds_trust") * r.leader_boost * (
        vulnerability - 0.5
    )
    return max(base * leader, 0.0)


def negative_probability(culture_gap, r, on):
    return clip(
        r.negative_rate
        + on("cultural_mismatch_spoils_contact")
        * r.cultural_negative_weight
        * culture_gap
    )


def update_trust(  # noqa: PLR0917 - the rule's terms, as in collabsim/rules
    trust, baseline, keep_room, keep_trust, conflict, contacted, r, on
):
    """Good events, then bad ones, then conflict, then drift, one after the other.

    Good events keep a share of the room to full trust, bad ones a share of trust;
    conflict erodes a share of what is left; trust then drifts towards the baseline
    over the share of the step without a meeting (``contacted``: the share with one).
    """
    gained = 1.0 - (1.0 - trust) * keep_room
    kept = gained * keep_trust
    eroded = kept * (1.0 - on("conflict_erodes_trust") * r.conflict_erosion * conflict)
    quiet = 1.0 - (1.0 - r.decay) ** (1.0 - contacted)
    drift = on("trust_decays_without_contact") * quiet
    return clip(eroded + drift * (baseline - eroded))


def update_acquaintance(acquaintance, meetings, parts, r):
    """Each meeting closes a share of the room; it decays over the quiet sub-steps."""
    met = 1.0 - (1.0 - acquaintance) * (1.0 - r.acquaintance_gain) ** meetings
    contacted = meetings / parts  # at most one meeting per sub-interval
    return clip(met * (1.0 - r.acquaintance_decay) ** (1.0 - contacted))


# --- conflict (rules/conflict.py) ---------------------------------------------------
def conflict_pressure(  # noqa: PLR0917 - the rule's terms, as in collabsim/rules
    culture_gap, competition, asymmetry, progress, vision, accountability, r, on
):
    """Return (expected episodes, episode severity, conflict per joint failure)."""
    drivers = (
        1.0
        + on("cultural_mismatch_breeds_conflict") * r.cultural * culture_gap
        + on("competition_breeds_conflict") * r.competition * competition
        + on("power_asymmetry_breeds_conflict") * r.asymmetry * max(asymmetry, 0.0)
        + on("slow_progress_breeds_conflict") * r.slow_progress * (1.0 - progress)
    )
    damping = 1.0 - on("shared_vision_reduces_conflict") * r.vision_damping * vision
    expected = max(r.episode_rate * drivers * damping, 0.0)
    held = (
        1.0
        - on("accountability_reduces_conflict")
        * r.accountability_damping
        * accountability
    )
    severity = r.episode_severity * held
    per_failure = on("task_failure_breeds_conflict") * r.task_failure * held
    return expected, severity, per_failure


def resolve_conflict(conflict, added, episodes, constructive, r, on):
    """Return (conflict', repair quality, damage quality).

    Half a step of resolution, then the step's new conflict arrives (saturating at
    1), then the other half; repair is in proportion to the conflict resolved,
    damage to the number of destructively handled ``episodes``.
    """
    s = on("resolution_style_decides_recovery")
    neutral = 0.5 * (r.constructive_resolution + r.destructive_resolution)
    styled = (
        r.constructive_resolution if constructive > 0.5 else r.destructive_resolution
    )
    keep = math.sqrt(1.0 - (s * styled + (1.0 - s) * neutral))  # half a step
    middle = conflict * keep
    risen = min(added, 1.0) * (1.0 - middle)
    after = (middle + risen) * keep
    resolved = conflict + risen - after
    repair = s * constructive * r.constructive_repair * resolved
    damage = s * (1.0 - constructive) * r.destructive_damage * episodes
    return clip(after), repair, damage


# --- perception and faith (rules/perception.py) -------------------------------------
def observed_progress(value_per_act, ambition, r):
    return clip(value_per_act / (r.expected_value * (0.5 + ambition)))


def progress_target(  # noqa: PLR0917 - the rule's terms, as in collabsim/rules
    observed, evaluation, clarity, flexibility, internal, absent, ambition, r, on
):
    fed = on("effectiveness_feeds_progress")
    prior = r.initial
    visible = min(
        r.visibility
        + on("evaluation_informs_progress") * r.evaluation_visibility * evaluation,
        1.0,
    )
    seen = visible * (fed * observed + (1.0 - fed) * prior) + (1.0 - visible) * prior
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
    """The pull of progress, then that of trust, then leadership (in turn)."""
    pulled = faith + on("progress_feeds_faith") * r.progress_rate * (progress - faith)
    trusting = pulled + on("trust_feeds_faith") * r.trust_rate * (trust - pulled)
    led = on("leadership_builds_faith") * r.leader_rate * (2.0 * leadership - 1.0)
    return clip(trusting + led)


# --- COM-B (rules/comb.py) ----------------------------------------------------------
def comb_targets(  # noqa: PLR0917 - the rule's terms, as in collabsim/rules
    technical, expertise, protected_time, vision, faith, trust, r, on
):
    """Capability, opportunity and motivation targets, each from its own sources."""
    trusting = on("trust_builds_comb") * r.trust_weight * (trust - 0.5)
    capability = r.capability_base + on("technical_strategies_build_capability") * (
        r.technical_capability * technical + r.training_capability * expertise
    )
    opportunity = r.opportunity_base + (
        on("protected_time_builds_opportunity") * r.time_opportunity * protected_time
    )
    motivation = r.motivation_base + on("vision_and_faith_build_motivation") * (
        r.vision_motivation * vision + r.faith_motivation * faith
    )
    return (
        clip(capability + trusting),
        clip(opportunity + trusting),
        clip(motivation + trusting),
    )


def update_comb(prof, targets, failures, r, on):
    """Move one professional's COM-B, commitment and resilience (in place)."""
    target_c, target_o, target_m = targets
    prof.capability = clip(prof.capability + r.rate * (target_c - prof.capability))
    prof.opportunity = clip(prof.opportunity + r.rate * (target_o - prof.opportunity))
    prof.motivation = clip(prof.motivation + r.rate * (target_m - prof.motivation))
    mean = (prof.capability + prof.opportunity + prof.motivation) / 3.0
    building = on("comb_builds_resilience")
    recovery = clip(
        r.commitment_rate
        * (
            1.0
            + on("resilience_speeds_recovery")
            * r.recovery_boost
            * (prof.resilience - 0.5)
        )
    )
    shock = on("failure_shocks_commitment") * r.shock_loss * (1.0 - prof.resilience)
    # the failures fall in the middle of the step: half the recovery before, half after
    half = building * (1.0 - math.sqrt(1.0 - recovery))
    commitment = prof.commitment + half * (mean - prof.commitment)
    for _ in range(failures):
        commitment *= 1.0 - shock
    prof.commitment = clip(commitment + half * (mean - commitment))
    prof.resilience = clip(
        prof.resilience
        + building * r.resilience_rate * (prof.commitment - prof.resilience)
    )
