// One sentence per way the history file cannot be written, saying what to do about it.

export function describeStorageError(error: unknown, databasePath: string): string {
	const code = String((error as {code?: string})?.code ?? '');
	const detail = (error as Error)?.message ?? String(error);
	if (code === 'SQLITE_FULL' || code === 'ENOSPC' || /database or disk is full/i.test(detail))
		return `pm2-doctor record: the disk holding ${databasePath} is full; free space there or lower --max-size`;
	if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM')
		return `pm2-doctor record: cannot write ${databasePath} (${code === 'EROFS' || code.startsWith('SQLITE_READONLY') ? 'read-only file system or file' : 'permission denied'}); run the recorder as the daemon's user on a writable PM2_HOME`;
	if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
		return `pm2-doctor record: ${databasePath} is locked by another writer (is a second recorder running?)`;
	if (code === 'ENOTDIR' || code === 'ENOENT' || code === 'EEXIST')
		return `pm2-doctor record: cannot create the folder of ${databasePath} (${code}: something else is in the way)`;
	return `pm2-doctor record: cannot write ${databasePath}: ${code ? `${code}: ` : ''}${detail}`;
}
