"""Phase 2-3: trust aggregation, confidence, risk threshold and joint acts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from collabsim.arrays import BoolArray, FloatArray, IntArray
from collabsim.rules import acts as behaviour
from collabsim.rules import contexts, gate
from collabsim.rules.engine import ENGINE, clip01_core, compiled, pairwise_mean

if TYPE_CHECKING:
    from collabsim.model.collaboration import CollaborationModel, PairContext
    from collabsim.scenario.mechanisms import MechanismSwitches

__all__ = [
    "Acts",
    "act_core",
    "empty_stats",
    "gate_core",
    "obligation_level",
    "run",
    "summarise",
    "summary_core",
    "update_gate",
]

#: Keys of the step statistics, in the order of :func:`summary_core`'s values.
_STATS = (
    *("acts", "collaborative", "low_acts", "low_collab", "high_acts", "high_collab"),
    *("carried", "failures", "quick_wins", "episodes", "turnover", "collab_risk"),
)


@dataclass(frozen=True, slots=True)
class Acts:
    """Joint acts of one step and their per-pair tallies."""

    pair: IntArray
    risk: FloatArray
    collaborative: BoolArray
    carried: BoolArray
    success: BoolArray
    failure: BoolArray
    quick: BoolArray
    n_collab: FloatArray
    n_competitive: FloatArray
    n_failure: FloatArray
    n_quick: FloatArray
    failure_stake: FloatArray


# --- ufunc.at, twice: NumPy, and a loop Numba compiles ------------------------------


def _add_at_numpy(
    target: FloatArray, rows: IntArray, cols: IntArray, values: FloatArray
) -> None:
    np.add.at(target, (rows, cols), values)


def _add_at_loop(
    target: FloatArray, rows: IntArray, cols: IntArray, values: FloatArray
) -> None:
    for k in range(values.shape[0]):
        target[rows[k], cols[k]] += values[k]


_add_at = compiled(_add_at_loop) if ENGINE == "numba" else _add_at_numpy
_add_at.__doc__ = "``np.add.at(target, (rows, cols), values)``, in place."


# --- inputs fixed for a model's lifetime, gathered once -----------------------------


@dataclass(frozen=True, slots=True)
class _Fixed:
    """A model's rates and switches, as the cores' float tuples, and tie weights."""

    tie_weight: FloatArray
    target: tuple[float, ...]
    confidence: tuple[float, ...]
    threshold: tuple[float, ...]
    kernels: tuple[tuple[float, ...], ...]
    timing: tuple[int, float, float]


def _floats(rates: object, names: str) -> tuple[float, ...]:
    return tuple(float(getattr(rates, name)) for name in names.split())


def _on(switches: MechanismSwitches, names: str) -> tuple[float, ...]:
    return tuple(switches.on(name) for name in names.split())


def _build_fixed(model: CollaborationModel) -> _Fixed:
    """The model's fixed inputs (see :meth:`CollaborationModel.fixed`)."""
    dyn, sw = model.spec.dynamics, model.switches
    act = dyn.behaviour
    cutoff = (act.low_risk_cutoff,)
    return _Fixed(
        model._prof_weight[model.ties.src],
        _floats(dyn.confidence, "contract_weight mandate_level enforcement_floor")
        + _floats(dyn.confidence, "leader_boost")
        + _on(sw, "contracts_build_confidence mandate_builds_confidence")
        + _on(sw, "leadership_builds_confidence"),
        _floats(dyn.confidence, "rate breach_penalty")
        + _on(sw, "breaches_lower_confidence"),
        _floats(dyn.threshold, "trust_weight confidence_weight pressure_weight")
        + _on(sw, "trust_raises_threshold confidence_raises_threshold")
        + _on(sw, "pressure_lowers_threshold"),
        (
            _floats(act, "ambition_trust_gain") + _on(sw, "trust_raises_ambition"),
            cutoff + _floats(act, "base_risk ambition_risk"),
            _floats(act, "motivation_base faith_motivation faith_drive")
            + cutoff
            + _on(sw, "interpersonal_compensation faith_drives_behaviour")
            + _on(sw, "threshold_gates_behaviour"),
            _floats(act, "success_base capability_success risk_failure")
            + cutoff
            + _on(sw, "quick_wins_build_trust behaviour_builds_effectiveness"),
        ),
        (act.acts_per_step, float(act.quick_win_steps), act.frontline_share),
    )


def _fixed(model: CollaborationModel) -> _Fixed:
    return model.fixed(_build_fixed)


# --- the gate: trust aggregation, confidence, pressure, threshold ---------------------


@compiled
def _pressure_core(
    slack: FloatArray,
    regulatory: FloatArray,
    competition: FloatArray,
    resisting: FloatArray,
    pair_src: IntArray,
    pair_dst: IntArray,
) -> FloatArray:
    """External pressure on each directed pair's source organisation."""
    competing = clip01_core(competition + resisting)
    return contexts.external_pressure_core(
        slack[pair_src], regulatory[pair_src], competing[pair_src], regulatory[pair_dst]
    )


