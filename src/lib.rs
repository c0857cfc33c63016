//! turnout: a terminal explorer of off-year primary turnout by year and by ward.
//! The library holds the data layer and the command-line reports; `main.rs` wires them up.
#![forbid(unsafe_code)]

pub mod cli;
pub mod commands;
pub mod data;
pub mod report;
