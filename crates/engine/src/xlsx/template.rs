//! The survey templates as workbooks: one sheet per dataset kind, its header the canonical
//! Japanese one (as the CSV template writes it), frozen, and below it only validations and
//! formats: no description or example row that would come back as data. Each column offers what
//! the reader accepts (a list of ○/×, stages, statuses, recent 年度; whole numbers ≥ 0 for counts),
//! with its note shown when a cell is selected; a sheet 記入方法 (Instructions) says the rest in
//! Japanese and English.
//!
//! ```
//! use mdkpi_core::contract::schema::DatasetKind;
//! let bytes = mdkpi_engine::xlsx::template::template_xlsx(Some(DatasetKind::Members), 2025).unwrap();
//! assert!(bytes.starts_with(b"PK\x03\x04"));
//! assert_eq!(mdkpi_engine::xlsx::template::template_xlsx_name(None), "mdkpi_template_all.xlsx");
//! ```

use mdkpi_core::contract::label::{fiscal_year_ja, likert_ja};
use mdkpi_core::contract::schema::{Col, Column, DatasetKind, Required, ValueType};
use mdkpi_core::contract::template::header;
use mdkpi_core::contract::value::Stage;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format, Worksheet, XlsxError,
};

use super::{header_format, message, save, workbook};

/// The last row (0-based) the validations and formats reach: rows 2 to 10,000, more than any
/// survey has.
pub const LAST_ROW: u32 = 9_999;

/// How many fiscal years the 年度 list offers, up to the current one.
const RECENT_YEARS: i32 = 6;
/// 採択年度: projects run for years, so its list reaches further back.
const ADOPTION_YEARS: i32 = 11;

/// The sheet of instructions, after the kinds' sheets.
pub const INSTRUCTIONS: &str = "記入方法 (Instructions)";

/// The values a status column offers (the reader's words for them: `parse_status`).
const STATUSES: [&str; 3] = ["継続", "終了", "中止"];
const FLAGS: [&str; 2] = ["○", "×"];

/// The template of `kind` (every kind, a sheet each, for `None`), for surveys of fiscal year
/// `fiscal_year` (the latest the 年度 lists offer), as the bytes of an .xlsx.
pub fn template_xlsx(kind: Option<DatasetKind>, fiscal_year: i32) -> Result<Vec<u8>, String> {
    let kinds: Vec<DatasetKind> = kind.map_or_else(|| DatasetKind::ALL.to_vec(), |k| vec![k]);
    // Created on the first day of the fiscal year it is for: a fixed time, so the same template
    // is the same bytes.
    let created = ExcelDateTime::from_ymd(fiscal_year.clamp(1980, 2100) as u16, 4, 1).map_err(|e| message(&e))?;
    let mut book = workbook(&created);
    for &kind in &kinds {
        data_sheet(book.add_worksheet(), kind, fiscal_year).map_err(|e| message(&e))?;
    }
    instructions(book.add_worksheet(), &kinds, fiscal_year).map_err(|e| message(&e))?;
    save(book)
}

/// The file name offered for the download: `mdkpi_template_projects.xlsx`, `mdkpi_template_all.xlsx`.
pub fn template_xlsx_name(kind: Option<DatasetKind>) -> String {
    let csv = kind.map(mdkpi_core::contract::template::template_name);
    let stem = csv.as_deref().and_then(|n| n.strip_suffix(".csv")).unwrap_or("mdkpi_template_all");
    format!("{stem}.xlsx")
}

/// The fiscal years a 年度 list offers: `count` of them, the latest `fiscal_year`, newest first.
fn fiscal_years(fiscal_year: i32, count: i32) -> Vec<String> {
    (0..count).map(|back| fiscal_year_ja(fiscal_year - back)).collect()
}

fn stages(current: bool) -> Vec<String> {
    let all = Stage::ADOPTION_STAGES.into_iter().chain(current.then_some(Stage::Approved));
    all.map(|s| format!("{} {}", s.number(), s.name_ja())).collect()
}

fn satisfaction_words() -> Vec<&'static str> {
    (1..=5).rev().map(likert_ja).collect()
}

