"""The exceptions and small value types of the icp package.

Input: what the native module reports (a rejected record, an artifact that does not load, a
profile that does not compile). Output: ordinary Python classes, which print, compare and
pickle (a Dask worker sends a RecordError back to the client) like any other.
"""

from __future__ import annotations

import collections

# collections.namedtuple, not dataclasses or typing: `import icp` stays cheap (dataclasses
# alone would add `inspect` and `re` to a short script's start-up); _icp.pyi has the types.


class Error(Exception):
    """The base class of every exception icp raises for bad input."""


class Diagnostic(collections.namedtuple(
        "Diagnostic", "file line column end_line end_column severity code message help")):
    """One problem found by the compiler, as ``icpc check --format json`` reports it.

    Lines and columns are 1-based, columns counted in code points; ``line`` is 0 for a
    problem without a position (an unreadable file). ``severity`` is ``"error"`` or
    ``"warning"``; ``code`` is empty for a problem outside the catalogue of docs/language.md
    (an invalid icp.toml, say).
    """

    __slots__ = ()


class CompileError(Error):
    """A profile that does not compile.

    ``str(error)`` is the diagnostics as ``icpc check`` draws them (source lines and carets);
    ``diagnostics`` lists them as :class:`Diagnostic` values, warnings included.
    """

    def __init__(self, rendered: str, diagnostics: list[Diagnostic]):
        super().__init__(rendered, diagnostics)
        self.rendered = rendered
        self.diagnostics = list(diagnostics)

    def __str__(self) -> str:
        return self.rendered


class CompileWarning(UserWarning):
    """A warning of a profile that compiled (W0101, an overdue review, say), issued through
    :mod:`warnings` by :func:`icp.compile`."""


class LoadError(Error):
    """A built ``.icpb`` artifact that cannot be used.

    ``kind`` is ``"io"`` (the file cannot be opened or read) or ``"invalid"`` (the bytes are
    not a valid artifact, or fail the bytecode verifier); ``offset`` is the byte where the
    problem lies (0 for ``io``); ``source`` is the path, or ``"<bytes>"``.
    """

    def __init__(self, message: str, kind: str = "invalid", offset: int = 0, source: str = ""):
        super().__init__(message, kind, offset, source)
        self.message = message
        self.kind = kind
        self.offset = offset
        self.source = source

    def __str__(self) -> str:
        if self.kind == "io":
            return f"cannot read `{self.source}`: {self.message}"
        return f"`{self.source}` is not a valid icp artifact: {self.message} (byte {self.offset})"


class RecordError(Error, ValueError):
    """An account record that was rejected; every other record still goes through.

    ``field`` is a path such as ``"employees"`` or ``"signals[3].at"`` (empty for malformed
    JSON); ``expected`` and ``found`` are short phrases; ``message`` is the whole sentence;
    ``record_id`` is empty when the id could not be read; ``line`` is the record's 1-based
    place in a batch (its line in a JSON Lines input), None for a single record.
    """

    def __init__(self, message: str, record_id: str = "", field: str = "", expected: str = "", found: str = "",
                 line: int | None = None):
        super().__init__(message, record_id, field, expected, found, line)
        self.message = message
        self.record_id = record_id
        self.field = field
        self.expected = expected
        self.found = found
        self.line = line

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        record = f"record `{self.record_id}`" if self.record_id else "record"
        return f"{where}{record} rejected: {self.message}"

    def __repr__(self) -> str:
        return (f"RecordError(record_id={self.record_id!r}, field={self.field!r}, expected={self.expected!r}, "
                f"found={self.found!r}, line={self.line!r})")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RecordError) and self.args == other.args

    def __hash__(self) -> int:
        return hash(self.args)


def _load_pickled(artifact: bytes):
    """How a pickled icp.Program comes back (Program.__reduce__): loaded from its artifact."""
    from icp._icp import load

    return load(artifact)


class Field(collections.namedtuple("Field", "name type optional enum_values")):
    """One declared ``account`` field of a program's schema.

    ``type`` is the type as a profile writes it: ``"int"``, ``"decimal"``, ``"string"``,
    ``"bool"``, ``"date"``, ``"enum"``, ``"set<string>"``, ``"naics"`` or ``"country"``;
    ``optional`` is true for ``T?``; ``enum_values`` lists an enum's values in declared order.
    """

    __slots__ = ()
