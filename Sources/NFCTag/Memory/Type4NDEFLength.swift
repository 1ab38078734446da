/// The length field at the start of a Type 4 NDEF file: NLEN (2 bytes) or ENLEN (4 bytes), big-endian.
public enum Type4NDEFLength {
    /// Parses the length of the NDEF message that follows the field.
    ///
    /// - Parameters:
    ///   - bytes: the start of the NDEF file (at least `fieldSize` bytes; more are ignored).
    ///   - fieldSize: ``Type4CapabilityContainer/lengthFieldSize``, 2 or 4.
    ///   - maximumFileSize: ``Type4CapabilityContainer/maximumNDEFFileSize``, which includes the field.
    /// - Returns: the message length in bytes; 0 means an empty NDEF file.
    /// - Throws: ``TagFormatError/Code/invalidNDEFLength`` when the field is short, the field size is not 2 or 4,
    ///   or the length exceeds what the file can hold.
    public static func parse(_ bytes: [UInt8], fieldSize: Int, maximumFileSize: Int) throws(TagFormatError) -> Int {
        guard fieldSize == 2 || fieldSize == 4 else {
            throw TagFormatError(.invalidNDEFLength, offset: 0, "a length field is 2 or 4 bytes, not \(fieldSize)")
        }
        guard bytes.count >= fieldSize else {
            throw TagFormatError(
                .invalidNDEFLength,
                offset: bytes.count,
                "the \(fieldSize)-byte length field is cut after \(bytes.count) bytes"
            )
        }
        let length = bytes[0..<fieldSize].reduce(0) { $0 << 8 | Int($1) }
        let capacity = maximumFileSize - fieldSize
        guard length <= capacity else {
            throw TagFormatError(
                .invalidNDEFLength,
                offset: 0,
                "\(fieldSize == 2 ? "NLEN" : "ENLEN") \(length) exceeds the file capacity of \(max(capacity, 0)) bytes"
            )
        }
        return length
    }
}
