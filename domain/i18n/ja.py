"""Japanese catalog (default). Polite but warm: many readers are new to chat tools."""

MESSAGES: dict[str, str] = {
    # LINE: following the account
    "greeting.follow": (
        "はじめまして、{name}さん！結（ゆい）です🌱\n"
        "地域のチームでお仕事を受けて、みんなでカバーし合うためのお手伝いをします。\n\n"
        "これからできること：\n"
        "・お仕事の提案を受け取って、タップで受ける／断る\n"
        "・「請求書50件入力しました」のように、ふだんの言葉で進捗を報告\n"
        "・「明日は休みます」と送ると、チームのリーダーに伝えて代わりの人を探します\n\n"
        "困ったら「ヘルプ」と送ってください。"
    ),
    "privacy.kept": (
        "【個人情報について】結が預かるのは、お名前・LINEのアカウント・プロフィール（スキル、稼働時間、地域、"
        "伝えたいこと）・進捗報告・お休みの連絡です。お仕事の提案と、チームでのカバーのために使います。"
        "見られるのは、チームのリーダーとBPO事業の担当者（コーディネーター）です。依頼主の企業には"
        "お名前と担当分・進捗だけが伝わり、お休みの理由は伝わりません。「退会」でいつでも削除できます。"
    ),
    "privacy.llm": "メッセージの内容は、読み取りのために外部のAI（LLM）サービスに送られることがあります。",
    "privacy.link": "詳しくはプライバシーポリシーをご覧ください：{url}",
    "greeting.welcome_back": (
        "おかえりなさい、{name}さん！また一緒にお仕事できてうれしいです。\n"
        "登録内容はそのまま残っています。困ったら「ヘルプ」と送ってください。"
    ),
    "greeting.hello": "こんにちは、{name}さん！結（ゆい）です。",
    # Help, per platform
    "help.line": (
        "結（ゆい）の使い方\n"
        "・進捗報告：「請求書50件入力しました、残り30件は明日」のように送ってください\n"
        "・お休みの連絡：「明日は子どもの発熱で休みます」\n"
        "・自分の案件：「自分の案件」\n"
        "・プロフィール：「プロフィール」（続きの登録は「プロフィール登録を続ける」）\n"
        "・チームに参加：リーダーからの参加コードを「参加 ABC234」のように\n"
        "・チームのメンバー：「メンバー」\n"
        "・リーダーの方：「まとめ」で今日のまとめ、「まとめ 19時」で毎日の配信時刻を変更\n"
        "・Slackと連携：Slackの /yui link で出るコードを「連携 コード」のように\n"
        "・このメッセージ：「ヘルプ」"
    ),
    "help.slack": (
        "*結（ゆい）の使い方*\n"
        "• `/yui help` この説明を表示\n"
        "• `/yui task` 案件を登録（文章でもOK：`/yui task 請求書入力 200件 12/5まで`）\n"
        "• `/yui tasks` 自社の案件一覧\n"
        "• `/yui status <案件>` 進捗・見込み\n"
        "• `/yui digest [team|案件]` いまのまとめ（自分だけに表示）\n"
        "• `/yui digest subscribe [19:00] [案件]` このチャンネルに毎日配信"
        "（`time 19:00`で時刻変更、`unsubscribe`で停止）\n"
        "• `/yui link` LINEアカウントと連携\n"
        "• コーディネーター向け：`/yui report 先月`（月次レポート）、`/yui export 期間`（CSV出力）、"
        "`/yui team`（チーム）、`/yui coordinator @ユーザー`\n"
        "メンションやDMで「来週金曜までに請求書200件の入力をお願いしたい」のように話しかけても大丈夫です。"
    ),
    "help.quick_reply": "ヘルプ",
    "fallback.not_understood": "ごめんなさい、「{text}」はまだうまく理解できませんでした。",
    "command.unknown": "`/yui {subcommand}` というコマンドはありません。",
    "command.not_ready": "「{feature}」は準備中です。もうしばらくお待ちください。",
    "error.internal": "すみません、処理中に問題が起きました。少し時間をおいてもう一度お試しください。",
    "error.weekly_hours_range": "週の稼働時間は0〜80時間で入力してください（入力：{hours}時間）。",
    "error.volume_positive": "作業量は1以上の数で入力してください（入力：{amount}）。",
    "error.volume_unit_missing": "作業量の単位（件・枚・時間など）を入力してください。",
    "error.task_title_missing": "案件名を入力してください。",
    "error.question_empty": "質問の内容が空です。",
    "error.answer_empty": "回答を入力してください。",
    "error.note_empty": "メモの内容を入力してください。",
    "error.question_closed": "この質問はもう回答済みか、閉じられています。",
    "error.budget_negative": "予算は0円以上で入力してください（入力：{budget}円）。",
    "error.task_transition": "案件の状態を「{current}」から「{target}」に変えることはできません。",
}

MESSAGES.update(
    {
        "person.default_name": "ゲスト",
        "feature.task": "案件の登録",
        "feature.tasks": "案件一覧",
        "feature.status": "進捗の確認",
        "feature.digest": "日次まとめ",
        "feature.link": "LINE連携",
    }
)

# Task drafts: the required fields Yui asks for when a client's request did not name them
MESSAGES.update(
    {
        "draft.missing.title": "案件名（例：請求書のデータ入力）",
        "draft.missing.volume": "作業量（例：200件、10時間）",
        "draft.missing.deadline": "納期（例：12/5、来週金曜）",
        "draft.ask_missing": "登録の前に、{fields}を教えてください。",
        "list.separator": "、",  # between items of a list in a sentence or a card field
    }
)

# Tasks (案件): drafts, cards, the list, the form, changes
MESSAGES.update(
    {
        "status.draft": "下書き",
        "status.open": "募集中",
        "status.matched": "担当決定",
        "status.in_progress": "作業中",
        "status.paused": "一時停止中",
        "status.done": "完了",
        "status.cancelled": "取り消し",
        "recurrence.one_off": "単発",
        "recurrence.weekly": "毎週",
        "recurrence.monthly": "毎月",
        "shape.team": "チーム受託",
        "shape.individual": "個人（スキルマッチング）",
        "shape.hybrid": "ハイブリッド",
        "weekday.0": "月",
        "weekday.1": "火",
        "weekday.2": "水",
        "weekday.3": "木",
        "weekday.4": "金",
        "weekday.5": "土",
        "weekday.6": "日",
        "date.short": "{year}/{month}/{day}（{weekday}）",
        "task.field.title": "案件名",
        "task.field.description": "内容",
        "task.field.volume": "作業量",
        "task.field.deadline": "納期",
        "task.field.skills": "必要なスキル",
        "task.field.recurrence": "頻度",
        "task.field.shape": "体制",
        "task.field.budget": "予算",
        "task.field.rate": "単価",
        "task.field.updates_channel": "連絡先チャンネル",
        "task.field.region": "作業地域",
        "task.value.region_only": "{region}のみ",
        "task.field.status": "状態",
        "task.field.progress": "進捗",
        "task.field.assignees": "担当",
        "task.field.reason": "理由",
        "task.value.missing": "❓ 未定（教えてください）",
        "task.value.none": "—",
        "task.value.unassigned": "未割当",
        "task.value.yen": "{amount}円",
        "task.value.rate": "{amount}円／{unit}",
        "task.value.volume": "{amount}{unit}",
        "task.thinking": "考え中…",
        "task.draft_in_dm": (
            "このチャンネルには結（ゆい）が参加していないため、下書きはDMに送りました。"
            "このチャンネルで使うには `/invite @結` で招待してください。"
        ),
        "task.draft.header": "案件の下書き",
        "task.draft.note": "内容を確認して「登録する」を押してください。押すまでは登録されません。",
        "task.card.header": "案件",
        "task.button.confirm": "登録する",
        "task.button.edit": "修正する",
        "task.button.cancel": "取り消す",
        "task.button.pause": "一時停止",
        "task.button.resume": "再開",
        "task.button.done": "完了にする",
        "task.registered": "案件「{title}」を登録しました。",
        "task.draft_cancelled": "下書き「{title}」は取り消しました。登録はされていません。",
        "task.changed.paused": "案件「{title}」を一時停止しました。",
        "task.changed.resumed": "案件「{title}」を再開しました。",
        "task.changed.cancelled": "案件「{title}」を取り消しました。",
        "task.changed.done": "案件「{title}」を完了にしました。",
        "task.changed.edited": "案件「{title}」を更新しました。",
        "task.changed.deadline_extended": "案件「{title}」の納期を{deadline}に延長しました。",
        "task.changed.volume_changed": "案件「{title}」の作業量を{volume}に変更しました。",
        "task.changed.by": "（{name}さん）",
        "task.untitled": "（案件名未定）",
        "tasks.header": "*{count}件の案件*",
        "tasks.empty": "進行中の案件はありません。`/yui task` で登録できます。",
        "tasks.line": "*{title}*　{status}\n{bar} {percent}%　納期 {deadline}　担当：{assignees}",
        "home.header": "結（ゆい）｜自社の案件",
        "home.hint": (
            "`/yui task` で案件を登録、"
            "メンションで「来週金曜までに請求書200件の入力をお願いしたい」のように頼むこともできます。"
        ),
        "tasks.command_usage": "使い方：`/yui {command} <案件ID>`（IDは `/yui tasks` に表示されます）",
        "error.task_incomplete": "{fields}が決まっていないため登録できません。「修正する」から入力してください。",
        "error.deadline_not_later": "新しい納期は今の納期（{current}）より後の日付にしてください。",
        "error.task_closed": "「{status}」の案件は変更できません。",
        "error.task_already": "この案件はすでに「{status}」です。",
        "error.deadline_passed": "納期（{deadline}）が過ぎています。「修正する」から新しい納期を選んでください。",
        "error.task_not_found": "その案件は見つかりませんでした。",
        "modal.register_title": "案件を登録",
        "modal.edit_title": "案件を修正",
        "modal.cancel_title": "案件を取り消す",
        "modal.submit": "登録",
        "modal.save": "保存",
        "modal.close": "閉じる",
        "modal.cancel_submit": "取り消す",
        "modal.title_placeholder": "例：請求書のデータ入力",
        "modal.skills_other": "その他のスキル（自由入力・読点区切り）",
        "modal.volume_amount": "作業量（数）",
        "modal.volume_unit": "単位",
        "modal.budget": "予算（円・任意）",
        "modal.rate": "単価（円・任意）",
        "modal.region": "作業地域（任意）",
        "modal.region_hint": (
            "その地域にお住まいの方を優先します（例：伊那市）。「伊那市のみ」でその地域の方だけ、「なし」で指定なし。"
        ),
        "modal.money_hint": "全角数字・カンマ・「円」・漢数字（例：５万、1,200円、二千）も使えます。",
        "modal.cancel_reason": "取り消す理由",
        "form.error.required": "入力してください。",
        "form.error.number": "数字で入力してください（例：200、２００、二百、1,200円）。",
        "form.error.positive": "1以上の数にしてください。",
        "form.error.deadline_past": "今日以降の日付を選んでください。",
        "form.error.too_long": "{limit}文字以内で入力してください。",
        "form.error.unit": "単位を選んでください。",
    }
)

