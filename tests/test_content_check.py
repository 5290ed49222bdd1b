"""`manabi lessons check`: every lesson in the repo loads; broken lessons are reported by line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.config import ROOT
from bot.content.loader import check_curriculum
from bot.content.model import Curriculum
from tests.test_content_bank import write_bank

LESSONS = ROOT / "lessons"


def test_every_lesson_in_the_repo_loads(curriculum: Curriculum) -> None:
    _, errors = check_curriculum(LESSONS)
    assert errors == []
    assert curriculum.lessons
    for lesson in curriculum.lessons:
        assert set(lesson.body) == {"ja", "en"}
        urls = [source.url for source in lesson.meta.sources]
        assert urls and all(url.startswith("https://") for url in urls)


def test_lessons_check_passes_on_the_repo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lessons", "check", str(LESSONS)]) == 0
    assert capsys.readouterr().out.startswith("ok:")


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A small valid bank with three planted errors in the first lesson and a duplicate id."""
    root = write_bank(tmp_path / "lessons")
    first = sorted(root.glob("track-one/01-*"))[0]
    data = (first / "lesson.yaml").read_text(encoding="utf-8")
    data = data.replace("  answer: a\n", "  answer: z\n", 1)
    (first / "lesson.yaml").write_text(data, encoding="utf-8")
    (first / "en.md").unlink()
    twin = first.parent / "09-twin"
    shutil.copytree(first, twin)
    meta = yaml.safe_load((twin / "lesson.yaml").read_text(encoding="utf-8"))
    meta["order"] = 9
    for item in meta["items"]:
        item["id"] = item["id"] + "-twin"
    (twin / "lesson.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    return root


def test_a_broken_copy_names_file_and_line_for_each_problem(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lessons", "check", str(broken)]) == 1
    out = capsys.readouterr().out
    lines = out.strip().splitlines()
    answer = [line for line in lines if "answer 'z' is not among the choices" in line]
    missing = [line for line in lines if "missing en translation (en.md)" in line]
    duplicate = [line for line in lines if "duplicate lesson id" in line]
    assert answer and missing and duplicate, out
    first_yaml = sorted(broken.glob("track-one/01-*"))[0] / "lesson.yaml"
    answer_line = next(
        n for n, text in enumerate(first_yaml.read_text().splitlines(), 1) if "answer: z" in text
    )
    assert answer[0].split(":")[:2] == [str(first_yaml), str(answer_line)]
    assert duplicate[0].split(":")[1] == "1"  # `id:` is the first line of the twin's file
    for line in lines:
        path, number, _message = line.split(":", 2)
        assert Path(path).exists() or path.endswith(".md")
        assert number.isdigit()


def test_schema_errors_point_at_the_line(tmp_path: Path) -> None:
    root = write_bank(tmp_path / "lessons")
    first = sorted(root.glob("track-one/01-*"))[0] / "lesson.yaml"
    text = first.read_text(encoding="utf-8").replace("minutes: 3", "minutes: 30")
    text = text.replace("url: https://", "url: http://", 1)
    first.write_text(text, encoding="utf-8")
    _, errors = check_curriculum(root)
    lines = first.read_text().splitlines()
    by_message = {e.message.split(":")[0]: e for e in errors if e.path.endswith(str(first.name))}
    assert lines[by_message["minutes"].line - 1].strip() == "minutes: 30"
    url_error = next(e for e in errors if "url" in e.message)
    assert lines[url_error.line - 1].strip().startswith("url: http://")


def test_markdown_outside_the_subset_is_reported(tmp_path: Path) -> None:
    root = write_bank(tmp_path / "lessons")
    body = sorted(root.glob("track-one/01-*"))[0] / "ja.md"
    body.write_text(body.read_text(encoding="utf-8") + "\n\n# 見出し\n", encoding="utf-8")
    _, errors = check_curriculum(root)
    assert any("headings" in e.message and e.path.endswith("ja.md") for e in errors)


def test_lessons_stats_counts_by_track_level_and_type(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["lessons", "stats", "--json", str(LESSONS)]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["lessons"] == sum(t["lessons"] for t in stats["by_track"].values())
    assert stats["items"] == sum(stats["by_type"].values())
    assert set(stats["by_type"]) >= {"choice", "true_false", "spot_the_error"}


def test_docs_sources_lists_every_source_and_is_current(
    curriculum: Curriculum, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lessons", "sources", str(LESSONS)]) == 0
    generated = capsys.readouterr().out
    assert (ROOT / "docs" / "sources.md").read_text(encoding="utf-8") == generated, (
        "docs/sources.md is stale: run `manabi lessons sources > docs/sources.md`"
    )
    for lesson in curriculum.lessons:
        for source in lesson.meta.sources:
            assert f"<{source.url}>" in generated


def test_the_course_meets_its_targets_in_both_languages(curriculum: Curriculum) -> None:
    from bot.content.stats import curriculum_stats

    stats = curriculum_stats(curriculum)
    counts = {
        **stats["by_type"],
        **stats["assessments"],
        "lessons": stats["lessons"],
        "items": stats["items"],
        "all_items": stats["all_items"],
    }
    below = {k: (counts.get(k, 0), v) for k, v in stats["targets"].items() if counts.get(k, 0) < v}
    assert below == {}
    assert stats["bilingual"]["lessons"] == stats["lessons"]
    assert stats["sourcing"]["with_primary"] == stats["lessons"]
    assert stats["sourcing"]["quoted"] == stats["sourcing"]["sources"]
    assert stats["with_confidence"] > 0


def test_pre_and_post_tests_must_be_parallel(tmp_path: Path) -> None:
    root = write_bank(tmp_path / "lessons")
    post = root / "assessments" / "posttest.yaml"
    data = yaml.safe_load(post.read_text(encoding="utf-8"))
    data["items"][0]["track"], data["items"][1]["track"] = (
        data["items"][1]["track"],
        data["items"][0]["track"],
    )
    data["items"] = data["items"][:-1]
    post.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _, errors = check_curriculum(root)
    messages = [e.message for e in errors if e.path.endswith("posttest.yaml")]
    assert any("items, pretest" in m for m in messages)
    assert any(m.startswith("item 1 measures") for m in messages)
