/// Read-only access to the machine the doctor examines, so every check is a pure function of what it returns and
/// can be tested against a made-up system.
public protocol SystemProbe: Sendable {
    /// The text of a file (`/proc/modules`, a sysfs attribute, a config file), or nil when it cannot be read.
    func contents(of path: String) -> String?
    /// The names in a directory, or nil when it does not exist.
    func entries(of directory: String) -> [String]?
    /// The target of a symbolic link, or nil when `path` is not one.
    func linkTarget(of path: String) -> String?
    /// Mode bits and owner of a file, or nil when it does not exist.
    func permissions(of path: String) -> FilePermissions?
    /// The command names (`/proc/PID/comm`) of the running processes.
    func processNames() -> [String]
}

/// Mode and ownership of a file.
public struct FilePermissions: Hashable, Sendable {
    /// The permission bits, e.g. `0o664`.
    public var mode: UInt32
    /// The owning user ID.
    public var owner: UInt32
    /// The owning group ID.
    public var group: UInt32

    /// Creates a value.
    public init(mode: UInt32, owner: UInt32, group: UInt32) {
        self.mode = mode
        self.owner = owner
        self.group = group
    }
}
