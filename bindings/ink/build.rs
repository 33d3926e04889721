//! Generates one Rust module per contract from the ink! metadata in `metadata/` (written by
//! `scripts/gen-bindings` from the contracts themselves): the contract's types, and for every
//! constructor and message a function returning typed call data (selector + SCALE-encoded
//! arguments) that knows how to decode the return value.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("metadata");
    println!("cargo:rerun-if-changed=metadata");
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    let mut names: Vec<_> = std::fs::read_dir(&root)
        .expect("bindings/ink/metadata")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    for path in names {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let json: Value = serde_json::from_slice(&std::fs::read(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let code = Generator::new(&name, &json).generate();
        std::fs::write(Path::new(&out).join(format!("{name}.rs")), code).unwrap();
    }
}

/// A field of a struct or enum variant: name (for named fields), Rust type, docs.
type Field = (Option<String>, String, Option<Value>);

struct Generator<'a> {
    contract: &'a str,
    meta: &'a Value,
    types: BTreeMap<u64, &'a Value>,
    /// Custom types to define: name → type id.
    custom: BTreeMap<String, u64>,
}

/// Types every contract shares, defined once in the crate root or taken from `tokenrail-core`
/// (the spec's error codes, which the contracts return as core's own enums).
const SHARED: &[(&str, &str)] = &[
    ("ink_primitives::types::AccountId", "crate::AccountId"),
    ("ink_primitives::types::Hash", "crate::Hash"),
    ("ink_primitives::LangError", "crate::LangError"),
    (
        "tokenrail_core::token::TokenError",
        "tokenrail_core::token::TokenError",
    ),
    (
        "tokenrail_core::escrow::EscrowError",
        "tokenrail_core::escrow::EscrowError",
    ),
    (
        "tokenrail_core::payout::PayoutError",
        "tokenrail_core::payout::PayoutError",
    ),
    (
        "tokenrail_core::channel::ChannelError",
        "tokenrail_core::channel::ChannelError",
    ),
];

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// A Rust identifier for a label: trait-qualified labels (`PSP22Metadata::token_name`) become
/// snake case (`psp22_metadata_token_name`).
fn ident(label: &str) -> String {
    let mut snake = String::new();
    let mut prev: Option<char> = None;
    for c in label.replace("::", "_").chars() {
        if c.is_ascii_uppercase() {
            if prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit()) {
                snake.push('_');
            }
            snake.push(c.to_ascii_lowercase());
        } else {
            snake.push(c);
        }
        prev = Some(c);
    }
    if KEYWORDS.contains(&snake.as_str()) {
        format!("r#{snake}")
    } else {
        snake
    }
}

fn docs(out: &mut String, indent: &str, docs: Option<&Value>) {
    for line in docs.and_then(Value::as_array).into_iter().flatten() {
        let line = line.as_str().unwrap_or_default().trim_end();
        let sep = if line.is_empty() || line.starts_with(' ') {
            ""
        } else {
            " "
        };
        let _ = writeln!(out, "{indent}///{sep}{line}");
    }
}

impl<'a> Generator<'a> {
    fn new(contract: &'a str, meta: &'a Value) -> Self {
        let types = meta["types"]
            .as_array()
            .expect("metadata types")
            .iter()
            .map(|t| (t["id"].as_u64().unwrap(), &t["type"]))
            .collect();
        Generator {
            contract,
            meta,
            types,
            custom: BTreeMap::new(),
        }
    }

    fn path(&self, id: u64) -> String {
        let ty = self.types[&id];
        ty["path"]
            .as_array()
            .map(|p| {
                p.iter()
                    .map(|s| s.as_str().unwrap())
                    .collect::<Vec<_>>()
                    .join("::")
            })
            .unwrap_or_default()
    }

