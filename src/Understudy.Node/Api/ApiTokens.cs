using System.Security.Cryptography.X509Certificates;
using Understudy.Core.Security;
using Understudy.Node.Database;
using Understudy.Node.Security;

namespace Understudy.Node.Api;

/// <summary>
/// The credentials this node accepts (docs/api.md "Tokens"): over TLS, the cluster's API identity
/// as the client certificate, and the nodes' internal token, for every call; the operator token of
/// the generation the database names now, for every call but the internal ones. A rotation
/// committed on the leader takes effect here when this node applies it.
/// </summary>
internal sealed class ApiTokens(ClusterKeys keys, Func<long> generation, ApiIdentity? identity = null)
{
    private readonly Lock _gate = new();
    private (long Generation, string Token) _operator = (0, ApiToken.Operator(keys, 0));

    /// <summary>Tokens of a node whose database is <paramref name="raft"/>'s.</summary>
    public ApiTokens(ClusterKeys keys, RaftHost raft, ApiIdentity identity)
        : this(keys, () => raft.State.OperatorTokenGeneration, identity)
    {
    }

    /// <summary>The nodes' internal token.</summary>
    public string Internal { get; } = ApiToken.Internal(keys);

    /// <summary>The operator generation now.</summary>
    public long Generation => generation();

    /// <summary>What a caller with <paramref name="presented"/> and <paramref name="certificate"/> is.</summary>
    public ApiTokenKind Classify(string? presented, X509Certificate2? certificate = null)
    {
        if (certificate is not null && identity is not null && identity.Accepts(certificate))
        {
            return ApiTokenKind.Internal;
        }

        if (presented is null)
        {
            return ApiTokenKind.None;
        }

        if (ApiToken.Matches(Internal, presented))
        {
            return ApiTokenKind.Internal;
        }

        return ApiToken.Matches(Operator(), presented) ? ApiTokenKind.Operator : ApiTokenKind.Wrong;
    }

    // The operator token of the current generation, derived once per generation.
    private string Operator()
    {
        var now = generation();
        lock (_gate)
        {
            if (_operator.Generation != now)
            {
                _operator = (now, ApiToken.Operator(keys, now));
            }

            return _operator.Token;
        }
    }
}

/// <summary>What a presented bearer token is (<see cref="ApiTokens.Classify"/>).</summary>
internal enum ApiTokenKind
{
    /// <summary>No token.</summary>
    None,

    /// <summary>Neither token (or an operator token of another generation).</summary>
    Wrong,

    /// <summary>The operator token of the current generation.</summary>
    Operator,

    /// <summary>The nodes' internal token, or the cluster's API identity as the client certificate.</summary>
    Internal,
}
