import Foundation
import Testing

/// `attend report monthly`: the governors' report as a user gets it, and rendered in a real
/// browser (headless Chromium, as `.ci/run` installs it): its text equals `summary`'s
/// figures, its page count, a PNG of it, and nothing fetched. The browser tests are skipped,
/// with the reason shown, only when chromium or pdftotext is not installed.
@Suite struct GovernorsReportTests {
    static let chromiumPath: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/local/bin/chromium"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static let pdftotextPath: String? = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let pdfinfo: String? = ["/usr/bin/pdfinfo", "/usr/local/bin/pdfinfo"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var browserReady: Bool { chromiumPath != nil && pdftotextPath != nil && pdfinfo != nil }

    static let args = ["--demo", "--as-of", "2026-03-20"]

    func attend(_ args: [String], in dir: TempDir) throws -> RunOutput {
        try runProcess(try AttendBinary.require(), arguments: args, input: "", environment: ["NO_COLOR": "1"], directory: dir.url, timeout: 60)
    }

    func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int) ?? -1
    }

    /// The `all` and `national` rows of `summary compared with national`, as the table shows them.
    func summaryRows(in dir: TempDir) throws -> [String: [String: String]] {
        let out = try attend(["query", "summary compared with national"] + Self.args, in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        let lines = out.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("│") }
        func cells(_ l: String) -> [String] { l.split(separator: "│").map { $0.trimmingCharacters(in: .whitespaces) } }
        let header = cells(try #require(lines.first))
        var rows: [String: [String: String]] = [:]
        for l in lines.dropFirst() {
            let c = cells(l)
            rows[c[0]] = Dictionary(uniqueKeysWithValues: zip(header, c))
        }
        return rows
    }

    @Test func writesAnOwnerOnlySelfContainedFile() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let out = try attend(["report", "monthly", "-o", "report.html"] + Self.args, in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stderr.contains("wrote report.html (as of 2026-03-20)"))
        #expect(mode(dir.path("report.html")) == 0o600)
        let html = try #require(dir.read("report.html"))
        // Self-contained: no script, no stylesheet or image fetched, no link out.
        for banned in ["<script", "<link", "src=", "href=", "url(http", "@import", "<iframe", "<object", "<embed"] {
            #expect(!html.lowercased().contains(banned), "the report holds \(banned)")
        }
        #expect(html.contains("@page { size: A4"))
        // Charts have titles, axis labels and values on hover.
        #expect(html.contains("<svg class=\"chart\""))
        #expect(html.contains("attendance rate (%)"))
        #expect(html.contains("<title>7: 93.3%</title>") || html.contains("<title>7: "))
        // The figures are `summary`'s.
        let rows = try summaryRows(in: dir)
        let all = try #require(rows["all"]), national = try #require(rows["national"])
        #expect(html.contains("<div class=\"v\">\(all["rate"]!)%</div>"))
        #expect(html.contains("<div class=\"v\">\(all["PA %"]!)%</div>"))
        #expect(html.contains("national: \(national["rate"]!)%"))
        #expect(html.contains("\(all["PA"]!) pupils"))
        // Again without --force: refused, the file as it was; with --force: replaced.
        let again = try attend(["report", "monthly", "-o", "report.html"] + Self.args, in: dir)
        #expect(again.status == 74)
        #expect(again.stderr.contains("F005"))
        let forced = try attend(["report", "monthly", "-o", "report.html", "--force"] + Self.args, in: dir)
        #expect(forced.status == 0, "\(forced.stderr)")
    }

    @Test func namesOnlyWithPupils() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let list = try attend(["query", "pupils where severe over this year", "--format", "csv"] + Self.args, in: dir)
        let names = list.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[1] }.map(String.init)
        #expect(!names.isEmpty)
        #expect(try attend(["report", "monthly", "-o", "plain.html"] + Self.args, in: dir).status == 0)
        #expect(try attend(["report", "monthly", "-o", "named.html", "--with-pupils"] + Self.args, in: dir).status == 0)
        let plain = try #require(dir.read("plain.html")), named = try #require(dir.read("named.html"))
        for n in names {
            #expect(!plain.contains(n), "\(n) is in the report without --with-pupils")
            #expect(named.contains(n))
        }
        #expect(plain.contains("Names are left out of this report"))
    }

    @Test func refusesAnUnknownReportAndAScriptThatWrites() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let unknown = try attend(["report", "weekly", "-o", "r.html"] + Self.args, in: dir)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("U060"))
        try dir.write("mine.attend", "print \"## Mine\"\nsummary into \"x.csv\"\n")
        let writes = try attend(["report", "monthly", "-o", "r.html", "--script", "mine.attend"] + Self.args, in: dir)
        #expect(writes.status == 1)
        #expect(writes.stderr.contains("Q160"))
        #expect(!FileManager.default.fileExists(atPath: dir.path("r.html")))
        // A school's own script: its sections are the report.
        try dir.write("mine.attend", "print \"## Our own section\"\nrate by form over this term\n")
        let own = try attend(["report", "monthly", "-o", "r.html", "--script", "mine.attend"] + Self.args, in: dir)
        #expect(own.status == 0, "\(own.stderr)")
        #expect(dir.read("r.html")?.contains("<h2>Our own section</h2>") == true)
    }

    // MARK: In the browser

    /// Runs headless Chromium with every host name unresolvable and a net log; returns the
    /// URLs the log shows requested, leaving out Chromium's own services (its update,
    /// time and account checks, which it makes whatever the page).
    func chromium(_ page: String, _ output: [String], in dir: TempDir, log: String) throws -> [String] {
        let browser = try #require(Self.chromiumPath)
        let run = try runProcess(browser, arguments: ["--headless", "--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND",
                                                      "--disable-background-networking", "--disable-component-update", "--disable-sync",
                                                      "--no-first-run", "--disable-extensions", "--user-data-dir=\(dir.path("profile-\(log)"))",
                                                      "--log-net-log=\(dir.path(log))"] + output + ["file://\(page)"],
                                 input: "", directory: dir.url, timeout: 120)
        #expect(run.status == 0, "chromium: \(run.stderr.suffix(500))")
        let netlog = dir.read(log) ?? ""
        var urls = Set<String>()
        var rest = netlog[...]
        while let r = rest.range(of: "\"url\":\"") {
            let tail = rest[r.upperBound...]
            guard let end = tail.firstIndex(of: "\"") else { break }
            urls.insert(String(tail[..<end]))
            rest = tail[end...]
        }
        let own = ["google.com", "googleapis.com", "gvt1.com", "gstatic.com"]
        return urls.filter { u in
            guard u.hasPrefix("http") else { return false }
            let host = u.split(separator: "/").dropFirst().first.map(String.init) ?? ""
            return !own.contains { host == $0 || host.hasSuffix("." + $0) }
        }.sorted()
    }

    @Test(.enabled(if: browserReady, "chromium, pdftotext or pdfinfo is not installed (.ci/run installs chromium and poppler-utils): the browser checks did not run"))
    func rendersInChromium() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let out = try attend(["report", "monthly", "-o", "report.html"] + Self.args, in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        let fetched = try chromium(dir.path("report.html"), ["--no-pdf-header-footer", "--print-to-pdf=\(dir.path("report.pdf"))"], in: dir, log: "net.json")
        #expect(fetched.isEmpty, "the report fetched \(fetched)")
        #expect(FileManager.default.fileExists(atPath: dir.path("report.pdf")))
        let info = try runProcess(try #require(Self.pdfinfo), arguments: [dir.path("report.pdf")], input: "")
        let pages = info.stdout.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last ?? "") }
        // Seven sections, each from a new page; the groups' bars run over to a second page.
        #expect(pages == 8, "\(info.stdout)")
        let text = try runProcess(try #require(Self.pdftotextPath), arguments: ["-layout", dir.path("report.pdf"), "-"], input: "").stdout
        let rows = try summaryRows(in: dir)
        let all = try #require(rows["all"]), national = try #require(rows["national"])
        #expect(text.contains("\(all["rate"]!)%"))
        #expect(text.contains("\(all["PA %"]!)%"))
        #expect(text.contains("\(all["pupils"]!)"))
        #expect(text.contains("\(all["unauthorised"]!)"))
        #expect(text.contains("\(all["authorised"]!)"))
        #expect(text.contains("national: \(national["rate"]!)%"))
        for heading in ["Headline figures this year", "Weekly attendance and the month's change", "Month by month", "Attendance by year group",
                        "Attendance by group of pupils", "Persistent and severe absence", "Absence by reason"] {
            #expect(text.contains(heading))
        }
        #expect(text.contains("no figures"), "last year is said to have no figures on a one-year register")
        // A screenshot of the first page.
        _ = try chromium(dir.path("report.html"), ["--window-size=794,1123", "--screenshot=\(dir.path("first.png"))"], in: dir, log: "net2.json")
        let png = try #require(FileManager.default.contents(atPath: dir.path("first.png")))
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    }

    /// The fetch check itself: a page that loads an image from the network is caught.
    @Test(.enabled(if: chromiumPath != nil, "chromium is not installed (.ci/run installs it): the fetch check was not tested"))
    func theFetchCheckCatchesAFetch() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        try dir.write("fetches.html", "<html><body><img src=\"https://example.org/logo.png\">hello</body></html>")
        let fetched = try chromium(dir.path("fetches.html"), ["--print-to-pdf=\(dir.path("f.pdf"))"], in: dir, log: "net.json")
        #expect(fetched == ["https://example.org/logo.png"])
    }
}
