"""Offline answers give what the question asks for: a reason for "why", the steps for "how",
the rule for "may I", who decides for "who"; the course's core routine when a question is too
vague to choose a lesson; and a short reply, with the lessons further behind by their key point."""

from __future__ import annotations

import pytest

from bot.core.messages import Source
from bot.core.ports import Passage
from bot.core.qa import answers
from bot.core.qa.answers import Answer
from bot.core.qa.excerpts import asks_for, excerpt, gives, units
from bot.core.texts import t

SOURCE = Source("A source", "Publisher", "https://example.org/source")
JA_FILLER = "これは前置きの文で、質問とは関係のない話が続きます。" * 4
EN_FILLER = "Some words that say nothing at all about anything here. " * 10


def filler(locale: str) -> str:
    return JA_FILLER if locale == "ja" else EN_FILLER


def passage(text: str, lesson: str, locale: str, score: float = 0.5, kind: str = "body") -> Passage:
    return Passage(lesson, f"Lesson {lesson}", text, score, (SOURCE,), locale, kind)


def reply(
    question: str, locale: str, found: list[Passage], points: dict[str, Passage] | None = None
) -> Answer:
    """The offline answer to `question` from the passages found and the lessons' key points."""
    return answers.offline(
        Answer(question=question, locale=locale, outcome="offline"),
        found,
        question=question,
        key_points=points,
    )


def key_points(found: list[Passage]) -> dict[str, Passage]:
    """A key point for each lesson found: "Point of <lesson>."."""
    return {
        p.lesson_id: passage(f"Point of {p.lesson_id}.", p.lesson_id, "en", kind="key_point")
        for p in found
    }


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("AIってなんで間違えるの", "why"),
        ("Why does the AI make things up?", "why"),
        ("ディープフェイクってなに？", "what"),
        ("what is a deepfake?", "what"),
        ("議事録の要約が違ったら誰の責任？", "who"),
        ("who decides, me or the AI?", "who"),
        ("条文が本当にあるか、どうやって確かめればいい？", "how"),
        ("How do I check that a court ruling exists?", "how"),
        ("これ信じていい？", "how"),  # whether to trust: how to check it
        ("相談記録をAIに貼ってもいいですか？", "may"),
        ("Can I paste the care plan into ChatGPT?", "may"),
        ("AIのニュース", None),
        # the なんです of an explanation is not なんで ("why")
        ("フロントなんですが、お客さんの名前をAIに入れてもだいじょうぶですか", "may"),
        ("the ai made up a stat. y does it do that", "why"),  # "y" as some type "why"
        ("What's a sensible way to use it without just trusting it?", "how"),
        ("What should the union do about it?", "how"),
        ("Does that mean it's fine to put residents' details into it?", "may"),
        ("退院サマリーをAIで書き直したいのですが、問題ありますか。", "may"),
        ("部長の声の留守電、なんか変なんだけど", "how"),  # something seems off: how to check
        ("It doesn't say where it came from. Can I rely on it?", "how"),
        ("Do I have to say it was written by AI?", "may"),
    ],
)
def test_the_kind_of_answer_a_question_asks_for(question: str, kind: str | None) -> None:
    asks = asks_for(question)
    assert (asks.kind if asks else None) == kind


@pytest.mark.parametrize(
    ("locale", "question", "wanted", "other"),
    [
        (
            "ja",
            "AIが引用した条文が実在するか、どうやって確かめればいいですか？",
            "確かめる手順：\n- 発行元の公式サイトで原本を開く\n- 条文の番号と日付を確かめる",
            "AIが引用した条文が実在しないことは、よくあります。",
        ),
        (
            "en",
            "How do I check that a law the AI quoted really exists?",
            "To check a law:\n- open the original on the publisher's own site\n- find the article",
            "Many of the laws an AI has quoted turn out to be made up.",
        ),
    ],
)
def test_a_how_question_gets_the_steps(locale: str, question: str, wanted: str, other: str) -> None:
    text = f"{other}\n\n{filler(locale)}\n\n{wanted}\n\n{filler(locale)}"
    shown = excerpt(text, locale, question)
    assert wanted in shown and other not in shown


