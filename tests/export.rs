//! Taking the view away: the exported CSV read back against `turnout summary --format csv`,
//! the atomic write's refusals and cleanup, and the OSC 52 sequence.

use assert_cmd::Command;
use std::collections::HashMap;
use tui_input::InputRequest;
use turnout::action::Action;
use turnout::app::{App, ExportFailure};
use turnout::data;
use turnout::export;

fn type_into_prompt(app: &mut App, text: &str) {
    app.update(Action::EditPrompt(InputRequest::DeleteLine));
    for c in text.chars() {
        app.update(Action::EditPrompt(InputRequest::InsertChar(c)));
    }
}

/// The rows of a CSV by their first column's value in the column named `key`.
fn rows_by(csv_bytes: &[u8], key: &str) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let mut r = csv::Reader::from_reader(csv_bytes);
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert!(header.iter().any(|h| h == key), "{header:?}");
    let rows = r
        .records()
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn the_filtered_2017_view_exports_what_summary_prints_for_the_same_wards() {
    let mut app = App::of_dataset(data::load_embedded());
    apply_2017_filtered_sorted(&mut app);
    let shown: Vec<String> = app
        .view()
        .rows
        .iter()
        .map(|&w| app.dataset().wards()[w].to_string())
        .collect();
    assert_eq!(shown.len(), 10, "{shown:?}");

    // Through the prompt, as a user would: x, a path, Enter; the loop's part done by hand.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wards-2017.csv");
    app.update(Action::OpenExport);
    assert_eq!(
        app.input().value(),
        "turnout-philadelphia-2017-wards-filtered.csv"
    );
    type_into_prompt(&mut app, &path.display().to_string());
    app.update(Action::ApplyExport);
    let Some(turnout::app::Request::Export {
        path: typed,
        overwrite,
    }) = app.take_request()
    else {
        panic!("Enter asks the loop to write the file");
    };
    let said = export::export(&app, &typed, overwrite);
    app.export_finished(said);
    assert!(
        app.message().unwrap().starts_with("exported 10 rows to "),
        "{:?}",
        app.message()
    );
    let written = std::fs::read(&path).unwrap();
    let (header, rows) = rows_by(&written, "ward");

    // The same wards from the command line, in ward order.
    let out = Command::cargo_bin("turnout")
        .unwrap()
        .args([
            "summary", "--year", "2017", "--format", "csv", "--ward", "1-10",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let (cli_header, cli_rows) = rows_by(&out.stdout, "ward");
    assert_eq!(header, cli_header);
    // The export keeps the table's order (turnout, highest first), then the city.
    let exported: Vec<&str> = rows.iter().map(|r| r["ward"].as_str()).collect();
    assert_eq!(
        &exported[..10],
        shown.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert_eq!(exported[10], "city");
    for row in &rows {
        let cli = cli_rows
            .iter()
            .find(|c| c["ward"] == row["ward"])
            .unwrap_or_else(|| panic!("summary lacks ward {}", row["ward"]));
        assert_eq!(row, cli, "ward {}", row["ward"]);
    }
    // Sorted by turnout, highest first.
    let turnout: Vec<f64> = rows[..10]
        .iter()
        .map(|r| r["turnout_pct"].parse().unwrap())
        .collect();
    assert!(turnout.windows(2).all(|w| w[0] >= w[1]), "{turnout:?}");
}

fn apply_2017_filtered_sorted(app: &mut App) {
    for _ in 0..3 {
        app.update(Action::PrevYear);
    }
    assert_eq!(app.tab().unwrap().year, 2017);
    app.update(Action::OpenFilter);
    type_into_prompt(app, "1-10");
    app.update(Action::ApplyFilter);
    // Sort by turnout: ward, registered, count, turnout.
    while app.sort().0 != turnout::app::SortColumn::Turnout {
        app.update(Action::CycleSort);
    }
}

#[test]
fn an_existing_file_is_replaced_only_when_the_user_answers_y() {
    let mut app = App::of_dataset(data::load_embedded());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("there.csv");
    std::fs::write(&path, "keep me").unwrap();
    app.update(Action::OpenExport);
    type_into_prompt(&mut app, &path.display().to_string());
    let answer = |app: &mut App, key: Option<char>| {
        match key {
            Some(c) => app.update(Action::EditPrompt(InputRequest::InsertChar(c))),
            None => app.update(Action::ApplyExport),
        }
        if let Some(turnout::app::Request::Export { path: p, overwrite }) = app.take_request() {
            let result = export::export(app, &p, overwrite);
            app.export_finished(result);
        }
    };
    // Enter: asked; n: back to the name, nothing written, the name unchanged.
    answer(&mut app, None);
    assert!(
        app.prompt_error()
            .unwrap()
            .contains("replace it? y replaces it")
    );
    answer(&mut app, Some('n'));
    assert_eq!(app.prompt_error(), None);
    assert_eq!(app.input().value(), path.display().to_string());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep me");
    // Enter again: asked again; y replaces it.
    answer(&mut app, None);
    answer(&mut app, Some('y'));
    assert!(
        app.message().unwrap().starts_with("exported"),
        "{:?}",
        app.message()
    );
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("election_date,")
    );
}

#[test]
fn the_atomic_write_refuses_a_symlink_and_leaves_nothing_behind_on_error() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    let link = dir.path().join("out.csv");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    for overwrite in [false, true] {
        match export::write_atomic(&link, b"a,b\n", overwrite) {
            Err(ExportFailure::Failed(why)) => assert!(why.contains("symbolic link"), "{why}"),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );

    // A write that fails half way: no temporary file stays, the target is untouched.
    let target = dir.path().join("t.csv");
    std::fs::write(&target, "old").unwrap();
    let failed = export::write_atomic_with(&target, true, |f| {
        use std::io::Write;
        f.write_all(b"half")?;
        Err(std::io::Error::other("disk full"))
    });
    assert!(matches!(failed, Err(ExportFailure::Failed(ref why)) if why.contains("disk full")));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["out.csv", "t.csv", "victim.txt"]);

    // A directory that is not there: said plainly.
    let nowhere = dir.path().join("no/such/dir/x.csv");
    match export::write_atomic(&nowhere, b"x", false) {
        Err(ExportFailure::Failed(why)) => assert!(why.contains("no directory"), "{why}"),
        other => panic!("{other:?}"),
    }
    // A FIFO or a directory at the target is never opened.
    match export::write_atomic(dir.path(), b"x", true) {
        Err(ExportFailure::Failed(why)) => assert!(why.contains("not a regular file"), "{why}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_export_never_replaces_a_file_it_read() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("w.csv");
    std::fs::write(
        &input,
        "year,election,ward,ballots,registered\n2023,primary,1,10,100\n",
    )
    .unwrap();
    let ds = data::load(&data::Sources {
        embedded: false,
        paths: vec![data::SourcePath::new(input.clone(), "--data")],
        ..Default::default()
    })
    .into_first();
    let app = App::of_dataset(ds);
    match export::export(&app, &input.display().to_string(), true) {
        Err(ExportFailure::Failed(why)) => assert!(why.contains("never writes over"), "{why}"),
        other => panic!("{other:?}"),
    }
    assert!(
        std::fs::read_to_string(&input)
            .unwrap()
            .contains("2023,primary,1,10,100")
    );
}
