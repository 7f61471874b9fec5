"""Compare two schemas by meaning and name the direction-neutral facts that changed.

Whether a fact breaks callers depends on the side (see rules.py): the walk here only decides which properties
each side can see (`readOnly` ones are never sent, `writeOnly` ones never received).

The walk stops at references (see ``Normalizer.target``): comparing a pair of schemas gives its own findings
plus the pairs of referenced schemas it reaches, memoized per pair and side. A whole comparison then visits
the reachable pairs breadth first, each once, so a component shared by many operations is compared once, each
of its changes is reported once per operation at the shortest path that reaches it, and a recursive schema
is a finite graph rather than an endless tree.
"""

from __future__ import annotations

import enum
import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from generator.drift.normalize import Bound, Key, Normalizer, Shape
from generator.drift.unchanged import unchanged_schemas

_FORMAT_WIDENINGS = {("int32", "int64"), ("float", "double")}
_SCALARS = frozenset({"string", "number", "integer", "boolean"})
_FORMAT_OWNERS = {"int32": "integer", "int64": "integer", "float": "number", "double": "number"}  # else string
_LIMIT_FACTS = {
    "maxLength": "max-length",
    "maxItems": "max-items",
    "maxProperties": "max-properties",
    "minLength": "min-length",
    "minItems": "min-items",
    "minProperties": "min-properties",
}
_SHOWN_VALUES = 8
_Child = Callable[[Key, Key, "str | None"], None]  # compares a pair of sub-schemas reached through a step
# Facts a union compares on itself: a variant matched against a whole non-union schema must not repeat them.
_UNION_LEVEL = frozenset({"became-nullable", "became-not-nullable", "default-changed", "became-deprecated"})


class Side(enum.Enum):
    """Which way data flows: what the client sends, or what it receives."""

    REQUEST = "request"
    RESPONSE = "response"


@dataclass(frozen=True)
class Finding:
    """A fact that changed, at a property path below the compared schema (empty: the schema itself)."""

    fact: str
    path: tuple[str, ...]
    pointer: str
    detail: str
    values: tuple[str, ...] = ()  # the JSON values it is about (enum values, constants), as JSON text

    def below(self, prefix: tuple[str, ...]) -> Finding:
        """Return this finding as seen from ``prefix`` levels up."""
        return replace(self, path=(*prefix, *self.path)) if prefix else self


Path = tuple[str, ...]
_Pair = tuple[Key, Key, "Side"]


@dataclass
class _Walk:
    """What comparing one pair of schemas found, and the referenced pairs it reached (with their paths)."""

    findings: list[Finding] = field(default_factory=list)
    edges: list[tuple[Path, Key, Key]] = field(default_factory=list)


def show_path(path: tuple[str, ...]) -> str:
    """Render a property path: ``items[].id``."""
    text = ""
    for step in path:
        text += step if step == "[]" or not text else f".{step}"
    return text


def _values(values: set[str]) -> str:
    shown = sorted(values)[:_SHOWN_VALUES]
    text = ", ".join(json.dumps(json.loads(v)) for v in shown)
    more = len(values) - len(shown)
    return f"{text} and {more} more" if more else text


def _plural(values: set[str]) -> str:
    return "enum value" if len(values) == 1 else "enum values"


def _covers(wide: frozenset[str], narrow: frozenset[str]) -> bool:
    if not wide:
        return True
    if not narrow:
        return False
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def _type_text(shape: Shape) -> str:
    kinds = "/".join(sorted(shape.types)) or "any"
    return f"{kinds} ({shape.format})" if shape.format else kinds


def _kinds_fact(old: frozenset[str], new: frozenset[str]) -> str | None:
    if old == new:
        return None
    wider, narrower = _covers(new, old), _covers(old, new)
    if wider and not narrower:
        return "type-widened"
    if narrower and not wider:
        return "type-narrowed"
    return "type-changed"


