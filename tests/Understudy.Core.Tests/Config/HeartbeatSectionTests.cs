using Understudy.Core.Detection;

namespace Understudy.Core.Tests.Config;

public sealed class HeartbeatSectionTests
{
    [Theory]
    [InlineData("interval: 49ms", "heartbeat.interval", "49ms is out of range; expected 50ms..10s")]
    [InlineData("interval: 10001ms", "heartbeat.interval", "10001ms")]
    [InlineData("interval: 250", "heartbeat.interval", "'250' has no unit")]
    [InlineData("interval: soon", "heartbeat.interval", "'soon'")]
    [InlineData("threshold: 1", "heartbeat.threshold", "1 is out of range; expected 2..120")]
    [InlineData("threshold: 121", "heartbeat.threshold", "121")]
    [InlineData("threshold: four", "heartbeat.threshold", "'four'")]
    [InlineData("detector: phy", "heartbeat.detector", "'phy' is not a detector; expected one of: threshold, phi")]
    [InlineData("phiThreshold: 0", "heartbeat.phiThreshold", "0 is out of range")]
    [InlineData("phiThreshold: 32.5", "heartbeat.phiThreshold", "32.5")]
    [InlineData("phiThreshold: NaN", "heartbeat.phiThreshold", "'NaN' is not a number")]
    [InlineData("phiMinStdDeviation: 0ms", "heartbeat.phiMinStdDeviation", "0ms")]
    [InlineData("phiAcceptablePause: 61s", "heartbeat.phiAcceptablePause", "61s")]
    [InlineData("phiWindowSize: 9", "heartbeat.phiWindowSize", "9 is out of range")]
    [InlineData("intervall: 1s", "heartbeat.intervall", "unknown key 'intervall'; expected one of: interval, threshold")]
    public void Parse_BadHeartbeatValue_ReportsPathAndValue(string line, string path, string fragment)
    {
        var result = ClusterYaml.Parse(ClusterYaml.WithHeartbeat($"heartbeat:\n  {line}"));

        ClusterYaml.AssertError(result, path, fragment);
        Assert.Single(result.Errors);
    }

    [Theory]
    [InlineData("interval: 50ms")]
    [InlineData("interval: 10s")]
    [InlineData("threshold: 2")]
    [InlineData("threshold: 120")]
    [InlineData("phiThreshold: 32")]
    [InlineData("phiThreshold: 0.001")]
    [InlineData("phiAcceptablePause: 0ms")]
    [InlineData("phiWindowSize: 1000")]
    public void Parse_HeartbeatValueAtBoundary_IsValid(string line)
    {
        ClusterYaml.AssertValid(ClusterYaml.Parse(ClusterYaml.WithHeartbeat($"heartbeat:\n  {line}")));
    }

    [Theory]
    [InlineData("heartbeat:")]
    [InlineData("heartbeat: {}")]
    [InlineData("heartbeat:\n  # interval: 1s")]
    public void Parse_EmptyHeartbeatSection_KeepsDefaults(string heartbeat)
    {
        var config = ClusterYaml.AssertValid(ClusterYaml.Parse(ClusterYaml.WithHeartbeat(heartbeat)));

        Assert.Equal(HeartbeatOptions.Lan, config.Heartbeat);
    }

    [Fact]
    public void Parse_SomeHeartbeatKeys_KeepsDefaultsOfOthers()
    {
        var config = ClusterYaml.AssertValid(ClusterYaml.Parse(ClusterYaml.WithHeartbeat("heartbeat:\n  interval: 1.5s")));

        Assert.Equal(HeartbeatOptions.Lan with { Interval = TimeSpan.FromMilliseconds(1500) }, config.Heartbeat);
    }

    [Fact]
    public void Parse_HeartbeatList_ReportsExpectedMapping()
    {
        var result = ClusterYaml.Parse(ClusterYaml.WithHeartbeat("heartbeat: [1s]"));

        ClusterYaml.AssertError(result, "heartbeat", "expected a mapping with the keys interval, threshold, detector");
    }
}
