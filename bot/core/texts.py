"""Every member-facing text, in Japanese and English side by side."""

from __future__ import annotations

from string import Template

TEXTS: dict[str, dict[str, str]] = {
    "welcome": {
        "ja": "こんにちは。Manabi（まなび）です。職場でAIを上手に、安全に使うための短いレッスンを"
        "お届けするボットです。\nまず、使う言語を選んでください。",
        "en": "Hello, I'm Manabi, a bot that sends short lessons on using AI well and safely "
        "at work.\nFirst, please choose your language.",
    },
    "consent": {
        "ja": "Manabiは自動で動くボットです。はじめる前に、保存する情報を確認してください。\n\n"
        "- **保存するもの**：チャットのID、言語・配信時刻などの設定、レッスンの進み具合、"
        "クイズの回答\n"
        "- **保存しないもの**：あなたの名前やメールアドレス、質問の文章（初期設定）\n"
        "- **目的**：あなたに合わせてレッスンと復習を届けるため。組合の担当者が見られるのは"
        "人数や正答率などの集計だけで、あなた個人の回答は見られません。\n"
        "- **やめたいとき**：「停止」で配信停止、「データ削除」ですべて削除できます。\n\n"
        "同意して始めますか？",
        "en": "Manabi is an automated bot. Before we start, here is what it keeps.\n\n"
        "- **Kept**: your chat id, your settings (language, delivery time), your lesson "
        "progress and quiz answers\n"
        "- **Not kept**: your name, your email address, or the text of your questions "
        "(by default)\n"
        "- **Why**: to send you the right lessons and reviews. Union officers only see totals "
        "and averages for groups, never your own answers.\n"
        "- **To stop**: say `stop` to stop lessons, or `delete my data` to erase everything.\n\n"
        "Do you agree and want to start?",
    },
    "consent_yes": {"ja": "同意して始める", "en": "I agree, start"},
    "consent_no": {"ja": "やめておく", "en": "Not now"},
    "declined": {
        "ja": "わかりました。何も保存していません。気が変わったら「開始」と送ってください。",
        "en": "Understood. Nothing has been kept. If you change your mind, send `start`.",
    },
    "onboarded": {
        "ja": "ありがとうございます。平日（土日祝を除く）の毎朝 $time（$tz）に、2〜5分の"
        "レッスンとクイズをお届けします。時刻は「時間 7:45」のように送れば変えられます。\n"
        "さっそく最初のレッスンです。",
        "en": "Thank you. I'll send a 2-5 minute lesson and quiz every business day (no "
        "weekends or public holidays) at $time ($tz). Change the time any time, e.g. "
        "`time 7:45`.\nHere is your first lesson.",
    },
    "help": {
        "ja": "Manabiでできること：\n"
        "- **今日**：今日のレッスン\n"
        "- **クイズ**：今日のクイズの続き\n"
        "- **復習**：おさらいの問題\n"
        "- **進捗**：学習の記録\n"
        "- **時間 8:30**：配信時刻を変える\n"
        "- **言語 英語** / **言語 日本語**：言語を変える\n"
        "- **一時停止** / **再開**：配信を止める・再開する\n"
        "- **停止**：配信をやめる\n"
        "- **データ削除**：あなたのデータをすべて消す\n"
        "それ以外のメッセージは、AIの使い方についての質問として受け取ります。",
        "en": "Here's what I can do:\n"
        "- **today**: today's lesson\n"
        "- **quiz**: carry on with today's quiz\n"
        "- **review**: practise earlier questions\n"
        "- **progress**: your learning record\n"
        "- **time 8:30**: change the delivery time\n"
        "- **lang en** / **lang ja**: change the language\n"
        "- **pause** / **resume**: pause or resume lessons\n"
        "- **stop**: stop lessons\n"
        "- **delete my data**: erase all your data\n"
        "Anything else you send is taken as a question about using AI.",
    },
    "unknown_command": {
        "ja": "「$word」というコマンドはありません。",
        "en": 'There is no command "$word".',
    },
    "not_onboarded": {
        "ja": "まずは「開始」と送って、Manabiを始めてください。",
        "en": "Please send `start` to begin with Manabi first.",
    },
    "choose_again": {
        "ja": "$max までの番号で選んでください。",
        "en": "Please answer with a number from 1 to $max.",
    },
    "lesson_header": {
        "ja": "📘 今日のレッスン（約$minutes分）",
        "en": "📘 Today's lesson (about $minutes min)",
    },
    "sources_label": {"ja": "出典", "en": "Sources"},
    "question_header": {"ja": "クイズ $n/$total", "en": "Quiz $n/$total"},
    "review_header": {"ja": "復習 $n/$total", "en": "Review $n/$total"},
    "spot_hint": {
        "ja": "誤りを含む文の番号を選んでください。",
        "en": "Choose the number of the sentence with the error.",
    },
    "confidence_q": {
        "ja": "答えにどのくらい自信がありますか？（1＝当てずっぽう、4＝確信がある）",
        "en": "How sure are you of your answer? (1 = a guess, 4 = certain)",
    },
    "correct": {"ja": "✅ 正解です。", "en": "✅ Correct."},
    "wrong": {
        "ja": "❌ 残念、不正解です。正解は「$answer」です。",
        "en": '❌ Not quite. The answer is "$answer".',
    },
    "calibration_over": {
        "ja": "自信が高いときほど、確かめる価値があります。",
        "en": "Feeling sure is a good moment to double-check.",
    },
    "calibration_under": {
        "ja": "自信がなくても正解でした。根拠を確かめれば、もっと自信を持てます。",
        "en": "You were right even without feeling sure; checking the basis builds confidence.",
    },
    "already_answered": {
        "ja": "この問題にはもう回答済みです。",
        "en": "You have already answered this question.",
    },
    "lesson_done": {
        "ja": "🎉 今日のレッスンは完了です。正解 $right/$total。連続学習 $streak日。\n"
        "次のレッスン「$next」は次の平日にお届けします。",
        "en": "🎉 That's today's lesson done: $right/$total right. Streak: $streak day(s).\n"
        'Your next lesson, "$next", comes on the next business day.',
    },
    "course_done": {
        "ja": "🎉 すべてのレッスンを修了しました。これからは復習で知識を定着させましょう。",
        "en": "🎉 You've completed every lesson. Reviews will keep what you learned fresh.",
    },
    "today_done": {
        "ja": "今日のレッスンは完了しています。復習しますか？",
        "en": "Today's lesson is already done. Would you like a review?",
    },
    "review_done": {
        "ja": "復習はここまでです。正解 $right/$total。",
        "en": "That's the review done: $right/$total right.",
    },
    "no_review_due": {
        "ja": "いま復習する問題はありません。次の復習は $when ごろです。",
        "en": "Nothing to review right now. The next review is due around $when.",
    },
    "no_review_yet": {
        "ja": "まだ復習する問題はありません。まずは今日のレッスンから始めましょう。",
        "en": "There's nothing to review yet. Start with today's lesson.",
    },
    "no_quiz": {
        "ja": "いま答える問題はありません。「今日」で今日のレッスンを始められます。",
        "en": "There's no question waiting. Send `today` to start today's lesson.",
    },
    "progress": {
        "ja": "📊 学習の記録\n"
        "- 連続学習：$streak日（お休みチケット $freezes枚）\n"
        "- 完了したレッスン：$done / $total\n"
        "- クイズの正答率：$accuracy\n"
        "- 復習待ちの問題：$due問\n"
        "- 次のレッスン：$next\n"
        "- 配信：$status、$time（$tz）、$lang",
        "en": "📊 Your progress\n"
        "- Streak: $streak day(s) ($freezes freeze(s) banked)\n"
        "- Lessons completed: $done / $total\n"
        "- Quiz accuracy: $accuracy\n"
        "- Questions due for review: $due\n"
        "- Next lesson: $next\n"
        "- Delivery: $status, $time ($tz), $lang",
    },
    "by_track": {"ja": "分野ごとの正答率：", "en": "Accuracy by topic:"},
    "no_answers_yet": {"ja": "まだありません", "en": "none yet"},
    "all_lessons_done": {"ja": "（すべて修了）", "en": "(all done)"},
    "status_active": {"ja": "配信中", "en": "active"},
    "status_paused": {"ja": "一時停止中", "en": "paused"},
    "status_stopped": {"ja": "停止中", "en": "stopped"},
    "status_unreachable": {"ja": "届かない状態", "en": "unreachable"},
    "status_new": {"ja": "未開始", "en": "not started"},
    "lang_name": {"ja": "日本語", "en": "English"},
    "paused": {
        "ja": "配信を一時停止しました。再開するときは「再開」と送ってください。",
        "en": "Lessons are paused. Send `resume` whenever you want them back.",
    },
    "resumed": {
        "ja": "配信を再開しました。次の平日の $time にレッスンをお届けします。",
        "en": "Lessons are back on. The next one arrives at $time on the next business day.",
    },
    "already_active": {"ja": "配信中です。", "en": "Lessons are already on."},
    "stopped": {
        "ja": "配信を停止しました。記録は残っています。また始めるときは「開始」、"
        "記録も消すときは「データ削除」と送ってください。",
        "en": "Lessons are stopped. Your record is kept: send `start` to come back, or "
        "`delete my data` to erase it.",
    },
    "time_set": {
        "ja": "配信時刻を $time（$tz）に変更しました。",
        "en": "Delivery time changed to $time ($tz).",
    },
    "time_invalid": {
        "ja": "時刻は「時間 8:30」のように、0:00〜23:59で送ってください。",
        "en": "Please give a time from 0:00 to 23:59, e.g. `time 8:30`.",
    },
    "tz_set": {"ja": "タイムゾーンを $tz に変更しました。", "en": "Time zone changed to $tz."},
    "tz_invalid": {
        "ja": "タイムゾーンは「タイムゾーン Asia/Tokyo」のように送ってください。",
        "en": "Please give an IANA time zone, e.g. `tz Europe/Berlin`.",
    },
    "lang_set": {"ja": "言語を日本語に変更しました。", "en": "Language changed to English."},
    "lang_invalid": {
        "ja": "「言語 日本語」または「言語 英語」と送ってください。",
        "en": "Please send `lang ja` or `lang en`.",
    },
    "delete_confirm": {
        "ja": "あなたの設定・学習記録・回答をすべて削除します。元には戻せません。よろしいですか？",
        "en": "This erases your settings, learning record and answers for good. Are you sure?",
    },
    "delete_yes": {"ja": "削除する", "en": "Delete"},
    "delete_no": {"ja": "やめる", "en": "Cancel"},
    "deleted": {
        "ja": "あなたのデータをすべて削除しました。また始めるときは「開始」と送ってください。",
        "en": "All your data has been erased. Send `start` if you ever want to begin again.",
    },
    "delete_cancelled": {"ja": "削除は取り消しました。", "en": "Nothing was deleted."},
    "qa_unavailable": {
        "ja": "質問にお答えする機能はまだ準備中です。いまはレッスンとクイズで一緒に学びましょう。",
        "en": "Answering questions isn't ready yet. For now, let's learn with the lessons and "
        "quizzes.",
    },
    "welcome_back": {
        "ja": "おかえりなさい。続きから始めましょう。",
        "en": "Welcome back. Let's pick up where you left off.",
    },
    "error": {
        "ja": "ごめんなさい、うまく処理できませんでした。少し待ってからもう一度お試しください。",
        "en": "Sorry, something went wrong on my side. Please try again in a moment.",
    },
    "btn_today": {"ja": "今日のレッスン", "en": "Today's lesson"},
    "btn_review": {"ja": "復習する", "en": "Review"},
    "btn_progress": {"ja": "進捗を見る", "en": "My progress"},
    "btn_pause": {"ja": "一時停止", "en": "Pause"},
}


def t(key: str, locale: str, **values: object) -> str:
    """Return the text `key` in `locale` (ja or en) with `$name` values filled in."""
    entry = TEXTS[key]
    return Template(entry.get(locale) or entry["ja"]).substitute(
        {name: str(value) for name, value in values.items()}
    )
