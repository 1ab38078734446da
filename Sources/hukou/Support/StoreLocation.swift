import ArgumentParser
import CounterStore
import Foundation

/// The `--db` and `--store-key` options shared by the commands that open an existing counter database (`open()` for
/// the read-only ones; `hukou application` opens it read-write to audit its export).
struct StoreLocation: ParsableArguments {
    @Option(help: ArgumentHelp("The counter database file.", valueName: "PATH"))
    var db: String

    @Option(
        name: .customLong("store-key"),
        help: ArgumentHelp(
            "The store key file (default: <db>.key; commands that open sealed data, check the audit chain or purge need it).",
            valueName: "FILE"
        )
    )
    var storeKey: String?

    func validate() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: db, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ValidationError("no database at \(db)")
        }
    }

    /// Opens the existing database read-only (never creates or changes anything; the key is optional).
    func open() throws -> CounterStore {
        try CounterStore.readOnly(path: db, options: CounterStoreOptions(keyFilePath: storeKey))
    }
}
