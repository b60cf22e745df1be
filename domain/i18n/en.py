"""English catalog: for people whose LINE or Slack language is English."""

MESSAGES: dict[str, str] = {
    "greeting.follow": (
        "Nice to meet you, {name}! I'm Yui 🌱\n"
        "I help local teams take on work together and cover for each other.\n\n"
        "What you can do with me:\n"
        "- Get work proposals and accept or decline with a tap\n"
        '- Report progress in your own words, e.g. "Entered 50 invoices"\n'
        "- Tell me when you can't work and I'll let your leader know and find cover\n\n"
        'Send "help" any time.'
    ),
    "privacy.kept": (
        "About your personal data: Yui keeps your name, your LINE account, your profile (skills, hours, "
        "area, notes), your progress reports and the days you say you are off. They are used to offer you "
        "work and to let your team cover for each other. Your team leaders and the BPO programme's "
        "coordinators see them; client companies see only your name, your share and its progress, never "
        "why you are off. Send 'delete my account' at any time to have it deleted."
    ),
    "privacy.llm": "Your messages may be sent to an external AI (LLM) service to be read.",
    "privacy.link": "Our privacy notice: {url}",
    "greeting.welcome_back": ('Welcome back, {name}! Your profile is just as you left it.\nSend "help" any time.'),
    "greeting.hello": "Hello, {name}! I'm Yui.",
    "help.line": (
        "How to use Yui\n"
        '- Progress: send e.g. "Entered 50 invoices, 30 left for tomorrow"\n'
        '- Absence: "I can\'t work tomorrow, my child has a fever"\n'
        '- Your tasks: "my tasks"\n'
        '- Profile: "profile" (to fill in the rest: "continue")\n'
        '- Join a team: send your leader\'s code, e.g. "join ABC234"\n'
        '- Your team: "team"\n'
        '- Leaders: "digest" for today\'s digest, "digest 7pm" to change its daily time\n'
        '- Link Slack: send the code from /yui link in Slack, e.g. "link ABCD2345"\n'
        '- This message: "help"'
    ),
    "help.slack": (
        "*How to use Yui*\n"
        "• `/yui help` show this help\n"
        "• `/yui task` register a task (or in a sentence: `/yui task invoice entry 200 items by 12/5`)\n"
        "• `/yui tasks` your organisation's tasks\n"
        "• `/yui status <task>` progress and forecast\n"
        "• `/yui digest [team|task]` the digest now (only you see it)\n"
        "• `/yui digest subscribe [19:00] [task]` a daily digest in this channel "
        "(`time 19:00` to move it, `unsubscribe` to stop)\n"
        "• `/yui link` link your LINE account\n"
        "• coordinators: `/yui report [month]`, `/yui export <period>`, `/yui team`, `/yui coordinator @user`\n"
        'You can also mention me or DM me: "We need 200 invoices entered by next Friday".'
    ),
    "help.quick_reply": "Help",
    "fallback.not_understood": "Sorry, I couldn't understand \u201c{text}\u201d yet.",
    "command.unknown": "There is no `/yui {subcommand}` command.",
    "command.not_ready": "\u201c{feature}\u201d is coming soon.",
    "error.internal": "Sorry, something went wrong on my side. Please try again in a little while.",
    "error.weekly_hours_range": "Weekly hours must be between 0 and 80 (you entered {hours}).",
    "error.volume_positive": "The volume must be 1 or more (you entered {amount}).",
    "error.volume_unit_missing": "Please give a unit for the volume (items, pages, hours ...).",
    "error.task_title_missing": "Please give the task a title.",
    "error.question_empty": "The question is empty.",
    "error.answer_empty": "Please write an answer.",
    "error.note_empty": "Please write what the note should say.",
    "error.question_closed": "This question has already been answered or closed.",
    "error.budget_negative": "The budget cannot be negative (you entered {budget} yen).",
    "error.task_transition": "A task cannot move from \u201c{current}\u201d to \u201c{target}\u201d.",
}

MESSAGES.update(
    {
        "person.default_name": "there",
        "feature.task": "Task registration",
        "feature.tasks": "Task list",
        "feature.status": "Progress status",
        "feature.digest": "Daily digest",
        "feature.link": "LINE account linking",
    }
)

# Task drafts: the required fields Yui asks for when a client's request did not name them
MESSAGES.update(
    {
        "draft.missing.title": "title (e.g. invoice data entry)",
        "draft.missing.volume": "volume (e.g. 200 items, 10 hours)",
        "draft.missing.deadline": "deadline (e.g. 12/5, next Friday)",
        "draft.ask_missing": "Before I register it, please tell me the {fields}.",
        "list.separator": ", ",  # between items of a list in a sentence or a card field
    }
)

# Tasks: drafts, cards, the list, the form, changes
MESSAGES.update(
    {
        "status.draft": "Draft",
        "status.open": "Open",
        "status.matched": "Matched",
        "status.in_progress": "In progress",
        "status.paused": "Paused",
        "status.done": "Done",
        "status.cancelled": "Cancelled",
        "recurrence.one_off": "One-off",
        "recurrence.weekly": "Weekly",
        "recurrence.monthly": "Monthly",
        "shape.team": "Team contracting",
        "shape.individual": "Individual (skill matching)",
        "shape.hybrid": "Hybrid",
        "weekday.0": "Mon",
        "weekday.1": "Tue",
        "weekday.2": "Wed",
        "weekday.3": "Thu",
        "weekday.4": "Fri",
        "weekday.5": "Sat",
        "weekday.6": "Sun",
        "date.short": "{weekday} {year}-{month}-{day}",
        "task.field.title": "Title",
        "task.field.description": "Description",
        "task.field.volume": "Volume",
        "task.field.deadline": "Deadline",
        "task.field.skills": "Skills",
        "task.field.recurrence": "Recurrence",
        "task.field.shape": "Team shape",
        "task.field.budget": "Budget",
        "task.field.rate": "Rate",
        "task.field.updates_channel": "Updates channel",
        "task.field.region": "Region",
        "task.value.region_only": "{region} only",
        "task.field.status": "Status",
        "task.field.progress": "Progress",
        "task.field.assignees": "Assignees",
        "task.field.reason": "Reason",
        "task.value.missing": "❓ Not given yet (please tell me)",
        "task.value.none": "—",
        "task.value.unassigned": "Unassigned",
        "task.value.yen": "¥{amount}",
        "task.value.rate": "¥{amount} per {unit}",
        "task.value.volume": "{amount} {unit}",
        "task.thinking": "Thinking…",
        "task.draft_in_dm": (
            "Yui is not in this channel, so the draft is in your DM with Yui. "
            "To use Yui here, invite it with `/invite @Yui`."
        ),
        "task.draft.header": "Task draft",
        "task.draft.note": "Check it and press Confirm. Nothing is registered until you do.",
        "task.card.header": "Task",
        "task.button.confirm": "Confirm",
        "task.button.edit": "Edit",
        "task.button.cancel": "Cancel",
        "task.button.pause": "Pause",
        "task.button.resume": "Resume",
        "task.button.done": "Mark done",
        "task.registered": "Registered the task \u201c{title}\u201d.",
        "task.draft_cancelled": "Discarded the draft \u201c{title}\u201d. Nothing was registered.",
        "task.changed.paused": "Paused the task \u201c{title}\u201d.",
        "task.changed.resumed": "Resumed the task \u201c{title}\u201d.",
        "task.changed.cancelled": "Cancelled the task \u201c{title}\u201d.",
        "task.changed.done": "Marked the task \u201c{title}\u201d as done.",
        "task.changed.edited": "Updated the task \u201c{title}\u201d.",
        "task.changed.deadline_extended": "Extended the deadline of \u201c{title}\u201d to {deadline}.",
        "task.changed.volume_changed": "Changed the volume of \u201c{title}\u201d to {volume}.",
        "task.changed.by": " (by {name})",
        "task.untitled": "(untitled)",
        "tasks.header": "*{count} tasks*",
        "tasks.empty": "No tasks in progress. Register one with `/yui task`.",
        "tasks.line": "*{title}*  {status}\n{bar} {percent}%  due {deadline}  assignees: {assignees}",
        "home.header": "Yui | Your organisation's tasks",
        "home.hint": (
            "Register with `/yui task`, or mention me: \u201cWe need 200 invoices entered by next Friday\u201d."
        ),
        "tasks.command_usage": "Usage: `/yui {command} <task id>` (ids are shown by `/yui tasks`)",
        "error.task_incomplete": "It cannot be registered while the {fields} is missing. Use Edit to add it.",
        "error.deadline_not_later": "The new deadline must be later than the current one ({current}).",
        "error.task_closed": "A task that is \u201c{status}\u201d cannot be changed.",
        "error.task_already": "This task is already \u201c{status}\u201d.",
        "error.deadline_passed": "The deadline ({deadline}) has passed. Use Edit to pick a new one.",
        "error.task_not_found": "I could not find that task.",
        "modal.register_title": "Register a task",
        "modal.edit_title": "Edit the task",
        "modal.cancel_title": "Cancel the task",
        "modal.submit": "Register",
        "modal.save": "Save",
        "modal.close": "Close",
        "modal.cancel_submit": "Cancel task",
        "modal.title_placeholder": "e.g. Invoice data entry",
        "modal.skills_other": "Other skills (free text, comma separated)",
        "modal.volume_amount": "Volume (number)",
        "modal.volume_unit": "Unit",
        "modal.budget": "Budget in yen (optional)",
        "modal.rate": "Rate in yen (optional)",
        "modal.region": "Region (optional)",
        "modal.region_hint": (
            "People living there are proposed first (e.g. 伊那市); add ' only' for only them, 'none' for anywhere."
        ),
        "modal.money_hint": "Full-width digits, commas, 円 and kanji numerals (５万, 1,200円) are fine.",
        "modal.cancel_reason": "Reason for cancelling",
        "form.error.required": "Please fill this in.",
        "form.error.number": "Please enter a number (e.g. 200, ２００, 1,200円).",
        "form.error.positive": "Please enter 1 or more.",
        "form.error.deadline_past": "Please pick today or a later date.",
        "form.error.too_long": "Please keep it under {limit} characters.",
        "form.error.unit": "Please choose a unit.",
    }
)

