"""Reading a question the way the note finder compares it: Sudachi's dictionary forms, folded into
the concepts a BPO team uses, with the words that carry no need left out.

Sudachi (core dictionary) already folds spelling variants (ｺｰﾄﾞ → コード, メアド → メルアド,
税込み/税込), and Yui's data-entry vocabulary folds a few more that mean the same thing in this work
(無い / 空欄 / 未記入 / 書いてない). The folding table was grown on the tuning pairs only
(tests/data/knowhow_pairs_tuning.tsv); the held-out pairs were written before it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from sudachipy import Dictionary, SplitMode, Tokenizer

# Parts of speech whose words can carry a need; particles, auxiliaries, symbols and the like cannot.
_CONTENT_POS = frozenset({"名詞", "動詞", "形容詞", "形状詞", "接尾辞", "代名詞", "副詞"})

# Dictionary forms that appear in almost every question and say nothing about which one it is,
# and the frame of a data-entry question, whatever it is about (入力方法, 扱う, 欄 …).
_STOP_WORDS = """
    為る 有る 居る 成る 良い いい 出来る 下さる ください 貰う 頂く 場合 時 とき 方 方法 事 こと 物 もの 何
    どう 如何 どれ どちら どっち どこ 教える 分かる 思う 言う そう 此の 其の の さん 様 等 など みたい 感じ
    大丈夫 宜しい よろしい 扱い 対応 処理 件 今 ちょっと やはり もう まだ 止まる 困る すみません
    入力方法 申請方法 書き方 扱う 対象 欄 入力欄 必要 表示 情報 データ レコード 入る つく 付く 有り ある 行う
    そのまま 侭 部分
"""
_STOP = frozenset(_STOP_WORDS.split())

# Words that name the same thing in this work: "concept: its words" (Sudachi normalised forms).
_CONCEPT_LINES = """
無い: 無い 無し なし 空欄 空白 未記入 欠ける 抜ける ない ぬ ず
書く: 記載 記入 書く 載る 表記
入力: 入れる 入力 打ち込む
直す: 直す 修正 訂正 変換 統一 揃える
読む: 読める 読む 読み取る 判読 読みにくい
税込: 税込み 税込 内税
税抜: 税抜き 税抜 外税
役職: 肩書き 肩書 役職
話者: 発言者 話者
メール: メルアド メール メールアドレス アドレス
電話: 電話番号 電話 tel
ふりがな: フリガナ ふりがな カナ 読み仮名
宛名: 宛名 宛先 宛
重複: 重複 二重 同一 ダブる
支払期日: 支払期限 支払期日 支払い期限
期日: 期日 期限
日付: 発行日 日付
登録番号: インボイス 適格請求書
株式会社: 株 株式会社 (株) 前株 後株 法人格
画質: 画質 解像度 粗い
大きさ: サイズ 大きさ
英語: 英文 英語 英字
ローマ字: アルファベット ローマ字
棚番号: 棚番 棚番号
バーコード: jan バーコード
"""
_CONCEPTS: dict[str, str] = {
    word: concept
    for line in _CONCEPT_LINES.strip().splitlines()
    for concept, words in [line.split(":")]
    for word in words.split()
}

# 「3件」「２枚」: how many are stuck is not what the question is about.
_COUNTS = re.compile(r"\d+\s*(件|枚|個|点|通|本|名|人分?)")
_PUNCT = re.compile(r"[\s、。，．,.!?！？・「」『』（）()\[\]【】〜~ー―…:：;；/／\"'“”‘’]+")


@lru_cache(maxsize=1)
def _tokenizer() -> Tokenizer:
    # Built once per process (≈ 0.2 s and the dictionary's memory); Sudachi's tokenizer is not
    # shared across threads here: Yui's handlers run on one event loop.
    return Dictionary(dict="core").tokenizer(mode=SplitMode.C)


def fold(text: str) -> str:
    """NFKC, lower case, and no punctuation or spaces: the form the character comparison sees."""
    return _PUNCT.sub("", _COUNTS.sub("", unicodedata.normalize("NFKC", text)).lower())


def concepts(text: str) -> frozenset[str]:
    """The words of `text` that can carry a need, as concepts (a compound also gives its parts, so
    取引先コード and 取引先 + コード meet half-way)."""
    found: set[str] = set()
    for morpheme in _tokenizer().tokenize(_COUNTS.sub(" ", unicodedata.normalize("NFKC", text))):
        pos = morpheme.part_of_speech()[0]
        form = morpheme.normalized_form()
        if pos == "助動詞" and form in ("ない", "ぬ", "ず"):
            found.add("無い")  # 書いてない = 記載が無い: the negation is the need
            continue
        if pos not in _CONTENT_POS:
            continue
        for word in _with_parts(form, morpheme.split(SplitMode.A)):
            word = _CONCEPTS.get(word.lower(), word.lower())
            if word in _STOP or not word.strip():
                continue
            found.add(word)
    return frozenset(found)


def _with_parts(whole: str, parts: object) -> list[str]:
    words = [whole]
    pieces = [p.normalized_form() for p in parts]  # type: ignore[attr-defined]
    if len(pieces) > 1:
        # A one-character piece of a compound (請求「書」, 交通「費」, 発言「者」) is a suffix, not a topic.
        words.extend(p for p in pieces if len(p) > 1)
    return words
