import CounterWeb

/// The `[web]` section of the configuration file; its presence turns the hall's web server on.
struct WebSection: Decodable {
    var listen: String?
    var port: Int?
    var stationName: String?
    var maxEventClients: Int?
    var announcement: String?
    var announceEnglish: Bool?
    var espeak: String?
    var voiceCache: String?
    var padTokens: [String: String]?

    enum CodingKeys: String, CodingKey {
        case listen, port, announcement, espeak
        case stationName = "station_name"
        case maxEventClients = "max_event_clients"
        case announceEnglish = "announce_english"
        case voiceCache = "voice_cache"
        case padTokens = "pad_tokens"
    }

    /// These keys over `base`; paths resolved with `resolve`.
    func applied(over base: WebConfiguration, resolve: (String) -> String) throws(DaemonConfigurationError)
        -> WebConfiguration
    {
        var web = base
        if let listen { web.host = listen }
        if let port { web.port = port }
        if let stationName { web.stationName = stationName }
        if let maxEventClients { web.maximumEventClients = maxEventClients }
        if let announcement { web.announcementTemplate = announcement }
        if let announceEnglish { web.announceInEnglish = announceEnglish }
        if let espeak { web.espeakPath = resolve(espeak) }
        if let voiceCache { web.voiceCacheDirectory = resolve(voiceCache) }
        if let padTokens {
            var tokens: [Int: String] = [:]
            for (key, token) in padTokens {
                guard let window = Int(key), (1...999).contains(window) else {
                    throw DaemonConfigurationError(
                        .outOfRange,
                        "web.pad_tokens: '\(key)' is not a window number (1–999)"
                    )
                }
                tokens[window] = token
            }
            web.padTokens = tokens
        }
        return web
    }
}

extension DaemonConfiguration {
    /// Checks the `[web]` values: port, limits, the announcement's placeholders, the pads' tokens.
    func validateWeb() throws(DaemonConfigurationError) {
        guard let web else { return }
        guard (1...65535).contains(web.port) else {
            throw DaemonConfigurationError(.outOfRange, "web.port must be 1–65535")
        }
        guard !web.host.isEmpty, web.host.utf8.count <= 255 else {
            throw DaemonConfigurationError(.outOfRange, "web.listen must be an address")
        }
        guard (1...10_000).contains(web.maximumEventClients) else {
            throw DaemonConfigurationError(.outOfRange, "web.max_event_clients must be 1–10000")
        }
        guard (1...64).contains(web.stationName.count) else {
            throw DaemonConfigurationError(.outOfRange, "web.station_name must be 1–64 characters")
        }
        let template = web.announcementTemplate
        guard template.contains("{ticket}"), template.contains("{window}"), template.count <= 100 else {
            throw DaemonConfigurationError(
                .outOfRange,
                "web.announcement must contain {ticket} and {window} and be at most 100 characters"
            )
        }
        for (window, token) in web.padTokens {
            guard (16...128).contains(token.utf8.count), token.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
                throw DaemonConfigurationError(
                    .outOfRange,
                    "web.pad_tokens.\(window) must be 16–128 printable ASCII characters"
                )
            }
        }
    }
}
