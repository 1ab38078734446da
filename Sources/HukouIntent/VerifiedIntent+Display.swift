import HukouText

extension VerifiedIntent {
    /// The applicant's fields for display: personal values masked by their catalog kind unless `reveal` is set.
    ///
    /// Every display and log line goes through this (or ``PrivacyMask`` directly); only an explicit reveal by the
    /// clerk shows full values.
    public func displayFields(reveal: Bool = false) -> [String: String] {
        guard let applicant else { return [:] }
        var shown: [String: String] = [:]
        for (key, value) in applicant.fields {
            guard !reveal, let kind = business.fields[key]?.kind, kind.isPersonal else {
                shown[key] = value
                continue
            }
            shown[key] =
                switch kind {
                case .idNumber: PrivacyMask.idNumber(value)
                case .personName: PrivacyMask.name(value)
                case .householdNumber: PrivacyMask.householdNumber(value)
                case .address: PrivacyMask.address(value)
                default: PrivacyMask.text(value)
                }
        }
        return shown
    }
}
