"""The link filter on model answers: only the lessons' own links survive, in any spelling."""

from __future__ import annotations

import pytest

from bot.core.qa.citations import check_links

LESSON = "https://www.nist.gov/itl/ai-risk-management-framework"


@pytest.mark.parametrize(
    ("answer", "link"),
    [
        ("See HTTPS://fake.example.org/study for details.", "HTTPS://fake.example.org/study"),
        ("See Http://fake.example.org/study for details.", "Http://fake.example.org/study"),
        ("詳しくはfake-study.com/reportを見てください。", "fake-study.com/report"),
        ("Details at example.com/path, as always.", "example.com/path"),
        ("Visit www.fake-study.org for more.", "www.fake-study.org"),
        ("Visit WWW.fake-study.org/x for more.", "WWW.fake-study.org/x"),
        ("Try //fake.example.net/page today.", "//fake.example.net/page"),
        ("Write to mailto:someone@fake.example.jp today.", "mailto:someone@fake.example.jp"),
        ("Also ftp://files.example.com/a.pdf.", "ftp://files.example.com/a.pdf"),
        ("See fake-study.com.", "fake-study.com"),
    ],
)
def test_links_in_any_form_are_removed(answer: str, link: str) -> None:
    checked = check_links(answer, [LESSON], "[unverified]")
    assert link not in checked.text
    assert "[unverified]" in checked.text
    assert checked.removed_urls == (link,)


@pytest.mark.parametrize(
    "target",
    ["fake.example.com/x", "HTTPS://fake.example.com", "www.fake.example.com", "mailto:a@b.jp"],
)
def test_a_removed_markdown_link_takes_its_label_with_it(target: str) -> None:
    checked = check_links(f"Read [the official study]({target}) [1].", [LESSON], "[unverified]")
    assert checked.text == "Read [unverified] [1]."
    assert checked.removed_urls == (target,)


@pytest.mark.parametrize(
    "spelling",
    [
        LESSON,
        "HTTPS://WWW.NIST.GOV/itl/ai-risk-management-framework",
        "http://www.nist.gov/itl/ai-risk-management-framework/",
        "www.nist.gov/itl/ai-risk-management-framework",
        "nist.gov/itl/ai-risk-management-framework",
    ],
)
def test_the_lessons_own_links_stay_in_any_spelling(spelling: str) -> None:
    answer = f"See {spelling} and [the framework]({spelling})."
    checked = check_links(answer, [LESSON], "[unverified]")
    assert checked.text == answer and checked.removed_urls == ()


def test_text_that_only_looks_like_a_link_stays() -> None:
    answer = (
        "NIST.AI.600-1.pdf, e.g. version 2.14.3 at 8 a.m.; lesson.yaml; 5.5% raise; 労基法第39条"
    )
    checked = check_links(answer, [LESSON], "[unverified]")
    assert checked.text == answer
