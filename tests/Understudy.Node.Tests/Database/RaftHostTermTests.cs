using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Microsoft.Extensions.Logging.Abstractions;
using Understudy.Core.Database;
using Understudy.Node.Database;

namespace Understudy.Node.Tests.Database;

/// <summary>The term a leader stamps comes from its own log (<see cref="AppendTerm"/>), read from a real DotNext log.</summary>
public sealed class RaftHostTermTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("understudy-term-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task LastEntryTerm_IsTheTermOfTheLastAppendedEntry()
    {
        var token = TestContext.Current.CancellationToken;
        await using var machine = new ClusterStateMachine(_root.CreateSubdirectory("snapshots"), NullLogger<ClusterStateMachine>.Instance);
        await using var log = new WriteAheadLog(new WriteAheadLog.Options { Location = _root.CreateSubdirectory("log").FullName }, machine);

        Assert.Equal(0, await RaftHost.LastEntryTermAsync(log, token));

        await log.AppendAsync(new BinaryLogEntry { Content = new byte[] { 1 }, Term = 7 }, token);
        await log.AppendAsync(new BinaryLogEntry { Content = ReadOnlyMemory<byte>.Empty, Term = 7 }, token);
        Assert.Equal(7, await RaftHost.LastEntryTermAsync(log, token));
        Assert.Null(AppendTerm.ForLeader(currentTerm: 8, leadingTerm: 7, await RaftHost.LastEntryTermAsync(log, token)));

        await log.AppendAsync(new BinaryLogEntry { Content = ReadOnlyMemory<byte>.Empty, Term = 8 }, token);
        Assert.Equal(8, AppendTerm.ForLeader(currentTerm: 8, leadingTerm: 7, await RaftHost.LastEntryTermAsync(log, token)));
    }
}
