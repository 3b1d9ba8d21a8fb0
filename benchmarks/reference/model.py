"""A deliberately naive Mesa implementation of collabsim's dynamics.

Every professional tie is a Python object (in a dict); organisations, professionals
and partnerships are Mesa agents; each phase is a loop over objects calling the
scalar formulas of ``formulas.py``. It reads the same ``Scenario``, with every rate
converted to a step of ``dt`` weeks as the fast model does (``Spec.packed``), and
follows the phases of ``collabsim/model/collaboration.py`` in the same order:

1. scheduled events (partnerships start and end, contracts, mandates, central
   figures, shocks, system change);
2. organisation-pair trust, confidence, risk threshold (``acts.update_gate``);
3. joint acts (``acts``);
4. conflict (``conflict``);
5. meetings, tie trust and acquaintance (``ties``);
6. perceived progress and faith, who leaves (``organisations``); COM-B
   (``Professional.update_comb``); co-production (``coproduction``); the leavers
   leave; contracts signed when ready;
7. observation (``metrics``).

It draws its own random numbers from ``model.random``, one at a time where the
theory has a chance, so it agrees with the fast model in distribution, not draw for
draw. This is the teaching version and the yardstick of ``make bench``.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import mesa

from benchmarks.reference import acts, conflict, coproduction, organisations, ties
from benchmarks.reference import formulas as f
from benchmarks.reference.agents import (
    Organisation,
    OrgPair,
    Partnership,
    Professional,
    Tie,
)
from benchmarks.reference.metrics import REPORTERS, STATS, summarise
from collabsim.model.network import build_world
from collabsim.scenario.mechanisms import MECHANISMS, MechanismSwitches
from collabsim.scenario.rates import Dynamics


class ReferenceModel(mesa.Model):
    """Naive object model of one collabsim scenario (see the module docstring)."""

    def __init__(self, spec, *, rng=None):
        super().__init__(rng=rng)
        self.spec, self.t, self.dt = spec, 0, spec.step_weeks
        self.rates = SimpleNamespace(
            **{
                name: getattr(spec.dynamics, name).packed(self.dt)
                for name in Dynamics.model_fields
            }
        )
        switches = MechanismSwitches.from_names(spec.mechanisms.disabled)
        self.on = {name: switches.on(name) for name in MECHANISMS}.__getitem__
        world = build_world(spec, self.rng)  # a generated network draws from rng
        self.orgs = [Organisation(self, o) for o in world.organisations]
        self.org_by_key = {o.key: o for o in self.orgs}
        self._hire_staff()
        self.partnerships = [
            Partnership(self, p, k) for k, p in enumerate(world.partnerships)
        ]
        self._build_pairs()
        self._choose_figures()
        for org in self.orgs:
            self.draw_leader(org)
        self.acts, self.leavers = [], []
        self.last = dict.fromkeys(STATS, 0.0)
        self.last["collab_risk"] = math.nan  # no act yet, so no mean risk of one
        self._fire(0)
        # ties start at baseline trust; obligations in force take effect at once
        for tie in self.ties.values():
            tie.trust = tie.pair.baseline
        for pair in self.pairs:
            pair.confidence = acts.obligation_level(self, pair)
            acts.update_gate(self, pair)
        self.datacollector = mesa.DataCollector(model_reporters=REPORTERS)
        self.datacollector.collect(self)

    # --- construction ----------------------------------------------------------------
    def _hire_staff(self):
        """The leader first, then boundary-spanning managers, then frontline staff."""
        spanners = self.spec.boundary_spanners
        for org in self.orgs:
            n = org.spec.professionals or self.spec.professionals_per_organisation
            for i in range(n):
                role = (
                    "leader"
                    if i == 0
                    else "manager"
                    if i < max(spanners, 1)
                    else "frontline"
                )
                org.professionals.append(
                    Professional(self, org, role, float(i < spanners))
                )
            senior = min(max(spanners, 1), n)
            org.senior = org.professionals[:senior]
            org.frontline = org.professionals[senior:]

    def _build_pairs(self):
        """Two OrgPairs per partnership link; a Tie per pair of their professionals."""
        index = {o: i for i, o in enumerate(self.orgs)}
        holders = {}
        for p in self.partnerships:
            members = p.spec.members
            links = p.spec.links or [
                (a, b) for i, a in enumerate(members) for b in members[i + 1 :]
            ]
            for a, b in links:
                key = tuple(
                    sorted((self.org_by_key[a], self.org_by_key[b]), key=index.get)
                )
                holders.setdefault(key, []).append(p)
        self.pairs, self.links, self.ties = [], [], {}
        gap = self.spec.dynamics.trust.cross_sector_culture_gap
        for a, b in sorted(holders, key=lambda k: (index[k[0]], index[k[1]])):
            forward, backward = (
                OrgPair(a, b, holders[a, b]),
                OrgPair(b, a, holders[a, b]),
            )
            forward.reverse, backward.reverse = backward, forward
            for pair in (forward, backward):
                x, y = pair.a.spec, pair.b.spec
                pair.cross_sector = float(x.sector != y.sector)
                pair.culture_gap = f.cultural_distance(
                    x.culture, y.culture, pair.cross_sector, gap
                )
                pair.asymmetry = f.power_asymmetry(
                    x.statutory_power, y.statutory_power, x.size, y.size
                )
                pair.a.out_pairs.append(pair)
                for i in pair.a.professionals:
                    for j in pair.b.professionals:
                        tie = Tie(i, j, pair)
                        self.ties[i.unique_id, j.unique_id] = tie
                        pair.ties.append(tie)
                        i.out_ties.append(tie)
                        i.tie_to[j] = tie
                        i.all_ties.append(tie)
                        j.all_ties.append(tie)
                self.pairs.append(pair)
            for tie in forward.ties:
                tie.reverse = tie.target.tie_to[tie.source]
                tie.reverse.reverse = tie
            self.links.append(forward)
        self.assign_pairs()

    def _choose_figures(self):
        """Central figures: the first boundary spanner of the best-connected members.

        As many as distributed leadership shares the role, one per organisation,
        from those with the most partner staff to tie to (theory P2).
        """
        for p in self.partnerships:
            if not p.spec.central_figure:
                continue
            members = [self.org_by_key[m] for m in p.spec.members]
            staff = sum(len(o.professionals) for o in members)
            ranked = sorted(
                members,
                key=lambda o: (-(staff - len(o.professionals)), self.orgs.index(o)),
            )
            n = max(1, round(p.spec.leadership.distributed * len(members)))
            for org in ranked[:n]:
                p.figures.append(
                    [org.senior[1] if len(org.senior) > 1 else org.leader, True]
                )

    def draw_leader(self, org):
        """The leader's style: the first partnership's leadership levers, plus noise."""
        lead = next(
            (p.spec.leadership for p in self.partnerships if org.key in p.spec.members),
            None,
        )
        means = (
            (0.5, 0.5, 0.5)
            if lead is None
            else (lead.vulnerability, lead.persuasiveness, lead.enthusiasm)
        )
        leader = org.leader
        leader.vulnerability, leader.persuasiveness, leader.enthusiasm = (
            f.clip(m + self.random.gauss(0.0, 0.05)) for m in means
        )

    def assign_pairs(self):
        """Each pair belongs to the latest-started active partnership holding it.

        Its baseline follows that partnership's prior history. A pair that never had
        a partnership brings only that history to its first one: its ties start at
        the new baseline. A pair that worked together before keeps its ties (SF8).
        """
        for pair in self.pairs:
            live = [p for p in pair.holders if p.active]
            pair.partnership = (
                max(live, key=lambda p: (p.started_at, p.index)) if live else None
            )
            pair.baseline = f.tie_baseline(
                pair.cross_sector,
                pair.asymmetry,
                pair.lever("prior_history"),
                self.rates.trust,
                self.on,
            )
            if pair.partnership is not None and not pair.worked:
                pair.worked = True
                for tie in pair.ties:
                    tie.trust = pair.baseline

    def add_conflict(self, org, amount):
        for pair in self.pairs:
            if org in (pair.a, pair.b):
                pair.conflict = f.clip(pair.conflict + amount)

    # --- scheduled events ------------------------------------------------------------
    def _fire(self, step):
        """Fire the events scheduled for ``step``, in the fast model's order."""
        for p in self.partnerships:
            for at, event in (
                (p.spec.starts_at, p.start),
                (p.spec.ends_at, p.end),
                (p.spec.contract.expires_at, p.expire_contract),
                (p.spec.mandate_lifted_at, p.lift_mandate),
                (p.spec.central_figure_lost_at, p.lose_central_figure),
            ):
                if at == step:
                    event()
        for shock in self.spec.shocks:
            if shock.at == step:
                org = self.org_by_key[shock.organisation]
                org.apply_shock(shock.kind, shock.magnitude)
        change = self.spec.system_change
        if change is not None and change.at == step:
            for org in self.orgs:
                hub, losing = org.key in change.hubs, org.key in change.losing
                org.undergo_change(hub=hub, losing=losing)

    # --- the step --------------------------------------------------------------------
    def step(self):
        if self.t > 0:
            self._fire(self.t)
        for pair in self.pairs:
            pair.reset_tallies()
            acts.update_gate(self, pair)
        for org in self.orgs:
            org.tried, org.achieved = 0, 0.0
            for prof in org.professionals:
                prof.failures = 0
        self.acts = []
        self.agents_by_type[Organisation].shuffle_do("act")
        conflict.run(self)
        meetings, bad_meetings = ties.run(self)
        self.leavers = []
        self.agents_by_type[Organisation].shuffle_do("perceive")
        self.agents_by_type[Professional].do("update_comb")
        coproduction.run(self)
        for prof in self.leavers:
            prof.leave()
        organisations.contracts_when_ready(self)
        self.last = summarise(self, meetings, bad_meetings)
        self.t += 1
        self.datacollector.collect(self)


def run_reference(spec, seed, *, n_steps=None):
    """Run the reference model; return its per-step metrics (a pandas DataFrame)."""
    model = ReferenceModel(spec, rng=seed)
    for _ in range(spec.n_steps if n_steps is None else n_steps):
        model.step()
    return model.datacollector.get_model_vars_dataframe().reset_index(names="step")