def _format_fact(o: Shape, n: Shape) -> str | None:
    """Return how the format changed, when both sides have the type it applies to (else it says nothing)."""
    if o.format == n.format:
        return None
    owners = {_FORMAT_OWNERS.get(f, "string") for f in (o.format, n.format) if f is not None}
    if not all(_covers(o.types, frozenset({t})) and _covers(n.types, frozenset({t})) for t in owners):
        return None  # int64 -> double beside integer -> number: each format is its own type's, the type says it
    if o.format is None:
        return "type-narrowed"
    if n.format is None or (o.format, n.format) in _FORMAT_WIDENINGS:
        return "type-widened"
    if (n.format, o.format) in _FORMAT_WIDENINGS:
        return "type-narrowed"
    return "type-changed"


def _as_text(o: Shape, n: Shape) -> bool:
    """Return whether every scalar value ``o`` allows, written as text, is a value ``n`` allows."""
    return "string" in n.types and n.format is None and bool(o.types) and o.types <= _SCALARS


def _type_fact(o: Shape, n: Shape) -> str | None:
    """Return how type and format changed, judged together: one widened and the other narrowed is a change."""
    kinds, form = _kinds_fact(o.types, n.types), _format_fact(o, n)
    if kinds is None or form is None or kinds == form:
        return kinds or form
    return "type-changed"


def _bound_fact(name: str, old: Bound | None, new: Bound | None, upper: bool) -> tuple[str, str] | None:
    noun = "maximum" if upper else "minimum"
    if old == new:
        return None
    if old is None:
        assert new is not None
        return f"{name}-set", f"gained a {noun} of {_bound(new)}"
    if new is None:
        return f"{name}-unset", f"lost its {noun} of {_bound(old)}"
    # A bound is tighter when it lets fewer values through; at equal values, exclusive is tighter.
    if upper:
        verb = "decreased" if (new.value, not new.exclusive) < (old.value, not old.exclusive) else "increased"
    else:
        verb = "increased" if (new.value, new.exclusive) > (old.value, old.exclusive) else "decreased"
    return f"{name}-{verb}", f"{noun} changed from {_bound(old)} to {_bound(new)}"


def _bound(bound: Bound) -> str:
    value = int(bound.value) if bound.value.is_integer() else bound.value
    return f"{value} (exclusive)" if bound.exclusive else str(value)


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