# Teleworkers in LINE: onboarding, the profile, withdrawal, absences
MESSAGES.update(
    {
        "onboarding.intro": (
            "Let's set up your profile first (6 questions, a minute or two).\n"
            'Any question can be skipped with "Skip". Send "Cancel" to pause at any time, "Start over" to restart.'
        ),
        "onboarding.progress": "[{number}/{total}] ",
        "onboarding.ask.name": 'Shall I call you "{name}"?',
        "onboarding.ask.name_input": "Please send the name your team should see.",
        "onboarding.ask.skills": (
            "Which kinds of work can you do? Pick as many as you like,\n"
            'or write them, e.g. "bookkeeping, Excel and social media". Tap "Done" when finished.'
        ),
        "onboarding.ask.hours": "About how many hours a week can you work? (e.g. 10 hours, 10-15 hours, 2 hours a day)",
        "onboarding.ask.windows": 'When can you work? Pick as many as you like, then tap "Done".',
        "onboarding.ask.region": "Which town or city do you live in?",
        "onboarding.ask.constraints": (
            "Anything your leader should know? (e.g. nursery pick-up at 3 pm on weekdays, caregiving on Tuesdays)\n"
            "Only your leader sees this, never the other members."
        ),
        "onboarding.name_invalid": "Please send a name of 1 to {limit} characters.",
        "onboarding.name_greeting": "Nice to meet you too!",
        "onboarding.choice_unknown": "I could not find that choice.",
        "onboarding.choice_stale": "That choice is no longer available.",
        "onboarding.nothing_to_cancel": "Nothing is in progress, so there is nothing to stop.",
        "onboarding.skills_so_far": "Selected: {skills}\nPick more if you like.",
        "onboarding.skills_not_found": 'I could not read a skill there. Tap a button, or send e.g. "data entry".',
        "onboarding.hours_out_of_range": "{hours} hours a week is more than I can register. Please say 0 to 80.",
        "onboarding.hours_not_understood": 'I could not read the hours. Please send a number, e.g. "10 hours".',
        "onboarding.windows_not_understood": "I could not read a time of day there. Please tap a button.",
        "onboarding.windows_so_far": "Selected: {windows}",
        "onboarding.text_too_long": "Please keep it under {limit} characters.",
        "onboarding.restarted": "Starting over.",
        "onboarding.done": "Thank you for registering! I'll let you know when work comes your way.",
        "onboarding.done_skipped": 'Not filled in yet: {fields}\nSend "Continue" whenever you want to add them.',
        "onboarding.paused": "Paused. Everything you answered so far is saved.",
        "onboarding.nothing_open": "Your profile is complete.",
        "onboarding.resumed": "Let's continue your profile.",
        "onboarding.resume_hint": 'Send "Continue" any time to pick up your profile where you left off.',
        "profile.header": "Your profile",
        "profile.note": 'Tap what you want to change (e.g. "Change skills"). To leave Yui: "Delete my account".',
        "profile.updated": "Your profile is updated.",
        "profile.unchanged": "Nothing was changed.",
        "profile.value.unset": "not set",
        "profile.field.display_name": "Name",
        "profile.field.skills": "Skills",
        "profile.field.weekly_hours": "Hours",
        "profile.field.time_windows": "When",
        "profile.field.region": "Region",
        "profile.field.constraints": "For your leader",
        "withdraw.ask": (
            "Deleting your account removes your name, skills, hours, region and notes. "
            "Past work stays on record without your name.\nDelete your account?"
        ),
        "withdraw.kept": "Your account stays as it is.",
        "withdraw.work_left": (
            "{name} has left Yui. Their share of “{title}” ({units} {unit} not yet done) has no one now."
        ),
        "withdraw.work_reopened": "The client will be sent new candidates for it.",
        "withdraw.work_needs_cover": "The work has started, so someone needs to take it over.",
        "withdraw.done": (
            "Your account is deleted and your personal data removed. Thank you for everything.\n"
            "Send a message any time if you'd like to work with us again."
        ),
        "absence.ask": "When will you be off? (e.g. tomorrow, 12/3 to 12/5) Add the reason if you like.",
        "absence.when_not_understood": 'I could not read a date. Please send e.g. "tomorrow" or "12/3 to 12/5".',
        "absence.cancelled": "The absence notice is cancelled.",
        "absence.range": "{start} to {end}",
        "absence.recorded": "Got it: you are off on {dates}. Take care of yourself.",
        "absence.recorded_with_reason": "Got it: you are off on {dates} ({reason}). Take care of yourself.",
        "error.absence_range": "The absence ends ({end}) before it starts ({start}).",
        "window.weekday_morning": "Weekday mornings",
        "window.weekday_afternoon": "Weekday afternoons",
        "window.evening": "Evenings",
        "window.weekend": "Weekends",
        "quick.skip": "Skip",
        "quick.done": "Done",
        "quick.keep": "Keep it",
        "quick.change": "Change",
        "quick.more": "More skills",
        "quick.hours": "{hours} h/week",
        "quick.nothing": "Nothing",
        "quick.withdraw_confirm": "Yes, delete",
        "quick.cancel": "Cancel",
        "quick.resume": "Continue",
        "quick.today": "Today",
        "quick.tomorrow": "Tomorrow",
        "quick.day_after": "Day after tomorrow",
        "quick.edit_name": "Change name",
        "quick.edit_skills": "Change skills",
        "quick.edit_hours": "Change hours",
        "quick.edit_windows": "Change times",
        "quick.edit_region": "Change region",
        "quick.edit_constraints": "Change notes",
        "quick.withdraw": "Delete my account",
        "feature.my_tasks": "My tasks",
        "feature.report": "Today's report",
    }
)


