//! Records stored end to end (every field's bytes in one buffer, a comma between fields, every
//! field's end in another) and the view of one record the loader reads its rows through.

use crate::data::cells::plain_count;

/// One record's fields, as the loader reads its rows.
#[derive(Clone, Copy)]
pub(crate) enum Fields<'a> {
    /// A record of a batch, or a line split where it lies ([`of_line`](Self::of_line)): the
    /// bytes of all its fields end to end with a comma between them, where each field ends,
    /// and where the batch was read on a thread of its own each field's value as a plain
    /// count ([`plain_count`], else [`NOT_PLAIN`]; empty when not read ahead).
    Flat {
        bytes: &'a [u8],
        ends: &'a [u32],
        counts: &'a [u32],
    },
    /// A record kept apart from the batches: the header, a record of 1 MB or more, a line
    /// read again after a stray quote.
    Record(&'a csv::ByteRecord),
}

/// The high bit of each byte of `word` that is a comma, and no other bit (exact: no carry
/// crosses from one byte to the next).
#[inline]
fn commas_in(word: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = word ^ 0x2c2c_2c2c_2c2c_2c2c;
    // A byte of `x` is zero (a comma) when neither its low seven bits nor its top bit is set.
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// One bit per byte of the high bits `commas_in` gives, in the low eight bits (byte `i`'s
/// bit to bit `i`: the multiplier's bits lift each to the top byte, no two products on one
/// bit, so no carry).
#[inline]
fn gather(high_bits: u64) -> u64 {
    ((high_bits >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// Bit `i` set for each byte `i` of `chunk` (at most 64 bytes) that is a comma.
#[inline]
fn comma_bits(chunk: &[u8]) -> u64 {
    let word = |b: &[u8]| u64::from_le_bytes(b.try_into().expect("8 bytes"));
    let words = chunk.chunks_exact(8);
    let tail = words.remainder().len();
    let mut bits = 0;
    for (w, b) in words.enumerate() {
        bits |= gather(commas_in(word(b))) << (w * 8);
    }
    if tail > 0 {
        let at = chunk.len() - tail;
        bits |= if chunk.len() >= 8 {
            // The last eight bytes, their first ones (read above) shifted out.
            gather(commas_in(word(&chunk[chunk.len() - 8..]))) >> (8 - tail) << at
        } else {
            chunk
                .iter()
                .enumerate()
                .fold(0, |m, (i, &b)| m | u64::from(b == b',') << i)
        };
    }
    bits
}

/// Adds where each field of a line with no quote ends (its commas, then its end) to `ends`.
pub(crate) fn split_line(text: &[u8], ends: &mut Vec<u32>) {
    // Sixty-four bytes at a time: each comma one bit of a mask, taken lowest first. The loop
    // turns once a comma, and lines of a file have as many commas as the one before: it
    // predicts well (a loop over each word's commas did not).
    let mut base = 0;
    while base < text.len() {
        let chunk = &text[base..text.len().min(base + 64)];
        let mut bits = comma_bits(chunk);
        while bits != 0 {
            ends.push((base + bits.trailing_zeros() as usize) as u32);
            bits &= bits - 1;
        }
        base += 64;
    }
    ends.push(text.len() as u32);
}

/// What a record of `bytes` bytes and `fields` fields holds in a batch: its bytes, and 8 bytes
/// a field for its end and its count ([`Flat::footprint`]; the reader's rule for a big record).
pub(crate) fn footprint(bytes: usize, fields: usize) -> usize {
    bytes + fields * 2 * std::mem::size_of::<u32>()
}

/// A field that is no plain count.
const NOT_PLAIN: u32 = u32::MAX;

impl<'a> Fields<'a> {
    /// A line split where it lies: its bytes, and where each field ends (`split_line`).
    pub fn of_line(bytes: &'a [u8], ends: &'a [u32]) -> Fields<'a> {
        Fields::Flat {
            bytes,
            ends,
            counts: &[],
        }
    }

    /// How many fields the record has.
    pub fn len(&self) -> usize {
        match self {
            Fields::Flat { ends, .. } => ends.len(),
            Fields::Record(rec) => rec.len(),
        }
    }

    /// A field's bytes, if the record has that many fields.
    pub fn get(&self, i: usize) -> Option<&'a [u8]> {
        match *self {
            Fields::Flat { bytes, ends, .. } => {
                let end = *ends.get(i)? as usize;
                // Fields are stored with one byte (a comma) between them.
                let start = match i {
                    0 => 0,
                    _ => ends[i - 1] as usize + 1,
                };
                bytes.get(start..end)
            }
            Fields::Record(rec) => rec.get(i),
        }
    }

    /// A field's value if it was read ahead as one to nine plain digits (as [`plain_count`]
    /// reads it); `None` where counts were not read ahead.
    pub fn plain_count(&self, i: usize) -> Option<u32> {
        match self {
            Fields::Flat { counts, .. } => counts.get(i).copied().filter(|&n| n != NOT_PLAIN),
            Fields::Record(_) => None,
        }
    }

    /// Every field's bytes, end to end; in a batch with a comma between fields (to count
    /// bytes, line breaks or non-ASCII, not to read fields from).
    pub fn as_slice(&self) -> &'a [u8] {
        match *self {
            Fields::Flat { bytes, .. } => bytes,
            Fields::Record(rec) => rec.as_slice(),
        }
    }

    /// The fields in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + 'a {
        let this = *self;
        (0..self.len()).map(move |i| this.get(i).unwrap_or(b""))
    }
}

