using Microsoft.Extensions.Time.Testing;
using Understudy.Core.Detection;
using Understudy.Core.Vms;

namespace Understudy.Core.Tests.Vms;

public sealed class VmHealthRuleTests
{
    private static readonly VmSettings Vm = new()
    {
        Name = "web1",
        Services = [new GuestService("httpd", "pidof httpd"), new GuestService("db", "pidof db")],
    };

    [Fact]
    public void Evaluate_NeverHeardAtBootTimeout_IsBooting() =>
        Assert.Equal(VmVerdict.Booting, VmHealthRule.Evaluate(Vm, Liveness.NeverHeard, Vm.BootTimeout, null));

    [Fact]
    public void Evaluate_NeverHeardOneTickPastBootTimeout_TimedOut() =>
        Assert.Equal(VmVerdict.BootTimedOut, VmHealthRule.Evaluate(Vm, Liveness.NeverHeard, Vm.BootTimeout + TimeSpan.FromTicks(1), null));

    [Fact]
    public void Evaluate_SilenceAtWindowThenOneTickPast_HealthyThenSilent()
    {
        var time = new FakeTimeProvider();
        var detector = FailureDetectors.Create(VmHealthRule.DetectorOptions(Vm));
        var origin = time.GetTimestamp();
        detector.RecordHeartbeat(time.GetElapsedTime(origin));

        time.Advance(Vm.SilenceWindow);
        Assert.Equal(VmVerdict.Healthy, VmHealthRule.Evaluate(Vm, detector.Evaluate(time.GetElapsedTime(origin)), TimeSpan.FromSeconds(5), null));
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(VmVerdict.Silent, VmHealthRule.Evaluate(Vm, detector.Evaluate(time.GetElapsedTime(origin)), TimeSpan.FromSeconds(5), null));
    }

    [Fact]
    public void Evaluate_MonitoredServiceFailed_NamesOnlyMonitoredFailures()
    {
        var report = new ServiceReport("web1", 1, 1, [new("httpd", ServiceState.Failed), new("db", ServiceState.Running), new("other", ServiceState.Failed)]);

        var verdict = VmHealthRule.Evaluate(Vm, Liveness.Alive, TimeSpan.FromSeconds(5), report);

        Assert.Equal(VmCondition.ServiceFailed, verdict.Condition);
        Assert.Equal(["httpd"], verdict.FailedServices.ToArray());
        Assert.True(verdict.IsFailure);
        Assert.Equal("service failed: httpd", verdict.Describe());
    }

    [Fact]
    public void Evaluate_SilentWithFailedService_SilenceWins()
    {
        var report = new ServiceReport("web1", 1, 1, [new("httpd", ServiceState.Failed)]);
        Assert.Equal(VmVerdict.Silent, VmHealthRule.Evaluate(Vm, Liveness.Dead, TimeSpan.FromSeconds(5), report));
    }

    [Fact]
    public void Evaluate_AllRunningOrNotYetReported_Healthy()
    {
        var report = new ServiceReport("web1", 1, 1, [new("httpd", ServiceState.Running)]);
        Assert.Equal(VmVerdict.Healthy, VmHealthRule.Evaluate(Vm, Liveness.Alive, TimeSpan.FromSeconds(5), report));
        Assert.False(VmVerdict.Healthy.IsFailure);
    }
}