# Teleworkers in LINE: onboarding, the profile, withdrawal, absences
MESSAGES.update(
    {
        "onboarding.intro": (
            "まずはプロフィールを登録しましょう（6つの質問、1〜2分です）。\n"
            "どの質問も「スキップ」で飛ばせます。「やめる」でいつでも中断、「最初から」でやり直しできます。"
        ),
        "onboarding.progress": "【{number}/{total}】",
        "onboarding.ask.name": "お名前は「{name}」で登録してよいですか？",
        "onboarding.ask.name_input": "チームで表示するお名前を送ってください。",
        "onboarding.ask.skills": (
            "できるお仕事を選んでください（いくつでも）。\n"
            "「経理とExcel、あとSNS」のように文章で送ってもOKです。選び終わったら「完了」を押してください。"
        ),
        "onboarding.ask.hours": "1週間に何時間くらいお仕事できますか？（例：週10時間、10〜15時間、1日2時間）",
        "onboarding.ask.windows": (
            "お仕事できる時間帯を選んでください（いくつでも）。選び終わったら「完了」を押してください。"
        ),
        "onboarding.ask.region": "お住まいの市町村を教えてください（例：長野県 伊那市）。",
        "onboarding.ask.constraints": (
            "リーダーに伝えておきたいことはありますか？（例：平日15時に保育園のお迎え、親の介護で火曜は難しい）\n"
            "ここに書いた内容はリーダーにだけ伝わり、ほかのメンバーには見えません。"
        ),
        "onboarding.name_invalid": "お名前は1〜{limit}文字で送ってください。",
        "onboarding.name_greeting": "こちらこそ、よろしくお願いします！",
        "onboarding.choice_unknown": "その選択肢は見つかりませんでした。",
        "onboarding.choice_stale": "その選択肢は今は使えません。",
        "onboarding.nothing_to_cancel": "いま途中の質問や手続きはないので、止めるものはありません。",
        "onboarding.skills_so_far": "選択中：{skills}\nほかにもあれば選んでください。",
        "onboarding.skills_not_found": (
            "スキルを読み取れませんでした。ボタンから選ぶか、「データ入力」のように送ってください。"
        ),
        "onboarding.hours_out_of_range": "週{hours}時間は登録できません。0〜80時間で教えてください。",
        "onboarding.hours_not_understood": "時間を読み取れませんでした。「週10時間」のように数字で送ってください。",
        "onboarding.windows_not_understood": "時間帯を読み取れませんでした。ボタンから選んでください。",
        "onboarding.windows_so_far": "選択中：{windows}",
        "onboarding.text_too_long": "{limit}文字以内で送ってください。",
        "onboarding.restarted": "最初からやり直します。",
        "onboarding.done": "登録ありがとうございます！お仕事の提案が届いたらお知らせします。",
        "onboarding.done_skipped": (
            "まだ登録していない項目：{fields}\n「プロフィール登録を続ける」と送ると、いつでも続きから登録できます。"
        ),
        "onboarding.paused": "登録を中断しました。ここまでの内容は保存されています。",
        "onboarding.nothing_open": "プロフィールはすべて登録済みです。",
        "onboarding.resumed": "プロフィール登録の続きです。",
        "onboarding.resume_hint": "プロフィール登録は「プロフィール登録を続ける」でいつでも続きから再開できます。",
        "profile.header": "プロフィール",
        "profile.note": "変更したい項目のボタンを押してください（例：「スキル変更」）。退会は「退会」から。",
        "profile.updated": "プロフィールを更新しました。",
        "profile.unchanged": "変更はしていません。",
        "profile.value.unset": "未登録",
        "profile.field.display_name": "お名前",
        "profile.field.skills": "スキル",
        "profile.field.weekly_hours": "稼働時間",
        "profile.field.time_windows": "時間帯",
        "profile.field.region": "地域",
        "profile.field.constraints": "リーダーに伝えたいこと",
        "withdraw.ask": (
            "退会すると、お名前・スキル・稼働時間・地域・伝えたいことが削除されます。"
            "これまでのお仕事の記録は、名前のない形でだけ残ります。\n本当に退会しますか？"
        ),
        "withdraw.kept": "退会はしませんでした。これまでどおりご利用いただけます。",
        "withdraw.work_left": (
            "{name}さんが退会しました。担当していた「{title}」の残り{units}{unit}は、いま担当者がいません。"
        ),
        "withdraw.work_reopened": "依頼主に新しい担当者の候補をお送りします。",
        "withdraw.work_needs_cover": "作業が始まっている案件なので、引き継ぐ人を決める必要があります。",
        "withdraw.done": (
            "退会しました。登録されていた個人情報は削除しました。これまでありがとうございました。\n"
            "また一緒にお仕事したくなったら、いつでもメッセージを送ってください。"
        ),
        "absence.ask": "いつお休みしますか？（例：明日、12/3から12/5まで）理由があれば一緒に送ってください。",
        "absence.when_not_understood": (
            "日付を読み取れませんでした。「明日」「12/3から12/5まで」のように送ってください。"
        ),
        "absence.cancelled": "お休みの連絡は取り消しました。",
        "absence.range": "{start}〜{end}",
        "absence.recorded": "{dates}のお休みを受け付けました。無理をせず、お大事になさってください。",
        "absence.recorded_with_reason": (
            "{dates}のお休みを受け付けました（理由：{reason}）。無理をせず、お大事になさってください。"
        ),
        "error.absence_range": "お休みの終わり（{end}）が始まり（{start}）より前になっています。",
        "window.weekday_morning": "平日午前",
        "window.weekday_afternoon": "平日午後",
        "window.evening": "夕方以降",
        "window.weekend": "土日",
        "quick.skip": "スキップ",
        "quick.done": "完了",
        "quick.keep": "このままでOK",
        "quick.change": "変更する",
        "quick.more": "ほかのスキル",
        "quick.hours": "週{hours}時間",
        "quick.nothing": "特になし",
        "quick.withdraw_confirm": "退会する",
        "quick.cancel": "やめる",
        "quick.resume": "プロフィール登録を続ける",
        "quick.today": "今日",
        "quick.tomorrow": "明日",
        "quick.day_after": "明後日",
        "quick.edit_name": "名前変更",
        "quick.edit_skills": "スキル変更",
        "quick.edit_hours": "稼働時間変更",
        "quick.edit_windows": "時間帯変更",
        "quick.edit_region": "地域変更",
        "quick.edit_constraints": "配慮事項変更",
        "quick.withdraw": "退会",
        "feature.my_tasks": "自分の案件",
        "feature.report": "今日の報告",
    }
)


