using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Membership;

/// <summary>A node that does not hold the cluster key is never admitted.</summary>
[Collection(ProcessCollection.Name)]
public sealed class AdmissionProcessTests
{
    [Fact]
    public async Task WrongKey_Node_IsNeverAdmittedAndNeverLeads()
    {
        await using var cluster = TestCluster.Create();
        cluster.Start("n1");
        cluster.Start("n2");
        cluster.Start("n3", cluster.WriteVariantWithKey("another-cluster-key-9876543210"));

        await cluster.WaitForUpAsync("n1", "n1", "n2");

        // Condition, not a sleep: wait until n1 has rejected a good number of n3's forged beats.
        var seen = await cluster.WaitForAsync("n1", s => s.Heartbeats.Dropped["badMac"] >= 20, "20 beats from n3 rejected");
        Assert.Equal("Joining", TestCluster.StateOf(seen, "n3"));
        Assert.NotEqual("n3", seen.Leader);
        Assert.Null(seen.Nodes.Single(n => n.Name == "n3").LastHeartbeatMs);

        // The impostor cannot complete a TLS handshake with anyone, so it never learns of a leader.
        var impostor = await cluster.WaitForAsync("n3", s => s.Heartbeats.Dropped["badMac"] >= 20, "n3 rejects the others' beats");
        Assert.Null(impostor.Leader);
        Assert.False(impostor.Quorum);
        Assert.Equal("Joining", TestCluster.StateOf(impostor, "n1"));
    }
}
