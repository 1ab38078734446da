import Foundation
import HukouText
import Testing

@Suite struct JSONStringTests {
    @Test(arguments: [
        ("plain", "\"plain\""),
        ("张三·李", "\"张三·李\""),
        ("a\"b\\c", "\"a\\\"b\\\\c\""),
        ("line\nfeed\r\ttab", "\"line\\nfeed\\r\\ttab\""),
        ("\u{1B}[31m\u{7F}", "\"\\u001b[31m\\u007f\""),
        ("sep\u{2028}para\u{2029}", "\"sep\\u2028para\\u2029\""),
        ("dash—“quote”", "\"dash—“quote”\""),
    ])
    func escapes(text: String, literal: String) {
        #expect(JSONString.quoted(text) == literal)
    }

    @Test func decodesBackToTheSameText() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let scalars = (0..<Int.random(in: 0...20, using: &generator)).compactMap { _ in
                Unicode.Scalar(
                    [
                        UInt32.random(in: 0...0x7F, using: &generator),
                        UInt32.random(in: 0x2000...0x2030, using: &generator),
                        UInt32.random(in: 0x4E00...0x4E10, using: &generator),
                    ].randomElement(using: &generator) ?? 0
                )
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            let decoded = try JSONDecoder().decode(String.self, from: Data(JSONString.quoted(text).utf8))
            #expect(decoded == text)
        }
    }
}
