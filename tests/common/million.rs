//! The text of a million-row canonical turnout file with fixed content, as tui-bench's
//! gen_csv.py shapes them: 500 wards of 10 divisions, years 2000-2024, primary and general,
//! four parties (a fixed linear congruential sequence). Shared by the pty test and the render
//! bench; `benches/speed.sh` writes the same file.

/// The file's text (about 40 MB).
pub fn million_rows() -> String {
    use std::fmt::Write as _;
    let mut text = String::with_capacity(40 << 20);
    text.push_str("year,election,ward,division,party,registered,ballots_cast\n");
    let mut seed = 1u64;
    for w in 1..=500 {
        for d in 1..=10 {
            for year in 2000..=2024 {
                for kind in ["primary", "general"] {
                    for party in ["DEM", "REP", "IND", "OTH"] {
                        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                        let reg = 100 + (seed >> 33) % 900;
                        let ballots = (seed >> 13) % reg;
                        let _ = writeln!(
                            text,
                            "{year},{kind},W{w:02},W{w:02}-{d:02},{party},{reg},{ballots}"
                        );
                    }
                }
            }
        }
    }
    text
}
