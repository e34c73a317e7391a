//! Plain-language definitions of the words the widget cannot avoid (PEM, RCT, placebo …), shown
//! as glossary tips next to the places they appear and as a full list under the legend.

/// One glossary entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// Stable key, used in element ids.
    pub key: &'static str,
    /// The word as shown.
    pub term: &'static str,
    /// One or two short sentences.
    pub definition: &'static str,
}

/// Every term, alphabetically.
pub const TERMS: &[Term] = &[
    Term { key: "attrition", term: "Drop-out (attrition)", definition: "People who started a study but are missing from its results. Many drop-outs can make a treatment look better than it is." },
    Term { key: "blinded", term: "Blinded", definition: "People in the study (and often the researchers) did not know who got the real treatment, so hope and expectation cannot sway the results." },
    Term { key: "case-definition", term: "Case definition", definition: "The rules used to decide who has ME/CFS. Some older ones do not require PEM, so they include people with other kinds of fatigue." },
    Term { key: "crossover", term: "Crossover", definition: "Each person gets the treatment and the comparison at different times, one after the other." },
    Term { key: "open-label", term: "Open-label", definition: "Everyone knew who got the treatment. Useful for a first look, but improvements may come from hope, extra attention or time." },
    Term { key: "oi", term: "Orthostatic intolerance", definition: "Feeling worse when sitting or standing upright, for example dizziness, a racing heart or fatigue, that eases when lying down." },
    Term { key: "pem", term: "PEM (post-exertional malaise)", definition: "A worsening of symptoms after even small physical or mental effort, often delayed by a day or more. It is the hallmark of ME/CFS." },
    Term { key: "phase", term: "Trial phase", definition: "How far a drug has come in testing: phase 1 checks safety, phase 2 looks for signs it works, phase 3 tries to confirm it in many people." },
    Term { key: "placebo", term: "Placebo", definition: "A dummy treatment that looks like the real one, so that any difference in results can be put down to the treatment itself." },
    Term { key: "primary-outcome", term: "Main (primary) outcome", definition: "The one measure a trial said in advance it would judge success by. Good news found only in other measures is weaker evidence." },
    Term { key: "rct", term: "RCT (randomised controlled trial)", definition: "A study where chance decides who gets the treatment and who gets a comparison. It is the fairest test of whether a treatment works." },
    Term { key: "sham", term: "Sham procedure", definition: "A fake version of a procedure (for example blood filtering without removing anything) used for comparison, like a placebo pill." },
];

/// Looks a term up by key.
pub fn term(key: &str) -> Option<&'static Term> {
    TERMS.iter().find(|t| t.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_definitions_short() {
        for (i, t) in TERMS.iter().enumerate() {
            assert!(
                TERMS[i + 1..].iter().all(|u| u.key != t.key),
                "duplicate {}",
                t.key
            );
            assert!(t.definition.len() < 220, "{} is too long for a tip", t.key);
            assert_eq!(term(t.key), Some(t));
        }
        for k in ["pem", "rct", "open-label", "placebo", "phase", "oi"] {
            assert!(term(k).is_some(), "glossary needs {k}");
        }
    }
}
