package dev.signet.server.store;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Properties;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.sqlite.SQLiteErrorCode;

/**
 * How the embedded store uses SQLite: the settings of every connection, the pool's size, which
 * errors mean the database cannot be had, and how times are stored.
 *
 * <p>Every connection runs in WAL mode with {@code synchronous=NORMAL}: a commit is in the
 * write-ahead log (written, not yet flushed to the disk) before the statement returns, so a crash of
 * the process loses nothing that was committed, and the store opens again after one; a power loss
 * may lose the last commits (PostgreSQL is the store for production, docs/server.md).
 * {@code FULL} would also flush the log at every commit.
 */
final class SqliteSettings {

    /**
     * The most connections the pool holds. SQLite has one writer at a time and readers that do not
     * wait for it (WAL); more connections only add writers that wait for the lock.
     */
    static final int MAX_POOL_SIZE = 4;

    /** How long a statement waits for another connection's write lock before SQLITE_BUSY. */
    static final int BUSY_TIMEOUT_MILLIS = 5_000;

    /** Fixed width, microseconds like PostgreSQL: text order is time order (years 0000-9999). */
    private static final DateTimeFormatter TEXT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT);

    private SqliteSettings() {}

    /** The driver's settings for every connection (sqlite-jdbc reads them from the connection properties). */
    static Properties connection() {
        Properties p = new Properties();
        p.setProperty("journal_mode", "WAL");
        p.setProperty("synchronous", "NORMAL");
        p.setProperty("foreign_keys", "true");
        p.setProperty("busy_timeout", Integer.toString(BUSY_TIMEOUT_MILLIS));
        return p;
    }

    /**
     * Whether a result code says the database cannot be had now (locked past the busy time-out, the
     * file unreadable or gone) rather than that a statement was refused.
     */
    static boolean unavailable(SQLiteErrorCode code) {
        if (code == null) {
            return false;
        }
        int primary = code.code & 0xff;
        return primary == SQLiteErrorCode.SQLITE_BUSY.code
                || primary == SQLiteErrorCode.SQLITE_IOERR.code
                || primary == SQLiteErrorCode.SQLITE_CANTOPEN.code
                || primary == SQLiteErrorCode.SQLITE_FULL.code;
    }

    /** The text an instant is stored as: {@code 2026-01-31T23:59:59.123456Z}. */
    static String text(Instant i) {
        return TEXT.format(i.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
    }

    /**
     * Binds {@link OffsetDateTime} and {@link Instant} as {@link #text}: the driver would bind the
     * first as its {@code toString()} (a varying number of digits, which does not sort) and the
     * second as milliseconds.
     */
    static void bindTimesAsText(Jdbi jdbi) {
        jdbi.registerArgument(new AbstractArgumentFactory<OffsetDateTime>(Types.VARCHAR) {
            @Override
            protected Argument build(OffsetDateTime value, ConfigRegistry config) {
                String t = text(value.toInstant());
                return (position, statement, ctx) -> statement.setString(position, t);
            }
        });
        jdbi.registerArgument(new AbstractArgumentFactory<Instant>(Types.VARCHAR) {
            @Override
            protected Argument build(Instant value, ConfigRegistry config) {
                String t = text(value);
                return (position, statement, ctx) -> statement.setString(position, t);
            }
        });
    }
}
