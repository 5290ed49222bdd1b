"""Claim rules for Japanese text: patterns for figures, dates and laws; morphology for names."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.core import japanese
from bot.core.qa.checking import orgs_ja, quotes_ja, sweeping_ja
from bot.core.qa.checking.chars_ja import (
    ARTICLE,
    INT,
    KANJI,
    KATA,
    MONTHS,
    NUM,
    NUMX,
    SENTENCE,
    WORD,
)
from bot.core.qa.checking.claims import (
    COUNTER_KEY,
    OFFICE_KEY,
    Candidate,
    normal,
    spans,
    trimmed,
)

MONEY = re.compile(
    rf"(?:約|月額|年額|最大|最高|総額)?{NUMX}(?:円|ドル|ユーロ|ポンド|元)"
    r"(?:以下の(?:罰金|過料|科料)|以上|以下|未満)?"
    # pay counted in months is an amount of money: 基本給の24か月分
    rf"|(?:基本給|月給|給与|賃金|給料|平均賃金|月収)の(?:最大|最高|最低)?\d+(?:[.．]\d+)?{MONTHS}分"
    # …and so is a bonus or a fee counted in months or days: 夏季賞与「2.5か月分」, 組合費の3か月分,
    # 平均賃金の30日分以上, 平均賃金の1日分の半額
    rf"|(?:賞与|一時金|平均賃金|組合費|退職金)(?:の|は|が|「)(?:約)?\d+(?:[.．]\d+)?(?:{MONTHS}|日)分"
    r"(?:以上|以下|程度|の半額)?"
    # a bonus in months as pay reviews put it: 年4.60月分, 0.05月分 (decimal: 3月分 may be March's)
    r"|(?<![\d年月])(?:年)?\d+[.．]\d+月分(?:程度)?"
)
DATE = re.compile(
    r"(?:令和|平成|昭和)(?:\d+|元)年度?(?:\d{1,2}月(?:\d{1,2}日)?)?"
    r"|(?<![\d.])\d{4}年度?(?:\d{1,2}月(?:\d{1,2}日)?)?(?!問題)"  # 2024年問題 is an issue's name
    # a day after 同年 or 翌年 is a date too (同年9月11日), not one after a year's digits
    r"|(?<!\d)(?<!\d年)\d{1,2}月\d{1,2}日(?:[(（][月火水木金土日][)）])?(?:\d{1,2}時(?:\d{1,2}分)?)?"
    r"|(?<!\d)\d{4}[/-]\d{1,2}[/-]\d{1,2}(?!\d)"
    # months from … to …, into the next year: 10月から翌年3月
    r"|(?<!\d)(?<!\d年)\d{1,2}月(?:上旬|中旬|下旬)?(?:から|〜|~|～)(?:翌年)?\d{1,2}月(?:上旬|中旬|下旬)?"
    r"|(?<!\d)(?<!\d年)\d{1,2}月(?:上旬|中旬|下旬)"
    # a month alone, or this year's: 6月の記者会見で, 今年1月の会見 (not 同じ5月, said again)
    r"|(?<![\d年])(?<!同じ)(?:今年|昨年|本年|来年)?\d{1,2}月(?![\d０-９]|末まで|以降|から)(?=の|に|、|には|時点)"
)
DURATION = re.compile(
    # whole months only: "2.6か月" is a multiple (a bonus of 2.6 months' pay), a figure
    rf"(?<![\d.．歳])(?<!(?<![\d年])年){INT}(?:[〜~～\-–]{NUM})?{MONTHS}(?!分|連続|平均)(?:間)?(?:以上|以内|以下|未満|ぶり)?"
    r"(?:の(?:懲役|禁錮|拘禁刑))?(?:継続勤務)?"
    rf"|(?<![\d.年度和成和])\d{{1,2}}年(?!度|生|連続)(?:\d+{MONTHS})?"
    r"(?:間|以上|以内|以下|未満|ぶり|で時効)?(?:の(?:懲役|禁錮|拘禁刑))?"
    rf"|(?<!\d){NUM}(?:[〜~～\-–]{NUM})?(?:週間|日間)(?:以上|以内|以下|未満)?"
    rf"|(?<![\d月]){NUM}日(?:以内|前|後|までに|を経過)"  # a time limit is a period, not a count
    rf"|(?<=の)(?<![\d.]){NUM}時間(?:前|後)(?:以降|以内|まで)?"  # 勤務終了の4時間前
    rf"|(?<![\d.]){NUM}(?:営業日|労働日|就業日|稼働日)(?:以内|以上|前|後|まで(?:に)?)?"
    # a window counted from a named event, the event with it: 離職日の翌日から1年間, 通報後1年以内
    rf"|(?<![{KANJI}{KATA}\d])(?:[{KANJI}]{{1,6}}の)?[{KANJI}]{{1,6}}(?:から|後)"
    rf"(?:\d{{1,2}}年|{INT}{MONTHS})(?:間|以内)"
    # a total taken over several spells: 通算93日まで
    rf"|通算{NUM}(?:日|週間|{MONTHS})(?:間)?(?:まで|以内|以上)?"
    # a window counted from an event: "休業開始から180日まで", "発覚から24時間以内"
    rf"|(?<=から){NUM}(?:日|時間)(?:まで|以内|間|を超え(?:て|る))"
    rf"|(?<![\d月]){NUM}日目(?:まで|以降|以後|から)?"  # "180日目まで": a point in a period
    rf"|(?<![\d月]){NUM}日(?:以上|以下|未満)?(?=の{WORD}{{0,4}}(?:休業|休職|期間))"
    r"|連続\d+(?:時間|日)(?:以上|以内|以下|未満)?"
    r"|1日\d+時間を超えて"
    r"|(?:小学校|中学校)?\d年生(?:修了|終了)?まで"
    r"|\d{1,2}時(?:\d{1,2}分)?[〜~～\-–]翌?\d{1,2}時(?:\d{1,2}分)?"
    # not a total or an average, which is a figure (合計30分以上の中断, 平均68分)
    r"|(?=\d)(?<![\d.])(?<!平均)(?<!合計)(?<!約)(?<!最大)(?<!最長)"
    r"\d+(?:分|秒)(?:以内|以上|間|ほど|程度|くらい|ぐらい|を超え(?:て|る))"
)
FIGURE = re.compile(
    # every one of a counted set: 全10工場, 全47都道府県
    rf"(?<![{KANJI}])全\d+[{KANJI}]{{1,4}}(?=[にでのをはがも、。])|"
    # a run of periods is a count: 6か月連続のマイナス, 2年連続で
    rf"(?<![\d.．])\d+(?:{MONTHS}|年|週|日|期|四半期)連続(?:の{WORD}{{1,6}}|で)?"
    # an average over a window of months is one figure: 2〜6か月平均80時間以内
    rf"|\d+(?:[〜~～\-–]\d+)?{MONTHS}平均{NUMX}時間(?:以内|以下|未満)?"
    # months a year are an amount per year, as 年5日 is: 年6か月まで
    rf"|(?<![\d年])年\d+{MONTHS}(?:まで|以内|以上|以下|未満)?|"
    rf"(?:(?:年|月|週|毎年|毎月|年間|月間|\d+日)(?:約|最大)?)?(?:約|最大|平均)?{NUMX}"
    rf"(?:[%％]|時間|日|回|人|名|社|件|か所|カ所|箇所|か国|ヶ国|カ国|トン|km|キロ|kg|割|倍"
    rf"|つ|校|歳未満|歳以上|ポイント|種類|類型|項目|分野|段階|区分|業種|職種|度|℃|ppm|番目|位|{MONTHS}分"
    # sound levels, masses and a numbered machine (26号機)
    r"|dB(?:\(A\)|（A）)?|デシベル|(?:キロ|ミリ)?グラム|号機)"
    r"(?:以上|以下|以内|未満|超|まで|短縮)?"
    r"|時速\d+(?:km|キロ)(?:以下|以上)?"
    r"|(?:約|ほぼ)半(?:数|分)(?:以上|以下|近く|超)?"
    # a halving, and half the amount: 負担が半分になります, 家賃の半額
    r"|半分に(?:なり|なる|な[っれ]|減|下が|低下|縮|短縮)|(?<=の)半額"
    # a fraction: 標準報酬日額の3分の2, 超えた額の2分の1
    r"|(?<![\d.])\d+分の\d+(?![\d.])"
    rf"|(?<![\d.．])\d+[.．]\d+(?:{MONTHS}|月)分?(?:以上|以下|未満|超)?"  # 年間2.05月分
    # an age as a threshold (原則65歳, 66歳以降)
    # an index or a ratio with no unit: 女性の賃金は75.8で
    r"|(?<![\d.,，A-Za-z\-‐ー])\d{1,3}\.\d{1,2}(?![\d.%％])(?=で|と|に|を|、|。)"
    # an age as a limit is an age, not a period: 子が1歳になるまで, 最長2歳まで
    rf"|(?:原則|満|最長|最大)?(?<![\d.])\d{{1,3}}歳(?:\d{{1,2}}{MONTHS})?"
    r"(?:より前|以降|以前|以上|以下|未満|から|超|になるまで|まで)?"
    # minutes as an average or a total, not a time limit: 平均68分
    r"|(?:平均|約|合計|最大|最長|1日)(?<![\d.])\d+分(?:以上|以下|未満)?(?!以内|間)"
    # A service line to call (toll-free 0120/0800, ナビダイヤル 0570); a person's own number is
    # personal data, never a claim.
    r"|(?<![\d-])(?:0120|0800|0570)[-‐－]\d{2,4}[-‐－]\d{3,4}(?![\d-])"
)
LAW = re.compile(
    rf"(?:改正)?{WORD}{{2,24}}?法(?![律令人案則的])"
    rf"(?:{ARTICLE})?"
    rf"|(?:改正)?{WORD}{{2,24}}?(?:施行規則|施行令|規則|条例|省令|政令)(?:{ARTICLE})?"
    # a law's formal name by its subject: 大学の教員等の任期に関する法律
    rf"|(?<![{KANJI}{KATA}]){WORD}{{2,12}}(?:(?:の|及び|並びに){WORD}{{1,12}}){{0,4}}に関する"
    r"(?:特別措置)?法律"
    rf"|(?:民法|刑法|憲法|商法)(?:{ARTICLE})?"
    rf"|同(?:法|規則|施行規則|施行令){ARTICLE}|附則{ARTICLE}"
    r"|同条第\d+(?:項|号)(?:第\d+号)?"
    rf"|(?<![{KANJI}]){ARTICLE}"
    r"|\d+協定"
    # a revision by its year: 2025年の法改正
    rf"|(?:19|20)\d{{2}}年度?の(?:[{KANJI}{KATA}]{{1,10}})?法改正"
    # an ILO convention by its number: 第105号条約, 第190号条約
    r"|第\d+号条約"
    # a treaty by its name: パリ協定, 京都議定書, ハーグ条約 (not the 労使協定 a workplace signs)
    rf"|(?<![{KANJI}{KATA}])(?!労使|労働|書面|口頭)[{KANJI}{KATA}]{{2,8}}(?:協定|条約|議定書)(?![{KANJI}])"
    # a standard by its title and its notice's number in brackets:
    # 「…の基準」（平成元年労働省告示第7号）
    r"|「[^「」\n]{2,60}(?:基準|規程|要領|規則|細則)」[（(](?:昭和|平成|令和)(?:元|\d{1,2})年"
    rf"[{KANJI}]{{1,10}}(?:告示|省令|政令|訓令)第\d+号[)）]"
    rf"|(?<![{KANJI}])[{KANJI}]{{2,12}}告示(?![{KANJI}])"  # a ministry's notice: 改善基準告示
    r"|附属書\s?[IVXⅠ-Ⅻ\d]+"
    r"|(?:規則|指令)\s?(?:[(（](?:EU|EC)[)）]\s?)?(?:No\.?\s?)?\d{4}/\d+"
    # a law named by a Latin acronym: AI規則, いわゆるAI法, IT基本法
    rf"|(?<![A-Za-z])[A-Z]{{2,6}}{WORD}{{0,10}}?(?:法|規則)(?![律令人案則的])(?:{ARTICLE})?"
    # a foreign law by its short name: EU AI法第4条, EUのAI法
    rf"|(?<![A-Za-z])(?:EU|欧州|米国|英国|ドイツ|フランス|中国)の?\s?[A-Z]{{1,6}}{WORD}{{0,8}}?法"
    rf"(?![律令人案則的])(?:{ARTICLE})?"
)
WORKPLACE_COMMITTEE = re.compile(r"^(?:安全衛生|衛生|安全|労使|労働時間等設定改善|苦情処理)委員会$")
FORMAL_NAME = re.compile(r"[(（](?:正式名称|正式名|略称|通称)[:：は]?\s?$")
NOT_LAWS = re.compile(
    r"(?:就業|社内|会社|服務|内部)規則$"  # a workplace's own rules, not law
    r"|(?:方|手|違|文|用|司|製|作|技|論|兵|話|寸|魔|療|工)法$"  # 方法, 違法…: ordinary words
    r"|(?<!組)合法$"
    # a law referred to, not named: 改正法が成立, 同法, 本法
    r"|^(?:改正|同|本|新|旧|関連|関係|上記|当該|現行|特別|一般|国内|基本)法$|^基本条約$"
)
# Endings that make a katakana word a company's name; generic ones (通信, システム) would take
# "データ通信" for a company.
COMPANY_TAIL = (
    "電機|製作所|工業|商事|物産|銀行|証券|生命|電力|製薬|電工|重工|精機|技研|興業|製菓|製紙"
    "|ホールディングス"
)
ORGANISATION = re.compile(
    # a council by its place: 都議会, 県議会, 大阪市議会
    rf"(?<![{KANJI}])(?:[{KANJI}]{{1,3}})?[都道府県市区町村]議会|"
    # a government by its country: 日本政府は採択に賛成した
    r"(?:日本|米国|英国|中国|韓国|ドイツ|フランス|イタリア|カナダ|豪州|オーストラリア)政府|"
    rf"{WORD}{{2,8}}(?<![反帰])省(?![略エ])(?:[{KANJI}]{{1,6}}局)?"
    rf"|[{KANJI}{KATA}]{{2,8}}庁"
    rf"|[{KANJI}]{{4,10}}委員会|[{KANJI}]{{2,12}}審議会|[{KANJI}]{{3,10}}センター"
    # a company by the shape of its name (ミナト電機), and its union (ミナト電機労働組合)
    rf"|[{KATA}]{{2,12}}(?:{COMPANY_TAIL})(?:労働組合|労組)?"
    rf"|[{KATA}A-Za-z]{{2,12}}(?:労働組合|労組)(?:連絡会|協議会)?"
    rf"|[{KANJI}{KATA}A-Za-z]{{2,12}}ユニオン(?:連絡会|協議会)?"
    # a union by its own name in kanji (東都医療労働組合), not a kind of union (企業別労働組合)
    rf"|(?<![{KANJI}{KATA}])(?!(?:企業別|産業別|職業別|地域|合同|少数|多数|上部|単位|既存|社内|御用)"
    rf"(?:労働組合|労組))[{KANJI}]{{2,8}}(?:労働組合|労組)(?![{KANJI}])"
    rf"|[{KANJI}{KATA}]{{1,8}}(?:{COMPANY_TAIL})(?:労働組合|労組)"
    r"|(?:独立行政法人|国立研究開発法人|(?:公益|一般)(?:財団|社団)法人)?"
    rf"{WORD}{{2,14}}(?:大学(?:院)?|研究所|機構|協会|連盟|学会|財団|労働局|労働基準監督署|裁判所"
    r"|総連合会|連合会|新聞社?|通信社|放送協会|タイムズ|ポスト|ジャーナル)"
    r"|(?<![A-Za-z])NHK(?![A-Za-z])"
    # a body by its Latin acronym when it says or publishes something: GPIFは…と発表しています
    r"|(?<![A-Za-zァ-ヴー])(?!(?:SNS|FAQ|PDF|URL|CEO|COO|CTO|CFO|CIO)(?![A-Za-z]))[A-Z]{3,6}(?![A-Za-z])"
    r"(?=(?:は|が)[^。\n]{0,40}?(?:発表|公表)|によると|によれば|の調査)"
    # the government when it does or aims at something: 政府は…を目標にしています
    rf"|(?<![{KANJI}{KATA}])政府(?=は|が)"
    # a prefecture as a body when it makes rules: 東京都が…導入, 東京都では…条例
    rf"|(?<![{KANJI}{KATA}])(?:東京都|北海道|大阪府|京都府|[{KANJI}]{{1,3}}県)"
    r"(?=(?:が|も|では)[^。\n]{0,40}(?:条例|制度|導入|施行))"
    r"|内閣府|内閣官房|人事院|会計検査院|日本銀行|国際労働機関|日本年金機構|最高裁(?!判)"
    # a body named 機関 with its acronym after it: 国際がん研究機関（IARC）
    rf"|{WORD}{{2,14}}機関[（(][A-Z]{{2,8}}[)）]"
    # a federation of unions by its short name (合化労連), and the political parties
    rf"|(?<![{KANJI}])[{KANJI}]{{1,4}}労連(?![{KANJI}])"
    r"|(?:自由民主|自民|立憲民主|公明|日本共産|共産|社会民主|社民|国民民主|民主|社会)党(?![{KANJI}])"
    # a court by its short name: 東京地裁, 大阪高裁
    rf"|(?=[{KANJI}])(?<![{KANJI}])[{KANJI}]{{1,4}}(?:地裁|高裁|家裁)(?!判)"
    # a katakana name given as the source: 帝国データバンクによると (not アンケートによると)
    rf"|(?=[{KANJI}{KATA}])(?<![{KANJI}{KATA}ー・のなた])(?!(?:アンケート|レポート|データ|ニュース|サイト|ガイドライン"
    r"|リサーチ|ランキング|メディア|ネット|インターネット|ルール|マニュアル|ホームページ|ウェブサイト"
    r"|パンフレット|リーフレット|ガイド|プレスリリース|ニュースリリース|システム|ツール)(?:によ))"
    rf"[{KANJI}]{{0,4}}[{KATA}][{KATA}ー・]{{2,14}}[{KANJI}]{{0,4}}(?=によると|によれば)"
    rf"|(?:株式会社|有限会社){WORD}{{1,12}}|{WORD}{{1,12}}(?:株式会社|ホールディングス)"
    # a hospital or a school a named town, city or prefecture runs: つるぎ町立半田病院 (公立小学校
    # is a kind, not a body)
    rf"|(?:[{KANJI}ぁ-ん]{{1,6}}(?:町|市|村|区|県|都|府|道)立|国立)[{KANJI}{KATA}]{{1,10}}"
    r"(?:病院|診療所|医療センター|高等学校|高校|中学校|小学校|学校|図書館|博物館|美術館)"
    # a company by a foreign name and 社: 米GitHub社, ファイザー/ビオンテック社 (not 社会, 社員)
    rf"|(?<![A-Za-z{KATA}])(?:[A-Z][A-Za-z0-9]{{1,20}}|[{KATA}]{{3,12}})"
    rf"(?:[/／・](?:[A-Z][A-Za-z0-9]{{1,20}}|[{KATA}]{{3,12}}|[{KANJI}]{{1,4}}))*社"
    r"(?![会員長内外宅屋説是歌交殿寺])"
    rf"|(?<![{KANJI}])(?:連合|経団連|全労連|全労協|日本労働組合総連合会)(?![{KANJI}])"
    # the largest union federations and the companies AI answers cite most, as in English
    rf"|(?<![{KANJI}{KATA}A-Za-z])(?:UAゼンセン|自治労|日教組|基幹労連|電機連合|自動車総連|情報労連"
    r"|JP労組|JAM|マイクロソフト|グーグル|アマゾン|アップル|オープンAI|エヌビディア|アンソロピック"
    rf"|ソフトバンク|トヨタ自動車|日立製作所|富士通|パナソニック|楽天)(?![{KANJI}{KATA}A-Za-z])"
)
QUOTE = re.compile(
    r"[「“]([^」”\n]{6,200})[」”](?=と(?:述べ|語|話(?!しても)|言(?!っても|われても)|指摘|説明|強調|発言|コメント|主張|明言|書い|書か|記し|記さ|報じ"
    r"|結論|訴え|答え|回答|警告|批判|表明|発表|呼びかけ|宣言|感じ"
    # …and what they set down or owned up to: 「…」とすべきとしました, 「…」と認めました
    r"|すべきとし|し(?:た|て|ま)(?<=とし.)|認め|伝え|明か|証言|反論|評価|評し|要請|振り返"
    # …and what it advertises or classes something as: 「…」とうたっています, 「…」に分類
    r"|うたって|謳って|する(?:見解|方針|声明|提言|報告|意見|考え)"
    # …or what a view is, reported: 「…」とする専門家の見方を伝えています
    r"|する[^、。\n]{0,10}?の(?:見方|見解|声|意見)"
    # someone's words named as what they are: 「…」との方針が示され, 「…」との見解
    r"|の(?:方針|考え|見解|認識|声明|コメント|意見|立場|主張|発言|談話|見通し|認識))"
    # what a body or its document calls for in its own words: 答申は「…」を求めています
    r"|を求め(?:て|る|た|ま)"
    # a class a body puts something in: 夜勤を「おそらく発がん性がある」に分類
    r"|に分類)"
)
# A figure put in the passive with no one behind it, as a source that names no one: …と見込まれて
# います, …と報じられています (also read by finder.VAGUE).
PASSIVE_SOURCE = r"と(?:も)?(?:見込まれ|予測され|推計され|試算され|報告され|報じられ)"
# The year a title opens with (2023年度労働者派遣事業報告): the year goes with the title.
TITLE_YEAR = r"(?:(?:(?:19|20)\d{2}|(?:令和|平成)(?:\d{1,2}|元))年度?\s?)?"
# Verbs that put a document out, and how they end before its title: 公表した「…」, 発表された「…」.
ANNOUNCED = ("公表", "発表", "公開", "発行", "策定", "作成", "まとめ", "改訂", "改定")
ANNOUNCED_TAILS = ("した", "された", "している", "されている")
CITATION = re.compile(
    r"『[^』\n]{2,60}』(?:第\d+(?:号|巻))?"
    r"|(?:論文|研究|報告書|白書|パンフレット|リーフレット|資料|ガイドライン|記事|書籍|レポート"
    rf"|[省庁局]|機構|研究所)「(?P<title>[^」\n]{{2,60}})」"
    rf"|{TITLE_YEAR}{WORD}{{2,16}}(?:白書|報告書|年報|指針|ガイドライン)"
    rf"|{TITLE_YEAR}{WORD}{{3,16}}(?:調査|統計)(?![局部課室])"
    # a report by its name, as the source: 労働者派遣事業報告によると
    rf"|{TITLE_YEAR}{WORD}{{4,16}}報告(?=によると|によれば|では)"
    r"|(?:最高裁(?:判所)?|[^\s、。(（]{1,6}(?<!最)(?:地裁|高裁|地方裁判所|高等裁判所))"
    r"[^、。\nはがで]{0,24}?判決"  # "最高裁は…の判決": the court and the date, not a case name
    # a judgment known only by its date (最高裁は2020年の判決で); one with its case name in brackets
    # after it is cited by that name
    r"|(?<=[はが、])(?:19|20)\d{2}年(?:\d{1,2}月(?:\d{1,2}日)?)?の判決(?![(（])"
    rf"|(?<=[省庁府局]の){WORD}{{0,12}}(?:指数|統計|調査|報告書|白書)(?![局部課室])"
    rf"|(?<=[省庁]の)(?:指針|通達|通知|ガイドライン|告示|資料|FAQ|Q&A|Ｑ＆Ａ|手引き?)|(?<=会の)(?:Q&A|FAQ|指針)"
    # a study named by whom it looked at: 米国のコールセンターを対象にした研究
    rf"|(?<=[、。\n])[^、。\n「」]{{2,24}}?を対象(?:に|と)した[{KANJI}]{{0,4}}(?:研究|調査|分析|実験)"
    # a ministry's notice by its number, with its date: 平成18年2月24日付基発第0224003号,
    # 職発0827第1号
    r"|(?:(?:昭和|平成|令和)(?:\d{1,2}|元)年\d{1,2}月\d{1,2}日付?\s?)?[基職雇発労政安]{1,3}発(?:第)?\s?\d{3,8}"
    r"(?:第\d+)?号"
    # a yearly report by its edition: 令和6年版, 2024年版
    r"|(?:令和|平成)(?:\d{1,2}|元)年版|(?:19|20)\d{2}年版"
    # a dated paper by what it is: 2024年1月のレポート, 2021年に発表した推計,
    # 2025年5月の全国消費者物価指数
    rf"|(?:19|20)\d{{2}}年(?:\d{{1,2}}月)?(?:に(?:発表|公表|公開)した|の)[{KANJI}{KATA}]{{0,10}}?"
    rf"(?:レポート|推計|指数|報告書)(?![{KANJI}])"
    # a news report by its outlet, a release by its issuer: 共同通信の報道, 同行のニュースリリース
    rf"|(?<![{KANJI}{KATA}])[{KANJI}{KATA}A-Z]{{1,8}}(?:新聞|通信|放送|テレビ)の(?:報道|記事|取材|世論調査)"
    r"|(?:ニュース|プレス)リリース"
    # a case by its name: 三菱樹脂事件, メトロコマース事件 (not 不当労働行為事件, a kind of case)
    rf"|(?<![{KANJI}{KATA}・])[{KANJI}{KATA}・]{{2,12}}(?<!行為)(?<!拒否)(?<!中毒)(?<!刑事)(?<!民事)事件(?![数{KANJI}])"
    # a plan or a recommendation known by its name: AI基本計画, 2024年の人事院勧告
    rf"|[{KANJI}A-Z]{{1,8}}基本計画|(?:19|20)\d{{2}}年(?:度)?の人事院勧告"
    # a title in brackets and what it is: 「春闘の歴史」資料
    r"|「[^」\n]{2,40}」(?:資料|報告書|リーフレット|パンフレット|ガイドブック)"
    # a named meeting's or team's papers: 「…検討会」の資料では, 研究チームの分析では
    r"|(?<=」の)(?:資料|報告書|取りまとめ|中間報告|最終報告)(?=では|によると|によれば)"
    r"|(?:研究チーム|研究グループ)の(?:分析|調査|研究|試算)"
    # a company's results by their period: 2025年3月期決算
    r"|(?:19|20)\d{2}年\d{1,2}月期(?:の)?(?:決算|業績)(?:短信|説明資料|概要)?"
    # documents known by what they are: 税制改正大綱, 行政通達, 決算概要
    rf"|(?<![{KANJI}])(?:行政通達|通達|税制改正大綱|決算概要)(?![{KANJI}])"
    # what someone carried out, its body named before: …が2024年に行ったアンケート
    rf"|(?:(?<=行った)|(?<=実施した)|(?<=公表した)|(?<=発表した))[{KANJI}]{{0,6}}(?:調査|アンケート"
    r"|報告書|試算|分析|集計)"
    # a title after its publishing: 2024年10月に公表した「新規学卒就職者の離職状況」
    r"|(?:" + "|".join(f"(?<={verb}{tail})" for verb in ANNOUNCED for tail in ANNOUNCED_TAILS) + ")"
    r"「[^」\n]{2,60}」"
    # a title published: 「生成AIサービスの利用に関する注意喚起等」を公表し
    r"|「(?P<published>[^」\n]{4,60})」を(?:公表|発表|公開|発行|策定|改訂|通知|取りまとめ|とりまとめ"
    r"|まとめ|出し|作成)"
    # a document named by what it is, as it is put out: 声明を出し, 注意喚起を公表し
    r"|(?:声明|注意喚起|見解|提言|談話|報告書|指針|ガイドライン|ガイドブック)(?=を(?:出し|公表|発表|発出"
    r"|公開|取りまとめ|とりまとめ|まとめ))"
    # a study by its year: 共同研究(2015年), 調査(2024年)
    rf"|{WORD}{{0,6}}(?:研究|調査|論文|報告書?)[(（](?:19|20)\d{{2}}年?[)）]"
    r"|「(?P<document>[^」\n]{2,60}(?:計画|報告書?|指針|ガイドライン|白書|調査|統計|方針|要綱|通達"
    r"|答申|提言|レポート|結果|概況|データベース|戦略|について|大綱|規則|サイト|通知書|予測|ハンドブック"
    r"|マニュアル|手引き?|パンフレット|リーフレット|要領|Q&A|ページ|ポータル|事例集|資料|マップ))」"
    r"|「(?P<dated>[^」\n]{2,60})」(?=[(（]\d{4}年)"
    rf"|「(?P<case>[{KANJI}{KATA}A-Za-zＡ-Ｚ・]{{2,20}}事件)」"  # a court case by its usual name
    # a service's terms as the source of a statement: 無料版の利用規約では…
    rf"|(?:{WORD}{{1,8}}の)?(?:利用規約|プライバシーポリシー)(?=では|には|によると|によれば|に明記)"
    # 判決(大阪医科薬科大学事件), 判決（いわゆる…事件）
    rf"|(?:(?<=判決[(（])|(?<=判決[(（]いわゆる))[{KANJI}{KATA}A-Za-zＡ-Ｚ・]{{2,20}}事件"
    rf"|[{KANJI}{KATA}A-Za-zＡ-Ｚ・]{{2,20}}事件"
    r"(?=(?:の|で|[(（])?(?:判決|最高裁|控訴審|上告審|一審|地裁|高裁|[^\s、。)）]{1,6}?(?:地裁|高裁))"
    # …or as where a court held something: 日本郵便事件では, 大阪医科薬科大学事件で、
    r"|では|で、|において)"
    # a newspaper as the source of what is said: its report, its interview, its date
    rf"|{WORD}{{1,8}}(?:新聞|日報|タイムズ)(?:デジタル|電子版|オンライン)?(?:[(（][^)）\n]{{2,20}}付?[)）])?"
    r"(?=の(?:報道|記事|社説|調査|世論調査|取材)|によ|が報じ|は「|は[^。\n]{0,60}?報じ)"
    # a trade or specialist paper: 医療専門紙の取材に, 業界紙によると
    rf"|[{KANJI}]{{1,6}}紙(?=の(?:報道|記事|取材)|によ)"
    r"|(?<![A-Za-z])[A-Z][A-Za-z&]+(?:\s[A-Z][A-Za-z&]+){0,3}\s?(?:誌|紙)(?=[のにでは])"
    # …or a journal with its volume: Immunity誌、第23巻
    r"|(?<![A-Za-z])[A-Z][A-Za-z&]+(?:\s[A-Z][A-Za-z&]+){0,3}\s?誌[、,]?\s?第\d+巻(?:[、,]?\s?第\d+号)?"
    # a body's survey by its year: JILPTの2022年調査
    rf"|(?<=の)(?:19|20)\d{{2}}年度?(?:の)?(?:調査|アンケート)(?![{KANJI}])"
    # a study by its date, as the source of what follows: 2015年の共同研究では, 2024年1月の分析で
    rf"|(?<![\d])(?:19|20)\d{{2}}年度?(?:\d{{1,2}}月)?の[{KANJI}]{{0,2}}(?:研究|分析|調査|報告書?|試算|推計"
    r"|論文|アンケート)(?=で|では|によると|によれば|は)"
    # a council's report to a minister: 中央教育審議会の答申
    r"|(?<=会の)(?:答申|建議)"
    # a source left vague is still one to find: ある調査では…
    rf"|(?<![{KANJI}{KATA}])ある(?:調査|研究|論文|報告書?|アンケート|統計|記事|報道|試算|分析|専門家)"
    # …or named only by when or who: 最新の調査では, 最近の研究では, 専門家の間では, and hearsay
    # given as a source: …というデータもあります, …と言われています
    rf"|(?<![{KANJI}{KATA}])(?:最新|最近|近年|海外|複数)の(?:調査|研究|論文|報告書?|アンケート|統計|データ"
    r"|試算|分析)"
    r"|専門家(?:の間では|の多くは|の中には|によると|によれば)|専門家の(?:見方|見解|指摘)"
    # …or research in general at the head of a sentence: 研究によれば, 調査によると
    r"|(?<![^\n。、「（(\s*])(?:研究|調査|各種調査|多くの研究)(?:によれば|によると)"
    # …or the received view: 通説です, 多くの判例では
    r"|通説(?=です|である|となって|とされ)|多くの判例(?=では|で)"
    r"|(?:という|との)(?:データ|調査結果?|研究結果?|報告|統計|推計|試算|予測)(?:も|が)(?:あり|出て|示さ)"
    r"|と(?:も)?言われ(?:て(?:います|いる|おり)|ます|る(?!場合|とき|時|こと))|という声(?:も|が)(?:あり|上が|出て)"
    # …or a figure put in the passive with no one behind it: …と見込まれています
    rf"|{PASSIVE_SOURCE}て(?:います|いる|おり)"
    # …or hearsay as it is passed on: 約8割が還付を受けているそうです
    r"|(?:(?<=ている)|(?<=ていた)|(?<=った)|(?<=した)|(?<=れる)|(?<=れた)|(?<=ある))そうです"
    # …or by what was carried out, and where or when: 英国で2022年に行われた大規模な試験
    rf"|(?:(?:19|20)\d{{2}}年(?:\d{{1,2}}月)?に)?(?:行われた|実施された|発表された|公表された)[^、。\n]{{0,8}}?"
    r"(?:調査|試験|試行|研究|実験|アンケート|メタ分析|論文)"
    # …and so is one whose body is left vague: ある大学の研究では, ある業界団体の調査
    rf"|(?<![^\n、。「（(\s])ある[{KANJI}{KATA}ー]{{1,10}}の(?:調査|研究|論文|報告書?|アンケート|統計"
    r"|試算|分析)"
    # author and year: 佐藤ら(2021), 山田・鈴木(2019)
    rf"|(?<![{KANJI}{KATA}])[{KANJI}{KATA}]{{1,8}}(?:ら|他|ほか|・[{KANJI}{KATA}]{{1,8}})?"
    r"\s?[(（](?:19|20)\d{2}[)）]"
)
# "1人につき", "2人以上の場合" are conditions, not claims; "常時50人以上の事業場" is a threshold.
# "1日の拘束時間：13時間以内", "1日あたり平均10時間": the unit a figure is counted in, not a claim.
PER_UNIT = re.compile(
    r"(?:1|１)(?:日|週|週間|か月|カ月|ヶ月|年|年間)"
    r"(?=(?:の|あたり|当たり)(?:[^。\n]{0,25}?\d|(?:所定)?(?:労働|勤務|拘束)時間))"
)
# A period the reader is told to look back over: 過去1年間の実績を確認しておきましょう.
LOOK_BACK = re.compile(r"(?:過去|直近|この)$")
SENTENCE_END = re.compile(r"[。!！?？\n]")
REACH = 200  # how far a sentence is read on: a long paste must not cost n²
ONE = re.compile(r"(?:1|１)(?:人|回|名|つ)(?!でも)|\d+人以上(?=の場合|なら|のとき|の時)")
# Hearsay as a source (…と言われています), and what names a source earlier in its sentence.
HEARSAY = re.compile(rf"と(?:も)?言われ|{PASSIVE_SOURCE}|そうです")
SOURCED = re.compile(
    r"によると|によれば|専門家|ある(?:調査|研究|報告|統計|データ)|(?:最新|最近|近年)の(?:調査|研究)"
    r"|(?:調査|研究|論文|報告書?|白書|資料|試算|推計|分析|統計|データ|[)）])(?:で|に)(?:は|、)?"
    r"|[」』](?:が|では|で、|によると|によれば)"
)


def _sourced_sentence(text: str, position: int) -> bool:
    """Does the sentence before `position` already name where its claim comes from?"""
    start = max(text.rfind("。", 0, position), text.rfind("\n", 0, position)) + 1
    return bool(SOURCED.search(text, start, position))


BODY_WORK = re.compile(
    # 厚生労働省の2024年の調査: one dated citation, the year with the survey it dates
    rf"の((?:(?:19|20)\d{{2}}年度?[{KANJI}]{{0,4}}の)?[{KANJI}]{{0,6}}(?:調査|統計|報告書|白書|試算|推計|発表|集計"
    rf"|分析|報告))(?![{KANJI}])"
    # a survey named by its subject: 厚生労働省の職場のハラスメントに関する実態調査
    rf"|の([^、。\n「」（）()]{{2,30}}?に(?:関する|おける|ついての)[{KANJI}]{{0,6}}"
    r"(?:調査|統計|報告書|白書))"
    r"|の「([^「」\n]{2,60})」"  # 厚生労働省の「地域別最低賃金の全国一覧」: the body's own title
    # what the body carried out or put out: UAゼンセンが2024年に行ったアンケート,
    # 国土交通省が公表した実態調査
    # (a dated one keeps its year, as in English: UAゼンセンが2024年に公表した調査)
    r"|が((?:(?:19|20)\d{2}年度?(?:\d{1,2}月)?に)?(?:行っ|実施し|公表し|発表し|まとめ)た"
    rf"[{KANJI}]{{0,6}}(?:調査|アンケート|統計|報告書|白書|試算|推計|分析|報告))(?![{KANJI}])"
)
COUNTER = re.compile(
    rf"(?<![{KANJI}{KATA}の])(?:労働基準監督署|労基署|ハローワーク|公共職業安定所|年金事務所|税務署)"
    rf"(?![{KANJI}{KATA}])"
)
# A company introduced by what it is, its name in kana with a company's ending: 大手保険会社の
# あおば生命は.
INTRODUCED = re.compile(
    r"(?:会社|企業|メーカー|商社|スーパー|チェーン|グループ)の"
    rf"([ぁ-んァ-ヴー]{{2,8}}(?:{COMPANY_TAIL}|生命|損保|運輸|物流|建設|食品|電鉄))(?=は|が|では|も|の)"
)
# Roles written before a name in minutes and letters; "長" after a department is a suffix.
ROLE_ENDS = frozenset(
    {"長", "部長", "課長", "社長", "会長", "委員長", "議長", "書記長", "局長", "所長"}
)
TITLES = (
    "教授",
    "准教授",
    "博士",
    "氏",
    "弁護士",
    "大臣",
    "首相",
    "総理",
    "社長",
    "会長",
    "委員長",
    "議員",
    "研究員",
    "代表",
    "理事長",
    "所長",
    "局長",
    "長官",
    "知事",
    "市長",
    "記者",
    "医師",
    "社労士",
    "社会保険労務士",
    "代表取締役",
    "事務局長",
    "書記長",
    "さん",
    "報道官",
    "事務次官",
    "官房長官",
    "副大臣",
    "総裁",
    "副総裁",
    "事務総長",
    "頭取",
    "会頭",
    "副社長",
    "専務理事",
    "専務",
    "常務",
    "取締役",
    "執行役員",
    "最高経営責任者",
    "副委員長",
    "執行委員長",
    "理事",
    "講師",
    "助教",
    "主任研究員",
    "上席研究員",
    "エコノミスト",
    "アナリスト",
    "CEO",
    "COO",
    "CTO",
    "CFO",
)
# Longest first, so that a regex alternation takes "代表取締役" before "代表".
TITLES_LONGEST = tuple(sorted(set(TITLES), key=len, reverse=True))
# A public office standing for the person who holds it ("厚生労働大臣が…と述べ"), when the
# sentence reports what they said or did.
OFFICE = re.compile(
    rf"(?<![{KANJI}{KATA}])[{KANJI}]{{0,8}}(?:大臣|長官|首相|総理|知事|事務総長|総裁)(?=は|が|も)"
    # …or an office of a body named before it: 経団連の会長は, 文部科学省の幹部が
    rf"|(?<![{KANJI}{KATA}A-Za-z])[{KANJI}{KATA}A-Za-z]{{2,12}}の(?:会長|社長|幹部|委員長|理事長|代表"
    r"|事務局長|書記長)(?=は|が|も)"
)
SAID = re.compile(
    r"(?:述べ|語っ|語り|話し|発表|表明|強調|明らかにし|説明し|発言|答弁|指摘|言及|示し|認め"
    r"|呼びかけ|呼び掛け|訴え|求め|要請し)"
)


# お住まいの都道府県労働局, 最寄りの Labor Standards Inspection Office: whichever one is the
# member's, a kind of office, not one body.
WHICHEVER = re.compile(r"(?:お住まいの|最寄りの|地元の|管轄の|各)\s*$")


def whichever(text: str, start: int) -> bool:
    """Is the body named at `start` only as whichever one is the member's?"""
    return bool(WHICHEVER.search(text[max(0, start - 6) : start]))


