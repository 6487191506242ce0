"""Writes tests/corpus/bad/: malformed inputs, each with its expected outcome in expected.json.

Expected outcome per file: the CLI's exit code (0 computed something, 2 nothing usable), the
datasets as [kind, rows_read, rows_used, rows_rejected], and issue codes that must be reported.
Valid rows must never be lost: where a file mixes good and bad rows, rows_used counts the good.
Run: python3 tests/corpus/make_bad.py (the workbook cases need `pip install openpyxl`, and copy two
files that tests/fixtures/workbooks/make_workbooks.py makes with LibreOffice and msoffcrypto-tool).
"""
import io
import json
import os
import random
import shutil
import struct
import zipfile

import openpyxl

OUT = "tests/corpus/bad"
os.makedirs(OUT, exist_ok=True)
rng = random.Random(7)
P = "年度,課題ID,事業名,重点分野,採択年度,採択時ステージ,現在ステージ,状況,助成額（千円）"
expected = {}


def write(name, data, exit_code, datasets, codes):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    expected[name] = {"exit": exit_code, "datasets": datasets, "codes": codes}


write("empty.csv", b"", 2, [[None, 0, 0, 0]], ["unreadable"])
write("bom_only.csv", b"\xef\xbb\xbf", 2, [[None, 0, 0, 0]], ["unreadable"])
write("blank_lines_only.csv", "\r\n\r\n\r\n", 2, [[None, 0, 0, 0]], ["unreadable"])
write("header_only.csv", P + "\r\n", 2, [["projects", 0, 0, 0]], ["no_rows"])
write("binary_garbage.bin", bytes(rng.randrange(256) for _ in range(4096)), 2, None, ["malformed_encoding"])
write("nul_bytes.csv", P + "\nR5,A\x00B,事業,1,2020,1,2,継続,100\nR5,C,事\x00業,1,2020,2,3,継続,100\n", 0, [["projects", 2, 2, 0]], [])
write("unterminated_quote.csv", P + '\nR5,A,事業,1,2020,1,2,継続,100\nR5,B,"事業,1,2020,1,2,継続,100\nR5,C,事業,1,2020,1,2,継続,100\nR5,D,事業,1,2020,1,2,継続,100\n', 0, [["projects", 2, 1, 1]], ["unterminated_quote", "missing_required"])
write("ragged_short_rows.csv", P + "\nR5,A,事業,1,2020,1,2,継続,100\nR5,B\nR5,C,事業,1,2021\n", 0, [["projects", 3, 2, 1]], ["missing_required"])
write("ragged_long_rows.csv", P + "\nR5,A,事業,1,2020,1,2,継続,100,extra,more\nR5,B,事業,1,2020,1,2,継続,100\n", 0, [["projects", 2, 2, 0]], ["extra_cells"])
write("duplicate_headers.csv", "年度,課題ID,採択年度,課題ID\nR5,A,2020,Z\nR5,B,2021,Y\n", 0, [["projects", 2, 2, 0]], ["duplicate_column"])
write("unknown_extra_columns.csv", "年度,課題ID,採択年度,備考,担当者\nR5,A,2020,メモ,山田\n", 0, [["projects", 1, 1, 0]], ["unused_columns"])
write("columns_20000.csv", ",".join(f"c{i}" for i in range(20000)) + "\n" + ",".join("1" for _ in range(20000)) + "\n", 2, [[None, 1, 0, 1]], ["too_many_columns"])
write("cell_1mb.csv", P + "\nR5,A," + "長" * 350_000 + ",1,2020,1,2,継続,100\n", 0, [["projects", 1, 1, 0]], [])
mixed = (P + "\n").encode("utf-8") + ("R5,A,医工連携事業,1,2020,1,2,継続,100\n").encode("cp932") + ("R5,B,拠点事業,1,2020,1,2,継続,100\n").encode("utf-8")
write("mixed_encodings.csv", mixed, 0, [["projects", 2, 2, 0]], ["malformed_encoding", "invalid_value"])
write("numbers_beyond_i64.csv", P + "\nR5,A,事業,1,2020,1,2,継続,99999999999999999999999\nR5,B,事業,1,2020,1,2,継続,100\n", 0, [["projects", 2, 2, 0]], ["invalid_value"])
write("numbers_beyond_f64.csv", "年,指標,値,単位\n2021,生産金額,1" + "0" * 400 + ",億円\n2022,生産金額,26000,億円\n", 0, [["reference", 2, 2, 0]], ["invalid_value"])
write("counts_not_counts.csv", "年度,事業名,研修名,実施回数,受講者数\nR5,事業,研修,▲3,1.5\nR5,事業,研修,2,10\n", 0, [["trainings", 2, 2, 0]], ["invalid_value"])
write("era_out_of_range.csv", "年度,課題ID,採択年度\n令和99年度,A,2020\n平成32年度,B,2020\n昭和60年度,C,2020\nR5,D,令和100年度\nR5,E,2020\n", 0, [["projects", 5, 1, 4]], ["invalid_required"])
write("all_missing_markers.csv", "年度,課題ID,採択年度\n-,－,…\nx,*,不明\n", 2, [["projects", 2, 0, 2]], ["missing_required"])
write("stage_contradictions.csv", "年度,課題ID,採択年度,採択時ステージ,現在ステージ\nR5,A,2020,5,5\nR5,B,2020,1 臨床,2\nR5,C,2020,3,1\n", 0, [["projects", 3, 3, 0]], ["invalid_value", "stage_decreased"])
write("duplicate_keys.csv", "年度,課題ID,採択年度\nR5,A,2020\nR5,A,2021\nR5,B,2020\n", 0, [["projects", 3, 2, 0]], ["duplicate_key"])
write("formula_cells.csv", '年度,課題ID,採択年度,事業名\nR5,=1+1,2020,"=HYPERLINK(""http://x"")"\nR5,@SUM(A1),2020,+cmd\n', 0, [["projects", 2, 2, 0]], [])
write("markup_cells.csv", '年度,課題ID,採択年度,事業名\nR5,<script>alert(1)</script>,2020,"<img src=x onerror=alert(1)>"\n', 0, [["projects", 1, 1, 0]], [])
write("unknown_headers.csv", "名前,住所,電話\n山田,東京,03\n", 2, [[None, 1, 0, 1]], ["unknown_kind"])
write("utf16be_without_bom.csv", "年度,課題ID,採択年度\nR5,A,2020\n".encode("utf-16-be"), 2, None, ["unknown_kind"])
write("cr_only_line_endings.csv", "年度,課題ID,採択年度\rR5,A,2020\rR5,B,2021\r", 0, [["projects", 2, 2, 0]], [])
write("unknown_money_unit.csv", "年度,課題ID,採択年度,助成額（ドル）\nR5,A,2020,100\n", 0, [["projects", 1, 1, 0]], ["unknown_unit"])
write("json_scalar.json", "42", 2, [[None, 0, 0, 0]], ["unreadable"])
write("json_string.json", '"hello"', 2, [[None, 0, 0, 0]], ["unreadable"])
write("json_truncated.json", '[{"年度": "R5", "課題ID": "A", "採択年度": 2020}, {"年度": "R5", ', 2, [[None, 0, 0, 0]], ["unreadable"])
write("json_deep_100000.json", "[" * 100_000 + "]" * 100_000, 2, [[None, 0, 0, 0]], ["unreadable"])
write("json_wrong_types.json", json.dumps([{"年度": {"a": 1}, "課題ID": [1, [2]], "採択年度": True}, {"年度": "R5", "課題ID": "B", "採択年度": 2020}], ensure_ascii=False), 0, [["projects", 2, 1, 1]], ["invalid_required"])
write("json_array_of_scalars.json", "[1, 2, 3]", 2, [[None, 3, 0, 3]], ["not_an_object", "unknown_kind"])
write("json_workspace_wrong_values.json", json.dumps({"projects": {"a": 1}, "members": "x", "other": []}), 2, [[None, 0, 0, 0], [None, 0, 0, 0], [None, 0, 0, 0]], ["unknown_workspace_key"])
write("json_empty_array.json", "[]", 2, [[None, 0, 0, 0]], ["unknown_kind"])

