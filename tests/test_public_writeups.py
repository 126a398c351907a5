"""Public post-mortems of other companies, written as their authors wrote them: pm computes their figures right.

Each expected figure was worked out by hand from the public timeline (the sources are in each file's references).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import CASES, Run

PUBLIC = CASES / "real-world" / "public"
EPOCH = "1767225600"  # 2026-01-01: the day the builds of these tests happen on

# id: minutes (approximate?) to detect, acknowledge, mitigate, resolve; None where the timeline does not say
EXPECTED: dict[str, tuple[tuple[int, bool] | None, ...]] = {
    # 13:42 deploy, 13:45 first page, 13:46 incident, 14:07 global kill, 14:52 WAF back (UTC)
    "CLOUDFLARE-2019-07-02": ((3, False), (1, False), (25, False), (70, False)),
    # 22:52 UTC on 21 October to 23:03 UTC on 22 October: "24 hours and 11 minutes"
    "GITHUB-2018-10-21": ((2, False), (17, False), (17 * 60 + 32, False), (24 * 60 + 11, False)),
    # 9:37AM PST to 12:26PM (GET served again) and 1:54PM PST (fully recovered)
    "AWS-S3-2017-02-28": ((0, False), None, (2 * 60 + 49, False), (4 * 60 + 17, False)),
    # around 6:00 a.m. PST, alerted ~6:45, available 8:15, errors over 10:40
    "SLACK-2021-01-04": ((45, True), None, (2 * 60 + 15, True), (4 * 60 + 40, True)),
    # ~15:39 UTC to ~21:00 (routes back) and ~22:00 (most services back)
    "FACEBOOK-2021-10-04": ((0, True), None, (5 * 60 + 21, True), (6 * 60 + 21, True)),
    # 07:38 UTC script, 08:17 first ticket, 08:53 incident; restored by 18 April (a day, no time: not computed)
    "ATLASSIAN-2022-04-05": ((39, False), (36, False), None, None),
    # 03:46 to 04:33 US/Pacific ("47 minutes"); dashboard incident from 04:07 to 06:23
    "GOOGLE-2020-12-14": ((21, False), (0, False), (47, False), (2 * 60 + 37, False)),
    # 13:37 PDT on 28 October to 12:50 and 16:45 PDT on 31 October (no change of clocks in between)
    "ROBLOX-2021-10-28": ((0, False), (23, True), (72 * 60 - 47, False), (75 * 60 + 8, False)),
    # 04:09 UTC release, ~04:30 crashes reported, 05:27 reverted; 99% of sensors back on 29 July (a day)
    "CROWDSTRIKE-2024-07-19": ((21, True), None, (78, False), None),
    # 9:30 a.m. EDT open, 9:31 noticed, SMARS stopped ~10:15
    "KNIGHT-2012-08-01": ((1, False), None, (45, True), (45, True)),
}
TIMINGS = ("time_to_detect", "time_to_acknowledge", "time_to_mitigate", "time_to_resolve")


@pytest.fixture
def public_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository of the public write-ups, with the default configuration (UTC, P1 answered within 15 min)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    shutil.copytree(PUBLIC, tmp_path / "incidents")
    (tmp_path / "pm.toml").write_text('title = "Public post-mortems"\n', encoding="utf-8")
    return tmp_path


def _export(run: Run) -> dict[str, dict]:
    """Every incident of the export, by id."""
    result = run("export", "--format", "json")
    assert result.exit_code == 0, result.output + result.stderr
    return {incident["id"]: incident for incident in json.loads(result.stdout)["incidents"]}


def test_the_public_writeups_check_clean(run: Run, public_repo: Path) -> None:
    """Every write-up passes `pm check --strict`: no error, no warning."""
    result = run("check", "--strict")
    assert result.exit_code == 0, result.output + result.stderr
    assert len(list(PUBLIC.glob("*.yaml"))) == len(EXPECTED)


def test_timings_are_those_of_the_public_timelines(run: Run, public_repo: Path) -> None:
    """Time to detect, acknowledge, mitigate and resolve, across midnight, days and zones, as worked out by hand."""
    incidents = _export(run)
    assert set(incidents) == set(EXPECTED)
    for incident_id, expected in EXPECTED.items():
        computed = incidents[incident_id]["computed"]
        found = tuple(
            None if computed[name] is None else (computed[name]["minutes"], computed[name]["approximate"])
            for name in TIMINGS
        )
        assert found == expected, incident_id


def test_response_targets_are_judged_only_when_measured(run: Run, public_repo: Path) -> None:
    """A P1 must be acknowledged within 15 min: met, missed, approximately missed, or not measurable."""
    verdicts = {key: value["computed"]["target_met"] for key, value in _export(run).items()}
    assert verdicts == {
        "CLOUDFLARE-2019-07-02": True,
        "GOOGLE-2020-12-14": True,
        "GITHUB-2018-10-21": False,
        "ATLASSIAN-2022-04-05": False,
        "ROBLOX-2021-10-28": False,
        "AWS-S3-2017-02-28": None,
        "SLACK-2021-01-04": None,
        "FACEBOOK-2021-10-04": None,
        "CROWDSTRIKE-2024-07-19": None,
        "KNIGHT-2012-08-01": None,
    }


def test_reports_show_the_figures_as_written_and_computed(run: Run, public_repo: Path) -> None:
    """The Markdown reports give the computed spans in words, approximate ones marked, and the days of the timeline."""
    result = run("render", "--format", "md", "--quiet")
    assert result.exit_code == 0, result.output + result.stderr
    site = public_repo / "site"
    github = (site / "GITHUB-2018-10-21.md").read_text(encoding="utf-8")
    assert "**Time to resolve**: 1 day 11 min" in github
    assert "| Oct 22, 2018 | 00:05 |" in github  # the day changes at midnight UTC
    slack = (site / "SLACK-2021-01-04.md").read_text(encoding="utf-8")
    assert "**Time to detect**: ~45 min" in slack
    assert "Times in America/Los_Angeles." in slack
    roblox = (site / "ROBLOX-2021-10-28.md").read_text(encoding="utf-8")
    assert "**Time to resolve**: 3 days 3 hr 8 min" in roblox
    assert "**Response target**: < 15 min — missed, approximately" in roblox
    knight = (site / "KNIGHT-2012-08-01.md").read_text(encoding="utf-8")
    assert "| | 09:30 | Market opens" in knight  # 9:30 a.m. ET: EDT in August, the incident's New York time
    atlassian = (site / "ATLASSIAN-2022-04-05.md").read_text(encoding="utf-8")
    assert "Time to resolve" not in atlassian  # known to the day only: not made up
    index = (site / "index.md").read_text(encoding="utf-8")
    assert (
        "[CLOUDFLARE-2019-07-02](CLOUDFLARE-2019-07-02.md), [CROWDSTRIKE-2024-07-19](CROWDSTRIKE-2024-07-19.md) "
        "(recurs in 2 incidents)"
    ) in index
