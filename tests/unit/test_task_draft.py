from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.i18n import translate
from domain.model import Recurrence as R
from domain.model import TeamShape as S
from domain.model import Volume as V
from domain.refs import Locale
from domain.task_draft import REQUIRED, TITLE_MAX, TaskDraft, draft_task

TODAY = date(2026, 11, 23)  # a Monday


def D(month: int, day: int) -> date:
    return date(2026, month, day)


class C:
    """One client sentence and the draft it must give (everything not named is empty/ONE_OFF)."""

    def __init__(
        self,
        text: str,
        title: str,
        volume: V | None,
        deadline: date | None,
        skills: set[str],
        *,
        recurrence: R = R.ONE_OFF,
        shape: S | None = None,
        budget: int | None = None,
        rate: tuple[int, str] | None = None,
        missing: tuple[str, ...] = (),
    ) -> None:
        self.text = text
        self.expected = (title, volume, deadline, frozenset(skills), recurrence, shape, budget, rate, missing)

    def __repr__(self) -> str:
        return self.text[:40]


def actual(draft: TaskDraft) -> tuple[object, ...]:
    rate = (draft.rate_yen, draft.rate_unit) if draft.rate_yen is not None else None
    return (
        draft.title,
        draft.volume,
        draft.deadline,
        draft.skills,
        draft.recurrence,
        draft.shape,
        draft.budget_yen,
        rate,
        draft.missing,
    )


