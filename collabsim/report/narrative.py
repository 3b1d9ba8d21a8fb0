"""Plain-language sentences generated from the comparison and discovery tables.

Every number in a sentence is read from a table row, formatted the same way as in
the report's tables, and a confidence interval that includes zero is said to be
unsettled rather than reported as an effect.
"""

from __future__ import annotations

import pandas as pd

from collabsim.report.html import format_number

__all__ = [
    "OUTCOME_WORDS",
    "comparison_sentences",
    "discovery_sentence",
    "interval_text",
    "outcome_words",
    "ranking_sentence",
]

#: Short names for outcomes in sentences (theory §C2 state variables).
OUTCOME_WORDS: dict[str, str] = {
    "tie_trust_mean": "trust",
    "org_trust_mean": "organisation-pair trust",
    "org_confidence_mean": "confidence",
    "org_faith_mean": "faith",
    "org_risk_threshold_mean": "the risk threshold",
    "org_perception_of_progress_mean": "perceived progress",
    "conflict_mean": "conflict",
    "collaboration_rate": "the collaboration rate",
    "partnership_effectiveness": "effectiveness",
}


def outcome_words(outcome: str) -> str:
    """``org_faith_mean_final`` -> ``faith at the end``; unknown names unchanged."""
    for suffix, when in (("_final", " at the end"), ("_time_mean", " over the run")):
        if outcome.endswith(suffix):
            stem = outcome.removesuffix(suffix)
            if stem in OUTCOME_WORDS:
                return f"{OUTCOME_WORDS[stem]}{when}"
    return OUTCOME_WORDS.get(outcome, outcome.replace("_", " "))


def interval_text(low: float, high: float) -> str:
    """``95% CI 0.12 to 0.2`` with the report's number format."""
    return f"95% CI {format_number(low)} to {format_number(high)}"


def _change(row: pd.Series) -> str:
    """``raised faith at the end by 0.1 (95% CI ...; large effect, d = 1.2)``."""
    diff = float(row["difference"])
    verb = "raised" if diff > 0 else "lowered"
    effect = f"{row['effect_label']} effect, {_d_text(float(row['effect_size']))}"
    ci = interval_text(row["conf_low"], row["conf_high"])
    return (
        f"{verb} {outcome_words(str(row['outcome']))} by "
        f"{format_number(abs(diff))} ({ci}; {effect})"
    )


def _d_text(d: float) -> str:
    """``d = 1.2``; beyond +-10 (one configuration barely varies) just the bound."""
    if abs(d) >= 10:
        return "d > 10" if d > 0 else "d < -10"
    return f"d = {format_number(d, 2)}"


def _unsettled(row: pd.Series) -> str:
    ci = interval_text(row["conf_low"], row["conf_high"])
    return (
        f"made no clear difference to {outcome_words(str(row['outcome']))}: "
        f"{format_number(float(row['difference']))} ({ci}), an interval that "
        f"includes zero, so {int(row['n_pairs'])} paired seeds do not settle "
        "even the direction"
    )


#: Cohen's labels from smallest to largest (``effect_size_label``).
_EFFECT_ORDER = ("negligible", "small", "medium", "large")


def _contrast(top: pd.Series, low: pd.Series) -> str:
    """The headline's second half: the least changed outcome, set against the most.

    "but ... only" is said only when that effect is in a smaller size class than
    the first; two effects of the same class are joined as equals ("and", or "but"
    when they go in opposite directions).
    """
    if not low["excludes_zero"]:
        return f"; it {_unsettled(low)}"
    rank = {label: i for i, label in enumerate(_EFFECT_ORDER)}
    smaller = rank.get(str(low["effect_label"]), 0) < rank.get(
        str(top["effect_label"]), 0
    )
    if smaller:
        return " but " + _change(low).replace(" by ", " by only ", 1)
    opposite = (float(low["difference"]) > 0) != (float(top["difference"]) > 0)
    return (" but " if opposite else " and ") + _change(low)


def comparison_sentences(differences: pd.DataFrame) -> list[str]:
    """Sentences on each configuration's differences from the reference.

    For each configuration: one headline contrasting the most and least clearly
    changed outcomes, then one sentence per outcome.

    Args:
        differences: Table from :func:`collabsim.analysis.contrasts.paired_differences`.
    """
    sentences = []
    for name, part in differences.groupby("configuration", sort=False):
        reference = str(part["reference"].iloc[0])
        clear = part[part["excludes_zero"]]
        ordered = part.assign(size=part["effect_size"].abs()).sort_values(
            "size", ascending=False, kind="stable"
        )
        if clear.empty:
            sentences.append(
                f"Compared with {reference}, {name} made no difference to any "
                "compared outcome that the 95% intervals can tell apart from zero."
            )
        else:
            top = ordered[ordered["excludes_zero"]].iloc[0]
            low = ordered.iloc[-1]
            head = f"Compared with {reference}, {name} {_change(top)}"
            if low["outcome"] != top["outcome"]:
                head = f"{head}{_contrast(top, low)}"
            sentences.append(f"{head}.")
        for _, row in ordered.iterrows():
            body = _change(row) if row["excludes_zero"] else _unsettled(row)
            sentences.append(f"{name} {body}.")
    return sentences


def ranking_sentence(ranking: pd.DataFrame, outcome: str, factors: list[str]) -> str:
    """Which design point ranks first, and how many cannot be told apart from it."""
    if ranking.empty:
        return f"No finished runs to rank by {outcome_words(outcome)}."
    best = ranking.iloc[0]
    setting = ", ".join(f"{f} = {format_number(best[f])}" for f in factors)
    ties = int(ranking["overlaps_best"].sum()) - 1 if "overlaps_best" in ranking else 0
    ci = interval_text(best["conf_low"], best["conf_high"])
    text = (
        f"Highest mean {outcome_words(outcome).removeprefix('the ')}: {setting} "
        f"({format_number(best['mean'])}, {ci}, {int(best['n'])} replicates)."
    )
    if ties > 0:
        text += (
            f" {ties} other configuration(s) have intervals overlapping it, so the "
            "top of the ranking is not settled."
        )
    return text


def discovery_sentence(summary: dict[str, object], box: pd.DataFrame) -> str:
    """Answer "under which conditions?" from the chosen PRIM box."""
    conditions = []
    for _, row in box.iterrows():
        if row["kind"] == "categorical":
            conditions.append(f"{row['factor']} is {row['levels']}")
        else:
            conditions.append(
                f"{row['factor']} is between {format_number(row['low'])} and "
                f"{format_number(row['high'])}"
            )
    where = (
        f"where {' and '.join(conditions)}"
        if conditions
        else "nowhere in particular (the best box restricts no factor)"
    )
    return (
        f"{summary['n_cases']} of {summary['n_runs']} runs have "
        f"{summary['outcome']} {summary['direction']} "
        f"{format_number(summary['threshold'])}. They concentrate {where}: "
        f"this box holds {format_number(100 * float(str(summary['coverage'])), 3)}% "
        f"of those runs (coverage), and "
        f"{format_number(100 * float(str(summary['density'])), 3)}% of the runs "
        "inside it are such runs (density)."
    )
