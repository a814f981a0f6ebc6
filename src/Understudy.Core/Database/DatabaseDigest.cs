using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Understudy.Core.Database;

/// <summary>
/// A short fingerprint of a whole cluster database: the first 16 hex digits of the SHA-256 of its
/// snapshot encoding. Two nodes at the same <see cref="ClusterState.Version"/> must show the same
/// digest; different digests at one version mean their state machines diverged (the Raft log held
/// different entries at one index and term, as chaos seed 2 once found, docs/reliability.md).
/// </summary>
public static class DatabaseDigest
{
    private const int HexDigits = 16;

    // One digest per database value: a status read per second costs one hash per change, not per read.
    private static readonly ConditionalWeakTable<ClusterState, string> Known = [];

    /// <summary>The digest of <paramref name="state"/>.</summary>
    public static string Of(ClusterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Known.GetValue(state, s => Convert.ToHexStringLower(SHA256.HashData(CommandCodec.EncodeSnapshot(s)))[..HexDigits]);
    }
}
