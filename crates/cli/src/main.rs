//! `mdkpi compute FILE... [--options OPTIONS.json] [--kpis KPIS.json]`: prints the `mdkpi.results/1` JSON on stdout
//! (`--format csv`: one row per figure; `--format xlsx`: a workbook, a sheet per KPI).
//! `mdkpi template KIND [--format xlsx]`: prints the template of a dataset kind (CSV, or a workbook;
//! `all` kinds in one workbook).
//!
//! Exits 0 when it computed something; problems in rows are reported inside the JSON. Exits 2, with
//! a one-line reason on stderr, when nothing usable was given (no file, a file that cannot be read,
//! options that do not parse, or no row that any KPI could use).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use mdkpi_core::contract::csv_text::CsvEncoding;
use mdkpi_core::contract::diagnostics::Severity;
use mdkpi_core::contract::label::Money;
use mdkpi_core::contract::lang::Lang;
use mdkpi_core::contract::options::Options;
use mdkpi_core::pipeline::{compute, InputFile};

#[derive(Parser)]
#[command(name = "mdkpi", version, about = "医療機器基本計画 KPI: compute the plan's KPIs from survey files")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read survey files (Excel .xlsx/.xls, OpenDocument .ods, CSV/TSV in any Excel encoding, JSON;
    /// a recipe among them is applied to the others) and print the results JSON.
    Compute {
        /// Input files.
        files: Vec<PathBuf>,
        /// A JSON file of definition options, e.g. {"stage_up": {"exclude_discontinued": true}}.
        #[arg(long, value_name = "OPTIONS.json")]
        options: Option<PathBuf>,
        /// KPI definitions ({"schema": "mdkpi.kpis/1", "kpis": [...]}); may be given more than
        /// once, or among the input files.
        #[arg(long, value_name = "KPIS.json")]
        kpis: Vec<PathBuf>,
        /// json (the mdkpi.results/1 contract), csv (one row per figure, for Excel) or xlsx (a
        /// workbook: a summary, a sheet per KPI as the page's tables, the definitions).
        #[arg(long, default_value = "json", value_parser = ["json", "csv", "xlsx"])]
        format: String,
        /// With --format csv: utf8-bom (Excel's UTF-8) or cp932 (Shift_JIS).
        #[arg(long, default_value = "utf8-bom", value_parser = ["utf8-bom", "cp932"])]
        csv_encoding: String,
        /// With --format xlsx: the language of its labels.
        #[arg(long, default_value = "ja", value_parser = ["ja", "en"])]
        lang: String,
        /// With --format xlsx: the unit of yen amounts (yen, thousand, million, 100m; auto is 100m).
        #[arg(long, default_value = "auto", value_parser = ["auto", "yen", "thousand", "million", "100m"])]
        money: String,
    },
    /// Print the template of a dataset kind: projects, trainings, satisfaction, members, hubs,
    /// reference or followup; with --format xlsx also all (every kind, a sheet each).
    Template {
        kind: String,
        /// csv (UTF-8 with BOM, for Excel) or xlsx (a workbook: header frozen, lists to pick
        /// from, instructions).
        #[arg(long, default_value = "csv", value_parser = ["csv", "xlsx"])]
        format: String,
        /// With --format xlsx: the latest fiscal year the 年度 lists offer (default: this one, in Japan).
        #[arg(long, value_name = "YEAR")]
        fiscal_year: Option<i32>,
    },
}

/// The fiscal year (April to March) of today in Japan.
fn current_fiscal_year() -> i32 {
    let today = jiff::tz::offset(9).to_datetime(jiff::Timestamp::now());
    let year = i32::from(today.year());
    if today.month() >= 4 {
        year
    } else {
        year - 1
    }
}

