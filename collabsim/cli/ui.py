"""``collabsim ui``: serve the teaching page (needs the optional extra ``ui``).

The command replaces itself with a Solara server (``python -m solara run``), so the
command line never imports :mod:`collabsim.viz` (the two are independent entry
points).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from collabsim.cli.options import Subparsers, add_command
from collabsim.errors import require_extra

__all__ = ["APP", "register", "server_command"]

log = logging.getLogger(__name__)

#: The Solara app: module with the ``page`` component.
APP = "collabsim.viz.app"
DEFAULT_PORT = 8765


def register(subparsers: Subparsers) -> None:
    """Add the ``ui`` subcommand."""
    parser = add_command(
        subparsers,
        "ui",
        summary="open the teaching page in a browser (Solara, bound to localhost)",
        example="collabsim ui --port 8765",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help="port (default %(default)s)"
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to bind (default %(default)s: this machine only)",
    )
    parser.add_argument(
        "--scenarios",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder of preset scenario files (default: the shipped scenarios/)",
    )
    parser.set_defaults(handler=_ui)


def server_command(host: str, port: int) -> list[str]:
    """The command that serves the page."""
    return [
        sys.executable,
        "-m",
        "solara",
        "run",
        APP,
        "--host",
        host,
        "--port",
        str(port),
        "--production",
        "--no-open",
    ]


def _ui(args: argparse.Namespace) -> int:
    require_extra("ui", feature="collabsim ui")
    env = dict(os.environ)
    env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"  # no phoning home from class
    if args.scenarios is not None:
        env["COLLABSIM_SCENARIOS"] = str(args.scenarios.resolve())
    if args.host not in {"127.0.0.1", "localhost", "::1"}:
        log.warning(
            "binding to %s: the page is reachable from other machines", args.host
        )
    print(f"collabsim ui: open http://{args.host}:{args.port}/  (Ctrl+C to stop)")
    sys.stdout.flush()
    command = server_command(args.host, args.port)
    log.info("running %s", " ".join(command))
    # become the server: Ctrl+C and kill reach it directly, and no orphan is left
    os.execve(command[0], command, env)  # noqa: S606 - our own interpreter and args
    return 0  # pragma: no cover - execve does not return
