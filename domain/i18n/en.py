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
        '- Link Slack: send the code from /yui link in Slack, e.g. "link ABCD2345"\n'
        '- This message: "help"'
    ),
    "help.slack": (
        "*How to use Yui*\n"
        "• `/yui help` show this help\n"
        "• `/yui task` register a task (or in a sentence: `/yui task invoice entry 200 items by 12/5`)\n"
        "• `/yui tasks` your organisation's tasks\n"
        "• `/yui status <task>` progress and forecast\n"
        "• `/yui digest` daily digest\n"
        "• `/yui link` link your LINE account\n"
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
        "report.nothing": "I could not read a report in that. Try something like 'Did 40 invoices today'.",
        "report.leader_notice": '{name} reported on "{title}" with a blocker or question:\n{blockers}',
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
