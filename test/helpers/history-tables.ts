// The recorder creates its database file a moment before its tables, so a test that polls the file can open it in
// between; reading `samples` then throws "no such table". Poll this first.
import fs from 'node:fs';
import Database from 'better-sqlite3';

/** Whether the history database at `databasePath` exists and holds the recorder's tables. */
export function historyTablesExist(databasePath: string): boolean {
	if (!fs.existsSync(databasePath)) return false;
	const db = new Database(databasePath, {readonly: true, fileMustExist: true});
	try {
		return db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('samples', 'processes')").pluck().get() === 2;
	} finally {
		db.close();
	}
}
