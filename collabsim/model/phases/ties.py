"""Phase 5: contact between professionals and the trust and acquaintance it builds."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from collabsim.arrays import FloatArray, Int32Array, IntArray
from collabsim.model.runstate import ROLE_FRONTLINE, ROLE_NAMES
from collabsim.rules import contact as contact_rules
from collabsim.rules import trust as trust_rules
from collabsim.rules.engine import compiled

if TYPE_CHECKING:
    from collabsim.model.collaboration import CollaborationModel, PairContext
    from collabsim.model.phases.acts import Acts
    from collabsim.model.phases.conflict import Episodes

__all__ = ["run", "tie_core"]

_N_ROLES = len(ROLE_NAMES)

#: The mechanisms :func:`tie_core` reads, in the order of its ``sw_*`` parameters.
_SWITCHES = (
    "connectivity_raises_contact",
    "distance_reduces_contact",
    "protected_time_raises_contact",
    "central_figure_sustains_contact",
    "cultural_mismatch_spoils_contact",
    "relational_strategies_build_trust",
    "technical_strategies_build_trust",
    "leadership_builds_trust",
    "conflict_erodes_trust",
    "trust_decays_without_contact",
)


def _switches(model: CollaborationModel) -> tuple[float, ...]:
    """1.0 or 0.0 per mechanism of ``_SWITCHES`` (read once per run)."""
    return tuple(model.switches.on(name) for name in _SWITCHES)


@compiled
def tie_core(  # noqa: PLR0913, PLR0917 - the phase's state, rates, switches
    role: IntArray,
    vacant_until: FloatArray,
    vulnerability: FloatArray,
    prof_start: IntArray,
    pair_src: IntArray,
    pair_dst: IntArray,
    pair_reverse: IntArray,
    sizes: IntArray,
    src: Int32Array,
    reverse: Int32Array,
    connectivity: FloatArray,
    distance: FloatArray,
    protected_time: FloatArray,
    central_figure: FloatArray,
    active: FloatArray,
    relational: FloatArray,
    technical: FloatArray,
    culture_gap: FloatArray,
    baseline: FloatArray,
    conflict: FloatArray,
    n_quick: FloatArray,
    failure_stake: FloatArray,
    repair: FloatArray,
    damage: FloatArray,
    trust: FloatArray,
    acquaintance: FloatArray,
    draws: FloatArray,
    t: float,
    frontline_access: float,
    base_rate: float,
    distance_penalty: float,
    protected_time_boost: float,
    central_figure_boost: float,
    negative_rate: float,
    cultural_negative_weight: float,
    positive_quality: float,
    relational_boost: float,
    technical_boost: float,
    leader_boost: float,
    quick_win_gain: float,
    failure_severity: float,
    gain: float,
    loss: float,
    conflict_erosion: float,
    decay: float,
    acquaintance_gain: float,
    acquaintance_decay: float,
    sw_connectivity: float,
    sw_distance: float,
    sw_time: float,
    sw_figure: float,
    sw_cultural: float,
    sw_relational: float,
    sw_technical: float,
    sw_leader: float,
    sw_conflict: float,
    sw_decay: float,
) -> tuple[FloatArray, FloatArray, int]:
    """Contacts, then tie trust and acquaintance: (trust', acquaintance', contacts).

    Core of :func:`run`: ``draws`` (shape (2, n_ties)) are the step's uniform draws;
    the draw of the lower of a tie and its reverse decides both (one per tie pair).
    Per-pair values reach the pair's ties by ``np.repeat`` over ``sizes``.
    """
    by_role = np.ones(_N_ROLES)  # venue access of each role
    by_role[ROLE_FRONTLINE] = frontline_access
    access = by_role[role] * (vacant_until < t)  # none for a vacant post
    # the levers are per pair: the pair factor is computed once, then times access
    propensity = contact_rules.contact_propensity_core(
        connectivity,
        distance,
        protected_time,
        central_figure,
        base_rate,
        distance_penalty,
        protected_time_boost,
        central_figure_boost,
        sw_connectivity,
        sw_distance,
        sw_time,
        sw_figure,
    )
    access_src = access[src]
    chance = contact_rules.contact_chance_core(
        np.repeat(propensity, sizes), access_src * access_src[reverse]
    ) * np.repeat(active, sizes)
    # ties of even pairs precede their reverses: the lower index is the even one
    mutual = np.minimum(np.arange(reverse.shape[0]), reverse)
    contact = draws[0][mutual] < chance
    p_bad = trust_rules.negative_interaction_probability_core(
        culture_gap, negative_rate, cultural_negative_weight, sw_cultural
    )
    bad = contact & (draws[1][mutual] < np.repeat(p_bad, sizes))
    leaders = vulnerability[prof_start]
    quality = trust_rules.interaction_quality_core(
        relational,
        technical,
        0.5 * (leaders[pair_src] + leaders[pair_dst]),
        positive_quality,
        relational_boost,
        technical_boost,
        leader_boost,
        sw_relational,
        sw_technical,
        sw_leader,
    )
    lifted = quick_win_gain * (n_quick + n_quick[pair_reverse]) + repair
    # a failed task hurts in proportion to its stake (½ + risk), as success pays
    hit = failure_severity * (failure_stake + failure_stake[pair_reverse]) + damage
    good = contact & ~bad
    positive = np.repeat(quality, sizes) * good + np.repeat(lifted, sizes)
    # a bad contact has the magnitude of an ordinary good one: asymmetry is β ≫ α
    negative = positive_quality * bad + np.repeat(hit, sizes)
    met = contact.astype(np.float64)
    trust = trust_rules.update_trust_core(
        trust,
        np.repeat(baseline, sizes),
        positive,
        negative,
        np.repeat(conflict, sizes),
        met,
        gain,
        loss,
        conflict_erosion,
        decay,
        sw_conflict,
        sw_decay,
    )
    acquaintance = contact_rules.update_acquaintance_core(
        acquaintance, met, acquaintance_gain, acquaintance_decay
    )
    return trust, acquaintance, int(contact.sum())


def run(
    model: CollaborationModel, ctx: PairContext, acts: Acts, episodes: Episodes
) -> None:
    """Draw contacts, then update tie trust and acquaintance.

    Contacts are mutual: one draw decides both directions of a tie. Event qualities
    (quick wins, constructive repair, task failures, destructive damage) reach every
    tie of the pair.

    References:
        theory.md §C3 Interaction, QuickWin, TaskFailure; §C4 Trust (tie).
    """
    ties, profs, pairs = model.ties, model.profs, model.pairs
    cr, tr = model.spec.dynamics.contact, model.spec.dynamics.trust  # rates
    _, repair, damage = episodes
    draws = model.rng.random((2, ties.n_ties))  # symmetrised in the core
    trust, acquaintance, n_contacts = tie_core(
        profs.role,
        profs.vacant_until,
        profs.vulnerability,
        model.orgs.prof_start,
        ties.pair_src,
        ties.pair_dst,
        model.pair_reverse,
        ties.sizes,
        ties.src,
        ties.reverse,
        ctx.connectivity,
        ctx.distance,
        ctx.protected_time,
        ctx.central_figure,
        ctx.active,
        ctx.relational,
        ctx.technical,
        pairs.culture_gap,
        pairs.baseline,
        pairs.conflict,
        acts.n_quick,
        acts.failure_stake,
        repair,
        damage,
        ties.trust.astype(np.float64),  # stored as float32, computed in float64
        ties.acquaintance.astype(np.float64),
        draws,
        float(model.t),
        cr.frontline_access,
        cr.base_rate,
        cr.distance_penalty,
        cr.protected_time_boost,
        cr.central_figure_boost,
        tr.negative_rate,
        tr.cultural_negative_weight,
        tr.positive_quality,
        tr.relational_boost,
        tr.technical_boost,
        tr.leader_boost,
        tr.quick_win_gain,
        tr.failure_severity,
        tr.gain,
        tr.loss,
        tr.conflict_erosion,
        tr.decay,
        tr.acquaintance_gain,
        tr.acquaintance_decay,
        *model.fixed(_switches),
    )
    ties.trust = trust.astype(np.float32)
    ties.acquaintance = acquaintance.astype(np.float32)
    model.contacts = float(n_contacts)
