using Understudy.Cli.Commands;
using Understudy.Core.Failover;

namespace Understudy.Cli.Tests.Commands;

/// <summary>The built-in demo (what <c>understudy up</c> runs without -f) shows both halves of the job.</summary>
public sealed class DemoClusterTests
{
    [Fact]
    public void Demo_BuiltIn_HasAFailoverRoleAtItsOwnAddressAndAnNlbRuleOverACloneRole()
    {
        var config = DemoCluster.Config();

        var failover = Assert.Single(config.Roles, r => !r.IsClone);
        Assert.Equal("kv", failover.Name);
        Assert.Contains(failover.Resources, r => r.Kind == ResourceKind.Address && r.Address!.Address == "127.0.0.120");
        Assert.Contains(failover.Resources, r => r.Process?.Arguments is ["example", "kv", ..]);

        var nlb = Assert.IsType<Understudy.Core.Nlb.NlbConfig>(config.Nlb);
        var rule = Assert.Single(nlb.Rules);
        var clone = Assert.Single(config.Roles, r => r.IsClone);
        Assert.Equal(clone.Name, rule.Role);
        Assert.Equal(["alpha", "bravo", "charlie"], nlb.Members.Select(m => m.Node));
    }
}
