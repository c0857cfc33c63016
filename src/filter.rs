//! The ward filter typed after `/`: ward numbers and ranges (`8`, `1-10`, `1,5,8`), comparisons
//! on a column by its header name or a unique prefix (`turnout>30`, `change<0`, `reg>20000`,
//! `rank<=10`, `share>=50`), and text that any column of the row must contain; parts separated
//! by `,` all apply (ward numbers among themselves are alternatives). No terminal here.

use crate::data::aggregate::{Change, WardRow};
use crate::data::{WardId, ids};
use crate::numbers::{change_text, count_text, pct, thousands};

/// A column a comparison reads, in the unit its cells show (percent for rates and shares,
/// points or percent for changes, counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// Ward number.
    Ward,
    /// Registered voters.
    Registered,
    /// Ballots (or top-race votes).
    Count,
    /// Turnout, in percent.
    Turnout,
    /// Change vs the previous comparable election.
    Change,
    /// Rank.
    Rank,
    /// The candidate column's share, in percent.
    Share,
}

/// The names a comparison may use, each a header of the table (a unique prefix is enough).
const NAMES: [(&str, Column); 9] = [
    ("ward", Column::Ward),
    ("registered", Column::Registered),
    ("ballots", Column::Count),
    ("count", Column::Count),
    ("votes", Column::Count),
    ("turnout", Column::Turnout),
    ("change", Column::Change),
    ("rank", Column::Rank),
    ("share", Column::Share),
];

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `=`
    Eq,
    /// `!=`
    Ne,
}

impl Op {
    fn holds(self, a: f64, b: f64) -> bool {
        match self {
            Op::Lt => a < b,
            Op::Le => a <= b,
            Op::Gt => a > b,
            Op::Ge => a >= b,
            Op::Eq => (a - b).abs() < 1e-9,
            Op::Ne => (a - b).abs() >= 1e-9,
        }
    }
}

/// One comparison: a column, an operator and a number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Condition {
    /// The column.
    pub column: Column,
    /// The operator.
    pub op: Op,
    /// The number, in the column's unit.
    pub value: f64,
}

/// A parsed filter: every part must hold.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Filter {
    /// Wards named by number or range (the row must be one of them), if any part named one.
    pub wards: Option<Vec<WardId>>,
    /// Comparisons.
    pub conditions: Vec<Condition>,
    /// Texts some column must contain (lower case).
    pub texts: Vec<String>,
}

/// Splits `turnout>=30` into (`turnout`, `>=`, `30`), where the part has an operator.
fn split_comparison(part: &str) -> Option<(&str, Op, &str)> {
    let at = part.find(['<', '>', '=', '!'])?;
    let (name, rest) = part.split_at(at);
    let (op, value) = if let Some(v) = rest.strip_prefix("<=") {
        (Op::Le, v)
    } else if let Some(v) = rest.strip_prefix(">=") {
        (Op::Ge, v)
    } else if let Some(v) = rest.strip_prefix("!=") {
        (Op::Ne, v)
    } else if let Some(v) = rest.strip_prefix("==") {
        (Op::Eq, v)
    } else if let Some(v) = rest.strip_prefix('<') {
        (Op::Lt, v)
    } else if let Some(v) = rest.strip_prefix('>') {
        (Op::Gt, v)
    } else if let Some(v) = rest.strip_prefix('=') {
        (Op::Eq, v)
    } else {
        return None;
    };
    Some((name.trim(), op, value.trim()))
}

/// The column a name or unique prefix means.
fn column(name: &str) -> Result<Column, String> {
    let n = name.to_lowercase();
    if n.is_empty() {
        return Err("a comparison needs a column before the operator (turnout>30)".into());
    }
    let hits: Vec<&(&str, Column)> = NAMES.iter().filter(|(k, _)| k.starts_with(&n)).collect();
    let mut columns: Vec<Column> = hits.iter().map(|h| h.1).collect();
    columns.dedup();
    match columns.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!(
            "no column {name:?}; columns: ward, registered, ballots, turnout, change, rank, share"
        )),
        _ => Err(format!(
            "{name:?} could be {}; type more of it",
            hits.iter().map(|h| h.0).collect::<Vec<_>>().join(" or ")
        )),
    }
}

/// Reads a number as typed: `30`, `30%`, `-1.5`, `20,000` is not one (commas separate parts),
/// `20000` and `20_000` are.
fn number(text: &str) -> Result<f64, String> {
    let t = text
        .trim()
        .trim_end_matches('%')
        .trim_end_matches("pp")
        .trim();
    t.replace('_', "")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("{text:?} is not a number"))
}

