//! turnout: a terminal explorer of off-year primary turnout by year and by ward.
//! The library holds the data layer and the command-line reports; `main.rs` wires them up.
#![forbid(unsafe_code)]

pub mod action;
pub mod app;
pub mod cli;
pub mod commands;
pub mod data;
pub mod export;
pub mod filter;
pub mod frugal;
pub mod keymap;
pub mod numbers;
pub mod report;
pub mod shipped;
pub mod term;
pub mod tui;
pub mod ui;
pub mod wire;
