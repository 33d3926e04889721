//! Writes the reference models' events into the vector files (`TOKENRAIL_BLESS_EVENTS=1`).

/// Rewrites one vector file's step lines (`tests/vectors/<capability>/<name>.json`) with `events` (a step line ends in `}` or `},`; an
/// existing `"events"` key is its last).
pub fn bless_events<E: serde::Serialize>(capability: &str, name: &str, events: &[Option<Vec<E>>]) {
    let path = tokenrail_core::vectors::vectors_root().join(format!("{capability}/{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut steps = events.iter();
    let mut out = String::new();
    for line in text.lines() {
        let is_step = line.trim_start().starts_with('{') && line.contains("\"action\"");
        let Some(events) = is_step.then(|| steps.next().unwrap()) else {
            out += line;
            out.push('\n');
            continue;
        };
        let (body, comma) = match line.strip_suffix("},") {
            Some(body) => (body, ","),
            None => (line.strip_suffix('}').unwrap(), ""),
        };
        // Files that pad the braces (`{ "at": 0, … }`) keep the padding.
        let (body, pad) = match body.strip_suffix(' ') {
            Some(body) => (body, " "),
            None => (body, ""),
        };
        let body = body.split(", \"events\": ").next().unwrap();
        out += body;
        if let Some(events) = events {
            out += ", \"events\": ";
            out += &spaced_json(events);
        }
        out += pad;
        out += "}";
        out += comma;
        out.push('\n');
    }
    assert!(
        steps.next().is_none(),
        "{name}: not every step is on its own line"
    );
    std::fs::write(&path, out).unwrap();
}

/// JSON with the vector files' spacing (`", "` and `": "`).
fn spaced_json(value: &impl serde::Serialize) -> String {
    struct Spaced;
    impl serde_json::ser::Formatter for Spaced {
        fn begin_array_value<W: ?Sized + std::io::Write>(
            &mut self,
            w: &mut W,
            first: bool,
        ) -> std::io::Result<()> {
            if first {
                Ok(())
            } else {
                w.write_all(b", ")
            }
        }
        fn begin_object_key<W: ?Sized + std::io::Write>(
            &mut self,
            w: &mut W,
            first: bool,
        ) -> std::io::Result<()> {
            self.begin_array_value(w, first)
        }
        fn begin_object_value<W: ?Sized + std::io::Write>(
            &mut self,
            w: &mut W,
        ) -> std::io::Result<()> {
            w.write_all(b": ")
        }
    }
    let mut out = Vec::new();
    value
        .serialize(&mut serde_json::Serializer::with_formatter(
            &mut out, Spaced,
        ))
        .unwrap();
    String::from_utf8(out).unwrap()
}
