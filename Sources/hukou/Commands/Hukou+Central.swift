import ArgumentParser
import CounterCentral
import CounterWeb
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

extension Hukou {
    /// `hukou central`: the district's central store on PostgreSQL.
    struct Central: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The district's central store: schema, stations, figures, dashboard (docs/central.md).",
            subcommands: [Migrate.self, Register.self, Stations.self, Stats.self, Serve.self]
        )
    }
}

extension Hukou.Central {
    /// `hukou central migrate --pg URL`.
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or upgrade the central schema (idempotent).",
            discussion: "Needs a role that may create schemas, functions, roles and the pgcrypto extension."
        )

        @OptionGroup var central: CentralOptions

        func run() async throws {
            let client = try await central.connect()
            do {
                let applied = try await client.migrate()
                let version = try await client.schemaVersion()
                print(
                    applied.isEmpty
                        ? "schema current (version \(version))" : "applied \(applied), now version \(version)"
                )
            } catch {
                await client.close()
                throw error
            }
            await client.close()
        }
    }

    /// `hukou central register --pg URL --station ID --name NAME --secret-file PATH [--create-secret]`.
    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a station and the shared secret its batches are authenticated with.",
            discussion: """
                With --create-secret, writes 32 random bytes as hex to a new --secret-file (mode 0600); copy it to \
                the station as [central] secret_file. --replace rotates the secret of a registered station.
                """
        )

        @OptionGroup var central: CentralOptions

        @Option(help: ArgumentHelp("The station id (a-z 0-9 _ -).", valueName: "ID"))
        var station: String

        @Option(help: ArgumentHelp("The station's display name.", valueName: "NAME"))
        var name: String

        @Option(help: ArgumentHelp("The station's time zone.", valueName: "ZONE"))
        var timeZone = "Asia/Shanghai"

        @Option(help: ArgumentHelp("The station's secret, hex (mode 0600).", valueName: "PATH"))
        var secretFile: String

        @Flag(help: "Create --secret-file with a fresh secret (it must not exist).")
        var createSecret = false

        @Flag(help: "Replace the secret of a station registered with another one.")
        var replace = false

        func run() async throws {
            let secret =
                createSecret
                ? try SecretFile.create(secretFile, field: "--secret-file")
                : try SecretFile.read(secretFile, field: "--secret-file")
            let client = try await central.connect()
            do {
                try await client.requireSchema()
                let wrote = try await client.register(
                    station: StationRegistration(id: station, name: name, timeZone: timeZone, secret: secret),
                    replace: replace
                )
                print(wrote ? "registered \(station)" : "\(station) already registered with this secret")
            } catch {
                await client.close()
                throw error
            }
            await client.close()
        }
    }

    /// `hukou central stations --pg URL [--json]`.
    struct Stations: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The stations and how current their copies are.")

        @OptionGroup var central: CentralOptions

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let client = try await central.connect()
            let stations: [CentralStation]
            do {
                stations = try await client.stations()
            } catch {
                await client.close()
                throw error
            }
            await client.close()
            if json {
                print(String(decoding: try StationStatistics.jsonEncoder.encode(stations), as: UTF8.self))
                return
            }
            for station in stations {
                let contact = station.lastContact.map { ISO8601DateFormatter().string(from: $0) } ?? "never"
                print(
                    "\(station.id)  \(station.name)  head \(station.headSeq)  "
                        + "backlog \(max(0, station.reportedSeq - station.headSeq))  last contact \(contact)"
                )
            }
        }
    }

    /// `hukou central stats --pg URL --date D [--station S] [--json]`.
    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The district's figures for a day: every station's, computed as the station computes them.",
            discussion: """
                With --station, prints that station's figures in the shape of `hukou stats --json` at the station \
                (they agree exactly once replication has caught up); otherwise the district's (docs/central.md).
                """
        )

        @OptionGroup var central: CentralOptions

        @Option(help: ArgumentHelp("The day (default: today, Asia/Shanghai).", valueName: "YYYY-MM-DD"))
        var date: String?

        @Option(help: ArgumentHelp("Only this station.", valueName: "ID"))
        var station: String?

        @Flag(help: "Print JSON instead of a table.")
        var json = false

        func run() async throws {
            let client = try await central.connect()
            let figures: DistrictStatistics
            do {
                figures = try await client.districtStatistics(day: date ?? DistrictWeb.today(), station: station)
            } catch {
                await client.close()
                throw error
            }
            await client.close()
            if let station, let only = figures.stations.first(where: { $0.station == station }) {
                if json {
                    print(String(decoding: try StationStatistics.jsonEncoder.encode(only.statistics), as: UTF8.self))
                } else {
                    print(only.statistics.table)
                }
                return
            }
            if json {
                print(String(decoding: try StationStatistics.jsonEncoder.encode(figures), as: UTF8.self))
                return
            }
            for row in figures.stations {
                let flags = [row.offline ? "OFFLINE" : nil, row.lagging ? "LAGGING" : nil].compactMap { $0 }
                print("== \(row.station) \(row.name) \(flags.joined(separator: " "))")
                print(row.statistics.table)
            }
            print("== district")
            print(figures.district.table)
        }
    }

    /// `hukou central serve --pg URL [--listen ADDRESS] [--port N]`: the district dashboard.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the district dashboard (/district) and its JSON (/api/v1/district).",
            discussion: "Runs until SIGTERM or SIGINT."
        )

        @OptionGroup var central: CentralOptions

        @Option(help: ArgumentHelp("The address to listen on.", valueName: "ADDRESS"))
        var listen = "127.0.0.1"

        @Option(help: ArgumentHelp("The port.", valueName: "N"))
        var port = 8090

        func run() async throws {
            var logger = Logger(label: "hukou.district")
            logger.logLevel = .notice
            let web = DistrictWeb(database: try central.database(), host: listen, port: port, logger: logger)
            let group = ServiceGroup(
                configuration: .init(services: [web], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            )
            try await group.run()
        }
    }
}
