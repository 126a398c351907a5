"""Editor support: the model's JSON Schema made for clean completion (types, enums, defaults) and the team's values."""

from __future__ import annotations

from typing import Any

from postmortem.config.model import Config
from postmortem.model import patterns
from postmortem.model.fieldtypes import WINDOWS_RESERVED
from postmortem.model.incident import internal_field_names
from postmortem.model.names import REPORT_FORMATS, RESERVED
from postmortem.model.statuses import ACTION_STATUSES, COMMON_WORDS, STATUS_WORDS, status_word

Schema = dict[str, Any]
_SCHEMAS = ("properties", "$defs", "patternProperties")
_SUBSCHEMA = ("items", "not", "if", "then", "else", "additionalProperties", "contains")
_LISTS = ("anyOf", "allOf", "oneOf", "prefixItems")


def tidy(schema: Schema) -> Schema:
    """The model's schema without what makes editors offer odd completions: ``null`` defaults, titles, bare unions.

    An optional value (``X or null``) becomes one schema of types ``[X, "null"]``; every property gets a type.
    No ``defaultSnippets``: yaml-language-server offers a list's snippets inside its items too, and an item's
    inside an item already begun (tests/test_editor.py shows what it offers).
    """
    _walk(schema, top=True)
    return schema


def _walk(node: Schema, *, top: bool = False, property_: bool = False) -> None:
    """Tidy *node* and every schema inside it."""
    if not top:
        node.pop("title", None)
    if "default" in node and node["default"] is None:
        del node["default"]
    _merge_null(node)
    for key in _SCHEMAS:
        for child in node.get(key, {}).values():
            _walk(child, property_=key == "properties")
    for key in _SUBSCHEMA:
        if isinstance(node.get(key), dict):
            _walk(node[key])
    for key in _LISTS:
        for child in node.get(key, []):
            _walk(child)
    if property_ and "$ref" in node:  # beside a reference, editors would take a type for the whole value
        node["allOf"] = [{"$ref": node.pop("$ref")}]
    if property_ and "type" not in node:
        node["type"] = "object" if "allOf" in node else _types(node)


def _merge_null(node: Schema) -> None:
    """``anyOf: [X, null]`` as one schema ``X`` whose type also allows null, when X is a plain typed value."""
    branches = node.get("anyOf", [])
    if len(branches) != 2 or {"type": "null"} not in branches:
        return
    other = next(branch for branch in branches if branch != {"type": "null"})
    if "$ref" in other or "enum" in other or not isinstance(other.get("type"), str | list):
        return
    del node["anyOf"]
    types = other.pop("type")
    node.update(other)
    node["type"] = [*(types if isinstance(types, list) else [types]), "null"]


def _types(node: Schema) -> list[str] | str:
    """The JSON types a schema made of alternatives allows."""
    found: list[str] = []
    for branch in node.get("anyOf") or node.get("oneOf") or []:
        kinds: str | list[str] = branch.get("type") or "object"  # a reference: every model is an object
        if "enum" in branch and "type" not in branch:
            kinds = sorted({_json_type(value) for value in branch["enum"]})
        found += [kind for kind in (kinds if isinstance(kinds, list) else [kinds]) if kind not in found]
    return found[0] if len(found) == 1 else found


def _json_type(value: Any) -> str:
    """The JSON type of an enum value."""
    return {str: "string", bool: "boolean", int: "integer", float: "number", type(None): "null"}[type(value)]


def configure(schema: Schema, *, config: Config) -> None:
    """The team's values: levels, status words, default language and zone; the ids and internal fields pm allows."""
    fields = schema["properties"]
    fields["severity"] = {
        "type": ["string", "null"],
        "enum": [*(level.id for level in config.severities), None],
        "description": "Severity level: " + ", ".join(f"{level.id} ({level.name})" for level in config.severities),
    }
    _later(fields, "title")
    _later(fields, "date")
    action = schema["$defs"]["Action"]["properties"]
    action["status"] = status_schema(config) | {"description": action["status"]["description"], "default": "open"}
    fields["id"]["pattern"] = id_pattern(fields["id"]["pattern"])
    for name in ("language", "timezone"):  # left empty (null), they are the configuration's, as by default
        fields[name]["type"] = ["string", "null"]
        fields[name]["default"] = getattr(config, name)
    fields["language"]["enum"] = [*fields["language"]["enum"], None]
    fields["timezone"]["examples"] = list(dict.fromkeys([config.timezone, "UTC"]))
    names = internal_field_names()
    fields["internal"] = {
        "type": ["boolean", "string", "array"],
        "anyOf": [{"type": "boolean"}, {"enum": names}, {"type": "array", "items": {"enum": names}}],
        "description": fields["internal"]["description"],
        "default": False,
    }


_BLANK = {"type": "string", "pattern": f"^[{patterns.blank()}]*$"}  # what pm check reads as not written yet


def _later(fields: Schema, name: str) -> None:
    """A fact a draft may leave blank for later (``pm check`` warns): its written form, blank text, or null.

    Only a draft may: the status is another field, so the schema allows it whatever the status (docs/editors.md).
    """
    field = fields[name]
    written = {key: value for key, value in field.items() if key not in ("description", "type")}
    fields[name] = {"type": ["string", "null"], "anyOf": [written, _BLANK, {"type": "null"}],
                    "description": field["description"] + " A draft may leave it blank for later."}  # fmt: skip


def _any_case(text: str) -> str:
    """ASCII *text* in any case (ids are ASCII)."""
    return "".join(f"[{char.upper()}{char.lower()}]" if char.isalpha() else patterns.literal(char) for char in text)


def id_pattern(slug: str) -> str:
    """An incident id: a slug that is no reserved file name on Windows, ends with no dot, names no page of pm's."""
    windows = "|".join(_any_case(name) for name in sorted(WINDOWS_RESERVED))
    stems = {name.rsplit(".", 1)[0] for name in RESERVED if name.rsplit(".", 1)[-1] in REPORT_FORMATS}
    pages = "|".join(_any_case(stem) for stem in sorted(stems))
    return f"^(?!(?:{windows})(?:\\.|$))(?!(?:{pages})$)(?!.*\\.$)" + slug.removeprefix("^")


def status_schema(config: Config) -> Schema:
    """An action's status: pm's statuses and the common words as an enum; any writing of a known word matches."""
    words = [*config.action_statuses, *STATUS_WORDS, *(status_word(status) for status in ACTION_STATUSES)]
    offered = [*ACTION_STATUSES, *COMMON_WORDS, *(word for word in config.action_statuses if word not in COMMON_WORDS)]
    return {"type": "string", "anyOf": [{"enum": offered}, {"pattern": patterns.status_words(words)}]}
