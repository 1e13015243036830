"""``safetyregs source RULE``: a rule's clause in the shipped text of its source document."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from conftest import SCRIPT
from safetyregs import profiles
from safetyregs._cli import main
from safetyregs._sources import context, locate


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class TestLocate:
    def test_finds_words_across_punctuation_and_page_numbers(self) -> None:
        """Quoted words are found though the text re-punctuates them and breaks a page inside."""
        doc = "四、要求\n14.组建一支不少于30%教职员工参加的兼职综合应\n\n10、急救援队。其他。"
        spans = locate(doc, "组建一支不少于30%教职员工参加的兼职综合应急救援队")
        assert [(doc[a], doc[b - 1]) for a, b in spans] == [("组", "队")]
        (paragraph,) = context(doc, spans)
        assert paragraph.text == "14.组建一支不少于30%教职员工参加的兼职综合应急救援队。其他。"
        (mark,) = paragraph.marks
        assert (
            paragraph.text[mark[0] : mark[1]] == "组建一支不少于30%教职员工参加的兼职综合应急救援队"
        )

    def test_elided_parts_are_found_in_order(self) -> None:
        """Parts split at … are each found, the later one after the earlier one."""
        doc = "甲。乙要做到。\n丙。\n丁要做到。"
        spans = locate(doc, "乙要做到…丁要做到")
        assert [doc[a:b] for a, b in spans] == ["乙要做到", "丁要做到"]
        shown = context(doc, spans)
        assert [(p.text, p.gap_before) for p in shown] == [
            ("甲。乙要做到。", False),
            ("丁要做到。", True),
        ]
        with_neighbours = context(doc, spans, around=1)
        assert [p.text for p in with_neighbours] == ["甲。乙要做到。", "丙。", "丁要做到。"]

    def test_a_long_paragraph_is_cut_to_sentences(self) -> None:
        """A paragraph longer than a screen shows the quote's sentence and one on either side."""
        filler = "无关的句子写在这里。" * 30
        doc = filler + "前一句。每月演练一次。后一句。" + filler
        (paragraph,) = context(doc, locate(doc, "每月演练一次"))
        assert paragraph.text == "前一句。每月演练一次。后一句。"
        assert (paragraph.cut_before, paragraph.cut_after) == (True, True)

    def test_missing_words_give_no_context(self) -> None:
        """Words that are not in the document locate nowhere."""
        assert locate("甲乙丙。", "丁戊") == []
        assert context("甲乙丙。", []) == []


