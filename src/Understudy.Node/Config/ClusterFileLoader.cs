using System.Text;
using Understudy.Core.Config;
using Understudy.Core.Security;

namespace Understudy.Node.Config;

/// <summary>Reads a cluster file and its key file from disk; the parsing itself is pure (Core).</summary>
public static class ClusterFileLoader
{
    /// <summary>Loads and validates <paramref name="path"/>. Errors say what and where.</summary>
    public static ClusterFileResult Load(string path)
    {
        var full = Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(full, $"cannot read the cluster file: {e.Message}");
        }

        return DomainXmlFiles.Resolve(ClusterFileParser.Parse(text, path, Path.GetDirectoryName(full) ?? "."));
    }

    /// <summary>The secret bytes of the cluster key, or an error message (never containing the
    /// secret). A key file others could read, or anyone but its owner write, is refused with the
    /// command that fixes it (<see cref="KeyFileAccess"/>), as ssh and PostgreSQL refuse theirs.</summary>
    public static (byte[]? Secret, string? Error) ResolveKey(ClusterKeySource source)
    {
        switch (source)
        {
            case ClusterKeySource.Inline inline:
                return (Encoding.UTF8.GetBytes(inline.Secret), null);
            case ClusterKeySource.File file:
                if (Native.Libc.FileOwner(file.Path) is { } owner
                    && KeyFileAccess.Problem(file.Path, owner.Mode, owner.Owner, Native.Libc.EffectiveUserId()) is { } tooOpen)
                {
                    return (null, tooOpen);
                }

                try
                {
                    var secret = File.ReadAllText(file.Path).Trim();
                    return secret.Length >= 16
                        ? (Encoding.UTF8.GetBytes(secret), null)
                        : (null, $"cluster.keyFile: {file.Path} holds fewer than 16 characters");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return (null, $"cluster.keyFile: cannot read {file.Path}: {e.Message}");
                }

            default:
                return (null, "cluster.key: no key");
        }
    }

    private static ClusterFileResult Failed(string path, string message) =>
        new(null, [new ConfigError(path, null, null, message)]);
}
