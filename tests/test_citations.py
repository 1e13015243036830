"""Every rule of every built-in profile cites its source document by title, issuer and date;
the words it quotes are in the document's text, which ships with the package; what a safety
officer reads carries no code names."""

from __future__ import annotations

import hashlib
import re
from importlib import resources
from pathlib import Path

import pytest

import safetyregs
from safetyregs import profiles
from safetyregs._cli import main

BUILT_IN = ("changzhou", "cixi", "yanzhou", "yongqiao", "ziyang")
#: The catalogue of spec/regulations.md, copied so that the test runs in every clone.
CATALOGUE = Path(__file__).parent / "data" / "regulations.md"

#: SHA-256 of each source document's text as it was collected: the shipped copy is unchanged.
ORIGINALS = {
    "changzhou": "8817bc2115d1e905027e6f6e0d85b8611dec48e77dbc203d1eceb44736c58dba",
    "cixi": "ff608cbf6f8eaa67c0c3f2ed3052aaea359b5a8bf3cc79e17364769f0cc5ccf1",
    "yanzhou": "9d94aab025d5fe64bfccd621fdb08313dd58e07f5dc16bfafb8fa4883960872e",
    "yongqiao": "3ff815433b1bc81953493a8d11a8bf874d46214da909db38a2f964b2e37c6144",
    "ziyang": "f08d48b1febf096dc27853309ca2cf63bfe5a6a59cd12be20ca1a0539ffcdf6b",
}

#: Titles, issuers and dates, read from the documents (Changzhou's attachment prints no issuer
#: or date: the bureau whose notice it is attached to, and the first day of the plan's year).
DOCUMENTS = {
    "changzhou": ("2020年常州市学校安全工作要点", "常州市教育局", "2020-01-01"),
    "cixi": ("2023年学校安全稳定综治工作的意见", "慈溪市教育体育局", "2023-03-05"),
    "yanzhou": (
        "关于印发《全区教育系统2024年学校安全工作要点》的通知",
        "兖州区教育和体育局",
        "2024-01-26",
    ),
    "yongqiao": (
        "埇桥区教体系统“强基础、补短板、铸安提质年”活动方案",
        "埇桥区教体局",
        "2023-03-22",
    ),
    "ziyang": ("关于做好2020年学校安全工作的通知", "资阳市教育和体育局", "2020-04-02"),
}

#: What a safety officer should never read: identifiers in snake_case or UPPER_CASE, calls
#: or keyword arguments, code quotes, file names and the word "seed".
CODE_LIKE = re.compile(
    r"\b[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]*\b|\b\w+\(\w*=|`|\.txt\b|\bseeds?\b",
    re.ASCII | re.IGNORECASE,
)


def _words(text: str) -> str:
    """Text without page markers ("13、" after a blank line), punctuation or spaces."""
    text = re.sub(r"\n\n\d+、", "", text)
    return "".join(ch for ch in text if ch.isalnum() or ch == "%")


@pytest.fixture(params=BUILT_IN)
def profile(request: pytest.FixtureRequest) -> safetyregs.Profile:
    return profiles.get(request.param)


def _document(profile: safetyregs.Profile) -> str:
    text = profile.document_text()
    assert text is not None, profile.id
    return text


class TestShippedTexts:
    def test_text_is_shipped_unchanged(self, profile: safetyregs.Profile) -> None:
        """The package holds sources/<profile>.txt, byte for byte the collected document."""
        data = resources.files("safetyregs").joinpath(f"sources/{profile.id}.txt").read_bytes()
        assert hashlib.sha256(data).hexdigest() == ORIGINALS[profile.id]
        assert profile.document_resource == f"safetyregs:sources/{profile.id}.txt"
        assert _document(profile) == data.decode("utf-8")

    def test_a_profile_without_a_shipped_text(self, profile: safetyregs.Profile) -> None:
        """A profile that ships no text (a plugin's, say) says so with None."""
        derived = profile.derive(profile.id + "-local", document_resource=None)
        assert derived.document_text() is None


