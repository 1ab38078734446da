import Testing

@testable import NFCReaderPCSC

@Suite("which driver serves a PC/SC reader")
struct PCSCDriverDirectoryTests {
    @Test("reader.conf FRIENDLYNAME/LIBPATH pairs, comments and quotes")
    func readerConf() {
        let text = """
            # Gemalto reader with serial communication
            #FRIENDLYNAME      "GemPCTwin serial"
            #LIBPATH           /usr/lib/pcsc/drivers/serial/libccidtwin.so
            FRIENDLYNAME "Virtual PCD"
            DEVICENAME   /dev/null:0x8C7B
            LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so
            CHANNELID    0x8C7B
            """
        #expect(
            PCSCDriverDirectory.parseReaderConf(text) == [
                .init(friendlyName: "Virtual PCD", library: "/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
            ]
        )
    }

    @Test("libccid's ifdFriendlyName array")
    func ccidNames() {
        let plist = """
            <key>ifdProductID</key><array><string>0x2200</string></array>
            <key>ifdFriendlyName</key>
            <array>
                <string>ACS ACR122U PICC Interface</string>
                <string>ACS ACR1252 Reader</string>
            </array>
            <key>Copyright</key><string>x</string>
            """
        #expect(
            PCSCDriverDirectory.parseFriendlyNames(plist) == ["ACS ACR122U PICC Interface", "ACS ACR1252 Reader"]
        )
        #expect(PCSCDriverDirectory.parseFriendlyNames("<key>ifdFriendlyName</key><array>").isEmpty)
    }

    @Test("configured readers first, then libccid, then an honest unknown")
    func lookup() {
        let directory = PCSCDriverDirectory(
            configuredReaders: [.init(friendlyName: "Hukou Test PCD", library: "/usr/lib/x/libifdvpcd.so")],
            ccidReaderNames: ["ACS ACR122U PICC Interface"]
        )
        #expect(directory.driver(for: "Hukou Test PCD 00 01") == "libifdvpcd.so (vsmartcard virtual reader)")
        #expect(directory.driver(for: "ACS ACR122U PICC Interface 00 00") == "libccid (USB CCID)")
        #expect(directory.driver(for: "Mystery 00 00").hasPrefix("unknown"))
    }
}
