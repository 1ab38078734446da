import NIOCore

/// Splits a control-socket byte stream into newline-terminated lines, never buffering more than `maximumLength`.
///
/// Each line is emitted without its `\n`. When a line grows past `maximumLength` bytes (with or without its
/// newline having arrived), the decoder emits ``Frame/tooLong`` once, drops everything buffered and ignores the
/// rest of the stream: the peer is answered with an error and the connection is closed.
struct ControlLineDecoder: ByteToMessageDecoder {
    /// One decoded unit of the stream.
    enum Frame: Sendable {
        /// A complete line, without its newline.
        case line(ByteBuffer)
        /// A line longer than the limit; nothing after it is decoded.
        case tooLong
    }

    typealias InboundOut = Frame

    /// The longest line accepted, in bytes, not counting the newline.
    let maximumLength: Int
    private var overflowed = false

    init(maximumLength: Int) {
        self.maximumLength = maximumLength
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = nextFrame(&buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(frame))
        return overflowed ? .needMoreData : .continue
    }

    /// The framing itself, apart from the channel: takes the next frame off the front of `buffer`, or `nil` when
    /// more bytes are needed (after an overflow, everything is dropped and `nil` is all it answers).
    mutating func nextFrame(_ buffer: inout ByteBuffer) -> Frame? {
        if overflowed {
            buffer.moveReaderIndex(to: buffer.writerIndex)
            return nil
        }
        let newline = buffer.readableBytesView.firstIndex(of: 0x0A)
        let length = newline.map { $0 - buffer.readerIndex } ?? buffer.readableBytes
        guard length <= maximumLength else {
            overflowed = true
            buffer.moveReaderIndex(to: buffer.writerIndex)
            return .tooLong
        }
        guard newline != nil, let line = buffer.readSlice(length: length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 1)
        return .line(line)
    }

    mutating func decodeLast(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        // A trailing fragment without its newline is not a request: the old protocol never answered it either.
        while try decode(context: context, buffer: &buffer) == .continue {}
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }
}
