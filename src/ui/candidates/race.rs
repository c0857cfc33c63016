//! One race with results by ward in the candidates panel: each candidate's votes and share
//! in the city beside the selected ward (and division), the margins, the race's total and
//! where its results come from.

use super::{fit, prose, width};
use crate::app::App;
use crate::data::results::Race;
use crate::numbers::thousands;
use crate::ui::Theme;
use crate::ui::lines::PanelLine;
use ratatui::text::{Line, Span};

fn share(v: Option<f64>) -> String {
    v.map_or("n/a".into(), |v| format!("{:.1}", v * 100.0))
}

/// One column pair of the candidates table: a place (the city, a ward, a division) and the
/// race's votes there.
struct Level<'a> {
    label: String,
    race: &'a Race,
    /// The ward (or division) in the race's dataset; `None`: the city.
    at: Option<usize>,
    /// Whether the votes are shown beside the share (the city's give way to a division's).
    votes: bool,
    /// The width of the votes column.
    width: usize,
}

impl Level<'_> {
    fn reported(&self) -> bool {
        self.at.is_none_or(|w| self.race.tally(w).reported)
    }

    fn cells(&self, c: usize) -> (String, String) {
        if !self.reported() {
            return ("—".into(), "—".into());
        }
        match self.at {
            Some(w) => (
                self.race.votes(w, c).map_or("n/a".into(), thousands),
                share(self.race.share(w, c)),
            ),
            None => (
                thousands(self.race.city_votes(c)),
                share(self.race.city_share(c)),
            ),
        }
    }

    fn header(&self) -> String {
        if self.votes {
            let w = self.width;
            format!(" {:>w$} {:>5}", fit_right(&self.label, w), "%")
        } else {
            format!(" {:>5}", fit_right(&self.label, 5))
        }
    }

    fn text(&self, c: usize) -> String {
        let (v, s) = self.cells(c);
        if self.votes {
            let w = self.width;
            format!(" {v:>w$} {s:>5}")
        } else {
            format!(" {s:>5}")
        }
    }

    fn leader(&self) -> Option<usize> {
        let t = match self.at {
            Some(w) => self.race.tally(w),
            None => self.race.city(),
        };
        t.outcome.filter(|o| !o.tied).map(|o| o.leader)
    }
}

/// The last `w` columns of `s`, so a label such as `Div 08-12` keeps its number.
fn fit_right(s: &str, w: usize) -> String {
    let n = s.chars().count();
    s.chars().skip(n.saturating_sub(w)).collect()
}

