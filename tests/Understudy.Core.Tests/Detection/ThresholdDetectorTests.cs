using Understudy.Core.Detection;

namespace Understudy.Core.Tests.Detection;

public sealed class ThresholdDetectorTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Fact]
    public void Evaluate_BeforeFirstBeat_IsNeverHeard()
    {
        var detector = new ThresholdDetector(HeartbeatOptions.Lan);

        Assert.Equal(Liveness.NeverHeard, detector.Evaluate(TimeSpan.FromSeconds(10)));
        Assert.Null(detector.LastArrival);
        Assert.Equal(0, detector.Suspicion(TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData(250, 4)]     // defaults: 1 s
    [InlineData(1000, 10)]   // WSFC same-subnet defaults: 10 s
    [InlineData(100, 3)]
    public void Evaluate_AtWindow_IsAliveAndOneTickPast_IsDead(int intervalMs, int threshold)
    {
        var options = new HeartbeatOptions { Interval = TimeSpan.FromMilliseconds(intervalMs), Threshold = threshold };
        var detector = new ThresholdDetector(options);
        var last = TimeSpan.FromSeconds(42);
        detector.RecordHeartbeat(last);
        var window = TimeSpan.FromMilliseconds(intervalMs * threshold);

        Assert.Equal(Liveness.Alive, detector.Evaluate(last + window));
        Assert.Equal(Liveness.Dead, detector.Evaluate(last + window + Tick));
    }

    [Fact]
    public void Suspicion_CountsMissedBeats()
    {
        var detector = new ThresholdDetector(HeartbeatOptions.Lan);
        detector.RecordHeartbeat(TimeSpan.FromSeconds(1));

        Assert.Equal(0, detector.Suspicion(TimeSpan.FromSeconds(1)));
        Assert.Equal(2.5, detector.Suspicion(TimeSpan.FromMilliseconds(1625)));
        Assert.Equal(4, detector.Suspicion(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void RecordHeartbeat_EarlierArrival_IsIgnored()
    {
        var detector = new ThresholdDetector(HeartbeatOptions.Lan);
        detector.RecordHeartbeat(TimeSpan.FromSeconds(5));
        detector.RecordHeartbeat(TimeSpan.FromSeconds(4));

        Assert.Equal(TimeSpan.FromSeconds(5), detector.LastArrival);
    }

    [Fact]
    public void RecordHeartbeat_AfterDead_IsAliveAgain()
    {
        var detector = new ThresholdDetector(HeartbeatOptions.Lan);
        detector.RecordHeartbeat(TimeSpan.Zero);
        Assert.Equal(Liveness.Dead, detector.Evaluate(TimeSpan.FromSeconds(3)));

        detector.RecordHeartbeat(TimeSpan.FromSeconds(3));

        Assert.Equal(Liveness.Alive, detector.Evaluate(TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void Reset_ForgetsLastArrival()
    {
        var detector = new ThresholdDetector(HeartbeatOptions.Lan);
        detector.RecordHeartbeat(TimeSpan.FromSeconds(5));

        detector.Reset();

        Assert.Null(detector.LastArrival);
        Assert.Equal(Liveness.NeverHeard, detector.Evaluate(TimeSpan.FromSeconds(5)));
        detector.RecordHeartbeat(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(1), detector.LastArrival);
    }

    [Fact]
    public void AliveUntil_IsLastArrivalPlusWindow_AndTheVerdictTurnsJustAfter()
    {
        var detector = new ThresholdDetector(HeartbeatOptions.Lan);
        Assert.Null(detector.AliveUntil);
        detector.RecordHeartbeat(TimeSpan.FromSeconds(5));

        var until = detector.AliveUntil!.Value;

        Assert.Equal(TimeSpan.FromSeconds(6), until);
        Assert.Equal(Liveness.Alive, detector.Evaluate(until));
        Assert.Equal(Liveness.Dead, detector.Evaluate(until + TimeSpan.FromTicks(1)));
    }

    [Fact]
    public void Constructor_NonPositiveInterval_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThresholdDetector(new HeartbeatOptions { Interval = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThresholdDetector(new HeartbeatOptions { Threshold = 0 }));
    }
}