# Progress reports: the confirmation after a report (domain.reports.confirmation)
MESSAGES.update(
    {
        "report.line": "{title}: {parts}",
        "report.part_separator": ", ",
        "report.unknown_title": "(task not clear yet)",
        "report.units_today": "{units}{unit} today",
        "report.approximate": " (recorded at the lower figure)",
        "report.total_of_target": " ({cumulative}/{target}{unit} in total)",
        "report.total": " ({cumulative}{unit} in total)",
        "report.hours": "{hours}h",
        "report.remaining": "{remaining}{unit} left",
        "report.done": "done 🎉",
        "report.plan": "{units}{unit} planned for {date}",
        "report.plan_no_units": "planned for {date}",
        "report.blocker": "Blocked: {text}{count} → shared with your leader",
        "report.blocker_count": " ({count}{unit})",
        "report.question": "Question: {text} → shared with your leader",
        "report.correction": "Correction: the report of {date} is now {value}{unit}",
        "report.correction_latest": "Correction: your last report is now {value}{unit}",
        "report.ask.assignment": "Which task is this report about?",
        "report.ask.unit": "Please add the unit too (items, sheets, ...).",
        "report.ask.contradiction": "The numbers do not add up. Could you send today's count and the total again?",
        "report.ask.hedge": 'How many did you do today? Please send the number (e.g. "30"); I record it then.',
        "report.quick.rest_today": "{units} {unit} today, done",
        "report.quick.rest_today_text": "{units} {unit} today, all done",
        "report.ask.exceeds": (
            "That is more than your share has left, so nothing is recorded yet. If it is right, ask your leader "
            "to raise your share."
        ),
        "report.nothing": "I could not read a report in that. Try something like 'Did 40 invoices today'.",
        "report.blocker_client": "Blocked: {text}{count} → shared with the client (you have no team leader)",
        "report.question_client": "Question: {text} → shared with the client (you have no team leader)",
        "report.blocker_nobody": "Blocked: {text}{count} (noted; no leader or client can be reached)",
        "report.question_nobody": "Question: {text} (noted; no leader or client can be reached)",
        "report.client_notice": '{name} reported on "{title}" with a blocker or question '
        "(they have no team leader, so you as the client are told):\n{blockers}",
        "report.leader_notice": '{name} reported on "{title}" with a blocker or question:\n{blockers}',
        "question.button.answer": "Answer",
        "question.button.helped": "Solved",
        "question.button.stuck": "Still stuck",
        "question.note_offer": (
            'About "{question}", the team has a note from an earlier answer:\n{answer}\n\nDid this solve it?'
        ),
        "question.note_helped": "Glad it helped! The note stays with the team.",
        "question.note_stuck": "Got it. I am sending it to your leader and will tell you when the answer comes.",
        "question.answer_prompt": 'Please send your answer to "{question}" as your next message.',
        "question.answer_sent": "Your answer reached {name}. It is kept as a team note (Q&A) too.",
        "question.answered": 'Your question on "{title}" has an answer.\n> {question}\n{answer}',
        "question.not_yours": "Only the team leader (or, without one, the client) can answer this question.",
        "question.form.title": "Answer the question",
        "question.form.submit": "Send answer",
        "question.form.label": "Answer (sent to the asker in LINE and kept as a team note)",
        "question.waiting_header": "Questions waiting for an answer ({count}):",
        "question.waiting_line": "- {question} (waiting {waited})",
        "question.waited_minutes": "{minutes} min",
        "question.waited_hours": "{hours} h",
        "question.waited_days": "{days} days",
        "note.accept_header": "Notes the team keeps on this work ({count}):",
        "note.line_qa": "- {question} → {answer}",
        "note.line_rule": "- {body}",
        "note.kept": 'Kept as note {count} on "{kind}". Send "notes {kind}" to see them all.',
        "note.none": 'There are no notes on "{kind}" yet.',
        "note.list_header": 'Notes on "{kind}" ({count}):',
        "note.list_hint": (
            'To change one: "edit note {label} NUMBER: new text"; to delete: "delete note {label} NUMBER"'
        ),
        "note.no_number": 'There is no note {number} on "{kind}" (1 to {count}).',
        "note.deleted": 'Deleted note {number} on "{kind}".',
        "note.edited": 'Changed note {number} on "{kind}".',
        "note.no_kind": (
            'No work of your teams matches "{label}". Use part of the task\'s title (e.g. "note invoices: ...").'
        ),
        "note.many_kinds": 'Several kinds of work match "{label}" ({kinds}). Please name one of them.',
        "report.quick.correct": "Correct it",
        "report.unit.件": " items",
        "report.unit.枚": " sheets",
        "report.unit.本": " pieces",
        "report.unit.記事": " articles",
        "report.unit.時間": " hours",
        "report.unit.ページ": " pages",
    }
)

# The LINE rich menu (one for everyone: the labels are also the words the taps send)
MESSAGES.update(
    {
        "menu.report": "Today's report",
        "menu.my_tasks": "My tasks",
        "menu.absence": "Absence",
        "menu.profile": "Profile",
        "menu.help": "Help",
        "menu.digest": "Digest",
        "menu.members": "Members",
        "menu.cover": "Cover",
        "menu.chat_bar": "Menu",
    }
)

# Teams: join codes and members (what each member may see: domain.permissions)
MESSAGES.update(
    {
        "team.joined": 'You joined "{team}"! Your leader is {leader}.',
        "team.already_member": 'You are already in "{team}".',
        "team.code_not_found": 'No team has the join code "{code}". Please check it with your leader.',
        "team.code_unreadable": 'I could not read a join code. Please send the six characters, e.g. "join ABC123".',
        "team.codes": "Your teams' join codes. Share them with the people you want in your team.\n{lines}",
        "team.code_line": "- {team}: {code}",
        "team.codes_leaders_only": "Only a team's leader can see its join code.",
        "team.header": "[{team}]",
        "team.role.leader": "leader",
        "team.role.member": "member",
        "team.member_line": "- {name} ({role}) {details}",
        "team.constraints_line": "  For the leader: {constraints}",
        "team.none": "You are not in a team yet. When your leader gives you a join code, just send it here.",
        "error.team_not_found": 'Team "{team}" was not found.',
        "error.person_not_found": 'No person has the id "{person}".',
    }
)

# Account linking (/yui link in Slack, the code sent to the LINE bot)
MESSAGES.update(
    {
        "link.code": (
            'Send "link {code}" to Yui on LINE to connect your LINE and Slack accounts.\n'
            "The code works once, for {minutes} minutes."
        ),
        "link.invalid": (
            "That link code is wrong, expired or already used. Run `/yui link` in Slack again and send the new code."
        ),
        "link.already": "This LINE account is already linked.",
        "link.other_line": "That Slack account is already linked to another LINE account.",
        "link.done": "Linked! {name}, your Slack and LINE accounts are now one.",
    }
)

