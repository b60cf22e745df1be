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
        "・プロフィール：「プロフィール」\n"
        "・このメッセージ：「ヘルプ」"
    ),
    "help.slack": (
        "*結（ゆい）の使い方*\n"
        "• `/yui help` この説明を表示\n"
        "• `/yui task` 案件を登録（文章でもOK：`/yui task 請求書入力 200件 12/5まで`）\n"
        "• `/yui tasks` 自社の案件一覧\n"
        "• `/yui status <案件>` 進捗・見込み\n"
        "• `/yui digest` 日次まとめ\n"
        "• `/yui link` LINEアカウントと連携\n"
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
    }
)