@pytest.mark.parametrize(
    ("locale", "question", "wanted", "other"),
    [
        (
            "ja",
            "介護記録をAIで要約してもいいですか？",
            "病名や介護の記録は、一般のAIには入力しないでください。",
            "介護記録をAIで要約する人が増えています。",
        ),
        (
            "en",
            "Can I paste a resident's care record into an AI to summarise it?",
            "Health details such as a care record must never go into a general AI tool.",
            "More and more people summarise a care record with an AI.",
        ),
    ],
)
def test_a_may_i_question_gets_the_rule(
    locale: str, question: str, wanted: str, other: str
) -> None:
    text = f"{other}\n\n{filler(locale)}\n\n{wanted}\n\n{filler(locale)}"
    shown = excerpt(text, locale, question)
    assert wanted in shown and other not in shown


@pytest.mark.parametrize(
    ("locale", "question", "wanted", "other"),
    [
        (
            "ja",
            "AIの要約が間違っていたら誰の責任？",
            "AIの要約を配ると決めた人が、最後に責任を持ちます。",
            "AIの要約は、ときどき間違っています。",
        ),
        (
            "en",
            "If the AI summary is wrong, whose fault is it?",
            "The person who decides to send the AI summary out answers for it.",
            "An AI summary is sometimes wrong.",
        ),
    ],
)
def test_a_who_question_gets_who_decides(
    locale: str, question: str, wanted: str, other: str
) -> None:
    text = f"{other}\n\n{filler(locale)}\n\n{wanted}\n\n{filler(locale)}"
    shown = excerpt(text, locale, question)
    assert wanted in shown and other not in shown


@pytest.mark.parametrize(
    ("locale", "question", "reason", "conclusion"),
    [
        (
            "ja",
            "AIはなんで自信満々に間違えるの？",
            "生成AIは、次に来そうな言葉を予測して文章を作ります。",
            "だから、間違いも自信たっぷりに書きます。",
        ),
        (
            "en",
            "Why is the AI so confident when it is wrong?",
            "A generative AI predicts the next likely word.",
            "That is why it sounds just as sure when it is wrong.",
        ),
    ],
)
def test_the_sentence_before_that_is_why_is_the_reason(
    locale: str, question: str, reason: str, conclusion: str
) -> None:
    asks = asks_for(question)
    assert asks is not None
    assert gives(units(f"{reason} {conclusion}"), 0, asks)
    assert not gives(units(f"{reason} {filler(locale)}"), 0, asks)


def test_a_misspelt_english_word_still_finds_its_sentence() -> None:
    definition = "When an AI gives a plausible answer that is not true, we call it a hallucination."
    text = f"{EN_FILLER}\n\n{definition}\n\n{EN_FILLER}"
    assert definition in excerpt(text, "en", "what is halucination in chat bots")


def test_a_short_word_meets_its_other_forms() -> None:
    # "jobs" is too short to be cut to its first letters; its stem meets "job" all the same, so
    # the lesson on jobs is not taken for one that shares nothing with the question
    question = "AI taking our jobs?"
    found = [
        passage("Using AI for job assignments changes working conditions.", "jobs", "en", 0.6),
        passage("Some words that say nothing at all.", "unrelated", "en", score=0.55),
        passage("Whether the AI takes a job from us is for the union to ask.", "third", "en", 0.5),
    ]
    shown = reply(question, "en", found)
    assert shown.lessons[0] == "jobs" and "unrelated" not in shown.lessons


def test_asked_whether_redacted_details_may_go_in_the_rule_on_personal_data_is_shown() -> None:
    # "his email" became [email]: the question is about personal data, in words it does not use
    question = "My colleague [name] ([email]) asked me to tidy up his letter. Is it fine to paste?"
    rule = "Never put personal data, such as contact details, into it."
    point = passage("Never paste what you would not hand over.", "l1", "en", kind="key_point")
    found = [passage(f"{EN_FILLER}\n\n{rule}", "l1", "en")]
    assert rule in reply(question, "en", found, {"l1": point}).text


@pytest.mark.parametrize(
    ("locale", "question"),
    [("ja", "これ信じていい？"), ("en", "can I trust this?"), ("en", "is this real")],
)
def test_a_question_too_vague_for_a_lesson_gets_the_core_routine(
    locale: str, question: str
) -> None:
    tied = [passage(f"Text {n}.", f"l{n}", locale, score=1.0) for n in range(answers.TIED)]
    shown = reply(question, locale, tied)
    routine = t("qa_core_answer", locale)
    assert shown.text.startswith(routine)
    # an answer, not a list of titles: the steps to check, and that a person decides
    assert all(f"{n}. " in routine for n in range(1, 5))
    assert len(shown.lessons) == answers.WEAK_LESSONS and shown.sources == (SOURCE,)
    assert all(f"Lesson {lesson}" in shown.text for lesson in shown.lessons)
    assert shown.title == t("qa_offline_title", locale)