def find(text: str) -> Iterator[Candidate]:
    """Yield every claim a Japanese rule proposes in `text`."""
    yield from spans(text, "money", MONEY)
    yield from spans(text, "date", DATE)
    for candidate in spans(text, "duration", DURATION):
        if _unit(text, candidate) or _look_back(text, candidate):
            continue
        often = HOW_OFTEN.match(text, candidate.end)
        if often and not text[: candidate.end].endswith("以内"):
            # how often, not how long: 4週間に1回, 2年ごとの講習 (a figure, as an amount per
            # period is)
            yield Candidate("figure", candidate.start, often.end(), candidate.key)
            continue
        yield candidate
    for candidate in spans(text, "figure", FIGURE):
        if _unit(text, candidate):
            continue
        # 第3回: which one, not how many
        ordinal = text[candidate.start - 1 : candidate.start] == "第"
        one = ONE.match(text, candidate.start)
        if not (one and one.end() == candidate.end) and not ordinal:
            yield candidate
    for law in spans(text, "law", LAW):
        if NOT_LAWS.search(text[law.start : law.end]) or FORMAL_NAME.search(
            text[max(0, law.start - 8) : law.start]
        ):
            continue  # (正式名称:…に関する法律) restates the law just named
        if re.match(r"[（(][^（()）\n]{2,30}(?:法|法律)[)）]", text[law.end : law.end + 34]) and (
            text[max(0, law.start - 4) : law.start].endswith(("いわゆる", "通称", "俗に"))
        ):
            continue  # いわゆるパワハラ防止法（労働施策総合推進法）: the formal name is the claim
        named = re.search(r"「[^「」\n]{4,60}」[（(]$", text[max(0, law.start - 64) : law.start])
        short = not re.search(r"\d", text[law.start : law.end])  # not a provision (第14条)
        if named and short and re.match(r"[)）]", text[law.end : law.end + 1]):
            # 「自動車運転者の労働時間等の改善のための基準」（改善基準告示）: the short name in
            # brackets names the title before it, which is the law to look up
            start = law.start - len(named.group())
            yield Candidate("law", start, start + len(named.group()) - 1, normal(named.group()))
            continue
        yield law
    for match in COUNTER.finditer(text):
        sentence_end = SENTENCE_END.search(text, match.end(), match.end() + REACH)
        rest = text[match.end() : sentence_end.end() if sentence_end else match.end() + REACH]
        if sweeping_ja.ADVICE.search(rest):
            continue  # "…ハローワークに対して行いますので、…相談してください": advice
        # the public offices a member deals with, named as where to turn: listed, as the
        # conventions list such bodies, but naming no one who stands behind the answer
        key = COUNTER_KEY + normal(match.group())
        if not re.match(
            r"(?:によると|によれば|の調査|の発表)", text[match.end() : match.end() + 4]
        ):
            yield Candidate("organisation", *match.span(), key)
        else:
            yield Candidate("organisation", *match.span(), normal(match.group()))
    for candidate in spans(text, "organisation", ORGANISATION):
        if WORKPLACE_COMMITTEE.search(text[candidate.start : candidate.end]):
            continue  # the committee every workplace sets up is a kind, not one body
        if whichever(text, candidate.start):
            continue
        yield candidate
        work = BODY_WORK.match(text, candidate.end)
        if work:  # 連合の調査: what the body published is the citation
            group = next(g for g in (1, 2, 3, 4) if work.group(g))
            yield Candidate("citation", *work.span(group), normal(work.group(group)))
    yield from orgs_ja.find(text)
    # words in quotation marks: a quote to check, and no sweeping statement of the answer's own
    quoted = [m.span(1) for m in QUOTE.finditer(text) if m.start(1) >= 0]
    for start, end in quoted:
        found = trimmed(text, "quote", start, end)
        if found is not None:
            yield found
    yield from quotes_ja.reported_words(text)
    yield from quotes_ja.signed_words(text)
    yield from spans(text, "person", quotes_ja.JOINED_NAME)
    for match in INTRODUCED.finditer(text):
        yield Candidate("organisation", *match.span(1), normal(match.group(1)))
    yield from quotes_ja.law_words(text)
    for candidate in spans(text, "citation", CITATION):
        if HEARSAY.match(text, candidate.start) and (
            _sourced_sentence(text, candidate.start)
            or re.match(r"\s?[（(]", text[candidate.end : candidate.end + 2])
        ):
            continue  # ある調査によると…と言われています, …と報告されています（…誌）: one source
        judged = _judgment(text, candidate)
        if judged is not None:
            yield from judged
            continue
        inner = re.search(r"「(.+)」", text[candidate.start : candidate.end])
        if inner:  # the title in brackets, not the publisher before it
            start = candidate.start + inner.start(1)
            end = candidate.start + inner.end(1)
            # …with its official number in brackets after it: 「…ガイドライン」（平成30年厚生労働省
            # 告示第430号）; a date in brackets goes with it too (dating.py), a publisher does not
            numbered = re.match(r"」[（(]([^（()）\n]{0,40}第\d+号)[)）]", text[end:])
            stop = end + numbered.end() if numbered else end
            yield Candidate("citation", start, stop, normal(inner.group(1)))
        else:
            yield candidate
    yield from sweeping_ja.absolutes(text, quoted)
    yield from sweeping_ja.records(text)
    tokens = _tokenize(text)
    people = list(_people(text, tokens))
    yield from people
    yield from _offices(text)
    yield from _affiliations(text, tokens, people)