# Absences, as the leader hears of them
MESSAGES.update(
    {
        "absence.leader_notice": "{name} will be off on {dates}.",
        "absence.leader_notice_reason": "{name} will be off on {dates} ({reason}).",
    }
)

# Matching: proposals to the client (Slack), offers to teleworkers (LINE)
MESSAGES.update(
    {
        "feature.match": "Candidate proposals",
        "match.header": "Proposed people: {title}",
        "match.lead": "People who could take “{title}” ({volume}, due {deadline}).",
        "match.line": "*{rank}. {name}* — {units} {unit}, about {hours} h, {earnings} ({status})\n    {reasons}",
        "match.earnings_unknown": "pay to be agreed",
        "match.team_line": "*{rank}. Team “{team}”* {members} people for {units} {unit} ({status})\n    {reasons}",
        "match.member": "    • {name} {units} {unit} ({status})",
        "match.note": (
            "Approving sends the offer to the person in LINE. If they decline, the next candidate is asked."
        ),
        "match.covered": "{covered}/{total} {unit} are taken.",
        "match.button.approve": "{rank}. Offer to {name}",
        "match.button.approve_team": "{rank}. Offer to team {team}",
        "match.none": "Nobody can take “{title}” right now (judged by skills, free time and the deadline).",
        "match.which_task": "Which task should I find people for? Send `/yui match <task name>`.\n{tasks}",
        "match.not_open": "“{title}” is {status}, so I cannot look for people.",
        "match.nothing_left": "“{title}” is already fully taken or offered.",
        "match.unnamed": "(no name yet)",
        "proposal.status.proposed": "proposed",
        "proposal.status.approved": "approved",
        "proposal.status.offered": "offered",
        "proposal.status.accepted": "accepted",
        "proposal.status.declined": "declined",
        "proposal.status.expired": "expired",
        "proposal.status.withdrawn": "withdrawn",
        "offer.header": "A job for you",
        "offer.lead": "Could you take on “{title}”?",
        "offer.field.share": "Your share",
        "offer.field.deadline": "Deadline",
        "offer.field.earnings": "Pay (estimate)",
        "offer.field.hours": "Time (estimate)",
        "offer.value.share": "{units} {unit} (of {total} {unit})",
        "offer.value.earnings": "about {amount} yen",
        "offer.value.earnings_unknown": "to be agreed",
        "offer.value.hours": "about {hours} h",
        "offer.button.accept": "Accept",
        "offer.button.decline": "Decline",
        "offer.accepted": "Thank you! “{title}”: {units} {unit} are yours. The deadline is {deadline}.",
        "offer.declined": "Understood. Thank you, and maybe next time.",
        "offer.closed": "This offer is already {status}.",
        "offer.not_found": "I could not find this offer.",
        "error.proposal_not_found": "I could not find that candidate.",
        "error.proposal_transition": "This candidate is {current}, so it cannot become {target}.",
    }
)

MESSAGES.update(
    {
        "task.assignee_notice.paused": (
            'Notice: the client has paused "{title}". Please stop work on it; we will tell you when it resumes.'
        ),
        "task.assignee_notice.resumed": 'Notice: "{title}" has resumed. The deadline is {deadline}.',
        "task.assignee_notice.cancelled": (
            'Notice: the client has cancelled "{title}". Thank you for the work so far.'
        ),
        "task.assignee_notice.done": 'Notice: "{title}" is complete. Thank you!',
        "task.assignee_notice.deadline_extended": 'Notice: the deadline of "{title}" is now {deadline}.',
        "task.assignee_notice.volume_changed": (
            'Notice: the total volume of "{title}" is now {volume}. Your leader will confirm your share.'
        ),
        "task.assignee_notice.edited": (
            'Notice: the details of "{title}" were updated (deadline {deadline}, total {volume}).'
        ),
    }
)

# Issue 5, second part: over-booking, cover, leader approval of team work.
MESSAGES.update(
    {
        "offer.taken": 'Sorry, others took all of "{title}" first. Maybe next time.',
        "offer.no_room": (
            'Sorry, "{title}" no longer fits: work you accepted since leaves too little free time before '
            "the deadline (or room under your earnings cap)."
        ),
        "cover.header": "Cover proposal",
        "cover.lead": (
            "{name} is off on {dates}. These people can take over the remaining {units} {unit} of "
            "“{title}” (deadline {deadline})."
        ),
        "cover.line": "*{rank}. {name}*{team} — {units} {unit}, about {hours} h\n    {reasons}",
        "cover.same_team": " (same team)",
        "cover.button": "Hand over to {name}",
        "cover.note": "A tap moves the remaining work to that person; both are told in LINE.",
        "cover.none": (
            "{name} is off on {dates}. Nobody has the free time to take over the remaining {units} {unit} "
            "of “{title}” (deadline {deadline}). Consider agreeing a new deadline with the client."
        ),
        "cover.waiting": (
            "{count} cover request(s) are waiting for your choice ({shown} shown). Choose who takes over."
        ),
        "cover.waiting_none": (
            "No cover request is waiting for you. When a member says they will be off, you will hear it here."
        ),
        "cover.not_found": "I could not find this cover request.",
        "cover.closed": "This cover is already decided: {by} handed {units} units to {name}.",
        "cover.nothing_left": "This cover request is closed: there is no work left to hand over.",
        "cover.no_room": "{name} has no free time for “{title}” right now. Please choose someone else.",
        "cover.done": "{name} now has {units} {unit} of “{title}”. Both have been told in LINE.",
        "cover.done_partial": (
            "{name} now has {units} {unit} of “{title}” (as much as their free time allows). "
            "The remaining {kept} {unit} stay with {absent}."
        ),
        "cover.to_teammate": (
            "Cover: while {absent} is off, {leader} asks you to take {units} {unit} of “{title}” "
            "(about {hours} h). The deadline is {deadline}. Thank you!"
        ),
        "cover.to_absent": "{name} takes over the remaining {units} {unit} of “{title}”. Rest well.",
        "cover.to_absent_partial": (
            "{name} takes over {units} {unit} of “{title}”. {kept} {unit} remain yours; take it easy."
        ),
        "error.cover_units": "{units} of a share of {share} cannot be handed over.",
        "error.cover_closed": "This cover is already {status}.",
        "proposal.status.leader": "waiting for the team leader",
        "match.leader_decides": "Team work is approved by the team's leader (waiting for the team leader).",
        "team.ask.header": "Work for your team: {title}",
        "team.ask.lead": ("Can team “{team}” take “{title}” ({volume}, deadline {deadline})? The split Yui proposes:"),
        "team.ask.member": "• {name} {units} {unit} (about {hours} h)",
        "team.ask.approve": "Approve and offer",
        "team.ask.decline": "Decline",
        "team.ask.note": ("On approval each person gets their offer in LINE. If you decline, the next team is asked."),
        "team.approved": "Approved. Each person has been sent their offer.",
        "team.declined": "Understood. The next team will be asked.",
        "match.region": "Region: people living in {region} come first.",
        "match.region_only": "Region: only people living in {region}.",
        "match.none_region": (
            "Nobody living in {region} can take “{title}”. `region:{region}` (without “only”) also looks beyond it."
        ),
        "team.share_open": (
            "{name}'s share of “{title}” ({units} {unit}) is now {status}. The client can look for someone else "
            "with `/yui match`; if a member can take it, talk it over."
        ),
        "cover.decided": "{by} handed {units} {unit} of “{title}” from {absent} to {name}.",
        "team.share_moved": (
            "{name}'s share of “{title}” ({units} {unit}) is now {status}, so, as part of the split you approved, "
            "{next} has been asked to take {next_units} {unit}."
        ),
    }
)

