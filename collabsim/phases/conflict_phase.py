"""Phase 4: conflict episodes, failures and competition; resolution style."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from collabsim import conflict
from collabsim.fields import BoolArray, FloatArray, clip01

if TYPE_CHECKING:
    from collabsim.model import CollaborationModel, PairContext
    from collabsim.phases.act_phase import Acts

__all__ = ["Episodes", "run"]

Episodes = tuple[
    BoolArray, FloatArray, FloatArray
]  # (episode, repair, damage) per pair


def run(model: CollaborationModel, ctx: PairContext, acts: Acts) -> Episodes:
    """Update conflict per directed pair; return episodes with repair and damage.

    References:
        theory.md §C2 conflict_AB; §C3 ConflictEpisode; RF-1, RF-2; IPT-19, IPT-20.
    """
    dyn, pairs, ties, orgs = model.spec.dynamics, model.pairs, model.ties, model.orgs
    a, reverse = ties.pair_src, model.pair_reverse
    competing = clip01(orgs.competition + orgs.resisting)
    chance, severity, per_failure = conflict.conflict_pressure(
        pairs.culture_gap,
        competing[a],
        pairs.asymmetry,
        orgs.progress[a],
        ctx.shared_vision,
        ctx.accountability,
        rates=dyn.conflict,
        switches=model.switches,
    )
    episode = (ctx.active > 0) & (model.rng.random(ties.n_pairs) < chance)
    joint_failures = acts.n_failure + acts.n_failure[reverse]
    added = (
        episode * severity
        + joint_failures * per_failure
        + acts.n_competitive[reverse] * dyn.conflict.competitive_act * ctx.active
    )
    pairs.conflict, repair, damage = conflict.resolve_conflict(
        pairs.conflict,
        added,
        episode.astype(np.float64),
        ctx.constructive,
        rates=dyn.conflict,
        switches=model.switches,
    )
    obligated = (ctx.contract > 0) | (ctx.mandate > 0)
    pairs.breaches = acts.n_competitive[reverse] * obligated
    destroyed = np.bincount(
        a, weights=(damage > 0).astype(np.float64), minlength=len(orgs.ids)
    )
    loss = (
        dyn.faith.destructive_loss
        * destroyed
        * model.switches.on("resolution_style_decides_recovery")
    )
    orgs.faith = clip01(orgs.faith - loss)
    orgs.progress = clip01(orgs.progress - loss)
    if model.spec.outputs.events:
        for k in np.flatnonzero(episode):
            model.log_event(
                "conflict_episode",
                orgs.ids[a[k]],
                orgs.ids[ties.pair_dst[k]],
                float(severity[k]),
            )
    return episode, repair, damage
