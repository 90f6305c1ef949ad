// The catalogue of messages about `attend demo`'s options, U04x.

extension Diagnostic {
    static func unknownDemoStyle(_ word: String, known: [String]) -> Diagnostic {
        Diagnostic("U042", message: "--style: \"\(word)\" is not a style",
                   hint: "styles: \(known.joined(separator: ", ")); combine them with commas, e.g. --style crlf-bom,uk-dates")
    }

    static func demoStyleBothOrders(_ text: String) -> Diagnostic {
        Diagnostic("U043", message: "--style \(text): rows cannot be both in date order and shuffled",
                   hint: "choose date-order or shuffled")
    }
}
