"""Analytic checks of the whole pipeline: experiment file -> sweep -> sensitivity.

Tolerance logic: SALib's bootstrap CIs are normal intervals at the 95% level, so an
analytic value may fall outside one interval by chance in about 1 of 20 indices;
the checks therefore ask for the analytic value inside the 99% interval (the 95%
half-width scaled by z_0.995 / z_0.975 = 1.31), plus 0.01 absolute for indices
whose CI collapses to a point (an inert input's index and CI are both 0). The
seeds are fixed, so the checks are deterministic; a failure means a real change.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from collabsim.analysis.study import StudyOptions, sensitivity_study
from collabsim.cli import main
from collabsim.errors import ResultsError
from collabsim.experiment.analytic import analytic_indices
from collabsim.experiment.spec import load_experiment
from collabsim.sweep.executors import SerialBackend
from collabsim.sweep.runner import run_experiment

DATA = Path(__file__).parents[1] / "data" / "analytic"
WIDEN = 2.5758 / 1.9600  # 99% over 95% normal quantiles


def _sweep(name: str, out: Path, **changes: object) -> Path:
    spec = load_experiment(DATA / f"{name}.toml")
    if changes:
        spec = spec.model_validate({**spec.model_dump(), **changes})
    run_experiment(spec, out, backend=SerialBackend())
    return out


def _against_exact(out: Path, name: str) -> pd.DataFrame:
    spec = load_experiment(DATA / f"{name}.toml")
    assert spec.model is not None
    study = sensitivity_study(out, StudyOptions())
    exact = analytic_indices(spec.model, spec.factor_paths)
    merged = study.indices[study.indices["outcome"] == "y"].merge(
        exact.rename(columns={"estimate": "exact"}), on=["parameter", "kind"]
    )
    half = (merged["conf_high"] - merged["conf_low"]) / 2
    merged["allowed"] = WIDEN * half + 0.01
    merged["error"] = (merged["estimate"] - merged["exact"]).abs()
    return merged


@pytest.fixture(scope="module")
def ishigami(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _sweep("ishigami_sobol", tmp_path_factory.mktemp("ishigami"))


@pytest.fixture(scope="module")
def morris(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _sweep("ishigami_morris", tmp_path_factory.mktemp("morris"))


def test_ishigami_sobol_matches_analytic(ishigami: Path) -> None:
    merged = _against_exact(ishigami, "ishigami_sobol")
    assert len(merged) == 8  # S1 and ST of x1..x4
    bad = merged[merged["error"] > merged["allowed"]]
    assert bad.empty, bad.to_string()
    # the CIs are informative: x2's S1 is told apart from 0 and from x3's
    s1 = merged[merged["kind"] == "S1"].set_index("parameter")
    assert s1.loc["x2", "conf_low"] > s1.loc["x3", "conf_high"]


@pytest.mark.slow
def test_sobol_g_first_second_order_matches_analytic(tmp_path: Path) -> None:
    out = _sweep("sobol_g", tmp_path / "g")
    merged = _against_exact(out, "sobol_g")
    bad = merged[merged["error"] > merged["allowed"]]
    assert bad.empty, bad.to_string()
    # G-function interactions are small: every S2 CI covers the exact value's range
    study = sensitivity_study(out, StudyOptions())
    assert (study.indices["kind"] == "S2").sum() == 15


def test_sobol_g_small_matches_analytic(tmp_path: Path) -> None:
    out = _sweep(
        "sobol_g",
        tmp_path / "g",
        design={"method": "sobol", "n_base": 128, "second_order": False},
    )
    merged = _against_exact(out, "sobol_g")
    bad = merged[merged["error"] > merged["allowed"]]
    assert bad.empty, bad.to_string()
    order = merged[merged["kind"] == "ST"].sort_values("estimate", ascending=False)
    assert list(order["parameter"].head(2)) == ["x1", "x2"]


def test_morris_ranks_inert_inputs_last(morris: Path) -> None:
    study = sensitivity_study(morris, StudyOptions())
    mu_star = study.indices[study.indices["kind"] == "mu_star"]
    ranked = list(mu_star.sort_values("estimate", ascending=False)["parameter"])
    assert set(ranked[-3:]) == {"x4", "x5", "x6"}


def test_seed_noise_share(morris: Path, ishigami: Path, tmp_path: Path) -> None:
    noisy = sensitivity_study(morris, StudyOptions()).spread.iloc[0]
    # within-point variance estimates the noise variance (sd 2 -> 4)
    assert noisy["within_var"] == pytest.approx(4.0, rel=0.2)
    assert noisy["seed_noise_share"] > 0.05
    clean = _sweep(
        "ishigami_morris",
        tmp_path / "clean",
        model={"name": "ishigami", "noise": 0.0},
        design={"method": "morris", "trajectories": 6, "num_levels": 4},
    )
    share = sensitivity_study(clean, StudyOptions()).spread.iloc[0]
    assert share["seed_noise_share"] == pytest.approx(0.0, abs=1e-12)
    # one replicate: the share is not estimable, and the study says so
    single = sensitivity_study(ishigami, StudyOptions())
    assert np.isnan(single.spread["seed_noise_share"].iloc[0])
    assert "no_replicates" in set(single.flags["flag"])


def test_convergence_flags_fire_on_tiny_sample(tmp_path: Path) -> None:
    with pytest.warns(UserWarning, match="not a power of two"):
        out = _sweep(
            "ishigami_sobol",
            tmp_path / "tiny",
            design={"method": "sobol", "n_base": 24},
        )
    study = sensitivity_study(out, StudyOptions())
    flags = set(study.flags["flag"])
    assert "small_sample" in flags
    assert flags & {"ci_moving", "negative", "sum_s1"}
    assert any("power of two" in note for note in study.notes)
    needed = study.needed.iloc[0]
    assert needed["runs_needed"] > needed["runs"]
    assert set(study.convergence["blocks"]) == {24 // 2, 24}  # nested: 12, 24


def test_time_resolved_indices_follow_the_growing_term(morris: Path) -> None:
    study = sensitivity_study(
        morris, StudyOptions(metric="y", windows=0, outcomes=["y"])
    )
    assert study.time_resolved is not None
    x2 = study.time_resolved[
        (study.time_resolved["parameter"] == "x2")
        & (study.time_resolved["kind"] == "mu_star")
    ].sort_values("window")
    assert len(x2) == 11  # steps 0..10
    # a_t = a t / n_steps: x2 acts only through noise at step 0, strongly at the end
    assert x2["estimate"].iloc[-1] > 2.5 * x2["estimate"].iloc[0]
    windows = sensitivity_study(morris, StudyOptions(metric="y", windows=3))
    assert windows.time_resolved is not None
    assert windows.time_resolved["window"].nunique() == 3


def test_cli_writes_tables_and_figures(
    morris: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["sensitivity", str(morris), "--metric", "y", "--windows", "3"])
    assert code == 0
    indices = pd.read_parquet(morris / "indices.parquet")
    assert list(indices.columns) == [
        "outcome",
        "parameter",
        "kind",
        "estimate",
        "conf_low",
        "conf_high",
    ]
    assert (morris / "indices.csv").is_file()
    summary = json.loads((morris / "sensitivity.json").read_text())
    assert summary["method"] == "morris"
    assert summary["seed_noise"][0]["outcome"] == "y"
    figures = {p.name for p in (morris / "figures").iterdir()}
    assert {
        "morris_mu_star_sigma.png",
        "convergence.png",
        "time_resolved.png",
    } <= figures
    assert "seed-noise share" in capsys.readouterr().out


def test_errors_are_clear(morris: Path, ishigami: Path, tmp_path: Path) -> None:
    with pytest.raises(ResultsError, match="not a results folder"):
        sensitivity_study(tmp_path, StudyOptions())
    with pytest.raises(ResultsError, match="methods that fit: morris"):
        sensitivity_study(morris, StudyOptions(method="sobol"))
    with pytest.raises(ResultsError, match="did you mean 'y_final'"):
        sensitivity_study(ishigami, StudyOptions(outcomes=["y_fnal"]))
    given = sensitivity_study(ishigami, StudyOptions(method="rbd-fast"))
    assert set(given.indices["kind"]) == {"S1"}


@pytest.mark.slow
def test_delta_and_pawn_on_a_sobol_sample(ishigami: Path) -> None:
    delta = sensitivity_study(ishigami, StudyOptions(method="delta", outcomes=["y"]))
    assert {"delta", "S1"} <= set(delta.indices["kind"])
    pawn = sensitivity_study(ishigami, StudyOptions(method="pawn", outcomes=["y"]))
    assert "pawn_median" in set(pawn.indices["kind"])


def test_failed_runs_need_drop_failed(tmp_path: Path) -> None:
    out = _sweep(
        "ishigami_sobol", tmp_path / "f", design={"method": "sobol", "n_base": 32}
    )
    runs = sorted((out / "runs").glob("part-*.parquet"))[0]
    table = pd.read_parquet(runs)
    table.loc[table.index[:3], "status"] = "failed"
    table.to_parquet(runs, index=False)
    with pytest.raises(ResultsError, match=r"3 of 192 runs failed.*--drop-failed"):
        sensitivity_study(out, StudyOptions())
    study = sensitivity_study(out, StudyOptions(drop_failed=True))
    assert any("left out" in note for note in study.notes)
