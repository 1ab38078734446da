import Foundation
import NDEF
public import NFCReader
import NFCTag

/// Opens the concrete ``NFCReader/Reader`` a ``NFCReader/ReaderSpec`` names.
public enum ReaderFactory {
    /// The largest NDEF file a `sim:` reader loads.
    public static let maximumNDEFFileSize = 64 * 1024

    /// Makes the reader for `spec`; it starts working when its `run()` is called.
    ///
    /// - Throws: ``OpenError`` when the backend is not available or a `sim:` tag cannot be built.
    public static func makeReader(for spec: ReaderSpec) throws -> any Reader {
        switch spec {
        case .simulated(let simulated):
            return try makeSimulatedReader(simulated)
        case .libnfc:
            throw OpenError("'\(spec)': the libnfc backend is not part of this build")
        case .pcsc:
            throw OpenError("'\(spec)': the PC/SC backend is not part of this build")
        }
    }

    /// Makes a ``NFCReader/SimulatedReader``, with its one-shot tag if the specification names one.
    ///
    /// - Throws: ``OpenError`` for bad hex, an unreadable or oversized NDEF file, or a message that
    ///   does not fit the tag.
    public static func makeSimulatedReader(_ spec: SimulatedReaderSpec) throws -> SimulatedReader {
        var presentOnRun: [(model: any TagModel, faults: FaultPlan)] = []
        if let kind = spec.tag {
            let bytes = try ndefBytes(spec)
            do {
                presentOnRun.append((try TagModelFactory.make(kind: kind, ndefBytes: bytes), spec.faults))
            } catch {
                throw OpenError("sim:\(spec.name): \(error)")
            }
        }
        let limits = spec.frameLimit.map {
            TransceiverLimits(maximumCommandLength: $0, maximumResponseLength: $0)
        }
        return SimulatedReader(
            name: "sim:\(spec.name)",
            limits: limits ?? TransceiverLimits(maximumCommandLength: 252, maximumResponseLength: 252),
            presentOnRun: presentOnRun
        )
    }

    private static func ndefBytes(_ spec: SimulatedReaderSpec) throws -> [UInt8]? {
        if let hex = spec.ndefHex {
            do {
                return try Hex.decode(hex)
            } catch {
                throw OpenError("sim:\(spec.name): ndef is not hex (\(error.message))")
            }
        }
        guard let path = spec.ndefFile else { return nil }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw OpenError("sim:\(spec.name): cannot open the NDEF file \(path)")
        }
        defer { try? handle.close() }
        let data = try handle.read(upToCount: maximumNDEFFileSize + 1) ?? Data()
        guard data.count <= maximumNDEFFileSize else {
            throw OpenError("sim:\(spec.name): the NDEF file is larger than \(maximumNDEFFileSize) bytes")
        }
        return [UInt8](data)
    }
}

extension ReaderFactory {
    /// A reader that could not be opened from its specification.
    public struct OpenError: Error, Hashable, Sendable, CustomStringConvertible {
        /// A readable explanation naming the specification.
        public var message: String

        /// Creates an error.
        public init(_ message: String) {
            self.message = message
        }

        public var description: String { message }
    }
}
