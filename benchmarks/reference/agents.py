"""The reference's objects: ties and organisation pairs, and the Mesa agents.

Every directed professional tie is a :class:`Tie`; every directed organisation pair
an :class:`OrgPair` holding its ties. Organisations, professionals and partnerships
are Mesa agents carrying their own state and the theory's discrete events
(docs/theory.md §C3). Nothing here is vectorised.
"""

from __future__ import annotations

import mesa

from benchmarks.reference import acts, coproduction, organisations
from benchmarks.reference import formulas as f
from collabsim.scenario.parts import ContractSigning, Ending, Governance, ShockKind

#: Weight of a professional's ties in organisation trust: power of the role.
ROLE_POWER = {"leader": 2.0, "manager": 1.5, "frontline": 1.0}
#: COM-B of a newcomer: capability, opportunity, motivation, commitment, resilience.
COMB_START = (0.5, 0.5, 0.5, 0.3, 0.3)


class Tie:
    """One directed professional tie (source → target) and its trust."""

    def __init__(self, source, target, pair):
        self.source = source
        self.target = target
        self.pair = pair
        self.reverse = None  # the tie target → source
        self.trust = 0.0
        self.acquaintance = 0.0


class OrgPair:
    """A directed organisation pair a → b: trust, confidence, conflict, threshold."""

    def __init__(self, a, b, holders):
        self.a, self.b, self.holders = a, b, holders
        self.reverse = None
        self.partnership = None  # the latest-started active partnership holding it
        self.worked = False  # whether the pair has had a partnership
        self.ties = []
        self.baseline = self.trust = self.confidence = self.conflict = 0.0
        self.threshold = self.breaches = self.pressure = 0.0
        self.reset_tallies()

    def reset_tallies(self):
        """Forget the last step's acts and conflict outcomes."""
        self.n_acts = self.n_collab = self.n_competitive = self.n_failure = 0
        self.keep_room = self.keep_trust = 1.0  # products over joint-act outcomes
        self.repair = self.damage = 0.0
        self.episodes = 0  # conflict episodes this step

    @property
    def active(self):
        return self.partnership is not None and self.partnership.active

    def lever(self, name):
        """A context lever of the pair's partnership (0 without one)."""
        p = self.partnership
        return float(getattr(p.spec, name)) if p is not None else 0.0

    def contract_in_force(self):
        p = self.partnership
        return p is not None and p.contract > 0

    def accountability(self):
        """Accountability of a contract in force (0 without one)."""
        if not self.contract_in_force():
            return 0.0
        return self.partnership.spec.contract.accountability

    def vision_and_clarity(self, model):
        """Shared vision and role clarity of a contract in force, plus co-production."""
        p = self.partnership
        if p is None:
            return 0.0, 0.0
        clarity = p.spec.contract.role_clarity if p.contract > 0 else 0.0
        return coproduction.effects(
            p.spec.shared_vision,
            clarity,
            p.alignment,
            p.agreement,
            model.rates.coproduction,
            model.on,
        )


class Professional(mesa.Agent):
    """A post in an organisation, held by successive professionals."""

    def __init__(self, model, organisation, role, spanner):
        super().__init__(model)
        self.organisation = organisation
        self.role = role
        self.spanner = spanner
        self.weight = ROLE_POWER[role] * (1.0 + spanner)
        self.vulnerability = self.persuasiveness = self.enthusiasm = 0.5
        self.vacant_until = -1.0
        self.out_ties = []  # ties from this professional
        self.all_ties = []  # ties from and to this professional
        self.tie_to = {}  # partner professional -> tie
        self.failures = 0  # failed joint acts done this step
        self.start_fresh()

    def start_fresh(self):
        (
            self.capability,
            self.opportunity,
            self.motivation,
            self.commitment,
            self.resilience,
        ) = COMB_START

    def presence(self):
        """Share of this step the post is filled (a vacancy may end part-way)."""
        return f.presence(self.vacant_until, self.model.t)

    def update_comb(self):
        """Phase 6: COM-B towards targets from its sources; commitment; resilience."""
        model, org = self.model, self.organisation
        ties = self.out_ties
        own = sum(t.trust for t in ties) / len(ties) if ties else 0.5
        c = org.context
        targets = f.comb_targets(
            c["technical"],
            c["expertise"],
            c["protected_time"],
            c["vision"],
            org.faith,
            own,
            model.rates.comb,
            model.on,
        )
        f.update_comb(self, targets, self.failures, model.rates.comb, model.on)

    def leave(self, at_step_start=False):
        """Leave: ties reset, the post stays vacant, a fresh successor takes it.

        Turnover happens at the end of a step, a scheduled departure at its start;
        ``vacant_until`` is the vacancy's end less one step.
        """
        model = self.model
        if model.on("turnover_resets_ties"):
            for tie in self.all_ties:
                tie.trust, tie.acquaintance = tie.pair.baseline, 0.0
        left = model.t if at_step_start else model.t + 1
        self.vacant_until = left - 1 + model.rates.contact.vacancy_weeks
        self.start_fresh()
        if self.role == "leader":
            model.draw_leader(self.organisation)


