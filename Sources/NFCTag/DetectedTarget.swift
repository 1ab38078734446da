/// What the reader learned about a tag when it came into the field (ISO/IEC 14443-3 A and PC/SC).
public struct DetectedTarget: Hashable, Sendable {
    /// The UID (NFCID1): 4, 7 or 10 bytes; random on every tap for a phone in card emulation.
    public var uid: [UInt8]
    /// SENS_RES (ATQA), two bytes, when the reader reports it.
    public var sensRes: [UInt8]?
    /// SEL_RES (SAK), when the reader reports it.
    public var selRes: UInt8?
    /// The ATS of an ISO-DEP target, when the reader reports it.
    public var ats: [UInt8]?
    /// The ATR a PC/SC reader synthesised for the card, when read through PC/SC.
    public var atr: [UInt8]?

    /// Creates a target description.
    public init(
        uid: [UInt8],
        sensRes: [UInt8]? = nil,
        selRes: UInt8? = nil,
        ats: [UInt8]? = nil,
        atr: [UInt8]? = nil
    ) {
        self.uid = uid
        self.sensRes = sensRes
        self.selRes = selRes
        self.ats = ats
        self.atr = atr
    }
}
