"""Generate realistic incident corpora for the benchmark, deterministically (a fixed seed gives the same files)."""

from __future__ import annotations

import datetime as dt
import json
import random
import zoneinfo
from pathlib import Path

ZONES = ["UTC", "Europe/Paris", "America/New_York", "Asia/Tokyo", "Australia/Sydney"]
COMPONENTS = ["checkout-api", "postgres", "redis", "edge-cdn", "auth", "search", "billing", "queue", "dns", "k8s"]
OWNERS = ["Alice Martin", "Bob Durand", "Chloé Petit", "Dmitri Ivanov", "Esther Cohen", "Fatou Diop", "SRE team"]
_EN = (
    "the deploy raised latency because the connection pool was exhausted while retries multiplied the load "
    "on the primary database and the cache stampeded after the restart"
)
_FR = (
    "le déploiement a saturé le pool de connexions pendant que les relances multipliaient la charge sur la "
    "base principale et le cache s'est vidé après le redémarrage"
)
WORDS_EN = _EN.split()
WORDS_FR = _FR.split()
MILESTONES = ["started", "detected", "acknowledged", "mitigated", "resolved"]


def _sentence(rng: random.Random, french: bool, words: int = 14) -> str:
    """A sentence of plausible words."""
    pool = WORDS_FR if french else WORDS_EN
    text = " ".join(rng.choice(pool) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _prose(rng: random.Random, french: bool) -> str:
    """A few paragraphs of Markdown, sometimes with a code block or a table."""
    parts = [_sentence(rng, french, rng.randint(10, 30)) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.3:
        parts.append("```sh\nkubectl rollout undo deployment/checkout-api\nkubectl get pods -w\n```")
    if rng.random() < 0.2:
        parts.append("| metric | before | after |\n| --- | --- | --- |\n| p99 | 120 ms | 2.4 s |")
    if rng.random() < 0.3:
        parts.append(f"See `{rng.choice(COMPONENTS)}` and **{rng.choice(COMPONENTS)}**.")
    return "\n\n".join(parts)


def _timeline(rng: random.Random, start: dt.datetime, zone: str) -> list[dict[str, object]]:
    """5 to 40 events over up to three days, in order, with milestones, approximate times and zones."""
    local = zoneinfo.ZoneInfo(zone)
    moment = start.astimezone(dt.UTC).astimezone(local)  # a real instant, even when *start* fell in a clock change
    count = rng.randint(5, 40)
    marks = {0: "started", 1: "detected", 2: "acknowledged", count // 2: "mitigated", count - 1: "resolved"}
    entries = []
    for index in range(count):
        if index:  # elapsed time, not wall-clock time: across a clock change the local time jumps
            step = dt.timedelta(minutes=rng.choice([1, 3, 7, 15, 30, 45, 90, 240, 600]))
            moment = (moment.astimezone(dt.UTC) + step).astimezone(local)
        approximate = "~" if rng.random() < 0.15 and index not in marks else ""
        if rng.random() < 0.1 or moment.replace(fold=1).utcoffset() != moment.replace(fold=0).utcoffset():
            at = f"{moment.astimezone(dt.UTC):%Y-%m-%d} {approximate}{moment.astimezone(dt.UTC):%H:%M} UTC"
        else:
            at = f"{moment:%Y-%m-%d} {approximate}{moment:%H:%M}"
        entry: dict[str, object] = {"at": at, "text": _sentence(rng, zone == "Europe/Paris", rng.randint(5, 16))}
        if index in marks:
            entry["milestone"] = marks[index]
        entries.append(entry)
    return entries


def incident(rng: random.Random, number: int, day: dt.date) -> dict[str, object]:
    """One complete incident."""
    zone = rng.choice(ZONES)
    french = zone == "Europe/Paris"
    start = dt.datetime.combine(day, dt.time(rng.randint(0, 22), rng.randint(0, 59)), tzinfo=zoneinfo.ZoneInfo(zone))
    severity = rng.choices(["P1", "P2", "P3", "P4"], weights=[1, 3, 5, 2])[0]
    status = rng.choices(["draft", "in-review", "final"], weights=[1, 1, 6])[0]
    actions = [
        {"what": _sentence(rng, french, rng.randint(4, 10)), "kind": kind, "owner": rng.choice(OWNERS),
         "due": str(day + dt.timedelta(days=rng.randint(3, 120))),
         "status": rng.choice(["open", "in-progress", "done", "done", "cancelled"])}
        for kind in ["prevent", *rng.choices(["detect", "mitigate", "repair", "process"], k=rng.randint(1, 11))]
    ]  # fmt: skip
    return {
        "id": f"INC-{number:05d}",
        "title": _sentence(rng, french, rng.randint(4, 9)).rstrip("."),
        "status": status,
        "date": str(start.date()),
        "authors": rng.sample(OWNERS, 2),
        "severity": severity,
        "language": "fr" if french else "en",
        "timezone": zone,
        "tags": rng.sample(["database", "deploy", "capacity", "network", "config", "dependency"], 2),
        "components": rng.sample(COMPONENTS, rng.randint(1, 3)),
        "summary": _prose(rng, french),
        "impact": {
            "description": _prose(rng, french),
            "users_affected": rng.randint(0, 100000),
            "downtime": f"{rng.randint(5, 300)}min",
        },
        "detection": _sentence(rng, french),
        "trigger": _sentence(rng, french),
        "root_cause": _prose(rng, french),
        "contributing_factors": [_sentence(rng, french) for _ in range(rng.randint(1, 4))],
        "resolution": _prose(rng, french),
        "time_spent": f"{rng.randint(1, 12)}h{rng.choice(['', '30'])}",
        "timeline": _timeline(rng, start, zone),
        "actions": actions,
        "lessons": {
            "went_well": [_sentence(rng, french) for _ in range(rng.randint(0, 2))],
            "went_wrong": [_sentence(rng, french) for _ in range(rng.randint(1, 3))],
            "to_keep": [{"text": _sentence(rng, french, 8), "id": f"lesson-{rng.randint(1, 60)}"}],
        },
        "related": [f"INC-{rng.randint(1, number - 1):05d}"] if number > 1 and rng.random() < 0.3 else [],
        "risks": rng.sample(RISKS, 1) if rng.random() < 0.2 else [],
    }


def generate(folder: Path, count: int, *, seed: int = 20261127) -> list[Path]:
    """Write *count* incidents as YAML (JSON is YAML) into *folder*/incidents, with a pm.toml."""
    rng = random.Random(seed)
    incidents = folder / "incidents"
    incidents.mkdir(parents=True, exist_ok=True)
    (folder / "pm.toml").write_text('title = "Benchmark"\ntimezone = "UTC"\n', encoding="utf-8")
    _documents(folder)
    first = dt.date(2020, 1, 1)
    paths = []
    for number in range(1, count + 1):
        day = first + dt.timedelta(days=number * 1500 // max(count, 1))
        path = incidents / f"{day}-{number:05d}.yaml"
        path.write_text(json.dumps(incident(rng, number, day), ensure_ascii=False, indent=1) + "\n", "utf-8")
        paths.append(path)
    return paths


RISKS = ["database-outage", "cache-stampede", "bad-deploy", "dns-failure", "capacity", "expired-certificate"]


def _documents(folder: Path) -> None:
    """A risk register, three runbooks and two pages, so that editing each can be measured."""
    risks = [
        {"id": risk, "title": risk.replace("-", " ").capitalize(), "probability": "medium", "impact": "P2",
         "severity": "high", "mitigation": f"Runbook and alert for {risk.replace('-', ' ')}."}
        for risk in RISKS
    ]  # fmt: skip
    (folder / "risks.yaml").write_text(json.dumps({"risks": risks}, indent=1) + "\n", "utf-8")
    for name, front in (("runbooks", "severities: [P1]"), ("runbooks", "severities: [P2]"), ("pages", "order: 1")):
        (folder / name).mkdir(exist_ok=True)
        number = len(list((folder / name).glob("*.md"))) + 1
        text = f"---\ntitle: {name.capitalize()} {number}\n{front}\n---\n# Steps\n\n1. Look at the dashboards.\n"
        (folder / name / f"{name[:-1]}-{number}.md").write_text(text, "utf-8")


def to_hugo(folder: Path, target: Path) -> None:
    """The same corpus as a Hugo site: one Markdown page per incident with front matter, and a list page."""
    content = target / "content" / "incidents"
    content.mkdir(parents=True, exist_ok=True)
    layouts = target / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (target / "hugo.toml").write_text(
        'baseURL = "/"\ntitle = "Benchmark"\ndisableKinds = ["taxonomy", "term"]\n', "utf-8"
    )
    (layouts / "single.html").write_text(
        "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>"
        "<p>{{ .Params.severity }}</p>{{ .Content }}</body></html>", "utf-8")  # fmt: skip
    (layouts / "list.html").write_text(
        "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><table>{{ range .Pages }}"
        '<tr><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ .Params.severity }}</td></tr>{{ end }}'
        "</table></body></html>", "utf-8")  # fmt: skip
    for path in sorted((folder / "incidents").glob("*.yaml")):
        data = json.loads(path.read_text(encoding="utf-8"))
        rows = "\n".join(f"| {e['at']} | {e['text']} |" for e in data["timeline"])
        actions = "\n".join(f"- {a['what']} ({a['owner']}, {a['status']})" for a in data["actions"])
        body = (f"## Summary\n\n{data['summary']}\n\n## Impact\n\n{data['impact']['description']}\n\n"
                f"## Timeline\n\n| time | event |\n| --- | --- |\n{rows}\n\n## Root cause\n\n{data['root_cause']}\n\n"
                f"## Resolution\n\n{data['resolution']}\n\n## Actions\n\n{actions}\n")  # fmt: skip
        front = json.dumps({"title": data["title"], "date": data["date"], "severity": data["severity"],
                            "tags": data["tags"]}, ensure_ascii=False)  # fmt: skip
        (content / f"{data['id']}.md").write_text(f"{front}\n\n{body}", encoding="utf-8")
