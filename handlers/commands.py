"""Commands: what someone asked Yui to do (imperative names, frozen, platform-neutral)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from domain.digest_schedule import DigestArgs
from domain.refs import ChatRef, Locale, PersonRef, ReplyHandle
from domain.task_form import TaskFields
from handlers.ports import SentMessage


@dataclass(frozen=True, slots=True)
class Command:
    """Every command comes from a person in a chat and may be answered there."""

    person: PersonRef
    chat: ChatRef
    reply: ReplyHandle | None
    locale_hint: Locale | None  # from the platform payload when it carries one


@dataclass(frozen=True, slots=True)
class WelcomeFollower(Command):
    """A LINE user followed the account (or unblocked it)."""


@dataclass(frozen=True, slots=True)
class MarkUnfollowed(Command):
    """A LINE user blocked the account: stop pushing to them."""


@dataclass(frozen=True, slots=True)
class HandleMessage(Command):
    """A free-text message: a LINE chat message, a Slack mention or DM."""

    text: str


@dataclass(frozen=True, slots=True)
class HandlePostback(Command):
    """A tap on a LINE postback action (quick reply, rich menu, Flex button); `data` as Yui sent it."""

    data: str


@dataclass(frozen=True, slots=True)
class HandleSlashCommand(Command):
    """`/yui <text>` in Slack; the handler reads the subcommand (help, task, 案件, ...)."""

    text: str


@dataclass(frozen=True, slots=True)
class DraftTask(Command):
    """A client's sentence asking for work (`/yui task <text>`; mentions and DMs classified as one)."""

    text: str


@dataclass(frozen=True, slots=True)
class ConfirmTask(Command):
    """The client pressed Confirm on a draft card (`card`: the message to update)."""

    task_id: str
    card: SentMessage | None


@dataclass(frozen=True, slots=True)
class CancelTask(Command):
    """Discard a draft, or cancel registered work with a reason."""

    task_id: str
    reason: str
    card: SentMessage | None


class StatusChange(enum.StrEnum):
    PAUSE = "pause"
    RESUME = "resume"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class ChangeTaskStatus(Command):
    task_id: str
    change: StatusChange
    card: SentMessage | None


@dataclass(frozen=True, slots=True)
class SubmitTaskForm(Command):
    """A valid task form: registers a new task (`task_id` None) or edits one (a draft's Edit)."""

    fields: TaskFields
    task_id: str | None
    card: SentMessage | None
    description_truncated: bool = False  # the prefill cut the description: keep the stored one


@dataclass(frozen=True, slots=True)
class ListTasks(Command):
    """`/yui tasks`: the organisation's open work, for the person who asked."""


@dataclass(frozen=True, slots=True)
class ShowHome(Command):
    """The person opened Yui's App Home tab."""


@dataclass(frozen=True, slots=True)
class ProposeCandidates(Command):
    """`/yui match <task>`: propose people (or teams) for one of the organisation's open tasks;
    `task` is its id or a word of its title."""

    task: str


@dataclass(frozen=True, slots=True)
class ApproveCandidate(Command):
    """The client pressed 承認 on a proposal card: offer the work to that person (or team)."""

    proposal_id: str
    card: SentMessage | None


@dataclass(frozen=True, slots=True)
class AcceptOffer(Command):
    """The teleworker tapped 引き受ける on an offer in LINE."""

    proposal_id: str


@dataclass(frozen=True, slots=True)
class DeclineOffer(Command):
    """The teleworker tapped お断りする on an offer in LINE."""

    proposal_id: str


@dataclass(frozen=True, slots=True)
class ReassignCover(Command):
    """A leader tapped 「〇〇さんに交代」 on a cover request (Slack button or LINE postback): the
    absent member's remaining share goes to `person_id`."""

    request_id: str
    person_id: str
    card: SentMessage | None = None  # the Slack message tapped, shown as decided in place


@dataclass(frozen=True, slots=True)
class AnswerTeamWork(Command):
    """A team leader approved (or declined) the split of a task proposed to their team."""

    proposal_id: str
    approve: bool
    card: SentMessage | None = None  # the Slack message tapped, shown as answered in place


@dataclass(frozen=True, slots=True)
class ShowStatus(Command):
    """`/yui status <task>`: a task's totals, pace, forecast and verdict, for the person who asked;
    `task` is its number in /yui tasks, its id or a word of its title."""

    task: str


@dataclass(frozen=True, slots=True)
class ExportReports(Command):
    """`/yui export 2026-11-01 2026-11-30` (coordinators): the period's progress reports as a CSV
    file in the chat; 「勤務表」/`timesheet` in `text` makes it one row per person and day."""

    text: str


@dataclass(frozen=True, slots=True)
class ManageTeams(Command):
    """`/yui team create <name> leader:@user`, `/yui team add @user [team]`, `/yui team list`."""

    text: str


@dataclass(frozen=True, slots=True)
class GrantCoordinator(Command):
    """`/yui coordinator @user`: give the coordinator role (rule in domain.permissions)."""

    text: str


@dataclass(frozen=True, slots=True)
class DeclineCarriedShare(Command):
    """The teleworker tapped 今回は辞退する on a recurring task's next occurrence that kept them on."""

    proposal_id: str


@dataclass(frozen=True, slots=True)
class HandleDigest(Command):
    """`/yui digest …` in Slack: a digest now ([team|task]), or subscribe / unsubscribe / time HH:MM."""

    args: DigestArgs


@dataclass(frozen=True, slots=True)
class ShowProgrammeReport(Command):
    """`/yui report [先月|2026-11] [client]` (coordinators): the month's programme figures."""

    text: str


@dataclass(frozen=True, slots=True)
class PressQuestionButton(Command):
    """回答する, 解決 or まだ困っている on a question (handlers.questions.buttons)."""

    data: str
    card: SentMessage | None = None


@dataclass(frozen=True, slots=True)
class AnswerQuestion(Command):
    """A leader's (or client's) answer: the Slack form's text, or the LINE message after 回答する."""

    question_id: str
    text: str
