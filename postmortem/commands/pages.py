"""Render command: what index.md and the site's pages depend on, and their views across incidents."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from jinja2 import Environment

from postmortem.commands.inputs import digest
from postmortem.corpus.repository import Corpus
from postmortem.model import names
from postmortem.render import memo
from postmortem.render.chrome import Chrome
from postmortem.render.index_sections import index_markdown
from postmortem.render.plain import TemplateContext
from postmortem.render.reads import variables_read
from postmortem.render.shows import EVERYTHING, shows
from postmortem.render.site import SiteData, page_templates, site_values


@dataclass(frozen=True, slots=True, kw_only=True)
class PageInputs:
    """The fingerprints of the pages across incidents, from the corpus and what every page shares (*shared*)."""

    corpus: Corpus
    shared: str
    today: dt.date
    own: bool  # the templates are pm's own: what each page shows is known

    def of(self, path: str) -> str:
        """The fingerprint of a page across incidents: what it shows (everything, with templates of the repository)."""
        seen = shows(path) if self.own else EVERYTHING
        corpus = self.corpus
        parts = [self.shared, self.today.isoformat(), path]
        if seen.hidden is not None:
            named = digest(self.shared, *sorted(seen.hidden))  # the fields it hides, named once for every incident
            parts += [self.projection(number, seen.hidden, named=named) for number in range(len(corpus.incidents))]
        elif seen.count:
            parts.append(str(len(corpus.incidents)))
        parts += [risk.model_dump_json() for risk in corpus.risks] if seen.risks else []
        parts += [document.model_dump_json() for document in corpus.procedures] if seen.procedures else []
        parts += [document.model_dump_json() for document in corpus.pages] if seen.pages else []
        if seen.own:  # the runbook or free page this file is made of
            own = [d for d in corpus.procedures if names.procedure(d.slug) == path]
            parts += [d.model_dump_json() for d in own + [d for d in corpus.pages if names.page(d.slug) == path]]
        return digest(*parts)

    def projection(self, number: int, hidden: frozenset[str], *, named: str) -> str:
        """A digest of the incident at *number* but the fields in *hidden*, remembered by its file's content.

        Its model is made only when it has no file, or the memo does not have the digest.

        *named* is a digest of what else the digest depends on: pm, its configuration and *hidden*.
        """
        incidents = self.corpus.incidents

        def make() -> str:
            shown = incidents[number].model_dump_json(exclude=set(hidden)).encode("utf-8")
            return hashlib.blake2b(shown, digest_size=16).hexdigest()

        source = self.corpus.sources.get(incidents.head(number).id)
        if source is None:
            return make()
        key = hashlib.blake2b(f"{named}\0{source}".encode(), digest_size=16).hexdigest()
        return memo.recall(f"shows:{key}", make)

    def everything(self) -> str:
        """What the index and the site's pages depend on: they see every incident, risk, runbook and page.

        Each incident counts by the key of its file's content (its model is made from that file, the
        configuration and pm alone), or by its model when it has no file.
        """
        corpus = self.corpus
        incidents = [corpus.sources.get(i.id) or i.model_dump_json() for i in corpus.incidents]
        documents = [d.model_dump_json() for d in corpus.procedures + corpus.pages]
        register = [risk.model_dump_json() for risk in corpus.risks]
        return digest(self.shared, self.today.isoformat(), *incidents, *register, *documents)


def views(env: Environment, data: SiteData, site: Chrome, *, paths: Iterable[str], own: bool) -> TemplateContext:
    """The views across incidents that the templates of the files at *paths* read, made once for all of them.

    *own*: the templates are pm's own, so the incidents' records leave out what those never read.
    """
    wanted = variables_read(env, [name for path in paths for name in page_templates(path)])
    return site_values(data, site, wanted=wanted, own=own)


def index_remembering(
    env: Environment, data: SiteData, site: Chrome, keys: Callable[[str], str], values: TemplateContext | None
) -> tuple[str, dict[str, str], set[str]]:
    """index.md, rendered in another process, with what the memo made and used for it (for this build's memo).

    *values*: the views made for the site's pages, which pm's own sections of index.md use (see ``index_markdown``).
    """
    return index_markdown(env, data, site, keys=keys, values=values), memo.fresh(), memo.used()


def remembering(wait: Callable[[], tuple[str, dict[str, str], set[str]]]) -> Callable[[], str]:
    """The wait for a text rendered in another process, taking in what that process made and used of the memo."""

    def text() -> str:
        rendered, made, used = wait()
        memo.learn(made, used)
        return rendered

    return text
