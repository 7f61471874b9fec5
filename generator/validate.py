"""Validate an OpenAPI 3.0 or 3.1 document, reporting the first problem as one line with its place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.documents import pointer, problem_at
from generator.errors import PipelineError, Problem, display_path


def _version_problem(path: Path | str, text: str, doc: dict[str, Any]) -> Problem | None:
    version = doc.get("openapi")
    if version is None:
        if "swagger" in doc:
            return problem_at(path, text, "/swagger", "Swagger 2.0 is not supported: convert it to OpenAPI 3")
        return Problem(display_path(path), "not an OpenAPI document: no top-level 'openapi' version field")
    if not isinstance(version, str) or not version.startswith(("3.0", "3.1")):
        return problem_at(path, text, "/openapi", f"unsupported OpenAPI version {version!r} (need 3.0.x or 3.1.x)")
    return None


def validate(doc: dict[str, Any], text: str, path: Path | str) -> None:
    """Raise PipelineError naming file, place and reason when ``doc`` is not a valid OpenAPI document."""
    version_problem = _version_problem(path, text, doc)
    if version_problem:
        raise PipelineError(version_problem)

    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    validator_cls = OpenAPIV31SpecValidator if doc["openapi"].startswith("3.1") else OpenAPIV30SpecValidator
    try:
        errors = list(validator_cls(doc).iter_errors())
    except Exception as exc:
        raise PipelineError(Problem(display_path(path), f"invalid document: {exc}")) from None
    if not errors:
        return
    error = min(errors, key=lambda e: (-len(e.absolute_path), str(e.message)))
    ptr = pointer(*error.absolute_path)
    reason = error.message
    if len(errors) > 1:
        reason += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    raise PipelineError(problem_at(path, text, ptr, reason))
