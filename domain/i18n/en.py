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
        '- Profile: "profile"\n'
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
    }
)