impl std::fmt::Debug for Fields<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.iter().map(String::from_utf8_lossy))
            .finish()
    }
}

/// Records stored end to end, each with the line it began on: a batch read on one thread and
/// read on another is a few sequential buffers, not three allocations a record. Its offsets
/// are 32-bit: it holds a few MB at most (records of 1 MB or more are kept apart).
#[derive(Default)]
pub(crate) struct Flat {
    bytes: Vec<u8>,
    ends: Vec<u32>,
    counts: Vec<u32>,
    /// Each record: where its bytes end, where its ends end, and its line.
    records: Vec<(u32, u32, u64)>,
    /// Whether each field's plain count is read as it is stored (`counts`; else `counts`
    /// stays empty and the rows read the counts they need themselves).
    counts_ahead: bool,
}

impl Flat {
    /// Reads each field's plain count as it is stored: for batches filled on a thread of their
    /// own, which has time to spare, and read on another, which has not.
    pub fn counting() -> Flat {
        Flat {
            counts_ahead: true,
            ..Flat::default()
        }
    }

    /// Adds a record read at `line` from a line with no quote: its fields are its text
    /// between commas, stored as they lie.
    pub fn push_line(&mut self, text: &[u8], line: u64) {
        self.bytes.extend_from_slice(text);
        let first = self.ends.len();
        split_line(text, &mut self.ends);
        if self.counts_ahead {
            let mut start = 0;
            for &end in &self.ends[first..] {
                let count = plain_count(&text[start..end as usize]).unwrap_or(NOT_PLAIN);
                self.counts.push(count);
                start = end as usize + 1;
            }
        }
        self.end_record(line);
    }

