/// A request the store refused or could not carry out; nothing was changed.
///
/// ``code`` says what kind; ``transactionID``, ``from`` and ``to`` give the context of a refused
/// state change.
public struct CounterStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The requested state change is not allowed from the current state.
        public static let illegalTransition = Code("illegalTransition")
        /// No transaction has that id.
        public static let notFound = Code("notFound")
        /// A field of the request is out of bounds or malformed.
        public static let invalidInput = Code("invalidInput")
        /// The store key file is missing, malformed, readable by others, or not the key of this database.
        public static let invalidKey = Code("invalidKey")
        /// A sealed field does not open with this store's key (wrong key or tampered data).
        public static let sealedDataUnreadable = Code("sealedDataUnreadable")
        /// A signed intent's nonce was already used by another intent (a different payload): a replay.
        public static let replayed = Code("replayed")
        /// The database file could not be created or its mode could not be set.
        public static let fileAccess = Code("fileAccess")
        /// The backup destination already exists.
        public static let backupDestinationExists = Code("backupDestinationExists")
        /// The applicant data may be shown only at the window serving the transaction, while it is served.
        public static let notServedHere = Code("notServedHere")
        /// A stored row holds a value this version does not know (a newer or damaged database).
        public static let corruptRow = Code("corruptRow")
    }

    /// What went wrong.
    public var code: Code
    /// A readable explanation (never holds a raw ID number or name).
    public var message: String
    /// The transaction concerned, if any.
    public var transactionID: TransactionID?
    /// For ``Code/illegalTransition``: the state it was in.
    public var from: TransactionState?
    /// For ``Code/illegalTransition``: the state that was asked for.
    public var to: TransactionState?

    /// Creates an error.
    public init(
        _ code: Code,
        _ message: String,
        transactionID: TransactionID? = nil,
        from: TransactionState? = nil,
        to: TransactionState? = nil
    ) {
        self.code = code
        self.message = message
        self.transactionID = transactionID
        self.from = from
        self.to = to
    }

    static func illegal(_ id: TransactionID, from: TransactionState, to: TransactionState, _ action: String)
        -> CounterStoreError
    {
        CounterStoreError(
            .illegalTransition,
            "cannot \(action) transaction \(id): \(from) → \(to) is not allowed",
            transactionID: id,
            from: from,
            to: to
        )
    }

    public var description: String { "\(code): \(message)" }
}
