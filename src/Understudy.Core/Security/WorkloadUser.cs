namespace Understudy.Core.Security;

/// <summary>
/// A process resource's <c>user:</c> — the account its workload runs as, as systemd's
/// <c>User=</c> — and the rule that such a workload can never read the cluster's secret: with the
/// key, a workload could forge heartbeats, join the Raft group and call every API.
/// </summary>
public static class WorkloadUser
{
    /// <summary>The longest user name accepted (useradd's limit).</summary>
    public const int MaxLength = 32;

    /// <summary>Whether <paramref name="user"/> is a portable user name (<c>[a-z_][a-z0-9_-]*</c>,
    /// optionally ending in <c>$</c>) or a numeric uid.</summary>
    public static bool IsValid(string user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Length is 0 or > MaxLength)
        {
            return false;
        }

        if (user.All(char.IsAsciiDigit))
        {
            return uint.TryParse(user, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _);
        }

        var name = user.EndsWith('$') ? user[..^1] : user;
        return name.Length > 0 && (char.IsAsciiLetterLower(name[0]) || name[0] == '_')
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-');
    }

    /// <summary>Why the workload user could read the secret file, or null when it cannot: the
    /// file's owner with a read bit, a member of its group with the group read bit, or anyone
    /// with the others' read bit.</summary>
    /// <param name="user">The user, for the message.</param>
    /// <param name="uid">Its uid.</param>
    /// <param name="groups">Every group it is in (primary and supplementary).</param>
    /// <param name="path">The file holding the secret (the key file, or the cluster file when the key is inline).</param>
    /// <param name="owner">The file's owner.</param>
    /// <param name="group">The file's group.</param>
    /// <param name="mode">The file's permission bits.</param>
    public static string? SecretReadableBy(string user, uint uid, IReadOnlyCollection<uint> groups, string path, uint owner, uint group, UnixFileMode mode)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (uid == 0)
        {
            return $"user {user} is root: a workload that should not read {path} must run as another user";
        }

        var why = uid == owner && mode.HasFlag(UnixFileMode.UserRead) ? "owns it"
            : groups.Contains(group) && mode.HasFlag(UnixFileMode.GroupRead) ? $"is in its group ({group})"
            : mode.HasFlag(UnixFileMode.OtherRead) ? "may read it as anyone may"
            : null;
        return why is null ? null : $"user {user} {why}, so its workload could read the cluster key in {path}; give the key file to root with mode 0600 (chown root: {path} && chmod 0600 {path}), or run the workload as a user outside its group";
    }
}
