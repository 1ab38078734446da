/// The audit log's names for what is recorded besides a state change (state changes are named by
/// ``Transition/auditName``). One list, so the writers and ``AuditReplay`` cannot disagree.
enum AuditAction {
    /// A tap stored a new pending transaction.
    static let tap = "tap"
    /// The retention purge removed a finished transaction's sealed personal data.
    static let purge = "purge"
    /// The applicant data was shown in the application view (serving window only).
    static let reveal = "reveal"
    /// The clerk ticked materials off (serving window only).
    static let checkMaterials = "check_materials"
    /// The applicant data was written to a hand-off record.
    static let export = "export"
    /// An action the access rules do not allow was asked for.
    static let refused = "refused"
    /// The citizen's pad stored a 好差评 evaluation of a completed transaction.
    static let evaluate = "evaluate"
    /// A supervisor recorded the rectification (整改) of a bad evaluation.
    static let rectify = "rectify"

    /// Where each action that changes no state may stand: `nil` for anywhere after the tap.
    static let allowedStates: [String: Set<TransactionState>?] = [
        purge: Set(TransactionState.allCases.filter(\.isFinal)),
        reveal: [.serving],
        checkMaterials: [.serving],
        export: nil,
        refused: nil,
        evaluate: [.completed],
        rectify: [.completed],
    ]
}
