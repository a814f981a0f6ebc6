using Understudy.Core.Clones;
using Understudy.Core.Database;
using Understudy.Core.Membership;
using static Understudy.Core.Tests.Failover.Roles;

namespace Understudy.Core.Tests.Database;

/// <summary>The database digest tells equal databases from diverged ones, and survives a snapshot.</summary>
public sealed class DatabaseDigestTests
{
    private static ClusterState Built() => Cluster()
        .Define(Role("kv"))
        .Define(Role("web", r => r with { IsClone = true }))
        .Own("kv", "a")
        .Run([new CloneInstanceStarted(T0, "web", "b", "test"), new NodeUp(T0.AddSeconds(3), "c", 2, 30, "node restarted"), new NodeDown(T0.AddSeconds(4), "b", "missed heartbeats")]);

    [Fact]
    public void Of_TheSameCommandsAppliedTwice_Equal() => Assert.Equal(DatabaseDigest.Of(Built()), DatabaseDigest.Of(Built()));

    [Fact]
    public void Of_AfterASnapshotRoundTrip_Equal()
    {
        var state = Built();

        var restored = CommandCodec.DecodeSnapshot(CommandCodec.EncodeSnapshot(state));

        Assert.Equal(DatabaseDigest.Of(state), DatabaseDigest.Of(restored));
    }

    [Fact]
    public void Of_OneCommandDifferentAtTheSameVersion_Differs()
    {
        var before = Built();
        var down = before.Apply(new NodeDown(T0.AddSeconds(5), "c", "missed heartbeats"), before.Version + 1);
        var up = before.Apply(new NodeUp(T0.AddSeconds(5), "a", 1, 1, "heartbeats resumed"), before.Version + 1);

        Assert.Equal(down.Version, up.Version);
        Assert.NotEqual(DatabaseDigest.Of(down), DatabaseDigest.Of(up));
    }
}
