//! Loading benchmark: load + validate + aggregate generated canonical files of 10^3, 10^5 and
//! 10^6 rows, against the `csv` crate alone iterating the same bytes (the reference). The seeds
//! (parsed once at start, before any file) are handed over untimed, and the dataset is dropped
//! outside the timing, as the app keeps it. Then the two phases of that load apart (`phase/`:
//! reading the rows, building the dataset). Then the shipped data: its eight CSVs parsed, as
//! with --data, against reading back the load build.rs stored (what start-up does).

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use turnout::data::{self, Sources, dataset::Dataset, load::Loader, seeds::Seeds, snapshot};

/// A deterministic canonical file shaped like tui-bench's gen_csv.py: year, election, ward,
/// division, party, registered, ballots_cast; 13 even years × primary/general × divisions × 4
/// parties.
fn generate(rows: usize) -> Vec<u8> {
    let mut out = String::from("year,election,ward,division,party,registered,ballots_cast\n");
    let per_division = 13 * 2 * 4;
    let divisions = rows.div_ceil(per_division).max(1);
    let mut n = 0;
    let mut state: u64 = 1;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    'all: for year in (2000..2025).step_by(2) {
        for election in ["primary", "general"] {
            for d in 0..divisions {
                let (ward, div) = (d / 30 + 1, d % 30 + 1);
                for party in ["DEM", "REP", "IND", "OTH"] {
                    let registered = 200 + next() % 1500;
                    let ballots = next() % (registered + 1);
                    out.push_str(&format!(
                        "{year},{election},W{ward:03},W{ward:03}-{div:02},{party},{registered},{ballots}\n"
                    ));
                    n += 1;
                    if n == rows {
                        break 'all;
                    }
                }
            }
        }
    }
    out.into_bytes()
}

fn bare_csv(bytes: &[u8]) -> usize {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes);
    let mut rec = csv::ByteRecord::new();
    let mut fields = 0;
    while rdr.read_byte_record(&mut rec).unwrap() {
        fields += rec.len();
    }
    fields
}

fn turnout_load(bytes: &[u8], seeds: Seeds) -> Dataset {
    let calendar = seeds.calendar();
    let mut loader = Loader::new(&calendar);
    loader.set_default_place(Some("Philadelphia"));
    loader.add_reader("bench.csv", "bench", bytes, Some(bytes.len() as u64));
    Dataset::build(loader, seeds, Vec::new()).into_first()
}

fn bench(c: &mut Criterion) {
    let seeds = Seeds::embedded(&mut Vec::new());
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    for rows in [1_000, 100_000, 1_000_000] {
        let bytes = generate(rows);
        let ds = turnout_load(&bytes, seeds.clone());
        let problems = &ds.report.problems;
        assert!(problems.is_empty(), "{:?}", problems.first());
        group.throughput(Throughput::Elements(rows as u64));
        group.bench_with_input(
            BenchmarkId::new("csv_crate_only", rows),
            &bytes,
            |b, bytes| b.iter(|| bare_csv(black_box(bytes))),
        );
        group.bench_with_input(
            BenchmarkId::new("turnout_load_aggregate", rows),
            &bytes,
            |b, bytes| {
                b.iter_batched(
                    || seeds.clone(),
                    |seeds| turnout_load(black_box(bytes), seeds),
                    BatchSize::PerIteration,
                )
            },
        );
    }
    group.finish();
    // The two halves of the load apart: reading the rows into entries (the tokenizer beside
    // it), and building the dataset from the entries.
    let mut group = c.benchmark_group("phase");
    group.sample_size(10);
    let calendar = seeds.calendar();
    let read = |bytes: &[u8]| {
        let mut loader = Loader::new(&calendar);
        loader.set_default_place(Some("Philadelphia"));
        loader.add_reader("bench.csv", "bench", bytes, Some(bytes.len() as u64));
        loader
    };
    for rows in [100_000, 1_000_000] {
        let bytes = generate(rows);
        group.bench_with_input(BenchmarkId::new("read", rows), &bytes, |b, bytes| {
            b.iter_with_large_drop(|| read(black_box(bytes)))
        });
        group.bench_with_input(BenchmarkId::new("build", rows), &bytes, |b, bytes| {
            b.iter_batched(
                || (read(bytes), seeds.clone()),
                |(loader, seeds)| Dataset::build(loader, seeds, Vec::new()),
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();

    let mut group = c.benchmark_group("shipped");
    group.sample_size(20);
    let fresh = Sources {
        embedded: true,
        ..Sources::default()
    };
    group.bench_function("parse_the_csvs", |b| {
        b.iter_with_large_drop(|| data::load(black_box(&fresh)))
    });
    group.bench_function("read_the_stored_load", |b| {
        b.iter_with_large_drop(|| snapshot::decode(black_box(turnout::shipped::SNAPSHOT.0)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
