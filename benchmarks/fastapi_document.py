"""Make a large OpenAPI 3.1 document shaped like FastAPI's output, and a changed copy of it, for the drift run.

The shapes are the ones real vendor documents have: ``anyOf [X, null]`` for every optional field, long module-path
schema names, operation ids that spell out path and method, a 422 HTTPValidationError on every operation, query
parameters with titles and defaults, enums, nested objects and free-form ``{}`` properties. Everything is
deterministic, so two runs compare the same bytes.
"""

from __future__ import annotations

import copy
import json
from typing import Any

Document = dict[str, Any]

_FIELD_KINDS: tuple[dict[str, Any], ...] = (
    {"type": "string"},
    {"type": "integer"},
    {"type": "number"},
    {"type": "boolean"},
    {"type": "string", "format": "date-time"},
    {"type": "string", "format": "uuid"},
    {"type": "array", "items": {"type": "string"}},
    {},
)


def _title(name: str) -> str:
    return " ".join(part.capitalize() for part in name.split("_"))


def _nullable(schema: dict[str, Any], name: str, description: str) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}], "title": _title(name), "description": description}


def _schemas(resource: str, module: str, fields: int) -> dict[str, Any]:
    prefix = f"{module}__{resource.capitalize()}"
    status = f"{prefix}Status"
    properties: dict[str, Any] = {}
    for index in range(fields):
        name = f"{resource}_field_{index}"
        kind = _FIELD_KINDS[index % len(_FIELD_KINDS)]
        text = f"The {index}th attribute of a {resource}, as the service stores it."
        properties[name] = (
            {**kind, "title": _title(name), "description": text} if index % 3 == 0 else _nullable(kind, name, text)
        )
    view = {
        "type": "object",
        "title": f"{resource.capitalize()}View",
        "description": f"A {resource} as the API returns it.",
        "required": ["id", "status", "created_at", f"{resource}_field_0"],
        "properties": {
            "id": {"type": "string", "format": "uuid", "title": "Id"},
            "status": {"$ref": f"#/components/schemas/{status}"},
            "created_at": {"type": "string", "format": "date-time", "title": "Created At"},
            "owner": {"$ref": "#/components/schemas/app__models__common__Owner"},
            **properties,
        },
    }
    create = {
        "type": "object",
        "title": f"{resource.capitalize()}Create",
        "required": [f"{resource}_field_0"],
        "properties": {k: v for k, v in properties.items() if not k.endswith(("_1", "_2"))},
    }
    update = {
        "type": "object",
        "title": f"{resource.capitalize()}Update",
        "properties": {k: _nullable({"type": "string"}, k, "Leave out to keep the value.") for k in properties},
    }
    return {
        f"{prefix}View": view,
        f"{prefix}Create": create,
        f"{prefix}Update": update,
        status: {
            "type": "string",
            "enum": ["created", "queued", "running", "paused", "stopped", "failed", "archived"],
            "title": f"{resource.capitalize()}Status",
        },
        f"{prefix}Page": {
            "type": "object",
            "title": f"{resource.capitalize()}Page",
            "required": ["items", "total"],
            "properties": {
                "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{prefix}View"}, "title": "Items"},
                "total": {"type": "integer", "title": "Total"},
                "next_cursor": _nullable({"type": "string"}, "next_cursor", "Where the next page starts."),
            },
        },
    }


def _responses(ok: str | None) -> dict[str, Any]:
    answer: dict[str, Any] = {"description": "Successful Response"}
    if ok is not None:
        answer["content"] = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ok}"}}}
    return {
        "200": answer,
        "422": {
            "description": "Validation Error",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}},
        },
    }


