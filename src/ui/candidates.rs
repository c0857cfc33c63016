//! The candidates and endorsements panel of the selected year: each race's candidates with
//! votes, share and winner (the selected ward beside the city where results by ward are
//! loaded; the race list's figures, marked unofficial, where not), then endorsements grouped
//! by kind of endorser, then the sources of what is shown.

use super::lines::PanelLine;
use super::{Theme, muted, panel};
use crate::app::{App, Focus};
use crate::data::results::{Race, names};
use crate::data::seeds::{Candidate, EndorserKind};
use crate::data::{Kind, PartyGroup};
use crate::numbers::thousands;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use std::collections::BTreeMap;

/// `Democratic`, from a seeds party cell.
fn party_name(label: &str) -> String {
    match PartyGroup::of_label(label) {
        PartyGroup::Democratic => "Democratic".into(),
        PartyGroup::Republican => "Republican".into(),
        _ => label.to_string(),
    }
}

fn share(v: Option<f64>) -> String {
    v.map_or("n/a".into(), |v| format!("{:.1}", v * 100.0))
}

/// `s` padded to `w` terminal columns, or cut to them with `…` as the last (wide characters
/// count two; none is split).
fn fit(s: &str, w: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let cut = width(s) > w;
    let room = if cut { w.saturating_sub(1) } else { w };
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw > room {
            break;
        }
        used += cw;
        out.push(c);
    }
    if cut && w > 0 {
        out.push('…');
        used += 1;
    }
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(used)));
    out
}

fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
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

/// The most races the panel lists for one election (the rest are counted).
const MAX_PANEL_RACES: usize = 100;