# Progress reports: the confirmation after a report (domain.reports.confirmation)
MESSAGES.update(
    {
        "report.line": "{title}：{parts}",
        "report.part_separator": "、",
        "report.unknown_title": "（どの案件か未確定）",
        "report.units_today": "本日{units}{unit}",
        "report.approximate": "（少なめに記録）",
        "report.total_of_target": "（累計{cumulative}/{target}{unit}）",
        "report.total": "（累計{cumulative}{unit}）",
        "report.hours": "{hours}時間",
        "report.remaining": "残り{remaining}{unit}",
        "report.done": "完了🎉",
        "report.plan": "{date}に{units}{unit}予定",
        "report.plan_no_units": "{date}に作業予定",
        "report.blocker": "止まっている点：{text}{count} → リーダーに共有しました",
        "report.blocker_count": "{count}{unit}",
        "report.question": "質問：{text} → リーダーに共有しました",
        "report.correction": "訂正：{date}の報告を{value}{unit}に直しました",
        "report.correction_latest": "訂正：直前の報告を{value}{unit}に直しました",
        "report.ask.assignment": "どの案件の報告ですか？",
        "report.ask.unit": "単位（件・枚など）も教えてください。",
        "report.ask.contradiction": "数字が合わないようです。今日の数と累計をもう一度教えてください。",
        "report.ask.hedge": (
            "今日は何件進みましたか？数字で教えてください（例：「30件」）。記録は数字をいただいてからにします。"
        ),
        "report.quick.rest_today": "今日{units}{unit}で完了",
        "report.quick.rest_today_text": "今日{units}{unit}で全部完了しました",
        "report.ask.exceeds": (
            "担当分の残りより多い数字です。まだ記録していません。合っていればリーダーに担当分を増やしてもらってください。"
        ),
        "report.nothing": "報告の内容を読み取れませんでした。「請求書50件入力しました」のように送ってください。",
        "report.blocker_client": "止まっている点：{text}{count} → 依頼主に共有しました（リーダー未設定のため）",
        "report.question_client": "質問：{text} → 依頼主に共有しました（リーダー未設定のため）",
        "report.blocker_nobody": "止まっている点：{text}{count}（記録しました。伝えられるリーダー・依頼主がいません）",
        "report.question_nobody": "質問：{text}（記録しました。伝えられるリーダー・依頼主がいません）",
        "report.client_notice": "{name}さんから「{title}」の進捗報告に、止まっている点・質問がありました"
        "（チームのリーダーがいないため、依頼主のあなたにお知らせします）：\n{blockers}",
        "report.leader_notice": "{name}さんから「{title}」の進捗報告に、止まっている点・質問がありました：\n{blockers}",
        "question.button.answer": "回答する",
        "question.button.helped": "解決",
        "question.button.stuck": "まだ困っている",
        "question.note_offer": (
            "「{question}」について、以前チームで回答したメモがあります：\n{answer}\n\nこれで解決しましたか？"
        ),
        "question.note_helped": "よかったです！このメモはチームに残っています。",
        "question.note_stuck": "わかりました。リーダーに送ります。回答が届いたらお知らせします。",
        "question.answer_prompt": "「{question}」への回答を、このまま次のメッセージで送ってください。",
        "question.answer_sent": "回答を{name}さんに届けました。チームのメモ（Q&A）にも残しました。",
        "question.answered": "「{title}」のご質問に回答がありました。\n＞ {question}\n{answer}",
        "question.not_yours": "この質問に回答できるのは、チームのリーダー（リーダーがいない場合は依頼主）です。",
        "question.form.title": "質問に回答する",
        "question.form.submit": "回答を送る",
        "question.form.label": "回答（質問した人にLINEで届き、チームのメモに残ります）",
        "question.waiting_header": "確認待ちの質問（{count}件）：",
        "question.waiting_line": "・{question}（{waited}待ち）",
        "question.waited_minutes": "{minutes}分",
        "question.waited_hours": "{hours}時間",
        "question.waited_days": "{days}日",
        "note.accept_header": "この仕事の手順メモ（チームのQ&A {count}件）：",
        "note.line_qa": "・{question} → {answer}",
        "note.line_rule": "・{body}",
        "note.kept": "「{kind}」の手順メモに残しました（{count}件目）。「メモ {kind}」で一覧を見られます。",
        "note.none": "「{kind}」の手順メモはまだありません。",
        "note.list_header": "「{kind}」の手順メモ（{count}件）：",
        "note.list_hint": "修正は「メモ修正 {label} 番号: 新しい内容」、削除は「メモ削除 {label} 番号」",
        "note.no_number": "「{kind}」の手順メモに{number}番はありません（1〜{count}）。",
        "note.deleted": "「{kind}」の手順メモ{number}番を削除しました。",
        "note.edited": "「{kind}」の手順メモ{number}番を修正しました。",
        "note.no_kind": (
            "「{label}」に当たる、チームの仕事が見つかりませんでした。"
            "案件名の一部で書いてください（例：メモ 請求書: …）。"
        ),
        "note.many_kinds": "「{label}」に当たる仕事が複数あります（{kinds}）。どれか一つの名前で書いてください。",
        "report.quick.correct": "訂正する",
        "report.unit.件": "件",
        "report.unit.枚": "枚",
        "report.unit.本": "本",
        "report.unit.記事": "記事",
        "report.unit.時間": "時間",
        "report.unit.ページ": "ページ",
    }
)

# The LINE rich menu (one for everyone: the labels are also the words the taps send)
MESSAGES.update(
    {
        "menu.report": "今日の報告",
        "menu.my_tasks": "自分の案件",
        "menu.absence": "休みの連絡",
        "menu.profile": "プロフィール",
        "menu.help": "ヘルプ",
        "menu.digest": "まとめ",
        "menu.members": "メンバー",
        "menu.cover": "代打",
        "menu.chat_bar": "メニュー",
    }
)

# Teams: join codes and members (what each member may see: domain.permissions)
MESSAGES.update(
    {
        "team.joined": "「{team}」に参加しました！リーダーは{leader}さんです。",
        "team.already_member": "「{team}」にはすでに参加しています。",
        "team.code_not_found": (
            "参加コード「{code}」のチームは見つかりませんでした。リーダーにコードを確かめてください。"
        ),
        "team.code_unreadable": (
            "参加コードを読み取れませんでした。「参加 ABC123」のように6文字のコードを送ってください。"
        ),
        "team.codes": "チームの参加コードです。メンバーになってほしい人に伝えてください。\n{lines}",
        "team.code_line": "・{team}：{code}",
        "team.codes_leaders_only": "参加コードはチームのリーダーだけが確認できます。",
        "team.header": "【{team}】",
        "team.role.leader": "リーダー",
        "team.role.member": "メンバー",
        "team.member_line": "・{name}（{role}）{details}",
        "team.constraints_line": "　伝えたいこと：{constraints}",
        "team.none": ("まだチームに参加していません。リーダーから参加コードを受け取ったら、そのまま送ってください。"),
        "error.team_not_found": "チーム「{team}」は見つかりませんでした。",
        "error.person_not_found": "ID「{person}」の人は見つかりませんでした。",
    }
)

# Account linking (/yui link in Slack, the code sent to the LINE bot)
MESSAGES.update(
    {
        "link.code": (
            "LINEの結（ゆい）に「連携 {code}」と送ってください。LINEとSlackのアカウントがつながります。\n"
            "コードは{minutes}分間、1回だけ使えます。"
        ),
        "link.invalid": (
            "連携コードが正しくないか、期限切れか、すでに使われています。"
            "Slackで `/yui link` をもう一度実行して、新しいコードを送ってください。"
        ),
        "link.already": "このLINEアカウントはすでに連携されています。",
        "link.other_line": "そのSlackアカウントは、すでに別のLINEアカウントと連携されています。",
        "link.done": "連携しました！{name}さんのSlackとLINEのアカウントがひとつになりました。",
    }
)

# Absences, as the leader hears of them
MESSAGES.update(
    {
        "absence.leader_notice": "{name}さんから、{dates}のお休みの連絡がありました。",
        "absence.leader_notice_reason": "{name}さんから、{dates}のお休みの連絡がありました（理由：{reason}）。",
    }
)

