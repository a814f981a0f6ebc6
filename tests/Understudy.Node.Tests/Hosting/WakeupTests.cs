using Understudy.Node.Hosting;

namespace Understudy.Node.Tests.Hosting;

public sealed class WakeupTests
{
    [Fact]
    public void New_IsNotSet()
    {
        Assert.False(new Wakeup().Task.IsCompleted);
    }

    [Fact]
    public void Set_CompletesTheWait_UntilReset()
    {
        var wakeup = new Wakeup();
        var wait = wakeup.Task;
        wakeup.Set();
        Assert.True(wait.IsCompleted);
        Assert.True(wakeup.Task.IsCompleted);

        wakeup.Reset();
        Assert.False(wakeup.Task.IsCompleted);
    }

    [Fact]
    public void SetBeforeTheWait_IsKept()
    {
        // A commit applied while the loop was deciding must wake its next wait.
        var wakeup = new Wakeup();
        wakeup.Reset();
        wakeup.Set();
        Assert.True(wakeup.Task.IsCompleted);
    }

    [Fact]
    public void Reset_WithoutSet_KeepsTheSameWait()
    {
        var wakeup = new Wakeup();
        var wait = wakeup.Task;
        wakeup.Reset();
        wakeup.Set();
        Assert.True(wait.IsCompleted);
    }

    [Fact]
    public void ManySets_AreOneWakeup()
    {
        var wakeup = new Wakeup();
        wakeup.Set();
        wakeup.Set();
        wakeup.Reset();
        Assert.False(wakeup.Task.IsCompleted);
    }
}
