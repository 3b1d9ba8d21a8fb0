"""The provenance section shared by every report: what ran, when, with what."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pandas as pd

from collabsim.report.html import Section, paragraph, table_html

__all__ = ["provenance_section"]


def _rows(manifest: Mapping[str, Any]) -> list[tuple[str, str]]:
    prov = manifest.get("provenance", {})
    git = prov.get("git", {}) or {}
    runs = manifest.get("runs", {}) or {}
    rows = [
        ("Kind", manifest.get("kind")),
        ("Status", manifest.get("status")),
        ("Command", " ".join(manifest.get("command", []))),
        ("Started (UTC)", manifest.get("started_at")),
        ("Finished (UTC)", manifest.get("finished_at")),
        (
            "Runs planned / ok / failed",
            "{} / {} / {}".format(
                runs.get("planned"), runs.get("ok"), runs.get("failed")
            ),
        ),
        ("Git commit", git.get("commit")),
        ("Uncommitted changes", git.get("dirty")),
        ("Platform", prov.get("platform")),
        ("Host", prov.get("host")),
    ]
    rows += [
        (key.replace("_", " ").capitalize(), json.dumps(manifest[key]))
        for key in ("seeds", "root_seed", "bootstrap")
        if key in manifest
    ]
    experiment = manifest.get("experiment")
    if isinstance(experiment, Mapping):
        rows += [
            ("Experiment", experiment.get("name")),
            ("Experiment file", experiment.get("file")),
            ("Experiment SHA-256", experiment.get("sha256")),
            ("Scenario file", experiment.get("scenario")),
        ]
    versions = prov.get("versions", {}) or {}
    rows += [(f"Version: {k}", v) for k, v in sorted(versions.items())]
    return [(k, "\u2013" if v is None else str(v)) for k, v in rows]


def provenance_section(
    manifest: Mapping[str, Any], files: pd.DataFrame | None = None
) -> Section:
    """Build the provenance section from ``manifest.json`` (and scenario files).

    Args:
        manifest: The folder's manifest.
        files: Optional table of inputs (e.g. ``configurations`` with ``file`` and
            ``file_sha256``) shown under the manifest.
    """
    table = pd.DataFrame(_rows(manifest), columns=["Item", "Value"])
    body = [table_html(table, table_id="provenance")]
    if files is not None and not files.empty:
        keep = [
            c
            for c in (
                "configuration",
                "scenario",
                "file",
                "file_sha256",
                "n_steps",
                "step_unit",
            )
            if c in files.columns
        ]
        body.append(table_html(files[keep], table_id="inputs"))
    body.append(
        paragraph(
            "Everything above is read from manifest.json and the Parquet tables in "
            "the results folder; rerunning the command reproduces the numbers.",
            css="muted",
        )
    )
    return Section("Provenance", "provenance", body)
