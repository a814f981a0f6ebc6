using System.Collections.Immutable;
using System.Net;
using Understudy.Core.Clones;
using Understudy.Core.Database;
using Understudy.Core.Failover;
using Understudy.Core.Membership;
using Understudy.Core.Nlb;

namespace Understudy.Core.Tests.Nlb;

/// <summary>A rule served by a clone role: only members whose instance is Online own its buckets;
/// the other rules are untouched. Also the per-state connection and extended-affinity rules.</summary>
public sealed class ServingRoleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly NlbConfig Config = new()
    {
        ClusterAddress = IPAddress.Parse("127.0.0.100"),
        Members = [new("a", 1, IPAddress.Loopback), new("b", 2, IPAddress.Loopback), new("c", 3, IPAddress.Loopback)],
        Rules =
        [
            new PortRule { Name = "web", FirstPort = 80, LastPort = 80, TargetPort = 8080, Role = "echo" },
            new PortRule { Name = "db", FirstPort = 5432, LastPort = 5432, TargetPort = 6432, Mode = FilteringMode.Single, Role = "echo" },
            new PortRule { Name = "ext", FirstPort = 81, LastPort = 81, TargetPort = 8181 },
        ],
    };

    // Every node Up and admitted, the clone role with an instance on each node, Online on the given ones.
    private static ClusterState State(params string[] online)
    {
        var state = ClusterState.Empty;
        var commands = new List<ClusterCommand>();
        foreach (var member in Config.Members)
        {
            commands.Add(new NodeUp(T0, member.Node, 1, 100, "up"));
            commands.Add(new NlbAnnounce(T0, member.Node, Config.RulesFingerprint(), member.HostPriority));
        }

        var role = new RoleDefinition { Name = "echo", Resources = [], IsClone = true };
        commands.Add(new RoleDefined(T0, role, "test"));
        commands.AddRange(Config.Members.Select(m => new CloneInstanceStarted(T0, "echo", m.Node, "test")));
        foreach (var command in commands)
        {
            state = state.Apply(command, state.Version + 1);
        }

        foreach (var node in online)
        {
            state = state.Apply(new CloneInstanceOnline(T0, "echo", node, state.Roles["echo"].Instances[node].Token), state.Version + 1);
        }

        return state;
    }

    private static ImmutableDictionary<string, int> Buckets(NlbView view, string rule) =>
        view.Members.ToImmutableDictionary(m => m.Node, m => view.Rules.Single(r => r.Rule.Name == rule).Map.BucketsOwnedBy(m.Node));

    [Fact]
    public void Derive_InstanceNotOnline_OwnsNoBucketsOfTheRoleRulesOnly()
    {
        var view = NlbViews.Derive(Config, State("a", "c"));

        Assert.Equal(0, Buckets(view, "web")["b"]);
        Assert.Equal(BucketMap.BucketCount, Buckets(view, "web")["a"] + Buckets(view, "web")["c"]);
        Assert.True(Buckets(view, "ext")["b"] > 0);
        Assert.True(view.Member("b")!.Eligible);
    }

    [Fact]
    public void Derive_SingleMode_BestPriorityWithAnOnlineInstance()
    {
        var view = NlbViews.Derive(Config, State("b", "c"));

        Assert.Equal(BucketMap.BucketCount, Buckets(view, "db")["b"]);
    }

    [Fact]
    public void Derive_InstanceBackOnline_MovesOnlyItsBucketsBack()
    {
        var down = NlbViews.Derive(Config, State("a", "c")).Rules[0].Map;
        var up = NlbViews.Derive(Config, State("a", "b", "c")).Rules[0].Map;

        for (var bucket = 0; bucket < BucketMap.BucketCount; bucket++)
        {
            if (up.OwnerOf(bucket) != "b")
            {
                Assert.Equal(up.OwnerOf(bucket), down.OwnerOf(bucket));
            }
        }
    }

    [Fact]
    public void Derive_NoInstanceOnline_RuleHasNoOwner()
    {
        var view = NlbViews.Derive(Config, State());

        Assert.Null(view.Rules[0].Map.OwnerOf(0));
        Assert.NotNull(view.Rules[2].Map.OwnerOf(0));
    }

    [Fact]
    public void IdleReason_ServingEveryRule_IsNull()
    {
        var state = State("a", "b", "c");
        var view = NlbViews.Derive(Config, state);

        Assert.All(view.Members, m => Assert.Null(NlbIdleReason.Of(view, state, m)));
    }

    [Fact]
    public void IdleReason_InstanceNotOnline_NamesTheRulesAndTheInstanceState()
    {
        var state = State("a", "c");
        var token = state.Roles["echo"].Instances["b"].Token;
        state = state.Apply(new CloneInstanceFailed(T0, "echo", "b", token, "server", "server failed: exit 1; 3 restarts within 00:15:00 used"), state.Version + 1);
        var view = NlbViews.Derive(Config, state);

        var reason = NlbIdleReason.Of(view, state, view.Member("b")!);

        Assert.Equal("rule web: its instance of echo is Failed (server failed: exit 1; 3 restarts within 00:15:00 used); rule db: its instance of echo is Failed (server failed: exit 1; 3 restarts within 00:15:00 used)", reason);
    }

    [Fact]
    public void IdleReason_QuarantinedNode_SaysTheNodeIsPausedAndUntilWhen()
    {
        var state = State("a", "b", "c");
        state = state.Apply(new NodeQuarantined(T0, "c", T0.AddHours(2), "3 departures within 01:00:00"), state.Version + 1);
        var view = NlbViews.Derive(Config, state);

        var reason = NlbIdleReason.Of(view, state, view.Member("c")!);

        Assert.Equal("node c is Paused: quarantined: 3 departures within 01:00:00", reason);
        Assert.False(view.Member("c")!.Eligible);
    }

    [Fact]
    public void IdleReason_Drainstopped_SaysDrainingAndWhy()
    {
        var state = State("a", "b", "c");
        state = state.Apply(new NlbMemberStateSet(T0, "a", NlbMemberState.Draining, "drainstop"), state.Version + 1);
        var view = NlbViews.Derive(Config, state);

        Assert.Equal("draining: drainstop", NlbIdleReason.Of(view, state, view.Member("a")!));
    }

    [Theory]
    [InlineData(NlbMemberState.Started, false)]
    [InlineData(NlbMemberState.Draining, false)]
    [InlineData(NlbMemberState.Stopped, true)]
    [InlineData(NlbMemberState.Suspended, true)]
    public void DropsConnections_OnlyStoppedAndSuspended(NlbMemberState state, bool drops) =>
        Assert.Equal(drops, NlbMemberStates.DropsConnections(state));

    [Theory]
    [InlineData(9_999, 10_000, true)]
    [InlineData(10_000, 10_000, false)]
    [InlineData(10_001, 10_000, false)]
    [InlineData(0, 0, false)]
    public void ExtendedAffinity_Keeps_UntilExactlyTheTimeout(long sinceMs, long timeoutMs, bool keeps) =>
        Assert.Equal(keeps, ExtendedAffinity.Keeps(TimeSpan.FromMilliseconds(sinceMs), TimeSpan.FromMilliseconds(timeoutMs)));

    [Fact]
    public void ExtendedAffinity_Keeps_OneTickBeforeTheTimeoutButNotAtIt()
    {
        var timeout = TimeSpan.FromSeconds(10);

        Assert.True(ExtendedAffinity.Keeps(timeout - TimeSpan.FromTicks(1), timeout));
        Assert.False(ExtendedAffinity.Keeps(timeout, timeout));
    }
}
