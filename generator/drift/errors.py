"""Errors of the drift tool, inside the pipeline's one tree.

PipelineError (generator.errors)
└── UnusableInput        an OLD or NEW document that cannot be read, fetched, parsed or understood (exit 2)
    ├── GitRefMissing    the ref of a `REF:path` input does not exist
    └── GitPathMissing   the path of a `REF:path` input does not exist at that ref
"""

from __future__ import annotations

from generator.errors import PipelineError, Problem


class UnusableInput(PipelineError):
    """A document the drift tool cannot compare; ``str()`` names which input, where it came from, and why."""

    def __init__(self, label: str, source: str, reason: str) -> None:
        self.label = label
        self.source = source
        self.reason = reason
        super().__init__(Problem(file=f"{label} {source}" if label else source, reason=reason))


class GitRefMissing(UnusableInput):
    """The git ref of a ``REF:path`` input does not exist."""


class GitPathMissing(UnusableInput):
    """The path of a ``REF:path`` input does not exist at that ref."""