@pytest.mark.parametrize("locale", ["ja", "en"])
def test_an_off_topic_question_is_not_given_the_routine(locale: str) -> None:
    weak = [passage("Text.", "l1", locale, score=answers.WEAK_MATCH / 2)]
    shown = reply("lunch nearby?", locale, weak)
    assert shown.text.startswith(t("qa_weak_match", locale))
    assert t("qa_core_answer", locale) not in shown.text


@pytest.mark.parametrize(
    ("locale", "question"),
    [
        ("en", "is it ok to use AI for my work?"),
        ("ja", "仕事でAI使っても大丈夫？"),
        ("en", "can I paste the rota into ChatGPT"),
    ],
)
def test_asked_whether_they_may_use_ai_on_a_weak_match_the_reply_gives_the_ground_rules(
    locale: str, question: str
) -> None:
    tied = [passage(f"Text {n}.", f"l{n}", locale, score=1.0) for n in range(answers.TIED)]
    assert reply(question, locale, tied).text.startswith(t("qa_core_may", locale))
    weak = [passage("Text.", "l1", locale, score=answers.WEAK_MATCH / 2)]
    assert reply(question, locale, weak).text.startswith(t("qa_core_may", locale))
    # ...not asked about using AI, or not asked whether they may: not the ground rules
    for other in (
        "is it ok to take Friday off?",
        "why does AI make things up?",
        "must I say I used AI to write the report?",
    ):
        assert not reply(other, locale, weak).text.startswith(t("qa_core_may", locale))


def test_the_lesson_that_answers_leads_and_the_others_follow_by_their_key_point() -> None:
    question = "Can I paste a member's consultation record into ChatGPT?"
    found = [
        passage(f"Consultations are common. {EN_FILLER}", "first", "en", score=0.6),
        passage(f"{EN_FILLER} ChatGPT is popular.", "second", "en", score=0.55),
        passage(
            "Never paste a member's consultation record into ChatGPT or any general AI tool.",
            "third",
            "en",
            score=0.5,
        ),
    ]
    shown = reply(question, "en", found, key_points(found))
    # the lesson that answers leads, though found last; the others follow it
    assert shown.lessons[0] == "third" and set(shown.lessons) == {"first", "second", "third"}
    intro = t("qa_offline_intro", "en")
    assert shown.text.startswith(f'{intro}\n\n**"Lesson third"**\nNever paste a member')
    by_point = [p.lesson_id for p in found if f"Point of {p.lesson_id}." in shown.text]
    assert "third" not in by_point and len(by_point) >= len(found) - answers.FULL_LESSONS


def test_a_reply_stays_short_enough_to_read_in_a_chat() -> None:
    question = "Can I paste a member's consultation record into ChatGPT?"
    answer = "Never paste a member's consultation record into ChatGPT. "
    found = [
        passage(f"{answer}{EN_FILLER}", "first", "en", score=0.6),
        passage(f"{EN_FILLER}{answer}", "second", "en", score=0.55),
        passage(f"{answer}{EN_FILLER}", "third", "en", score=0.5),
    ]
    shown = reply(question, "en", found, key_points(found))
    # one lesson whole; the others, which would take the reply past its length, by key point
    assert shown.text.count(answer.strip()) == 1
    assert "Point of second." in shown.text and "Point of third." in shown.text
    assert len(shown.text) <= answers.ANSWER_CHARS["en"] * answers.OVER_BUDGET


@pytest.mark.parametrize(
    ("locale", "question", "steps"),
    [
        ("ja", "判決が本当にあるか、どうやって確かめる？", "原本を自分で探して開きましょう。"),
        ("en", "How do I know the ruling exists?", "Go and find the original yourself."),
    ],
)
def test_with_no_word_shared_the_sentence_of_the_kind_asked_for_is_shown(
    locale: str, question: str, steps: str
) -> None:
    text = f"{filler(locale)}\n\n{filler(locale)}\n\n{steps}\n\n{filler(locale)}"
    assert steps in excerpt(text, locale, question)


