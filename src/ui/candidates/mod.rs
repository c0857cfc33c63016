//! The candidates and endorsements panel of the selected year: each race's candidates with
//! votes, share and winner (the selected ward beside the city where results by ward are
//! loaded; the race list's figures, marked unofficial, where not), then endorsements grouped
//! by kind of endorser, then the sources of what is shown.

mod race;

use race::race_lines;

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

/// The most races the panel lists for one election (the rest are counted).
const MAX_PANEL_RACES: usize = 100;

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
