using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Resources;

/// <summary>
/// <c>user:</c> on a process resource: the workload runs as that account (its uid and groups, its
/// home), its guard stays root and still kills it with the lease; and it is refused when that
/// account could read the file holding the cluster key.
/// </summary>
[Collection(ProcessCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class WorkloadUserProcessTests
{
    // Says who it is and whether it can read the cluster file (which holds the inline key), then waits.
    private static string Roles(string block, string root) => $$"""
        roles:
          - name: svc
            restart: { maxRestarts: 0, window: 15m }
            resources:
              - name: server
                type: process
                user: nobody
                command: /bin/sh
                args: ["-c", "echo uid=$(id -u) home=$HOME user=$USER cwd=$(pwd); if cat {{Path.Combine(root, "cluster.yaml")}} >/dev/null 2>&1; then echo key=read; else echo key=denied; fi; exec sleep 600"]

        """;

    private static string ServerLog(TestCluster cluster) => Path.Combine(cluster.Root, "n1", "roles", "svc", "server.log");

    [Fact]
    public async Task UserNobody_WorkloadRunsAsNobody_CannotReadTheKey_GuardStaysRoot()
    {
        Requires.Root("switching a workload to another user");
        await using var cluster = TestCluster.Create(nodes: 1, roles: Roles);
        File.SetUnixFileMode(cluster.FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        cluster.StartAll();
        await cluster.WaitForAsync("n1", s => s.Roles.SingleOrDefault(r => r.Name == "svc") is { State: "Online" }, "svc Online");

        var said = await Eventually.GetAsync(() => Task.FromResult(File.Exists(ServerLog(cluster)) ? File.ReadAllText(ServerLog(cluster)) : null), t => t.Contains("key=", StringComparison.Ordinal), "the workload to say who it is");
        Assert.Contains("uid=65534 home=/nonexistent user=nobody cwd=/", said, StringComparison.Ordinal);
        Assert.Contains("key=denied", said, StringComparison.Ordinal);

        // The workload (sleep) is nobody's; its parent, the guard, is root's.
        var sleep = Assert.Single(Processes(p => p.Args.Length > 1 && p.Args[0] == "sleep" && p.Args[1] == "600" && p.Environment.Contains("UNDERSTUDY_ROLE=svc")));
        Assert.Equal(65534u, Uid(sleep.Pid));
        Assert.Equal(0u, Uid(ParentOf(sleep.Pid)));
    }

    [Fact]
    public async Task UserWhoCouldReadTheKey_Refused_SayingWhyAndHowToFixIt()
    {
        Requires.Root("switching a workload to another user");
        await using var cluster = TestCluster.Create(nodes: 1, roles: Roles);
        File.SetUnixFileMode(cluster.FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        cluster.StartAll();
        await cluster.WaitForUpAsync("n1", "n1");

        const string why = "user nobody may read it as anyone may, so its workload could read the cluster key in ";
        var events = await Eventually.GetAsync(
            async () => (await cluster.EventsAsync("n1")).ToList(),
            e => e.Any(x => x.Role == "svc" && x.Reason.Contains(why, StringComparison.Ordinal)),
            "svc's server refused, saying why");
        var failed = events.First(x => x.Role == "svc" && x.Reason.Contains(why, StringComparison.Ordinal));
        Assert.Contains(why + cluster.FilePath, failed.Reason, StringComparison.Ordinal);
        Assert.Contains("chmod 0600", failed.Reason, StringComparison.Ordinal);
        Assert.Empty(Processes(p => p.Args.Length > 1 && p.Args[0] == "sleep" && p.Environment.Contains("UNDERSTUDY_ROLE=svc") && p.Environment.Contains("UNDERSTUDY_NODE=n1")));
    }

    private sealed record ProcessInfo(int Pid, string[] Args, string[] Environment);

    private static List<ProcessInfo> Processes(Func<ProcessInfo, bool> match)
    {
        var found = new List<ProcessInfo>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var info = new ProcessInfo(pid, File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries), File.ReadAllText(Path.Combine(dir, "environ")).Split('\0', StringSplitOptions.RemoveEmptyEntries));
                if (match(info))
                {
                    found.Add(info);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone, or not ours to read.
            }
        }

        return found;
    }

    private static string StatusLine(int pid, string key) =>
        File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(key + ":", StringComparison.Ordinal))[(key.Length + 1)..].Trim();

    private static uint Uid(int pid) => uint.Parse(StatusLine(pid, "Uid").Split('\t', ' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    private static int ParentOf(int pid) => int.Parse(StatusLine(pid, "PPid"), System.Globalization.CultureInfo.InvariantCulture);
}
