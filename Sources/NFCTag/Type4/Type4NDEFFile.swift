/// What reading a Type 4 tag learned about its NDEF file: the capability container and how files are selected.
///
/// ``Type4Tag/readNDEFFile(over:options:)`` returns it with the NDEF file still selected, so a write in the same
/// tap (``Type4Tag/updateNDEF(_:in:over:options:)``) needs no SELECT and no CC read of its own.
public struct Type4NDEFFile: Hashable, Sendable {
    /// The parsed CC file (mapping 1.0 is parsed with the 2.0 layout).
    public var capabilityContainer: Type4CapabilityContainer
    /// The mapping version byte as the tag announced it (`0x10`, `0x20`, `0x30`).
    public var mappingVersion: UInt8
    /// Whether the tag answered only the v1.0 application identifier.
    public var isVersion1: Bool

    /// Creates a description.
    public init(capabilityContainer: Type4CapabilityContainer, mappingVersion: UInt8, isVersion1: Bool) {
        self.capabilityContainer = capabilityContainer
        self.mappingVersion = mappingVersion
        self.isVersion1 = isVersion1
    }

    /// P2 of SELECT by file identifier: `0C` (no FCI) from mapping 2.0, `00` for 1.0.
    public var selectP2: UInt8 { isVersion1 ? 0x00 : 0x0C }

    /// The most message bytes the file holds (its size less NLEN or ENLEN).
    public var capacity: Int { capabilityContainer.maximumNDEFFileSize - capabilityContainer.lengthFieldSize }
}
