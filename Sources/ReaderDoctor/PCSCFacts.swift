/// What `hukou doctor` learned from pcscd itself (through PC/SC discovery).
public struct PCSCFacts: Sendable, Hashable {
    /// Whether a PC/SC context could be established.
    public var reachable: Bool
    /// The reader names pcscd lists.
    public var readerNames: [String]

    /// Creates the facts.
    public init(reachable: Bool, readerNames: [String]) {
        self.reachable = reachable
        self.readerNames = readerNames
    }
}
