"""Tests for safetyregs._batch and ``safetyregs check --summary``: many schools at once."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import attrs
import pytest

import safetyregs
from safetyregs._batch import CSV_FIELDS, _registered, check_many, school_paths
from safetyregs._cli import main
from safetyregs._io import dumps

AS_OF = dt.date(2026, 11, 23)
START, END = dt.date(2026, 1, 1), dt.date(2026, 11, 23)


@pytest.fixture
def schools(tmp_path: Path) -> Path:
    """A directory of three school files: a JSON one, a broken one and a TOML one,
    and a file that is not a school file."""
    example = safetyregs.example_school()
    other = attrs.evolve(example, school=attrs.evolve(example.school, id="zy-toml"))
    folder = tmp_path / "schools"
    folder.mkdir()
    (folder / "a.json").write_text(dumps(example), encoding="utf-8")
    (folder / "b.json").write_text('{"school": {"id": "x"}, "drill": []}', encoding="utf-8")
    (folder / "c.toml").write_text(dumps(other, format="toml"), encoding="utf-8")
    (folder / "notes.txt").write_text("not a school", encoding="utf-8")
    return folder


def _expected_counts() -> dict[str, int]:
    report = safetyregs.obligations(safetyregs.example_school(), START, END, as_of=AS_OF)
    return report.counts()


class TestCheckMany:
    def test_rows_in_order_with_the_bad_file_skipped(self, schools: Path) -> None:
        """One row per school file of the directory, sorted; the bad one has an error."""
        result = check_many([schools], start=START, end=END, as_of=AS_OF)
        assert [Path(row.file).name for row in result] == ["a.json", "b.json", "c.toml"]
        good, bad, toml = result.rows
        assert (good.school, good.profile, good.error) == ("zy-demo", "ziyang", None)
        assert good.counts() == _expected_counts()
        assert toml.school == "zy-toml"
        assert toml.counts() == _expected_counts()
        assert bad.counts() is None
        assert bad.error is not None
        assert "drill: unknown key" in bad.error
        assert "school: missing required key 'jurisdiction'" in bad.error

    def test_totals_and_exit_status(self, schools: Path) -> None:
        """Totals add up the readable schools; violations make the exit status 1."""
        result = check_many([schools], start=START, end=END, as_of=AS_OF)
        counts = _expected_counts()
        totals = result.totals()
        assert totals["files"] == 3
        assert (totals["read"], totals["failed"]) == (2, 1)
        assert totals["violated"] == 2 * counts["violated"] > 0
        assert totals["met"] == 2 * counts["met"]
        assert totals["schools_with_violations"] == 2
        assert result.exit_status == 1
        assert len(result.reports) == 2

    def test_missing_paths_and_empty_directories(self, tmp_path: Path) -> None:
        """A missing path and a directory without school files are rows with errors."""
        empty = tmp_path / "empty"
        empty.mkdir()
        result = check_many([empty, tmp_path / "nope.json"], start=START, end=END, as_of=AS_OF)
        assert [row.error_text("en") for row in result] == [
            "no .json or .toml files in the directory",
            "no such file or directory",
        ]
        assert result.rows[1].error_text("zh") == "文件或目录不存在"
        assert result.exit_status == 2

    def test_each_file_once(self, schools: Path) -> None:
        """A file named directly and through its directory is read once."""
        paths = school_paths([schools / "a.json", schools])
        assert [Path(p).name for p in paths] == ["a.json", "b.json", "c.toml"]

    def test_unknown_jurisdiction_is_a_row_error(self, tmp_path: Path) -> None:
        """A school of an uninstalled jurisdiction is reported, not fatal."""
        sf = safetyregs.example_school()
        sf = attrs.evolve(sf, school=attrs.evolve(sf.school, jurisdiction="atlantis"))
        (tmp_path / "x.json").write_text(dumps(sf), encoding="utf-8")
        (row,) = check_many([tmp_path], start=START, end=END, as_of=AS_OF).rows
        assert row.error is not None
        assert "atlantis" in row.error

    def test_profile_override(self, schools: Path) -> None:
        """``profile`` evaluates every school under the named profile."""
        result = check_many([schools / "a.json"], start=START, end=END, as_of=AS_OF, profile="cixi")
        assert result.rows[0].profile == "cixi"

    def test_progress_bar_does_not_change_the_result(self, schools: Path) -> None:
        """With ``progress`` on, the rows are the same."""
        plain = check_many([schools], start=START, end=END, as_of=AS_OF)
        shown = check_many([schools], start=START, end=END, as_of=AS_OF, progress=True)
        assert [r.to_dict() for r in shown] == [r.to_dict() for r in plain]


class TestCli:
    def _run(self, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
        status = main(["check", *argv, "--as-of", AS_OF.isoformat()])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    def test_json(self, schools: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``--format json``: one object per file and the totals; exit 1 for violations."""
        status, out, err = self._run(capsys, str(schools), "--summary", "--format", "json")
        assert status == 1
        assert err == ""  # no progress bar when stderr is not a terminal
        doc = json.loads(out)
        assert (doc["from"], doc["to"], doc["as_of"]) == ("2026-01-01", "2026-11-23", "2026-11-23")
        rows = doc["schools"]
        assert [Path(r["file"]).name for r in rows] == ["a.json", "b.json", "c.toml"]
        assert set(rows[0]) == set(CSV_FIELDS)
        assert rows[0]["violated"] == _expected_counts()["violated"]
        assert rows[1]["violated"] is None
        assert "unknown key" in rows[1]["error"]
        assert doc["totals"]["read"] == 2
        assert doc["totals"]["violated"] == 2 * _expected_counts()["violated"]

    def test_csv(self, schools: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``--format csv``: a header, one row per file and a TOTAL row, as the csv module
        reads them."""
        status, out, _ = self._run(capsys, str(schools), "--format", "csv")
        assert status == 1
        rows = list(csv.DictReader(io.StringIO(out)))
        assert list(rows[0]) == list(CSV_FIELDS)
        assert [Path(r["file"]).name for r in rows] == ["a.json", "b.json", "c.toml", "TOTAL"]
        counts = _expected_counts()
        assert rows[0]["school"] == "zy-demo"
        assert int(rows[0]["met"]) == counts["met"]
        assert rows[1]["met"] == ""
        assert rows[1]["error"]
        total = rows[3]
        assert int(total["violated"]) == 2 * counts["violated"]
        assert (total["school"], total["error"]) == ("2", "1")

    def test_table_lists_every_file(
        self, schools: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The table has a line per file, the error of the bad one and the totals."""
        status, out, _ = self._run(capsys, str(schools), "--lang", "en")
        assert status == 1
        for name in ("a.json", "b.json", "c.toml", "Total", "zy-toml", "unknown key"):
            assert name in out

    def test_several_files_imply_summary(
        self, schools: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Two files without ``--summary`` give the summary, not one school's violations."""
        files = [str(schools / "a.json"), str(schools / "c.toml")]
        status, out, _ = self._run(capsys, *files, "--format", "json")
        assert status == 1
        assert [r["school"] for r in json.loads(out)["schools"]] == ["zy-demo", "zy-toml"]

    def test_one_file_keeps_the_single_form(
        self, schools: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """One file without ``--summary`` prints its violations as before."""
        status, out, _ = self._run(capsys, str(schools / "a.json"), "--format", "json")
        assert status == 1
        doc = json.loads(out)
        assert doc["school"] == "zy-demo"
        assert len(doc["violations"]) == _expected_counts()["violated"]

    def test_no_violations_exit_zero(
        self, schools: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A range with nothing violated exits 0, though one file is unreadable."""
        status, out, _ = self._run(capsys, str(schools), "--month", "2026-12", "--format", "json")
        assert status == 0
        assert json.loads(out)["totals"]["violated"] == 0

    def test_nothing_readable_exit_two(
        self, schools: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """No readable file at all: exit 2, the reasons on stderr, nothing on stdout."""
        missing = str(tmp_path / "missing.json")
        status, out, err = self._run(
            capsys, str(schools / "b.json"), missing, "--summary", "--lang", "en"
        )
        assert status == 2
        assert out == ""
        assert "b.json" in err
        assert "no such file or directory" in err
        assert "no school file could be read" in err


class TestJobs:
    """Several processes share the files; the rows do not change."""

    @pytest.fixture
    def many(self, tmp_path: Path) -> Path:
        """Nine school files of three jurisdictions with different drills, and a broken one."""
        example = safetyregs.example_school()
        folder = tmp_path / "many"
        folder.mkdir()
        for i in range(9):
            school = attrs.evolve(
                example.school, id=f"s{i}", jurisdiction=("ziyang", "cixi", "yanzhou")[i % 3]
            )
            drills = example.drills[: i % 5 + 2]
            sf = attrs.evolve(example, school=school, drills=drills)
            (folder / f"s{i}.json").write_text(dumps(sf), encoding="utf-8")
        (folder / "s9.json").write_text("{", encoding="utf-8")
        return folder

    def test_parallel_rows_equal_serial_rows(self, many: Path) -> None:
        """Two and three processes give the serial rows, reports included, in the same order."""
        serial = check_many([many], start=START, end=END, as_of=AS_OF)
        assert len({row.counts()["violated"] for row in serial.rows[:9]}) > 1  # type: ignore[index]
        for jobs in (2, 3):
            parallel = check_many([many], start=START, end=END, as_of=AS_OF, jobs=jobs)
            assert [r.to_dict() for r in parallel] == [r.to_dict() for r in serial]
            assert parallel.reports == serial.reports
        assert serial.rows[9].error is not None

    def test_without_reports_rows_keep_their_counts(self, many: Path) -> None:
        """``keep_reports=False`` drops the obligations but not the counts or totals."""
        kept = check_many([many], start=START, end=END, as_of=AS_OF)
        lean = check_many([many], start=START, end=END, as_of=AS_OF, jobs=2, keep_reports=False)
        assert lean.reports == ()
        assert [r.to_dict() for r in lean] == [r.to_dict() for r in kept]
        assert lean.totals() == kept.totals()

    def test_profile_override_travels_to_the_workers(self, many: Path) -> None:
        """A profile given for every school reaches the worker processes: same rows."""
        serial = check_many([many], start=START, end=END, as_of=AS_OF, profile="cixi")
        parallel = check_many([many], start=START, end=END, as_of=AS_OF, profile="cixi", jobs=2)
        assert [r.to_dict() for r in parallel] == [r.to_dict() for r in serial]
        assert {row.profile for row in parallel if row.ok} == {"cixi"}

    def test_a_profile_of_ones_own_travels_whole(self, many: Path) -> None:
        """A derived profile (no installed profile has its id) reaches the workers whole.

        An installed profile is sent by its id, a derived one as it is: both give the
        serial rows. Two drills a month are asked, so its counts differ from cixi's.
        """
        cixi = safetyregs.profiles.get("cixi")
        strict = cixi.derive(
            "cixi-strict", override={"cixi.evacuation-drill-monthly": {"needs[0].at_least": 2}}
        )
        assert _registered(cixi)
        assert not _registered(strict)
        serial = check_many([many], start=START, end=END, as_of=AS_OF, profile=strict)
        parallel = check_many([many], start=START, end=END, as_of=AS_OF, profile=strict, jobs=2)
        assert [r.to_dict() for r in parallel] == [r.to_dict() for r in serial]
        assert {row.profile for row in parallel if row.ok} == {"cixi-strict"}
        lenient = check_many([many], start=START, end=END, as_of=AS_OF, profile=cixi, jobs=2)
        assert lenient.totals()["violated"] < parallel.totals()["violated"]

    def test_bad_jobs(self, many: Path) -> None:
        """Zero processes is refused."""
        with pytest.raises(ValueError, match="at least 1"):
            check_many([many], start=START, end=END, as_of=AS_OF, jobs=0)

    def test_cli_jobs_output_equals_serial(
        self, many: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``check DIR --jobs 2`` prints what ``--jobs 1`` prints, exit status included."""
        outputs = []
        for jobs in ("1", "2"):
            argv = ["check", str(many), "--format", "json", "--jobs", jobs]
            status = main([*argv, "--as-of", AS_OF.isoformat()])
            outputs.append((status, capsys.readouterr().out))
        assert outputs[0] == outputs[1]
        assert outputs[0][0] == 1

    def test_cli_bad_jobs_exit_two(self, many: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``--jobs 0`` is a usage error: exit 2 with a message, no traceback."""
        status = main(["check", str(many), "--jobs", "0"])
        err = capsys.readouterr().err
        assert status == 2
        assert "not a number of processes" in err
        assert "Traceback" not in err


class TestBatchEngineSummaries:
    """The batch engine's summaries and the Dask path give the serial rows."""

    @pytest.fixture
    def mixed(self, tmp_path: Path) -> Path:
        """Six school files of three jurisdictions, a broken file and (named apart) a
        missing one."""
        example = safetyregs.example_school()
        folder = tmp_path / "mixed"
        folder.mkdir()
        for i in range(6):
            school = attrs.evolve(
                example.school, id=f"m{i}", jurisdiction=("ziyang", "cixi", "yanzhou")[i % 3]
            )
            sf = attrs.evolve(example, school=school, drills=example.drills[i:])
            (folder / f"m{i}.json").write_text(dumps(sf), encoding="utf-8")
        (folder / "m6.json").write_text('{"school": {}}', encoding="utf-8")
        return folder

    def _serial(self, paths: list[Path]) -> list[dict[str, object]]:
        result = check_many(paths, start=START, end=END, as_of=AS_OF, keep_reports=False)
        return [row.to_dict() for row in result]

    def test_summarize_equals_serial(self, mixed: Path) -> None:
        """One partition evaluated by the batch engine gives the serial rows, errors included."""
        from safetyregs import batch
        from safetyregs._batch import _expand

        paths = [mixed, mixed / "missing.json"]
        rows = batch.summarize(list(_expand(paths)), start=START, end=END, as_of=AS_OF)
        assert [row.to_dict() for row in rows] == self._serial(paths)
        assert rows[-1].error_key == "not_found"
        assert {row.profile for row in rows if row.ok} == {"ziyang", "cixi", "yanzhou"}

    def test_dask_local_scheduler(self, mixed: Path) -> None:
        """Three Dask partitions on the synchronous scheduler give the serial rows."""
        pytest.importorskip("dask.bag")
        from safetyregs import batch

        result = batch.check_with_dask(
            [mixed], start=START, end=END, as_of=AS_OF, partitions=3, scheduler="sync"
        )
        assert [row.to_dict() for row in result] == self._serial([mixed])
        assert result.totals()["read"] == 6

    def test_dask_distributed_cluster(self, mixed: Path) -> None:
        """A local ``dask.distributed`` cluster, reached by its address, gives the serial rows."""
        distributed = pytest.importorskip("distributed")
        from safetyregs import batch

        with distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster:
            result = batch.check_with_dask(
                [mixed],
                start=START,
                end=END,
                as_of=AS_OF,
                partitions=2,
                scheduler=cluster.scheduler_address,
            )
        assert [row.to_dict() for row in result] == self._serial([mixed])
        assert result.exit_status == 1


def test_batch_module_examples() -> None:
    """The example in ``safetyregs.batch``'s docstring runs and prints what it says."""
    import doctest

    from safetyregs import batch

    failures, tried = doctest.testmod(batch, raise_on_error=False)
    assert tried > 0
    assert failures == 0


def test_school_paths_is_public_in_batch(tmp_path: Path) -> None:
    """``safetyregs.batch.school_paths`` (used by the docs' Dask example) lists what ``check``
    reads: a directory's school files sorted, a file once, missing paths and empty
    directories left out."""
    from safetyregs import batch

    (tmp_path / "b.json").write_text("{}", encoding="utf-8")
    (tmp_path / "a.toml").write_text("", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("", encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    found = batch.school_paths([tmp_path, tmp_path / "b.json", tmp_path / "gone.json", empty])
    assert found == [str(tmp_path / "a.toml"), str(tmp_path / "b.json")]
    assert "school_paths" in batch.__all__
