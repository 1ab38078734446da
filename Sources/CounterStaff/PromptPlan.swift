import Foundation

/// What `hukou counter` runs with — database, key, socket, window and operator — decided from its options, the
/// configuration and the process's identity, before anything is opened.
///
/// Under sudo the clerk gets the configured database, key and socket and nothing else: the options that would
/// point the prompt elsewhere (`--db`, `--store-key`, `--control`, `--config`, `--operator`, `--training`) are
/// refused, whatever sudo's rule lets through.
public struct PromptPlan: Sendable, Hashable {
    /// What was given on the command line.
    public struct Request: Sendable, Hashable {
        public var db: String?
        public var storeKey: String?
        public var control: String?
        /// `--config`, when given explicitly.
        public var config: String?
        public var window: Int?
        public var operatorName: String?
        public var training: Bool

        /// Creates a request.
        public init(
            db: String? = nil,
            storeKey: String? = nil,
            control: String? = nil,
            config: String? = nil,
            window: Int? = nil,
            operatorName: String? = nil,
            training: Bool = false
        ) {
            self.db = db
            self.storeKey = storeKey
            self.control = control
            self.config = config
            self.window = window
            self.operatorName = operatorName
            self.training = training
        }
    }

    /// What the configuration file says.
    public struct Configured: Sendable, Hashable {
        public var db: String?
        public var storeKey: String?
        public var control: String?
        public var roster: StaffRoster
        public var settings: CounterSettings

        /// Creates the configured values.
        public init(
            db: String?,
            storeKey: String?,
            control: String?,
            roster: StaffRoster,
            settings: CounterSettings
        ) {
            self.db = db
            self.storeKey = storeKey
            self.control = control
            self.roster = roster
            self.settings = settings
        }
    }

    /// The database.
    public var db: String
    /// The store key file, if not next to the database.
    public var storeKey: String?
    /// The daemon's control socket, if any.
    public var control: String?
    /// The window served.
    public var window: Int
    /// Who is at the terminal.
    public var `operator`: CounterOperator
    /// How the login was established.
    public var source: StaffIdentityResolver.Source

    /// Decides the plan.
    ///
    /// - Throws: ``StaffError``: `.untrustedSudo`/`.noLogin` (identity), `.optionNotAllowed` (a path option under
    ///   sudo, `--operator` outside training mode), `.notTrainingDatabase`, `.unknownLogin`, `.invalidRoster` (no
    ///   window given and the roster gives the member several or none), all in both languages.
    public static func resolve(
        _ request: Request,
        configured: Configured,
        identity: ProcessIdentity,
        resolver: StaffIdentityResolver
    ) throws(StaffError) -> PromptPlan {
        let (login, source) = try resolver.resolve(identity)
        try refuseUnderSudo(
            source,
            options: [
                ("--db", request.db != nil), ("--store-key", request.storeKey != nil),
                ("--control", request.control != nil), ("--config", request.config != nil),
                ("--operator", request.operatorName != nil), ("--training", request.training),
            ]
        )
        guard let db = request.db ?? configured.db else {
            throw StaffError(
                .optionNotAllowed,
                zh: "未指定数据库（--db 或配置文件 store.database）",
                en: "no database (--db or store.database in the configuration)"
            )
        }
        let who: CounterOperator
        let window: Int
        if request.training {
            guard let name = request.operatorName, !name.isEmpty else {
                throw StaffError(
                    .optionNotAllowed,
                    zh: "培训模式需用 --operator 指定学员姓名",
                    en: "training mode needs --operator NAME"
                )
            }
            guard let training = configured.settings.trainingDatabasePath, Self.samePath(training, db),
                configured.db.map({ !Self.samePath($0, db) }) ?? true
            else {
                throw StaffError(
                    .notTrainingDatabase,
                    zh: "培训模式只能用于配置的培训数据库（counter.training_database），\(db) 不是",
                    en:
                        "training mode runs only on the configured training database (counter.training_database), not \(db)"
                )
            }
            guard let given = request.window else {
                throw StaffError(.optionNotAllowed, zh: "培训模式需用 --window 指定窗口", en: "training mode needs --window N")
            }
            who = .training(name)
            window = given
        } else {
            guard request.operatorName == nil else {
                throw StaffError(
                    .optionNotAllowed,
                    zh: "--operator 只能在培训模式（--training）下使用；操作人由登录身份确定",
                    en: "--operator is only for training mode (--training); the operator is the logged-in person"
                )
            }
            let member = try configured.roster.require(login: login)
            if let given = request.window {
                window = given
            } else if member.windows.count == 1, let only = member.windows.first {
                window = only
            } else {
                throw StaffError(
                    .optionNotAllowed,
                    zh: "请用 --window 指定窗口",
                    en: "give the window with --window N"
                )
            }
            who = .staff(member)
        }
        return PromptPlan(
            db: db,
            storeKey: request.storeKey ?? configured.storeKey,
            control: request.control ?? configured.control,
            window: window,
            operator: who,
            source: source
        )
    }

    /// Refuses, when sudo started the command, the options given that would point it at another database, key,
    /// socket or configuration than the ones in /etc/hukou/counter.toml.
    ///
    /// - Throws: ``StaffError`` `.optionNotAllowed` naming them, in both languages.
    public static func refuseUnderSudo(
        _ source: StaffIdentityResolver.Source,
        options: [(name: String, given: Bool)]
    ) throws(StaffError) {
        let given = options.filter(\.given).map(\.name)
        guard source == .sudo, !given.isEmpty else { return }
        throw StaffError(
            .optionNotAllowed,
            zh: "经 sudo 运行时不能使用 \(given.joined(separator: " "))：数据库、密钥和套接字由 /etc/hukou/counter.toml 决定",
            en:
                "under sudo, \(given.joined(separator: " ")) may not be given: the database, key and socket come from /etc/hukou/counter.toml"
        )
    }

    /// Whether two paths name the same file (after `.`/`..` and symbolic links).
    public static func samePath(_ a: String, _ b: String) -> Bool {
        URL(fileURLWithPath: a).standardizedFileURL.resolvingSymlinksInPath().path
            == URL(fileURLWithPath: b).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
