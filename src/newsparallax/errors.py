"""The exception tree of Parallax.

Every error the library raises on purpose is a :class:`ParallaxError`. Input problems carry the input they
concern, so a batch can record ``(input, reason)`` and carry on; only the CLI turns errors into exit codes.
Each class has a short code (``P1xx`` input, ``P2xx`` models, ``P3xx`` store) that is stable and searchable.
"""

from __future__ import annotations


class ParallaxError(Exception):
    """Base class of every error Parallax raises on purpose."""

    code = "P000"


class InputError(ParallaxError):
    """An input (file, URL, record, stdin) could not be turned into a usable article.

    ``source`` names the input as the user gave it (a path, URL or ``path:line``); ``reason`` says what is
    wrong with it in words a user can act on.
    """

    code = "P100"

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class FetchError(InputError):
    """A URL could not be fetched (refused address, timeout, HTTP error, too large)."""

    code = "P110"


class NotEnoughArticles(ParallaxError):
    """Fewer than two usable articles remain, so there is nothing to compare."""

    code = "P120"


class ModelUnavailable(ParallaxError):
    """A model or optional dependency is missing; the message says which package or extra installs it."""

    code = "P200"


class SettingsError(ParallaxError):
    """A setting has a value outside its documented range."""

    code = "P300"


class StoreError(ParallaxError):
    """The store cannot be opened or written: missing, not a Parallax store, a newer schema, a broken file."""

    code = "P310"


class StoreConflict(StoreError):
    """Another writer added articles since this one last read the store; re-read it and try again."""

    code = "P311"
