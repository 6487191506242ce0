//! `cargo xtask`: the project's automation, in the style of rust-analyzer.
//!
//! - `cargo xtask serve [--port N]`: install what is missing, build the app, serve it on 127.0.0.1.
//! - `cargo xtask test`: install what is missing, check the design (format, lints, the crate graph
//!   and module layers in `graph.rs`), and run every test: native (`cargo test`), a workbook
//!   template filled by LibreOffice (headless), wasm-bindgen-test in headless Chromium, the
//!   page's size budget (`size.rs`), and end to end with Playwright.
//! - `cargo xtask build`: install what is missing and build the release site into `dist/`.
//! - `cargo xtask setup`: only install what is missing.
//! - `cargo xtask fuzz [--seconds N] [--target T]`: run the cargo-fuzz targets (needs nightly, which
//!   it installs with rustup when missing, as it does cargo-fuzz) and write `target/fuzz/report.json`.
//!
//! Installs come from the package registries only (crates.io, npm, Debian) and are skipped when the
//! tool is already there at the right version, so a second run is fast. Nothing downloads a binary
//! from anywhere else: Trunk runs `--offline` with wasm-bindgen and wasm-opt found on PATH.

mod graph;
mod size;

use std::env;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const TRUNK_VERSION: &str = "0.21.14";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const SOFFICE: &str = "/usr/bin/soffice";

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let project = Project::new();
    let outcome = match args.first().map(String::as_str) {
        Some("setup") => project.setup(),
        Some("build") => project.setup().and_then(|()| project.build()),
        Some("serve") => {
            let port = flag_value(&args, "--port").unwrap_or_else(|| "8080".into());
            project.setup().and_then(|()| project.build()).and_then(|()| project.serve(&port))
        }
        Some("test") => project.setup().and_then(|()| project.test()),
        Some("bench") => project.setup().and_then(|()| project.build()).and_then(|()| project.bench()),
        Some("fuzz") => {
            let seconds = flag_value(&args, "--seconds").unwrap_or_else(|| "300".into());
            let only = flag_value(&args, "--target");
            project.fuzz(&seconds, only.as_deref())
        }
        _ => {
            eprintln!("usage: cargo xtask <serve [--port N] | test | build | setup | bench | fuzz [--seconds N] [--target T]>");
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn flag_value(args: &[String], flag: &str) -> Option<String> {
    args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned()
}

struct Project {
    root: PathBuf,
    /// PATH with the project's npm tools (wasm-opt) and cargo's bin directory first.
    path: OsString,
}

impl Project {
    fn new() -> Project {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_owned();
        let cargo_bin = env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
            .map(|h| h.join("bin"));
        let mut dirs = vec![root.join("node_modules/.bin")];
        dirs.extend(cargo_bin);
        dirs.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
        let path = env::join_paths(dirs).expect("PATH entries are valid");
        Project { root, path }
    }

    fn cmd(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.current_dir(&self.root).env("PATH", &self.path);
        c
    }

    /// Runs a command to completion, failing on a non-zero exit.
    fn run(&self, what: &str, mut c: Command) -> Result {
        let started = Instant::now();
        eprintln!("xtask: {what}");
        let status = c.status().map_err(|e| format!("{what}: cannot start: {e}"))?;
        if !status.success() {
            return Err(format!("{what}: failed ({status})"));
        }
        eprintln!("xtask: {what}: done in {:.1}s", started.elapsed().as_secs_f64());
        Ok(())
    }

    /// The first line a command prints, or None if it cannot run.
    fn output_line(&self, program: &str, args: &[&str]) -> Option<String> {
        let out = self.cmd(program).args(args).output().ok()?;
        if !out.status.success() {
            return None;
        }
        String::from_utf8_lossy(&out.stdout).lines().next().map(|l| l.trim().to_owned())
    }

    // ---- setup ----

    fn setup(&self) -> Result {
        self.ensure_wasm_target()?;
        self.ensure_apt_packages()?;
        self.ensure_npm_packages()?;
        let mut fetch = self.cmd("cargo");
        fetch.args(["fetch", "--quiet"]);
        self.run("cargo fetch (Trunk builds --offline)", fetch)?;
        self.ensure_cargo_tool(
            "trunk",
            &format!("trunk {TRUNK_VERSION}"),
            &["install", "--locked", "trunk", "--version", TRUNK_VERSION],
        )?;
        let bindgen = self.locked_version("wasm-bindgen")?;
        // Without --locked: the CLI's lock file names a webpki-roots release the registry no longer has.
        self.ensure_cargo_tool(
            "wasm-bindgen",
            &format!("wasm-bindgen {bindgen}"),
            &["install", "wasm-bindgen-cli", "--version", &bindgen],
        )
    }

    fn ensure_wasm_target(&self) -> Result {
        let installed = self.cmd("rustup").args(["target", "list", "--installed"]).output();
        if let Ok(out) = installed {
            if String::from_utf8_lossy(&out.stdout).lines().any(|l| l.trim() == WASM_TARGET) {
                return Ok(());
            }
        }
        let mut c = self.cmd("rustup");
        c.args(["target", "add", WASM_TARGET]);
        self.run("rustup target add wasm32-unknown-unknown", c)
    }

    fn ensure_cargo_tool(&self, bin: &str, expected: &str, install: &[&str]) -> Result {
        match self.output_line(bin, &["--version"]) {
            Some(v) if v == expected => return Ok(()),
            Some(v) => eprintln!("xtask: found {v}, need {expected}"),
            None => eprintln!("xtask: {bin} not found"),
        }
        let mut c = self.cmd("cargo");
        c.args(install);
        self.run(&format!("cargo {}", install.join(" ")), c)
    }

    /// The version of `krate` in Cargo.lock (the CLI must match it exactly).
    fn locked_version(&self, krate: &str) -> Result<String> {
        let id = self
            .output_line("cargo", &["pkgid", krate])
            .ok_or_else(|| format!("cargo pkgid {krate} failed; is it in Cargo.lock?"))?;
        id.rsplit_once(['@', '#']).map(|(_, v)| v.to_owned()).ok_or_else(|| format!("unexpected package id: {id}"))
    }

    fn ensure_apt_packages(&self) -> Result {
        let fonts = Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
        // python3 generates the benchmark files (`cargo xtask bench`); it is small and usually there.
        let python = Path::new("/usr/bin/python3");
        let missing: Vec<&str> = [
            ("chromium", Path::new(CHROMIUM)),
            ("chromium-driver", Path::new(CHROMEDRIVER)),
            ("fonts-noto-cjk", fonts),
            ("python3", python),
            // Fills a workbook template and saves it as a user's spreadsheet program would
            // (crates/cli/tests/libreoffice.rs).
            ("libreoffice-calc-nogui", Path::new(SOFFICE)),
        ]
        .into_iter()
        .filter(|(_, file)| !file.exists())
        .map(|(pkg, _)| pkg)
        .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let is_root = self.output_line("id", &["-u"]).as_deref() == Some("0");
        if !is_root {
            return Err(format!("missing Debian packages; run: sudo apt-get install -y {}", missing.join(" ")));
        }
        let mut update = self.cmd("apt-get");
        update.args(["update", "-q"]);
        self.run("apt-get update", update)?;
        let mut install = self.cmd("apt-get");
        install
            .env("DEBIAN_FRONTEND", "noninteractive")
            .args(["install", "-y", "-q", "--no-install-recommends"])
            .args(&missing);
        self.run(&format!("apt-get install {}", missing.join(" ")), install)
    }

    /// `npm ci` when node_modules does not match package-lock.json. The lock file itself is the stamp.
    fn ensure_npm_packages(&self) -> Result {
        let lock = fs::read(self.root.join("package-lock.json")).map_err(|e| format!("package-lock.json: {e}"))?;
        let stamp = self.root.join("node_modules/.mdkpi-installed-lock.json");
        if fs::read(&stamp).ok().as_deref() == Some(lock.as_slice()) {
            return Ok(());
        }
        let mut c = self.cmd("npm");
        c.args(["ci", "--no-audit", "--no-fund"]);
        self.run("npm ci (ECharts, binaryen wasm-opt, playwright-core, sirv; the bench's peers)", c)?;
        fs::write(&stamp, &lock).map_err(|e| format!("{}: {e}", stamp.display()))
    }

    // ---- build, serve ----

    fn build(&self) -> Result {
        let mut c = self.cmd("trunk");
        c.args(["build", "--release", "--offline"]);
        self.run("trunk build --release --offline", c)?;
        // The first screen painted before the wasm arrives: the app's own, rendered now.
        let mut c = self.cmd("node");
        c.arg("xtask/snapshot.mjs").arg("dist").env("MDKPI_CHROMIUM", CHROMIUM);
        self.run("the first screen's snapshot (dist/index.html)", c)?;
        // The one-file edition, from what Trunk built and the wasm it built it from.
        let target = std::env::var_os("CARGO_TARGET_DIR").map_or(self.root.join("target"), PathBuf::from);
        let mut c = self.cmd("node");
        c.arg("xtask/one-file.mjs").arg("dist").arg(target.join(WASM_TARGET).join("release"));
        self.run("the one-file edition (dist/mdkpi.html)", c)
    }

    fn serve(&self, port: &str) -> Result {
        let mut c = self.cmd("node");
        c.args(["xtask/serve.mjs", "dist", port]);
        self.run("serving dist/ (Ctrl-C to stop)", c)
    }

    // ---- test ----

    /// What CI checks before any test: the format, the crate graph and module layers, and the
    /// lints, natively and for wasm32 (the page and the engine with their tests; the core's and the
    /// contract's libraries, whose tests are native only).
    fn guards(&self) -> Result {
        let mut fmt = self.cmd("cargo");
        fmt.args(["fmt", "--all", "--check"]);
        self.run("cargo fmt --all --check", fmt)?;
        let mut fmt = self.cmd("cargo");
        fmt.args(["fmt", "--manifest-path", "fuzz/Cargo.toml", "--check"]);
        self.run("cargo fmt --check (the fuzz targets)", fmt)?;

        let out = self
            .cmd("cargo")
            .args(["metadata", "--format-version", "1", "--offline"])
            .output()
            .map_err(|e| format!("cargo metadata: {e}"))?;
        let metadata: serde_json::Value =
            serde_json::from_slice(&out.stdout).map_err(|e| format!("cargo metadata: {e}"))?;
        let broken = graph::check(&self.root, &metadata);
        if !broken.is_empty() {
            return Err(format!("the crate graph is broken (xtask/src/graph.rs):\n  {}", broken.join("\n  ")));
        }
        eprintln!("xtask: the crate graph and the core's module layers hold");

        let mut clippy = self.cmd("cargo");
        clippy.args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]);
        self.run("cargo clippy --workspace --all-targets -D warnings", clippy)?;
        let mut clippy = self.cmd("cargo");
        clippy.args(["clippy", "--target", WASM_TARGET, "-p", "mdkpi-web", "-p", "mdkpi-engine", "--all-targets"]);
        clippy.args(["--", "-D", "warnings"]);
        self.run("cargo clippy (wasm32: the page and the engine)", clippy)?;
        let mut clippy = self.cmd("cargo");
        clippy.args(["clippy", "--target", WASM_TARGET, "-p", "mdkpi-core", "-p", "mdkpi-contract", "--lib"]);
        clippy.args(["--", "-D", "warnings"]);
        self.run("cargo clippy (wasm32: the core and the contract)", clippy)
    }

    /// The page's first load against its budgets (after a build).
    fn size_budget(&self) -> Result {
        let (report, over) = size::check(&self.root.join("dist"))?;
        for line in &report {
            eprintln!("xtask: size: {line}");
        }
        if over.is_empty() {
            Ok(())
        } else {
            Err(format!("over the size budget (xtask/src/size.rs): {}", over.join("; ")))
        }
    }

    fn test(&self) -> Result {
        self.guards()?;
        let mut native = self.cmd("cargo");
        native.args(["test", "--workspace"]);
        self.run("native tests (cargo test --workspace)", native)?;
        let mut libreoffice = self.cmd("cargo");
        libreoffice
            .args(["test", "-p", "mdkpi-cli", "--test", "libreoffice", "--", "--ignored"])
            .env("SOFFICE", SOFFICE);
        self.run("a workbook template filled and saved by LibreOffice reads back cleanly", libreoffice)?;

        let mut wasm = self.cmd("cargo");
        wasm.args(["test", "-p", "mdkpi-web", "--target", WASM_TARGET, "--test", "web"])
            .env("CHROMEDRIVER", CHROMEDRIVER)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "180");
        self.run("browser tests (wasm-bindgen-test in headless Chromium)", wasm)?;

        self.build()?;
        self.size_budget()?;
        let mut cli = self.cmd("cargo");
        cli.args(["build", "--quiet", "-p", "mdkpi-cli"]);
        self.run("build the CLI for the end-to-end comparison", cli)?;

        let mut e2e = self.cmd("node");
        e2e.args(["--test", "--test-reporter=spec", "tests/e2e/"])
            .env("MDKPI_DIST", self.root.join("dist"))
            // Where cargo put it: a CARGO_TARGET_DIR set for a second checkout is honoured.
            .env(
                "MDKPI_CLI",
                std::env::var_os("CARGO_TARGET_DIR").map_or(self.root.join("target"), Into::into).join("debug/mdkpi"),
            )
            .env("MDKPI_CHROMIUM", CHROMIUM);
        self.run("end-to-end tests (Playwright, headless Chromium)", e2e)
    }

    // ---- bench ----

    /// `cargo xtask bench`: not a test (CI does not run it). Generates the input files once (they
    /// are deterministic), serves the release build beside the bench page and its peers (uDSV,
    /// d3-dsv, PapaParse, SheetJS), and runs
    /// xtask/bench/run.mjs, which writes target/bench/report.json and the table in BENCHMARKS.md.
    fn bench(&self) -> Result {
        let files = self.root.join("target/bench/files");
        // It makes only the files that are missing (the .xlsx ones need LibreOffice: without it,
        // it says so and the bench skips the workbook figures).
        let mut make = self.cmd("python3");
        make.arg("xtask/bench/make_files.py").arg(&files);
        self.run("generate the benchmark files (10k, 100k, 1M rows; UTF-8, CP932, .xlsx; the typical drop)", make)?;
        // The bench page must live under the app's origin and policy: a copy of dist/ with it.
        let site = self.root.join("target/bench/site");
        let _ = fs::remove_dir_all(&site);
        fs::create_dir_all(&site).map_err(|e| format!("{}: {e}", site.display()))?;
        let copies = fs::read_dir(self.root.join("dist"))
            .map_err(|e| format!("dist: {e}"))?
            .filter_map(|e| e.ok())
            .map(|e| (e.path(), site.join(e.file_name())))
            .chain([
                (self.root.join("xtask/bench/bench.html"), site.join("bench.html")),
                (self.root.join("xtask/bench/bench.js"), site.join("bench.js")),
                // The peers (npm, pinned in package.json), each run in a worker of its own.
                (self.root.join("xtask/bench/peer-worker.js"), site.join("peer-worker.js")),
                (self.root.join("node_modules/papaparse/papaparse.min.js"), site.join("papaparse.min.js")),
                (self.root.join("node_modules/udsv/dist/uDSV.iife.min.js"), site.join("uDSV.iife.min.js")),
                (self.root.join("node_modules/d3-dsv/dist/d3-dsv.min.js"), site.join("d3-dsv.min.js")),
                (self.root.join("node_modules/xlsx/dist/xlsx.full.min.js"), site.join("xlsx.full.min.js")),
            ]);
        for (from, to) in copies {
            fs::copy(&from, &to).map_err(|e| format!("{}: {e}", from.display()))?;
        }
        let index = fs::read_to_string(self.root.join("index.html")).map_err(|e| format!("index.html: {e}"))?;
        let page = fs::read_to_string(site.join("bench.html")).map_err(|e| format!("bench.html: {e}"))?;
        let csp =
            |html: &str| html.lines().find(|l| l.contains("Content-Security-Policy")).map(str::trim).map(str::to_owned);
        if csp(&index) != csp(&page) {
            return Err("xtask/bench/bench.html must carry the same CSP as index.html".into());
        }
        let mut run = self.cmd("node");
        run.arg("xtask/bench/run.mjs").arg(&site).arg(&files).env("MDKPI_CHROMIUM", CHROMIUM);
        self.run("benchmarks in headless Chromium", run)
    }

    // ---- fuzz ----

    fn fuzz(&self, seconds: &str, only: Option<&str>) -> Result {
        const TARGETS: [&str; 7] = ["decode", "table", "json", "values", "pipeline", "workbook", "kpis"];
        let seconds: u64 = seconds.parse().map_err(|_| format!("--seconds wants a number, not {seconds}"))?;
        let nightly = self.cmd("rustup").args(["toolchain", "list"]).output().map_err(|e| e.to_string())?;
        if !String::from_utf8_lossy(&nightly.stdout).lines().any(|l| l.starts_with("nightly")) {
            let mut c = self.cmd("rustup");
            c.args(["toolchain", "install", "nightly", "--profile", "minimal"]);
            self.run("rustup toolchain install nightly", c)?;
        }
        if self.output_line("cargo", &["fuzz", "--version"]).is_none() {
            let mut c = self.cmd("cargo");
            c.args(["install", "cargo-fuzz", "--locked"]);
            self.run("cargo install cargo-fuzz", c)?;
        }
        let mut report = Vec::new();
        for target in TARGETS.iter().filter(|t| only.is_none_or(|o| o == **t)) {
            let corpus = self.root.join("fuzz/corpus").join(target);
            fs::create_dir_all(&corpus).map_err(|e| e.to_string())?;
            // Cells are short; files are not, but short inputs run thousands of times faster. A
            // workbook is a zip of several parts: the smallest real ones are ~5 KB.
            let max_len: u64 = match *target {
                "values" => 256,
                "workbook" => 65536,
                _ => 4096,
            };
            // Seed with the fixtures and the malformed corpus, as far as they fit.
            for dir in ["tests/fixtures", "tests/fixtures/workbooks", "tests/corpus/bad"] {
                for entry in fs::read_dir(self.root.join(dir)).map_err(|e| e.to_string())?.flatten() {
                    let meta = entry.metadata().map_err(|e| e.to_string())?;
                    if meta.is_file() && meta.len() <= max_len {
                        let _ = fs::copy(entry.path(), corpus.join(entry.file_name()));
                    }
                }
            }
            let started = Instant::now();
            eprintln!("xtask: fuzzing {target} for {seconds} s");
            let out = self
                .cmd("cargo")
                // No sanitizer: the code is safe Rust, and executions per second are what find bugs here.
                // `-O`: fuzz/Cargo.toml's release profile decides the debug assertions per crate.
                .args(["+nightly", "fuzz", "run", "-O", "--sanitizer", "none", target])
                .arg(&corpus)
                .args([
                    "--",
                    &format!("-max_total_time={seconds}"),
                    "-print_final_stats=1",
                    &format!("-max_len={max_len}"),
                    "-rss_limit_mb=4096",
                ])
                .output()
                .map_err(|e| format!("cargo fuzz: {e}"))?;
            let log = String::from_utf8_lossy(&out.stderr);
            let stat = |key: &str| {
                log.lines()
                    .find_map(|l| {
                        l.strip_prefix(key).map(|v| v.trim_start_matches(':').trim().parse::<u64>().unwrap_or(0))
                    })
                    .unwrap_or(0)
            };
            let executions = stat("stat::number_of_executed_units");
            let elapsed = started.elapsed().as_secs_f64();
            if !out.status.success() {
                let tail: Vec<&str> = log.lines().rev().take(30).collect();
                return Err(format!(
                    "fuzz target {target} failed:\n{}",
                    tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                ));
            }
            eprintln!("xtask: {target}: {executions} executions in {elapsed:.0} s");
            report.push(format!(
                "  \"{target}\": {{\"seconds\": {seconds}, \"executions\": {executions}, \"peak_rss_mb\": {}, \"corpus_files\": {}}}",
                stat("stat::peak_rss_mb"),
                fs::read_dir(&corpus).map(|d| d.count()).unwrap_or(0)
            ));
        }
        let dir = self.root.join("target/fuzz");
        fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let json = format!("{{\n{}\n}}\n", report.join(",\n"));
        fs::write(dir.join("report.json"), &json).map_err(|e| e.to_string())?;
        println!("{json}");
        Ok(())
    }
}
