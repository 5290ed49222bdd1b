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
        "いまの力をはかる「事前テスト」（12問）も、いつでも受けられます。さっそく最初のレッスンです。",
        "en": "Thank you. I'll send a 2-5 minute lesson and quiz every business day (no "
        "weekends or public holidays) at $time ($tz). Change the time any time, e.g. "
        "`time 7:45`. You can take the 12-question `pretest` any time to see where you start.\n"
        "Here is your first lesson.",
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
        "- **事前テスト** / **事後テスト**：コースの前と後の力だめし（12問）\n"
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
        "- **pretest** / **posttest**: the 12-question check before and after the course\n"
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
    "pretest_intro": {
        "ja": "事前チェックです。いまの力を知るための$total問で、成績は組合の集計（人数が十分な"
        "グループのみ）にしか使われません。わからなければ、いちばん近いと思うものを選んで"
        "ください。",
        "en": "This is the starting check: $total questions to see where you are now. Scores are "
        "only used in your union's group totals (for large enough groups). If you're not sure, "
        "pick the answer that seems closest.",
    },
    "posttest_intro": {
        "ja": "事後チェックです。$total問で、コースでどれだけ身についたかを確かめます。",
        "en": "This is the final check: $total questions to see what you've learned on the course.",
    },
    "test_header": {"ja": "チェック $n/$total", "en": "Check $n/$total"},
    "test_done": {
        "ja": "「$name」が終わりました。$total問中 $right問正解です。",
        "en": "That's the $name done: $right of $total right.",
    },
    "test_already_done": {
        "ja": "「$name」は回答済みです（$total問中 $right問正解）。",
        "en": "You've already taken the $name ($right of $total right).",
    },
    "test_gain": {
        "ja": "事前チェックは $before問正解でした。学んだ成果が出ています。",
        "en": "In the starting check you got $before right. That's what your learning did.",
    },
    "test_missing": {
        "ja": "このチェックはまだ用意されていません。",
        "en": "This check is not available yet.",
    },
    "btn_posttest": {"ja": "事後チェックを受ける", "en": "Take the final check"},
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
    # Questions and answers (design §7)
    "qa_model_title": {
        "ja": "🤖 AIの回答（レッスンにもとづく）",
        "en": "🤖 AI answer, based on the lessons",
    },
    "qa_offline_title": {
        "ja": "📖 レッスンからの抜粋（AIの回答ではありません）",
        "en": "📖 From the lessons (not an AI-generated answer)",
    },
    "qa_offline_intro": {
        "ja": "ご質問に近いレッスンの内容です。詳しくは下の出典で確かめてください。",
        "en": "These lesson passages are closest to your question. Check the sources below "
        "for the details.",
    },
    "qa_no_match": {
        "ja": "ごめんなさい、その質問に合うレッスンが見つかりませんでした。"
        "Manabiがお答えできるのは、職場でのAIの使い方（答えの確かめ方、出典の調べ方、情報の扱い方など）についての質問です。"
        "言い方を変えて、もう一度聞いてみてください。",
        "en": "Sorry, I couldn't find a lesson that fits that question. I can help with using AI "
        "at work: checking answers and sources, handling information safely, and so on. Try "
        "asking in other words.",
    },
    "qa_weak_match": {
        "ja": "その質問にぴったりのレッスンは見つかりませんでした。Manabiがお答えできるのは、"
        "職場でのAIの使い方についての質問です。近いかもしれないレッスン：",
        "en": "I couldn't find a lesson that really answers that. I can help with questions "
        "about using AI at work. Lessons that might be related:",
    },
    "qa_lessons_label": {"ja": "📚 参考にしたレッスン", "en": "📚 Lessons this draws on"},
    "qa_lesson_line": {"ja": "[$n] 「$title」", "en": '[$n] "$title"'},
    "qa_unverified_link": {
        "ja": "［確認できないリンクを削除］",
        "en": "[unverified link removed]",
    },
    "qa_note_redacted": {
        "ja": "個人情報と思われる部分（$kinds）を取り除いてから処理しました。",
        "en": "I removed what looked like personal data ($kinds) before processing your question.",
    },
    "qa_kind_email": {"ja": "メールアドレス", "en": "email address"},
    "qa_kind_phone": {"ja": "電話番号", "en": "phone number"},
    "qa_kind_my_number": {"ja": "マイナンバー", "en": "My Number"},
    "qa_kind_card": {"ja": "カード番号", "en": "card number"},
    "qa_kind_address": {"ja": "住所", "en": "address"},
    "qa_note_links": {
        "ja": "レッスンの出典にないリンクは、確認できないため回答から取り除きました。",
        "en": "Links that are not among the lesson sources could not be verified and were "
        "removed from the answer.",
    },
    "qa_note_budget_learner": {
        "ja": "今日のAI回答の上限に達したため、レッスンの該当部分をお見せしています。"
        "明日また質問できます。",
        "en": "You've reached today's limit for AI answers, so here are the matching lesson "
        "passages. You can ask again tomorrow.",
    },
    "qa_note_budget_org": {
        "ja": "今月の組織全体のAI回答の上限に達したため、レッスンの該当部分をお見せしています。",
        "en": "Your organisation has reached this month's limit for AI answers, so here are the "
        "matching lesson passages.",
    },
    "qa_note_unavailable": {
        "ja": "いまAIに接続できないため、レッスンの該当部分をお見せしています。",
        "en": "The AI service isn't reachable right now, so here are the matching lesson passages.",
    },
    "qa_note_blocked": {
        "ja": "信頼できる回答を作れなかったため、レッスンの該当部分をお見せしています。",
        "en": "I couldn't produce an answer I can stand behind, so here are the matching "
        "lesson passages.",
    },
    "too_long": {
        "ja": "メッセージが長すぎます（$n文字）。$max文字以内で送ってください。長い文書について"
        "聞きたいときは、確かめたい部分だけを貼って質問してください。",
        "en": "That message is too long ($n characters). Please keep it to $max characters; to "
        "ask about a long document, paste just the part you want to check.",
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
    # Delivery (issue 6): nudges for a learner who went quiet, and announcements.
    "btn_resume": {"ja": "再開する", "en": "Resume"},
    "nudge_a": {
        "ja": "最近お休み中ですね。今日のレッスンは2〜5分で終わります。のぞいてみませんか？",
        "en": "It's been a few days. Today's lesson takes just 2-5 minutes. Want to take a look?",
    },
    "nudge_b": {
        "ja": "少しずつでも続けると力になります。今日のレッスン、いかがですか？"
        "忙しいときは一時停止もできます。",
        "en": "A little at a time adds up. How about today's lesson? If now is busy, you can "
        "pause for a while.",
    },
    "nudge_c": {
        "ja": "お元気ですか？AIの使い方のコツを、今日も短くお届けしています。",
        "en": "Hope all is well. Today's short tip on using AI at work is ready when you are.",
    },
    "nudge_last": {
        "ja": "しばらくお見かけしないので、レッスンの配信をいったん止めました。"
        "また始めるときは「再開」と送るか、下のボタンを押してください。",
        "en": "I haven't seen you for a while, so I've paused your lessons for now. Whenever "
        "you'd like them back, send `resume` or tap the button below.",
    },
    "announcement_title": {"ja": "お知らせ", "en": "Announcement"},
    # Slack: the "answering…" placeholder and App Home
    "answering": {"ja": "回答を準備しています…", "en": "Answering…"},
    "chosen": {"ja": "選択：$label", "en": "You chose: $label"},
    "btn_start": {"ja": "はじめる", "en": "Get started"},
    "home_title": {"ja": "Manabi（まなび）", "en": "Manabi"},
    "home_new": {
        "ja": "職場でAIを上手に、安全に使うための短いレッスンを毎日お届けします。"
        "「はじめる」を押すと、メッセージタブで始まります。",
        "en": "Short daily lessons on using AI well and safely at work. Press **Get started** "
        "and we'll continue in the Messages tab.",
    },
    "home_progress": {
        "ja": "**連続学習**：$streak日（お休みチケット $freezes枚）\n"
        "**完了したレッスン**：$done / $total\n"
        "**クイズの正答率**：$accuracy\n"
        "**復習待ち**：$due問\n"
        "**次のレッスン**：$next",
        "en": "**Streak**: $streak day(s) ($freezes freeze(s) banked)\n"
        "**Lessons completed**: $done / $total\n"
        "**Quiz accuracy**: $accuracy\n"
        "**Due for review**: $due\n"
        "**Next lesson**: $next",
    },
    "home_settings": {"ja": "設定", "en": "Settings"},
    "home_delivery": {
        "ja": "**配信**：$status（平日 $time、$tz）",
        "en": "**Delivery**: $status (business days at $time, $tz)",
    },
    "home_time_label": {"ja": "配信時刻", "en": "Delivery time"},
    "home_lang_label": {"ja": "言語", "en": "Language"},
    # Teams: a card button answered without a new card, and group chats
    "teams_card_received": {"ja": "受け付けました。", "en": "Got it."},
    "teams_personal_only": {
        "ja": "Manabi は1対1のチャットでお話しします。私とのチャットを開いて話しかけてください。",
        "en": "Manabi works in a 1:1 chat. Please open a chat with me and say hello there.",
    },
    # Teams app package (manifest.json and its ja-jp localisation)
    "teams_app_name": {
        "ja": "Manabi（まなび）AIリテラシー・コーチ",
        "en": "Manabi AI literacy coach",
    },
    "teams_app_short": {
        "ja": "職場でAIを上手に、安全に使うための毎日の短いレッスン。",
        "en": "Short daily lessons on using AI well and safely at work.",
    },
    "teams_app_full": {
        "ja": "Manabi は労働組合の組合員のためのAIリテラシー・コーチです。平日に2〜5分のレッスンと"
        "クイズを届け、答えには理由と出典を添えます。レッスンについての質問にも、出典を示して"
        "答えます。保存するのは学習の記録だけで、いつでも一時停止・停止・データ削除ができます。",
        "en": "Manabi is an AI-literacy coach for trade-union members. On business days it "
        "sends a 2-5 minute lesson and a short quiz, explains every answer with its source, and "
        "answers questions about the lessons with citations. It keeps only your learning "
        "record; you can pause, stop or delete your data at any time.",
    },
    "teams_cmd_today": {"ja": "今日のレッスン", "en": "Today's lesson"},
    "teams_cmd_review": {"ja": "復習する", "en": "Review what is due"},
    "teams_cmd_progress": {"ja": "進捗を見る", "en": "Your streak and progress"},
    "teams_cmd_pause": {"ja": "配信を一時停止", "en": "Pause the daily lessons"},
    "teams_cmd_resume": {"ja": "配信を再開", "en": "Resume the daily lessons"},
    "teams_cmd_help": {"ja": "使い方", "en": "What Manabi can do"},
    # Officers: roles, announcements, reports, digest, feedback, ask an officer
    "not_allowed_member": {
        "ja": "この操作は組合の担当者（オフィサー）だけができます。",
        "en": "Only union officers can do this.",
    },
    "not_allowed_organisation": {
        "ja": "あなたはこの組織の担当者ではないため、この操作はできません。",
        "en": "You are not an officer of this organisation, so you cannot do this.",
    },
    "not_allowed_cohort": {
        "ja": "あなたはこのグループの担当者ではないため、この操作はできません。",
        "en": "You are not an officer of this group, so you cannot do this.",
    },
    "not_allowed_admin": {
        "ja": "この操作は連合の管理者だけができます。",
        "en": "Only federation admins can do this.",
    },
    "unknown_actor": {
        "ja": "利用者 $user が見つかりません。",
        "en": "No member $user was found.",
    },
    "ambiguous_actor": {
        "ja": "利用者 $user が複数います。slack:ワークスペースID:ユーザーID の形で"
        "指定してください。",
        "en": "More than one member is $user; give it as slack:WORKSPACE:USER.",
    },
    "unknown_organisation": {
        "ja": "組織「$org」が見つかりません。",
        "en": "There is no organisation called $org.",
    },
    "unknown_cohort": {
        "ja": "グループ「$cohort」が見つかりません。",
        "en": "There is no group called $cohort.",
    },
    "unknown_announcement": {
        "ja": "そのお知らせは見つかりません。",
        "en": "That announcement was not found.",
    },
    "announcement_empty": {
        "ja": "お知らせの本文を日本語か英語（または両方）で書いてください。",
        "en": "Please write the announcement in Japanese or English (or both).",
    },
    "announcement_too_long": {
        "ja": "お知らせは$max文字以内にしてください。",
        "en": "Please keep the announcement under $max characters.",
    },
    "announcement_bad_time": {
        "ja": "送信日時にはタイムゾーンが必要です（例：2026-12-01T09:00+09:00）。",
        "en": "The send time needs a time zone (e.g. 2026-12-01T09:00+09:00).",
    },
    "announcement_past": {
        "ja": "送信日時が過去になっています。今すぐ送るか、これからの日時を選んでください。",
        "en": "That time has passed. Send now or choose a time in the future.",
    },
    "announcement_already_sent": {
        "ja": "このお知らせはすでに送信が始まっているため、取り消せません。",
        "en": "This announcement has already gone out, so it cannot be cancelled.",
    },
    "announcement_already_cancelled": {
        "ja": "このお知らせはすでに取り消されています。",
        "en": "This announcement was already cancelled.",
    },
    "announcement_preview": {
        "ja": "グループ「$cohort」の$total人に送ります（日本語 $ja人、英語 $en人）。",
        "en": "Goes to $total member(s) of $cohort ($ja in Japanese, $en in English).",
    },
    "announcement_status": {
        "ja": "お知らせ #$id（$cohort）：配信済み $delivered・待機中 $pending・失敗 $failed"
        "・取り消し $cancelled",
        "en": "Announcement #$id ($cohort): delivered $delivered, pending $pending, "
        "failed $failed, cancelled $cancelled",
    },
    "too_few_to_report": {"ja": "人数が少ないため表示しません", "en": "too few to report"},
    "slack_announce_title": {"ja": "お知らせを送る", "en": "Send an announcement"},
    "slack_preview": {"ja": "プレビュー", "en": "Preview"},
    "slack_send": {"ja": "送信する", "en": "Send"},
    "slack_cancel": {"ja": "やめる", "en": "Cancel"},
    "slack_cohort": {"ja": "送り先のグループ", "en": "Cohort"},
    "slack_send_at": {
        "ja": "送信日時（空欄なら今すぐ）",
        "en": "Send at (leave empty to send now)",
    },
    "slack_now": {"ja": "今すぐ送信します。", "en": "Sends now."},
    "announcement_not_reached": {
        "ja": "登録済みのうち$n人は、まだ始めていないか停止しているため届きません。",
        "en": "$n enrolled member(s) have not started or have stopped, so they get nothing.",
    },
    "home_officer": {"ja": "担当グループの状況", "en": "Your cohorts"},
    "home_officer_hint": {
        "ja": "お知らせは `/manabi announce`、詳しいレポートは `/manabi report` で。"
        "人数が少ないグループは表示しません。",
        "en": "Send an announcement with `/manabi announce`; see the report with "
        "`/manabi report`. Small groups are not shown.",
    },
    "report_empty": {
        "ja": "あなたが担当するグループはまだありません。",
        "en": "You have no groups to report on yet.",
    },
    "report_cohort": {
        "ja": "**$cohort**（登録 $enrolled人）",
        "en": "**$cohort** ($enrolled enrolled)",
    },
    "report_body": {
        "ja": "- 7日間に学習した人：$active人\n- 完了したレッスン：$lessons\n"
        "- 分野ごとの正答率：$tracks\n- 事前・事後テストの伸び：$gain ポイント\n"
        "- 7日間にリマインドした人：$nudged人\n- 一時停止中：$paused人\n"
        "- レッスンへの👍：$lesson_up　満足度（1〜5）：$satisfaction",
        "en": "- Active in the last 7 days: $active\n- Lessons completed: $lessons\n"
        "- Accuracy by track: $tracks\n- Pre/post test gain: $gain points\n"
        "- Nudged in the last 7 days: $nudged\n- Paused: $paused\n"
        "- Lessons rated 👍: $lesson_up; satisfaction (1–5): $satisfaction",
    },
    "digest": {
        "ja": "📊 **今週のまとめ**（$start〜$end）\n"
        "- 登録：$enrolled人\n- 学習した人（7日間）：$active人\n"
        "- 完了したレッスン：$lessons\n- リマインドを送った人：$nudged人\n"
        "- 一時停止中：$paused人\n個人の回答は含まれません。",
        "en": "📊 **Your week in numbers** ($start to $end)\n"
        "- Enrolled: $enrolled\n- Active in the last 7 days: $active\n"
        "- Lessons completed: $lessons\n- Members nudged: $nudged\n"
        "- Paused: $paused\nNo individual answers are included.",
    },
    "digest_chart_alt": {
        "ja": "グラフ：日ごとの学習者数と分野ごとの完了数",
        "en": "Chart: active members per day and completion by track",
    },
    "feedback_ask": {
        "ja": "このレッスンはいかがでしたか？",
        "en": "How was this lesson?",
    },
    "feedback_thanks": {
        "ja": "ありがとうございます。ひとこと感想があれば「コメントを書く」を"
        "押してください（任意）。",
        "en": "Thank you. To add a comment, press *Add a comment* (optional).",
    },
    "btn_add_comment": {"ja": "コメントを書く", "en": "Add a comment"},
    "feedback_comment_prompt": {
        "ja": "コメントを書いて送ってください（名前は伝わりません）。やめるときは「やめる」。",
        "en": "Write your comment and send it (no name is attached). Send `cancel` to stop.",
    },
    "officer_reply_empty": {"ja": "返事の本文を書いてください。", "en": "Please write a reply."},
    "unknown_question": {"ja": "その質問は見つかりません。", "en": "That question was not found."},
    "feedback_comment_thanks": {
        "ja": "コメントを受け取りました。教材の改善に使います。",
        "en": "Thanks, your comment will help improve the lessons.",
    },
    "pulse_question": {
        "ja": "5回ごとのアンケートです。Manabiにどのくらい満足していますか？（1＝不満〜5＝満足）",
        "en": "A quick check every five lessons: how satisfied are you with Manabi? "
        "(1 = not at all, 5 = very)",
    },
    "pulse_thanks": {"ja": "ご回答ありがとうございます。", "en": "Thanks for your answer."},
    "btn_ask_officer": {"ja": "担当者に聞く", "en": "Ask an officer"},
    "ask_officer_prompt": {
        "ja": "担当者に送る質問を書いてください。あなたの名前は伝わりません（返事はこのチャットに"
        "届きます）。やめるときは「やめる」と送ってください。",
        "en": "Write the question for your union officer. Your name is not shown to them (the "
        "reply comes back to this chat). Send `cancel` to stop.",
    },
    "ask_officer_sent": {
        "ja": "担当者に送りました。返事が来たらこのチャットでお知らせします。",
        "en": "Sent to your officer. Their reply will come to this chat.",
    },
    "ask_officer_cancelled": {"ja": "送るのをやめました。", "en": "Not sent."},
    "ask_officer_none": {
        "ja": "あなたのグループには、まだ担当者が登録されていません。",
        "en": "Your group has no officer registered yet.",
    },
    "officer_question": {
        "ja": "❓ **グループ「$cohort」のメンバーからの質問** (#$id)\n\n$text\n\n"
        "返事は /manabi reply $id 本文 で送れます（相手の名前は表示されません）。",
        "en": "❓ **A question from a member of $cohort** (#$id)\n\n$text\n\n"
        "Reply with /manabi reply $id your answer (the member stays anonymous).",
    },
    "officer_reply": {
        "ja": "💬 **担当者からの返事**\n\n> $question\n\n$answer",
        "en": "💬 **Your officer replied**\n\n> $question\n\n$answer",
    },
    "officer_reply_sent": {"ja": "返事を送りました。", "en": "Your reply is on its way."},
    "officer_question_answered": {
        "ja": "この質問にはすでに返事が送られています。",
        "en": "This question has already been answered.",
    },
}


def t(key: str, locale: str, **values: object) -> str:
    """Return the text `key` in `locale` (ja or en) with `$name` values filled in."""
    entry = TEXTS[key]
    return Template(entry.get(locale) or entry["ja"]).substitute(
        {name: str(value) for name, value in values.items()}
    )
