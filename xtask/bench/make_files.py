"""Benchmark inputs: realistic national project lists of 10k, 100k and 1M rows, in UTF-8 and in
CP932 (as Japanese Excel saves them), with the value forms real files carry: 和暦, R and FY years,
full-width digits, thousands separators, circled priority areas and missing markers.

Deterministic (fixed seed), so that every run and every machine parses the same bytes.
Usage: python3 make_files.py OUT_DIR
"""
import os
import random
import sys

HEADER = ["年度", "課題ID", "事業名", "重点分野", "採択年度", "採択時ステージ", "現在ステージ", "状況", "助成額（千円）"]
PROGRAMS = [
    "医療機器等研究成果展開事業（架空）",
    "次世代医療機器連携拠点整備等事業（架空）",
    "先進的医療機器・システム等技術開発事業（架空）",
    "医工連携イノベーション推進事業（架空）",
    "医療機器開発推進研究事業（架空）",
]
AREAS = ["①", "②", "③", "④", "⑤", "1;3", "２", "③;⑤", ""]
STATUS = ["継続", "継続", "継続", "終了", "中止", "", "－"]
FULL = str.maketrans("0123456789,", "０１２３４５６７８９，")


def year_forms(fy):
    if fy >= 2019:
        reiwa = fy - 2018
        era, short = ("令和元年度" if reiwa == 1 else f"令和{reiwa}年度"), f"R{reiwa}"
    else:
        era, short = f"平成{fy - 1988}年度", f"H{fy - 1988}"
    return [era, short, f"{fy}年度", f"FY{fy}", str(fy), f"ＦＹ{fy}".translate(FULL)]


def rows(n, rng):
    for i in range(n):
        fy = 2021 + i % 4
        adopted = fy - rng.randint(0, 5)
        stage = rng.randint(1, 4)
        current = min(5, stage + rng.choice([0, 0, 0, 1, 1, 2]))
        grant = rng.randint(500, 90000)
        grant_text = rng.choice([f"{grant}", f"{grant:,}", f"{grant:,}".translate(FULL), "", "－"])
        stage_text = rng.choice([str(stage), str(stage).translate(FULL), f"{stage}"])
        current_text = rng.choice([str(current), str(current).translate(FULL), ""]) if rng.random() < 0.97 else "不明"
        yield [
            rng.choice(year_forms(fy)),
            f"P{i:07d}",
            rng.choice(PROGRAMS),
            rng.choice(AREAS),
            rng.choice(year_forms(adopted)).replace("年度", "") if rng.random() < 0.5 else str(adopted),
            stage_text,
            current_text,
            rng.choice(STATUS),
            grant_text,
        ]


def quote(cell):
    if any(c in cell for c in ',"\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for label, n in [("10k", 10_000), ("100k", 100_000), ("1m", 1_000_000)]:
        rng = random.Random(20261121 + n)
        text = "\r\n".join(",".join(quote(c) for c in r) for r in [HEADER, *rows(n, rng)]) + "\r\n"
        for encoding, suffix in [("utf-8", "utf8"), ("cp932", "cp932")]:
            path = os.path.join(out, f"projects_{label}_{suffix}.csv")
            with open(path, "wb") as f:
                f.write(text.encode(encoding))
            print(f"{path}: {os.path.getsize(path):,} bytes")


main()
