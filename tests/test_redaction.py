"""Redaction of what members actually type: Japanese forms, names and the new kinds."""

from __future__ import annotations

import pytest

from bot.core.qa.answers import redaction_notes
from bot.core.redaction import find, redact


@pytest.mark.parametrize(
    ("text", "kind", "secret"),
    [
        # phones as typed on Japanese keyboards and phones
        ("携帯は０９０−１２３４−５６７８です", "phone", "１２３４"),  # U+2212 minus
        ("携帯は090〜1234〜5678です", "phone", "1234"),
        ("携帯は０９０～１２３４～５６７８です", "phone", "１２３４"),
        ("携帯は090/1234/5678です", "phone", "1234"),
        ("携帯は 090 - 1234 - 5678 です", "phone", "1234"),
        ("番号は〇九〇の一二三四の五六七八です", "phone", "一二三四"),
        ("自宅 03(3123)4567 まで", "phone", "3123"),
        ("call me on +44 20 7946 0000", "phone", "7946"),
        # emails, obfuscated
        ("メールは taro.y アットマーク example.co.jp です", "email", "taro.y"),
        ("メールは taro.y(at)example.co.jp です", "email", "taro.y"),
        ("メールは taro.y＠example.co.jp です", "email", "taro.y"),
        ("write to jane.roe at example dot org", "email", "jane.roe"),
        # names
        ("山田太郎さんの残業代について", "name", "山田"),
        ("佐藤花子様にメールしたい", "name", "花子"),
        ("鈴木部長に怒鳴られた", "name", "鈴木"),
        ("My manager Mr. Brown said no.", "name", "Brown"),
        ("I'm Hannah Keller, a nurse.", "name", "Keller"),
        ("Tanaka-san says I must come in on Sunday.", "name", "Tanaka"),
        # My Number by its check digit, even without a label
        ("番号 9876 5432 1018 を書いた", "my_number", "5432"),
        ("マイナンバー 一二三四五六七八九〇一八 です", "my_number", "五六七八"),
        # employee and member numbers
        ("社員番号A123456でログインできない", "employee_id", "A123456"),
        ("組合員番号 12345 の更新", "employee_id", "12345"),
        ("Employee no. E-20931, no overtime paid", "employee_id", "20931"),
        # bank accounts
        ("口座番号 1234567 に振り込んで", "bank_account", "1234567"),
        ("普通預金 7654321（みずほ銀行）", "bank_account", "7654321"),
        ("IBAN GB82 WEST 1234 5698 7654 32 please", "bank_account", "5698"),
        # addresses
        ("住所は大阪市北区梅田1-2-3 梅田ビル5Fです", "address", "梅田1"),
        ("〒060-0042 札幌市中央区大通西10丁目4番地", "address", "大通西"),
        ("郵便番号は812-0011です", "address", "0011"),
        ("I live at 2-14-9 Nishi-Azabu, Minato-ku, Tokyo 106-0031.", "address", "Azabu"),
        # a card in full-width digits
        ("カード ４１１１　１１１１　１１１１　１１１１ を使った", "card", "１１１１"),
    ],
)
def test_personal_data_as_members_type_it_is_redacted(text: str, kind: str, secret: str) -> None:
    found = find(text)
    assert kind in {f.kind for f in found}, found
    covered = {i for f in found for i in range(f.start, f.end)}
    start = text.index(secret)
    assert all(i in covered for i in range(start, start + len(secret)))
    redacted = redact(text)
    assert kind in redacted.removed
    assert f"[{kind.replace('_', '-')}]" in redacted.text


def test_honorifics_and_the_rest_of_the_question_stay() -> None:
    redacted = redact("山田太郎さんと佐藤花子様の残業代、労働基準法第37条で計算できる？")
    assert redacted.text == "[name]さんと[name]様の残業代、労働基準法第37条で計算できる?"
    assert redacted.removed == ("name",)
    assert "[name]" not in redacted.query()


@pytest.mark.parametrize(
    "text",
    [
        "労働基準法第39条の年次有給休暇は、入社6か月で10日もらえますか",
        "2026年4月1日から時給が1,200円になります",
        "会議は2026-03-15 14:00〜15:30、本部3階会議室で",
        "36協定の上限は月45時間、年360時間",
        "賃上げ率は5.10%、組合員数は580,000人",
        "厚生労働省と連合のガイドラインを比べたい",
        "ChatGPTやClaudeに社内の情報を入れてもいいの？",
        "求人番号 13080-04512261 の会社",
        "After updating to version 2.14.3, times show in UTC+9.",
        "Bonus was ¥350,000 last year and ¥280,000 this year, a 20% cut.",
        "OpenAI, Anthropic and Google all have different data policies.",
        "A study from Stanford University says so.",
        "Night work between 22:00 and 5:00 should be paid at 125%.",
        "注文番号 123456789013 の商品",  # 12 digits with a wrong check digit, no label
        # loanwords typed in hiragana: はるし and ろん are given names on their own
        "はるしねーしょんってなに？",
        "ぷろんぷとの書き方を教えて",
    ],
)
def test_look_alikes_are_left_alone(text: str) -> None:
    assert find(text) == []
    assert redact(text).removed == ()


def test_the_member_is_told_about_every_new_kind() -> None:
    notes = redaction_notes(("name", "employee_id", "bank_account"), "ja")
    assert "氏名" in notes[0] and "口座番号" in notes[0]
    assert "employee or member number" in redaction_notes(("employee_id",), "en")[0]


def test_a_very_long_message_is_redacted_in_chunks() -> None:
    text = "山田太郎さんの電話は090-1234-5678です。" * 2000  # beyond the analyser's input limit
    redacted = redact(text)
    assert redacted.text.count("[name]") == 2000 and "山田" not in redacted.text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("はるかがAIに相談したいと言っている", "はるか"),  # the name and a particle, no longer word
        ("みほがきた", "みほ"),
        ("はるかさんがはるしねーしょんについて聞いた", "はるか"),
    ],
)
def test_a_name_in_hiragana_is_still_a_name(text: str, secret: str) -> None:
    redacted = redact(text)
    assert secret not in redacted.text and "name" in redacted.removed
    assert "はるしねーしょん" in redacted.text or "はるしねーしょん" not in text
