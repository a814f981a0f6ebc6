using Understudy.Core.Failover;

namespace Understudy.Simulation.Tests.Failover;

/// <summary>
/// Seeded random faults on the three-node model, with witnessed leases on: nodes frozen for
/// 0.2–3 s, nodes cut off for 0.5–4 s and single links cut (bridges, where the third node reaches
/// both ends: an owner cut from the leader alone is noted by the third) for 0.5–4 s, one fault starting every 0.5–2 s for 30 s, then every
/// node thawed and joined. At no instant do two nodes run the role, and once the faults end the
/// role runs on its committed owner alone (or nowhere, Failed, when its owner went Down while no
/// other node was Up).
/// </summary>
public sealed class RandomFaultSimulationTests
{
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 60)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void FreezesAndCuts_NeverTwoOwners_ThenOneRuns(int seed)
    {
        var random = new Random(seed * 7919);
        var model = new LeasePartitionModel(seed, "B", electionDelay: TimeSpan.FromMilliseconds(300 + random.Next(0, 1000)));
        string[] names = ["A", "B", "C"];
        var next = TimeSpan.FromSeconds(2);
        var ends = new List<(TimeSpan At, Action Undo)>();
        var faultsEnd = TimeSpan.FromSeconds(30);
        while (model.Now < faultsEnd + TimeSpan.FromSeconds(15))
        {
            foreach (var due in ends.Where(e => e.At <= model.Now).ToList())
            {
                due.Undo();
                ends.Remove(due);
            }

            if (model.Now == next && model.Now < faultsEnd)
            {
                var node = names[random.Next(3)];
                var kind = random.Next(3);
                if (kind == 0)
                {
                    model.Freeze(node);
                    ends.Add((model.Now + Steps(random, 200, 3000), () => model.Thaw(node)));
                }
                else if (kind == 1)
                {
                    var other = names.Where(n => n != node).ElementAt(random.Next(2));
                    model.Cut(node, other);
                    ends.Add((model.Now + Steps(random, 500, 4000), () => model.Mend(node, other)));
                }
                else
                {
                    model.Partition([.. names.Where(n => n != node)]);
                    ends.Add((model.Now + Steps(random, 500, 4000), model.Heal));
                }

                next = model.Now + Steps(random, 500, 2000);
            }

            if (model.Now == faultsEnd)
            {
                ends.ForEach(e => e.Undo());
                ends.Clear();
            }

            model.Advance();
            Assert.True(model.Running.Count <= 1, $"seed {seed}: two owners at {model.Now}: {string.Join(", ", model.Running)}");
        }

        var role = model.Committed.Roles["r"];
        Assert.Null(role.AwaitingRelease);
        // A role whose owner went Down while no other node was Up is Failed, as designed (an
        // operator starts it again); it then runs nowhere. Otherwise it runs on its owner alone.
        string[] expected = role.State == RoleState.Failed ? [] : [model.CommittedOwner!];
        Assert.True(model.Running.SequenceEqual(expected),
            $"seed {seed}: the role {role.State} on {role.Owner} (token {role.FencingToken}) runs on [{string.Join(", ", model.Running)}]; nodes {string.Join(", ", model.Committed.Nodes.Values.Select(n => $"{n.Name} {n.State}"))}; leader {model.Leader}; {model.Describe()}");
    }

    // A whole number of model steps between the bounds, so that "Now == at" is met.
    private static TimeSpan Steps(Random random, int minMs, int maxMs) =>
        LeasePartitionModel.Step * (random.Next(minMs, maxMs) / (int)LeasePartitionModel.Step.TotalMilliseconds);
}
