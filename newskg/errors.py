"""The library's own errors, and the one table of exit codes the CLI documents.

The library raises these; only the CLI turns them into messages and exit codes.
"""

OK = 0
NO = 1  # the question was understood and the answer is "no": violations, nothing found
BAD_INPUT = 2  # bad usage, or input that cannot be read or used (a file, a value, a query)
INTERNAL = 70  # a bug: an unexpected exception (EX_SOFTWARE); the traceback only with --debug
INTERRUPTED = 130  # stopped with Ctrl-C (128 + SIGINT)

EXIT_CODES = {
    OK: "ok",
    NO: "the answer is no: violations, nothing found, an empty result",
    BAD_INPUT: "bad usage, or a file, value or query that cannot be read or used",
    INTERNAL: "internal error (a bug): please report it with the output of --debug",
    INTERRUPTED: "interrupted (Ctrl-C)",
}


class KgError(Exception):
    """Base class. exit_code follows the table above."""

    exit_code = BAD_INPUT


class InputError(KgError):
    """A file or value the user gave cannot be read or used; the message names it and the fix."""

    exit_code = BAD_INPUT


class NotFound(KgError):
    """The question was understood but has no answer (an unknown name, an empty result)."""

    exit_code = NO
