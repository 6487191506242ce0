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

# The report's outcomes for early themes (特許出願, 特許取得, 他事業採択), drawn from their own
# generator so that the stages and the rest of the sample stay as they were. Once yes, yes
# thereafter; likelier for themes adopted early in their course, and the longer they run.
orng = random.Random(20251)
APP_P = {1: 0.30, 2: 0.22, 3: 0.15, 4: 0.08}
OTHER_P = {1: 0.12, 2: 0.08, 3: 0.06, 4: 0.04}
for p in projects:
    p["patents"], p["granted"], p["other"] = 0, False, False


def outcomes(p, fy):
    years = fy - p["adopted"]
    if orng.random() < APP_P[p["stage0"]] * min(1.0, 0.5 + 0.25 * years):
        p["patents"] += orng.choice([1, 1, 2])
    if p["patents"] and not p["granted"] and orng.random() < 0.25 * min(1.0, 0.3 + 0.25 * years):
        p["granted"] = True
    if not p["other"] and orng.random() < OTHER_P[p["stage0"]] * min(1.0, 0.5 + 0.25 * years):
        p["other"] = True
    # Written as returns are: counts, 有/無, ○/×, and now and then left blank.
    blank = orng.random() < 0.04
    app = "" if blank else (str(p["patents"]) if orng.random() < 0.5 else ("有" if p["patents"] else "無"))
    granted = "" if blank else ("○" if p["granted"] else "×")
    other = "" if orng.random() < 0.05 else ("有" if p["other"] else "無")
    return [app, granted, other]


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
            *outcomes(p, fy),
        ])

with open("www/sample/projects.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(["年度", "課題ID", "事業名", "重点分野", "採択年度", "採択時ステージ", "現在ステージ", "状況", "助成額（千円）", "特許出願", "特許取得", "他事業採択"])
    w.writerows(rows)
print(len(rows), "rows")


# ---- the other dataset kinds (all SYNTHETIC) ----
def write(name, header, rows):
    with open(f"www/sample/{name}", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)
    print(name, len(rows), "rows")

TRAIN_PROGRAMS = ["次世代医療機器連携拠点整備等事業（架空）", "医療機器開発支援ネットワーク（架空）", "地域連携拠点自立化推進事業（架空）"]
COURSES = ["臨床ニーズ探索研修", "医療機器開発入門", "薬事・保険戦略講座", "ビジネスプラン実習"]
rows = []
for fy in (2022, 2023, 2024):
    for p_i, prog in enumerate(TRAIN_PROGRAMS):
        for c_i, course in enumerate(COURSES[: 3 + (p_i == 0)]):
            sessions = rng.randint(2, 8) + (fy - 2022)
            trainees = sessions * rng.randint(9, 18)
            industry = int(trainees * rng.uniform(0.25, 0.5))
            rows.append([f"{fy}年度", prog, course, sessions, trainees, industry])
write("trainings.csv", ["年度", "事業名", "研修名", "実施回数", "受講者数", "うち企業人材数"], rows)

LABELS = {5: "大変満足", 4: "満足", 3: "どちらともいえない", 2: "不満", 1: "大変不満"}
rows = []
rid = 0
for fy, shift in ((2023, 0.0), (2024, 0.25)):
    for prog in TRAIN_PROGRAMS:
        for _ in range(rng.randint(45, 70)):
            rid += 1
            # Spread so that every program has at least five answers at each level it has (its
            # breakdown is visible in 公表用 mode); nobody answers 1 (大変不満).
            z = (rng.gauss(3.7 + shift, 0.9) - 3.7 - shift) / 0.9
            score = min(5, max(2, round(3.3 + shift + 1.15 * z)))
            answer = LABELS[score] if rng.random() < 0.5 else str(score)
            rows.append([f"R{fy - 2018}", prog, rng.choice(COURSES[:3]), f"{rid:05d}", answer])
write("satisfaction.csv", ["年度", "事業名", "研修名", "回答者ID", "満足度"], rows)

ASSOCIATIONS = ["医療機器工業会A（架空）", "臨床機器工業会B（架空）", "画像診断機器協会C（架空）"]
companies = [f"{rng.choice(['株式会社', '', ''])}{rng.choice(['あおば', 'さくら', 'みなと', 'ひかり', 'つばさ', 'やまと', 'こだま', 'はやて'])}{rng.choice(['メディカル', '医科工業', 'テック', 'ライフ', '精機', 'バイオ'])}{i:02d}" for i in range(1, 121)]
profile = {c: (rng.random() < 0.12, rng.random() < 0.15, rng.random() < 0.35, rng.sample(ASSOCIATIONS, rng.choice([1, 1, 1, 2]))) for c in companies}
rows = []
for fy in (2022, 2023, 2024):
    for c in companies[: 100 + 10 * (fy - 2022)]:
        venture, cross, intl, assocs = profile[c]
        intl = intl or rng.random() < 0.04 * (fy - 2021)
        for a in assocs:
            flag = lambda b: "不明" if rng.random() < 0.03 else ("○" if b else "×")
            rows.append([fy, a, c, flag(venture), flag(cross), flag(intl)])
write("members.csv", ["年度", "団体名", "企業名", "ベンチャー", "異業種参入", "国際展開"], rows)

HUB_PROGRAMS = ["次世代医療機器連携拠点整備等事業（架空）", "医療機器等開発支援拠点事業（架空）"]
rows = []
hubs = [(f"{city}拠点（架空）", HUB_PROGRAMS[i % 2]) for i, city in enumerate(["北", "東", "西", "南", "中央", "湾岸", "山手", "川辺", "丘陵", "港", "森", "空"])]
for fy in (2022, 2023, 2024):
    for h_i, (hub, prog) in enumerate(hubs):
        company = rng.randint(3, 14) + (fy - 2022) * rng.randint(0, 3)
        inter = rng.randint(0, 6)
        infra = "有" if (fy == 2024 and h_i == 0) else "無"
        rows.append([f"令和{fy - 2018}年度", hub, prog, company, inter, infra])
write("hubs.csv", ["年度", "拠点名", "事業名", "企業との共同研究件数", "他拠点との共同研究件数", "国際共同治験基盤"], rows)

rows = []
for name, base in (("生産金額", 25_600), ("輸出金額", 10_000), ("国内出荷金額", 40_000)):
    for year in range(2019, 2024):
        rows.append([f"{year}年", name, f"{base * (1 + 0.012 * (year - 2019)) + rng.randint(-300, 300):,.0f}", "億円"])
write("reference.csv", ["年", "指標", "値", "単位"], rows)

FOLLOWUP = {
    4: ("非臨床評価系の整備", "評価法ガイダンス案の作成を継続（架空）", "一部進展"),
    5: ("医療情報の利活用", "企業利用を想定したデータ基盤の検討会を開催（架空）", "検討中"),
    8: ("規制調和", "参照国制度の対象国との協議を実施（架空）", "進展"),
    9: ("審査体制", "早期実用化に向けた相談枠を拡充（架空）", "進展"),
    10: ("保険償還", "イノベーション評価の試行を継続（架空）", "一部進展"),
    11: ("安定供給", "有事の供給リスク調査を実施（架空）", "検討中"),
}
rows = []
for fy in (2023, 2024):
    for goal, (prog, status, assessment) in FOLLOWUP.items():
        rows.append([f"R{fy - 2018}", goal, prog, status if fy == 2023 else status.replace("（架空）", "、対象を拡大（架空）"), assessment])
write("followup.csv", ["年度", "ゴール", "事業名", "状況", "評価"], rows)
