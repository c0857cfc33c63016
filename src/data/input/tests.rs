//! Tests of the input reader: line ends of every kind, chunk boundaries, UTF-16, the limit.

use super::*;

/// A reader handing out one byte per call, to split every `\r\n` and surrogate pair.
struct OneByte<'a>(&'a [u8]);

impl Read for OneByte<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match (self.0.split_first(), buf.is_empty()) {
            (Some((&b, rest)), false) => {
                buf[0] = b;
                self.0 = rest;
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}

/// Every record read through the csv crate, with its line and its fields.
fn records<R: Read>(input: Input<R>, capacity: usize) -> (Vec<(u64, Vec<String>)>, Encoding) {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(capacity)
        .from_reader(input);
    let mut rec = csv::ByteRecord::new();
    let mut out = Vec::new();
    while rdr.read_byte_record(&mut rec).expect("readable") {
        let line = rdr.get_mut().record_line(rec.position().unwrap());
        let fields = rec
            .iter()
            .map(|f| String::from_utf8(f.to_vec()).expect("UTF-8"))
            .collect();
        out.push((line, fields));
    }
    (out, rdr.get_ref().encoding())
}

fn lines_of(data: &[u8]) -> Vec<u64> {
    let mut all = Vec::new();
    for capacity in [1, 2, 3, 7, 64, 8 * 1024] {
        let (recs, _) = records(Input::new(data), capacity);
        let lines: Vec<u64> = recs.iter().map(|r| r.0).collect();
        let (one, _) = records(Input::new(OneByte(data)), capacity);
        let one: Vec<u64> = one.iter().map(|r| r.0).collect();
        assert_eq!(lines, one, "capacity {capacity}, one byte at a time");
        if !all.is_empty() {
            assert_eq!(lines, all, "capacity {capacity}");
        }
        all = lines;
    }
    all
}

#[test]
fn lf_lines() {
    let data = b"year,election,ward,ballots\n2023,primary,1,10\n2023,primary,2,x\n";
    assert_eq!(lines_of(data), [1, 2, 3]);
}

#[test]
fn crlf_lines() {
    let data = b"year,election,ward,ballots\r\n2023,primary,1,10\r\n2023,primary,2,x\r\n";
    assert_eq!(lines_of(data), [1, 2, 3]);
    let (recs, enc) = records(Input::new(&data[..]), 8 * 1024);
    assert_eq!(enc, Encoding::Utf8OrOther);
    assert_eq!(recs[2].1, ["2023", "primary", "2", "x"]);
}

#[test]
fn cr_only_lines() {
    let data = b"year,election,ward,ballots\r2023,primary,1,10\r2023,primary,2,x\r";
    assert_eq!(lines_of(data), [1, 2, 3]);
    // Without a final break too.
    assert_eq!(lines_of(&data[..data.len() - 1]), [1, 2, 3]);
}

#[test]
fn mixed_breaks_and_blank_lines() {
    let data = b"a\r\nb\rc\nd\n\n\r\ne\r\rf\r\n\r\n";
    assert_eq!(lines_of(data), [1, 2, 3, 4, 7, 9]);
    let data = b"\n\r\n\ra,b\n";
    assert_eq!(lines_of(data), [4]);
}

#[test]
fn quoted_newlines_count_physical_lines() {
    let data = b"name,note\n\"x\",\"one\ntwo\r\nthree\rfour\"\ny,z\n";
    assert_eq!(lines_of(data), [1, 2, 6]);
    let (recs, _) = records(Input::new(&data[..]), 64);
    assert_eq!(recs[1].1[1], "one\ntwo\r\nthree\rfour");
}

#[test]
fn a_late_blank_line_or_lone_cr_switches_to_exact_counting() {
    // Clean for thousands of lines (the parser's count is used), then one blank line, one
    // lone `\r` and a switch from `\r\n` to `\n`: every line stays exact.
    let mut data = Vec::new();
    let mut expected = Vec::new();
    let mut line = 1u64;
    for i in 0..3000 {
        data.extend_from_slice(format!("{i},a\r\n").as_bytes());
        expected.push(line);
        line += 1;
    }
    data.extend_from_slice(b"\r\n");
    line += 1;
    for i in 0..10 {
        data.extend_from_slice(format!("b{i},b\r").as_bytes());
        expected.push(line);
        line += 1;
    }
    for i in 0..3000 {
        data.extend_from_slice(format!("c{i},c\n").as_bytes());
        expected.push(line);
        line += 1;
    }
    for capacity in [7, 64, 8 * 1024, 64 * 1024] {
        let (recs, _) = records(Input::new(&data[..]), capacity);
        let lines: Vec<u64> = recs.iter().map(|r| r.0).collect();
        assert_eq!(lines, expected, "capacity {capacity}");
    }
    let (recs, _) = records(Input::new(OneByte(&data)), 64);
    let lines: Vec<u64> = recs.iter().map(|r| r.0).collect();
    assert_eq!(lines, expected, "one byte at a time");
}

#[test]
fn big_crlf_file_across_chunk_boundaries() {
    const N: u64 = 200_000;
    let mut data = Vec::new();
    for i in 1..=N {
        data.extend_from_slice(format!("{i},primary,{},{}\r\n", i % 66, i * 7).as_bytes());
    }
    for capacity in [7, 64, 8 * 1024] {
        let (recs, _) = records(Input::new(&data[..]), capacity);
        assert_eq!(recs.len() as u64, N);
        for (i, (line, fields)) in recs.iter().enumerate() {
            assert_eq!(*line, i as u64 + 1);
            assert_eq!(fields[0], (i + 1).to_string());
        }
    }
    let (recs, _) = records(Input::new(OneByte(&data)), 7);
    assert_eq!(recs.last().unwrap().0, N);
    assert!(recs.iter().enumerate().all(|(i, r)| r.0 == i as u64 + 1));
    // CR-only, one byte at a time.
    let cr: Vec<u8> = data.iter().copied().filter(|&b| b != b'\n').collect();
    let (recs, _) = records(Input::new(OneByte(&cr)), 64);
    assert_eq!(recs.len() as u64, N);
    assert!(recs.iter().enumerate().all(|(i, r)| r.0 == i as u64 + 1));
}

#[test]
fn memory_stays_bounded_when_queried_per_record() {
    let mut data = Vec::new();
    for i in 0..50_000 {
        data.extend_from_slice(format!("{i},a\r\n").as_bytes());
    }
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .buffer_capacity(64)
        .from_reader(Input::new(&data[..]));
    let mut rec = csv::ByteRecord::new();
    let mut most = 0;
    while rdr.read_byte_record(&mut rec).unwrap() {
        rdr.get_mut().record_line(rec.position().unwrap());
        most = most.max(rdr.get_ref().breaks.len());
    }
    assert!(most <= 64, "{most} breaks held");
    assert_eq!(rdr.get_ref().bytes_read(), data.len() as u64);
    assert_eq!(rdr.get_ref().source_bytes(), data.len() as u64);
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in text.encode_utf16() {
        out.extend_from_slice(&if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

#[test]
fn utf16_is_decoded() {
    let text = "name,ward,ballots\r\nMuñoz,1,10\r\n\"Zoë 😀\r\nline\",2,20\r\nŁódź,3,30\r\n";
    for (big_endian, encoding) in [(false, Encoding::Utf16Le), (true, Encoding::Utf16Be)] {
        let data = utf16(text, big_endian);
        for capacity in [1, 7, 64, 8 * 1024] {
            for one_byte in [false, true] {
                let (recs, enc) = if one_byte {
                    records(Input::new(OneByte(&data)), capacity)
                } else {
                    records(Input::new(&data[..]), capacity)
                };
                assert_eq!(enc, encoding);
                let lines: Vec<u64> = recs.iter().map(|r| r.0).collect();
                assert_eq!(lines, [1, 2, 3, 5]);
                assert_eq!(recs[0].1, ["name", "ward", "ballots"]);
                assert_eq!(recs[1].1, ["Muñoz", "1", "10"]);
                assert_eq!(recs[2].1, ["Zoë 😀\r\nline", "2", "20"]);
                assert_eq!(recs[3].1, ["Łódź", "3", "30"]);
            }
        }
        let mut input = Input::new(&data[..]);
        let mut decoded = String::new();
        input.read_to_string(&mut decoded).unwrap();
        assert_eq!(decoded, text);
        assert_eq!(input.bytes_read(), text.len() as u64);
        assert_eq!(input.source_bytes(), data.len() as u64);
    }
}

#[test]
fn utf16_bad_units_become_replacement_characters() {
    // 'a', a lone high surrogate, 'b', a lone low surrogate, '\n', and an odd trailing byte.
    let mut data = vec![0xFF, 0xFE];
    for u in [0x61, 0xD800, 0x62, 0xDC00, 0x0A_u16] {
        data.extend_from_slice(&u.to_le_bytes());
    }
    data.push(b'c');
    for one_byte in [false, true] {
        let mut decoded = String::new();
        if one_byte {
            Input::new(OneByte(&data))
                .read_to_string(&mut decoded)
                .unwrap();
        } else {
            Input::new(&data[..]).read_to_string(&mut decoded).unwrap();
        }
        assert_eq!(decoded, "a\u{FFFD}b\u{FFFD}\n\u{FFFD}");
    }
    // A high surrogate at the very end.
    let data = [0xFE, 0xFF, 0x00, b'x', 0xD8, 0x3D];
    let mut decoded = String::new();
    Input::new(&data[..]).read_to_string(&mut decoded).unwrap();
    assert_eq!(decoded, "x\u{FFFD}");
}

#[test]
fn other_bytes_pass_through() {
    for data in [
        &b"\xEF\xBB\xBFa,b\n"[..],
        b"\xFFa\n",
        b"\xFE",
        b"",
        b"Mu\xF1oz,1\r\n",
    ] {
        let mut input = Input::new(OneByte(data));
        let mut out = Vec::new();
        input.read_to_end(&mut out).unwrap();
        assert_eq!(out, data);
        assert_eq!(input.encoding(), Encoding::Utf8OrOther);
        assert_eq!(input.bytes_read(), data.len() as u64);
    }
}

#[test]
fn long_line_is_refused() {
    let mut ok = vec![b'a'; MAX_LINE_BYTES];
    ok.extend_from_slice(b"\nb\n");
    let (recs, _) = records(Input::new(&ok[..]), 8 * 1024);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[1].0, 2);

    let mut data = b"a,b\r".to_vec();
    data.extend(std::iter::repeat_n(b'x', MAX_LINE_BYTES + 1));
    data.extend_from_slice(b"\r\nc,d\r\n");
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(Input::new(&data[..]));
    let mut rec = csv::ByteRecord::new();
    let err = loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => panic!("read to the end"),
            Err(e) => break e,
        }
    };
    match err.kind() {
        csv::ErrorKind::Io(io) => {
            assert_eq!(io.kind(), io::ErrorKind::InvalidData);
            assert!(io.get_ref().is_some_and(|e| e.is::<LineTooLong>()));
            assert_eq!(io.to_string(), "a line longer than 4 MiB");
        }
        other => panic!("{other:?}"),
    }
    // Even when the whole line and the break after it come in one read.
    let err = Input::new(&data[..])
        .read_to_end(&mut Vec::new())
        .unwrap_err();
    assert!(err.get_ref().is_some_and(|e| e.is::<LineTooLong>()));
    let mut input = Input::new(&ok[..]);
    input.read_to_end(&mut Vec::new()).unwrap();
    assert_eq!(input.bytes_read(), ok.len() as u64);
    // The limit holds in UTF-16 too.
    let text: String = std::iter::repeat_n('x', MAX_LINE_BYTES + 1).collect();
    for big_endian in [false, true] {
        let data = utf16(&text, big_endian);
        let mut input = Input::new(&data[..]);
        let err = input.read_to_end(&mut Vec::new()).unwrap_err();
        assert!(err.get_ref().is_some_and(|e| e.is::<LineTooLong>()));
        // And it stays refused.
        assert!(input.read(&mut [0; 16]).is_err());
    }
}
