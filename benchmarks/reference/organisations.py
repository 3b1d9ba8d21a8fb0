"""Phase 6: perceived progress and faith, who leaves, contracts signed when ready.

An organisation's context is that of its active partnerships (evaluation and the
turnover hazard the highest, the other levers their mean; ½ without any). Perceived
progress tracks effectiveness per joint act relative to ambition, more closely with
evaluation; faith follows progress, trust and leadership.
"""

from __future__ import annotations

import math

from benchmarks.reference import formulas as f
from collabsim.scenario.fields import Time, per_step


def _mean(values):
    return sum(values) / len(values) if values else 0.5


def perceive(model, org):
    """Perceived progress and faith of ``org``; its leavers join ``model.leavers``."""
    r, on, dt = model.rates, model.on, model.dt
    live = [pair for pair in org.out_pairs if pair.active]
    effects = [pair.vision_and_clarity(model) for pair in live]
    org.context = {
        "technical": _mean([pair.lever("technical_strategies") for pair in live]),
        "expertise": _mean([pair.lever("innovation_support") for pair in live]),
        "protected_time": _mean([pair.lever("protected_time") for pair in live]),
        "vision": _mean([vision for vision, _ in effects]),
    }
    clarity = _mean([clarity for _, clarity in effects])
    ambition = _mean([pair.lever("ambition") for pair in live])
    evaluated = max((pair.lever("evaluation") for pair in live), default=0.0)
    hazard = max(
        (per_step(pair.lever("turnover_rate"), Time.SHARE, dt) for pair in live),
        default=0.0,
    )
    # effectiveness per act: a running record, relative to ambition
    per_act = org.achieved / org.tried if org.tried else org.signal
    org.signal += r.progress.memory * (per_act - org.signal)
    observed = f.observed_progress(org.signal, ambition, r.progress)
    commitments = [p.commitment for p in org.professionals]
    mean = sum(commitments) / len(commitments)
    spread = sum(c * c for c in commitments) / len(commitments) - mean * mean
    internal = f.clip(2.0 * math.sqrt(max(spread, 0.0)))
    # partners count through active partnerships only (0 without any)
    absent = sum(pair.b.vacant_share() for pair in live) / len(live) if live else 0.0
    target = f.progress_target(
        observed,
        evaluated,
        clarity,
        org.spec.flexibility,
        internal,
        absent,
        ambition,
        r.progress,
        on,
    )
    leaving = [
        p
        for p in org.professionals
        if p.presence() > 0.0 and model.random.random() < hazard
    ]
    share = len(leaving) / len(org.professionals)
    org.progress = f.update_progress(org.progress, target, share, r.progress, on)
    weights = [1.0 if pair.active else 1e-9 for pair in org.out_pairs]
    trust = (
        sum(w * pair.trust for w, pair in zip(weights, org.out_pairs, strict=True))
        / sum(weights)
        if org.out_pairs
        else 0.5
    )
    leader = org.leader
    here = leader.presence()
    leadership = here * 0.5 * (leader.persuasiveness + leader.enthusiasm) + (
        1.0 - here
    ) * 0.5
    org.faith = f.update_faith(org.faith, org.progress, trust, leadership, r.faith, on)
    model.leavers.extend(leaving)


def contracts_when_ready(model):
    """Sign a when-ready contract once its pairs' mean threshold reaches its risk."""
    for p in model.partnerships:
        c = p.spec.contract
        if (
            c.signing == "when_ready"
            and c.strength > 0
            and p.active
            and p.contract == 0
            and (c.expires_at is None or model.t < c.expires_at)
        ):
            mine = [pair.threshold for pair in model.pairs if pair.partnership is p]
            if mine and sum(mine) / len(mine) >= c.risk:
                p.sign_contract()
