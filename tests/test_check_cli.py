"""`manabi check`, run as an operator would: JSON, standard input, English text."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_qa_cli import manabi

ANSWER = (
    "2024年10月から、全国加重平均は1,055円になりました(厚生労働省)。"
    "最低賃金法は、すべての労働者に適用されます。ご参考になれば幸いです。"
)


async def test_json_lists_each_claim_with_its_span_and_lessons(tmp_path: Path) -> None:
    out = await manabi(tmp_path, "check", "--json", "--offline", ANSWER)
    result = json.loads(out)
    assert set(result) >= {"claims", "unsourced"}
    assert result["unsourced"] is False
    kinds = {claim["kind"] for claim in result["claims"]}
    assert {"date", "money", "organisation", "law", "absolute"} <= kinds
    for claim in result["claims"]:
        assert ANSWER[claim["start"] : claim["end"]] == claim["text"]
        assert claim["why"] and claim["where"] and claim["lessons"]
        assert claim["lookup"] == {}
        assert set(claim) >= {"text", "kind", "start", "end", "why", "where", "lessons", "lookup"}


async def test_reads_standard_input_and_answers_in_english(tmp_path: Path) -> None:
    out = await manabi(tmp_path, "check", "--offline", "--lang", "en", "-", stdin=ANSWER)
    assert out.startswith("Claims worth checking")
    assert "1,055円" in out and "Where:" in out
    assert "not stored or logged" in out


async def test_an_answer_without_sources_says_so(tmp_path: Path) -> None:
    out = await manabi(tmp_path, "check", "--offline", "残業代の割増率は必ず25%以上です。")
    assert "出典を示していません" in out
