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
    [InlineData("renew: 400ms", "failover.renew", "renew (400ms) must be at most half of leaderLease (700ms)")]
    [InlineData("lease: 600ms\n  leaderLease: 700ms", "failover.leaderLease", "leaderLease (700ms) must be at most lease (600ms)")]
    [InlineData("lease: 300ms", "failover.renew", "renew (200ms) must be at most half of leaderLease (300ms)")]
    [InlineData("leaderLease: 99ms", "failover.leaderLease", "99ms is out of range; expected 100ms..1m")]
    [InlineData("leaderLease: 300ms", "failover.renew", "renew (200ms) must be at most half of leaderLease (300ms)")]
    [InlineData("leases: 1s", "failover.leases", "unknown key 'leases'; expected one of: lease, leaderLease, renew, margin")]
    public void Parse_BadFailoverValue_ReportsPathAndValue(string line, string path, string fragment)
    {
        var result = ClusterYaml.Parse(ClusterYaml.WithHeartbeat($"failover:\n  {line}"));

        ClusterYaml.AssertError(result, path, fragment);
        Assert.Single(result.Errors);
    }

    [Theory]
    [InlineData("lease: 700ms", 700, 700, 200, 150)]
    [InlineData("lease: 400ms", 400, 400, 200, 150)]
    [InlineData("renew: 350ms", 1000, 700, 350, 150)]
    [InlineData("leaderLease: 1s\n  renew: 500ms", 1000, 1000, 500, 150)]
    [InlineData("lease: 60s\n  leaderLease: 60s\n  renew: 30s\n  margin: 10s", 60000, 60000, 30000, 10000)]
    [InlineData("margin: 50ms", 1000, 700, 200, 50)]
    public void Parse_FailoverValues_AtBoundaries_AreKept(string lines, int lease, int leaderLease, int renew, int margin)
    {
        var config = ClusterYaml.AssertValid(ClusterYaml.Parse(ClusterYaml.WithHeartbeat($"failover:\n  {lines}")));

        Assert.Equal(new LeaseTiming { Lease = TimeSpan.FromMilliseconds(lease), LeaderLease = TimeSpan.FromMilliseconds(leaderLease), Renew = TimeSpan.FromMilliseconds(renew), Margin = TimeSpan.FromMilliseconds(margin) }, config.Lease);
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