    /// The Rust type of registry type `id`, recording custom types to define.
    fn rust_type(&mut self, id: u64) -> String {
        let ty = self.types[&id];
        let path = self.path(id);
        if let Some((_, shared)) = SHARED.iter().find(|(p, _)| *p == path) {
            return (*shared).to_owned();
        }
        let params: Vec<u64> = ty["params"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| p["type"].as_u64().expect("generic parameters are concrete"))
            .collect();
        match path.as_str() {
            "Option" => return format!("Option<{}>", self.rust_type(params[0])),
            "Result" => {
                let (t, e) = (self.rust_type(params[0]), self.rust_type(params[1]));
                return format!("Result<{t}, {e}>");
            }
            _ => {}
        }
        let def = &ty["def"];
        if let Some(p) = def.get("primitive") {
            return match p.as_str().unwrap() {
                "str" => "String".into(),
                other => other.into(),
            };
        }
        if let Some(s) = def.get("sequence") {
            return format!("Vec<{}>", self.rust_type(s["type"].as_u64().unwrap()));
        }
        if let Some(a) = def.get("array") {
            let inner = self.rust_type(a["type"].as_u64().unwrap());
            return format!("[{inner}; {}]", a["len"]);
        }
        if let Some(t) = def.get("tuple") {
            let items: Vec<String> = t
                .as_array()
                .unwrap()
                .iter()
                .map(|i| self.rust_type(i.as_u64().unwrap()))
                .collect();
            return match items.len() {
                0 => "()".into(),
                1 => format!("({},)", items[0]),
                _ => format!("({})", items.join(", ")),
            };
        }
        if let Some(c) = def.get("compact") {
            return format!(
                "crate::scale::Compact<{}>",
                self.rust_type(c["type"].as_u64().unwrap())
            );
        }
        assert!(
            params.is_empty(),
            "{}: generic type {path} is not supported by the binding generator",
            self.contract
        );
        let name = path.rsplit("::").next().unwrap().to_owned();
        match self.custom.get(&name) {
            Some(&other) if other != id && self.path(other) != path => panic!(
                "{}: two types named {name} ({path}, {})",
                self.contract,
                self.path(other)
            ),
            Some(_) => {}
            None => {
                self.custom.insert(name.clone(), id);
            }
        }
        format!("types::{name}")
    }

    /// Whether the fields are named, and each field's name, Rust type and docs.
    fn fields(&mut self, fields: &Value) -> (bool, Vec<Field>) {
        let list: Vec<&Value> = fields
            .as_array()
            .map(|f| f.iter().collect())
            .unwrap_or_default();
        let named = list.first().is_some_and(|f| f.get("name").is_some());
        let out = list
            .into_iter()
            .map(|f| {
                let ty = self.rust_type(f["type"].as_u64().unwrap());
                let name = f.get("name").and_then(Value::as_str).map(ident);
                (name, ty, f.get("docs").cloned())
            })
            .collect();
        (named, out)
    }