# Matching: proposals to the client (Slack), offers to teleworkers (LINE)
MESSAGES.update(
    {
        "feature.match": "候補の提案",
        "match.header": "候補の提案：{title}",
        "match.lead": "「{title}」（{volume}・締切 {deadline}）をお願いできそうな方です。",
        "match.line": "*{rank}. {name}* — {units}{unit}・約{hours}時間・{earnings}（{status}）\n　{reasons}",
        "match.earnings_unknown": "報酬未定",
        "match.team_line": "*{rank}. チーム「{team}」* {members}人で{units}{unit}（{status}）\n　{reasons}",
        "match.member": "　・{name} {units}{unit}（{status}）",
        "match.note": "承認すると、LINEでご本人に依頼が届きます。断られたときは、次の候補の方に自動で依頼します。",
        "match.covered": "{covered}/{total}{unit}の担当が決まりました。",
        "match.button.approve": "{rank}. {name}さんに依頼",
        "match.button.approve_team": "{rank}. チーム「{team}」に依頼",
        "match.none": (
            "「{title}」をお願いできる方が、いまは見つかりませんでした（スキル・空き時間・締切から判断しています）。"
        ),
        "match.which_task": "どの案件の候補を探しますか？ `/yui match 案件名` のように送ってください。\n{tasks}",
        "match.not_open": "「{title}」は{status}のため、候補は探せません。",
        "match.nothing_left": "「{title}」は、すでに全量の担当が決まっているか依頼中です。",
        "match.unnamed": "（お名前未登録）",
        "proposal.status.proposed": "提案中",
        "proposal.status.approved": "承認済み",
        "proposal.status.offered": "依頼中",
        "proposal.status.accepted": "引き受け済み",
        "proposal.status.declined": "辞退",
        "proposal.status.expired": "期限切れ",
        "proposal.status.withdrawn": "取り下げ",
        "offer.header": "お仕事の依頼",
        "offer.lead": "「{title}」をお願いできますか？",
        "offer.field.share": "担当分",
        "offer.field.deadline": "締切",
        "offer.field.earnings": "報酬の目安",
        "offer.field.hours": "作業時間の目安",
        "offer.value.share": "{units}{unit}（全体 {total}{unit}）",
        "offer.value.earnings": "約{amount}円",
        "offer.value.earnings_unknown": "相談",
        "offer.value.hours": "約{hours}時間",
        "offer.button.accept": "引き受ける",
        "offer.button.decline": "お断りする",
        "offer.accepted": "ありがとうございます！「{title}」の{units}{unit}をお願いします。締切は{deadline}です。",
        "offer.declined": "承知しました。またお願いするときはよろしくお願いします。",
        "offer.closed": "この依頼はすでに{status}です。",
        "offer.not_found": "この依頼は見つかりませんでした。",
        "error.proposal_not_found": "その候補は見つかりませんでした。",
        "error.proposal_transition": "この候補は{current}のため、{target}にはできません。",
    }
)

MESSAGES.update(
    {
        "task.assignee_notice.paused": (
            "【お知らせ】「{title}」は依頼元の判断で一時停止になりました。再開したらお知らせします。"
            "作業は止めてください。"
        ),
        "task.assignee_notice.resumed": (
            "【お知らせ】「{title}」が再開されました。納期は{deadline}です。よろしくお願いします。"
        ),
        "task.assignee_notice.cancelled": (
            "【お知らせ】「{title}」は依頼元の判断で中止になりました。ここまでの作業ありがとうございました。"
        ),
        "task.assignee_notice.done": "【お知らせ】「{title}」は完了になりました。おつかれさまでした！",
        "task.assignee_notice.deadline_extended": "【お知らせ】「{title}」の納期が{deadline}に変わりました。",
        "task.assignee_notice.volume_changed": (
            "【お知らせ】「{title}」の作業量が全体で{volume}に変わりました。担当分はリーダーから連絡があります。"
        ),
        "task.assignee_notice.edited": (
            "【お知らせ】「{title}」の内容が更新されました（納期 {deadline}、全体 {volume}）。"
        ),
    }
)

# Issue 5, second part: over-booking, cover (お互いにカバー), leader approval of team work.
MESSAGES.update(
    {
        "offer.taken": (
            "ごめんなさい、「{title}」はほかの方が先に引き受けて、全量の担当が決まりました。またお願いします。"
        ),
        "offer.no_room": (
            "ごめんなさい、「{title}」は、先に引き受けたお仕事で締切までの空き時間（または年収の上限）が"
            "足りなくなったため、今回はお願いできません。"
        ),
        "cover.header": "代わりの担当の提案",
        "cover.lead": (
            "{name}さんが{dates}お休みです。「{title}」の残り{units}{unit}（締切 {deadline}）を引き継げる方です。"
        ),
        "cover.line": "*{rank}. {name}*{team} — {units}{unit}・約{hours}時間\n　{reasons}",
        "cover.same_team": "（同じチーム）",
        "cover.button": "{name}さんに交代",
        "cover.note": "ボタンを押すと、残りの作業がその方の担当に移り、お二人にLINEでお知らせします。",
        "cover.none": (
            "{name}さんが{dates}お休みです。「{title}」の残り{units}{unit}（締切 {deadline}）を"
            "引き継げる空きのある方が見つかりませんでした。依頼元と納期のご相談をおすすめします。"
        ),
        "cover.waiting": (
            "あなたの判断を待っている代打の依頼が{count}件あります（{shown}件を表示）。交代する方を選んでください。"
        ),
        "cover.waiting_none": (
            "いま判断を待っている代打の依頼はありません。メンバーからお休みの連絡があれば、ここにお知らせします。"
        ),
        "cover.not_found": "この交代の依頼は見つかりませんでした。",
        "cover.closed": "この交代はすでに決まっています（{by}さんが{name}さんに{units}件分を引き継ぎ済み）。",
        "cover.nothing_left": "この交代の依頼は締め切られています（引き継ぐ作業が残っていません）。",
        "cover.no_room": "{name}さんには、いま「{title}」を引き継ぐ空き時間がありません。ほかの方を選んでください。",
        "cover.done": "{name}さんに「{title}」の{units}{unit}を引き継ぎました。お二人にLINEでお知らせしました。",
        "cover.done_partial": (
            "{name}さんに「{title}」の{units}{unit}を引き継ぎました（空き時間の範囲まで）。"
            "残り{kept}{unit}は{absent}さんの担当のままです。"
        ),
        "cover.to_teammate": (
            "【代わりの担当】{absent}さんのお休みのため、{leader}さんから「{title}」の{units}{unit}"
            "（約{hours}時間）をお願いすることになりました。締切は{deadline}です。よろしくお願いします。"
        ),
        "cover.to_absent": (
            "「{title}」の残り{units}{unit}は{name}さんが引き継ぎます。お休みのあいだは気にせず休んでくださいね。"
        ),
        "cover.to_absent_partial": (
            "「{title}」のうち{units}{unit}は{name}さんが引き継ぎます。あなたの残りは{kept}{unit}です。"
            "無理のない範囲でお願いします。"
        ),
        "error.cover_units": "{share}のうち{units}は引き継げません。",
        "error.cover_closed": "この交代はすでに{status}です。",
        "proposal.status.leader": "リーダー確認中",
        "match.leader_decides": "チームへの依頼は、そのチームのリーダーが承認します（リーダー確認中）。",
        "team.ask.header": "チームへの依頼：{title}",
        "team.ask.lead": (
            "「{title}」（{volume}・締切 {deadline}）をチーム「{team}」で受けられますか？ 結の提案する分担です："
        ),
        "team.ask.member": "・{name} {units}{unit}（約{hours}時間）",
        "team.ask.approve": "承認して依頼する",
        "team.ask.decline": "お断りする",
        "team.ask.note": (
            "承認すると、それぞれの方にLINEで依頼が届きます。お断りすると、次の候補のチームにお願いします。"
        ),
        "team.approved": "承認しました。それぞれの方に依頼を送りました。",
        "team.declined": "承知しました。次の候補のチームにお願いします。",
        "match.region": "地域：{region}にお住まいの方を優先しています。",
        "match.region_only": "地域：{region}にお住まいの方に限っています。",
        "match.none_region": (
            "「{title}」を引き受けられる{region}にお住まいの方が見つかりませんでした。"
            "`地域:{region}`（「のみ」なし）で、ほかの地域の方も探せます。"
        ),
        "team.share_open": (
            "「{title}」で{name}さんの分（{units}{unit}）が{status}になりました。残りの担当は、"
            "依頼元が `/yui match` で改めて候補を探せます。メンバーで引き受けられる方がいれば相談してください。"
        ),
        "cover.decided": "{absent}さんの「{title}」の{units}{unit}は、{by}さんが{name}さんに引き継ぎました。",
        "team.share_moved": (
            "「{title}」で{name}さんの分（{units}{unit}）が{status}になったため、承認いただいた分担のとおり"
            "{next}さんに{next_units}{unit}を依頼しました。"
        ),
    }
)

