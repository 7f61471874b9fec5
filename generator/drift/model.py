"""Describe what drift finds: a severity, a change at one place in the API, and a semver bump."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field


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

# SemVer lets anything change before 1.0; the common convention there (Cargo's, for one) shifts every level one
# place: a breaking change takes a minor bump (0.2.0 -> 0.3.0), anything else a patch bump. What is breaking
# does not change with it: only the number that marks it does.
_BELOW_ONE = {Bump.MAJOR: Bump.MINOR, Bump.MINOR: Bump.PATCH, Bump.PATCH: Bump.PATCH, Bump.NONE: Bump.NONE}
_WHY = {
    Bump.MAJOR: "a change breaks callers",
    Bump.MINOR: "changes may break some callers, or add what callers can use, and none breaks them",
    Bump.PATCH: "no change alters what callers can do",
    Bump.NONE: "nothing changed that matters to a client",
}
_WHAT = {Bump.MAJOR: "a breaking change", Bump.MINOR: "a change that breaks nothing"}
_VERSION = re.compile(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?")


@dataclass(frozen=True)
class Recommendation:
    """The bump this package needs: ``bump``, for changes SemVer marks with ``level`` from 1.0 on, and why."""

    bump: Bump
    level: Bump
    version: str | None = None  # the package's version now, when known
    next_version: str | None = None

    @property
    def reason(self) -> str:
        """Return why this bump, as a sentence without its full stop."""
        why = _WHY[self.level]
        if self.bump is self.level:
            return why
        convention = f"the 0.x convention, as Cargo's; from 1.0 on: {self.level.value}"
        return f"{why}, and below 1.0 {_WHAT[self.level]} takes a {self.bump.value} bump ({convention})"


def recommend(level: Bump, version: str | None) -> Recommendation:
    """Return the bump for changes of SemVer ``level`` to a package at ``version`` (None: unknown, as at 1.0)."""
    found = _VERSION.match(version or "")
    if found is None:
        return Recommendation(level, level, version)
    major, minor, patch = (int(part or 0) for part in found.groups())
    bump = _BELOW_ONE[level] if major == 0 else level
    following = {
        Bump.MAJOR: f"{major + 1}.0.0",
        Bump.MINOR: f"{major}.{minor + 1}.0",
        Bump.PATCH: f"{major}.{minor}.{patch + 1}",
    }.get(bump)
    return Recommendation(bump, level, version, following)


@dataclass(frozen=True)
class Use:
    """An operation a change affects, and the property path by which it reaches the change ("" for none)."""

    operation: str
    path: str = ""


@dataclass(frozen=True)
class Change:
    """One change that can matter to a client, once, with every operation it affects.

    ``uses`` name the operations (``"POST /sessions/{session_id}/stop"``) or the component
    (``"components.securitySchemes.ApiKeyAuth"``), the first the one ``message`` is worded for; ``pointer`` is
    a JSON pointer into NEW, or into OLD when the thing was removed; ``meaning`` says what the change means for
    a caller of the generated client. ``subject`` is the wire name of the parameter or header it is about,
    ``values`` the JSON values it is about (enum values, constants) as JSON text, and ``detail`` what changed
    whatever the operation: the changes one edit makes in several operations share rule, pointer and detail,
    and become one.
    """

    rule: str
    severity: Severity
    bump: Bump
    uses: tuple[Use, ...]
    pointer: str
    message: str
    meaning: str = ""
    subject: str = ""
    values: tuple[str, ...] = ()
    detail: str = field(default="", repr=False)
    python: tuple[CodeChange, ...] = ()  # what --code found that comes from this change (see meaning.fold)

    @property
    def operations(self) -> tuple[str, ...]:
        """Return the operations (or components) the change affects, the one its message is worded for first."""
        return tuple(use.operation for use in self.uses)

    def sort_key(self) -> tuple[int, str, str, str]:
        """Return the report order: worst first, then by operation, pointer and rule."""
        return (self.severity.rank, self.uses[0].operation if self.uses else "", self.pointer, self.rule)


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
    old_names: str = ""  # the name lock each side was generated with, as a report names it
    new_names: str = ""


@dataclass(frozen=True)
class Report:
    """Everything one comparison found, with the names of the two documents and this package's version."""

    old: str
    new: str
    changes: tuple[Change, ...]
    code: CodeSection | None = None
    version: str | None = None  # this package's version, which the recommended bump applies to

    @property
    def level(self) -> Bump:
        """Return the bump SemVer asks for these changes from 1.0 on (a breaking Python API change alone: major)."""
        best = max((c.bump for c in self.changes), key=lambda b: b.rank, default=Bump.NONE)
        if self.code is not None and any(c.severity is Severity.BREAKING for c in self.code.changes):
            return Bump.MAJOR
        if self.code is not None and self.code.changes and best.rank < Bump.MINOR.rank:
            return Bump.MINOR
        return best

    @property
    def recommendation(self) -> Recommendation:
        """Return the bump this package needs at its version, and why."""
        return recommend(self.level, self.version)

    @property
    def bump(self) -> Bump:
        """Return the semver bump this package needs for these changes, at its version."""
        return self.recommendation.bump

    def count(self, severity: Severity) -> int:
        """Return how many spec and code changes have ``severity``."""
        spec = sum(1 for c in self.changes if c.severity is severity)
        code = sum(1 for c in self.code.changes if c.severity is severity) if self.code else 0
        return spec + code

    @property
    def breaking(self) -> bool:
        """Return whether anything, in the spec or in the code, breaks callers."""
        return self.count(Severity.BREAKING) > 0
