"""The skill catalog: the canonical skills regional BPO work asks for, and free text mapped onto them.

Clients write 「Excelが使える方」, teleworkers write 「経理とエクセル、あとSNS」; matching only works if
both land on the same ids. Each `Skill` has a stable id (stored on profiles and tasks), its
Japanese and English labels, and the synonyms people actually type. `map_skills` finds them in a
sentence or list and hands back whatever it could not place, so nothing the person said is lost:
the leftovers can be kept as free-text skills or shown to a coordinator who extends the catalog.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from domain.refs import Locale


@dataclass(frozen=True, slots=True)
class Skill:
    """One canonical skill. `synonyms` are matched after folding (see `fold`); labels are not shown folded."""

    id: str
    ja: str
    en: str
    synonyms: tuple[str, ...]

    def label(self, locale: Locale) -> str:
        return self.en if locale is Locale.EN else self.ja


SKILLS: tuple[Skill, ...] = (
    Skill(
        "data_entry",
        "データ入力",
        "Data entry",
        (
            "データ入力",
            "入力作業",
            "入力業務",
            "入力",
            "データ打ち込み",
            "打ち込み",
            "タイピング",
            "データ化",
            "data entry",
            "data input",
            "typing",
        ),
    ),
    Skill(
        "bookkeeping",
        "経理・記帳",
        "Bookkeeping",
        (
            "経理",
            "記帳",
            "仕訳",
            "会計",
            "簿記",
            "帳簿",
            "経費精算",
            "請求書発行",
            "入金消込",
            "消込",
            "弥生会計",
            "freee",
            "マネーフォワード",
            "bookkeeping",
            "accounting",
            "expense reports",
        ),
    ),
    Skill(
        "payroll",
        "給与計算・勤怠",
        "Payroll",
        ("給与計算", "勤怠管理", "勤怠集計", "年末調整", "労務", "社会保険手続き", "payroll", "timesheets"),
    ),
    Skill(
        "excel",
        "Excel・表計算",
        "Excel / spreadsheets",
        (
            "excel",
            "エクセル",
            "表計算",
            "スプレッドシート",
            "googleスプレッドシート",
            "google sheets",
            "spreadsheet",
            "vlookup",
            "ピボットテーブル",
            "集計作業",
            "集計",
            "vba",
            "マクロ",
        ),
    ),
    Skill(
        "sns",
        "SNS運用",
        "Social media",
        (
            "sns運用",
            "sns",
            "インスタ",
            "インスタグラム",
            "instagram",
            "x運用",
            "xの運用",
            "x(旧twitter)",
            "twitter",
            "ツイッター",
            "tiktok",
            "facebook",
            "フェイスブック",
            "line公式",
            "social media",
        ),
    ),
    Skill(
        "transcription",
        "文字起こし",
        "Transcription",
        (
            "文字起こし",
            "テープ起こし",
            "書き起こし",
            "音声起こし",
            "議事録作成",
            "議事録",
            "transcription",
            "transcribe",
            "transcribing",
        ),
    ),
    Skill(
        "design",
        "デザイン",
        "Design",
        (
            "デザイン",
            "canva",
            "illustrator",
            "イラストレーター",
            "photoshop",
            "フォトショップ",
            "フォトショ",
            "figma",
            "バナー作成",
            "バナー",
            "チラシ作成",
            "チラシ",
            "画像加工",
            "画像の加工",
            "graphic design",
            "design",
            "banners",
        ),
    ),
    Skill(
        "customer_support",
        "カスタマーサポート",
        "Customer support",
        (
            "カスタマーサポート",
            "カスタマーサービス",
            "カスタマー対応",
            "問い合わせ対応",
            "お問い合わせ対応",
            "問合せ対応",
            "問合わせ対応",
            "お問い合わせ",
            "問い合わせ",
            "問合せ",
            "電話対応",
            "メール対応",
            "チャット対応",
            "cs",
            "cs対応",
            "customer support",
            "customer service",
            "help desk",
            "helpdesk",
        ),
    ),
    Skill(
        "call_center",
        "コールセンター・テレアポ",
        "Call center / telemarketing",
        (
            "コールセンター",
            "テレアポ",
            "テレマーケティング",
            "架電",
            "受電",
            "アウトバウンドコール",
            "call center",
            "call centre",
            "telemarketing",
            "cold calling",
        ),
    ),
    Skill(
        "ec",
        "EC運営",
        "E-commerce operations",
        (
            "ec運営",
            "ecサイト運営",
            "ec",
            "ネットショップ",
            "ネットショップ運営",
            "通販",
            "商品登録",
            "商品ページ作成",
            "出品",
            "shopify",
            "楽天",
            "楽天市場",
            "amazon",
            "アマゾン",
            "yahoo!ショッピング",
            "e commerce",
            "ecommerce",
            "online store",
            "product listings",
        ),
    ),
    Skill(
        "translation",
        "翻訳",
        "Translation",
        ("翻訳", "英訳", "和訳", "ローカライズ", "translation", "translate", "translating", "localization"),
    ),
    Skill(
        "writing",
        "ライティング",
        "Writing",
        (
            "ライティング",
            "記事作成",
            "記事執筆",
            "記事を書",
            "執筆",
            "ブログ",
            "ブログ記事",
            "ブログ記事作成",
            "コピーライティング",
            "seoライティング",
            "原稿作成",
            "writing",
            "article writing",
            "copywriting",
            "blog",
            "blog posts",
            "articles",
            "blog articles",
        ),
    ),
    Skill(
        "proofreading",
        "校正・校閲",
        "Proofreading",
        ("校正", "校閲", "誤字脱字チェック", "誤字チェック", "proofreading", "proofread"),
    ),
    Skill(
        "research",
        "リサーチ・リスト作成",
        "Research / list building",
        (
            "リサーチ",
            "調査",
            "市場調査",
            "情報収集",
            "リスト作成",
            "営業リスト作成",
            "リストアップ",
            "research",
            "web research",
            "list building",
            "lead lists",
        ),
    ),
    Skill(
        "data_cleansing",
        "データクレンジング",
        "Data cleansing",
        (
            "データクレンジング",
            "クレンジング",
            "名寄せ",
            "重複削除",
            "データ整備",
            "データ整理",
            "data cleansing",
            "data cleaning",
            "deduplication",
        ),
    ),
    Skill(
        "document_digitization",
        "書類整理・電子化",
        "Document scanning / filing",
        (
            "書類整理",
            "書類の電子化",
            "電子化",
            "スキャン",
            "スキャニング",
            "ファイリング",
            "pdf化",
            "ペーパーレス化",
            "scanning",
            "filing",
            "digitization",
            "digitisation",
        ),
    ),
    Skill(
        "annotation",
        "アノテーション・検品",
        "Annotation / inspection",
        (
            "アノテーション",
            "画像タグ付け",
            "タグ付け",
            "ラベリング",
            "教師データ作成",
            "目視チェック",
            "目視確認",
            "検品",
            "annotation",
            "labeling",
            "labelling",
            "data labeling",
            "image tagging",
        ),
    ),
    Skill(
        "video_editing",
        "動画編集",
        "Video editing",
        (
            "動画編集",
            "動画制作",
            "動画作成",
            "youtube編集",
            "テロップ入れ",
            "カット編集",
            "premiere pro",
            "premiere",
            "video editing",
            "edit videos",
            "editing videos",
        ),
    ),
    Skill(
        "web",
        "ホームページ更新",
        "Website updates",
        (
            "ホームページ更新",
            "ホームページ制作",
            "hp更新",
            "サイト更新",
            "web更新",
            "web制作",
            "wordpress",
            "ワードプレス",
            "html",
            "css",
            "website updates",
            "website update",
        ),
    ),
    Skill(
        "admin",
        "一般事務・秘書",
        "Office admin / assistant",
        (
            "一般事務",
            "事務作業",
            "事務代行",
            "事務",
            "バックオフィス",
            "オンライン秘書",
            "秘書",
            "日程調整",
            "宛名書き",
            "スケジュール調整",
            "office admin",
            "admin work",
            "back office",
            "virtual assistant",
        ),
    ),
)

# Phrases that contain a synonym but do not mean the skill (事務局 is an office, not office work).
# They are matched like synonyms so they win as the longer match, then ignored.
_NOT_SKILLS: tuple[str, ...] = ("事務局", "事務所", "入力フォーム", "会計年度", "design doc")

_BY_ID: dict[str, Skill] = {s.id: s for s in SKILLS}

# Katakana ァ..ヶ sit exactly 0x60 above hiragana ぁ..ゖ: one offset folds えくせる onto エクセル.
_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(ord("ァ"), ord("ヶ") + 1)}


def fold(text: str) -> str:
    """Fold text for matching: NFKC, lower case, katakana → hiragana, hyphens/underscores → spaces.

    The result has exactly one character per character of `unicodedata.normalize("NFKC", text)`, so
    spans found in the folded text cut the same words out of the readable text.
    """
    nfkc = unicodedata.normalize("NFKC", text)
    return "".join(_fold_char(ch) for ch in nfkc)


def _fold_char(ch: str) -> str:
    lower = ch.lower()
    if len(lower) != 1:  # 'İ'.lower() is two characters: keep the length instead
        lower = ch
    if lower in "-_":
        return " "
    return lower.translate(_KATAKANA_TO_HIRAGANA)


_SYNONYM_TO_ID: dict[str, str | None] = {}
for _skill in SKILLS:
    for _synonym in _skill.synonyms:
        _key = fold(_synonym)
        if _SYNONYM_TO_ID.get(_key, _skill.id) != _skill.id:
            raise ValueError(f"synonym {_synonym!r} is claimed by two skills")
        _SYNONYM_TO_ID[_key] = _skill.id
for _phrase in _NOT_SKILLS:
    _SYNONYM_TO_ID[fold(_phrase)] = None


def _pattern(folded: str) -> str:
    """One alternative: Latin synonyms only match whole tokens (CS is not inside CSV, excel not in excellent)."""
    body = re.escape(folded)
    if folded[0].isascii() and folded[0].isalnum():
        body = r"(?<![a-z0-9])" + body
    if folded[-1].isascii() and folded[-1].isalnum():
        # Plural/3rd-person forms for real words ("spreadsheets"); short acronyms stay exact (CS ≠ CSS).
        body += r"(?:e?s)?(?![a-z0-9])" if len(folded) >= 4 else r"(?![a-z0-9])"
    return body


# One alternation, longest synonym first: the regex engine tries alternatives in order at each
# position, so 「データ入力」 beats 「入力」 and the cost per call does not grow with a loop over the catalog.
_SYNONYMS = re.compile(
    # The leading class skips positions no synonym can start at without trying every alternative.
    "(?=["
    + "".join(sorted({re.escape(s[0]) for s in _SYNONYM_TO_ID}))
    + "])(?:"
    + "|".join(f"({_pattern(s)})" for s in sorted(_SYNONYM_TO_ID, key=lambda s: (-len(s), s)))
    + ")",
)
_GROUP_TO_ID: tuple[str | None, ...] = tuple(
    _SYNONYM_TO_ID[s] for s in sorted(_SYNONYM_TO_ID, key=lambda s: (-len(s), s))
)

# Separators of a spoken or typed list: 、,・/ and spaces, 「と」「とか」「や」 between nouns, and/or.
# A particle between two hiragana is inside a word (おとうと, ともだち) unless a list item is
# written in kana (「そろばんと書道」, 「書道とそろばん」): one side that is not hiragana is enough.
# Verb forms are not lists: 「経理をやっています」「得意としています」「という」.
_LIST_PARTICLE = r"(?:(?:とか|と)(?![しすいかもはのなりこ])|や(?![っりるれらろすさはめ])|および|及び|または|又は)"
_SEPARATORS = re.compile(
    r"[、,・/;。.!?()\[\]「」『』【】&+\s]+"
    r"|(?<![ぁ-ゖ])" + _LIST_PARTICLE + r"|" + _LIST_PARTICLE + r"(?![ぁ-ゖ])"
    r"|(?<![a-z])(?:and|or)(?![a-z])",
    re.IGNORECASE,
)
# Right after a catalog skill, a list particle joins it to the next item (「経理とそろばん」): cut.
_AFTER_SKILL = re.compile(r"^\s*" + _LIST_PARTICLE, re.IGNORECASE)
# Filler around list items that is not a skill: あと…, …など, …が得意です, …できます.
_LEADING_FILLER = re.compile(
    r"^(?:あと|それと|それから|また|さらに|その他|ほか|他に|少し|also|plus|[のをがはにで])+", re.IGNORECASE
)
_TRAILING_FILLER = re.compile(
    r"(?:など|等|etc|も|と|が得意です|が得意|得意です|得意|ができます|できます|が少し|少し|の経験あり|経験あり|の経験|経験"
    r"|が好きです|が好き|をお願いします|をお願い|お願いします|お願い|です|[のをがはにで])+$",
    re.IGNORECASE,
)
# What is left of a list item once its skill is cut out, and is not a skill of its own (「記事作成」 → 作成).
_NOT_A_TERM = re.compile(
    r"^(?:[ぁ-ゖー]{1,2}|[0-9]+|作成|作業|業務|対応|運用|skills?|スキル|得意なこと|できること|i|can|do)$", re.IGNORECASE
)


def skill(skill_id: str) -> Skill:
    """The catalog entry for `skill_id`; an unknown id is a programming error, hence KeyError."""
    try:
        return _BY_ID[skill_id]
    except KeyError:
        raise KeyError(f"unknown skill id: {skill_id!r} (known: {', '.join(_BY_ID)})") from None


def skill_label(skill_id: str, locale: Locale) -> str:
    """The name of a skill in the reader's language."""
    return skill(skill_id).label(locale)


