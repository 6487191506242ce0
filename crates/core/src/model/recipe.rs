//! Recipes: the user's column mapping, remembered without any data, to re-apply next year.
//!
//! A recipe is a JSON document `{"schema": "mdkpi.recipe/1", "entries": [...]}`; each entry names a
//! dataset kind, optionally an encoding, and for each canonical column the header it was found
//! under. A recipe is an input like any other: drop it beside the data files (or pass it to the CLI)
//! and each data file whose headers fit an entry is read with that entry. Headers the entry names
//! that the file no longer has are reported (renamed or missing columns). The table choices travel
//! too: an entry's header row (looked for again near it), and the sheets left out, by name.
//!
//! ```
//! use mdkpi_core::model::recipe::{Recipe, RecipeEntry};
//! use mdkpi_core::contract::schema::{Col, DatasetKind};
//! let mut columns = std::collections::BTreeMap::new();
//! columns.insert(Col::ProjectId, "テーマ番号".to_string());
//! let recipe = Recipe::new(vec![RecipeEntry { kind: DatasetKind::Projects, encoding: None, columns, file_name: None, sheet: None, header_row: None }]);
//! let json = recipe.to_json();
//! assert!(json.contains("mdkpi.recipe/1") && !json.contains("rows"));
//! assert_eq!(Recipe::parse(json.as_bytes()), Some(recipe));
//! ```

use serde::{Deserialize, Serialize};

use crate::ingest::decode::TextEncoding;
use mdkpi_contract::schema::{DatasetKind, Mapping};

pub const RECIPE_SCHEMA: &str = "mdkpi.recipe/1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipe {
    pub schema: String,
    pub entries: Vec<RecipeEntry>,
    /// The sheets left out, by name: a workbook's sheet of one of these names is not read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub left_out: Vec<String>,
    /// KPI definitions (`mdkpi.kpis/1`'s `kpis`) that travel with the recipe.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kpis: Vec<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecipeEntry {
    pub kind: DatasetKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<TextEncoding>,
    /// Canonical column key → the header it was found under.
    pub columns: Mapping,
    /// The file the entry was made from, for the reader's information only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// The sheet of a workbook it was made from, for the reader's information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The spreadsheet row of the header, where it was not the first row: next year's header is
    /// looked for down to a little past it (a header found by hand below the first 30 rows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_row: Option<u64>,
}

impl Recipe {
    pub fn new(entries: Vec<RecipeEntry>) -> Recipe {
        Recipe { schema: RECIPE_SCHEMA.to_owned(), entries, left_out: Vec::new(), kpis: Vec::new() }
    }

    /// The recipe in `bytes`, if they are one (a JSON object whose `schema` is `mdkpi.recipe/1`).
    pub fn parse(bytes: &[u8]) -> Option<Recipe> {
        // Every file dropped is asked: a data file is told apart by its first byte, not by
        // checking and searching all of it (half a second in wasm for 107 MB).
        let body = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(bytes);
        if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            return None;
        }
        let text = std::str::from_utf8(body).ok()?;
        if !text.contains(RECIPE_SCHEMA) {
            return None;
        }
        let recipe: Recipe = serde_json::from_str(text).ok()?;
        (recipe.schema == RECIPE_SCHEMA).then_some(recipe)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// The entry that fits `headers` best: the most of its headers present, at least one.
    pub fn best_entry(&self, headers: &[String]) -> Option<&RecipeEntry> {
        self.entries
            .iter()
            .map(|e| (e, e.columns.values().filter(|h| headers.iter().any(|x| x.trim() == h.trim())).count()))
            .filter(|(_, n)| *n > 0)
            .max_by_key(|(_, n)| *n)
            .map(|(e, _)| e)
    }
}