# Issue 17: the web console at /console (pages, sign-in, downloads, operations).
MESSAGES.update(
    {
        "console.brand": "コンソール",
        "console.title": "結（ゆい）コンソール",
        "console.lang.switch": "English",
        "console.signout": "ログアウト",
        "console.nav.overview": "概況",
        "console.nav.people": "人材",
        "console.nav.work": "案件",
        "console.nav.teams": "チーム",
        "console.nav.downloads": "ダウンロード",
        "console.nav.operations": "設定と操作",
        "console.signin.title": "結（ゆい）コンソールにログイン",
        "console.signin.link_intro": (
            "ログイン用リンクを開きました。下のボタンでログインします（リンクは一度だけ使えます）。"
        ),
        "console.signin.button": "ログインする",
        "console.signin.slack": "Slackでログイン",
        "console.signin.cli_hint": "サーバーの管理者は、次のコマンドで一度だけ使えるログイン用リンクを発行できます。",
        "console.signin.link_invalid": (
            "このリンクは使えません（使用済みか、期限切れです）。新しいリンクを発行してください。"
        ),
        "console.signin.slack_failed": "Slackでのログインを完了できませんでした。もう一度お試しください。",
        "console.signin.unknown_person": (
            "このSlackアカウントは結（ゆい）にまだ登録されていません。Sl"
            "ackで一度 /yui と話しかけてから、もう一度お試しください。"
        ),
        "console.error.not_found": "ページが見つかりません",
        "console.error.back": "コンソールのトップへ戻る",
        "console.error.no_access": (
            "このアカウントで見られるページはありません（コーディネ"
            "ーター、依頼企業のメンバー、チームリーダーが使えます）。"
        ),
        "console.error.csrf": "フォームの有効期限が切れました。ページを開き直してから、もう一度送信してください。",
        "console.error.bad_form": "入力内容を確認してください。",
        "console.overview.title": "事業の概況",
        "console.overview.hours": "稼働時間",
        "console.overview.earnings": "住民への支払額",
        "console.overview.active": "活動した住民",
        "console.overview.new": "新規参加",
        "console.overview.outside": "域外からの受注",
        "console.overview.local": "地域内",
        "console.overview.reports": "進捗報告",
        "console.overview.report_rate": "報告率（7日）",
        "console.overview.report_rate_detail": "担当者{holding}人中{reported}人が報告",
        "console.overview.questions": "未回答の質問",
        "console.overview.questions_detail": "作業者からの質問（結の知恵）",
        "console.overview.before": "前月",
        "console.overview.spread": "仕事の偏り（ジニ係数）",
        "console.overview.with_work": "仕事があった住民",
        "console.overview.at_risk": "遅れそうな案件",
        "console.overview.see_list": "一覧を見る",
        "console.overview.verdict": "見込み",
        "console.overview.none_at_risk": "締切が近く遅れそうな案件はありません。",
        "console.overview.trend_title": "支払額の推移（12か月）",
        "console.overview.hours_title": "稼働時間と活動した住民（12か月）",
        "console.overview.by_team": "チーム別の稼働時間（今月）",
        "console.overview.by_client": "依頼元別の支払額（今月）",
        "console.pager.previous": "前へ",
        "console.pager.next": "次へ",
        "console.people.title": "人材",
        "console.people.search": "名前で検索",
        "console.people.search_hint": "例：小林",
        "console.people.skill": "スキル",
        "console.people.region": "地域",
        "console.people.team": "チーム",
        "console.people.availability": "働ける時間帯",
        "console.people.status": "状態",
        "console.people.apply": "絞り込む",
        "console.people.count": "{count}人",
        "console.people.name": "名前",
        "console.people.roles": "役割",
        "console.people.skills": "スキル",
        "console.people.hours": "週の時間",
        "console.people.none": "該当する人はいません。",
        "console.people.unnamed": "（名前未登録）",
        "console.person.profile": "プロフィール",
        "console.person.constraints": "リーダーへの共有事項",
        "console.person.platforms": "利用中のアプリ",
        "console.person.earnings": "今年の受注額",
        "console.person.cap": "上限 {cap} の {percent}",
        "console.person.no_cap": "収入の上限は設定されていません。",
        "console.person.teams": "チーム",
        "console.person.work": "担当中の案件",
        "console.person.no_work": "担当中の案件はありません。",
        "console.person.export": "データを書き出す（JSON）",
        "console.person.delete": "個人データを削除（退会）",
        "console.person.delete_confirm": (
            "取り消せないことを確認しました。未報告の仕事は戻され、リーダーに連絡されます。"
        ),
        "console.person.delete_unconfirmed": "削除するには、確認のチェックを入れてください。",
        "console.person.absences": "休み（前後の予定）",
        "console.work.title": "案件ボード",
        "console.work.client": "依頼元",
        "console.work.task": "案件",
        "console.work.deadline": "締切",
        "console.work.progress": "進捗",
        "console.work.more": "ほか {count}件",
        "console.board.open": "募集中",
        "console.board.leader": "リーダー確認中",
        "console.board.matched": "担当決定",
        "console.board.in_progress": "作業中",
        "console.board.done": "完了",
        "console.task.forecast": "完了見込み",
        "console.task.pace": "ペース",
        "console.task.workday": "稼働日",
        "console.task.assignees": "担当者",
        "console.task.hours": "時間",
        "console.task.share": "担当量",
        "console.task.proposals": "提案と理由",
        "console.task.reasons": "理由",
        "console.task.timeline": "報告の履歴",
        "console.task.no_reports": "まだ報告はありません。",
        "console.task.changes": "変更履歴",
        "console.task.by_yui": "結（ゆい）",
        "console.task.burnup": "進捗の積み上げ",
        "console.task.reported": "報告済み",
        "console.task.deadline": "締切",
        "console.task.forecast_line": "見込み",
        "console.teams.title": "チーム",
        "console.teams.members": "メンバー数",
        "console.teams.load": "今週の負荷と稼働可能時間",
        "console.teams.load_hours": "担当中の時間",
        "console.teams.capacity": "週の時間",
        "console.teams.calendar": "休みの予定（2週間）",
        "console.downloads.title": "月次レポートのダウンロード",
        "console.downloads.month": "月",
        "console.downloads.all": "すべての依頼元",
        "console.downloads.xlsx": "Excel（グラフ付き）",
        "console.downloads.csv": "CSV（報告ごと）",
        "console.downloads.note": "住民の名前と支払額を含みます。取り扱いにご注意ください。",
        "console.ops.title": "設定と操作",
        "console.ops.done": "変更しました（記録に残りました）。",
        "console.ops.name_org": "組織の名前・種類・地域",
        "console.ops.new_name": "新しい名前",
        "console.ops.kind": "種類",
        "console.ops.save": "保存する",
        "console.ops.create_team": "チームを作る",
        "console.ops.team_name": "チーム名",
        "console.ops.leader_id": "リーダーのID（人材ページに表示）",
        "console.ops.create": "作成する",
        "console.ops.grant_coordinator": "コーディネーター権限を付与",
        "console.ops.person_id": "人のID",
        "console.ops.grant": "付与する",
        "console.ops.appoint_leader": "リーダーを任命",
        "console.ops.appoint": "任命する",
        "console.ops.approve": "依頼する",
        "console.ops.log": "操作の記録",
        "console.ops.when": "日時",
        "console.ops.who": "操作した人",
        "console.ops.what": "操作",
        "console.xlsx.summary": "概要",
        "console.xlsx.clients": "依頼元",
        "console.xlsx.skills": "スキル",
        "console.xlsx.outside_yen": "うち域外（円）",
        "console.status.active": "在籍",
        "console.status.withdrawn": "退会済み",
        "console.status.all": "すべて",
        "console.role.client_member": "依頼企業",
        "console.role.teleworker": "テレワーカー",
        "console.role.leader": "リーダー",
        "console.role.coordinator": "コーディネーター",
        "console.window.weekday_morning": "平日午前",
        "console.window.weekday_afternoon": "平日午後",
        "console.window.evening": "夕方以降",
        "console.window.weekend": "土日",
        "console.verdict.done": "完了",
        "console.verdict.on_track": "順調",
        "console.verdict.at_risk": "遅れそう",
        "console.verdict.late": "遅れ",
        "console.verdict.not_started": "未着手",
        "console.taskstatus.draft": "下書き",
        "console.taskstatus.open": "募集中",
        "console.taskstatus.matched": "担当決定",
        "console.taskstatus.in_progress": "作業中",
        "console.taskstatus.paused": "一時停止",
        "console.taskstatus.done": "完了",
        "console.taskstatus.cancelled": "取り消し",
        "console.proposal.proposed": "提案中",
        "console.proposal.approved": "承認済み",
        "console.proposal.offered": "依頼中",
        "console.proposal.accepted": "引き受け",
        "console.proposal.declined": "辞退",
        "console.proposal.expired": "期限切れ",
        "console.proposal.withdrawn": "取り下げ",
        "console.orgkind.client": "都市企業（依頼元）",
        "console.orgkind.local_company": "地域企業",
        "console.orgkind.municipality": "自治体",
        "console.orgkind.operator": "BPO事業者",
        "console.change.drafted": "下書き",
        "console.change.registered": "登録",
        "console.change.edited": "編集",
        "console.change.deadline_extended": "締切延長",
        "console.change.volume_changed": "作業量の変更",
        "console.change.paused": "一時停止",
        "console.change.resumed": "再開",
        "console.change.cancelled": "取り消し",
        "console.change.done": "完了",
        "console.change.recurred": "定期の次回分を作成",
        "console.change.matched": "担当決定",
        "console.change.share_released": "担当の返却",
        "console.change.started": "作業開始",
        "console.change.reopened": "再募集",
        "console.link.printed": "コンソールのログイン用リンク（{minutes}分間、一度だけ使えます）：",
    }
)