/// `mdkpi template`: the template's bytes, or why there are none.
fn template(kind: &str, format: &str, fiscal_year: Option<i32>) -> Result<Vec<u8>, String> {
    let named = mdkpi_core::model::schema::kind_named(kind);
    let all = kind == "all" && format == "xlsx";
    let Some(kind) = named.map(Some).or(all.then_some(None)) else {
        let also = if format == "xlsx" { ", all" } else { "; all with --format xlsx" };
        return Err(format!(
            "unknown kind {kind:?} (projects, trainings, satisfaction, members, hubs, reference, followup{also})"
        ));
    };
    match kind {
        Some(kind) if format == "csv" => Ok(mdkpi_core::contract::template::template_csv(kind)),
        kind => mdkpi_engine::xlsx::template::template_xlsx(kind, fiscal_year.unwrap_or_else(current_fiscal_year)),
    }
}

fn fail(reason: impl std::fmt::Display) -> ExitCode {
    eprintln!("mdkpi: {reason}");
    ExitCode::from(2)
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version
            print!("{e}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            let text = e.to_string();
            return fail(text.lines().next().unwrap_or("invalid arguments").trim_start_matches("error: "));
        }
    };
    let (files, options, kpis, format, csv_encoding, lang, money) = match cli.command {
        Command::Compute { files, options, kpis, format, csv_encoding, lang, money } => {
            (files, options, kpis, format, csv_encoding, lang, money)
        }
        Command::Template { kind, format, fiscal_year } => {
            use std::io::Write;
            return match template(&kind, &format, fiscal_year) {
                Ok(bytes) if std::io::stdout().write_all(&bytes).is_ok() => ExitCode::SUCCESS,
                Ok(_) => ExitCode::FAILURE,
                Err(reason) => fail(reason),
            };
        }
    };
    if files.is_empty() {
        return fail("no input files (usage: mdkpi compute FILE... [--options OPTIONS.json])");
    }
    let options = match options {
        None => Options::default(),
        Some(path) => match std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|s| serde_json::from_str::<Options>(&s).map_err(|e| e.to_string()))
        {
            Ok(o) => o,
            Err(e) => return fail(format!("cannot use options {}: {e}", path.display())),
        },
    };
    let mut inputs = Vec::with_capacity(files.len() + kpis.len());
    for path in &kpis {
        // Read like any input; said at once when it is no definitions file at all.
        match std::fs::read(path) {
            Ok(bytes) if mdkpi_core::model::kpis::Definitions::parse(&bytes).is_some() => {
                inputs.push(InputFile::new(file_name(path), bytes));
            }
            Ok(_) => {
                return fail(format!("{} is not a KPI definitions file (\"schema\": \"mdkpi.kpis/1\")", path.display()))
            }
            Err(e) => return fail(format!("cannot read {}: {e}", path.display())),
        }
    }
    for path in &files {
        match std::fs::read(path) {
            Ok(bytes) => inputs.push(InputFile::new(file_name(path), bytes)),
            Err(e) => return fail(format!("cannot read {}: {e}", path.display())),
        }
    }
    let results = compute(&inputs, &options);
    let bytes = if format == "xlsx" {
        let lang = if lang == "en" { Lang::En } else { Lang::Ja };
        let money = Money::from_slug(&money).unwrap_or_default();
        match mdkpi_engine::xlsx::tables::results_workbook(&results, lang, money) {
            Ok(bytes) => bytes,
            Err(e) => return fail(e),
        }
    } else if format == "csv" {
        use mdkpi_core::report::csv_export::results_csv;
        let encoding = if csv_encoding == "cp932" { CsvEncoding::Cp932 } else { CsvEncoding::Utf8Bom };
        let (bytes, lost) = results_csv(&results, encoding);
        if lost > 0 {
            eprintln!("mdkpi: {lost} characters cannot be written in CP932 and became ?");
        }
        bytes
    } else {
        results.to_json().into_bytes()
    };
    use std::io::Write;
    if std::io::stdout().write_all(&bytes).is_err() {
        return ExitCode::FAILURE;
    }
    if !results.has_data() {
        let first = results.issues.iter().find(|i| i.severity() == Severity::Error);
        return fail(match first {
            Some(i) => format!("no usable rows: {}: {}", i.source(), i.message(Lang::En)),
            None => "no usable rows in the given files".to_owned(),
        });
    }
    ExitCode::SUCCESS
}
