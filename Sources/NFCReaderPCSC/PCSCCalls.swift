import CPCSC

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one place that calls pcsc-lite. Every `SCard*` call of the module goes through a wrapper here, which checks
/// the return code at the call and turns it into a ``PCSCError``; pointers never leave these functions.
///
/// `DWORD` and `LONG` are `unsigned long`/`long` (64 bits) on Linux and 32-bit on macOS, so sizes and flags are
/// converted with `DWORD(...)`/`LONG(...)` here and nowhere else. None of these functions may run on Swift's
/// cooperative pool: they block on pcscd's socket. ``PCSCThread`` runs them.
enum PCSCCalls {
    /// An established context (`SCARDCONTEXT`).
    typealias Context = SCARDCONTEXT
    /// A connection to a card (`SCARDHANDLE`).
    typealias CardHandle = SCARDHANDLE

    /// The largest short-APDU response plus the status word (`MAX_BUFFER_SIZE` in `pcsclite.h`).
    static let maximumShortResponse = Int(MAX_BUFFER_SIZE)
    /// The reader name pcsc-lite treats as "tell me when readers come and go" in `SCardGetStatusChange`.
    static let plugAndPlayReaderName = "\\\\?PnP?\\Notification"

    /// Turns a return code into a result. The corresponding C function is `pcsc_stringify_error`.
    static func check(_ rv: LONG, _ function: String) throws(PCSCError) {
        guard rv != LONG(SCARD_S_SUCCESS) else { return }
        throw error(rv, function)
    }

    /// Makes the typed error for a return code.
    static func error(_ rv: LONG, _ function: String) -> PCSCError {
        let text = pcsc_stringify_error(rv).map { String(cString: $0) } ?? "unknown pcsc-lite error"
        return PCSCError(
            code: PCSCError.Code(rawValue: UInt32(truncatingIfNeeded: rv)),
            function: function,
            message: text
        )
    }

    /// Opens a system-scope context with pcscd. The corresponding C function is `SCardEstablishContext`.
    static func establishContext() throws(PCSCError) -> Context {
        var context: SCARDCONTEXT = 0
        let rv = SCardEstablishContext(DWORD(SCARD_SCOPE_SYSTEM), nil, nil, &context)
        try check(rv, "SCardEstablishContext")
        return context
    }

    /// Closes a context. The corresponding C function is `SCardReleaseContext`.
    static func releaseContext(_ context: Context) {
        _ = SCardReleaseContext(context)
    }

    /// Aborts a blocking `SCardGetStatusChange` on `context` from another thread.
    /// The corresponding C function is `SCardCancel`.
    static func cancel(_ context: Context) {
        _ = SCardCancel(context)
    }

