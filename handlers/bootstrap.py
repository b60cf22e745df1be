"""One wiring function: which handler answers which message, with which ports."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from domain.i18n import translate
from domain.ports import UnitOfWork
from domain.refs import Locale
from handlers import assignees, conversation, coordinator, matching, profile, tasks
from handlers.commands import (
    AcceptOffer,
    AnswerQuestion,
    AnswerTeamWork,
    ApproveCandidate,
    CancelTask,
    ChangeTaskStatus,
    Command,
    ConfirmTask,
    DeclineCarriedShare,
    DeclineOffer,
    DraftTask,
    ExportReports,
    GrantCoordinator,
    HandleDigest,
    HandleMessage,
    HandlePostback,
    HandleSlashCommand,
    ListTasks,
    ManageTeams,
    MarkUnfollowed,
    PressQuestionButton,
    ProposeCandidates,
    ReassignCover,
    ShowHome,
    ShowProgrammeReport,
    ShowStatus,
    SubmitTaskForm,
    WelcomeFollower,
)
from handlers.cover import propose_cover, reassign_cover
from handlers.digest_delivery import ComposedDigests, DigestContent, handle_digest
from handlers.events import (
    AbsenceReported,
    CarriedShareDeclined,
    Event,
    ReportSubmitted,
    TaskChanged,
    TaskRegistered,
    WorkLeftBehind,
)
from handlers.messagebus import Handler, MessageBus
from handlers.narrative_writer import TemplateNarrativeWriter
from handlers.ports import (
    Clock,
    DefaultRichMenus,
    LanguageModel,
    Notifier,
    OutgoingMessage,
    PrivacyNotice,
    ProfileDirectory,
    RichMenus,
)
from handlers.questions import answering, asking, presses
from handlers.questions.finder import NoteFinder
from handlers.recurring import decline_carried_share, propose_for_freed_share
from handlers.reports import status

COMMAND_HANDLERS: dict[type[Command], Callable[..., Awaitable[Sequence[Event]]]] = {
    WelcomeFollower: conversation.welcome_follower,
    MarkUnfollowed: conversation.mark_unfollowed,
    HandleMessage: conversation.handle_message,
    HandlePostback: profile.handle_postback,
    HandleSlashCommand: conversation.handle_slash_command,
    DraftTask: tasks.draft_task,
    ConfirmTask: tasks.confirm_task,
    CancelTask: tasks.cancel_task,
    ChangeTaskStatus: tasks.change_task_status,
    SubmitTaskForm: tasks.submit_task_form,
    ListTasks: tasks.list_tasks,
    ShowHome: tasks.show_home,
    ProposeCandidates: matching.propose_candidates,
    ApproveCandidate: matching.approve_candidate,
    AcceptOffer: matching.accept_offer,
    DeclineOffer: matching.decline_offer,
    HandleDigest: handle_digest,
    DeclineCarriedShare: decline_carried_share,
    ReassignCover: reassign_cover,
    AnswerTeamWork: matching.answer_team_work,
    ExportReports: coordinator.export_reports,
    ManageTeams: coordinator.manage_teams,
    GrantCoordinator: coordinator.grant_coordinator,
    ShowProgrammeReport: coordinator.show_programme_report,
    ShowStatus: status.show_status,
    PressQuestionButton: presses.press_question_button,
    AnswerQuestion: answering.answer_question,
}
EVENT_HANDLERS: dict[type[Event], list[Callable[..., Awaitable[Sequence[Event]]]]] = {
    AbsenceReported: [propose_cover],  # tells the leaders too: notice and cover choice together
    TaskRegistered: [matching.propose_on_registration],
    TaskChanged: [assignees.tell_assignees],
    ReportSubmitted: [asking.ask_from_report],  # an earlier note, or the leaders with 回答する
    CarriedShareDeclined: [propose_for_freed_share],
    WorkLeftBehind: [profile.tell_of_work_left],
}


def bootstrap(
    *,
    uow_factory: Callable[[], UnitOfWork],
    notifier: Notifier,
    directory: ProfileDirectory,
    llm: LanguageModel,
    clock: Clock,
    digests: DigestContent | None = None,
    menus: RichMenus | None = None,
    privacy: PrivacyNotice | None = None,
) -> MessageBus:
    """Build the bus. Each handler gets the ports its signature names, and a fresh unit of work.
    `digests`: what a digest says (default: the template narrative, no LLM)."""
    ports: dict[str, Any] = {"notifier": notifier, "directory": directory, "llm": llm, "clock": clock}
    ports["finder"] = NoteFinder()  # this process's note indexes (handlers.questions.finder)
    ports["menus"] = menus if menus is not None else DefaultRichMenus()  # LINE: the rich menu per language
    ports["privacy"] = privacy if privacy is not None else PrivacyNotice()  # the first greeting's notice
    ports["digests"] = digests if digests is not None else ComposedDigests(TemplateNarrativeWriter(), clock)

    def inject(handler: Callable[..., Awaitable[Sequence[Event]]]) -> Handler:
        wanted = list(inspect.signature(handler).parameters)[1:]
        unknown = set(wanted) - set(ports) - {"uow"}
        if unknown:
            raise TypeError(f"{handler.__name__} asks for unknown ports: {sorted(unknown)}")

        async def run(message: Any) -> Sequence[Event]:
            deps = {name: uow_factory() if name == "uow" else ports[name] for name in wanted}
            uow: UnitOfWork | None = deps.get("uow")
            if uow is None:
                return await handler(message, **deps)
            async with uow.held():  # one connection for the whole handler, not one per block
                return await handler(message, **deps)

        return run

    async def report_error(command: Command) -> None:
        locale = command.locale_hint or Locale.JA
        await notifier.send(
            OutgoingMessage(
                chat=command.chat,
                text=translate("error.internal", locale),
                reply=command.reply,
                ephemeral_to=command.person,  # an apology is for the person who asked, not the channel
            )
        )

    return MessageBus(
        command_handlers={kind: inject(h) for kind, h in COMMAND_HANDLERS.items()},
        event_handlers={kind: [inject(h) for h in hs] for kind, hs in EVENT_HANDLERS.items()},
        report_error=report_error,
    )