class SchemaDiff:
    """Compare schemas of an OLD and a NEW document.

    With ``text``, the values compared travel as text (parameters given by a `schema`: path, query, header,
    cookie, down to the properties of an object parameter and the items of an array one): a scalar that
    becomes a plain string still accepts the text of every value sent before, so that is a widening.
    """

    def __init__(
        self, old: Normalizer, new: Normalizer, *, text: bool = False, unchanged: frozenset[str] | None = None
    ) -> None:
        self.old = old
        self.new = new
        self.text = text
        self._memo: dict[_Pair, tuple[Finding, ...]] = {}
        self._walks: dict[_Pair, _Walk] = {}
        if unchanged is None:
            unchanged = unchanged_schemas(old.document.data, new.document.data)
        self._unchanged = unchanged

    def as_text(self) -> SchemaDiff:
        """Return a SchemaDiff of the same documents for values that travel as text (see the class)."""
        return SchemaDiff(self.old, self.new, text=True, unchanged=self._unchanged)

    def diff(self, old: Key, new: Key, side: Side) -> tuple[Finding, ...]:
        """Return what changed from schema ``old`` to schema ``new`` for data flowing on ``side``."""
        root = _Walk()
        self._step(root, old, new, side=side, step=None, stack=set(), union=False)
        found = list(root.findings)
        for path, a, b in root.edges:
            found.extend(f.below(path) for f in self._closure(a, b, side))
        return tuple(found)

    def _closure(self, old: Key, new: Key, side: Side) -> tuple[Finding, ...]:
        """Return the findings of a referenced pair and of every pair it reaches, each pair once."""
        pair = (old, new, side)
        if pair in self._memo:
            return self._memo[pair]
        found: list[Finding] = []
        queue: deque[tuple[Path, Key, Key]] = deque([((), old, new)])
        seen: set[tuple[Key, Key]] = set()
        while queue:
            path, a, b = queue.popleft()
            if (a, b) in seen:
                continue
            seen.add((a, b))
            walk = self._local(a, b, side, set())
            found.extend(f.below(path) for f in walk.findings)
            queue.extend(((*path, *sub), x, y) for sub, x, y in walk.edges)
        self._memo[pair] = tuple(found)
        return self._memo[pair]

    def _step(
        self, walk: _Walk, old: Key, new: Key, *, side: Side, step: str | None, stack: set[_Pair], union: bool
    ) -> None:
        """Compare a pair of sub-schemas reached through ``step`` into ``walk``."""
        prefix: Path = (step,) if step else ()
        old_target, new_target = self.old.target(old), self.new.target(new)
        if old_target is not None and new_target is not None:
            # Two references: compare what the reference sites add (nullability, a default), and leave the
            # referenced pair for the breadth-first visit.
            o, n = self.old.shape(old), self.new.shape(new)
            inner: list[Finding] = []
            self._annotations(self.old.shape((old_target,)), self.new.shape((new_target,)), "", inner)
            found: list[Finding] = []
            self._annotations(o, n, n.pointer or o.pointer, found)
            found = [f for f in found if f.fact not in {i.fact for i in inner}]
            unchanged = old_target == new_target and old_target in self._unchanged
            edges: list[tuple[Path, Key, Key]] = [] if unchanged else [((), (old_target,), (new_target,))]
        else:
            sub = self._local(old, new, side, stack)
            found, edges = sub.findings, sub.edges
        if union:
            found = [f for f in found if f.path or f.fact not in _UNION_LEVEL]
        walk.findings.extend(f.below(prefix) for f in found)
        walk.edges.extend(((*prefix, *path), a, b) for path, a, b in edges)

    def _local(self, old: Key, new: Key, side: Side, stack: set[_Pair]) -> _Walk:
        pair = (old, new, side)
        if pair in self._walks:
            return self._walks[pair]
        if pair in stack:  # a cycle that passes through no plain reference: its first visit reports it
            return _Walk()
        stack.add(pair)
        o, n = self.old.shape(old), self.new.shape(new)
        walk = _Walk()

        def child(old_key: Key, new_key: Key, step: str | None) -> None:
            whole = step is None and (old_key == old or new_key == new)
            self._step(walk, old_key, new_key, side=side, step=step, stack=stack, union=whole)

        here = n.pointer or o.pointer
        self._annotations(o, n, here, walk.findings)
        if o.variants or n.variants:
            self._variants(o, n, here, walk.findings, child)
        else:
            self._scalars(o, n, here, walk.findings)
            if _covers(n.types, frozenset({"object"})) and _covers(o.types, frozenset({"object"})):
                self._properties(o, n, side, walk.findings, child)
            if o.items is not None and n.items is not None:
                child(o.items, n.items, "[]")
            self._additional(o, n, here, walk.findings, child)
        stack.discard(pair)
        self._walks[pair] = walk
        return walk

    @staticmethod
    def _annotations(o: Shape, n: Shape, here: str, out: list[Finding]) -> None:
        if o.nullable and not n.nullable and n.untyped:
            pass  # a schema that says no type (nor enum, nor const) still accepts null, whatever its properties
        elif o.nullable != n.nullable:
            fact = "became-nullable" if n.nullable else "became-not-nullable"
            out.append(Finding(fact, (), here, "may now be null" if n.nullable else "may no longer be null"))
        if o.default != n.default:
            out.append(Finding("default-changed", (), here, _default_detail(o, n)))
        if n.deprecated and not o.deprecated:
            out.append(Finding("became-deprecated", (), here, "was deprecated"))

    def _scalars(self, o: Shape, n: Shape, here: str, out: list[Finding]) -> None:
        fact = _type_fact(o, n)
        if fact and self.text and _as_text(o, n):
            fact = "type-widened"
        if fact:
            out.append(Finding(fact, (), here, f"changed type from {_type_text(o)} to {_type_text(n)}"))
        if o.const is not None or n.const is not None:
            if _allowed(o) != _allowed(n):  # `const: a` and `enum: [a]` allow the same: a spelling, not a change
                out.append(_const_finding(o.const, n.const, here))
        elif o.enum is not None and n.enum is not None:
            added, removed = set(n.enum - o.enum), set(o.enum - n.enum)
            if added:
                text = f"gained {_plural(added)} {_values(added)}"
                out.append(Finding("enum-value-added", (), here, text, tuple(sorted(added))))
            if removed:
                text = f"lost {_plural(removed)} {_values(removed)}"
                out.append(Finding("enum-value-removed", (), here, text, tuple(sorted(removed))))
        elif n.enum is not None:
            text = f"is now restricted to {_values(set(n.enum))}"
            out.append(Finding("became-enum", (), here, text, tuple(sorted(n.enum))))
        elif o.enum is not None:
            out.append(Finding("enum-removed", (), here, "is no longer restricted to an enum"))
        for name, fact_name in _LIMIT_FACTS.items():
            before, after = o.limits.get(name), n.limits.get(name)
            if before == after:
                continue
            if before is None or after is None:
                shown = _number(after if after is not None else before)  # type: ignore[arg-type]  # one is set
                verb = "set" if before is None else "unset"
                text = f"gained {name} {shown}" if before is None else f"lost {name} {shown}"
            else:
                verb = "increased" if after > before else "decreased"
                text = f"{name} changed from {_number(before)} to {_number(after)}"
            out.append(Finding(f"{fact_name}-{verb}", (), here, text))
        for name, before_bound, after_bound, upper in (
            ("max", o.maximum, n.maximum, True),
            ("min", o.minimum, n.minimum, False),
        ):
            bound = _bound_fact(name, before_bound, after_bound, upper)
            if bound:
                out.append(Finding(bound[0], (), here, bound[1]))
        if o.pattern != n.pattern:
            if o.pattern is None:
                out.append(Finding("pattern-added", (), here, f"gained pattern {n.pattern!r}"))
            elif n.pattern is None:
                out.append(Finding("pattern-removed", (), here, f"lost pattern {o.pattern!r}"))
            else:
                out.append(Finding("pattern-changed", (), here, f"pattern changed from {o.pattern!r} to {n.pattern!r}"))
        for group in sorted(o.constraints.keys() | n.constraints.keys()):
            if o.constraints.get(group) != n.constraints.get(group):
                out.append(_constraint_finding(group, o.constraints.get(group), n.constraints.get(group), here))
        if o.multiple_of != n.multiple_of:
            out.append(
                Finding(
                    "multiple-of-changed",
                    (),
                    here,
                    f"multipleOf changed from {o.multiple_of} to {n.multiple_of}",
                )
            )

    def _visible(self, shape: Shape, normalizer: Normalizer, side: Side) -> dict[str, Key]:
        hidden = "read_only" if side is Side.REQUEST else "write_only"
        return {name: key for name, key in shape.properties.items() if not getattr(normalizer.shape(key), hidden)}

    def _properties(self, o: Shape, n: Shape, side: Side, out: list[Finding], child: _Child) -> None:
        before, after = self._visible(o, self.old, side), self._visible(n, self.new, side)
        for name in before.keys() - after.keys():
            state = "required" if name in o.required else "optional"
            out.append(Finding(f"removed-{state}", (name,), o.property_pointers[name], f"was removed (it was {state})"))
        for name in after.keys() - before.keys():
            state = "required" if name in n.required else "optional"
            out.append(Finding(f"added-{state}", (name,), n.property_pointers[name], f"was added as {state}"))
        for name in sorted(before.keys() & after.keys()):
            was, now = name in o.required, name in n.required
            if was != now:
                fact = "became-required" if now else "became-optional"
                out.append(Finding(fact, (name,), n.property_pointers[name], fact.replace("-", " ")))
            child(before[name], after[name], name)

    def _additional(self, o: Shape, n: Shape, here: str, out: list[Finding], child: _Child) -> None:
        if o.additional is not False and n.additional is False:
            out.append(Finding("additional-properties-restricted", (), here, "no longer allows additional properties"))
        elif o.additional is False and n.additional is not False:
            out.append(Finding("additional-properties-allowed", (), here, "now allows additional properties"))
        elif isinstance(o.additional, tuple) and isinstance(n.additional, tuple):
            child(o.additional, n.additional, "*")

    def _variants(self, o: Shape, n: Shape, here: str, out: list[Finding], child: _Child) -> None:
        olds = list(o.variants or (o.key,))
        news = list(n.variants or (n.key,))
        pairs: list[tuple[Key, Key]] = []
        for match in (self._same_shape, self._same_name, self._same_type, self._last_left):
            for old_key, new_key in match(olds, news):
                pairs.append((old_key, new_key))
                olds.remove(old_key)
                news.remove(new_key)
        kind = n.variant_kind if n.variants else o.variant_kind
        for old_key in olds:
            text = f"lost its {kind} variant {self._describe(self.old, old_key)}"
            out.append(Finding("variant-removed", (), here, text))
        for new_key in news:
            text = f"gained a {kind} variant {self._describe(self.new, new_key)}"
            out.append(Finding("variant-added", (), here, text))
        for old_key, new_key in pairs:
            child(old_key, new_key, None)

    def _same_shape(self, olds: list[Key], news: list[Key]) -> list[tuple[Key, Key]]:
        prints = {self.new.fingerprint(k): k for k in news}
        found = [(k, prints.pop(self.old.fingerprint(k))) for k in olds if self.old.fingerprint(k) in prints]
        return found

    def _same_name(self, olds: list[Key], news: list[Key]) -> list[tuple[Key, Key]]:
        names = {self.new.shape(k).name: k for k in news if self.new.shape(k).name}
        return [(k, names.pop(name)) for k in olds if (name := self.old.shape(k).name) in names]

    def _same_type(self, olds: list[Key], news: list[Key]) -> list[tuple[Key, Key]]:
        def by_type(keys: list[Key], normalizer: Normalizer) -> dict[frozenset[str], list[Key]]:
            groups: dict[frozenset[str], list[Key]] = {}
            for k in keys:
                groups.setdefault(normalizer.shape(k).types, []).append(k)
            return groups

        old_groups, new_groups = by_type(olds, self.old), by_type(news, self.new)
        return [
            (ks[0], new_groups[t][0])
            for t, ks in old_groups.items()
            if len(ks) == 1 and len(new_groups.get(t, [])) == 1
        ]

    @staticmethod
    def _last_left(olds: list[Key], news: list[Key]) -> list[tuple[Key, Key]]:
        return [(olds[0], news[0])] if len(olds) == 1 and len(news) == 1 else []

    @staticmethod
    def _describe(normalizer: Normalizer, key: Key) -> str:
        shape = normalizer.shape(key)
        return shape.name or _type_text(shape)


