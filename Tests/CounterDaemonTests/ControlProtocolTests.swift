import CounterDaemon
import Foundation
import Testing

@Suite("Control protocol")
struct ControlProtocolTests {
    @Test("requests round-trip through their JSON line")
    func roundTrip() throws {
        let tap = ControlRequest.tap(reader: "window1", ndef: [0xD1, 0x01, 0x00, 0x54], tagType: .type2)
        #expect(try ControlRequest(line: tap.encodedLine()) == tap)
        #expect(try ControlRequest(line: ControlRequest.status.encodedLine()) == .status)
        let text = String(decoding: tap.encodedLine(), as: UTF8.self)
        #expect(text == #"{"ndef":"d1010054","op":"tap","reader":"window1","tag_type":2}"#)
        #expect(!text.contains("\n"))
    }

    @Test(
        "malformed requests are refused, never trapped on",
        arguments: [
            "", "not json", "[]", #"{"op":"dance"}"#, #"{"op":"tap"}"#, #"{"op":"tap","reader":"w"}"#,
            #"{"op":"tap","reader":"w","ndef":"abc"}"#, #"{"op":"tap","reader":"w","ndef":"zz"}"#,
            #"{"op":"tap","reader":"w","ndef":""}"#, #"{"op":"tap","reader":"w","ndef":"d1","tag_type":3}"#,
            #"{"op":"tap","reader":"","ndef":"d1"}"#,
        ]
    )
    func malformed(line: String) {
        #expect {
            try ControlRequest(line: Data(line.utf8))
        } throws: { error in
            (error as? ControlProtocolError)?.code == .malformedRequest
        }
    }

    @Test("oversized lines and NDEF messages are refused before decoding")
    func bounds() {
        let huge = Data(repeating: 0x20, count: ControlRequest.maximumLineLength + 1)
        #expect(throws: ControlProtocolError.self) { try ControlRequest(line: huge) }
        let tooMuchNDEF = String(repeating: "00", count: ControlRequest.maximumNDEFLength + 1)
        #expect(throws: ControlProtocolError.self) {
            try ControlRequest(line: Data(#"{"op":"tap","reader":"w","ndef":"\#(tooMuchNDEF)"}"#.utf8))
        }
    }

    @Test("responses carry outcome, transaction, reasons or error, and decode again")
    func responses() throws {
        let summary = TransactionSummary(id: 7, state: "pending", ticket: nil, window: 1, businessCode: "ID_RENEW")
        let accepted = ControlResponse(.stored(summary, duplicate: false))
        let decoded = try ControlResponse(line: accepted.encodedLine())
        #expect(decoded == accepted)
        #expect(decoded.ok && decoded.outcome == .accepted && decoded.duplicate == false)
        let rejected = ControlResponse(
            .rejected([RejectionReason(field: "sig", code: "badSignature", zh: "签名", en: "sig")])
        )
        #expect(!rejected.ok && rejected.reasons?.count == 1 && rejected.transaction == nil)
        let failure = try ControlResponse(line: ControlResponse(ControlProtocolError(.timeout, "slow")).encodedLine())
        #expect(failure.failure?.code == .timeout)
    }
}
