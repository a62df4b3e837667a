import EarshotCore
import Foundation

/// Text on the pages: escaped, and numbers and times as the pages show them.
extension HTMLReport {
    /// Text safe inside HTML elements and quoted attributes.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A message as HTML: escaped, and a command in backticks (`sox --ignore-length`) set as code, as a terminal
    /// reader reads the backticks. A pair counts only as the words of a sentence are set off: its opening backtick
    /// after a space, "(" or the start, its closing one before a space, punctuation or the end, no quote inside
    /// (a backtick in a file name, 'take`2.wav', stays as it is).
    static func prose(_ text: String) -> String {
        let characters = Array(text)
        let quotes: Set<Character> = ["'", "\""]
        var out = ""
        var plain = ""
        var i = 0
        while i < characters.count {
            if characters[i] == "`", i == 0 || characters[i - 1] == " " || characters[i - 1] == "(" {
                var j = i + 1
                while j < characters.count && characters[j] != "`" && !quotes.contains(characters[j]) { j += 1 }
                let closes =
                    j < characters.count && characters[j] == "`" && j > i + 1
                    && (j + 1 == characters.count || " ),.;:".contains(characters[j + 1]))
                if closes {
                    out += escape(plain) + "<code>" + escape(String(characters[(i + 1)..<j])) + "</code>"
                    plain = ""
                    i = j + 1
                    continue
                }
            }
            plain.append(characters[i])
            i += 1
        }
        return out + escape(plain)
    }

    /// `value` with exactly `decimals` decimals (0…6); "—" when not finite.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "—" }
        let places = min(max(decimals, 0), 6)
        var unit = 1
        for _ in 0..<places { unit *= 10 }
        // Rounded as the text view rounds (ReportText.tenthsOf): 15.15 held as 15.149999… gives 15.2 in both.
        let scaled = (abs(value) * Double(unit) * (1 + 1e-12)).rounded()
        guard scaled < 1e15 else { return String(value) }
        let whole = Int(scaled)
        let sign = value < 0 && whole != 0 ? "-" : ""
        guard places > 0 else { return sign + String(whole) }
        let fraction = String(whole % unit)
        return sign + String(whole / unit) + "." + String(repeating: "0", count: places - fraction.count) + fraction
    }

    /// m:ss to the nearest second, and h:mm:ss from an hour on (the text report gives tenths: m:ss.s).
    static func clock(_ seconds: Double) -> String {
        let total = Int(min(finite(seconds), 1e12).rounded())
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return total >= 3_600
            ? "\(total / 3_600):\(two(total / 60 % 60)):\(two(total % 60))" : "\(total / 60):\(two(total % 60))"
    }

    /// m:ss.s of a frame.
    static func frameClock(_ frame: Int) -> String { ReportText.clock(FrameClock.seconds(ofFrame: frame)) }

    /// h:mm:ss to the nearest second, under an hour too (0:05:00).
    static func hours(_ seconds: Double) -> String {
        let total = Int(min(finite(seconds), 1e12).rounded())
        return total >= 3_600 ? clock(seconds) : "0:" + (total < 600 ? "0" : "") + clock(seconds)
    }

    /// 0 for NaN, infinities and negatives.
    static func finite(_ value: Double) -> Double { value.isFinite ? max(value, 0) : 0 }
}
