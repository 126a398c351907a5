"""Render stage helper: what the Atom feed says of each incident, read from the incident alone (never the clock)."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from postmortem.config.model import Config
from postmortem.model.incident import Incident

FEED_SIZE = 50
FEED_NAMESPACE = uuid.UUID("a9310ec8-e49d-5beb-90f9-fa1869bb2b89")  # pm's namespace for the UUIDs of Atom entries


def feed_entry_id(incident: Incident) -> str:
    """The Atom id of an incident's entry, which never changes (RFC 4287): ``urn:uuid:`` and a name-based UUID.

    The UUID (version 5, in pm's own namespace) is made from the incident's id and the day it started, and
    nothing else: a new title, site title or ``site_url`` leaves it as it was.
    """
    return "urn:uuid:" + str(uuid.uuid5(FEED_NAMESPACE, f"{incident.id}/{incident.date.isoformat()}"))


def feed_updated(incident: Incident) -> dt.datetime:
    """When the entry last changed, read from its content, never from the clock, so that builds are reproducible.

    The day is the last one the incident writes of (its date, its timeline, its actions' ``as_of`` days); the time
    of day comes from a digest of the whole incident as the feed's reader gets it, so that any change moves it.
    """
    days = [incident.date, *(a.as_of for a in incident.actions if a.as_of)]
    days += [moment.date() for p in incident.placed for moment in (p.when, p.until) if moment is not None]
    days += [p.day for p in incident.placed if p.day is not None]
    digest = hashlib.sha256(incident.model_dump_json().encode("utf-8")).digest()
    seconds = int.from_bytes(digest[:8], "big") % 86_400
    return dt.datetime.combine(max(days), dt.time(), tzinfo=dt.UTC) + dt.timedelta(seconds=seconds)


def atom_time(moment: dt.datetime) -> str:
    """An Atom date construct (RFC 3339, in UTC)."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def feed_id(config: Config) -> str:
    """The Atom id of the feed itself: a name-based UUID of the site's address, or of its title without one."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, config.site_url or config.title))
