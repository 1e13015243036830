"""Properties of summaries, on school files from ``safetyregs.strategies``.

Whatever the school, a summary accounts for every obligation exactly once: its lines'
counts add up to the report's, each status's runs of dates add up to that status's
count, runs are in order and do not overlap, and narrowing a report (``where``) never
merges two runs that the whole report keeps apart.
"""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import safetyregs
from safetyregs import strategies as srst

PROFILES = safetyregs.profiles.names()
fast = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _report(data: st.DataObject) -> safetyregs.Report:
    jurisdiction = data.draw(st.sampled_from(PROFILES), label="profile")
    profile = safetyregs.profiles.get(jurisdiction)
    start = profile.effective_from
    end = start + dt.timedelta(days=400)
    school = data.draw(srst.school_files(jurisdiction, start=start, end=end, max_records=4))
    as_of = data.draw(st.dates(start, end), label="as_of")
    return safetyregs.obligations(school, start, end, as_of=as_of)


@fast
@given(st.data())
def test_every_obligation_counted_once(data: st.DataObject) -> None:
    """Lines' counts sum to the report's; one line per rule; runs sum to their status."""
    report = _report(data)
    summary = report.summary()
    assert summary.counts() == report.counts()
    assert sorted(line.rule for line in summary) == sorted({ob.rule for ob in report})
    for line in summary:
        for status in ("met", "pending", "violated"):
            runs = line.dates(status)
            assert sum(run.count for run in runs) == line.count(status)
            for run, following in itertools.pairwise(runs):
                assert run.start <= run.end < following.start


@fast
@given(st.data())
def test_narrowing_never_joins_runs(data: st.DataObject) -> None:
    """Each run of the violations alone lies inside one run of the whole report's."""
    report = _report(data)
    whole = {line.rule: line.dates("violated") for line in report.summary()}
    for line in report.violations.summary():
        for run in line.dates("violated"):
            assert any(w.start <= run.start and run.end <= w.end for w in whole[line.rule])
