//! Names as files spell them: comparison keys that ignore case, spacing and punctuation, the
//! match of a results spelling to the race list (middle initials optional), and short labels.

/// Suffixes a name may carry or drop: `JOHN SMITH JR` is `John Smith`.
const SUFFIXES: [&str; 5] = ["JR", "SR", "II", "III", "IV"];

/// Trims and collapses runs of whitespace: `AMEN  BROWN` reads `AMEN BROWN`.
pub fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The comparison key of a name: upper case, periods and apostrophes dropped, hyphens and
/// other punctuation read as spaces, whitespace collapsed (`Jack O'Neill`, `JACK ONEILL`, and
/// `Tariq El-Shabazz`, `TARIQ EL SHABAZZ` agree).
pub fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if ch.is_alphanumeric() {
            out.extend(ch.to_uppercase());
        } else if matches!(ch, '.' | '\'' | '\u{2019}') {
            continue;
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Offices as files abbreviate or decorate them, and the name they stand for.
const OFFICE_ALIASES: [(&str, &str); 4] = [
    ("DA", "DISTRICT ATTORNEY"),
    ("D A", "DISTRICT ATTORNEY"),
    ("MAYOR OF PHILADELPHIA", "MAYOR"),
    ("GOVERNOR AND LIEUTENANT GOVERNOR", "GOVERNOR"),
];

/// The comparison key of an office: [`key`], a party suffix (`DISTRICT ATTORNEY-DEM`) dropped,
/// and known abbreviations spelled out, so that `DA`, `District Attorney` and
/// `DISTRICT ATTORNEY-DEM` are one office.
pub fn office_key(office: &str) -> String {
    let trimmed = office.trim();
    let without_suffix = match trimmed.rsplit_once('-') {
        Some((head, tail))
            if (2..=4).contains(&tail.len()) && tail.chars().all(|c| c.is_ascii_uppercase()) =>
        {
            head
        }
        _ => trimmed,
    };
    let k = key(without_suffix);
    OFFICE_ALIASES
        .iter()
        .find(|(alias, _)| *alias == k)
        .map_or(k, |(_, full)| full.to_string())
}

/// A key without middle initials and suffixes: `CHERELLE L PARKER` gives `CHERELLE PARKER`.
pub fn loose_key(key: &str) -> String {
    let words: Vec<&str> = key.split(' ').collect();
    let last = words.len().saturating_sub(1);
    words
        .iter()
        .enumerate()
        .filter(|&(i, w)| (i == 0 || i == last || w.chars().count() > 1) && !SUFFIXES.contains(w))
        .map(|(_, w)| *w)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a name is the write-in line of a race (`WRITE-IN`, `Write ins`).
pub fn is_write_in(name: &str) -> bool {
    matches!(
        key(name).replace(' ', "").as_str(),
        "WRITEIN" | "WRITEINS" | "WRITEINVOTES"
    )
}

/// The position in `list` of the name that `name` spells: the same key, else the same key
/// without middle initials and suffixes, provided exactly one name in the list has it.
pub fn find_match<'a>(name: &str, list: impl IntoIterator<Item = &'a str>) -> Option<usize> {
    let k = key(name);
    let loose = loose_key(&k);
    let mut exact = None;
    let mut loose_hits = Vec::new();
    for (i, other) in list.into_iter().enumerate() {
        let ok = key(other);
        if ok == k {
            exact.get_or_insert(i);
        } else if loose_key(&ok) == loose {
            loose_hits.push(i);
        }
    }
    exact.or(match loose_hits.as_slice() {
        [only] => Some(*only),
        _ => None,
    })
}

/// Whether every word of a query names a word of `name` (`krasner`, `jeff brown`).
pub fn query_matches(query: &str, name: &str) -> bool {
    let name = key(name);
    let words: Vec<&str> = name.split(' ').collect();
    let q = key(query);
    !q.is_empty() && q.split(' ').all(|w| words.contains(&w))
}

/// Whether a query names an office: the same key, every word of it a word of the office, or
/// the office's initials (`district attorney`, `attorney`, `DA`).
pub fn office_matches(query: &str, office: &str) -> bool {
    let q = key(query);
    let o = key(office);
    let initials: String = o.split(' ').filter_map(|w| w.chars().next()).collect();
    q == o || query_matches(query, office) || (q.len() > 1 && q.replace(' ', "") == initials)
}

/// Short labels for column headers: the name without its first word, initials and suffixes
/// (`Parker`, `Carr Deni`), with the first initial where two candidates share what is left
/// (`J. Brown`, `A. Brown`).
pub fn short_labels(names: &[&str]) -> Vec<String> {
    let surname = |n: &str| -> String {
        if is_write_in(n) {
            return "Write-in".into();
        }
        // `Sherman Ellis, Jr.`: a comma ends a word, not the name.
        let words: Vec<&str> = n
            .split_whitespace()
            .map(|w| w.trim_end_matches(','))
            .filter(|w| !w.is_empty())
            .collect();
        let rest: Vec<&str> = words
            .iter()
            .skip(1)
            .filter(|w| {
                let k = key(w);
                k.chars().count() > 1 && !SUFFIXES.contains(&k.as_str())
            })
            .copied()
            .collect();
        if rest.is_empty() {
            n.trim().to_string()
        } else {
            rest.join(" ")
        }
    };
    let surnames: Vec<String> = names.iter().map(|n| surname(n)).collect();
    // How many candidates share each surname: one pass, keys made once (linear, not the
    // square of the candidates).
    let keys: Vec<String> = surnames.iter().map(|s| key(s)).collect();
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for k in &keys {
        *counts.entry(k.as_str()).or_default() += 1;
    }
    surnames
        .iter()
        .zip(names)
        .zip(&keys)
        .map(|((s, n), k)| {
            let shared = counts[k.as_str()] > 1;
            match n.chars().next() {
                Some(first) if shared => format!("{first}. {s}"),
                _ => s.clone(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_spacing_and_punctuation() {
        assert_eq!(key("AMEN  BROWN"), key("Amen Brown"));
        assert_eq!(key(" Jack O'Neill "), "JACK ONEILL");
        assert_eq!(key("Tariq El-Shabazz"), key("TARIQ EL SHABAZZ"));
        assert_eq!(collapse_spaces("  AMEN \t BROWN "), "AMEN BROWN");
        assert_eq!(loose_key("CHERELLE L PARKER"), "CHERELLE PARKER");
        assert_eq!(loose_key("JOHN Q SMITH JR"), "JOHN SMITH");
    }

    #[test]
    fn results_spellings_find_the_race_list() {
        let list = [
            "Cherelle Parker",
            "Jeff Brown",
            "Amen Brown",
            "James DeLeon",
        ];
        assert_eq!(find_match("CHERELLE L PARKER", list), Some(0));
        assert_eq!(find_match("AMEN  BROWN", list), Some(2));
        assert_eq!(find_match("JAMES M DELEON", list), Some(3));
        assert_eq!(find_match("BROWN", list), None);
        assert_eq!(find_match("DAVID OH", list), None);
        // Two names the loose key cannot tell apart match neither.
        assert_eq!(
            find_match("J SMITH", ["John A Smith", "John B Smith"]),
            None
        );
        assert_eq!(
            find_match("JOHN SMITH", ["John A Smith", "John B Smith"]),
            None
        );
    }

    #[test]
    fn write_ins_and_queries() {
        assert!(is_write_in("WRITE-IN"));
        assert!(is_write_in("Write ins"));
        assert!(!is_write_in("Wright"));
        assert!(query_matches("krasner", "Larry Krasner"));
        assert!(query_matches("jeff  BROWN", "Jeff Brown"));
        assert!(!query_matches("jeff brown", "Amen Brown"));
        assert!(!query_matches("", "Amen Brown"));
        assert!(office_matches("district  attorney", "District Attorney"));
        assert!(office_matches("DA", "District Attorney"));
        assert!(office_matches("mayor", "MAYOR"));
        assert!(!office_matches("Mayor", "District Attorney"));
    }

    #[test]
    fn short_labels_use_initials_for_shared_surnames() {
        let names = [
            "CHERELLE L PARKER",
            "Jeff Brown",
            "Amen Brown",
            "WRITE-IN",
            "Teresa Carr Deni",
            "Madonna",
        ];
        assert_eq!(
            short_labels(&names),
            [
                "PARKER",
                "J. Brown",
                "A. Brown",
                "Write-in",
                "Carr Deni",
                "Madonna"
            ]
        );
    }
}

#[cfg(test)]
mod many {
    use super::short_labels;

    /// Thousands of candidates (a hostile file): labels in one pass, shared surnames marked.
    #[test]
    fn labels_of_thousands_of_candidates_mark_shared_surnames() {
        let names: Vec<String> = (0..20_000)
            .map(|i| format!("{} Surname{}", ["Ann", "Bob"][i % 2], i / 2))
            .collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let labels = short_labels(&refs);
        assert_eq!(labels.len(), 20_000);
        assert_eq!(labels[0], "A. Surname0");
        assert_eq!(labels[1], "B. Surname0");
        let single = short_labels(&["Ann Only", "Bob Other"]);
        assert_eq!(single, ["Only", "Other"]);
    }
}
