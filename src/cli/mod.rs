//! Command-line arguments (clap) and the search path they make. No terminal UI here.

mod order;

use crate::data::wardmap::boundaries::{GeoFile, is_geojson};
use crate::data::{Kind, Measure, PartyGroup, SourcePath, Sources, WardId, ids};
use crate::term::ColorChoice;
use clap::{Parser, Subcommand, ValueEnum};
use order::{data_options, geo_files};
use std::path::PathBuf;

/// Explore off-year (municipal) primary turnout by year and by ward.
///
/// Without a command, opens the full-screen explorer (on a terminal; else prints the latest
/// off-year primary's ward table).
///
/// Data is loaded, lowest precedence first, from: the Philadelphia files compiled into the
/// binary; $XDG_DATA_DIRS/turnout (system-wide); $XDG_DATA_HOME/turnout (the user's own,
/// default ~/.local/share/turnout); every *.csv under each directory in $TURNOUT_DATA
/// (colon-separated); each --data PATH. Where two sources give the same figure, the later wins
/// and `turnout check` reports it. turnout never writes to any of them.
#[derive(Debug, Parser)]
#[command(
    name = "turnout",
    version,
    about,
    long_about,
    after_help = "Examples:\n  turnout                                  the explorer, on the latest off-year primary\n  turnout --year 2017 --ward 08            the explorer on the 2017 primary, ward 08\n  turnout summary --year 2023 --format csv the 2023 primary's ward table as CSV\n  turnout results --year 2017 --office DA  the 2017 DA primaries by ward\n  turnout check --data results.csv         what a file holds and every bad line\n\n'turnout COMMAND --help' shows a command's own options."
)]
pub struct Args {
    /// A CSV file or a directory of CSV files to load (repeatable; later wins).
    #[arg(long = "data", value_name = "PATH", global = true)]
    pub data: Vec<PathBuf>,
    /// Leave out the Philadelphia data compiled into the binary.
    #[arg(long, global = true)]
    pub no_embedded: bool,
    /// The place to show (case ignored, a unique prefix accepted: `phil`, `erie`); given before
    /// --data, also the place of that file's rows where the file names none.
    #[arg(long, value_name = "NAME", global = true)]
    pub place: Vec<String>,
    /// A mapping file (`*.turnout.toml`) for the next --data: what its columns mean.
    #[arg(long, value_name = "FILE", global = true)]
    pub map: Vec<PathBuf>,
    /// The place and mapping given before each --data, in order (filled by `parse_ordered`).
    #[arg(skip)]
    pub data_options: Vec<(Option<String>, Option<PathBuf>)>,
    /// A GeoJSON file of ward boundaries for the map and `check` (repeatable): the place of the
    /// last --place before it, else the first place shown; replaces that place's other lines
    /// (shipped, or a *.geojson in a data directory). `--data FILE.geojson` is read the same way.
    #[arg(long, value_name = "FILE", global = true)]
    pub geo: Vec<PathBuf>,
    /// The feature property holding the ward in the next --geo (after the last --geo: in that
    /// one); default: the first of ward_num, ward_number, ward a feature has, in any case.
    #[arg(long = "geo-ward", value_name = "PROPERTY", global = true)]
    pub geo_ward: Vec<String>,
    /// Each --geo (and --data FILE.geojson) with its place and property, in order (filled by
    /// `parse_ordered`).
    #[arg(skip)]
    pub geo_files: Vec<GeoFile>,
    /// Colours in the explorer: auto honours NO_COLOR, COLORTERM and TERM.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, help_heading = "Explorer")]
    pub color: ColorChoice,
    /// Draw the explorer with ASCII only (chosen by itself when the locale is not UTF-8).
    #[arg(long, help_heading = "Explorer")]
    pub ascii: bool,
    /// Let the mouse wheel move the selection (mouse capture is off otherwise).
    #[arg(long, help_heading = "Explorer")]
    pub mouse: bool,
    /// The explorer opens on this year's election (default: the latest with figures).
    #[arg(long = "year", value_name = "YEAR", help_heading = "Explorer")]
    pub open_year: Option<i32>,
    /// The explorer opens on this kind of election.
    #[arg(
        long = "election",
        value_enum,
        value_name = "KIND",
        help_heading = "Explorer"
    )]
    pub open_kind: Option<KindArg>,
    /// The explorer opens with this ward selected (`08`, or a named ward).
    #[arg(long = "ward", value_name = "WARD", help_heading = "Explorer")]
    pub open_ward: Option<String>,
    /// What to do; without a command, prints the latest off-year primary's ward table.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check input files: formats, rows, coverage and every problem with file:line:col.
    ///
    /// The format detected, rows read, elections and wards covered, and every problem with
    /// file:line:col. Exit 0 when clean, 1 when a row was rejected, 2 when a path cannot be
    /// read. Without PATHs, checks the whole search path.
    Check {
        /// Files or directories to check (only these are loaded).
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// Print one election's ward table: turnout, change, rank, the city last.
    ///
    /// Registered, ballots, turnout %, change vs the previous comparable election, rank; the
    /// city total last.
    Summary(SummaryArgs),
    /// Print candidate results by ward: votes, shares, winners, margins.
    ///
    /// Each candidate's votes and share, the ward's winner and margin, the city total last.
    /// With one --ward, that ward beside the city.
    Results(ResultsArgs),
    /// Print one election beside a base election, ward by ward.
    ///
    /// Turnout in each, the change, ballots, ranks, the representation index, a candidate's
    /// share in each; the city last.
    Compare(CompareArgs),
    /// Print a shell completion script (bash, zsh, fish).
    ///
    /// `turnout completions bash > ~/.local/share/bash-completion/completions/turnout`
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    ///
    /// `turnout manpage > ~/.local/share/man/man1/turnout.1`
    Manpage,
}

