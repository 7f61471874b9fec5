"""Errors of the pipeline: each one is a single line that names the file, the place in it and the reason."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.registry import ROOT


def display_path(path: Path | str) -> str:
    """Return ``path`` relative to the repository when it lies inside it, else as given."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(ROOT))
    except ValueError:
        return str(p)


def _one_line(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and why."""

    file: str
    reason: str
    pointer: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.pointer:
            where += f": at {self.pointer}"
        return f"{where}: {_one_line(self.reason)}"


class PipelineError(Exception):
    """A run of the pipeline that cannot go on; ``str()`` is one line per problem, the first one first."""

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(file="generator", reason=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = problems
        super().__init__("\n".join(str(p) for p in problems))