def _constraint_finding(group: str, before: str | None, after: str | None, here: str) -> Finding:
    # prefixItems are facts of their own: the generated client reads array items as any of them (and `items`).
    fact = "prefix-items" if group == "prefixItems" else "constraint"
    if before is None:
        return Finding(f"{fact}-added", (), here, f"gained a `{group}` constraint")
    if after is None:
        return Finding(f"{fact}-removed", (), here, f"lost its `{group}` constraint")
    return Finding(f"{fact}-changed", (), here, f"`{group}` constraint changed")


def _allowed(shape: Shape) -> frozenset[str] | None:
    return frozenset({shape.const}) if shape.const is not None else shape.enum


def _const_finding(old: str | None, new: str | None, here: str) -> Finding:
    if old is None:
        return Finding("const-added", (), here, f"is now the constant {_values({str(new)})}", (str(new),))
    if new is None:
        return Finding("const-removed", (), here, f"is no longer the constant {_values({old})}", (old,))
    text = f"constant changed from {_values({old})} to {_values({new})}"
    return Finding("const-changed", (), here, text, (old, new))


def _default_detail(o: Shape, n: Shape) -> str:
    if not o.has_default:
        return f"gained default {n.default}"
    if not n.has_default:
        return f"lost its default {o.default}"
    return f"default changed from {o.default} to {n.default}"
