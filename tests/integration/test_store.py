"""Tidy tables, Parquet round trips, manifests and the all-or-nothing output folder."""

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from collabsim.errors import ResultsError
from collabsim.model.run import run_scenario
from collabsim.results.files import atomic_output, read_table, write_table, write_tables
from collabsim.results.manifest import (
    MANIFEST,
    build_manifest,
    file_sha256,
    provenance,
    read_manifest,
    scenario_record,
    utc_now,
    write_manifest,
)
from collabsim.results.tables import FailedRun, results_tables
from collabsim.scenario.params import parameter_table
from collabsim.scenario.scenario import load_scenario

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "voluntary_baseline.toml"


@pytest.fixture(scope="module")
def spec():
    return load_scenario(SCENARIO, overrides={"n_steps": 4})


@pytest.fixture(scope="module")
def tables(spec):
    results = [run_scenario(spec, seed=s, run_id=f"run-{s}") for s in (1, 2)]
    failed = FailedRun.from_exception("run-3", 3, RuntimeError("boom"))
    return results_tables(spec, [*results, failed])


def test_runs_table_has_one_row_per_run_with_parameters_and_outcomes(spec, tables):
    runs = tables["runs"]
    assert runs["run_id"].tolist() == ["run-1", "run-2", "run-3"]
    assert list(runs.columns[:4]) == ["run_id", "seed", "status", "error"]
    assert runs["status"].tolist() == ["ok", "ok", "failed"]
    assert runs.loc[2, "error"] == "RuntimeError: boom"  # as the sweep records it
    paths = [row.path for row in parameter_table(spec)]
    assert set(paths) <= set(runs.columns)
    assert runs.loc[0, "partnerships.0.governance"] == "voluntary"
    assert runs.loc[0, "n_steps"] == 4
    assert "tie_trust_mean_final" in runs.columns
    assert runs.loc[:1, "tie_trust_mean_final"].notna().all()
    assert pd.isna(runs.loc[2, "tie_trust_mean_final"])


def test_per_run_tables_are_concatenated_and_keyed_by_run_id(tables):
    assert set(tables) == {"runs", "steps", "organisations", "ties", "events"}
    steps = tables["steps"]
    assert list(steps.columns[:2]) == ["run_id", "step"]
    assert steps.groupby("run_id").size().to_dict() == {"run-1": 5, "run-2": 5}
    orgs = tables["organisations"]
    assert set(orgs["organisation"]) == {
        "acute_trust",
        "community_trust",
        "mental_health_trust",
        "gp_federation",
    }
    assert {"source", "target", "trust"} <= set(tables["ties"].columns)


def test_duplicate_run_ids_are_refused(spec):
    result = run_scenario(spec, seed=1, run_id="same")
    with pytest.raises(ResultsError, match="duplicate run_id"):
        results_tables(spec, [result, result])


def test_parquet_is_readable_by_pandas_and_pyarrow(tmp_path, tables):
    paths = write_tables(tables, tmp_path)
    assert sorted(p.name for p in paths) == sorted(f"{n}.parquet" for n in tables)
    for name, frame in tables.items():
        path = tmp_path / f"{name}.parquet"
        by_pandas = pd.read_parquet(path)
        by_arrow = pq.read_table(path)
        assert by_arrow.num_rows == len(frame)
        assert list(by_pandas.columns) == list(frame.columns)
        assert "__index_level_0__" not in by_arrow.column_names
    steps = read_table(tmp_path, "steps")
    pd.testing.assert_frame_equal(steps, tables["steps"], check_dtype=False)
    assert not list(tmp_path.glob(".*partial"))


def test_read_table_accepts_a_folder_of_parts(tmp_path, tables):
    steps = tables["steps"]
    for i, (_, part) in enumerate(steps.groupby("run_id")):
        write_table(part, tmp_path / "steps" / f"part-{i:06d}.parquet")
    assert len(read_table(tmp_path, "steps")) == len(steps)
    with pytest.raises(ResultsError, match="no 'ties' table"):
        read_table(tmp_path, "ties")