# Workbooks that cannot be read, or hold nothing to read.
def workbook(sheets):
    """An .xlsx (openpyxl) of `sheets`: (title, rows, formulas as {cell: text})."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows, extra in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        for cell, value in extra.items():
            ws[cell] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


WB = "tests/fixtures/workbooks"
write("wb_encrypted.xlsx", open(os.path.join(WB, "encrypted.xlsx"), "rb").read(), 2, [[None, 0, 0, 0]], ["encrypted"])
write("wb_truncated.xlsx", open(os.path.join(WB, "truncated.xlsx"), "rb").read(), 2, [[None, 0, 0, 0]], ["unreadable"])
# A zip whose directory says its sheet inflates to 4 GiB: refused before anything is inflated.
bomb = bytearray(workbook([("課題", [["年度", "課題ID", "採択年度"], ["R5", "A", 2020]], {})]))
at = bomb.find(b"PK\x01\x02")
while at >= 0:
    bomb[at + 24:at + 28] = struct.pack("<I", 0xFFFFFFF0)  # the entry's uncompressed size
    at = bomb.find(b"PK\x01\x02", at + 4)
write("wb_zip_bomb_declared.xlsx", bytes(bomb), 2, [[None, 0, 0, 0]], ["workbook_too_large"])
plain_zip = io.BytesIO()
with zipfile.ZipFile(plain_zip, "w") as z:
    z.writestr("readme.txt", "not a workbook")
write("wb_not_a_workbook.zip", plain_zip.getvalue(), 2, [[None, 0, 0, 0]], ["unreadable"])
write("wb_cover_only.xlsx", workbook([("表紙", [["記入上の注意"], ["各シートに記入してください。"]], {})]), 2, [[None, 0, 0, 0]], ["sheet_skipped"])
write("wb_empty_sheet.xlsx", workbook([("空", [], {}), ("課題", [["年度", "課題ID", "採択年度"], ["R5", "A", 2020]], {})]), 0, [[None, 0, 0, 0], ["projects", 1, 1, 0]], ["sheet_skipped"])
# One cell at XFD1048576: the sheet is read cell by cell, never as a grid of its claimed size, and a
# value past the columns read is named, not read.
write("wb_far_cell.xlsx", workbook([("課題", [["年度", "課題ID", "採択年度"], ["R5", "A", 2020]], {"XFD1048576": 1})]), 0, [["projects", 1, 1, 0]], ["past_last_column"])
write("wb_formulas_without_values.xlsx", workbook([("課題", [["年度", "課題ID", "採択年度"], ["R5", "A", None], ["R5", "B", 2021]], {"C2": "=2019+1"})]), 0, [["projects", 2, 1, 1]], ["formula_without_value", "missing_required"])
write("wb_header_below_30_rows.xlsx", workbook([("課題", [[f"説明 {i}"] for i in range(35)] + [["年度", "課題ID", "採択年度"], ["R5", "A", 2020]], {})]), 2, [[None, 0, 0, 0]], ["sheet_skipped"])
write("wb_total_row_only.xlsx", workbook([("課題", [["年度", "課題ID", "採択年度", "助成額（千円）"], ["R5", "合計", None, 100]], {})]), 2, [["projects", 0, 0, 0]], ["total_row"])
write("wb_dates_out_of_range.xlsx", workbook([("課題", [["年度", "課題ID", "採択年度"], ["R5", "A", "1900-01-01"], ["R5", "B", 2020]], {})]), 0, [["projects", 2, 1, 1]], ["invalid_required"])
write("wb_title_rows_and_notes.csv", "令和5年度 人材育成研修 実施状況調査（集計表）\n\n年度,事業名,研修名,実施回数,受講者数\nR5,甲,研修A,3,40\nR5,甲,小計,3,40\n※ 受講者数は延べ人数\n", 0, [["trainings", 1, 1, 0]], ["above_header", "total_row", "note_row"])
# A sheet of other things beside a data sheet: set aside as information (fewer than two of its
# headers name a column of any kind), while the data sheet is read.
write("wb_other_sheet_beside_data.xlsx", workbook([("課題", [["年度", "課題ID", "採択年度"], ["R5", "A", 2020]], {}), ("集計", [["区分", "件数", "メモ"], ["甲", 3, "x"]], {})]), 0, [["projects", 1, 1, 0], [None, 0, 0, 0]], ["sheet_skipped"])
# Rows written out of order (row 3 before row 2), which no spreadsheet program does: refused, not
# read one way or another.
def rows_swapped(data):
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text = body.decode("utf-8")
                r2 = text[text.index('<row r="2"'):text.index('<row r="3"')]
                r3 = text[text.index('<row r="3"'):text.index("</sheetData>")]
                body = text.replace(r2 + r3, r3 + r2).encode("utf-8")
            z.writestr(item, body)
    return out.getvalue()
write("wb_rows_out_of_order.xlsx", rows_swapped(workbook([("課題", [["年度", "課題ID", "採択年度"], ["R5", "A", 2020], ["R5", "B", 2021]], {})])), 2, [[None, 0, 0, 0]], ["unreadable"])
# Layout rows as people type them: a total in full-width letters, a note indented with a
# full-width space. Both set aside, neither read as data.
write("wb_fullwidth_total_indented_note.csv", "年度,事業名,研修名,実施回数,受講者数\nR5,甲,研修A,3,40\nR5,甲,研修B,2,10\n,,ＳＵＢＴＯＴＡＬ,5,50\n　※ 受講者数は延べ人数\n", 0, [["trainings", 2, 2, 0]], ["total_row", "note_row"])
# A damaged .xls: three bytes of the LibreOffice fixture changed,
# so that a MULRK record's last column comes before its first. calamine subtracts before it checks
# (a panic with overflow checks on; see Cargo.toml): refused as unreadable, in every build.
xls = bytearray(open(os.path.join(WB, "kyoten_jisseki.xls"), "rb").read())
xls[1277], xls[5610], xls[5611] = 129, 2, 252
write("wb_xls_damaged_record.xls", bytes(xls), 2, [[None, 0, 0, 0]], ["unreadable"])

with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
    json.dump(expected, f, ensure_ascii=False, indent=1, sort_keys=True)
    f.write("\n")
print(len(expected), "files")
