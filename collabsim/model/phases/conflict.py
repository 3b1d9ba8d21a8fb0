"""Phase 4: conflict episodes, failures and competition; resolution style."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from collabsim.arrays import BoolArray, FloatArray, IntArray
from collabsim.rules import conflict
from collabsim.rules.engine import clip01_core, compiled, group_sum

if TYPE_CHECKING:
    from collabsim.model.collaboration import CollaborationModel, PairContext
    from collabsim.model.phases.acts import Acts

__all__ = ["Episodes", "conflict_core", "run"]

Episodes = tuple[
    BoolArray, FloatArray, FloatArray
]  # (episode, repair, damage) per pair

#: What :func:`conflict_core` returns: episode per pair, the rows (severity, repair,
#: damage) per pair, and the number of episodes.
Outcome = tuple[BoolArray, FloatArray, int]


@compiled
def conflict_core(  # noqa: PLR0913, PLR0917 - the phase's state, rates, switches
    culture_gap: FloatArray,
    asymmetry: FloatArray,
    pair_conflict: FloatArray,
    breaches: FloatArray,
    source: IntArray,
    reverse: IntArray,
    competition: FloatArray,
    resisting: FloatArray,
    progress: FloatArray,
    faith: FloatArray,
    shared_vision: FloatArray,
    accountability: FloatArray,
    active: FloatArray,
    constructive: FloatArray,
    contract: FloatArray,
    mandate: FloatArray,
    n_failure: FloatArray,
    n_competitive: FloatArray,
    draws: FloatArray,
    episode_rate: float,
    cultural: float,
    competition_rate: float,
    asymmetry_rate: float,
    slow_progress: float,
    vision_damping: float,
    accountability_damping: float,
    episode_severity: float,
    task_failure: float,
    constructive_resolution: float,
    destructive_resolution: float,
    constructive_repair: float,
    destructive_damage: float,
    competitive_act: float,
    destructive_loss: float,
    sw_cultural: float,
    sw_competition: float,
    sw_asymmetry: float,
    sw_slow_progress: float,
    sw_vision: float,
    sw_accountability: float,
    sw_task_failure: float,
    sw_resolution: float,
) -> Outcome:
    """Episodes, repair and damage; conflict, breaches, faith and progress updated.

    Core of :func:`run`: ``draws`` are the step's uniform draws, one per pair. The
    state arrays ``pair_conflict``, ``breaches``, ``faith`` and ``progress`` are
    overwritten in place with their new values (each read before it is written), and
    severity, repair and damage come back as the rows of one array: every array
    handed to Python costs about a microsecond, as much as the arithmetic itself.
    """
    competing = clip01_core(competition + resisting)
    chance, severity, per_failure = conflict.conflict_pressure_core(
        culture_gap,
        competing[source],
        asymmetry,
        progress[source],
        shared_vision,
        accountability,
        episode_rate,
        cultural,
        competition_rate,
        asymmetry_rate,
        slow_progress,
        vision_damping,
        accountability_damping,
        episode_severity,
        task_failure,
        sw_cultural,
        sw_competition,
        sw_asymmetry,
        sw_slow_progress,
        sw_vision,
        sw_accountability,
        sw_task_failure,
    )
    episode = (active > 0) & (draws < chance)
    happened = episode.astype(np.float64)
    joint_failures = n_failure + n_failure[reverse]
    competitive = n_competitive[reverse]
    added = (
        happened * severity
        + joint_failures * per_failure
        + competitive * competitive_act * active
    )
    resolved, repair, damage = conflict.resolve_conflict_core(
        pair_conflict,
        added,
        happened,
        constructive,
        constructive_resolution,
        destructive_resolution,
        constructive_repair,
        destructive_damage,
        sw_resolution,
    )
    obligated = (contract > 0) | (mandate > 0)
    destroyed = group_sum(source, (damage > 0).astype(np.float64), competition.shape[0])
    loss = destructive_loss * destroyed * sw_resolution
    pair_conflict[:] = resolved
    breaches[:] = competitive * obligated.astype(np.float64)
    faith[:] = clip01_core(faith - loss)
    progress[:] = clip01_core(progress - loss)
    outcome = np.empty((3, pair_conflict.shape[0]))
    outcome[0] = severity
    outcome[1] = repair
    outcome[2] = damage
    return episode, outcome, int(np.count_nonzero(episode))


def _parameters(model: CollaborationModel) -> tuple[float, ...]:
    """The float parameters of :func:`conflict_core`, in order.

    Reading 15 rates and 8 switches takes a sixth of the phase's time, so they are
    read once per run (:meth:`CollaborationModel.fixed`).
    """
    rates, faith = model.spec.dynamics.conflict, model.spec.dynamics.faith
    on = model.switches.on
    return (
        rates.episode_rate,
        rates.cultural,
        rates.competition,
        rates.asymmetry,
        rates.slow_progress,
        rates.vision_damping,
        rates.accountability_damping,
        rates.episode_severity,
        rates.task_failure,
        rates.constructive_resolution,
        rates.destructive_resolution,
        rates.constructive_repair,
        rates.destructive_damage,
        rates.competitive_act,
        faith.destructive_loss,
        on("cultural_mismatch_breeds_conflict"),
        on("competition_breeds_conflict"),
        on("power_asymmetry_breeds_conflict"),
        on("slow_progress_breeds_conflict"),
        on("shared_vision_reduces_conflict"),
        on("accountability_reduces_conflict"),
        on("task_failure_breeds_conflict"),
        on("resolution_style_decides_recovery"),
    )


def run(model: CollaborationModel, ctx: PairContext, acts: Acts) -> Episodes:
    """Update conflict per directed pair; return episodes with repair and damage.

    References:
        theory.md §C2 conflict_AB; §C3 ConflictEpisode; RF-1, RF-2; IPT-19, IPT-20.
    """
    pairs, ties, orgs = model.pairs, model.ties, model.orgs
    draws = model.rng.random(ties.n_pairs)
    episode, outcome, n_episodes = conflict_core(
        pairs.culture_gap,
        pairs.asymmetry,
        pairs.conflict,
        pairs.breaches,
        ties.pair_src,
        model.pair_reverse,
        orgs.competition,
        orgs.resisting,
        orgs.progress,
        orgs.faith,
        ctx.shared_vision,
        ctx.accountability,
        ctx.active,
        ctx.constructive,
        ctx.contract,
        ctx.mandate,
        acts.n_failure,
        acts.n_competitive,
        draws,
        *model.fixed(_parameters),
    )
    severity, repair, damage = outcome[0], outcome[1], outcome[2]
    if n_episodes and model.spec.outputs.events:
        ids, source, target = orgs.ids, ties.pair_src, ties.pair_dst
        for k in np.flatnonzero(episode).tolist():
            model.log_event(
                "conflict_episode",
                ids[source[k]],
                ids[target[k]],
                float(severity[k]),
            )
    return episode, repair, damage
