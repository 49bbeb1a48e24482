"""Running one check in a child process under CPU, memory and wall-clock limits.

The child is made with `os.fork()` and reports through a pipe. `multiprocessing.Process`
is not usable here: Celery's prefork workers are daemonic processes, which may not start
multiprocessing children. A plain fork is also cheap: the child inherits the imported SymPy
and NumPy and the compiled spec, so nothing is imported or pickled on the way in.

The child never returns into the caller's code: whatever happens, it leaves by `os._exit`.
It takes no lock (the compiled spec, with its sample points, and the reading are passed
in), so a lock held by another thread of the parent at fork time cannot block it.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import select
import signal
import time
from collections.abc import Callable
from typing import Any


def _address_space() -> int | None:
    """Bytes of address space in use now (the child starts with the parent's)."""
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[0])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _limit_child(cpu_seconds: int, memory_mb: int, wall_seconds: float) -> None:
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGUSR1, signal.SIGCHLD):
        signal.signal(sig, signal.SIG_DFL)  # not the worker's handlers
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # SIGXCPU would dump core
    cpu = max(1, int(cpu_seconds))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    used = _address_space()
    if used is not None and memory_mb:
        # RLIMIT_AS counts the address space inherited from the parent (NumPy and its
        # thread pools reserve a lot), so the limit is what is in use plus the allowance.
        limit = used + int(memory_mb) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # Back-up for the wall clock, should the parent die and nobody kill this child.
    signal.alarm(max(1, int(wall_seconds) + 2))


def _child(write_fd: int, func: Callable, args: tuple, limits: tuple) -> None:
    code = 0
    try:
        try:
            _limit_child(*limits)
            payload = {"status": "ok", "result": func(*args)}
        except MemoryError:
            payload = {"status": "memory"}
        except BaseException as exc:
            payload = {"status": "error", "detail": f"{type(exc).__name__}: {exc}"[:300]}
        data = json.dumps(payload).encode()
        view = memoryview(data)
        while view:
            written = os.write(write_fd, view)
            view = view[written:]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _reap(pid: int, kill: bool) -> int | None:
    if kill:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    try:
        _, status = os.waitpid(pid, 0)
        return status
    except ChildProcessError:  # reaped by someone else's SIGCHLD handler
        return None


def run_isolated(
    func: Callable[..., Any],
    args: tuple,
    *,
    wall_seconds: float = 5.0,
    cpu_seconds: int = 5,
    memory_mb: int = 512,
) -> tuple[str, Any]:
    """Run func(*args) in a forked child; its result must be JSON-able.

    Returns ("ok", result), or (status, detail) with status "timeout" (wall clock or CPU
    limit), "memory" (the allowance of `memory_mb` extra address space ran out) or "error".
    """
    try:
        read_fd, write_fd = os.pipe()
    except OSError as err:  # out of file descriptors
        return "error", f"could not start the check: {err}"
    try:
        pid = os.fork()
    except OSError as err:  # out of processes or memory
        os.close(read_fd)
        os.close(write_fd)
        return "error", f"could not start the check: {err}"
    if pid == 0:  # pragma: no cover - runs in the child, which leaves by os._exit
        os.close(read_fd)
        _child(write_fd, func, args, (cpu_seconds, memory_mb, wall_seconds))
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + wall_seconds
    timed_out = False
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(read_fd, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        status = _reap(pid, kill=timed_out)
    if timed_out:
        return "timeout", None
    try:
        payload = json.loads(b"".join(chunks).decode())
    except (ValueError, UnicodeDecodeError):
        payload = None
    if isinstance(payload, dict) and payload.get("status") in ("ok", "memory", "error"):
        return payload["status"], payload.get("result", payload.get("detail"))
    # No report: the child was killed, by the CPU limit (SIGXCPU, SIGKILL) or the alarm.
    if status is not None and os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig in (signal.SIGXCPU, signal.SIGKILL, signal.SIGALRM):
            return "timeout", None
        if sig == signal.SIGSEGV:
            return "memory", None
    return "error", "the check process ended without a result"
