import unicodedata

import pytest

from domain.refs import Locale
from domain.skills import SKILLS, find_skills, fold, map_skills, skill, skill_label

CASES: list[tuple[str, set[str], tuple[str, ...]]] = [
    # Japanese lists as teleworkers write them
    ("経理とエクセル、あとSNS", {"bookkeeping", "excel", "sns"}, ()),
    ("データ入力", {"data_entry"}, ()),
    ("データ入力、タイピング", {"data_entry"}, ()),
    ("入力作業", {"data_entry"}, ()),
    ("記帳・仕訳", {"bookkeeping"}, ()),
    ("会計ソフトの入力", {"bookkeeping", "data_entry"}, ("ソフト",)),
    ("簿記2級", {"bookkeeping"}, ("2級",)),
    ("エクセル", {"excel"}, ()),
    ("えくせる", {"excel"}, ()),
    ("ｴｸｾﾙ", {"excel"}, ()),
    ("ＥＸＣＥＬ", {"excel"}, ()),
    ("Excelが得意です", {"excel"}, ()),
    ("表計算とスプレッドシート", {"excel"}, ()),
    ("Googleスプレッドシート", {"excel"}, ()),
    ("SNS運用", {"sns"}, ()),
    ("ｓｎｓ", {"sns"}, ()),
    ("インスタとX運用", {"sns"}, ()),
    ("Xの運用", {"sns"}, ()),
    ("X(旧Twitter)", {"sns"}, ()),
    ("文字起こし", {"transcription"}, ()),
    ("テープ起こし・議事録作成", {"transcription"}, ()),
    ("デザイン（Canva、Illustrator）", {"design"}, ()),
    ("バナー作成", {"design"}, ()),
    ("カスタマーサポート", {"customer_support"}, ()),
    ("問い合わせ対応と電話対応", {"customer_support"}, ()),
    ("CS対応", {"customer_support"}, ()),
    ("CS", {"customer_support"}, ()),
    ("コールセンター経験あり", {"call_center"}, ()),
    ("テレアポ", {"call_center"}, ()),
    ("EC運営", {"ec"}, ()),
    ("ネットショップの商品登録", {"ec"}, ()),
    ("Shopify、楽天", {"ec"}, ()),
    ("翻訳（英訳・和訳）", {"translation"}, ()),
    ("ライティング", {"writing"}, ()),
    ("ブログ記事作成", {"writing"}, ()),
    ("リサーチ、リスト作成", {"research"}, ()),
    ("営業リスト作成", {"research"}, ()),
    ("データクレンジング", {"data_cleansing"}, ()),
    ("名寄せ", {"data_cleansing"}, ()),
    ("書類整理・スキャン・ファイリング", {"document_digitization"}, ()),
    ("アノテーション", {"annotation"}, ()),
    ("画像タグ付け", {"annotation"}, ()),
    ("動画編集", {"video_editing"}, ()),
    ("ホームページ更新(WordPress)", {"web"}, ()),
    ("給与計算と勤怠管理", {"payroll"}, ()),
    ("一般事務", {"admin"}, ()),
    ("校正", {"proofreading"}, ()),
    # Mixed lists, fillers, things the catalog does not know
    ("データ入力とかSNSとか", {"data_entry", "sns"}, ()),
    ("データ入力、そろばん", {"data_entry"}, ("そろばん",)),
    ("そろばんと簿記", {"bookkeeping"}, ("そろばん",)),
    ("経理、エクセル、SNSなど", {"bookkeeping", "excel", "sns"}, ()),
    ("経理 エクセル　介護", {"bookkeeping", "excel"}, ("介護",)),
    # 「と」「や」 right after a skill, or beside a word written in kana, still separate the list
    ("経理とそろばん", {"bookkeeping"}, ("そろばん",)),
    ("経理やそろばん", {"bookkeeping"}, ("そろばん",)),
    ("経理とかそろばん", {"bookkeeping"}, ("そろばん",)),
    ("ＳＮＳとそろばん", {"sns"}, ("そろばん",)),
    ("データ入力とそろばんと書道", {"data_entry"}, ("そろばん", "書道")),
    ("書道とそろばん", set(), ("書道", "そろばん")),
    ("おとうとの世話", set(), ("おとうとの世話",)),  # と inside a kana word is no separator
    ("data entry and abacus", {"data_entry"}, ("abacus",)),
    ("ピアノ、書道", set(), ("ピアノ", "書道")),
    ("ピアノ、ピアノ", set(), ("ピアノ",)),
    ("", set(), ()),
    # No false positives on common words
    ("CSV作成", set(), ("CSV作成",)),
    ("CSSの修正", {"web"}, ("修正",)),
    ("Xperiaを持っています", set(), ("Xperiaを持っています",)),
    ("事務局の入力フォーム作成", set(), ("事務局の入力フォーム作成",)),
    ("Excellent", set(), ("Excellent",)),
    ("SECOM", set(), ("SECOM",)),
    ("ホームページに掲載", set(), ("ホームページに掲載",)),
    ("アンケート集計", {"excel"}, ("アンケート",)),
    ("問い合わせメールの返信", {"customer_support"}, ("メールの返信",)),
    # English
    ("data entry, Excel and social media", {"data_entry", "excel", "sns"}, ()),
    ("Bookkeeping / accounting", {"bookkeeping"}, ()),
    ("spreadsheets and typing", {"excel", "data_entry"}, ()),
    ("Transcription, translation", {"transcription", "translation"}, ()),
    ("customer support or call center", {"customer_support", "call_center"}, ()),
    ("Instagram & TikTok", {"sns"}, ()),
    ("e-commerce, Shopify", {"ec"}, ()),
    ("video editing (Premiere Pro)", {"video_editing"}, ()),
    ("WordPress, HTML", {"web"}, ()),
    ("data-entry, gardening", {"data_entry"}, ("gardening",)),
    ("DATA ENTRY", {"data_entry"}, ()),
]


@pytest.mark.parametrize(("text", "ids", "leftovers"), CASES)
def test_map_skills(text: str, ids: set[str], leftovers: tuple[str, ...]) -> None:
    assert map_skills(text) == (frozenset(ids), leftovers)


def test_enough_cases() -> None:
    assert len(CASES) >= 60


def test_longest_synonym_wins() -> None:
    assert [(s, e, i) for s, e, i in find_skills("請求書のデータ入力")] == [(4, 9, "data_entry")]


def test_catalog_ids_are_unique_and_labelled() -> None:
    ids = [s.id for s in SKILLS]
    assert len(ids) == len(set(ids))
    assert 15 <= len(SKILLS) <= 25
    for entry in SKILLS:
        assert entry.ja and entry.en and entry.synonyms
        # A skill's own Japanese name is recognised as that skill (ignoring the ・ split)
        assert entry.id in map_skills(entry.ja)[0], entry.id


def test_skill_lookup_and_labels() -> None:
    assert skill("excel").en == "Excel / spreadsheets"
    assert skill_label("data_entry", Locale.JA) == "データ入力"
    assert skill_label("data_entry", Locale.EN) == "Data entry"
    with pytest.raises(KeyError, match="unknown skill id: 'juggling'"):
        skill("juggling")


def test_fold_keeps_one_character_per_character() -> None:
    for text in ("ﾃﾞｰﾀ入力", "ＥＸＣＥＬ", "İstanbul", "えくせる", "データ-入力"):
        assert len(fold(text)) == len(unicodedata.normalize("NFKC", text))
