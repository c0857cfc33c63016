//! A file's records after its header, handed one by one to the loader: for a big file (or a
//! pipe) read in batches on a thread of its own while the loader reads the rows, the batches
//! passed back and forth so that no record is allocated twice; for a small one read on this
//! thread a record at a time, a line split where it lies in the reader's buffer.

use super::fields::{Fields, Flat, split_line};
use super::tokens::{Here, Next, Tokens};
use std::io::Read;
use std::sync::mpsc;

/// Files at least this big (and pipes, whose size is unknown) are tokenized beside the
/// parsing: below it, starting a thread costs more than it saves.
pub(super) const PIPELINE_FROM: u64 = 1 << 20;

/// Records per batch: large enough that waking the other thread costs little per record (a
/// wake-up costs microseconds).
const BATCH: usize = 2048;

/// Batches in flight: one being filled, one being read, and one waiting between them.
const BATCHES: usize = 3;

/// A batch is sent once its records hold this many bytes (`Flat::footprint`): the batches in
/// flight must not hold thousands of long lines. A record this big or bigger is not stored
/// end to end but handed over as the csv crate read it (`Batch::big`, ending its batch): a
/// quote left open makes one record of the rest of the file, whatever its size, and the
/// stored offsets are 32-bit.
pub(super) const BATCH_BYTES: usize = 1 << 20;

/// A batch's buffer that grew past this (records of nearly `BATCH_BYTES` each) gives its room
/// back before the batch is reused.
const KEEP_BATCH_BYTES: usize = 2 * BATCH_BYTES;

/// What the reader gave next.
pub(super) enum Item<'a> {
    /// A record and the physical line it began on.
    Record(Fields<'a>, u64),
    /// A record the csv crate could not read; after an I/O error nothing follows.
    Error(csv::Error),
}

/// Records read by the tokenizing thread (stored end to end, so the reading thread walks a few
/// buffers a batch instead of three allocations a record), then a record too big to store
/// that way or an error, either of which ends the batch.
#[derive(Default)]
struct Batch {
    records: Flat,
    /// A record of `BATCH_BYTES` or more, and its line.
    big: Option<(csv::ByteRecord, u64)>,
    error: Option<csv::Error>,
    /// The file's bytes read when the batch was sent.
    read: u64,
    /// Whether the file ends with this batch.
    last: bool,
    /// Whether room was made for its records (once: a batch is reused).
    reserved: bool,
}

