"""結の知恵 benchmark (issue 16): `python -m bench.knowhow` (not part of the test run).

(a) Finding an earlier answer on the labelled pairs: precision and recall of the offered note at
    `CONFIDENT`, on the tuning pairs (which chose it) and on the held-out pairs (written before the
    matcher, never used to tune it), plus the precision/recall curve on both.
(b) Speed: one client's notes of one kind, 100,000 of them (synthetic questions drawn from the
    vocabulary of data-entry work with a seeded RNG), built once; then the median and p95 time to
    find the best note for 200 different questions (target: median under 20 ms), and the time to
    add a note (NoteKept) and find it at once.

Options: --notes, --queries, --seed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from pathlib import Path

from domain.knowhow.evaluation import figures, load_pairs, score_pairs
from domain.knowhow.index import CONFIDENT, NoteIndex

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"

_THINGS = [
    "取引先コード",
    "取引先名",
    "請求書番号",
    "金額",
    "税込",
    "税抜",
    "宛名",
    "日付",
    "支払期日",
    "振込先口座",
    "登録番号",
    "役職",
    "部署名",
    "電話番号",
    "FAX番号",
    "メールアドレス",
    "住所",
    "郵便番号",
    "フリガナ",
    "会社名",
    "商品名",
    "商品画像",
    "価格",
    "在庫数",
    "棚番号",
    "JANコード",
    "自由記述",
    "年齢",
    "性別",
    "設問",
    "領収書",
    "交通費",
    "勘定科目",
    "残業時間",
    "有給",
    "打刻",
    "話者",
    "録音",
    "固有名詞",
    "背景",
    "ファイル名",
]
_STATES = [
    "が無い",
    "が空欄の",
    "が2つある",
    "が読めない",
    "が間違っている",
    "が重複している",
    "が手書きの",
    "が英語の",
    "が長すぎる",
    "が全角の",
    "が古い",
    "が違う",
]
_ENDINGS = [
    "ときはどうしますか",
    "場合はどう入力しますか",
    "ものの扱いは？",
    "のはそのままでいいですか",
    "ときは直しますか",
    "時は飛ばしていいですか",
]
_PLACES = ["請求書", "名刺", "アンケート", "伝票", "注文書", "見積書", "納品書", "申込書"]


def _question(rng: random.Random) -> str:
    return f"{rng.choice(_PLACES)}の{rng.choice(_THINGS)}{rng.choice(_STATES)}{rng.choice(_ENDINGS)}"


def part_a() -> None:
    for name in ("tuning", "holdout"):
        scored = score_pairs(load_pairs(DATA / f"knowhow_pairs_{name}.tsv"))
        at = figures(scored, CONFIDENT)
        print(
            f"{name:8} pairs={at.pairs} same={at.same} offered={at.offered} "
            f"precision={at.precision:.3f} recall={at.recall:.3f} (threshold {CONFIDENT})"
        )
        curve = ", ".join(
            f"{t:.2f}: P {f.precision:.2f} R {f.recall:.2f}"
            for t in (0.3, 0.4, 0.5, 0.58, 0.65)
            for f in [figures(scored, t)]
        )
        print(f"         curve  {curve}")


def part_b(notes: int, queries: int, seed: int) -> None:
    rng = random.Random(seed)
    started = time.perf_counter()
    index = NoteIndex((f"n{i}", _question(rng)) for i in range(notes))
    build = time.perf_counter() - started
    asked = [_question(rng) for _ in range(queries)]
    index.search(asked[0])  # the first search pays for the tokenizer's warm-up, not the index
    timings = []
    for question in asked:
        t = time.perf_counter()
        index.search(question)
        timings.append((time.perf_counter() - t) * 1000)
    timings.sort()
    median, p95 = statistics.median(timings), timings[int(len(timings) * 0.95) - 1]
    t = time.perf_counter()
    index.add("kept", "注文書の取引先コードが無いときは備考欄に書きますか")
    found = index.search("注文書で取引先コードが無い時は備考欄？")
    kept_ms = (time.perf_counter() - t) * 1000
    print(
        f"notes={len(index)} build={build:.1f}s  search median={median:.2f} ms p95={p95:.2f} ms (target median < 20 ms)"
    )
    print(f"NoteKept: add + find it at once {kept_ms:.2f} ms, best={found[0].note_id if found else None}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.2f} (2 cores)")
    part_a()
    part_b(args.notes, args.queries, args.seed)


if __name__ == "__main__":
    main()
