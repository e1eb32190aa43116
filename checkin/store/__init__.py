"""Storage: atomic TinyDB files, the repository, the lock, backups and migrations."""
