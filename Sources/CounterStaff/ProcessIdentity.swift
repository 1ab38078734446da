import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the operating system says about who runs this process: its real and effective user ids, the variables sudo
/// sets, and the command of its parent process.
///
/// ``current()`` reads the running process; tests build values by hand, so every rule of
/// ``StaffIdentityResolver`` is checked without sudo.
public struct ProcessIdentity: Sendable, Hashable {
    /// The real user id (`getuid()`).
    public var realUID: UInt32
    /// The effective user id (`geteuid()`).
    public var effectiveUID: UInt32
    /// `SUDO_USER`: the login that invoked sudo, as sudo records it.
    public var sudoUser: String?
    /// `SUDO_UID`: that login's user id, as text.
    public var sudoUID: String?
    /// The parent process's command name (Linux `/proc/PPID/comm`), or `nil` where it cannot be read.
    public var parentCommand: String?

    /// Creates a value.
    public init(
        realUID: UInt32,
        effectiveUID: UInt32,
        sudoUser: String? = nil,
        sudoUID: String? = nil,
        parentCommand: String? = nil
    ) {
        self.realUID = realUID
        self.effectiveUID = effectiveUID
        self.sudoUser = sudoUser
        self.sudoUID = sudoUID
        self.parentCommand = parentCommand
    }

    /// The running process.
    public static func current() -> ProcessIdentity {
        let environment = ProcessInfo.processInfo.environment
        let comm = try? String(contentsOfFile: "/proc/\(getppid())/comm", encoding: .utf8)
        return ProcessIdentity(
            realUID: UInt32(getuid()),
            effectiveUID: UInt32(geteuid()),
            sudoUser: environment["SUDO_USER"],
            sudoUID: environment["SUDO_UID"],
            parentCommand: comm?.trimmingCharacters(in: .whitespacesAndNewlines)
        )
    }
}

/// Looks up the login of a user id in the system's account database.
public enum SystemAccounts {
    /// The login of `uid`, or `nil` if the account database has none.
    ///
    /// Asks `getent passwd UID`, which goes through the system's name-service switch (local files and directory
    /// services alike) and keeps this module free of C pointers; called once, at start-up. The answer is
    /// accepted only if it is one well-formed entry for exactly this uid.
    @Sendable public static func login(uid: UInt32) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/getent")
        process.arguments = ["passwd", String(uid)]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        // One passwd line; anything longer than a few KiB is not an answer to trust.
        let data = (try? output.fileHandleForReading.read(upToCount: 4096)) ?? Data()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return entryLogin(String(decoding: data, as: UTF8.self), uid: uid)
    }

    /// The login of a `passwd` entry (`name:password:uid:gid:gecos:home:shell`) if it names `uid`.
    static func entryLogin(_ text: String, uid: UInt32) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.count == 1, let line = lines.first else { return nil }
        let fields = line.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 7, UInt32(fields[2]) == uid else { return nil }
        let name = String(fields[0])
        guard !name.isEmpty, name.utf8.count <= 64, name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        return name
    }
}

/// Decides who is at the terminal: the person sudo records when the process really runs as the service account
/// through sudo, otherwise the process's own login — never a name typed on the command line.
public struct StaffIdentityResolver: Sendable {
    /// The account the counter's files belong to (`counter.service_account`).
    public var serviceAccount: String
    /// The login of a user id (``SystemAccounts/login(uid:)``; tests inject a table).
    public var login: @Sendable (UInt32) -> String?

    /// Creates a resolver.
    public init(serviceAccount: String, login: @escaping @Sendable (UInt32) -> String? = SystemAccounts.login(uid:)) {
        self.serviceAccount = serviceAccount
        self.login = login
    }

    /// How the login was established.
    public enum Source: Sendable, Hashable {
        /// The process runs as the service account through sudo; the login is sudo's record of the invoker.
        case sudo
        /// The process's own real user id.
        case ownLogin
    }

    /// The authenticated login and how it was established.
    ///
    /// Sudo's variables are trusted only when the real and effective user are the service account, `SUDO_UID` is a
    /// different user id whose login is `SUDO_USER`, and the parent process (where it can be read) is `sudo`. With
    /// the variables set but the process not running as the service account, they are ignored (anyone can set
    /// them) and the process's own login counts.
    ///
    /// - Throws: ``StaffError`` `.untrustedSudo` (the process runs as the service account but sudo's record does not
    ///   hold together), `.noLogin` (no account for the user id).
    public func resolve(_ identity: ProcessIdentity) throws(StaffError) -> (login: String, source: Source) {
        let own = login(identity.realUID)
        let asService = own == serviceAccount && identity.effectiveUID == identity.realUID
        if asService, identity.sudoUser != nil || identity.sudoUID != nil {
            guard let user = identity.sudoUser, let text = identity.sudoUID, let uid = UInt32(text),
                uid != identity.realUID, login(uid) == user
            else {
                throw StaffError(
                    .untrustedSudo,
                    zh: "SUDO_USER/SUDO_UID 与系统账户不符，无法确认操作人",
                    en: "SUDO_USER/SUDO_UID do not match the account database; the operator cannot be established"
                )
            }
            if let parent = identity.parentCommand, parent != "sudo" {
                throw StaffError(
                    .untrustedSudo,
                    zh: "以服务账户运行但不是由 sudo 启动（父进程 \(parent)），无法确认操作人",
                    en:
                        "running as the service account but not started by sudo (parent \(parent)); cannot establish the operator"
                )
            }
            return (user, .sudo)
        }
        guard let own else {
            throw StaffError(
                .noLogin,
                zh: "用户 \(identity.realUID) 没有系统账户",
                en: "user id \(identity.realUID) has no account"
            )
        }
        return (own, .ownLogin)
    }
}
