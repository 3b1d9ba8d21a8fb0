"""Sweeps: executors agree, failures are rows, resume equals a clean run.

Sweeps with the default runner run on the batched engine (the experiment below has a
factor that is a run value and one that changes the scenario's structure, so its
chunks hold batches of both kinds); every comparison here is with that engine, and
``test_batched_and_per_run_sweeps_give_identical_tables`` compares it with the
per-run engine.
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
from sweep_runners import crashing_runner, failing_runner, per_run_runner

from collabsim.errors import ExperimentError, ResultsError
from collabsim.experiment.spec import load_experiment
from collabsim.results.ledger import query_sweep, read_sweep, sweep_dataset
from collabsim.results.manifest import read_manifest
from collabsim.scenario.scenario import load_scenario
from collabsim.sweep.batches import execute_chunk
from collabsim.sweep.chunks import ChunkJob, Keep, RunTask, execute_runs
from collabsim.sweep.executors import DaskBackend, ProcessBackend, SerialBackend
from collabsim.sweep.runner import SweepOptions, resume_sweep, run_experiment

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny.toml"

EXPERIMENT = """
name = "tiny_sweep"
scenario = "tiny5.toml"
seed = 3
replicates = 2
outcomes = ["collaboration_rate_final", "tie_trust_mean_final"]

[design]
method = "factorial"

[[factors]]
path = "dynamics.trust.gain"
levels = [0.05, 0.3, 0.1, 0.2, 0.15, 0.4]

[[factors]]
path = "partnerships.*.governance"
levels = ["voluntary", "mandated"]