def find_skills(text: str) -> list[tuple[int, int, str]]:
    """Every catalog match in `text` as (start, end, skill id), positions in the NFKC form of `text`."""
    found: list[tuple[int, int, str]] = []
    for match in _SYNONYMS.finditer(fold(text)):
        assert match.lastindex is not None  # every alternative is one group
        skill_id = _GROUP_TO_ID[match.lastindex - 1]
        if skill_id is not None:
            found.append((match.start(), match.end(), skill_id))
    return found


def map_skills(text: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The catalog skill ids named in `text`, and the list items that matched no skill.

    「経理とエクセル、あとSNS」 → ({bookkeeping, excel, sns}, ()); 「データ入力、そろばん」 →
    ({data_entry}, ("そろばん",)). Leftovers keep the person's spelling (NFKC-normalised), in order,
    without duplicates; list fillers (あと, など, が得意です, and) are dropped.
    """
    readable = unicodedata.normalize("NFKC", text)
    ids: set[str] = set()
    pieces: list[str] = []
    cursor = 0
    for match in _SYNONYMS.finditer(fold(readable)):
        assert match.lastindex is not None
        skill_id = _GROUP_TO_ID[match.lastindex - 1]
        if skill_id is None:  # a known non-skill phrase: keep it as text
            continue
        ids.add(skill_id)
        pieces.append(readable[cursor : match.start()])
        cursor = match.end()
    pieces.append(readable[cursor:])
    leftovers: list[str] = []
    for index, piece in enumerate(pieces):
        if index:  # this piece follows a skill: 「と」 here is the list's, not a word's
            piece = _AFTER_SKILL.sub("", piece)
        for raw in _SEPARATORS.split(piece):
            term = _strip_filler(raw)
            if term and not _NOT_A_TERM.match(term) and term not in leftovers:
                leftovers.append(term)
    return frozenset(ids), tuple(leftovers)


def _strip_filler(term: str) -> str:
    previous = None
    while previous != term:
        previous = term
        term = _TRAILING_FILLER.sub("", _LEADING_FILLER.sub("", term.strip())).strip()
    return term
