"""Phase 4: conflict episodes, failures and competition; resolution style."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from collabsim.arrays import FloatArray
from collabsim.model.draws import Stream, draw
from collabsim.model.entities import Layout, OrgArrays, PairArrays
from collabsim.model.phases.acts import Acts
from collabsim.model.runs import Level
from collabsim.model.runstate import PairContext, RunState
from collabsim.rules import conflict
from collabsim.rules.engine import clip01_core, compiled, event_counts, group_sum
from collabsim.scenario.mechanisms import Link
from collabsim.scenario.rates import ConflictRates, FaithRates

__all__ = ["Episodes", "conflict_core", "run"]


class Episodes(NamedTuple):
    """Conflict episodes of one step, per directed pair, and what they did to trust."""

    number: FloatArray  # episodes this step
    repair: FloatArray  # quality of constructive repair reaching the pair's ties
    damage: FloatArray  # quality of destructive damage reaching the pair's ties


#: What :func:`conflict_core` returns: the rows (episodes, severity, repair, damage)
#: per pair, and the number of episodes.
Outcome = tuple[FloatArray, int]


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

    Core of :func:`run`: ``draws`` are the step's uniforms, one row per
    sub-interval and one column per pair (episodes are counted over the step);
    ``rates`` are per directed pair and ``faith_rates`` per organisation. The
    state arrays ``pairs.conflict``, ``pairs.breaches``, ``orgs.faith`` and
    ``orgs.progress`` are overwritten in place with their new values (each read
    before it is written), and the episodes, severity, repair and damage come back
    as the rows of one array: every array handed to Python costs about a
    microsecond, as much as the arithmetic itself.
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
    parts = draws.shape[0]
    happened = event_counts(clip01_core(chance / parts) * active, draws).astype(
        np.float64
    )
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
    destroyed = group_sum(source, np.where(damage > 0, happened, 0.0), n_orgs)
    resolving = on[Link.resolution_style_decides_recovery]
    loss = faith_rates.destructive_loss * destroyed * resolving
    pairs.conflict[:] = resolved
    pairs.breaches[:] = competitive * obligated.astype(np.float64)
    orgs.faith[:] = clip01_core(orgs.faith - loss)
    orgs.progress[:] = clip01_core(orgs.progress - loss)
    outcome = np.empty((4, resolved.shape[0]))
    outcome[0] = happened
    outcome[1] = severity
    outcome[2] = repair
    outcome[3] = damage
    return outcome, int(happened.sum())


def run(state: RunState, ctx: PairContext, acts: Acts) -> Episodes:
    """Update conflict per directed pair; return episodes with repair and damage.

    References:
        docs/theory.md §C2 conflict_AB; §C3 ConflictEpisode; RF-1, RF-2; IPT-19, IPT-20.
    """
    layout = state.layout
    parts = max(1, math.ceil(state.dt))
    draws = np.stack(
        [
            draw(state.runs, Level.PAIR, state.t, Stream.EPISODE, part=k)[0]
            for k in range(parts)
        ]
    )
    outcome, n_episodes = conflict_core(
        layout,
        state.orgs,
        state.pairs,
        ctx,
        acts,
        draws,
        state.at(Level.PAIR, "conflict"),
        state.at(Level.ORG, "faith"),
        state.params.on,
    )
    count, severity = outcome[0], outcome[1]
    repair, damage = outcome[2], outcome[3]
    if n_episodes and state.spec.outputs.events:
        ids, source, target = state.org_ids, layout.pair_src, layout.pair_dst
        happened = np.flatnonzero(count)
        state.events.add(
            state.t,
            "conflict_episode",
            state.runs.run_of(Level.PAIR)[happened],
            [ids[k] for k in source[happened].tolist()],
            [ids[k] for k in target[happened].tolist()],
            severity[happened],
        )
    return Episodes(count, repair, damage)
