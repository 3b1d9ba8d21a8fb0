"""The scenario library, experiments and facts files shipped with collabsim, by name.

The top-level ``scenarios/``, ``experiments/`` and ``facts/`` folders of the
repository are the source of truth. The wheel carries copies in ``collabsim/data/``
(hatch ``force-include``), read here through :mod:`importlib.resources`; in a source
checkout they are read where they are. Either way the folders are siblings, so an
experiment's ``scenario = "../scenarios/x.toml"`` resolves in both (and a facts
file's ``scenarios/same_sector.toml``, relative to ``facts/``).

Anything that takes a scenario, experiment or facts file also takes a shipped name
(``voluntary_baseline``, ``theory``): :func:`resolve_file` returns an existing path
unchanged and a bare name as the shipped file of that name.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from collabsim.errors import CollabsimError, did_you_mean

__all__ = [
    "EXPERIMENTS",
    "FACTS",
    "KINDS",
    "SCENARIOS",
    "Kind",
    "copy_shipped",
    "file_question",
    "kind_of",
    "wrong_kind_message",
    "missing_hint",
    "resolve_file",
    "shipped_dir",
    "shipped_file",
    "shipped_names",
]

Kind = Literal["scenarios", "experiments", "facts"]
SCENARIOS: Kind = "scenarios"
EXPERIMENTS: Kind = "experiments"
#: Facts files: directional claims checked by ``collabsim facts``.
FACTS: Kind = "facts"
KINDS: tuple[Kind, ...] = (SCENARIOS, EXPERIMENTS, FACTS)


def shipped_dir(kind: Kind) -> Path:
    """Folder of the shipped ``kind``: in the installed package, else the checkout.

    Raises:
        CollabsimError: If neither exists (a broken install).
    """
    packaged = resources.files("collabsim") / "data" / kind
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[1]
    if (checkout / "pyproject.toml").is_file() and (checkout / kind).is_dir():
        return checkout / kind
    msg = f"the shipped {kind} are missing from this installation of collabsim"
    raise CollabsimError(msg)


def shipped_names(kind: Kind) -> tuple[str, ...]:
    """Names (file stems) of the shipped ``kind`` files, sorted."""
    return tuple(sorted(path.stem for path in shipped_dir(kind).glob("*.toml")))


def shipped_file(kind: Kind, name: str) -> Path | None:
    """The shipped file called ``name`` (with or without ``.toml``), or None."""
    stem = name.removesuffix(".toml")
    if not stem or "/" in stem or "\\" in stem or stem.startswith("."):
        return None
    path = shipped_dir(kind) / f"{stem}.toml"
    return path if path.is_file() else None


def resolve_file(path_or_name: Path | str, kind: Kind) -> Path:
    """Return ``path_or_name`` if it exists, else the shipped file of that name.

    A name shipped only as another kind resolves to that file, so that the loader
    can say which kind of file it is and which command takes it. A name that is
    none of them comes back unchanged, for the loader to report as not found (see
    :func:`missing_hint`).
    """
    path = Path(path_or_name)
    if path.exists() or path.parent != Path():
        return path
    for candidate in (kind, *(k for k in KINDS if k != kind)):
        if (found := shipped_file(candidate, path.name)) is not None:
            return found
    return path


def missing_hint(path_or_name: Path | str, kind: Kind) -> str:
    """Text to append to "file not found": the nearest shipped name, if any."""
    path = Path(path_or_name)
    if path.parent != Path():
        return ""
    try:
        names = shipped_names(kind)
    except CollabsimError:
        return ""
    close = did_you_mean(path.name.removesuffix(".toml"), names)
    return f"; not a shipped {kind[:-1]} either{close} (list them: collabsim scenarios)"


def kind_of(data: Mapping[str, Any]) -> Kind | None:
    """Which kind of file parsed TOML looks like, if either.

    An experiment has a ``[design]`` or ``[[factors]]``; a facts file has
    ``[[facts]]``; a scenario has organisations, partnerships or a network.
    """
    if "facts" in data:
        return FACTS
    if "design" in data or "factors" in data:
        return EXPERIMENTS
    if {"organisations", "partnerships", "network"} & set(data):
        return SCENARIOS
    return None


def wrong_kind_message(path: Path | str, found: Kind) -> str:
    """Say what kind of file ``path`` is and which command takes it."""
    if found == FACTS:
        return (
            f"{path}: this is a facts file (it has [[facts]]), not a scenario or an "
            f"experiment: check it with `collabsim facts {path}` (in Python: "
            "load_facts)"
        )
    if found == EXPERIMENTS:
        return (
            f"{path}: this is an experiment file (it has a [design] and factors), "
            "not a scenario: run it with `collabsim sweep "
            f"{path} --out DIR` (in Python: load_experiment)"
        )
    return (
        f"{path}: this is a scenario file (organisations, partnerships or a "
        "network, no [design]), not an experiment: run it with `collabsim run "
        f"{path} --out DIR`, or name it as the `scenario` of an experiment file "
        "(in Python: load_scenario)"
    )


def file_question(path: Path) -> str:
    """The question a shipped file answers: its opening comment, up to ``Theory:``."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    lines: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        if body.startswith("Theory:"):
            break
        lines.append(body)
    return " ".join(lines).strip().removeprefix("Question:").strip()


def copy_shipped(target: Path, *, overwrite: bool = False) -> list[Path]:
    """Copy the shipped scenarios, experiments and facts into ``target/scenarios`` etc.

    Data files beside the scenarios (network files) and the facts' own base
    scenarios come along, so the copies run as they are and can be edited.

    Returns:
        The folders written.

    Raises:
        CollabsimError: If a destination folder exists and ``overwrite`` is off.
    """
    written = []
    for kind in KINDS:
        destination = target / kind
        if destination.exists() and not overwrite:
            msg = f"{destination}: exists (pass --overwrite to replace it)"
            raise CollabsimError(msg)
    for kind in KINDS:
        destination = target / kind
        if destination.exists():
            shutil.rmtree(destination)
        shutil.copytree(
            shipped_dir(kind),
            destination,
            ignore=shutil.ignore_patterns("__pycache__", ".*"),
        )
        written.append(destination)
    return written