# A sentence that only announces what the answer is about ("育児休業給付金についてご説明します。")
# names its topic; the claims come in the sentences after it.
TOPIC = re.compile(
    r"(?:^|(?<=[。\n]))(?:[^。\n]{1,60}について、?[^。\n]{0,30}?"
    # "…の要点をまとめます" only when it says nothing else (2025年4月1日施行の…法のポイント does)
    r"|[^。\n\d０-９]{1,60}の(?:要点|概要|ポイント|基本|(?:発表)?内容)を)"
    r"(?:(?:ご説明|説明|お答え|回答|まとめ|解説|ご紹介|紹介|整理|要約)(?:します|いたします|しました)"
    r"|まとめます|まとめました)。"
)


def topic_sentences(text: str) -> list[tuple[int, int]]:
    """The spans of sentences that only announce the answer's topic."""
    return [m.span() for m in TOPIC.finditer(text)]


def _unit(text: str, candidate: Candidate) -> bool:
    """Is this the day, week or year a figure is counted per (1日の拘束時間：13時間)?"""
    unit = PER_UNIT.match(text, candidate.start)
    return unit is not None and unit.end() == candidate.end


# (a window the law sets, 1年以内ごとに1回, stays a period, as the sets written first list it)
COURT = re.compile(rf"最高裁(?:判所)?|[{KANJI}]{{1,4}}(?:地裁|高裁|地方裁判所|高等裁判所)")
CASE_NAMED = re.compile(r"\s*[（(](?:いわゆる)?[^（）()\n]{2,24}事件[）)]")


