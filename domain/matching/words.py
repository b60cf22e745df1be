"""The words of matching reasons, in Japanese and English (same keys, checked by a test).

Kept here while domain/i18n is being reworked; they can move into domain/i18n/ja.py and en.py as
`match.*` keys without changing `render_reasons`.
"""

from __future__ import annotations

JA: dict[str, str] = {
    "mark.3": "◎",
    "mark.2": "○",
    "mark.1": "△",
    "skill": "{label}{mark}",
    "skill.sep": "・",
    "skill.missing": "{labels}は未経験",
    "part.sep": "、",
    "free": "{deadline}まで残り約{hours}時間の空き",
    "team.free": "{members}人で{deadline}まで残り約{hours}時間の空き",
    "recent.low": "直近2週間の稼働が少ない",
    "recent.high": "直近2週間の稼働が多め（約{hours}時間）",
    "reliability.new": "実績はこれから（新しい方）",
    "reliability.reports": "報告の期限内{on_time}/{due}件",
    "reliability.tasks": "完了{finished}/{accepted}件",
    "specialist": "{labels}は外部の専門人材が担当",
    "region": "{region}在住",
    "date": "{month}/{day}",
}

EN: dict[str, str] = {
    "mark.3": "◎",
    "mark.2": "○",
    "mark.1": "△",
    "skill": "{label} {mark}",
    "skill.sep": ", ",
    "skill.missing": "no experience in {labels}",
    "part.sep": "; ",
    "free": "about {hours} h free until {deadline}",
    "team.free": "{members} people with about {hours} h free until {deadline}",
    "recent.low": "little work in the last 2 weeks",
    "recent.high": "busy in the last 2 weeks (about {hours} h)",
    "reliability.new": "new, no track record yet",
    "reliability.reports": "reports on time {on_time}/{due}",
    "reliability.tasks": "finished {finished}/{accepted} tasks",
    "specialist": "an outside specialist covers {labels}",
    "region": "lives in {region}",
    "date": "{month}/{day}",
}
