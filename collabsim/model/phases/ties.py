"""Phase 5: contact between professionals and the trust and acquaintance it builds."""

from __future__ import annotations

import numpy as np

from collabsim.arrays import FloatArray
from collabsim.model.entities import (
    ROLE_FRONTLINE,
    ROLE_NAMES,
    Layout,
    OrgArrays,
    PairArrays,
    ProfArrays,
)
from collabsim.model.phases.acts import Acts
from collabsim.model.phases.conflict import Episodes
from collabsim.model.runstate import PairContext, RunState
from collabsim.rules import contact as contact_rules
from collabsim.rules import trust as trust_rules
from collabsim.rules.engine import compiled
from collabsim.scenario.rates import ContactRates, TrustRates

__all__ = ["run", "tie_core"]

_N_ROLES = len(ROLE_NAMES)


@compiled
def tie_core(  # noqa: PLR0913, PLR0917 - the phase's state, context, events, rates
    layout: Layout,
    orgs: OrgArrays,
    profs: ProfArrays,
    pairs: PairArrays,
    ctx: PairContext,
    acts: Acts,
    episodes: Episodes,
    ties: tuple[FloatArray, FloatArray],
    draws: FloatArray,
    t: float,
    rates: tuple[ContactRates, TrustRates],
    on: FloatArray,
) -> tuple[FloatArray, FloatArray, int]:
    """Contacts, then tie trust and acquaintance: (trust', acquaintance', contacts).

    Core of :func:`run`: ``ties`` are tie trust and acquaintance (float64);
    ``draws`` (shape (2, n_ties)) are the step's uniform draws; the draw of the
    lower of a tie and its reverse decides both (one per tie pair). Per-pair values
    reach the pair's ties by ``np.repeat`` over the pair sizes.
    """
    cr, tr = rates
    trust, acquaintance = ties
    sizes, src, reverse = layout.sizes, layout.src, layout.reverse
    pair_reverse = layout.pair_reverse
    by_role = np.ones(_N_ROLES)  # venue access of each role
    by_role[ROLE_FRONTLINE] = cr.frontline_access
    access = by_role[profs.role] * (profs.vacant_until < t)  # none for a vacant post
    # the levers are per pair: the pair factor is computed once, then times access
    propensity = contact_rules.contact_propensity(
        ctx.connectivity,
        ctx.distance,
        ctx.protected_time,
        ctx.central_figure,
        cr,
        on,
    )
    access_src = access[src]
    chance = contact_rules.contact_chance(
        np.repeat(propensity, sizes), access_src * access_src[reverse]
    ) * np.repeat(ctx.active, sizes)
    # ties of even pairs precede their reverses: the lower index is the even one
    mutual = np.minimum(np.arange(reverse.shape[0]), reverse)
    contact = draws[0][mutual] < chance
    p_bad = trust_rules.negative_interaction_probability(pairs.culture_gap, tr, on)
    bad = contact & (draws[1][mutual] < np.repeat(p_bad, sizes))
    leaders = profs.vulnerability[orgs.prof_start]
    quality = trust_rules.interaction_quality(
        ctx.relational,
        ctx.technical,
        0.5 * (leaders[layout.pair_src] + leaders[layout.pair_dst]),
        tr,
        on,
    )
    n_quick = acts.n_quick
    lifted = tr.quick_win_gain * (n_quick + n_quick[pair_reverse]) + episodes.repair
    # a failed task hurts in proportion to its stake (½ + risk), as success pays
    stake = acts.failure_stake
    hit = tr.failure_severity * (stake + stake[pair_reverse]) + episodes.damage
    good = contact & ~bad
    positive = np.repeat(quality, sizes) * good + np.repeat(lifted, sizes)
    # a bad contact has the magnitude of an ordinary good one: asymmetry is β ≫ α
    negative = tr.positive_quality * bad + np.repeat(hit, sizes)
    met = contact.astype(np.float64)
    trust = trust_rules.update_trust(
        trust,
        np.repeat(pairs.baseline, sizes),
        positive,
        negative,
        np.repeat(pairs.conflict, sizes),
        met,
        tr,
        on,
    )
    acquaintance = contact_rules.update_acquaintance(acquaintance, met, tr)
    return trust, acquaintance, int(contact.sum())


def run(state: RunState, ctx: PairContext, acts: Acts, episodes: Episodes) -> int:
    """Draw contacts, then update tie trust and acquaintance; return the contacts.

    Contacts are mutual: one draw decides both directions of a tie. Event qualities
    (quick wins, constructive repair, task failures, destructive damage) reach every
    tie of the pair.

    References:
        theory.md §C3 Interaction, QuickWin, TaskFailure; §C4 Trust (tie).
    """
    ties = state.ties
    draws = state.rng.random((2, ties.n_ties))  # symmetrised in the core
    trust, acquaintance, n_contacts = tie_core(
        state.layout,
        state.orgs,
        state.profs,
        state.pairs,
        ctx,
        acts,
        episodes,
        # stored as float32, computed in float64
        (ties.trust.astype(np.float64), ties.acquaintance.astype(np.float64)),
        draws,
        float(state.t),
        (state.params.contact, state.params.trust),
        state.params.on,
    )
    ties.trust[:] = trust
    ties.acquaintance[:] = acquaintance
    return n_contacts