# Issue 17: the web console at /console (pages, sign-in, downloads, operations).
MESSAGES.update(
    {
        "console.brand": "Console",
        "console.title": "Yui console",
        "console.lang.switch": "日本語",
        "console.signout": "Sign out",
        "console.nav.overview": "Overview",
        "console.nav.people": "People",
        "console.nav.work": "Work",
        "console.nav.teams": "Teams",
        "console.nav.downloads": "Downloads",
        "console.nav.operations": "Settings",
        "console.signin.title": "Sign in to the Yui console",
        "console.signin.link_intro": "You opened a sign-in link. Press the button to sign in (the link works once).",
        "console.signin.button": "Sign in",
        "console.signin.slack": "Sign in with Slack",
        "console.signin.cli_hint": "The server's operator can print a single-use sign-in link with:",
        "console.signin.link_invalid": (
            "This link cannot be used (it was used already or has expired). Ask for a new one."
        ),
        "console.signin.slack_failed": "Signing in with Slack did not complete. Please try again.",
        "console.signin.unknown_person": (
            "Yui does not know this Slack account yet. Talk to /yui in Slack once, then try again."
        ),
        "console.error.not_found": "Page not found",
        "console.error.back": "Back to the console",
        "console.error.no_access": (
            "There is nothing this account can see here (coordinators, client members and team leaders can)."
        ),
        "console.error.csrf": "The form has expired. Open the page again and send it once more.",
        "console.error.bad_form": "Please check what you entered.",
        "console.overview.title": "Programme overview",
        "console.overview.hours": "Hours worked",
        "console.overview.earnings": "Paid to residents",
        "console.overview.active": "Active residents",
        "console.overview.new": "New",
        "console.overview.outside": "Income from outside",
        "console.overview.local": "Local",
        "console.overview.reports": "Progress reports",
        "console.overview.report_rate": "Report rate (7 days)",
        "console.overview.report_rate_detail": "{reported} of {holding} assignees reported",
        "console.overview.questions": "Open questions",
        "console.overview.questions_detail": "asked by workers, not yet answered",
        "console.overview.before": "Last month",
        "console.overview.spread": "Spread of work (Gini)",
        "console.overview.with_work": "Residents with work",
        "console.overview.at_risk": "Work at risk",
        "console.overview.see_list": "See the list",
        "console.overview.verdict": "Outlook",
        "console.overview.none_at_risk": "No work near its deadline looks late.",
        "console.overview.trend_title": "Earnings over 12 months",
        "console.overview.hours_title": "Hours and active residents over 12 months",
        "console.overview.by_team": "Hours per team (this month)",
        "console.overview.by_client": "Earnings per client (this month)",
        "console.pager.previous": "Previous",
        "console.pager.next": "Next",
        "console.people.title": "People",
        "console.people.search": "Search by name",
        "console.people.search_hint": "e.g. Kobayashi",
        "console.people.skill": "Skill",
        "console.people.region": "Region",
        "console.people.team": "Team",
        "console.people.availability": "Available",
        "console.people.status": "Status",
        "console.people.apply": "Filter",
        "console.people.count": "{count} people",
        "console.people.name": "Name",
        "console.people.roles": "Roles",
        "console.people.skills": "Skills",
        "console.people.hours": "Hours/week",
        "console.people.none": "Nobody matches.",
        "console.people.unnamed": "(no name yet)",
        "console.person.profile": "Profile",
        "console.person.constraints": "Notes for the leader",
        "console.person.platforms": "Apps",
        "console.person.earnings": "Work accepted this year",
        "console.person.cap": "{percent} of the {cap} cap",
        "console.person.no_cap": "No earnings cap set.",
        "console.person.teams": "Teams",
        "console.person.work": "Current work",
        "console.person.no_work": "No current work.",
        "console.person.export": "Export their data (JSON)",
        "console.person.delete": "Delete personal data (withdraw)",
        "console.person.delete_confirm": (
            "I understand this cannot be undone. Unreported work is given back and their leaders are told."
        ),
        "console.person.delete_unconfirmed": "Tick the confirmation to delete.",
        "console.person.absences": "Time off (recent and planned)",
        "console.work.title": "Work board",
        "console.work.client": "Client",
        "console.work.task": "Task",
        "console.work.deadline": "Due",
        "console.work.progress": "Progress",
        "console.work.more": "{count} more",
        "console.board.open": "Open",
        "console.board.leader": "Leader to confirm",
        "console.board.matched": "Assigned",
        "console.board.in_progress": "In progress",
        "console.board.done": "Done",
        "console.task.forecast": "Forecast",
        "console.task.pace": "Pace",
        "console.task.workday": "working day",
        "console.task.assignees": "Assignees",
        "console.task.hours": "Hours",
        "console.task.share": "Share",
        "console.task.proposals": "Proposals and reasons",
        "console.task.reasons": "Reasons",
        "console.task.timeline": "Reports",
        "console.task.no_reports": "No reports yet.",
        "console.task.changes": "Change log",
        "console.task.by_yui": "Yui",
        "console.task.burnup": "Burn-up",
        "console.task.reported": "Reported",
        "console.task.deadline": "Deadline",
        "console.task.forecast_line": "Forecast",
        "console.teams.title": "Teams",
        "console.teams.members": "Members",
        "console.teams.load": "Load against capacity this week",
        "console.teams.load_hours": "Hours held",
        "console.teams.capacity": "Hours/week",
        "console.teams.calendar": "Time off (two weeks)",
        "console.downloads.title": "Monthly report downloads",
        "console.downloads.month": "Month",
        "console.downloads.all": "All clients",
        "console.downloads.xlsx": "Excel (with chart)",
        "console.downloads.csv": "CSV (one row per report)",
        "console.downloads.note": "These files name residents and their pay: handle them with care.",
        "console.ops.title": "Settings and operations",
        "console.ops.done": "Changed (and logged).",
        "console.ops.name_org": "An organisation's name, kind and region",
        "console.ops.new_name": "New name",
        "console.ops.kind": "Kind",
        "console.ops.save": "Save",
        "console.ops.create_team": "Create a team",
        "console.ops.team_name": "Team name",
        "console.ops.leader_id": "Leader's id (shown on People)",
        "console.ops.create": "Create",
        "console.ops.grant_coordinator": "Grant the coordinator role",
        "console.ops.person_id": "Person's id",
        "console.ops.grant": "Grant",
        "console.ops.appoint_leader": "Appoint a leader",
        "console.ops.appoint": "Appoint",
        "console.ops.approve": "Request",
        "console.ops.log": "Change log",
        "console.ops.when": "When",
        "console.ops.who": "Who",
        "console.ops.what": "What",
        "console.xlsx.summary": "Summary",
        "console.xlsx.clients": "Clients",
        "console.xlsx.skills": "Skills",
        "console.xlsx.outside_yen": "Of which outside (yen)",
        "console.status.active": "Active",
        "console.status.withdrawn": "Withdrawn",
        "console.status.all": "All",
        "console.role.client_member": "Client",
        "console.role.teleworker": "Teleworker",
        "console.role.leader": "Leader",
        "console.role.coordinator": "Coordinator",
        "console.window.weekday_morning": "Weekday mornings",
        "console.window.weekday_afternoon": "Weekday afternoons",
        "console.window.evening": "Evenings",
        "console.window.weekend": "Weekends",
        "console.verdict.done": "Done",
        "console.verdict.on_track": "On track",
        "console.verdict.at_risk": "At risk",
        "console.verdict.late": "Late",
        "console.verdict.not_started": "Not started",
        "console.taskstatus.draft": "Draft",
        "console.taskstatus.open": "Open",
        "console.taskstatus.matched": "Assigned",
        "console.taskstatus.in_progress": "In progress",
        "console.taskstatus.paused": "Paused",
        "console.taskstatus.done": "Done",
        "console.taskstatus.cancelled": "Cancelled",
        "console.proposal.proposed": "Proposed",
        "console.proposal.approved": "Approved",
        "console.proposal.offered": "Offered",
        "console.proposal.accepted": "Accepted",
        "console.proposal.declined": "Declined",
        "console.proposal.expired": "Expired",
        "console.proposal.withdrawn": "Withdrawn",
        "console.orgkind.client": "City company (client)",
        "console.orgkind.local_company": "Local company",
        "console.orgkind.municipality": "Municipality",
        "console.orgkind.operator": "BPO operator",
        "console.change.drafted": "Drafted",
        "console.change.registered": "Registered",
        "console.change.edited": "Edited",
        "console.change.deadline_extended": "Deadline extended",
        "console.change.volume_changed": "Volume changed",
        "console.change.paused": "Paused",
        "console.change.resumed": "Resumed",
        "console.change.cancelled": "Cancelled",
        "console.change.done": "Done",
        "console.change.recurred": "Next occurrence created",
        "console.change.matched": "Assigned",
        "console.change.share_released": "Share given back",
        "console.change.started": "Work started",
        "console.change.reopened": "Looked for again",
        "console.link.printed": "Console sign-in link (valid {minutes} minutes, single use):",
    }
)

