"""The discrete events of the theory (§C3), as operations on a batch of runs.

Each operation acts on every run of the state at once: a scheduled event (a
partnership starting, a contract expiring, a shock) happens in every run at the same
step, since the runs of a batch share their scenario's calendar; a drawn one (a
professional leaving, a contract signed when the partners are ready) in the runs
where it was drawn or is due. The Mesa agents call the same operations for their
single run, so the two paths cannot drift apart.
"""

from __future__ import annotations

import numpy as np

from collabsim.arrays import FloatArray, IntArray, clip01
from collabsim.model.build import draw_leaders
from collabsim.model.entities import COMB_START, ROLE_LEADER, ROLE_NAMES
from collabsim.model.partnerships import is_mandated
from collabsim.model.runs import Level
from collabsim.model.runstate import RunState
from collabsim.rules import gate
from collabsim.scenario.mechanisms import Link
from collabsim.scenario.parts import ContractSigning, Ending, ShockKind

__all__ = [
    "add_conflict",
    "apply_shock",
    "contracts_when_ready",
    "depart",
    "end_partnership",
    "expire_contract",
    "improper_cessation",
    "initialise_ties",
    "lift_mandate",
    "lose_central_figure",
    "obligation_level",
    "receive_mandate",
    "reset_ties",
    "sign_contracts",
    "start_partnership",
    "system_change",
]


def _runs_of(state: RunState, rows: IntArray) -> IntArray:
    runs: IntArray = rows // max(state.partnerships.per_run, 1)
    return runs


def _org_rows(state: RunState, local: int) -> IntArray:
    """Organisation ``local`` (scenario order) of every run."""
    rows: IntArray = state.runs.offsets[Level.ORG][:-1] + local
    return rows


# --- professionals --------------------------------------------------------------------
def reset_ties(state: RunState, professionals: IntArray) -> None:
    """Reset the professionals' ties to baseline trust and no acquaintance."""
    idx = state.ties.ties_of(professionals)
    state.ties.trust[idx] = state.pairs.baseline[state.ties.pair_of(idx)]
    state.ties.acquaintance[idx] = 0.0


def vacate(state: RunState, slots: IntArray, *, at_step_start: bool) -> None:
    """Leave posts vacant for the vacancy's weeks; the successors start fresh.

    ``vacant_until`` is the end of the vacancy less one step, so that
    :func:`~collabsim.rules.contact.presence` at step ``s`` is the share of that
    step the post is filled. Turnover happens at the end of the step (time
    ``t + 1``); a scheduled departure at its start (time ``t``).
    """
    profs = state.profs
    left = state.t if at_step_start else state.t + 1
    weeks = state.at(Level.PROF, "contact").vacancy_weeks[slots]
    profs.vacant_until[slots] = left - 1 + weeks
    profs.joined_at[slots] = profs.vacant_until[slots]
    for values, start in zip(profs.comb, COMB_START, strict=True):
        values[slots] = start


def depart(state: RunState, slots: IntArray, *, at_step_start: bool = False) -> None:
    """Professionals leave; successors take their posts after a vacancy.

    Their ties reset to baseline trust and zero acquaintance: knowledge-based
    relationships leave with the person. A new leader brings a new style.

    References:
        docs/theory.md §C3 StaffTurnover; IPT-10 [trust reset is M]; P4.
    """
    if len(slots) == 0:
        return
    if state.switches.on("turnover_resets_ties"):
        reset_ties(state, slots)
    vacate(state, slots, at_step_start=at_step_start)
    profs = state.profs
    leaders = slots[profs.role[slots] == ROLE_LEADER]
    occasion = "step_start" if at_step_start else "step_end"
    draw_leaders(state, profs.org[leaders], occasion)
    org = profs.org[slots]
    state.events.add(
        state.t,
        "staff_turnover",
        state.runs.run_of(Level.ORG)[org],
        [state.org_ids[o] for o in org.tolist()],
        [ROLE_NAMES[r] for r in profs.role[slots].tolist()],
        1.0,
    )


# --- organisations ------------------------------------------------------------------
def add_conflict(state: RunState, orgs: IntArray, amounts: FloatArray) -> None:
    """Raise conflict on every pair where an organisation is source or target.

    ``orgs`` are organisations of different runs (at most one per run), ``amounts``
    what each adds.
    """
    layout, conflict = state.layout, state.pairs.conflict
    amount = np.zeros(len(state.orgs.size))
    amount[orgs] = amounts
    touched = np.zeros(len(state.orgs.size), dtype=np.bool_)
    touched[orgs] = True
    src, dst = layout.pair_src, layout.pair_dst
    hit = touched[src] | touched[dst]
    raised = np.where(touched[src], amount[src], amount[dst])
    conflict[hit] = clip01(conflict[hit] + raised[hit])


