"""A deliberately naive Mesa implementation of collabsim's core dynamics.

Every professional tie is a Python object in a dict; organisations, professionals and
partnerships are Mesa agents; each phase is a loop over objects calling the scalar
formulas in ``formulas.py``. It reads the same ``Scenario`` and follows the phases of
``collabsim/phases`` in the same order, drawing its own random numbers from
``model.random``: it agrees with the fast model in distribution, not draw for draw.
This is the teaching version and the yardstick of ``make bench``.
"""

from __future__ import annotations

import math

import mesa

from collabsim.scenario.mechanisms import MECHANISMS, MechanismSwitches
from collabsim.model.network import build_world
from collabsim.scenario.parts import ContractSigning, Ending, Governance, ResolutionStyle, ShockKind

from . import formulas as f

ROLE_POWER = {"leader": 2.0, "manager": 1.5, "frontline": 1.0}


class Tie:
    """One directed professional tie (source → target)."""

    def __init__(self, source, target, pair):
        self.source = source
        self.target = target
        self.pair = pair
        self.trust = 0.0
        self.acquaintance = 0.0


class OrgPair:
    """Directed organisation pair a → b: organisation-level trust, confidence, conflict."""

    def __init__(self, a, b, holders):
        self.a, self.b, self.holders = a, b, holders
        self.reverse = None
        self.partnership = None
        self.ties = []
        self.baseline = self.trust = self.confidence = self.conflict = 0.0
        self.threshold = self.breaches = 0.0
        self.reset_tallies()

    def reset_tallies(self):
        self.n_collab = self.n_competitive = self.n_failure = self.n_quick = 0
        self.failure_stake = 0.0
        self.repair = self.damage = 0.0

    def lever(self, name):
        p = self.partnership
        return float(getattr(p.spec, name)) if p is not None else 0.0

    @property
    def active(self):
        return self.partnership is not None and self.partnership.active


class Professional(mesa.Agent):
    def __init__(self, model, organisation, role, spanner):
        super().__init__(model)
        self.organisation = organisation
        self.role = role
        self.spanner = spanner
        self.weight = ROLE_POWER[role] * (1.0 + spanner)
        self.vulnerability = self.persuasiveness = self.enthusiasm = 0.5
        self.vacant_until = -1
        self.out_ties = []
        self.all_ties = []
        self.reset_comb()

    def reset_comb(self):
        self.capability = self.opportunity = self.motivation = 0.5
        self.commitment = self.resilience = 0.3

    def present(self):
        return self.vacant_until < self.model.t

    def update_comb(self):
        ties = self.out_ties
        own = sum(t.trust for t in ties) / len(ties) if ties else 0.5
        org = self.organisation
        failed = org.failed / org.tried if org.tried else 0.0
        f.update_comb(self, own, failed, self.model.spec.dynamics.comb, self.model.on)