def test_a_quiz_that_gives_the_kind_of_answer_asked_for_is_shown_when_it_answers_better() -> None:
    # the lesson's words share a little more with the question than the quiz's explanation,
    # but only the quiz says what to do: it is shown, after the key point
    question = "部長の声の留守電、なんか変なんだけど"
    body = passage(f"{JA_FILLER}\n\n部長そっくりの声の留守電が入ることがあります。", "v", "ja")
    quiz = passage(
        "クイズ：どうしますか？\n- a) 留守電の番号にかけ直す\n- b) 知っている番号にかける\n"
        "答え：b\n留守電の番号ではなく、知っている番号で確かめましょう。",
        "v",
        "ja",
        kind="explanation",
    )
    point = passage("声が本人そっくりでも、本人の証拠ではありません。", "v", "ja", kind="key_point")
    assert answers.lesson_text([body, quiz], point, question) == [point, quiz]
    # a quiz that only shares more words, where the lesson's words also say what to do, is not
    steps = passage(f"{JA_FILLER}\n\n部長そっくりの声の留守電は、確かめましょう。", "v", "ja")
    assert answers.lesson_text([steps, quiz], point, question) == [steps]


def test_a_lesson_that_shares_nothing_with_the_question_gives_way_to_one_found_after_it() -> None:
    question = "Can I paste a member's consultation record into ChatGPT?"
    found = [
        passage("Never paste a consultation record into ChatGPT.", "first", "en", score=0.6),
        passage("Some words that say nothing at all.", "unrelated", "en", score=0.55),
        passage("A member's record is personal data.", "third", "en", score=0.5),
        passage("Remove the member's name before you paste.", "fourth", "en", score=0.45),
    ]
    shown = reply(question, "en", found)
    assert "unrelated" not in shown.lessons and "fourth" in shown.lessons


def test_the_lesson_found_first_stays_though_it_shares_no_word_with_the_question() -> None:
    # found through a synonym ("better than" → compare): its words are not the question's
    question = "Is Claude better than ChatGPT at not making things up?"
    found = [
        passage("Put the same prompt to a different tool and compare.", "first", "en", 0.6),
        passage("Find better coverage before you share.", "second", "en", score=0.55),
    ]
    assert reply(question, "en", found).lessons[0] == "first"


def test_a_passage_is_shown_rather_than_the_key_point_unless_that_answers_clearly_better() -> None:
    question = "How do I check that the article exists?"
    steps = passage(
        f"{EN_FILLER}\n\nTo check an article:\n- open the text\n- find the article", "l", "en"
    )
    near = passage("Check the article in the original.", "l", "en", kind="key_point")
    assert answers.lesson_text([steps], near, question) == [steps]
    clearly = passage("Check that the article exists.", "l", "en", kind="key_point")
    assert answers.lesson_text([steps], clearly, question) == [clearly]


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("Do we have to tell readers AI wrote it?", "Should you tell them? The answer is yes."),
        ("議事録に、誰も言っていない発言が入るのはなぜ？", "要約で起こりやすいこと"),
        ("Why do summaries leave things out?", "Summaries have habits."),
    ],
)
def test_a_sentence_that_says_yes_or_no_or_what_tends_to_happen_answers(
    question: str, sentence: str
) -> None:
    asks = asks_for(question)
    assert asks is not None and gives(units(sentence), 0, asks)


@pytest.mark.parametrize(
    ("locale", "question"),
    [
        ("ja", "AIがまとめた要点を配る前に、何をどの順番で確かめればいいですか？"),
        ("en", "What should I check before I hand out an AI summary?"),
    ],
)
def test_a_weak_match_on_how_to_check_gets_the_core_routine(locale: str, question: str) -> None:
    weak = [passage("Text.", "l1", locale, score=answers.WEAK_MATCH / 2)]
    shown = reply(question, locale, weak)
    assert shown.text.startswith(t("qa_core_answer", locale))


