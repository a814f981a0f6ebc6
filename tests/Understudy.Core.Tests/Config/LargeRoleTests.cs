using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using Understudy.Core.Config;
using Understudy.Core.Failover;

namespace Understudy.Core.Tests.Config;

/// <summary>Large roles cost linear time and are capped (issue 13: validate was quadratic).</summary>
public sealed class LargeRoleTests
{
    private static readonly IReadOnlySet<string> Nodes = new HashSet<string>(StringComparer.Ordinal) { "alpha", "bravo" };

    // Each resource depends on the next one, so the start order is the declaration order
    // reversed: the worst case for a scan that looks for the first ready resource each step.
    private static ImmutableArray<ResourceDefinition> BackwardsChain(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new ResourceDefinition
        {
            Name = $"r{i}",
            Kind = ResourceKind.Probe,
            Probe = ProbeSpec.Tcp("127.0.0.1:1"),
            DependsOn = i + 1 < count ? [$"r{i + 1}"] : [],
        })];

    private static string RoleYaml(int resources)
    {
        var yaml = new StringBuilder("name: big\nresources:\n");
        for (var i = 0; i < resources; i++)
        {
            yaml.Append($"  - name: r{i}\n    type: probe\n    tcp: 127.0.0.1:{1000 + (i % 60000)}\n");
            if (i + 1 < resources)
            {
                yaml.Append($"    dependsOn: [r{i + 1}]\n");
            }
        }

        return yaml.ToString();
    }

    [Fact]
    public void StartOrder_50000ResourcesChainedBackwards_FinishesFarUnderQuadraticTime()
    {
        var role = new RoleDefinition { Name = "big", Resources = BackwardsChain(50_000) };
        var clock = Stopwatch.StartNew();

        var order = role.StartOrder();

        // Quadratic took about 25 s here (1.25e9 steps); linear takes milliseconds. The bound
        // is 100 times the linear cost, so a busy machine does not make it flaky.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(50_000, order.Length);
        Assert.Equal("r49999", order[0].Name);
        Assert.Equal("r0", order[^1].Name);
    }

    [Fact]
    public void StartOrder_Ties_KeepDeclarationOrder()
    {
        ResourceDefinition R(string name, params string[] on) => new() { Name = name, Kind = ResourceKind.Probe, Probe = ProbeSpec.Tcp("127.0.0.1:1"), DependsOn = [.. on] };
        var role = new RoleDefinition { Name = "x", Resources = [R("c", "b"), R("a"), R("b", "a"), R("d"), R("e", "e")] };

        Assert.Equal("a,b,c,d", string.Join(",", role.StartOrder().Select(r => r.Name)));
    }

    [Fact]
    public void Parse_RoleAtResourceCap_Valid()
    {
        var (role, errors) = RoleFileParser.Parse(RoleYaml(RoleDefinition.MaxResources), "big.yaml", "/", Nodes);

        Assert.Empty(errors);
        Assert.Equal(RoleDefinition.MaxResources, role!.Resources.Length);
    }

    [Fact]
    public void Parse_RoleOverResourceCap_RefusedNamingResources()
    {
        var (role, errors) = RoleFileParser.Parse(RoleYaml(RoleDefinition.MaxResources + 1), "big.yaml", "/", Nodes);

        Assert.Null(role);
        var error = Assert.Single(errors);
        Assert.Equal("resources", error.Path);
        Assert.Contains($"at most {RoleDefinition.MaxResources} resources; found {RoleDefinition.MaxResources + 1}", error.Message, StringComparison.Ordinal);
    }
}
