using Understudy.Core.Failover;
using static Understudy.Core.Tests.Failover.Roles;

namespace Understudy.Core.Tests.Failover;

public sealed class PolicyTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Theory]
    [InlineData(0, true)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public void AllowsRestart_CountsRestartsInTheWindow(int earlier, bool allowed)
    {
        var restarts = Enumerable.Range(0, earlier).Select(i => T0.AddMinutes(i)).ToList();

        Assert.Equal(allowed, RestartPolicy.Default.AllowsRestart(restarts, T0.AddMinutes(5)));
    }

    [Fact]
    public void AllowsRestart_OldestRestartAtExactlyTheWindow_HasLeftIt()
    {
        DateTimeOffset[] restarts = [T0, T0.AddMinutes(1), T0.AddMinutes(2)];

        Assert.False(RestartPolicy.Default.AllowsRestart(restarts, T0.AddMinutes(15) - Tick));
        Assert.True(RestartPolicy.Default.AllowsRestart(restarts, T0.AddMinutes(15)));
    }

    [Theory]
    [InlineData(3, 1, true)]
    [InlineData(3, 2, false)]
    [InlineData(5, 3, true)]
    [InlineData(5, 4, false)]
    [InlineData(1, 0, false)]
    public void AllowsFailover_DefaultIsNMinusOne(int nodes, int earlier, bool allowed)
    {
        var failovers = Enumerable.Range(0, earlier).Select(i => T0.AddHours(i)).ToList();

        Assert.Equal(allowed, FailoverPolicy.Default.AllowsFailover(failovers, T0.AddHours(5), nodes));
    }

    [Fact]
    public void AllowsFailover_OldestAtExactlySixHours_HasLeftTheWindow()
    {
        DateTimeOffset[] failovers = [T0, T0.AddHours(1)];

        Assert.False(FailoverPolicy.Default.AllowsFailover(failovers, T0.AddHours(6) - Tick, 3));
        Assert.True(FailoverPolicy.Default.AllowsFailover(failovers, T0.AddHours(6), 3));
    }

    [Theory]
    [InlineData("01:00", "03:00", "00:59:59.9999999", false)]
    [InlineData("01:00", "03:00", "01:00", true)]
    [InlineData("01:00", "03:00", "02:59:59.9999999", true)]
    [InlineData("01:00", "03:00", "03:00", false)]
    [InlineData("22:00", "06:00", "21:59:59.9999999", false)]
    [InlineData("22:00", "06:00", "22:00", true)]
    [InlineData("22:00", "06:00", "00:00", true)]
    [InlineData("22:00", "06:00", "05:59:59.9999999", true)]
    [InlineData("22:00", "06:00", "06:00", false)]
    public void FailbackWindow_StartInclusiveEndExclusive_WrapsMidnight(string start, string end, string at, bool allowed)
    {
        var policy = FailbackPolicy.Window(TimeSpan.Parse(start, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Parse(end, System.Globalization.CultureInfo.InvariantCulture));
        var now = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero) + TimeSpan.Parse(at, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(allowed, policy.Allows(now));
    }

    [Fact]
    public void Failback_PreventAndImmediate()
    {
        Assert.False(FailbackPolicy.Prevent.Allows(T0));
        Assert.True(FailbackPolicy.Immediate.Allows(T0));
    }

    [Fact]
    public void LeaseRule_ExpiresOneTickAfterLeasePlusMargin()
    {
        var lease = TimeSpan.FromSeconds(1);
        var margin = TimeSpan.FromMilliseconds(250);
        var granted = TimeSpan.FromSeconds(10);

        Assert.False(LeaseRule.SurelyExpired(granted, TimeSpan.Zero, granted + lease + margin, lease, margin));
        Assert.True(LeaseRule.SurelyExpired(granted, TimeSpan.Zero, granted + lease + margin + Tick, lease, margin));
    }

    [Fact]
    public void LeaseRule_NewLeaderCountsFromItsElection()
    {
        var lease = TimeSpan.FromSeconds(1);
        var elected = TimeSpan.FromSeconds(20);

        Assert.False(LeaseRule.SurelyExpired(TimeSpan.FromSeconds(5), elected, elected + lease, lease, TimeSpan.Zero));
        Assert.False(LeaseRule.SurelyExpired(null, elected, elected + lease, lease, TimeSpan.Zero));
        Assert.True(LeaseRule.SurelyExpired(null, elected, elected + lease + Tick, lease, TimeSpan.Zero));
    }
}
