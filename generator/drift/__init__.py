"""Report what a change of an OpenAPI document does to this project's users, and gate CI on it.

`python -m generator drift OLD NEW` and `python -m generator drift-ci` are the command lines (command.py,
ci.py); this package's API is what they are built from.
"""

from generator.drift.compare import compare
from generator.drift.errors import UnusableInput
from generator.drift.load import Document, from_data, load
from generator.drift.model import Bump, Change, CodeChange, CodeSection, Report, Severity
from generator.drift.report import render

__all__ = [
    "Bump",
    "Change",
    "CodeChange",
    "CodeSection",
    "Document",
    "Report",
    "Severity",
    "UnusableInput",
    "compare",
    "from_data",
    "load",
    "render",
]
