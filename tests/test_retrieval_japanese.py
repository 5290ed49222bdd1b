"""Japanese as members write it: kana for katakana words, product names, redaction marks; and the
course cache that keeps start-up fast."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from bot.config import ROOT
from bot.content.model import Curriculum
from bot.core import redaction
from bot.core.redaction import redact
from bot.retrieval.analyser import analyse
from bot.retrieval.cache import content_hash, load_course
from bot.retrieval.index import PassageIndex
from bot.retrieval.normalise import katakana, normalise
from bot.retrieval.passages import curriculum_passages
from bot.retrieval.synonyms import expand


@pytest.fixture(scope="module")
def index(curriculum: Curriculum) -> PassageIndex:
    """The index over the real lessons' own passages: these tests are about how a question is
    read against the lessons' words, so members' questions (test_retrieval_members.py) are left
    out."""
    return PassageIndex(curriculum_passages(curriculum.model_copy(update={"questions": []})))


def top(index: PassageIndex, question: str, n: int = 3) -> list[str]:
    """The ids of the best `n` lessons for a question."""
    return [hit[0] for hit in index.rank_lessons(question, limit=n)]


def test_width_kana_and_product_names_are_normalised() -> None:
    assert normalise("ＣｈａｔＧＰＴの答え") == "aiの答え"
    assert normalise("Copilot と Gemini と 生成AI") == "ai と ai と ai"
    assert normalise("ちゃっとじーぴーてぃーに聞いた") == "aiに聞いた"
    assert normalise("えーあいって何") == "aiって何"
    assert katakana("はるしねーしょん") == "ハルシネーション"
    assert normalise("[my-number]を入れた").count("個人情報") == 1


def test_a_product_name_that_says_what_the_tool_does_keeps_it() -> None:
    assert normalise("DeepLで訳した") == "ai 翻訳 translationで訳した"
    assert normalise("a Midjourney picture") == "a ai 画像 image picture"
    assert "議事録" in normalise("Zoom AI Companion wrote the minutes")
    assert "search" in normalise("Perplexity cites its sources")
    assert normalise("ChatGPT wrote it") == "ai wrote it"  # a chat AI says nothing more


def test_the_analyser_gives_dictionary_words_and_readings() -> None:
    found = analyse("学習データを確かめた")
    assert "学習" in found.words and "確かめる" in found.words
    assert found.reading.startswith("ガクシュウデータ")
    assert analyse("がくしゅうでーた").reading == "ガクシュウデータ"
    assert analyse("only English here") == analyse("")


def test_everyday_words_reach_the_lessons_terms() -> None:
    assert "確かめ" in expand("どこまで信じていいの")
    assert "出どころ" in expand("ネットの情報の見分け方")
    assert "verify" in expand("can I trust it")


def test_an_english_everyday_word_is_matched_as_a_word() -> None:
    # Not inside another word: a client is no lie, "really" is not "real", nor a Japanese
    # word's neighbour in the middle of an English one.
    assert "mistake" not in expand("a client asked me")
    assert "genuine" not in expand("is it really that bad")
    assert "europe" not in expand("is the ai actually right")
    # ...but with its inflections, and a stem with any ending.
    assert "mistake" in expand("it lied to me")
    assert "repost" in expand("before sharing it")
    assert "confabulat" in expand("why do hallucinations happen")
    assert "europe" in expand("what the eu ai act says")
    assert "欧州" in expand("euの規則")
    # A Japanese adjective in its other forms: 古い in 古くない, それっぽい in それっぽく.
    assert "最新" in expand("この情報、古くない？")
    assert "説得力" in expand("条文をそれっぽく作る")


def test_everyday_phrasings_of_a_topic_reach_it() -> None:
    assert "hallucinat" in expand("why does it keep making stuff up")
    assert "source" in expand("where did it get that from")
    assert "雇用" in expand("AIで人減らしされる？")
    assert "working conditions" in expand("will we lose our jobs to it")
    assert "working conditions" not in expand("which jobs is it good for")  # tasks, not jobs lost
    assert "hallucinat" in expand("is the AI lying to me?")  # lie → lying, read as making it up
    assert "hallucinat" not in expand("a client asked me")
    assert "consult" in expand("do we get a say in it")
    assert "algorithm" in expand("ai will do our rosters now")  # a rota, as much as a list
    assert "used for training" in expand("could it leak?")
    assert "流出" in expand("外に漏れたりしない？")
    assert "second opinion" in expand("is claude better than chatgpt")


def test_a_word_the_groups_write_in_katakana_is_found_in_hiragana(index: PassageIndex) -> None:
    # romaji and kana questions write コツ in hiragana: the lessons on asking well are found
    for question in (
        "しごとでじょうずにつかうこつ",
        "AI wo shigoto de jouzu ni tsukau kotsu tte aru?",
    ):
        assert "leading-questions" in top(index, question)
    # ...as a word, not as a run of kana: でまとめ holds no デマ (a rumour)
    assert "うわさ" not in expand("議事録をAIでまとめてもいい？")


def test_a_word_in_a_group_stands_for_its_idea_only() -> None:
    # 全部 asks where to start only with checking; alone it is "all"
    assert "優先" not in expand("AIに聞いたこと全部本当なの")
    assert "優先" in expand("全部確かめる時間がない")
    # an image is not a video or a voice: each is its own group
    assert "photo" in expand("reverse image search")
    assert "voice" not in expand("reverse image search") and "video" not in expand("an image")


@pytest.mark.parametrize(
    ("question", "lesson"),
    [
        ("はるしねーしょんがおきるりゆう", "invented-facts-and-quotes"),
        ("ぷろんぷとのかきかた しゅってんをだしてもらうには", "ask-for-sources"),
        ("ディープフェイクのどうがをみやぶるには", "what-synthetic-media-is"),
    ],
)
def test_questions_in_kana_find_their_lessons(
    index: PassageIndex, question: str, lesson: str
) -> None:
    assert lesson in top(index, question)


@pytest.mark.parametrize(
    ("question", "lesson"),
    [
        ("reverse image serch how", "checking-images-and-voices"),
        ("えーあいにきいたことってぜんぶほんとなの", "fluent-is-not-true"),
    ],
)
def test_the_lesson_that_answers_comes_first(
    index: PassageIndex, question: str, lesson: str
) -> None:
    assert top(index, question, 1) == [lesson]


def test_a_product_name_does_not_pull_to_the_citation_study(index: PassageIndex) -> None:
    plain = top(index, "AIの答えが自信満々なら正しい？", 1)
    for product in ("ChatGPT", "Copilot", "Gemini", "Claude"):
        assert top(index, f"{product}の答えが自信満々なら正しい？", 1) == plain


def test_a_redaction_mark_means_personal_data(index: PassageIndex) -> None:
    lessons = top(index, "[my-number] が書いてある書類をAIで読み取ってもいい？")
    assert {"what-never-goes-in", "redact-before-pasting"} & set(lessons)


def test_a_list_is_never_cut_from_the_sentence_that_announces_it(index: PassageIndex) -> None:
    for passage in index.search("What should I never paste into an AI tool?", locale="en"):
        paragraphs = passage.text.split("\n\n")
        assert not paragraphs[-1].rstrip().endswith(":"), passage.text


def test_the_course_is_cached_by_content_and_rebuilt_when_stale(tmp_path: Path) -> None:
    lessons = tmp_path / "lessons"
    shutil.copytree(ROOT / "lessons", lessons)
    cache = tmp_path / "cache"
    first = load_course(lessons, cache)
    [stored] = cache.glob("course-*.pickle")
    again = load_course(lessons, cache)
    assert again.index.search("出典", locale="ja")[0] == first.index.search("出典", locale="ja")[0]
    stored.write_bytes(b"not a pickle")  # damaged: rebuilt without a word
    assert load_course(lessons, cache).curriculum.lessons
    with stored.open("rb") as file:
        key, _course = pickle.load(file)
    assert key == content_hash(lessons)
    readme = lessons / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    load_course(lessons, cache)
    [replaced] = cache.glob("course-*.pickle")
    assert replaced != stored  # new content, new key; the stale cache is gone


def test_the_dictionary_loaded_in_the_background_is_the_one_everyone_uses() -> None:
    from bot.core import japanese

    japanese.preload()  # as `try` and `ask` start: the first question waits for this load
    japanese.preload()
    first = japanese.dictionary()
    assert japanese.dictionary() is first
    assert [m.surface() for m in japanese.tokenizer("B").tokenize("名簿を貼る")][:1] == ["名簿"]
    assert analyse("名簿を貼る").words[:1] == ("名簿",)


def test_asking_whether_to_mention_an_ai_written_text_asks_about_disclosure(
    index: PassageIndex,
) -> None:
    assert "disclose" in expand("do I need to mention it was AI-written?")
    assert "disclose" in expand("it was written by AI, should that be mentioned")
    question = "Copilot drafts my emails now. Do I need to mention it was AI-written?"
    assert index.rank_lessons(question, limit=1)[0][0] == "disclosing-ai-use"


def test_blame_asks_who_is_responsible(index: PassageIndex) -> None:
    assert "responsible" in expand("who gets the blame")
    assert "accountable" in expand("is it my fault or whose fault is it")
    assert top(index, "If the AI makes a mistake in a report, who takes the blame?", 1) == [
        "the-human-decides"
    ]


def test_heiki_says_how_not_what(index: PassageIndex) -> None:
    # 平気で ("as if it were nothing") and 平気？ ("is it all right?") name no topic, as 大丈夫
    # does not: the lesson whose quiz says 平気で貼る does not come first.
    for question in ("AIってなんで平気で嘘を書くの？", "AIはなぜ平気でウソを言うの"):
        assert top(index, question, 1) == top(index, question.replace("平気で", ""), 1)


def test_done_automatically_is_not_monitoring(index: PassageIndex) -> None:
    # 自動で says how a tool works, not that it watches or rates anyone: an automatic summary of
    # a meeting is about summaries, not about algorithmic management.
    assert "監視" not in expand("AIが会議の要約を自動で作ってくれる")
    assert "監視" in expand("AIが勤怠を自動でスコアにする")
    question = "AIが会議の要約を自動で作るようになったけど、発言が違う意味にまとめられてた"
    assert "algorithmic-management" not in top(index, question, 3)


@pytest.mark.parametrize(
    "question",
    [
        "AIで描いた絵が、有名な漫画のキャラに似てしまった。ポスターに使っていい？",
        "The AI illustration for our poster looks like a famous cartoon character. Can we use it?",
    ],
)
def test_an_image_like_someones_character_is_a_copyright_question(
    index: PassageIndex, question: str
) -> None:
    assert top(index, question, 1) == ["ai-output-and-copyright"]


def test_personal_data_in_a_long_question_about_something_else_is_its_setting(
    index: PassageIndex,
) -> None:
    # A name and a staff number in a long question about a rating are who it is about: the
    # lesson on what never goes into an AI does not come first...
    rating = redact(
        "My review (Daniel Okafor, staff no. 55210) says the AI flagged me as a slow worker from "
        "my keystrokes. Can software decide that about me, and can I challenge it?"
    ).text
    assert "[name]" in rating
    assert top(index, rating, 1) != ["what-never-goes-in"]
    # ...while a long question about pasting them in still finds it.
    pasting = redact(
        "Our branch secretary wants to paste the grievance notes with Daniel Okafor's name and "
        "staff no. 55210 into ChatGPT to tidy them up. Is that all right?"
    ).text
    assert {"what-never-goes-in", "redact-before-pasting"} & set(top(index, pasting, 1))
    assert redaction.speaks_of_giving(pasting) and not redaction.speaks_of_giving(rating)
