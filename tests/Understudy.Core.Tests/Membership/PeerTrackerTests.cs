using Understudy.Core.Detection;
using Understudy.Core.Heartbeats;
using Understudy.Core.Membership;

namespace Understudy.Core.Tests.Membership;

public sealed class PeerTrackerTests
{
    private static readonly HeartbeatOptions Options = new() { Interval = TimeSpan.FromMilliseconds(250), Threshold = 4 };

    private static Heartbeat Beat(long incarnation, long sequence, int pid = 100) =>
        new(HeartbeatKind.Node, "n2", incarnation, sequence, pid);

    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void BeforeTheFirstBeat_NothingIsKnown()
    {
        var peer = new PeerTracker(new ThresholdDetector(Options));
        Assert.Null(peer.Incarnation);
        Assert.Null(peer.ProcessId);
        Assert.Equal(Liveness.NeverHeard, peer.Detector.Evaluate(Ms(0)));
    }

    [Fact]
    public void AnAcceptedBeat_RecordsIncarnationPidAndArrival()
    {
        var peer = new PeerTracker(new ThresholdDetector(Options));
        Assert.Equal(HeartbeatRejection.None, peer.Accept(Beat(7, 1, pid: 42), Ms(10)));
        Assert.Equal(7, peer.Incarnation);
        Assert.Equal(42, peer.ProcessId);
        Assert.Equal(Ms(10), peer.Detector.LastArrival);
        Assert.Equal(Liveness.Alive, peer.Detector.Evaluate(Ms(20)));
    }

    [Fact]
    public void AReplay_ChangesNothing()
    {
        var peer = new PeerTracker(new ThresholdDetector(Options));
        peer.Accept(Beat(7, 1), Ms(10));
        Assert.Equal(HeartbeatRejection.Replayed, peer.Accept(Beat(7, 1, pid: 9), Ms(500)));
        Assert.Equal(100, peer.ProcessId);
        Assert.Equal(Ms(10), peer.Detector.LastArrival);
    }

    [Fact]
    public void AStaleIncarnation_IsRefused()
    {
        var peer = new PeerTracker(new ThresholdDetector(Options));
        peer.Accept(Beat(8, 1), Ms(10));
        Assert.Equal(HeartbeatRejection.StaleIncarnation, peer.Accept(Beat(7, 5), Ms(20)));
        Assert.Equal(8, peer.Incarnation);
    }

    [Fact]
    public void ANewIncarnation_ResetsTheDetector()
    {
        // The old process went silent long enough to be Dead; the restarted one's first beat
        // starts a fresh history instead of being judged by the old process's rhythm.
        var peer = new PeerTracker(new ThresholdDetector(Options));
        peer.Accept(Beat(7, 1), Ms(0));
        peer.Accept(Beat(7, 2), Ms(250));
        Assert.Equal(Liveness.Dead, peer.Detector.Evaluate(Ms(5000)));

        Assert.Equal(HeartbeatRejection.None, peer.Admit(Beat(8, 1, pid: 200)));
        Assert.Equal(Liveness.NeverHeard, peer.Detector.Evaluate(Ms(5000)));
        peer.Record(Ms(5000));
        Assert.Equal(8, peer.Incarnation);
        Assert.Equal(200, peer.ProcessId);
        Assert.Equal(Liveness.Alive, peer.Detector.Evaluate(Ms(5010)));
    }

    [Fact]
    public void TheSameIncarnation_KeepsTheHistory()
    {
        var peer = new PeerTracker(new ThresholdDetector(Options));
        peer.Accept(Beat(7, 1), Ms(0));
        peer.Admit(Beat(7, 2));
        Assert.Equal(Ms(0), peer.Detector.LastArrival);
    }
}
