"""Phase 4: conflict episodes, failures and competition; resolution style."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from collabsim.arrays import BoolArray, FloatArray
from collabsim.model.entities import Layout, OrgArrays, PairArrays
from collabsim.model.phases.acts import Acts
from collabsim.model.runstate import PairContext, RunState
from collabsim.rules import conflict
from collabsim.rules.engine import clip01_core, compiled, group_sum
from collabsim.scenario.mechanisms import Link
from collabsim.scenario.rates import ConflictRates, FaithRates

__all__ = ["Episodes", "conflict_core", "run"]


class Episodes(NamedTuple):
    """Conflict episodes of one step, per directed pair, and what they did to trust."""

    episode: BoolArray  # an episode occurred
    repair: FloatArray  # quality of constructive repair reaching the pair's ties
    damage: FloatArray  # quality of destructive damage reaching the pair's ties


#: What :func:`conflict_core` returns: episode per pair, the rows (severity, repair,
#: damage) per pair, and the number of episodes.
Outcome = tuple[BoolArray, FloatArray, int]


@compiled
def conflict_core(  # noqa: PLR0913, PLR0917 - the phase's state, context and rates
    layout: Layout,
    orgs: OrgArrays,
    pairs: PairArrays,
    ctx: PairContext,
    acts: Acts,
    draws: FloatArray,
    rates: ConflictRates,
    faith_rates: FaithRates,
    on: FloatArray,
) -> Outcome:
    """Episodes, repair and damage; conflict, breaches, faith and progress updated.

    Core of :func:`run`: ``draws`` are the step's uniform draws, one per pair. The
    state arrays ``pairs.conflict``, ``pairs.breaches``, ``orgs.faith`` and
    ``orgs.progress`` are overwritten in place with their new values (each read
    before it is written), and severity, repair and damage come back as the rows of
    one array: every array handed to Python costs about a microsecond, as much as
    the arithmetic itself.
    """
    source, reverse = layout.pair_src, layout.pair_reverse
    competing = clip01_core(orgs.competition + orgs.resisting)
    chance, severity, per_failure = conflict.conflict_pressure(
        pairs.culture_gap,
        competing[source],
        pairs.asymmetry,
        orgs.progress[source],
        ctx.shared_vision,
        ctx.accountability,
        rates,
        on,
    )
    active = ctx.active
    episode = (active > 0) & (draws < chance)
    happened = episode.astype(np.float64)
    joint_failures = acts.n_failure + acts.n_failure[reverse]
    competitive = acts.n_competitive[reverse]
    added = conflict.added_conflict(
        happened, severity, joint_failures, per_failure, competitive * active, rates, on
    )
    resolved, repair, damage = conflict.resolve_conflict(
        pairs.conflict, added, happened, ctx.constructive, rates, on
    )
    obligated = (ctx.contract > 0) | (ctx.mandate > 0)
    n_orgs = orgs.competition.shape[0]
    destroyed = group_sum(source, (damage > 0).astype(np.float64), n_orgs)
    resolving = on[Link.resolution_style_decides_recovery]
    loss = faith_rates.destructive_loss * destroyed * resolving
    pairs.conflict[:] = resolved
    pairs.breaches[:] = competitive * obligated.astype(np.float64)
    orgs.faith[:] = clip01_core(orgs.faith - loss)
    orgs.progress[:] = clip01_core(orgs.progress - loss)
    outcome = np.empty((3, resolved.shape[0]))
    outcome[0] = severity
    outcome[1] = repair
    outcome[2] = damage
    return episode, outcome, int(np.count_nonzero(episode))


def run(state: RunState, ctx: PairContext, acts: Acts) -> Episodes:
    """Update conflict per directed pair; return episodes with repair and damage.

    References:
        docs/theory.md §C2 conflict_AB; §C3 ConflictEpisode; RF-1, RF-2; IPT-19, IPT-20.
    """
    layout = state.layout
    draws = state.rng.random(state.ties.n_pairs)
    params = state.params
    episode, outcome, n_episodes = conflict_core(
        layout,
        state.orgs,
        state.pairs,
        ctx,
        acts,
        draws,
        params.conflict,
        params.faith,
        params.on,
    )
    severity, repair, damage = outcome[0], outcome[1], outcome[2]
    if n_episodes and state.spec.outputs.events:
        ids, source, target = state.org_ids, layout.pair_src, layout.pair_dst
        for k in np.flatnonzero(episode).tolist():
            state.log_event(
                "conflict_episode",
                ids[source[k]],
                ids[target[k]],
                float(severity[k]),
            )
    return Episodes(episode, repair, damage)
