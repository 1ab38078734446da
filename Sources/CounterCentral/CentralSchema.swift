import CounterStore

/// The central store's schema, in PostgreSQL: ordered, numbered migrations that `hukou central migrate` applies
/// once each (recorded in `hukou_central.schema_migrations`). Never edit a shipped migration; add a new one.
///
/// Stations reach the tables only through `hukou_central.ingest` (a `SECURITY DEFINER` function that checks the
/// batch's HMAC under the station's registered secret) and `hukou_central.station_head`; the login roles of
/// stations are made members of `hukou_station`, which may execute those two and nothing else.
enum CentralSchema {
    /// One migration: a version, a name, and its statements (run in one transaction).
    struct Migration: Sendable {
        var version: Int
        var name: String
        var statements: [String]
    }

    /// The newest version this program knows.
    static var latestVersion: Int { migrations.map(\.version).max() ?? 0 }

    /// What runs before any migration: the schema, the migration record and pgcrypto (for `hmac`).
    static let bootstrap = [
        "CREATE EXTENSION IF NOT EXISTS pgcrypto",
        "CREATE SCHEMA IF NOT EXISTS hukou_central",
        """
        CREATE TABLE IF NOT EXISTS hukou_central.schema_migrations (
            version integer PRIMARY KEY,
            name text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """,
    ]

    /// The states in which a transaction waits in a queue, from the station's own rule.
    static var queuedStatesSQL: String {
        TransactionState.allCases.filter(\.isQueued).map { "'\($0.rawValue)'" }.joined(separator: ", ")
    }