class Organisation(mesa.Agent):
    def __init__(self, model, spec):
        super().__init__(model)
        dyn = model.spec.dynamics
        self.spec = spec
        self.key = spec.id
        self.financial_slack = spec.financial_slack
        self.regulatory_pressure = spec.regulatory_pressure
        self.resisting = 0.0
        self.faith = dyn.faith.initial
        self.progress = dyn.progress.initial
        self.signal = 0.5
        self.professionals = []
        self.out_pairs = []
        self.tried = self.won = self.failed = 0

    @property
    def leader(self):
        return self.professionals[0]

    def competing(self):
        return f.clip(self.spec.competition_exposure + self.resisting)

    def capability(self):
        return sum(p.capability for p in self.professionals) / len(self.professionals)

    def act(self):
        """Consider ``acts_per_step`` joint acts with every active partner."""
        for pair in self.out_pairs:
            if pair.active:
                for _ in range(self.model.spec.dynamics.behaviour.acts_per_step):
                    self.model.joint_act(pair)

    def perceive(self):
        """Perception of progress, faith and staff turnover (phase 6)."""
        model, dyn, on = self.model, self.model.spec.dynamics, self.model.on
        live = [p for p in self.out_pairs if p.active]
        evaluation = max([float(p.partnership.spec.evaluation) for p in live], default=0.0)
        hazard = max([p.partnership.spec.turnover_rate for p in live], default=0.0)
        clarity = sum(model.role_clarity(p) for p in live) / len(live) if live else 0.5
        ambition = sum(p.lever("ambition") for p in live) / len(live) if live else 0.5
        share = self.won / self.tried if self.tried else 0.0
        observed = f.observed_progress(share, ambition, dyn.progress) if self.tried else self.signal
        self.signal = f.update_signal(self.signal, observed, dyn.progress)
        commitments = [p.commitment for p in self.professionals]
        mean = sum(commitments) / len(commitments)
        spread = sum(c * c for c in commitments) / len(commitments) - mean**2
        internal = f.clip(2.0 * math.sqrt(max(spread, 0.0)))
        absent = (
            sum(p.b.vacant_share() for p in self.out_pairs) / len(self.out_pairs)
            if self.out_pairs
            else 0.5
        )
        target = f.progress_target(
            self.signal, evaluation, clarity, self.spec.flexibility, internal, absent, ambition, dyn.progress, on
        )
        leaving = [p for p in self.professionals if model.random.random() < hazard and p.present()]
        self.progress = f.update_progress(
            self.progress, target, len(leaving) / len(self.professionals), dyn.progress, on
        )
        weights = [1.0 if p.active else 1e-9 for p in self.out_pairs]
        trust = (
            sum(w * p.trust for w, p in zip(weights, self.out_pairs)) / sum(weights) if self.out_pairs else 0.5
        )
        leader = self.leader
        leadership = 0.5 * (leader.persuasiveness + leader.enthusiasm) if leader.present() else 0.5
        self.faith = f.update_faith(self.faith, self.progress, trust, leadership, dyn.faith, on)
        model.leavers.extend(leaving)

    def vacant_share(self):
        return 1.0 - sum(p.present() for p in self.professionals) / len(self.professionals)


class Partnership(mesa.Agent):
    def __init__(self, model, spec, index):
        super().__init__(model)
        self.spec, self.index = spec, index
        self.active = False
        self.contract = self.mandate = self.central_figure = 0.0
        self.started_at = 0
        self.engagement = self.alignment = self.agreement = 0.0
        self.effectiveness = [0.0] * 6

    def start(self):
        m = self.model
        self.active, self.started_at = True, m.t
        self.central_figure = float(self.spec.central_figure)
        if self.spec.governance is Governance.MANDATED:
            self.mandate = 1.0
            for key in self.spec.members:
                org = m.org_by_key[key]
                org.faith = f.clip(org.faith - m.on("mandate_resistance") * m.spec.dynamics.faith.mandate_penalty)
                if org.spec.resists_change:
                    m.add_conflict(org, m.on("mandate_resistance") * m.spec.dynamics.conflict.episode_severity)
        if self.spec.contract.strength > 0 and self.spec.contract.signing is ContractSigning.AT_START:
            self.contract = self.spec.contract.strength
        m.assign_pairs()

    def end(self):
        m = self.model
        self.active, self.contract, self.mandate = False, 0.0, 0.0
        if self.spec.ending is Ending.IMPROPER:
            rates = m.spec.dynamics
            for pair in m.pairs:
                if pair.partnership is self:
                    pair.conflict = f.clip(pair.conflict + rates.conflict.episode_severity)
                    for tie in pair.ties:
                        tie.trust *= 1.0 - min(rates.trust.loss * rates.trust.failure_severity * 2, 1.0)
        m.assign_pairs()


