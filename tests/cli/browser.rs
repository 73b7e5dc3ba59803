//! The report and the charts in a real browser: Debian's headless Chromium renders each page,
//! takes a screenshot, and we check that
//!
//! - the screenshot is not blank, and shows the chart's own colours (so it is not an error page);
//! - the page made no network request: Chromium's NetLog (`--log-net-log`) records every URL
//!   request; requests a page starts carry its origin as initiator, while the browser's own
//!   background traffic says "not an origin". As a belt and braces, name resolution is switched
//!   off and any connection goes to a closed local port, so nothing leaves the machine even if a
//!   page tried;
//! - nothing was logged to the console: with `--enable-logging=stderr` Chromium prints every
//!   console message (script errors, a Content-Security-Policy refusal, a failed load) as a
//!   `CONSOLE` line. The page has no scripts, so any such line is a fault.
//!
//! Two control tests show that both detectors catch what they look for.
//!
//! Without `/usr/bin/chromium` these tests print why and pass, unless `CI` is set: in CI a
//! missing browser is a failure (`.ci/run` installs Debian's `chromium`).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{data, path_str, run, Workdir};

const CHROMIUM: &str = "/usr/bin/chromium";
/// Longest wait for one page; a hung browser fails the test instead of hanging the suite.
const DEADLINE: Duration = Duration::from_secs(180);

fn chromium() -> Option<PathBuf> {
    if Path::new(CHROMIUM).exists() {
        return Some(PathBuf::from(CHROMIUM));
    }
    if std::env::var_os("CI").is_some() {
        panic!("CI is set but {CHROMIUM} is missing: .ci/run must `apt-get install -y chromium`");
    }
    eprintln!(
        "SKIPPED browser test: {CHROMIUM} not found (apt-get install chromium); with CI set this fails"
    );
    None
}

/// What the browser did with a page.
struct Visit {
    /// Console messages.
    console: Vec<String>,
    /// URLs of requests the page itself made.
    requests: Vec<String>,
    width: u32,
    height: u32,
    /// RGB pixels of the screenshot.
    pixels: Vec<[u8; 3]>,
}

impl Visit {
    fn non_white_fraction(&self) -> f64 {
        let n = self.pixels.iter().filter(|p| p.iter().any(|&c| c < 245)).count();
        n as f64 / self.pixels.len().max(1) as f64
    }

    fn distinct_colours(&self) -> usize {
        let mut seen: Vec<[u8; 3]> = self.pixels.clone();
        seen.sort_unstable();
        seen.dedup();
        seen.len()
    }

    /// Pixels exactly of colour `hex` (`#rrggbb`).
    fn count(&self, hex: &str) -> usize {
        let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).expect("hex colour");
        let rgb = [(v >> 16) as u8, (v >> 8) as u8, v as u8];
        self.pixels.iter().filter(|p| **p == rgb).count()
    }

    fn assert_clean(&self, what: &str) {
        assert!(self.console.is_empty(), "{what}: console messages: {:#?}", self.console);
        assert!(self.requests.is_empty(), "{what}: network requests: {:#?}", self.requests);
    }

    /// Not blank: a good part of the page is drawn, in many colours, and `colour` (a fill the
    /// chart uses) covers at least `min` pixels.
    fn assert_drawn(&self, what: &str, colour: &str, min: usize) {
        let (frac, colours) = (self.non_white_fraction(), self.distinct_colours());
        assert!(frac > 0.05, "{what}: only {:.1}% of the screenshot is drawn", frac * 100.0);
        assert!(colours >= 16, "{what}: only {colours} colours in the screenshot");
        let n = self.count(colour);
        assert!(n >= min, "{what}: {n} pixels of {colour}, expected at least {min}");
    }
}

