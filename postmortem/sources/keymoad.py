"""Sources stage: incident files of KeyMoad's incident-postmortem-generator (YAML), as the parts of one incident.

Their fields map to pm's (summary, impact, timeline, root cause, response, action items, references); the rest
(service, communication, their own id…) is kept verbatim in the notes, as the YAML it was written in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from postmortem.load.yaml import Document, load
from postmortem.model.statuses import ActionStatus, action_status
from postmortem.sources.frontmatter import key_sources
from postmortem.sources.parts import LINE_LIMIT, NOTES, Found, Part
from postmortem.sources.values import Values, value_parts

_KINDS = {"prevention": "prevent", "detection": "detect", "response": "mitigate", "reliability": "prevent",
          "process": "process", "documentation": "process"}  # fmt: skip
_REFERENCES = {"dashboards": "dashboard", "logs": "other", "runbooks": "document"}
_LESSONS = {"what_worked_well": "lessons.went_well", "what_did_not_work_well": "lessons.went_wrong",
            "where_we_got_lucky": "lessons.lucky"}  # fmt: skip
_MILESTONES = {"start": "started", "detected": "detected", "mitigated": "mitigated", "end": "resolved"}


def looks_like_keymoad(document: Document) -> bool:
    """True for a mapping with the keys that file format always has."""
    data = document.data
    return isinstance(data, dict) and "incident_id" in data and ("timeline" in data or "time" in data)


def read_keymoad(document: Document, text: str, *, origin: str, values: Values,
                 words: Mapping[str, ActionStatus]) -> Found:  # fmt: skip
    """The parts of one incident file of that format."""
    data: dict[Any, Any] = document.data if isinstance(document.data, dict) else {}
    parts: list[Part] = []
    kept: list[tuple[int, str]] = []
    for key, (line, source) in key_sources(document, text.split("\n")).items():
        reader = _READERS.get(str(key))
        found = reader(data[key], source, line, values, words) if reader else None
        for part in found if found is not None else [_kept(source, line)]:
            if part.field == NOTES:
                kept.append((part.line, part.source))
            else:
                parts.append(part)
    if kept:  # the keys pm has no field for, together, as the YAML they were written in
        parts.append(_kept("\n".join(source for _, source in kept), kept[0][0]))
    return Found(origin=origin, parts=tuple(_with_milestones(parts, data.get("time"))))


def load_keymoad(text: str, *, origin: str) -> Document:
    """The file read with pm's own YAML loader (no tags, no aliases bombs, located problems)."""
    return load(origin, text.encode("utf-8"))


def _kept(source: str, line: int) -> Part:
    """Lines kept verbatim in the notes, as a YAML code block."""
    return Part(field=NOTES, value=f"```yaml\n{source}\n```", source=source, line=line, label="")


def _part(field: str, value: Any, source: str, line: int, label: str) -> Part:
    """A part read from a key of the file."""
    return Part(field=field, value=value, source=source, line=line, label=label)


_Reader = Callable[[Any, str, int, Values, Mapping[str, ActionStatus]], list[Part] | None]


def _scalar(field: str) -> _Reader:
    """A key whose text fills one field."""

    def read(value: Any, source: str, line: int, values: Values, _: Mapping[str, ActionStatus]) -> list[Part] | None:
        """The field, when the value reads as one."""
        if not isinstance(value, str | int) or isinstance(value, bool):
            return None
        found = value_parts(field, str(value), source=source, line=line, label=field, values=values)
        return None if all(part.field == NOTES for part in found) else found  # "SEV-2": P2, and the key kept

    return read


def _texts(value: Any) -> list[str] | None:
    """A list of short texts, or None."""
    if isinstance(value, list) and all(isinstance(v, str) and 0 < len(v) <= LINE_LIMIT for v in value):
        return [str(v).strip() for v in value]
    return None


def _tags(value: Any, source: str, line: int, *_: Any) -> list[Part] | None:
    """tags: a list of words."""
    found = _texts(value)
    return None if found is None else [_part("tags", tag, source, line, "tags") for tag in found]


def _summary(value: Any, source: str, line: int, *_: Any) -> list[Part] | None:
    """summary: what happened, the user impact and the duration in minutes."""
    if not isinstance(value, dict) or not set(value) <= {"what_happened", "user_impact", "duration_minutes"}:
        return None
    parts = []
    if isinstance(value.get("what_happened"), str):
        parts.append(_part("summary", value["what_happened"].strip(), source, line, "summary.what_happened"))
    if isinstance(value.get("user_impact"), str):
        parts.append(_part("impact", value["user_impact"].strip(), source, line, "summary.user_impact"))
    minutes = value.get("duration_minutes")
    if isinstance(minutes, int) and not isinstance(minutes, bool) and minutes >= 0:
        parts.append(_part("impact.downtime", f"{minutes}min", source, line, "summary.duration_minutes"))
    return parts if len(parts) == len(value) else None