SENTENCES = [
    C(
        "来週金曜までに請求書200件のデータ入力をお願いしたいです。Excelが使える方",
        "請求書のデータ入力",
        V(200, "件"),
        D(12, 4),
        {"data_entry", "excel"},
    ),
    C("・件名：アンケート集計\n・件数：200件\n・納期：12/5", "アンケート集計", V(200, "件"), D(12, 5), {"excel"}),
    C(
        "・作業内容：名刺のデータ入力\n・件数：約500枚\n・納期：12月10日(木)\n・単価：20円/枚",
        "名刺のデータ入力",
        V(500, "枚"),
        D(12, 10),
        {"data_entry"},
        rate=(20, "枚"),
    ),
    C(
        "毎月末締めの経費精算を毎月50件お願いできますか",
        "経費精算",
        V(50, "件"),
        D(11, 30),
        {"bookkeeping"},
        recurrence=R.MONTHLY,
    ),
    C(
        "手書きアンケート300枚をExcelに入力していただけますでしょうか。納期は12/5です。",
        "手書きアンケートの入力",
        V(300, "枚"),
        D(12, 5),
        {"data_entry", "excel"},
    ),
    C(
        "インタビュー音声10時間分の文字起こしをお願いします。来月10日まで、予算5万円です。",
        "インタビュー音声の文字起こし",
        V(10, "時間"),
        D(12, 10),
        {"transcription"},
        budget=50000,
    ),
    C(
        "Could someone transcribe 10 hours of interviews by next Friday?",
        "Transcribe interviews",
        V(10, "時間"),
        D(12, 4),
        {"transcription"},
    ),
    C(
        "We need 200 invoices entered into Excel by 12/5. Budget is ¥50,000.",
        "Invoices entered into Excel",
        V(200, "件"),
        D(12, 5),
        {"excel"},
        budget=50000,
    ),
    C("12/5までに200件お願いします", "", V(200, "件"), D(12, 5), set(), missing=("title",)),
    C("データ入力をお願いします", "データ入力", None, None, {"data_entry"}, missing=("volume", "deadline")),
    C(
        "お世話になっております。〇〇商事の田中です。\n来月から毎月、経費精算の仕訳入力をお願いできればと思っております。月100件程度、時給1,200円を想定しています。",
        "経費精算の仕訳入力",
        V(100, "件"),
        None,
        {"bookkeeping", "data_entry"},
        recurrence=R.MONTHLY,
        rate=(1200, "時間"),
        missing=("deadline",),
    ),
    C(
        "ネットショップの商品登録を二百件、チームでお願いしたいです。1件30円で考えています。",
        "ネットショップの商品登録",
        V(200, "件"),
        None,
        {"ec"},
        shape=S.TEAM,
        rate=(30, "件"),
        missing=("deadline",),
    ),
    C(
        "Instagramの投稿作成を週3回、定期でお願いできますか？1投稿あたり1,500円です。",
        "Instagramの投稿作成",
        None,
        None,
        {"sns"},
        recurrence=R.WEEKLY,
        rate=(1500, "投稿"),
        missing=("volume", "deadline"),
    ),
    C(
        "Looking for someone to do data entry for 500 business cards, ¥20 per card, by Dec 10.",
        "Data entry for business cards",
        V(500, "枚"),
        D(12, 10),
        {"data_entry"},
        rate=(20, "枚"),
    ),
    C(
        "Can you translate our 30-page manual into English within 2 weeks? Budget 100k yen.",
        "Translate manual into English",
        V(30, "ページ"),
        D(12, 7),
        {"translation"},
        budget=100000,
    ),
    C(
        "１，２００件の顧客リストの名寄せを年内にお願いしたいです（個人情報を含みます）",
        "顧客リストの名寄せ",
        V(1200, "件"),
        D(12, 31),
        {"data_cleansing"},
    ),
    C(
        "地元チームと外部の専門家で、ホームページ更新（WordPress）を月2回お願いしたいです",
        "ホームページ更新",
        None,
        None,
        {"web"},
        recurrence=R.MONTHLY,
        shape=S.HYBRID,
        missing=("volume", "deadline"),
    ),
    C(
        "動画編集を1名の方にお願いしたいです。YouTube用の動画を毎週2本、各10分程度。",
        "動画編集",
        V(2, "本"),
        None,
        {"video_editing"},
        recurrence=R.WEEKLY,
        shape=S.INDIVIDUAL,
        missing=("deadline",),
    ),
    C(
        "Please proofread 12 blog posts every month, ¥3,000 per article.",
        "Proofread blog posts",
        V(12, "記事"),
        None,
        {"proofreading", "writing"},
        recurrence=R.MONTHLY,
        rate=(3000, "記事"),
        missing=("deadline",),
    ),
    C(
        "書類のスキャンとファイリング、約3,000枚。再来週の月曜までに。総額15万円。",
        "書類のスキャンとファイリング",
        V(3000, "枚"),
        D(12, 7),
        {"document_digitization"},
        budget=150000,
    ),
    C("ｱﾝｹｰﾄ入力\u3000１５０件\u3000１２／２５まで", "アンケート入力", V(150, "件"), D(12, 25), {"data_entry"}),
    C(
        "商品ページ用の記事を10記事、今月末までに書いていただけませんか。1記事あたり3,000円でお願いします。",
        "商品ページ用の記事",
        V(10, "記事"),
        D(11, 30),
        set(),
        rate=(3000, "記事"),
    ),
    C(
        "電話対応を平日午前だけお願いできる方を探しています",
        "電話対応",
        None,
        None,
        {"customer_support"},
        missing=("volume", "deadline"),
    ),
    C("十二月五日までに、チラシのデザインを3点お願いします。", "チラシのデザイン", V(3, "点"), D(12, 5), {"design"}),
    C(
        "令和8年12月15日締切で、会員名簿300名分の入力作業をお願いしたいです",
        "会員名簿の入力作業",
        V(300, "名"),
        D(12, 15),
        {"data_entry"},
    ),
    C(
        "月次の売上データ集計（Excel）を毎月5日までに。約2時間の作業です。",
        "売上データ集計",
        V(2, "時間"),
        D(12, 5),
        {"excel"},
        recurrence=R.MONTHLY,
    ),
    C(
        "英語の商品説明文の翻訳、約5,000文字、12/20(日)までにお願いします",
        "英語の商品説明文の翻訳",
        V(5000, "文字"),
        D(12, 20),
        {"translation"},
    ),
    C(
        "ホームページ（WordPress）のお知らせ更新を週1回、継続でお願いしたいです",
        "ホームページのお知らせ更新",
        None,
        None,
        {"web"},
        recurrence=R.WEEKLY,
        missing=("volume", "deadline"),
    ),
    C(
        "予算10万円で、営業リスト作成（500社）をお願いできますか。期限は今月中です。",
        "営業リスト作成",
        V(500, "社"),
        D(11, 30),
        {"research"},
        budget=100000,
    ),
    C(
        "個人の方に、画像タグ付け1,000枚を3日以内にお願いします。",
        "画像タグ付け",
        V(1000, "枚"),
        D(11, 26),
        {"annotation"},
        shape=S.INDIVIDUAL,
    ),
    C(
        "急ぎです！明日までに議事録の文字起こし（30分）をお願いします",
        "議事録の文字起こし",
        V(30, "分"),
        D(11, 24),
        {"transcription"},
    ),
    C(
        "アンケートの入力をお願いしたいです。件数は300件ほどです。納期は未定です。",
        "アンケートの入力",
        V(300, "件"),
        None,
        {"data_entry"},
        missing=("deadline",),
    ),
    C(
        "経理のお手伝いをお願いできますか？",
        "経理のお手伝い",
        None,
        None,
        {"bookkeeping"},
        missing=("volume", "deadline"),
    ),
    C("ＥＣサイトの商品登録\u3000３００商品\u3000来月末まで", "ECサイトの商品登録", V(300, "商品"), D(12, 31), {"ec"}),
    C(
        "請求書発行と入金消込を毎月100件程度お願いしたいです。月末締め、翌月5日までに完了希望です。",
        "請求書発行と入金消込",
        V(100, "件"),
        D(11, 30),
        {"bookkeeping"},
        recurrence=R.MONTHLY,
    ),
    C(
        "1日2時間ほど、問い合わせメールの返信をお願いしたいです",
        "問い合わせメールの返信",
        None,
        None,
        {"customer_support"},
        missing=("volume", "deadline"),
    ),
    C(
        "データクレンジングを一人でお願いしたいです。顧客データ2万件、12月中に。",
        "データクレンジング",
        V(20000, "件"),
        D(12, 31),
        {"data_cleansing"},
        shape=S.INDIVIDUAL,
    ),
    C(
        "Could you help us with bookkeeping for about 150 receipts by the end of the month?",
        "Bookkeeping for receipts",
        V(150, "件"),
        D(11, 30),
        {"bookkeeping"},
    ),
    C(
        "We'd like a team to handle customer support emails, around 300 per week, starting next Monday.",
        "Handle customer support emails",
        None,
        None,
        {"customer_support"},
        recurrence=R.WEEKLY,
        shape=S.TEAM,
        missing=("volume", "deadline"),
    ),
    C(
        "Please translate 20 product descriptions into Japanese by Dec 15.",
        "Translate product descriptions",
        V(20, "件"),
        D(12, 15),
        {"translation"},
    ),
    C(
        "Need someone for data entry: 1,000 records, deadline 12/10, ¥25 per record.",
        "Data entry",
        V(1000, "件"),
        D(12, 10),
        {"data_entry"},
        rate=(25, "件"),
    ),
    C(
        "Monthly payroll for 45 employees, due on the 25th.",
        "Payroll for employees",
        V(45, "名"),
        D(11, 25),
        {"payroll"},
        recurrence=R.MONTHLY,
    ),
    C(
        "Hi! Can someone edit 5 YouTube videos (10 min each) by this Friday? Budget: 30,000 yen.",
        "Edit YouTube videos",
        V(5, "本"),
        D(11, 27),
        set(),
        budget=30000,
    ),
    C(
        "Bookkeeping help needed.",
        "Bookkeeping help needed",
        None,
        None,
        {"bookkeeping"},
        missing=("volume", "deadline"),
    ),
    C("Can you do 200 by Friday?", "", None, D(11, 27), set(), missing=("title", "volume")),
    C("５０件の入力、あさってまでにお願いできますか", "入力", V(50, "件"), D(11, 25), {"data_entry"}),
    C("見積もりだけ知りたいです", "", None, None, set(), missing=("title", "volume", "deadline")),
    C("宛名書き（手書き）を500通、年末までにお願いしたいです", "宛名書き", V(500, "通"), D(12, 31), {"admin"}),
    C(
        "Could you enter 300 survey responses into a spreadsheet by Friday?",
        "Enter survey responses",
        V(300, "件"),
        D(11, 27),
        {"excel"},
    ),
    C(
        "Weekly SNS posting for our shop: 3 Instagram posts per week, ¥2,000 per post.",
        "SNS posting for shop",
        V(3, "投稿"),
        None,
        {"sns"},
        recurrence=R.WEEKLY,
        rate=(2000, "投稿"),
        missing=("deadline",),
    ),
    C(
        "名刺1,200枚のデータ化を、1.5時間単位で区切って2名体制でお願いします。納期 2026/12/18",
        "名刺のデータ化",
        V(1200, "枚"),
        D(12, 18),
        {"data_entry"},
        shape=S.TEAM,
    ),
    C(
        "請求書の入力（1件あたり約3分）を200件、12/4までに。単価は40円です。",
        "請求書の入力",
        V(200, "件"),
        D(12, 4),
        {"data_entry"},
        rate=(40, "件"),
    ),
    C(
        "請求書200件の入力、12/5(土)まで。予算：5万円（税込）",
        "請求書の入力",
        V(200, "件"),
        D(12, 5),
        {"data_entry"},
        budget=50000,
    ),
    C(
        "アンケート200件の入力を、二人体制で12月4日までにお願いします",
        "アンケートの入力",
        V(200, "件"),
        D(12, 4),
        {"data_entry"},
        shape=S.TEAM,
    ),
    C(
        "経理代行を個人事業主の方にお願いしたいです",
        "経理代行",
        None,
        None,
        {"bookkeeping"},
        shape=S.INDIVIDUAL,
        missing=("volume", "deadline"),
    ),
    C(
        "十分な経験のある方に、名簿の入力をお願いしたいです",
        "名簿の入力",
        None,
        None,
        {"data_entry"},
        missing=("volume", "deadline"),
    ),
    C(
        "24時間以内に50件のメール対応をお願いします",
        "メール対応",
        V(50, "件"),
        None,
        {"customer_support"},
        missing=("deadline",),
    ),
    C(
        "1件あたり5分程度の簡単な入力作業を300件、今週中にお願いします",
        "簡単な入力作業",
        V(300, "件"),
        D(11, 27),
        {"data_entry"},
    ),
    C(
        "週10時間ほど、SNS運用を継続的にお願いしたいです",
        "SNS運用",
        V(10, "時間"),
        None,
        {"sns"},
        recurrence=R.WEEKLY,
        missing=("deadline",),
    ),
    C("3名募集。データ入力を200件、明日まで", "データ入力", V(200, "件"), D(11, 24), {"data_entry"}),
    C(
        "恐れ入りますが、名刺500枚のデータ入力をご依頼できますでしょうか。納期は来週中でお願いいたします。",
        "名刺のデータ入力",
        V(500, "枚"),
        D(12, 4),
        {"data_entry"},
    ),
    C(
        "いつもお世話になっております。下記の件、ご相談です。\n・作業：商品画像の加工\n・数量：80点\n・納期：11/30(月)\n・予算：2万円",
        "商品画像の加工",
        V(80, "点"),
        D(11, 30),
        {"design"},
        budget=20000,
    ),
    C(
        "Could we get a quote for entering 2,000 rows of survey data into Google Sheets? Needed by 12/15.",
        "Entering survey data into Google Sheets",
        V(2000, "件"),
        D(12, 15),
        {"excel"},
    ),
    C(
        "【定期】毎週月曜に前週分の日報データをスプレッドシートへ転記（約1時間）。",
        "前週分の日報データの転記",
        V(1, "時間"),
        D(11, 30),
        {"excel"},
        recurrence=R.WEEKLY,
    ),
    C(
        "チラシ用のバナーを2点、Canvaで作成していただきたいです。12月1日から着手、納期は12月8日です。",
        "チラシ用のバナーの作成",
        V(2, "点"),
        D(12, 8),
        {"design"},
    ),
    C(
        "We are looking for a freelancer to write 8 SEO articles (2,000 words each) in Japanese"
        " by the end of next month. ¥5,000 per article.",
        "Write SEO articles",
        V(8, "記事"),
        D(12, 31),
        {"writing"},
        shape=S.INDIVIDUAL,
        rate=(5000, "記事"),
    ),
    C(
        "名寄せ・重複削除\u3000対象：約8,000レコード\u3000期限：12/20",
        "名寄せ・重複削除",
        V(8000, "件"),
        D(12, 20),
        {"data_cleansing"},
    ),
    C(
        "お手すきの方がいれば、楽天ショップの商品ページ更新をお願いしたいです！50ページくらいで、急ぎではないです。",
        "楽天ショップの商品ページ更新",
        V(50, "ページ"),
        None,
        {"ec"},
        missing=("deadline",),
    ),
    C("文字起こし 60分の音声×3本 来週水曜まで", "文字起こし", V(180, "分"), D(12, 2), {"transcription"}),
    C(
        "テレアポ（架電）を1日100件×5日間、チームでお願いできますか。時給1,100円、12/7開始。",
        "テレアポ",
        V(500, "件"),
        None,
        {"call_center"},
        shape=S.TEAM,
        rate=(1100, "時間"),
        missing=("deadline",),
    ),
]


