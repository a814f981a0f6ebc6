using Understudy.Core.Failover;

namespace Understudy.Core.Tests.Config;

public sealed class FailoverSectionTests
{
    [Theory]
    [InlineData("lease: 199ms", "failover.lease", "199ms is out of range; expected 200ms..1m")]
    [InlineData("lease: 61s", "failover.lease", "61s")]
    [InlineData("renew: 19ms", "failover.renew", "19ms is out of range")]
    [InlineData("margin: 49ms", "failover.margin", "49ms is out of range; expected 50ms..10s")]
    [InlineData("margin: 11s", "failover.margin", "11s")]
    [InlineData("lease: 1000", "failover.lease", "'1000' has no unit")]
    [InlineData("renew: 600ms", "failover.renew", "renew (600ms) must be at most half of lease (1000ms)")]
    [InlineData("lease: 300ms", "failover.renew", "renew (200ms) must be at most half of lease (300ms)")]
    [InlineData("leases: 1s", "failover.leases", "unknown key 'leases'; expected one of: lease, renew, margin")]
    public void Parse_BadFailoverValue_ReportsPathAndValue(string line, string path, string fragment)
    {
        var result = ClusterYaml.Parse(ClusterYaml.WithHeartbeat($"failover:\n  {line}"));

        ClusterYaml.AssertError(result, path, fragment);
        Assert.Single(result.Errors);
    }

    [Theory]
    [InlineData("lease: 400ms", 400, 200, 150)]
    [InlineData("renew: 500ms", 1000, 500, 150)]
    [InlineData("lease: 60s\n  renew: 30s\n  margin: 10s", 60000, 30000, 10000)]
    [InlineData("margin: 50ms", 1000, 200, 50)]
    public void Parse_FailoverValues_AtBoundaries_AreKept(string lines, int lease, int renew, int margin)
    {
        var config = ClusterYaml.AssertValid(ClusterYaml.Parse(ClusterYaml.WithHeartbeat($"failover:\n  {lines}")));

        Assert.Equal(new LeaseTiming { Lease = TimeSpan.FromMilliseconds(lease), Renew = TimeSpan.FromMilliseconds(renew), Margin = TimeSpan.FromMilliseconds(margin) }, config.Lease);
    }

    [Theory]
    [InlineData("")]
    [InlineData("failover:")]
    [InlineData("failover: {}")]
    public void Parse_NoFailoverSection_KeepsDefaults(string section)
    {
        var config = ClusterYaml.AssertValid(ClusterYaml.Parse(ClusterYaml.WithHeartbeat(section)));

        Assert.Equal(LeaseTiming.Default, config.Lease);
        Assert.Equal(TimeSpan.FromMilliseconds(150), config.Lease.Margin);
    }
}