def receive_mandate(state: RunState, org_local: int) -> None:
    """A mandate reaches organisation ``org_local``: faith falls; resisters contest.

    References:
        docs/theory.md §B(v) mandated [R/M]; §C3 MandateImposed; §C7.
    """
    orgs = _org_rows(state, org_local)
    on = state.switches.on("mandate_resistance")
    faith = state.at(Level.ORG, "faith")
    state.orgs.faith[orgs] = clip01(
        state.orgs.faith[orgs] - on * faith.mandate_penalty[orgs]
    )
    if state.resists[orgs[0]]:
        severity = state.at(Level.ORG, "conflict").episode_severity[orgs]
        add_conflict(state, orgs, on * severity)


def system_change(state: RunState) -> None:
    """Major system change: hubs and accepting units gain faith; resisters contest.

    References:
        docs/theory.md §C3 MajorSystemChange; P2; SF14.
    """
    change = state.spec.system_change
    if change is None:  # pragma: no cover - only scheduled when present
        return
    faith = state.at(Level.ORG, "faith")
    severity = state.at(Level.ORG, "conflict").episode_severity
    orgs_arrays = state.orgs
    runs = state.all_runs()
    for local, key in enumerate(state.org_specs):
        orgs = _org_rows(state, local)
        hub, losing = key.id in change.hubs, key.id in change.losing
        resisting = losing and bool(state.resists[orgs[0]])
        if resisting and state.switches.on("system_change_resistance"):
            orgs_arrays.resisting[orgs] = 1.0
            orgs_arrays.faith[orgs] -= faith.change_loss[orgs]
            add_conflict(state, orgs, severity[orgs])
        elif hub or losing:  # without resistance, a losing unit accepts the change
            gains = state.switches.on("system_change_builds_faith")
            orgs_arrays.faith[orgs] += gains * faith.change_gain[orgs]
        orgs_arrays.faith[orgs] = clip01(orgs_arrays.faith[orgs])
        state.events.add(
            state.t, "system_change", runs, key.id, "", 1.0 if hub else -1.0
        )


def apply_shock(state: RunState, org_local: int, kind: ShockKind, size: float) -> None:
    """Financial shock (slack falls) or regulatory intervention (scrutiny rises).

    References:
        docs/theory.md §C3 FinancialShock, RegulatoryIntervention [R/M].
    """
    orgs, arrays = _org_rows(state, org_local), state.orgs
    if kind is ShockKind.FINANCIAL:
        arrays.financial_slack[orgs] = np.maximum(
            0.0, arrays.financial_slack[orgs] - size
        )
        event = "financial_shock"
    else:
        arrays.regulatory_pressure[orgs] = np.minimum(
            1.0, arrays.regulatory_pressure[orgs] + size
        )
        event = "regulatory_intervention"
    key = state.org_specs[org_local].id
    state.events.add(state.t, event, state.all_runs(), key, "", size)


# --- partnerships -------------------------------------------------------------------
def sign_contracts(state: RunState, rows: IntArray) -> None:
    """Contracts signed: confidence steps up (theory §C3 ContractSigned)."""
    s = state.partnerships
    strength = s.nested("contract", "strength")[rows]
    s.contract[rows] = strength
    k = rows % max(s.per_run, 1)
    state.events.add(
        state.t,
        "contract_signed",
        _runs_of(state, rows),
        [s.ids[i] for i in k.tolist()],
        "",
        strength,
    )


def start_partnership(state: RunState, k: int) -> None:
    """Partnership ``k`` begins in every run: mandate and contract take effect."""
    s = state.partnerships
    rows, spec, runs = s.rows(k), s.specs[k], state.all_runs()
    s.active[rows] = 1.0
    s.started_at[rows] = state.t
    state.events.add(state.t, "partnership_started", runs, spec.id, "", 1.0)
    if is_mandated(spec):
        s.mandate[rows] = 1.0
        state.events.add(state.t, "mandate_imposed", runs, spec.id, "", 1.0)
        ids = [o.id for o in state.org_specs]
        for member in spec.members:
            receive_mandate(state, ids.index(member))
    if spec.contract.signing is ContractSigning.AT_START:
        strong = rows[s.nested("contract", "strength")[rows] > 0]
        sign_contracts(state, strong)
    state.assign_pairs()


def expire_contract(state: RunState, k: int) -> None:
    """Partnership ``k``'s contract expires: confidence steps down."""
    s = state.partnerships
    rows = s.rows(k)
    s.contract[rows] = 0.0
    strength = s.nested("contract", "strength")[rows]
    runs = state.all_runs()
    state.events.add(state.t, "contract_expired", runs, s.ids[k], "", strength)


