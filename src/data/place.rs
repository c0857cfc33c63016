//! Places: the city or county every row belongs to, and how files name them.

/// The place of the shipped data and of the city's own formats.
pub const PHILADELPHIA: &str = "Philadelphia";

/// A county as OpenElections names it (`Erie`) read as a place (`Erie County`); Philadelphia is
/// a city and county, and keeps its name.
pub fn county(name: &str) -> String {
    let name = super::results::names::collapse_spaces(name);
    if name.eq_ignore_ascii_case(PHILADELPHIA) {
        PHILADELPHIA.to_string()
    } else if name.to_ascii_lowercase().ends_with(" county") || name.is_empty() {
        name
    } else {
        format!("{name} County")
    }
}

/// Finds a place by name among `places`: the same name in any case, else the only one that
/// starts with it (`phil`, `erie`).
///
/// # Errors
/// A sentence naming the places loaded, when none or several match.
pub fn find<'a>(query: &str, places: &'a [String]) -> Result<&'a str, String> {
    let q = query.trim().to_lowercase();
    if let Some(p) = places.iter().find(|p| p.to_lowercase() == q) {
        return Ok(p);
    }
    let hits: Vec<&String> = places
        .iter()
        .filter(|p| p.to_lowercase().starts_with(&q))
        .collect();
    match hits.as_slice() {
        [one] => Ok(one),
        [] => Err(format!(
            "no place {query:?} is loaded; places: {}",
            places.join(", ")
        )),
        many => Err(format!(
            "--place {query:?} matches {}; say which",
            many.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counties_and_prefixes() {
        assert_eq!(county("Erie"), "Erie County");
        assert_eq!(county("PHILADELPHIA"), "Philadelphia");
        assert_eq!(county("Berks County"), "Berks County");
        let places = vec!["Philadelphia".to_string(), "Erie County".to_string()];
        assert_eq!(find("phil", &places), Ok("Philadelphia"));
        assert_eq!(find("ERIE county", &places), Ok("Erie County"));
        assert!(
            find("chicago", &places)
                .unwrap_err()
                .contains("Philadelphia, Erie County")
        );
        let two = vec!["Berks County".to_string(), "Bucks County".to_string()];
        assert!(
            find("b", &two)
                .unwrap_err()
                .contains("Berks County, Bucks County")
        );
    }
}
