"""D'Amour indicator scores per partnership, computed from model state.

Ten metrics read these scores every step, so they are computed once per step and
cached on the observer.

References:
    theory.md §C6 D'Amour cross-walk; P2-D (10 indicators).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from collabsim.scenario.fields import FloatArray
from collabsim.rules.comb import DAMOUR_INDICATORS, DAMOUR_LABELS, damour_level

if TYPE_CHECKING:
    from collabsim.model.collaboration import CollaborationModel
    from collabsim.model.observe import Observer

__all__ = ["damour_scores", "damour_table"]


def damour_scores(model: CollaborationModel) -> dict[str, FloatArray]:
    """Indicator scores in [0, 1] per partnership (theory §C6 D'Amour cross-walk).

    Computed once per step and cached on the observer (ten metrics read it).
    """
    observer: Observer | None = getattr(model, "observer", None)
    cached = observer.damour_cache if observer is not None else None
    if cached is not None and cached[0] == model.t:
        return cached[1]
    scores = _damour_scores(model)
    if observer is not None:
        observer.damour_cache = (model.t, scores)
    return scores


def _damour_scores(model: CollaborationModel) -> dict[str, FloatArray]:
    state, pairs, ties = model.partnerships_state, model.pairs, model.ties
    specs = state.specs
    k = len(specs)
    idx = np.where(pairs.partnership < 0, k, pairs.partnership)
    n = k + 1
    norm = np.bincount(idx, minlength=n)

    def by_partnership(values: FloatArray) -> FloatArray:
        total = np.bincount(idx, weights=values, minlength=n)
        return np.divide(total, norm, out=np.zeros(n), where=norm > 0)[:k]

    membership = state.membership(model.orgs.ids)
    vision = (
        state.lever("shared_vision")[:k]
        + model.spec.dynamics.coproduction.vision_weight * state.agreement[:k]
    )
    consensual = (state.voluntary()[:k] > 0) | (state.alignment[:k] >= 0.5)
    clarity = state.nested("contract", "role_clarity")[:k]
    return {
        "goals": vision,
        "client_orientation": 1 - membership @ model.orgs.competition,
        "acquaintanceship": by_partnership(ties.pair_mean(ties.acquaintance)),
        "trust": by_partnership(pairs.trust),
        "centrality": state.central_figure[:k].copy(),
        "leadership": state.nested("leadership", "distributed")[:k],
        "innovation_support": state.lever("innovation_support")[:k],
        "connectivity": state.lever("connectivity")[:k],
        "formalisation": (state.contract[:k] > 0)
        * np.where(consensual, 1.0, 0.5)
        * (0.5 + 0.5 * clarity),
        "information_exchange": state.lever("info_exchange")[:k],
    }


def damour_table(model: CollaborationModel) -> pd.DataFrame:
    """Tidy D'Amour table: partnership, indicator, score, level (1-3), label."""
    scores = damour_scores(model)
    rows = []
    for name in DAMOUR_INDICATORS:
        for pid, score in zip(model.partnerships_state.ids, scores[name], strict=True):
            level = int(damour_level(np.array([score]))[0])
            rows.append((pid, name, float(score), level, DAMOUR_LABELS[level]))
    return pd.DataFrame(
        rows, columns=["partnership", "indicator", "score", "level", "label"]
    )
