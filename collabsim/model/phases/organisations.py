"""Phase 6: perception of progress, faith, COM-B, co-production and turnover draws.

:func:`run` is the glue: it draws the turnover uniforms, hands the arrays to one
compiled core (:func:`_core`) and writes the results back; co-producing partnerships
get their EAA cycle from a second core (:func:`_coproduce_core`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from collabsim.arrays import BoolArray, FloatArray, IntArray
from collabsim.rules.comb import Comb, update_comb_core
from collabsim.rules.coproduction import update_coproduction_core
from collabsim.rules.engine import (
    clip01_core,
    compiled,
    group_max,
    group_mean,
    group_sum,
    ratio,
)
from collabsim.rules.perception import (
    observed_progress_core,
    progress_target_core,
    update_faith_core,
    update_progress_core,
    update_signal_core,
)

if TYPE_CHECKING:
    from collabsim.model.collaboration import CollaborationModel, PairContext
    from collabsim.model.phases.acts import Acts

__all__ = ["run"]

#: Rates (progress, faith, COM-B) and switches, in the order of :func:`_core`'s floats.
_PROGRESS = (
    "expected_success",
    "memory",
    "visibility",
    "evaluation_visibility",
    "role_clarity",
    "flexibility",
    "intra_conflict",
    "absent_actors",
    "ambition_ceiling",
    "rate",
    "turnover_loss",
)
_FAITH = ("progress_rate", "trust_rate", "leader_rate")
_COMB = ("rate", "shock_loss", "commitment_rate", "resilience_rate")
_SWITCHES = (
    "evaluation_raises_progress",
    "effectiveness_feeds_progress",
    "role_clarity_raises_progress",
    "flexibility_raises_progress",
    "intra_conflict_lowers_progress",
    "absent_actors_lower_progress",
    "unambitious_aims_cap_progress",
    "turnover_lowers_progress",
    "progress_feeds_faith",
    "trust_feeds_faith",
    "leadership_builds_faith",
    "trust_builds_comb",
    "comb_builds_resilience",
)


class _Setup(NamedTuple):
    """What the glue reads from a model's frozen scenario objects, once."""

    floats: tuple[float, ...]  # the float tail of :func:`_core`
    coproducing: bool  # whether any partnership runs the EAA cycle


def _setup(model: CollaborationModel) -> _Setup:
    """The model's :class:`_Setup`, built once (see :meth:`CollaborationModel.fixed`).

    Reading the 31 values anew each step would cost more than the rest of the glue.
    """
    return model.fixed(_build_setup)


def _build_setup(model: CollaborationModel) -> _Setup:
    dyn, switches = model.spec.dynamics, model.switches
    specs = model.partnerships_state.specs
    floats = (
        *(float(getattr(dyn.progress, name)) for name in _PROGRESS),
        *(float(getattr(dyn.faith, name)) for name in _FAITH),
        *(float(getattr(dyn.comb, name)) for name in _COMB),
        *(switches.on(name) for name in _SWITCHES),
    )
    return _Setup(floats, any(p.co_production.enabled for p in specs))


