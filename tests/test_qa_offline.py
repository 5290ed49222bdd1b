"""Offline answers built to answer: the best sentence, whole lists, quizzes with their question,
key points on a weak match, the officer for a member's own case; and checked citations."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bot.content.model import Curriculum
from bot.core.messages import Source
from bot.core.ports import Passage
from bot.core.qa import answers
from bot.core.qa.answers import Answer, about_own_case
from bot.core.qa.checking.checks import requested
from bot.core.qa.citations import Checked, keep_known_markers
from bot.core.qa.excerpts import excerpt
from bot.core.qa.questions import QuestionAnswering, match_strength, question_language
from bot.core.texts import t
from bot.retrieval.index import PassageIndex

SOURCE = Source("A source", "Publisher", "https://example.org/source")
FILLER = "これは前置きの文で、質問とは関係のない話が続きます。" * 3


def passage(text: str, kind: str = "body", score: float = 0.5, lesson: str = "l1") -> Passage:
    """A Japanese lesson passage."""
    return Passage(lesson, f"レッスン{lesson}", text, score, (SOURCE,), "ja", kind)


def test_the_excerpt_is_centred_on_the_sentence_that_matches() -> None:
    text = f"{FILLER}\n\n{FILLER}\n\n出典のURLが開けないときは、題名で発行元を探します。{FILLER}"
    shown = excerpt(text, "ja", "出典のURLが開けない")
    assert "出典のURLが開けないときは" in shown
    assert shown.startswith("…")  # it starts in the middle, at the sentence that answers


def test_a_question_typed_in_kana_finds_the_sentence_written_in_kanji() -> None:
    text = f"{FILLER}\n\n{FILLER}\n\n組合員の名簿は、外部のAIに入れないのが原則です。{FILLER}"
    shown = excerpt(text, "ja", "くみあいいんのめいぼ いれたらまずい？")
    assert "名簿は、外部のAIに入れない" in shown and shown.startswith("…")


def test_a_list_the_excerpt_introduces_is_shown_whole() -> None:
    items = [f"- {n}つ目：{'長い説明の文がここに入ります。' * 3}" for n in range(1, 5)]
    text = "\n".join([f"{FILLER}確かめることは次の4つです：", *items, FILLER])
    shown = excerpt(text, "ja", "確かめること")
    assert all(item in shown for item in items)


def test_a_list_too_long_to_show_whole_keeps_every_item_by_its_first_sentence() -> None:
    heads = [f"- **{n}つ目の方法**：まず元の資料を開きます。" for n in range(1, 5)]
    items = [f"{head}{'ここから先は長い説明の文が続きます。' * 4}" for head in heads]
    text = "\n".join([f"{FILLER}確かめる方法は次の4つです：", *items])
    shown = excerpt(text, "ja", "確かめる方法")
    assert "次の4つです：" in shown
    assert all(head in shown for head in heads)  # no item left out...
    assert "長い説明の文" not in shown  # ...each cut to its first sentence
    short = "\n".join([f"{FILLER}確かめる方法は次の4つです：", *heads])
    assert excerpt(short, "ja", "確かめる方法").endswith("\n".join(heads))


def test_a_quiz_explanation_comes_with_its_question_and_choices(curriculum: Curriculum) -> None:
    index = PassageIndex.from_curriculum(curriculum)
    quizzes = [p for p in index.passages if p.kind == "explanation" and "\n" in p.text]
    assert quizzes
    for quiz in quizzes:
        first, *_rest = quiz.text.splitlines()
        assert first.startswith(("クイズ：", "Quiz: "))
        assert ("正解：" if quiz.locale == "ja" else "Answer: ") in quiz.text
    shown = answers.offline(
        Answer(question="q", locale="ja", outcome="offline"),
        [replace(next(q for q in quizzes if q.locale == "ja"), score=0.5)],
        question="AIの答え",
    )
    body = shown.text.split("\n\n", 1)[1]
    assert "クイズ：" in body and "正解：" in body
    assert body.index("クイズ：") < body.index("正解：")


def test_a_weak_match_shows_each_lessons_key_point() -> None:
    weak = [passage("関係の薄い本文。", score=0.05)]
    point = passage("きれいな参考文献は、実在の証拠ではありません。", kind="key_point")
    shown = answers.offline(
        Answer(question="q", locale="ja", outcome="offline"),
        weak,
        question="ランチのおすすめ",
        key_points={"l1": point},
    )
    assert shown.text.startswith(t("qa_weak_match", "ja"))
    assert "「レッスンl1」" in shown.text and point.text in shown.text


@pytest.mark.parametrize(
    ("question", "own"),
    [
        ("来月の査定が不安です", True),
        ("3週間連勤しています。どうすればいい？", True),
        ("I think I was fired unfairly", True),
        ("私の評価が下がった理由を知りたい", True),
        ("Can my evaluation be done by an algorithm?", True),
        ("AIが出した評価結果は公平ですか？", False),
        ("AIが出した出典が本物か確かめるには？", False),
    ],
)
def test_a_members_own_case_is_recognised(question: str, own: bool) -> None:
    assert about_own_case(question) is own


def test_a_members_own_case_points_to_the_officer() -> None:
    shown = answers.offline(
        Answer(question="q", locale="ja", outcome="offline"),
        [passage("評価にAIを使うときは、最後に人が決めます。")],
        question="私の査定をAIが決めるのは公平？",
    )
    assert shown.text.endswith(t("qa_ask_officer_hint", "ja"))
    assert "担当者に聞く" in shown.text


def test_unknown_lesson_markers_are_removed() -> None:
    checked = keep_known_markers(Checked("要点です [1]。別の話 [7]。", (), (1, 7)), lessons=3)
    assert checked.text == "要点です [1]。別の話。" and checked.markers == (1,)


@pytest.mark.parametrize(
    ("text", "setting", "language"),
    [
        ("AIの答えは正しい？", "en", "ja"),
        ("Is the AI answer right?", "ja", "en"),
        ("ChatGPTってうそつくの？", "en", "ja"),
        ("AI?", "ja", "ja"),
        ("What is 36協定 and can AI explain it?", "ja", "en"),
        ("ハルシネーション対策", "en", "ja"),
        ("12345", "en", "en"),
        ("hoteru no furonto ni rusuden ga kita kedo, AI de tsukutta nisemono kamo?", "en", "ja"),
        ("AI ni kaisha no shiryou wo irete mo ii desu ka", "en", "ja"),
        ("Is AI going to replace us?", "ja", "en"),
        ("no one to ask, so I made a note to go home", "ja", "en"),
    ],
)
def test_the_answer_language_is_the_questions(text: str, setting: str, language: str) -> None:
    assert question_language(text, setting) == language


def test_the_match_strength_is_strong_weak_or_none() -> None:
    assert match_strength([]) == "none"
    assert match_strength([passage("x", score=answers.WEAK_MATCH / 2)]) == "weak"
    assert match_strength([passage("x", score=0.5)]) == "strong"


async def test_the_question_sets_the_language_unless_one_is_asked_for(
    curriculum: Curriculum,
) -> None:
    qa = QuestionAnswering(retriever=PassageIndex.from_curriculum(curriculum))
    assert (await qa.answer("Is a fluent AI answer right?", locale="ja")).locale == "en"
    fixed = await qa.answer("Is a fluent AI answer right?", locale="ja", fixed_locale=True)
    assert fixed.locale == "ja" and fixed.title == t("qa_offline_title", "ja")


QUIZ = (
    "クイズ：議事録の要約を組合ニュースに載せる前に、まず何をしますか？\n"
    "- そのまま載せる\n- 原本と突き合わせる\n正解：原本と突き合わせる\n"
    "要約は原本と突き合わせてから載せます。"
)


def test_the_lessons_own_text_comes_before_a_quiz_that_answers_less() -> None:
    quiz = passage(QUIZ, kind="explanation", score=0.4)
    body = passage("AIの文章は読みやすくても、中身が正しいとは限りません。" + FILLER, score=0.4)
    shown = answers.offline(
        Answer(question="q", locale="ja", outcome="offline"),
        [quiz, body],
        question="AIの要約の文章が読みやすいなら中身も正しい？",
    )
    assert "中身が正しいとは限りません" in shown.text and "クイズ：" not in shown.text


def quiz_answer(point: str, question: str) -> str:
    """The offline answer to `question` from one lesson: its quiz and its key point."""
    return answers.offline(
        Answer(question="q", locale="ja", outcome="offline"),
        [passage(QUIZ, kind="explanation", score=0.4)],
        question=question,
        key_points={"l1": passage(point, kind="key_point")},
    ).text


def test_a_quiz_that_answers_better_comes_after_the_lessons_key_point() -> None:
    point = "大事な決定は、いつも議事録の原本で確かめます。"
    body = quiz_answer(point, "AIの要約は原本と突き合わせるべき？").split("\n\n", 1)[1]
    assert t("qa_key_point", "ja", point=point) in body
    assert body.index(point) < body.index("クイズ：") < body.index("正解：")


def test_a_quiz_is_left_out_when_the_key_point_answers_as_well() -> None:
    point = "要約は原本と突き合わせてから載せます。"
    text = quiz_answer(point, "要約は原本と突き合わせる？")
    assert point in text and "クイズ：" not in text


@pytest.mark.parametrize(
    ("question", "locale", "other", "wanted"),
    [
        (
            "ぷろんぷとってなに？",
            "ja",
            "プロンプトは大事です。",
            "AIに仕事を頼むときに入力する指示の文章を、プロンプトと呼びます。",
        ),
        (
            "what is a prompt?",
            "en",
            "A prompt matters.",
            "The instructions you type when you give an AI a task are called a prompt.",
        ),
    ],
)
def test_a_what_is_question_gets_the_definition(
    question: str, locale: str, other: str, wanted: str
) -> None:
    filler = FILLER * 4 if locale == "ja" else "Some words that say nothing at all here. " * 12
    text = f"{wanted}\n\n{filler}\n\n{other}"  # a shorter sentence shares as much
    shown = excerpt(text, locale, question)
    assert wanted in shown and other not in shown


def test_a_why_question_gets_the_sentence_with_the_reason() -> None:
    filler = "Some words that say nothing at all here. " * 12
    reason = "It happens because citations follow a pattern, and an AI copies patterns well."
    text = f"{reason}\n\n{filler}\n\nMade-up citations are common."
    shown = excerpt(text, "en", "why did the AI make up citations?")
    assert reason in shown and "are common" not in shown


def test_a_vague_question_that_every_lesson_matches_alike_is_a_weak_match() -> None:
    tied = [passage(f"本文{n}。", score=1.0, lesson=f"l{n}") for n in range(answers.TIED)]
    assert answers.weak_match(tied) and match_strength(tied) == "weak"
    assert not answers.weak_match(tied[1:])  # a few lessons on one topic: "what is a deepfake?"
    assert not answers.weak_match([passage("x", score=1.0), passage("y", score=0.8, lesson="l2")])
    points = {p.lesson_id: replace(p, text=f"要点{p.lesson_id}。", kind="key_point") for p in tied}
    shown = answers.offline(
        Answer(question="q", locale="ja", outcome="offline"),
        tied,
        question="これって信じていい？",
        key_points=points,
    )
    # Too vague to choose a lesson: the course's core routine, the nearest lessons named and cited.
    assert shown.text.startswith(t("qa_core_answer", "ja"))
    assert t("qa_rephrase", "ja") in shown.text
    assert len(shown.lessons) == answers.WEAK_LESSONS
    assert all(f"「レッスン{lesson}」" in shown.text for lesson in shown.lessons)
    assert shown.sources == (SOURCE,)


@pytest.mark.parametrize(
    ("question", "own"),
    [
        ("職場のハラスメントをどこに相談すればいい？", True),
        ("Can my boss cut my overtime without asking", True),
        ("上司が使うAIツールの設定を知りたい", False),  # a boss, but not the member's case
        ("上司に有給を断られた", True),
        ("my bosses voice on the phone asking for money, fake??", False),  # a scam, not a case
        ("私の上司が有給を認めてくれません", True),
        ("AIで作ったシフト表は正しい？", False),
    ],
)
def test_more_of_a_members_own_cases_are_recognised(question: str, own: bool) -> None:
    assert about_own_case(question) is own


@pytest.mark.parametrize("locale", ["ja", "en"])
def test_a_weak_match_tells_how_to_have_an_ai_answer_checked(locale: str) -> None:
    # "can I trust this?" usually means an AI answer the member has: the reply names the word
    # that asks for a checklist, and that word really does.
    [word] = re.findall(r"\*\*(.+?)\*\*", t("qa_rephrase", locale))
    pasted = "AIの答え: 労働基準法第39条により…"
    assert requested(f"{word}\n{pasted}") == pasted


def test_a_passage_that_is_only_a_heading_is_not_shown() -> None:
    question = "お知らせ文はどういう順番で確認すればいい？"
    heading = passage("**確かめる手順**", score=0.6)
    body = passage("訳し戻して、元の文と比べて確認します。", score=0.6)
    point = passage("AIの訳は速い下書きです。", kind="key_point")
    shown = answers.offline(
        Answer(question=question, locale="ja", outcome="offline"),
        [heading, body],
        question=question,
        key_points={"l1": point},
    )
    assert "**確かめる手順**" not in shown.text and body.text in shown.text
    # a lesson found only by its heading: its key point instead
    shown = answers.offline(
        Answer(question=question, locale="ja", outcome="offline"),
        [heading],
        question=question,
        key_points={"l1": point},
    )
    assert "**確かめる手順**" not in shown.text and point.text in shown.text


@pytest.mark.parametrize(
    ("objectives", "locale"),
    [
        ("- 生成AIは次に来そうな言葉を予測して文章を作ることを説明できる", "ja"),
        ("- You can explain that a generative AI predicts likely next words", "en"),
    ],
)
def test_a_lessons_objectives_are_not_shown_as_the_answer(objectives: str, locale: str) -> None:
    question = "AIってどうやって文章考えてるの？" if locale == "ja" else "how does AI write text?"
    aims = Passage("l1", "L", objectives, 0.6, (SOURCE,), locale, "objectives")
    body = Passage("l1", "L", "It writes by predicting.", 0.6, (SOURCE,), locale, "body")
    point = replace(aims, kind="key_point")  # a lesson with no key point gives its objectives
    shown = answers.offline(
        Answer(question=question, locale=locale, outcome="offline"),
        [aims, body],
        question=question,
        key_points={"l1": point},
    )
    assert objectives.lstrip("- ") not in shown.text and body.text in shown.text


def test_a_long_question_whose_match_is_thin_but_points_to_one_lesson_gets_it() -> None:
    # A job and a workplace around the ask thin every lesson's match below a real one; the
    # lesson found first, well ahead of the next, is still the answer, not "no close lesson".
    found = [
        passage("要約は便利な案内図です。決めごとの根拠は議事録の原本です。", score=0.13),
        passage("モデル条項の話。", score=0.09, lesson="l2"),
    ]
    assert answers.weak_match(found) and answers.clear_lead(found)
    shown = answers.offline(
        Answer(question="q", locale="ja", outcome="offline"),
        found,
        question="バス運転手です。日報をAIで要約するけど、AIはどうやって要約をまとめてるの？",
    )
    assert not shown.text.startswith(t("qa_weak_match", "ja"))
    assert shown.lessons[0] == "l1" and "議事録の原本" in shown.text
    # two lessons found about as well: still a weak match
    assert not answers.clear_lead([found[0], replace(found[1], score=0.12)])


def english(text: str, lesson: str, score: float) -> Passage:
    """An English lesson passage."""
    return Passage(lesson, f"Lesson {lesson}", text, score, (SOURCE,), "en", "body")


def test_a_lesson_on_pasting_does_not_lead_for_a_question_that_only_holds_a_name() -> None:
    pasting = english("Names and staff numbers never go into an AI tool.", "paste", 0.4)
    minutes = english("Check the summary against the original minutes.", "minutes", 0.3)
    points = {
        "paste": replace(pasting, text="What you paste leaves your hands.", kind="key_point"),
        "minutes": replace(minutes, text="The original minutes count.", kind="key_point"),
    }
    base = Answer(question="q", locale="en", outcome="offline")
    misquoted = "The AI summary of the hearing misquotes [name] (staff [employee-id])."
    shown = answers.offline(base, [pasting, minutes], question=misquoted, key_points=points)
    assert shown.lessons[0] == "minutes"
    # asked whether the name may go in, the lesson on pasting leads as found
    pasted = "Can I paste [name] (staff [employee-id]) into the AI summary?"
    shown = answers.offline(base, [pasting, minutes], question=pasted, key_points=points)
    assert shown.lessons[0] == "paste"


def test_the_lesson_found_first_keeps_its_line_when_the_reply_runs_long() -> None:
    long = "You must check the clause on notice and consultation before AI is used at work. " * 6
    first = english("Tell readers what the tool did.", "disclose", 0.5)
    others = [english(long, lesson, 0.45) for lesson in ("clauses", "copyright")]
    points = {
        p.lesson_id: replace(p, text=f"{p.lesson_id}: {long}", kind="key_point") for p in others
    }
    points["disclose"] = replace(first, text="Say what the tool did.", kind="key_point")
    shown = answers.offline(
        Answer(question="q", locale="en", outcome="offline"),
        [first, *others],
        question="Should we check the clause on notice and consultation before AI is used?",
        key_points=points,
    )
    assert "disclose" in shown.lessons


SOURCES_JA = ("生成AIの回答の出典はどう確かめればいい？", "出典を開いて確かめます。")
SOURCES_EN = ("How do I check the sources an AI answer gives?", "Open them and compare.")


def lesson_ids(passages: list[Passage]) -> list[str]:
    return [p.lesson_id for p in passages]


@pytest.mark.parametrize(
    ("question", "before", "locale"),
    [
        (
            "今日の晩ごはんの献立を考えてほしいです。冷蔵庫に鶏肉と玉ねぎがあります。",
            SOURCES_JA,
            "ja",
        ),
        (
            "Can you recommend a good recipe for dinner tonight with chicken and onions?",
            SOURCES_EN,
            "en",
        ),
    ],
)
def test_a_new_question_on_another_subject_is_not_pulled_to_the_last_ones_lessons(
    offline_answering: QuestionAnswering, question: str, before: tuple[str, str], locale: str
) -> None:
    qa = offline_answering
    alone = qa._search(question, locale, [])
    assert not alone or answers.weak_match(alone)
    pulled = qa._search(f"{question} {before[0]}", locale, [])
    assert lesson_ids(pulled) != lesson_ids(alone)  # what reading it with the last one gives
    assert lesson_ids(qa._search(question, locale, [before])) == lesson_ids(alone)


def test_a_vague_question_that_points_back_is_read_with_the_one_before(
    offline_answering: QuestionAnswering,
) -> None:
    qa = offline_answering
    question = "その話をもうちょっとだけ聞かせてください。"
    alone = qa._search(question, "ja", [])
    assert answers.weak_match(alone)
    read_together = qa._search(f"{question} {SOURCES_JA[0]}", "ja", [])
    assert lesson_ids(qa._search(question, "ja", [SOURCES_JA])) == lesson_ids(read_together)
    assert lesson_ids(read_together) != lesson_ids(alone)
