//! `cargo xtask`: the project's automation, in the style of rust-analyzer.
//!
//! - `cargo xtask serve [--port N]`: install what is missing, build the app, serve it on 127.0.0.1.
//! - `cargo xtask test`: install what is missing and run every test: native (`cargo test`),
//!   wasm-bindgen-test in headless Chromium, and end to end with Playwright.
//! - `cargo xtask build`: install what is missing and build the release site into `dist/`.
//! - `cargo xtask setup`: only install what is missing.
//!
//! Installs come from the package registries only (crates.io, npm, Debian) and are skipped when the
//! tool is already there at the right version, so a second run is fast. Nothing downloads a binary
//! from anywhere else: Trunk runs `--offline` with wasm-bindgen and wasm-opt found on PATH.

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
        _ => {
            eprintln!("usage: cargo xtask <serve [--port N] | test | build | setup>");
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
        self.ensure_cargo_tool("trunk", &format!("trunk {TRUNK_VERSION}"), &["install", "--locked", "trunk", "--version", TRUNK_VERSION])?;
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
        id.rsplit_once(['@', '#'])
            .map(|(_, v)| v.to_owned())
            .ok_or_else(|| format!("unexpected package id: {id}"))
    }

    fn ensure_apt_packages(&self) -> Result {
        let fonts = Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
        let missing: Vec<&str> = [("chromium", Path::new(CHROMIUM)), ("chromium-driver", Path::new(CHROMEDRIVER)), ("fonts-noto-cjk", fonts)]
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
        install.env("DEBIAN_FRONTEND", "noninteractive").args(["install", "-y", "-q", "--no-install-recommends"]).args(&missing);
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
        self.run("npm ci (ECharts, binaryen wasm-opt, playwright-core, sirv)", c)?;
        fs::write(&stamp, &lock).map_err(|e| format!("{}: {e}", stamp.display()))
    }

    // ---- build, serve ----

    fn build(&self) -> Result {
        let mut c = self.cmd("trunk");
        c.args(["build", "--release", "--offline"]);
        self.run("trunk build --release --offline", c)
    }

    fn serve(&self, port: &str) -> Result {
        let mut c = self.cmd("node");
        c.args(["xtask/serve.mjs", "dist", port]);
        self.run("serving dist/ (Ctrl-C to stop)", c)
    }

    // ---- test ----

    fn test(&self) -> Result {
        let mut native = self.cmd("cargo");
        native.args(["test", "--workspace"]);
        self.run("native tests (cargo test --workspace)", native)?;

        let mut wasm = self.cmd("cargo");
        wasm.args(["test", "--target", WASM_TARGET, "--test", "web"])
            .env("CHROMEDRIVER", CHROMEDRIVER)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "180");
        self.run("browser tests (wasm-bindgen-test in headless Chromium)", wasm)?;

        self.build()?;
        let mut cli = self.cmd("cargo");
        cli.args(["build", "--quiet", "--bin", "mdkpi"]);
        self.run("build the CLI for the end-to-end comparison", cli)?;

        let mut e2e = self.cmd("node");
        e2e.args(["--test", "--test-reporter=spec", "tests/e2e/"])
            .env("MDKPI_DIST", self.root.join("dist"))
            .env("MDKPI_CLI", self.root.join("target/debug/mdkpi"))
            .env("MDKPI_CHROMIUM", CHROMIUM);
        self.run("end-to-end tests (Playwright, headless Chromium)", e2e)
    }
}
