//! `App::update`: one action in, the new state out. Pure state change: no I/O, no drawing.

use super::{App, Focus, Opened, SortColumn};
use crate::action::Action;
use crate::data::Measure;
use crate::data::PartyGroup;
use crate::data::wardmap::Direction;
use crate::keymap::Mode;

impl App {
    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        // A message stays until the next key; so does the view of the top after a sort.
        self.message = None;
        self.top_after_sort = matches!(action, Action::CycleSort | Action::ReverseSort);
        match action {
            Action::Quit => self.quit = true,
            Action::Open if self.focus != Focus::Wards && !self.scatter && !self.map => {
                if self.marked_line_blank() {
                    self.message = Some("Enter: nothing on this line (↑↓ mark another)".into());
                } else {
                    self.warnings_scroll = 0;
                    self.mode = Mode::Detail;
                }
            }
            Action::Open => {
                if let Opened::Not(why) = self.open_divisions() {
                    self.message = Some(why);
                }
            }
            Action::CloseDetail => self.mode = Mode::Normal,
            Action::OpenExport => match self.view.table {
                Some(_) => {
                    self.input = tui_input::Input::new(self.export_name());
                    self.prompt_error = None;
                    self.overwrite = None;
                    self.mode = Mode::Export;
                }
                None => {
                    self.message = Some(format!(
                        "x: nothing to export: this {} has no table",
                        self.tab()
                            .map_or("view".into(), |t| format!("{} {}", t.year, t.kind))
                    ));
                }
            },
            Action::ApplyExport => {
                let path = self.input.value().trim().to_string();
                if path.is_empty() {
                    self.prompt_error = Some("type a file name".into());
                } else {
                    let overwrite = self.overwrite.as_deref() == Some(path.as_str());
                    self.request = Some(super::Request::Export { path, overwrite });
                }
            }
            Action::CancelExport => {
                self.prompt_error = None;
                self.mode = Mode::Normal;
            }
            Action::Copy => self.request = Some(super::Request::Copy),
            Action::Back => self.back(),
            // The terminal loop suspends; the state does not change.
            Action::Suspend => {}
            // On the focused map the arrows move to the neighbouring ward.
            Action::NextYear if self.drill.is_none() && self.map_move(Direction::East) => {}
            Action::PrevYear if self.drill.is_none() && self.map_move(Direction::West) => {}
            Action::Down if self.drill.is_none() && self.map_move(Direction::South) => {}
            Action::Up if self.drill.is_none() && self.map_move(Direction::North) => {}
            Action::NextYear => self.move_tab(1),
            Action::PrevYear => self.move_tab(-1),
            Action::Down => self.move_by(1),
            Action::Up => self.move_by(-1),
            Action::PageDown => self.move_by(self.page as isize),
            Action::PageUp => self.move_by(-(self.page as isize)),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::CycleSort => {
                let cols = self.sort_columns();
                let at = cols.iter().position(|&c| c == self.sort).unwrap_or(0);
                self.sort = cols[(at + 1) % cols.len()];
                // Numbers read best highest first; ward numbers in order.
                self.descending = self.sort != SortColumn::Ward;
                self.refresh();
            }
            Action::ReverseSort => {
                self.descending = !self.descending;
                self.refresh();
            }
            Action::OpenFilter => {
                self.input = tui_input::Input::new(self.filter.clone());
                self.prompt_error = None;
                self.mode = Mode::Filter;
            }
            Action::EditPrompt(req) if self.mode == Mode::Export && self.overwrite.is_some() => {
                // The file exists: y replaces it, n (or any edit) goes back to the name.
                use tui_input::InputRequest::InsertChar;
                match req {
                    InsertChar('y' | 'Y') => {
                        let path = self.overwrite.clone().unwrap_or_default();
                        self.request = Some(super::Request::Export {
                            path,
                            overwrite: true,
                        });
                    }
                    InsertChar('n' | 'N') => {}
                    other => {
                        self.input.handle(other);
                    }
                }
                if self.request.is_none() {
                    self.overwrite = None;
                    self.prompt_error = None;
                }
            }
            Action::EditPrompt(req) => {
                self.input.handle(req);
                // What was wrong was about the text before this edit.
                if self.mode == Mode::Export {
                    self.prompt_error = None;
                }
            }
            Action::ApplyFilter => {
                let text = self.input.value().trim().to_string();
                // A bad filter keeps the prompt open with what is wrong; the table stays.
                match crate::filter::Filter::parse(&text) {
                    Ok(_) => {
                        self.filter = text;
                        self.prompt_error = None;
                        self.mode = Mode::Normal;
                        self.refresh();
                    }
                    Err(why) => self.prompt_error = Some(why),
                }
            }
            Action::CancelFilter => {
                self.prompt_error = None;
                self.mode = Mode::Normal;
            }
            Action::CycleParty => {
                let at = PartyGroup::ALL
                    .iter()
                    .position(|&g| g == self.group)
                    .unwrap_or(0);
                self.group = PartyGroup::ALL[(at + 1) % PartyGroup::ALL.len()];
                self.refresh();
            }
            Action::CyclePlace => self.next_place(),
            Action::ToggleCompare => self.toggle_compare(),
            Action::ToggleScatter => self.toggle_scatter(),
            Action::ToggleMap => self.toggle_map(),
            Action::BaseEarlier => self.move_base(-1),
            Action::BaseLater => self.move_base(1),
            Action::CycleElections => {
                self.set_browse(self.browse.next());
                self.cands.reset();
                self.refresh();
            }
            Action::CycleMeasure => {
                let now = self.view.measure.unwrap_or(Measure::Ballots);
                self.measure = Some(match now {
                    Measure::Ballots => Measure::TopRaceVotes,
                    Measure::TopRaceVotes => Measure::Ballots,
                });
                self.cands.reset();
                self.refresh();
            }
            Action::CycleCandidate => {
                let list = &self.view.candidates;
                if list.is_empty() {
                    // Nothing to choose here: say so, and keep the choice for its own year.
                    self.message = Some(match self.tab() {
                        Some(t) => format!(
                            "c: no candidate results by {} are loaded for the {} {}",
                            self.ds().unit_one(),
                            t.year,
                            t.kind
                        ),
                        None => "c: no election is shown".into(),
                    });
                    return;
                }
                self.candidate = match self
                    .candidate
                    .and_then(|c| list.iter().position(|&x| x == c))
                {
                    None => list.first().copied(),
                    Some(i) => list.get(i + 1).copied(),
                };
                self.wanted_candidate = self.candidate;
                if self.candidate.is_some() {
                    self.sort = SortColumn::Share;
                    self.descending = true;
                }
                self.refresh();
            }
            Action::CycleFocus => self.next_focus(),
            Action::ToggleHelp => {
                self.mode = if self.mode == Mode::Help {
                    Mode::Normal
                } else {
                    self.warnings_scroll = 0;
                    Mode::Help
                };
            }
            Action::ToggleWarnings => {
                self.mode = if self.mode == Mode::Warnings {
                    Mode::Normal
                } else {
                    self.warnings_scroll = 0;
                    Mode::Warnings
                };
            }
        }
    }

    fn move_tab(&mut self, by: isize) {
        if self.tabs.is_empty() {
            return;
        }
        let to = (self.tab as isize + by).clamp(0, self.tabs.len() as isize - 1) as usize;
        if to != self.tab {
            self.tab = to;
            self.cands.reset();
            // A new compared election starts from its own previous comparable one.
            self.base = None;
            self.refresh();
        }
    }

    /// Moves the selection (or scrolls the focused panel, or the warnings) by `by` lines.
    fn move_by(&mut self, by: isize) {
        let scroll = |v: u16| (v as isize).saturating_add(by).clamp(0, u16::MAX as isize) as u16;
        if matches!(self.mode, Mode::Warnings | Mode::Help | Mode::Detail) {
            // The screen clamps what it cannot show; lines beyond the content stay blank.
            // Long problems wrap to several rows on narrow screens: the screen clamps.
            let report = &self.ds().report;
            let max = ((report.problems.len() + report.overrides.len()) * 8).max(60);
            self.warnings_scroll = scroll(self.warnings_scroll).min(max as u16);
            return;
        }
        // A focused panel (not the map or scatter in the trend's place) moves its cursor.
        if !(self.focus == Focus::Trend && (self.scatter || self.map)) && self.move_panel(by) {
            return;
        }
        let rows = &self.view.rows;
        if rows.is_empty() {
            return;
        }
        let at = self.view.selected.unwrap_or(0) as isize;
        let to = at.saturating_add(by).clamp(0, rows.len() as isize - 1) as usize;
        self.view.selected = Some(to);
        self.ward = Some(self.ds().wards()[rows[to]]);
        self.keep_selection_visible();
    }
}
