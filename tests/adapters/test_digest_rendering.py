"""A digest as each platform shows it, within its limits: the summary is one message, the details
fit Block Kit's 50 blocks per message and LINE's 12 bubbles per carousel however many tasks there
are, in the recipient's language."""

from __future__ import annotations

from datetime import timedelta

from linebot.v3.messaging import FlexMessage, TextMessage

from bot.line.notifier import CAROUSEL_LIMIT, line_messages
from bot.slack.notifier import MESSAGE_BLOCK_LIMIT, message_blocks
from domain.digest import Digest, NarrativeSource, template_narrative
from domain.digest_facts import DigestInputs, compute_facts
from domain.refs import ChatRef, Locale, Platform
from handlers.buttons import TASK_SHOW as OPEN_TASK
from handlers.digests import DETAIL_CARDS_PER_MESSAGE, digest_messages, digest_text
from tests.unit.test_digest_facts import TUE, WEEK, assignment, leader, report, task

SLACK = ChatRef(Platform.SLACK, "T1", "C1", thread_id="1700000000.000100")
LINE = ChatRef(Platform.LINE, "U1", "U1")


def big_digest(tasks: int, members: int, locale: Locale = Locale.JA) -> Digest:
    """`tasks` tasks of one member each, a blocker on every third, and `members` members in all."""
    all_tasks, assignments, reports = [], [], []
    for n in range(tasks):
        t = task(
            f"データ入力 第{n + 1}弾（請求書・領収書・名刺の仕分けを含む長い案件名）",
            100 + n,
            TUE + timedelta(days=n % 9),
        )
        a = assignment(t, f"p{n % members}", 100 + n)
        all_tasks.append(t)
        assignments.append(a)
        reports += [report(a, d, 5 + n % 7, hours=1.5) for d in WEEK]
        if n % 3 == 0:
            reports.append(report(a, TUE, None, blockers="原本が届いていません。" * 5, hour=19))
    names = {f"p{i}": f"メンバー候補 {i:02d}" for i in range(members)}
    inputs = DigestInputs("大きなチーム", all_tasks, assignments, reports, list(names), names=names, team_share=True)
    facts = compute_facts(leader(locale=locale), inputs)
    return Digest(facts, template_narrative(facts), NarrativeSource.TEMPLATE)


def test_slack_details_fit_the_block_limit_for_thirty_tasks_and_members() -> None:
    digest = big_digest(30, 30)
    summary, details = digest_messages(digest, SLACK)
    assert not summary.cards and summary.chat == SLACK
    assert len(message_blocks(summary)) <= MESSAGE_BLOCK_LIMIT
    shown = 0
    for message in details:
        assert len(message.cards) <= DETAIL_CARDS_PER_MESSAGE
        blocks = [b.to_dict() for b in message_blocks(message)]
        assert len(blocks) <= MESSAGE_BLOCK_LIMIT
        assert not any(b["type"] == "context" and "… +" in str(b) for b in blocks)  # nothing cut
        shown += sum(1 for c in message.cards if c.actions and c.actions[0].action_id == OPEN_TASK)
    assert shown == 30  # every task has its card and its open button


def test_line_details_are_carousels_of_at_most_twelve_bubbles() -> None:
    summary, details = digest_messages(big_digest(30, 30), LINE)
    [text] = line_messages(summary)
    assert isinstance(text, TextMessage) and "大きなチーム" in text.text
    for message in details:
        carousel = line_messages(message)[-1]
        assert isinstance(carousel, FlexMessage)
        bubbles = carousel.to_dict()["contents"]["contents"]
        assert 0 < len(bubbles) <= CAROUSEL_LIMIT
        assert all(len(str(b)) < 30_000 for b in bubbles)  # LINE's per-bubble size limit
    assert not any(c.actions for m in details for c in m.cards)  # the open button is Slack's (/yui status)


def test_rendered_in_the_recipients_language() -> None:
    english = big_digest(2, 2, Locale.EN)
    summary, details = digest_messages(english, SLACK)
    assert summary.header.startswith("Digest: 大きなチーム")
    labels = {f.label for c in details[0].cards for f in c.fields}
    assert {"Today", "Done", "Pace", "Forecast", "Deadline", "Hours"} <= labels
    assert details[0].cards[0].actions[0].label == "Open task"
    text = digest_text(english)
    assert "(template text)" in text and "Members" in text


def test_a_day_without_work_says_so() -> None:
    inputs = DigestInputs("新しいチーム", [], [], [], ["p1"], names={"p1": "青木"}, team_share=True)
    facts = compute_facts(leader(), inputs)
    digest = Digest(facts, template_narrative(facts), NarrativeSource.TEMPLATE)
    summary, details = digest_messages(digest, SLACK)
    assert summary.text == "このチームが担当している進行中の案件はありません。"
    assert all(not any(c.actions for c in m.cards) for m in details)  # only the members card
