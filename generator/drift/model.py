"""Describe what drift finds: a severity, a change at one place in the API, and a semver bump."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.Enum):
    """How much a change can hurt a caller: breaking, maybe breaking, or harmless."""

    BREAKING = "breaking"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Return 0 for breaking, 1 for warning, 2 for info (sort order: worst first)."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.BREAKING: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Bump(enum.Enum):
    """A semantic version bump for this package, from none to major."""

    NONE = "none"
    PATCH = "patch"
    MINOR = "minor"
    MAJOR = "major"

    @property
    def rank(self) -> int:
        """Return 0 for none up to 3 for major."""
        return _BUMP_RANK[self]


_BUMP_RANK = {Bump.NONE: 0, Bump.PATCH: 1, Bump.MINOR: 2, Bump.MAJOR: 3}


@dataclass(frozen=True, order=False)
class Change:
    """One change that can matter to a client.

    ``operation`` is ``"POST /sessions/{session_id}/stop"`` or a component such as
    ``"components.securitySchemes.ApiKeyAuth"``; ``pointer`` is a JSON pointer into NEW, or into OLD when the
    thing was removed.
    """

    rule: str
    severity: Severity
    bump: Bump
    operation: str
    pointer: str
    message: str

    def sort_key(self) -> tuple[int, str, str, str]:
        """Return the report order: worst first, then by operation, pointer and rule."""
        return (self.severity.rank, self.operation, self.pointer, self.rule)


@dataclass(frozen=True)
class CodeChange:
    """One way user code written against the OLD generated client breaks or changes with the NEW one."""

    kind: str
    severity: Severity
    object: str
    message: str


@dataclass(frozen=True)
class CodeSection:
    """The Python-level comparison of the two generated clients, or why it could not be made."""

    package: str
    changes: tuple[CodeChange, ...] = ()
    error: str | None = None
    failed: str | None = None  # "OLD" or "NEW" when that client could not be generated


@dataclass(frozen=True)
class Report:
    """Everything one comparison found, with the names of the two documents."""

    old: str
    new: str
    changes: tuple[Change, ...]
    code: CodeSection | None = None

    @property
    def bump(self) -> Bump:
        """Return the semver bump this package needs for these changes."""
        best = max((c.bump for c in self.changes), key=lambda b: b.rank, default=Bump.NONE)
        if self.code is not None and any(c.severity is Severity.BREAKING for c in self.code.changes):
            return Bump.MAJOR
        if self.code is not None and self.code.changes and best.rank < Bump.MINOR.rank:
            return Bump.MINOR
        return best

    def count(self, severity: Severity) -> int:
        """Return how many spec and code changes have ``severity``."""
        spec = sum(1 for c in self.changes if c.severity is severity)
        code = sum(1 for c in self.code.changes if c.severity is severity) if self.code else 0
        return spec + code

    @property
    def breaking(self) -> bool:
        """Return whether anything, in the spec or in the code, breaks callers."""
        return self.count(Severity.BREAKING) > 0