def _judgment(text: str, candidate: Candidate) -> list[Candidate] | None:
    """A judgment cited by its court (東京高裁の昭和54年10月29日判決): the court is a body, and the
    judgment is the document, or, where the case is named beside it (…事件（東京地裁令和4年3月15日
    判決）), the case is, and the day is a date of its own. None if this is no such citation."""
    span = text[candidate.start : candidate.end]
    court = COURT.search(span)
    if court is None or not span.endswith("判決"):
        return None
    body = Candidate(
        "organisation",
        candidate.start + court.start(),
        candidate.start + court.end(),
        normal(court.group()),
    )
    rest = re.match(r"[\sのは、]*", span[court.end() :])
    start = candidate.start + court.end() + (rest.end() if rest else 0)
    named = CASE_NAMED.match(text, candidate.end) or re.search(
        r"事件[）)]?\s*[（(]$", text[max(0, candidate.start - 3) : candidate.start]
    )
    if named or start >= candidate.end - 2:
        return [body]  # the case's own name is the citation; its date is a date
    return [body, Candidate("citation", start, candidate.end, normal(text[start : candidate.end]))]


HOW_OFTEN = re.compile(r"(?:ごとに?|おきに?)(?:\d+回|1度)?|に(?:\d+|一)(?:回|度)")