    /// The names of the readers pcscd knows; empty when there are none. The corresponding C function is
    /// `SCardListReaders`, called twice (length, then the multi-string) rather than with `SCARD_AUTOALLOCATE`.
    static func listReaders(_ context: Context) throws(PCSCError) -> [String] {
        var length: DWORD = 0
        var rv = SCardListReaders(context, nil, nil, &length)
        if rv == LONG(SCARD_E_NO_READERS_AVAILABLE) { return [] }
        try check(rv, "SCardListReaders")
        // A reader list is a few hundred bytes; anything far larger is not a reader list.
        guard length > 0, length <= 65_536 else { return [] }
        var buffer = [CChar](repeating: 0, count: Int(length))
        rv = buffer.withUnsafeMutableBufferPointer { SCardListReaders(context, nil, $0.baseAddress, &length) }
        if rv == LONG(SCARD_E_NO_READERS_AVAILABLE) { return [] }
        try check(rv, "SCardListReaders")
        let used = min(Int(length), buffer.count)
        return buffer[..<used].split(separator: 0).map { chars in
            String(decoding: chars.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// One entry of a status-change wait, in Swift values.
    struct ReaderStateEntry {
        /// The reader name, or ``PCSCCalls/plugAndPlayReaderName``.
        var reader: String
        /// What the caller believes (`dwCurrentState`), event counter included.
        var currentState: UInt32
        /// What pcscd reports (`dwEventState`), filled by the call.
        var eventState: UInt32 = 0
        /// The ATR of the card in the reader, filled by the call.
        var atr: [UInt8] = []
    }

    /// Waits until one of `entries` differs from its `currentState`, or `timeoutMilliseconds` pass.
    /// The corresponding C function is `SCardGetStatusChange`.
    ///
    /// - Throws: ``PCSCError`` with ``PCSCError/Code/timeout`` when nothing changed, ``PCSCError/Code/cancelled``
    ///   after ``cancel(_:)``.
    static func getStatusChange(
        _ context: Context,
        _ entries: inout [ReaderStateEntry],
        timeoutMilliseconds: UInt32
    ) throws(PCSCError) {
        // The reader names must outlive the call; strdup copies are freed right after it.
        let names: [UnsafeMutablePointer<CChar>?] = entries.map { strdup($0.reader) }
        defer { names.forEach { free($0) } }
        var states = [SCARD_READERSTATE](repeating: SCARD_READERSTATE(), count: entries.count)
        for index in entries.indices {
            states[index].szReader = UnsafePointer(names[index])
            states[index].dwCurrentState = DWORD(entries[index].currentState)
        }
        let rv = states.withUnsafeMutableBufferPointer { buffer in
            SCardGetStatusChange(context, DWORD(timeoutMilliseconds), buffer.baseAddress, DWORD(buffer.count))
        }
        try check(rv, "SCardGetStatusChange")
        for index in entries.indices {
            entries[index].eventState = UInt32(truncatingIfNeeded: states[index].dwEventState)
            let count = min(Int(states[index].cbAtr), Int(MAX_ATR_SIZE))
            entries[index].atr = withUnsafeBytes(of: states[index].rgbAtr) { Array($0.prefix(count)) }
        }
    }

    /// The protocol a connection runs.
    enum CardProtocol: Sendable {
        case t0, t1, raw

        fileprivate var pci: UnsafePointer<SCARD_IO_REQUEST> {
            switch self {
            case .t0: CPCSC_pci_t0()
            case .t1, .raw: CPCSC_pci_t1()
            }
        }
    }

    /// Connects to the card in `reader`, shared, T=0 or T=1 (or direct to the reader when `direct`).
    /// The corresponding C function is `SCardConnect`.
    static func connect(
        _ context: Context,
        reader: String,
        direct: Bool = false
    ) throws(PCSCError) -> (CardHandle, CardProtocol) {
        var handle: SCARDHANDLE = 0
        var active: DWORD = 0
        let share = direct ? DWORD(SCARD_SHARE_DIRECT) : DWORD(SCARD_SHARE_SHARED)
        let protocols = direct ? DWORD(0) : DWORD(SCARD_PROTOCOL_T0) | DWORD(SCARD_PROTOCOL_T1)
        let rv = SCardConnect(context, reader, share, protocols, &handle, &active)
        try check(rv, "SCardConnect")
        let cardProtocol: CardProtocol =
            switch active {
            case DWORD(SCARD_PROTOCOL_T0): .t0
            case DWORD(SCARD_PROTOCOL_T1): .t1
            default: .raw
            }
        return (handle, cardProtocol)
    }

    /// The ATR of the connected card as pcscd read it at power-up. The corresponding C function is `SCardStatus`.
    static func answerToReset(_ handle: CardHandle) throws(PCSCError) -> [UInt8] {
        var name = [CChar](repeating: 0, count: 512)
        var nameLength = DWORD(name.count)
        var state: DWORD = 0
        var activeProtocol: DWORD = 0
        var atr = [UInt8](repeating: 0, count: Int(MAX_ATR_SIZE))
        var atrLength = DWORD(atr.count)
        let rv = name.withUnsafeMutableBufferPointer { nameBuffer in
            atr.withUnsafeMutableBufferPointer { atrBuffer in
                SCardStatus(
                    handle,
                    nameBuffer.baseAddress,
                    &nameLength,
                    &state,
                    &activeProtocol,
                    atrBuffer.baseAddress,
                    &atrLength
                )
            }
        }
        try check(rv, "SCardStatus")
        return Array(atr.prefix(min(Int(atrLength), atr.count)))
    }

    /// Ends a connection, leaving the card as it is. The corresponding C function is `SCardDisconnect`.
    static func disconnect(_ handle: CardHandle) {
        _ = SCardDisconnect(handle, DWORD(SCARD_LEAVE_CARD))
    }

    /// Sends one APDU and returns the response (data and status word) as pcscd delivered it, which may be
    /// shorter than two bytes when a virtual card vanished. The corresponding C function is `SCardTransmit`.
    static func transmit(
        _ handle: CardHandle,
        protocol cardProtocol: CardProtocol,
        _ command: [UInt8],
        maximumResponse: Int
    ) throws(PCSCError) -> [UInt8] {
        var response = [UInt8](repeating: 0, count: max(2, maximumResponse))
        var length = DWORD(response.count)
        let rv = command.withUnsafeBufferPointer { commandBuffer in
            response.withUnsafeMutableBufferPointer { responseBuffer in
                SCardTransmit(
                    handle,
                    cardProtocol.pci,
                    commandBuffer.baseAddress,
                    DWORD(commandBuffer.count),
                    nil,
                    responseBuffer.baseAddress,
                    &length
                )
            }
        }
        try check(rv, "SCardTransmit")
        return Array(response.prefix(min(Int(length), response.count)))
    }

    /// Sends a reader escape command (`SCARD_CTL_CODE(code)`), used for ACR122 feedback when no card is there.
    /// The corresponding C function is `SCardControl`.
    static func control(_ handle: CardHandle, code: UInt32, _ command: [UInt8]) throws(PCSCError) -> [UInt8] {
        var response = [UInt8](repeating: 0, count: maximumShortResponse)
        var length: DWORD = 0
        let controlCode = DWORD(0x4200_0000) + DWORD(code)
        let rv = command.withUnsafeBufferPointer { commandBuffer in
            response.withUnsafeMutableBufferPointer { responseBuffer in
                SCardControl(
                    handle,
                    controlCode,
                    commandBuffer.baseAddress,
                    DWORD(commandBuffer.count),
                    responseBuffer.baseAddress,
                    DWORD(responseBuffer.count),
                    &length
                )
            }
        }
        try check(rv, "SCardControl")
        return Array(response.prefix(min(Int(length), response.count)))
    }
}