class TestCitations:
    def test_quoted_words_are_in_the_document(self, profile: safetyregs.Profile) -> None:
        """Each part of a rule's quoted text (split at … and ；) occurs in the shipped text,
        punctuation aside."""
        text = _words(_document(profile))
        missing = [
            (rule.id, part)
            for rule in profile.rules
            for part in re.split(r"…|；", rule.source.text)
            if _words(part) and _words(part) not in text
        ]
        assert missing == []

    def test_every_rule_cites_the_document_by_title(self, profile: safetyregs.Profile) -> None:
        """Every citation carries the profile's document, its title, issuer and date, and a
        clause; the title, issuer and date are the ones read from the document."""
        title, issuer, date = DOCUMENTS[profile.id]
        assert profile.title is not None
        assert (profile.title.zh, profile.issuer.zh, profile.published.isoformat()) == (
            title,
            issuer,
            date,
        )
        for rule in profile.rules:
            source = rule.source
            assert source.document == profile.document, rule.id
            assert (source.title, source.issuer, source.date) == (
                profile.title,
                profile.issuer,
                profile.published,
            ), rule.id
            assert source.clause.strip(), rule.id

    def test_title_is_printed_in_the_document(self, profile: safetyregs.Profile) -> None:
        """The title is the document's own (its words occur in the shipped text)."""
        assert profile.title is not None
        assert _words(profile.title.zh) in _words(_document(profile))

    def test_date_is_printed_in_the_document(self, profile: safetyregs.Profile) -> None:
        """The date is printed in the document (as 2023年3月5日 or 2020-04-02), except for
        Changzhou's attachment, which prints none: its plan year's first day is used."""
        date = profile.published
        printed = (f"{date.year}年{date.month}月{date.day}日", date.isoformat())
        found = any(p in _document(profile) for p in printed)
        assert found == (profile.id != "changzhou")

    def test_catalogue_ids_are_installed(self, profile: safetyregs.Profile) -> None:
        """The profile has exactly the rule ids that the catalogue lists for it."""
        listed = set(
            re.findall(rf"^\| `({profile.id}\.[a-z0-9-]+)`", CATALOGUE.read_text("utf-8"), re.M)
        )
        assert {rule.id for rule in profile.rules} == listed

    def test_reference_and_label(self) -> None:
        """A citation reads as issuer《title》（date） and 《title》clause in Chinese, and with the
        English title in quotes in English; a title with a title inside uses 〈〉 within."""
        cixi = profiles.get("cixi").rule("cixi.rescue-team").source
        assert (
            cixi.reference() == "慈溪市教育体育局《2023年学校安全稳定综治工作的意见》（2023-03-05）"
        )
        assert cixi.label() == "《2023年学校安全稳定综治工作的意见》四(四)14"
        assert cixi.reference("en") == (
            "Cixi Education and Sports Bureau, "
            '"Opinions on school safety, stability and public order work in 2023" (2023-03-05)'
        )
        yanzhou = profiles.get("yanzhou").rules[0].source
        assert yanzhou.label() == "《关于印发〈全区教育系统2024年学校安全工作要点〉的通知》二.6"

    def test_a_citation_without_a_title_names_its_document(self) -> None:
        """A plugin's citation that gives no title falls back to the document it names."""
        bare = safetyregs.Citation("notice.txt", "二.3", "每月演练")
        assert (bare.label(), bare.reference("en")) == ("notice.txt 二.3", "notice.txt")


def _user_texts(profile: safetyregs.Profile) -> list[tuple[str, str]]:
    """Every text of the profile that a reader sees, in both languages, with where it is."""
    texts = [("references", r) for r in profile.references]
    for lang in ("zh", "en"):
        texts += [
            ("name", profile.name(lang)),
            ("issuer", profile.issuer(lang)),
            ("reference", profile.reference(lang)),
        ]
        for rule in profile.rules:
            texts += [
                (f"{rule.id} title", rule.title(lang)),
                (f"{rule.id} interpretation", rule.interpretation(lang)),
                (f"{rule.id} applies to", rule.applies_to.text(lang)),
                (f"{rule.id} citation", rule.source.reference(lang) + rule.source.label(lang)),
            ]
    return texts


class TestNoCodeNames:
    def test_user_facing_texts_have_no_code_names(self, profile: safetyregs.Profile) -> None:
        """Names, titles, interpretations and citations of every profile, in Chinese and
        English, hold no snake_case or UPPER_CASE names, calls, file names or "seed"."""
        found = [
            (where, m.group())
            for where, text in _user_texts(profile)
            for m in CODE_LIKE.finditer(text)
        ]
        assert found == []

    def test_every_interpretation_is_in_both_languages(self, profile: safetyregs.Profile) -> None:
        """An interpretation has a Chinese text (with Chinese in it) and a different English one."""
        for rule in profile.rules:
            if rule.interpretation:
                zh, en = rule.interpretation("zh"), rule.interpretation("en")
                assert re.search(r"[\u4e00-\u9fff]", zh), rule.id
                assert zh != en, rule.id

    def test_which_schools_in_words(self) -> None:
        """Which schools a rule applies to reads as levels and kinds of school, not as the
        school file's field names."""
        yanzhou = profiles.get("yanzhou")
        drill = yanzhou.rule("yanzhou.evacuation-drill-monthly").applies_to
        assert drill.text("zh") == "小学、初中、高中、中职"
        assert drill.text("en") == "primary, junior secondary, senior secondary, vocational"
        night = yanzhou.rule("yanzhou.night-drill").applies_to
        assert (night.text("zh"), night.text("en")) == ("寄宿制学校", "boarding schools")
        every = yanzhou.rule("yanzhou.liability-insurance").applies_to
        assert (every.text("zh"), every.text("en")) == ("所有学校", "every school")

    @pytest.mark.parametrize(
        "text",
        [
            "Only months in session (at least min_school_days school days) owe a drill.",
            "Every school day owes a 1530 record of at least DAILY_MINUTES.",
            "The seed names the 1530 system",
            "Within one month (relativedelta(months=1))",
            "cited from 003_b5078dff72642c51.txt",
            "window `until_due`",
        ],
    )
    def test_the_check_catches_code_names(self, text: str) -> None:
        """The pattern flags the kinds of text the interpretations used to carry."""
        assert CODE_LIKE.search(text)

    @pytest.mark.parametrize(
        "text",
        [
            "只有在校的月份（当月至少10个上课日）需要演练。",
            "Stock = acquired − used − disposed never drops below zero.",
            "The 1530 system: one minute before every dismissal (30% of staff).",
        ],
    )
    def test_the_check_lets_plain_text_pass(self, text: str) -> None:
        """Plain Chinese and English, numbers and signs are not code names."""
        assert CODE_LIKE.search(text) is None