def _timeline(value: Any, source: str, line: int, *_: Any) -> list[Part] | None:
    """timeline: each event's time, type, actor, message and links as one entry."""
    if not isinstance(value, list):
        return None
    parts = []
    for event in value:
        if not isinstance(event, dict) or not isinstance(event.get("time"), str) or not event.get("message"):
            return None
        text = str(event["message"]).strip()
        extra = [str(event[key]) for key in ("actor", "type") if event.get(key)]
        text += f" ({', '.join(extra)})" if extra else ""
        text += "".join(f" [{link.get('label') or link.get('url')}]({link.get('url')})"
                        for link in event.get("links") or () if isinstance(link, dict) and link.get("url"))  # fmt: skip
        if len(text) > LINE_LIMIT or set(event) - {"time", "type", "actor", "message", "links"}:
            return None
        parts.append(_part("timeline", {"at": event["time"], "text": text}, source, line, "timeline"))
    return parts


def _root_cause(value: Any, source: str, line: int, *_: Any) -> list[Part] | None:
    """root_cause: the direct cause, the contributing factors, and why it was not prevented."""
    if not isinstance(value, dict):
        return None
    text = str(value.get("direct_cause") or "").strip()
    why = str(value.get("why_it_was_not_prevented") or "").strip()
    text = "\n\n".join(part for part in (text, f"Why it was not prevented: {why}" if why else "") if part)
    factors = _texts(value.get("contributing_factors") or [])
    if factors is None or set(value) - {"direct_cause", "contributing_factors", "why_it_was_not_prevented"}:
        return None
    parts = [_part("root_cause", text, source, line, "root_cause")] if text else []
    return parts + [_part("contributing_factors", f, source, line, "root_cause.contributing_factors") for f in factors]


def _response(value: Any, source: str, line: int, *_: Any) -> list[Part] | None:
    """response: what worked well, what did not, where they got lucky."""
    if not isinstance(value, dict) or set(value) - set(_LESSONS):
        return None
    parts = []
    for key, field in _LESSONS.items():
        found = _texts(value.get(key) or [])
        if found is None:
            return None
        parts += [_part(field, text, source, line, f"response.{key}") for text in found]
    return parts


def _actions(value: Any, source: str, line: int, _: Values, words: Mapping[str, ActionStatus]) -> list[Part] | None:
    """action_items: each item as an action; its id, priority and success criteria in its note."""
    if not isinstance(value, list):
        return None
    parts = []
    for item in value:
        action = _action(item, words) if isinstance(item, dict) else None
        if action is None:
            return None
        parts.append(_part("actions", action, source, line, "action_items"))
    return parts


def _action(item: dict[Any, Any], words: Mapping[str, ActionStatus]) -> dict[str, Any] | None:
    """One action item, or None when something of it would not fit."""
    known = {"id", "title", "owner", "priority", "due", "type", "status", "success_criteria", "links"}
    title = item.get("title")
    if not isinstance(title, str) or not title.strip() or len(title) > LINE_LIMIT or set(item) - known:
        return None
    action: dict[str, Any] = {"what": title.strip()}
    action |= {"owner": str(item["owner"])} if item.get("owner") else {"unassigned": True}
    if item.get("due"):
        action["due"] = str(item["due"])
    if item.get("type") in _KINDS:
        action["kind"] = _KINDS[item["type"]]
    status = action_status(str(item.get("status") or "open"), words=words)
    action["status"] = status or "open"
    links = [link for link in item.get("links") or () if isinstance(link, dict) and link.get("url")]
    if links:
        action["link"] = str(links[0]["url"])
    note = [f"{key}: {item[key]}" for key in ("id", "priority", "type", "success_criteria") if item.get(key)]
    note += [f"[{link.get('label') or link['url']}]({link['url']})" for link in links]
    if item.get("status") and status is None:
        note.append(f"status: {item['status']}")
    if note:
        action["note"] = "\n".join(note)
    return action


def _references(value: Any, source: str, line: int, *_: Any) -> list[Part] | None:
    """references: dashboards, logs and runbooks, each link a reference."""
    if not isinstance(value, dict) or set(value) - set(_REFERENCES):
        return None
    parts = []
    for key, kind in _REFERENCES.items():
        for link in value.get(key) or ():
            if not isinstance(link, dict) or not link.get("url") or set(link) - {"label", "url"}:
                return None
            reference = {"title": str(link.get("label") or link["url"]), "url": str(link["url"]), "kind": kind}
            parts.append(_part("references", reference, source, line, f"references.{key}"))
    return parts