/// What a column takes, in Japanese and in English, as the input message and the instructions say.
fn rule(column: &Column) -> (&'static str, &'static str) {
    match column.value {
        ValueType::FiscalYear => (
            "一覧から選ぶ（令和N年度）。一覧にない年度も入力できます（例: 令和2年度、2020）",
            "Pick from the list (令和N年度 is fiscal year 2018+N); another year can be typed, e.g. 2020",
        ),
        ValueType::CalendarYear => {
            ("西暦の年（例: 2023）。年度ではありません", "A calendar year, e.g. 2023 (not a fiscal year)")
        }
        ValueType::Count => ("0以上の整数", "A whole number, 0 or more"),
        ValueType::Number => ("数値（単位は 単位 列に）", "A number (its unit in the 単位 column)"),
        ValueType::Yen => ("0以上の金額（千円）", "An amount in thousands of yen, 0 or more"),
        ValueType::Flag => ("一覧から ○（はい）か ×（いいえ）", "○ (yes) or × (no), from the list"),
        ValueType::FlagOrCount => {
            ("一覧から ○ か ×、または件数（0以上の整数）", "○ (yes) or × (no) from the list, or a count (0 or more)")
        }
        ValueType::StageAtAdoption => {
            ("一覧から選ぶ（1 基礎研究 〜 4 臨床）", "From the list: 1 basic research … 4 clinical")
        }
        ValueType::CurrentStage => (
            "一覧から選ぶ（1 基礎研究 〜 4 臨床、5 承認取得・上市）",
            "From the list: 1 basic research … 4 clinical, 5 approved / launched",
        ),
        ValueType::Status => {
            ("一覧から選ぶ（継続・終了・中止）", "From the list: 継続 continuing, 終了 completed, 中止 discontinued")
        }
        ValueType::PriorityAreas => {
            ("1〜5（複数は ; で区切る。例: 1;3）", "Areas 1–5; several separated by ; (e.g. 1;3)")
        }
        ValueType::Satisfaction => (
            "一覧から選ぶ（大変満足 〜 大変不満）",
            "From the list: 大変満足 very satisfied … 大変不満 very dissatisfied",
        ),
        ValueType::Goal => ("1〜11 の整数", "A goal number, 1 to 11"),
        ValueType::Text => ("文字", "Text"),
    }
}

/// What a column is, in English (the schema's notes are Japanese).
fn meaning_en(key: Col) -> &'static str {
    match key {
        Col::FiscalYear => "The survey's fiscal year (April to March)",
        Col::ProjectId => "The project's ID, unique (leading zeros are kept)",
        Col::Program => "The programme's name",
        Col::PriorityAreas => "The plan's priority areas (1–5) the project is in",
        Col::AdoptedFy => "The fiscal year the project was adopted",
        Col::StageAtAdoption => "The development stage when adopted",
        Col::CurrentStage => "The development stage in the survey year",
        Col::Status => "The project's status in the survey year",
        Col::Grant => "The grant, in thousands of yen",
        Col::PatentApplication => "Optional. Whether a patent was applied for, or how many",
        Col::PatentGranted => "Optional. Whether a patent was granted, or how many",
        Col::OtherProgram => "Optional. Whether another AMED programme adopted the project",
        Col::Course => "The course's name",
        Col::Sessions => "How many times the course was held",
        Col::Trainees => "How many people took the course",
        Col::IndustryTrainees => "Of them, how many came from companies",
        Col::RespondentId => "Optional. The respondent's ID, to find answers sent twice",
        Col::Satisfaction => "The answer on the 5-point scale",
        Col::Association => "The member association (of JFMDA)",
        Col::Company => "The member company's name",
        Col::Venture => "Whether the company is a venture",
        Col::CrossIndustry => "Whether the company entered from another industry",
        Col::International => "Whether the company does business abroad",
        Col::Hub => "The R&D or development-support hub's name",
        Col::JointResearchCompany => "Joint research with companies (cases)",
        Col::JointResearchInterHub => "Joint research with other hubs (cases)",
        Col::InternationalTrialInfra => "Whether the hub has built a base for international joint trials",
        Col::Year => "The calendar year",
        Col::Indicator => "The statistic, e.g. 生産金額 (production)",
        Col::Value => "The statistic's value",
        Col::Unit => "The value's unit, e.g. 億円",
        Col::Goal => "The plan's goal number",
        Col::StatusText => "What was done (free text)",
        Col::Assessment => "The assessment (free text)",
    }
}