class ReferenceModel(mesa.Model):
    """Naive object model of one collabsim scenario (see the module docstring)."""

    def __init__(self, spec, *, rng=None):
        super().__init__(rng=rng)
        self.spec, self.t = spec, 0
        self.switches = MechanismSwitches.from_names(spec.mechanisms.disabled)
        self.on = {name: self.switches.on(name) for name in MECHANISMS}.__getitem__
        world = build_world(spec, self.rng)
        self.orgs = [Organisation(self, o) for o in world.organisations]
        self.org_by_key = {o.key: o for o in self.orgs}
        for org in self.orgs:
            n = org.spec.professionals or spec.professionals_per_organisation
            for i in range(n):
                role = "leader" if i == 0 else "manager" if i < max(spec.boundary_spanners, 1) else "frontline"
                org.professionals.append(Professional(self, org, role, float(i < spec.boundary_spanners)))
        self.partnerships = [Partnership(self, p, k) for k, p in enumerate(world.partnerships)]
        self._build_pairs()
        for org in self.orgs:
            self.draw_leader(org)
        self.leavers = []
        self._fire(0)
        for tie in self.ties.values():
            tie.trust = tie.pair.baseline
        for pair in self.pairs:  # obligations in force take effect at once, as in the core
            p = pair.partnership
            pair.confidence = f.confidence_target(
                p.contract if p is not None else 0.0,
                p.spec.contract.accountability if p is not None else 0.0,
                p.mandate if p is not None else 0.0,
                pair.b.leader.persuasiveness,
                self.spec.dynamics.confidence,
                self.on,
            )
            self.update_gate(pair)
        self.last = {}
        self.datacollector = mesa.DataCollector(model_reporters=REPORTERS)
        self.datacollector.collect(self)

    # --- construction ---------------------------------------------------------------
    def _build_pairs(self):
        """One OrgPair per direction of every partnership link; a Tie per professional pair."""
        holders = {}
        for p in self.partnerships:
            members = p.spec.members
            links = p.spec.links or [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]
            for a, b in links:
                key = tuple(sorted((self.org_by_key[a], self.org_by_key[b]), key=self.orgs.index))
                holders.setdefault(key, []).append(p)
        self.pairs, self.ties = [], {}
        cross_gap = self.spec.dynamics.trust.cross_sector_culture_gap
        for a, b in holders:
            forward, backward = OrgPair(a, b, holders[(a, b)]), OrgPair(b, a, holders[(a, b)])
            forward.reverse, backward.reverse = backward, forward
            for pair in (forward, backward):
                x, y = pair.a.spec, pair.b.spec
                pair.cross_sector = float(x.sector != y.sector)
                pair.culture_gap = f.cultural_distance(x.culture, y.culture, pair.cross_sector, cross_gap)
                pair.asymmetry = f.power_asymmetry(x.statutory_power, y.statutory_power, x.size, y.size)
                pair.a.out_pairs.append(pair)
                for i in pair.a.professionals:
                    for j in pair.b.professionals:
                        tie = Tie(i, j, pair)
                        self.ties[(i.unique_id, j.unique_id)] = tie
                        pair.ties.append(tie)
                        i.out_ties.append(tie)
                        i.all_ties.append(tie)
                        j.all_ties.append(tie)
                self.pairs.append(pair)
        self.assign_pairs()

    def draw_leader(self, org):
        lead = next((p.spec.leadership for p in self.partnerships if org.key in p.spec.members), None)
        means = (0.5, 0.5, 0.5) if lead is None else (lead.vulnerability, lead.persuasiveness, lead.enthusiasm)
        leader = org.leader
        noise = self.rng.normal(0.0, 0.05, size=3)
        leader.vulnerability, leader.persuasiveness, leader.enthusiasm = (
            f.clip(m + float(e)) for m, e in zip(means, noise)
        )

    def assign_pairs(self):
        """Each pair belongs to the latest-started active partnership holding it (or none)."""
        for pair in self.pairs:
            live = [p for p in pair.holders if p.active]
            pair.partnership = max(live, key=lambda p: (p.started_at, p.index)) if live else None
            pair.baseline = f.tie_baseline(
                pair.cross_sector, pair.asymmetry, pair.lever("prior_history"), self.spec.dynamics.trust, self.on
            )

    def _fire(self, step):
        for p in self.partnerships:
            s = p.spec
            if s.starts_at == step:
                p.start()
            if s.ends_at == step:
                p.end()
            if s.contract.expires_at == step:
                p.contract = 0.0
            if s.mandate_lifted_at == step:
                p.mandate = 0.0
            if s.central_figure_lost_at == step:
                p.central_figure = 0.0
        for shock in self.spec.shocks:
            if shock.at == step:
                org = self.org_by_key[shock.organisation]
                if shock.kind is ShockKind.FINANCIAL:
                    org.financial_slack = max(0.0, org.financial_slack - shock.magnitude)
                else:
                    org.regulatory_pressure = min(1.0, org.regulatory_pressure + shock.magnitude)
        change = self.spec.system_change
        if change is not None and change.at == step:
            self._system_change(change)

    def _system_change(self, change):
        rates = self.spec.dynamics.faith
        for org in self.orgs:
            on = self.on("system_change_resistance")
            if org.key in change.losing and org.spec.resists_change:
                org.resisting = on
                org.faith -= on * rates.change_loss
                self.add_conflict(org, on * self.spec.dynamics.conflict.episode_severity)
            elif org.key in change.hubs or org.key in change.losing:
                org.faith += rates.change_gain
            org.faith = f.clip(org.faith)

    def add_conflict(self, org, amount):
        for pair in self.pairs:
            if org in (pair.a, pair.b):
                pair.conflict = f.clip(pair.conflict + amount)

    # --- helpers ----------------------------------------------------------------------
    @staticmethod
    def pair_trust(pair):
        total = sum(t.source.weight * t.trust for t in pair.ties)
        return total / sum(t.source.weight for t in pair.ties)

    def role_clarity(self, pair):
        p = pair.partnership
        clarity = p.spec.contract.role_clarity if p is not None else 0.0
        alignment = p.alignment if p is not None else 0.0
        on = self.on("agreement_feeds_vision")
        return f.clip(clarity + on * self.spec.dynamics.coproduction.role_weight * alignment)

    def shared_vision(self, pair):
        p = pair.partnership
        agreement = p.agreement if p is not None else 0.0
        on = self.on("agreement_feeds_vision")
        return f.clip(pair.lever("shared_vision") + on * self.spec.dynamics.coproduction.vision_weight * agreement)

    # --- the step ---------------------------------------------------------------------
    def step(self):
        if self.t > 0:
            self._fire(self.t)
        for pair in self.pairs:
            self.update_gate(pair)
        self.acts = []
        for org in self.orgs:
            org.tried = org.won = org.failed = 0
        self.orgs_set = self.agents_by_type[Organisation]
        self.orgs_set.shuffle_do("act")
        self.conflict_phase()
        self.tie_phase()
        self.leavers = []
        self.orgs_set.shuffle_do("perceive")
        self.agents_by_type[Professional].shuffle_do("update_comb")
        self.coproduce()
        for prof in self.leavers:
            self.leave(prof)
        self.contracts_when_ready()
        self.summarise()
        self.t += 1
        self.datacollector.collect(self)

    def update_gate(self, pair):
        """Phase 2: organisation-pair trust, confidence and risk threshold."""
        dyn, on, p = self.spec.dynamics, self.on, pair.partnership
        pair.reset_tallies()
        pair.trust = self.pair_trust(pair)
        contract = p.contract if p is not None else 0.0
        mandate = p.mandate if p is not None else 0.0
        accountability = p.spec.contract.accountability if p is not None else 0.0
        target = f.confidence_target(contract, accountability, mandate, pair.b.leader.persuasiveness, dyn.confidence, on)
        pair.confidence = f.update_confidence(pair.confidence, target, pair.breaches, accountability, dyn.confidence, on)
        a, b = pair.a, pair.b
        pair.pressure = f.external_pressure(a.financial_slack, a.regulatory_pressure, a.competing(), b.regulatory_pressure)
        pair.threshold = f.risk_threshold(pair.trust, pair.confidence, pair.pressure, dyn.threshold, on)

    def joint_act(self, pair):
        """Phase 3: one candidate joint act of pair.a with pair.b."""
        dyn, on, rnd = self.spec.dynamics, self.on, self.random
        r, p = dyn.behaviour, pair.partnership
        ambition = f.effective_ambition(p.spec.ambition, pair.trust, r, on)
        early = (self.t - p.started_at) < r.quick_win_steps
        risk = f.act_risk(rnd.random(), ambition, early and p.spec.quick_wins, r)
        tie = pair.ties[min(int(rnd.random() * len(pair.ties)), len(pair.ties) - 1)]
        frontline = None
        if rnd.random() < r.frontline_share:
            frontline = f.risk_threshold(tie.trust, pair.confidence, pair.pressure, dyn.threshold, on)
        collab, carried = f.choose_act(
            risk, pair.threshold, frontline, pair.a.faith, rnd.random(), rnd.random(), r, on
        )
        success, failure, quick, value = f.act_outcome(collab, risk, pair.a.capability(), rnd.random(), early, r, on)
        p.effectiveness[min(int(rnd.random() * 6), 5)] += value
        pair.n_collab += collab
        pair.n_competitive += not collab
        pair.n_failure += failure
        pair.n_quick += quick
        pair.failure_stake += failure * (0.5 + risk)
        pair.a.tried += 1
        pair.a.won += success
        pair.a.failed += failure
        self.acts.append((risk, collab, carried, failure, quick))

    def conflict_phase(self):
        """Phase 4: conflict episodes, failures and competition; resolution style."""
        dyn, on = self.spec.dynamics, self.on
        destroyed = {}
        for pair in self.pairs:
            p, back = pair.partnership, pair.reverse
            accountability = p.spec.contract.accountability if p is not None else 0.0
            chance, severity, per_failure = f.conflict_pressure(
                pair.culture_gap, pair.a.competing(), pair.asymmetry, pair.a.progress,
                self.shared_vision(pair), accountability, dyn.conflict, on,
            )
            active = float(pair.active)
            episode = pair.active and self.random.random() < chance
            added = (
                episode * severity
                + (pair.n_failure + back.n_failure) * per_failure
                + back.n_competitive * dyn.conflict.competitive_act * active
            )
            constructive = float(p is not None and p.spec.resolution_style is ResolutionStyle.CONSTRUCTIVE)
            pair.conflict, pair.repair, pair.damage = f.resolve_conflict(
                pair.conflict, added, float(episode), constructive, dyn.conflict, on
            )
            obligated = p is not None and (p.contract > 0 or p.mandate > 0)
            pair.breaches = back.n_competitive * obligated
            pair.episode = episode
            if pair.damage > 0:
                destroyed[pair.a] = destroyed.get(pair.a, 0) + 1
        for org, n in destroyed.items():
            loss = dyn.faith.destructive_loss * n * on("resolution_style_decides_recovery")
            org.faith = f.clip(org.faith - loss)
            org.progress = f.clip(org.progress - loss)

    def tie_phase(self):
        """Phase 5: contacts (one draw per pair of opposite ties) and tie trust."""
        dyn, on, rnd = self.spec.dynamics, self.on, self.random
        r = dyn.trust
        met = 0
        for pair in self.pairs:
            if pair.a.unique_id > pair.b.unique_id:
                continue  # each undirected link once; both directions updated below
            back, p = pair.reverse, pair.partnership
            active = float(pair.active)
            vulnerability = 0.5 * (pair.a.leader.vulnerability + pair.b.leader.vulnerability)
            quality = f.interaction_quality(
                pair.lever("relational_strategies"), pair.lever("technical_strategies"), vulnerability, r, on
            )
            p_bad = f.negative_probability(pair.culture_gap, r, on)
            quick = r.quick_win_gain * (pair.n_quick + back.n_quick)
            stake = r.failure_severity * (pair.failure_stake + back.failure_stake)
            levers = [pair.lever(x) for x in ("connectivity", "distance", "protected_time")]
            figure = p.central_figure if p is not None else 0.0
            for tie in pair.ties:
                i, j = tie.source, tie.target
                opposite = self.ties[(j.unique_id, i.unique_id)]
                access = self.access(i) * self.access(j)
                chance = f.contact_probability(*levers, access, figure, dyn.contact, on) * active
                contact = rnd.random() < chance
                bad = contact and rnd.random() < p_bad
                good = contact and not bad
                met += 2 * contact
                for t, d in ((tie, pair), (opposite, back)):
                    positive = quality * good + quick + d.repair
                    negative = r.positive_quality * bad + stake + d.damage
                    t.trust = f.update_trust(t.trust, d.baseline, positive, negative, d.conflict, float(contact), r, on)
                    t.acquaintance = f.update_acquaintance(t.acquaintance, float(contact), r)
        self.contacts = met

    def access(self, prof):
        rate = self.spec.dynamics.contact.frontline_access if prof.role == "frontline" else 1.0
        return rate * prof.present()

    def coproduce(self):
        for p in self.partnerships:
            if p.spec.co_production.enabled and p.active:
                mine = [pair.trust for pair in self.pairs if pair.partnership is p]
                trust = sum(mine) / len(mine) if mine else 0.5
                f.update_coproduction(p, p.spec.co_production, trust, self.spec.dynamics.coproduction, self.on)

    def leave(self, prof):
        """Staff turnover: ties reset, the post stays vacant, a successor takes it."""
        if self.on("turnover_resets_ties"):
            for tie in prof.all_ties:
                tie.trust, tie.acquaintance = tie.pair.baseline, 0.0
        prof.vacant_until = self.t + self.spec.dynamics.contact.vacancy_steps
        prof.reset_comb()
        if prof.role == "leader":
            self.draw_leader(prof.organisation)

    def contracts_when_ready(self):
        for p in self.partnerships:
            c = p.spec.contract
            if (c.signing == "when_ready" and c.strength > 0 and p.active and p.contract == 0
                    and (c.expires_at is None or self.t < c.expires_at)):
                mine = [pair.threshold for pair in self.pairs if pair.partnership is p]
                if mine and sum(mine) / len(mine) >= c.risk:
                    p.contract = c.strength

    def summarise(self):
        cutoff = self.spec.dynamics.behaviour.low_risk_cutoff
        acts = self.acts
        low = [a for a in acts if a[0] <= cutoff]
        high = [a for a in acts if a[0] > cutoff]
        collab_risks = [a[0] for a in acts if a[1]]
        self.last = {
            "acts": len(acts), "collaborative": sum(a[1] for a in acts),
            "low_acts": len(low), "low_collab": sum(a[1] for a in low),
            "high_acts": len(high), "high_collab": sum(a[1] for a in high),
            "carried": sum(a[2] for a in acts), "failures": sum(a[3] for a in acts),
            "collab_risk": sum(collab_risks) / len(collab_risks) if collab_risks else math.nan,
        }