@pytest.mark.parametrize("case", SENTENCES, ids=repr)
def test_draft_task(case: C) -> None:
    assert actual(draft_task(case.text, TODAY)) == case.expected


def test_enough_sentences() -> None:
    assert len(SENTENCES) >= 40


@pytest.mark.parametrize("case", SENTENCES, ids=repr)
def test_draft_invariants(case: C) -> None:
    draft = draft_task(case.text, TODAY)
    assert len(draft.title) <= TITLE_MAX
    assert "\0" not in draft.title
    assert draft.title != draft.description or len(draft.description) <= 15
    assert ("title" in draft.missing) == (not draft.title)
    assert ("volume" in draft.missing) == (draft.volume is None)
    assert ("deadline" in draft.missing) == (draft.deadline is None)


def test_description_is_the_normalised_text_with_its_lines() -> None:
    draft = draft_task("・件名：アンケート集計\n\n・件数：２００件　\n・納期：１２／５", TODAY)
    assert draft.description == "・件名:アンケート集計\n・件数:200件\n・納期:12/5"


@pytest.mark.parametrize(
    ("text", "volume"),
    [
        ("請求書200件", V(200, "件")),
        ("請求書２００件", V(200, "件")),
        ("請求書二百件", V(200, "件")),
        ("請求書1,200件", V(1200, "件")),
        ("約300枚", V(300, "枚")),
        ("300枚程度", V(300, "枚")),
        ("2万件", V(20000, "件")),
        ("200 invoices", V(200, "件")),
        ("about 1,500 rows", V(1500, "件")),
        ("10 hours of audio", V(10, "時間")),
        ("a 30-page manual", V(30, "ページ")),
        ("12 blog posts", V(12, "記事")),
        ("5,000 words", V(5000, "語")),
        ("音声1.5時間", V(90, "分")),
        ("会員300名分の名簿", V(300, "名")),
        ("60分の音声×3本", V(180, "分")),
        ("100件×5日間", V(500, "件")),
        ("8,000レコード", V(8000, "件")),
        ("10ページ", V(10, "ページ")),
        ("3名募集", None),  # a head count
        ("十分な経験", None),  # enough, not ten minutes
        ("24時間以内に", None),
        ("1日2時間くらい", None),
        ("1件あたり5分", None),
        ("一本化したい", None),
        ("第3回", None),
        ("0件", None),
    ],
)
def test_volume(text: str, volume: V | None) -> None:
    assert draft_task(text, TODAY).volume == volume


