/// What a Type 2 tag's GET_VERSION answer says about it.
public struct Type2Product: Hashable, Sendable {
    /// A readable name, e.g. `NTAG215`.
    public var name: String
    /// The user memory in bytes (the NDEF data area may be a little smaller, per the CC).
    public var userMemorySize: Int?
    /// Whether the chip supports FAST_READ (`3A`).
    public var supportsFastRead: Bool

    /// Creates a description.
    public init(name: String, userMemorySize: Int?, supportsFastRead: Bool) {
        self.name = name
        self.userMemorySize = userMemorySize
        self.supportsFastRead = supportsFastRead
    }

    /// Identifies the chip from its 8 GET_VERSION bytes (header, vendor, type, subtype, major, minor, size, protocol).
    public init(version: [UInt8]) {
        guard version.count == 8, version[1] == 0x04 else {
            self.init(name: "Type 2 tag", userMemorySize: nil, supportsFastRead: false)
            return
        }
        switch (version[2], version[6]) {
        case (0x04, 0x0B): self.init(name: "NTAG210", userMemorySize: 48, supportsFastRead: true)
        case (0x04, 0x0E): self.init(name: "NTAG212", userMemorySize: 128, supportsFastRead: true)
        case (0x04, 0x0F): self.init(name: "NTAG213", userMemorySize: 144, supportsFastRead: true)
        case (0x04, 0x11): self.init(name: "NTAG215", userMemorySize: 504, supportsFastRead: true)
        case (0x04, 0x13): self.init(name: "NTAG216", userMemorySize: 888, supportsFastRead: true)
        case (0x03, 0x0B):
            self.init(name: "MIFARE Ultralight EV1 (MF0UL11)", userMemorySize: 48, supportsFastRead: true)
        case (0x03, 0x0E):
            self.init(name: "MIFARE Ultralight EV1 (MF0UL21)", userMemorySize: 128, supportsFastRead: true)
        case (0x04, _): self.init(name: "NXP NTAG", userMemorySize: nil, supportsFastRead: true)
        case (0x03, _): self.init(name: "NXP MIFARE Ultralight", userMemorySize: nil, supportsFastRead: true)
        default: self.init(name: "NXP Type 2 tag", userMemorySize: nil, supportsFastRead: false)
        }
    }

    /// A tag that NAKed GET_VERSION or was read where it cannot be sent: Ultralight, NTAG203 or another vendor.
    public static let unidentified = Type2Product(name: "Type 2 tag", userMemorySize: nil, supportsFastRead: false)
}
