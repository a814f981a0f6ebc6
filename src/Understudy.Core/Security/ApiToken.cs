using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Understudy.Core.Security;

/// <summary>
/// The bearer token that every state-changing API call must carry. It is derived from the
/// cluster key (HMAC of a fixed label under the API sub-key), so every holder of the cluster file
/// can compute it and nobody else can, and knowing it reveals nothing about the heartbeat or
/// transport keys.
/// </summary>
public static class ApiToken
{
    private const string Label = "understudy/api-token/bearer/v1";

    /// <summary>The cluster's API token, URL-safe Base64 without padding (43 characters).</summary>
    public static string Derive(ClusterKeys keys) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(keys.ApiTokenKey.Span, Encoding.UTF8.GetBytes(Label)));

    /// <summary>Constant-time check of a presented token.</summary>
    public static bool Matches(string expected, string? presented) =>
        presented is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}
