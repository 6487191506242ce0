//! The crate graph is the architecture, and this module is its law (as rust-analyzer's tidy tests
//! are): `cargo xtask test` fails when a dependency or an import crosses a layer.
//!
//! - The page (`mdkpi-web`) reaches neither the core nor the engine, on any target.
//! - The contract reaches no other crate of ours, and no browser crate.
//! - The core reaches no browser crate (yew, web-sys, gloo) on any target, and does not depend on
//!   wasm-bindgen or js-sys itself (a library's platform shim may).
//! - Inside the core, the data flows one way: a module does not import one above it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

/// The core's modules from the bottom up: each may import only those before it.
pub const CORE_LAYERS: &[&[&str]] =
    &[&["diagnostics"], &["ingest", "sample"], &["model"], &["kpi", "report"], &["pipeline"]];

const BROWSER: &[&str] = &["yew", "web-sys", "gloo", "gloo-utils", "gloo-events", "gloo-file", "gloo-timers", "rexie"];

/// Every rule broken, in words; empty when the graph holds.
pub fn check(root: &Path, metadata: &Value) -> Vec<String> {
    let mut broken = Vec::new();
    let graph = Graph::of(metadata);
    let normal = |name: &str| graph.reachable(name, |kind| kind.is_none());
    let page = normal("mdkpi-web");
    for ours in ["mdkpi-core", "mdkpi-engine"] {
        if page.contains(ours) {
            broken.push(format!(
                "mdkpi-web (the page) depends on {ours}: the page must not link the readers or the KPIs"
            ));
        }
    }
    let contract = normal("mdkpi-contract");
    for name in ["mdkpi-core", "mdkpi-engine", "mdkpi-web"].iter().chain(BROWSER) {
        if contract.contains(*name) {
            broken.push(format!("mdkpi-contract depends on {name}"));
        }
    }
    let core = normal("mdkpi-core");
    for name in ["mdkpi-engine", "mdkpi-web"].iter().chain(BROWSER) {
        if core.contains(*name) {
            broken.push(format!("mdkpi-core depends on {name}, a crate above it or a browser crate"));
        }
    }
    for name in ["wasm-bindgen", "js-sys"] {
        if graph.direct("mdkpi-core").contains(name) || graph.direct("mdkpi-contract").contains(name) {
            broken.push(format!("the core or the contract depends on {name} itself"));
        }
    }
    broken.extend(layer_violations(&root.join("crates/core/src"), CORE_LAYERS));
    broken
}

/// A dependency and its kinds (`None` for normal, `"dev"`, `"build"`).
type Edge = (String, Vec<Option<String>>);

/// The resolved dependency graph, by package name.
struct Graph {
    edges: BTreeMap<String, Vec<Edge>>,
}

impl Graph {
    fn of(metadata: &Value) -> Graph {
        let name_of: BTreeMap<&str, &str> = metadata["packages"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| Some((p["id"].as_str()?, p["name"].as_str()?)))
            .collect();
        let mut edges = BTreeMap::new();
        for node in metadata["resolve"]["nodes"].as_array().into_iter().flatten() {
            let Some(name) = node["id"].as_str().and_then(|id| name_of.get(id)) else { continue };
            let deps = node["deps"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|d| {
                    let dep = name_of.get(d["pkg"].as_str()?)?;
                    let kinds =
                        d["dep_kinds"].as_array()?.iter().map(|k| k["kind"].as_str().map(str::to_owned)).collect();
                    Some(((*dep).to_owned(), kinds))
                })
                .collect();
            edges.insert((*name).to_owned(), deps);
        }
        Graph { edges }
    }

    fn direct(&self, name: &str) -> BTreeSet<&str> {
        self.edges.get(name).into_iter().flatten().map(|(d, _)| d.as_str()).collect()
    }

