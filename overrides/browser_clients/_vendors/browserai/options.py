"""The options ``run()`` passes on to BrowserAI, named so type checkers see every one of them."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from browserai_client.models.geo_location import GeoLocation
    from browserai_client.models.task_type import TaskType


class BrowserAIOptions(TypedDict, total=False):
    """BrowserAI's create-task fields beyond the instruction (the task text becomes its one instruction)."""

    project: str
    """The project the task belongs to; defaults to ``$BROWSERAI_PROJECT`` (BrowserAI requires one)."""
    geo_location: GeoLocation | str
    """Where the browser appears to be: a GeoLocation or a country code; defaults to "US"."""
    type: TaskType | str
    """crawler_automation (the task is natural language, the default) or script_automation (TypeScript)."""
    inspect: bool