/// Calls `each` with every record (and error) after the header, in file order, and the file's
/// bytes read so far; tokenized on a thread of its own when `pipeline`, else on this one.
/// Stops after an I/O error (a device failing, a line too long): the reader is not retried.
pub(super) fn for_each<R: Read + Send>(
    rdr: &mut Tokens<R>,
    pipeline: bool,
    mut each: impl FnMut(Item<'_>, u64),
) {
    // A thread that cannot be started (a server at its process limit) reads on this one.
    if !pipeline || !beside(rdr, &mut each) {
        // One record at a time: a line split where it lies in the reader's buffer, with no
        // batch to copy it into; a record the parser read, in a batch of one.
        let (mut ends, mut one) = (Vec::new(), Flat::default());
        loop {
            let read = rdr.input().source_bytes();
            match rdr.read_here(&mut one, BATCH_BYTES) {
                Ok(Here::Line(text, line)) => {
                    ends.clear();
                    split_line(text, &mut ends);
                    each(Item::Record(Fields::of_line(text, &ends), line), read);
                }
                Ok(Here::Added) => {
                    let (fields, line) = one.get(0);
                    each(Item::Record(fields, line), read);
                    // The batch of one is filled only here.
                    one.clear(KEEP_BATCH_BYTES);
                }
                Ok(Here::Big(rec, line)) => each(Item::Record(Fields::Record(&rec), line), read),
                Ok(Here::End) => return,
                Err(e) => {
                    let last = ends_the_file(&e);
                    each(Item::Error(e), read);
                    if last {
                        return;
                    }
                }
            }
        }
    }
}

/// Hands a batch's records over in order, then its record too big to store and its error.
fn hand_over(batch: &mut Batch, each: &mut impl FnMut(Item<'_>, u64)) {
    for (fields, line) in batch.records.iter() {
        each(Item::Record(fields, line), batch.read);
    }
    // Dropped here: its room is not kept for the records after it.
    if let Some((rec, line)) = batch.big.take() {
        each(Item::Record(Fields::Record(&rec), line), batch.read);
    }
    if let Some(e) = batch.error.take() {
        each(Item::Error(e), batch.read);
    }
}

/// Every record read on a thread of its own and handed over here; false, having read
/// nothing, when the thread cannot be started.
fn beside<R: Read + Send>(rdr: &mut Tokens<R>, each: &mut impl FnMut(Item<'_>, u64)) -> bool {
    let (full_tx, full_rx) = mpsc::sync_channel::<Batch>(BATCHES);
    let (free_tx, free_rx) = mpsc::channel::<Batch>();
    for _ in 0..BATCHES {
        let batch = Batch {
            records: Flat::counting(),
            ..Batch::default()
        };
        free_tx.send(batch).expect("the receiver is here");
    }
    // `move`: should `each` panic, both channel ends held here are dropped as it unwinds, so
    // the tokenizer stops instead of waiting for a free batch while the scope waits for it.
    std::thread::scope(move |s| {
        let tokenizer = std::thread::Builder::new().name("tokenize".into());
        if tokenizer
            .spawn_scoped(s, move || tokenize(rdr, &free_rx, &full_tx))
            .is_err()
        {
            return false;
        }
        // Ends when the tokenizer has sent the last batch, or has stopped (dropping its end).
        for mut batch in full_rx.iter() {
            hand_over(&mut batch, each);
            let last = batch.last;
            // The tokenizer may be gone already (it sent its last batch): nothing to return.
            let _ = free_tx.send(batch);
            if last {
                break;
            }
        }
        true
    })
}

/// The tokenizing thread: fills the free batches in file order until the file ends, an I/O
/// error stops it, or the reading side is gone.
fn tokenize<R: Read>(
    rdr: &mut Tokens<R>,
    free: &mpsc::Receiver<Batch>,
    full: &mpsc::SyncSender<Batch>,
) {
    while let Ok(mut batch) = free.recv() {
        fill(rdr, &mut batch);
        let last = batch.last;
        if full.send(batch).is_err() || last {
            return;
        }
    }
}

/// Fills a batch with the next records: up to `BATCH` of them or `BATCH_BYTES` of fields, a
/// record too big to store, the end or an error.
fn fill<R: Read>(rdr: &mut Tokens<R>, batch: &mut Batch) {
    batch.records.clear(KEEP_BATCH_BYTES);
    if !batch.reserved {
        // Below malloc's threshold for mapping pages of its own (128 KB a buffer).
        batch.records.reserve(BATCH, 96 << 10);
        batch.reserved = true;
    }
    batch.big = None;
    while batch.records.len() < BATCH && batch.records.footprint() < BATCH_BYTES {
        match rdr.read(&mut batch.records, BATCH_BYTES) {
            Ok(Next::Added) => {}
            Ok(Next::Big(rec, line)) => {
                batch.big = Some((rec, line));
                break;
            }
            Ok(Next::End) => {
                batch.last = true;
                break;
            }
            Err(e) => {
                batch.last = ends_the_file(&e);
                batch.error = Some(e);
                break;
            }
        }
    }
    batch.read = rdr.input().source_bytes();
}

/// Whether a csv error ends the file: a reader that failed (a device error, a line too long)
/// is not retried.
fn ends_the_file(e: &csv::Error) -> bool {
    matches!(e.kind(), csv::ErrorKind::Io(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::input::Input;

    /// Every record and error, with its line, as `for_each` hands them over.
    fn items(text: &[u8], pipeline: bool) -> Vec<String> {
        let mut rdr = Tokens::new(Input::new(text));
        let mut out = Vec::new();
        for_each(&mut rdr, pipeline, |item, _| {
            out.push(match item {
                Item::Record(rec, line) => format!("{line}: {:?}", rec),
                Item::Error(e) => format!("error: {e}"),
            })
        });
        out
    }

    #[test]
    fn the_pipeline_hands_over_what_the_plain_loop_does() {
        // More records than a batch, a record over two lines, blank lines, an unequal row, CRLF,
        // and a line longer than half the reader's buffer (read by the parser, not split).
        let mut text = b"a,b\r\n\r\n\"x\ny\",2\r\n1,2,3\r\n".to_vec();
        text.extend_from_slice(format!("{},9\n", "7".repeat(40_000)).as_bytes());
        for i in 0..(BATCH * 2 + 7) {
            text.extend_from_slice(format!("{i},{}\n", i * 3).as_bytes());
        }
        let plain = items(&text, false);
        assert_eq!(plain.len(), BATCH * 2 + 7 + 4);
        assert!(plain[3].starts_with("6: [\"777"), "{:.20}", plain[3]);
        assert!(plain[1].starts_with("3: "), "{}", plain[1]);
        assert_eq!(items(&text, true), plain);
        assert_eq!(items(b"", true), Vec::<String>::new());
    }

    #[test]
    fn an_error_is_handed_over_in_its_place_and_an_io_error_ends_the_file() {
        // Invalid UTF-8 is not an error for byte records; a line too long is (an I/O error).
        let mut text = b"a,b\n1,2\n".to_vec();
        text.extend(std::iter::repeat_n(
            b'x',
            crate::data::input::MAX_LINE_BYTES + 10,
        ));
        text.extend_from_slice(b"\n3,4\n");
        let plain = items(&text, false);
        assert_eq!(items(&text, true), plain);
        assert!(
            plain.last().is_some_and(|l| l.starts_with("error")),
            "{plain:?}"
        );
        assert_eq!(plain.len(), 3);
    }

    #[test]
    fn a_file_loads_the_same_through_the_pipeline() {
        use crate::data::{dataset::Dataset, load::Loader, seeds::Seeds};
        let mut text = String::from("year,election,ward,division,party,registered,ballots_cast\n");
        for i in 0..(BATCH * 2 + 300) {
            let (ward, div) = (i / 40 % 60 + 1, i % 40 + 1);
            let year = 2001 + 2 * (i / 2400);
            text.push_str(&match i {
                // A count that is no number, a row repeated, a short row, a stray quote.
                1000 => format!("{year},primary,{ward},{div},DEM,900,x\n"),
                2000 => format!("{year},primary,{ward},{},DEM,900,300\n", div - 1),
                3000 => format!("{year},primary,{ward},{div}\n"),
                4000 => format!("{year},primary,{ward},\"{div},DEM,900,300\n"),
                _ => format!("{year},primary,{ward},{div},DEM,900,{}\n", i % 500),
            });
        }
        let load = |size| {
            let mut problems = Vec::new();
            let seeds = Seeds::embedded(&mut problems);
            let calendar = seeds.calendar();
            let mut l = Loader::new(&calendar);
            l.default_place = Some("Philadelphia".into());
            l.add_reader("t.csv", "test", text.as_bytes(), size);
            let ds = Dataset::build(l, seeds, problems).into_first();
            let lines: Vec<_> = ds.report.problems.iter().map(|p| p.at.line).collect();
            (format!("{:?}", ds.report), lines)
        };
        let (plain, lines) = load(Some(text.len() as u64));
        assert!(text.len() < PIPELINE_FROM as usize);
        assert!(
            lines.contains(&Some(1002)) && lines.contains(&Some(3002)),
            "{lines:?}"
        );
        assert_eq!(load(None).0, plain);
    }

    /// The records in each batch the tokenizer sends, with a single batch going round, and
    /// whether it ended with a record handed over whole.
    fn batches(text: &[u8]) -> Vec<(usize, bool)> {
        let mut rdr = Tokens::new(Input::new(text));
        let (full_tx, full_rx) = mpsc::sync_channel(BATCHES);
        let (free_tx, free_rx) = mpsc::channel();
        free_tx.send(Batch::default()).unwrap();
        let mut sizes = Vec::new();
        std::thread::scope(|s| {
            let rdr = &mut rdr;
            s.spawn(move || tokenize(rdr, &free_rx, &full_tx));
            for batch in full_rx.iter() {
                sizes.push((batch.records.len(), batch.big.is_some()));
                let last = batch.last;
                let _ = free_tx.send(batch);
                if last {
                    break;
                }
            }
            drop(free_tx);
        });
        sizes
    }

    #[test]
    fn long_records_close_a_batch_early() {
        let cell = "x".repeat(600 << 10);
        let text = format!("a,b\n{}", format!("1,{cell}\n").repeat(10));
        let sizes: Vec<usize> = batches(text.as_bytes()).iter().map(|b| b.0).collect();
        // The header and two long records, then two long records a batch, then the end.
        assert_eq!(sizes, [3, 2, 2, 2, 2, 0]);
    }

    #[test]
    fn a_record_of_a_megabyte_or_more_is_handed_over_whole_and_ends_its_batch() {
        // A quote left open: one record of many short lines, 1.6 MB in all.
        let text = format!("a,b\n1,2\n\"{}\"\n3,4\n", "x,y\n".repeat(400_000));
        let plain = items(text.as_bytes(), false);
        let short: Vec<_> = plain
            .iter()
            .map(|i| i.chars().take(30).collect::<String>())
            .collect();
        assert_eq!(plain.len(), 4, "{short:?}");
        assert_eq!(items(text.as_bytes(), true), plain);
        // The header and 1,2, then the long record whole; then 3,4 and the end.
        assert_eq!(batches(text.as_bytes()), [(2, true), (1, false)]);
    }

    #[test]
    fn a_panic_while_reading_the_records_ends_the_load_instead_of_hanging() {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut text = b"a,b\n".to_vec();
            for i in 0..(BATCH * 5) {
                text.extend_from_slice(format!("{i},1\n").as_bytes());
            }
            let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let mut rdr = Tokens::new(Input::new(&text[..]));
                for_each(&mut rdr, true, |_, _| panic!("a bug in the loader"));
            }));
            let _ = tx.send(caught.is_err());
        });
        // Generous: the point is ending at all (it hung for ever), not how fast.
        let ended = rx.recv_timeout(std::time::Duration::from_secs(60));
        assert_eq!(ended, Ok(true), "the load hung after a panic");
    }

    #[test]
    fn a_line_of_commas_counts_its_fields_toward_the_batch() {
        let commas = ",".repeat(100_000);
        let text = format!("a,b\n{}", format!("1{commas}\n").repeat(4));
        let sizes: Vec<usize> = batches(text.as_bytes()).iter().map(|b| b.0).collect();
        // 100,000 fields hold 800 KB of bounds and counts: two such lines close a batch.
        assert_eq!(sizes, [3, 2, 0]);
    }
}
