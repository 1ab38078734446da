/// The options of a `sim:` reader: `sim:NAME[,KEY=VALUE…]`.
///
/// Without a tag the reader waits for tags presented by code (tests, the daemon's control socket). With
/// `tag=KIND` (or a NAME that is a kind, e.g. `sim:ntag215`) it presents one tag as soon as it runs, which
/// is how `hukou tag read --reader sim:…` reads a made-up tag.
///
/// Keys: `tag` (a ``TagModelKind`` raw value), `ndef` (the message as hex), `ndef-file` (a file holding the
/// raw message; no commas in the path), `image` (a Type 2 memory dump from page 0, raw or hex such as one page per
/// line, served as it is), `remove-after`, `corrupt`, `timeout-at`, `unplug-after` (a
/// ``FaultPlan`` by command index), `frame` (the reader's maximum response length, 16…65535).
public struct SimulatedReaderSpec: Hashable, Sendable, CustomStringConvertible {
    /// The reader's name (the part before the first comma).
    public var name: String
    /// The tag presented when the reader starts, if any.
    public var tag: TagModelKind?
    /// The NDEF message of that tag, as hex text.
    public var ndefHex: String?
    /// A file holding the raw NDEF message of that tag.
    public var ndefFile: String?
    /// A file holding a whole Type 2 memory image for that tag.
    public var imageFile: String?
    /// Faults for that tag.
    public var faults: FaultPlan
    /// The reader's maximum response length, if not the default.
    public var frameLimit: Int?

    /// Creates a specification.
    public init(
        name: String,
        tag: TagModelKind? = nil,
        ndefHex: String? = nil,
        ndefFile: String? = nil,
        imageFile: String? = nil,
        faults: FaultPlan = .none,
        frameLimit: Int? = nil
    ) {
        self.name = name
        self.tag = tag
        self.ndefHex = ndefHex
        self.ndefFile = ndefFile
        self.imageFile = imageFile
        self.faults = faults
        self.frameLimit = frameLimit
    }

    /// Parses what follows `sim:`.
    ///
    /// - Throws: ``ReaderSpecError``.
    public init(parsing text: String) throws(ReaderSpecError) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let name = parts[0]
        guard !name.isEmpty, !name.contains("=") else {
            throw ReaderSpecError(.missingName, "'sim:\(text)': the name comes first, e.g. sim:window1,tag=ntag215")
        }
        self.init(name: name, tag: TagModelKind(rawValue: name))
        for part in parts.dropFirst() {
            guard let equals = part.firstIndex(of: "=") else {
                throw ReaderSpecError(.invalidValue, "'sim:\(text)': '\(part)' is not KEY=VALUE")
            }
            let key = String(part[..<equals])
            let value = String(part[part.index(after: equals)...])
            func count() throws(ReaderSpecError) -> Int {
                guard let number = Int(value), number >= 0, number <= 1_000_000 else {
                    throw ReaderSpecError(.invalidValue, "'sim:\(text)': \(key) needs a command index, not '\(value)'")
                }
                return number
            }
            switch key {
            case "tag":
                guard let kind = TagModelKind(rawValue: value) else {
                    let kinds = TagModelKind.allCases.map(\.rawValue).joined(separator: ", ")
                    throw ReaderSpecError(.invalidValue, "'sim:\(text)': tag is one of \(kinds)")
                }
                tag = kind
            case "ndef": ndefHex = value
            case "ndef-file": ndefFile = value
            case "image": imageFile = value
            case "remove-after": faults.removeAfter = try count()
            case "corrupt": faults.corruptResponse = try count()
            case "timeout-at": faults.timeoutAt = try count()
            case "unplug-after": faults.unplugAfter = try count()
            case "frame":
                guard let limit = Int(value), (16...65535).contains(limit) else {
                    throw ReaderSpecError(.invalidValue, "'sim:\(text)': frame is 16…65535 bytes")
                }
                frameLimit = limit
            default:
                throw ReaderSpecError(.unknownOption, "'sim:\(text)': unknown option '\(key)'")
            }
        }
        if [ndefHex, ndefFile, imageFile].compactMap({ $0 }).count > 1 {
            throw ReaderSpecError(.invalidValue, "'sim:\(text)': give one of ndef, ndef-file and image")
        }
        if imageFile != nil, let tag, !tag.isType2 {
            throw ReaderSpecError(.invalidValue, "'sim:\(text)': image needs a Type 2 tag kind")
        }
        if tag == nil, ndefHex != nil || ndefFile != nil || imageFile != nil || faults != .none {
            throw ReaderSpecError(.invalidValue, "'sim:\(text)': NDEF and fault options need tag=KIND")
        }
    }

    public var description: String {
        var parts = [name]
        if let tag, tag.rawValue != name { parts.append("tag=\(tag)") }
        if let ndefHex { parts.append("ndef=\(ndefHex)") }
        if let ndefFile { parts.append("ndef-file=\(ndefFile)") }
        if let imageFile { parts.append("image=\(imageFile)") }
        if let value = faults.removeAfter { parts.append("remove-after=\(value)") }
        if let value = faults.corruptResponse { parts.append("corrupt=\(value)") }
        if let value = faults.timeoutAt { parts.append("timeout-at=\(value)") }
        if let value = faults.unplugAfter { parts.append("unplug-after=\(value)") }
        if let frameLimit { parts.append("frame=\(frameLimit)") }
        return parts.joined(separator: ",")
    }
}
