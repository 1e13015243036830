"""The batch engine gives exactly the per-school answers, for every installed profile.

Populations of a few generated school files (each with its own terms, levels, flags and
records, so schools share a calendar or not) are evaluated at once by
``safetyregs.batch.evaluate`` and one by one by ``safetyregs.evaluate``, over a random
range and ``as_of``: every school's obligations (rule, subject, period, due, status,
progress, explanation, evidence) must be equal, and so must the status counts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import attrs
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

import safetyregs
from safetyregs import Period, batch
from safetyregs import strategies as srst

ONE_DAY = dt.timedelta(days=1)
PROFILES = safetyregs.profiles.names()
#: Examples per profile come from the Hypothesis profile (tests/conftest.py): ``ci`` in
#: ``make test``, ``thorough`` in ``make test-thorough``; no shrinking, as in test_properties.
fast = settings(phases=(Phase.explicit, Phase.reuse, Phase.generate))


def window(profile: safetyregs.Profile) -> tuple[dt.date, dt.date]:
    """Record dates for a profile: from a quarter before it takes effect, about two years."""
    start = profile.effective_from - dt.timedelta(days=90)
    end = profile.effective_from + dt.timedelta(days=2 * 365)
    if profile.effective_until is not None:
        end = min(end, profile.effective_until + dt.timedelta(days=90))
    return start, end


@st.composite
def populations(
    draw: st.DrawFn, name: str
) -> tuple[list[safetyregs.SchoolFile], dt.date, dt.date, dt.date]:
    """One to four school files of a profile (some sharing the first one's terms), a range
    and an ``as_of``."""
    profile = safetyregs.profiles.get(name)
    start, end = window(profile)
    schools = draw(
        st.lists(srst.school_files(jurisdiction=name, start=start, end=end), min_size=1, max_size=4)
    )
    if len(schools) > 1 and draw(st.booleans()):
        # Schools that share a calendar are computed together: make some share one.
        terms = schools[0].school.terms
        schools[1:] = [
            attrs.evolve(s, school=attrs.evolve(s.school, terms=terms)) for s in schools[1:]
        ]
    a = draw(st.dates(start, end - dt.timedelta(days=60)))
    c = draw(st.dates(a + ONE_DAY, end))
    as_of = draw(st.dates(start, end + dt.timedelta(days=60)))
    return schools, a, c, as_of


def _assert_same_obligations(
    results: batch.Results, expected: list[tuple[safetyregs.Obligation, ...]]
) -> None:
    """Each school's obligations and the status counts of ``results`` are ``expected``'s."""
    for number, found in enumerate(expected):
        assert results.obligations(number) == found
    statuses = Counter(o.status for found in expected for o in found)
    assert results.status_counts() == (
        statuses["met"],
        statuses["pending"],
        statuses["violated"],
    )


@pytest.mark.parametrize("name", PROFILES)
class TestBatchEqualsPerSchool:
    @fast
    @given(data=st.data())
    def test_every_obligation(self, name: str, data: st.DataObject) -> None:
        """Each school's obligations from the batch engine equal ``safetyregs.evaluate``'s."""
        profile = safetyregs.profiles.get(name)
        schools, a, c, as_of = data.draw(populations(name))
        period = Period(a, c)
        results = batch.evaluate(schools, profile, period, as_of)
        expected = [safetyregs.evaluate(sf, profile, period, as_of) for sf in schools]
        _assert_same_obligations(results, expected)
        assert len(results) == sum(map(len, expected))
        by_school = results.counts_by_school().tolist()
        for number, found in enumerate(expected):
            counts = Counter(o.status for o in found)
            assert by_school[number] == [counts["met"], counts["pending"], counts["violated"]]

    @fast
    @given(data=st.data())
    def test_a_population_read_from_texts(self, name: str, data: st.DataObject) -> None:
        """A population read by ``Population.from_texts`` (its daily record lists kept as
        columns, records built only for the rules run per school and for explanations)
        gives each school the obligations ``safetyregs.evaluate`` gives for the file as
        ``loads`` reads it, and the same status counts; its files, once built, are those
        ``loads`` reads."""
        profile = safetyregs.profiles.get(name)
        schools, a, c, as_of = data.draw(populations(name))
        texts = [safetyregs.dumps(sf) for sf in schools]
        loaded = [safetyregs.loads(text) for text in texts]
        period = Period(a, c)
        population = batch.Population.from_texts(texts)
        results = batch.evaluate(population, profile, period, as_of)
        expected = [safetyregs.evaluate(sf, profile, period, as_of) for sf in loaded]
        _assert_same_obligations(results, expected)
        assert population.school_files == tuple(loaded)