# Issue 7 (coordinator audience) and issue 4 (coordinator commands): the monthly programme report,
# report exports, /yui team and /yui coordinator.
MESSAGES.update(
    {
        "feature.export": "進捗報告のCSV出力",
        "feature.team": "チームの管理",
        "feature.coordinator": "コーディネーター権限",
        "report.title": "地域BPO 月次レポート {period}",
        "report.period.month": "{year}年{month}月",
        "report.period.range": "{start}〜{end}",
        "report.row.hours": "稼働時間",
        "report.row.earnings": "住民への支払額",
        "report.row.outside": "域外からの受注",
        "report.row.local": "地域内からの受注",
        "report.row.active": "活動した住民",
        "report.row.reach": "仕事が届いた住民",
        "report.value.reach": "{active}/{enrolled}人（{percent}%）",
        "report.row.gini": "稼働時間の偏り（ジニ係数、0で均等）",
        "report.row.new": "新規参加者",
        "report.row.reports": "進捗報告",
        "report.row.units": "作業量",
        "report.value.hours": "{hours}時間",
        "report.value.yen": "{yen}円",
        "report.value.people": "{count}人",
        "report.value.count": "{count}件",
        "report.value.share": "{value}（{percent}%）",
        "report.value.withdrawn_included": "{value}（うち退会済み{count}人）",
        "report.skills_title": "使われたスキル",
        "report.skills_line": "使われたスキル：{skills}",
        "report.skill_use": "{skill}（{count}人）",
        "report.clients_title": "発注元",
        "report.kind.outside": "域外",
        "report.kind.local": "地域内",
        "report.kind.mixed": "域外・地域内",
        "report.note.no_hours": "時間単価の案件で時間の記載がない報告が{count}件あり、支払額に含まれていません。",
        "report.note.unpriced": "単価が未設定の案件の報告が{count}件あり、支払額に含まれていません。",
        "report.note.rule": (
            "域外からの受注：発注元の地域と住民の地域が異なる受注"
            "（どちらかの地域が不明なときは、都市企業からの受注を域外とします）。"
        ),
        "report.empty": "{period}の進捗報告はありません。",
        "report.withdrawn_person": "退会者-{id}",
        "report.unnamed_person": "名前未登録-{id}",
        "report.correction_note": "訂正（{date} {time}に入力）",
        "knowhow.title": "結の知恵（チーム別）",
        "knowhow.column.asked": "質問",
        "knowhow.column.answered": "回答済み",
        "knowhow.column.median": "回答までの時間（中央値）",
        "knowhow.column.notes": "残したメモ",
        "knowhow.hours": "{hours}時間",
        "knowhow.no_team": "（チームなし）",
        "knowhow.none": "結の知恵：この期間の質問・メモはありません。",
        "report.column.date": "日付",
        "report.column.team": "チーム",
        "report.column.time": "時刻",
        "report.column.person": "氏名",
        "report.column.organization": "発注元",
        "report.column.task": "案件",
        "report.column.units": "数量",
        "report.column.unit": "単位",
        "report.column.hours": "時間",
        "report.column.yen": "金額（円）",
        "report.column.blockers": "困りごと・質問",
        "report.column.parser": "読み取り方式",
        "report.column.note": "備考",
        "report.column.reports": "報告数",
        "report.column.tasks": "案件",
        "report.column.skill": "スキル",
        "report.column.residents": "人数",
        "report.column.kind": "区分",
        "report.column.item": "項目",
        "report.column.value": "値",
        "error.organization_not_found": "発注元「{organization}」は見つかりませんでした。",
        "error.month_unreadable": (
            "月が読み取れませんでした：「{text}」。2026-11、11月、先月 のように指定してください。"
        ),
        "export.done": "{period}の進捗報告{count}件をCSVにしました（Excelでそのまま開けます）。",
        "export.done_timesheet": "{period}の勤務表（{count}行：1人1日1行）をCSVにしました（Excelでそのまま開けます）。",
        "export.file_title": "進捗報告 {period}",
        "export.sent_to_dm": "このチャンネルには結（ゆい）が参加していないため、ファイルはDMでお送りしました。",
        "export.period_unreadable": (
            "期間が読み取れませんでした：「{text}」。"
            "`/yui export 2026-11-01 2026-11-30`、`/yui export 11月1日〜11月30日`、`/yui export 先月` "
            "のように指定してください（勤務表は最後に「勤務表」）。"
        ),
        "coordinator.only": (
            "この操作はコーディネーターだけができます。"
            "コーディネーターに `/yui coordinator @あなた` で権限を付けてもらってください。"
        ),
        "coordinator.granted": "{name}さんをコーディネーターにしました。",
        "coordinator.already": "{name}さんはすでにコーディネーターです。",
        "coordinator.usage": "使い方：`/yui coordinator @ユーザー`（コーディネーター権限を付けます）",
        "coordinator.not_allowed": (
            "コーディネーター権限を付けられるのは、コーディネーターだけです"
            "（まだ誰もコーディネーターでないうちは、Slackワークスペースの管理者も付けられます）。"
        ),
        "teamcmd.usage": (
            "使い方：\n"
            "• `/yui team create チーム名 leader:@ユーザー` チームを作る\n"
            "• `/yui team add @ユーザー [チーム名]` メンバーを追加\n"
            "• `/yui team leader @ユーザー [チーム名]` リーダーを任命（前のリーダーはメンバーに）\n"
            "• `/yui team list` チームの一覧"
        ),
        "teamcmd.created": (
            "チーム「{team}」を作りました。リーダー：{leader}さん、参加コード：{code}\n"
            "LINEでこのコードを送るとチームに参加できます。"
        ),
        "teamcmd.added": "{name}さんをチーム「{team}」に追加しました。",
        "teamcmd.already_in": "{name}さんはすでにチーム「{team}」のメンバーです。",
        "teamcmd.which": "どのチームに追加しますか？チーム名も書いてください（{teams}）。",
        "teamcmd.list_header": "チーム一覧",
        "teamcmd.list_line": "• {team}（参加コード {code}）リーダー：{leader}／メンバー：{members}",
        "teamcmd.no_members": "なし",
        "teamcmd.leader_set": (
            "{name}さんをチーム「{team}」のリーダーにしました。前のリーダーはメンバーとして残ります。"
        ),
        "teamcmd.which_leader": "どのチームのリーダーですか？チーム名も書いてください（{teams}）。",
        "teamcmd.list_empty": "チームはまだありません。`/yui team create チーム名 leader:@ユーザー` で作れます。",
        "teamcmd.not_allowed": (
            "チーム「{team}」にメンバーを追加できるのは、コーディネーターとそのチームのリーダーだけです。"
        ),
        "teamcmd.name_missing": "チーム名を書いてください。例：`/yui team create 伊那チーム leader:@山本`",
        "teamcmd.leader_missing": "リーダーを `leader:@ユーザー` で指定してください。",
        "user.unreadable": "ユーザーが読み取れませんでした：「{text}」。Slackの @メンション で指定してください。",
        "user.unknown": "「{text}」さんが見つかりませんでした。Slackの @メンション で指定してください。",
        "user.ambiguous": "「{text}」という名前の人が複数います。Slackの @メンション で指定してください。",
    }
)

