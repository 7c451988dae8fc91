"""Run a function in a child process, stopped at a deadline and kept under a memory cap.

pyoxigraph evaluates a query in Rust holding the GIL (an ORDER BY or COUNT over a cartesian
product never returns to Python), so neither a signal handler nor a watchdog thread can stop it.
A child process can be killed. It is forked where that is safe (Linux: a few milliseconds, and
the parent's modules are already imported), spawned elsewhere. Such a query also grows by some
300 MB a second, hence the memory cap: the engine aborts when an allocation is refused.
"""

from __future__ import annotations

import math
import os
import signal
import sys
from collections.abc import Callable
from typing import TypeVar

from .errors import InputError, KgError

T = TypeVar("T")


class Timeout(InputError):
    """The work did not finish in time and was stopped."""


class Crashed(InputError):
    """The child process died: out of memory, or a crash in native code."""


def _context() -> multiprocessing.context.BaseContext:  # noqa: F821 (imported when needed)
    import multiprocessing  # only kg query needs it: importing it costs start-up time

    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def _limit(seconds: float, memory: int | None) -> None:
    """Limits the child keeps even if the parent is killed before it can stop the child.

    No core files: a crash is reported by the parent, not left behind in the working folder.
    """
    try:
        import resource
    except ImportError:
        return  # not a POSIX system: the parent's deadline is the only bound
    cpu = math.ceil(seconds) + 1  # SIGXCPU then, SIGKILL a second later
    limits = {resource.RLIMIT_CPU: (cpu, cpu + 1), resource.RLIMIT_CORE: (0, 0)}
    if memory:
        cap = _mapped_bytes() + memory
        limits[resource.RLIMIT_AS] = (cap, cap)
    for kind, (soft, hard) in limits.items():
        try:
            resource.setrlimit(kind, (soft, hard))
        except (ValueError, OSError):
            pass  # the system refuses this limit; the parent's deadline still holds


def _mapped_bytes() -> int:
    """The address space the child already has (inherited from a forked parent), where known."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _child(sender, function: Callable[..., T], args: tuple, seconds: float,
           memory: int | None) -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)  # the engine's own report of a failed allocation is noise to users
    _limit(seconds, memory)
    try:
        outcome: tuple[bool, object] = (True, function(*args))
    except KgError as error:
        outcome = (False, error)
    except MemoryError:
        outcome = (False, MemoryError())
    except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
        import traceback

        outcome = (False, RuntimeError("".join(traceback.format_exception(error)).rstrip()))
    sender.send(outcome)
    sender.close()


def call(function: Callable[..., T], args: tuple, *, seconds: float, memory: int | None,
         what: str) -> T:
    """function(*args) in a child process, which is stopped after `seconds`.

    `memory` caps how many bytes of address space the child may add to what it starts with
    (a forked child inherits the parent's), and its processor time is capped a
    second above `seconds`, so that it ends even when this process is killed first (both where
    the system allows). The function
    and its arguments must pickle where processes are spawned. Errors it raises come back as
    themselves (library errors) or as RuntimeError with the child's traceback.
    """
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # a forked child must not write the parent's buffered output again
    child = context.Process(target=_child, args=(sender, function, args, seconds, memory),
                            daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise Timeout(
                f"{what} did not finish within {seconds:g} s and was stopped. Make it more "
                "selective (a LIMIT, fewer unbound patterns), or allow more time with --timeout."
            )
        try:
            ok, value = receiver.recv()
        except EOFError:
            child.join()
            raise _crash(what, child.exitcode, seconds, memory) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if ok:
        return value  # type: ignore[return-value]
    if isinstance(value, MemoryError):
        raise _out_of_memory(what, memory)
    raise value  # type: ignore[misc]


def _crash(what: str, exitcode: int | None, seconds: float, memory: int | None) -> InputError:
    number = -(exitcode or 0)
    try:
        name = signal.Signals(number).name
    except ValueError:
        name = f"exit status {exitcode}"
    if name == "SIGABRT" and memory:
        return _out_of_memory(what, memory)
    if name == "SIGXCPU":
        return Timeout(f"{what} used more than {seconds:g} s of processor time and was stopped. "
                       "Make it more selective (a LIMIT, fewer unbound patterns), or allow more "
                       "time with --timeout.")
    return Crashed(
        f"{what} crashed the SPARQL engine ({name}; a stack overflow, most likely). Simplify "
        "it: fewer nested groups or brackets, shorter chains of operators."
    )


def _out_of_memory(what: str, memory: int | None) -> Crashed:
    return Crashed(
        f"{what} needed more than {(memory or 0) // 2**20:,} MB of memory and was stopped. "
        "Make it more selective (a LIMIT, fewer unbound patterns)."
    )