/// Lines of a race with results by ward: candidates, the city, and the selected ward (and,
/// while a ward's divisions are shown, the selected division beside them).
fn race_lines(
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
        let style = if marked { theme.winner } else { super::plain() };
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

/// Muted prose: notes and sources, wrapped where long.
fn prose(text: impl Into<String>, theme: &Theme) -> PanelLine {
    PanelLine::prose(muted(text.into(), theme))
}

/// Lines of a race known only from the race list: its figures, marked by how final they are.
fn seed_lines(rows: &[&Candidate], room: usize, theme: &Theme, out: &mut Vec<PanelLine>) {
    // The figures take 9 + 1 + 5 + 2 columns, then the widest mark (`unofficial`).
    let mark_w = rows
        .iter()
        .map(|c| width(c.count_status.mark()))
        .max()
        .unwrap_or(0);
    let name_w = rows
        .iter()
        .map(|c| width(&c.candidate) + 1)
        .max()
        .unwrap_or(10)
        .min(room.saturating_sub(3 + 17 + mark_w))
        .max(10);
    for c in rows {
        let votes = c.votes.map_or("—".into(), thousands);
        let pct = c.vote_pct.map_or("—".into(), |p| format!("{p:.1}"));
        let pct_text = c.vote_pct.map_or("—".into(), |p| format!("{p:.1}%"));
        let detail = format!(
            "{} · {} {} {}\nvotes: {votes} · share: {pct_text} · {}\nsources:\n    {}",
            c.candidate,
            c.office,
            c.party,
            c.election,
            c.count_status.mark(),
            c.source.replace(" | ", "\n    ")
        );
        out.push(
            PanelLine::row(Line::from(vec![
                Span::styled(if c.winner { " ✓ " } else { "   " }, theme.winner),
                Span::styled(
                    fit(&c.candidate, name_w),
                    if c.winner {
                        theme.winner
                    } else {
                        super::plain()
                    },
                ),
                Span::raw(format!("{votes:>9} {pct:>5}  ")),
                Span::styled(c.count_status.mark(), theme.muted),
            ]))
            .with_detail(detail),
        );
    }
    out.push(prose(
        "   no results by ward loaded for this race; figures from the race list",
        theme,
    ));
}

/// Every line of the panel for the selected tab, fitted to `room` columns.
pub fn lines(app: &App, room: usize, theme: &Theme) -> Vec<PanelLine> {
    super::lines::fit(logical_lines(app, room, theme), room)
}

/// The panel's lines before wrapping.
fn logical_lines(app: &App, room: usize, theme: &Theme) -> Vec<PanelLine> {
    let ds = app.dataset();
    let mut out = Vec::new();
    let Some(tab) = app.tab() else {
        return out;
    };
    // Races: the race list's (office, party) in order, then results races it lacks.
    let listed: Vec<&Candidate> = ds
        .seeds
        .candidates
        .iter()
        .filter(|c| c.year == tab.year && Kind::parse(&c.election) == Some(tab.kind))
        .collect();
    // A primary is one race per party; a general is one race with every party's candidates.
    let primary = tab.kind == Kind::Primary;
    let race_party = |p: &str| {
        if primary {
            party_name(p)
        } else {
            String::new()
        }
    };
    let mut races: Vec<(String, String)> = Vec::new();
    for c in &listed {
        let key = (c.office.clone(), race_party(&c.party));
        if !races.contains(&key) {
            races.push(key);
        }
    }
    // Office keys made once, not per race compared.
    let listed_keys: Vec<String> = races.iter().map(|(o, _)| names::office_key(o)).collect();
    let results: Vec<(usize, &Race)> = ds
        .races
        .iter()
        .enumerate()
        .filter(|(_, r)| tab.election == Some(r.election))
        .collect();
    // Then the races only the results files name, most votes first.
    let mut extra: Vec<(usize, &Race)> = results
        .iter()
        .copied()
        .filter(|(_, r)| {
            !races
                .iter()
                .zip(&listed_keys)
                .any(|((_, p), k)| k == r.office_key() && (!primary || *p == r.party))
        })
        .collect();
    extra.sort_by_key(|(_, r)| std::cmp::Reverse(r.city().total));
    // A file of thousands of races shows the largest; the rest are named by count (every
    // frame builds what is shown).
    let more = extra.len().saturating_sub(MAX_PANEL_RACES);
    extra.truncate(MAX_PANEL_RACES);
    if races.is_empty() && extra.is_empty() {
        out.push(prose(
            "No candidates known for this election (seeds/candidates.csv).",
            theme,
        ));
    }
    let mut sources: Vec<String> = Vec::new();
    let kind_of = |party: &str| {
        if primary && !party.is_empty() {
            format!("{party} primary")
        } else {
            tab.kind.to_string()
        }
    };
    for (office, party) in &races {
        out.push(PanelLine::prose(Line::styled(
            format!("{office} · {}", kind_of(party)),
            theme.header,
        )));
        let office_key = names::office_key(office);
        let result = results.iter().find(|(_, r)| {
            r.office_key() == office_key && r.district.is_empty() && (!primary || r.party == *party)
        });
        let rows: Vec<&Candidate> = listed
            .iter()
            .filter(|c| c.office == *office && race_party(&c.party) == *party)
            .copied()
            .collect();
        match result {
            Some(&(ri, race)) => race_lines(app, (ri, race), room, theme, &mut out),
            None => seed_lines(&rows, room, theme, &mut out),
        }
        for c in rows {
            for s in c.source.split(" | ") {
                if !s.trim().is_empty() && !sources.contains(&s.trim().to_string()) {
                    sources.push(s.trim().to_string());
                }
            }
        }
        out.push(PanelLine::row(""));
    }
    // In compare mode, the base election's races of the same offices, after B's.
    if let Some(c) = &app.view().compare {
        let a = c.table.a;
        let year_a = ds.elections()[a].year();
        for (ri, race) in ds.races.iter().enumerate().filter(|(_, r)| r.election == a) {
            let same_office = results
                .iter()
                .any(|(_, r)| r.office_key() == race.office_key())
                || listed_keys.iter().any(|k| k == race.office_key());
            if !same_office {
                continue;
            }
            out.push(PanelLine::prose(Line::styled(
                format!(
                    "{} · {year_a} {} (base A)",
                    race.office_and_party(),
                    ds.elections()[a].kind
                ),
                theme.header,
            )));
            race_lines(app, (ri, race), room, theme, &mut out);
            out.push(PanelLine::row(""));
        }
    }
    for (ri, race) in extra {
        out.push(PanelLine::prose(Line::styled(
            format!(
                "{} · {}",
                crate::data::results::office_with_district(&race.office, &race.district),
                kind_of(&race.party)
            ),
            theme.header,
        )));
        race_lines(app, (ri, race), room, theme, &mut out);
        out.push(PanelLine::row(""));
    }
    if more > 0 {
        out.push(prose(
            format!(
                "… and {more} more {} (the {MAX_PANEL_RACES} with the most votes are shown; \
                 `turnout results --year {}` lists every race)",
                if more == 1 { "race" } else { "races" },
                tab.year
            ),
            theme,
        ));
        out.push(PanelLine::row(""));
    }
    endorsement_lines(app, tab, theme, &mut sources, &mut out);
    if !sources.is_empty() {
        out.push(PanelLine::prose(Line::styled(
            "Sources (race list and endorsements)",
            theme.header,
        )));
        for s in sources {
            out.push(prose(format!("   {s}"), theme));
        }
    }
    out
}

/// The year's endorsements, grouped by kind of endorser, each with the money reported behind
/// it (one line per figure, with whose figure it is); their sources join `sources`.
fn endorsement_lines(
    app: &App,
    tab: &crate::app::Tab,
    theme: &Theme,
    sources: &mut Vec<String>,
    out: &mut Vec<PanelLine>,
) {
    use crate::data::seeds::Endorsement;
    let mut groups: BTreeMap<EndorserKind, Vec<(&Endorsement, Vec<&Endorsement>)>> =
        BTreeMap::new();
    for e in &app.dataset().seeds.endorsements {
        if e.year != tab.year || Kind::parse(&e.election) != Some(tab.kind) {
            continue;
        }
        let list = groups.entry(e.endorser_kind).or_default();
        let same = list
            .iter_mut()
            .find(|(first, _)| first.endorser == e.endorser && first.candidate == e.candidate);
        match (same, e.amount_usd) {
            (Some((_, money)), Some(_)) => money.push(e),
            (Some(_), None) => {}
            (None, Some(_)) => list.push((e, vec![e])),
            (None, None) => list.push((e, Vec::new())),
        }
        for s in e.source.split(" | ") {
            if !s.trim().is_empty() && !sources.contains(&s.trim().to_string()) {
                sources.push(s.trim().to_string());
            }
        }
    }
    if groups.is_empty() {
        return;
    }
    out.push(PanelLine::prose(Line::styled("Endorsements", theme.header)));
    for (kind, list) in groups {
        out.push(PanelLine::prose(Line::styled(
            format!(" {}", kind.heading()),
            theme.header,
        )));
        for (e, money) in list {
            let mut detail = format!("{} → {} ({})", e.endorser, e.candidate, kind.heading());
            if !money.is_empty() {
                detail.push_str(
                    "\nmoney as each source reports it (unofficial; the figures differ and are \
                     never added up):",
                );
            }
            for m in &money {
                detail.push_str(&format!("\n{}", money_text(m)));
                detail.push_str(&format!("\n    {}", m.source));
            }
            detail.push_str("\nsources:");
            for s in e.source.split(" | ") {
                detail.push_str(&format!("\n    {}", s.trim()));
            }
            out.push(
                PanelLine::prose(format!("   {} → {}", e.endorser, e.candidate))
                    .with_detail(detail.clone()),
            );
            for m in money {
                out.push(
                    PanelLine::prose(Line::from(vec![
                        Span::styled(format!("     {}", money_text(m)), theme.city),
                        Span::styled(format!(" · {}", host(&m.source)), theme.muted),
                    ]))
                    .with_detail(detail.clone()),
                );
            }
        }
    }
    out.push(PanelLine::row(""));
}

/// `$1,450,000 contribution from George Soros (Ballotpedia)`, as reported (unofficial).
fn money_text(e: &crate::data::seeds::Endorsement) -> String {
    format!(
        "${} {}",
        e.amount_usd.map_or("?".into(), thousands),
        e.amount_note
    )
}

/// `ballotpedia.org`, from a source URL; the text itself where it is not one.
fn host(source: &str) -> &str {
    let s = source.split(" | ").next().unwrap_or(source).trim();
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .unwrap_or(s);
    let host = rest.split('/').next().unwrap_or(rest);
    host.strip_prefix("www.").unwrap_or(host)
}

/// Draws the panel from its cursor's scroll; the marked line shows while the panel has the
/// focus.
pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme, prepared: &super::Built) {
    let focused = app.focus() == Focus::Candidates;
    let title = match app.tab() {
        Some(t) => format!(" Candidates & endorsements · {} {} ", t.year, t.kind),
        None => " Candidates & endorsements ".into(),
    };
    let block = panel(Line::from(title), focused, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    let all = super::built_or(prepared, inner.width, || {
        lines(app, inner.width as usize, theme)
    });
    super::draw_lines(&all, app.candidates_cursor(), focused, inner, buf, theme);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_names_are_cut_with_an_ellipsis_and_padded_by_display_width() {
        assert_eq!(fit("張偉 Wei", 6), "張偉 …");
        assert_eq!(width(&fit("張偉 Wei", 6)), 6);
        assert_eq!(fit("José", 6), "José  ");
        assert_eq!(fit("張偉", 3), "張…");
        assert_eq!(fit("張偉", 4), "張偉");
    }
}
