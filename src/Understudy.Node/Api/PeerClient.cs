using System.Text.Json;
using Understudy.Core.Config;
using Understudy.Node.Database;
using Understudy.Node.Security;

namespace Understudy.Node.Api;

/// <summary>
/// The one way a node calls another node's API (reports, lease grants and notes, fences, NLB
/// commits, connection counts, affinity gossip, the dashboard's peer reports): one connection
/// pool that trusts only the cluster's API identity on https:// and presents it as the client
/// certificate (<see cref="ApiIdentity"/>), else (plain HTTP on loopback) the nodes' internal token on every call, a deadline per call, an answer size limit, and
/// failures as values — an unreachable or refusing peer is an ordinary answer here, never an
/// exception for the caller to catch. Only the caller's own cancellation throws.
/// </summary>
internal sealed class PeerClient(ClusterConfig config, RaftHost raft, ApiCredential credential, ApiIdentity identity, PeerCallOptions options) : IDisposable
{
    private readonly HttpClient _http = new(identity.AsPeer(new SocketsHttpHandler
    {
        ConnectTimeout = options.ConnectTimeout,
        PooledConnectionIdleTimeout = options.IdleConnectionTimeout,
        UseProxy = false,
    }))
    {
        Timeout = Timeout.InfiniteTimeSpan, // each call has its own deadline
        MaxResponseContentBufferSize = options.MaxAnswerBytes,
    };

    /// <summary>The leader's node as Raft names it now, or null while there is none.</summary>
    public NodeConfig? Leader => raft.LeaderName is { } name ? config.FindNode(name) : null;

    /// <summary>POSTs <paramref name="content"/> to <paramref name="path"/> (with its query) on
    /// <paramref name="node"/>, answered within <paramref name="timeout"/>.</summary>
    public async Task<PeerAnswer> PostAsync(NodeConfig node, string path, HttpContent? content, TimeSpan timeout, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(node);
        using var request = new HttpRequestMessage(HttpMethod.Post, node.ApiUrl + path) { Content = content };
        return await SendAsync(request, timeout, token);
    }

    /// <summary>POSTs to the leader; <see cref="PeerAnswer.NoLeader"/> while there is none.</summary>
    public Task<PeerAnswer> PostToLeaderAsync(string path, HttpContent? content, TimeSpan timeout, CancellationToken token) =>
        Leader is { } leader ? PostAsync(leader, path, content, timeout, token) : Task.FromResult(PeerAnswer.NoLeader);

    /// <summary>GETs <paramref name="path"/> on <paramref name="node"/> and reads its JSON answer
    /// as <typeparamref name="T"/>: the value, or none and why not.</summary>
    public async Task<(T? Value, string? Why)> GetJsonAsync<T>(NodeConfig node, string path, TimeSpan timeout, CancellationToken token)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(node);
        using var request = new HttpRequestMessage(HttpMethod.Get, node.ApiUrl + path);
        var answer = await SendAsync(request, timeout, token);
        return answer.Ok ? answer.Read<T>() : (default, answer.Why);
    }

    public void Dispose() => _http.Dispose();

    private async Task<PeerAnswer> SendAsync(HttpRequestMessage request, TimeSpan timeout, CancellationToken token)
    {
        // Over TLS the client certificate says this is a node; the token is for plain HTTP (loopback).
        if (request.RequestUri?.Scheme != Uri.UriSchemeHttps)
        {
            credential.Authorize(request);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(token);
        limit.CancelAfter(timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, limit.Token);
            var body = await response.Content.ReadAsByteArrayAsync(limit.Token);
            return response.IsSuccessStatusCode ? PeerAnswer.Answered(body) : PeerAnswer.Refused((int)response.StatusCode, body);
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            return PeerAnswer.Silent($"no answer within {timeout.TotalMilliseconds:0} ms");
        }
        catch (HttpRequestException e)
        {
            return PeerAnswer.Silent(e.Message);
        }
    }
}

/// <summary>What a peer answered: <see cref="Ok"/> with its body, or why not in <see cref="Why"/>.</summary>
internal sealed record PeerAnswer(bool Ok, int? Status, ReadOnlyMemory<byte> Body, string? Why)
{
    /// <summary>No leader to ask.</summary>
    public static PeerAnswer NoLeader { get; } = new(false, null, default, "the cluster has no leader right now; try again");

    /// <summary>A 2xx answer.</summary>
    public static PeerAnswer Answered(byte[] body) => new(true, null, body, null);

    /// <summary>A non-2xx answer, its body (the API's error document) kept for the reason.</summary>
    public static PeerAnswer Refused(int status, byte[] body) =>
        new(false, status, body, $"{status} {System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 512))}");

    /// <summary>No answer: unreachable, refused connection, or past the deadline.</summary>
    public static PeerAnswer Silent(string why) => new(false, null, default, why);

    /// <summary>The body as <typeparamref name="T"/>, or null with why not.</summary>
    public (T? Value, string? Why) Read<T>()
        where T : notnull
    {
        try
        {
            return JsonSerializer.Deserialize<T>(Body.Span, StatusJson.Options) is { } value ? (value, null) : (default, "an empty answer");
        }
        catch (JsonException e)
        {
            return (default, $"an answer that is not the expected JSON: {e.Message}");
        }
    }
}

/// <summary>Limits of <see cref="PeerClient"/>'s calls. Each caller passes its own deadline; these
/// bound the connection and the answer.</summary>
internal sealed record PeerCallOptions
{
    /// <summary>Longest wait for a TCP connection to a peer: 1 s. Peers are on one LAN; a host
    /// that has not answered a SYN in a second is gone, and every caller has a later chance.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an idle pooled connection is kept: 30 s, so the steady stream of lease
    /// renewals and reports reuses its connections.</summary>
    public TimeSpan IdleConnectionTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest answer read from a peer: 4 MiB, bigger than any status or VM list a node
    /// produces; a larger one is refused before it is parsed.</summary>
    public long MaxAnswerBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Deadline of a role report to the leader: 2 s. A report that misses it is sent
    /// again by the reconciler's next tick (every report is idempotent).</summary>
    public TimeSpan Report { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Deadline of a command handed to the leader (<c>/api/nlb/commit</c>): 5 s, a few
    /// Raft round trips and an election.</summary>
    public TimeSpan Commit { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Deadline of a connection count asked by the drain loop: 1 s (it asks again each tick).</summary>
    public TimeSpan Connections { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Deadline of an affinity gossip round to one peer: 2 s (the next round repeats it).</summary>
    public TimeSpan Gossip { get; init; } = TimeSpan.FromSeconds(2);
}
