using Understudy.Core.Membership;

namespace Understudy.Core.Tests.Membership;

public sealed class MonitoringTopologyTests
{
    private static string[] Members(int count) => [.. Enumerable.Range(1, count).Select(i => $"n{i}")];

    [Fact]
    public void Create_ThreeMembers_IsAllToAll()
    {
        var topology = MonitoringTopology.Create(["c", "a", "b"]);

        Assert.True(topology.IsAllToAll);
        Assert.Equal(["b", "c"], topology.ObserversOf("a"));
        Assert.Equal(["a", "c"], topology.SubjectsOf("b"));
    }

    [Fact]
    public void Create_KPlusOneMembers_IsStillAllToAll()
    {
        var topology = MonitoringTopology.Create(Members(9), observers: 8);

        Assert.True(topology.IsAllToAll);
        Assert.Equal(8, topology.ObserversOf("n1").Count);
    }

    [Fact]
    public void Create_KPlusTwoMembers_IsAnExpanderWithKObserversEach()
    {
        var topology = MonitoringTopology.Create(Members(10), observers: 8);

        Assert.False(topology.IsAllToAll);
        Assert.All(Members(10), m => Assert.Equal(8, topology.ObserversOf(m).Count));
    }

    [Theory]
    [InlineData(10, 3)]
    [InlineData(64, 8)]
    [InlineData(1000, 8)]
    public void Create_ManyMembers_EverySubjectHasKDistinctObserversOtherThanItself(int count, int k)
    {
        var members = Members(count);
        var topology = MonitoringTopology.Create(members, k);

        foreach (var subject in members)
        {
            var observers = topology.ObserversOf(subject);
            Assert.Equal(k, observers.Count);
            Assert.Equal(k, observers.Distinct().Count());
            Assert.DoesNotContain(subject, observers);
        }
    }

    [Theory]
    [InlineData(10, 3)]
    [InlineData(1000, 8)]
    public void SubjectsOf_IsTheInverseOfObserversOf(int count, int k)
    {
        var members = Members(count);
        var topology = MonitoringTopology.Create(members, k);

        var fromObservers = members.SelectMany(s => topology.ObserversOf(s).Select(o => (o, s))).Order().ToArray();
        var fromSubjects = members.SelectMany(o => topology.SubjectsOf(o).Select(s => (o, s))).Order().ToArray();
        Assert.Equal(fromObservers, fromSubjects);
    }

    [Fact]
    public void SubjectsOf_ThousandMembers_EachWatchesAboutK()
    {
        var members = Members(1000);
        var topology = MonitoringTopology.Create(members);

        var load = members.Select(m => topology.SubjectsOf(m).Count).ToArray();
        Assert.Equal(8.0, load.Average());
        // Collisions between rings move a watch to the next member along; none takes twice its share.
        Assert.InRange(load.Max(), 8, 16);
    }

    [Fact]
    public void Create_AnyOrder_SameTopology()
    {
        var members = Members(50);
        var shuffled = members.Reverse().ToArray();

        var a = MonitoringTopology.Create(members, 4);
        var b = MonitoringTopology.Create(shuffled, 4);

        Assert.All(members, m => Assert.Equal(a.ObserversOf(m), b.ObserversOf(m)));
    }

    [Fact]
    public void Create_TenMembersThreeRings_PinnedObservers()
    {
        // Pinned so that a change of hash or ring rule, which would make nodes of two versions
        // disagree on who watches whom, fails here first.
        var topology = MonitoringTopology.Create(Members(10), 3);

        Assert.Equal(PinnedObserversOfN1, topology.ObserversOf("n1"));
    }

    [Fact]
    public void Create_DuplicateName_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => MonitoringTopology.Create(["a", "b", "a"]));
        Assert.Contains("'a'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ObserversOf_UnknownName_IsEmpty() =>
        Assert.Empty(MonitoringTopology.Create(Members(3)).ObserversOf("x"));

    [Fact]
    public void Create_OneMember_HasNoObservers() =>
        Assert.Empty(MonitoringTopology.Create(["a"]).ObserversOf("a"));

    private static readonly string[] PinnedObserversOfN1 = ["n3", "n6", "n4"];
}
