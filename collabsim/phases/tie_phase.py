"""Phase 5: contact between professionals and the trust and acquaintance it builds."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from collabsim import dynamics
from collabsim.state import ROLE_FRONTLINE

if TYPE_CHECKING:
    from collabsim.model import CollaborationModel, PairContext
    from collabsim.phases.act_phase import Acts
    from collabsim.phases.conflict_phase import Episodes

__all__ = ["run"]


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
    dyn, ties, profs, orgs, sw = (
        model.spec.dynamics,
        model.ties,
        model.profs,
        model.orgs,
        model.switches,
    )
    _, repair, damage = episodes
    present = profs.vacant_until < model.t
    access = (
        np.where(profs.role == ROLE_FRONTLINE, dyn.contact.frontline_access, 1.0)
        * present
    )
    per_tie = ties.expand  # pair → tie broadcast; same values as ``x[ties.pair]``
    # the levers are per pair: the pair factor is computed once, then times access
    propensity = dynamics.contact_propensity(
        ctx.connectivity,
        ctx.distance,
        ctx.protected_time,
        ctx.central_figure,
        rates=dyn.contact,
        switches=sw,
    )
    access_src = access[ties.src]
    chance = dynamics.contact_chance(
        per_tie(propensity), access_src * access_src[ties.reverse]
    ) * per_tie(ctx.active)
    u = ties.symmetric(model.rng.random((2, ties.n_ties)))  # one draw per tie pair
    contact = u[0] < chance
    p_bad = dynamics.negative_interaction_probability(
        model.pairs.culture_gap, rates=dyn.trust, switches=sw
    )
    bad = contact & (u[1] < per_tie(p_bad))
    leaders = profs.vulnerability[orgs.prof_start]
    vulnerability = 0.5 * (leaders[ties.pair_src] + leaders[ties.pair_dst])
    quality = dynamics.interaction_quality(
        ctx.relational, ctx.technical, vulnerability, rates=dyn.trust, switches=sw
    )
    reverse = model.pair_reverse
    lifted = dyn.trust.quick_win_gain * (acts.n_quick + acts.n_quick[reverse]) + repair
    # a failed task hurts in proportion to its stake (½ + risk), as success pays
    hit = (
        dyn.trust.failure_severity * (acts.failure_stake + acts.failure_stake[reverse])
        + damage
    )
    good = contact & ~bad
    positive = per_tie(quality) * good + per_tie(lifted)
    # a bad contact has the magnitude of an ordinary good one: asymmetry is β ≫ α
    negative = dyn.trust.positive_quality * bad + per_tie(hit)
    met = contact.astype(np.float64)
    ties.trust = dynamics.update_trust(
        ties.trust.astype(np.float64),  # stored as float32, computed in float64
        per_tie(model.pairs.baseline),
        positive,
        negative,
        per_tie(model.pairs.conflict),
        met,
        rates=dyn.trust,
        switches=sw,
    ).astype(np.float32)
    ties.acquaintance = dynamics.update_acquaintance(
        ties.acquaintance.astype(np.float64), met, rates=dyn.trust
    ).astype(np.float32)
    model.contacts = float(np.count_nonzero(contact))
