import Foundation

/// Reads configuration files without trusting their size: at most `limit` bytes are ever allocated.
enum BoundedFile {
    enum Failure: Error {
        case unreadable(String)
        case tooLarge(Int)
    }

    static func read(_ url: URL, limit: Int) throws(Failure) -> Data {
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            let data = try handle.read(upToCount: limit + 1) ?? Data()
            guard data.count <= limit else { throw Failure.tooLarge(limit) }
            return data
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure.unreadable(error.localizedDescription)
        }
    }
}
