using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Understudy.Cli.Tests.Lab;

/// <summary>The lab of <see cref="NlbHostsLab"/> in director mode.</summary>
public sealed class NlbDirectorLab : NlbHostsLab
{
    public override string Mode => "director";
}

/// <summary>
/// Director mode on the host lab (root): the cluster address is the failover role
/// <c>nlb-director</c>'s address on one host, which forwards every connection by the bucket map
/// to the members on every host. Shares and affinity are those of the map; when the director's
/// host dies the address and the forwarding move to another host, and the clients get answers
/// again without doing anything.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class NlbDirectorTests(NlbDirectorLab fixture) : NlbLabContract(fixture), IClassFixture<NlbDirectorLab>
{
    /// <summary>Every connection passes through the director: killing it cuts them all (its own
    /// test below); the contract's host deaths are of the other hosts.</summary>
    protected override async Task<IReadOnlyList<string>> KillableAsync()
    {
        var director = await DirectorAsync();
        return [.. LabCluster.Nodes.Where(n => n != director)];
    }

    [Fact]
    public async Task SixtyClients_Weights50_50_100_SharesAre25_25_50_SingleAffinityKeepsEachClient_OneHolder()
    {
        LabCluster.RequirePrerequisites();
        await Fixture.AllServingAsync();
        var raw = new List<string?>();
        for (var round = 0; round < 10; round++)
        {
            foreach (var client in Fixture.Clients)
            {
                raw.Add(await Fixture.AskAsync(client, Raw));
            }
        }

        Assert.DoesNotContain(null, raw);
        var shares = LabCluster.Nodes.ToDictionary(n => n, n => raw.Count(a => a == n) * 100.0 / raw.Count);
        foreach (var (host, expected) in new[] { ("alpha", 25.0), ("bravo", 25.0), ("charlie", 50.0) })
        {
            Assert.InRange(shares[host], expected - 10, expected + 10);
        }

        var web = new List<(IPAddress Client, string? Member)>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var client in Fixture.Clients)
            {
                web.Add((client, await Fixture.AskAsync(client, Web)));
            }
        }

        Assert.DoesNotContain(web, a => a.Member is null);
        Assert.All(web.GroupBy(a => a.Client), g => Assert.Single(g.Select(a => a.Member).Distinct()));
        Assert.True(web.Select(a => a.Member).Distinct().Count() > 1, "every client was answered by one member: nothing was spread");
        Assert.Equal([await DirectorAsync()], await HoldersAsync());
    }

    [Fact]
    public async Task DirectorKilledAndCut_AddressAndForwardingMoveToAnotherHost_ClientsAnsweredAgain()
    {
        LabCluster.RequirePrerequisites();
        await Fixture.AllServingAsync();
        var lab = Fixture.Lab;
        var director = await DirectorAsync();
        var (_, pids) = await LabCluster.RunAsync("ip", "netns", "pids", lab.Namespace(director));
        foreach (var pid in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Process.GetProcessById(int.Parse(pid, CultureInfo.InvariantCulture)).Kill();
        }

        Assert.Equal(0, (await LabCluster.CliAsync("lab", "cut", "--lab", lab.Name, director)).ExitCode);
        await LabCluster.EventuallyAsync(async () => await Fixture.AskAsync(Fixture.Clients[0], Raw), m => m != director, "a client to be answered through the new director");
        var next = await LabCluster.EventuallyAsync(DirectorOrNullAsync, d => d != director, "another host to hold the director role");
        foreach (var client in Fixture.Clients.Take(20))
        {
            var answer = await Fixture.AskAsync(client, Raw);
            Assert.NotNull(answer);
            Assert.NotEqual(director, answer);
        }

        Assert.Equal([next], (await HoldersAsync()).Where(h => h != director));

        // The old director's host comes back: its node starts, the address stays where it is.
        Assert.Equal(0, (await LabCluster.CliAsync("lab", "mend", "--lab", lab.Name, director)).ExitCode);
        using var restarted = Restart(director);
        await Fixture.AllServingAsync();
        Assert.Equal([next], await HoldersAsync());
    }

    private async Task<string> DirectorAsync() =>
        await LabCluster.EventuallyAsync(DirectorOrNullAsync, _ => true, "a director");

    private async Task<string?> DirectorOrNullAsync() =>
        (await Fixture.Lab.StatusAsync())?.Roles.SingleOrDefault(r => r.Name == "nlb-director") is { State: "Online", Owner: { } owner } ? owner : null;

    private async Task<IReadOnlyList<string>> HoldersAsync()
    {
        var holders = new List<string>();
        foreach (var host in LabCluster.Nodes)
        {
            if ((await Fixture.Lab.AddressesAsync(host)).Contains(Fixture.Vip.ToString()))
            {
                holders.Add(host);
            }
        }

        return holders;
    }
}