@pytest.fixture
def example_path(tmp_path: Path) -> Path:
    """The example school (a ziyang school) written to a file, as a user would have it."""
    path = tmp_path / "school.json"
    data = resources.files("safetyregs").joinpath("data/example_school.json").read_bytes()
    path.write_bytes(data)
    return path


ZIYANG_ZH = "资阳市教育和体育局《关于做好2020年学校安全工作的通知》（2020-04-02）"
ZIYANG_EN = (
    'Ziyang Education and Sports Bureau, "Notice on school safety work in 2020" (2020-04-02)'
)


class TestCitationsShown:
    def test_explain_names_the_document(self) -> None:
        """explain() cites each obligation by the document's title and the clause, never a file."""
        school = safetyregs.example_school()
        report = safetyregs.obligations(
            school,
            safetyregs.month_period("2026-11").start,
            safetyregs.month_period("2026-11").end,
            as_of=safetyregs.month_period("2026-12").start,
        )
        text = report.explain()
        assert len(report) > 0
        assert text.count("依据: 《关于做好2020年学校安全工作的通知》") == len(report)
        assert 'source: "Notice on school safety work in 2020" 三(一)1: ' in report.explain("en")
        assert ".txt" not in text

    @pytest.mark.parametrize(
        ("lang", "line"), [("zh", "依据：" + ZIYANG_ZH), ("en", "Source: " + ZIYANG_EN)]
    )
    def test_owes_table_names_the_document(
        self, capsys: pytest.CaptureFixture[str], example_path: Path, lang: str, line: str
    ) -> None:
        """The CLI's table heading names the source document, in the table's language."""
        code = main(
            [
                "owes",
                str(example_path),
                "--month",
                "2026-11",
                "--as-of",
                "2026-12-01",
                "--lang",
                lang,
            ]
        )
        out = capsys.readouterr().out
        assert code in (0, 1)
        assert line in out
        assert ".txt" not in out

    def test_profile_and_profiles_tables_name_the_document(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``profile`` heads its table with the document's issuer, title and date; ``profiles``
        lists each document by title; neither shows a file name or code names."""
        assert main(["profile", "cixi"]) == 0
        out = capsys.readouterr().out
        assert "慈溪市教育体育局《2023年学校安全稳定综治工作的意见》（2023-03-05）" in out
        assert not re.search(r"\.txt|\bseed|DAILY_MINUTES|min_school_days", out)
        assert main(["profiles", "--lang", "en"]) == 0
        out = capsys.readouterr().out
        assert "Opinions on school safety, stability and public order work in 2023" in out
        assert ".txt" not in out

    def test_notebook_views_name_the_document(self) -> None:
        """The HTML table heads with the document; to_pandas() has the document's title."""
        school = safetyregs.example_school()
        month = safetyregs.month_period("2026-11")
        report = safetyregs.obligations(school, month.start, month.end, as_of=month.end)
        assert f"<br>依据：{ZIYANG_ZH}<table>" in report._repr_html_()
        frame = report.to_pandas()
        assert set(frame["document"]) == {"《关于做好2020年学校安全工作的通知》"}
        assert not any(".txt" in str(v) for v in frame.to_numpy().ravel())

    def test_profile_page_cites_by_title(self, profile: safetyregs.Profile) -> None:
        """A profile's documentation page names its document by issuer, title and date, cites
        every rule by it with the clause, points at ``source`` for the context, and shows no
        file name or code name in its interpretations."""
        from safetyregs._docgen import profile_markdown

        page = profile_markdown(profile)
        assert profile.document not in page
        for rule in profile.rules:
            assert f"**Citation**: {profile.reference('zh')} {rule.source.clause}\n" in page
            assert f"`safetyregs source {rule.id}` prints the clause" in page
        lines = [line for line in page.splitlines() if "**Interpretation**" in line]
        assert [CODE_LIKE.findall(line.partition("**: ")[2]) for line in lines] == [[]] * len(lines)