@pytest.mark.parametrize(
    ("locale", "question"),
    [
        ("ja", "AIはなぜ聞いたことのない条文をそれっぽく作ってしまうんですか？"),
        ("en", "chatgpt made up a reference, why??"),
        ("ja", "Copilotの議事録に誰も言っていない発言が入っていました。どうして？"),
    ],
)
def test_asked_why_an_ai_makes_things_up_the_reply_says_how_it_writes(
    locale: str, question: str
) -> None:
    why = t("qa_core_why", locale)
    weak = [passage("Text.", "l1", locale, score=answers.WEAK_MATCH / 2)]
    shown = reply(question, locale, weak)
    assert shown.text.startswith(f"{why}\n\n{t('qa_core_answer', locale)}")
    # a lesson found that does not say why: the reason comes first, then the lesson
    found = [passage(f"{filler(locale)}\n\nReferences can be checked.", "l1", locale)]
    shown = reply(question, locale, found)
    assert shown.text.startswith(f"{why}\n\n{t('qa_offline_intro', locale)}")
    # a lesson that says why: no general reason on top of it
    reason = "It does this because it predicts likely words."
    found = [passage(f"{filler(locale)}\n\n{reason}", "l1", locale)]
    shown = reply(question, locale, found)
    assert why not in shown.text
    # what tends to happen is not yet the reason: the general reason still comes first
    tends = "Summaries tend to add things nobody said."
    found = [passage(f"{filler(locale)}\n\n{tends}", "l1", locale)]
    shown = reply(question, locale, found)
    assert shown.text.startswith(why)


def test_an_off_topic_why_is_not_told_how_ai_writes() -> None:
    question = "why is my train late again?"
    weak = [passage("Text.", "l1", "en", score=answers.WEAK_MATCH / 2)]
    shown = reply(question, "en", weak)
    assert t("qa_core_why", "en") not in shown.text


@pytest.mark.parametrize(
    ("locale", "question", "point"),
    [
        (
            "ja",
            "AIで書いた文章、会社に出すときAIを使ったって言わなきゃだめ？",
            "AIを使ったら、何に使い、誰が確かめたかを読者に分かるように書きましょう。",
        ),
        (
            "en",
            "must I say I used AI to write the report?",
            "When you use AI to write a report, say what it did and who checked it.",
        ),
    ],
)
def test_a_near_miss_whose_key_point_is_on_the_topic_is_given_as_the_answer(
    locale: str, question: str, point: str
) -> None:
    near = [passage("Text.", "l1", locale, score=answers.NEAR_MATCH)]
    key_point = passage(point, "l1", locale, kind="key_point")
    shown = reply(question, locale, near, {"l1": key_point})
    assert shown.text.startswith(t("qa_offline_intro", locale)) and point in shown.text
    assert t("qa_weak_match", locale) not in shown.text
    # found far below a match, a key point sharing some words is still a near miss
    far = [passage("Text.", "l1", locale, score=answers.NEAR_MATCH / 2)]
    shown = reply(question, locale, far, {"l1": key_point})
    assert shown.text.startswith(t("qa_weak_match", locale))


@pytest.mark.parametrize(
    ("locale", "question"),
    [("en", "Is AI going to replace us?"), ("ja", "AIに仕事を奪われるのは本当？")],
)
def test_a_question_about_jobs_is_not_given_the_checking_routine(
    locale: str, question: str
) -> None:
    tied = [passage(f"Text {n}.", f"l{n}", locale, score=1.0) for n in range(answers.TIED)]
    shown = reply(question, locale, tied)
    assert t("qa_core_answer", locale) not in shown.text


@pytest.mark.parametrize(
    ("locale", "question"),
    [
        ("en", "Is it safe to upload our production figures to NotebookLM for a summary?"),
        ("ja", "社外秘の資料をAIに入れても大丈夫？"),
        ("en", "Is it ok to use ChatGPT on my phone to translate internal memos?"),
    ],
)
def test_asked_about_company_data_the_reply_gives_the_rule_for_it(
    locale: str, question: str
) -> None:
    personal = "Remove names and anything that identifies a person before you paste."
    found = [passage(f"{filler(locale)}\n\n{personal}", "l1", locale)]
    shown = reply(question, locale, found)
    assert shown.text.startswith(t("qa_company_data", locale))
    # a lesson that names company secrets already answers it
    secrets = "Never paste company secrets or anything marked confidential."
    found = [passage(f"{filler(locale)}\n\n{secrets}", "l1", locale)]
    shown = reply(question, locale, found)
    assert t("qa_company_data", locale) not in shown.text