fn kind_en(kind: DatasetKind) -> &'static str {
    match kind {
        DatasetKind::Projects => "R&D projects",
        DatasetKind::Trainings => "Training courses",
        DatasetKind::Satisfaction => "Trainee survey",
        DatasetKind::Members => "Member companies of associations",
        DatasetKind::Hubs => "R&D hubs",
        DatasetKind::Reference => "Reference statistics (calendar years)",
        DatasetKind::Followup => "Qualitative follow-up",
    }
}

/// The validation of a column's cells: what it allows, the message shown when a cell is selected,
/// and the one shown when a value is refused.
fn validation(column: &Column, fiscal_year: i32) -> Result<DataValidation, XlsxError> {
    let lenient = DataValidationErrorStyle::Warning;
    let validation = match column.value {
        // A list of recent years, but an older year may be typed (with a warning): data of past
        // surveys is entered too.
        ValueType::FiscalYear => {
            let count = if column.key == Col::AdoptedFy { ADOPTION_YEARS } else { RECENT_YEARS };
            DataValidation::new().allow_list_strings(&fiscal_years(fiscal_year, count))?.set_error_style(lenient)
        }
        ValueType::CalendarYear => DataValidation::new().allow_whole_number(DataValidationRule::Between(1980, 2100)),
        ValueType::Count => DataValidation::new().allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0)),
        ValueType::Yen => DataValidation::new().allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
        ValueType::Number => DataValidation::new().allow_decimal_number(DataValidationRule::Between(-1e15, 1e15)),
        ValueType::Flag => DataValidation::new().allow_list_strings(&FLAGS)?,
        // A count is allowed too (特許出願 2), past a warning.
        ValueType::FlagOrCount => DataValidation::new().allow_list_strings(&FLAGS)?.set_error_style(lenient),
        ValueType::StageAtAdoption => DataValidation::new().allow_list_strings(&stages(false))?,
        ValueType::CurrentStage => DataValidation::new().allow_list_strings(&stages(true))?,
        ValueType::Status => DataValidation::new().allow_list_strings(&STATUSES)?,
        ValueType::Satisfaction => DataValidation::new().allow_list_strings(&satisfaction_words())?,
        ValueType::Goal => DataValidation::new().allow_whole_number(DataValidationRule::Between(1, 11)),
        ValueType::Text | ValueType::PriorityAreas => DataValidation::new().allow_any_value(),
    };
    let (ja, en) = rule(column);
    let title: String = column.ja.chars().take(32).collect();
    validation
        .set_input_title(title)?
        .set_input_message(format!("{}\n{ja}\n{en}", column.note))?
        .set_error_title("入力できない値です / Not allowed")?
        .set_error_message(format!("{ja}\n{en}"))
}

/// Whether a column is best kept as text: IDs keep their leading zeros (0001), and nothing typed
/// there turns into a date or a number (1-2, 1;3).
fn as_text(value: ValueType) -> bool {
    matches!(value, ValueType::Text | ValueType::PriorityAreas)
}

/// A column's width in characters: its header, at two per Japanese character, or more for names.
fn width(column: &Column) -> f64 {
    let header = header(column.ja, column.value).chars().map(|c| if c.is_ascii() { 1.0 } else { 2.0 }).sum::<f64>();
    let at_least = match column.value {
        ValueType::Text => 24.0,
        ValueType::CurrentStage | ValueType::StageAtAdoption | ValueType::Satisfaction => 18.0,
        ValueType::FiscalYear => 13.0,
        _ => 10.0,
    };
    (header + 2.0).clamp(at_least, 40.0)
}