def test_manifest_records_provenance(tmp_path, spec, tables):
    started = utc_now()
    manifest = build_manifest(
        "run",
        tables["runs"],
        command=["collabsim", "run", str(SCENARIO)],
        started_at=started,
        planned=3,
        extra={"scenario": scenario_record(SCENARIO, spec), "seeds": [1, 2, 3]},
    )
    write_manifest(tmp_path, manifest)
    stored = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))
    assert stored == read_manifest(tmp_path)
    assert stored["status"] == "failed"
    assert stored["runs"] == {"planned": 3, "completed": 3, "ok": 2, "failed": 1}
    assert stored["started_at"].endswith("+00:00")
    assert stored["finished_at"] >= stored["started_at"]
    assert stored["scenario"]["sha256"] == file_sha256(SCENARIO)
    assert stored["scenario"]["resolved"]["n_steps"] == 4
    versions = stored["provenance"]["versions"]
    for package in ("collabsim", "mesa", "numpy", "SALib", "pandas", "pyarrow"):
        assert versions[package], package
    assert versions["python"].count(".") == 2
    assert {"platform", "host", "git"} <= set(stored["provenance"])
    assert set(stored["provenance"]["git"]) == {"commit", "dirty"}


def test_manifest_status_ok_and_incomplete(tables):
    ok_runs = tables["runs"].iloc[:2]
    done = build_manifest(
        "run", ok_runs, command=[], started_at=utc_now(), planned=2, extra={}
    )
    assert done["status"] == "ok"
    partial = build_manifest(
        "run", ok_runs, command=[], started_at=utc_now(), planned=5, extra={}
    )
    assert partial["status"] == "incomplete"


def test_provenance_is_json_serialisable():
    assert json.loads(json.dumps(provenance()))["versions"]["pyarrow"]


def test_read_manifest_of_a_plain_folder_fails(tmp_path):
    with pytest.raises(ResultsError, match="not a results folder"):
        read_manifest(tmp_path)


def test_atomic_output_moves_into_place_only_on_success(tmp_path):
    out = tmp_path / "results"
    with atomic_output(out) as staging:
        assert not out.exists()
        (staging / "a.txt").write_text("new", encoding="utf-8")
    assert (out / "a.txt").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results"]


def test_atomic_output_refuses_a_non_empty_folder(tmp_path):
    out = tmp_path / "results"
    out.mkdir()
    (out / "keep.txt").write_text("old", encoding="utf-8")
    with pytest.raises(ResultsError, match="--overwrite"), atomic_output(out):
        pytest.fail("the body must not run")
    assert (out / "keep.txt").read_text(encoding="utf-8") == "old"


def test_atomic_output_leaves_old_results_on_failure(tmp_path):
    out = tmp_path / "results"
    out.mkdir()
    (out / "keep.txt").write_text("old", encoding="utf-8")

    def write_half_then_fail():
        with atomic_output(out, overwrite=True) as staging:
            (staging / "half.txt").write_text("half", encoding="utf-8")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_half_then_fail()
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results"]


def test_atomic_output_overwrite_replaces_everything(tmp_path):
    out = tmp_path / "results"
    out.mkdir()
    (out / "stale.txt").write_text("old", encoding="utf-8")
    with atomic_output(out, overwrite=True) as staging:
        (staging / "fresh.txt").write_text("new", encoding="utf-8")
    assert [p.name for p in out.iterdir()] == ["fresh.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results"]


def test_atomic_output_accepts_an_empty_folder_and_refuses_a_file(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    with atomic_output(empty) as staging:
        (staging / "x.txt").write_text("x", encoding="utf-8")
    assert (empty / "x.txt").exists()
    file = tmp_path / "file"
    file.write_text("", encoding="utf-8")
    with pytest.raises(ResultsError, match="not a folder"), atomic_output(file):
        pytest.fail("the body must not run")