# Issue 7 (coordinator audience) and issue 4 (coordinator commands): the monthly programme report,
# report exports, /yui team and /yui coordinator.
MESSAGES.update(
    {
        "feature.export": "report export (CSV)",
        "feature.team": "team management",
        "feature.coordinator": "the coordinator role",
        "report.title": "Regional BPO monthly report {period}",
        "report.period.month": "{year}-{month:0>2}",
        "report.period.range": "{start} to {end}",
        "report.row.hours": "Hours worked",
        "report.row.earnings": "Earnings paid to residents",
        "report.row.outside": "Income from outside the region",
        "report.row.local": "Income from local companies",
        "report.row.active": "Active residents",
        "report.row.reach": "Residents who had work",
        "report.value.reach": "{active} of {enrolled} ({percent}%)",
        "report.row.gini": "Spread of hours (Gini, 0 = even)",
        "report.row.new": "New participants",
        "report.row.reports": "Progress reports",
        "report.row.units": "Work done",
        "report.value.hours": "{hours} h",
        "report.value.yen": "¥{yen}",
        "report.value.people": "{count}",
        "report.value.count": "{count}",
        "report.value.share": "{value} ({percent}%)",
        "report.value.withdrawn_included": "{value} (incl. {count} since withdrawn)",
        "report.skills_title": "Skills used",
        "report.skills_line": "Skills used: {skills}",
        "report.skill_use": "{skill} ({count})",
        "report.clients_title": "Clients",
        "report.kind.outside": "outside",
        "report.kind.local": "local",
        "report.kind.mixed": "outside and local",
        "report.note.no_hours": "{count} reports on hourly-rate tasks gave no hours and are not in the earnings.",
        "report.note.unpriced": "{count} reports on tasks without a rate are not in the earnings.",
        "report.note.rule": (
            "Income from outside the region: work whose client is in a different region from the resident "
            "(when either region is unknown, work from city client companies counts as outside)."
        ),
        "report.empty": "No progress reports for {period}.",
        "report.withdrawn_person": "withdrawn-{id}",
        "report.unnamed_person": "unnamed-{id}",
        "report.correction_note": "correction (entered {date} {time})",
        "knowhow.title": "Know-how (per team)",
        "knowhow.column.asked": "Questions",
        "knowhow.column.answered": "Answered",
        "knowhow.column.median": "Median time to answer",
        "knowhow.column.notes": "Notes kept",
        "knowhow.hours": "{hours} h",
        "knowhow.no_team": "(no team)",
        "knowhow.none": "Know-how: no questions or notes in this period.",
        "report.column.date": "date",
        "report.column.team": "Team",
        "report.column.time": "time",
        "report.column.person": "person",
        "report.column.organization": "client",
        "report.column.task": "task",
        "report.column.units": "units",
        "report.column.unit": "unit",
        "report.column.hours": "hours",
        "report.column.yen": "yen",
        "report.column.blockers": "blockers and questions",
        "report.column.parser": "parser",
        "report.column.note": "note",
        "report.column.reports": "reports",
        "report.column.tasks": "tasks",
        "report.column.skill": "skill",
        "report.column.residents": "residents",
        "report.column.kind": "kind",
        "report.column.item": "item",
        "report.column.value": "value",
        "error.organization_not_found": 'No client organisation "{organization}".',
        "error.month_unreadable": 'I could not read the month "{text}". Use e.g. 2026-11, 11月 or "last month".',
        "export.done": "{count} progress reports for {period} as CSV (opens directly in Excel).",
        "export.done_timesheet": (
            "Timesheet for {period} ({count} rows: one per person and day) as CSV (opens directly in Excel)."
        ),
        "export.file_title": "Progress reports {period}",
        "export.sent_to_dm": "Yui is not a member of this channel, so the file was sent to you in a DM.",
        "export.period_unreadable": (
            'I could not read the period "{text}". Use e.g. `/yui export 2026-11-01 2026-11-30`, '
            "`/yui export 11月1日〜11月30日` or `/yui export last month` "
            "(add `timesheet` for one row per person and day)."
        ),
        "coordinator.only": (
            "Only coordinators can do this. Ask a coordinator to run `/yui coordinator @you` for you."
        ),
        "coordinator.granted": "{name} is now a coordinator.",
        "coordinator.already": "{name} is already a coordinator.",
        "coordinator.usage": "Usage: `/yui coordinator @user` (gives the coordinator role)",
        "coordinator.not_allowed": (
            "Only coordinators can give the coordinator role "
            "(while there is no coordinator yet, an admin of the Slack workspace can too)."
        ),
        "teamcmd.usage": (
            "Usage:\n"
            "• `/yui team create <name> leader:@user` create a team\n"
            "• `/yui team add @user [team]` add a member\n"
            "• `/yui team leader @user [team]` appoint the leader (the previous one stays a member)\n"
            "• `/yui team list` list the teams"
        ),
        "teamcmd.created": (
            'Team "{team}" created. Leader: {leader}, join code: {code}\n'
            "Sending this code to the LINE bot joins the team."
        ),
        "teamcmd.added": '{name} added to team "{team}".',
        "teamcmd.already_in": '{name} is already in team "{team}".',
        "teamcmd.which": "Which team? Please add the team's name ({teams}).",
        "teamcmd.list_header": "Teams",
        "teamcmd.list_line": "• {team} (join code {code}) leader: {leader} / members: {members}",
        "teamcmd.no_members": "none",
        "teamcmd.leader_set": "{name} now leads the team “{team}”; the previous leader stays in it as a member.",
        "teamcmd.which_leader": "Which team should they lead? Add the team's name ({teams}).",
        "teamcmd.list_empty": "No teams yet. Create one with `/yui team create <name> leader:@user`.",
        "teamcmd.not_allowed": 'Only coordinators and the team\'s leader can add members to "{team}".',
        "teamcmd.name_missing": "Please name the team, e.g. `/yui team create Ina team leader:@yamamoto`.",
        "teamcmd.leader_missing": "Please name the leader with `leader:@user`.",
        "user.unreadable": 'I could not read a user in "{text}". Please @mention them in Slack.',
        "user.unknown": 'I could not find "{text}". Please @mention them in Slack.',
        "user.ambiguous": 'More than one person is called "{text}". Please @mention them in Slack.',
    }
)

