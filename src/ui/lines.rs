//! The side panels' lines: each with the whole text behind it (what `Enter` shows), fitted to
//! the panel's width: prose wraps with an indent, table rows end in `…` where cut.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

/// A line of a side panel.
#[derive(Debug, Clone)]
pub struct PanelLine {
    /// What is drawn.
    pub line: Line<'static>,
    /// Whether the line wraps (prose) or is cut with `…` (a table row).
    pub wrap: bool,
    /// The whole text behind it, where more than the line itself.
    pub detail: Option<String>,
}

impl PanelLine {
    /// A table row: cut with `…` where too wide.
    pub fn row(line: impl Into<Line<'static>>) -> PanelLine {
        PanelLine {
            line: line.into(),
            wrap: false,
            detail: None,
        }
    }

    /// Prose: wrapped where too wide.
    pub fn prose(line: impl Into<Line<'static>>) -> PanelLine {
        PanelLine {
            line: line.into(),
            wrap: true,
            detail: None,
        }
    }

    /// With the whole text `Enter` shows.
    pub fn with_detail(mut self, detail: String) -> PanelLine {
        self.detail = Some(detail);
        self
    }

    /// Whether there is nothing to show (no detail, only spaces), without building the text.
    pub fn is_blank(&self) -> bool {
        self.detail.as_deref().is_none_or(|d| d.trim().is_empty())
            && self.line.spans.iter().all(|s| s.content.trim().is_empty())
    }

    /// The whole text: the detail, or the line's own text.
    pub fn full_text(&self) -> String {
        match &self.detail {
            Some(d) => d.clone(),
            None => text_of(&self.line).trim().to_string(),
        }
    }
}

/// The plain text of a line.
pub fn text_of(line: &Line<'_>) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

/// Fits every line to `width` columns: prose wraps (the continuation indented two columns
/// past the line's own indent), rows are cut and end in `…`. A wrapped line's parts keep
/// its whole text.
pub fn fit(lines: Vec<PanelLine>, width: usize) -> Vec<PanelLine> {
    let mut out = Vec::with_capacity(lines.len());
    for pl in lines {
        if pl.line.width() <= width || width < 4 {
            out.push(pl);
            continue;
        }
        let full = pl.full_text();
        let parts = if pl.wrap {
            wrap(&pl.line, width)
        } else {
            vec![cut(&pl.line, width)]
        };
        for line in parts {
            out.push(PanelLine {
                line,
                wrap: pl.wrap,
                detail: Some(full.clone()),
            });
        }
    }
    out
}

/// The line's characters with their styles.
fn styled_chars(line: &Line<'_>) -> Vec<(char, Style)> {
    line.spans
        .iter()
        .flat_map(|s| {
            let style = line.style.patch(s.style);
            s.content.chars().map(move |c| (c, style))
        })
        .collect()
}

/// Characters back into spans, one per run of the same style.
fn to_line(chars: &[(char, Style)]) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut text = String::new();
    let mut style = None;
    for &(c, s) in chars {
        if style.is_some_and(|st| st != s) {
            spans.push(Span::styled(
                std::mem::take(&mut text),
                style.unwrap_or_default(),
            ));
        }
        style = Some(s);
        text.push(c);
    }
    if !text.is_empty() {
        spans.push(Span::styled(text, style.unwrap_or_default()));
    }
    Line::from(spans)
}

/// The line cut to `width` columns, its last column `…`.
pub fn cut(line: &Line<'_>, width: usize) -> Line<'static> {
    let chars = styled_chars(line);
    let mut used = 0;
    let mut kept = Vec::new();
    for &(c, s) in &chars {
        let w = c.width().unwrap_or(0);
        if used + w > width.saturating_sub(1) {
            break;
        }
        used += w;
        kept.push((c, s));
    }
    let style = kept.last().map(|&(_, s)| s).unwrap_or_default();
    kept.push(('…', style));
    to_line(&kept)
}

/// The line wrapped at spaces to `width` columns, continued two columns past its indent; a
/// word longer than a line is split.
pub fn wrap(line: &Line<'_>, width: usize) -> Vec<Line<'static>> {
    let indent = line
        .spans
        .iter()
        .flat_map(|s| s.content.chars())
        .take_while(|c| *c == ' ')
        .count();
    wrap_at(line, width, indent + 2)
}

/// The line wrapped at spaces to `width` columns, each continuation indented `cont` columns.
pub fn wrap_at(line: &Line<'_>, width: usize, cont: usize) -> Vec<Line<'static>> {
    let chars = styled_chars(line);
    let indent = chars.iter().take_while(|(c, _)| *c == ' ').count();
    let cont = cont.min(width / 2);
    let mut out = Vec::new();
    let mut start = 0;
    let mut first = true;
    while start < chars.len() {
        let lead = if first { 0 } else { cont };
        let room = width.saturating_sub(lead).max(1);
        // The longest run from `start` that fits, broken after a space where one is.
        let mut used = 0;
        let mut end = start;
        let mut last_space = None;
        while end < chars.len() {
            let w = chars[end].0.width().unwrap_or(0);
            if used + w > room {
                break;
            }
            // A break in the leading indent would leave an empty line.
            if chars[end].0 == ' ' && end > start && (!first || end > indent) {
                last_space = Some(end);
            }
            used += w;
            end += 1;
        }
        // Cut at the last space, unless the line ends right before one.
        if end < chars.len()
            && chars[end].0 != ' '
            && let Some(sp) = last_space
        {
            end = sp + 1;
        }
        let end = end.max(start + 1);
        let mut part: Vec<(char, Style)> = vec![(' ', Style::default()); lead];
        part.extend(&chars[start..end]);
        while part.last().is_some_and(|(c, _)| *c == ' ') && part.len() > lead {
            part.pop();
        }
        out.push(to_line(&part));
        start = end;
        // The next part starts at a word.
        while start < chars.len() && chars[start].0 == ' ' {
            start += 1;
        }
        first = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line<'_>]) -> Vec<String> {
        lines.iter().map(text_of).collect()
    }

    #[test]
    fn prose_wraps_at_spaces_with_an_indent_and_rows_end_in_an_ellipsis() {
        let l = Line::raw("   Philadelphia Justice & Public Safety PAC → Larry Krasner");
        assert_eq!(
            texts(&wrap(&l, 24)),
            vec![
                "   Philadelphia Justice",
                "     & Public Safety PAC",
                "     → Larry Krasner"
            ]
        );
        let long = Line::raw("https://example.com/a-very-long-address");
        let parts = wrap(&long, 20);
        assert!(parts.iter().all(|p| p.width() <= 20));
        assert_eq!(
            texts(&parts).concat().replace(' ', ""),
            "https://example.com/a-very-long-address"
        );
        assert_eq!(
            text_of(&cut(&Line::raw("Charles (Chuck) Peruto"), 10)),
            "Charles (…"
        );
        // An indented word longer than the line: split, never an empty first line.
        let url = wrap(&Line::raw("   https://example.com/a-long-path"), 16);
        assert_eq!(text_of(&url[0]), "   https://examp");
        let fitted = fit(
            vec![PanelLine::row("short"), PanelLine::prose(l.clone())],
            24,
        );
        assert_eq!(fitted.len(), 4);
        assert_eq!(fitted[1].full_text(), text_of(&l).trim());
    }
}