def obligation_level(model: CollaborationModel, ctx: PairContext) -> FloatArray:
    """Confidence that the obligations in force justify, per directed pair."""
    leader = model.orgs.prof_start[model.ties.pair_dst]
    return gate.confidence_target_core(
        ctx.contract,
        ctx.accountability,
        ctx.mandate,
        model.profs.persuasiveness[leader],
        *_fixed(model).target,
    )


@compiled
def gate_core(  # noqa: PLR0913, PLR0917 - the gate's state, levers and rates
    trust: FloatArray,
    tie_weight: FloatArray,
    offsets: IntArray,
    pair_weight: FloatArray,
    confidence: FloatArray,
    breaches: FloatArray,
    contract: FloatArray,
    accountability: FloatArray,
    mandate: FloatArray,
    persuasiveness: FloatArray,
    prof_start: IntArray,
    pair_src: IntArray,
    pair_dst: IntArray,
    org_levers: tuple[FloatArray, FloatArray, FloatArray, FloatArray],
    target_rates: tuple[float, ...],
    confidence_rates: tuple[float, ...],
    threshold_rates: tuple[float, ...],
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Pair trust, confidence, threshold and pressure. Core of :func:`update_gate`.

    ``trust`` is per tie (float64); ``org_levers`` are the organisations' financial
    slack, regulatory pressure, competition and resistance.
    """
    pair_trust = gate.pair_trust_core(trust, tie_weight, offsets, pair_weight)
    target = gate.confidence_target_core(
        contract,
        accountability,
        mandate,
        persuasiveness[prof_start[pair_dst]],
        *target_rates,
    )
    moved = gate.update_confidence_core(
        confidence, target, breaches, accountability, *confidence_rates
    )
    pressure = _pressure_core(*org_levers, pair_src, pair_dst)
    threshold = gate.risk_threshold_core(pair_trust, moved, pressure, *threshold_rates)
    return pair_trust, moved, threshold, pressure


def _gate_inputs(
    model: CollaborationModel, ctx: PairContext, trust: FloatArray, fixed: _Fixed
) -> tuple[Any, ...]:
    """The arguments of :func:`gate_core`, from the model and the pair context."""
    o, pairs, ties = model.orgs, model.pairs, model.ties
    return (
        trust,
        fixed.tie_weight,
        ties.offsets,
        model._pair_weight,
        pairs.confidence,
        pairs.breaches,
        ctx.contract,
        ctx.accountability,
        ctx.mandate,
        model.profs.persuasiveness,
        o.prof_start,
        ties.pair_src,
        ties.pair_dst,
        (o.financial_slack, o.regulatory_pressure, o.competition, o.resisting),
        fixed.target,
        fixed.confidence,
        fixed.threshold,
    )


def update_gate(model: CollaborationModel, ctx: PairContext) -> FloatArray:
    """Aggregate trust, move confidence, derive the threshold; return pressure."""
    pairs = model.pairs
    trust = model.ties.trust.astype(np.float64)
    inputs = _gate_inputs(model, ctx, trust, _fixed(model))
    pairs.trust, pairs.confidence, pairs.threshold, pressure = gate_core(*inputs)
    return pressure


# --- joint acts -----------------------------------------------------------------------


@compiled
def act_core(  # noqa: PLR0913, PLR0917 - the phase's inputs (see :func:`run`)
    gate_inputs: tuple[Any, ...],
    u: FloatArray,
    levers: tuple[FloatArray, FloatArray, FloatArray, FloatArray],
    actors: tuple[FloatArray, IntArray, FloatArray, IntArray],
    partnership: IntArray,
    effectiveness: FloatArray,
    t: float,
    timing: tuple[int, float, float],
    kernel_rates: tuple[tuple[float, ...], ...],
) -> tuple[FloatArray, IntArray, FloatArray, BoolArray, FloatArray]:
    """The gate, then this step's joint acts. Core of :func:`run`.

    ``gate_inputs`` are :func:`gate_core`'s arguments (the acts reuse some); ``u``
    the (7, n_acts) draws; ``kernel_rates`` the rates and switches of the ambition,
    risk, choice and outcome cores. Adds each act's value to ``effectiveness``.

    Returns the new pair trust, confidence and threshold, then :class:`Acts`'
    fields; the flags, the tallies and the gate state are packed as rows of one
    array each (every array returned costs a boxing).
    """
    pair_trust, confidence, threshold, pressure = gate_core(*gate_inputs)
    trust, offsets = gate_inputs[0], gate_inputs[2]
    pair_src, threshold_rates = gate_inputs[11], gate_inputs[16]
    active, ambition, started_at, quick_wins = levers
    faith, prof_org, capability, prof_count = actors
    acts_per_step, quick_win_steps, frontline_share = timing
    ambition_rates, risk_rates, choice_rates, outcome_rates = kernel_rates
    pair = np.repeat(np.flatnonzero(active > 0), acts_per_step)
    aim = contexts.effective_ambition_core(
        ambition[pair], pair_trust[pair], *ambition_rates
    )
    early = (t - started_at[pair]) < quick_win_steps
    risk = behaviour.act_risk_core(
        u[0], aim, early & (quick_wins[pair] > 0), *risk_rates
    )
    counts = np.diff(offsets)[pair]
    tie = offsets[pair] + np.minimum((u[1] * counts).astype(np.int64), counts - 1)
    own = gate.risk_threshold_core(
        trust[tie], confidence[pair], pressure[pair], *threshold_rates
    )
    actor = pair_src[pair]
    collaborative, carried = behaviour.choose_acts_core(
        risk,
        threshold[pair],
        np.where(u[2] < frontline_share, own, np.nan),
        faith[actor],
        u[3],
        u[4],
        *choice_rates,
    )
    org_capability = np.bincount(prof_org, capability, prof_count.shape[0]) / prof_count
    success, failure, quick, value = behaviour.act_outcomes_core(
        collaborative, risk, org_capability[actor], u[5], early, *outcome_rates
    )
    kind = np.minimum((u[6] * 6).astype(np.int64), 5)
    _add_at(effectiveness, partnership[pair], kind, value)
    n = pair_trust.shape[0]
    gate_state = np.empty((3, n))
    gate_state[0], gate_state[1], gate_state[2] = pair_trust, confidence, threshold
    flags = np.empty((5, pair.shape[0]), np.bool_)
    flags[0], flags[1], flags[2], flags[3] = collaborative, carried, success, failure
    flags[4] = quick
    tallies = np.empty((5, n))
    tallies[0] = np.bincount(pair, collaborative, n)
    tallies[1] = np.bincount(pair, ~collaborative, n)
    tallies[2] = np.bincount(pair, failure, n)
    tallies[3] = np.bincount(pair, quick, n)
    tallies[4] = np.bincount(pair, failure * (0.5 + risk), n)
    return gate_state, pair, risk, flags, tallies


def run(model: CollaborationModel, ctx: PairContext) -> Acts:
    """Choose and resolve this step's joint acts (theory §C4 Behaviour; RF-6..RF-8)."""
    orgs, pairs, profs, fixed = model.orgs, model.pairs, model.profs, _fixed(model)
    n_acts = np.count_nonzero(ctx.active > 0) * fixed.timing[0]
    u = model.rng.random((7, n_acts))
    gate_state, pair, risk, flags, tallies = act_core(
        _gate_inputs(model, ctx, model.ties.trust.astype(np.float64), fixed),
        u,
        (ctx.active, ctx.ambition, ctx.started_at, ctx.quick_wins),
        (orgs.faith, profs.org, profs.comb.capability, orgs.prof_count),
        pairs.partnership,
        model.partnerships_state.effectiveness,
        float(model.t),
        fixed.timing,
        fixed.kernels,
    )
    # index, not unpack: iterating an array makes its rows far more slowly
    pairs.trust, pairs.confidence = gate_state[0], gate_state[1]
    pairs.threshold = gate_state[2]
    f, t = flags, tallies
    return Acts(pair, risk, f[0], f[1], f[2], f[3], f[4], t[0], t[1], t[2], t[3], t[4])


def empty_stats() -> dict[str, float]:
    """Step statistics before the first step."""
    return dict.fromkeys(_STATS, 0.0)


@compiled
def summary_core(  # noqa: PLR0913, PLR0917 - act outcomes, other counts
    risk: FloatArray,
    collaborative: BoolArray,
    carried: BoolArray,
    failure: BoolArray,
    quick: BoolArray,
    episodes: BoolArray,
    n_leavers: float,
    low_risk_cutoff: float,
) -> FloatArray:
    """The step statistics, in the order of their keys. Core of :func:`summarise`."""
    low = risk <= low_risk_cutoff
    n_acts, n_low = risk.shape[0], np.count_nonzero(low)
    n_collab = np.count_nonzero(collaborative)
    low_collab = np.count_nonzero(collaborative & low)
    out = np.empty(12)
    out[0], out[1], out[2], out[3] = n_acts, n_collab, n_low, low_collab
    out[4], out[5] = n_acts - n_low, n_collab - low_collab
    out[6], out[7] = np.count_nonzero(carried), np.count_nonzero(failure)
    out[8], out[9] = np.count_nonzero(quick), np.count_nonzero(episodes)
    out[10] = n_leavers
    out[11] = pairwise_mean(risk[collaborative]) if n_collab > 0 else np.nan
    return out


def summarise(
    acts: Acts, episodes: BoolArray, *, n_leavers: int, low_risk_cutoff: float
) -> dict[str, float]:
    """Per-step tallies that observed metrics read (rates need the counts).

    Acts are split into low- and high-risk at the same cutoff that lets faith carry
    an act in :func:`collabsim.rules.acts.choose_acts` (theory SF3).
    """
    values = summary_core(
        acts.risk,
        acts.collaborative,
        acts.carried,
        acts.failure,
        acts.quick,
        episodes,
        float(n_leavers),
        low_risk_cutoff,
    )
    return dict(zip(_STATS, values.tolist(), strict=True))