    /// Every package `name` reaches through edges of a kind that `follow` accepts (on any target).
    fn reachable(&self, name: &str, follow: impl Fn(Option<&str>) -> bool) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![name.to_owned()];
        while let Some(p) = stack.pop() {
            for (dep, kinds) in self.edges.get(&p).into_iter().flatten() {
                if kinds.iter().any(|k| follow(k.as_deref())) && seen.insert(dep.clone()) {
                    stack.push(dep.clone());
                }
            }
        }
        seen
    }
}

/// Imports of a module of a higher layer (`use crate::pipeline` in `kpi/`), as `file:line: text`.
pub fn layer_violations(src: &Path, layers: &[&[&str]]) -> Vec<String> {
    let layer_of = |module: &str| layers.iter().position(|l| l.contains(&module));
    let mut broken = Vec::new();
    for (level, modules) in layers.iter().enumerate() {
        for module in *modules {
            for file in rust_files(src, module) {
                let text = std::fs::read_to_string(&file).unwrap_or_default();
                for (n, line) in text.lines().enumerate() {
                    let code = line.split("//").next().unwrap_or("");
                    for (at, _) in code.match_indices("crate::") {
                        let target: String =
                            code[at + 7..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                        if layer_of(&target).is_some_and(|l| l > level) {
                            let shown = file.strip_prefix(src).unwrap_or(&file).display();
                            broken.push(format!(
                                "{shown}:{}: `{module}` imports `{target}`, above it: {}",
                                n + 1,
                                line.trim()
                            ));
                        }
                    }
                }
            }
        }
    }
    broken
}

/// `src/<module>.rs` and every file under `src/<module>/`.
fn rust_files(src: &Path, module: &str) -> Vec<std::path::PathBuf> {
    let mut files = vec![src.join(format!("{module}.rs"))];
    let mut dirs = vec![src.join(module)];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.retain(|f| f.exists());
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> tempdir::Dir {
        let dir = tempdir::Dir::new();
        for (path, text) in files {
            let path = dir.0.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    /// A directory removed when dropped.
    mod tempdir {
        pub struct Dir(pub std::path::PathBuf);
        impl Dir {
            pub fn new() -> Dir {
                let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
                let path = std::env::temp_dir().join(format!("xtask-graph-{}-{nanos}", std::process::id()));
                std::fs::create_dir_all(&path).unwrap();
                Dir(path)
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }

    #[test]
    fn an_import_from_a_higher_layer_is_found_with_its_place() {
        let src = tree(&[
            ("kpi/mod.rs", "use crate::model::dataset::Row;\n// crate::pipeline in a comment is fine\n"),
            ("kpi/filter.rs", "fn f() {\n    let _ = crate::pipeline::read;\n}\n"),
            ("model.rs", "use crate::ingest::table::Table;\n"),
        ]);
        let found = layer_violations(&src.0, CORE_LAYERS);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("kpi/filter.rs:2: `kpi` imports `pipeline`"), "{found:?}");
    }

    #[test]
    fn the_page_reaching_the_core_through_another_crate_is_found() {
        let metadata = serde_json::json!({
            "packages": [
                {"id": "w", "name": "mdkpi-web"}, {"id": "c", "name": "mdkpi-contract"},
                {"id": "x", "name": "helper"}, {"id": "k", "name": "mdkpi-core"}, {"id": "e", "name": "mdkpi-engine"}
            ],
            "resolve": {"nodes": [
                {"id": "w", "deps": [
                    {"pkg": "c", "dep_kinds": [{"kind": null}]},
                    {"pkg": "x", "dep_kinds": [{"kind": null}]},
                    {"pkg": "e", "dep_kinds": [{"kind": "dev"}]}
                ]},
                {"id": "x", "deps": [{"pkg": "k", "dep_kinds": [{"kind": null}]}]},
                {"id": "c", "deps": []}, {"id": "k", "deps": []}, {"id": "e", "deps": []}
            ]}
        });
        let src = tree(&[]);
        let broken = check(&src.0, &metadata);
        assert_eq!(broken.len(), 1, "{broken:?}");
        assert!(broken[0].contains("depends on mdkpi-core"), "{broken:?}");
    }
}
