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
    chance = dynamics.contact_probability(
        per_tie(ctx.connectivity),
        per_tie(ctx.distance),
        per_tie(ctx.protected_time),
        access[ties.src] * access[ties.dst],
        per_tie(ctx.central_figure),
        rates=dyn.contact,
        switches=sw,
    ) * per_tie(ctx.active)
    mutual = ties.mutual
    u = model.rng.random((2, ties.n_ties))
    contact = u[0][mutual] < chance
    p_bad = dynamics.negative_interaction_probability(
        model.pairs.culture_gap, rates=dyn.trust, switches=sw
    )
    bad = contact & (u[1][mutual] < per_tie(p_bad))
    leaders = profs.vulnerability[orgs.prof_start]
    vulnerability = 0.5 * (leaders[ties.pair_src] + leaders[ties.pair_dst])
    quality = dynamics.interaction_quality(
        ctx.relational, ctx.technical, vulnerability, rates=dyn.trust, switches=sw
    )
    reverse = np.arange(ties.n_pairs) ^ 1
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
        ties.trust,
        per_tie(model.pairs.baseline),
        positive,
        negative,
        per_tie(model.pairs.conflict),
        met,
        rates=dyn.trust,
        switches=sw,
    )
    ties.acquaintance = dynamics.update_acquaintance(
        ties.acquaintance, met, rates=dyn.trust
    )
    model.contacts = float(met.sum())