[steps]
every = 2
metrics = ["tie_trust_mean", "collaboration_rate"]
"""


def make_experiment(folder: Path, text: str = EXPERIMENT) -> Path:
    """Write a 24-run experiment over a 5-step copy of the tiny scenario."""
    folder.mkdir(parents=True, exist_ok=True)
    tiny = TINY.read_text(encoding="utf-8").replace("n_steps = 20", "n_steps = 5")
    (folder / "tiny5.toml").write_text(tiny, encoding="utf-8")
    path = folder / "experiment.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def experiment(tmp_path_factory):
    return load_experiment(make_experiment(tmp_path_factory.mktemp("exp")))


@pytest.fixture(scope="module")
def clean(experiment, tmp_path_factory):
    """An uninterrupted serial sweep: the reference every other result must equal."""
    out = tmp_path_factory.mktemp("clean") / "sweep"
    opts = SweepOptions(chunk_size=5)
    run_experiment(experiment, out, backend=SerialBackend(), options=opts)
    return out


def assert_same_tables(first: Path, second: Path) -> None:
    for table in ("runs", "steps"):
        pd.testing.assert_frame_equal(
            read_sweep(first, table), read_sweep(second, table)
        )


def test_clean_sweep_has_every_run_and_the_tidy_columns(clean, experiment):
    runs = read_sweep(clean)
    assert len(runs) == 24
    assert (runs["status"] == "ok").all()
    assert list(runs.columns) == [
        "run_id", "design_index", "replicate", "seed", "status", "error",
        "dynamics.trust.gain", "partnerships.*.governance",
        "collaboration_rate_final", "tie_trust_mean_final",
    ]  # fmt: skip
    steps = read_sweep(clean, "steps")
    assert list(steps.columns) == [
        "run_id",
        "step",
        "tie_trust_mean",
        "collaboration_rate",
    ]
    assert sorted(steps["step"].unique()) == [0, 2, 4]
    manifest = read_manifest(clean)
    assert manifest["status"] == "ok"
    assert manifest["runs"] == {"planned": 24, "completed": 24, "ok": 24, "failed": 0}
    assert manifest["design"]["design_points"] == 12
    assert manifest["sessions"][0]["executor"] == "serial"
    engine = manifest["sessions"][0]["run_engine"]
    assert engine["batched"] is True
    assert "partnerships.*.governance" in engine["reason"]


def test_batched_and_per_run_sweeps_give_identical_tables(clean, experiment, tmp_path):
    opts = SweepOptions(chunk_size=5, runner=per_run_runner)
    out = tmp_path / "per_run"
    run_experiment(experiment, out, backend=SerialBackend(), options=opts)
    assert read_manifest(out)["sessions"][0]["run_engine"]["batched"] is False
    assert_same_tables(clean, out)


def test_a_batched_chunk_keeps_its_tasks_order(experiment):
    """Tasks whose structural factor alternates run in two batches; the chunk's rows
    and tables come out in task order, exactly as run by run."""
    base = load_scenario(experiment.scenario, {"n_steps": 4})
    tasks = tuple(
        RunTask(
            f"r{i}",
            seed=i,
            overrides={
                "dynamics.trust.gain": 0.05 + 0.01 * i,
                "partnerships.*.governance": ("voluntary", "mandated")[i % 2],
            },
        )
        for i in range(5)
    )
    keep = Keep(outcomes=("tie_trust_mean_final",), tables=("events",))
    job = ChunkJob(base, tasks, keep)
    batched, alone = execute_chunk(job), execute_runs(job)
    assert batched.rows == alone.rows
    assert batched.frames.keys() == alone.frames.keys()
    for name, frame in alone.frames.items():
        pd.testing.assert_frame_equal(batched.frames[name], frame, check_exact=True)


def test_process_pool_equals_serial(clean, experiment, tmp_path):
    opts = SweepOptions(chunk_size=3)
    with ProcessBackend(2) as pool:
        run_experiment(experiment, tmp_path / "pool", backend=pool, options=opts)
    assert_same_tables(clean, tmp_path / "pool")
    assert read_manifest(tmp_path / "pool")["sessions"][0]["workers"] == 2


def test_dask_local_cluster_equals_serial(clean, experiment, tmp_path):
    opts = SweepOptions(chunk_size=3)
    with DaskBackend(n_workers=2) as dask:
        run_experiment(experiment, tmp_path / "dask", backend=dask, options=opts)
    assert_same_tables(clean, tmp_path / "dask")
    assert read_manifest(tmp_path / "dask")["sessions"][0]["executor"] == "dask"


def test_failed_runs_are_rows_and_the_sweep_goes_on(clean, experiment, tmp_path):
    opts = SweepOptions(chunk_size=4, runner=failing_runner)
    summary = run_experiment(
        experiment, tmp_path / "f", backend=SerialBackend(), options=opts
    )
    runs = read_sweep(tmp_path / "f")
    failed = runs["dynamics.trust.gain"] > 0.25
    assert summary.failed == int(failed.sum()) == 8
    assert (runs.loc[failed, "status"] == "failed").all()
    assert (
        runs.loc[failed, "error"]
        .str.startswith("RuntimeError: deliberate failure")
        .all()
    )
    assert runs.loc[failed, "collaboration_rate_final"].isna().all()
    reference = read_sweep(clean)
    pd.testing.assert_frame_equal(runs[~failed], reference[~failed])
    assert read_manifest(tmp_path / "f")["status"] == "failed"
    steps = read_sweep(tmp_path / "f", "steps")
    assert set(steps["run_id"]) == set(runs.loc[~failed, "run_id"])


def test_resume_after_lost_parts_equals_clean_run(clean, experiment, tmp_path):
    out = tmp_path / "partial"
    opts = SweepOptions(chunk_size=5)
    run_experiment(experiment, out, backend=SerialBackend(), options=opts)
    # simulate a kill: two chunks never committed, one half-written, one orphan part
    for part in ("part-000001.parquet", "part-000003.parquet"):
        (out / "runs" / part).unlink()
    (out / "runs" / ".part-000005.parquet.partial").write_bytes(b"PAR1 truncated")
    (out / "runs" / "part-000004.parquet").unlink()
    summary = run_experiment(
        experiment, out, backend=SerialBackend(), options=opts, resume=True
    )
    assert summary.session_runs == 5 + 5 + 4  # parts 1, 3 and 4 (the last)
    assert not list(out.rglob("*.partial"))
    assert_same_tables(clean, out)
    manifest = read_manifest(out)
    assert [s["runs"] for s in manifest["sessions"]] == [24, 14]


def test_resume_with_changed_experiment_is_refused(experiment, tmp_path):
    path = make_experiment(tmp_path / "exp")
    out = tmp_path / "sweep"
    spec = load_experiment(path)
    run_experiment(
        spec, out, backend=SerialBackend(), options=SweepOptions(chunk_size=8)
    )
    path.write_text(EXPERIMENT.replace("seed = 3", "seed = 4"), encoding="utf-8")
    with pytest.raises(ExperimentError, match="changed since this sweep started"):
        run_experiment(load_experiment(path), out, backend=SerialBackend(), resume=True)
    with pytest.raises(ExperimentError, match="changed since this sweep started"):
        resume_sweep(out, backend=SerialBackend())


def test_existing_folder_needs_resume(clean, experiment):
    with pytest.raises(ResultsError, match="pass --resume"):
        run_experiment(experiment, clean, backend=SerialBackend())


def test_unknown_outcome_is_refused_before_any_run(tmp_path):
    text = EXPERIMENT.replace('"tie_trust_mean_final"', '"tie_trust_maen_final"')
    spec = load_experiment(make_experiment(tmp_path / "exp", text))
    with pytest.raises(ExperimentError, match="did you mean 'tie_trust_mean_final'"):
        run_experiment(spec, tmp_path / "out", backend=SerialBackend())
    assert not (tmp_path / "out" / "runs").exists()


def test_large_results_are_readable_without_pandas_load(clean):
    dataset = sweep_dataset(clean, "steps")
    assert dataset.count_rows() == 24 * 3
    counts = query_sweep(
        clean, "SELECT status, count(*) AS n FROM runs GROUP BY status"
    )
    assert counts.to_dict(orient="records") == [{"status": "ok", "n": 24}]


def sweep_command(experiment_path: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "collabsim", "sweep", str(experiment_path),
        "--out", str(out), "--chunk-size", "2", "--quiet", *extra,
    ]  # fmt: skip


def kill_when_parts(command: list[str], out: Path, n_parts: int) -> None:
    """Start ``command``; SIGKILL it once ``n_parts`` runs parts exist (or it ends)."""
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    process = subprocess.Popen(command, **quiet)
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if len(list((out / "runs").glob("part-*.parquet"))) >= n_parts:
            os.kill(process.pid, signal.SIGKILL)
            break
        time.sleep(0.01)
    process.wait()


def test_sigkilled_sweep_resumes_to_the_clean_result(clean, experiment, tmp_path):
    out = tmp_path / "killed"
    kill_when_parts(sweep_command(experiment.source, out, "--workers", "1"), out, 3)
    done = len(read_sweep(out)) if (out / "runs").exists() else 0
    assert done < 24, "the sweep finished before it could be killed"
    command = [sys.executable, "-m", "collabsim", "resume", str(out), "--quiet"]
    resumed = subprocess.run(
        [*command, "--workers", "1"], capture_output=True, text=True, check=False
    )
    assert resumed.returncode == 0, resumed.stderr
    assert_same_tables(clean, out)


@pytest.mark.slow
def test_repeated_random_kills_of_a_process_pool_sweep(clean, experiment, tmp_path):
    import random

    rng = random.Random(20260115)
    out = tmp_path / "killed"
    for _ in range(4):
        command = sweep_command(experiment.source, out, "--workers", "2", "--resume")
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        time.sleep(rng.uniform(2.0, 6.0))  # worker start-up takes seconds
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    run_experiment(experiment, out, backend=SerialBackend(), resume=True)
    assert_same_tables(clean, out)


@pytest.mark.slow
def test_a_run_that_kills_its_worker_is_retried_then_failed(
    clean, experiment, tmp_path
):
    opts = SweepOptions(chunk_size=4, runner=crashing_runner)
    with ProcessBackend(2) as pool:
        summary = run_experiment(
            experiment, tmp_path / "crash", backend=pool, options=opts
        )
    runs = read_sweep(tmp_path / "crash")
    crashed = runs["dynamics.trust.gain"] > 0.35
    assert summary.failed == int(crashed.sum()) == 4
    assert runs.loc[crashed, "error"].str.startswith("WorkerCrash").all()
    pd.testing.assert_frame_equal(runs[~crashed], read_sweep(clean)[~crashed])


@pytest.mark.slow
def test_dask_worker_crash_is_retried_then_failed(clean, experiment, tmp_path):
    import dask
    import distributed  # noqa: F401 - load its config defaults before overriding one

    opts = SweepOptions(chunk_size=4, runner=crashing_runner)
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        DaskBackend(n_workers=2) as cluster,
    ):
        summary = run_experiment(
            experiment, tmp_path / "crash", backend=cluster, options=opts
        )
    runs = read_sweep(tmp_path / "crash")
    crashed = runs["dynamics.trust.gain"] > 0.35
    assert summary.failed == int(crashed.sum()) == 4
    assert runs.loc[crashed, "error"].str.startswith("WorkerCrash").all()
    pd.testing.assert_frame_equal(runs[~crashed], read_sweep(clean)[~crashed])


@pytest.mark.slow
def test_real_dask_scheduler_and_workers_as_processes(clean, experiment, tmp_path):
    dask_cli = Path(sys.executable).with_name("dask")
    scheduler_file = tmp_path / "scheduler.json"
    scheduler = subprocess.Popen(
        [str(dask_cli), "scheduler", "--host", "127.0.0.1", "--port", "0",
         "--no-dashboard", "--scheduler-file", str(scheduler_file)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    worker = None
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        import json

        address = json.loads(scheduler_file.read_text())["address"]
        worker = subprocess.Popen(
            [str(dask_cli), "worker", address, "--nworkers", "2", "--nthreads", "1",
             "--no-dashboard"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        with DaskBackend(address=address) as cluster:
            cluster.wait_for_workers(2, timeout=60)
            opts = SweepOptions(chunk_size=3)
            run_experiment(
                experiment, tmp_path / "remote", backend=cluster, options=opts
            )
        assert_same_tables(clean, tmp_path / "remote")
    finally:
        for process in (worker, scheduler):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
