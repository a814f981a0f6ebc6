using System.Net;

namespace Understudy.Cli.Tests.Lab;

/// <summary>
/// Distributed mode on the host lab (root): every host receives every frame for the cluster
/// address and each accepts only its own buckets' new connections. The hosts' filter counters
/// prove each connection reached exactly one host's socket, and the answering member is that
/// host's. One lab for the class (<see cref="NlbHostsLab"/>); each test leaves it serving.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class NlbHostsTests(NlbHostsLab fixture) : NlbLabContract(fixture), IClassFixture<NlbHostsLab>
{
    [Fact]
    public async Task SixtyClients_EveryConnectionAnsweredByExactlyOneHost_SingleAffinityKeepsEachClient()
    {
        LabCluster.RequirePrerequisites();
        await Fixture.AllServingAsync();
        var before = await CountersAsync(0);
        var answers = new List<(IPAddress Client, string? Member)>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var client in Fixture.Clients)
            {
                answers.Add((client, await Fixture.AskAsync(client, Web)));
            }
        }

        Assert.DoesNotContain(answers, a => a.Member is null);
        Assert.All(answers.GroupBy(a => a.Client), g => Assert.Single(g.Select(a => a.Member).Distinct()));
        var after = await CountersAsync(0);
        foreach (var host in LabCluster.Nodes)
        {
            Assert.Equal(answers.Count(a => a.Member == host), after[host] - before[host]);
        }
    }

    [Fact]
    public async Task Weights50_50_100_SharesAre25_25_50_EachConnectionOnOneHost()
    {
        LabCluster.RequirePrerequisites();
        await Fixture.AllServingAsync();
        var before = await CountersAsync(1);
        var answers = new List<string?>();
        for (var round = 0; round < 10; round++)
        {
            foreach (var client in Fixture.Clients)
            {
                answers.Add(await Fixture.AskAsync(client, Raw));
            }
        }

        Assert.DoesNotContain(null, answers);
        var after = await CountersAsync(1);
        var shares = LabCluster.Nodes.ToDictionary(n => n, n => answers.Count(a => a == n) * 100.0 / answers.Count);
        foreach (var (host, expected) in new[] { ("alpha", 25.0), ("bravo", 25.0), ("charlie", 50.0) })
        {
            Assert.InRange(shares[host], expected - 10, expected + 10);
            Assert.Equal(answers.Count(a => a == host), after[host] - before[host]);
        }
    }

    [Fact]
    public async Task ClusterAddressHeldByAnotherMachine_HostRefusesToTakeIt_NamingThatMachinesMac()
    {
        LabCluster.RequirePrerequisites();
        await Fixture.AllServingAsync();
        var lab = Fixture.Lab;
        const string host = "charlie";
        var intruder = await lab.MacAsync("client");
        System.Diagnostics.Process.GetProcessById((await lab.StatusAsync())!.Nodes.Single(n => n.Name == host).Pid!.Value).Kill();
        Assert.Equal(0, (await LabCluster.RunAsync("ip", "-n", lab.Namespace("client"), "addr", "add", $"{Fixture.Vip}/32", "dev", "eth0")).ExitCode);
        System.Diagnostics.Process? restarted = null;
        try
        {
            restarted = Restart(host);
            var reason = await LabCluster.EventuallyAsync(
                async () => FilterReason((await lab.InAsync("client", "curl", "-s", "-k", "-m", "2", $"https://{lab.AddressOf(host)}:7400/api/status")).Out),
                _ => true,
                $"{host} to say why it does not take the cluster address");
            Assert.Contains($"nlb.address: {Fixture.Vip} is already in use on the LAN", reason, StringComparison.Ordinal);
            Assert.Contains(intruder, reason, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            // Whatever happened, the lab is left serving for the class's other tests.
            await LabCluster.RunAsync("ip", "-n", lab.Namespace("client"), "addr", "del", $"{Fixture.Vip}/32", "dev", "eth0");
            restarted?.Kill();
            restarted?.WaitForExit();
            using var again = Restart(host);
            await Fixture.AllServingAsync();
        }
    }

    // nlb.filter.reason of a node's status document, or null (no document yet, no NLB view yet, cut short).
    private static string? FilterReason(string json)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            return document.RootElement is { ValueKind: System.Text.Json.JsonValueKind.Object } root
                && root.TryGetProperty("nlb", out var nlb) && nlb.ValueKind == System.Text.Json.JsonValueKind.Object
                && nlb.TryGetProperty("filter", out var filter) && filter.ValueKind == System.Text.Json.JsonValueKind.Object
                && filter.TryGetProperty("reason", out var why) && why.ValueKind == System.Text.Json.JsonValueKind.String
                ? why.GetString()
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private async Task<Dictionary<string, long>> CountersAsync(int rule)
    {
        var counters = new Dictionary<string, long>();
        foreach (var host in LabCluster.Nodes)
        {
            counters[host] = await Fixture.AcceptedAsync(host, rule);
        }

        return counters;
    }
}
