// The catalogue of messages about Excel workbooks (`into "x.xlsx"`, --format xlsx). Keep the
// codes stable: F-codes are I/O errors (exit status 74), U-codes usage errors (64).

extension Diagnostic {
    /// F050: libxlsxwriter could not make the workbook (a full disk, a library limit).
    static func workbookFailed(_ path: String, reason: String) -> Diagnostic {
        Diagnostic("F050", message: "cannot write the workbook \(path): \(reason)",
                   hint: "check the folder is writable and the disk is not full; nothing was left half-written",
                   location: SourceLocation(file: path))
    }

    /// U050: an xlsx result with no file to go to (--format xlsx, `set format xlsx`).
    static func workbookNeedsFile(at site: DiagnosticSite?) -> Diagnostic {
        let d = Diagnostic("U050", message: "a workbook cannot be shown here: the xlsx format writes a file",
                           hint: "add `into \"results.xlsx\"` to the statement, or choose another format (table, csv, tsv, json, markdown)")
        return site.map { d.placed(at: $0) } ?? d
    }

    /// U051: `.output x.xlsx` or `.once x.xlsx`: those write text, and a workbook is not text.
    public static func workbookIsNotText(_ path: String) -> Diagnostic {
        Diagnostic("U051", message: "\(Diagnostic.clip(path, 60)) would be a workbook, and .output and .once write text",
                   hint: "write a workbook with `into \"\(Diagnostic.clip(path, 60))\"` after the statement")
    }
}
