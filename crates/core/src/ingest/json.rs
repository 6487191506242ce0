//! JSON → tables. Two shapes are accepted:
//! - an array of objects: one dataset, its kind detected from the keys like a CSV's headers;
//! - a workspace object `{ "projects": [...], "members": [...] }`, keyed by dataset kind.
//!
//! Each object is a row: its keys are headers, its scalars become cells (numbers as written, `true`
//! and `false` as TRUE and FALSE, null as empty), an array of scalars becomes `a;b` (so
//! `"priority_areas": [1, 3]` works). `row` in issues is the object's 1-based position in its array.
//! serde_json refuses nesting deeper than 128 levels, so hostile input cannot exhaust the stack.
//!
//! ```
//! use mdkpi_core::ingest::json::{read_json, JsonInput};
//! let JsonInput::Array(t) = read_json(r#"[{"年度": "R5", "課題ID": 1}]"#).unwrap() else { panic!() };
//! assert_eq!(t.table.headers, ["年度", "課題ID"]);
//! assert_eq!(t.table.records().next().unwrap().to_vec(), ["R5", "1"]);
//! ```

use std::collections::HashMap;

use serde_json::Value;

use crate::ingest::table::{Records, Table};

/// One array of objects as a table, with the positions of elements that were not objects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonTable {
    pub table: Table<'static>,
    /// 1-based positions of array elements that are not objects (they cannot be rows).
    pub not_objects: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonInput {
    Array(JsonTable),
    /// (key as written, its array); a key whose value is not an array has `None`.
    Workspace(Vec<(String, Option<JsonTable>)>),
}

/// Why a JSON file could not be read, with the position serde_json reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "JSON line {}, column {}: {}", self.line, self.column, self.message)
        } else {
            write!(f, "JSON: {}", self.message)
        }
    }
}

/// Whether `text` should be read as JSON: its first non-blank character opens an array or object.
pub fn looks_like_json(text: &str) -> bool {
    matches!(text.trim_start().chars().next(), Some('[' | '{'))
}

pub fn read_json(text: &str) -> Result<JsonInput, JsonError> {
    let value: Value = serde_json::from_str(text).map_err(|e| JsonError {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    match value {
        Value::Array(items) => Ok(JsonInput::Array(table_from_array(&items))),
        Value::Object(map) => Ok(JsonInput::Workspace(
            map.into_iter()
                .map(|(key, v)| match v {
                    Value::Array(items) => (key, Some(table_from_array(&items))),
                    _ => (key, None),
                })
                .collect(),
        )),
        _ => {
            Err(JsonError { line: 0, column: 0, message: "expected an array of objects or an object of arrays".into() })
        }
    }
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(true) => "TRUE".into(),
        Value::Bool(false) => "FALSE".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) if items.iter().all(|i| !i.is_array() && !i.is_object()) => {
            items.iter().map(cell).collect::<Vec<_>>().join(";")
        }
        other => other.to_string(),
    }
}

fn table_from_array(items: &[Value]) -> JsonTable {
    let mut headers: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut records = Records::default();
    let mut not_objects = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let row = i as u64 + 1;
        let Value::Object(map) = item else {
            not_objects.push(row);
            continue;
        };
        let mut fields = vec![String::new(); headers.len()];
        for (key, v) in map {
            let at = *index.entry(key.clone()).or_insert_with(|| {
                headers.push(key.clone());
                headers.len() - 1
            });
            if at >= fields.len() {
                fields.resize(at + 1, String::new());
            }
            fields[at] = cell(v).trim().to_owned();
        }
        records.push(row, fields.iter().map(String::as_str));
    }
    JsonTable { table: Table::stored(headers, records), not_objects }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_of_objects_with_varied_keys() {
        let JsonInput::Array(t) = read_json(r#"[{"a": 1, "b": true}, {"b": null, "c": [1, 3]}, 5]"#).unwrap() else {
            panic!("array")
        };
        assert_eq!(t.table.headers, ["a", "b", "c"]);
        let mut records = t.table.records();
        assert_eq!(records.next().unwrap().to_vec(), ["1", "TRUE"]);
        let second = records.next().unwrap();
        assert_eq!((second.to_vec(), second.row), (vec!["", "", "1;3"], 2));
        assert_eq!(t.not_objects, [3]);
    }

    #[test]
    fn workspace_keys_keep_their_arrays() {
        let JsonInput::Workspace(parts) = read_json(r#"{"projects": [{"x": "1"}], "note": "hi"}"#).unwrap() else {
            panic!("workspace")
        };
        let names: Vec<&str> = parts.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["note", "projects"]);
        assert!(parts[0].1.is_none());
        assert_eq!(parts[1].1.as_ref().unwrap().table.count_records(), 1);
    }

    #[test]
    fn errors_carry_positions_and_depth_is_bounded() {
        let e = read_json("[{\"a\": 1},\n {\"b\": ").unwrap_err();
        assert_eq!(e.line, 2);
        let deep = "[".repeat(100_000);
        assert!(read_json(&deep).is_err());
        assert!(read_json("42").is_err());
    }

    #[test]
    fn sniffing() {
        assert!(looks_like_json("  \n[1]"));
        assert!(looks_like_json("{}"));
        assert!(!looks_like_json("年度,課題ID"));
    }
}
