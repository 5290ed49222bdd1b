"""The character classes and shapes the Japanese claim rules are written with."""

from __future__ import annotations

import re

NUM = r"\d+(?:[,，.．]\d+){0,6}"  # bounded: a run like "1,1,1,…" must not cost n²
NUMX = NUM + r"(?:[兆万億千]+)?"
INT = r"\d+(?:[,，]\d{3}){0,3}(?![.．]\d)"
KANJI = r"一-龥々〆ヵヶ"
KATA = r"ァ-ヴー"
WORD = rf"[{KANJI}{KATA}・]"
MONTHS = r"(?:か月|ヶ月|カ月|ヵ月|ケ月|箇月)"
CLAUSE_END = r"[、。!！?？\n]"
ARTICLE = r"第\d+条(?:の\d+)*(?:第\d+項)?(?:第\d+号)?"
SENTENCE = re.compile(r"[^。!！?？\n]*[。!！?？]?")
