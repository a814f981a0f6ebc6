using Microsoft.Extensions.Time.Testing;
using Understudy.Node.Hosting;

namespace Understudy.Node.Tests.Hosting;

/// <summary>The node's wake-up signal, under a fake clock: no wake-up is lost, none is invented.</summary>
public sealed class NodeChangesTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task WaitAsync_RaisedSinceSeen_ReturnsAtOnce()
    {
        var changes = new NodeChanges(new FakeTimeProvider());
        var seen = changes.Version;
        changes.Raise();

        var wait = changes.WaitAsync(seen, Long, TestContext.Current.CancellationToken);

        Assert.True(wait.IsCompleted);
        Assert.Equal(seen + 1, await wait);
    }

    [Fact]
    public async Task WaitAsync_EveryWaiterWakesOnOneRaise()
    {
        var changes = new NodeChanges(new FakeTimeProvider());
        var seen = changes.Version;
        var first = changes.WaitAsync(seen, Long, TestContext.Current.CancellationToken);
        var second = changes.WaitAsync(seen, Timeout.InfiniteTimeSpan, TestContext.Current.CancellationToken);
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);

        changes.Raise();

        Assert.Equal(seen + 1, await first.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.Equal(seen + 1, await second.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WaitAsync_NoRaise_EndsAtItsTimeoutOnTheInjectedClock()
    {
        var time = new FakeTimeProvider();
        var changes = new NodeChanges(time);
        var seen = changes.Version;
        var wait = changes.WaitAsync(seen, TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);

        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(wait.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(seen, await wait.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WaitAsync_Cancelled_ReturnsWithoutThrowing()
    {
        var changes = new NodeChanges(new FakeTimeProvider());
        using var cancel = new CancellationTokenSource();
        var wait = changes.WaitAsync(changes.Version, Long, cancel.Token);

        await cancel.CancelAsync();

        Assert.Equal(0, await wait.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task NextPassAsync_RaisedRightAfterAPass_WaitsOutTheMinimumGap_AndKeepsLaterRaises()
    {
        var time = new FakeTimeProvider();
        var changes = new NodeChanges(time);
        var seen = changes.Version;
        var pass = time.GetTimestamp();
        changes.Raise();

        var next = changes.NextPassAsync(seen, pass, Long, TestContext.Current.CancellationToken);
        Assert.False(next.IsCompleted);
        changes.Raise(); // during the gap: must end the following wait at once
        time.Advance(NodeChanges.MinimumGap);
        var version = await next.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(seen + 1, version);
        Assert.True(changes.WaitAsync(version, Long, TestContext.Current.CancellationToken).IsCompleted);
    }
}
