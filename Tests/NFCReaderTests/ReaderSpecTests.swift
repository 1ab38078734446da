import NFCReader
import Testing

@Suite("Reader specifications")
struct ReaderSpecTests {
    @Test(
        "Hardware forms",
        arguments: [
            ("libnfc", ReaderSpec.libnfc(connstring: nil)),
            ("libnfc:pn532_uart:/dev/ttyUSB0", .libnfc(connstring: "pn532_uart:/dev/ttyUSB0")),
            ("pcsc", .pcsc(readerName: nil)),
            ("pcsc:ACS ACR122U PICC Interface 00 00", .pcsc(readerName: "ACS ACR122U PICC Interface 00 00")),
            ("sim:window1", .simulated(SimulatedReaderSpec(name: "window1"))),
        ]
    )
    func parses(text: String, expected: ReaderSpec) throws {
        let spec = try ReaderSpec(parsing: text)
        #expect(spec == expected)
        #expect(spec.description == text)
    }

    @Test("sim: options: a kind as name, NDEF, faults, frame limit; round trip")
    func simOptions() throws {
        let spec = try ReaderSpec(
            parsing: "sim:ntag215,ndef=d10101550161,remove-after=3,corrupt=1,timeout-at=2,unplug-after=9,frame=64"
        )
        guard case .simulated(let sim) = spec else {
            Issue.record("not simulated")
            return
        }
        #expect(sim.name == "ntag215")
        #expect(sim.tag == .ntag215)
        #expect(sim.ndefHex == "d10101550161")
        #expect(sim.faults == FaultPlan(removeAfter: 3, corruptResponse: 1, timeoutAt: 2, unplugAfter: 9))
        #expect(sim.frameLimit == 64)
        #expect(try ReaderSpec(parsing: spec.description) == spec)
        let named = try ReaderSpec(parsing: "sim:desk,tag=type4,ndef-file=/tmp/m.ndef")
        #expect(named == .simulated(SimulatedReaderSpec(name: "desk", tag: .type4, ndefFile: "/tmp/m.ndef")))
        let imaged = try ReaderSpec(parsing: "sim:ntag216,image=/tmp/dump.hex")
        #expect(imaged == .simulated(SimulatedReaderSpec(name: "ntag216", tag: .ntag216, imageFile: "/tmp/dump.hex")))
        #expect(try ReaderSpec(parsing: imaged.description) == imaged)
        #expect(throws: ReaderSpecError.self) { try ReaderSpec(parsing: "sim:type4,image=/tmp/dump.hex") }
        #expect(throws: ReaderSpecError.self) { try ReaderSpec(parsing: "sim:ntag213,image=/tmp/a,ndef=00") }
    }

    @Test(
        "Bad specifications are refused with a code",
        arguments: [
            ("usb", ReaderSpecError.Code.unknownScheme), ("", .unknownScheme), ("sim:", .missingName),
            ("pcsc:", .missingName), ("sim:a,colour=red", .unknownOption), ("sim:a,tag=ntag999", .invalidValue),
            ("sim:a,ndef=00", .invalidValue), ("sim:ntag213,remove-after=-1", .invalidValue),
            ("sim:ntag213,frame=8", .invalidValue),
            ("sim:ntag213,oops", .invalidValue), ("sim:tag=ntag213", .missingName),
        ]
    )
    func refused(text: String, code: ReaderSpecError.Code) {
        #expect {
            try ReaderSpec(parsing: text)
        } throws: { error in
            (error as? ReaderSpecError)?.code == code
        }
    }
}
