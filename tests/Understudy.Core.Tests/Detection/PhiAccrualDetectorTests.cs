using Microsoft.Extensions.Time.Testing;
using Understudy.Core.Detection;

namespace Understudy.Core.Tests.Detection;

public sealed class PhiAccrualDetectorTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private static readonly HeartbeatOptions Options = new() { Detector = DetectorMode.Phi };

    [Fact]
    public void Evaluate_BeforeFirstBeat_IsNeverHeard()
    {
        var detector = new PhiAccrualDetector(Options);

        Assert.Equal(Liveness.NeverHeard, detector.Evaluate(TimeSpan.FromMinutes(1)));
        Assert.Equal(0, detector.Suspicion(TimeSpan.FromMinutes(1)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(50)]
    public void AliveUntil_IsWithinAMillisecondOfWhereTheVerdictTurnsDead(int beats)
    {
        var detector = new PhiAccrualDetector(Options);
        Assert.Null(detector.AliveUntil);
        var arrival = TimeSpan.Zero;
        for (var i = 0; i < beats; i++)
        {
            arrival += Interval + TimeSpan.FromMilliseconds(i % 7 * 9); // uneven gaps
            detector.RecordHeartbeat(arrival);
        }

        var until = detector.AliveUntil!.Value;

        Assert.True(until > arrival + Interval, $"alive until {until} after the last beat at {arrival}");
        Assert.Equal(Liveness.Alive, detector.Evaluate(until));
        Assert.Equal(Liveness.Dead, detector.Evaluate(until + TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void Suspicion_AfterFirstBeat_UsesSeedOfIntervalAndQuarterDeviation()
    {
        var detector = new PhiAccrualDetector(Options);
        detector.RecordHeartbeat(TimeSpan.FromSeconds(1));

        // Seed mean 250 ms, deviation 62.5 ms floored to 100 ms; mean widened by the 500 ms pause.
        var expected = PhiAccrualDetector.Phi(TimeSpan.FromMilliseconds(400), 750, 100);
        Assert.Equal(expected, detector.Suspicion(TimeSpan.FromMilliseconds(1400)), 12);
    }

    [Fact]
    public void Suspicion_WithWideSeed_UsesSeedDeviation()
    {
        // Interval 2 s: seed deviation 500 ms is above the 100 ms floor, so it is used as is.
        var options = Options with { Interval = TimeSpan.FromSeconds(2) };
        var detector = new PhiAccrualDetector(options);
        detector.RecordHeartbeat(TimeSpan.Zero);

        var expected = PhiAccrualDetector.Phi(TimeSpan.FromSeconds(3), 2500, 500);
        Assert.Equal(expected, detector.Suspicion(TimeSpan.FromSeconds(3)), 12);
    }

    [Fact]
    public void Evaluate_RegularBeats_StayAlive()
    {
        // Arrivals come from a FakeTimeProvider, read as elapsed time since an arbitrary start.
        var time = new FakeTimeProvider();
        var start = time.GetTimestamp();
        var detector = new PhiAccrualDetector(Options);
        for (var i = 0; i < 1000; i++)
        {
            detector.RecordHeartbeat(time.GetElapsedTime(start));
            time.Advance(Interval);
            Assert.Equal(Liveness.Alive, detector.Evaluate(time.GetElapsedTime(start)));
        }
    }

    [Fact]
    public void Evaluate_JitteredBeats_StayAlive()
    {
        var random = new Random(2004);
        var detector = new PhiAccrualDetector(Options);
        var now = TimeSpan.Zero;
        for (var i = 0; i < 5000; i++)
        {
            detector.RecordHeartbeat(now);
            // 250 ms +- 100 ms, checked every 10 ms until the next beat.
            var next = now + Interval + TimeSpan.FromMilliseconds(random.Next(-100, 101));
            for (var t = now; t <= next; t += TimeSpan.FromMilliseconds(10))
            {
                Assert.Equal(Liveness.Alive, detector.Evaluate(t));
            }

            now = next;
        }
    }

    [Fact]
    public void Evaluate_Silence_BecomesDead()
    {
        var detector = BeatRegularly(20, out var last);

        Assert.Equal(Liveness.Alive, detector.Evaluate(last + Interval));
        Assert.Equal(Liveness.Dead, detector.Evaluate(last + TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void TimeToDead_DefaultsWith250MsBeats_IsBetweenOneAndThreeSeconds()
    {
        var detector = BeatRegularly(20, out var last);
        var oneMs = TimeSpan.FromMilliseconds(1);

        var silence = TimeSpan.Zero;
        while (detector.Evaluate(last + silence) == Liveness.Alive)
        {
            silence += oneMs;
        }

        Assert.Equal(Liveness.Dead, detector.Evaluate(last + silence));
        Assert.Equal(Liveness.Alive, detector.Evaluate(last + silence - oneMs));
        Assert.InRange(silence, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        // Regular beats: mean 250 + 500 ms pause, deviation floored to 100 ms; phi = 8 at
        // y = (t - 750) / 100 of about 5.22, so the first dead millisecond is 1273.
        Assert.Equal(TimeSpan.FromMilliseconds(1273), silence);
    }

    [Fact]
    public void RecordHeartbeat_EarlierArrival_IsIgnored()
    {
        var detector = BeatRegularly(5, out var last);
        var before = detector.Suspicion(last + Interval);

        detector.RecordHeartbeat(last - Interval);

        Assert.Equal(last, detector.LastArrival);
        Assert.Equal(before, detector.Suspicion(last + Interval));
    }

    [Fact]
    public void Reset_ForgetsHistory()
    {
        var detector = new PhiAccrualDetector(Options);
        var now = TimeSpan.Zero;
        for (var i = 0; i < 50; i++, now += TimeSpan.FromSeconds(2))
        {
            detector.RecordHeartbeat(now);
        }

        detector.Reset();

        Assert.Equal(Liveness.NeverHeard, detector.Evaluate(now));
        var fresh = new PhiAccrualDetector(Options);
        detector.RecordHeartbeat(now);
        fresh.RecordHeartbeat(now);
        Assert.Equal(fresh.Suspicion(now + TimeSpan.FromSeconds(1)), detector.Suspicion(now + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Window_DropsOldIntervals()
    {
        var options = Options with { PhiWindowSize = 10, PhiMinStdDeviation = TimeSpan.FromMilliseconds(1) };
        var detector = new PhiAccrualDetector(options);
        var now = TimeSpan.Zero;
        // Slow beats first, then more than a window of fast ones: only the fast ones count.
        for (var i = 0; i < 5; i++, now += TimeSpan.FromSeconds(5))
        {
            detector.RecordHeartbeat(now);
        }

        for (var i = 0; i < 11; i++, now += TimeSpan.FromMilliseconds(100))
        {
            detector.RecordHeartbeat(now);
        }

        var last = now - TimeSpan.FromMilliseconds(100);
        var expected = PhiAccrualDetector.Phi(TimeSpan.FromMilliseconds(700), 100 + 500, 1);
        Assert.Equal(expected, detector.Suspicion(last + TimeSpan.FromMilliseconds(700)), 12);
    }

    private static PhiAccrualDetector BeatRegularly(int beats, out TimeSpan last)
    {
        var detector = new PhiAccrualDetector(Options);
        last = TimeSpan.FromSeconds(7);
        for (var i = 0; i < beats; i++)
        {
            if (i > 0)
            {
                last += Interval;
            }

            detector.RecordHeartbeat(last);
        }

        return detector;
    }
}
