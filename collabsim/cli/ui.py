"""``collabsim ui``: serve the teaching page (needs the optional extra ``ui``).

The command replaces itself with the page's launcher (``python -m
collabsim.viz.serve``), which checks the lesson file and sets up classroom mode
before it becomes the Solara server, so the command line never imports
:mod:`collabsim.viz` (the two are independent entry points) and a bad lesson file
still ends with exit code 2 and one message.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from collabsim.cli.options import Subparsers, add_command
from collabsim.errors import require_extra

__all__ = ["LAUNCHER", "launcher_command", "register"]

log = logging.getLogger(__name__)

#: The page's launcher module.
LAUNCHER = "collabsim.viz.serve"
DEFAULT_PORT = 8765
_LOCAL = {"127.0.0.1", "localhost", "::1"}


def register(subparsers: Subparsers) -> None:
    """Add the ``ui`` subcommand."""
    parser = add_command(
        subparsers,
        "ui",
        summary="open the teaching page in a browser (Solara, bound to localhost)",
        example="collabsim ui --lesson lessons/trust_faith_confidence.toml",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help="port (default %(default)s)"
    )
    parser.add_argument(
        "--host",
        default=None,
        help="address to bind (default 127.0.0.1: this machine only; with "
        "--classroom, this machine's local-network address)",
    )
    parser.add_argument(
        "--classroom",
        action="store_true",
        help="serve the local network, with an access token printed as an address "
        "and a QR code for the class",
    )
    parser.add_argument(
        "--lesson",
        type=Path,
        default=None,
        metavar="FILE",
        help="walk through a lesson file (e.g. lessons/trust_faith_confidence.toml)",
    )
    parser.add_argument(
        "--max-sessions",
        type=int,
        default=None,
        metavar="N",
        help="most browser pages with a simulation at once (default 40)",
    )
    parser.add_argument(
        "--scenarios",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder of preset scenario files (default: the shipped scenarios/)",
    )
    parser.set_defaults(handler=_ui)


def launcher_command(args: argparse.Namespace) -> list[str]:
    """The command that checks the options and then serves the page."""
    command = [sys.executable, "-m", LAUNCHER, "--port", str(args.port)]
    if args.host is not None:
        command += ["--host", args.host]
    if args.classroom:
        command.append("--classroom")
    if args.lesson is not None:
        command += ["--lesson", str(args.lesson)]
    if args.max_sessions is not None:
        command += ["--max-sessions", str(args.max_sessions)]
    if args.scenarios is not None:
        command += ["--scenarios", str(args.scenarios)]
    return command


def _ui(args: argparse.Namespace) -> int:
    require_extra("ui", feature="collabsim ui")
    if args.host is not None and args.host not in _LOCAL and not args.classroom:
        log.warning(
            "binding to %s: the page is reachable from other machines "
            "(--classroom adds an access token)",
            args.host,
        )
    command = launcher_command(args)
    log.info("running %s", " ".join(command))
    sys.stdout.flush()
    # become the launcher (then the server): Ctrl+C and kill reach it directly
    os.execv(command[0], command)  # noqa: S606 - our own interpreter and args
    return 0  # pragma: no cover - execv does not return
