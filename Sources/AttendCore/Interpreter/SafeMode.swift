#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--safe`: the rules for running a script someone else wrote (Docs/reliability.md).
///
/// The register is loaded before the script runs, by the command line. Inside the script:
/// - `into FILE` writes only a results file (`.csv`, `.tsv`, `.json`, `.md`, `.txt`, `.xlsx`, not
///   named like a register file) inside the current folder;
/// - `letters … into FOLDER` writes only inside the current folder (the session's output
///   folder);
/// - `letters using TEMPLATE` reads the template and its partials only from the script's
///   own folder and the folders inside it (for `-c` and the prompt: the current folder).
///
/// A path must be relative, with no `..` and no hidden (dot) name, and after every
/// symbolic link in the part that exists is resolved it must still lie inside its folder.
/// Nothing else in the language reads or writes a file. The checks are made when the
/// statement runs; they guard against what a script says, not against another process
/// changing the folders at the same moment.
enum SafeMode {
    /// Why `path` (as the script wrote it, relative to `root`) is refused, or nil.
    static func problem(_ path: String, root: String, leaving: String) -> String? {
        if path.hasPrefix("/") { return "it is an absolute path" }
        if path.hasPrefix("~") { return "it starts with ~" }
        let parts = path.split(separator: "/").map(String.init)
        if parts.contains("..") { return "it goes up a folder with `..`" }
        if parts.contains(where: { $0.hasPrefix(".") && $0 != "." }) { return "it names a hidden file or folder" }
        guard let realRoot = realPath(root) else { return "\(root) cannot be found" }
        // The longest part of the path that exists, with its links resolved, must be inside.
        var k = parts.count
        while k >= 0 {
            let prefix = ([root] + parts.prefix(k)).joined(separator: "/")
            if let real = realPath(prefix) {
                return isInside(real, realRoot) ? nil : "it leads outside \(leaving) (through a symbolic link)"
            }
            k -= 1
        }
        return "\(root) cannot be found"
    }

    /// The extensions `into` may write with --safe.
    static let resultExtensions: Set<String> = ["csv", "tsv", "tab", "json", "md", "markdown", "txt", "xlsx"]
    /// File names `into` may never write with --safe.
    static let registerNames: Set<String> = ["pupils.csv", "marks.csv", "calendar.csv", "school.conf"]

    static func isResultsFile(_ path: String) -> Bool {
        let name = (path.split(separator: "/").last.map(String.init) ?? path).lowercased()
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        return resultExtensions.contains(String(name[name.index(after: dot)...])) && !registerNames.contains(name)
    }

    /// The path with every symbolic link resolved, when it exists.
    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    static func isInside(_ path: String, _ root: String) -> Bool {
        path == root || path.hasPrefix(root == "/" ? "/" : root + "/")
    }

    // MARK: The checks

    /// `into PATH` (relative to the current folder).
    static func checkResults(_ path: String, at site: DiagnosticSite) throws(Diagnostic) {
        if let why = problem(path, root: ".", leaving: "the current folder") { throw .safeModeWrite(path, why: why, at: site) }
        if !isResultsFile(path) { throw .safeModeResultsFile(path, at: site) }
    }

    /// `.output FILE` or `.once FILE` at the prompt: the rule for `into`, pointing at the file.
    static func checkResults(_ path: String) throws(Diagnostic) {
        let site = DiagnosticSite(source: QuerySource(text: path, span: 0..<path.utf8.count), location: nil)
        try checkResults(path, at: site)
    }

    /// `letters … into FOLDER` (relative to the output folder).
    static func checkLettersFolder(_ folder: String, root: String?, at site: DiagnosticSite) throws(Diagnostic) {
        if let why = problem(folder, root: root ?? ".", leaving: "the current folder") { throw .safeModeWrite(folder, why: why, at: site) }
    }

    /// `letters using TEMPLATE` (relative to the script's folder).
    static func checkTemplate(_ template: String, root: String?, at site: DiagnosticSite) throws(Diagnostic) {
        if let why = problem(template, root: root ?? ".", leaving: "the script's folder") { throw .safeModeRead(template, why: why, at: site) }
    }

    /// A partial found for a template: its real path must be inside the script's folder.
    static func checkPartial(_ file: String, root: String, at site: DiagnosticSite) throws(Diagnostic) {
        guard let realRoot = realPath(root), let real = realPath(file), isInside(real, realRoot) else {
            throw .safeModeRead(file, why: "it is outside the script's folder (through a symbolic link)", at: site)
        }
    }
}
