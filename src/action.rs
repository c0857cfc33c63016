//! What a key press asks for, named by its effect (never by the key). `App::update` applies
//! them; `keymap.rs` says which keys give which. No I/O, no terminal here.

use tui_input::InputRequest;

/// An intent of the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Show the next election of the browsed kind.
    NextYear,
    /// Show the previous election of the browsed kind.
    PrevYear,
    /// Select the next ward, or scroll the focused panel down a line.
    Down,
    /// Select the previous ward, or scroll the focused panel up a line.
    Up,
    /// Move a page down.
    PageDown,
    /// Move a page up.
    PageUp,
    /// Go to the first ward (or the top of the panel).
    Top,
    /// Go to the last ward (or the bottom of the panel).
    Bottom,
    /// Sort the ward table by the next column.
    CycleSort,
    /// Reverse the sort order.
    ReverseSort,
    /// Open the filter prompt.
    OpenFilter,
    /// Apply the filter typed in the prompt.
    ApplyFilter,
    /// Close the prompt and keep the filter that was applied before.
    CancelFilter,
    /// Edit the text of the prompt open (filter or export path).
    EditPrompt(InputRequest),
    /// Open the prompt for the path to export the table to, as CSV.
    OpenExport,
    /// Export to the path typed (the terminal loop writes the file).
    ApplyExport,
    /// Close the export prompt without writing.
    CancelExport,
    /// Copy the table (or the open detail) to the clipboard with OSC 52.
    Copy,
    /// Close the popup with a line's whole text.
    CloseDetail,
    /// Show the next party group (all, Democratic, Republican, other).
    CycleParty,
    /// Compare the selected election (B) with a base election (A), or stop comparing.
    ToggleCompare,
    /// Show or hide the ward map.
    ToggleMap,
    /// Show or hide the scatter of turnout against the candidate's share.
    ToggleScatter,
    /// Move the base election (A) to an earlier one.
    BaseEarlier,
    /// Move the base election (A) to a later one.
    BaseLater,
    /// Show the next place loaded (each keeps its year and ward).
    CyclePlace,
    /// Browse the next kind of election (off-year primaries, all primaries, generals).
    CycleElections,
    /// Count the other measure (ballots cast, votes in the top race).
    CycleMeasure,
    /// Show the next candidate's share per ward as a column.
    CycleCandidate,
    /// Move focus to the next panel.
    CycleFocus,
    /// Show or hide the help.
    ToggleHelp,
    /// Show or hide the load warnings.
    ToggleWarnings,
    /// Open what is selected: the ward's divisions in place of the wards or, on a focused
    /// panel, the whole text of its line in a popup.
    Open,
    /// Leave the innermost view: the divisions, compare mode, a focused panel, the filter.
    Back,
    /// Stop turnout like any job (the shell's `fg` resumes it, redrawn).
    Suspend,
    /// Leave turnout.
    Quit,
}