/// Open `page` in headless Chromium at `width`×`height` and collect what happened.
fn visit(browser: &Path, wd: &Workdir, page: &Path, width: u32, height: u32) -> Visit {
    let stem = page.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let profile = tempfile::tempdir().expect("profile dir");
    let shot = wd.path(&format!("{stem}.screenshot.png"));
    let netlog = wd.path(&format!("{stem}.netlog.json"));
    let url = format!("file://{}", page.canonicalize().expect("page exists").display());
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=127.0.0.1:9",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--log-net-log={}", netlog.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("--window-size={width},{height}"))
        .arg(&url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let mut stderr = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    loop {
        match child.try_wait().expect("wait for chromium") {
            Some(_) => break,
            None if start.elapsed() > DEADLINE => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("chromium did not finish {} within {DEADLINE:?}", page.display());
            }
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    let log = reader.join().expect("stderr reader");
    let console: Vec<String> = log.lines().filter(|l| l.contains(":CONSOLE")).map(str::to_string).collect();
    assert!(shot.exists(), "no screenshot of {}; chromium said:\n{log}", page.display());
    let (w, h, pixels) = decode(&shot);
    let requests = page_requests(&netlog);
    if let Some(dir) = std::env::var_os("SPBE_SCREENSHOTS") {
        let _ = std::fs::copy(&shot, Path::new(&dir).join(format!("{stem}.png")));
    }
    Visit { console, requests, width: w, height: h, pixels }
}

fn decode(path: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let file = std::fs::File::open(path).expect("screenshot");
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("screenshot is a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let frame = reader.next_frame(&mut buf).expect("decode screenshot");
    let bytes = &buf[..frame.buffer_size()];
    let channels = frame.color_type.samples();
    let pixels = bytes
        .chunks_exact(channels)
        .map(|p| match channels {
            1 | 2 => [p[0], p[0], p[0]],
            _ => [p[0], p[1], p[2]],
        })
        .collect();
    (frame.width, frame.height, pixels)
}

/// URLs of the requests in a NetLog that a page started (its initiator is an origin).
fn page_requests(netlog: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(netlog).expect("NetLog written");
    // Chromium may end the file without closing the event list when it exits quickly.
    let log: serde_json::Value = serde_json::from_str(&text)
        .or_else(|_| serde_json::from_str(&format!("{}]}}", text.trim_end().trim_end_matches(','))))
        .expect("NetLog is JSON");
    let Some(start_job) = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"].as_u64() else {
        panic!("NetLog without URL_REQUEST_START_JOB")
    };
    log["events"]
        .as_array()
        .map(|events| {
            events
                .iter()
                .filter(|e| e["type"].as_u64() == Some(start_job))
                .filter(|e| e["params"]["initiator"].as_str() != Some("not an origin"))
                .filter_map(|e| e["params"]["url"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Size of a standalone SVG, to open it in a window that fits.
fn svg_window(path: &Path) -> (u32, u32) {
    let svg = std::fs::read_to_string(path).expect("chart");
    let (w, h) = crate::chart::svg_size(&svg);
    (w.ceil() as u32, h.ceil() as u32)
}

#[test]
fn report_renders_offline_without_errors() {
    let Some(browser) = chromium() else { return };
    let wd = Workdir::new();
    crate::report::jambi_report(&wd, "id");
    let v = visit(&browser, &wd, &wd.path("laporan.html"), 1200, 1600);
    v.assert_clean("report");
    assert_eq!((v.width, v.height), (1200, 1600));
    // The bars of the index chart (#2f5d8a) and the baseline's bar (#d95f02) are drawn.
    v.assert_drawn("report", "#2f5d8a", 2000);
    v.assert_drawn("report", "#d95f02", 200);
}

#[test]
fn report_with_markup_in_the_data_runs_nothing() {
    let Some(browser) = chromium() else { return };
    let wd = Workdir::new();
    let (code, _, err) = run(wd.cmd().args([
        "--rubric",
        &path_str(&data("xss/rubric.toml")),
        "report",
        &path_str(&data("xss/levels.csv")),
        "--title",
        "<script>alert(6)</script>",
        "--target",
        "4",
        "-o",
        "xss.html",
    ]));
    assert_eq!(code, 0, "{err}");
    // An injected script would be refused by the page's policy, and the refusal logged.
    let v = visit(&browser, &wd, &wd.path("xss.html"), 1000, 1200);
    v.assert_clean("report with markup");
    v.assert_drawn("report with markup", "#2f5d8a", 200);
}

#[test]
fn charts_render_offline_without_errors() {
    let Some(browser) = chromium() else { return };
    let wd = Workdir::new();
    // Per chart, a fill it uses over a good area: bars and radar points (#2f5d8a), the darkest
    // heatmap level (#253494, level 5), the trend lines and points (#2f5d8a).
    for (kind, colour, min) in [
        ("bar", "#2f5d8a", 2000),
        ("radar", "#2f5d8a", 300),
        ("heatmap", "#253494", 1000),
        ("trend", "#2f5d8a", 300),
    ] {
        let name = format!("{kind}.svg");
        crate::chart::jambi_chart(&wd, kind, &name, &[]);
        let (w, h) = svg_window(&wd.path(&name));
        let v = visit(&browser, &wd, &wd.path(&name), w, h);
        v.assert_clean(kind);
        v.assert_drawn(kind, colour, min);
    }
}

#[test]
fn control_a_page_request_is_caught() {
    let Some(browser) = chromium() else { return };
    let wd = Workdir::new();
    // No policy: the image is requested (and fails: names do not resolve, the proxy is closed).
    let page = wd.write(
        "fetch.html",
        "<!DOCTYPE html><html><body><p>x</p><img src=\"http://example.invalid/x.png\"></body></html>",
    );
    let v = visit(&browser, &wd, &page, 400, 300);
    assert!(v.requests.iter().any(|u| u == "http://example.invalid/x.png"), "{:?}", v.requests);
}

#[test]
fn control_a_console_error_is_caught() {
    let Some(browser) = chromium() else { return };
    let wd = Workdir::new();
    // The report's own policy refuses the inline script, and says so on the console.
    let page = wd.write(
        "csp.html",
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">\
         </head><body><script>document.title = 'ran'</script></body></html>",
    );
    let v = visit(&browser, &wd, &page, 400, 300);
    assert!(v.console.iter().any(|l| l.contains("Content Security Policy")), "{:?}", v.console);
}

/// The layout width a page gets in a frame `width` px wide: a copy of `page` without its
/// policy and with a probe script, shown in a frame of exactly that width (headless Chromium
/// lays a top-level page out at least 500 px wide, whatever the window). The probe draws a
/// 40 × 40 square at the top left: green when the page does not scroll sideways (its
/// `scrollWidth` ≤ the viewport, which is `width`), magenta when it does.
fn framed(wd: &Workdir, page: &Path, width: u32, height: u32) -> PathBuf {
    let stem = page.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let html = std::fs::read_to_string(page).expect("page");
    let start = html.find("<meta http-equiv=\"Content-Security-Policy\"").expect("policy");
    let end = start + html[start..].find('>').expect("end of meta") + 1;
    let probe = format!(
        "{}{}",
        &html[..start],
        html[end..].replace(
            "</body>",
            &format!(
                "<script>window.onload = function () {{ var e = document.documentElement; \
                 var ok = e.scrollWidth <= e.clientWidth && e.clientWidth === {width}; \
                 var d = document.createElement('div'); \
                 d.style.cssText = 'position:fixed;left:0;top:0;width:40px;height:40px;z-index:9;background:' + \
                 (ok ? '#00ff00' : '#ff00ff'); document.body.appendChild(d); }};</script></body>"
            ),
        )
    );
    let probe_path = wd.write(&format!("{stem}.{width}.probe.html"), probe);
    let name = probe_path.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    wd.write(
        &format!("{stem}-{width}.html"),
        format!(
            "<!DOCTYPE html><html><body style=\"margin:0\"><iframe src=\"{name}\" \
             style=\"border:0;display:block;width:{width}px;height:{height}px\"></iframe></body></html>"
        ),
    )
}

#[test]
fn report_fits_a_phone_and_a_desktop_without_sideways_scrolling() {
    let Some(browser) = chromium() else { return };
    let wd = Workdir::new();
    for lang in ["id", "en"] {
        crate::report::jambi_report(&wd, lang);
        let page = wd.path(&format!("laporan-{lang}.html"));
        std::fs::rename(wd.path("laporan.html"), &page).expect("rename");
        for (width, height) in [(390, 2400), (1366, 1800)] {
            let frame = framed(&wd, &page, width, height);
            let v = visit(&browser, &wd, &frame, width, height);
            let what = format!("{lang} at {width} px");
            assert_eq!(v.count("#ff00ff"), 0, "{what}: the page scrolls sideways");
            assert!(v.count("#00ff00") >= 1500, "{what}: the probe did not run");
            // Not blank: the ranking's rating colours, the index bars and the radars are drawn.
            v.assert_drawn(&what, "#2f5d8a", 2000);
        }
    }
}

/// Pages of a PDF: its page objects (`/Type /Page`, not `/Pages`).
fn pdf_pages(pdf: &[u8]) -> usize {
    let key = b"/Type /Page";
    pdf.windows(key.len() + 1).filter(|w| &w[..key.len()] == key && w[key.len()] != b's').count()
}

#[test]
fn report_prints_on_a4_to_as_many_pages_in_both_languages() {
    let Some(browser) = chromium() else { return };
    let wd = Workdir::new();
    let mut pages = Vec::new();
    for lang in ["en", "id"] {
        let (code, _, err) = run(wd.cmd().env("SOURCE_DATE_EPOCH", crate::report::EPOCH).args([
            "--lang",
            lang,
            "report",
            &path_str(&crate::common::example("jambi/published-2023-2024.csv")),
            &path_str(&crate::common::example("jambi/mandiri")),
            "--year",
            "2025",
            "--baseline",
            "Provinsi Jambi",
            "--target",
            "Baik",
            "-o",
            &format!("{lang}.html"),
        ]));
        assert_eq!(code, 0, "{err}");
        let page = wd.path(&format!("{lang}.html"));
        let pdf = wd.path(&format!("{lang}.pdf"));
        let profile = tempfile::tempdir().expect("profile dir");
        let status = Command::new(&browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-pdf-header-footer",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", page.canonicalize().expect("page").display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run chromium");
        assert!(status.success(), "chromium --print-to-pdf failed");
        let bytes = std::fs::read(&pdf).expect("PDF written");
        assert!(bytes.starts_with(b"%PDF"), "not a PDF");
        if let Some(dir) = std::env::var_os("SPBE_SCREENSHOTS") {
            let _ = std::fs::copy(&pdf, Path::new(&dir).join(format!("report-{lang}.pdf")));
        }
        pages.push(pdf_pages(&bytes));
    }
    // The ranking and the bar chart (then the contribution chart, on a page of its own), the
    // radars (12 regions: four rows of three on one page), the heatmap, the trends and the
    // plans each start a page: seven pages; the notes of the 12 regions (55 rows) follow on
    // two more, in either language.
    let (en, id) = (pages[0], pages[1]);
    assert!(en.abs_diff(id) <= 1, "English {en} pages, Indonesian {id}");
    assert!((8..=10).contains(&en) && (8..=10).contains(&id), "English {en} pages, Indonesian {id}");
}

#[test]
fn control_a_page_that_scrolls_sideways_is_caught() {
    let Some(browser) = chromium() else { return };
    let wd = Workdir::new();
    let page = wd.write(
        "wide.html",
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">\
         </head><body><div style=\"width:600px;height:50px;background:#2f5d8a\"></div></body></html>",
    );
    let v = visit(&browser, &wd, &framed(&wd, &page, 390, 300), 390, 300);
    assert!(v.count("#ff00ff") >= 1500, "the probe did not see the page scroll sideways");
}