@pytest.mark.parametrize(
    ("locale", "question"),
    [
        ("en", "Can I give an AI my team's sick-leave records so it can build the rota?"),
        ("en", "Is it ok to upload the appraisal spreadsheet (names, salaries) to Copilot?"),
        ("ja", "患者さんの病歴をAIに入力して要約してもいいですか？"),
    ],
)
def test_asked_whether_records_about_people_may_go_in_the_reply_gives_the_rule(
    locale: str, question: str
) -> None:
    rota = "Check that rotas stay within the work rules, and ask for the reasons behind them."
    found = [passage(f"{filler(locale)}\n\n{rota}", "l1", locale)]
    assert reply(question, locale, found).text.startswith(t("qa_peoples_records", locale))
    # a lesson that gives the rule already answers it...
    rule = "Never paste names or personal details into a general AI service."
    found = [passage(f"{filler(locale)}\n\n{rule}", "l1", locale)]
    assert t("qa_peoples_records", locale) not in reply(question, locale, found).text
    # ...and a question that does not give records to an AI, or asks whether one must, is not it
    found = [passage(f"{filler(locale)}\n\n{rota}", "l1", locale)]
    for other in (
        "Why did the AI rate my appraisal so low?",
        "Must I tell HR the AI read sick notes?",
    ):
        assert t("qa_peoples_records", locale) not in reply(other, locale, found).text


@pytest.mark.parametrize(
    ("locale", "question", "text"),
    [
        ("ja", "なぜAIはありもしないことを書くのですか？", "qa_core_why"),
        ("en", "why does AI write things that never happened?", "qa_core_why"),
        ("en", "wat is a halucination and why does the ai do it", "qa_core_why"),
        ("en", "y does ai make up quotes that dont exist", "qa_core_why"),
        ("ja", "そもそもAIってどうやって文章考えてるの？", "qa_core_how"),
        ("en", "how does ChatGPT write its answers?", "qa_core_how"),
        ("en", "how does ai actually write stuff?", "qa_core_how"),
        (
            "en",
            "We use AI for notices: how do these tools actually put sentences together?",
            "qa_core_how",
        ),
        # whether an AI can be believed at all, in a few words: the same answer
        ("ja", "えーあいにきいたことってぜんぶほんとなの", "qa_core_how"),
        ("en", "Is the AI lying to me?", "qa_core_how"),
    ],
)
def test_asked_why_or_how_an_ai_writes_the_reply_says_so(
    locale: str, question: str, text: str
) -> None:
    found = [passage(f"{filler(locale)}\n\nReferences can be checked.", "l1", locale)]
    shown = reply(question, locale, found)
    assert shown.text.startswith(t(text, locale))
    # a lesson that says it already: nothing on top of it
    predicts = "It writes so because it predicts likely next words."
    found = [passage(f"{predicts}\n\n{filler(locale)}", "l1", locale)]
    shown = reply(question, locale, found)
    assert not shown.text.startswith(t(text, locale))


@pytest.mark.parametrize(
    "advice",
    [
        "It lists this among the main risks. So treat an AI answer as a draft.",
        "Check whatever would cause trouble if it were wrong.",
    ],
)
def test_advice_and_the_verb_cause_are_no_reason_why_an_ai_errs(advice: str) -> None:
    question = "Why does AI make things up like that?"
    found = [passage(f"{filler('en')}\n\n{advice}", "l1", "en")]
    assert reply(question, "en", found).text.startswith(t("qa_core_why", "en"))
    reason = "It makes things up because it predicts likely next words."
    found = [passage(f"{filler('en')}\n\n{reason} {advice}", "l1", "en")]
    assert not reply(question, "en", found).text.startswith(t("qa_core_why", "en"))


def test_a_longer_question_whether_a_claim_is_true_is_not_told_how_ai_writes() -> None:
    question = "EUのAI法でAIリテラシー研修が必要になったって本当？"  # about the claim, not the AI
    found = [passage(f"{filler('ja')}\n\nReferences can be checked.", "l1", "ja")]
    assert not reply(question, "ja", found).text.startswith(t("qa_core_how", "ja"))


def test_how_to_check_prefers_the_sentence_that_says_where() -> None:
    question = "How do I check the law really states that?"  # "says" would meet the filler
    what = "There are two things to check: does it exist, and does it say that."
    where = "Open the article on e-Gov Law Search by the law's name and number."
    text = f"{what} {EN_FILLER}\n\n{EN_FILLER}\n\n{where}"
    assert where in excerpt(text, "en", question)