    static let migrations: [Migration] = [
        Migration(
            version: 1,
            name: "stations, events, anchors, transactions, evaluations, ingest",
            statements: [
                """
                CREATE TABLE hukou_central.stations (
                    station_id text PRIMARY KEY CHECK (station_id ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
                    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
                    time_zone text NOT NULL,
                    secret bytea NOT NULL CHECK (octet_length(secret) BETWEEN 32 AND 64),
                    registered_at timestamptz NOT NULL DEFAULT now(),
                    head_seq bigint NOT NULL DEFAULT 0,
                    head_hash bytea,
                    head_at_ms bigint,
                    reported_seq bigint NOT NULL DEFAULT 0,
                    last_contact timestamptz
                )
                """,
                // Every audit row of every station, as the station chained it (its hash and its predecessor's).
                """
                CREATE TABLE hukou_central.events (
                    station_id text NOT NULL REFERENCES hukou_central.stations,
                    seq bigint NOT NULL CHECK (seq > 0),
                    at_ms bigint NOT NULL,
                    action text NOT NULL CHECK (length(action) BETWEEN 1 AND 32),
                    transaction_id bigint,
                    staff_number text CHECK (length(staff_number) <= 16),
                    hash bytea NOT NULL CHECK (octet_length(hash) = 32),
                    prev_hash bytea NOT NULL CHECK (octet_length(prev_hash) = 32),
                    received_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (station_id, seq)
                )
                """,
                // The audit heads as they arrived: one row per accepted batch that moved a station's head.
                """
                CREATE TABLE hukou_central.anchors (
                    station_id text NOT NULL REFERENCES hukou_central.stations,
                    seq bigint NOT NULL,
                    hash bytea NOT NULL,
                    received_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (station_id, seq)
                )
                """,
                // The newest non-personal snapshot of each station transaction. Times are the station's own clock
                // values, seconds since 2001-01-01 UTC, kept bit for bit so that the district's figures equal the
                // station's; `subject` is the district pseudonym of the applicant, when the station sends one.
                """
                CREATE TABLE hukou_central.transactions (
                    station_id text NOT NULL REFERENCES hukou_central.stations,
                    transaction_id bigint NOT NULL,
                    state text NOT NULL,
                    ticket text,
                    ticket_day text,
                    "window" integer NOT NULL,
                    transferred_from_window integer,
                    business_code text NOT NULL,
                    business_name_zh text NOT NULL,
                    business_name_en text NOT NULL,
                    ticket_category text NOT NULL,
                    priority text NOT NULL,
                    profile text NOT NULL,
                    recall_count integer NOT NULL,
                    created_ref double precision NOT NULL,
                    confirmed_ref double precision,
                    queued_ref double precision,
                    called_ref double precision,
                    service_started_ref double precision,
                    suspended_ref double precision,
                    transferred_ref double precision,
                    finished_ref double precision,
                    updated_ref double precision NOT NULL,
                    subject bytea CHECK (octet_length(subject) = 32),
                    snapshot_seq bigint NOT NULL,
                    PRIMARY KEY (station_id, transaction_id)
                )
                """,
                "CREATE INDEX transactions_created ON hukou_central.transactions (station_id, created_ref)",
                "CREATE INDEX transactions_subject ON hukou_central.transactions (subject) WHERE subject IS NOT NULL",
                // 好差评: the level and reason codes only; the citizen's free text stays at the station.
                """
                CREATE TABLE hukou_central.evaluations (
                    station_id text NOT NULL REFERENCES hukou_central.stations,
                    transaction_id bigint NOT NULL,
                    "window" integer NOT NULL,
                    level text NOT NULL,
                    reasons text[] NOT NULL,
                    created_ref double precision NOT NULL,
                    rectified_on text,
                    snapshot_seq bigint NOT NULL,
                    PRIMARY KEY (station_id, transaction_id)
                )
                """,
                "CREATE INDEX evaluations_created ON hukou_central.evaluations (station_id, created_ref)",
                ingestFunction,
                """
                CREATE FUNCTION hukou_central.station_head(p_station text, OUT head_seq bigint, OUT head_hash text)
                LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, hukou_central AS $fn$
                    SELECT s.head_seq, encode(s.head_hash, 'hex') FROM hukou_central.stations s
                    WHERE s.station_id = p_station
                $fn$
                """,
                """
                DO $do$ BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hukou_station') THEN
                        CREATE ROLE hukou_station NOLOGIN;
                    END IF;
                END $do$
                """,
                "REVOKE ALL ON FUNCTION hukou_central.ingest(text, text, text) FROM PUBLIC",
                "REVOKE ALL ON FUNCTION hukou_central.station_head(text) FROM PUBLIC",
                "GRANT USAGE ON SCHEMA hukou_central TO hukou_station",
                "GRANT EXECUTE ON FUNCTION hukou_central.ingest(text, text, text) TO hukou_station",
                "GRANT EXECUTE ON FUNCTION hukou_central.station_head(text) TO hukou_station",
                // Readable forms for the district's own SQL: times as timestamps, the queue now, lag.
                """
                CREATE VIEW hukou_central.station_overview AS
                SELECT s.station_id, s.name, s.head_seq, s.reported_seq - s.head_seq AS backlog,
                       to_timestamp(s.head_at_ms / 1000.0) AS head_at,
                       s.last_contact,
                       now() - s.last_contact AS since_contact,
                       (SELECT count(*) FROM hukou_central.transactions t
                        WHERE t.station_id = s.station_id AND t.state IN (\(queuedStatesSQL))) AS waiting_now
                FROM hukou_central.stations s
                """,
                """
                CREATE VIEW hukou_central.daily_business AS
                SELECT t.station_id,
                       (timestamptz '2001-01-01 00:00:00+00' + t.created_ref * interval '1 second')
                           AT TIME ZONE s.time_zone AS created_local,
                       t.business_code, t.state, t.priority, t."window",
                       t.called_ref - t.confirmed_ref AS wait_seconds,
                       t.finished_ref - t.service_started_ref AS service_seconds
                FROM hukou_central.transactions t JOIN hukou_central.stations s USING (station_id)
                """,
            ]
        )
    ]