# Issue 6: corrections, the guided 今日の報告, 「進捗は？」, /yui status and the client's card, reminders
MESSAGES.update(
    {
        "report.correction_not_found": (
            "訂正する報告が見つかりませんでした。「訂正する」を押すと、最近の報告から選んで直せます。"
        ),
        "report.correction_total": "{title}：累計{cumulative}{unit}になりました",
        "report.correction_total_of_target": "{title}：累計{cumulative}/{target}{unit}になりました",
        "report.no_work": "いま担当している案件はありません。お仕事を引き受けると、ここから報告できます。",
        "report.nothing_to_correct": "訂正できる報告がまだありません。",
        "report.task_complete": (
            "「{title}」は担当者全員から完了の報告がありました（{done}/{total}{unit}）。"
            "内容を確認できたら「完了にする」を押してください。"
        ),
        "report.button.mark_done": "完了にする",
        "dialog.how_many": "「{title}」は今日、何{unit}進みましたか？数字で送ってください（例：50）。",
        "dialog.note": (
            "止まっていること・質問・メモがあれば送ってください（リーダーに共有します）。なければ「なし」を押してください。"
        ),
        "dialog.which_report": "どの報告を訂正しますか？",
        "dialog.new_value": "正しい数を送ってください（例：45）。",
        "dialog.pick_again": "下のボタンから選んでください（番号で送ってもOKです）。",
        "dialog.number_again": "数字で送ってください（例：45）。やめるときは「やめる」と送ってください。",
        "dialog.note_too_long": "メモは500文字までで送ってください。",
        "dialog.cancelled": "報告をやめました。また「今日の報告」から始められます。",
        "dialog.quick.cancel": "やめる",
        "dialog.quick.none": "なし",
        "dialog.report_label": "{date} {title} {units}{unit}",
        "dialog.raw_text": "今日の報告：{title} {units}{unit} {note}",
        "own.header": "あなたの進捗（{date}時点）",
        "own.line": "・{title}：{done}/{share}{unit}（残り{left}{unit}）",
        "own.pace": "　ペース 1日{pace}{unit}、完了見込み {forecast}（納期 {deadline}）：{verdict}",
        "own.no_pace": "　まだ報告がないため見込みは出せません（納期 {deadline}）：{verdict}",
        "verdict.done": "完了",
        "verdict.on_track": "順調",
        "verdict.at_risk": "要注意",
        "verdict.late": "遅れ気味",
        "verdict.not_started": "未着手",
        "progress.header": "「{title}」の進捗",
        "progress.totals": "{bar} {percent}%　{done}/{total}{unit}（残り{left}{unit}）",
        "progress.person": "・{name}：{done}/{share}{unit}",
        "progress.pace": "1日{pace}{unit}（稼働日あたり）",
        "progress.no_forecast": "まだ出せません（報告が足りません）",
        "progress.field.today": "本日",
        "progress.field.pace": "ペース",
        "progress.field.forecast": "完了見込み",
        "progress.field.verdict": "判定",
        "progress.which_task": (
            "どの案件の進捗を見ますか？ `/yui status 番号` か案件名の一部で指定してください。\n{tasks}"
        ),
        "line_quota.limit_reached.header": "LINEの今月の送信上限に達しました",
        "line_quota.limit_reached": (
            "LINE公式アカウントの今月のメッセージ数が上限に達し、{day}からLINEへのプッシュ通知"
            "（リマインド・依頼・代打の相談・まとめなど）が届かなくなっています。"
            "LINEで話しかけてくれた人への返事は引き続き届きます。"
            "LINE Official Account Managerでプランか追加メッセージを確認し、必要ならチームに連絡してください。"
            "（このお知らせは1日1回までです）"
        ),
        "reminder.text": (
            "{name}さん、おつかれさまです🌱 今日の「{tasks}」の進み具合はいかがでしたか？\n"
            "「50件できました」のように送るか、下の「今日の報告」を押してください。\n"
            "（お知らせの時間は「リマインド 20時」で変更、「リマインド停止」で止められます）"
        ),
        "reminder.set": "毎日{time}にお知らせします（お仕事の日だけ・報告済みの日は送りません）。",
        "reminder.stopped": "お知らせを止めました。再開するときは「リマインド再開」と送ってください。",
        "reminder.resumed": "お知らせを再開しました。毎日{time}にお知らせします。",
        "reminder.show_on": (
            "いまは毎日{time}にお知らせしています。「リマインド 20時」で変更、「リマインド停止」で止められます。"
        ),
        "reminder.show_off": "お知らせは止まっています（{time}に設定中）。「リマインド再開」で再開できます。",
        "reminder.invalid": (
            "時刻を読み取れませんでした。「リマインド 20時」「リマインド 20:30」のように送ってください。"
        ),
    }
)

# Issue 4 (自分の案件, the profile as a card) and issue 3 (recurring work keeps its assignees).
MESSAGES.update(
    {
        "my_tasks.none": (
            "いま担当している案件はありません。お仕事の依頼が届いたらLINEでお知らせします。"
            "お休みの予定があれば「休みの連絡」から教えてください。"
        ),
        "my_tasks.lead": "あなたの案件（{count}件）",
        "my_tasks.more": "締切の近い{shown}件を表示しています。",
        "my_tasks.field.deadline": "締切",
        "my_tasks.field.share": "担当",
        "my_tasks.field.progress": "進捗",
        "my_tasks.field.status": "状態",
        "my_tasks.value.share": "{units}{unit}（全{total}{unit}）",
        "my_tasks.value.progress": "{done}/{units}{unit}",
        "my_tasks.value.deadline_at": "{date} {time}",
        "my_tasks.value.overdue": "{date}（締切を過ぎています）",
        "my_tasks.value.today": "{date}（今日まで）",
        "my_tasks.value.days_left": "{date}（あと{days}日）",
        "my_tasks.note.paused": "発注元が一時停止しています。再開したらお知らせします。",
        "my_tasks.note.done": "担当分はすべて報告済みです。おつかれさまでした！",
        "my_tasks.note.left": "残り{left}{unit}",
        "my_tasks.button.report": "報告する",
        "my_tasks.field.team": "チーム",
        "my_tasks.value.team": "{team}：{done}/{units}{unit}（{members}人）",
        "profile.section.about": "お名前・スキル",
        "profile.section.work": "お仕事できる時間",
        "profile.section.notes": "地域・リーダーへ",
        "task.value.assignee": "{name}（{units}{unit}）",
        "recurring.header": "定期案件の次の回",
        "recurring.carried": (
            "「{title}」の次の回が始まります。前回と同じく、あなたの担当は{units}{unit}です。"
            "難しいときは「今回は辞退する」を押してください。"
        ),
        "recurring.button.decline": "今回は辞退する",
        "recurring.declined": (
            "承知しました。「{title}」（締切 {deadline}）の今回の担当{units}{unit}から外れました。"
            "ほかの方にお願いします。"
        ),
        "recurring.decline_closed": (
            "この担当はすでに外れているか、案件が終わっているため、辞退の操作はできませんでした。"
        ),
        "recurring.decline_started": (
            "「{title}」はもう報告が始まっているため、ここからは辞退できません。リーダーに相談してください。"
        ),
    }
)