# Issue 6: corrections, the guided report, "my progress", /yui status and the client's card, reminders
MESSAGES.update(
    {
        "report.correction_not_found": (
            'I couldn\'t find the report to correct. Tap "Correct" to pick one of your recent reports.'
        ),
        "report.correction_total": "{title}: {cumulative}{unit} in total now",
        "report.correction_total_of_target": "{title}: {cumulative}/{target}{unit} in total now",
        "report.no_work": "You have no work in progress right now. Once you accept a task you can report on it here.",
        "report.nothing_to_correct": "There is no report to correct yet.",
        "report.task_complete": (
            'Everyone working on "{title}" has reported their share finished ({done}/{total}{unit}). '
            'Once you have checked it, press "Mark done".'
        ),
        "report.button.mark_done": "Mark done",
        "dialog.how_many": 'How much of "{title}" did you do today ({unit})? Send a number (e.g. 50).',
        "dialog.note": (
            'Anything blocking you, a question or a note? Send it (your leader will see it), or tap "None".'
        ),
        "dialog.which_report": "Which report do you want to correct?",
        "dialog.new_value": "Send the right number (e.g. 45).",
        "dialog.pick_again": "Please pick one of the buttons below (or send its number).",
        "dialog.number_again": 'Please send a number (e.g. 45), or "cancel" to stop.',
        "dialog.note_too_long": "Please keep the note under 500 characters.",
        "dialog.cancelled": 'Report cancelled. Tap "Today\'s report" to start again.',
        "dialog.quick.cancel": "Cancel",
        "dialog.quick.none": "None",
        "dialog.report_label": "{date} {title} {units}{unit}",
        "dialog.raw_text": "Today's report: {title} {units}{unit} {note}",
        "own.header": "Your progress (as of {date})",
        "own.line": "- {title}: {done}/{share}{unit} ({left}{unit} left)",
        "own.pace": "  pace {pace}{unit} a day, expected to finish {forecast} (due {deadline}): {verdict}",
        "own.no_pace": "  no forecast before your first report (due {deadline}): {verdict}",
        "verdict.done": "done",
        "verdict.on_track": "on track",
        "verdict.at_risk": "at risk",
        "verdict.late": "behind",
        "verdict.not_started": "not started",
        "progress.header": 'Progress of "{title}"',
        "progress.totals": "{bar} {percent}%  {done}/{total}{unit} ({left}{unit} left)",
        "progress.person": "- {name}: {done}/{share}{unit}",
        "progress.pace": "{pace}{unit} a working day",
        "progress.no_forecast": "not yet (too few reports)",
        "progress.field.today": "Today",
        "progress.field.pace": "Pace",
        "progress.field.forecast": "Expected finish",
        "progress.field.verdict": "Verdict",
        "progress.which_task": "Which task? Use `/yui status <number>` or a word of its title.\n{tasks}",
        "line_quota.limit_reached.header": "LINE's monthly message limit is reached",
        "line_quota.limit_reached": (
            "The LINE official account has used up this month's messages: since {day}, LINE push"
            " messages (reminders, offers, cover requests, digests ...) no longer reach people."
            " Answers to people who write to Yui in LINE still go out."
            " Check the plan or additional messages in LINE Official Account Manager, and tell the teams if needed."
            " (You get this notice once a day at most.)"
        ),
        "reminder.text": (
            'Hi {name}, how did "{tasks}" go today?\n'
            'Send something like "50 done", or tap "Today\'s report" below.\n'
            '(Change the time with "remind 20:00", stop with "remind stop".)'
        ),
        "reminder.set": "I'll remind you at {time} on your working days (never once you have reported).",
        "reminder.stopped": 'Reminders stopped. Send "remind resume" to get them again.',
        "reminder.resumed": "Reminders are back on, at {time} every working day.",
        "reminder.show_on": 'Your reminder is at {time}. Change it with "remind 20:00" or stop it with "remind stop".',
        "reminder.show_off": 'Reminders are off (set for {time}). Send "remind resume" to turn them on.',
        "reminder.invalid": 'I couldn\'t read that time. Try "remind 20:00" or "remind 8pm".',
    }
)

# Issue 4 (my tasks, the profile as a card) and issue 3 (recurring work keeps its assignees).
MESSAGES.update(
    {
        "my_tasks.none": (
            "You have no work assigned right now. I will tell you here in LINE when an offer arrives. "
            'If you will be away, tell me with "Absence".'
        ),
        "my_tasks.lead": "Your work ({count})",
        "my_tasks.more": "Showing the {shown} with the nearest deadlines.",
        "my_tasks.field.deadline": "Due",
        "my_tasks.field.share": "Your share",
        "my_tasks.field.progress": "Progress",
        "my_tasks.field.status": "Status",
        "my_tasks.value.share": "{units} {unit} (of {total} {unit})",
        "my_tasks.value.progress": "{done}/{units} {unit}",
        "my_tasks.value.deadline_at": "{date} {time}",
        "my_tasks.value.overdue": "{date} (past due)",
        "my_tasks.value.today": "{date} (today)",
        "my_tasks.value.days_left": "{date} ({days} days left)",
        "my_tasks.note.paused": "The client has paused this work. I will tell you when it resumes.",
        "my_tasks.note.done": "Your whole share is reported. Thank you!",
        "my_tasks.note.left": "{left} {unit} to go",
        "my_tasks.button.report": "Report",
        "my_tasks.field.team": "Team",
        "my_tasks.value.team": "{team}: {done}/{units} {unit} ({members} people)",
        "profile.section.about": "Name and skills",
        "profile.section.work": "When you can work",
        "profile.section.notes": "Region and notes",
        "task.value.assignee": "{name} ({units} {unit})",
        "recurring.header": "Next round of recurring work",
        "recurring.carried": (
            'The next round of "{title}" is starting. As last time, your share is {units} {unit}. '
            'If you cannot take it this time, tap "Decline this round".'
        ),
        "recurring.button.decline": "Decline this round",
        "recurring.declined": (
            'Understood. You are no longer on this round of "{title}" (due {deadline}, {units} {unit}). '
            "I will ask someone else."
        ),
        "recurring.decline_closed": (
            "This share has already been given back, or the work is over, so there was nothing to decline."
        ),
        "recurring.decline_started": (
            'Reports on "{title}" have already started, so it cannot be declined from here. Please talk to your leader.'
        ),
    }
)

