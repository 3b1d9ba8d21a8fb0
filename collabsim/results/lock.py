"""One writer per sweep folder: an advisory lock on ``DIR/.collabsim.lock``.

Two ``collabsim sweep`` (or ``resume``) processes on one folder would both run the
pending runs and both append parts: the ledger once counted 1,020 of 1,000 runs.
The lock is an operating-system file lock (``fcntl.flock``, or ``msvcrt.locking``
on Windows), so it is released when its process ends, however it ends: a sweep
killed with SIGKILL can be resumed at once, and no stale lock file needs removing.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from collabsim.errors import ResultsError

__all__ = ["LOCK_FILE", "check_unlocked", "writer_lock"]

#: The lock file inside a results folder (a dot file: not part of any table).
LOCK_FILE = ".collabsim.lock"


def _try_lock(handle: IO[str]) -> bool:
    """Take an exclusive lock on ``handle`` without waiting; False if it is held."""
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(path: Path) -> str:
    try:
        info: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "another process"
    return f"process {info.get('pid', '?')} ({' '.join(info.get('command', []))})"


def _refusal(out: Path) -> ResultsError:
    return ResultsError(
        f"{out}: another collabsim process is writing to this results folder: "
        f"{_holder(out / LOCK_FILE)}; wait for it to finish (or stop it and "
        f"continue with `collabsim resume {out}`), or sweep into another folder"
    )


def check_unlocked(out: Path) -> None:
    """Raise if another process holds ``out``'s lock; change nothing.

    Raises:
        ResultsError: Naming the process that holds the lock.
    """
    path = out / LOCK_FILE
    if not path.is_file():
        return
    with path.open("a", encoding="utf-8") as handle:
        if not _try_lock(handle):
            raise _refusal(out)


@contextmanager
def writer_lock(out: Path, command: list[str] | tuple[str, ...] = ()) -> Iterator[None]:
    """Hold ``out``'s single-writer lock for the block; ``out`` must exist.

    The lock file records the holder's process id and command, for the message
    another process gets.

    Raises:
        ResultsError: If another process holds the lock.
    """
    path = out / LOCK_FILE
    with path.open("a+", encoding="utf-8") as handle:
        if not _try_lock(handle):
            raise _refusal(out)
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "command": list(command)}))
        handle.flush()
        yield
