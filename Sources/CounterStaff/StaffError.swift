/// Why a person may not use the counter, or the roster is unusable, in Chinese and English.
public struct StaffError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of refusal.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The login is not on the roster.
        public static let unknownLogin = Code("unknownLogin")
        /// The process's login could not be determined.
        public static let noLogin = Code("noLogin")
        /// The sudo variables do not agree with the process (not really run by sudo as the service account).
        public static let untrustedSudo = Code("untrustedSudo")
        /// A roster entry is malformed or repeats a login or staff number.
        public static let invalidRoster = Code("invalidRoster")
        /// An option that sudo's rule does not give a clerk (another database, key, socket or configuration).
        public static let optionNotAllowed = Code("optionNotAllowed")
        /// The access rules (``StaffAccess``) do not allow this person the action.
        public static let notAllowed = Code("notAllowed")
        /// Training mode asked for on a database that is not the configured training database.
        public static let notTrainingDatabase = Code("notTrainingDatabase")
    }

    /// What was wrong.
    public var code: Code
    /// The explanation in Chinese.
    public var zh: String
    /// The explanation in English.
    public var en: String

    /// Creates an error.
    public init(_ code: Code, zh: String, en: String) {
        self.code = code
        self.zh = zh
        self.en = en
    }

    public var description: String { "\(zh) / \(en)" }
}
