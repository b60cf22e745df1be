"""Progress reports in LINE (issue 6): a teleworker's plain message about their accepted work.

The offline rules (domain.reports) read the message against what the person is assigned. When they
are sure, one `ProgressReport` per assignment is stored and Yui confirms what it understood, with a
「訂正する」 quick reply; when they are not (which assignment, which unit, numbers that do not add up),
Yui asks and stores nothing. Blockers and questions reach the person's team leaders at once.

Around that:
- the task follows the reports: the first one on MATCHED work moves it to IN_PROGRESS (Yui's change
  in the log); when every share is reported finished, or the volume is reached, the client hears it
  in Slack with a 完了にする button (the client decides DONE);
- corrections (「昨日の報告、50件じゃなくて45件でした」, or 訂正する → which report → the number) are
  their own rows pointing at the report they fix, so history stays and totals use the right number;
- 今日の報告 (the rich menu) is a short guided report: assignment → number → optional note;
- 「進捗は？」 shows the person their own totals, what is left, their pace and forecast;
- `/yui status <task>` and the client's card show the task's totals, pace, forecast and verdict.

The same inbound message never stores twice: each report keeps its message's key (`source`), and a
message whose key is already stored (a redelivered or re-run event) is not read again.

The package, one flow per module: `free_text` (a report written freely, `llm` reading it when a model
is configured), `guided` (今日の報告 and 訂正する), `storing` (what a report stores and what follows),
`blockers` (who hears them), `own_progress` (「進捗は？」), `status` (`/yui status` and the client's
card); `work` and `messages` (layout, importing no sibling) are what they share.
"""