class Organisation(mesa.Agent):
    """An organisation: faith, perceived progress, its staff and its partner pairs."""

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
        self.signal = dyn.progress.initial * dyn.progress.expected_value
        self.professionals = []
        self.senior = []  # leader and boundary-spanning managers
        self.frontline = []
        self.out_pairs = []
        self.context = {}
        self.tried = 0
        self.achieved = 0.0

    @property
    def leader(self):
        return self.professionals[0]

    def competing(self):
        return f.clip(self.spec.competition_exposure + self.resisting)

    def vacant_share(self):
        present = sum(p.presence() for p in self.professionals)
        return 1.0 - present / len(self.professionals)

    def act(self):
        """Phase 3: the joint acts of this organisation with each active partner."""
        for pair in self.out_pairs:
            if pair.active:
                acts.joint_acts(self.model, pair)

    def perceive(self):
        """Phase 6: perceived progress, faith and who leaves."""
        organisations.perceive(self.model, self)

    # --- events (theory §C3) ---------------------------------------------------------
    def receive_mandate(self, penalty):
        model = self.model
        on = model.on("mandate_resistance")
        self.faith = f.clip(self.faith - on * penalty)
        if self.spec.resists_change:
            model.add_conflict(self, on * model.rates.conflict.episode_severity)

    def undergo_change(self, *, hub, losing):
        model = self.model
        rates = model.rates.faith
        resisting = losing and self.spec.resists_change
        if resisting and model.on("system_change_resistance"):
            self.resisting = 1.0
            self.faith -= rates.change_loss
            model.add_conflict(self, model.rates.conflict.episode_severity)
        elif hub or losing:  # without resistance, a losing unit accepts the change
            self.faith += model.on("system_change_builds_faith") * rates.change_gain
        self.faith = f.clip(self.faith)

    def apply_shock(self, kind, magnitude):
        if kind is ShockKind.FINANCIAL:
            self.financial_slack = max(0.0, self.financial_slack - magnitude)
        else:
            self.regulatory_pressure = min(1.0, self.regulatory_pressure + magnitude)


class Partnership(mesa.Agent):
    """A partnership: its lifecycle, obligations, co-production and central figures."""

    def __init__(self, model, spec, index):
        super().__init__(model)
        self.spec, self.index = spec, index
        self.active = False
        self.contract = self.mandate = 0.0
        self.started_at = 0
        self.engagement = self.alignment = self.understanding = self.agreement = 0.0
        self.effectiveness = [0.0] * 6  # innovation .. influence (theory RF-8)
        self.figures = []  # [professional, role still exists]

    def figure_presence(self):
        """Share of the central figures whose role exists and whose post is filled.

        A figure's post counts for the share of the step it is filled.
        """
        if not self.spec.central_figure or not self.figures:
            return 0.0
        held = sum(prof.presence() for prof, held in self.figures if held)
        return held / len(self.figures)

    def start(self):
        model = self.model
        self.active, self.started_at = True, model.t
        if self.spec.governance is Governance.MANDATED:
            self.mandate = 1.0
            for key in self.spec.members:
                model.org_by_key[key].receive_mandate(model.rates.faith.mandate_penalty)
        contract = self.spec.contract
        if contract.strength > 0 and contract.signing is ContractSigning.AT_START:
            self.sign_contract()
        model.assign_pairs()

    def sign_contract(self):
        self.contract = self.spec.contract.strength

    def expire_contract(self):
        self.contract = 0.0

    def lift_mandate(self):
        self.mandate = 0.0

    def lose_central_figure(self):
        """The first central figure still in role leaves for good, role and all.

        A figure whose post is already vacant (they left by turnover) just loses
        the role.
        """
        for figure in self.figures:
            if figure[1]:
                figure[1] = False
                if figure[0].vacant_until <= self.model.t - 1:
                    figure[0].leave(at_step_start=True)
                return

    def end(self):
        """The partnership ends; an improper ending leaves conflict and broken trust."""
        model = self.model
        self.active, self.contract, self.mandate = False, 0.0, 0.0
        if self.spec.ending is Ending.IMPROPER:
            on = model.on("improper_ending_lowers_trust")
            trust, conflict = model.rates.trust, model.rates.conflict
            cut = on * min(trust.loss * trust.failure_severity * 1.5, 1.0)
            for pair in model.pairs:
                if pair.partnership is self:
                    pair.conflict = f.clip(
                        pair.conflict + on * conflict.episode_severity
                    )
                    for tie in pair.ties:
                        tie.trust *= 1.0 - cut
        model.assign_pairs()