    fn define(&mut self, name: &str, id: u64, out: &mut String) {
        let ty = self.types[&id];
        let def = &ty["def"];
        docs(out, "    ", ty.get("docs"));
        let _ = writeln!(out, "    /// `{}` in the contract.", self.path(id));
        out.push_str("    #[derive(Clone, Debug, PartialEq, Eq, crate::scale::Encode, crate::scale::Decode)]\n");
        out.push_str("    #[codec(crate = crate::scale)]\n");
        if let Some(c) = def.get("composite") {
            let (named, fields) = self.fields(&c["fields"]);
            if fields.is_empty() {
                let _ = writeln!(out, "    pub struct {name};");
            } else if named {
                let _ = writeln!(out, "    pub struct {name} {{");
                for (field, ty, field_docs) in fields {
                    docs(out, "        ", field_docs.as_ref());
                    let _ = writeln!(out, "        pub {}: {ty},", field.unwrap());
                }
                out.push_str("    }\n");
            } else {
                let tys: Vec<String> = fields
                    .into_iter()
                    .map(|(_, t, _)| format!("pub {t}"))
                    .collect();
                let _ = writeln!(out, "    pub struct {name}({});", tys.join(", "));
            }
        } else if let Some(v) = def.get("variant") {
            let _ = writeln!(out, "    pub enum {name} {{");
            for variant in v["variants"].as_array().into_iter().flatten() {
                docs(out, "        ", variant.get("docs"));
                let index = variant["index"].as_u64().unwrap();
                let vname = variant["name"].as_str().unwrap();
                let (named, fields) = self.fields(&variant["fields"]);
                let _ = write!(out, "        #[codec(index = {index})]\n        {vname}");
                if fields.is_empty() {
                } else if named {
                    out.push_str(" {\n");
                    for (field, ty, _) in fields {
                        let _ = writeln!(out, "            {}: {ty},", field.unwrap());
                    }
                    out.push_str("        }");
                } else {
                    let tys: Vec<String> = fields.into_iter().map(|(_, t, _)| t).collect();
                    let _ = write!(out, "({})", tys.join(", "));
                }
                out.push_str(",\n");
            }
            out.push_str("    }\n");
        } else {
            panic!(
                "{}: custom type {name} is neither a composite nor a variant",
                self.contract
            );
        }
        out.push('\n');
    }

    fn calls(&mut self, key: &str, kind: &str, out: &mut String) {
        let spec = &self.meta["spec"][key];
        for call in spec.as_array().into_iter().flatten() {
            let label = call["label"].as_str().unwrap();
            let selector = call["selector"].as_str().unwrap().trim_start_matches("0x");
            let bytes: Vec<String> = (0..4)
                .map(|i| format!("0x{}", &selector[2 * i..2 * i + 2]))
                .collect();
            let ret = match call["returnType"].get("type").and_then(Value::as_u64) {
                Some(id) => self.rust_type(id),
                None => "()".into(),
            };
            let mut args = Vec::new();
            let mut encode = String::new();
            for arg in call["args"].as_array().into_iter().flatten() {
                let name = ident(arg["label"].as_str().unwrap());
                let ty = self.rust_type(arg["type"]["type"].as_u64().unwrap());
                args.push(format!("{name}: {ty}"));
                let _ = writeln!(
                    encode,
                    "        crate::scale::Encode::encode_to(&{name}, &mut data);"
                );
            }
            docs(out, "    ", call.get("docs"));
            let mutates = call.get("mutates").and_then(Value::as_bool).unwrap_or(true);
            let payable = call["payable"].as_bool().unwrap_or(false);
            let _ = writeln!(
                out,
                "    /// `{label}`: selector `0x{selector}`{}{}.",
                if payable { ", payable" } else { "" },
                if mutates { "" } else { ", read-only" }
            );
            let _ = writeln!(out, "    #[allow(clippy::too_many_arguments)]");
            let _ = writeln!(
                out,
                "    pub fn {}({}) -> crate::{kind}<{ret}> {{",
                ident(label),
                args.join(", ")
            );
            let binding = if encode.is_empty() { "let" } else { "let mut" };
            let _ = writeln!(out, "        {binding} data = vec![{}];", bytes.join(", "));
            out.push_str(&encode);
            let _ = writeln!(
                out,
                "        crate::{kind}::new(data, {mutates}, {payable})"
            );
            out.push_str("    }\n\n");
        }
    }

