//! Properties of the loader over generated input (proptest): any bytes give a report and no
//! panic; in a file of valid rows, deleting or corrupting one row changes that row's ward and
//! election only, and the problem names its line.

use proptest::prelude::*;
use turnout::data::{self, PartyGroup, ProblemKind};

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Whatever the bytes: a dataset and a report, never a panic; rows left out are counted.
    #[test]
    fn any_bytes_load_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let ds = data::load_bytes("fuzz.csv", &bytes);
        for f in &ds.report.files {
            prop_assert!(f.rows_rejected <= f.rows_read + 1, "{f:?}");
        }
    }

    /// CSV-looking text (a known header, then cells of digits, commas, quotes and breaks) is
    /// read without panicking either, however broken.
    #[test]
    fn broken_csv_text_loads_without_panicking(
        body in proptest::collection::vec(
            prop_oneof![Just(","), Just("\""), Just("\n"), Just("\r"), Just("2023"), Just("primary"),
                        Just("7"), Just("-1"), Just("x"), Just("05-12")],
            0..200,
        )
    ) {
        let text = format!("year,election,ward,ballots,registered\n{}", body.concat());
        let _ = data::load_str("broken.csv", &text);
    }

    /// One row deleted or corrupted: every other ward keeps its figures; the problem (for a
    /// corrupted row) names the row's line.
    #[test]
    fn one_bad_row_changes_only_its_own_ward_and_election(
        wards in 5usize..40,
        pick in any::<prop::sample::Index>(),
        corrupt in any::<bool>(),
    ) {
        let row = |w: usize| format!("2023,primary,{w},{},{}", 100 + w, 1000 + 10 * w);
        let good: Vec<String> = (1..=wards).map(row).collect();
        let header = "year,election,ward,ballots,registered";
        let whole = data::load_str("good.csv", &format!("{header}\n{}\n", good.join("\n")));
        let k = pick.index(wards);
        let mut bad = good.clone();
        if corrupt {
            bad[k] = format!("2023,primary,{},x,{}", k + 1, 1000);
        } else {
            bad.remove(k);
        }
        let part = data::load_str("bad.csv", &format!("{header}\n{}\n", bad.join("\n")));
        let e = 0;
        for w in 0..wards {
            let id = turnout::data::WardId(w as u16 + 1);
            let before = whole.ward_index(id).map(|i| whole.figures(e, i, PartyGroup::All));
            let after = part.ward_index(id).map(|i| part.figures(e, i, PartyGroup::All));
            if w == k {
                prop_assert!(after.is_none_or(|f| f.is_empty()), "ward {} kept figures", w + 1);
            } else {
                prop_assert_eq!(before, after, "ward {} changed", w + 1);
            }
        }
        if corrupt {
            let p: Vec<_> = part.report.problems.iter()
                .filter(|p| matches!(p.kind, ProblemKind::NotNumeric(_)))
                .collect();
            prop_assert_eq!(p.len(), 1);
            prop_assert_eq!(p[0].at.line, Some(k as u64 + 2));
        }
    }
}
