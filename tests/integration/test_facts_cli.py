"""``collabsim facts`` and ``calibrate`` end to end on a tiny facts file.

Serial and process-pool runs give identical tables; a run killed part-way and
resumed gives the same ``facts.parquet`` as an uninterrupted one; the box shares
are counted from the verdicts at the box points.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from tests_paths import REPO

from collabsim.cli import main
from collabsim.results.ledger import read_sweep
from collabsim.results.manifest import read_manifest

TINY = REPO / "tests" / "data" / "facts" / "tiny.toml"

BOX = """
name = "tiny_box"
scenario = "{scenario}"
seed = 11
[design]
method = "lhs"
n_samples = 3
[[factors]]
path = "dynamics.trust.gain"
bounds = [0.05, 0.11]
[[factors]]
path = "dynamics.confidence.mandate_level"
bounds = [0.4, 0.8]
"""


def facts(out: Path, *extra: str) -> int:
    argv = ["facts", str(TINY), "--seeds", "4", "--out", str(out), "--quiet"]
    return main([*argv, *extra])


@pytest.fixture(scope="module")
def serial(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("serial") / "facts"
    assert facts(out, "--workers", "1") == 0
    return out


def test_tiny_facts_file_end_to_end(serial, capsys):
    summary = pd.read_parquet(serial / "facts.parquet")
    assert list(summary["fact"]) == ["MANDATE", "HISTORY", "POWER"]
    assert summary.set_index("fact").loc["MANDATE", "verdict"] == "holds"
    assert (summary["n"] == 4).all()
    assert (summary["box_points"] == 0).all()
    effects = pd.read_parquet(serial / "effects.parquet")
    assert set(effects["point"]) == {0}
    differences = pd.read_parquet(serial / "differences.parquet")
    assert len(differences) == 3 * 4
    page = (serial / "report.html").read_text(encoding="utf-8")
    for absent in ("<script", "http://", "https://"):
        assert absent not in page
    for present in ("MANDATE", "Emergent", "By construction"):
        assert present in page
    assert (serial / "figures" / "fact_effects.png").is_file()
    manifest = read_manifest(serial)
    assert manifest["kind"] == "facts"
    assert manifest["status"] == "ok"
    runs = read_sweep(serial)
    # seeds seed + r at the defaults, shared by every configuration
    assert sorted(set(runs["seed"])) == [7, 8, 9, 10]


def test_process_pool_equals_serial(serial, tmp_path):
    out = tmp_path / "pool"
    assert facts(out, "--workers", "2", "--chunk-size", "3") == 0
    for table in ("runs", "steps", "organisations"):
        pd.testing.assert_frame_equal(read_sweep(serial, table), read_sweep(out, table))
    pd.testing.assert_frame_equal(
        pd.read_parquet(serial / "facts.parquet"),
        pd.read_parquet(out / "facts.parquet"),
    )


def test_dask_local_cluster_equals_serial(serial, tmp_path):
    pytest.importorskip("distributed")
    out = tmp_path / "dask"
    assert facts(out, "--dask-local", "2") == 0
    pd.testing.assert_frame_equal(
        pd.read_parquet(serial / "facts.parquet"),
        pd.read_parquet(out / "facts.parquet"),
    )
    assert read_manifest(out)["sessions"][0]["executor"] == "dask"


def _kill_when_parts(command: list[str], out: Path, n_parts: int) -> None:
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if len(list((out / "runs").glob("part-*.parquet"))) >= n_parts:
            os.kill(process.pid, signal.SIGKILL)
            break
        time.sleep(0.005)
    process.wait()


def test_killed_and_resumed_gives_the_same_facts(serial, tmp_path):
    out = tmp_path / "killed"
    command = [
        sys.executable, "-m", "collabsim", "facts", str(TINY), "--seeds", "4",
        "--out", str(out), "--quiet", "--workers", "1", "--chunk-size", "1",
    ]  # fmt: skip
    _kill_when_parts(command, out, 3)
    if (out / "facts.parquet").exists():  # finished before the kill: lose parts
        for part in sorted((out / "runs").glob("part-*.parquet"))[1::2]:
            part.unlink()
        (out / "facts.parquet").unlink()
    assert len(read_sweep(out)) < len(read_sweep(serial))
    assert subprocess.run(command, check=False).returncode == 2  # needs --resume
    resumed = subprocess.run([*command, "--resume"], check=False)
    assert resumed.returncode == 0
    pd.testing.assert_frame_equal(
        pd.read_parquet(serial / "facts.parquet"),
        pd.read_parquet(out / "facts.parquet"),
    )
    assert len(read_manifest(out)["sessions"]) >= 1


def test_box_reports_shares_over_its_points(tmp_path):
    box = tmp_path / "box.toml"
    scenario = REPO / "tests" / "data" / "facts" / "tiny12.toml"
    box.write_text(BOX.format(scenario=scenario), encoding="utf-8")
    out = tmp_path / "box"
    assert facts(out, "--workers", "1", "--box", str(box)) == 0
    summary = pd.read_parquet(out / "facts.parquet").set_index("fact")
    effects = pd.read_parquet(out / "effects.parquet")
    assert set(effects["point"]) == {0, 1, 2, 3}
    assert (summary["box_points"] == 3).all()
    for fact, row in summary.iterrows():
        at_box = effects[(effects["fact"] == fact) & (effects["point"] > 0)]
        assert row["share_holds"] == (at_box["verdict"] == "holds").mean()
        assert row["share_right_sign"] == at_box["right_sign"].mean()
    points = pd.read_parquet(out / "points.parquet")
    assert list(points.columns) == [
        "point", "dynamics.trust.gain", "dynamics.confidence.mandate_level",
    ]  # fmt: skip
    runs = read_sweep(out)
    at_box = runs[runs["design_index"] > 0]
    # common seeds across configurations at a point, new seeds at each point
    assert at_box.groupby("design_index")["seed"].nunique().eq(4).all()
    assert at_box["seed"].nunique() == 3 * 4


def test_calibrate_finds_the_region_and_runs_validation_inside(tmp_path, capsys):
    pytest.importorskip("pyabc")
    box = tmp_path / "box.toml"
    scenario = REPO / "tests" / "data" / "facts" / "tiny12.toml"
    box.write_text(BOX.format(scenario=scenario), encoding="utf-8")
    out = tmp_path / "cal"
    argv = [
        "calibrate", str(TINY), "--box", str(box), "--seeds", "3", "--population",
        "4", "--generations", "2", "--workers", "1", "--out", str(out), "--quiet",
    ]  # fmt: skip
    assert main(argv) == 0
    accepted = pd.read_parquet(out / "accepted.parquet")
    assert len(accepted) == 4
    assert accepted["weight"].sum() == pytest.approx(1.0)
    assert {"dynamics.trust.gain", "distance", "all_hold"} <= set(accepted.columns)
    region = pd.read_parquet(out / "region.parquet")
    assert list(region["fact"]) == ["HISTORY", "POWER"]  # validation facts only
    assert region["share_holds"].between(0, 1).all()
    assert (out / "report.html").is_file()
    assert (out / "validation" / "facts.parquet").is_file()
    assert read_manifest(out)["kind"] == "calibration"
    assert "accepted particles" in capsys.readouterr().out
