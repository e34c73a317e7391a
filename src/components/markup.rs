//! Escaping for markup the widget writes as text: the chart body and the table rows (inserted
//! with `innerHTML`) and the embed snippet users paste into their pages. Every string from the
//! dataset or the address goes through here, for text and attribute values alike.

/// Appends `text` with the five characters that matter in HTML/SVG text and attribute values
/// replaced by entities, so no string can close a tag or an attribute.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// `text` escaped as by [`escape_into`].
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_text_and_both_attribute_quotes() {
        let mut out = String::new();
        escape_into(&mut out, r#"<img src=x onerror="a('b')"> & "#);
        assert_eq!(
            out,
            "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt; &amp; "
        );
        assert_eq!(escape("plain – ✓ ü"), "plain – ✓ ü");
    }
}