impl Filter {
    /// Reads the prompt's text.
    ///
    /// # Errors
    /// What is wrong with a comparison: an unknown or ambiguous column, or a value that is no
    /// number. Text without an operator is never an error.
    pub fn parse(text: &str) -> Result<Filter, String> {
        let mut f = Filter::default();
        let t = text.trim();
        if t.is_empty() {
            return Ok(f);
        }
        if t.len() > ids::MAX_WARD_LIST {
            return Err(format!(
                "a filter of {} characters is too long (limit {})",
                t.len(),
                ids::MAX_WARD_LIST
            ));
        }
        // A whole ward list (`1,5,8`, `1-10`) as before.
        if let Ok(wards) = ids::parse_ward_list(t) {
            f.wards = Some(wards);
            return Ok(f);
        }
        for part in t.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            if let Some((name, op, value)) = split_comparison(part) {
                f.conditions.push(Condition {
                    column: column(name)?,
                    op,
                    value: number(value)?,
                });
            } else if let Ok(wards) = ids::parse_ward_list(part) {
                f.wards.get_or_insert_with(Vec::new).extend(wards);
            } else {
                f.texts.push(part.to_lowercase());
            }
        }
        if let Some(w) = &mut f.wards {
            w.sort_unstable();
            w.dedup();
        }
        Ok(f)
    }

    /// Whether nothing is filtered.
    pub fn is_empty(&self) -> bool {
        self.wards.is_none() && self.conditions.is_empty() && self.texts.is_empty()
    }

    /// A column's value in a row, in the unit it is typed in.
    fn value(row: &WardRow, share: Option<f64>, column: Column) -> Option<f64> {
        match column {
            Column::Ward => row.ward.number().map(f64::from),
            Column::Registered => row.figures.registered.map(|v| v as f64),
            Column::Count => row.count,
            Column::Turnout => row.turnout.map(|v| v * 100.0),
            Column::Change => row.change.map(|c| match c {
                Change::Points(p) | Change::Percent(p) => p,
            }),
            Column::Rank => row.rank.map(|r| r as f64),
            Column::Share => share.map(|v| v * 100.0),
        }
    }

    /// Whether a row passes; `share` is the candidate column's value, if one is shown. A row
    /// without a value in a compared column does not pass.
    pub fn keeps(&self, row: &WardRow, share: Option<f64>) -> bool {
        if let Some(ws) = &self.wards
            && ws.binary_search(&row.ward).is_err()
        {
            return false;
        }
        let holds = |c: &Condition| {
            Filter::value(row, share, c.column).is_some_and(|v| c.op.holds(v, c.value))
        };
        if !self.conditions.iter().all(holds) {
            return false;
        }
        if self.texts.is_empty() {
            return true;
        }
        let cells = [
            row.ward.to_string(),
            row.figures.registered.map_or("n/a".into(), thousands),
            count_text(row.count),
            pct(row.turnout),
            change_text(row.change),
            row.rank.map_or(String::new(), |r| r.to_string()),
            pct(share),
        ];
        self.texts
            .iter()
            .all(|t| cells.iter().any(|c| c.to_lowercase().contains(t.as_str())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Figures;

    fn row() -> WardRow {
        WardRow {
            ward: WardId(8),
            figures: Figures {
                registered: Some(20_000),
                ballots: Some(5_000),
                top_race_votes: None,
            },
            count: Some(5_000.0),
            turnout: Some(0.25),
            change: Some(Change::Points(-1.5)),
            rank: Some(3),
        }
    }

    #[test]
    fn numbers_and_ranges_are_wards_and_the_rest_is_text() {
        assert!(Filter::parse("").unwrap().is_empty());
        assert_eq!(
            Filter::parse("1-3").unwrap().wards,
            Some(vec![WardId(1), WardId(2), WardId(3)])
        );
        assert_eq!(Filter::parse("+4.").unwrap().texts, ["+4."]);
        let row = row();
        let keeps = |f: &str| Filter::parse(f).unwrap().keeps(&row, None);
        assert!(keeps("8"));
        assert!(!keeps("9"));
        assert!(keeps("25.0%"));
        assert!(keeps("1,5,8"));
        assert!(!keeps("31."));
    }

    #[test]
    fn comparisons_use_the_units_the_cells_show() {
        let row = row();
        let keeps = |f: &str, share: Option<f64>| Filter::parse(f).unwrap().keeps(&row, share);
        assert!(keeps("turnout>20", None));
        assert!(!keeps("turnout>30", None));
        assert!(keeps("turnout>=25%", None));
        assert!(keeps("change<0", None));
        assert!(keeps("reg>19999", None));
        assert!(keeps("rank<=3", None));
        assert!(!keeps("rank<3", None));
        assert!(keeps("ba=5000", None));
        // Every part must hold; ward numbers and comparisons mix.
        assert!(keeps("turnout>20,change<0", None));
        assert!(!keeps("turnout>20,change>0", None));
        assert!(keeps("5-9,turnout>20", None));
        assert!(!keeps("1-5,turnout>20", None));
        // The share only where a candidate column is shown; a row without it does not pass.
        assert!(keeps("share>=50", Some(0.5)));
        assert!(!keeps("share>=50", None));
    }

    #[test]
    fn a_bad_comparison_says_what_is_wrong() {
        assert!(
            Filter::parse("tur>abc")
                .unwrap_err()
                .contains("\"abc\" is not a number")
        );
        assert!(
            Filter::parse("colour>3")
                .unwrap_err()
                .starts_with("no column \"colour\"")
        );
        assert!(
            Filter::parse("r>3")
                .unwrap_err()
                .contains("registered or rank")
        );
        assert!(Filter::parse(">3").is_err());
    }
}
