using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Understudy.Core.Security;

/// <summary>
/// The bearer tokens of state-changing API calls, derived from the cluster key (HMAC of a label
/// under the API sub-key), so every holder of the cluster file can compute them and nobody else
/// can, and knowing one reveals nothing about the heartbeat or transport keys. Two kinds: the
/// <em>operator</em> token of the CLI, the dashboard and scripts, one per generation so that it
/// can be rotated (<see cref="Database.OperatorTokenRotated"/>); and the nodes' own
/// <em>internal</em> token, the only one the internal calls (<c>/api/internal/…</c>: lease
/// grants, reports, notes) accept, never handed to a person.
/// </summary>
public static class ApiToken
{
    private const string Label = "understudy/api-token/bearer/v1";
    private const string InternalLabel = "understudy/api-token/internal/v1";

    /// <summary>The operator token of generation 0, URL-safe Base64 without padding (43 characters).</summary>
    public static string Derive(ClusterKeys keys) => Operator(keys, 0);

    /// <summary>The operator token of <paramref name="generation"/>: generation 0 is HMAC of the
    /// label alone (the token before any rotation), a later one of the label, "/" and the number.</summary>
    public static string Operator(ClusterKeys keys, long generation)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentOutOfRangeException.ThrowIfNegative(generation);
        return Sign(keys, generation == 0 ? Label : $"{Label}/{generation.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
    }

    /// <summary>The nodes' internal token.</summary>
    public static string Internal(ClusterKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return Sign(keys, InternalLabel);
    }

    private static string Sign(ClusterKeys keys, string label) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(keys.ApiTokenKey.Span, Encoding.UTF8.GetBytes(label)));

    /// <summary>Constant-time check of a presented token.</summary>
    public static bool Matches(string expected, string? presented) =>
        presented is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}
