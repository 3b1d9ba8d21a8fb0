"""Phase 4: conflict episodes, joint failures and competition; resolution style.

Episodes are counted over the step's ``ceil(dt)`` sub-intervals, at most one in
each; the step's new conflict arrives, on average, in its middle.
"""

from __future__ import annotations

import math

from benchmarks.reference import formulas as f
from collabsim.scenario.parts import ResolutionStyle


def run(model):
    """Update conflict on every directed pair; keep its repair and damage for the ties.

    Each destructively handled episode also costs the source organisation faith and
    perceived progress.
    """
    r, on, rnd = model.rates.conflict, model.on, model.random
    parts = max(1, math.ceil(model.dt))
    destroyed = {}
    for pair in model.pairs:
        p, back = pair.partnership, pair.reverse
        vision, _ = pair.vision_and_clarity(model)
        expected, severity, per_failure = f.conflict_pressure(
            pair.culture_gap,
            pair.a.competing(),
            pair.asymmetry,
            pair.a.progress,
            vision,
            pair.accountability(),
            r,
            on,
        )
        chance = f.clip(expected / parts) if pair.active else 0.0
        pair.episodes = sum(rnd.random() < chance for _ in range(parts))
        added = (
            pair.episodes * severity
            + (pair.n_failure + back.n_failure) * per_failure
            + on("competitive_acts_breed_conflict")
            * r.competitive_act
            * back.n_competitive
        )
        constructive = float(
            p is not None and p.spec.resolution_style is ResolutionStyle.CONSTRUCTIVE
        )
        pair.conflict, pair.repair, pair.damage = f.resolve_conflict(
            pair.conflict, added, pair.episodes, constructive, r, on
        )
        obligated = p is not None and (p.contract > 0 or p.mandate > 0)
        pair.breaches = back.n_competitive if obligated else 0
        if pair.damage > 0:
            destroyed[pair.a] = destroyed.get(pair.a, 0) + pair.episodes
    loss = model.rates.faith.destructive_loss * on("resolution_style_decides_recovery")
    for org, n in destroyed.items():
        org.faith = f.clip(org.faith - loss * n)
        org.progress = f.clip(org.progress - loss * n)