def _paths(resource: str, module: str) -> dict[str, Any]:
    prefix = f"{module}__{resource.capitalize()}"
    plural = f"{resource}s"
    item_id = {
        "name": f"{resource}_id",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "format": "uuid", "title": f"{_title(resource)} Id"},
    }
    listing = [
        {
            "name": "cursor",
            "in": "query",
            "required": False,
            "schema": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Cursor"},
        },
        {
            "name": "limit",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "maximum": 100, "minimum": 1, "default": 20, "title": "Limit"},
        },
        {
            "name": "status",
            "in": "query",
            "required": False,
            "schema": {
                "anyOf": [{"$ref": f"#/components/schemas/{prefix}Status"}, {"type": "null"}],
                "title": "Status",
            },
        },
    ]

    def operation(verb: str, path: str, summary: str, **parts: Any) -> dict[str, Any]:
        op_id = f"{summary.lower().replace(' ', '_')}_api_v1_{path.strip('/').replace('/', '_').replace('{', '')}"
        return {
            "tags": [_title(plural)],
            "summary": summary,
            "operationId": f"{op_id.replace('}', '')}_{verb}",
            **parts,
        }

    body = {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{prefix}Create"}}},
    }
    patch = {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{prefix}Update"}}},
    }
    collection, item = f"/api/v1/{plural}", f"/api/v1/{plural}/{{{resource}_id}}"
    return {
        collection: {
            "get": operation(
                "get", collection, f"List {_title(plural)}", parameters=listing, responses=_responses(f"{prefix}Page")
            ),
            "post": operation(
                "post",
                collection,
                f"Create {_title(resource)}",
                requestBody=body,
                responses=_responses(f"{prefix}View"),
            ),
        },
        item: {
            "get": operation(
                "get", item, f"Get {_title(resource)}", parameters=[item_id], responses=_responses(f"{prefix}View")
            ),
            "patch": operation(
                "patch",
                item,
                f"Update {_title(resource)}",
                parameters=[item_id],
                requestBody=patch,
                responses=_responses(f"{prefix}View"),
            ),
            "delete": operation(
                "delete", item, f"Delete {_title(resource)}", parameters=[item_id], responses=_responses(None)
            ),
        },
        f"{item}/stop": {
            "post": operation(
                "post",
                f"{item}/stop",
                f"Stop {_title(resource)}",
                parameters=[item_id],
                requestBody={
                    "required": False,
                    "content": {
                        "application/json": {
                            "schema": {
                                "anyOf": [{"$ref": f"#/components/schemas/{prefix}Update"}, {"type": "null"}],
                                "title": "Body",
                            }
                        }
                    },
                },
                responses=_responses(f"{prefix}View"),
            ),
        },
    }


def document(resources: int = 16, fields: int = 22) -> Document:
    """Return a FastAPI-shaped document with ``resources`` resources of ``fields`` fields each."""
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {
        "HTTPValidationError": {
            "type": "object",
            "title": "HTTPValidationError",
            "properties": {
                "detail": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/ValidationError"},
                    "title": "Detail",
                }
            },
        },
        "ValidationError": {
            "type": "object",
            "title": "ValidationError",
            "required": ["loc", "msg", "type"],
            "properties": {
                "loc": {
                    "type": "array",
                    "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                    "title": "Location",
                },
                "msg": {"type": "string", "title": "Message"},
                "type": {"type": "string", "title": "Error Type"},
            },
        },
        "app__models__common__Owner": {
            "type": "object",
            "title": "Owner",
            "required": ["id"],
            "properties": {
                "id": {"type": "string", "format": "uuid", "title": "Id"},
                "email": _nullable({"type": "string", "format": "email"}, "email", "Contact address."),
            },
        },
    }
    for index in range(resources):
        resource = f"resource{index:02d}"
        module = f"app__api__v1__endpoints__{resource}__models"
        paths.update(_paths(resource, module))
        schemas.update(_schemas(resource, module, fields))
    return {
        "openapi": "3.1.0",
        "info": {"title": "Benchmark Service", "version": "1.0.0", "description": "A FastAPI-shaped document."},
        "servers": [{"url": "https://api.example.invalid"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"APIKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key"}},
        },
        "security": [{"APIKeyHeader": []}],
    }


def changed(old: Document) -> Document:
    """Return a copy of ``old`` with the changes a release brings: some harmless, some breaking."""
    new = copy.deepcopy(old)
    paths, schemas = new["paths"], new["components"]["schemas"]
    removed = next(p for p in paths if p.endswith("/stop"))
    del paths[removed]  # an operation removed: breaking
    view = next(k for k in schemas if k.endswith("View"))
    schemas[view]["properties"]["region"] = _nullable({"type": "string"}, "region", "Where it runs.")  # additive
    create = next(k for k in schemas if k.endswith("Create"))
    schemas[create]["required"].append(next(iter(schemas[create]["properties"])) + "_extra")
    schemas[create]["properties"][schemas[create]["required"][-1]] = {"type": "string", "title": "Extra"}
    status = next(k for k in schemas if k.endswith("Status"))
    schemas[status]["enum"].append("hibernating")  # a new enum value in a response
    listing = next(p for p in paths if p.endswith("s") and "get" in paths[p])
    paths[listing]["get"]["parameters"][1]["schema"]["maximum"] = 50  # a tighter limit
    new["info"]["version"] = "1.1.0"
    return new


def dumps(doc: Document) -> str:
    """Return ``doc`` as compact JSON, as FastAPI serves it."""
    return json.dumps(doc, separators=(",", ":"))
