/// A USB NFC reader model the doctor recognises by vendor and product ID (libnfc's `pn53x_usb`/`acr122_usb`
/// tables and the ACS range).
public struct USBReaderModel: Hashable, Sendable {
    /// USB vendor ID.
    public var vendorID: UInt16
    /// USB product ID.
    public var productID: UInt16
    /// A readable name.
    public var name: String
    /// Whether pcscd with libccid drives it (ACS readers, SCL3711 in CCID mode).
    public var speaksCCID: Bool
    /// Whether it is an ACR122 (LED and buzzer through `FF 00 40`, CCID escape for tagless use).
    public var isACR122: Bool

    /// The readers the doctor knows.
    public static let known: [USBReaderModel] = [
        USBReaderModel(vendorID: 0x072F, productID: 0x2200, name: "ACS ACR122U", speaksCCID: true, isACR122: true),
        USBReaderModel(
            vendorID: 0x072F,
            productID: 0x90CC,
            name: "ACS ACR122 (Touchatag)",
            speaksCCID: true,
            isACR122: true
        ),
        USBReaderModel(vendorID: 0x072F, productID: 0x223B, name: "ACS ACR1252U", speaksCCID: true, isACR122: false),
        USBReaderModel(vendorID: 0x072F, productID: 0x2224, name: "ACS ACR1281U", speaksCCID: true, isACR122: false),
        USBReaderModel(vendorID: 0x04E6, productID: 0x5591, name: "SCM SCL3711", speaksCCID: false, isACR122: false),
        USBReaderModel(vendorID: 0x04E6, productID: 0x5594, name: "SCM SCL3712", speaksCCID: false, isACR122: false),
        USBReaderModel(vendorID: 0x04CC, productID: 0x2533, name: "NXP PN533", speaksCCID: false, isACR122: false),
        USBReaderModel(vendorID: 0x04CC, productID: 0x0531, name: "Philips PN531", speaksCCID: false, isACR122: false),
        USBReaderModel(vendorID: 0x054C, productID: 0x02E1, name: "Sony RC-S360", speaksCCID: false, isACR122: false),
        USBReaderModel(vendorID: 0x1FD3, productID: 0x0608, name: "ASK LoGO", speaksCCID: false, isACR122: false),
    ]

    /// The model with these IDs, if known.
    public static func model(vendorID: UInt16, productID: UInt16) -> USBReaderModel? {
        known.first { $0.vendorID == vendorID && $0.productID == productID }
    }
}