def _live_mean(attr):
    def compute(model):
        live = [getattr(p, attr) for p in model.pairs if p.active]
        return sum(live) / len(live) if live else math.nan

    return compute


def _ratio(num, den):
    return lambda m: m.last[num] / m.last[den] if m.last.get(den) else math.nan


REPORTERS = {
    "tie_trust_mean": lambda m: sum(t.trust for t in m.ties.values()) / len(m.ties),
    "tie_acquaintance_mean": lambda m: sum(t.acquaintance for t in m.ties.values()) / len(m.ties),
    "org_trust_mean": _live_mean("trust"),
    "org_confidence_mean": _live_mean("confidence"),
    "org_risk_threshold_mean": _live_mean("threshold"),
    "conflict_mean": _live_mean("conflict"),
    "org_faith_mean": lambda m: sum(o.faith for o in m.orgs) / len(m.orgs),
    "org_perception_of_progress_mean": lambda m: sum(o.progress for o in m.orgs) / len(m.orgs),
    "collaboration_rate": _ratio("collaborative", "acts"),
    "collaboration_rate_low_risk": _ratio("low_collab", "low_acts"),
    "collaboration_rate_high_risk": _ratio("high_collab", "high_acts"),
    "partnership_effectiveness": lambda m: sum(sum(p.effectiveness) for p in m.partnerships) / len(m.pairs),
    "prof_commitment_mean": lambda m: sum(
        p.commitment for o in m.orgs for p in o.professionals) / sum(len(o.professionals) for o in m.orgs),
}


def run_reference(spec, *, seed, n_steps=None):
    """Run the reference model; return its per-step metrics (a pandas DataFrame)."""
    model = ReferenceModel(spec, rng=seed)
    for _ in range(spec.n_steps if n_steps is None else n_steps):
        model.step()
    frame = model.datacollector.get_model_vars_dataframe().reset_index(names="step")
    return frame
