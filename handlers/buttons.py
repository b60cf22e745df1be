"""Every button Yui shows, and how a press is read back: the one place that knows the strings.

A button (`handlers.ports.Action`) has an action id and a value. Slack routes a press on the action
id (the adapter listens to the prefixes in `SLACK_ROUTES`) and hands over the value, which names
what the button acts on (a task id, a proposal id). LINE has no action id: the value is the postback
data (≤ 300 characters), so a LINE button's value starts with a prefix saying what it is. The use
cases build buttons with the names and writers below; the adapters turn presses into commands with
the readers, without importing the use cases.

The task card's 編集 button carries the task's form as its value (`domain.task_form.prefill_value`,
read by `read_prefill`): a format of the form itself, kept beside it.
"""

from __future__ import annotations

from domain.conversation import Step
from domain.profile_answers import Word

# --- Slack action ids ---------------------------------------------------------------------------------

# A task's card (handlers.tasks): value = the task id (編集: its form, see above).
TASK_CONFIRM = "task.confirm"
TASK_EDIT = "task.edit"  # the adapter opens the form, filled in
TASK_DISCARD = "task.discard"  # a draft's Cancel: nothing to explain
TASK_CANCEL = "task.cancel"  # registered work: the adapter asks for a reason first
TASK_PAUSE = "task.pause"
TASK_RESUME = "task.resume"
TASK_DONE = "task.done"  # also the 完了にする of "every share is reported finished" (handlers.reports)
TASK_SHOW = "task.show"  # a digest's 案件を開く: value = the task id, answered with its /yui status

MATCH_APPROVE = "match.approve"  # 依頼 on a proposal card: value = the proposal id
TEAM_APPROVE = "match.team_approve"  # a team leader's 承認 / お断り of a split: value = `team_answer`
TEAM_DECLINE = "match.team_decline"
COVER_REASSIGN = "cover.reassign"  # a leader's 交代 on a cover request: value = `reassign`

# The prefixes the Slack adapter routes to the action handler (every action id above has one).
SLACK_ROUTES = ("task.", "match.", "cover.")

# --- LINE buttons (their action id only names them; the value is the postback data) -------------------

OFFER_ACCEPT = "offer.accept"  # a work offer's 引き受ける / 辞退する: value = `offer_answer`
OFFER_DECLINE = "offer.decline"
SHARE_DECLINE = "share.decline"  # 今回は辞退する on a recurring task's next occurrence: `carried_decline`
PROFILE_EDIT = "profile.edit"  # a profile card's change buttons: value = `tap_data`
REPORT_START = "report.start"  # 報告する on 自分の案件: value = `tap_data(Word.REPORT, None, assignment id)`

_OFFER_ACCEPT = "offer:accept:"
_OFFER_DECLINE = "offer:decline:"
_TEAM_APPROVE = "team:approve:"
_TEAM_DECLINE = "team:decline:"
_REASSIGN = "cover:reassign:"
_CARRIED_DECLINE = "share:decline:"
TAP_VERSION = "y1"


def offer_answer(proposal_id: str, accept: bool) -> str:
    return (_OFFER_ACCEPT if accept else _OFFER_DECLINE) + proposal_id


def read_offer_answer(data: str) -> tuple[str, bool] | None:
    """(proposal id, accept?) from a work offer's postback; None if it is not one."""
    for prefix, accept in ((_OFFER_ACCEPT, True), (_OFFER_DECLINE, False)):
        if data.startswith(prefix):
            return data[len(prefix) :], accept
    return None


def team_answer(proposal_id: str, approve: bool) -> str:
    return (_TEAM_APPROVE if approve else _TEAM_DECLINE) + proposal_id


def read_team_answer(data: str) -> tuple[str, bool] | None:
    """(proposal id, approve?) from a leader's button value or postback data; None if not one."""
    for prefix, approve in ((_TEAM_APPROVE, True), (_TEAM_DECLINE, False)):
        if data.startswith(prefix) and len(data) > len(prefix):
            return data[len(prefix) :], approve
    return None


def reassign(request_id: str, person_id: str) -> str:
    return f"{_REASSIGN}{request_id}:{person_id}"


def read_reassign(data: str) -> tuple[str, str] | None:
    """(request id, person id) from a button's value or postback data; None if it is not one."""
    if not data.startswith(_REASSIGN):
        return None
    request_id, _, person_id = data[len(_REASSIGN) :].partition(":")
    return (request_id, person_id) if request_id and person_id else None


def carried_decline(proposal_id: str) -> str:
    return _CARRIED_DECLINE + proposal_id


def read_carried_decline(data: str) -> str | None:
    """The proposal id of a 今回は辞退する postback; None if it is not one."""
    return data[len(_CARRIED_DECLINE) :] if data.startswith(_CARRIED_DECLINE) else None


# --- Yui's own LINE taps: `y1|<word>|<step>|<value>` ---------------------------------------------------
# The profile's quick replies and cards, and 自分の案件's 報告する; the same words typed work the same way
# (domain.profile_answers.word_of).


def tap_data(word: Word, step: Step | None = None, value: str = "") -> str:
    return "|".join((TAP_VERSION, word.value, step.value if step else "", value))


def read_tap(data: str) -> tuple[Word, Step | None, str] | None:
    parts = data.split("|")
    if len(parts) != 4 or parts[0] != TAP_VERSION:
        return None
    try:
        return Word(parts[1]), Step(parts[2]) if parts[2] else None, parts[3]
    except ValueError:
        return None
