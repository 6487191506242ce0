//! Output that is safe to open: CSV cells that a spreadsheet would run as formulas are neutralised
//! (OWASP "CSV injection"), and file names derived from users' files are made plain.
//!
//! ```
//! use mdkpi_contract::safe::{csv_cell, file_name};
//! assert_eq!(csv_cell("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
//! assert_eq!(csv_cell("-5"), "-5");
//! assert_eq!(file_name("../../a:b?.csv"), "_.._a_b_.csv");
//! ```

use std::borrow::Cow;

/// The cell with a leading `'` when it starts with `=`, `+`, `-`, `@`, a tab or a carriage return,
/// except a plain number such as `-5` or `+1.5`, which stays a number.
pub fn csv_cell(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let plain_number = cell.strip_prefix(['-', '+']).is_some_and(|digits| {
        digits.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
            && digits.bytes().any(|b| b.is_ascii_digit())
    });
    if risky && !plain_number {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A file name with no directories, no characters Windows forbids, no control characters, no
/// leading dots, and at most 120 characters.
pub fn file_name(name: &str) -> String {
    let cleaned: String =
        name.chars()
            .map(|c| {
                if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                    '_'
                } else {
                    c
                }
            })
            .collect();
    let trimmed = cleaned.trim_start_matches(['.', ' ']).trim_end_matches([' ', '.']);
    let short: String = trimmed.chars().take(120).collect();
    if short.is_empty() {
        "mdkpi".to_owned()
    } else {
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_numbers_are_not() {
        for risky in ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx", "-", "+"] {
            assert!(csv_cell(risky).starts_with('\''), "{risky:?}");
        }
        for plain in ["-5", "+1.5", "-1,234", "12", "令和5年度", "", "a=b"] {
            assert_eq!(csv_cell(plain), plain, "{plain:?}");
        }
    }

    #[test]
    fn file_names_are_plain() {
        assert_eq!(file_name("調査.csv"), "調査.csv");
        assert_eq!(file_name("a/b\\c.csv"), "a_b_c.csv");
        assert_eq!(file_name("...hidden"), "hidden");
        assert_eq!(file_name("x\u{0}y"), "x_y");
        assert_eq!(file_name(""), "mdkpi");
        assert_eq!(file_name(&"あ".repeat(300)).chars().count(), 120);
    }
}
