using System.Net;
using Microsoft.Extensions.Time.Testing;
using Understudy.Core.Config;
using Understudy.Core.Detection;
using Understudy.Core.Heartbeats;
using Understudy.Node.Heartbeats;
using Understudy.Node.Hosting;

namespace Understudy.Node.Tests.Heartbeats;

/// <summary>
/// Membership sleeps until a verdict can change: these are the deadlines and wake-ups it counts
/// on — a raise for every change no deadline foresees, and none for an ordinary heartbeat.
/// </summary>
public sealed class PeerRecordTests
{
    private static readonly HeartbeatOptions Options = HeartbeatOptions.Lan; // 250 ms x 4
    private static readonly NodeConfig Peer = new() { Name = "n2", Address = IPAddress.Loopback };

    private static (PeerRecord Record, NodeChanges Changes) Listening(TimeSpan since)
    {
        var changes = new NodeChanges(new FakeTimeProvider());
        return (new PeerRecord(Peer, Options, since, changes), changes);
    }

    private static Heartbeat Beat(long incarnation, long sequence, int pid = 100) => new(HeartbeatKind.Node, "n2", incarnation, sequence, pid);

    [Fact]
    public void NeverHeard_VerdictHoldsUntilTheFirstWindowEnds_ThenNothingButAHeartbeatChangesIt()
    {
        var (record, _) = Listening(TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(11), record.VerdictHoldsUntil(TimeSpan.FromSeconds(10.5)));
        Assert.Null(record.VerdictHoldsUntil(TimeSpan.FromSeconds(11.001)));
    }

    [Fact]
    public void FirstHeartbeat_Raises_OrdinaryHeartbeats_DoNot()
    {
        var (record, changes) = Listening(TimeSpan.Zero);

        Assert.Equal(HeartbeatRejection.None, record.Accept(Beat(1, 1), TimeSpan.FromMilliseconds(100)));
        Assert.Equal(1, changes.Version);
        Assert.Equal(HeartbeatRejection.None, record.Accept(Beat(1, 2), TimeSpan.FromMilliseconds(350)));
        Assert.Equal(HeartbeatRejection.None, record.Accept(Beat(1, 3), TimeSpan.FromMilliseconds(600)));

        Assert.Equal(1, changes.Version);
        Assert.Equal(TimeSpan.FromMilliseconds(1600), record.VerdictHoldsUntil(TimeSpan.FromMilliseconds(700)));
    }

    [Fact]
    public void DeadPeerHeardAgain_Raises_AndItsVerdictHasADeadlineAgain()
    {
        var (record, changes) = Listening(TimeSpan.Zero);
        record.Accept(Beat(1, 1), TimeSpan.FromMilliseconds(100));
        Assert.Null(record.VerdictHoldsUntil(TimeSpan.FromSeconds(5)));
        var before = changes.Version;

        record.Accept(Beat(1, 2), TimeSpan.FromSeconds(5));

        Assert.Equal(before + 1, changes.Version);
        Assert.Equal(TimeSpan.FromSeconds(6), record.VerdictHoldsUntil(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void RestartWithinTheWindow_Raises()
    {
        var (record, changes) = Listening(TimeSpan.Zero);
        record.Accept(Beat(1, 1), TimeSpan.FromMilliseconds(100));
        var before = changes.Version;

        record.Accept(Beat(2, 1, pid: 200), TimeSpan.FromMilliseconds(350));

        Assert.Equal(before + 1, changes.Version);
    }

    [Fact]
    public void ReplayedHeartbeat_IsDropped_AndDoesNotRaise()
    {
        var (record, changes) = Listening(TimeSpan.Zero);
        record.Accept(Beat(1, 5), TimeSpan.FromMilliseconds(100));
        var before = changes.Version;

        Assert.NotEqual(HeartbeatRejection.None, record.Accept(Beat(1, 5), TimeSpan.FromSeconds(3)));

        Assert.Equal(before, changes.Version);
    }
}
