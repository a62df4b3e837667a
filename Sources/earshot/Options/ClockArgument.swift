/// A point in a recording given on the command line as seconds (`90`, `2.5`) or as the times Earshot shows
/// (`1:30`, `1:30.5`, `1:02:05.5`).
enum ClockArgument {
    /// `text` in seconds, or nil when it is neither decimal seconds nor `m:ss(.s)` / `h:mm:ss(.s)` (seconds and,
    /// with hours, minutes under 60; every part decimal digits).
    static func seconds(_ text: String) -> Double? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count > 1 else { return DecimalArgument.value(text) }
        guard parts.count <= 3, let last = parts.last, let seconds = DecimalArgument.value(last),
            last.first?.isNumber == true, seconds < 60
        else { return nil }
        var total = seconds
        var scale = 60.0
        for (index, part) in parts.dropLast().reversed().enumerated() {
            guard !part.isEmpty, part.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Double(part) else {
                return nil
            }
            if index == 0 && parts.count == 3 && value >= 60 { return nil }  // h:mm:ss: minutes under 60
            total += value * scale
            scale *= 60
        }
        return total
    }
}
