using Understudy.Core.Vms;

namespace Understudy.Core.Tests.Vms;

public sealed class VmSettingsRulesTests
{
    [Fact]
    public void Problems_Defaults_None() => Assert.Empty(VmSettingsRules.Problems(new VmSettings { Name = "web1" }));

    [Fact]
    public void Problems_EverythingWrong_ReportsEachSetting()
    {
        var vm = new VmSettings
        {
            Name = "bad name",
            Cpus = 0,
            MemoryMb = 63,
            Workload = "line\nbreak",
            HeartbeatThreshold = 1,
            Services = [new("a b", "true"), new("ok", ""), new("ok", "true")],
        };

        var settings = VmSettingsRules.Problems(vm).Select(p => p.Setting).ToArray();

        Assert.Equal(["name", "cpus", "memory", "workload", "heartbeatThreshold", "services[0].name", "services[1].check", "services[2].name"], settings);
    }

    [Theory]
    [InlineData(AccelerationStep.UseTcg, Acceleration.Tcg, true, true)]
    [InlineData(AccelerationStep.UseKvm, Acceleration.Kvm, false, false)]
    [InlineData(AccelerationStep.UseTcg, Acceleration.Auto, false, null)]
    [InlineData(AccelerationStep.ProbeKvm, Acceleration.Auto, true, null)]
    [InlineData(AccelerationStep.UseKvm, Acceleration.Auto, true, true)]
    [InlineData(AccelerationStep.UseTcg, Acceleration.Auto, true, false)]
    public void AccelerationChoice_Decide(AccelerationStep expected, Acceleration requested, bool device, bool? probe) =>
        Assert.Equal(expected, AccelerationChoice.Decide(requested, device, probe));
}
