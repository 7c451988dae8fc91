"""The library's own errors; the CLI turns them into messages and documented exit codes."""


class KgError(Exception):
    """Base class. exit_code follows the CLI's convention: 1 the answer is no, 2 bad input."""

    exit_code = 2


class InputError(KgError):
    """A file or value the user gave cannot be read or used; the message names it and the fix."""

    exit_code = 2


class NotFound(KgError):
    """The question was understood but has no answer (an unknown name, an empty result)."""

    exit_code = 1
