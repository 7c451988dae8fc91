"""Run a function in a child process, stopped at a deadline and kept under a memory cap.

pyoxigraph evaluates a query in Rust holding the GIL (an ORDER BY or COUNT over a cartesian
product never returns to Python), so neither a signal handler nor a watchdog thread can stop it.
A child process can be killed. It is forked where that is safe (Linux: a few milliseconds, and
the parent's modules are already imported), spawned elsewhere. Such a query also grows by some
300 MB a second, hence the memory cap: the engine aborts when an allocation is refused.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import traceback
from collections.abc import Callable
from typing import TypeVar

from .errors import InputError, KgError

T = TypeVar("T")


class Timeout(InputError):
    """The work did not finish in time and was stopped."""


class Crashed(InputError):
    """The child process died: out of memory, or a crash in native code."""


def _context() -> multiprocessing.context.BaseContext:
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def _limit_memory(memory: int | None) -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ImportError, ValueError, OSError):
        pass  # no such limit on this system; the deadline still holds


def _child(sender, function: Callable[..., T], args: tuple, memory: int | None) -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)  # the engine's own report of a failed allocation is noise to users
    if memory:
        _limit_memory(memory)
    try:
        outcome: tuple[bool, object] = (True, function(*args))
    except KgError as error:
        outcome = (False, error)
    except MemoryError:
        outcome = (False, MemoryError())
    except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
        outcome = (False, RuntimeError("".join(traceback.format_exception(error)).rstrip()))
    sender.send(outcome)
    sender.close()


def call(function: Callable[..., T], args: tuple, *, seconds: float, memory: int | None,
         what: str) -> T:
    """function(*args) in a child process, which is stopped after `seconds`.

    `memory` caps the child's address space in bytes (where the system allows). The function
    and its arguments must pickle where processes are spawned. Errors it raises come back as
    themselves (library errors) or as RuntimeError with the child's traceback.
    """
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # a forked child must not write the parent's buffered output again
    child = context.Process(target=_child, args=(sender, function, args, memory), daemon=True)
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
            raise _crash(what, child.exitcode, memory) from None
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


def _crash(what: str, exitcode: int | None, memory: int | None) -> Crashed:
    number = -(exitcode or 0)
    try:
        name = signal.Signals(number).name
    except ValueError:
        name = f"exit status {exitcode}"
    if name == "SIGABRT" and memory:
        return _out_of_memory(what, memory)
    return Crashed(
        f"{what} crashed the SPARQL engine ({name}; a stack overflow, most likely). Simplify "
        "it: fewer nested groups or brackets, shorter chains of operators."
    )


def _out_of_memory(what: str, memory: int | None) -> Crashed:
    return Crashed(
        f"{what} needed more than {(memory or 0) // 2**20:,} MB of memory and was stopped. "
        "Make it more selective (a LIMIT, fewer unbound patterns)."
    )
