"""The database schema: numbered migrations, applied in order at start (bot/db.py).

Every table of every feature is created here, so the schema's history reads in one place;
each feature's queries live next to the feature (`bot/<feature>/store.py`).
"""

from __future__ import annotations

from collections.abc import Sequence

# Append only: a migration that has run on a user's database is never edited.
MIGRATIONS: Sequence[str] = (
    # 1: users and their journey
    """
    CREATE TABLE users (
        user_id     INTEGER PRIMARY KEY,
        locale      TEXT,
        created_at  TEXT NOT NULL,
        seen_at     TEXT NOT NULL
    );
    CREATE TABLE journeys (
        user_id     INTEGER PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
        generation  INTEGER NOT NULL DEFAULT 1,
        state       TEXT NOT NULL,
        card        TEXT,
        billing     TEXT,
        operator    TEXT,
        intent      TEXT,
        updated_at  TEXT NOT NULL
    );
    CREATE TABLE ticks (
        user_id     INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
        item_id     TEXT NOT NULL,
        ticked_at   TEXT NOT NULL,
        PRIMARY KEY (user_id, item_id)
    );
    """,
    # 2: a language the user picked with /language wins over Telegram's language_code
    """
    ALTER TABLE users ADD COLUMN locale_chosen INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX users_seen ON users(seen_at);
    """,
    # 3: follow-up reminders (due_at: UTC epoch seconds); users who blocked the bot
    """
    CREATE TABLE reminders (
        id          INTEGER PRIMARY KEY,
        user_id     INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
        kind        TEXT NOT NULL,
        due_at      INTEGER NOT NULL,
        state       TEXT NOT NULL DEFAULT 'pending',
        attempts    INTEGER NOT NULL DEFAULT 0,
        payload     TEXT NOT NULL DEFAULT '{}',
        created_at  TEXT NOT NULL,
        sent_at     TEXT,
        message_id  INTEGER
    );
    CREATE INDEX reminders_due ON reminders(state, due_at);
    CREATE INDEX reminders_user ON reminders(user_id, state);
    ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE journeys ADD COLUMN sent_on TEXT;
    ALTER TABLE journeys ADD COLUMN completed_at TEXT;
    """,
    # 4: "was this helpful?" on FAQ answers, one vote per user and entry
    """
    CREATE TABLE faq_votes (
        user_id     INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
        entry_id    TEXT NOT NULL,
        locale      TEXT NOT NULL,
        vote        INTEGER NOT NULL CHECK (vote IN (-1, 1)),
        voted_at    TEXT NOT NULL,
        PRIMARY KEY (user_id, entry_id)
    );
    CREATE INDEX faq_votes_entry ON faq_votes(entry_id, locale);
    """,
    # 5: the question a feature asked is pending beside the journey's state (it was a state
    # of its own: the three date questions asked from the plan)
    """
    ALTER TABLE journeys ADD COLUMN pending TEXT;
    UPDATE journeys SET pending = state, state = 'plan'
        WHERE state IN ('sent_date', 'topup_date', 'start_date');
    """,
    # 6: the day the user leaves Belgium (NULL: not leaving), for the plan in time order
    """
    CREATE TABLE leaving (
        user_id     INTEGER PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
        day         TEXT,
        remind      INTEGER NOT NULL DEFAULT 1,
        updated_at  TEXT NOT NULL
    );
    """,
)
