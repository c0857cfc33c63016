//! The screen while a big file loads: what is being read, a gauge of MB read of MB, rows so
//! far and rows per second; `q` leaves, `?` shows the keys.

use super::Theme;
use crate::data::load::Progress;
use crate::numbers::thousands;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, LineGauge, Paragraph, Widget};

/// The loading screen's state.
#[derive(Debug, Clone)]
pub struct Loading {
    look: crate::term::Look,
    /// Whether the keys are shown.
    pub help: bool,
    progress: Option<Progress>,
    /// Rows read per second so far.
    rate: Option<f64>,
    started: std::time::Instant,
}

impl Loading {
    /// Nothing read yet.
    pub fn new(look: crate::term::Look) -> Loading {
        Loading {
            look,
            help: false,
            progress: None,
            rate: None,
            started: std::time::Instant::now(),
        }
    }

    /// News from the loader.
    pub fn progress(&mut self, p: Progress) {
        let secs = self.started.elapsed().as_secs_f64();
        self.rate = (secs > 0.05).then(|| p.rows as f64 / secs);
        self.progress = Some(p);
    }

    /// The gauge's label: `file.csv: 12.3 of 30.0 MB · 1,234,567 rows · 2,100,000 rows/s`.
    pub fn label(&self) -> String {
        let Some(p) = &self.progress else {
            return "starting".into();
        };
        let mb = |b: u64| b as f64 / 1_048_576.0;
        let size = match p.size {
            Some(s) => format!("{:.1} of {:.1} MB", mb(p.read), mb(s)),
            None => format!("{:.1} MB", mb(p.read)),
        };
        let mut text = format!("{}: {size} · {} rows", p.file, thousands(p.rows));
        if let Some(r) = self.rate {
            text.push_str(&format!(" · {} rows/s", thousands(r as u64)));
        }
        text
    }

    fn ratio(&self) -> f64 {
        match &self.progress {
            Some(Progress {
                read,
                size: Some(s),
                ..
            }) if *s > 0 => (*read as f64 / *s as f64).clamp(0.0, 1.0),
            _ => 0.0,
        }
    }
}

impl Widget for &Loading {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = Theme::for_level(self.look.colors);
        let [title, _, body, _, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(4),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        Line::styled(" turnout · loading the data", theme.header).render(title, buf);
        let block = Block::bordered()
            .title(" Loading ")
            .border_style(theme.focus);
        let inner = block.inner(body);
        block.render(body, buf);
        let [text, gauge] =
            Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(inner);
        Paragraph::new(self.label()).render(text, buf);
        LineGauge::default()
            .filled_style(theme.bar)
            .ratio(self.ratio())
            .render(gauge, buf);
        Line::styled(
            " q quit · ? help · the table appears when the load is done",
            theme.muted,
        )
        .render(footer, buf);
        if self.help {
            super::help::render(area, 0, buf, &theme);
        }
        super::scrub(area, buf, self.look.ascii);
    }
}
