using System.Text.Json;
using Understudy.Cli.Commands;
using Understudy.Node.Api;
using Understudy.Node.Tests.Harness;

namespace Understudy.Cli.Tests.Scripting;

/// <summary>
/// <c>understudy backup</c> and <c>restore</c> with real node processes: back up, stop every
/// node, wipe every data directory, start afresh, restore: the same roles, and no owner ever gets
/// a fencing token again that one had before.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class BackupRestoreProcessTests
{
    /// <summary>Three nodes starting twice, on a machine that builds beside the tests.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task BackupWipeRestore_SameRoles_TokensAboveEveryTokenBefore()
    {
        await using var cluster = TestCluster.Create(roles: (_, _) => """
            roles:
              - name: svc
                resources:
                  - name: server
                    type: process
                    command: /bin/sleep
                    args: ["3600"]
                    stopTimeout: 2s

            """);
        cluster.StartAll();
        await OnlineAsync(cluster, "svc");
        var roleFile = Path.Combine(cluster.Root, "extra.yaml");
        await File.WriteAllTextAsync(roleFile, """
            name: extra
            resources:
              - name: server
                type: process
                command: /bin/sleep
                args: ["3600"]
                stopTimeout: 2s
            """);
        var add = await CliProcess.RunAsync("role", "add", "-f", roleFile, "--cluster", cluster.FilePath, "--wait");
        Assert.True(add.ExitCode == 0, add.Error);
        // Move svc once so that tokens were spent beyond the first owners'.
        var move = await CliProcess.RunAsync("role", "move", "svc", "-f", cluster.FilePath, "--wait");
        Assert.True(move.ExitCode == 0, move.Error);
        var before = (await cluster.StatusAsync(cluster.Names[0]))!;
        var highest = before.Roles.Max(r => r.FencingToken);

        var backupFile = Path.Combine(cluster.Root, "backup.json");
        var backup = await CliProcess.RunAsync("backup", "-o", backupFile, "-f", cluster.FilePath);
        Assert.True(backup.ExitCode == 0, backup.Error);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(backupFile));

        await cluster.StopAllAsync();
        foreach (var node in cluster.Names)
        {
            Directory.Delete(Path.Combine(cluster.Root, node), recursive: true);
        }

        cluster.StartAll();
        await OnlineAsync(cluster, "svc");
        var fresh = (await cluster.StatusAsync(cluster.Names[0]))!;
        Assert.DoesNotContain(fresh.Roles, r => r.Name == "extra");

        var refused = await CliProcess.RunAsync("restore", backupFile, "-f", cluster.FilePath);
        Assert.Equal(CliExit.Refused, refused.ExitCode);
        Assert.Contains("role stop", refused.Error, StringComparison.Ordinal);

        var stop = await CliProcess.RunAsync("role", "stop", "svc", "-f", cluster.FilePath, "--wait");
        Assert.True(stop.ExitCode == 0, stop.Error);
        var restore = await CliProcess.RunAsync("restore", backupFile, "-f", cluster.FilePath, "--wait", "--timeout", "120s", "--json");
        Assert.True(restore.ExitCode == 0, $"{restore.Out} {restore.Error}");

        var after = (await cluster.StatusAsync(cluster.Names[0]))!;
        Assert.Equal(before.Roles.Select(r => r.Name), after.Roles.Select(r => r.Name));
        Assert.All(after.Roles, r => Assert.True(r.FencingToken > highest, $"{r.Name} has token {r.FencingToken}, not above {highest}"));
    }

    [Fact]
    public async Task Restore_BackupOfAnotherCluster_IsRefusedBeforeSending()
    {
        var file = CliProcess.WriteTemp("x");
        var backup = Path.Combine(Path.GetDirectoryName(file)!, "other.json");
        await File.WriteAllTextAsync(backup, JsonSerializer.Serialize(new
        {
            format = "understudy-backup/1", cluster = "elsewhere", software = "0.1.0", protocol = 1, takenAt = DateTimeOffset.UnixEpoch, database = new { version = 3 },
        }));
        var cluster = CliProcess.WriteTemp("""
            cluster:
              name: here
              key: "a-long-enough-cluster-key"
            nodes:
              - name: a
                address: 127.0.0.1
            """);

        var (code, _, error) = await CliProcess.RunAsync("restore", backup, "-f", cluster, "--node", "http://127.0.0.1:9");

        Assert.Equal(CliExit.Refused, code);
        Assert.Contains("backup of cluster 'elsewhere', not of 'here'", error, StringComparison.Ordinal);
    }

    private static Task<StatusDocument> OnlineAsync(TestCluster cluster, string role) =>
        Eventually.GetAsync(() => cluster.StatusAsync(cluster.Names[0]), s => s.Leader is not null && s.Roles.Any(r => r.Name == role && r.State == "Online"), $"{role} Online", Deadline);
}