    /// The contract's events (ink! 5: the data is the SCALE-encoded event, every field in
    /// order; the first topic is the event's signature topic), and `decode` from topic and data.
    fn events(&mut self, out: &mut String) {
        out.push_str("/// Events: what the contract emits, as `Contracts::ContractEmitted` carries them.\npub mod events {\n    #[allow(unused_imports)]\n    use super::types;\n\n");
        let mut variants = Vec::new();
        for event in self.meta["spec"]["events"].as_array().into_iter().flatten() {
            let label = event["label"].as_str().unwrap().to_owned();
            docs(out, "    ", event.get("docs"));
            let _ = writeln!(out, "    /// The `{label}` event.");
            out.push_str("    #[derive(Clone, Debug, PartialEq, Eq, crate::scale::Encode, crate::scale::Decode)]\n");
            out.push_str("    #[codec(crate = crate::scale)]\n");
            let _ = writeln!(out, "    pub struct {label} {{");
            for arg in event["args"].as_array().into_iter().flatten() {
                let name = ident(arg["label"].as_str().unwrap());
                let ty = self.rust_type(arg["type"]["type"].as_u64().unwrap());
                docs(out, "        ", arg.get("docs"));
                let _ = writeln!(out, "        pub {name}: {ty},");
            }
            out.push_str("    }\n\n");
            // Anonymous events have no signature topic and cannot be told apart.
            if let Some(topic) = event["signature_topic"].as_str() {
                let hex = topic.trim_start_matches("0x");
                let bytes: Vec<String> = (0..32)
                    .map(|i| format!("0x{}", &hex[2 * i..2 * i + 2]))
                    .collect();
                let _ = writeln!(
                    out,
                    "    impl {label} {{\n        /// The first topic of every `{label}`.\n        pub const SIGNATURE_TOPIC: [u8; 32] = [{}];\n    }}\n",
                    bytes.join(", ")
                );
                variants.push(label);
            }
        }
        out.push_str("    /// Every event of the contract that has a signature topic.\n    #[derive(Clone, Debug, PartialEq, Eq)]\n    pub enum Event {\n");
        for v in &variants {
            let _ = writeln!(out, "        /// [`{v}`].\n        {v}({v}),");
        }
        out.push_str("    }\n\n");
        out.push_str("    /// The event whose signature topic is `topic`, decoded from `data` (all of it);\n    /// `None` when no event of this contract has that topic.\n    pub fn decode(topic: &[u8; 32], data: &[u8]) -> Option<Result<Event, crate::scale::Error>> {\n        #[allow(unused_imports)]\n        use crate::scale::DecodeAll as _;\n        match *topic {\n");
        for v in &variants {
            let _ = writeln!(
                out,
                "            {v}::SIGNATURE_TOPIC => Some({v}::decode_all(&mut &data[..]).map(Event::{v})),"
            );
        }
        out.push_str("            _ => None,\n        }\n    }\n}\n\n");
    }

    fn generate(mut self) -> String {
        let mut calls = String::new();
        self.events(&mut calls);
        calls.push_str("/// Constructors: call data for instantiating the contract.\npub mod constructors {\n    #[allow(unused_imports)]\n    use super::types;\n\n");
        self.calls("constructors", "Constructor", &mut calls);
        calls.push_str("}\n\n/// Messages: call data for calling the contract.\npub mod messages {\n    #[allow(unused_imports)]\n    use super::types;\n\n");
        self.calls("messages", "Message", &mut calls);
        calls.push_str("}\n");
        // Define every custom type reached, including those reached from other definitions.
        let mut defined = BTreeSet::new();
        let mut types = String::new();
        loop {
            let pending: Vec<(String, u64)> = self
                .custom
                .iter()
                .filter(|(n, _)| !defined.contains(*n))
                .map(|(n, id)| (n.clone(), *id))
                .collect();
            if pending.is_empty() {
                break;
            }
            for (name, id) in pending {
                self.define(&name, id, &mut types);
                defined.insert(name);
            }
        }
        let mut out = String::new();
        let _ = writeln!(
            out,
            "// @generated by bindings/ink/build.rs from metadata/{}.json. Do not edit.\n",
            self.contract
        );
        out.push_str("/// The contract's own types, as its metadata describes them.\npub mod types {\n    #[allow(unused_imports)]\n    use super::types;\n\n");
        out.push_str(&types);
        out.push_str("}\n\n");
        out.push_str(&calls);
        out
    }
}
