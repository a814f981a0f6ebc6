using System.Diagnostics;

namespace Understudy.Cli.Tests.Lab;

/// <summary>
/// Two hosts and a quorum witness on the lab (root): the witness is the third vote, so the
/// cluster keeps its quorum when either host dies, and no role ever runs on it.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class LabWitnessTests
{
    [Fact]
    public async Task TwoHostsAndWitness_OwnerAndLeaderKilledAndCut_RoleRunsOnTheOtherHost()
    {
        await using var lab = LabCluster.Start(LabFailoverTests.KvRole, witness: true);
        var owner = await LabFailoverTests.OnlineOwnerAsync(lab);
        Assert.NotEqual("charlie", owner);

        // The hardest case: the owner is also the Raft leader, so the other host must be elected
        // with the witness's vote before it can take the role. (The witness is never the leader:
        // a standby Raft member.)
        var leader = (await lab.StatusAsync())!.Leader;
        Assert.True(leader is "alpha" or "bravo", $"the leader is {leader ?? "(none)"}, not a role host");
        if (owner != leader)
        {
            Assert.Equal(0, (await LabCluster.CliAsync("role", "move", "kv", "--to", leader!, "-f", lab.File)).ExitCode);
            await LabCluster.EventuallyAsync(lab.StatusAsync, s => s.Leader == leader && s.Roles.Single() is { State: "Online" } r && r.Owner == leader, $"kv Online on the leader {leader}");
            owner = leader!;
        }

        await LabFailoverTests.PutAsync(lab, "key", "w1");

        var pid = (await lab.StatusAsync())!.Nodes.Single(n => n.Name == owner).Pid!.Value;
        Process.GetProcessById(pid).Kill();
        Assert.Equal(0, (await LabCluster.CliAsync("lab", "cut", "--lab", lab.Name, owner)).ExitCode);

        var other = owner == "alpha" ? "bravo" : "alpha";
        await LabCluster.EventuallyAsync(lab.StatusAsync, s => s.Quorum && s.Roles.Single() is { State: "Online" } r && r.Owner == other, $"kv Online on {other} with quorum");
        Assert.Equal("w1", await LabCluster.EventuallyAsync(async () => await LabFailoverTests.ClientAsync(lab, $"{LabFailoverTests.Kv(lab)}/kv/key") is { Length: > 0 } a ? a : null, _ => true, "the client to read the key"));
        Assert.Equal([other], await LabFailoverTests.HoldersAsync(lab));
    }
}