@compiled
def _org_contexts(  # noqa: PLR0913, PLR0917 - pair levers
    pair_src: IntArray,
    n: int,
    active: FloatArray,
    evaluation: FloatArray,
    turnover_rate: FloatArray,
    role_clarity: FloatArray,
    ambition: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Evaluation, role clarity, ambition and turnover hazard per organisation.

    Role clarity and ambition are :func:`group_mean` s weighted by ``active``, their
    common denominator summed once.
    """
    norm = group_sum(pair_src, active, n)
    return (
        group_max(pair_src, evaluation * active, n),
        ratio(group_sum(pair_src, role_clarity * active, n), norm, 0.5),
        ratio(group_sum(pair_src, ambition * active, n), norm, 0.5),
        group_max(pair_src, turnover_rate * active, n),
    )


@compiled
def _strains(
    pair_src: IntArray,
    pair_dst: IntArray,
    prof_org: IntArray,
    prof_count: IntArray,
    commitment: FloatArray,
    present: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """Internal conflict (spread of commitment) and share of partners' posts vacant."""
    n, c = prof_count.shape[0], commitment
    mean = np.bincount(prof_org, c, n) / prof_count
    spread = np.bincount(prof_org, c * c, n) / prof_count - mean * mean
    internal = clip01_core(2.0 * np.sqrt(np.maximum(spread, 0.0)))
    vacant = 1.0 - np.bincount(prof_org, present, n) / prof_count
    ones = np.ones(pair_src.shape[0])
    return internal, group_mean(pair_src, vacant[pair_dst], n, ones)


@compiled
def _core(  # noqa: PLR0913, PLR0917 - the phase's state
    pair_src: IntArray,
    pair_dst: IntArray,
    act_pair: IntArray,
    success: BoolArray,
    failure: BoolArray,
    active: FloatArray,
    evaluation: FloatArray,
    turnover_rate: FloatArray,
    role_clarity: FloatArray,
    ambition: FloatArray,
    pair_trust: FloatArray,
    signal: FloatArray,
    progress: FloatArray,
    faith: FloatArray,
    flexibility: FloatArray,
    prof_start: IntArray,
    prof_count: IntArray,
    prof_org: IntArray,
    vacant_until: FloatArray,
    t: int,
    persuasiveness: FloatArray,
    enthusiasm: FloatArray,
    capability: FloatArray,
    opportunity: FloatArray,
    motivation: FloatArray,
    commitment: FloatArray,
    resilience: FloatArray,
    tie_src: IntArray,
    tie_trust: FloatArray,
    n_out: IntArray,
    draws: FloatArray,
    expected_success: float,
    memory: float,
    visibility: float,
    evaluation_visibility: float,
    role_clarity_rate: float,
    flexibility_rate: float,
    intra_conflict_rate: float,
    absent_actors_rate: float,
    ambition_ceiling: float,
    progress_rate: float,
    turnover_loss: float,
    faith_progress_rate: float,
    faith_trust_rate: float,
    faith_leader_rate: float,
    comb_rate: float,
    shock_loss: float,
    commitment_rate: float,
    resilience_rate: float,
    sw_evaluation: float,
    sw_fed: float,
    sw_role_clarity: float,
    sw_flexibility: float,
    sw_intra_conflict: float,
    sw_absent: float,
    sw_capped: float,
    sw_turnover: float,
    sw_progress_faith: float,
    sw_trust_faith: float,
    sw_leadership: float,
    sw_trusting: float,
    sw_building: float,
) -> tuple[
    FloatArray,
    FloatArray,
    FloatArray,
    tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray],
    IntArray,
]:
    """The phase's arithmetic: new (signal, progress, faith, COM-B) and the leavers.

    ``draws`` are the turnover uniforms, one per professional.
    """
    n = signal.shape[0]
    actor = pair_src[act_pair]
    tried = np.bincount(actor, None, n).astype(np.float64)
    won = group_sum(actor, success.astype(np.float64), n)
    evaluated, clarity, aim, hazard = _org_contexts(
        pair_src, n, active, evaluation, turnover_rate, role_clarity, ambition
    )
    share = ratio(won, tried, 0.0)
    observed = np.where(
        tried > 0, observed_progress_core(share, aim, expected_success), signal
    )
    signal = update_signal_core(signal, observed, memory)
    present = (vacant_until < t).astype(np.float64)
    internal, absent = _strains(
        pair_src, pair_dst, prof_org, prof_count, commitment, present
    )
    target = progress_target_core(
        signal, evaluated, clarity, flexibility, internal, absent, aim,
        visibility, evaluation_visibility, role_clarity_rate, flexibility_rate,
        intra_conflict_rate, absent_actors_rate, ambition_ceiling,
        sw_evaluation, sw_fed, sw_role_clarity, sw_flexibility, sw_intra_conflict,
        sw_absent, sw_capped,
    )  # fmt: skip
    leaving = (draws < hazard[prof_org]) & (present > 0)
    turnover = np.bincount(prof_org, leaving.astype(np.float64), n)
    progress = update_progress_core(
        progress, target, turnover / prof_count, progress_rate, turnover_loss,
        sw_turnover,
    )  # fmt: skip
    trust = group_mean(pair_src, pair_trust, n, np.maximum(active, 1e-9))
    leader = prof_start
    leadership = np.where(
        present[leader] > 0, 0.5 * (persuasiveness[leader] + enthusiasm[leader]), 0.5
    )
    faith = update_faith_core(
        faith, progress, trust, leadership,
        faith_progress_rate, faith_trust_rate, faith_leader_rate,
        sw_progress_faith, sw_trust_faith, sw_leadership,
    )  # fmt: skip
    n_prof = n_out.shape[0]
    own_trust = ratio(
        group_sum(tie_src, tie_trust, n_prof), n_out.astype(np.float64), 0.5
    )
    failed_share = ratio(group_sum(actor, failure.astype(np.float64), n), tried, 0.0)
    new_comb = update_comb_core(
        capability, opportunity, motivation, commitment, resilience,
        own_trust, failed_share[prof_org],
        comb_rate, shock_loss, commitment_rate, resilience_rate,
        sw_trusting, sw_building,
    )  # fmt: skip
    return signal, progress, faith, new_comb, np.flatnonzero(leaving)


