"""Where a sweep's chunks run: in-process, a local process pool, or a Dask cluster.

Every backend hands back :class:`concurrent.futures.Future` objects, so the sweep has
one dispatch loop for all of them. None changes process-global state: the process
pool gets its start method through ``mp_context``.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol, Self, TypeVar

from collabsim.errors import require_extra

__all__ = [
    "Backend",
    "DaskBackend",
    "ProcessBackend",
    "SerialBackend",
    "default_workers",
]

log = logging.getLogger(__name__)

T = TypeVar("T")
U = TypeVar("U")


class Backend(Protocol):
    """What the sweep needs from an executor."""

    name: str
    #: Times a run that killed its worker is retried alone before it is failed.
    crash_retries: int

    @property
    def workers(self) -> int:
        """Number of chunks that can run at once."""
        ...

    def submit(self, fn: Callable[[T], U], arg: T) -> Future[U]:
        """Start ``fn(arg)``; return its future."""
        ...

    def is_crash(self, exc: BaseException) -> bool:
        """Whether ``exc`` means a worker died (retry), not a bug (abort)."""
        ...

    def restart(self) -> None:
        """Recover after a crash so that new chunks can be submitted."""
        ...

    def close(self) -> None:
        """Release workers and connections."""
        ...


def default_workers() -> int:
    """Return the CPU cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not available on macOS and Windows
        return os.cpu_count() or 1


class SerialBackend:
    """Run each chunk in this process when it is submitted (no parallelism)."""

    name = "serial"
    crash_retries = 0

    @property
    def workers(self) -> int:
        """One chunk at a time."""
        return 1

    def submit(self, fn: Callable[[T], U], arg: T) -> Future[U]:
        """Run ``fn(arg)`` now; return a finished future."""
        future: Future[U] = Future()
        try:
            future.set_result(fn(arg))
        except Exception as exc:  # noqa: BLE001 - re-raised by future.result()
            future.set_exception(exc)
        return future

    def is_crash(self, exc: BaseException) -> bool:  # noqa: ARG002 - protocol
        """A serial run cannot lose a worker."""
        return False

    def restart(self) -> None:
        """Nothing to restart."""

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _context() -> multiprocessing.context.BaseContext:
    # forkserver avoids forking a process that holds threads (pyarrow, Dask)
    method = (
        "forkserver"
        if "forkserver" in multiprocessing.get_all_start_methods()
        else "spawn"
    )
    return multiprocessing.get_context(method)


class ProcessBackend:
    """A local :class:`ProcessPoolExecutor`; all usable cores by default.

    Args:
        workers: Worker processes; default :func:`default_workers`.
    """

    name = "process"
    crash_retries = 1

    def __init__(self, workers: int | None = None) -> None:
        self._workers = workers if workers is not None else default_workers()
        if self._workers < 1:
            msg = f"workers must be at least 1, got {self._workers}"
            raise ValueError(msg)
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self._workers, mp_context=_context())

    @property
    def workers(self) -> int:
        """Worker processes."""
        return self._workers

    def submit(self, fn: Callable[[T], U], arg: T) -> Future[U]:
        """Queue ``fn(arg)`` on the pool."""
        return self._pool.submit(fn, arg)

    def is_crash(self, exc: BaseException) -> bool:
        """A worker process died (segfault, OOM kill, ``os._exit``)."""
        return isinstance(exc, BrokenProcessPool)

    def restart(self) -> None:
        """Replace the broken pool with a fresh one."""
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new_pool()
        log.warning("worker process died; process pool restarted")

    def close(self) -> None:
        """Shut the pool down, waiting for its processes to exit."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class DaskBackend:
    """Chunks on a Dask cluster: an existing scheduler or a new ``LocalCluster``.

    Args:
        address: Scheduler address such as ``tcp://host:8786``; None starts a
            ``LocalCluster`` of ``n_workers`` single-threaded worker processes.
        n_workers: Workers of the local cluster; default :func:`default_workers`.

    A task whose worker dies is rescheduled by Dask; after the scheduler's
    ``allowed-failures`` deaths it raises ``KilledWorker``, which the sweep treats
    as a crash (retried alone, then marked failed).
    """

    name = "dask"
    crash_retries = 0  # the scheduler already retried it on other workers

    def __init__(
        self, address: str | None = None, n_workers: int | None = None
    ) -> None:
        require_extra("dask", feature="DaskBackend")
        import distributed

        # distributed's constructors are unannotated; keep them at an Any boundary
        dask: Any = distributed
        self._cluster: Any = None
        if address is None:
            self._cluster = dask.LocalCluster(
                n_workers=n_workers if n_workers is not None else default_workers(),
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # a free port: 8787 may be taken
            )
            self._client: Any = dask.Client(self._cluster)
        else:
            self._client = dask.Client(address)
        self._executor: Any = self._client.get_executor(pure=False)

    def wait_for_workers(self, n: int, *, timeout: float = 60.0) -> None:
        """Block until ``n`` workers have joined (e.g. just-started ``dask worker``)."""
        self._client.wait_for_workers(n, timeout=timeout)

    @property
    def dashboard(self) -> str:
        """Address of the Dask dashboard (live task stream, workers, memory)."""
        return str(self._client.dashboard_link)

    @property
    def address(self) -> str:
        """The scheduler's address."""
        return str(self._client.scheduler.address)

    @property
    def workers(self) -> int:
        """Worker threads across the cluster (at least 1)."""
        info = self._client.scheduler_info()
        return max(1, sum(int(w["nthreads"]) for w in info["workers"].values()))

    def submit(self, fn: Callable[[T], U], arg: T) -> Future[U]:
        """Submit ``fn(arg)`` to the cluster."""
        future: Future[U] = self._executor.submit(fn, arg)
        return future

    def is_crash(self, exc: BaseException) -> bool:
        """The scheduler gave up on a task whose workers kept dying."""
        from distributed import KilledWorker

        return isinstance(exc, KilledWorker)

    def restart(self) -> None:
        """Dask replaces dead workers itself (through their nannies)."""

    def close(self) -> None:
        """Close the client and any local cluster it started."""
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
