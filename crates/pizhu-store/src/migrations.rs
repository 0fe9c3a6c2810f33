//! Numbered schema steps. Step `i` takes a database from `user_version = i`
//! to `i + 1`; a new database runs them all. Never edit a released step:
//! add one.

/// The steps, in order.
pub const MIGRATIONS: &[&str] = &[
    // 1: documents, annotations, tags, colours, and the generation counter.
    r#"
    CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
    INSERT INTO meta (key, value) VALUES ('generation', 0);
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        builtin INTEGER NOT NULL DEFAULT 0,
        blocks TEXT NOT NULL,          -- JSON array of pizhu_model::Block
        created TEXT NOT NULL
    );
    CREATE TABLE colors (
        key TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        label_en TEXT NOT NULL,
        position INTEGER NOT NULL
    );
    CREATE TABLE annotations (
        id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id),
        start INTEGER NOT NULL CHECK (start >= 0),
        "end" INTEGER NOT NULL CHECK ("end" > start),
        exact TEXT NOT NULL,
        prefix TEXT NOT NULL,
        suffix TEXT NOT NULL,
        color TEXT NOT NULL REFERENCES colors(key),
        note TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        deleted TEXT
    );
    CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
    CREATE TABLE annotation_tags (
        annotation_id TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        PRIMARY KEY (annotation_id, tag_id)
    );
    "#,
    // 2: per-document settings (reading position, …) and the indexes that
    // listing notes in document order and by tag needs.
    r#"
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE INDEX annotations_by_doc ON annotations (doc_id, start, "end");
    CREATE INDEX annotation_tags_by_tag ON annotation_tags (tag_id);
    "#,
    // 3: each colour carries its own colour (the UI paints any key from it),
    // documents can be removed to the trash, and the journal: what each generation changed, written in the same
    // transaction, so that the index of another process (the app while the
    // CLI writes) catches up without a rebuild.
    r#"
    ALTER TABLE colors ADD COLUMN rgb TEXT NOT NULL DEFAULT '';
    UPDATE colors SET rgb = CASE key WHEN 'yellow' THEN '#f2c94c' WHEN 'red' THEN '#eb5757'
        WHEN 'green' THEN '#27ae60' WHEN 'blue' THEN '#2f80ed' WHEN 'purple' THEN '#9b51e0' ELSE '' END;
    CREATE TABLE journal (
        generation INTEGER NOT NULL,
        entity TEXT NOT NULL,          -- 'annotation', 'document', 'color'
        id TEXT NOT NULL
    );
    CREATE INDEX journal_by_generation ON journal (generation);
    INSERT INTO meta (key, value) SELECT 'journal_from', value FROM meta WHERE key = 'generation';
    -- A removed document waits in the trash (with its notes) until emptied.
    ALTER TABLE documents ADD COLUMN deleted TEXT;
    "#,
    // 4: studying. Review cards (one per highlight: switched on by its
    // colour — `colors.cards` — or by the reader) with their FSRS state and
    // the history of every review; time on screen per block and reader
    // (学习进度); essays (心得体会), journaled because they are searched.
    r#"
    ALTER TABLE colors ADD COLUMN cards INTEGER NOT NULL DEFAULT 0;
    UPDATE colors SET cards = 1 WHERE key = 'green';
    CREATE TABLE cards (
        annotation_id TEXT PRIMARY KEY REFERENCES annotations(id) ON DELETE CASCADE,
        enabled INTEGER,               -- NULL: as its colour says
        hide TEXT NOT NULL DEFAULT '[]', -- JSON [[start, end], …], document code points; [] = the highlight
        state TEXT NOT NULL DEFAULT 'new',
        stability REAL NOT NULL DEFAULT 0,
        difficulty REAL NOT NULL DEFAULT 0,
        due TEXT,
        last_review TEXT,
        reps INTEGER NOT NULL DEFAULT 0,
        lapses INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX cards_by_due ON cards (due);
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        annotation_id TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
        reader TEXT NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        reviewed TEXT NOT NULL,
        elapsed_days REAL NOT NULL,
        stability REAL NOT NULL,
        difficulty REAL NOT NULL,
        due TEXT NOT NULL,
        first INTEGER NOT NULL DEFAULT 0  -- the card's first review (a new card learnt)
    );
    CREATE INDEX reviews_by_time ON reviews (reviewed);
    CREATE TABLE reading (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        reader TEXT NOT NULL,
        block INTEGER NOT NULL,
        seconds REAL NOT NULL,
        last TEXT NOT NULL,
        PRIMARY KEY (doc_id, reader, block)
    );
    CREATE TABLE essays (
        id TEXT PRIMARY KEY,
        doc_id TEXT REFERENCES documents(id),
        title TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '',
        target INTEGER NOT NULL DEFAULT 0,
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        deleted TEXT
    );
    CREATE INDEX essays_by_doc ON essays (doc_id);
    -- Trashed documents without reading their rows (blocks make them long).
    CREATE INDEX documents_by_deleted ON documents (deleted);
    "#,
    // 5: new versions of a document's text. The current text stays in
    // `documents` (its `version` counts up from 1); each text it replaced is
    // kept whole in `document_versions`. An annotation that could not be
    // placed on a new text keeps its selectors and records in `orphan_of`
    // the version they describe (NULL: placed on the current text).
    r#"
    ALTER TABLE documents ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE documents ADD COLUMN version_created TEXT;
    CREATE TABLE document_versions (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        title TEXT NOT NULL,
        blocks TEXT NOT NULL,          -- JSON array of pizhu_model::Block, as it was
        created TEXT NOT NULL,         -- when this text came
        replaced TEXT NOT NULL,        -- when a newer one replaced it
        PRIMARY KEY (doc_id, version)
    );
    ALTER TABLE annotations ADD COLUMN orphan_of INTEGER;
    -- The library's documents in order without reading their rows: `created`
    -- and `deleted` lie past the blocks, which a book spreads over thousands
    -- of overflow pages (3.6 ms a lookup with a 2.5M-character book).
    CREATE INDEX documents_in_order ON documents (deleted, builtin DESC, created, id);
    "#,
    // 6: sync (issue 8). Each synced row carries the stamps of its registers
    // (`{"note":{"s":stamp,"h":digest,"b":base},…}`; `{}` before its first
    // write: a missing stamp reads as the row's own time); the hybrid logical
    // clock's last value; tombstones for rows deleted for good; the journal
    // says which sync target a change came from (0: a local edit), so a
    // push never sends a target back what it brought. Targets, the peers'
    // cursors, the blobs known on a target, records waiting for their
    // document, and the texts that lost to a concurrent edit.
    r#"
    ALTER TABLE annotations ADD COLUMN stamps TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE documents ADD COLUMN stamps TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE colors ADD COLUMN stamps TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE journal ADD COLUMN origin INTEGER NOT NULL DEFAULT 0;
    INSERT INTO meta (key, value) VALUES ('hlc', 0);
    CREATE TABLE tombstones (
        entity TEXT NOT NULL,
        id TEXT NOT NULL,
        stamp TEXT NOT NULL,
        deleted TEXT NOT NULL,         -- when (wall clock, shown in the trash of a revived row)
        PRIMARY KEY (entity, id)
    );
    CREATE TABLE sync_targets (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,      -- canonical, never a password
        device TEXT NOT NULL,          -- this library's device id on it
        pushed_gen INTEGER NOT NULL DEFAULT 0,
        pushed_seq INTEGER NOT NULL DEFAULT 0,
        snapshot_seq INTEGER NOT NULL DEFAULT 0,
        last_sync TEXT
    );
    CREATE TABLE sync_peers (
        target INTEGER NOT NULL REFERENCES sync_targets(id) ON DELETE CASCADE,
        device TEXT NOT NULL,
        applied_seq INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (target, device)
    );
    CREATE TABLE sync_blobs (
        target INTEGER NOT NULL REFERENCES sync_targets(id) ON DELETE CASCADE,
        hash TEXT NOT NULL,
        at TEXT NOT NULL,              -- the device whose folder holds it
        PRIMARY KEY (target, hash)
    );
    CREATE TABLE sync_parked (
        target INTEGER NOT NULL REFERENCES sync_targets(id) ON DELETE CASCADE,
        record TEXT NOT NULL           -- a record whose document has not come yet
    );
    CREATE TABLE sync_conflicts (
        id TEXT PRIMARY KEY,           -- the same on every device that sees the two edits
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        text TEXT NOT NULL,            -- the text that lost
        stamp TEXT NOT NULL,           -- its stamp
        created TEXT NOT NULL,
        resolved TEXT,
        stamps TEXT NOT NULL DEFAULT '{}'  -- synced like the rows above: its text and whether it is resolved
    );
    CREATE INDEX sync_conflicts_open ON sync_conflicts (resolved, created);
    "#,
    // 7: the head a push is about to write (a push cut off after its head
    // reached the target but before this library knew it must not reuse
    // that sequence number: peers may have read it); the target's own id
    // (from its marker file), so that one target reached by two addresses
    // (the office's LAN name, the public one at home) keeps one set of
    // cursors: the second address's row points at the first.
    r#"
    ALTER TABLE sync_targets ADD COLUMN pending_seq INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE sync_targets ADD COLUMN target_key TEXT;
    ALTER TABLE sync_targets ADD COLUMN alias_of INTEGER REFERENCES sync_targets(id) ON DELETE CASCADE;
    ALTER TABLE sync_targets ADD COLUMN encrypted INTEGER NOT NULL DEFAULT 0; -- never sync to it without the passphrase
    "#,
    // 8: study groups. Every note has an author ('local' = this reader, else
    // a member: their device id on a group target); a group target holds
    // the members met there and what this reader shares with it. Members'
    // notes are a layer replaced whole by each of their pushes: never
    // stamped, journaled for search only, never sent by a library sync.
    r#"
    ALTER TABLE annotations ADD COLUMN author TEXT NOT NULL DEFAULT 'local';
    ALTER TABLE annotations ADD COLUMN member_stamp TEXT;  -- a member's note: the newest stamp of their record
    CREATE INDEX annotations_by_author ON annotations (author, doc_id);
    ALTER TABLE sync_targets ADD COLUMN kind TEXT NOT NULL DEFAULT 'library'; -- 'library' | 'group'
    ALTER TABLE sync_targets ADD COLUMN layer TEXT;  -- digest of the shared layer last pushed
    CREATE TABLE members (
        member TEXT PRIMARY KEY,       -- the member's device id on the group target
        target INTEGER NOT NULL REFERENCES sync_targets(id) ON DELETE CASCADE,
        name TEXT NOT NULL,            -- their reader name, as their last push gave it
        seen TEXT NOT NULL             -- when their layer last came
    );
    CREATE TABLE shares (
        target INTEGER NOT NULL REFERENCES sync_targets(id) ON DELETE CASCADE,
        entity TEXT NOT NULL,          -- 'document' (all my notes on it) | 'annotation'
        id TEXT NOT NULL,
        PRIMARY KEY (target, entity, id)
    );
    "#,
];

/// The schema version a fully migrated database has.
pub const LATEST: u32 = MIGRATIONS.len() as u32;
