namespace Understudy.Core.Security;

/// <summary>
/// Whether a key file is private enough to hold the cluster key. PostgreSQL's rule for its TLS
/// key: a file owned by the user who reads it may be readable and writable by that user only
/// (0600 or less); a file owned by root may also be readable by its group (0640 or less), so a
/// service user in that group reads it without owning it (docs/deploy.md's
/// <c>root:understudy 0640</c>). Anything else is refused: others may not read it, nobody but the
/// owner may write it, and nobody may execute it.
/// </summary>
public static class KeyFileAccess
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerAndGroupRead = OwnerOnly | UnixFileMode.GroupRead;

    /// <summary>Why <paramref name="path"/> may not hold the key, with the command that fixes it; null when it may.</summary>
    /// <param name="path">The key file, for the message.</param>
    /// <param name="mode">Its permission bits.</param>
    /// <param name="ownerUid">The file's owner.</param>
    /// <param name="readerUid">The user reading it (this process).</param>
    public static string? Problem(string path, UnixFileMode mode, uint ownerUid, uint readerUid)
    {
        var bits = mode & (UnixFileMode)0x1FF;
        var octal = Convert.ToString((int)bits, 8).PadLeft(4, '0');
        if (ownerUid == 0 && (bits & ~OwnerAndGroupRead) == 0)
        {
            return null;
        }

        if (ownerUid == readerUid && (bits & ~OwnerOnly) == 0)
        {
            return null;
        }

        if (ownerUid != 0 && ownerUid != readerUid)
        {
            return $"cluster.keyFile: {path} belongs to user {ownerUid}, neither this user ({readerUid}) nor root; run: chown root: {path} && chmod 0640 {path}";
        }

        return ownerUid == 0
            ? $"cluster.keyFile: {path} has mode {octal}; a key file owned by root may be read by its owner and group only (0640 or less); run: chmod 0640 {path}"
            : $"cluster.keyFile: {path} has mode {octal}; a key file may be read and written by its owner only (0600 or less); run: chmod 0600 {path}";
    }
}
