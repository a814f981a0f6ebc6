using System.Diagnostics;

namespace Understudy.Cli.Tests.Lab;

/// <summary>
/// Failover across hosts on the lab (root): the kv role's address moves to another host's eth0
/// with its service, the client reaches it there without doing anything, and the address is
/// fenced like the process: a host cut off from the cluster gives up both when its lease ends,
/// before any other host takes them.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class LabFailoverTests
{
    // The role of examples/hosts.yaml, on this lab's LAN, its data in the test's directory.
    internal const string KvRole = """
        roles:
          - name: kv
            resources:
              - name: ip
                type: address
                address: {lan}.100
                prefixLength: 24
                interface: eth0
              - name: server
                type: process
                dependsOn: [ip]
                command: understudy
                args: [example, kv, --listen, "{lan}.100:8080", --data, kv.json]
                workingDirectory: {dir}/kv-data
                stopTimeout: 2s
              - name: http
                type: probe
                dependsOn: [server]
                http: http://{lan}.100:8080/healthz
                looksAlive: 500ms
                isAlive: 2s
        """;

    [Fact]
    public async Task OwnerKilledAndCut_ClientReachesTheServiceAtTheSameAddressOnAnotherHost()
    {
        await using var lab = LabCluster.Start(KvRole);
        var owner = await OnlineOwnerAsync(lab);
        await PutAsync(lab, "key", "v1");

        var pid = (await lab.StatusAsync())!.Nodes.Single(n => n.Name == owner).Pid!.Value;
        Process.GetProcessById(pid).Kill();
        Assert.Equal(0, (await LabCluster.CliAsync("lab", "cut", "--lab", lab.Name, owner)).ExitCode);

        var answer = await LabCluster.EventuallyAsync(async () => await ClientAsync(lab, $"{Kv(lab)}/kv/key") is { Length: > 0 } a ? a : null, _ => true, "the client to read the key at the role's address");
        Assert.Equal("v1", answer);
        var holders = await HoldersAsync(lab);
        var next = Assert.Single(holders);
        Assert.NotEqual(owner, next);
        await AssertClientPointsAtAsync(lab, next);
    }

    [Fact]
    public async Task OwnerPartitioned_GuardDropsWorkloadAndAddressBeforeAnotherHostTakesThem_OneHolderAfterHeal()
    {
        await using var lab = LabCluster.Start(KvRole);
        var owner = await OnlineOwnerAsync(lab);
        var others = LabCluster.Nodes.Where(n => n != owner).ToArray();

        Assert.Equal(0, (await LabCluster.CliAsync("lab", "partition", "--lab", lab.Name, owner, "/", string.Join(',', others))).ExitCode);

        // Until another host holds the address: look at the others first, then at the old owner,
        // so a sample that finds both found them holding it at the same time.
        var clock = Stopwatch.StartNew();
        string? next = null;
        while (next is null)
        {
            Assert.True(clock.Elapsed < LabCluster.Deadline, "no other host took the role's address");
            foreach (var other in others)
            {
                if ((await lab.AddressesAsync(other)).Contains(Vip(lab)))
                {
                    next = other;
                }
            }

            if (next is not null)
            {
                Assert.DoesNotContain(Vip(lab), await lab.AddressesAsync(owner));
                Assert.False(await RunsKvAsync(lab, owner), $"{owner} still runs the kv service while {next} holds its address");
            }
        }

        Assert.Equal(0, (await LabCluster.CliAsync("lab", "heal", "--lab", lab.Name)).ExitCode);
        await LabCluster.EventuallyAsync(lab.StatusAsync, s => s.Nodes.All(n => n.State == "Up") && s.Roles.Single().State == "Online", "every node Up and kv Online after heal");
        Assert.Equal([next], await HoldersAsync(lab));
        await LabCluster.EventuallyAsync(async () => await ClientAsync(lab, $"{Kv(lab)}/healthz") is { Length: > 0 } a ? a : null, _ => true, "the client to reach kv after heal");
        await AssertClientPointsAtAsync(lab, next);
    }

    internal static string Vip(LabCluster lab) => $"{lab.Lan}.100";

    internal static string Kv(LabCluster lab) => $"http://{Vip(lab)}:8080";

    internal static async Task<string> OnlineOwnerAsync(LabCluster lab)
    {
        var status = await LabCluster.EventuallyAsync(
            lab.StatusAsync,
            s => s.Nodes.All(n => n.State == "Up") && s.Roles.SingleOrDefault() is { State: "Online", Owner: not null },
            "kv Online with every node Up");
        return status.Roles.Single().Owner!;
    }

    // A write through the role's address, tried until the service takes it (a request of 2 s can
    // time out on a busy machine while the service warms up).
    internal static Task PutAsync(LabCluster lab, string key, string value) =>
        LabCluster.EventuallyAsync(
            async () => await ClientAsync(lab, "-X", "PUT", "--data", value, $"{Kv(lab)}/kv/{key}") is { Length: > 0 } a ? a : null,
            a => a.StartsWith("stored", StringComparison.Ordinal),
            $"the kv service to store {key}");

    // The body curl gets from the client namespace, or "" when nothing answered within 2 s.
    internal static async Task<string> ClientAsync(LabCluster lab, params string[] request)
    {
        var (code, output) = await lab.InAsync("client", ["curl", "-s", "-f", "-m", "2", .. request]);
        return code == 0 ? output : "";
    }

    internal static async Task<IReadOnlyList<string>> HoldersAsync(LabCluster lab)
    {
        var holders = new List<string>();
        foreach (var node in LabCluster.Nodes)
        {
            if ((await lab.AddressesAsync(node)).Contains(Vip(lab)))
            {
                holders.Add(node);
            }
        }

        return holders;
    }

    // Whether a process of the host's namespace is the example kv service.
    private static async Task<bool> RunsKvAsync(LabCluster lab, string host)
    {
        var pids = (await LabCluster.RunAsync("ip", "netns", "pids", lab.Namespace(host))).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return pids.Any(pid =>
        {
            try
            {
                var command = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
                return command.Contains("example") && command.Contains("kv");
            }
            catch (IOException)
            {
                return false;
            }
        });
    }

    // The client's neighbour entry for the role's address names the holder's eth0, as the
    // gratuitous ARP of the new owner told it.
    private static async Task AssertClientPointsAtAsync(LabCluster lab, string holder)
    {
        var mac = await lab.MacAsync(holder);
        var neighbour = (await lab.InAsync("client", "ip", "neigh", "show", Vip(lab), "dev", "eth0")).Out;
        Assert.Contains($"lladdr {mac}", neighbour, StringComparison.Ordinal);
    }
}