@pytest.mark.parametrize(
    ("text", "budget", "rate", "rate_unit"),
    [
        ("予算5万円", 50000, None, None),
        ("5万円でお願いします", 50000, None, None),
        ("50,000円", 50000, None, None),
        ("¥50,000", 50000, None, None),
        ("￥５０，０００", 50000, None, None),
        ("総額10万円", 100000, None, None),
        ("予算は1万5千円", 15000, None, None),
        ("予算五万円", 50000, None, None),
        ("budget 50k yen", 50000, None, None),
        ("単価30円/件", None, 30, "件"),
        ("時給1,200円", None, 1200, "時間"),
        ("1件30円", None, 30, "件"),
        ("1件あたり30円", None, 30, "件"),
        ("文字単価1円", None, 1, "文字"),
        ("1文字1.5円", None, None, None),  # no fractional yen
        ("¥1,200 per hour", None, 1200, "時間"),
        ("¥30/item", None, 30, "件"),
        ("1,100 yen an hour", None, 1100, "時間"),
        ("200件、単価30円", None, 30, "件"),  # 単価 alone takes the volume's unit
        ("予算5万円、1件250円", 50000, 250, "件"),
    ],
)
def test_budget_and_rate(text: str, budget: int | None, rate: int | None, rate_unit: str | None) -> None:
    draft = draft_task(text, TODAY)
    assert (draft.budget_yen, draft.rate_yen, draft.rate_unit) == (budget, rate, rate_unit)