def run(model: CollaborationModel, ctx: PairContext, acts: Acts) -> IntArray:
    """Update organisations and professionals; return the professionals who leave.

    References:
        theory.md §C4 PoP and Faith; IPT-6..IPT-12; RF-5; P3 COM-B; P5 EAA; IPT-10.
    """
    orgs, profs, ties, c = model.orgs, model.profs, model.ties, model.profs.comb
    draws = model.rng.random(len(profs.org))
    setup = _setup(model)
    orgs.signal, orgs.progress, orgs.faith, comb, leavers = _core(
        ties.pair_src, ties.pair_dst, acts.pair, acts.success, acts.failure,
        ctx.active, ctx.evaluation, ctx.turnover_rate, ctx.role_clarity, ctx.ambition,
        model.pairs.trust, orgs.signal, orgs.progress, orgs.faith, orgs.flexibility,
        orgs.prof_start, orgs.prof_count, profs.org, profs.vacant_until, model.t,
        profs.persuasiveness, profs.enthusiasm,
        c.capability, c.opportunity, c.motivation, c.commitment, c.resilience,
        ties.src.astype(np.int64), ties.trust.astype(np.float64), model._prof_out,
        draws, *setup.floats,
    )  # fmt: skip
    profs.comb = Comb(*comb)
    if setup.coproducing:
        _coproduce(model)
    return leavers


@compiled
def _coproduce_core(  # noqa: PLR0913, PLR0917 - EAA state, levers, rates
    partnership: IntArray,
    pair_trust: FloatArray,
    active: FloatArray,
    engagement: FloatArray,
    alignment: FloatArray,
    agreement: FloatArray,
    enabled: FloatArray,
    intentions: FloatArray,
    assets: FloatArray,
    dialogue: FloatArray,
    documentation: FloatArray,
    interpretation: FloatArray,
    engagement_rate: float,
    alignment_rate: float,
    agreement_rate: float,
    decay: float,
    sw_records: float,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """New (engagement, alignment, agreement) of the ``len(enabled)`` partnerships.

    The state arrays carry the inactive row; co-producing partnerships (``enabled``)
    that are active move, the others keep their values.
    """
    k = enabled.shape[0]
    on = enabled * active[:k]
    idx = np.where(partnership < 0, k, partnership)
    trust = group_mean(idx, pair_trust, k + 1, np.ones(idx.shape[0]))[:k]
    old = (engagement[:k], alignment[:k], agreement[:k])
    new = update_coproduction_core(
        old[0], old[1], old[2], intentions, assets, dialogue,
        documentation, interpretation, trust,
        engagement_rate, alignment_rate, agreement_rate, decay, sw_records,
    )  # fmt: skip
    return (
        np.where(on > 0, new[0], old[0]),
        np.where(on > 0, new[1], old[1]),
        np.where(on > 0, new[2], old[2]),
    )


def _coproduce(model: CollaborationModel) -> None:
    """One EAA cycle for active partnerships that co-produce (theory P5)."""
    state = model.partnerships_state
    specs = state.specs

    def lever(name: str) -> FloatArray:
        return np.array([float(getattr(p.co_production, name)) for p in specs])

    rates = model.spec.dynamics.coproduction
    new = _coproduce_core(
        model.pairs.partnership, model.pairs.trust, state.active,
        state.engagement, state.alignment, state.agreement,
        lever("enabled"), lever("intentions"), lever("assets"), lever("dialogue"),
        lever("documentation"), lever("interpretation"),
        rates.engagement_rate, rates.alignment_rate, rates.agreement_rate,
        rates.decay, model.switches.on("documentation_enables_alignment"),
    )  # fmt: skip
    k = len(specs)
    for arr, value in zip(
        (state.engagement, state.alignment, state.agreement), new, strict=True
    ):
        arr[:k] = value