class TestCommand:
    def test_prints_the_clause_in_context(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Chinese headings, the document by issuer, title and date, the clause, the quote, the
        interpretation, and the sentences around the quote with the quoted words marked."""
        code, out, err = run(capsys, "source", "cixi.rescue-team")
        assert (code, err) == (0, "")
        lines = out.splitlines()
        assert lines[0] == "不少于30%教职员工参加应急救援队  cixi.rescue-team"
        assert "文件：慈溪市教育体育局《2023年学校安全稳定综治工作的意见》（2023-03-05）" in lines
        assert "条款：四(四)14" in lines
        assert "原文：组建一支不少于30%教职员工参加的兼职综合应急救援队" in lines
        # The page of the collected text ends inside 应急; the context reads across it.
        assert (
            "  …5月和11月要组织全校规模的应急疏散演练。加强应急管理和救援队伍建设,"
            "【组建一支不少于30%教职员工参加的兼职综合应急救援队】。全面开展现场救护培训活动。…"
        ) in lines
        assert ".txt" not in out

    def test_english_headings(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--lang en gives English headings and the English reference; the text stays Chinese."""
        code, out, _ = run(capsys, "source", "ziyang.incident-phone-report", "--lang", "en")
        assert code == 0
        assert (
            'Document: Ziyang Education and Sports Bureau, "Notice on school safety work in 2020" '
            "(2020-04-02)"
        ) in out
        assert "Clause: 三(六)1" in out
        assert "In context" in out
        assert "【突发事件发生后,30分钟内电话报告】" in out
        assert "Interpretation: The clock starts when the school learned of the incident" in out

    def test_context_paragraphs(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--context 1 adds the paragraph before and after: the heading of section (六)."""
        _, plain, _ = run(capsys, "source", "ziyang.incident-phone-report")
        _, wider, _ = run(capsys, "source", "ziyang.incident-phone-report", "--context", "1")
        assert "应急管理工作" not in plain
        assert "(六)应急管理工作" in wider
        assert len(wider.splitlines()) > len(plain.splitlines())

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format json gives the citation (contract keys and the title) and each paragraph
        with the offsets of the quoted words."""
        code, out, _ = run(
            capsys, "source", "yongqiao.campaign-plan", "--format", "json", "--lang", "en"
        )
        doc = json.loads(out)
        assert code == 0
        assert doc["source"]["title"] == "埇桥区教体系统“强基础、补短板、铸安提质年”活动方案"
        assert doc["source"]["clause"] == "三(一)"
        assert doc["shipped"] is True
        quoted = [p["text"][a:b] for p in doc["context"] for a, b in p["quoted"]]
        assert quoted == [
            "制定方案、自查提升(2023年3月底前",
            "各级各类学校、幼儿园要认真研究、全面部署,针对本地、本校薄弱环节,"
            "制定“强基础、补短板、铸安提质年”活动方案",
        ]

    @pytest.mark.parametrize("profile_id", ["changzhou", "cixi", "yanzhou", "yongqiao", "ziyang"])
    def test_every_rule_has_its_context(self, profile_id: str) -> None:
        """Every part of every built-in rule's quote is found and shown in some paragraph."""
        profile = profiles.get(profile_id)
        document = profile.document_text()
        assert document is not None
        for rule in profile.rules:
            parts = [p for p in rule.source.text.replace("；", "…").split("…") if p.strip()]
            spans = locate(document, rule.source.text)
            assert len(spans) == len(parts), rule.id
            marks = [m for p in context(document, spans) for m in p.marks]
            assert len(marks) >= len(parts), rule.id

    def test_unknown_rule_suggests_the_nearest(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown id exits 2 with a did-you-mean, nothing on stdout."""
        code, out, err = run(capsys, "source", "cixi.rescue-tem", "--lang", "en")
        assert (code, out) == (2, "")
        assert err.startswith(
            "safetyregs: no rule 'cixi.rescue-tem' (did you mean cixi.rescue-team"
        )
        code, _, err = run(capsys, "source", "CIXI.RESCUE-TEAM")
        assert code == 2
        assert "是否要找 cixi.rescue-team？" in err

    def test_a_profile_name_is_not_a_rule(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Giving a profile's name says so and points at ``profile NAME``."""
        code, out, err = run(capsys, "source", "cixi", "--lang", "en")
        assert (code, out) == (2, "")
        assert "cixi is a profile, not a rule: 'safetyregs profile cixi'" in err

    def test_bad_context_is_a_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A negative or non-numeric --context exits 2."""
        for value in ("-1", "some"):
            code, out, err = run(capsys, "source", "cixi.rescue-team", "--context", value)
            assert (code, out) == (2, "")
            assert "--context" in err

    def test_console_script(self) -> None:
        """The installed console script prints the same, without a traceback on a bad id."""
        good = subprocess.run(
            [str(SCRIPT), "source", "yanzhou.night-drill"],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert good.returncode == 0, good.stderr
        assert "【寄宿制学校每年至少开展 2 次夜间应急疏散演练】" in good.stdout
        bad: Any = subprocess.run(
            [str(SCRIPT), "source", "yanzhou.nigth-drill"],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert (bad.returncode, bad.stdout) == (2, "")
        assert "Traceback" not in bad.stderr
        assert "yanzhou.night-drill" in bad.stderr


class TestDerivedProfiles:
    def test_a_new_document_drops_the_inherited_title_and_text(self) -> None:
        """derive() with another document keeps no title or text of the old one; without
        one, the derived profile still cites and ships its parent's document."""
        ziyang = profiles.get("ziyang")
        same = ziyang.derive("ziyang-strict")
        assert (same.title, same.document_text()) == (ziyang.title, ziyang.document_text())
        other = ziyang.derive("yanjiang", document="yanjiang-plan.pdf")
        assert (other.title, other.document_text()) == (None, None)
        assert (
            other.rule("ziyang.hazmat-ledger").source == ziyang.rule("ziyang.hazmat-ledger").source
        )

    def test_inherited_rule_is_shown_from_its_own_document(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A derived profile of another document, installed first: its inherited rule is
        still shown in the text of the document it cites; its own rule says there is none."""
        import safetyregs
        from safetyregs import Citation, Text
        from safetyregs.kinds import Months, Need, Recurring, records

        ziyang = profiles.get("ziyang")
        own = safetyregs.Rule(
            "yanjiang.drill",
            Text("每月演练", "Monthly drill"),
            Citation("yanjiang-plan.pdf", "二", "每月演练"),
            [Recurring(Months(), [Need(records("drills"))])],
        )
        derived = ziyang.derive(
            "aaa-yanjiang", document="yanjiang-plan.pdf", remove=["ziyang.hazmat-ledger"], add=[own]
        )
        monkeypatch.setattr(
            "safetyregs._cli._profiles.load_all",
            lambda: {"aaa-yanjiang": derived, "ziyang": ziyang},
        )
        code, out, _ = run(capsys, "source", "ziyang.safety-review-meeting", "--lang", "en")
        assert code == 0
        unwrapped = "".join(out.splitlines())  # the console wraps at 160 columns
        assert "【各级各类学校要坚持每月至少召开一次安全工作研判会,安排布置安全工作】" in unwrapped
        code, out, _ = run(capsys, "source", "yanjiang.drill", "--lang", "en")
        assert code == 0
        assert "Document: yanjiang-plan.pdf" in out
        assert out.rstrip().endswith("This profile does not ship its document's text.")


def test_docstring_examples() -> None:
    """The examples in the citation and context docstrings run as written."""
    import doctest

    from safetyregs import _engine, _sources

    for module in (_engine, _sources):
        result = doctest.testmod(module)
        assert (result.failed, result.attempted > 0) == (0, True), module.__name__
