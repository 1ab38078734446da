/// One logical NDEF record: a type name format, a type, an optional ID and a payload.
///
/// A chunked record on the wire is reassembled into one `NDEFRecord` whose payload is the
/// concatenation of the chunks; the encoder can split it again (see ``NDEFEncodingOptions``).
public struct NDEFRecord: Hashable, Sendable {
    /// The type name format; never ``TypeNameFormat/unchanged`` for a logical record.
    public var typeNameFormat: TypeNameFormat
    /// The record type, interpreted according to ``typeNameFormat`` (at most 255 bytes).
    public var type: [UInt8]
    /// The record identifier (at most 255 bytes); empty when absent.
    public var id: [UInt8]
    /// The payload.
    public var payload: [UInt8]

    /// Creates a record from its parts.
    public init(typeNameFormat: TypeNameFormat, type: [UInt8] = [], id: [UInt8] = [], payload: [UInt8] = []) {
        self.typeNameFormat = typeNameFormat
        self.type = type
        self.id = id
        self.payload = payload
    }

    /// Creates a record whose type is given as a string (UTF-8).
    public init(typeNameFormat: TypeNameFormat, type: String, id: [UInt8] = [], payload: [UInt8] = []) {
        self.init(typeNameFormat: typeNameFormat, type: Array(type.utf8), id: id, payload: payload)
    }

    /// The type as text, when it is valid UTF-8.
    public var typeString: String? {
        String(validating: type, as: UTF8.self)
    }

    /// Whether this is a well-known record of the given type, e.g. `"U"`.
    public func isWellKnown(_ name: String) -> Bool {
        typeNameFormat == .wellKnown && type.elementsEqual(name.utf8)
    }

    /// Whether this is an external-type record of the given name (case-insensitive, as the NFC Forum specifies).
    public func isExternal(_ name: String) -> Bool {
        guard typeNameFormat == .external, let type = typeString else { return false }
        return type.lowercased() == name.lowercased()
    }
}