/// Options of `turnout compare`.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The compared election's year (B).
    #[arg(long)]
    pub year: i32,
    /// The base election's year (A); default: the previous comparable election (2017 for the
    /// 2021 DA primary, 2019 for the 2023 mayoral primary).
    #[arg(long)]
    pub base: Option<i32>,
    /// Both elections' kind.
    #[arg(long, value_enum, default_value_t = KindArg::Primary)]
    pub election: KindArg,
    /// Party group.
    #[arg(long, value_enum, default_value_t = PartyArg::All)]
    pub party: PartyArg,
    /// Add this candidate's share in both elections (any part of the name: `krasner`).
    #[arg(long, value_name = "NAME")]
    pub candidate: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

/// Options of `turnout summary`.
#[derive(Debug, clap::Args)]
pub struct SummaryArgs {
    /// Election year.
    #[arg(long)]
    pub year: i32,
    /// Election kind.
    #[arg(long, value_enum, default_value_t = KindArg::Primary)]
    pub election: KindArg,
    /// Party group (closed primaries: a party's voters over its registration, where known).
    #[arg(long, value_enum, default_value_t = PartyArg::All)]
    pub party: PartyArg,
    /// What to count; default: ballots where the election has them, else top-race votes.
    #[arg(long, value_enum)]
    pub measure: Option<MeasureArg>,
    /// Add this candidate's share of their race per ward (any part of the name: `krasner`),
    /// and print the Pearson correlation between ward turnout and that share.
    #[arg(long, value_name = "NAME")]
    pub candidate: Option<String>,
    /// Only these wards: `8`, `1-10`, `1,5,8`; with --divisions, the one ward whose divisions
    /// are shown.
    #[arg(long, value_name = "WARDS", value_parser = parse_wards)]
    pub ward: Option<WardList>,
    /// The divisions of the --ward given, one row each, the ward's total last.
    #[arg(long, requires = "ward")]
    pub divisions: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

/// Options of `turnout results`.
#[derive(Debug, clap::Args)]
pub struct ResultsArgs {
    /// Election year.
    #[arg(long)]
    pub year: i32,
    /// Election kind.
    #[arg(long, value_enum, default_value_t = KindArg::Primary)]
    pub election: KindArg,
    /// The office (case and spacing ignored; `DA` works); default: every race with results.
    #[arg(long)]
    pub office: Option<String>,
    /// The primary's party; default: every party's race.
    #[arg(long, value_enum)]
    pub party: Option<PartyArg>,
    /// Only these wards: `8`, `1-10`, `1,5,8`. One ward is shown beside the city.
    #[arg(long, value_name = "WARDS", value_parser = parse_wards)]
    pub ward: Option<WardList>,
    /// The divisions of the --ward given, one row each, the ward's total last.
    #[arg(long, requires = "ward")]
    pub divisions: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

/// Wards named on the command line, sorted.
#[derive(Debug, Clone)]
pub struct WardList(pub Vec<WardId>);

fn parse_wards(text: &str) -> Result<WardList, String> {
    ids::parse_ward_list(text)
        .map(WardList)
        .map_err(|e| e.to_string())
}

/// `--election` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    /// A party primary.
    Primary,
    /// The November general.
    General,
    /// A special election (the last one of the year).
    Special,
}

impl From<KindArg> for Kind {
    fn from(k: KindArg) -> Kind {
        match k {
            KindArg::Primary => Kind::Primary,
            KindArg::General => Kind::General,
            KindArg::Special => Kind::Special,
        }
    }
}

/// `--party` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PartyArg {
    /// Every voter.
    All,
    /// Registered Democrats.
    Dem,
    /// Registered Republicans.
    Rep,
    /// Everyone else.
    Other,
}

