namespace Understudy.Core.Tests.Config;

public sealed class QuarantineSectionTests
{
    [Fact]
    public void Parse_NoQuarantineSection_WsfcDefaults()
    {
        var q = ClusterYaml.AssertValid(ClusterYaml.Parse(ClusterYaml.Valid)).Quarantine;

        Assert.Equal(3, q.Departures);
        Assert.Equal(TimeSpan.FromHours(1), q.Window);
        Assert.Equal(TimeSpan.FromHours(2), q.Duration);
        Assert.Equal(0.25, q.MaxShare);
    }

    [Fact]
    public void Parse_EverySetting_Kept()
    {
        var q = ClusterYaml.AssertValid(ClusterYaml.Parse(ClusterYaml.Valid + "quarantine:\n  departures: 5\n  window: 30m\n  duration: 4h\n  maxShare: 0.5\n")).Quarantine;

        Assert.Equal(new Understudy.Core.Config.QuarantineOptions { Departures = 5, Window = TimeSpan.FromMinutes(30), Duration = TimeSpan.FromHours(4), MaxShare = 0.5 }, q);
    }

    [Theory]
    [InlineData("departures: -1", "quarantine.departures", "-1")]
    [InlineData("window: 0s", "quarantine.window", "0s")]
    [InlineData("duration: soon", "quarantine.duration", "soon")]
    [InlineData("maxShare: 0.51", "quarantine.maxShare", "0.51")]
    [InlineData("limit: 1", "quarantine.limit", "unknown key 'limit'")]
    public void Parse_BadValue_ReportsPath(string line, string path, string fragment) =>
        ClusterYaml.AssertError(ClusterYaml.Parse(ClusterYaml.Valid + $"quarantine:\n  {line}\n"), path, fragment);
}
