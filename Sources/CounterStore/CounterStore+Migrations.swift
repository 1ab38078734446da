import GRDB

extension CounterStore {
    /// The schema, as an ordered list of migrations. Never edit a migration once shipped; add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: windows, transactions, tickets, nonces, audit log") { db in
            try db.execute(
                sql: """
                    CREATE TABLE windows (
                        number INTEGER PRIMARY KEY CHECK (number BETWEEN 1 AND 9999),
                        created_at REAL NOT NULL
                    );

                    CREATE TABLE transactions (
                        id INTEGER PRIMARY KEY,
                        state TEXT NOT NULL CHECK (state IN ('pending', 'confirmed', 'called', 'serving',
                            'completed', 'rejected', 'cancelled', 'no_show', 'transferred', 'suspended')),
                        ticket TEXT,
                        ticket_day TEXT,
                        window INTEGER NOT NULL REFERENCES windows(number),
                        tap_window INTEGER NOT NULL REFERENCES windows(number),
                        transferred_from_window INTEGER REFERENCES windows(number),
                        business_code TEXT NOT NULL,
                        business_name_zh TEXT NOT NULL,
                        business_name_en TEXT NOT NULL,
                        ticket_category TEXT NOT NULL,
                        priority TEXT NOT NULL,
                        priority_rank INTEGER NOT NULL,
                        profile TEXT NOT NULL,
                        signature_status TEXT NOT NULL,
                        intent_sealed BLOB NOT NULL,
                        applicant_sealed BLOB,
                        masked_name TEXT,
                        masked_id_number TEXT,
                        id_number_hmac BLOB,
                        materials TEXT NOT NULL,
                        reader TEXT NOT NULL,
                        dedup_kind TEXT NOT NULL CHECK (dedup_kind IN ('nonce', 'content')),
                        dedup_hash BLOB NOT NULL,
                        reject_reason TEXT,
                        suspend_reason TEXT,
                        suspended_from TEXT,
                        recall_count INTEGER NOT NULL DEFAULT 0,
                        created_at REAL NOT NULL,
                        confirmed_at REAL,
                        queued_at REAL,
                        called_at REAL,
                        service_started_at REAL,
                        suspended_at REAL,
                        transferred_at REAL,
                        finished_at REAL,
                        updated_at REAL NOT NULL
                    );
                    CREATE UNIQUE INDEX transactions_ticket ON transactions(ticket_day, ticket)
                        WHERE ticket IS NOT NULL;
                    CREATE UNIQUE INDEX transactions_nonce ON transactions(dedup_hash)
                        WHERE dedup_kind = 'nonce';
                    CREATE INDEX transactions_content ON transactions(dedup_hash, tap_window, created_at)
                        WHERE dedup_kind = 'content';
                    CREATE INDEX transactions_queue ON transactions(window, priority_rank, queued_at)
                        WHERE state IN ('confirmed', 'transferred');

                    CREATE TABLE ticket_counters (
                        day TEXT NOT NULL,
                        category TEXT NOT NULL,
                        last_number INTEGER NOT NULL,
                        PRIMARY KEY (day, category)
                    ) WITHOUT ROWID;

                    CREATE TABLE seen_nonces (
                        key_id TEXT NOT NULL,
                        nonce TEXT NOT NULL,
                        expires_at REAL NOT NULL,
                        PRIMARY KEY (key_id, nonce)
                    ) WITHOUT ROWID;
                    CREATE INDEX seen_nonces_expiry ON seen_nonces(expires_at);

                    CREATE TABLE audit_log (
                        seq INTEGER PRIMARY KEY,
                        at_ms INTEGER NOT NULL,
                        operator TEXT NOT NULL,
                        action TEXT NOT NULL,
                        transaction_id INTEGER,
                        details TEXT NOT NULL,
                        prev_hash BLOB NOT NULL,
                        hash BLOB NOT NULL
                    );
                    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
                    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
                    """
            )
        }
        // Replay protection is the tap's own idempotency key (`dedup_hash`, claimed in the commit that stores
        // the tap); the separate seen-nonce table of v1 had no writer left. Dropping it keeps v1 databases
        // opening as before.
        migrator.registerMigration("v2: drop seen_nonces") { db in
            try db.execute(sql: "DROP TABLE IF EXISTS seen_nonces")
        }
        // The clerk ticks the materials of the ticket being served one by one; each tick is kept with who made it.
        migrator.registerMigration("v3: materials ticks") { db in
            try db.execute(
                sql: """
                    CREATE TABLE material_checks (
                        transaction_id INTEGER NOT NULL REFERENCES transactions(id),
                        material INTEGER NOT NULL CHECK (material BETWEEN 1 AND 32),
                        checked_at REAL NOT NULL,
                        operator TEXT NOT NULL,
                        PRIMARY KEY (transaction_id, material)
                    ) WITHOUT ROWID;
                    """
            )
        }
        migrator.registerMigration("v4: store meta (key check, keyed audit chain)") { db in
            // `audit_keyed_from`: the first audit row hashed with the store's audit key; earlier rows keep their
            // unkeyed v1 hash. `key_check` is written when the store first opens with its key.
            try db.execute(
                sql: """
                    CREATE TABLE store_meta (name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
                    INSERT INTO store_meta (name, value)
                        SELECT 'audit_keyed_from', COALESCE(MAX(seq), 0) + 1 FROM audit_log;
                    CREATE TRIGGER store_meta_no_update BEFORE UPDATE ON store_meta
                    BEGIN SELECT RAISE(ABORT, 'store_meta is write-once'); END;
                    CREATE TRIGGER store_meta_no_delete BEFORE DELETE ON store_meta
                    BEGIN SELECT RAISE(ABORT, 'store_meta is write-once'); END;
                    """
            )
        }
        migrator.registerMigration("v5: retention (purged_at)") { db in
            // When a transaction's sealed personal data was removed by the retention purge; NULL until then.
            try db.execute(sql: "ALTER TABLE transactions ADD COLUMN purged_at REAL")
        }
        registerReceiptMigration(&migrator)
        // 好差评: one evaluation per completed transaction (the primary key), and its rectification when bad.
        migrator.registerMigration("v7: evaluations") { db in
            try db.execute(
                sql: """
                    CREATE TABLE evaluations (
                        transaction_id INTEGER PRIMARY KEY REFERENCES transactions(id),
                        window INTEGER NOT NULL,
                        level TEXT NOT NULL,
                        reasons TEXT NOT NULL,
                        comment TEXT,
                        created_at REAL NOT NULL,
                        rectification TEXT,
                        rectified_on TEXT,
                        rectified_by TEXT
                    );
                    CREATE INDEX evaluations_created ON evaluations(created_at);
                    """
            )
        }
        registerOutboxMigration(&migrator)
        return migrator
    }
}
