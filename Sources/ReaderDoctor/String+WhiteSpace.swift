extension StringProtocol {
    /// The text without leading and trailing white space (sysfs attributes end in a newline).
    var trimmedWhiteSpace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
