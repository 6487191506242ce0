//! The engine's protocol: what the page asks of the engine in its Web Worker, and what the engine
//! tells the page. Both sides are these types, as JSON; `www/worker.js` only relays them, with the
//! files' blobs beside a [`Call`] and the byte buffers beside a [`Reply`].
//!
//! ```
//! use mdkpi_contract::protocol::{Call, Request};
//! let call = Call { request: Request::Recipe, options: Default::default(), files: None };
//! let json = serde_json::to_string(&call).unwrap();
//! assert_eq!(serde_json::from_str::<Call>(&json).unwrap(), call);
//! ```

use serde::{Deserialize, Serialize};

use crate::csv_text::CsvEncoding;
use crate::encoding::TextEncoding;
use crate::label::Money;
use crate::lang::Lang;
use crate::options::Options;
use crate::results::{Drill, DrillQuery, Payload, TableView};
use crate::schema::{DatasetKind, Mapping, TableChoice};
use crate::table::Table;

/// At most this many rows travel back for a drill-down (the total is always given).
pub const DRILL_LIMIT: usize = 5_000;

/// One request of the page, with the options it is to be answered under.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Call {
    pub request: Request,
    pub options: Options,
    /// The files sent with the call, in the order of the blobs posted beside it; `None` when the
    /// engine is to answer about the files it has read.
    pub files: Option<Vec<FileMeta>>,
}

/// What the page asks of the engine.
///
/// The protocol's enums are externally tagged (`{"drill": {...}}`): an internally tagged enum is
/// buffered whole before its fields are read, which doubled the deserialising code in the page's
/// wasm and copied every payload once more.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Request {
    /// Every KPI: [`Answer::Computed`].
    Compute,
    /// [`Request::Compute`], once the readers that users' files need and the files sent (the
    /// sample) do not, a workbook's and Shift_JIS text's, have read a workbook and a text the engine
    /// makes itself: the browser compiles a wasm function when it first runs, so the first drop
    /// would wait for it. The page asks it once, in the background, on the sample.
    WarmUp,
    /// The rows behind a figure: [`Answer::Drilled`].
    Drill { query: DrillQuery },
    /// Each file's rejected rows, as CSVs to fix and read again: [`Answer::Files`].
    RejectedRows,
    /// The kinds, encodings and column mappings of the files as a recipe: [`Answer::Recipe`].
    Recipe,
    /// `text` in CP932: [`Answer::Encoded`].
    Cp932 { text: String },
    /// The tables of the one file sent, with their first rows: [`Answer::Previews`].
    Preview,
    /// The results document (`mdkpi.results/1`), as the CLI writes it: [`Answer::Files`], one file.
    ResultsJson,
    /// The results as CSV in `encoding`, as the CLI writes it: [`Answer::Encoded`].
    ResultsCsv { encoding: CsvEncoding },
    /// The results as a workbook in `lang`, yen in `money`, as the CLI writes it: [`Answer::Files`], one file.
    ResultsXlsx { lang: Lang, money: Money },
    /// One table as a workbook of one sheet named `name`: [`Answer::Files`], one file.
    TableXlsx { name: String, table: Table },
    /// The survey template of `kind` as a workbook (every kind, a sheet each, for `None`), its
    /// 年度 lists up to `fiscal_year` (the asker's: the engine reads no clock): [`Answer::Files`],
    /// one file.
    TemplateXlsx { kind: Option<DatasetKind>, fiscal_year: i32 },
}

impl Request {
    /// Compute, Drill and the results' exports work on what the engine has read, and read again only when the files
    /// change; the others read the files they are sent, and keep nothing.
    pub fn uses_cache(&self) -> bool {
        matches!(
            self,
            Request::Compute
                | Request::WarmUp
                | Request::Drill { .. }
                | Request::ResultsJson
                | Request::ResultsCsv { .. }
                | Request::ResultsXlsx { .. }
        )
    }
}

/// Everything of an input file but its bytes, which travel as a blob beside the call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileMeta {
    pub name: String,
    pub kind: Option<DatasetKind>,
    pub encoding: Option<TextEncoding>,
    pub mapping: Option<Mapping>,
    /// The blob's size: a file that gives other bytes (changed while it was read) is refused.
    pub size: u64,
    /// Choices for the file's tables (a header row, a sheet left out).
    #[serde(default)]
    pub tables: Vec<TableChoice>,
}

/// What the engine tells the page about a call: progress, then an answer or a failure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reply {
    Progress { label: String, fraction: f64 },
    Answer { answer: Answer },
    Failed { message: String },
}

/// The answer to a [`Request`]. Bytes travel beside the reply, in a list, and are named here by
/// their place in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Answer {
    Computed {
        payload: Box<Payload>,
    },
    Drilled {
        drill: Box<Drill>,
    },
    /// Files to download: each a name and the place of its bytes.
    Files {
        files: Vec<(String, usize)>,
    },
    /// A recipe's JSON (`mdkpi.recipe/1`).
    Recipe {
        json: String,
    },
    /// Text encoded: the place of its bytes, and how many characters became `?`.
    Encoded {
        bytes: usize,
        lost: usize,
    },
    /// The tables of a file as laid out, with their first rows.
    Previews {
        tables: Vec<TableView>,
    },
}
