//! The ward filter typed after `/`: ward numbers and ranges (`8`, `1-10`, `1,5,8`), or text
//! that any column of the row must contain. No terminal here.

use crate::data::aggregate::WardRow;
use crate::data::{WardId, ids};
use crate::numbers::{change_text, count_text, pct, thousands};

/// A parsed filter.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// Every ward.
    All,
    /// These wards.
    Wards(Vec<WardId>),
    /// Rows where some column's text contains this (lower case).
    Text(String),
}

impl Filter {
    /// Reads the prompt's text: a ward list where it is one, else text.
    pub fn parse(text: &str) -> Filter {
        let t = text.trim();
        if t.is_empty() {
            Filter::All
        } else if let Ok(wards) = ids::parse_ward_list(t) {
            Filter::Wards(wards)
        } else {
            Filter::Text(t.to_lowercase())
        }
    }

    /// Whether a row passes; `share` is the candidate column's value, if one is shown.
    pub fn keeps(&self, row: &WardRow, share: Option<f64>) -> bool {
        match self {
            Filter::All => true,
            Filter::Wards(ws) => ws.binary_search(&row.ward).is_ok(),
            Filter::Text(t) => {
                let cells = [
                    row.ward.to_string(),
                    row.figures.registered.map_or("n/a".into(), thousands),
                    count_text(row.count),
                    pct(row.turnout),
                    change_text(row.change),
                    row.rank.map_or(String::new(), |r| r.to_string()),
                    pct(share),
                ];
                cells.iter().any(|c| c.to_lowercase().contains(t.as_str()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Figures;

    #[test]
    fn numbers_and_ranges_are_wards_and_the_rest_is_text() {
        assert_eq!(Filter::parse(""), Filter::All);
        assert_eq!(
            Filter::parse("1-3"),
            Filter::Wards(vec![WardId(1), WardId(2), WardId(3)])
        );
        assert_eq!(Filter::parse("+4."), Filter::Text("+4.".into()));
        let row = WardRow {
            ward: WardId(8),
            figures: Figures {
                registered: Some(20_000),
                ballots: Some(5_000),
                top_race_votes: None,
            },
            count: Some(5_000.0),
            turnout: Some(0.25),
            change: None,
            rank: Some(3),
        };
        assert!(Filter::parse("8").keeps(&row, None));
        assert!(!Filter::parse("9").keeps(&row, None));
        assert!(Filter::parse("25.0%").keeps(&row, None));
        assert!(Filter::parse("20,000").keeps(&row, None));
        assert!(!Filter::parse("31.").keeps(&row, None));
    }
}
