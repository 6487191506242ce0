"""Benchmark inputs: realistic national project lists of 10k, 100k and 1M rows, in UTF-8 and in
CP932 (as Japanese Excel saves them), with the value forms real files carry: 和暦, R and FY years,
full-width digits, thousands separators, circled priority areas and missing markers; the 100k-row
list as an .xlsx workbook too (LibreOffice, headless); and the typical drop: five survey files,
10,000 rows in all (projects as .xlsx; trainings, satisfaction, members and hubs as CP932 CSVs).

Deterministic (fixed seed), so that every run and every machine parses the same bytes. A file that
exists is kept (so a run after the first only makes what is missing).
Usage: python3 make_files.py OUT_DIR
"""
import os
import random
import shutil
import subprocess
import sys
import tempfile

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


def csv_text(header, body):
    return "\r\n".join(",".join(quote(str(c)) for c in r) for r in [header, *body]) + "\r\n"


def to_xlsx(utf8_csv, path):
    """`utf8_csv` (a path) as the .xlsx `path`, by LibreOffice headless; False if it is missing."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print(f"make_files.py: LibreOffice (soffice) is not installed: {os.path.basename(path)} is not made, "
              "and the bench skips the figures that need it", file=sys.stderr)
        return False
    with tempfile.TemporaryDirectory(prefix="mdkpi-bench-lo-") as tmp:
        src = os.path.join(tmp, os.path.splitext(os.path.basename(path))[0] + ".csv")
        shutil.copyfile(utf8_csv, src)
        # CSV import: comma, double quote, UTF-8 (76), from line 1; a profile of its own.
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                        "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", tmp, src],
                       check=True, stdout=subprocess.DEVNULL)
        shutil.move(os.path.join(tmp, os.path.basename(path)), path)
    print(f"{path}: {os.path.getsize(path):,} bytes")
    return True


# ---- the typical drop: five kinds, 10,000 rows in all (headers as the embedded sample's) ----
# Sized as a programme's files are: many projects and respondents, a few hundred member companies,
# a few dozen hubs, a handful of programmes. (The answer grows with the distinct programmes, hubs
# and courses, each a breakdown of every KPI, more than with the rows: 2,000 rows of each kind with
# 400 hubs and 20 programmes × 20 courses made an answer of 1.4 MB of JSON.)
DROP_ROWS = {"projects": 5_000, "satisfaction": 3_000, "members": 1_500, "trainings": 300, "hubs": 200}
TRAIN_PROGRAMS = ["次世代医療機器連携拠点整備等事業（架空）", "医療機器開発支援ネットワーク（架空）", "地域連携拠点自立化推進事業（架空）",
                  "医療機器開発人材育成事業（架空）", "医工連携人材育成講座（架空）", "臨床工学研修事業（架空）"]
COURSES = [f"医療機器開発講座{i:02d}" for i in range(10)]
LABELS = {5: "大変満足", 4: "満足", 3: "どちらともいえない", 2: "不満", 1: "大変不満"}
ASSOCIATIONS = ["医療機器工業会A（架空）", "臨床機器工業会B（架空）", "画像診断機器協会C（架空）", "歯科機器協会D（架空）"]


def drop_files(rng):
    """{kind: (header, rows)} for the five files of the typical drop."""
    years = [2020, 2021, 2022, 2023, 2024]
    projects = []
    for i in range(DROP_ROWS["projects"]):
        fy = years[i % 5]
        adopted = fy - rng.randint(0, 4)
        stage = rng.randint(1, 4)
        projects.append([f"令和{fy - 2018}年度", f"D{i // 5:05d}", rng.choice(PROGRAMS), rng.choice(AREAS[:6]),
                         adopted, stage, min(5, stage + rng.choice([0, 0, 1, 2])), rng.choice(STATUS[:5]),
                         f"{rng.randint(500, 90000):,}"])
    trainings = [[f"{fy}年度", p, c, s, s * rng.randint(9, 18), rng.randint(0, 9 * s)]
                 for fy in years for p in TRAIN_PROGRAMS for c in COURSES
                 for s in [rng.randint(2, 8)]]
    satisfaction = [[f"R{years[i % 5] - 2018}", rng.choice(TRAIN_PROGRAMS), rng.choice(COURSES), f"{i:05d}",
                     rng.choice([str(rng.randint(2, 5)), LABELS[rng.randint(2, 5)]])] for i in range(DROP_ROWS["satisfaction"])]
    flag = lambda: rng.choice(["○", "×", "×", "不明"])
    members = [[fy, a, f"{rng.choice(['株式会社', ''])}会員企業{c:03d}", flag(), flag(), flag()]
               for fy in years for a in ASSOCIATIONS[:3] for c in range(100)]
    hubs = [[f"令和{fy - 2018}年度", f"拠点{h:02d}（架空）", rng.choice(TRAIN_PROGRAMS[:2]), rng.randint(3, 14),
             rng.randint(0, 6), rng.choice(["有", "無", "無"])] for fy in years for h in range(40)]
    return {
        "projects": (HEADER, projects),
        "trainings": (["年度", "事業名", "研修名", "実施回数", "受講者数", "うち企業人材数"], trainings),
        "satisfaction": (["年度", "事業名", "研修名", "回答者ID", "満足度"], satisfaction),
        "members": (["年度", "団体名", "企業名", "ベンチャー", "異業種参入", "国際展開"], members),
        "hubs": (["年度", "拠点名", "事業名", "企業との共同研究件数", "他拠点との共同研究件数", "国際共同治験基盤"], hubs),
    }


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for label, n in [("10k", 10_000), ("100k", 100_000), ("1m", 1_000_000)]:
        paths = {suffix: os.path.join(out, f"projects_{label}_{suffix}.csv") for suffix in ["utf8", "cp932"]}
        if all(os.path.exists(p) for p in paths.values()):
            continue
        rng = random.Random(20261121 + n)
        text = csv_text(HEADER, rows(n, rng))
        for encoding, suffix in [("utf-8", "utf8"), ("cp932", "cp932")]:
            with open(paths[suffix], "wb") as f:
                f.write(text.encode(encoding))
            print(f"{paths[suffix]}: {os.path.getsize(paths[suffix]):,} bytes")
    workbook = os.path.join(out, "projects_100k.xlsx")
    if not os.path.exists(workbook):
        to_xlsx(os.path.join(out, "projects_100k_utf8.csv"), workbook)
    drop = os.path.join(out, "drop")
    os.makedirs(drop, exist_ok=True)
    for kind, (header, body) in drop_files(random.Random(20261207)).items():
        assert len(body) == DROP_ROWS[kind], (kind, len(body))
        if kind == "projects":
            path = os.path.join(drop, "projects.xlsx")
            if not os.path.exists(path):
                with tempfile.TemporaryDirectory() as tmp:
                    src = os.path.join(tmp, "projects.csv")
                    with open(src, "wb") as f:
                        f.write(csv_text(header, body).encode("utf-8"))
                    if not to_xlsx(src, path):
                        # Without LibreOffice the drop has a fifth CP932 CSV in place of the workbook.
                        with open(os.path.join(drop, "projects_cp932.csv"), "wb") as f:
                            f.write(csv_text(header, body).encode("cp932"))
            continue
        path = os.path.join(drop, f"{kind}_cp932.csv")
        if not os.path.exists(path):
            with open(path, "wb") as f:
                f.write(csv_text(header, body).encode("cp932"))
            print(f"{path}: {os.path.getsize(path):,} bytes")


main()