def _with_milestones(parts: list[Part], times: Any) -> list[Part]:
    """Mark the timeline entries at the start, detection, mitigation and end times the file gives."""
    if not isinstance(times, dict):
        return parts
    marks: dict[str, list[str]] = {}
    for key, milestone in _MILESTONES.items():
        if isinstance(times.get(key), str):
            marks.setdefault(times[key], []).append(milestone)
    result = []
    for part in parts:
        at = part.value.get("at") if part.field == "timeline" and isinstance(part.value, dict) else None
        if at in marks:
            part = _part(part.field, {**part.value, "milestone": marks.pop(at)}, part.source, part.line, part.label)
        result.append(part)
    return result


def _time(value: Any, source: str, line: int, values: Values, *_: Any) -> list[Part] | None:
    """time: the day it started (the rest stays in the notes: the timeline entries carry the milestones)."""
    start = value.get("start") if isinstance(value, dict) else None
    found = value_parts("date", str(start), source=source, line=line, label="time.start", values=values)
    return [*(part for part in found if part.field == "date"), _kept(source, line)] if start else None


def _service(value: Any, source: str, line: int, *_: Any) -> list[Part] | None:
    """service: its name is the component (the owner team, environment and tier stay in the notes)."""
    name = value.get("name") if isinstance(value, dict) else None
    if not isinstance(name, str) or not name.strip() or len(name) > LINE_LIMIT:
        return None
    return [_part("components", name.strip(), source, line, "service.name"), _kept(source, line)]


def _impact(value: Any, source: str, line: int, *_: Any) -> list[Part] | None:
    """impact: customers affected, the business impact in words, and the other figures."""
    known = {"customers_affected_estimate", "regions_affected", "request_error_rate_peak_percent",
             "latency_p95_peak_ms", "business_impact", "sla_slo"}  # fmt: skip
    if not isinstance(value, dict) or set(value) - known:
        return None
    parts = []
    count = value.get("customers_affected_estimate")
    if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
        parts.append(_part("impact.users_affected", f"~{count}", source, line, "impact.customers_affected_estimate"))
    if isinstance(value.get("business_impact"), str):
        parts.append(_part("impact", value["business_impact"].strip(), source, line, "impact.business_impact"))
    figures = {"regions_affected": "Regions affected", "request_error_rate_peak_percent": "Peak error rate (%)",
               "latency_p95_peak_ms": "Peak p95 latency (ms)"}  # fmt: skip
    for key, label in figures.items():
        shown = ", ".join(map(str, value[key])) if isinstance(value.get(key), list) else value.get(key)
        if isinstance(shown, str | int | float) and not isinstance(shown, bool) and str(shown):
            parts.append(_part("impact.figures", {"label": label, "value": str(shown)}, source, line, f"impact.{key}"))
    slo = value.get("sla_slo")
    if isinstance(slo, dict):
        said = "breached" if slo.get("slo_breached") else "not breached"
        window = f" ({slo['breach_window']})" if slo.get("breach_window") else ""
        label = f"SLO {slo.get('slo_name') or ''}".strip()
        parts.append(_part("impact.figures", {"label": label, "value": said + window}, source, line, "impact.sla_slo"))
    return parts


def _detection(value: Any, source: str, line: int, *_: Any) -> list[Part] | None:
    """detection: who detected it, the signals, customer reports and gaps, as Markdown."""
    if not isinstance(value, dict) or set(value) - {"detected_by", "signals", "customer_reports", "gaps"}:
        return None
    lines = [f"Detected by: {value['detected_by']}"] if value.get("detected_by") else []
    for signal in value.get("signals") or ():
        if isinstance(signal, dict):
            said = " — ".join(str(signal[key]) for key in ("source", "name", "details") if signal.get(key))
            lines.append(f"- Signal: {said}")
    reports = value.get("customer_reports")
    if isinstance(reports, dict) and reports.get("count") is not None:
        channels = ", ".join(map(str, reports.get("channels") or ()))
        lines.append(f"- Customer reports: {reports['count']}" + (f" ({channels})" if channels else ""))
    lines += [f"- Gap: {gap}" for gap in value.get("gaps") or ()]
    return [_part("detection", "\n".join(lines), source, line, "detection")] if lines else None


_READERS: dict[str, _Reader] = {
    "title": _scalar("title"), "severity": _scalar("severity"), "tags": _tags, "summary": _summary,
    "timeline": _timeline, "root_cause": _root_cause, "response": _response, "action_items": _actions,
    "references": _references, "time": _time, "service": _service, "impact": _impact, "detection": _detection,
}  # fmt: skip