def _look_back(text: str, candidate: Candidate) -> bool:
    """Is this a period advice tells the reader to look back over (過去1年間の…確認しましょう)?"""
    if not LOOK_BACK.search(text[max(0, candidate.start - 2) : candidate.start]):
        return False
    end = SENTENCE_END.search(text, candidate.end, candidate.end + REACH)
    rest = text[candidate.end : end.end() if end else candidate.end + REACH]
    return bool(sweeping_ja.ADVICE.search(rest) or "おすすめ" in rest or "お勧め" in rest)


FOREIGN_NAME = re.compile(
    rf"(?<![{KATA}])[{KATA}]{{2,24}}(?:・[{KATA}]{{2,24}}){{1,4}}(?=(?:{'|'.join(TITLES_LONGEST)}))"
    rf"(?:{'|'.join(TITLES_LONGEST)})"  # from the start of a katakana run only: linear on long runs
    # a family name alone, after the body it serves: IMFのゲオルギエバ専務理事は
    rf"|(?<=の)(?<![{KATA}])(?!(?:グループ|チーム|センター|ユニオン|クラブ|プロジェクト|ホールディングス"
    rf"|システム|サービス|ネットワーク|フォーラム)[^{KATA}])[{KATA}]{{3,12}}(?:専務理事|理事長|総裁|事務総長|事務局長|教授|准教授|博士"
    r"|長官|大臣|首相|大統領|会長|社長|委員長)(?=は|が|も|、|の)"
)


