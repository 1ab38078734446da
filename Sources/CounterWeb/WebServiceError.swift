/// The web service could not start or stopped: the address could not be bound, a bundled file is missing.
public struct WebServiceError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