@pytest.mark.parametrize(
    ("text", "recurrence"),
    [
        ("毎週お願いします", R.WEEKLY),
        ("週次の集計", R.WEEKLY),
        ("週2回の更新", R.WEEKLY),
        ("週10時間", R.WEEKLY),
        ("隔週で", R.WEEKLY),
        ("weekly report", R.WEEKLY),
        ("3 posts per week", R.WEEKLY),
        ("毎月の経費精算", R.MONTHLY),
        ("月次処理", R.MONTHLY),
        ("月1回", R.MONTHLY),
        ("月100件", R.MONTHLY),
        ("定期的にお願いしたい", R.MONTHLY),
        ("monthly payroll", R.MONTHLY),
        ("every month", R.MONTHLY),
        ("毎週月曜と月末に", R.WEEKLY),  # the first cycle named wins
        ("12月1日まで", R.ONE_OFF),
        ("来月10日", R.ONE_OFF),
        ("1週間以内", R.ONE_OFF),
        ("毎日100件", R.ONE_OFF),  # no daily cycle in the model yet
        ("一回だけ", R.ONE_OFF),
    ],
)
def test_recurrence(text: str, recurrence: R) -> None:
    assert draft_task(text, TODAY).recurrence is recurrence


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("チームでお願いしたい", S.TEAM),
        ("チーム受託で", S.TEAM),
        ("3名体制で", S.TEAM),
        ("複数名で分担", S.TEAM),
        ("個人の方に", S.INDIVIDUAL),
        ("一人でお願いしたい", S.INDIVIDUAL),
        ("1名募集", S.INDIVIDUAL),
        ("フリーランスの方", S.INDIVIDUAL),
        ("副業の専門家に", S.INDIVIDUAL),
        ("地元チームと外部の専門家で", S.HYBRID),
        ("ハイブリッド型で", S.HYBRID),
        ("a team of three", S.TEAM),
        ("one person is enough", S.INDIVIDUAL),
        ("a local team plus an outside specialist", S.HYBRID),
        ("個人情報を含みます", None),
        ("一人ひとり丁寧に", None),
        ("個人でもチームでも可", None),
        ("チームリーダー経験者歓迎", None),
        ("team leader experience", None),
        ("請求書の入力", None),
    ],
)
def test_shape(text: str, shape: S | None) -> None:
    assert draft_task(text, TODAY).shape is shape


@given(
    st.text(
        alphabet="0123456789,.件枚時間分名円万千約毎週月来日末まで/をのにでお願いします"
        "チーム個人一二十予算単価時給¥ abyhours",
        max_size=40,
    )
)
def test_never_raises(text: str) -> None:
    draft = draft_task(text, TODAY)
    assert len(draft.title) <= TITLE_MAX


@pytest.mark.parametrize("locale", list(Locale))
def test_every_required_field_has_a_question(locale: Locale) -> None:
    for name in REQUIRED:
        assert translate(f"draft.missing.{name}", locale)
    assert "{fields}" not in translate("draft.ask_missing", locale, fields="x")
