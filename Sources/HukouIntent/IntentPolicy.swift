public import Foundation

/// What a counter accepts: the record type, which profiles may be unsigned, and time tolerances.
public struct IntentPolicy: Sendable, Hashable {
    /// The external type of the intent record, compared byte for byte (writers emit lower case).
    public var recordType: String
    /// Profiles accepted without a signature. Default: service cards only (they carry no personal data).
    public var unsignedProfiles: Set<IntentProfile>
    /// Clock difference tolerated between the phone's backend and the counter, for `exp`, `nbf` and `iat`.
    public var clockSkew: TimeInterval
    /// The longest `exp − iat` accepted for a phone intent.
    public var maximumLifetime: TimeInterval
    /// The largest payload accepted.
    public var maximumPayloadSize: Int

    /// Creates a policy; the defaults are the recommended production values.
    public init(
        recordType: String = IntentFormat.defaultRecordType,
        unsignedProfiles: Set<IntentProfile> = [.serviceCard],
        clockSkew: TimeInterval = 60,
        maximumLifetime: TimeInterval = 600,
        maximumPayloadSize: Int = IntentFormat.maximumPayloadSize
    ) {
        self.recordType = recordType
        self.unsignedProfiles = unsignedProfiles
        self.clockSkew = clockSkew
        self.maximumLifetime = maximumLifetime
        self.maximumPayloadSize = maximumPayloadSize
    }

    /// The recommended production policy.
    public static let `default` = IntentPolicy()
}
