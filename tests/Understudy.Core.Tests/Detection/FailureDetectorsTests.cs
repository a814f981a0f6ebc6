using Understudy.Core.Detection;

namespace Understudy.Core.Tests.Detection;

public sealed class FailureDetectorsTests
{
    [Fact]
    public void Create_ThresholdMode_ReturnsThresholdDetector() =>
        Assert.IsType<ThresholdDetector>(FailureDetectors.Create(HeartbeatOptions.Lan));

    [Fact]
    public void Create_PhiMode_ReturnsPhiAccrualDetector() =>
        Assert.IsType<PhiAccrualDetector>(FailureDetectors.Create(new HeartbeatOptions { Detector = DetectorMode.Phi }));

    [Fact]
    public void Create_UnknownMode_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FailureDetectors.Create(new HeartbeatOptions { Detector = (DetectorMode)99 }));
}