def lift_mandate(state: RunState, k: int) -> None:
    """Partnership ``k``'s mandate is lifted: its confidence floor goes."""
    s = state.partnerships
    s.mandate[s.rows(k)] = 0.0
    state.events.add(state.t, "mandate_lifted", state.all_runs(), s.ids[k], "", 1.0)


def improper_cessation(state: RunState, rows: IntArray) -> None:
    """Improper ending (partnership ``rows``): conflict up, a sharp loss of trust.

    The loss (IPT-17) is that of a failed act at the highest stake, on every tie of
    the partnership's pairs, and it carries over to later partnerships of the same
    organisations (SF8).
    """
    on = state.params.on[Link.improper_ending_lowers_trust]
    mask = np.isin(state.pairs.partnership, rows)
    conflict_rates = state.at(Level.PAIR, "conflict")
    trust_rates = state.at(Level.PAIR, "trust")
    pairs = state.pairs
    pairs.conflict[mask] = clip01(
        pairs.conflict[mask] + on * conflict_rates.episode_severity[mask]
    )
    severity = trust_rates.failure_severity * 1.5  # stake of the riskiest act
    keep = 1.0 - on * np.minimum(trust_rates.loss * severity, 1.0)
    hit = state.ties.expand(mask)
    state.ties.trust[hit] *= state.ties.expand(keep)[hit]


def end_partnership(state: RunState, k: int) -> None:
    """Partnership ``k`` ends; an improper ending leaves conflict and broken trust.

    References:
        docs/theory.md IPT-17; §C3 ImproperCessation; SF8 (carry-over through ties).
    """
    s = state.partnerships
    rows, spec = s.rows(k), s.specs[k]
    s.active[rows] = 0.0
    s.contract[rows] = 0.0
    s.mandate[rows] = 0.0
    improper = spec.ending is Ending.IMPROPER
    if improper:
        improper_cessation(state, rows)
    state.events.add(
        state.t,
        "partnership_ended",
        state.all_runs(),
        spec.id,
        str(spec.ending),
        float(improper),
    )
    state.assign_pairs()


def lose_central_figure(state: RunState, k: int) -> IntArray:
    """Partnership ``k``'s lead central figure leaves for good, in every run.

    The role ends (no successor convenes in their place); the professional leaves
    like any other leaver, unless the post is vacant at this moment (its holder left
    by turnover, the successor not yet arrived): then it just loses the role.

    Returns:
        The posts vacated (at the step's start).

    References:
        docs/theory.md §C3 CentralFigureLoss; P2.
    """
    figures, s = state.figures, state.partnerships
    leaving = []
    for row in s.rows(k).tolist():
        held = np.flatnonzero((figures.partnership == row) & (figures.active > 0))
        if len(held) == 0:
            continue
        figures.active[held[0]] = 0.0
        slot = int(figures.slot[held[0]])
        if state.profs.vacant_until[slot] <= state.t - 1:
            leaving.append(slot)
    state.events.add(
        state.t, "central_figure_lost", state.all_runs(), s.ids[k], "", 1.0
    )
    slots = np.array(leaving, dtype=np.int64)
    depart(state, slots, at_step_start=True)
    return slots


def contracts_when_ready(state: RunState) -> None:
    """Sign the contracts whose partners' mean threshold has reached their risk."""
    s = state.partnerships
    partnership = state.pairs.partnership
    n = len(s.active)
    held = np.where(partnership < 0, n - 1, partnership)
    total = np.bincount(held, weights=state.pairs.threshold, minlength=n)
    count = np.bincount(held, minlength=n)
    mean = np.divide(total, count, out=np.zeros(n), where=count > 0)
    strength = s.nested("contract", "strength")
    risk = s.nested("contract", "risk")
    for k, spec in enumerate(s.specs):
        contract = spec.contract
        due = contract.expires_at is None or state.t < contract.expires_at
        if contract.signing is not ContractSigning.WHEN_READY or not due:
            continue
        rows = s.rows(k)
        ready = (
            (strength[rows] > 0)
            & (s.active[rows] > 0)
            & (s.contract[rows] == 0)
            & (count[rows] > 0)
            & (mean[rows] >= risk[rows])
        )
        if ready.any():
            sign_contracts(state, rows[ready])


def obligation_level(state: RunState) -> FloatArray:
    """Confidence that the obligations in force justify, per directed pair."""
    ctx = state.pair_context()
    leader = state.orgs.prof_start[state.layout.pair_dst]
    return gate.confidence_target(
        ctx.contract,
        ctx.accountability,
        ctx.mandate,
        state.profs.persuasiveness[leader],
        state.at(Level.PAIR, "confidence"),
        state.params.on,
    )


def initialise_ties(state: RunState) -> None:
    """Ties start at baseline trust; obligations in force at once (a step)."""
    state.ties.trust[:] = state.ties.expand(state.pairs.baseline)
    state.pairs.confidence[:] = obligation_level(state)