impl From<PartyArg> for PartyGroup {
    fn from(p: PartyArg) -> PartyGroup {
        match p {
            PartyArg::All => PartyGroup::All,
            PartyArg::Dem => PartyGroup::Democratic,
            PartyArg::Rep => PartyGroup::Republican,
            PartyArg::Other => PartyGroup::Other,
        }
    }
}

/// `--measure` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MeasureArg {
    /// Ballots cast.
    Ballots,
    /// Votes in the top race (the 2002-2020 Sixty-Six Wards series).
    TopRace,
}

impl From<MeasureArg> for Measure {
    fn from(m: MeasureArg) -> Measure {
        match m {
            MeasureArg::Ballots => Measure::Ballots,
            MeasureArg::TopRace => Measure::TopRaceVotes,
        }
    }
}

/// `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for reading.
    Table,
    /// CSV with a header row.
    Csv,
    /// One JSON object.
    Json,
}

impl From<OutputFormat> for crate::report::Format {
    fn from(f: OutputFormat) -> crate::report::Format {
        match f {
            OutputFormat::Table => crate::report::Format::Table,
            OutputFormat::Csv => crate::report::Format::Csv,
            OutputFormat::Json => crate::report::Format::Json,
        }
    }
}

/// `check --format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Lines for reading.
    Text,
    /// One JSON object with the same report.
    Json,
}