/// Lines of a race with results by ward: candidates, the city, and the selected ward (and,
/// while a ward's divisions are shown, the selected division beside them).
pub(super) fn race_lines(
    app: &App,
    (ri, race): (usize, &Race),
    room: usize,
    theme: &Theme,
    out: &mut Vec<PanelLine>,
) {
    let place = app.place_dataset();
    // The place's race (the ward and the city); `race` is the one shown, by division or ward.
    let whole_race = place.races.get(ri).unwrap_or(race);
    let levels: Vec<Level> = match app.divisions_of() {
        Some(ward) => vec![
            Level {
                label: "City".into(),
                race: whole_race,
                at: None,
                votes: false,
                width: 0,
            },
            {
                let label = format!("Ward {ward}");
                Level {
                    width: width(&label).max(7),
                    label,
                    race: whole_race,
                    at: place.ward_index(ward),
                    votes: true,
                }
            },
            {
                let label = app.ward().map_or("Div".into(), |d| app.row_label(d));
                Level {
                    width: width(&label).max(6),
                    label,
                    race: &app.dataset().races[ri],
                    at: app.ward_index(),
                    votes: true,
                }
            },
        ],
        None => vec![
            Level {
                label: "City".into(),
                race,
                at: None,
                votes: true,
                width: 7,
            },
            {
                let label = app.ward().map_or("Ward".into(), |w| format!("Ward {w}"));
                Level {
                    width: width(&label).max(8),
                    label,
                    race,
                    at: app.ward_index(),
                    votes: true,
                }
            },
        ],
    };
    // Names take the longest shown (and its mark), as far as the figures leave room: a name
    // cut ends in `…`, and Enter on its line shows it whole.
    let figures: usize = levels.iter().map(|l| width(&l.header())).sum();
    let name_w = race
        .candidates
        .iter()
        .map(|c| width(&c.name) + 2)
        .max()
        .unwrap_or(10)
        .min(room.saturating_sub(3 + figures + 3))
        .max(10);
    let mut head = format!("   {}", fit("Candidate", name_w));
    for l in &levels {
        head.push_str(&l.header());
    }
    out.push(PanelLine::row(Line::styled(head, theme.header)));
    let city_lead = whole_race
        .city()
        .outcome
        .filter(|o| !o.tied)
        .map(|o| o.leader);
    // A race electing several: the top `seats` by city votes are marked, none alone.
    let elected =
        |c: usize| race.seats > 1 && c < race.seats as usize && !race.candidates[c].write_in;
    let here = levels.last().expect("two or three levels");
    let local_lead = here.leader();
    for (c, cand) in race.candidates.iter().enumerate() {
        let has_race_list = !app.dataset().seeds.candidates.is_empty();
        let mark = if cand.in_race_list() || cand.write_in || !has_race_list {
            ""
        } else {
            "*"
        };
        let chosen = app.candidate() == Some((ri, c));
        let marked = city_lead == Some(c) || elected(c);
        let style = if marked {
            theme.winner
        } else {
            crate::ui::plain()
        };
        let mut spans = vec![
            Span::styled(if marked { " ✓ " } else { "   " }, theme.winner),
            Span::styled(fit(&format!("{}{mark}", cand.name), name_w), style),
            Span::raw(levels.iter().map(|l| l.text(c)).collect::<String>()),
        ];
        if local_lead == Some(c) {
            spans.push(Span::styled(" ✓", theme.winner));
        }
        if chosen {
            spans.push(Span::styled("◆", theme.sorted));
        }
        let mut detail = format!("{} · {}", cand.name, race.office_and_party());
        for l in &levels {
            let (v, sh) = l.cells(c);
            let name = if l.at.is_none() {
                app.units().whole.to_string()
            } else {
                l.label.clone()
            };
            detail.push_str(&format!("\n{name}: {v} votes, {sh}% of the race"));
        }
        if !mark.is_empty() {
            detail.push_str("\nnot in the race list (seeds/candidates.csv)");
        }
        out.push(PanelLine::row(Line::from(spans)).with_detail(detail));
    }
    let ward_label = match app.divisions_of() {
        Some(_) => format!("Division {}", here.label),
        None => here.label.clone(),
    };
    let w = here.at.filter(|_| here.reported());
    let race = here.race;
    let says = |o: Option<crate::data::results::Outcome>| match o {
        Some(o) if o.tied => "tied".to_string(),
        Some(o) => format!(
            "{} by {} ({:.1} pp)",
            race.candidates[o.leader].name,
            thousands(o.margin_votes),
            o.margin_points
        ),
        None => "n/a".to_string(),
    };
    let ward_says = match w {
        Some(w) if !race.tally(w).complete => "incomplete".to_string(),
        Some(w) => says(race.tally(w).outcome),
        None => format!("no results for this {}", app.units().one),
    };
    if race.seats > 1 {
        out.push(PanelLine::prose(format!(
            "   elects {}: the top {} by votes are marked; no single winner or margin",
            race.seats, race.seats
        )));
    } else {
        // The whole's line first, the selected unit's after it: moving the selection rewrites
        // only its own line.
        out.push(PanelLine::prose(format!(
            "   {}: {}",
            capitalised(&app.units().whole),
            says(race.city().outcome)
        )));
        out.push(PanelLine::prose(format!("   {ward_label}: {ward_says}")));
    }
    if let (Some((r, c)), Some(corr)) = (app.candidate(), app.view().correlation) {
        if r == ri {
            out.push(PanelLine::prose(Line::styled(
                format!(
                    "   turnout vs {} share: r = {:+.2} ({} {})",
                    race.short_labels()[c],
                    corr.r,
                    corr.n,
                    app.dataset().unit_plural()
                ),
                theme.sorted,
            )));
        }
    }
    // The race's total: every vote cast in it, the denominator of each share.
    let mut totals = vec![format!("city {}", thousands(whole_race.city().total))];
    for l in levels.iter().skip(1) {
        if let Some(t) = l.at.map(|w| l.race.tally(w)).filter(|t| t.reported) {
            totals.push(format!("{} {}", l.label, thousands(t.total)));
        }
    }
    out.push(PanelLine::prose(format!(
        "   race total: {}",
        totals.join(" · ")
    )));
    out.push(prose(
        "   ✓ winner · % = votes / all votes in the race (its total), write-ins included",
        theme,
    ));
    if race.not_in_race_list().next().is_some() && !app.dataset().seeds.candidates.is_empty() {
        out.push(prose(
            "   * not in the race list (seeds/candidates.csv)",
            theme,
        ));
    }
    // How much of the place the results cover.
    let ds = app.dataset();
    let by_ward = race
        .reported_wards()
        .filter(|&w| ds.wards()[w].is_ward())
        .count();
    let universe = ds.ward_universe();
    let units = ds.unit_plural();
    if by_ward == 0 && app.divisions_of().is_some() {
        out.push(prose(
            "   no results by division loaded for this race (the ward's figures are above)",
            theme,
        ));
    } else if by_ward == 0 {
        out.push(prose(
            format!("   totals for {} only: no figures by ward", ds.place),
            theme,
        ));
    } else if by_ward < universe {
        out.push(prose(
            format!("   results cover {by_ward} of {universe} {units}"),
            theme,
        ));
    }
    for s in &race.sources {
        out.push(prose(format!("   results: {s}"), theme));
    }
    if race.sources.is_empty() {
        for f in &race.files {
            out.push(prose(format!("   results: {f}"), theme));
        }
    }
}

/// `City` from `city`.
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}
