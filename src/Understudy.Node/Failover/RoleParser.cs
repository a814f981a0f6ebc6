using System.Collections.Immutable;
using Understudy.Core.Config;
using Understudy.Core.Failover;

namespace Understudy.Node.Failover;

/// <summary>
/// Parses a role posted to the API (<c>POST /api/roles</c>) one at a time, each on a thread of
/// its own: Raft's heartbeats and the lease grants run on the thread pool, and a large role
/// parsed there starved them until the leader lost its leadership (issue 13). The body size cap
/// and <see cref="RoleDefinition.MaxResources"/> bound each parse; the gate bounds how many
/// run at once.
/// </summary>
internal sealed class RoleParser(ClusterConfig config) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly IReadOnlySet<string> _nodes = config.Nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);

    public async Task<(RoleDefinition? Role, ImmutableArray<ConfigError> Errors)> ParseAsync(string yaml, CancellationToken token)
    {
        await _gate.WaitAsync(token);
        try
        {
            return await Task.Factory.StartNew(
                () => RoleFileParser.Parse(yaml, "request", Environment.CurrentDirectory, _nodes),
                token,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
