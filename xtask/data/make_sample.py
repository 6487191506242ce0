"""Writes www/sample/projects.csv: SYNTHETIC R&D projects for the embedded sample.

Every name and number here is invented. The stage transition probabilities are set so that the
rates resemble the published FY2023 trial measurement (about 12 / 37 / 44 / 7% by adoption stage),
to make the first screen look like real data, not to reproduce it. Deterministic (fixed seed).
Run: python3 xtask/data/make_sample.py
"""
import csv
import random

rng = random.Random(20231)
PROGRAMS = [
    "医工連携イノベーション推進事業（架空）",
    "先進的医療機器・システム等技術開発事業（架空）",
    "医療機器等研究成果展開事業（架空）",
    "次世代医療機器連携拠点整備等事業（架空）",
]
STAGE_NAMES = {1: "基礎研究", 2: "製品開発", 3: "非臨床", 4: "臨床", 5: "承認取得・上市"}
UP_P = {1: 0.12, 2: 0.37, 3: 0.44, 4: 0.07}

projects = []
for i in range(1, 231):
    adopted = rng.choice([2018, 2019, 2019, 2020, 2020, 2021, 2021, 2022, 2022, 2023, 2024])
    stage = rng.choices([1, 2, 3, 4], weights=[34, 65, 48, 41])[0]
    areas = sorted(rng.sample([1, 2, 3, 4, 5], rng.choices([1, 2], weights=[75, 25])[0]))
    projects.append({
        "id": f"S{adopted % 100:02d}-{i:04d}",
        "program": rng.choice(PROGRAMS),
        "areas": areas,
        "adopted": adopted,
        "stage0": stage,
        "current": stage,
        "status": "継続",
        "grant": rng.randrange(8_000, 95_000, 500),  # 千円
    })

rows = []
for fy in (2023, 2024):
    for p in projects:
        if p["adopted"] > fy or p["status"] in ("終了", "中止") and fy > p.get("ended", 9999):
            continue
        years = fy - p["adopted"]
        # One chance to move up per survey, more likely the longer the theme has run.
        if p["current"] < 5 and p["status"] == "継続" and rng.random() < UP_P[p["stage0"]] * min(1.0, 0.45 + 0.2 * years):
            p["current"] += 2 if rng.random() < 0.1 and p["current"] <= 3 else 1
        if p["status"] == "継続" and years >= 2 and rng.random() < 0.06:
            p["status"] = rng.choice(["終了", "中止"])
            p["ended"] = fy
        current = p["current"]
        cur_text = str(current) if rng.random() < 0.7 else STAGE_NAMES[current]
        if rng.random() < 0.02:
            cur_text = "不明"
        rows.append([
            f"令和{fy - 2018}年度",
            p["id"],
            p["program"],
            ";".join("①②③④⑤"[a - 1] for a in p["areas"]),
            str(p["adopted"]),
            str(p["stage0"]),
            cur_text,
            p["status"],
            f"{p['grant']:,}",
        ])

with open("www/sample/projects.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(["年度", "課題ID", "事業名", "重点分野", "採択年度", "採択時ステージ", "現在ステージ", "状況", "助成額（千円）"])
    w.writerows(rows)
print(len(rows), "rows")
