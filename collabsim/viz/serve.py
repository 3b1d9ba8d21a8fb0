"""Start the teaching page: check the lesson, set up classroom mode, run Solara.

``collabsim ui`` replaces itself with ``python -m collabsim.viz.serve`` (this
module), which checks what it can before any server starts, a bad lesson file
included (exit code 2, one message naming the file and the step), then replaces
itself with the Solara server, handing the page its settings through the
environment (:mod:`collabsim.viz.config`).

Without ``--classroom`` the server binds to this machine only. With it, the server
binds to this machine's address on the local network (a private address, never a
public one), warns so, and makes up an access token that every page must carry; the
address with the token is printed and drawn as a QR code for the class to scan.
"""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path

import psutil
import segno

from collabsim.errors import CollabsimError
from collabsim.viz.config import DEFAULT_MAX_SESSIONS, ServerConfig
from collabsim.viz.lesson import load_lesson

__all__ = ["APP", "lan_address", "main", "make_token", "server_command"]

log = logging.getLogger(__name__)

#: The Solara app: module with the ``page`` component.
APP = "collabsim.viz.app"
#: A closed tab's kernel (and model) is dropped this long after its page went.
CULL_TIMEOUT = "20s"
# letters and digits with nothing to mishear or misread
_TOKEN_LETTERS = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 - an alphabet
_TOKEN_LENGTH = 8


def make_token() -> str:
    """An access token that is easy to read out: 8 letters and digits."""
    return "".join(secrets.choice(_TOKEN_LETTERS) for _ in range(_TOKEN_LENGTH))


def _is_lan(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return ip.is_private and not (
        ip.is_loopback or ip.is_link_local or ip.is_unspecified
    )


def lan_address() -> str | None:
    """This machine's first IPv4 address on a private network, if it has one.

    Read from the network interfaces; nothing is sent.
    """
    for addresses in psutil.net_if_addrs().values():
        for address in addresses:
            if address.family.name == "AF_INET" and _is_lan(address.address):
                return str(address.address)
    return None


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


def _warm_up() -> None:
    """Take one step, so that the compiled engine is cached before a class plays.

    After an install or an update this compiles for about a minute; later starts
    load the cache in a second or two.
    """
    from collabsim.viz.setups import Setup, build_model

    print("collabsim ui: preparing the simulation engine...", flush=True)
    build_model(Setup()).step()


def _parser() -> argparse.ArgumentParser:
    # internal: ``collabsim ui`` (collabsim.cli.ui) is the documented interface
    parser = argparse.ArgumentParser(prog="collabsim ui")
    parser.add_argument("--host", default=None)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--classroom", action="store_true")
    parser.add_argument("--lesson", type=Path, default=None)
    parser.add_argument("--scenarios", type=Path, default=None)
    parser.add_argument("--max-sessions", type=int, default=DEFAULT_MAX_SESSIONS)
    return parser


def _error(message: str) -> int:
    print(f"collabsim: error: {message}", file=sys.stderr)
    return 2


def _classroom_host(requested: str | None) -> str:
    """The private address to bind in classroom mode.

    Raises:
        ValueError: If ``requested`` is not a private address, or none was given
            and this machine has none.
    """
    if requested is not None:
        if not _is_lan(requested):
            msg = f"--classroom binds to a private network address; {requested} is not"
            raise ValueError(msg)
        return requested
    found = lan_address()
    if found is None:
        msg = "--classroom found no private network address on this machine"
        raise ValueError(msg)
    return found


def _announce(url: str, *, classroom: bool) -> None:
    if classroom:
        print(
            "WARNING: classroom mode. The page is reachable from this local network\n"
            "by anyone who has the address below with its access code. Share it with\n"
            "your class only, and stop the server (Ctrl+C) when the class ends."
        )
        print(f"collabsim ui: students open {url}  (Ctrl+C to stop)")
        segno.make(url, error="m").terminal(compact=True)
    else:
        print(f"collabsim ui: open {url}  (Ctrl+C to stop)")
    sys.stdout.flush()


def main(argv: Sequence[str] | None = None) -> int:
    """Check the options, then become the Solara server.

    Returns:
        An exit code, on error only (on success the process becomes the server).
    """
    args = _parser().parse_args(argv)
    lesson = None
    if args.lesson is not None:
        lesson = args.lesson.resolve()
        try:
            load_lesson(lesson)
        except CollabsimError as exc:
            return _error(str(exc))
    if args.max_sessions < 1:
        return _error("--max-sessions must be at least 1")
    token = None
    host = args.host or "127.0.0.1"
    if args.classroom:
        try:
            host = _classroom_host(args.host)
        except ValueError as exc:
            return _error(str(exc))
        token = make_token()
    url = f"http://{host}:{args.port}/"
    config = ServerConfig(token, lesson, args.max_sessions, url)
    env = {**os.environ, **config.environment()}
    env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"  # no phoning home from class
    env.setdefault("SOLARA_KERNEL_CULL_TIMEOUT", CULL_TIMEOUT)
    if args.scenarios is not None:
        env["COLLABSIM_SCENARIOS"] = str(args.scenarios.resolve())
    _warm_up()
    _announce(url + (f"?token={token}" if token else ""), classroom=args.classroom)
    command = server_command(host, args.port)
    log.info("running %s", " ".join(command))
    # become the server: Ctrl+C and kill reach it directly, and no orphan is left
    os.execve(command[0], command, env)  # noqa: S606 - our own interpreter and args
    return 0  # pragma: no cover - execve does not return


if __name__ == "__main__":
    raise SystemExit(main())