def _title_at(text: str, position: int) -> str | None:
    """The title written at `position` (教授, 報道官, 代表取締役…), longest first, or None."""
    return next((t for t in TITLES_LONGEST if text.startswith(t, position)), None)


def _offices(text: str) -> Iterator[Candidate]:
    """A public office that stands for its holder in a report of what they said or did."""
    for sentence in SENTENCE.finditer(text):
        for match in OFFICE.finditer(sentence.group()):
            if SAID.search(sentence.group(), match.end()):
                start, end = sentence.start() + match.start(), sentence.start() + match.end()
                yield Candidate("person", start, end, OFFICE_KEY + normal(text[start:end]))


# A proper noun that ends like a body's name (欧州委員会, トヨタ自動車, 国際労働機関).
BODY_ENDS = re.compile(
    r"(?:委員会|機関|大学|銀行|自動車|製作所|グループ|新聞|会議所|組合|機構|協会|連合|連盟|財団|研究所"
    r"|センター|公社|電力|ホールディングス|証券|保険|生命|航空|鉄道|電機|工業|商事|物産|省|庁)$"
)
NOT_BODIES = re.compile(r"(?:法|令|規則|協定|条約|事件)$")


def _affiliations(
    text: str, tokens: list[tuple[str, int, int, tuple[str, ...]]], people: list[Candidate]
) -> Iterator[Candidate]:
    """Organisations the analyser knows as proper nouns: by the shape of the name
    (欧州委員会, トヨタ自動車), or as the body a named person speaks for (日銀の植田和男総裁)."""
    starts = {p.start for p in people}
    for i, (_, begin, _, pos) in enumerate(tokens):
        # 北港精機の村上社長: the nouns before a named person's の, when they end like a body
        if pos[0] != "助詞" or tokens[i][0] != "の" or i + 1 >= len(tokens):
            continue
        if tokens[i + 1][1] not in starts:
            continue
        j = i
        while (
            j > 0
            and i - j < 4
            and tokens[j - 1][3][0] == "名詞"
            and tokens[j - 1][2] == (tokens[j][1])
        ):
            j -= 1
        name = text[tokens[j][1] : begin] if j < i else ""
        if len(name) >= 3 and re.search(rf"(?:{COMPANY_TAIL})$", name):
            yield Candidate("organisation", tokens[j][1], begin, normal(name))
    for i, (surface, begin, end, pos) in enumerate(tokens):
        if pos[:3] != ("名詞", "固有名詞", "一般") or len(surface) < 2:
            continue
        if NOT_BODIES.search(surface) or not re.search(rf"[{KANJI}{KATA}]", surface):
            continue
        follows = i + 2 < len(tokens) and tokens[i + 1][0] == "の" and tokens[i + 2][1] in starts
        if BODY_ENDS.search(surface) or follows or _reports(text, end):
            yield Candidate("organisation", begin, end, normal(surface))
            work = BODY_WORK.match(text, end)
            if work and work.group(1):  # マイクロソフトの調査: the citation is what it published
                yield Candidate("citation", *work.span(1), normal(work.group(1)))