# Digests (issue 7): the narrative template, the summary and the per-task details.
MESSAGES.update(
    {
        "digest.date": "{weekday} {month}/{day}",
        "digest.date_year": "{weekday} {year}-{month}-{day}",
        "digest.name": "{name}",
        "digest.value.no_forecast": "no forecast",
        "digest.value.no_deadline": "no deadline",
        "digest.risk.late": "Late: {title} (forecast {forecast}, deadline {deadline}).",
        "digest.risk.at_risk": "At risk: {title} (forecast {forecast}, deadline {deadline}).",
        "digest.risk.more": "Late or at risk in all: {count} tasks.",
        "digest.leader.no_tasks": "This team has no work in progress.",
        "digest.client.no_tasks": "You have no work in progress with us at the moment.",
        "digest.leader.output_day": "Work moved on {moving} of {tasks} tasks today.",
        "digest.leader.output_week": "Work moved on {moving} of {tasks} tasks this week.",
        "digest.client.output_day": "Today we worked on {moving} of your {tasks} tasks.",
        "digest.client.output_week": "Last week we worked on {moving} of your {tasks} tasks.",
        "digest.leader.day_off": "Today ({day}) is a day off: no reports were expected.",
        "digest.leader.reports": "Reports: {reported}/{expected} people.",
        "digest.leader.not_reported": "Not reported yet: {names}.",
        "digest.leader.absent": "Off today: {names}.",
        "digest.leader.blockers": "Open blockers: {count}, the oldest for {days} days ({names}).",
        "digest.leader.blockers_today": "Blockers raised today: {count} ({names}).",
        "digest.client.questions": "Open questions: {count}. Your team leader will contact you about them.",
        "digest.leader.decide": "To decide: talk about the deadline, or ask a teammate to cover.",
        "digest.client.decide": "We may contact you about the delivery date.",
        "digest.leader.cover": "{name} is off while {titles} is behind: consider a teammate to cover.",
        "digest.leader.help": "Please check in with the members who are blocked.",
        "digest.leader.all_on_track": "No task is in danger of missing its deadline.",
        "digest.client.all_on_track": "Every task is expected to be delivered by its deadline.",
        "digest.change.deadline": "{title}: the deadline moved from {before} to {after}.",
        "digest.change.volume": "{title}: the volume changed from {before} to {after}.",
        "digest.change.registered": "{title}: registered.",
        "digest.change.edited": "{title}: details changed.",
        "digest.change.deadline_extended": "{title}: the deadline changed.",
        "digest.change.volume_changed": "{title}: the volume changed.",
        "digest.change.paused": "{title}: paused.",
        "digest.change.resumed": "{title}: resumed.",
        "digest.change.cancelled": "{title}: cancelled.",
        "digest.change.done": "{title}: finished.",
        "digest.change.recurred": "{title}: the next occurrence started.",
        "digest.change.matched": "{title}: fully assigned.",
        "digest.change.started": "{title}: work started.",
        "digest.change.drafted": "{title}: drafted.",
        "digest.change.share_released": "{title}: a share was given back; Yui is finding someone for it.",
        "digest.change.reopened": "{title}: the volume grew; Yui is finding people for the rest.",
        "digest.header.daily": "Digest: {scope} ({date})",
        "digest.header.weekly": "Weekly digest: {scope} ({start} to {end})",
        "digest.field.tasks": "Tasks",
        "digest.value.verdict_count": "{verdict} {count}",
        "digest.value.separator": " · ",
        "digest.field.reports": "Reports",
        "digest.value.reports": "{reported}/{expected} people",
        "digest.value.reports_day_off": "day off",
        "digest.field.blockers": "Blockers",
        "digest.field.questions": "Open questions",
        "digest.value.count": "{count}",
        "digest.field.hours": "Hours",
        "digest.value.hours": "{hours} h",
        "digest.risks.header": "Risks",
        "digest.verdict.done": "done",
        "digest.verdict.on_track": "on track",
        "digest.verdict.at_risk": "at risk",
        "digest.verdict.late": "late",
        "digest.verdict.not_started": "not started",
        "digest.status.paused": "paused",
        "digest.status.cancelled": "cancelled",
        "digest.field.period_day": "Today",
        "digest.field.period_week": "This week",
        "digest.field.done": "Done",
        "digest.field.pace": "Pace",
        "digest.field.forecast": "Forecast",
        "digest.field.deadline": "Deadline",
        "digest.value.units": "{count} {unit}",
        "digest.value.progress": "{done}/{total} {unit}",
        "digest.value.pace": "{pace} {unit} a day",
        "digest.value.hours_pair": "{today} h ({total} h in all)",
        "digest.button.open": "Open task",
        "digest.details.lead": "Task details ({count})",
        "digest.members.header": "Members",
        "digest.member.reported": "reported {units} units, {hours} h",
        "digest.member.reported_units": "reported {units} units",
        "digest.member.not_reported": "not reported",
        "digest.member.no_work": "no assignment",
        "digest.member.absent": "off",
        "digest.member.absent_reason": "off ({reason})",
        "digest.blockers.header": "Blockers",
        "digest.blocker.line": "{name} · {title}: {text} (since {since})",
        "digest.question.line": "{title}: open question (since {since})",
        "digest.changes.header": "Changes",
        "digest.member.state_reported": "reported",
        "digest.member.state_quiet": "no report (day off)",
        "digest.prompt.reader.leader": "the team leader",
        "digest.prompt.reader.client": "the client company",
        "error.digest_scope": "I could not find what this digest is about (team, task or client).",
        "error.digest_future": "I cannot make a digest for a day that has not come yet ({day}).",
        "digest.text.source_template": "(template text)",
    }
)

# Digest delivery (issue 7): subscriptions, times, on-demand answers
MESSAGES.update(
    {
        "digest_delivery.late": "(The digest for {date}, delivered late: I could not send it on time.)",
        "digest_delivery.bad_time": "I could not read “{text}” as a time. For example: 19:00, 7pm.",
        "digest_delivery.not_leader": (
            "Daily digests go to team leaders, and you do not lead a team yet, so there is no digest to show. "
            "Your own work is under “My tasks”."
        ),
        "digest_delivery.which_task": "I could not find a task matching “{text}”. Open tasks:\n{tasks}",
        "digest_delivery.no_tasks": "(no open tasks)",
        "digest_delivery.which_team": "None of the teams you lead is called “{text}”. Your teams: {teams}",
        "digest_delivery.subscribe_slack_only": (
            "Digest subscriptions are made in a client's Slack channel with `/yui digest subscribe`."
        ),
        "digest_delivery.scope_task": "the task “{title}”",
        "digest_delivery.scope_organization": "all of {name}'s open tasks",
        "digest_delivery.subscribed": (
            "This channel will get a digest of {what} every day at {time} ({zone}), "
            "and last week's summary every Monday at {weekly}.\n"
            "Change the time with `/yui digest time 19:00`; stop with `/yui digest unsubscribe`."
        ),
        "digest_delivery.unsubscribed": "This channel will no longer get digests.",
        "digest_delivery.not_subscribed": "This channel is not subscribed to digests.",
        "digest_delivery.channel_time": "This channel's digest now comes every day at {time} ({zone}).",
        "digest_delivery.leader_time": "Your daily digest now comes every day at {time} ({zone}).",
        "digest_delivery.time_nothing": (
            "There is no digest to reschedule here. To get one in this channel, use `/yui digest subscribe 19:00`."
        ),
        "digest_delivery.stopped": "Your daily digest is off. Send “digest” any time to see today's.",
        "digest_delivery.resumed": "Your daily digest is back on (every day at {time}).",
        "digest_delivery.weekly_time": "This channel's weekly digest now comes every Monday at {time}.",
        "digest_delivery.weekly_off": "No more weekly digests in this channel (the daily one stays).",
        "digest_delivery.settings_channel": "This channel: a digest of {what} every day at {time} ({zone}); {weekly}.",
        "digest_delivery.settings_weekly": "weekly digest every Monday at {time}",
        "digest_delivery.settings_no_weekly": "no weekly digest",
        "digest_delivery.settings_leader": (
            "As a leader ({teams}): your daily digest comes every day at {time} ({zone}) in {where}."
        ),
        "digest_delivery.settings_leader_off": (
            "As a leader ({teams}): your daily digest is off (when resumed: every day at {time} ({zone}) in {where})."
        ),
        "digest_delivery.settings_none": (
            "No digest is set up here. To get one in this channel, use `/yui digest subscribe 19:00`."
        ),
        "digest_delivery.where_slack": "a Slack DM",
        "digest_delivery.where_line": "LINE",
        "digest_delivery.channel_unavailable": (
            "I could not post the digest in <#{channel}> ({error}). Invite me to the channel (`/invite @Yui`), "
            "or stop it with `/yui digest unsubscribe` there."
        ),
    }
)
