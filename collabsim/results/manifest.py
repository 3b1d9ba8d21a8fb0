"""Provenance manifests: what ran, from which inputs, with which software, when."""

from __future__ import annotations

import hashlib
import json
import platform
import shutil
import socket
import subprocess
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from enum import Enum
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from collabsim.errors import ResultsError
from collabsim.rules.engine import engine_name
from collabsim.scenario.scenario import Scenario

__all__ = [
    "MANIFEST",
    "build_manifest",
    "file_sha256",
    "provenance",
    "read_manifest",
    "scenario_record",
    "utc_now",
    "write_manifest",
]


#: Name of the provenance file written beside the tables.
MANIFEST = "manifest.json"


#: Distributions whose versions are recorded in every manifest.
_CORE = ("collabsim", "mesa", "numpy", "pandas", "pyarrow", "SALib", "scipy")


_PACKAGES = (*_CORE, "networkx", "pydantic", "matplotlib", "seaborn", "numba")


def file_sha256(path: Path | str) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def scenario_record(path: Path | str | None, spec: Scenario) -> dict[str, Any]:
    """Return the manifest's scenario entry: file, its SHA-256, resolved content."""
    record: dict[str, Any] = {"file": None, "sha256": None}
    if path is not None:
        record = {"file": str(path), "sha256": file_sha256(path)}
    return {**record, "name": spec.name, "resolved": spec.model_dump(mode="json")}


def utc_now() -> str:
    """Return the current UTC time in ISO 8601, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _git(*args: str) -> str | None:
    git = shutil.which("git")
    if git is None:
        return None
    command = [git, "-C", str(Path(__file__).resolve().parent), *args]
    try:
        # fixed argument list, no shell: only this package's own repository is read
        done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip()


def _git_state() -> dict[str, Any]:
    """Return ``{"commit", "dirty"}`` of the collabsim source tree (None if unknown)."""
    commit = _git("rev-parse", "HEAD")
    if not commit:
        return {"commit": None, "dirty": None}
    status = _git("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "dirty": None if status is None else bool(status)}


def provenance() -> dict[str, Any]:
    """Return what produced a result: package versions, Python, platform, host, git.

    Versions come from ``importlib.metadata``; ``None`` marks an absent package.
    ``engine``: ``numba`` or ``numpy`` (:mod:`collabsim.rules.engine`; same
    trajectories).
    """
    versions = {package: _version(package) for package in _PACKAGES}
    return {
        "engine": engine_name(),
        "versions": {**versions, "python": platform.python_version()},
        "python_implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "host": socket.gethostname(),
        "git": _git_state(),
    }


def build_manifest(
    kind: str,
    runs: pd.DataFrame,
    *,
    command: Sequence[str],
    started_at: str,
    planned: int,
    extra: Mapping[str, Any],
) -> dict[str, Any]:
    """Assemble a manifest: what ran, how it went, and provenance.

    Args:
        kind: What produced the folder, e.g. ``"run"`` or ``"sweep"``.
        runs: The ``runs`` table (for counts and status).
        command: The command line, e.g. ``sys.argv``.
        started_at: UTC start time from :func:`utc_now`.
        planned: Number of runs planned.
        extra: Further sections, e.g. ``{"scenario": scenario_record(...)}``.

    Returns:
        A JSON-serialisable dict; ``status`` is "ok", "failed" or "incomplete".
    """
    ok = int((runs["status"] == "ok").sum()) if len(runs) else 0
    counts = {"completed": len(runs), "ok": ok, "failed": len(runs) - ok}
    status = "failed" if counts["failed"] else "ok"
    status = "incomplete" if status == "ok" and len(runs) < planned else status
    return {
        "kind": kind,
        "status": status,
        "command": list(command),
        "started_at": started_at,
        "finished_at": utc_now(),
        "runs": {"planned": planned, **counts},
        **extra,
        "provenance": provenance(),
    }


def _json_default(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "item"):
        return value.item()  # numpy scalars
    msg = f"cannot store {type(value).__name__} in a manifest"
    raise TypeError(msg)


def write_manifest(directory: Path | str, manifest: Mapping[str, Any]) -> Path:
    """Write ``manifest.json`` into ``directory``; return its path."""
    path = Path(directory) / MANIFEST
    text = json.dumps(manifest, indent=2, default=_json_default, allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def read_manifest(directory: Path | str) -> dict[str, Any]:
    """Read ``manifest.json`` from a results folder; ResultsError if missing or bad."""
    path = Path(directory) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        msg = f"{directory}: not a results folder (no {MANIFEST})"
        raise ResultsError(msg) from exc
    except (OSError, json.JSONDecodeError) as exc:
        msg = f"{path}: unreadable manifest ({exc})"
        raise ResultsError(msg) from exc
    if not isinstance(data, dict):
        raise ResultsError(f"{path}: manifest is not a JSON object")
    return data