# What a body says or publishes, right after its name: "の調査", "によると", "は…を発表".
BODY_SOURCE = re.compile(
    rf"の(?:[{KANJI}]{{0,4}})(?:調査|発表|報告書?|集計|試算|分析|推計|白書|資料|統計)(?![{KANJI}])"
    r"|によると|によれば|が報じ|は報じ"
)
BODY_SAYS = re.compile(r"(?:は|が)[^。\n]{0,40}?(?:発表|公表|明らかにし|報告し|発言|表明)")


def _reports(text: str, end: int) -> bool:
    """Does a name ending at `end` say or publish something (の調査, によると, は…を発表)?"""
    return bool(BODY_SOURCE.match(text, end) or BODY_SAYS.match(text, end))


def _people(text: str, tokens: list[tuple[str, int, int, tuple[str, ...]]]) -> Iterator[Candidate]:
    """People: a family name with a given name or a title, found by morphological analysis;
    names in katakana (クラウディア・ゴールディン教授) by their title."""
    yield from spans(text, "person", FOREIGN_NAME)
    for i, (surface, begin, end, pos) in enumerate(tokens):
        if pos[:2] == ("名詞", "固有名詞") and _role_after(text, tokens, i):
            # 情報システム部の高田部長, 小林委員長: a family name (some read as places) and a role
            title = next(t for t in ROLE_AFTER if text.startswith(t, end))
            yield Candidate("person", begin, end + len(title), "person:" + surface)
            continue
        if pos[:3] != ("名詞", "固有名詞", "人名") or pos[3] not in ("姓", "一般"):
            continue
        role = _role_before(tokens, i)
        if role is not None and pos[3] == "姓":
            stop = end  # 人事部長 山本: a role, then the name
            if i + 1 < len(tokens) and tokens[i + 1][3][:4] == ("名詞", "固有名詞", "人名", "名"):
                stop = tokens[i + 1][2]
            yield Candidate("person", role, stop, "person:" + surface)
            continue
        if pos[3] == "一般":  # a whole name in one word (石破茂): only with a title after it
            written = _title_at(text, end)
            if written is not None:
                yield Candidate("person", begin, end + len(written), "person:" + surface)
            continue
        if i > 0 and tokens[i - 1][2] == begin and tokens[i - 1][3][2] == "人名":
            continue  # the middle of a name already taken
        stop = end
        j = i + 1
        if j < len(tokens) and tokens[j][3][:3] == ("名詞", "固有名詞", "人名"):
            stop = tokens[j][2]
            j += 1
        bracketed = j + 1 < len(tokens) and tokens[j][0] in ("(", "（")
        if bracketed and tokens[j + 1][0] in TITLES:
            has_title = True  # 山田(委員長): the name is the claim, the role is in brackets
        else:
            written = _title_at(text, stop) if j < len(tokens) and tokens[j][1] == stop else None
            has_title = written is not None
            if written is not None:
                stop += len(written)
        if stop == end and not has_title:
            continue  # a lone family name is too often an ordinary word
        yield Candidate("person", begin, stop, "person:" + surface)


