using Understudy.Core.Config;
using Understudy.Core.Membership;
using Understudy.Core.Database;

namespace Understudy.Core.Tests.Membership;

/// <summary>Nodes announce their software; the database records it, with an event only on a change.</summary>
public sealed class NodeSoftwareTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Announce_FirstThenSameThenNewer_RecordsEachAndOneEventPerChange()
    {
        var first = ClusterState.Empty.Apply(new NodeSoftwareAnnounced(T0, "a", "0.1.0", 1), 1);
        var same = first.Apply(new NodeSoftwareAnnounced(T0, "a", "0.1.0", 1), 2);
        var newer = same.Apply(new NodeSoftwareAnnounced(T0, "a", "0.2.0", 2), 3);

        Assert.Equal(new NodeSoftware("0.1.0", 1), first.Software["a"]);
        Assert.Equal(first.LastEventId, same.LastEventId);
        Assert.Equal(new NodeSoftware("0.2.0", 2), newer.Software["a"]);
        Assert.Equal("now runs 0.2.0 (database protocol 2); was 0.1.0 (protocol 1)", newer.Events[^1].Reason);
    }

    [Fact]
    public void Rules_UnknownNodeOrBadVersion_NameTheField()
    {
        var config = ClusterFileParser.Parse("cluster:\n  name: c\n  key: \"a-long-enough-cluster-key\"\nnodes:\n  - name: a\n    address: 127.0.0.1\n", "t", "/").Config!;

        Assert.Null(NodeSoftwareRules.Check(new NodeSoftwareAnnounced(T0, "a", "0.1.0", 1), config));
        Assert.Equal("node", NodeSoftwareRules.Check(new NodeSoftwareAnnounced(T0, "zulu", "0.1.0", 1), config)!.Path);
        Assert.Equal("version", NodeSoftwareRules.Check(new NodeSoftwareAnnounced(T0, "a", new string('9', 65), 1), config)!.Path);
        Assert.Equal("protocol", NodeSoftwareRules.Check(new NodeSoftwareAnnounced(T0, "a", "0.1.0", 0), config)!.Path);
    }
}