    /// `ingest(station, payload, mac)`: checks the HMAC-SHA256 of the payload under the station's secret, that the
    /// batch continues the central copy without a gap, that rows already held are identical (else the station's log
    /// was rewritten or forked: refused, naming the row) and that each new row links to its predecessor's hash;
    /// then appends the new rows, keeps the newest snapshots and moves the head, in one transaction. Returns the
    /// station's head afterwards, so a retry of a batch already taken changes nothing and answers the same.
    static let ingestFunction = """
        CREATE FUNCTION hukou_central.ingest(p_station text, p_payload text, p_mac text) RETURNS bigint
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, hukou_central, public AS $fn$
        DECLARE
            st hukou_central.stations%ROWTYPE;
            doc jsonb;
            n_rows bigint;
            n_distinct bigint;
            first_seq bigint;
            last_seq bigint;
            bad_seq bigint;
            before_hash bytea;
            snap bigint;
        BEGIN
            SELECT * INTO st FROM hukou_central.stations WHERE station_id = p_station FOR UPDATE;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'station % is not registered', p_station USING ERRCODE = 'HK001';
            END IF;
            IF p_mac IS NULL OR length(p_mac) <> 64
                OR encode(public.hmac(convert_to(p_payload, 'UTF8'), st.secret, 'sha256'), 'hex') <> lower(p_mac) THEN
                RAISE EXCEPTION 'the batch does not authenticate under the secret registered for station %', p_station
                    USING ERRCODE = 'HK002';
            END IF;
            doc := p_payload::jsonb;
            IF (doc->>'v') IS DISTINCT FROM '1' OR (doc->>'station') IS DISTINCT FROM p_station THEN
                RAISE EXCEPTION 'batch format % for station % is not version 1 of this station',
                    doc->>'v', doc->>'station' USING ERRCODE = 'HK005';
            END IF;
            snap := (doc->>'snapshot')::bigint;
            SELECT count(*), count(DISTINCT e.seq), min(e.seq), max(e.seq) INTO n_rows, n_distinct, first_seq, last_seq
            FROM jsonb_to_recordset(doc->'events') AS e(seq bigint);
            IF n_rows > 0 THEN
                IF n_distinct <> n_rows OR last_seq - first_seq + 1 <> n_rows OR first_seq < 1 THEN
                    RAISE EXCEPTION 'the batch''s rows % to % are not consecutive', first_seq, last_seq
                        USING ERRCODE = 'HK005';
                END IF;
                IF first_seq > st.head_seq + 1 THEN
                    RAISE EXCEPTION 'row % does not follow the central copy, which ends at row %', first_seq, st.head_seq
                        USING ERRCODE = 'HK003';
                END IF;
                -- Rows already held are all at or below the head: a batch wholly past it (the usual case)
                -- has nothing to compare, and skips one index probe per row.
                IF first_seq <= st.head_seq THEN
                    SELECT e.seq INTO bad_seq
                    FROM jsonb_to_recordset(doc->'events') AS e(seq bigint, hash text)
                    JOIN hukou_central.events c ON c.station_id = p_station AND c.seq = e.seq
                    WHERE c.hash <> decode(e.hash, 'hex')
                    ORDER BY e.seq LIMIT 1;
                    IF FOUND THEN
                        RAISE EXCEPTION 'row % differs from the copy anchored centrally (log rewritten or forked)',
                            bad_seq USING ERRCODE = 'HK004', DETAIL = bad_seq::text;
                    END IF;
                END IF;
                SELECT c.hash INTO before_hash FROM hukou_central.events c
                WHERE c.station_id = p_station AND c.seq = first_seq - 1;
                SELECT x.seq INTO bad_seq FROM (
                    SELECT e.seq, decode(e.prev, 'hex') AS prev,
                           COALESCE(lag(decode(e.hash, 'hex')) OVER (ORDER BY e.seq), before_hash) AS expected
                    FROM jsonb_to_recordset(doc->'events') AS e(seq bigint, hash text, prev text)
                ) x
                WHERE x.seq > 1 AND x.prev IS DISTINCT FROM x.expected
                ORDER BY x.seq LIMIT 1;
                IF FOUND THEN
                    RAISE EXCEPTION 'row % does not link to the hash of row % (log rewritten or forked)',
                        bad_seq, bad_seq - 1 USING ERRCODE = 'HK004', DETAIL = bad_seq::text;
                END IF;
                INSERT INTO hukou_central.events
                    (station_id, seq, at_ms, action, transaction_id, staff_number, hash, prev_hash)
                SELECT p_station, e.seq, e.at, e.action, e.tx, e.staff, decode(e.hash, 'hex'), decode(e.prev, 'hex')
                FROM jsonb_to_recordset(doc->'events')
                    AS e(seq bigint, at bigint, action text, tx bigint, staff text, hash text, prev text)
                WHERE e.seq > st.head_seq
                ORDER BY e.seq;
            END IF;
            INSERT INTO hukou_central.transactions AS t (
                station_id, transaction_id, state, ticket, ticket_day, "window", transferred_from_window,
                business_code, business_name_zh, business_name_en, ticket_category, priority, profile, recall_count,
                created_ref, confirmed_ref, queued_ref, called_ref, service_started_ref, suspended_ref,
                transferred_ref, finished_ref, updated_ref, subject, snapshot_seq)
            SELECT p_station, x.tx, x.state, x.ticket, x.day, x.win, x.from_win, x.business, x.zh, x.en, x.category,
                   x.priority, x.profile, x.recalls, x.created, x.confirmed, x.queued, x.called, x.started, x.suspended,
                   x.transferred, x.finished, x.updated, decode(x.subject, 'hex'), snap
            FROM jsonb_to_recordset(doc->'transactions') AS x(
                tx bigint, state text, ticket text, day text, win integer, from_win integer, business text, zh text,
                en text, category text, priority text, profile text, recalls integer, created float8,
                confirmed float8, queued float8, called float8, started float8, suspended float8,
                transferred float8, finished float8, updated float8, subject text)
            ON CONFLICT (station_id, transaction_id) DO UPDATE SET
                state = excluded.state, ticket = excluded.ticket, ticket_day = excluded.ticket_day,
                "window" = excluded."window", transferred_from_window = excluded.transferred_from_window,
                business_code = excluded.business_code, business_name_zh = excluded.business_name_zh,
                business_name_en = excluded.business_name_en, ticket_category = excluded.ticket_category,
                priority = excluded.priority, profile = excluded.profile, recall_count = excluded.recall_count,
                created_ref = excluded.created_ref, confirmed_ref = excluded.confirmed_ref,
                queued_ref = excluded.queued_ref, called_ref = excluded.called_ref,
                service_started_ref = excluded.service_started_ref, suspended_ref = excluded.suspended_ref,
                transferred_ref = excluded.transferred_ref, finished_ref = excluded.finished_ref,
                updated_ref = excluded.updated_ref, subject = COALESCE(excluded.subject, t.subject),
                snapshot_seq = excluded.snapshot_seq
            WHERE excluded.snapshot_seq >= t.snapshot_seq;
            INSERT INTO hukou_central.evaluations AS v
                (station_id, transaction_id, "window", level, reasons, created_ref, rectified_on, snapshot_seq)
            SELECT p_station, x.tx, x.win, x.level, ARRAY(SELECT jsonb_array_elements_text(x.reasons)), x.created,
                   x.rectified, snap
            FROM jsonb_to_recordset(doc->'evaluations')
                AS x(tx bigint, win integer, level text, reasons jsonb, created float8, rectified text)
            ON CONFLICT (station_id, transaction_id) DO UPDATE SET
                "window" = excluded."window", level = excluded.level, reasons = excluded.reasons,
                created_ref = excluded.created_ref, rectified_on = excluded.rectified_on,
                snapshot_seq = excluded.snapshot_seq
            WHERE excluded.snapshot_seq >= v.snapshot_seq;
            IF n_rows > 0 AND last_seq > st.head_seq THEN
                UPDATE hukou_central.stations s SET
                    head_seq = last_seq,
                    head_hash = (SELECT c.hash FROM hukou_central.events c
                                 WHERE c.station_id = p_station AND c.seq = last_seq),
                    head_at_ms = (SELECT c.at_ms FROM hukou_central.events c
                                  WHERE c.station_id = p_station AND c.seq = last_seq),
                    reported_seq = GREATEST(s.reported_seq, COALESCE(snap, 0)),
                    last_contact = now()
                WHERE s.station_id = p_station;
                INSERT INTO hukou_central.anchors (station_id, seq, hash)
                SELECT p_station, c.seq, c.hash FROM hukou_central.events c
                WHERE c.station_id = p_station AND c.seq = last_seq;
                RETURN last_seq;
            END IF;
            UPDATE hukou_central.stations s SET last_contact = now(),
                reported_seq = GREATEST(s.reported_seq, COALESCE(snap, 0))
            WHERE s.station_id = p_station;
            RETURN st.head_seq;
        END
        $fn$
        """
}
