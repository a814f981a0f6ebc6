using System.Text;
using Understudy.Core.Detection;
using Understudy.Core.Heartbeats;
using Understudy.Core.Security;
using Understudy.Simulation.Tests.Network;

namespace Understudy.Simulation.Tests.Heartbeats;

public sealed class AttackSimulationTests
{
    [Fact]
    public void ReplayedDatagramsOfSilentNode_AreRejected_AndItStillDies()
    {
        var cluster = new SimulatedCluster(HeartbeatOptions.Lan, seed: 8, "a", "b", "c").Start();
        var captured = new List<byte[]>();
        // A wire tap on c's beats to a, as an attacker on the LAN would record them.
        cluster.Network.Sent += d =>
        {
            if (d.From == "c" && d.To == "a")
            {
                captured.Add(d.Payload);
            }
        };
        cluster.Run(TimeSpan.FromSeconds(3));
        cluster["c"].Silent = true;
        Assert.NotEmpty(captured);

        // "mallory" replays every captured beat to a, one per interval, from another address.
        var next = 0;
        var interval = HeartbeatOptions.Lan.Interval;
        var sinceLastReplay = TimeSpan.Zero;
        cluster.Run(TimeSpan.FromSeconds(3), _ =>
        {
            sinceLastReplay += SimulatedCluster.Step;
            if (sinceLastReplay >= interval && next < captured.Count)
            {
                cluster.Network.Send("mallory", "a", captured[next++]);
                sinceLastReplay = TimeSpan.Zero;
            }
        });
        cluster.Run(SimulatedCluster.Step); // deliver the last replay

        Assert.True(next > 5);
        Assert.Equal(next, cluster["a"].RejectionCount(HeartbeatRejection.Replayed));
        Assert.Equal(Liveness.Dead, cluster["a"].VerdictOn("c", cluster.Now));
    }

    [Fact]
    public void ReplayedDatagramsOfLiveNode_AreRejected()
    {
        var cluster = new SimulatedCluster(HeartbeatOptions.Lan, seed: 9, "a", "b").Start();
        var captured = new List<byte[]>();
        cluster.Network.Sent += d =>
        {
            if (d.From == "b")
            {
                captured.Add(d.Payload);
            }
        };
        cluster.Run(TimeSpan.FromSeconds(1));
        var accepted = cluster["a"].Peers["b"].Accepted;

        foreach (var datagram in captured)
        {
            cluster.Network.Send("mallory", "a", datagram);
        }

        cluster.Run(SimulatedCluster.Step);

        Assert.Equal(captured.Count, cluster["a"].RejectionCount(HeartbeatRejection.Replayed));
        Assert.Equal(accepted, cluster["a"].Peers["b"].Accepted);
    }

    [Fact]
    public void NodeWithOtherKey_IsBadMac_AndNeverAlive()
    {
        var cluster = new SimulatedCluster(HeartbeatOptions.Lan, seed: 10, "a", "b", "c", "d");
        cluster.Add("a", SimulatedCluster.Key);
        cluster.Add("b", SimulatedCluster.Key);
        cluster.Add("c", SimulatedCluster.Key);
        var otherKey = ClusterKeys.Derive(Encoding.UTF8.GetBytes("a guessed secret"), "sim").HeartbeatKey.ToArray();
        cluster.Add("d", otherKey);

        cluster.Run(TimeSpan.FromSeconds(10), now =>
        {
            foreach (var observer in new[] { "a", "b", "c" })
            {
                Assert.Equal(Liveness.NeverHeard, cluster[observer].VerdictOn("d", now));
            }
        });

        foreach (var observer in new[] { "a", "b", "c" })
        {
            Assert.Equal(0, cluster[observer].Peers["d"].Accepted);
            Assert.Equal(40, cluster[observer].RejectionCount(HeartbeatRejection.BadMac));
            Assert.Equal(Liveness.Alive, cluster[observer].VerdictOn(observer == "b" ? "c" : "b", cluster.Now));
        }

        // And d, holding the wrong key, trusts nobody either.
        Assert.Equal(Liveness.NeverHeard, cluster["d"].VerdictOn("a", cluster.Now));
        Assert.Equal(120, cluster["d"].RejectionCount(HeartbeatRejection.BadMac));
    }
}