    /// Adds a record read at `line`, from its fields in order (a comma stored between them,
    /// as in `push_line`).
    pub fn push_fields<'f>(&mut self, fields: impl Iterator<Item = &'f [u8]>, line: u64) {
        let first = self.bytes.len();
        for (i, field) in fields.enumerate() {
            if i > 0 {
                self.bytes.push(b',');
            }
            self.bytes.extend_from_slice(field);
            self.ends.push((self.bytes.len() - first) as u32);
            if self.counts_ahead {
                self.counts.push(plain_count(field).unwrap_or(NOT_PLAIN));
            }
        }
        self.end_record(line);
    }

    fn end_record(&mut self, line: u64) {
        self.records
            .push((self.bytes.len() as u32, self.ends.len() as u32, line));
    }

    /// Makes room for `records` records of `bytes` bytes in all, at eight fields a record
    /// (a batch filled from empty would otherwise grow each buffer a dozen times).
    pub fn reserve(&mut self, records: usize, bytes: usize) {
        self.records.reserve(records);
        self.ends.reserve(records * 8);
        if self.counts_ahead {
            self.counts.reserve(records * 8);
        }
        self.bytes.reserve(bytes);
    }

    /// How many records it holds.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Record `i` and its line.
    pub fn get(&self, i: usize) -> (Fields<'_>, u64) {
        let (bytes_end, ends_end, line) = self.records[i];
        let (bytes_start, ends_start) = match i {
            0 => (0, 0),
            _ => {
                let (b, e, _) = self.records[i - 1];
                (b as usize, e as usize)
            }
        };
        let fields = Fields::Flat {
            bytes: &self.bytes[bytes_start..bytes_end as usize],
            ends: &self.ends[ends_start..ends_end as usize],
            counts: self
                .counts
                .get(ends_start..ends_end as usize)
                .unwrap_or(&[]),
        };
        (fields, line)
    }

    /// The records in order, each with its line.
    pub fn iter(&self) -> impl Iterator<Item = (Fields<'_>, u64)> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The memory its records hold, counted alike whether or not it reads counts ahead:
    /// their bytes, and 8 bytes a field for its end and count (a line of commas holds few
    /// bytes and many fields).
    pub fn footprint(&self) -> usize {
        footprint(self.bytes.len(), self.ends.len())
    }

    /// Empties it for reuse, keeping its room unless a long record made it larger than
    /// `keep` bytes.
    pub fn clear(&mut self, keep: usize) {
        if self.bytes.capacity() > keep {
            self.bytes = Vec::new();
        }
        if self.ends.capacity() * std::mem::size_of::<u32>() > keep {
            self.ends = Vec::new();
            self.counts = Vec::new();
        }
        self.bytes.clear();
        self.ends.clear();
        self.counts.clear();
        self.records.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_read_back_as_the_record_gave_them() {
        let records = [
            csv::ByteRecord::from(vec!["a", "", "ccc"]),
            csv::ByteRecord::from(vec![""]),
            csv::ByteRecord::new(),
            csv::ByteRecord::from(vec!["x,y", "\u{e9}"]),
        ];
        let mut flat = Flat::counting();
        for (i, r) in records.iter().enumerate() {
            flat.push_fields(r.iter(), i as u64 + 10);
        }
        assert_eq!(flat.len(), records.len());
        for (i, r) in records.iter().enumerate() {
            let (f, line) = flat.get(i);
            assert_eq!(line, i as u64 + 10);
            assert_eq!(f.len(), r.len());
            assert_eq!(
                f.as_slice(),
                r.iter().collect::<Vec<_>>().join(&b',').as_slice()
            );
            assert_eq!(f.iter().collect::<Vec<_>>(), r.iter().collect::<Vec<_>>());
            for j in 0..=r.len() {
                assert_eq!(f.get(j), r.get(j), "record {i}, field {j}");
            }
        }
        assert_eq!(flat.footprint(), 6 + 6 + 6 * 8);
        let counts = csv::ByteRecord::from(vec!["12", "012", "1,2", "", "1234567890", " 7"]);
        flat.push_fields(counts.iter(), 1);
        let f = flat.get(4).0;
        let plain: Vec<_> = (0..7).map(|i| f.plain_count(i)).collect();
        assert_eq!(plain, [Some(12), Some(12), None, None, None, None, None]);
        assert!((0..6).all(|i| Fields::Record(&counts).plain_count(i).is_none()));
        flat.clear(1 << 20);
        assert_eq!((flat.len(), flat.footprint()), (0, 0));
    }

    #[test]
    fn comma_bits_finds_each_comma_among_every_byte_value() {
        // Every byte value in every place of chunks of every length, beside commas and not.
        for len in 0..=64 {
            for at in 0..len {
                for b in 0..=255u8 {
                    for fill in [b'a', b','] {
                        let mut chunk = vec![fill; len];
                        chunk[at] = b;
                        let want = chunk
                            .iter()
                            .enumerate()
                            .fold(0u64, |m, (i, &c)| m | u64::from(c == b',') << i);
                        assert_eq!(comma_bits(&chunk), want, "{chunk:?}");
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn a_line_splits_as_its_fields_pushed_one_by_one(
            text in proptest::collection::vec(
                proptest::sample::select(b"0123456789,, a-\xe9".to_vec()), 0..200),
        ) {
            let mut by_line = Flat::counting();
            by_line.push_line(&text, 7);
            let mut by_field = Flat::counting();
            by_field.push_fields(text.split(|&b| b == b','), 7);
            // Without counts read ahead: the same fields, and no count.
            let mut uncounted = Flat::default();
            uncounted.push_line(&text, 7);
            let u = uncounted.get(0).0;
            proptest::prop_assert_eq!(u.iter().collect::<Vec<_>>(), by_line.get(0).0.iter().collect::<Vec<_>>());
            proptest::prop_assert!((0..=u.len()).all(|i| u.plain_count(i).is_none()));
            let (a, b) = (by_line.get(0), by_field.get(0));
            proptest::prop_assert_eq!(a.1, b.1);
            let (fa, fb) = (a.0.iter().collect::<Vec<_>>(), b.0.iter().collect::<Vec<_>>());
            proptest::prop_assert_eq!(fa, fb);
            proptest::prop_assert_eq!(a.0.as_slice(), &text[..]);
            for i in 0..=a.0.len() {
                proptest::prop_assert_eq!(a.0.plain_count(i), b.0.plain_count(i));
                proptest::prop_assert_eq!(a.0.plain_count(i), a.0.get(i).and_then(plain_count));
            }
        }
    }
}