# Digests (issue 7): the narrative template, the summary and the per-task details.
MESSAGES.update(
    {
        "digest.date": "{month}/{day}（{weekday}）",
        "digest.date_year": "{year}/{month}/{day}（{weekday}）",
        "digest.name": "{name}さん",
        "digest.value.no_forecast": "見込みなし",
        "digest.value.no_deadline": "期限なし",
        "digest.risk.late": "遅れ：{title}（完了見込み {forecast}、期限 {deadline}）。",
        "digest.risk.at_risk": "要注意：{title}（完了見込み {forecast}、期限 {deadline}）。",
        "digest.risk.more": "遅れ・要注意の案件は全部で{count}件です。",
        "digest.leader.no_tasks": "このチームが担当している進行中の案件はありません。",
        "digest.client.no_tasks": "現在進行中のご依頼はございません。",
        "digest.leader.output_day": "本日は{tasks}件の案件のうち{moving}件で作業が進みました。",
        "digest.leader.output_week": "この週は{tasks}件の案件のうち{moving}件で作業が進みました。",
        "digest.client.output_day": "本日は{tasks}件のご依頼のうち{moving}件の作業を進めました。",
        "digest.client.output_week": "先週は{tasks}件のご依頼のうち{moving}件の作業を進めました。",
        "digest.leader.day_off": "本日（{day}）は休業日のため、報告はお願いしていません。",
        "digest.leader.reports": "報告：{reported}/{expected}人。",
        "digest.leader.not_reported": "未報告：{names}。",
        "digest.leader.absent": "お休み：{names}。",
        "digest.leader.blockers": "困りごとが{count}件残っています（最長{days}日）：{names}。",
        "digest.leader.blockers_today": "今日、困りごとの報告が{count}件ありました：{names}。",
        "digest.client.questions": "確認中の事項が{count}件ございます。担当リーダーよりご連絡いたします。",
        "digest.leader.decide": "判断してください：期限の相談か、メンバーの応援（代打）か。",
        "digest.client.decide": "納期についてご相談させていただく場合がございます。何卒よろしくお願いいたします。",
        "digest.leader.cover": "{name}さんがお休みです。遅れている{titles}は代打を検討してください。",
        "digest.leader.help": "困りごとのあるメンバーに声をかけてください。",
        "digest.leader.all_on_track": "期限に遅れそうな案件はありません。",
        "digest.client.all_on_track": "いずれのご依頼も納期に間に合う見込みです。",
        "digest.change.deadline": "{title}：期限が{before}から{after}に変わりました。",
        "digest.change.volume": "{title}：作業量が{before}から{after}に変わりました。",
        "digest.change.registered": "{title}：新しく登録されました。",
        "digest.change.edited": "{title}：内容が変更されました。",
        "digest.change.deadline_extended": "{title}：期限が変わりました。",
        "digest.change.volume_changed": "{title}：作業量が変わりました。",
        "digest.change.paused": "{title}：一時停止されました。",
        "digest.change.resumed": "{title}：再開されました。",
        "digest.change.cancelled": "{title}：中止されました。",
        "digest.change.done": "{title}：完了しました。",
        "digest.change.recurred": "{title}：次回分が始まりました。",
        "digest.change.matched": "{title}：担当が決まりました。",
        "digest.change.started": "{title}：作業が始まりました。",
        "digest.change.drafted": "{title}：下書きが作られました。",
        "digest.change.share_released": "{title}：担当を辞退した方がいて、その分を探し直しています。",
        "digest.change.reopened": "{title}：作業量が増えたため、残りの担当を探しています。",
        "digest.header.daily": "{scope}のまとめ（{date}）",
        "digest.header.weekly": "{scope}の週次まとめ（{start}〜{end}）",
        "digest.field.tasks": "案件",
        "digest.value.verdict_count": "{verdict} {count}",
        "digest.value.separator": "・",
        "digest.field.reports": "報告",
        "digest.value.reports": "{reported}/{expected}人",
        "digest.value.reports_day_off": "休業日",
        "digest.field.blockers": "困りごと",
        "digest.field.questions": "確認事項",
        "digest.value.count": "{count}件",
        "digest.field.hours": "作業時間",
        "digest.value.hours": "{hours}時間",
        "digest.risks.header": "リスク",
        "digest.verdict.done": "完了",
        "digest.verdict.on_track": "順調",
        "digest.verdict.at_risk": "要注意",
        "digest.verdict.late": "遅れ",
        "digest.verdict.not_started": "未着手",
        "digest.status.paused": "一時停止中",
        "digest.status.cancelled": "中止",
        "digest.field.period_day": "今日",
        "digest.field.period_week": "今週",
        "digest.field.done": "累計",
        "digest.field.pace": "ペース",
        "digest.field.forecast": "完了見込み",
        "digest.field.deadline": "期限",
        "digest.value.units": "{count}{unit}",
        "digest.value.progress": "{done}/{total}{unit}",
        "digest.value.pace": "1日 {pace}{unit}",
        "digest.value.hours_pair": "{today}時間（累計 {total}時間）",
        "digest.button.open": "案件を開く",
        "digest.details.lead": "案件ごとの詳細（{count}件）",
        "digest.members.header": "メンバー",
        "digest.member.reported": "報告済み {units}件・{hours}時間",
        "digest.member.reported_units": "報告済み {units}件",
        "digest.member.not_reported": "未報告",
        "digest.member.no_work": "担当なし",
        "digest.member.absent": "お休み",
        "digest.member.absent_reason": "お休み（{reason}）",
        "digest.blockers.header": "困りごと",
        "digest.blocker.line": "{name}・{title}：{text}（{since}から）",
        "digest.question.line": "{title}：確認事項（{since}から）",
        "digest.changes.header": "変更",
        "digest.member.state_reported": "報告済み",
        "digest.member.state_quiet": "報告なし（休業日）",
        "digest.prompt.reader.leader": "チームリーダー",
        "digest.prompt.reader.client": "依頼主（取引先企業）",
        "error.digest_scope": "まとめの対象（チーム・案件・取引先）が見つかりませんでした。",
        "error.digest_future": "まだ来ていない日（{day}）のまとめは作れません。",
        "digest.text.source_template": "（自動生成の定型文）",
    }
)

# Digest delivery (issue 7): subscriptions, times, on-demand answers
MESSAGES.update(
    {
        "digest_delivery.late": "（{date}分のまとめです。時間どおりにお送りできず、遅れてのお届けです）",
        "digest_delivery.bad_time": "「{text}」は時刻として読めませんでした。例：19:00、19時、午後7時",
        "digest_delivery.not_leader": (
            "日次まとめはチームのリーダーにお送りしています。あなたはまだどのチームのリーダーでもないため、"
            "まとめは表示できません。自分の作業は「マイ案件」で確認できます。"
        ),
        "digest_delivery.which_task": "「{text}」に当たる案件が見つかりませんでした。進行中の案件：\n{tasks}",
        "digest_delivery.no_tasks": "（進行中の案件はありません）",
        "digest_delivery.which_team": (
            "「{text}」という名前のチームは、あなたがリーダーのチームにありません。あなたのチーム：{teams}"
        ),
        "digest_delivery.subscribe_slack_only": (
            "まとめの配信登録は、クライアントのSlackチャンネルで `/yui digest subscribe` から行えます。"
        ),
        "digest_delivery.scope_task": "案件「{title}」",
        "digest_delivery.scope_organization": "{name}の進行中の案件すべて",
        "digest_delivery.subscribed": (
            "このチャンネルに{what}のまとめを毎日{time}（{zone}）にお届けします。"
            "毎週月曜{weekly}には先週分の週次まとめもお送りします。\n"
            "時刻の変更は `/yui digest time 19:00`、停止は `/yui digest unsubscribe` です。"
        ),
        "digest_delivery.unsubscribed": "このチャンネルへのまとめの配信を停止しました。",
        "digest_delivery.not_subscribed": "このチャンネルはまとめの配信を登録していません。",
        "digest_delivery.channel_time": "このチャンネルのまとめは毎日{time}（{zone}）にお届けします。",
        "digest_delivery.leader_time": "日次まとめを毎日{time}（{zone}）にお送りします。",
        "digest_delivery.time_nothing": (
            "変更できるまとめがありません。チャンネルで受け取るには `/yui digest subscribe 19:00` を使ってください。"
        ),
        "digest_delivery.stopped": "日次まとめの自動配信を止めました。「まとめ」と送ればいつでも今日の分を表示します。",
        "digest_delivery.resumed": "日次まとめの自動配信を再開しました（毎日{time}）。",
        "digest_delivery.weekly_time": "このチャンネルの週次まとめは毎週月曜{time}にお届けします。",
        "digest_delivery.weekly_off": "このチャンネルへの週次まとめは止めました（日次まとめはそのままです）。",
        "digest_delivery.settings_channel": "このチャンネル：{what}のまとめを毎日{time}（{zone}）、{weekly}",
        "digest_delivery.settings_weekly": "週次まとめは毎週月曜{time}",
        "digest_delivery.settings_no_weekly": "週次まとめはなし",
        "digest_delivery.settings_leader": (
            "リーダーとして（{teams}）：日次まとめを毎日{time}（{zone}）に{where}でお送りします。"
        ),
        "digest_delivery.settings_leader_off": (
            "リーダーとして（{teams}）：日次まとめの自動配信は止まっています（再開すると毎日{time}（{zone}）に{where}へ）。"
        ),
        "digest_delivery.settings_none": (
            "まとめの設定はありません。チャンネルで受け取るには `/yui digest subscribe 19:00` を使ってください。"
        ),
        "digest_delivery.where_slack": "SlackのDM",
        "digest_delivery.where_line": "LINE",
        "digest_delivery.channel_unavailable": (
            "<#{channel}> にまとめを投稿できませんでした（{error}）。チャンネルに結（ゆい）を招待する"
            "（`/invite @結`）か、そのチャンネルで `/yui digest unsubscribe` を実行して配信を止めてください。"
        ),
    }
)
