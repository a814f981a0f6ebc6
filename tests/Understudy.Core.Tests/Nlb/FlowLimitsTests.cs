using Understudy.Core.Nlb;

namespace Understudy.Core.Tests.Nlb;

public sealed class FlowLimitsTests
{
    [Fact]
    public void Fit_RoomEnough_KeepsTheConfiguredCaps()
    {
        Assert.Equal(new FlowLimits(10_000, 10_000, Lowered: false), FlowLimits.Fit(10_000, 10_000, descriptorLimit: 1_048_576));
        Assert.Equal(new FlowLimits(100, 50, Lowered: false), FlowLimits.Fit(100, 50, descriptorLimit: 1024 + 250));
    }

    [Fact]
    public void Fit_TooFewDescriptors_ScalesBothDownAndKeepsTheReserve()
    {
        // 20,000 descriptors less the 1,024 reserved leaves 18,976 for 2 × 10,000 + 10,000 wanted.
        var limits = FlowLimits.Fit(10_000, 10_000, descriptorLimit: 20_000);
        Assert.True(limits.Lowered);
        Assert.Equal((6325, 6325), (limits.Connections, limits.UdpSessions));
        Assert.True(limits.Descriptors <= 20_000 - FlowLimits.ReservedDescriptors, $"{limits.Descriptors} descriptors");
    }

    [Fact]
    public void Fit_NoRoomAtAll_StillAdmitsOneOfEach()
    {
        // Debian's soft limit of 1,024 without raising it: the reserve takes everything.
        Assert.Equal(new FlowLimits(1, 1, Lowered: true), FlowLimits.Fit(10_000, 10_000, descriptorLimit: 1024));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public void Fit_CapBelowOne_IsRefused(int connections, int sessions) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FlowLimits.Fit(connections, sessions, 100_000));
}