ROLE_AFTER = (
    "委員長",
    "書記長",
    "部長",
    "課長",
    "係長",
    "社長",
    "会長",
    "局長",
    "所長",
    "店長",
    "議長",
    "室長",
)


def _role_after(text: str, tokens: list[tuple[str, int, int, tuple[str, ...]]], i: int) -> bool:
    """Is token i a name with a role straight after it (高田部長), at the start of a phrase?"""
    _, begin, end, pos = tokens[i]
    if pos[2] not in ("人名", "地名") or not any(text.startswith(t, end) for t in ROLE_AFTER):
        return False
    if pos[2] == "人名" and pos[3] != "姓":
        return False
    if i == 0 or tokens[i - 1][2] != begin:
        return True
    return tokens[i - 1][0] in ("の", "、", "。", "は", "が", "と") or tokens[i - 1][3][0] in (
        "補助記号",
        "空白",
    )


def _role_before(tokens: list[tuple[str, int, int, tuple[str, ...]]], i: int) -> int | None:
    """Where a role written before a name starts (人事部長 山本, 労務課長の鈴木), or None."""
    j = i - 1
    if j >= 0 and (tokens[j][3][0] == "空白" or tokens[j][0] == "の"):
        j -= 1
    if j < 1 or tokens[j][0] not in ROLE_ENDS:
        return None
    if tokens[j][3][0] == "接尾辞":  # 人事部 + 長: the role starts at the department
        return tokens[j - 1][1] if tokens[j - 1][3][0] == "名詞" else None
    return tokens[j][1]


def _tokenize(text: str) -> list[tuple[str, int, int, tuple[str, ...]]]:
    """Return (surface, begin, end, part of speech) for each morpheme in the Japanese parts."""
    tokenizer = japanese.tokenizer()
    if not re.search(rf"[{KANJI}]", text):
        return []
    result: list[tuple[str, int, int, tuple[str, ...]]] = []
    for line in re.finditer(r"[^\n]+", text):
        for morpheme in tokenizer.tokenize(line.group()):
            result.append(
                (
                    morpheme.surface(),
                    line.start() + morpheme.begin(),
                    line.start() + morpheme.end(),
                    tuple(morpheme.part_of_speech()),
                )
            )
    return result