fn data_sheet(sheet: &mut Worksheet, kind: DatasetKind, fiscal_year: i32) -> Result<(), XlsxError> {
    sheet.set_name(kind.name_ja())?;
    let bold = header_format();
    let required = header_format().set_background_color(rust_xlsxwriter::Color::RGB(0xFCE4D6));
    let text = Format::new().set_num_format("@");
    for (c, column) in kind.columns().iter().enumerate() {
        let c = c as u16;
        let format = if column.required == Required::Always { &required } else { &bold };
        sheet.write_string_with_format(0, c, header(column.ja, column.value), format)?;
        sheet.set_column_width(c, width(column))?;
        if as_text(column.value) {
            sheet.set_column_format(c, &text)?;
        }
        sheet.add_data_validation(1, c, LAST_ROW, c, &validation(column, fiscal_year)?)?;
    }
    sheet.set_row_height(0, 30)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn instructions(sheet: &mut Worksheet, kinds: &[DatasetKind], fiscal_year: i32) -> Result<(), XlsxError> {
    sheet.set_name(INSTRUCTIONS)?;
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(rust_xlsxwriter::FormatAlign::Top);
    let head = header_format();
    for (c, w) in [18.0, 8.0, 44.0, 44.0, 48.0].into_iter().enumerate() {
        sheet.set_column_width(c as u16, w)?;
    }
    sheet.write_string_with_format(0, 0, "記入方法 / Instructions", &title)?;
    let latest = fiscal_year_ja(fiscal_year);
    let general: [(String, String); 8] = [
        (
            "各シートの1行目は見出しです。見出しは変えずに、2行目から1行に1件ずつ記入してください。".into(),
            "Row 1 of each sheet is the header: keep it as it is, and enter one record per row from row 2.".into(),
        ),
        (
            "セルを結合したり、空行・合計行・小計行・注記を表の中に入れたりしないでください。".into(),
            "Do not merge cells, and do not add blank rows, totals, subtotals or notes inside the table.".into(),
        ),
        (
            "一覧のある列（○/×、ステージ、状況、年度など）は、一覧から選んでください。".into(),
            "Where a column offers a list (○/×, stages, status, fiscal years), pick from it.".into(),
        ),
        (
            format!("年度は「{latest}」のように書きます（西暦の 2025 なども読めます）。"),
            format!("Fiscal years read like {latest} (令和N年度 is FY 2018+N); a year such as 2025 is read too."),
        ),
        (
            "件数・人数・回数は0以上の整数、金額は千円単位の数値で記入してください（単位は書かない）。".into(),
            "Counts are whole numbers of 0 or more; amounts are numbers in thousands of yen, without the unit.".into(),
        ),
        (
            "分からない値は空欄のままにしてください（0 と書くと 0 として集計されます）。".into(),
            "Leave a value you do not know blank: 0 is counted as zero.".into(),
        ),
        (
            "見出しの色が濃い列は必須です。必須の値がない行は集計に使われません。".into(),
            "Columns with a darker header are required: a row without them is not used.".into(),
        ),
        (
            "記入したら .xlsx のまま保存し、ダッシュボードで読み込んでください。このシートは読み飛ばされます。".into(),
            "Save as .xlsx and open it in the dashboard; this sheet is skipped when read.".into(),
        ),
    ];
    let mut row = 2;
    for (ja, en) in &general {
        sheet.merge_range(row, 0, row, 2, ja, &wrap)?;
        sheet.merge_range(row, 3, row, 4, en, &wrap)?;
        sheet.set_row_height(row, 32)?;
        row += 1;
    }
    for &kind in kinds {
        row += 1;
        let title = format!("シート「{}」 / Sheet: {}", kind.name_ja(), kind_en(kind));
        sheet.write_string_with_format(row, 0, title, &bold)?;
        row += 1;
        let heads =
            ["列 / Column", "必須 / Req.", "記入内容 / What to enter", "入力規則 / Allowed values", "In English"];
        for (c, h) in heads.into_iter().enumerate() {
            sheet.write_string_with_format(row, c as u16, h, &head)?;
        }
        row += 1;
        for column in kind.columns() {
            let (ja, en) = rule(column);
            sheet.write_string_with_format(row, 0, header(column.ja, column.value), &wrap)?;
            if column.required == Required::Always {
                sheet.write_string_with_format(row, 1, "必須 / yes", &wrap)?;
            }
            sheet.write_string_with_format(row, 2, column.note, &wrap)?;
            sheet.write_string_with_format(row, 3, ja, &wrap)?;
            sheet.write_string_with_format(row, 4, format!("{}. {en}.", meaning_en(column.key)), &wrap)?;
            row += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use mdkpi_core::contract::diagnostics::{IssueCode, Severity};
    use mdkpi_core::contract::options::Options;
    use mdkpi_core::model::value::{
        parse_fiscal_year, parse_flag, parse_satisfaction, parse_stage, parse_status, StageField,
    };
    use mdkpi_core::pipeline::{compute, InputFile};

    use super::*;

    fn read_back(kind: Option<DatasetKind>) -> mdkpi_core::contract::results::Results {
        let bytes = template_xlsx(kind, 2025).unwrap();
        compute(&[InputFile::new(template_xlsx_name(kind), bytes)], &Options::default())
    }

    /// An empty template is a header and nothing else: every kind's sheet is found as that kind,
    /// with no row (the one warning, each data sheet's: a header without rows, as for any file),
    /// and the instructions are set aside as a note.
    #[test]
    fn an_empty_template_reads_back_as_its_kinds_with_no_row_and_only_the_no_rows_warning() {
        for kind in DatasetKind::ALL.map(Some).into_iter().chain([None]) {
            let results = read_back(kind);
            let loud: Vec<_> = results.issues.iter().filter(|i| i.severity() != Severity::Info).collect();
            let sheets = kind.map_or(DatasetKind::ALL.len(), |_| 1);
            assert_eq!(loud.len(), sheets, "{kind:?}: {loud:?}");
            assert!(loud.iter().all(|i| i.code() == IssueCode::NoRows && i.row() == Some(1)), "{kind:?}: {loud:?}");
            let kinds: Vec<_> = results.datasets.iter().filter_map(|d| d.kind).collect();
            assert_eq!(kinds, kind.map_or(DatasetKind::ALL.to_vec(), |k| vec![k]), "{kind:?}");
            assert!(results.datasets.iter().all(|d| d.rows_read == 0 && d.rows_rejected == 0), "{kind:?}");
            let skipped: Vec<_> =
                results.datasets.iter().filter(|d| d.kind.is_none()).map(|d| d.sheet.clone()).collect();
            assert_eq!(skipped, [Some(INSTRUCTIONS.to_owned())], "{kind:?}");
        }
    }

    /// The sheet's parts, from the workbook's zip.
    fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
        text
    }

    #[test]
    fn the_header_is_frozen_and_every_column_is_validated() {
        let bytes = template_xlsx(Some(DatasetKind::Projects), 2025).unwrap();
        let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
        assert!(
            sheet.contains(r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#),
            "{sheet}"
        );
        let columns = DatasetKind::Projects.columns().len();
        assert_eq!(sheet.matches("<dataValidation ").count(), columns);
        assert!(sheet.contains(&format!(r#"sqref="A2:A{}""#, LAST_ROW + 1)));
        assert!(sheet.contains("<formula1>\"○,×\"</formula1>"));
        assert!(sheet.contains("<formula1>\"継続,終了,中止\"</formula1>"));
        assert!(sheet.contains("令和7年度,令和6年度,令和5年度,令和4年度,令和3年度,令和2年度"));
        let book = part(&bytes, "xl/workbook.xml");
        assert!(book.contains(r#"<sheet name="研究開発課題""#) && book.contains(INSTRUCTIONS), "{book}");
        // The same request, the same bytes: no clock in them.
        assert_eq!(template_xlsx(Some(DatasetKind::Projects), 2025).unwrap(), bytes);
    }

    /// Every value a list offers reads back as what it says.
    #[test]
    fn every_listed_value_reads_back_as_what_it_says() {
        assert_eq!(fiscal_years(2025, 3), ["令和7年度", "令和6年度", "令和5年度"]);
        for fy in 1990..2040 {
            assert_eq!(parse_fiscal_year(&fiscal_year_ja(fy)), Ok(Some(fy)), "{fy}");
        }
        assert_eq!(fiscal_year_ja(2019), "令和元年度");
        assert_eq!(fiscal_year_ja(2018), "平成30年度");
        for (i, label) in stages(true).iter().enumerate() {
            let stage = parse_stage(label, StageField::Current).unwrap().unwrap();
            assert_eq!(usize::from(stage.number()), i + 1, "{label}");
        }
        assert_eq!(stages(false).len(), 4);
        for label in stages(false) {
            assert!(parse_stage(&label, StageField::AtAdoption).is_ok_and(|s| s.is_some()), "{label}");
        }
        assert_eq!(FLAGS.map(|f| parse_flag(f).unwrap()), [Some(true), Some(false)]);
        let statuses: Vec<_> = STATUSES.iter().map(|s| format!("{:?}", parse_status(s).unwrap().unwrap())).collect();
        assert_eq!(statuses, ["Continuing", "Completed", "Discontinued"]);
        let levels: Vec<_> = satisfaction_words().iter().map(|w| parse_satisfaction(w).unwrap().unwrap()).collect();
        assert_eq!(levels, [5, 4, 3, 2, 1]);
    }

    #[test]
    fn names_follow_the_csv_templates() {
        assert_eq!(template_xlsx_name(Some(DatasetKind::Hubs)), "mdkpi_template_hubs.xlsx");
        assert_eq!(template_xlsx_name(None), "mdkpi_template_all.xlsx");
    }
}
