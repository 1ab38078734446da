public import Foundation

/// The five levels of the national 好差评 evaluation.
public enum EvaluationLevel: String, Sendable, Hashable, Codable, CaseIterable {
    /// 非常满意.
    case verySatisfied = "very_satisfied"
    /// 满意.
    case satisfied
    /// 基本满意.
    case basicallySatisfied = "basically_satisfied"
    /// 不满意.
    case dissatisfied
    /// 非常不满意.
    case veryDissatisfied = "very_dissatisfied"

    /// The level's name in Chinese.
    public var nameZH: String {
        switch self {
        case .verySatisfied: "非常满意"
        case .satisfied: "满意"
        case .basicallySatisfied: "基本满意"
        case .dissatisfied: "不满意"
        case .veryDissatisfied: "非常不满意"
        }
    }

    /// 不满意 and 非常不满意: they need a reason and a follow-up (整改).
    public var isBad: Bool { self == .dissatisfied || self == .veryDissatisfied }
}

/// Why a citizen was not satisfied: the list the pad offers for a bad evaluation.
public enum EvaluationReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// 服务态度不好.
    case attitude
    /// 办理效率低.
    case slow
    /// 一次性告知不清.
    case unclearMaterials = "unclear_materials"
    /// 等候时间长.
    case longWait = "long_wait"
    /// 环境设施不便.
    case facilities
    /// 其他.
    case other

    /// The reason in Chinese.
    public var nameZH: String {
        switch self {
        case .attitude: "服务态度不好"
        case .slow: "办理效率低"
        case .unclearMaterials: "一次性告知不清"
        case .longWait: "等候时间长"
        case .facilities: "环境设施不便"
        case .other: "其他"
        }
    }

    /// The reason in English.
    public var nameEN: String {
        switch self {
        case .attitude: "Unfriendly service"
        case .slow: "Slow handling"
        case .unclearMaterials: "Materials not explained at once"
        case .longWait: "Long wait"
        case .facilities: "Inconvenient facilities"
        case .other: "Other"
        }
    }
}

/// A citizen's evaluation of one completed transaction, with the supervisor's rectification (整改) of a bad one.
public struct Evaluation: Sendable, Hashable, Codable {
    /// The transaction evaluated (one evaluation each).
    public var transactionID: TransactionID
    /// Its ticket.
    public var ticket: String?
    /// The business code.
    public var businessCode: String
    /// The window it was completed at, whose pad sent the evaluation.
    public var window: Int
    /// The level.
    public var level: EvaluationLevel
    /// The reasons chosen (at least one for a bad level).
    public var reasons: [EvaluationReason]
    /// The citizen's short text, if any (at most ``Evaluation/maximumCommentLength`` characters).
    public var comment: String?
    /// When it was given.
    public var createdAt: Date
    /// What was done about a bad one.
    public var rectification: String?
    /// The date of the rectification (station-local `yyyy-MM-dd`).
    public var rectifiedOn: String?
    /// Who recorded the rectification.
    public var rectifiedBy: String?

    /// The longest comment accepted, in characters.
    public static let maximumCommentLength = 200
    /// How long after completion the pad may still send an evaluation.
    public static let acceptanceWindow: TimeInterval = 5 * 60
}
