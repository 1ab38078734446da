public import CounterStaff

/// The `[web]` section of the daemon's configuration: where the hall's pages are served and what they show.
public struct WebConfiguration: Sendable, Hashable {
    /// The address to listen on (default loopback; a station LAN address to reach the hall's screens).
    public var host: String
    /// The TCP port (1–65535).
    public var port: Int
    /// The station's name, shown on every page.
    public var stationName: String
    /// The windows shown on the hall display (the daemon's reader windows and the pads' windows).
    public var windows: [Int]
    /// The token of each window's evaluation pad, by window number.
    public var padTokens: [Int: String]
    /// The most live-update (server-sent events) clients served at once; more are answered 503.
    public var maximumEventClients: Int
    /// The Mandarin announcement; `{ticket}` and `{window}` are replaced, the ticket read out character by
    /// character.
    public var announcementTemplate: String
    /// Whether an English announcement follows the Mandarin one.
    public var announceInEnglish: Bool
    /// The espeak-ng executable that synthesises the announcements.
    public var espeakPath: String
    /// The folder where synthesised announcements are cached, one WAV file per distinct text; `nil` for a
    /// temporary folder (the daemon puts it next to its database).
    public var voiceCacheDirectory: String?
    /// The staff roster, for the clerk's display name and staff number on the window screens (the daemon's own).
    public var staff: StaffRoster

    /// The default announcement, as halls phrase it.
    public static let defaultAnnouncementTemplate = "请{ticket}号到{window}号窗口办理"

    /// A configuration with the defaults: 127.0.0.1:8080, no pads.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        stationName: String = "户籍窗口",
        windows: [Int] = [],
        padTokens: [Int: String] = [:],
        maximumEventClients: Int = 1000,
        announcementTemplate: String = WebConfiguration.defaultAnnouncementTemplate,
        announceInEnglish: Bool = false,
        espeakPath: String = "/usr/bin/espeak-ng",
        voiceCacheDirectory: String? = nil,
        staff: StaffRoster = .empty
    ) {
        self.host = host
        self.port = port
        self.stationName = stationName
        self.windows = windows
        self.padTokens = padTokens
        self.maximumEventClients = maximumEventClients
        self.announcementTemplate = announcementTemplate
        self.announceInEnglish = announceInEnglish
        self.espeakPath = espeakPath
        self.voiceCacheDirectory = voiceCacheDirectory
        self.staff = staff
    }
}
