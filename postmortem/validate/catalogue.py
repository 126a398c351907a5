"""Validate stage reference: every rule pm checks, described for people and for code-scanning dashboards."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """What one rule finds (*summary*), why it matters (*why*) and how to fix what it finds (*fix*)."""

    summary: str
    why: str
    fix: str

    @property
    def full(self) -> str:
        """The summary and why it matters, as one paragraph."""
        return f"{self.summary} {self.why}"


def _rule(summary: str, why: str, fix: str) -> Rule:
    """A rule's description, its three parts in order."""
    return Rule(summary=summary, why=why, fix=fix)


CATALOGUE: dict[str, Rule] = {
    "action-owner": _rule(
        "An action has no owner once the post-mortem leaves draft (or its owner reads as no one).",
        "An action no one owns is rarely done.",
        "Give the action an `owner`, or mark it `unassigned: true` while the team finds one.",
    ),
    "action-unassigned": _rule(
        "A final post-mortem has an open action that no one owns (unassigned: true) and no as_of day.",
        "A final write-up should not leave open work without a name or a date to look at it again.",
        "Give the action an `owner`, or an `as_of` day on which the team looks for one.",
    ),
    "ambiguous-time": _rule(
        "A time with neither date nor zone follows an entry written in another zone.",
        "pm would read it in the configured zone, which may not be what the writer meant.",
        "Write the zone (`14:05 CET`) or the offset (`14:05+01:00`) on the time.",
    ),
    "bad-duration": _rule(
        "A duration cannot be read.",
        "Durations feed the metrics and the response targets.",
        "Write it as `2h`, `1h30`, `30min` or `PT1H30M`.",
    ),
    "bad-time": _rule(
        "A date, time or time zone cannot be read.",
        "Times order the timeline and give the time to detect, acknowledge and resolve.",
        "Write dates as `2024-05-14`, times as `14:05`, zones as `Europe/Paris`, `CET` or `+01:00`.",
    ),
    "config": _rule(
        "The configuration file has a value pm cannot use.",
        "Every command reads the configuration first.",
        "Correct the value the message names in `pm.toml` (or `[tool.pm]` in `pyproject.toml`).",
    ),
    "duplicate-id": _rule(
        "Two incidents, or two risks, share an id.",
        "Ids name the report files and the links between incidents and risks.",
        "Give one of them another id (`pm new` hands out the next free one).",
    ),
    "duplicate-key": _rule(
        "A key is given twice in the same mapping.",
        "YAML keeps only one of the two values, silently.",
        "Remove or merge one of the two keys.",
    ),
    "duplicate-milestone": _rule(
        "The same milestone marks more than one timeline entry.",
        "Each milestone (detected, resolved…) is one moment of the incident.",
        "Keep the milestone on the one entry it belongs to.",
    ),
    "empty": _rule(
        "The file is empty.",
        "An empty incident file has nothing to report.",
        "Fill it in (`pm new` writes a template), or delete it.",
    ),
    "encoding": _rule(
        "The file is not UTF-8 text, or holds control characters.",
        "Other encodings and control characters show as garbage, or hide text, in reports.",
        "Save the file as UTF-8 and remove the control characters the message names.",
    ),
    "front-matter": _rule(
        "A runbook or page has front matter pm cannot read.",
        "The front matter gives the page its title and what it applies to.",
        "Correct the YAML between the `---` lines at the top of the file.",
    ),
    "human-error": _rule(
        "The root cause stops at 'human error'.",
        "A mistake is a starting point: what let it through is what can be fixed.",
        "Say what let the mistake through (a missing check, a confusing tool, no review).",
    ),
    "impact-not-quantified": _rule(
        "The impact has no figure (users, downtime, data lost or another figure).",
        "Without a figure, incidents cannot be compared or counted.",
        "Give `impact.users_affected`, `impact.downtime`, `impact.data_lost` or another figure.",
    ),
    "import": _rule(
        "A source given to pm import cannot be read as a write-up of a known shape.",
        "pm import writes nothing when one of its sources cannot be read, so that no incident is half imported.",
        "Choose the source's shape with --from, or fix the line the message names, then import again.",
    ),
    "incomplete": _rule(
        "A field the post-mortem's status requires is empty or missing.",
        "A status promises the sections a reader will find.",
        "Fill in the field, or keep the post-mortem at an earlier status.",
    ),
    "internal-block": _rule(
        "A '::: internal' block of Markdown is never closed.",
        "An unclosed block would hide, or publish, more than was meant.",
        "Close the block with a line holding only `:::`.",
    ),
    "invalid": _rule(
        "A value is not valid.",
        "pm cannot use the value as written.",
        "Correct the value as the message says.",
    ),
    "labels": _rule(
        "A labels file of the templates cannot be used.",
        "Labels are the words of the reports and the site in each language.",
        "Correct the TOML of `templates/i18n/<language>.toml` as the message says.",
    ),
    "milestone-order": _rule(
        "Milestones do not come in the order started, detected, acknowledged, mitigated, resolved.",
        "Out-of-order milestones give negative or wrong response times.",
        "Check the times of the milestone entries, or move the milestone to the right entry.",
    ),
    "missing-field": _rule(
        "A field required at this status is missing.",
        "Every report needs it.",
        "Add the field the message names.",
    ),
    "mojibake": _rule(
        "Text looks double-encoded (UTF-8 read as another encoding).",
        "Readers see `Ã©` where `é` was written.",
        "Replace the garbled characters with the text as it was meant.",
    ),
    "name-clash": _rule(
        "Two incidents, pages or procedures would be written to one file (alike but for case or accents).",
        "On some systems one output file would overwrite the other.",
        "Rename one of them so that their names differ by more than case or accents.",
    ),
    "no-prevent-action": _rule(
        "A final post-mortem has no action of kind 'prevent'.",
        "Without an action that prevents it, the incident is likely to happen again.",
        "Add an action with `kind: prevent`.",
    ),
    "not-a-file": _rule(
        "The path is not a regular file inside the repository.",
        "pm reads only regular files of the repository (no link out, no device, no pipe).",
        "Replace the link or special file with a regular file inside the repository.",
    ),
    "not-yet": _rule(
        "A draft leaves its title, date or severity for later (without title or date: left out of reports).",
        "An imported or new draft may leave a fact its source did not give; the author fills it before the"
        " post-mortem leaves draft.",
        "Write the title, the day the incident started and its severity level where the draft's comment says.",
    ),
    "outside": _rule(
        "A configured file or folder leads outside the repository (through '..' or a symbolic link).",
        "pm reads nothing outside the repository it checks.",
        "Point the setting of `pm.toml` at a path inside the repository, or replace the link with the files.",
    ),
    "reserved-name": _rule(
        "An incident, page or procedure would be written to a file that pm makes (index, search…).",
        "It would overwrite one of the site's own pages.",
        "Give it another id or file name.",
    ),
    "start-date": _rule(
        "The timeline's `started` milestone falls on another day than the incident's `date`, in its zone.",
        "One of them is wrong: often a time copied from another zone's page, read a day off.",
        "Correct the `date`, or the start's time or zone (`12:36 PM JST`, `2019-08-23 12:36 JST`).",
    ),
    "stale-schema": _rule(
        "The saved JSON Schema for editors differs from the one this pm and configuration give.",
        "Editors would complete and flag fields by an old description.",
        "Run `pm schema --write` and commit the schema file.",
    ),
    "timeline-order": _rule(
        "Timeline entries are not in time order.",
        "The timeline is read from top to bottom.",
        "Put the entries in time order, or correct the time that is wrong.",
    ),
    "too-deep": _rule(
        "The YAML nests too deeply (or an alias is recursive).",
        "No incident needs such nesting; pm refuses it to stay fast and safe.",
        "Flatten the structure, and remove recursive aliases.",
    ),
    "too-large": _rule(
        "The file, or a list in it, is larger than pm accepts.",
        "pm bounds what it reads so that a render stays fast and safe.",
        "Split the file or shorten the list.",
    ),
    "unreadable": _rule(
        "The file cannot be read (permissions, or an error of the system).",
        "pm cannot check what it cannot read.",
        "Make the file readable by the user who runs pm.",
    ),
    "unknown-key": _rule(
        "A field pm does not know (a typo, or a key that needs the 'x-' prefix).",
        "A misspelt field is silently missing from the report.",
        "Correct the name (the message suggests the closest), or start a field of your own with `x-`.",
    ),
    "unknown-lesson": _rule(
        "A lesson the configuration lists (`lessons`) is given by no incident.",
        "The team's numbered list of lessons would leave it out without a word.",
        "Correct the id in `lessons`, or give it to a lesson to keep (`lessons.to_keep[].id`) of an incident.",
    ),
    "unknown-related": _rule(
        "A related incident does not exist.",
        "The link between the two reports would lead nowhere.",
        "Correct the id, or remove it from `related`.",
    ),
    "unknown-risk": _rule(
        "A risk is not in the risk register.",
        "The risk matrix links incidents to the risks they realised.",
        "Correct the id, or add the risk to the register (`risks.yaml`).",
    ),
    "unknown-severity": _rule(
        "A severity level is not defined in the configuration.",
        "Severity gives the response target and the order of the site's tables.",
        "Use one of the levels of `pm.toml`, or add the level there.",
    ),
    "unknown-value": _rule(
        "A value is not one of those allowed.",
        "pm counts and sorts by these values.",
        "Use one of the values the message lists.",
    ),
    "unquoted-comma": _rule(
        "Inside `{…}` or `[…]`, an unquoted comma cut a text in two: a value that reads as a key with no `:`, "
        "or a lesson or factor that goes on in lower case after the one before it.",
        "YAML ends a value at a comma inside braces and brackets, so the first part is kept alone and the rest is "
        "taken as another field or item: one lesson counts as two.",
        "Put the whole text in quotes, or write the list one item a line (`- ...`).",
    ),
    "wrong-type": _rule(
        "A value has the wrong type (text, number, list or mapping).",
        "pm cannot use a value of another type.",
        "Write the value as the type the message names.",
    ),
    "yaml-syntax": _rule(
        "The YAML cannot be parsed.",
        "Nothing of the file can be read until it parses.",
        "Correct the syntax at the place the message points to (quote text holding `: ` or `#`).",
    ),
    "yaml-tag": _rule(
        "YAML tags and merge keys are not supported.",
        "They would let a file build objects or values pm does not check.",
        "Write the values out in full, without `!tags` or `<<` merge keys.",
    ),
    "zone-season": _rule(
        "A zone abbreviation does not match the daylight-saving state of its region on that date.",
        "CET in summer (or CEST in winter) is likely a slip that shifts the time by an hour.",
        "Use the abbreviation in force on that date, or the region's name (`Europe/Paris`).",
    ),
}