impl Args {
    /// Parses a command line, keeping which `--place` and `--map` came before each `--data`.
    ///
    /// # Errors
    /// clap's error for a bad command line.
    pub fn parse_ordered<I, T>(raw: I) -> Result<Args, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let raw: Vec<std::ffi::OsString> = raw.into_iter().map(Into::into).collect();
        let mut args = Args::try_parse_from(&raw)?;
        let after_name = &raw[1.min(raw.len())..];
        args.data_options = data_options(after_name);
        args.geo_files = geo_files(after_name).map_err(|msg| {
            use clap::CommandFactory;
            Args::command().error(clap::error::ErrorKind::ArgumentConflict, msg)
        })?;
        Ok(args)
    }

    /// The place asked for with `--place` (the last one given).
    pub fn chosen_place(&self) -> Option<&str> {
        self.place.last().map(String::as_str)
    }

    /// The search path, lowest precedence first: embedded; `$XDG_DATA_DIRS/turnout` (the
    /// system's, where an administrator drops the city's files; the first directory listed
    /// wins); `$XDG_DATA_HOME/turnout` (the user's own); `$TURNOUT_DATA`; `--data`. `env` reads
    /// an environment variable. XDG directories that do not exist are skipped quietly; paths
    /// named explicitly must exist.
    pub fn sources(&self, env: &dyn Fn(&str) -> Option<String>) -> Sources {
        let set = |k: &str| env(k).filter(|v| !v.is_empty());
        let mut places: Vec<(PathBuf, String)> = Vec::new();
        let system = set("XDG_DATA_DIRS").unwrap_or_else(|| "/usr/local/share:/usr/share".into());
        for dir in system.split(':').filter(|d| !d.is_empty()).rev() {
            places.push((
                PathBuf::from(dir).join("turnout"),
                "$XDG_DATA_DIRS".to_string(),
            ));
        }
        let home = set("XDG_DATA_HOME")
            .map(PathBuf::from)
            .or_else(|| set("HOME").map(|h| PathBuf::from(h).join(".local/share")));
        if let Some(home) = home {
            places.push((home.join("turnout"), "$XDG_DATA_HOME".to_string()));
        }
        let xdg: Vec<(PathBuf, String, bool)> = places
            .into_iter()
            .map(|(p, o)| {
                let exists = p.exists();
                (p, o, exists)
            })
            .collect();
        let mut paths: Vec<SourcePath> = xdg
            .iter()
            .filter(|x| x.2)
            .map(|(p, o, _)| SourcePath::new(p.clone(), o))
            .collect();
        paths.extend(
            set("TURNOUT_DATA")
                .unwrap_or_default()
                .split(':')
                .filter(|p| !p.is_empty())
                .map(|p| SourcePath::new(p, "$TURNOUT_DATA")),
        );
        // A `--data FILE.geojson` is boundaries (see `geo_files`), not rows.
        let rows = self.data.iter().enumerate().filter(|(_, p)| !is_geojson(p));
        paths.extend(rows.map(|(i, p)| {
            let (place, map) = self.data_options.get(i).cloned().unwrap_or_default();
            SourcePath {
                place,
                map,
                ..SourcePath::new(p.clone(), "--data")
            }
        }));
        Sources {
            embedded: !self.no_embedded,
            paths,
            xdg,
            snapshot: Some(crate::shipped::SNAPSHOT),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_path_runs_from_system_to_user_to_flags() {
        let dir = tempfile::tempdir().unwrap();
        let (sys1, sys2, home) = (
            dir.path().join("a"),
            dir.path().join("b"),
            dir.path().join("h"),
        );
        for d in [&sys1, &home] {
            std::fs::create_dir_all(d.join("turnout")).unwrap();
        }
        let sys = format!("{}:{}", sys1.display(), sys2.display());
        let home_s = home.display().to_string();
        let env = |k: &str| match k {
            "XDG_DATA_DIRS" => Some(sys.clone()),
            "XDG_DATA_HOME" => Some(home_s.clone()),
            "TURNOUT_DATA" => Some("/t1:/t2".into()),
            _ => None,
        };
        let args = Args::parse_ordered(["turnout", "--data", "/d", "check"]).unwrap();
        let s = args.sources(&env);
        let shown: Vec<(String, &str)> = s
            .paths
            .iter()
            .map(|p| (p.path.display().to_string(), p.origin.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (format!("{}/turnout", sys1.display()), "$XDG_DATA_DIRS"),
                (format!("{}/turnout", home.display()), "$XDG_DATA_HOME"),
                ("/t1".into(), "$TURNOUT_DATA"),
                ("/t2".into(), "$TURNOUT_DATA"),
                ("/d".into(), "--data"),
            ]
        );
        // The second system directory has no turnout folder: skipped, and said so, in order.
        let xdg: Vec<(String, bool)> = s
            .xdg
            .iter()
            .map(|(p, _, e)| (p.display().to_string(), *e))
            .collect();
        assert_eq!(
            xdg,
            [
                (format!("{}/turnout", sys2.display()), false),
                (format!("{}/turnout", sys1.display()), true),
                (format!("{}/turnout", home.display()), true),
            ]
        );
        // Without XDG variables: the defaults, and HOME.
        let env = |k: &str| (k == "HOME").then(|| "/nonexistent-home".to_string());
        let s = args.sources(&env);
        let skipped: Vec<String> = s
            .xdg
            .iter()
            .filter(|x| !x.2)
            .map(|(p, _, _)| p.display().to_string())
            .collect();
        assert_eq!(
            skipped,
            [
                "/usr/share/turnout",
                "/usr/local/share/turnout",
                "/nonexistent-home/.local/share/turnout"
            ]
        );
    }
}
